// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_replay.c - 'memcompact replay TRACE': a kernel's page allocations
 * (ftrace or perf script text of kmem:mm_page_alloc, mm_page_free and
 * mm_page_free_batched) replayed through a memcompact machine, and a
 * report: what was replayed, where memcompact chose the kernel's pfn (the
 * same request on the same layout in the same state gets the same pages
 * when the model is faithful), the first allocation where they parted,
 * and the machine's state at the end.  Text, or JSON with -j.
 *
 * Reading is tracefile.c, replaying replay.c; this file talks.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "json.h"
#include "replay.h"

static const char *const zone_names[MC_MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* Counters shown at the end (those the machine knows). */
static const char *const end_counters[] = {
	"nr_free_pages", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
	"pgalloc_movable", "pgfree", "allocstall_normal", "allocstall_movable",
	"pgscan_kswapd", "pgsteal_kswapd", "pgmigrate_success",
	"pgmigrate_fail", "compact_migrate_scanned", "compact_free_scanned",
	"compact_isolated", "compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", NULL,
};

static void replay_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact replay [options] TRACE\n"
		"\n"
		"Replay a kernel's kmem:mm_page_alloc, mm_page_free and\n"
		"mm_page_free_batched events (the tracefs 'trace' file, trace-cmd\n"
		"report or perf script text; '-' reads stdin) through a machine\n"
		"and report where memcompact chose the kernel's pfn.  Recording\n"
		"migrate:mm_migrate_pages_start and mm_migrate_pages too lets the\n"
		"replay tell migration's frees from the workload's.\n"
		"\n"
		"  -m, --machine SPEC   machine preset (default pc:4G;\n"
		"                       'memcompact presets' lists them)\n"
		"  -z, --zoneinfo FILE  the layout of the traced machine, from its\n"
		"                       /proc/zoneinfo\n"
		"  -s, --seed N         random seed (default 1)\n"
		"      --sysctl K=V     set a vm.* tunable before replaying\n"
		"      --clock MODE     trace: machine time follows the timestamps\n"
		"                       (default); rebase: the same from the first\n"
		"                       event; off: no time passes\n"
		"      --skip-unknown   ignore events memcompact does not know\n"
		"                       (else they are errors)\n"
		"      --context N      trace lines shown around the first\n"
		"                       divergence (default 3)\n"
		"  -j, --json           the report as JSON\n"
		"  -q, --quiet          no progress or warnings on stderr\n"
		"  -v, --verbose        time and speed on stderr\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit status: 0 replayed (whatever the agreement), 1 the trace or\n"
		"machine could not be read, 2 usage.\n");
}

static double rate(uint64_t a, uint64_t n)
{
	return n ? (double)a / (double)n : 0.0;
}

static void print_context(const char *path, uint32_t line, unsigned k)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	uint32_t n = 0;

	if (!strcmp(path, "-") || !k)
		return;
	f = fopen(path, "r");
	if (!f)
		return;
	while (getline(&buf, &cap, f) != -1) {
		n++;
		if (n + k < line)
			continue;
		if (n > line + k)
			break;
		buf[strcspn(buf, "\r\n")] = '\0';
		printf("  %c %6u | %s\n", n == line ? '>' : ' ', n, buf);
	}
	free(buf);
	fclose(f);
}

static void format_gfp(uint32_t gfp, char *buf, size_t len)
{
	mc_gfp_format(gfp, buf, len);
}

static void divergence_text(const struct replay_divergence *d,
			    const char *path, unsigned context)
{
	char gfp[256];

	format_gfp(d->gfp, gfp, sizeof(gfp));
	printf("first divergence: %s:%u: mm_page_alloc order=%u "
	       "migratetype=%d gfp_flags=%s on CPU %d\n",
	       !strcmp(path, "-") ? "<stdin>" : path, d->line, d->order,
	       d->mt, gfp, d->cpu);
	if (d->kernel_failed)
		printf("  kernel: failed; ");
	else
		printf("  kernel: pfn 0x%llx; ",
		       (unsigned long long)d->kernel_pfn);
	if (d->ours_ret == 0)
		printf("memcompact: pfn 0x%llx\n",
		       (unsigned long long)d->ours_pfn);
	else if (d->ours_ret == -EINVAL)
		printf("memcompact: not a valid request on this machine\n");
	else
		printf("memcompact: failed (%s)\n", strerror(-d->ours_ret));
	print_context(path, d->line, context);
}

