// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmscan.c - the reclaim model and kswapd (mm/vmscan.c).
 *
 * Issue 2 provides the entry points the allocator's slow path calls, with
 * the kernel's definitions where they do not depend on a reclaim model:
 * zone_reclaimable_pages() is exact; try_to_free_pages() reclaims nothing
 * and wakeup_kswapd() records the request, until the reclaim model and
 * the kswapd daemon exist (issue 4).
 */
#include "mm/internal.h"

/*
 * Pages reclaim could free in @zone: the file LRU, plus the anon LRU when
 * swap exists (the model has no swap yet).  With nothing reclaimable the
 * free pages count, so that zones with enough free memory are not
 * skipped (6.12.9).
 */
unsigned long zone_reclaimable_pages(struct zone *zone)
{
	unsigned long nr;

	nr = zone_page_state(zone, NR_ZONE_INACTIVE_FILE) +
	     zone_page_state(zone, NR_ZONE_ACTIVE_FILE);
	if (nr == 0)
		nr = zone_page_state(zone, NR_FREE_PAGES);
	return nr;
}

unsigned long try_to_free_pages(struct mc_machine *m, struct zonelist *zl,
				int order, gfp_t gfp_mask, int nid)
{
	(void)m;
	(void)zl;
	(void)order;
	(void)gfp_mask;
	(void)nid;
	return 0;
}

/*
 * wakeup_kswapd - raise the node's kswapd order and zone index for the
 * request (the daemon itself arrives with the reclaim model).
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order,
		   enum zone_type highest_zoneidx)
{
	struct pglist_data *pgdat = zone->zone_pgdat;

	(void)gfp_flags;
	if (!managed_zone(zone))
		return;
	if (pgdat->kswapd_highest_zoneidx < highest_zoneidx)
		pgdat->kswapd_highest_zoneidx = highest_zoneidx;
	if (pgdat->kswapd_order < order)
		pgdat->kswapd_order = order;
}

/* kswapd: the daemon arrives with the reclaim model (stubs until then). */
void kswapd_init_node(struct pglist_data *pgdat)
{
	pgdat->kswapd_waiting = true;
}

void kswapd_event(struct pglist_data *pgdat, uint64_t gen)
{
	(void)pgdat;
	(void)gen;
}

void writeback_event(struct mc_machine *m, int arg)
{
	(void)m;
	(void)arg;
}
