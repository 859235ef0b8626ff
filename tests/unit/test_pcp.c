// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pcp.c - the per-cpu page lists of 6.12.117 (kernel-spec 3.4).
 *
 *  - sizing: zone_batchsize() (about 0.1% of the zone or 1 MiB, /4, then
 *    2^n - 1) and zone_highsize() (high_min from the low watermark,
 *    high_max from managed / 8, both split over the node's CPUs and at
 *    least 4 * batch), for several zone sizes, page sizes and CPU counts;
 *  - nr_pcp_alloc(): order-0 refills of batch, 2 * batch, ... up to
 *    batch << 5, bounded by high - count - batch, seen in pcp->count;
 *  - frees go to the head of the freeing CPU's list, allocations take the
 *    head (LIFO);
 *  - reaching pcp->high drains nr_pcp_free() pages from list tails,
 *    round-robin from the list just freed to (mm_page_pcpu_drain);
 *    nr_pcp_high()'s adaptive high, including ZONE_BELOW_HIGH, checked
 *    free by free against an independent model;
 *  - free_high for orders 1..3; drain_all_pages(); Isolate pageblocks
 *    and orders 4..8 and 10 bypass the lists; order 9 uses the THP lists.
 *
 * The main zone is hand-made: ZONE_NORMAL of 32768 pages at 0x10000.
 * By hand: min_free_kbytes = sqrt(32768 * 4 * 16) = 1448, raised for THP
 * to min(5632, (32768 - 542) / 20 = 1611) pages = 6444 kB; pages_min
 * 1611, gap max(402, 32) = 402: low 2013, high 2415.  batch: 32768 >> 10
 * = 32, / 4 = 8, rounddown_pow_of_two(12) - 1 = 7.  One CPU: high_min
 * 2013, high_max 32768 / 8 = 4096.
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

#define BASE 0x10000UL
#define PINDEX(mt, order) ((order) * MIGRATE_PCPTYPES + (mt))

/* ---- machines ------------------------------------------------------------ */

static struct mc_machine *normal_machine(unsigned long pages,
					 unsigned int cpus)
{
	struct mc_machine_desc *d = calloc(1, sizeof(*d));
	struct mc_machine *m;

	assert_non_null(d);
	strcpy(d->name, "pcp");
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = cpus;
	d->nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = BASE, .spanned = pages, .present = pages,
		.managed = pages };
	m = t_machine_desc(d, 0);
	free(d);
	return m;
}

static struct zone *normal(struct mc_machine *m)
{
	return &m->node_data[0]->node_zones[ZONE_NORMAL];
}

static struct per_cpu_pages *pcp_of(struct mc_machine *m, int cpu)
{
	return &normal(m)->per_cpu_pageset[cpu];
}

static uint64_t alloc_on(struct mc_machine *m, uint32_t gfp, unsigned order,
			 int cpu)
{
	uint64_t pfn;

	if ((gfp & MC_GFP_MOVABLE) && order)
		gfp |= MC_GFP_COMP;
	pfn = t_alloc(m, gfp, order, cpu);
	assert_int_not_equal(pfn, UINT64_MAX);
	return pfn;
}

static void free_on(struct mc_machine *m, uint64_t pfn, unsigned order,
		    int cpu)
{
	assert_int_equal(mc_free_pages(m, pfn, order, cpu), 0);
}

#define MOVG	MC_GFP_HIGHUSER_MOVABLE
#define UNMOVG	MC_GFP_KERNEL
#define RECLG	(MC_GFP_KERNEL | MC_GFP_RECLAIMABLE)

/* ---- an independent zone_batchsize / zone_highsize ----------------------- */

static unsigned long rdpow2(unsigned long n)
{
	unsigned long p = 1;

	while (p * 2 <= n)
		p *= 2;
	return n ? p : 0;
}

static int want_batch(unsigned long managed, unsigned page_shift)
{
	long b = (long)(managed >> 10);
	long cap = (long)((1UL << 20) >> page_shift);

	if (b > cap)
		b = cap;
	b /= 4;
	if (b < 1)
		b = 1;
	b = (long)rdpow2((unsigned long)(b + b / 2)) - 1;
	return b < 1 ? 1 : (int)b;
}

static int want_high(unsigned long total, int cpus, int batch)
{
	int h = (int)(total / (unsigned long)cpus);

	return h < batch * 4 ? batch * 4 : h;
}

/* ---- sizing -------------------------------------------------------------- */

/*
 * Batch for zone sizes by hand: 3840 -> 3 / 4 = 0 -> 1 -> 2^0 - 1 = 0 ->
 * 1; 32768 -> 7; 65536 -> 64 / 4 = 16 -> 24 -> 15; 131072 -> 32 -> 48 ->
 * 31; 262144 (1 GiB) and more -> 256 / 4 = 64 -> 96 -> 63.
 */
