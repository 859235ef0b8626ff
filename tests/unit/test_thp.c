// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_thp.c - transparent huge pages at fault time (src/mm/huge_memory.c)
 * against mm/huge_memory.c, mm/mempolicy.c and mm/page_alloc.c of
 * 6.12.117: the enabled and defrag sysfs files (text, sysfs_streq
 * matching, rejected writes), vma_thp_gfp_mask's table (kernel-spec 7.1),
 * and what each defrag mode makes a fault do on a machine where no free
 * huge page exists: the gfp of every attempt as mm_page_alloc prints it,
 * whether direct compaction stalls (compact_stall and
 * compaction:mm_compaction_try_to_compact_pages) or kswapd is woken, and
 * the thp_fault_alloc / thp_fault_fallback counters.  Expectations are
 * worked out by hand in the comments.
 *
 * The fragmented machine is compaction_harness.h's: one node, one CPU, a
 * 4096-page ZONE_NORMAL (eight pageblocks), watermarks min 128 low 160
 * high 192, free pages reaching the buddy at once.  Two layouts repeat a
 * 4-page pattern over the whole zone:
 *   "SS.." two unmovable slab pages, two free: 2048 free pages in 1024
 *          order-1 blocks.  No order-9 block, and compaction cannot make
 *          one (nothing is movable), yet it is "suitable": 2048 free pages
 *          >= low 160 + compact_gap(9) = 1184, and fragmentation_index(9)
 *          = 1000 - (1000 + 2048 * 1000 / 512) / 1024 = 996 > 500.
 * and a layout where compaction can empty a pageblock and capture it
 * (see test_defrag_modes_compaction_helps).
 *
 * What each gfp does in the slow path (mm/page_alloc.c), with the local
 * attempt of alloc_pages_mpol_noprof first (gfp | __GFP_THISNODE |
 * __GFP_NORETRY), then, only if gfp has __GFP_DIRECT_RECLAIM, the same gfp
 * on every node (one node here):
 *   T  = GFP_TRANSHUGE (always+madvised, defer+madvise+madvised,
 *        madvise+madvised):
 *        local:  costly + direct reclaim -> async compaction (priority 2,
 *                a stall); NORETRY, result neither skipped nor deferred,
 *                THISNODE -> fail (6.12.75's THISNODE exit);
 *        global: async compaction (stall), then the retry label: no
 *                kswapd (no __GFP_KSWAPD_RECLAIM), direct reclaim (nothing
 *                reclaimable), compaction at DEF_COMPACT_PRIORITY = 1
 *                (SYNC_LIGHT, stall), then costly without RETRY_MAYFAIL ->
 *                fail.  Three stalls: priorities 2, 2, 1.
 *   TN = GFP_TRANSHUGE | __GFP_NORETRY (always, not madvised):
 *        local:  as T (its | __GFP_NORETRY changes nothing);
 *        global: async compaction (stall), NORETRY without THISNODE ->
 *                compact_priority = INIT (async), reclaim, async compaction
 *                (stall), NORETRY -> fail.  Three stalls: 2, 2, 2.
 *   LK = GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM (defer; defer+madvise
 *        not madvised): local only: ALLOC_KSWAPD wakes kswapd for order 9
 *        (pgdat->kswapd_order = 9), no direct reclaim -> no compaction,
 *        fail.  No stall.
 *   L  = GFP_TRANSHUGE_LIGHT (madvise not madvised; never): local only,
 *        no kswapd, no compaction, fail.
 * Then THP_FAULT_FALLBACK and the base page, GFP_HIGHUSER_MOVABLE |
 * __GFP_COMP (vma_alloc_folio adds __GFP_COMP), from the fast path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

#define THP_ENABLED	"kernel/mm/transparent_hugepage/enabled"
#define THP_DEFRAG	"kernel/mm/transparent_hugepage/defrag"

#define G_T	"GFP_TRANSHUGE"
#define G_TN	"GFP_TRANSHUGE|__GFP_NORETRY"
#define G_LOCAL_T "GFP_TRANSHUGE|__GFP_NORETRY|__GFP_THISNODE"
#define G_LOCAL_LK \
	"GFP_TRANSHUGE_LIGHT|__GFP_NORETRY|__GFP_THISNODE|__GFP_KSWAPD_RECLAIM"
#define G_LOCAL_L "GFP_TRANSHUGE_LIGHT|__GFP_NORETRY|__GFP_THISNODE"
#define G_BASE	"GFP_HIGHUSER_MOVABLE|__GFP_COMP"

/* ---- helpers ------------------------------------------------------------- */

static const char *sysfs_rd(struct mc_machine *m, const char *path)
{
	static char buf[128];
	int n = mc_sysfs_read(m, path, buf, sizeof(buf));

	assert_true(n > 0);
	assert_int_equal((size_t)n, strlen(buf));
	return buf;
}

static int sysfs_wr(struct mc_machine *m, const char *path, const char *v)
{
	return mc_sysfs_write(m, path, v, strlen(v));
}

/*
 * The harness machine with the 4-page @pattern over the whole zone, or
 * for NULL the layout compaction can help with: four anonymous pages at
 * the start of B0, one unmovable slab page at the start of B1 .. B7, the
 * rest free.
 */
static struct mc_machine *frag_machine(const char *pattern)
{
	struct mc_machine *m = h_machine();
	static struct h_layout l;

	h_layout_init(&l, '.');
	if (pattern) {
		h_pattern(&l, ZBASE, ZPAGES, pattern);
	} else {
		h_set(&l, B0, 4, 'A');
		for (unsigned long b = B1; b < ZEND; b += PB)
			h_set(&l, b, 1, 'S');
	}
	h_layout_build(m, &l);
	return m;
}

static int fault(struct mc_machine *m, bool madvised, uint64_t *pfn,
		 unsigned *order)
{
	struct mc_thp_fault f = {
		.cpu = 0, .nid = -1, .madvised = madvised, .owner = 0,
		.cookie = 0x7e57,
	};

	return mc_thp_fault(m, &f, pfn, order);
}

/*
 * The mm_page_alloc and mm_compaction_try_to_compact_pages lines of @t in
 * order, as "alloc: <body from ' pfn='>" and "compact: <body>": what the
 * expectations below spell out.  kswapd wakeups are checked apart.
 */
static int seq(const struct h_trace *t, char out[][160], int max)
{
	int n = 0;

	for (int i = 0; i < t->n && n < max; i++) {
		const char *b = h_body(t->lines[i], "mm_page_alloc");

		if (b) {
			const char *p = strstr(b, " pfn=");

			assert_non_null(p);
			snprintf(out[n++], 160, "alloc:%s", p);
			continue;
		}
		b = h_body(t->lines[i], "mm_compaction_try_to_compact_pages");
		if (b)
			snprintf(out[n++], 160, "compact: %s", b);
	}
	return n;
}

static const char *alloc_fail(const char *gfp)
{
	static char b[8][160];
	static int k;

	k = (k + 1) % 8;
	snprintf(b[k], 160, "alloc: pfn=0x0 order=9 migratetype=1 "
		 "gfp_flags=%s", gfp);
	return b[k];
}

static const char *alloc_ok(uint64_t pfn, unsigned order, const char *gfp)
{
	static char b[8][160];
	static int k;

	k = (k + 1) % 8;
	snprintf(b[k], 160, "alloc: pfn=0x%llx order=%u migratetype=1 "
		 "gfp_flags=%s", (unsigned long long)pfn, order, gfp);
	return b[k];
}

static const char *compact(const char *gfp, int prio)
{
	static char b[8][160];
	static int k;

	k = (k + 1) % 8;
	snprintf(b[k], 160, "compact: order=9 gfp_mask=%s priority=%d", gfp,
		 prio);
	return b[k];
}

static void expect_seq(const struct h_trace *t, const char *const *want,
		       int nwant)
{
	static char got[64][160];
	int n = seq(t, got, 64);
	bool ok = n == nwant;

	for (int i = 0; ok && i < n; i++)
		ok = !strcmp(got[i], want[i]);
	if (!ok) {
		fprintf(stderr, "event sequence differs\n want:\n");
		for (int i = 0; i < nwant; i++)
			fprintf(stderr, "  %s\n", want[i]);
		fprintf(stderr, " got:\n");
		for (int i = 0; i < n; i++)
			fprintf(stderr, "  %s\n", got[i]);
	}
	assert_true(ok);
}

/* ---- sysfs --------------------------------------------------------------- */

/* Defaults: CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS (Debian) and the defrag
 * default of every config, madvise. */
static void test_sysfs_defaults(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	char small[8];

	(void)state;
	assert_string_equal(sysfs_rd(m, THP_ENABLED),
			    "[always] madvise never\n");
	assert_string_equal(sysfs_rd(m, THP_DEFRAG),
			    "always defer defer+madvise [madvise] never\n");
	assert_string_equal(sysfs_rd(m, "/sys/" THP_ENABLED),
			    "[always] madvise never\n");
	/* too small a buffer for the text and its NUL */
	assert_int_equal(mc_sysfs_read(m, THP_ENABLED, small, sizeof(small)),
			 -ENOSPC);
	assert_int_equal(mc_sysfs_read(m, "kernel/mm/transparent_hugepage/x",
				       small, sizeof(small)), -ENOENT);
	mc_machine_destroy(m);
}

static void test_sysfs_defrag_writes(void **state)
{
	static const struct {
		const char *in;
		const char *shown;
	} ok[] = {
		{ "always", "[always] defer defer+madvise madvise never\n" },
		{ "defer", "always [defer] defer+madvise madvise never\n" },
		{ "defer+madvise",
		  "always defer [defer+madvise] madvise never\n" },
		{ "madvise", "always defer defer+madvise [madvise] never\n" },
		{ "never", "always defer defer+madvise madvise [never]\n" },
		/* sysfs_streq: one trailing newline is allowed */
		{ "always\n", "[always] defer defer+madvise madvise never\n" },
		{ "defer+madvise\n",
		  "always defer [defer+madvise] madvise never\n" },
	};
	static const char *const bad[] = {
		"", " always", "always ", "always\n\n", "Always", "alway",
		"alwaysx", "defer+", "defer+madvise+", "madvise,never",
		"[madvise]", "\n", "always\r", "0", "1",
	};
	struct mc_machine *m = t_machine("pc:1G", 0);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(sysfs_wr(m, THP_DEFRAG, ok[i].in), 0);
		assert_string_equal(sysfs_rd(m, THP_DEFRAG), ok[i].shown);
	}
	/* the last good write left defer+madvise; every bad one fails and
	 * changes nothing ("" is a 0-byte write: no store call, 0) */
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int want = bad[i][0] ? -EINVAL : 0;

		assert_int_equal(sysfs_wr(m, THP_DEFRAG, bad[i]), want);
		assert_string_equal(sysfs_rd(m, THP_DEFRAG),
				    "always defer [defer+madvise] madvise "
				    "never\n");
	}
	/* kernfs hands the store a NUL-terminated copy: a NUL inside ends
	 * the string sysfs_streq sees */
	assert_int_equal(mc_sysfs_write(m, THP_DEFRAG, "never\0junk", 10), 0);
	assert_string_equal(sysfs_rd(m, THP_DEFRAG),
			    "always defer defer+madvise madvise [never]\n");
	/* the enabled file is untouched by all of this */
	assert_string_equal(sysfs_rd(m, THP_ENABLED),
			    "[always] madvise never\n");
	mc_machine_destroy(m);
}

