// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_snapshot.c - export, import and the snapshot files.
 *
 *  - Round trip: varied machines (presets, page sizes, NUMA, allocations of
 *    every kind, THP, hugetlb, pins, mlock, dirty and writeback pages,
 *    per-cpu pages, fragmentation, compaction) are exported as kpageflags,
 *    kpagecount, the state file, the /proc files and the sysctls; the
 *    import must reproduce every page frame (compared through the public
 *    mc_page_info()) and every /proc rendering byte for byte.
 *  - The same exports without the state file: the inference from the
 *    kernel's files alone must reproduce every free block (buddyinfo byte
 *    for byte), every hole and reserved page, every compound block, and
 *    the kinds the files can tell apart.
 *  - kpageflags words checked against hand-worked expectations for pages
 *    of each kind (the fs/proc/page.c rules, written out independently).
 *  - .mcz: round trip, and truncated, corrupt and mislabelled files.
 *  - The checked-in synthetic snapshot tests/data/snapshot-tiny imports
 *    and matches its buddyinfo; a snapshot of this machine when
 *    /proc/kpageflags is readable (root), else the test is skipped.
 *  - Bad snapshots: each gets -EINVAL and an error naming the file and the
 *    place (table in docs/snapshot.md).
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
#include <unistd.h>

#include "helpers.h"

/* ---- an in-memory snapshot of a machine ---------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_write(void *ctx, const char *s, size_t n)
{
	struct buf *b = ctx;

	if (b->len + n + 1 > b->cap) {
		size_t nc = (b->len + n + 1) * 2;

		b->p = realloc(b->p, nc);
		assert_non_null(b->p);
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

struct memsnap {
	struct mc_snapshot s;
	struct buf proc[MC_PROC_NR_FILES];
	struct buf kpf, kpc, state, sysctl;
};

struct sysctl_ctx {
	struct mc_machine *m;
	struct buf *b;
};

static int sysctl_one(void *ctx, const char *name, unsigned mode)
{
	struct sysctl_ctx *c = ctx;
	char val[256];

	if (!(mode & 0444))
		return 0;
	if (mc_sysctl_read(c->m, name, val, sizeof(val)) < 0)
		return 0;
	buf_write(c->b, name, strlen(name));
	buf_write(c->b, " = ", 3);
	/* values end with a newline as the /proc files do */
	buf_write(c->b, val, strlen(val));
	if (!strchr(val, '\n'))
		buf_write(c->b, "\n", 1);
	return 0;
}

static void memsnap_take(struct memsnap *ms, struct mc_machine *m,
			 bool with_state)
{
	struct mc_geometry g;
	struct sysctl_ctx sc = { m, &ms->sysctl };

	memset(ms, 0, sizeof(*ms));
	mc_machine_geometry(m, &g);
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		assert_int_equal(mc_proc_render(m, (enum mc_proc_file)f,
						buf_write, &ms->proc[f]), 0);
	assert_int_equal(mc_export_kpageflags(m, buf_write, &ms->kpf), 0);
	assert_int_equal(mc_export_kpagecount(m, buf_write, &ms->kpc), 0);
	assert_int_equal(ms->kpf.len, g.end_pfn * 8);
	assert_int_equal(ms->kpc.len, g.end_pfn * 8);
	assert_int_equal(mc_sysctl_foreach(m, sysctl_one, &sc), 0);
	ms->s.name = "memsnap";
	ms->s.page_shift = g.page_shift;
	ms->s.zoneinfo = ms->proc[MC_PROC_ZONEINFO].p;
	ms->s.zoneinfo_len = ms->proc[MC_PROC_ZONEINFO].len;
	ms->s.buddyinfo = ms->proc[MC_PROC_BUDDYINFO].p;
	ms->s.buddyinfo_len = ms->proc[MC_PROC_BUDDYINFO].len;
	ms->s.pagetypeinfo = ms->proc[MC_PROC_PAGETYPEINFO].p;
	ms->s.pagetypeinfo_len = ms->proc[MC_PROC_PAGETYPEINFO].len;
	ms->s.vmstat = ms->proc[MC_PROC_VMSTAT].p;
	ms->s.vmstat_len = ms->proc[MC_PROC_VMSTAT].len;
	ms->s.sysctl = ms->sysctl.p;
	ms->s.sysctl_len = ms->sysctl.len;
	ms->s.kpageflags = (const uint64_t *)ms->kpf.p;
	ms->s.kpagecount = (const uint64_t *)ms->kpc.p;
	ms->s.nr_pfns = g.end_pfn;
	if (with_state) {
		assert_int_equal(mc_export_state(m, buf_write, &ms->state),
				 0);
		ms->s.state = ms->state.p;
		ms->s.state_len = ms->state.len;
	}
}

