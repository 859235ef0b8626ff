// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_kswapd.c - kswapd against 6.12's mm/vmscan.c, worked by hand:
 *
 *  - a wakeup below the low watermark: kswapd reclaims (MGLRU batches of
 *    64 pages, set_initial_priority, should_abort_scan) until the node is
 *    balanced at the high watermark, naps HZ/10 and sleeps;
 *  - the nap: a wakeup during it counts kswapd_low_wmark_hit_quickly, a
 *    node unbalanced at its end kswapd_high_wmark_hit_quickly;
 *  - wakeup_kswapd()'s rules (order and zone aggregation, the waitqueue,
 *    balanced nodes, kcompactd for requests that cannot reclaim);
 *  - a high-order wake: reclaim drops to order 0 after compact_gap(order)
 *    pages and kswapd hands the request to kcompactd;
 *  - watermark boost: pure boosted reclaim does nothing with MGLRU (6.12:
 *    lru_gen_shrink_node needs may_writepage) and still clears the boost
 *    and wakes kcompactd at pageblock_order; an unbalanced boosted node is
 *    reclaimed to high + boost;
 *  - MAX_RECLAIM_RETRIES failed runs make the node hopeless, until direct
 *    reclaim succeeds;
 *  - determinism: the same workload twice gives the same bytes.
 * Every trace line is checked with trace_check_line().
 *
 * The machine is reclaim_harness.h's: one Normal zone of 4096 pages,
 * watermarks min 128, low 160, high 192, per-cpu lists passed through.
 * kswapd0 is pid 104 on CPU 0; the allocating task is memcompact-1000.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reclaim_harness.h"

static const char *const vmscan_events[] = { "vmscan:*", NULL };
static const char *const handoff_events[] = {
	"vmscan:*", "compaction:mm_compaction_wakeup_kcompactd",
	"compaction:mm_compaction_kcompactd_wake", NULL
};

/* "<ts>: " of a line, e.g. "0.100000" */
static void expect_ts(const struct h_trace *t, int k, const char *ts)
{
	char key[32];

	snprintf(key, sizeof(key), " %s: ", ts);
	if (k >= t->n || !strstr(t->lines[k], key)) {
		fprintf(stderr, "line %d: want ts %s: %s\n", k, ts,
			k < t->n ? t->lines[k] : "(none)");
		fail();
	}
}

static void test_watermarks(void **state)
{
	struct mc_machine *m = r_machine(0, 0, false);
	struct mc_zone_stats s;

	(void)state;
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &s), 0);
	assert_int_equal(s.wmark_min, MIN_WM);
	assert_int_equal(s.wmark_low, LOW_WM);
	assert_int_equal(s.wmark_high, HIGH_WM);
	assert_int_equal(s.boost, 0);
	/* Asleep at hand-over, no request pending. */
	assert_true(r_node(m)->kswapd_waiting);
	assert_int_equal(r_node(m)->kswapd_highest_zoneidx, MAX_NR_ZONES);
	assert_int_equal(r_node(m)->kswapd_order, 0);
	assert_string_equal(r_node(m)->kswapd_task.comm, "kswapd0");
	assert_int_equal(r_node(m)->kswapd_task.flags,
			 PF_MEMALLOC | PF_KSWAPD | PF_KTHREAD);
	mc_machine_destroy(m);
}

