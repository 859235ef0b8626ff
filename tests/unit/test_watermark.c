// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_watermark.c - watermarks as 6.12.117 computes and checks them
 * (kernel-spec 2.1-2.6).
 *
 *  - __zone_watermark_ok() at its exact boundaries: the order-0 test is
 *    "free - unusable > min + lowmem_reserve[highest_zoneidx]", with min
 *    reduced by ALLOC_MIN_RESERVE (min/2), then ALLOC_NON_BLOCK (a further
 *    min/4) and ALLOC_OOM (min/2); highatomic free pages are unusable
 *    without ALLOC_RESERVES; orders > 0 also need one free block of a
 *    suitable order on an Unmovable/Movable/Reclaimable list, or on the
 *    HighAtomic list with ALLOC_HIGHATOMIC or ALLOC_OOM.
 *  - gfp_to_alloc_flags() for the common gfp masks (values of 2.6).
 *  - min_free_kbytes, the four watermarks, lowmem_reserve and
 *    totalreserve_pages of every zone of several machines, recomputed
 *    here by an independent implementation of calculate_min_free_kbytes,
 *    __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve and
 *    khugepaged's set_recommended_min_free_kbytes from the zones' managed
 *    page counts only.
 *  - the spec's worked example (managed DMA 3840, DMA32 766000, Normal
 *    245000) on a hand-made machine, against the numbers in the spec.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mm/internal.h"

#define BASE 0x10000UL

/* ---- helpers ------------------------------------------------------------- */

static struct mc_machine *tiny(void)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct zone *z;

	memset(&d, 0, sizeof(d));
	strcpy(d.name, "tiny");
	strcpy(d.arch, "x86_64");
	d.page_shift = 12;
	d.nr_nodes = 1;
	d.nr_cpus = 1;
	d.nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = BASE, .spanned = 4096, .present = 4096,
		.managed = 4096 };
	m = t_machine_desc(&d, 0);
	z = &m->node_data[0]->node_zones[ZONE_NORMAL];
	/* The kernel's boot pageset: no pages cached on the pcp lists. */
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		z->per_cpu_pageset[cpu].high_min = 0;
		z->per_cpu_pageset[cpu].high_max = 0;
		z->per_cpu_pageset[cpu].batch = 1;
	}
	return m;
}

static struct zone *normal(struct mc_machine *m)
{
	return &m->node_data[0]->node_zones[ZONE_NORMAL];
}

static bool wm_ok(struct zone *z, unsigned order, unsigned long mark,
		  int hz, unsigned flags, long free)
{
	return __zone_watermark_ok(z, order, mark, hz, flags, free);
}

static uint64_t alloc_anon(struct mc_machine *m, unsigned order)
{
	uint64_t pfn = t_alloc(m, MC_GFP_HIGHUSER_MOVABLE |
			       (order ? MC_GFP_COMP : 0), order, 0);

	assert_int_not_equal(pfn, UINT64_MAX);
	return pfn;
}

/* ---- order-0 boundaries -------------------------------------------------- */

/*
 * The check fails when free <= min + reserve and passes one page above.
 * mark 1000: plain 1000; ALLOC_MIN_RESERVE 1000 - 500 = 500;
 * + ALLOC_NON_BLOCK 500 - 125 = 375; ALLOC_NON_BLOCK alone 1000 (it only
 * skips the highatomic subtraction); ALLOC_OOM 500; MIN_RESERVE|OOM
 * 500 - 250 = 250; MIN_RESERVE|NON_BLOCK|OOM 375 - 187 = 188;
 * ALLOC_HIGHATOMIC alone 1000.
 * mark 1001: MIN_RESERVE 1001 - 500 = 501; + NON_BLOCK 501 - 125 = 376.
 * mark 7: MIN_RESERVE 7 - 3 = 4; + NON_BLOCK 4 - 1 = 3; + OOM 3 - 1 = 2.
 */
