// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_replay.c - reading kmem trace text (tracefile.c) and replaying it
 * (replay.c).
 *
 *  - the line formats ftrace, trace-cmd and perf print, each field worked
 *    out by hand, and the errors bad lines get;
 *  - a hand-worked trace (tests/data/replay/hand.trace) on a one-zone
 *    layout, where every pfn was derived from the buddy allocator's rules:
 *    every allocation must agree and the end state is the hand-worked one;
 *  - memcompact's own trace of a mixed workload (fill, bulk and single
 *    frees on two CPUs, THP faults with direct compaction, time for the
 *    daemons) replayed on a fresh machine of the same layout: every pfn
 *    must agree and the end state be identical; on another layout, or
 *    with one pfn of the trace changed, the replay must see it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <errno.h>

#include "helpers.h"
#include "replay.h"
#include "tracefile.h"

/* ---- parsing ------------------------------------------------------------- */

static int parse(const char *text, struct tev *ev, struct trace_read_stats *st,
		 char *err, size_t errlen)
{
	char buf[1024];
	struct trace_read_opts o = { 0 };

	snprintf(buf, sizeof(buf), "%s", text);
	return trace_parse_line(buf, &o, ev, st, err, errlen);
}

static void test_parse_formats(void **state)
{
	struct trace_read_stats st = { 0 };
	struct tev ev;
	char err[256];

	(void)state;
	/* tracefs with irq-info (the default) */
	assert_int_equal(parse("            bash-10826   [001] ..... "
			       "11305.709738: mm_page_alloc: page=000000003774f2fe "
			       "pfn=0x106233 order=2 migratetype=0 "
			       "gfp_flags=GFP_KERNEL|__GFP_COMP",
			       &ev, &st, err, sizeof(err)), 1);
	assert_int_equal(ev.kind, TEV_ALLOC);
	assert_int_equal(ev.pid, 10826);
	assert_int_equal(ev.cpu, 1);
	assert_true(ev.ts_ns == 11305709738000ull);
	assert_true(ev.pfn == 0x106233);
	assert_int_equal(ev.order, 2);
	assert_int_equal(ev.mt, 0);
	assert_false(ev.failed);
	/* GFP_KERNEL = __GFP_RECLAIM|__GFP_IO|__GFP_FS = 0xcc0, __GFP_COMP
	 * bit 18 */
	assert_int_equal(ev.gfp, 0xcc0u | (1u << 18));

	/* no irq-info, a task name with blanks and dashes, decimal pfn of
	 * old kernels */
	assert_int_equal(parse(" kworker/u8:2-ev ents-77 [000] 5.000001: "
			       "mm_page_free: page=ffffea0000000040 pfn=1 "
			       "order=0", &ev, &st, err, sizeof(err)), 1);
	assert_int_equal(ev.kind, TEV_FREE);
	assert_int_equal(ev.pid, 77);
	assert_true(ev.pfn == 1);
	assert_true(ev.ts_ns == 5000001000ull);

	/* record-tgid column */
	assert_int_equal(parse("  a-5 (    5) [003] d..1. 1.5: "
			       "mm_page_free_batched: page=0 pfn=0x10 order=0",
			       &ev, &st, err, sizeof(err)), 1);
	assert_int_equal(ev.kind, TEV_FREE_BATCHED);
	assert_int_equal(ev.cpu, 3);
	assert_int_equal(ev.pid, 5);
	assert_true(ev.pfn == 0x10);
	assert_true(ev.ts_ns == 1500000000ull);

	/* perf script, a failed allocation (page=(nil), pfn=0) */
	assert_int_equal(parse("stress 4242 [002] 100.000200: "
			       "kmem:mm_page_alloc: page=(nil) pfn=0x0 order=9 "
			       "migratetype=1 gfp_flags=GFP_TRANSHUGE",
			       &ev, &st, err, sizeof(err)), 1);
	assert_int_equal(ev.kind, TEV_ALLOC);
	assert_int_equal(ev.pid, 4242);
	assert_int_equal(ev.cpu, 2);
	assert_true(ev.failed);
	assert_int_equal(ev.order, 9);
	assert_int_equal(ev.mt, 1);

	/* migration brackets */
	assert_int_equal(parse("kcompactd0-40 [000] ..... 2.0: "
			       "mm_migrate_pages_start: mode=MIGRATE_SYNC_LIGHT "
			       "reason=compaction", &ev, &st, err,
			       sizeof(err)), 1);
	assert_int_equal(ev.kind, TEV_MIGRATE_START);

	/* lines without an event for the replay */
	assert_int_equal(parse("# tracer: nop", &ev, &st, err, sizeof(err)),
			 0);
	assert_int_equal(parse("", &ev, &st, err, sizeof(err)), 0);
	assert_int_equal(parse("CPU:1 [LOST 17 EVENTS]", &ev, &st, err,
			       sizeof(err)), 0);
	assert_int_equal(parse("cpus=2", &ev, &st, err, sizeof(err)), 0);
	assert_int_equal(parse("x-1 [000] ..... 1.0: mm_compaction_begin: "
			       "zone_start=0x1000", &ev, &st, err,
			       sizeof(err)), 0);
	assert_true(st.lost == 17);
	assert_true(st.other_known == 1);
	assert_true(st.comments == 4);
	assert_true(st.events[TEV_ALLOC] == 2);
	assert_true(st.events[TEV_FREE] == 1);
	assert_true(st.events[TEV_FREE_BATCHED] == 1);
	assert_int_equal(st.max_cpu, 3);
}

