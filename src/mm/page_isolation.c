// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_isolation.c - marking pageblocks MIGRATE_ISOLATE (mm/page_isolation.c,
 * 6.12.117).
 *
 * This file owns the isolation of a pfn range for a contiguous allocation:
 * start_isolate_page_range() turns every pageblock of the range into a
 * MIGRATE_ISOLATE block (its free pages move to the Isolate free lists,
 * which no allocation ever reaches, and pages freed into it later bypass
 * the per-cpu lists), refusing with -EBUSY when a block holds a page that
 * cannot move (has_unmovable_pages) or when a compound page straddles the
 * range's outer pageblock boundary; undo_isolate_page_range() gives the
 * blocks back their type and lets their free pages merge again;
 * test_pages_isolated() decides whether every page of the range has become
 * free.  alloc_contig_range() (contig.c) and cma_alloc() (cma.c) are the
 * users.
 *
 * The kernel holds zone->lock around each pageblock; a single-threaded
 * machine does the same through zone_lock().  What is not modelled: the
 * MEMORY_OFFLINE cases (hwpoison and PageOffline pages, memory hotplug is
 * not modelled), unaccepted memory, and the dump_page() of REPORT_FAILURE
 * (the library never prints).  A hole is treated as the kernel treats the
 * reserved struct pages that back holes inside an online section: it is
 * never movable and never free.
 */
#include "mm/internal.h"

#include <errno.h>

/* ---- page predicates (include/linux/page-flags.h) ------------------------ */

/* PageReserved(): bootmem and holes. */
static inline bool PageReserved(const struct page *p)
{
	return page_state(p) == PS_RESERVED || page_state(p) == PS_HOLE;
}

static inline const struct page *iso_compound_head(const struct page *p)
{
	return page_state(p) == PS_ALLOC_TAIL ? p - p->private : p;
}

/* PageCompound() / PageTransCompound(): a page of a __GFP_COMP block. */
static inline bool iso_PageCompound(const struct page *p)
{
	const struct page *h = iso_compound_head(p);

	return page_state(h) == PS_ALLOC && page_test_flag(h, PG_head);
}

static inline bool iso_PageHuge(const struct page *p)
{
	const struct page *h = iso_compound_head(p);

	return page_state(h) == PS_ALLOC && page_kind(h) == MC_PAGE_HUGETLB;
}

static inline unsigned long iso_compound_nr(const struct page *head)
{
	return page_test_flag(head, PG_head) ? 1UL << page_sto_order(head) : 1;
}

/*
 * page_ref_count(page) == 0: the frames of free blocks, whatever list they
 * are on, and the follower pages of an allocated block (tails have no
 * reference of their own, compound or not).
 */
static inline bool iso_page_ref_zero(const struct page *p)
{
	switch (page_state(p)) {
	case PS_FREE_TAIL:
	case PS_BUDDY:
	case PS_PCP:
	case PS_ISOLATED_FREE:
	case PS_ALLOC_TAIL:
		return true;
	default:
		return false;
	}
}

/* The page of @pfn if it is present (pfn_to_online_page), else NULL. */
static inline struct page *pfn_to_online_page(struct mc_machine *m,
					      unsigned long pfn)
{
	if (!pfn_valid(m, pfn))
		return NULL;
	return pfn_to_page(m, pfn);
}

static struct page *__first_valid_page(struct mc_machine *m,
				       unsigned long pfn,
				       unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = pfn_to_online_page(m, pfn + i);

		if (page)
			return page;
	}
	return NULL;
}

static inline bool is_migrate_isolate_page(const struct mc_machine *m,
					   const struct page *page)
{
	return is_migrate_isolate(get_pageblock_migratetype(m, page));
}

/* ---- has_unmovable_pages ------------------------------------------------- */

/*
 * has_unmovable_pages - the first page of [start_pfn, end_pfn) (inside one
 * pageblock) that stands in the way of isolating it, or NULL.  A heuristic
 * as in the kernel (mm/page_isolation.c:has_unmovable_pages): LRU and
 * movable_ops pages count as movable without trying to isolate them.
 */
