// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_compaction.c - the compaction engine (mm/compaction.c of 6.12.117)
 * checked against hand-worked expectations: the scanners meeting in a
 * manual compaction, pageblock skip bits and their sampled reset, the
 * cached scanner positions, the fast free-list search, the fragmentation
 * index and compaction_suitable() at exact watermark boundaries, every
 * outcome of __compact_finished(), and capture of a freed block by direct
 * compaction.  Each test states the layout and works out, step by step
 * from the kernel's algorithm, what the kernel does with it; the model is
 * then held to exactly that.  See compaction_harness.h for the machine
 * (eight pageblocks B0..B7 at 0x10000, boot pageset pcp, min/low/high
 * watermarks 128/160/192) and the layout notation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "compaction_harness.h"

/* Free blocks of [start, end) when exactly those pfns are free. */
static int fb_range(struct h_fb *fb, int n, unsigned long start,
		    unsigned long end)
{
	return h_decompose(start, end, fb, n);
}

static void expect_cookie(struct mc_machine *m, unsigned long pfn,
			  uint32_t cookie, enum mc_page_kind kind)
{
	struct mc_page_info i = h_info(m, pfn);

	if (i.state != MC_PS_ALLOCATED || i.head_pfn != pfn ||
	    i.cookie != cookie || i.kind != kind)
		fprintf(stderr, "pfn %#lx: state %d head %#lx cookie %#x "
			"kind %d (want cookie %#x kind %d)\n", pfn, i.state,
			(unsigned long)i.head_pfn, i.cookie, i.kind, cookie,
			kind);
	assert_int_equal(i.state, MC_PS_ALLOCATED);
	assert_int_equal(i.head_pfn, pfn);
	assert_int_equal(i.cookie, cookie);
	assert_int_equal(i.kind, kind);
}

/* The ret= of every mm_compaction_finished line, in order, must be @want. */
static void expect_finished(const struct h_trace *t, const char *const *want,
			    int n)
{
	int got = h_count(t, "mm_compaction_finished", NULL);

	if (got != n)
		h_dump(t, "mm_compaction_finished");
	assert_int_equal(got, n);
	for (int k = 0; k < n; k++) {
		const char *b = h_nth(t, "mm_compaction_finished", k);
		const char *r = strstr(b, " ret=");

		assert_non_null(r);
		if (strcmp(r + 5, want[k]))
			fprintf(stderr, "finished #%d: want %s got %s\n", k,
				want[k], r + 5);
		assert_string_equal(r + 5, want[k]);
	}
}

/* ---- 1. the scanners meet ------------------------------------------------ */

/*
 * Manual compaction (compact_node(pgdat, false): order -1, MIGRATE_SYNC,
 * whole_zone, ignore_skip_hint, GFP_KERNEL) of
 *
 *	B0: ANON 0x10000-0x1000f, SLAB 0x10010, the rest free
 *	B1: ANON 0x10200-0x10207, the rest free
 *	B2..B7: SLAB at the first pfn, the rest free
 *
 * Start: migrate_pfn = 0x10000, free_pfn = pageblock_start(0x10fff) =
 * 0x10e00.  Each loop: compact_finished -> CONTINUE (via compact_memory),
 * isolate_migratepages -> one pageblock.
 *
 * B0: isolate_migratepages_block isolates the 16 ANON pages (no
 * 32-page cut), fails on the SLAB, skips the free buddies whole (0x10011/0
 * is not skipped but counted, 0x10012/1 .. 0x10100/8 are jumped), so
 * nr_scanned = 512, nr_taken = 16; nothing isolated is not the case, so no
 * skip bit and no cached update.  migrate_pages(SYNC) tries the batch
 * ASYNC first; the first compaction_alloc calls isolate_freepages: no fast
 * search (order <= 0), linear scan from 0x10e00, stride 1, low_pfn =
 * pageblock_end_pfn(0x10200) = 0x10400.  B7's first page is SLAB, so the
 * block is a suitable target; isolate_freepages_block takes 0x10e01/0,
 * 0x10e02/1, 0x10e04/2, 0x10e08/3 (15 pages < 16) and 0x10e10/4 (31 >= 16:
 * stop at 0x10e20): "range=(0x10e00 ~ 0x10e20) nr_scanned=32 nr_taken=31",
 * free_pfn = 0x10e20.  The migratepages list is last-isolated first, and
 * compaction_alloc takes the smallest order first, splitting halves to list
 * heads, which hands out 0x10e01, 0x10e02, ... in order: source 0x1000f-k
 * moves to 0x10e01+k.  The freed sources merge to 0x10000/4 (0x10010 is
 * SLAB).
 * B1: 8 pages, targets 0x10e11.. 0x10e18 from the 15 left (source
 * 0x10207-j to 0x10e11+j); freed, B1 merges to 0x10200/9 (B0 is not free).
 * Leftover isolated: 0x10e19/0, 0x10e1a/1, 0x10e1c/2.
 * B2..B6: nothing isolated, SLAB + free only: the skip bit is set (valid
 * page, skip_updated never set), update_cached_migrate raises the cached
 * pfns.  After B6 migrate_pfn = 0x10e00, and 0x10e20 >> 9 <= 0x10e00 >> 9:
 * the scanners met: reset_cached_positions (0x10000, 0x10000, 0x10e00),
 * not direct so no blockskip_flush, whole_zone: COMPACT_COMPLETE.
 * out: release_free_list frees the 7 leftover pages (back where they were).
 * Counters: pgmigrate_success 24, compact_isolated 16 + 31 + 8 = 55,
 * compact_migrate_scanned 7 * 512, compact_free_scanned 32.
 */
static void test_manual_scanners_meet(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_fb fb[128];
	int n = 0;
	static const char *const fin[] = {
		"continue", "continue", "continue", "continue", "continue",
		"continue", "continue", "complete",
	};
	char want[160];

	(void)state;
	h_layout_init(&l, '.');
	h_set(&l, B0, 16, 'A');
	h_set(&l, B0 + 0x10, 1, 'S');
	h_set(&l, B1, 8, 'A');
	for (unsigned long b = B2; b < ZEND; b += PB)
		h_set(&l, b, 1, 'S');
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);

	h_cc_manual(&cc, m);
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);

	h_expect_body(&t, "mm_compaction_begin", 0,
		      "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=16");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e20) nr_scanned=32 nr_taken=31");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages", NULL),
			 1);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      "nr_succeeded=16 nr_failed=0 nr_thp_succeeded=0 "
		      "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
		      "mode=MIGRATE_SYNC reason=compaction");
	h_expect_body(&t, "mm_compaction_migratepages", 0,
		      "nr_migrated=16 nr_failed=0");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 1,
		      "range=(0x10200 ~ 0x10400) nr_scanned=512 nr_taken=8");
	h_expect_body(&t, "mm_migrate_pages", 1,
		      "nr_succeeded=8 nr_failed=0 nr_thp_succeeded=0 "
		      "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
		      "mode=MIGRATE_SYNC reason=compaction");
	for (int k = 2; k < 7; k++) {
		snprintf(want, sizeof(want),
			 "range=(%#lx ~ %#lx) nr_scanned=512 nr_taken=0",
			 B0 + k * PB, B0 + (k + 1) * PB);
		h_expect_body(&t, "mm_compaction_isolate_migratepages", k,
			      want);
	}
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 2);
	expect_finished(&t, fin, 8);
	assert_string_equal(h_nth(&t, "mm_compaction_finished", 0),
			    "node=0 zone=Normal   order=-1 ret=continue");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10e00 free_pfn=0x10e20 "
		      "zone_end=0x11000, mode=sync status=complete");

	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 24);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 55);
	assert_int_equal(h_delta(m, &c0, "compact_migrate_scanned"), 7 * 512);
	assert_int_equal(h_delta(m, &c0, "compact_free_scanned"), 32);
	assert_int_equal(h_delta(m, &c0, "compact_stall"), 0);

	/* The free blocks, by hand. */
	fb[n++] = (struct h_fb){ 0x10000, 4 };
	n = fb_range(fb, n, 0x10011, B1);
	fb[n++] = (struct h_fb){ B1, 9 };
	for (unsigned long b = B2; b < B7; b += PB)
		n = fb_range(fb, n, b + 1, b + PB);
	n = fb_range(fb, n, 0x10e19, ZEND);
	h_expect_free(m, fb, n);

	/* Where every page went (the cookie is the source pfn). */
	for (unsigned long k = 0; k < 16; k++)
		expect_cookie(m, 0x10e01 + k, (uint32_t)(0x1000f - k),
			      MC_PAGE_ANON);
	for (unsigned long j = 0; j < 8; j++)
		expect_cookie(m, 0x10e11 + j, (uint32_t)(0x10207 - j),
			      MC_PAGE_ANON);
	assert_true(h_info(m, 0x10e01).lru);

	/* Skip bits: only on the blocks that yielded nothing. */
	assert_false(h_skip(m, B0));
	assert_false(h_skip(m, B1));
	for (unsigned long b = B2; b < B7; b += PB)
		assert_true(h_skip(m, b));
	assert_false(h_skip(m, B7));
	/* reset_cached_positions() */
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10000);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10000);
	assert_int_equal(z->compact_cached_free_pfn, 0x10e00);
	assert_false(z->compact_blockskip_flush);
	/* Manual compaction does not touch deferral. */
	assert_int_equal(z->compact_defer_shift, 0);
	assert_int_equal(z->compact_order_failed, 0);

	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The same run through the public entry points: mc_compact_node(m, 0, 0)
 * (the per-node sysfs trigger) and vm.compact_memory = 1 (compact_nodes)
 * both run compact_node(pgdat, false) on the one populated zone: the same
 * trace of the run (end: migrate_pfn 0x10e00, free_pfn 0x10e20,
 * complete), 24 pages migrated.  A second vm.compact_memory finds nothing
 * left to move in B0/B1 (they are free now), the ANON pages sit in B7,
 * which the migration scanner never reaches (free_pfn starts in B7):
 * nothing migrates.
 */
