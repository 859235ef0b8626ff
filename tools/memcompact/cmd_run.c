// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_run.c - 'memcompact run': run a scenario and report.
 *
 * --default runs the built-in scenario: boot a machine, fill most of its
 * memory with a mix of anonymous, page-cache and slab pages from several
 * CPUs, free three of every four movable pages (the proactive-compaction
 * paper's fragmenter), fault in transparent huge pages (direct compaction
 * in the allocation slow path), then write vm.compact_memory.  After each
 * phase it prints /proc/buddyinfo and the compaction counters; at the end
 * the /proc files.  Everything is deterministic for a given --seed.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "snapdir.h"

/* splitmix64: the tool's own deterministic stream (the library has its
 * own for the model). */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct block {
	uint64_t pfn;
	unsigned order;
	enum mc_page_kind kind;
	int live;
};

struct blocks {
	struct block *v;
	size_t n, cap;
};

static int push(struct blocks *b, uint64_t pfn, unsigned order,
		enum mc_page_kind kind)
{
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 4096;
		struct block *p = realloc(b->v, nc * sizeof(*p));

		if (!p)
			return -1;
		b->v = p;
		b->cap = nc;
	}
	b->v[b->n++] = (struct block){ pfn, order, kind, 1 };
	return 0;
}

static const char *const counters[] = {
	"nr_free_pages", "pgmigrate_success", "pgmigrate_fail",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success", NULL,
};