static void expect_error(const char *line, const char *needle)
{
	struct trace_read_stats st = { 0 };
	struct tev ev;
	char err[256] = "";

	assert_int_equal(parse(line, &ev, &st, err, sizeof(err)), -1);
	if (!strstr(err, needle)) {
		fprintf(stderr, "line '%s': error '%s' lacks '%s'\n", line,
			err, needle);
		fail();
	}
}

static void test_parse_errors(void **state)
{
	struct trace_read_stats st = { 0 };
	struct trace_read_opts skip = { .skip_unknown = true };
	char buf[256], err[256];
	struct tev ev;

	(void)state;
	expect_error("hello world", "no [CPU] column");
	expect_error("task [000] 1.0: mm_page_free: pfn=0x1 order=0",
		     "no TASK-PID");
	expect_error("a-1 [000] ..... 1.x: mm_page_free: pfn=0x1 order=0",
		     "bad timestamp");
	expect_error("a-1 [000] ..... 1.0: mm_page_free: order=0",
		     "no pfn= field");
	expect_error("a-1 [000] ..... 1.0: mm_page_free: pfn=0xg order=0",
		     "pfn=0xg is not a number");
	expect_error("a-1 [000] ..... 1.0: mm_page_free: pfn=0x1 order=99",
		     "order=99 is not 0..63");
	expect_error("a-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x1 "
		     "order=0 migratetype=1", "no gfp_flags= field");
	expect_error("a-1 [000] ..... 1.0: mm_page_alloc: page=0 pfn=0x1 "
		     "order=0 migratetype=1 gfp_flags=GFP_KERNEL|__GFP_BOGUS",
		     "gfp_flags=GFP_KERNEL|__GFP_BOGUS");
	expect_error("a-1 [000] ..... 1.0: sched_switch: prev_comm=a",
		     "unknown event 'sched_switch'");
	/* ... which --skip-unknown skips, counted */
	snprintf(buf, sizeof(buf), "a-1 [000] ..... 1.0: sched_switch: x=1");
	assert_int_equal(trace_parse_line(buf, &skip, &ev, &st, err,
					  sizeof(err)), 0);
	assert_true(st.unknown == 1);
	assert_string_equal(st.first_unknown, "sched_switch");
}

