// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_deferral.c - compaction deferral and direct compaction in the
 * allocator's slow path, against mm/compaction.c and mm/page_alloc.c of
 * 6.12.117: the defer_compaction / compaction_deferred /
 * compaction_defer_reset state machine step by step with its tracepoints
 * (kernel-spec 4.11), compaction_restarting() resetting the skip hints,
 * should_compact_retry()'s priority escalation and retry budget, and what
 * a request that keeps failing does in __alloc_pages_slowpath() (which
 * priorities it compacts at, what is deferred, what is counted).  The
 * expectations are worked out by hand in the comments; the machine is the
 * one of compaction_harness.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

static void expect_state(struct zone *z, unsigned int considered,
			 unsigned int shift, int failed)
{
	assert_int_equal(z->compact_considered, considered);
	assert_int_equal(z->compact_defer_shift, shift);
	assert_int_equal(z->compact_order_failed, failed);
}

static const char *defer_body(int order, int failed, unsigned int consider,
			      unsigned long limit)
{
	static char b[128];

	snprintf(b, sizeof(b), "node=0 zone=Normal   order=%d order_failed=%d "
		 "consider=%u limit=%lu", order, failed, consider, limit);
	return b;
}

/*
 * kernel-spec 4.11, from the boot state (considered, shift, order_failed)
 * = (0, 0, 0), order 4:
 *  - compaction_deferred: 4 >= order_failed 0; ++considered = 1 >= limit
 *    1 << 0 = 1 -> considered = 1, not deferred, no tracepoint.
 *  - for shift = 1 .. 6: defer_compaction -> considered 0, shift + 1,
 *    order_failed stays 0 (4 is not below it): "consider=0 limit=2^s";
 *    then compaction_deferred is true 2^s - 1 times ("consider=k", k = 1
 *    .. 2^s - 1) and false the 2^s-th time (considered clamps to 2^s).
 *  - a 7th defer_compaction: shift stays 6 (capped), limit 64.  63 more
 *    deferred, the 64th not: (64, 6, 0).
 *  - compaction_defer_reset(4, false): only order_failed: 4 >= 0 -> 5
 *    ("order=4 order_failed=5 consider=64 limit=64").
 *  - compaction_deferred(3): 3 < 5 -> false, nothing changes, no line;
 *    (5): ++considered = 65 >= 64 -> 64, false.
 *  - defer_compaction(2): (0, 6, 2) "order=2 order_failed=2 consider=0
 *    limit=64"; compaction_deferred(2): true "consider=1 limit=64".
 *  - compaction_defer_reset(2, true): (0, 0, 3) "order=2 order_failed=3
 *    consider=0 limit=1"; compaction_deferred(3): 1 >= 1 -> false.
 */