static void test_order0_boundaries(void **state)
{
	static const struct {
		unsigned long mark;
		unsigned flags;
		long min;
	} c[] = {
		{ 1000, 0, 1000 },
		{ 1000, ALLOC_MIN_RESERVE, 500 },
		{ 1000, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 375 },
		{ 1000, ALLOC_NON_BLOCK, 1000 },
		{ 1000, ALLOC_OOM, 500 },
		{ 1000, ALLOC_MIN_RESERVE | ALLOC_OOM, 250 },
		{ 1000, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK | ALLOC_OOM, 188 },
		{ 1000, ALLOC_HIGHATOMIC, 1000 },
		{ 1000, ALLOC_WMARK_HIGH | ALLOC_CPUSET | ALLOC_KSWAPD, 1000 },
		{ 1001, ALLOC_MIN_RESERVE, 501 },
		{ 1001, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 376 },
		{ 7, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK | ALLOC_OOM, 2 },
		{ 0, 0, 0 },
	};
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);

	(void)state;
	assert_int_equal(z->nr_free_highatomic, 0);
	assert_int_equal(z->lowmem_reserve[ZONE_NORMAL], 0);
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		long min = c[i].min;

		if (wm_ok(z, 0, c[i].mark, ZONE_NORMAL, c[i].flags, min) ||
		    !wm_ok(z, 0, c[i].mark, ZONE_NORMAL, c[i].flags, min + 1))
			fprintf(stderr, "case %u: mark %lu flags %#x\n", i,
				c[i].mark, c[i].flags);
		assert_false(wm_ok(z, 0, c[i].mark, ZONE_NORMAL, c[i].flags,
				   min));
		assert_true(wm_ok(z, 0, c[i].mark, ZONE_NORMAL, c[i].flags,
				  min + 1));
	}
	/* free_pages may be negative: simply false. */
	assert_false(wm_ok(z, 0, 0, ZONE_NORMAL, 0, -5));
	/* Order 2 counts (1 << 2) - 1 = 3 pages as unusable. */
	assert_false(wm_ok(z, 2, 1000, ZONE_NORMAL, 0, 1003));
	assert_true(wm_ok(z, 2, 1000, ZONE_NORMAL, 0, 1004));
	mc_machine_destroy(m);
}

/*
 * nr_free_highatomic is unusable without ALLOC_RESERVES (NON_BLOCK,
 * MIN_RESERVE, HIGHATOMIC, OOM).  With 100 free highatomic pages and mark
 * 1000: plain needs 1101; any reserve flag needs 1001 (NON_BLOCK and
 * HIGHATOMIC do not lower min), MIN_RESERVE 501.
 */
static void test_highatomic_unusable(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);

	(void)state;
	z->nr_free_highatomic = 100;	/* seam: only the check reads it */
	assert_false(wm_ok(z, 0, 1000, ZONE_NORMAL, 0, 1100));
	assert_true(wm_ok(z, 0, 1000, ZONE_NORMAL, 0, 1101));
	assert_false(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_KSWAPD, 1100));
	assert_false(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_NON_BLOCK, 1000));
	assert_true(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_NON_BLOCK, 1001));
	assert_true(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_HIGHATOMIC, 1001));
	assert_true(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_OOM, 501));
	assert_false(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_MIN_RESERVE, 500));
	assert_true(wm_ok(z, 0, 1000, ZONE_NORMAL, ALLOC_MIN_RESERVE, 501));
	/* zone_watermark_ok() reads NR_FREE_PAGES (4096 at boot). */
	assert_true(zone_watermark_ok(z, 0, 3995, ZONE_NORMAL, 0));
	assert_false(zone_watermark_ok(z, 0, 3996, ZONE_NORMAL, 0));
	z->nr_free_highatomic = 0;
	assert_true(zone_watermark_ok(z, 0, 4095, ZONE_NORMAL, 0));
	assert_false(zone_watermark_ok(z, 0, 4096, ZONE_NORMAL, 0));
	mc_machine_destroy(m);
}

/*
 * The high-order free-list test.  Everything is allocated but
 * 0x10ff8/2 and 0x10fff/0 (from 0x10c00/10: Movable orders 9, 8, ... 0
 * take 0x10c00, 0x10e00, 0x10f00, 0x10f80, 0x10fc0, 0x10fe0, 0x10ff0,
 * 0x10ff8, 0x10ffc, 0x10ffe and leave 0x10fff/0; then 0x10ff8/2 is freed).
 * free_pages is passed large so only the list test decides.
 */