static void test_read_names_line(void **state)
{
	static const char text[] =
		"# tracer: nop\n"
		"a-1 [000] ..... 1.0: mm_page_free: pfn=0x1 order=0\n"
		"a-1 [000] ..... 1.0: mm_page_free: pfn=0x1 order=x\n";
	struct trace_read_stats st = { 0 };
	struct tev_vec evs = { 0 };
	struct mc_error err;
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(trace_read(f, "t.trace", NULL, &evs, &st, &err), -1);
	assert_string_equal(err.file, "t.trace");
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "order=x"));
	fclose(f);
	tev_vec_free(&evs);
}

/* ---- replaying ----------------------------------------------------------- */

static struct mc_machine *machine_zoneinfo(const char *rel, unsigned cpus)
{
	struct mc_machine_desc d;
	struct mc_options o = { .seed = 1 };
	struct mc_machine *m = NULL;
	struct mc_error err;
	size_t len;
	char *text = t_read_source_file(rel, &len);

	assert_non_null(text);
	assert_int_equal(mc_desc_from_zoneinfo(text, len, rel, &d, &err), 0);
	free(text);
	if (cpus) {
		d.nr_cpus = cpus;
		for (int c = 0; c < MC_MAX_CPUS; c++)
			d.cpu_to_node[c] = -1;
	}
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
	return m;
}

static void read_text(const char *text, size_t len, struct tev_vec *evs)
{
	struct trace_read_stats st = { 0 };
	struct mc_error err;
	FILE *f = fmemopen((void *)text, len, "r");

	assert_non_null(f);
	if (trace_read(f, "trace", NULL, evs, &st, &err)) {
		fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.msg);
		fail();
	}
	fclose(f);
}

static void test_hand_trace(void **state)
{
	/* worked out by hand in the trace's header */
	static const char buddy[] =
		"Node 0, zone   Normal      1      1      1      1      1      "
		"1      1      0      1      0      6 \n";
	struct replay_opts o = { .clock = REPLAY_CLOCK_TRACE };
	const struct replay_result *r;
	struct tev_vec evs = { 0 };
	struct mc_machine *m;
	struct mc_error err;
	struct replay *rp;
	size_t len;
	char *text;
	uint64_t v;

	(void)state;
	text = t_read_source_file("tests/data/replay/hand.trace", &len);
	assert_non_null(text);
	read_text(text, len, &evs);
	free(text);
	m = machine_zoneinfo("tests/data/replay/tiny.zoneinfo", 0);
	rp = replay_new(m, &err);
	assert_non_null(rp);
	assert_int_equal(replay_run(rp, &evs, &o, &err), 0);
	r = replay_result(rp);
	assert_true(r->allocs == 13);
	assert_true(r->agree == 13);
	assert_false(r->first.found);
	/* 5 frees and one free_batched alone; nothing untracked */
	assert_true(r->frees == 6);
	assert_true(r->frees_done == 6);
	assert_true(r->batched_standalone == 1);
	assert_true(r->frees_untracked == 0);
	/* 13 allocations - 6 frees */
	assert_true(r->live_blocks == 7);
	text = t_render(m, MC_PROC_BUDDYINFO);
	assert_string_equal(text, buddy);
	free(text);
	/* free pages: 8192 - 3*256 - 32 - 64 - 1024 - 1 */
	assert_int_equal(mc_vmstat_get(m, "nr_free_pages", &v), 0);
	assert_true(v == 6527);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
	replay_destroy(rp);
	tev_vec_free(&evs);
}

/*
 * The trace of a two-CPU workload.  Its owner behaves as the replay's
 * does (migration accepted, no split, no reclaim) and its kinds follow
 * the gfp mask as the replay's do, so the same requests on the same
 * layout must get the same pages.
 */
struct wl {
	struct mc_machine *m;
	uint64_t *pfn;		/* by cookie; UINT64_MAX: free */
	unsigned *order;
	bool *movable;
	size_t n, cap;
	uint64_t rng;
	char *text;
	size_t len, tcap;
	uint64_t lines;
};

