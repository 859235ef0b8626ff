// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_bad_inputs.c - every bad input of docs/bad-inputs.md gets exactly
 * what the table says.
 *
 * The parser tables of docs/bad-inputs.md are read by this test: each row
 * "| parser | `input` | result | `message` |" is run (presets, gfp text,
 * /proc/zoneinfo text, sysctl and sysfs writes) and the return value and
 * the message (struct mc_error as the command prints it: "FILE:LINE: MSG",
 * or "FILE: MSG" without a line) must be the row's.  A rejected input must
 * also leave its output untouched (descriptions, masks, tunables).  The
 * API table is backed by the checks of test_api_bad_arguments() below:
 * -EINVAL (or the errno listed) and /proc/vmstat plus buddyinfo unchanged.
 *
 * MC_BAD_INPUTS_PRINT=1 prints every row as it comes out (to write the
 * table after a deliberate change).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ 0, "0" }, { -EINVAL, "-EINVAL" }, { -ENOENT, "-ENOENT" },
	{ -EACCES, "-EACCES" }, { -ENOMEM, "-ENOMEM" }, { -EBUSY, "-EBUSY" },
	{ -ENOSPC, "-ENOSPC" }, { -EDEADLK, "-EDEADLK" },
};

static const char *errname(int e)
{
	static char buf[16];

	for (size_t i = 0; i < sizeof(errnames) / sizeof(*errnames); i++)
		if (errnames[i].err == e)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "%d", e);
	return buf;
}

