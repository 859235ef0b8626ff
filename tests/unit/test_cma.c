// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_cma.c - CMA areas (mm/cma.c, mm/mm_init.c:init_cma_reserved_pageblock
 * and the MIGRATE_CMA rules of mm/page_alloc.c, 6.12.117), expectations
 * worked out by hand.
 *
 * The machine is compaction_harness.h's one-zone machine (eight pageblocks
 * B0..B7 at 0x10000, boot pagesets) with CONFIG_CMA and one area "test" of
 * two pageblocks fixed at B6 (0x10c00).  Boot: memblock_free_all frees
 * [0x10000, 0x10c00) as three order-10 Movable blocks and skips the area;
 * cma_init_reserved_areas then types B6 and B7 MIGRATE_CMA and frees each
 * as an order-9 block, which merge (same type) into one order-10 CMA
 * block: NR_FREE_PAGES 4096, NR_FREE_CMA_PAGES 1024.
 *
 * Every trace line goes through trace_check_line() (h_trace_fn).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

#define CMA_BASE	B6
#define CMA_PAGES	1024UL

static void cma_desc(struct mc_machine_desc *d)
{
	h_desc(d, ZPAGES);
	d->cma = true;
	d->nr_cma_areas = 1;
	strcpy(d->cma_areas[0].name, "test");
	d->cma_areas[0].base_pfn = CMA_BASE;
	d->cma_areas[0].pages = CMA_PAGES;
	d->cma_areas[0].nid = 0;
}

static struct mc_machine *cma_machine(void)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	cma_desc(&d);
	m = t_machine_desc(&d, MC_OPT_NO_THP_MINFREE);
	assert_int_equal(mc_sysctl_write(m, "vm.watermark_boost_factor", "0",
					 1), 0);
	h_pcp_passthrough(m);
	return m;
}

static uint64_t alloc_one(struct mc_machine *m, uint32_t gfp, unsigned order,
			  enum mc_page_kind kind)
{
	struct mc_alloc_request r = {
		.gfp = gfp | (order ? MC_GFP_COMP : 0), .order = order,
		.nid = 0, .cpu = 0, .kind = kind,
	};
	uint64_t pfn = UINT64_MAX;

	if (mc_alloc_pages(m, &r, &pfn))
		return UINT64_MAX;
	return pfn;
}

static bool in_cma(uint64_t pfn)
{
	return pfn >= CMA_BASE && pfn < CMA_BASE + CMA_PAGES;
}

static uint64_t nr_free(struct mc_machine *m)
{
	return h_vm(m, "nr_free_pages");
}

static uint64_t nr_free_cma(struct mc_machine *m)
{
	return h_vm(m, "nr_free_cma");
}

