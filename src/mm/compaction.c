// SPDX-License-Identifier: GPL-2.0-only
/*
 * compaction.c - memory compaction (mm/compaction.c, 6.12.117).
 *
 * Two scanners walk a zone towards each other.  The migration scanner
 * starts low and isolates movable pages (LRU folios and movable_ops pages)
 * a pageblock at a time; the free scanner starts high and isolates free
 * pages as migration targets.  The isolated pages are migrated into the
 * free ones, emptying low pageblocks.  A run ends when the scanners meet
 * in the same pageblock, when a page of the requested order is free (at
 * a pageblock boundary), when the proactive score target is met, or on
 * contention.
 *
 * The work-saving heuristics of 6.12 are all here: pageblock skip bits and
 * their sampled reset, cached scanner positions per zone (separately for
 * async and sync), the fast free-list searches that pick a migration
 * source (fast_find_migrateblock) and targets high in the zone
 * (fast_isolate_freepages), the free scanner's stride, deferral after
 * failures, and capture of a page freed into the zone during direct
 * compaction.
 *
 * Also here: the suitability checks and fragmentation index use, direct
 * compaction over the zonelist (try_to_compact_pages), manual compaction
 * (compact_memory and the per-node trigger), kcompactd's work and the
 * proactive fragmentation score.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define HPAGE_FRAG_CHECK_INTERVAL_MSEC 500

static inline bool is_via_compact_memory(int order)
{
	return order == -1;
}

#define block_start_pfn(pfn, order) round_down(pfn, 1UL << (order))
#define block_end_pfn(pfn, order) ALIGN((pfn) + 1, 1UL << (order))

static inline unsigned int compaction_hpage_order(const struct mc_machine *m)
{
	return m->hpage_pmd_order;	/* COMPACTION_HPAGE_ORDER (THP on) */
}

static inline unsigned long compact_gap(unsigned int order)
{
	/*
	 * Compaction needs free pages both to isolate as migration targets
	 * and for the isolated pages to land in: twice the request.
	 */
	return 2UL << order;
}

static inline struct mc_machine *cc_m(const struct compact_control *cc)
{
	return cc->zone->m;
}

/* ---- deferral ------------------------------------------------------------ */

#define TRACE_DEFER(m, ev, zone, order)					\
	TRACE(m, ev, (zone)->zone_pgdat->node_id, (zone)->idx, order,	\
	      (zone)->compact_considered, (zone)->compact_defer_shift,	\
	      (zone)->compact_order_failed)

/*
 * Compaction is deferred when it fails to result in an allocation:
 * 1 << compact_defer_shift attempts are skipped, up to 64.
 */
void defer_compaction(struct zone *zone, int order)
{
	zone->compact_considered = 0;
	zone->compact_defer_shift++;
	if (order < zone->compact_order_failed)
		zone->compact_order_failed = order;
	if (zone->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		zone->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	TRACE_DEFER(zone->m, mm_compaction_defer_compaction, zone, order);
}

/* Returns true if compaction should be skipped this time. */
bool compaction_deferred(struct zone *zone, int order)
{
	unsigned long defer_limit = 1UL << zone->compact_defer_shift;

	if (order < zone->compact_order_failed)
		return false;
	/* Avoid possible overflow */
	if (++zone->compact_considered >= defer_limit) {
		zone->compact_considered = (unsigned int)defer_limit;
		return false;
	}
	TRACE_DEFER(zone->m, mm_compaction_deferred, zone, order);
	return true;
}

/*
 * Update the deferral state after compaction succeeded for @order: the
 * allocation succeeded (alloc_success) or is expected to.
 */
void compaction_defer_reset(struct zone *zone, int order, bool alloc_success)
{
	if (alloc_success) {
		zone->compact_considered = 0;
		zone->compact_defer_shift = 0;
	}
	if (order >= zone->compact_order_failed)
		zone->compact_order_failed = order + 1;
	TRACE_DEFER(zone->m, mm_compaction_defer_reset, zone, order);
}

/* Restarting after the maximum deferral: the skip hints are stale. */
static bool compaction_restarting(struct zone *zone, int order)
{
	if (order < zone->compact_order_failed)
		return false;
	return zone->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       zone->compact_considered >= 1UL << zone->compact_defer_shift;
}

/* ---- skip hints and cached positions --------------------------------------- */

static inline bool isolation_suitable(struct compact_control *cc,
				      unsigned long pfn)
{
	if (cc->ignore_skip_hint)
		return true;
	return !get_pageblock_skip(cc_m(cc), pfn);
}

static void reset_cached_positions(struct zone *zone)
{
	zone->compact_cached_migrate_pfn[0] = zone->zone_start_pfn;
	zone->compact_cached_migrate_pfn[1] = zone->zone_start_pfn;
	zone->compact_cached_free_pfn =
		pageblock_start_pfn(zone->m, zone_end_pfn(zone) - 1);
}

/* PageCompound(): the first page of a compound block or one of its tails. */
static inline bool PageCompound(const struct page *p)
{
	if (page_state(p) == PS_ALLOC)
		return page_test_flag(p, PG_head);
	if (page_state(p) == PS_ALLOC_TAIL)
		return page_test_flag(p - p->private, PG_head);
	return false;
}

/* compound_order(): the order on a head page, 0 on a tail. */
static inline unsigned int compound_order(const struct page *p)
{
	if (page_state(p) == PS_ALLOC && page_test_flag(p, PG_head))
		return page_sto_order(p);
	return 0;
}

static inline const struct page *compound_head(const struct page *p)
{
	return page_state(p) == PS_ALLOC_TAIL ? p - p->private : p;
}

/* PageLRU(): a head-page flag, so tails of compound pages report it. */
static inline bool PageLRU(const struct page *p)
{
	if (page_state(p) == PS_ALLOC)
		return page_test_flag(p, PG_lru);
	if (page_state(p) == PS_ALLOC_TAIL) {
		const struct page *h = p - p->private;

		return page_test_flag(h, PG_head) && page_test_flag(h, PG_lru);
	}
	return false;
}

/* __PageMovable(): non-LRU movable (the page's own mapping). */
static inline bool __PageMovable(const struct page *p)
{
	return page_state(p) == PS_ALLOC &&
	       page_kind(p) == MC_PAGE_MOVABLE_OPS;
}

static inline bool PageHuge(const struct page *p)
{
	const struct page *h = compound_head(p);

	return page_state(h) == PS_ALLOC && page_kind(h) == MC_PAGE_HUGETLB;
}

/*
 * Compound pages of at least pageblock_order are skipped consistently
 * until released: compacting them is pointless, and their pageblocks
 * cannot hold free pages.
 */
static bool pageblock_skip_persistent(const struct mc_machine *m,
				      const struct page *page)
{
	if (!PageCompound(page))
		return false;
	page = compound_head(page);
	return compound_order(page) >= m->pageblock_order;
}

/* The page of a present pfn inside @zone (pfn_to_online_page + zone). */
static inline struct page *zone_pfn_page(struct zone *zone, unsigned long pfn)
{
	struct mc_machine *m = zone->m;

	if (!pfn_valid(m, pfn) || pfn_zone(m, pfn) != zone)
		return NULL;
	return pfn_to_page(m, pfn);
}

static bool __reset_isolation_pfn(struct zone *zone, unsigned long pfn,
				  bool check_source, bool check_target)
{
	struct mc_machine *m = zone->m;
	struct page *page = zone_pfn_page(zone, pfn);
	unsigned long block_pfn, end_pfn;

	if (!page)
		return false;
	if (pageblock_skip_persistent(m, page))
		return false;
	/* Skip already clear: no further checking once restart points are
	 * set. */
	if (check_source && check_target && !get_pageblock_skip(m, pfn))
		return true;
	/* A target-only check does not start at a non-movable block. */
	if (!check_source && check_target &&
	    get_pfnblock_migratetype(m, pfn) != MIGRATE_MOVABLE)
		return false;

	/* The start of the pageblock (or zone) must be present. */
	block_pfn = pageblock_start_pfn(m, pfn);
	block_pfn = max(block_pfn, zone->zone_start_pfn);
	if (pfn_valid(m, block_pfn)) {
		page = pfn_to_page(m, block_pfn);
		pfn = block_pfn;
	}
	/* And its end. */
	end_pfn = pageblock_end_pfn(m, pfn) - 1;
	end_pfn = min(end_pfn, zone_end_pfn(zone) - 1);
	if (!pfn_valid(m, end_pfn))
		return false;

	/*
	 * Clear the hint only if a sample shows a free page or an LRU page:
	 * one or the other is needed for the block to be a target or source.
	 */
	do {
		if (check_source && PageLRU(page)) {
			clear_pageblock_skip(m, pfn);
			return true;
		}
		if (check_target && PageBuddy(page)) {
			clear_pageblock_skip(m, pfn);
			return true;
		}
		page += 1 << PAGE_ALLOC_COSTLY_ORDER;
		pfn += 1 << PAGE_ALLOC_COSTLY_ORDER;
	} while (pfn <= end_pfn);
	return false;
}

/*
 * Clear the skip hints of pageblocks that sampling shows may be useful,
 * walking from both ends of the zone, after a full direct compaction
 * finished recently.
 */
static void __reset_isolation_suitable(struct zone *zone)
{
	struct mc_machine *m = zone->m;
	unsigned long migrate_pfn = zone->zone_start_pfn;
	unsigned long free_pfn = zone_end_pfn(zone) - 1;
	unsigned long reset_migrate = free_pfn;
	unsigned long reset_free = migrate_pfn;
	bool source_set = false;
	bool free_set = false;

	if (!zone->compact_blockskip_flush)
		return;
	zone->compact_blockskip_flush = false;

	for (; migrate_pfn < free_pfn; migrate_pfn += m->pageblock_nr_pages,
	     free_pfn -= m->pageblock_nr_pages) {
		if (__reset_isolation_pfn(zone, migrate_pfn, true,
					  source_set) &&
		    migrate_pfn < reset_migrate) {
			source_set = true;
			reset_migrate = migrate_pfn;
			zone->compact_init_migrate_pfn = reset_migrate;
			zone->compact_cached_migrate_pfn[0] = reset_migrate;
			zone->compact_cached_migrate_pfn[1] = reset_migrate;
		}
		if (__reset_isolation_pfn(zone, free_pfn, free_set, true) &&
		    free_pfn > reset_free) {
			free_set = true;
			reset_free = free_pfn;
			zone->compact_init_free_pfn = reset_free;
			zone->compact_cached_free_pfn = reset_free;
		}
	}
	/* Leave no distance if no suitable block was reset. */
	if (reset_migrate >= reset_free) {
		zone->compact_cached_migrate_pfn[0] = migrate_pfn;
		zone->compact_cached_migrate_pfn[1] = migrate_pfn;
		zone->compact_cached_free_pfn = free_pfn;
	}
}

void reset_isolation_suitable(struct pglist_data *pgdat)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (populated_zone(zone))
			__reset_isolation_suitable(zone);
	}
}

