// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmscan.c - the reclaim model and kswapd (mm/vmscan.c, with the parts of
 * mm/shrinker.c, mm/swap.c, mm/filemap.c, mm/truncate.c and
 * fs/drop_caches.c that reclaim's decisions depend on).
 *
 * This file owns what reclaim frees and in which order: the eviction of
 * LRU folios and the slab shrinker; direct reclaim (try_to_free_pages and
 * its throttle); kswapd, the per-node daemon (its wakeups, balance_pgdat,
 * its nap and sleep, the hand-off to kcompactd); the writeback reclaim
 * causes and its completion; and vm.drop_caches.  docs/reclaim.md says
 * the same at more length.
 *
 * Debian's 6.12 config has CONFIG_LRU_GEN_ENABLED=y, so shrink_node() goes
 * to lru_gen_shrink_node() (multi-generational LRU) and the classic
 * active/inactive balancing (get_scan_count, shrink_active_list,
 * should_continue_reclaim, PGDAT_DIRTY/WRITEBACK, node congestion) is never
 * reached.  The model follows the MGLRU path function by function, with
 * these simplifications:
 *
 *  - No page is ever accessed, so every folio is equally cold: MGLRU's
 *    eviction of the oldest generation reduces to insertion order.  The
 *    node's inactive list is the older generations (tail = oldest), the
 *    active list the younger ones; eviction takes folios from the tail of
 *    the inactive list, then the tail of the active list.  Aging
 *    (should_run_aging, inc_max_seq), tiers and refault feedback are not
 *    modelled: get_nr_to_scan() is (evictable pages) >> priority and
 *    get_type_to_scan() always picks file (with no refaults its PID
 *    controller does), anon only when file yields nothing or swappiness
 *    is 200.
 *  - The LRU is per node, not per zone and generation: within the oldest
 *    folios the kernel takes zone reclaim_idx first, then lower zones; the
 *    model takes them in insertion order.  A folio of a zone above
 *    reclaim_idx is "sorted": moved to the head of its list (the kernel
 *    moves it to the next generation).
 *  - PG_active on a listed folio means "in a young generation": reclaim
 *    clears it on the folios it takes and sets it on those it rejects,
 *    which go to the head of the active list (MGLRU: the youngest
 *    generation, which /proc/vmstat counts as active).
 *  - One slab shrinker per node stands for the superblock shrinkers
 *    (dentries and inodes): its objects are the pages of reclaimable slab
 *    blocks whose owner has a reclaim operation, oldest first; it needs
 *    __GFP_FS as super_cache_scan() does and follows vfs_cache_pressure.
 *  - Owners: reclaim asks the block's owner to drop it (the owner's
 *    reclaim operation; non-zero means busy: the kernel's failed
 *    __remove_mapping).  Owner 0 has no operations: its clean page cache
 *    is dropped, its anonymous memory swapped, its slab is not
 *    reclaimable.  An owner with operations but no reclaim operation is
 *    always busy.  For anonymous folios the owner is asked before swap
 *    space is taken, so a refusal costs no swap I/O.
 *  - Swap is a synchronous device (zram-like): a swap-out is written and
 *    the folio freed in the same pass (nr_vmscan_write, pswpout, pgpgout,
 *    swap_used); swap-in is the owner's business (mc_swap_release()).
 *  - Dirty page cache: as in 6.12 with MGLRU, reclaim never writes file
 *    folios itself (pageout() needs PGDAT_DIRTY, which only the classic
 *    LRU sets): it marks them PG_reclaim (nr_vmscan_immediate_reclaim),
 *    puts them back, and when every file folio it took was dirty and not
 *    under writeback it wakes the flushers, which start writeback of all
 *    dirty page cache (pgpgout).  I/O takes no machine time, like the
 *    daemons' work: each write completes in an EV_WRITEBACK event due at
 *    the time it was started, i.e. when the caller next advances time
 *    (even by 0 ns); folio_end_writeback() then rotates PG_reclaim folios
 *    to the tail of the inactive list (pgrotated), where reclaim finds
 *    them clean.
 *  - Time: kswapd's work takes no machine time; it runs only inside
 *    mc_advance().  Where kswapd() would loop to balance_pgdat() again
 *    without sleeping, it yields (an EV_KSWAPD event due now), so that
 *    I/O completions due now run first, as they would run in parallel.
 *    Throttling never waits: throttle_direct_reclaim() counts
 *    pgscan_direct_throttle and wakes kswapd, then the task reclaims (in
 *    the kernel it would wait for kswapd, which cannot run inside the
 *    caller's allocation); reclaim_throttle() sleeps are not modelled;
 *    pfmemalloc_wait never has waiters.
 *  - Not modelled: memcgs (one root lruvec; memcg_full_walk's retry is
 *    kept), laptop_mode (off), NUMA demotion (off), lru_gen min_ttl (0),
 *    workingset refaults, the deferred split queue, mlock rescue.
 *  - Boot: kswapd has already napped and gone to sleep when the machine is
 *    handed over (kswapd_order 0, kswapd_highest_zoneidx MAX_NR_ZONES).
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define DEF_PRIORITY		12
#define MIN_LRU_BATCH		64	/* BITS_PER_LONG */
#define MAX_LRU_BATCH		(MIN_LRU_BATCH * 64)
#define MAX_SWAPPINESS		200
#define SHRINK_BATCH		128
#define DEFAULT_SEEKS		2
#define LRU_GEN_ANON		0
#define LRU_GEN_FILE		1
#define ANON_AND_FILE		2

/* Where kswapd waits, or that it yielded (see the header). */
enum kswapd_phase {
	KSWAPD_SLEEPING,	/* schedule(): until woken */
	KSWAPD_NAPPING,		/* schedule_timeout(HZ / 10) */
	KSWAPD_YIELDED,		/* runnable: continues at "woke" */
};

struct reclaim_stat {
	unsigned int nr_dirty;
	unsigned int nr_unqueued_dirty;
	unsigned int nr_congested;
	unsigned int nr_writeback;
	unsigned int nr_pageout;
	unsigned int nr_activate[ANON_AND_FILE];
};

struct scan_control {
	unsigned long nr_to_reclaim;
	gfp_t gfp_mask;
	int order;
	int priority;
	int reclaim_idx;
	unsigned int may_writepage:1;
	unsigned int may_unmap:1;
	unsigned int may_swap:1;
	unsigned int compaction_ready:1;
	unsigned int memcg_full_walk:1;
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
	struct {
		unsigned int unqueued_dirty;
		unsigned int file_taken;
	} nr;
	/* reclaim_state.reclaimed: slab pages freed, credited later */
	unsigned long reclaim_state_reclaimed;
};

/* What shrink_folio_list() did with a folio. */
enum folio_fate {
	FOLIO_FREED,
	FOLIO_ACTIVATED,	/* activate_locked */
	FOLIO_KEPT,		/* keep, keep_locked */
};

/* ---- small helpers ----------------------------------------------------- */

static inline bool current_is_kswapd(void)
{
	return current && (current->flags & PF_KSWAPD);
}

/* PGSCAN_KSWAPD + offset: kswapd 0, direct reclaim 1 (no khugepaged). */
static inline int reclaimer_offset(void)
{
	return current_is_kswapd() ? 0 : 1;
}

static inline int fls_long(unsigned long x)
{
	return x ? (int)(64 - __builtin_clzl(x)) : 0;
}

/* As compaction.c: compaction wants twice the request free. */
static inline unsigned long compact_gap(unsigned int order)
{
	return 2UL << order;
}

static inline unsigned long folio_pages(const struct page *folio)
{
	return 1UL << page_sto_order(folio);
}

static inline struct pglist_data *folio_pgdat(const struct mc_machine *m,
					      const struct page *folio)
{
	return page_zone(m, folio)->zone_pgdat;
}

/* get_nr_swap_pages() */
static inline unsigned long nr_swap_free(const struct mc_machine *m)
{
	return m->swap_used < m->swap_pages ?
		       (unsigned long)(m->swap_pages - m->swap_used) : 0;
}

/*
 * can_reclaim_anon_pages(NULL, nid, sc): for global reclaim, is there
 * room in any swap device?  (Demotion is off: numa_demotion_enabled.)
 */
static inline bool can_reclaim_anon_pages(const struct mc_machine *m)
{
	return nr_swap_free(m) > 0;
}

/*
 * Pages reclaim could free in @zone: the file LRU, plus the anon LRU when
 * swap has room.  With nothing reclaimable the free pages count, so that
 * zones with enough free memory are not skipped (6.12.9).
 */
unsigned long zone_reclaimable_pages(struct zone *zone)
{
	unsigned long nr;

	nr = zone_page_state(zone, NR_ZONE_INACTIVE_FILE) +
	     zone_page_state(zone, NR_ZONE_ACTIVE_FILE);
	if (can_reclaim_anon_pages(zone->m))
		nr += zone_page_state(zone, NR_ZONE_INACTIVE_ANON) +
		      zone_page_state(zone, NR_ZONE_ACTIVE_ANON);
	if (nr == 0)
		nr = zone_page_state(zone, NR_FREE_PAGES);
	return nr;
}

/*
 * The owner's say on dropping @folio (the kernel's __remove_mapping and
 * the shrinkers' own freeing): true when it let go.  Owner 0 has no
 * operations: page cache nobody else references and anonymous memory go,
 * slab without a shrinker stays.
 */
static bool owner_drops(struct mc_machine *m, struct page *folio)
{
	const struct mc_owner_slot *o = &m->owners[folio->owner];
	const struct mc_owner_ops *ops;

	if (!folio->owner || !o->used)
		return page_kind(folio) != MC_PAGE_SLAB_RECLAIMABLE;
	ops = o->ops;
	if (!ops || !ops->reclaim)
		return false;
	return ops->reclaim(o->ctx, page_to_pfn(m, folio),
			    page_sto_order(folio), folio->private) == 0;
}

/* The owner could be asked at all (count_objects of the shrinker). */
static bool owner_can_reclaim(const struct mc_machine *m,
			      const struct page *folio)
{
	const struct mc_owner_slot *o = &m->owners[folio->owner];
	const struct mc_owner_ops *ops = o->ops;

	return folio->owner && o->used && ops && ops->reclaim;
}

/* folio_batch of folios to free: free_unref_folios() when full. */
struct free_batch {
	struct page *folios[FOLIO_BATCH_SIZE];
	int nr;
};

static void free_batch_add(struct mc_machine *m, struct free_batch *fb,
			   struct page *folio)
{
	fb->folios[fb->nr++] = folio;
	if (fb->nr == FOLIO_BATCH_SIZE) {
		free_unref_folios(m, fb->folios, fb->nr);
		fb->nr = 0;
	}
}

static void free_batch_flush(struct mc_machine *m, struct free_batch *fb)
{
	if (fb->nr)
		free_unref_folios(m, fb->folios, fb->nr);
	fb->nr = 0;
}

/*
 * Taking a folio off its list stops its counting (lru_gen_del_folio);
 * putting it back counts it again and adds it to the head of the list its
 * flags name (lru_gen_add_folio with reclaiming = false).
 */
static inline void lru_isolate(struct mc_machine *m, struct page *folio)
{
	page_stat_account(m, folio, -1);
}

static inline void lru_putback(struct mc_machine *m, struct page *folio)
{
	page_stat_account(m, folio, 1);
}

/* ---- writeback ----------------------------------------------------------- */

/* A block I/O of @nr pages, as submit_bio counts it (512-byte sectors). */
static void count_pgpgout(struct mc_machine *m, unsigned long nr)
{
	count_vm_events(m, PGPGOUT, (long)(nr << (m->page_shift - 9)));
}

/*
 * wakeup_flusher_threads(WB_REASON_VMSCAN): every bdi starts writeback of
 * all its dirty pages (wb_start_writeback).  The flushers lock each folio
 * (a folio locked by someone else is left for later), clear it for I/O and
 * submit it; the write completes in an EV_WRITEBACK event (see header).
 */
static void wakeup_flusher_threads(struct mc_machine *m)
{
	static const int lists[] = { LRU_INACTIVE_FILE, LRU_ACTIVE_FILE,
				     LRU_UNEVICTABLE };

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
			uint32_t head = pgdat->lru_lists[lists[l]];
			uint32_t i = idx_page(m, head)->next;

			for (; i != head; i = idx_page(m, i)->next) {
				struct page *folio = idx_page(m, i);

				if (page_kind(folio) != MC_PAGE_FILE ||
				    !page_test_flag(folio, PG_dirty) ||
				    page_test_flag(folio, PG_writeback) ||
				    page_test_flag(folio, PG_locked))
					continue;
				/* folio_clear_dirty_for_io, then
				 * folio_start_writeback: the folio stays
				 * where it is on its list */
				__page_stat_account(m, folio, -1);
				page_clear_flag(folio, PG_dirty);
				page_set_flag(folio, PG_writeback);
				__page_stat_account(m, folio, 1);
				count_pgpgout(m, folio_pages(folio));
				timer_schedule(m, m->clock_ns, EV_WRITEBACK,
					       (int)(page_to_pfn(m, folio) -
						     m->base_pfn), 0);
			}
		}
	}
}

