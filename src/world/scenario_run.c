// SPDX-License-Identifier: GPL-2.0-only
/*
 * scenario_run.c - running a parsed scenario on a machine: the workloads.
 *
 * The runner owns a world (tasks, page cache, slab caches) and, for the
 * memory that no world object holds, groups of blocks: kernel pages
 * (alloc), hugetlb pages (hugetlb) and DMA buffers (dma).  Group blocks
 * are given the runner's own owner slot with the block's index as cookie,
 * so that a hugetlb page moved by alloc_contig_range, or reclaimable slab
 * dropped by reclaim, is followed as the world follows its pages.
 *
 * Everything random comes from the run's seed: the world's object frees,
 * 'A..B' quantities, 'offset=random' holes and 'free count=N' picks.
 * Workload requests that the machine cannot meet are reported, not
 * errors: the kernel would have failed the allocation too.  Steps that
 * cannot be carried out at all (a rejected setting, a time in the past, a
 * task that exited, a CPU the machine does not have) stop the run with
 * the step's line.
 */
#include "world/scenario.h"
#include "mm/api_unlocked.h"
#include "util/rng.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gent {
	uint64_t pfn;
	uint64_t pages;
	uint16_t group;
	uint8_t order;
	uint8_t kind;
	bool live;
	int16_t area;		/* dma: CMA area, -1 contiguous */
};

struct grp {
	uint32_t *ids;		/* entries in allocation order */
	size_t n, cap;
};

struct run {
	struct mc_machine *m;
	const struct mc_scenario *sc;
	const struct mc_scenario_run_opts *o;
	struct mc_error *err;
	struct mc_world *w;
	struct mc_geometry g;
	uint64_t page;
	struct mc_rng rng;
	int task[SCEN_MAX_NAMES];
	bool task_made[SCEN_MAX_NAMES], task_dead[SCEN_MAX_NAMES];
	int file[SCEN_MAX_NAMES];
	bool file_made[SCEN_MAX_NAMES], file_dead[SCEN_MAX_NAMES];
	int cache[SCEN_MAX_NAMES];
	bool cache_made[SCEN_MAX_NAMES], cache_dead[SCEN_MAX_NAMES];
	struct grp grp[SCEN_MAX_NAMES];
	uint64_t var[SCEN_MAX_NAMES];
	struct gent *ent;
	size_t nent, cap;
	unsigned owner;
	uint64_t sample_ns, next_sample;
	unsigned depth;
	const struct scen_step *cur;
};

