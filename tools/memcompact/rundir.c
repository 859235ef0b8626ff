// SPDX-License-Identifier: GPL-2.0-only
/*
 * rundir.c - the run directory of 'memcompact run -o DIR' (layout in
 * rundir.h): /proc snapshots per checkpoint laid out as a proc tree,
 * CSV and JSON-lines time series, the ftrace text, page maps, gnuplot
 * plots and one self-contained HTML report.
 *
 * Everything written is a function of the scenario, the seed and the
 * machine: no host times, no host names, no absolute paths, so two runs
 * of the same scenario and seed give byte-identical directories.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "report.h"
#include "rundir.h"

#if defined(MC_HAVE_PNG) && __has_include("pagemap.h")
#include "pagemap.h"
#define MC_HAVE_PAGEMAP 1
#endif

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

const char *const series_counters[] = {
	"compact_migrate_scanned", "compact_free_scanned",
	"compact_isolated", "compact_stall", "compact_fail",
	"compact_success", "compact_daemon_wake",
	"compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
	"pgmigrate_success", "pgmigrate_fail", "thp_fault_alloc",
	"thp_fault_fallback", "pgsteal_kswapd", "pgsteal_direct",
	"allocstall_normal", "allocstall_movable", NULL,
};

struct checkpoint {
	char name[64];
	uint64_t time_ns;
	bool map;
	struct series_row row;
};

struct rundir {
	char *dir;
	struct rundir_info info;
	struct mc_geometry g;
	FILE *csv, *jsonl, *trace, *log;
	uint64_t trace_lines;
	uint64_t rows;
	struct report_step *steps;
	size_t nsteps, capsteps;
	struct checkpoint *cps;
	size_t ncps;
	uint64_t end_ns;
};

/* ---- files ---------------------------------------------------------------- */

static char *path_of(const struct rundir *rd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *path_of(const struct rundir *rd, const char *fmt, ...)
{
	char rel[1024], *out;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (asprintf(&out, "%s/%s", rd->dir, rel) < 0)
		return NULL;
	return out;
}

static FILE *open_in(const struct rundir *rd, const char *rel,
		     const char *mode)
{
	char *p = path_of(rd, "%s", rel);
	FILE *f = p ? fopen(p, mode) : NULL;

	if (!f)
		cli_error("%s/%s: %s", rd->dir, rel, strerror(errno));
	free(p);
	return f;
}

static void fwrite_cb(void *ctx, const char *buf, size_t len)
{
	fwrite(buf, 1, len, (FILE *)ctx);
}

/* ---- the series ------------------------------------------------------------ */

/* The series' measures come from the library: the debugfs extfrag and
 * unusable index at pageblock_order per zone (mc_zone_fragmentation) and
 * each node's proactive score (mc_node_stats). */
void series_collect(struct mc_machine *m, struct series_row *row)
{
	struct mc_geometry g;

	memset(row, 0, sizeof(*row));
	mc_machine_geometry(m, &g);
	mc_vmstat_get(m, "nr_free_pages", &row->nr_free_pages);
	row->nr_nodes = g.nr_nodes < 64 ? g.nr_nodes : 64;
	for (unsigned n = 0; n < row->nr_nodes; n++) {
		struct mc_node_stats ns;

		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;
			int fi = 0, un = 0;

			if (mc_zone_stats(m, (int)n, (enum mc_zone_type)z,
					  &zs) || !zs.populated)
				continue;
			for (unsigned o = 0; o < g.nr_page_orders && o < 16;
			     o++)
				row->free_blocks[o] += zs.nr_free_blocks[o];
			mc_zone_fragmentation(m, (int)n, (enum mc_zone_type)z,
					      g.pageblock_order, &fi, &un);
			if (row->nr_zones < 64) {
				row->zones[row->nr_zones].nid = (int)n;
				row->zones[row->nr_zones].zt =
					(enum mc_zone_type)z;
				row->zones[row->nr_zones].fragindex = fi;
				row->zones[row->nr_zones].unusable = un;
				row->nr_zones++;
			}
		}
		if (mc_node_stats(m, (int)n, &ns) == 0)
			row->score[n] = ns.fragmentation_score;
	}
}

