// SPDX-License-Identifier: GPL-2.0-only
/*
 * prop_alloc.c - random allocations and frees against a shadow model.
 *
 * On several layouts (a tiny hand-made zone, pc:128M, a two-node NUMA
 * machine with 4 CPUs, arm64 with 16 KiB and 64 KiB pages) run a long
 * random sequence of operations:
 *  - allocate: random order (mostly small, sometimes THP-sized, sometimes
 *    anything up to MAX_PAGE_ORDER), random gfp from GFP_KERNEL,
 *    GFP_HIGHUSER_MOVABLE, GFP_KERNEL|__GFP_RECLAIMABLE, GFP_ATOMIC,
 *    GFP_NOWAIT, GFP_DMA32 and GFP_DMA, random CPU, random page kind;
 *  - free a random live block on a random CPU;
 *  - now and then drain every pcp list or write a vm.* tunable.
 * After every step the invariant checker must report nothing, and the
 * shadow model must agree:
 *  - a successful allocation is naturally aligned, inside the machine,
 *    in a zone the gfp allows, and overlaps no live block;
 *  - every free of a live block is accepted;
 *  - per zone, NR_FREE_PAGES + pcp pages + the model's allocated pages ==
 *    managed pages;
 *  - an allocation only fails with -ENOMEM.
 *
 * Direct compaction runs in the slow path and migrates movable blocks
 * (Anon, File, movable_ops).  All blocks belong to an owner registered
 * here whose migrate callback moves the block in the shadow model (the
 * destination must not overlap a live block either); splitting compound
 * blocks is refused so that blocks keep their order.
 *
 * MC_TEST_SCALE=small runs 1/20 of the steps (sanitizer builds).  The
 * seed is printed; PROP_SEED=<n> repeats a run.
 */
#include "helpers.h"
#include "mm/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a small deterministic generator (splitmix64) ------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* ---- the shadow model ---------------------------------------------------- */

struct live {
	uint64_t pfn;
	unsigned order;
	int nid, zone;
};

struct shadow {
	struct mc_machine *m;
	struct mc_geometry g;
	uint8_t *bits;			/* one bit per pfn: allocated */
	struct live *blocks;
	size_t nlive, cap;
	uint64_t live_pages;
	uint64_t managed_total;
	long alloc_pages[MC_MAX_NODES][MC_MAX_NR_ZONES];
	unsigned owner;
	struct {
		uint64_t start, end;
	} span[MC_MAX_NODES][MC_MAX_NR_ZONES];
	int bad;			/* set by a callback */
	/* statistics */
	unsigned long allocs_ok, allocs_failed, frees, drains, sysctls;
	unsigned long migrated;
};

static bool bit_test(const struct shadow *s, uint64_t pfn)
{
	uint64_t i = pfn - s->g.start_pfn;

	return s->bits[i >> 3] & (1u << (i & 7));
}