/*
 * folio_rotate_reclaimable() -> lru_move_tail(): a folio marked for
 * immediate reclaim whose writeback ends goes to the tail of the inactive
 * list (MGLRU: the oldest generation), unless it was locked, dirtied
 * again, mlocked or is off the LRU.
 */
static void folio_rotate_reclaimable(struct mc_machine *m, struct page *folio)
{
	int lru;

	if (page_test_flag(folio, PG_locked) ||
	    page_test_flag(folio, PG_dirty) ||
	    page_test_flag(folio, PG_unevictable) ||
	    lru_list_of(folio) < 0)
		return;
	page_stat_account(m, folio, -1);
	page_clear_flag(folio, PG_active);
	page_stat_account(m, folio, 1);
	lru = lru_list_of(folio);
	ilist_move_tail(m, page_idx(m, folio),
			folio_pgdat(m, folio)->lru_lists[lru]);
	count_vm_events(m, PGROTATED, (long)folio_pages(folio));
}

void folio_end_writeback(struct mc_machine *m, struct page *folio)
{
	enum mc_page_kind kind = page_kind(folio);

	/* (PG_reclaim means something else on hugetlb blocks) */
	if ((kind == MC_PAGE_FILE || kind == MC_PAGE_ANON) &&
	    page_test_flag(folio, PG_reclaim)) {
		page_clear_flag(folio, PG_reclaim);
		folio_rotate_reclaimable(m, folio);
	}
	/* __folio_end_writeback */
	__page_stat_account(m, folio, -1);
	page_clear_flag(folio, PG_writeback);
	__page_stat_account(m, folio, 1);
	__mod_node_page_state(folio_pgdat(m, folio), NR_WRITTEN,
			      (long)folio_pages(folio));
}

/* The write the flushers submitted for the folio at @arg completes. */
void writeback_event(struct mc_machine *m, int arg)
{
	unsigned long pfn = m->base_pfn + (unsigned long)(unsigned int)arg;
	struct page *folio;

	if (!pfn_in_machine(m, pfn))
		return;
	folio = pfn_to_page(m, pfn);
	/* Freed, or the writeback already ended another way. */
	if (page_state(folio) != PS_ALLOC ||
	    page_kind(folio) != MC_PAGE_FILE ||
	    !page_test_flag(folio, PG_writeback))
		return;
	folio_end_writeback(m, folio);
}

/* ---- the slab shrinker (mm/shrinker.c) -------------------------------- */

/*
 * count_objects: the pages of the node's reclaimable slab that an owner
 * could free, scaled by vfs_cache_pressure (super_cache_count ->
 * vfs_pressure_ratio).
 */
