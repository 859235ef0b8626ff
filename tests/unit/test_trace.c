// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_trace.c - tracepoint text: every event's line against hand-computed
 * expectations, the header block, the irq-info / perf variants, the enable
 * patterns, trace_emit(), show_gfp_flags() text and its parser, gfp_zone(),
 * and the format checker (tests/trace_check.c) both ways: it accepts what
 * the renderer writes and rejects corrupted lines.
 *
 * The machine is a calloc'ed struct mc_machine with only the fields the
 * renderer reads (pageblock_order, cma, nr_cpu_ids), so that these tests
 * do not depend on machine creation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "trace_check.h"

static struct mc_machine *fake_machine(bool cma)
{
	struct mc_machine *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->pageblock_order = 9;
	m->pageblock_nr_pages = 512;
	m->cma = cma;
	m->nr_cpu_ids = 4;
	return m;
}

static struct mc_trace_event mkev(enum mc_trace_id id, uint64_t ts,
				  const char *comm, int pid, int cpu, int n,
				  const int64_t *args, const char *str)
{
	struct mc_trace_event ev;
	int k;

	memset(&ev, 0, sizeof(ev));
	ev.id = id;
	ev.ts_ns = ts;
	ev.pid = pid;
	ev.cpu = cpu;
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm);
	for (k = 0; k < n; k++)
		ev.args[k] = args[k];
	ev.str = str;
	return ev;
}

#define EV(id, ts, comm, pid, cpu, str, ...)				\
	mkev(MC_TRACE_##id, ts, comm, pid, cpu,				\
	     (int)(sizeof((const int64_t[]){ __VA_ARGS__ }) /		\
		   sizeof(int64_t)),					\
	     (const int64_t[]){ __VA_ARGS__ }, str)

static char *fmt(const struct mc_machine *m, const struct mc_trace_event *ev,
		 unsigned opts)
{
	static char buf[4][1024];
	static int slot;
	char *b = buf[slot++ & 3];
	int n = mc_trace_format(m, ev, opts, b, sizeof(buf[0]));

	assert_true(n > 0 && n < (int)sizeof(buf[0]));
	assert_int_equal((size_t)n, strlen(b));
	return b;
}

/* Render with the bash-1234 context of the spec's examples. */
static void expect(const struct mc_machine *m, struct mc_trace_event ev,
		   const char *fields)
{
	char want[1024];
	char why[256];
	const char *got;

	snprintf(want, sizeof(want),
		 "            bash-1234    [000] ..... 98765.004321: %s: %s\n",
		 mc_trace_event_name(ev.id), fields);
	ev.ts_ns = 98765004321000ull;
	snprintf(ev.comm, sizeof(ev.comm), "bash");
	ev.pid = 1234;
	ev.cpu = 0;
	got = fmt(m, &ev, 0);
	if (strcmp(got, want))
		fail_msg("\n got: '%s'\nwant: '%s'", got, want);
	if (trace_check_line(got, why, sizeof(why)))
		fail_msg("checker rejects '%s': %s", got, why);
}

/* ---- kernel-spec 9.1's examples, byte for byte --------------------------- */
static void test_spec_examples(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct mc_trace_event ev;

	ev = EV(mm_compaction_kcompactd_wake, 102123456000ull, "kcompactd0",
		35, 2, NULL, 0, 9, ZONE_NORMAL);
	assert_string_equal(fmt(m, &ev, 0),
		"      kcompactd0-35      [002] .....   102.123456: "
		"mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n");

	ev = EV(mm_compaction_begin, 98765004321000ull, "bash", 1234, 0, NULL,
		0x100000, 0x100000, 0x23fe00, 0x240000, 1);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004321: "
		"mm_compaction_begin: zone_start=0x100000 "
		"migrate_pfn=0x100000 free_pfn=0x23fe00 zone_end=0x240000, "
		"mode=sync\n");

	ev = EV(mm_compaction_isolate_migratepages, 98765004400000ull, "bash",
		1234, 0, NULL, 0x100000, 0x100200, 512, 32);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004400: "
		"mm_compaction_isolate_migratepages: "
		"range=(0x100000 ~ 0x100200) nr_scanned=512 nr_taken=32\n");

	ev = EV(mm_compaction_end, 98765004500000ull, "bash", 1234, 0, NULL,
		0x100000, 0x23fe00, 0x23fe00, 0x240000, 1, COMPACT_COMPLETE);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004500: "
		"mm_compaction_end: zone_start=0x100000 migrate_pfn=0x23fe00 "
		"free_pfn=0x23fe00 zone_end=0x240000, mode=sync "
		"status=complete\n");

	ev = EV(mm_compaction_suitable, 98765004501000ull, "bash", 1234, 0,
		NULL, 0, ZONE_DMA32, 9, COMPACT_CONTINUE);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004501: "
		"mm_compaction_suitable: node=0 zone=DMA32    order=9 "
		"ret=continue\n");

	ev = EV(mm_compaction_defer_compaction, 98765004502000ull, "bash",
		1234, 0, NULL, 0, ZONE_NORMAL, 9, 0, 1, 9);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004502: "
		"mm_compaction_defer_compaction: node=0 zone=Normal   order=9 "
		"order_failed=9 consider=0 limit=2\n");

	/* The spec's page=00000000c0ffee12 is a real kernel hash; ours is
	 * the fixed mix of pfn 0x1a2b3. */
	ev = EV(mm_page_alloc, 98765004503000ull, "bash", 1234, 0, NULL,
		0x1a2b3, 0, MC_GFP_HIGHUSER_MOVABLE | MC_GFP_ZERO,
		MIGRATE_MOVABLE);
	assert_string_equal(fmt(m, &ev, 0),
		"            bash-1234    [000] ..... 98765.004503: "
		"mm_page_alloc: page=0000000088ad5043 pfn=0x1a2b3 order=0 "
		"migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO\n");
	free(m);
}

