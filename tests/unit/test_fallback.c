// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_fallback.c - migratetype fallback as in 6.12.117 (kernel-spec 1.7,
 * 1.8, 2.4): the fallbacks[] table, can_steal_fallback(), __rmqueue_claim
 * with try_to_steal_block (whole pageblocks, and sub-pageblock claims when
 * free + alike >= pageblock_nr_pages / 2), __rmqueue_steal, the
 * ALLOC_NOFRAGMENT first pass, watermark boosting, the
 * mm_page_alloc_extfrag event, and the high-atomic reserves.
 *
 * Machines are hand-made (x86_64, 4 KiB pages, pageblock 512 pages,
 * MAX_PAGE_ORDER 10).  The tiny zone is ZONE_NORMAL, 4096 pages at
 * 0x10000: boot leaves order-10 Movable 0x10000 0x10400 0x10800 0x10c00.
 *
 * Two test seams, both reaching into the zone through mm/internal.h:
 *  - the per-cpu lists are put into the kernel's boot pageset state
 *    (high 0, batch 1) so that orders 0..3 and 9 reach the buddy lists
 *    one block at a time;
 *  - the watermarks are set by hand (min = low = 0 unless said) so that
 *    nearly full zones still pass the watermark checks; the high
 *    watermark is kept non-zero where boost_watermark() needs it.
 *
 * Pageblock contents are built with allocations whose gfp decides the
 * free list used and whose kind decides what prep_move_freepages_block()
 * counts as movable: ANON blocks are compound LRU folios (every page is
 * PageLRU through its head), KERNEL blocks count as not movable even when
 * they were allocated from a movable list.  Every number below is worked
 * out by hand in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mm/internal.h"

#define BASE	0x10000UL
#define A0	0x10000UL
#define A1	0x10400UL
#define A2	0x10800UL
#define A3	0x10c00UL
#define UNMOV	MIGRATE_UNMOVABLE
#define MOV	MIGRATE_MOVABLE
#define RECL	MIGRATE_RECLAIMABLE
#define HATOM	MIGRATE_HIGHATOMIC
#define NONE	0xffffffffUL

#define GFP_MOV		(MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP)
#define GFP_UNMOV	MC_GFP_KERNEL
#define GFP_RECL	(MC_GFP_KERNEL | MC_GFP_RECLAIMABLE)

/* ---- machines ------------------------------------------------------------ */

static void desc_one_zone(struct mc_machine_desc *d, int zt,
			  unsigned long start, unsigned long pages,
			  unsigned long managed)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->name, "handmade");
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = 1;
	d->nodes[0].zones[zt].start_pfn = start;
	d->nodes[0].zones[zt].spanned = pages;
	d->nodes[0].zones[zt].present = pages;
	d->nodes[0].zones[zt].managed = managed;
}

static struct zone *zone_of(struct mc_machine *m, int zt)
{
	return &m->node_data[0]->node_zones[zt];
}

static struct zone *normal(struct mc_machine *m)
{
	return zone_of(m, ZONE_NORMAL);
}

static void pcp_passthrough(struct mc_machine *m)
{
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone *z = zone_of(m, zt);

		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
			struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

			pcp->high_min = pcp->high_max = pcp->high = 0;
			pcp->batch = 1;
		}
	}
}

static void set_wmarks(struct zone *z, unsigned long min, unsigned long low,
		       unsigned long high)
{
	z->_watermark[WMARK_MIN] = min;
	z->_watermark[WMARK_LOW] = low;
	z->_watermark[WMARK_HIGH] = high;
	z->_watermark[WMARK_PROMO] = high;
}

static struct mc_machine *machine(unsigned long pages, unsigned long managed)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	desc_one_zone(&d, MC_ZONE_NORMAL, BASE, pages, managed);
	m = t_machine_desc(&d, 0);
	pcp_passthrough(m);
	set_wmarks(normal(m), 0, 0, 100);
	return m;
}

/* Event bodies ("<event>: <fields>") with their times, in order. */
struct evlines {
	char line[16][160];
	uint64_t ts[16];
	int n;
};

static void record_ev(void *c, const struct mc_trace_event *ev)
{
	struct evlines *l = c;
	char b[512];
	const char *body;

	mc_trace_format(NULL, ev, 0, b, sizeof(b));
	body = strstr(b, ": mm_");
	if (l->n < 16 && body) {
		snprintf(l->line[l->n], sizeof(l->line[0]), "%s", body + 2);
		l->line[l->n][strcspn(l->line[l->n], "\n")] = '\0';
		l->ts[l->n++] = ev->ts_ns;
	}
}

static struct mc_machine *tiny(void)
{
	return machine(4096, 4096);
}

/* ---- allocation helpers -------------------------------------------------- */

static int alloc_ret(struct mc_machine *m, uint32_t gfp, unsigned int order,
		     enum mc_page_kind kind, uint64_t *pfn)
{
	struct mc_alloc_request r = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = 0,
		.owner = 0, .kind = kind,
	};

	if (order && (kind == MC_PAGE_ANON || kind == MC_PAGE_FILE))
		r.gfp |= MC_GFP_COMP;
	return mc_alloc_pages(m, &r, pfn);
}

static uint64_t alloc_k(struct mc_machine *m, uint32_t gfp, unsigned order,
			enum mc_page_kind kind)
{
	uint64_t pfn = UINT64_MAX;
	int ret = alloc_ret(m, gfp, order, kind, &pfn);

	if (ret)
		fprintf(stderr, "allocation gfp %#x order %u failed: %d\n",
			gfp, order, ret);
	assert_int_equal(ret, 0);
	return pfn;
}

/* A movable LRU folio (counted movable) from the movable lists. */
static uint64_t anon(struct mc_machine *m, unsigned order)
{
	return alloc_k(m, GFP_MOV, order, MC_PAGE_ANON);
}

/* Not movable as far as prep_move_freepages_block can tell, but allocated
 * from the movable lists (migratetype from gfp, kind KERNEL). */
static uint64_t pinned_in_movable(struct mc_machine *m, unsigned order)
{
	return alloc_k(m, MC_GFP_HIGHUSER_MOVABLE, order, MC_PAGE_KERNEL);
}

