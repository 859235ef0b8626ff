// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_contig.c - alloc_contig_range(), page isolation and
 * alloc_contig_pages() (mm/page_alloc.c and mm/page_isolation.c of
 * 6.12.117), every expectation worked out by hand from
 * start_isolate_page_range(), __alloc_contig_migrate_range(),
 * find_large_buddy(), test_pages_isolated(), isolate_freepages_range()
 * and undo_isolate_page_range().
 *
 * The machine is compaction_harness.h's: one ZONE_NORMAL of eight
 * pageblocks B0..B7 at 0x10000, boot pagesets (every free reaches the
 * buddy allocator at once), watermarks min 128 / low 160 / high 192.  The
 * layouts fill everything with SLAB and free what a test needs; B0 free is
 * where migration targets come from: alloc_migration_target() asks for a
 * movable order-0 page, __rmqueue_smallest() splits the order-9 block at
 * 0x10000 and hands out 0x10000, 0x10001, 0x10002 ... in turn (each split
 * leaves the next pfn at the head of its list).  The migration scanner
 * puts folios at the head of cc->migratepages, so the last one isolated
 * is migrated first and gets the lowest target.
 *
 * Every trace line goes through trace_check_line() (h_trace_fn).
 *
 * The kernel's call of trace_mm_alloc_contig_migrate_range_info() passes
 * (start, end, migratetype, total_migrated, total_reclaimed, total_mapped)
 * to the prototype (start, end, nr_migrated, nr_reclaimed, nr_mapped,
 * migratetype), so its line reads "migratetype=<mapped pages>
 * nr_migrated=<migratetype> nr_reclaimed=<migrated pages>
 * nr_mapped=<reclaimed pages>"; the expectations below are that text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

#define GFP_CONTIG	MC_GFP_KERNEL

static struct h_layout lay;

/* SLAB everywhere, B0 free (the migration targets). */
static void base_layout(struct h_layout *l)
{
	h_layout_init(l, 'S');
	h_set(l, B0, PB, '.');
}

static int pb_type(struct mc_machine *m, unsigned long pfn)
{
	return get_pfnblock_migratetype(m, pfn);
}

static int contig(struct mc_machine *m, unsigned long start, unsigned long end,
		  uint32_t gfp)
{
	return mc_alloc_contig_range(m, start, end, gfp, 0, NULL);
}

/* Every pfn of [s, e) is an allocated order-0 KERNEL page of owner 0. */
static void expect_kernel_pages(struct mc_machine *m, unsigned long s,
				unsigned long e)
{
	for (unsigned long pfn = s; pfn < e; pfn++) {
		struct mc_page_info i = h_info(m, pfn);

		if (i.state != MC_PS_ALLOCATED || i.head_pfn != pfn ||
		    i.order != 0 || i.kind != MC_PAGE_KERNEL || i.owner ||
		    i.compound)
			fail_msg("pfn %#lx: state %d head %#lx order %u "
				 "kind %d", pfn, i.state,
				 (unsigned long)i.head_pfn, i.order, i.kind);
	}
}

static void expect_no_isolation(struct mc_machine *m)
{
	assert_int_equal(h_zone(m)->nr_isolate_pageblock, 0);
	for (unsigned long b = B0; b < ZEND; b += PB)
		assert_int_not_equal(pb_type(m, b), MIGRATE_ISOLATE);
}

/*
 * 16 ANON pages at the start of B2, the rest of B2 free; allocate B2.
 *
 * Isolation: B2 has only LRU and free pages.  Migration: one call of
 * isolate_migratepages_range() takes the 16 pages (fewer than
 * COMPACT_CLUSTER_MAX, so it scans to the end: nr_scanned = 16 + the 496
 * free pages skipped block by block = 512), migrate_pages() moves them all
 * in its first (ASYNC) batch: targets 0x10000..0x1000f, 0x1040f first.
 * The freed sources merge with the free rest of B2 into one order-9 block
 * on the Isolate list; find_large_buddy(0x10400) is 0x10400,
 * test_pages_isolated walks it in one step to 0x10600, the free scanner
 * takes it whole (512), split_free_pages makes 512 order-0 pages.
 * compact_isolated: 16 (migration scanner) + 512 (free scanner).
 */