/* ---- every event, hand-computed ------------------------------------------ */
static void test_kmem_events(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct mc_machine *mc = fake_machine(true);

	expect(m, EV(mm_page_alloc, 0, "", 0, 0, NULL, -1, 9,
		     MC_GFP_TRANSHUGE | MC_GFP_NORETRY | MC_GFP_THISNODE, 1),
	       "page=0000000000000000 pfn=0x0 order=9 migratetype=1 "
	       "gfp_flags=GFP_TRANSHUGE|__GFP_NORETRY|__GFP_THISNODE");
	expect(m, EV(mm_page_alloc, 0, "", 0, 0, NULL, 0, 0, 0, 0),
	       "page=00000000e220a839 pfn=0x0 order=0 migratetype=0 "
	       "gfp_flags=none");
	expect(m, EV(mm_page_free, 0, "", 0, 0, NULL, 0x12345, 3),
	       "page=0000000044f50e39 pfn=0x12345 order=3");
	expect(m, EV(mm_page_free_batched, 0, "", 0, 0, NULL, 0x40000),
	       "page=00000000ca9c0d0d pfn=0x40000 order=0");
	expect(m, EV(mm_page_alloc_zone_locked, 0, "", 0, 0, NULL, 0x100000, 2,
		     MIGRATE_MOVABLE, 1),
	       "page=0000000033548c24 pfn=0x100000 order=2 migratetype=1 "
	       "percpu_refill=1");
	/* order is an unsigned int printed with %u here */
	expect(m, EV(mm_page_alloc_zone_locked, 0, "", 0, 0, NULL, 0x1, -1,
		     MIGRATE_HIGHATOMIC, 0),
	       "page=00000000910a2dec pfn=0x1 order=4294967295 migratetype=3 "
	       "percpu_refill=0");
	expect(m, EV(mm_page_pcpu_drain, 0, "", 0, 0, NULL, 0x1, 0,
		     MIGRATE_UNMOVABLE),
	       "page=00000000910a2dec pfn=0x1 order=0 migratetype=0");
	/* Internal MIGRATE_ISOLATE prints as the kernel's value: 4 without
	 * CMA, 5 with. */
	expect(m, EV(mm_page_pcpu_drain, 0, "", 0, 0, NULL, 0x1, 0,
		     MIGRATE_ISOLATE),
	       "page=00000000910a2dec pfn=0x1 order=0 migratetype=4");
	expect(mc, EV(mm_page_pcpu_drain, 0, "", 0, 0, NULL, 0x1, 0,
		      MIGRATE_ISOLATE),
	       "page=00000000910a2dec pfn=0x1 order=0 migratetype=5");
	expect(mc, EV(mm_page_pcpu_drain, 0, "", 0, 0, NULL, 0x1, 0,
		      MIGRATE_CMA),
	       "page=00000000910a2dec pfn=0x1 order=0 migratetype=4");
	expect(m, EV(mm_page_alloc_extfrag, 0, "", 0, 0, NULL, 0x80000, 0, 9,
		     MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, 1),
	       "page=000000001998b8bd pfn=0x80000 alloc_order=0 "
	       "fallback_order=9 pageblock_order=9 alloc_migratetype=0 "
	       "fallback_migratetype=1 fragmenting=0 change_ownership=1");
	expect(m, EV(mm_page_alloc_extfrag, 0, "", 0, 0, NULL, 0x80000, 0, 3,
		     MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, 0),
	       "page=000000001998b8bd pfn=0x80000 alloc_order=0 "
	       "fallback_order=3 pageblock_order=9 alloc_migratetype=2 "
	       "fallback_migratetype=1 fragmenting=1 change_ownership=0");
	/* pageblock_order is the machine's */
	m->pageblock_order = 13;
	expect(m, EV(mm_page_alloc_extfrag, 0, "", 0, 0, NULL, 0x80000, 0, 9,
		     MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, 1),
	       "page=000000001998b8bd pfn=0x80000 alloc_order=0 "
	       "fallback_order=9 pageblock_order=13 alloc_migratetype=0 "
	       "fallback_migratetype=1 fragmenting=1 change_ownership=1");
	m->pageblock_order = 9;
	expect(m, EV(mm_alloc_contig_migrate_range_info, 0, "", 0, 0, NULL,
		     0x100000, 0x100400, 100, 0, 3, MIGRATE_MOVABLE),
	       "start=0x100000 end=0x100400 migratetype=1 nr_migrated=100 "
	       "nr_reclaimed=0 nr_mapped=3");
	free(m);
	free(mc);
}

static void test_compaction_events(void **state)
{
	struct mc_machine *m = fake_machine(false);

	expect(m, EV(mm_compaction_isolate_freepages, 0, "", 0, 0, NULL,
		     0x23fe00, 0x240000, 512, 0),
	       "range=(0x23fe00 ~ 0x240000) nr_scanned=512 nr_taken=0");
	expect(m, EV(mm_compaction_fast_isolate_freepages, 0, "", 0, 0, NULL,
		     0x200000, 0x23fe00, 17, 512),
	       "range=(0x200000 ~ 0x23fe00) nr_scanned=17 nr_taken=512");
	expect(m, EV(mm_compaction_migratepages, 0, "", 0, 0, NULL, 30, 2),
	       "nr_migrated=30 nr_failed=2");
	expect(m, EV(mm_compaction_begin, 0, "", 0, 0, NULL, 0x1000, 0x1000,
		     0xffe00, 0x100000, 0),
	       "zone_start=0x1000 migrate_pfn=0x1000 free_pfn=0xffe00 "
	       "zone_end=0x100000, mode=async");
	expect(m, EV(mm_compaction_end, 0, "", 0, 0, NULL, 0x1000, 0x2000,
		     0xffe00, 0x100000, 0, COMPACT_SUCCESS),
	       "zone_start=0x1000 migrate_pfn=0x2000 free_pfn=0xffe00 "
	       "zone_end=0x100000, mode=async status=success");
	expect(m, EV(mm_compaction_end, 0, "", 0, 0, NULL, 0x1000, 0x2000,
		     0xffe00, 0x100000, 2, COMPACT_CONTENDED),
	       "zone_start=0x1000 migrate_pfn=0x2000 free_pfn=0xffe00 "
	       "zone_end=0x100000, mode=sync status=contended");
	expect(m, EV(mm_compaction_try_to_compact_pages, 0, "", 0, 0, NULL, 9,
		     MC_GFP_TRANSHUGE | MC_GFP_NORETRY | MC_GFP_THISNODE,
		     COMPACT_PRIO_SYNC_LIGHT),
	       "order=9 gfp_mask=GFP_TRANSHUGE|__GFP_NORETRY|__GFP_THISNODE "
	       "priority=1");
	expect(m, EV(mm_compaction_finished, 0, "", 0, 0, NULL, 1,
		     ZONE_MOVABLE, 4, COMPACT_PARTIAL_SKIPPED),
	       "node=1 zone=Movable  order=4 ret=partial_skipped");
	expect(m, EV(mm_compaction_finished, 0, "", 0, 0, NULL, 0, ZONE_DMA,
		     -1, COMPACT_NO_SUITABLE_PAGE),
	       "node=0 zone=DMA      order=-1 ret=no_suitable_page");
	/* Values outside the symbol tables: __print_symbolic's 0x%lx; an int
	 * field sign-extends to unsigned long, an enum field does not. */
	expect(m, EV(mm_compaction_suitable, 0, "", 0, 0, NULL, 0,
		     ZONE_DEVICE, 9, 42),
	       "node=0 zone=0x4      order=9 ret=0x2a");
	expect(m, EV(mm_compaction_suitable, 0, "", 0, 0, NULL, 0, -1, 9, -1),
	       "node=0 zone=0xffffffff order=9 ret=0xffffffffffffffff");
	expect(m, EV(mm_compaction_suitable, 0, "", 0, 0, NULL, 0,
		     ZONE_NORMAL, 9, COMPACT_NOT_SUITABLE_ZONE),
	       "node=0 zone=Normal   order=9 ret=not_suitable_zone");
	expect(m, EV(mm_compaction_suitable, 0, "", 0, 0, NULL, 0,
		     ZONE_NORMAL, 9, COMPACT_SKIPPED),
	       "node=0 zone=Normal   order=9 ret=skipped");
	expect(m, EV(mm_compaction_deferred, 0, "", 0, 0, NULL, 0, ZONE_DMA,
		     3, 5, 6, 3),
	       "node=0 zone=DMA      order=3 order_failed=3 consider=5 "
	       "limit=64");
	expect(m, EV(mm_compaction_defer_reset, 0, "", 0, 0, NULL, 2,
		     ZONE_DMA32, 9, 0, 0, 10),
	       "node=2 zone=DMA32    order=9 order_failed=10 consider=0 "
	       "limit=1");
	expect(m, EV(mm_compaction_kcompactd_sleep, 0, "", 0, 0, NULL, 1),
	       "nid=1");
	expect(m, EV(mm_compaction_wakeup_kcompactd, 0, "", 0, 0, NULL, 0, -1,
		     ZONE_DMA32),
	       "nid=0 order=-1 classzone_idx=DMA32   ");
	expect(m, EV(mm_compaction_kcompactd_wake, 0, "", 0, 0, NULL, 3, 2,
		     ZONE_MOVABLE),
	       "nid=3 order=2 classzone_idx=Movable ");
	free(m);
}