static void build_t1_layout(struct mc_machine *m)
{
	struct h_layout l;

	h_layout_init(&l, '.');
	h_set(&l, B0, 16, 'A');
	h_set(&l, B0 + 0x10, 1, 'S');
	h_set(&l, B1, 8, 'A');
	for (unsigned long b = B2; b < ZEND; b += PB)
		h_set(&l, b, 1, 'S');
	h_layout_build(m, &l);
}

static void test_manual_via_public_api(void **state)
{
	(void)state;
	for (int how = 0; how < 2; how++) {
		struct mc_machine *m = h_machine();
		struct h_trace t;
		struct h_ctrs c0;

		build_t1_layout(m);
		h_ctrs_snap(m, &c0);
		h_trace_start(m, &t);
		if (how == 0)
			assert_int_equal(mc_compact_node(m, 0, 0), 0);
		else
			assert_int_equal(mc_sysctl_write(m, "vm.compact_memory",
							 "1", 1), 0);
		h_expect_body(&t, "mm_compaction_end", 0,
			      "zone_start=0x10000 migrate_pfn=0x10e00 "
			      "free_pfn=0x10e20 zone_end=0x11000, mode=sync "
			      "status=complete");
		assert_int_equal(h_count(&t, "mm_compaction_end", NULL), 1);
		assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 24);
		assert_int_equal(h_delta(m, &c0, "compact_isolated"), 55);
		h_trace_clear(&t);
		if (how == 1) {
			assert_int_equal(mc_sysctl_write(m, "vm.compact_memory",
							 "1", 1), 0);
			assert_int_equal(h_count(&t, "mm_migrate_pages", NULL),
					 0);
			assert_int_equal(h_delta(m, &c0, "pgmigrate_success"),
					 24);
		}
		h_trace_stop(&t);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
}

/* ---- 2. skip bits -------------------------------------------------------- */

/*
 * The free scanner marks a pageblock it scanned to the end
 * (update_pageblock_skip) and lowers compact_cached_free_pfn to
 * block_start - 512.  Layout:
 *
 *	B0: 32 ANON of a scripted LRU owner at 0x10000-0x1001f, SLAB 0x10020
 *	B1..B6: SLAB at the first pfn, the rest free
 *	B7: all SLAB except 0x10e08-0x10e0f (one free order-3 block)
 *
 * compact_cached_free_pfn is preset to 0x10e00 (the value
 * reset_cached_positions leaves); manual compaction ignores it for its
 * start but update_pageblock_skip still compares with it.
 * B0: 32 isolated -> the 32-page cut: low_pfn = 0x10020,
 * "range=(0x10000 ~ 0x10020) nr_scanned=32 nr_taken=32".
 * Targets: B7 from 0x10e00 (stride 1): only 0x10e08/3 (8 < 32), scanned
 * to the end: "range=(0x10e00 ~ 0x11000) nr_scanned=512 nr_taken=8",
 * skip bit on B7, cached free = min(0x10e00, 0x10e00 - 512) = 0x10c00.
 * B6: 0x10c01/0 .. 0x10c10/4 -> 8 + 31 = 39 >= 32 at 0x10c20:
 * "range=(0x10c00 ~ 0x10c20) nr_scanned=32 nr_taken=31"; free_pfn 0x10c20.
 * All 32 migrate; the owner's first migrate call sets a fatal signal, so
 * the next isolate_migratepages_block (at 0x10020, a multiple of 32) stops
 * with -EINTR before its tracepoint: ISOLATE_ABORT -> COMPACT_CONTENDED,
 * cc->migrate_pfn = 0x10020.  out: the 7 leftover pages (39 - 32) are
 * released; the highest, 0x10c1c, is in B6: pageblock 0x10c00 is not above
 * the cached 0x10c00, so it stays.
 * With no_set_skip_hint: the same run but no skip bit and the cached free
 * pfn stays 0x10e00.
 */
static void run_free_scanner_skip(bool no_set_skip_hint)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_owner o = { .fatal_at_migrate = 1 };
	struct h_trace t;
	struct h_ctrs c0;

	h_owner_register(m, &o, "lru-owner");
	h_layout_init(&l, '.');
	l.lru_owner = o.slot;
	h_set(&l, B0, 32, 'a');
	h_set(&l, B0 + 0x20, 1, 'S');
	for (unsigned long b = B1; b < B7; b += PB)
		h_set(&l, b, 1, 'S');
	h_set(&l, B7, PB, 'S');
	h_set(&l, 0x10e08, 8, '.');
	h_layout_build(m, &l);
	z->compact_cached_free_pfn = 0x10e00;
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);

	h_cc_manual(&cc, m);
	cc.no_set_skip_hint = no_set_skip_hint;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_CONTENDED);

	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10020) nr_scanned=32 nr_taken=32");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 1);
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x11000) nr_scanned=512 nr_taken=8");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 1,
		      "range=(0x10c00 ~ 0x10c20) nr_scanned=32 nr_taken=31");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10020 free_pfn=0x10c20 "
		      "zone_end=0x11000, mode=sync status=contended");
	assert_int_equal(o.migrates, 32);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 32);
	assert_int_equal(h_delta(m, &c0, "compact_free_scanned"), 512 + 32);

	assert_int_equal(h_skip(m, B7), !no_set_skip_hint);
	assert_false(h_skip(m, B6));
	assert_false(h_skip(m, B0));
	assert_int_equal(z->compact_cached_free_pfn,
			 no_set_skip_hint ? 0x10e00 : 0x10c00);

	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_skip_set_by_free_scanner(void **state)
{
	(void)state;
	run_free_scanner_skip(false);
}

static void test_skip_not_set_with_no_set_skip_hint(void **state)
{
	(void)state;
	run_free_scanner_skip(true);
}

/*
 * The same on the migration side: on the layout of
 * test_manual_scanners_meet, where manual compaction marks B2..B6, a run
 * with no_set_skip_hint marks nothing.
 */
static void test_no_set_skip_hint_migration_side(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;

	(void)state;
	h_layout_init(&l, '.');
	h_set(&l, B0, 16, 'A');
	h_set(&l, B0 + 0x10, 1, 'S');
	h_set(&l, B1, 8, 'A');
	for (unsigned long b = B2; b < ZEND; b += PB)
		h_set(&l, b, 1, 'S');
	h_layout_build(m, &l);
	h_cc_manual(&cc, m);
	cc.no_set_skip_hint = true;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);
	for (unsigned long b = B0; b < ZEND; b += PB)
		assert_false(h_skip(m, b));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Skip bits are honoured by ASYNC and SYNC_LIGHT direct compaction and
 * reset by __reset_isolation_suitable() only where a sample shows an LRU
 * or a free page.  Layout (pattern per 8-pfn chunk "S......." = SLAB at
 * 8c, free 8c+1..8c+7, i.e. free blocks 8c+1/0, 8c+2/1, 8c+4/2: no free
 * block of order >= 3 anywhere):
 *
 *	all blocks "S.......", except
 *	B0: "A......." (ANON at every 8c: the sample pfns are LRU pages)
 *	B2: chunk 5 (0x10428) ".S......": the sample 0x10428 is free
 *	B3: chunk 2 (0x10610) "AS......": the sample 0x10610 is LRU
 *	B5: chunk 9 (0x10a48) "AS......": the sample 0x10a48 is LRU
 *	B6: chunk 0 (0x10c00) ".S......": the sample 0x10c00 is free
 *
 * All eight skip bits are set by hand.  Direct compaction for order 3
 * (GFP_HIGHUSER_MOVABLE): compaction_suit_allocation_order: no free block
 * >= order 3, so the order-3 watermark fails; compaction_suitable(3):
 * order <= 3, min 128 + 16 < free -> CONTINUE.  Cached pfns are 0 (boot),
 * outside the zone: migrate 0x10000, free 0x10e00.  isolate_migratepages
 * finds every block skipped (aligned, not a fast-found block, skip set), so
 * isolate_migratepages_block is never called, cc->migrate_pfn walks to
 * 0x10e00, ISOLATE_NONE; compact_finished: scanners met ->
 * reset_cached_positions, direct: compact_blockskip_flush = true, not
 * whole_zone -> COMPACT_PARTIAL_SKIPPED.  Nothing isolated, nothing
 * migrated; finished lines: no_suitable_page (at 0x10000),
 * partial_skipped.  Same for ASYNC and SYNC_LIGHT.
 *
 * reset_isolation_suitable(pgdat) then walks migrate_pfn = 0x10000 up and
 * free_pfn = 0x10fff down, 512 at a time, while migrate_pfn < free_pfn:
 *  1. 0x10000 (source check only): sample 0x10000 is LRU -> clear B0;
 *     source_set; reset_migrate = init_migrate = cached_migrate[0/1] =
 *     0x10000.  0x10fff (target only, block Movable): samples
 *     0x10e00+8k are all SLAB -> B7 stays set.
 *  2. 0x10200 (source and target, skip set): samples SLAB -> B1 stays set.
 *     0x10dff (target only): sample 0x10c00 is free -> clear B6; free_set;
 *     reset_free = init_free = cached_free = 0x10dff.
 *  3. 0x10400: sample 0x10428 free -> clear B2 (no cached change: not
 *     below reset_migrate).  0x10bff (now source and target): sample
 *     0x10a48 is LRU -> clear B5 (not above reset_free).
 *  4. 0x10600: sample 0x10610 LRU -> clear B3.  0x109ff: all SLAB -> B4
 *     stays set.
 *  5. 0x10800 < 0x107ff fails: stop.  reset_migrate 0x10000 < reset_free
 *     0x10dff, so the cached pfns stay 0x10000 / 0x10dff.
 * Result: B0 B2 B3 B5 B6 clear, B1 B4 B7 set, flush false; a second call
 * changes nothing (flag clear).
 */
static void build_reset_layout(struct mc_machine *m)
{
	struct h_layout l;

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_pattern(&l, B0, PB, "A.......");
	h_pattern(&l, 0x10428, 8, ".S......");
	h_pattern(&l, 0x10610, 8, "AS......");
	h_pattern(&l, 0x10a48, 8, "AS......");
	h_pattern(&l, 0x10c00, 8, ".S......");
	h_layout_build(m, &l);
}