static void memsnap_free(struct memsnap *ms)
{
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		free(ms->proc[f].p);
	free(ms->kpf.p);
	free(ms->kpc.p);
	free(ms->state.p);
	free(ms->sysctl.p);
}

static void print_note(void *ctx, const char *msg)
{
	int *n = ctx;

	if (*n < 10)
		fprintf(stderr, "note: %s\n", msg);
	(*n)++;
}

static struct mc_machine *import_ok(const struct mc_snapshot *s,
				    struct mc_import_result *res, int *notes)
{
	struct mc_machine *m = NULL;
	struct mc_error err = { 0 };
	struct mc_options o = { .seed = 1, .flags = MC_OPT_NO_DAEMONS };
	int ret;

	*notes = 0;
	ret = mc_import_snapshot(s, &o, &m, res, print_note, notes, &err);
	if (ret)
		fprintf(stderr, "import: %s (%d)\n", err.msg, ret);
	assert_int_equal(ret, 0);
	assert_non_null(m);
	assert_int_equal(t_check(m), 0);
	return m;
}

/* ---- machines ------------------------------------------------------------ */

static uint64_t rng = 12345;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int alloc_kind(struct mc_machine *m, enum mc_page_kind kind,
		      unsigned order, uint32_t gfp, int cpu, uint64_t *pfn)
{
	struct mc_alloc_request r = { .gfp = gfp, .order = order, .nid = -1,
				      .cpu = cpu, .kind = kind,
				      .cookie = (uint32_t)rnd() };

	return mc_alloc_pages(m, &r, pfn);
}

/*
 * Fill about @fill_pct of memory with a mix of kinds from every CPU, free
 * three of four movable pages (fragmentation), set attributes, optionally
 * compact.  Returns the machine, consistent.
 */
