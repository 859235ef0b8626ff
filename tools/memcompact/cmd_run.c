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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "builtin.h"
#include "cli.h"
#include "json.h"
#include "rundir.h"
#include "scenload.h"
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
		"usage: memcompact run NAME|FILE [options]\n"
		"       memcompact run --list\n"
		"       memcompact run --default [options]\n"
		"\n"
		"  NAME|FILE            a scenario file (docs/scenarios.md) or a\n"
		"                       built-in scenario ('--list' shows them)\n"
		"  -l, --list           list the built-in scenarios\n"
		"      --show NAME      print a built-in scenario's text\n"
		"  -o, --output DIR     write the run directory (proc trees per\n"
		"                       checkpoint, series.csv/.jsonl, trace.txt,\n"
		"                       page maps, plots, report.html)\n"
		"  -e, --trace PATTERN  trace events (mc_trace_enable syntax, e.g.\n"
		"                       'compaction:*'); replaces the scenario's\n"
		"                       'trace' lines and the default set\n"
		"      --no-plots       do not run gnuplot\n"
		"  -q, --quiet          print only the summary\n"
		"  -j, --json           print a JSON summary on stdout instead of\n"
		"                       text (seed, scenario, checkpoints, final\n"
		"                       counters, the run directory)\n"
		"  --default            run the built-in default demonstration\n"
		"  -m, --machine SPEC   machine preset, overriding the scenario's\n"
		"                       (--default: pc:2G,cpus=4;\n"
		"                       'memcompact presets' lists them)\n"
		"  -z, --zoneinfo FILE  machine layout from a /proc/zoneinfo\n"
		"      --cpus N         number of CPUs\n"
		"  -s, --seed N         random seed (default: the scenario's, or 1)\n"
		"      --sysctl K=V     set a vm.* tunable before running (after\n"
		"                       the scenario's leading settings)\n"
		"      --thp N          THP faults to attempt (default 256)\n"
		"      --check          run the invariant checker after every\n"
		"                       operation (slow)\n"
		"      --export DIR     at the end, export the machine as a\n"
		"                       snapshot directory or .tar/.tgz\n"
		"                       archive (see 'export')\n"
		"  -h, --help           this text\n");
}

static int run_default(struct machine_opts *mo, uint64_t thp,
		       const char *export_dir);
struct run_args {
	bool seed_set, plots, quiet, json;
	const char *out;
	const char *export_dir;		/* --export */
	const char **traces;
	int nr_traces;
};
static int run_scenario(const char *what, struct machine_opts *mo,
			const struct run_args *ra);

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
		{ "list", no_argument, NULL, 'l' },
		{ "show", required_argument, NULL, 'W' },
		{ "output", required_argument, NULL, 'o' },
		{ "trace", required_argument, NULL, 'e' },
		{ "no-plots", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_opts mo;
	bool def = false, list = false;
	const char *show = NULL, *traces[64];
	struct run_args ra = { .plots = true, .traces = traces };
	uint64_t thp = 256;
	int c;

	machine_opts_init(&mo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "dm:z:s:hlo:e:qj", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'd': def = true; break;
		case 'l': list = true; break;
		case 'W': show = optarg; break;
		case 'o': ra.out = optarg; break;
		case 'P': ra.plots = false; break;
		case 'q': ra.quiet = true; break;
		case 'j': ra.json = true; break;
		case 'e':
			if (ra.nr_traces == 64)
				die_usage("run", "too many --trace options");
			traces[ra.nr_traces++] = optarg;
			break;
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 'c':
			mo.cpus = (int)opt_u64("run", "--cpus", optarg, 1,
					       MC_MAX_CPUS);
			break;
		case 's':
			mo.seed = opt_u64("run", "--seed", optarg, 0,
					  UINT64_MAX);
			ra.seed_set = true;
			break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("run", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 't':
			thp = opt_u64("run", "--thp", optarg, 0, UINT32_MAX);
			break;
		case 'C': mo.check = true; break;
		case 'E': ra.export_dir = optarg; break;
		case 'h': run_usage(stdout); return EXIT_OK;
		default: run_usage(stderr); return EXIT_USAGE;
		}
	}
	if (list) {
		if (def || optind < argc)
			die_usage("run", "--list takes no scenario");
		for (unsigned i = 0; i < nr_builtin_scenarios; i++) {
			struct mc_scenario *sc = NULL;
			struct mc_scenario_info si;

			mc_scenario_parse(builtin_scenarios[i].text,
					  builtin_scenarios[i].len,
					  builtin_scenarios[i].name, &sc, NULL);
			mc_scenario_info(sc, &si);
			printf("%-24s %s\n", builtin_scenarios[i].name,
			       si.description ? si.description : "");
			mc_scenario_free(sc);
		}
		return EXIT_OK;
	}
	if (show) {
		for (unsigned i = 0; i < nr_builtin_scenarios; i++)
			if (!strcmp(builtin_scenarios[i].name, show)) {
				fwrite(builtin_scenarios[i].text, 1,
				       builtin_scenarios[i].len, stdout);
				return EXIT_OK;
			}
		die_usage("run", "--show: no built-in scenario '%s'", show);
	}
	if (def) {
		if (optind < argc)
			die_usage("run", "--default takes no scenario: '%s'",
				  argv[optind]);
		if (ra.json || ra.out)
			die_usage("run", "--default prints text only (no -j, no -o): run a scenario for those");
		if (!mo.preset && !mo.zoneinfo)
			mo.preset = "pc:2G,cpus=4";
		return run_default(&mo, thp, ra.export_dir);
	}
	if (optind >= argc)
		die_usage("run", "nothing to run: give a scenario (NAME or FILE), --list or --default");
	if (optind + 1 < argc)
		die_usage("run", "one scenario at a time: unexpected '%s'",
			  argv[optind + 1]);
	return run_scenario(argv[optind], &mo, &ra);
}