static void test_skip_honoured_then_reset(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = { "no_suitable_page",
					   "partial_skipped" };
	static const bool want_set[8] = { false, true, false, false,
					  true, false, false, true };

	(void)state;
	build_reset_layout(m);
	for (unsigned long b = B0; b < ZEND; b += PB)
		set_pageblock_skip(m, b);

	/* Without the flag a reset does nothing. */
	reset_isolation_suitable(m->node_data[0]);
	for (unsigned long b = B0; b < ZEND; b += PB)
		assert_true(h_skip(m, b));

	h_ctrs_snap(m, &c0);
	for (int prio = COMPACT_PRIO_ASYNC; prio >= COMPACT_PRIO_SYNC_LIGHT;
	     prio--) {
		h_trace_start(m, &t);
		h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE,
			    (enum compact_priority)prio);
		assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
				 COMPACT_PARTIAL_SKIPPED);
		h_expect_body(&t, "mm_compaction_suitable", 0,
			      "node=0 zone=Normal   order=3 ret=continue");
		expect_finished(&t, fin, 2);
		assert_int_equal(h_count(&t,
				"mm_compaction_isolate_migratepages", NULL), 0);
		h_expect_body(&t, "mm_compaction_end", 0,
			prio == COMPACT_PRIO_ASYNC ?
			"zone_start=0x10000 migrate_pfn=0x10e00 "
			"free_pfn=0x10e00 zone_end=0x11000, mode=async "
			"status=partial_skipped" :
			"zone_start=0x10000 migrate_pfn=0x10e00 "
			"free_pfn=0x10e00 zone_end=0x11000, mode=sync "
			"status=partial_skipped");
		h_trace_stop(&t);
		assert_true(z->compact_blockskip_flush);
	}
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_info(m, 0x10000).kind, MC_PAGE_ANON);

	reset_isolation_suitable(m->node_data[0]);
	for (int k = 0; k < 8; k++)
		assert_int_equal(h_skip(m, B0 + k * PB), want_set[k]);
	assert_false(z->compact_blockskip_flush);
	assert_int_equal(z->compact_init_migrate_pfn, 0x10000);
	assert_int_equal(z->compact_init_free_pfn, 0x10dff);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10000);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10000);
	assert_int_equal(z->compact_cached_free_pfn, 0x10dff);

	/* Flag clear: a second reset changes nothing. */
	set_pageblock_skip(m, B0);
	reset_isolation_suitable(m->node_data[0]);
	assert_true(h_skip(m, B0));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * "Leave no distance": the same layout but B6 chunk 0 is "S......." too, so
 * no target-side sample finds anything and free_set never becomes true.
 * Walk: 1. B0 cleared (source), B7 no.  2. B1 no, B6 no.  3. B2 cleared,
 * B5: target check only (free_set false), its LRU sample does not count,
 * samples SLAB -> stays set.  4. B3 cleared, B4 no.  End: reset_migrate
 * 0x10000 >= reset_free (still zone start 0x10000): cached migrate [0] and
 * [1] = final migrate_pfn 0x10800, cached free = final free_pfn 0x107ff.
 */
static void test_reset_leaves_no_distance(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct h_layout l;
	static const bool want_set[8] = { false, true, false, false,
					  true, true, true, true };

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_pattern(&l, B0, PB, "A.......");
	h_pattern(&l, 0x10428, 8, ".S......");
	h_pattern(&l, 0x10610, 8, "AS......");
	h_pattern(&l, 0x10a48, 8, "AS......");
	h_layout_build(m, &l);
	for (unsigned long b = B0; b < ZEND; b += PB)
		set_pageblock_skip(m, b);
	z->compact_blockskip_flush = true;
	reset_isolation_suitable(m->node_data[0]);
	for (int k = 0; k < 8; k++)
		assert_int_equal(h_skip(m, B0 + k * PB), want_set[k]);
	assert_int_equal(z->compact_init_migrate_pfn, 0x10000);
	assert_int_equal(z->compact_init_free_pfn, 0);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10800);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10800);
	assert_int_equal(z->compact_cached_free_pfn, 0x107ff);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * pageblock_skip_persistent(): an order-9 compound ANON folio (a THP)
 * filling B0, and one filling B7.  B1..B6: SLAB at the first pfn, the rest
 * free.
 * Manual compaction: isolate_migratepages finds B0 not a suitable source
 * (its first page is part of a compound page of order >= pageblock_order),
 * calls update_cached_migrate(0x10200) and moves on without calling
 * isolate_migratepages_block for B0 (no tracepoint, no skip bit for B0);
 * B1..B6 yield nothing (skip set).  No page is isolated, the free scanner
 * never runs, the THPs stay (thp_migration_* and pgmigrate_* 0),
 * COMPACT_COMPLETE after B6 (free_pfn is still 0x10e00): 6 isolate lines,
 * the first for B1.
 * Then with all eight skip bits set and compact_blockskip_flush, the reset
 * walk: 1. 0x10000: persistent -> false (B0's sample would be an LRU page);
 * 0x10fff: persistent -> false.  2. 0x10200 (source check only, nothing
 * set source_set): B1 has no LRU sample -> stays.  0x10dff (target): the
 * sample 0x10c08 heads a free order-3 block -> B6 cleared, free_set,
 * reset_free = cached free = 0x10dff.  3. B2 stays; 0x10bff (source and
 * target now): 0x10a08 free -> B5 cleared.  4. B3 stays; B4 cleared.
 * End: reset_migrate is still its initial zone_end - 1 = 0x10fff >=
 * reset_free 0x10dff: "no distance": cached migrate = 0x10800, cached free
 * = 0x107ff (compact_init_free_pfn stays 0x10dff).
 */
static void test_skip_persistent_thp(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	static const bool want_set[8] = { true, true, true, true,
					  false, false, false, true };

	(void)state;
	h_layout_init(&l, '.');
	h_set(&l, B0, PB, 'S');
	h_set(&l, B7, PB, 'S');
	for (unsigned long b = B1; b < B7; b += PB)
		h_set(&l, b, 1, 'S');
	l.comp[0] = (struct h_comp){ B0, 9, MC_PAGE_ANON, 0, 0xb0 };
	l.comp[1] = (struct h_comp){ B7, 9, MC_PAGE_ANON, 0, 0xb7 };
	l.nr_comp = 2;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);

	h_cc_manual(&cc, m);
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10200 ~ 0x10400) nr_scanned=512 nr_taken=0");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 6);
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages", NULL),
			 0);
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
	h_trace_stop(&t);
	assert_false(h_skip(m, B0));
	assert_int_equal(h_delta(m, &c0, "thp_migration_success"), 0);
	assert_int_equal(h_delta(m, &c0, "thp_migration_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_info(m, B0).order, 9);
	assert_true(h_info(m, B0).compound);

	for (unsigned long b = B0; b < ZEND; b += PB)
		set_pageblock_skip(m, b);
	z->compact_blockskip_flush = true;
	reset_isolation_suitable(m->node_data[0]);
	for (int k = 0; k < 8; k++)
		assert_int_equal(h_skip(m, B0 + k * PB), want_set[k]);
	assert_int_equal(z->compact_init_free_pfn, 0x10dff);
	assert_int_equal(z->compact_cached_free_pfn, 0x107ff);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10800);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10800);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The free scanner passes over a THP whole: a THP fills B7; B0 holds one
 * ANON page at 0x10000 (the rest free); B1..B6 SLAB at the first pfn.
 * Manual compaction: B0 isolates 0x10000; isolate_freepages: B7's first
 * page is not free, block Movable -> scanned: the compound page is jumped
 * (511 pfns added to nr_scanned), nothing free:
 * "range=(0x10e00 ~ 0x11000) nr_scanned=512 nr_taken=0", skip bit on B7;
 * nothing isolated, so the stride doubles (1 -> 2).  B6 with stride 2:
 * 0x10c00 SLAB, 0x10c02/1 -> 2 >= 1, stop at 0x10c04:
 * "range=(0x10c00 ~ 0x10c04) nr_scanned=3 nr_taken=2"; the page moves to
 * 0x10c02 (0x10c03 is released at the end) and B0 becomes one free
 * order-9 block.  free_pfn = 0x10c04: the scanners meet when the migration
 * scanner reaches B6 (after B1..B5): COMPACT_COMPLETE.
 */
static void test_free_scanner_skips_thp(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;

	(void)state;
	h_layout_init(&l, '.');
	h_set(&l, B0, 1, 'A');
	h_set(&l, B7, PB, 'S');
	for (unsigned long b = B1; b < B7; b += PB)
		h_set(&l, b, 1, 'S');
	l.comp[0] = (struct h_comp){ B7, 9, MC_PAGE_ANON, 0, 0xb7 };
	l.nr_comp = 1;
	h_layout_build(m, &l);
	h_trace_start(m, &t);
	h_cc_manual(&cc, m);
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x11000) nr_scanned=512 nr_taken=0");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 1,
		      "range=(0x10c00 ~ 0x10c04) nr_scanned=3 nr_taken=2");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10c00 free_pfn=0x10c04 "
		      "zone_end=0x11000, mode=sync status=complete");
	h_trace_stop(&t);
	assert_true(h_skip(m, B7));
	expect_cookie(m, 0x10c02, 0x10000, MC_PAGE_ANON);
	assert_int_equal(h_info(m, 0x10c03).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B0).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B0).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- 3. cached positions ------------------------------------------------- */

/*
 * update_cached_migrate() with pageblock_end_pfn() of an aligned pfn (the
 * end of the next block), ASYNC raising only [0], and compact_zone's
 * update_cached copy.  Layout: all blocks "S......." (no LRU page, no
 * free block >= order 3) except a MOVABLE_OPS page at 0x10600 whose owner
 * refuses isolation and sets a fatal signal, which stops the run at the
 * next multiple of 32 inside B3.
 *
 * a) direct ASYNC, order 3, cached pfns 0 (boot) -> both 0x10000, free
 *    0x10e00; update_cached = (cached[0] == cached[1]) = true.  B0, B1, B2:
 *    skip_on_failure (async direct): one pfn per 8-pfn chunk is scanned
 *    (the SLAB fails, the scan jumps to the next order-3 chunk): 64
 *    scanned, nothing isolated: skip bit, update_cached_migrate(0x10200)
 *    -> pageblock_end_pfn(0x10200) = 0x10400 into [0] only;
 *    ISOLATE_NONE copies it to [1].  After B2: [0] = [1] = 0x10800.
 *    B3: the owner refuses and raises the signal; at 0x10620 the scan
 *    aborts (-EINTR): no tracepoint, no cached update.
 *    COMPACT_CONTENDED; end migrate_pfn 0x10620.
 * b) direct ASYNC with cached [0] = 0x10000, [1] = 0x10200 preset:
 *    update_cached false: [0] ends 0x10800, [1] stays 0x10200.
 * c) kcompactd-style SYNC_LIGHT (not direct, GFP_KERNEL) with the same
 *    preset: starts at [1] = 0x10200; B1 and B2 are scanned whole (512
 *    each, no skip_on_failure) and raise both: [0] = [1] = 0x10800; B0 is
 *    not visited and keeps its skip bit clear.
 */
