// SPDX-License-Identifier: GPL-2.0-only
/*
 * migrate.c - page migration (mm/migrate.c, 6.12.117).
 *
 * migrate_pages() moves a list of isolated folios to pages obtained from
 * a get_new_folio callback (compaction_alloc for compaction): in batches
 * of up to NR_MAX_BATCHED_MIGRATION pages, first unmapping every folio of
 * the batch and then moving them, each phase repeated for up to nr_pass
 * passes while folios ask to be retried.  Synchronous modes first try the
 * batch asynchronously and then retry the failures one folio at a time.
 * Large folios whose target cannot be allocated are split and their base
 * pages migrated after the batch.  Failures are classified as the kernel
 * does: -EAGAIN stays on the list and is retried, -ENOMEM stops the call,
 * anything else is permanent for this call.
 *
 * What decides failure in the model (the kernel's reasons, from the
 * page's flags and its owner):
 *  - folio lock held (PG_locked): -EAGAIN in ASYNC and for direct
 *    compaction (PF_MEMALLOC), -EAGAIN in SYNC_LIGHT (the lock stands for
 *    I/O in flight, i.e. !uptodate); MIGRATE_SYNC waits for it;
 *  - writeback: -EBUSY unless MIGRATE_SYNC, which waits for it to end;
 *  - extra references (PG_pinned): -EAGAIN at the reference count check;
 *  - file pages: an inaccessible mapping fails with -EOPNOTSUPP; without
 *    a migrate_folio operation dirty pages fail with -EBUSY outside
 *    MIGRATE_SYNC and pages with private data need releasing;
 *  - the owner's migrate callback (movable_ops pages: the driver decides;
 *    LRU pages: the owner may refuse with -EAGAIN or an error).
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MIGRATEPAGE_SUCCESS	0
#define MIGRATEPAGE_UNMAP	1

#define NR_MAX_MIGRATE_PAGES_RETRY	10
#define NR_MAX_MIGRATE_ASYNC_RETRY	3
#define NR_MAX_MIGRATE_SYNC_RETRY \
	(NR_MAX_MIGRATE_PAGES_RETRY - NR_MAX_MIGRATE_ASYNC_RETRY)

struct migrate_pages_stats {
	int nr_succeeded;	/* base pages migrated */
	int nr_failed_pages;	/* base pages that failed (untried ones not) */
	int nr_thp_succeeded;
	int nr_thp_failed;
	int nr_thp_split;
	int nr_split;		/* large folios (THP included) split */
};

/* ---- folio helpers --------------------------------------------------------- */

static inline unsigned int folio_order(const struct page *folio)
{
	return page_test_flag(folio, PG_head) ? page_sto_order(folio) : 0;
}

static inline long folio_nr_pages(const struct page *folio)
{
	return 1L << folio_order(folio);
}

static inline bool folio_test_large(const struct page *folio)
{
	return folio_order(folio) > 0;
}

static inline bool folio_is_lru_kind(const struct page *folio)
{
	enum mc_page_kind k = page_kind(folio);

	return k == MC_PAGE_ANON || k == MC_PAGE_FILE;
}

static inline bool __folio_test_movable(const struct page *folio)
{
	return page_kind(folio) == MC_PAGE_MOVABLE_OPS;
}

static inline bool folio_test_hugetlb(const struct page *folio)
{
	return page_kind(folio) == MC_PAGE_HUGETLB;
}

static inline const struct mc_owner_ops *folio_owner_ops(
	const struct mc_machine *m, const struct page *folio, void **ctx)
{
	const struct mc_owner_slot *o = &m->owners[folio->owner];

	*ctx = o->ctx;
	return folio->owner && o->used ? o->ops : NULL;
}

/* A file folio whose mapping has a migrate_folio operation. */
static bool mapping_has_migrate_folio(const struct mc_machine *m,
				      const struct page *folio)
{
	void *ctx;
	const struct mc_owner_ops *ops = folio_owner_ops(m, folio, &ctx);

	return !ops || !(ops->flags & MC_OWNER_NO_MIGRATE_FOLIO);
}