static void test_other_events(void **state)
{
	struct mc_machine *m = fake_machine(false);

	expect(m, EV(mm_migrate_pages, 0, "", 0, 0, NULL, 30, 2, 0, 0, 0, 0,
		     MIGRATE_SYNC_LIGHT, MR_COMPACTION),
	       "nr_succeeded=30 nr_failed=2 nr_thp_succeeded=0 "
	       "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
	       "mode=MIGRATE_SYNC_LIGHT reason=compaction");
	expect(m, EV(mm_migrate_pages, 0, "", 0, 0, NULL, 1, 2, 3, 4, 5, 6,
		     MIGRATE_SYNC, MR_DAMON),
	       "nr_succeeded=1 nr_failed=2 nr_thp_succeeded=3 "
	       "nr_thp_failed=4 nr_thp_split=5 nr_split=6 "
	       "mode=MIGRATE_SYNC reason=damon");
	expect(m, EV(mm_migrate_pages_start, 0, "", 0, 0, NULL, MIGRATE_ASYNC,
		     MR_CONTIG_RANGE),
	       "mode=MIGRATE_ASYNC reason=contig_range");
	expect(m, EV(mm_migrate_pages_start, 0, "", 0, 0, NULL, 7, MR_SYSCALL),
	       "mode=0x7 reason=syscall_or_cpuset");
	expect(m, EV(compact_retry, 0, "", 0, 0, NULL, 9,
		     COMPACT_PRIO_SYNC_LIGHT, COMPACT_COMPLETE, 1, 16, 1),
	       "order=9 priority=COMPACT_PRIO_SYNC_LIGHT "
	       "compaction_result=failed retries=1 max_retries=16 "
	       "should_retry=1");
	expect(m, EV(compact_retry, 0, "", 0, 0, NULL, 4,
		     COMPACT_PRIO_SYNC_FULL, COMPACT_SUCCESS, 3, 4, 0),
	       "order=4 priority=COMPACT_PRIO_SYNC_FULL "
	       "compaction_result=progress retries=3 max_retries=4 "
	       "should_retry=0");
	/* a bool field stores "nonzero" as 1 */
	expect(m, EV(compact_retry, 0, "", 0, 0, NULL, 2, COMPACT_PRIO_ASYNC,
		     COMPACT_SKIPPED, 0, 16, 5),
	       "order=2 priority=COMPACT_PRIO_ASYNC "
	       "compaction_result=withdrawn retries=0 max_retries=16 "
	       "should_retry=1");
	expect(m, EV(reclaim_retry_zone, 0, "", 0, 0, NULL, 0, ZONE_NORMAL, 0,
		     1000, 5000, 4000, 2, 1),
	       "node=0 zone=Normal   order=0 reclaimable=1000 available=5000 "
	       "min_wmark=4000 no_progress_loops=2 wmark_check=1");
	expect(m, EV(mm_vmscan_kswapd_sleep, 0, "", 0, 0, NULL, 0), "nid=0");
	expect(m, EV(mm_vmscan_kswapd_wake, 0, "", 0, 0, NULL, 0, ZONE_NORMAL,
		     3),
	       "nid=0 order=3");
	expect(m, EV(mm_vmscan_wakeup_kswapd, 0, "", 0, 0, NULL, 0,
		     ZONE_NORMAL, 9,
		     MC_GFP_KERNEL | MC_GFP_NOWARN | MC_GFP_NORETRY |
		     MC_GFP_COMP),
	       "nid=0 order=9 "
	       "gfp_flags=GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP");
	expect(m, EV(mm_vmscan_direct_reclaim_begin, 0, "", 0, 0, NULL, 9,
		     MC_GFP_HIGHUSER_MOVABLE | MC_GFP_NOWARN |
		     MC_GFP_RETRY_MAYFAIL | MC_GFP_COMP | MC_GFP_THISNODE),
	       "order=9 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|"
	       "__GFP_RETRY_MAYFAIL|__GFP_COMP|__GFP_THISNODE");
	expect(m, EV(mm_vmscan_direct_reclaim_end, 0, "", 0, 0, NULL, 32),
	       "nr_reclaimed=32");
	expect(m, EV(test_pages_isolated, 0, "", 0, 0, NULL, 0x100000,
		     0x100200, 0x100200),
	       "start_pfn=0x100000 end_pfn=0x100200 fin_pfn=0x100200 "
	       "ret=success");
	expect(m, EV(test_pages_isolated, 0, "", 0, 0, NULL, 0x100000,
		     0x100200, 0x1000f0),
	       "start_pfn=0x100000 end_pfn=0x100200 fin_pfn=0x1000f0 "
	       "ret=fail");
	expect(m, EV(cma_alloc_start, 0, "", 0, 0, "reserved", 512, 9),
	       "name=reserved count=512 align=9");
	expect(m, EV(cma_alloc_finish, 0, "", 0, 0, "reserved", 0x100000,
		     0x100000, 512, 9, 0),
	       "name=reserved pfn=0x100000 page=0000000033548c24 count=512 "
	       "align=9 errorno=0");
	expect(m, EV(cma_alloc_finish, 0, "", 0, 0, "reserved", -1, -1, 512,
		     9, -ENOMEM),
	       "name=reserved pfn=0xffffffffffffffff page=0000000000000000 "
	       "count=512 align=9 errorno=-12");
	expect(m, EV(cma_alloc_busy_retry, 0, "", 0, 0, "reserved", 0x100000,
		     0x100000, 512, 9),
	       "name=reserved pfn=0x100000 page=0000000033548c24 count=512 "
	       "align=9");
	expect(m, EV(cma_release, 0, "", 0, 0, NULL, 0x100000, 0x100000, 512),
	       "name=(null) pfn=0x100000 page=0000000033548c24 count=512");
	free(m);
}

