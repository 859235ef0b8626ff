// SPDX-License-Identifier: GPL-2.0-only
/*
 * api.c - the public entry points for allocating, freeing and inspecting
 * page frames.
 *
 * Every entry validates its arguments before touching any state (a bad
 * argument returns -EINVAL and changes nothing), runs the kernel model as
 * a task on the CPU the caller names, and, with MC_OPT_CHECK_EACH_OP, runs
 * the invariant checker afterwards.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void task_enter(struct mc_machine *m, struct task_scope *ts, int cpu)
{
	ts->task = m->default_task;
	ts->task.cpu = cpu;
	ts->task.flags = 0;
	ts->task.capture_control = NULL;
	ts->prev = current;
	current = &ts->task;
}

void task_enter_kthread(struct task_scope *ts, struct task_struct *task)
{
	ts->prev = current;
	current = task;
}

void task_leave(struct task_scope *ts)
{
	current = ts->prev;
}

static bool gfp_zone_bad(gfp_t gfp)
{
	/* More than one of DMA, DMA32, HIGHMEM: GFP_ZONE_BAD in the kernel
	 * (a BUG); rejected here as a bad argument. */
	unsigned int zb = gfp & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);

	return zb & (zb - 1);
}

int unlocked_mc_alloc_pages(struct mc_machine *m, const struct mc_alloc_request *req,
		   uint64_t *pfn)
{
	struct task_scope ts;
	struct page *page;
	bool hang = false;
	int nid;

	if (!m || !req || !pfn)
		return -EINVAL;
	if (req->order > m->max_page_order)
		return -EINVAL;
	if (req->cpu < 0 || req->cpu >= m->nr_cpu_ids)
		return -EINVAL;
	if (req->gfp & ~gfp_allowed_mask || gfp_zone_bad(req->gfp))
		return -EINVAL;
	if (req->kind >= MC_PAGE_NR_KINDS || req->owner >= MC_MAX_OWNERS)
		return -EINVAL;
	if (req->owner && !m->owners[req->owner].used)
		return -EINVAL;
	/* Movable folios larger than a page are compound in the kernel. */
	if (req->order && !(req->gfp & __GFP_COMP) &&
	    (req->kind == MC_PAGE_ANON || req->kind == MC_PAGE_FILE ||
	     req->kind == MC_PAGE_MOVABLE_OPS || req->kind == MC_PAGE_HUGETLB))
		return -EINVAL;
	nid = req->nid < 0 ? m->cpu_to_node[req->cpu] : req->nid;
	if (nid >= m->nr_node_ids)
		return -EINVAL;

	task_enter(m, &ts, req->cpu);
	page = __alloc_pages_ctx(m, req->gfp, req->order, nid, &hang);
	if (page) {
		page->owner = (uint8_t)req->owner;
		page->private = req->cookie;
		page->flags = (uint16_t)((page->flags & PAGE_FLAGS_MASK) |
					 ((unsigned)req->kind
					  << PAGE_KIND_SHIFT));
		/* LRU folios are added to the LRU; non-LRU movable pages
		 * are marked __PageMovable by their driver. */
		if (req->kind == MC_PAGE_ANON || req->kind == MC_PAGE_FILE)
			page_set_flag(page, PG_lru);
		page_stat_account(m, page, 1);
		*pfn = page_to_pfn(m, page);
	}
	task_leave(&ts);
	debug_check_op(m, "alloc_pages");
	if (!page)
		return hang ? -EDEADLK : -ENOMEM;
	return 0;
}

/* The head of the allocated block @pfn belongs to, or NULL. */
static struct page *alloc_head(const struct mc_machine *m, unsigned long pfn)
{
	struct page *p;

	if (!pfn_in_machine(m, pfn))
		return NULL;
	p = pfn_to_page(m, pfn);
	if (page_state(p) == PS_ALLOC_TAIL)
		p -= p->private;
	return page_state(p) == PS_ALLOC ? p : NULL;
}