static bool mapping_inaccessible(const struct mc_machine *m,
				 const struct page *folio)
{
	void *ctx;
	const struct mc_owner_ops *ops = folio_owner_ops(m, folio, &ctx);

	return ops && (ops->flags & MC_OWNER_INACCESSIBLE);
}

static inline struct page *list_page(struct mc_machine *m, uint32_t idx)
{
	return idx_page(m, idx);
}

/* ---- isolation and putback ------------------------------------------------ */

/*
 * isolate_movable_page - take a non-LRU movable page for migration through
 * its owner's isolate operation.  Not counted in NR_ISOLATED_*.
 */
bool isolate_movable_page(struct mc_machine *m, struct page *page,
			  int mode)
{
	const struct mc_owner_ops *ops;
	void *ctx;

	if (page_state(page) != PS_ALLOC)	/* tail or free: no reference */
		return false;
	if (!__folio_test_movable(page))
		return false;
	if (page_test_flag(page, PG_locked))	/* folio_trylock */
		return false;
	if (page_test_flag(page, PG_isolated))
		return false;
	ops = folio_owner_ops(m, page, &ctx);
	if (!ops || !ops->isolate ||
	    !ops->isolate(ctx, page_to_pfn(m, page), page->private, mode))
		return false;
	page_set_flag(page, PG_isolated);
	return true;
}

/* folio_putback_lru / putback_movable_folio for one folio (off-list). */
static void putback_one(struct mc_machine *m, struct page *folio)
{
	if (__folio_test_movable(folio)) {
		const struct mc_owner_ops *ops;
		void *ctx;

		ops = folio_owner_ops(m, folio, &ctx);
		if (ops && ops->putback)
			ops->putback(ctx, page_to_pfn(m, folio),
				     folio->private);
		page_clear_flag(folio, PG_isolated);
		return;
	}
	page_stat_account(m, folio, -1);
	page_clear_flag(folio, PG_isolated);
	if (!folio_test_hugetlb(folio))
		page_set_flag(folio, PG_lru);
	page_stat_account(m, folio, 1);
}

void putback_movable_pages(struct mc_machine *m, uint32_t list)
{
	uint32_t i;

	while ((i = ilist_first(m, list)) != LIST_POISON_IDX) {
		struct page *folio = list_page(m, i);

		ilist_del(m, i);
		putback_one(m, folio);
	}
}

/*
 * isolate_lru_folio_for_migration - the last step of LRU isolation: take
 * the folio off the LRU and count it in NR_ISOLATED_{ANON,FILE}.
 */
void isolate_lru_folio(struct mc_machine *m, struct page *folio)
{
	page_stat_account(m, folio, -1);
	page_clear_flag(folio, PG_lru);
	page_set_flag(folio, PG_isolated);
	page_stat_account(m, folio, 1);
}

/* ---- splitting ------------------------------------------------------------- */

/*
 * split_folio_to_list - split a large folio into order-0 folios that stay
 * isolated (split_huge_page_to_list_to_order).  A folio under writeback
 * is refused with -EBUSY before anything is tried; extra references (the
 * refcount cannot be frozen) or the owner's refusal fail the split, which
 * counts thp_split_page_failed for a PMD-sized folio.  The pieces go to
 * @split_list as the kernel queues them: the tails from the last one
 * down (__split_huge_page), then the head (try_split_folio moves it to
 * the tail), so the last piece is migrated first.
 */