/* Set the skip bit if clear; returns whether it was already set. */
static bool test_and_set_skip(struct compact_control *cc, unsigned long pfn)
{
	bool skip;

	if (cc->ignore_skip_hint)
		return false;
	skip = get_pageblock_skip(cc_m(cc), pfn);
	if (!skip && !cc->no_set_skip_hint)
		set_pageblock_skip(cc_m(cc), pfn);
	return skip;
}

static void update_cached_migrate(struct compact_control *cc,
				  unsigned long pfn)
{
	struct zone *zone = cc->zone;

	/* Set for isolation rather than compaction. */
	if (cc->no_set_skip_hint)
		return;
	/* Note: for an aligned pfn this is pfn + pageblock_nr_pages. */
	pfn = pageblock_end_pfn(zone->m, pfn);
	/* Where async and sync compaction should restart. */
	if (pfn > zone->compact_cached_migrate_pfn[0])
		zone->compact_cached_migrate_pfn[0] = pfn;
	if (cc->mode != MIGRATE_ASYNC &&
	    pfn > zone->compact_cached_migrate_pfn[1])
		zone->compact_cached_migrate_pfn[1] = pfn;
}

/* Nothing isolated: skip this pageblock until the next reset. */
static void update_pageblock_skip(struct compact_control *cc,
				  unsigned long block_pfn, unsigned long pfn)
{
	struct zone *zone = cc->zone;

	if (cc->no_set_skip_hint)
		return;
	set_pageblock_skip(zone->m, block_pfn);
	if (pfn < zone->compact_cached_free_pfn)
		zone->compact_cached_free_pfn = pfn;
}

/* ---- locking ------------------------------------------------------------- */

/*
 * Async compaction trylocks and records contention (the run then aborts
 * at the end of the current pageblock); the lock is taken either way.
 * A single-threaded machine never contends.
 */
static bool compact_lock(struct zone *zone, struct compact_control *cc)
{
	if (cc->mode == MIGRATE_ASYNC && !cc->contended) {
		if (zone_trylock(zone))
			return true;
		cc->contended = true;
	}
	zone_lock(zone);
	return true;
}

static bool compact_unlock_should_abort(struct zone *zone, bool *locked,
					struct compact_control *cc)
{
	if (*locked) {
		zone_unlock(zone);
		*locked = false;
	}
	if (current && current->fatal_signal_pending) {
		cc->contended = true;
		return true;
	}
	return false;
}

/* ---- the free scanner ----------------------------------------------------- */

/*
 * isolate_freepages_block - isolate free pages of [*start_pfn, end_pfn)
 * onto @freelist (one list per order), every @stride pfns.  With @strict
 * any non-free pfn aborts and 0 is returned.
 */
static unsigned long isolate_freepages_block(struct compact_control *cc,
					     unsigned long *start_pfn,
					     unsigned long end_pfn,
					     uint32_t *freelist,
					     unsigned int stride, bool strict)
{
	struct mc_machine *m = cc_m(cc);
	struct zone *zone = cc->zone;
	unsigned long nr_scanned = 0, total_isolated = 0;
	bool locked = false;
	unsigned long blockpfn = *start_pfn;

	/* Strict mode is for isolation, speed is secondary. */
	if (strict)
		stride = 1;

	for (; blockpfn < end_pfn; blockpfn += stride) {
		struct page *page = pfn_to_page(m, blockpfn);
		unsigned int order, isolated;

		/* Drop the lock periodically; abort on a fatal signal. */
		if (!(blockpfn % COMPACT_CLUSTER_MAX) &&
		    compact_unlock_should_abort(zone, &locked, cc))
			break;

		nr_scanned++;

		/* Skip a compound page at once (its head says its size). */
		if (PageCompound(page)) {
			const unsigned int corder = compound_order(page);

			if (corder <= m->max_page_order &&
			    blockpfn + (1UL << corder) <= end_pfn) {
				blockpfn += (1UL << corder) - 1;
				nr_scanned += (1UL << corder) - 1;
			}
			goto isolate_fail;
		}

		if (!PageBuddy(page))
			goto isolate_fail;

		if (!locked) {
			locked = compact_lock(zone, cc);
			if (!PageBuddy(page))
				goto isolate_fail;
		}

		/* Found a free page: take it whole, split later on demand. */
		order = buddy_order(page);
		isolated = __isolate_free_page(m, page, order);
		if (!isolated)
			break;
		set_page_state(page, PS_ISOLATED_FREE, 0);
		page->private = order;

		nr_scanned += isolated - 1;
		total_isolated += isolated;
		cc->nr_freepages += isolated;
		ilist_add_tail(m, page_idx(m, page), freelist[order]);

		if (!strict && cc->nr_migratepages <= cc->nr_freepages) {
			blockpfn += isolated;
			break;
		}
		/* Advance to the end of the split page. */
		blockpfn += isolated - 1;
		continue;

isolate_fail:
		if (strict)
			break;
	}

	if (locked)
		zone_unlock(zone);

	/* Be careful not to go outside of the pageblock. */
	if (unlikely(blockpfn > end_pfn))
		blockpfn = end_pfn;

	TRACE(m, mm_compaction_isolate_freepages, (int64_t)*start_pfn,
	      (int64_t)blockpfn, (int64_t)nr_scanned,
	      (int64_t)total_isolated);

	*start_pfn = blockpfn;
	/* Strict isolation (CMA, contiguous ranges) needs every page. */
	if (strict && blockpfn < end_pfn)
		total_isolated = 0;

	cc->total_free_scanned += nr_scanned;
	if (total_isolated)
		count_vm_events(m, COMPACTISOLATED, (long)total_isolated);
	return total_isolated;
}

/*
 * pageblock_pfn_to_page - the first page of [start_pfn, end_pfn) if the
 * range's first and last pfns are present and in @zone.
 */
static struct page *pageblock_pfn_to_page(unsigned long start_pfn,
					  unsigned long end_pfn,
					  struct zone *zone)
{
	struct mc_machine *m = zone->m;

	end_pfn--;
	if (!pfn_valid(m, end_pfn) || !pfn_valid(m, start_pfn))
		return NULL;
	if (pfn_zone(m, start_pfn) != zone || pfn_zone(m, end_pfn) != zone)
		return NULL;
	return pfn_to_page(m, start_pfn);
}

/* Release every page on cc->freepages; returns the highest pfn. */
static unsigned long release_free_list(struct mc_machine *m,
				       uint32_t *freepages)
{
	unsigned long high_pfn = 0;

	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		uint32_t i;

		while ((i = ilist_first(m, freepages[order])) !=
		       LIST_POISON_IDX) {
			struct page *page = idx_page(m, i);
			unsigned long pfn = page_to_pfn(m, page);

			ilist_del(m, i);
			/* Make it look allocated so it can be freed normally
			 * (through the pcp lists for pcp orders). */
			prep_new_page(m, page, order, __GFP_MOVABLE, 0);
			__free_pages(m, page, order);
			if (pfn > high_pfn)
				high_pfn = pfn;
		}
	}
	return high_pfn;
}

/*
 * isolate_freepages_range - isolate every free page of [start_pfn,
 * end_pfn) (contiguous range allocation).  Any hole or non-free page
 * undoes the work and returns 0; otherwise returns the pfn after the last
 * isolated page (beyond end_pfn when a free block straddles it).
 */
unsigned long isolate_freepages_range(struct compact_control *cc,
				      unsigned long start_pfn,
				      unsigned long end_pfn)
{
	struct mc_machine *m = cc_m(cc);
	unsigned long isolated, pfn, block_start_pfn, block_end_pfn;

	pfn = start_pfn;
	block_start_pfn = pageblock_start_pfn(m, pfn);
	if (block_start_pfn < cc->zone->zone_start_pfn)
		block_start_pfn = cc->zone->zone_start_pfn;
	block_end_pfn = pageblock_end_pfn(m, pfn);

	for (; pfn < end_pfn; pfn += isolated,
	     block_start_pfn = block_end_pfn,
	     block_end_pfn += m->pageblock_nr_pages) {
		unsigned long isolate_start_pfn = pfn;

		/* pfn may pass block_end_pfn after isolating a free page
		 * larger than a pageblock: realign. */
		if (pfn >= block_end_pfn) {
			block_start_pfn = pageblock_start_pfn(m, pfn);
			block_end_pfn = pageblock_end_pfn(m, pfn);
		}
		block_end_pfn = min(block_end_pfn, end_pfn);
		if (!pageblock_pfn_to_page(block_start_pfn, block_end_pfn,
					   cc->zone))
			break;
		isolated = isolate_freepages_block(cc, &isolate_start_pfn,
						   block_end_pfn,
						   cc->freepages, 0, true);
		if (!isolated)
			break;
	}
	if (pfn < end_pfn) {
		release_free_list(m, cc->freepages);
		return 0;
	}
	return pfn;
}

/* Similar to reclaim, but different enough that they share no logic. */
static bool too_many_isolated(struct compact_control *cc)
{
	struct pglist_data *pgdat = cc->zone->zone_pgdat;
	unsigned long active, inactive, isolated;

	inactive = node_page_state(pgdat, NR_INACTIVE_FILE) +
		   node_page_state(pgdat, NR_INACTIVE_ANON);
	active = node_page_state(pgdat, NR_ACTIVE_FILE) +
		 node_page_state(pgdat, NR_ACTIVE_ANON);
	isolated = node_page_state(pgdat, NR_ISOLATED_FILE) +
		   node_page_state(pgdat, NR_ISOLATED_ANON);
	/*
	 * GFP_NOFS may isolate past the limit of regular compaction: others
	 * may be blocked on fs locks it holds (an ABBA deadlock otherwise).
	 */
	if (cc->gfp_mask & __GFP_FS) {
		inactive >>= 3;
		active >>= 3;
	}
	return isolated > (inactive + active) / 2;
}

/*
 * Skip folios at least as large as the target order (we would not be here
 * if a free block of that order existed, so moving them would likely
 * fail), except for compact-everything; and never create blocks larger
 * than a pageblock.
 */
static bool skip_isolation_on_order(const struct mc_machine *m, int order,
				    int target_order)
{
	if (!is_via_compact_memory(target_order) && order >= target_order)
		return true;
	return order >= (int)m->pageblock_order;
}

#define ISOLATE_UNEVICTABLE	0x4
#define ISOLATE_ASYNC_MIGRATE	0x8

/*
 * isolate_migratepages_block - isolate the migratable pages of
 * [low_pfn, end_pfn) (within one pageblock) onto cc->migratepages.
 * Returns 0, -EAGAIN (too many isolated), -EINTR (fatal signal) or
 * -ENOMEM; cc->migrate_pfn is the next pfn to scan.
 */