static struct page *has_unmovable_pages(struct mc_machine *m,
					struct zone *zone,
					unsigned long start_pfn,
					unsigned long end_pfn,
					int migratetype, int flags)
{
	struct page *page = pfn_to_page(m, start_pfn);
	unsigned long pfn;

	(void)flags;
	/*
	 * A CMA pageblock may be isolated only by a CMA allocation, which
	 * must be able to isolate it even when it is not movable in fact.
	 */
	if (is_migrate_cma(get_pageblock_migratetype(m, page))) {
		if (is_migrate_cma(migratetype))
			return NULL;
		return page;
	}

	for (pfn = start_pfn; pfn < end_pfn; pfn++) {
		const struct page *head;

		page = pfn_to_page(m, pfn);

		/* bootmem and holes never move */
		if (PageReserved(page))
			return page;

		/*
		 * In ZONE_MOVABLE, with reserved pages ruled out, assume the
		 * rest is movable (the kernel's rule).
		 */
		if (zone_idx(zone) == ZONE_MOVABLE)
			continue;

		/*
		 * Hugetlb pages are movable (x86_64 migrates both hstates);
		 * THPs must be on the LRU or movable.  Skip the folio's
		 * remaining pages at once.
		 */
		if (iso_PageHuge(page) || iso_PageCompound(page)) {
			head = iso_compound_head(page);
			if (!iso_PageHuge(page) &&
			    !page_test_flag(head, PG_lru) &&
			    page_kind(head) != MC_PAGE_MOVABLE_OPS)
				return page;
			pfn += iso_compound_nr(head) -
			       (unsigned long)(page - head) - 1;
			continue;
		}

		/* Free pages and tails: skip a free block whole. */
		if (iso_page_ref_zero(page)) {
			if (PageBuddy(page))
				pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}

		/* __PageMovable(page) || PageLRU(page) */
		if (page_kind(page) == MC_PAGE_MOVABLE_OPS ||
		    page_test_flag(page, PG_lru))
			continue;

		/* Slab, kernel memory, an isolated LRU page: unmovable. */
		return page;
	}
	return NULL;
}

/* ---- one pageblock ------------------------------------------------------- */

/*
 * set_migratetype_isolate - make @page's pageblock MIGRATE_ISOLATE if
 * [start_pfn, end_pfn) ∩ the block has no unmovable page.  A block that
 * is already isolated means a racing isolation: -EBUSY.
 */
static int set_migratetype_isolate(struct mc_machine *m, struct page *page,
				   int migratetype, int isol_flags,
				   unsigned long start_pfn,
				   unsigned long end_pfn)
{
	struct zone *zone = page_zone(m, page);
	unsigned long pfn = page_to_pfn(m, page);
	unsigned long check_start, check_end;
	struct page *unmovable;

	zone_lock(zone);
	if (is_migrate_isolate_page(m, page)) {
		zone_unlock(zone);
		return -EBUSY;
	}
	/* Only the intersection of the range and the block is checked. */
	check_start = max(pfn, start_pfn);
	check_end = min(pageblock_end_pfn(m, pfn), end_pfn);
	unmovable = has_unmovable_pages(m, zone, check_start, check_end,
					migratetype, isol_flags);
	if (!unmovable) {
		if (!move_freepages_block_isolate(zone, page,
						  MIGRATE_ISOLATE)) {
			zone_unlock(zone);
			return -EBUSY;
		}
		zone->nr_isolate_pageblock++;
		zone_unlock(zone);
		return 0;
	}
	zone_unlock(zone);
	/* REPORT_FAILURE would dump_page() the culprit: not printed here. */
	return -EBUSY;
}

/* The free buddy of order @order of the block at @pfn (find_buddy_page_pfn). */
static struct page *iso_find_buddy(struct zone *zone, unsigned long pfn,
				   unsigned int order)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (!zone_spans_pfn(zone, bpfn))
		return NULL;
	buddy = pfn_to_page(zone->m, bpfn);
	if (PageBuddy(buddy) && buddy_order(buddy) == order)
		return buddy;
	return NULL;
}

/*
 * unset_migratetype_isolate - give an isolated block @migratetype again.
 * A free page of pageblock order whose buddy is not isolated could not
 * merge while the block was isolated (the merge rules keep Isolate apart);
 * taking it off the list and freeing it again lets it merge now.  Other
 * free pages are moved to the new type's lists as they are.
 */
