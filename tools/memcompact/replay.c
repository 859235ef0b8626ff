// SPDX-License-Identifier: GPL-2.0-only
/*
 * replay.c - a kernel's page allocations and frees, replayed in order
 * through a memcompact machine.
 *
 * Each mm_page_alloc becomes an mc_alloc_pages() request with the event's
 * order, gfp mask and CPU; memcompact's pfn is compared with the kernel's.
 * Each later free names the kernel's pfn: a map from the kernel's pfn of
 * every live traced block to a record holding memcompact's pfn for it
 * turns the free into the free of memcompact's block (which is where the
 * two machines stay in step even after they part).
 *
 * What the kernel does in one call shows as several events, and a faithful
 * replay has to put them back together:
 *
 *  - release_pages()/free_unref_folios() frees a batch of up to 31 folios
 *    (FOLIO_BATCH_SIZE): mm_page_free for each as it is prepared, then
 *    mm_page_free_batched for each that goes to the per-cpu lists.  A run
 *    of frees on one CPU followed by free_batched events is replayed as one
 *    mc_free_pages_bulk() starting at the free whose pfn the first
 *    free_batched names (the first folio of the batch bound for a pcp
 *    list); free_batched events whose free is not there are frees of
 *    their own (order 0).
 *
 *  - Page migration frees the source folio (mm_page_free) inside
 *    migrate_pages(), between the task's mm_migrate_pages_start and
 *    mm_migrate_pages.  memcompact migrates on its own when the same
 *    request or daemon runs, and tells the replay through its owner
 *    callback; so a free inside a bracket is not replayed, and the block
 *    follows memcompact's move (the kernel's new pfn is not in the trace:
 *    it is taken to be memcompact's, which it is when the two agree).
 *    Which side moves first depends on the caller (direct compaction frees
 *    before its mm_page_alloc event, kcompactd moves during the time
 *    memcompact lets pass), so each side leaves a note for the other.
 *    Without the migrate events in the trace, migration frees are replayed
 *    as frees.
 *
 *  - Compaction gives back the free pages it isolated and did not use
 *    (release_free_list(): __free_pages(), so mm_page_free) after its
 *    last migrate_pages() call, and those pages were never allocated in
 *    the trace.  A free the replay cannot place that comes after a
 *    task's migration bracket and before its next allocation is counted
 *    as such (memcompact's own compaction does the same on its side);
 *    other frees it cannot place are of pages allocated before the trace.
 *
 *  - split_page() and THP splits free parts of a block: the pages are
 *    counted and memcompact's block is freed when all of them are (the
 *    model has no split to call).
 *
 * Kinds: __GFP_MOVABLE makes an anonymous folio (compound above order 0,
 * else a kernel block, as movable kinds must be compound), __GFP_RECLAIMABLE
 * a reclaimable slab page, anything else an unmovable kernel page.  The
 * replay's owner accepts every migration and refuses reclaim and splits:
 * the trace says when pages go.
 */
#include "replay.h"

#include "util/hmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NO_PFN		UINT64_MAX
#define FOLIO_BATCH	31	/* FOLIO_BATCH_SIZE */

/* struct tev.flags, set by plan() */
#define F_MIGRATION	(1u << 0)	/* a free inside a migration bracket */
#define F_BATCH_MEMBER	(1u << 1)	/* freed with the batch's first */
#define F_STANDALONE	(1u << 2)	/* free_batched freeing by itself */
#define F_AFTER_MIGRATION (1u << 3)	/* a free after the task's migration
					 * bracket, before its next allocation */

/* brackets map: open migrate_pages calls of a pid, and AFTER_BRACKET */
#define AFTER_BRACKET	(1ull << 63)

/* One traced block. */
struct rrec {
	uint64_t kpfn;		/* the kernel's pfn (the map's key) or NO_PFN */
	uint64_t opfn;		/* memcompact's pfn or NO_PFN */
	uint32_t freed;		/* pages freed so far (split frees) */
	uint32_t next_free;	/* free list of records */
	uint8_t order;
	bool live;
	bool o_moved;		/* memcompact moved it; the kernel not yet */
	bool k_moved;		/* the kernel moved it; memcompact not yet */
};

