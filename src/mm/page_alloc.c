// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_alloc.c - the zoned buddy allocator of mm/page_alloc.c (6.12.117).
 *
 * It owns: the buddy free lists (split with expand(), merge in
 * __free_one_page() with the kernel's head/tail placement), migratetype
 * fallback with pageblock claiming and single-block stealing (the 6.12.29+
 * __rmqueue_claim/__rmqueue_steal split), high-atomic reserves, watermark
 * boosting, the per-cpu page lists with their adaptive batch and high,
 * the watermark checks, get_page_from_freelist() over the zonelist, the
 * allocation slow path, and the boot-time sizing of watermarks, lowmem
 * reserves and pcp batch/high.
 *
 * Functions carry the kernel's names and keep its order of checks; where
 * a comment explains a heuristic it says *why*, as the kernel's comments
 * do.  Kernel code was read for behaviour, never copied.
 *
 * Page states (see internal.h) replace the kernel's PageBuddy/refcount
 * encoding: a block on a buddy list is PS_BUDDY with its order in private
 * and its list's migratetype in flags; a block on a pcp list is PS_PCP; an
 * allocated block is PS_ALLOC with PS_ALLOC_TAIL followers.  A block in
 * transit between two of these (after __del_page_from_free_list and before
 * being listed or prepared) is PS_FREE_TAIL, like an unmarked page.
 */
#include "mm/internal.h"

#include <errno.h>
#include <string.h>

/* ---- small helpers -------------------------------------------------------- */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << (63 - __builtin_clzl(n)) : 0;
}

static inline int numa_node_id(const struct mc_machine *m)
{
	int cpu = current ? current->cpu : 0;

	return m->cpu_to_node[cpu];
}

static inline struct per_cpu_pages *this_cpu_pcp(struct zone *zone)
{
	int cpu = current ? current->cpu : 0;

	return &zone->per_cpu_pageset[cpu];
}

bool pcp_allowed_order(const struct mc_machine *m, unsigned int order)
{
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		return true;
	/* CONFIG_TRANSPARENT_HUGEPAGE: THP-sized blocks are cached too. */
	return order == m->hpage_pmd_order;
}

/*
 * The pcp list index: three lists per order up to the costly order, then
 * two for THP (unmovable/reclaimable share one, movable has its own).
 */
static inline unsigned int order_to_pindex(const struct mc_machine *m,
					   int migratetype, int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		(void)m;
		return NR_LOWORDER_PCP_LISTS +
		       (migratetype == MIGRATE_MOVABLE);
	}
	return (MIGRATE_PCPTYPES * order) + migratetype;
}

static inline int pindex_to_order(const struct mc_machine *m,
				  unsigned int pindex)
{
	int order = pindex / MIGRATE_PCPTYPES;

	if (pindex >= NR_LOWORDER_PCP_LISTS)
		order = (int)m->hpage_pmd_order;
	return order;
}

static inline unsigned long zone_managed_pages(const struct zone *z)
{
	return z->managed_pages;
}

/* ---- capture (mm/page_alloc.c: task_capc, compaction_capture) ------------- */

static inline struct capture_control *task_capc(struct zone *zone)
{
	struct capture_control *capc = current ? current->capture_control :
						 NULL;

	return unlikely(capc) && !(current->flags & PF_KTHREAD) &&
			       !capc->page && capc->cc->zone == zone ?
		       capc :
		       NULL;
}

static inline bool compaction_capture(struct capture_control *capc,
				      struct page *page, int order,
				      int migratetype)
{
	struct mc_machine *m;

	if (!capc || order != capc->cc->order)
		return false;
	m = capc->cc->zone->m;
	/* Do not pollute CMA or isolated regions. */
	if (is_migrate_cma(migratetype) || is_migrate_isolate(migratetype))
		return false;
	/*
	 * Do not let a lower-order non-movable request grab part of a
	 * movable pageblock: no more than normal fallback would allow.
	 */
	if ((unsigned)order < m->pageblock_order &&
	    migratetype == MIGRATE_MOVABLE &&
	    capc->cc->migratetype != MIGRATE_MOVABLE)
		return false;
	set_page_state(page, PS_ISOLATED_FREE, 0);
	page->private = (uint32_t)order;
	capc->page = page;
	return true;
}

/* ---- free list manipulation ---------------------------------------------- */

static inline void account_freepages(struct zone *zone, int nr_pages,
				     int migratetype)
{
	if (is_migrate_isolate(migratetype))
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (is_migrate_cma(migratetype))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr_pages);
	else if (is_migrate_highatomic(migratetype))
		zone->nr_free_highatomic += (unsigned long)(long)nr_pages;
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	set_page_state(page, PS_BUDDY, 0);
}

/* Used for pages not on another list. */
static inline void __add_to_free_list(struct page *page, struct zone *zone,
				      unsigned int order, int migratetype,
				      bool tail)
{
	struct mc_machine *m = zone->m;
	struct free_area *area = &zone->free_area[order];
	uint32_t idx = page_idx(m, page);

	if (tail)
		ilist_add_tail(m, idx, area->free_list[migratetype]);
	else
		ilist_add(m, idx, area->free_list[migratetype]);
	page->flags = (uint16_t)migratetype;
	area->nr_free++;
	area->nr_list[migratetype]++;
}

/*
 * Used for pages which are on another list.  Move them to the tail so
 * that the moved pages are not immediately considered for allocation.
 */
static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int old_mt,
				     int new_mt)
{
	struct mc_machine *m = zone->m;
	struct free_area *area = &zone->free_area[order];

	ilist_move_tail(m, page_idx(m, page), area->free_list[new_mt]);
	page->flags = (uint16_t)new_mt;
	area->nr_list[old_mt]--;
	area->nr_list[new_mt]++;
	account_freepages(zone, -(1 << order), old_mt);
	account_freepages(zone, 1 << order, new_mt);
}

static inline void __del_page_from_free_list(struct page *page,
					     struct zone *zone,
					     unsigned int order,
					     int migratetype)
{
	struct mc_machine *m = zone->m;

	ilist_del(m, page_idx(m, page));
	set_page_state(page, PS_FREE_TAIL, 0);
	page->private = 0;
	page->flags = 0;
	zone->free_area[order].nr_free--;
	zone->free_area[order].nr_list[migratetype]--;
}

static inline void del_page_from_free_list(struct page *page,
					   struct zone *zone,
					   unsigned int order, int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	account_freepages(zone, -(1 << order), migratetype);
}

static inline struct page *get_page_from_free_area(struct zone *zone,
						   struct free_area *area,
						   int migratetype)
{
	uint32_t i = ilist_first(zone->m, area->free_list[migratetype]);

	return i == LIST_POISON_IDX ? NULL : idx_page(zone->m, i);
}

static inline bool free_area_empty(const struct mc_machine *m,
				   const struct free_area *area,
				   int migratetype)
{
	return ilist_empty(m, area->free_list[migratetype]);
}

/* page_is_buddy(): a free block of the same order in the same zone. */
static inline struct page *find_buddy_page_pfn(struct zone *zone,
					       unsigned long pfn,
					       unsigned int order,
					       unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	if (!zone_spans_pfn(zone, bpfn))
		return NULL;
	buddy = pfn_to_page(zone->m, bpfn);
	if (PageBuddy(buddy) && buddy_order(buddy) == order)
		return buddy;
	return NULL;
}

/*
 * If this is less than the 2nd largest possible block, check whether the
 * buddy of the next-higher order is free.  If it is, the block being freed
 * will probably coalesce soon, so put it at the tail where it is less
 * likely to be handed out before that happens.
 */
static inline bool buddy_merge_likely(struct zone *zone, unsigned long pfn,
				      unsigned long buddy_pfn,
				      unsigned int order)
{
	unsigned long higher_page_pfn;

	if (order >= zone->m->max_page_order - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	return find_buddy_page_pfn(zone, higher_page_pfn, order + 1,
				   NULL) != NULL;
}

static void change_pageblock_range(struct mc_machine *m, unsigned long pfn,
				   int start_order, int migratetype)
{
	int nr_pageblocks = 1 << (start_order - (int)m->pageblock_order);

	while (nr_pageblocks--) {
		set_pageblock_migratetype(m, pfn, migratetype);
		pfn += m->pageblock_nr_pages;
	}
}

/*
 * __free_one_page - the buddy merge.  Each order's buddy is
 * pfn ^ (1 << order); while it is free at the same order, take it off its
 * list and continue one order up.  Above pageblock_order the two halves
 * may lie in pageblocks of different types; they are merged only when both
 * types can be mixed (not HighAtomic, CMA or Isolate), and the merged
 * block takes the freed page's type.
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, unsigned int fpi)
{
	struct mc_machine *m = zone->m;
	struct capture_control *capc = task_capc(zone);
	unsigned long buddy_pfn = 0;
	unsigned long combined_pfn;
	struct page *buddy;
	bool to_tail;

	set_page_state(page, PS_FREE_TAIL, 0);
	account_freepages(zone, 1 << order, migratetype);

	while (order < m->max_page_order) {
		int buddy_mt = migratetype;

		if (compaction_capture(capc, page, (int)order, migratetype)) {
			account_freepages(zone, -(1 << order), migratetype);
			return;
		}

		buddy = find_buddy_page_pfn(zone, pfn, order, &buddy_pfn);
		if (!buddy)
			goto done_merging;

		if (unlikely(order >= m->pageblock_order)) {
			/*
			 * Keep blocks without fallbacks (isolated, CMA,
			 * highatomic) from merging with normal ones, or their
			 * free page accounting would go wrong.
			 */
			buddy_mt = get_pfnblock_migratetype(m, buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				goto done_merging;
		}

		__del_page_from_free_list(buddy, zone, order, buddy_mt);

		/* Match the buddy's type so that a later expand() puts the
		 * sub-blocks on the right lists. */
		if (unlikely(buddy_mt != migratetype))
			change_pageblock_range(m, buddy_pfn, (int)order,
					       migratetype);

		combined_pfn = buddy_pfn & pfn;
		page = page + (combined_pfn - pfn);
		pfn = combined_pfn;
		order++;
	}

