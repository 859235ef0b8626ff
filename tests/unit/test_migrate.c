// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_migrate.c - page migration (mm/migrate.c of 6.12.117) as compaction
 * drives it, one failure class at a time, with the exact pgmigrate_* /
 * thp_* deltas and the mm_migrate_pages line worked out by hand from
 * migrate_pages(), migrate_pages_sync(), migrate_pages_batch(),
 * migrate_folio_unmap() and migrate_folio_move().
 *
 * Most cases use manual compaction (MIGRATE_SYNC) on one template layout:
 *
 *	B0: the page(s) under test from 0x10000, the rest of B0 free
 *	B1..B7: SLAB at the first pfn, the rest free
 *
 * The migration scanner isolates from B0; the first compaction_alloc runs
 * the free scanner from 0x10e00 (stride 1), which takes 0x10e01/0 first,
 * then 0x10e02/1, 0x10e04/2, 0x10e08/3, 0x10e10/4 until it has as many
 * pages as are waiting, so a single order-0 page always lands on 0x10e01.
 * B1..B6 yield nothing and the run completes when the migration scanner
 * reaches B7.  In MIGRATE_SYNC, migrate_pages_sync() first runs the batch
 * in MIGRATE_ASYNC with 3 passes (failures there are not counted) and then
 * each remaining folio alone in MIGRATE_SYNC with 7 passes; a folio asking
 * for a retry (-EAGAIN) through all passes counts as one failure.  Other
 * modes are driven by calling migrate_pages() directly with an allocator
 * callback, on a page isolated the way isolate_migratepages_block does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

static const char *mp_line(int succ, int fail, int thp_s, int thp_f,
			   int thp_split, int split, const char *mode)
{
	static char b[256];

	snprintf(b, sizeof(b), "nr_succeeded=%d nr_failed=%d "
		 "nr_thp_succeeded=%d nr_thp_failed=%d nr_thp_split=%d "
		 "nr_split=%d mode=%s reason=compaction", succ, fail, thp_s,
		 thp_f, thp_split, split, mode);
	return b;
}

/* The template; @c is the kind of the page at 0x10000 (or 0 for none). */
static void template_layout(struct h_layout *l, char c)
{
	h_layout_init(l, '.');
	if (c)
		h_set(l, B0, 1, c);
	for (unsigned long b = B1; b < ZEND; b += PB)
		h_set(l, b, 1, 'S');
}

static enum compact_result manual(struct mc_machine *m)
{
	struct compact_control cc;

	h_cc_manual(&cc, m);
	return h_compact(m, &cc, NULL, 0, false);
}

static void expect_page(struct mc_machine *m, unsigned long pfn,
			enum mc_page_kind kind, uint32_t cookie, bool lru)
{
	struct mc_page_info i = h_info(m, pfn);

	assert_int_equal(i.state, MC_PS_ALLOCATED);
	assert_int_equal(i.head_pfn, pfn);
	assert_int_equal(i.kind, kind);
	assert_int_equal(i.cookie, cookie);
	assert_int_equal(i.lru, lru);
}

/* ---- direct migrate_pages() ---------------------------------------------- */

struct tgt {
	struct mc_machine *m;
	int allocs, frees;
};

static struct page *tgt_new(struct page *src, unsigned long priv)
{
	struct tgt *t = (struct tgt *)priv;
	unsigned int order = page_test_flag(src, PG_head) ?
			     page_sto_order(src) : 0;

	t->allocs++;
	return __alloc_pages(t->m, GFP_HIGHUSER_MOVABLE |
			     (order ? __GFP_COMP : 0), order, 0);
}

static void tgt_put(struct page *dst, unsigned long priv)
{
	struct tgt *t = (struct tgt *)priv;

	t->frees++;
	__free_pages(t->m, dst, page_sto_order(dst));
}

/*
 * Isolate the LRU page at @pfn as isolate_migratepages_block would, run
 * migrate_pages(@mode) on it as a task with @flags, put back what is left.
 */
static int direct_migrate(struct mc_machine *m, unsigned long pfn,
			  enum migrate_mode mode, unsigned int flags,
			  struct tgt *tg, unsigned int *succeeded)
{
	struct task_scope ts;
	uint32_t list = sentinel_get(m);
	struct page *page = pfn_to_page(m, pfn);
	int rc;

	assert_int_not_equal(list, LIST_POISON_IDX);
	task_enter(m, &ts, 0);
	ts.task.flags = flags;
	isolate_lru_folio(m, page);
	ilist_add(m, page_idx(m, page), list);
	tg->m = m;
	rc = migrate_pages(m, list, tgt_new, tgt_put, (unsigned long)tg, mode,
			   MR_COMPACTION, succeeded);
	if (!ilist_empty(m, list))
		putback_movable_pages(m, list);
	task_leave(&ts);
	sentinel_put(m, list);
	return rc;
}

/* ---- not isolated -------------------------------------------------------- */

/*
 * A pinned anonymous page (refcount - 1 > mapcount) is not even isolated:
 * isolate_migratepages_block fails it before taking the LRU lock, so B0
 * yields nothing: "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0",
 * skip bit set on B0 (valid page, skip_updated never set), no
 * mm_migrate_pages line, no free scanning, no counter moves.
 */
static void test_pinned_anon_not_isolated(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;

	(void)state;
	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_PINNED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages", NULL),
			 0);
	h_trace_stop(&t);
	assert_true(h_skip(m, B0));
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 0);
	expect_page(m, B0, MC_PAGE_ANON, B0, true);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * compact_unevictable_allowed: an mlocked anonymous page is isolated only
 * with ISOLATE_UNEVICTABLE.  0: not isolated (nr_taken=0, skip bit on B0).
 * 1 (default): isolated and migrated to 0x10e01, still mlocked there
 * (success 1).
 */
