// SPDX-License-Identifier: GPL-2.0-only
/*
 * world.c - what lives above the allocator: tasks with anonymous memory,
 * page-cache files and slab caches, as owners of the pages they use.
 *
 * The world uses only the public API.  It registers three owners (anon,
 * file, slab) and keeps, for every page it owns, a reverse-map entry
 * whose index is the page's cookie: when compaction moves a page, the
 * owner's migrate operation finds the task's page-table entry or the
 * file's page-cache slot through it and points it at the new pfn, as
 * rmap and the page cache's xarray are updated in the kernel.  Reclaim
 * asks the owners to drop clean page cache, to swap anonymous pages out
 * (with swap) and to shrink reclaimable slab.
 *
 * Modelling choices (documented in docs/world.md):
 *  - a task's page table is a hash from virtual page number to pfn; a THP
 *    maps its 2^order pages; a partly unmapped THP stays allocated until
 *    all of it is unmapped (the deferred split queue is not modelled);
 *  - page cache pages are allocated with the mapping's gfp
 *    (GFP_HIGHUSER_MOVABLE, plus __GFP_WRITE for writes) and never
 *    readahead beyond what is read;
 *  - slab caches follow SLUB's order choice (enough objects per slab for
 *    the CPU count, at most order 3); objects are freed at random
 *    (seeded), so slabs stay partially used as in a long-running system.
 */
#include "world/world.h"
#include "mm/api_unlocked.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THP_FLAG	(1ULL << 63)	/* pte value: part of a THP mapping */
#define PFN_MASK	(~THP_FLAG)

/* ---- reverse map -------------------------------------------------------- */

static int rmap_get(struct mc_world *w, uint8_t type, uint32_t obj,
		    uint64_t idx, uint32_t *cookie)
{
	uint32_t id;

	if (w->rmap_nfree) {
		id = w->rmap_free[--w->rmap_nfree];
	} else {
		if (w->rmap_n == w->rmap_cap) {
			size_t nc = w->rmap_cap ? w->rmap_cap * 2 : 4096;
			struct rmap_ent *r = realloc(w->rmap, nc * sizeof(*r));
			uint32_t *f;

			if (!r)
				return -ENOMEM;
			w->rmap = r;
			f = realloc(w->rmap_free, nc * sizeof(*f));
			if (!f)
				return -ENOMEM;
			w->rmap_free = f;
			w->rmap_cap = nc;
		}
		id = (uint32_t)w->rmap_n++;
	}
	w->rmap[id] = (struct rmap_ent){ .type = type, .obj = obj,
					 .idx = idx };
	*cookie = id;
	return 0;
}

static void rmap_put(struct mc_world *w, uint32_t id)
{
	w->rmap[id].type = RMAP_NONE;
	w->rmap_free[w->rmap_nfree++] = id;
}

/* A growable array of pfns to free in one mc_free_pages_bulk() call. */
struct pfnvec {
	uint64_t *v;
	size_t n, cap;
};

static int pfnvec_push(struct pfnvec *pv, uint64_t pfn)
{
	if (pv->n == pv->cap) {
		size_t nc = pv->cap ? pv->cap * 2 : 256;
		uint64_t *p = realloc(pv->v, nc * sizeof(*p));

		if (!p)
			return -ENOMEM;
		pv->v = p;
		pv->cap = nc;
	}
	pv->v[pv->n++] = pfn;
	return 0;
}

/* Drop the reverse-map entries of @pv's blocks and free them. */
static int free_blocks(struct mc_world *w, struct pfnvec *pv, int cpu)
{
	int ret = 0;

	for (size_t i = 0; i < pv->n; i++) {
		struct mc_page_info info;

		if (!mc_page_info(w->m, pv->v[i], &info))
			rmap_put(w, info.cookie);
	}
	if (pv->n)
		ret = mc_free_pages_bulk(w->m, pv->v, pv->n, cpu);
	pv->n = 0;
	return ret;
}

/* Free what the deferred split queue holds (see anon_split()). */
static int flush_deferred(struct mc_world *w)
{
	struct pfnvec pv = { .v = w->deferred, .n = w->nr_deferred,
			     .cap = w->cap_deferred };
	int ret;

	if (!w->nr_deferred)
		return 0;
	ret = free_blocks(w, &pv, 0);
	w->nr_deferred = 0;
	return ret;
}

/* ---- owners ------------------------------------------------------------- */