static void test_defer_sequence(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct h_trace t;
	int nd = 0, nc = 0, nr = 0;

	(void)state;
	h_trace_start(m, &t);
	expect_state(z, 0, 0, 0);
	assert_false(compaction_deferred(z, 4));
	expect_state(z, 1, 0, 0);
	assert_int_equal(h_count(&t, "mm_compaction_deferred", NULL), 0);

	for (unsigned int s = 1; s <= 7; s++) {
		unsigned int shift = s > 6 ? 6 : s;
		unsigned long limit = 1UL << shift;

		defer_compaction(z, 4);
		expect_state(z, 0, shift, 0);
		h_expect_body(&t, "mm_compaction_defer_compaction", nc++,
			      defer_body(4, 0, 0, limit));
		for (unsigned long k = 1; k < limit; k++) {
			assert_true(compaction_deferred(z, 4));
			h_expect_body(&t, "mm_compaction_deferred", nd++,
				      defer_body(4, 0, (unsigned)k, limit));
		}
		assert_false(compaction_deferred(z, 4));
		expect_state(z, (unsigned)limit, shift, 0);
	}
	assert_int_equal(h_count(&t, "mm_compaction_deferred", NULL),
			 1 + 3 + 7 + 15 + 31 + 63 + 63);

	compaction_defer_reset(z, 4, false);
	expect_state(z, 64, 6, 5);
	h_expect_body(&t, "mm_compaction_defer_reset", nr++,
		      defer_body(4, 5, 64, 64));
	assert_false(compaction_deferred(z, 3));
	expect_state(z, 64, 6, 5);
	assert_false(compaction_deferred(z, 5));
	expect_state(z, 64, 6, 5);
	assert_int_equal(h_count(&t, "mm_compaction_deferred", NULL), nd);

	defer_compaction(z, 2);
	expect_state(z, 0, 6, 2);
	h_expect_body(&t, "mm_compaction_defer_compaction", nc++,
		      defer_body(2, 2, 0, 64));
	assert_true(compaction_deferred(z, 2));
	h_expect_body(&t, "mm_compaction_deferred", nd++,
		      defer_body(2, 2, 1, 64));
	compaction_defer_reset(z, 2, true);
	expect_state(z, 0, 0, 3);
	h_expect_body(&t, "mm_compaction_defer_reset", nr++,
		      defer_body(2, 3, 0, 1));
	assert_false(compaction_deferred(z, 3));
	expect_state(z, 1, 0, 3);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/*
 * compaction_restarting(zone, order) = order >= order_failed && shift == 6
 * && considered >= 64: compact_zone() then runs __reset_isolation_suitable
 * before it starts.  Layout: B0 "A......." (ANON at every 8c), B1..B7
 * "S......."; all skip bits set, compact_blockskip_flush set, cached pfns
 * migrate 0x10400 (both) and free 0x10a00.  Direct ASYNC order 4 with a
 * fatal signal pending (the run stops at its first check).
 * suitable: fragindex(4) = 1000 - (1000 + 3584 * 1000 / 16) / 1536 = 854,
 * low 160 + 32 < 3584: CONTINUE.
 *  a) (64, 6, 0): restarting.  The reset walk clears B0 (LRU sample,
 *     init/cached migrate 0x10000) and nothing else (all other samples are
 *     SLAB); reset_migrate 0x10000 >= reset_free 0x10000: "no distance",
 *     cached migrate 0x10800, free 0x107ff.  The run starts there
 *     ("migrate_pfn=0x10800 free_pfn=0x107ff") and the scanners have
 *     already met: reset_cached_positions, flush set again (direct),
 *     COMPACT_PARTIAL_SKIPPED.
 *  b) (63, 6, 0): not restarting: starts at 0x10400 / 0x10a00; the first
 *     compact_finished finds no suitable page at the aligned 0x10400 and a
 *     fatal signal: COMPACT_CONTENDED; B0 keeps its skip bit, the flag
 *     stays, the cached pfns are unchanged.
 *  c) (64, 6, 5): order 4 < order_failed 5: not restarting either.
 */
static void run_restart(unsigned int considered, int failed)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	bool restart = considered >= 64 && failed <= 4;

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_pattern(&l, B0, PB, "A.......");
	h_layout_build(m, &l);
	for (unsigned long b = B0; b < ZEND; b += PB)
		set_pageblock_skip(m, b);
	z->compact_blockskip_flush = true;
	z->compact_cached_migrate_pfn[0] = 0x10400;
	z->compact_cached_migrate_pfn[1] = 0x10400;
	z->compact_cached_free_pfn = 0x10a00;
	z->compact_considered = considered;
	z->compact_defer_shift = 6;
	z->compact_order_failed = failed;

	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 4, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_ASYNC);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, true),
			 restart ? COMPACT_PARTIAL_SKIPPED : COMPACT_CONTENDED);
	h_expect_body(&t, "mm_compaction_suitable", 0,
		      "node=0 zone=Normal   order=4 ret=continue");
	if (restart) {
		h_expect_body(&t, "mm_compaction_begin", 0,
			"zone_start=0x10000 migrate_pfn=0x10800 "
			"free_pfn=0x107ff zone_end=0x11000, mode=async");
		h_expect_body(&t, "mm_compaction_finished", 0,
			"node=0 zone=Normal   order=4 ret=partial_skipped");
		assert_false(h_skip(m, B0));
		assert_int_equal(z->compact_init_migrate_pfn, 0x10000);
		/* reset_cached_positions() when the scanners met */
		assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10000);
		assert_int_equal(z->compact_cached_free_pfn, 0x10e00);
	} else {
		h_expect_body(&t, "mm_compaction_begin", 0,
			"zone_start=0x10000 migrate_pfn=0x10400 "
			"free_pfn=0x10a00 zone_end=0x11000, mode=async");
		h_expect_body(&t, "mm_compaction_finished", 0,
			"node=0 zone=Normal   order=4 ret=contended");
		assert_true(h_skip(m, B0));
		assert_int_equal(z->compact_init_migrate_pfn, 0);
		assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10400);
		assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10400);
		assert_int_equal(z->compact_cached_free_pfn, 0x10a00);
	}
	assert_true(z->compact_blockskip_flush);
	for (unsigned long b = B1; b < ZEND; b += PB)
		assert_true(h_skip(m, b));
	/* compact_zone itself never changes the deferral state. */
	expect_state(z, considered, 6, failed);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_restarting_resets_skip_hints(void **state)
{
	(void)state;
	run_restart(64, 0);
}