static unsigned long slab_count_objects(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;
	uint32_t head = pgdat->lru_lists[LRU_SLAB_RECLAIMABLE];
	unsigned long total = 0;

	for (uint32_t i = idx_page(m, head)->next; i != head;
	     i = idx_page(m, i)->next) {
		struct page *p = idx_page(m, i);

		if (owner_can_reclaim(m, p))
			total += folio_pages(p);
	}
	return mult_frac(total, (unsigned long)m->sysctl.vfs_cache_pressure,
			 100);
}

/*
 * scan_objects: walk the list from its oldest block; each block an owner
 * could free counts its pages as scanned and is offered to the owner:
 * freed, or rotated to the head (LRU_ROTATE).  Returns the pages freed.
 */
static unsigned long slab_scan_objects(struct pglist_data *pgdat,
				       unsigned long nr_to_scan)
{
	struct mc_machine *m = pgdat->m;
	uint32_t head = pgdat->lru_lists[LRU_SLAB_RECLAIMABLE];
	uint32_t i = ilist_last(m, head), stop = LIST_POISON_IDX;
	unsigned long scanned = 0, freed = 0;

	while (i != LIST_POISON_IDX && i != stop && scanned < nr_to_scan) {
		struct page *p = idx_page(m, i);
		uint32_t prev = p->prev == head ? LIST_POISON_IDX : p->prev;

		if (owner_can_reclaim(m, p)) {
			scanned += folio_pages(p);
			if (owner_drops(m, p)) {
				freed += folio_pages(p);
				page_stat_account(m, p, -1);
				__free_pages(m, p, page_sto_order(p));
			} else {
				ilist_move(m, i, head);
				if (stop == LIST_POISON_IDX)
					stop = i;
			}
		}
		i = prev;
	}
	return freed;
}

/* do_shrink_slab() with one NUMA-aware shrinker, seeks DEFAULT_SEEKS. */
static unsigned long shrink_slab(struct mc_machine *m, gfp_t gfp_mask,
				 int nid, int priority)
{
	struct pglist_data *pgdat = m->node_data[nid];
	unsigned long freed = 0, freeable, delta;
	long total_scan, nr, scanned = 0, next_deferred;
	const long batch_size = SHRINK_BATCH;

	freeable = slab_count_objects(pgdat);
	if (freeable == 0)
		return 0;	/* SHRINK_EMPTY counts as 0 */
	nr = pgdat->shrinker_nr_deferred;
	pgdat->shrinker_nr_deferred = 0;

	delta = freeable >> priority;
	delta *= 4;
	delta /= DEFAULT_SEEKS;

	total_scan = nr >> priority;
	total_scan += (long)delta;
	total_scan = min(total_scan, (long)(2 * freeable));

	/* Below a batch only when the slab is small and we are tight. */
	while (total_scan >= batch_size || total_scan >= (long)freeable) {
		long nr_to_scan = min(batch_size, total_scan);

		/* super_cache_scan: no dentry/inode reclaim without FS */
		if (!(gfp_mask & __GFP_FS))
			break;	/* SHRINK_STOP */
		freed += slab_scan_objects(pgdat, (unsigned long)nr_to_scan);
		count_vm_events(m, SLABS_SCANNED, nr_to_scan);
		total_scan -= nr_to_scan;
		scanned += nr_to_scan;
	}

	/* Deferred work grows by what was not done, capped at 2x. */
	next_deferred = max(nr + (long)delta - scanned, 0L);
	next_deferred = min(next_deferred, (long)(2 * freeable));
	pgdat->shrinker_nr_deferred += next_deferred;
	return freed;
}

/* ---- MGLRU eviction --------------------------------------------------- */

/*
 * get_swappiness(): anon is a candidate only when swapping is allowed and
 * swap has a batch of room.
 */
static int get_swappiness(struct pglist_data *pgdat, struct scan_control *sc)
{
	struct mc_machine *m = pgdat->m;

	if (!sc->may_swap)
		return 0;
	if (nr_swap_free(m) < MIN_LRU_BATCH)
		return 0;
	return m->sysctl.swappiness;
}

/*
 * set_initial_priority(): at DEF_PRIORITY, start where
 * (reclaimable >> priority) is about nr_to_reclaim, within [6, 12].
 */
static void set_initial_priority(struct pglist_data *pgdat,
				 struct scan_control *sc)
{
	unsigned long reclaimable;
	int priority;

	if (sc->priority != DEF_PRIORITY || sc->nr_to_reclaim < MIN_LRU_BATCH)
		return;
	reclaimable = node_page_state(pgdat, NR_INACTIVE_FILE);
	if (can_reclaim_anon_pages(pgdat->m))
		reclaimable += node_page_state(pgdat, NR_INACTIVE_ANON);
	/* round down reclaimable and round up nr_to_reclaim */
	priority = fls_long(reclaimable) - 1 -
		   fls_long(sc->nr_to_reclaim - 1);
	sc->priority = clamp(priority, DEF_PRIORITY / 2, DEF_PRIORITY);
}

/*
 * get_nr_to_scan(): the evictable pages of the types reclaim may take,
 * shifted by the priority (aging is not modelled: see the header).
 */
static long get_nr_to_scan(struct pglist_data *pgdat, struct scan_control *sc,
			   bool can_swap)
{
	unsigned long total = pgdat->lru_pages[LRU_INACTIVE_FILE] +
			      pgdat->lru_pages[LRU_ACTIVE_FILE];

	if (can_swap)
		total += pgdat->lru_pages[LRU_INACTIVE_ANON] +
			 pgdat->lru_pages[LRU_ACTIVE_ANON];
	return (long)(total >> sc->priority);
}

/*
 * should_abort_scan(): enough reclaimed (at least compact_gap for high
 * orders), or, for kswapd at order 0, every eligible zone safely above its
 * high watermark.
 */
static bool should_abort_scan(struct pglist_data *pgdat,
			      struct scan_control *sc)
{
	if (sc->nr_reclaimed >= max(sc->nr_to_reclaim,
				    compact_gap((unsigned)sc->order)))
		return true;
	/* check the order to exclude compaction-induced reclaim */
	if (!current_is_kswapd() || sc->order)
		return false;
	for (int i = 0; i <= sc->reclaim_idx; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		unsigned long size = high_wmark_pages(zone) + MIN_LRU_BATCH;

		if (managed_zone(zone) &&
		    !zone_watermark_ok(zone, 0, size, sc->reclaim_idx, 0))
			return false;
	}
	return true;
}

/*
 * isolate_folio(): without __GFP_IO an anonymous folio cannot go to swap
 * (there is no swap cache in the model to find it in).
 */
static bool isolate_folio(struct scan_control *sc, struct page *folio)
{
	if (!(sc->gfp_mask & __GFP_IO) && page_kind(folio) == MC_PAGE_ANON)
		return false;
	return true;
}

/*
 * scan_folios(): take up to MIN_LRU_BATCH pages of @type, oldest first,
 * looking at MAX_LRU_BATCH folios at most.  Returns the pages scanned if
 * any were taken (or the budget ran out), else 0.
 */