static void run_cached(int variant)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_owner o = { .isolate_ret = false, .fatal_at_isolate = 1 };
	struct h_trace t;
	struct h_ctrs c0;

	h_owner_register(m, &o, "mops");
	h_layout_init(&l, '.');
	l.mops_owner = o.slot;
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_set(&l, B3, 1, 'M');
	h_layout_build(m, &l);
	if (variant) {
		z->compact_cached_migrate_pfn[0] = 0x10000;
		z->compact_cached_migrate_pfn[1] = 0x10200;
		z->compact_cached_free_pfn = 0x10e00;
	}
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	if (variant < 2) {
		h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE,
			    COMPACT_PRIO_ASYNC);
		assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
				 COMPACT_CONTENDED);
	} else {
		h_cc(&cc, m, 3, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
		assert_int_equal(h_compact(m, &cc, NULL, 0, false),
				 COMPACT_CONTENDED);
	}
	assert_int_equal(o.isolates, 1);
	assert_int_equal(o.isolate_mode[0], cc.mode);
	if (variant == 0) {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=64 nr_taken=0");
		assert_int_equal(h_count(&t,
			"mm_compaction_isolate_migratepages", NULL), 3);
		assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10800);
		assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10800);
		assert_true(h_skip(m, B0));
	} else if (variant == 1) {
		assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10800);
		assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10200);
		assert_true(h_skip(m, B0));
	} else {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10200 ~ 0x10400) nr_scanned=512 nr_taken=0");
		assert_int_equal(h_count(&t,
			"mm_compaction_isolate_migratepages", NULL), 2);
		assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10800);
		assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10800);
		assert_false(h_skip(m, B0));
		/* 2 * 512 + 0x10600..0x1061f */
		assert_int_equal(h_delta(m, &c0, "compact_migrate_scanned"),
				 2 * 512 + 32);
	}
	assert_true(h_skip(m, B1));
	assert_true(h_skip(m, B2));
	assert_false(h_skip(m, B3));
	assert_int_equal(z->compact_cached_free_pfn, 0x10e00);
	h_expect_body(&t, "mm_compaction_end", 0, variant < 2 ?
		      "zone_start=0x10000 migrate_pfn=0x10620 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=async status=contended" :
		      "zone_start=0x10000 migrate_pfn=0x10620 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync status=contended");
	/* The run ended by the abort, not by compact_finished. */
	assert_int_equal(h_count(&t, "mm_compaction_finished",
				 "ret=contended"), 0);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_cached_migrate_async_from_equal(void **state)
{
	(void)state;
	run_cached(0);
}

static void test_cached_migrate_async_only_raises_0(void **state)
{
	(void)state;
	run_cached(1);
}

static void test_cached_migrate_sync_light_raises_both(void **state)
{
	(void)state;
	run_cached(2);
}

/*
 * The fast free-list search and the cached free pfn.  Layout: every pfn
 * "S." (SLAB at even pfns, odd pfns free order-0 blocks) except B0's first
 * four pfns "A.A." (ANON 0x10000 and 0x10002); freed top down, so the
 * order-0 Movable list runs from 0x10001 (head) to 0x10fff (tail).
 * Direct SYNC_LIGHT compaction, order 2, GFP_HIGHUSER_MOVABLE:
 *  - suitable (no order >= 2 free, min 128 + 8 < 2048 free): CONTINUE.
 *  - cached 0 -> migrate 0x10000, free 0x10e00 (stored).
 *  - B0: 0x10000 and 0x10002 isolated (skip bit set by test_and_set_skip),
 *    nr_scanned 512.
 *  - compaction_alloc -> isolate_freepages -> fast_isolate_freepages:
 *    free_pfn 0x10e00 >= compact_init_free_pfn (0): scan_start, limit 256;
 *    distance 0xc00: low_pfn = pageblock_start(0x10b00) = 0x10a00,
 *    min_pfn = pageblock_start(0x10800) = 0x10800; search_order = min(1,
 *    2) = 1: order 1 is empty, order 0 from the tail: 0x10fff >= low_pfn
 *    -> taken (highest = 0x10e00): "range=(0x10800 ~ 0x10e00)
 *    nr_scanned=1 nr_taken=1".  highest >= cached free (0x10e00) ->
 *    cached free = 0x10e00 - 512 = 0x10c00.  fast_isolate_around(0x10fff)
 *    (not async): B7 from 0x10e00 stride 1: 0x10e01 -> 2 >= 2, stop:
 *    "range=(0x10e00 ~ 0x10e02) nr_scanned=2 nr_taken=1".
 *  - list order 0x10002, 0x10000 -> targets 0x10fff, 0x10e01.  The
 *    sources free 0x10000-0x10003 into one order-2 Movable block.
 *  - check_drain; compact_finished at 0x10200: order 2 Movable list not
 *    empty -> COMPACT_SUCCESS (finished: no_suitable_page, success).
 * Cached after: migrate [0] = [1] = 0x10000 (nothing updated them: the
 * only block scanned isolated pages), free 0x10c00.  compact_isolated =
 * 2 + 1 + 1, compact_free_scanned = 1 + 2, migrate_scanned 512.
 *
 * kcompactd-style (GFP_KERNEL: cc->migratetype Unmovable, SYNC_LIGHT, not
 * direct) on the same layout does the same work and finishes with
 * COMPACT_SUCCESS too, through the fallback: the Unmovable lists are empty,
 * find_suitable_fallback(order 2, Unmovable, only_stealable) finds the
 * Movable block and an Unmovable request can always steal.
 */
static void build_odd_free(struct mc_machine *m)
{
	struct h_layout l;

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.");
	h_pattern(&l, B0, 4, "A.A.");
	l.free_descending = true;
	h_layout_build(m, &l);
}

static void run_fast_free(bool kcompactd)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = { "no_suitable_page", "success" };

	build_odd_free(m);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	if (kcompactd) {
		h_cc(&cc, m, 2, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
		assert_int_equal(h_compact(m, &cc, NULL, 0, false),
				 COMPACT_SUCCESS);
	} else {
		h_cc_direct(&cc, m, 2, GFP_HIGHUSER_MOVABLE,
			    COMPACT_PRIO_SYNC_LIGHT);
		assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
				 COMPACT_SUCCESS);
	}
	h_expect_body(&t, "mm_compaction_begin", 0,
		      "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=2");
	h_expect_body(&t, "mm_compaction_fast_isolate_freepages", 0,
		      "range=(0x10800 ~ 0x10e00) nr_scanned=1 nr_taken=1");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e02) nr_scanned=2 nr_taken=1");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages", NULL),
			 1);
	expect_finished(&t, fin, 2);
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync status=success");
	h_trace_stop(&t);

	expect_cookie(m, 0x10fff, 0x10002, MC_PAGE_ANON);
	expect_cookie(m, 0x10e01, 0x10000, MC_PAGE_ANON);
	assert_int_equal(h_info(m, 0x10000).state, MC_PS_FREE);
	assert_int_equal(h_info(m, 0x10000).order, 2);
	assert_int_equal(h_info(m, 0x10000).head_pfn, 0x10000);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10000);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10000);
	assert_int_equal(z->compact_cached_free_pfn, 0x10c00);
	assert_true(h_skip(m, B0));
	assert_false(h_skip(m, B7));
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 4);
	assert_int_equal(h_delta(m, &c0, "compact_free_scanned"), 3);
	assert_int_equal(h_delta(m, &c0, "compact_migrate_scanned"), 512);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 2);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_fast_free_search_direct(void **state)
{
	(void)state;
	run_fast_free(false);
}

static void test_success_by_stealable_fallback(void **state)
{
	(void)state;
	run_fast_free(true);
}

/*
 * Not stealable: the same layout with B0 turned Unmovable
 * (move_freepages_block, as a steal does: its free pages move to the
 * Unmovable lists).  Direct SYNC_LIGHT order 2, Movable request: B0 is a
 * suitable source in SYNC_LIGHT; the two pages migrate (targets as above:
 * the Movable order-0 tail 0x10fff, then 0x10e01) and free an order-2
 * block into the Unmovable pageblock (Unmovable list).  At 0x10200: no
 * Movable block of order >= 2; fallback Unmovable at order 2 exists but
 * can_steal_fallback(2, Movable) is false (2 < pageblock_order / 2):
 * COMPACT_NO_SUITABLE_PAGE -> CONTINUE.  B1..B6 yield nothing; the
 * migration scanner reaches 0x10e00 = free_pfn: PARTIAL_SKIPPED.
 * finished: no_suitable_page x 7 (0x10000, 0x10200 .. 0x10c00),
 * partial_skipped.
 * ASYNC instead: suitable_migration_source() rejects B0 (async direct,
 * Movable request, Unmovable block): update_cached_migrate(0x10200) and the
 * same isolate_migratepages call goes on to B1, so one finished line fewer
 * (no_suitable_page x 6); no isolation at all: PARTIAL_SKIPPED.
 */