static void test_sysfs_enabled_writes(void **state)
{
	static const char *const bad[] = {
		" never", "never ", "Never", "nev", "defer", "always\n\n",
		"enabled", "\n",
	};
	struct mc_machine *m = t_machine("pc:1G", 0);

	(void)state;
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "madvise"), 0);
	assert_string_equal(sysfs_rd(m, THP_ENABLED),
			    "always [madvise] never\n");
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "never\n"), 0);
	assert_string_equal(sysfs_rd(m, THP_ENABLED),
			    "always madvise [never]\n");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(sysfs_wr(m, THP_ENABLED, bad[i]), -EINVAL);
		assert_string_equal(sysfs_rd(m, THP_ENABLED),
				    "always madvise [never]\n");
	}
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "always"), 0);
	assert_string_equal(sysfs_rd(m, THP_ENABLED),
			    "[always] madvise never\n");
	/* the defrag file is untouched */
	assert_string_equal(sysfs_rd(m, THP_DEFRAG),
			    "always defer defer+madvise [madvise] never\n");
	mc_machine_destroy(m);
}

/* ---- enabled and min_free_kbytes ----------------------------------------- */

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static int min_free(struct mc_machine *m)
{
	char buf[32];

	assert_true(mc_sysctl_read(m, "vm.min_free_kbytes", buf,
				   sizeof(buf)) > 0);
	return atoi(buf);
}