static uint64_t kern(struct mc_machine *m, uint32_t gfp, unsigned order)
{
	return alloc_k(m, gfp, order, MC_PAGE_KERNEL);
}

static void free_blk(struct mc_machine *m, uint64_t pfn, unsigned order)
{
	assert_int_equal(mc_free_pages(m, pfn, order, 0), 0);
}

static int pb_mt(struct mc_machine *m, unsigned long pfn)
{
	return get_pfnblock_migratetype(m, pfn);
}

/* The zone's list (order, mt) must be exactly the NONE-terminated pfns. */
static void expect_list(struct mc_machine *m, struct zone *z, int order,
			int mt, const unsigned long *want)
{
	uint32_t head = z->free_area[order].free_list[mt], i;
	int n = 0;
	bool ok = true;

	for (i = idx_page(m, head)->next; i != head;
	     i = idx_page(m, i)->next, n++) {
		unsigned long pfn = page_to_pfn(m, idx_page(m, i));

		if (want[n] == NONE || want[n] != pfn)
			ok = false;
		if (n > 64 || !ok)
			break;
	}
	if (ok && want[n] != NONE)
		ok = false;
	if (!ok) {
		fprintf(stderr, "order %d type %d list:", order, mt);
		for (i = idx_page(m, head)->next; i != head;
		     i = idx_page(m, i)->next)
			fprintf(stderr, " %#lx",
				page_to_pfn(m, idx_page(m, i)));
		fprintf(stderr, "\n expected:");
		for (int k = 0; want[k] != NONE; k++)
			fprintf(stderr, " %#lx", want[k]);
		fprintf(stderr, "\n");
	}
	assert_true(ok);
}

#define LIST(m, z, o, t, ...)						\
	do {								\
		const unsigned long w_[] = { __VA_ARGS__, NONE };	\
		expect_list(m, z, o, t, w_);				\
	} while (0)
#define EMPTY(m, z, o, t)						\
	do {								\
		const unsigned long w_[] = { NONE };			\
		expect_list(m, z, o, t, w_);				\
	} while (0)

/* ---- mm_page_alloc_extfrag ----------------------------------------------- */

struct evlog {
	int n;
	struct mc_trace_event ev[64];
};

static struct evlog *extfrag_log(struct mc_machine *m)
{
	struct evlog *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	assert_true(mc_trace_enable(m, "kmem:mm_page_alloc_extfrag", true)
		    == 1);
	return l;
}

static void log_event(void *ctx, const struct mc_trace_event *ev)
{
	struct evlog *l = ctx;

	if (l->n < 64)
		l->ev[l->n] = *ev;
	l->n++;
}

static void start_log(struct mc_machine *m, struct evlog *l)
{
	memset(l, 0, sizeof(*l));
	mc_trace_set_callback(m, log_event, l);
}

/* extfrag fields: pfn, alloc_order, fallback_order, alloc_migratetype,
 * fallback_migratetype, change_ownership. */
static void expect_extfrag(const struct evlog *l, int i, unsigned long pfn,
			   int order, int forder, int amt, int fmt, int own)
{
	const struct mc_trace_event *e = &l->ev[i];

	assert_true(i < l->n);
	assert_int_equal(e->id, MC_TRACE_mm_page_alloc_extfrag);
	assert_int_equal(e->args[0], pfn);
	assert_int_equal(e->args[1], order);
	assert_int_equal(e->args[2], forder);
	assert_int_equal(e->args[3], amt);
	assert_int_equal(e->args[4], fmt);
	assert_int_equal(e->args[5], own);
}

/* ---- the fallbacks table and can_steal_fallback -------------------------- */

/*
 * State, from the tiny boot state:
 *  1. Unmovable order 4: nothing Unmovable; the claim (first pass,
 *     ALLOC_NOFRAGMENT, min order 9) finds Movable at order 10 and takes
 *     0x10000 whole: pageblocks 0x10000 and 0x10200 become Unmovable and
 *     the split halves go to the Unmovable lists: 0x10200/9 0x10100/8
 *     0x10080/7 0x10040/6 0x10020/5 0x10010/4.  Returned 0x10000.
 *  2. Reclaimable order 4: fallbacks[RECLAIMABLE] = {UNMOVABLE, MOVABLE};
 *     order 10 has only Movable: 0x10400 whole -> Reclaimable lists
 *     0x10600/9 .. 0x10410/4.
 *  3. Unmovable order 4 takes 0x10010; Unmovable order 3 splits 0x10020/5
 *     into 0x10030/4 and 0x10028/3, returns 0x10020.
 *  4. Reclaimable order 4 takes 0x10410; order 3 leaves 0x10430/4 and
 *     0x10428/3.
 * Now every order 3..9 has both an Unmovable and a Reclaimable block, and
 * order 10 has Movable only.
 */
