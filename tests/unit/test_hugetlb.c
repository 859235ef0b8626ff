// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_hugetlb.c - the hugetlb pool (src/mm/hugetlb.c) against
 * mm/hugetlb.c of 6.12.117: vm.nr_hugepages and its sysfs file growing
 * and shrinking the pool (set_max_huge_pages), the value read back being
 * what was obtained, htlb_buddy_alloc_success / _fail, the gfp of every
 * pool allocation and the node_alloc_noretry rule, the round-robin over
 * nodes, surplus pages when in-use pages exceed the target
 * (adjust_pool_surplus, free_huge_folio), vm.nr_overcommit_hugepages and
 * the hugetlb fault, dissolve_free_hugetlb_folio, and the parsers of the
 * sysctl (proc_doulongvec_minmax) and sysfs (kstrtoul) files.  Every
 * expectation is worked out by hand in the comments.
 *
 * Pool allocations: htlb_alloc_mask = GFP_HIGHUSER_MOVABLE | __GFP_COMP |
 * __GFP_NOWARN, | __GFP_THISNODE from alloc_pool_huge_folio, |
 * __GFP_RETRY_MAYFAIL from alloc_buddy_hugetlb_folio unless the node
 * failed a try-hard allocation in this resize.  show_gfp_flags() prints
 * them in its table's order: G_POOL below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "compaction_harness.h"

#define HP "kernel/mm/hugepages/hugepages-2048kB/"
#define G_POOL "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|__GFP_RETRY_MAYFAIL|" \
	       "__GFP_COMP|__GFP_THISNODE"
#define G_POOL_NORETRY "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|__GFP_COMP|" \
		       "__GFP_THISNODE"
#define G_SURPLUS "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN|__GFP_RETRY_MAYFAIL|" \
		  "__GFP_COMP"

/* ---- helpers ------------------------------------------------------------- */

static const char *rd(struct mc_machine *m, const char *name)
{
	static char buf[64];
	int n = mc_sysctl_read(m, name, buf, sizeof(buf));

	assert_true(n > 0);
	return buf;
}

static int wr(struct mc_machine *m, const char *name, const char *v)
{
	return mc_sysctl_write(m, name, v, strlen(v));
}

static const char *srd(struct mc_machine *m, const char *path)
{
	static char buf[64];
	int n = mc_sysfs_read(m, path, buf, sizeof(buf));

	assert_true(n > 0);
	return buf;
}

static int swr(struct mc_machine *m, const char *path, const char *v)
{
	return mc_sysfs_write(m, path, v, strlen(v));
}

static struct mc_hugetlb_stats hs(struct mc_machine *m, int nid)
{
	struct mc_hugetlb_stats s;

	assert_int_equal(mc_hugetlb_stats(m, nid, &s), 0);
	return s;
}

static void expect_pool(struct mc_machine *m, int nid, uint64_t nr,
			uint64_t nfree, uint64_t surplus)
{
	struct mc_hugetlb_stats s = hs(m, nid);

	if (s.nr != nr || s.free != nfree || s.surplus != surplus)
		fprintf(stderr, "node %d: nr %llu free %llu surplus %llu, want "
			"%llu %llu %llu\n", nid, (unsigned long long)s.nr,
			(unsigned long long)s.free,
			(unsigned long long)s.surplus,
			(unsigned long long)nr, (unsigned long long)nfree,
			(unsigned long long)surplus);
	assert_int_equal(s.nr, nr);
	assert_int_equal(s.free, nfree);
	assert_int_equal(s.surplus, surplus);
}

/* Free pages with every per-cpu list drained: what the buddy holds. */
static uint64_t buddy_free(struct mc_machine *m)
{
	mc_drain_all_pages(m);
	return h_vm(m, "nr_free_pages");
}

/* The pfns (or -1 for a failure) and gfp texts of the mm_page_alloc lines. */
struct allocs {
	int n;
	int64_t pfn[256];
	char gfp[256][96];
};

static void allocs_of(const struct h_trace *t, struct allocs *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < t->n && a->n < 256; i++) {
		const char *b = h_body(t->lines[i], "mm_page_alloc");
		unsigned long long pfn;
		unsigned order;
		const char *g;

		if (!b)
			continue;
		assert_int_equal(sscanf(strstr(b, " pfn="), " pfn=0x%llx "
					"order=%u", &pfn, &order), 2);
		assert_int_equal(order, 9);
		g = strstr(b, "gfp_flags=");
		assert_non_null(g);
		a->pfn[a->n] = strncmp(b, "page=0000000000000000", 21) ?
			       (int64_t)pfn : -1;
		snprintf(a->gfp[a->n], 96, "%s", g + 10);
		a->n++;
	}
}

