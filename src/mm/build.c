// SPDX-License-Identifier: GPL-2.0-only
/*
 * build.c - the layout builder of import.h: page frames placed at exact
 * pfns, then everything the allocator derives from them recomputed.
 *
 * The kernel never builds a memmap this way; the nearest thing is boot
 * (memmap_init_range, then memblock_free_all freeing ranges into the
 * buddy allocator).  We need more: a snapshot says which block is free at
 * which order and which pages are allocated, and going through
 * alloc_pages() and free_pages() cannot reproduce an arbitrary state
 * (fallbacks would steal pageblocks, frees would merge, pcp lists would
 * fill).  So the builder writes page states directly and then redoes, in
 * one pass, the bookkeeping __free_one_page() and the allocation paths
 * would have done: free list membership and nr_free, NR_FREE_PAGES and
 * its CMA and highatomic parts, pcp counts, LRU lists and counters.  The
 * free lists are built in ascending pfn order (each block added at the
 * tail), which is what boot leaves and what a snapshot cannot tell us.
 */
#include "mm/import.h"

#include <errno.h>
#include <string.h>

/* The page field that holds a pcp block's CPU while it is being placed:
 * the owner byte is unused on free blocks. */
#define PCP_CPU(p) ((p)->owner)

void import_begin(struct mc_machine *m)
{
	for (unsigned long i = 0; i < m->nr_pfns; i++) {
		struct page *p = &m->mem_map[i];

		memset(p, 0, sizeof(*p));
		set_page_state(p, PS_HOLE, 0);
	}
	memset(m->pageblock_flags, 0, m->nr_pageblocks);
	m->build_pcp_first = m->build_pcp_last = LIST_POISON_IDX;
	memset(m->vm_events, 0, sizeof(m->vm_events));
	memset(m->vm_stat, 0, sizeof(m->vm_stat));
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zone *z;

		memset(pgdat->vm_stat, 0, sizeof(pgdat->vm_stat));
		for (int l = 0; l < NR_NODE_LISTS; l++) {
			ilist_init(m, pgdat->lru_lists[l]);
			pgdat->lru_pages[l] = 0;
		}
		pgdat->kswapd_failures = 0;
		for_each_zone_in_node(pgdat, z) {
			for (unsigned o = 0; o < NR_PAGE_ORDERS_MAX; o++) {
				struct free_area *a = &z->free_area[o];

				for (int t = 0; t < MIGRATE_TYPES; t++) {
					ilist_init(m, a->free_list[t]);
					a->nr_list[t] = 0;
				}
				a->nr_free = 0;
			}
			for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp =
					&z->per_cpu_pageset[cpu];

				for (int li = 0; li < NR_PCP_LISTS; li++)
					ilist_init(m, pcp->lists[li]);
				pcp->count = 0;
				pcp->free_count = 0;
			}
			memset(z->vm_stat, 0, sizeof(z->vm_stat));
			memset(z->vm_numa_event, 0, sizeof(z->vm_numa_event));
			z->nr_free_highatomic = 0;
			z->nr_reserved_highatomic = 0;
			z->nr_isolate_pageblock = 0;
			z->watermark_boost = 0;
			z->compact_cached_free_pfn = 0;
			z->compact_cached_migrate_pfn[0] = 0;
			z->compact_cached_migrate_pfn[1] = 0;
			z->compact_considered = 0;
			z->compact_defer_shift = 0;
			z->compact_order_failed = 0;
			z->compact_blockskip_flush = false;
			zone_clear_bit(z, ZONE_BOOSTED_WATERMARK);
		}
	}
}

/* The zone that holds all of [pfn, pfn + 2^order), or NULL. */
static struct zone *block_zone(struct mc_machine *m, unsigned long pfn,
			       unsigned int order)
{
	unsigned long n = 1UL << order;

	if (order > m->max_page_order || !IS_ALIGNED(pfn, n) ||
	    pfn < m->base_pfn || pfn + n > m->end_pfn || pfn + n < pfn)
		return NULL;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z)
			if (z->spanned_pages && zone_spans_pfn(z, pfn) &&
			    pfn + n <= zone_end_pfn(z))
				return z;
	}
	return NULL;
}