static int isolate_migratepages_block(struct compact_control *cc,
				      unsigned long low_pfn,
				      unsigned long end_pfn, int mode)
{
	struct mc_machine *m = cc_m(cc);
	unsigned long nr_scanned = 0, nr_isolated = 0;
	unsigned long start_pfn = low_pfn;
	unsigned long valid_pfn = 0;
	bool valid = false;
	bool skip_on_failure = false;
	unsigned long next_skip_pfn = 0;
	bool skip_updated = false;
	int ret = 0;

	cc->migrate_pfn = low_pfn;

	/*
	 * Too many pages isolated by reclaim or compaction: back off.  Sync
	 * compaction would wait in reclaim_throttle(); nothing releases
	 * isolated pages while this single caller waits, so it backs off
	 * like async compaction does.
	 */
	if (unlikely(too_many_isolated(cc))) {
		if (cc->nr_migratepages)
			return -EAGAIN;
		if (cc->mode == MIGRATE_ASYNC)
			return -EAGAIN;
		if (current && current->fatal_signal_pending)
			return -EINTR;
		return -EAGAIN;
	}

	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		skip_on_failure = true;
		next_skip_pfn = block_end_pfn(low_pfn, cc->order);
	}

	for (; low_pfn < end_pfn; low_pfn++) {
		struct page *page;
		bool is_dirty, is_unevictable;
		bool file;

		if (skip_on_failure && low_pfn >= next_skip_pfn) {
			/*
			 * Everything of the previous order-aligned block is
			 * isolated: migrate it now, hopefully forming the
			 * requested order.
			 */
			if (nr_isolated)
				break;
			/* Failed in the previous block: new boundary at the
			 * end of the current one (low_pfn may have jumped
			 * over a compound or a free block). */
			next_skip_pfn = block_end_pfn(low_pfn, cc->order);
		}

		/* Periodically: abort on a fatal signal. */
		if (!(low_pfn % COMPACT_CLUSTER_MAX)) {
			if (current && current->fatal_signal_pending) {
				cc->contended = true;
				ret = -EINTR;
				goto fatal_pending;
			}
		}

		nr_scanned++;
		page = pfn_to_page(m, low_pfn);

		/*
		 * Check the skip bit on the first pfn of the pageblock only:
		 * the caller isolates COMPACT_CLUSTER_MAX at a time, so a
		 * second call must not wrongly skip the block.
		 */
		if (!valid && (pageblock_aligned(m, low_pfn) ||
			       low_pfn == cc->zone->zone_start_pfn)) {
			if (!isolation_suitable(cc, low_pfn)) {
				low_pfn = end_pfn;
				goto isolate_abort;
			}
			valid = true;
			valid_pfn = low_pfn;
		}

		if (PageHuge(page)) {
			const unsigned int order = compound_order(page);

			/*
			 * hugetlb pages are skipped unless this is a
			 * contiguous range allocation, which migrates them
			 * whole (or would dissolve free ones).
			 */
			if (!cc->alloc_contig) {
				if (order <= m->max_page_order) {
					low_pfn += (1UL << order) - 1;
					nr_scanned += (1UL << order) - 1;
				}
				goto isolate_fail;
			}
			/* in use: isolate it; free in the pool: dissolve it
			 * (isolate_or_dissolve_huge_page, contig.c) */
			ret = isolate_or_dissolve_huge_page(m, page,
							    cc->migratepages);
			if (ret < 0) {
				/* -EBUSY is not reported down the chain;
				 * -ENOMEM (gigantic) stops the scan */
				if (ret == -EBUSY)
					ret = 0;
				low_pfn += (1UL << order) - 1;
				nr_scanned += (1UL << order) - 1;
				goto isolate_fail;
			}
			if (PageHuge(page)) {
				/* isolated (isolate_success_no_list) */
				page = (struct page *)compound_head(page);
				low_pfn += (1UL << page_sto_order(page)) - 1;
				goto isolate_success;
			}
			/* dissolved: its pages are free now, see below */
		}

		/*
		 * Skip free blocks whole.  (The kernel reads the order
		 * without the lock; the model's is exact.)
		 */
		if (PageBuddy(page)) {
			unsigned long freepage_order = buddy_order(page);

			if (freepage_order > 0 &&
			    freepage_order <= m->max_page_order) {
				low_pfn += (1UL << freepage_order) - 1;
				nr_scanned += (1UL << freepage_order) - 1;
			}
			continue;
		}

		/*
		 * Compound pages (THP) are compacted only for allocations
		 * larger than they are; skip them at once.
		 */
		if (PageCompound(page) && !cc->alloc_contig) {
			const unsigned int order = compound_order(page);

			if (skip_isolation_on_order(m, (int)order, cc->order)) {
				if (order <= m->max_page_order) {
					low_pfn += (1UL << order) - 1;
					nr_scanned += (1UL << order) - 1;
				}
				goto isolate_fail;
			}
		}

		/* Movable pages are LRU folios or non-LRU movable pages. */
		if (!PageLRU(page)) {
			if (unlikely(__PageMovable(page)) &&
			    !page_test_flag(page, PG_isolated)) {
				if (isolate_movable_page(m, page, cc->mode)) {
					ilist_add(m, page_idx(m, page),
						  cc->migratepages);
					goto isolate_success;
				}
			}
			goto isolate_fail;
		}

		/* folio_get_nontail_page(): tails cannot be taken. */
		if (page_state(page) != PS_ALLOC)
			goto isolate_fail;

		file = page_kind(page) == MC_PAGE_FILE;
		/*
		 * A pinned anonymous page would fail migration anyway
		 * (refcount - 1 > mapcount): do not isolate it.
		 */
		if (!file && page_test_flag(page, PG_pinned))
			goto isolate_fail;

		/* GFP_NOFS may only move anonymous pages (no fs locks). */
		if (!(cc->gfp_mask & __GFP_FS) && file)
			goto isolate_fail;

		if (!page_test_flag(page, PG_lru))
			goto isolate_fail;

		is_unevictable = page_test_flag(page, PG_unevictable);
		/* Compaction may skip unevictable pages; CMA takes them. */
		if (!(mode & ISOLATE_UNEVICTABLE) && is_unevictable)
			goto isolate_fail;

		/* Async isolation only takes what migrates without
		 * blocking: not under writeback. */
		if ((mode & ISOLATE_ASYNC_MIGRATE) &&
		    page_test_flag(page, PG_writeback))
			goto isolate_fail;

		is_dirty = page_test_flag(page, PG_dirty);
		if (((mode & ISOLATE_ASYNC_MIGRATE) && is_dirty) ||
		    (file && is_unevictable)) {
			bool migrate_dirty = true;
			bool is_inaccessible;
			void *octx;
			const struct mc_owner_ops *ops;

			if (page_test_flag(page, PG_locked))
				goto isolate_fail;	/* folio_trylock */
			ops = page->owner && m->owners[page->owner].used ?
				      m->owners[page->owner].ops :
				      NULL;
			octx = m->owners[page->owner].ctx;
			(void)octx;
			/* Only folios without a mapping or with a
			 * migrate_folio operation migrate without blocking. */
			if ((mode & ISOLATE_ASYNC_MIGRATE) && is_dirty)
				migrate_dirty = !file || !ops ||
					!(ops->flags &
					  MC_OWNER_NO_MIGRATE_FOLIO);
			is_inaccessible = file && ops &&
					  (ops->flags & MC_OWNER_INACCESSIBLE);
			if (!migrate_dirty || is_inaccessible)
				goto isolate_fail;
		}

		/* Take the lruvec lock (the first time in this block): and
		 * mark the block skip so that parallel compactors keep away;
		 * abort if it was already marked, unless finishing it. */
		if (!skip_updated && valid) {
			skip_updated = true;
			if (test_and_set_skip(cc, valid_pfn) &&
			    !cc->finish_pageblock) {
				low_pfn = end_pfn;
				goto isolate_abort;
			}
		}

		/* Recheck the folio order under the lock. */
		if (unlikely(skip_isolation_on_order(m,
				(int)compound_order(page), cc->order) &&
			     !cc->alloc_contig)) {
			low_pfn += (1UL << compound_order(page)) - 1;
			nr_scanned += (1UL << compound_order(page)) - 1;
			goto isolate_fail;
		}

		/* The folio is taken off the LRU. */
		if (compound_order(page))
			low_pfn += (1UL << compound_order(page)) - 1;
		isolate_lru_folio(m, page);
		ilist_add(m, page_idx(m, page), cc->migratepages);

isolate_success:
		{
			unsigned long nr = page_test_flag(page, PG_head) ?
				1UL << page_sto_order(page) : 1;

			cc->nr_migratepages += (unsigned)nr;
			nr_isolated += nr;
			nr_scanned += nr - 1;
		}
		/*
		 * Do not isolate too much, unless the whole block must be
		 * scanned or a lock is contended (then isolate quickly to
		 * remove one source of contention).
		 */
		if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX &&
		    !cc->finish_pageblock && !cc->contended) {
			++low_pfn;
			break;
		}
		continue;

isolate_fail:
		if (!skip_on_failure && ret != -ENOMEM)
			continue;
		/*
		 * Some pages isolated, then a failure: the order-aligned
		 * block cannot be freed, so release them instead of
		 * migrating.
		 */
		if (nr_isolated) {
			putback_movable_pages(m, cc->migratepages);
			cc->nr_migratepages = 0;
			nr_isolated = 0;
		}
		if (low_pfn < next_skip_pfn) {
			low_pfn = next_skip_pfn - 1;
			next_skip_pfn += 1UL << cc->order;
		}
		if (ret == -ENOMEM)
			break;
	}

	/* The free page skip could have taken us past the range. */
	if (unlikely(low_pfn > end_pfn))
		low_pfn = end_pfn;

isolate_abort:
	/*
	 * The pageblock was scanned: update the cached position; mark the
	 * block skip if nothing was isolated or it was rescanned twice.
	 * (Not gated by ignore_skip_hint: manual compaction sets bits too.)
	 */
	if (low_pfn == end_pfn && (!nr_isolated || cc->finish_pageblock)) {
		if (!cc->no_set_skip_hint && valid && !skip_updated)
			set_pageblock_skip(m, valid_pfn);
		update_cached_migrate(cc, low_pfn);
	}

	TRACE(m, mm_compaction_isolate_migratepages, (int64_t)start_pfn,
	      (int64_t)low_pfn, (int64_t)nr_scanned, (int64_t)nr_isolated);

fatal_pending:
	cc->total_migrate_scanned += nr_scanned;
	if (nr_isolated)
		count_vm_events(m, COMPACTISOLATED, (long)nr_isolated);
	cc->migrate_pfn = low_pfn;
	return ret;
}

/*
 * isolate_migratepages_range - isolate migratable pages of a pfn range
 * for contiguous allocation; stops at an error or 32 isolated pages.
 */