static void run_unmovable_block(enum compact_priority prio)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = {
		"no_suitable_page", "no_suitable_page", "no_suitable_page",
		"no_suitable_page", "no_suitable_page", "no_suitable_page",
		"no_suitable_page", "partial_skipped",
	};
	static const char *const fin_async[] = {
		"no_suitable_page", "no_suitable_page", "no_suitable_page",
		"no_suitable_page", "no_suitable_page", "no_suitable_page",
		"partial_skipped",
	};

	build_odd_free(m);
	move_freepages_block(z, pfn_to_page(m, B0), MIGRATE_MOVABLE,
			     MIGRATE_UNMOVABLE);
	assert_int_equal(get_pfnblock_migratetype(m, B0), MIGRATE_UNMOVABLE);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 2, GFP_HIGHUSER_MOVABLE, prio);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_PARTIAL_SKIPPED);
	if (prio == COMPACT_PRIO_SYNC_LIGHT)
		expect_finished(&t, fin, 8);
	else
		expect_finished(&t, fin_async, 7);
	if (prio == COMPACT_PRIO_SYNC_LIGHT) {
		assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 2);
		assert_int_equal(h_info(m, 0x10000).state, MC_PS_FREE);
		assert_int_equal(h_info(m, 0x10000).order, 2);
		assert_int_equal(h_info(m, 0x10000).pageblock_mt,
				 MIGRATE_UNMOVABLE);
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=2");
	} else {
		assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
		assert_int_equal(h_delta(m, &c0, "compact_isolated"), 0);
		assert_int_equal(h_info(m, 0x10000).kind, MC_PAGE_ANON);
		/* the first block isolate_migratepages_block sees is B1 */
		assert_true(strstr(h_nth(&t,
			"mm_compaction_isolate_migratepages", 0),
			"range=(0x10200 ~ 0x10400)") != NULL);
		assert_false(h_skip(m, B0));
	}
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_no_suitable_page_unstealable(void **state)
{
	(void)state;
	run_unmovable_block(COMPACT_PRIO_SYNC_LIGHT);
}

static void test_async_source_must_match_type(void **state)
{
	(void)state;
	run_unmovable_block(COMPACT_PRIO_ASYNC);
}

/*
 * COMPACT_CONTINUE inside a pageblock, then COMPACT_SUCCESS at its end.
 * Layout: B0 "AAAA...." per chunk (256 ANON; free blocks 8c+4/2), B1..B7
 * "SSSS...." (free 8c+4/2); freed top down, so the order-2 Movable list
 * runs 0x10004 (head) .. 0x10ffc (tail).  No free block >= order 3.
 * Direct SYNC_LIGHT, order 3, no capture.
 * Iteration 1: 32 pages isolated: 0x10000-3, 0x10008-b, .. 0x10038-b;
 * cut at 0x1003c: "range=(0x10000 ~ 0x1003c) nr_scanned=60 nr_taken=32".
 * Free side: fast search (search_order 2): the tail 0x10ffc >= low_pfn
 * 0x10a00 -> taken, cached free -> 0x10c00; fast_isolate_around in B7
 * from 0x10e00: seven order-2 blocks 0x10e04 .. 0x10e34 (4 + 28 = 32),
 * "range=(0x10e00 ~ 0x10e38) nr_scanned=56 nr_taken=28".  All 32 migrate;
 * the sources merge to 0x10000/6.  check_drain resets last_migrated_pfn.
 * Iterations 2..8: compact_finished at an unaligned migrate_pfn (0x1003c,
 * 0x1007c, ..): CONTINUE; the next 32 (finish_pageblock false: the drain
 * cleared last_migrated_pfn); the fast search takes the next list tail
 * (0x10ff4, 0x10fec, ..) and the scan around it seven more blocks of B7.
 * 256 pages need exactly B7's 64 order-2 blocks.  Iteration 9 at 0x101fc
 * scans the last 4 pfns (free): "range=(0x101fc ~ 0x10200) nr_scanned=4
 * nr_taken=0", update_cached_migrate(0x10200) -> both 0x10400.  At 0x10200
 * B0 is one free order-9 block on the Movable list: COMPACT_SUCCESS.
 * finished: no_suitable_page, continue x 8, success.
 */
static void test_continue_inside_block_then_success(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = {
		"no_suitable_page", "continue", "continue", "continue",
		"continue", "continue", "continue", "continue", "continue",
		"success",
	};

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "SSSS....");
	h_pattern(&l, B0, PB, "AAAA....");
	l.free_descending = true;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_SUCCESS);
	expect_finished(&t, fin, 10);
	assert_string_equal(h_nth(&t, "mm_compaction_finished", 1),
			    "node=0 zone=Normal   order=3 ret=continue");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x1003c) nr_scanned=60 nr_taken=32");
	h_expect_body(&t, "mm_compaction_fast_isolate_freepages", 0,
		      "range=(0x10600 ~ 0x10e00) nr_scanned=4 nr_taken=4");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e38) nr_scanned=56 nr_taken=28");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 8,
		      "range=(0x101fc ~ 0x10200) nr_scanned=4 nr_taken=0");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync status=success");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 256);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_info(m, B0).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B0).order, 9);
	/* B7's 256 free pages all became targets. */
	for (unsigned long p = B7; p < ZEND; p++)
		assert_int_equal(h_info(m, p).state, MC_PS_ALLOCATED);
	expect_cookie(m, 0x10ffc, 0x1003b, MC_PAGE_ANON);
	expect_cookie(m, 0x10fff, 0x10038, MC_PAGE_ANON);
	expect_cookie(m, 0x10e04, 0x10033, MC_PAGE_ANON);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10400);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10400);
	assert_int_equal(z->compact_cached_free_pfn, 0x10c00);
	assert_true(h_skip(m, B0));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * fast_find_migrateblock(): for orders above PAGE_ALLOC_COSTLY_ORDER the
 * migration scanner first looks for a pageblock that already has free
 * pages.  Layout: B0 and B1 full of SLAB; B2 "AAAAAAAA........" (ANON in
 * the first half of every 16-pfn chunk, free order-3 blocks 0x10408,
 * 0x10418, ..); B3..B7 "S......."; freed top down (order-3 list ascending:
 * head 0x10408; order-2 list tail 0x10ffc).  Direct SYNC_LIGHT order 4:
 * suitable (fragindex = 1000 - (1000 + 2496000 / 16) / 992 = 842).
 * fast_find_migrateblock at the zone start: distance = (0x10e00 -
 * 0x10000) / 2 = 0x700, high_pfn = 0x10600; order 3, from the head:
 * 0x10408 < high_pfn, its block not skipped -> moved to the list tail,
 * fast_start_pfn 0x10408, pfn = 0x10400: the scanner jumps over B0 and B1
 * (never scanned, no skip bits).  B2: 32 pages from 4 chunks, cut at
 * 0x10438: "range=(0x10400 ~ 0x10438) nr_scanned=56 nr_taken=32".
 * Targets: fast_isolate_freepages (min_pfn = pageblock_start(0x10e00 -
 * 0x9c8 / 2) = 0x10800, low_pfn 0x10a00): order 3 holds only B2's 32
 * blocks, all below min_pfn: 32 scanned, none taken; order 2: the tail
 * 0x10ffc is taken: "range=(0x10800 ~ 0x10e00) nr_scanned=36 nr_taken=4";
 * around it in B7: 28 more pages from 0x10e01 .. 0x10e1c:
 * "range=(0x10e00 ~ 0x10e20) nr_scanned=32 nr_taken=28".  Eight batches
 * of 32 empty B2 (continue at 0x10438, 0x10478, .., 0x105f8); at 0x10600
 * B2 is a free order-9 block: COMPACT_SUCCESS.
 */
static void test_fast_find_migrateblock_jumps(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = {
		"no_suitable_page", "continue", "continue", "continue",
		"continue", "continue", "continue", "continue", "continue",
		"success",
	};

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_set(&l, B0, 2 * PB, 'S');
	h_pattern(&l, B2, PB, "AAAAAAAA........");
	l.free_descending = true;
	h_layout_build(m, &l);
	assert_int_equal(fragmentation_index(h_zone(m), 4), 842);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 4, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_SUCCESS);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10400 ~ 0x10438) nr_scanned=56 nr_taken=32");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 "range=(0x10000 "), 0);
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 "range=(0x10200 "), 0);
	h_expect_body(&t, "mm_compaction_fast_isolate_freepages", 0,
		      "range=(0x10800 ~ 0x10e00) nr_scanned=36 nr_taken=4");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e20) nr_scanned=32 nr_taken=28");
	expect_finished(&t, fin, 10);
	h_trace_stop(&t);
	assert_false(h_skip(m, B0));
	assert_false(h_skip(m, B1));
	assert_true(h_skip(m, B2));
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 256);
	assert_int_equal(h_info(m, B2).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B2).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The fast free search giving up.  The odd-free layout again, but freed
 * bottom up, so the order-0 Movable list runs from 0x10fff (head) down to
 * 0x10001 (tail): walking from the tail, the search sees the lowest pages
 * first.  Order 2, search_order 1 (empty), order 0: 256 entries
 * (scan_start limit), 0x10001 .. 0x101ff, all below min_pfn 0x10800: no
 * candidate; "range=(0x10800 ~ 0x10e00) nr_scanned=256 nr_taken=0";
 * fast_search_fail 1; highest (0x10000) < min_pfn.
 *  - direct: be pessimistic: min_pfn's block is a suitable target (first
 *    page SLAB, Movable): free_pfn = 0x10800 and fast_isolate_around there
 *    takes 0x10801, 0x10803: "range=(0x10800 ~ 0x10804) nr_scanned=4
 *    nr_taken=2".  Targets: 0x10002 -> 0x10801, 0x10000 -> 0x10803.
 *  - kcompactd-style (not direct): nothing taken; the linear scanner runs
 *    from free_pfn 0x10e00 (stride 1): 0x10e01, 0x10e03:
 *    "range=(0x10e00 ~ 0x10e04) nr_scanned=4 nr_taken=2", free_pfn
 *    0x10e04.  Targets 0x10e01, 0x10e03.
 * Both: the order-2 block at 0x10000 is then free: COMPACT_SUCCESS at
 * 0x10200 (for kcompactd through the stealable fallback);
 * compact_free_scanned 260; cached free pfn stays 0x10e00 (highest was
 * not above it).
 */
