// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_buddy.c - the buddy free lists of one zone, worked by hand.
 *
 * The zone is hand-made: one node, one ZONE_NORMAL of 4096 pages (eight
 * 512-page pageblocks, four MAX_PAGE_ORDER blocks) at pfn 0x10000.  Boot
 * hands it to the buddy allocator in four order-10 chunks, each freed with
 * FPI_TO_TAIL (__free_pages_core), so the boot state is
 *
 *	order 10, Movable: 0x10000 0x10400 0x10800 0x10c00   (head .. tail)
 *
 * and every other list is empty.  Every expectation below was derived on
 * paper from mm/page_alloc.c of 6.12.117:
 *  - expand() keeps the low half and puts each upper half at the HEAD of
 *    its order's list;
 *  - __free_one_page() merges while the buddy (pfn ^ 1 << order) is free
 *    at the same order, then puts the block at the TAIL if the buddy of
 *    the next-higher block is free (buddy_merge_likely, only below
 *    MAX_PAGE_ORDER - 1), else at the HEAD.
 *
 * Orders 0..3 and 9 normally pass through the per-cpu lists.  To reason
 * about the buddy alone the pcp lists are put into the kernel's boot
 * pageset state (high_min = high_max = 0, batch = 1): an allocation then
 * refills exactly one block and hands it out, and a free drains the one
 * page it added (nr_pcp_alloc/nr_pcp_high/nr_pcp_free "PCP disabled or
 * boot pageset" branches).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

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
#define MOV	MIGRATE_MOVABLE
#define UNMOV	MIGRATE_UNMOVABLE
#define NONE	0xffffffffUL	/* ends a pfn list in an expectation */

/* ---- the hand-made machine ----------------------------------------------- */

static void tiny_desc(struct mc_machine_desc *d, unsigned long pages,
		      unsigned long managed, unsigned int cpus)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->name, "tiny");
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = cpus;
	d->nodes[0].zones[MC_ZONE_NORMAL].start_pfn = BASE;
	d->nodes[0].zones[MC_ZONE_NORMAL].spanned = pages;
	d->nodes[0].zones[MC_ZONE_NORMAL].present = pages;
	d->nodes[0].zones[MC_ZONE_NORMAL].managed = managed;
}

static struct zone *normal(struct mc_machine *m)
{
	return &m->node_data[0]->node_zones[ZONE_NORMAL];
}

/* The kernel's boot pageset: nothing is kept on the per-cpu lists. */
static void pcp_passthrough(struct mc_machine *m)
{
	struct zone *z = normal(m);

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

		pcp->high_min = pcp->high_max = pcp->high = 0;
		pcp->batch = 1;
	}
}

static struct mc_machine *tiny(void)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	tiny_desc(&d, 4096, 4096, 1);
	m = t_machine_desc(&d, 0);
	pcp_passthrough(m);
	return m;
}

static uint64_t alloc_mov(struct mc_machine *m, unsigned int order)
{
	/* Movable blocks above order 0 are compound (folios). */
	uint64_t pfn = t_alloc(m, MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP,
			       order, 0);

	assert_int_not_equal(pfn, UINT64_MAX);
	return pfn;
}

static void free_blk(struct mc_machine *m, uint64_t pfn, unsigned int order)
{
	assert_int_equal(mc_free_pages(m, pfn, order, 0), 0);
}

/* ---- free list expectations ---------------------------------------------- */

/* One expected list: order, type and its pfns from head to tail. */
struct fl {
	int order;
	int mt;
	unsigned long pfn[8];
};

static int list_pfns(struct mc_machine *m, struct zone *z, int order, int mt,
		     unsigned long *out, int max)
{
	uint32_t head = z->free_area[order].free_list[mt];
	uint32_t i;
	int n = 0;

	for (i = idx_page(m, head)->next; i != head && n < 4096;
	     i = idx_page(m, i)->next) {
		if (n < max)
			out[n] = page_to_pfn(m, idx_page(m, i));
		n++;
	}
	return n;
}