static int anon_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			unsigned order, uint32_t cookie, int mode)
{
	struct mc_world *w = ctx;
	struct rmap_ent *r = &w->rmap[cookie];
	struct world_task *t;

	(void)old_pfn;
	(void)mode;
	w->migrations++;
	if (r->type == RMAP_ORPHAN) {
		/* a page waiting on the deferred split queue */
		w->deferred[r->idx] = new_pfn;
		return 0;
	}
	t = &w->tasks[r->obj];
	for (uint64_t i = 0; i < (1ULL << order); i++) {
		uint64_t v;

		if (hmap_get(&t->pt, r->idx + i, &v))
			hmap_put(&t->pt, r->idx + i,
				 (v & THP_FLAG) | (new_pfn + i));
	}
	return 0;
}

/*
 * A THP is split into base pages (split_folio during migration or
 * reclaim).  Mapped subpages get reverse-map entries of their own;
 * subpages the task already unmapped go to the deferred split queue and
 * are freed on the next world call.
 */
static int anon_split(void *ctx, uint64_t head_pfn, unsigned order,
		      uint32_t cookie, uint32_t *cookies)
{
	struct mc_world *w = ctx;
	struct rmap_ent r = w->rmap[cookie];
	struct world_task *t = &w->tasks[r.obj];
	uint64_t n = 1ULL << order, orphans = 0;
	size_t need;

	if (r.type != RMAP_ANON)
		return -EBUSY;
	/* reserve everything first: a split that fails changes nothing */
	need = w->nr_deferred + n;
	if (need > w->cap_deferred) {
		uint64_t *p = realloc(w->deferred, need * 2 * sizeof(*p));

		if (!p)
			return -EAGAIN;
		w->deferred = p;
		w->cap_deferred = need * 2;
	}
	for (uint64_t i = 1; i < n; i++)
		if (rmap_get(w, RMAP_ANON, r.obj, r.idx + i, &cookies[i])) {
			while (--i >= 1)
				rmap_put(w, cookies[i]);
			return -EAGAIN;
		}
	cookies[0] = cookie;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t v;

		if (hmap_get(&t->pt, r.idx + i, &v)) {
			hmap_put(&t->pt, r.idx + i, v & PFN_MASK);
			continue;
		}
		w->rmap[cookies[i]] = (struct rmap_ent){
			.type = RMAP_ORPHAN, .obj = r.obj,
			.idx = w->nr_deferred };
		w->deferred[w->nr_deferred++] = head_pfn + i;
		orphans++;
	}
	t->rss -= orphans;
	t->thps--;
	w->splits++;
	return 0;
}

/* Swap-out: the task's entries become swap entries; a later touch faults
 * the pages back in. */
static int anon_reclaim(void *ctx, uint64_t pfn, unsigned order,
			uint32_t cookie)
{
	struct mc_world *w = ctx;
	struct rmap_ent *r = &w->rmap[cookie];
	struct world_task *t;

	(void)pfn;
	if (r->type == RMAP_ORPHAN)
		return -EBUSY;	/* freed soon anyway */
	t = &w->tasks[r->obj];
	for (uint64_t i = 0; i < (1ULL << order); i++)
		if (hmap_del(&t->pt, r->idx + i) &&
		    hmap_put(&t->swap, r->idx + i, 0))
			return -ENOMEM;
	if (order)
		t->thps--;
	t->rss -= 1ULL << order;
	rmap_put(w, cookie);
	w->reclaimed += 1ULL << order;
	return 0;
}

static int file_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			unsigned order, uint32_t cookie, int mode)
{
	struct mc_world *w = ctx;
	struct rmap_ent *r = &w->rmap[cookie];
	struct world_file *f = &w->files[r->obj];

	(void)old_pfn;
	(void)mode;
	for (uint64_t i = 0; i < (1ULL << order); i++)
		hmap_put(&f->cache, r->idx + i, new_pfn + i);
	w->migrations++;
	return 0;
}

/* Dropping clean page cache (reclaim, drop_caches). */
static int file_reclaim(void *ctx, uint64_t pfn, unsigned order,
			uint32_t cookie)
{
	struct mc_world *w = ctx;
	struct rmap_ent *r = &w->rmap[cookie];
	struct world_file *f = &w->files[r->obj];

	(void)pfn;
	for (uint64_t i = 0; i < (1ULL << order); i++)
		hmap_del(&f->cache, r->idx + i);
	f->pages -= 1ULL << order;
	rmap_put(w, cookie);
	w->reclaimed += 1ULL << order;
	return 0;
}

static void slab_page_drop(struct world_cache *c, uint32_t sp)
{
	struct world_slab *s = &c->slabs[sp];

	s->live = false;
	s->gen++;		/* its entries in objs[] are now stale */
	c->live_objs -= s->inuse;
	s->inuse = 0;
	c->nr_slabs--;
	if (sp < c->first_dead)
		c->first_dead = sp;
}