static void csv_header(struct rundir *rd, const struct series_row *row)
{
	fprintf(rd->csv, "time_s,event,line,nr_free_pages");
	for (unsigned o = 0; o < rd->g.nr_page_orders; o++)
		fprintf(rd->csv, ",free_blocks_order%u", o);
	for (unsigned z = 0; z < row->nr_zones; z++)
		fprintf(rd->csv, ",extfrag_index_node%d_%s",
			row->zones[z].nid, zone_names[row->zones[z].zt]);
	for (unsigned z = 0; z < row->nr_zones; z++)
		fprintf(rd->csv, ",unusable_index_node%d_%s",
			row->zones[z].nid, zone_names[row->zones[z].zt]);
	for (unsigned n = 0; n < row->nr_nodes; n++)
		fprintf(rd->csv, ",fragmentation_score_node%u", n);
	for (int i = 0; series_counters[i]; i++)
		fprintf(rd->csv, ",%s", series_counters[i]);
	fputc('\n', rd->csv);
}

static const char *const ev_names[] = {
	"step", "checkpoint", "sample", "end",
};

void series_time(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(ns / 1000000000),
		 (unsigned long long)(ns % 1000000000 / 1000));
}

static void write_row(struct rundir *rd, struct mc_machine *m,
		      const struct mc_scenario_event *ev,
		      const struct series_row *row)
{
	struct json j;
	char t[32];
	uint64_t v;

	if (!rd->rows++)
		csv_header(rd, row);
	series_time(t, sizeof(t), ev->time_ns);
	fprintf(rd->csv, "%s,%s,%d,%llu", t, ev_names[ev->type], ev->line,
		(unsigned long long)row->nr_free_pages);
	json_init_compact(&j, rd->jsonl);
	json_obj_begin(&j);
	json_key(&j, "time_s");
	json_number(&j, t);
	json_kstr(&j, "event", ev_names[ev->type]);
	json_ki64(&j, "line", ev->line);
	if (ev->op)
		json_kstr(&j, "op", ev->op);
	if (ev->name)
		json_kstr(&j, "name", ev->name);
	json_ku64(&j, "nr_free_pages", row->nr_free_pages);
	json_key(&j, "free_blocks");
	json_arr_begin(&j);
	for (unsigned o = 0; o < rd->g.nr_page_orders; o++) {
		fprintf(rd->csv, ",%llu",
			(unsigned long long)row->free_blocks[o]);
		json_u64(&j, row->free_blocks[o]);
	}
	json_arr_end(&j);
	json_key(&j, "zones");
	json_arr_begin(&j);
	for (unsigned z = 0; z < row->nr_zones; z++) {
		fprintf(rd->csv, ",%d", row->zones[z].fragindex);
		json_obj_begin(&j);
		json_ki64(&j, "node", row->zones[z].nid);
		json_kstr(&j, "zone", zone_names[row->zones[z].zt]);
		json_ki64(&j, "extfrag_index", row->zones[z].fragindex);
		json_ki64(&j, "unusable_index", row->zones[z].unusable);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	for (unsigned z = 0; z < row->nr_zones; z++)
		fprintf(rd->csv, ",%d", row->zones[z].unusable);
	json_key(&j, "fragmentation_score");
	json_arr_begin(&j);
	for (unsigned n = 0; n < row->nr_nodes; n++) {
		fprintf(rd->csv, ",%u", row->score[n]);
		json_u64(&j, row->score[n]);
	}
	json_arr_end(&j);
	json_key(&j, "counters");
	json_obj_begin(&j);
	for (int i = 0; series_counters[i]; i++) {
		v = 0;
		mc_vmstat_get(m, series_counters[i], &v);
		fprintf(rd->csv, ",%llu", (unsigned long long)v);
		json_ku64(&j, series_counters[i], v);
	}
	json_obj_end(&j);
	fputc('\n', rd->csv);
	json_obj_end(&j);
}

/* ---- checkpoints ---------------------------------------------------------- */

static int render_to(struct rundir *rd, struct mc_machine *m,
		     enum mc_proc_file f, const char *rel)
{
	FILE *out = open_in(rd, rel, "w");
	int ret;

	if (!out)
		return -1;
	ret = mc_proc_render(m, f, fwrite_cb, out);
	if (fclose(out) || ret < 0) {
		cli_error("%s/%s: cannot write", rd->dir, rel);
		return -1;
	}
	return 0;
}

struct sysctl_ctx {
	struct rundir *rd;
	struct mc_machine *m;
	const char *base;
	int ret;
};

/* proc/sys/vm/NAME for every readable vm.* sysctl */
static int sysctl_file(void *ctx, const char *name, unsigned mode)
{
	struct sysctl_ctx *c = ctx;
	char buf[4096], rel[512];
	const char *leaf = strchr(name, '.');
	FILE *f;
	int n;

	if (!(mode & 0444) || !leaf)
		return 0;
	n = mc_sysctl_read(c->m, name, buf, sizeof(buf));
	if (n < 0)
		return 0;
	snprintf(rel, sizeof(rel), "%s/proc/sys/vm/%s", c->base, leaf + 1);
	f = open_in(c->rd, rel, "w");
	if (!f) {
		c->ret = -1;
		return 1;
	}
	fwrite(buf, 1, strnlen(buf, sizeof(buf)), f);
	fclose(f);
	return 0;
}

static int snapshot(struct rundir *rd, struct mc_machine *m, const char *name,
		    struct checkpoint *cp)
{
	static const char *const proc[] = {
		[MC_PROC_BUDDYINFO] = "proc/buddyinfo",
		[MC_PROC_PAGETYPEINFO] = "proc/pagetypeinfo",
		[MC_PROC_ZONEINFO] = "proc/zoneinfo",
		[MC_PROC_VMSTAT] = "proc/vmstat",
		[MC_PROC_EXTFRAG_INDEX] =
			"sys/kernel/debug/extfrag/extfrag_index",
		[MC_PROC_UNUSABLE_INDEX] =
			"sys/kernel/debug/extfrag/unusable_index",
	};
	static const char *const sysfs[] = {
		"kernel/mm/transparent_hugepage/enabled",
		"kernel/mm/transparent_hugepage/defrag", NULL,
	};
	struct sysctl_ctx sc = { rd, m, NULL, 0 };
	char base[256], rel[512];
	char *p;

	snprintf(base, sizeof(base), "checkpoints/%s", name);
	for (const char *d = "proc/sys/vm\0sys/kernel/debug/extfrag\0"
			     "sys/kernel/mm/transparent_hugepage\0"; *d;
	     d += strlen(d) + 1) {
		p = path_of(rd, "%s/%s", base, d);
		if (!p || mkdir_p(p)) {
			cli_error("%s: cannot create", p ? p : rd->dir);
			free(p);
			return -1;
		}
		free(p);
	}
	for (int f = 0; f < MC_PROC_NR_FILES; f++) {
		snprintf(rel, sizeof(rel), "%s/%s", base, proc[f]);
		if (render_to(rd, m, (enum mc_proc_file)f, rel))
			return -1;
	}
	sc.base = base;
	mc_sysctl_foreach(m, sysctl_file, &sc);
	if (sc.ret)
		return -1;
	for (int i = 0; sysfs[i]; i++) {
		char buf[256];
		int n = mc_sysfs_read(m, sysfs[i], buf, sizeof(buf));
		FILE *f;

		if (n < 0)
			continue;
		snprintf(rel, sizeof(rel), "%s/sys/%s", base, sysfs[i]);
		f = open_in(rd, rel, "w");
		if (!f)
			return -1;
		fwrite(buf, 1, strnlen(buf, sizeof(buf)), f);
		fclose(f);
	}
	cp->map = false;
#ifdef MC_HAVE_PAGEMAP
	{
		struct pagemap_opts po = {
			.mode = PAGEMAP_PAGEBLOCK, .cell = 8, .columns = 64,
			.title = name,
		};
		char why[256];

		p = path_of(rd, "%s/pagemap.png", base);
		if (p && pagemap_write_png(m, p, &po, why, sizeof(why)) == 0)
			cp->map = true;
		else
			cli_error("%s: page map: %s", p ? p : base, why);
		free(p);
	}
#endif
	return 0;
}

/* ---- steps ---------------------------------------------------------------- */

static void sum_step(struct rundir *rd, const struct mc_scenario_event *ev)
{
	struct report_step *s = NULL;

	for (size_t i = 0; i < rd->nsteps; i++)
		if (rd->steps[i].line == ev->line) {
			s = &rd->steps[i];
			break;
		}
	if (!s) {
		if (rd->nsteps == rd->capsteps) {
			size_t nc = rd->capsteps ? rd->capsteps * 2 : 64;
			struct report_step *n = realloc(rd->steps,
						     nc * sizeof(*n));

			if (!n)
				return;
			rd->steps = n;
			rd->capsteps = nc;
		}
		s = &rd->steps[rd->nsteps++];
		memset(s, 0, sizeof(*s));
		s->line = ev->line;
		s->op = ev->op;
		snprintf(s->name, sizeof(s->name), "%s",
			 ev->name ? ev->name : "");
	}
	s->runs++;
	s->requested += ev->requested;
	s->done += ev->done;
	if (ev->result)
		s->failed++;
}

int rundir_event(struct rundir *rd, struct mc_machine *m,
		 const struct mc_scenario_event *ev)
{
	struct series_row row;

	if (ev->type == MC_SCEN_STEP)
		sum_step(rd, ev);
	if (ev->type == MC_SCEN_STEP && ev->depth)
		return 0;	/* inside repeat: samples carry the series */
	series_collect(m, &row);
	write_row(rd, m, ev, &row);
	if (ev->type == MC_SCEN_CHECKPOINT || ev->type == MC_SCEN_END) {
		const char *name = ev->type == MC_SCEN_END ? "end" : ev->name;
		struct checkpoint *n = realloc(rd->cps, (rd->ncps + 1) *
					       sizeof(*n));

		if (!n)
			return -1;
		rd->cps = n;
		n = &rd->cps[rd->ncps++];
		memset(n, 0, sizeof(*n));
		snprintf(n->name, sizeof(n->name), "%s", name);
		n->time_ns = ev->time_ns;
		n->row = row;
		if (snapshot(rd, m, name, n))
			return -1;
		if (ev->type == MC_SCEN_END)
			rd->end_ns = ev->time_ns;
	}
	return 0;
}

void rundir_trace(struct rundir *rd, const char *line, size_t len)
{
	fwrite(line, 1, len, rd->trace);
	rd->trace_lines++;
}

FILE *rundir_log(struct rundir *rd)
{
	return rd->log;
}

struct rundir *rundir_open(const char *dir, struct mc_machine *m,
			   const struct rundir_info *info)
{
	struct rundir *rd = calloc(1, sizeof(*rd));
	FILE *f;
	int ret;

	if (!rd)
		return NULL;
	rd->dir = strdup(dir);
	rd->info = *info;
	mc_machine_geometry(m, &rd->g);
	ret = mkdir_p(dir);
	if (ret) {
		cli_error("%s: %s", dir, strerror(-ret));
		goto fail;
	}
	f = open_in(rd, "scenario.scen", "w");
	if (!f)
		goto fail;
	fwrite(info->text, 1, info->len, f);
	fclose(f);
	rd->csv = open_in(rd, "series.csv", "w");
	rd->jsonl = open_in(rd, "series.jsonl", "w");
	rd->trace = open_in(rd, ".trace.body", "w+");
	rd->log = open_in(rd, "log.txt", "w");
	if (!rd->csv || !rd->jsonl || !rd->trace || !rd->log)
		goto fail;
	return rd;
fail:
	if (rd->csv)
		fclose(rd->csv);
	if (rd->jsonl)
		fclose(rd->jsonl);
	if (rd->trace)
		fclose(rd->trace);
	if (rd->log)
		fclose(rd->log);
	free(rd->dir);
	free(rd);
	return NULL;
}

/* trace.txt: ftrace's header, then the lines */
static int finish_trace(struct rundir *rd, struct mc_machine *m)
{
	char hdr[4096];
	char buf[65536];
	FILE *out = open_in(rd, "trace.txt", "w");
	char *body;
	size_t n;
	int hl;

	if (!out)
		return -1;
	hl = mc_trace_header(m, rd->trace_lines, 0, hdr, sizeof(hdr));
	if (hl > 0)
		fwrite(hdr, 1, (size_t)hl, out);
	rewind(rd->trace);
	while ((n = fread(buf, 1, sizeof(buf), rd->trace)) > 0)
		fwrite(buf, 1, n, out);
	fclose(rd->trace);
	rd->trace = NULL;
	body = path_of(rd, ".trace.body");
	if (body)
		unlink(body);
	free(body);
	return fclose(out) ? -1 : 0;
}

static int write_run_json(struct rundir *rd)
{
	FILE *f = open_in(rd, "run.json", "w");
	struct json j;
	char t[32], dir[96];

	if (!f)
		return -1;
	json_init(&j, f);
	json_obj_begin(&j);
	json_kstr(&j, "memcompact", mc_version());
	json_kstr(&j, "kernel", MEMCOMPACT_KERNEL_VERSION);
	json_kstr(&j, "scenario", rd->info.scenario);
	json_kstr(&j, "description", rd->info.description);
	json_kstr(&j, "machine", rd->info.machine);
	json_ku64(&j, "seed", rd->info.seed);
	series_time(t, sizeof(t), rd->end_ns);
	json_key(&j, "end_time_s");
	json_number(&j, t);
	json_ku64(&j, "trace_lines", rd->trace_lines);
	json_key(&j, "checkpoints");
	json_arr_begin(&j);
	for (size_t i = 0; i < rd->ncps; i++) {
		series_time(t, sizeof(t), rd->cps[i].time_ns);
		snprintf(dir, sizeof(dir), "checkpoints/%s", rd->cps[i].name);
		json_obj_begin(&j);
		json_kstr(&j, "name", rd->cps[i].name);
		json_key(&j, "time_s");
		json_number(&j, t);
		json_kstr(&j, "dir", dir);
		json_kbool(&j, "pagemap", rd->cps[i].map);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "steps");
	json_arr_begin(&j);
	for (size_t i = 0; i < rd->nsteps; i++) {
		const struct report_step *s = &rd->steps[i];

		json_obj_begin(&j);
		json_ki64(&j, "line", s->line);
		json_kstr(&j, "op", s->op);
		json_kstr(&j, "name", s->name);
		json_ku64(&j, "runs", s->runs);
		json_ku64(&j, "requested", s->requested);
		json_ku64(&j, "done", s->done);
		json_ku64(&j, "failed", s->failed);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	return fclose(f) ? -1 : 0;
}

int rundir_close(struct rundir *rd, struct mc_machine *m, bool plots)
{
	int ret = 0;
	struct report_input ri;

	if (fclose(rd->csv) | fclose(rd->jsonl))
		ret = -1;
	if (finish_trace(rd, m))
		ret = -1;
	if (write_run_json(rd))
		ret = -1;
	memset(&ri, 0, sizeof(ri));
	ri.dir = rd->dir;
	ri.scenario = rd->info.scenario;
	ri.description = rd->info.description;
	ri.machine = rd->info.machine;
	ri.seed = rd->info.seed;
	ri.text = rd->info.text;
	ri.len = rd->info.len;
	ri.nr_orders = rd->g.nr_page_orders;
	ri.nr_nodes = rd->g.nr_nodes;
	for (size_t i = 0; i < rd->ncps && i < REPORT_MAX_CPS; i++) {
		ri.cps[i].name = rd->cps[i].name;
		ri.cps[i].time_ns = rd->cps[i].time_ns;
		ri.cps[i].map = rd->cps[i].map;
		ri.cps[i].row = &rd->cps[i].row;
		ri.nr_cps++;
	}
	ri.steps_json = "run.json";
	fflush(rd->log);
	if (plots && report_plots(&ri))
		ret = -1;
	if (report_html(&ri, rd->steps, rd->nsteps))
		ret = -1;
	if (fclose(rd->log))
		ret = -1;
	free(rd->steps);
	free(rd->cps);
	free(rd->dir);
	free(rd);
	return ret;
}