static void print_lists(struct mc_machine *m, struct zone *z)
{
	for (unsigned o = 0; o < m->nr_page_orders; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			unsigned long p[16];
			int n = list_pfns(m, z, (int)o, t, p, 16);

			if (!n)
				continue;
			fprintf(stderr, "  order %u type %d:", o, t);
			for (int k = 0; k < n && k < 16; k++)
				fprintf(stderr, " %#lx", p[k]);
			fprintf(stderr, "\n");
		}
}

/*
 * The zone's free lists must be exactly @want (head to tail); every list
 * not named must be empty.  nr_free and NR_FREE_PAGES must agree.
 */
static void expect_lists(struct mc_machine *m, const struct fl *want, int nw)
{
	struct zone *z = normal(m);
	unsigned long pages = 0;
	bool ok = true;

	for (unsigned o = 0; o < m->nr_page_orders; o++) {
		unsigned long blocks = 0;

		for (int t = 0; t < MIGRATE_TYPES; t++) {
			const struct fl *w = NULL;
			unsigned long got[16];
			int n = list_pfns(m, z, (int)o, t, got, 16), k, nexp;

			for (k = 0; k < nw; k++)
				if (want[k].order == (int)o && want[k].mt == t)
					w = &want[k];
			for (nexp = 0; w && nexp < 8 && w->pfn[nexp] != NONE;
			     nexp++)
				;
			if (n != nexp)
				ok = false;
			for (k = 0; k < n && k < nexp; k++)
				if (got[k] != w->pfn[k])
					ok = false;
			blocks += (unsigned long)n;
			pages += (unsigned long)n << o;
		}
		if (z->free_area[o].nr_free != blocks)
			ok = false;
	}
	if (zone_page_state(z, NR_FREE_PAGES) != pages)
		ok = false;
	if (!ok) {
		fprintf(stderr, "free lists differ; expected:\n");
		for (int k = 0; k < nw; k++) {
			fprintf(stderr, "  order %d type %d:", want[k].order,
				want[k].mt);
			for (int j = 0; j < 8 && want[k].pfn[j] != NONE; j++)
				fprintf(stderr, " %#lx", want[k].pfn[j]);
			fprintf(stderr, "\n");
		}
		fprintf(stderr, "got:\n");
		print_lists(m, z);
	}
	assert_true(ok);
	assert_int_equal(t_check(m), 0);
}

static const struct fl boot_state[] = {
	{ 10, MOV, { A0, A1, A2, A3, NONE } },
};

/* ---- the boot state ------------------------------------------------------ */

static void test_boot_state_fpi_to_tail(void **state)
{
	struct mc_machine *m = tiny();
	struct zone *z = normal(m);

	(void)state;
	/* Tail insertion keeps the boot chunks in address order; head
	 * insertion would have reversed them. */
	expect_lists(m, boot_state, 1);
	assert_int_equal(z->managed_pages, 4096);
	for (unsigned long pfn = BASE; pfn < BASE + 4096; pfn += 512)
		assert_int_equal(get_pfnblock_migratetype(m, pfn), MOV);
	mc_machine_destroy(m);
}

/*
 * One reserved page at the start of the zone (present - managed = 1):
 * memblock frees [0x10001, 0x11000) in naturally aligned chunks, smallest
 * first: 0x10001/0, 0x10002/1, 0x10004/2, ... 0x10200/9, then three
 * order-10 blocks.  No chunk has a free buddy (0x10000 is reserved), so
 * nothing merges and each list holds what was freed, in address order.
 */
static void test_boot_with_reserved_page(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct fl want[11];

	(void)state;
	tiny_desc(&d, 4096, 4095, 1);
	m = t_machine_desc(&d, 0);
	for (int o = 0; o < 10; o++) {
		want[o].order = o;
		want[o].mt = MOV;
		want[o].pfn[0] = BASE + (1UL << o);
		want[o].pfn[1] = NONE;
	}
	want[10] = (struct fl){ 10, MOV, { A1, A2, A3, NONE } };
	expect_lists(m, want, 11);
	assert_int_equal(page_state(pfn_to_page(m, BASE)), PS_RESERVED);
	mc_machine_destroy(m);
}

