// SPDX-License-Identifier: GPL-2.0-only
/*
 * memmap.c - page frame metadata and pageblock flags.
 *
 * The memmap is one array of struct page: entries [0, nr_pfns) describe the
 * pfns [base_pfn, end_pfn); the entries after them are list sentinels (the
 * heads of the buddy free lists, the per-cpu lists and compaction's lists),
 * so that every list is circular like the kernel's list_head.
 *
 * Pageblock flags are one byte per pageblock: 3 bits of migratetype and the
 * compaction skip bit, as include/linux/pageblock-flags.h lays them out.
 * A second array maps each pageblock to its zone so that page_zone() is a
 * table lookup; a pageblock that straddles a zone boundary is marked MIXED
 * and resolved by range checks.
 */
#include "mm/internal.h"

void ilist_splice_tail_init(struct mc_machine *m, uint32_t list,
			    uint32_t head)
{
	struct page *l = idx_page(m, list);
	uint32_t first, last, at;

	if (l->next == list)
		return;
	first = l->next;
	last = l->prev;
	at = idx_page(m, head)->prev;

	idx_page(m, first)->prev = at;
	idx_page(m, at)->next = first;
	idx_page(m, last)->next = head;
	idx_page(m, head)->prev = last;
	ilist_init(m, list);
}

/*
 * Dynamic sentinels.  The pool sits at the end of the memmap; freed ones
 * are recycled through a stack.  Returns LIST_POISON_IDX when exhausted,
 * which callers treat as -ENOMEM.
 */
uint32_t sentinel_get(struct mc_machine *m)
{
	uint32_t s = LIST_POISON_IDX;

	if (m->threaded)
		pthread_mutex_lock(&m->sentinel_lock);
	if (m->sentinel_nfree)
		s = m->sentinel_free[--m->sentinel_nfree];
	else if (m->sentinel_next < m->sentinel_end)
		s = m->sentinel_next++;
	if (m->threaded)
		pthread_mutex_unlock(&m->sentinel_lock);
	if (s != LIST_POISON_IDX)
		ilist_init(m, s);
	return s;
}

void sentinel_put(struct mc_machine *m, uint32_t s)
{
	if (s == LIST_POISON_IDX)
		return;
	if (m->threaded)
		pthread_mutex_lock(&m->sentinel_lock);
	m->sentinel_free[m->sentinel_nfree++] = s;
	if (m->threaded)
		pthread_mutex_unlock(&m->sentinel_lock);
}

/*
 * set_pageblock_migratetype: as the kernel, forces UNMOVABLE for the
 * normal types when mobility grouping is disabled.
 */
void set_pageblock_migratetype(struct mc_machine *m, unsigned long pfn,
			       int mt)
{
	uint8_t *f = &m->pageblock_flags[pfn_to_pageblock(m, pfn)];
	uint8_t old, new;

	if (unlikely(m->page_group_by_mobility_disabled &&
		     mt < MIGRATE_PCPTYPES))
		mt = MIGRATE_UNMOVABLE;
	/* Atomic, as the kernel's set_pfnblock_flags_mask (cmpxchg): an
	 * arena's per-cpu fast path reads the type without the API lock. */
	old = __atomic_load_n(f, __ATOMIC_RELAXED);
	do {
		new = (uint8_t)((old & ~MIGRATETYPE_MASK) | (unsigned)mt);
	} while (!__atomic_compare_exchange_n(f, &old, new, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
}

void set_pageblock_skip(struct mc_machine *m, unsigned long pfn)
{
	__atomic_fetch_or(&m->pageblock_flags[pfn_to_pageblock(m, pfn)],
			  (uint8_t)(1u << PB_migrate_skip), __ATOMIC_RELAXED);
}

void clear_pageblock_skip(struct mc_machine *m, unsigned long pfn)
{
	__atomic_fetch_and(&m->pageblock_flags[pfn_to_pageblock(m, pfn)],
			   (uint8_t)~(1u << PB_migrate_skip), __ATOMIC_RELAXED);
}

struct zone *pfn_zone(const struct mc_machine *m, unsigned long pfn)
{
	uint16_t zid = m->pageblock_zone[pfn_to_pageblock(m, pfn)];
	int nid;

	if (unlikely(zid == PAGEBLOCK_ZONE_NONE))
		return NULL;
	if (likely(zid != PAGEBLOCK_ZONE_MIXED)) {
		struct pglist_data *pgdat = m->node_data[zid / MAX_NR_ZONES];

		return &pgdat->node_zones[zid % MAX_NR_ZONES];
	}
	/* A pageblock shared by two zones: find the one spanning pfn. */
	for (nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zone *z;

		for_each_zone_in_node(pgdat, z)
			if (populated_zone(z) && zone_spans_pfn(z, pfn))
				return z;
	}
	return NULL;
}