/* Every page of the block is still unplaced (a hole with no data). */
static bool block_unplaced(struct mc_machine *m, unsigned long pfn,
			   unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		const struct page *p = pfn_to_page(m, pfn + i);

		if (page_state(p) != PS_HOLE || p->private || p->flags)
			return false;
	}
	return true;
}

int import_place_hole(struct mc_machine *m, unsigned long pfn)
{
	if (!pfn_in_machine(m, pfn) || !block_unplaced(m, pfn, 1))
		return -EINVAL;
	/* Mark it placed: a hole keeps PS_HOLE; private 1 says "placed"
	 * until import_finish() clears it. */
	pfn_to_page(m, pfn)->private = 1;
	return 0;
}

int import_place_reserved(struct mc_machine *m, unsigned long pfn)
{
	if (!block_zone(m, pfn, 0) || !block_unplaced(m, pfn, 1))
		return -EINVAL;
	set_page_state(pfn_to_page(m, pfn), PS_RESERVED, 0);
	return 0;
}

int import_place_free(struct mc_machine *m, unsigned long pfn,
		      unsigned int order)
{
	unsigned long n = 1UL << order;
	struct page *p;

	if (!block_zone(m, pfn, order) || !block_unplaced(m, pfn, n))
		return -EINVAL;
	p = pfn_to_page(m, pfn);
	for (unsigned long i = 1; i < n; i++)
		set_page_state(p + i, PS_FREE_TAIL, 0);
	p->private = order;
	set_page_state(p, PS_BUDDY, 0);
	return 0;
}

int import_place_pcp(struct mc_machine *m, unsigned long pfn,
		     unsigned int order, int cpu, int mt)
{
	unsigned long n = 1UL << order;
	struct page *p;

	if (!block_zone(m, pfn, order) || !block_unplaced(m, pfn, n) ||
	    cpu < 0 || cpu >= m->nr_cpu_ids || mt < 0 ||
	    mt >= MIGRATE_PCPTYPES || !pcp_allowed_order(m, order))
		return -EINVAL;
	p = pfn_to_page(m, pfn);
	for (unsigned long i = 1; i < n; i++)
		set_page_state(p + i, PS_FREE_TAIL, 0);
	p->private = order;
	p->flags = (uint16_t)mt;
	PCP_CPU(p) = (uint8_t)cpu;
	set_page_state(p, PS_PCP, 0);
	/* remember the order of placement: the lists are built in it */
	p->next = LIST_POISON_IDX;
	if (m->build_pcp_last == LIST_POISON_IDX)
		m->build_pcp_first = page_idx(m, p);
	else
		idx_page(m, m->build_pcp_last)->next = page_idx(m, p);
	m->build_pcp_last = page_idx(m, p);
	return 0;
}

int import_place_alloc(struct mc_machine *m, unsigned long pfn,
		       unsigned int order, enum mc_page_kind kind,
		       unsigned int pgflags, unsigned int owner,
		       uint32_t cookie)
{
	unsigned long n = 1UL << order;
	struct page *p;

	if (!block_zone(m, pfn, order) || !block_unplaced(m, pfn, n) ||
	    kind >= MC_PAGE_NR_KINDS || owner >= MC_MAX_OWNERS ||
	    (owner && !m->owners[owner].used) ||
	    (pgflags & ~PAGE_FLAGS_MASK) ||
	    (pgflags & (1u << PG_isolated)) || order > 15)
		return -EINVAL;
	p = pfn_to_page(m, pfn);
	for (unsigned long i = 1; i < n; i++) {
		set_page_state(p + i, PS_ALLOC_TAIL, 0);
		p[i].private = (uint32_t)i;
	}
	p->private = cookie;
	p->owner = (uint8_t)owner;
	p->flags = (uint16_t)(pgflags | ((unsigned)kind << PAGE_KIND_SHIFT));
	set_page_state(p, PS_ALLOC, order);
	return 0;
}

void import_set_pageblock(struct mc_machine *m, unsigned long pfn, int mt,
			  bool skip)
{
	uint8_t *f = &m->pageblock_flags[pfn_to_pageblock(m, pfn)];

	*f = (uint8_t)((mt & MIGRATETYPE_MASK) |
		       (skip ? 1u << PB_migrate_skip : 0));
}