static void test_batchsize(void **state)
{
	static const struct {
		unsigned long pages;
		int batch;
	} c[] = { { 3840, 1 }, { 32768, 7 }, { 65536, 15 }, { 131072, 31 },
		  { 262144, 63 }, { 1048576, 63 } };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct mc_machine *m = normal_machine(c[i].pages, 1);
		struct zone *z = normal(m);

		assert_int_equal(want_batch(c[i].pages, 12), c[i].batch);
		/* zone_batchsize() itself may return 0 (2^0 - 1); the
		 * caller takes max(1, batch). */
		assert_int_equal(zone_batchsize(z),
				 c[i].pages == 3840 ? 0 : c[i].batch);
		assert_int_equal(z->pageset_batch, c[i].batch);
		assert_int_equal(pcp_of(m, 0)->batch, c[i].batch);
		mc_machine_destroy(m);
	}
	/* 1 MiB is 64 pages of 16 KiB and 16 of 64 KiB: 64/4 = 16 -> 15,
	 * 16/4 = 4 -> 6 -> 3. */
	assert_int_equal(want_batch(1UL << 20, 14), 15);
	assert_int_equal(want_batch(1UL << 20, 16), 3);
}

/*
 * high_min = low_wmark / cpus, high_max = managed / 8 / cpus, each at
 * least 4 * batch; percpu_pagelist_high_fraction f: both managed / f /
 * cpus.  Checked for 1, 2, 3, 4 and 8 CPUs on the 32768-page zone (low
 * 2013: 2013, 1006, 671, 503, 251; managed / 8 = 4096: 4096, 2048, 1365,
 * 1024, 512) and on a 3840-page zone (batch 1, floor 4).
 */
static void test_highsize_cpus(void **state)
{
	static const struct {
		int cpus, hmin, hmax;
	} c[] = { { 1, 2013, 4096 }, { 2, 1006, 2048 }, { 3, 671, 1365 },
		  { 4, 503, 1024 }, { 8, 251, 512 } };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		struct mc_machine *m;
		struct zone *z;

		m = normal_machine(32768, (unsigned)c[i].cpus);
		z = normal(m);

		assert_int_equal(low_wmark_pages(z), 2013);
		assert_int_equal(z->pageset_high_min, c[i].hmin);
		assert_int_equal(z->pageset_high_max, c[i].hmax);
		for (int cpu = 0; cpu < c[i].cpus; cpu++) {
			assert_int_equal(pcp_of(m, cpu)->high_min, c[i].hmin);
			assert_int_equal(pcp_of(m, cpu)->high_max, c[i].hmax);
			assert_int_equal(pcp_of(m, cpu)->batch, 7);
		}
		/* zone_highsize() directly: fraction 0 uses the low
		 * watermark, others managed / fraction; cpu_online adds one
		 * CPU (the one coming online). */
		assert_int_equal(zone_highsize(z, 7, 0, 0), c[i].hmin);
		assert_int_equal(zone_highsize(z, 7, 0, 8), c[i].hmax);
		assert_int_equal(zone_highsize(z, 7, 1, 0),
				 want_high(2013, c[i].cpus + 1, 7));
		assert_int_equal(zone_highsize(z, 7, 0, 100),
				 want_high(32768 / 100, c[i].cpus, 7));
		/* The floor: batch 2000 -> 8000 > 4096. */
		assert_int_equal(zone_highsize(z, 2000, 0, 8), 8000);
		mc_machine_destroy(m);
	}
	{
		/* 3840 pages, 4 CPUs: batch 1, so the floor is 4;
		 * high_max = 3840 / 8 / 4 = 120; high_min from the zone's
		 * low watermark (checked against the model in
		 * test_watermark). */
		struct mc_machine *m = normal_machine(3840, 4);
		struct zone *z = normal(m);

		assert_int_equal(z->pageset_batch, 1);
		assert_int_equal(z->pageset_high_min,
				 want_high(low_wmark_pages(z), 4, 1));
		assert_int_equal(z->pageset_high_max, want_high(480, 4, 1));
		assert_int_equal(z->pageset_high_max, 120);
		mc_machine_destroy(m);
	}
}

