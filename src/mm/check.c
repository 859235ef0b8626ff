// SPDX-License-Identifier: GPL-2.0-only
/*
 * check.c - the whole-state invariant checker.
 *
 * Verified, for every zone:
 *  - every pfn of the zone span is in exactly one state: the first page of
 *    a free block (buddy, pcp, held by compaction), the first page of an
 *    allocated block, a follower page of one of those, reserved or a hole;
 *    blocks are naturally aligned and lie inside the zone;
 *  - the buddy lists: every entry is a PS_BUDDY page of that order and
 *    list type, inside the zone; links are consistent both ways; list and
 *    order counts agree with a walk and with the pages found;
 *  - a free block's list type equals its pageblock's migratetype (the
 *    6.12 free list hygiene), and blocks larger than a pageblock cover
 *    pageblocks of one type;
 *  - no two free buddies that should have merged are both free;
 *  - the per-cpu lists: entries are PS_PCP pages of the list's order,
 *    counts agree;
 *  - NR_FREE_PAGES, NR_FREE_CMA_PAGES, nr_free_highatomic equal the free
 *    pages found on the corresponding lists; present and managed pages
 *    equal the pfns found; nr_isolate_pageblock matches the pageblocks;
 *  - at rest nothing is held by compaction or isolated for migration;
 *  - the LRU, mlock, dirty and slab counters equal what the allocated
 *    blocks' kinds and flags add up to;
 *  - watermarks are ordered and lowmem_reserve is zero at and below the
 *    zone's own index.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct checker {
	struct mc_machine *m;
	mc_report_fn fn;
	void *ctx;
	int n;
	unsigned long listed_heads;	/* allocated blocks that belong on a list */
	long zone_stat[NR_VM_ZONE_STAT_ITEMS];
	long node_stat[NR_VM_NODE_STAT_ITEMS];
};

static void fail(struct checker *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct checker *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	c->n++;
	if (!c->fn || c->n > 1000)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->fn(c->ctx, buf);
}

static void zone_add_chk(void *ctx, int item, long delta)
{
	struct checker *c = ctx;

	c->zone_stat[item] += delta;
}

static void node_add_chk(void *ctx, int item, long delta)
{
	struct checker *c = ctx;

	c->node_stat[item] += delta;
}

#define ZFMT "node %d zone %s: "
#define ZARG(z) (z)->zone_pgdat->node_id, (z)->name

static void check_lists(struct checker *c, struct zone *z,
			unsigned long *list_pages)
{
	struct mc_machine *m = c->m;

	for (unsigned o = 0; o < m->nr_page_orders; o++) {
		struct free_area *area = &z->free_area[o];
		unsigned long total = 0;

		for (int t = 0; t < MIGRATE_TYPES; t++) {
			uint32_t head = area->free_list[t], i, prev = head;
			unsigned long n = 0;

			for (i = idx_page(m, head)->next; i != head;
			     prev = i, i = idx_page(m, i)->next) {
				struct page *p;
				unsigned long pfn;

				if (i >= m->nr_pfns) {
					fail(c, ZFMT "order %u type %d list "
						"links to a non-page entry %u",
					     ZARG(z), o, t, i);
					break;
				}
				p = idx_page(m, i);
				pfn = page_to_pfn(m, p);
				if (p->prev != prev)
					fail(c, ZFMT "pfn 0x%lx: broken prev "
						"link on the order %u list",
					     ZARG(z), pfn, o);
				if (!PageBuddy(p) || p->private != o ||
				    p->flags != t)
					fail(c, ZFMT "pfn 0x%lx on order %u "
						"type %d list but state %d "
						"order %u type %u",
					     ZARG(z), pfn, o, t, page_state(p),
					     p->private, p->flags);
				if (!zone_spans_pfn(z, pfn))
					fail(c, ZFMT "pfn 0x%lx on its free "
						"list is outside the zone",
					     ZARG(z), pfn);
				if (++n > m->nr_pfns) {
					fail(c, ZFMT "order %u type %d list "
						"does not end", ZARG(z), o, t);
					break;
				}
			}
			if (n != area->nr_list[t])
				fail(c, ZFMT "order %u type %d: list has %lu "
					"blocks, count says %lu",
				     ZARG(z), o, t, n, area->nr_list[t]);
			total += n;
			list_pages[t] += n << o;
		}
		if (total != area->nr_free)
			fail(c, ZFMT "order %u: nr_free %lu but lists hold "
				"%lu", ZARG(z), o, area->nr_free, total);
	}
}

