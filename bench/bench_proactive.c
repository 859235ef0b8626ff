// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_proactive.c - a reduced-size reproduction of the 2020 proactive
 * compaction evaluation (Nitin Gupta, "[PATCH v7] mm: Proactive
 * compaction", merged for 5.9; ../shared/field.md A1).
 *
 * The original: a 1 TB x86_64 machine; a fragmenter that allocates almost
 * all memory and frees 3 of every 4 base pages of each 2 MiB chunk (all
 * movable); then a kernel driver allocates huge pages until it fails,
 * with vm.compaction_proactiveness 0 (vanilla) and 20.  Result: yield 98%
 * in both, p50 allocation latency 21229 us -> 4 us.
 *
 * Here: a pc:8G machine (one node, DMA, DMA32 and Normal zones, 2 CPUs).
 *  1. Fragment: allocate order-0 ANON pages (GFP_HIGHUSER_MOVABLE without
 *     reclaim, so down to the watermarks) until the allocator refuses;
 *     then in every 2 MiB block keep 128 allocated pages chosen at random
 *     (seeded) and free the rest; drain the per-cpu lists.
 *  2. Set vm.compaction_proactiveness (0 or 20; a non-zero write triggers
 *     kcompactd at once) and let 5 s of machine time pass: kcompactd's
 *     500 ms checks run.
 *  3. The driver allocates order-9 pages with GFP_TRANSHUGE |
 *     __GFP_RETRY_MAYFAIL (the flags discussed for the driver in the v1
 *     thread) as unmovable kernel memory, until an allocation fails.
 *     Between two allocations it lets @interval of machine time pass, so
 *     that kcompactd can run; interval 0 is a driver faster than any
 *     background work.
 *
 * Measured per run, over phase 3: huge pages obtained and the yield (huge
 * page memory / free memory when phase 3 starts); direct compaction stalls
 * and the pages direct compaction scanned (migrate + free scanner) per huge
 * page obtained; the same for kcompactd (compact_daemon_*); pages migrated
 * per huge page; and, per allocation, the pages direct compaction scanned
 * for it: the share of allocations that needed none, p50, p95 and max.
 * The model does not charge machine time for compaction, so latency is
 * reported as this work, not in microseconds.  Lines are "name: value".
 * MC_BENCH_QUICK=1 runs a pc:2G machine.
 */
#include "proactive_eval.h"

static void print_run(const struct eval_run *r)
{
	struct eval_result e;
	double n;

	if (eval_run(r, &e)) {
		fprintf(stderr, "bench_proactive: cannot create %s\n", r->spec);
		exit(1);
	}
	n = e.obtained ? (double)e.obtained : 1.0;
	printf("run: %s proactiveness=%d interval_us=%llu seed=%llu\n",
	       r->spec, r->proactiveness,
	       (unsigned long long)(r->interval_ns / US),
	       (unsigned long long)r->seed);
	printf("  pages_kept_by_fragmenter: %llu\n", (unsigned long long)e.kept);
	printf("  free_pages_before: %llu\n",
	       (unsigned long long)e.free_before);
	printf("  huge_pages_obtained: %llu\n",
	       (unsigned long long)e.obtained);
	printf("  yield_percent: %.1f\n", e.yield_percent);
	printf("  direct_compaction_stalls: %llu\n",
	       (unsigned long long)e.stalls);
	printf("  direct_scanned_per_huge_page: %.1f\n",
	       (double)e.direct_scanned / n);
	printf("  kcompactd_scanned_per_huge_page: %.1f\n",
	       (double)e.kcompactd_scanned / n);
	printf("  migrated_per_huge_page: %.1f\n", (double)e.migrated / n);
	printf("  allocations_without_direct_compaction_percent: %.1f\n",
	       100.0 * (double)e.no_direct / n);
	printf("  direct_scanned_per_allocation_p50: %llu\n",
	       (unsigned long long)e.p50);
	printf("  direct_scanned_per_allocation_p95: %llu\n",
	       (unsigned long long)e.p95);
	printf("  direct_scanned_per_allocation_max: %llu\n",
	       (unsigned long long)e.max);
	fflush(stdout);
}

int main(void)
{
	const char *quick = getenv("MC_BENCH_QUICK");
	const char *spec = quick && *quick == '1' ? "pc:2G,cpus=2" :
						     "pc:8G,cpus=2";
	const uint64_t intervals[] = { 0, 1 * MS, 10 * MS, 100 * MS };
	const int pro[] = { 0, 20 };

	printf("bench_proactive: 2020 proactive compaction evaluation, "
	       "reduced\n");
	for (size_t i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++)
		for (size_t p = 0; p < 2; p++) {
			struct eval_run r = { spec, pro[p], intervals[i], 1 };

			print_run(&r);
		}
	return 0;
}