/*
 * start_stop_khugepaged() on every enabled store: with THP on,
 * set_recommended_min_free_kbytes() keeps min_free_kbytes at least
 * pageblock_nr_pages * nr_zones * (2 + 3 * 3) pages: pc:16G has DMA, DMA32
 * and Normal, 512 * 3 * 11 = 16896 pages = 67584 kB (below 5% of lowmem).
 * With "never", hugepage_pmd_enabled() is false: calculate_min_free_kbytes()
 * = int_sqrt(lowmem_kbytes * 16), lowmem_kbytes = nr_free_buffer_pages() * 4
 * = sum over the zones of (managed - high watermark) at that moment, the
 * raised watermarks' (computed here from mc_zone_stats), then the
 * watermarks follow.  Back to "always": 67584 again.  "madvise" keeps
 * khugepaged running: 67584.
 */
static void test_enabled_min_free_kbytes(void **state)
{
	struct mc_machine *m = t_machine("pc:16G", 0);
	struct mc_machine *plain = t_machine("pc:16G", MC_OPT_NO_THP_MINFREE);
	struct mc_zone_stats zs, before;
	unsigned long lowmem = 0, want;

	(void)state;
	assert_int_equal(min_free(m), 67584);
	for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
		assert_int_equal(mc_zone_stats(m, 0, zt, &zs), 0);
		if (zt <= MC_ZONE_NORMAL && zs.managed > zs.wmark_high)
			lowmem += zs.managed - zs.wmark_high;
	}
	want = isqrt(lowmem * 4 * 16);
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &before), 0);

	assert_int_equal(sysfs_wr(m, THP_ENABLED, "never"), 0);
	assert_int_equal(min_free(m), (int)want);
	assert_true(want < 67584);
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &zs), 0);
	assert_true(zs.wmark_min < before.wmark_min);
	/* a rejected write runs no side effect */
	assert_int_equal(mc_sysctl_write(m, "vm.min_free_kbytes", "70000", 5),
			 0);
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "sometimes"), -EINVAL);
	assert_int_equal(min_free(m), 70000);
	/* "never" again: the user's larger value is kept */
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "never"), 0);
	assert_int_equal(min_free(m), 70000);
	assert_int_equal(mc_sysctl_write(m, "vm.min_free_kbytes", "1000", 4),
			 0);
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "always"), 0);
	assert_int_equal(min_free(m), 67584);
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &zs), 0);
	assert_int_equal(zs.wmark_min, before.wmark_min);
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "madvise"), 0);
	assert_int_equal(min_free(m), 67584);

	/* MC_OPT_NO_THP_MINFREE: no khugepaged watermark changes at all */
	want = (unsigned long)min_free(plain);
	assert_true(want < 67584);
	assert_int_equal(sysfs_wr(plain, THP_ENABLED, "always"), 0);
	assert_int_equal(min_free(plain), (int)want);
	assert_int_equal(sysfs_wr(plain, THP_ENABLED, "never"), 0);
	assert_int_equal(min_free(plain), (int)want);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(plain);
	mc_machine_destroy(m);
}