static void test_fallback_table_and_can_steal(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct free_area *fa = z->free_area;
	bool cs;

	(void)state;
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10000);
	assert_int_equal(kern(m, GFP_RECL, 4), 0x10400);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10010);
	assert_int_equal(kern(m, GFP_UNMOV, 3), 0x10020);
	assert_int_equal(kern(m, GFP_RECL, 4), 0x10410);
	assert_int_equal(kern(m, GFP_RECL, 3), 0x10420);
	LIST(m, z, 4, UNMOV, 0x10030);
	LIST(m, z, 3, UNMOV, 0x10028);
	LIST(m, z, 4, RECL, 0x10430);
	LIST(m, z, 3, RECL, 0x10428);
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	assert_int_equal(pb_mt(m, 0x10200), UNMOV);
	assert_int_equal(pb_mt(m, 0x10400), RECL);
	assert_int_equal(pb_mt(m, 0x10600), RECL);
	assert_int_equal(pb_mt(m, 0x10800), MOV);
	/* 5. Movable order 9 splits 0x10800/10: 0x10a00/9 Movable.  Now
	 *    order 9 holds one block of each type. */
	assert_int_equal(anon(m, 9), 0x10800);
	LIST(m, z, 9, UNMOV, 0x10200);
	LIST(m, z, 9, RECL, 0x10600);
	LIST(m, z, 9, MOV, 0x10a00);

	/* Table order: the first non-empty fallback is returned. */
	assert_int_equal(find_suitable_fallback(&fa[9], 9, MOV, false, &cs),
			 RECL);
	assert_true(cs);
	assert_int_equal(find_suitable_fallback(&fa[9], 9, UNMOV, false, &cs),
			 RECL);
	assert_true(cs);
	assert_int_equal(find_suitable_fallback(&fa[9], 9, RECL, false, &cs),
			 UNMOV);
	assert_true(cs);
	/* Order 10: only Movable; second entry of the Unmovable row. */
	assert_int_equal(find_suitable_fallback(&fa[10], 10, UNMOV, false,
						&cs), MOV);
	assert_true(cs);
	assert_int_equal(find_suitable_fallback(&fa[10], 10, RECL, false,
						&cs), MOV);
	/* Movable never falls back to Movable. */
	assert_int_equal(find_suitable_fallback(&fa[10], 10, MOV, false, &cs),
			 -1);
	/* nr_free == 0: -1 at once. */
	assert_int_equal(fa[2].nr_free, 0);
	assert_int_equal(find_suitable_fallback(&fa[2], 2, UNMOV, false, &cs),
			 -1);

	/* can_steal_fallback: Movable needs order >= pageblock_order / 2 =
	 * 4; Unmovable and Reclaimable may steal at any order. */
	assert_int_equal(find_suitable_fallback(&fa[4], 4, MOV, false, &cs),
			 RECL);
	assert_true(cs);
	assert_int_equal(find_suitable_fallback(&fa[3], 3, MOV, false, &cs),
			 RECL);
	assert_false(cs);
	assert_int_equal(find_suitable_fallback(&fa[3], 3, MOV, true, &cs),
			 -1);
	assert_int_equal(find_suitable_fallback(&fa[3], 3, UNMOV, true, &cs),
			 RECL);
	assert_true(cs);
	assert_int_equal(find_suitable_fallback(&fa[3], 3, RECL, true, &cs),
			 UNMOV);
	assert_true(cs);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- claiming whole pageblocks (current_order >= pageblock_order) -------- */

static void test_claim_order10_two_pageblocks(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10000);
	/* Both pageblocks of the order-10 block change owner. */
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	assert_int_equal(pb_mt(m, 0x10200), UNMOV);
	assert_int_equal(pb_mt(m, 0x10400), MOV);
	LIST(m, z, 10, MOV, A1, A2, A3);
	LIST(m, z, 9, UNMOV, 0x10200);
	LIST(m, z, 8, UNMOV, 0x10100);
	LIST(m, z, 7, UNMOV, 0x10080);
	LIST(m, z, 6, UNMOV, 0x10040);
	LIST(m, z, 5, UNMOV, 0x10020);
	LIST(m, z, 4, UNMOV, 0x10010);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10000, 4, 10, UNMOV, MOV, 1);
	/* Whole-block claims return before boost_watermark(). */
	assert_int_equal(z->watermark_boost, 0);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 4096 - 16);

	/* Now Unmovable has its own pages: no further fallback. */
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10010);
	assert_int_equal(l->n, 1);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * Only an order-9 Movable block is left (0x10e00, after 0x10000,
 * 0x10400, 0x10800 and 0x10c00/9 were allocated): the Unmovable claim
 * takes it at current_order 9 and changes exactly one pageblock.
 */
static void test_claim_order9_one_pageblock(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	assert_int_equal(anon(m, 10), A0);
	assert_int_equal(anon(m, 10), A1);
	assert_int_equal(anon(m, 10), A2);
	assert_int_equal(anon(m, 9), A3);
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10e00);
	assert_int_equal(pb_mt(m, 0x10e00), UNMOV);
	assert_int_equal(pb_mt(m, 0x10c00), MOV);
	/* expand() keeps the low part: halves at 0x10e00 + 256, + 128 ... */
	LIST(m, z, 8, UNMOV, 0x10f00);
	LIST(m, z, 7, UNMOV, 0x10e80);
	LIST(m, z, 6, UNMOV, 0x10e40);
	LIST(m, z, 5, UNMOV, 0x10e20);
	LIST(m, z, 4, UNMOV, 0x10e10);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10e00, 4, 9, UNMOV, MOV, 1);
	assert_int_equal(z->watermark_boost, 0);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/* ---- claiming part of a pageblock ---------------------------------------- */

/*
 * Fill everything but pageblock P = [0x10c00, 0x10e00) and lay P out as
 *	0x10c00/8  Anon (256 movable pages)
 *	0x10d00/7  kernel, from the movable lists (128 not movable)
 *	0x10d80/0  one page: Anon (movable) or kernel (@last_movable)
 *	free: 0x10dc0/6 0x10da0/5 0x10d90/4 0x10d88/3 0x10d84/2 0x10d82/1
 *	      0x10d81/0 = 127 pages
 * Building it: Anon 10, 10, 10 take A0..A2; Anon 9 twice takes 0x10c00
 * and 0x10e00; freeing 0x10c00/9 lists it alone; Anon 8 takes 0x10c00
 * (leaves 0x10d00/8); the kernel order 7 takes 0x10d00 (leaves 0x10d80/7);
 * the order-0 page splits 0x10d80/7.
 */
static void build_P(struct mc_machine *m, bool last_movable)
{
	struct zone *z = normal(m);

	assert_int_equal(anon(m, 10), A0);
	assert_int_equal(anon(m, 10), A1);
	assert_int_equal(anon(m, 10), A2);
	assert_int_equal(anon(m, 9), 0x10c00);
	assert_int_equal(anon(m, 9), 0x10e00);
	free_blk(m, 0x10c00, 9);
	assert_int_equal(anon(m, 8), 0x10c00);
	assert_int_equal(pinned_in_movable(m, 7), 0x10d00);
	if (last_movable)
		assert_int_equal(anon(m, 0), 0x10d80);
	else
		assert_int_equal(pinned_in_movable(m, 0), 0x10d80);
	LIST(m, z, 6, MOV, 0x10dc0);
	LIST(m, z, 5, MOV, 0x10da0);
	LIST(m, z, 4, MOV, 0x10d90);
	LIST(m, z, 3, MOV, 0x10d88);
	LIST(m, z, 2, MOV, 0x10d84);
	LIST(m, z, 1, MOV, 0x10d82);
	LIST(m, z, 0, MOV, 0x10d81);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 127);
	assert_int_equal(t_check(m), 0);
}