/* A shrinker freed every object of a reclaimable slab page (dentries and
 * inodes of a cache are freed together in this model). */
static int slab_reclaim(void *ctx, uint64_t pfn, unsigned order,
			uint32_t cookie)
{
	struct mc_world *w = ctx;
	struct rmap_ent *r = &w->rmap[cookie];
	struct world_cache *c = &w->caches[r->obj];

	(void)pfn;
	if (!c->reclaimable)
		return -EBUSY;
	slab_page_drop(c, (uint32_t)r->idx);
	rmap_put(w, cookie);
	w->reclaimed += 1ULL << order;
	return 0;
}

static const struct mc_owner_ops anon_ops = {
	.migrate = anon_migrate,
	.split = anon_split,
	.reclaim = anon_reclaim,
};

static const struct mc_owner_ops file_ops = {
	.migrate = file_migrate,
	.reclaim = file_reclaim,
};

static const struct mc_owner_ops slab_ops = {
	.reclaim = slab_reclaim,
};

/* ---- the world ---------------------------------------------------------- */

struct mc_machine *world_machine(const struct mc_world *w)
{
	return w ? w->m : NULL;
}

int unlocked_mc_world_create(struct mc_machine *m, uint64_t seed, struct mc_world **out)
{
	struct mc_world *w;
	struct mc_geometry g;
	int ret;

	if (!m || !out)
		return -EINVAL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->m = m;
	mc_machine_geometry(m, &g);
	w->page_size = 1u << g.page_shift;
	w->nr_cpus = g.nr_cpus;
	w->thp_order = g.hpage_pmd_order;
	mc_rng_seed(&w->rng, seed);
	ret = mc_owner_register(m, "anon", &anon_ops, w, &w->anon_owner);
	if (!ret)
		ret = mc_owner_register(m, "page cache", &file_ops, w,
					&w->file_owner);
	if (!ret)
		ret = mc_owner_register(m, "slab", &slab_ops, w,
					&w->slab_owner);
	if (ret) {
		mc_world_destroy(w);
		return ret;
	}
	*out = w;
	return 0;
}

void unlocked_mc_world_destroy(struct mc_world *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->nr_tasks; i++)
		if (w->tasks[i].alive)
			mc_task_exit(w, (int)i);
	for (uint32_t i = 0; i < w->nr_files; i++)
		if (w->files[i].alive)
			mc_file_delete(w, (int)i);
	for (uint32_t i = 0; i < w->nr_caches; i++)
		if (w->caches[i].alive)
			mc_slab_destroy(w, (int)i);
	flush_deferred(w);
	for (uint32_t i = 0; i < w->nr_caches; i++) {
		free(w->caches[i].slabs);
		free(w->caches[i].objs);
	}
	if (w->anon_owner)
		mc_owner_unregister(w->m, w->anon_owner);
	if (w->file_owner)
		mc_owner_unregister(w->m, w->file_owner);
	if (w->slab_owner)
		mc_owner_unregister(w->m, w->slab_owner);
	free(w->tasks);
	free(w->files);
	free(w->caches);
	free(w->rmap);
	free(w->rmap_free);
	free(w->deferred);
	free(w);
}

/* Grow an array of @size-byte records to hold @n + 1. */
static int grow_array(void **v, uint32_t n, uint32_t *cap, size_t size)
{
	uint32_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	p = realloc(*v, (size_t)nc * size);
	if (!p)
		return -ENOMEM;
	memset((char *)p + (size_t)*cap * size, 0,
	       (size_t)(nc - *cap) * size);
	*v = p;
	*cap = nc;
	return 0;
}

/* ---- tasks -------------------------------------------------------------- */

int unlocked_mc_task_create(struct mc_world *w, const char *comm, int cpu, int *task)
{
	struct world_task *t;

	if (!w || !task || cpu < 0 || (unsigned)cpu >= w->nr_cpus)
		return -EINVAL;
	if (grow_array((void **)&w->tasks, w->nr_tasks, &w->cap_tasks,
		       sizeof(*w->tasks)))
		return -ENOMEM;
	t = &w->tasks[w->nr_tasks];
	memset(t, 0, sizeof(*t));
	t->alive = true;
	t->cpu = cpu;
	snprintf(t->comm, sizeof(t->comm), "%s", comm ? comm : "task");
	hmap_init(&t->pt);
	hmap_init(&t->swap);
	*task = (int)w->nr_tasks++;
	return 0;
}

static struct world_task *task_of(struct mc_world *w, int task)
{
	if (!w || task < 0 || (uint32_t)task >= w->nr_tasks ||
	    !w->tasks[task].alive)
		return NULL;
	return &w->tasks[task];
}