/* ---- splitting ----------------------------------------------------------- */

/*
 * Order 0, 1, 3, 5 from the boot state.
 * 1. order 0: the head of order 10 (0x10000) is split down to order 0;
 *    expand() leaves one upper half per order: 0x10200/9 0x10100/8
 *    0x10080/7 0x10040/6 0x10020/5 0x10010/4 0x10008/3 0x10004/2
 *    0x10002/1 0x10001/0.  Returned: 0x10000.
 * 2. order 1: 0x10002 (order-1 list).  3. order 3: 0x10008.
 * 4. order 5: 0x10020.
 */
static const struct fl after_0135[] = {
	{ 0, MOV, { 0x10001, NONE } },
	{ 2, MOV, { 0x10004, NONE } },
	{ 4, MOV, { 0x10010, NONE } },
	{ 6, MOV, { 0x10040, NONE } },
	{ 7, MOV, { 0x10080, NONE } },
	{ 8, MOV, { 0x10100, NONE } },
	{ 9, MOV, { 0x10200, NONE } },
	{ 10, MOV, { A1, A2, A3, NONE } },
};

static void test_split_0135(void **state)
{
	struct mc_machine *m = tiny();
	const struct fl step1[] = {
		{ 0, MOV, { 0x10001, NONE } }, { 1, MOV, { 0x10002, NONE } },
		{ 2, MOV, { 0x10004, NONE } }, { 3, MOV, { 0x10008, NONE } },
		{ 4, MOV, { 0x10010, NONE } }, { 5, MOV, { 0x10020, NONE } },
		{ 6, MOV, { 0x10040, NONE } }, { 7, MOV, { 0x10080, NONE } },
		{ 8, MOV, { 0x10100, NONE } }, { 9, MOV, { 0x10200, NONE } },
		{ 10, MOV, { A1, A2, A3, NONE } },
	};
	const struct fl step2[] = {
		{ 0, MOV, { 0x10001, NONE } },
		{ 2, MOV, { 0x10004, NONE } }, { 3, MOV, { 0x10008, NONE } },
		{ 4, MOV, { 0x10010, NONE } }, { 5, MOV, { 0x10020, NONE } },
		{ 6, MOV, { 0x10040, NONE } }, { 7, MOV, { 0x10080, NONE } },
		{ 8, MOV, { 0x10100, NONE } }, { 9, MOV, { 0x10200, NONE } },
		{ 10, MOV, { A1, A2, A3, NONE } },
	};
	const struct fl step3[] = {
		{ 0, MOV, { 0x10001, NONE } },
		{ 2, MOV, { 0x10004, NONE } },
		{ 4, MOV, { 0x10010, NONE } }, { 5, MOV, { 0x10020, NONE } },
		{ 6, MOV, { 0x10040, NONE } }, { 7, MOV, { 0x10080, NONE } },
		{ 8, MOV, { 0x10100, NONE } }, { 9, MOV, { 0x10200, NONE } },
		{ 10, MOV, { A1, A2, A3, NONE } },
	};

	(void)state;
	assert_int_equal(alloc_mov(m, 0), 0x10000);
	expect_lists(m, step1, ARRAY_SIZE(step1));
	assert_int_equal(alloc_mov(m, 1), 0x10002);
	expect_lists(m, step2, ARRAY_SIZE(step2));
	assert_int_equal(alloc_mov(m, 3), 0x10008);
	expect_lists(m, step3, ARRAY_SIZE(step3));
	assert_int_equal(alloc_mov(m, 5), 0x10020);
	expect_lists(m, after_0135, ARRAY_SIZE(after_0135));

	/*
	 * 5. order 0 again: 0x10001 from the order-0 list.
	 * 6. order 0: orders 0 and 1 are empty; 0x10004/2 splits into
	 *    0x10006/1 and 0x10005/0 (both heads); returned 0x10004.
	 * 7. order 2: 0x10006 is order 1; the smallest >= 2 is 0x10010/4,
	 *    split into 0x10018/3 and 0x10014/2; returned 0x10010.
	 */
	assert_int_equal(alloc_mov(m, 0), 0x10001);
	assert_int_equal(alloc_mov(m, 0), 0x10004);
	{
		const struct fl w[] = {
			{ 0, MOV, { 0x10005, NONE } },
			{ 1, MOV, { 0x10006, NONE } },
			{ 6, MOV, { 0x10040, NONE } },
			{ 4, MOV, { 0x10010, NONE } },
			{ 7, MOV, { 0x10080, NONE } },
			{ 8, MOV, { 0x10100, NONE } },
			{ 9, MOV, { 0x10200, NONE } },
			{ 10, MOV, { A1, A2, A3, NONE } },
		};

		expect_lists(m, w, ARRAY_SIZE(w));
	}
	assert_int_equal(alloc_mov(m, 2), 0x10010);
	{
		const struct fl w[] = {
			{ 0, MOV, { 0x10005, NONE } },
			{ 1, MOV, { 0x10006, NONE } },
			{ 2, MOV, { 0x10014, NONE } },
			{ 3, MOV, { 0x10018, NONE } },
			{ 6, MOV, { 0x10040, NONE } },
			{ 7, MOV, { 0x10080, NONE } },
			{ 8, MOV, { 0x10100, NONE } },
			{ 9, MOV, { 0x10200, NONE } },
			{ 10, MOV, { A1, A2, A3, NONE } },
		};

		expect_lists(m, w, ARRAY_SIZE(w));
	}
	mc_machine_destroy(m);
}

