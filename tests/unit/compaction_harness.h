// SPDX-License-Identifier: GPL-2.0-only
/*
 * compaction_harness.h - shared support for the compaction, migration and
 * deferral tests (test_compaction.c, test_migrate.c, test_deferral.c).
 *
 * The machine is hand-made and small: one node, one CPU, one ZONE_NORMAL
 * of eight 512-page pageblocks at pfn 0x10000 (B0 0x10000, B1 0x10200, ...
 * B7 0x10e00), built with MC_OPT_NO_THP_MINFREE so that the watermarks are
 * the plain min_free_kbytes ones (min 128, low 160, high 192 for 4096
 * pages; the tests that depend on them set them explicitly).  Eight
 * pageblocks, not four: below pageblock_nr_pages * MIGRATE_TYPES = 2560
 * pages the kernel disables grouping by mobility (build_all_zonelists) and
 * every allocation would be MIGRATE_UNMOVABLE.  Boot frees the zone as four
 * MAX_PAGE_ORDER blocks (0x10000 0x10400 0x10800 0x10c00) to the tail of
 * the Movable order-10 list.
 * The per-cpu lists are put into the kernel's boot pageset state (high 0,
 * batch 1), so that every free reaches the buddy allocator at once, in the
 * order the kernel frees it; vm.watermark_boost_factor is 0 so that no
 * watermark moves behind a test's back.
 *
 * Layouts are described pfn by pfn (a string, one character per pfn, see
 * layout_build()) and built by allocating every pfn in ascending order
 * (order-0 allocations from a split MAX_PAGE_ORDER block come out in
 * ascending pfn order), then freeing the pfns meant to be free.  Every
 * allocation uses a movable gfp with __GFP_MEMALLOC so that watermarks do
 * not stop the builder and no pageblock changes its migratetype; a SLAB
 * page in a movable pageblock is what a fallback allocation leaves behind
 * in the kernel.  Since buddy merging is complete, the free blocks that
 * result from a set of free pfns are unique (maximal aligned blocks), which
 * is what the free-list expectations compare.
 *
 * Every trace line produced while tracing is on is rendered with
 * mc_trace_format() and validated with trace_check_line().
 */
#ifndef MC_TESTS_COMPACTION_HARNESS_H
#define MC_TESTS_COMPACTION_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "trace_check.h"
#include "mm/internal.h"

#define ZBASE		0x10000UL
#define ZPAGES		4096UL
#define B0		0x10000UL
#define B1		0x10200UL
#define B2		0x10400UL
#define B3		0x10600UL
#define B4		0x10800UL
#define B5		0x10a00UL
#define B6		0x10c00UL
#define B7		0x10e00UL
#define ZEND		(ZBASE + ZPAGES)
#define PB		512UL

/* ---- the machine --------------------------------------------------------- */

static inline void h_desc(struct mc_machine_desc *d, unsigned long pages)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->name, "compaction-tiny");
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = 1;
	d->nodes[0].zones[MC_ZONE_NORMAL].start_pfn = ZBASE;
	d->nodes[0].zones[MC_ZONE_NORMAL].spanned = pages;
	d->nodes[0].zones[MC_ZONE_NORMAL].present = pages;
	d->nodes[0].zones[MC_ZONE_NORMAL].managed = pages;
}

static inline struct zone *h_zone(struct mc_machine *m)
{
	return &m->node_data[0]->node_zones[ZONE_NORMAL];
}

/* The kernel's boot pageset: nothing stays on the per-cpu lists. */
static inline void h_pcp_passthrough(struct mc_machine *m)
{
	struct zone *z = h_zone(m);

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

		pcp->high_min = pcp->high_max = pcp->high = 0;
		pcp->batch = 1;
	}
}

static inline struct mc_machine *h_machine(void)
{
	struct mc_machine_desc d;
	struct mc_machine *m;

	h_desc(&d, ZPAGES);
	m = t_machine_desc(&d, MC_OPT_NO_THP_MINFREE);
	assert_int_equal(mc_sysctl_write(m, "vm.watermark_boost_factor", "0",
					 1), 0);
	h_pcp_passthrough(m);
	return m;
}

/* ---- layouts ------------------------------------------------------------- */

