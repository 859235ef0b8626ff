// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_scenario.c - the scenario format and its runner.
 *
 * Bad files: each is rejected with the line and a message naming the
 * problem, and nothing is returned.  Good files: the directives come back
 * through mc_scenario_info.  Runs: the workload steps do what the text
 * says, checked against counts worked by hand (pages touched and unmapped
 * by a stride pattern, blocks freed by a fraction, two pages kept in every
 * pageblock, hugetlb and CMA requests), run-time errors name the line, the
 * command-line settings come after the leading ones, and a seed gives the
 * same machine state every time.  The invariant checker runs after every
 * operation (MC_OPT_CHECK_EACH_OP) in every run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* ---- parsing -------------------------------------------------------------- */

static struct mc_scenario *parse_ok(const char *text)
{
	struct mc_scenario *sc = NULL;
	struct mc_error err = { 0 };
	int ret = mc_scenario_parse(text, strlen(text), "t.scen", &sc, &err);

	if (ret)
		fprintf(stderr, "unexpected: %s:%d: %s\n", err.file, err.line,
			err.msg);
	assert_int_equal(ret, 0);
	assert_non_null(sc);
	return sc;
}

static const struct bad {
	const char *text;
	int line;
	const char *msg;
} bad[] = {
	{ "task a\ntouch b 0 4K\n", 2, "task 'b' is not defined" },
	{ "frobnicate 3\n", 1, "unknown step 'frobnicate'" },
	{ "task a\ntouch a 0 4X\n", 2, "'4X' is not a size" },
	{ "task a\ntouch a 0\n", 2, "missing arguments" },
	{ "task a\ntouch a 0 4K 8K\n", 2, "unexpected '8K'" },
	{ "task a\ntouch a 0 4K colour=red\n", 2, "unknown option 'colour='" },
	{ "task a\ntouch a 0 4K madvise nohuge\n", 2, "exclude each other" },
	{ "task a\ntask a\n", 2, "already defined at line 1" },
	{ "repeat 3\ntask a\nend\n", 2, "not allowed inside 'repeat'" },
	{ "\n\nrepeat 3\nwait 1s\n", 3, "not closed by 'end'" },
	{ "end\n", 1, "'end' without 'repeat'" },
	{ "wait soon\n", 1, "'soon' is not a time" },
	{ "wait 1.5ns\n", 1, "is not a time" },
	{ "task a\nmachine pc:4G\n", 2, "must come before the timeline" },
	{ "machine pc:4G\nmachine pc:8G\n", 2, "already given at line 1" },
	{ "seed x\n", 1, "'x' is not a number" },
	{ "kernel.pid_max = 5\n", 1, "only vm.* sysctls" },
	{ "vm.swappiness =\n", 1, "missing value" },
	{ "checkpoint a\ncheckpoint a\n", 2, "already at line 1" },
	{ "checkpoint end\n", 1, "reserved" },
	{ "checkpoint a/b\n", 1, "use letters" },
	{ "task a\nunmap a 0 4M every=2M\n", 2, "needs len= or keep=" },
	{ "task a\nunmap a 0 4M every=2M len=1M offset=1536K\n", 2,
	  "more than every=" },
	{ "task a\nunmap a 0 4M every=2M keep=4M\n", 2, "more than every=" },
	{ "free nothing\n", 1, "group 'nothing' is not defined" },
	{ "alloc g 4K\nhugetlb g 1\n", 2, "was made by 'alloc' at line 1" },
	{ "alloc g 4K gfp=GFP_BOGUS\n", 1, "gfp=GFP_BOGUS" },
	{ "alloc g 4K order=11\n", 1, "order=11 is not a number from 0 to 10" },
	{ "alloc g 4K kind=anon\n", 1, "kind=anon" },
	{ "alloc g 4K\nfree g fraction=5/4\n", 2, "0 <= N <= M" },
	{ "alloc g 4K\nfree g fraction=1/2 count=3\n", 2, "exclude each other" },
	{ "cache c 0\n", 1, "object size '0'" },
	{ "cache c 64\nslab-alloc c 4K\n", 2, "number of objects" },
	{ "dma d 4M align=1M\n", 1, "align= is for CMA" },
	{ "dma d 4M cma=x align=3M\n", 1, "power-of-two" },
	{ "task a\ntouch a 0 $nope\n", 2, "variable 'nope' is not set" },
	{ "task a\ntouch a 0 120%\n", 2, "more than 100%" },
	{ "task a\ntouch a 0 2G..1G\n", 2, "empty range" },
	{ "cma 64M name=a\ncma 32M name=a\n", 2, "already declared" },
	{ "sample 0s\n", 1, "above zero" },
	{ "task a\ntouch a 0 0\n", 2, "must not be zero" },
};