static void test_movable_range_migrated(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_ctrs c0;
	struct h_trace t;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, B2, 16, 'A');
	h_layout_build(m, &lay);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, B2, B3, GFP_CONTIG), 0);

	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 16);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 16 + 512);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10400 ~ 0x10600) nr_scanned=512 nr_taken=16");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 1);
	h_expect_body(&t, "mm_migrate_pages", 0,
		      "nr_succeeded=16 nr_failed=0 nr_thp_succeeded=0 "
		      "nr_thp_failed=0 nr_thp_split=0 nr_split=0 "
		      "mode=MIGRATE_SYNC reason=contig_range");
	assert_int_equal(h_count(&t, "mm_migrate_pages", NULL), 1);
	h_expect_body(&t, "mm_alloc_contig_migrate_range_info", 0,
		      "start=0x10400 end=0x10600 migratetype=16 nr_migrated=1 "
		      "nr_reclaimed=16 nr_mapped=0");
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10400 end_pfn=0x10600 fin_pfn=0x10600 "
		      "ret=success");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10400 ~ 0x10600) nr_scanned=512 nr_taken=512");
	/* 16 targets allocated, 16 sources freed (into the isolated B2) */
	assert_int_equal(h_count(&t, "mm_page_alloc", "order=0"), 16);
	assert_int_equal(h_count(&t, "mm_page_free", NULL), 16);
	h_trace_stop(&t);

	expect_kernel_pages(m, B2, B3);
	/* the pages moved to 0x10000.., the last isolated first */
	for (unsigned long i = 0; i < 16; i++) {
		struct mc_page_info pi = h_info(m, B0 + i);

		assert_int_equal(pi.state, MC_PS_ALLOCATED);
		assert_int_equal(pi.kind, MC_PAGE_ANON);
		assert_true(pi.lru);
		assert_int_equal(pi.cookie, B2 + 15 - i);
	}
	assert_int_equal(pb_type(m, B2), MIGRATE_MOVABLE);
	expect_no_isolation(m);
	{
		struct h_fb want[16];
		int n = h_decompose(B0 + 16, B1, want, 0);

		h_expect_free(m, want, n);
	}
	assert_int_equal(t_check(m), 0);

	/* and back */
	assert_int_equal(mc_free_contig_range(m, B2, PB, 0), 0);
	assert_int_equal(h_info(m, B2).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B2).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A SLAB page in the middle pageblock of [B2, B5): -EBUSY from the
 * isolation, before any migration.  start_isolate_page_range isolates B2
 * (first), then B4 (last): B4+B5 were one free order-10 block, which
 * move_freepages_block_isolate splits (B4's half to the Isolate list).
 * B3 fails has_unmovable_pages; undo gives B2 back (its free pages move to
 * the Movable lists) and then B4: its free order-9 page has a free buddy
 * (B5) that is not isolated, so it is taken off and freed again, and the
 * order-10 block is whole again.  Nothing else happened.
 */
static void test_slab_page_busy_at_isolation(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_fb before[64];
	struct h_ctrs c0;
	struct h_trace t;
	int nb;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, B2, 8, 'A');
	h_set(&lay, B3, PB, '.');
	h_set(&lay, B3 + 0x80, 1, 'S');
	h_set(&lay, B4, 2 * PB, '.');
	h_layout_build(m, &lay);
	/* B4 and B5 free as one order-10 block */
	assert_int_equal(h_info(m, B4).order, 10);
	nb = h_free_blocks(m, before, 64);
	assert_true(nb <= 64);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, B2, B5, GFP_CONTIG), -EBUSY);
	/* it stopped at the isolation */
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 NULL), 0);
	assert_int_equal(h_count(&t, "mm_migrate_pages_start", NULL), 0);
	assert_int_equal(h_count(&t, "test_pages_isolated", NULL), 0);
	assert_int_equal(h_count(&t, "mm_alloc_contig_migrate_range_info",
				 NULL), 0);
	h_trace_stop(&t);

	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 0);
	for (unsigned long b = B0; b < ZEND; b += PB)
		assert_int_equal(pb_type(m, b), MIGRATE_MOVABLE);
	expect_no_isolation(m);
	h_expect_free(m, before, nb);
	assert_int_equal(h_info(m, B4).order, 10);
	assert_int_equal(h_info(m, B2).kind, MC_PAGE_ANON);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The same SLAB page outside the requested range but inside its last
 * pageblock: the first and last pageblocks are checked whole
 * (isolate_single_pageblock passes the block, not the range), so this is
 * -EBUSY too; the failure is at the last block, which undoes the first.
 */
