// SPDX-License-Identifier: GPL-2.0-only
/*
 * reclaim_harness.h - shared support for the reclaim and kswapd tests
 * (test_reclaim.c, test_kswapd.c).
 *
 * The machine is the compaction harness's tiny one: one node, one CPU, one
 * ZONE_NORMAL of 4096 pages at pfn 0x10000, MC_OPT_NO_THP_MINFREE so that
 * the watermarks are min 128, low 160, high 192; the per-cpu lists are in
 * the kernel's boot state (high 0, batch 1) so that every page reclaim
 * frees reaches the buddy lists (and NR_FREE_PAGES) at once, and the
 * watermark arithmetic can be done by hand.  vm.watermark_boost_factor is
 * 0 unless a test wants boosting.
 *
 * Layouts are one character per pfn, built by allocating every pfn in
 * ascending order (order-0 allocations from split MAX_PAGE_ORDER blocks
 * come out ascending) and then freeing the '.' pfns.  The builder's gfp
 * has no __GFP_KSWAPD_RECLAIM (kswapd is not woken behind the test's
 * back) and __GFP_MEMALLOC (no watermark stops it, no reclaim runs).  LRU
 * folios join the head of their list as they are allocated, so the
 * oldest, the first reclaim takes, are the lowest pfns.
 *
 *  '.' free                     'K' KERNEL (unmovable, not reclaimable)
 *  'F' FILE, owner 0            'f' FILE of the test owner
 *  'A' ANON, owner 0            'a' ANON of the test owner
 *  'S' SLAB (unreclaimable)     'R' SLAB_RECLAIMABLE of the test owner
 *  'r' SLAB_RECLAIMABLE, owner 0 (no shrinker: never freed)
 * The cookie of a page is its pfn.
 */
#ifndef MC_TESTS_RECLAIM_HARNESS_H
#define MC_TESTS_RECLAIM_HARNESS_H

#include "compaction_harness.h"

#define MS		1000000ULL
#define NAP		(100 * MS)	/* HZ / 10 = 25 jiffies */
#define MIN_WM		128UL
#define LOW_WM		160UL
#define HIGH_WM		192UL

/* ---- the test owner: counts its reclaim calls, may refuse ---------------- */

struct r_owner {
	unsigned slot;
	unsigned long calls;		/* reclaim operations called */
	unsigned long dropped;		/* pages it let go */
	bool busy;			/* refuse everything */
	uint64_t busy_pfn;		/* refuse this block (0: none) */
};

static inline int r_owner_reclaim(void *ctx, uint64_t pfn, unsigned order,
				  uint32_t cookie)
{
	struct r_owner *o = ctx;

	(void)cookie;
	o->calls++;
	if (o->busy || pfn == o->busy_pfn)
		return -EBUSY;
	o->dropped += 1UL << order;
	return 0;
}

static const struct mc_owner_ops r_owner_ops __attribute__((unused)) = {
	.reclaim = r_owner_reclaim,
};

/* ---- the machine --------------------------------------------------------- */

static inline struct mc_machine *r_machine(unsigned opts, uint64_t swap,
					   bool boost)
{
	struct mc_machine_desc d;
	struct mc_options o = {
		.seed = 1,
		.flags = opts | MC_OPT_NO_THP_MINFREE,
		.swap_pages = swap,
	};
	struct mc_machine *m = NULL;
	struct mc_error err = { 0 };

	h_desc(&d, ZPAGES);
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
	if (!boost)
		assert_int_equal(mc_sysctl_write(m, "vm.watermark_boost_factor",
						 "0", 1), 0);
	h_pcp_passthrough(m);
	return m;
}

static inline struct pglist_data *r_node(struct mc_machine *m)
{
	return m->node_data[0];
}

static inline void r_register(struct mc_machine *m, struct r_owner *o)
{
	memset(o, 0, sizeof(*o));
	assert_int_equal(mc_owner_register(m, "reclaim-test", &r_owner_ops, o,
					   &o->slot), 0);
}

static inline void r_alloc_exact(struct mc_machine *m, unsigned long want,
				 enum mc_page_kind kind, unsigned owner)
{
	struct mc_alloc_request r = {
		.gfp = (MC_GFP_HIGHUSER_MOVABLE & ~MC_GFP_KSWAPD_RECLAIM) |
		       MC_GFP_MEMALLOC,
		.order = 0, .nid = 0, .cpu = 0, .owner = owner, .kind = kind,
		.cookie = (uint32_t)want,
	};
	uint64_t pfn = 0;

	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	assert_int_equal(pfn, want);
}

