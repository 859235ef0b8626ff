// SPDX-License-Identifier: GPL-2.0-only
/*
 * defrag.c - incremental defragmentation of an arena's handle blocks, in
 * passes with a budget, as the Vulkan Memory Allocator and D3D12MA offer
 * it (vmaBeginDefragmentationPass / DefragmentationContext::BeginPass).
 *
 * A pass (under the API lock) drains the per-cpu lists, counts what every
 * pageblock holds, and plans moves greedily: handle blocks of the
 * emptiest pageblocks that hold nothing else (no pinned, foreign or
 * unmovable block) go to free frames of the fullest pageblocks, as long
 * as the destination is fuller than the source and the budget (bytes,
 * moves) lasts.  Each destination is reserved at once (take_free_block:
 * an allocated handle block that nothing may isolate) and its source is
 * marked so that it cannot be freed.  The caller sees the list and may
 * set IGNORE or DESTROY on any move; the end of the pass copies the bytes
 * of the others, points their handles at the new frames and frees the
 * sources.  This is the arena's own move, like zs_compact() in zsmalloc:
 * it is not migrate_pages(), so it adds nothing to pgmigrate_*.
 */
#include "arena/arena.h"
#include "mm/api_unlocked.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mc_defrag {
	struct mc_arena *a;
	struct mc_defrag_config cfg;
	bool open;		/* between pass_begin and pass_end */
	bool more;		/* the last plan stopped at the budget */
	struct mc_defrag_move *moves;
	uint32_t *idx;		/* handle index of each move */
	size_t n, cap;
	unsigned long *src_blocks;	/* pageblocks the pass empties from */
	size_t nsrc;
	struct mc_defrag_stats st;
};

/* What one pageblock holds. */
struct pb_use {
	unsigned long pb;
	unsigned long used;	/* allocated pages */
	bool fixed;		/* holds a block the pass may not move */
};

static int cmp_used_asc(const void *x, const void *y)
{
	const struct pb_use *a = x, *b = y;

	if (a->used != b->used)
		return a->used < b->used ? -1 : 1;
	return a->pb < b->pb ? -1 : a->pb > b->pb;
}

/* A handle block that may move now: live, where its handle says, unpinned. */
static struct arena_handle *movable_handle(struct mc_arena *a,
					   struct page *head, unsigned long pfn)
{
	struct arena_handle *e;

	if (head->owner != a->owner || page_kind(head) != MC_PAGE_MOVABLE_OPS)
		return NULL;
	if (head->private == 0 || head->private >= a->nr_handles)
		return NULL;
	e = &a->h[head->private];
	if (e->state != AH_LIVE || e->pfn != pfn ||
	    atomic_load_explicit(&e->pins, memory_order_relaxed))
		return NULL;
	return e;
}

static void count_pageblocks(struct mc_arena *a, struct pb_use *u,
			     unsigned long nb)
{
	struct mc_machine *m = a->m;
	unsigned long start = a->start_pfn, end = start + a->nr_pages;

	for (unsigned long i = 0; i < nb; i++) {
		u[i].pb = i;
		u[i].used = 0;
		u[i].fixed = false;
	}
	for (unsigned long pfn = start; pfn < end;) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned long n = 1;
		unsigned long b = (pfn - start) >> m->pageblock_order;

		switch (page_state(p)) {
		case PS_BUDDY:
		case PS_PCP:
			n = 1UL << p->private;
			break;
		case PS_ALLOC:
			n = 1UL << page_sto_order(p);
			for (unsigned long q = pfn; q < pfn + n;
			     q += m->pageblock_nr_pages) {
				unsigned long qb = (q - start) >>
						   m->pageblock_order;

				u[qb].used += min(n, m->pageblock_nr_pages);
				/* blocks larger than a pageblock stay */
				if (n > m->pageblock_nr_pages ||
				    !movable_handle(a, p, pfn))
					u[qb].fixed = true;
			}
			break;
		default:
			u[b].fixed = true;
			break;
		}
		pfn += n;
	}
}

/* A free block of at least @order in pageblock @b: its first pfn, or 0. */
static unsigned long find_hole(struct mc_arena *a, unsigned long b,
			       unsigned int order)
{
	struct mc_machine *m = a->m;
	unsigned long pfn = a->start_pfn + (b << m->pageblock_order);
	unsigned long end = pfn + m->pageblock_nr_pages;

	/* The first pageblock of an unaligned arena starts mid-block. */
	while (pfn < end) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned long n = 1;

		if (page_state(p) == PS_BUDDY) {
			if (p->private >= order)
				return pfn;
			n = 1UL << p->private;
		} else if (page_state(p) == PS_ALLOC) {
			n = 1UL << page_sto_order(p);
		}
		pfn += n;
	}
	return 0;
}

