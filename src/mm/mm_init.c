// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm_init.c - creating a machine: the boot sequence of mm/mm_init.c and
 * the initcalls of mm/page_alloc.c, in the kernel's order.
 *
 *  1. memmap: every pfn of the machine's span gets a struct page; pfns in
 *     holes are PS_HOLE, memblock-reserved pfns PS_RESERVED, the rest free.
 *     Pageblocks whose first pfn is present start as MIGRATE_MOVABLE
 *     (memmap_init_range); the others keep 0 (MIGRATE_UNMOVABLE), as a
 *     pageblock that starts in a hole does in the kernel.
 *  2. zones and per-cpu pagesets (boot pagesets: high 0, batch 1).
 *  3. build_all_zonelists, which also decides
 *     page_group_by_mobility_disabled.
 *  4. memblock_free_all: free ranges are handed to the buddy allocator in
 *     address order, in naturally aligned chunks of up to MAX_PAGE_ORDER,
 *     to the tail of the free lists (__free_pages_core, FPI_TO_TAIL).
 *  5. init_per_zone_wmark_min: min_free_kbytes, watermarks, pcp high and
 *     batch, lowmem_reserve.
 *  6. khugepaged start: set_recommended_min_free_kbytes (THP enabled).
 *
 * What we leave out and why: deferred struct page initialisation (it
 * changes only the order in which high memory reaches the free lists at
 * boot), memory hotplug, unaccepted memory, page shuffling (off by
 * default).
 */
#include "mm/api_lock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

_Thread_local struct task_struct *current;

static const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* ---- present and reserved ranges ---------------------------------------- */

struct pfn_ranges {
	struct mc_pfn_range r[MAX_NR_ZONES * (MC_MAX_RANGES + 1) + 1];
	int n;
};