static void run_fast_free_gives_up(bool direct)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.");
	h_pattern(&l, B0, 4, "A.A.");
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	if (direct) {
		h_cc_direct(&cc, m, 2, GFP_HIGHUSER_MOVABLE,
			    COMPACT_PRIO_SYNC_LIGHT);
		assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
				 COMPACT_SUCCESS);
	} else {
		h_cc(&cc, m, 2, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
		assert_int_equal(h_compact(m, &cc, NULL, 0, false),
				 COMPACT_SUCCESS);
	}
	h_expect_body(&t, "mm_compaction_fast_isolate_freepages", 0,
		      "range=(0x10800 ~ 0x10e00) nr_scanned=256 nr_taken=0");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0, direct ?
		      "range=(0x10800 ~ 0x10804) nr_scanned=4 nr_taken=2" :
		      "range=(0x10e00 ~ 0x10e04) nr_scanned=4 nr_taken=2");
	h_expect_body(&t, "mm_compaction_end", 0, direct ?
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10800 "
		      "zone_end=0x11000, mode=sync status=success" :
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10e04 "
		      "zone_end=0x11000, mode=sync status=success");
	h_trace_stop(&t);
	expect_cookie(m, direct ? 0x10801 : 0x10e01, 0x10002, MC_PAGE_ANON);
	expect_cookie(m, direct ? 0x10803 : 0x10e03, 0x10000, MC_PAGE_ANON);
	assert_int_equal(h_delta(m, &c0, "compact_free_scanned"), 260);
	assert_int_equal(z->compact_cached_free_pfn, 0x10e00);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_fast_free_search_gives_up_direct(void **state)
{
	(void)state;
	run_fast_free_gives_up(true);
}

static void test_fast_free_search_gives_up_kcompactd(void **state)
{
	(void)state;
	run_fast_free_gives_up(false);
}

/*
 * A failed migration inside a pageblock makes compact_zone rescan the rest
 * of that block at once (finish_pageblock), without a compact_finished in
 * between.  Layout "S." everywhere, but B0 starts with 40 even pfns of LRU
 * pages (0x10000 .. 0x1004e) of which 0x10010 is a pinned page-cache page.
 * Direct SYNC_LIGHT, order 2:
 *  - at 0x10000: no_suitable_page; 32 isolated, cut at 0x1003f:
 *    "range=(0x10000 ~ 0x1003f) nr_scanned=63 nr_taken=32".
 *  - migrate_pages: 31 move, the pinned file page fails (-EAGAIN, 3 ASYNC
 *    + 7 SYNC_LIGHT passes): "nr_succeeded=31 nr_failed=1 ...
 *    mode=MIGRATE_SYNC_LIGHT"; err 1: putback; migrate_pfn 0x1003f is not
 *    pageblock aligned, skip hints honoured, not finishing, mode <
 *    MIGRATE_SYNC: finish_pageblock, rescan.
 *  - the rest of B0 without the 32-page cut: 0x10040 .. 0x1004e (8):
 *    "range=(0x1003f ~ 0x10200) nr_scanned=449 nr_taken=8"; the block was
 *    scanned to its end with finish_pageblock: update_cached_migrate ->
 *    0x10400 (both; the skip bit was already set by test_and_set_skip in
 *    the first pass, the second pass started unaligned so it has no valid
 *    page).  All 8 move.
 *  - at 0x10200: 0x10000/4 is free: success.  finished lines: exactly
 *    no_suitable_page, success.
 */
static void test_failed_migration_rescans_pageblock(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	static const char *const fin[] = { "no_suitable_page", "success" };

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.");
	h_pattern(&l, B0, 0x50, "A.");
	h_set(&l, 0x10010, 1, 'F');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, 0x10010, MC_PF_PINNED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 2, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_SUCCESS);
	expect_finished(&t, fin, 2);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x1003f) nr_scanned=63 nr_taken=32");
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 1,
		      "range=(0x1003f ~ 0x10200) nr_scanned=449 nr_taken=8");
	h_expect_body(&t, "mm_migrate_pages", 0,
		      "nr_succeeded=31 nr_failed=1 nr_thp_succeeded=0 "
		      "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
		      "mode=MIGRATE_SYNC_LIGHT reason=compaction");
	h_expect_body(&t, "mm_migrate_pages", 1,
		      "nr_succeeded=8 nr_failed=0 nr_thp_succeeded=0 "
		      "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
		      "mode=MIGRATE_SYNC_LIGHT reason=compaction");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 39);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	assert_int_equal(h_info(m, 0x10010).kind, MC_PAGE_FILE);
	assert_int_equal(h_info(m, 0x10010).head_pfn, 0x10010);
	assert_int_equal(h_info(m, 0x10000).state, MC_PS_FREE);
	assert_int_equal(h_info(m, 0x10000).order, 4);
	assert_int_equal(z->compact_cached_migrate_pfn[0], 0x10400);
	assert_int_equal(z->compact_cached_migrate_pfn[1], 0x10400);
	assert_true(h_skip(m, B0));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * too_many_isolated(): isolated > (inactive + active) / 2, with both LRU
 * sums divided by 8 first when the request may enter the filesystem
 * (__GFP_FS).  Layout "S......." everywhere, B0 and B7 "A......." (64 ANON
 * each, all inactive): 128 LRU pages.  k of B7's pages are isolated by
 * hand (as a parallel compactor would hold them).  Direct ASYNC order 3:
 *  - GFP_HIGHUSER_MOVABLE (has __GFP_FS), k = 8: 8 > ((120 >> 3) + 0) / 2
 *    = 7: isolate_migratepages_block returns -EAGAIN before scanning (no
 *    tracepoint) -> ISOLATE_ABORT -> COMPACT_CONTENDED, migrate_pfn
 *    0x10000.
 *  - the same with k = 7: 7 > (121 >> 3) / 2 = 7 is false: the scan runs;
 *    B0's first order-3 chunk gives one page (skip_on_failure: the chunk
 *    boundary 0x10008 is reached with a page isolated: migrate it):
 *    "range=(0x10000 ~ 0x10008) nr_scanned=8 nr_taken=1".
 *  - GFP_NOFS | __GFP_MOVABLE, k = 8: no scaling: 8 > 120 / 2 is false:
 *    the scan runs.
 */
static void run_too_many(gfp_t gfp, int k, bool contended)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct task_scope ts;
	uint32_t list = sentinel_get(m);
	enum compact_result r;

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_pattern(&l, B0, PB, "A.......");
	h_pattern(&l, B7, PB, "A.......");
	h_layout_build(m, &l);
	for (int i = 0; i < k; i++) {
		struct page *p = pfn_to_page(m, B7 + 8 * i);

		isolate_lru_folio(m, p);
		ilist_add(m, page_idx(m, p), list);
	}
	assert_int_equal(node_page_state(m->node_data[0], NR_ISOLATED_ANON),
			 k);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 3, gfp, COMPACT_PRIO_ASYNC);
	r = h_compact(m, &cc, NULL, PF_MEMALLOC, false);
	if (contended) {
		assert_int_equal(r, COMPACT_CONTENDED);
		assert_int_equal(h_count(&t,
				"mm_compaction_isolate_migratepages", NULL), 0);
		h_expect_body(&t, "mm_compaction_end", 0,
			      "zone_start=0x10000 migrate_pfn=0x10000 "
			      "free_pfn=0x10e00 zone_end=0x11000, mode=async "
			      "status=contended");
	} else {
		assert_int_not_equal(r, COMPACT_CONTENDED);
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10008) nr_scanned=8 nr_taken=1");
	}
	h_trace_stop(&t);
	task_enter(m, &ts, 0);
	putback_movable_pages(m, list);
	task_leave(&ts);
	sentinel_put(m, list);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_too_many_isolated(void **state)
{
	(void)state;
	run_too_many(GFP_HIGHUSER_MOVABLE, 8, true);
	run_too_many(GFP_HIGHUSER_MOVABLE, 7, false);
	run_too_many(GFP_NOFS | __GFP_MOVABLE, 8, false);
}

/* ---- 5. fragmentation index and compaction_suitable ---------------------- */

static int frag(unsigned int order, unsigned long pages, unsigned long total,
		unsigned long suitable)
{
	struct contig_page_info info = {
		.free_pages = pages, .free_blocks_total = total,
		.free_blocks_suitable = suitable,
	};

	return __fragmentation_index(order, &info);
}

/*
 * __fragmentation_index = 1000 - (1000 + free_pages * 1000 / 2^order) /
 * free_blocks_total (truncating), -1000 with a suitable block, 0 without
 * free blocks:
 *  - no free blocks: 0
 *  - a block >= order: -1000
 *  - one free page, order 1: 1000 - (1000 + 500) / 1 = -500
 *  - two free pages (two blocks), order 1: 1000 - 2000 / 2 = 0
 *  - 256 order-3 blocks (2048 pages), order 4: 1000 - (1000 + 128000) /
 *    256 = 1000 - 503 = 497
 *  - same, order 5: 1000 - (1000 + 64000) / 256 = 1000 - 253 = 747
 *  - 200 order-0 pages, order 4: 1000 - (1000 + 12500) / 200 = 933
 *  - order 11 > MAX_PAGE_ORDER (10): the kernel WARNs and returns 0
 */
static void test_fragmentation_index_values(void **state)
{
	(void)state;
	assert_int_equal(frag(4, 0, 0, 0), 0);
	assert_int_equal(frag(4, 2048, 2, 1), -1000);
	assert_int_equal(frag(1, 1, 1, 0), -500);
	assert_int_equal(frag(1, 2, 2, 0), 0);
	assert_int_equal(frag(4, 2048, 256, 0), 497);
	assert_int_equal(frag(5, 2048, 256, 0), 747);
	assert_int_equal(frag(4, 200, 200, 0), 933);
	/*
	 * Order 11 > MAX_PAGE_ORDER (10 on x86_64): the kernel WARNs and
	 * returns 0.  The bound is the machine's, so it is checked through
	 * fragmentation_index() on a zone: without it a fresh zone's free
	 * blocks (all below order 11) would give a positive index.
	 */
	{
		struct mc_machine *mm = t_machine("pc:256M", 0);
		struct zone *z = &mm->node_data[0]->node_zones[ZONE_DMA32];

		assert_int_equal(fragmentation_index(z, 11), 0);
		assert_int_equal(fragmentation_index(z, 10), -1000);
		mc_machine_destroy(mm);
	}
}