static void test_unmovable_in_outer_block_busy(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_fb before[64];
	int nb;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, 2 * PB, '.');
	h_set(&lay, B3 + 0x1ff, 1, 'S');
	h_layout_build(m, &lay);
	nb = h_free_blocks(m, before, 64);

	assert_int_equal(contig(m, B2 + 0x10, B3 + 0x10, GFP_CONTIG), -EBUSY);
	expect_no_isolation(m);
	h_expect_free(m, before, nb);
	assert_int_equal(t_check(m), 0);
	/* a range that ends before the SLAB page's block is fine */
	assert_int_equal(contig(m, B2 + 0x10, B2 + 0x20, GFP_CONTIG), 0);
	expect_kernel_pages(m, B2 + 0x10, B2 + 0x20);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A pinned page-cache page: isolated for migration, but every attempt
 * fails at the reference count (-EAGAIN through all passes).  Each
 * migrate_pages() call: the ASYNC batch (3 passes, its failure not
 * counted) and the SYNC retry (7 passes, one failure): 2 targets
 * allocated and freed, pgmigrate_fail + 1.  The batch is retried until
 * ++tries == 5: 5 calls, then -EBUSY, putback; test_pages_isolated stops
 * at the page (0x10410) and alloc_contig_range fails with -EBUSY.  The
 * page was not mapped: the first field of the info line (total_mapped) is
 * 0, and nothing was migrated.
 */
static void test_pinned_file_busy_after_tries(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_fb before[64];
	struct h_ctrs c0;
	struct h_trace t;
	int nb;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, B2 + 0x10, 1, 'F');
	h_layout_build(m, &lay);
	assert_int_equal(mc_page_set_flags(m, B2 + 0x10, MC_PF_PINNED, 0), 0);
	nb = h_free_blocks(m, before, 64);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, B2, B3, GFP_CONTIG), -EBUSY);
	assert_int_equal(h_count(&t, "mm_migrate_pages_start", NULL), 5);
	assert_int_equal(h_count(&t, "mm_migrate_pages",
				 "nr_succeeded=0 nr_failed=1 "), 5);
	assert_int_equal(h_count(&t, "mm_page_alloc", NULL), 10);
	assert_int_equal(h_count(&t, "mm_page_free", NULL), 10);
	h_expect_body(&t, "mm_alloc_contig_migrate_range_info", 0,
		      "start=0x10400 end=0x10600 migratetype=0 nr_migrated=1 "
		      "nr_reclaimed=0 nr_mapped=0");
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10400 end_pfn=0x10600 fin_pfn=0x10410 "
		      "ret=fail");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_freepages",
				 NULL), 0);
	h_trace_stop(&t);

	assert_int_equal(h_delta(m, &c0, "pgmigrate_fail"), 5);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 1);
	{
		struct mc_page_info pi = h_info(m, B2 + 0x10);

		assert_int_equal(pi.state, MC_PS_ALLOCATED);
		assert_int_equal(pi.kind, MC_PAGE_FILE);
		assert_true(pi.lru);
		assert_true(pi.flags & MC_PF_PINNED);
	}
	expect_no_isolation(m);
	h_expect_free(m, before, nb);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Both ends inside free blocks once the range is migrated.  B2: free
 * except 16 ANON pages at 0x10500; the range [0x10480, 0x10530) starts
 * inside the free order-8 block 0x10400 and ends inside the order-5 block
 * 0x10520.  The migration scanner walks 0x10480..0x104ff page by page (128
 * tails of a free block), takes the 16 pages and skips 0x10510/4 and
 * 0x10520/5 (past the end: 128 + 16 + 16 + 32 = 192 scanned).  After the
 * move B2 is one free order-9 block: outer_start = 0x10400, the test runs
 * to 0x10600, the free scanner takes all 512 (outer_end 0x10600), and the
 * 128 pages before and 208 after the range are freed again (mm_page_free
 * each), merging into 0x10400/7 and 0x10530/4, 0x10540/6, 0x10580/7.
 */