static void run_unevictable(const char *allowed)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	bool on = allowed[0] == '1';

	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_sysctl_write(m, "vm.compact_unevictable_allowed",
					 allowed, 1), 0);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_MLOCKED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0, on ?
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=1" :
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), on);
	assert_int_equal(h_skip(m, B0), !on);
	if (on) {
		expect_page(m, 0x10e01, MC_PAGE_ANON, B0, true);
		assert_true(h_info(m, 0x10e01).flags & MC_PF_MLOCKED);
	} else {
		expect_page(m, B0, MC_PAGE_ANON, B0, true);
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_unevictable_not_allowed(void **state)
{
	(void)state;
	run_unevictable("0");
}

static void test_unevictable_allowed(void **state)
{
	(void)state;
	run_unevictable("1");
}

/* ---- isolated, then failing or succeeding -------------------------------- */

/*
 * A pinned page-cache page: file pages have a mapping, so the anonymous pin
 * check does not apply and the page is isolated (nr_taken=1).
 * migrate_folio_unmap succeeds (unlocked, no writeback); move_to_new_folio
 * fails the reference count freeze: -EAGAIN.  ASYNC pre-pass: 3 move
 * passes, counted in the throw-away stats; the dst is released once
 * (compaction_free -> mm_page_free of 0x10e01).  SYNC: unmap again (the
 * same 0x10e01 back from the head of freepages[0]), 7 move passes ->
 * nr_failed 1, nr_failed_pages 1, released again.  rc 1 -> putback to the
 * LRU.  Line: succeeded 0, failed 1; pgmigrate_fail +1;
 * "nr_migrated=0 nr_failed=1"; at the end release_free_list frees 0x10e01
 * a third time (3 mm_page_free lines for it).  B0 isolated a page, so no
 * skip bit.
 */
static void test_pinned_file_fails_after_all_passes(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;

	(void)state;
	template_layout(&l, 'F');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_PINNED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=1");
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(0, 1, 0, 0, 0, 0, "MIGRATE_SYNC"));
	h_expect_body(&t, "mm_compaction_migratepages", 0,
		      "nr_migrated=0 nr_failed=1");
	assert_int_equal(h_count(&t, "mm_page_free", "pfn=0x10e01 order=0"),
			 3);
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	expect_page(m, B0, MC_PAGE_FILE, B0, true);
	assert_false(h_skip(m, B0));
	assert_int_equal(h_info(m, 0x10e01).state, MC_PS_FREE);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A locked (clean) anonymous page is isolated in every mode (the folio
 * lock is only tried for dirty pages in ISOLATE_ASYNC_MIGRATE).
 * a) manual MIGRATE_SYNC: the ASYNC pre-pass fails to trylock 3 times
 *    (-EAGAIN, dst 0x10e01 taken and given back each pass); the SYNC retry
 *    is not PF_MEMALLOC and not SYNC_LIGHT, so folio_lock() waits and the
 *    page moves to 0x10e01: succeeded 1, failed 0.
 * b) migrate_pages(MIGRATE_ASYNC): -EAGAIN in each of 10 passes -> failed
 *    1 (10 targets allocated and freed).
 * c) migrate_pages(MIGRATE_SYNC_LIGHT) from direct compaction
 *    (PF_MEMALLOC): ASYNC pre-pass 3 times, then SYNC_LIGHT 7 times, never
 *    sleeping on the lock -> failed 1 (10 targets).
 */
static void test_locked_page_sync_waits(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;

	(void)state;
	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_LOCKED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(1, 0, 0, 0, 0, 0, "MIGRATE_SYNC"));
	assert_int_equal(h_count(&t, "mm_page_free", "pfn=0x10e01 order=0"),
			 3);
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 1);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	expect_page(m, 0x10e01, MC_PAGE_ANON, B0, true);
	assert_false(h_info(m, 0x10e01).flags & MC_PF_LOCKED);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void run_locked_direct(enum migrate_mode mode, const char *name)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct tgt tg = { 0 };
	unsigned int ok = 99;

	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_LOCKED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(direct_migrate(m, B0, mode, PF_MEMALLOC, &tg, &ok),
			 1);
	assert_int_equal(ok, 0);
	h_expect_body(&t, "mm_migrate_pages", 0, mp_line(0, 1, 0, 0, 0, 0,
							  name));
	h_trace_stop(&t);
	assert_int_equal(tg.allocs, 10);
	assert_int_equal(tg.frees, 10);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	expect_page(m, B0, MC_PAGE_ANON, B0, true);
	assert_true(h_info(m, B0).flags & MC_PF_LOCKED);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_locked_page_async_fails(void **state)
{
	(void)state;
	run_locked_direct(MIGRATE_ASYNC, "MIGRATE_ASYNC");
}

static void test_locked_page_sync_light_direct_fails(void **state)
{
	(void)state;
	run_locked_direct(MIGRATE_SYNC_LIGHT, "MIGRATE_SYNC_LIGHT");
}

/*
 * A page under writeback.
 * a) manual MIGRATE_SYNC: isolated (only ISOLATE_ASYNC_MIGRATE skips
 *    writeback).  ASYNC pre-pass: migrate_folio_unmap -> -EBUSY (permanent
 *    for that batch: the folio goes to the local ret list, counted only in
 *    the discarded async stats; one dst taken and freed); the SYNC retry
 *    waits for the writeback and moves it: succeeded 1, failed 0; one
 *    mm_page_free of 0x10e01 (compaction_free).
 * b) proactive compaction (MIGRATE_SYNC_LIGHT, so ISOLATE_ASYNC_MIGRATE):
 *    not isolated: nr_taken=0 and B0 gets its skip bit.
 * c) migrate_pages(ASYNC): -EBUSY on the first pass, permanent: failed 1,
 *    one target.
 * d) migrate_pages(SYNC_LIGHT): -EBUSY in the ASYNC pre-pass (not
 *    counted), -EBUSY again in SYNC_LIGHT: failed 1, two targets.
 */
