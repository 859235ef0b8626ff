// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_free_bulk.c - mc_free_pages_bulk(), the model's release_pages():
 * free_unref_folios() events and placement, and rejected batches that
 * change nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "trace_check.h"
#include "mm/internal.h"

struct rec {
	int nfree, nbatched;
	uint64_t batched[64];
	int bad_lines;
};

static void on_event(void *ctx, const struct mc_trace_event *ev)
{
	struct rec *r = ctx;
	char line[512], why[128];

	if (ev->id == MC_TRACE_mm_page_free)
		r->nfree++;
	if (ev->id == MC_TRACE_mm_page_free_batched && r->nbatched < 64)
		r->batched[r->nbatched++] = (uint64_t)ev->args[0];
	mc_trace_format(NULL, ev, 0, line, sizeof(line));
	if (trace_check_line(line, why, sizeof(why)))
		r->bad_lines++;
}

static uint64_t alloc(struct mc_machine *m, unsigned order)
{
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | (order ? MC_GFP_COMP : 0),
		.order = order, .nid = -1, .cpu = 0, .kind = MC_PAGE_ANON,
	};
	uint64_t pfn;

	assert_int_equal(mc_alloc_pages(m, &rq, &pfn), 0);
	return pfn;
}

/*
 * Blocks of orders 0, 1, 3, 4, 9, 10: every one gets mm_page_free;
 * orders 4 and 10 are not pcp orders and go to the buddy directly; the
 * others are committed to the pcp list with mm_page_free_batched, in the
 * order given.  The pcp count grows by 1 + 2 + 8 + 512 pages.
 */
static void test_events_and_placement(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=1", 0);
	static const unsigned orders[] = { 0, 1, 3, 4, 9, 10 };
	uint64_t pfns[6];
	struct rec r;
	struct mc_zone_stats before, after;

	(void)state;
	for (int i = 0; i < 6; i++)
		pfns[i] = alloc(m, orders[i]);
	memset(&r, 0, sizeof(r));
	mc_trace_set_callback(m, on_event, &r);
	mc_trace_enable(m, "kmem:mm_page_free", true);
	mc_trace_enable(m, "kmem:mm_page_free_batched", true);
	mc_zone_stats(m, 0, MC_ZONE_DMA32, &before);
	assert_int_equal(mc_free_pages_bulk(m, pfns, 6, 0), 0);
	mc_zone_stats(m, 0, MC_ZONE_DMA32, &after);
	assert_int_equal(r.nfree, 6);
	assert_int_equal(r.nbatched, 4);
	assert_int_equal(r.batched[0], pfns[0]);
	assert_int_equal(r.batched[1], pfns[1]);
	assert_int_equal(r.batched[2], pfns[2]);
	assert_int_equal(r.batched[3], pfns[4]);
	assert_int_equal(r.bad_lines, 0);
	/* the pcp list may overflow and drain; pages are conserved */
	assert_int_equal((after.pcp_pages + after.nr_free) -
				 (before.pcp_pages + before.nr_free),
			 1 + 2 + 8 + 16 + 512 + 1024);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Bad batches: a duplicate, a follower pfn, a free pfn.  Nothing frees. */
static void test_rejected_batches_change_nothing(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=1", 0);
	uint64_t a = alloc(m, 0), b = alloc(m, 3), c = alloc(m, 0);
	uint64_t dup[] = { a, b, a };
	uint64_t tail[] = { a, b + 1 };
	struct mc_page_info i;
	uint64_t freed_before, freed_after;

	(void)state;
	mc_free_pages(m, c, 0, 0);
	uint64_t freepfn[] = { a, c };

	mc_vmstat_get(m, "pgfree", &freed_before);
	assert_int_equal(mc_free_pages_bulk(m, dup, 3, 0), -EINVAL);
	assert_int_equal(mc_free_pages_bulk(m, tail, 2, 0), -EINVAL);
	assert_int_equal(mc_free_pages_bulk(m, freepfn, 2, 0), -EINVAL);
	assert_int_equal(mc_free_pages_bulk(m, dup, 3, 7), -EINVAL);
	mc_vmstat_get(m, "pgfree", &freed_after);
	assert_int_equal(freed_before, freed_after);
	assert_int_equal(mc_page_info(m, a, &i), 0);
	assert_int_equal(i.state, MC_PS_ALLOCATED);
	assert_int_equal(mc_page_info(m, b, &i), 0);
	assert_int_equal(i.state, MC_PS_ALLOCATED);
	assert_int_equal(mc_free_pages_bulk(m, NULL, 0, 0), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* 100 order-0 folios: four batches of 31, 31, 31, 7 (PAGEVEC_SIZE). */
static void test_large_batch(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	uint64_t pfns[100];
	struct rec r;

	(void)state;
	for (int i = 0; i < 100; i++)
		pfns[i] = alloc(m, 0);
	memset(&r, 0, sizeof(r));
	mc_trace_set_callback(m, on_event, &r);
	mc_trace_enable(m, "kmem:mm_page_free_batched", true);
	assert_int_equal(mc_free_pages_bulk(m, pfns, 100, 1), 0);
	assert_int_equal(r.nbatched, 64);	/* capped recorder */
	for (int i = 0; i < 64; i++)
		assert_int_equal(r.batched[i], pfns[i]);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_and_placement),
		cmocka_unit_test(test_rejected_batches_change_nothing),
		cmocka_unit_test(test_large_batch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
