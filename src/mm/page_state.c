// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_state.c - what an allocated block contributes to the zone and node
 * counters, given its kind and attribute flags.
 *
 * The kernel updates these counters from many places (lru_add, mlock,
 * folio_mark_dirty, slab accounting ...).  In the model an allocated
 * block's kind and flags say which lists it is on, and this one function
 * maps them to the counters.  It is applied with +1 when a block starts to
 * count, -1 when it stops, and by the invariant checker to recompute every
 * counter from the page frames.
 */
#include "mm/internal.h"

/*
 * The counters a block of @nr pages with @kind and @flags adds to.
 * @zone_add and @node_add receive (item, delta).
 */
void page_stat_apply(const struct mc_machine *m, const struct page *head,
		     unsigned int order, long sign,
		     void (*zone_add)(void *ctx, int item, long delta),
		     void (*node_add)(void *ctx, int item, long delta),
		     void *ctx)
{
	long nr = sign * (1L << order);
	enum mc_page_kind kind = page_kind(head);
	bool lru = page_test_flag(head, PG_lru) ||
		   page_test_flag(head, PG_isolated);
	bool active = page_test_flag(head, PG_active);
	bool unevictable = page_test_flag(head, PG_unevictable);
	bool file = kind == MC_PAGE_FILE;

	switch (kind) {
	case MC_PAGE_ANON:
	case MC_PAGE_FILE:
		if (lru && !page_test_flag(head, PG_isolated)) {
			if (unevictable) {
				zone_add(ctx, NR_ZONE_UNEVICTABLE, nr);
				node_add(ctx, NR_UNEVICTABLE, nr);
			} else if (file) {
				zone_add(ctx, active ? NR_ZONE_ACTIVE_FILE :
						       NR_ZONE_INACTIVE_FILE,
					 nr);
				node_add(ctx, active ? NR_ACTIVE_FILE :
						       NR_INACTIVE_FILE,
					 nr);
			} else {
				zone_add(ctx, active ? NR_ZONE_ACTIVE_ANON :
						       NR_ZONE_INACTIVE_ANON,
					 nr);
				node_add(ctx, active ? NR_ACTIVE_ANON :
						       NR_INACTIVE_ANON,
					 nr);
			}
		}
		if (page_test_flag(head, PG_isolated))
			node_add(ctx, file ? NR_ISOLATED_FILE :
					     NR_ISOLATED_ANON,
				 nr);
		if (unevictable)
			zone_add(ctx, NR_MLOCK, nr);
		if (file) {
			node_add(ctx, NR_FILE_PAGES, nr);
			if (page_test_flag(head, PG_mapped))
				node_add(ctx, NR_FILE_MAPPED, nr);
			if (page_test_flag(head, PG_head) &&
			    order == m->hpage_pmd_order)
				node_add(ctx, NR_FILE_THPS, nr);
		} else {
			node_add(ctx, NR_ANON_MAPPED, nr);
			if (page_test_flag(head, PG_head) &&
			    order == m->hpage_pmd_order)
				node_add(ctx, NR_ANON_THPS, nr);
		}
		if (page_test_flag(head, PG_dirty)) {
			zone_add(ctx, NR_ZONE_WRITE_PENDING, nr);
			if (file)
				node_add(ctx, NR_FILE_DIRTY, nr);
		}
		if (page_test_flag(head, PG_writeback)) {
			zone_add(ctx, NR_ZONE_WRITE_PENDING, nr);
			node_add(ctx, NR_WRITEBACK, nr);
		}
		break;
	case MC_PAGE_SLAB:
		/* the _B items: kept in pages here, printed in pages */
		node_add(ctx, NR_SLAB_UNRECLAIMABLE_B, nr);
		break;
	case MC_PAGE_SLAB_RECLAIMABLE:
		node_add(ctx, NR_SLAB_RECLAIMABLE_B, nr);
		break;
	case MC_PAGE_MOVABLE_OPS:
	case MC_PAGE_KERNEL:
	case MC_PAGE_HUGETLB:
	case MC_PAGE_NR_KINDS:
		break;
	}
}

struct stat_target {
	struct zone *zone;
};

static void zone_add_live(void *ctx, int item, long delta)
{
	struct stat_target *t = ctx;

	__mod_zone_page_state(t->zone, (enum zone_stat_item)item, delta);
}

static void node_add_live(void *ctx, int item, long delta)
{
	struct stat_target *t = ctx;

	__mod_node_page_state(t->zone->zone_pgdat,
			      (enum node_stat_item)item, delta);
}

/* Apply a block's contribution to the live counters of its zone/node. */
void __page_stat_account(struct mc_machine *m, struct page *head, long sign)
{
	struct stat_target t = { .zone = page_zone(m, head) };

	page_stat_apply(m, head, page_sto_order(head), sign, zone_add_live,
			node_add_live, &t);
}

unsigned long folio_nr_pages_of(const struct page *head)
{
	return page_test_flag(head, PG_head) ? 1UL << page_sto_order(head) :
					       1;
}

int lru_list_of(const struct page *head)
{
	enum mc_page_kind kind = page_kind(head);
	bool file = kind == MC_PAGE_FILE;

	if (kind == MC_PAGE_SLAB_RECLAIMABLE)
		return LRU_SLAB_RECLAIMABLE;
	if (kind != MC_PAGE_ANON && !file)
		return -1;
	if (!page_test_flag(head, PG_lru) || page_test_flag(head, PG_isolated))
		return -1;
	if (page_test_flag(head, PG_unevictable))
		return LRU_UNEVICTABLE;
	return (file ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON) +
	       (page_test_flag(head, PG_active) ? 1 : 0);
}

static void lru_add(struct mc_machine *m, struct page *head, int lru)
{
	struct pglist_data *pgdat = page_zone(m, head)->zone_pgdat;

	ilist_add(m, page_idx(m, head), pgdat->lru_lists[lru]);
	pgdat->lru_pages[lru] += folio_nr_pages_of(head);
}

static void lru_del(struct mc_machine *m, struct page *head, int lru)
{
	struct pglist_data *pgdat = page_zone(m, head)->zone_pgdat;

	ilist_del(m, page_idx(m, head));
	pgdat->lru_pages[lru] -= folio_nr_pages_of(head);
}

void page_stat_account(struct mc_machine *m, struct page *head, long sign)
{
	int lru = lru_list_of(head);

	__page_stat_account(m, head, sign);
	if (lru < 0)
		return;
	if (sign > 0)
		lru_add(m, head, lru);
	else
		lru_del(m, head, lru);
}

void page_lru_update(struct mc_machine *m, struct page *head, int old_list)
{
	int lru = lru_list_of(head);

	if (lru == old_list)
		return;
	if (old_list >= 0)
		lru_del(m, head, old_list);
	if (lru >= 0)
		lru_add(m, head, lru);
}