/* The line of @text that starts with @prefix (NUL-terminated copy). */
static const char *line_of(const char *text, const char *prefix)
{
	static char buf[512];
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (!strncmp(p, prefix, strlen(prefix)) && n < sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

/*
 * Fill all non-CMA memory with unmovable order-10 blocks (B0..B5), which
 * may not use CMA (no ALLOC_CMA): three of them; a fourth fails.
 * __GFP_MEMALLOC so that the watermarks do not stop the last one.
 */
static void fill_normal(struct mc_machine *m, uint64_t blk[3])
{
	for (int i = 0; i < 3; i++) {
		blk[i] = alloc_one(m, MC_GFP_KERNEL | MC_GFP_MEMALLOC, 10,
				   MC_PAGE_KERNEL);
		assert_true(blk[i] != UINT64_MAX);
		assert_false(in_cma(blk[i]));
	}
	assert_int_equal(alloc_one(m, MC_GFP_KERNEL | MC_GFP_MEMALLOC |
				   MC_GFP_NOWARN | MC_GFP_NORETRY, 0,
				   MC_PAGE_KERNEL), UINT64_MAX);
	assert_int_equal(nr_free(m), CMA_PAGES);
	assert_int_equal(nr_free_cma(m), CMA_PAGES);
}

/*
 * Boot: the area, its pageblocks, the counters, and the CMA column and
 * row of /proc/pagetypeinfo and the "cma" line of /proc/zoneinfo.
 */
static void test_cma_boot(void **state)
{
	struct mc_machine *m = cma_machine();
	struct mc_cma_info ci;
	struct mc_geometry g;
	struct mc_zone_stats zs;
	char *text;
	const char *l;

	(void)state;
	mc_machine_geometry(m, &g);
	assert_int_equal(g.nr_migratetypes, 6);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_string_equal(ci.name, "test");
	assert_int_equal(ci.base_pfn, CMA_BASE);
	assert_int_equal(ci.count, CMA_PAGES);
	assert_int_equal(ci.nid, 0);
	assert_int_equal(ci.zone, MC_ZONE_NORMAL);
	assert_int_equal(ci.allocated, 0);
	assert_int_equal(mc_cma_area_info(m, 1, &ci), -ENOENT);

	assert_int_equal(h_info(m, B5).pageblock_mt, MIGRATE_MOVABLE);
	/* MIGRATE_CMA is 4 with CONFIG_CMA */
	assert_int_equal(h_info(m, B6).pageblock_mt, 4);
	assert_int_equal(h_info(m, B7).pageblock_mt, 4);
	assert_int_equal(h_info(m, B6).state, MC_PS_FREE);
	assert_int_equal(h_info(m, B6).order, 10);
	assert_int_equal(h_info(m, B7).head_pfn, B6);
	assert_int_equal(nr_free(m), ZPAGES);
	assert_int_equal(nr_free_cma(m), CMA_PAGES);
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &zs), 0);
	assert_int_equal(zs.managed, ZPAGES);
	assert_int_equal(zs.nr_free_blocks[10], 4);

	text = t_render(m, MC_PROC_PAGETYPEINFO);
	l = line_of(text, "Free pages count per migrate type at order");
	assert_non_null(l);
	l = line_of(text, "Node    0, zone   Normal, type          CMA ");
	assert_non_null(l);
	assert_string_equal(l, "Node    0, zone   Normal, type          CMA "
			       "     0      0      0      0      0      0 "
			       "     0      0      0      0      1 ");
	l = line_of(text, "Node    0, zone   Normal, type      Movable ");
	assert_string_equal(l, "Node    0, zone   Normal, type      Movable "
			       "     0      0      0      0      0      0 "
			       "     0      0      0      0      3 ");
	l = line_of(text, "Number of blocks type ");
	assert_string_equal(l, "Number of blocks type     Unmovable      "
			       "Movable  Reclaimable   HighAtomic          CMA "
			       "     Isolate ");
	l = line_of(text, "Node 0, zone   Normal ");
	/* Unmovable Movable Reclaimable HighAtomic CMA Isolate, %12lu each */
	assert_string_equal(l, "Node 0, zone   Normal "
			       "           0            6            0 "
			       "           0            2            0 ");
	free(text);

	text = t_render(m, MC_PROC_ZONEINFO);
	assert_non_null(strstr(text, "\n        cma      1024\n"));
	free(text);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Borrowing: a movable request (ALLOC_CMA) takes CMA pages first when
 * more than half of the zone's free pages are CMA (__rmqueue's balance:
 * NR_FREE_CMA_PAGES > NR_FREE_PAGES / 2), else its own lists.  Unmovable
 * requests never do.
 *   1 movable page: 1024 > 4096/2? no: Movable list (0x10000).
 *   3 unmovable order-9 blocks: free 4095 - 1536 = 2559.
 *   1 movable page: 1024 > 2559/2 = 1279? no: Movable list.
 *   1 unmovable order-9 block: free 2558 - 512 = 2046.
 *   1 movable page: 1024 > 2046/2 = 1023: yes: CMA (0x10c00, the head
 *   of the split order-10 CMA block).
 *   1 movable page: free 2045, CMA 1023 > 1022: CMA again (0x10c01).
 *   1 movable page: free 2044, CMA 1022 > 1022? no: Movable list.
 */
