// SPDX-License-Identifier: GPL-2.0-only
/*
 * contig.c - allocating a given pfn range (mm/page_alloc.c: the
 * CONFIG_CONTIG_ALLOC part, 6.12.117).
 *
 * This file owns alloc_contig_range() and what it needs: the gfp check
 * (__alloc_contig_verify_gfp_mask), migrating everything movable out of
 * the isolated range (__alloc_contig_migrate_range with
 * alloc_migration_target, the target allocator of mm/migrate.c), taking
 * the then-free range off the Isolate free lists (isolate_freepages_range,
 * strict) and handing it out as order-0 pages or as one compound page
 * (__GFP_COMP); alloc_contig_pages(), which searches the zones for a range
 * to try; free_contig_range(); isolate_or_dissolve_huge_page() (for the
 * migration scanner's hugetlb case) and the public mc_*contig* entry
 * points.
 *
 * The order of steps is the kernel's:
 *   isolate the pageblocks (page_isolation.c) -> drain the pcp lists ->
 *   migrate (5 tries per batch of isolated folios) -> find_large_buddy ->
 *   test_pages_isolated -> isolate_freepages_range -> split / compound ->
 *   give back what lies outside [start, end) -> undo the isolation.
 *
 * Where the model differs, and why:
 *  - reclaim_clean_pages_from_list() is not modelled: clean page cache in
 *    the range is migrated instead of dropped (nr_reclaimed is always 0).
 *    Dropping needs the owner's reclaim operation and the reclaim model;
 *    migrating reaches the same end state for the range.
 *  - A hugetlb folio's migration target is allocated from the buddy
 *    allocator (the kernel's surplus fallback, alloc_migrate_hugetlb_folio)
 *    rather than taken from the pool's free list; the source is then freed
 *    to the buddy allocator like a temporary folio.
 *  - With __GFP_COMP the kernel WARNs, returns -EINVAL and leaks the pages
 *    it isolated when the range is not exactly the isolated blocks; we
 *    give them back to the (isolated) free lists so that every page frame
 *    stays accounted for.  The same -EINVAL is returned for an exact range
 *    whose compound page the memmap cannot hold (not aligned to its size,
 *    or larger than MAX_PAGE_ORDER; the kernel would build it).
 *  - __alloc_contig_migrate_range: a range whose trailing pageblocks the
 *    migration scanner cannot enter would make the kernel loop; the scan
 *    position defaults to the end of the range so that the loop ends.
 */
#include "mm/internal.h"

#include <errno.h>
#include <string.h>

/* ---- folio helpers ------------------------------------------------------- */

static inline bool ct_folio_test_hugetlb(const struct page *folio)
{
	return page_kind(folio) == MC_PAGE_HUGETLB;
}

static inline unsigned int ct_folio_order(const struct page *folio)
{
	return page_test_flag(folio, PG_head) ? page_sto_order(folio) : 0;
}

/*
 * folio_mapped(): anonymous folios are mapped by definition in the model
 * (NR_ANON_MAPPED counts them all), page cache when PG_mapped says so,
 * hugetlb folios in use by their mapping; movable_ops pages never.
 */
static inline bool ct_folio_mapped(const struct page *folio)
{
	switch (page_kind(folio)) {
	case MC_PAGE_ANON:
	case MC_PAGE_HUGETLB:
		return true;
	case MC_PAGE_FILE:
		return page_test_flag(folio, PG_mapped);
	default:
		return false;
	}
}

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static inline unsigned int ilog2_ul(unsigned long n)
{
	return (unsigned int)(63 - __builtin_clzl(n));
}

/* ---- migration targets (mm/migrate.c) ------------------------------------ */

/*
 * alloc_migration_target - a new folio for @src: order and type from the
 * source, from the node and with the gfp of @private.  Large folios are
 * allocated as THPs are (no direct reclaim, GFP_TRANSHUGE); ZONE_MOVABLE
 * sources may go to ZONE_MOVABLE (__GFP_HIGHMEM).  __folio_alloc() adds
 * __GFP_COMP to every request.
 */
