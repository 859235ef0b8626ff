// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - tracepoints: the event table, the callback, and the text the
 * kernel's tracefs prints for each event.
 *
 * An event fires through TRACE(m, name, arg0, arg1, ...) (internal.h),
 * which hands the arguments to trace_emit() when the event is enabled and
 * a callback is set.  trace_emit() stamps them with the machine clock and
 * the current task and passes a struct mc_trace_event to the callback.
 * mc_trace_format() turns such a record into one line of
 * /sys/kernel/tracing/trace, byte for byte: the context prefix of
 * kernel/trace/trace_output.c:trace_print_context(), the event name, and
 * the event's TP_printk() output.  mc_trace_header() is the "# tracer: nop"
 * block of kernel/trace/trace.c.  mc_trace_enable() takes the patterns
 * tracefs' set_event takes.
 *
 * ev->args[] holds the event's fields in TP_STRUCT__entry order, one
 * int64_t each (string fields excepted: the cma area name is ev->str).
 * This table is the contract for every TRACE() call site: pass exactly
 * these fields, in this order.  Types are the kernel's field types; a
 * value is narrowed to its type before printing, as storing it into the
 * kernel's entry would (an "int" field of 0xffffffff prints -1, a "bool"
 * field prints 0 or 1).
 *
 *   ul = unsigned long, u = unsigned int, i = int, b = bool,
 *   zt = enum zone_type, mt = int holding OUR enum migratetype (printed
 *   as migratetype_abi()), cr = int holding enum compact_result,
 *   cp = int holding enum compact_priority, mm = enum migrate_mode,
 *   mr = int holding enum migrate_reason.
 *
 * kmem:mm_page_alloc          pfn ul (-1 = failed), order u, gfp_flags ul,
 *                             migratetype mt
 * kmem:mm_page_free           pfn ul, order u
 * kmem:mm_page_free_batched   pfn ul
 * kmem:mm_page_alloc_zone_locked
 *                             pfn ul (-1 = none), order u, migratetype mt,
 *                             percpu_refill i
 * kmem:mm_page_pcpu_drain     pfn ul, order u, migratetype mt
 * kmem:mm_page_alloc_extfrag  pfn ul, alloc_order i, fallback_order i,
 *                             alloc_migratetype mt, fallback_migratetype mt,
 *                             change_ownership i
 * kmem:mm_alloc_contig_migrate_range_info
 *                             start ul, end ul, nr_migrated ul,
 *                             nr_reclaimed ul, nr_mapped ul, migratetype i
 *                             (the kernel's caller shifts its values by
 *                             one field: see contig.c)
 * compaction:mm_compaction_isolate_migratepages
 * compaction:mm_compaction_isolate_freepages
 * compaction:mm_compaction_fast_isolate_freepages
 *                             start_pfn ul, end_pfn ul, nr_scanned ul,
 *                             nr_taken ul
 * compaction:mm_compaction_migratepages
 *                             nr_migrated ul, nr_failed ul
 * compaction:mm_compaction_begin
 *                             zone_start ul, migrate_pfn ul, free_pfn ul,
 *                             zone_end ul, sync b
 * compaction:mm_compaction_end
 *                             zone_start ul, migrate_pfn ul, free_pfn ul,
 *                             zone_end ul, sync b, status cr
 * compaction:mm_compaction_try_to_compact_pages
 *                             order i, gfp_mask ul, prio cp
 * compaction:mm_compaction_finished
 * compaction:mm_compaction_suitable
 *                             nid i, idx zt, order i, ret cr
 * compaction:mm_compaction_deferred
 * compaction:mm_compaction_defer_compaction
 * compaction:mm_compaction_defer_reset
 *                             nid i, idx zt, order i, considered u,
 *                             defer_shift u, order_failed i
 * compaction:mm_compaction_kcompactd_sleep
 *                             nid i
 * compaction:mm_compaction_wakeup_kcompactd
 * compaction:mm_compaction_kcompactd_wake
 *                             nid i, order i, highest_zoneidx zt
 * migrate:mm_migrate_pages    succeeded ul, failed ul, thp_succeeded ul,
 *                             thp_failed ul, thp_split ul,
 *                             large_folio_split ul, mode mm, reason mr
 * migrate:mm_migrate_pages_start
 *                             mode mm, reason mr
 * oom:compact_retry           order i, priority cp, result cr (*),
 *                             retries i, max_retries i, ret b
 * oom:reclaim_retry_zone      node i, zone_idx i (a zone_type),
 *                             order i, reclaimable ul, available ul,
 *                             min_wmark ul, no_progress_loops i,
 *                             wmark_check b
 * vmscan:mm_vmscan_kswapd_sleep
 *                             nid i
 * vmscan:mm_vmscan_kswapd_wake
 *                             nid i, zid i, order i
 * vmscan:mm_vmscan_wakeup_kswapd
 *                             nid i, zid i, order i, gfp_flags ul
 * vmscan:mm_vmscan_direct_reclaim_begin
 *                             order i, gfp_flags ul
 * vmscan:mm_vmscan_direct_reclaim_end
 *                             nr_reclaimed ul
 * page_isolation:test_pages_isolated
 *                             start_pfn ul, end_pfn ul, fin_pfn ul
 * cma:cma_alloc_start         [str name] count ul, align u
 * cma:cma_alloc_finish        [str name] pfn ul, page ul (**), count ul,
 *                             align u, errorno i
 * cma:cma_alloc_busy_retry    [str name] pfn ul, page ul (**), count ul,
 *                             align u
 * cma:cma_release             [str name] pfn ul, page ul (**), count ul
 *
 * (*)  compact_retry's entry stores compact_result_to_feedback(result);
 *      we keep the enum compact_result the call site has (the kernel's
 *      TP_PROTO argument) and apply the mapping when printing.
 * (**) the kernel stores a struct page pointer; we store the pfn of that
 *      page, or -1 for NULL, and print it as %p prints a pointer.
 * cma events carry the area name in ev->str: call trace_emit() directly
 * with it (TRACE() passes NULL, which prints "(null)" as the kernel does).
 * Missing trailing arguments are 0.
 *
 * Values the kernel prints that no simulator can reproduce:
 *  - "%p" is hashed by the kernel (siphash with a boot-time key).  We print
 *    a fixed 32-bit mix of the pfn in the same form (16 hex digits, zero
 *    padded), so the same page always prints the same value.  A NULL page
 *    prints 0000000000000000 as in the kernel.
 *  - mm_page_alloc_extfrag prints pageblock_order (the machine's), not a
 *    field, and fragmenting = fallback_order < pageblock_order.
 */
#include "mm/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- output buffer with snprintf semantics ------------------------------- */
struct tbuf {
	char *buf;
	size_t len;
	size_t pos;	/* bytes the full text needs, NUL excluded */
};

static void tb_printf(struct tbuf *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tb_printf(struct tbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (t->pos < t->len)
		n = vsnprintf(t->buf + t->pos, t->len - t->pos, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->pos += (size_t)n;
}

static int tb_result(const struct tbuf *t)
{
	return t->pos > INT_MAX ? INT_MAX : (int)t->pos;
}

/* ---- symbol tables (__print_symbolic) ------------------------------------ */
struct sym {
	uint64_t val;	/* the kernel's unsigned long */
	const char *name;
};

/* ZONE_TYPE (mmflags.h): DMA, DMA32, Normal, Movable; no HighMem here. */
static const struct sym zone_type_syms[] = {
	{ ZONE_DMA, "DMA" },
	{ ZONE_DMA32, "DMA32" },
	{ ZONE_NORMAL, "Normal" },
	{ ZONE_MOVABLE, "Movable" },
	{ 0, NULL }
};

/* COMPACTION_STATUS (mmflags.h), in the kernel's table order. */
static const struct sym compaction_status_syms[] = {
	{ COMPACT_SKIPPED, "skipped" },
	{ COMPACT_DEFERRED, "deferred" },
	{ COMPACT_CONTINUE, "continue" },
	{ COMPACT_SUCCESS, "success" },
	{ COMPACT_PARTIAL_SKIPPED, "partial_skipped" },
	{ COMPACT_COMPLETE, "complete" },
	{ COMPACT_NO_SUITABLE_PAGE, "no_suitable_page" },
	{ COMPACT_NOT_SUITABLE_ZONE, "not_suitable_zone" },
	{ COMPACT_CONTENDED, "contended" },
	{ 0, NULL }
};

/* COMPACTION_FEEDBACK and compact_result_to_feedback() (mmflags.h). */
#define COMPACTION_FAILED	1
#define COMPACTION_WITHDRAWN	2
#define COMPACTION_PROGRESS	3

static const struct sym compaction_feedback_syms[] = {
	{ COMPACTION_FAILED, "failed" },
	{ COMPACTION_WITHDRAWN, "withdrawn" },
	{ COMPACTION_PROGRESS, "progress" },
	{ 0, NULL }
};

static int compact_result_to_feedback(int result)
{
	if (result == COMPACT_COMPLETE)
		return COMPACTION_FAILED;
	if (result == COMPACT_SUCCESS)
		return COMPACTION_PROGRESS;
	return COMPACTION_WITHDRAWN;
}

/* COMPACTION_PRIORITY (mmflags.h). */
static const struct sym compaction_priority_syms[] = {
	{ COMPACT_PRIO_SYNC_FULL, "COMPACT_PRIO_SYNC_FULL" },
	{ COMPACT_PRIO_SYNC_LIGHT, "COMPACT_PRIO_SYNC_LIGHT" },
	{ COMPACT_PRIO_ASYNC, "COMPACT_PRIO_ASYNC" },
	{ 0, NULL }
};

/* MIGRATE_MODE and MIGRATE_REASON (include/trace/events/migrate.h). */
static const struct sym migrate_mode_syms[] = {
	{ MIGRATE_ASYNC, "MIGRATE_ASYNC" },
	{ MIGRATE_SYNC_LIGHT, "MIGRATE_SYNC_LIGHT" },
	{ MIGRATE_SYNC, "MIGRATE_SYNC" },
	{ 0, NULL }
};

static const struct sym migrate_reason_syms[] = {
	{ MR_COMPACTION, "compaction" },
	{ MR_MEMORY_FAILURE, "memory_failure" },
	{ MR_MEMORY_HOTPLUG, "memory_hotplug" },
	{ MR_SYSCALL, "syscall_or_cpuset" },
	{ MR_MEMPOLICY_MBIND, "mempolicy_mbind" },
	{ MR_NUMA_MISPLACED, "numa_misplaced" },
	{ MR_CONTIG_RANGE, "contig_range" },
	{ MR_LONGTERM_PIN, "longterm_pin" },
	{ MR_DEMOTION, "demotion" },
	{ MR_DAMON, "damon" },
	{ 0, NULL }
};

/*
 * trace_print_symbols_seq(): the first entry equal to @val, else "0x%lx".
 * The value arrives as unsigned long, so an int field of -1 prints as
 * 0xffffffffffffffff and an enum field (unsigned) as 0xffffffff.
 */
static const char *symbolic(char *tmp, size_t len, uint64_t val,
			    const struct sym *tab)
{
	for (; tab->name; tab++)
		if (tab->val == val)
			return tab->name;
	snprintf(tmp, len, "0x%" PRIx64, val);
	return tmp;
}

/* ---- the event table ----------------------------------------------------- */
enum tf_type {
	TF_ULONG,	/* unsigned long: all 64 bits */
	TF_UINT,	/* unsigned int and enums with no negative values */
	TF_INT,
	TF_BOOL,
};

/* One event's fields as narrowed values; sign follows the field type. */
struct tvals {
	uint64_t u[MC_TRACE_MAX_ARGS];
	int64_t i[MC_TRACE_MAX_ARGS];
};

struct tctx {
	const struct mc_machine *m;
	const struct mc_trace_event *ev;
	struct tvals v;
	char sym[3][24];	/* scratch for symbolic "0x%lx" fallbacks */
};

typedef void (*tprint_fn)(struct tbuf *t, struct tctx *c);

struct tevent {
	const char *system;
	const char *name;
	int nr_fields;
	const char *field[MC_TRACE_MAX_ARGS];
	unsigned char type[MC_TRACE_MAX_ARGS];
	tprint_fn print;
};

#define U(c, n) ((c)->v.u[n])
#define I(c, n) ((c)->v.i[n])
#define D(c, n) ((int)(c)->v.i[n])		/* an int or uint for "%d" */
#define UI(c, n) ((unsigned int)(c)->v.u[n])	/* for "%u" */

/*
 * "%p" of a struct page: the kernel prints a 32-bit siphash of the pointer
 * (lib/vsprintf.c:ptr_to_id) as 16 zero-padded hex digits.  We mix the pfn
 * with the splitmix64 finalizer and keep the high 32 bits.  A page never
 * hashes to 0, so that 0000000000000000 keeps meaning NULL.
 */
static uint32_t page_ptr_hash(uint64_t pfn)
{
	uint64_t z = pfn + 0x9e3779b97f4a7c15ull;
	uint32_t h;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	h = (uint32_t)(z >> 32);
	return h ? h : 1;
}

static void print_page_ptr(struct tbuf *t, uint64_t pfn, bool null)
{
	tb_printf(t, "%016" PRIx64, null ? (uint64_t)0 :
		  (uint64_t)page_ptr_hash(pfn));
}

static int mt_abi(const struct mc_machine *m, int64_t mt)
{
	if (m)
		return migratetype_abi(m, (int)mt);
	/* No machine: the Debian configuration, without CMA. */
	return mt == MIGRATE_ISOLATE ? MIGRATE_CMA : (int)mt;
}

static int pageblock_order_of(const struct mc_machine *m)
{
	return m ? (int)m->pageblock_order : 9;
}

static void print_gfp(struct tbuf *t, uint64_t gfp)
{
	char s[1024];

	/* gfp_t is 32 bits wide: the kernel's field never has more. */
	mc_gfp_format((uint32_t)gfp, s, sizeof(s));
	tb_printf(t, "%s", s);
}

static const char *zone_sym(struct tctx *c, int slot, uint64_t v)
{
	return symbolic(c->sym[slot], sizeof(c->sym[slot]), v, zone_type_syms);
}

/* -- kmem -- */
static void p_mm_page_alloc(struct tbuf *t, struct tctx *c)
{
	bool none = U(c, 0) == UINT64_MAX;

	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), none);
	tb_printf(t, " pfn=0x%" PRIx64 " order=%d migratetype=%d gfp_flags=",
		  none ? (uint64_t)0 : U(c, 0), D(c, 1), mt_abi(c->m, I(c, 3)));
	print_gfp(t, U(c, 2));
}

static void p_mm_page_free(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), false);
	tb_printf(t, " pfn=0x%" PRIx64 " order=%d", U(c, 0), D(c, 1));
}