static void test_writeback_sync_waits(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;

	(void)state;
	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_WRITEBACK, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=1");
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(1, 0, 0, 0, 0, 0, "MIGRATE_SYNC"));
	assert_int_equal(h_count(&t, "mm_page_free", "pfn=0x10e01 order=0"),
			 1);
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 1);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	expect_page(m, 0x10e01, MC_PAGE_ANON, B0, true);
	assert_false(h_info(m, 0x10e01).flags & MC_PF_WRITEBACK);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_writeback_not_isolated_sync_light(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;

	(void)state;
	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_WRITEBACK, 0), 0);
	h_trace_start(m, &t);
	h_cc(&cc, m, -1, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
	cc.ignore_skip_hint = cc.whole_zone = cc.proactive_compaction = true;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
	h_trace_stop(&t);
	assert_true(h_skip(m, B0));
	expect_page(m, B0, MC_PAGE_ANON, B0, true);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void run_writeback_direct(enum migrate_mode mode, const char *name,
				 int targets)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct tgt tg = { 0 };
	unsigned int ok = 99;

	template_layout(&l, 'A');
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_WRITEBACK, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(direct_migrate(m, B0, mode, PF_MEMALLOC, &tg, &ok),
			 1);
	h_expect_body(&t, "mm_migrate_pages", 0, mp_line(0, 1, 0, 0, 0, 0,
							  name));
	h_trace_stop(&t);
	assert_int_equal(tg.allocs, targets);
	assert_int_equal(tg.frees, targets);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	expect_page(m, B0, MC_PAGE_ANON, B0, true);
	assert_true(h_info(m, B0).flags & MC_PF_WRITEBACK);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_writeback_async_ebusy(void **state)
{
	(void)state;
	run_writeback_direct(MIGRATE_ASYNC, "MIGRATE_ASYNC", 1);
}

static void test_writeback_sync_light_ebusy(void **state)
{
	(void)state;
	run_writeback_direct(MIGRATE_SYNC_LIGHT, "MIGRATE_SYNC_LIGHT", 2);
}

/* ---- owners -------------------------------------------------------------- */

/*
 * A MOVABLE_OPS page at 0x10000 through a scripted owner, manual
 * compaction (cc->mode MIGRATE_SYNC is what isolate receives):
 *  - isolate refuses: not isolated, isolate called once, no migrate, no
 *    putback; nr_taken=0 and B0's skip bit set.
 *  - migrate answers 0: one call, from the ASYNC pre-pass (mode 0), old
 *    0x10000, new 0x10e01, order 0, the page's cookie; no putback; the
 *    page is now at 0x10e01 (MOVABLE_OPS, same owner and cookie, not LRU).
 *  - -EAGAIN always: 3 calls in ASYNC (one unmap, three move passes with
 *    the same dst) + 7 in SYNC = 10 calls (modes 0,0,0,2,2,2,2,2,2,2),
 *    failed 1, then compact_zone's putback_movable_pages calls putback
 *    once (pfn 0x10000, cookie).
 *  - -EBUSY: permanent in the ASYNC batch (1 call), retried once in SYNC
 *    (1 call): 2 calls (modes 0, 2), failed 1, one putback.
 *  - -EAGAIN, -EAGAIN, 0: the third ASYNC move pass succeeds: 3 calls,
 *    succeeded 1, no putback.
 */
struct mops_case {
	bool isolate;
	int rets[3];
	int nr_rets;
	int calls;
	int putbacks;
	int ok;
	int modes[10];
};

static void run_mops(const struct mops_case *mc)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { .isolate_ret = mc->isolate };

	h_owner_register(m, &o, "mops");
	memcpy(o.rets, mc->rets, sizeof(mc->rets));
	o.nr_rets = mc->nr_rets;
	template_layout(&l, 'M');
	l.mops_owner = o.slot;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	assert_int_equal(o.isolates, 1);
	assert_int_equal(o.isolate_mode[0], MC_MIGRATE_SYNC);
	assert_int_equal(o.migrates, mc->calls);
	assert_int_equal(o.putbacks, mc->putbacks);
	for (int k = 0; k < mc->calls; k++) {
		assert_int_equal(o.mig[k].old_pfn, B0);
		assert_int_equal(o.mig[k].new_pfn, 0x10e01);
		assert_int_equal(o.mig[k].order, 0);
		assert_int_equal(o.mig[k].cookie, B0);
		assert_int_equal(o.mig[k].mode, mc->modes[k]);
	}
	if (mc->putbacks) {
		assert_int_equal(o.putback_pfn[0], B0);
		assert_int_equal(o.putback_cookie[0], B0);
	}
	if (!mc->isolate) {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
		assert_true(h_skip(m, B0));
		assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
	} else {
		h_expect_body(&t, "mm_migrate_pages", 0,
			      mp_line(mc->ok, !mc->ok, 0, 0, 0, 0,
				      "MIGRATE_SYNC"));
	}
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"),
			 mc->isolate && mc->ok);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"),
			 mc->isolate && !mc->ok);
	if (mc->isolate && mc->ok) {
		struct mc_page_info i = h_info(m, 0x10e01);

		expect_page(m, 0x10e01, MC_PAGE_MOVABLE_OPS, B0, false);
		assert_int_equal(i.owner, o.slot);
		assert_int_equal(h_info(m, B0).state, MC_PS_FREE);
	} else {
		expect_page(m, B0, MC_PAGE_MOVABLE_OPS, B0, false);
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_mops_isolate_refused(void **state)
{
	static const struct mops_case c = { .isolate = false };

	(void)state;
	run_mops(&c);
}

static void test_mops_migrate_ok(void **state)
{
	static const struct mops_case c = {
		.isolate = true, .nr_rets = 0, .calls = 1, .ok = 1,
		.modes = { MC_MIGRATE_ASYNC },
	};

	(void)state;
	run_mops(&c);
}

static void test_mops_migrate_eagain(void **state)
{
	static const struct mops_case c = {
		.isolate = true, .rets = { -EAGAIN }, .nr_rets = 1,
		.calls = 10, .putbacks = 1, .ok = 0,
		.modes = { 0, 0, 0, 2, 2, 2, 2, 2, 2, 2 },
	};

	(void)state;
	run_mops(&c);
}

static void test_mops_migrate_ebusy(void **state)
{
	static const struct mops_case c = {
		.isolate = true, .rets = { -EBUSY }, .nr_rets = 1,
		.calls = 2, .putbacks = 1, .ok = 0, .modes = { 0, 2 },
	};

	(void)state;
	run_mops(&c);
}

static void test_mops_migrate_eagain_then_ok(void **state)
{
	static const struct mops_case c = {
		.isolate = true, .rets = { -EAGAIN, -EAGAIN, 0 }, .nr_rets = 3,
		.calls = 3, .putbacks = 0, .ok = 1, .modes = { 0, 0, 0 },
	};

	(void)state;
	run_mops(&c);
}

/*
 * movable_ops migration has no reference-count check in the kernel
 * (migrate_folio_move -> migrate_movable_ops_page -> mops->migrate_page):
 * the driver decides.  An extra reference on such a page (MC_PF_PINNED)
 * must not stop a driver that accepts: one migrate call, success.
 */
static void test_mops_pinned_driver_decides(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_ctrs c0;
	struct h_owner o = { .isolate_ret = true };

	(void)state;
	h_owner_register(m, &o, "mops");
	template_layout(&l, 'M');
	l.mops_owner = o.slot;
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_PINNED, 0), 0);
	h_ctrs_snap(m, &c0);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(o.migrates, 1);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 1);
	mc_machine_destroy(m);
}