static struct mc_machine *busy_machine(const char *spec, int fill_pct,
				       bool compact)
{
	struct mc_machine *m = t_machine(spec, MC_OPT_NO_DAEMONS);
	struct mc_geometry g;
	uint64_t total = 0, *pfns;
	unsigned *orders;
	size_t n = 0, cap;

	mc_machine_geometry(m, &g);
	for (unsigned nid = 0; nid < g.nr_nodes; nid++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (!mc_zone_stats(m, (int)nid, (enum mc_zone_type)z,
					   &zs) && zs.populated)
				total += zs.managed;
		}
	cap = total + 16;
	pfns = calloc(cap, sizeof(*pfns));
	orders = calloc(cap, sizeof(*orders));
	assert_non_null(pfns);
	assert_non_null(orders);
	for (uint64_t used = 0; used * 100 < total * (uint64_t)fill_pct;) {
		uint64_t r = rnd() % 100, pfn;
		int cpu = (int)(rnd() % g.nr_cpus);
		enum mc_page_kind kind;
		unsigned order = 0;
		uint32_t gfp;

		if (r < 40) {
			kind = MC_PAGE_ANON;
			gfp = MC_GFP_HIGHUSER_MOVABLE;
		} else if (r < 70) {
			kind = MC_PAGE_FILE;
			gfp = MC_GFP_HIGHUSER_MOVABLE;
		} else if (r < 80) {
			kind = MC_PAGE_SLAB;
			gfp = MC_GFP_KERNEL | MC_GFP_COMP;
			order = (unsigned)(rnd() % 2);
		} else if (r < 88) {
			kind = MC_PAGE_SLAB_RECLAIMABLE;
			gfp = MC_GFP_KERNEL | MC_GFP_RECLAIMABLE;
		} else if (r < 94) {
			kind = MC_PAGE_KERNEL;
			gfp = MC_GFP_KERNEL;
			order = (unsigned)(rnd() % 3);	/* non-compound */
		} else if (r < 97) {
			kind = MC_PAGE_ANON;	/* a THP */
			gfp = MC_GFP_TRANSHUGE_LIGHT;
			order = g.hpage_pmd_order;
		} else if (r < 98) {
			kind = MC_PAGE_HUGETLB;
			gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP |
			      MC_GFP_RETRY_MAYFAIL | MC_GFP_NOWARN;
			order = g.hpage_pmd_order;
		} else {
			kind = MC_PAGE_MOVABLE_OPS;
			gfp = MC_GFP_HIGHUSER_MOVABLE;
		}
		if (alloc_kind(m, kind, order, gfp, cpu, &pfn)) {
			if (order) {
				used += 1;	/* a failed huge attempt */
				continue;
			}
			break;
		}
		pfns[n] = pfn;
		orders[n] = order;
		n++;
		used += 1ULL << order;
		if (kind == MC_PAGE_FILE || kind == MC_PAGE_ANON) {
			unsigned set = 0, x = (unsigned)(rnd() % 64);

			if (x < 3)
				set |= MC_PF_MLOCKED;
			else if (x < 8)
				set |= MC_PF_DIRTY;
			else if (x < 9 && kind == MC_PAGE_FILE)
				set |= MC_PF_WRITEBACK;
			else if (x < 11)
				set |= MC_PF_PINNED;
			else if (x < 30)
				set |= MC_PF_ACTIVE;
			if (set)
				assert_int_equal(mc_page_set_flags(m, pfn, set,
								   0), 0);
		}
	}
	/* fragment: free three of four order-0 movable pages */
	for (size_t i = 0; i < n; i++) {
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, pfns[i], &pi), 0);
		if (orders[i] == 0 && (pi.kind == MC_PAGE_ANON ||
				       pi.kind == MC_PAGE_FILE) &&
		    !(pi.flags & (MC_PF_PINNED | MC_PF_WRITEBACK)) &&
		    rnd() % 4)
			assert_int_equal(mc_free_pages(m, pfns[i], 0,
						       (int)(rnd() % g.nr_cpus)),
					 0);
	}
	if (compact)
		assert_int_equal(mc_sysctl_write(m, "vm.compact_memory", "1",
						 1), 0);
	free(pfns);
	free(orders);
	assert_int_equal(t_check(m), 0);
	return m;
}

/* ---- comparisons --------------------------------------------------------- */

static void compare_pages(struct mc_machine *a, struct mc_machine *b,
			  bool exact)
{
	struct mc_geometry ga, gb;
	uint64_t diffs = 0;

	mc_machine_geometry(a, &ga);
	mc_machine_geometry(b, &gb);
	assert_int_equal(ga.start_pfn, gb.start_pfn);
	assert_int_equal(ga.end_pfn, gb.end_pfn);
	for (uint64_t pfn = ga.start_pfn; pfn < ga.end_pfn; pfn++) {
		struct mc_page_info x, y;
		bool same;

		assert_int_equal(mc_page_info(a, pfn, &x), 0);
		assert_int_equal(mc_page_info(b, pfn, &y), 0);
		same = x.state == y.state && x.head_pfn == y.head_pfn &&
		       x.order == y.order && x.nid == y.nid &&
		       x.zone == y.zone;
		if (!exact && (x.state == MC_PS_ALLOCATED ||
			       x.state == MC_PS_PCP)) {
			/*
			 * The kernel's files cannot tell a per-cpu page from
			 * an unflagged kernel page, nor the order of a
			 * non-compound block, nor reclaimable slab from
			 * unreclaimable: those become order-0 kernel pages
			 * and slab of either kind.  Everything else must be
			 * the same.
			 */
			bool kernelish = x.state == MC_PS_PCP ||
					 (x.kind == MC_PAGE_KERNEL &&
					  !x.compound);
			bool slab = x.kind == MC_PAGE_SLAB ||
				    x.kind == MC_PAGE_SLAB_RECLAIMABLE;

			same = y.state == MC_PS_ALLOCATED && x.nid == y.nid &&
			       x.zone == y.zone;
			if (kernelish)
				same = same && y.kind == MC_PAGE_KERNEL &&
				       y.order == 0 && y.head_pfn == pfn;
			else
				same = same && y.head_pfn == x.head_pfn &&
				       y.order == x.order &&
				       y.compound == x.compound &&
				       (slab ? (y.kind == MC_PAGE_SLAB ||
						y.kind ==
						MC_PAGE_SLAB_RECLAIMABLE) :
					       y.kind == x.kind) &&
				       y.lru == x.lru &&
				       (y.flags & ~MC_PF_PINNED) ==
				       (x.flags & ~MC_PF_PINNED);
		}
		if (exact)
			same = same && x.pageblock_mt == y.pageblock_mt &&
			       x.skip == y.skip && x.kind == y.kind &&
			       x.cookie == y.cookie && x.flags == y.flags &&
			       x.compound == y.compound && x.lru == y.lru;
		if (!same && diffs++ < 5)
			fprintf(stderr,
				"pfn %#llx: state %d/%d head %#llx/%#llx order %u/%u kind %d/%d flags %#x/%#x mt %d/%d cookie %#x/%#x\n",
				(unsigned long long)pfn, x.state, y.state,
				(unsigned long long)x.head_pfn,
				(unsigned long long)y.head_pfn, x.order,
				y.order, x.kind, y.kind, x.flags, y.flags,
				x.pageblock_mt, y.pageblock_mt, x.cookie,
				y.cookie);
	}
	assert_int_equal(diffs, 0);
}