/* Fault one base page or a THP at @vpn; 0, or the allocator's error. */
static int fault_one(struct mc_world *w, struct world_task *t, int task,
		     uint64_t vpn, bool thp, unsigned *order)
{
	uint32_t cookie;
	uint64_t pfn;
	int ret;

	*order = 0;
	if (rmap_get(w, RMAP_ANON, (uint32_t)task, vpn, &cookie))
		return -ENOMEM;
	if (thp) {
		struct mc_thp_fault f = {
			.cpu = t->cpu, .nid = -1, .madvised = t->madvised,
			.owner = w->anon_owner, .cookie = cookie,
		};

		ret = mc_thp_fault(w->m, &f, &pfn, order);
	} else {
		struct mc_alloc_request rq = {
			.gfp = MC_GFP_HIGHUSER_MOVABLE, .order = 0,
			.nid = -1, .cpu = t->cpu, .owner = w->anon_owner,
			.kind = MC_PAGE_ANON, .cookie = cookie,
		};

		ret = mc_alloc_pages(w->m, &rq, &pfn);
	}
	if (ret) {
		rmap_put(w, cookie);
		return ret;
	}
	for (uint64_t i = 0; i < (1ULL << *order); i++) {
		if (hmap_put(&t->pt, vpn + i,
			     (pfn + i) | (*order ? THP_FLAG : 0))) {
			for (uint64_t j = 0; j < i; j++)
				hmap_del(&t->pt, vpn + j);
			rmap_put(w, cookie);
			mc_free_pages(w->m, pfn, *order, t->cpu);
			return -ENOMEM;
		}
		/* a write fault on a swap entry frees the slot
		 * (do_swap_page -> folio_free_swap) */
		if (hmap_del(&t->swap, vpn + i)) {
			t->swapins++;
			mc_swap_release(w->m, 1);
		}
	}
	if (*order)
		t->thps++;
	t->rss += 1ULL << *order;
	return 0;
}

/* May [v, v + 2^thp_order) be faulted as one THP?  do_huge_pmd_anonymous_page
 * runs only when the PMD range lies in the VMA and nothing is mapped or
 * swapped in it. */
static bool thp_range_free(struct world_task *t, uint64_t v, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (hmap_get(&t->pt, v + i, NULL) ||
		    hmap_get(&t->swap, v + i, NULL))
			return false;
	return true;
}

int unlocked_mc_task_touch(struct mc_world *w, int task, uint64_t vpn, uint64_t n,
		  unsigned flags)
{
	struct world_task *t = task_of(w, task);
	uint64_t thp_pages, done = 0;
	int ret;

	if (!t || !n || vpn + n < vpn ||
	    (flags & ~(MC_TOUCH_MADVISE_HUGEPAGE | MC_TOUCH_NOHUGEPAGE)))
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	t->madvised = flags & MC_TOUCH_MADVISE_HUGEPAGE;
	thp_pages = 1ULL << w->thp_order;
	for (uint64_t v = vpn; v < vpn + n;) {
		unsigned order;
		bool thp = false;

		if (hmap_get(&t->pt, v, NULL)) {
			v++;
			continue;
		}
		if (!(flags & MC_TOUCH_NOHUGEPAGE) &&
		    (v & (thp_pages - 1)) == 0 && v + thp_pages <= vpn + n)
			thp = thp_range_free(t, v, thp_pages);
		ret = fault_one(w, t, task, v, thp, &order);
		if (ret)
			return done ? (int)min_u64(done, INT32_MAX) : ret;
		done += 1ULL << order;
		v += 1ULL << order;
	}
	return (int)min_u64(done, INT32_MAX);
}

/* Unmap @v; a block whose last mapping goes is queued on @pv. */
static int unmap_one(struct mc_world *w, struct world_task *t, uint64_t v,
		     struct pfnvec *pv)
{
	uint64_t pte, pfn, thp_pages = 1ULL << w->thp_order;

	if (!hmap_get(&t->pt, v, &pte)) {
		if (hmap_del(&t->swap, v))	/* free_swap_and_cache */
			mc_swap_release(w->m, 1);
		return 0;
	}
	hmap_del(&t->pt, v);
	pfn = pte & PFN_MASK;
	if (pte & THP_FLAG) {
		/* a THP is mapped at an aligned vpn by an aligned block */
		uint64_t off = pfn & (thp_pages - 1);

		for (uint64_t i = 0; i < thp_pages; i++)
			if (hmap_get(&t->pt, v - off + i, NULL))
				return 0;	/* still partly mapped */
		pfn -= off;
		t->thps--;
		t->rss -= thp_pages;
	} else {
		t->rss--;
	}
	return pfnvec_push(pv, pfn);
}