/* Every zone of several presets, against the formulas. */
static void check_sizes(const char *spec)
{
	struct mc_machine *m = t_machine(spec, 0);
	struct mc_geometry g;

	mc_machine_geometry(m, &g);
	for (int n = 0; n < m->nr_node_ids; n++)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &m->node_data[n]->node_zones[zt];
			int cpus = 0, b;

			for (int c = 0; c < m->nr_cpu_ids; c++)
				cpus += m->cpu_to_node[c] == n;
			if (!cpus)
				cpus = m->nr_cpu_ids;
			b = want_batch(z->managed_pages, g.page_shift);
			if (z->pageset_batch != b ||
			    z->pageset_high_min !=
				    want_high(low_wmark_pages(z), cpus, b) ||
			    z->pageset_high_max !=
				    want_high(z->managed_pages / 8, cpus, b))
				fprintf(stderr, "%s node %d zone %d: batch %d "
					"high %d..%d\n", spec, n, zt,
					z->pageset_batch, z->pageset_high_min,
					z->pageset_high_max);
			assert_int_equal(z->pageset_batch, b);
			assert_int_equal(z->pageset_high_min,
					 want_high(low_wmark_pages(z), cpus,
						   b));
			assert_int_equal(z->pageset_high_max,
					 want_high(z->managed_pages / 8, cpus,
						   b));
		}
	mc_machine_destroy(m);
}

static void test_sizes_presets(void **state)
{
	(void)state;
	check_sizes("pc:4G");
	check_sizes("pc:16G,cpus=3");
	check_sizes("pc-numa:2x8G,cpus=4");
	check_sizes("arm64-16k:8G,cpus=6");
	check_sizes("arm64-64k:16G,cpus=2");
}

/*
 * A node without CPUs splits its zones' high over all online CPUs:
 * two nodes of 32768 pages, two CPUs, both on node 0.  Node 0: split 2;
 * node 1: no CPU -> also 2.  And with one CPU per node: 1 each.
 */
static void test_highsize_cpuless_node(void **state)
{
	struct mc_machine_desc *d = calloc(1, sizeof(*d));

	(void)state;
	assert_non_null(d);
	for (int variant = 0; variant < 2; variant++) {
		struct mc_machine *m;

		memset(d, 0, sizeof(*d));
		strcpy(d->name, "two-nodes");
		strcpy(d->arch, "x86_64");
		d->page_shift = 12;
		d->nr_nodes = 2;
		d->nr_cpus = 2;
		d->cpu_to_node[0] = 0;
		d->cpu_to_node[1] = variant ? 1 : 0;
		d->nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
			.start_pfn = BASE, .spanned = 32768,
			.present = 32768, .managed = 32768 };
		d->nodes[1].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
			.start_pfn = BASE + 32768, .spanned = 32768,
			.present = 32768, .managed = 32768 };
		m = t_machine_desc(d, 0);
		for (int n = 0; n < 2; n++) {
			struct zone *z;
			int split = variant ? 1 : 2;

			z = &m->node_data[n]->node_zones[ZONE_NORMAL];

			assert_int_equal(z->pageset_high_max,
					 want_high(4096, split, 7));
			assert_int_equal(z->pageset_high_min,
					 want_high(low_wmark_pages(z), split,
						   7));
		}
		mc_machine_destroy(m);
	}
	free(d);
}

/* ---- refills: nr_pcp_alloc ----------------------------------------------- */

/*
 * One CPU, batch 7, high_min 2013, high_max 4096, nothing below the high
 * watermark.  Each refill (list empty) takes b = batch << alloc_factor
 * blocks, raises pcp->high by b (up to high_max), and bumps alloc_factor
 * while b <= high - count - batch and alloc_factor < 5.  By hand:
 *	refill  b    pcp->high after   count after the allocation
 *	1       7    2020              6
 *	2       14   2034              13
 *	3       28   2062              27
 *	4       56   2118              55
 *	5       112  2230              111
 *	6       224  2454              223
 *	7       224  2678              223
 * A free halves alloc_factor (5 -> 2), so the next refill is 7 << 2.
 */