done_merging:
	set_buddy_order(page, order);
	if (fpi & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(zone, pfn, buddy_pfn, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/* ---- freeing -------------------------------------------------------------- */

/*
 * free_pages_prepare - the per-page part of freeing: the mm_page_free
 * event and returning the frames of the block to the "free" state.
 */
static bool free_pages_prepare(struct mc_machine *m, struct page *page,
			       unsigned int order)
{
	unsigned long n = 1UL << order;

	TRACE(m, mm_page_free, (int64_t)page_to_pfn(m, page), order);
	if (m->page_free_hook)
		m->page_free_hook(m, page_to_pfn(m, page), order);
	set_page_state(page, PS_FREE_TAIL, 0);
	page->private = 0;
	page->flags = 0;
	page->owner = 0;
	for (unsigned long i = 1; i < n; i++) {
		struct page *p = page + i;

		__atomic_store_n(&p->sto, 0, __ATOMIC_RELAXED);
		p->private = 0;
		p->flags = 0;
		p->owner = 0;
	}
	return true;
}

/*
 * Free a number of pages from the pcp lists, round-robin over the lists,
 * starting with @pindex and taking each list's tail (the coldest pages).
 */
static void free_pcppages_bulk(struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	struct mc_machine *m = zone->m;

	count = min(pcp->count, count);
	/* Ensure the requested pindex is drained first. */
	pindex = pindex - 1;

	zone_lock(zone);
	while (count > 0) {
		uint32_t list;
		int order, nr_pages;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = pcp->lists[pindex];
		} while (ilist_empty(m, list));

		order = pindex_to_order(m, (unsigned)pindex);
		nr_pages = 1 << order;
		do {
			uint32_t idx = ilist_last(m, list);
			struct page *page = idx_page(m, idx);
			unsigned long pfn = page_to_pfn(m, page);
			int mt = get_pfnblock_migratetype(m, pfn);

			ilist_del(m, idx);
			count -= nr_pages;
			pcp->count -= nr_pages;
			__free_one_page(page, pfn, zone, (unsigned)order, mt,
					FPI_NONE);
			TRACE(m, mm_page_pcpu_drain, (int64_t)pfn, order, mt);
		} while (count > 0 && !ilist_empty(m, list));
	}
	zone_unlock(zone);
}

/* Split a multi-pageblock free block into its pageblocks. */
static void split_large_buddy(struct zone *zone, struct page *page,
			      unsigned long pfn, int order, unsigned int fpi)
{
	struct mc_machine *m = zone->m;
	unsigned long end = pfn + (1UL << order);

	if ((unsigned)order > m->pageblock_order)
		order = (int)m->pageblock_order;
	do {
		int mt = get_pfnblock_migratetype(m, pfn);

		__free_one_page(page, pfn, zone, (unsigned)order, mt, fpi);
		pfn += 1UL << order;
		if (pfn == end)
			break;
		page = pfn_to_page(m, pfn);
	} while (1);
}

void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, unsigned int fpi)
{
	zone_lock(zone);
	split_large_buddy(zone, page, pfn, (int)order, fpi);
	zone_unlock(zone);
	count_vm_events(zone->m, PGFREE, 1L << order);
}

static void __free_pages_ok(struct mc_machine *m, struct page *page,
			    unsigned int order, unsigned int fpi)
{
	unsigned long pfn = page_to_pfn(m, page);
	struct zone *zone = pfn_zone(m, pfn);

	if (free_pages_prepare(m, page, order))
		free_one_page(zone, page, pfn, order, fpi);
}

static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high,
		       bool free_high)
{
	int min_nr_free, max_nr_free;

	/* Free as much as possible if batch freeing high-order pages. */
	if (unlikely(free_high))
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	/* PCP disabled or boot pageset. */
	if (unlikely(high < batch))
		return 1;
	/* Leave at least pcp->batch pages on the list. */
	min_nr_free = batch;
	max_nr_free = high - batch;
	/* Free as many as were freed in a row, to cut lock round trips. */
	return clamp(pcp->free_count, min_nr_free, max_nr_free);
}

static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone,
		       int batch, bool free_high)
{
	int high, high_min, high_max;

	high_min = pcp->high_min;
	high_max = pcp->high_max;
	high = pcp->high = clamp(pcp->high, high_min, high_max);

	if (unlikely(!high))
		return 0;

	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX),
				high_min);
		return 0;
	}

	/* With reclaim active, limit what the pcp lists may hold. */
	if (zone_test_bit(zone, ZONE_RECLAIM_ACTIVE)) {
		int free_count = max(pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		return min(batch << 2, pcp->high);
	}

	if (high_min == high_max)
		return high;

	if (zone_test_bit(zone, ZONE_BELOW_HIGH)) {
		int free_count = max(pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		/* pcp->high should hold a batch of freed pages. */
		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

/*
 * With @ev (an arena's per-cpu fast path, pcp_fast_free) the PGFREE event
 * is kept in @ev, and the watermark test after a drain is made under the
 * zone lock: the caller holds only its CPU's lock.
 */
static void __free_unref_page_commit(struct zone *zone,
				     struct per_cpu_pages *pcp,
				     struct page *page, int migratetype,
				     unsigned int order,
				     struct pcp_fast_events *ev)
{
	struct mc_machine *m = zone->m;
	int high, batch;
	int pindex;
	bool free_high = false;

	/* Freeing shrinks the batch of the next refill (nr_pcp_alloc). */
	pcp->alloc_factor >>= 1;
	pcp->expire = 3;
	if (ev)
		ev->pgfree += 1L << order;
	else
		count_vm_events(m, PGFREE, 1L << order);
	pindex = (int)order_to_pindex(m, migratetype, (int)order);
	ilist_add(m, page_idx(m, page), pcp->lists[pindex]);
	set_page_state(page, PS_PCP, 0);
	page->private = order;
	page->flags = (uint16_t)migratetype;
	pcp->count += 1 << order;

	batch = pcp->batch;
	/*
	 * High-order pages other than THP kept on pcp lists fragment memory:
	 * when the pcp is freeing heavily without allocating, free them in
	 * batches.
	 */
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = (pcp->free_count >= batch &&
			     (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			     (!(pcp->flags & PCPF_FREE_HIGH_BATCH) ||
			      pcp->count >= batch));
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= (uint8_t)~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count += (1 << order);
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high,
						     free_high),
				   pcp, pindex);
		if (ev)
			zone_lock(zone);
		if (zone_test_bit(zone, ZONE_BELOW_HIGH) &&
		    zone_watermark_ok(zone, 0, high_wmark_pages(zone),
				      ZONE_MOVABLE, 0))
			zone_clear_bit(zone, ZONE_BELOW_HIGH);
		if (ev)
			zone_unlock(zone);
	}
}

static void free_unref_page_commit(struct zone *zone,
				   struct per_cpu_pages *pcp,
				   struct page *page, int migratetype,
				   unsigned int order)
{
	__free_unref_page_commit(zone, pcp, page, migratetype, order, NULL);
}

static inline struct per_cpu_pages *pcp_spin_trylock(struct zone *zone)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(zone);

	if (zone->m->threaded && pthread_mutex_trylock(&pcp->lock))
		return NULL;
	return pcp;
}

static inline void pcp_spin_lock(struct zone *zone,
				 struct per_cpu_pages *pcp)
{
	if (zone->m->threaded)
		pthread_mutex_lock(&pcp->lock);
}

static inline void pcp_spin_unlock(struct zone *zone,
				   struct per_cpu_pages *pcp)
{
	if (zone->m->threaded)
		pthread_mutex_unlock(&pcp->lock);
}

void free_unref_page(struct mc_machine *m, struct page *page,
		     unsigned int order)
{
	struct per_cpu_pages *pcp;
	struct zone *zone;
	unsigned long pfn = page_to_pfn(m, page);
	int migratetype;

	if (!pcp_allowed_order(m, order)) {
		__free_pages_ok(m, page, order, FPI_NONE);
		return;
	}
	if (!free_pages_prepare(m, page, order))
		return;

	/*
	 * Only unmovable, reclaimable and movable are tracked on pcp lists.
	 * Isolated pages go straight back (they are being offlined or
	 * taken for a contiguous range); HighAtomic and CMA are treated as
	 * movable so those areas can be reclaimed when needed.
	 */
	migratetype = get_pfnblock_migratetype(m, pfn);
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (unlikely(is_migrate_isolate(migratetype))) {
			free_one_page(pfn_zone(m, pfn), page, pfn, order,
				      FPI_NONE);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}

	zone = pfn_zone(m, pfn);
	pcp = pcp_spin_trylock(zone);
	if (pcp) {
		free_unref_page_commit(zone, pcp, page, migratetype, order);
		pcp_spin_unlock(zone, pcp);
	} else {
		free_one_page(zone, page, pfn, order, FPI_NONE);
	}
}

/*
 * free_unref_folios - free a batch of folios (release_pages, munmap): each
 * gets mm_page_free; those for the pcp lists are committed under one pcp
 * lock per zone run, each with mm_page_free_batched; other orders and
 * isolated pageblocks go straight to the buddy.
 */
void free_unref_folios(struct mc_machine *m, struct page **folios, int nr)
{
	struct per_cpu_pages *pcp = NULL;
	struct zone *locked_zone = NULL;
	unsigned int orders[FOLIO_BATCH_SIZE];
	int i, j;

	for (i = 0, j = 0; i < nr; i++) {
		struct page *folio = folios[i];
		unsigned long pfn = page_to_pfn(m, folio);
		unsigned int order = page_sto_order(folio);

		if (!free_pages_prepare(m, folio, order))
			continue;
		/* Orders the pcp lists do not take go to the buddy. */
		if (!pcp_allowed_order(m, order)) {
			free_one_page(pfn_zone(m, pfn), folio, pfn, order,
				      FPI_NONE);
			continue;
		}
		orders[j] = order;
		folios[j++] = folio;
	}
	nr = j;

	for (i = 0; i < nr; i++) {
		struct page *folio = folios[i];
		unsigned long pfn = page_to_pfn(m, folio);
		struct zone *zone = pfn_zone(m, pfn);
		int migratetype = get_pfnblock_migratetype(m, pfn);

		/* A different zone needs a different pcp lock. */
		if (zone != locked_zone || is_migrate_isolate(migratetype)) {
			if (pcp) {
				pcp_spin_unlock(locked_zone, pcp);
				locked_zone = NULL;
				pcp = NULL;
			}
			if (is_migrate_isolate(migratetype)) {
				free_one_page(zone, folio, pfn, orders[i],
					      FPI_NONE);
				continue;
			}
			pcp = pcp_spin_trylock(zone);
			if (unlikely(!pcp)) {
				free_one_page(zone, folio, pfn, orders[i],
					      FPI_NONE);
				continue;
			}
			locked_zone = zone;
		}
		/* HighAtomic and CMA go to the MOVABLE pcp list. */
		if (unlikely(migratetype >= MIGRATE_PCPTYPES))
			migratetype = MIGRATE_MOVABLE;
		TRACE(m, mm_page_free_batched, (int64_t)pfn);
		free_unref_page_commit(zone, pcp, folio, migratetype,
				       orders[i]);
	}
	if (pcp)
		pcp_spin_unlock(locked_zone, pcp);
}

/* __free_pages: the last reference is dropped, free the block. */
void __free_pages(struct mc_machine *m, struct page *page, unsigned int order)
{
	free_unref_page(m, page, order);
}

/* ---- pcp draining ---------------------------------------------------------- */

/*
 * decay_pcp_high - called from the vmstat worker (every stat_interval) to
 * decay pcp->high towards high_min and free what is above it.
 */
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp)
{
	int high_min, to_drain, to_drain_batched, batch;
	bool todo = false;

	high_min = pcp->high_min;
	batch = pcp->batch;
	/* Decrease high slowly to free idle pcp pages without a latency
	 * spike; this also caps how fast high can fall. */
	if (pcp->high > high_min) {
		pcp->high = max3(pcp->count -
					 (batch << CONFIG_PCP_BATCH_SCALE_MAX),
				 pcp->high - (pcp->high >> 3), high_min);
		if (pcp->high > high_min)
			todo = true;
	}

	to_drain = pcp->count - pcp->high;
	while (to_drain > 0) {
		to_drain_batched = min(to_drain, batch);
		pcp_spin_lock(zone, pcp);
		free_pcppages_bulk(zone, to_drain_batched, pcp, 0);
		pcp_spin_unlock(zone, pcp);
		todo = true;
		to_drain -= to_drain_batched;
	}
	return todo;
}

/* drain_zone_pages - the vmstat worker's drain of one remote pcp: a batch. */
void drain_zone_pages(struct zone *zone, struct per_cpu_pages *pcp)
{
	int to_drain, batch;

	batch = pcp->batch;
	to_drain = min(pcp->count, batch);
	if (to_drain > 0) {
		pcp_spin_lock(zone, pcp);
		free_pcppages_bulk(zone, to_drain, pcp, 0);
		pcp_spin_unlock(zone, pcp);
	}
}