static void test_high_order_lists(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	const long big = 1000000;

	(void)state;
	z->_watermark[WMARK_MIN] = z->_watermark[WMARK_LOW] = 0;
	z->_watermark[WMARK_HIGH] = z->_watermark[WMARK_PROMO] = 0;
	for (int i = 0; i < 3; i++)
		alloc_anon(m, 10);
	for (int o = 9; o >= 0; o--)
		alloc_anon(m, (unsigned)o);
	assert_int_equal(mc_free_pages(m, 0x10ff8, 2, 0), 0);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 5);

	assert_true(wm_ok(z, 1, 0, ZONE_NORMAL, 0, big));
	assert_true(wm_ok(z, 2, 0, ZONE_NORMAL, 0, big));
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL, 0, big));
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL,
			   ALLOC_HIGHATOMIC | ALLOC_OOM, big));
	/* The free pages still decide first. */
	assert_false(wm_ok(z, 1, 0, ZONE_NORMAL, 0, 1));
	assert_true(wm_ok(z, 1, 0, ZONE_NORMAL, 0, 2));

	/* 0x10f00/7 freed: order 3..7 have a Movable block. */
	assert_int_equal(mc_free_pages(m, 0x10f00, 7, 0), 0);
	assert_true(wm_ok(z, 3, 0, ZONE_NORMAL, 0, big));
	assert_true(wm_ok(z, 7, 0, ZONE_NORMAL, 0, big));
	assert_false(wm_ok(z, 8, 0, ZONE_NORMAL, 0, big));

	/* Make pageblock 0x10e00 HighAtomic: its free blocks (0x10f00/7,
	 * 0x10ff8/2, 0x10fff/0) move to the HighAtomic lists. */
	assert_int_equal(move_freepages_block(z, pfn_to_page(m, 0x10e00),
					      MIGRATE_MOVABLE,
					      MIGRATE_HIGHATOMIC), 133);
	assert_int_equal(z->nr_free_highatomic, 133);
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL, 0, big));
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL, ALLOC_MIN_RESERVE, big));
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL, ALLOC_NON_BLOCK, big));
	assert_true(wm_ok(z, 3, 0, ZONE_NORMAL, ALLOC_HIGHATOMIC, big));
	assert_true(wm_ok(z, 3, 0, ZONE_NORMAL, ALLOC_OOM, big));
	assert_true(wm_ok(z, 7, 0, ZONE_NORMAL, ALLOC_OOM, big));
	assert_false(wm_ok(z, 8, 0, ZONE_NORMAL, ALLOC_OOM, big));
	/* Order 0 has no list test at all (a reserve flag, so the 133
	 * highatomic pages are not subtracted from the one free page). */
	assert_true(wm_ok(z, 0, 0, ZONE_NORMAL, ALLOC_NON_BLOCK, 1));
	assert_false(wm_ok(z, 0, 0, ZONE_NORMAL, 0, 133));
	assert_true(wm_ok(z, 0, 0, ZONE_NORMAL, 0, 134));
	assert_int_equal(t_check(m), 0);

	/* Isolate lists never count. */
	assert_int_equal(move_freepages_block(z, pfn_to_page(m, 0x10e00),
					      MIGRATE_HIGHATOMIC,
					      MIGRATE_ISOLATE), 133);
	z->nr_isolate_pageblock++;
	assert_false(wm_ok(z, 3, 0, ZONE_NORMAL,
			   ALLOC_HIGHATOMIC | ALLOC_OOM | ALLOC_MIN_RESERVE |
			   ALLOC_NON_BLOCK, big));
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- lowmem_reserve in the check ----------------------------------------- */

/*
 * pc:4G has DMA, DMA32 and Normal.  DMA32's lowmem_reserve[Normal] is
 * managed(Normal) / 256 (ratio of DMA32): a request that may use Normal
 * must leave that many more pages in DMA32.
 */
static void test_lowmem_reserve_in_check(void **state)
{
	struct mc_machine *m = t_machine("pc:4G", 0);
	struct zone *dma32 = &m->node_data[0]->node_zones[ZONE_DMA32];
	struct zone *nrm = &m->node_data[0]->node_zones[ZONE_NORMAL];
	long r = (long)(nrm->managed_pages / 256);
	unsigned long mark = 1000;

	(void)state;
	assert_true(r > 0);
	assert_int_equal(dma32->lowmem_reserve[ZONE_NORMAL], r);
	assert_false(wm_ok(dma32, 0, mark, ZONE_NORMAL, 0, 1000 + r));
	assert_true(wm_ok(dma32, 0, mark, ZONE_NORMAL, 0, 1001 + r));
	assert_false(wm_ok(dma32, 0, mark, ZONE_DMA32, 0, 1000));
	assert_true(wm_ok(dma32, 0, mark, ZONE_DMA32, 0, 1001));
	/* Movable requests: the same reserve (Movable is empty). */
	assert_int_equal(dma32->lowmem_reserve[ZONE_MOVABLE], r);
	assert_false(wm_ok(dma32, 0, mark, ZONE_MOVABLE, 0, 1000 + r));
	mc_machine_destroy(m);
}