struct page *alloc_migration_target(struct page *src, unsigned long private)
{
	struct migration_target_control *mtc =
		(struct migration_target_control *)private;
	struct mc_machine *m = mtc->m;
	gfp_t gfp_mask = mtc->gfp_mask;
	unsigned int order = 0;
	int nid = mtc->nid;
	int zidx;

	if (nid == NUMA_NO_NODE)
		nid = page_zone(m, src)->zone_pgdat->node_id;

	if (ct_folio_test_hugetlb(src)) {
		/*
		 * htlb_modify_alloc_mask() + the surplus fallback of
		 * alloc_hugetlb_folio_nodemask(): the hstate's mask, the
		 * caller's THISNODE/NOWARN; reasons other than hotplug,
		 * memory failure and the migration syscalls keep the
		 * per-node pool intact (__GFP_THISNODE); a fresh folio is
		 * tried hard (__GFP_RETRY_MAYFAIL).
		 */
		gfp_t h = GFP_HIGHUSER_MOVABLE |
			  (gfp_mask & (__GFP_THISNODE | __GFP_NOWARN));

		if (mtc->reason != MR_MEMORY_HOTPLUG &&
		    mtc->reason != MR_MEMORY_FAILURE &&
		    mtc->reason != MR_SYSCALL &&
		    mtc->reason != MR_MEMPOLICY_MBIND)
			h |= __GFP_THISNODE;
		h |= __GFP_COMP | __GFP_NOWARN | __GFP_RETRY_MAYFAIL;
		return __alloc_pages(m, h, ct_folio_order(src), nid);
	}

	if (ct_folio_order(src)) {
		/* as a regular THP allocation: no direct reclaim */
		gfp_mask &= ~__GFP_RECLAIM;
		gfp_mask |= GFP_TRANSHUGE;
		order = ct_folio_order(src);
	}
	zidx = (int)zone_idx(page_zone(m, src));
	if (zidx == ZONE_MOVABLE)
		gfp_mask |= __GFP_HIGHMEM;

	return __alloc_pages(m, gfp_mask | __GFP_COMP, order, nid);
}

/* ---- hugetlb in a contiguous range (mm/hugetlb.c) ------------------------ */

/*
 * isolate_or_dissolve_huge_page - for the migration scanner in
 * alloc_contig mode: a hugetlb folio in use is isolated for migration
 * (isolate_hugetlb: to the tail of @list); a free one is dissolved into
 * buddy pages by the pool.  Gigantic folios are refused with -ENOMEM (they
 * are themselves made by alloc_contig_range: a cyclic dependency), which
 * stops the scan.  Returns 0 or -EBUSY/-ENOMEM.
 */
int isolate_or_dissolve_huge_page(struct mc_machine *m, struct page *page,
				  uint32_t list)
{
	struct page *folio = page;

	if (page_state(folio) == PS_ALLOC_TAIL)
		folio -= folio->private;
	/* Dissolved under us: as if we did it. */
	if (page_state(folio) != PS_ALLOC || !ct_folio_test_hugetlb(folio))
		return 0;
	if (ct_folio_order(folio) > m->max_page_order)
		return -ENOMEM;

	if (!hugetlb_folio_is_free(m, folio)) {
		if (page_test_flag(folio, PG_isolated))
			return -EBUSY;
		page_set_flag(folio, PG_isolated);
		ilist_add_tail(m, page_idx(m, folio), list);
		return 0;
	}
	return dissolve_free_hugetlb_folio(m, folio);
}

/* ---- alloc_contig_range -------------------------------------------------- */

/*
 * The cc lists: migratepages and freepages[order] are sentinel lists
 * (INIT_LIST_HEAD in the kernel).
 */
static int contig_lists_init(struct mc_machine *m, struct compact_control *cc)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS_MAX; o++)
		cc->freepages[o] = LIST_POISON_IDX;
	cc->migratepages = sentinel_get(m);
	if (cc->migratepages == LIST_POISON_IDX)
		return -ENOMEM;
	for (unsigned int o = 0; o < m->nr_page_orders; o++) {
		cc->freepages[o] = sentinel_get(m);
		if (cc->freepages[o] == LIST_POISON_IDX)
			return -ENOMEM;
	}
	return 0;
}