static void test_not_restarting_before_limit(void **state)
{
	(void)state;
	run_restart(63, 0);
}

static void test_not_restarting_below_order_failed(void **state)
{
	(void)state;
	run_restart(64, 5);
}

/* ---- should_compact_retry ------------------------------------------------ */

struct retry_env {
	struct mc_machine *m;
	struct alloc_context ac;
	struct h_trace t;
	int lines;
};

static void env_init(struct retry_env *e)
{
	e->m = h_machine();
	memset(&e->ac, 0, sizeof(e->ac));
	e->ac.m = e->m;
	e->ac.zonelist = node_zonelist(e->m, 0, GFP_HIGHUSER_MOVABLE);
	e->ac.highest_zoneidx = ZONE_NORMAL;
	e->ac.migratetype = MIGRATE_MOVABLE;
	e->ac.preferred_nid = 0;
	e->ac.preferred_zoneref = first_zones_zonelist(e->ac.zonelist,
						       ZONE_NORMAL);
	e->lines = 0;
	h_trace_start(e->m, &e->t);
}

static void env_done(struct retry_env *e)
{
	h_trace_stop(&e->t);
	mc_machine_destroy(e->m);
}

static const char *const prio_name[] = {
	"COMPACT_PRIO_SYNC_FULL", "COMPACT_PRIO_SYNC_LIGHT",
	"COMPACT_PRIO_ASYNC",
};

/*
 * One call; checks the return, the new priority and retries, and the
 * compact_retry line (original priority and retries, feedback, max).
 */
static void retry_step(struct retry_env *e, int order, enum compact_result r,
		       enum compact_priority *prio, int *retries, bool fatal,
		       bool want, enum compact_priority want_prio,
		       int want_retries, const char *feedback, int max)
{
	struct task_scope ts;
	enum compact_priority p0 = *prio;
	int r0 = *retries;
	bool got;
	char line[192];

	task_enter(e->m, &ts, 0);
	ts.task.fatal_signal_pending = fatal;
	got = should_compact_retry(&e->ac, order, ALLOC_WMARK_MIN, r, prio,
				   retries);
	task_leave(&ts);
	assert_int_equal(got, want);
	assert_int_equal(*prio, want_prio);
	assert_int_equal(*retries, want_retries);
	if (!feedback) {
		assert_int_equal(h_count(&e->t, "compact_retry", NULL),
				 e->lines);
		return;
	}
	snprintf(line, sizeof(line), "order=%d priority=%s "
		 "compaction_result=%s retries=%d max_retries=%d "
		 "should_retry=%d", order, prio_name[p0], feedback, r0, max,
		 want);
	h_expect_body(&e->t, "compact_retry", e->lines, line);
	e->lines++;
}