static void unset_migratetype_isolate(struct mc_machine *m, struct page *page,
				      int migratetype)
{
	struct zone *zone = page_zone(m, page);
	unsigned long pfn = page_to_pfn(m, page);
	bool isolated_page = false;
	unsigned int order = 0;

	zone_lock(zone);
	if (!is_migrate_isolate_page(m, page))
		goto out;

	if (PageBuddy(page)) {
		order = buddy_order(page);
		if (order >= m->pageblock_order && order < m->max_page_order) {
			struct page *buddy = iso_find_buddy(zone, pfn, order);

			if (buddy && !is_migrate_isolate_page(m, buddy))
				/* no watermark applies to an isolated block */
				isolated_page = !!__isolate_free_page(m, page,
								      order);
		}
	}

	/*
	 * Without such a page, move what is free to the new type's lists
	 * (to the tail: the pages were not touched, so do not hand them out
	 * first).
	 */
	if (!isolated_page) {
		move_freepages_block_isolate(zone, page, migratetype);
	} else {
		set_pageblock_migratetype(m, pfn, migratetype);
		__putback_isolated_page(m, page, order, migratetype);
	}
	zone->nr_isolate_pageblock--;
out:
	zone_unlock(zone);
}

/*
 * isolate_single_pageblock - isolate the pageblock before (@isolate_before)
 * or after @boundary_pfn, then make sure no compound page crosses
 * @boundary_pfn from the MAX_PAGE_ORDER-aligned chunk around it: free
 * pages larger than a pageblock were split by move_freepages_block_isolate;
 * an in-use compound page across the boundary (other than hugetlb, whose
 * pages are migrated later) makes the isolation fail.  With
 * @skip_isolation the block was already isolated by the first call (a
 * range of one pageblock).
 */
static int isolate_single_pageblock(struct mc_machine *m,
				    unsigned long boundary_pfn, int flags,
				    gfp_t gfp_flags, bool isolate_before,
				    bool skip_isolation, int migratetype)
{
	unsigned long start_pfn, isolate_pageblock, pfn;
	struct zone *zone;
	int ret;

	(void)gfp_flags;
	if (isolate_before)
		isolate_pageblock = boundary_pfn - m->pageblock_nr_pages;
	else
		isolate_pageblock = boundary_pfn;

	/*
	 * Scan from the MAX_PAGE_ORDER-aligned start so that a page bigger
	 * than a pageblock is seen whole; stay inside the zone.
	 */
	zone = page_zone(m, pfn_to_page(m, isolate_pageblock));
	if (!zone)
		return -EBUSY;
	start_pfn = max(ALIGN_DOWN(isolate_pageblock,
				   1UL << m->max_page_order),
			zone->zone_start_pfn);

	if (!skip_isolation) {
		ret = set_migratetype_isolate(m,
					      pfn_to_page(m, isolate_pageblock),
					      migratetype, flags,
					      isolate_pageblock,
					      isolate_pageblock +
						      m->pageblock_nr_pages);
		if (ret)
			return ret;
	}

	/*
	 * Nothing can cross the boundary when the memory on its other side
	 * is not present.
	 */
	if (isolate_before) {
		if (!pfn_in_machine(m, boundary_pfn) ||
		    !pfn_to_online_page(m, boundary_pfn))
			return 0;
	} else {
		if (!pfn_in_machine(m, boundary_pfn - 1) ||
		    !pfn_to_online_page(m, boundary_pfn - 1))
			return 0;
	}

	for (pfn = start_pfn; pfn < boundary_pfn;) {
		struct page *page = __first_valid_page(m, pfn,
						       boundary_pfn - pfn);

		if (!page)
			break;
		pfn = page_to_pfn(m, page);

		if (PageBuddy(page)) {
			pfn += 1UL << buddy_order(page);
			continue;
		}

		/*
		 * A compound page across the boundary.  hugetlb pages are
		 * migrated (or dissolved) by the caller; others are not
		 * expected to be larger than a pageblock, so give up.
		 */
		if (iso_PageCompound(page)) {
			const struct page *head = iso_compound_head(page);
			unsigned long head_pfn = page_to_pfn(m, head);
			unsigned long nr_pages = iso_compound_nr(head);

			if (head_pfn + nr_pages <= boundary_pfn ||
			    iso_PageHuge(page)) {
				pfn = head_pfn + nr_pages;
				continue;
			}
			goto failed;
		}
		pfn++;
	}
	return 0;
failed:
	/* restore the original migratetype */
	if (!skip_isolation)
		unset_migratetype_isolate(m, pfn_to_page(m, isolate_pageblock),
					  migratetype);
	return -EBUSY;
}

/* ---- ranges -------------------------------------------------------------- */

/*
 * start_isolate_page_range - isolate every pageblock of [start_pfn,
 * end_pfn): the first and the last block first (they may hold pages that
 * cross the range's boundaries), then those in between.  On any failure
 * the blocks isolated so far get @migratetype and -EBUSY is returned.
 */