static void p_mm_page_free_batched(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), false);
	tb_printf(t, " pfn=0x%" PRIx64 " order=0", U(c, 0));
}

/* DECLARE_EVENT_CLASS(mm_page) */
static void p_mm_page(struct tbuf *t, struct tctx *c)
{
	bool none = U(c, 0) == UINT64_MAX;

	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), none);
	tb_printf(t, " pfn=0x%" PRIx64 " order=%u migratetype=%d "
		  "percpu_refill=%d", none ? (uint64_t)0 : U(c, 0), UI(c, 1),
		  mt_abi(c->m, I(c, 2)), D(c, 3));
}

static void p_mm_page_pcpu_drain(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), false);
	tb_printf(t, " pfn=0x%" PRIx64 " order=%d migratetype=%d", U(c, 0),
		  D(c, 1), mt_abi(c->m, I(c, 2)));
}

static void p_mm_page_alloc_extfrag(struct tbuf *t, struct tctx *c)
{
	int pb = pageblock_order_of(c->m);

	tb_printf(t, "page=");
	print_page_ptr(t, U(c, 0), false);
	tb_printf(t, " pfn=0x%" PRIx64 " alloc_order=%d fallback_order=%d "
		  "pageblock_order=%d alloc_migratetype=%d "
		  "fallback_migratetype=%d fragmenting=%d change_ownership=%d",
		  U(c, 0), D(c, 1), D(c, 2), pb, mt_abi(c->m, I(c, 3)),
		  mt_abi(c->m, I(c, 4)), D(c, 2) < pb, D(c, 5));
}