static int split_folio_to_list(struct mc_machine *m, struct page *folio,
			       uint32_t split_list)
{
	unsigned int order = folio_order(folio);
	unsigned long n = 1UL << order, pfn = page_to_pfn(m, folio);
	uint32_t cookies_stack[64], *cookies = cookies_stack;
	const struct mc_owner_ops *ops;
	void *ctx;
	int ret = 0;

	if (page_test_flag(folio, PG_writeback))
		return -EBUSY;
	if (page_test_flag(folio, PG_pinned)) {
		ret = -EAGAIN;
		goto out;
	}
	if (n > ARRAY_SIZE(cookies_stack)) {
		cookies = calloc(n, sizeof(*cookies));
		if (!cookies)
			return -ENOMEM;
	}
	for (unsigned long i = 0; i < n; i++)
		cookies[i] = folio->private;
	ops = folio_owner_ops(m, folio, &ctx);
	if (ops && ops->split)
		ret = ops->split(ctx, pfn, order, folio->private, cookies);
	if (ret) {
		ret = ret == -EAGAIN ? -EAGAIN : -EBUSY;
		goto out;
	}

	page_stat_account(m, folio, -1);
	{
		uint16_t flags = (uint16_t)(folio->flags & ~(1u << PG_head));
		uint8_t owner = folio->owner;

		for (unsigned long i = 0; i < n; i++) {
			struct page *p = folio + i;

			set_page_state(p, PS_ALLOC, 0);
			p->flags = flags;
			p->owner = owner;
			p->private = cookies[i];
			page_stat_account(m, p, 1);
		}
	}
	ilist_del(m, page_idx(m, folio));
	for (unsigned long i = n - 1; i >= 1; i--)
		ilist_add_tail(m, page_idx(m, folio + i), split_list);
	ilist_add_tail(m, page_idx(m, folio), split_list);
out:
	if (order == m->hpage_pmd_order)
		count_vm_event(m, ret ? THP_SPLIT_PAGE_FAILED : THP_SPLIT_PAGE);
	if (cookies != cookies_stack)
		free(cookies);
	return ret;
}

static int try_split_folio(struct mc_machine *m, struct page *folio,
			   uint32_t split_list, enum migrate_mode mode)
{
	/* folio_trylock in ASYNC; other modes wait for the lock. */
	if (mode == MIGRATE_ASYNC && page_test_flag(folio, PG_locked))
		return -EAGAIN;
	return split_folio_to_list(m, folio, split_list);
}

/* ---- unmap and move --------------------------------------------------------- */

/* Undo a failed unmap: the source goes to @ret (if given). */
static void migrate_folio_undo_src(struct mc_machine *m, struct page *src,
				   uint32_t ret)
{
	if (ret != LIST_POISON_IDX)
		ilist_move_tail(m, page_idx(m, src), ret);
}

static void migrate_folio_undo_dst(struct mc_machine *m, struct page *dst,
				   free_folio_t put_new_folio,
				   unsigned long private)
{
	if (put_new_folio)
		put_new_folio(dst, private);
	else
		__free_pages(m, dst, page_sto_order(dst));
}

/*
 * migrate_folio_unmap - lock the source, get a destination, unmap.
 * Returns MIGRATEPAGE_SUCCESS (nothing to do), MIGRATEPAGE_UNMAP (ready
 * to move, *dstp set), or an error.
 */
static int migrate_folio_unmap(struct mc_machine *m, new_folio_t get_new_folio,
			       free_folio_t put_new_folio,
			       unsigned long private, struct page *src,
			       struct page **dstp, enum migrate_mode mode,
			       enum migrate_reason reason, uint32_t ret)
{
	struct page *dst;
	int rc = -EAGAIN;

	(void)reason;
	dst = get_new_folio(src, private);
	if (!dst)
		return -ENOMEM;
	*dstp = dst;

	if (page_test_flag(src, PG_locked)) {
		if (mode == MIGRATE_ASYNC)
			goto out;
		/* Direct compaction never sleeps on a folio lock: it could
		 * deadlock against readahead holding several locks. */
		if (current && (current->flags & PF_MEMALLOC))
			goto out;
		/* SYNC_LIGHT waits for transient locks but not for I/O;
		 * a locked page stands for I/O in flight. */
		if (mode == MIGRATE_SYNC_LIGHT)
			goto out;
		/* MIGRATE_SYNC: folio_lock() waits until it is released. */
		page_stat_account(m, src, -1);
		page_clear_flag(src, PG_locked);
		page_stat_account(m, src, 1);
	}