static int scan_folios(struct pglist_data *pgdat, struct scan_control *sc,
		       int type, uint32_t *list, int *nr)
{
	struct mc_machine *m = pgdat->m;
	const int lists[2] = {
		type == LRU_GEN_FILE ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON,
		type == LRU_GEN_FILE ? LRU_ACTIVE_FILE : LRU_ACTIVE_ANON,
	};
	long skipped_zone[MAX_NR_ZONES] = { 0 };
	int sorted = 0, scanned = 0, isolated = 0;
	int remaining = MAX_LRU_BATCH;

	*nr = 0;
	for (int l = 0; l < 2 && remaining && isolated < MIN_LRU_BATCH; l++) {
		uint32_t head = pgdat->lru_lists[lists[l]];
		uint32_t i = ilist_last(m, head), stop = LIST_POISON_IDX;

		while (i != LIST_POISON_IDX && i != stop) {
			struct page *folio = idx_page(m, i);
			uint32_t prev = folio->prev == head ? LIST_POISON_IDX :
							      folio->prev;
			int delta = (int)folio_pages(folio);
			int zid = (int)page_zone(m, folio)->idx;

			scanned += delta;
			if (zid > sc->reclaim_idx) {
				/* sort_folio(): ineligible, to a younger
				 * generation */
				ilist_move(m, i, head);
				if (stop == LIST_POISON_IDX)
					stop = i;
				sorted += delta;
			} else if (isolate_folio(sc, folio)) {
				lru_isolate(m, folio);
				/* MGLRU keeps "active" in the generation, not
				 * in PG_active: only a rejection sets it */
				page_clear_flag(folio, PG_active);
				list[(*nr)++] = i;
				isolated += delta;
			} else {
				ilist_move(m, i, head);
				if (stop == LIST_POISON_IDX)
					stop = i;
				skipped_zone[zid] += delta;
			}
			if (!--remaining || isolated >= MIN_LRU_BATCH)
				break;
			i = prev;
		}
	}

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (skipped_zone[z])
			count_vm_events(m, PGSCAN_SKIP_DMA + z,
					skipped_zone[z]);
	count_vm_events(m, PGSCAN_KSWAPD + reclaimer_offset(), isolated);
	count_vm_events(m, PGREFILL, sorted);
	count_vm_events(m, PGSCAN_ANON + type, isolated);
	if (type == LRU_GEN_FILE)
		sc->nr.file_taken += (unsigned int)isolated;
	/* Nothing eligible: report no progress unless the budget ran out. */
	return isolated || !remaining ? scanned : 0;
}

/*
 * isolate_folios(): the obvious type first.  With no refaults
 * get_type_to_scan() picks file; without __GFP_IO file as well; anon
 * first only at swappiness 200.  The other type when nothing was taken.
 */
static int isolate_folios(struct pglist_data *pgdat, struct scan_control *sc,
			  int swappiness, int *type_scanned, uint32_t *list,
			  int *nr)
{
	int type, scanned = 0;

	if (!swappiness)
		type = LRU_GEN_FILE;
	else if (swappiness == 1)
		type = LRU_GEN_FILE;
	else if (swappiness == MAX_SWAPPINESS)
		type = LRU_GEN_ANON;
	else
		type = LRU_GEN_FILE;	/* !__GFP_IO; get_type_to_scan() */

	for (int i = !swappiness; i < ANON_AND_FILE; i++) {
		scanned = scan_folios(pgdat, sc, type, list, nr);
		if (scanned)
			break;
		type = !type;
	}
	*type_scanned = type;
	return scanned;
}

/*
 * shrink_folio_list(): try to free each isolated folio, in the order they
 * were taken.  @fate says what became of each.  Returns pages reclaimed.
 */
static unsigned long shrink_folio_list(struct pglist_data *pgdat,
				       struct scan_control *sc,
				       const uint32_t *list, int n,
				       struct reclaim_stat *stat, uint8_t *fate)
{
	struct mc_machine *m = pgdat->m;
	struct free_batch fb = { .nr = 0 };
	unsigned long nr_reclaimed = 0;

	memset(stat, 0, sizeof(*stat));
	for (int i = 0; i < n; i++) {
		struct page *folio = idx_page(m, list[i]);
		bool file = page_kind(folio) == MC_PAGE_FILE;
		unsigned long nr_pages = folio_pages(folio);
		bool dirty, writeback;

		fate[i] = FOLIO_KEPT;
		/* folio_trylock(): someone holds the lock (I/O) */
		if (page_test_flag(folio, PG_locked))
			continue;
		sc->nr_scanned += nr_pages;

		/*
		 * folio_check_dirty_writeback(): anonymous folios are not
		 * the flushers' business and do not stall reclaim.
		 */
		dirty = file && page_test_flag(folio, PG_dirty);
		writeback = file && page_test_flag(folio, PG_writeback);
		if (dirty || writeback)
			stat->nr_dirty += nr_pages;
		if (dirty && !writeback)
			stat->nr_unqueued_dirty += nr_pages;
		if (writeback && page_test_flag(folio, PG_reclaim))
			stat->nr_congested += nr_pages;

		/*
		 * Under writeback: case 1 (stall kswapd) needs
		 * PGDAT_WRITEBACK, which MGLRU never sets; case 2 marks it
		 * for immediate reclaim when the write ends and moves on.
		 */
		if (page_test_flag(folio, PG_writeback)) {
			page_set_flag(folio, PG_reclaim);
			stat->nr_writeback += nr_pages;
			goto activate_locked;
		}

		/* folio_check_references(): nothing is ever referenced in
		 * the model: FOLIOREF_RECLAIM. */

		if (!file) {
			/* Anonymous: add_to_swap(), then pageout(). */
			if (!(sc->gfp_mask & __GFP_IO))
				goto keep_locked;
			if (page_test_flag(folio, PG_pinned))
				goto keep_locked;
			/* add_to_swap() fails: no room (a large folio would
			 * be split and retried; the model activates it) */
			if (nr_swap_free(m) < nr_pages)
				goto activate_locked;
			/* pageout() needs may_enter_fs (swap cache with
			 * __GFP_IO: yes) and may_writepage */
			if (!sc->may_writepage)
				goto keep_locked;
			/* try_to_unmap() succeeds; the owner's say comes
			 * before swap space is taken (see header) */
			if (!owner_drops(m, folio))
				goto keep_locked;
			/* swap_writepage(), synchronous: PAGE_SUCCESS with
			 * writeback already ended, so the folio is freed */
			m->swap_used += nr_pages;
			__mod_node_page_state(pgdat, NR_VMSCAN_WRITE,
					      (long)nr_pages);
			count_vm_events(m, PSWPOUT, (long)nr_pages);
			if (page_test_flag(folio, PG_head) &&
			    page_sto_order(folio) == m->hpage_pmd_order)
				count_vm_event(m, THP_SWPOUT);
			count_pgpgout(m, nr_pages);
			stat->nr_pageout += (unsigned int)nr_pages;
			goto free_it;
		}

		/* try_to_unmap() succeeds in the model; a pinned folio is
		 * not worth reclaiming once unmapped */
		if (page_test_flag(folio, PG_pinned))
			goto activate_locked;

		if (page_test_flag(folio, PG_dirty)) {
			/*
			 * Only kswapd writes file folios, and only with
			 * PGDAT_DIRTY, which MGLRU never sets: mark it to be
			 * reclaimed as soon as the flushers have written it.
			 */
			__mod_node_page_state(pgdat, NR_VMSCAN_IMMEDIATE,
					      (long)nr_pages);
			page_set_flag(folio, PG_reclaim);
			goto activate_locked;
		}

		/* filemap_release_folio() frees buffers; then
		 * __remove_mapping(): the owner lets go, or it is busy */
		if (!owner_drops(m, folio))
			goto keep_locked;
free_it:
		nr_reclaimed += nr_pages;
		fate[i] = FOLIO_FREED;
		free_batch_add(m, &fb, folio);
		continue;
activate_locked:
		if (!page_test_flag(folio, PG_unevictable)) {
			page_set_flag(folio, PG_active);
			stat->nr_activate[file] += (unsigned int)nr_pages;
		}
		fate[i] = FOLIO_ACTIVATED;
		continue;
keep_locked:
		fate[i] = FOLIO_KEPT;
	}
	free_batch_flush(m, &fb);
	count_vm_events(m, PGACTIVATE,
			(long)(stat->nr_activate[0] + stat->nr_activate[1]));
	return nr_reclaimed;
}

/*
 * evict_folios(): take a batch, try to free it, put back what stays
 * (rejected folios to the youngest generation: the head of the active
 * list), and retry once the clean ones that may have missed a rotation.
 * Returns the pages scanned.
 */
