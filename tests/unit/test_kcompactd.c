// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_kcompactd.c - kcompactd and proactive compaction on constructed
 * cases, against 6.12's rules worked by hand:
 *
 *  - kcompactd sleeps HPAGE_FRAG_CHECK_INTERVAL_MSEC (500 ms = 125
 *    jiffies at HZ=250) between proactive checks, and not at all with
 *    vm.compaction_proactiveness = 0 (MAX_SCHEDULE_TIMEOUT);
 *  - wakeup_kcompactd() wakes it only when it sleeps and the node is
 *    suitable; the order and zone of the requests aggregate;
 *  - kcompactd_do_work() defers a zone on COMPLETE and skips a deferred
 *    zone;
 *  - proactive compaction starts above the high threshold, compacts to the
 *    low one and stops; without progress it backs off 64 intervals;
 *  - a non-zero write of the knob triggers it at once.
 *
 * The machine is the compaction harness's: one Normal zone of 4096 pages
 * (8 pageblocks), per-cpu lists passed through, so that the buddy lists
 * hold every free page and the scores can be worked by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include "compaction_harness.h"

#define MS	1000000ULL

/* The time of every event of one kind. */
struct times {
	enum mc_trace_id id;
	uint64_t ts[64];
	int n;
};

static void times_fn(void *ctx, const struct mc_trace_event *ev)
{
	struct times *t = ctx;

	if (ev->id == t->id && t->n < 64)
		t->ts[t->n++] = ev->ts_ns;
}

static struct pglist_data *node0(struct mc_machine *m)
{
	return m->node_data[0];
}

static void set_proactiveness(struct mc_machine *m, const char *v)
{
	assert_int_equal(mc_sysctl_write(m, "vm.compaction_proactiveness", v,
					 strlen(v)), 0);
}

/* 'A...': one movable page in four, the rest free in orders 0 and 1. */
static void fragment(struct mc_machine *m, const char *pat)
{
	struct h_layout l;

	h_layout_init(&l, '.');
	h_pattern(&l, ZBASE, ZPAGES, pat);
	h_layout_build(m, &l);
}

/*
 * An unfragmented node (score 0): kcompactd wakes every 500 ms, finds
 * nothing to do and sleeps again.  Its sleeps are traced at 0.5, 1.0,
 * 1.5 and 2.0 s; it is never woken for work.
 */
static void test_periodic_check(void **state)
{
	struct mc_machine *m = h_machine();
	struct times t = { .id = MC_TRACE_mm_compaction_kcompactd_sleep };

	(void)state;
	mc_trace_enable(m, "compaction:*", true);
	mc_trace_set_callback(m, times_fn, &t);
	assert_int_equal(mc_advance(m, 2000 * MS), 0);
	assert_int_equal(t.n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(t.ts[i], (uint64_t)(i + 1) * 500 * MS);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 0);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), 0);
	mc_trace_set_callback(m, NULL, NULL);
	mc_machine_destroy(m);
}

/*
 * Proactive compaction, proactiveness 20: low threshold 100 - 20 = 80,
 * high 90.  'A...' leaves 3072 free pages, none in a block of order >= 9:
 * zone score 100, node score 4096 * 100 / 4097 = 99 > 90.  At 0.5 s
 * kcompactd compacts (MIGRATE_SYNC_LIGHT) until the zone score is <= 80:
 * one freed pageblock leaves (3072 - 512) * 100 / 3072 = 83, two leave
 * 2048 * 100 / 3072 = 66, so exactly two pageblocks, 2 * 128 pages, are
 * migrated and the node score is 4096 * 66 / 4097 = 65.  Then it stops:
 * 65 is below the high threshold, 10 s later nothing more has moved.
 * Proactive runs are not wakeups (compact_daemon_wake stays 0) but their
 * scanning counts as kcompactd's.
 */