/*
 * P with the kernel page: free 127, movable 256, so for an Unmovable
 * request falling back to this Movable block alike = 512 - (127 + 256) =
 * 129 and free + alike = 256 >= 1 << (pageblock_order - 1): claim.
 * The first pass (ALLOC_NOFRAGMENT) looks at orders >= 9 only and finds
 * nothing; the retry starts at order 10 and meets P's 0x10dc0/6 first.
 * try_to_steal_block boosts the watermark (sub-pageblock), moves all of
 * P's free blocks to the Unmovable lists (tail), retypes P, and
 * __rmqueue_smallest(4, Unmovable) takes 0x10d90/4 as it is.
 */
static void test_claim_sub_pageblock_256(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	build_P(m, false);
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d90);
	assert_int_equal(pb_mt(m, 0x10c00), UNMOV);
	LIST(m, z, 6, UNMOV, 0x10dc0);
	LIST(m, z, 5, UNMOV, 0x10da0);
	EMPTY(m, z, 4, UNMOV);
	LIST(m, z, 3, UNMOV, 0x10d88);
	LIST(m, z, 2, UNMOV, 0x10d84);
	LIST(m, z, 1, UNMOV, 0x10d82);
	LIST(m, z, 0, UNMOV, 0x10d81);
	for (int o = 0; o <= 10; o++)
		EMPTY(m, z, o, MOV);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10d90, 4, 6, UNMOV, MOV, 1);
	/* boost_watermark: max_boost = mult_frac(high 100, 15000, 10000) =
	 * 150, raised to pageblock_nr_pages: 512. */
	assert_int_equal(z->watermark_boost, 512);
	/* ALLOC_KSWAPD: rmqueue cleared ZONE_BOOSTED_WATERMARK again. */
	assert_false(zone_test_bit(z, ZONE_BOOSTED_WATERMARK));
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * What the boost wakes.  The claim above boosts the zone by 512 pages and
 * rmqueue wakes kswapd for order 0 (ALLOC_KSWAPD, ZONE_BOOSTED_WATERMARK).
 * kswapd, woken, finds the zone below high + boost (127 free < 100 + 512)
 * with nothing to reclaim: boosted reclaim makes no progress, the boost
 * is dropped, and balance_pgdat ends by waking kcompactd for
 * pageblock_order (the fragmentation event is what compaction should
 * repair).
 */
static void test_boost_wakes_kswapd_then_kcompactd(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlines l = { .n = 0 };
	static const char *const want[] = {
		"mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=none",
		"mm_vmscan_kswapd_wake: nid=0 order=0",
		"mm_vmscan_kswapd_sleep: nid=0",
		"mm_compaction_kcompactd_wake: nid=0 order=9 "
		"classzone_idx=Normal  ",
	};
	static const uint64_t when_ms[] = { 0, 0, 100, 500 };

	(void)state;
	build_P(m, false);
	mc_trace_set_callback(m, record_ev, &l);
	mc_trace_enable(m, "vmscan:*", true);
	mc_trace_enable(m, "compaction:mm_compaction_wakeup_kcompactd", true);
	mc_trace_enable(m, "compaction:mm_compaction_kcompactd_wake", true);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d90);
	assert_int_equal(z->watermark_boost, 512);
	assert_int_equal(mc_advance(m, 0), 0);
	/* kswapd ran: the boost is gone, kcompactd's order recorded (the
	 * node is not suitable for compaction now, so it is not woken) */
	assert_int_equal(z->watermark_boost, 0);
	assert_int_equal(m->node_data[0]->kcompactd_max_order, 9);
	/* after the HZ/10 nap kswapd sleeps; kcompactd's 500 ms timeout
	 * finds the request pending and does the work for order 9 */
	assert_int_equal(mc_advance(m, 1000000000ULL), 0);
	assert_int_equal(l.n, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(l.line[i], want[i]);
		assert_int_equal(l.ts[i], when_ms[i] * 1000000ULL);
	}
	assert_int_equal(m->node_data[0]->kcompactd_max_order, 0);
	mc_trace_set_callback(m, NULL, NULL);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * P with the Anon page: movable 257, alike 128, free + alike = 255: no
 * claim.  try_to_steal_block fails at every order 6..0 where P has a
 * block (each attempt boosts, capped at 512), the claim returns NULL and
 * __rmqueue_steal takes 0x10d90/4 from the Movable list without touching
 * the pageblock type.
 */
static void test_claim_sub_pageblock_255_steals(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	build_P(m, true);
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d90);
	assert_int_equal(pb_mt(m, 0x10c00), MOV);
	EMPTY(m, z, 4, MOV);
	LIST(m, z, 6, MOV, 0x10dc0);
	LIST(m, z, 0, MOV, 0x10d81);
	for (int o = 0; o <= 10; o++)
		EMPTY(m, z, o, UNMOV);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10d90, 4, 4, UNMOV, MOV, 0);
	assert_int_equal(z->watermark_boost, 512);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * P' = [0x10c00, 0x10e00): 0x10c00/8 Anon, 0x10d00/6 kernel (from the
 * movable lists), 0x10d40/6 Anon, free 0x10d80/7.  Free 128 + alike 64 =
 * 192: never claimed by an Unmovable request.
 * Q = [0x10e00, 0x11000) (when @with_q): 0x10e00/8, 0x10f00/7, 0x10f80/6,
 * 0x10fc0/5 kernel pages, free 0x10fe0/5.  Free 32 + alike 480: claimable.
 * Without Q, 0x10e00 is one Anon order-9 block.
 */