/*
 * should_compact_retry() (kernel-spec 3.7):
 *  a) non-costly (order 2) failures escalate ASYNC -> SYNC_LIGHT ->
 *     SYNC_FULL, then stop; each escalation zeroes the retries; feedback
 *     of COMPLETE is "failed", of PARTIAL_SKIPPED / DEFERRED "withdrawn".
 *  b) costly (order 4): ASYNC -> SYNC_LIGHT, then stop
 *     (MIN_COMPACT_COSTLY_PRIORITY).
 *  c) COMPACT_SUCCESS (allocation raced): order 2 retries at the same
 *     priority while ++retries <= 16 (16 times, "progress"); the 17th
 *     (retries 17 > 16) falls through to escalation: SYNC_LIGHT ->
 *     SYNC_FULL, retries 0, true ("retries=16").
 *  d) costly SUCCESS: max_retries 16 / 4 = 4: 4 retries, the 5th falls
 *     through and cannot escalate beyond SYNC_LIGHT: false with
 *     "retries=4 max_retries=4" (retries is left at 5).
 *  e) COMPACT_SKIPPED: compaction_zonelist_suitable: available =
 *     zone_reclaimable_pages / order + free = 4096 / 2 + 4096 = 6144 (no
 *     file pages, so reclaimable counts the free pages); order 2 needs
 *     available > min + 8: min 6135 -> true, min 6136 -> false;
 *     priority and retries untouched.
 *  f) order 0 or a fatal signal: false, no tracepoint.
 */
static void test_should_compact_retry(void **state)
{
	struct retry_env e;
	struct zone *z;
	enum compact_priority p;
	int r;

	(void)state;
	env_init(&e);
	z = h_zone(e.m);

	/* a) */
	p = COMPACT_PRIO_ASYNC;
	r = 0;
	retry_step(&e, 2, COMPACT_COMPLETE, &p, &r, false, true,
		   COMPACT_PRIO_SYNC_LIGHT, 0, "failed", 16);
	retry_step(&e, 2, COMPACT_PARTIAL_SKIPPED, &p, &r, false, true,
		   COMPACT_PRIO_SYNC_FULL, 0, "withdrawn", 16);
	retry_step(&e, 2, COMPACT_DEFERRED, &p, &r, false, false,
		   COMPACT_PRIO_SYNC_FULL, 0, "withdrawn", 16);

	/* b) */
	p = COMPACT_PRIO_ASYNC;
	r = 3;
	retry_step(&e, 4, COMPACT_COMPLETE, &p, &r, false, true,
		   COMPACT_PRIO_SYNC_LIGHT, 0, "failed", 16);
	retry_step(&e, 4, COMPACT_COMPLETE, &p, &r, false, false,
		   COMPACT_PRIO_SYNC_LIGHT, 0, "failed", 16);

	/* c) */
	p = COMPACT_PRIO_SYNC_LIGHT;
	r = 0;
	for (int k = 1; k <= 16; k++)
		retry_step(&e, 2, COMPACT_SUCCESS, &p, &r, false, true,
			   COMPACT_PRIO_SYNC_LIGHT, k, "progress", 16);
	retry_step(&e, 2, COMPACT_SUCCESS, &p, &r, false, true,
		   COMPACT_PRIO_SYNC_FULL, 0, "progress", 16);
	retry_step(&e, 2, COMPACT_SUCCESS, &p, &r, false, true,
		   COMPACT_PRIO_SYNC_FULL, 1, "progress", 16);

	/* d) */
	p = COMPACT_PRIO_SYNC_LIGHT;
	r = 0;
	for (int k = 1; k <= 4; k++)
		retry_step(&e, 4, COMPACT_SUCCESS, &p, &r, false, true,
			   COMPACT_PRIO_SYNC_LIGHT, k, "progress", 4);
	retry_step(&e, 4, COMPACT_SUCCESS, &p, &r, false, false,
		   COMPACT_PRIO_SYNC_LIGHT, 5, "progress", 4);

	/* e) */
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 4096);
	p = COMPACT_PRIO_ASYNC;
	r = 2;
	z->_watermark[WMARK_MIN] = 6135;
	retry_step(&e, 2, COMPACT_SKIPPED, &p, &r, false, true,
		   COMPACT_PRIO_ASYNC, 2, "withdrawn", 16);
	z->_watermark[WMARK_MIN] = 6136;
	retry_step(&e, 2, COMPACT_SKIPPED, &p, &r, false, false,
		   COMPACT_PRIO_ASYNC, 2, "withdrawn", 16);
	z->_watermark[WMARK_MIN] = 128;

	/* f) */
	retry_step(&e, 0, COMPACT_COMPLETE, &p, &r, false, false,
		   COMPACT_PRIO_ASYNC, 2, NULL, 0);
	retry_step(&e, 2, COMPACT_COMPLETE, &p, &r, true, false,
		   COMPACT_PRIO_ASYNC, 2, NULL, 0);
	env_done(&e);
}