static void test_refill_growth(void **state)
{
	static const int b[] = { 7, 14, 28, 56, 112, 224, 224 };
	static const int high[] = { 2020, 2034, 2062, 2118, 2230, 2454, 2678 };
	struct mc_machine *m = normal_machine(32768, 1);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	uint64_t last = 0;

	(void)state;
	assert_int_equal(pcp->count, 0);
	assert_int_equal(pcp->alloc_factor, 0);
	for (unsigned r = 0; r < ARRAY_SIZE(b); r++) {
		last = alloc_on(m, MOVG, 0, 0);
		assert_int_equal(pcp->count, b[r] - 1);
		assert_int_equal(pcp->high, high[r]);
		assert_int_equal(pcp->alloc_factor, r + 1 < 5 ? r + 1 : 5);
		/* Use up the rest of this refill. */
		for (int i = 0; i < b[r] - 1; i++)
			alloc_on(m, MOVG, 0, 0);
		assert_int_equal(pcp->count, 0);
	}
	assert_false(zone_test_bit(normal(m), ZONE_BELOW_HIGH));
	/* Free one page: alloc_factor 5 -> 2; it is on the list, so the next
	 * allocation takes it back (LIFO) without a refill. */
	free_on(m, last, 0, 0);
	assert_int_equal(pcp->alloc_factor, 2);
	assert_int_equal(pcp->count, 1);
	assert_int_equal(alloc_on(m, MOVG, 0, 0), last);
	/* Refill with b = 7 << 2 = 28. */
	alloc_on(m, MOVG, 0, 0);
	assert_int_equal(pcp->count, 27);
	assert_int_equal(pcp->alloc_factor, 3);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Higher orders: b = batch (no alloc_factor), then b >> order blocks,
 * at least 2: order 1 -> 3 blocks, order 2 -> 2 (7 >> 2 = 1 -> 2),
 * order 3 -> 2, order 9 -> 2 (THP list).
 */
static void test_refill_high_orders(void **state)
{
	static const struct {
		unsigned order;
		int blocks;
	} c[] = { { 1, 3 }, { 2, 2 }, { 3, 2 }, { 9, 2 } };
	struct mc_machine *m = normal_machine(32768, 1);
	struct per_cpu_pages *pcp = pcp_of(m, 0);

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		alloc_on(m, MOVG, c[i].order, 0);
		assert_int_equal(pcp->count,
				 (c[i].blocks - 1) << c[i].order);
		mc_drain_all_pages(m);
	}
	mc_machine_destroy(m);
}

/* ---- LIFO and per-CPU placement ------------------------------------------ */

static void test_lifo_per_cpu(void **state)
{
	struct mc_machine *m = normal_machine(32768, 2);
	struct per_cpu_pages *p0 = pcp_of(m, 0), *p1 = pcp_of(m, 1);
	uint64_t x, y;
	int c0, c1;

	(void)state;
	x = alloc_on(m, MOVG, 0, 0);
	c0 = p0->count;
	/* Free on CPU 0: back on CPU 0's list head, and handed out next. */
	free_on(m, x, 0, 0);
	assert_int_equal(p0->count, c0 + 1);
	assert_int_equal(ilist_first(m, p0->lists[PINDEX(MIGRATE_MOVABLE, 0)]),
			 page_idx(m, pfn_to_page(m, x)));
	assert_int_equal(alloc_on(m, MOVG, 0, 0), x);
	assert_int_equal(p0->count, c0);

	/* Free on CPU 1: CPU 1's list, not CPU 0's. */
	c1 = p1->count;
	free_on(m, x, 0, 1);
	assert_int_equal(p1->count, c1 + 1);
	assert_int_equal(p0->count, c0);
	{
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, x, &pi), 0);
		assert_int_equal(pi.state, MC_PS_PCP);
	}
	y = alloc_on(m, MOVG, 0, 0);
	assert_int_not_equal(y, x);
	assert_int_equal(alloc_on(m, MOVG, 0, 1), x);
	assert_int_equal(p1->count, c1);

	/* Two frees: the later one comes back first. */
	free_on(m, x, 0, 0);
	free_on(m, y, 0, 0);
	assert_int_equal(alloc_on(m, MOVG, 0, 0), y);
	assert_int_equal(alloc_on(m, MOVG, 0, 0), x);

	/* Per migratetype: an Unmovable free does not feed Movable. */
	x = alloc_on(m, UNMOVG, 0, 0);
	free_on(m, x, 0, 0);
	assert_int_not_equal(alloc_on(m, MOVG, 0, 0), x);
	assert_int_equal(alloc_on(m, UNMOVG, 0, 0), x);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- draining on overflow ------------------------------------------------ */

struct evlog {
	int n, cap;
	struct mc_trace_event *ev;
};

static void log_event(void *ctx, const struct mc_trace_event *ev)
{
	struct evlog *l = ctx;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->ev = realloc(l->ev, (size_t)l->cap * sizeof(*l->ev));
		assert_non_null(l->ev);
	}
	l->ev[l->n++] = *ev;
}

static void drain_log(struct mc_machine *m, struct evlog *l)
{
	memset(l, 0, sizeof(*l));
	assert_int_equal(mc_trace_enable(m, "kmem:mm_page_pcpu_drain", true),
			 1);
	mc_trace_set_callback(m, log_event, l);
}