/* ---- the prefix ---------------------------------------------------------- */
static void test_prefix(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct mc_trace_event ev;

	/* pid 0 is "<idle>" whatever the comm; timestamps round to usecs */
	ev = EV(mm_vmscan_kswapd_sleep, 1999999500ull, "swapper/0", 0, 1,
		NULL, 0);
	assert_string_equal(fmt(m, &ev, 0),
		"          <idle>-0       [001] .....     2.000000: "
		"mm_vmscan_kswapd_sleep: nid=0\n");
	ev.ts_ns = 1999999499ull;
	assert_string_equal(fmt(m, &ev, 0),
		"          <idle>-0       [001] .....     1.999999: "
		"mm_vmscan_kswapd_sleep: nid=0\n");
	/* an unknown comm is "<...>"; wide values push the columns */
	ev = EV(mm_vmscan_kswapd_sleep, 123456789123456789ull, "", 12345678,
		1234, NULL, 0);
	assert_string_equal(fmt(m, &ev, 0),
		"           <...>-12345678 [1234] ..... 123456789.123457: "
		"mm_vmscan_kswapd_sleep: nid=0\n");
	ev = EV(mm_vmscan_kswapd_sleep, 0, "abcdefghijklmno", 7, 0, NULL, 0);
	assert_string_equal(fmt(m, &ev, 0),
		" abcdefghijklmno-7       [000] .....     0.000000: "
		"mm_vmscan_kswapd_sleep: nid=0\n");

	/* irq-info off: trace_print_context() drops the flags only, so
	 * "[%03d] " meets trace_print_time()'s " %5lu.%06lu" */
	ev = EV(mm_compaction_kcompactd_wake, 102123456000ull, "kcompactd0",
		35, 2, NULL, 0, 9, ZONE_NORMAL);
	assert_string_equal(fmt(m, &ev, MC_TRACE_FMT_NO_IRQ_INFO),
		"      kcompactd0-35      [002]    102.123456: "
		"mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n");

	/* perf script: "%16s %7d [%03d] %12s: system:event: " */
	assert_string_equal(fmt(m, &ev, MC_TRACE_FMT_PERF),
		"      kcompactd0      35 [002]   102.123456: "
		"compaction:mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n");
	assert_string_equal(fmt(m, &ev, MC_TRACE_FMT_PERF |
				MC_TRACE_FMT_NO_IRQ_INFO),
		"      kcompactd0      35 [002]   102.123456: "
		"compaction:mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n");
	/* perf truncates to microseconds and calls pid 0 "swapper" */
	ev = EV(mm_vmscan_kswapd_sleep, 1999999500ull, "", 0, 3, NULL, 1);
	assert_string_equal(fmt(m, &ev, MC_TRACE_FMT_PERF),
		"         swapper       0 [003]     1.999999: "
		"vmscan:mm_vmscan_kswapd_sleep: nid=1\n");
	ev = EV(mm_vmscan_kswapd_sleep, 5, "", 77, 3, NULL, 1);
	assert_string_equal(fmt(m, &ev, MC_TRACE_FMT_PERF),
		"             :77      77 [003]     0.000000: "
		"vmscan:mm_vmscan_kswapd_sleep: nid=1\n");

	/* a NULL machine means pageblock_order 9 without CMA */
	ev = EV(mm_page_alloc_extfrag, 0, "x", 1, 0, NULL, 0x80000, 0, 8,
		MIGRATE_ISOLATE, MIGRATE_MOVABLE, 1);
	assert_non_null(strstr(fmt(NULL, &ev, 0),
			       "pageblock_order=9 alloc_migratetype=4 "
			       "fallback_migratetype=1 fragmenting=1 "));
	free(m);
}

static void test_format_buffer(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct mc_trace_event ev = EV(mm_vmscan_kswapd_sleep, 0, "a", 1, 0,
				      NULL, 0);
	const char *full = "               a-1       [000] .....     0.000000: "
			   "mm_vmscan_kswapd_sleep: nid=0\n";
	char small[11];
	int n;

	memset(small, 'X', sizeof(small));
	n = mc_trace_format(m, &ev, 0, small, sizeof(small));
	assert_int_equal(n, (int)strlen(full));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, full, sizeof(small) - 1);

	assert_int_equal(mc_trace_format(m, &ev, 0, NULL, 0),
			 (int)strlen(full));

	ev.id = MC_TRACE_NR_EVENTS;
	assert_int_equal(mc_trace_format(m, &ev, 0, small, sizeof(small)),
			 -EINVAL);
	ev.id = (enum mc_trace_id)-1;
	assert_int_equal(mc_trace_format(m, &ev, 0, small, sizeof(small)),
			 -EINVAL);
	assert_int_equal(mc_trace_format(m, NULL, 0, small, sizeof(small)),
			 -EINVAL);
	free(m);
}

/* ---- header -------------------------------------------------------------- */
static void test_header(void **state)
{
	static const char irq[] =
	"# tracer: nop\n"
	"#\n"
	"# entries-in-buffer/entries-written: 1234/1234   #P:4\n"
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";
	static const char noirq[] =
	"# tracer: nop\n"
	"#\n"
	"# entries-in-buffer/entries-written: 0/0   #P:16\n"
	"#\n"
	"#           TASK-PID     CPU#     TIMESTAMP  FUNCTION\n"
	"#              | |         |         |         |\n";
	struct mc_machine *m = fake_machine(false);
	char buf[2048];
	int n;

	n = mc_trace_header(m, 1234, 0, buf, sizeof(buf));
	assert_string_equal(buf, irq);
	assert_int_equal(n, (int)strlen(buf));

	m->nr_cpu_ids = 16;
	n = mc_trace_header(m, 0, MC_TRACE_FMT_NO_IRQ_INFO, buf, sizeof(buf));
	assert_string_equal(buf, noirq);
	assert_int_equal(n, (int)strlen(noirq));

	/* perf script has no header */
	buf[0] = 'X';
	assert_int_equal(mc_trace_header(m, 5, MC_TRACE_FMT_PERF, buf,
					 sizeof(buf)), 0);
	assert_string_equal(buf, "");

	/* snprintf semantics */
	n = mc_trace_header(m, 0, MC_TRACE_FMT_NO_IRQ_INFO, buf, 8);
	assert_int_equal(n, (int)strlen(noirq));
	assert_string_equal(buf, "# trace");
	assert_int_equal(mc_trace_header(m, 0, MC_TRACE_FMT_NO_IRQ_INFO, NULL,
					 0), (int)strlen(noirq));
	assert_int_equal(mc_trace_header(NULL, 0, 0, buf, sizeof(buf)),
			 -EINVAL);
	free(m);
}

/* ---- enable patterns, callback, trace_emit ------------------------------- */
static int nr_enabled(const struct mc_machine *m)
{
	int id, n = 0;

	for (id = 0; id < MC_TRACE_NR_EVENTS; id++)
		n += (int)(m->trace_enabled[id / 64] >> (id % 64) & 1);
	return n;
}

static bool is_on(const struct mc_machine *m, enum mc_trace_id id)
{
	return m->trace_enabled[id / 64] >> (id % 64) & 1;
}