static void contig_lists_free(struct mc_machine *m, struct compact_control *cc)
{
	sentinel_put(m, cc->migratepages);
	cc->migratepages = LIST_POISON_IDX;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS_MAX; o++) {
		sentinel_put(m, cc->freepages[o]);
		cc->freepages[o] = LIST_POISON_IDX;
	}
}

/*
 * __alloc_contig_migrate_range - migrate every movable page of [start,
 * end) out of the (isolated) range.  Based on compact_zone(): isolate up
 * to COMPACT_CLUSTER_MAX pages, migrate them with MR_CONTIG_RANGE; a batch
 * that still has pages after 5 attempts gives -EBUSY.  The new pages come
 * from outside the range (its pageblocks are Isolate, which no allocation
 * reaches).  Returns 0 or an errno; emits
 * kmem:mm_alloc_contig_migrate_range_info.
 */
static int __alloc_contig_migrate_range(struct compact_control *cc,
					unsigned long start, unsigned long end,
					int migratetype)
{
	struct mc_machine *m = cc->zone->m;
	bool trace_on = trace_enabled(m,
			MC_TRACE_mm_alloc_contig_migrate_range_info);
	unsigned long total_mapped = 0, total_migrated = 0;
	unsigned long total_reclaimed = 0;
	unsigned int nr_reclaimed, tries = 0;
	unsigned long pfn = start;
	int ret = 0;
	struct migration_target_control mtc = {
		.m = m,
		.nid = cc->zone->zone_pgdat->node_id,
		.gfp_mask = cc->gfp_mask,
		.reason = MR_CONTIG_RANGE,
	};

	/* lru_cache_disable(): the model has no LRU add batches. */
	while (pfn < end || !ilist_empty(m, cc->migratepages)) {
		if (current && current->fatal_signal_pending) {
			ret = -EINTR;
			break;
		}

		if (ilist_empty(m, cc->migratepages)) {
			cc->nr_migratepages = 0;
			/* see the header: never loop on unscannable blocks */
			cc->migrate_pfn = end;
			ret = isolate_migratepages_range(cc, pfn, end);
			if (ret && ret != -EAGAIN)
				break;
			pfn = cc->migrate_pfn;
			tries = 0;
		} else if (++tries == 5) {
			/*
			 * A batch that still holds folios after five
			 * migrate_pages() calls is pinned or busy for good:
			 * __alloc_contig_migrate_range gives up (-EBUSY) and
			 * leaves the verdict to test_pages_isolated().
			 */
			ret = -EBUSY;
			break;
		}

		/* reclaim_clean_pages_from_list(): not modelled */
		nr_reclaimed = 0;
		cc->nr_migratepages -= nr_reclaimed;

		if (trace_on) {
			uint32_t i, head = cc->migratepages;

			total_reclaimed += nr_reclaimed;
			for (i = idx_page(m, head)->next; i != head;
			     i = idx_page(m, i)->next) {
				struct page *folio = idx_page(m, i);

				if (ct_folio_mapped(folio))
					total_mapped += 1UL <<
						ct_folio_order(folio);
			}
		}

		ret = migrate_pages(m, cc->migratepages,
				    alloc_migration_target, NULL,
				    (unsigned long)&mtc, cc->mode,
				    MR_CONTIG_RANGE, NULL);

		if (trace_on && !ret)
			total_migrated += cc->nr_migratepages;

		/* migrate_pages() gave up at once: so do we */
		if (ret == -ENOMEM)
			break;
	}

	/* lru_cache_enable() */
	if (ret < 0) {
		/* alloc_contig_dump_pages(): dynamic debug, not printed */
		putback_movable_pages(m, cc->migratepages);
	}

	/*
	 * 6.12.117 passes (start, end, migratetype, total_migrated,
	 * total_reclaimed, total_mapped) to a tracepoint whose prototype is
	 * (start, end, nr_migrated, nr_reclaimed, nr_mapped, migratetype):
	 * each value lands in the next field.  We record what the kernel
	 * records.
	 */
	TRACE(m, mm_alloc_contig_migrate_range_info, (int64_t)start,
	      (int64_t)end, migratetype, (int64_t)total_migrated,
	      (int64_t)total_reclaimed, (int64_t)total_mapped);
	return ret < 0 ? ret : 0;
}