static void report_text(struct mc_machine *m, const char *path,
			const struct machine_opts *mo, const char *clock,
			const struct trace_read_stats *st,
			const struct replay_result *r, unsigned context)
{
	struct mc_geometry g;
	uint64_t now = mc_clock_ns(m);

	mc_machine_geometry(m, &g);
	printf("memcompact %s replay of %s (Linux %s formats)\n", mc_version(),
	       !strcmp(path, "-") ? "<stdin>" : path,
	       MEMCOMPACT_KERNEL_VERSION);
	printf("seed %llu, machine %s, %u CPUs, clock %s\n",
	       (unsigned long long)mo->seed,
	       mo->zoneinfo ? mo->zoneinfo : mo->preset, g.nr_cpus, clock);
	printf("\nevents       %llu lines: %llu mm_page_alloc, %llu "
	       "mm_page_free, %llu mm_page_free_batched, %llu "
	       "migrate_pages brackets; %llu other known events, %llu "
	       "unknown skipped, %llu lost\n",
	       (unsigned long long)st->lines,
	       (unsigned long long)st->events[TEV_ALLOC],
	       (unsigned long long)st->events[TEV_FREE],
	       (unsigned long long)st->events[TEV_FREE_BATCHED],
	       (unsigned long long)st->events[TEV_MIGRATE_START],
	       (unsigned long long)st->other_known,
	       (unsigned long long)st->unknown, (unsigned long long)st->lost);
	printf("allocations  %llu: kernel %llu ok, %llu failed; memcompact "
	       "%llu ok, %llu failed (%llu not valid here)\n",
	       (unsigned long long)r->allocs,
	       (unsigned long long)r->kernel_ok,
	       (unsigned long long)r->kernel_failed,
	       (unsigned long long)r->ours_ok,
	       (unsigned long long)r->ours_failed,
	       (unsigned long long)r->invalid);
	printf("frees        %llu: %llu freed a block (%llu in %llu bulk "
	       "frees), %llu of pages allocated before the trace, %llu "
	       "given back by compaction, %llu of "
	       "allocations that failed here, %llu partial (split pages), "
	       "%llu free_batched alone\n",
	       (unsigned long long)r->frees,
	       (unsigned long long)r->frees_done,
	       (unsigned long long)r->bulk_pages,
	       (unsigned long long)r->bulk_calls,
	       (unsigned long long)r->frees_untracked,
	       (unsigned long long)r->frees_compaction_leftover,
	       (unsigned long long)r->frees_of_failed,
	       (unsigned long long)r->frees_partial,
	       (unsigned long long)r->batched_standalone);
	printf("migration    %llu frees in migrate_pages (%llu untracked); "
	       "moves: %llu by both, %llu kernel only, %llu memcompact "
	       "only\n",
	       (unsigned long long)r->migration_frees,
	       (unsigned long long)r->migration_frees_untracked,
	       (unsigned long long)r->migrations_matched,
	       (unsigned long long)r->migrations_kernel_only,
	       (unsigned long long)r->migrations_model_only);
	printf("end          %llu traced blocks held, %llu pfns allocated "
	       "again without a free\n",
	       (unsigned long long)r->live_blocks,
	       (unsigned long long)r->reused_live);
	printf("\nagreement    %llu of %llu allocations (%.2f%%): the same "
	       "pfn, or both failed\n",
	       (unsigned long long)r->agree, (unsigned long long)r->allocs,
	       100.0 * rate(r->agree, r->allocs));
	printf("  order  migratetype  requests     agree     rate\n");
	for (int o = 0; o < REPLAY_ORDERS; o++)
		for (int t = 0; t < REPLAY_MTS; t++) {
			const struct replay_cell *c = &r->cell[o][t];

			if (!c->requests)
				continue;
			printf("  %5d  %11d  %8llu  %8llu  %6.2f%%\n", o, t,
			       (unsigned long long)c->requests,
			       (unsigned long long)c->agree,
			       100.0 * rate(c->agree, c->requests));
		}
	if (r->first.found)
		divergence_text(&r->first, path, context);
	else
		printf("first divergence: none\n");

	printf("\nstate at the end (machine time %llu.%06llu s)\n",
	       (unsigned long long)(now / 1000000000u),
	       (unsigned long long)(now % 1000000000u / 1000u));
	printf("\n/proc/buddyinfo\n");
	print_proc(m, MC_PROC_BUDDYINFO, stdout);
	printf("\n/sys/kernel/debug/extfrag/extfrag_index\n");
	print_proc(m, MC_PROC_EXTFRAG_INDEX, stdout);
	printf("\n/proc/vmstat (excerpt)\n");
	for (int i = 0; end_counters[i]; i++) {
		uint64_t v;

		if (mc_vmstat_get(m, end_counters[i], &v) == 0)
			printf("%s %llu\n", end_counters[i],
			       (unsigned long long)v);
	}
}