/* Cell text: backticks dropped, \| \n \t \\ unescaped. */
static char *cell(const char *s, const char *e)
{
	char *out = malloc((size_t)(e - s) + 1), *o = out;

	assert_non_null(out);
	while (s < e && *s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	if (e - s >= 2 && *s == '`' && e[-1] == '`') {
		s++;
		e--;
	}
	for (; s < e; s++) {
		if (*s == '\\' && s + 1 < e) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' :
			       *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Split a table row at unescaped '|'; returns the number of cells. */
static int split_row(const char *line, const char *end, char **cells, int max)
{
	const char *p = line + 1, *start = p;
	int n = 0;

	for (; p < end && n < max; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			continue;
		}
		if (*p == '|') {
			cells[n++] = cell(start, p);
			start = p + 1;
		}
	}
	return n;
}

static void render_err(const struct mc_error *e, char *buf, size_t len)
{
	if (e->line)
		snprintf(buf, len, "%s:%d: %s", e->file, e->line, e->msg);
	else
		snprintf(buf, len, "%s: %s", e->file, e->msg);
}

/* A fresh machine for the sysctl and sysfs rows. */
static struct mc_machine *sys_machine(void)
{
	return t_machine("pc:64M,cpus=2", MC_OPT_NO_DAEMONS);
}

/* Every tunable a bad write could touch, and the sysfs files, as text. */
static char *state_text(struct mc_machine *m)
{
	static const char *const files[] = {
		"kernel/mm/transparent_hugepage/enabled",
		"kernel/mm/transparent_hugepage/defrag",
		"kernel/mm/hugepages/hugepages-2048kB/nr_hugepages",
		"kernel/mm/hugepages/hugepages-2048kB/nr_overcommit_hugepages",
	};
	static const char *const knobs[] = {
		"vm.min_free_kbytes", "vm.watermark_scale_factor",
		"vm.swappiness", "vm.extfrag_threshold", "vm.stat_interval",
		"vm.overcommit_memory", "vm.nr_hugepages",
		"vm.compaction_proactiveness", "vm.lowmem_reserve_ratio",
		"vm.memcompact_fail_page_alloc", "vm.memcompact_fail_migrate",
		"vm.percpu_pagelist_high_fraction", "vm.nr_overcommit_hugepages",
	};
	char *t = calloc(1, 8192), val[256];

	assert_non_null(t);
	for (size_t i = 0; i < sizeof(knobs) / sizeof(*knobs); i++) {
		assert_true(mc_sysctl_read(m, knobs[i], val, sizeof(val)) > 0);
		strcat(t, val);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		assert_true(mc_sysfs_read(m, files[i], val, sizeof(val)) > 0);
		strcat(t, val);
	}
	return t;
}

/* Run one row; returns the result and fills @msg. */
static int run_row(const char *parser, const char *input, char *msg,
		   size_t len)
{
	struct mc_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	msg[0] = '\0';
	if (!strcmp(parser, "preset")) {
		static struct mc_machine_desc d, pat;

		memset(&pat, 0x3c, sizeof(pat));
		d = pat;
		ret = mc_desc_preset(input, &d, &err);
		if (ret)
			assert_memory_equal(&d, &pat, sizeof(d));
	} else if (!strcmp(parser, "gfp")) {
		uint32_t gfp = 0x3c3c3c3c;

		ret = mc_gfp_parse(input, &gfp, &err);
		if (ret)
			assert_int_equal(gfp, 0x3c3c3c3c);
	} else if (!strcmp(parser, "zoneinfo")) {
		static struct mc_machine_desc d, pat;

		memset(&pat, 0x3c, sizeof(pat));
		d = pat;
		ret = mc_desc_from_zoneinfo(input, strlen(input), "zoneinfo",
					    &d, &err);
		if (ret)
			assert_memory_equal(&d, &pat, sizeof(d));
	} else if (!strcmp(parser, "sysctl") || !strcmp(parser, "sysfs")) {
		struct mc_machine *m = sys_machine();
		const char *eq = strstr(input, " = ");
		char name[128], *before, *after;

		if (!strncmp(input, "read ", 5)) {
			char val[64];

			ret = !strcmp(parser, "sysctl") ?
				      mc_sysctl_read(m, input + 5, val,
						     sizeof(val)) :
				      mc_sysfs_read(m, input + 5, val,
						    sizeof(val));
			mc_machine_destroy(m);
			return ret < 0 ? ret : 0;
		}
		assert_non_null(eq);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - input), input);
		before = state_text(m);
		ret = !strcmp(parser, "sysctl") ?
			      mc_sysctl_write(m, name, eq + 3, strlen(eq + 3)) :
			      mc_sysfs_write(m, name, eq + 3, strlen(eq + 3));
		after = state_text(m);
		/* rejected: nothing changed (but lowmem_reserve_ratio
		 * stores each number as it parses, as the kernel does) */
		if (ret && !strstr(name, "lowmem_reserve_ratio"))
			assert_string_equal(before, after);
		free(before);
		free(after);
		mc_machine_destroy(m);
		return ret;
	} else {
		fail_msg("unknown parser '%s' in docs/bad-inputs.md", parser);
		return 0;
	}
	if (ret)
		render_err(&err, msg, len);
	return ret;
}

static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			printf("\\n");
		else if (*s == '\t')
			printf("\\t");
		else if (*s == '\r')
			printf("\\r");
		else if (*s == '|' || *s == '\\')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
}

static void test_parser_table(void **state)
{
	size_t len;
	char *doc = t_read_source_file("docs/bad-inputs.md", &len);
	const char *p, *end;
	int rows = 0, bad = 0;
	bool print = getenv("MC_BAD_INPUTS_PRINT") != NULL;

	(void)state;
	assert_non_null(doc);
	end = doc + len;
	for (p = doc; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char *cells[8] = { 0 };
		int n;

		if (le - p > 2 && p[0] == '|' && p[1] == ' ' &&
		    (n = split_row(p, le, cells, 8)) == 4 &&
		    (!strcmp(cells[0], "preset") || !strcmp(cells[0], "gfp") ||
		     !strcmp(cells[0], "zoneinfo") ||
		     !strcmp(cells[0], "sysctl") || !strcmp(cells[0], "sysfs"))) {
			char msg[600];
			int ret = run_row(cells[0], cells[1], msg, sizeof(msg));
			const char *want_msg = strcmp(cells[3], "-") ? cells[3]
								     : "";

			rows++;
			if (print) {
				printf("| %s | `", cells[0]);
				print_escaped(cells[1]);
				printf("` | %s | ", errname(ret));
				if (msg[0]) {
					printf("`");
					print_escaped(msg);
					printf("`");
				} else {
					printf("-");
				}
				printf(" |\n");
			}
			if (strcmp(errname(ret), cells[2]) ||
			    strcmp(msg, want_msg)) {
				fprintf(stderr, "bad-inputs.md row %d (%s "
					"'%s'):\n  table: %s %s\n  got:   "
					"%s %s\n", rows, cells[0], cells[1],
					cells[2], want_msg, errname(ret), msg);
				bad++;
			}
		}
		for (int i = 0; i < 8; i++)
			free(cells[i]);
		p = nl ? nl + 1 : end;
	}
	free(doc);
	assert_true(rows >= 60);
	assert_int_equal(bad, 0);
}