static void report(struct mc_machine *m, const char *phase)
{
	printf("\n== %s\n", phase);
	print_proc(m, MC_PROC_BUDDYINFO, stdout);
	for (int i = 0; counters[i]; i++) {
		uint64_t v = 0;

		mc_vmstat_get(m, counters[i], &v);
		printf("%s %llu\n", counters[i], (unsigned long long)v);
	}
}

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact run --default [options]\n"
		"\n"
		"  --default            run the built-in scenario\n"
		"  -m, --machine SPEC   machine preset (default pc:2G,cpus=4;\n"
		"                       'memcompact presets' lists them)\n"
		"  -z, --zoneinfo FILE  machine layout from a /proc/zoneinfo\n"
		"      --cpus N         number of CPUs\n"
		"  -s, --seed N         random seed (default 1)\n"
		"      --sysctl K=V     set a vm.* tunable before running\n"
		"      --thp N          THP faults to attempt (default 256)\n"
		"      --check          run the invariant checker after every\n"
		"                       operation (slow)\n"
		"      --export DIR     at the end, export the machine as a\n"
		"                       snapshot directory (see 'export')\n"
		"  -h, --help           this text\n");
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "default", no_argument, NULL, 'd' },
		{ "export", required_argument, NULL, 'E' },
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "thp", required_argument, NULL, 't' },
		{ "check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_opts mo;
	bool def = false;
	const char *export_dir = NULL;
	uint64_t thp = 256, v;
	struct mc_machine *m;
	struct blocks live = { 0 };
	struct mc_geometry g;
	unsigned long ok_thp = 0, fail_thp = 0, violations = 0;
	int c;

	machine_opts_init(&mo);
	mo.preset = "pc:2G,cpus=4";
	optind = 0;
	while ((c = getopt_long(argc, argv, "dm:z:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': def = true; break;
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 'c':
			if (parse_u64(optarg, &v) || v < 1 || v > MC_MAX_CPUS)
				die_usage("run", "--cpus: '%s' is not 1..%d",
					  optarg, MC_MAX_CPUS);
			mo.cpus = (int)v;
			break;
		case 's':
			if (parse_u64(optarg, &mo.seed))
				die_usage("run", "--seed: '%s' is not a number",
					  optarg);
			break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("run", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 't':
			if (parse_u64(optarg, &thp))
				die_usage("run", "--thp: '%s' is not a number",
					  optarg);
			break;
		case 'C': mo.check = true; break;
		case 'E': export_dir = optarg; break;
		case 'h': run_usage(stdout); return EXIT_OK;
		default: run_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die_usage("run", "scenario files are not supported yet: '%s'",
			  argv[optind]);
	if (!def)
		die_usage("run", "nothing to run: give --default");

	m = machine_from_opts(&mo);
	if (!m)
		return EXIT_FAIL;
	mc_machine_geometry(m, &g);
	rng_state = mo.seed;

	printf("memcompact %s (Linux %s) seed=%llu machine=%s cpus=%u\n",
	       mc_version(), MEMCOMPACT_KERNEL_VERSION,
	       (unsigned long long)mo.seed,
	       mo.zoneinfo ? mo.zoneinfo : mo.preset, g.nr_cpus);
	report(m, "boot");

	/* Fill: until an allocation fails, with a seeded mix. */
	for (;;) {
		uint64_t r = rnd() % 1000, pfn;
		struct mc_alloc_request rq = {
			.nid = -1, .cpu = (int)(rnd() % g.nr_cpus),
		};

		if (r < 850) {
			rq.gfp = MC_GFP_HIGHUSER_MOVABLE;
			rq.kind = MC_PAGE_ANON;
		} else if (r < 950) {
			rq.gfp = MC_GFP_HIGHUSER_MOVABLE;
			rq.kind = MC_PAGE_FILE;
		} else if (r < 990) {
			rq.gfp = MC_GFP_KERNEL;
			rq.kind = MC_PAGE_SLAB;
			rq.order = (unsigned)(rnd() % 2);
		} else {
			rq.gfp = MC_GFP_KERNEL | MC_GFP_RECLAIMABLE;
			rq.kind = MC_PAGE_SLAB_RECLAIMABLE;
		}
		if (mc_alloc_pages(m, &rq, &pfn))
			break;
		if (push(&live, pfn, rq.order, rq.kind)) {
			cli_error("out of memory");
			return EXIT_FAIL;
		}
	}
	report(m, "filled");

	/* Fragment: free three of every four movable pages (by pfn). */
	for (size_t i = 0; i < live.n; i++) {
		struct block *b = &live.v[i];

		if ((b->kind == MC_PAGE_ANON || b->kind == MC_PAGE_FILE) &&
		    (b->pfn & 3)) {
			mc_free_pages(m, b->pfn, b->order, (int)(i % g.nr_cpus));
			b->live = 0;
		}
	}
	mc_drain_all_pages(m);
	report(m, "fragmented (3 of 4 movable pages freed)");

	/* THP faults in a madvised region: GFP_TRANSHUGE, direct
	 * compaction in the slow path. */
	for (uint64_t i = 0; i < thp; i++) {
		struct mc_alloc_request rq = {
			.gfp = MC_GFP_TRANSHUGE, .order = g.hpage_pmd_order,
			.nid = -1, .cpu = (int)(i % g.nr_cpus),
			.kind = MC_PAGE_ANON,
		};
		uint64_t pfn;

		if (mc_alloc_pages(m, &rq, &pfn) == 0) {
			ok_thp++;
			push(&live, pfn, rq.order, rq.kind);
		} else {
			fail_thp++;
		}
	}
	printf("\nthp faults: %lu allocated, %lu fell back\n", ok_thp,
	       fail_thp);
	report(m, "after THP faults (direct compaction)");

	if (mc_sysctl_write(m, "vm.compact_memory", "1", 1) < 0)
		cli_error("vm.compact_memory: write failed");
	report(m, "after vm.compact_memory=1");

	printf("\n== /proc/pagetypeinfo\n");
	print_proc(m, MC_PROC_PAGETYPEINFO, stdout);
	printf("\n== /sys/kernel/debug/extfrag/extfrag_index\n");
	print_proc(m, MC_PROC_EXTFRAG_INDEX, stdout);
	printf("\n== /sys/kernel/debug/extfrag/unusable_index\n");
	print_proc(m, MC_PROC_UNUSABLE_INDEX, stdout);

	violations = (unsigned long)mc_check(m, NULL, NULL);
	printf("\ninvariant check: %lu violations\n", violations);
	if (export_dir) {
		struct export_opts eo = { .out = export_dir, .state = true };

		if (snapshot_export_any(m, &eo))
			violations++;
		else
			printf("exported to %s\n", export_dir);
	}
	free(live.v);
	mc_machine_destroy(m);
	return violations ? EXIT_FAIL : EXIT_OK;
}
