// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_trace.c - the trace reader of 'memcompact replay' (tracefs "trace"
 * text, trace-cmd report, perf script: tools/memcompact/tracefile.c) and
 * the replay of what it reads (tools/memcompact/replay.c) on the one-zone
 * machine of the hand-worked replay test (8192 pages at pfn 0x8000).
 *
 * Guarantees checked:
 *  - a rejected trace gives an error naming the input, a line inside it
 *    and a problem;
 *  - an accepted trace replays without error or with a named one; after
 *    it the invariant checker finds nothing; the result adds up (every
 *    allocation the kernel made or failed, and ours made or failed, the
 *    refused among the failed; agreement at most the allocations), and
 *    tearing the replay down
 *    leaves every page free.
 * Machine time follows the trace only when it spans under a minute
 * (hours of timestamps would let the daemons run for hours: a test of
 * patience, not of the parser); else the clock is off.
 */
#include "fuzz.h"
#include "replay.h"

#include <errno.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mc_machine_desc d;
	struct mc_options o = { .seed = 1 };
	struct trace_read_opts ro = { .skip_unknown = size & 1 };
	struct trace_read_stats st = { 0 };
	struct replay_opts rpo = { .clock = REPLAY_CLOCK_OFF };
	struct tev_vec evs = { 0 };
	struct mc_machine *m;
	struct mc_error err;
	struct replay *rp;
	FILE *f;
	int ret, lines = 1;
	uint64_t managed, nr_free;

	if (!d.nr_nodes)
		FZ_ASSERT(mc_desc_from_zoneinfo(fz_tiny_zoneinfo,
						sizeof(fz_tiny_zoneinfo) - 1,
						"tiny", &d, &err) == 0,
			  "%s", err.msg);
	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	FZ_ASSERT(f, "fmemopen");
	memset(&err, 0, sizeof(err));
	ret = trace_read(f, "fuzz.trace", &ro, &evs, &st, &err);
	fclose(f);
	if (ret) {
		for (size_t i = 0; i + 1 < size; i++)
			lines += data[i] == '\n';
		fz_error_ok(&err, "trace");
		FZ_ASSERT(!strcmp(err.file, "fuzz.trace"), "error names '%s'",
			  err.file);
		FZ_ASSERT(err.line >= 0 && err.line <= lines,
			  "error line %d outside 1..%d", err.line, lines);
		tev_vec_free(&evs);
		return 0;
	}
	if (evs.n) {
		uint64_t lo = UINT64_MAX, hi = 0;

		for (size_t i = 0; i < evs.n; i++) {
			lo = evs.v[i].ts_ns < lo ? evs.v[i].ts_ns : lo;
			hi = evs.v[i].ts_ns > hi ? evs.v[i].ts_ns : hi;
		}
		if (hi - lo < 60ULL * 1000000000ULL)
			rpo.clock = REPLAY_CLOCK_REBASE;
	}
	FZ_ASSERT(mc_machine_create(&d, &o, &m, &err) == 0, "%s", err.msg);
	rp = replay_new(m, &err);
	FZ_ASSERT(rp, "replay_new: %s", err.msg);
	memset(&err, 0, sizeof(err));
	if (replay_run(rp, &evs, &rpo, &err)) {
		fz_error_ok(&err, "replay");
	} else {
		const struct replay_result *r = replay_result(rp);

		FZ_ASSERT(r->agree <= r->allocs, "agree %llu > allocs %llu",
			  (unsigned long long)r->agree,
			  (unsigned long long)r->allocs);
		FZ_ASSERT(r->kernel_ok + r->kernel_failed == r->allocs,
			  "kernel ok %llu + failed %llu != allocs %llu",
			  (unsigned long long)r->kernel_ok,
			  (unsigned long long)r->kernel_failed,
			  (unsigned long long)r->allocs);
		/* refused requests (-EINVAL) are among the failed ones */
		FZ_ASSERT(r->ours_ok + r->ours_failed == r->allocs &&
			  r->invalid <= r->ours_failed,
			  "ours ok %llu + failed %llu (invalid %llu) != "
			  "allocs %llu", (unsigned long long)r->ours_ok,
			  (unsigned long long)r->ours_failed,
			  (unsigned long long)r->invalid,
			  (unsigned long long)r->allocs);
	}
	fz_check(m, "replay");
	replay_destroy(rp);
	tev_vec_free(&evs);
	/* what the replay still held: nothing owns it now; free it all */
	{
		struct mc_geometry g;

		mc_machine_geometry(m, &g);
		for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn; pfn++) {
			struct mc_page_info pi;

			if (mc_page_info(m, pfn, &pi) || pi.state !=
			    MC_PS_ALLOCATED || pi.head_pfn != pfn)
				continue;
			if (pi.kind == MC_PAGE_HUGETLB)
				continue;
			FZ_ASSERT(mc_free_pages(m, pfn, pi.order, 0) == 0,
				  "free %#llx", (unsigned long long)pfn);
		}
	}
	mc_drain_all_pages(m);
	{
		struct mc_hugetlb_stats hs;

		mc_hugetlb_stats(m, -1, &hs);
		nr_free = 0;
		managed = 0;
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (mc_zone_stats(m, 0, (enum mc_zone_type)z, &zs) ||
			    !zs.populated)
				continue;
			nr_free += zs.nr_free + zs.pcp_pages;
			managed += zs.managed;
		}
		FZ_ASSERT(nr_free + (hs.nr << hs.order) == managed,
			  "after the replay: %llu free of %llu",
			  (unsigned long long)nr_free,
			  (unsigned long long)managed);
	}
	fz_check(m, "teardown");
	mc_machine_destroy(m);
	return 0;
}