static int range_cmp(const void *a, const void *b)
{
	const struct mc_pfn_range *x = a, *y = b;

	return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

/*
 * The present ranges of one zone: its span minus holes.  When the
 * description gives no explicit holes, the spanned - present pages are
 * placed at the end of the zone (documented default).
 */
static void zone_present_ranges(const struct mc_node_desc *nd, int zid,
				struct pfn_ranges *out)
{
	const struct mc_zone_desc *zd = &nd->zones[zid];
	unsigned long start = zd->start_pfn, end = start + zd->spanned;
	unsigned long pos = start;
	struct mc_pfn_range holes[MC_MAX_RANGES];
	unsigned int nh = 0, i;

	out->n = 0;
	if (!zd->present)
		return;
	if (!nd->nr_holes) {
		out->r[out->n++] = (struct mc_pfn_range){ start,
							  start + zd->present };
		return;
	}
	for (i = 0; i < nd->nr_holes; i++) {
		unsigned long hs = max(nd->holes[i].start_pfn, start);
		unsigned long he = min(nd->holes[i].end_pfn, end);

		if (hs < he)
			holes[nh++] = (struct mc_pfn_range){ hs, he };
	}
	qsort(holes, nh, sizeof(holes[0]), range_cmp);
	for (i = 0; i < nh; i++) {
		if (holes[i].start_pfn > pos)
			out->r[out->n++] = (struct mc_pfn_range){
				pos, holes[i].start_pfn };
		pos = max(pos, (unsigned long)holes[i].end_pfn);
	}
	if (pos < end)
		out->r[out->n++] = (struct mc_pfn_range){ pos, end };
}

/*
 * The reserved ranges of one zone.  Without explicit ranges, the
 * present - managed pages are taken from the start of the zone's present
 * ranges (where firmware and the kernel image usually sit).
 */
static void zone_reserved_ranges(const struct mc_node_desc *nd, int zid,
				 const struct pfn_ranges *present,
				 struct pfn_ranges *out)
{
	const struct mc_zone_desc *zd = &nd->zones[zid];
	unsigned long start = zd->start_pfn, end = start + zd->spanned;
	unsigned long need = zd->present - zd->managed;
	int i;

	out->n = 0;
	if (nd->nr_reserved) {
		for (unsigned int k = 0; k < nd->nr_reserved; k++) {
			unsigned long rs = max(nd->reserved[k].start_pfn, start);
			unsigned long re = min(nd->reserved[k].end_pfn, end);

			if (rs < re)
				out->r[out->n++] = (struct mc_pfn_range){ rs,
									  re };
		}
		qsort(out->r, out->n, sizeof(out->r[0]), range_cmp);
		return;
	}
	for (i = 0; i < present->n && need; i++) {
		unsigned long len = present->r[i].end_pfn -
				    present->r[i].start_pfn;
		unsigned long take = min(len, need);

		out->r[out->n++] = (struct mc_pfn_range){
			present->r[i].start_pfn,
			present->r[i].start_pfn + take };
		need -= take;
	}
}

static void mark_range(struct mc_machine *m, unsigned long start,
		       unsigned long end, enum page_state s)
{
	for (unsigned long pfn = start; pfn < end; pfn++)
		set_page_state(pfn_to_page(m, pfn), s, 0);
}

/* ---- boot-time freeing (mm/memblock.c: __free_pages_memory) -------------- */

static void __free_pages_core(struct mc_machine *m, struct zone *zone,
			      unsigned long pfn, unsigned int order)
{
	zone->managed_pages += 1UL << order;
	/* Bypass the pcp lists and place fresh pages at the tail. */
	free_one_page(zone, pfn_to_page(m, pfn), pfn, order, FPI_TO_TAIL);
}

static void free_pages_memory(struct mc_machine *m, struct zone *zone,
			      unsigned long start, unsigned long end)
{
	unsigned long cs, ce;

	/* CMA areas stay memblock-reserved until cma_init_reserved_areas(). */
	if (cma_reserved_overlap(m, start, end, &cs, &ce)) {
		free_pages_memory(m, zone, start, cs);
		free_pages_memory(m, zone, ce, end);
		return;
	}
	while (start < end) {
		unsigned int order = start ? (unsigned)__builtin_ctzl(start) :
					     m->max_page_order;

		order = min(order, m->max_page_order);
		while (start + (1UL << order) > end)
			order--;
		__free_pages_core(m, zone, start, order);
		start += 1UL << order;
	}
}

/* ---- zonelists (build_all_zonelists) ------------------------------------- */

/* Node distances: the ACPI SLIT defaults, 10 local and 20 remote. */
static int node_distance(int a, int b)
{
	return a == b ? 10 : 20;
}

static bool node_has_cpus(const struct mc_machine *m, int nid)
{
	for (int c = 0; c < m->nr_cpu_ids; c++)
		if (m->cpu_to_node[c] == nid)
			return true;
	return false;
}

static bool node_has_memory(const struct mc_machine *m, int nid)
{
	return m->node_data[nid]->node_present_pages != 0;
}

/* find_next_best_node(): distance, then "prefer the next node", then
 * nodes without CPUs, then the least loaded (node_load persists). */
static int find_next_best_node(struct mc_machine *m, int node, bool *used,
			       int *node_load)
{
	int n, best = -1, min_val = INT_MAX;

	if (!used[node] && node_has_memory(m, node)) {
		used[node] = true;
		return node;
	}
	for (n = 0; n < m->nr_node_ids; n++) {
		int val;

		if (!node_has_memory(m, n) || used[n])
			continue;
		val = node_distance(node, n);
		val += (n < node);
		if (node_has_cpus(m, n))
			val += 1;	/* PENALTY_FOR_NODE_WITH_CPUS */
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best = n;
		}
	}
	if (best >= 0)
		used[best] = true;
	return best;
}

static int build_zonerefs_node(struct pglist_data *pgdat,
			       struct zoneref *zonerefs)
{
	int zt = MAX_NR_ZONES, nr = 0;

	do {
		struct zone *zone = &pgdat->node_zones[--zt];

		if (populated_zone(zone)) {
			zonerefs[nr].zone = zone;
			zonerefs[nr].zone_idx = zt;
			nr++;
		}
	} while (zt);
	return nr;
}