int isolate_migratepages_range(struct compact_control *cc,
			       unsigned long start_pfn, unsigned long end_pfn)
{
	struct mc_machine *m = cc_m(cc);
	unsigned long pfn, block_start_pfn, block_end_pfn;
	int ret = 0;

	pfn = start_pfn;
	block_start_pfn = pageblock_start_pfn(m, pfn);
	if (block_start_pfn < cc->zone->zone_start_pfn)
		block_start_pfn = cc->zone->zone_start_pfn;
	block_end_pfn = pageblock_end_pfn(m, pfn);

	for (; pfn < end_pfn; pfn = block_end_pfn,
	     block_start_pfn = block_end_pfn,
	     block_end_pfn += m->pageblock_nr_pages) {
		block_end_pfn = min(block_end_pfn, end_pfn);
		if (!pageblock_pfn_to_page(block_start_pfn, block_end_pfn,
					   cc->zone))
			continue;
		ret = isolate_migratepages_block(cc, pfn, block_end_pfn,
						 ISOLATE_UNEVICTABLE);
		if (ret)
			break;
		if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX)
			break;
	}
	return ret;
}

static bool suitable_migration_source(struct compact_control *cc,
				      unsigned long pfn)
{
	struct mc_machine *m = cc_m(cc);
	int block_mt;

	if (pageblock_skip_persistent(m, pfn_to_page(m, pfn)))
		return false;
	if ((cc->mode != MIGRATE_ASYNC) || !cc->direct_compaction)
		return true;
	/* Async direct compaction: blocks of the request's type only. */
	block_mt = get_pfnblock_migratetype(m, pfn);
	if (cc->migratetype == MIGRATE_MOVABLE)
		return is_migrate_movable(block_mt);
	return block_mt == cc->migratetype;
}

/* Returns true if the page is within a block suitable for migration to. */
static bool suitable_migration_target(struct compact_control *cc,
				      unsigned long pfn)
{
	struct mc_machine *m = cc_m(cc);
	struct page *page = pfn_to_page(m, pfn);

	/* A large free block is already what we want: do not break it. */
	if (PageBuddy(page)) {
		int order = cc->order > 0 ? cc->order :
					    (int)m->pageblock_order;

		if ((int)buddy_order(page) >= order)
			return false;
	}
	if (cc->ignore_block_suitable)
		return true;
	/* MIGRATE_MOVABLE or MIGRATE_CMA blocks. */
	return is_migrate_movable(get_pfnblock_migratetype(m, pfn));
}

static inline unsigned int freelist_scan_limit(struct compact_control *cc)
{
	unsigned short shift = 63;

	return (COMPACT_CLUSTER_MAX >> min(shift, cc->fast_search_fail)) + 1;
}

/* The free scanner reached the migration scanner's pageblock or below. */
static inline bool compact_scanners_met(struct compact_control *cc)
{
	unsigned int pbo = cc_m(cc)->pageblock_order;

	return (cc->free_pfn >> pbo) <= (cc->migrate_pfn >> pbo);
}

/*
 * The free list is scanned in reverse: reorder it so that the pages not
 * scanned come first next time.  Everything before @freepage moves to the
 * tail in order (list_cut_before + list_splice_tail), in O(1).
 */
static void move_freelist_head(struct mc_machine *m, uint32_t freelist,
			       uint32_t freepage)
{
	struct page *head = idx_page(m, freelist);
	uint32_t first = head->next, last, tail;

	if (first == freepage)
		return;
	last = idx_page(m, freepage)->prev;
	tail = head->prev;
	/* detach [first, last] */
	head->next = freepage;
	idx_page(m, freepage)->prev = freelist;
	/* and append it after the old tail */
	idx_page(m, tail)->next = first;
	idx_page(m, first)->prev = tail;
	idx_page(m, last)->next = freelist;
	head->prev = last;
}

/*
 * The migration scanner's forward scan: everything up to and including
 * @freepage moves to the tail (list_cut_position + list_splice_tail).
 */
static void move_freelist_tail(struct mc_machine *m, uint32_t freelist,
			       uint32_t freepage)
{
	struct page *head = idx_page(m, freelist);
	uint32_t first = head->next, after, tail;

	if (head->prev == freepage)
		return;
	after = idx_page(m, freepage)->next;
	tail = head->prev;
	/* detach [first, freepage] */
	head->next = after;
	idx_page(m, after)->prev = freelist;
	/* and append it after the old tail */
	idx_page(m, tail)->next = first;
	idx_page(m, first)->prev = tail;
	idx_page(m, freepage)->next = freelist;
	head->prev = freepage;
}

static void fast_isolate_around(struct compact_control *cc, unsigned long pfn)
{
	struct mc_machine *m = cc_m(cc);
	unsigned long start_pfn, end_pfn;

	/* Enough pages already. */
	if (cc->nr_freepages >= cc->nr_migratepages)
		return;
	/* Minimise scanning during async direct compaction. */
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC)
		return;

	start_pfn = max(pageblock_start_pfn(m, pfn), cc->zone->zone_start_pfn);
	end_pfn = min(pageblock_end_pfn(m, pfn), zone_end_pfn(cc->zone));
	if (!pageblock_pfn_to_page(start_pfn, end_pfn, cc->zone))
		return;
	{
		unsigned long block = start_pfn;

		isolate_freepages_block(cc, &start_pfn, end_pfn, cc->freepages,
					1, false);
		/* Full or nearly full: skip it in the future. */
		if (start_pfn == end_pfn && !cc->no_set_skip_hint)
			set_pageblock_skip(m, block);
	}
}

/* Search orders round-robin. */
static int next_search_order(struct compact_control *cc, int order)
{
	order--;
	if (order < 0)
		order = cc->order - 1;
	/* Search wrapped around? */
	if (order == cc->search_order) {
		cc->search_order--;
		if (cc->search_order < 0)
			cc->search_order = (short)(cc->order - 1);
		return -1;
	}
	return order;
}

/*
 * fast_isolate_freepages - search the MOVABLE free lists (from the tail)
 * for a target high in the zone: preferably in the top quarter of the
 * scan space, else the highest found in the top half.
 */
static void fast_isolate_freepages(struct compact_control *cc)
{
	struct mc_machine *m = cc_m(cc);
	unsigned int limit = max(1U, freelist_scan_limit(cc) >> 1);
	unsigned int nr_scanned = 0, total_isolated = 0;
	unsigned long low_pfn, min_pfn, highest = 0;
	unsigned long nr_isolated = 0;
	unsigned long distance;
	struct page *page = NULL;
	bool scan_start = false;
	int order;

	/* Full compaction passes a negative order. */
	if (cc->order <= 0)
		return;

	/* Starting the scan: search deeper, fall back to the highest. */
	if (cc->free_pfn >= cc->zone->compact_init_free_pfn) {
		limit = (unsigned)(m->pageblock_nr_pages >> 1);
		scan_start = true;
	}

	/* Prefer the top quarter of the scan space; accept the top half. */
	distance = (cc->free_pfn - cc->migrate_pfn);
	low_pfn = pageblock_start_pfn(m, cc->free_pfn - (distance >> 2));
	min_pfn = pageblock_start_pfn(m, cc->free_pfn - (distance >> 1));
	if (min_pfn > low_pfn)
		low_pfn = min_pfn;

	/* Start at the last successful order, or the next after a
	 * failure. */
	cc->search_order = (short)min((unsigned int)(cc->order - 1),
				      (unsigned int)cc->search_order);

	for (order = cc->search_order; !page && order >= 0;
	     order = next_search_order(cc, order)) {
		struct free_area *area = &cc->zone->free_area[order];
		uint32_t freelist, fi;
		uint32_t freepage = LIST_POISON_IDX;
		unsigned int order_scanned = 0;
		unsigned long high_pfn = 0;

		if (!area->nr_free)
			continue;

		zone_lock(cc->zone);
		freelist = area->free_list[MIGRATE_MOVABLE];
		for (fi = idx_page(m, freelist)->prev; fi != freelist;
		     fi = idx_page(m, fi)->prev) {
			unsigned long pfn;

			freepage = fi;
			order_scanned++;
			nr_scanned++;
			pfn = page_to_pfn(m, idx_page(m, fi));

			if (pfn >= highest)
				highest = max(pageblock_start_pfn(m, pfn),
					      cc->zone->zone_start_pfn);
			if (pfn >= low_pfn) {
				cc->fast_search_fail = 0;
				cc->search_order = (short)order;
				page = idx_page(m, fi);
				break;
			}
			if (pfn >= min_pfn && pfn > high_pfn) {
				high_pfn = pfn;
				/* Shorten the scan if a candidate is found. */
				limit >>= 1;
			}
			if (order_scanned >= limit)
				break;
		}

		/* Use the best candidate if no preferred one was found. */
		if (!page && high_pfn) {
			page = pfn_to_page(m, high_pfn);
			freepage = page_idx(m, page);
		}

		/* Reorder so that a future search skips recent pages. */
		if (freepage != LIST_POISON_IDX)
			move_freelist_head(m, freelist, freepage);

		if (page) {
			if (__isolate_free_page(m, page, (unsigned)order)) {
				set_page_state(page, PS_ISOLATED_FREE, 0);
				page->private = (uint32_t)order;
				nr_isolated = 1UL << order;
				nr_scanned += nr_isolated - 1;
				total_isolated += nr_isolated;
				cc->nr_freepages += nr_isolated;
				ilist_add_tail(m, page_idx(m, page),
					       cc->freepages[order]);
				count_vm_events(m, COMPACTISOLATED,
						(long)nr_isolated);
			} else {
				/* Isolation failed: abort the search. */
				order = cc->search_order + 1;
				page = NULL;
			}
		}
		zone_unlock(cc->zone);

		/* Enough free pages: skip the fast search. */
		if (cc->nr_freepages >= cc->nr_migratepages)
			break;
		/* A smaller scan on the next order, so the total scan is
		 * related to freelist_scan_limit. */
		if (order_scanned >= limit)
			limit = max(1U, limit >> 1);
	}

	TRACE(m, mm_compaction_fast_isolate_freepages, (int64_t)min_pfn,
	      (int64_t)cc->free_pfn, nr_scanned, total_isolated);

	if (!page) {
		cc->fast_search_fail++;
		if (scan_start) {
			/* Use the highest pfn found above min; if none, be
			 * pessimistic for direct compaction and use min. */
			if (highest >= min_pfn) {
				page = pfn_to_page(m, highest);
				cc->free_pfn = highest;
			} else {
				if (cc->direct_compaction &&
				    pfn_valid(m, min_pfn)) {
					page = pageblock_pfn_to_page(min_pfn,
						min(pageblock_end_pfn(m,
								      min_pfn),
						    zone_end_pfn(cc->zone)),
						cc->zone);
					if (page &&
					    !suitable_migration_target(cc,
								       min_pfn))
						page = NULL;
					cc->free_pfn = min_pfn;
				}
			}
		}
	}

	if (highest && highest >= cc->zone->compact_cached_free_pfn) {
		highest -= m->pageblock_nr_pages;
		cc->zone->compact_cached_free_pfn = highest;
	}

	cc->total_free_scanned += nr_scanned;
	if (!page)
		return;
	fast_isolate_around(cc, page_to_pfn(m, page));
}

/*
 * isolate_freepages - find blocks to take free pages from: a fast
 * free-list search first, then the linear scanner moving down from
 * cc->free_pfn one pageblock at a time, with a stride that grows while
 * blocks yield nothing (async) to cut scanning cost.
 */
