// SPDX-License-Identifier: GPL-2.0-only
/*
 * cma.c - the Contiguous Memory Allocator (mm/cma.c, 6.12.117).
 *
 * This file owns the CMA areas of a machine: where each area lies (the
 * boot-time reservation of cma_declare_contiguous_nid, run on the machine
 * description, also by mc_desc_validate()), their activation after the
 * buddy allocator is up (cma_init_reserved_areas: every pageblock of an
 * area becomes MIGRATE_CMA and is freed, init_cma_reserved_pageblock),
 * the allocation bitmap of each area (one bit per page, order_per_bit 0),
 * cma_alloc() and cma_release(), the cma_alloc_success / cma_alloc_fail
 * events, the per-area page counts of /sys/kernel/mm/cma/<name>/, and the
 * cma:* tracepoints.
 *
 * Between boot and activation an area is memblock-reserved: the boot
 * freeing (mm_init.c) skips it, so its pages reach the buddy allocator
 * only as whole MIGRATE_CMA pageblocks.  Movable allocations (ALLOC_CMA)
 * borrow those pages (page_alloc.c: __rmqueue's balancing); cma_alloc()
 * takes them back with alloc_contig_range(..., MIGRATE_CMA), which
 * migrates the borrowers out.
 *
 * Placement of an area whose base_pfn is 0 follows
 * cma_declare_contiguous_nid(base 0, limit = the architecture's, alignment
 * CMA_MIN_ALIGNMENT_PAGES = pageblock_nr_pages, not fixed), i.e. what
 * "cma=SIZE" gets:
 *  - the limit is the end of DRAM on x86_64 (setup_arch reserves with
 *    max_pfn_mapped, all of RAM) and the end of ZONE_DMA on arm64
 *    (arm64_dma_phys_limit: below 4 GiB when there is RAM there);
 *  - when DRAM reaches at least 4 GiB + size, memblock is searched
 *    bottom-up from 4 GiB to the limit (the lowest free aligned range at or
 *    above 4 GiB, so that compaction moves pages out of the area rather
 *    than into it, and DMA32 is spared);
 *  - otherwise, or when that fails, top-down below the limit (the highest
 *    free aligned range).
 * "Free" is memblock's view at that time: present memory minus the
 * reserved ranges of the description (kernel image, firmware ...) minus
 * the areas reserved before (areas are declared in array order).  Other
 * early memblock allocations are not modelled.  nid -1 is NUMA_NO_NODE
 * (any node, as cma= is); a node id restricts the search to that node
 * (numa_cma=).  A base_pfn other than 0 reserves exactly there, as a
 * device-tree reserved-memory node with a "reg" does.
 *
 * Where the model differs: an area the kernel would fail to reserve, or
 * would reserve across a zone boundary (cma_activate_area then gives its
 * pages to the buddy allocator and the area stays empty), makes the
 * description invalid instead; an area must be a whole number of
 * pageblocks (the kernel rounds cma= sizes up).  Areas are named by the
 * description; the kernel's cma= area is called "reserved".
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMA_MAX_NAME		64
#define BITS_PER_LONG		64

struct cma {
	unsigned long base_pfn;
	unsigned long count;		/* pages */
	unsigned long *bitmap;
	unsigned int order_per_bit;	/* order of pages per bit */
	int nid;			/* as declared (-1: any node) */
	struct zone *zone;
	char name[CMA_MAX_NAME];
	/* CONFIG_CMA_SYSFS: /sys/kernel/mm/cma/<name>/ */
	unsigned long nr_pages_succeeded;
	unsigned long nr_pages_failed;
	unsigned long nr_pages_released;
};

/* ---- bitmaps (lib/bitmap.c, lib/find_bit.c) ------------------------------ */

static inline bool test_bit_ul(const unsigned long *map, unsigned long nr)
{
	return map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG) & 1;
}

static void bitmap_set(unsigned long *map, unsigned long start,
		       unsigned long nr)
{
	for (unsigned long i = start; i < start + nr; i++)
		map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
}