/*
 * split_free_pages - every isolated free block becomes allocated order-0
 * pages (post_alloc_hook, split_page).  The blocks leave cc->freepages.
 */
static void split_free_pages(struct mc_machine *m, uint32_t *list,
			     gfp_t gfp_mask)
{
	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		uint32_t i;

		while ((i = ilist_first(m, list[order])) != LIST_POISON_IDX) {
			struct page *page = idx_page(m, i);

			ilist_del(m, i);
			prep_new_page(m, page, order, gfp_mask & ~__GFP_COMP,
				      0);
			if (order)
				split_page(m, page, order);
		}
	}
}

/*
 * Put the blocks still on cc->freepages back on the free lists of their
 * (isolated) pageblocks, without events: the pages were never handed out.
 */
static void contig_putback_free(struct mc_machine *m, uint32_t *list)
{
	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		uint32_t i;

		while ((i = ilist_first(m, list[order])) != LIST_POISON_IDX) {
			struct page *page = idx_page(m, i);
			unsigned long pfn = page_to_pfn(m, page);
			struct zone *zone = pfn_zone(m, pfn);

			ilist_del(m, i);
			zone_lock(zone);
			__putback_isolated_page(m, page, order,
						get_pfnblock_migratetype(m,
									 pfn));
			zone_unlock(zone);
		}
	}
}

/*
 * __alloc_contig_verify_gfp_mask - only reclaim modifiers and a few action
 * modifiers are allowed; zone, mobility and placement hints are ignored.
 * The mask for migration is the reclaim part plus RETRY_MAYFAIL/NOWARN,
 * always with __GFP_HARDWALL | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL.
 */
static int __alloc_contig_verify_gfp_mask(gfp_t gfp_mask, gfp_t *gfp_cc_mask)
{
	const gfp_t reclaim_mask = __GFP_IO | __GFP_FS | __GFP_RECLAIM;
	/* __GFP_SKIP_ZERO and __GFP_SKIP_KASAN are 0 without KASAN_HW_TAGS */
	const gfp_t action_mask = __GFP_COMP | __GFP_RETRY_MAYFAIL |
				  __GFP_NOWARN | __GFP_ZERO | __GFP_ZEROTAGS;
	const gfp_t cc_action_mask = __GFP_RETRY_MAYFAIL | __GFP_NOWARN;

	gfp_mask &= ~(GFP_ZONEMASK | __GFP_RECLAIMABLE | __GFP_WRITE |
		      __GFP_HARDWALL | __GFP_THISNODE | __GFP_MOVABLE);

	/* NOFAIL and NORETRY are not supported, nor other action flags */
	if (gfp_mask & ~(reclaim_mask | action_mask))
		return -EINVAL;

	*gfp_cc_mask = (gfp_mask & (reclaim_mask | cc_action_mask)) |
		       __GFP_HARDWALL | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL;
	return 0;
}

/*
 * alloc_contig_range - allocate exactly the pages [start, end) (one zone,
 * any alignment).  @migratetype is the type of the range's pageblocks:
 * MIGRATE_MOVABLE, or MIGRATE_CMA for a CMA area.  Returns 0 with every
 * page of the range allocated (order-0 pages, or one compound page with
 * __GFP_COMP) for free_contig_range(); -EINVAL for a bad gfp mask (or a
 * __GFP_COMP range that is not one block), -EBUSY when something in the
 * range could not be isolated, moved or freed, -EINTR on a fatal signal,
 * -ENOMEM when migration targets ran out.
 */