static void test_unaligned_straddling_both_ends(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_ctrs c0;
	struct h_trace t;
	struct h_fb want[32];
	int n;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, 0x10500, 16, 'A');
	h_layout_build(m, &lay);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, 0x10480, 0x10530, GFP_CONTIG), 0);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10480 ~ 0x10530) nr_scanned=192 nr_taken=16");
	h_expect_body(&t, "mm_alloc_contig_migrate_range_info", 0,
		      "start=0x10480 end=0x10530 migratetype=16 nr_migrated=1 "
		      "nr_reclaimed=16 nr_mapped=0");
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10400 end_pfn=0x10530 fin_pfn=0x10600 "
		      "ret=success");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10400 ~ 0x10530) nr_scanned=512 nr_taken=512");
	/* 16 sources, then the 128 + 208 pages outside the range */
	assert_int_equal(h_count(&t, "mm_page_free", NULL), 16 + 128 + 208);
	h_trace_stop(&t);

	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 16);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 16 + 512);
	expect_kernel_pages(m, 0x10480, 0x10530);
	n = h_decompose(B0 + 16, B1, want, 0);
	n = h_decompose(0x10400, 0x10480, want, n);
	n = h_decompose(0x10530, B3, want, n);
	h_expect_free(m, want, n);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_free_contig_range(m, 0x10480, 0xb0, 0), 0);
	assert_int_equal(h_info(m, B2).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The range ends in the middle of a run of ANON pages: only the 8 inside
 * [0x10480, 0x10508) move; the 8 after it stay where they are.  After the
 * move: 0x10400/8 and 0x10500/3 are free (0x10508 is in use), the test
 * walks 0x10400 -> 0x10500 -> 0x10508 = end; the free scanner takes those
 * two blocks (256 + 8 = 264), outer_end = end, and only the 128 pages
 * before the range go back.
 */
static void test_unaligned_end_in_used_run(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_trace t;
	struct h_fb want[32];
	int n;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, 0x10500, 16, 'A');
	h_layout_build(m, &lay);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, 0x10480, 0x10508, GFP_CONTIG), 0);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10480 ~ 0x10508) nr_scanned=136 nr_taken=8");
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10400 end_pfn=0x10508 fin_pfn=0x10508 "
		      "ret=success");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10400 ~ 0x10508) nr_scanned=264 nr_taken=264");
	assert_int_equal(h_count(&t, "mm_page_free", NULL), 8 + 128);
	h_trace_stop(&t);

	expect_kernel_pages(m, 0x10480, 0x10508);
	for (unsigned long pfn = 0x10508; pfn < 0x10510; pfn++) {
		struct mc_page_info pi = h_info(m, pfn);

		assert_int_equal(pi.kind, MC_PAGE_ANON);
		assert_int_equal(pi.cookie, pfn);
	}
	n = h_decompose(B0 + 8, B1, want, 0);
	n = h_decompose(0x10400, 0x10480, want, n);
	n = h_decompose(0x10510, B3, want, n);
	h_expect_free(m, want, n);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * __GFP_COMP, exact: B2 (with 4 ANON pages) becomes one order-9 compound
 * page; free_contig_range() takes it back whole and refuses a wrong size.
 */
