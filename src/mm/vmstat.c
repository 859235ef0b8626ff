// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmstat.c - counters, the fragmentation measures of mm/vmstat.c, and the
 * text files built from them: /proc/buddyinfo, /proc/pagetypeinfo,
 * /proc/zoneinfo, /proc/vmstat and debugfs extfrag/{extfrag_index,
 * unusable_index}, byte for byte in Linux 6.12's formats (Debian's amd64
 * config; a CMA row, column and counters only on machines with CMA).
 */
#include "mm/internal.h"
#include "util/strbuf.h"

#include <errno.h>
#include <string.h>

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

	/* WARN_ON_ONCE(order > MAX_PAGE_ORDER) in the kernel: 0.  (The
	 * bound inside __fragmentation_index is that of the largest
	 * configuration; this one is the machine's.) */
	if (order > zone->m->max_page_order)
		return 0;

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

/* ======================================================================== *
 * The text files.
 *
 * Each renderer builds the whole file in a strbuf (our seq_file) and hands
 * it to the caller's write function once.  The format strings are the
 * kernel's (they are the interface); the walks around them follow
 * mm/vmstat.c's seq_file iterators:
 *  - every node is online in the model, so the node walk is 0..nr_node_ids;
 *  - zones are visited in index order, with the zone lock held around each
 *    zone's lines, as walk_zones_in_node() does unless told not to;
 *  - "populated" means present_pages != 0 (populated_zone()), and a node
 *    "has memory" (N_MEMORY) when its present pages are not zero.
 */

/* migratetype_names[] of this config, by the model's internal numbering. */
static const char *const migratetype_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE]	= "Unmovable",
	[MIGRATE_MOVABLE]	= "Movable",
	[MIGRATE_RECLAIMABLE]	= "Reclaimable",
	[MIGRATE_HIGHATOMIC]	= "HighAtomic",
	[MIGRATE_CMA]		= "CMA",
	[MIGRATE_ISOLATE]	= "Isolate",
};

/* Without CONFIG_CMA the kernel has no MIGRATE_CMA row or column. */
static bool migratetype_shown(const struct mc_machine *m, int mt)
{
	return mt != MIGRATE_CMA || m->cma;
}

static bool node_has_memory(const struct pglist_data *pgdat)
{
	return pgdat->node_present_pages != 0;
}

typedef void (*zone_print_fn)(struct strbuf *sb, struct pglist_data *pgdat,
			      struct zone *zone);

/* walk_zones_in_node(): every zone of @pgdat, or only the populated ones. */
static void for_each_zone_print(struct strbuf *sb, struct pglist_data *pgdat,
				bool populated_only, zone_print_fn print)
{
	struct zone *zone;

	for_each_zone_in_node(pgdat, zone) {
		if (populated_only && !populated_zone(zone))
			continue;
		zone_lock(zone);
		print(sb, pgdat, zone);
		zone_unlock(zone);
	}
}

/* ---- /proc/buddyinfo ---------------------------------------------------- */

static void buddyinfo_zone(struct strbuf *sb, struct pglist_data *pgdat,
			   struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;

	sb_printf(sb, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (unsigned int order = 0; order < m->nr_page_orders; order++)
		sb_printf(sb, "%6lu ", zone->free_area[order].nr_free);
	sb_putc(sb, '\n');
}

static void render_buddyinfo(struct mc_machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for_each_zone_print(sb, m->node_data[nid], true,
				    buddyinfo_zone);
}

/* ---- /proc/pagetypeinfo ------------------------------------------------- */

/*
 * The kernel counts a free list by walking it and stops at 100000 entries
 * (a long walk under the zone lock would trip the lockup detector); when
 * it stops it prints ">" before the count.  Stopping happens as the
 * 100000th entry is counted, so a list of exactly 100000 blocks already
 * shows ">100000".  We keep the list lengths, so the cap is applied to
 * the length instead of a walk; the checker keeps nr_list equal to a walk.
 */
#define PAGETYPE_COUNT_CAP 100000UL

static void pagetypeinfo_free_zone(struct strbuf *sb,
				   struct pglist_data *pgdat,
				   struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		if (!migratetype_shown(m, mt))
			continue;
		sb_printf(sb, "Node %4d, zone %8s, type %12s ",
			  pgdat->node_id, zone->name, migratetype_names[mt]);
		for (unsigned int order = 0; order < m->nr_page_orders;
		     order++) {
			unsigned long n = zone->free_area[order].nr_list[mt];
			bool capped = n >= PAGETYPE_COUNT_CAP;

			sb_printf(sb, "%s%6lu ", capped ? ">" : "",
				  capped ? PAGETYPE_COUNT_CAP : n);
		}
		sb_putc(sb, '\n');
	}
}