static void build_P2(struct mc_machine *m, bool with_q)
{
	struct zone *z = normal(m);

	assert_int_equal(anon(m, 10), A0);
	assert_int_equal(anon(m, 10), A1);
	assert_int_equal(anon(m, 10), A2);
	assert_int_equal(anon(m, 9), 0x10c00);
	if (with_q) {
		assert_int_equal(pinned_in_movable(m, 8), 0x10e00);
		assert_int_equal(pinned_in_movable(m, 7), 0x10f00);
		assert_int_equal(pinned_in_movable(m, 6), 0x10f80);
		assert_int_equal(pinned_in_movable(m, 5), 0x10fc0);
	} else {
		assert_int_equal(anon(m, 9), 0x10e00);
	}
	free_blk(m, 0x10c00, 9);
	assert_int_equal(anon(m, 8), 0x10c00);
	assert_int_equal(pinned_in_movable(m, 6), 0x10d00);
	assert_int_equal(anon(m, 6), 0x10d40);
	LIST(m, z, 7, MOV, 0x10d80);
	if (with_q)
		LIST(m, z, 5, MOV, 0x10fe0);
	assert_int_equal(t_check(m), 0);
}

/*
 * The claim searches from MAX_PAGE_ORDER down: P'/7 is tried first and
 * fails (boost), order 6 has nothing, Q's 0x10fe0/5 is claimed: Q is
 * retyped, its block moved to the Unmovable list and split for the
 * order-4 request (0x10ff0/4 stays free).
 */
static void test_claim_search_largest_first(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	build_P2(m, true);
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10fe0);
	assert_int_equal(pb_mt(m, 0x10e00), UNMOV);
	assert_int_equal(pb_mt(m, 0x10c00), MOV);
	LIST(m, z, 4, UNMOV, 0x10ff0);
	LIST(m, z, 7, MOV, 0x10d80);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10fe0, 4, 5, UNMOV, MOV, 1);
	assert_int_equal(z->watermark_boost, 512);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * Without Q the claim fails and __rmqueue_steal takes P'/7 from order 4
 * upwards: 0x10d80/7 is split on the Movable lists (0x10dc0/6,
 * 0x10da0/5, 0x10d90/4 at the heads) and P' keeps its type.
 */
static void test_steal_single_block(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	build_P2(m, false);
	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d80);
	assert_int_equal(pb_mt(m, 0x10c00), MOV);
	LIST(m, z, 6, MOV, 0x10dc0);
	LIST(m, z, 5, MOV, 0x10da0);
	LIST(m, z, 4, MOV, 0x10d90);
	for (int o = 0; o <= 10; o++)
		EMPTY(m, z, o, UNMOV);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10d80, 4, 7, UNMOV, MOV, 0);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * A Movable request falling back to an Unmovable block counts the
 * block's movable pages as alike.  Build: Unmovable order 9 claims
 * 0x10000/10 (both pageblocks Unmovable, 0x10200/9 free); A1..A3 are
 * taken by Anon; in [0x10200, 0x10400): kernel order 8 at 0x10200, an
 * Anon order-7 folio from the Unmovable lists at 0x10300 (128 movable),
 * free 0x10380/7.  Free 128 + alike 128 = 256: claimed, and the order-4
 * request splits 0x10380/7 on the Movable lists.
 */
static void test_claim_movable_request(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	assert_int_equal(kern(m, GFP_UNMOV, 9), 0x10000);
	assert_int_equal(anon(m, 10), A1);
	assert_int_equal(anon(m, 10), A2);
	assert_int_equal(anon(m, 10), A3);
	assert_int_equal(kern(m, GFP_UNMOV, 8), 0x10200);
	assert_int_equal(alloc_k(m, GFP_UNMOV | MC_GFP_COMP, 7, MC_PAGE_ANON),
			 0x10300);
	LIST(m, z, 7, UNMOV, 0x10380);
	start_log(m, l);
	assert_int_equal(anon(m, 4), 0x10380);
	assert_int_equal(pb_mt(m, 0x10200), MOV);
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	LIST(m, z, 6, MOV, 0x103c0);
	LIST(m, z, 5, MOV, 0x103a0);
	LIST(m, z, 4, MOV, 0x10390);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10380, 4, 7, MOV, UNMOV, 1);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * Movable requests cannot claim from blocks below order 4: with only an
 * Unmovable 0x10008/3 left (everything else allocated), __rmqueue_claim
 * meets it at order 3 with can_steal false and stops; __rmqueue_steal
 * takes it from order 0 upwards and splits it on the Unmovable lists.
 * Build: Unmovable order 3 claims 0x10000/10 (0x10200/9 .. 0x10008/3
 * Unmovable); Anon takes A1..A3; kernel orders 9..4 empty the Unmovable
 * lists except 0x10008/3.
 */
static void test_movable_small_fallback_steals(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);
	struct evlog *l = extfrag_log(m);

	(void)state;
	assert_int_equal(kern(m, GFP_UNMOV, 3), 0x10000);
	assert_int_equal(anon(m, 10), A1);
	assert_int_equal(anon(m, 10), A2);
	assert_int_equal(anon(m, 10), A3);
	assert_int_equal(kern(m, GFP_UNMOV, 9), 0x10200);
	assert_int_equal(kern(m, GFP_UNMOV, 8), 0x10100);
	assert_int_equal(kern(m, GFP_UNMOV, 7), 0x10080);
	assert_int_equal(kern(m, GFP_UNMOV, 6), 0x10040);
	assert_int_equal(kern(m, GFP_UNMOV, 5), 0x10020);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10010);
	LIST(m, z, 3, UNMOV, 0x10008);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 8);
	start_log(m, l);
	assert_int_equal(anon(m, 0), 0x10008);
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	LIST(m, z, 2, UNMOV, 0x1000c);
	LIST(m, z, 1, UNMOV, 0x1000a);
	LIST(m, z, 0, UNMOV, 0x10009);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10008, 0, 3, MOV, UNMOV, 0);
	/* __rmqueue_steal does not boost. */
	assert_int_equal(z->watermark_boost, 0);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/* ---- ALLOC_NOFRAGMENT ---------------------------------------------------- */

/*
 * Two zones: DMA32 [0x10000, 0x11000) and Normal [0x11000, 0x12000).
 * Normal holds P' (only a sub-pageblock Movable block free, 0x11d80/7);
 * DMA32 is fresh.  A GFP_KERNEL order-4 request prefers Normal and gets
 * ALLOC_NOFRAGMENT (Normal with a populated DMA32): Normal cannot satisfy
 * it without a sub-pageblock fallback, so the first pass moves on to
 * DMA32 and claims 0x10000/10 there.  Once DMA32 is exhausted (its free
 * pages below its lowmem_reserve for Normal requests), the second pass
 * without ALLOC_NOFRAGMENT steals from Normal.
 */