static void test_movable_borrows_cma(void **state)
{
	struct mc_machine *m = cma_machine();
	uint64_t p;

	(void)state;
	p = alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0, MC_PAGE_ANON);
	assert_int_equal(p, B0);
	for (int i = 0; i < 3; i++)
		assert_false(in_cma(alloc_one(m, MC_GFP_KERNEL, 9,
					      MC_PAGE_KERNEL)));
	assert_int_equal(nr_free(m), 2559);
	assert_false(in_cma(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				      MC_PAGE_ANON)));
	assert_false(in_cma(alloc_one(m, MC_GFP_KERNEL, 9, MC_PAGE_KERNEL)));
	assert_int_equal(nr_free(m), 2046);
	assert_int_equal(nr_free_cma(m), 1024);
	assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				   MC_PAGE_ANON), CMA_BASE);
	assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				   MC_PAGE_ANON), CMA_BASE + 1);
	assert_false(in_cma(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				      MC_PAGE_ANON)));
	assert_int_equal(nr_free_cma(m), 1022);
	/* the pageblock stays CMA: the allocator never changes its type */
	assert_int_equal(h_info(m, CMA_BASE).pageblock_mt, 4);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Unmovable requests never take CMA pages: with all other memory in use
 * they fail although 1024 CMA pages are free (the watermark check does not
 * count free CMA pages without ALLOC_CMA, and no list falls back to CMA).
 * A movable request still succeeds, from CMA.
 */
static void test_unmovable_never_cma(void **state)
{
	struct mc_machine *m = cma_machine();
	uint64_t blk[3];

	(void)state;
	fill_normal(m, blk);
	assert_int_equal(alloc_one(m, MC_GFP_KERNEL | MC_GFP_NORETRY |
				   MC_GFP_NOWARN, 0, MC_PAGE_KERNEL),
			 UINT64_MAX);
	assert_int_equal(alloc_one(m, MC_GFP_KERNEL | MC_GFP_RECLAIMABLE |
				   MC_GFP_NORETRY | MC_GFP_NOWARN, 0,
				   MC_PAGE_SLAB_RECLAIMABLE), UINT64_MAX);
	assert_int_equal(nr_free_cma(m), CMA_PAGES);
	assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				   MC_PAGE_ANON), CMA_BASE);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * cma_alloc while movable pages occupy the area.  All other memory is
 * used first, so 8 ANON pages land at 0x10c00..0x10c07 (CMA); then one
 * order-10 block (0x10000) is freed for the migration targets.
 * cma_alloc(1024, align 0): the bitmap is empty, bitmap_no 0, range
 * [0x10c00, 0x11000): has_unmovable_pages accepts CMA blocks for a CMA
 * request; both blocks are isolated (NR_FREE_CMA_PAGES drops to 0, so the
 * targets come from the Movable block at 0x10000: 0x10000..0x10007, the
 * last isolated first); the area is then one free order-10 block on the
 * Isolate list (B6 and B7 are both Isolate, so they merge); the test walks
 * it in one step, the free scanner takes 1024 in the first block.
 * Success: cma_alloc_success 1, the area's bitmap full.  Release gives all
 * 1024 pages back as a CMA order-10 block.
 */