static void bitmap_clear(unsigned long *map, unsigned long start,
			 unsigned long nr)
{
	for (unsigned long i = start; i < start + nr; i++)
		map[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

static unsigned long find_next_bit_v(const unsigned long *map,
				     unsigned long size, unsigned long start,
				     bool value)
{
	for (unsigned long i = start; i < size; i++)
		if (test_bit_ul(map, i) == value)
			return i;
	return size;
}

/*
 * bitmap_find_next_zero_area_off - the first run of @nr clear bits at or
 * after @start whose index + @align_offset is a multiple of
 * @align_mask + 1; a value > @size - @nr when there is none.
 */
static unsigned long bitmap_find_next_zero_area_off(const unsigned long *map,
						    unsigned long size,
						    unsigned long start,
						    unsigned long nr,
						    unsigned long align_mask,
						    unsigned long align_offset)
{
	unsigned long index, end, i;
again:
	index = find_next_bit_v(map, size, start, false);
	/* __ALIGN_MASK(index + align_offset, align_mask) - align_offset */
	index = ((index + align_offset + align_mask) & ~align_mask) -
		align_offset;
	end = index + nr;
	if (end > size)
		return end;
	i = find_next_bit_v(map, end, index, true);
	if (i < end) {
		start = i + 1;
		goto again;
	}
	return index;
}

/* ---- bitmap geometry (mm/cma.c) ------------------------------------------ */

static unsigned long cma_bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

static unsigned long cma_bitmap_aligned_mask(const struct cma *cma,
					     unsigned int align_order)
{
	if (align_order <= cma->order_per_bit)
		return 0;
	return (1UL << (align_order - cma->order_per_bit)) - 1;
}

/* The offset of the base pfn from @align_order, in bits. */
static unsigned long cma_bitmap_aligned_offset(const struct cma *cma,
					       unsigned int align_order)
{
	return (cma->base_pfn & ((1UL << align_order) - 1)) >>
	       cma->order_per_bit;
}

static unsigned long cma_bitmap_pages_to_bits(const struct cma *cma,
					      unsigned long pages)
{
	return ALIGN(pages, 1UL << cma->order_per_bit) >> cma->order_per_bit;
}

static void cma_clear_bitmap(struct cma *cma, unsigned long pfn,
			     unsigned long count)
{
	unsigned long bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;

	bitmap_clear(cma->bitmap, bitmap_no,
		     cma_bitmap_pages_to_bits(cma, count));
}

/* ---- memblock's view of the description ---------------------------------- */

struct pfn_span {
	uint64_t s, e;
	int nid;
};

struct span_vec {
	struct pfn_span *v;
	size_t n, cap;
};

static int span_push(struct span_vec *sv, uint64_t s, uint64_t e, int nid)
{
	if (s >= e)
		return 0;
	if (sv->n == sv->cap) {
		size_t nc = sv->cap ? sv->cap * 2 : 64;
		void *p = realloc(sv->v, nc * sizeof(*sv->v));

		if (!p)
			return -ENOMEM;
		sv->v = p;
		sv->cap = nc;
	}
	sv->v[sv->n++] = (struct pfn_span){ s, e, nid };
	return 0;
}

static int span_cmp(const void *a, const void *b)
{
	const struct pfn_span *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/* Remove [s, e) from every span of @sv. */
static int span_subtract(struct span_vec *sv, uint64_t s, uint64_t e)
{
	size_t n = sv->n;

	for (size_t i = 0; i < n; i++) {
		struct pfn_span *p = &sv->v[i];

		if (e <= p->s || s >= p->e)
			continue;
		if (s > p->s && e < p->e) {
			uint64_t tail_s = e, tail_e = p->e;
			int nid = p->nid;

			p->e = s;
			if (span_push(sv, tail_s, tail_e, nid))
				return -ENOMEM;
			continue;
		}
		if (s <= p->s)
			p->s = min(e, p->e);
		else
			p->e = s;
	}
	return 0;
}

/*
 * The present pfns of a zone (the description's rules, as mm_init.c
 * applies them): the span minus the holes; without explicit holes the
 * present pages are at the start of the span.
 */
static int zone_present_spans(const struct mc_node_desc *nd, int zt, int nid,
			      struct span_vec *out)
{
	const struct mc_zone_desc *z = &nd->zones[zt];
	uint64_t zs = z->start_pfn, ze = z->start_pfn + z->spanned;
	struct span_vec tmp = { 0 };
	int ret = 0;

	if (!z->present)
		return 0;
	if (!nd->nr_holes)
		return span_push(out, zs, zs + z->present, nid);
	if (span_push(&tmp, zs, ze, nid))
		return -ENOMEM;
	for (unsigned int i = 0; i < nd->nr_holes && !ret; i++)
		ret = span_subtract(&tmp, nd->holes[i].start_pfn,
				    nd->holes[i].end_pfn);
	for (size_t i = 0; i < tmp.n && !ret; i++)
		ret = span_push(out, tmp.v[i].s, tmp.v[i].e, nid);
	free(tmp.v);
	return ret;
}

/*
 * The reserved pfns of a zone: the explicit ranges, or else the first
 * present - managed present pfns of the zone.
 */
static int zone_reserved_spans(const struct mc_node_desc *nd, int zt,
			       struct span_vec *present_of_zone,
			       struct span_vec *out)
{
	const struct mc_zone_desc *z = &nd->zones[zt];
	uint64_t zs = z->start_pfn, ze = z->start_pfn + z->spanned;
	uint64_t need = z->present - z->managed;

	if (nd->nr_reserved) {
		for (unsigned int k = 0; k < nd->nr_reserved; k++) {
			uint64_t rs = max(nd->reserved[k].start_pfn, zs);
			uint64_t re = min(nd->reserved[k].end_pfn, ze);

			if (rs < re && span_push(out, rs, re, -1))
				return -ENOMEM;
		}
		return 0;
	}
	if (present_of_zone->n > 1)
		qsort(present_of_zone->v, present_of_zone->n,
		      sizeof(*present_of_zone->v), span_cmp);
	for (size_t i = 0; i < present_of_zone->n && need; i++) {
		uint64_t len = present_of_zone->v[i].e -
			       present_of_zone->v[i].s;
		uint64_t take = min(len, need);

		if (span_push(out, present_of_zone->v[i].s,
			      present_of_zone->v[i].s + take, -1))
			return -ENOMEM;
		need -= take;
	}
	return 0;
}

/*
 * memblock at the time CMA is reserved: @mem gets the memory of every
 * node (sorted, merged within a node), @free the same minus the reserved
 * ranges.  *dram_end is memblock_end_of_DRAM().
 */
static int desc_memblock(const struct mc_machine_desc *d, struct span_vec *mem,
			 struct span_vec *free_sv, uint64_t *dram_end)
{
	struct span_vec rsv = { 0 };
	int ret = 0;

	*dram_end = 0;
	for (unsigned int n = 0; n < d->nr_nodes && !ret; n++) {
		const struct mc_node_desc *nd = &d->nodes[n];

		for (int zt = 0; zt < MAX_NR_ZONES && !ret; zt++) {
			struct span_vec zp = { 0 };

			ret = zone_present_spans(nd, zt, (int)n, &zp);
			if (!ret)
				ret = zone_reserved_spans(nd, zt, &zp, &rsv);
			for (size_t i = 0; i < zp.n && !ret; i++) {
				ret = span_push(mem, zp.v[i].s, zp.v[i].e,
						(int)n);
				*dram_end = max(*dram_end, zp.v[i].e);
			}
			free(zp.v);
		}
	}
	if (!ret) {
		size_t k = 0;

		if (mem->n > 1)
			qsort(mem->v, mem->n, sizeof(*mem->v), span_cmp);
		/* memblock merges adjacent regions of the same node */
		for (size_t i = 0; i < mem->n; i++) {
			if (k && mem->v[k - 1].e == mem->v[i].s &&
			    mem->v[k - 1].nid == mem->v[i].nid)
				mem->v[k - 1].e = mem->v[i].e;
			else
				mem->v[k++] = mem->v[i];
		}
		mem->n = k;
		for (size_t i = 0; i < mem->n && !ret; i++)
			ret = span_push(free_sv, mem->v[i].s, mem->v[i].e,
					mem->v[i].nid);
		for (size_t i = 0; i < rsv.n && !ret; i++)
			ret = span_subtract(free_sv, rsv.v[i].s, rsv.v[i].e);
		if (!ret && free_sv->n > 1)
			qsort(free_sv->v, free_sv->n, sizeof(*free_sv->v),
			      span_cmp);
	}
	free(rsv.v);
	return ret;
}

/*
 * __memblock_find_range_{bottom_up,top_down}: a @size-page range aligned
 * to @align inside [start, end) and inside one free span of node @nid (-1
 * any).  Returns 0 when there is none (pfn 0 is never returned: memblock
 * starts its searches at PAGE_SIZE).
 */
static uint64_t memblock_find(const struct span_vec *free_sv, uint64_t size,
			      uint64_t align, uint64_t start, uint64_t end,
			      int nid, bool bottom_up)
{
	start = max(start, (uint64_t)1);
	for (size_t k = 0; k < free_sv->n; k++) {
		size_t i = bottom_up ? k : free_sv->n - 1 - k;
		uint64_t ts = clamp(free_sv->v[i].s, start, end);
		uint64_t te = clamp(free_sv->v[i].e, start, end);
		uint64_t cand;

		if (nid >= 0 && free_sv->v[i].nid != nid)
			continue;
		if (bottom_up) {
			cand = ALIGN(ts, align);
			if (cand < te && te - cand >= size)
				return cand;
		} else {
			if (te < size)
				continue;
			cand = ALIGN_DOWN(te - size, align);
			if (cand >= ts)
				return cand;
		}
	}
	return 0;
}

/* The zone (node, type) of the description that holds [s, e), or -1. */
static int desc_range_zone(const struct mc_machine_desc *d, uint64_t s,
			   uint64_t e, int *nid)
{
	for (unsigned int n = 0; n < d->nr_nodes; n++)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			const struct mc_zone_desc *z = &d->nodes[n].zones[zt];

			if (z->spanned && s >= z->start_pfn &&
			    e <= z->start_pfn + z->spanned) {
				*nid = (int)n;
				return zt;
			}
		}
	return -1;
}

static uint64_t desc_pageblock_pages(const struct mc_machine_desc *d)
{
	unsigned int max_order, pb_order, pmd_order;

	if (derive_geometry(d, &max_order, &pb_order, &pmd_order, NULL))
		return 0;
	return 1ULL << pb_order;
}

/*
 * The architecture's limit for the default area (the argument of
 * dma_contiguous_reserve): end of DRAM on x86_64, arm64_dma_phys_limit
 * (the end of ZONE_DMA, else ZONE_DMA32) on arm64.
 */
static uint64_t desc_cma_limit(const struct mc_machine_desc *d,
			       uint64_t dram_end)
{
	if (!strcmp(d->arch, "arm64")) {
		for (int zt = MC_ZONE_DMA; zt <= MC_ZONE_DMA32; zt++) {
			uint64_t end = 0;

			for (unsigned int n = 0; n < d->nr_nodes; n++) {
				const struct mc_zone_desc *z =
					&d->nodes[n].zones[zt];

				if (z->spanned)
					end = max(end, z->start_pfn +
							       z->spanned);
			}
			if (end)
				return min(end, dram_end);
		}
	}
	return dram_end;
}

/*
 * cma_place_areas - reserve every area of @d in array order
 * (cma_declare_contiguous_nid / rmem_cma_setup).  Fills @base[i] with the
 * first pfn of area i.  Returns 0 or -EINVAL with @err saying why.
 */
int cma_place_areas(const struct mc_machine_desc *d, uint64_t *base,
		    struct mc_error *err)
{
	const char *who = d->name[0] ? d->name : "<description>";
	struct span_vec mem = { 0 }, free_sv = { 0 };
	uint64_t dram_end, pb, four_g, limit;
	int ret = -EINVAL;

	if (d->nr_cma_areas > ARRAY_SIZE(d->cma_areas)) {
		mc_err(err, who, 0, "%u CMA areas (at most %zu)",
		       d->nr_cma_areas, ARRAY_SIZE(d->cma_areas));
		return -EINVAL;
	}
	if (!d->nr_cma_areas)
		return 0;
	if (!d->cma) {
		mc_err(err, who, 0,
		       "CMA areas need cma = true (CONFIG_CMA)");
		return -EINVAL;
	}
	pb = desc_pageblock_pages(d);
	if (!pb)
		return -EINVAL;
	if (desc_memblock(d, &mem, &free_sv, &dram_end)) {
		mc_err(err, who, 0, "out of memory placing CMA areas");
		ret = -ENOMEM;
		goto out;
	}
	four_g = 1ULL << (32 - d->page_shift);
	limit = desc_cma_limit(d, dram_end);

	for (unsigned int i = 0; i < d->nr_cma_areas; i++) {
		const struct mc_cma_desc *a = &d->cma_areas[i];
		uint64_t size = a->pages, addr = 0;
		int znid = -1, zt;
		size_t len = strnlen(a->name, sizeof(a->name));

		if (!len || len == sizeof(a->name)) {
			mc_err(err, who, 0,
			       "CMA area %u: the name must be 1 to %zu characters",
			       i, sizeof(a->name) - 1);
			goto out;
		}
		for (size_t c = 0; c < len; c++)
			if (a->name[c] <= ' ' || a->name[c] == '/' ||
			    a->name[c] == 0x7f) {
				mc_err(err, who, 0,
				       "CMA area '%s': the name may not contain spaces, '/' or control characters",
				       a->name);
				goto out;
			}
		for (unsigned int j = 0; j < i; j++)
			if (!strncmp(d->cma_areas[j].name, a->name,
				     sizeof(a->name))) {
				mc_err(err, who, 0,
				       "CMA areas %u and %u are both named '%s'",
				       j, i, a->name);
				goto out;
			}
		if (!size || size % pb) {
			mc_err(err, who, 0,
			       "CMA area '%s': %llu pages is not a positive multiple of the pageblock size (%llu pages)",
			       a->name, (unsigned long long)size,
			       (unsigned long long)pb);
			goto out;
		}
		if (a->nid < -1 || a->nid >= (int)d->nr_nodes) {
			mc_err(err, who, 0,
			       "CMA area '%s': node %d out of range (-1 or 0..%u)",
			       a->name, a->nid, d->nr_nodes - 1);
			goto out;
		}

		if (a->base_pfn) {
			/* fixed: exactly there, aligned, all free memory */
			if (a->base_pfn % pb) {
				mc_err(err, who, 0,
				       "CMA area '%s': base pfn %#llx is not aligned to a pageblock (%llu pages)",
				       a->name,
				       (unsigned long long)a->base_pfn,
				       (unsigned long long)pb);
				goto out;
			}
			addr = a->base_pfn;
			for (size_t k = 0; k < free_sv.n; k++)
				if (free_sv.v[k].s <= addr &&
				    addr + size <= free_sv.v[k].e &&
				    (a->nid < 0 || free_sv.v[k].nid == a->nid))
					goto placed;
			mc_err(err, who, 0,
			       "CMA area '%s': [%#llx, %#llx) is not free memory%s (absent, reserved, or another area)",
			       a->name, (unsigned long long)addr,
			       (unsigned long long)(addr + size),
			       a->nid >= 0 ? " of its node" : "");
			goto out;
		}

		/*
		 * Bottom-up from 4 GiB first when DRAM is large enough:
		 * compaction then moves pages out of the area, not into it,
		 * and the DMA32 zone is spared.
		 */
		if (dram_end >= four_g + size)
			addr = memblock_find(&free_sv, size, pb, four_g, limit,
					     a->nid, true);
		if (!addr)
			addr = memblock_find(&free_sv, size, pb, 0, limit,
					     a->nid, false);
		if (!addr) {
			mc_err(err, who, 0,
			       "CMA area '%s': no free %llu-page range below pfn %#llx%s (Failed to reserve)",
			       a->name, (unsigned long long)size,
			       (unsigned long long)limit,
			       a->nid >= 0 ? " on its node" : "");
			goto out;
		}
placed:
		/* cma_activate_area() wants one zone */
		zt = desc_range_zone(d, addr, addr + size, &znid);
		if (zt < 0) {
			mc_err(err, who, 0,
			       "CMA area '%s': [%#llx, %#llx) crosses a zone boundary (the kernel would not activate it)",
			       a->name, (unsigned long long)addr,
			       (unsigned long long)(addr + size));
			goto out;
		}
		if (span_subtract(&free_sv, addr, addr + size)) {
			ret = -ENOMEM;
			goto out;
		}
		/* a split span's tail went to the end: keep address order */
		if (free_sv.n > 1)
			qsort(free_sv.v, free_sv.n, sizeof(*free_sv.v),
			      span_cmp);
		if (base)
			base[i] = addr;
	}
	ret = 0;
out:
	free(mem.v);
	free(free_sv.v);
	return ret;
}

/* ---- boot ---------------------------------------------------------------- */

/*
 * cma_declare_areas - the reservation at setup_arch time: record each
 * area's place.  Their pages are then skipped by memblock_free_all.
 */
int cma_declare_areas(struct mc_machine *m, struct mc_error *err)
{
	const struct mc_machine_desc *d = &m->desc;
	uint64_t base[ARRAY_SIZE(d->cma_areas)];

	if (!d->nr_cma_areas)
		return 0;
	if (cma_place_areas(d, base, err))
		return -EINVAL;
	m->cma_areas = calloc(d->nr_cma_areas, sizeof(*m->cma_areas));
	if (!m->cma_areas)
		return -ENOMEM;
	for (unsigned int i = 0; i < d->nr_cma_areas; i++) {
		struct cma *cma = &m->cma_areas[i];

		/* cma_init_reserved_mem() */
		snprintf(cma->name, sizeof(cma->name), "%s",
			 d->cma_areas[i].name);
		cma->base_pfn = base[i];
		cma->count = d->cma_areas[i].pages;
		cma->order_per_bit = 0;
		cma->nid = d->cma_areas[i].nid;
	}
	m->cma_area_count = d->nr_cma_areas;
	return 0;
}

/*
 * cma_reserved_overlap - the first area that overlaps [start, end), as
 * [*cs, *ce) clipped to the range: memblock_free_all leaves it alone.
 */
bool cma_reserved_overlap(const struct mc_machine *m, unsigned long start,
			  unsigned long end, unsigned long *cs,
			  unsigned long *ce)
{
	const struct cma *best = NULL;

	for (unsigned int i = 0; i < m->cma_area_count; i++) {
		const struct cma *c = &m->cma_areas[i];

		if (c->base_pfn >= end || c->base_pfn + c->count <= start)
			continue;
		if (!best || c->base_pfn < best->base_pfn)
			best = c;
	}
	if (!best)
		return false;
	*cs = max(start, best->base_pfn);
	*ce = min(end, best->base_pfn + best->count);
	return true;
}

/*
 * init_cma_reserved_pageblock - a reserved pageblock joins the buddy
 * allocator as MIGRATE_CMA: freed whole (through the per-cpu lists, whose
 * boot pagesets pass it on at once), counted in managed_pages and
 * zone->cma_pages.
 */
static void init_cma_reserved_pageblock(struct mc_machine *m,
					unsigned long pfn)
{
	struct page *page = pfn_to_page(m, pfn);
	struct zone *zone = pfn_zone(m, pfn);

	set_pageblock_migratetype(m, pfn, MIGRATE_CMA);
	/* the reserved pages become one allocated block with refcount 1 */
	prep_new_page(m, page, m->pageblock_order, 0, 0);
	__free_pages(m, page, m->pageblock_order);

	/* adjust_managed_page_count() */
	zone->managed_pages += m->pageblock_nr_pages;
	zone->cma_pages += m->pageblock_nr_pages;
}

/*
 * cma_init_reserved_areas - core_initcall: activate every area (bitmap,
 * pageblocks).  Runs after memblock_free_all and before
 * init_per_zone_wmark_min (a postcore_initcall).
 */
int cma_init_reserved_areas(struct mc_machine *m)
{
	for (unsigned int i = 0; i < m->cma_area_count; i++) {
		struct cma *cma = &m->cma_areas[i];
		unsigned long longs = (cma_bitmap_maxno(cma) +
				       BITS_PER_LONG - 1) / BITS_PER_LONG;

		cma->bitmap = calloc(longs ? longs : 1, sizeof(unsigned long));
		if (!cma->bitmap)
			return -ENOMEM;
		/* validation saw to it that the area lies in one zone */
		cma->zone = pfn_zone(m, cma->base_pfn);
		for (unsigned long pfn = cma->base_pfn;
		     pfn < cma->base_pfn + cma->count;
		     pfn += m->pageblock_nr_pages)
			init_cma_reserved_pageblock(m, pfn);
	}
	return 0;
}

void cma_free_areas(struct mc_machine *m)
{
	for (unsigned int i = 0; i < m->cma_area_count; i++)
		free(m->cma_areas[i].bitmap);
	free(m->cma_areas);
	m->cma_areas = NULL;
	m->cma_area_count = 0;
}

/* ---- cma_alloc / cma_release --------------------------------------------- */

static void trace_cma(struct mc_machine *m, enum mc_trace_id id,
		      const struct cma *cma, const int64_t *args, int nargs)
{
	if (trace_enabled(m, id))
		trace_emit(m, id, nargs, args, cma ? cma->name : NULL);
}

/*
 * __cma_alloc - allocate @count pages aligned to 2^@align pages from @cma:
 * find a free run in the bitmap, claim it, and ask alloc_contig_range()
 * for it (MIGRATE_CMA).  A busy range is given back and the search goes
 * on at the next aligned position after it; any other error ends the
 * search.  Returns the first pfn, or ULONG_MAX with *err set.
 */
unsigned long __cma_alloc(struct mc_machine *m, struct cma *cma,
			  unsigned long count, unsigned int align, gfp_t gfp,
			  int *err)
{
	unsigned long mask, offset, pfn = ULONG_MAX, start = 0;
	unsigned long bitmap_maxno, bitmap_no, bitmap_count;
	bool got = false;
	int ret = -ENOMEM;

	{
		const int64_t a[] = { (int64_t)count, align };

		trace_cma(m, MC_TRACE_cma_alloc_start, cma, a, 2);
	}
	*err = -ENOMEM;
	if (!cma || !cma->count || !cma->bitmap)
		return ULONG_MAX;
	if (!count)
		return ULONG_MAX;

	mask = cma_bitmap_aligned_mask(cma, align);
	offset = cma_bitmap_aligned_offset(cma, align);
	bitmap_maxno = cma_bitmap_maxno(cma);
	bitmap_count = cma_bitmap_pages_to_bits(cma, count);

	if (bitmap_count > bitmap_maxno)
		return ULONG_MAX;

	for (;;) {
		bitmap_no = bitmap_find_next_zero_area_off(cma->bitmap,
				bitmap_maxno, start, bitmap_count, mask,
				offset);
		if (bitmap_no >= bitmap_maxno)
			break;
		/* ours now: the lock can go while the range is migrated */
		bitmap_set(cma->bitmap, bitmap_no, bitmap_count);

		pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
		ret = alloc_contig_range(m, pfn, pfn + count, MIGRATE_CMA, gfp);
		if (ret == 0) {
			got = true;
			break;
		}

		cma_clear_bitmap(cma, pfn, count);
		if (ret != -EBUSY)
			break;

		{
			const int64_t a[] = { (int64_t)pfn, (int64_t)pfn,
					      (int64_t)count, align };

			trace_cma(m, MC_TRACE_cma_alloc_busy_retry, cma, a, 4);
		}
		/*
		 * __cma_alloc: a busy range (a page that would not move) is
		 * skipped by one alignment step, the next candidate that
		 * can satisfy the alignment; other errors end the search.
		 */
		start = bitmap_no + mask + 1;
	}

	/* pr_err_ratelimited + cma_debug_show_areas without __GFP_NOWARN:
	 * not printed */
	{
		const int64_t a[] = { (int64_t)pfn,
				      got ? (int64_t)pfn : -1,
				      (int64_t)count, align, ret };

		trace_cma(m, MC_TRACE_cma_alloc_finish, cma, a, 5);
	}
	if (got) {
		count_vm_event(m, CMA_ALLOC_SUCCESS);
		cma->nr_pages_succeeded += count;
	} else {
		count_vm_event(m, CMA_ALLOC_FAIL);
		cma->nr_pages_failed += count;
	}
	*err = ret;
	return got ? pfn : ULONG_MAX;
}

/*
 * cma_release - give back pages of @cma: false when they are not in the
 * area; else free them (free_contig_range), clear their bits, count and
 * trace the release.
 */
bool cma_release(struct mc_machine *m, struct cma *cma, unsigned long pfn,
		 unsigned long count)
{
	/* cma_pages_valid() */
	if (!cma || pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count)
		return false;

	free_contig_range(m, pfn, count);
	cma_clear_bitmap(cma, pfn, count);
	cma->nr_pages_released += count;
	{
		const int64_t a[] = { (int64_t)pfn, (int64_t)pfn,
				      (int64_t)count };

		trace_cma(m, MC_TRACE_cma_release, cma, a, 3);
	}
	return true;
}

/* ---- the public entry points --------------------------------------------- */

int unlocked_mc_cma_area_info(const struct mc_machine *m, unsigned int area,
		     struct mc_cma_info *info)
{
	const struct cma *cma;
	unsigned long used = 0;

	if (!m || !info)
		return -EINVAL;
	if (area >= m->cma_area_count)
		return -ENOENT;
	cma = &m->cma_areas[area];
	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", cma->name);
	info->base_pfn = cma->base_pfn;
	info->count = cma->count;
	info->nid = cma->zone ? cma->zone->zone_pgdat->node_id : cma->nid;
	info->zone = cma->zone ? (enum mc_zone_type)cma->zone->idx :
				 MC_ZONE_NORMAL;
	info->order_per_bit = cma->order_per_bit;
	for (unsigned long b = 0; b < cma_bitmap_maxno(cma); b++)
		used += test_bit_ul(cma->bitmap, b);
	info->allocated = used << cma->order_per_bit;
	info->alloc_pages_success = cma->nr_pages_succeeded;
	info->alloc_pages_fail = cma->nr_pages_failed;
	info->release_pages_success = cma->nr_pages_released;
	return 0;
}

int unlocked_mc_cma_alloc(struct mc_machine *m, unsigned int area, uint64_t count,
		 unsigned int align_order, int cpu, uint64_t *pfn)
{
	struct task_scope ts;
	unsigned long got;
	int err;

	if (!m || !pfn || cpu < 0 || cpu >= m->nr_cpu_ids || !count ||
	    align_order >= BITS_PER_LONG)
		return -EINVAL;
	if (area >= m->cma_area_count)
		return -ENOENT;

	task_enter(m, &ts, cpu);
	/* cma_alloc(cma, count, align, no_warn = false) */
	got = __cma_alloc(m, &m->cma_areas[area], count, align_order,
			  GFP_KERNEL, &err);
	task_leave(&ts);
	debug_check_op(m, "cma_alloc");
	if (got == ULONG_MAX)
		return err ? err : -ENOMEM;
	*pfn = got;
	return 0;
}

int unlocked_mc_cma_release(struct mc_machine *m, unsigned int area, uint64_t pfn,
		   uint64_t count, int cpu)
{
	struct task_scope ts;
	struct cma *cma;
	int ret;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	if (area >= m->cma_area_count)
		return -ENOENT;
	cma = &m->cma_areas[area];
	/* cma_pages_valid() and VM_BUG_ON(pfn + count > end of area) */
	if (pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count ||
	    count > cma->base_pfn + cma->count - pfn)
		return -EINVAL;
	ret = contig_range_check_allocated(m, pfn, count);
	if (ret)
		return ret;

	task_enter(m, &ts, cpu);
	cma_release(m, cma, pfn, count);
	task_leave(&ts);
	debug_check_op(m, "cma_release");
	return 0;
}