/*
 * Pageblocks of each migratetype.  Like the kernel we step from
 * zone_start_pfn (not from an aligned pfn) by pageblock_nr_pages and
 * classify the pageblock each step lands in.  The kernel skips steps whose
 * pfn_to_online_page() is NULL, which is decided per memory section
 * (128 MiB on x86_64); the model has no sections and skips steps that land
 * on a hole pfn instead, at pfn granularity.  Steps landing in a pageblock
 * of another zone (zones that share a pageblock, or interleave across
 * nodes) are skipped as in the kernel.
 */
static void pagetypeinfo_blocks_zone(struct strbuf *sb,
				     struct pglist_data *pgdat,
				     struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;
	unsigned long count[MIGRATE_TYPES] = { 0 };
	unsigned long end = zone_end_pfn(zone);

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end;
	     pfn += m->pageblock_nr_pages) {
		int mt;

		if (!pfn_valid(m, pfn) || pfn_zone(m, pfn) != zone)
			continue;
		mt = get_pfnblock_migratetype(m, pfn);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
	sb_printf(sb, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (migratetype_shown(m, mt))
			sb_printf(sb, "%12lu ", count[mt]);
	sb_putc(sb, '\n');
}

static void render_pagetypeinfo(struct mc_machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		if (!node_has_memory(pgdat))
			continue;
		sb_printf(sb, "Page block order: %d\n",
			  (int)m->pageblock_order);
		sb_printf(sb, "Pages per block:  %lu\n",
			  m->pageblock_nr_pages);
		sb_putc(sb, '\n');

		sb_printf(sb, "%-43s ",
			  "Free pages count per migrate type at order");
		for (unsigned int order = 0; order < m->nr_page_orders;
		     order++)
			sb_printf(sb, "%6d ", (int)order);
		sb_putc(sb, '\n');
		for_each_zone_print(sb, pgdat, true, pagetypeinfo_free_zone);

		sb_printf(sb, "\n%-23s", "Number of blocks type ");
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (migratetype_shown(m, mt))
				sb_printf(sb, "%12s ", migratetype_names[mt]);
		sb_putc(sb, '\n');
		for_each_zone_print(sb, pgdat, true, pagetypeinfo_blocks_zone);
		/* "Number of mixed blocks" needs CONFIG_PAGE_OWNER: off. */
	}
}

/* ---- the counters' names and values ------------------------------------- */

struct vmstat_item {
	const char *name;
	unsigned int flags;	/* VMS_* */
};

#define MC_VMSTAT_NAME_(e, s, f) { s, f },
/* vmstat_text[]: zone items, NUMA events, node items, vm_stat, events. */
static const struct vmstat_item vmstat_items[] = {
	ZONE_STAT_ITEMS(MC_VMSTAT_NAME_)
	NUMA_STAT_ITEMS(MC_VMSTAT_NAME_)
	NODE_STAT_ITEMS(MC_VMSTAT_NAME_)
	VM_STAT_ITEMS(MC_VMSTAT_NAME_)
	VM_EVENT_ITEMS(MC_VMSTAT_NAME_)
};
#undef MC_VMSTAT_NAME_

#define VMSTAT_NUMA_BASE	NR_VM_ZONE_STAT_ITEMS
#define VMSTAT_NODE_BASE	(VMSTAT_NUMA_BASE + NR_VM_NUMA_EVENT_ITEMS)
#define VMSTAT_VM_BASE		(VMSTAT_NODE_BASE + NR_VM_NODE_STAT_ITEMS)
#define VMSTAT_EVENT_BASE	(VMSTAT_VM_BASE + NR_VM_STAT_ITEMS)
#define NR_VMSTAT_ITEMS		(VMSTAT_EVENT_BASE + NR_VM_EVENT_ITEMS)

_Static_assert(ARRAY_SIZE(vmstat_items) == NR_VMSTAT_ITEMS,
	       "vmstat_items must list every counter once");