int memcompact_build_zonelists(struct mc_machine *m)
{
	int node_load[MAX_NUMNODES] = { 0 };
	size_t cap = (size_t)m->nr_node_ids * MAX_NR_ZONES + 1;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		bool used[MAX_NUMNODES] = { false };
		int order[MAX_NUMNODES], nr_nodes = 0, node, prev = nid;
		struct zoneref *zr;

		for (int l = 0; l < MAX_ZONELISTS; l++) {
			zr = calloc(cap, sizeof(*zr));
			if (!zr)
				return -ENOMEM;
			pgdat->node_zonelists[l]._zonerefs = zr;
		}
		while ((node = find_next_best_node(m, nid, used,
						   node_load)) >= 0) {
			if (node_distance(nid, node) !=
			    node_distance(nid, prev))
				node_load[node] += 1;
			order[nr_nodes++] = node;
			prev = node;
		}
		zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		for (int i = 0; i < nr_nodes; i++)
			zr += build_zonerefs_node(m->node_data[order[i]], zr);
		zr->zone = NULL;
		zr = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
		zr += build_zonerefs_node(pgdat, zr);
		zr->zone = NULL;
	}
	return 0;
}

/* ---- the machine ---------------------------------------------------------- */

static void zone_init(struct mc_machine *m, struct pglist_data *pgdat,
		      int zid, const struct mc_zone_desc *zd)
{
	struct zone *z = &pgdat->node_zones[zid];

	z->m = m;
	z->zone_pgdat = pgdat;
	z->idx = (enum zone_type)zid;
	z->name = zone_names[zid];
	z->zone_start_pfn = zd->start_pfn;
	z->spanned_pages = zd->spanned;
	z->present_pages = zd->present;
	/* memblock_free_all counts managed pages as it frees them. */
	z->managed_pages = 0;
	pthread_mutex_init(&z->lock, NULL);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS_MAX; o++)
		for (int t = 0; t < MIGRATE_TYPES; t++) {
			z->free_area[o].free_list[t] = m->sentinel_next++;
			ilist_init(m, z->free_area[o].free_list[t]);
		}
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

		pthread_mutex_init(&pcp->lock, NULL);
		for (int i = 0; i < NR_PCP_LISTS; i++) {
			pcp->lists[i] = m->sentinel_next++;
			ilist_init(m, pcp->lists[i]);
		}
		/* The boot pageset: nothing is cached until sizes are set. */
		pcp->high_min = BOOT_PAGESET_HIGH;
		pcp->high_max = BOOT_PAGESET_HIGH;
		pcp->batch = BOOT_PAGESET_BATCH;
	}
}

static unsigned long desc_lowest_pfn(const struct mc_machine_desc *d)
{
	unsigned long lo = ULONG_MAX;

	for (unsigned int n = 0; n < d->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (d->nodes[n].zones[z].spanned)
				lo = min(lo, (unsigned long)
					 d->nodes[n].zones[z].start_pfn);
	return lo;
}

static unsigned long desc_highest_pfn(const struct mc_machine_desc *d)
{
	unsigned long hi = 0;

	for (unsigned int n = 0; n < d->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct mc_zone_desc *zd = &d->nodes[n].zones[z];

			if (zd->spanned)
				hi = max(hi, (unsigned long)(zd->start_pfn +
							     zd->spanned));
		}
	return hi;
}

static void set_pageblock_zones(struct mc_machine *m)
{
	for (unsigned long pb = 0; pb < m->nr_pageblocks; pb++)
		m->pageblock_zone[pb] = PAGEBLOCK_ZONE_NONE;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zone *z;

		for_each_zone_in_node(pgdat, z) {
			unsigned long pb, first, last;
			uint16_t id = (uint16_t)(nid * MAX_NR_ZONES + z->idx);

			if (!z->spanned_pages)
				continue;
			first = pfn_to_pageblock(m, z->zone_start_pfn);
			last = pfn_to_pageblock(m, zone_end_pfn(z) - 1);
			for (pb = first; pb <= last; pb++) {
				uint16_t *e = &m->pageblock_zone[pb];

				if (*e == PAGEBLOCK_ZONE_NONE)
					*e = id;
				else if (*e != id)
					*e = PAGEBLOCK_ZONE_MIXED;
			}
		}
	}
}