int unlocked_mc_free_pages(struct mc_machine *m, uint64_t pfn, unsigned order, int cpu)
{
	struct task_scope ts;
	struct page *page;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	page = alloc_head(m, pfn);
	if (!page || page_to_pfn(m, page) != pfn ||
	    page_sto_order(page) != order)
		return -EINVAL;
	/* A hugetlb pool page leaves through the pool (mc_hugetlb_free). */
	if (folio_test_hugetlb_pool(page))
		return -EINVAL;
	/* Isolated for migration: the migration owns it right now. */
	if (page_test_flag(page, PG_isolated))
		return -EBUSY;

	task_enter(m, &ts, cpu);
	page_stat_account(m, page, -1);
	__free_pages(m, page, order);
	task_leave(&ts);
	debug_check_op(m, "free_pages");
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int unlocked_mc_free_pages_bulk(struct mc_machine *m, const uint64_t *pfns, size_t n,
		       int cpu)
{
	struct page *batch[FOLIO_BATCH_SIZE];
	struct task_scope ts;
	uint64_t *sorted;
	size_t i;
	int nb = 0;

	if (!m || (!pfns && n) || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	/* Check everything first: a bad entry changes nothing. */
	for (i = 0; i < n; i++) {
		struct page *page = alloc_head(m, pfns[i]);

		if (!page || page_to_pfn(m, page) != pfns[i] ||
		    folio_test_hugetlb_pool(page))
			return -EINVAL;
		if (page_test_flag(page, PG_isolated))
			return -EBUSY;
	}
	if (!n)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, pfns, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	for (i = 1; i < n; i++)
		if (sorted[i] == sorted[i - 1]) {
			free(sorted);
			return -EINVAL;	/* the same block twice */
		}
	free(sorted);

	/* release_pages(): folio batches of PAGEVEC_SIZE. */
	task_enter(m, &ts, cpu);
	for (i = 0; i < n; i++) {
		struct page *page = pfn_to_page(m, pfns[i]);

		page_stat_account(m, page, -1);
		batch[nb++] = page;
		if (nb == FOLIO_BATCH_SIZE) {
			free_unref_folios(m, batch, nb);
			nb = 0;
		}
	}
	if (nb)
		free_unref_folios(m, batch, nb);
	task_leave(&ts);
	debug_check_op(m, "free_pages_bulk");
	return 0;
}

int unlocked_mc_page_set_flags(struct mc_machine *m, uint64_t pfn, unsigned set,
		      unsigned clear)
{
	static const enum pageflags map[] = {
		[0] = PG_unevictable, [1] = PG_dirty, [2] = PG_writeback,
		[3] = PG_locked, [4] = PG_pinned, [5] = PG_active,
	};
	struct page *page;
	bool end_writeback;
	int old_list;

	if (!m || ((set | clear) & ~0x3fu) || (set & clear))
		return -EINVAL;
	page = alloc_head(m, pfn);
	if (!page || page_to_pfn(m, page) != pfn)
		return -EINVAL;
	/* Writeback ends last, as folio_end_writeback() (vmscan.c): a folio
	 * reclaim is waiting for rotates to the tail of the inactive list. */
	end_writeback = (clear & MC_PF_WRITEBACK) &&
			page_test_flag(page, PG_writeback);
	if (end_writeback)
		clear &= ~MC_PF_WRITEBACK;
	old_list = lru_list_of(page);
	__page_stat_account(m, page, -1);
	for (unsigned i = 0; i < ARRAY_SIZE(map); i++) {
		if (set & (1u << i))
			page_set_flag(page, map[i]);
		if (clear & (1u << i))
			page_clear_flag(page, map[i]);
	}
	__page_stat_account(m, page, 1);
	/* mlock, munlock and activation move the folio between lists; other
	 * flags leave it where it is. */
	page_lru_update(m, page, old_list);
	if (end_writeback)
		folio_end_writeback(m, page);
	debug_check_op(m, "page_set_flags");
	return 0;
}

static unsigned int public_flags(const struct page *p)
{
	unsigned int f = 0;

	if (page_test_flag(p, PG_unevictable))
		f |= MC_PF_MLOCKED;
	if (page_test_flag(p, PG_dirty))
		f |= MC_PF_DIRTY;
	if (page_test_flag(p, PG_writeback))
		f |= MC_PF_WRITEBACK;
	if (page_test_flag(p, PG_locked))
		f |= MC_PF_LOCKED;
	if (page_test_flag(p, PG_pinned))
		f |= MC_PF_PINNED;
	if (page_test_flag(p, PG_active))
		f |= MC_PF_ACTIVE;
	return f;
}

/* Find the first page of the free block that contains @pfn. */
static struct page *free_head(const struct mc_machine *m, unsigned long pfn,
			      unsigned int *order)
{
	for (unsigned int o = 0; o <= m->max_page_order; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		struct page *p;
		enum page_state s;

		if (h < m->base_pfn)
			break;
		p = pfn_to_page(m, h);
		s = page_state(p);
		if ((s == PS_BUDDY || s == PS_PCP || s == PS_ISOLATED_FREE) &&
		    h + (1UL << p->private) > pfn) {
			*order = p->private;
			return p;
		}
		if (s != PS_FREE_TAIL)
			break;
	}
	return NULL;
}

int unlocked_mc_page_info(const struct mc_machine *m, uint64_t pfn,
		 struct mc_page_info *info)
{
	const struct page *p, *head;
	struct zone *zone;
	unsigned int order = 0;

	if (!m || !info || !pfn_in_machine(m, pfn))
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	p = pfn_to_page(m, pfn);
	info->head_pfn = pfn;
	info->nid = -1;
	switch (page_state(p)) {
	case PS_HOLE:
		info->state = MC_PS_HOLE;
		return 0;
	case PS_RESERVED:
		info->state = MC_PS_RESERVED;
		break;
	case PS_ALLOC:
	case PS_ALLOC_TAIL:
		head = alloc_head(m, pfn);
		info->state = MC_PS_ALLOCATED;
		info->head_pfn = page_to_pfn(m, head);
		info->order = page_sto_order(head);
		info->kind = page_kind(head);
		info->owner = head->owner;
		info->cookie = head->private;
		info->flags = public_flags(head);
		info->compound = page_test_flag(head, PG_head);
		info->lru = page_test_flag(head, PG_lru);
		break;
	default:
		head = free_head(m, pfn, &order);
		if (!head)
			return -EIO;	/* inconsistent memmap */
		info->head_pfn = page_to_pfn(m, head);
		info->order = order;
		info->state = page_state(head) == PS_BUDDY ? MC_PS_FREE :
			      page_state(head) == PS_PCP ? MC_PS_PCP :
							   MC_PS_ISOLATED_FREE;
		break;
	}
	zone = pfn_zone(m, pfn);
	if (zone) {
		info->nid = zone->zone_pgdat->node_id;
		info->zone = (enum mc_zone_type)zone->idx;
	}
	info->pageblock_mt = migratetype_abi(m,
					     get_pfnblock_migratetype(m, pfn));
	info->skip = get_pageblock_skip(m, pfn);
	return 0;
}

void unlocked_mc_drain_all_pages(struct mc_machine *m)
{
	struct task_scope ts;

	task_enter(m, &ts, 0);
	drain_all_pages(m, NULL);
	task_leave(&ts);
	debug_check_op(m, "drain_all_pages");
}

int unlocked_mc_zone_stats(struct mc_machine *m, int nid, enum mc_zone_type zt,
		  struct mc_zone_stats *s)
{
	struct zone *z;

	if (!m || !s || nid < 0 || nid >= m->nr_node_ids ||
	    (unsigned)zt >= MAX_NR_ZONES)
		return -EINVAL;
	z = &m->node_data[nid]->node_zones[zt];
	memset(s, 0, sizeof(*s));
	s->populated = populated_zone(z);
	s->start_pfn = z->zone_start_pfn;
	s->spanned = z->spanned_pages;
	s->present = z->present_pages;
	s->managed = z->managed_pages;
	s->nr_free = zone_page_state(z, NR_FREE_PAGES);
	s->wmark_min = min_wmark_pages(z);
	s->wmark_low = low_wmark_pages(z);
	s->wmark_high = high_wmark_pages(z);
	s->wmark_promo = promo_wmark_pages(z);
	s->boost = z->watermark_boost;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		s->lowmem_reserve[i] = z->lowmem_reserve[i];
	for (unsigned o = 0; o < m->nr_page_orders && o < 16; o++)
		s->nr_free_blocks[o] = z->free_area[o].nr_free;
	for (int c = 0; c < m->nr_cpu_ids; c++)
		s->pcp_pages += (uint64_t)z->per_cpu_pageset[c].count;
	s->pcp_batch = (unsigned)z->pageset_batch;
	s->pcp_high_min = (unsigned)z->pageset_high_min;
	s->pcp_high_max = (unsigned)z->pageset_high_max;
	return 0;
}

int unlocked_mc_owner_register(struct mc_machine *m, const char *name,
		      const struct mc_owner_ops *ops, void *ctx, unsigned *slot)
{
	if (!m || !ops || !slot)
		return -EINVAL;
	for (unsigned i = 1; i < MC_MAX_OWNERS; i++) {
		struct mc_owner_slot *o = &m->owners[i];

		if (o->used)
			continue;
		memset(o, 0, sizeof(*o));
		o->used = true;
		o->ops = ops;
		o->ctx = ctx;
		if (name) {
			strncpy(o->name, name, sizeof(o->name) - 1);
			o->name[sizeof(o->name) - 1] = '\0';
		}
		*slot = i;
		return 0;
	}
	return -ENOSPC;
}

int unlocked_mc_owner_unregister(struct mc_machine *m, unsigned slot)
{
	if (!m || slot == 0 || slot >= MC_MAX_OWNERS || !m->owners[slot].used)
		return -EINVAL;
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++) {
		struct page *p = pfn_to_page(m, pfn);

		if (page_state(p) == PS_ALLOC && p->owner == slot)
			return -EBUSY;
	}
	memset(&m->owners[slot], 0, sizeof(m->owners[slot]));
	return 0;
}

int unlocked_mc_page_set_cookie(struct mc_machine *m, uint64_t pfn, uint32_t cookie)
{
	struct page *page;

	if (!m)
		return -EINVAL;
	page = alloc_head(m, pfn);
	if (!page || page_to_pfn(m, page) != pfn)
		return -EINVAL;
	page->private = cookie;
	return 0;
}

int unlocked_mc_compact_node(struct mc_machine *m, int nid, int cpu)
{
	struct task_scope ts;

	if (!m || nid < 0 || nid >= m->nr_node_ids || cpu < 0 ||
	    cpu >= m->nr_cpu_ids)
		return -EINVAL;
	task_enter(m, &ts, cpu);
	compact_node(m->node_data[nid], false);
	task_leave(&ts);
	debug_check_op(m, "compact_node");
	return 0;
}
