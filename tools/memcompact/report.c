// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.c - the pictures and the page of a run directory.
 *
 * Plots: gnuplot scripts in plots/ read ../series.csv (the column layout
 * is rundir.c's) and draw PNGs with the pngcairo terminal; gnuplot runs
 * only when it is on PATH, else the scripts are left for the user.
 *
 * report.html is one self-contained file: the pictures are embedded as
 * data: URIs, the style is inline, there is no script and nothing is
 * fetched from a network.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "rundir.h"

#if defined(MC_HAVE_PNG) && __has_include("pagemap.h")
#include "pagemap.h"
#define MC_HAVE_PAGEMAP 1
#endif

static FILE *open_rel(const char *dir, const char *rel, const char *mode)
{
	char *p;
	FILE *f;

	if (asprintf(&p, "%s/%s", dir, rel) < 0)
		return NULL;
	f = fopen(p, mode);
	if (!f)
		cli_error("%s: %s", p, strerror(errno));
	free(p);
	return f;
}

/* ---- plots ---------------------------------------------------------------- */

static void gp_head(FILE *f, const char *png, const char *title,
		    const char *ylabel, bool logy)
{
	fprintf(f,
		"# SPDX-License-Identifier: GPL-2.0-only\n"
		"# Written by memcompact run: gnuplot %s.gp (in plots/)\n"
		"set terminal pngcairo noenhanced size 900,420 font \"DejaVu Sans,10\"\n"
		"set output \"%s.png\"\n"
		"set datafile separator \",\"\n"
		"set title \"%s\"\n"
		"set xlabel \"machine time (s)\"\n"
		"set ylabel \"%s\"\n"
		"set key outside right top\n"
		"set grid\n",
		png, png, title, ylabel);
	if (logy)	/* zeros are drawn on the bottom edge */
		fprintf(f, "set logscale y\nset yrange [0.5:*]\n");
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		return false;
	while (*path) {
		const char *c = strchr(path, ':');
		size_t n = c ? (size_t)(c - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return true;
		path += n + (c ? 1 : 0);
	}
	return false;
}

static int run_gnuplot(const char *dir, const char *script)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (chdir(dir))
			_exit(127);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int report_plots(struct report_input *ri)
{
	const struct series_row *row = ri->nr_cps ? ri->cps[0].row : NULL;
	unsigned nz = row ? row->nr_zones : 0, nn = ri->nr_nodes;
	unsigned c_orders = 5, c_frag = c_orders + ri->nr_orders;
	unsigned c_score = c_frag + 2 * nz, c_cnt = c_score + nn;
	static const struct { const char *name; int col; } cnt[] = {
		/* offsets into series_counters[] */
		{ "compact_migrate_scanned", 0 },
		{ "compact_free_scanned", 1 },
		{ "compact_daemon_migrate_scanned", 7 },
		{ "compact_daemon_free_scanned", 8 },
		{ "pgmigrate_success", 9 },
		{ "compact_stall", 3 },
		{ "thp_fault_alloc", 11 },
		{ "thp_fault_fallback", 12 },
	};
	static const char *const names[] = {
		"free_blocks", "fragmentation", "compaction",
	};
	char *pdir;
	bool gp = on_path("gnuplot");
	FILE *f;

	if (!row)
		return 0;
	if (asprintf(&pdir, "%s/plots", ri->dir) < 0)
		return -1;
	mkdir(pdir, 0777);

	f = open_rel(pdir, "free_blocks.gp", "w");
	if (!f)
		goto fail;
	gp_head(f, "free_blocks", "Free blocks per order (all zones)",
		"free blocks", true);
	fprintf(f, "plot \\\n");
	for (unsigned o = 0; o < ri->nr_orders; o++)
		fprintf(f, "  \"../series.csv\" using 1:($%u > 0 ? $%u : 0.5) with steps title \"order %u\"%s\n",
			c_orders + o, c_orders + o, o,
			o + 1 < ri->nr_orders ? ", \\" : "");
	fclose(f);

	f = open_rel(pdir, "fragmentation.gp", "w");
	if (!f)
		goto fail;
	gp_head(f, "fragmentation",
		"Fragmentation index (pageblock order, x1000) and score",
		"extfrag_index", false);
	fprintf(f, "set yrange [-1000:1000]\nset y2range [0:100]\n"
		   "set y2label \"fragmentation score\"\nset y2tics\n"
		   "plot \\\n");
	for (unsigned z = 0; z < nz; z++)
		fprintf(f, "  \"../series.csv\" using 1:%u with steps title columnhead, \\\n",
			c_frag + z);
	for (unsigned n = 0; n < nn; n++)
		fprintf(f, "  \"../series.csv\" using 1:%u axes x1y2 with steps lw 2 title columnhead%s\n",
			c_score + n, n + 1 < nn ? ", \\" : "");
	fclose(f);

	f = open_rel(pdir, "compaction.gp", "w");
	if (!f)
		goto fail;
	gp_head(f, "compaction", "Compaction and migration counters",
		"count (cumulative)", true);
	fprintf(f, "plot \\\n");
	for (size_t i = 0; i < sizeof(cnt) / sizeof(cnt[0]); i++)
		fprintf(f, "  \"../series.csv\" using 1:($%u > 0 ? $%u : 0.5) with steps title \"%s\"%s\n",
			c_cnt + cnt[i].col, c_cnt + cnt[i].col, cnt[i].name,
			i + 1 < sizeof(cnt) / sizeof(cnt[0]) ? ", \\" : "");
	fclose(f);

	ri->nr_plots = 0;
	if (!gp) {
		cli_error("gnuplot is not on PATH: the scripts are in %s (scripts/install-deps.sh installs gnuplot-nox)",
			  pdir);
	} else {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char script[64];

			snprintf(script, sizeof(script), "%s.gp", names[i]);
			if (run_gnuplot(pdir, script)) {
				cli_error("%s/%s: gnuplot failed", pdir,
					  script);
				continue;
			}
			ri->plots[ri->nr_plots++] = names[i];
		}
	}
	free(pdir);
	return 0;
fail:
	free(pdir);
	return -1;
}

/* ---- HTML ----------------------------------------------------------------- */

static void html_esc(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		switch (s[i]) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(s[i], f); break;
		}
	}
}