/* ---- the boost and __GFP_HIGH order-0 requests --------------------------- */

/*
 * zone_watermark_fast() retries an order-0 ALLOC_MIN_RESERVE check of the
 * min watermark without the boost.  Tiny zone filled to 300 free pages,
 * then raw watermarks 100/200/300 with a boost of 1000:
 *  GFP_ATOMIC order 0: fast path (low + boost = 1200) fails; slow path
 *   min + boost = 1100 -> 550 -> 413 >= 300 fails; retried with the raw
 *   min 100 -> 50 -> 38 < 300: allocated.
 *  GFP_ATOMIC order 1: no retry for order > 0: fails.
 *  GFP_NOWAIT order 0: no __GFP_HIGH, no retry: fails.
 */
static void test_boost_ignored_for_high_order0(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	static const unsigned orders[] = { 10, 10, 10, 9, 7, 6, 4, 2 };
	struct mc_alloc_request r = { .nid = -1, .cpu = 0,
				      .kind = MC_PAGE_KERNEL };
	uint64_t pfn;

	(void)state;
	for (int w = 0; w < NR_WMARK; w++)
		z->_watermark[w] = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(orders); i++)
		alloc_anon(m, orders[i]);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 300);
	z->_watermark[WMARK_MIN] = 100;
	z->_watermark[WMARK_LOW] = 200;
	z->_watermark[WMARK_HIGH] = 300;
	z->_watermark[WMARK_PROMO] = 400;
	z->watermark_boost = 1000;

	r.gfp = MC_GFP_NOWAIT;
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	r.gfp = MC_GFP_ATOMIC;
	r.order = 1;
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	r.order = 0;
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- gfp_to_alloc_flags -------------------------------------------------- */

/*
 * flags = ALLOC_WMARK_MIN | ALLOC_CPUSET | (gfp & (__GFP_HIGH |
 * __GFP_KSWAPD_RECLAIM)); without __GFP_DIRECT_RECLAIM: unless
 * __GFP_NOMEMALLOC add ALLOC_NON_BLOCK and, for order > 0 with
 * __GFP_HIGH, ALLOC_HIGHATOMIC; with __GFP_HIGH drop ALLOC_CPUSET.
 *  GFP_KERNEL            0x40 | 0x800                       = 0x840
 *  GFP_ATOMIC order 0    0x20 | 0x800 | 0x10                = 0x830
 *  GFP_ATOMIC order 1    + 0x200                            = 0xa30
 *  GFP_NOWAIT            0x40 | 0x800 | 0x10                = 0x850
 *  GFP_KERNEL & ~DIRECT  0x40 | 0x800 | 0x10                = 0x850
 *  GFP_ATOMIC|NOMEMALLOC 0x20 | 0x800                       = 0x820
 *  GFP_NOWAIT|NOMEMALLOC 0x40 | 0x800                       = 0x840
 *  GFP_KERNEL|__GFP_HIGH 0x40 | 0x20 | 0x800                = 0x860
 *  0                     0x40 | 0x10                        = 0x50
 */