static const char *zone_stat_name(int i)
{
	return vmstat_items[i].name;
}

static const char *numa_stat_name(int i)
{
	return vmstat_items[VMSTAT_NUMA_BASE + i].name;
}

static const char *node_stat_name(int i)
{
	return vmstat_items[VMSTAT_NODE_BASE + i].name;
}

static bool vmstat_item_shown(const struct mc_machine *m, unsigned int idx)
{
	return !(vmstat_items[idx].flags & VMS_CMA) || m->cma;
}

/*
 * The THP-sized node counters are kept in pages and printed in units of
 * HPAGE_PMD_NR pages (vmstat_item_print_in_thp(), THP is on in Debian).
 * The slab "_B" items need nothing: the kernel keeps them in pages and
 * prints pages, as we do; nr_kernel_stack is kept and printed in KiB.
 */
static bool node_item_in_thp(int item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS ||
	       item == NR_SHMEM_THPS || item == NR_SHMEM_PMDMAPPED ||
	       item == NR_FILE_PMDMAPPED;
}

static unsigned long node_item_printed(const struct mc_machine *m, int item,
				       unsigned long pages)
{
	return node_item_in_thp(item) ? pages >> m->hpage_pmd_order : pages;
}

static unsigned long zone_numa_event_state(const struct zone *zone, int item)
{
	return zone->vm_numa_event[item];
}

static unsigned long global_numa_event_state(const struct mc_machine *m,
					     int item)
{
	unsigned long x = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			x += zone_numa_event_state(
				&m->node_data[nid]->node_zones[z], item);
	return x;
}

/*
 * The dirty thresholds of mm/page-writeback.c (global_dirty_limits()).
 * Dirtyable memory is free pages less the reserves the allocator keeps
 * (totalreserve_pages: high watermarks plus lowmem_reserve), plus the file
 * LRU pages, plus one so that it is never zero; there is no highmem on
 * 64-bit.  The ratios are turned into parts per PAGE_SIZE before use, as
 * the kernel does for precision, which makes the result depend on the
 * page size (vm.dirty_ratio and vm.dirty_background_ratio are read from
 * the tunables).  The byte variants (vm.dirty_bytes, dirty_background_bytes)
 * are 0 and the reading task is not real-time, so neither the byte limits
 * nor the real-time boost apply.
 */
static void global_dirty_limits(const struct mc_machine *m,
				unsigned long *background, unsigned long *dirty)
{
	unsigned long page_size = 1UL << m->page_shift;
	unsigned long avail = global_zone_page_state(m, NR_FREE_PAGES);
	unsigned long ratio = (unsigned long)m->sysctl.dirty_ratio *
			      page_size / 100;
	unsigned long bg_ratio = (unsigned long)m->sysctl.dirty_background_ratio *
				 page_size / 100;
	unsigned long thresh, bg_thresh;

	avail -= min(avail, m->totalreserve_pages);
	avail += global_node_page_state(m, NR_INACTIVE_FILE);
	avail += global_node_page_state(m, NR_ACTIVE_FILE);
	avail += 1;

	thresh = ratio * avail / page_size;
	bg_thresh = bg_ratio * avail / page_size;
	/* Dirty throttling keeps page counts in 32 bits. */
	if (thresh > UINT_MAX)
		thresh = UINT_MAX;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*background = bg_thresh;
	*dirty = thresh;
}

/*
 * nr_memmap_boot_pages: the pages holding struct pages that were set up at
 * boot.  Debian's kernels use SPARSEMEM_VMEMMAP: sparse_init() maps a
 * whole section's memmap (PAGES_PER_SECTION * sizeof(struct page), the
 * kernel's struct page being 64 bytes) for every section that has any
 * present memory, and counts it in pages.  Sections are 2^27 bytes
 * (128 MiB) on x86_64 and on arm64 with 4K or 16K pages, 2^29 (512 MiB)
 * on arm64 with 64K pages.  Our own, smaller memmap (struct page of 16
 * bytes) is not what is reported: the file describes the kernel.
 * nr_memmap_pages counts memmap allocated after boot (memory hotplug,
 * HugeTLB vmemmap restore), which the model never does: 0.
 * A value set in m->vm_stat[] (by a boot step or a future hotplug model)
 * takes precedence over the computed one.
 */
#define KERNEL_STRUCT_PAGE_SIZE	64UL