/* ---- vma_thp_gfp_mask ---------------------------------------------------- */

/*
 * kernel-spec 7.1, with GFP_TRANSHUGE_LIGHT = 0x1c20ca and GFP_TRANSHUGE =
 * 0x1c24ca (__GFP_DIRECT_RECLAIM 0x400, __GFP_KSWAPD_RECLAIM 0x800,
 * __GFP_NORETRY 0x10000).
 */
static void test_gfp_table(void **state)
{
	static const struct {
		const char *defrag;
		uint32_t madv, other;
	} table[] = {
		{ "always", 0x1c24ca, 0x1c24ca | 0x10000 },
		{ "defer", 0x1c20ca | 0x800, 0x1c20ca | 0x800 },
		{ "defer+madvise", 0x1c20ca | 0x400, 0x1c20ca | 0x800 },
		{ "madvise", 0x1c20ca | 0x400, 0x1c20ca },
		{ "never", 0x1c20ca, 0x1c20ca },
	};
	struct mc_machine *m = t_machine("pc:1G", 0);

	(void)state;
	assert_int_equal(MC_GFP_TRANSHUGE_LIGHT, 0x1c20ca);
	assert_int_equal(MC_GFP_TRANSHUGE, 0x1c24ca);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		assert_int_equal(sysfs_wr(m, THP_DEFRAG, table[i].defrag), 0);
		assert_int_equal(vma_thp_gfp_mask(m, true), table[i].madv);
		assert_int_equal(vma_thp_gfp_mask(m, false), table[i].other);
	}
	mc_machine_destroy(m);
}

/* ---- the defrag modes on a fragmented machine ---------------------------- */

enum beh { B_T, B_TN, B_LK, B_L };

static const struct thp_case {
	const char *defrag;
	bool madvised;
	enum beh b;
} cases[] = {
	{ "always", true, B_T },
	{ "always", false, B_TN },
	{ "defer", true, B_LK },
	{ "defer", false, B_LK },
	{ "defer+madvise", true, B_T },
	{ "defer+madvise", false, B_LK },
	{ "madvise", true, B_T },
	{ "madvise", false, B_L },
	{ "never", true, B_L },
	{ "never", false, B_L },
};

struct fault_result {
	int ret;
	uint64_t pfn;
	unsigned order;
	uint64_t stall, cfail, csuccess, alloc, fallback;
	int kswapd_order;
};

/* One fault on a fresh @pattern machine in @c's mode, traced into @t. */
static struct mc_machine *run_case(const struct thp_case *c,
				   const char *pattern, struct h_trace *t,
				   struct fault_result *r)
{
	struct mc_machine *m = frag_machine(pattern);
	uint64_t s0, f0, k0, a0, b0;