struct replay {
	struct mc_machine *m;
	struct mc_geometry g;
	unsigned slot;
	struct rrec *recs;
	uint32_t nrecs, cap, free_head;
	struct hmap live;		/* kernel pfn -> record */
	uint32_t *bidx;			/* batch member event indices */
	size_t nbidx, bcap;
	struct replay_result *res;	/* &result */
	struct replay_result result;
};

/* ---- records ------------------------------------------------------------ */

static int rec_new(struct replay *r, uint32_t *ri)
{
	if (r->free_head != UINT32_MAX) {
		*ri = r->free_head;
		r->free_head = r->recs[*ri].next_free;
	} else {
		if (r->nrecs == r->cap) {
			uint32_t nc = r->cap ? r->cap * 2 : 4096;
			struct rrec *p = realloc(r->recs, nc * sizeof(*p));

			if (!p)
				return -ENOMEM;
			r->recs = p;
			r->cap = nc;
		}
		*ri = r->nrecs++;
	}
	memset(&r->recs[*ri], 0, sizeof(r->recs[*ri]));
	r->recs[*ri].live = true;
	return 0;
}

static void rec_drop(struct replay *r, uint32_t ri)
{
	struct rrec *rec = &r->recs[ri];

	if (rec->kpfn != NO_PFN) {
		uint64_t v;

		if (hmap_get(&r->live, rec->kpfn, &v) && v == ri)
			hmap_del(&r->live, rec->kpfn);
	}
	if (rec->o_moved)
		r->res->migrations_model_only++;
	if (rec->k_moved)
		r->res->migrations_kernel_only++;
	rec->live = false;
	rec->next_free = r->free_head;
	r->free_head = ri;
}

/* Key @ri by kernel pfn @kpfn (a block memcompact moved there). */
static void rec_rekey(struct replay *r, uint32_t ri, uint64_t kpfn)
{
	uint64_t other;

	if (hmap_get(&r->live, kpfn, &other) && other != ri)
		r->recs[other].kpfn = NO_PFN;	/* parted: lose the old key */
	r->recs[ri].kpfn = kpfn;
	hmap_put(&r->live, kpfn, ri);
}

/*
 * Free memcompact's block of record @ri (the whole block); false when
 * memcompact had none (its allocation failed).
 */
static bool rec_free_block(struct replay *r, uint32_t ri, int cpu)
{
	struct rrec *rec = &r->recs[ri];
	bool had = rec->opfn != NO_PFN;

	if (had)
		mc_free_pages(r->m, rec->opfn, rec->order, cpu);
	rec_drop(r, ri);
	return had;
}

/* A free event of the trace reached record @ri's whole block. */
static void trace_free_block(struct replay *r, uint32_t ri, int cpu)
{
	if (rec_free_block(r, ri, cpu))
		r->res->frees_done++;
	else
		r->res->frees_of_failed++;
}

/* ---- the owner ------------------------------------------------------------ */

static int own_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode)
{
	struct replay *r = ctx;
	struct rrec *rec;

	(void)old_pfn;
	(void)order;
	(void)mode;
	if (cookie >= r->nrecs || !r->recs[cookie].live)
		return 0;
	rec = &r->recs[cookie];
	rec->opfn = new_pfn;
	r->res->model_migrations++;
	if (rec->k_moved) {
		rec->k_moved = false;
		r->res->migrations_matched++;
		r->res->matched_kernel_first++;
		rec_rekey(r, cookie, new_pfn);
	} else {
		rec->o_moved = true;
	}
	return 0;
}