static void test_bad_files(void **state)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mc_scenario *sc = (struct mc_scenario *)1;
		struct mc_error err = { 0 };
		int ret = mc_scenario_parse(bad[i].text, strlen(bad[i].text),
					    "bad.scen", &sc, &err);

		if (ret != -EINVAL || err.line != bad[i].line ||
		    !strstr(err.msg, bad[i].msg))
			fprintf(stderr, "case %zu: ret %d line %d msg '%s'\n",
				i, ret, err.line, err.msg);
		assert_int_equal(ret, -EINVAL);
		assert_null(sc);
		assert_string_equal(err.file, "bad.scen");
		assert_int_equal(err.line, bad[i].line);
		assert_non_null(strstr(err.msg, bad[i].msg));
	}
}

static void test_nul_and_long_lines(void **state)
{
	char text[5000];
	struct mc_scenario *sc;
	struct mc_error err = { 0 };

	memcpy(text, "wait 1s\nwa\0t 2s\n", 16);
	assert_int_equal(mc_scenario_parse(text, 16, "n.scen", &sc, &err),
			 -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "NUL"));

	memset(text, 'x', sizeof(text));
	memcpy(text, "wait 1s\n", 8);
	assert_int_equal(mc_scenario_parse(text, sizeof(text), "l.scen", &sc,
					   &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "longer than"));
}

static void test_good_file(void **state)
{
	static const char text[] =
		"# a comment\n"
		"; sysctl.conf comment\n"
		"name demo\n"
		"description \"two words\"  # trailing comment\n"
		"machine pc:1G,cpus=2\n"
		"seed 42\n"
		"sample 250ms\n"
		"trace compaction:*\n"
		"trace kmem:mm_page_alloc_extfrag\n"
		"swap 64M\n"
		"vm.extfrag_threshold = 400\n"
		"-vm.nonexistent=1\n"
		"kernel/mm/transparent_hugepage/enabled = never\n"
		"task a cpu=1\n"
		"checkpoint one\n"
		"repeat 2\n"
		"  touch a 0..4M 4K\n"
		"end\n"
		"checkpoint two\r\n";
	struct mc_scenario *sc = parse_ok(text);
	struct mc_scenario_info si;

	mc_scenario_info(sc, &si);
	assert_string_equal(si.file, "t.scen");
	assert_string_equal(si.name, "demo");
	assert_string_equal(si.description, "two words");
	assert_string_equal(si.machine, "pc:1G,cpus=2");
	assert_null(si.zoneinfo);
	assert_int_equal(si.machine_line, 5);
	assert_int_equal(si.seed, 42);
	assert_true(si.seed_set);
	assert_int_equal(si.sample_ns, 250000000ULL);
	assert_int_equal(si.nr_traces, 2);
	assert_string_equal(mc_scenario_trace(sc, 1),
			    "kmem:mm_page_alloc_extfrag");
	assert_null(mc_scenario_trace(sc, 2));
	/* 3 settings, task, checkpoint, repeat, touch, end, checkpoint */
	assert_int_equal(si.nr_steps, 9);
	assert_int_equal(si.nr_checkpoints, 2);
	mc_scenario_free(sc);

	sc = parse_ok("machine zoneinfo data/zi.txt\n");
	mc_scenario_info(sc, &si);
	assert_string_equal(si.zoneinfo, "data/zi.txt");
	assert_null(si.machine);
	assert_int_equal(si.seed, 1);
	assert_false(si.seed_set);
	mc_scenario_free(sc);
}