static int nid_of(struct mc_machine *m, uint64_t pfn)
{
	struct mc_page_info pi;

	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	return pi.nid;
}

static void expect_pool_page(struct mc_machine *m, uint64_t pfn,
			     unsigned owner, uint32_t cookie)
{
	struct mc_page_info pi;

	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	assert_int_equal(pi.state, MC_PS_ALLOCATED);
	assert_int_equal(pi.head_pfn, pfn);
	assert_int_equal(pi.order, 9);
	assert_int_equal(pi.kind, MC_PAGE_HUGETLB);
	assert_true(pi.compound);
	assert_false(pi.lru);
	assert_int_equal(pi.owner, owner);
	assert_int_equal(pi.cookie, cookie);
}

static bool page_is_free(struct mc_machine *m, uint64_t pfn)
{
	struct mc_page_info pi;

	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	return pi.state == MC_PS_FREE || pi.state == MC_PS_PCP;
}

/* ---- defaults and names -------------------------------------------------- */

static void test_defaults(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	struct mc_machine *a64 = t_machine("arm64-64k:8G", 0);
	struct mc_hugetlb_stats s;
	char buf[16];

	(void)state;
	assert_string_equal(rd(m, "vm.nr_hugepages"), "0\n");
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "free_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "surplus_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "nr_overcommit_hugepages"), "0\n");
	/* only the hstate's own directory exists */
	assert_int_equal(mc_sysfs_read(m, "kernel/mm/hugepages/"
				       "hugepages-1048576kB/nr_hugepages", buf,
				       sizeof(buf)), -ENOENT);
	assert_int_equal(mc_sysfs_write(m, "kernel/mm/hugepages/"
					"hugepages-4096kB/nr_hugepages", "1",
					1), -ENOENT);
	/* read-only files */
	assert_int_equal(swr(m, HP "free_hugepages", "1"), -EACCES);
	assert_int_equal(swr(m, HP "surplus_hugepages", "1"), -EACCES);
	s = hs(m, -1);
	assert_int_equal(s.order, 9);
	assert_int_equal(s.size_kb, 2048);
	assert_int_equal(mc_hugetlb_stats(m, 1, &s), -EINVAL);
	assert_int_equal(mc_hugetlb_stats(m, -2, &s), -EINVAL);
	assert_int_equal(mc_hugetlb_stats(m, 0, NULL), -EINVAL);
	/* arm64 with 64K pages: PMD = 512 MiB, order 13 */
	s = hs(a64, -1);
	assert_int_equal(s.order, 13);
	assert_int_equal(s.size_kb, 524288);
	assert_string_equal(srd(a64, "kernel/mm/hugepages/hugepages-524288kB/"
				"nr_hugepages"), "0\n");
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(a64);
	mc_machine_destroy(m);
}

/* ---- growing and shrinking ----------------------------------------------- */

/*
 * pc:1G, one node, nothing allocated: 64 pages (128 MiB) all come from the
 * fast path, each with the pool gfp, node 0, success +64, fail +0; the
 * buddy allocator has 64 * 512 pages fewer (pcp lists drained on both
 * sides).  Each is a HUGETLB compound block of owner 0, cookie 0.
 *
 * Shrinking to 16: min_count = max(16, in use 0) = 16; 48 free pages are
 * removed, each from the head of node 0's free list.  The pages were
 * added with the collection list newest first, each at the head of the
 * free list, so the free list runs oldest first: the 48 oldest go, in
 * allocation order (update_and_free_pages_bulk frees in removal order:
 * the mm_page_free lines name them in that order), and the 16 newest
 * stay.  Then 0: the rest, and the buddy has exactly what it had.
 */