/*
 * Mark holes and reserved pfns and hand the free ranges to the buddy
 * allocator, in address order over all nodes (memblock_free_all).
 */
static int init_memmap_and_free(struct mc_machine *m)
{
	struct pfn_ranges present, reserved;
	struct {
		struct mc_pfn_range r;
		struct zone *zone;
	} *freer = NULL;
	size_t nfree = 0, capf = 0;
	unsigned long cursor = m->base_pfn;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		const struct mc_node_desc *nd = &m->desc.nodes[nid];

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &m->node_data[nid]->node_zones[zid];
			unsigned long zs = z->zone_start_pfn;
			unsigned long ze = zone_end_pfn(z);
			int i;

			if (!z->spanned_pages)
				continue;
			zone_present_ranges(nd, zid, &present);
			zone_reserved_ranges(nd, zid, &present, &reserved);
			/* gap before this zone and holes inside it */
			if (cursor < zs)
				mark_range(m, cursor, zs, PS_HOLE);
			cursor = zs;
			for (i = 0; i < present.n; i++) {
				mark_range(m, cursor, present.r[i].start_pfn,
					   PS_HOLE);
				cursor = present.r[i].end_pfn;
			}
			mark_range(m, cursor, ze, PS_HOLE);
			cursor = ze;
			/* memmap_init_range: present pageblock starts are
			 * MOVABLE; the rest keep 0, MIGRATE_UNMOVABLE. */
			for (i = 0; i < present.n; i++) {
				unsigned long pfn = ALIGN(present.r[i].start_pfn,
							  m->pageblock_nr_pages);

				for (; pfn < present.r[i].end_pfn;
				     pfn += m->pageblock_nr_pages)
					m->pageblock_flags[pfn_to_pageblock(m,
						pfn)] = MIGRATE_MOVABLE;
			}
			for (i = 0; i < reserved.n; i++)
				mark_range(m, reserved.r[i].start_pfn,
					   reserved.r[i].end_pfn, PS_RESERVED);
			/* free = present minus reserved */
			for (i = 0; i < present.n; i++) {
				unsigned long s = present.r[i].start_pfn;
				unsigned long e = present.r[i].end_pfn;
				int k;

				for (k = 0; k <= reserved.n; k++) {
					unsigned long rs = k < reserved.n ?
						reserved.r[k].start_pfn : e;
					unsigned long re = k < reserved.n ?
						reserved.r[k].end_pfn : e;
					unsigned long fs = s;
					unsigned long fe = min(rs, e);

					if (re <= s)
						continue;
					if (fs < fe) {
						if (nfree == capf) {
							size_t nc = capf ?
								capf * 2 : 64;
							void *p = realloc(freer,
								nc * sizeof(*freer));

							if (!p) {
								free(freer);
								return -ENOMEM;
							}
							freer = p;
							capf = nc;
						}
						freer[nfree].r = (struct mc_pfn_range){
							fs, fe };
						freer[nfree].zone = z;
						nfree++;
					}
					s = max(s, re);
					if (s >= e)
						break;
				}
			}
		}
	}
	if (cursor < m->end_pfn)
		mark_range(m, cursor, m->end_pfn, PS_HOLE);

	/* memblock_free_all walks the free ranges in address order. */
	for (size_t i = 0; i < nfree; i++) {
		size_t best = i;

		for (size_t j = i + 1; j < nfree; j++)
			if (freer[j].r.start_pfn < freer[best].r.start_pfn)
				best = j;
		if (best != i) {
			__typeof__(*freer) t = freer[i];

			freer[i] = freer[best];
			freer[best] = t;
		}
		free_pages_memory(m, freer[i].zone, freer[i].r.start_pfn,
				  freer[i].r.end_pfn);
	}
	free(freer);
	return 0;
}

struct mc_machine *machine_alloc(const struct mc_machine_desc *desc,
				 const struct mc_options *opts,
				 struct mc_error *err)
{
	struct mc_machine *m;
	unsigned int max_order, pb_order, pmd_order;
	unsigned long lo, hi, align;
	size_t nstatic, ndynamic, total;