static void account_free(struct zone *z, unsigned long nr, int mt)
{
	if (is_migrate_isolate(mt))
		return;
	z->vm_stat[NR_FREE_PAGES] += (long)nr;
	if (is_migrate_cma(mt))
		z->vm_stat[NR_FREE_CMA_PAGES] += (long)nr;
	else if (is_migrate_highatomic(mt))
		z->nr_free_highatomic += nr;
}

static void link_zone(struct mc_machine *m, struct zone *z)
{
	unsigned long pfn = z->zone_start_pfn, end = zone_end_pfn(z);
	unsigned long present = 0, managed = 0;

	while (pfn < end) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned long n = 1;

		switch (page_state(p)) {
		case PS_HOLE:
			p->private = 0;
			break;
		case PS_RESERVED:
			present++;
			break;
		case PS_BUDDY: {
			unsigned int order = p->private;
			int mt = get_pfnblock_migratetype(m, pfn);
			struct free_area *a = &z->free_area[order];

			n = 1UL << order;
			p->flags = (uint16_t)mt;
			ilist_add_tail(m, page_idx(m, p), a->free_list[mt]);
			a->nr_free++;
			a->nr_list[mt]++;
			account_free(z, n, mt);
			present += n;
			managed += n;
			break;
		}
		case PS_PCP:
			/* linked in placement order by link_pcp() */
			n = 1UL << p->private;
			present += n;
			managed += n;
			break;
		case PS_ALLOC:
			n = 1UL << page_sto_order(p);
			page_stat_account(m, p, 1);
			present += n;
			managed += n;
			break;
		default:
			/* A follower page without its first page: leave it
			 * for the checker to report. */
			present++;
			managed++;
			break;
		}
		pfn += n;
	}
	z->present_pages = present;
	z->managed_pages = managed;
}

static void link_pcp(struct mc_machine *m)
{
	uint32_t i = m->build_pcp_first;

	while (i != LIST_POISON_IDX) {
		struct page *p = idx_page(m, i);
		uint32_t next = p->next;
		unsigned int order = p->private;
		struct zone *z = pfn_zone(m, page_to_pfn(m, p));
		struct per_cpu_pages *pcp = &z->per_cpu_pageset[PCP_CPU(p)];
		unsigned int pindex;

		if (order > PAGE_ALLOC_COSTLY_ORDER)
			pindex = NR_LOWORDER_PCP_LISTS +
				 (p->flags == MIGRATE_MOVABLE);
		else
			pindex = MIGRATE_PCPTYPES * order + p->flags;
		PCP_CPU(p) = 0;
		ilist_add_tail(m, i, pcp->lists[pindex]);
		pcp->count += 1 << order;
		i = next;
	}
	m->build_pcp_first = m->build_pcp_last = LIST_POISON_IDX;
}

int import_finish(struct mc_machine *m, mc_report_fn fn, void *ctx)
{
	for (unsigned long i = 0; i < m->nr_pfns; i++)
		if (page_state(&m->mem_map[i]) == PS_HOLE)
			m->mem_map[i].private = 0;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zone *z;

		pgdat->node_present_pages = 0;
		for_each_zone_in_node(pgdat, z) {
			unsigned long pfn;

			if (!z->spanned_pages)
				continue;
			link_zone(m, z);
			pgdat->node_present_pages += z->present_pages;
			for (pfn = pageblock_start_pfn(m, z->zone_start_pfn);
			     pfn < zone_end_pfn(z);
			     pfn += m->pageblock_nr_pages) {
				int mt = get_pfnblock_migratetype(m, pfn);

				if (pfn < z->zone_start_pfn)
					continue;
				if (is_migrate_isolate(mt))
					z->nr_isolate_pageblock++;
				else if (is_migrate_highatomic(mt))
					z->nr_reserved_highatomic +=
						m->pageblock_nr_pages;
			}
		}
	}
	link_pcp(m);
	/* the hugetlb pool's lists and counts (hugetlb.c) */
	if (hugetlb_pool_rebuild(m, NULL))
		return -ENOMEM;
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	return machine_check(m, fn, ctx);
}