/*
 * An LRU (anonymous) page whose owner is told about the move and may
 * refuse.  Refusing with -EAGAIN behaves like any retry: 10 calls (3 ASYNC
 * + 7 SYNC), failed 1, the page goes back to the LRU at 0x10000 (no
 * putback callback: that is for movable_ops pages).  Accepting: one call
 * (mode 0, the ASYNC pre-pass), old 0x10000, new 0x10e01, success.
 */
static void run_lru_owner(int ret)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { .rets = { ret }, .nr_rets = 1 };

	h_owner_register(m, &o, "lru");
	template_layout(&l, 'a');
	l.lru_owner = o.slot;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(!ret, !!ret, 0, 0, 0, 0, "MIGRATE_SYNC"));
	h_trace_stop(&t);
	assert_int_equal(o.migrates, ret ? 10 : 1);
	assert_int_equal(o.putbacks, 0);
	assert_int_equal(o.isolates, 0);
	assert_int_equal(o.mig[0].old_pfn, B0);
	assert_int_equal(o.mig[0].new_pfn, 0x10e01);
	assert_int_equal(o.mig[0].mode, MC_MIGRATE_ASYNC);
	if (ret) {
		assert_int_equal(o.mig[3].mode, MC_MIGRATE_SYNC);
		expect_page(m, B0, MC_PAGE_ANON, B0, true);
		assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	} else {
		expect_page(m, 0x10e01, MC_PAGE_ANON, B0, true);
		assert_int_equal(h_info(m, 0x10e01).owner, o.slot);
		assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 1);
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_lru_owner_refuses(void **state)
{
	(void)state;
	run_lru_owner(-EAGAIN);
}

static void test_lru_owner_accepts(void **state)
{
	(void)state;
	run_lru_owner(0);
}

/* ---- large folios -------------------------------------------------------- */

/*
 * An order-4 compound ANON folio at 0x10000 (owner scripted), manual
 * compaction: skip_isolation_on_order(4, -1) is false (compact-everything,
 * 4 < pageblock_order), so it is isolated whole: nr_taken=16 (low_pfn
 * jumps over it).  The free scanner needs 16 pages: 0x10e01/0 .. 0x10e08/3
 * make 15, 0x10e10/4 makes 31: "range=(0x10e00 ~ 0x10e20) nr_scanned=32
 * nr_taken=31".  compaction_alloc(order 4) takes 0x10e10 whole: migrated
 * whole, migrate(0x10000 -> 0x10e10, order 4).  Not PMD-mappable: no
 * thp_migration_* counts; pgmigrate_success 16.
 */