static int rerr(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int rerr(struct run *r, const char *fmt, ...)
{
	char msg[sizeof(r->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mc_err(r->err, r->sc->file, r->cur ? r->cur->line : 0, "%s: %s",
	       r->cur ? scen_op_name(r->cur->op) : "run", msg);
	return -EINVAL;
}

/* ---- the runner's owner --------------------------------------------------- */

static int grp_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode)
{
	struct run *r = ctx;

	if (cookie >= r->nent || r->ent[cookie].pfn != old_pfn)
		return -EINVAL;
	r->ent[cookie].pfn = new_pfn;
	return 0;
}

static int grp_reclaim(void *ctx, uint64_t pfn, unsigned order,
		       uint32_t cookie)
{
	struct run *r = ctx;

	if (cookie >= r->nent || r->ent[cookie].kind !=
	    MC_PAGE_SLAB_RECLAIMABLE)
		return 1;
	/* the shrinker dropped the objects: the page is no longer ours */
	r->ent[cookie].live = false;
	return 0;
}

static int grp_split(void *ctx, uint64_t head_pfn, unsigned order,
		     uint32_t cookie, uint32_t *cookies)
{
	return -EBUSY;	/* a group block is one allocation */
}

static const struct mc_owner_ops grp_ops = {
	.migrate = grp_migrate,
	.reclaim = grp_reclaim,
	.split = grp_split,
};

static int new_ent(struct run *r, unsigned g, uint32_t *id)
{
	struct grp *gp = &r->grp[g];

	if (r->nent == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 1024;
		struct gent *n = realloc(r->ent, nc * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->ent = n;
		r->cap = nc;
	}
	if (gp->n == gp->cap) {
		size_t nc = gp->cap ? gp->cap * 2 : 256;
		uint32_t *n = realloc(gp->ids, nc * sizeof(*n));

		if (!n)
			return -ENOMEM;
		gp->ids = n;
		gp->cap = nc;
	}
	if (r->nent >= UINT32_MAX)
		return -ENOMEM;
	*id = (uint32_t)r->nent;
	memset(&r->ent[r->nent], 0, sizeof(r->ent[0]));
	r->ent[r->nent].group = (uint16_t)g;
	r->ent[r->nent].area = -1;
	r->nent++;
	return 0;
}

/* the entry is in use: add it to its group */
static void commit_ent(struct run *r, uint32_t id)
{
	struct grp *gp = &r->grp[r->ent[id].group];

	r->ent[id].live = true;
	gp->ids[gp->n++] = id;
}

/* ---- quantities ----------------------------------------------------------- */

static uint64_t managed_pages(struct run *r)
{
	uint64_t sum = 0;

	for (unsigned n = 0; n < r->g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (!mc_zone_stats(r->m, (int)n, (enum mc_zone_type)z,
					   &zs) && zs.populated)
				sum += zs.managed;
		}
	return sum;
}

static uint64_t pct_of(uint64_t v, uint32_t pct)
{
	/* v * pct / 100000 without overflow for v < 2^46 */
	return (uint64_t)((unsigned __int128)v * pct / SX_PCT_ONE);
}

/*
 * The value of @x in units of @unit bytes (rounded down); counts are
 * returned as they are.  *is_count tells which.
 */
static uint64_t eval(struct run *r, const struct sexpr *x, uint64_t unit)
{
	uint64_t bytes = 0;

	switch (x->kind) {
	case SX_BYTES:
		bytes = x->a;
		break;
	case SX_PCT_MEM:
		bytes = pct_of(managed_pages(r) * r->page, x->pct);
		break;
	case SX_PCT_FREE: {
		uint64_t f = 0;

		mc_vmstat_get(r->m, "nr_free_pages", &f);
		bytes = pct_of(f * r->page, x->pct);
		break;
	}
	case SX_VAR:
		bytes = pct_of(r->var[x->var], x->pct);
		break;
	case SX_RANGE: {
		uint64_t al = x->align ? x->align : unit;
		uint64_t steps = (x->b - x->a) / al;

		bytes = x->a + (steps ? mc_rng_below(&r->rng, steps) : 0) * al;
		break;
	}
	case SX_COUNT:
		if (x->pct)	/* a range of counts */
			return x->a + mc_rng_below(&r->rng, x->b - x->a);
		return x->a;
	default:
		return 0;
	}
	return bytes / unit;
}

static int cpu_of(struct run *r, int cpu, int dflt)
{
	if (cpu < 0)
		return dflt;
	if ((unsigned)cpu >= r->g.nr_cpus)
		return rerr(r, "cpu=%d: the machine has %u CPUs", cpu,
			    r->g.nr_cpus);
	return cpu;
}

static int node_of(struct run *r, int nid)
{
	if (nid >= (int)r->g.nr_nodes)
		return rerr(r, "node=%d: the machine has %u node(s)", nid,
			    r->g.nr_nodes);
	return 0;
}

/* ---- events and time ------------------------------------------------------ */

static int emit(struct run *r, enum mc_scenario_event_type type,
		const char *name, uint64_t req, uint64_t done, int result)
{
	struct mc_scenario_event ev = {
		.type = type,
		.line = (type == MC_SCEN_STEP || type == MC_SCEN_CHECKPOINT) &&
			r->cur ? r->cur->line : 0,
		.op = (type == MC_SCEN_STEP || type == MC_SCEN_CHECKPOINT) &&
		      r->cur ? scen_op_name(r->cur->op) : NULL,
		.name = name,
		.depth = r->depth,
		.requested = req,
		.done = done,
		.result = result,
		.time_ns = mc_clock_ns(r->m),
	};

	return r->o->fn ? r->o->fn(r->o->ctx, r->m, &ev) : 0;
}

static int advance_to(struct run *r, uint64_t target)
{
	uint64_t now = mc_clock_ns(r->m);
	int ret;

	while (now < target) {
		uint64_t next = target < r->next_sample ? target :
			r->next_sample;

		ret = mc_advance(r->m, next - now);
		if (ret)
			return rerr(r, "mc_advance: %s", strerror(-ret));
		now = mc_clock_ns(r->m);
		if (now >= r->next_sample) {
			const struct scen_step *cur = r->cur;

			r->cur = NULL;
			ret = emit(r, MC_SCEN_SAMPLE, NULL, 0, 0, 0);
			r->cur = cur;
			if (ret)
				return ret;
			r->next_sample += r->sample_ns;
		}
	}
	return 0;
}

/* ---- steps ---------------------------------------------------------------- */

static const char *obj_name(struct run *r, int ns, int i)
{
	return r->sc->names[ns][i].name;
}

static int task_of(struct run *r, const struct scen_step *s, int *t)
{
	if (!r->task_made[s->obj])
		return rerr(r, "task '%s' has not been created yet",
			    obj_name(r, NS_TASK, s->obj));
	if (r->task_dead[s->obj])
		return rerr(r, "task '%s' has exited",
			    obj_name(r, NS_TASK, s->obj));
	*t = r->task[s->obj];
	return 0;
}

static int file_of(struct run *r, const struct scen_step *s, int *f)
{
	if (!r->file_made[s->obj])
		return rerr(r, "file '%s' has not been created yet",
			    obj_name(r, NS_FILE, s->obj));
	if (r->file_dead[s->obj])
		return rerr(r, "file '%s' has been deleted",
			    obj_name(r, NS_FILE, s->obj));
	*f = r->file[s->obj];
	return 0;
}

static int cache_of(struct run *r, const struct scen_step *s, int *c)
{
	if (!r->cache_made[s->obj])
		return rerr(r, "cache '%s' has not been created yet",
			    obj_name(r, NS_CACHE, s->obj));
	if (r->cache_dead[s->obj])
		return rerr(r, "cache '%s' has been destroyed",
			    obj_name(r, NS_CACHE, s->obj));
	*c = r->cache[s->obj];
	return 0;
}

/* A world call's result: a count done, or an errno.  -ENOMEM and -ENOSPC
 * are the machine's answer (reported); anything else is a step error. */
static int world_result(struct run *r, int ret, uint64_t *done, int *res)
{
	if (ret >= 0) {
		*done = (uint64_t)ret;
		return 0;
	}
	if (ret == -ENOMEM || ret == -ENOSPC || ret == -EBUSY) {
		*res = ret;
		return 0;
	}
	return rerr(r, "refused by the library: %s", strerror(-ret));
}

/* In every @stride pages keep @keep chosen at random, unmap the rest (in
 * runs of consecutive pages). */
static int unmap_keep(struct run *r, int t, uint64_t vpn, uint64_t n,
		      uint64_t stride, uint64_t keep, uint64_t *done)
{
	uint64_t *idx = malloc(stride * sizeof(*idx));
	bool *kept = malloc(stride);
	int ret = 0;

	if (!idx || !kept) {
		free(idx);
		free(kept);
		return -ENOMEM;
	}
	for (uint64_t c = 0; c < n && !ret; c += stride) {
		uint64_t len = n - c < stride ? n - c : stride, k;
		uint64_t run = 0;

		/* a partial Fisher-Yates picks the pages to keep */
		for (uint64_t i = 0; i < len; i++) {
			idx[i] = i;
			kept[i] = false;
		}
		k = keep < len ? keep : len;
		for (uint64_t i = 0; i < k; i++) {
			uint64_t j = i + mc_rng_below(&r->rng, len - i);
			uint64_t tmp = idx[i];

			idx[i] = idx[j];
			idx[j] = tmp;
			kept[idx[i]] = true;
		}
		for (uint64_t i = 0; i <= len && !ret; i++) {
			if (i < len && !kept[i]) {
				run++;
				continue;
			}
			if (run) {
				ret = mc_task_unmap(r->w, t, vpn + c + i - run,
						    run);
				*done += run;
			}
			run = 0;
		}
	}
	free(idx);
	free(kept);
	if (ret < 0)
		return rerr(r, "refused by the library: %s", strerror(-ret));
	return 0;
}

static int do_unmap(struct run *r, const struct scen_step *s, int t,
		    uint64_t vpn, uint64_t n, uint64_t *done)
{
	uint64_t stride, len, off;
	int ret;

	if (s->x[2].kind == SX_NONE) {
		ret = mc_task_unmap(r->w, t, vpn, n);
		if (ret < 0)
			return rerr(r, "refused by the library: %s",
				    strerror(-ret));
		*done = n;
		return 0;
	}
	stride = s->x[2].a / r->page;
	len = s->x[3].a / r->page;
	off = s->n / r->page;
	if (!stride || (!len && s->sel != 2))
		return rerr(r, "every= and len= must be at least a page (%llu bytes)",
			    (unsigned long long)r->page);
	*done = 0;
	if (s->sel == 2)
		return unmap_keep(r, t, vpn, n, stride, len, done);
	for (uint64_t c = 0; c < n; c += stride) {
		uint64_t o = s->sel ?
			mc_rng_below(&r->rng, stride - len + 1) : off;
		uint64_t l = len;

		if (o >= n - c)
			continue;
		if (l > n - c - o)
			l = n - c - o;
		ret = mc_task_unmap(r->w, t, vpn + c + o, l);
		if (ret < 0)
			return rerr(r, "refused by the library: %s",
				    strerror(-ret));
		*done += l;
	}
	return 0;
}

static int free_ent(struct run *r, struct gent *e, int cpu)
{
	int ret;

	if (!e->live)
		return 0;
	switch (r->sc->names[NS_GROUP][e->group].type) {
	case G_HUGETLB:
		ret = mc_hugetlb_free(r->m, e->pfn, cpu);
		break;
	case G_DMA:
		if (e->area >= 0)
			ret = mc_cma_release(r->m, (unsigned)e->area, e->pfn,
					     e->pages, cpu);
		else
			ret = mc_free_contig_range(r->m, e->pfn, e->pages,
						   cpu);
		break;
	default:
		ret = mc_free_pages(r->m, e->pfn, e->order, cpu);
		break;
	}
	if (!ret)
		e->live = false;
	return ret;
}

static int do_free(struct run *r, const struct scen_step *s, int cpu,
		   uint64_t *req, uint64_t *done)
{
	struct grp *gp = &r->grp[s->obj];
	uint32_t *pb_kept = NULL;
	size_t live = 0, k = 0;
	uint64_t want = 0;
	int ret = 0;

	/* drop entries reclaim took */
	for (size_t i = 0; i < gp->n; i++)
		if (r->ent[gp->ids[i]].live)
			gp->ids[live++] = gp->ids[i];
	gp->n = live;
	if (s->sel == FREE_KEEP_PER_PB) {
		pb_kept = calloc((size_t)(r->g.end_pfn >>
					  r->g.pageblock_order) + 1,
				 sizeof(*pb_kept));
		if (!pb_kept)
			return -ENOMEM;
	}
	if (s->sel == FREE_COUNT) {
		want = eval(r, &s->x[0], 1);
		/* pick at random: a partial Fisher-Yates to the end */
		for (uint64_t i = 0; i < want && i < gp->n; i++) {
			size_t j = i + mc_rng_below(&r->rng, gp->n - i);
			uint32_t t = gp->ids[i];

			gp->ids[i] = gp->ids[j];
			gp->ids[j] = t;
		}
	}
	*req = *done = 0;
	for (size_t i = 0; i < gp->n; i++) {
		struct gent *e = &r->ent[gp->ids[i]];
		bool go;

		switch (s->sel) {
		case FREE_FRACTION:
			go = (i % s->d) < s->n;
			break;
		case FREE_KEEP_PER_PB: {
			uint64_t pb = e->pfn >> r->g.pageblock_order;

			go = pb_kept[pb] >= s->n;
			if (!go)
				pb_kept[pb]++;
			break;
		}
		case FREE_COUNT:
			go = i < want;
			break;
		default:
			go = true;
			break;
		}
		if (!go) {
			gp->ids[k++] = gp->ids[i];
			continue;
		}
		*req += e->pages;
		ret = free_ent(r, e, cpu);
		if (ret) {
			free(pb_kept);
			return rerr(r, "freeing a block of group '%s' at pfn %#llx: %s",
				    obj_name(r, NS_GROUP, s->obj),
				    (unsigned long long)e->pfn,
				    strerror(-ret));
		}
		*done += e->pages;
	}
	gp->n = k;
	free(pb_kept);
	return 0;
}

static int cma_area(struct run *r, const char *name)
{
	struct mc_cma_info ci;
	unsigned i;

	for (i = 0; mc_cma_area_info(r->m, i, &ci) == 0; i++)
		if (!strcmp(ci.name, name))
			return (int)i;
	if (!i)
		return rerr(r, "cma=%s: the machine has no CMA areas ('cma SIZE' in the scenario makes one)",
			    name);
	return rerr(r, "cma=%s: no CMA area of that name", name);
}

static unsigned ilog2_u64(uint64_t v)
{
	unsigned l = 0;

	while (v >>= 1)
		l++;
	return l;
}

static int set_value(struct run *r, const struct scen_step *s,
		     const char *key, const char *val)
{
	bool sysfs = s && s->op == OP_SYSFS;
	int ret = sysfs ? mc_sysfs_write(r->m, key, val, strlen(val)) :
			  mc_sysctl_write(r->m, key, val, strlen(val));

	if (ret < 0 && !(s && s->ignore_error)) {
		if (ret == -ENOENT)
			return rerr(r, "%s: no such %s", key,
				    sysfs ? "sysfs file" : "sysctl");
		return rerr(r, "%s = %s: rejected: %s", key, val,
			    strerror(-ret));
	}
	return 0;
}

static int apply_overrides(struct run *r)
{
	const struct scen_step *cur = r->cur;

	r->cur = NULL;
	for (unsigned i = 0; i < r->o->nr_settings; i++) {
		const char *kv = r->o->settings[i], *eq = strchr(kv, '=');
		char key[256];
		int ret;

		if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key)) {
			mc_err(r->err, "settings", 0, "'%s' is not name=value",
			       kv);
			return -EINVAL;
		}
		memcpy(key, kv, (size_t)(eq - kv));
		key[eq - kv] = '\0';
		ret = mc_sysctl_write(r->m, key, eq + 1, strlen(eq + 1));
		if (ret < 0) {
			mc_err(r->err, "settings", 0, "%s: %s", kv,
			       ret == -ENOENT ? "no such sysctl" :
			       strerror(-ret));
			return -EINVAL;
		}
	}
	r->cur = cur;
	return 0;
}

static int run_step(struct run *r, const struct scen_step *s)
{
	uint64_t req = 0, done = 0, start, n;
	const char *name = NULL;
	int res = 0, ret = 0, t, f, c, cpu = 0;

	switch (s->op) {
	case OP_AT:
		if (s->x[0].a < mc_clock_ns(r->m))
			return rerr(r, "the clock is already at %llu ns, past %llu ns",
				    (unsigned long long)mc_clock_ns(r->m),
				    (unsigned long long)s->x[0].a);
		ret = advance_to(r, s->x[0].a);
		break;
	case OP_WAIT:
		ret = advance_to(r, mc_clock_ns(r->m) + s->x[0].a);
		break;
	case OP_CHECKPOINT:
		return emit(r, MC_SCEN_CHECKPOINT, s->text, 0, 0, 0);
	case OP_SET:
		r->var[s->obj] = eval(r, &s->x[0], 1);
		name = obj_name(r, NS_VAR, s->obj);
		req = done = r->var[s->obj] / r->page;
		break;
	case OP_SYSCTL:
	case OP_SYSFS:
		ret = set_value(r, s, s->text, s->value);
		name = s->text;
		break;
	case OP_COMPACT:
		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		if (s->nid >= 0) {
			if ((ret = node_of(r, s->nid)) < 0)
				return ret;
			ret = mc_compact_node(r->m, s->nid, cpu);
			if (ret)
				return rerr(r, "%s", strerror(-ret));
		} else {
			ret = set_value(r, NULL, "vm.compact_memory", "1");
		}
		break;
	case OP_DRAIN:
		mc_drain_all_pages(r->m);
		break;
	case OP_HUGEPAGES: {
		struct mc_hugetlb_stats hs;
		uint64_t hp = r->page << r->g.hpage_pmd_order;
		char buf[32];

		req = s->x[0].kind == SX_COUNT ? eval(r, &s->x[0], 1) :
			eval(r, &s->x[0], hp);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)req);
		if ((ret = set_value(r, NULL, "vm.nr_hugepages", buf)))
			return ret;
		if (!mc_hugetlb_stats(r->m, -1, &hs))
			done = hs.nr - hs.surplus;
		break;
	}

	case OP_TASK: {
		int tc = cpu_of(r, s->cpu, 0);

		if (tc < 0)
			return tc;
		name = obj_name(r, NS_TASK, s->obj);
		ret = mc_task_create(r->w, name, tc, &r->task[s->obj]);
		if (ret)
			return rerr(r, "%s", strerror(-ret));
		r->task_made[s->obj] = true;
		break;
	}
	case OP_TOUCH:
	case OP_UNMAP:
	case OP_MLOCK:
	case OP_MUNLOCK:
	case OP_PIN:
	case OP_UNPIN:
		if ((ret = task_of(r, s, &t)))
			return ret;
		name = obj_name(r, NS_TASK, s->obj);
		start = eval(r, &s->x[0], r->page);
		n = eval(r, &s->x[1], r->page);
		req = n;
		if (s->op == OP_TOUCH) {
			ret = mc_task_touch(r->w, t, start, n, s->flags & 3);
			if ((ret = world_result(r, ret, &done, &res)))
				return ret;
			if (s->flags & TOUCH_MLOCK)
				ret = mc_task_mlock(r->w, t, start, n, true);
			if (ret >= 0 && (s->flags & TOUCH_PIN))
				ret = mc_task_pin(r->w, t, start, n, true);
			if (ret < 0)
				return rerr(r, "%s", strerror(-ret));
			ret = 0;
		} else if (s->op == OP_UNMAP) {
			ret = do_unmap(r, s, t, start, n, &done);
		} else {
			bool on = s->op == OP_MLOCK || s->op == OP_PIN;

			ret = (s->op == OP_MLOCK || s->op == OP_MUNLOCK) ?
				mc_task_mlock(r->w, t, start, n, on) :
				mc_task_pin(r->w, t, start, n, on);
			if ((ret = world_result(r, ret, &done, &res)))
				return ret;
		}
		break;
	case OP_EXIT:
		if ((ret = task_of(r, s, &t)))
			return ret;
		name = obj_name(r, NS_TASK, s->obj);
		ret = mc_task_exit(r->w, t);
		if (ret < 0)
			return rerr(r, "%s", strerror(-ret));
		r->task_dead[s->obj] = true;
		break;

	case OP_FILE:
		name = obj_name(r, NS_FILE, s->obj);
		ret = mc_file_create(r->w, name, &r->file[s->obj]);
		if (ret)
			return rerr(r, "%s", strerror(-ret));
		r->file_made[s->obj] = true;
		break;
	case OP_READ:
	case OP_WRITE:
	case OP_TRUNCATE:
		if ((ret = file_of(r, s, &f)))
			return ret;
		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		name = obj_name(r, NS_FILE, s->obj);
		start = eval(r, &s->x[0], r->page);
		req = n = eval(r, &s->x[1], r->page);
		if (s->op == OP_READ)
			ret = mc_file_read(r->w, f, cpu, start, n);
		else if (s->op == OP_WRITE)
			ret = mc_file_write(r->w, f, cpu, start, n);
		else
			ret = mc_file_truncate(r->w, f, start, n);
		if ((ret = world_result(r, ret, &done, &res)))
			return ret;
		if (s->op == OP_TRUNCATE)
			done = n;
		break;
	case OP_SYNC:
	case OP_DELETE:
		if ((ret = file_of(r, s, &f)))
			return ret;
		name = obj_name(r, NS_FILE, s->obj);
		ret = s->op == OP_SYNC ? mc_file_sync(r->w, f) :
			mc_file_delete(r->w, f);
		if (ret < 0)
			return rerr(r, "%s", strerror(-ret));
		if (s->op == OP_DELETE)
			r->file_dead[s->obj] = true;
		ret = 0;
		break;

	case OP_CACHE:
		name = obj_name(r, NS_CACHE, s->obj);
		ret = mc_slab_create(r->w, name, (unsigned)s->n, s->flags,
				     &r->cache[s->obj]);
		if (ret)
			return rerr(r, "%s", strerror(-ret));
		r->cache_made[s->obj] = true;
		break;
	case OP_SLAB_ALLOC:
	case OP_SLAB_FREE:
		if ((ret = cache_of(r, s, &c)))
			return ret;
		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		name = obj_name(r, NS_CACHE, s->obj);
		req = eval(r, &s->x[0], 1);
		ret = s->op == OP_SLAB_ALLOC ?
			mc_slab_alloc(r->w, c, cpu, req) :
			mc_slab_free(r->w, c, cpu, req);
		if ((ret = world_result(r, ret, &done, &res)))
			return ret;
		break;
	case OP_CACHE_DESTROY:
		if ((ret = cache_of(r, s, &c)))
			return ret;
		name = obj_name(r, NS_CACHE, s->obj);
		ret = mc_slab_destroy(r->w, c);
		if (ret < 0)
			return rerr(r, "%s", strerror(-ret));
		r->cache_dead[s->obj] = true;
		break;

	case OP_ALLOC: {
		uint64_t blk = r->page << s->n, count;

		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		if ((ret = node_of(r, s->nid)) < 0)
			return ret;
		if (s->n > r->g.max_page_order)
			return rerr(r, "order=%llu is above MAX_PAGE_ORDER (%u)",
				    (unsigned long long)s->n,
				    r->g.max_page_order);
		name = obj_name(r, NS_GROUP, s->obj);
		count = s->x[0].kind == SX_COUNT ? eval(r, &s->x[0], 1) :
			eval(r, &s->x[0], blk);
		req = count << s->n;
		for (uint64_t i = 0; i < count; i++) {
			struct mc_alloc_request rq = {
				.gfp = s->gfp, .order = (unsigned)s->n,
				.nid = s->nid, .cpu = cpu, .owner = r->owner,
				.kind = (enum mc_page_kind)s->kind,
			};
			uint32_t id;
			uint64_t pfn;

			if ((ret = new_ent(r, (unsigned)s->obj, &id)))
				return ret;
			rq.cookie = id;
			ret = mc_alloc_pages(r->m, &rq, &pfn);
			if (ret) {
				r->nent--;
				if (ret != -ENOMEM)
					return rerr(r, "%s", strerror(-ret));
				res = ret;
				ret = 0;
				break;
			}
			r->ent[id].pfn = pfn;
			r->ent[id].order = (uint8_t)s->n;
			r->ent[id].pages = 1ULL << s->n;
			r->ent[id].kind = (uint8_t)s->kind;
			commit_ent(r, id);
			done += 1ULL << s->n;
			if (s->x[1].a && (ret = advance_to(r,
					mc_clock_ns(r->m) + s->x[1].a)))
				return ret;
		}
		break;
	}
	case OP_HUGETLB: {
		uint64_t hp = r->page << r->g.hpage_pmd_order, count;

		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		if ((ret = node_of(r, s->nid)) < 0)
			return ret;
		name = obj_name(r, NS_GROUP, s->obj);
		count = s->x[0].kind == SX_COUNT ? eval(r, &s->x[0], 1) :
			eval(r, &s->x[0], hp);
		req = count << r->g.hpage_pmd_order;
		for (uint64_t i = 0; i < count; i++) {
			uint32_t id;
			uint64_t pfn;

			if ((ret = new_ent(r, (unsigned)s->obj, &id)))
				return ret;
			ret = mc_hugetlb_alloc(r->m, s->nid, cpu, r->owner, id,
					       &pfn);
			if (ret) {
				r->nent--;
				if (ret != -ENOMEM)
					return rerr(r, "%s", strerror(-ret));
				res = ret;
				ret = 0;
				break;
			}
			r->ent[id].pfn = pfn;
			r->ent[id].order = (uint8_t)r->g.hpage_pmd_order;
			r->ent[id].pages = 1ULL << r->g.hpage_pmd_order;
			r->ent[id].kind = MC_PAGE_HUGETLB;
			commit_ent(r, id);
			done += r->ent[id].pages;
		}
		break;
	}
	case OP_DMA: {
		int area = -1;
		unsigned align = 0;
		uint64_t pages;

		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		if ((ret = node_of(r, s->nid)) < 0)
			return ret;
		if (s->cma && (area = cma_area(r, s->text)) < 0)
			return area;
		if (s->x[1].kind == SX_BYTES)
			align = s->x[1].a > r->page ?
				ilog2_u64(s->x[1].a / r->page) : 0;
		name = obj_name(r, NS_GROUP, s->obj);
		pages = eval(r, &s->x[0], r->page);
		if (!pages)
			pages = 1;
		for (uint64_t i = 0; i < s->d; i++) {
			uint32_t id;
			uint64_t pfn;

			req += pages;
			if ((ret = new_ent(r, (unsigned)s->obj, &id)))
				return ret;
			if (area >= 0)
				ret = mc_cma_alloc(r->m, (unsigned)area, pages,
						   align, cpu, &pfn);
			else
				ret = mc_alloc_contig_pages(r->m, pages,
							    MC_GFP_KERNEL,
							    s->nid, cpu, NULL,
							    &pfn);
			if (ret) {
				r->nent--;
				if (ret != -ENOMEM && ret != -EBUSY &&
				    ret != -EINTR)
					return rerr(r, "%s", strerror(-ret));
				res = ret;
				ret = 0;
				continue;
			}
			r->ent[id].pfn = pfn;
			r->ent[id].pages = pages;
			r->ent[id].area = (int16_t)area;
			r->ent[id].kind = MC_PAGE_KERNEL;
			commit_ent(r, id);
			done += pages;
		}
		break;
	}
	case OP_FREE:
		if ((cpu = cpu_of(r, s->cpu, 0)) < 0)
			return cpu;
		name = obj_name(r, NS_GROUP, s->obj);
		ret = do_free(r, s, cpu, &req, &done);
		break;
	default:
		return 0;
	}
	if (ret)
		return ret;
	return emit(r, MC_SCEN_STEP, name, req, done, res);
}