/* Drain the pcp lists of one CPU for one zone, in batch << 5 chunks. */
void drain_zone_pages_cpu(struct zone *zone, int cpu)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	int count;

	do {
		pcp_spin_lock(zone, pcp);
		count = pcp->count;
		if (count) {
			int to_drain = min(count, pcp->batch <<
						   CONFIG_PCP_BATCH_SCALE_MAX);

			free_pcppages_bulk(zone, to_drain, pcp, 0);
			count -= to_drain;
		}
		pcp_spin_unlock(zone, pcp);
	} while (count);
}

static void drain_pages(struct mc_machine *m, int cpu)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z)
			if (populated_zone(z))
				drain_zone_pages_cpu(z, cpu);
	}
}

/*
 * drain_all_pages - spill every CPU's pcp pages (of @zone, or of all zones
 * when NULL) back into the buddy allocator.  Only CPUs that hold pages
 * are visited, in CPU order.
 */
void drain_all_pages(struct mc_machine *m, struct zone *zone)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		bool has_pcps = false;

		if (zone) {
			has_pcps = zone->per_cpu_pageset[cpu].count != 0;
		} else {
			for (int nid = 0; nid < m->nr_node_ids && !has_pcps;
			     nid++) {
				struct zone *z;

				for_each_zone_in_node(m->node_data[nid], z)
					if (populated_zone(z) &&
					    z->per_cpu_pageset[cpu].count) {
						has_pcps = true;
						break;
					}
			}
		}
		if (!has_pcps)
			continue;
		if (zone)
			drain_zone_pages_cpu(zone, cpu);
		else
			drain_pages(m, cpu);
	}
}

/* ---- allocating from the buddy -------------------------------------------- */

/*
 * expand - split a block of order @high down to @low, keeping the lowest
 * part and putting each upper half at the head of its order's list.  The
 * order of subdivision decides the order in which pages are handed out.
 */
static unsigned int expand(struct zone *zone, struct page *page, int low,
			   int high, int migratetype)
{
	unsigned int size = 1u << high;
	unsigned int nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, (unsigned)high,
				   migratetype, false);
		set_buddy_order(&page[size], (unsigned)high);
		nr_added += size;
	}
	return nr_added;
}

static void page_del_and_expand(struct zone *zone, struct page *page,
				int low, int high, int migratetype)
{
	int nr_pages = 1 << high;

	__del_page_from_free_list(page, zone, (unsigned)high, migratetype);
	nr_pages -= (int)expand(zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

void prep_new_page(struct mc_machine *m, struct page *page,
		   unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	unsigned long n = 1UL << order;

	set_page_state(page, PS_ALLOC, order);
	page->flags = 0;
	page->private = 0;
	page->owner = 0;
	if (order && (gfp & __GFP_COMP))
		page_set_flag(page, PG_head);
	for (unsigned long i = 1; i < n; i++) {
		struct page *p = page + i;

		set_page_state(p, PS_ALLOC_TAIL, 0);
		p->private = (uint32_t)i;
	}
	if (m->page_alloc_hook)
		m->page_alloc_hook(m, page_to_pfn(m, page), order, gfp);
}

/* Find the smallest block of @migratetype that fits and split it. */
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype)
{
	struct mc_machine *m = zone->m;
	unsigned int current_order;

	for (current_order = order; current_order < m->nr_page_orders;
	     ++current_order) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = get_page_from_free_area(zone, area,
							    migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, (int)order, (int)current_order,
				    migratetype);
		TRACE(m, mm_page_alloc_zone_locked,
		      (int64_t)page_to_pfn(m, page), order, migratetype,
		      pcp_allowed_order(m, order) &&
			      migratetype < MIGRATE_PCPTYPES);
		return page;
	}
	return NULL;
}

/* The lists to fall back to when a type's own lists are empty. */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static inline struct page *__rmqueue_cma_fallback(struct zone *zone,
						  unsigned int order)
{
	if (!zone->m->cma)
		return NULL;
	return __rmqueue_smallest(zone, order, MIGRATE_CMA);
}

/* Change the type of a block and move all its free pages to that list. */
static int __move_freepages_block(struct zone *zone, unsigned long start_pfn,
				  int old_mt, int new_mt)
{
	struct mc_machine *m = zone->m;
	unsigned long pfn, end_pfn;
	int pages_moved = 0;

	end_pfn = pageblock_end_pfn(m, start_pfn);
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	set_pageblock_migratetype(m, start_pfn, new_mt);
	return pages_moved;
}

/* PageLRU(page) || __PageMovable(page) for any pfn, tails included. */
static bool page_counts_movable(const struct mc_machine *m,
				const struct page *page)
{
	const struct page *head = page;

	if (page_state(page) == PS_ALLOC_TAIL) {
		head = page - page->private;
		/* PageLRU is a head-page flag of compound pages; the tails
		 * of a non-compound block are independent pages. */
		if (!page_test_flag(head, PG_head))
			return false;
		return page_test_flag(head, PG_lru);
	}
	if (page_state(page) != PS_ALLOC)
		return false;
	return page_test_flag(head, PG_lru) ||
	       page_kind(head) == MC_PAGE_MOVABLE_OPS;
}

static bool prep_move_freepages_block(struct zone *zone, struct page *page,
				      unsigned long *start_pfn,
				      int *num_free, int *num_movable)
{
	struct mc_machine *m = zone->m;
	unsigned long pfn, start, end;

	pfn = page_to_pfn(m, page);
	start = pageblock_start_pfn(m, pfn);
	end = pageblock_end_pfn(m, pfn);

	/* The caller holds only @zone's lock: stay out of other zones. */
	if (!zone_spans_pfn(zone, start))
		return false;
	if (!zone_spans_pfn(zone, end - 1))
		return false;

	*start_pfn = start;
	if (num_free) {
		*num_free = 0;
		*num_movable = 0;
		for (pfn = start; pfn < end;) {
			page = pfn_to_page(m, pfn);
			if (PageBuddy(page)) {
				int nr = 1 << buddy_order(page);

				*num_free += nr;
				pfn += (unsigned long)nr;
				continue;
			}
			/* Pages that could be isolated for migration are
			 * assumed movable; trying would be too costly. */
			if (page_counts_movable(m, page))
				(*num_movable)++;
			pfn++;
		}
	}
	return true;
}

int move_freepages_block(struct zone *zone, struct page *page, int old_mt,
			 int new_mt)
{
	unsigned long start_pfn;

	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return -1;
	return __move_freepages_block(zone, start_pfn, old_mt, new_mt);
}

/* Look for a free buddy that straddles @start_pfn. */
unsigned long find_large_buddy(struct mc_machine *m, unsigned long start_pfn)
{
	unsigned int order = 0;
	unsigned long pfn = start_pfn;
	struct page *page;

	while (!PageBuddy(page = pfn_to_page(m, pfn))) {
		if (++order > m->max_page_order)
			return start_pfn;
		pfn &= ~0UL << order;
		if (pfn < m->base_pfn)
			return start_pfn;
	}
	if (pfn + (1UL << buddy_order(page)) > start_pfn)
		return pfn;
	return start_pfn;
}

/*
 * move_freepages_block_isolate - move a pageblock's free pages for page
 * isolation.  A free block larger than a pageblock that contains this one
 * is split into pageblocks first, so that only the block of interest
 * changes type.
 */
bool move_freepages_block_isolate(struct zone *zone, struct page *page,
				  int migratetype)
{
	struct mc_machine *m = zone->m;
	unsigned long start_pfn, pfn;

	if (!prep_move_freepages_block(zone, page, &start_pfn, NULL, NULL))
		return false;

	/* No splits needed if buddies cannot span several blocks. */
	if (m->pageblock_order == m->max_page_order)
		goto move;

	/* We are a tail block of a larger buddy. */
	pfn = find_large_buddy(m, start_pfn);
	if (pfn != start_pfn) {
		struct page *buddy = pfn_to_page(m, pfn);
		unsigned int order = buddy_order(buddy);

		del_page_from_free_list(buddy, zone, order,
					get_pfnblock_migratetype(m, pfn));
		set_pageblock_migratetype(m, start_pfn, migratetype);
		split_large_buddy(zone, buddy, pfn, (int)order, FPI_NONE);
		return true;
	}

	/* We are the first block of a larger buddy. */
	if (PageBuddy(page) && buddy_order(page) > m->pageblock_order) {
		unsigned int order = buddy_order(page);

		del_page_from_free_list(page, zone, order,
					get_pfnblock_migratetype(m, start_pfn));
		set_pageblock_migratetype(m, start_pfn, migratetype);
		split_large_buddy(zone, page, start_pfn, (int)order, FPI_NONE);
		return true;
	}
move:
	__move_freepages_block(zone, start_pfn,
			       get_pfnblock_migratetype(m, start_pfn),
			       migratetype);
	return true;
}

/*
 * When falling back to another type, try to take the other free pages of
 * the same pageblock too, instead of polluting several blocks.  A large
 * free block suggests the pageblock is mostly free; unmovable and
 * reclaimable requests steal regardless of size, because their polluting
 * a movable block is worse than the reverse.
 */
static bool can_steal_fallback(const struct mc_machine *m,
			       unsigned int order, int start_mt)
{
	/* Kept separate from the relaxed check below on purpose: at this
	 * size the whole pageblock can be claimed. */
	if (order >= m->pageblock_order)
		return true;
	if (order >= m->pageblock_order / 2 ||
	    start_mt == MIGRATE_RECLAIMABLE ||
	    start_mt == MIGRATE_UNMOVABLE ||
	    m->page_group_by_mobility_disabled)
		return true;
	return false;
}

static bool boost_watermark(struct zone *zone)
{
	struct mc_machine *m = zone->m;
	unsigned long max_boost;

	if (!m->sysctl.watermark_boost_factor)
		return false;
	/* (A kdump capture kernel would not boost; we are never one.) */
	/* Boosting small zones would cause immediate OOM. */
	if ((m->pageblock_nr_pages * 4) > zone_managed_pages(zone))
		return false;
	max_boost = mult_frac(zone->_watermark[WMARK_HIGH],
			      (unsigned long)m->sysctl.watermark_boost_factor,
			      10000);
	/* An uninitialised high watermark early in boot: do not boost. */
	if (!max_boost)
		return false;
	max_boost = max(m->pageblock_nr_pages, max_boost);
	zone->watermark_boost = min(zone->watermark_boost +
					    m->pageblock_nr_pages,
				    max_boost);
	return true;
}

/*
 * try_to_steal_block - claim the pageblock of @page for @start_type if the
 * block is large enough, or if at least half of it is free or compatible.
 */