/* Build @map (ZPAGES characters, see the header); @owner for f/a/R. */
static inline void r_build(struct mc_machine *m, const char *map,
			   unsigned owner)
{
	assert_int_equal(strlen(map), ZPAGES);
	for (unsigned long i = 0; i < ZPAGES; i++) {
		enum mc_page_kind kind = MC_PAGE_KERNEL;
		unsigned o = 0;

		switch (map[i]) {
		case 'F': kind = MC_PAGE_FILE; break;
		case 'f': kind = MC_PAGE_FILE; o = owner; break;
		case 'A': kind = MC_PAGE_ANON; break;
		case 'a': kind = MC_PAGE_ANON; o = owner; break;
		case 'S': kind = MC_PAGE_SLAB; break;
		case 'R': kind = MC_PAGE_SLAB_RECLAIMABLE; o = owner; break;
		case 'r': kind = MC_PAGE_SLAB_RECLAIMABLE; break;
		default: break;
		}
		r_alloc_exact(m, ZBASE + i, kind, o);
	}
	for (unsigned long i = 0; i < ZPAGES; i++)
		if (map[i] == '.')
			assert_int_equal(mc_free_pages(m, ZBASE + i, 0, 0), 0);
	assert_int_equal(t_check(m), 0);
}

/* A map: @n pages of @c from pfn offset @at. */
static inline void r_fill(char *map, unsigned long at, unsigned long n, char c)
{
	memset(map + at, c, n);
}

static inline char *r_map(char fill)
{
	char *map = malloc(ZPAGES + 1);

	assert_non_null(map);
	memset(map, fill, ZPAGES);
	map[ZPAGES] = '\0';
	return map;
}

static inline unsigned long r_free(struct mc_machine *m)
{
	return zone_page_state(h_zone(m), NR_FREE_PAGES);
}

static inline bool r_allocated(struct mc_machine *m, uint64_t pfn)
{
	struct mc_page_info i;

	assert_int_equal(mc_page_info(m, pfn, &i), 0);
	return i.state == MC_PS_ALLOCATED;
}

static inline unsigned r_flags(struct mc_machine *m, uint64_t pfn)
{
	struct mc_page_info i;

	assert_int_equal(mc_page_info(m, pfn, &i), 0);
	return i.flags;
}

/* One order-0 allocation; 0 or the error. */
static inline int r_alloc(struct mc_machine *m, uint32_t gfp,
			  enum mc_page_kind kind, uint64_t *pfn)
{
	struct mc_alloc_request r = {
		.gfp = gfp, .order = 0, .nid = 0, .cpu = 0, .kind = kind,
	};
	uint64_t p = 0;
	int ret = mc_alloc_pages(m, &r, &p);

	if (pfn)
		*pfn = p;
	return ret;
}

/* ---- tracing: selected events, every line validated ---------------------- */

static inline void r_trace_start(struct mc_machine *m, struct h_trace *t,
				 const char *const *patterns)
{
	memset(t, 0, sizeof(*t));
	t->m = m;
	t->lines = calloc(H_MAX_LINES, sizeof(char *));
	assert_non_null(t->lines);
	for (; *patterns; patterns++)
		assert_true(mc_trace_enable(m, *patterns, true) > 0);
	mc_trace_set_callback(m, h_trace_fn, t);
}

/* The event name of line @k ("<task>-<pid> [cpu] flags ts: <event>: ..."). */
static inline bool r_line_is(const struct h_trace *t, int k,
			     const char *event)
{
	char key[96];

	snprintf(key, sizeof(key), " %s: ", event);
	return k < t->n && strstr(t->lines[k], key) != NULL;
}

/* Line @k is @event by task @comm with exactly @body after "<event>: ". */
static inline void r_expect_line(const struct h_trace *t, int k,
				 const char *comm, const char *event,
				 const char *body)
{
	const char *b;

	if (k >= t->n) {
		fprintf(stderr, "trace: no line %d (%d lines)\n", k, t->n);
		fail();
	}
	b = h_body(t->lines[k], event);
	if (!b || strcmp(b, body) || strncmp(t->lines[k] +
					     strspn(t->lines[k], " "),
					     comm, strlen(comm))) {
		fprintf(stderr, "trace line %d: %s\n  want %s: %s: %s\n", k,
			t->lines[k], comm, event, body);
		fail();
	}
}

#endif