static unsigned int section_size_bits(const struct mc_machine *m)
{
	if (!strcmp(m->desc.arch, "arm64") && m->page_shift == 16)
		return 29;
	return 27;
}

static bool section_has_present_pfn(const struct mc_machine *m,
				    unsigned long start, unsigned long end)
{
	unsigned long pfn = max(start, m->base_pfn);

	end = min(end, m->end_pfn);
	while (pfn < end) {
		/* No zone spans the pageblock: all of it is a hole. */
		if (m->pageblock_zone[pfn_to_pageblock(m, pfn)] ==
		    PAGEBLOCK_ZONE_NONE) {
			pfn = pageblock_end_pfn(m, pfn);
			continue;
		}
		if (page_state(pfn_to_page(m, pfn)) != PS_HOLE)
			return true;
		pfn++;
	}
	return false;
}

static unsigned long memmap_boot_pages(const struct mc_machine *m)
{
	unsigned int shift = section_size_bits(m) - m->page_shift;
	unsigned long per_section = 1UL << shift;
	unsigned long page_size = 1UL << m->page_shift;
	unsigned long memmap_pages = (per_section * KERNEL_STRUCT_PAGE_SIZE +
				      page_size - 1) / page_size;
	unsigned long pages = 0;

	if (m->vm_stat[NR_MEMMAP_BOOT_PAGES])
		return (unsigned long)m->vm_stat[NR_MEMMAP_BOOT_PAGES];
	for (unsigned long s = ALIGN_DOWN(m->base_pfn, per_section);
	     s < m->end_pfn; s += per_section)
		if (section_has_present_pfn(m, s, s + per_section))
			pages += memmap_pages;
	return pages;
}

static unsigned long vm_stat_value(const struct mc_machine *m, int item)
{
	unsigned long bg, dirty;

	switch (item) {
	case NR_DIRTY_THRESHOLD:
	case NR_DIRTY_BG_THRESHOLD:
		global_dirty_limits(m, &bg, &dirty);
		return item == NR_DIRTY_THRESHOLD ? dirty : bg;
	case NR_MEMMAP_BOOT_PAGES:
		return memmap_boot_pages(m);
	default:
		return m->vm_stat[item] < 0 ? 0 :
					      (unsigned long)m->vm_stat[item];
	}
}

static unsigned long vm_event_value(const struct mc_machine *m, int item)
{
	unsigned long v = m->vm_events[item];

	/* Block I/O counts 512-byte sectors; the file shows KiB. */
	if (item == PGPGIN || item == PGPGOUT)
		v /= 2;
	return v;
}

/* The /proc/vmstat value of counter @idx (an index into vmstat_items). */
static unsigned long vmstat_value(const struct mc_machine *m,
				  unsigned int idx)
{
	if (idx < VMSTAT_NUMA_BASE)
		return global_zone_page_state(m, (enum zone_stat_item)idx);
	if (idx < VMSTAT_NODE_BASE)
		return global_numa_event_state(m, (int)(idx -
							VMSTAT_NUMA_BASE));
	if (idx < VMSTAT_VM_BASE) {
		int item = (int)(idx - VMSTAT_NODE_BASE);

		return node_item_printed(m, item, global_node_page_state(m,
					 (enum node_stat_item)item));
	}
	if (idx < VMSTAT_EVENT_BASE)
		return vm_stat_value(m, (int)(idx - VMSTAT_VM_BASE));
	return vm_event_value(m, (int)(idx - VMSTAT_EVENT_BASE));
}

/* ---- /proc/vmstat ------------------------------------------------------- */

static void render_vmstat(struct mc_machine *m, struct strbuf *sb)
{
	unsigned long bg, dirty;

	/* One reading of the dirty limits for both lines, as vmstat_start. */
	global_dirty_limits(m, &bg, &dirty);
	for (unsigned int i = 0; i < NR_VMSTAT_ITEMS; i++) {
		unsigned long v;

		if (!vmstat_item_shown(m, i))
			continue;
		if (i == VMSTAT_VM_BASE + NR_DIRTY_THRESHOLD)
			v = dirty;
		else if (i == VMSTAT_VM_BASE + NR_DIRTY_BG_THRESHOLD)
			v = bg;
		else
			v = vmstat_value(m, i);
		sb_printf(sb, "%s %lu\n", vmstat_items[i].name, v);
	}
	/* Deprecated counters kept for userspace that expects them. */
	sb_puts(sb, "nr_unstable 0\n");
}