static int own_split(void *ctx, uint64_t head_pfn, unsigned order,
		     uint32_t cookie, uint32_t *cookies)
{
	(void)ctx;
	(void)head_pfn;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static int own_reclaim(void *ctx, uint64_t pfn, unsigned order,
		       uint32_t cookie)
{
	(void)ctx;
	(void)pfn;
	(void)order;
	(void)cookie;
	return 1;
}

static const struct mc_owner_ops replay_owner = {
	.migrate = own_migrate,
	.split = own_split,
	.reclaim = own_reclaim,
};

/* ---- planning: batches and migration brackets ----------------------------- */

struct cpu_run {
	uint32_t ring[FOLIO_BATCH];	/* the last frees of the run */
	unsigned n;			/* frees in the ring (<= 31) */
	unsigned head;			/* next slot */
	bool tail;			/* free_batched seen after the run */
	uint32_t batch_first;		/* the batch being consumed */
};

static void run_reset(struct cpu_run *c)
{
	c->n = 0;
	c->head = 0;
	c->tail = false;
}

static uint32_t ring_at(const struct cpu_run *c, unsigned back)
{
	return c->ring[(c->head + FOLIO_BATCH - 1 - back) % FOLIO_BATCH];
}

static int bidx_push(struct replay *r, uint32_t i)
{
	if (r->nbidx == r->bcap) {
		size_t nc = r->bcap ? r->bcap * 2 : 1024;
		uint32_t *p = realloc(r->bidx, nc * sizeof(*p));

		if (!p)
			return -ENOMEM;
		r->bidx = p;
		r->bcap = nc;
	}
	r->bidx[r->nbidx++] = i;
	return 0;
}

/*
 * Mark the batch that ends the run of @c at the free with @pfn: its first
 * event gets batch = 1 + index of its member list in r->bidx (members
 * in order, first included, count before them).
 */
static int make_batch(struct replay *r, struct tev_vec *evs,
		      struct cpu_run *c, uint64_t pfn, bool *found)
{
	unsigned k, back;

	*found = false;
	for (back = 0; back < c->n; back++)
		if (evs->v[ring_at(c, back)].pfn == pfn)
			break;
	if (back == c->n)
		return 0;
	*found = true;
	c->batch_first = ring_at(c, back);
	evs->v[c->batch_first].batch = (uint32_t)r->nbidx + 1;
	if (bidx_push(r, back + 1))
		return -ENOMEM;
	for (k = back + 1; k-- > 0;) {
		uint32_t i = ring_at(c, k);

		if (i != c->batch_first)
			evs->v[i].flags |= F_BATCH_MEMBER;
		if (bidx_push(r, i))
			return -ENOMEM;
	}
	return 0;
}

static bool in_batch(const struct replay *r, const struct tev_vec *evs,
		     uint32_t first, uint64_t pfn)
{
	const uint32_t *b = &r->bidx[evs->v[first].batch - 1];

	for (uint32_t k = 1; k <= b[0]; k++)
		if (evs->v[b[k]].pfn == pfn)
			return true;
	return false;
}

static int plan(struct replay *r, struct tev_vec *evs, unsigned nr_cpus)
{
	struct cpu_run *cpus = calloc(nr_cpus, sizeof(*cpus));
	struct hmap brackets;	/* pid -> open migrate_pages calls */
	int ret = 0;

	if (!cpus)
		return -ENOMEM;
	hmap_init(&brackets);
	for (size_t i = 0; i < evs->n && !ret; i++) {
		struct tev *e = &evs->v[i];
		struct cpu_run *c = &cpus[e->cpu];
		uint64_t pid = (uint64_t)(uint32_t)e->pid, depth = 0, v = 0;
		bool found, after;

		e->flags = 0;
		e->batch = 0;
		hmap_get(&brackets, pid, &v);
		depth = v & ~AFTER_BRACKET;
		after = v & AFTER_BRACKET;
		switch (e->kind) {
		case TEV_FREE:
			if (depth) {
				e->flags |= F_MIGRATION;
				run_reset(c);
				break;
			}
			if (after)
				e->flags |= F_AFTER_MIGRATION;
			if (c->tail)
				run_reset(c);
			c->ring[c->head] = (uint32_t)i;
			c->head = (c->head + 1) % FOLIO_BATCH;
			if (c->n < FOLIO_BATCH)
				c->n++;
			break;
		case TEV_FREE_BATCHED:
			found = false;
			if (c->tail) {
				found = in_batch(r, evs, c->batch_first,
						 e->pfn);
			} else if (c->n) {
				ret = make_batch(r, evs, c, e->pfn, &found);
				c->tail = found;
			}
			if (!found)
				e->flags |= F_STANDALONE;
			break;
		case TEV_MIGRATE_START:
			ret = hmap_put(&brackets, pid, depth + 1);
			run_reset(c);
			break;
		case TEV_MIGRATE_END:
			if (depth > 1)
				ret = hmap_put(&brackets, pid, depth - 1);
			else if (depth)
				ret = hmap_put(&brackets, pid, AFTER_BRACKET);
			run_reset(c);
			break;
		case TEV_ALLOC:
			if (after)
				hmap_del(&brackets, pid);
			run_reset(c);
			break;
		default:
			run_reset(c);
			break;
		}
	}
	hmap_free(&brackets);
	free(cpus);
	return ret;
}

/* ---- replaying ------------------------------------------------------------ */

static enum mc_page_kind kind_of(uint32_t gfp, unsigned order)
{
	if (gfp & MC_GFP_MOVABLE)
		return (!order || (gfp & MC_GFP_COMP)) ? MC_PAGE_ANON :
							 MC_PAGE_KERNEL;
	if (gfp & MC_GFP_RECLAIMABLE)
		return MC_PAGE_SLAB_RECLAIMABLE;
	return MC_PAGE_KERNEL;
}

static int replay_alloc(struct replay *r, const struct tev *e)
{
	struct replay_result *res = r->res;
	struct mc_alloc_request rq = {
		.gfp = e->gfp, .order = e->order, .nid = -1, .cpu = e->cpu,
		.owner = r->slot, .kind = kind_of(e->gfp, e->order),
	};
	uint64_t pfn = NO_PFN, old;
	uint32_t ri = UINT32_MAX;
	bool agree;
	int ret;

	res->allocs++;
	if (e->failed)
		res->kernel_failed++;
	else
		res->kernel_ok++;
	/* the kernel gives out a pfn the trace never saw freed */
	if (!e->failed && hmap_get(&r->live, e->pfn, &old)) {
		res->reused_live++;
		rec_free_block(r, (uint32_t)old, e->cpu);
	}
	if (!e->failed) {
		if (rec_new(r, &ri))
			return -ENOMEM;
		rq.cookie = ri;
	}
	if (e->order > r->g.max_page_order)
		ret = -EINVAL;
	else
		ret = mc_alloc_pages(r->m, &rq, &pfn);
	if (ret == -EINVAL)
		res->invalid++;
	if (ret == 0)
		res->ours_ok++;
	else
		res->ours_failed++;

	agree = e->failed ? ret != 0 : (ret == 0 && pfn == e->pfn);
	if (e->order < REPLAY_ORDERS && e->mt >= 0 && e->mt < REPLAY_MTS) {
		res->cell[e->order][e->mt].requests++;
		res->cell[e->order][e->mt].agree += agree;
	}
	if (agree) {
		res->agree++;
	} else if (!res->first.found) {
		struct replay_divergence *d = &res->first;

		d->found = true;
		d->line = e->line;
		d->order = e->order;
		d->mt = e->mt;
		d->gfp = e->gfp;
		d->cpu = e->cpu;
		d->kernel_failed = e->failed;
		d->kernel_pfn = e->pfn;
		d->ours_ret = ret;
		d->ours_pfn = pfn;
	}

	if (e->failed) {
		/* the kernel had nothing: give ours back at once */
		if (ret == 0)
			mc_free_pages(r->m, pfn, e->order, e->cpu);
		return 0;
	}
	r->recs[ri].order = e->order;
	r->recs[ri].opfn = ret == 0 ? pfn : NO_PFN;
	rec_rekey(r, ri, e->pfn);
	return 0;
}

enum lookup { L_NONE, L_FULL, L_PARTIAL };

/*
 * The record a free of @order at kernel pfn @kpfn frees: the block keyed
 * there (L_FULL; a free of a smaller order than the block is L_PARTIAL),
 * or a live block that contains the pages (L_PARTIAL).
 */
static enum lookup lookup_free(struct replay *r, uint64_t kpfn,
			       unsigned order, uint32_t *ri)
{
	uint64_t v;

	if (hmap_get(&r->live, kpfn, &v)) {
		*ri = (uint32_t)v;
		if (order < r->recs[v].order)
			return L_PARTIAL;
		if (order > r->recs[v].order)
			r->res->frees_order_mismatch++;
		return L_FULL;
	}
	for (unsigned k = 1; k <= r->g.max_page_order; k++) {
		uint64_t head = kpfn & ~((1ull << k) - 1);
		struct rrec *rec;

		if (head == kpfn || !hmap_get(&r->live, head, &v))
			continue;
		rec = &r->recs[v];
		if (rec->order >= k &&
		    kpfn + (1ull << order) <= head + (1ull << rec->order)) {
			*ri = (uint32_t)v;
			return L_PARTIAL;
		}
	}
	return L_NONE;
}

static void free_partial(struct replay *r, uint32_t ri, unsigned order,
			 int cpu)
{
	struct rrec *rec = &r->recs[ri];

	r->res->frees_partial++;
	rec->freed += 1u << order;
	if (rec->freed >= 1u << rec->order)
		trace_free_block(r, ri, cpu);
}

static void replay_free(struct replay *r, uint64_t kpfn, unsigned order,
			int cpu, bool after_migration)
{
	uint32_t ri;

	r->res->frees++;
	switch (lookup_free(r, kpfn, order, &ri)) {
	case L_FULL:
		trace_free_block(r, ri, cpu);
		break;
	case L_PARTIAL:
		free_partial(r, ri, order, cpu);
		break;
	case L_NONE:
		if (after_migration)
			r->res->frees_compaction_leftover++;
		else
			r->res->frees_untracked++;
		break;
	}
}

/* The batch whose first free is @first: one mc_free_pages_bulk(). */
static int replay_batch(struct replay *r, const struct tev_vec *evs,
			uint32_t first)
{
	const uint32_t *b = &r->bidx[evs->v[first].batch - 1];
	uint64_t pfns[FOLIO_BATCH];
	uint32_t ris[FOLIO_BATCH];
	int cpu = evs->v[first].cpu;
	size_t n = 0;

	for (uint32_t k = 1; k <= b[0]; k++) {
		const struct tev *e = &evs->v[b[k]];
		uint32_t ri;

		r->res->frees++;
		switch (lookup_free(r, e->pfn, e->order, &ri)) {
		case L_FULL:
			if (r->recs[ri].opfn == NO_PFN) {
				r->res->frees_of_failed++;
				rec_drop(r, ri);
			} else {
				pfns[n] = r->recs[ri].opfn;
				ris[n++] = ri;
			}
			break;
		case L_PARTIAL:
			free_partial(r, ri, e->order, cpu);
			break;
		case L_NONE:
			r->res->frees_untracked++;
			break;
		}
	}
	if (!n)
		return 0;
	if (mc_free_pages_bulk(r->m, pfns, n, cpu) == 0) {
		r->res->bulk_calls++;
		r->res->bulk_pages += n;
		r->res->frees_done += n;
		for (size_t k = 0; k < n; k++)
			rec_drop(r, ris[k]);
		return 0;
	}
	/* not one batch here (a block given twice ...): one by one */
	for (size_t k = 0; k < n; k++)
		trace_free_block(r, ris[k], cpu);
	return 0;
}

/* A free inside migrate_pages(): the kernel moved the block. */
static void replay_migration_free(struct replay *r, uint64_t kpfn)
{
	struct replay_result *res = r->res;
	uint64_t v;
	struct rrec *rec;

	res->migration_frees++;
	if (!hmap_get(&r->live, kpfn, &v)) {
		res->migration_frees_untracked++;
		return;
	}
	rec = &r->recs[v];
	if (rec->o_moved) {
		rec->o_moved = false;
		res->migrations_matched++;
		hmap_del(&r->live, kpfn);
		rec->kpfn = NO_PFN;
		rec_rekey(r, (uint32_t)v, rec->opfn);
	} else {
		hmap_del(&r->live, kpfn);
		rec->kpfn = NO_PFN;
		rec->k_moved = true;
	}
}

struct replay *replay_new(struct mc_machine *m, struct mc_error *err)
{
	struct replay *r = calloc(1, sizeof(*r));
	int ret;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "replay");
	if (!r) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	r->m = m;
	r->res = &r->result;
	r->free_head = UINT32_MAX;
	mc_machine_geometry(m, &r->g);
	hmap_init(&r->live);
	ret = mc_owner_register(m, "replay", &replay_owner, r, &r->slot);
	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "registering the "
			 "replay's page owner: %s", strerror(-ret));
		free(r);
		return NULL;
	}
	return r;
}