/* Every built-in scenario of scenarios/ parses. */
static void test_builtin_files_parse(void **state)
{
	static const char *const names[] = {
		"compaction-selftest", "proactive-frag", "illuminator-frag",
		"thpscale", "mixed-background", "rock5b-dma",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		size_t len;
		char *text;
		struct mc_scenario *sc;
		struct mc_error err = { 0 };

		snprintf(path, sizeof(path), "scenarios/%s.scen", names[i]);
		text = t_read_source_file(path, &len);
		assert_non_null(text);
		if (mc_scenario_parse(text, len, path, &sc, &err))
			fprintf(stderr, "%s:%d: %s\n", err.file, err.line,
				err.msg);
		assert_non_null(sc);
		mc_scenario_free(sc);
		free(text);
	}
}

/* ---- running -------------------------------------------------------------- */

#define MAX_EV 256

struct rec {
	unsigned n;
	struct mc_scenario_event ev[MAX_EV];
	char names[MAX_EV][32];
	/* per checkpoint: vmstat values and page counts */
	unsigned ncp;
	uint64_t anon[8], free_pages[8], pcp[8], kernel_owned[8];
	uint64_t layout;	/* a hash of every frame's state at the end */
	/* pages of the group's kind per pageblock, at checkpoints */
	uint32_t *pb[8];
	char *buddy_end;
	char *vmstat_end;
};

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

static int on_event(void *ctx, struct mc_machine *m,
		    const struct mc_scenario_event *ev)
{
	struct rec *r = ctx;

	if (ev->type == MC_SCEN_SAMPLE)
		return 0;
	if (r->n < MAX_EV) {
		r->ev[r->n] = *ev;
		snprintf(r->names[r->n], sizeof(r->names[0]), "%s",
			 ev->name ? ev->name : "");
		r->n++;
	}
	if (ev->type == MC_SCEN_CHECKPOINT && r->ncp < 8) {
		struct mc_geometry g;
		unsigned c = r->ncp++;

		mc_machine_geometry(m, &g);
		r->anon[c] = vm(m, "nr_anon_pages");
		r->free_pages[c] = vm(m, "nr_free_pages");
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (!mc_zone_stats(m, 0, (enum mc_zone_type)z, &zs) &&
			    zs.populated)
				r->pcp[c] += zs.pcp_pages;
		}
		r->pb[c] = calloc(g.end_pfn >> g.pageblock_order, 4);
		for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn; pfn++) {
			struct mc_page_info pi;

			if (mc_page_info(m, pfn, &pi) ||
			    pi.state != MC_PS_ALLOCATED ||
			    pi.kind != MC_PAGE_KERNEL || !pi.owner)
				continue;
			r->kernel_owned[c]++;
			r->pb[c][pfn >> g.pageblock_order]++;
		}
	}
	if (ev->type == MC_SCEN_END) {
		r->buddy_end = t_render(m, MC_PROC_BUDDYINFO);
		r->vmstat_end = t_render(m, MC_PROC_VMSTAT);
		{
			struct mc_geometry g;

			mc_machine_geometry(m, &g);
			for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn;
			     pfn++) {
				struct mc_page_info pi;

				if (mc_page_info(m, pfn, &pi))
					continue;
				r->layout = r->layout * 1000003 + pfn *
					(pi.state + 1) * (pi.kind + 7);
			}
		}
		assert_int_equal(t_check(m), 0);
	}
	return 0;
}