static void test_gfp_to_alloc_flags(void **state)
{
	static const struct {
		uint32_t gfp;
		unsigned order;
		int flags;
	} c[] = {
		{ MC_GFP_KERNEL, 0, 0x840 },
		{ MC_GFP_KERNEL, 3, 0x840 },
		{ MC_GFP_ATOMIC, 0, 0x830 },
		{ MC_GFP_ATOMIC, 1, 0xa30 },
		{ MC_GFP_NOWAIT, 0, 0x850 },
		{ MC_GFP_NOWAIT, 2, 0x850 },
		{ MC_GFP_KERNEL & ~MC_GFP_DIRECT_RECLAIM, 0, 0x850 },
		{ MC_GFP_KERNEL & ~MC_GFP_DIRECT_RECLAIM, 4, 0x850 },
		{ MC_GFP_ATOMIC | MC_GFP_NOMEMALLOC, 0, 0x820 },
		{ MC_GFP_ATOMIC | MC_GFP_NOMEMALLOC, 2, 0x820 },
		{ MC_GFP_NOWAIT | MC_GFP_NOMEMALLOC, 0, 0x840 },
		{ MC_GFP_KERNEL | MC_GFP_NOMEMALLOC, 0, 0x840 },
		{ MC_GFP_KERNEL | MC_GFP_HIGH, 1, 0x860 },
		{ MC_GFP_HIGHUSER_MOVABLE, 0, 0x840 },
		{ 0, 0, 0x50 },
		{ 0, 5, 0x50 },
	};

	(void)state;
	/* The flag values the table above is built from (spec 2.6). */
	assert_int_equal(ALLOC_OOM, 0x08);
	assert_int_equal(ALLOC_NON_BLOCK, 0x10);
	assert_int_equal(ALLOC_MIN_RESERVE, 0x20);
	assert_int_equal(ALLOC_CPUSET, 0x40);
	assert_int_equal(ALLOC_NOFRAGMENT, 0x100);
	assert_int_equal(ALLOC_HIGHATOMIC, 0x200);
	assert_int_equal(ALLOC_KSWAPD, 0x800);
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		int got = gfp_to_alloc_flags(c[i].gfp, c[i].order);

		if (got != c[i].flags)
			fprintf(stderr, "gfp %#x order %u: %#x, want %#x\n",
				c[i].gfp, c[i].order, got, c[i].flags);
		assert_int_equal(got, c[i].flags);
	}
}

/* ---- an independent model of the boot-time sizing ------------------------ */

struct model {
	int nr_nodes;
	unsigned page_shift;
	unsigned long pb_pages;
	unsigned long managed[MC_MAX_NODES][MAX_NR_ZONES];
	bool populated[MC_MAX_NODES][MAX_NR_ZONES];
	/* results */
	long min_free_kbytes;
	unsigned long wm[MC_MAX_NODES][MAX_NR_ZONES][NR_WMARK];
	long reserve[MC_MAX_NODES][MAX_NR_ZONES][MAX_NR_ZONES];
	unsigned long totalreserve;
};

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = (unsigned long)sqrtl((long double)x);

	while (r * r > x)
		r--;
	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static unsigned long mfrac(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

static void model_wmarks(struct model *md)
{
	unsigned long pages_min = (unsigned long)md->min_free_kbytes >>
				  (md->page_shift - 10);
	unsigned long lowmem = 0;

	for (int n = 0; n < md->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (z != ZONE_MOVABLE)
				lowmem += md->managed[n][z];
	for (int n = 0; n < md->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			unsigned long mg = md->managed[n][z];
			uint64_t tmp = (uint64_t)pages_min * mg / lowmem;
			unsigned long mn, gap;

			if (z == ZONE_MOVABLE) {
				mn = mg / 1024;
				if (mn < 32)
					mn = 32;
				if (mn > 128)
					mn = 128;
			} else {
				mn = (unsigned long)tmp;
			}
			gap = (unsigned long)(tmp >> 2);
			if (mfrac(mg, 10, 10000) > gap)
				gap = mfrac(mg, 10, 10000);
			md->wm[n][z][WMARK_MIN] = mn;
			md->wm[n][z][WMARK_LOW] = mn + gap;
			md->wm[n][z][WMARK_HIGH] = mn + 2 * gap;
			md->wm[n][z][WMARK_PROMO] = mn + 3 * gap;
		}
}

/* nr_free_buffer_pages(): zones up to Normal, above their high mark. */
static unsigned long model_buffer_pages(const struct model *md)
{
	unsigned long sum = 0;

	for (int n = 0; n < md->nr_nodes; n++)
		for (int z = 0; z <= ZONE_NORMAL; z++) {
			unsigned long mg = md->managed[n][z];
			unsigned long hi = md->wm[n][z][WMARK_HIGH];

			if (md->populated[n][z] && mg > hi)
				sum += mg - hi;
		}
	return sum;
}

static void model_boot(struct model *md, bool thp)
{
	static const int ratio[MAX_NR_ZONES] = { 256, 256, 32, 0, 0 };
	unsigned long kb = (1UL << md->page_shift) >> 10;
	long mfk;

	/* calculate_min_free_kbytes with all watermarks still 0 */
	memset(md->wm, 0, sizeof(md->wm));
	mfk = (long)isqrt(model_buffer_pages(md) * kb * 16);
	if (mfk < 128)
		mfk = 128;
	if (mfk > 262144)
		mfk = 262144;
	md->min_free_kbytes = mfk;
	model_wmarks(md);
	if (thp) {
		unsigned long nrz = 0, rec;

		for (int n = 0; n < md->nr_nodes; n++)
			for (int z = 0; z <= ZONE_NORMAL; z++)
				nrz += md->populated[n][z];
		rec = md->pb_pages * nrz * 2 + md->pb_pages * nrz * 3 * 3;
		if (rec > model_buffer_pages(md) / 20)
			rec = model_buffer_pages(md) / 20;
		rec <<= md->page_shift - 10;
		if ((long)rec > md->min_free_kbytes)
			md->min_free_kbytes = (long)rec;
		model_wmarks(md);
	}
	/* setup_per_zone_lowmem_reserve */
	memset(md->reserve, 0, sizeof(md->reserve));
	for (int n = 0; n < md->nr_nodes; n++)
		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			bool clear = !ratio[i] || !md->managed[n][i];
			unsigned long acc = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				acc += md->managed[n][j];
				md->reserve[n][i][j] = clear ? 0 :
					(long)(acc / (unsigned long)ratio[i]);
			}
		}
	/* calculate_totalreserve_pages */
	md->totalreserve = 0;
	for (int n = 0; n < md->nr_nodes; n++)
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			long mx = 0;

			for (int j = i; j < MAX_NR_ZONES; j++)
				if (md->reserve[n][i][j] > mx)
					mx = md->reserve[n][i][j];
			mx += (long)md->wm[n][i][WMARK_HIGH];
			if (mx > (long)md->managed[n][i])
				mx = (long)md->managed[n][i];
			md->totalreserve += (unsigned long)mx;
		}
}