/* ---- the slow path ------------------------------------------------------- */

/*
 * A costly request that keeps failing: order 4, GFP_HIGHUSER_MOVABLE |
 * __GFP_COMP | __GFP_RETRY_MAYFAIL, on a zone where every 8-pfn chunk has
 * a SLAB page at 8c (free blocks of order <= 2 only, no LRU page: nothing
 * can ever be migrated).
 *
 * Call 1.  Fast path and first slow-path attempt fail.  Costly: early
 * direct compaction at INIT_COMPACT_PRIORITY (ASYNC):
 * try_to_compact_pages "priority=2"; compaction_deferred: (1, 0, 0), not
 * deferred.  compact_zone ASYNC: suitable (fragindex 854); B0..B6 scanned
 * with skip_on_failure (32 pfns each: one per 16-pfn order-4 chunk),
 * nothing isolated, each marked skip; the migration scanner reaches
 * 0x10e00 = free_pfn: PARTIAL_SKIPPED (7 no_suitable_page +
 * partial_skipped), compact_blockskip_flush set.  ASYNC: no deferral.
 * __alloc_pages_direct_compact: not SKIPPED -> compact_stall 1; nothing on
 * the free lists -> compact_fail 1.  Not __GFP_NORETRY: on to the retry
 * loop.  Direct reclaim frees nothing (no LRU page), but for a costly
 * order shrink_zones() finds the zone compaction_ready() (not allocatable
 * at min for order 4; compaction_suitable; free above high + compact_gap)
 * and do_try_to_free_pages() returns 1 ("aborted reclaim to try
 * compaction? don't OOM", mm/vmscan.c).  Direct compaction at
 * compact_priority = DEF (SYNC_LIGHT):
 * "priority=1"; compaction_deferred: ++considered 2 >= 1 -> 1, no;
 * compact_zone: B0..B6 all skipped (bits set, not ignored): PARTIAL_SKIPPED
 * at once (no_suitable_page, partial_skipped); SYNC_LIGHT ->
 * defer_compaction: (0, 1, 0) "consider=0 limit=2".  compact_stall 2,
 * compact_fail 2.  Costly with __GFP_RETRY_MAYFAIL: should_reclaim_retry
 * (no order-4 block even counting reclaimable pages: false).
 * did_some_progress is 1, so should_compact_retry is consulted: result
 * partial_skipped at SYNC_LIGHT, already the minimum priority for a costly
 * order: "should_retry=0".  OOM is not tried for costly orders: -ENOMEM.
 *
 * Call 2.  Early ASYNC: "priority=2"; compaction_deferred: ++considered 1
 * < limit 2 -> deferred ("consider=1 limit=2"): COMPACT_DEFERRED ->
 * compact_stall 3 and compact_fail 3 although nothing ran.  Retry loop:
 * SYNC_LIGHT "priority=1": ++considered 2 >= 2 -> not deferred; all blocks
 * still skipped: PARTIAL_SKIPPED, defer_compaction: (0, 2, 0) "consider=0
 * limit=4".  compact_stall 4, compact_fail 4; the same compact_retry line;
 * -ENOMEM.
 *
 * In total: try_to_compact_pages priorities 2, 1, 2, 1; 3 compact_zone
 * runs (begin/end); compact_success 0; compact_migrate_scanned 7 * 32.
 */