/*
 * One character per pfn of the zone, pfn ZBASE first:
 *  '.' free            'S' SLAB (unmovable, order 0)
 *  'A' ANON (LRU)      'F' FILE (LRU, page cache)
 *  'M' MOVABLE_OPS page of owner h_layout.mops_owner
 *  'a' ANON of owner h_layout.lru_owner
 *  'f' FILE of owner h_layout.lru_owner
 * Compound folios are added with h_layout.comp[] (pfn, order, kind, owner);
 * their pfns must be 'S' in the string (they are replaced).
 * The cookie of an order-0 page is its pfn.
 *
 * Free lists: a page freed while its buddy is allocated goes to the head of
 * its list unless the buddy of the next-higher block is free
 * (buddy_merge_likely); with the pfn pattern of the layouts here, freeing
 * ascending leaves each list in descending pfn order (head to tail) and
 * freeing descending leaves it ascending, which decides what the free-list
 * searches (fast_isolate_freepages walks from the tail) find first.
 */
struct h_comp {
	unsigned long pfn;
	unsigned int order;
	enum mc_page_kind kind;
	unsigned int owner;
	uint32_t cookie;
};

struct h_layout {
	char map[ZPAGES + 1];
	unsigned int mops_owner;
	unsigned int lru_owner;
	struct h_comp comp[8];
	int nr_comp;
	bool free_descending;	/* step 3 frees from the top down */
};

static inline void h_layout_init(struct h_layout *l, char fill)
{
	memset(l, 0, sizeof(*l));
	memset(l->map, fill, ZPAGES);
	l->map[ZPAGES] = '\0';
}

static inline void h_set(struct h_layout *l, unsigned long pfn, unsigned long n,
			 char c)
{
	for (unsigned long i = 0; i < n; i++)
		l->map[pfn - ZBASE + i] = c;
}

/* Repeat the @period-character @pat over [pfn, pfn + n). */
static inline void h_pattern(struct h_layout *l, unsigned long pfn,
			     unsigned long n, const char *pat)
{
	size_t period = strlen(pat);

	for (unsigned long i = 0; i < n; i++)
		l->map[pfn - ZBASE + i] = pat[i % period];
}

static inline int h_alloc_exact(struct mc_machine *m, unsigned long want,
				unsigned int order, enum mc_page_kind kind,
				unsigned int owner, uint32_t cookie)
{
	struct mc_alloc_request r = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_MEMALLOC |
		       (order ? MC_GFP_COMP : 0),
		.order = order, .nid = 0, .cpu = 0, .owner = owner,
		.kind = kind, .cookie = cookie,
	};
	uint64_t pfn = 0;
	int ret = mc_alloc_pages(m, &r, &pfn);

	if (ret || pfn != want) {
		fprintf(stderr, "layout: wanted %#lx order %u, got %#lx (%d)\n",
			want, order, (unsigned long)pfn, ret);
		return -1;
	}
	return 0;
}

static inline void h_layout_build(struct mc_machine *m,
				  const struct h_layout *l)
{
	/* 1. every pfn, ascending, as an order-0 page of its kind */
	for (unsigned long i = 0; i < ZPAGES; i++) {
		unsigned long pfn = ZBASE + i;
		enum mc_page_kind kind = MC_PAGE_SLAB;
		unsigned int owner = 0;

		switch (l->map[i]) {
		case 'A': kind = MC_PAGE_ANON; break;
		case 'a': kind = MC_PAGE_ANON; owner = l->lru_owner; break;
		case 'F': kind = MC_PAGE_FILE; break;
		case 'f': kind = MC_PAGE_FILE; owner = l->lru_owner; break;
		case 'M': kind = MC_PAGE_MOVABLE_OPS; owner = l->mops_owner;
			  break;
		default: break;
		}
		assert_int_equal(h_alloc_exact(m, pfn, 0, kind, owner,
					       (uint32_t)pfn), 0);
	}
	/* 2. compound folios: free their pages, take them back whole */
	for (int c = 0; c < l->nr_comp; c++) {
		const struct h_comp *hc = &l->comp[c];

		for (unsigned long p = 0; p < (1UL << hc->order); p++)
			assert_int_equal(mc_free_pages(m, hc->pfn + p, 0, 0),
					 0);
		assert_int_equal(h_alloc_exact(m, hc->pfn, hc->order, hc->kind,
					       hc->owner, hc->cookie), 0);
	}
	/* 3. the free pfns, ascending (or descending) */
	for (unsigned long k = 0; k < ZPAGES; k++) {
		unsigned long i = l->free_descending ? ZPAGES - 1 - k : k;

		if (l->map[i] == '.')
			assert_int_equal(mc_free_pages(m, ZBASE + i, 0, 0), 0);
	}
	assert_int_equal(t_check(m), 0);
}