int start_isolate_page_range(struct mc_machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype, int flags,
			     gfp_t gfp_flags)
{
	unsigned long isolate_start = pageblock_start_pfn(m, start_pfn);
	unsigned long isolate_end = ALIGN(end_pfn, m->pageblock_nr_pages);
	bool skip_isolation = false;
	unsigned long pfn;
	int ret;

	/* [isolate_start, isolate_start + pageblock_nr_pages) */
	ret = isolate_single_pageblock(m, isolate_start, flags, gfp_flags,
				       false, skip_isolation, migratetype);
	if (ret)
		return ret;

	if (isolate_start == isolate_end - m->pageblock_nr_pages)
		skip_isolation = true;

	/* [isolate_end - pageblock_nr_pages, isolate_end) */
	ret = isolate_single_pageblock(m, isolate_end, flags, gfp_flags, true,
				       skip_isolation, migratetype);
	if (ret) {
		unset_migratetype_isolate(m, pfn_to_page(m, isolate_start),
					  migratetype);
		return ret;
	}

	/* the blocks in between */
	for (pfn = isolate_start + m->pageblock_nr_pages;
	     pfn < isolate_end - m->pageblock_nr_pages;
	     pfn += m->pageblock_nr_pages) {
		struct page *page = __first_valid_page(m, pfn,
						       m->pageblock_nr_pages);

		if (page && set_migratetype_isolate(m, page, migratetype,
						    flags, start_pfn,
						    end_pfn)) {
			undo_isolate_page_range(m, isolate_start, pfn,
						migratetype);
			unset_migratetype_isolate(m,
				pfn_to_page(m, isolate_end -
					       m->pageblock_nr_pages),
				migratetype);
			return -EBUSY;
		}
	}
	return 0;
}

/*
 * undo_isolate_page_range - every MIGRATE_ISOLATE pageblock of the range
 * gets @migratetype (whatever type it had before isolation).
 */
void undo_isolate_page_range(struct mc_machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype)
{
	unsigned long isolate_start = pageblock_start_pfn(m, start_pfn);
	unsigned long isolate_end = ALIGN(end_pfn, m->pageblock_nr_pages);
	unsigned long pfn;

	for (pfn = isolate_start; pfn < isolate_end;
	     pfn += m->pageblock_nr_pages) {
		struct page *page = __first_valid_page(m, pfn,
						       m->pageblock_nr_pages);

		if (!page || !is_migrate_isolate_page(m, page))
			continue;
		unset_migratetype_isolate(m, page, migratetype);
	}
}

/*
 * Walk [pfn, end_pfn) over free buddy blocks; returns the first pfn that
 * is not free (or end_pfn or beyond).  Zone lock held.
 */
static unsigned long
__test_page_isolated_in_pageblock(struct mc_machine *m, unsigned long pfn,
				  unsigned long end_pfn, int flags)
{
	(void)flags;
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(m, pfn);

		/* On a free list it is on an Isolate list. */
		if (PageBuddy(page))
			pfn += 1UL << buddy_order(page);
		else
			break;
	}
	return pfn;
}

/*
 * test_pages_isolated - 0 when every pageblock of [start_pfn, end_pfn) is
 * isolated and every page of the range is free, else -EBUSY.  Emits
 * page_isolation:test_pages_isolated with the pfn where the test ended.
 */
int test_pages_isolated(struct mc_machine *m, unsigned long start_pfn,
			unsigned long end_pfn, int isol_flags)
{
	struct page *page;
	struct zone *zone;
	unsigned long pfn;
	int ret;

	/*
	 * wait_for_freed_hugetlb_folios(): hugetlb folios are freed at once
	 * in the model.  Check the types first: free blocks are not
	 * pageblock-aligned when pageblock_order < MAX_PAGE_ORDER.
	 */
	for (pfn = start_pfn; pfn < end_pfn; pfn += m->pageblock_nr_pages) {
		page = __first_valid_page(m, pfn, m->pageblock_nr_pages);
		if (page && !is_migrate_isolate_page(m, page))
			break;
	}
	page = __first_valid_page(m, start_pfn, end_pfn - start_pfn);
	if (pfn < end_pfn || !page) {
		ret = -EBUSY;
		goto out;
	}

	zone = page_zone(m, page);
	zone_lock(zone);
	pfn = __test_page_isolated_in_pageblock(m, start_pfn, end_pfn,
						isol_flags);
	zone_unlock(zone);
	ret = pfn < end_pfn ? -EBUSY : 0;
out:
	TRACE(m, test_pages_isolated, (int64_t)start_pfn, (int64_t)end_pfn,
	      (int64_t)pfn);
	return ret;
}