/*
 * The one caller (contig.c) records what 6.12.117 records: its call passes
 * the migratetype as nr_migrated and total_mapped as migratetype, so the
 * migratetype field is printed as the plain int it holds.
 */
static void p_mm_alloc_contig_migrate_range_info(struct tbuf *t,
						 struct tctx *c)
{
	tb_printf(t, "start=0x%" PRIx64 " end=0x%" PRIx64 " migratetype=%d "
		  "nr_migrated=%" PRIu64 " nr_reclaimed=%" PRIu64
		  " nr_mapped=%" PRIu64, U(c, 0), U(c, 1),
		  D(c, 5), U(c, 2), U(c, 3), U(c, 4));
}

/* -- compaction -- */
static void p_isolate_template(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "range=(0x%" PRIx64 " ~ 0x%" PRIx64 ") nr_scanned=%"
		  PRIu64 " nr_taken=%" PRIu64, U(c, 0), U(c, 1), U(c, 2),
		  U(c, 3));
}

static void p_mm_compaction_migratepages(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nr_migrated=%" PRIu64 " nr_failed=%" PRIu64, U(c, 0),
		  U(c, 1));
}

static void print_compaction_range(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "zone_start=0x%" PRIx64 " migrate_pfn=0x%" PRIx64
		  " free_pfn=0x%" PRIx64 " zone_end=0x%" PRIx64 ", mode=%s",
		  U(c, 0), U(c, 1), U(c, 2), U(c, 3),
		  U(c, 4) ? "sync" : "async");
}