static void test_cma_alloc_migrates_borrowers(void **state)
{
	struct mc_machine *m = cma_machine();
	uint64_t blk[3], pfn = 0;
	struct mc_cma_info ci;
	struct h_ctrs c0;
	struct h_trace t;

	(void)state;
	fill_normal(m, blk);
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
					   MC_PAGE_ANON), CMA_BASE + i);
	assert_int_equal(mc_free_pages(m, blk[0], 10, 0), 0);
	assert_int_equal(blk[0], B0);
	h_ctrs_snap(m, &c0);

	h_trace_start(m, &t);
	assert_int_equal(mc_cma_alloc(m, 0, CMA_PAGES, 0, 0, &pfn), 0);
	assert_int_equal(pfn, CMA_BASE);
	h_expect_body(&t, "cma_alloc_start", 0,
		      "name=test count=1024 align=0");
	assert_int_equal(h_count(&t, "cma_alloc_finish",
				 "name=test pfn=0x10c00 page="), 1);
	assert_int_equal(h_count(&t, "cma_alloc_finish",
				 " count=1024 align=0 errorno=0"), 1);
	assert_int_equal(h_count(&t, "cma_alloc_busy_retry", NULL), 0);
	h_expect_body(&t, "mm_compaction_isolate_migratepages", 0,
		      "range=(0x10c00 ~ 0x10e00) nr_scanned=512 nr_taken=8");
	h_expect_body(&t, "mm_alloc_contig_migrate_range_info", 0,
		      "start=0x10c00 end=0x11000 migratetype=8 nr_migrated=4 "
		      "nr_reclaimed=8 nr_mapped=0");
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10c00 end_pfn=0x11000 fin_pfn=0x11000 "
		      "ret=success");
	h_expect_body(&t, "mm_compaction_isolate_freepages", 0,
		      "range=(0x10c00 ~ 0x10e00) nr_scanned=1024 "
		      "nr_taken=1024");
	h_trace_stop(&t);

	assert_int_equal(h_vm(m, "cma_alloc_success"), 1);
	assert_int_equal(h_vm(m, "cma_alloc_fail"), 0);
	assert_int_equal(h_delta(m, &c0, "pgmigrate_success"), 8);
	for (unsigned long i = 0; i < 8; i++) {
		struct mc_page_info pi = h_info(m, B0 + i);

		assert_int_equal(pi.kind, MC_PAGE_ANON);
		assert_true(pi.lru);
	}
	for (unsigned long pfn2 = CMA_BASE; pfn2 < ZEND; pfn2++) {
		struct mc_page_info pi = h_info(m, pfn2);

		assert_int_equal(pi.state, MC_PS_ALLOCATED);
		assert_int_equal(pi.kind, MC_PAGE_KERNEL);
		assert_int_equal(pi.order, 0);
		assert_int_equal(pi.pageblock_mt, 4);
	}
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, CMA_PAGES);
	assert_int_equal(ci.alloc_pages_success, CMA_PAGES);
	assert_int_equal(nr_free_cma(m), 0);
	assert_int_equal(h_zone(m)->nr_isolate_pageblock, 0);
	assert_int_equal(t_check(m), 0);

	/* the area is full: the next request fails with -ENOMEM */
	assert_int_equal(mc_cma_alloc(m, 0, 1, 0, 0, &pfn), -ENOMEM);
	assert_int_equal(h_vm(m, "cma_alloc_fail"), 1);

	h_trace_start(m, &t);
	assert_int_equal(mc_cma_release(m, 0, CMA_BASE, CMA_PAGES, 0), 0);
	assert_int_equal(h_count(&t, "cma_release",
				 "name=test pfn=0x10c00 page="), 1);
	assert_int_equal(h_count(&t, "cma_release", " count=1024"), 1);
	h_trace_stop(&t);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, 0);
	assert_int_equal(ci.release_pages_success, CMA_PAGES);
	assert_int_equal(nr_free_cma(m), CMA_PAGES);
	assert_int_equal(h_info(m, CMA_BASE).order, 10);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A pinned page in a CMA block.  An ANON page at 0x10c00 (B6) and an
 * ANON THP at 0x10e00 (B7) borrow the area; one order-10 block of normal
 * memory is freed for targets.  cma_alloc(512, align 9) has two
 * candidates, bitmap_no 0 and 512 (mask 511).
 *
 * Both pinned: a pinned anonymous page is not even isolated
 * (isolate_migratepages_block), so each attempt ends at
 * test_pages_isolated (fin_pfn = the pinned page) with -EBUSY; a busy
 * range is retried at bitmap_no + mask + 1; after the second there is no
 * candidate left: cma_alloc_finish with the last pfn tried (0x10e00), a
 * NULL page and errorno -16, cma_alloc_fail 1, 512 pages failed.
 *
 * The THP unpinned: the first candidate is busy again, the second one
 * migrates the THP (to the free order-10 block at 0x10000) and succeeds.
 */