static void test_grow_and_shrink(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	uint64_t free0 = buddy_free(m);
	uint64_t ok0 = h_vm(m, "htlb_buddy_alloc_success");
	uint64_t fail0 = h_vm(m, "htlb_buddy_alloc_fail");
	static struct allocs a;
	struct h_trace t;
	int k = 0;

	(void)state;
	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "64"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "64\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "64\n");
	assert_string_equal(srd(m, HP "free_hugepages"), "64\n");
	assert_string_equal(srd(m, HP "surplus_hugepages"), "0\n");
	expect_pool(m, -1, 64, 64, 0);
	expect_pool(m, 0, 64, 64, 0);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success") - ok0, 64);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail") - fail0, 0);
	assert_int_equal(a.n, 64);
	for (int i = 0; i < 64; i++) {
		assert_true(a.pfn[i] >= 0);
		assert_string_equal(a.gfp[i], G_POOL);
		expect_pool_page(m, (uint64_t)a.pfn[i], 0, 0);
		assert_int_equal(nid_of(m, (uint64_t)a.pfn[i]), 0);
	}
	assert_int_equal(buddy_free(m), free0 - 64 * 512);
	/* pool pages are not the caller's to free */
	assert_int_equal(mc_free_pages(m, (uint64_t)a.pfn[0], 9, 0), -EINVAL);
	assert_int_equal(mc_free_pages_bulk(m, (const uint64_t *)&a.pfn[0], 1,
					    0), -EINVAL);
	assert_int_equal(t_check(m), 0);

	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "16"), 0);
	for (int i = 0; i < t.n; i++) {
		const char *b = h_body(t.lines[i], "mm_page_free");
		char want[64];

		if (!b)
			continue;
		assert_true(k < 48);
		snprintf(want, sizeof(want), " pfn=0x%llx order=9",
			 (unsigned long long)a.pfn[k]);
		assert_string_equal(strstr(b, " pfn="), want);
		k++;
	}
	assert_int_equal(k, 48);
	assert_int_equal(h_count(&t, "mm_page_alloc", NULL), 0);
	h_trace_stop(&t);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "16\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "16\n");
	expect_pool(m, 0, 16, 16, 0);
	for (int i = 0; i < 64; i++) {
		if (i < 48)
			assert_true(page_is_free(m, (uint64_t)a.pfn[i]));
		else
			expect_pool_page(m, (uint64_t)a.pfn[i], 0, 0);
	}
	assert_int_equal(buddy_free(m), free0 - 16 * 512);
	assert_int_equal(t_check(m), 0);

	/* through sysfs this time */
	assert_int_equal(swr(m, HP "nr_hugepages", "0\n"), 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "0\n");
	expect_pool(m, -1, 0, 0, 0);
	assert_int_equal(buddy_free(m), free0);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success") - ok0, 64);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A fragmented machine (compaction_harness.h's zone: eight pageblocks,
 * watermarks min 128 low 160 high 192): B0..B4 each hold one unmovable
 * slab page at their start, B5..B7 are free.  No compaction can free
 * B0..B4 (nothing in them is movable), so exactly three huge pages can be
 * had: asking for 100 gives 3; the round that fails (one node: the first
 * failure) ends the loop: success +3, fail +1; the value read back is 3.
 * The failed allocation tried hard (__GFP_RETRY_MAYFAIL: it is the node's
 * first failure).  Asking again for 100 from 3: the node's noretry bit
 * does not outlive the resize, so it tries hard again and fails once more.
 */
static void test_grow_partial_fragmented(void **state)
{
	struct mc_machine *m = h_machine();
	static struct h_layout l;
	static struct allocs a;
	struct h_trace t;
	uint64_t ok0, fail0;

	(void)state;
	h_layout_init(&l, '.');
	for (unsigned long b = B0; b <= B4; b += PB)
		h_set(&l, b, 1, 'S');
	h_layout_build(m, &l);
	ok0 = h_vm(m, "htlb_buddy_alloc_success");
	fail0 = h_vm(m, "htlb_buddy_alloc_fail");

	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "100"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "3\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "3\n");
	expect_pool(m, -1, 3, 3, 0);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success") - ok0, 3);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail") - fail0, 1);
	assert_int_equal(a.n, 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(a.gfp[i], G_POOL);
	assert_true(a.pfn[3] < 0);
	for (int i = 0; i < 3; i++)
		assert_true((uint64_t)a.pfn[i] >= B5);
	assert_int_equal(t_check(m), 0);

	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "100"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, 1);
	assert_true(a.pfn[0] < 0);
	assert_string_equal(a.gfp[0], G_POOL);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "3\n");
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail") - fail0, 2);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * In-use pages and surplus (pc:1G).  Pool of 4 (P1..P4, free list P1
 * first); three faults take P1, P2, P3 (each from the head).
 * nr_hugepages = 1: min_count = max(1, nr 4 - free 1 = 3 in use) = 3, so
 * the one free page (P4) goes; persistent 3 > 1: adjust_pool_surplus(+1)
 * twice -> surplus 2, max_huge_pages = 1.  Read back 1; the sysfs file
 * shows the whole pool, 3; free 0, surplus 2.
 * The users free P1: node 0 has surplus -> P1 leaves for the buddy (nr 2,
 * surplus 1); P2 likewise (nr 1, surplus 0); P3 goes back on the free list
 * (nr 1, free 1).  The persistent pool is what was asked for: 1.
 * Then all in use again (P3 taken, two fresh ones through nr_hugepages =
 * 3 and faults): nr_hugepages = 2 -> surplus 1, max 2; nr_hugepages = 3
 * -> the surplus page turns persistent (adjust_pool_surplus(-1)), no
 * allocation at all: success unchanged, max 3.
 */