/*
 * compaction_suitable() on a real zone: every 16-pfn chunk is 8 SLAB then
 * 8 free ("SSSSSSSS........"): 256 free order-3 blocks, NR_FREE_PAGES =
 * 2048, nothing bigger.  fragmentation_index(4) = 497, (5) = 747.
 * Watermark step: __zone_watermark_ok(zone, 0, mark, NORMAL, ALLOC_CMA,
 * 2048) holds iff 2048 > mark (no lowmem reserve, no highatomic).
 *  - order 3 (<= costly): mark = min + compact_gap(3) = min + 16: min =
 *    2031 -> 2047 < 2048: suitable (continue); min = 2032 -> 2048: skipped.
 *    The fragmentation index is not consulted (order 3 has free blocks of
 *    order 3 anyway).
 *  - order 4 (> costly): mark = low + 32: low = 2015 -> suitable by
 *    watermark, but fragindex 497 is in [0, 500]: not_suitable_zone,
 *    false; low = 2016 -> skipped.  extfrag_threshold 496 -> 497 above it:
 *    continue; 497 -> not_suitable_zone.
 *  - order 5: mark = low + 64: low = 1983 -> fragindex 747 > 500:
 *    continue; low = 1984 -> skipped.
 */
static void test_compaction_suitable_boundaries(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct h_layout l;
	struct h_trace t;
	struct {
		int order;
		unsigned long min, low;
		const char *thr;
		bool suitable;
		const char *ret;
	} c[] = {
		{ 3, 2031, 2031, "500", true, "continue" },
		{ 3, 2032, 2032, "500", false, "skipped" },
		{ 4, 128, 2015, "500", false, "not_suitable_zone" },
		{ 4, 128, 2016, "500", false, "skipped" },
		{ 4, 128, 2015, "496", true, "continue" },
		{ 4, 128, 2015, "497", false, "not_suitable_zone" },
		{ 5, 128, 1983, "500", true, "continue" },
		{ 5, 128, 1984, "500", false, "skipped" },
	};

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "SSSSSSSS........");
	h_layout_build(m, &l);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 2048);
	assert_int_equal(fragmentation_index(z, 4), 497);
	assert_int_equal(fragmentation_index(z, 5), 747);
	assert_int_equal(fragmentation_index(z, 3), -1000);

	h_trace_start(m, &t);
	for (size_t k = 0; k < ARRAY_SIZE(c); k++) {
		char want[96];
		bool got;

		z->_watermark[WMARK_MIN] = c[k].min;
		z->_watermark[WMARK_LOW] = c[k].low;
		assert_int_equal(mc_sysctl_write(m, "vm.extfrag_threshold",
						 c[k].thr, strlen(c[k].thr)),
				 0);
		got = compaction_suitable(z, c[k].order, ZONE_NORMAL);
		assert_int_equal(got, c[k].suitable);
		snprintf(want, sizeof(want),
			 "node=0 zone=Normal   order=%d ret=%s", c[k].order,
			 c[k].ret);
		h_expect_body(&t, "mm_compaction_suitable", (int)k, want);
	}
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/* ---- 6. the other outcomes of compact_zone / __compact_finished ---------- */

/*
 * compaction_suit_allocation_order() ends compact_zone before it starts
 * (no begin/end tracepoints):
 *  - COMPACT_SUCCESS when the allocation would already succeed: the
 *    "SSSSSSSS........" layout has order-3 blocks; order 3 with the min
 *    watermark 128: zone_watermark_ok(3) holds -> SUCCESS, and
 *    compaction_suitable is not even called (no suitable line).
 *  - COMPACT_SKIPPED when the order-0 watermark plus the gap is not met:
 *    order 4 (no order-4 block, so the first check fails) with low =
 *    2016: compaction_suitable false -> "ret=skipped", SKIPPED.
 */
static void test_compact_zone_early_returns(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "SSSSSSSS........");
	h_layout_build(m, &l);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_SUCCESS);
	assert_int_equal(h_count(&t, "mm_compaction_suitable", NULL), 0);
	assert_int_equal(h_count(&t, "mm_compaction_begin", NULL), 0);

	z->_watermark[WMARK_LOW] = 2016;
	h_cc_direct(&cc, m, 4, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_SKIPPED);
	h_expect_body(&t, "mm_compaction_suitable", 0,
		      "node=0 zone=Normal   order=4 ret=skipped");
	assert_int_equal(h_count(&t, "mm_compaction_begin", NULL), 0);
	assert_int_equal(h_count(&t, "mm_compaction_end", NULL), 0);
	h_trace_stop(&t);
	mc_machine_destroy(m);
}

/*
 * COMPACT_CONTENDED from a pending fatal signal, on the T1 layout.
 *  - Direct order 3 (layout "S......." so that order 3 is not free):
 *    the first compact_finished gets to the free page check at the aligned
 *    0x10000, finds none (no_suitable_page) and then sees the signal:
 *    "ret=contended", the loop never runs; COMPACT_CONTENDED.
 *  - Manual (order -1): compact_finished returns CONTINUE before any
 *    signal check; isolate_migratepages_block at 0x10000 (a multiple of
 *    32) sees the signal: cc->contended, -EINTR, no isolate tracepoint ->
 *    ISOLATE_ABORT -> COMPACT_CONTENDED with migrate_pfn 0x10000.
 */
static void test_finished_contended(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	static const char *const fin_d[] = { "contended" };
	static const char *const fin_m[] = { "continue" };

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_set(&l, B0 + 1, 1, 'A');
	h_layout_build(m, &l);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, true),
			 COMPACT_CONTENDED);
	expect_finished(&t, fin_d, 1);
	assert_string_equal(h_nth(&t, "mm_compaction_finished", 0),
			    "node=0 zone=Normal   order=3 ret=contended");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 0);
	h_trace_clear(&t);

	h_cc_manual(&cc, m);
	assert_int_equal(h_compact(m, &cc, NULL, 0, true), COMPACT_CONTENDED);
	expect_finished(&t, fin_m, 1);
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 0);
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync status=contended");
	assert_true(cc.contended);
	h_trace_stop(&t);
	assert_int_equal(h_info(m, B0 + 1).kind, MC_PAGE_ANON);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The proactive branch (compact_node(pgdat, true): order -1, SYNC_LIGHT,
 * ignore_skip_hint, whole_zone, proactive): ret = score >
 * fragmentation_score_wmark(low) (100 - 20 = 80) ? CONTINUE : SUCCESS,
 * where score = extfrag_for_order(zone, 9) = (free - order-9-or-larger
 * pages) * 100 / free.
 * Layout: ANON at 0x10000 and 0x10200, the rest of B0/B1 free; B2..B7
 * SLAB at the first pfn.  free = 8 * 511 = 4088, no order-9 block:
 * score 100 -> continue.
 * B0: 0x10000 -> target 0x10e01 (B7, first free page); B0 becomes
 * 0x10000/9: free 4088, score = (4088 - 512) * 100 / 4088 = 87 ->
 * continue.  B1: 0x10200 -> target 0x10e02 (free scanner restarts at
 * 0x10e02: 0x10e02/1, 2 >= 1); B1 frees and merges with B0 into
 * 0x10000/10; the isolated 0x10e03 is not on a free list: free = 4087,
 * score = (4087 - 1024) * 100 / 4087 = 74 <= 80 -> SUCCESS.
 * With kswapd running the branch returns PARTIAL_SKIPPED at once.
 */
static void test_finished_proactive(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	static const char *const fin[] = { "continue", "continue", "success" };
	static const char *const fin_k[] = { "partial_skipped" };

	(void)state;
	h_layout_init(&l, '.');
	h_set(&l, B0, 1, 'A');
	h_set(&l, B1, 1, 'A');
	for (unsigned long b = B2; b < ZEND; b += PB)
		h_set(&l, b, 1, 'S');
	h_layout_build(m, &l);
	assert_int_equal(fragmentation_score_zone(h_zone(m)), 100);

	h_trace_start(m, &t);
	m->node_data[0]->kswapd_running = true;
	h_cc(&cc, m, -1, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
	cc.ignore_skip_hint = cc.whole_zone = cc.proactive_compaction = true;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false),
			 COMPACT_PARTIAL_SKIPPED);
	expect_finished(&t, fin_k, 1);
	h_trace_clear(&t);
	m->node_data[0]->kswapd_running = false;

	h_cc(&cc, m, -1, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
	cc.ignore_skip_hint = cc.whole_zone = cc.proactive_compaction = true;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_SUCCESS);
	expect_finished(&t, fin, 3);
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10400 free_pfn=0x10e04 "
		      "zone_end=0x11000, mode=sync status=success");
	h_trace_stop(&t);
	expect_cookie(m, 0x10e01, 0x10000, MC_PAGE_ANON);
	expect_cookie(m, 0x10e02, 0x10200, MC_PAGE_ANON);
	assert_int_equal(h_info(m, B0).order, 10);
	assert_int_equal(fragmentation_score_zone(h_zone(m)), 74);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- 7. capture ---------------------------------------------------------- */

/*
 * Direct compaction through the allocator, with capture.  Layout as in
 * test_continue_inside_block_then_success (B0 "AAAA....", the rest
 * "SSSS....", freed top down).  mc_alloc_pages(order 3,
 * GFP_HIGHUSER_MOVABLE | __GFP_COMP): the fast path and the first slow
 * path attempt fail (no order-3 block); order 3 is not costly and the
 * request is movable, so no early compaction; reclaim makes no progress;
 * __alloc_pages_direct_compact(DEF_COMPACT_PRIORITY = SYNC_LIGHT):
 * try_to_compact_pages: "order=3 ... priority=1"; compaction_deferred:
 * considered 1 >= 1 -> no.  compact_zone: iteration 1 exactly as in that
 * test (32 pages 0x10000..0x1003b; targets 0x10ffc-f then 0x10e04..).  The
 * move phase frees the sources in list order, 0x1003b first: 0x1003b,
 * 0x1003a (merge to 0x1003a/1), 0x10039, then 0x10038: merges 0x10038/1,
 * 0x10038/2 and, with the free 0x1003c/2, 0x10038/3: at that level
 * compaction_capture(order 3 == cc->order, Movable, request Movable)
 * takes it.  The other 28 still move; chunks 6..0 merge into 0x10030/3,
 * 0x10020/4 and 0x10000/5.  After migrate_pages the captured page ends the
 * loop: COMPACT_SUCCESS (migrate_pfn 0x1003c).  try_to_compact_pages:
 * compaction_defer_reset(3, false): order_failed 0 -> 4 ("consider=1
 * limit=1"); the allocator: prep the captured page, blockskip_flush false,
 * compaction_defer_reset(3, true): considered 0, shift 0 ("consider=0");
 * compact_stall 1, compact_success 1.  The returned pfn is 0x10038.
 */