/*
 * Two blocks on one list.  From the boot state: order 9 takes A0 (leaves
 * 0x10200/9), order 9 takes 0x10200, order 9 splits A1 (leaves
 * 0x10600/9).  Freeing 0x10200 (buddy A0 allocated; order 9 is
 * MAX_PAGE_ORDER - 1, so buddy_merge_likely is not consulted): head,
 * in front of 0x10600.
 */
static void test_two_on_one_list(void **state)
{
	struct mc_machine *m = tiny();

	(void)state;
	assert_int_equal(alloc_mov(m, 9), A0);
	assert_int_equal(alloc_mov(m, 9), 0x10200);
	assert_int_equal(alloc_mov(m, 9), A1);
	{
		const struct fl w[] = {
			{ 9, MOV, { 0x10600, NONE } },
			{ 10, MOV, { A2, A3, NONE } },
		};

		expect_lists(m, w, ARRAY_SIZE(w));
	}
	free_blk(m, 0x10200, 9);
	{
		const struct fl w[] = {
			{ 9, MOV, { 0x10200, 0x10600, NONE } },
			{ 10, MOV, { A2, A3, NONE } },
		};

		expect_lists(m, w, ARRAY_SIZE(w));
	}
	/* The next order-9 request takes the head: 0x10200. */
	assert_int_equal(alloc_mov(m, 9), 0x10200);
	/* Freeing A1 (order 9): its buddy 0x10600 is free at order 9, so
	 * they merge to A1/10; order 10 is MAX_PAGE_ORDER: head. */
	free_blk(m, A1, 9);
	{
		const struct fl w[] = {
			{ 10, MOV, { A1, A2, A3, NONE } },
		};

		expect_lists(m, w, ARRAY_SIZE(w));
	}
	mc_machine_destroy(m);
}

/* ---- merging: head and tail placement ------------------------------------ */

/*
 * Seven order-4 blocks from the boot state:
 *  a1 0x10000 (leaves 0x10200/9 .. 0x10010/4), a2 0x10010,
 *  a3 0x10020 (splits 0x10020/5, leaves 0x10030/4), a4 0x10030,
 *  a5 0x10040 (splits 0x10040/6: 0x10060/5, 0x10050/4), a6 0x10050,
 *  a7 0x10060 (splits 0x10060/5, leaves 0x10070/4).
 * Then the frees, worked in the comments at each step.
 */