static int grow(struct mc_defrag *d)
{
	size_t cap = d->cap ? d->cap * 2 : 64;
	struct mc_defrag_move *mv = realloc(d->moves, cap * sizeof(*mv));
	uint32_t *ix;

	if (!mv)
		return -ENOMEM;
	d->moves = mv;
	ix = realloc(d->idx, cap * sizeof(*ix));
	if (!ix)
		return -ENOMEM;
	d->idx = ix;
	d->cap = cap;
	return 0;
}

static bool over_budget(const struct mc_defrag *d, uint64_t bytes,
			uint64_t add)
{
	if (d->cfg.max_moves_per_pass && d->n + 1 > d->cfg.max_moves_per_pass)
		return true;
	return d->cfg.max_bytes_per_pass &&
	       bytes + add > d->cfg.max_bytes_per_pass;
}

/* Plan the pass; returns the number of moves or -ENOMEM. */
static int plan(struct mc_defrag *d)
{
	struct mc_arena *a = d->a;
	struct mc_machine *m = a->m;
	unsigned long nb = (a->nr_pages + m->pageblock_nr_pages - 1) >>
			   m->pageblock_order;
	struct pb_use *u = calloc(nb, sizeof(*u));
	unsigned long *planned = calloc(nb, sizeof(*planned));
	size_t si, di;
	uint64_t bytes = 0;
	int ret = 0;

	d->n = 0;
	d->nsrc = 0;
	d->more = false;
	if (!u || !planned || !(d->src_blocks = realloc(d->src_blocks,
						      nb * sizeof(long)))) {
		ret = -ENOMEM;
		goto out;
	}
	unlocked_mc_drain_all_pages(m);
	count_pageblocks(a, u, nb);
	for (unsigned long i = 0; i < nb; i++)
		planned[i] = u[i].used;
	qsort(u, nb, sizeof(*u), cmp_used_asc);

	/* sources from the emptiest up, destinations from the fullest down */
	di = nb;
	for (si = 0; si < nb && si < di; si++) {
		unsigned long sb = u[si].pb;
		unsigned long pfn = a->start_pfn + (sb << m->pageblock_order);
		unsigned long end = min(pfn + m->pageblock_nr_pages,
					a->start_pfn + a->nr_pages);
		bool any = false;

		if (u[si].fixed || !u[si].used)
			continue;
		while (pfn < end) {
			struct page *p = pfn_to_page(m, pfn);
			unsigned long n = 1;
			struct arena_handle *e;
			unsigned int order;
			unsigned long dst = 0;
			struct page *dp = NULL;

			if (page_state(p) == PS_BUDDY || page_state(p) == PS_PCP)
				n = 1UL << p->private;
			if (page_state(p) != PS_ALLOC) {
				pfn += n;
				continue;
			}
			order = page_sto_order(p);
			n = 1UL << order;
			e = movable_handle(a, p, pfn);
			if (!e) {
				pfn += n;
				continue;
			}
			if (over_budget(d, bytes, (uint64_t)n << a->shift)) {
				d->more = true;
				goto done;
			}
			/* the fullest destination with a hole of this size */
			for (size_t k = nb; k-- > si + 1;) {
				unsigned long db = u[k].pb;

				/* never to a pageblock emptier than this one */
				if (planned[db] + n > m->pageblock_nr_pages ||
				    planned[db] < planned[sb])
					continue;
				dst = find_hole(a, db, order);
				if (!dst)
					continue;
				dp = take_free_block(a->zone, dst, order,
						     MC_GFP_KERNEL |
						     MC_GFP_MOVABLE |
						     (order ? MC_GFP_COMP : 0));
				if (dp) {
					planned[db] += n;
					if (k < di)
						di = k;
					break;
				}
			}
			if (!dp) {		/* nowhere fuller to go */
				pfn += n;
				continue;
			}
			if (d->n == d->cap && grow(d)) {
				unlocked_mc_free_pages(m, dst, order, 0);
				ret = -ENOMEM;
				goto done;
			}
			arena_set_owner(a, dp, p->private);
			e->state = AH_MOVING;
			d->idx[d->n] = p->private;
			d->moves[d->n] = (struct mc_defrag_move){
				.handle = arena_handle_make(p->private, e->gen),
				.order = order,
				.src_pfn = pfn,
				.dst_pfn = dst,
				.src = arena_addr(a, pfn),
				.dst = arena_addr(a, dst),
				.op = MC_DEFRAG_COPY,
			};
			d->n++;
			bytes += (uint64_t)n << a->shift;
			planned[sb] -= n;
			any = true;
			pfn += n;
		}
		if (any)
			d->src_blocks[d->nsrc++] = sb;
	}
done:
	if (!ret)
		ret = (int)d->n;
out:
	free(u);
	free(planned);
	return ret;
}