static int evict_folios(struct pglist_data *pgdat, struct scan_control *sc,
			int swappiness)
{
	struct mc_machine *m = pgdat->m;
	uint32_t list[MIN_LRU_BATCH], clean[MIN_LRU_BATCH];
	uint8_t fate[MIN_LRU_BATCH];
	struct reclaim_stat stat;
	bool skip_retry = false;
	unsigned long reclaimed;
	int type, scanned, n, nclean;

	scanned = isolate_folios(pgdat, sc, swappiness, &type, list, &n);
	if (!n)
		return scanned;
retry:
	reclaimed = shrink_folio_list(pgdat, sc, list, n, &stat, fate);
	sc->nr.unqueued_dirty += stat.nr_unqueued_dirty;
	sc->nr_reclaimed += reclaimed;

	nclean = 0;
	for (int i = 0; i < n; i++) {
		struct page *folio = idx_page(m, list[i]);

		if (fate[i] == FOLIO_FREED)
			continue;
		if (page_test_flag(folio, PG_reclaim) &&
		    (page_test_flag(folio, PG_dirty) ||
		     page_test_flag(folio, PG_writeback))) {
			lru_putback(m, folio);
			continue;
		}
		if (skip_retry || page_test_flag(folio, PG_active) ||
		    page_test_flag(folio, PG_mapped) ||
		    page_test_flag(folio, PG_locked) ||
		    page_test_flag(folio, PG_dirty) ||
		    page_test_flag(folio, PG_writeback)) {
			/* don't add rejected folios to the oldest
			 * generation */
			if (!page_test_flag(folio, PG_unevictable))
				page_set_flag(folio, PG_active);
			lru_putback(m, folio);
			continue;
		}
		/* retry folios that may have missed
		 * folio_rotate_reclaimable() */
		clean[nclean++] = list[i];
	}

	count_vm_events(m, PGSTEAL_KSWAPD + reclaimer_offset(),
			(long)reclaimed);
	count_vm_events(m, PGSTEAL_ANON + type, (long)reclaimed);

	if (nclean) {
		memcpy(list, clean, (size_t)nclean * sizeof(list[0]));
		n = nclean;
		skip_retry = true;
		goto retry;
	}
	return scanned;
}

/* try_to_shrink_lruvec(): evict batches until the priority's share. */
static void try_to_shrink_lruvec(struct pglist_data *pgdat,
				 struct scan_control *sc)
{
	int swappiness = get_swappiness(pgdat, sc);
	unsigned long scanned = 0;

	for (;;) {
		long nr_to_scan = get_nr_to_scan(pgdat, sc, swappiness != 0);
		int delta;

		if (nr_to_scan <= 0)
			break;
		delta = evict_folios(pgdat, sc, swappiness);
		if (!delta)
			break;
		scanned += (unsigned long)delta;
		if (scanned >= (unsigned long)nr_to_scan)
			break;
		if (should_abort_scan(pgdat, sc))
			break;
	}

	/*
	 * If too many file cache in the coldest generation can't be
	 * evicted due to being dirty, wake up the flusher.
	 */
	if (sc->nr.unqueued_dirty &&
	    sc->nr.unqueued_dirty == sc->nr.file_taken)
		wakeup_flusher_threads(pgdat->m);
}

/* shrink_one() for the root lruvec: LRU, then slab, then the credit for
 * slab pages freed (flush_reclaim_state). */
static void shrink_one(struct pglist_data *pgdat, struct scan_control *sc)
{
	try_to_shrink_lruvec(pgdat, sc);
	sc->reclaim_state_reclaimed += shrink_slab(pgdat->m, sc->gfp_mask,
						   pgdat->node_id,
						   sc->priority);
	sc->nr_reclaimed += sc->reclaim_state_reclaimed;
	sc->reclaim_state_reclaimed = 0;
}

static void lru_gen_shrink_node(struct pglist_data *pgdat,
				struct scan_control *sc)
{
	unsigned long reclaimed = sc->nr_reclaimed;

	/*
	 * Unmapped clean folios are already prioritized: scanning for more
	 * of them is futile.  (This makes boosted kswapd reclaim, which
	 * clears may_writepage, a no-op in 6.12.)
	 */
	if (!sc->may_writepage || !sc->may_unmap)
		goto done;
	set_initial_priority(pgdat, sc);
	if (current_is_kswapd())
		sc->nr_reclaimed = 0;
	shrink_one(pgdat, sc);
	if (current_is_kswapd())
		sc->nr_reclaimed += reclaimed;
done:
	/* Progress revives a node kswapd gave up on. */
	if (sc->nr_reclaimed > reclaimed)
		pgdat->kswapd_failures = 0;
}

/* lru_gen_enabled() && root_reclaim(): the MGLRU path, always. */
static void shrink_node(struct pglist_data *pgdat, struct scan_control *sc)
{
	memset(&sc->nr, 0, sizeof(sc->nr));
	lru_gen_shrink_node(pgdat, sc);
}

/* ---- direct reclaim ----------------------------------------------------- */

/*
 * compaction_ready(): true if compaction should go ahead for a costly
 * request (or the allocation would already succeed).
 */
static bool compaction_ready(struct zone *zone, struct scan_control *sc)
{
	unsigned long watermark;

	if (!gfp_compaction_allowed(sc->gfp_mask))
		return false;
	if (zone_watermark_ok(zone, (unsigned)sc->order,
			      min_wmark_pages(zone), sc->reclaim_idx, 0))
		return true;
	if (!compaction_suitable(zone, sc->order, sc->reclaim_idx))
		return false;
	/* A buffer above high lets compaction finish; don't reclaim past
	 * it. */
	watermark = high_wmark_pages(zone) + compact_gap((unsigned)sc->order);
	return zone_watermark_ok_safe(zone, 0, watermark, sc->reclaim_idx);
}

/* shrink_zones(): each node of the zonelist once (no cpusets, memcgs). */
static void shrink_zones(struct zonelist *zonelist, struct scan_control *sc)
{
	struct pglist_data *last_pgdat = NULL;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zonelist, sc->reclaim_idx) {
		/*
		 * Plenty of memory free for compaction of a costly order:
		 * reclaiming more only disrupts.
		 */
		if (sc->order > PAGE_ALLOC_COSTLY_ORDER &&
		    compaction_ready(zone, sc)) {
			sc->compaction_ready = 1;
			continue;
		}
		if (zone->zone_pgdat == last_pgdat)
			continue;
		last_pgdat = zone->zone_pgdat;
		shrink_node(zone->zone_pgdat, sc);
	}
	/* consider_reclaim_throttle(): its sleep is not modelled */
}

static unsigned long do_try_to_free_pages(struct mc_machine *m,
					  struct zonelist *zonelist,
					  struct scan_control *sc)
{
	int initial_priority = sc->priority;

retry:
	count_vm_event(m, ALLOCSTALL_FIRST_ZONE + sc->reclaim_idx);
	do {
		sc->nr_scanned = 0;
		shrink_zones(zonelist, sc);
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
		if (sc->compaction_ready)
			break;
		/* In trouble: write pages even in laptop mode. */
		if (sc->priority < DEF_PRIORITY - 2)
			sc->may_writepage = 1;
	} while (--sc->priority >= 0);

	if (sc->nr_reclaimed)
		return sc->nr_reclaimed;
	/* Aborted reclaim to try compaction? don't OOM, then */
	if (sc->compaction_ready)
		return 1;
	/*
	 * The partial memcg walk retry applies without memcgs too: one more
	 * round from the initial priority before giving up.
	 */
	if (!sc->memcg_full_walk) {
		sc->priority = initial_priority;
		sc->memcg_full_walk = 1;
		goto retry;
	}
	return 0;
}

