// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmstat.c - counters and the fragmentation measures of mm/vmstat.c.
 */
#include "mm/internal.h"

unsigned long global_zone_page_state(const struct mc_machine *m,
				     enum zone_stat_item item)
{
	long x = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			x += m->node_data[nid]->node_zones[z].vm_stat[item];
	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long global_node_page_state(const struct mc_machine *m,
				     enum node_stat_item item)
{
	long x = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		x += m->node_data[nid]->vm_stat[item];
	return x < 0 ? 0 : (unsigned long)x;
}

/*
 * fill_contig_page_info - free pages, free blocks, and the number of
 * blocks of at least @suitable_order (counted in units of that order).
 */
void fill_contig_page_info(struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info)
{
	const struct mc_machine *m = zone->m;

	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		unsigned long blocks = zone->free_area[order].nr_free;

		info->free_blocks_total += blocks;
		info->free_pages += blocks << order;
		if (order >= suitable_order)
			info->free_blocks_suitable +=
				blocks << (order - suitable_order);
	}
}

/*
 * __fragmentation_index - towards 0: an allocation of @order would fail
 * for lack of memory; towards 1000: it fails because of external
 * fragmentation; -1000: it would succeed if watermarks allowed.
 */
int __fragmentation_index(unsigned int order, struct contig_page_info *info)
{
	unsigned long requested = 1UL << order;

	if (order > MAX_PAGE_ORDER_LIMIT)
		return 0;
	if (!info->free_blocks_total)
		return 0;
	/* Fragmentation index only makes sense when a request would fail. */
	if (info->free_blocks_suitable)
		return -1000;
	return (int)(1000 - ((1000 + (info->free_pages * 1000 / requested)) /
			     info->free_blocks_total));
}

int fragmentation_index(struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	return __fragmentation_index(order, &info);
}

/* Percent of free memory in blocks smaller than @order (proactive score). */
unsigned int extfrag_for_order(struct zone *zone, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(zone, order, &info);
	if (info.free_pages == 0)
		return 0;
	return (unsigned int)((info.free_pages -
			       (info.free_blocks_suitable << order)) * 100 /
			      info.free_pages);
}