static void test_large_folio_migrated_whole(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { 0 };

	(void)state;
	h_owner_register(m, &o, "thp");
	template_layout(&l, 0);
	h_set(&l, B0, 16, 'S');
	l.comp[0] = (struct h_comp){ B0, 4, MC_PAGE_ANON, o.slot, 0xc0c0 };
	l.nr_comp = 1;
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=16");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e20) nr_scanned=32 nr_taken=31");
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(16, 0, 0, 0, 0, 0, "MIGRATE_SYNC"));
	h_trace_stop(&t);
	assert_int_equal(o.migrates, 1);
	assert_int_equal(o.mig[0].old_pfn, B0);
	assert_int_equal(o.mig[0].new_pfn, 0x10e10);
	assert_int_equal(o.mig[0].order, 4);
	assert_int_equal(o.mig[0].cookie, 0xc0c0);
	assert_int_equal(o.splits, 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 16);
	assert_int_equal(h_delta(m, &c0, "thp_migration_success"), 0);
	assert_int_equal(h_delta(m, &c0, "thp_split_page"), 0);
	expect_page(m, 0x10e10, MC_PAGE_ANON, 0xc0c0, true);
	assert_int_equal(h_info(m, 0x10e10).order, 4);
	assert_true(h_info(m, 0x10e10).compound);
	assert_int_equal(h_info(m, B0).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Split when no target of the folio's order can be had.  Layout: the
 * order-4 folio at 0x10000 (cookie 0xc0c0, owner splits into cookies
 * 1000 + i), the rest of B0 free, B1..B7 "S......." (free blocks of order
 * 0..2 only).  The free scanner from 0x10e00 (stride 1) takes 0x10e01/0,
 * 0x10e02/1, 0x10e04/2, 0x10e09/0, 0x10e0a/1, 0x10e0c/2, 0x10e11/0 and
 * 0x10e12/1: 17 >= 16 at 0x10e14 ("range=(0x10e00 ~ 0x10e14)
 * nr_scanned=20 nr_taken=17").  compaction_alloc(order 4) finds no list
 * of order >= 4 and has already isolated: NULL -> -ENOMEM in the ASYNC
 * pre-pass; the folio is large: try_split_folio (trylock ok) ->
 * split_folio_to_list: the owner's split(0x10000, 4, 0xc0c0) - nr_split 1
 * (not a THP: nr_thp_split 0); the pieces go to split_folios and the
 * failure counts once (nr_failed 1, no failed pages).  After the sync
 * part, the split pieces get one ASYNC pass: order-0 targets from
 * freepages in this order: 0x10e01, 0x10e09, 0x10e11, 0x10e02, 0x10e03,
 * 0x10e0a, 0x10e0b, 0x10e12, 0x10e13, 0x10e04, 0x10e05, 0x10e06, 0x10e07,
 * 0x10e0c, 0x10e0d, 0x10e0e (0x10e0f is left).  The list order of the
 * pieces is the kernel's __split_huge_page(): tails from the last one
 * down, each appended, then the head moved to the tail: 15, 14, ..., 1,
 * 0.  So piece 15 (cookie 1015, pfn 0x1000f) lands on 0x10e01 and the
 * head (1000) on 0x10e0e.  All 16 succeed: the list is empty at the end,
 * so migrate_pages returns 0.  Line: succeeded 16, failed 0, nr_split 1.
 * thp_split_page is counted by split_huge_page_to_list_to_order only for
 * order == HPAGE_PMD_ORDER: not here.
 */
static void build_split_layout(struct mc_machine *m, struct h_owner *o)
{
	struct h_layout l;

	h_layout_init(&l, '.');
	h_pattern(&l, B1, ZPAGES - PB, "S.......");
	h_set(&l, B0, 16, 'S');
	l.comp[0] = (struct h_comp){ B0, 4, MC_PAGE_ANON, o->slot, 0xc0c0 };
	l.nr_comp = 1;
	h_layout_build(m, &l);
}

static void test_large_folio_split_on_enomem(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { .split_base = 1000 };
	static const unsigned long tgt[16] = {
		0x10e01, 0x10e09, 0x10e11, 0x10e02, 0x10e03, 0x10e0a, 0x10e0b,
		0x10e12, 0x10e13, 0x10e04, 0x10e05, 0x10e06, 0x10e07, 0x10e0c,
		0x10e0d, 0x10e0e,
	};
	bool order_ok = true;

	(void)state;
	h_owner_register(m, &o, "thp");
	build_split_layout(m, &o);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10e00 ~ 0x10e14) nr_scanned=20 nr_taken=17");
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(16, 0, 0, 0, 0, 1, "MIGRATE_SYNC"));
	h_expect_body(&t, "mm_compaction_migratepages", 0,
		      "nr_migrated=16 nr_failed=0");
	h_trace_stop(&t);
	assert_int_equal(o.splits, 1);
	assert_int_equal(o.split_head, B0);
	assert_int_equal(o.split_order, 4);
	assert_int_equal(o.split_cookie, 0xc0c0);
	assert_int_equal(o.migrates, 16);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 16);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "thp_migration_success"), 0);
	assert_int_equal(h_delta(m, &c0, "thp_migration_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "thp_migration_split"), 0);
	assert_int_equal(h_info(m, B0).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B0).order, 9);
	assert_int_equal(h_info(m, 0x10e0f).state, MC_PS_FREE);
	/* The set of targets does not depend on the piece order. */
	for (int k = 0; k < 16; k++) {
		struct mc_page_info i = h_info(m, tgt[k]);

		assert_int_equal(i.state, MC_PS_ALLOCATED);
		assert_int_equal(i.order, 0);
		assert_true(i.cookie >= 1000 && i.cookie < 1016);
		if (i.cookie != 1015 - (uint32_t)k)
			order_ok = false;
	}
	assert_int_equal(t_check(m), 0);
	assert_true(order_ok);
	assert_int_equal(o.mig[0].old_pfn, 0x1000f);
	assert_int_equal(o.mig[0].cookie, 1015);
	assert_int_equal(o.mig[15].old_pfn, B0);
	assert_int_equal(h_delta(m, &c0, "thp_split_page"), 0);
	mc_machine_destroy(m);
}

/*
 * thp_split_page on its own (see the previous test): an order-4 split is
 * not a THP split.
 */