static void test_nofragment_first_pass(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct zone *dma32, *nrm;
	struct evlog *l;

	(void)state;
	desc_one_zone(&d, MC_ZONE_DMA32, 0x10000, 4096, 4096);
	d.nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = 0x11000, .spanned = 4096, .present = 4096,
		.managed = 4096 };
	m = t_machine_desc(&d, 0);
	pcp_passthrough(m);
	dma32 = zone_of(m, ZONE_DMA32);
	nrm = normal(m);
	set_wmarks(dma32, 0, 0, 100);
	set_wmarks(nrm, 0, 0, 100);
	/* lowmem_reserve: DMA32 keeps managed(Normal)/256 = 16 pages from
	 * requests that may use Normal. */
	assert_int_equal(dma32->lowmem_reserve[ZONE_NORMAL], 16);
	l = extfrag_log(m);

	/* P' in Normal: as build_P2 without Q, 0x11000-based. */
	assert_int_equal(anon(m, 10), 0x11000);
	assert_int_equal(anon(m, 10), 0x11400);
	assert_int_equal(anon(m, 10), 0x11800);
	assert_int_equal(anon(m, 9), 0x11c00);
	assert_int_equal(anon(m, 9), 0x11e00);
	free_blk(m, 0x11c00, 9);
	assert_int_equal(anon(m, 8), 0x11c00);
	assert_int_equal(pinned_in_movable(m, 6), 0x11d00);
	assert_int_equal(anon(m, 6), 0x11d40);
	LIST(m, nrm, 7, MOV, 0x11d80);

	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10000);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x10000, 4, 10, UNMOV, MOV, 1);
	assert_int_equal(nrm->watermark_boost, 0);
	assert_int_equal(pb_mt(m, 0x11c00), MOV);
	LIST(m, nrm, 7, MOV, 0x11d80);

	/* Exhaust DMA32: Movable 0x10400.., then the Unmovable split. */
	assert_int_equal(alloc_k(m, MC_GFP_DMA32 | MC_GFP_MOVABLE, 10,
				 MC_PAGE_ANON), 0x10400);
	assert_int_equal(alloc_k(m, MC_GFP_DMA32 | MC_GFP_MOVABLE, 10,
				 MC_PAGE_ANON), 0x10800);
	assert_int_equal(alloc_k(m, MC_GFP_DMA32 | MC_GFP_MOVABLE, 10,
				 MC_PAGE_ANON), 0x10c00);
	for (int o = 9; o >= 4; o--)
		assert_int_equal(kern(m, MC_GFP_KERNEL | MC_GFP_DMA32,
				      (unsigned)o),
				 0x10000 + (1UL << o));
	assert_int_equal(zone_page_state(dma32, NR_FREE_PAGES), 0);

	start_log(m, l);
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x11d80);
	assert_int_equal(l->n, 1);
	expect_extfrag(l, 0, 0x11d80, 4, 7, UNMOV, MOV, 0);
	assert_int_equal(nrm->watermark_boost, 512);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/* ---- watermark boost ----------------------------------------------------- */

/*
 * boost_watermark adds pageblock_nr_pages per sub-pageblock claim attempt,
 * up to max(pageblock_nr_pages, mult_frac(high, 15000, 10000)).  With the
 * raw high watermark at 1000 the cap is 1500: the first request on P'
 * (one attempt, at order 7) boosts to 512; after its steal the Movable
 * lists hold 0x10dc0/6, 0x10da0/5 and 0x10d90/4, so the second request
 * makes three attempts: 1024, then 1500 (capped), 1500.  The second
 * request runs below the (boosted) watermarks, so it uses __GFP_MEMALLOC
 * (ALLOC_NO_WATERMARKS in the slow path) to reach the free lists.
 * With high = 100 the cap is pageblock_nr_pages: 512 both times.
 */
static void test_boost_accumulates_to_cap(void **state)
{
	static const struct {
		unsigned long high, first, second;
	} c[] = { { 1000, 512, 1500 }, { 100, 512, 512 },
		  { 700, 512, 1050 } };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct mc_machine *m = tiny();
		struct zone *z = normal(m);

		build_P2(m, false);
		set_wmarks(z, 0, 0, c[i].high);
		assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d80);
		assert_int_equal(z->watermark_boost, c[i].first);
		assert_int_equal(kern(m, GFP_UNMOV | MC_GFP_MEMALLOC, 4),
				 0x10d90);
		assert_int_equal(z->watermark_boost, c[i].second);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
}

/*
 * No boost in zones smaller than 4 pageblocks: pageblock_nr_pages * 4 =
 * 2048 > managed.  The small zone is a DMA32 zone of 2048 pages next to
 * a 4096-page Normal zone: a machine of only 2048 pages would have
 * mobility grouping disabled (fewer than pageblock_nr_pages *
 * MIGRATE_TYPES = 2560 pages, build_all_zonelists) and never fall back.
 * Requests name __GFP_DMA32 so that only the small zone is used (no
 * ALLOC_NOFRAGMENT: the preferred zone is not Normal).
 *  managed 2048: boot 0x10000/10 0x10400/10; Movable 10, 9, 8 leave
 *        0x10700/8 in pageblock 0x10600 (256 free + 256 movable): the
 *        Unmovable claim attempt at order 8 boosts and claims.
 *  managed 2047 (first page reserved): boot 0x10001/0 .. 0x10200/9,
 *        0x10400/10; Movable 10 and 9 leave pageblock 0x10000 with 511
 *        free pages; the claim at order 8 (0x10100) does not boost, and
 *        claims; the order-4 request gets 0x10010/4.
 */
static struct mc_machine *small_dma32(unsigned long managed)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	desc_one_zone(&d, MC_ZONE_DMA32, 0x10000, 2048, managed);
	d.nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = 0x10800, .spanned = 4096, .present = 4096,
		.managed = 4096 };
	m = t_machine_desc(&d, 0);
	assert_false(m->page_group_by_mobility_disabled);
	pcp_passthrough(m);
	set_wmarks(zone_of(m, ZONE_DMA32), 0, 0, 100);
	return m;
}