static void p_mm_compaction_begin(struct tbuf *t, struct tctx *c)
{
	print_compaction_range(t, c);
}

static void p_mm_compaction_end(struct tbuf *t, struct tctx *c)
{
	print_compaction_range(t, c);
	tb_printf(t, " status=%s", symbolic(c->sym[0], sizeof(c->sym[0]),
					    U(c, 5), compaction_status_syms));
}

static void p_mm_compaction_try_to_compact_pages(struct tbuf *t,
						 struct tctx *c)
{
	tb_printf(t, "order=%d gfp_mask=", D(c, 0));
	print_gfp(t, U(c, 1));
	tb_printf(t, " priority=%d", D(c, 2));
}

static void p_suitable_template(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "node=%d zone=%-8s order=%d ret=%s", D(c, 0),
		  zone_sym(c, 0, U(c, 1)), D(c, 2),
		  symbolic(c->sym[1], sizeof(c->sym[1]), U(c, 3),
			   compaction_status_syms));
}

static void p_defer_template(struct tbuf *t, struct tctx *c)
{
	/* 1UL << defer_shift; x86's shl takes the count modulo 64. */
	tb_printf(t, "node=%d zone=%-8s order=%d order_failed=%d consider=%u "
		  "limit=%" PRIu64, D(c, 0), zone_sym(c, 0, U(c, 1)), D(c, 2),
		  D(c, 5), UI(c, 3), (uint64_t)1 << (U(c, 4) & 63));
}

static void p_nid(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nid=%d", D(c, 0));
}

static void p_kcompactd_wake_template(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nid=%d order=%d classzone_idx=%-8s", D(c, 0), D(c, 1),
		  zone_sym(c, 0, U(c, 2)));
}

/* -- migrate -- */
static const char *mode_sym(struct tctx *c, int slot, uint64_t v)
{
	return symbolic(c->sym[slot], sizeof(c->sym[slot]), v,
			migrate_mode_syms);
}

static const char *reason_sym(struct tctx *c, int slot, uint64_t v)
{
	return symbolic(c->sym[slot], sizeof(c->sym[slot]), v,
			migrate_reason_syms);
}

static void p_mm_migrate_pages(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nr_succeeded=%" PRIu64 " nr_failed=%" PRIu64
		  " nr_thp_succeeded=%" PRIu64 " nr_thp_failed=%" PRIu64
		  " nr_thp_split=%" PRIu64 " nr_split=%" PRIu64
		  " mode=%s reason=%s", U(c, 0), U(c, 1), U(c, 2), U(c, 3),
		  U(c, 4), U(c, 5), mode_sym(c, 0, U(c, 6)),
		  reason_sym(c, 1, U(c, 7)));
}

static void p_mm_migrate_pages_start(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "mode=%s reason=%s", mode_sym(c, 0, U(c, 0)),
		  reason_sym(c, 1, U(c, 1)));
}

/* -- oom -- */
static void p_compact_retry(struct tbuf *t, struct tctx *c)
{
	int fb = compact_result_to_feedback(D(c, 2));

	tb_printf(t, "order=%d priority=%s compaction_result=%s retries=%d "
		  "max_retries=%d should_retry=%d", D(c, 0),
		  symbolic(c->sym[0], sizeof(c->sym[0]), U(c, 1),
			   compaction_priority_syms),
		  symbolic(c->sym[1], sizeof(c->sym[1]), (uint64_t)fb,
			   compaction_feedback_syms),
		  D(c, 3), D(c, 4), D(c, 5));
}

