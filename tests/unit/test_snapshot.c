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
#include <sys/stat.h>
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
	struct buf kpf, kpc, state, sysctl, sysfs;
};

static const char *const thp_files[] = {
	"kernel/mm/transparent_hugepage/enabled",
	"kernel/mm/transparent_hugepage/defrag",
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
	/* sys/sysfs as the capture writes it: the files' own text */
	for (size_t i = 0; i < sizeof(thp_files) / sizeof(thp_files[0]); i++) {
		char val[256];

		assert_true(mc_sysfs_read(m, thp_files[i], val,
					  sizeof(val)) >= 0);
		buf_write(&ms->sysfs, thp_files[i], strlen(thp_files[i]));
		buf_write(&ms->sysfs, " = ", 3);
		buf_write(&ms->sysfs, val, strlen(val));
		if (!strchr(val, '\n'))
			buf_write(&ms->sysfs, "\n", 1);
	}
	ms->s.sysfs = ms->sysfs.p;
	ms->s.sysfs_len = ms->sysfs.len;
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
	free(ms->sysfs.p);
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
	struct mc_machine *m = t_machine(spec, MC_OPT_NO_DAEMONS |
					 (getenv("MC_TEST_CHECK_EACH") ?
					  MC_OPT_CHECK_EACH_OP : 0));
	struct mc_geometry g;
	uint64_t total = 0, *pfns;
	unsigned *orders, hugetlb_faults = 0;
	size_t n = 0, cap;

	mc_machine_geometry(m, &g);
	for (unsigned nid = 0; nid < g.nr_nodes; nid++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (!mc_zone_stats(m, (int)nid, (enum mc_zone_type)z,
					   &zs) && zs.populated)
				total += zs.managed;
		}
	/* a small hugetlb pool: some pages will be faulted in, the rest
	 * stay free in the pool; one surplus page allowed */
	if ((total >> g.hpage_pmd_order) >= 16) {
		assert_int_equal(mc_sysctl_write(m, "vm.nr_hugepages", "3", 1),
				 0);
		assert_int_equal(mc_sysctl_write(m,
						 "vm.nr_overcommit_hugepages",
						 "1", 1), 0);
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
		} else if (r < 98 && hugetlb_faults < 2 &&
			   !mc_hugetlb_alloc(m, -1, cpu, 0, (uint32_t)rnd(),
					     &pfn)) {
			/* two hugetlb faults on the pool (grown at the
			 * start): in-use pool pages among the rest */
			hugetlb_faults++;
			used += 1ULL << g.hpage_pmd_order;
			continue;
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
	{
		struct mc_hugetlb_stats hs;

		assert_int_equal(mc_hugetlb_stats(m, -1, &hs), 0);
		if ((total >> g.hpage_pmd_order) >= 16)
			/* pages of the pool in use, and free ones */
			assert_true(hs.nr > hs.free && hs.free > 0);
	}
	if (compact)
		assert_int_equal(mc_sysctl_write(m, "vm.compact_memory", "1",
						 1), 0);
	free(pfns);
	free(orders);
	if (getenv("MC_TEST_CHECK_EACH")) {
		const char *op = NULL;

		if (mc_check_failures(m, &op))
			fprintf(stderr, "%s: first violation after %s\n", spec,
				op);
	}
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

/* The hugetlb pool: pages in use and free per node; surplus pages only
 * with the state file (the frames cannot tell them). */
static void compare_hugetlb(struct mc_machine *a, struct mc_machine *b,
			    bool exact)
{
	struct mc_geometry g;

	mc_machine_geometry(a, &g);
	for (int nid = -1; nid < (int)g.nr_nodes; nid++) {
		struct mc_hugetlb_stats x, y;

		assert_int_equal(mc_hugetlb_stats(a, nid, &x), 0);
		assert_int_equal(mc_hugetlb_stats(b, nid, &y), 0);
		assert_int_equal(x.nr, y.nr);
		assert_int_equal(x.free, y.free);
		if (exact) {
			assert_int_equal(x.surplus, y.surplus);
			assert_int_equal(x.max, y.max);
		}
	}
}

/* The THP settings, file by file. */
static void compare_thp(struct mc_machine *a, struct mc_machine *b)
{
	for (size_t i = 0; i < sizeof(thp_files) / sizeof(thp_files[0]); i++) {
		char x[256], y[256];

		assert_true(mc_sysfs_read(a, thp_files[i], x, sizeof(x)) >= 0);
		assert_true(mc_sysfs_read(b, thp_files[i], y, sizeof(y)) >= 0);
		assert_string_equal(x, y);
	}
}

static void round_trip(struct mc_machine *m)
{
	struct memsnap ms;
	struct mc_import_result res;
	struct mc_machine *b;
	int notes;

	memsnap_take(&ms, m, true);
	b = import_ok(&ms.s, &res, &notes);
	assert_int_equal(res.mt_source, MC_MT_FROM_STATE);
	assert_true(res.buddyinfo_compared);
	assert_true(res.buddyinfo_match);
	compare_pages(m, b, true);
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		compare_render(m, b, (enum mc_proc_file)f);
	compare_hugetlb(m, b, true);
	compare_thp(m, b);
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
	compare_hugetlb(m, b, false);
	compare_thp(m, b);
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

/* A kernel with CONFIG_CMA: a CMA column in pagetypeinfo, six types. */
static void test_round_trip_cma(void **state)
{
	struct mc_machine_desc d;
	struct mc_error err = { 0 };
	struct mc_machine *m;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(mc_desc_preset("pc:1G,cpus=2", &d, &err), 0);
	d.cma = true;
	m = t_machine_desc(&d, MC_OPT_NO_DAEMONS);
	for (int i = 0; i < 2000; i++) {
		uint64_t pfn;

		assert_int_equal(alloc_kind(m, i % 3 ? MC_PAGE_ANON :
					    MC_PAGE_SLAB, 0,
					    i % 3 ? MC_GFP_HIGHUSER_MOVABLE :
					    MC_GFP_KERNEL, i % 2, &pfn), 0);
	}
	round_trip(m);
	round_trip_inferred(m);
	mc_machine_destroy(m);
}

static void test_round_trip_busy(void **state)
{
	static const struct {
		const char *spec;
		int fill;
		bool compact;
		const char *enabled, *defrag;	/* THP settings, or NULL */
	} cases[] = {
		{ "pc:512M,cpus=2", 70, false, "madvise", "defer+madvise" },
		{ "pc:1G,cpus=4", 85, true, NULL, NULL },
		{ "pc-numa:2x512M", 60, false, "never", "always" },
		{ "arm64-64k:1G", 60, true, NULL, "never" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_machine *m = busy_machine(cases[i].spec,
						    cases[i].fill,
						    cases[i].compact);

		/* THP settings other than the boot ones; "never" also
		 * takes back the raised min_free_kbytes, so the zones'
		 * watermarks must come back too */
		if (cases[i].enabled)
			assert_int_equal(mc_sysfs_write(m, thp_files[0],
					 cases[i].enabled,
					 strlen(cases[i].enabled)), 0);
		if (cases[i].defrag)
			assert_int_equal(mc_sysfs_write(m, thp_files[1],
					 cases[i].defrag,
					 strlen(cases[i].defrag)), 0);
		round_trip(m);
		round_trip_inferred(m);
		mc_machine_destroy(m);
	}
}

/* ---- kpageflags words, worked out by hand from fs/proc/page.c ---------- */

#define K(b) (1ULL << MC_KPF_##b)

static uint64_t word_at(const struct buf *b, uint64_t pfn)
{
	const unsigned char *p = (const unsigned char *)b->p + pfn * 8;
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t must_alloc(struct mc_machine *m, enum mc_page_kind kind,
			   unsigned order, uint32_t gfp)
{
	uint64_t pfn;

	assert_int_equal(alloc_kind(m, kind, order, gfp, 0, &pfn), 0);
	return pfn;
}

static void test_kpageflags_words(void **state)
{
	struct mc_machine *m = t_machine("pc:512M", MC_OPT_NO_DAEMONS);
	const uint64_t anon_flags = K(LRU) | K(ANON) | K(SWAPBACKED) |
				    K(MMAP) | K(UPTODATE);
	uint64_t anon, pinned_anon, file, mfile, thp, slab, kern, pkern, pcp;
	struct buf f = { 0 }, c = { 0 };
	struct mc_page_info pi;
	struct mc_geometry g;
	uint64_t free_head = 0;

	(void)state;
	mc_machine_geometry(m, &g);
	anon = must_alloc(m, MC_PAGE_ANON, 0, MC_GFP_HIGHUSER_MOVABLE);
	pinned_anon = must_alloc(m, MC_PAGE_ANON, 0, MC_GFP_HIGHUSER_MOVABLE);
	assert_int_equal(mc_page_set_flags(m, pinned_anon, MC_PF_PINNED, 0),
			 0);
	file = must_alloc(m, MC_PAGE_FILE, 0, MC_GFP_HIGHUSER_MOVABLE);
	assert_int_equal(mc_page_set_flags(m, file, MC_PF_DIRTY |
					   MC_PF_ACTIVE, 0), 0);
	mfile = must_alloc(m, MC_PAGE_FILE, 0, MC_GFP_HIGHUSER_MOVABLE);
	assert_int_equal(mc_page_set_flags(m, mfile, MC_PF_MLOCKED, 0), 0);
	thp = must_alloc(m, MC_PAGE_ANON, 9, MC_GFP_TRANSHUGE_LIGHT);
	slab = must_alloc(m, MC_PAGE_SLAB, 1, MC_GFP_KERNEL | MC_GFP_COMP);
	kern = must_alloc(m, MC_PAGE_KERNEL, 2, MC_GFP_KERNEL);
	pkern = must_alloc(m, MC_PAGE_KERNEL, 0, MC_GFP_KERNEL);
	assert_int_equal(mc_page_set_flags(m, pkern, MC_PF_PINNED, 0), 0);
	/* an order-0 page freed goes to the per-cpu list */
	pcp = must_alloc(m, MC_PAGE_ANON, 0, MC_GFP_HIGHUSER_MOVABLE);
	assert_int_equal(mc_free_pages(m, pcp, 0, 0), 0);
	assert_int_equal(mc_page_info(m, pcp, &pi), 0);
	assert_int_equal(pi.state, MC_PS_PCP);
	/* a free order >= 3 block somewhere */
	for (uint64_t p = g.start_pfn; p < g.end_pfn && !free_head; p++)
		if (!mc_page_info(m, p, &pi) && pi.state == MC_PS_FREE &&
		    pi.order >= 3 && pi.head_pfn == p)
			free_head = p;
	assert_true(free_head != 0);

	assert_int_equal(mc_export_kpageflags(m, buf_write, &f), 0);
	assert_int_equal(mc_export_kpagecount(m, buf_write, &c), 0);

	assert_int_equal(word_at(&f, anon), anon_flags);
	assert_int_equal(word_at(&c, anon), 1);
	assert_int_equal(word_at(&f, pinned_anon), anon_flags);
	assert_int_equal(word_at(&c, pinned_anon), 2);
	assert_int_equal(word_at(&f, file), K(LRU) | K(UPTODATE) | K(DIRTY) |
					    K(ACTIVE));
	assert_int_equal(word_at(&c, file), 0);
	assert_int_equal(word_at(&f, mfile), K(LRU) | K(UPTODATE) |
					     K(UNEVICTABLE) | K(MLOCKED));
	assert_int_equal(word_at(&f, thp), anon_flags | K(THP) |
					   K(COMPOUND_HEAD));
	for (uint64_t i = 1; i < 512; i++)
		assert_int_equal(word_at(&f, thp + i), anon_flags | K(THP) |
						       K(COMPOUND_TAIL));
	assert_int_equal(word_at(&f, slab), K(SLAB) | K(COMPOUND_HEAD));
	assert_int_equal(word_at(&f, slab + 1), K(SLAB) | K(COMPOUND_TAIL));
	for (uint64_t i = 0; i < 4; i++) {
		assert_int_equal(word_at(&f, kern + i), 0);
		assert_int_equal(word_at(&c, kern + i), 0);
	}
	assert_int_equal(word_at(&f, pkern), 0);
	assert_int_equal(word_at(&c, pkern), 1);
	assert_int_equal(word_at(&f, pcp), 0);
	for (uint64_t i = 0; i < 8; i++)
		assert_int_equal(word_at(&f, free_head + i), K(BUDDY));
	/* pfn 0 is below the DMA zone of a PC (it starts at pfn 1) and the
	 * first 4 KiB are firmware's: no page */
	assert_int_equal(word_at(&f, 0), K(NOPAGE));
	/* the reserved pages at the start of DMA */
	assert_int_equal(mc_page_info(m, 1, &pi), 0);
	assert_int_equal(word_at(&f, 1), pi.state == MC_PS_RESERVED ?
					 K(RESERVED) : word_at(&f, 1));
	free(f.p);
	free(c.p);
	mc_machine_destroy(m);
}

/* ---- .mcz ------------------------------------------------------------------ */

static void test_mcz(void **state)
{
	enum { N = 200000 };
	uint64_t *w = malloc(N * sizeof(*w)), *back = NULL, nr = 0;
	struct buf b = { 0 };
	struct mc_pfnz *z;
	unsigned char hdr[32];
	struct mc_error err;

	(void)state;
	for (size_t i = 0; i < N; i++)	/* runs, singletons, big values */
		w[i] = (i / 1000) % 3 == 0 ? 0x400 :
		       (i / 1000) % 3 == 1 ? rnd() : (uint64_t)1 << 63;
	z = mc_pfnz_writer(buf_write, &b);
	assert_non_null(z);
	assert_int_equal(mc_pfnz_put(z, w, N / 2), 0);
	assert_int_equal(mc_pfnz_put(z, w + N / 2, N - N / 2), 0);
	assert_int_equal(mc_pfnz_finish(z, hdr), 0);
	memcpy(b.p, hdr, 32);
	assert_true(b.len < N * 8);
	assert_int_equal(mc_pfnz_decode(b.p, b.len, "t.mcz", &back, &nr,
					&err), 0);
	assert_int_equal(nr, N);
	assert_memory_equal(back, w, N * sizeof(*w));
	free(back);

	/* truncated anywhere: an error naming the file and an offset */
	for (size_t cut = 0; cut < b.len; cut += 1 + cut / 3) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(mc_pfnz_decode(b.p, cut, "t.mcz", &back, &nr,
						&err), -EINVAL);
		assert_non_null(strstr(err.msg, "t.mcz"));
		assert_non_null(strstr(err.msg, "offset"));
	}
	/* a flipped byte in the stream */
	b.p[b.len / 2] ^= 0x55;
	memset(&err, 0, sizeof(err));
	assert_int_equal(mc_pfnz_decode(b.p, b.len, "t.mcz", &back, &nr, &err),
			 -EINVAL);
	b.p[b.len / 2] ^= 0x55;
	/* a header announcing one word more */
	b.p[8]++;
	assert_int_equal(mc_pfnz_decode(b.p, b.len, "t.mcz", &back, &nr, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "announces"));
	b.p[8]--;
	/* a wrong CRC */
	b.p[16] ^= 1;
	assert_int_equal(mc_pfnz_decode(b.p, b.len, "t.mcz", &back, &nr, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "CRC"));
	b.p[16] ^= 1;
	/* not an .mcz at all */
	b.p[0] = 'X';
	assert_int_equal(mc_pfnz_decode(b.p, b.len, "t.mcz", &back, &nr, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "magic"));
	free(b.p);
	free(w);
}

/* ---- page_owner ------------------------------------------------------------ */

static const char *const mt_names[] = { "Unmovable", "Movable",
					"Reclaimable", "HighAtomic",
					"Isolate" };

/* page_owner records (print_page_owner's format) for every allocated
 * block, with the gfp mask a kernel allocation of that kind uses. */
static void fake_page_owner(struct mc_machine *m, struct buf *out)
{
	struct mc_geometry g;
	char line[512];

	mc_machine_geometry(m, &g);
	for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn;) {
		struct mc_page_info pi;
		uint32_t gfp;
		char gname[256];
		int mt, n;

		if (mc_page_info(m, pfn, &pi) || pi.state != MC_PS_ALLOCATED ||
		    pi.head_pfn != pfn) {
			pfn++;
			continue;
		}
		switch (pi.kind) {
		case MC_PAGE_SLAB:
		case MC_PAGE_KERNEL:
			gfp = MC_GFP_KERNEL;
			mt = 0;
			break;
		case MC_PAGE_SLAB_RECLAIMABLE:
			gfp = MC_GFP_KERNEL | MC_GFP_RECLAIMABLE;
			mt = 2;
			break;
		default:
			gfp = MC_GFP_HIGHUSER_MOVABLE;
			mt = 1;
			break;
		}
		mc_gfp_format(gfp, gname, sizeof(gname));
		n = snprintf(line, sizeof(line),
			     "Page allocated via order %u, mask %#x(%s), pid 1, tgid 1 (test), ts 0 ns\n"
			     "PFN 0x%llx type %s Block %llu type %s Flags 0x0()\n"
			     " test_alloc+0x10/0x20\n\n",
			     pi.order, gfp, gname, (unsigned long long)pfn,
			     mt_names[mt],
			     (unsigned long long)(pfn >> g.pageblock_order),
			     mt_names[pi.pageblock_mt < 5 ? pi.pageblock_mt :
				      4]);
		buf_write(out, line, (size_t)n);
		pfn += 1ULL << pi.order;
	}
}

static void test_page_owner_import(void **state)
{
	struct mc_machine *m = busy_machine("pc:512M,cpus=2", 75, false);
	struct memsnap ms;
	struct buf po = { 0 };
	struct mc_import_result res;
	struct mc_machine *b;
	struct mc_geometry g;
	uint64_t pcp_a = 0, pcp_b = 0;
	int notes;

	(void)state;
	mc_machine_geometry(m, &g);
	memsnap_take(&ms, m, false);
	fake_page_owner(m, &po);
	ms.s.page_owner = po.p;
	ms.s.page_owner_len = po.len;
	b = import_ok(&ms.s, &res, &notes);
	assert_true(res.mt_source == MC_MT_FROM_PAGE_OWNER ||
		    res.mt_source == MC_MT_MIXED);
	assert_true(res.buddyinfo_match);
	assert_int_equal(res.unknown_zero_pages, 0);
	for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn; pfn++) {
		struct mc_page_info x, y;

		assert_int_equal(mc_page_info(m, pfn, &x), 0);
		assert_int_equal(mc_page_info(b, pfn, &y), 0);
		pcp_a += x.state == MC_PS_PCP;
		pcp_b += y.state == MC_PS_PCP;
		if (x.state == MC_PS_PCP) {
			/* a free page on a per-cpu list, on some CPU */
			assert_int_equal(y.state, MC_PS_PCP);
			continue;
		}
		assert_int_equal(x.state, y.state);
		if (x.state != MC_PS_ALLOCATED)
			continue;
		/* page_owner gives the order of non-compound blocks and
		 * tells reclaimable slab apart */
		assert_int_equal(x.head_pfn, y.head_pfn);
		assert_int_equal(x.order, y.order);
		assert_int_equal(x.kind, y.kind);
		assert_int_equal(x.pageblock_mt, y.pageblock_mt);
	}
	assert_int_equal(pcp_a, pcp_b);
	mc_machine_destroy(b);
	memsnap_free(&ms);
	free(po.p);
	mc_machine_destroy(m);
}

/* ---- bad snapshots ----------------------------------------------------------- */

static char *replace_text(const char *text, size_t len, const char *from,
			  const char *to, size_t *out_len)
{
	const char *at = strstr(text, from);
	char *r;

	assert_non_null(at);
	r = malloc(len + strlen(to) + 1);
	memcpy(r, text, (size_t)(at - text));
	strcpy(r + (at - text), to);
	strcat(r, at + strlen(from));
	*out_len = strlen(r);
	return r;
}

static void expect_bad(const struct mc_snapshot *s, const char *what,
		       const char *msg1, const char *msg2)
{
	struct mc_machine *m = (struct mc_machine *)0x1;
	struct mc_error err = { 0 };
	struct mc_import_result res;
	int ret = mc_import_snapshot(s, NULL, &m, &res, NULL, NULL, &err);

	/* the table in docs/snapshot.md quotes these */
	fprintf(stderr, "bad input: %s: %d '%s'\n", what, ret, err.msg);
	assert_int_equal(ret, -EINVAL);
	assert_null(m);
	assert_non_null(strstr(err.msg, msg1));
	if (msg2)
		assert_non_null(strstr(err.msg, msg2));
}

static void test_bad_snapshots(void **state)
{
	struct mc_machine *m = busy_machine("pc:256M,cpus=2", 60, false);
	struct memsnap ms;
	struct mc_snapshot s;
	struct mc_geometry g;
	uint64_t *kpf;
	char *t;
	size_t tl;
	uint64_t head = 0, single = 0;

	(void)state;
	mc_machine_geometry(m, &g);
	memsnap_take(&ms, m, true);
	kpf = malloc(g.end_pfn * 8);
	memcpy(kpf, ms.s.kpageflags, g.end_pfn * 8);
	for (uint64_t p = g.start_pfn; p < g.end_pfn; p++) {
		if (!head && (kpf[p] & K(COMPOUND_HEAD)) && (kpf[p] & K(SLAB)) &&
		    (kpf[p + 1] & K(COMPOUND_TAIL)) &&
		    !(kpf[p + 2] & K(COMPOUND_TAIL)) &&
		    !(kpf[p + 3] & K(COMPOUND_TAIL)))
			head = p;	/* an order-1 slab, no compound after */
		if (!single && (kpf[p] & K(LRU)) &&
		    !(kpf[p] & (K(COMPOUND_HEAD) | K(COMPOUND_TAIL))) &&
		    !(kpf[p - 1] & (K(COMPOUND_HEAD) | K(COMPOUND_TAIL))) &&
		    !(kpf[p + 1] & K(COMPOUND_TAIL)) && p > g.start_pfn + 1024)
			single = p;
	}
	assert_true(head && single);

	s = ms.s;
	s.zoneinfo = NULL;
	expect_bad(&s, "no zoneinfo", "memsnap/proc/zoneinfo", "missing");

	s = ms.s;
	s.zoneinfo_len = (size_t)(strstr(s.zoneinfo, "  pages free") -
				  s.zoneinfo);
	expect_bad(&s, "truncated zoneinfo", "memsnap/proc/zoneinfo", "truncated");

	s = ms.s;
	s.nr_pfns = g.end_pfn / 2;
	expect_bad(&s, "short kpageflags", "memsnap/proc/kpageflags", "truncated");

	s = ms.s;
	s.state = NULL;
	s.kpageflags = kpf;
	kpf[single] = K(COMPOUND_TAIL) | K(LRU);
	expect_bad(&s, "tail without head", "memsnap/proc/kpageflags: offset",
		   "no compound head");
	kpf[single] = ms.s.kpageflags[single];
	kpf[head + 2] = K(SLAB) | K(COMPOUND_TAIL);
	expect_bad(&s, "3-page compound", "memsnap/proc/kpageflags: offset",
		   "power of two");
	kpf[head + 2] = ms.s.kpageflags[head + 2];

	/* the state file and kpageflags disagree */
	s = ms.s;
	s.kpageflags = kpf;
	kpf[single] = K(BUDDY);
	expect_bad(&s, "state vs kpageflags", "memsnap/proc/kpageflags: offset",
		   "state file");
	kpf[single] = ms.s.kpageflags[single];

	s = ms.s;
	s.state_len = (size_t)(strstr(s.state, "\nend") - s.state) + 1;
	expect_bad(&s, "state without end", "memsnap/memcompact.state",
		   "truncated");
	s = ms.s;
	s.state = "memcompact-state 2\nend\n";
	s.state_len = strlen(s.state);
	expect_bad(&s, "state version", "memcompact.state:1", "not a memcompact state file");
	s = ms.s;
	t = replace_text(s.state, s.state_len, "\na ", "\na 1 ", &tl);
	s.state = t;
	s.state_len = tl;
	expect_bad(&s, "state fields", "memsnap/memcompact.state:", "fields");
	free(t);

	s = ms.s;
	t = replace_text(s.buddyinfo, s.buddyinfo_len, "zone    DMA32",
			 "zone    DMA32  12  x", &tl);
	s.buddyinfo = t;
	s.buddyinfo_len = tl;
	expect_bad(&s, "buddyinfo count", "memsnap/proc/buddyinfo:", "not a count");
	free(t);
	s = ms.s;
	t = replace_text(s.buddyinfo, s.buddyinfo_len, "Node 0, zone    DMA32",
			 "Node 0 zone    DMA32", &tl);
	s.buddyinfo = t;
	s.buddyinfo_len = tl;
	expect_bad(&s, "buddyinfo header", "memsnap/proc/buddyinfo:", "malformed");
	free(t);

	s = ms.s;
	{
		/* the DMA32 line cut after four counts */
		const char *l2 = strstr(s.buddyinfo, "zone    DMA32");
		const char *p = l2 + 13;

		for (int k = 0; k < 4; k++) {
			while (*p == ' ')
				p++;
			while (*p && *p != ' ')
				p++;
		}
		tl = (size_t)(p - s.buddyinfo);
		t = malloc(tl + 2);
		memcpy(t, s.buddyinfo, tl);
		t[tl++] = '\n';
		t[tl] = 0;
	}
	s.buddyinfo = t;
	s.buddyinfo_len = tl;
	expect_bad(&s, "buddyinfo orders", "memsnap/proc/buddyinfo:2",
		   "4 orders, but earlier lines have 11");
	free(t);

	s = ms.s;
	t = replace_text(s.state, s.state_len, "\nend", "\na 40000 0 3\nend",
			 &tl);
	s.state = t;
	s.state_len = tl;
	expect_bad(&s, "state record short", "memsnap/memcompact.state:",
		   "3 fields, 6 expected");
	free(t);

	s = ms.s;
	t = replace_text(s.pagetypeinfo, s.pagetypeinfo_len,
			 "Page block order: 9", "Page blocks: 9", &tl);
	s.pagetypeinfo = t;
	s.pagetypeinfo_len = tl;
	expect_bad(&s, "pagetypeinfo", "memsnap/proc/pagetypeinfo", "Page block order");
	free(t);

	s = ms.s;
	t = replace_text(s.vmstat, s.vmstat_len, "nr_zone_inactive_anon ",
			 "nr_zone_inactive_anon x", &tl);
	s.vmstat = t;
	s.vmstat_len = tl;
	expect_bad(&s, "vmstat", "memsnap/proc/vmstat:2", "malformed");
	free(t);

	s = ms.s;
	s.sysctl = "vm.swappiness 60\n";
	s.sysctl_len = strlen(s.sysctl);
	expect_bad(&s, "sysctl", "memsnap/sys/vm.sysctl:1", "name = value");

	s = ms.s;
	s.sysfs = "kernel/mm/transparent_hugepage/enabled always\n";
	s.sysfs_len = strlen(s.sysfs);
	expect_bad(&s, "sysfs", "memsnap/sys/sysfs:1", "path = value");
	s = ms.s;
	s.sysfs = "kernel/mm/transparent_hugepage/enabled = always [madvise\n";
	s.sysfs_len = strlen(s.sysfs);
	expect_bad(&s, "sysfs bracket", "memsnap/sys/sysfs:1", "unbalanced");

	s = ms.s;
	s.iomem = "00000000-00000fff Reserved\n";
	s.iomem_len = strlen(s.iomem);
	expect_bad(&s, "iomem", "memsnap/proc/iomem:1", "malformed");

	s = ms.s;
	s.state = NULL;
	s.page_owner = "PFN 0x1000 type Movable Block 8 type Movable Flags 0x0()\n";
	s.page_owner_len = strlen(s.page_owner);
	expect_bad(&s, "page_owner", "memsnap/page_owner.gz:1", "Page allocated");

	free(kpf);
	memsnap_free(&ms);
	mc_machine_destroy(m);
}

/*
 * Damaged snapshots never crash the import and never yield an inconsistent
 * machine: random flag words (buddy, compound, hole, reserved, slab, LRU,
 * hugetlb bits in random places) and texts cut at random lengths either
 * import into a machine that passes mc_check() or fail with -EINVAL and a
 * message.
 */
static void test_damaged_snapshots(void **state)
{
	static const uint64_t bits[] = {
		K(BUDDY), K(COMPOUND_HEAD), K(COMPOUND_TAIL), K(NOPAGE),
		K(RESERVED), K(SLAB), K(LRU) | K(ANON), K(HUGE), K(THP),
		K(MMAP), 0,
	};
	struct mc_machine *m = busy_machine("pc:256M,cpus=2", 50, false);
	struct memsnap ms;
	struct mc_geometry g;
	uint64_t *kpf;
	unsigned ok = 0, rejected = 0;

	(void)state;
	mc_machine_geometry(m, &g);
	memsnap_take(&ms, m, false);
	kpf = malloc(g.end_pfn * 8);
	for (int round = 0; round < 60; round++) {
		struct mc_snapshot s = ms.s;
		struct mc_machine *b = NULL;
		struct mc_error err = { 0 };
		int ret, n = 1 + (int)(rnd() % 8);

		memcpy(kpf, ms.s.kpageflags, g.end_pfn * 8);
		for (int i = 0; i < n; i++) {
			uint64_t pfn = rnd() % g.end_pfn;

			kpf[pfn] = bits[rnd() % (sizeof(bits) / sizeof(bits[0]))] |
				   (rnd() % 2 ? bits[rnd() % 4] : 0);
		}
		s.kpageflags = kpf;
		switch (round % 4) {	/* and one text cut short */
		case 1:
			s.zoneinfo_len = rnd() % s.zoneinfo_len;
			break;
		case 2:
			s.buddyinfo_len = rnd() % s.buddyinfo_len;
			break;
		case 3:
			s.pagetypeinfo_len = rnd() % s.pagetypeinfo_len;
			break;
		}
		ret = mc_import_snapshot(&s, NULL, &b, NULL, NULL, NULL, &err);
		if (ret == 0) {
			assert_int_equal(t_check(b), 0);
			mc_machine_destroy(b);
			ok++;
		} else {
			assert_int_equal(ret, -EINVAL);
			assert_null(b);
			assert_true(err.msg[0] != 0);
			rejected++;
		}
	}
	fprintf(stderr, "damaged snapshots: %u imported consistently, %u rejected\n",
		ok, rejected);
	assert_true(ok > 0 && rejected > 0);
	free(kpf);
	memsnap_free(&ms);
	mc_machine_destroy(m);
}

/* ---- snapshot directories on disk ------------------------------------------- */

static void write_file(const char *dir, const char *rel, const void *data,
		       size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void expect_load_error(const char *dir, int want, const char *msg1,
			      const char *msg2)
{
	struct mc_snapshot *s = (struct mc_snapshot *)0x1;
	struct mc_error err = { 0 };
	int ret = mc_snapshot_load(dir, &s, &err);

	fprintf(stderr, "bad directory: %d '%s'\n", ret, err.msg);
	assert_int_equal(ret, want);
	assert_null(s);
	assert_non_null(strstr(err.msg, msg1));
	if (msg2)
		assert_non_null(strstr(err.msg, msg2));
}

static void test_bad_directories(void **state)
{
	char dir[] = "/tmp/mc-snaptest-XXXXXX";
	char proc[600], cmd[700];
	const char *zi;
	char *zoneinfo;
	size_t zl;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(proc, sizeof(proc), "%s/proc", dir);
	assert_int_equal(mkdir(proc, 0755), 0);
	expect_load_error(dir, -ENOENT, "manifest", "not a memcompact snapshot");
	write_file(dir, "manifest", "hello\n", 6);
	expect_load_error(dir, -EINVAL, "manifest", "line 1");
	write_file(dir, "manifest", "memcompact-snapshot 1\npage_size: 8192\n",
		   38);
	expect_load_error(dir, -EINVAL, "manifest", "page_size 8192");
	write_file(dir, "manifest", "memcompact-snapshot 1\npage_size: 4096\n",
		   38);
	expect_load_error(dir, -ENOENT, "manifest", "no proc/zoneinfo");
	zoneinfo = t_read_source_file("tests/golden/pc512m-fragmented.zoneinfo",
				      &zl);
	assert_non_null(zoneinfo);
	zi = zoneinfo;
	write_file(dir, "proc/zoneinfo", zi, zl);
	expect_load_error(dir, -ENOENT, "proc/kpageflags.mcz", "required");
	write_file(dir, "proc/kpageflags", "0123456789ab", 12);
	expect_load_error(dir, -EINVAL, "proc/kpageflags", "offset 8");
	write_file(dir, "proc/kpageflags", "01234567", 8);
	write_file(dir, "proc/kpagecount", "0123456701234567", 16);
	expect_load_error(dir, -EINVAL, "proc/kpagecount", "truncated");
	write_file(dir, "proc/kpageflags.mcz", "MCPFNZ1\n", 8);
	expect_load_error(dir, -EINVAL, "proc/kpageflags.mcz", "header");
	write_file(dir, "page_owner.gz", "\x1f\x8b\x08\x00\x00\x00", 6);
	snprintf(cmd, sizeof(cmd), "rm -f %s/proc/kpageflags.mcz", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -f %s/proc/kpagecount", dir);
	assert_int_equal(system(cmd), 0);
	expect_load_error(dir, -EINVAL, "page_owner.gz", "offset");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(zoneinfo);
}

/* ---- checked-in snapshots ----------------------------------------------------- */

static struct mc_machine *import_dir(const char *rel,
				     struct mc_import_result *res)
{
	char path[1024];
	const char *src = getenv("MC_SOURCE_DIR");
	struct mc_snapshot *s = NULL;
	struct mc_error err = { 0 };
	struct mc_machine *m;
	int notes, ret;

	snprintf(path, sizeof(path), "%s/%s", src ? src : ".", rel);
	ret = mc_snapshot_load(path, &s, &err);
	if (ret)
		fprintf(stderr, "load: %s\n", err.msg);
	assert_int_equal(ret, 0);
	m = import_ok(s, res, &notes);
	mc_snapshot_free(s);
	return m;
}

static uint64_t huge_free(struct mc_machine *m)
{
	struct mc_geometry g;
	uint64_t h = 0;

	mc_machine_geometry(m, &g);
	for (unsigned nid = 0; nid < g.nr_nodes; nid++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats st;

			if (mc_zone_stats(m, (int)nid, (enum mc_zone_type)z,
					  &st) || !st.populated)
				continue;
			for (unsigned o = g.hpage_pmd_order;
			     o < g.nr_page_orders; o++)
				h += st.nr_free_blocks[o] <<
				     (o - g.hpage_pmd_order);
		}
	return h;
}

static void test_checked_in_snapshots(void **state)
{
	struct mc_import_result res;
	struct mc_machine *m;
	uint64_t before, after;
	char *bi;

	(void)state;
	/* a simulated pc:256M after the default scenario, kernel files only */
	m = import_dir("tests/data/snapshots/sim-pc256m", &res);
	assert_int_equal(res.mt_source, MC_MT_INFERRED);
	assert_true(res.buddyinfo_match);
	bi = t_render(m, MC_PROC_BUDDYINFO);
	{
		size_t l;
		char *want = t_read_source_file(
			"tests/data/snapshots/sim-pc256m/proc/buddyinfo", &l);

		assert_non_null(want);
		assert_string_equal(bi, want);
		free(want);
	}
	free(bi);
	mc_machine_destroy(m);

	/* this machine (Linux 6.18, Firecracker, 24 GiB) captured quiet:
	 * its buddyinfo is reproduced exactly; 4.4 Mi pages of Normal are
	 * present but not yet given to the buddy allocator, and iomem
	 * knows the holes: the PCI hole [0xc0000, 0x100000) in DMA32 and
	 * [0x9f, 0x100) in DMA (zoneinfo: spanned - present = 262144 and
	 * 97) */
	m = import_dir("tests/data/snapshots/real-6.18-firecracker", &res);
	assert_true(res.buddyinfo_compared);
	assert_true(res.buddyinfo_match);
	assert_int_equal(res.holes, 262144 + 97);
	assert_true(res.reserved >= 4423680);
	before = huge_free(m);
	assert_int_equal(mc_sysctl_write(m, "vm.compact_memory", "1", 1), 0);
	assert_int_equal(t_check(m), 0);
	after = huge_free(m);
	assert_true(after >= before);
	mc_machine_destroy(m);
}

/* ---- this machine, when /proc/kpageflags is readable ----------------------------- */

static char *slurp_path(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			b = realloc(b, cap + 1);
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	b[n] = 0;
	*len = n;
	return b;
}

static void test_this_machine(void **state)
{
	struct mc_snapshot s = { .name = "/proc" };
	char *zi, *bi0, *bi1, *ptype, *iomem, *kpf;
	size_t zl = 0, bl0 = 0, bl1 = 0, pl = 0, il = 0, kl = 0;
	int quiet = 0, quiet_mismatch = 0;

	(void)state;
	if (access("/proc/kpageflags", R_OK)) {
		skip();
		return;
	}
	/*
	 * The free lists move while the ~1 s pfn walk runs on a busy
	 * machine.  A capture is quiet when buddyinfo reads the same before
	 * and after the walk; a quiet capture must reproduce buddyinfo
	 * exactly.  (A page allocated and freed again while the walk passes
	 * it can still spoil a quiet capture, so one mismatch is retried.)
	 */
	for (int attempt = 0; attempt < 10; attempt++) {
		struct mc_import_result res;
		struct mc_machine *m = NULL;
		struct mc_error err = { 0 };
		bool is_quiet;
		int notes = 0;

		zi = slurp_path("/proc/zoneinfo", &zl);
		ptype = slurp_path("/proc/pagetypeinfo", &pl);
		iomem = slurp_path("/proc/iomem", &il);
		bi0 = slurp_path("/proc/buddyinfo", &bl0);
		kpf = slurp_path("/proc/kpageflags", &kl);
		bi1 = slurp_path("/proc/buddyinfo", &bl1);
		assert_non_null(kpf);
		s.zoneinfo = zi;
		s.zoneinfo_len = zl;
		s.buddyinfo = bi0;
		s.buddyinfo_len = bl0;
		s.pagetypeinfo = ptype;
		s.pagetypeinfo_len = pl;
		s.iomem = iomem;
		s.iomem_len = il;
		s.kpageflags = (const uint64_t *)kpf;
		s.nr_pfns = kl / 8;
		notes = 100;	/* quiet */
		assert_int_equal(mc_import_snapshot(&s, NULL, &m, &res,
						    print_note, &notes, &err),
				 0);
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
		is_quiet = bl0 == bl1 && !memcmp(bi0, bi1, bl0);
		free(zi);
		free(ptype);
		free(iomem);
		free(bi0);
		free(kpf);
		free(bi1);
		if (!is_quiet)
			continue;
		quiet++;
		if (res.buddyinfo_match)
			return;
		fprintf(stderr, "quiet capture, %u buddyinfo differences\n",
			res.buddyinfo_diffs);
		quiet_mismatch++;
		assert_true(quiet_mismatch < 2);
	}
	if (!quiet)
		fprintf(stderr, "this machine never held still for a "
				"capture: only the imports' consistency was "
				"checked\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_fresh),
		cmocka_unit_test(test_round_trip_busy),
		cmocka_unit_test(test_round_trip_cma),
		cmocka_unit_test(test_kpageflags_words),
		cmocka_unit_test(test_mcz),
		cmocka_unit_test(test_page_owner_import),
		cmocka_unit_test(test_bad_snapshots),
		cmocka_unit_test(test_bad_directories),
		cmocka_unit_test(test_damaged_snapshots),
		cmocka_unit_test(test_checked_in_snapshots),
		cmocka_unit_test(test_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