static void test_cma_alloc_pinned_busy(void **state)
{
	struct mc_machine *m = cma_machine();
	uint64_t blk[3], pfn = 0;
	struct mc_cma_info ci;
	struct h_trace t;

	(void)state;
	fill_normal(m, blk);
	assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 0,
				   MC_PAGE_ANON), CMA_BASE);
	assert_int_equal(alloc_one(m, MC_GFP_HIGHUSER_MOVABLE, 9,
				   MC_PAGE_ANON), B7);
	assert_int_equal(mc_page_set_flags(m, CMA_BASE, MC_PF_PINNED, 0), 0);
	assert_int_equal(mc_page_set_flags(m, B7, MC_PF_PINNED, 0), 0);
	assert_int_equal(mc_free_pages(m, blk[0], 10, 0), 0);

	h_trace_start(m, &t);
	assert_int_equal(mc_cma_alloc(m, 0, PB, 9, 0, &pfn), -EBUSY);
	h_expect_body(&t, "cma_alloc_start", 0,
		      "name=test count=512 align=9");
	assert_int_equal(h_count(&t, "cma_alloc_busy_retry", NULL), 2);
	assert_int_equal(h_count(&t, "cma_alloc_busy_retry",
				 "name=test pfn=0x10c00 page="), 1);
	assert_int_equal(h_count(&t, "cma_alloc_busy_retry",
				 "name=test pfn=0x10e00 page="), 1);
	h_expect_body(&t, "test_pages_isolated", 0,
		      "start_pfn=0x10c00 end_pfn=0x10e00 fin_pfn=0x10c00 "
		      "ret=fail");
	h_expect_body(&t, "test_pages_isolated", 1,
		      "start_pfn=0x10e00 end_pfn=0x11000 fin_pfn=0x10e00 "
		      "ret=fail");
	h_expect_body(&t, "cma_alloc_finish", 0,
		      "name=test pfn=0x10e00 page=0000000000000000 count=512 "
		      "align=9 errorno=-16");
	assert_int_equal(h_count(&t, "mm_compaction_isolate_migratepages",
				 "nr_taken=0"), 2);
	h_trace_stop(&t);
	assert_int_equal(h_vm(m, "cma_alloc_fail"), 1);
	assert_int_equal(h_vm(m, "cma_alloc_success"), 0);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, 0);
	assert_int_equal(ci.alloc_pages_fail, PB);
	assert_int_equal(h_info(m, B6).pageblock_mt, 4);
	assert_int_equal(h_info(m, B7).pageblock_mt, 4);
	assert_int_equal(h_zone(m)->nr_isolate_pageblock, 0);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_page_set_flags(m, B7, 0, MC_PF_PINNED), 0);
	h_trace_start(m, &t);
	assert_int_equal(mc_cma_alloc(m, 0, PB, 9, 0, &pfn), 0);
	assert_int_equal(pfn, B7);
	assert_int_equal(h_count(&t, "cma_alloc_busy_retry", NULL), 1);
	assert_int_equal(h_count(&t, "cma_alloc_finish",
				 "name=test pfn=0x10e00 page="), 1);
	assert_int_equal(h_count(&t, "cma_alloc_finish", " errorno=0"), 1);
	h_trace_stop(&t);
	assert_int_equal(h_vm(m, "cma_alloc_success"), 1);
	assert_int_equal(h_vm(m, "cma_alloc_fail"), 1);
	{
		struct mc_page_info pi = h_info(m, B0);

		assert_int_equal(pi.kind, MC_PAGE_ANON);
		assert_int_equal(pi.order, 9);
		assert_true(pi.compound);
	}
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, PB);
	assert_int_equal(t_check(m), 0);

	/* release: only pages of the area, as allocated */
	assert_int_equal(mc_cma_release(m, 0, B5, PB, 0), -EINVAL);
	assert_int_equal(mc_cma_release(m, 0, B7, PB + 1, 0), -EINVAL);
	assert_int_equal(mc_cma_release(m, 1, B7, PB, 0), -ENOENT);
	assert_int_equal(mc_cma_release(m, 0, B7, PB, 0), 0);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* cma_alloc's own argument checks and the alignment rules. */