static void p_reclaim_retry_zone(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "node=%d zone=%-8s order=%d reclaimable=%" PRIu64
		  " available=%" PRIu64 " min_wmark=%" PRIu64
		  " no_progress_loops=%d wmark_check=%d", D(c, 0),
		  zone_sym(c, 0, U(c, 1)), D(c, 2), U(c, 3), U(c, 4), U(c, 5),
		  D(c, 6), D(c, 7));
}

/* -- vmscan -- */
static void p_mm_vmscan_kswapd_wake(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nid=%d order=%d", D(c, 0), D(c, 2));
}

static void p_mm_vmscan_wakeup_kswapd(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nid=%d order=%d gfp_flags=", D(c, 0), D(c, 2));
	print_gfp(t, U(c, 3));
}

static void p_mm_vmscan_direct_reclaim_begin(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "order=%d gfp_flags=", D(c, 0));
	print_gfp(t, U(c, 1));
}

static void p_mm_vmscan_direct_reclaim_end(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "nr_reclaimed=%" PRIu64, U(c, 0));
}

/* -- page_isolation -- */
static void p_test_pages_isolated(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "start_pfn=0x%" PRIx64 " end_pfn=0x%" PRIx64
		  " fin_pfn=0x%" PRIx64 " ret=%s", U(c, 0), U(c, 1), U(c, 2),
		  U(c, 1) <= U(c, 2) ? "success" : "fail");
}

/* -- cma -- */
static const char *cma_name(struct tctx *c)
{
	return c->ev->str ? c->ev->str : "(null)";
}

static void print_cma_pfn_page(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "name=%s pfn=0x%" PRIx64 " page=", cma_name(c), U(c, 0));
	print_page_ptr(t, U(c, 1), U(c, 1) == UINT64_MAX);
	tb_printf(t, " count=%" PRIu64, U(c, 2));
}

static void p_cma_alloc_start(struct tbuf *t, struct tctx *c)
{
	tb_printf(t, "name=%s count=%" PRIu64 " align=%u", cma_name(c),
		  U(c, 0), UI(c, 1));
}

static void p_cma_alloc_finish(struct tbuf *t, struct tctx *c)
{
	print_cma_pfn_page(t, c);
	tb_printf(t, " align=%u errorno=%d", UI(c, 3), D(c, 4));
}

static void p_cma_alloc_busy_retry(struct tbuf *t, struct tctx *c)
{
	print_cma_pfn_page(t, c);
	tb_printf(t, " align=%u", UI(c, 3));
}

static void p_cma_release(struct tbuf *t, struct tctx *c)
{
	print_cma_pfn_page(t, c);
}

#define UL TF_ULONG
#define UN TF_UINT
#define IN TF_INT
#define BO TF_BOOL