int unlocked_mc_task_unmap(struct mc_world *w, int task, uint64_t vpn, uint64_t n)
{
	struct world_task *t = task_of(w, task);
	struct pfnvec pv = { 0 };
	int ret;

	if (!t || vpn + n < vpn)
		return -EINVAL;
	ret = flush_deferred(w);
	for (uint64_t v = vpn; v < vpn + n && !ret; v++)
		ret = unmap_one(w, t, v, &pv);
	if (!ret)
		ret = free_blocks(w, &pv, t->cpu);
	free(pv.v);
	return ret;
}

int unlocked_mc_task_exit(struct mc_world *w, int task)
{
	struct world_task *t = task_of(w, task);
	struct pfnvec pv = { 0 };
	uint64_t *vpns, k, v;
	size_t pos = 0, nr = 0;
	int ret;

	if (!t)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	vpns = malloc((t->pt.n ? t->pt.n : 1) * sizeof(*vpns));
	if (!vpns)
		return -ENOMEM;
	while (hmap_next(&t->pt, &pos, &k, &v))
		vpns[nr++] = k;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = unmap_one(w, t, vpns[i], &pv);
	free(vpns);
	/* the task's swap entries go with it */
	if (!ret && t->swap.n)
		ret = mc_swap_release(w->m, t->swap.n);
	if (!ret)
		ret = free_blocks(w, &pv, t->cpu);
	free(pv.v);
	if (ret)
		return ret;
	hmap_free(&t->pt);
	hmap_free(&t->swap);
	t->alive = false;
	return 0;
}

/* Apply MC_PF_* @set/@clear to every block mapped in the range. */
static int task_flags(struct mc_world *w, int task, uint64_t vpn, uint64_t n,
		      unsigned set, unsigned clear)
{
	struct world_task *t = task_of(w, task);
	uint64_t last_head = UINT64_MAX;

	if (!t || vpn + n < vpn)
		return -EINVAL;
	for (uint64_t v = vpn; v < vpn + n; v++) {
		struct mc_page_info info;
		uint64_t pte;
		int ret;

		if (!hmap_get(&t->pt, v, &pte))
			continue;
		if (mc_page_info(w->m, pte & PFN_MASK, &info))
			continue;
		if (info.head_pfn == last_head)
			continue;
		last_head = info.head_pfn;
		ret = mc_page_set_flags(w->m, info.head_pfn, set, clear);
		if (ret)
			return ret;
	}
	return 0;
}

int unlocked_mc_task_mlock(struct mc_world *w, int task, uint64_t vpn, uint64_t n,
		  bool on)
{
	return task_flags(w, task, vpn, n, on ? MC_PF_MLOCKED : 0,
			  on ? 0 : MC_PF_MLOCKED);
}

int unlocked_mc_task_pin(struct mc_world *w, int task, uint64_t vpn, uint64_t n,
		bool on)
{
	return task_flags(w, task, vpn, n, on ? MC_PF_PINNED : 0,
			  on ? 0 : MC_PF_PINNED);
}

int unlocked_mc_task_lookup(struct mc_world *w, int task, uint64_t vpn, uint64_t *pfn)
{
	struct world_task *t = task_of(w, task);
	uint64_t pte;

	if (!t || !pfn)
		return -EINVAL;
	if (!hmap_get(&t->pt, vpn, &pte))
		return hmap_get(&t->swap, vpn, NULL) ? -ENODATA : -ENOENT;
	*pfn = pte & PFN_MASK;
	return 0;
}

/* ---- page cache ---------------------------------------------------------- */

int unlocked_mc_file_create(struct mc_world *w, const char *name, int *file)
{
	struct world_file *f;

	if (!w || !file)
		return -EINVAL;
	if (grow_array((void **)&w->files, w->nr_files, &w->cap_files,
		       sizeof(*w->files)))
		return -ENOMEM;
	f = &w->files[w->nr_files];
	memset(f, 0, sizeof(*f));
	f->alive = true;
	snprintf(f->name, sizeof(f->name), "%s", name ? name : "file");
	hmap_init(&f->cache);
	*file = (int)w->nr_files++;
	return 0;
}

static struct world_file *file_of(struct mc_world *w, int file)
{
	if (!w || file < 0 || (uint32_t)file >= w->nr_files ||
	    !w->files[file].alive)
		return NULL;
	return &w->files[file];
}

/*
 * Read or write [index, index + n): missing pages are allocated with the
 * mapping's gfp (GFP_HIGHUSER_MOVABLE; writes add __GFP_WRITE, as
 * FGP_WRITE does); a page found in the cache is marked accessed, which
 * activates it (mark_page_accessed on a referenced folio); writes dirty.
 */