	if (page_test_flag(src, PG_writeback)) {
		/* Only full synchronous migration waits for writeback. */
		if (mode != MIGRATE_SYNC) {
			rc = -EBUSY;
			goto out;
		}
		/* folio_wait_writeback(): the I/O completes. */
		page_stat_account(m, src, -1);
		page_clear_flag(src, PG_writeback);
		page_stat_account(m, src, 1);
	}

	if (unlikely(__folio_test_movable(src)))
		return MIGRATEPAGE_UNMAP;

	/* An orphaned page with private data: try to free the buffers. */
	if (page_kind(src) == MC_PAGE_FILE && page_test_flag(src, PG_private) &&
	    !mapping_has_migrate_folio(m, src))
		goto out;

	/* try_to_migrate() installs migration entries; in the model the
	 * unmap always succeeds. */
	return MIGRATEPAGE_UNMAP;

out:
	/* A folio that has not been unmapped stays on its list to be
	 * retried (-EAGAIN) or goes to @ret. */
	if (rc != -EAGAIN)
		migrate_folio_undo_src(m, src, ret);
	migrate_folio_undo_dst(m, dst, put_new_folio, private);
	return rc;
}

/* Copy what folio_migrate_flags() and the mapping move carry over. */
static void commit_move(struct mc_machine *m, struct page *dst,
			struct page *src)
{
	/* folio_migrate_flags() carries dirty, active, unevictable, mapped
	 * state over; never writeback, the lock, isolation or pins. */
	uint16_t keep = (uint16_t)(src->flags &
				   ~((1u << PG_isolated) | (1u << PG_lru) |
				     (1u << PG_locked) | (1u << PG_pinned) |
				     (1u << PG_writeback) | (1u << PG_reclaim)));

	dst->flags = (uint16_t)(keep | (dst->flags & (1u << PG_head)));
	dst->owner = src->owner;
	dst->private = src->private;
	if (folio_is_lru_kind(src))
		page_set_flag(dst, PG_lru);	/* folio_add_lru(dst) */
	(void)m;
}

/*
 * move_to_new_folio - the refcount check, the owner's say, then the copy
 * and the switch of every reference from @src to @dst.
 */
static int move_to_new_folio(struct mc_machine *m, struct page *dst,
			     struct page *src, enum migrate_mode mode)
{
	const struct mc_owner_ops *ops;
	void *ctx;
	int rc;

	if (page_kind(src) == MC_PAGE_FILE) {
		if (mapping_inaccessible(m, src))
			return -EOPNOTSUPP;
		if (!mapping_has_migrate_folio(m, src)) {
			/* fallback_migrate_folio */
			if (page_test_flag(src, PG_dirty)) {
				if (mode != MIGRATE_SYNC)
					return -EBUSY;
				/* writeout() starts writeback and asks for a
				 * retry */
				page_stat_account(m, src, -1);
				page_clear_flag(src, PG_dirty);
				page_set_flag(src, PG_writeback);
				page_stat_account(m, src, 1);
				return -EAGAIN;
			}
			if (page_test_flag(src, PG_private))
				return mode == MIGRATE_SYNC ? -EAGAIN : -EBUSY;
		}
	}
	/* __migrate_folio: no references beyond the expected ones.  A
	 * movable_ops page has no such check: its driver decides. */
	if (!__folio_test_movable(src) && page_test_flag(src, PG_pinned))
		return -EAGAIN;

	/* folio_mc_copy(): on a real-memory arena the contents move here,
	 * before the owner is told (a refused move leaves a stale copy in a
	 * page that goes back to the free lists). */
	if (m->copy_page)
		m->copy_page(m, page_to_pfn(m, dst), page_to_pfn(m, src),
			     folio_order(src));
	ops = folio_owner_ops(m, src, &ctx);
	if (ops && ops->migrate) {
		rc = ops->migrate(ctx, page_to_pfn(m, src),
				  page_to_pfn(m, dst), folio_order(src),
				  src->private, (int)mode);
		if (rc)
			return rc;
	} else if (__folio_test_movable(src)) {
		/* movable_ops without a migrate operation */
		return -EAGAIN;
	}
	return MIGRATEPAGE_SUCCESS;
}