static int run_default(struct machine_opts *mo, uint64_t thp,
		       const char *export_dir)
{
	struct mc_machine *m;
	struct blocks live = { 0 };
	struct mc_geometry g;
	unsigned long ok_thp = 0, fail_thp = 0, violations = 0;


	m = machine_from_opts(mo);
	if (!m)
		return EXIT_FAIL;
	mc_machine_geometry(m, &g);
	rng_state = mo->seed;

	printf("memcompact %s (Linux %s) seed=%llu machine=%s cpus=%u\n",
	       mc_version(), MEMCOMPACT_KERNEL_VERSION,
	       (unsigned long long)mo->seed,
	       mo->zoneinfo ? mo->zoneinfo : mo->preset, g.nr_cpus);
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

/* ---- scenarios ------------------------------------------------------------ */

/* The events traced by default: compaction's decisions, migration, the
 * fallbacks that fragment, reclaim daemons and CMA; not every page
 * allocation and free (kmem:mm_page_alloc, mm_page_free), which a
 * scenario or --trace can add. */
static const char *const default_traces[] = {
	"compaction:*", "migrate:*", "kmem:mm_page_alloc_extfrag",
	"kmem:mm_alloc_contig_migrate_range_info", "vmscan:*", "cma:*",
	"oom:*", NULL,
};

struct run_checkpoint {
	char name[64];
	uint64_t time_ns;
	struct series_row row;
};

struct scen_ctx {
	const struct mc_scenario *sc;
	struct mc_scenario_info si;
	struct rundir *rd;
	bool quiet, json;
	const char *export_dir;
	bool export_failed;
	struct run_checkpoint *cps;
	size_t ncps;
	/* at the end (before the run's teardown), for -j */
	uint64_t final[16];		/* names[] */
	struct mc_hugetlb_stats hs;
	int hs_ret;
	struct mc_cma_info cma[8];
	unsigned nr_cma;
	unsigned long violations;
	bool ended;
	char tbuf[1024];
	struct mc_machine *m;
};

static void say(struct scen_ctx *c, bool always, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct scen_ctx *c, bool always, const char *fmt, ...)
{
	va_list ap;

	if (!c->json && (always || !c->quiet)) {
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	if (c->rd) {
		va_start(ap, fmt);
		vfprintf(rundir_log(c->rd), fmt, ap);
		va_end(ap);
	}
}

static void say_proc(struct scen_ctx *c, struct mc_machine *m,
		     enum mc_proc_file f, bool always)
{
	if (!c->json && (always || !c->quiet))
		print_proc(m, f, stdout);
	if (c->rd)
		print_proc(m, f, rundir_log(c->rd));
}

static void scen_trace(void *ctx, const struct mc_trace_event *ev)
{
	struct scen_ctx *c = ctx;
	int n;

	if (!c->rd || c->ended)
		return;
	n = mc_trace_format(c->m, ev, 0, c->tbuf, sizeof(c->tbuf));
	if (n > 0)
		rundir_trace(c->rd, c->tbuf, (size_t)n);
}

static void report_violation(void *ctx, const char *msg)
{
	cli_error("invariant: %s", msg);
}

/* The final counters of the summary (text and -j). */
static const char *const names[] = {
	"nr_free_pages", "compact_stall", "compact_fail",
	"compact_success", "compact_migrate_scanned",
	"compact_free_scanned", "compact_daemon_wake",
	"pgmigrate_success", "pgmigrate_fail", "thp_fault_alloc",
	"thp_fault_fallback", "pgsteal_kswapd", "pgsteal_direct",
	NULL,
};

static void summary(struct scen_ctx *c, struct mc_machine *m)
{
	struct mc_hugetlb_stats hs;
	struct mc_cma_info ci;
	struct series_row row;

	series_collect(m, &row);
	say(c, true, "\n== summary\n");
	for (int i = 0; names[i]; i++) {
		uint64_t v = 0;

		mc_vmstat_get(m, names[i], &v);
		say(c, true, "%s %llu\n", names[i], (unsigned long long)v);
	}
	for (unsigned n = 0; n < row.nr_nodes; n++)
		say(c, true, "fragmentation_score node%u %u\n", n,
		    row.score[n]);
	if (!mc_hugetlb_stats(m, -1, &hs) && (hs.nr || hs.max))
		say(c, true, "hugetlb nr %llu free %llu surplus %llu\n",
		    (unsigned long long)hs.nr, (unsigned long long)hs.free,
		    (unsigned long long)hs.surplus);
	for (unsigned i = 0; mc_cma_area_info(m, i, &ci) == 0; i++)
		say(c, true, "cma %s pages %llu allocated %llu alloc_success %llu alloc_fail %llu\n",
		    ci.name, (unsigned long long)ci.count,
		    (unsigned long long)ci.allocated,
		    (unsigned long long)ci.alloc_pages_success,
		    (unsigned long long)ci.alloc_pages_fail);
}

static int scen_event(void *ctx, struct mc_machine *m,
		      const struct mc_scenario_event *ev)
{
	struct scen_ctx *c = ctx;
	double t = (double)ev->time_ns / 1e9;

	switch (ev->type) {
	case MC_SCEN_STEP:
		if (ev->depth)
			break;
		say(c, false, "[%10.6f] line %-4d %-13s %-16s", t, ev->line,
		    ev->op, ev->name ? ev->name : "");
		if (ev->requested || ev->done)
			say(c, false, " %llu/%llu",
			    (unsigned long long)ev->done,
			    (unsigned long long)ev->requested);
		if (ev->result)
			say(c, false, " (%s)", strerror(-ev->result));
		say(c, false, "\n");
		break;
	case MC_SCEN_CHECKPOINT:
		say(c, false, "\n== checkpoint %s at %.6f s\n", ev->name, t);
		say_proc(c, m, MC_PROC_BUDDYINFO, false);
		say(c, false, "\n");
		break;
	case MC_SCEN_END:
		say(c, false, "\n== end at %.6f s\n", t);
		say_proc(c, m, MC_PROC_BUDDYINFO, false);
		summary(c, m);
		for (int i = 0; names[i]; i++)
			mc_vmstat_get(m, names[i], &c->final[i]);
		c->hs_ret = mc_hugetlb_stats(m, -1, &c->hs);
		for (c->nr_cma = 0; c->nr_cma < 8 &&
		     mc_cma_area_info(m, c->nr_cma, &c->cma[c->nr_cma]) == 0;
		     c->nr_cma++)
			;
		c->violations = (unsigned long)mc_check(m, report_violation,
							NULL);
		say(c, true, "invariant check: %lu violations\n",
		    c->violations);
		if (c->export_dir) {
			struct export_opts eo = { .out = c->export_dir,
						  .state = true };

			/* the end state, before the run's teardown */
			if (snapshot_export_any(m, &eo))
				c->export_failed = true;
			else
				say(c, true, "exported to %s\n",
				    c->export_dir);
		}
		break;
	default:
		break;
	}
	if (ev->type == MC_SCEN_CHECKPOINT || ev->type == MC_SCEN_END) {
		struct run_checkpoint *n = realloc(c->cps, (c->ncps + 1) *
						   sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->cps = n;
		n = &c->cps[c->ncps++];
		snprintf(n->name, sizeof(n->name), "%s",
			 ev->type == MC_SCEN_END ? "end" : ev->name);
		n->time_ns = ev->time_ns;
		series_collect(m, &n->row);
	}
	if (c->rd && rundir_event(c->rd, m, ev))
		return -EIO;
	if (ev->type == MC_SCEN_END)
		c->ended = true;	/* the run's teardown is not traced */
	return 0;
}

static void json_time(struct json *j, const char *key, uint64_t ns)
{
	char t[32];

	series_time(t, sizeof(t), ns);
	json_key(j, key);
	json_number(j, t);
}

static void json_row(struct json *j, const struct series_row *row,
		     unsigned nr_orders)
{
	json_ku64(j, "nr_free_pages", row->nr_free_pages);
	json_key(j, "free_blocks");
	json_arr_begin(j);
	for (unsigned o = 0; o < nr_orders && o < 16; o++)
		json_u64(j, row->free_blocks[o]);
	json_arr_end(j);
	json_key(j, "fragmentation_score");
	json_arr_begin(j);
	for (unsigned n = 0; n < row->nr_nodes; n++)
		json_u64(j, row->score[n]);
	json_arr_end(j);
}

/* -j: the run's summary as one JSON object on stdout. */
static void print_json(const struct scen_ctx *c, const struct mc_geometry *g, const char *name,
		       const char *label, uint64_t seed, const char *out,
		       bool ok)
{
	const struct mc_hugetlb_stats *hs = &c->hs;
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_kstr(&j, "memcompact", mc_version());
	json_kstr(&j, "kernel", MEMCOMPACT_KERNEL_VERSION);
	json_kstr(&j, "scenario", c->si.name ? c->si.name : name);
	json_kstr(&j, "source", name);
	json_kstr(&j, "machine", label);
	json_ku64(&j, "cpus", g->nr_cpus);
	json_ku64(&j, "seed", seed);
	json_kbool(&j, "ok", ok);
	json_ku64(&j, "invariant_violations", c->violations);
	json_key(&j, "checkpoints");
	json_arr_begin(&j);
	for (size_t i = 0; i < c->ncps; i++) {
		json_obj_begin(&j);
		json_kstr(&j, "name", c->cps[i].name);
		json_time(&j, "time_s", c->cps[i].time_ns);
		json_row(&j, &c->cps[i].row, g->nr_page_orders);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "counters");
	json_obj_begin(&j);
	for (int i = 0; names[i]; i++)
		json_ku64(&j, names[i], c->final[i]);
	json_obj_end(&j);
	if (!c->hs_ret && (hs->nr || hs->max)) {
		json_key(&j, "hugetlb");
		json_obj_begin(&j);
		json_ku64(&j, "nr", hs->nr);
		json_ku64(&j, "free", hs->free);
		json_ku64(&j, "surplus", hs->surplus);
		json_obj_end(&j);
	}
	json_key(&j, "cma");
	json_arr_begin(&j);
	for (unsigned i = 0; i < c->nr_cma; i++) {
		const struct mc_cma_info *ci = &c->cma[i];

		json_obj_begin(&j);
		json_kstr(&j, "name", ci->name);
		json_ku64(&j, "pages", ci->count);
		json_ku64(&j, "allocated", ci->allocated);
		json_ku64(&j, "alloc_success", ci->alloc_pages_success);
		json_ku64(&j, "alloc_fail", ci->alloc_pages_fail);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "run_dir");
	if (out)
		json_str(&j, out);
	else
		json_null(&j);
	json_obj_end(&j);
}

static int run_scenario(const char *what, struct machine_opts *mo,
			const struct run_args *ra)
{
	struct scen_ctx c = { .quiet = ra->quiet, .json = ra->json,
			      .export_dir = ra->export_dir };
	const char *out = ra->out;
	struct mc_error err = { 0 };
	struct mc_scenario_run_opts ro = { 0 };
	struct scen_load l;
	struct mc_scenario *sc;
	struct mc_geometry g;
	struct mc_machine *m;
	const char *label, *name, *text;
	size_t len;
	int ret, rc;

	rc = scen_load("run", what, &l);
	if (rc)
		goto out;
	sc = l.sc;
	name = l.name;
	text = l.text;
	len = l.len;
	c.sc = sc;
	c.si = l.si;
	rc = scen_machine_opts(&l, mo, ra->seed_set);
	if (rc)
		goto out;
	m = machine_from_opts(mo);
	if (!m) {
		rc = EXIT_FAIL;
		goto out;
	}
	c.m = m;
	mc_machine_geometry(m, &g);
	if (mo->check)
		mc_set_check_callback(m, report_violation, NULL);
	label = scen_machine_label(mo);
	if (out) {
		struct rundir_info ri = {
			.scenario = c.si.name ? c.si.name : name,
			.description = c.si.description,
			.machine = label, .seed = mo->seed,
			.text = text, .len = len,
		};
		const char *pat;
		int n = 0;

		c.rd = rundir_open(out, m, &ri);
		if (!c.rd) {
			rc = EXIT_FAIL;
			goto destroy;
		}
		if (ra->nr_traces) {
			for (int i = 0; i < ra->nr_traces; i++)
				if (mc_trace_enable(m, ra->traces[i], true) <
				    0) {
					cli_error("--trace %s: no such events",
						  ra->traces[i]);
					rc = EXIT_USAGE;
					goto close;
				}
		} else if (c.si.nr_traces) {
			for (unsigned i = 0; (pat = mc_scenario_trace(sc, i));
			     i++)
				if (mc_trace_enable(m, pat, true) < 0) {
					cli_error("%s: trace %s: no such events",
						  c.si.file, pat);
					rc = EXIT_FAIL;
					goto close;
				}
		} else {
			for (n = 0; default_traces[n]; n++)
				mc_trace_enable(m, default_traces[n], true);
		}
		mc_trace_set_callback(m, scen_trace, &c);
	}
	say(&c, true, "memcompact %s (Linux %s) scenario=%s seed=%llu machine=%s cpus=%u\n",
	    mc_version(), MEMCOMPACT_KERNEL_VERSION,
	    c.si.name ? c.si.name : name, (unsigned long long)mo->seed, label,
	    g.nr_cpus);
	if (c.si.description)
		say(&c, false, "%s\n", c.si.description);
	say(&c, false, "\n");
	ro.seed = mo->seed;
	ro.settings = mo->sysctls;
	ro.nr_settings = (unsigned)mo->nr_sysctls;
	ro.fn = scen_event;
	ro.ctx = &c;
	mo->nr_sysctls = 0;
	ret = mc_scenario_run(m, sc, &ro, &err);
	if (ret) {
		if (err.line)
			cli_error("%s:%d: %s", err.file, err.line, err.msg);
		else
			cli_error("%s: %s", err.file[0] ? err.file : name,
				  err.msg[0] ? err.msg : strerror(-ret));
		rc = EXIT_FAIL;
	} else if (c.violations || c.export_failed ||
		   (mo->check && mc_check_failures(m, NULL))) {
		rc = EXIT_FAIL;
	}
close:
	if (c.rd) {
		if (rundir_close(c.rd, m, ra->plots))
			rc = EXIT_FAIL;
		else if (rc == EXIT_OK && !c.json)
			printf("run directory: %s (report.html)\n", out);
	}
	if (c.json && c.ended)
		print_json(&c, &g, name, label, mo->seed, out,
			   rc == EXIT_OK);
destroy:
	mc_machine_destroy(m);
out:
	scen_unload(&l);
	free(c.cps);
	return rc;
}