	assert_int_equal(sysfs_wr(m, THP_DEFRAG, c->defrag), 0);
	assert_int_equal(m->node_data[0]->kswapd_order, 0);
	s0 = h_vm(m, "compact_stall");
	f0 = h_vm(m, "compact_fail");
	k0 = h_vm(m, "compact_success");
	a0 = h_vm(m, "thp_fault_alloc");
	b0 = h_vm(m, "thp_fault_fallback");
	h_trace_start(m, t);
	r->ret = fault(m, c->madvised, &r->pfn, &r->order);
	mc_trace_set_callback(m, NULL, NULL);
	r->stall = h_vm(m, "compact_stall") - s0;
	r->cfail = h_vm(m, "compact_fail") - f0;
	r->csuccess = h_vm(m, "compact_success") - k0;
	r->alloc = h_vm(m, "thp_fault_alloc") - a0;
	r->fallback = h_vm(m, "thp_fault_fallback") - b0;
	r->kswapd_order = m->node_data[0]->kswapd_order;
	assert_int_equal(t_check(m), 0);
	return m;
}

/*
 * kswapd: pgdat->kswapd_order is what wakeup_kswapd() leaves for the
 * daemon; if vmscan:mm_vmscan_wakeup_kswapd fires, it names the local
 * attempt's gfp.  Only LK wakes it.
 */
static void expect_kswapd(const struct h_trace *t, const struct fault_result *r,
			  enum beh b)
{
	int n = h_count(t, "mm_vmscan_wakeup_kswapd", NULL);

	if (b != B_LK) {
		assert_int_equal(r->kswapd_order, 0);
		assert_int_equal(n, 0);
		return;
	}
	assert_int_equal(r->kswapd_order, 9);
	assert_int_equal(h_count(t, "mm_vmscan_wakeup_kswapd",
				 "nid=0 order=9 gfp_flags=" G_LOCAL_LK), n);
}

/*
 * "SS..": no THP in any mode.  The sequences of the file comment, then
 * the base page from the fast path.
 */
static void test_defrag_modes_no_thp_possible(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct thp_case *c = &cases[i];
		struct fault_result r;
		struct h_trace t;
		struct mc_machine *m = run_case(c, "SS..", &t, &r);
		const char *want[8];
		int n = 0;

		fprintf(stderr, "[defrag %s, %smadvised]\n", c->defrag,
			c->madvised ? "" : "not ");
		assert_int_equal(r.ret, 0);
		assert_int_equal(r.order, 0);
		switch (c->b) {
		case B_T:
			want[n++] = compact(G_LOCAL_T, 2);
			want[n++] = alloc_fail(G_LOCAL_T);
			want[n++] = compact(G_T, 2);
			want[n++] = compact(G_T, 1);
			want[n++] = alloc_fail(G_T);
			break;
		case B_TN:
			want[n++] = compact(G_LOCAL_T, 2);
			want[n++] = alloc_fail(G_LOCAL_T);
			want[n++] = compact(G_TN, 2);
			want[n++] = compact(G_TN, 2);
			want[n++] = alloc_fail(G_TN);
			break;
		case B_LK:
			want[n++] = alloc_fail(G_LOCAL_LK);
			break;
		case B_L:
			want[n++] = alloc_fail(G_LOCAL_L);
			break;
		}
		want[n++] = alloc_ok(r.pfn, 0, G_BASE);
		expect_seq(&t, want, n);
		assert_int_equal(r.stall, c->b <= B_TN ? 3 : 0);
		assert_int_equal(r.cfail, r.stall);
		assert_int_equal(r.csuccess, 0);
		assert_int_equal(r.alloc, 0);
		assert_int_equal(r.fallback, 1);
		expect_kswapd(&t, &r, c->b);
		h_trace_stop(&t);
		mc_machine_destroy(m);
	}
}

/*
 * Where compaction helps (frag_machine(NULL)): 4085 free pages, no free
 * order-9 block (B0 has four anonymous pages, B1 .. B7 a slab page
 * each), compaction suitable (4085 >= 1184; fragmentation_index(9) =
 * 1000 - (1000 + 4085 * 1000 / 512) / 70 free blocks = 872 > 500).  The
 * stalling modes get their THP from the local attempt's async compaction,
 * which moves B0's four pages away and captures B0: one stall, one
 * compact_success, order 9 at B0, an anonymous compound LRU
 * folio with the fault's cookie.  The others fall back as on "SS..".
 *
 * (A regular "AA.." pattern would not do: async compaction's free scanner
 * probes every 32nd pfn (COMPACT_CLUSTER_MAX stride), which always lands
 * on an anonymous page there, so it finds no free page at all - the
 * kernel does the same.)
 */