static void isolate_freepages(struct compact_control *cc)
{
	struct mc_machine *m = cc_m(cc);
	struct zone *zone = cc->zone;
	unsigned long block_start_pfn, isolate_start_pfn, block_end_pfn;
	unsigned long low_pfn;
	unsigned int stride;

	fast_isolate_freepages(cc);
	if (cc->nr_freepages)
		return;

	/*
	 * Start where the last isolation left off (or at the zone end);
	 * stop at the end of the migration scanner's pageblock.
	 */
	isolate_start_pfn = cc->free_pfn;
	block_start_pfn = pageblock_start_pfn(m, isolate_start_pfn);
	block_end_pfn = min(block_start_pfn + m->pageblock_nr_pages,
			    zone_end_pfn(zone));
	low_pfn = pageblock_end_pfn(m, cc->migrate_pfn);
	stride = cc->mode == MIGRATE_ASYNC ? COMPACT_CLUSTER_MAX : 1;

	for (; block_start_pfn >= low_pfn;
	     block_end_pfn = block_start_pfn,
	     block_start_pfn -= m->pageblock_nr_pages,
	     isolate_start_pfn = block_start_pfn) {
		unsigned long nr_isolated;

		/* (offline sections are not modelled: an invalid block is
		 * simply passed over) */
		if (!pageblock_pfn_to_page(block_start_pfn, block_end_pfn,
					   zone))
			continue;
		if (!suitable_migration_target(cc, block_start_pfn))
			continue;
		/* If isolation recently failed, do not retry. */
		if (!isolation_suitable(cc, block_start_pfn))
			continue;

		nr_isolated = isolate_freepages_block(cc, &isolate_start_pfn,
						      block_end_pfn,
						      cc->freepages, stride,
						      false);

		/* The whole pageblock was scanned: update the skip hint. */
		if (isolate_start_pfn == block_end_pfn)
			update_pageblock_skip(cc, block_start_pfn,
					      block_start_pfn -
						      m->pageblock_nr_pages);

		if (cc->nr_freepages >= cc->nr_migratepages) {
			/* Restart at the previous block if this one is
			 * exhausted. */
			if (isolate_start_pfn >= block_end_pfn)
				isolate_start_pfn = block_start_pfn -
						    m->pageblock_nr_pages;
			break;
		} else if (isolate_start_pfn < block_end_pfn) {
			/* Isolation failed early: do not continue. */
			break;
		}

		/* Adjust the stride to how isolation went. */
		if (nr_isolated) {
			stride = 1;
			continue;
		}
		stride = min(COMPACT_CLUSTER_MAX, (unsigned long)stride << 1);
	}
	/* Where the free scanner restarts next time. */
	cc->free_pfn = isolate_start_pfn;
}

/*
 * compaction_alloc - the migration target callback: a page of the
 * source's order from the isolated free pages, splitting a larger one
 * (halves to the head of their lists), isolating more if needed once.
 */
static struct page *compaction_alloc(struct page *src, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	struct mc_machine *m = cc_m(cc);
	unsigned int order = page_test_flag(src, PG_head) ?
				     page_sto_order(src) : 0;
	bool has_isolated_pages = false;
	unsigned int start_order;
	struct page *freepage;
	unsigned long size;
	uint32_t i;

again:
	for (start_order = order; start_order < m->nr_page_orders;
	     start_order++)
		if (!ilist_empty(m, cc->freepages[start_order]))
			break;

	if (start_order == m->nr_page_orders) {
		if (has_isolated_pages)
			return NULL;
		isolate_freepages(cc);
		has_isolated_pages = true;
		goto again;
	}

	i = ilist_first(m, cc->freepages[start_order]);
	freepage = idx_page(m, i);
	size = 1UL << start_order;
	ilist_del(m, i);

	while (start_order > order) {
		struct page *half;

		start_order--;
		size >>= 1;
		half = freepage + size;
		set_page_state(half, PS_ISOLATED_FREE, 0);
		half->private = start_order;
		ilist_add(m, page_idx(m, half), cc->freepages[start_order]);
	}
	/* post_alloc_hook, refcount, prep_compound_page */
	prep_new_page(m, freepage, order, __GFP_MOVABLE | (order ? __GFP_COMP : 0),
		      0);
	cc->nr_freepages -= 1u << order;
	cc->nr_migratepages -= 1u << order;
	return freepage;
}

/* compaction_free - a target was not used: back to the isolated list. */
static void compaction_free(struct page *dst, unsigned long data)
{
	struct compact_control *cc = (struct compact_control *)data;
	struct mc_machine *m = cc_m(cc);
	unsigned int order = page_sto_order(dst);
	unsigned long n = 1UL << order;

	/* folio_put_testzero() && free_pages_prepare() */
	TRACE(m, mm_page_free, (int64_t)page_to_pfn(m, dst), order);
	if (m->page_free_hook)
		m->page_free_hook(m, page_to_pfn(m, dst), order);
	for (unsigned long i = 1; i < n; i++) {
		__atomic_store_n(&dst[i].sto, 0, __ATOMIC_RELAXED);
		dst[i].private = 0;
		dst[i].flags = 0;
		dst[i].owner = 0;
	}
	dst->flags = 0;
	dst->owner = 0;
	set_page_state(dst, PS_ISOLATED_FREE, 0);
	dst->private = order;
	ilist_add(m, page_idx(m, dst), cc->freepages[order]);
	cc->nr_freepages += (unsigned)n;
	cc->nr_migratepages += (unsigned)n;
}

/* ---- the migration scanner ------------------------------------------------ */

static inline void update_fast_start_pfn(struct compact_control *cc,
					 unsigned long pfn)
{
	if (cc->fast_start_pfn == ULONG_MAX)
		return;
	if (!cc->fast_start_pfn)
		cc->fast_start_pfn = pfn;
	cc->fast_start_pfn = min(cc->fast_start_pfn, pfn);
}

static inline unsigned long reinit_migrate_pfn(struct compact_control *cc)
{
	if (!cc->fast_start_pfn || cc->fast_start_pfn == ULONG_MAX)
		return cc->migrate_pfn;
	cc->migrate_pfn = cc->fast_start_pfn;
	cc->fast_start_pfn = ULONG_MAX;
	return cc->migrate_pfn;
}

/*
 * fast_find_migrateblock - search the free lists for a migration source
 * that already has some free pages, so that fewer pages must move before
 * the block is free.
 */
static unsigned long fast_find_migrateblock(struct compact_control *cc)
{
	struct mc_machine *m = cc_m(cc);
	unsigned int limit = freelist_scan_limit(cc);
	unsigned int nr_scanned = 0;
	unsigned long distance;
	unsigned long pfn = cc->migrate_pfn;
	unsigned long high_pfn;
	int order;
	bool found_block = false;

	/* Skip hints are relied on to avoid repeats on the fast search. */
	if (cc->ignore_skip_hint)
		return pfn;
	/* Finish the current pageblock first. */
	if (cc->finish_pageblock)
		return pfn;
	/* Not at the zone or a pageblock start: a continuation after
	 * COMPACT_CLUSTER_MAX pages. */
	if (pfn != cc->zone->zone_start_pfn &&
	    pfn != pageblock_start_pfn(m, pfn))
		return pfn;
	/* Small orders: scan linearly, few pages need to move. */
	if (cc->order <= PAGE_ALLOC_COSTLY_ORDER)
		return pfn;
	/* Only kcompactd and movable direct requests clear out a movable
	 * block quickly: a non-movable small request should not get one. */
	if (cc->direct_compaction && cc->migratetype != MIGRATE_MOVABLE)
		return pfn;

	/* Pick within the first half of the space at the start, then
	 * within the first eighth (fewer targets becoming sources). */
	distance = (cc->free_pfn - cc->migrate_pfn) >> 1;
	if (cc->migrate_pfn != cc->zone->zone_start_pfn)
		distance >>= 2;
	high_pfn = pageblock_start_pfn(m, cc->migrate_pfn + distance);

	for (order = cc->order - 1;
	     order >= PAGE_ALLOC_COSTLY_ORDER && !found_block &&
	     nr_scanned < limit;
	     order--) {
		struct free_area *area = &cc->zone->free_area[order];
		uint32_t freelist, fi, next;

		if (!area->nr_free)
			continue;
		zone_lock(cc->zone);
		freelist = area->free_list[MIGRATE_MOVABLE];
		for (fi = idx_page(m, freelist)->next; fi != freelist;
		     fi = next) {
			unsigned long free_pfn;

			next = idx_page(m, fi)->next;
			if (nr_scanned++ >= limit) {
				move_freelist_tail(m, freelist, fi);
				break;
			}
			free_pfn = page_to_pfn(m, idx_page(m, fi));
			if (free_pfn < high_pfn) {
				/* Avoid if skipped recently. */
				if (get_pageblock_skip(m, free_pfn))
					continue;
				move_freelist_tail(m, freelist, fi);
				update_fast_start_pfn(cc, free_pfn);
				pfn = pageblock_start_pfn(m, free_pfn);
				if (pfn < cc->zone->zone_start_pfn)
					pfn = cc->zone->zone_start_pfn;
				cc->fast_search_fail = 0;
				found_block = true;
				break;
			}
		}
		zone_unlock(cc->zone);
	}
	cc->total_migrate_scanned += nr_scanned;

	/* Failed: restart the linear scan from the lowest block found. */
	if (!found_block) {
		cc->fast_search_fail++;
		pfn = reinit_migrate_pfn(cc);
	}
	return pfn;
}

typedef enum {
	ISOLATE_ABORT,
	ISOLATE_NONE,
	ISOLATE_SUCCESS,
} isolate_migrate_t;