static int migrate_folio_move(struct mc_machine *m, free_folio_t put_new_folio,
			      unsigned long private, struct page *src,
			      struct page *dst, enum migrate_mode mode,
			      enum migrate_reason reason, uint32_t ret)
{
	uint32_t prev = dst->prev;
	int rc;

	/* The destination leaves the dst list (its links become the LRU's);
	 * on -EAGAIN it goes back where it was. */
	ilist_del(m, page_idx(m, dst));

	rc = move_to_new_folio(m, dst, src, mode);
	if (rc)
		goto out;

	page_stat_account(m, src, -1);
	page_clear_flag(src, PG_isolated);
	commit_move(m, dst, src);
	/* unmap_and_move_huge_page: the pool's counts follow (hugetlb.c) */
	if (folio_test_hugetlb(src))
		move_hugetlb_state(m, src, dst);
	page_stat_account(m, dst, 1);	/* folio_add_lru(dst) */
	/* the source was accounted out; free it */
	ilist_del(m, page_idx(m, src));
	__free_pages(m, src, page_sto_order(src));
	(void)reason;
	return MIGRATEPAGE_SUCCESS;

out:
	/* Retry later: both stay where they are. */
	if (rc == -EAGAIN) {
		__ilist_add(m, page_idx(m, dst), prev, idx_page(m, prev)->next);
		return rc;
	}
	migrate_folio_undo_src(m, src, ret);
	migrate_folio_undo_dst(m, dst, put_new_folio, private);
	return rc;
}

/* ---- batches --------------------------------------------------------------- */

static bool folio_test_pmd_mappable(const struct mc_machine *m,
				    const struct page *folio)
{
	return folio_order(folio) >= m->hpage_pmd_order;
}

static int migrate_pages_batch(struct mc_machine *m, uint32_t from,
			       new_folio_t get_new_folio,
			       free_folio_t put_new_folio,
			       unsigned long private, enum migrate_mode mode,
			       int reason, uint32_t ret_folios,
			       uint32_t split_folios,
			       struct migrate_pages_stats *stats, int nr_pass)
{
	int retry = 1, thp_retry = 1, nr_failed = 0, nr_retry_pages = 0;
	int pass, rc, rc_saved = 0;
	uint32_t unmap_folios = sentinel_get(m);
	uint32_t dst_folios = sentinel_get(m);
	bool nosplit = (reason == MR_NUMA_MISPLACED);

	if (unmap_folios == LIST_POISON_IDX ||
	    dst_folios == LIST_POISON_IDX) {
		sentinel_put(m, unmap_folios);
		sentinel_put(m, dst_folios);
		return -ENOMEM;
	}