static struct page *try_to_steal_block(struct zone *zone, struct page *page,
				       int current_order, int order,
				       int start_type,
				       unsigned int alloc_flags)
{
	struct mc_machine *m = zone->m;
	int free_pages, movable_pages, alike_pages;
	unsigned long start_pfn;
	int block_type;

	block_type = get_pageblock_migratetype(m, page);
	/* Races could break highatomic accounting: leave those alone. */
	if (is_migrate_highatomic(block_type))
		return NULL;

	/* Take ownership for orders >= pageblock_order. */
	if ((unsigned)current_order >= m->pageblock_order) {
		unsigned int nr_added;

		del_page_from_free_list(page, zone, (unsigned)current_order,
					block_type);
		change_pageblock_range(m, page_to_pfn(m, page), current_order,
				       start_type);
		nr_added = expand(zone, page, order, current_order,
				  start_type);
		account_freepages(zone, (int)nr_added, start_type);
		return page;
	}

	/* Boost watermarks to raise reclaim pressure against further
	 * fallbacks; wake kswapd (in rmqueue) as the node may look
	 * balanced. */
	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		zone_set_bit(zone, ZONE_BOOSTED_WATERMARK);

	/* Moving the whole block can fail at zone boundaries. */
	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages,
				       &movable_pages))
		return NULL;

	/*
	 * How many pages are compatible with our allocation?  For movable,
	 * the movable pages; for unmovable or reclaimable falling back to a
	 * movable block, every non-movable page; between unmovable and
	 * reclaimable we cannot tell, so none.
	 */
	if (start_type == MIGRATE_MOVABLE) {
		alike_pages = movable_pages;
	} else {
		if (block_type == MIGRATE_MOVABLE)
			alike_pages = (int)m->pageblock_nr_pages -
				      (free_pages + movable_pages);
		else
			alike_pages = 0;
	}
	/* Enough free or compatible pages: claim the whole block. */
	if (free_pages + alike_pages >= (1 << (m->pageblock_order - 1)) ||
	    m->page_group_by_mobility_disabled) {
		__move_freepages_block(zone, start_pfn, block_type,
				       start_type);
		return __rmqueue_smallest(zone, (unsigned)order, start_type);
	}
	return NULL;
}

/*
 * Is there a fallback free block at this order?  With @only_stealable,
 * only when the whole block could be taken (used by compaction to decide
 * whether it has made a usable page).
 */
int find_suitable_fallback(struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable,
			   bool *can_steal)
{
	/* @area belongs to a zone; find its machine through the zone. */
	struct zone *zone = (struct zone *)((char *)(area - order) -
					    offsetof(struct zone, free_area));
	const struct mc_machine *m = zone->m;
	int i, fallback_mt;

	if (area->nr_free == 0)
		return -1;

	*can_steal = false;
	for (i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		fallback_mt = fallbacks[migratetype][i];
		if (free_area_empty(m, area, fallback_mt))
			continue;
		if (can_steal_fallback(m, order, migratetype))
			*can_steal = true;
		if (!only_stealable)
			return fallback_mt;
		if (*can_steal)
			return fallback_mt;
	}
	return -1;
}

/*
 * Reserve the pageblock(s) around a high-order atomic allocation for such
 * allocations: at least one pageblock, at most about 1% of the zone.
 */
static void reserve_highatomic_pageblock(struct page *page, int order,
					 struct zone *zone)
{
	struct mc_machine *m = zone->m;
	unsigned long max_managed;
	unsigned long pfn = page_to_pfn(m, page);
	int mt;

	/* 1% below a pageblock: reserve nothing. */
	if ((zone_managed_pages(zone) / 100) < m->pageblock_nr_pages)
		return;
	max_managed = ALIGN(zone_managed_pages(zone) / 100,
			    m->pageblock_nr_pages);
	if (zone->nr_reserved_highatomic >= max_managed)
		return;