/* kswapd's wait queue: wake_up_interruptible(&pgdat->kswapd_wait). */
static void kswapd_wake_up(struct pglist_data *pgdat)
{
	if (!pgdat->kswapd_waiting)
		return;
	pgdat->kswapd_waiting = false;
	pgdat->kswapd_woken = true;
	pgdat->kswapd_gen++;
	timer_schedule(pgdat->m, pgdat->m->clock_ns, EV_KSWAPD,
		       pgdat->node_id, pgdat->kswapd_gen);
}

/*
 * allow_direct_reclaim(): are the pfmemalloc reserves (half the min
 * watermarks of the lowmem zones with reclaimable pages) still free?  If
 * not, kswapd must be awake.
 */
static bool allow_direct_reclaim(struct pglist_data *pgdat)
{
	unsigned long pfmemalloc_reserve = 0, free_pages = 0;
	bool wmark_ok;

	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
		return true;
	for (int i = 0; i <= ZONE_NORMAL; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		if (!zone_reclaimable_pages(zone))
			continue;
		pfmemalloc_reserve += min_wmark_pages(zone);
		free_pages += zone_page_state(zone, NR_FREE_PAGES);
	}
	/* No reserves (unexpected config): do not throttle. */
	if (!pfmemalloc_reserve)
		return true;
	wmark_ok = free_pages > pfmemalloc_reserve / 2;
	if (!wmark_ok && pgdat->kswapd_waiting) {
		if (pgdat->kswapd_highest_zoneidx > ZONE_NORMAL)
			pgdat->kswapd_highest_zoneidx = ZONE_NORMAL;
		kswapd_wake_up(pgdat);
	}
	return wmark_ok;
}

/*
 * throttle_direct_reclaim(): a user task would wait here for kswapd when
 * the first usable node's pfmemalloc reserves are depleted.  The model
 * counts the throttle and goes on (kswapd runs when time advances; see the
 * header).  Returns true only for a fatal signal.
 */
static bool throttle_direct_reclaim(struct mc_machine *m, gfp_t gfp_mask,
				    struct zonelist *zonelist)
{
	struct pglist_data *pgdat = NULL;
	struct zoneref *z;
	struct zone *zone;

	/* Kernel threads may be cleaning pages reclaim needs. */
	if (current->flags & PF_KTHREAD)
		return false;
	if (current->fatal_signal_pending)
		return false;
	for_each_zone_zonelist(zone, z, zonelist, gfp_zone(gfp_mask)) {
		if (zone_idx(zone) > ZONE_NORMAL)
			continue;
		/* Throttle based on the first usable node. */
		pgdat = zone->zone_pgdat;
		if (allow_direct_reclaim(pgdat))
			return false;
		break;
	}
	if (!pgdat)
		return false;
	count_vm_event(m, PGSCAN_DIRECT_THROTTLE);
	return current->fatal_signal_pending;
}

unsigned long try_to_free_pages(struct mc_machine *m, struct zonelist *zl,
				int order, gfp_t gfp_mask, int nid)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		/* current_gfp_context(): no NOIO/NOFS scopes */
		.gfp_mask = gfp_mask,
		.reclaim_idx = (int)gfp_zone(gfp_mask),
		.order = order,
		.priority = DEF_PRIORITY,
		.may_writepage = 1,	/* !laptop_mode */
		.may_unmap = 1,
		.may_swap = 1,
	};
	unsigned long nr_reclaimed;

	(void)nid;
	/* A fatal signal while throttled: no reclaim, and no OOM either. */
	if (throttle_direct_reclaim(m, sc.gfp_mask, zl))
		return 1;
	TRACE(m, mm_vmscan_direct_reclaim_begin, order, sc.gfp_mask);
	nr_reclaimed = do_try_to_free_pages(m, zl, &sc);
	TRACE(m, mm_vmscan_direct_reclaim_end, (int64_t)nr_reclaimed);
	return nr_reclaimed;
}

/* ---- kswapd: balancing a node ----------------------------------------- */

/* Any boost on an eligible zone (checked top-down, as the kernel). */
static bool pgdat_watermark_boosted(struct pglist_data *pgdat,
				    int highest_zoneidx)
{
	for (int i = highest_zoneidx; i >= 0; i--) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		if (zone->watermark_boost)
			return true;
	}
	return false;
}

/*
 * pgdat_balanced(): some eligible zone meets its high watermark (boost
 * included) for @order, checked bottom-up.  A node without an eligible
 * managed zone needs no balancing.
 */
static bool pgdat_balanced(struct pglist_data *pgdat, int order,
			   int highest_zoneidx)
{
	bool any = false;

	for (int i = 0; i <= highest_zoneidx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		unsigned long mark;

		if (!managed_zone(zone))
			continue;
		any = true;
		/* NUMA_BALANCING_MEMORY_TIERING is off: the high mark */
		mark = high_wmark_pages(zone);
		if (zone_watermark_ok_safe(zone, (unsigned)order, mark,
					   highest_zoneidx))
			return true;
	}
	return !any;
}

/*
 * prepare_kswapd_sleep(): kswapd may sleep when the node is hopeless
 * (leave it to direct reclaim) or balanced.  (No task waits on
 * pfmemalloc_wait in the model; the congestion flags are not modelled.)
 */
static bool prepare_kswapd_sleep(struct pglist_data *pgdat, int order,
				 int highest_zoneidx)
{
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
		return true;
	return pgdat_balanced(pgdat, order, highest_zoneidx);
}

/*
 * kswapd_shrink_node(): reclaim for the eligible zones' high watermarks.
 * Returns true if it scanned (or reclaimed) at least that many pages, so
 * that the priority need not be raised.
 */
static bool kswapd_shrink_node(struct pglist_data *pgdat,
			       struct scan_control *sc)
{
	unsigned long nr_reclaimed = sc->nr_reclaimed;

	sc->nr_to_reclaim = 0;
	for (int z = 0; z <= sc->reclaim_idx && z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!managed_zone(zone))
			continue;
		sc->nr_to_reclaim += max(high_wmark_pages(zone),
					 SWAP_CLUSTER_MAX);
	}
	shrink_node(pgdat, sc);
	/*
	 * Fragmentation may keep the node from balancing at a high order:
	 * once twice the request is reclaimed, recheck at order 0 and leave
	 * the rest to compaction.
	 */
	if (sc->order && sc->nr_reclaimed >= compact_gap((unsigned)sc->order))
		sc->order = 0;
	return max(sc->nr_scanned, sc->nr_reclaimed - nr_reclaimed) >=
	       sc->nr_to_reclaim;
}

/* ZONE_RECLAIM_ACTIVE lowers the pcp high limits while kswapd works. */
static void update_reclaim_active(struct pglist_data *pgdat,
				  int highest_zoneidx, bool active)
{
	for (int i = 0; i <= highest_zoneidx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		if (active)
			zone_set_bit(zone, ZONE_RECLAIM_ACTIVE);
		else
			zone_clear_bit(zone, ZONE_RECLAIM_ACTIVE);
	}
}

/*
 * balance_pgdat(): reclaim until an eligible zone is balanced, raising
 * the priority as progress is too slow.  Boosted watermarks are reclaimed
 * without writeback or swap (with MGLRU: not at all) and given up as soon
 * as the node is truly unbalanced.  Returns the order it finished at.
 */
static int balance_pgdat(struct pglist_data *pgdat, int order,
			 int highest_zoneidx)
{
	struct mc_machine *m = pgdat->m;
	unsigned long zone_boosts[MAX_NR_ZONES] = { 0 };
	unsigned long nr_boost_reclaim = 0;
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.may_unmap = 1,
	};
	bool boosted;

	pgdat->kswapd_running = true;
	count_vm_event(m, PAGEOUTRUN);

	/*
	 * Account for the boost; the zone boost stays in place so that
	 * allocations near the watermark stall until kswapd is done.
	 */
	for (int i = 0; i <= highest_zoneidx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		nr_boost_reclaim += zone->watermark_boost;
		zone_boosts[i] = zone->watermark_boost;
	}
	boosted = nr_boost_reclaim;