	for (pass = 0; pass < nr_pass && retry; pass++) {
		uint32_t i, next;

		retry = 0;
		thp_retry = 0;
		nr_retry_pages = 0;

		for (i = idx_page(m, from)->next; i != from; i = next) {
			struct page *folio = list_page(m, i);
			bool is_large = folio_test_large(folio);
			bool is_thp = is_large &&
				      folio_test_pmd_mappable(m, folio);
			int nr_pages = (int)folio_nr_pages(folio);
			struct page *dst = NULL;

			next = folio->next;
			rc = migrate_folio_unmap(m, get_new_folio,
						 put_new_folio, private, folio,
						 &dst, mode, reason,
						 ret_folios);
			switch (rc) {
			case -ENOMEM:
				/* Low on memory: try no more folios; move the
				 * unmapped ones, then exit. */
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				if (is_large && !nosplit) {
					int r = try_split_folio(m, folio,
								split_folios,
								mode);

					if (!r) {
						stats->nr_thp_split += is_thp;
						stats->nr_split++;
						break;
					} else if (reason == MR_LONGTERM_PIN &&
						   r == -EAGAIN) {
						retry++;
						thp_retry += is_thp;
						nr_retry_pages += nr_pages;
						nr_failed--;
						stats->nr_thp_failed -= is_thp;
						break;
					}
				}
				stats->nr_failed_pages += nr_pages +
							  nr_retry_pages;
				stats->nr_thp_failed += thp_retry;
				rc_saved = rc;
				if (ilist_empty(m, unmap_folios))
					goto out;
				goto move;
			case -EAGAIN:
				retry++;
				thp_retry += is_thp;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				stats->nr_thp_succeeded += is_thp;
				break;
			case MIGRATEPAGE_UNMAP:
				ilist_move_tail(m, i, unmap_folios);
				ilist_add_tail(m, page_idx(m, dst),
					       dst_folios);
				break;
			default:
				/* Permanent failure: not retried. */
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				stats->nr_failed_pages += nr_pages;
				break;
			}
		}
	}
	nr_failed += retry;
	stats->nr_thp_failed += thp_retry;
	stats->nr_failed_pages += nr_retry_pages;
move:
	retry = 1;
	for (pass = 0; pass < nr_pass && retry; pass++) {
		uint32_t i, next, d, dnext;

		retry = 0;
		thp_retry = 0;
		nr_retry_pages = 0;

		d = idx_page(m, dst_folios)->next;
		for (i = idx_page(m, unmap_folios)->next; i != unmap_folios;
		     i = next, d = dnext) {
			struct page *folio = list_page(m, i);
			struct page *dst = list_page(m, d);
			bool is_thp = folio_test_large(folio) &&
				      folio_test_pmd_mappable(m, folio);
			int nr_pages = (int)folio_nr_pages(folio);

			next = folio->next;
			dnext = dst->next;
			rc = migrate_folio_move(m, put_new_folio, private,
						folio, dst, mode, reason,
						ret_folios);
			switch (rc) {
			case -EAGAIN:
				retry++;
				thp_retry += is_thp;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				stats->nr_thp_succeeded += is_thp;
				break;
			default:
				nr_failed++;
				stats->nr_thp_failed += is_thp;
				stats->nr_failed_pages += nr_pages;
				break;
			}
		}
	}
	nr_failed += retry;
	stats->nr_thp_failed += thp_retry;
	stats->nr_failed_pages += nr_retry_pages;

	rc = rc_saved ? rc_saved : nr_failed;
out:
	/* Clean up the folios still unmapped: sources back, dsts freed. */
	{
		uint32_t i, d;

		while ((i = ilist_first(m, unmap_folios)) != LIST_POISON_IDX) {
			d = ilist_first(m, dst_folios);
			migrate_folio_undo_src(m, list_page(m, i),
					       ret_folios);
			ilist_del(m, d);
			migrate_folio_undo_dst(m, list_page(m, d),
					       put_new_folio, private);
		}
	}
	sentinel_put(m, unmap_folios);
	sentinel_put(m, dst_folios);
	return rc;
}

static int migrate_pages_sync(struct mc_machine *m, uint32_t from,
			      new_folio_t get_new_folio,
			      free_folio_t put_new_folio,
			      unsigned long private, enum migrate_mode mode,
			      int reason, uint32_t ret_folios,
			      uint32_t split_folios,
			      struct migrate_pages_stats *stats)
{
	int rc, nr_failed = 0;
	uint32_t folios = sentinel_get(m);
	struct migrate_pages_stats astats;