static void test_merge_head_tail(void **state)
{
	struct mc_machine *m = tiny();
	static const unsigned long a[8] = { 0, 0x10000, 0x10010, 0x10020,
					    0x10030, 0x10040, 0x10050,
					    0x10060 };
	const struct fl upper[] = {	/* untouched by the frees below */
		{ 7, MOV, { 0x10080, NONE } },
		{ 8, MOV, { 0x10100, NONE } },
		{ 9, MOV, { 0x10200, NONE } },
		{ 10, MOV, { A1, A2, A3, NONE } },
	};
	struct fl w[12];
	int n;

#define EXPECT(...)							\
	do {								\
		const struct fl lo_[] = { __VA_ARGS__ };		\
		n = 0;							\
		for (unsigned k_ = 0; k_ < ARRAY_SIZE(lo_); k_++)	\
			w[n++] = lo_[k_];				\
		for (unsigned k_ = 0; k_ < ARRAY_SIZE(upper); k_++)	\
			w[n++] = upper[k_];				\
		expect_lists(m, w, n);					\
	} while (0)

	(void)state;
	for (int i = 1; i <= 7; i++)
		assert_int_equal(alloc_mov(m, 4), a[i]);
	EXPECT({ 4, MOV, { 0x10070, NONE } });

	/* a3 0x10020: buddy 0x10030 allocated.  Next-higher block 0x10020/5
	 * has buddy 0x10000 (allocated): not likely to merge -> head. */
	free_blk(m, a[3], 4);
	EXPECT({ 4, MOV, { 0x10020, 0x10070, NONE } });

	/* a4 0x10030: merges with 0x10020 into 0x10020/5; 0x10000 is not
	 * free at order 5.  Higher block 0x10000/6's buddy 0x10040 is
	 * allocated -> head of order 5. */
	free_blk(m, a[4], 4);
	EXPECT({ 4, MOV, { 0x10070, NONE } }, { 5, MOV, { 0x10020, NONE } });

	/* a1 0x10000: buddy 0x10010 allocated; higher block 0x10000/5 has
	 * its buddy 0x10020 free at order 5 -> TAIL, behind 0x10070. */
	free_blk(m, a[1], 4);
	EXPECT({ 4, MOV, { 0x10070, 0x10000, NONE } },
	       { 5, MOV, { 0x10020, NONE } });

	/* a6 0x10050: buddy 0x10040 allocated; higher 0x10040/5's buddy
	 * 0x10060 allocated -> head. */
	free_blk(m, a[6], 4);
	EXPECT({ 4, MOV, { 0x10050, 0x10070, 0x10000, NONE } },
	       { 5, MOV, { 0x10020, NONE } });

	/* a7 0x10060: merges with 0x10070 into 0x10060/5; 0x10040 is
	 * allocated.  Higher 0x10040/6's buddy 0x10000 is free only at
	 * order 4 -> head of order 5. */
	free_blk(m, a[7], 4);
	EXPECT({ 4, MOV, { 0x10050, 0x10000, NONE } },
	       { 5, MOV, { 0x10060, 0x10020, NONE } });

	/* a5 0x10040: + 0x10050 -> 0x10040/5; + 0x10060 -> 0x10040/6;
	 * 0x10000 is not free at order 6.  Higher 0x10000/7's buddy
	 * 0x10080 is free at order 7 -> tail (the list was empty). */
	free_blk(m, a[5], 4);
	EXPECT({ 4, MOV, { 0x10000, NONE } }, { 5, MOV, { 0x10020, NONE } },
	       { 6, MOV, { 0x10040, NONE } });

	/* a2 0x10010 completes everything: 0x10000/4 -> /5 (0x10020) ->
	 * /6 (0x10040) -> /7 (0x10080) -> /8 (0x10100) -> /9 (0x10200)
	 * -> /10.  At MAX_PAGE_ORDER: head, which is the boot order. */
	free_blk(m, a[2], 4);
	expect_lists(m, boot_state, 1);
#undef EXPECT
	mc_machine_destroy(m);
}