restart:
	update_reclaim_active(pgdat, highest_zoneidx, true);
	sc.priority = DEF_PRIORITY;
	do {
		unsigned long nr_reclaimed = sc.nr_reclaimed;
		bool raise_priority = true;
		bool balanced;

		sc.reclaim_idx = highest_zoneidx;

		/*
		 * Unbalanced: ignore the boost (keep it for later) and
		 * restart as normal reclaim.
		 */
		balanced = pgdat_balanced(pgdat, sc.order, highest_zoneidx);
		if (!balanced && nr_boost_reclaim) {
			nr_boost_reclaim = 0;
			goto restart;
		}
		/* Without a boost, reclaim only for an unbalanced node. */
		if (!nr_boost_reclaim && balanced)
			goto out;

		/* Limit the priority of boosting to avoid writeback. */
		if (nr_boost_reclaim && sc.priority == DEF_PRIORITY - 2)
			raise_priority = false;

		/* No writeback or swap for boosted reclaim. */
		sc.may_writepage = !nr_boost_reclaim;
		sc.may_swap = !nr_boost_reclaim;

		/* kswapd_age_node() -> lru_gen_age_node(): with min_ttl 0
		 * only set_initial_priority() does anything */
		set_initial_priority(pgdat, &sc);

		if (sc.priority < DEF_PRIORITY - 2)
			sc.may_writepage = 1;

		sc.nr_scanned = 0;
		/* Enough scanned to meet the watermarks at 100%
		 * efficiency: no need to raise the priority. */
		if (kswapd_shrink_node(pgdat, &sc))
			raise_priority = false;

		nr_reclaimed = sc.nr_reclaimed - nr_reclaimed;
		nr_boost_reclaim -= min(nr_boost_reclaim, nr_reclaimed);

		/* No progress on a boost: stop, I/O cannot be queued. */
		if (nr_boost_reclaim && !nr_reclaimed)
			break;

		if (raise_priority || !nr_reclaimed)
			sc.priority--;
	} while (sc.priority >= 1);

	/* (The cache_trim_mode restart needs the classic LRU.) */
	if (!sc.nr_reclaimed)
		pgdat->kswapd_failures++;

out:
	update_reclaim_active(pgdat, highest_zoneidx, false);

	/* Boosted: give the boost up and let kcompactd defragment. */
	if (boosted) {
		for (int i = 0; i <= highest_zoneidx && i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];

			if (!zone_boosts[i])
				continue;
			zone_lock(zone);
			zone->watermark_boost -= min(zone->watermark_boost,
						     zone_boosts[i]);
			zone_unlock(zone);
		}
		wakeup_kcompactd(pgdat, (int)m->pageblock_order,
				 highest_zoneidx);
	}
	pgdat->kswapd_running = false;
	/* The order kswapd stopped at: prepare_kswapd_sleep uses it. */
	return sc.order;
}

/*
 * kswapd_highest_zoneidx(): MAX_NR_ZONES means "no request": first run,
 * or kswapd could not sleep; keep the previous cycle's zone then.
 */
static int kswapd_highest_zoneidx(struct pglist_data *pgdat, int prev)
{
	int curr_idx = (int)pgdat->kswapd_highest_zoneidx;

	return curr_idx == MAX_NR_ZONES ? prev : curr_idx;
}

/* ---- kswapd: the thread ------------------------------------------------ */

/* prepare_to_wait + schedule_timeout/schedule: the next EV_KSWAPD ends
 * the wait (a wakeup, or the timeout). */
static void kswapd_wait(struct pglist_data *pgdat, enum kswapd_phase phase,
			long timeout)
{
	struct mc_machine *m = pgdat->m;

	pgdat->kswapd_phase = phase;
	pgdat->kswapd_waiting = true;
	pgdat->kswapd_woken = false;
	pgdat->kswapd_gen++;
	if (timeout != MAX_SCHEDULE_TIMEOUT) {
		pgdat->kswapd_nap_end = jiffies(m) + (unsigned long)timeout;
		timer_schedule(m, timer_expiry(m, timeout), EV_KSWAPD,
			       pgdat->node_id, pgdat->kswapd_gen);
	}
}

/* cond_resched(): continue at once, after what else is due now. */
static void kswapd_yield(struct pglist_data *pgdat)
{
	pgdat->kswapd_phase = KSWAPD_YIELDED;
	pgdat->kswapd_gen++;
	timer_schedule(pgdat->m, pgdat->m->clock_ns, EV_KSWAPD,
		       pgdat->node_id, pgdat->kswapd_gen);
}

/*
 * The end of kswapd_try_to_sleep(), from the nap's return (remaining:
 * jiffies left when woken early, else 0).  Returns true when kswapd goes
 * to sleep fully.
 */
static bool kswapd_try_to_sleep_end(struct pglist_data *pgdat, long remaining)
{
	struct mc_machine *m = pgdat->m;
	int reclaim_order = pgdat->kswapd_reclaim_order;
	int highest_zoneidx = pgdat->kswapd_classzone;

	/*
	 * Woken prematurely: the values will either be from a wakeup
	 * request or the previous request that slept prematurely.
	 */
	if (remaining) {
		pgdat->kswapd_highest_zoneidx = (enum zone_type)
			kswapd_highest_zoneidx(pgdat, highest_zoneidx);
		if (pgdat->kswapd_order < reclaim_order)
			pgdat->kswapd_order = reclaim_order;
	}
	/* A full nap and still balanced: sleep until explicitly woken. */
	if (!remaining &&
	    prepare_kswapd_sleep(pgdat, reclaim_order, highest_zoneidx)) {
		TRACE(m, mm_vmscan_kswapd_sleep, pgdat->node_id);
		kswapd_wait(pgdat, KSWAPD_SLEEPING, MAX_SCHEDULE_TIMEOUT);
		return true;
	}
	if (remaining)
		count_vm_event(m, KSWAPD_LOW_WMARK_HIT_QUICKLY);
	else
		count_vm_event(m, KSWAPD_HIGH_WMARK_HIT_QUICKLY);
	return false;
}

/*
 * kswapd_try_to_sleep(): balanced for the order reclaim finished at, it
 * resets the compaction skip hints, wakes kcompactd for the order that was
 * asked for, and naps HZ/10.  Returns true when kswapd now waits.
 */
static bool kswapd_try_to_sleep(struct pglist_data *pgdat)
{
	if (prepare_kswapd_sleep(pgdat, pgdat->kswapd_reclaim_order,
				 pgdat->kswapd_classzone)) {
		reset_isolation_suitable(pgdat);
		wakeup_kcompactd(pgdat, pgdat->kswapd_alloc_order,
				 pgdat->kswapd_classzone);
		kswapd_wait(pgdat, KSWAPD_NAPPING, HZ / 10);
		return true;
	}
	return kswapd_try_to_sleep_end(pgdat, 0);
}

/*
 * kswapd()'s loop, entered at its top or right after its sleep ("woke"),
 * until kswapd waits or yields.
 */
static void kswapd_loop(struct pglist_data *pgdat, bool woke)
{
	struct mc_machine *m = pgdat->m;

	if (woke)
		goto woke;
	for (;;) {
		pgdat->kswapd_alloc_order = pgdat->kswapd_order;
		pgdat->kswapd_reclaim_order = pgdat->kswapd_order;
		pgdat->kswapd_classzone =
			kswapd_highest_zoneidx(pgdat, pgdat->kswapd_classzone);
try_sleep:
		if (kswapd_try_to_sleep(pgdat))
			return;
		/* Not sleeping: reclaim again after what is due now. */
		kswapd_yield(pgdat);
		return;
woke:
		/* Read the new order and highest_zoneidx. */
		pgdat->kswapd_alloc_order = pgdat->kswapd_order;
		pgdat->kswapd_classzone =
			kswapd_highest_zoneidx(pgdat, pgdat->kswapd_classzone);
		pgdat->kswapd_order = 0;
		pgdat->kswapd_highest_zoneidx = (enum zone_type)MAX_NR_ZONES;

		TRACE(m, mm_vmscan_kswapd_wake, pgdat->node_id,
		      pgdat->kswapd_classzone, pgdat->kswapd_alloc_order);
		/*
		 * A failed high-order reclaim falls back to order 0: kswapd
		 * considers sleeping at the order it finished at, and
		 * kcompactd is woken for the original order.
		 */
		pgdat->kswapd_reclaim_order =
			balance_pgdat(pgdat, pgdat->kswapd_alloc_order,
				      pgdat->kswapd_classzone);
		if (pgdat->kswapd_reclaim_order < pgdat->kswapd_alloc_order)
			goto try_sleep;
	}
}