	if (derive_geometry(desc, &max_order, &pb_order, &pmd_order, err))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->desc = *desc;
	m->opts = opts ? opts->flags : 0;
	m->seed = opts ? opts->seed : 0;
	m->swap_pages = opts ? opts->swap_pages : 0;
	m->threaded = m->opts & MC_OPT_THREADED;
	m->page_shift = desc->page_shift;
	m->max_page_order = max_order;
	m->nr_page_orders = max_order + 1;
	m->pageblock_order = pb_order;
	m->pageblock_nr_pages = 1UL << pb_order;
	m->hpage_pmd_order = pmd_order;
	m->cma = desc->cma;
	m->nr_migratetypes = desc->cma ? 6 : 5;
	m->nr_node_ids = (int)desc->nr_nodes;
	m->nr_cpu_ids = (int)desc->nr_cpus;
	for (int c = 0; c < m->nr_cpu_ids; c++) {
		int n = desc->cpu_to_node[c];

		if (n < 0 || n >= m->nr_node_ids)
			n = (int)((long)c * m->nr_node_ids / m->nr_cpu_ids);
		m->cpu_to_node[c] = n;
	}
	pthread_mutex_init(&m->sentinel_lock, NULL);
	api_lock_init(m);

	/* The memmap spans whole MAX_PAGE_ORDER blocks, so that every buddy
	 * pfn a merge can compute has an entry. */
	align = 1UL << max_order;
	lo = ALIGN_DOWN(desc_lowest_pfn(desc), align);
	hi = ALIGN(desc_highest_pfn(desc), align);
	m->base_pfn = lo;
	m->end_pfn = hi;
	m->nr_pfns = hi - lo;

	nstatic = (size_t)m->nr_node_ids * MAX_NR_ZONES *
		  (NR_PAGE_ORDERS_MAX * MIGRATE_TYPES +
		   (size_t)m->nr_cpu_ids * NR_PCP_LISTS) +
		  (size_t)m->nr_node_ids * NR_NODE_LISTS;
	ndynamic = ((size_t)m->nr_cpu_ids + m->nr_node_ids + 32) *
		   (NR_PAGE_ORDERS_MAX + 2);
	total = m->nr_pfns + nstatic + ndynamic;
	if (total >= 0xffffffffUL) {
		mc_err(err, desc->name, 0,
		       "machine too large: %zu memmap entries (limit 2^32)",
		       total);
		free(m);
		return NULL;
	}
	m->memmap_entries = total;
	m->memmap_bytes = total * sizeof(struct page);
	m->mem_map = calloc(total, sizeof(struct page));
	m->nr_pageblocks = m->nr_pfns >> pb_order;
	m->pageblock_flags = calloc(m->nr_pageblocks, 1);
	m->pageblock_zone = calloc(m->nr_pageblocks, sizeof(uint16_t));
	m->sentinel_free = calloc(ndynamic, sizeof(uint32_t));
	if (!m->mem_map || !m->pageblock_flags || !m->pageblock_zone ||
	    !m->sentinel_free)
		goto nomem;
	m->sentinel_next = (uint32_t)m->nr_pfns;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = calloc(1, sizeof(*pgdat));
		const struct mc_node_desc *nd = &desc->nodes[nid];
		unsigned long nstart = ULONG_MAX, nend = 0;

		if (!pgdat)
			goto nomem;
		m->node_data[nid] = pgdat;
		pgdat->m = m;
		pgdat->node_id = nid;
		for (int l = 0; l < NR_NODE_LISTS; l++) {
			pgdat->lru_lists[l] = m->sentinel_next++;
			ilist_init(m, pgdat->lru_lists[l]);
		}
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pgdat->node_zones[zid];