#define EV(sys, nm, fn, n, ...)						\
	[MC_TRACE_##nm] = { #sys, #nm, n, __VA_ARGS__, fn }
#define F(...) { __VA_ARGS__ }

static const struct tevent tevents[MC_TRACE_NR_EVENTS] = {
	EV(kmem, mm_page_alloc, p_mm_page_alloc, 4,
	   F("pfn", "order", "gfp_flags", "migratetype"),
	   F(UL, UN, UL, IN)),
	EV(kmem, mm_page_free, p_mm_page_free, 2,
	   F("pfn", "order"), F(UL, UN)),
	EV(kmem, mm_page_free_batched, p_mm_page_free_batched, 1,
	   F("pfn"), F(UL)),
	EV(kmem, mm_page_alloc_zone_locked, p_mm_page, 4,
	   F("pfn", "order", "migratetype", "percpu_refill"),
	   F(UL, UN, IN, IN)),
	EV(kmem, mm_page_pcpu_drain, p_mm_page_pcpu_drain, 3,
	   F("pfn", "order", "migratetype"), F(UL, UN, IN)),
	EV(kmem, mm_page_alloc_extfrag, p_mm_page_alloc_extfrag, 6,
	   F("pfn", "alloc_order", "fallback_order", "alloc_migratetype",
	     "fallback_migratetype", "change_ownership"),
	   F(UL, IN, IN, IN, IN, IN)),
	EV(kmem, mm_alloc_contig_migrate_range_info,
	   p_mm_alloc_contig_migrate_range_info, 6,
	   F("start", "end", "nr_migrated", "nr_reclaimed", "nr_mapped",
	     "migratetype"),
	   F(UL, UL, UL, UL, UL, IN)),
	EV(compaction, mm_compaction_isolate_migratepages, p_isolate_template,
	   4, F("start_pfn", "end_pfn", "nr_scanned", "nr_taken"),
	   F(UL, UL, UL, UL)),
	EV(compaction, mm_compaction_isolate_freepages, p_isolate_template, 4,
	   F("start_pfn", "end_pfn", "nr_scanned", "nr_taken"),
	   F(UL, UL, UL, UL)),
	EV(compaction, mm_compaction_fast_isolate_freepages,
	   p_isolate_template, 4,
	   F("start_pfn", "end_pfn", "nr_scanned", "nr_taken"),
	   F(UL, UL, UL, UL)),
	EV(compaction, mm_compaction_migratepages,
	   p_mm_compaction_migratepages, 2,
	   F("nr_migrated", "nr_failed"), F(UL, UL)),
	EV(compaction, mm_compaction_begin, p_mm_compaction_begin, 5,
	   F("zone_start", "migrate_pfn", "free_pfn", "zone_end", "sync"),
	   F(UL, UL, UL, UL, BO)),
	EV(compaction, mm_compaction_end, p_mm_compaction_end, 6,
	   F("zone_start", "migrate_pfn", "free_pfn", "zone_end", "sync",
	     "status"),
	   F(UL, UL, UL, UL, BO, IN)),
	EV(compaction, mm_compaction_try_to_compact_pages,
	   p_mm_compaction_try_to_compact_pages, 3,
	   F("order", "gfp_mask", "prio"), F(IN, UL, IN)),
	EV(compaction, mm_compaction_finished, p_suitable_template, 4,
	   F("nid", "idx", "order", "ret"), F(IN, UN, IN, IN)),
	EV(compaction, mm_compaction_suitable, p_suitable_template, 4,
	   F("nid", "idx", "order", "ret"), F(IN, UN, IN, IN)),
	EV(compaction, mm_compaction_deferred, p_defer_template, 6,
	   F("nid", "idx", "order", "considered", "defer_shift",
	     "order_failed"),
	   F(IN, UN, IN, UN, UN, IN)),
	EV(compaction, mm_compaction_defer_compaction, p_defer_template, 6,
	   F("nid", "idx", "order", "considered", "defer_shift",
	     "order_failed"),
	   F(IN, UN, IN, UN, UN, IN)),
	EV(compaction, mm_compaction_defer_reset, p_defer_template, 6,
	   F("nid", "idx", "order", "considered", "defer_shift",
	     "order_failed"),
	   F(IN, UN, IN, UN, UN, IN)),
	EV(compaction, mm_compaction_kcompactd_sleep, p_nid, 1,
	   F("nid"), F(IN)),
	EV(compaction, mm_compaction_wakeup_kcompactd,
	   p_kcompactd_wake_template, 3,
	   F("nid", "order", "highest_zoneidx"), F(IN, IN, UN)),
	EV(compaction, mm_compaction_kcompactd_wake,
	   p_kcompactd_wake_template, 3,
	   F("nid", "order", "highest_zoneidx"), F(IN, IN, UN)),
	EV(migrate, mm_migrate_pages, p_mm_migrate_pages, 8,
	   F("succeeded", "failed", "thp_succeeded", "thp_failed",
	     "thp_split", "large_folio_split", "mode", "reason"),
	   F(UL, UL, UL, UL, UL, UL, UN, IN)),
	EV(migrate, mm_migrate_pages_start, p_mm_migrate_pages_start, 2,
	   F("mode", "reason"), F(UN, IN)),
	EV(oom, compact_retry, p_compact_retry, 6,
	   F("order", "priority", "result", "retries", "max_retries",
	     "ret"),
	   F(IN, IN, IN, IN, IN, BO)),
	EV(oom, reclaim_retry_zone, p_reclaim_retry_zone, 8,
	   F("node", "zone_idx", "order", "reclaimable", "available",
	     "min_wmark", "no_progress_loops", "wmark_check"),
	   F(IN, IN, IN, UL, UL, UL, IN, BO)),
	EV(vmscan, mm_vmscan_kswapd_sleep, p_nid, 1, F("nid"), F(IN)),
	EV(vmscan, mm_vmscan_kswapd_wake, p_mm_vmscan_kswapd_wake, 3,
	   F("nid", "zid", "order"), F(IN, IN, IN)),
	EV(vmscan, mm_vmscan_wakeup_kswapd, p_mm_vmscan_wakeup_kswapd, 4,
	   F("nid", "zid", "order", "gfp_flags"), F(IN, IN, IN, UL)),
	EV(vmscan, mm_vmscan_direct_reclaim_begin,
	   p_mm_vmscan_direct_reclaim_begin, 2,
	   F("order", "gfp_flags"), F(IN, UL)),
	EV(vmscan, mm_vmscan_direct_reclaim_end,
	   p_mm_vmscan_direct_reclaim_end, 1, F("nr_reclaimed"), F(UL)),
	EV(page_isolation, test_pages_isolated, p_test_pages_isolated, 3,
	   F("start_pfn", "end_pfn", "fin_pfn"), F(UL, UL, UL)),
	EV(cma, cma_alloc_start, p_cma_alloc_start, 2,
	   F("count", "align"), F(UL, UN)),
	EV(cma, cma_alloc_finish, p_cma_alloc_finish, 5,
	   F("pfn", "page", "count", "align", "errorno"),
	   F(UL, UL, UL, UN, IN)),
	EV(cma, cma_alloc_busy_retry, p_cma_alloc_busy_retry, 4,
	   F("pfn", "page", "count", "align"), F(UL, UL, UL, UN)),
	EV(cma, cma_release, p_cma_release, 3,
	   F("pfn", "page", "count"), F(UL, UL, UL)),
};

#undef EV
#undef F
#undef UL
#undef UN
#undef IN
#undef BO

/* The table above must name each event as MC_TRACE_EVENTS does. */
static const char *const event_names[MC_TRACE_NR_EVENTS] = {
#define MC_TRACE_NAME_(sys, name) [MC_TRACE_##name] = #name,
	MC_TRACE_EVENTS(MC_TRACE_NAME_)
#undef MC_TRACE_NAME_
};

static const char *const event_systems[MC_TRACE_NR_EVENTS] = {
#define MC_TRACE_SYS_(sys, name) [MC_TRACE_##name] = #sys,
	MC_TRACE_EVENTS(MC_TRACE_SYS_)
#undef MC_TRACE_SYS_
};

static bool valid_id(enum mc_trace_id id)
{
	return (unsigned int)id < MC_TRACE_NR_EVENTS;
}

const char *mc_trace_event_name(enum mc_trace_id id)
{
	return valid_id(id) ? event_names[id] : NULL;
}

const char *mc_trace_event_system(enum mc_trace_id id)
{
	return valid_id(id) ? event_systems[id] : NULL;
}

/* Narrow each argument to its field's type, as the entry would store it. */
static void narrow(const struct tevent *e, const int64_t *args,
		   struct tvals *v)
{
	int k;

	for (k = 0; k < MC_TRACE_MAX_ARGS; k++) {
		int64_t a = k < e->nr_fields ? args[k] : 0;

		switch (k < e->nr_fields ? e->type[k] : TF_ULONG) {
		case TF_ULONG:
			v->u[k] = (uint64_t)a;
			v->i[k] = a;
			break;
		case TF_UINT:
			v->u[k] = (uint32_t)a;
			v->i[k] = (int32_t)(uint32_t)a;
			break;
		case TF_INT:
			v->i[k] = (int32_t)(uint32_t)a;
			v->u[k] = (uint64_t)v->i[k];
			break;
		case TF_BOOL:
			v->u[k] = a != 0;
			v->i[k] = a != 0;
			break;
		}
	}
}

/* ---- emitting ------------------------------------------------------------ */
void trace_emit(struct mc_machine *m, enum mc_trace_id id, int nargs,
		const int64_t *args, const char *str)
{
	struct mc_trace_event ev;
	int k;

	if (!m || !valid_id(id) || !trace_enabled(m, id))
		return;
	memset(&ev, 0, sizeof(ev));
	ev.id = id;
	ev.ts_ns = m->clock_ns;
	if (current) {
		ev.cpu = current->cpu;
		ev.pid = current->pid;
		memcpy(ev.comm, current->comm, sizeof(ev.comm));
		ev.comm[sizeof(ev.comm) - 1] = '\0';
	} else {
		strcpy(ev.comm, "<idle>");
	}
	if (nargs > MC_TRACE_MAX_ARGS)
		nargs = MC_TRACE_MAX_ARGS;
	for (k = 0; args && k < nargs; k++)
		ev.args[k] = args[k];
	ev.str = str;
	__atomic_fetch_add(&m->trace_entries, 1, __ATOMIC_RELAXED);
	m->trace_fn(m->trace_ctx, &ev);
}

void unlocked_mc_trace_set_callback(struct mc_machine *m, mc_trace_fn fn, void *ctx)
{
	if (!m)
		return;
	m->trace_fn = fn;
	m->trace_ctx = ctx;
}

/*
 * mc_trace_enable() - set_event semantics (kernel/trace/trace_events.c:
 * ftrace_set_clr_event): "system:event"; "system:*" and "system:" for a
 * whole system; "*:event" and ":event" for an event of any system; a name
 * without a colon matches an event or a system of that name.  "*" and
 * "*:*" select everything (the kernel needs the colon form; we take both).
 * Returns how many events matched (their state is now @on), -ENOENT when
 * none did, -EINVAL for a missing or empty pattern.
 */
int unlocked_mc_trace_enable(struct mc_machine *m, const char *pattern, bool on)
{
	const char *match = NULL, *sub = NULL, *event = NULL;
	char tmp[128];
	char *colon, *s, *e;
	int id, n = 0;

	if (!m || !pattern)
		return -EINVAL;
	while (*pattern == ' ' || *pattern == '\t' || *pattern == '\n')
		pattern++;
	if (strlen(pattern) >= sizeof(tmp))
		return -ENOENT;		/* longer than any event name */
	strcpy(tmp, pattern);
	s = tmp;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	if (!*s)
		return -EINVAL;

	colon = strchr(s, ':');
	if (colon) {
		*colon = '\0';
		sub = s;
		event = colon + 1;
		if (!*sub || !strcmp(sub, "*"))
			sub = NULL;
		if (!*event || !strcmp(event, "*"))
			event = NULL;
	} else if (strcmp(s, "*")) {
		match = s;
	}

	for (id = 0; id < MC_TRACE_NR_EVENTS; id++) {
		const char *name = event_names[id];
		const char *sys = event_systems[id];

		if (match && strcmp(match, name) && strcmp(match, sys))
			continue;
		if (sub && strcmp(sub, sys))
			continue;
		if (event && strcmp(event, name))
			continue;
		if (on)
			m->trace_enabled[id / 64] |= 1ull << (id % 64);
		else
			m->trace_enabled[id / 64] &= ~(1ull << (id % 64));
		n++;
	}
	return n ? n : -ENOENT;
}

/* ---- text ---------------------------------------------------------------- */
/*
 * The context prefix.
 *
 * ftrace (trace_print_context() with the default options: irq-info on,
 * record-tgid off, clock in nanoseconds):
 *	"%16s-%-7d [%03d] " comm, pid, cpu
 *	"....."            the five flag columns (trace_print_lat_fmt()); we
 *	                   always run in task context with nothing disabled
 *	" %5lu.%06lu: "    ns2usecs(ts): microseconds, rounded to nearest
 * With irq-info off the flag columns go and nothing else changes, so
 * "[%03d] " is followed directly by " %5lu.%06lu".  pid 0 prints as
 * "<idle>" and an unknown comm as "<...>" (trace_find_cmdline()).
 *
 * perf script (tools/perf/builtin-script.c, perf_sample__fprintf_start()
 * with the default fields for tracepoints, comm,tid,cpu,time,event,trace):
 *	"%16s "     comm
 *	"%7d "      tid
 *	"[%03d] "   cpu
 *	"%12s: "    "%lu.%06lu", microseconds truncated, not rounded
 *	"%*s: "     "system:event"; perf pads to the longest event name
 *	            recorded, which a single line cannot know: we use no pad,
 *	            as a recording of that one event would
 * followed by the TP_printk text.  perf names pid 0 "swapper" and a thread
 * with no comm ":<tid>".
 */
static void print_prefix(struct tbuf *t, const struct mc_trace_event *ev,
			 unsigned int opts)
{
	char comm[sizeof(ev->comm) + 1];
	uint64_t us;

	memcpy(comm, ev->comm, sizeof(ev->comm));
	comm[sizeof(ev->comm)] = '\0';

	if (opts & MC_TRACE_FMT_PERF) {
		char ts[48];

		if (ev->pid == 0)
			strcpy(comm, "swapper");
		else if (!comm[0])
			snprintf(comm, sizeof(comm), ":%d", ev->pid);
		snprintf(ts, sizeof(ts), "%" PRIu64 ".%06" PRIu64,
			 ev->ts_ns / 1000000000u,
			 (ev->ts_ns % 1000000000u) / 1000u);
		tb_printf(t, "%16s %7d [%03d] %12s: %s:%s: ", comm, ev->pid,
			  ev->cpu, ts, event_systems[ev->id],
			  event_names[ev->id]);
		return;
	}

	if (ev->pid == 0)
		strcpy(comm, "<idle>");
	else if (!comm[0])
		strcpy(comm, "<...>");
	tb_printf(t, "%16s-%-7d [%03d] ", comm, ev->pid, ev->cpu);
	if (!(opts & MC_TRACE_FMT_NO_IRQ_INFO))
		tb_printf(t, ".....");
	/* ns2usecs(): (ns + 500) / 1000, then seconds and remainder. */
	us = ev->ts_ns / 1000u + (ev->ts_ns % 1000u >= 500u);
	tb_printf(t, " %5" PRIu64 ".%06" PRIu64 ": %s: ", us / 1000000u,
		  us % 1000000u, event_names[ev->id]);
}

/**
 * mc_trace_format() - render @ev as one trace line, "\n" included.
 * @m: the machine the event came from, for pageblock_order and the
 *	migratetype numbering; NULL means pageblock_order 9 without CMA.
 * @opts: MC_TRACE_FMT_NO_IRQ_INFO, MC_TRACE_FMT_PERF (which wins).
 *
 * Returns the length of the whole line as snprintf() does: when @len is too
 * small what fits is written and NUL-terminated.  -EINVAL for a bad event.
 */
int unlocked_mc_trace_format(const struct mc_machine *m,
		    const struct mc_trace_event *ev, unsigned opts, char *buf,
		    size_t len)
{
	struct tbuf t = { .buf = buf, .len = buf ? len : 0 };
	const struct tevent *e;
	struct tctx c;

	if (!ev || !valid_id(ev->id))
		return -EINVAL;
	e = &tevents[ev->id];
	if (!e->print)
		return -EINVAL;
	if (t.len)
		buf[0] = '\0';
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.ev = ev;
	narrow(e, ev->args, &c.v);

	print_prefix(&t, ev, opts);
	e->print(&t, &c);
	tb_printf(&t, "\n");
	return tb_result(&t);
}

/* print_func_help_header_irq() and print_func_help_header(), no tgid. */
static const char help_header_irq[] =
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

static const char help_header[] =
	"#           TASK-PID     CPU#     TIMESTAMP  FUNCTION\n"
	"#              | |         |         |         |\n";

/*
 * mc_trace_header() - what kernel/trace/trace.c:s_show() prints before the
 * first event for the nop tracer: "# tracer: nop", then print_event_info()
 * and print_func_help_header_irq() (irq-info on) or
 * print_func_help_header() (off), both with record-tgid off.  perf script
 * prints no header: with MC_TRACE_FMT_PERF the result is empty.
 */
int unlocked_mc_trace_header(const struct mc_machine *m, uint64_t entries,
		    unsigned opts, char *buf, size_t len)
{
	struct tbuf t = { .buf = buf, .len = buf ? len : 0 };

	if (!m)
		return -EINVAL;
	if (t.len)
		buf[0] = '\0';
	if (opts & MC_TRACE_FMT_PERF)
		return 0;

	tb_printf(&t, "# tracer: nop\n#\n");
	tb_printf(&t, "# entries-in-buffer/entries-written: %" PRIu64 "/%"
		  PRIu64 "   #P:%d\n#\n", entries, entries, m->nr_cpu_ids);
	tb_printf(&t, "%s", opts & MC_TRACE_FMT_NO_IRQ_INFO ? help_header :
		  help_header_irq);
	return tb_result(&t);
}