/* ---- free blocks --------------------------------------------------------- */

/* One expected free block. */
struct h_fb {
	unsigned long pfn;
	unsigned int order;
};

static inline int h_fb_cmp(const void *a, const void *b)
{
	const struct h_fb *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* Every free block on the zone's buddy lists (all types), sorted by pfn. */
static inline int h_free_blocks(struct mc_machine *m, struct h_fb *out,
				int max)
{
	struct zone *z = h_zone(m);
	int n = 0;

	for (unsigned int o = 0; o < m->nr_page_orders; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			uint32_t head = z->free_area[o].free_list[t];

			for (uint32_t i = idx_page(m, head)->next; i != head;
			     i = idx_page(m, i)->next) {
				if (n < max) {
					out[n].pfn = page_to_pfn(m,
							idx_page(m, i));
					out[n].order = o;
				}
				n++;
			}
		}
	if (n <= max)
		qsort(out, (size_t)n, sizeof(*out), h_fb_cmp);
	return n;
}

/* The free blocks (by pfn) must be exactly @want (sorted by pfn). */
static inline void h_expect_free(struct mc_machine *m, const struct h_fb *want,
				 int nw)
{
	static struct h_fb got[4096];
	int n = h_free_blocks(m, got, 4096);
	bool ok = n == nw;

	for (int i = 0; ok && i < n; i++)
		ok = got[i].pfn == want[i].pfn &&
		     got[i].order == want[i].order;
	if (!ok) {
		fprintf(stderr, "free blocks differ\n  want:");
		for (int i = 0; i < nw; i++)
			fprintf(stderr, " %#lx/%u", want[i].pfn,
				want[i].order);
		fprintf(stderr, "\n  got: ");
		for (int i = 0; i < n && i < 4096; i++)
			fprintf(stderr, " %#lx/%u", got[i].pfn, got[i].order);
		fprintf(stderr, "\n");
	}
	assert_true(ok);
}

/*
 * The maximal aligned free blocks of [start, end) given that exactly those
 * pfns are free (the buddy decomposition), appended to @out.
 */
static inline int h_decompose(unsigned long start, unsigned long end,
			      struct h_fb *out, int n)
{
	while (start < end) {
		unsigned int o = 0;

		while (o < 10 && !(start & ((1UL << (o + 1)) - 1)) &&
		       start + (1UL << (o + 1)) <= end)
			o++;
		out[n].pfn = start;
		out[n].order = o;
		n++;
		start += 1UL << o;
	}
	return n;
}

/* ---- counters ------------------------------------------------------------ */

static inline uint64_t h_vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

#define H_NR_CTR 13
static const char *const h_ctr_names[H_NR_CTR] __attribute__((unused)) = {
	"pgmigrate_success", "pgmigrate_fail", "compact_isolated",
	"compact_migrate_scanned", "compact_free_scanned", "compact_stall",
	"compact_fail", "compact_success", "thp_migration_success",
	"thp_migration_fail", "thp_migration_split", "thp_split_page",
	"compact_daemon_wake",
};

struct h_ctrs {
	uint64_t v[H_NR_CTR];
};

static inline void h_ctrs_snap(struct mc_machine *m, struct h_ctrs *c)
{
	for (int i = 0; i < H_NR_CTR; i++)
		c->v[i] = h_vm(m, h_ctr_names[i]);
}

/* Delta of counter @name since @base. */
static inline uint64_t h_delta(struct mc_machine *m, const struct h_ctrs *base,
			       const char *name)
{
	for (int i = 0; i < H_NR_CTR; i++)
		if (!strcmp(h_ctr_names[i], name))
			return h_vm(m, name) - base->v[i];
	fail_msg("unknown counter %s", name);
	return 0;
}

/* ---- tracing ------------------------------------------------------------- */

#define H_MAX_LINES 65536

struct h_trace {
	struct mc_machine *m;
	char **lines;
	int n;
	int bad;		/* lines trace_check_line() rejected */
	int dropped;
};

static inline void h_trace_fn(void *ctx, const struct mc_trace_event *ev)
{
	struct h_trace *t = ctx;
	char buf[512], why[256];
	int len = mc_trace_format(t->m, ev, 0, buf, sizeof(buf));

	if (len <= 0 || (size_t)len >= sizeof(buf)) {
		t->bad++;
		return;
	}
	if (trace_check_line(buf, why, sizeof(why))) {
		if (t->bad < 10)
			fprintf(stderr, "bad trace line: %s  (%s)\n", buf,
				why);
		t->bad++;
	}
	if (t->n >= H_MAX_LINES) {
		t->dropped++;
		return;
	}
	if (buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	t->lines[t->n++] = strdup(buf);
}

/* Start recording every event of the machine. */
static inline void h_trace_start(struct mc_machine *m, struct h_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->m = m;
	t->lines = calloc(H_MAX_LINES, sizeof(char *));
	assert_non_null(t->lines);
	assert_true(mc_trace_enable(m, "*", true) > 0);
	mc_trace_set_callback(m, h_trace_fn, t);
}

static inline void h_trace_clear(struct h_trace *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->lines[i]);
	t->n = 0;
}

/* Stop recording; every recorded line must have been valid (item 9). */
static inline void h_trace_stop(struct h_trace *t)
{
	mc_trace_set_callback(t->m, NULL, NULL);
	mc_trace_enable(t->m, "*", false);
	assert_int_equal(t->bad, 0);
	assert_int_equal(t->dropped, 0);
	h_trace_clear(t);
	free(t->lines);
	t->lines = NULL;
}

/* The part of a line after "<event>: ". */
static inline const char *h_body(const char *line, const char *event)
{
	char key[96];
	const char *p;

	snprintf(key, sizeof(key), " %s: ", event);
	p = strstr(line, key);
	return p ? p + strlen(key) : NULL;
}

/* Number of @event lines whose body contains @needle (NULL: any). */
static inline int h_count(const struct h_trace *t, const char *event,
			  const char *needle)
{
	int c = 0;

	for (int i = 0; i < t->n; i++) {
		const char *b = h_body(t->lines[i], event);

		if (b && (!needle || strstr(b, needle)))
			c++;
	}
	return c;
}

/* The body of the @k-th (0-based) @event line, or NULL. */
static inline const char *h_nth(const struct h_trace *t, const char *event,
				int k)
{
	for (int i = 0; i < t->n; i++) {
		const char *b = h_body(t->lines[i], event);

		if (b && k-- == 0)
			return b;
	}
	return NULL;
}

static inline void h_dump(const struct h_trace *t, const char *filter)
{
	for (int i = 0; i < t->n; i++)
		if (!filter || strstr(t->lines[i], filter))
			fprintf(stderr, "  %s\n", t->lines[i]);
}

#define h_expect_body(t, event, k, want)				\
	do {								\
		const char *b_ = h_nth(t, event, k);			\
		if (!b_ || strcmp(b_, want)) {				\
			fprintf(stderr, "%s #%d:\n  want: %s\n  got:  %s\n", \
				event, k, want, b_ ? b_ : "(none)");	\
			h_dump(t, event);				\
		}							\
		assert_non_null(b_);					\
		assert_string_equal(b_, want);				\
	} while (0)

/* ---- compact_control ----------------------------------------------------- */

static inline void h_cc(struct compact_control *cc, struct mc_machine *m,
			int order, enum migrate_mode mode, gfp_t gfp)
{
	memset(cc, 0, sizeof(*cc));
	cc->order = order;
	cc->search_order = (short)order;
	cc->gfp_mask = gfp;
	cc->zone = h_zone(m);
	cc->mode = mode;
	cc->highest_zoneidx = ZONE_NORMAL;
	cc->alloc_flags = ALLOC_WMARK_MIN;
}

/* The cc of manual compaction (compact_node(pgdat, false)). */
static inline void h_cc_manual(struct compact_control *cc,
			       struct mc_machine *m)
{
	h_cc(cc, m, -1, MIGRATE_SYNC, GFP_KERNEL);
	cc->search_order = 0;
	cc->ignore_skip_hint = true;
	cc->whole_zone = true;
}

/* The cc compact_zone_order() builds for direct compaction at @prio. */
static inline void h_cc_direct(struct compact_control *cc,
			       struct mc_machine *m, int order, gfp_t gfp,
			       enum compact_priority prio)
{
	h_cc(cc, m, order, prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC :
			   MIGRATE_SYNC_LIGHT, gfp);
	cc->direct_compaction = true;
	cc->whole_zone = prio == MIN_COMPACT_PRIORITY;
	cc->ignore_skip_hint = prio == MIN_COMPACT_PRIORITY;
	cc->ignore_block_suitable = prio == MIN_COMPACT_PRIORITY;
}

/* Run compact_zone() as a task on CPU 0 (with @task_flags, e.g.
 * PF_MEMALLOC as __alloc_pages_direct_compact sets it). */
static inline enum compact_result h_compact(struct mc_machine *m,
					    struct compact_control *cc,
					    struct capture_control *capc,
					    unsigned int task_flags,
					    bool fatal)
{
	struct task_scope ts;
	enum compact_result r;

	task_enter(m, &ts, 0);
	ts.task.flags = task_flags;
	ts.task.fatal_signal_pending = fatal;
	ts.task.capture_control = capc;
	r = compact_zone(cc, capc);
	ts.task.capture_control = NULL;
	task_leave(&ts);
	return r;
}

static inline bool h_skip(struct mc_machine *m, unsigned long pfn)
{
	return get_pageblock_skip(m, pfn);
}

static inline struct mc_page_info h_info(struct mc_machine *m,
					 unsigned long pfn)
{
	struct mc_page_info i;

	assert_int_equal(mc_page_info(m, pfn, &i), 0);
	return i;
}

/* ---- owners -------------------------------------------------------------- */

/*
 * A scripted owner: what isolate/migrate/split answer, and a record of
 * every call.  migrate answers rets[k] on its k-th call (the last one
 * repeats); with fatal_at_migrate = n the n-th migrate call also sets a
 * fatal signal on the current task (a way to stop a compaction run at a
 * known point without calling into the machine).
 */
struct h_mig_call {
	uint64_t old_pfn, new_pfn;
	unsigned int order;
	uint32_t cookie;
	int mode;
};

struct h_owner {
	unsigned int slot;
	struct mc_owner_ops ops;
	bool isolate_ret;
	int rets[16];
	int nr_rets;
	int split_ret;
	uint32_t split_base;	/* cookies[i] = split_base + i */
	int fatal_at_migrate;
	int fatal_at_isolate;
	/* record */
	int isolates, migrates, putbacks, splits;
	int isolate_mode[16];
	uint64_t putback_pfn[16];
	uint32_t putback_cookie[16];
	struct h_mig_call mig[64];
	uint64_t split_head;
	unsigned int split_order;
	uint32_t split_cookie;
};

static inline bool h_own_isolate(void *ctx, uint64_t pfn, uint32_t cookie,
				 int mode)
{
	struct h_owner *o = ctx;

	(void)pfn;
	(void)cookie;
	if (o->isolates < 16)
		o->isolate_mode[o->isolates] = mode;
	o->isolates++;
	if (o->fatal_at_isolate && o->isolates == o->fatal_at_isolate)
		current->fatal_signal_pending = true;
	return o->isolate_ret;
}

static inline int h_own_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
				unsigned order, uint32_t cookie, int mode)
{
	struct h_owner *o = ctx;
	int k = o->migrates;

	if (k < 64)
		o->mig[k] = (struct h_mig_call){ old_pfn, new_pfn, order,
						 cookie, mode };
	o->migrates++;
	if (o->fatal_at_migrate && o->migrates == o->fatal_at_migrate)
		current->fatal_signal_pending = true;
	if (!o->nr_rets)
		return 0;
	return o->rets[k < o->nr_rets ? k : o->nr_rets - 1];
}

static inline void h_own_putback(void *ctx, uint64_t pfn, uint32_t cookie)
{
	struct h_owner *o = ctx;

	if (o->putbacks < 16) {
		o->putback_pfn[o->putbacks] = pfn;
		o->putback_cookie[o->putbacks] = cookie;
	}
	o->putbacks++;
}

static inline int h_own_split(void *ctx, uint64_t head_pfn, unsigned order,
			      uint32_t cookie, uint32_t *cookies)
{
	struct h_owner *o = ctx;

	o->splits++;
	o->split_head = head_pfn;
	o->split_order = order;
	o->split_cookie = cookie;
	if (o->split_ret)
		return o->split_ret;
	for (unsigned long i = 0; i < (1UL << order); i++)
		cookies[i] = o->split_base + (uint32_t)i;
	return 0;
}

static inline void h_owner_register(struct mc_machine *m, struct h_owner *o,
				    const char *name)
{
	o->ops.isolate = h_own_isolate;
	o->ops.migrate = h_own_migrate;
	o->ops.putback = h_own_putback;
	o->ops.split = h_own_split;
	assert_int_equal(mc_owner_register(m, name, &o->ops, o, &o->slot), 0);
}

#endif