static void test_defrag_modes_compaction_helps(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct thp_case *c = &cases[i];
		struct fault_result r;
		struct h_trace t;
		struct mc_machine *m = run_case(c, NULL, &t, &r);
		const char *want[4];
		int n = 0;

		fprintf(stderr, "[defrag %s, %smadvised]\n", c->defrag,
			c->madvised ? "" : "not ");
		assert_int_equal(r.ret, 0);
		if (c->b <= B_TN) {
			struct mc_page_info pi = h_info(m, r.pfn);

			want[n++] = compact(G_LOCAL_T, 2);
			want[n++] = alloc_ok(r.pfn, 9, G_LOCAL_T);
			assert_int_equal(r.order, 9);
			assert_int_equal(r.pfn, B0);
			assert_int_equal(r.stall, 1);
			assert_int_equal(r.csuccess, 1);
			assert_int_equal(r.cfail, 0);
			assert_int_equal(r.alloc, 1);
			assert_int_equal(r.fallback, 0);
			assert_int_equal(pi.state, MC_PS_ALLOCATED);
			assert_int_equal(pi.head_pfn, r.pfn);
			assert_int_equal(pi.order, 9);
			assert_int_equal(pi.kind, MC_PAGE_ANON);
			assert_true(pi.compound);
			assert_true(pi.lru);
			assert_int_equal(pi.cookie, 0x7e57);
			assert_int_equal(h_vm(m,
					 "nr_anon_transparent_hugepages"), 1);
		} else {
			want[n++] = alloc_fail(c->b == B_LK ? G_LOCAL_LK :
							      G_LOCAL_L);
			want[n++] = alloc_ok(r.pfn, 0, G_BASE);
			assert_int_equal(r.order, 0);
			assert_int_equal(r.stall, 0);
			assert_int_equal(r.alloc, 0);
			assert_int_equal(r.fallback, 1);
		}
		expect_seq(&t, want, n);
		expect_kswapd(&t, &r, c->b);
		h_trace_stop(&t);
		assert_int_equal(mc_free_pages(m, r.pfn, r.order, 0), 0);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
}

/*
 * The wakeup itself, with kswapd asleep: on the "SS.." machine one second
 * of machine time lets kswapd find the node balanced for order 0 and
 * sleep (the layout build's last allocations had woken it).  defer (LK):
 * the local attempt's first wake_all_kswapds() finds the node unbalanced
 * for order 9 (no free order-9 block for the high watermark check), fires
 * vmscan:mm_vmscan_wakeup_kswapd with the attempt's gfp and wakes kswapd;
 * the retry label's second call finds it awake already (no event).
 * madvise, not madvised (L): no __GFP_KSWAPD_RECLAIM, no ALLOC_KSWAPD: no
 * wakeup at all, kswapd sleeps on.
 */
static void test_defer_wakes_kswapd(void **state)
{
	static const struct {
		const char *defrag;
		int events;
	} w[] = { { "defer", 1 }, { "madvise", 0 } };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		struct mc_machine *m = frag_machine("SS..");
		struct pglist_data *pgdat = m->node_data[0];
		struct h_trace t;
		uint64_t pfn, s0;
		unsigned order;

		assert_int_equal(mc_advance(m, 1000000000ull), 0);
		assert_true(pgdat->kswapd_waiting);
		assert_int_equal(pgdat->kswapd_order, 0);
		assert_int_equal(sysfs_wr(m, THP_DEFRAG, w[i].defrag), 0);
		s0 = h_vm(m, "compact_stall");
		h_trace_start(m, &t);
		assert_int_equal(fault(m, false, &pfn, &order), 0);
		assert_int_equal(h_count(&t, "mm_vmscan_wakeup_kswapd", NULL),
				 w[i].events);
		assert_int_equal(h_count(&t, "mm_vmscan_wakeup_kswapd",
					 "nid=0 order=9 gfp_flags="
					 G_LOCAL_LK), w[i].events);
		h_trace_stop(&t);
		assert_int_equal(order, 0);
		assert_int_equal(h_vm(m, "compact_stall"), s0);
		assert_int_equal(pgdat->kswapd_order, w[i].events ? 9 : 0);
		assert_int_equal(pgdat->kswapd_waiting, !w[i].events);
		mc_machine_destroy(m);
	}
}

/* ---- enabled ------------------------------------------------------------- */

/*
 * On a fresh machine (free order-9 blocks everywhere) a THP comes from the
 * local attempt's fast path.  enabled=never: never tried (no counter, one
 * order-0 mm_page_alloc); madvise: tried only for madvised mappings;
 * always: for every mapping.  The counters add up over the faults.
 */