static void test_enable_patterns(void **state)
{
	struct mc_machine *m = fake_machine(false);

	assert_int_equal(MC_TRACE_NR_EVENTS, 36);
	assert_int_equal(mc_trace_enable(m, "compaction:mm_compaction_begin",
					 true), 1);
	assert_true(is_on(m, MC_TRACE_mm_compaction_begin));
	assert_int_equal(nr_enabled(m), 1);
	assert_int_equal(mc_trace_enable(m, "compaction:*", true), 15);
	assert_int_equal(nr_enabled(m), 15);
	assert_int_equal(mc_trace_enable(m, "compaction:", false), 15);
	assert_int_equal(nr_enabled(m), 0);
	/* a bare name matches an event or a system */
	assert_int_equal(mc_trace_enable(m, "compaction", true), 15);
	assert_int_equal(mc_trace_enable(m, "mm_page_alloc", true), 1);
	assert_true(is_on(m, MC_TRACE_mm_page_alloc));
	assert_false(is_on(m, MC_TRACE_mm_page_alloc_extfrag));
	assert_int_equal(mc_trace_enable(m, "kmem", true), 7);
	assert_int_equal(mc_trace_enable(m, "migrate", true), 2);
	assert_int_equal(mc_trace_enable(m, "oom", true), 2);
	assert_int_equal(mc_trace_enable(m, "vmscan:*", true), 5);
	assert_int_equal(mc_trace_enable(m, "page_isolation:", true), 1);
	assert_int_equal(mc_trace_enable(m, "cma:*", true), 4);
	assert_int_equal(nr_enabled(m), 36);
	assert_int_equal(mc_trace_enable(m, "*", false), 36);
	assert_int_equal(nr_enabled(m), 0);
	assert_int_equal(mc_trace_enable(m, "*:*", true), 36);
	assert_int_equal(mc_trace_enable(m, ":", false), 36);
	assert_int_equal(mc_trace_enable(m, ":mm_page_free", true), 1);
	assert_int_equal(mc_trace_enable(m, "*:mm_page_free_batched", true), 1);
	assert_int_equal(mc_trace_enable(m, " oom:compact_retry\n", true), 1);
	assert_int_equal(nr_enabled(m), 3);
	assert_true(is_on(m, MC_TRACE_mm_page_free));
	assert_true(is_on(m, MC_TRACE_compact_retry));

	assert_int_equal(mc_trace_enable(m, "nope", true), -ENOENT);
	assert_int_equal(mc_trace_enable(m, "kmem:nope", true), -ENOENT);
	assert_int_equal(mc_trace_enable(m, "kmem:mm_compaction_begin", true),
			 -ENOENT);
	assert_int_equal(mc_trace_enable(m, "mm_page_*", true), -ENOENT);
	assert_int_equal(mc_trace_enable(m, "kmem:mm_page_free:x", true),
			 -ENOENT);
	assert_int_equal(mc_trace_enable(m, "", true), -EINVAL);
	assert_int_equal(mc_trace_enable(m, "  ", true), -EINVAL);
	assert_int_equal(mc_trace_enable(m, NULL, true), -EINVAL);
	assert_int_equal(mc_trace_enable(NULL, "*", true), -EINVAL);
	assert_int_equal(nr_enabled(m), 3);

	assert_string_equal(mc_trace_event_name(MC_TRACE_mm_page_alloc),
			    "mm_page_alloc");
	assert_string_equal(mc_trace_event_system(MC_TRACE_mm_page_alloc),
			    "kmem");
	assert_string_equal(mc_trace_event_system(MC_TRACE_test_pages_isolated),
			    "page_isolation");
	assert_string_equal(mc_trace_event_name(MC_TRACE_cma_release),
			    "cma_release");
	assert_null(mc_trace_event_name(MC_TRACE_NR_EVENTS));
	assert_null(mc_trace_event_system((enum mc_trace_id)-1));
	free(m);
}

struct seen {
	int n;
	struct mc_trace_event last;
	char str[32];
};

static void record(void *ctx, const struct mc_trace_event *ev)
{
	struct seen *s = ctx;

	s->n++;
	s->last = *ev;
	snprintf(s->str, sizeof(s->str), "%s", ev->str ? ev->str : "-");
}

static void test_emit(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct task_struct task = { .pid = 35, .cpu = 2 };
	struct task_struct *saved = current;
	struct seen s = { 0 };
	int64_t args[MC_TRACE_MAX_ARGS + 2];
	int k;

	snprintf(task.comm, sizeof(task.comm), "kcompactd0");
	m->clock_ns = 102123456000ull;

	/* nothing fires without a callback, or while disabled */
	assert_int_equal(mc_trace_enable(m, "compaction", true), 15);
	TRACE(m, mm_compaction_kcompactd_wake, 0, 9, ZONE_NORMAL);
	assert_int_equal(m->trace_entries, 0);
	mc_trace_set_callback(m, record, &s);
	TRACE(m, mm_page_alloc, 1, 0, 0, 0);
	assert_int_equal(s.n, 0);

	current = &task;
	TRACE(m, mm_compaction_kcompactd_wake, 0, 9, ZONE_NORMAL);
	assert_int_equal(s.n, 1);
	assert_int_equal(m->trace_entries, 1);
	assert_int_equal(s.last.id, MC_TRACE_mm_compaction_kcompactd_wake);
	assert_int_equal(s.last.ts_ns, 102123456000ull);
	assert_int_equal(s.last.pid, 35);
	assert_int_equal(s.last.cpu, 2);
	assert_string_equal(s.last.comm, "kcompactd0");
	assert_int_equal(s.last.args[0], 0);
	assert_int_equal(s.last.args[1], 9);
	assert_int_equal(s.last.args[2], ZONE_NORMAL);
	assert_int_equal(s.last.args[3], 0);
	assert_null(s.last.str);
	assert_string_equal(fmt(m, &s.last, 0),
		"      kcompactd0-35      [002] .....   102.123456: "
		"mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n");

	/* no current task: the idle context */
	current = NULL;
	m->clock_ns = 5000;
	TRACE(m, mm_compaction_kcompactd_sleep, 1);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.last.pid, 0);
	assert_int_equal(s.last.cpu, 0);
	assert_string_equal(s.last.comm, "<idle>");

	/* the string field, and more arguments than fit */
	current = &task;
	assert_int_equal(mc_trace_enable(m, "cma:cma_alloc_start", true), 1);
	for (k = 0; k < MC_TRACE_MAX_ARGS + 2; k++)
		args[k] = 100 + k;
	trace_emit(m, MC_TRACE_cma_alloc_start, MC_TRACE_MAX_ARGS + 2, args,
		   "reserved");
	assert_int_equal(s.n, 3);
	assert_string_equal(s.str, "reserved");
	assert_int_equal(s.last.args[MC_TRACE_MAX_ARGS - 1],
			 100 + MC_TRACE_MAX_ARGS - 1);
	/* disabled: a direct trace_emit() does nothing either */
	assert_int_equal(mc_trace_enable(m, "cma", false), 4);
	trace_emit(m, MC_TRACE_cma_alloc_start, 2, args, "reserved");
	trace_emit(m, MC_TRACE_NR_EVENTS, 2, args, "reserved");
	assert_int_equal(s.n, 3);
	assert_int_equal(m->trace_entries, 3);

	mc_trace_set_callback(m, NULL, NULL);
	TRACE(m, mm_compaction_kcompactd_sleep, 1);
	assert_int_equal(s.n, 3);
	current = saved;
	free(m);
}

/* ---- gfp ----------------------------------------------------------------- */
static const char *gfp_text(uint32_t gfp)
{
	static char buf[1024];
	int n = mc_gfp_format(gfp, buf, sizeof(buf));

	assert_int_equal(n, (int)strlen(buf));
	return buf;
}