static void html_str(FILE *f, const char *s)
{
	if (s)
		html_esc(f, s, strlen(s));
}

/* <img> with the file's bytes as a data: URI; false if unreadable */
static bool embed_png(FILE *out, const char *dir, const char *rel,
		      const char *alt)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	FILE *f = NULL;
	unsigned char in[3];
	size_t n;
	char *p;

	if (asprintf(&p, "%s/%s", dir, rel) >= 0) {
		f = fopen(p, "rb");
		free(p);
	}
	if (!f)
		return false;
	fprintf(out, "<img alt=\"");
	html_str(out, alt);
	fprintf(out, "\" src=\"data:image/png;base64,");
	while ((n = fread(in, 1, 3, f)) > 0) {
		unsigned v = (unsigned)in[0] << 16 |
			     (n > 1 ? (unsigned)in[1] << 8 : 0) |
			     (n > 2 ? in[2] : 0);

		fputc(b64[v >> 18 & 63], out);
		fputc(b64[v >> 12 & 63], out);
		fputc(n > 1 ? b64[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? b64[v & 63] : '=', out);
	}
	fclose(f);
	fprintf(out, "\">\n");
	return true;
}

/* a text file of the run directory in <pre> */
static void embed_text(FILE *out, const char *dir, const char *rel)
{
	char buf[8192];
	FILE *f = open_rel(dir, rel, "r");
	size_t n;

	if (!f)
		return;
	fprintf(out, "<pre>");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		html_esc(out, buf, n);
	fprintf(out, "</pre>\n");
	fclose(f);
}