	if (folios == LIST_POISON_IDX)
		return -ENOMEM;
	memset(&astats, 0, sizeof(astats));
	/* First try the whole batch in MIGRATE_ASYNC mode. */
	rc = migrate_pages_batch(m, from, get_new_folio, put_new_folio,
				 private, MIGRATE_ASYNC, reason, folios,
				 split_folios, &astats,
				 NR_MAX_MIGRATE_ASYNC_RETRY);
	stats->nr_succeeded += astats.nr_succeeded;
	stats->nr_thp_succeeded += astats.nr_thp_succeeded;
	stats->nr_thp_split += astats.nr_thp_split;
	stats->nr_split += astats.nr_split;
	if (rc < 0) {
		stats->nr_failed_pages += astats.nr_failed_pages;
		stats->nr_thp_failed += astats.nr_thp_failed;
		ilist_splice_tail_init(m, folios, ret_folios);
		sentinel_put(m, folios);
		return rc;
	}
	stats->nr_thp_failed += astats.nr_thp_split;
	/* The retries below count their own failures; count splits now. */
	nr_failed += astats.nr_split;
	/* Then every failure one by one, synchronously. */
	ilist_splice_tail_init(m, folios, from);
	while (!ilist_empty(m, from)) {
		ilist_move(m, ilist_first(m, from), folios);
		rc = migrate_pages_batch(m, folios, get_new_folio,
					 put_new_folio, private, mode, reason,
					 ret_folios, split_folios, stats,
					 NR_MAX_MIGRATE_SYNC_RETRY);
		ilist_splice_tail_init(m, folios, ret_folios);
		if (rc < 0) {
			sentinel_put(m, folios);
			return rc;
		}
		nr_failed += rc;
	}
	sentinel_put(m, folios);
	return nr_failed;
}

/*
 * migrate_hugetlbs - hugetlb folios go first, each moved whole, up to
 * NR_MAX_MIGRATE_PAGES_RETRY passes; -ENOMEM aborts the whole call.
 */
static int migrate_hugetlbs(struct mc_machine *m, uint32_t from,
			    new_folio_t get_new_folio,
			    free_folio_t put_new_folio, unsigned long private,
			    enum migrate_mode mode, int reason,
			    struct migrate_pages_stats *stats,
			    uint32_t ret_folios)
{
	int retry = 1, nr_failed = 0, nr_retry_pages = 0, pass, rc;

	for (pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry; pass++) {
		uint32_t i, next;

		retry = 0;
		nr_retry_pages = 0;
		for (i = idx_page(m, from)->next; i != from; i = next) {
			struct page *folio = list_page(m, i);
			struct page *dst = NULL;
			int nr_pages;

			next = folio->next;
			if (!folio_test_hugetlb(folio))
				continue;
			nr_pages = (int)folio_nr_pages(folio);
			rc = migrate_folio_unmap(m, get_new_folio,
						 put_new_folio, private, folio,
						 &dst, mode, (enum migrate_reason)
						 reason, ret_folios);
			if (rc == MIGRATEPAGE_UNMAP) {
				uint32_t tmp = sentinel_get(m);

				if (tmp == LIST_POISON_IDX) {
					migrate_folio_undo_dst(m, dst,
							       put_new_folio,
							       private);
					return -ENOMEM;
				}
				ilist_add(m, page_idx(m, dst), tmp);
				rc = migrate_folio_move(m, put_new_folio,
							private, folio, dst,
							mode,
							(enum migrate_reason)
							reason, ret_folios);
				if (rc == -EAGAIN) {
					ilist_del(m, page_idx(m, dst));
					migrate_folio_undo_dst(m, dst,
							       put_new_folio,
							       private);
				}
				sentinel_put(m, tmp);
			}
			switch (rc) {
			case -ENOMEM:
				stats->nr_failed_pages += nr_pages +
							  nr_retry_pages;
				return -ENOMEM;
			case -EAGAIN:
				retry++;
				nr_retry_pages += nr_pages;
				break;
			case MIGRATEPAGE_SUCCESS:
				stats->nr_succeeded += nr_pages;
				break;
			default:
				nr_failed++;
				stats->nr_failed_pages += nr_pages;
				break;
			}
		}
	}
	nr_failed += retry;
	stats->nr_failed_pages += nr_retry_pages;
	return nr_failed;
}

/*
 * migrate_pages - migrate the folios on @from.  Returns the number of
 * folios not migrated (a split large folio counts once), or -ENOMEM.
 * Folios that were not migrated are back on @from; the caller must put
 * them back (putback_movable_pages) when the result is not 0.
 */