int alloc_contig_range(struct mc_machine *m, unsigned long start,
		       unsigned long end, int migratetype, gfp_t gfp_mask)
{
	unsigned long outer_start, outer_end;
	struct compact_control cc;
	int ret;

	memset(&cc, 0, sizeof(cc));
	cc.nr_migratepages = 0;
	cc.order = -1;
	cc.zone = page_zone(m, pfn_to_page(m, start));
	cc.mode = MIGRATE_SYNC;
	cc.ignore_skip_hint = true;
	cc.no_set_skip_hint = true;
	cc.alloc_contig = true;
	cc.migratetype = migratetype;

	/* current_gfp_context(): no PF_MEMALLOC_NOIO/NOFS tasks here */
	if (__alloc_contig_verify_gfp_mask(gfp_mask, &cc.gfp_mask))
		return -EINVAL;
	if (contig_lists_init(m, &cc)) {
		contig_lists_free(m, &cc);
		return -ENOMEM;
	}

	/*
	 * Make every pageblock of the range MIGRATE_ISOLATE: from now on
	 * nothing allocates from it, and whatever is freed into it stays
	 * on the Isolate lists.
	 */
	ret = start_isolate_page_range(m, start, end, migratetype, 0, gfp_mask);
	if (ret)
		goto done;

	drain_all_pages(m, cc.zone);

	/*
	 * -EBUSY from the migration is not final: test_pages_isolated()
	 * below decides (and its event shows which page stayed).
	 */
	ret = __alloc_contig_migrate_range(&cc, start, end, migratetype);
	if (ret && ret != -EBUSY)
		goto done;
	ret = 0;

	/*
	 * The range is free now, but its first and last pages may belong
	 * to free blocks that reach outside it: take those whole and give
	 * the outside part back afterwards.
	 */
	outer_start = find_large_buddy(m, start);

	if (test_pages_isolated(m, outer_start, end, 0)) {
		ret = -EBUSY;
		goto done;
	}

	outer_end = isolate_freepages_range(&cc, outer_start, end);
	if (!outer_end) {
		ret = -EBUSY;
		goto done;
	}

	if (!(gfp_mask & __GFP_COMP)) {
		split_free_pages(m, cc.freepages, gfp_mask);

		/* Free head and tail (if any) */
		if (start != outer_start)
			free_contig_range(m, outer_start, start - outer_start);
		if (end != outer_end)
			free_contig_range(m, end, outer_end - end);
	} else if (start == outer_start && end == outer_end &&
		   is_power_of_2(end - start) &&
		   ilog2_ul(end - start) <= m->max_page_order &&
		   IS_ALIGNED(start, end - start)) {
		unsigned int order = ilog2_ul(end - start);

		/* the isolated blocks become one compound page */
		for (unsigned int o = 0; o < m->nr_page_orders; o++) {
			uint32_t i;

			while ((i = ilist_first(m, cc.freepages[o])) !=
			       LIST_POISON_IDX)
				ilist_del(m, i);
		}
		prep_new_page(m, pfn_to_page(m, start), order, gfp_mask, 0);
	} else {
		/* WARN "PFN range: requested [%lu, %lu), allocated
		 * [%lu, %lu)" */
		contig_putback_free(m, cc.freepages);
		ret = -EINVAL;
	}
done:
	undo_isolate_page_range(m, start, end, migratetype);
	contig_lists_free(m, &cc);
	return ret;
}

/* ---- alloc_contig_pages -------------------------------------------------- */

/* Every page present, in @z, not reserved, not hugetlb. */
static bool pfn_range_valid_contig(struct mc_machine *m, struct zone *z,
				   unsigned long start_pfn,
				   unsigned long nr_pages)
{
	unsigned long i, end_pfn = start_pfn + nr_pages;

	for (i = start_pfn; i < end_pfn; i++) {
		struct page *page, *head;

		if (!pfn_valid(m, i))
			return false;
		if (pfn_zone(m, i) != z)
			return false;
		page = pfn_to_page(m, i);
		if (page_state(page) == PS_RESERVED)
			return false;
		head = page_state(page) == PS_ALLOC_TAIL ?
			       page - page->private : page;
		if (page_state(head) == PS_ALLOC && ct_folio_test_hugetlb(head))
			return false;
	}
	return true;
}