static void rec_free(struct rec *r)
{
	for (unsigned i = 0; i < r->ncp; i++)
		free(r->pb[i]);
	free(r->buddy_end);
	free(r->vmstat_end);
}

static const struct mc_scenario_event *step_at(struct rec *r, int line)
{
	for (unsigned i = 0; i < r->n; i++)
		if (r->ev[i].line == line)
			return &r->ev[i];
	fail_msg("no event for line %d", line);
	return NULL;
}

/* Run @text on @spec; returns the run's result, events in @r. */
static int run(const char *spec, const char *text, uint64_t seed,
	       const char *const *settings, unsigned nsettings,
	       struct rec *r, struct mc_error *err)
{
	struct mc_scenario *sc = parse_ok(text);
	struct mc_machine_desc d;
	struct mc_options o = { .seed = seed, .flags = MC_OPT_CHECK_EACH_OP };
	struct mc_scenario_run_opts ro = {
		.seed = seed, .settings = settings, .nr_settings = nsettings,
		.fn = on_event, .ctx = r,
	};
	struct mc_machine *m;
	int ret;

	memset(r, 0, sizeof(*r));
	assert_int_equal(mc_desc_preset(spec, &d, err), 0);
	assert_int_equal(mc_scenario_setup(sc, &d, &o, err), 0);
	assert_int_equal(mc_machine_create(&d, &o, &m, err), 0);
	ret = mc_scenario_run(m, sc, &ro, err);
	assert_int_equal(mc_check_failures(m, NULL), 0);
	mc_machine_destroy(m);
	mc_scenario_free(sc);
	return ret;
}

/* 4 MiB touched as base pages: 1024 pages; in every 16K (4 pages) the
 * last 12K are unmapped: 3 of 4 pages, 768; 256 stay. */
static void test_touch_and_stride_unmap(void **state)
{
	static const char text[] =
		"kernel/mm/transparent_hugepage/enabled = never\n"
		"task a\n"
		"touch a 0 4M\n"
		"checkpoint touched\n"
		"unmap a 0 4M every=16K len=12K offset=4K\n"
		"checkpoint holes\n"
		"unmap a 0 4M every=2M len=1M offset=random\n"
		"drain\n"
		"checkpoint more\n";
	struct mc_error err = { 0 };
	struct rec r;
	uint64_t base;

	assert_int_equal(run("pc:128M,cpus=2", text, 1, NULL, 0, &r, &err), 0);
	assert_int_equal(step_at(&r, 3)->requested, 1024);
	assert_int_equal(step_at(&r, 3)->done, 1024);
	assert_int_equal(step_at(&r, 5)->done, 768);
	base = r.anon[0] - 1024;
	assert_int_equal(r.anon[1] - base, 256);
	/* a random 1M hole in each 2M: 256 pages of each half, of which
	 * a quarter (64) are still mapped: 128 go */
	assert_int_equal(step_at(&r, 7)->done, 512);
	assert_int_equal(r.anon[2] - base, 128);
	/* nr_free_pages leaves out the per-cpu lists: after the drain all
	 * 1024 - 128 freed pages are counted */
	assert_int_equal(r.free_pages[2] + r.pcp[2] -
			 (r.free_pages[0] + r.pcp[0]), 896);
	assert_int_equal(r.pcp[2], 0);
	rec_free(&r);
}