	zone_lock(zone);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out_unlock;
	mt = get_pfnblock_migratetype(m, pfn);
	/* Only normal pageblocks (those that can merge with others). */
	if (!migratetype_is_mergeable(mt))
		goto out_unlock;
	if ((unsigned)order < m->pageblock_order) {
		if (move_freepages_block(zone, page, mt,
					 MIGRATE_HIGHATOMIC) == -1)
			goto out_unlock;
		zone->nr_reserved_highatomic += m->pageblock_nr_pages;
	} else {
		change_pageblock_range(m, pfn, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
out_unlock:
	zone_unlock(zone);
}

/*
 * Give a highatomic pageblock back before an allocation fails: failed
 * atomic allocations are easier to recover from than an OOM.  @force also
 * takes the last reserved pageblock.
 */
static bool unreserve_highatomic_pageblock(const struct alloc_context *ac,
					   bool force)
{
	struct zoneref *z;

	for (z = ac->zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		struct mc_machine *m = zone->m;
		unsigned int order;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		/* Keep at least one pageblock unless pressure is extreme. */
		if (!force &&
		    zone->nr_reserved_highatomic <= m->pageblock_nr_pages)
			continue;

		zone_lock(zone);
		for (order = 0; order < m->nr_page_orders; order++) {
			struct free_area *area = &zone->free_area[order];
			struct page *page;
			int mt, ret;

			page = get_page_from_free_area(zone, area,
						       MIGRATE_HIGHATOMIC);
			if (!page)
				continue;
			mt = get_pageblock_migratetype(m, page);
			/* Adjust the count once per block, watching for an
			 * underflow. */
			if (is_migrate_highatomic(mt)) {
				unsigned long size;

				size = max(m->pageblock_nr_pages,
					   1UL << order);
				size = min(size, zone->nr_reserved_highatomic);
				zone->nr_reserved_highatomic -= size;
			}
			/*
			 * Convert to the requester's type directly, without
			 * the stealing heuristics: the caller needs the pages,
			 * and converting to another type could leave more
			 * blocks that can never be fully freed.
			 */
			if (order < m->pageblock_order) {
				ret = move_freepages_block(zone, page, mt,
							   ac->migratetype);
			} else {
				move_to_free_list(page, zone, order, mt,
						  ac->migratetype);
				change_pageblock_range(m,
						       page_to_pfn(m, page),
						       (int)order,
						       ac->migratetype);
				ret = 1;
			}
			if (ret > 0) {
				zone_unlock(zone);
				return true;
			}
		}
		zone_unlock(zone);
	}
	return false;
}

/*
 * Try to allocate from a fallback type by claiming a whole pageblock,
 * largest free block first (it approximates the block with the most free
 * pages, which would be too costly to find exactly).
 */
static struct page *__rmqueue_claim(struct zone *zone, int order,
				    int start_migratetype,
				    unsigned int alloc_flags)
{
	struct mc_machine *m = zone->m;
	int current_order;
	int min_order = order;
	bool can_steal;

	/* Do not take blocks below pageblock size from other pageblocks
	 * while avoiding fragmentation: the zonelist is retried without
	 * ALLOC_NOFRAGMENT if no zone has free memory. */
	if ((unsigned)order < m->pageblock_order &&
	    (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = (int)m->pageblock_order;

	for (current_order = (int)m->max_page_order;
	     current_order >= min_order; --current_order) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt;
		struct page *page;

		fallback_mt = find_suitable_fallback(area,
						     (unsigned)current_order,
						     start_migratetype, false,
						     &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal)
			break;
		page = get_page_from_free_area(zone, area, fallback_mt);
		page = try_to_steal_block(zone, page, current_order, order,
					  start_migratetype, alloc_flags);
		if (page) {
			TRACE(m, mm_page_alloc_extfrag,
			      (int64_t)page_to_pfn(m, page), order,
			      current_order, start_migratetype, fallback_mt,
			      start_migratetype ==
				      get_pageblock_migratetype(m, page));
			return page;
		}
	}
	return NULL;
}

/* Take a single block from a fallback type, leaving the pageblock's type
 * alone (this is what fragments). */
static struct page *__rmqueue_steal(struct zone *zone, int order,
				    int start_migratetype)
{
	struct mc_machine *m = zone->m;
	unsigned int current_order;
	bool can_steal;

	for (current_order = (unsigned)order;
	     current_order < m->nr_page_orders; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt;
		struct page *page;

		fallback_mt = find_suitable_fallback(area, current_order,
						     start_migratetype, false,
						     &can_steal);
		if (fallback_mt == -1)
			continue;
		page = get_page_from_free_area(zone, area, fallback_mt);
		page_del_and_expand(zone, page, order, (int)current_order,
				    fallback_mt);
		TRACE(m, mm_page_alloc_extfrag,
		      (int64_t)page_to_pfn(m, page), order, current_order,
		      start_migratetype, fallback_mt,
		      start_migratetype ==
			      get_pageblock_migratetype(m, page));
		return page;
	}
	return NULL;
}

enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CMA,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

/*
 * __rmqueue - take a block off the buddy lists (zone lock held): the
 * requested type first, then fallbacks with increasing fragmentation
 * risk.  *mode remembers where rmqueue_bulk() found pages so that its loop
 * does not search again.
 */
static struct page *__rmqueue(struct zone *zone, unsigned int order,
			      int migratetype, unsigned int alloc_flags,
			      enum rmqueue_mode *mode)
{
	struct page *page;

	if (zone->m->cma) {
		/* Balance movable allocations between regular and CMA
		 * memory: use CMA when it holds over half the free pages. */
		if ((alloc_flags & ALLOC_CMA) &&
		    zone_page_state(zone, NR_FREE_CMA_PAGES) >
			    zone_page_state(zone, NR_FREE_PAGES) / 2) {
			page = __rmqueue_cma_fallback(zone, order);
			if (page)
				return page;
		}
	}

	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page)
			return page;
		/* fall through */
	case RMQUEUE_CMA:
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_cma_fallback(zone, order);
			if (page) {
				*mode = RMQUEUE_CMA;
				return page;
			}
		}
		/* fall through */
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(zone, (int)order, migratetype,
				       alloc_flags);
		if (page) {
			/* Replenished the preferred lists: back to normal. */
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(zone, (int)order, migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/*
 * Take up to @count blocks under one hold of the zone lock; each goes to
 * the tail of @list, so the list is in physical order.
 */
static int rmqueue_bulk(struct zone *zone, unsigned int order,
			unsigned long count, uint32_t list, int migratetype,
			unsigned int alloc_flags)
{
	struct mc_machine *m = zone->m;
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	unsigned long i;

	zone_lock(zone);
	/* An arena's fast path refills only above the low watermark, which
	 * get_page_from_freelist checks before it (pcp_fast_alloc). */
	if (unlikely(alloc_flags & ALLOC_FAST_WMARK) &&
	    !zone_watermark_ok(zone, 0, low_wmark_pages(zone),
			       zone_idx(zone), ALLOC_WMARK_LOW)) {
		zone_unlock(zone);
		return 0;
	}
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype,
					      alloc_flags, &rmqm);

		if (unlikely(page == NULL))
			break;
		ilist_add_tail(m, page_idx(m, page), list);
		set_page_state(page, PS_PCP, 0);
		page->private = order;
		page->flags = (uint16_t)migratetype;
	}
	zone_unlock(zone);
	return (int)i;
}


/*
 * __isolate_free_page - take a free block off its list for compaction,
 * obeying the watermarks as an allocation would: the order-0 min
 * watermark raised by the block's size stands in for a high-order check
 * (the block is known to exist).  Blocks of at least half a pageblock
 * turn their pageblocks MOVABLE.
 */
unsigned int __isolate_free_page(struct mc_machine *m, struct page *page,
				 unsigned int order)
{
	unsigned long pfn = page_to_pfn(m, page);
	struct zone *zone = pfn_zone(m, pfn);
	int mt = get_pfnblock_migratetype(m, pfn);

	if (!is_migrate_isolate(mt)) {
		unsigned long watermark;

		watermark = zone->_watermark[WMARK_MIN] + (1UL << order);
		if (!zone_watermark_ok(zone, 0, watermark, 0, ALLOC_CMA))
			return 0;
	}

	del_page_from_free_list(page, zone, order, mt);

	if (order >= m->pageblock_order - 1) {
		unsigned long end = pfn + (1UL << order) - 1;

		for (; pfn < end; pfn += m->pageblock_nr_pages) {
			int bmt = get_pfnblock_migratetype(m, pfn);

			/* Only change normal pageblocks. */
			if (migratetype_is_mergeable(bmt))
				move_freepages_block(zone,
						     pfn_to_page(m, pfn), bmt,
						     MIGRATE_MOVABLE);
		}
	}
	return 1u << order;
}

/* Return a block taken by __isolate_free_page to the tail of its list. */
void __putback_isolated_page(struct mc_machine *m, struct page *page,
			     unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(m, page);

	__free_one_page(page, pfn, pfn_zone(m, pfn), order, mt,
			FPI_SKIP_REPORT_NOTIFY | FPI_TO_TAIL);
}

/* split_page - turn a non-compound block into independent order-0 pages. */
void split_page(struct mc_machine *m, struct page *page, unsigned int order)
{
	unsigned long n = 1UL << order;

	set_page_state(page, PS_ALLOC, 0);
	for (unsigned long i = 1; i < n; i++) {
		struct page *p = page + i;

		set_page_state(p, PS_ALLOC, 0);
		p->private = page->private;
		p->flags = page->flags;
		p->owner = page->owner;
	}
	(void)m;
}

/* ---- allocating: pcp and buddy -------------------------------------------- */

static inline void zone_statistics(struct zone *preferred_zone,
				   struct zone *z, long nr_account)
{
	struct mc_machine *m = z->m;
	enum numa_stat_item local_stat = NUMA_LOCAL;
	int znid = z->zone_pgdat->node_id;

	if (znid != numa_node_id(m))
		local_stat = NUMA_OTHER;
	if (znid == preferred_zone->zone_pgdat->node_id) {
		z->vm_numa_event[NUMA_HIT] += (unsigned long)nr_account;
	} else {
		z->vm_numa_event[NUMA_MISS] += (unsigned long)nr_account;
		preferred_zone->vm_numa_event[NUMA_FOREIGN] +=
			(unsigned long)nr_account;
	}
	z->vm_numa_event[local_stat] += (unsigned long)nr_account;
}

static inline void count_pgalloc(struct zone *zone, unsigned int order)
{
	count_vm_events(zone->m,
			(enum vm_event_item)(PGALLOC_FIRST_ZONE + zone->idx),
			1L << order);
}

static struct page *rmqueue_buddy(struct zone *preferred_zone,
				  struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;

	zone_lock(zone);
	if (alloc_flags & ALLOC_HIGHATOMIC)
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (!page) {
		enum rmqueue_mode rmqm = RMQUEUE_NORMAL;

		page = __rmqueue(zone, order, migratetype, alloc_flags, &rmqm);
		/*
		 * Failing now is worse than failing a high-order atomic
		 * allocation later: let OOM handling and non-blocking
		 * requests into the HIGHATOMIC reserves.
		 */
		if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
			page = __rmqueue_smallest(zone, order,
						  MIGRATE_HIGHATOMIC);
		if (!page) {
			zone_unlock(zone);
			return NULL;
		}
	}
	zone_unlock(zone);
	count_pgalloc(zone, order);
	zone_statistics(preferred_zone, zone, 1);
	return page;
}

/*
 * nr_pcp_alloc - how many blocks to take from the buddy on a pcp refill.
 * Consecutive order-0 refills without frees double the batch (up to
 * batch << 5) so that a streaming allocator takes the zone lock less.
 */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone,
			int order)
{
	int high, base_batch, batch, max_nr_alloc;
	int high_max, high_min;

	base_batch = pcp->batch;
	high_min = pcp->high_min;
	high_max = pcp->high_max;
	high = pcp->high = clamp(pcp->high, high_min, high_max);

	/* PCP disabled or boot pageset. */
	if (unlikely(high < base_batch))
		return 1;

	if (order)
		batch = base_batch;
	else
		batch = (base_batch << pcp->alloc_factor);

	/* A larger pcp->high would have let us avoid the zone. */
	if (high_min != high_max && !zone_test_bit(zone, ZONE_BELOW_HIGH))
		high = pcp->high = min(high + batch, high_max);

	if (!order) {
		max_nr_alloc = max(high - pcp->count - base_batch, base_batch);
		if (batch <= max_nr_alloc &&
		    pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}

	/* Scale batch to the order; batch 1 means "never store pages". */
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

static struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
				      int migratetype,
				      unsigned int alloc_flags,
				      struct per_cpu_pages *pcp, uint32_t list)
{
	struct mc_machine *m = zone->m;
	uint32_t idx;

	if (ilist_empty(m, list)) {
		int batch = nr_pcp_alloc(pcp, zone, (int)order);
		int alloced;

		alloced = rmqueue_bulk(zone, order, (unsigned long)batch, list,
				       migratetype, alloc_flags);
		pcp->count += alloced << order;
		if (unlikely(ilist_empty(m, list)))
			return NULL;
	}
	idx = ilist_first(m, list);
	ilist_del(m, idx);
	set_page_state(idx_page(m, idx), PS_FREE_TAIL, 0);
	pcp->count -= 1 << order;
	return idx_page(m, idx);
}

static struct page *rmqueue_pcplist(struct zone *preferred_zone,
				    struct zone *zone, unsigned int order,
				    int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp;
	struct page *page;
	uint32_t list;

	/* The trylock may fail against a parallel drain. */
	pcp = pcp_spin_trylock(zone);
	if (!pcp)
		return NULL;
	/* Allocation shrinks the batch of the next bulk free. */
	pcp->free_count >>= 1;
	pcp->expire = 3;
	list = pcp->lists[order_to_pindex(zone->m, migratetype, (int)order)];
	page = __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 list);
	pcp_spin_unlock(zone, pcp);
	if (page) {
		count_pgalloc(zone, order);
		zone_statistics(preferred_zone, zone, 1);
	}
	return page;
}

/*
 * take_free_block - the free frames [@pfn, @pfn + 2^@order) become one
 * allocated block, for an arena's defragmentation, which picks its own
 * destinations: the free block that contains them leaves its list and is
 * split around them, the other parts going back to the head of their
 * lists, as take_page_off_buddy() splits around one page
 * (break_down_buddy_pages).  No watermark is checked: the caller frees a
 * block of the same size for each one it takes.  NULL (nothing changed)
 * when the frames are not all inside one free buddy block.
 */
struct page *take_free_block(struct zone *zone, unsigned long pfn,
			     unsigned int order, gfp_t gfp)
{
	struct mc_machine *m = zone->m;
	struct page *page = NULL;

	if (pfn & ((1UL << order) - 1))
		return NULL;
	zone_lock(zone);
	for (unsigned int o = order; o < m->nr_page_orders; o++) {
		unsigned long cur = pfn & ~((1UL << o) - 1);
		struct page *head;
		unsigned int bo;
		int mt;

		if (!zone_spans_pfn(zone, cur))
			break;
		head = pfn_to_page(m, cur);
		if (!PageBuddy(head))
			continue;
		bo = buddy_order(head);
		if (bo < o)
			break;		/* a smaller free block: not all free */
		mt = get_pfnblock_migratetype(m, cur);
		if (is_migrate_isolate(mt))
			break;
		__del_page_from_free_list(head, zone, bo, mt);
		while (bo > order) {
			unsigned long half;

			bo--;
			half = cur + (1UL << bo);
			if (pfn >= half) {
				__add_to_free_list(pfn_to_page(m, cur), zone,
						   bo, mt, false);
				set_buddy_order(pfn_to_page(m, cur), bo);
				cur = half;
			} else {
				__add_to_free_list(pfn_to_page(m, half), zone,
						   bo, mt, false);
				set_buddy_order(pfn_to_page(m, half), bo);
			}
		}
		account_freepages(zone, -(1 << order), mt);
		page = pfn_to_page(m, pfn);
		break;
	}
	zone_unlock(zone);
	if (page) {
		prep_new_page(m, page, order, gfp, 0);
		count_pgalloc(zone, order);
		zone_statistics(zone, zone, 1);
	}
	return page;
}

/* ---- an arena's per-cpu fast path (src/arena/arena.c) ---------------------- */

/*
 * pcp_fast_alloc - an order-0 page of @migratetype from @cpu's pcp list of
 * @zone: rmqueue_pcplist without the rest of get_page_from_freelist.  The
 * caller holds only its CPU's fast-path lock (every holder of the API lock
 * holds them all); a refill takes the zone lock, as rmqueue_bulk does, and
 * happens only while the zone is above its low watermark (plus the
 * batch), which get_page_from_freelist would have checked first.  NULL
 * when the list is empty and cannot be refilled: the caller then takes
 * the full path.  The events go to @ev.
 */
struct page *pcp_fast_alloc(struct zone *zone, int cpu, int migratetype,
			    gfp_t gfp, struct pcp_fast_events *ev)
{
	struct mc_machine *m = zone->m;
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	uint32_t list = pcp->lists[order_to_pindex(m, migratetype, 0)];
	int saved_free_count = pcp->free_count;
	struct page *page;
	uint32_t idx;

	pcp->free_count >>= 1;
	pcp->expire = 3;
	if (ilist_empty(m, list)) {
		int batch = nr_pcp_alloc(pcp, zone, 0);

		pcp->count += rmqueue_bulk(zone, 0, (unsigned long)batch,
					   list, migratetype,
					   ALLOC_FAST_WMARK);
		if (ilist_empty(m, list)) {
			pcp->free_count = saved_free_count;
			return NULL;
		}
	}
	idx = ilist_first(m, list);
	ilist_del(m, idx);
	page = idx_page(m, idx);
	set_page_state(page, PS_FREE_TAIL, 0);
	pcp->count -= 1;
	prep_new_page(m, page, 0, gfp, 0);
	ev->pgalloc++;
	ev->numa_hit++;
	if (zone->zone_pgdat->node_id == m->cpu_to_node[cpu])
		ev->numa_local++;
	else
		ev->numa_other++;
	return page;
}

/*
 * pcp_fast_free - free an allocated order-0 page to @cpu's pcp list, as
 * free_unref_page does, draining a batch to the buddy lists under the zone
 * lock when the list reaches its high mark.  false (nothing done) for a
 * page in a pageblock the pcp lists do not take (isolated, highatomic,
 * CMA): the caller takes the full path.
 */
bool pcp_fast_free(struct zone *zone, int cpu, struct page *page,
		   struct pcp_fast_events *ev)
{
	struct mc_machine *m = zone->m;
	int mt = get_pfnblock_migratetype(m, page_to_pfn(m, page));