static void test_cma_alloc_alignment(void **state)
{
	struct mc_machine *m = cma_machine();
	uint64_t pfn = 0, a, b;
	struct mc_cma_info ci;

	(void)state;
	assert_int_equal(mc_cma_alloc(m, 0, 0, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_cma_alloc(m, 1, 1, 0, 0, &pfn), -ENOENT);
	assert_int_equal(mc_cma_alloc(m, 0, 1, 64, 0, &pfn), -EINVAL);
	/* more than the area: cma_alloc_start only, nothing counted */
	assert_int_equal(mc_cma_alloc(m, 0, CMA_PAGES + 1, 0, 0, &pfn),
			 -ENOMEM);
	assert_int_equal(h_vm(m, "cma_alloc_fail"), 0);

	/* 3 pages, then 4 aligned to 4: 0x10c00, then 0x10c04 */
	assert_int_equal(mc_cma_alloc(m, 0, 3, 0, 0, &a), 0);
	assert_int_equal(a, CMA_BASE);
	assert_int_equal(mc_cma_alloc(m, 0, 4, 2, 0, &b), 0);
	assert_int_equal(b, CMA_BASE + 4);
	/* one page, no alignment: the hole at 0x10c03 */
	assert_int_equal(mc_cma_alloc(m, 0, 1, 0, 0, &pfn), 0);
	assert_int_equal(pfn, CMA_BASE + 3);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.allocated, 8);
	assert_int_equal(h_vm(m, "cma_alloc_success"), 3);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_cma_release(m, 0, a, 3, 0), 0);
	assert_int_equal(mc_cma_release(m, 0, b, 4, 0), 0);
	assert_int_equal(mc_cma_release(m, 0, pfn, 1, 0), 0);
	assert_int_equal(nr_free_cma(m), CMA_PAGES);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* A machine without CONFIG_CMA has no CMA events, column or areas. */
static void test_no_cma_machine(void **state)
{
	struct mc_machine *m = h_machine();
	struct mc_cma_info ci;
	uint64_t v, pfn;
	char *text;

	(void)state;
	assert_int_equal(mc_vmstat_get(m, "cma_alloc_success", &v), -ENOENT);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), -ENOENT);
	assert_int_equal(mc_cma_alloc(m, 0, 1, 0, 0, &pfn), -ENOENT);
	text = t_render(m, MC_PROC_PAGETYPEINFO);
	assert_null(strstr(text, "CMA"));
	free(text);
	mc_machine_destroy(m);
}

/* ---- placement and validation ------------------------------------------ */

static int validate(const struct mc_machine_desc *d, char *msg, size_t len)
{
	struct mc_error e;
	int ret;

	memset(&e, 0, sizeof(e));
	ret = mc_desc_validate(d, &e);
	snprintf(msg, len, "%s", e.msg);
	return ret;
}

/*
 * "cma=64M" on a 512 MiB PC: DRAM ends at 0x20000, below 4 GiB + 64 MiB,
 * so the search is top-down below the end of DRAM.  The preset reserves
 * [0x1000, 0x4000) and [0x1f573, 0x20000) of ZONE_DMA32 (what the kernel
 * has reserved at the end of boot), so the highest free range is
 * [0x4000, 0x1f573) and the area starts at
 * ALIGN_DOWN(0x1f573 - 0x4000, 512) = 0x1b400.
 */