int unlocked_mc_vmstat_get(struct mc_machine *m, const char *name, uint64_t *value)
{
	if (!m || !name || !value)
		return -EINVAL;
	for (unsigned int i = 0; i < NR_VMSTAT_ITEMS; i++) {
		if (strcmp(vmstat_items[i].name, name))
			continue;
		if (!vmstat_item_shown(m, i))
			return -ENOENT;
		*value = vmstat_value(m, i);
		return 0;
	}
	if (!strcmp(name, "nr_unstable")) {
		*value = 0;
		return 0;
	}
	return -ENOENT;
}

/* ---- /proc/zoneinfo ----------------------------------------------------- */

static unsigned int fls_ul(unsigned long x)
{
	return x ? (unsigned int)(64 - __builtin_clzl(x)) : 0;
}

/*
 * The per-cpu counter threshold of calculate_normal_threshold(): it grows
 * logarithmically with the CPUs online and with the zone's managed memory
 * in 128 MiB units, and is capped at 125.  It is recomputed with all CPUs
 * online and after the buddy allocator has all its pages (the
 * init_per_zone_wmark_min initcall), so the final values apply.  The
 * kernel swaps in a smaller "pressure" threshold while kswapd balances a
 * node; the model always shows the normal one.
 */
static int zone_stat_threshold(const struct zone *zone)
{
	const struct mc_machine *m = zone->m;
	unsigned long mem = zone->managed_pages >> (27 - m->page_shift);
	int threshold = 2 * (int)fls_ul((unsigned long)m->nr_cpu_ids) *
			(1 + (int)fls_ul(mem));

	return min(threshold, 125);
}

static bool zone_is_first_populated(const struct pglist_data *pgdat,
				    const struct zone *zone)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			return zone == &pgdat->node_zones[z];
	return false;
}