/* keep=512K per 2M: 128 of 512 pages stay in each stride. */
static void test_keep_per_stride(void **state)
{
	static const char text[] =
		"kernel/mm/transparent_hugepage/enabled = never\n"
		"task a\n"
		"touch a 0 8M\n"
		"checkpoint full\n"
		"unmap a 0 8M every=2M keep=512K\n"
		"checkpoint kept\n";
	struct mc_error err = { 0 };
	struct rec r1, r2, r3;

	assert_int_equal(run("pc:128M,cpus=2", text, 3, NULL, 0, &r1, &err),
			 0);
	assert_int_equal(step_at(&r1, 5)->done, 4 * 384);
	assert_int_equal(r1.anon[0] - r1.anon[1], 4 * 384);
	/* the same seed gives the same machine; another seed does not */
	assert_int_equal(run("pc:128M,cpus=2", text, 3, NULL, 0, &r2, &err),
			 0);
	assert_string_equal(r1.buddy_end, r2.buddy_end);
	assert_string_equal(r1.vmstat_end, r2.vmstat_end);
	assert_int_equal(run("pc:128M,cpus=2", text, 4, NULL, 0, &r3, &err),
			 0);
	assert_int_equal(r1.layout, r2.layout);
	assert_true(r1.layout != r3.layout);
	rec_free(&r1);
	rec_free(&r2);
	rec_free(&r3);
}

/* Kernel pages: 100 blocks, fraction=3/4 frees 75; then a fresh group
 * keeps exactly min(2, n) pages in every pageblock it touched. */
static void test_groups_fraction_and_keep(void **state)
{
	static const char text[] =
		"alloc g 100\n"
		"free g fraction=3/4\n"
		"checkpoint quarter\n"
		"free g\n"
		"alloc k 3000\n"
		"checkpoint allocated\n"
		"free k keep-per-pageblock=2\n"
		"checkpoint kept\n"
		"free g\n"
		"free k\n"
		"checkpoint none\n";
	struct mc_error err = { 0 };
	struct mc_geometry g;
	struct mc_machine_desc d;
	struct rec r;
	uint64_t npb, touched = 0;

	assert_int_equal(run("pc:128M,cpus=2", text, 1, NULL, 0, &r, &err), 0);
	assert_int_equal(step_at(&r, 1)->done, 100);
	assert_int_equal(step_at(&r, 2)->requested, 75);
	assert_int_equal(step_at(&r, 2)->done, 75);
	assert_int_equal(r.kernel_owned[0], 25);
	assert_int_equal(r.kernel_owned[1], 3000);
	/* pageblock geometry of the same preset */
	assert_int_equal(mc_desc_preset("pc:128M,cpus=2", &d, &err), 0);
	{
		struct mc_machine *m;
		struct mc_options o = { .seed = 1 };

		assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
		mc_machine_geometry(m, &g);
		mc_machine_destroy(m);
	}
	npb = g.end_pfn >> g.pageblock_order;
	for (uint64_t pb = 0; pb < npb; pb++) {
		uint32_t before = r.pb[1][pb], after = r.pb[2][pb];

		if (before)
			touched++;
		assert_true(after <= (before < 2 ? before : 2));
		if (before >= 2)
			assert_int_equal(after, 2);
	}
	assert_true(touched >= 6);	/* 3000 pages > 5 pageblocks */
	assert_int_equal(r.kernel_owned[3], 0);
	rec_free(&r);
}

/* Run-time errors name the line; the run stops there. */
static void test_run_errors(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *msg;
	} cases[] = {
		{ "wait 2s\nat 1s\n", 2, "already at" },
		{ "vm.extfrag_threshold = 5000\n", 1, "rejected" },
		{ "vm.no_such_knob = 1\n", 1, "no such sysctl" },
		{ "kernel/mm/transparent_hugepage/enabled = sometimes\n", 1,
		  "rejected" },
		{ "task a cpu=7\n", 1, "the machine has 2 CPUs" },
		{ "task a\nexit a\ntouch a 0 4K\n", 3, "has exited" },
		{ "alloc g 1 node=3\n", 1, "node=3" },
		{ "dma d 4M cma=frames\n", 1, "no CMA areas" },
		{ "file f\ndelete f\nread f 0 4K\n", 3, "deleted" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_error err = { 0 };
		struct rec r;
		int ret = run("pc:128M,cpus=2", cases[i].text, 1, NULL, 0, &r,
			      &err);

		if (ret != -EINVAL || err.line != cases[i].line ||
		    !strstr(err.msg, cases[i].msg))
			fprintf(stderr, "case %zu: %d %s:%d: %s\n", i, ret,
				err.file, err.line, err.msg);
		assert_int_equal(ret, -EINVAL);
		assert_string_equal(err.file, "t.scen");
		assert_int_equal(err.line, cases[i].line);
		assert_non_null(strstr(err.msg, cases[i].msg));
		rec_free(&r);
	}
}