static unsigned long check_pcp(struct checker *c, struct zone *z)
{
	struct mc_machine *m = c->m;
	unsigned long total = 0;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];
		long pages = 0;

		for (int li = 0; li < NR_PCP_LISTS; li++) {
			uint32_t head = pcp->lists[li], i, prev = head;
			unsigned int order = li < NR_LOWORDER_PCP_LISTS ?
				(unsigned)li / MIGRATE_PCPTYPES :
				m->hpage_pmd_order;
			unsigned long n = 0;

			for (i = idx_page(m, head)->next; i != head;
			     prev = i, i = idx_page(m, i)->next) {
				struct page *p;

				if (i >= m->nr_pfns) {
					fail(c, ZFMT "cpu %d pcp list %d links "
						"to a non-page entry",
					     ZARG(z), cpu, li);
					break;
				}
				p = idx_page(m, i);
				if (p->prev != prev)
					fail(c, ZFMT "cpu %d pcp list %d: "
						"broken prev link", ZARG(z),
					     cpu, li);
				if (page_state(p) != PS_PCP ||
				    p->private != order ||
				    !zone_spans_pfn(z, page_to_pfn(m, p)))
					fail(c, ZFMT "cpu %d pcp list %d: pfn "
						"0x%lx state %d order %u",
					     ZARG(z), cpu, li,
					     page_to_pfn(m, p), page_state(p),
					     p->private);
				pages += 1L << order;
				if (++n > m->nr_pfns)
					break;
			}
		}
		if (pages != pcp->count)
			fail(c, ZFMT "cpu %d: pcp count %d but lists hold %ld",
			     ZARG(z), cpu, pcp->count, pages);
		total += (unsigned long)pages;
	}
	return total;
}