/*
 * Freeing the order 0/1/3/5 blocks in three different orders must always
 * end in the boot state.  The intermediate states, by hand:
 *
 * free 5,3,1,0: 0x10020/5 -> tail (0x10000/6's buddy 0x10040 free);
 *   0x10008/3 -> tail (0x10000/4's buddy 0x10010 free); 0x10002/1 ->
 *   tail (0x10000/2's buddy 0x10004 free); 0x10000/0 merges all the way.
 * free 0,1,3,5: 0x10000+0x10001 -> 0x10000/1, tail (0x10004 free);
 *   0x10002 -> merges to 0x10000/3, tail (0x10010 free); 0x10008 ->
 *   0x10000/5, tail (0x10040 free); 0x10020 merges all the way.
 * free 1,5,0,3: 0x10002/1 tail; 0x10020/5 tail; 0x10000 -> 0x10000/3
 *   tail; 0x10008 merges all the way.
 */
static void test_free_orders_remerge(void **state)
{
	static const int perms[3][4] = {
		{ 5, 3, 1, 0 }, { 0, 1, 3, 5 }, { 1, 5, 0, 3 },
	};

	(void)state;
	for (int p = 0; p < 3; p++) {
		struct mc_machine *m = tiny();

		assert_int_equal(alloc_mov(m, 0), 0x10000);
		assert_int_equal(alloc_mov(m, 1), 0x10002);
		assert_int_equal(alloc_mov(m, 3), 0x10008);
		assert_int_equal(alloc_mov(m, 5), 0x10020);
		expect_lists(m, after_0135, ARRAY_SIZE(after_0135));
		for (int k = 0; k < 4; k++) {
			int o = perms[p][k];
			uint64_t pfn = o == 0 ? 0x10000 : o == 1 ? 0x10002 :
				       o == 3 ? 0x10008 : 0x10020;

			free_blk(m, pfn, (unsigned)o);
			if (p == 0 && k == 0) {
				const struct fl w[] = {
					{ 0, MOV, { 0x10001, NONE } },
					{ 2, MOV, { 0x10004, NONE } },
					{ 4, MOV, { 0x10010, NONE } },
					{ 5, MOV, { 0x10020, NONE } },
					{ 6, MOV, { 0x10040, NONE } },
					{ 7, MOV, { 0x10080, NONE } },
					{ 8, MOV, { 0x10100, NONE } },
					{ 9, MOV, { 0x10200, NONE } },
					{ 10, MOV, { A1, A2, A3, NONE } },
				};

				expect_lists(m, w, ARRAY_SIZE(w));
			}
			if (p == 1 && k == 1) {
				const struct fl w[] = {
					{ 3, MOV, { 0x10000, NONE } },
					{ 4, MOV, { 0x10010, NONE } },
					{ 6, MOV, { 0x10040, NONE } },
					{ 7, MOV, { 0x10080, NONE } },
					{ 8, MOV, { 0x10100, NONE } },
					{ 9, MOV, { 0x10200, NONE } },
					{ 10, MOV, { A1, A2, A3, NONE } },
				};

				expect_lists(m, w, ARRAY_SIZE(w));
			}
			if (p == 2 && k == 2) {
				const struct fl w[] = {
					{ 3, MOV, { 0x10000, NONE } },
					{ 4, MOV, { 0x10010, NONE } },
					{ 5, MOV, { 0x10020, NONE } },
					{ 6, MOV, { 0x10040, NONE } },
					{ 7, MOV, { 0x10080, NONE } },
					{ 8, MOV, { 0x10100, NONE } },
					{ 9, MOV, { 0x10200, NONE } },
					{ 10, MOV, { A1, A2, A3, NONE } },
				};

				expect_lists(m, w, ARRAY_SIZE(w));
			}
		}
		expect_lists(m, boot_state, 1);
		mc_machine_destroy(m);
	}
}

/*
 * Tail placement seen in list order: with 0x10070/4 listed, free a block
 * whose higher buddy is free (tail, behind it) and one whose higher
 * buddy is not (head, in front of it).  (Also inside
 * test_merge_head_tail; kept separate so a failure names the rule.)
 */