int mc_defrag_begin(struct mc_arena *a, const struct mc_defrag_config *cfg,
		    struct mc_defrag **out)
{
	struct mc_defrag *d;
	int ret = 0;

	if (!a || !out)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->a = a;
	if (cfg)
		d->cfg = *cfg;
	api_lock(a->m);
	if (a->defrag)
		ret = -EBUSY;
	else
		a->defrag = d;
	api_unlock(a->m);
	if (ret) {
		free(d);
		return ret;
	}
	*out = d;
	return 0;
}

int mc_defrag_pass_begin(struct mc_defrag *d, struct mc_defrag_move **moves,
			 size_t *n)
{
	int ret;

	if (!d || !moves || !n)
		return -EINVAL;
	api_lock(d->a->m);
	if (d->open) {
		ret = -EBUSY;
	} else {
		ret = plan(d);
		if (ret > 0) {
			d->open = true;
			d->st.passes++;
			*moves = d->moves;
			*n = d->n;
			ret = 1;
		} else if (ret == 0) {
			*moves = NULL;
			*n = 0;
		}
	}
	api_unlock(d->a->m);
	return ret;
}

/* Nothing allocated in pageblock @b any more? */
static bool pageblock_empty(struct mc_arena *a, unsigned long b)
{
	struct mc_machine *m = a->m;
	unsigned long pfn = a->start_pfn + (b << m->pageblock_order);
	unsigned long end = min(pfn + m->pageblock_nr_pages,
				a->start_pfn + a->nr_pages);

	while (pfn < end) {
		struct page *p = pfn_to_page(m, pfn);

		if (page_state(p) != PS_BUDDY && page_state(p) != PS_PCP)
			return false;
		pfn += 1UL << p->private;
	}
	return true;
}

int mc_defrag_pass_end(struct mc_defrag *d)
{
	struct mc_arena *a;
	int more;

	if (!d)
		return -EINVAL;
	a = d->a;
	api_lock(a->m);
	if (!d->open) {
		api_unlock(a->m);
		return -EINVAL;
	}
	for (size_t i = 0; i < d->n; i++) {
		struct mc_defrag_move *mv = &d->moves[i];
		struct arena_handle *e = &a->h[d->idx[i]];
		uint64_t bytes = (uint64_t)1 << (mv->order + a->shift);
		bool pinned = atomic_load_explicit(&e->pins,
						   memory_order_relaxed);

		e->state = AH_LIVE;
		if (mv->op == MC_DEFRAG_COPY && !pinned) {
			arena_copy(a, mv->dst_pfn, mv->src_pfn, mv->order);
			e->pfn = mv->dst_pfn;
			arena_free_block(a, mv->src_pfn, mv->order);
			d->st.moves++;
			d->st.bytes_moved += bytes;
			a->defrag_moves++;
			a->defrag_bytes += bytes;
			continue;
		}
		arena_free_block(a, mv->dst_pfn, mv->order);
		if (mv->op == MC_DEFRAG_DESTROY && !pinned) {
			arena_free_block(a, mv->src_pfn, mv->order);
			arena_handle_release(a, d->idx[i]);
			d->st.destroyed++;
		} else if (mv->op != MC_DEFRAG_IGNORE) {
			d->st.skipped++;
			a->defrag_skipped++;
		}
	}
	unlocked_mc_drain_all_pages(a->m);
	for (size_t i = 0; i < d->nsrc; i++)
		d->st.pageblocks_freed += pageblock_empty(a, d->src_blocks[i]);
	d->open = false;
	more = d->more;
	d->n = 0;
	api_unlock(a->m);
	return more;
}

int mc_defrag_end(struct mc_defrag *d, struct mc_defrag_stats *stats)
{
	struct mc_arena *a;

	if (!d)
		return -EINVAL;
	a = d->a;
	if (d->open) {
		for (size_t i = 0; i < d->n; i++)
			d->moves[i].op = MC_DEFRAG_IGNORE;
		mc_defrag_pass_end(d);
	}
	api_lock(a->m);
	a->defrag = NULL;
	api_unlock(a->m);
	if (stats)
		*stats = d->st;
	free(d->moves);
	free(d->idx);
	free(d->src_blocks);
	free(d);
	return 0;
}