static void compare_render(struct mc_machine *a, struct mc_machine *b,
			   enum mc_proc_file f)
{
	char *x = t_render(a, f), *y = t_render(b, f);

	if (strcmp(x, y)) {
		const char *p = x, *q = y;
		int line = 1;

		while (*p && *p == *q) {
			if (*p == '\n')
				line++;
			p++;
			q++;
		}
		fprintf(stderr, "%s differs at line %d:\n  %.80s\n  %.80s\n",
			mc_proc_name(f), line, p, q);
	}
	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void round_trip(struct mc_machine *m)
{
	struct memsnap ms;
	struct mc_import_result res;
	struct mc_machine *b;
	int notes;

	memsnap_take(&ms, m, true);
	if (getenv("MC_TEST_DEBUG"))
		fprintf(stderr, "round trip with state\n%s", ms.proc[MC_PROC_PAGETYPEINFO].p);
	b = import_ok(&ms.s, &res, &notes);
	assert_int_equal(res.mt_source, MC_MT_FROM_STATE);
	assert_true(res.buddyinfo_compared);
	assert_true(res.buddyinfo_match);
	compare_pages(m, b, true);
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		compare_render(m, b, (enum mc_proc_file)f);
	assert_int_equal(notes, 0);
	mc_machine_destroy(b);
	memsnap_free(&ms);
}

/* Without the state file: what the kernel's files determine. */
static void round_trip_inferred(struct mc_machine *m)
{
	struct memsnap ms;
	struct mc_import_result res;
	struct mc_machine *b;
	int notes;

	memsnap_take(&ms, m, false);
	b = import_ok(&ms.s, &res, &notes);
	assert_int_equal(res.mt_source, MC_MT_INFERRED);
	assert_true(res.buddyinfo_match);
	compare_render(m, b, MC_PROC_BUDDYINFO);
	compare_pages(m, b, false);
	mc_machine_destroy(b);
	memsnap_free(&ms);
}

static void test_round_trip_fresh(void **state)
{
	static const char *const specs[] = {
		"pc:512M", "pc:4G,cpus=4", "arm64-64k:2G", "pc-numa:2x1G",
		"arm64-16k:1G",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct mc_machine *m = t_machine(specs[i], MC_OPT_NO_DAEMONS);

		round_trip(m);
		round_trip_inferred(m);
		mc_machine_destroy(m);
	}
}

static void test_round_trip_busy(void **state)
{
	static const struct {
		const char *spec;
		int fill;
		bool compact;
	} cases[] = {
		{ "pc:512M,cpus=2", 70, false },
		{ "pc:1G,cpus=4", 85, true },
		{ "pc-numa:2x512M", 60, false },
		{ "arm64-64k:1G", 60, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_machine *m = busy_machine(cases[i].spec,
						    cases[i].fill,
						    cases[i].compact);

		round_trip(m);
		round_trip_inferred(m);
		mc_machine_destroy(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_fresh),
		cmocka_unit_test(test_round_trip_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