/* Walk every pfn of the zone.  Returns false if the walk had to stop. */
static void check_frames(struct checker *c, struct zone *z,
			 unsigned long *pcp_pages_found,
			 unsigned long *buddy_pages_by_type)
{
	struct mc_machine *m = c->m;
	unsigned long pfn = z->zone_start_pfn, end = zone_end_pfn(z);
	unsigned long present = 0, managed = 0;

	while (pfn < end) {
		struct page *p = pfn_to_page(m, pfn);
		enum page_state s = page_state(p);
		unsigned int order = 0;
		unsigned long n, i;

		if (pfn_zone(m, pfn) != z) {
			fail(c, ZFMT "pfn 0x%lx inside the span maps to "
				"another zone", ZARG(z), pfn);
		}
		switch (s) {
		case PS_HOLE:
			pfn++;
			continue;
		case PS_RESERVED:
			present++;
			pfn++;
			continue;
		case PS_FREE_TAIL:
			fail(c, ZFMT "pfn 0x%lx is free but belongs to no "
				"free block", ZARG(z), pfn);
			present++;
			managed++;
			pfn++;
			continue;
		case PS_ALLOC_TAIL:
			fail(c, ZFMT "pfn 0x%lx is a follower page without "
				"its first page", ZARG(z), pfn);
			present++;
			managed++;
			pfn++;
			continue;
		case PS_BUDDY:
		case PS_PCP:
		case PS_ISOLATED_FREE:
			order = p->private;
			break;
		case PS_ALLOC:
			order = page_sto_order(p);
			break;
		default:
			fail(c, ZFMT "pfn 0x%lx has invalid state %d",
			     ZARG(z), pfn, s);
			pfn++;
			continue;
		}
		if (order > m->max_page_order) {
			fail(c, ZFMT "pfn 0x%lx: block order %u", ZARG(z), pfn,
			     order);
			pfn++;
			continue;
		}
		n = 1UL << order;
		if (!IS_ALIGNED(pfn, n))
			fail(c, ZFMT "pfn 0x%lx: order-%u block not aligned",
			     ZARG(z), pfn, order);
		if (pfn + n > end) {
			fail(c, ZFMT "pfn 0x%lx: order-%u block passes the "
				"zone end", ZARG(z), pfn, order);
			n = end - pfn;
		}
		for (i = 1; i < n; i++) {
			struct page *t = p + i;

			if (s == PS_ALLOC) {
				if (page_state(t) != PS_ALLOC_TAIL ||
				    t->private != i) {
					fail(c, ZFMT "pfn 0x%lx: page %lu of "
						"the allocated block at 0x%lx "
						"is state %d", ZARG(z),
					     pfn + i, i, pfn, page_state(t));
					break;
				}
			} else if (page_state(t) != PS_FREE_TAIL) {
				fail(c, ZFMT "pfn 0x%lx: page %lu of the free "
					"block at 0x%lx is state %d",
				     ZARG(z), pfn + i, i, pfn, page_state(t));
				break;
			}
		}
		present += n;
		managed += n;

		if (s == PS_BUDDY) {
			int mt = p->flags;
			int pmt = get_pfnblock_migratetype(m, pfn);
			unsigned long bpfn = pfn ^ n;

			buddy_pages_by_type[mt] += n;
			if (mt != pmt)
				fail(c, ZFMT "free block at 0x%lx order %u on "
					"the type %d list, pageblock type %d",
				     ZARG(z), pfn, order, mt, pmt);
			if (order > m->pageblock_order) {
				for (unsigned long b = pfn + m->pageblock_nr_pages;
				     b < pfn + n; b += m->pageblock_nr_pages)
					if (get_pfnblock_migratetype(m, b) !=
					    pmt)
						fail(c, ZFMT "free block at 0x%lx"
							" order %u spans "
							"pageblocks of "
							"different types",
						     ZARG(z), pfn, order);
			}
			/* An unmerged pair: both halves free at this order. */
			if (order < m->max_page_order &&
			    zone_spans_pfn(z, bpfn)) {
				struct page *b = pfn_to_page(m, bpfn);

				if (PageBuddy(b) && b->private == order) {
					int bmt = get_pfnblock_migratetype(m,
									   bpfn);
					bool may_merge =
						order < m->pageblock_order ||
						mt == bmt ||
						(migratetype_is_mergeable(mt) &&
						 migratetype_is_mergeable(bmt));

					if (may_merge && bpfn > pfn)
						fail(c, ZFMT "free buddies "
							"0x%lx and 0x%lx of "
							"order %u not merged",
						     ZARG(z), pfn, bpfn,
						     order);
				}
			}
		} else if (s == PS_PCP) {
			*pcp_pages_found += n;
		} else if (s == PS_ISOLATED_FREE) {
			fail(c, ZFMT "free block at 0x%lx order %u is held "
				"by compaction at rest", ZARG(z), pfn, order);
		} else if (s == PS_ALLOC) {
			if (page_test_flag(p, PG_isolated))
				fail(c, ZFMT "allocated block at 0x%lx is "
					"isolated for migration at rest",
				     ZARG(z), pfn);
			if (page_kind(p) >= MC_PAGE_NR_KINDS)
				fail(c, ZFMT "allocated block at 0x%lx has "
					"kind %d", ZARG(z), pfn, page_kind(p));
			if (p->owner && !m->owners[p->owner].used)
				fail(c, ZFMT "allocated block at 0x%lx names "
					"unregistered owner %u", ZARG(z), pfn,
				     p->owner);
			page_stat_apply(m, p, order, 1, zone_add_chk,
					node_add_chk, c);
			if (lru_list_of(p) >= 0)
				c->listed_heads++;
		}
		pfn += n;
	}
	if (present != z->present_pages)
		fail(c, ZFMT "present_pages %lu but %lu present pfns found",
		     ZARG(z), z->present_pages, present);
	if (managed != z->managed_pages)
		fail(c, ZFMT "managed_pages %lu but %lu managed pfns found",
		     ZARG(z), z->managed_pages, managed);
}