/* ---- the API ------------------------------------------------------------------ */

static char *fingerprint(struct mc_machine *m)
{
	char *a = t_render(m, MC_PROC_VMSTAT), *b = t_render(m, MC_PROC_BUDDYINFO);
	char *t = malloc(strlen(a) + strlen(b) + 1);

	assert_non_null(t);
	strcpy(t, a);
	strcat(t, b);
	free(a);
	free(b);
	return t;
}

static int alloc_req(struct mc_machine *m, uint32_t gfp, unsigned order,
		     int cpu, int nid, enum mc_page_kind kind, unsigned owner)
{
	struct mc_alloc_request r = { .gfp = gfp, .order = order, .cpu = cpu,
				      .nid = nid, .kind = kind,
				      .owner = owner };
	uint64_t pfn;

	return mc_alloc_pages(m, &r, &pfn);
}

static void test_api_bad_arguments(void **state)
{
	struct mc_machine *m = t_machine("pc:64M,cpus=2", MC_OPT_NO_DAEMONS);
	struct mc_alloc_request r = { .gfp = MC_GFP_KERNEL, .nid = -1 };
	struct mc_geometry g;
	struct mc_fault_attr fa;
	uint64_t pfn, held, pfns[2];
	char *before, *after;
	struct mc_owner_ops ops = { 0 };
	unsigned slot;

	(void)state;
	mc_machine_geometry(m, &g);
	assert_int_equal(mc_alloc_pages(m, &r, &held), 0);
	assert_int_equal(mc_sysctl_write(m, "vm.nr_hugepages", "1", 1), 0);
	before = fingerprint(m);

	/* allocation */
	assert_int_equal(mc_alloc_pages(NULL, &r, &pfn), -EINVAL);
	assert_int_equal(mc_alloc_pages(m, NULL, &pfn), -EINVAL);
	assert_int_equal(mc_alloc_pages(m, &r, NULL), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, g.max_page_order + 1, 0,
				   -1, MC_PAGE_KERNEL, 0), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, -1, -1,
				   MC_PAGE_KERNEL, 0), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, 2, -1,
				   MC_PAGE_KERNEL, 0), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, 0, 1,
				   MC_PAGE_KERNEL, 0), -EINVAL);
	assert_int_equal(alloc_req(m, 0x1000000, 0, 0, -1, MC_PAGE_KERNEL, 0),
			 -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_DMA | MC_GFP_DMA32, 0, 0, -1,
				   MC_PAGE_KERNEL, 0), -EINVAL);
	/* both mobility bits: found by fuzz_api (a crash before) */
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL | MC_GFP_MOVABLE |
				   MC_GFP_RECLAIMABLE, 0, 0, -1,
				   MC_PAGE_KERNEL, 0), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, 0, -1,
				   MC_PAGE_NR_KINDS, 0), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, 0, -1,
				   MC_PAGE_KERNEL, 7), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_KERNEL, 0, 0, -1,
				   MC_PAGE_KERNEL, 256), -EINVAL);
	assert_int_equal(alloc_req(m, MC_GFP_HIGHUSER_MOVABLE, 2, 0, -1,
				   MC_PAGE_ANON, 0), -EINVAL);

	/* free */
	assert_int_equal(mc_free_pages(m, held + 1, 0, 0), -EINVAL);
	assert_int_equal(mc_free_pages(m, held, 1, 0), -EINVAL);
	assert_int_equal(mc_free_pages(m, held, 0, 2), -EINVAL);
	assert_int_equal(mc_free_pages(m, g.end_pfn + 5, 0, 0), -EINVAL);
	assert_int_equal(mc_free_pages(m, 0, 0, 0), -EINVAL);	/* a hole */
	pfns[0] = pfns[1] = held;
	assert_int_equal(mc_free_pages_bulk(m, pfns, 2, 0), -EINVAL);
	pfns[1] = held + 1;
	assert_int_equal(mc_free_pages_bulk(m, pfns, 2, 0), -EINVAL);
	assert_int_equal(mc_free_pages_bulk(m, NULL, 2, 0), -EINVAL);

	/* flags, cookies, owners */
	assert_int_equal(mc_page_set_flags(m, held, MC_PF_DIRTY, MC_PF_DIRTY),
			 -EINVAL);
	assert_int_equal(mc_page_set_flags(m, held, 0x40, 0), -EINVAL);
	assert_int_equal(mc_page_set_flags(m, held + 1, MC_PF_DIRTY, 0),
			 -EINVAL);
	assert_int_equal(mc_page_set_cookie(m, held + 1, 5), -EINVAL);
	assert_int_equal(mc_owner_register(m, "x", NULL, NULL, &slot), -EINVAL);
	assert_int_equal(mc_owner_register(m, "x", &ops, NULL, NULL), -EINVAL);
	assert_int_equal(mc_owner_unregister(m, 9), -EINVAL);	/* unused */
	assert_int_equal(mc_owner_unregister(m, 0), -EINVAL);
	assert_int_equal(mc_owner_unregister(m, 300), -EINVAL);

	/* compaction, contiguous ranges, hugetlb, CMA */
	assert_int_equal(mc_compact_node(m, 1, 0), -EINVAL);
	assert_int_equal(mc_compact_node(m, -1, 0), -EINVAL);
	assert_int_equal(mc_compact_node(m, 0, 9), -EINVAL);
	assert_int_equal(mc_alloc_contig_range(m, 5000, 5000, MC_GFP_KERNEL,
					       0, NULL), -EINVAL);
	assert_int_equal(mc_alloc_contig_range(m, 6000, 5000, MC_GFP_KERNEL,
					       0, NULL), -EINVAL);
	assert_int_equal(mc_alloc_contig_range(m, g.end_pfn - 1,
					       g.end_pfn + 1, MC_GFP_KERNEL,
					       0, NULL), -EINVAL);
	assert_int_equal(mc_alloc_contig_range(m, 4000, 4200, MC_GFP_KERNEL,
					       0, NULL), -EINVAL);	/* 2 zones */
	assert_int_equal(mc_alloc_contig_pages(m, 0, MC_GFP_KERNEL, -1, 0,
					       NULL, &pfn), -EINVAL);
	assert_int_equal(mc_free_contig_range(m, held + 1, 1, 0), -EINVAL);
	assert_int_equal(mc_hugetlb_free(m, held, 0), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, 3, 0, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_cma_alloc(m, 0, 1, 0, 0, &pfn), -ENOENT);
	assert_int_equal(mc_swap_release(m, 1), -EINVAL);

	/* names */
	assert_int_equal(mc_vmstat_get(m, "no_such_counter", &pfn), -ENOENT);
	assert_int_equal(mc_trace_enable(m, "nosuch:event", true), -ENOENT);
	assert_int_equal(mc_fault_get(m, MC_FAULT_NR, &fa), -EINVAL);
	assert_int_equal(mc_proc_render(m, MC_PROC_NR_FILES, NULL, NULL),
			 -EINVAL);

	/* time and threads */
	assert_int_equal(mc_daemons_start(m), -EINVAL);	/* not threaded */
	assert_int_equal(mc_daemons_stop(m), -EINVAL);

	after = fingerprint(m);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* every owner slot taken: -ENOSPC; an owner with blocks: -EBUSY */
	for (unsigned i = 1; i < 256; i++)
		assert_int_equal(mc_owner_register(m, NULL, &ops, NULL, &slot),
				 0);
	assert_int_equal(mc_owner_register(m, "x", &ops, NULL, &slot),
			 -ENOSPC);
	r.owner = 1;
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	assert_int_equal(mc_owner_unregister(m, 1), -EBUSY);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* A __GFP_NOFAIL request nothing can satisfy ends instead of looping. */
static void test_nofail_deadlock(void **state)
{
	struct mc_machine *m = t_machine("pc:64M,cpus=1", MC_OPT_NO_DAEMONS);
	struct mc_alloc_request r = { .gfp = MC_GFP_KERNEL, .nid = -1,
				      .kind = MC_PAGE_KERNEL };
	uint64_t pfn;
	int ret = 0;

	(void)state;
	while (!mc_alloc_pages(m, &r, &pfn))
		;
	/* NOFAIL may dip into the reserves first (ALLOC_MIN_RESERVE) */
	r.gfp = MC_GFP_KERNEL | MC_GFP_NOFAIL;
	for (int i = 0; i < 4096 && !ret; i++)
		ret = mc_alloc_pages(m, &r, &pfn);
	assert_int_equal(ret, -EDEADLK);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Freeing a block while it is being migrated (from the owner's callback). */
static struct mc_machine *cb_machine;
static int cb_free_ret = 1;

static int free_from_callback(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			      unsigned order, uint32_t cookie, int mode)
{
	(void)ctx;
	(void)new_pfn;
	(void)cookie;
	(void)mode;
	cb_free_ret = mc_free_pages(cb_machine, old_pfn, order, 0);
	return -EAGAIN;
}

static void test_free_isolated(void **state)
{
	struct mc_machine *m = t_machine("pc:64M,cpus=1", MC_OPT_NO_DAEMONS);
	struct mc_owner_ops ops = { .migrate = free_from_callback };
	struct mc_alloc_request r = { .gfp = MC_GFP_HIGHUSER_MOVABLE &
					     ~MC_GFP_DIRECT_RECLAIM,
				      .nid = -1, .kind = MC_PAGE_ANON };
	uint64_t pfns[8192];
	size_t n = 0;
	unsigned slot;

	(void)state;
	cb_machine = m;
	assert_int_equal(mc_owner_register(m, "f", &ops, NULL, &slot), 0);
	r.owner = slot;
	while (n < 8192 && !mc_alloc_pages(m, &r, &pfns[n]))
		n++;
	for (size_t i = 0; i < n; i++)
		if (i % 4)
			assert_int_equal(mc_free_pages(m, pfns[i], 0, 0), 0);
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	assert_int_equal(cb_free_ret, -EBUSY);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* A description that does not validate: create refuses, with a reason. */
static void test_create_bad_desc(void **state)
{
	struct mc_machine_desc d;
	struct mc_options o = { 0 };
	struct mc_machine *m = (struct mc_machine *)&o;
	struct mc_error err;

	(void)state;
	assert_int_equal(mc_desc_preset("pc:64M", &d, &err), 0);
	d.page_shift = 13;
	memset(&err, 0, sizeof(err));
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), -EINVAL);
	assert_true(err.msg[0] != '\0');
	assert_null(m);		/* no machine */
	assert_int_equal(mc_machine_create(NULL, &o, &m, &err), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_table),
		cmocka_unit_test(test_api_bad_arguments),
		cmocka_unit_test(test_create_bad_desc),
		cmocka_unit_test(test_nofail_deadlock),
		cmocka_unit_test(test_free_isolated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