int migrate_pages(struct mc_machine *m, uint32_t from,
		  new_folio_t get_new_folio, free_folio_t put_new_folio,
		  unsigned long private, enum migrate_mode mode, int reason,
		  unsigned int *ret_succeeded)
{
	int rc, rc_gather;
	long nr_pages;
	uint32_t folios = sentinel_get(m), ret_folios = sentinel_get(m);
	uint32_t split_folios = sentinel_get(m);
	struct migrate_pages_stats stats;

	TRACE(m, mm_migrate_pages_start, mode, reason);
	memset(&stats, 0, sizeof(stats));
	if (folios == LIST_POISON_IDX || ret_folios == LIST_POISON_IDX ||
	    split_folios == LIST_POISON_IDX) {
		rc_gather = -ENOMEM;
		goto out_nolists;
	}

	rc_gather = migrate_hugetlbs(m, from, get_new_folio, put_new_folio,
				     private, mode, reason, &stats,
				     ret_folios);
	if (rc_gather < 0)
		goto out;
again:
	nr_pages = 0;
	{
		uint32_t i, next, cut = LIST_POISON_IDX;

		for (i = idx_page(m, from)->next; i != from; i = next) {
			struct page *folio = list_page(m, i);

			next = folio->next;
			/* Retried hugetlb folios are kept aside. */
			if (folio_test_hugetlb(folio)) {
				ilist_move_tail(m, i, ret_folios);
				continue;
			}
			nr_pages += folio_nr_pages(folio);
			if (nr_pages >= (long)(1L << m->hpage_pmd_order)) {
				cut = next;
				break;
			}
		}
		/* The batch: everything before @cut (list_cut_before). */
		while ((i = ilist_first(m, from)) != LIST_POISON_IDX &&
		       i != cut)
			ilist_move_tail(m, i, folios);
	}
	if (mode == MIGRATE_ASYNC)
		rc = migrate_pages_batch(m, folios, get_new_folio,
					 put_new_folio, private, mode, reason,
					 ret_folios, split_folios, &stats,
					 NR_MAX_MIGRATE_PAGES_RETRY);
	else
		rc = migrate_pages_sync(m, folios, get_new_folio,
					put_new_folio, private, mode, reason,
					ret_folios, split_folios, &stats);
	ilist_splice_tail_init(m, folios, ret_folios);
	if (rc < 0) {
		rc_gather = rc;
		ilist_splice_tail_init(m, split_folios, ret_folios);
		goto out;
	}
	if (!ilist_empty(m, split_folios)) {
		/* The pieces of split folios: one ASYNC pass; their failures
		 * are already counted once as the large folio's. */
		migrate_pages_batch(m, split_folios, get_new_folio,
				    put_new_folio, private, MIGRATE_ASYNC,
				    reason, ret_folios, LIST_POISON_IDX,
				    &stats, 1);
		ilist_splice_tail_init(m, split_folios, ret_folios);
	}
	rc_gather += rc;
	if (!ilist_empty(m, from))
		goto again;
out:
	/* Permanent failures go back on @from for the caller to put back.
	 * (list_splice: to the front) */
	{
		uint32_t i;

		while ((i = ilist_last(m, ret_folios)) != LIST_POISON_IDX)
			ilist_move(m, i, from);
	}
	if (ilist_empty(m, from))
		rc_gather = 0;
out_nolists:
	sentinel_put(m, folios);
	sentinel_put(m, ret_folios);
	sentinel_put(m, split_folios);

	count_vm_events(m, PGMIGRATE_SUCCESS, stats.nr_succeeded);
	count_vm_events(m, PGMIGRATE_FAIL, stats.nr_failed_pages);
	count_vm_events(m, THP_MIGRATION_SUCCESS, stats.nr_thp_succeeded);
	count_vm_events(m, THP_MIGRATION_FAIL, stats.nr_thp_failed);
	count_vm_events(m, THP_MIGRATION_SPLIT, stats.nr_thp_split);
	TRACE(m, mm_migrate_pages, stats.nr_succeeded, stats.nr_failed_pages,
	      stats.nr_thp_succeeded, stats.nr_thp_failed, stats.nr_thp_split,
	      stats.nr_split, mode, reason);
	if (ret_succeeded)
		*ret_succeeded = (unsigned int)stats.nr_succeeded;
	return rc_gather;
}