void replay_destroy(struct replay *r)
{
	if (!r)
		return;
	hmap_free(&r->live);
	free(r->recs);
	free(r->bidx);
	free(r);
}

const struct replay_result *replay_result(const struct replay *r)
{
	return &r->result;
}

int replay_run(struct replay *r, struct tev_vec *evs,
	       const struct replay_opts *o, struct mc_error *err)
{
	struct replay_result *res = r->res;
	struct mc_machine *m = r->m;
	uint64_t offset = 0, done = 0;
	unsigned max_cpu = 0;
	size_t pos = 0;
	int ret;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "replay");
	for (size_t i = 0; i < evs->n; i++)
		if (evs->v[i].cpu > max_cpu)
			max_cpu = evs->v[i].cpu;
	if (evs->n && max_cpu >= r->g.nr_cpus) {
		for (pos = 0; evs->v[pos].cpu < r->g.nr_cpus; pos++)
			;
		err->line = (int)evs->v[pos].line;
		snprintf(err->msg, sizeof(err->msg),
			 "the trace has events on CPU %u; the machine has %u "
			 "CPUs (add ,cpus=%u to the preset)", max_cpu,
			 r->g.nr_cpus, max_cpu + 1);
		return -1;
	}
	ret = plan(r, evs, r->g.nr_cpus);
	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(-ret));
		return -1;
	}
	if (o->clock == REPLAY_CLOCK_REBASE && evs->n)
		offset = mc_clock_ns(m) - evs->v[0].ts_ns;

	for (size_t i = 0; i < evs->n; i++) {
		const struct tev *e = &evs->v[i];

		if (o->clock != REPLAY_CLOCK_OFF) {
			uint64_t now = mc_clock_ns(m), at = e->ts_ns + offset;

			if (at > now)
				mc_advance(m, at - now);
		}
		switch (e->kind) {
		case TEV_ALLOC:
			if (replay_alloc(r, e)) {
				err->line = (int)e->line;
				snprintf(err->msg, sizeof(err->msg),
					 "out of memory");
				return -1;
			}
			break;
		case TEV_FREE:
			if (e->flags & F_MIGRATION)
				replay_migration_free(r, e->pfn);
			else if (e->batch)
				replay_batch(r, evs, (uint32_t)i);
			else if (!(e->flags & F_BATCH_MEMBER))
				replay_free(r, e->pfn, e->order, e->cpu,
					    e->flags & F_AFTER_MIGRATION);
			break;
		case TEV_FREE_BATCHED:
			if (e->flags & F_STANDALONE) {
				res->batched_standalone++;
				replay_free(r, e->pfn, 0, e->cpu, false);
			}
			break;
		default:
			break;
		}
		res->events++;
		if (o->progress && ++done % 65536 == 0)
			o->progress(o->progress_ctx, done, evs->n);
	}

	/* what is left: blocks memcompact holds, one-sided moves */
	for (uint32_t i = 0; i < r->nrecs; i++) {
		if (!r->recs[i].live)
			continue;
		res->live_blocks += r->recs[i].opfn != NO_PFN;
		if (r->recs[i].o_moved)
			res->migrations_model_only++;
		if (r->recs[i].k_moved)
			res->migrations_kernel_only++;
	}
	return 0;
}