/* One run of kswapd: its wait ended (woken, nap over) or it yielded. */
void kswapd_event(struct pglist_data *pgdat, uint64_t gen)
{
	struct task_scope ts;
	long remaining = 0;

	if (gen != pgdat->kswapd_gen)
		return;		/* a nap's timeout a wakeup made stale */
	task_enter_kthread(&ts, &pgdat->kswapd_task);
	switch (pgdat->kswapd_phase) {
	case KSWAPD_NAPPING:
		if (pgdat->kswapd_woken) {
			long left = (long)(pgdat->kswapd_nap_end -
					   jiffies(pgdat->m));

			remaining = max(left, 1L);
		}
		pgdat->kswapd_waiting = false;
		pgdat->kswapd_phase = KSWAPD_YIELDED;
		if (kswapd_try_to_sleep_end(pgdat, remaining))
			break;
		kswapd_loop(pgdat, true);
		break;
	case KSWAPD_SLEEPING:
	case KSWAPD_YIELDED:
	default:
		pgdat->kswapd_waiting = false;
		kswapd_loop(pgdat, true);
		break;
	}
	task_leave(&ts);
}

/* kswapd_run(): the thread, bound to the node's CPUs, asleep at hand-over
 * (see the header). */
void kswapd_init_node(struct pglist_data *pgdat)
{
	struct mc_machine *m = pgdat->m;
	struct task_struct *t = &pgdat->kswapd_task;
	int cpu = 0;

	for (int c = 0; c < m->nr_cpu_ids; c++)
		if (m->cpu_to_node[c] == pgdat->node_id) {
			cpu = c;
			break;
		}
	memset(t, 0, sizeof(*t));
	/* After every node's kcompactd (40 + nid), as kswapd_init runs
	 * after kcompactd_init. */
	t->pid = 40 + MAX_NUMNODES + pgdat->node_id;
	snprintf(t->comm, sizeof(t->comm), "kswapd%d", pgdat->node_id);
	t->flags = PF_MEMALLOC | PF_KSWAPD | PF_KTHREAD;
	t->cpu = cpu;

	pgdat->kswapd_order = 0;
	pgdat->kswapd_highest_zoneidx = (enum zone_type)MAX_NR_ZONES;
	pgdat->kswapd_alloc_order = 0;
	pgdat->kswapd_reclaim_order = 0;
	pgdat->kswapd_classzone = MAX_NR_ZONES - 1;
	pgdat->kswapd_failures = 0;
	pgdat->kswapd_running = false;
	pgdat->kswapd_phase = KSWAPD_SLEEPING;
	pgdat->kswapd_waiting = true;
	pgdat->kswapd_woken = false;
}

/*
 * wakeup_kswapd(): a zone is low on free memory or too fragmented.  Raise
 * the node's request; wake kswapd if it waits and the node needs it, or
 * (balanced or hopeless) leave it to kcompactd for requests that cannot
 * compact themselves.
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order,
		   enum zone_type highest_zoneidx)
{
	struct pglist_data *pgdat;
	int curr_idx;

	if (!managed_zone(zone))
		return;
	/* (cpusets are off) */
	pgdat = zone->zone_pgdat;
	curr_idx = (int)pgdat->kswapd_highest_zoneidx;
	if (curr_idx == MAX_NR_ZONES || curr_idx < (int)highest_zoneidx)
		pgdat->kswapd_highest_zoneidx = highest_zoneidx;
	if (pgdat->kswapd_order < order)
		pgdat->kswapd_order = order;

	if (!pgdat->kswapd_waiting)
		return;

	/* Hopeless node, leave it to direct reclaim if possible */
	if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES ||
	    (pgdat_balanced(pgdat, order, (int)highest_zoneidx) &&
	     !pgdat_watermark_boosted(pgdat, (int)highest_zoneidx))) {
		/*
		 * Free memory may be plentiful but too fragmented: let
		 * kcompactd decide with compaction_suitable().
		 */
		if (!(gfp_flags & __GFP_DIRECT_RECLAIM))
			wakeup_kcompactd(pgdat, order, (int)highest_zoneidx);
		return;
	}
	TRACE(pgdat->m, mm_vmscan_wakeup_kswapd, pgdat->node_id,
	      (int)highest_zoneidx, order, gfp_flags);
	kswapd_wake_up(pgdat);
}

/* ---- vm.drop_caches (fs/drop_caches.c, mm/truncate.c) ------------------ */

/*
 * drop_pagecache_sb() -> invalidate_mapping_pages() for every file:
 * clean, unmapped page cache that nobody else holds goes (the model walks
 * each node's file lists oldest first, for the kernel's inode order).
 * Locked, dirty, under writeback, mapped, pinned or mlocked folios stay,
 * as do those the owner will not let go.
 */
static void drop_pagecache(struct mc_machine *m)
{
	static const int lists[] = { LRU_INACTIVE_FILE, LRU_ACTIVE_FILE };
	struct free_batch fb = { .nr = 0 };

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
			uint32_t head = pgdat->lru_lists[lists[l]];
			uint32_t i = ilist_last(m, head);

			while (i != LIST_POISON_IDX) {
				struct page *folio = idx_page(m, i);
				uint32_t prev = folio->prev == head ?
						LIST_POISON_IDX : folio->prev;

				i = prev;
				if (page_kind(folio) != MC_PAGE_FILE ||
				    page_test_flag(folio, PG_locked) ||
				    page_test_flag(folio, PG_dirty) ||
				    page_test_flag(folio, PG_writeback) ||
				    page_test_flag(folio, PG_mapped) ||
				    page_test_flag(folio, PG_pinned) ||
				    page_test_flag(folio, PG_unevictable))
					continue;
				if (!owner_drops(m, folio))
					continue;
				page_stat_account(m, folio, -1);
				/* folio_batch_release() -> release_pages() */
				free_batch_add(m, &fb, folio);
			}
		}
	}
	free_batch_flush(m, &fb);
}

/* drop_slab(): every node at priority 0 until a pass frees little. */
static void drop_slab(struct mc_machine *m)
{
	unsigned long freed;
	int shift = 0;

	do {
		freed = 0;
		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			if (current && current->fatal_signal_pending)
				return;
			freed += shrink_slab(m, GFP_KERNEL, nid, 0);
		}
	} while ((freed >> shift++) > 1);
}

/* drop_caches_sysctl_handler() after a valid write (1..4). */
void drop_caches(struct mc_machine *m, int mode)
{
	if (mode & 1) {
		/* lru_add_drain_all(): no LRU batches in the model */
		drop_pagecache(m);
		count_vm_event(m, DROP_PAGECACHE);
	}
	if (mode & 2) {
		drop_slab(m);
		count_vm_event(m, DROP_SLAB);
	}
	/* mode & 4 silences the kernel's pr_info: the library never
	 * prints. */
}

/* ---- public ------------------------------------------------------------ */

int unlocked_mc_swap_release(struct mc_machine *m, uint64_t nr_pages)
{
	if (!m || nr_pages > m->swap_used)
		return -EINVAL;
	m->swap_used -= nr_pages;
	return 0;
}
