// SPDX-License-Identifier: GPL-2.0-only
/*
 * top.c - the live view: a header (what runs, machine time, the step and
 * its phase), each node's proactive score and daemons, /proc/buddyinfo,
 * the extfrag and unusable index at the THP order, the compaction
 * counters with their rate per machine second, and a coarse page map
 * (one cell = some pageblocks: its majority migratetype, upper case when
 * mostly allocated, lower case when mostly free, '.' all free, ' ' no
 * memory).  A frame is a list of text lines, drawn with ncurses (colours
 * for the map) or printed as is in batch mode (-b), as top -b does.
 *
 * Keys: q quit, p or space pause, s one step while paused, + and - twice
 * or half the steps per frame, ? help.
 */
#include "top.h"
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef MC_HAVE_CURSES
#include <curses.h>
#endif

#define MAX_LINES	256
#define LINE_LEN	512

static const char *const zone_names[MC_MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* Counters shown, with their rate per machine second. */
static const char *const counters[] = {
	"compact_stall", "compact_success", "compact_fail",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"pgmigrate_success", "pgmigrate_fail", "thp_fault_alloc",
	"thp_fault_fallback", "allocstall_normal", "allocstall_movable",
	"pgscan_kswapd", "pgsteal_kswapd", "kswapd_low_wmark_hit_quickly",
	NULL,
};
#define NR_COUNTERS	(sizeof(counters) / sizeof(counters[0]) - 1)

struct top {
	const struct top_source *src;
	struct top_opts o;
	struct mc_geometry g;
	uint64_t steps_done;
	char status[160];
	bool finished, failed, paused, help;
	/* counters at the previous frame, for rates */
	uint64_t prev[NR_COUNTERS], prev_clock;
	double rate[NR_COUNTERS];
	/* the frame */
	char lines[MAX_LINES][LINE_LEN];
	bool is_map[MAX_LINES];
	int n;
};

static void emit(struct top *t, bool map, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void emit(struct top *t, bool map, const char *fmt, ...)
{
	va_list ap;

	if (t->n == MAX_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(t->lines[t->n], LINE_LEN, fmt, ap);
	va_end(ap);
	t->is_map[t->n++] = map;
}

static void human(uint64_t bytes, char *buf, size_t len)
{
	static const char u[] = "KMGTP";
	double v = (double)bytes;
	int i = -1;

	while (v >= 1024 && i < 4) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f %ciB", v, u[i]);
}

static void do_steps(struct top *t, unsigned n)
{
	for (unsigned i = 0; i < n && !t->finished; i++) {
		enum top_step r = t->src->step(t->src->ctx, t->src->m,
					       t->status, sizeof(t->status));

		t->steps_done++;
		if (r == TOP_STEP_DONE) {
			t->finished = true;
		} else if (r == TOP_STEP_ERROR) {
			t->finished = true;
			t->failed = true;
		}
	}
}

static void update_rates(struct top *t)
{
	struct mc_machine *m = t->src->m;
	uint64_t now = mc_clock_ns(m);

	for (size_t i = 0; i < NR_COUNTERS; i++) {
		uint64_t v = 0;

		mc_vmstat_get(m, counters[i], &v);
		t->rate[i] = now > t->prev_clock ?
			(double)(v - t->prev[i]) * 1e9 /
			(double)(now - t->prev_clock) : 0.0;
		t->prev[i] = v;
	}
	t->prev_clock = now;
}

/* The letter of kernel migratetype @mt. */
static char mt_letter(const struct top *t, int mt)
{
	unsigned isolate = t->g.nr_migratetypes - 1;

	switch (mt) {
	case 0: return 'U';
	case 1: return 'M';
	case 2: return 'R';
	case 3: return 'H';
	default:
		if ((unsigned)mt == isolate)
			return 'I';
		return 'C';	/* MIGRATE_CMA */
	}
}

/* Page map: @rows lines of @cols cells. */
static void render_map(struct top *t, int cols, int rows)
{
	struct mc_machine *m = t->src->m;
	uint64_t pb_pages = 1ull << t->g.pageblock_order;
	uint64_t start = t->g.start_pfn & ~(pb_pages - 1);
	uint64_t nr_pb = (t->g.end_pfn - start + pb_pages - 1) / pb_pages;
	uint64_t cells = (uint64_t)cols * (uint64_t)rows, per_cell;
	char human_cell[32], row[LINE_LEN];
	int col = 0;

	if (cols < 8 || rows < 1)
		return;
	per_cell = (nr_pb + cells - 1) / cells;
	if (!per_cell)
		per_cell = 1;
	human(per_cell * pb_pages << t->g.page_shift, human_cell,
	      sizeof(human_cell));
	emit(t, false, "page map, 1 cell = %llu pageblock%s (%s): M movable "
	     "U unmovable R reclaimable H highatomic C CMA I isolate; "
	     "lower case: mostly free; .: free",
	     (unsigned long long)per_cell, per_cell == 1 ? "" : "s",
	     human_cell);
	for (uint64_t c = 0; c * per_cell < nr_pb; c++) {
		uint64_t pfn = start + c * per_cell * pb_pages;
		uint64_t end = pfn + per_cell * pb_pages;
		uint64_t present = 0, free = 0, by_mt[8] = { 0 };
		char ch;

		if (end > t->g.end_pfn)
			end = t->g.end_pfn;
		while (pfn < end) {
			struct mc_page_info pi;
			uint64_t next = pfn + 1, pb_end;

			if (mc_page_info(m, pfn, &pi)) {
				pfn++;
				continue;
			}
			if (pi.state == MC_PS_HOLE ||
			    pi.state == MC_PS_RESERVED) {
				pfn++;
				continue;
			}
			if (pi.state != MC_PS_PCP)
				next = pi.head_pfn + (1ull << pi.order);
			pb_end = (pfn | (pb_pages - 1)) + 1;
			if (next > pb_end)
				next = pb_end;
			if (next > end)
				next = end;
			if (next <= pfn)
				next = pfn + 1;
			present += next - pfn;
			if (pi.state != MC_PS_ALLOCATED)
				free += next - pfn;
			if (pi.pageblock_mt >= 0 && pi.pageblock_mt < 8)
				by_mt[pi.pageblock_mt] += next - pfn;
			pfn = next;
		}
		if (!present) {
			ch = ' ';
		} else if (free == present) {
			ch = '.';
		} else {
			int best = 0;

			for (int k = 1; k < 8; k++)
				if (by_mt[k] > by_mt[best])
					best = k;
			ch = mt_letter(t, best);
			if (free * 2 > present)
				ch = (char)(ch - 'A' + 'a');
		}
		row[col++] = ch;
		if (col == cols) {
			row[col] = '\0';
			emit(t, true, "%s", row);
			col = 0;
		}
	}
	if (col) {
		row[col] = '\0';
		emit(t, true, "%s", row);
	}
}

static void render(struct top *t, int width, int height)
{
	struct mc_machine *m = t->src->m;
	uint64_t now = mc_clock_ns(m), free_pages = 0;
	unsigned thp = t->g.hpage_pmd_order;
	char buf[LINE_LEN], h[32];
	int o, map_rows;

	t->n = 0;
	emit(t, false, "memcompact top - %s - step %llu%s%s", t->src->title,
	     (unsigned long long)t->steps_done,
	     t->status[0] ? ": " : "", t->status);
	mc_vmstat_get(m, "nr_free_pages", &free_pages);
	human(free_pages << t->g.page_shift, h, sizeof(h));
	emit(t, false, "machine time %llu.%03llu s  free %llu pages (%s)  "
	     "%u steps/frame  [%s]", (unsigned long long)(now / 1000000000u),
	     (unsigned long long)(now % 1000000000u / 1000000u),
	     (unsigned long long)free_pages, h, t->o.steps,
	     t->failed ? "failed" : t->finished ? "finished" :
	     t->paused ? "paused" : "running");
	if (t->help) {
		emit(t, false, "%s", "");
		emit(t, false, "keys: q quit   p or space pause/resume   "
		     "s one step (paused)");
		emit(t, false, "      + twice the steps per frame   - half   "
		     "? this help");
	}
	emit(t, false, "%s", "");
	for (unsigned nid = 0; nid < t->g.nr_nodes; nid++) {
		struct mc_node_stats ns;

		if (mc_node_stats(m, (int)nid, &ns))
			continue;
		emit(t, false, "node %u: fragmentation score %u (proactive "
		     "low %u high %u)  kcompactd %s  kswapd %s", nid,
		     ns.fragmentation_score, ns.score_wmark_low,
		     ns.score_wmark_high,
		     ns.kcompactd_sleeping ? "sleeping" : "running",
		     ns.kswapd_sleeping ? "sleeping" : "running");
	}
	emit(t, false, "%s", "");

	/* buddyinfo with a header of orders */
	o = snprintf(buf, sizeof(buf), "%-20s", "buddyinfo");
	for (unsigned k = 0; k < t->g.nr_page_orders && o < LINE_LEN - 8; k++)
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, " %6u", k);
	o += snprintf(buf + o, sizeof(buf) - (size_t)o, "  extfrag unusable "
		      "(order %u)", thp);
	emit(t, false, "%s", buf);
	for (unsigned nid = 0; nid < t->g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats s;
			int idx = 0, unus = 0;

			if (mc_zone_stats(m, (int)nid, zt, &s) ||
			    !s.populated)
				continue;
			mc_zone_fragmentation(m, (int)nid, zt, thp, &idx,
					      &unus);
			o = snprintf(buf, sizeof(buf), "Node %u, zone %8s  ",
				     nid, zone_names[zt]);
			for (unsigned k = 0; k < t->g.nr_page_orders &&
			     o < LINE_LEN - 8; k++)
				o += snprintf(buf + o, sizeof(buf) - (size_t)o,
					      " %6llu", (unsigned long long)
					      s.nr_free_blocks[k]);
			snprintf(buf + o, sizeof(buf) - (size_t)o,
				 "  %7.3f  %7.3f", idx / 1000.0,
				 unus / 1000.0);
			emit(t, false, "%s", buf);
		}
	emit(t, false, "%s", "");

	/* counters: two columns */
	emit(t, false, "%-32s %12s %10s   %-32s %12s %10s", "counter",
	     "total", "/s", "counter", "total", "/s");
	for (size_t i = 0; i < NR_COUNTERS; i += 2) {
		int len = 0;

		for (size_t k = i; k < i + 2 && k < NR_COUNTERS; k++)
			len += snprintf(buf + len, sizeof(buf) - (size_t)len,
					"%s%-32s %12llu %10.1f", k > i ? "   " :
					"", counters[k],
					(unsigned long long)t->prev[k],
					t->rate[k]);
		emit(t, false, "%s", buf);
	}
	emit(t, false, "%s", "");

	map_rows = height - t->n - 1;
	if (map_rows > 32)
		map_rows = 32;
	render_map(t, width < LINE_LEN ? width : LINE_LEN - 1, map_rows);
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_nsec = (long)(ns % 1000000000u),
	};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int run_batch(struct top *t)
{
	for (uint64_t i = 0; !t->o.iterations || i < t->o.iterations; i++) {
		if (i) {
			if (t->o.delay_ns)
				sleep_ns(t->o.delay_ns);
			do_steps(t, t->o.steps);
		}
		update_rates(t);
		/* a frame: its lines (the map at most 32 rows of 100
		 * cells), then a blank line */
		render(t, 100, 1000);
		for (int k = 0; k < t->n; k++)
			printf("%s\n", t->lines[k]);
		printf("\n");
		fflush(stdout);
		if (t->failed)
			return 1;
		if (t->finished && !t->o.iterations)
			break;
	}
	return 0;
}

#ifdef MC_HAVE_CURSES
static short map_color(char c)
{
	switch (c | 0x20) {
	case 'm': return 1;
	case 'u': return 2;
	case 'r': return 3;
	case 'h': return 4;
	case 'c': return 5;
	case 'i': return 6;
	default: return 0;
	}
}

static void draw(struct top *t)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	render(t, cols, rows);
	erase();
	for (int y = 0; y < t->n && y < rows; y++) {
		if (!t->is_map[y]) {
			mvaddnstr(y, 0, t->lines[y], cols);
			if (y == 0)
				mvchgat(0, 0, -1, A_REVERSE, 0, NULL);
			continue;
		}
		for (int x = 0; t->lines[y][x] && x < cols; x++) {
			char c = t->lines[y][x];
			short pair = has_colors() ? map_color(c) : 0;

			if (pair)
				attron(COLOR_PAIR(pair));
			mvaddch(y, x, (chtype)(unsigned char)c);
			if (pair)
				attroff(COLOR_PAIR(pair));
		}
	}
	refresh();
}

static int run_curses(struct top *t)
{
	int delay_ms = (int)(t->o.delay_ns / 1000000u);
	uint64_t frames = 0;

	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cli_error("top: not a terminal (-b prints frames as text)");
		return 1;
	}
	if (!initscr()) {
		cli_error("top: cannot use the terminal (TERM=%s)",
			  getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	cbreak();
	noecho();
	curs_set(0);
	keypad(stdscr, TRUE);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_MAGENTA, -1);
		init_pair(5, COLOR_BLUE, -1);
		init_pair(6, COLOR_CYAN, -1);
	}
	timeout(delay_ms > 0 ? delay_ms : 1);
	update_rates(t);
	for (;;) {
		int ch;

		draw(t);
		frames++;
		if (t->o.iterations && frames >= t->o.iterations)
			break;
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		switch (ch) {
		case 'p': case 'P': case ' ':
			t->paused = !t->paused;
			continue;
		case 's': case 'S':
			if (t->paused) {
				do_steps(t, 1);
				update_rates(t);
			}
			continue;
		case '+': case '=':
			if (t->o.steps < 1u << 20)
				t->o.steps *= 2;
			continue;
		case '-': case '_':
			if (t->o.steps > 1)
				t->o.steps /= 2;
			continue;
		case '?': case 'h': case 'H':
			t->help = !t->help;
			continue;
		case KEY_RESIZE:
			continue;
		default:
			break;
		}
		if (!t->paused && !t->finished) {
			do_steps(t, t->o.steps);
			update_rates(t);
		}
	}
	endwin();
	if (t->failed) {
		cli_error("top: %s", t->status);
		return 1;
	}
	return 0;
}
#else
static int run_curses(struct top *t)
{
	(void)t;
	cli_error("top: built without ncurses (-b prints frames as text)");
	return 1;
}
#endif

int top_run(const struct top_source *src, const struct top_opts *o)
{
	struct top *t = calloc(1, sizeof(*t));
	int ret;

	if (!t) {
		cli_error("top: out of memory");
		return 1;
	}
	t->src = src;
	t->o = *o;
	if (!t->o.steps)
		t->o.steps = 1;
	t->paused = o->paused;
	mc_machine_geometry(src->m, &t->g);
	ret = o->batch ? run_batch(t) : run_curses(t);
	if (o->batch && t->failed)
		cli_error("top: %s", t->status);
	free(t);
	return ret;
}