static void model_from_machine(struct mc_machine *m, struct model *md)
{
	struct mc_geometry g;

	memset(md, 0, sizeof(*md));
	mc_machine_geometry(m, &g);
	md->nr_nodes = (int)g.nr_nodes;
	md->page_shift = g.page_shift;
	md->pb_pages = 1UL << g.pageblock_order;
	for (int n = 0; n < md->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct mc_zone_stats s;

			assert_int_equal(mc_zone_stats(m, n, z, &s), 0);
			md->managed[n][z] = s.managed;
			md->populated[n][z] = s.populated;
		}
}

static void compare(struct mc_machine *m, const struct model *md,
		    const char *what)
{
	int bad = 0;

	if (m->sysctl.min_free_kbytes != md->min_free_kbytes) {
		fprintf(stderr, "%s: min_free_kbytes %d, want %ld\n", what,
			m->sysctl.min_free_kbytes, md->min_free_kbytes);
		bad++;
	}
	for (int n = 0; n < md->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct mc_zone_stats s;
			unsigned long got[NR_WMARK];

			mc_zone_stats(m, n, z, &s);
			got[WMARK_MIN] = s.wmark_min;
			got[WMARK_LOW] = s.wmark_low;
			got[WMARK_HIGH] = s.wmark_high;
			got[WMARK_PROMO] = s.wmark_promo;
			for (int w = 0; w < NR_WMARK; w++)
				if (got[w] != md->wm[n][z][w]) {
					fprintf(stderr, "%s: node %d zone %d "
						"wmark %d: %lu, want %lu\n",
						what, n, z, w, got[w],
						md->wm[n][z][w]);
					bad++;
				}
			for (int j = 0; j < MAX_NR_ZONES; j++)
				if (s.lowmem_reserve[j] !=
				    md->reserve[n][z][j]) {
					fprintf(stderr, "%s: node %d zone %d "
						"lowmem_reserve[%d]: %ld, want "
						"%ld\n", what, n, z, j,
						(long)s.lowmem_reserve[j],
						md->reserve[n][z][j]);
					bad++;
				}
			assert_int_equal(s.boost, 0);
		}
	if (m->totalreserve_pages != md->totalreserve) {
		fprintf(stderr, "%s: totalreserve_pages %lu, want %lu\n", what,
			m->totalreserve_pages, md->totalreserve);
		bad++;
	}
	assert_int_equal(bad, 0);
}