static void test_buddy_merge_likely_tail(void **state)
{
	struct mc_machine *m = tiny();

	(void)state;
	for (int i = 0; i < 7; i++)
		alloc_mov(m, 4);
	/* 0x10020+0x10030 free -> 0x10020/5 free; then 0x10000/4 freed: its
	 * higher block's buddy (0x10020/5) is free -> tail. */
	free_blk(m, 0x10020, 4);
	free_blk(m, 0x10030, 4);
	free_blk(m, 0x10000, 4);
	{
		unsigned long got[4];
		int n = list_pfns(m, normal(m), 4, MOV, got, 4);

		assert_int_equal(n, 2);
		assert_int_equal(got[0], 0x10070);
		assert_int_equal(got[1], 0x10000);
	}
	/* 0x10050/4: higher 0x10040/5's buddy 0x10060 is allocated: head. */
	free_blk(m, 0x10050, 4);
	{
		unsigned long got[4];
		int n = list_pfns(m, normal(m), 4, MOV, got, 4);

		assert_int_equal(n, 3);
		assert_int_equal(got[0], 0x10050);
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Merging across pageblocks of different types (order >= pageblock_order).
 * Build: Movable order 9 takes 0x10000 (0x10200/9 stays free), Movable
 * order 10 takes A1, A2, A3; an Unmovable order-9 request then claims
 * 0x10200/9 whole (pageblock 0x10200 becomes Unmovable).  Free 0x10000
 * (Movable, its buddy is allocated), then 0x10200: the buddies are free
 * at order 9 with types Unmovable and Movable, both mergeable, so they
 * merge; the buddy's pageblock takes the freed block's type
 * (change_pageblock_range, 6.12.65) and the order-10 block is listed as
 * Unmovable.
 * With pageblock 0x10200 HighAtomic instead, the two must not merge.
 */
static void test_merge_across_pageblock_types(void **state)
{
	(void)state;
	for (int variant = 0; variant < 2; variant++) {
		struct mc_machine *m = tiny();
		struct zone *z = normal(m);

		assert_int_equal(alloc_mov(m, 9), 0x10000);
		assert_int_equal(alloc_mov(m, 10), A1);
		assert_int_equal(alloc_mov(m, 10), A2);
		assert_int_equal(alloc_mov(m, 10), A3);
		/* 512 pages are left: below the zone's watermarks, which
		 * are lowered for this one request. */
		for (int w = 0; w < NR_WMARK; w++)
			z->_watermark[w] = 0;
		assert_int_equal(t_alloc(m, MC_GFP_KERNEL, 9, 0), 0x10200);
		assert_int_equal(get_pfnblock_migratetype(m, 0x10200), UNMOV);
		if (variant)
			set_pageblock_migratetype(m, 0x10200,
						  MIGRATE_HIGHATOMIC);
		free_blk(m, 0x10000, 9);
		free_blk(m, 0x10200, 9);
		if (!variant) {
			const struct fl w[] = {
				{ 10, UNMOV, { 0x10000, NONE } },
			};

			assert_int_equal(get_pfnblock_migratetype(m, 0x10000),
					 UNMOV);
			assert_int_equal(get_pfnblock_migratetype(m, 0x10200),
					 UNMOV);
			expect_lists(m, w, ARRAY_SIZE(w));
		} else {
			const struct fl w[] = {
				{ 9, MOV, { 0x10000, NONE } },
				{ 9, MIGRATE_HIGHATOMIC, { 0x10200, NONE } },
			};

			assert_int_equal(get_pfnblock_migratetype(m, 0x10000),
					 MOV);
			expect_lists(m, w, ARRAY_SIZE(w));
			assert_int_equal(z->nr_free_highatomic, 512);
		}
		mc_machine_destroy(m);
	}
}

/* ---- alignment ----------------------------------------------------------- */

/*
 * Every block handed out is naturally aligned and inside the zone, for
 * every order, with the ordinary (non-passthrough) pcp lists too.
 */
static void test_alignment(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	uint64_t pfns[512];
	unsigned orders[512];
	int n = 0;
	uint32_t x = 12345;

	(void)state;
	tiny_desc(&d, 4096, 4096, 2);
	m = t_machine_desc(&d, 0);
	for (int i = 0; i < 400; i++) {
		unsigned o;
		uint64_t pfn;

		x = x * 1103515245u + 12345u;
		o = (x >> 16) % 11;
		pfn = t_alloc(m, (x & 0x100) ? MC_GFP_KERNEL :
				 MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP, o,
			      (int)(x >> 9) & 1);
		if (pfn == UINT64_MAX)
			continue;
		assert_true((pfn & ((1UL << o) - 1)) == 0);
		assert_true(pfn >= BASE && pfn + (1UL << o) <= BASE + 4096);
		if (n < 512) {
			pfns[n] = pfn;
			orders[n++] = o;
		}
		if ((x >> 20) % 3 == 0 && n) {
			n--;
			assert_int_equal(mc_free_pages(m, pfns[n], orders[n],
						       0), 0);
		}
	}
	assert_int_equal(t_check(m), 0);
	while (n--)
		assert_int_equal(mc_free_pages(m, pfns[n], orders[n], 1), 0);
	mc_drain_all_pages(m);
	assert_int_equal(zone_page_state(normal(m), NR_FREE_PAGES), 4096);
	assert_int_equal(normal(m)->free_area[10].nr_free, 4);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- the mm_page_alloc_zone_locked sequence ------------------------------ */

struct evlog {
	int n;
	struct mc_trace_event ev[64];
};

static void log_event(void *ctx, const struct mc_trace_event *ev)
{
	struct evlog *l = ctx;

	if (l->n < 64)
		l->ev[l->n] = *ev;
	l->n++;
}

/*
 * mm_page_alloc_zone_locked(pfn, order, migratetype, percpu_refill) fires
 * in __rmqueue_smallest for each block taken; percpu_refill is
 * pcp_allowed_order(order) && mt < MIGRATE_PCPTYPES (1 for orders 0..3
 * and 9, 0 for 4..8 and 10).  Frees fire nothing of it.
 */
static void test_zone_locked_events(void **state)
{
	struct mc_machine *m = tiny();
	struct evlog log = { 0 };
	static const struct {
		unsigned order;
		uint64_t pfn;
		int refill;
	} seq[] = {
		{ 0, 0x10000, 1 }, { 1, 0x10002, 1 }, { 3, 0x10008, 1 },
		{ 5, 0x10020, 0 }, { 9, 0x10200, 1 }, { 10, A1, 0 },
		{ 4, 0x10010, 0 },
	};

	(void)state;
	assert_true(mc_trace_enable(m, "kmem:mm_page_alloc_zone_locked",
				    true) > 0);
	mc_trace_set_callback(m, log_event, &log);
	for (unsigned i = 0; i < ARRAY_SIZE(seq); i++)
		assert_int_equal(alloc_mov(m, seq[i].order), seq[i].pfn);
	assert_int_equal(log.n, ARRAY_SIZE(seq));
	for (unsigned i = 0; i < ARRAY_SIZE(seq); i++) {
		const struct mc_trace_event *e = &log.ev[i];

		assert_int_equal(e->id, MC_TRACE_mm_page_alloc_zone_locked);
		assert_int_equal(e->args[0], seq[i].pfn);
		assert_int_equal(e->args[1], seq[i].order);
		assert_int_equal(e->args[2], MOV);
		assert_int_equal(e->args[3], seq[i].refill);
	}
	free_blk(m, 0x10020, 5);
	assert_int_equal(log.n, ARRAY_SIZE(seq));
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_state_fpi_to_tail),
		cmocka_unit_test(test_boot_with_reserved_page),
		cmocka_unit_test(test_split_0135),
		cmocka_unit_test(test_two_on_one_list),
		cmocka_unit_test(test_merge_head_tail),
		cmocka_unit_test(test_free_orders_remerge),
		cmocka_unit_test(test_buddy_merge_likely_tail),
		cmocka_unit_test(test_merge_across_pageblock_types),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_zone_locked_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