static int file_populate(struct mc_world *w, int file, int cpu,
			 uint64_t index, uint64_t n, bool write)
{
	struct world_file *f = file_of(w, file);
	uint64_t done = 0;
	int ret;

	if (!f || !n || cpu < 0 || (unsigned)cpu >= w->nr_cpus ||
	    index + n < index)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	for (uint64_t i = index; i < index + n; i++) {
		unsigned set = write ? MC_PF_DIRTY : 0;
		uint64_t pfn;

		if (hmap_get(&f->cache, i, &pfn)) {
			set |= MC_PF_ACTIVE;
		} else {
			struct mc_alloc_request rq = {
				.gfp = MC_GFP_HIGHUSER_MOVABLE |
				       (write ? MC_GFP_WRITE : 0),
				.nid = -1, .cpu = cpu,
				.owner = w->file_owner, .kind = MC_PAGE_FILE,
			};

			if (rmap_get(w, RMAP_FILE, (uint32_t)file, i,
				     &rq.cookie))
				return -ENOMEM;
			ret = mc_alloc_pages(w->m, &rq, &pfn);
			if (!ret && hmap_put(&f->cache, i, pfn)) {
				mc_free_pages(w->m, pfn, 0, cpu);
				ret = -ENOMEM;
			}
			if (ret) {
				rmap_put(w, rq.cookie);
				return done ? (int)min_u64(done, INT32_MAX) :
					      ret;
			}
			f->pages++;
		}
		if (set)
			mc_page_set_flags(w->m, pfn, set, 0);
		done++;
	}
	return (int)min_u64(done, INT32_MAX);
}

int unlocked_mc_file_read(struct mc_world *w, int file, int cpu, uint64_t index,
		 uint64_t n)
{
	return file_populate(w, file, cpu, index, n, false);
}

int unlocked_mc_file_write(struct mc_world *w, int file, int cpu, uint64_t index,
		  uint64_t n)
{
	return file_populate(w, file, cpu, index, n, true);
}