static void test_boost_small_zone(void **state)
{
	const uint32_t mov = MC_GFP_DMA32 | MC_GFP_MOVABLE;
	const uint32_t unmov = MC_GFP_KERNEL | MC_GFP_DMA32;

	(void)state;
	{
		struct mc_machine *m = small_dma32(2048);
		struct zone *z = zone_of(m, ZONE_DMA32);

		assert_int_equal(alloc_k(m, mov, 10, MC_PAGE_ANON), 0x10000);
		assert_int_equal(alloc_k(m, mov, 9, MC_PAGE_ANON), 0x10400);
		assert_int_equal(alloc_k(m, mov, 8, MC_PAGE_ANON), 0x10600);
		assert_int_equal(kern(m, unmov, 4), 0x10700);
		assert_int_equal(pb_mt(m, 0x10600), UNMOV);
		assert_int_equal(z->watermark_boost, 512);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
	{
		struct mc_machine *m = small_dma32(2047);
		struct zone *z = zone_of(m, ZONE_DMA32);

		assert_int_equal(alloc_k(m, mov, 10, MC_PAGE_ANON), 0x10400);
		assert_int_equal(alloc_k(m, mov, 9, MC_PAGE_ANON), 0x10200);
		assert_int_equal(kern(m, unmov, 4), 0x10010);
		assert_int_equal(pb_mt(m, 0x10000), UNMOV);
		assert_int_equal(z->watermark_boost, 0);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
}

/* vm.watermark_boost_factor = 0 turns boosting off (the claim itself is
 * unaffected). */
static void test_boost_factor_zero(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);

	(void)state;
	build_P(m, false);
	m->sysctl.watermark_boost_factor = 0;
	assert_int_equal(kern(m, GFP_UNMOV, 4), 0x10d90);
	assert_int_equal(pb_mt(m, 0x10c00), UNMOV);
	assert_int_equal(z->watermark_boost, 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- high-atomic reserves ------------------------------------------------ */

/*
 * ALLOC_HIGHATOMIC exists only in the slow path (gfp_to_alloc_flags), so
 * these tests keep the fast path failing: low and high watermarks far
 * above the zone's size, min 0 (GFP_ATOMIC's slow path checks min).
 */
static void force_slowpath(struct zone *z)
{
	set_wmarks(z, 0, 1UL << 40, 1UL << 40);
}

/*
 * Zone of 65536 pages: managed / 100 = 655 >= 512, so reserving is on and
 * the limit is ALIGN(655, 512) = 1024 pages.  (Reservations come in
 * multiples of pageblock_nr_pages, so the ALIGN only matters as "two
 * pageblocks".)
 *  a) GFP_ATOMIC order 4: claims 0x10000/10 (Unmovable), returns 0x10000;
 *     reserve_highatomic_pageblock moves the free blocks of pageblock
 *     0x10000 (0x10010/4 .. 0x10100/8, 496 pages) to HighAtomic: 512
 *     reserved.  0x10200/9 (the other pageblock) stays Unmovable.
 *  b) again: taken from the HighAtomic list first: 0x10010.  No change.
 *  c) order 9: through the pcp path (no HighAtomic-first there), the
 *     Unmovable 0x10200/9; 512 < 1024, and order >= pageblock_order, so
 *     change_pageblock_range: reserved 1024.
 *  d) order 10: claims 0x10400/10; 1024 >= 1024: not reserved.
 *  e) free 0x10200/9: it returns to the HighAtomic lists (its buddy
 *     0x10000 is not free at order 9).  A GFP_KERNEL request that cannot
 *     pass the min watermark fails; before giving up should_reclaim_retry
 *     calls unreserve_highatomic_pageblock(force) until nothing is left:
 *     first the lowest HighAtomic block, 0x10020/5, converts pageblock
 *     0x10000 (move_freepages_block), then 0x10200/9 (move_to_free_list +
 *     change_pageblock_range); nr_reserved_highatomic returns to 0.
 */
static void test_highatomic_reserve_and_unreserve(void **state)
{
	struct mc_machine *m = machine(65536, 65536);
	struct zone *z = normal(m);
	uint64_t pfn;

	(void)state;
	force_slowpath(z);
	assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10000);
	assert_int_equal(z->nr_reserved_highatomic, 512);
	assert_int_equal(z->nr_free_highatomic, 496);
	assert_int_equal(pb_mt(m, 0x10000), HATOM);
	assert_int_equal(pb_mt(m, 0x10200), UNMOV);
	LIST(m, z, 4, HATOM, 0x10010);
	LIST(m, z, 5, HATOM, 0x10020);
	LIST(m, z, 8, HATOM, 0x10100);
	LIST(m, z, 9, UNMOV, 0x10200);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10010);
	assert_int_equal(z->nr_reserved_highatomic, 512);
	assert_int_equal(z->nr_free_highatomic, 480);

	assert_int_equal(kern(m, MC_GFP_ATOMIC, 9), 0x10200);
	assert_int_equal(z->nr_reserved_highatomic, 1024);
	assert_int_equal(pb_mt(m, 0x10200), HATOM);

	assert_int_equal(kern(m, MC_GFP_ATOMIC, 10), 0x10400);
	assert_int_equal(z->nr_reserved_highatomic, 1024);
	assert_int_equal(pb_mt(m, 0x10400), UNMOV);
	assert_int_equal(pb_mt(m, 0x10600), UNMOV);
	assert_int_equal(t_check(m), 0);

	free_blk(m, 0x10200, 9);
	LIST(m, z, 9, HATOM, 0x10200);
	assert_int_equal(z->nr_free_highatomic, 480 + 512);
	assert_int_equal(t_check(m), 0);

	set_wmarks(z, 1UL << 40, 1UL << 40, 1UL << 40);
	assert_int_equal(alloc_ret(m, GFP_UNMOV, 0, MC_PAGE_KERNEL, &pfn),
			 -ENOMEM);
	assert_int_equal(z->nr_reserved_highatomic, 0);
	assert_int_equal(z->nr_free_highatomic, 0);
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	assert_int_equal(pb_mt(m, 0x10200), UNMOV);
	for (int o = 0; o <= 10; o++)
		EMPTY(m, z, o, HATOM);
	LIST(m, z, 9, UNMOV, 0x10200);
	LIST(m, z, 5, UNMOV, 0x10020);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * An order-10 GFP_ATOMIC request reserves its whole block at once
 * (0 < 1024: change_pageblock_range over both pageblocks, +1024).  Freed,
 * it is one HighAtomic order-10 block; unreserving it subtracts
 * max(pageblock_nr_pages, 1 << 10) = 1024 and retypes both pageblocks.
 */
static void test_highatomic_order10_unreserve(void **state)
{
	struct mc_machine *m = machine(65536, 65536);
	struct zone *z = normal(m);
	uint64_t pfn;

	(void)state;
	force_slowpath(z);
	assert_int_equal(kern(m, MC_GFP_ATOMIC, 10), 0x10000);
	assert_int_equal(z->nr_reserved_highatomic, 1024);
	assert_int_equal(pb_mt(m, 0x10000), HATOM);
	assert_int_equal(pb_mt(m, 0x10200), HATOM);
	free_blk(m, 0x10000, 10);
	LIST(m, z, 10, HATOM, 0x10000);
	assert_int_equal(z->nr_free_highatomic, 1024);
	set_wmarks(z, 1UL << 40, 1UL << 40, 1UL << 40);
	assert_int_equal(alloc_ret(m, GFP_UNMOV, 0, MC_PAGE_KERNEL, &pfn),
			 -ENOMEM);
	assert_int_equal(z->nr_reserved_highatomic, 0);
	assert_int_equal(z->nr_free_highatomic, 0);
	assert_int_equal(pb_mt(m, 0x10000), UNMOV);
	assert_int_equal(pb_mt(m, 0x10200), UNMOV);
	LIST(m, z, 10, UNMOV, 0x10000);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The 1%-of-the-zone rule at its boundary: managed 51200 -> 512 >= 512
 * reserves; managed 51199 (first page reserved) -> 511 < 512 does not.
 * The 4096-page zone (40) never reserves.  And the fast path never
 * reserves: with normal watermarks the first GFP_ATOMIC order-4 request
 * succeeds without ALLOC_HIGHATOMIC.
 */
static void test_highatomic_threshold(void **state)
{
	(void)state;
	{
		struct mc_machine *m = machine(51200, 51200);

		force_slowpath(normal(m));
		assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10000);
		assert_int_equal(normal(m)->nr_reserved_highatomic, 512);
		assert_int_equal(pb_mt(m, 0x10000), HATOM);
		mc_machine_destroy(m);
	}
	{
		struct mc_machine *m = machine(51200, 51199);

		force_slowpath(normal(m));
		/* boot: 0x10001/0 .. 0x10200/9 then order-10 blocks from
		 * 0x10400; the claim takes the largest: 0x10400/10. */
		assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10400);
		assert_int_equal(normal(m)->nr_reserved_highatomic, 0);
		assert_int_equal(pb_mt(m, 0x10400), UNMOV);
		mc_machine_destroy(m);
	}
	{
		struct mc_machine *m = tiny();

		force_slowpath(normal(m));
		assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10000);
		assert_int_equal(normal(m)->nr_reserved_highatomic, 0);
		mc_machine_destroy(m);
	}
	{
		struct mc_machine *m = machine(65536, 65536);

		set_wmarks(normal(m), 10, 20, 30);
		assert_int_equal(kern(m, MC_GFP_ATOMIC, 4), 0x10000);
		assert_int_equal(normal(m)->nr_reserved_highatomic, 0);
		mc_machine_destroy(m);
	}
}