static void test_enabled_modes(void **state)
{
	static const struct {
		const char *enabled;
		bool madvised;
		bool thp;
	} t_cases[] = {
		{ "never", false, false }, { "never", true, false },
		{ "madvise", false, false }, { "madvise", true, true },
		{ "always", false, true }, { "always", true, true },
	};
	struct mc_machine *m = h_machine();
	uint64_t a0 = h_vm(m, "thp_fault_alloc");
	uint64_t b0 = h_vm(m, "thp_fault_fallback");
	uint64_t pfns[ARRAY_SIZE(t_cases)];
	unsigned orders[ARRAY_SIZE(t_cases)];
	int nthp = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t_cases); i++) {
		struct h_trace t;
		const char *want[1];

		assert_int_equal(sysfs_wr(m, THP_ENABLED, t_cases[i].enabled),
				 0);
		h_trace_start(m, &t);
		assert_int_equal(fault(m, t_cases[i].madvised, &pfns[i],
				       &orders[i]), 0);
		if (t_cases[i].thp) {
			/* madvise defrag: madvised T, else L: both local */
			want[0] = alloc_ok(pfns[i], 9,
					   t_cases[i].madvised ? G_LOCAL_T :
								 G_LOCAL_L);
			assert_int_equal(orders[i], 9);
			nthp++;
		} else {
			want[0] = alloc_ok(pfns[i], 0, G_BASE);
			assert_int_equal(orders[i], 0);
		}
		expect_seq(&t, want, 1);
		h_trace_stop(&t);
		assert_int_equal(h_vm(m, "thp_fault_alloc") - a0,
				 (uint64_t)nthp);
		assert_int_equal(h_vm(m, "thp_fault_fallback"), b0);
	}
	assert_int_equal(h_vm(m, "nr_anon_transparent_hugepages"),
			 (uint64_t)nthp);
	for (size_t i = 0; i < ARRAY_SIZE(t_cases); i++)
		assert_int_equal(mc_free_pages(m, pfns[i], orders[i], 0), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- NUMA: the local node first ------------------------------------------ */

/* Take every page of node @nid (unmovable, ignoring watermarks, no reclaim). */
static void fill_node(struct mc_machine *m, int nid)
{
	struct mc_geometry g;

	mc_machine_geometry(m, &g);
	for (int o = (int)g.max_page_order; o >= 0; o--) {
		struct mc_alloc_request rq = {
			.gfp = MC_GFP_THISNODE | MC_GFP_MEMALLOC |
			       MC_GFP_NOWARN,
			.order = (unsigned)o, .nid = nid, .cpu = 0,
			.kind = MC_PAGE_KERNEL,
		};
		uint64_t pfn;

		while (mc_alloc_pages(m, &rq, &pfn) == 0)
			;
	}
}

/*
 * pc-numa:2x512M, node 0 full, node 1 free, the fault on CPU 0 (node 0).
 * always+madvised (T): the local attempt finds nothing; its compaction is
 * skipped (node 0 is below the watermark compaction_suitable needs:
 * COMPACT_SKIPPED, no stall, but try_to_compact_pages was entered); NORETRY
 * with a skipped result -> fail.  T allows direct reclaim, so the second
 * attempt walks the whole zonelist and node 1's fast path gives the THP.
 * madvise, not madvised (L): the local attempt only -> fallback; the base
 * page itself may come from node 1 (no __GFP_THISNODE).
 */
static void test_numa_local_first(void **state)
{
	struct mc_machine *m;
	struct mc_page_info pi;
	struct h_trace t;
	uint64_t pfn;
	unsigned order;
	const char *want[4];

	(void)state;
	m = t_machine("pc-numa:2x512M,cpus=2", 0);
	fill_node(m, 0);
	assert_int_equal(sysfs_wr(m, THP_DEFRAG, "always"), 0);
	h_trace_start(m, &t);
	assert_int_equal(fault(m, true, &pfn, &order), 0);
	want[0] = compact(G_LOCAL_T, 2);
	want[1] = alloc_fail(G_LOCAL_T);
	want[2] = alloc_ok(pfn, 9, G_T);
	expect_seq(&t, want, 3);
	h_trace_stop(&t);
	assert_int_equal(order, 9);
	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	assert_int_equal(pi.nid, 1);
	assert_int_equal(h_vm(m, "compact_stall"), 0);
	assert_int_equal(h_vm(m, "thp_fault_alloc"), 1);

	assert_int_equal(sysfs_wr(m, THP_DEFRAG, "madvise"), 0);
	h_trace_start(m, &t);
	assert_int_equal(fault(m, false, &pfn, &order), 0);
	want[0] = alloc_fail(G_LOCAL_L);
	want[1] = alloc_ok(pfn, 0, G_BASE);
	expect_seq(&t, want, 2);
	h_trace_stop(&t);
	assert_int_equal(order, 0);
	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	assert_int_equal(pi.nid, 1);
	assert_int_equal(h_vm(m, "thp_fault_fallback"), 1);

	/* an explicit node: node 1 is local, the THP comes at once */
	{
		struct mc_thp_fault f = { .cpu = 0, .nid = 1,
					  .madvised = false };

		h_trace_start(m, &t);
		assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), 0);
		want[0] = alloc_ok(pfn, 9, G_LOCAL_L);
		expect_seq(&t, want, 1);
		h_trace_stop(&t);
		assert_int_equal(order, 9);
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- arguments and architectures ----------------------------------------- */

static void test_bad_arguments(void **state)
{
	struct mc_machine *m = t_machine("pc:1G,cpus=2", 0);
	struct mc_thp_fault f = { .cpu = 0, .nid = -1 };
	uint64_t pfn;
	unsigned order;

	(void)state;
	assert_int_equal(mc_thp_fault(NULL, &f, &pfn, &order), -EINVAL);
	assert_int_equal(mc_thp_fault(m, NULL, &pfn, &order), -EINVAL);
	assert_int_equal(mc_thp_fault(m, &f, NULL, &order), -EINVAL);
	assert_int_equal(mc_thp_fault(m, &f, &pfn, NULL), -EINVAL);
	f.cpu = 2;
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	f.cpu = -1;
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	f.cpu = 0;
	f.nid = 1;
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	f.nid = -2;
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	f.nid = -1;
	f.owner = 5;	/* not registered */
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	f.owner = MC_MAX_OWNERS;
	assert_int_equal(mc_thp_fault(m, &f, &pfn, &order), -EINVAL);
	assert_int_equal(h_vm(m, "thp_fault_alloc"), 0);
	assert_int_equal(h_vm(m, "thp_fault_fallback"), 0);
	mc_machine_destroy(m);
}

/*
 * arm64 asks the allocator for zeroed base pages (its own
 * vma_alloc_zeroed_movable_folio: GFP_HIGHUSER_MOVABLE | __GFP_ZERO), and
 * its PMD size follows the page size: order 11 (32 MiB) with 16K pages.
 */
static void test_arm64(void **state)
{
	struct mc_machine *m = t_machine("arm64-16k:2G", 0);
	struct h_trace t;
	uint64_t pfn;
	unsigned order;
	const char *want[1];

	(void)state;
	h_trace_start(m, &t);
	assert_int_equal(fault(m, false, &pfn, &order), 0);
	want[0] = alloc_ok(pfn, 11, G_LOCAL_L);
	expect_seq(&t, want, 1);
	h_trace_stop(&t);
	assert_int_equal(order, 11);
	assert_int_equal(sysfs_wr(m, THP_ENABLED, "never"), 0);
	h_trace_start(m, &t);
	assert_int_equal(fault(m, true, &pfn, &order), 0);
	want[0] = alloc_ok(pfn, 0, G_BASE "|__GFP_ZERO");
	expect_seq(&t, want, 1);
	h_trace_stop(&t);
	assert_int_equal(order, 0);
	mc_machine_destroy(m);
}

/*
 * A hand-made machine whose PMD order (9) is above MAX_PAGE_ORDER (8)
 * cannot hold a THP (such a kernel has no THP): base pages, no THP
 * counter moves.
 */
static void test_no_thp_above_max_order(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	uint64_t pfn;
	unsigned order;

	(void)state;
	h_desc(&d, ZPAGES);
	d.max_page_order = 8;
	m = t_machine_desc(&d, MC_OPT_NO_THP_MINFREE);
	assert_int_equal(fault(m, true, &pfn, &order), 0);
	assert_int_equal(order, 0);
	assert_int_equal(h_vm(m, "thp_fault_alloc"), 0);
	assert_int_equal(h_vm(m, "thp_fault_fallback"), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysfs_defaults),
		cmocka_unit_test(test_sysfs_defrag_writes),
		cmocka_unit_test(test_sysfs_enabled_writes),
		cmocka_unit_test(test_enabled_min_free_kbytes),
		cmocka_unit_test(test_gfp_table),
		cmocka_unit_test(test_defrag_modes_no_thp_possible),
		cmocka_unit_test(test_defrag_modes_compaction_helps),
		cmocka_unit_test(test_defer_wakes_kswapd),
		cmocka_unit_test(test_enabled_modes),
		cmocka_unit_test(test_numa_local_first),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_no_thp_above_max_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