static void test_slowpath_costly_keeps_failing(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct mc_alloc_request r = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP |
		       MC_GFP_RETRY_MAYFAIL,
		.order = 4, .nid = 0, .cpu = 0, .kind = MC_PAGE_ANON,
	};
	uint64_t pfn;
	static const int prio[4] = { 2, 1, 2, 1 };

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);

	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	assert_int_equal(h_delta(m, &c0, "compact_stall"), 2);
	assert_int_equal(h_delta(m, &c0, "compact_fail"), 2);
	expect_state(z, 0, 1, 0);
	assert_int_equal(h_count(&t, "mm_compaction_finished", NULL), 8 + 2);
	assert_int_equal(h_count(&t, "mm_compaction_finished",
				 "ret=partial_skipped"), 2);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=32 nr_taken=0");
	for (unsigned long b = B0; b < B7; b += PB)
		assert_true(h_skip(m, b));
	assert_false(h_skip(m, B7));

	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	assert_int_equal(h_delta(m, &c0, "compact_stall"), 4);
	assert_int_equal(h_delta(m, &c0, "compact_fail"), 4);
	assert_int_equal(h_delta(m, &c0, "compact_success"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_migrate_scanned"), 7 * 32);
	expect_state(z, 0, 2, 0);

	assert_int_equal(h_count(&t, "mm_compaction_try_to_compact_pages",
				 NULL), 4);
	for (int k = 0; k < 4; k++) {
		const char *b = h_nth(&t, "mm_compaction_try_to_compact_pages",
				      k);
		char want[32];

		snprintf(want, sizeof(want), " priority=%d", prio[k]);
		assert_non_null(strstr(b, "order=4 gfp_mask="));
		assert_string_equal(b + strlen(b) - strlen(want), want);
	}
	assert_int_equal(h_count(&t, "mm_compaction_deferred", NULL), 1);
	h_expect_body(&t, "mm_compaction_deferred", 0, defer_body(4, 0, 1, 2));
	assert_int_equal(h_count(&t, "mm_compaction_defer_compaction", NULL),
			 2);
	h_expect_body(&t, "mm_compaction_defer_compaction", 0,
		      defer_body(4, 0, 0, 2));
	h_expect_body(&t, "mm_compaction_defer_compaction", 1,
		      defer_body(4, 0, 0, 4));
	assert_int_equal(h_count(&t, "mm_compaction_begin", NULL), 3);
	assert_int_equal(h_count(&t, "mm_compaction_end",
				 "status=partial_skipped"), 3);
	assert_int_equal(h_count(&t, "compact_retry", "should_retry=0"), 2);
	assert_int_equal(h_count(&t, "compact_retry", NULL), 2);
	assert_int_equal(h_count(&t, "reclaim_retry_zone", NULL), 2);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The same zone, a non-costly Unmovable request (order 2, GFP_KERNEL |
 * __GFP_RETRY_MAYFAIL, kind SLAB): order > 0 and not Movable, so the early
 * ASYNC attempt happens too.  The zone has free order-2 blocks, so the
 * fast path succeeds at once without any compaction (the watermark check
 * for order 2 finds them): no try_to_compact_pages line, no stall.
 */
static void test_slowpath_not_entered_when_free(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct mc_alloc_request r = {
		.gfp = MC_GFP_KERNEL | MC_GFP_RETRY_MAYFAIL, .order = 2,
		.nid = 0, .cpu = 0, .kind = MC_PAGE_SLAB,
	};
	uint64_t pfn;

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	assert_int_equal(pfn & 3, 0);
	assert_int_equal(h_count(&t, "mm_compaction_try_to_compact_pages",
				 NULL), 0);
	assert_int_equal(h_delta(m, &c0, "compact_stall"), 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defer_sequence),
		cmocka_unit_test(test_restarting_resets_skip_hints),
		cmocka_unit_test(test_not_restarting_before_limit),
		cmocka_unit_test(test_not_restarting_below_order_failed),
		cmocka_unit_test(test_should_compact_retry),
		cmocka_unit_test(test_slowpath_costly_keeps_failing),
		cmocka_unit_test(test_slowpath_not_entered_when_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