static void zoneinfo_zone(struct strbuf *sb, struct pglist_data *pgdat,
			  struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;
	int threshold;

	sb_printf(sb, "Node %d, zone %8s", pgdat->node_id, zone->name);
	/* The node's counters go with its first populated zone. */
	if (zone_is_first_populated(pgdat, zone)) {
		sb_puts(sb, "\n  per-node stats");
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
			sb_printf(sb, "\n      %-12s %lu", node_stat_name(i),
				  node_item_printed(m, i, node_page_state(
					pgdat, (enum node_stat_item)i)));
	}
	sb_printf(sb, "\n  pages free     %lu",
		  zone_page_state(zone, NR_FREE_PAGES));
	sb_printf(sb, "\n        boost    %lu", zone->watermark_boost);
	sb_printf(sb, "\n        min      %lu", min_wmark_pages(zone));
	sb_printf(sb, "\n        low      %lu", low_wmark_pages(zone));
	sb_printf(sb, "\n        high     %lu", high_wmark_pages(zone));
	sb_printf(sb, "\n        promo    %lu", promo_wmark_pages(zone));
	sb_printf(sb, "\n        spanned  %lu", zone->spanned_pages);
	sb_printf(sb, "\n        present  %lu", zone->present_pages);
	sb_printf(sb, "\n        managed  %lu", zone->managed_pages);
	sb_printf(sb, "\n        cma      %lu", m->cma ? zone->cma_pages : 0);
	sb_puts(sb, "\n        protection: (");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		sb_printf(sb, i ? ", %ld" : "%ld", zone->lowmem_reserve[i]);
	sb_putc(sb, ')');

	/* Nothing else means anything for a zone without memory. */
	if (!populated_zone(zone)) {
		sb_putc(sb, '\n');
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		sb_printf(sb, "\n      %-12s %lu", zone_stat_name(i),
			  zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		sb_printf(sb, "\n      %-12s %lu", numa_stat_name(i),
			  zone_numa_event_state(zone, i));

	sb_puts(sb, "\n  pagesets");
	threshold = zone_stat_threshold(zone);
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		sb_printf(sb, "\n    cpu: %i", cpu);
		sb_printf(sb, "\n              count: %i", pcp->count);
		sb_printf(sb, "\n              high:  %i", pcp->high);
		sb_printf(sb, "\n              batch: %i", pcp->batch);
		sb_printf(sb, "\n  vm stats threshold: %d", threshold);
	}
	sb_printf(sb, "\n  node_unreclaimable:  %u",
		  (unsigned int)(pgdat->kswapd_failures >=
				 MAX_RECLAIM_RETRIES));
	sb_printf(sb, "\n  start_pfn:           %lu", zone->zone_start_pfn);
	sb_putc(sb, '\n');
}

/* All zones, populated or not: lowmem_reserve_ratio applies to them all
 * and userspace could not see its effect otherwise. */
static void render_zoneinfo(struct mc_machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for_each_zone_print(sb, m->node_data[nid], false,
				    zoneinfo_zone);
}

/* ---- debugfs extfrag/ --------------------------------------------------- */

/*
 * The share of free memory, in thousandths, that sits in blocks too small
 * for @order; all of it (1000) when nothing is free.
 */
static int unusable_free_index(unsigned int order,
			       const struct contig_page_info *info)
{
	unsigned long usable;

	if (!info->free_pages)
		return 1000;
	usable = info->free_blocks_suitable << order;
	return (int)((info->free_pages - usable) * 1000ULL /
		     info->free_pages);
}

int unlocked_mc_zone_fragmentation(struct mc_machine *m, int nid,
				   enum mc_zone_type zt, unsigned order,
				   int *index, int *unusable)
{
	struct contig_page_info info;
	struct zone *zone;

	if (!m || nid < 0 || nid >= m->nr_node_ids ||
	    (unsigned int)zt >= MAX_NR_ZONES || order > m->max_page_order)
		return -EINVAL;
	zone = &m->node_data[nid]->node_zones[zt];
	if (index)
		*index = fragmentation_index(zone, order);
	if (unusable) {
		fill_contig_page_info(zone, order, &info);
		*unusable = unusable_free_index(order, &info);
	}
	return 0;
}

/*
 * Both files print thousandths as "whole.fraction" with C's truncating
 * division, so -1000 prints "-1.000" and a value in (-1000, 0) prints its
 * sign in the fraction (-500 -> " 0.-500"), exactly as the kernel's
 * "%2d.%03d" does.
 */
static void unusable_zone(struct strbuf *sb, struct pglist_data *pgdat,
			  struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;
	struct contig_page_info info;

	sb_printf(sb, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		int index;

		fill_contig_page_info(zone, order, &info);
		index = unusable_free_index(order, &info);
		sb_printf(sb, "%d.%03d ", index / 1000, index % 1000);
	}
	sb_putc(sb, '\n');
}

static void extfrag_zone(struct strbuf *sb, struct pglist_data *pgdat,
			 struct zone *zone)
{
	const struct mc_machine *m = pgdat->m;
	struct contig_page_info info;

	sb_printf(sb, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (unsigned int order = 0; order < m->nr_page_orders; order++) {
		int index;

		fill_contig_page_info(zone, order, &info);
		index = __fragmentation_index(order, &info);
		sb_printf(sb, "%2d.%03d ", index / 1000, index % 1000);
	}
	sb_putc(sb, '\n');
}

static void render_unusable_index(struct mc_machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		if (node_has_memory(pgdat))
			for_each_zone_print(sb, pgdat, true, unusable_zone);
	}
}

static void render_extfrag_index(struct mc_machine *m, struct strbuf *sb)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for_each_zone_print(sb, m->node_data[nid], true,
				    extfrag_zone);
}

/* ---- the public entry points -------------------------------------------- */

static const struct {
	const char *name;
	void (*render)(struct mc_machine *m, struct strbuf *sb);
} proc_files[MC_PROC_NR_FILES] = {
	[MC_PROC_BUDDYINFO]	= { "buddyinfo", render_buddyinfo },
	[MC_PROC_PAGETYPEINFO]	= { "pagetypeinfo", render_pagetypeinfo },
	[MC_PROC_ZONEINFO]	= { "zoneinfo", render_zoneinfo },
	[MC_PROC_VMSTAT]	= { "vmstat", render_vmstat },
	/* These two live in debugfs: relative to /sys/kernel/debug. */
	[MC_PROC_EXTFRAG_INDEX]	= { "extfrag/extfrag_index",
				    render_extfrag_index },
	[MC_PROC_UNUSABLE_INDEX] = { "extfrag/unusable_index",
				     render_unusable_index },
};