static void test_order4_split_not_thp_split_page(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_ctrs c0;
	struct h_owner o = { .split_base = 1000 };

	(void)state;
	h_owner_register(m, &o, "thp");
	build_split_layout(m, &o);
	h_ctrs_snap(m, &c0);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	assert_int_equal(o.splits, 1);
	assert_int_equal(h_delta(m, &c0, "thp_split_page"), 0);
	mc_machine_destroy(m);
}

/*
 * The split refused (the owner answers -EBUSY): try_split_folio fails with
 * a permanent error, so the -ENOMEM stands: nr_failed_pages += 16, no
 * folio is unmapped -> the batch returns -ENOMEM; migrate_pages_sync
 * returns it with the async failed pages counted; migrate_pages: -ENOMEM,
 * the folio back on the list.  Line: succeeded 0, failed 16, nr_split 0;
 * pgmigrate_fail 16; "nr_migrated=0 nr_failed=16".  compact_zone: -ENOMEM
 * with the scanners apart (free_pfn 0x10e14, migrate_pfn 0x10200):
 * COMPACT_CONTENDED; the 17 isolated free pages are released.
 */
static void test_split_refused_enomem_contended(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { .split_ret = -EBUSY };

	(void)state;
	h_owner_register(m, &o, "thp");
	build_split_layout(m, &o);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_CONTENDED);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(0, 16, 0, 0, 0, 0, "MIGRATE_SYNC"));
	h_expect_body(&t, "mm_compaction_migratepages", 0,
		      "nr_migrated=0 nr_failed=16");
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10e14 "
		      "zone_end=0x11000, mode=sync status=contended");
	h_trace_stop(&t);
	assert_int_equal(o.splits, 1);
	assert_int_equal(o.migrates, 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 16);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	expect_page(m, B0, MC_PAGE_ANON, 0xc0c0, true);
	assert_int_equal(h_info(m, B0).order, 4);
	assert_int_equal(h_info(m, 0x10e01).state, MC_PS_FREE);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The same -ENOMEM for a large folio under writeback (isolated: manual
 * compaction is MIGRATE_SYNC).  split_huge_page_to_list_to_order() refuses
 * a folio under writeback (-EBUSY) before it unmaps anything, so the owner
 * is never asked to split, and the run goes exactly as when the split is
 * refused: line succeeded 0, failed 16, nr_split 0; pgmigrate_fail 16;
 * COMPACT_CONTENDED; the folio is back at 0x10000, whole, still under
 * writeback.
 */
static void test_writeback_large_folio_not_split(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { .split_base = 1000 };
	enum compact_result r;
	const char *line;
	char saved[512];

	(void)state;
	h_owner_register(m, &o, "thp");
	build_split_layout(m, &o);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_WRITEBACK, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	r = manual(m);
	line = h_nth(&t, "mm_migrate_pages", 0);
	assert_non_null(line);
	snprintf(saved, sizeof(saved), "%s", line);	/* freed by stop */
	h_trace_stop(&t);
	assert_int_equal(o.splits, 0);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(r, COMPACT_CONTENDED);
	assert_string_equal(saved, mp_line(0, 16, 0, 0, 0, 0, "MIGRATE_SYNC"));
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 16);
	expect_page(m, B0, MC_PAGE_ANON, 0xc0c0, true);
	assert_int_equal(h_info(m, B0).order, 4);
	assert_true(h_info(m, B0).flags & MC_PF_WRITEBACK);
	mc_machine_destroy(m);
}

/*
 * No target at all for an order-0 page: B0 holds one ANON page (the rest
 * free), B1..B7 are full of SLAB pages.  The free scanner walks down from
 * B7 to B2 (low_pfn = pageblock_end_pfn(0x10200) = 0x10400), finds
 * nothing; the stride doubles after every empty block (1, 2, 4, 8, 16,
 * 32), so it scans 512, 256, 128, 64, 32, 16 pfns; every block was
 * scanned to its end: skip bits on B2..B7; free_pfn ends at 0x10200.
 * compaction_alloc -> NULL -> -ENOMEM: nr_failed_pages 1, the ASYNC
 * pre-pass returns -ENOMEM, counted: line succeeded 0, failed 1.
 * compact_zone: -ENOMEM but the scanners met (0x10200 >> 9 ==
 * 0x10200 >> 9): not CONTENDED; compact_finished -> COMPLETE.
 */
static void test_no_target_enomem(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	static const unsigned long scanned[6] = { 512, 256, 128, 64, 32, 16 };

	(void)state;
	h_layout_init(&l, 'S');
	h_set(&l, B0, PB, '.');
	h_set(&l, B0, 1, 'A');
	h_layout_build(m, &l);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	for (int k = 0; k < 6; k++) {
		char want[128];
		unsigned long b = B7 - k * PB;

		snprintf(want, sizeof(want),
			 "range=(%#lx ~ %#lx) nr_scanned=%lu nr_taken=0", b,
			 b + PB, scanned[k]);
		h_expect_body(&t, "mm_compaction_isolate_freepages", k, want);
	}
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages", NULL),
			 6);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      mp_line(0, 1, 0, 0, 0, 0, "MIGRATE_SYNC"));
	h_expect_body(&t, "mm_compaction_end", 0,
		      "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10200 "
		      "zone_end=0x11000, mode=sync status=complete");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	assert_int_equal(h_delta(m, &c0, "compact_free_scanned"), 1008);
	for (unsigned long b = B2; b < ZEND; b += PB)
		assert_true(h_skip(m, b));
	assert_false(h_skip(m, B1));
	expect_page(m, B0, MC_PAGE_ANON, B0, true);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * skip_isolation_on_order() for direct compaction: an order-4 folio is not
 * isolated for an order-3 request (order >= target order), it is jumped
 * over whole.  Layout "S......." everywhere (no free block >= order 3),
 * the folio at 0x10000.  Direct SYNC_LIGHT order 3: B0 yields nothing;
 * nr_scanned counts the folio's 16 pfns plus 62 chunks of 8 = 512.  B1..B6
 * yield nothing either: PARTIAL_SKIPPED, no migration.
 */