static void expect_drain(const struct evlog *l, int i, uint64_t pfn,
			 int order, int mt)
{
	assert_true(i < l->n);
	assert_int_equal(l->ev[i].id, MC_TRACE_mm_page_pcpu_drain);
	if (l->ev[i].args[0] != (int64_t)pfn)
		fprintf(stderr, "drain event %d: pfn %#llx, want %#llx\n", i,
			(unsigned long long)l->ev[i].args[0],
			(unsigned long long)pfn);
	assert_int_equal(l->ev[i].args[0], pfn);
	assert_int_equal(l->ev[i].args[1], order);
	assert_int_equal(l->ev[i].args[2], mt);
}

/*
 * high fixed at 40 (high_min = high_max, as percpu_pagelist_high_fraction
 * would make it), batch 7.  Frees on CPU 0: b1 (Movable order 1), u1..u20
 * (Unmovable order 0), p1..p18 (Movable order 0).  The 18th p makes count
 * 2 + 20 + 18 = 40 = high; free_count is 40, so nr_pcp_free = clamp(40,
 * 7, 40 - 7) = 33 pages.  free_pcppages_bulk starts at the freed list
 * (Movable order 0, pindex 1): its tail is p1, so p1..p18 (15 to go), then
 * pindex 2, 3 are empty, pindex 4 gives b1 (13 to go), ... wrapping to
 * pindex 0: u1..u13.  Left on the list: u14..u20 (7 pages).
 */
static void test_overflow_round_robin(void **state)
{
	struct mc_machine *m = normal_machine(32768, 1);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	uint64_t b1, u[21], p[19];
	struct evlog l;
	int e = 0;

	(void)state;
	b1 = alloc_on(m, MOVG, 1, 0);
	for (int i = 1; i <= 20; i++)
		u[i] = alloc_on(m, UNMOVG, 0, 0);
	for (int i = 1; i <= 18; i++)
		p[i] = alloc_on(m, MOVG, 0, 0);
	mc_drain_all_pages(m);
	assert_int_equal(pcp->count, 0);
	pcp->high_min = pcp->high_max = 40;
	assert_int_equal(pcp->batch, 7);
	assert_int_equal(pcp->free_count, 0);
	assert_int_equal(pcp->flags, 0);

	drain_log(m, &l);
	free_on(m, b1, 1, 0);
	for (int i = 1; i <= 20; i++)
		free_on(m, u[i], 0, 0);
	for (int i = 1; i <= 17; i++)
		free_on(m, p[i], 0, 0);
	assert_int_equal(pcp->count, 39);
	assert_int_equal(l.n, 0);
	free_on(m, p[18], 0, 0);
	assert_int_equal(pcp->count, 7);
	assert_int_equal(l.n, 18 + 1 + 13);
	for (int i = 1; i <= 18; i++)
		expect_drain(&l, e++, p[i], 0, MIGRATE_MOVABLE);
	expect_drain(&l, e++, b1, 1, MIGRATE_MOVABLE);
	for (int i = 1; i <= 13; i++)
		expect_drain(&l, e++, u[i], 0, MIGRATE_UNMOVABLE);
	for (int i = 14; i <= 20; i++) {
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, u[i], &pi), 0);
		assert_int_equal(pi.state, MC_PS_PCP);
	}
	{
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, p[1], &pi), 0);
		assert_int_equal(pi.state, MC_PS_FREE);
	}
	assert_int_equal(t_check(m), 0);
	free(l.ev);
	mc_machine_destroy(m);
}

/*
 * free_high: an order-1..3 free right after another such free, with
 * free_count >= batch, drains min(count, batch << 5) pages at once.
 * variant 0: b1..b5 (order 1): free_count before each is 0, 2, 4, 6, 8;
 *   only b5 sees free_count 8 >= 7 with PCPF_PREV_FREE_HIGH_ORDER set:
 *   count 10 -> 0, tails first (b1..b5), and pcp->high drops by
 *   batch << 5 (to high_min).
 * variant 1: an order-0 free between b4 and b5 clears
 *   PCPF_PREV_FREE_HIGH_ORDER: nothing is drained.
 * variant 2: p0 first (free_count 1), then b1, b2, b3 (3, 5, 7): b4 sees
 *   free_count == batch exactly and drains all 9 pages: from b4's list
 *   (tail b1 .. b4), then round-robin to Movable order 0: p0.
 */