static void test_gfp_format(void **state)
{
	char small[6];

	assert_string_equal(gfp_text(0), "none");
	assert_string_equal(gfp_text(MC_GFP_TRANSHUGE | MC_GFP_NORETRY |
				     MC_GFP_THISNODE),
			    "GFP_TRANSHUGE|__GFP_NORETRY|__GFP_THISNODE");
	assert_string_equal(gfp_text(MC_GFP_HIGHUSER_MOVABLE | MC_GFP_NOWARN |
				     MC_GFP_RETRY_MAYFAIL | MC_GFP_COMP |
				     MC_GFP_THISNODE),
			    "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|"
			    "__GFP_RETRY_MAYFAIL|__GFP_COMP|__GFP_THISNODE");
	assert_string_equal(gfp_text(MC_GFP_KERNEL | MC_GFP_NOWARN |
				     MC_GFP_NORETRY | MC_GFP_COMP),
			    "GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP");
	assert_string_equal(gfp_text(0x1c24ca), "GFP_TRANSHUGE");
	assert_string_equal(gfp_text(0x1c20ca), "GFP_TRANSHUGE_LIGHT");
	assert_string_equal(gfp_text(0x100cc2), "GFP_HIGHUSER");
	assert_string_equal(gfp_text(0x100cc0), "GFP_USER");
	assert_string_equal(gfp_text(0x400cc0), "GFP_KERNEL_ACCOUNT");
	assert_string_equal(gfp_text(0xc40), "GFP_NOFS");
	assert_string_equal(gfp_text(0x820), "GFP_ATOMIC");
	/* GFP_NOIO comes before __GFP_RECLAIM with the same value */
	assert_string_equal(gfp_text(0xc00), "GFP_NOIO");
	assert_string_equal(gfp_text(0x2800), "GFP_NOWAIT");
	assert_string_equal(gfp_text(0x800), "__GFP_KSWAPD_RECLAIM");
	assert_string_equal(gfp_text(0x400), "__GFP_DIRECT_RECLAIM");
	assert_string_equal(gfp_text(0x1), "GFP_DMA");
	assert_string_equal(gfp_text(0x4), "GFP_DMA32");
	assert_string_equal(gfp_text(0x2), "__GFP_HIGHMEM");
	assert_string_equal(gfp_text(0x100cc8), "GFP_USER|__GFP_MOVABLE");
	assert_string_equal(gfp_text(0x800000), "__GFP_ZEROTAGS");
	/* table order, not bit order */
	assert_string_equal(gfp_text(0x1918),
			    "__GFP_ZERO|__GFP_RECLAIMABLE|__GFP_MOVABLE|"
			    "__GFP_WRITE|__GFP_KSWAPD_RECLAIM");
	/* leftover bits: the unused 0x200 and __GFP_NO_OBJ_EXT */
	assert_string_equal(gfp_text(0x200), "0x200");
	assert_string_equal(gfp_text(MC_GFP_KERNEL | 0x200),
			    "GFP_KERNEL|0x200");
	assert_string_equal(gfp_text(0x1000000 | MC_GFP_ATOMIC),
			    "GFP_ATOMIC|0x1000000");
	assert_string_equal(gfp_text(0xffffffffu),
			    "GFP_TRANSHUGE|GFP_ATOMIC|GFP_DMA|GFP_DMA32|"
			    "__GFP_RETRY_MAYFAIL|__GFP_NOFAIL|__GFP_NORETRY|"
			    "__GFP_ZERO|__GFP_MEMALLOC|__GFP_THISNODE|"
			    "__GFP_RECLAIMABLE|__GFP_ACCOUNT|__GFP_WRITE|"
			    "__GFP_ZEROTAGS|0xff000200");

	assert_int_equal(mc_gfp_format(MC_GFP_KERNEL, small, sizeof(small)),
			 10);
	assert_string_equal(small, "GFP_K");
	assert_int_equal(mc_gfp_format(MC_GFP_KERNEL, NULL, 0), 10);
}

static void parse_ok(const char *text, uint32_t want)
{
	struct mc_error err = { 0 };
	uint32_t got = 0xdeadbeef;

	if (mc_gfp_parse(text, &got, &err))
		fail_msg("'%s' rejected: %s", text, err.msg);
	if (got != want)
		fail_msg("'%s' gave 0x%x, want 0x%x", text, got, want);
}

static void parse_bad(const char *text, const char *token)
{
	struct mc_error err = { 0 };
	uint32_t got = 0x1234;

	assert_int_equal(mc_gfp_parse(text, &got, &err), -EINVAL);
	assert_int_equal(got, 0x1234);
	assert_string_equal(err.file, "<gfp>");
	if (token && !strstr(err.msg, token))
		fail_msg("message '%s' does not name '%s'", err.msg, token);
	assert_int_equal(mc_gfp_parse(text, &got, NULL), -EINVAL);
}

static void test_gfp_parse(void **state)
{
	uint32_t x = 12345, g;
	int k;

	parse_ok("GFP_KERNEL|__GFP_NOWARN", 0x2cc0);
	parse_ok(" GFP_KERNEL | __GFP_NOWARN ", 0x2cc0);
	parse_ok("MC_GFP_KERNEL|MC_GFP_NOWARN", 0x2cc0);
	parse_ok("MC___GFP_NOWARN", 0x2000);
	parse_ok("GFP_NOWARN", 0x2000);
	parse_ok("gfp_kernel", 0xcc0);
	parse_ok("0x2cc0", 0x2cc0);
	parse_ok("0X2CC0", 0x2cc0);
	parse_ok("11456", 0x2cc0);
	parse_ok("0", 0);
	parse_ok("none", 0);
	parse_ok("GFP_KERNEL|0x200", 0xec0);
	parse_ok("__GFP_DMA", 0x1);
	parse_ok("GFP_DMA", 0x1);
	parse_ok("MC_GFP_DMA32", 0x4);
	parse_ok("GFP_HIGHMEM", 0x2);
	parse_ok("__GFP_RECLAIM", 0xc00);
	parse_ok("GFP_TRANSHUGE|__GFP_NORETRY|__GFP_THISNODE", 0x3d24ca);
	parse_ok("0xffffffff", 0xffffffffu);

	parse_bad("GFP_KERNEL|BOGUS", "BOGUS");
	parse_bad("GFP_KERNEL| __GFP_NOWRN ", "__GFP_NOWRN");
	parse_bad("", NULL);
	parse_bad("   ", NULL);
	parse_bad("GFP_KERNEL|", NULL);
	parse_bad("|GFP_KERNEL", NULL);
	parse_bad("GFP_KERNEL||__GFP_NOWARN", NULL);
	parse_bad("GFP_KERNEL| |__GFP_NOWARN", NULL);
	parse_bad("0x", "0x");
	parse_bad("0x1g", "0x1g");
	parse_bad("12ab", "12ab");
	parse_bad("0x100000000", "0x100000000");
	parse_bad("-1", "-1");
	parse_bad("GFP KERNEL", "GFP KERNEL");
	parse_bad("MC_", "MC_");
	assert_int_equal(mc_gfp_parse(NULL, &g, NULL), -EINVAL);

	/* whatever mc_gfp_format() prints parses back */
	for (k = 0; k < 20000; k++) {
		char buf[1024];

		x = x * 1103515245u + 12345u;
		g = k < 16 ? 1u << (k + 8) : (x >> 4) & (k & 1 ? 0x1ffffffu :
							 0xffffffu);
		mc_gfp_format(g, buf, sizeof(buf));
		parse_ok(buf, g);
	}
}