/* fsync: dirty pages are written back and become clean. */
int unlocked_mc_file_sync(struct mc_world *w, int file)
{
	struct world_file *f = file_of(w, file);
	uint64_t k, pfn;
	size_t pos = 0;

	if (!f)
		return -EINVAL;
	while (hmap_next(&f->cache, &pos, &k, &pfn)) {
		int ret = mc_page_set_flags(w->m, pfn, 0,
					    MC_PF_DIRTY | MC_PF_WRITEBACK);

		if (ret)
			return ret;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int unlocked_mc_file_truncate(struct mc_world *w, int file, uint64_t index,
		     uint64_t n)
{
	struct world_file *f = file_of(w, file);
	struct pfnvec pv = { 0 };
	uint64_t *idx, k, v, nr = 0;
	size_t pos = 0;
	int ret;

	if (!f || index + n < index)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	/* the cached indices in range, in index order */
	idx = malloc((f->cache.n ? f->cache.n : 1) * sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	while (hmap_next(&f->cache, &pos, &k, &v))
		if (k >= index && k - index < n)
			idx[nr++] = k;
	qsort(idx, nr, sizeof(*idx), cmp_u64);
	for (uint64_t i = 0; i < nr && !ret; i++) {
		hmap_get(&f->cache, idx[i], &v);
		ret = pfnvec_push(&pv, v);
		if (!ret) {
			hmap_del(&f->cache, idx[i]);
			f->pages--;
		}
	}
	free(idx);
	if (!ret)
		ret = free_blocks(w, &pv, 0);
	free(pv.v);
	return ret;
}

int unlocked_mc_file_delete(struct mc_world *w, int file)
{
	struct world_file *f = file_of(w, file);
	int ret;

	if (!f)
		return -EINVAL;
	ret = mc_file_truncate(w, file, 0, UINT64_MAX);
	if (ret)
		return ret;
	hmap_free(&f->cache);
	f->alive = false;
	return 0;
}

/* ---- slab ----------------------------------------------------------------- */

#define SLUB_MAX_ORDER		3	/* PAGE_ALLOC_COSTLY_ORDER */
#define MAX_OBJS_PER_PAGE	32767

static unsigned fls_u(unsigned x)
{
	return x ? 32 - (unsigned)__builtin_clz(x) : 0;
}

static unsigned get_order_bytes(uint64_t size, unsigned page_size)
{
	unsigned order = 0;

	while (((uint64_t)page_size << order) < size)
		order++;
	return order;
}

/* SLUB's calculate_order(): objects per slab for the CPU count, waste at
 * most 1/16 of the slab, then 1/8, then 1/4. */
static unsigned slab_order(unsigned size, unsigned page_size,
			   unsigned nr_cpus)
{
	unsigned min_objects = 4 * (fls_u(nr_cpus) + 1);
	unsigned max_objects = (page_size << SLUB_MAX_ORDER) / size;
	unsigned min_order;

	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = get_order_bytes((uint64_t)min_objects * size, page_size);
	if (((uint64_t)page_size << min_order) / size > MAX_OBJS_PER_PAGE)
		return get_order_bytes((uint64_t)size * MAX_OBJS_PER_PAGE,
				       page_size) - 1;
	for (unsigned fraction = 16; fraction > 1; fraction /= 2)
		for (unsigned o = min_order; o <= SLUB_MAX_ORDER; o++) {
			unsigned slab_size = page_size << o;

			if (slab_size % size <= slab_size / fraction)
				return o;
		}
	return get_order_bytes(size, page_size);
}

int unlocked_mc_slab_create(struct mc_world *w, const char *name, unsigned obj_size,
		   bool reclaimable, int *cache)
{
	struct world_cache *c;

	/* larger objects are kmalloc_large: plain page allocations */
	if (!w || !cache || !obj_size ||
	    obj_size > (w->page_size << SLUB_MAX_ORDER) / 2)
		return -EINVAL;
	if (grow_array((void **)&w->caches, w->nr_caches, &w->cap_caches,
		       sizeof(*w->caches)))
		return -ENOMEM;
	c = &w->caches[w->nr_caches];
	memset(c, 0, sizeof(*c));
	c->alive = true;
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "cache");
	c->obj_size = obj_size;
	c->reclaimable = reclaimable;
	c->order = slab_order(obj_size, w->page_size, w->nr_cpus);
	c->objs_per_slab = (unsigned)(((uint64_t)w->page_size << c->order) /
				      obj_size);
	*cache = (int)w->nr_caches++;
	return 0;
}

static struct world_cache *cache_of(struct mc_world *w, int cache)
{
	if (!w || cache < 0 || (uint32_t)cache >= w->nr_caches ||
	    !w->caches[cache].alive)
		return NULL;
	return &w->caches[cache];
}

/* allocate_slab(): a new slab page of the cache's order. */
static int slab_new_page(struct mc_world *w, struct world_cache *c,
			 int cache, int cpu, uint32_t *sp_out)
{
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_KERNEL |
		       (c->reclaimable ? MC_GFP_RECLAIMABLE : 0) |
		       (c->order ? MC_GFP_COMP : 0),
		.order = c->order, .nid = -1, .cpu = cpu,
		.owner = w->slab_owner,
		.kind = c->reclaimable ? MC_PAGE_SLAB_RECLAIMABLE :
					 MC_PAGE_SLAB,
	};
	uint32_t sp = c->nr_slab_recs;
	uint64_t pfn;
	int ret;

	/* reuse the lowest dead slab record (deterministic) */
	for (uint32_t i = c->first_dead; i < c->nr_slab_recs; i++)
		if (!c->slabs[i].live) {
			sp = i;
			break;
		}
	c->first_dead = sp;
	if (sp == c->nr_slab_recs &&
	    grow_array((void **)&c->slabs, c->nr_slab_recs, &c->cap_slabs,
		       sizeof(*c->slabs)))
		return -ENOMEM;
	if (rmap_get(w, RMAP_SLAB, (uint32_t)cache, sp, &rq.cookie))
		return -ENOMEM;
	ret = mc_alloc_pages(w->m, &rq, &pfn);
	if (ret) {
		rmap_put(w, rq.cookie);
		return ret;
	}
	if (sp == c->nr_slab_recs)
		c->nr_slab_recs++;
	c->slabs[sp].pfn = pfn;
	c->slabs[sp].inuse = 0;
	c->slabs[sp].live = true;
	c->first_dead = sp + 1;
	c->nr_slabs++;
	*sp_out = sp;
	return 0;
}

int unlocked_mc_slab_alloc(struct mc_world *w, int cache, int cpu, uint64_t nobj)
{
	struct world_cache *c = cache_of(w, cache);
	uint64_t done = 0;
	int ret;

	if (!c || cpu < 0 || (unsigned)cpu >= w->nr_cpus)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	while (done < nobj) {
		uint32_t sp = UINT32_MAX;

		/* the lowest partial slab first (deterministic) */
		for (uint32_t i = c->partial_hint; i < c->nr_slab_recs; i++)
			if (c->slabs[i].live &&
			    c->slabs[i].inuse < c->objs_per_slab) {
				sp = i;
				break;
			}
		if (c->nr_objs == c->cap_objs) {
			uint64_t nc = c->cap_objs ? c->cap_objs * 2 : 1024;
			uint64_t *p = realloc(c->objs, nc * sizeof(*p));

			if (!p)
				return done ? (int)min_u64(done, INT32_MAX) :
					      -ENOMEM;
			c->objs = p;
			c->cap_objs = nc;
		}
		if (sp == UINT32_MAX) {
			ret = slab_new_page(w, c, cache, cpu, &sp);
			if (ret)
				return done ? (int)min_u64(done, INT32_MAX) :
					      ret;
		}
		c->partial_hint = sp;
		c->objs[c->nr_objs++] = sp | (uint64_t)c->slabs[sp].gen << 32;
		c->slabs[sp].inuse++;
		c->live_objs++;
		done++;
	}
	return (int)min_u64(done, INT32_MAX);
}

static int slab_free_page(struct mc_world *w, struct world_cache *c,
			  uint32_t sp, int cpu)
{
	struct mc_page_info info;
	uint64_t pfn = c->slabs[sp].pfn;
	int ret;

	if (!mc_page_info(w->m, pfn, &info))
		rmap_put(w, info.cookie);
	ret = mc_free_pages(w->m, pfn, c->order, cpu);
	slab_page_drop(c, sp);
	if (sp < c->partial_hint)
		c->partial_hint = sp;
	return ret;
}

/* Drop the entries of shrunk slabs once they outnumber live objects. */
static void slab_compact_objs(struct world_cache *c)
{
	uint64_t j = 0;

	if (c->nr_objs < 1024 || c->nr_objs <= 2 * c->live_objs)
		return;
	for (uint64_t i = 0; i < c->nr_objs; i++) {
		uint64_t e = c->objs[i];

		if (c->slabs[(uint32_t)e].gen == (uint32_t)(e >> 32))
			c->objs[j++] = e;
	}
	c->nr_objs = j;
}

/* Free @nobj objects chosen at random (seeded) among the live ones. */
int unlocked_mc_slab_free(struct mc_world *w, int cache, int cpu, uint64_t nobj)
{
	struct world_cache *c = cache_of(w, cache);
	uint64_t done = 0;
	int ret;

	if (!c || cpu < 0 || (unsigned)cpu >= w->nr_cpus)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	slab_compact_objs(c);
	while (done < nobj && c->live_objs) {
		uint64_t i = mc_rng_below(&w->rng, c->nr_objs);
		uint64_t e = c->objs[i];
		uint32_t sp = (uint32_t)e;

		c->objs[i] = c->objs[--c->nr_objs];
		if (c->slabs[sp].gen != (uint32_t)(e >> 32))
			continue;	/* its slab was shrunk */
		c->live_objs--;
		if (--c->slabs[sp].inuse == 0) {
			c->slabs[sp].inuse = 0;
			ret = slab_free_page(w, c, sp, cpu);
			if (ret)
				return ret;
		} else if (sp < c->partial_hint) {
			c->partial_hint = sp;
		}
		done++;
	}
	return (int)min_u64(done, INT32_MAX);
}

int unlocked_mc_slab_destroy(struct mc_world *w, int cache)
{
	struct world_cache *c = cache_of(w, cache);
	int ret;

	if (!c)
		return -EINVAL;
	ret = flush_deferred(w);
	if (ret)
		return ret;
	for (uint32_t i = 0; i < c->nr_slab_recs; i++)
		if (c->slabs[i].live) {
			ret = slab_free_page(w, c, i, 0);
			if (ret)
				return ret;
		}
	c->nr_objs = 0;
	c->live_objs = 0;
	c->alive = false;
	return 0;
}

/* ---- statistics ------------------------------------------------------------ */

int unlocked_mc_world_stats(const struct mc_world *w, struct mc_world_stats *s)
{
	if (!w || !s)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	for (uint32_t i = 0; i < w->nr_tasks; i++) {
		if (!w->tasks[i].alive)
			continue;
		s->tasks++;
		s->anon_pages += w->tasks[i].rss;
		s->thps += w->tasks[i].thps;
		s->swapped_pages += w->tasks[i].swap.n;
		s->swapins += w->tasks[i].swapins;
	}
	for (uint32_t i = 0; i < w->nr_files; i++)
		if (w->files[i].alive) {
			s->files++;
			s->file_pages += w->files[i].pages;
		}
	for (uint32_t i = 0; i < w->nr_caches; i++)
		if (w->caches[i].alive) {
			const struct world_cache *c = &w->caches[i];

			s->slab_caches++;
			s->slab_pages += (uint64_t)c->nr_slabs << c->order;
			s->slab_objects += c->live_objs;
		}
	s->migrations = w->migrations;
	s->thp_splits = w->splits;
	s->reclaimed_pages = w->reclaimed;
	return 0;
}