/* Isolate from the first suitable pageblock at or after migrate_pfn. */
static isolate_migrate_t isolate_migratepages(struct compact_control *cc)
{
	struct mc_machine *m = cc_m(cc);
	unsigned long block_start_pfn, block_end_pfn, low_pfn;
	const int isolate_mode =
		(m->sysctl.compact_unevictable_allowed ? ISOLATE_UNEVICTABLE :
							 0) |
		(cc->mode != MIGRATE_SYNC ? ISOLATE_ASYNC_MIGRATE : 0);
	bool fast_find_block;

	low_pfn = fast_find_migrateblock(cc);
	block_start_pfn = pageblock_start_pfn(m, low_pfn);
	if (block_start_pfn < cc->zone->zone_start_pfn)
		block_start_pfn = cc->zone->zone_start_pfn;

	/* The fast search already checked the skip bit. */
	fast_find_block = low_pfn != cc->migrate_pfn && !cc->fast_search_fail;

	block_end_pfn = pageblock_end_pfn(m, low_pfn);

	/* Whole pageblocks until a suitable one; never cross the free
	 * scanner. */
	for (; block_end_pfn <= cc->free_pfn;
	     fast_find_block = false,
	     cc->migrate_pfn = low_pfn = block_end_pfn,
	     block_start_pfn = block_end_pfn,
	     block_end_pfn += m->pageblock_nr_pages) {
		if (!pageblock_pfn_to_page(block_start_pfn, block_end_pfn,
					   cc->zone))
			continue;

		/* Check the skip hint once per pageblock. */
		if ((pageblock_aligned(m, low_pfn) ||
		     low_pfn == cc->zone->zone_start_pfn) &&
		    !fast_find_block && !isolation_suitable(cc, low_pfn))
			continue;

		/*
		 * Async direct compaction scans only blocks of the request's
		 * type without huge pages; the cached pfn moves on in case
		 * all remaining blocks are unsuitable.
		 */
		if (!suitable_migration_source(cc, block_start_pfn)) {
			update_cached_migrate(cc, block_end_pfn);
			continue;
		}

		if (isolate_migratepages_block(cc, low_pfn, block_end_pfn,
					       isolate_mode))
			return ISOLATE_ABORT;
		/* Isolated something (migrate it) or failed (let
		 * compact_zone decide). */
		break;
	}
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* ---- fragmentation score (proactive compaction) --------------------------- */

static bool kswapd_is_running(struct pglist_data *pgdat)
{
	return pgdat->kswapd_running;
}

/* A zone's external fragmentation for huge pages, 0..100. */
unsigned int fragmentation_score_zone(struct zone *zone)
{
	return extfrag_for_order(zone, compaction_hpage_order(zone->m));
}

/*
 * Scaled by the zone's share of the node, so that proactive compaction
 * focuses on large zones: a small zone's score stays near zero and never
 * exceeds the high threshold alone.
 */
static unsigned int fragmentation_score_zone_weighted(struct zone *zone)
{
	uint64_t score;

	score = (uint64_t)zone->present_pages * fragmentation_score_zone(zone);
	return (unsigned int)(score /
			      (zone->zone_pgdat->node_present_pages + 1));
}

unsigned int fragmentation_score_node(struct pglist_data *pgdat)
{
	unsigned int score = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (!populated_zone(zone))
			continue;
		score += fragmentation_score_zone_weighted(zone);
	}
	return score;
}

unsigned int fragmentation_score_wmark(const struct mc_machine *m, bool low)
{
	unsigned int wmark_low;

	/* Cap the low watermark: proactiveness near 100 must not make
	 * compaction run all the time. */
	wmark_low = max(100U - (unsigned)m->sysctl.compaction_proactiveness,
			5U);
	return low ? wmark_low : min(wmark_low + 10, 100U);
}

int unlocked_mc_node_stats(struct mc_machine *m, int nid,
			   struct mc_node_stats *s)
{
	struct pglist_data *pgdat;

	if (!m || !s || nid < 0 || nid >= m->nr_node_ids)
		return -EINVAL;
	pgdat = m->node_data[nid];
	memset(s, 0, sizeof(*s));
	s->present = pgdat->node_present_pages;
	s->fragmentation_score = fragmentation_score_node(pgdat);
	s->score_wmark_low = fragmentation_score_wmark(m, true);
	s->score_wmark_high = fragmentation_score_wmark(m, false);
	s->kcompactd_sleeping = pgdat->kcompactd_waiting;
	s->kcompactd_max_order = pgdat->kcompactd_max_order;
	s->kswapd_sleeping = pgdat->kswapd_waiting;
	s->kswapd_order = pgdat->kswapd_order;
	s->kswapd_failures = (unsigned int)pgdat->kswapd_failures;
	return 0;
}

bool should_proactive_compact_node(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;
	unsigned int wmark_high;

	if (!m->sysctl.compaction_proactiveness || kswapd_is_running(pgdat))
		return false;
	wmark_high = fragmentation_score_wmark(m, false);
	return fragmentation_score_node(pgdat) > wmark_high;
}

/* ---- finishing ------------------------------------------------------------ */

static enum compact_result __compact_finished(struct compact_control *cc)
{
	struct mc_machine *m = cc_m(cc);
	unsigned int order;
	const int migratetype = cc->migratetype;
	enum compact_result ret;

	/* The scanners met: this run is complete. */
	if (compact_scanners_met(cc)) {
		/* Let the next compaction start anew. */
		reset_cached_positions(cc->zone);
		/*
		 * Have kswapd clear the skip hints when it goes to sleep.
		 * kcompactd does not set this: clearing should follow from
		 * an allocation request.
		 */
		if (cc->direct_compaction)
			cc->zone->compact_blockskip_flush = true;
		if (cc->whole_zone)
			return COMPACT_COMPLETE;
		return COMPACT_PARTIAL_SKIPPED;
	}

	if (cc->proactive_compaction) {
		unsigned int score, wmark_low;

		if (kswapd_is_running(cc->zone->zone_pgdat))
			return COMPACT_PARTIAL_SKIPPED;
		score = fragmentation_score_zone(cc->zone);
		wmark_low = fragmentation_score_wmark(m, true);
		ret = score > wmark_low ? COMPACT_CONTINUE : COMPACT_SUCCESS;
		goto out;
	}

	if (is_via_compact_memory(cc->order))
		return COMPACT_CONTINUE;

	/*
	 * Always finish scanning a pageblock, to make future fallbacks less
	 * likely (most important when the source is unmovable or
	 * reclaimable, but not worth special casing).
	 */
	if (!pageblock_aligned(m, cc->migrate_pfn))
		return COMPACT_CONTINUE;

	/* Direct compactor: is a suitable page free? */
	ret = COMPACT_NO_SUITABLE_PAGE;
	for (order = (unsigned)cc->order; order < m->nr_page_orders; order++) {
		struct free_area *area = &cc->zone->free_area[order];
		bool can_steal;

		/* Done if a page of the right type is free. */
		if (!ilist_empty(m, area->free_list[migratetype]))
			return COMPACT_SUCCESS;
		/* Movable can fall back on CMA. */
		if (m->cma && migratetype == MIGRATE_MOVABLE &&
		    !ilist_empty(m, area->free_list[MIGRATE_CMA]))
			return COMPACT_SUCCESS;
		/*
		 * Done if the allocation would take a whole block from
		 * another type (the current pageblock was finished above,
		 * so it is as free as possible).
		 */
		if (find_suitable_fallback(area, order, migratetype, true,
					   &can_steal) != -1)
			return COMPACT_SUCCESS;
	}
out:
	if (cc->contended ||
	    (current && current->fatal_signal_pending))
		ret = COMPACT_CONTENDED;
	return ret;
}

static enum compact_result compact_finished(struct compact_control *cc)
{
	enum compact_result ret = __compact_finished(cc);

	TRACE(cc_m(cc), mm_compaction_finished,
	      cc->zone->zone_pgdat->node_id, cc->zone->idx, cc->order, ret);
	if (ret == COMPACT_NO_SUITABLE_PAGE)
		ret = COMPACT_CONTINUE;
	return ret;
}

/* ---- suitability ------------------------------------------------------------ */

/*
 * Order-0 watermarks must be met for compaction to isolate free pages as
 * targets; as pessimistic as __isolate_free_page's check, plus the gap
 * compaction needs.  Costly orders need the low watermark, not min.  CMA
 * pages count: CMA blocks are valid targets.
 */
static bool __compaction_suitable(struct zone *zone, int order,
				  int highest_zoneidx,
				  unsigned long wmark_target)
{
	unsigned long watermark;

	watermark = (order > PAGE_ALLOC_COSTLY_ORDER) ?
			    low_wmark_pages(zone) :
			    min_wmark_pages(zone);
	watermark += compact_gap((unsigned)order);
	return __zone_watermark_ok(zone, 0, watermark, highest_zoneidx,
				   ALLOC_CMA, (long)wmark_target);
}

bool compaction_suitable(struct zone *zone, int order, int highest_zoneidx)
{
	struct mc_machine *m = zone->m;
	enum compact_result compact_result;
	bool suitable;

	suitable = __compaction_suitable(zone, order, highest_zoneidx,
					 zone_page_state(zone, NR_FREE_PAGES));
	/*
	 * The fragmentation index tells lack of memory (towards 0) from
	 * fragmentation (towards 1000): compact costly orders only for
	 * fragmentation.  Non-costly orders ignore it: their alternative is
	 * OOM.
	 */
	if (suitable) {
		compact_result = COMPACT_CONTINUE;
		if (order > PAGE_ALLOC_COSTLY_ORDER) {
			int fragindex = fragmentation_index(zone,
							    (unsigned)order);

			if (fragindex >= 0 &&
			    fragindex <= m->sysctl.extfrag_threshold) {
				suitable = false;
				compact_result = COMPACT_NOT_SUITABLE_ZONE;
			}
		}
	} else {
		compact_result = COMPACT_SKIPPED;
	}
	TRACE(m, mm_compaction_suitable, zone->zone_pgdat->node_id, zone->idx,
	      order, compact_result);
	return suitable;
}

bool compaction_zonelist_suitable(struct alloc_context *ac, int order,
				  int alloc_flags)
{
	struct zone *zone;
	struct zoneref *z;

	(void)alloc_flags;
	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		unsigned long available;

		/* Not all reclaimable memory: do not thrash for a single
		 * high-order allocation. */
		available = zone_reclaimable_pages(zone) / (unsigned)order;
		available += zone_page_state(zone, NR_FREE_PAGES);
		if (__compaction_suitable(zone, order,
					  (int)ac->highest_zoneidx, available))
			return true;
	}
	return false;
}

/*
 * SUCCESS if the allocation would already succeed, SKIPPED if compaction
 * is unlikely to help, CONTINUE to compact.
 */
static enum compact_result compaction_suit_allocation_order(
	struct zone *zone, unsigned int order, int highest_zoneidx,
	unsigned int alloc_flags)
{
	unsigned long watermark;

	watermark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
	if (zone_watermark_ok(zone, order, watermark, highest_zoneidx,
			      alloc_flags))
		return COMPACT_SUCCESS;
	if (!compaction_suitable(zone, (int)order, highest_zoneidx))
		return COMPACT_SKIPPED;
	return COMPACT_CONTINUE;
}

/* ---- compact_zone ---------------------------------------------------------- */

static bool cc_lists_init(struct mc_machine *m, struct compact_control *cc)
{
	cc->migratepages = sentinel_get(m);
	if (cc->migratepages == LIST_POISON_IDX)
		return false;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS_MAX; o++) {
		cc->freepages[o] = o < m->nr_page_orders ? sentinel_get(m) :
							   LIST_POISON_IDX;
		if (o < m->nr_page_orders && cc->freepages[o] == LIST_POISON_IDX)
			return false;
	}
	return true;
}

static void cc_lists_free(struct mc_machine *m, struct compact_control *cc)
{
	sentinel_put(m, cc->migratepages);
	cc->migratepages = LIST_POISON_IDX;
	for (unsigned int o = 0; o < NR_PAGE_ORDERS_MAX; o++) {
		sentinel_put(m, cc->freepages[o]);
		cc->freepages[o] = LIST_POISON_IDX;
	}
}