static void test_surplus_in_use(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	static struct allocs a;
	struct h_trace t;
	uint64_t p[4], ok0;

	(void)state;
	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "4"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, 4);
	for (int i = 0; i < 3; i++) {
		uint32_t cookie = 100 + (uint32_t)i;

		assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, cookie, &p[i]),
				 0);
		/* the free list runs in allocation order */
		assert_int_equal(p[i], (uint64_t)a.pfn[i]);
		expect_pool_page(m, p[i], 0, cookie);
	}
	expect_pool(m, 0, 4, 1, 0);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(wr(m, "vm.nr_hugepages", "1"), 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "1\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "3\n");
	assert_string_equal(srd(m, HP "free_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "surplus_hugepages"), "2\n");
	assert_true(page_is_free(m, (uint64_t)a.pfn[3]));
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_hugetlb_free(m, p[0], 0), 0);
	expect_pool(m, 0, 2, 0, 1);
	assert_true(page_is_free(m, p[0]));
	assert_int_equal(mc_hugetlb_free(m, p[1], 0), 0);
	expect_pool(m, 0, 1, 0, 0);
	assert_true(page_is_free(m, p[1]));
	assert_int_equal(mc_hugetlb_free(m, p[2], 0), 0);
	expect_pool(m, 0, 1, 1, 0);
	expect_pool_page(m, p[2], 0, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "1\n");
	/* not in use any more: a second free is refused */
	assert_int_equal(mc_hugetlb_free(m, p[2], 0), -EINVAL);
	assert_int_equal(t_check(m), 0);

	/* three in use, then 2 and back to 3 */
	assert_int_equal(wr(m, "vm.nr_hugepages", "3"), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 7, &p[i]), 0);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 7, &p[3]), -ENOMEM);
	expect_pool(m, 0, 3, 0, 0);
	assert_int_equal(wr(m, "vm.nr_hugepages", "2"), 0);
	expect_pool(m, 0, 3, 0, 1);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "2\n");
	ok0 = h_vm(m, "htlb_buddy_alloc_success");
	assert_int_equal(wr(m, "vm.nr_hugepages", "3"), 0);
	expect_pool(m, 0, 3, 0, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "3\n");
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success"), ok0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mc_hugetlb_free(m, p[i], 0), 0);
	expect_pool(m, 0, 3, 3, 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * vm.nr_overcommit_hugepages = 2 on an empty pool (pc:1G): a fault finds
 * no free page and allocates a surplus page (alloc_surplus_hugetlb_folio:
 * htlb_alloc_mask without __GFP_THISNODE, try-hard): nr 1, surplus 1,
 * max_huge_pages still 0; a second likewise; the third is refused before
 * any allocation (surplus 2 >= 2): -ENOMEM, no htlb counter moves.
 * Freeing a surplus page gives it back to the buddy.  Without overcommit
 * an empty pool refuses at once.
 */
static void test_overcommit(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	uint64_t ok0 = h_vm(m, "htlb_buddy_alloc_success");
	uint64_t fail0 = h_vm(m, "htlb_buddy_alloc_fail");
	static struct allocs a;
	struct h_trace t;
	uint64_t p[3];

	(void)state;
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 1, &p[0]), -ENOMEM);
	assert_int_equal(wr(m, "vm.nr_overcommit_hugepages", "2"), 0);
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "2\n");
	assert_string_equal(srd(m, HP "nr_overcommit_hugepages"), "2\n");
	h_trace_start(m, &t);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 1, &p[0]), 0);
	assert_int_equal(mc_hugetlb_alloc(m, 0, 0, 0, 2, &p[1]), 0);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 3, &p[2]), -ENOMEM);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, 2);
	assert_string_equal(a.gfp[0], G_SURPLUS);
	assert_string_equal(a.gfp[1], G_SURPLUS);
	assert_int_equal((uint64_t)a.pfn[0], p[0]);
	expect_pool_page(m, p[0], 0, 1);
	expect_pool_page(m, p[1], 0, 2);
	expect_pool(m, -1, 2, 0, 2);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "0\n");
	assert_string_equal(srd(m, HP "nr_hugepages"), "2\n");
	assert_string_equal(srd(m, HP "surplus_hugepages"), "2\n");
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success") - ok0, 2);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail") - fail0, 0);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_hugetlb_free(m, p[0], 0), 0);
	assert_true(page_is_free(m, p[0]));
	expect_pool(m, -1, 1, 0, 1);
	/* overcommit back to 0 does not take the page away */
	assert_int_equal(swr(m, HP "nr_overcommit_hugepages", "0"), 0);
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "0\n");
	expect_pool(m, -1, 1, 0, 1);
	assert_int_equal(mc_hugetlb_free(m, p[1], 0), 0);
	expect_pool(m, -1, 0, 0, 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- NUMA ---------------------------------------------------------------- */

/*
 * pc-numa:2x1G: next_nid_to_alloc starts at node 0, and every allocation
 * moves it on: 10 pages alternate 0, 1, 0, 1 ... (5 each, the cursor back
 * at 0).  Shrinking to 3 removes 7, the freeing cursor starting at node 0
 * too: 0, 1, 0, 1, 0, 1, 0 -> node 0 keeps 5 - 4 = 1, node 1 5 - 3 = 2.
 * Growing to 6 allocates 3 more at 0, 1, 0 -> 3 and 3.
 * Faults take the nearest free page: on CPU 1 (node 1) node 1's free list
 * first, then node 0's (node 1's zonelist falls back to node 0).
 */
static void test_numa_round_robin(void **state)
{
	struct mc_machine *m = t_machine("pc-numa:2x1G,cpus=2", 0);
	static struct allocs a;
	struct h_trace t;
	uint64_t p[7];

	(void)state;
	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "10"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, 10);
	for (int i = 0; i < 10; i++) {
		assert_string_equal(a.gfp[i], G_POOL);
		assert_int_equal(nid_of(m, (uint64_t)a.pfn[i]), i % 2);
	}
	expect_pool(m, 0, 5, 5, 0);
	expect_pool(m, 1, 5, 5, 0);

	assert_int_equal(wr(m, "vm.nr_hugepages", "3"), 0);
	expect_pool(m, 0, 1, 1, 0);
	expect_pool(m, 1, 2, 2, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "3\n");

	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "6"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(nid_of(m, (uint64_t)a.pfn[i]), i == 1);
	expect_pool(m, 0, 3, 3, 0);
	expect_pool(m, 1, 3, 3, 0);
	assert_int_equal(t_check(m), 0);

	for (int i = 0; i < 6; i++) {
		assert_int_equal(mc_hugetlb_alloc(m, -1, 1, 0, 9, &p[i]), 0);
		assert_int_equal(nid_of(m, p[i]), i < 3 ? 1 : 0);
	}
	assert_int_equal(mc_hugetlb_alloc(m, -1, 1, 0, 9, &p[6]), -ENOMEM);
	/* back to the head of its node's free list: the next fault there
	 * gets the same page */
	assert_int_equal(mc_hugetlb_free(m, p[4], 1), 0);
	assert_int_equal(mc_hugetlb_alloc(m, 0, 1, 0, 9, &p[6]), 0);
	assert_int_equal(p[6], p[4]);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Take every page of node @nid (unmovable, ignoring watermarks, no reclaim). */
static void fill_node(struct mc_machine *m, int nid)
{
	for (int o = 10; o >= 0; o--) {
		struct mc_alloc_request rq = {
			.gfp = MC_GFP_THISNODE | MC_GFP_MEMALLOC |
			       MC_GFP_NOWARN,
			.order = (unsigned)o, .nid = nid, .cpu = 0,
			.kind = MC_PAGE_KERNEL,
		};
		uint64_t pfn;

		while (mc_alloc_pages(m, &rq, &pfn) == 0)
			;
	}
}

/*
 * node_alloc_noretry, pc-numa:2x512M with node 1 full.  nr_hugepages = 4:
 *   round 1: node 0 (try hard) ok                        cursor -> 1
 *   round 2: node 1 try hard fails -> noretry{1}; node 0 ok  cursor -> 1
 *   round 3: node 1 without RETRY_MAYFAIL fails; node 0 ok
 *   round 4: the same                                    -> 4 pages
 * 7 mm_page_alloc lines; success +4, fail +3; all on node 0.
 */
static void test_numa_noretry(void **state)
{
	struct mc_machine *m = t_machine("pc-numa:2x512M,cpus=2", 0);
	static struct allocs a;
	struct h_trace t;
	uint64_t ok0, fail0;
	static const struct {
		bool ok;
		const char *gfp;
	} want[] = {
		{ true, G_POOL }, { false, G_POOL }, { true, G_POOL },
		{ false, G_POOL_NORETRY }, { true, G_POOL },
		{ false, G_POOL_NORETRY }, { true, G_POOL },
	};

	(void)state;
	fill_node(m, 1);
	ok0 = h_vm(m, "htlb_buddy_alloc_success");
	fail0 = h_vm(m, "htlb_buddy_alloc_fail");
	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "4"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(a.n, (int)ARRAY_SIZE(want));
	for (int i = 0; i < a.n; i++) {
		assert_int_equal(a.pfn[i] >= 0, want[i].ok);
		assert_string_equal(a.gfp[i], want[i].gfp);
		if (want[i].ok)
			assert_int_equal(nid_of(m, (uint64_t)a.pfn[i]), 0);
	}
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success") - ok0, 4);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail") - fail0, 3);
	expect_pool(m, 0, 4, 4, 0);
	expect_pool(m, 1, 0, 0, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "4\n");
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- dissolve ------------------------------------------------------------ */