static void test_free_high(void **state)
{
	for (int variant = 0; variant < 3; variant++) {
		struct mc_machine *m = normal_machine(32768, 1);
		struct per_cpu_pages *pcp = pcp_of(m, 0);
		uint64_t b[6], p0;
		struct evlog l;

		(void)state;
		for (int i = 1; i <= 5; i++)
			b[i] = alloc_on(m, MOVG, 1, 0);
		p0 = alloc_on(m, MOVG, 0, 0);
		mc_drain_all_pages(m);
		assert_int_equal(pcp->free_count, 0);
		assert_int_equal(pcp->flags, 0);
		drain_log(m, &l);
		if (variant == 2) {
			free_on(m, p0, 0, 0);
			for (int i = 1; i <= 3; i++)
				free_on(m, b[i], 1, 0);
			assert_int_equal(pcp->free_count, 7);
			assert_int_equal(l.n, 0);
			free_on(m, b[4], 1, 0);
			assert_int_equal(pcp->count, 0);
			assert_int_equal(l.n, 5);
			for (int i = 1; i <= 4; i++)
				expect_drain(&l, i - 1, b[i], 1,
					     MIGRATE_MOVABLE);
			expect_drain(&l, 4, p0, 0, MIGRATE_MOVABLE);
			assert_int_equal(t_check(m), 0);
			free(l.ev);
			mc_machine_destroy(m);
			continue;
		}
		for (int i = 1; i <= 4; i++)
			free_on(m, b[i], 1, 0);
		if (variant)
			free_on(m, p0, 0, 0);
		assert_int_equal(l.n, 0);
		free_on(m, b[5], 1, 0);
		if (!variant) {
			assert_int_equal(pcp->count, 0);
			assert_int_equal(l.n, 5);
			for (int i = 1; i <= 5; i++)
				expect_drain(&l, i - 1, b[i], 1,
					     MIGRATE_MOVABLE);
			assert_int_equal(pcp->high, pcp->high_min);
		} else {
			assert_int_equal(pcp->count, 11);
			assert_int_equal(l.n, 0);
		}
		assert_int_equal(t_check(m), 0);
		free(l.ev);
		mc_machine_destroy(m);
	}
}

/* ---- the adaptive high, free by free, against a model -------------------- */

struct pcp_model {
	int count, high, high_min, high_max, batch, free_count;
	bool below_high;
	long zone_free;
	unsigned long high_wmark;
	/* the Movable order-0 list, head at [head] */
	uint64_t *list;
	int head, len, cap;
	/* drained pfns in order */
	uint64_t *drained;
	int ndrained;
};

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int maxi(int a, int b)
{
	return a > b ? a : b;
}

/* free_unref_page_commit + nr_pcp_high + nr_pcp_free for an order-0 free
 * onto the one list in use (kernel-spec 3.4). */
static void model_free(struct pcp_model *md, uint64_t pfn)
{
	int hi, h;

	md->head = (md->head - 1 + md->cap) % md->cap;
	md->list[md->head] = pfn;
	md->len++;
	md->count++;
	if (md->free_count < (md->batch << 5))
		md->free_count++;
	hi = clampi(md->high, md->high_min, md->high_max);
	md->high = hi;
	if (!hi) {
		h = 0;
	} else if (md->high_min == md->high_max) {
		h = hi;
	} else if (md->below_high) {
		md->high = maxi(hi - maxi(md->free_count, md->batch),
				md->high_min);
		h = maxi(md->count, md->high_min);
	} else {
		if (md->count >= hi) {
			int need = md->free_count + md->batch;

			if (md->high < need)
				md->high = clampi(need, md->high_min,
						  md->high_max);
		}
		h = hi;
	}
	if (md->count >= h) {
		int n = h < md->batch ? 1 :
			clampi(md->free_count, md->batch, h - md->batch);

		if (n > md->count)
			n = md->count;
		for (int i = 0; i < n; i++) {
			int tail = (md->head + md->len - 1) % md->cap;

			md->drained[md->ndrained++] = md->list[tail];
			md->len--;
		}
		md->count -= n;
		md->zone_free += n;
		if (md->below_high &&
		    md->zone_free > (long)md->high_wmark)
			md->below_high = false;
	}
}

/*
 * Allocate Movable order-0 pages until the zone falls below its high
 * watermark (ZONE_BELOW_HIGH set by get_page_from_freelist) and a little
 * more, drain the pcp lists, then free every page on CPU 0.  After each
 * free, pcp->count, pcp->high, ZONE_BELOW_HIGH and the pages drained
 * (mm_page_pcpu_drain) must match the model.  The run crosses from
 * below-high (high shrinks towards high_min, drains at high_min) to
 * normal operation (drains at high, high grows to hold a batch).
 */