static void test_folio_at_least_target_order_skipped(void **state)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;

	(void)state;
	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.......");
	h_set(&l, B0, 16, 'S');
	l.comp[0] = (struct h_comp){ B0, 4, MC_PAGE_ANON, 0, 0xc0c0 };
	l.nr_comp = 1;
	h_layout_build(m, &l);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 3, GFP_HIGHUSER_MOVABLE, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false),
			 COMPACT_PARTIAL_SKIPPED);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
	h_trace_stop(&t);
	expect_page(m, B0, MC_PAGE_ANON, 0xc0c0, true);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- file pages: mapping properties and GFP_NOFS ------------------------- */

/*
 * A page-cache page of an owner whose mapping is inaccessible
 * (guest_memfd-like, MC_OWNER_INACCESSIBLE).  Clean and evictable, it is
 * isolated (the inaccessible check only runs in the dirty-async /
 * unevictable-file branch), then move_to_new_folio() fails with
 * -EOPNOTSUPP, a permanent error: once in the ASYNC pre-pass (not
 * counted), once in SYNC: failed 1.  The owner's migrate is never asked.
 * 0x10e01 is taken and given back twice (compaction_free) and released at
 * the end: 3 mm_page_free lines for it.
 * The same page mlocked is not even isolated: (mapping && unevictable)
 * takes the branch, and the inaccessible mapping fails it: nr_taken=0.
 */
static void run_inaccessible(bool mlocked)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { 0 };

	o.ops.flags = MC_OWNER_INACCESSIBLE;
	h_owner_register(m, &o, "gmem");
	template_layout(&l, 'f');
	l.lru_owner = o.slot;
	h_layout_build(m, &l);
	if (mlocked)
		assert_int_equal(mc_page_set_flags(m, B0, MC_PF_MLOCKED, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	if (mlocked) {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
		assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 0);
		assert_true(h_skip(m, B0));
	} else {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=1");
		h_expect_body(&t, "mm_migrate_pages", 0,
			      mp_line(0, 1, 0, 0, 0, 0, "MIGRATE_SYNC"));
		assert_int_equal(h_count(&t, "mm_page_free",
					 "pfn=0x10e01 order=0"), 3);
		assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 1);
	}
	h_trace_stop(&t);
	assert_int_equal(o.migrates, 0);
	expect_page(m, B0, MC_PAGE_FILE, B0, true);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_inaccessible_file_fails(void **state)
{
	(void)state;
	run_inaccessible(false);
}

static void test_inaccessible_mlocked_not_isolated(void **state)
{
	(void)state;
	run_inaccessible(true);
}

/*
 * A dirty page-cache page under proactive compaction (MIGRATE_SYNC_LIGHT,
 * so ISOLATE_ASYNC_MIGRATE): isolated only if its mapping has a
 * migrate_folio operation (dirty pages can then move without writeback).
 * Owner without it (MC_OWNER_NO_MIGRATE_FOLIO): nr_taken=0, B0 skip bit.
 * Owner with it: nr_taken=1, the page moves to 0x10e01 dirty (succeeded
 * 1, mode MIGRATE_SYNC_LIGHT; the owner's migrate is asked once, in the
 * ASYNC pre-pass).  Both runs end COMPLETE (the zone's score stays above
 * 80: at most one order-9 block in 4088 free pages).
 */
static void run_dirty_file(bool has_migrate_folio)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	struct h_ctrs c0;
	struct h_owner o = { 0 };

	o.ops.flags = has_migrate_folio ? 0 : MC_OWNER_NO_MIGRATE_FOLIO;
	h_owner_register(m, &o, "fs");
	template_layout(&l, 'f');
	l.lru_owner = o.slot;
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_DIRTY, 0), 0);
	h_ctrs_snap(m, &c0);
	h_trace_start(m, &t);
	h_cc(&cc, m, -1, MIGRATE_SYNC_LIGHT, GFP_KERNEL);
	cc.ignore_skip_hint = cc.whole_zone = cc.proactive_compaction = true;
	assert_int_equal(h_compact(m, &cc, NULL, 0, false), COMPACT_COMPLETE);
	if (has_migrate_folio) {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=1");
		h_expect_body(&t, "mm_migrate_pages", 0,
			      mp_line(1, 0, 0, 0, 0, 0, "MIGRATE_SYNC_LIGHT"));
		assert_int_equal(o.migrates, 1);
		assert_int_equal(o.mig[0].mode, MC_MIGRATE_ASYNC);
		expect_page(m, 0x10e01, MC_PAGE_FILE, B0, true);
		assert_true(h_info(m, 0x10e01).flags & MC_PF_DIRTY);
	} else {
		h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
			"range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=0");
		assert_int_equal(o.migrates, 0);
		assert_true(h_skip(m, B0));
		expect_page(m, B0, MC_PAGE_FILE, B0, true);
	}
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_dirty_file_no_migrate_folio_async(void **state)
{
	(void)state;
	run_dirty_file(false);
}

static void test_dirty_file_with_migrate_folio_async(void **state)
{
	(void)state;
	run_dirty_file(true);
}