static void check_preset(const char *spec)
{
	struct mc_machine *m = t_machine(spec, 0);
	struct model md;

	model_from_machine(m, &md);
	model_boot(&md, true);
	compare(m, &md, spec);
	mc_machine_destroy(m);

	/* Without khugepaged's raise: the square-root rule alone. */
	m = t_machine(spec, MC_OPT_NO_THP_MINFREE);
	model_from_machine(m, &md);
	model_boot(&md, false);
	compare(m, &md, spec);
	mc_machine_destroy(m);
}

static void test_presets_pc(void **state)
{
	(void)state;
	check_preset("pc:1G");
	check_preset("pc:4G");
	check_preset("pc:16G");
}

static void test_presets_pc64(void **state)
{
	(void)state;
	check_preset("pc:64G");
}

static void test_presets_numa_arm(void **state)
{
	(void)state;
	check_preset("pc-numa:2x8G");
	check_preset("arm64-16k:8G");
	check_preset("arm64-64k:16G");
}

/* A few spot values the model above must also produce (hand-computed). */
static void test_model_spot_values(void **state)
{
	struct model md;

	(void)state;
	/* Tiny 4096-page Normal zone: sqrt(4096*4*16) = 512 kB; pages_min
	 * 128, gap max(32, 4) = 32: 128/160/192/224; THP: min(5632,
	 * (4096-192)/20 = 195) pages = 780 kB > 512; pages_min 195, gap 48:
	 * 195/243/291/339. */
	memset(&md, 0, sizeof(md));
	md.nr_nodes = 1;
	md.page_shift = 12;
	md.pb_pages = 512;
	md.managed[0][ZONE_NORMAL] = 4096;
	md.populated[0][ZONE_NORMAL] = true;
	model_boot(&md, false);
	assert_int_equal(md.min_free_kbytes, 512);
	assert_int_equal(md.wm[0][ZONE_NORMAL][WMARK_HIGH], 192);
	model_boot(&md, true);
	assert_int_equal(md.min_free_kbytes, 780);
	assert_int_equal(md.wm[0][ZONE_NORMAL][WMARK_MIN], 195);
	assert_int_equal(md.wm[0][ZONE_NORMAL][WMARK_LOW], 243);
	assert_int_equal(md.wm[0][ZONE_NORMAL][WMARK_HIGH], 291);
	assert_int_equal(md.wm[0][ZONE_NORMAL][WMARK_PROMO], 339);
	/* An empty Movable zone: 32 everywhere; an empty Device zone: 0. */
	assert_int_equal(md.wm[0][ZONE_MOVABLE][WMARK_MIN], 32);
	assert_int_equal(md.wm[0][ZONE_MOVABLE][WMARK_PROMO], 32);
	assert_int_equal(md.wm[0][ZONE_DEVICE][WMARK_PROMO], 0);
	{
		struct mc_machine *m = tiny();

		compare(m, &md, "tiny");
		mc_machine_destroy(m);
	}
}

/* ---- the spec's worked example ------------------------------------------- */

/*
 * kernel-spec 2.2: managed DMA 3840, DMA32 766000, Normal 245000.
 * Boot min_free_kbytes = int_sqrt(1014840 * 4 * 16) = 8059; the THP raise
 * gives 67584 (16896 pages); then
 *	DMA     63    78    93   108
 *	DMA32   12753 15941 19129 22317
 *	Normal  4078  5097  6116  7135
 *	Movable 32    32    32    32
 *	Device  0     0     0     0
 * lowmem_reserve DMA (0, 2992, 3949, 3949, 3949), DMA32 (0, 0, 957, 957,
 * 957), Normal all 0.
 */