	if (mt >= MIGRATE_PCPTYPES)
		return false;
	free_pages_prepare(m, page, 0);
	__free_unref_page_commit(zone, &zone->per_cpu_pageset[cpu], page, mt,
				 0, ev);
	return true;
}

/* The events of the fast path, counted where the kernel counts them. */
void pcp_fast_fold(struct zone *zone, struct pcp_fast_events *ev)
{
	struct mc_machine *m = zone->m;

	count_vm_events(m, (enum vm_event_item)(PGALLOC_FIRST_ZONE +
						zone->idx), ev->pgalloc);
	count_vm_events(m, PGFREE, ev->pgfree);
	zone->vm_numa_event[NUMA_HIT] += (unsigned long)ev->numa_hit;
	zone->vm_numa_event[NUMA_LOCAL] += (unsigned long)ev->numa_local;
	zone->vm_numa_event[NUMA_OTHER] += (unsigned long)ev->numa_other;
	memset(ev, 0, sizeof(*ev));
}

static struct page *rmqueue(struct zone *preferred_zone, struct zone *zone,
			    unsigned int order, gfp_t gfp_flags,
			    unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	if (likely(pcp_allowed_order(zone->m, order))) {
		page = rmqueue_pcplist(preferred_zone, zone, order,
				       migratetype, alloc_flags);
		if (likely(page))
			goto out;
	}
	page = rmqueue_buddy(preferred_zone, zone, order, alloc_flags,
			     migratetype);
out:
	if ((alloc_flags & ALLOC_KSWAPD) &&
	    unlikely(zone_test_bit(zone, ZONE_BOOSTED_WATERMARK))) {
		zone_clear_bit(zone, ZONE_BOOSTED_WATERMARK);
		wakeup_kswapd(zone, 0, 0, zone_idx(zone));
	}
	return page;
}

/* ---- watermarks ------------------------------------------------------------ */

static inline long __zone_watermark_unusable_free(struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	/* Without rights to the reserves, highatomic pages do not count. */
	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable_free += (long)z->nr_free_highatomic;
	/* Requests that cannot use CMA must not count CMA pages. */
	if (z->m->cma && !(alloc_flags & ALLOC_CMA))
		unusable_free += (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	return unusable_free;
}

/*
 * __zone_watermark_ok - free pages above @mark (plus the lowmem reserve
 * for @highest_zoneidx), and for a high-order request at least one free
 * block of a suitable order on a list the request may use.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx,
			 unsigned int alloc_flags, long free_pages)
{
	const struct mc_machine *m = z->m;
	long min = (long)mark;
	unsigned int o;

	/* free_pages may go negative - that's OK */
	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);

	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		/* __GFP_HIGH may use half of the min reserve. */
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			/* Non-blocking __GFP_HIGH (GFP_ATOMIC) a bit more. */
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		/* OOM victims are about to exit and free memory. */
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}

	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;

	for (o = order; o < m->nr_page_orders; o++) {
		const struct free_area *area = &z->free_area[o];
		int mt;

		if (!area->nr_free)
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(m, area, mt))
				return true;
		if (m->cma && (alloc_flags & ALLOC_CMA) &&
		    !free_area_empty(m, area, MIGRATE_CMA))
			return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(m, area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx,
				   alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags, gfp_t gfp_mask)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	/* A quick order-0 check; the reserves are counted only on failure. */
	if (!order) {
		long usable_free = free_pages;
		long reserved = __zone_watermark_unusable_free(z, 0,
							       alloc_flags);

		/* reserved may overestimate high-atomic reserves */
		usable_free -= min(usable_free, reserved);
		if (usable_free > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}

	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				free_pages))
		return true;

	/*
	 * Ignore the boost for __GFP_HIGH order-0 requests checking the min
	 * watermark: the min watermark is where boosting stops mattering,
	 * so that kswapd is still woken below the low watermark.
	 */
	if (unlikely(!order && (alloc_flags & ALLOC_MIN_RESERVE) &&
		     z->watermark_boost &&
		     ((alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN))) {
		mark = z->_watermark[WMARK_MIN];
		return __zone_watermark_ok(z, order, mark, highest_zoneidx,
					   alloc_flags, free_pages);
	}
	return false;
}

/* Our free page counts are exact: no per-cpu drift to fold. */
bool zone_watermark_ok_safe(struct zone *z, unsigned int order,
			    unsigned long mark, int highest_zoneidx)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, 0,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

/*
 * ALLOC_NOFRAGMENT only between Normal and DMA32: spreading into a
 * smaller DMA zone or a remote node costs more than fragmentation.
 */
static inline unsigned int alloc_flags_nofragment(struct mc_machine *m,
						  struct zone *zone,
						  gfp_t gfp_mask)
{
	unsigned int alloc_flags;

	alloc_flags = (gfp_mask & __GFP_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;
	if (!zone)
		return alloc_flags;
	if (zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	/* On UMA assume DMA32 is populated when Normal is. */
	if (m->nr_node_ids > 1 &&
	    !populated_zone(&zone->zone_pgdat->node_zones[ZONE_DMA32]))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

static inline unsigned int gfp_to_alloc_flags_cma(struct mc_machine *m,
						  gfp_t gfp_mask,
						  unsigned int alloc_flags)
{
	if (m->cma && gfp_migratetype(m, gfp_mask) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

struct zoneref *first_zones_zonelist(struct zonelist *zl,
				     enum zone_type highest_zoneidx)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > (int)highest_zoneidx)
		z++;
	return z;
}

/*
 * get_page_from_freelist - walk the zonelist from the preferred zone and
 * allocate from the first zone that passes its watermark.  The first pass
 * refuses fragmenting fallbacks (ALLOC_NOFRAGMENT) over the local zones;
 * only when all of them fail does it retry allowing them.
 */
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    int alloc_flags,
				    const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;
	bool no_fallback;
	struct zone *preferred = ac->preferred_zoneref->zone;
	struct mc_machine *m = preferred->m;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; (zone = z->zone) != NULL; z++) {
		struct page *page;
		unsigned long mark;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		/* (cpusets are not enabled; dirty limits are not modelled) */

		if (no_fallback && m->nr_node_ids > 1 && zone != preferred) {
			/* Locality beats fragmentation avoidance: going
			 * remote, retry allowing fragmenting fallbacks. */
			if (zone->zone_pgdat->node_id !=
			    preferred->zone_pgdat->node_id) {
				alloc_flags &= ~ALLOC_NOFRAGMENT;
				goto retry;
			}
		}

		/*
		 * Note when free pages fall below the high watermark: the
		 * free path then shrinks pcp->high to avoid premature
		 * reclaim.  Detected here to keep the free path fast.
		 */
		if (zone_test_bit(zone, ZONE_BELOW_HIGH))
			goto check_alloc_wmark;

		mark = high_wmark_pages(zone);
		if (zone_watermark_fast(zone, order, mark,
					(int)ac->highest_zoneidx,
					(unsigned)alloc_flags, gfp_mask))
			goto try_this_zone;
		else
			zone_set_bit(zone, ZONE_BELOW_HIGH);

check_alloc_wmark:
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		if (!zone_watermark_fast(zone, order, mark,
					 (int)ac->highest_zoneidx,
					 (unsigned)alloc_flags, gfp_mask)) {
			if (alloc_flags & ALLOC_NO_WATERMARKS)
				goto try_this_zone;
			/* vm.zone_reclaim_mode is 0: node reclaim is off. */
			if (!m->sysctl.zone_reclaim_mode)
				continue;
			continue;
		}

try_this_zone:
		page = rmqueue(preferred, zone, order, gfp_mask,
			       (unsigned)alloc_flags, ac->migratetype);
		if (page) {
			prep_new_page(m, page, order, gfp_mask,
				      (unsigned)alloc_flags);
			/* A high-order atomic allocation may reserve its
			 * pageblock for future ones. */
			if (unlikely(alloc_flags & ALLOC_HIGHATOMIC))
				reserve_highatomic_pageblock(page, (int)order,
							     zone);
			return page;
		}
	}

	/* All zones fragmented on UMA: reset and allow fallbacks. */
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/* ---- the slow path ------------------------------------------------------- */

static void wake_all_kswapds(unsigned int order, gfp_t gfp_mask,
			     const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;
	struct pglist_data *last_pgdat = NULL;

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		if (!managed_zone(zone))
			continue;
		if (last_pgdat != zone->zone_pgdat) {
			wakeup_kswapd(zone, gfp_mask, (int)order,
				      ac->highest_zoneidx);
			last_pgdat = zone->zone_pgdat;
		}
	}
}

int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	/* __GFP_HIGH == ALLOC_MIN_RESERVE, __GFP_KSWAPD_RECLAIM ==
	 * ALLOC_KSWAPD: copy them over. */
	if (gfp_mask & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (gfp_mask & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;

	if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		/* Not worth trying harder for __GFP_NOMEMALLOC. */
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		/* Ignore cpuset mems for non-blocking __GFP_HIGH. */
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	/* (no realtime tasks: no ALLOC_MIN_RESERVE for rt) */
	return (int)alloc_flags;
}

static int __gfp_pfmemalloc_flags(gfp_t gfp_mask)
{
	if (unlikely(gfp_mask & __GFP_NOMEMALLOC))
		return 0;
	if (gfp_mask & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (current && (current->flags & PF_MEMALLOC))
		return ALLOC_NO_WATERMARKS;
	if (current && current->oom_victim)
		return ALLOC_OOM;
	return 0;
}

bool gfp_pfmemalloc_allowed(gfp_t gfp_mask)
{
	return !!__gfp_pfmemalloc_flags(gfp_mask);
}

/*
 * should_reclaim_retry - would the allocation succeed if every reclaimable
 * page were reclaimed?  Gives up after MAX_RECLAIM_RETRIES rounds without
 * progress, and before giving up takes the highatomic reserves.
 */
static bool should_reclaim_retry(gfp_t gfp_mask, unsigned int order,
				 struct alloc_context *ac, int alloc_flags,
				 bool did_some_progress,
				 int *no_progress_loops)
{
	struct zone *zone;
	struct zoneref *z;
	bool ret = false;

	/* Costly orders are not expected to be satisfied by order-0
	 * reclaim progress alone. */
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;

	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		goto out;

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		unsigned long available, reclaimable;
		unsigned long min_wmark = min_wmark_pages(zone);
		bool wmark;

		available = reclaimable = zone_reclaimable_pages(zone);
		available += zone_page_state(zone, NR_FREE_PAGES);
		wmark = __zone_watermark_ok(zone, order, min_wmark,
					    (int)ac->highest_zoneidx,
					    (unsigned)alloc_flags,
					    (long)available);
		TRACE(zone->m, reclaim_retry_zone, zone->zone_pgdat->node_id,
		      z->zone_idx, order, (int64_t)reclaimable,
		      (int64_t)available, (int64_t)min_wmark,
		      *no_progress_loops, wmark);
		if (wmark) {
			ret = true;
			break;
		}
	}
out:
	/* Before OOM, exhaust the highatomic reserves. */
	if (!ret)
		return unreserve_highatomic_pageblock(ac, true);
	return ret;
}

static struct page *__alloc_pages_direct_reclaim(gfp_t gfp_mask,
						 unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 unsigned long *did_some_progress)
{
	struct mc_machine *m = ac->m;
	struct page *page = NULL;
	bool drained = false;
	unsigned int saved = current->flags;

	/* memalloc_noreclaim_save: reclaim must not recurse. */
	current->flags |= PF_MEMALLOC;
	*did_some_progress = try_to_free_pages(m, ac->zonelist, (int)order,
					       gfp_mask, ac->preferred_nid);
	current->flags = saved;
	if (unlikely(!(*did_some_progress)))
		return NULL;
retry:
	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	/*
	 * Failing right after reclaim may mean pages sit on the pcp lists or
	 * in the highatomic reserve: release them and try once more.
	 */
	if (!page && !drained) {
		unreserve_highatomic_pageblock(ac, false);
		drain_all_pages(m, NULL);
		drained = true;
		goto retry;
	}
	return page;
}

static struct page *__alloc_pages_cpuset_fallback(gfp_t gfp_mask,
						  unsigned int order,
						  unsigned int alloc_flags,
						  const struct alloc_context *ac)
{
	struct page *page;

	page = get_page_from_freelist(gfp_mask, order,
				      (int)(alloc_flags | ALLOC_CPUSET), ac);
	if (!page)
		page = get_page_from_freelist(gfp_mask, order,
					      (int)alloc_flags, ac);
	return page;
}

/*
 * __alloc_pages_may_oom - the last attempt before the OOM killer.  The
 * model has no processes to kill (the world layer may register one in a
 * later version): out_of_memory() makes no progress.
 */
static struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order,
					  const struct alloc_context *ac,
					  unsigned long *did_some_progress)
{
	struct page *page;

	*did_some_progress = 0;
	/* Keep a very high watermark: this only catches a parallel kill. */
	page = get_page_from_freelist((gfp_mask | __GFP_HARDWALL) &
					      ~__GFP_DIRECT_RECLAIM,
				      order, ALLOC_WMARK_HIGH | ALLOC_CPUSET,
				      ac);
	if (page)
		return page;
	/* The OOM killer does not help high orders, RETRY_MAYFAIL or
	 * THISNODE requests, or lowmem-only requests. */
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NULL;
	if (gfp_mask & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE))
		return NULL;
	if (ac->highest_zoneidx < ZONE_NORMAL)
		return NULL;
	/* out_of_memory(): no victim in the model. */
	return NULL;
}