static void test_proactive_to_low_threshold(void **state)
{
	struct mc_machine *m = h_machine();
	struct pglist_data *pgdat = node0(m);
	uint64_t scanned;

	(void)state;
	fragment(m, "A...");
	assert_int_equal(fragmentation_score_wmark(m, true), 80);
	assert_int_equal(fragmentation_score_wmark(m, false), 90);
	assert_int_equal(fragmentation_score_zone(h_zone(m)), 100);
	assert_int_equal(fragmentation_score_node(pgdat), 99);
	assert_int_equal(mc_advance(m, 499 * MS), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 0);
	assert_int_equal(mc_advance(m, 1 * MS), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 256);
	assert_int_equal(fragmentation_score_zone(h_zone(m)), 66);
	assert_int_equal(fragmentation_score_node(pgdat), 65);
	scanned = h_vm(m, "compact_daemon_migrate_scanned");
	assert_true(scanned > 0);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 0);
	assert_int_equal(mc_advance(m, 10000 * MS), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 256);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), scanned);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * proactiveness 90: low threshold max(100 - 90, 5) = 10, high 20, and the
 * write itself triggers kcompactd.  Reaching 10 would need six free
 * pageblocks, but the scanners meet first.  Blocks 0..4 are emptied into
 * the free pages of blocks 7 and 6 (5 * 128 = 640 pages).  In block 5 the
 * first batch takes 32 pages; the rescan of the same block takes the rest
 * (finish_pageblock), 96 pages, leaving the migrate scanner at 0x10c00;
 * the free scanner only scans above pageblock_end_pfn(migrate_pfn) =
 * 0x10e00, finds nothing, and the 96 go back (pgmigrate_fail counts
 * only the first: migrate_pages_batch's -ENOMEM case).  672 pages moved; five free
 * pageblocks: (3072 - 2560) * 100 / 3072 = 16 and node score 15 - below
 * the high threshold, so the next check does nothing.
 */
static void test_proactiveness_scales_the_work(void **state)
{
	struct mc_machine *m = h_machine();

	(void)state;
	fragment(m, "A...");
	set_proactiveness(m, "90");
	assert_int_equal(fragmentation_score_wmark(m, true), 10);
	assert_int_equal(fragmentation_score_wmark(m, false), 20);
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 672);
	/* -ENOMEM ends the batch counting only the folio that met it */
	assert_int_equal(h_vm(m, "pgmigrate_fail"), 1);
	assert_int_equal(fragmentation_score_zone(h_zone(m)), 16);
	assert_int_equal(fragmentation_score_node(node0(m)), 15);
	assert_int_equal(mc_advance(m, 5000 * MS), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 672);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * proactiveness 0: kcompactd's pending 500 ms timeout ends, it finds
 * nothing it may do and sleeps with no timeout: one sleep in 10 s, no
 * compaction although the score is 99.  Writing 20 wakes it at once
 * (mm_compaction_wakeup_kcompactd with order -1) and it compacts.
 */
static void test_proactiveness_zero_is_off(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_trace t;

	(void)state;
	fragment(m, "A...");
	set_proactiveness(m, "0");
	h_trace_start(m, &t);
	assert_int_equal(mc_advance(m, 10000 * MS), 0);
	assert_int_equal(h_count(&t, "mm_compaction_kcompactd_sleep", NULL),
			 1);
	assert_int_equal(h_count(&t, "mm_compaction_wakeup_kcompactd", NULL),
			 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 0);
	assert_int_equal(fragmentation_score_node(node0(m)), 99);
	/* the knob's own validation: 0..100 */
	assert_int_equal(mc_sysctl_write(m, "vm.compaction_proactiveness",
					 "101", 3), -EINVAL);
	assert_int_equal(mc_sysctl_write(m, "vm.compaction_proactiveness",
					 "-1", 2), -EINVAL);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 0);
	set_proactiveness(m, "20");
	h_expect_body(&t, "mm_compaction_wakeup_kcompactd", 0,
		      "nid=0 order=-1 classzone_idx=Normal  ");
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 256);
	assert_int_equal(h_count(&t, "mm_compaction_kcompactd_wake", NULL), 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/*
 * No progress: every other page unmovable ('S...'), the score stays 99,
 * so after the attempt at 0.5 s kcompactd backs off 125 << 6 = 8000
 * jiffies (32 s): the next attempt is at 32.5 s, and it repeats the first
 * one's scanning exactly (proactive compaction ignores skip hints).
 */
static void test_proactive_backoff(void **state)
{
	struct mc_machine *m = h_machine();
	uint64_t first;

	(void)state;
	fragment(m, "S...");
	assert_int_equal(mc_advance(m, 500 * MS), 0);
	first = h_vm(m, "compact_daemon_migrate_scanned");
	assert_true(first > 0);
	assert_int_equal(fragmentation_score_node(node0(m)), 99);
	assert_int_equal(mc_advance(m, 31999 * MS), 0);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), first);
	assert_int_equal(mc_advance(m, 1 * MS), 0);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), 2 * first);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 0);
	mc_machine_destroy(m);
}

/*
 * A request wakes a sleeping kcompactd when the node is suitable: for
 * order 9 with 'A...' the zone fails the order-9 watermark, passes the
 * order-0 one with the compaction gap, and its fragmentation index
 * 1000 - (1000 + 3072 * 1000 / 512) / 2048 = 997 exceeds
 * extfrag_threshold (500).  A second request (order 10) while it is
 * awake only raises the order: kcompactd_wake reports order 10, and
 * compaction runs until an order-10 block is free (two pageblocks,
 * 256 pages).  The request state is cleared when done.
 */
