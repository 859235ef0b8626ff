// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_alloc.c - allocator micro-benchmarks (make bench).
 *
 * Prints one "name: value unit" line per metric; times are the minimum
 * and the median of several repetitions measured with CLOCK_MONOTONIC.
 * Nothing is asserted: the numbers are for reading.
 *
 *  - order-0 alloc+free pairs on one CPU through the per-cpu lists, in
 *    steady state (the page freed is the page allocated next);
 *  - the same with the pcp lists holding nothing: every pcp of every zone
 *    is set to the kernel's boot pageset state (high_min = high_max = 0,
 *    batch = 1), so each allocation refills one page from the buddy lists
 *    and each free drains it back;
 *  - order-9 (THP-sized) alloc+free pairs;
 *  - metadata per page frame;
 *  - creating and destroying a 1 TiB machine: time and peak RSS.
 */
#include "mm/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define REPS 7

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct mc_machine *make(const char *spec)
{
	static struct mc_machine_desc d;
	struct mc_options o = { .seed = 1, .flags = 0 };
	struct mc_error err = { 0 };
	struct mc_machine *m = NULL;

	memset(&d, 0, sizeof(d));
	if (mc_desc_preset(spec, &d, &err) ||
	    mc_machine_create(&d, &o, &m, &err)) {
		fprintf(stderr, "bench_alloc: %s: %s\n", spec, err.msg);
		exit(1);
	}
	return m;
}

/* ns per alloc+free pair, REPS times; prints min and median. */
static void pairs(struct mc_machine *m, const char *name, uint32_t gfp,
		  unsigned order, enum mc_page_kind kind, long n)
{
	struct mc_alloc_request r = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = 0,
		.owner = 0, .kind = kind,
	};
	double t[REPS];
	uint64_t pfn;

	/* Warm up into the steady state. */
	for (long i = 0; i < n / 10 + 100; i++) {
		if (mc_alloc_pages(m, &r, &pfn) ||
		    mc_free_pages(m, pfn, order, 0)) {
			fprintf(stderr, "bench_alloc: %s: allocation failed\n",
				name);
			exit(1);
		}
	}
	for (int k = 0; k < REPS; k++) {
		double t0 = now_ns();

		for (long i = 0; i < n; i++) {
			mc_alloc_pages(m, &r, &pfn);
			mc_free_pages(m, pfn, order, 0);
		}
		t[k] = (now_ns() - t0) / (double)n;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_double);
	printf("%s_min: %.1f ns\n", name, t[0]);
	printf("%s_median: %.1f ns\n", name, t[REPS / 2]);
}

/* The kernel's boot pageset (BOOT_PAGESET_HIGH/BATCH) on every pcp. */
static void pcp_boot_state(struct mc_machine *m)
{
	mc_drain_all_pages(m);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z)
			for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp =
					&z->per_cpu_pageset[cpu];

				pcp->high_min = BOOT_PAGESET_HIGH;
				pcp->high_max = BOOT_PAGESET_HIGH;
				pcp->high = 0;
				pcp->batch = BOOT_PAGESET_BATCH;
			}
	}
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(void)
{
	const char *spec = "pc:4G";
	struct mc_machine *m;
	struct mc_geometry g;
	long rss0, rss1;
	double t0, t1, t2;

	/* The 1 TiB machine first, so that the RSS peak is its own. */
	rss0 = maxrss_kb();
	t0 = now_ns();
	m = make("pc:1T");
	t1 = now_ns();
	mc_machine_geometry(m, &g);
	mc_machine_destroy(m);
	t2 = now_ns();
	rss1 = maxrss_kb();
	printf("machine_1tib_pfns: %llu pages\n",
	       (unsigned long long)(g.end_pfn - g.start_pfn));
	printf("machine_1tib_create: %.3f s\n", (t1 - t0) / 1e9);
	printf("machine_1tib_destroy: %.3f s\n", (t2 - t1) / 1e9);
	printf("machine_1tib_maxrss_before: %ld KiB\n", rss0);
	printf("machine_1tib_maxrss_after: %ld KiB\n", rss1);
	printf("machine_1tib_maxrss_growth: %.1f MiB\n",
	       (double)(rss1 - rss0) / 1024.0);
	printf("machine_1tib_memmap: %.1f MiB\n",
	       (double)g.memmap_bytes / (1024.0 * 1024.0));

	printf("struct_page_size: %zu bytes\n", g.struct_page_size);
	printf("memmap_bytes_per_pfn: %.3f bytes\n",
	       (double)g.memmap_bytes / (double)(g.end_pfn - g.start_pfn));

	m = make(spec);
	printf("# timings on %s, CPU 0, %d repetitions; min and median\n",
	       spec, REPS);
	pairs(m, "order0_alloc_free_pcp", MC_GFP_KERNEL, 0, MC_PAGE_KERNEL,
	      1000000);
	pairs(m, "order9_alloc_free", MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP,
	      9, MC_PAGE_ANON, 200000);
	pairs(m, "order4_alloc_free_buddy", MC_GFP_KERNEL, 4, MC_PAGE_KERNEL,
	      500000);
	printf("# pcp bypassed: every pcp in the kernel's boot pageset state "
	       "(high_min = high_max = 0, batch = 1): nothing is cached\n");
	pcp_boot_state(m);
	pairs(m, "order0_alloc_free_nopcp", MC_GFP_KERNEL, 0, MC_PAGE_KERNEL,
	      1000000);
	mc_machine_destroy(m);
	return 0;
}