static void test_gfp_zone(void **state)
{
	const unsigned D = MC_GFP_DMA, H = MC_GFP_HIGHMEM, D32 = MC_GFP_DMA32,
		       M = MC_GFP_MOVABLE;

	assert_int_equal(gfp_zone(0), ZONE_NORMAL);
	assert_int_equal(gfp_zone(MC_GFP_KERNEL), ZONE_NORMAL);
	assert_int_equal(gfp_zone(D), ZONE_DMA);
	assert_int_equal(gfp_zone(D32), ZONE_DMA32);
	assert_int_equal(gfp_zone(H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M | H), ZONE_MOVABLE);
	assert_int_equal(gfp_zone(M | D), ZONE_DMA);
	assert_int_equal(gfp_zone(M | D32), ZONE_DMA32);
	assert_int_equal(gfp_zone(MC_GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	assert_int_equal(gfp_zone(MC_GFP_TRANSHUGE), ZONE_MOVABLE);
	assert_int_equal(gfp_zone(MC_GFP_HIGHUSER), ZONE_NORMAL);
	assert_int_equal(gfp_zone(MC_GFP_KERNEL | D32), ZONE_DMA32);
	/* GFP_ZONE_BAD combinations: ZONE_NORMAL (see gfp.c) */
	assert_int_equal(gfp_zone(D | D32), ZONE_NORMAL);
	assert_int_equal(gfp_zone(D | H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(D32 | H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(D | D32 | H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M | D | D32), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M | D | H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M | D32 | H), ZONE_NORMAL);
	assert_int_equal(gfp_zone(M | D | D32 | H), ZONE_NORMAL);
}

/* ---- the checker accepts every line the renderer writes ------------------ */
static const int64_t arg_sets[][MC_TRACE_MAX_ARGS] = {
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
	{ 0x100000, 9, 0x52cc0, 1, 1, 0, 1, 1, 0, 0 },
	{ -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 },
	{ 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
	  0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff },
	{ INT64_MIN, INT64_MAX, 0x80000000ll, 0xffffffffll, 42, 63, 64, 2,
	  3, 4 },
	{ 0x23fe00, 0x240000, 4, 5, 8, 6, 2, 9, 1, 1 },
	{ 12, 3, 0x3d24ca, 5, 3, 0, 0x1000200, 1, 1, 0 },
};

static const char *const comms[] = {
	"bash", "kcompactd0", "<idle>", "", "kworker/u8:2-ev", "a b",
	"abcdefghijklmno", "x-1"
};

static void test_checker_accepts(void **state)
{
	struct mc_machine *m = fake_machine(false);
	struct mc_machine *mc = fake_machine(true);
	static const unsigned opts[] = { 0, MC_TRACE_FMT_NO_IRQ_INFO,
					 MC_TRACE_FMT_PERF };
	int id, a, o, k = 0, lines = 0;

	for (id = 0; id < MC_TRACE_NR_EVENTS; id++) {
		for (a = 0; a < (int)(sizeof(arg_sets) / sizeof(arg_sets[0]));
		     a++, k++) {
			struct mc_trace_event ev;
			const int pids[] = { 0, 1, 1234, 12345678, 2147483647 };
			const int cpus[] = { 0, 7, 99, 255, 1000 };

			ev = mkev(id, (uint64_t)k * 987654321123ull +
				  (uint64_t)a * 499,
				  comms[k % 8], pids[k % 5], cpus[(k / 5) % 5],
				  MC_TRACE_MAX_ARGS, arg_sets[a],
				  a & 1 ? "reserved" : NULL);
			/* fields the kernel fills from a comparison */
			if (id == MC_TRACE_mm_page_alloc_zone_locked)
				ev.args[3] &= 1;
			if (id == MC_TRACE_mm_page_alloc_extfrag)
				ev.args[5] &= 1;
			for (o = 0; o < 3; o++) {
				char buf[1024], why[256];
				const struct mc_machine *mm = a & 2 ? mc : m;

				mc_trace_format(mm, &ev, opts[o], buf,
						sizeof(buf));
				if (trace_check_line_opts(buf, opts[o], why,
							  sizeof(why)))
					fail_msg("rejected (opts %u): '%s': %s",
						 opts[o], buf, why);
				lines++;
			}
		}
	}
	assert_int_equal(lines, 36 * 8 * 3);
	free(m);
	free(mc);
}

/* ---- ... and rejects corrupted ones -------------------------------------- */
static void reject(const char *line, const char *what)
{
	char why[256];

	if (!trace_check_line(line, why, sizeof(why)))
		fail_msg("checker accepted a line with %s: '%s'", what, line);
	assert_true(why[0] != '\0');
}

/* @base with the first @from replaced by @to */
static const char *edit(const char *base, const char *from, const char *to)
{
	static char buf[1024];
	const char *p = strstr(base, from);

	assert_non_null(p);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - base), base, to,
		 p + strlen(from));
	return buf;
}

static void test_checker_rejects(void **state)
{
	const char *iso =
		"            bash-1234    [000] ..... 98765.004400: "
		"mm_compaction_isolate_migratepages: "
		"range=(0x100000 ~ 0x100200) nr_scanned=512 nr_taken=32\n";
	const char *sui =
		"            bash-1234    [000] ..... 98765.004501: "
		"mm_compaction_suitable: node=0 zone=DMA32    order=9 "
		"ret=continue\n";
	const char *alloc =
		"            bash-1234    [000] ..... 98765.004503: "
		"mm_page_alloc: page=0000000088ad5043 pfn=0x1a2b3 order=0 "
		"migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO\n";
	const char *frag =
		"            bash-1234    [000] ..... 98765.004503: "
		"mm_page_alloc_extfrag: page=000000001998b8bd pfn=0x80000 "
		"alloc_order=0 fallback_order=9 pageblock_order=9 "
		"alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 "
		"change_ownership=1\n";
	const char *wake =
		"      kcompactd0-35      [002] .....   102.123456: "
		"mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  \n";
	char why[256];

	/* the originals pass */
	assert_int_equal(trace_check_line(iso, why, sizeof(why)), 0);
	assert_int_equal(trace_check_line(sui, why, sizeof(why)), 0);
	assert_int_equal(trace_check_line(alloc, why, sizeof(why)), 0);
	assert_int_equal(trace_check_line(frag, why, sizeof(why)), 0);
	assert_int_equal(trace_check_line(wake, why, sizeof(why)), 0);
	/* without its "\n" too, but not with two */
	assert_int_equal(trace_check_line(edit(wake, "  \n", "  "), why,
					  sizeof(why)), 0);

	reject(edit(iso, "nr_scanned", "nr_scaned"), "a wrong field name");
	reject(edit(iso, " nr_taken=32", ""), "a missing field");
	reject(edit(iso, "0x100200", "0x100g00"), "a non-hex value");
	reject(edit(iso, "0x100200", "100200"), "a hex value without 0x");
	reject(edit(iso, "0x100200", "0x1002AB"), "uppercase hex");
	reject(edit(iso, "0x100200", "0x0100200"), "a leading zero");
	reject(edit(iso, "nr_taken=32", "nr_taken=-32"), "a sign on %lu");
	reject(edit(iso, "nr_taken=32", "nr_taken= 32"), "a space in a value");
	reject(edit(iso, "range=(", "range=( "), "an extra space");
	reject(edit(iso, " ~ ", "~"), "missing literal text");
	reject(edit(iso, "            bash", "           bash"),
	       "a 15-column comm");
	reject(edit(iso, "-1234    [", "-1234   ["), "a 6-column pid");
	reject(edit(iso, "[000]", "[0]"), "a 1-digit cpu");
	reject(edit(iso, "[000]", "[0000]"), "a 4-digit zero-padded cpu");
	reject(edit(iso, " ..... ", " "), "no irq-info columns");
	reject(edit(iso, ".....", "....."  "."), "six flag columns");
	reject(edit(iso, ".....", "..x.."), "a bad flag character");
	reject(edit(iso, "98765.004400", "98765.00440"), "5-digit usecs");
	reject(edit(wake, "  102.123456", " 102.123456"),
	       "a 4-column seconds field");
	reject(edit(iso, "isolate_migratepages", "isolate_migrate_pages"),
	       "an unknown event");
	reject(edit(iso, "isolate_migratepages: ", "isolate_migratepages "),
	       "no ': ' after the name");
	reject(edit(iso, "nr_taken=32\n", "nr_taken=32 \n"),
	       "a trailing space");
	reject(edit(iso, "nr_taken=32\n", "nr_taken=32\n\n"), "two newlines");
	reject(edit(iso, "nr_taken=32\n", "nr_taken=32 extra\n"),
	       "trailing text");
	reject(edit(sui, "DMA32    ", "DMA32 "), "an unpadded %-8s zone");
	reject(edit(sui, "DMA32    ", "    DMA32"), "a right-aligned zone");
	reject(edit(sui, "DMA32    ", "Highmem  "), "an unknown zone");
	reject(edit(sui, "ret=continue", "ret=continued"), "a bad status");
	reject(edit(sui, "ret=continue", "ret=0X2a"), "a bad symbolic hex");
	reject(edit(sui, "order=9", "order=09"), "a leading zero in %d");
	reject(edit(sui, "node=0", "node=-0"), "negative zero");
	reject(edit(alloc, "page=0000000088ad5043", "page=88ad5043"),
	       "a short %p");
	reject(edit(alloc, "page=0000000088ad5043", "page=00000000088ad5043"),
	       "a long %p");
	reject(edit(alloc, "page=0000000088ad5043", "page=0000000000000000"),
	       "a NULL page with a pfn");
	reject(edit(alloc, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
		    "__GFP_ZERO|GFP_HIGHUSER_MOVABLE"),
	       "gfp flags out of order");
	reject(edit(alloc, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO",
		    "GFP_HIGHUSER|__GFP_MOVABLE|__GFP_ZERO"),
	       "gfp flags not combined");
	reject(edit(alloc, "|__GFP_ZERO", "|__GFP_BOGUS"), "a bad gfp flag");
	reject(edit(alloc, "|__GFP_ZERO", "|"), "an empty gfp flag");
	reject(edit(alloc, "|__GFP_ZERO", "|0x0"), "zero leftover bits");
	reject(edit(alloc, "|__GFP_ZERO", "|0x100"), "a named bit as hex");
	reject(edit(frag, "fragmenting=0", "fragmenting=1"),
	       "an inconsistent fragmenting");
	reject(edit(frag, "change_ownership=1", "change_ownership=2"),
	       "a bool out of range");
	reject("", "nothing");
	reject("# tracer: nop\n", "a header line");
	assert_int_equal(trace_check_line(NULL, why, sizeof(why)), -1);

	/* the reason names the place */
	assert_int_equal(trace_check_line(edit(iso, "nr_scanned",
					       "nr_scaned"), why, sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "column"));

	/* the variants are checked as what they are */
	assert_int_equal(trace_check_line_opts(wake, MC_TRACE_FMT_NO_IRQ_INFO,
					       why, sizeof(why)), -1);
	assert_int_equal(trace_check_line_opts(edit(wake, " ..... ", "  "),
					       MC_TRACE_FMT_NO_IRQ_INFO, why,
					       sizeof(why)), 0);
	assert_int_equal(trace_check_line_opts(wake, MC_TRACE_FMT_PERF, why,
					       sizeof(why)), -1);
	assert_int_equal(trace_check_line_opts(
				 "      kcompactd0      35 [002]   102.123456: "
				 "compaction:mm_compaction_kcompactd_wake: "
				 "nid=0 order=9 classzone_idx=Normal  \n",
				 MC_TRACE_FMT_PERF, why, sizeof(why)), 0);
	assert_int_equal(trace_check_line_opts(
				 "      kcompactd0      35 [002]   102.123456: "
				 "kmem:mm_compaction_kcompactd_wake: "
				 "nid=0 order=9 classzone_idx=Normal  \n",
				 MC_TRACE_FMT_PERF, why, sizeof(why)), -1);
}

/* ---- Mel Gorman's trace-pagealloc-postprocess.pl regex ------------------- */
static void test_postprocess_regex(void **state)
{
	/* \s*([a-zA-Z0-9-]*)\s*(\[[0-9]*\])\s*([0-9.]*):\s*([a-zA-Z_]*):\s*(.*)
	 * with \s as [[:space:]] */
	static const char *re_text =
		"[[:space:]]*([a-zA-Z0-9-]*)[[:space:]]*(\\[[0-9]*\\])"
		"[[:space:]]*([0-9.]*):[[:space:]]*([a-zA-Z_]*):"
		"[[:space:]]*(.*)";
	struct mc_machine *m = fake_machine(false);
	regex_t re;
	int id, a;

	assert_int_equal(regcomp(&re, re_text, REG_EXTENDED), 0);
	for (id = 0; id < MC_TRACE_NR_EVENTS; id++) {
		for (a = 0; a < 3; a++) {
			struct mc_trace_event ev;
			regmatch_t g[6];
			char line[1024], got[256], want[64];
			char *nl;

			ev = mkev(id, 98765004321000ull + (uint64_t)a * 1000,
				  a ? "kcompactd0" : "bash", 35 + a, a,
				  MC_TRACE_MAX_ARGS, arg_sets[a + 1], "cma0");
			mc_trace_format(m, &ev, MC_TRACE_FMT_NO_IRQ_INFO, line,
					sizeof(line));
			nl = strchr(line, '\n');
			assert_non_null(nl);
			*nl = '\0';
			if (regexec(&re, line, 6, g, 0))
				fail_msg("no match: '%s'", line);
			snprintf(got, sizeof(got), "%.*s",
				 (int)(g[1].rm_eo - g[1].rm_so),
				 line + g[1].rm_so);
			snprintf(want, sizeof(want), "%s-%d",
				 a ? "kcompactd0" : "bash", 35 + a);
			assert_string_equal(got, want);
			snprintf(got, sizeof(got), "%.*s",
				 (int)(g[2].rm_eo - g[2].rm_so),
				 line + g[2].rm_so);
			assert_string_equal(got, a == 0 ? "[000]" :
					    a == 1 ? "[001]" : "[002]");
			snprintf(got, sizeof(got), "%.*s",
				 (int)(g[3].rm_eo - g[3].rm_so),
				 line + g[3].rm_so);
			assert_string_equal(got, a == 0 ? "98765.004321" :
					    a == 1 ? "98765.004322" :
						     "98765.004323");
			snprintf(got, sizeof(got), "%.*s",
				 (int)(g[4].rm_eo - g[4].rm_so),
				 line + g[4].rm_so);
			assert_string_equal(got, mc_trace_event_name(id));
			assert_int_equal(g[5].rm_eo, (regoff_t)strlen(line));

			/* with the irq-info columns the regex cannot match,
			 * which is why noirq-info exists */
			mc_trace_format(m, &ev, 0, line, sizeof(line));
			assert_int_not_equal(regexec(&re, line, 6, g, 0), 0);
		}
	}
	regfree(&re);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_examples),
		cmocka_unit_test(test_kmem_events),
		cmocka_unit_test(test_compaction_events),
		cmocka_unit_test(test_other_events),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_format_buffer),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_enable_patterns),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_gfp_format),
		cmocka_unit_test(test_gfp_parse),
		cmocka_unit_test(test_gfp_zone),
		cmocka_unit_test(test_checker_accepts),
		cmocka_unit_test(test_checker_rejects),
		cmocka_unit_test(test_postprocess_regex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