static void test_capture_through_allocator(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct mc_alloc_request r = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP, .order = 3,
		.nid = 0, .cpu = 0, .kind = MC_PAGE_ANON, .cookie = 77,
	};
	uint64_t pfn = 0;
	struct h_fb fb[1200];
	int n = 0;

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "SSSS....");
	h_pattern(&l, B0, PB, "AAAA....");
	l.free_descending = true;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	assert_int_equal(pfn, 0x10038);

	assert_int_equal(h_count(&t, "mm_compaction_try_to_compact_pages",
				 NULL), 1);
	assert_non_null(strstr(h_nth(&t, "mm_compaction_try_to_compact_pages",
				     0), " priority=1"));
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x1003c) nr_scanned=60 nr_taken=32");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x1003c free_pfn=0x10e00 "
		      "zone_end=0x11000, mode=sync status=success");
	h_expect_body(&t, "mm_compaction_defer_reset", 0,
		      "node=0 zone=Normal   order=3 order_failed=4 consider=1 "
		      "limit=1");
	h_expect_body(&t, "mm_compaction_defer_reset", 1,
		      "node=0 zone=Normal   order=3 order_failed=4 consider=0 "
		      "limit=1");
	h_trace_stop(&t);

	assert_int_equal(h_delta(m, &c0, "compact_stall"), 1);
	assert_int_equal(h_delta(m, &c0, "compact_success"), 1);
	assert_int_equal(h_delta(m, &c0, "compact_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 32);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 64);
	assert_int_equal(z->compact_order_failed, 4);
	assert_int_equal(z->compact_considered, 0);
	assert_int_equal(z->compact_defer_shift, 0);
	assert_false(z->compact_blockskip_flush);
	expect_cookie(m, 0x10038, 77, MC_PAGE_ANON);
	assert_int_equal(h_info(m, 0x10038).order, 3);
	expect_cookie(m, 0x10ffc, 0x1003b, MC_PAGE_ANON);
	expect_cookie(m, 0x10fff, 0x10038, MC_PAGE_ANON);

	/* B0's free blocks: the merged sources and chunks 8..63 untouched. */
	fb[n++] = (struct h_fb){ 0x10000, 5 };
	fb[n++] = (struct h_fb){ 0x10020, 4 };
	fb[n++] = (struct h_fb){ 0x10030, 3 };
	for (unsigned long c = 8; c < 64; c++)
		fb[n++] = (struct h_fb){ B0 + 8 * c + 4, 2 };
	for (unsigned long c = 64; c < 512; c++) {
		unsigned long p = B0 + 8 * c + 4;

		/* B7 chunks used as targets: 0x10e04..0x10e34, 0x10ffc */
		if ((p >= 0x10e04 && p <= 0x10e34) || p == 0x10ffc)
			continue;
		fb[n++] = (struct h_fb){ p, 2 };
	}
	h_expect_free(m, fb, n);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * compaction_capture()'s rules, exercised by freeing pages with a capture
 * control published on the current task (as compact_zone_order does).
 * The zone is full of order-0 SLAB pages (no free page anywhere, so every
 * merge is only with pages freed here); all blocks Movable.
 *  a) cc order 3, Movable: free 0x10100..0x10107: the 8th merges to order
 *     3 -> captured (0x10100; NR_FREE_PAGES back to where it was).
 *  b) free 0x10300..0x1030f, cc order 3: the first eight reach order 3 ->
 *     captured at 0x10300; capc->page is set, so the next eight free
 *     normally into 0x10308/3.
 *  c) cc order 3, Unmovable request: a block below pageblock_order in a
 *     Movable pageblock is refused: 0x10400..0x10407 stay free as 0x10400/3.
 *  d) cc order 9, Unmovable request: order >= pageblock_order is allowed:
 *     freeing all of B4 captures 0x10800 at order 9.
 *  e) order mismatch: cc order 2 while freeing an order-4 compound block:
 *     the merge starts at order 4 (never equals 2): not captured.
 *  f) a kernel thread (PF_KTHREAD) never captures.
 */
static struct page *free_with_capc(struct mc_machine *m,
				   struct capture_control *capc,
				   unsigned long pfn, unsigned long n,
				   unsigned int order, unsigned int flags)
{
	struct task_scope ts;

	task_enter(m, &ts, 0);
	ts.task.flags = flags;
	ts.task.capture_control = capc;
	for (unsigned long i = 0; i < n; i += 1UL << order) {
		struct page *p = pfn_to_page(m, pfn + i);

		page_stat_account(m, p, -1);
		__free_pages(m, p, order);
	}
	ts.task.capture_control = NULL;
	task_leave(&ts);
	return capc->page;
}

/* Give a captured block back (what the allocator would do, then free). */
static void release_captured(struct mc_machine *m, struct page *page,
			     unsigned int order)
{
	struct task_scope ts;

	task_enter(m, &ts, 0);
	prep_new_page(m, page, order, GFP_KERNEL, 0);
	__free_pages(m, page, order);
	task_leave(&ts);
}

static void test_capture_rules(void **state)
{
	struct mc_machine *m = h_machine();
	struct zone *z = h_zone(m);
	struct compact_control cc;
	struct capture_control capc;
	struct h_layout l;
	unsigned long free0;

	(void)state;
	h_layout_init(&l, 'S');
	l.comp[0] = (struct h_comp){ 0x10a00, 4, MC_PAGE_ANON, 0, 1 };
	l.nr_comp = 1;
	h_layout_build(m, &l);
	free0 = zone_page_state(z, NR_FREE_PAGES);
	assert_int_equal(free0, 0);

	/* a) */
	h_cc(&cc, m, 3, MIGRATE_SYNC_LIGHT, GFP_HIGHUSER_MOVABLE);
	cc.migratetype = MIGRATE_MOVABLE;
	capc = (struct capture_control){ .cc = &cc };
	assert_ptr_equal(free_with_capc(m, &capc, 0x10100, 8, 0, 0),
			 pfn_to_page(m, 0x10100));
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 0);
	release_captured(m, capc.page, 3);
	assert_int_equal(h_info(m, 0x10100).order, 3);

	/* b) */
	capc = (struct capture_control){ .cc = &cc };
	assert_ptr_equal(free_with_capc(m, &capc, 0x10300, 16, 0, 0),
			 pfn_to_page(m, 0x10300));
	assert_int_equal(h_info(m, 0x10308).state, MC_PS_FREE);
	assert_int_equal(h_info(m, 0x10308).head_pfn, 0x10308);
	assert_int_equal(h_info(m, 0x10308).order, 3);
	release_captured(m, capc.page, 3);
	assert_int_equal(h_info(m, 0x10300).order, 4);

	/* c) */
	cc.migratetype = MIGRATE_UNMOVABLE;
	capc = (struct capture_control){ .cc = &cc };
	assert_null(free_with_capc(m, &capc, 0x10400, 8, 0, 0));
	assert_int_equal(h_info(m, 0x10400).state, MC_PS_FREE);
	assert_int_equal(h_info(m, 0x10400).order, 3);

	/* d) */
	cc.order = 9;
	capc = (struct capture_control){ .cc = &cc };
	assert_ptr_equal(free_with_capc(m, &capc, B4, PB, 0, 0),
			 pfn_to_page(m, B4));
	release_captured(m, capc.page, 9);

	/* e) */
	cc.order = 2;
	cc.migratetype = MIGRATE_MOVABLE;
	capc = (struct capture_control){ .cc = &cc };
	assert_null(free_with_capc(m, &capc, 0x10a00, 16, 4, 0));
	assert_int_equal(h_info(m, 0x10a00).state, MC_PS_FREE);
	assert_int_equal(h_info(m, 0x10a00).order, 4);

	/* f) */
	cc.order = 3;
	capc = (struct capture_control){ .cc = &cc };
	assert_null(free_with_capc(m, &capc, 0x10c00, 8, 0, PF_KTHREAD));
	assert_int_equal(h_info(m, 0x10c00).order, 3);

	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manual_scanners_meet),
		cmocka_unit_test(test_manual_via_public_api),
		cmocka_unit_test(test_skip_set_by_free_scanner),
		cmocka_unit_test(test_skip_not_set_with_no_set_skip_hint),
		cmocka_unit_test(test_no_set_skip_hint_migration_side),
		cmocka_unit_test(test_skip_honoured_then_reset),
		cmocka_unit_test(test_reset_leaves_no_distance),
		cmocka_unit_test(test_skip_persistent_thp),
		cmocka_unit_test(test_free_scanner_skips_thp),
		cmocka_unit_test(test_cached_migrate_async_from_equal),
		cmocka_unit_test(test_cached_migrate_async_only_raises_0),
		cmocka_unit_test(test_cached_migrate_sync_light_raises_both),
		cmocka_unit_test(test_fast_free_search_direct),
		cmocka_unit_test(test_success_by_stealable_fallback),
		cmocka_unit_test(test_no_suitable_page_unstealable),
		cmocka_unit_test(test_async_source_must_match_type),
		cmocka_unit_test(test_continue_inside_block_then_success),
		cmocka_unit_test(test_fast_find_migrateblock_jumps),
		cmocka_unit_test(test_fast_free_search_gives_up_direct),
		cmocka_unit_test(test_fast_free_search_gives_up_kcompactd),
		cmocka_unit_test(test_failed_migration_rescans_pageblock),
		cmocka_unit_test(test_too_many_isolated),
		cmocka_unit_test(test_fragmentation_index_values),
		cmocka_unit_test(test_compaction_suitable_boundaries),
		cmocka_unit_test(test_compact_zone_early_returns),
		cmocka_unit_test(test_finished_contended),
		cmocka_unit_test(test_finished_proactive),
		cmocka_unit_test(test_capture_through_allocator),
		cmocka_unit_test(test_capture_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