static uint64_t wl_rnd(struct wl *w)
{
	uint64_t z = (w->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void wl_trace(void *ctx, const struct mc_trace_event *ev)
{
	struct wl *w = ctx;
	char line[1024];
	int n = mc_trace_format(w->m, ev, 0, line, sizeof(line));

	assert_true(n > 0 && (size_t)n < sizeof(line));
	if (w->len + (size_t)n + 1 > w->tcap) {
		w->tcap = w->tcap ? w->tcap * 2 : 1 << 20;
		w->text = realloc(w->text, w->tcap);
		assert_non_null(w->text);
	}
	memcpy(w->text + w->len, line, (size_t)n);
	w->len += (size_t)n;
	w->lines++;
}

static int wl_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		      unsigned order, uint32_t cookie, int mode)
{
	struct wl *w = ctx;

	(void)order;
	(void)mode;
	assert_true(cookie < w->n && w->pfn[cookie] == old_pfn);
	w->pfn[cookie] = new_pfn;
	return 0;
}

static int wl_split(void *ctx, uint64_t head_pfn, unsigned order,
		    uint32_t cookie, uint32_t *cookies)
{
	(void)ctx;
	(void)head_pfn;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static int wl_reclaim(void *ctx, uint64_t pfn, unsigned order,
		      uint32_t cookie)
{
	(void)ctx;
	(void)pfn;
	(void)order;
	(void)cookie;
	return 1;
}

static const struct mc_owner_ops wl_ops = {
	.migrate = wl_migrate, .split = wl_split, .reclaim = wl_reclaim,
};

static enum mc_page_kind wl_kind(uint32_t gfp, unsigned order)
{
	if (gfp & MC_GFP_MOVABLE)
		return (!order || (gfp & MC_GFP_COMP)) ? MC_PAGE_ANON :
							 MC_PAGE_KERNEL;
	if (gfp & MC_GFP_RECLAIMABLE)
		return MC_PAGE_SLAB_RECLAIMABLE;
	return MC_PAGE_KERNEL;
}

static bool wl_alloc(struct wl *w, unsigned slot, uint32_t gfp,
		     unsigned order, int cpu)
{
	struct mc_alloc_request rq = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = cpu,
		.owner = slot, .kind = wl_kind(gfp, order),
		.cookie = (uint32_t)w->n,
	};
	uint64_t pfn;

	if (mc_alloc_pages(w->m, &rq, &pfn))
		return false;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 4096;
		w->pfn = realloc(w->pfn, w->cap * sizeof(*w->pfn));
		w->order = realloc(w->order, w->cap * sizeof(*w->order));
		w->movable = realloc(w->movable, w->cap * sizeof(bool));
		assert_non_null(w->pfn);
		assert_non_null(w->order);
		assert_non_null(w->movable);
	}
	w->movable[w->n] = gfp & MC_GFP_MOVABLE;
	w->pfn[w->n] = pfn;
	w->order[w->n] = order;
	w->n++;
	return true;
}

static void wl_free(struct wl *w, size_t i, int cpu)
{
	assert_int_equal(mc_free_pages(w->m, w->pfn[i], w->order[i], cpu), 0);
	w->pfn[i] = UINT64_MAX;
}

static bool small_scale(void)
{
	const char *s = getenv("MC_TEST_SCALE");

	return s && !strcmp(s, "small");
}