static void check_zone(struct checker *c, struct zone *z)
{
	struct mc_machine *m = c->m;
	unsigned long list_pages[MIGRATE_TYPES] = { 0 };
	unsigned long found_by_type[MIGRATE_TYPES] = { 0 };
	unsigned long pcp_found = 0, pcp_listed, free_pages = 0;
	unsigned long isolated_blocks = 0;
	int zs;

	memset(c->zone_stat, 0, sizeof(c->zone_stat));
	check_lists(c, z, list_pages);
	pcp_listed = check_pcp(c, z);
	if (populated_zone(z))
		check_frames(c, z, &pcp_found, found_by_type);

	if (pcp_found != pcp_listed)
		fail(c, ZFMT "%lu pages marked pcp but %lu on pcp lists",
		     ZARG(z), pcp_found, pcp_listed);
	for (int t = 0; t < MIGRATE_TYPES; t++) {
		if (list_pages[t] != found_by_type[t])
			fail(c, ZFMT "type %d: %lu free pages listed, %lu "
				"found in the memmap", ZARG(z), t,
			     list_pages[t], found_by_type[t]);
		if (!is_migrate_isolate(t))
			free_pages += list_pages[t];
	}
	if (!m->cma && list_pages[MIGRATE_CMA])
		fail(c, ZFMT "CMA free pages on a machine without CMA",
		     ZARG(z));
	if (zone_page_state(z, NR_FREE_PAGES) != free_pages ||
	    z->vm_stat[NR_FREE_PAGES] < 0)
		fail(c, ZFMT "NR_FREE_PAGES %ld but %lu free pages listed",
		     ZARG(z), z->vm_stat[NR_FREE_PAGES], free_pages);
	if ((unsigned long)z->vm_stat[NR_FREE_CMA_PAGES] !=
	    list_pages[MIGRATE_CMA])
		fail(c, ZFMT "NR_FREE_CMA_PAGES %ld but %lu listed", ZARG(z),
		     z->vm_stat[NR_FREE_CMA_PAGES], list_pages[MIGRATE_CMA]);
	if (z->nr_free_highatomic != list_pages[MIGRATE_HIGHATOMIC])
		fail(c, ZFMT "nr_free_highatomic %lu but %lu listed", ZARG(z),
		     z->nr_free_highatomic, list_pages[MIGRATE_HIGHATOMIC]);

	/* Counters derived from the allocated blocks. */
	for (zs = NR_ZONE_INACTIVE_ANON; zs <= NR_MLOCK; zs++)
		if (z->vm_stat[zs] != c->zone_stat[zs])
			fail(c, ZFMT "zone counter %d is %ld, the pages say "
				"%ld", ZARG(z), zs, z->vm_stat[zs],
			     c->zone_stat[zs]);

	/* Pageblocks. */
	if (populated_zone(z)) {
		unsigned long pfn;

		for (pfn = pageblock_start_pfn(m, z->zone_start_pfn);
		     pfn < zone_end_pfn(z); pfn += m->pageblock_nr_pages) {
			int mt = get_pfnblock_migratetype(m, pfn);

			if (mt >= MIGRATE_TYPES || (!m->cma && mt == MIGRATE_CMA))
				fail(c, ZFMT "pageblock at 0x%lx has type %d",
				     ZARG(z), pfn, mt);
			if (is_migrate_isolate(mt) && pfn >= z->zone_start_pfn)
				isolated_blocks++;
		}
		if (isolated_blocks != z->nr_isolate_pageblock)
			fail(c, ZFMT "%lu isolated pageblocks, count says %lu",
			     ZARG(z), isolated_blocks, z->nr_isolate_pageblock);
	}

	/* Watermarks and reserves. */
	if (!(z->_watermark[WMARK_MIN] <= z->_watermark[WMARK_LOW] &&
	      z->_watermark[WMARK_LOW] <= z->_watermark[WMARK_HIGH] &&
	      z->_watermark[WMARK_HIGH] <= z->_watermark[WMARK_PROMO]))
		fail(c, ZFMT "watermarks out of order: %lu %lu %lu %lu",
		     ZARG(z), z->_watermark[0], z->_watermark[1],
		     z->_watermark[2], z->_watermark[3]);
	for (int j = 0; j <= (int)z->idx; j++)
		if (z->lowmem_reserve[j])
			fail(c, ZFMT "lowmem_reserve[%d] is %ld", ZARG(z), j,
			     z->lowmem_reserve[j]);
	for (int j = 0; j < MAX_NR_ZONES; j++)
		if (z->lowmem_reserve[j] < 0)
			fail(c, ZFMT "negative lowmem_reserve", ZARG(z));
}

static const enum node_stat_item checked_node_items[] = {
	NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
	NR_UNEVICTABLE, NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B,
	NR_ISOLATED_ANON, NR_ISOLATED_FILE, NR_ANON_MAPPED, NR_FILE_MAPPED,
	NR_FILE_PAGES, NR_FILE_DIRTY, NR_WRITEBACK, NR_FILE_THPS,
	NR_ANON_THPS,
};

/* The node's LRU lists: entries, links, counts, and their agreement with
 * the LRU counters. */