static void test_gfp_comp_exact(void **state)
{
	struct mc_machine *m = h_machine();
	struct mc_page_info pi;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_set(&lay, B2, 4, 'A');
	h_layout_build(m, &lay);

	assert_int_equal(contig(m, B2, B3, GFP_CONTIG | MC_GFP_COMP), 0);
	pi = h_info(m, B2 + 0x1ff);
	assert_int_equal(pi.state, MC_PS_ALLOCATED);
	assert_int_equal(pi.head_pfn, B2);
	assert_int_equal(pi.order, 9);
	assert_true(pi.compound);
	assert_int_equal(pi.kind, MC_PAGE_KERNEL);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_free_contig_range(m, B2, 256, 0), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, B2 + 1, 1, 0), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, B2, PB, 0), 0);
	assert_int_equal(h_info(m, B2).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B2).order, 9);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * __GFP_COMP, inexact: [0x10400, 0x10404) in a free B2.  The free
 * scanner must take the whole order-9 block (outer_end 0x10600 != end):
 * -EINVAL.  The kernel leaks the isolated block; the model puts it back,
 * so B2 is free and Movable again.  A size that is not a power of two
 * fails the same way.
 */
static void test_gfp_comp_inexact(void **state)
{
	struct mc_machine *m = h_machine();
	struct h_fb before[64];
	struct h_ctrs c0;
	struct h_trace t;
	int nb;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_layout_build(m, &lay);
	nb = h_free_blocks(m, before, 64);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, B2, B2 + 4, GFP_CONTIG | MC_GFP_COMP),
			 -EINVAL);
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10400 end_pfn=0x10404 fin_pfn=0x10600 "
		      "ret=success");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10400 ~ 0x10404) nr_scanned=512 nr_taken=512");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 512);
	h_expect_free(m, before, nb);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(contig(m, B2, B2 + 3, GFP_CONTIG | MC_GFP_COMP),
			 -EINVAL);
	h_expect_free(m, before, nb);
	assert_int_equal(t_check(m), 0);
	/* without __GFP_COMP the same range is fine */
	assert_int_equal(contig(m, B2, B2 + 3, GFP_CONTIG), 0);
	expect_kernel_pages(m, B2, B2 + 3);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * __alloc_contig_verify_gfp_mask: zone, mobility and placement bits are
 * ignored; anything but reclaim modifiers and COMP/RETRY_MAYFAIL/NOWARN/
 * ZERO/ZEROTAGS is -EINVAL before anything happens (no event at all).
 */