static bool zone_spans_last_pfn(const struct zone *zone,
				unsigned long start_pfn,
				unsigned long nr_pages)
{
	return zone_spans_pfn(zone, start_pfn + nr_pages - 1);
}

/*
 * alloc_contig_pages - find and allocate @nr_pages contiguous pages: for
 * each zone of the node's zonelist that @gfp_mask allows, try the ranges
 * starting at ALIGN(zone_start_pfn, nr_pages), nr_pages apart (so a power
 * of two comes out aligned to itself); the first range alloc_contig_range
 * takes wins.  Returns its first page or NULL.
 */
struct page *alloc_contig_pages(struct mc_machine *m, unsigned long nr_pages,
				gfp_t gfp_mask, int nid)
{
	struct zonelist *zonelist = node_zonelist(m, nid, gfp_mask);
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zonelist, gfp_zone(gfp_mask)) {
		unsigned long pfn;

		zone_lock(zone);
		/*
		 * alloc_contig_pages_noprof: candidates aligned to nr_pages
		 * (the kernel's ALIGN, exact only for a power of two), so a
		 * power-of-two request comes out naturally aligned.
		 */
		pfn = ALIGN(zone->zone_start_pfn, nr_pages);
		while (zone_spans_last_pfn(zone, pfn, nr_pages)) {
			if (pfn_range_valid_contig(m, zone, pfn, nr_pages)) {
				/* alloc_contig_range takes the lock itself */
				zone_unlock(zone);
				if (!alloc_contig_range(m, pfn, pfn + nr_pages,
							MIGRATE_MOVABLE,
							gfp_mask))
					return pfn_to_page(m, pfn);
				zone_lock(zone);
			}
			pfn += nr_pages;
		}
		zone_unlock(zone);
	}
	return NULL;
}

/*
 * free_contig_range - free what alloc_contig_range() gave: a compound
 * page whole (when @nr_pages is its size), else @nr_pages order-0 pages.
 */
void free_contig_range(struct mc_machine *m, unsigned long pfn,
		       unsigned long nr_pages)
{
	struct page *folio = pfn_to_page(m, pfn);

	if (page_test_flag(folio, PG_head) && page_sto_order(folio)) {
		unsigned long expected = 1UL << page_sto_order(folio);

		/* WARN "PFN %lu: nr_pages %lu != expected %d" otherwise */
		if (nr_pages == expected) {
			page_stat_account(m, folio, -1);
			__free_pages(m, folio, page_sto_order(folio));
		}
		return;
	}

	for (; nr_pages--; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		page_stat_account(m, page, -1);
		__free_pages(m, page, 0);
	}
}

/* ---- the public entry points --------------------------------------------- */

static bool contig_owner_ok(const struct mc_machine *m,
			    const struct mc_contig_owner *own)
{
	if (!own)
		return true;
	if (own->kind >= MC_PAGE_NR_KINDS || own->owner >= MC_MAX_OWNERS)
		return false;
	return !own->owner || m->owners[own->owner].used;
}

/*
 * Give the new pages of [start, start + nr) their owner, cookie and kind,
 * as mc_alloc_pages() does for a block (LRU kinds join the LRU).
 */
void contig_set_owner(struct mc_machine *m, unsigned long start,
		      unsigned long nr, const struct mc_contig_owner *own)
{
	struct page *page = pfn_to_page(m, start);
	unsigned long step;

	if (!own)
		return;
	step = page_test_flag(page, PG_head) ? 1UL << page_sto_order(page) : 1;
	for (unsigned long pfn = start; pfn < start + nr; pfn += step) {
		page = pfn_to_page(m, pfn);
		page->owner = (uint8_t)own->owner;
		page->private = own->cookie;
		page->flags = (uint16_t)((page->flags & PAGE_FLAGS_MASK) |
					 ((unsigned)own->kind
					  << PAGE_KIND_SHIFT));
		if (own->kind == MC_PAGE_ANON || own->kind == MC_PAGE_FILE)
			page_set_flag(page, PG_lru);
		page_stat_account(m, page, 1);
	}
}

/*
 * The pages [pfn, pfn + nr_pages) are what free_contig_range() takes: one
 * compound block of exactly that size, or that many order-0 pages; none
 * isolated for migration.
 */