/*
 * 3996 clean page-cache pages (owner 0), 100 free.  A GFP_ATOMIC page:
 * the fast path fails at low (100 <= 160), the slow path wakes kswapd
 * (node not balanced: 100 <= 192) and succeeds at min - min/2 - min/8 =
 * 48 for ALLOC_MIN_RESERVE|ALLOC_NON_BLOCK: 99 free.
 *
 * kswapd (mc_advance 0): balance_pgdat(order 0, Normal), pageoutrun 1.
 *  prio 12: unbalanced; kswapd_shrink_node: nr_to_reclaim = max(192, 32)
 *    = 192; lru_gen_shrink_node -> set_initial_priority: reclaimable 3996,
 *    fls(3996) - 1 - fls(191) = 12 - 1 - 8 = 3, clamped to 6.
 *    nr_to_scan = 3996 >> 6 = 62; one batch of 64 (MIN_LRU_BATCH) >= 62.
 *    Free 163.  scanned 64 < 192: priority raised.
 *  prio 5: unbalanced (163 <= 192); nr_to_scan = 3932 >> 5 = 122: batch 1
 *    (free 227), should_abort_scan: 64 < 192 and 227 <= 192 + 64; batch 2
 *    (free 291), scanned 128 >= 122.  128 < 192: priority raised.
 *  prio 4: balanced (291 > 192): done.  192 pages, pfns 0x10000-0x100bf.
 * Then kswapd_try_to_sleep: balanced, no kcompactd for order 0, the nap
 * (25 jiffies), still balanced at its end: mm_vmscan_kswapd_sleep at
 * 0.100000.
 */
static struct mc_machine *woken_below_low(struct h_trace *t)
{
	struct mc_machine *m = r_machine(0, 0, false);
	char *map = r_map('F');