/*
 * __alloc_pages_direct_compact - compact for a high-order allocation, then
 * take the captured page or try the free lists again.
 */
struct page *__alloc_pages_direct_compact(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  enum compact_priority prio,
					  enum compact_result *compact_result)
{
	struct mc_machine *m = ac->m;
	struct page *page = NULL;
	unsigned int saved;

	if (!order)
		return NULL;

	/* memalloc_noreclaim_save(): compaction must not recurse. */
	saved = current->flags;
	current->flags |= PF_MEMALLOC;
	*compact_result = try_to_compact_pages(gfp_mask, order, alloc_flags,
					       ac, prio, &page);
	current->flags = saved;

	if (*compact_result == COMPACT_SKIPPED)
		return NULL;
	/* Some zone was not deferred or skipped: a compaction stall. */
	count_vm_event(m, COMPACTSTALL);

	/* Prep a captured page if available. */
	if (page)
		prep_new_page(m, page, order, gfp_mask, alloc_flags);
	/* Else try the free lists. */
	if (!page)
		page = get_page_from_freelist(gfp_mask, order,
					      (int)alloc_flags, ac);
	if (page) {
		struct zone *zone = page_zone(m, page);

		zone->compact_blockskip_flush = false;
		compaction_defer_reset(zone, (int)order, true);
		count_vm_event(m, COMPACTSUCCESS);
		return page;
	}
	/* Compaction ran and failed: most likely there are pages but not
	 * enough to meet the watermarks. */
	count_vm_event(m, COMPACTFAIL);
	return NULL;
}

/* The kernel loops forever on a __GFP_NOFAIL request nothing can satisfy;
 * a single-threaded model would hang, so it stops after this many rounds
 * and reports the request as one that would never return. */
#define NOFAIL_MAX_LOOPS 1000

static struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order,
					   struct alloc_context *ac,
					   bool *would_hang)
{
	bool can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM;
	bool can_compact = gfp_compaction_allowed(gfp_mask);
	bool nofail = gfp_mask & __GFP_NOFAIL;
	const bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	struct page *page = NULL;
	unsigned int alloc_flags;
	unsigned long did_some_progress = 0;
	enum compact_priority compact_priority;
	enum compact_result compact_result;
	int compaction_retries;
	int no_progress_loops;
	int reserve_flags;
	int nofail_loops = 0;

	compaction_retries = 0;
	no_progress_loops = 0;
	compact_result = COMPACT_SKIPPED;
	compact_priority = DEF_COMPACT_PRIORITY;

	/* The fast path used conservative flags; set them precisely now. */
	alloc_flags = (unsigned)gfp_to_alloc_flags(gfp_mask, order);
	alloc_flags = gfp_to_alloc_flags_cma(ac->m, gfp_mask, alloc_flags);

	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist,
						     ac->highest_zoneidx);
	if (!ac->preferred_zoneref->zone)
		goto nopage;

	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(order, gfp_mask, ac);

	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	if (page)
		goto got_pg;

	/*
	 * For costly orders try compaction first: there are probably enough
	 * base pages and no need to reclaim.  Likewise for non-movable high
	 * orders, where compaction tries to avoid permanent fragmentation by
	 * migrating within blocks of the same type.  Not for requests that
	 * may ignore watermarks: their ALLOC_NO_WATERMARKS try comes first.
	 */
	if (can_direct_reclaim && can_compact &&
	    (costly_order ||
	     (order > 0 && ac->migratetype != MIGRATE_MOVABLE)) &&
	    !gfp_pfmemalloc_allowed(gfp_mask)) {
		page = __alloc_pages_direct_compact(gfp_mask, order,
						    alloc_flags, ac,
						    INIT_COMPACT_PRIORITY,
						    &compact_result);
		if (page)
			goto got_pg;

		/* Costly __GFP_NORETRY requests, THP faults among them. */
		if (costly_order && (gfp_mask & __GFP_NORETRY)) {
			/*
			 * Zones below their low watermark or compaction
			 * recently failed at this order: reclaim would be
			 * expensive and unlikely to free whole pageblocks.
			 */
			if (compact_result == COMPACT_SKIPPED ||
			    compact_result == COMPACT_DEFERRED)
				goto nopage;
			/* THP faults try the local node with compaction only
			 * (6.12.75): no reclaim pressure on a single node. */
			if (gfp_mask & __GFP_THISNODE)
				goto nopage;
			/* Reclaim/compaction is worth it, but sync
			 * compaction is expensive: stay async. */
			compact_priority = INIT_COMPACT_PRIORITY;
		}
	}

retry:
	/* Keep kswapd awake while we loop. */
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(order, gfp_mask, ac);

	reserve_flags = __gfp_pfmemalloc_flags(gfp_mask);
	if (reserve_flags)
		alloc_flags = gfp_to_alloc_flags_cma(ac->m, gfp_mask,
						     (unsigned)reserve_flags) |
			      (alloc_flags & ALLOC_KSWAPD);

	/* High priority requests ignore memory policies. */
	if (!(alloc_flags & ALLOC_CPUSET) || reserve_flags)
		ac->preferred_zoneref = first_zones_zonelist(
			ac->zonelist, ac->highest_zoneidx);

	page = get_page_from_freelist(gfp_mask, order, (int)alloc_flags, ac);
	if (page)
		goto got_pg;

	/* Caller is not willing to reclaim, we can't balance anything. */
	if (!can_direct_reclaim)
		goto nopage;

	/* Avoid recursion of direct reclaim. */
	if (current->flags & PF_MEMALLOC)
		goto nopage;

	page = __alloc_pages_direct_reclaim(gfp_mask, order, alloc_flags, ac,
					    &did_some_progress);
	if (page)
		goto got_pg;

	page = __alloc_pages_direct_compact(gfp_mask, order, alloc_flags, ac,
					    compact_priority, &compact_result);
	if (page)
		goto got_pg;

	/* Do not loop if specifically requested. */
	if (gfp_mask & __GFP_NORETRY)
		goto nopage;

	/* Costly orders loop only with __GFP_RETRY_MAYFAIL and compaction. */
	if (costly_order &&
	    (!can_compact || !(gfp_mask & __GFP_RETRY_MAYFAIL)))
		goto nopage;

	if (should_reclaim_retry(gfp_mask, order, ac, (int)alloc_flags,
				 did_some_progress > 0, &no_progress_loops))
		goto retry;

	/*
	 * Retrying compaction makes no sense if order-0 reclaim made no
	 * progress: compaction needs enough free memory to work with.
	 */
	if (did_some_progress > 0 && can_compact &&
	    should_compact_retry(ac, (int)order, (int)alloc_flags,
				 compact_result, &compact_priority,
				 &compaction_retries))
		goto retry;

	/* Reclaim has failed us, start killing things. */
	page = __alloc_pages_may_oom(gfp_mask, order, ac, &did_some_progress);
	if (page)
		goto got_pg;

	/* Avoid allocations with no watermarks from looping endlessly. */
	if (current->oom_victim &&
	    ((alloc_flags & ALLOC_OOM) || (gfp_mask & __GFP_NOMEMALLOC)))
		goto nopage;

	/* Retry as long as the OOM killer is making progress. */
	if (did_some_progress) {
		no_progress_loops = 0;
		goto retry;
	}

nopage:
	if (unlikely(nofail)) {
		/* Without direct reclaim nothing can be done: return NULL. */
		if (!can_direct_reclaim)
			goto fail;
		/* Some access to the high-priority reserves, but not
		 * ALLOC_NO_WATERMARKS, which would only make things worse. */
		page = __alloc_pages_cpuset_fallback(gfp_mask, order,
						     ALLOC_MIN_RESERVE, ac);
		if (page)
			goto got_pg;
		if (++nofail_loops < NOFAIL_MAX_LOOPS)
			goto retry;
		*would_hang = true;
	}
fail:
	/* warn_alloc(): "page allocation failure: order:%u" (not printed by
	 * the library; the failure is visible in the mm_page_alloc event). */
got_pg:
	return page;
}

/*
 * __alloc_pages_ctx - __alloc_pages_noprof: the fast path with
 * conservative flags, then the slow path.  Emits mm_page_alloc for
 * successes and failures alike.
 */
struct page *__alloc_pages_ctx(struct mc_machine *m, gfp_t gfp,
			       unsigned int order, int preferred_nid,
			       bool *would_hang)
{
	struct page *page;
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	gfp_t alloc_gfp;
	struct alloc_context ac = { 0 };

	if (order > m->max_page_order)
		return NULL;

	gfp &= gfp_allowed_mask;
	alloc_gfp = gfp;

	/* prepare_alloc_pages() */
	ac.highest_zoneidx = gfp_zone(gfp);
	ac.zonelist = node_zonelist(m, preferred_nid, gfp);
	ac.migratetype = gfp_migratetype(m, gfp);
	ac.preferred_nid = preferred_nid;
	ac.m = m;
	alloc_flags = gfp_to_alloc_flags_cma(m, gfp, alloc_flags);
	ac.spread_dirty_pages = (gfp & __GFP_WRITE);
	ac.preferred_zoneref = first_zones_zonelist(ac.zonelist,
						    ac.highest_zoneidx);
	if (!ac.preferred_zoneref->zone) {
		page = NULL;
		goto out;
	}

	/* Forbid fragmenting fallbacks until all local zones are tried. */
	alloc_flags |= alloc_flags_nofragment(m, ac.preferred_zoneref->zone,
					      gfp);

	page = get_page_from_freelist(alloc_gfp, order, (int)alloc_flags, &ac);
	if (likely(page))
		goto out;

	alloc_gfp = gfp;
	ac.spread_dirty_pages = false;
	page = __alloc_pages_slowpath(alloc_gfp, order, &ac, would_hang);
out:
	TRACE(m, mm_page_alloc, page ? (int64_t)page_to_pfn(m, page) : -1,
	      order, alloc_gfp, ac.migratetype);
	return page;
}

struct page *__alloc_pages(struct mc_machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid)
{
	bool hang = false;

	return __alloc_pages_ctx(m, gfp, order, preferred_nid, &hang);
}

/*
 * should_compact_retry - after a failed direct compaction in the retry
 * loop: retry at the same priority if compaction claimed success but the
 * allocation raced, otherwise escalate the priority until the minimum
 * allowed for the order (SYNC_FULL for non-costly, SYNC_LIGHT for costly).
 */