/*
 * dissolve_free_hugetlb_folio (pc:1G, pool 4, P1 in use): a free pool
 * page, named by any of its pages, goes back to the buddy and the
 * persistent pool shrinks with it (no surplus on the node: max_huge_pages
 * - 1, read back 3); an in-use page is -EBUSY; a page that is no hugetlb
 * page at all is 0 (nothing to do); a HUGETLB block that belongs to no
 * pool is in use: -EBUSY.  With surplus on the node (set by hand: the
 * state the kernel reaches when a resize races with frees) the surplus
 * shrinks instead and max_huge_pages stays.
 */
static void test_dissolve(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	static struct allocs a;
	struct task_scope ts;
	struct h_trace t;
	uint64_t inuse, stray, buddy;
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP, .order = 9,
		.nid = -1, .cpu = 0, .kind = MC_PAGE_HUGETLB,
	};

	(void)state;
	h_trace_start(m, &t);
	assert_int_equal(wr(m, "vm.nr_hugepages", "4"), 0);
	allocs_of(&t, &a);
	h_trace_stop(&t);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 5, &inuse), 0);
	assert_int_equal(inuse, (uint64_t)a.pfn[0]);
	assert_int_equal(mc_alloc_pages(m, &rq, &stray), 0);
	buddy = t_alloc(m, MC_GFP_KERNEL, 0, 0);
	assert_true(buddy != UINT64_MAX);
	assert_int_equal(mc_free_pages(m, buddy, 0, 0), 0);

	task_enter(m, &ts, 0);
	assert_false(hugetlb_folio_is_free(m, pfn_to_page(m, inuse)));
	assert_true(hugetlb_folio_is_free(m, pfn_to_page(m, a.pfn[1])));
	assert_true(hugetlb_folio_is_free(m, pfn_to_page(m, a.pfn[1] + 77)));
	assert_false(hugetlb_folio_is_free(m, pfn_to_page(m, stray)));
	assert_false(hugetlb_folio_is_free(m, pfn_to_page(m, buddy)));

	assert_int_equal(dissolve_free_hugetlb_folio(m, pfn_to_page(m, inuse +
								     3)),
			 -EBUSY);
	assert_int_equal(dissolve_free_hugetlb_folio(m, pfn_to_page(m, stray)),
			 -EBUSY);
	assert_int_equal(dissolve_free_hugetlb_folio(m, pfn_to_page(m, buddy)),
			 0);
	/* a tail page names the block */
	assert_int_equal(dissolve_free_hugetlb_folio(m,
				pfn_to_page(m, a.pfn[1] + 100)), 0);
	task_leave(&ts);
	assert_true(page_is_free(m, (uint64_t)a.pfn[1]));
	expect_pool(m, 0, 3, 2, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "3\n");
	assert_int_equal(t_check(m), 0);

	/* surplus on the node (one of the three, so persistent and
	 * max_huge_pages are 2): the surplus pays, max stays */
	m->hstate.surplus_huge_pages = 1;
	m->hstate.surplus_huge_pages_node[0] = 1;
	m->hstate.max_huge_pages = 2;
	task_enter(m, &ts, 0);
	assert_int_equal(dissolve_free_hugetlb_folio(m,
				pfn_to_page(m, a.pfn[2])), 0);
	task_leave(&ts);
	expect_pool(m, 0, 2, 1, 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "2\n");
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_free_pages(m, stray, 9, 0), 0);
	assert_int_equal(mc_hugetlb_free(m, inuse, 0), 0);
	mc_machine_destroy(m);
}