	r_fill(map, ZPAGES - 100, 100, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, t, vmscan_events);
	assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(r_free(m), 99);
	assert_int_equal(t->n, 1);
	r_expect_line(t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=GFP_ATOMIC");
	assert_false(r_node(m)->kswapd_waiting);
	assert_int_equal(r_node(m)->kswapd_highest_zoneidx, ZONE_NORMAL);
	/* It runs only when time advances. */
	assert_int_equal(h_vm(m, "pageoutrun"), 0);
	assert_int_equal(mc_advance(m, 0), 0);
	return m;
}

static void test_reclaims_to_high_wmark(void **state)
{
	struct h_trace t;
	struct mc_machine *m = woken_below_low(&t);

	(void)state;
	assert_int_equal(t.n, 2);
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=0");
	expect_ts(&t, 1, "0.000000");
	assert_int_equal(h_vm(m, "pageoutrun"), 1);
	assert_int_equal(h_vm(m, "pgscan_kswapd"), 192);
	assert_int_equal(h_vm(m, "pgsteal_kswapd"), 192);
	assert_int_equal(h_vm(m, "pgscan_file"), 192);
	assert_int_equal(h_vm(m, "pgsteal_file"), 192);
	assert_int_equal(h_vm(m, "pgscan_direct"), 0);
	assert_int_equal(r_free(m), 291);
	assert_true(r_free(m) > HIGH_WM);
	/* Oldest first. */
	assert_false(r_allocated(m, 0x10000));
	assert_false(r_allocated(m, 0x100bf));
	assert_true(r_allocated(m, 0x100c0));
	assert_int_equal(r_node(m)->kswapd_failures, 0);
	assert_false(zone_test_bit(h_zone(m), ZONE_RECLAIM_ACTIVE));
	assert_false(r_node(m)->kswapd_running);

	/* Napping: not yet asleep, but on the wait queue. */
	assert_true(r_node(m)->kswapd_waiting);
	assert_int_equal(mc_advance(m, NAP - 1), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(mc_advance(m, 1), 0);
	assert_int_equal(t.n, 3);
	r_expect_line(&t, 2, "kswapd0-104", "mm_vmscan_kswapd_sleep",
		      "nid=0");
	expect_ts(&t, 2, "0.100000");
	assert_int_equal(h_vm(m, "kswapd_low_wmark_hit_quickly"), 0);
	assert_int_equal(h_vm(m, "kswapd_high_wmark_hit_quickly"), 0);

	/* Asleep: nothing happens however long we wait. */
	assert_int_equal(mc_advance(m, 10000 * MS), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(h_vm(m, "pageoutrun"), 1);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * From the state above (291 free, 3804 page-cache pages, napping until
 * jiffy 25):
 *  - at 40 ms (jiffy 10), GFP_ATOMIC pages: the fast path serves them
 *    while more than low (160) is free, so 131 of them, 291 -> 160; the
 *    132nd goes through the slow path and wakes kswapd in its nap (159
 *    free).  The nap returns with 25 - 10 = 15 jiffies left:
 *    kswapd_low_wmark_hit_quickly; straight to kswapd_wake; reclaim
 *    (set_initial_priority: fls(3804) - 9 = 3 -> 6; 3804 >> 6 = 59): one
 *    batch, 223 free, balanced; a new nap until jiffy 35.
 *  - still at 40 ms, 43 more pages through the fast path (223 -> 180:
 *    below high, above low: nobody wakes kswapd).  At 140 ms the nap ends
 *    on an unbalanced node: kswapd_high_wmark_hit_quickly and a
 *    kswapd_wake with no wakeup before it; one batch (3740 >> 6 = 58),
 *    244 free; the nap until jiffy 60; asleep at 240 ms.
 */
static void test_nap_and_hit_quickly(void **state)
{
	struct h_trace t;
	struct mc_machine *m = woken_below_low(&t);

	(void)state;
	h_trace_clear(&t);
	assert_int_equal(mc_advance(m, 40 * MS), 0);
	for (int i = 0; i < 131; i++)
		assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL,
					 NULL), 0);
	assert_int_equal(r_free(m), LOW_WM);
	assert_int_equal(t.n, 0);
	assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(r_free(m), 159);
	assert_int_equal(t.n, 1);
	r_expect_line(&t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=GFP_ATOMIC");
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "kswapd_low_wmark_hit_quickly"), 1);
	assert_int_equal(h_vm(m, "kswapd_high_wmark_hit_quickly"), 0);
	assert_int_equal(t.n, 2);
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=0");
	expect_ts(&t, 1, "0.040000");
	assert_int_equal(r_free(m), 223);
	assert_int_equal(h_vm(m, "pgsteal_kswapd"), 256);

	for (int i = 0; i < 43; i++)
		assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL,
					 NULL), 0);
	assert_int_equal(r_free(m), 180);
	assert_int_equal(t.n, 2);
	assert_int_equal(mc_advance(m, NAP - 1), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(mc_advance(m, 1), 0);
	assert_int_equal(h_vm(m, "kswapd_low_wmark_hit_quickly"), 1);
	assert_int_equal(h_vm(m, "kswapd_high_wmark_hit_quickly"), 1);
	assert_int_equal(t.n, 3);
	r_expect_line(&t, 2, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=0");
	expect_ts(&t, 2, "0.140000");
	assert_int_equal(r_free(m), 244);
	assert_int_equal(h_vm(m, "pageoutrun"), 3);
	assert_int_equal(mc_advance(m, NAP), 0);
	assert_int_equal(t.n, 4);
	r_expect_line(&t, 3, "kswapd0-104", "mm_vmscan_kswapd_sleep",
		      "nid=0");
	expect_ts(&t, 3, "0.240000");
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * wakeup_kswapd() called as the allocator calls it (as the task):
 *  - a balanced, unboosted node: no wakeup; only requests that cannot
 *    direct reclaim leave the order to kcompactd (recorded even when
 *    kcompactd is not woken: an unfragmented zone is not suitable);
 *  - an unbalanced node (180 free <= high 192): the first call wakes
 *    kswapd and traces; later calls only raise the order and the zone
 *    (a lower zone does not lower it); kswapd_wake shows what
 *    accumulated;
 *  - without daemons nobody waits: never a wakeup.
 */
static void test_wakeup_rules(void **state)
{
	struct mc_machine *m = r_machine(0, 0, false);
	struct pglist_data *pgdat = r_node(m);
	struct zone *z = h_zone(m);
	struct task_scope ts;
	struct h_trace t;
	char *map;

	(void)state;
	r_trace_start(m, &t, handoff_events);
	task_enter(m, &ts, 0);
	wakeup_kswapd(z, GFP_KERNEL, 0, ZONE_NORMAL);
	assert_int_equal(pgdat->kswapd_highest_zoneidx, ZONE_NORMAL);
	assert_true(pgdat->kswapd_waiting);
	wakeup_kswapd(z, GFP_KERNEL, 9, ZONE_NORMAL);
	assert_int_equal(pgdat->kswapd_order, 9);
	assert_int_equal(pgdat->kcompactd_max_order, 0);
	wakeup_kswapd(z, GFP_NOWAIT, 9, ZONE_NORMAL);
	assert_int_equal(pgdat->kcompactd_max_order, 9);
	assert_true(pgdat->kcompactd_waiting);
	task_leave(&ts);
	assert_int_equal(t.n, 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);

	m = r_machine(0, 0, false);
	pgdat = r_node(m);
	z = h_zone(m);
	map = r_map('K');
	r_fill(map, ZPAGES - 180, 180, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	task_enter(m, &ts, 0);
	wakeup_kswapd(z, GFP_KERNEL, 0, ZONE_NORMAL);
	assert_false(pgdat->kswapd_waiting);
	wakeup_kswapd(z, GFP_KERNEL, 3, ZONE_DMA32);
	wakeup_kswapd(z, GFP_KERNEL, 1, ZONE_MOVABLE);
	task_leave(&ts);
	assert_int_equal(pgdat->kswapd_order, 3);
	assert_int_equal(pgdat->kswapd_highest_zoneidx, ZONE_MOVABLE);
	assert_int_equal(t.n, 1);
	r_expect_line(&t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=GFP_KERNEL");
	assert_int_equal(mc_advance(m, 0), 0);
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=3");
	assert_int_equal(pgdat->kswapd_order, 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);

	m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	pgdat = r_node(m);
	map = r_map('K');
	r_fill(map, ZPAGES - 180, 180, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	task_enter(m, &ts, 0);
	wakeup_kswapd(h_zone(m), GFP_KERNEL, 2, ZONE_NORMAL);
	task_leave(&ts);
	assert_int_equal(pgdat->kswapd_order, 2);
	assert_int_equal(t.n, 0);
	assert_int_equal(mc_advance(m, 1000 * MS), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(h_vm(m, "pageoutrun"), 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/*
 * A high-order wake: every 4-pfn chunk is SLAB, FILE, free, free (1024
 * page-cache pages, 2048 free pages in blocks of order <= 1).  A
 * GFP_NOWAIT order-3 request fails (no order-3 block, no direct reclaim)
 * after waking kswapd: at order 3 no zone meets high (192).
 *
 * kswapd: balance_pgdat(3): prio 12 -> 6 (fls(1024) - 9 = 2, clamped);
 * nr_to_scan 1024 >> 6 = 16, one batch of 64 page-cache pages (each frees
 * a lone page next to its SLAB page: still no order-2 block).  64 >=
 * compact_gap(3) = 16: sc.order drops to 0, and at order 0 the node is
 * balanced (2112 free).  balance_pgdat returns 0 < 3, so kswapd goes to
 * kswapd_try_to_sleep with reclaim_order 0: balanced, so it wakes
 * kcompactd for alloc_order 3 (not allocatable at min for order 3,
 * compaction suitable: 2112 > 128 + 16) and naps.  kcompactd runs at once.
 */
static void test_handoff_to_kcompactd(void **state)
{
	struct mc_machine *m = r_machine(0, 0, false);
	struct h_trace t;
	struct mc_alloc_request r = {
		.gfp = MC_GFP_NOWAIT, .order = 3, .nid = 0, .cpu = 0,
		.kind = MC_PAGE_KERNEL,
	};
	uint64_t pfn;
	char *map = r_map('.');

	(void)state;
	for (unsigned long i = 0; i < ZPAGES; i += 4) {
		map[i] = 'S';
		map[i + 1] = 'F';
	}
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, handoff_events);
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	assert_int_equal(t.n, 1);
	r_expect_line(&t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=3 gfp_flags=GFP_NOWAIT");
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(t.n, 4);
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=3");
	r_expect_line(&t, 2, "kswapd0-104", "mm_compaction_wakeup_kcompactd",
		      "nid=0 order=3 classzone_idx=Normal  ");
	r_expect_line(&t, 3, "kcompactd0-40",
		      "mm_compaction_kcompactd_wake",
		      "nid=0 order=3 classzone_idx=Normal  ");
	assert_int_equal(h_vm(m, "pgsteal_kswapd"), 64);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 1);
	assert_int_equal(r_free(m), 2048 + 64);
	assert_int_equal(mc_advance(m, NAP), 0);
	assert_int_equal(t.n, 5);
	r_expect_line(&t, 4, "kswapd0-104", "mm_vmscan_kswapd_sleep",
		      "nid=0");
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Watermark boost, vm.watermark_boost_factor 15000: max_boost =
 * mult_frac(192, 15000, 10000) = 288, raised to a pageblock: the first
 * fragmenting fallback boosts by 512 (high becomes 704).  The GFP_KERNEL
 * request's rmqueue() sees ZONE_BOOSTED_WATERMARK and calls
 * wakeup_kswapd(zone, 0, 0, Normal): the node is woken even if balanced.
 *
 * A: 'F...' (3072 free, in blocks of order <= 1).  The fallback claims
 * block 0x10000 (384 free >= 256).  3071 free > 704: balanced, so
 * balance_pgdat keeps the boost (nr_boost_reclaim 512) and runs without
 * writeback: lru_gen_shrink_node returns at once (!may_writepage), no
 * progress on a boost: break.  Nothing reclaimed: kswapd_failures 1.  The
 * boost is given up and kcompactd woken for pageblock_order 9 (no order-9
 * block; 3071 > low 160 + 1024; fragmentation index 997 > 500).
 */
static void test_boost_balanced(void **state)
{
	struct mc_machine *m = r_machine(0, 0, true);
	struct h_trace t;
	char *map = r_map('.');

	(void)state;
	for (unsigned long i = 0; i < ZPAGES; i += 4)
		map[i] = 'F';
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, handoff_events);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(h_zone(m)->watermark_boost, 512);
	assert_int_equal(high_wmark_pages(h_zone(m)), 704);
	assert_int_equal(t.n, 1);
	r_expect_line(&t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=none");
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(t.n, 4);
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=0");
	r_expect_line(&t, 2, "kswapd0-104", "mm_compaction_wakeup_kcompactd",
		      "nid=0 order=9 classzone_idx=Normal  ");
	r_expect_line(&t, 3, "kcompactd0-40",
		      "mm_compaction_kcompactd_wake",
		      "nid=0 order=9 classzone_idx=Normal  ");
	assert_int_equal(h_zone(m)->watermark_boost, 0);
	assert_int_equal(h_vm(m, "pgscan_kswapd"), 0);
	assert_int_equal(h_vm(m, "pgsteal_kswapd"), 0);
	assert_int_equal(h_vm(m, "pageoutrun"), 1);
	assert_int_equal(r_node(m)->kswapd_failures, 1);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * B: 3696 page-cache pages, the top 400 pfns free.  The fallback takes
 * the order-8 block at 0x10f00, claims pageblock 0x10e00 (400 free) and
 * serves 0x10e70: 399 free, under high + boost (704): kswapd is woken.
 * balance_pgdat: unbalanced with a boost: restart without it (normal
 * reclaim, to high_wmark_pages(), which includes the boost):
 *  prio 12: nr_to_reclaim 704, set_initial_priority fls(3696) - 1 -
 *    fls(703) = 1 -> 6; 3696 >> 6 = 57: one batch, 463 free.
 *  prio 5: 3632 >> 5 = 113: two batches (abort check: 527 <= 704 + 64),
 *    591 free.
 *  prio 4: 3504 >> 4 = 219: three batches, then should_abort_scan: 783 >
 *    768 in every zone.  prio 3: balanced (783 > 704).
 * 384 pages.  The boost is given up; kcompactd is asked for order 9, but
 * with 783 free compaction is not suitable (low + 1024): not woken.
 */
static void test_boost_unbalanced(void **state)
{
	struct mc_machine *m = r_machine(0, 0, true);
	struct h_trace t;
	uint64_t pfn;
	char *map = r_map('F');

	(void)state;
	r_fill(map, ZPAGES - 400, 400, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, handoff_events);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, &pfn), 0);
	assert_int_equal(pfn, 0x10e70);
	assert_int_equal(h_zone(m)->watermark_boost, 512);
	assert_int_equal(r_free(m), 399);
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(t.n, 2);
	r_expect_line(&t, 0, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=none");
	r_expect_line(&t, 1, "kswapd0-104", "mm_vmscan_kswapd_wake",
		      "nid=0 order=0");
	assert_int_equal(h_vm(m, "pgsteal_kswapd"), 384);
	assert_int_equal(r_free(m), 783);
	assert_int_equal(h_zone(m)->watermark_boost, 0);
	assert_int_equal(r_node(m)->kcompactd_max_order, 9);
	assert_int_equal(r_node(m)->kswapd_failures, 0);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 0);
	assert_int_equal(mc_advance(m, NAP), 0);
	assert_int_equal(t.n, 3);
	r_expect_line(&t, 2, "kswapd0-104", "mm_vmscan_kswapd_sleep",
		      "nid=0");
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Nothing reclaimable (anonymous memory, no swap), 150 free.  A
 * GFP_ATOMIC page wakes kswapd (149 free).  Each balance_pgdat goes
 * through priorities 12..1 without progress: kswapd_failures++.  Between
 * runs kswapd cannot even nap (unbalanced, not yet hopeless):
 * kswapd_high_wmark_hit_quickly.  After the 16th failure
 * (MAX_RECLAIM_RETRIES) prepare_kswapd_sleep() lets it sleep: 16
 * kswapd_wake, 15 hit-quickly, then the nap and the sleep.  The node is
 * "node_unreclaimable: 1"; wakeup_kswapd() leaves it alone.
 *
 * Then 20 page-cache pages (GFP_HIGHUSER_MOVABLE; served at min while
 * more than 128 is free: 148 -> 128); the 21st goes to direct reclaim,
 * which takes the 20 at priority 4 (20 >> 4 = 1), resets kswapd_failures
 * (lru_gen_shrink_node: progress) and the allocation succeeds.  The next
 * GFP_ATOMIC below low wakes kswapd again.
 */
static void test_hopeless_node(void **state)
{
	struct mc_machine *m = r_machine(0, 0, false);
	struct h_trace t;
	char *map = r_map('A');
	char *zi;

	(void)state;
	r_fill(map, ZPAGES - 150, 150, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(t.n, 1 + 16);
	for (int i = 1; i <= 16; i++)
		r_expect_line(&t, i, "kswapd0-104", "mm_vmscan_kswapd_wake",
			      "nid=0 order=0");
	assert_int_equal(r_node(m)->kswapd_failures, MAX_RECLAIM_RETRIES);
	assert_int_equal(h_vm(m, "pageoutrun"), 16);
	assert_int_equal(h_vm(m, "kswapd_high_wmark_hit_quickly"), 15);
	assert_int_equal(h_vm(m, "pgscan_kswapd"), 0);
	zi = t_render(m, MC_PROC_ZONEINFO);
	assert_non_null(strstr(zi, "\n  node_unreclaimable:  1\n"));
	free(zi);
	assert_int_equal(mc_advance(m, NAP), 0);
	assert_int_equal(t.n, 18);
	r_expect_line(&t, 17, "kswapd0-104", "mm_vmscan_kswapd_sleep",
		      "nid=0");

	/* Hopeless: not woken. */
	assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(r_free(m), 148);
	assert_int_equal(t.n, 18);

	for (int i = 0; i < 20; i++)
		assert_int_equal(r_alloc(m, MC_GFP_HIGHUSER_MOVABLE,
					 MC_PAGE_FILE, NULL), 0);
	assert_int_equal(r_free(m), MIN_WM);
	assert_int_equal(h_vm(m, "allocstall_movable"), 0);
	assert_int_equal(r_alloc(m, MC_GFP_HIGHUSER_MOVABLE, MC_PAGE_FILE,
				 NULL), 0);
	assert_int_equal(h_vm(m, "allocstall_movable"), 1);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 20);
	assert_int_equal(r_node(m)->kswapd_failures, 0);
	assert_int_equal(r_free(m), 147);
	assert_int_equal(t.n, 20);
	r_expect_line(&t, 18, "memcompact-1000",
		      "mm_vmscan_direct_reclaim_begin",
		      "order=0 gfp_flags=GFP_HIGHUSER_MOVABLE");
	r_expect_line(&t, 19, "memcompact-1000",
		      "mm_vmscan_direct_reclaim_end", "nr_reclaimed=20");
	zi = t_render(m, MC_PROC_ZONEINFO);
	assert_non_null(strstr(zi, "\n  node_unreclaimable:  0\n"));
	free(zi);

	assert_int_equal(r_alloc(m, MC_GFP_ATOMIC, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(t.n, 21);
	r_expect_line(&t, 20, "memcompact-1000", "mm_vmscan_wakeup_kswapd",
		      "nid=0 order=0 gfp_flags=GFP_ATOMIC");
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- determinism ------------------------------------------------------- */

struct transcript {
	struct mc_machine *m;
	char *buf;
	size_t len, cap;
	int lines, bad;
};

static void transcript_add(struct transcript *tr, const char *s, size_t n)
{
	if (tr->len + n + 1 > tr->cap) {
		tr->cap = (tr->len + n + 1) * 2;
		tr->buf = realloc(tr->buf, tr->cap);
		assert_non_null(tr->buf);
	}
	memcpy(tr->buf + tr->len, s, n);
	tr->len += n;
	tr->buf[tr->len] = '\0';
}

static void transcript_fn(void *ctx, const struct mc_trace_event *ev)
{
	struct transcript *tr = ctx;
	char line[512], why[256];
	int len = mc_trace_format(tr->m, ev, 0, line, sizeof(line));

	assert_true(len > 0 && (size_t)len < sizeof(line));
	if (trace_check_line(line, why, sizeof(why))) {
		if (tr->bad++ < 5)
			fprintf(stderr, "bad line: %s (%s)\n", line, why);
	}
	tr->lines++;
	transcript_add(tr, line, (size_t)len);
}

/* A small xorshift: the workload's own randomness, from a seed. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * A mixed workload: page cache (some dirty), anonymous memory with swap,
 * reclaimable slab with a shrinker, a boost, direct reclaim, kswapd and
 * writeback, with time advancing in between.  Returns the transcript: every
 * trace line, then /proc/vmstat and /proc/zoneinfo.
 */
static char *run_workload(uint64_t seed, int *lines)
{
	struct mc_machine *m = r_machine(0, 512, true);
	struct transcript tr = { .m = m };
	struct r_owner o;
	uint64_t s = seed;
	char *text;

	r_register(m, &o);
	mc_trace_enable(m, "*", true);
	mc_trace_set_callback(m, transcript_fn, &tr);
	for (int step = 0; step < 6000; step++) {
		uint64_t x = next_rand(&s);
		static const enum mc_page_kind kinds[] = {
			MC_PAGE_FILE, MC_PAGE_FILE, MC_PAGE_ANON,
			MC_PAGE_SLAB_RECLAIMABLE, MC_PAGE_KERNEL,
		};
		enum mc_page_kind kind = kinds[x % 5];
		struct mc_alloc_request r = {
			.gfp = kind == MC_PAGE_KERNEL ? MC_GFP_KERNEL :
			       kind == MC_PAGE_SLAB_RECLAIMABLE ?
			       MC_GFP_KERNEL | MC_GFP_RECLAIMABLE :
			       MC_GFP_HIGHUSER_MOVABLE,
			.order = (x >> 8) % 8 == 0 ? 2 : 0,
			.nid = 0, .cpu = 0, .kind = kind,
			.owner = (x >> 12) % 3 ? o.slot : 0,
			.cookie = (uint32_t)step,
		};
		uint64_t pfn;

		if (r.order && (kind == MC_PAGE_FILE || kind == MC_PAGE_ANON))
			r.gfp |= MC_GFP_COMP;
		if (mc_alloc_pages(m, &r, &pfn) == 0 && kind == MC_PAGE_FILE &&
		    (x >> 16) % 4 == 0)
			assert_int_equal(mc_page_set_flags(m, pfn, MC_PF_DIRTY,
							   0), 0);
		if (step % 97 == 0)
			assert_int_equal(mc_advance(m, (x >> 20) % 50 * MS),
					 0);
		/* With no refaults MGLRU takes file first: anonymous memory
		 * goes when file has nothing or at swappiness 200. */
		if (step == 2000)
			assert_int_equal(mc_sysctl_write(m, "vm.swappiness",
							 "200", 3), 0);
		if (step == 3000) {
			o.busy = true;
			assert_int_equal(mc_sysctl_write(m, "vm.drop_caches",
							 "3", 1), 0);
			o.busy = false;
		}
	}
	assert_int_equal(mc_advance(m, 1000 * MS), 0);
	mc_trace_set_callback(m, NULL, NULL);
	assert_int_equal(tr.bad, 0);
	assert_int_equal(t_check(m), 0);
	/* The workload did what it is meant to exercise. */
	assert_true(h_vm(m, "pgsteal_kswapd") > 0);
	assert_true(h_vm(m, "pgsteal_direct") > 0);
	assert_true(h_vm(m, "pswpout") > 0);
	assert_true(h_vm(m, "slabs_scanned") > 0);
	assert_true(h_vm(m, "pgrotated") > 0);
	*lines = tr.lines;
	text = t_render(m, MC_PROC_VMSTAT);
	transcript_add(&tr, text, strlen(text));
	free(text);
	text = t_render(m, MC_PROC_ZONEINFO);
	transcript_add(&tr, text, strlen(text));
	free(text);
	mc_machine_destroy(m);
	return tr.buf;
}

static void test_determinism(void **state)
{
	int n1, n2, n3;
	char *a = run_workload(42, &n1);
	char *b = run_workload(42, &n2);
	char *c = run_workload(43, &n3);

	(void)state;
	assert_true(n1 > 1000);
	assert_int_equal(n1, n2);
	assert_string_equal(a, b);
	/* A different seed is a different run (the test can tell). */
	assert_true(strcmp(a, c) != 0);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_watermarks),
		cmocka_unit_test(test_reclaims_to_high_wmark),
		cmocka_unit_test(test_nap_and_hit_quickly),
		cmocka_unit_test(test_wakeup_rules),
		cmocka_unit_test(test_handoff_to_kcompactd),
		cmocka_unit_test(test_boost_balanced),
		cmocka_unit_test(test_boost_unbalanced),
		cmocka_unit_test(test_hopeless_node),
		cmocka_unit_test(test_determinism),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