static const char style[] =
	"body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#222}"
	"h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	"padding:2px 8px;text-align:right}th{background:#eee}"
	"td.l,th.l{text-align:left}pre{background:#f6f6f6;padding:.6em;"
	"overflow-x:auto;font-size:12px}img{display:block;margin:.5em 0;"
	"image-rendering:pixelated;max-width:100%}"
	".sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;"
	"border:1px solid #888;vertical-align:middle}";

int report_html(const struct report_input *ri, const struct report_step *st,
		size_t nsteps)
{
	FILE *f = open_rel(ri->dir, "report.html", "w");
	char rel[512];

	if (!f)
		return -1;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		   "<meta charset=\"utf-8\">\n<title>memcompact run: ");
	html_str(f, ri->scenario);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>memcompact run: ",
		style);
	html_str(f, ri->scenario);
	fprintf(f, "</h1>\n<p>");
	html_str(f, ri->description);
	fprintf(f, "</p>\n<table>\n<tr><th class=\"l\">machine</th><td class=\"l\">");
	html_str(f, ri->machine);
	fprintf(f, "</td></tr>\n<tr><th class=\"l\">seed</th><td class=\"l\">%llu</td></tr>\n"
		   "<tr><th class=\"l\">memcompact</th><td class=\"l\">%s (Linux %s)</td></tr>\n"
		   "</table>\n",
		(unsigned long long)ri->seed, mc_version(),
		MEMCOMPACT_KERNEL_VERSION);

	fprintf(f, "<h2>Steps</h2>\n<table>\n<tr><th>line</th><th class=\"l\">step</th>"
		   "<th class=\"l\">name</th><th>runs</th><th>requested</th>"
		   "<th>done</th><th>short</th></tr>\n");
	for (size_t i = 0; i < nsteps; i++) {
		fprintf(f, "<tr><td>%d</td><td class=\"l\">", st[i].line);
		html_str(f, st[i].op);
		fprintf(f, "</td><td class=\"l\">");
		html_str(f, st[i].name);
		fprintf(f, "</td><td>%llu</td><td>%llu</td><td>%llu</td><td>%llu</td></tr>\n",
			(unsigned long long)st[i].runs,
			(unsigned long long)st[i].requested,
			(unsigned long long)st[i].done,
			(unsigned long long)st[i].failed);
	}
	fprintf(f, "</table>\n<p>requested and done count pages (objects for slab steps); "
		   "short: runs in which the machine could not give everything asked.</p>\n");

	fprintf(f, "<h2>Time series</h2>\n");
	for (unsigned i = 0; i < ri->nr_plots; i++) {
		snprintf(rel, sizeof(rel), "plots/%s.png", ri->plots[i]);
		embed_png(f, ri->dir, rel, ri->plots[i]);
	}
	if (!ri->nr_plots)
		fprintf(f, "<p>No plots (gnuplot was not run); the data is in series.csv.</p>\n");

	fprintf(f, "<h2>Checkpoints</h2>\n<table>\n<tr><th class=\"l\">checkpoint</th>"
		   "<th>time (s)</th><th>free pages</th>");
	for (unsigned n = 0; n < ri->nr_nodes && n < 4; n++)
		fprintf(f, "<th>score node %u</th>", n);
	fprintf(f, "</tr>\n");
	for (unsigned i = 0; i < ri->nr_cps; i++) {
		const struct series_row *r = ri->cps[i].row;

		fprintf(f, "<tr><td class=\"l\"><a href=\"#cp-");
		html_str(f, ri->cps[i].name);
		fprintf(f, "\">");
		html_str(f, ri->cps[i].name);
		fprintf(f, "</a></td><td>%llu.%03llu</td><td>%llu</td>",
			(unsigned long long)(ri->cps[i].time_ns / 1000000000),
			(unsigned long long)(ri->cps[i].time_ns / 1000000 %
					     1000),
			(unsigned long long)r->nr_free_pages);
		for (unsigned n = 0; n < ri->nr_nodes && n < 4; n++)
			fprintf(f, "<td>%u</td>", r->score[n]);
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n");
#ifdef MC_HAVE_PAGEMAP
	{
		size_t nl;
		const struct pagemap_colour *pc = pagemap_legend(&nl);

		fprintf(f, "<p>Page maps: one cell per pageblock.");
		for (size_t i = 0; i < nl; i++) {
			fprintf(f, "<span class=\"sw\" style=\"background:#%02x%02x%02x\"></span>",
				pc[i].r, pc[i].g, pc[i].b);
			html_str(f, pc[i].name);
		}
		fprintf(f, "</p>\n");
	}
#endif
	for (unsigned i = 0; i < ri->nr_cps; i++) {
		const char *n = ri->cps[i].name;

		fprintf(f, "<h3 id=\"cp-");
		html_str(f, n);
		fprintf(f, "\">");
		html_str(f, n);
		fprintf(f, "</h3>\n");
		if (ri->cps[i].map) {
			snprintf(rel, sizeof(rel), "checkpoints/%s/pagemap.png",
				 n);
			embed_png(f, ri->dir, rel, n);
		}
		snprintf(rel, sizeof(rel), "checkpoints/%s/proc/buddyinfo", n);
		fprintf(f, "<p>/proc/buddyinfo</p>\n");
		embed_text(f, ri->dir, rel);
		snprintf(rel, sizeof(rel),
			 "checkpoints/%s/sys/kernel/debug/extfrag/extfrag_index",
			 n);
		fprintf(f, "<p>/sys/kernel/debug/extfrag/extfrag_index</p>\n");
		embed_text(f, ri->dir, rel);
	}

	fprintf(f, "<h2>Scenario</h2>\n<pre>");
	html_esc(f, ri->text, ri->len);
	fprintf(f, "</pre>\n<h2>Log</h2>\n");
	embed_text(f, ri->dir, "log.txt");
	fprintf(f, "<p>Files: run.json, series.csv, series.jsonl, trace.txt, "
		   "checkpoints/NAME/proc/ (a proc tree), plots/.</p>\n"
		   "</body>\n</html>\n");
	return fclose(f) ? -1 : 0;
}