			z->per_cpu_pageset = calloc((size_t)m->nr_cpu_ids,
						    sizeof(struct per_cpu_pages));
			if (!z->per_cpu_pageset)
				goto nomem;
			zone_init(m, pgdat, zid, &nd->zones[zid]);
			if (nd->zones[zid].present) {
				nstart = min(nstart, z->zone_start_pfn);
				nend = max(nend, zone_end_pfn(z));
				pgdat->node_present_pages += z->present_pages;
				pgdat->nr_zones = zid + 1;
			}
		}
		pgdat->node_start_pfn = nstart == ULONG_MAX ? 0 : nstart;
		pgdat->node_spanned_pages = nend > nstart ? nend - nstart : 0;
		pgdat->kswapd_highest_zoneidx = (enum zone_type)
			(pgdat->nr_zones ? pgdat->nr_zones - 1 : 0);
		pgdat->kcompactd_highest_zoneidx =
			pgdat->kswapd_highest_zoneidx;
	}
	m->sentinel_end = (uint32_t)(m->nr_pfns + nstatic + ndynamic);
	set_pageblock_zones(m);
	sysctl_init_defaults(m);

	m->default_task.pid = 1000;
	strcpy(m->default_task.comm, "memcompact");

	if (memcompact_build_zonelists(m))
		goto nomem;
	page_alloc_init_machine(m);
	/* setup_arch: CMA areas are reserved (cma.c) */
	if (cma_declare_areas(m, err))
		goto nomem;
	if (init_memmap_and_free(m))
		goto nomem;
	/* core_initcall: the CMA areas join the buddy allocator */
	if (cma_init_reserved_areas(m))
		goto nomem;
	/* init_per_zone_wmark_min(), then khugepaged's raise. */
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	if (!(m->opts & MC_OPT_NO_THP_MINFREE))
		set_recommended_min_free_kbytes(m);
	/* The daemons start (kcompactd_init, the vmstat worker). */
	timer_init_machine(m);
	return m;

nomem:
	mc_err(err, desc->name, 0, "out of memory creating the machine");
	machine_free(m);
	return NULL;
}

void machine_free(struct mc_machine *m)
{
	if (!m)
		return;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		if (!pgdat)
			continue;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free(pgdat->node_zones[zid].per_cpu_pageset);
		for (int l = 0; l < MAX_ZONELISTS; l++)
			free(pgdat->node_zonelists[l]._zonerefs);
		free(pgdat);
	}
	evq_free(&m->events);
	api_lock_destroy(m);
	cma_free_areas(m);
	free(m->mem_map);
	free(m->pageblock_flags);
	free(m->pageblock_zone);
	free(m->sentinel_free);
	free(m);
}

int mc_machine_create(const struct mc_machine_desc *desc,
		      const struct mc_options *opts, struct mc_machine **out,
		      struct mc_error *err)
{
	struct mc_machine *m;
	int ret;

	if (!desc || !out) {
		mc_err(err, "<api>", 0, "NULL description or result pointer");
		return -EINVAL;
	}
	*out = NULL;
	ret = mc_desc_validate(desc, err);
	if (ret)
		return ret;
	m = machine_alloc(desc, opts, err);
	if (!m)
		return err && err->msg[0] && strstr(err->msg, "too large") ?
			       -E2BIG : -ENOMEM;
	*out = m;
	debug_check_op(m, "machine_create");
	return 0;
}

void mc_machine_destroy(struct mc_machine *m)
{
	if (m && m->rt.running)
		mc_daemons_stop(m);
	machine_free(m);
}

void mc_machine_geometry(const struct mc_machine *m, struct mc_geometry *g)
{
	memset(g, 0, sizeof(*g));
	g->page_shift = m->page_shift;
	g->max_page_order = m->max_page_order;
	g->nr_page_orders = m->nr_page_orders;
	g->pageblock_order = m->pageblock_order;
	g->hpage_pmd_order = m->hpage_pmd_order;
	g->nr_nodes = (unsigned)m->nr_node_ids;
	g->nr_cpus = (unsigned)m->nr_cpu_ids;
	g->nr_migratetypes = (unsigned)m->nr_migratetypes;
	g->start_pfn = m->base_pfn;
	g->end_pfn = m->end_pfn;
	g->struct_page_size = sizeof(struct page);
	g->memmap_bytes = m->memmap_bytes;
}

uint64_t unlocked_mc_clock_ns(const struct mc_machine *m)
{
	if (!m)
		return 0;
	return m->rt.running ? timer_rt_now(m) : m->clock_ns;
}