/* Run the workload on @spec; the trace text and end state come back. */
static void workload(const char *spec, struct wl *w, char **buddy,
		     uint64_t *nr_free)
{
	struct mc_geometry g;
	unsigned slot;
	uint64_t fill;

	memset(w, 0, sizeof(*w));
	w->rng = 42;
	w->m = t_machine(spec, 0);
	mc_machine_geometry(w->m, &g);
	assert_int_equal(mc_owner_register(w->m, "wl", &wl_ops, w, &slot), 0);
	assert_true(mc_trace_enable(w->m, "kmem:mm_page_alloc", true) > 0);
	assert_true(mc_trace_enable(w->m, "kmem:mm_page_free", true) > 0);
	assert_true(mc_trace_enable(w->m, "kmem:mm_page_free_batched",
				    true) > 0);
	assert_true(mc_trace_enable(w->m, "migrate:*", true) > 0);
	mc_trace_set_callback(w->m, wl_trace, w);

	/* fill most of memory: movable order 0 (and some THP-sized
	 * compound), unmovable order 0..3, reclaimable order 0 */
	mc_vmstat_get(w->m, "nr_free_pages", &fill);
	fill = fill * 85 / 100;
	for (uint64_t pages = 0; pages < fill;) {
		uint64_t r = wl_rnd(w) % 100;
		int cpu = (int)(wl_rnd(w) % g.nr_cpus);
		uint32_t gfp = MC_GFP_HIGHUSER_MOVABLE;
		unsigned order = 0;

		if (r >= 96) {
			gfp = MC_GFP_KERNEL;
			order = (unsigned)(wl_rnd(w) % 4);
		} else if (r >= 93) {
			gfp = MC_GFP_KERNEL | MC_GFP_RECLAIMABLE;
		} else if (r == 92) {
			gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP;
			order = 4;
		}
		if (!wl_alloc(w, slot, gfp, order, cpu))
			break;
		pages += 1u << order;
	}
	/* free three of every four movable pages: runs of up to 31 in
	 * bulk (as munmap does), the rest one by one */
	{
		uint64_t batch[31];
		size_t nb = 0;
		int cpu = 0;

		for (size_t i = 0; i < w->n; i++) {
			if (w->order[i] || !w->movable[i] ||
			    !(w->pfn[i] & 3) || w->pfn[i] == UINT64_MAX)
				continue;
			if (i % 7 == 0) {
				wl_free(w, i, (int)(i % g.nr_cpus));
				continue;
			}
			batch[nb++] = w->pfn[i];
			w->pfn[i] = UINT64_MAX;
			if (nb == 31) {
				assert_int_equal(mc_free_pages_bulk(w->m, batch,
								    nb, cpu),
						 0);
				nb = 0;
				cpu = (cpu + 1) % (int)g.nr_cpus;
			}
		}
		if (nb)
			assert_int_equal(mc_free_pages_bulk(w->m, batch, nb,
							    cpu), 0);
	}
	/* THP faults: direct compaction in the slow path migrates */
	for (int i = 0; i < (small_scale() ? 16 : 48); i++)
		wl_alloc(w, slot, MC_GFP_TRANSHUGE, g.hpage_pmd_order,
			 i % (int)g.nr_cpus);
	/* time passes: kcompactd, kswapd, the vmstat worker */
	mc_advance(w->m, 2000000000ull);
	/* churn: frees and allocations of mixed orders */
	for (int i = 0; i < (small_scale() ? 2000 : 20000); i++) {
		size_t k = (size_t)(wl_rnd(w) % w->n);
		int cpu = (int)(wl_rnd(w) % g.nr_cpus);

		/* (time passes before an operation: the trace ends with
		 * the last one, and so does the replay) */
		if (i % 1000 == 999)
			mc_advance(w->m, 100000000ull);
		if (w->pfn[k] != UINT64_MAX)
			wl_free(w, k, cpu);
		else
			wl_alloc(w, slot, wl_rnd(w) % 5 ?
				 MC_GFP_HIGHUSER_MOVABLE : MC_GFP_KERNEL,
				 (unsigned)(wl_rnd(w) % 3), cpu);
	}
	mc_trace_set_callback(w->m, NULL, NULL);
	*buddy = t_render(w->m, MC_PROC_BUDDYINFO);
	mc_vmstat_get(w->m, "nr_free_pages", nr_free);
	assert_int_equal(t_check(w->m), 0);
}

static void wl_destroy(struct wl *w)
{
	mc_machine_destroy(w->m);
	free(w->pfn);
	free(w->order);
	free(w->movable);
	free(w->text);
}