/* lru_add_drain_cpu_zone(): the LRU batches (none in the model) and this
 * CPU's pcp lists for the zone. */
static void lru_add_drain_cpu_zone(struct zone *zone)
{
	drain_zone_pages_cpu(zone, current ? current->cpu : 0);
}

enum compact_result compact_zone(struct compact_control *cc,
				 struct capture_control *capc)
{
	struct mc_machine *m = cc_m(cc);
	enum compact_result ret;
	unsigned long start_pfn = cc->zone->zone_start_pfn;
	unsigned long end_pfn = zone_end_pfn(cc->zone);
	unsigned long last_migrated_pfn;
	const bool sync = cc->mode != MIGRATE_ASYNC;
	bool update_cached;
	unsigned int nr_succeeded = 0, nr_migratepages;

	/* Counters of this zone's run. */
	cc->total_migrate_scanned = 0;
	cc->total_free_scanned = 0;
	cc->nr_migratepages = 0;
	cc->nr_freepages = 0;
	if (!cc_lists_init(m, cc)) {
		cc_lists_free(m, cc);
		return COMPACT_CONTENDED;
	}

	cc->migratetype = gfp_migratetype(m, cc->gfp_mask);

	if (!is_via_compact_memory(cc->order)) {
		ret = compaction_suit_allocation_order(cc->zone,
						       (unsigned)cc->order,
						       cc->highest_zoneidx,
						       cc->alloc_flags);
		if (ret != COMPACT_CONTINUE) {
			cc_lists_free(m, cc);
			return ret;
		}
	}

	/* Retrying after maximal deferral: clear stale skip hints. */
	if (compaction_restarting(cc->zone, cc->order))
		__reset_isolation_suitable(cc->zone);

	/*
	 * Start where the cached positions say (unless compacting the whole
	 * zone), checking they lie inside the zone.
	 */
	cc->fast_start_pfn = 0;
	if (cc->whole_zone) {
		cc->migrate_pfn = start_pfn;
		cc->free_pfn = pageblock_start_pfn(m, end_pfn - 1);
	} else {
		cc->migrate_pfn = cc->zone->compact_cached_migrate_pfn[sync];
		cc->free_pfn = cc->zone->compact_cached_free_pfn;
		if (cc->free_pfn < start_pfn || cc->free_pfn >= end_pfn) {
			cc->free_pfn = pageblock_start_pfn(m, end_pfn - 1);
			cc->zone->compact_cached_free_pfn = cc->free_pfn;
		}
		if (cc->migrate_pfn < start_pfn || cc->migrate_pfn >= end_pfn) {
			cc->migrate_pfn = start_pfn;
			cc->zone->compact_cached_migrate_pfn[0] =
				cc->migrate_pfn;
			cc->zone->compact_cached_migrate_pfn[1] =
				cc->migrate_pfn;
		}
		if (cc->migrate_pfn <= cc->zone->compact_init_migrate_pfn)
			cc->whole_zone = true;
	}

	last_migrated_pfn = 0;

	/*
	 * Async and sync have separate cached pfns (async fails more), but
	 * until a block with isolation candidates is found the two stay in
	 * step, to avoid revisiting the same blocks.
	 */
	update_cached = !sync && cc->zone->compact_cached_migrate_pfn[0] ==
					 cc->zone->compact_cached_migrate_pfn[1];

	TRACE(m, mm_compaction_begin, (int64_t)start_pfn,
	      (int64_t)cc->migrate_pfn, (int64_t)cc->free_pfn,
	      (int64_t)end_pfn, sync);

	/* lru_add_drain(): the model adds folios to the LRU directly. */

	while ((ret = compact_finished(cc)) == COMPACT_CONTINUE) {
		int err;
		unsigned long iteration_start_pfn = cc->migrate_pfn;

		/*
		 * Avoid rescanning the same pageblock repeatedly (pages that
		 * cannot be isolated, or freed pages taken before the block
		 * is clear): the first rescan takes the whole block; if that
		 * fails it is marked skip.
		 */
		cc->finish_pageblock = false;
		if (pageblock_start_pfn(m, last_migrated_pfn) ==
		    pageblock_start_pfn(m, iteration_start_pfn))
			cc->finish_pageblock = true;

rescan:
		switch (isolate_migratepages(cc)) {
		case ISOLATE_ABORT:
			ret = COMPACT_CONTENDED;
			putback_movable_pages(m, cc->migratepages);
			cc->nr_migratepages = 0;
			goto out;
		case ISOLATE_NONE:
			if (update_cached)
				cc->zone->compact_cached_migrate_pfn[1] =
					cc->zone->compact_cached_migrate_pfn[0];
			/* Nothing isolated, but earlier migrations may still
			 * need flushing. */
			goto check_drain;
		case ISOLATE_SUCCESS:
			update_cached = false;
			last_migrated_pfn = max(cc->zone->zone_start_pfn,
				pageblock_start_pfn(m, cc->migrate_pfn - 1));
		}

		/* compaction_alloc/free update nr_migratepages: keep the
		 * number for the tracepoint. */
		nr_migratepages = cc->nr_migratepages;
		err = migrate_pages(m, cc->migratepages, compaction_alloc,
				    compaction_free, (unsigned long)cc,
				    cc->mode, MR_COMPACTION, &nr_succeeded);
		TRACE(m, mm_compaction_migratepages, nr_succeeded,
		      nr_migratepages - nr_succeeded);

		/* All pages were either migrated or will be released. */
		cc->nr_migratepages = 0;
		if (err) {
			putback_movable_pages(m, cc->migratepages);
			/* -ENOMEM before the scanners met: stop. */
			if (err == -ENOMEM && !compact_scanners_met(cc)) {
				ret = COMPACT_CONTENDED;
				goto out;
			}
			/*
			 * A failure inside a pageblock with the fast search in
			 * use (async and sync-light): scan the rest of the
			 * block so it gets marked skip, rather than loop on a
			 * partly scanned block.
			 */
			if (!pageblock_aligned(m, cc->migrate_pfn) &&
			    !cc->ignore_skip_hint && !cc->finish_pageblock &&
			    (cc->mode < MIGRATE_SYNC)) {
				cc->finish_pageblock = true;
				/* Draining pcp lists does not help a THP if
				 * any page failed to migrate. */
				if (cc->order == (int)compaction_hpage_order(m))
					last_migrated_pfn = 0;
				goto rescan;
			}
		}

		/* Stop if a page has been captured. */
		if (capc && capc->page) {
			ret = COMPACT_SUCCESS;
			break;
		}

check_drain:
		/*
		 * Moved past the order-aligned block we migrated from: flush
		 * the pages freed on this CPU's pcp lists so that they merge
		 * (or are captured) and compact_finished sees them.
		 */
		if (cc->order > 0 && last_migrated_pfn) {
			unsigned long current_block_start =
				block_start_pfn(cc->migrate_pfn, cc->order);

			if (last_migrated_pfn < current_block_start) {
				lru_add_drain_cpu_zone(cc->zone);
				last_migrated_pfn = 0;
			}
		}
	}

out:
	/* Release the free pages; the free scanner restarts from them. */
	if (cc->nr_freepages > 0) {
		unsigned long free_pfn = release_free_list(m, cc->freepages);

		cc->nr_freepages = 0;
		free_pfn = pageblock_start_pfn(m, free_pfn);
		/* Only go back, not forward: compact_finished may have
		 * reset the cache to the zone end. */
		if (free_pfn > cc->zone->compact_cached_free_pfn)
			cc->zone->compact_cached_free_pfn = free_pfn;
	}

	count_vm_events(m, COMPACTMIGRATE_SCANNED,
			(long)cc->total_migrate_scanned);
	count_vm_events(m, COMPACTFREE_SCANNED, (long)cc->total_free_scanned);

	TRACE(m, mm_compaction_end, (int64_t)start_pfn,
	      (int64_t)cc->migrate_pfn, (int64_t)cc->free_pfn,
	      (int64_t)end_pfn, sync, ret);
	cc_lists_free(m, cc);
	return ret;
}

static enum compact_result compact_zone_order(struct zone *zone, int order,
					      gfp_t gfp_mask,
					      enum compact_priority prio,
					      unsigned int alloc_flags,
					      int highest_zoneidx,
					      struct page **capture)
{
	enum compact_result ret;
	struct compact_control cc = {
		.order = order,
		.search_order = (short)order,
		.gfp_mask = gfp_mask,
		.zone = zone,
		.mode = (prio == COMPACT_PRIO_ASYNC) ? MIGRATE_ASYNC :
						       MIGRATE_SYNC_LIGHT,
		.alloc_flags = alloc_flags,
		.highest_zoneidx = highest_zoneidx,
		.direct_compaction = true,
		.whole_zone = (prio == MIN_COMPACT_PRIORITY),
		.ignore_skip_hint = (prio == MIN_COMPACT_PRIORITY),
		.ignore_block_suitable = (prio == MIN_COMPACT_PRIORITY),
	};
	struct capture_control capc = {
		.cc = &cc,
		.page = NULL,
	};

	/* Publish the capture control around the run. */
	current->capture_control = &capc;
	ret = compact_zone(&cc, &capc);
	current->capture_control = NULL;
	*capture = capc.page;
	/* A page captured by luck also counts as success. */
	if (*capture)
		ret = COMPACT_SUCCESS;
	return ret;
}

/*
 * try_to_compact_pages - direct compaction for a high-order allocation:
 * every zone of the zonelist until one expects the allocation to succeed.
 */
enum compact_result try_to_compact_pages(gfp_t gfp_mask, unsigned int order,
					 unsigned int alloc_flags,
					 const struct alloc_context *ac,
					 enum compact_priority prio,
					 struct page **capture)
{
	struct mc_machine *m = ac->m;
	struct zoneref *z;
	struct zone *zone;
	enum compact_result rc = COMPACT_SKIPPED;

	if (!gfp_compaction_allowed(gfp_mask))
		return COMPACT_SKIPPED;

	TRACE(m, mm_compaction_try_to_compact_pages, order, gfp_mask, prio);

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		enum compact_result status;

		if (prio > MIN_COMPACT_PRIORITY &&
		    compaction_deferred(zone, (int)order)) {
			rc = max(COMPACT_DEFERRED, rc);
			continue;
		}
		status = compact_zone_order(zone, (int)order, gfp_mask, prio,
					    alloc_flags,
					    (int)ac->highest_zoneidx, capture);
		rc = max(status, rc);

		/* The allocation should succeed: stop compacting. */
		if (status == COMPACT_SUCCESS) {
			/* Not certain yet, hence false; the caller resets
			 * with true when the allocation succeeds. */
			compaction_defer_reset(zone, (int)order, false);
			break;
		}

		/* Allocation will not succeed here: defer this zone. */
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT_COMPLETE ||
		     status == COMPACT_PARTIAL_SKIPPED))
			defer_compaction(zone, (int)order);

		/* A fatal signal stops; (need_resched does not happen in
		 * the model). */
		if (current->fatal_signal_pending)
			break;
	}
	return rc;
}