static void test_adaptive_high_model(void **state)
{
	struct mc_machine *m = normal_machine(32768, 1);
	struct zone *z = normal(m);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	int cap = 32768, n = 0, extra = 200;
	uint64_t *pfns = calloc((size_t)cap, sizeof(*pfns));
	struct pcp_model md = { 0 };
	struct evlog l;

	(void)state;
	assert_non_null(pfns);
	while (extra > 0) {
		pfns[n++] = alloc_on(m, MOVG, 0, 0);
		if (zone_test_bit(z, ZONE_BELOW_HIGH))
			extra--;
	}
	mc_drain_all_pages(m);
	assert_true(zone_test_bit(z, ZONE_BELOW_HIGH));
	assert_int_equal(pcp->count, 0);
	assert_int_equal(pcp->free_count, 0);

	md.high = pcp->high;
	md.high_min = pcp->high_min;
	md.high_max = pcp->high_max;
	md.batch = pcp->batch;
	md.below_high = true;
	md.zone_free = (long)zone_page_state(z, NR_FREE_PAGES);
	md.high_wmark = high_wmark_pages(z);
	md.cap = n + 1;
	md.list = calloc((size_t)md.cap, sizeof(uint64_t));
	md.drained = calloc((size_t)n, sizeof(uint64_t));
	assert_non_null(md.list);
	assert_non_null(md.drained);
	assert_int_equal(md.high_min, 2013);
	assert_int_equal(md.high_max, 4096);

	drain_log(m, &l);
	for (int i = 0; i < n; i++) {
		free_on(m, pfns[i], 0, 0);
		model_free(&md, pfns[i]);
		if (pcp->count != md.count || pcp->high != md.high ||
		    zone_test_bit(z, ZONE_BELOW_HIGH) != md.below_high ||
		    l.n != md.ndrained)
			fprintf(stderr, "free %d: count %d/%d high %d/%d "
				"below_high %d/%d drained %d/%d\n", i,
				pcp->count, md.count, pcp->high, md.high,
				zone_test_bit(z, ZONE_BELOW_HIGH),
				md.below_high, l.n, md.ndrained);
		assert_int_equal(pcp->count, md.count);
		assert_int_equal(pcp->high, md.high);
		assert_int_equal(zone_test_bit(z, ZONE_BELOW_HIGH),
				 md.below_high);
		assert_int_equal(l.n, md.ndrained);
	}
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.ev[i].args[0], md.drained[i]);
	/* The run did go through both regimes. */
	assert_false(md.below_high);
	assert_true(md.ndrained > 2 * 2013);
	assert_int_equal(t_check(m), 0);
	free(md.list);
	free(md.drained);
	free(l.ev);
	free(pfns);
	mc_machine_destroy(m);
}

/* ---- drain_all_pages, bypasses, THP lists -------------------------------- */

static void test_drain_all(void **state)
{
	struct mc_machine *m = normal_machine(32768, 2);
	struct zone *z = normal(m);
	static const uint32_t gfps[3] = { MOVG, UNMOVG, RECLG };
	static const unsigned orders[5] = { 0, 1, 2, 3, 9 };
	uint64_t pfn[60];
	unsigned ord[60];
	int n = 0, on_pcp;
	struct evlog l;

	(void)state;
	for (int r = 0; r < 4; r++)
		for (int g = 0; g < 3; g++)
			for (int o = 0; o < 5; o++) {
				ord[n] = orders[o];
				pfn[n] = alloc_on(m, gfps[g], orders[o], r & 1);
				n++;
			}
	for (int i = 0; i < n; i++)
		free_on(m, pfn[i], ord[i], (i >> 1) & 1);
	on_pcp = pcp_of(m, 0)->count + pcp_of(m, 1)->count;
	assert_true(on_pcp > 0);
	drain_log(m, &l);
	mc_drain_all_pages(m);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_int_equal(pcp_of(m, cpu)->count, 0);
		for (int li = 0; li < NR_PCP_LISTS; li++)
			assert_true(ilist_empty(m, pcp_of(m, cpu)->lists[li]));
	}
	{
		long pages = 0;

		for (int i = 0; i < l.n; i++)
			pages += 1L << l.ev[i].args[1];
		assert_int_equal(pages, on_pcp);
	}
	/* Everything is free and merged back to order 10. */
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), 32768);
	assert_int_equal(z->free_area[10].nr_free, 32);
	assert_int_equal(t_check(m), 0);
	free(l.ev);
	mc_machine_destroy(m);
}

/*
 * A page freed into a MIGRATE_ISOLATE pageblock goes straight to the
 * buddy Isolate list (free_unref_page -> free_one_page), not to the pcp
 * list, and is not counted in NR_FREE_PAGES.
 */