static void test_default_placement_top_down(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct mc_cma_info ci;

	(void)state;
	assert_int_equal(mc_desc_preset("pc:512M", &d, NULL), 0);
	assert_int_equal(d.nodes[0].nr_reserved, 4);
	assert_int_equal(d.nodes[0].reserved[2].start_pfn, 0x1f573);
	assert_int_equal(d.nodes[0].zones[MC_ZONE_DMA32].start_pfn +
			 d.nodes[0].zones[MC_ZONE_DMA32].spanned, 0x20000);
	d.cma = true;
	d.nr_cma_areas = 1;
	strcpy(d.cma_areas[0].name, "reserved");
	d.cma_areas[0].pages = 16384;
	d.cma_areas[0].nid = -1;
	m = t_machine_desc(&d, 0);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.base_pfn, 0x1b400);
	assert_int_equal(ci.zone, MC_ZONE_DMA32);
	assert_int_equal(h_vm(m, "nr_free_cma"), 16384);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * "cma=64M" on a 16 GiB PC: DRAM (0x440000) reaches 4 GiB + 64 MiB, so
 * memblock is searched bottom-up from 4 GiB (pfn 0x100000): ZONE_NORMAL
 * starts there and the preset reserves only its top, so the area starts
 * at 0x100000.
 */
static void test_default_placement_bottom_up(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct mc_cma_info ci;

	(void)state;
	assert_int_equal(mc_desc_preset("pc:16G", &d, NULL), 0);
	assert_int_equal(d.nodes[0].zones[MC_ZONE_NORMAL].start_pfn, 0x100000);
	for (unsigned i = 0; i < d.nodes[0].nr_reserved; i++)
		assert_false(d.nodes[0].reserved[i].start_pfn < 0x104000 &&
			     d.nodes[0].reserved[i].end_pfn > 0x100000);
	d.cma = true;
	d.nr_cma_areas = 1;
	strcpy(d.cma_areas[0].name, "reserved");
	d.cma_areas[0].pages = 16384;
	d.cma_areas[0].nid = -1;
	m = t_machine_desc(&d, MC_OPT_NO_DAEMONS);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.base_pfn, 0x100000);
	assert_int_equal(ci.zone, MC_ZONE_NORMAL);
	assert_int_equal(t_check(m), 0);

	/* a second area on the same terms goes right after the first */
	mc_machine_destroy(m);
	d.nr_cma_areas = 2;
	d.cma_areas[1] = d.cma_areas[0];
	strcpy(d.cma_areas[1].name, "second");
	m = t_machine_desc(&d, MC_OPT_NO_DAEMONS);
	assert_int_equal(mc_cma_area_info(m, 1, &ci), 0);
	assert_int_equal(ci.base_pfn, 0x104000);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * arm64: the default area is limited to arm64_dma_phys_limit (the end of
 * ZONE_DMA, 4 GiB here), so even with 8 GiB of DRAM the bottom-up search
 * from 4 GiB finds nothing below the limit and the area goes top-down
 * under 4 GiB: the preset's ZONE_DMA is [0x40000, 0x100000) with only
 * [0x40000, 0x42000) reserved, so the area is [0x100000 - 8192, 0x100000).
 */