int contig_range_check_allocated(const struct mc_machine *m, uint64_t pfn,
				 uint64_t nr_pages)
{
	struct page *page;

	if (!nr_pages || !pfn_in_machine(m, pfn) ||
	    nr_pages > m->end_pfn - pfn)
		return -EINVAL;
	page = pfn_to_page(m, pfn);
	if (page_state(page) == PS_ALLOC && page_test_flag(page, PG_head) &&
	    page_sto_order(page)) {
		if (nr_pages != 1UL << page_sto_order(page))
			return -EINVAL;
		return page_test_flag(page, PG_isolated) ? -EBUSY : 0;
	}
	for (uint64_t i = 0; i < nr_pages; i++) {
		page = pfn_to_page(m, pfn + i);
		if (page_state(page) != PS_ALLOC || page_sto_order(page))
			return -EINVAL;
		if (page_test_flag(page, PG_isolated))
			return -EBUSY;
	}
	return 0;
}

static bool contig_gfp_zone_bad(gfp_t gfp)
{
	unsigned int zb = gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);

	return zb & (zb - 1);
}

int unlocked_mc_alloc_contig_range(struct mc_machine *m, uint64_t start_pfn,
			  uint64_t end_pfn, uint32_t gfp, int cpu,
			  const struct mc_contig_owner *own)
{
	struct task_scope ts;
	struct zone *zone;
	int ret;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids || !contig_owner_ok(m, own))
		return -EINVAL;
	if (start_pfn >= end_pfn || !pfn_in_machine(m, start_pfn) ||
	    end_pfn > m->end_pfn)
		return -EINVAL;
	/* The range must lie in one populated zone. */
	zone = pfn_zone(m, start_pfn);
	if (!zone || !populated_zone(zone) ||
	    !zone_spans_pfn(zone, start_pfn) ||
	    !zone_spans_pfn(zone, end_pfn - 1))
		return -EINVAL;

	task_enter(m, &ts, cpu);
	ret = alloc_contig_range(m, start_pfn, end_pfn, MIGRATE_MOVABLE, gfp);
	if (!ret)
		contig_set_owner(m, start_pfn, end_pfn - start_pfn, own);
	task_leave(&ts);
	debug_check_op(m, "alloc_contig_range");
	return ret;
}

int unlocked_mc_alloc_contig_pages(struct mc_machine *m, uint64_t nr_pages,
			  uint32_t gfp, int nid, int cpu,
			  const struct mc_contig_owner *own, uint64_t *pfn)
{
	struct task_scope ts;
	struct page *page;
	gfp_t cc_gfp;

	if (!m || !pfn || !nr_pages || cpu < 0 || cpu >= m->nr_cpu_ids ||
	    !contig_owner_ok(m, own))
		return -EINVAL;
	if ((gfp & ~gfp_allowed_mask) || contig_gfp_zone_bad(gfp) ||
	    __alloc_contig_verify_gfp_mask(gfp, &cc_gfp))
		return -EINVAL;
	if (nid < 0)
		nid = m->cpu_to_node[cpu];
	if (nid >= m->nr_node_ids || nr_pages > m->nr_pfns)
		return -EINVAL;

	task_enter(m, &ts, cpu);
	page = alloc_contig_pages(m, nr_pages, gfp, nid);
	if (page) {
		*pfn = page_to_pfn(m, page);
		contig_set_owner(m, *pfn, nr_pages, own);
	}
	task_leave(&ts);
	debug_check_op(m, "alloc_contig_pages");
	return page ? 0 : -ENOMEM;
}

int unlocked_mc_free_contig_range(struct mc_machine *m, uint64_t pfn,
			 uint64_t nr_pages, int cpu)
{
	struct task_scope ts;
	int ret;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	ret = contig_range_check_allocated(m, pfn, nr_pages);
	if (ret)
		return ret;
	task_enter(m, &ts, cpu);
	free_contig_range(m, pfn, nr_pages);
	task_leave(&ts);
	debug_check_op(m, "free_contig_range");
	return 0;
}