bool should_compact_retry(struct alloc_context *ac, int order,
			  int alloc_flags, enum compact_result compact_result,
			  enum compact_priority *compact_priority,
			  int *compaction_retries)
{
	struct mc_machine *m = ac->m;
	int max_retries = MAX_COMPACT_RETRIES;
	int min_priority;
	bool ret = false;
	int retries = *compaction_retries;
	enum compact_priority priority = *compact_priority;

	if (!order)
		return false;
	if (current->fatal_signal_pending)
		return false;

	/* Compaction skipped: is there enough memory for it to run? */
	if (compact_result == COMPACT_SKIPPED) {
		ret = compaction_zonelist_suitable(ac, order, alloc_flags);
		goto out;
	}

	/*
	 * Compaction thought it succeeded but the allocation raced.  Costly
	 * orders get fewer such retries: they are expensive and may fail.
	 */
	if (compact_result == COMPACT_SUCCESS) {
		if (order > PAGE_ALLOC_COSTLY_ORDER)
			max_retries /= 4;
		if (++(*compaction_retries) <= max_retries) {
			ret = true;
			goto out;
		}
	}

	/* Escalate; costly orders never reach the full sync priority. */
	min_priority = (order > PAGE_ALLOC_COSTLY_ORDER) ?
			       MIN_COMPACT_COSTLY_PRIORITY :
			       MIN_COMPACT_PRIORITY;
	if (*compact_priority > min_priority) {
		(*compact_priority)--;
		*compaction_retries = 0;
		ret = true;
	}
out:
	TRACE(m, compact_retry, order, priority, compact_result, retries,
	      max_retries, ret);
	return ret;
}

/* ---- sizing: watermarks, reserves, pcp ------------------------------------ */

/* Pages above the high watermark in zones <= @offset of this node's
 * zonelist (nr_free_zone_pages). */
static unsigned long nr_free_zone_pages(struct mc_machine *m, int offset)
{
	struct zoneref *z;
	struct zone *zone;
	unsigned long sum = 0;
	struct zonelist *zonelist = node_zonelist(m, numa_node_id(m),
						  GFP_KERNEL);

	for_each_zone_zonelist(zone, z, zonelist, offset) {
		unsigned long size = zone_managed_pages(zone);
		unsigned long high = high_wmark_pages(zone);

		if (size > high)
			sum += size - high;
	}
	return sum;
}

unsigned long nr_free_buffer_pages(struct mc_machine *m)
{
	return nr_free_zone_pages(m, gfp_zone(GFP_USER));
}

void calculate_totalreserve_pages(struct mc_machine *m)
{
	unsigned long reserve_pages = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long mx = 0;
			unsigned long managed = zone_managed_pages(zone);

			for (int j = i; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > mx)
					mx = zone->lowmem_reserve[j];
			/* the high watermark counts as reserved */
			mx += (long)high_wmark_pages(zone);
			if (mx > (long)managed)
				mx = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)mx;
			reserve_pages += (unsigned long)mx;
		}
	}
	m->totalreserve_pages = reserve_pages;
}

void setup_per_zone_lowmem_reserve(struct mc_machine *m)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = m->sysctl.lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed_pages = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				struct zone *upper = &pgdat->node_zones[j];

				managed_pages += zone_managed_pages(upper);
				if (clear)
					zone->lowmem_reserve[j] = 0;
				else
					zone->lowmem_reserve[j] =
						(long)(managed_pages /
						       (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

static void __setup_per_zone_wmarks(struct mc_machine *m)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >>
				  (m->page_shift - 10);
	unsigned long lowmem_pages = 0;

	/* All !HighMem, !Movable zones of all nodes. */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *zone;

		for_each_zone_in_node(m->node_data[nid], zone)
			if (zone_idx(zone) != ZONE_MOVABLE)
				lowmem_pages += zone_managed_pages(zone);
	}

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *zone;

		for_each_zone_in_node(m->node_data[nid], zone) {
			uint64_t tmp;

			zone_lock(zone);
			tmp = (uint64_t)pages_min * zone_managed_pages(zone);
			tmp = lowmem_pages ? tmp / lowmem_pages : 0;
			if (zone_idx(zone) == ZONE_MOVABLE) {
				/*
				 * __GFP_HIGH and PF_MEMALLOC allocations do
				 * not need movable pages: cap the reserve.
				 */
				unsigned long min_pages;

				min_pages = zone_managed_pages(zone) / 1024;
				min_pages = clamp(min_pages, SWAP_CLUSTER_MAX,
						  128UL);
				zone->_watermark[WMARK_MIN] = min_pages;
			} else {
				/* Lowmem: proportional to the zone's size. */
				zone->_watermark[WMARK_MIN] = tmp;
			}
			/*
			 * The kswapd distances scale with memory but keep a
			 * minimum on small systems.
			 */
			tmp = max((uint64_t)(tmp >> 2),
				  (uint64_t)mult_frac(zone_managed_pages(zone),
					(unsigned long)
					m->sysctl.watermark_scale_factor,
					10000));
			zone->watermark_boost = 0;
			zone->_watermark[WMARK_LOW] =
				min_wmark_pages(zone) + tmp;
			zone->_watermark[WMARK_HIGH] =
				low_wmark_pages(zone) + tmp;
			zone->_watermark[WMARK_PROMO] =
				high_wmark_pages(zone) + tmp;
			zone_unlock(zone);
		}
	}
	calculate_totalreserve_pages(m);
}

int zone_batchsize(struct zone *zone)
{
	struct mc_machine *m = zone->m;
	long batch;

	/*
	 * About 0.1% of the zone or 1 MiB, whichever is smaller: a balance
	 * between allocation latency and zone lock contention.
	 */
	batch = (long)min(zone_managed_pages(zone) >> 10,
			  (1UL << 20) >> m->page_shift);
	batch /= 4;		/* We effectively *= 4 below */
	if (batch < 1)
		batch = 1;
	/*
	 * Clamp to 2^n - 1: powers of two had poor cache aliasing when two
	 * tasks allocate alternately.
	 */
	batch = (long)rounddown_pow_of_two((unsigned long)(batch + batch / 2))
		- 1;
	return (int)batch;
}

static int cpus_of_node(const struct mc_machine *m, int nid)
{
	int n = 0;

	for (int c = 0; c < m->nr_cpu_ids; c++)
		if (m->cpu_to_node[c] == nid)
			n++;
	return n;
}

int zone_highsize(struct zone *zone, int batch, int cpu_online,
		  int high_fraction)
{
	struct mc_machine *m = zone->m;
	int high, nr_split_cpus;
	unsigned long total_pages;

	if (!high_fraction) {
		/* Based on the low watermark, so that full pcp lists do not
		 * start background reclaim prematurely. */
		total_pages = low_wmark_pages(zone);
	} else {
		total_pages = zone_managed_pages(zone) /
			      (unsigned long)high_fraction;
	}
	/* Split across the zone's node's CPUs (all CPUs for a node without
	 * any, so that pcp pages do not trigger reclaim early). */
	nr_split_cpus = cpus_of_node(m, zone->zone_pgdat->node_id) +
			cpu_online;
	if (!nr_split_cpus)
		nr_split_cpus = m->nr_cpu_ids;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	/* At least batch * 4, the historical relationship. */
	high = max(high, batch << 2);
	return high;
}

static void zone_set_pageset_high_and_batch(struct zone *zone, int cpu_online)
{
	struct mc_machine *m = zone->m;
	int new_high_min, new_high_max, new_batch;
	int fraction = m->sysctl.percpu_pagelist_high_fraction;

	new_batch = max(1, zone_batchsize(zone));
	if (fraction) {
		new_high_min = zone_highsize(zone, new_batch, cpu_online,
					     fraction);
		/* Tuned by hand: no auto-tuning between min and max. */
		new_high_max = new_high_min;
	} else {
		new_high_min = zone_highsize(zone, new_batch, cpu_online, 0);
		new_high_max = zone_highsize(zone, new_batch, cpu_online,
					     MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	}
	if (zone->pageset_high_min == new_high_min &&
	    zone->pageset_high_max == new_high_max &&
	    zone->pageset_batch == new_batch)
		return;
	zone->pageset_high_min = new_high_min;
	zone->pageset_high_max = new_high_max;
	zone->pageset_batch = new_batch;
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pcp->batch = new_batch;
		pcp->high_min = new_high_min;
		pcp->high_max = new_high_max;
	}
}

void zone_pcp_update_all(struct mc_machine *m)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *zone;

		for_each_zone_in_node(m->node_data[nid], zone)
			zone_set_pageset_high_and_batch(zone, 0);
	}
}

void setup_per_zone_wmarks(struct mc_machine *m)
{
	__setup_per_zone_wmarks(m);
	/* The watermarks changed: pcp batch and high depend on them. */
	zone_pcp_update_all(m);
}

/*
 * min_free_kbytes = sqrt(lowmem_kbytes * 16): small machines small (128k
 * minimum), large machines large (256 MiB maximum), growing like a square
 * root because network bandwidth does not grow linearly with memory.
 */
void calculate_min_free_kbytes(struct mc_machine *m)
{
	unsigned long lowmem_kbytes;
	int new_min_free_kbytes;

	lowmem_kbytes = nr_free_buffer_pages(m) *
			((1UL << m->page_shift) >> 10);
	new_min_free_kbytes = (int)int_sqrt(lowmem_kbytes * 16);
	if (new_min_free_kbytes > m->sysctl.user_min_free_kbytes)
		m->sysctl.min_free_kbytes = clamp(new_min_free_kbytes, 128,
						  262144);
	/* else the user's value is kept (the kernel logs a warning) */
}

/*
 * set_recommended_min_free_kbytes (mm/khugepaged.c) - with THP enabled,
 * keep two pageblocks free per lowmem zone plus room for one fallback
 * pageblock per migratetype pair, capped at 5% of lowmem.
 */
void set_recommended_min_free_kbytes(struct mc_machine *m)
{
	int nr_zones = 0;
	unsigned long recommended_min;

	/*
	 * THP switched off (transparent_hugepage/enabled = never): the
	 * raise is undone by recomputing the default, as the kernel does
	 * when start_stop_khugepaged() finds hugepage_pmd_enabled() false.
	 */
	if (!hugepage_pmd_enabled(m)) {
		calculate_min_free_kbytes(m);
		setup_per_zone_wmarks(m);
		return;
	}

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *zone;

		for_each_zone_in_node(m->node_data[nid], zone) {
			if (!populated_zone(zone))
				continue;
			/* ZONE_MOVABLE holds only movable pages. */
			if (zone_idx(zone) > gfp_zone(GFP_USER))
				continue;
			nr_zones++;
		}
	}
	recommended_min = m->pageblock_nr_pages * (unsigned long)nr_zones * 2;
	recommended_min += m->pageblock_nr_pages * (unsigned long)nr_zones *
			   MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	recommended_min = min(recommended_min, nr_free_buffer_pages(m) / 20);
	recommended_min <<= (m->page_shift - 10);
	if (recommended_min > (unsigned long)m->sysctl.min_free_kbytes)
		m->sysctl.min_free_kbytes = (int)recommended_min;
	setup_per_zone_wmarks(m);
}

/*
 * page_alloc_init_machine - build_all_zonelists' decision on mobility
 * grouping: off when the system is too small for it to work.
 */
void page_alloc_init_machine(struct mc_machine *m)
{
	unsigned long vm_total_pages = 0;
	struct zonelist *zl = node_zonelist(m, 0, GFP_KERNEL);
	struct zoneref *z;
	struct zone *zone;

	/*
	 * At this point (build_all_zonelists, before memblock_free_all) the
	 * watermarks are 0 and free_area_init_core() has set each zone's
	 * managed pages to its present pages.
	 */
	for_each_zone_zonelist(zone, z, zl, gfp_zone(GFP_HIGHUSER_MOVABLE))
		vm_total_pages += zone->present_pages;
	m->page_group_by_mobility_disabled =
		vm_total_pages < m->pageblock_nr_pages *
					 (unsigned long)m->nr_migratetypes;
}