/*
 * An order-1 GFP_ATOMIC request goes through the per-cpu lists (ordinary
 * sizes here) and still reserves the pageblock of the page it got; the
 * blocks the refill left on the pcp list return to the HighAtomic list
 * when drained, because a drain re-reads the pageblock type.
 */
static void test_highatomic_order1_via_pcp(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct zone *z;
	uint64_t pfn;

	(void)state;
	desc_one_zone(&d, MC_ZONE_NORMAL, BASE, 65536, 65536);
	m = t_machine_desc(&d, 0);
	z = normal(m);
	force_slowpath(z);
	pfn = kern(m, MC_GFP_ATOMIC, 1);
	assert_int_equal(z->nr_reserved_highatomic, 512);
	assert_int_equal(pb_mt(m, pfn), HATOM);
	mc_drain_all_pages(m);
	assert_int_equal(z->per_cpu_pageset[0].count, 0);
	assert_int_equal(z->nr_free_highatomic, 512 - 2);
	/* Freed, a HighAtomic page goes to the Movable pcp list (pindex
	 * 3 * 1 + 1) and back to the HighAtomic free list when drained. */
	free_blk(m, pfn, 1);
	assert_int_equal(ilist_first(m, z->per_cpu_pageset[0].lists[4]),
			 page_idx(m, pfn_to_page(m, pfn)));
	mc_drain_all_pages(m);
	assert_int_equal(z->nr_free_highatomic, 512);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fallback_table_and_can_steal),
		cmocka_unit_test(test_claim_order10_two_pageblocks),
		cmocka_unit_test(test_claim_order9_one_pageblock),
		cmocka_unit_test(test_claim_sub_pageblock_256),
		cmocka_unit_test(test_boost_wakes_kswapd_then_kcompactd),
		cmocka_unit_test(test_claim_sub_pageblock_255_steals),
		cmocka_unit_test(test_claim_search_largest_first),
		cmocka_unit_test(test_steal_single_block),
		cmocka_unit_test(test_claim_movable_request),
		cmocka_unit_test(test_movable_small_fallback_steals),
		cmocka_unit_test(test_nofragment_first_pass),
		cmocka_unit_test(test_boost_accumulates_to_cap),
		cmocka_unit_test(test_boost_small_zone),
		cmocka_unit_test(test_boost_factor_zero),
		cmocka_unit_test(test_highatomic_reserve_and_unreserve),
		cmocka_unit_test(test_highatomic_order10_unreserve),
		cmocka_unit_test(test_highatomic_threshold),
		cmocka_unit_test(test_highatomic_order1_via_pcp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