static const struct replay_result *replay_on(const char *spec,
					     struct tev_vec *evs,
					     struct mc_machine **mp,
					     struct replay **rpp)
{
	struct replay_opts o = { .clock = REPLAY_CLOCK_TRACE };
	struct mc_error err;

	*mp = t_machine(spec, 0);
	*rpp = replay_new(*mp, &err);
	assert_non_null(*rpp);
	if (replay_run(*rpp, evs, &o, &err)) {
		fprintf(stderr, "replay:%d: %s\n", err.line, err.msg);
		fail();
	}
	return replay_result(*rpp);
}

#define SPEC "pc:512M,cpus=2"

static void test_own_trace_agrees(void **state)
{
	const struct replay_result *r;
	struct tev_vec evs = { 0 };
	struct mc_machine *m;
	struct replay *rp;
	struct wl w;
	char *buddy, *got;
	uint64_t nr_free, v;

	(void)state;
	workload(SPEC, &w, &buddy, &nr_free);
	read_text(w.text, w.len, &evs);
	r = replay_on(SPEC, &evs, &m, &rp);
	if (r->first.found)
		fprintf(stderr, "first divergence at line %u: order %u kernel "
			"0x%llx ours 0x%llx (ret %d)\n", r->first.line,
			r->first.order,
			(unsigned long long)r->first.kernel_pfn,
			(unsigned long long)r->first.ours_pfn,
			r->first.ours_ret);
	fprintf(stderr, "own trace: %llu allocs (%llu agree, %llu failed), "
		"%llu frees (%llu untracked, %llu by compaction, %llu in "
		"%llu bulk), %llu migration frees (%llu both)\n",
		(unsigned long long)r->allocs, (unsigned long long)r->agree,
		(unsigned long long)r->kernel_failed,
		(unsigned long long)r->frees,
		(unsigned long long)r->frees_untracked,
		(unsigned long long)r->frees_compaction_leftover,
		(unsigned long long)r->bulk_pages,
		(unsigned long long)r->bulk_calls,
		(unsigned long long)r->migration_frees,
		(unsigned long long)r->migrations_matched);
	/* the workload really did what the test is about */
	assert_true(r->allocs > 10000);
	assert_true(r->bulk_calls > 100);
	assert_true(r->migration_frees > 0);
	assert_true(r->kernel_failed + r->kernel_ok == r->allocs);
	/* every allocation agrees; every free frees a block here */
	assert_true(r->agree == r->allocs);
	assert_false(r->first.found);
	assert_true(r->frees_untracked == 0);
	assert_true(r->frees_compaction_leftover > 0);
	assert_true(r->migration_frees_untracked == 0);
	assert_true(r->migrations_kernel_only == 0);
	assert_true(r->migrations_model_only == 0);
	assert_true(r->migrations_matched == r->migration_frees);
	/* the same end state */
	got = t_render(m, MC_PROC_BUDDYINFO);
	assert_string_equal(got, buddy);
	free(got);
	assert_int_equal(mc_vmstat_get(m, "nr_free_pages", &v), 0);
	assert_true(v == nr_free);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
	replay_destroy(rp);

	/* another layout: the replay notices */
	r = replay_on("pc:768M,cpus=2", &evs, &m, &rp);
	assert_true(r->agree < r->allocs);
	assert_true(r->first.found);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
	replay_destroy(rp);

	/* one pfn of the trace changed: divergence at that line */
	for (size_t i = evs.n / 2; i < evs.n; i++) {
		if (evs.v[i].kind != TEV_ALLOC || evs.v[i].failed)
			continue;
		evs.v[i].pfn ^= 1ull << 20;
		r = replay_on(SPEC, &evs, &m, &rp);
		assert_true(r->first.found);
		assert_int_equal(r->first.line, evs.v[i].line);
		mc_machine_destroy(m);
		replay_destroy(rp);
		break;
	}
	free(buddy);
	tev_vec_free(&evs);
	wl_destroy(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_formats),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_read_names_line),
		cmocka_unit_test(test_hand_trace),
		cmocka_unit_test(test_own_trace_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