static void test_wakeup_rules(void **state)
{
	struct mc_machine *m = h_machine();
	struct pglist_data *pgdat = node0(m);
	struct h_trace t;

	(void)state;
	set_proactiveness(m, "0");
	fragment(m, "A...");
	h_trace_start(m, &t);
	wakeup_kcompactd(pgdat, 9, ZONE_NORMAL);
	wakeup_kcompactd(pgdat, 10, ZONE_NORMAL);
	assert_int_equal(h_count(&t, "mm_compaction_wakeup_kcompactd", NULL),
			 1);
	h_expect_body(&t, "mm_compaction_wakeup_kcompactd", 0,
		      "nid=0 order=9 classzone_idx=Normal  ");
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 0);
	assert_int_equal(mc_advance(m, 0), 0);
	h_expect_body(&t, "mm_compaction_kcompactd_wake", 0,
		      "nid=0 order=10 classzone_idx=Normal  ");
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 1);
	assert_int_equal(h_vm(m, "pgmigrate_success"), 256);
	assert_int_equal(pgdat->kcompactd_max_order, 0);
	assert_int_equal(pgdat->kcompactd_highest_zoneidx, ZONE_NORMAL);
	/* it went back to sleep after the work */
	assert_int_equal(h_count(&t, "mm_compaction_kcompactd_sleep", NULL),
			 1);
	assert_true(pgdat->kcompactd_waiting);
	/* order 0 requests are ignored altogether */
	wakeup_kcompactd(pgdat, 0, ZONE_NORMAL);
	assert_int_equal(h_count(&t, "mm_compaction_wakeup_kcompactd", NULL),
			 1);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * An unfragmented node is not suitable (the order-9 watermark is met):
 * no wakeup, but the order is recorded.  With proactiveness 0 kcompactd
 * never looks; the knob's trigger wakes it, the proactive pass finds
 * nothing, and the recorded order makes the wait return at once
 * (wait_event tests the condition first): kcompactd_do_work runs for
 * order 9, skips the zone (still not suitable) and clears the request.
 */
static void test_unsuitable_request_is_recorded(void **state)
{
	struct mc_machine *m = h_machine();
	struct pglist_data *pgdat = node0(m);
	struct h_trace t;

	(void)state;
	set_proactiveness(m, "0");
	assert_int_equal(mc_advance(m, 1000 * MS), 0);
	h_trace_start(m, &t);
	wakeup_kcompactd(pgdat, 9, ZONE_NORMAL);
	assert_int_equal(h_count(&t, "mm_compaction_wakeup_kcompactd", NULL),
			 0);
	assert_int_equal(pgdat->kcompactd_max_order, 9);
	assert_int_equal(mc_advance(m, 10000 * MS), 0);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 0);
	set_proactiveness(m, "20");
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(t.n, 4);
	assert_non_null(h_body(t.lines[0], "mm_compaction_wakeup_kcompactd"));
	assert_non_null(h_body(t.lines[1], "mm_compaction_kcompactd_sleep"));
	h_expect_body(&t, "mm_compaction_kcompactd_wake", 0,
		      "nid=0 order=9 classzone_idx=Normal  ");
	assert_non_null(h_body(t.lines[3], "mm_compaction_kcompactd_sleep"));
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 1);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), 0);
	assert_int_equal(pgdat->kcompactd_max_order, 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/*
 * Deferral: 'S...' cannot be compacted.  The first wakeup runs to
 * the end (PARTIAL_SKIPPED: a fresh zone's cached scanner positions are
 * not its start, so this is not a whole-zone run) and defers the zone:
 * defer_shift 1 (limit 2); order_failed stays 0, the value of a zone that
 * never succeeded (defer_compaction only lowers it);
 * the second finds it deferred (considered 1 < 2) and does not scan.
 */
static void test_kcompactd_deferral(void **state)
{
	struct mc_machine *m = h_machine();
	struct pglist_data *pgdat = node0(m);
	struct zone *zone = h_zone(m);
	struct h_trace t;
	uint64_t scanned;

	(void)state;
	set_proactiveness(m, "0");
	fragment(m, "S...");
	h_trace_start(m, &t);
	wakeup_kcompactd(pgdat, 9, ZONE_NORMAL);
	assert_int_equal(mc_advance(m, 0), 0);
	scanned = h_vm(m, "compact_daemon_migrate_scanned");
	assert_true(scanned > 0);
	assert_int_equal(zone->compact_defer_shift, 1);
	assert_int_equal(zone->compact_order_failed, 0);
	h_expect_body(&t, "mm_compaction_defer_compaction", 0,
		      "node=0 zone=Normal   order=9 order_failed=0 consider=0 "
		      "limit=2");
	assert_int_equal(h_count(&t, "mm_compaction_defer_compaction", NULL),
			 1);
	wakeup_kcompactd(pgdat, 9, ZONE_NORMAL);
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "compact_daemon_wake"), 2);
	assert_int_equal(h_vm(m, "compact_daemon_migrate_scanned"), scanned);
	assert_int_equal(h_count(&t, "mm_compaction_deferred", NULL), 1);
	assert_int_equal(zone->compact_considered, 1);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periodic_check),
		cmocka_unit_test(test_proactive_to_low_threshold),
		cmocka_unit_test(test_proactiveness_scales_the_work),
		cmocka_unit_test(test_proactiveness_zero_is_off),
		cmocka_unit_test(test_proactive_backoff),
		cmocka_unit_test(test_wakeup_rules),
		cmocka_unit_test(test_unsuitable_request_is_recorded),
		cmocka_unit_test(test_kcompactd_deferral),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