static void test_default_placement_arm64(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct mc_cma_info ci;
	uint64_t dma_end;

	(void)state;
	assert_int_equal(mc_desc_preset("arm64-4k:8G", &d, NULL), 0);
	dma_end = d.nodes[0].zones[MC_ZONE_DMA].start_pfn +
		  d.nodes[0].zones[MC_ZONE_DMA].spanned;
	assert_int_equal(dma_end, 0x100000);
	d.cma = true;
	d.nr_cma_areas = 1;
	strcpy(d.cma_areas[0].name, "reserved");
	d.cma_areas[0].pages = 8192;
	d.cma_areas[0].nid = -1;
	m = t_machine_desc(&d, MC_OPT_NO_DAEMONS);
	assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
	assert_int_equal(ci.base_pfn, dma_end - 8192);
	assert_int_equal(ci.zone, MC_ZONE_DMA);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Descriptions the kernel would not reserve, or we cannot hold. */
static void test_validation(void **state)
{
	struct mc_machine_desc d;
	char msg[256];

	(void)state;
	cma_desc(&d);
	assert_int_equal(validate(&d, msg, sizeof(msg)), 0);

	cma_desc(&d);
	d.cma = false;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "CONFIG_CMA"));

	cma_desc(&d);
	d.cma_areas[0].base_pfn = CMA_BASE + 1;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "not aligned"));

	cma_desc(&d);
	d.cma_areas[0].pages = 100;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "multiple of the pageblock"));

	cma_desc(&d);
	d.cma_areas[0].base_pfn = B7;	/* runs past the zone */
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "not free memory"));

	cma_desc(&d);
	/* one reserved page: pfn 0x10000 */
	d.nodes[0].zones[MC_ZONE_NORMAL].managed = ZPAGES - 1;
	d.cma_areas[0].base_pfn = B0;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "not free memory"));

	cma_desc(&d);
	d.nr_cma_areas = 2;
	d.cma_areas[1] = d.cma_areas[0];
	d.cma_areas[1].base_pfn = B4;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "both named"));
	strcpy(d.cma_areas[1].name, "two");
	assert_int_equal(validate(&d, msg, sizeof(msg)), 0);
	d.cma_areas[1].base_pfn = B5;	/* overlaps the first */
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);

	cma_desc(&d);
	strcpy(d.cma_areas[0].name, "a b");
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	d.cma_areas[0].name[0] = '\0';
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);

	cma_desc(&d);
	d.cma_areas[0].nid = 1;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);

	/* a placed area that does not fit anywhere */
	cma_desc(&d);
	d.cma_areas[0].base_pfn = 0;
	d.cma_areas[0].pages = ZPAGES + PB;
	assert_int_equal(validate(&d, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "Failed to reserve"));

	/*
	 * Areas are reserved in array order: a fixed area splits the free
	 * range it sits in; with a hole at B4 the free ranges are then
	 * [B0, B1), [B2, B4), [B5, ZEND) and a placed one-block area goes
	 * top-down to the highest: B7.
	 */
	cma_desc(&d);
	d.nodes[0].nr_holes = 1;
	d.nodes[0].holes[0].start_pfn = B4;
	d.nodes[0].holes[0].end_pfn = B5;
	d.nodes[0].zones[MC_ZONE_NORMAL].present = ZPAGES - PB;
	d.nodes[0].zones[MC_ZONE_NORMAL].managed = ZPAGES - PB;
	d.nr_cma_areas = 2;
	d.cma_areas[0].base_pfn = B1;
	d.cma_areas[0].pages = PB;
	d.cma_areas[1] = d.cma_areas[0];
	strcpy(d.cma_areas[1].name, "placed");
	d.cma_areas[1].base_pfn = 0;
	assert_int_equal(validate(&d, msg, sizeof(msg)), 0);
	{
		struct mc_machine *m = t_machine_desc(&d, 0);
		struct mc_cma_info ci;

		assert_int_equal(mc_cma_area_info(m, 1, &ci), 0);
		assert_int_equal(ci.base_pfn, B7);
		assert_int_equal(h_vm(m, "nr_free_cma"), 2 * PB);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}

	/* placed top-down in this small machine: the last two blocks */
	cma_desc(&d);
	d.cma_areas[0].base_pfn = 0;
	assert_int_equal(validate(&d, msg, sizeof(msg)), 0);
	{
		struct mc_machine *m = t_machine_desc(&d, 0);
		struct mc_cma_info ci;

		assert_int_equal(mc_cma_area_info(m, 0, &ci), 0);
		assert_int_equal(ci.base_pfn, B6);
		mc_machine_destroy(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cma_boot),
		cmocka_unit_test(test_movable_borrows_cma),
		cmocka_unit_test(test_unmovable_never_cma),
		cmocka_unit_test(test_cma_alloc_migrates_borrowers),
		cmocka_unit_test(test_cma_alloc_pinned_busy),
		cmocka_unit_test(test_cma_alloc_alignment),
		cmocka_unit_test(test_no_cma_machine),
		cmocka_unit_test(test_default_placement_top_down),
		cmocka_unit_test(test_default_placement_bottom_up),
		cmocka_unit_test(test_default_placement_arm64),
		cmocka_unit_test(test_validation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