/* ---- manual and background compaction ------------------------------------- */

/*
 * compact_node - compact every zone of a node: to the end for manual
 * compaction (MIGRATE_SYNC), to the score target for proactive
 * compaction (MIGRATE_SYNC_LIGHT).
 */
int compact_node(struct pglist_data *pgdat, bool proactive)
{
	struct mc_machine *m = pgdat->m;
	struct compact_control cc = {
		.order = -1,
		.mode = proactive ? MIGRATE_SYNC_LIGHT : MIGRATE_SYNC,
		.ignore_skip_hint = true,
		.whole_zone = true,
		.gfp_mask = GFP_KERNEL,
		.proactive_compaction = proactive,
	};

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (!populated_zone(zone))
			continue;
		if (current && current->fatal_signal_pending)
			return -EINTR;
		cc.zone = zone;
		compact_zone(&cc, NULL);
		if (proactive) {
			count_vm_events(m, KCOMPACTD_MIGRATE_SCANNED,
					(long)cc.total_migrate_scanned);
			count_vm_events(m, KCOMPACTD_FREE_SCANNED,
					(long)cc.total_free_scanned);
		}
	}
	return 0;
}

/* Compact all zones of all nodes (/proc/sys/vm/compact_memory). */
int compact_nodes(struct mc_machine *m)
{
	/* lru_add_drain_all(): no LRU batches in the model. */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		int ret = compact_node(m->node_data[nid], false);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---- kcompactd's work ------------------------------------------------------ */

static bool kcompactd_node_suitable(struct pglist_data *pgdat)
{
	enum zone_type highest_zoneidx = pgdat->kcompactd_highest_zoneidx;

	for (int zid = 0; zid <= (int)highest_zoneidx; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];

		if (!populated_zone(zone))
			continue;
		if (compaction_suit_allocation_order(zone,
				(unsigned)pgdat->kcompactd_max_order,
				(int)highest_zoneidx, ALLOC_WMARK_MIN) ==
		    COMPACT_CONTINUE)
			return true;
	}
	return false;
}

void kcompactd_do_work(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;
	struct compact_control cc = {
		.order = pgdat->kcompactd_max_order,
		.search_order = (short)pgdat->kcompactd_max_order,
		.highest_zoneidx = (int)pgdat->kcompactd_highest_zoneidx,
		.mode = MIGRATE_SYNC_LIGHT,
		.ignore_skip_hint = false,
		.gfp_mask = GFP_KERNEL,
	};

	TRACE(m, mm_compaction_kcompactd_wake, pgdat->node_id, cc.order,
	      cc.highest_zoneidx);
	count_vm_event(m, KCOMPACTD_WAKE);

	for (int zid = 0; zid <= cc.highest_zoneidx; zid++) {
		struct zone *zone = &pgdat->node_zones[zid];
		enum compact_result status;

		if (!populated_zone(zone))
			continue;
		if (compaction_deferred(zone, cc.order))
			continue;
		if (compaction_suit_allocation_order(zone, (unsigned)cc.order,
						     zid, ALLOC_WMARK_MIN) !=
		    COMPACT_CONTINUE)
			continue;

		cc.zone = zone;
		status = compact_zone(&cc, NULL);
		if (status == COMPACT_SUCCESS) {
			compaction_defer_reset(zone, cc.order, false);
		} else if (status == COMPACT_PARTIAL_SKIPPED ||
			   status == COMPACT_COMPLETE) {
			/*
			 * Free pages stranded on pcp lists could coalesce to
			 * the order we want; rate-limited by the deferral.
			 */
			drain_all_pages(m, zone);
			/* Sync migration: defer like sync direct compaction. */
			defer_compaction(zone, cc.order);
		}
		count_vm_events(m, KCOMPACTD_MIGRATE_SCANNED,
				(long)cc.total_migrate_scanned);
		count_vm_events(m, KCOMPACTD_FREE_SCANNED,
				(long)cc.total_free_scanned);
	}

	/* Done until woken, but keep a request that arrived meanwhile for
	 * a higher order or a lower zone. */
	if (pgdat->kcompactd_max_order <= cc.order)
		pgdat->kcompactd_max_order = 0;
	if ((int)pgdat->kcompactd_highest_zoneidx >= cc.highest_zoneidx)
		pgdat->kcompactd_highest_zoneidx =
			(enum zone_type)(pgdat->nr_zones - 1);
}

/* True if kcompactd would find work now (kcompactd_work_requested). */
bool kcompactd_work_requested(struct pglist_data *pgdat)
{
	return pgdat->kcompactd_max_order > 0 ||
	       pgdat->proactive_compact_trigger;
}

void wakeup_kcompactd(struct pglist_data *pgdat, int order,
		      int highest_zoneidx)
{
	if (!order)
		return;
	if (pgdat->kcompactd_max_order < order)
		pgdat->kcompactd_max_order = order;
	if ((int)pgdat->kcompactd_highest_zoneidx > highest_zoneidx)
		pgdat->kcompactd_highest_zoneidx =
			(enum zone_type)highest_zoneidx;
	/* Only a sleeping kcompactd is woken. */
	if (!pgdat->kcompactd_waiting)
		return;
	if (!kcompactd_node_suitable(pgdat))
		return;
	TRACE(pgdat->m, mm_compaction_wakeup_kcompactd, pgdat->node_id, order,
	      highest_zoneidx);
	pgdat->kcompactd_waiting = false;
	if (pgdat->m->kcompactd_wake)
		pgdat->m->kcompactd_wake(pgdat);
}

/*
 * A write of a non-zero compaction_proactiveness (even the same value)
 * triggers proactive compaction on every node at once.
 */
void compaction_proactiveness_changed(struct mc_machine *m, int old, int new)
{
	(void)old;
	if (!new)
		return;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		if (pgdat->proactive_compact_trigger)
			continue;
		pgdat->proactive_compact_trigger = true;
		TRACE(m, mm_compaction_wakeup_kcompactd, pgdat->node_id, -1,
		      pgdat->nr_zones - 1);
		pgdat->kcompactd_waiting = false;
		if (m->kcompactd_wake)
			m->kcompactd_wake(pgdat);
	}
}

/* ---- the kcompactd thread ------------------------------------------------- */

/*
 * The sleep between proactive checks: HPAGE_FRAG_CHECK_INTERVAL_MSEC (500
 * ms) in 6.12, read once at thread start.  memcompact's own
 * vm.memcompact_kcompactd_sleep_millisecs (default 500, the seeds'
 * kcompactd_sleep_millisecs) sets it; it is read at every sleep.
 */
static long kcompactd_default_timeout(const struct mc_machine *m)
{
	return msecs_to_jiffies((unsigned int)m->sysctl.kcompactd_sleep_millisecs);
}

/* The top of kcompactd's loop: trace, then wait with the timeout. */
static void kcompactd_sleep(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;

	/* No periodic wakeups when proactive compaction is disabled. */
	if (!m->sysctl.compaction_proactiveness)
		pgdat->kcompactd_timeout = MAX_SCHEDULE_TIMEOUT;
	TRACE(m, mm_compaction_kcompactd_sleep, pgdat->node_id);
	pgdat->kcompactd_gen++;
	/*
	 * wait_event_timeout() tests the condition before it sleeps: a
	 * request that arrived while kcompactd worked (a higher order, the
	 * proactive trigger) is served at once.
	 */
	if (kcompactd_work_requested(pgdat)) {
		timer_schedule(m, m->clock_ns, EV_KCOMPACTD, pgdat->node_id,
			       pgdat->kcompactd_gen);
		return;
	}
	pgdat->kcompactd_waiting = true;
	if (pgdat->kcompactd_timeout != MAX_SCHEDULE_TIMEOUT)
		timer_schedule(m, timer_expiry(m, pgdat->kcompactd_timeout),
			       EV_KCOMPACTD, pgdat->node_id,
			       pgdat->kcompactd_gen);
}

/* kcompactd_run(): the thread starts and goes to sleep at boot. */
void kcompactd_init_node(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;
	struct task_struct *t = &pgdat->kcompactd_task;
	int cpu = 0;

	for (int c = 0; c < m->nr_cpu_ids; c++)
		if (m->cpu_to_node[c] == pgdat->node_id) {
			cpu = c;	/* bound to the node's CPUs */
			break;
		}
	memset(t, 0, sizeof(*t));
	t->pid = 40 + pgdat->node_id;
	snprintf(t->comm, sizeof(t->comm), "kcompactd%d", pgdat->node_id);
	t->flags = PF_KTHREAD | PF_KCOMPACTD;
	t->cpu = cpu;
	pgdat->kcompactd_max_order = 0;
	pgdat->kcompactd_highest_zoneidx =
		(enum zone_type)(pgdat->nr_zones - 1);
	pgdat->kcompactd_timeout = kcompactd_default_timeout(m);
	m->kcompactd_wake = kcompactd_wake_event;
	kcompactd_sleep(pgdat);
}

/* wake_up_interruptible(&pgdat->kcompactd_wait) */
void kcompactd_wake_event(struct pglist_data *pgdat)
{
	pgdat->kcompactd_waiting = false;
	pgdat->kcompactd_gen++;
	timer_schedule(pgdat->m, pgdat->m->clock_ns, EV_KCOMPACTD,
		       pgdat->node_id, pgdat->kcompactd_gen);
}

/*
 * One pass of kcompactd's loop, from the return of its wait (woken, or
 * the timeout expired) to its next sleep.
 */
void kcompactd_event(struct pglist_data *pgdat, uint64_t gen)
{
	struct mc_machine *m = pgdat->m;
	long default_timeout = kcompactd_default_timeout(m);
	struct task_scope ts;
	bool woke;

	if (gen != pgdat->kcompactd_gen)
		return;		/* a timeout made stale by a wakeup */
	pgdat->kcompactd_waiting = false;
	task_enter_kthread(&ts, &pgdat->kcompactd_task);

	/* wait_event_timeout() returns non-zero if the condition holds */
	woke = kcompactd_work_requested(pgdat);
	if (woke && !pgdat->proactive_compact_trigger) {
		kcompactd_do_work(pgdat);
		/* The proactive back-off is lost here; fine, the zone has
		 * changed substantially. */
		pgdat->kcompactd_timeout = default_timeout;
		goto sleep;
	}

	/* Proactive work, with the default timeout unless no progress. */
	pgdat->kcompactd_timeout = default_timeout;
	if (should_proactive_compact_node(pgdat)) {
		unsigned int prev_score, score;

		prev_score = fragmentation_score_node(pgdat);
		compact_node(pgdat, true);
		score = fragmentation_score_node(pgdat);
		/* No progress: back off for 64 intervals. */
		if (unlikely(score >= prev_score))
			pgdat->kcompactd_timeout =
				default_timeout << COMPACT_MAX_DEFER_SHIFT;
	}
	if (unlikely(pgdat->proactive_compact_trigger))
		pgdat->proactive_compact_trigger = false;
sleep:
	kcompactd_sleep(pgdat);
	task_leave(&ts);
}