/*
 * An in-use pool page migrated to another node (what a contiguous-range
 * allocation may do; here the steps of migrate_folio_move by hand:
 * commit_move carries the page's flags, owner and cookie to the new block,
 * move_hugetlb_state moves the counts, the old block goes to the buddy).
 * pc-numa:2x1G: pool of 2 (node 0, node 1), the node-0 page in use, then
 * nr_hugepages = 0: min_count = 1 in use, node 1's free page goes (the
 * freeing cursor passes node 0, whose free list is empty), and the
 * persistent page left becomes surplus on node 0 (adjust_pool_surplus:
 * node 0 is the first with surplus < nr).  After the move: node 0 has
 * nothing, node 1 the page and its surplus.  Its last put then frees it
 * (node 1 has surplus).
 */
static void test_migrated_pool_page(void **state)
{
	struct mc_machine *m = t_machine("pc-numa:2x1G,cpus=2", 0);
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP | MC_GFP_THISNODE,
		.order = 9, .nid = 1, .cpu = 0, .kind = MC_PAGE_HUGETLB,
	};
	struct task_scope ts;
	struct page *old, *new;
	uint64_t p, d;

	(void)state;
	assert_int_equal(wr(m, "vm.nr_hugepages", "2"), 0);
	assert_int_equal(mc_hugetlb_alloc(m, 0, 0, 0, 0x55, &p), 0);
	assert_int_equal(nid_of(m, p), 0);
	assert_int_equal(wr(m, "vm.nr_hugepages", "0"), 0);
	expect_pool(m, 0, 1, 0, 1);
	expect_pool(m, 1, 0, 0, 0);
	assert_int_equal(mc_alloc_pages(m, &rq, &d), 0);
	assert_int_equal(nid_of(m, d), 1);

	task_enter(m, &ts, 0);
	old = pfn_to_page(m, p);
	new = pfn_to_page(m, d);
	new->flags = old->flags;
	new->owner = old->owner;
	new->private = old->private;
	move_hugetlb_state(m, old, new);
	page_stat_account(m, old, -1);
	__free_pages(m, old, 9);
	task_leave(&ts);

	expect_pool(m, 0, 0, 0, 0);
	expect_pool(m, 1, 1, 0, 1);
	expect_pool_page(m, d, 0, 0x55);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_hugetlb_free(m, d, 1), 0);
	assert_true(page_is_free(m, d));
	expect_pool(m, -1, 0, 0, 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- parsing ------------------------------------------------------------- */

/*
 * vm.nr_hugepages: proc_doulongvec_minmax (strtoul base 0, whitespace
 * rules of proc_get_long, a minus sign refused).  Rejected writes change
 * nothing.  The sysfs file: kstrtoul(buf, 10): '+', digits, one newline;
 * -ERANGE beyond an unsigned long.
 */
static void test_parsing(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} ok[] = {
		{ "2", "2\n" }, { "0x3", "3\n" }, { "04", "4\n" },
		{ " \t1\n", "1\n" }, { "5 junk", "5\n" }, { "0", "0\n" },
		{ "6\t", "6\n" },
	};
	static const char *const bad[] = {
		"-1", "-0", "abc", " ", "\n", "1a", "+1", "0x", "-",
		"18446744073709551616", "1.5",
	};
	static const struct {
		const char *in;
		int ret;
		const char *out;
	} sfs[] = {
		{ "2", 0, "2\n" }, { "+3", 0, "3\n" }, { "4\n", 0, "4\n" },
		{ "007", 0, "7\n" }, { "0x1", -EINVAL, "7\n" },
		{ " 1", -EINVAL, "7\n" }, { "1 ", -EINVAL, "7\n" },
		{ "1\n\n", -EINVAL, "7\n" }, { "-1", -EINVAL, "7\n" },
		{ "\n", -EINVAL, "7\n" }, { "+", -EINVAL, "7\n" },
		{ "99999999999999999999", -ERANGE, "7\n" },
		{ "", 0, "7\n" }, { "1", 0, "1\n" },
	};
	struct mc_machine *m = t_machine("pc:1G", 0);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(wr(m, "vm.nr_hugepages", ok[i].in), 0);
		assert_string_equal(rd(m, "vm.nr_hugepages"), ok[i].out);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(wr(m, "vm.nr_hugepages", bad[i]), -EINVAL);
		assert_string_equal(rd(m, "vm.nr_hugepages"), "6\n");
		assert_int_equal(wr(m, "vm.nr_overcommit_hugepages", bad[i]),
				 -EINVAL);
		assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "0\n");
	}
	expect_pool(m, -1, 6, 6, 0);
	for (size_t i = 0; i < ARRAY_SIZE(sfs); i++) {
		assert_int_equal(swr(m, HP "nr_hugepages", sfs[i].in),
				 sfs[i].ret);
		assert_string_equal(srd(m, HP "nr_hugepages"), sfs[i].out);
	}
	assert_int_equal(swr(m, HP "nr_overcommit_hugepages", "12\n"), 0);
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "12\n");
	assert_int_equal(swr(m, HP "nr_overcommit_hugepages", "0x2"), -EINVAL);
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "12\n");
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- arguments and gigantic pages ---------------------------------------- */