/* Command-line settings come after the leading settings and before the
 * first step; a setting later in the timeline wins over them. */
static void test_settings_order(void **state)
{
	static const char *const over[] = { "vm.extfrag_threshold=700" };
	struct mc_scenario *sc = parse_ok(
		"vm.extfrag_threshold = 300\n"
		"checkpoint a\n"
		"vm.extfrag_threshold = 200\n");
	struct mc_scenario_run_opts ro = {
		.seed = 1, .settings = over, .nr_settings = 1,
	};
	struct mc_error err = { 0 };
	struct mc_machine *m = t_machine("pc:128M,cpus=2", 0);
	char buf[32];

	/* stop at the checkpoint: the override is in force there */
	struct mc_scenario *sc2 = parse_ok(
		"vm.extfrag_threshold = 300\n");

	assert_int_equal(mc_scenario_run(m, sc2, &ro, &err), 0);
	assert_true(mc_sysctl_read(m, "vm.extfrag_threshold", buf,
				   sizeof(buf)) > 0);
	assert_string_equal(buf, "700\n");
	assert_int_equal(mc_scenario_run(m, sc, &ro, &err), 0);
	mc_sysctl_read(m, "vm.extfrag_threshold", buf, sizeof(buf));
	assert_string_equal(buf, "200\n");
	mc_scenario_free(sc);
	mc_scenario_free(sc2);
	mc_machine_destroy(m);
}

/* repeat runs its body N times; hugetlb and the pool; CMA buffers. */
static void test_repeat_hugetlb_cma(void **state)
{
	static const char text[] =
		"cma 32M name=frames\n"
		"repeat 3\n"
		"  alloc g 2 order=1\n"
		"end\n"
		"hugepages 8M\n"
		"hugetlb h 3\n"
		"checkpoint huge\n"
		"free h\n"
		"dma buf 4M count=3 cma=frames align=1M\n"
		"dma contig 1M count=2\n"
		"checkpoint dma\n"
		"free buf fraction=1/3\n";
	struct mc_error err = { 0 };
	struct rec r;
	unsigned allocs = 0;

	assert_int_equal(run("pc:256M,cpus=2", text, 1, NULL, 0, &r, &err), 0);
	for (unsigned i = 0; i < r.n; i++)
		if (r.ev[i].line == 3) {
			allocs++;
			assert_int_equal(r.ev[i].done, 4);
			assert_int_equal(r.ev[i].depth, 1);
		}
	assert_int_equal(allocs, 3);
	/* 8 MiB of 2 MiB huge pages: 4; three faults of 512 pages */
	assert_int_equal(step_at(&r, 5)->requested, 4);
	assert_int_equal(step_at(&r, 5)->done, 4);
	assert_int_equal(step_at(&r, 6)->done, 3 * 512);
	assert_int_equal(step_at(&r, 8)->done, 3 * 512);
	assert_int_equal(step_at(&r, 9)->done, 3 * 1024);
	assert_int_equal(step_at(&r, 10)->done, 2 * 256);
	/* one of every three CMA buffers freed */
	assert_int_equal(step_at(&r, 12)->done, 1024);
	rec_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_nul_and_long_lines),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_builtin_files_parse),
		cmocka_unit_test(test_touch_and_stride_unmap),
		cmocka_unit_test(test_keep_per_stride),
		cmocka_unit_test(test_groups_fraction_and_keep),
		cmocka_unit_test(test_run_errors),
		cmocka_unit_test(test_settings_order),
		cmocka_unit_test(test_repeat_hugetlb_cma),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