/**
 * mc_proc_name() - where @f lives: relative to /proc for the first four
 * files, to the debugfs mount (/sys/kernel/debug) for the extfrag/ pair.
 * NULL for an unknown @f.
 */
const char *mc_proc_name(enum mc_proc_file f)
{
	if ((unsigned int)f >= MC_PROC_NR_FILES)
		return NULL;
	return proc_files[f].name;
}

/**
 * mc_proc_render() - render @f and pass the whole text to @fn in one call
 * (nothing is passed on error).  Returns 0, -EINVAL for a bad file or a
 * NULL argument, -ENOMEM when the text could not be built.
 */
int unlocked_mc_proc_render(struct mc_machine *m, enum mc_proc_file f, mc_write_fn fn,
		   void *ctx)
{
	struct strbuf sb;

	if (!m || !fn || (unsigned int)f >= MC_PROC_NR_FILES)
		return -EINVAL;
	sb_init(&sb);
	proc_files[f].render(m, &sb);
	if (sb_failed(&sb)) {
		sb_free(&sb);
		return -ENOMEM;
	}
	fn(ctx, sb.buf ? sb.buf : "", sb.len);
	sb_free(&sb);
	return 0;
}

/*
 * The vmstat worker (vmstat_update via vmstat_shepherd), every
 * vm.stat_interval: on each CPU, decay the pcp high of every populated
 * zone and free what is above it (decay_pcp_high); a remote node's pcp
 * list gets one batch drained after three intervals without activity
 * (pcp->expire, set to 3 by pcp activity, where the kernel sets it when
 * the CPU's counters of the zone changed).  The kernel runs the worker
 * only for CPUs whose counters changed; the model runs it for every CPU,
 * which differs only in when idle CPUs' lists are trimmed.
 */
void vmstat_shepherd_event(struct mc_machine *m)
{
	struct task_scope ts;
	long interval = m->sysctl.stat_interval > 0 ? m->sysctl.stat_interval :
						       HZ;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		task_enter(m, &ts, cpu);
		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			struct zone *zone;

			for_each_zone_in_node(m->node_data[nid], zone) {
				struct per_cpu_pages *pcp =
					&zone->per_cpu_pageset[cpu];

				if (!populated_zone(zone))
					continue;
				decay_pcp_high(zone, pcp);
				if (!pcp->expire || !pcp->count)
					continue;
				/* Never drain zones local to this CPU. */
				if (nid == m->cpu_to_node[cpu]) {
					pcp->expire = 0;
					continue;
				}
				if (--pcp->expire)
					continue;
				drain_zone_pages(zone, pcp);
			}
		}
		task_leave(&ts);
	}
	timer_schedule(m, timer_expiry(m, interval), EV_VMSTAT, 0, 0);
}

/* ---- names for snapshot import (import.c) -------------------------------- */

/*
 * vmstat_lookup - which counter a /proc/vmstat or zoneinfo name is: its
 * class and index within the class.  -ENOENT for a name this kernel does
 * not have (a newer kernel's counter).
 */
int vmstat_lookup(const char *name, size_t len, int *cls, int *idx)
{
	for (unsigned int i = 0; i < NR_VMSTAT_ITEMS; i++) {
		const char *n = vmstat_items[i].name;

		if (strlen(n) != len || memcmp(n, name, len))
			continue;
		if (i < VMSTAT_NUMA_BASE) {
			*cls = VMSTAT_CLASS_ZONE;
			*idx = (int)i;
		} else if (i < VMSTAT_NODE_BASE) {
			*cls = VMSTAT_CLASS_NUMA;
			*idx = (int)(i - VMSTAT_NUMA_BASE);
		} else if (i < VMSTAT_VM_BASE) {
			*cls = VMSTAT_CLASS_NODE;
			*idx = (int)(i - VMSTAT_NODE_BASE);
		} else if (i < VMSTAT_EVENT_BASE) {
			*cls = VMSTAT_CLASS_VM;
			*idx = (int)(i - VMSTAT_VM_BASE);
		} else {
			*cls = VMSTAT_CLASS_EVENT;
			*idx = (int)(i - VMSTAT_EVENT_BASE);
		}
		return 0;
	}
	return -ENOENT;
}

bool vmstat_node_item_in_thp(int item)
{
	return node_item_in_thp(item);
}

const char *vmstat_migratetype_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

const char *vmstat_node_item_name(int item)
{
	return node_stat_name(item);
}