static bool is_setting(const struct scen_step *s)
{
	return s->op == OP_SYSCTL || s->op == OP_SYSFS;
}

static void release(struct run *r)
{
	if (r->w)
		mc_world_destroy(r->w);
	for (size_t i = 0; i < r->nent; i++)
		free_ent(r, &r->ent[i], 0);
	if (r->owner)
		mc_owner_unregister(r->m, r->owner);
	for (unsigned g = 0; g < SCEN_MAX_NAMES; g++)
		free(r->grp[g].ids);
	free(r->ent);
}

int unlocked_mc_scenario_run(struct mc_machine *m, const struct mc_scenario *sc,
		    const struct mc_scenario_run_opts *o,
		    struct mc_error *err)
{
	struct mc_scenario_run_opts none = { .seed = 1 };
	struct run *r;
	uint64_t counter[16];
	int ret = 0;
	bool overridden = false;

	if (!m || !sc)
		return -EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->m = m;
	r->sc = sc;
	r->o = o ? o : &none;
	r->err = err;
	mc_machine_geometry(m, &r->g);
	r->page = 1ULL << r->g.page_shift;
	mc_rng_seed(&r->rng, r->o->seed ^ 0x5ce7a210ULL);
	r->sample_ns = sc->sample_ns;
	r->next_sample = mc_clock_ns(m) + r->sample_ns;
	ret = mc_world_create(m, r->o->seed, &r->w);
	if (!ret)
		ret = mc_owner_register(m, "scenario", &grp_ops, r, &r->owner);
	if (ret) {
		mc_err(err, sc->file, 0, "cannot set up the run: %s",
		       strerror(-ret));
		release(r);
		free(r);
		return ret;
	}

	for (unsigned i = 0; i < sc->nr_steps && !ret; i++) {
		const struct scen_step *s = &sc->steps[i];

		r->cur = s;
		if (!overridden && !is_setting(s)) {
			overridden = true;
			if ((ret = apply_overrides(r)))
				break;
		}
		if (s->op == OP_REPEAT) {
			if (!s->n) {
				i = (unsigned)s->jump;
				continue;
			}
			counter[r->depth++] = s->n;
			continue;
		}
		if (s->op == OP_END) {
			if (--counter[r->depth - 1]) {
				i = (unsigned)s->jump;
			} else {
				r->depth--;
			}
			continue;
		}
		ret = run_step(r, s);
	}
	if (!ret && !overridden)
		ret = apply_overrides(r);
	r->cur = NULL;
	if (!ret)
		ret = emit(r, MC_SCEN_END, NULL, 0, 0, 0);
	release(r);
	free(r);
	return ret;
}