static void json_zones(struct json *j, struct mc_machine *m)
{
	struct mc_geometry g;

	mc_machine_geometry(m, &g);
	json_key(j, "zones");
	json_arr_begin(j);
	for (unsigned nid = 0; nid < g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats s;

			if (mc_zone_stats(m, (int)nid, zt, &s) ||
			    !s.populated)
				continue;
			json_obj_begin(j);
			json_ku64(j, "node", nid);
			json_kstr(j, "zone", zone_names[zt]);
			json_ku64(j, "free_pages", s.nr_free);
			json_key(j, "buddyinfo");
			json_arr_begin(j);
			for (unsigned o = 0; o < g.nr_page_orders; o++)
				json_u64(j, s.nr_free_blocks[o]);
			json_arr_end(j);
			json_key(j, "extfrag_index");
			json_arr_begin(j);
			for (unsigned o = 0; o < g.nr_page_orders; o++) {
				int idx = 0;

				mc_zone_fragmentation(m, (int)nid, zt, o,
						      &idx, NULL);
				json_double(j, idx / 1000.0);
			}
			json_arr_end(j);
			json_obj_end(j);
		}
	json_arr_end(j);
}

static void report_json(struct mc_machine *m, const char *path,
			const struct machine_opts *mo, const char *clock,
			const struct trace_read_stats *st,
			const struct replay_result *r)
{
	struct mc_geometry g;
	struct json j;
	char gfp[256];

	mc_machine_geometry(m, &g);
	json_init(&j, stdout);
	json_obj_begin(&j);
	json_kstr(&j, "memcompact", mc_version());
	json_kstr(&j, "kernel", MEMCOMPACT_KERNEL_VERSION);
	json_kstr(&j, "trace", path);
	json_ku64(&j, "seed", mo->seed);
	json_kstr(&j, "machine", mo->zoneinfo ? mo->zoneinfo : mo->preset);
	json_ku64(&j, "cpus", g.nr_cpus);
	json_kstr(&j, "clock", clock);

	json_key(&j, "events");
	json_obj_begin(&j);
	json_ku64(&j, "lines", st->lines);
	json_ku64(&j, "mm_page_alloc", st->events[TEV_ALLOC]);
	json_ku64(&j, "mm_page_free", st->events[TEV_FREE]);
	json_ku64(&j, "mm_page_free_batched", st->events[TEV_FREE_BATCHED]);
	json_ku64(&j, "mm_migrate_pages_start", st->events[TEV_MIGRATE_START]);
	json_ku64(&j, "mm_migrate_pages", st->events[TEV_MIGRATE_END]);
	json_ku64(&j, "other_known", st->other_known);
	json_ku64(&j, "unknown_skipped", st->unknown);
	json_ku64(&j, "lost", st->lost);
	json_ku64(&j, "gfp_names_dropped", st->gfp_dropped);
	json_obj_end(&j);

	json_key(&j, "allocations");
	json_obj_begin(&j);
	json_ku64(&j, "replayed", r->allocs);
	json_ku64(&j, "kernel_ok", r->kernel_ok);
	json_ku64(&j, "kernel_failed", r->kernel_failed);
	json_ku64(&j, "memcompact_ok", r->ours_ok);
	json_ku64(&j, "memcompact_failed", r->ours_failed);
	json_ku64(&j, "not_valid_here", r->invalid);
	json_obj_end(&j);

	json_key(&j, "frees");
	json_obj_begin(&j);
	json_ku64(&j, "replayed", r->frees);
	json_ku64(&j, "freed_a_block", r->frees_done);
	json_ku64(&j, "bulk_calls", r->bulk_calls);
	json_ku64(&j, "bulk_blocks", r->bulk_pages);
	json_ku64(&j, "before_the_trace", r->frees_untracked);
	json_ku64(&j, "given_back_by_compaction",
		  r->frees_compaction_leftover);
	json_ku64(&j, "of_failed_allocations", r->frees_of_failed);
	json_ku64(&j, "partial", r->frees_partial);
	json_ku64(&j, "order_mismatch", r->frees_order_mismatch);
	json_ku64(&j, "free_batched_alone", r->batched_standalone);
	json_ku64(&j, "allocated_again_without_free", r->reused_live);
	json_obj_end(&j);

	json_key(&j, "migration");
	json_obj_begin(&j);
	json_ku64(&j, "frees", r->migration_frees);
	json_ku64(&j, "frees_untracked", r->migration_frees_untracked);
	json_ku64(&j, "memcompact_moves", r->model_migrations);
	json_ku64(&j, "both", r->migrations_matched);
	json_ku64(&j, "kernel_only", r->migrations_kernel_only);
	json_ku64(&j, "memcompact_only", r->migrations_model_only);
	json_obj_end(&j);

	json_key(&j, "agreement");
	json_obj_begin(&j);
	json_ku64(&j, "agree", r->agree);
	json_ku64(&j, "requests", r->allocs);
	json_kdouble(&j, "rate", rate(r->agree, r->allocs));
	json_key(&j, "by_order_migratetype");
	json_arr_begin(&j);
	for (int o = 0; o < REPLAY_ORDERS; o++)
		for (int t = 0; t < REPLAY_MTS; t++) {
			const struct replay_cell *c = &r->cell[o][t];

			if (!c->requests)
				continue;
			json_obj_begin(&j);
			json_ku64(&j, "order", (uint64_t)o);
			json_ku64(&j, "migratetype", (uint64_t)t);
			json_ku64(&j, "requests", c->requests);
			json_ku64(&j, "agree", c->agree);
			json_kdouble(&j, "rate", rate(c->agree, c->requests));
			json_obj_end(&j);
		}
	json_arr_end(&j);
	json_obj_end(&j);

	json_key(&j, "first_divergence");
	if (r->first.found) {
		const struct replay_divergence *d = &r->first;

		format_gfp(d->gfp, gfp, sizeof(gfp));
		json_obj_begin(&j);
		json_ku64(&j, "line", d->line);
		json_ku64(&j, "order", d->order);
		json_ki64(&j, "migratetype", d->mt);
		json_kstr(&j, "gfp_flags", gfp);
		json_ku64(&j, "cpu", (uint64_t)d->cpu);
		json_key(&j, "kernel_pfn");
		if (d->kernel_failed)
			json_null(&j);
		else
			json_u64(&j, d->kernel_pfn);
		json_key(&j, "memcompact_pfn");
		if (d->ours_ret)
			json_null(&j);
		else
			json_u64(&j, d->ours_pfn);
		json_kstr(&j, "memcompact_result", d->ours_ret == 0 ? "ok" :
			  d->ours_ret == -EINVAL ? "not valid here" :
			  "failed");
		json_obj_end(&j);
	} else {
		json_null(&j);
	}

	json_key(&j, "end");
	json_obj_begin(&j);
	json_ku64(&j, "clock_ns", mc_clock_ns(m));
	json_ku64(&j, "traced_blocks_held", r->live_blocks);
	json_zones(&j, m);
	json_key(&j, "counters");
	json_obj_begin(&j);
	for (int i = 0; end_counters[i]; i++) {
		uint64_t v;

		if (mc_vmstat_get(m, end_counters[i], &v) == 0)
			json_ku64(&j, end_counters[i], v);
	}
	json_obj_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	progress_update(ctx, done, total);
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "seed", required_argument, NULL, 's' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "clock", required_argument, NULL, 'C' },
		{ "skip-unknown", no_argument, NULL, 'U' },
		{ "context", required_argument, NULL, 'X' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct trace_read_opts ro = { 0 };
	struct trace_read_stats st = { 0 };
	struct replay_opts rpo = { .clock = REPLAY_CLOCK_TRACE };
	struct tev_vec evs = { 0 };
	struct machine_opts mo;
	struct progress prog;
	struct mc_machine *m;
	struct mc_error err;
	struct replay *rp;
	const char *path, *clock = "trace";
	bool json = false, quiet = false, verbose = false;
	unsigned context = 3;
	double t0, t1, t2;
	FILE *f;
	int c, rc = EXIT_OK;

	machine_opts_init(&mo);
	mo.preset = "pc:4G";
	optind = 0;
	while ((c = getopt_long(argc, argv, "m:z:s:jqvh", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 's':
			mo.seed = opt_u64("replay", "--seed", optarg, 0,
					  UINT64_MAX);
			break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("replay", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 'C':
			if (!strcmp(optarg, "trace"))
				rpo.clock = REPLAY_CLOCK_TRACE;
			else if (!strcmp(optarg, "rebase"))
				rpo.clock = REPLAY_CLOCK_REBASE;
			else if (!strcmp(optarg, "off"))
				rpo.clock = REPLAY_CLOCK_OFF;
			else
				die_usage("replay", "--clock: '%s' is not "
					  "trace, rebase or off", optarg);
			clock = optarg;
			break;
		case 'U': ro.skip_unknown = true; break;
		case 'X':
			context = (unsigned)opt_u64("replay", "--context",
						    optarg, 0, 1000);
			break;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'v': verbose = true; break;
		case 'h': replay_usage(stdout); return EXIT_OK;
		default:
			fprintf(stderr, "Try 'memcompact replay --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		die_usage("replay", "which trace? (a file, or - for stdin)");
	if (optind + 1 < argc)
		die_usage("replay", "one trace at a time ('%s')",
			  argv[optind + 1]);
	path = argv[optind];

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		cli_error("replay: cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	t0 = wall_s();
	if (trace_read(f, strcmp(path, "-") ? path : "<stdin>", &ro, &evs,
		       &st, &err)) {
		cli_error("replay: %s:%d: %s", err.file, err.line, err.msg);
		if (f != stdin)
			fclose(f);
		tev_vec_free(&evs);
		return EXIT_FAIL;
	}
	if (f != stdin)
		fclose(f);
	if (!quiet) {
		if (st.lost)
			cli_error("replay: warning: the trace lost %llu events "
				  "(a larger buffer_size_kb keeps them); "
				  "allocations and frees will not match up",
				  (unsigned long long)st.lost);
		if (st.unknown)
			cli_error("replay: note: %llu events of unknown kinds "
				  "skipped (the first: %s)",
				  (unsigned long long)st.unknown,
				  st.first_unknown);
		if (st.gfp_dropped)
			cli_error("replay: note: %llu gfp flag names without "
				  "a bit in this build dropped "
				  "(__GFP_NOLOCKDEP ...)",
				  (unsigned long long)st.gfp_dropped);
	}

	m = machine_from_opts(&mo);
	if (!m) {
		tev_vec_free(&evs);
		return EXIT_FAIL;
	}
	rp = replay_new(m, &err);
	if (!rp) {
		cli_error("replay: %s", err.msg);
		mc_machine_destroy(m);
		tev_vec_free(&evs);
		return EXIT_FAIL;
	}
	progress_init(&prog, "replay", quiet);
	rpo.progress = on_progress;
	rpo.progress_ctx = &prog;
	t1 = wall_s();
	if (replay_run(rp, &evs, &rpo, &err)) {
		progress_done(&prog);
		cli_error("replay: %s:%d: %s", strcmp(path, "-") ? path :
			  "<stdin>", err.line, err.msg);
		rc = EXIT_FAIL;
		goto out;
	}
	t2 = wall_s();
	progress_done(&prog);
	if (verbose)
		fprintf(stderr, "replay: read %llu lines in %.3f s; replayed "
			"%zu events in %.3f s (%.0f events/s)\n",
			(unsigned long long)st.lines, t1 - t0, evs.n, t2 - t1,
			t2 > t1 ? (double)evs.n / (t2 - t1) : 0.0);
	if (json)
		report_json(m, path, &mo, clock, &st, replay_result(rp));
	else
		report_text(m, path, &mo, clock, &st, replay_result(rp),
			    context);
out:
	mc_machine_destroy(m);
	replay_destroy(rp);
	tev_vec_free(&evs);
	return rc;
}