static void test_bad_arguments(void **state)
{
	struct mc_machine *m = t_machine("pc:1G,cpus=2", 0);
	uint64_t pfn, k;

	(void)state;
	assert_int_equal(wr(m, "vm.nr_hugepages", "1"), 0);
	assert_int_equal(mc_hugetlb_alloc(NULL, -1, 0, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 0, 0, NULL), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 2, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, 1, 0, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, -2, 0, 0, 0, &pfn), -EINVAL);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 0, 3, 0, &pfn), -EINVAL);
	expect_pool(m, -1, 1, 1, 0);
	assert_int_equal(mc_hugetlb_alloc(m, -1, 1, 0, 0, &pfn), 0);
	assert_int_equal(mc_hugetlb_free(NULL, pfn, 0), -EINVAL);
	assert_int_equal(mc_hugetlb_free(m, pfn, 2), -EINVAL);
	assert_int_equal(mc_hugetlb_free(m, pfn + 1, 0), -EINVAL);
	k = t_alloc(m, MC_GFP_KERNEL, 0, 0);
	assert_int_equal(mc_hugetlb_free(m, k, 0), -EINVAL);
	assert_int_equal(mc_hugetlb_free(m, pfn, 1), 0);
	assert_int_equal(mc_hugetlb_free(m, pfn, 0), -EINVAL);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A machine whose PMD order (9) is above MAX_PAGE_ORDER (8): a gigantic
 * hstate.  Its pages would come from alloc_contig_pages(), which the model
 * lacks: a resize obtains nothing (and counts nothing: alloc_gigantic_folio
 * does not count htlb_buddy_*), the read back is 0; overcommit is refused
 * for gigantic pages (-EINVAL), as the kernel's handlers do.
 */