static void bit_set(struct shadow *s, uint64_t pfn, bool on)
{
	uint64_t i = pfn - s->g.start_pfn;

	if (on)
		s->bits[i >> 3] |= (uint8_t)(1u << (i & 7));
	else
		s->bits[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

static const char *layout_name;
static unsigned long cur_step;

static void zone_of_pfn(const struct shadow *s, uint64_t pfn, int *nid,
			int *zone)
{
	*nid = -1;
	*zone = -1;
	for (unsigned n = 0; n < s->g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++)
			if (pfn >= s->span[n][z].start &&
			    pfn < s->span[n][z].end) {
				*nid = (int)n;
				*zone = z;
			}
}

/*
 * The owner's migrate callback: the block whose index is @cookie moves.
 * Runs inside the library; only the shadow is touched here.
 */
static int owner_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			 unsigned order, uint32_t cookie, int mode)
{
	struct shadow *s = ctx;
	struct live *b;
	uint64_t n = 1ULL << order;
	int nid, zone;

	(void)mode;
	if (cookie >= s->nlive || s->blocks[cookie].pfn != old_pfn ||
	    s->blocks[cookie].order != order) {
		fprintf(stderr, "migrate: unknown block %#llx/%u cookie %u\n",
			(unsigned long long)old_pfn, order, cookie);
		s->bad = 1;
		return -EINVAL;
	}
	if ((new_pfn & (n - 1)) || new_pfn < s->g.start_pfn ||
	    new_pfn + n > s->g.end_pfn) {
		fprintf(stderr, "migrate: bad destination %#llx/%u\n",
			(unsigned long long)new_pfn, order);
		s->bad = 1;
		return -EINVAL;
	}
	for (uint64_t i = 0; i < n; i++)
		if (bit_test(s, new_pfn + i)) {
			fprintf(stderr, "migrate: destination %#llx/%u "
				"overlaps a live block\n",
				(unsigned long long)new_pfn, order);
			s->bad = 1;
			return -EINVAL;
		}
	b = &s->blocks[cookie];
	for (uint64_t i = 0; i < n; i++) {
		bit_set(s, old_pfn + i, false);
		bit_set(s, new_pfn + i, true);
	}
	zone_of_pfn(s, new_pfn, &nid, &zone);
	s->alloc_pages[b->nid][b->zone] -= (long)n;
	s->alloc_pages[nid][zone] += (long)n;
	b->pfn = new_pfn;
	b->nid = nid;
	b->zone = zone;
	s->migrated++;
	return 0;
}

static bool owner_isolate(void *ctx, uint64_t pfn, uint32_t cookie, int mode)
{
	(void)ctx;
	(void)pfn;
	(void)cookie;
	(void)mode;
	return true;
}

static void owner_putback(void *ctx, uint64_t pfn, uint32_t cookie)
{
	(void)ctx;
	(void)pfn;
	(void)cookie;
}

/* Blocks keep their order: refuse to split compound blocks. */
static int owner_split(void *ctx, uint64_t head_pfn, unsigned order,
		       uint32_t cookie, uint32_t *cookies)
{
	(void)ctx;
	(void)head_pfn;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static const struct mc_owner_ops owner_ops = {
	.isolate = owner_isolate,
	.migrate = owner_migrate,
	.putback = owner_putback,
	.split = owner_split,
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "prop_alloc: %s: step %lu: ", layout_name, cur_step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return -1;
}

/* gfp_zone() written out for these masks (kernel-spec 1.1). */
static int highest_zone(uint32_t gfp)
{
	if (gfp & MC_GFP_DMA)
		return MC_ZONE_DMA;
	if (gfp & MC_GFP_DMA32)
		return MC_ZONE_DMA32;
	if ((gfp & MC_GFP_MOVABLE) && (gfp & MC_GFP_HIGHMEM))
		return MC_ZONE_MOVABLE;
	return MC_ZONE_NORMAL;
}

static const uint32_t gfps[] = {
	MC_GFP_KERNEL,
	MC_GFP_HIGHUSER_MOVABLE,
	MC_GFP_KERNEL | MC_GFP_RECLAIMABLE,
	MC_GFP_ATOMIC,
	MC_GFP_NOWAIT,
	MC_GFP_DMA32,
	MC_GFP_DMA,
};

static unsigned pick_order(const struct shadow *s)
{
	unsigned r = rnd_below(100);

	if (r < 45)
		return 0;
	if (r < 70)
		return 1 + rnd_below(3);
	if (r < 78)
		return s->g.hpage_pmd_order;
	return rnd_below(s->g.max_page_order + 1);
}

static int do_alloc(struct shadow *s)
{
	struct mc_alloc_request r = { 0 };
	struct mc_page_info pi;
	uint64_t pfn = 0, n;
	int ret;

	r.gfp = gfps[rnd_below(ARRAY_SIZE(gfps))];
	r.order = pick_order(s);
	r.cpu = (int)rnd_below(s->g.nr_cpus);
	r.nid = (s->g.nr_nodes > 1 && rnd_below(4) == 0) ?
			(int)rnd_below(s->g.nr_nodes) : -1;
	r.kind = (enum mc_page_kind)rnd_below(MC_PAGE_NR_KINDS);
	r.owner = s->owner;
	r.cookie = (uint32_t)s->nlive;	/* its index in s->blocks */
	/* Movable folios above order 0 are compound; others sometimes. */
	if (r.order && (r.kind == MC_PAGE_ANON || r.kind == MC_PAGE_FILE ||
			r.kind == MC_PAGE_MOVABLE_OPS ||
			r.kind == MC_PAGE_HUGETLB || rnd_below(4) == 0))
		r.gfp |= MC_GFP_COMP;

	ret = mc_alloc_pages(s->m, &r, &pfn);
	if (ret == -ENOMEM) {
		s->allocs_failed++;
		return 0;
	}
	if (ret)
		return fail("alloc gfp %#x order %u returned %d", r.gfp,
			    r.order, ret);
	n = 1ULL << r.order;
	if (pfn & (n - 1))
		return fail("order-%u block at %#llx is not aligned", r.order,
			    (unsigned long long)pfn);
	if (pfn < s->g.start_pfn || pfn + n > s->g.end_pfn)
		return fail("block %#llx/%u outside the machine",
			    (unsigned long long)pfn, r.order);
	for (uint64_t i = 0; i < n; i++)
		if (bit_test(s, pfn + i))
			return fail("block %#llx/%u overlaps a live block at "
				    "%#llx", (unsigned long long)pfn, r.order,
				    (unsigned long long)(pfn + i));
	if (mc_page_info(s->m, pfn, &pi) || pi.state != MC_PS_ALLOCATED ||
	    pi.head_pfn != pfn || pi.order != r.order)
		return fail("page info of new block %#llx/%u: state %d head "
			    "%#llx order %u", (unsigned long long)pfn, r.order,
			    pi.state, (unsigned long long)pi.head_pfn,
			    pi.order);
	if ((int)pi.zone > highest_zone(r.gfp))
		return fail("gfp %#x got zone %d", r.gfp, pi.zone);
	for (uint64_t i = 0; i < n; i++)
		bit_set(s, pfn + i, true);
	if (s->nlive == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->blocks = realloc(s->blocks, s->cap * sizeof(*s->blocks));
		if (!s->blocks)
			abort();
	}
	s->blocks[s->nlive++] = (struct live){ pfn, r.order, pi.nid,
					       (int)pi.zone };
	s->alloc_pages[pi.nid][pi.zone] += (long)n;
	s->live_pages += n;
	s->allocs_ok++;
	return 0;
}

static int do_free(struct shadow *s)
{
	size_t i = rnd_below((unsigned)s->nlive);
	struct live b = s->blocks[i];
	int cpu = (int)rnd_below(s->g.nr_cpus);
	int ret = mc_free_pages(s->m, b.pfn, b.order, cpu);

	if (ret)
		return fail("free %#llx/%u on cpu %d returned %d",
			    (unsigned long long)b.pfn, b.order, cpu, ret);
	for (uint64_t k = 0; k < (1ULL << b.order); k++)
		bit_set(s, b.pfn + k, false);
	s->blocks[i] = s->blocks[--s->nlive];
	if (i < s->nlive &&
	    mc_page_set_cookie(s->m, s->blocks[i].pfn, (uint32_t)i))
		return fail("set_cookie %#llx failed",
			    (unsigned long long)s->blocks[i].pfn);
	s->alloc_pages[b.nid][b.zone] -= 1L << b.order;
	s->live_pages -= 1ULL << b.order;
	s->frees++;
	return 0;
}

static int do_sysctl(struct shadow *s)
{
	char v[32];
	const char *name;
	int ret;

	switch (rnd_below(4)) {
	case 0:
		name = "vm.min_free_kbytes";
		snprintf(v, sizeof(v), "%u", 128 + rnd_below(8192));
		break;
	case 1:
		name = "vm.watermark_scale_factor";
		snprintf(v, sizeof(v), "%u", 1 + rnd_below(1000));
		break;
	case 2:
		name = "vm.percpu_pagelist_high_fraction";
		snprintf(v, sizeof(v), "%u",
			 rnd_below(2) ? 0 : 8 + rnd_below(100));
		break;
	default:
		name = "vm.watermark_boost_factor";
		snprintf(v, sizeof(v), "%u", rnd_below(2) ? 15000 : 0);
		break;
	}
	ret = mc_sysctl_write(s->m, name, v, strlen(v));
	if (ret)
		return fail("sysctl %s=%s returned %d", name, v, ret);
	s->sysctls++;
	return 0;
}

static int check_all(struct shadow *s)
{
	int n;

	if (s->bad)
		return fail("a migration callback found a problem");
	n = t_check(s->m);
	if (n)
		return fail("%d invariant violations", n);
	for (unsigned nid = 0; nid < s->g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats st;

			if (mc_zone_stats(s->m, (int)nid, zt, &st))
				return fail("mc_zone_stats failed");
			if (st.nr_free + st.pcp_pages +
			    (uint64_t)s->alloc_pages[nid][zt] != st.managed)
				return fail("node %u zone %d: free %llu + pcp "
					    "%llu + allocated %ld != managed "
					    "%llu", nid, zt,
					    (unsigned long long)st.nr_free,
					    (unsigned long long)st.pcp_pages,
					    s->alloc_pages[nid][zt],
					    (unsigned long long)st.managed);
		}
	return 0;
}

/* Free everything that is left; the machine must be all free again. */
static int drain_out(struct shadow *s)
{
	while (s->nlive)
		if (do_free(s))
			return -1;
	mc_drain_all_pages(s->m);
	if (check_all(s))
		return -1;
	for (unsigned nid = 0; nid < s->g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats st;

			mc_zone_stats(s->m, (int)nid, zt, &st);
			if (st.nr_free != st.managed)
				return fail("node %u zone %d: %llu free of "
					    "%llu after freeing everything",
					    nid, zt,
					    (unsigned long long)st.nr_free,
					    (unsigned long long)st.managed);
		}
	return 0;
}

static int run_layout(struct mc_machine *m, unsigned long steps)
{
	struct shadow s = { .m = m };
	uint64_t span;
	int ret = 0;

	mc_machine_geometry(m, &s.g);
	span = s.g.end_pfn - s.g.start_pfn;
	s.bits = calloc((size_t)(span + 7) / 8, 1);
	if (!s.bits)
		abort();
	for (unsigned nid = 0; nid < s.g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats st;

			mc_zone_stats(m, (int)nid, zt, &st);
			s.managed_total += st.managed;
			s.span[nid][zt].start = st.start_pfn;
			s.span[nid][zt].end = st.start_pfn + st.spanned;
		}
	if (mc_owner_register(m, "prop", &owner_ops, &s, &s.owner))
		abort();
	cur_step = 0;
	if (check_all(&s)) {
		ret = -1;
		goto out;
	}
	for (cur_step = 1; cur_step <= steps; cur_step++) {
		unsigned r = rnd_below(10000);
		/* Keep the machine between roughly 30% and 95% full. */
		unsigned p_alloc = s.live_pages * 100 < s.managed_total * 30 ?
					   7000 :
				   s.live_pages * 100 > s.managed_total * 95 ?
					   3000 : 5000;

		if (r < 5) {
			mc_drain_all_pages(m);
			s.drains++;
		} else if (r < 7) {
			ret = do_sysctl(&s);
		} else if (r < p_alloc || !s.nlive) {
			ret = do_alloc(&s);
		} else {
			ret = do_free(&s);
		}
		if (ret || (ret = check_all(&s)))
			goto out;
	}
	ret = drain_out(&s);
out:
	printf("prop_alloc: %-22s %8lu steps: %lu allocs (%lu failed), "
	       "%lu frees, %lu migrated, %lu drains, %lu sysctl writes%s\n",
	       layout_name, cur_step > steps ? steps : cur_step, s.allocs_ok,
	       s.allocs_failed, s.frees, s.migrated, s.drains, s.sysctls,
	       ret ? " FAILED" : "");
	free(s.bits);
	free(s.blocks);
	return ret;
}

static struct mc_machine *tiny_machine(void)
{
	static struct mc_machine_desc d;

	memset(&d, 0, sizeof(d));
	strcpy(d.name, "tiny");
	strcpy(d.arch, "x86_64");
	d.page_shift = 12;
	d.nr_nodes = 1;
	d.nr_cpus = 2;
	d.nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = 0x10000, .spanned = 4096, .present = 4096,
		.managed = 4096 };
	return t_machine_desc(&d, 0);
}

int main(void)
{
	static const struct {
		const char *spec;	/* NULL: the tiny hand-made zone */
		const char *name;
		unsigned long steps;
	} layouts[] = {
		/* 1.81 million steps: about 90 s on two cores. */
		{ NULL, "tiny(4096 pages)", 800000 },
		{ "pc:128M", "pc:128M", 300000 },
		{ "pc-numa:2x128M,cpus=4", "pc-numa:2x128M,cpus=4", 150000 },
		{ "arm64-16k:256M", "arm64-16k:256M", 280000 },
		{ "arm64-64k:1G", "arm64-64k:1G", 280000 },
	};
	const char *scale = getenv("MC_TEST_SCALE");
	const char *seed_env = getenv("PROP_SEED");
	unsigned long total = 0, divisor = 1;
	uint64_t seed = 0x6d656d636f6d70ULL;	/* "memcomp" */
	int passed = 0, failed = 0;
	struct timespec t0, t1;

	if (scale && !strcmp(scale, "small"))
		divisor = 20;
	if (seed_env)
		seed = strtoull(seed_env, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < ARRAY_SIZE(layouts); i++) {
		struct mc_machine *m;
		unsigned long steps = layouts[i].steps / divisor;

		rng_state = seed + i;
		layout_name = layouts[i].name;
		m = layouts[i].spec ? t_machine(layouts[i].spec, 0) :
				      tiny_machine();
		if (run_layout(m, steps))
			failed++;
		else
			passed++;
		total += steps;
		mc_machine_destroy(m);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("prop_alloc: %lu steps in total, checker after every step, "
	       "%.1f s\n", total, (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("prop_alloc: %d passed, %d failed (seed %#llx)\n", passed,
	       failed, (unsigned long long)seed);
	return failed ? 1 : 0;
}