static unsigned long check_lru_lists(struct checker *c,
				     struct pglist_data *pgdat)
{
	static const enum node_stat_item stat_of[NR_LRU_LISTS] = {
		NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE,
		NR_ACTIVE_FILE, NR_UNEVICTABLE,
	};
	struct mc_machine *m = c->m;
	unsigned long heads = 0;

	for (int l = 0; l < NR_NODE_LISTS; l++) {
		uint32_t head = pgdat->lru_lists[l], i, prev = head;
		unsigned long pages = 0, n = 0;

		for (i = idx_page(m, head)->next; i != head;
		     prev = i, i = idx_page(m, i)->next) {
			struct page *p;

			if (i >= m->nr_pfns || ++n > m->nr_pfns) {
				fail(c, "node %d: LRU list %d is broken",
				     pgdat->node_id, l);
				break;
			}
			p = idx_page(m, i);
			if (p->prev != prev)
				fail(c, "node %d: LRU list %d: broken prev link "
					"at pfn 0x%lx", pgdat->node_id, l,
				     page_to_pfn(m, p));
			if (page_state(p) != PS_ALLOC || lru_list_of(p) != l ||
			    page_zone(m, p)->zone_pgdat != pgdat)
				fail(c, "node %d: pfn 0x%lx on LRU list %d but "
					"state %d, belongs on %d",
				     pgdat->node_id, page_to_pfn(m, p), l,
				     page_state(p),
				     page_state(p) == PS_ALLOC ?
					     lru_list_of(p) : -1);
			pages += folio_nr_pages_of(p);
			heads++;
		}
		if (pages != pgdat->lru_pages[l])
			fail(c, "node %d: LRU list %d holds %lu pages, count "
				"says %lu", pgdat->node_id, l, pages,
			     pgdat->lru_pages[l]);
		if (l < NR_LRU_LISTS &&
		    (long)pages != pgdat->vm_stat[stat_of[l]])
			fail(c, "node %d: LRU list %d holds %lu pages, counter "
				"says %ld", pgdat->node_id, l, pages,
			     pgdat->vm_stat[stat_of[l]]);
	}
	return heads;
}

int machine_check(struct mc_machine *m, mc_report_fn fn, void *ctx)
{
	struct checker c = { .m = m, .fn = fn, .ctx = ctx };
	unsigned long on_lists = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zone *z;

		memset(c.node_stat, 0, sizeof(c.node_stat));
		for_each_zone_in_node(pgdat, z)
			check_zone(&c, z);
		on_lists += check_lru_lists(&c, pgdat);
		for (unsigned i = 0; i < ARRAY_SIZE(checked_node_items); i++) {
			enum node_stat_item it = checked_node_items[i];

			if (pgdat->vm_stat[it] != c.node_stat[it])
				fail(&c, "node %d: counter %d is %ld, the pages "
					 "say %ld", nid, it, pgdat->vm_stat[it],
				     c.node_stat[it]);
		}
	}
	if (on_lists != c.listed_heads)
		fail(&c, "%lu allocated blocks belong on LRU lists but %lu are "
			 "on them", c.listed_heads, on_lists);
	/* the hugetlb pool: free lists and counts (hugetlb.c) */
	c.n += hugetlb_check(m, fn, ctx);
	return c.n;
}

int unlocked_mc_check(struct mc_machine *m, mc_report_fn fn, void *ctx)
{
	if (!m)
		return -EINVAL;
	return machine_check(m, fn, ctx);
}

/*
 * MC_OPT_CHECK_EACH_OP: check after every operation; violations go to the
 * callback set with mc_set_check_callback() and are counted for
 * mc_check_failures().
 */
void debug_check_op(struct mc_machine *m, const char *op)
{
	int n;

	if (!(m->opts & MC_OPT_CHECK_EACH_OP) || m->in_check)
		return;
	m->in_check = 1;
	n = machine_check(m, m->check_fn, m->check_ctx);
	m->in_check = 0;
	if (n) {
		m->check_failures += (unsigned long)n;
		if (!m->check_first_failure_op)
			m->check_first_failure_op = op;
	}
}

void unlocked_mc_set_check_callback(struct mc_machine *m, mc_report_fn fn, void *ctx)
{
	m->check_fn = fn;
	m->check_ctx = ctx;
}

unsigned long unlocked_mc_check_failures(const struct mc_machine *m, const char **op)
{
	if (op)
		*op = m->check_first_failure_op;
	return m->check_failures;
}