static void test_gigantic(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	(void)state;
	h_desc(&d, ZPAGES);
	d.max_page_order = 8;
	m = t_machine_desc(&d, MC_OPT_NO_THP_MINFREE);
	assert_int_equal(wr(m, "vm.nr_hugepages", "2"), 0);
	assert_string_equal(rd(m, "vm.nr_hugepages"), "0\n");
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_success"), 0);
	assert_int_equal(h_vm(m, "htlb_buddy_alloc_fail"), 0);
	assert_int_equal(wr(m, "vm.nr_overcommit_hugepages", "1"), -EINVAL);
	assert_int_equal(swr(m, HP "nr_overcommit_hugepages", "1"), -EINVAL);
	assert_string_equal(rd(m, "vm.nr_overcommit_hugepages"), "0\n");
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* The checker sees a broken pool (two nodes, one pool page on each, one
 * of them in use). */
static void test_checker(void **state)
{
	struct mc_machine *m = t_machine("pc-numa:2x1G,cpus=2", 0);
	uint64_t p;

	(void)state;
	assert_int_equal(wr(m, "vm.nr_hugepages", "2"), 0);
	assert_int_equal(mc_hugetlb_alloc(m, 1, 1, 0, 1, &p), 0);
	assert_int_equal(t_check(m), 0);
	m->hstate.free_huge_pages_node[0]++;
	assert_true(t_check(m) > 0);
	m->hstate.free_huge_pages_node[0]--;
	m->hstate.nr_huge_pages++;
	assert_true(t_check(m) > 0);
	m->hstate.nr_huge_pages--;
	assert_int_equal(t_check(m), 0);
	/* a per-node count that the pages do not bear out, totals agreeing */
	m->hstate.nr_huge_pages_node[0]--;
	m->hstate.nr_huge_pages_node[1]++;
	assert_true(t_check(m) > 0);
	m->hstate.nr_huge_pages_node[1]--;
	m->hstate.nr_huge_pages_node[0]++;
	assert_int_equal(t_check(m), 0);
	/* a pool page that lost its mark */
	page_clear_flag(pfn_to_page(m, p), PG_hugetlb_pool);
	assert_true(t_check(m) > 0);
	page_set_flag(pfn_to_page(m, p), PG_hugetlb_pool);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_grow_and_shrink),
		cmocka_unit_test(test_grow_partial_fragmented),
		cmocka_unit_test(test_surplus_in_use),
		cmocka_unit_test(test_overcommit),
		cmocka_unit_test(test_numa_round_robin),
		cmocka_unit_test(test_numa_noretry),
		cmocka_unit_test(test_dissolve),
		cmocka_unit_test(test_migrated_pool_page),
		cmocka_unit_test(test_parsing),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_gigantic),
		cmocka_unit_test(test_checker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