/*
 * The same dirty page without migrate_folio under manual compaction
 * (MIGRATE_SYNC): the ASYNC pre-pass gets -EBUSY from
 * fallback_migrate_folio (dirty, not SYNC); in SYNC, writeout() starts
 * writeback and asks for a retry.  Whatever the retry gives, the kernel
 * never carries PG_writeback over to a new folio: folio_migrate_flags()
 * does not copy it (it ends writeback on the new folio if set).  So if
 * the page moved, its new frame must not be under writeback.
 */
static void test_writeout_not_copied_to_new_folio(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_layout l;
	struct h_owner o = { 0 };
	struct mc_page_info i;

	(void)state;
	o.ops.flags = MC_OWNER_NO_MIGRATE_FOLIO;
	h_owner_register(m, &o, "fs");
	template_layout(&l, 'f');
	l.lru_owner = o.slot;
	h_layout_build(m, &l);
	assert_int_equal(mc_page_set_flags(m, B0, MC_PF_DIRTY, 0), 0);
	assert_int_equal(manual(m), COMPACT_COMPLETE);
	assert_int_equal(t_check(m), 0);
	i = h_info(m, 0x10e01);
	if (i.state != MC_PS_ALLOCATED) {
		mc_machine_destroy(m);
		return;		/* did not move: nothing to check */
	}
	assert_int_equal(i.kind, MC_PAGE_FILE);
	assert_false(i.flags & MC_PF_WRITEBACK);
	mc_machine_destroy(m);
}

/*
 * GFP_NOFS compaction may only move anonymous pages (no fs locks).
 * Layout: "S." everywhere (odd pfns free), B0 starting "F.F." (page cache
 * at 0x10000 and 0x10002), freed top down.  Direct SYNC_LIGHT order 2:
 *  - GFP_NOFS | __GFP_MOVABLE: both file pages fail the check before the
 *    LRU lock: nr_taken=0, B0 skip bit set; nothing else to isolate:
 *    PARTIAL_SKIPPED.
 *  - GFP_KERNEL | __GFP_MOVABLE: both isolated, moved to 0x10fff and
 *    0x10e01 (the fast search as in test_compaction.c), the order-2 block
 *    at 0x10000 is free: COMPACT_SUCCESS.
 */
static void run_nofs(gfp_t gfp, enum compact_result want, int taken)
{
	struct mc_machine *m = h_machine();
	struct compact_control cc;
	struct h_layout l;
	struct h_trace t;
	char line[96];

	h_layout_init(&l, '.');
	h_pattern(&l, B0, ZPAGES, "S.");
	h_pattern(&l, B0, 4, "F.F.");
	l.free_descending = true;
	h_layout_build(m, &l);
	h_trace_start(m, &t);
	h_cc_direct(&cc, m, 2, gfp, COMPACT_PRIO_SYNC_LIGHT);
	assert_int_equal(h_compact(m, &cc, NULL, PF_MEMALLOC, false), want);
	snprintf(line, sizeof(line),
		 "range=(0x10000 ~ 0x10200) nr_scanned=512 nr_taken=%d", taken);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0, line);
	h_trace_stop(&t);
	if (taken) {
		expect_page(m, 0x10fff, MC_PAGE_FILE, 0x10002, true);
		expect_page(m, 0x10e01, MC_PAGE_FILE, 0x10000, true);
	} else {
		expect_page(m, B0, MC_PAGE_FILE, B0, true);
	}
	assert_true(h_skip(m, B0));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static void test_gfp_nofs_skips_file(void **state)
{
	(void)state;
	run_nofs(GFP_NOFS | __GFP_MOVABLE, COMPACT_PARTIAL_SKIPPED, 0);
	run_nofs(GFP_KERNEL | __GFP_MOVABLE, COMPACT_SUCCESS, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_anon_not_isolated),
		cmocka_unit_test(test_unevictable_not_allowed),
		cmocka_unit_test(test_unevictable_allowed),
		cmocka_unit_test(test_pinned_file_fails_after_all_passes),
		cmocka_unit_test(test_locked_page_sync_waits),
		cmocka_unit_test(test_locked_page_async_fails),
		cmocka_unit_test(test_locked_page_sync_light_direct_fails),
		cmocka_unit_test(test_writeback_sync_waits),
		cmocka_unit_test(test_writeback_not_isolated_sync_light),
		cmocka_unit_test(test_writeback_async_ebusy),
		cmocka_unit_test(test_writeback_sync_light_ebusy),
		cmocka_unit_test(test_mops_isolate_refused),
		cmocka_unit_test(test_mops_migrate_ok),
		cmocka_unit_test(test_mops_migrate_eagain),
		cmocka_unit_test(test_mops_migrate_ebusy),
		cmocka_unit_test(test_mops_migrate_eagain_then_ok),
		cmocka_unit_test(test_mops_pinned_driver_decides),
		cmocka_unit_test(test_lru_owner_refuses),
		cmocka_unit_test(test_lru_owner_accepts),
		cmocka_unit_test(test_large_folio_migrated_whole),
		cmocka_unit_test(test_large_folio_split_on_enomem),
		cmocka_unit_test(test_order4_split_not_thp_split_page),
		cmocka_unit_test(test_split_refused_enomem_contended),
		cmocka_unit_test(test_writeback_large_folio_not_split),
		cmocka_unit_test(test_no_target_enomem),
		cmocka_unit_test(test_folio_at_least_target_order_skipped),
		cmocka_unit_test(test_inaccessible_file_fails),
		cmocka_unit_test(test_inaccessible_mlocked_not_isolated),
		cmocka_unit_test(test_dirty_file_no_migrate_folio_async),
		cmocka_unit_test(test_dirty_file_with_migrate_folio_async),
		cmocka_unit_test(test_writeout_not_copied_to_new_folio),
		cmocka_unit_test(test_gfp_nofs_skips_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
