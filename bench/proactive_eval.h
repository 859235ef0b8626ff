/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * proactive_eval.h - the experiment of bench_proactive.c (see there), shared
 * with its regression test (tests/unit/test_proactive_eval.c).  Public API
 * only.
 */
#ifndef MC_BENCH_PROACTIVE_EVAL_H
#define MC_BENCH_PROACTIVE_EVAL_H

#include <memcompact.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS	1000000ULL
#define US	1000ULL

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	if (mc_vmstat_get(m, name, &v)) {
		fprintf(stderr, "bench_proactive: no vmstat item %s\n", name);
		exit(1);
	}
	return v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t free_pages(struct mc_machine *m)
{
	return vm(m, "nr_free_pages");
}

/* Phase 1; returns the number of pages left allocated. */
static uint64_t fragment(struct mc_machine *m, uint64_t seed)
{
	struct mc_geometry g;
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE & ~MC_GFP_RECLAIM,
		.nid = -1, .cpu = 0, .kind = MC_PAGE_ANON,
	};
	uint8_t *mine;
	uint64_t pfn, kept = 0, rng = seed;

	mc_machine_geometry(m, &g);
	mine = calloc(g.end_pfn, 1);
	if (!mine)
		exit(1);
	while (!mc_alloc_pages(m, &rq, &pfn)) {
		mine[pfn] = 1;
		rq.cpu ^= 1;
	}
	for (uint64_t b = 0; b < g.end_pfn; b += 512) {
		uint16_t idx[512];
		unsigned n = 0, keep;

		for (unsigned i = 0; i < 512 && b + i < g.end_pfn; i++)
			if (mine[b + i])
				idx[n++] = (uint16_t)i;
		/* a random quarter stays: Fisher-Yates on the first n / 4 */
		keep = n / 4;
		for (unsigned i = 0; i < keep; i++) {
			unsigned j = i + (unsigned)(splitmix64(&rng) % (n - i));
			uint16_t t = idx[i];

			idx[i] = idx[j];
			idx[j] = t;
		}
		for (unsigned i = keep; i < n; i++)
			mc_free_pages(m, b + idx[i], 0, (int)(i & 1));
		kept += keep;
	}
	free(mine);
	mc_drain_all_pages(m);
	return kept;
}

struct eval_run {
	const char *spec;
	int proactiveness;
	uint64_t interval_ns;
	uint64_t seed;
};

struct eval_result {
	uint64_t kept, free_before, obtained, stalls;
	uint64_t direct_scanned, kcompactd_scanned, migrated;
	uint64_t no_direct;		/* allocations with no direct scanning */
	uint64_t p50, p95, max;		/* direct scanning per allocation */
	double yield_percent;
};

/* One run of the experiment; 0, or -1 when the machine cannot be made. */
static int eval_run(const struct eval_run *r, struct eval_result *res)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct mc_error err;
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_TRANSHUGE | MC_GFP_RETRY_MAYFAIL, .order = 9,
		.nid = -1, .cpu = 0, .kind = MC_PAGE_KERNEL,
	};
	uint64_t *work = NULL, nwork = 0, cap = 0, pfn, kept, free0, zero = 0;
	uint64_t stall0, dscan0, kscan0, mig0, scan_before;
	char v[8];

	if (mc_desc_preset(r->spec, &d, &err) ||
	    mc_machine_create(&d, NULL, &m, &err))
		return -1;
	kept = fragment(m, r->seed);
	snprintf(v, sizeof(v), "%d", r->proactiveness);
	mc_sysctl_write(m, "vm.compaction_proactiveness", v, strlen(v));
	mc_advance(m, 5000 * MS);

	free0 = free_pages(m);
	stall0 = vm(m, "compact_stall");
	dscan0 = vm(m, "compact_migrate_scanned") +
		 vm(m, "compact_free_scanned");
	kscan0 = vm(m, "compact_daemon_migrate_scanned") +
		 vm(m, "compact_daemon_free_scanned");
	mig0 = vm(m, "pgmigrate_success");
	for (;;) {
		int ret;

		scan_before = vm(m, "compact_migrate_scanned") +
			      vm(m, "compact_free_scanned");
		ret = mc_alloc_pages(m, &rq, &pfn);
		if (ret)
			break;
		if (nwork == cap) {
			cap = cap ? cap * 2 : 1024;
			work = realloc(work, cap * sizeof(*work));
			if (!work)
				exit(1);
		}
		work[nwork] = vm(m, "compact_migrate_scanned") +
			      vm(m, "compact_free_scanned") - scan_before;
		zero += work[nwork] == 0;
		nwork++;
		if (r->interval_ns)
			mc_advance(m, r->interval_ns);
	}

	uint64_t kscan = vm(m, "compact_daemon_migrate_scanned") +
			 vm(m, "compact_daemon_free_scanned") - kscan0;
	uint64_t allscan = vm(m, "compact_migrate_scanned") +
			   vm(m, "compact_free_scanned") - dscan0;
	uint64_t dscan = allscan - kscan;
	qsort(work, nwork, sizeof(*work), cmp_u64);
	memset(res, 0, sizeof(*res));
	res->kept = kept;
	res->free_before = free0;
	res->obtained = nwork;
	res->yield_percent = free0 ? 100.0 * (double)(nwork * 512) /
					     (double)free0 : 0.0;
	res->stalls = vm(m, "compact_stall") - stall0;
	res->direct_scanned = dscan;
	res->kcompactd_scanned = kscan;
	res->migrated = vm(m, "pgmigrate_success") - mig0;
	res->no_direct = zero;
	if (nwork) {
		res->p50 = work[nwork / 2];
		res->p95 = work[nwork * 95 / 100];
		res->max = work[nwork - 1];
	}
	free(work);
	mc_machine_destroy(m);
	return 0;
}

#endif