static void test_spec_worked_example(void **state)
{
	static const unsigned long want[MAX_NR_ZONES][NR_WMARK] = {
		{ 63, 78, 93, 108 },
		{ 12753, 15941, 19129, 22317 },
		{ 4078, 5097, 6116, 7135 },
		{ 32, 32, 32, 32 },
		{ 0, 0, 0, 0 },
	};
	static const long want_res[MAX_NR_ZONES][MAX_NR_ZONES] = {
		{ 0, 2992, 3949, 3949, 3949 },
		{ 0, 0, 957, 957, 957 },
		{ 0 }, { 0 }, { 0 },
	};
	struct mc_machine_desc *d = calloc(1, sizeof(*d));
	struct mc_machine *m;
	struct model md;

	(void)state;
	assert_non_null(d);
	strcpy(d->name, "spec-2.2");
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = 4;
	d->nodes[0].zones[MC_ZONE_DMA] = (struct mc_zone_desc){
		.start_pfn = 1, .spanned = 4095, .present = 4095,
		.managed = 3840 };
	d->nodes[0].zones[MC_ZONE_DMA32] = (struct mc_zone_desc){
		.start_pfn = 0x1000, .spanned = 0x100000 - 0x1000,
		.present = 766000, .managed = 766000 };
	d->nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = 0x100000, .spanned = 245760, .present = 245760,
		.managed = 245000 };
	m = t_machine_desc(d, 0);
	assert_int_equal(m->sysctl.min_free_kbytes, 67584);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct mc_zone_stats s;

		assert_int_equal(mc_zone_stats(m, 0, z, &s), 0);
		assert_int_equal(s.wmark_min, want[z][0]);
		assert_int_equal(s.wmark_low, want[z][1]);
		assert_int_equal(s.wmark_high, want[z][2]);
		assert_int_equal(s.wmark_promo, want[z][3]);
		for (int j = 0; j < MAX_NR_ZONES; j++)
			assert_int_equal(s.lowmem_reserve[j], want_res[z][j]);
	}
	/* The same machine without the THP raise keeps the sqrt value. */
	mc_machine_destroy(m);
	m = t_machine_desc(d, MC_OPT_NO_THP_MINFREE);
	assert_int_equal(m->sysctl.min_free_kbytes, 8059);
	model_from_machine(m, &md);
	model_boot(&md, false);
	compare(m, &md, "spec-2.2 no THP");
	mc_machine_destroy(m);
	free(d);
}

/*
 * Changing vm.min_free_kbytes / watermark_scale_factor recomputes the
 * watermarks with the same formulas (setup_per_zone_wmarks), and resets
 * any boost.  Written through the tunables and setup_per_zone_wmarks()
 * directly, as the sysctl handlers do.
 */
static void test_recompute_after_tunables(void **state)
{
	struct mc_machine *m = t_machine("pc:4G", 0);
	struct zone *nrm = &m->node_data[0]->node_zones[ZONE_NORMAL];
	struct model md;

	(void)state;
	model_from_machine(m, &md);
	nrm->watermark_boost = 1234;
	m->sysctl.min_free_kbytes = 100000;
	setup_per_zone_wmarks(m);
	md.min_free_kbytes = 100000;
	model_wmarks(&md);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct mc_zone_stats s;

		mc_zone_stats(m, 0, z, &s);
		assert_int_equal(s.boost, 0);
		assert_int_equal(s.wmark_min, md.wm[0][z][WMARK_MIN]);
		assert_int_equal(s.wmark_high, md.wm[0][z][WMARK_HIGH]);
		assert_int_equal(s.wmark_promo, md.wm[0][z][WMARK_PROMO]);
	}
	/* watermark_scale_factor 1000 (10%): the gap is 10% of managed
	 * where that exceeds min/4. */
	m->sysctl.watermark_scale_factor = 1000;
	setup_per_zone_wmarks(m);
	{
		struct mc_zone_stats s;
		unsigned long gap;

		mc_zone_stats(m, 0, MC_ZONE_NORMAL, &s);
		gap = mfrac(s.managed, 1000, 10000);
		assert_true(gap > s.wmark_min / 4);
		assert_int_equal(s.wmark_low - s.wmark_min, gap);
		assert_int_equal(s.wmark_high - s.wmark_low, gap);
		assert_int_equal(s.wmark_promo - s.wmark_high, gap);
	}
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order0_boundaries),
		cmocka_unit_test(test_highatomic_unusable),
		cmocka_unit_test(test_high_order_lists),
		cmocka_unit_test(test_lowmem_reserve_in_check),
		cmocka_unit_test(test_boost_ignored_for_high_order0),
		cmocka_unit_test(test_gfp_to_alloc_flags),
		cmocka_unit_test(test_model_spot_values),
		cmocka_unit_test(test_presets_pc),
		cmocka_unit_test(test_presets_pc64),
		cmocka_unit_test(test_presets_numa_arm),
		cmocka_unit_test(test_spec_worked_example),
		cmocka_unit_test(test_recompute_after_tunables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