static void test_isolate_bypasses_pcp(void **state)
{
	struct mc_machine *m = normal_machine(32768, 1);
	struct zone *z = normal(m);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	unsigned long start, nr_free, listed = 0;
	uint64_t x;
	int count;

	(void)state;
	x = alloc_on(m, MOVG, 0, 0);
	mc_drain_all_pages(m);
	start = pageblock_start_pfn(m, x);
	assert_true(move_freepages_block_isolate(z, pfn_to_page(m, start),
						 MIGRATE_ISOLATE));
	z->nr_isolate_pageblock++;
	assert_int_equal(get_pfnblock_migratetype(m, x), MIGRATE_ISOLATE);
	assert_int_equal(t_check(m), 0);

	count = pcp->count;
	nr_free = zone_page_state(z, NR_FREE_PAGES);
	free_on(m, x, 0, 0);
	assert_int_equal(pcp->count, count);
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), nr_free);
	for (unsigned o = 0; o < m->nr_page_orders; o++)
		listed += z->free_area[o].nr_list[MIGRATE_ISOLATE] << o;
	assert_int_equal(listed, 512);	/* the whole block, merged */
	{
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, x, &pi), 0);
		assert_int_equal(pi.state, MC_PS_FREE);
	}
	assert_int_equal(t_check(m), 0);

	/*
	 * Undo as unset_migratetype_isolate() does for a free block of at
	 * least pageblock order: take it off the Isolate list, retype the
	 * pageblock and put it back through __free_one_page so that it
	 * merges with its free buddy 0x10200/9.
	 */
	{
		struct page *pg = pfn_to_page(m, start);

		assert_int_equal(page_state(pg), PS_BUDDY);
		assert_int_equal(buddy_order(pg), 9);
		assert_int_equal(__isolate_free_page(m, pg, 9), 512);
		set_pageblock_migratetype(m, start, MIGRATE_MOVABLE);
		__putback_isolated_page(m, pg, 9, MIGRATE_MOVABLE);
	}
	z->nr_isolate_pageblock--;
	assert_int_equal(zone_page_state(z, NR_FREE_PAGES), nr_free + 512);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Orders 4..8 and 10 never touch the pcp lists; order 9 (HPAGE_PMD_ORDER)
 * uses the THP lists: pindex 12 for Unmovable and Reclaimable, 13 for
 * Movable.
 */
static void test_order_bypass_and_thp(void **state)
{
	struct mc_machine *m = normal_machine(32768, 1);
	struct per_cpu_pages *pcp = pcp_of(m, 0);
	static const unsigned bypass[] = { 4, 5, 6, 7, 8, 10 };

	(void)state;
	assert_int_equal(NR_PCP_LISTS, 14);
	for (unsigned i = 0; i < ARRAY_SIZE(bypass); i++) {
		uint64_t x = alloc_on(m, MOVG, bypass[i], 0);
		struct mc_page_info pi;

		assert_int_equal(pcp->count, 0);
		free_on(m, x, bypass[i], 0);
		assert_int_equal(pcp->count, 0);
		assert_int_equal(mc_page_info(m, x, &pi), 0);
		assert_int_equal(pi.state, MC_PS_FREE);
		assert_false(pcp_allowed_order(m, bypass[i]));
	}
	assert_true(pcp_allowed_order(m, 9));
	{
		/* Movable THP: refill of 2, one handed out; the free lands
		 * at the head of list 13. */
		uint64_t x = alloc_on(m, MOVG, 9, 0);

		assert_int_equal(pcp->count, 512);
		free_on(m, x, 9, 0);
		assert_int_equal(pcp->count, 1024);
		assert_int_equal(ilist_first(m, pcp->lists[13]),
				 page_idx(m, pfn_to_page(m, x)));
		assert_true(ilist_empty(m, pcp->lists[12]));
		mc_drain_all_pages(m);
	}
	{
		uint64_t x = alloc_on(m, UNMOVG, 9, 0);
		uint64_t y = alloc_on(m, RECLG, 9, 0);

		free_on(m, x, 9, 0);
		free_on(m, y, 9, 0);
		assert_int_equal(ilist_first(m, pcp->lists[12]),
				 page_idx(m, pfn_to_page(m, y)));
		assert_true(ilist_empty(m, pcp->lists[13]));
	}
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batchsize),
		cmocka_unit_test(test_highsize_cpus),
		cmocka_unit_test(test_sizes_presets),
		cmocka_unit_test(test_highsize_cpuless_node),
		cmocka_unit_test(test_refill_growth),
		cmocka_unit_test(test_refill_high_orders),
		cmocka_unit_test(test_lifo_per_cpu),
		cmocka_unit_test(test_overflow_round_robin),
		cmocka_unit_test(test_free_high),
		cmocka_unit_test(test_adaptive_high_model),
		cmocka_unit_test(test_drain_all),
		cmocka_unit_test(test_isolate_bypasses_pcp),
		cmocka_unit_test(test_order_bypass_and_thp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