static void test_bad_gfp(void **state)
{
	static const uint32_t bad[] = {
		MC_GFP_ATOMIC, MC_GFP_KERNEL | MC_GFP_NOFAIL,
		MC_GFP_KERNEL | MC_GFP_NORETRY, MC_GFP_KERNEL | MC_GFP_MEMALLOC,
		MC_GFP_KERNEL | MC_GFP_ACCOUNT, MC_GFP_NOWAIT | MC_GFP_HIGH,
		MC_GFP_KERNEL | MC_GFP_NOMEMALLOC,
	};
	struct mc_machine *m = h_machine();
	struct h_fb before[64];
	struct h_trace t;
	int nb;

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_layout_build(m, &lay);
	nb = h_free_blocks(m, before, 64);

	h_trace_start(m, &t);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(contig(m, B2, B3, bad[i]), -EINVAL);
	assert_int_equal(t.n, 0);
	h_trace_stop(&t);
	h_expect_free(m, before, nb);

	/* bad arguments */
	assert_int_equal(contig(m, B2, B2, GFP_CONTIG), -EINVAL);
	assert_int_equal(contig(m, B3, B2, GFP_CONTIG), -EINVAL);
	assert_int_equal(contig(m, ZEND - 1, ZEND + 1, GFP_CONTIG), -EINVAL);
	assert_int_equal(mc_alloc_contig_range(m, B2, B3, GFP_CONTIG, 1, NULL),
			 -EINVAL);
	{
		struct mc_contig_owner o = { 7, MC_PAGE_KERNEL, 0 };

		assert_int_equal(mc_alloc_contig_range(m, B2, B3, GFP_CONTIG,
						       0, &o), -EINVAL);
	}
	h_expect_free(m, before, nb);

	/* placement and mobility hints are ignored */
	assert_int_equal(contig(m, B2, B3, MC_GFP_HIGHUSER_MOVABLE |
				MC_GFP_THISNODE | MC_GFP_DMA32), 0);
	expect_kernel_pages(m, B2, B3);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * An owner for the pages: every order-0 page of the range gets it, and
 * ANON pages join the LRU (so a later contiguous allocation would migrate
 * them).
 */
static void test_owner_of_the_pages(void **state)
{
	struct mc_machine *m = h_machine();
	struct mc_contig_owner o = { 0, MC_PAGE_ANON, 0xabc };

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_layout_build(m, &lay);
	assert_int_equal(mc_alloc_contig_range(m, B2, B2 + 8, GFP_CONTIG, 0,
					       &o), 0);
	for (unsigned long pfn = B2; pfn < B2 + 8; pfn++) {
		struct mc_page_info pi = h_info(m, pfn);

		assert_int_equal(pi.kind, MC_PAGE_ANON);
		assert_int_equal(pi.cookie, 0xabc);
		assert_int_equal(pi.order, 0);
		assert_true(pi.lru);
	}
	assert_int_equal(t_check(m), 0);
	/* they are movable now: allocating B2 moves them to B0 */
	assert_int_equal(contig(m, B2, B3, GFP_CONTIG), 0);
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(h_info(m, B0 + i).kind, MC_PAGE_ANON);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * An in-use hugetlb folio in the range is isolated whole
 * (isolate_or_dissolve_huge_page) and migrated to a fresh order-9 block:
 * B5 is the only order-9 block on the Movable lists (B6+B7 are one
 * order-10 block), so the folio lands at 0x10a00.  The scanner stops after
 * the folio (512 >= COMPACT_CLUSTER_MAX).  The info line counts the folio
 * as mapped.
 */
static void test_hugetlb_folio_migrated(void **state)
{
	struct mc_machine *m = h_machine();
	struct mc_page_info pi;
	struct h_ctrs c0;
	struct h_trace t;

	(void)state;
	h_layout_init(&lay, 'S');
	h_set(&lay, B5, 3 * PB, '.');
	lay.comp[0] = (struct h_comp){ B2, 9, MC_PAGE_HUGETLB, 0, 0x4242 };
	lay.nr_comp = 1;
	h_layout_build(m, &lay);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(contig(m, B2, B3, GFP_CONTIG), 0);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10400 ~ 0x10600) nr_scanned=512 nr_taken=512");
	h_expect_body(&t, "mm_alloc_contig_migrate_range_info", 0,
		      "start=0x10400 end=0x10600 migratetype=512 "
		      "nr_migrated=1 nr_reclaimed=512 nr_mapped=0");
	h_trace_stop(&t);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 512);

	pi = h_info(m, B5);
	assert_int_equal(pi.state, MC_PS_ALLOCATED);
	assert_int_equal(pi.kind, MC_PAGE_HUGETLB);
	assert_int_equal(pi.order, 9);
	assert_true(pi.compound);
	assert_int_equal(pi.cookie, 0x4242);
	expect_kernel_pages(m, B2, B3);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A free hugetlb pool page in the range is dissolved by the pool
 * (dissolve_free_hugetlb_folio): its block becomes free buddy pages on the
 * Isolate list, nothing is migrated, and the pool is one page smaller
 * (the persistent pool shrinks: vm.nr_hugepages drops to 0).  The pool
 * takes its page from the head of the order-9 Movable list: B2 and B5 are
 * the free blocks; whichever it took is the range.
 */
static void test_free_hugetlb_dissolved(void **state)
{
	struct mc_machine *m = h_machine();
	struct mc_hugetlb_stats hs;
	struct h_ctrs c0;
	unsigned long blk;

	(void)state;
	h_layout_init(&lay, 'S');
	h_set(&lay, B2, PB, '.');
	h_set(&lay, B5, PB, '.');
	h_layout_build(m, &lay);
	assert_int_equal(mc_sysctl_write(m, "vm.nr_hugepages", "1", 1), 0);
	assert_int_equal(mc_hugetlb_stats(m, -1, &hs), 0);
	assert_int_equal(hs.nr, 1);
	assert_int_equal(hs.free, 1);
	blk = h_info(m, B2).kind == MC_PAGE_HUGETLB &&
	      h_info(m, B2).state == MC_PS_ALLOCATED ? B2 : B5;
	assert_int_equal(h_info(m, blk).kind, MC_PAGE_HUGETLB);
	assert_int_equal(h_info(m, blk).order, 9);
	h_ctrs_snap(m, &c0);

	assert_int_equal(contig(m, blk, blk + PB, GFP_CONTIG), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 0);
	assert_int_equal(h_delta(m, &c0, "compact_isolated"), 512);
	expect_kernel_pages(m, blk, blk + PB);
	assert_int_equal(mc_hugetlb_stats(m, -1, &hs), 0);
	assert_int_equal(hs.nr, 0);
	assert_int_equal(hs.max, 0);
	expect_no_isolation(m);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * alloc_contig_pages(512): candidates from ALIGN(0x10000, 512) in steps
 * of 512: B0, B1 and B2 hold SLAB pages (-EBUSY at isolation, nothing
 * changes), B3 holds 8 ANON pages, which move to B5 (the only other free
 * memory), and B3 is the answer.
 */
static void test_alloc_contig_pages(void **state)
{
	struct mc_machine *m = h_machine();
	uint64_t pfn = 0;
	struct h_trace t;

	(void)state;
	h_layout_init(&lay, 'S');
	h_set(&lay, B3, PB, '.');
	h_set(&lay, B3, 8, 'A');
	h_set(&lay, B5, PB, '.');
	h_layout_build(m, &lay);

	h_trace_start(m, &t);
	assert_int_equal(mc_alloc_contig_pages(m, PB, GFP_CONTIG, 0, 0, NULL,
					       &pfn), 0);
	assert_int_equal(pfn, B3);
	/* only the B3 attempt got past the isolation */
	assert_int_equal(h_count(&t, "test_pages_isolated", NULL), 1);
	h_trace_stop(&t);
	expect_kernel_pages(m, B3, B4);
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(h_info(m, B5 + i).kind, MC_PAGE_ANON);
	assert_int_equal(t_check(m), 0);

	/* nothing left that could be allocated */
	assert_int_equal(mc_alloc_contig_pages(m, PB, GFP_CONTIG, 0, 0, NULL,
					       &pfn), -ENOMEM);
	assert_int_equal(mc_alloc_contig_pages(m, 0, GFP_CONTIG, 0, 0, NULL,
					       &pfn), -EINVAL);
	assert_int_equal(mc_alloc_contig_pages(m, PB, MC_GFP_ATOMIC, 0, 0,
					       NULL, &pfn), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, B3, PB, 0), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* free_contig_range() takes only what alloc_contig_range() gives. */
static void test_free_contig_range_checks(void **state)
{
	struct mc_machine *m = h_machine();

	(void)state;
	base_layout(&lay);
	h_set(&lay, B2, PB, '.');
	h_layout_build(m, &lay);
	/* free pages, a range running into free pages, zero pages */
	assert_int_equal(mc_free_contig_range(m, B2, 1, 0), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, B1 + 0x1ff, 2, 0), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, B1, 0, 0), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, ZEND - 1, 2, 0), -EINVAL);
	assert_int_equal(t_check(m), 0);
	/* SLAB pages are order-0 pages too: freed like any */
	assert_int_equal(mc_free_contig_range(m, B1, 4, 0), 0);
	assert_int_equal(h_info(m, B1).state, MC_PS_FREE);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_movable_range_migrated),
		cmocka_unit_test(test_slab_page_busy_at_isolation),
		cmocka_unit_test(test_unmovable_in_outer_block_busy),
		cmocka_unit_test(test_pinned_file_busy_after_tries),
		cmocka_unit_test(test_unaligned_straddling_both_ends),
		cmocka_unit_test(test_unaligned_end_in_used_run),
		cmocka_unit_test(test_gfp_comp_exact),
		cmocka_unit_test(test_gfp_comp_inexact),
		cmocka_unit_test(test_bad_gfp),
		cmocka_unit_test(test_owner_of_the_pages),
		cmocka_unit_test(test_hugetlb_folio_migrated),
		cmocka_unit_test(test_free_hugetlb_dissolved),
		cmocka_unit_test(test_alloc_contig_pages),
		cmocka_unit_test(test_free_contig_range_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
