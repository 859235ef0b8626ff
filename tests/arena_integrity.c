// SPDX-License-Identifier: GPL-2.0-only
/*
 * arena_integrity.c - data integrity of an arena under migration.
 *
 *   arena_integrity [MIGRATIONS [THREADS [ARENA_MIB]]]
 *
 * THREADS workers churn handle allocations (orders 0 to 6), each page of
 * each block carrying its own pattern (handle, version, page index),
 * verifying a block before freeing it and mapping random live blocks to
 * check them while everything moves.  Meanwhile a compactor thread runs
 * full compaction (vm.compact_memory's compact_node) and contiguous
 * allocations of the top quarter of the arena (which migrate everything
 * there downwards; one for every 16 compactions), kcompactd runs proactive compaction in real
 * time on the daemons' thread, and the allocations' slow path compacts
 * directly.  After each phase every thread stops and every live page of
 * every block is verified and the invariant checker runs.  The run ends
 * once MIGRATIONS pages have been migrated (copied); it prints the count
 * and fails on any corrupted word, invariant violation or poison error.
 * MC_TEST_SCALE=small divides MIGRATIONS by 10.
 */
#include <memcompact.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE 4096u
#define WORDS (PAGE / 8)

struct slot {
	mc_handle_t h;
	unsigned order;
	uint32_t version;
};

struct worker {
	pthread_t t;
	struct mc_arena *a;
	struct slot *slots;
	size_t nslots;
	uint64_t rng;
	uint64_t allocs, frees, checks, enomem;
	uint64_t bad_words;
	uint32_t version;
	atomic_int *go;		/* phase number; < 0: exit */
	atomic_int *parked;
	int phase_ops;
};

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t pat(const struct slot *s, unsigned page)
{
	uint64_t z = s->h ^ ((uint64_t)s->version << 40) ^
		     ((uint64_t)page << 20);

	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdull;
	return z ^ (z >> 29);
}

static void fill(struct mc_arena *a, const struct slot *s)
{
	uint64_t *p;

	if (mc_arena_map(a, s->h, (void **)&p))
		abort();
	for (unsigned i = 0; i < (1u << s->order); i++) {
		uint64_t b = pat(s, i);

		for (unsigned w = 0; w < WORDS; w++)
			p[(size_t)i * WORDS + w] = b + w;
	}
	mc_arena_unmap(a, s->h);
}

static uint64_t check(struct mc_arena *a, const struct slot *s)
{
	uint64_t *p, bad = 0;

	if (mc_arena_map(a, s->h, (void **)&p))
		return 1u << s->order;	/* the handle itself was lost */
	for (unsigned i = 0; i < (1u << s->order); i++) {
		uint64_t b = pat(s, i);

		for (unsigned w = 0; w < WORDS; w++)
			bad += p[(size_t)i * WORDS + w] != b + w;
	}
	mc_arena_unmap(a, s->h);
	return bad;
}

static unsigned pick_order(uint64_t r)
{
	unsigned x = (unsigned)(r % 100);

	if (x < 80)
		return 0;
	if (x < 95)
		return 1 + (unsigned)(r >> 8) % 3;
	return 4 + (unsigned)(r >> 8) % 3;
}

static void churn(struct worker *w)
{
	for (int op = 0; op < w->phase_ops; op++) {
		uint64_t r = rnd(&w->rng);
		struct slot *s = &w->slots[r % w->nslots];

		if (s->h && (r >> 40) % 8 == 0) {	/* look at it */
			w->bad_words += check(w->a, s);
			w->checks++;
		} else if (s->h) {			/* free it */
			w->bad_words += check(w->a, s);
			if (mc_arena_free(w->a, s->h))
				w->bad_words++;
			s->h = 0;
			w->frees++;
		} else {				/* allocate */
			unsigned order = pick_order(r >> 16);

			if (mc_arena_alloc(w->a, order, MC_GFP_NORETRY |
					   MC_GFP_NOWARN, &s->h)) {
				s->h = 0;
				w->enomem++;
				continue;
			}
			s->order = order;
			s->version = ++w->version;
			fill(w->a, s);
			w->allocs++;
		}
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int seen = 0;

	for (;;) {
		int g;

		while ((g = atomic_load(w->go)) == seen)
			sched_yield();
		if (g < 0)
			break;
		seen = g;
		churn(w);
		atomic_fetch_add(w->parked, 1);
	}
	return NULL;
}

struct compactor {
	pthread_t t;
	struct mc_arena *a;
	atomic_int run;		/* 1 compacting, 0 paused, -1 exit */
	atomic_int idle;
	uint64_t compactions, contig_ok, contig_busy;
};

static void *compactor_main(void *arg)
{
	struct compactor *c = arg;
	struct mc_machine *m = mc_arena_machine(c->a);
	struct mc_arena_info info;
	uint64_t lo, hi;
	int r;

	mc_arena_info(c->a, &info);
	lo = info.start_pfn + info.nr_pages / 4 * 3;
	lo = (lo + 511) & ~511ull;
	hi = info.start_pfn + info.nr_pages;
	while ((r = atomic_load(&c->run)) >= 0) {
		if (!r) {
			atomic_store(&c->idle, 1);
			sched_yield();
			continue;
		}
		atomic_store(&c->idle, 0);
		mc_compact_node(m, 0, 0);
		if (++c->compactions % 16)
			continue;
		if (mc_alloc_contig_range(m, lo, hi, MC_GFP_KERNEL |
					  MC_GFP_NOWARN, 0, NULL) == 0) {
			mc_free_contig_range(m, lo, hi - lo, 0);
			c->contig_ok++;
		} else {
			c->contig_busy++;
		}
	}
	return NULL;
}

static void report(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "arena_integrity: %s\n", msg);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t target = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
	unsigned nthreads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
	size_t mib = argc > 3 ? strtoull(argv[3], NULL, 0) : 64;
	const char *sc = getenv("MC_TEST_SCALE");
	struct mc_arena_config cfg = { 0 };
	struct mc_arena_stats st;
	struct mc_arena *a;
	struct mc_machine *m;
	struct mc_error err;
	struct worker *w;
	struct compactor comp = { 0 };
	atomic_int go = 0, parked = 0;
	uint64_t bad = 0, live_pages_checked = 0, phases = 0;
	uint64_t pgmigrate0, pgmigrate1;
	double t0;
	int fails = 0;

	if (sc && !strcmp(sc, "small"))
		target /= 10;
	if (nthreads < 1 || nthreads > 64 || mib < 8)
		return fprintf(stderr, "usage: arena_integrity "
				       "[MIGRATIONS [THREADS(1-64) [MIB>=8]]]\n"),
		       2;
	cfg.bytes = mib << 20;
	cfg.nr_cpus = nthreads;
	cfg.flags = MC_ARENA_POISON_CHECK;
	cfg.seed = 42;
	cfg.report = report;
	if (mc_arena_create(&cfg, &a, &err)) {
		fprintf(stderr, "arena_integrity: %s\n", err.msg);
		return 1;
	}
	m = mc_arena_machine(a);
	mc_sysctl_write(m, "vm.compaction_proactiveness", "90", 2);
	mc_sysctl_write(m, "vm.memcompact_kcompactd_sleep_millisecs", "20",
			2);
	if (mc_daemons_start(m)) {
		fprintf(stderr, "arena_integrity: mc_daemons_start failed\n");
		return 1;
	}
	mc_vmstat_get(m, "pgmigrate_success", &pgmigrate0);

	w = calloc(nthreads, sizeof(*w));
	for (unsigned i = 0; i < nthreads; i++) {
		w[i].a = a;
		/* up to ~40% of the arena live across all workers */
		w[i].nslots = (mib << 20) / PAGE / 3 / nthreads;
		w[i].slots = calloc(w[i].nslots, sizeof(struct slot));
		w[i].rng = 1000 + i;
		w[i].go = &go;
		w[i].parked = &parked;
		w[i].phase_ops = (int)(w[i].nslots * 2);
		pthread_create(&w[i].t, NULL, worker_main, &w[i]);
	}
	comp.a = a;
	atomic_store(&comp.run, 0);
	pthread_create(&comp.t, NULL, compactor_main, &comp);

	t0 = now_s();
	for (;;) {
		/* a phase: churn with compaction all around */
		atomic_store(&parked, 0);
		atomic_store(&comp.run, 1);
		atomic_fetch_add(&go, 1);
		while (atomic_load(&parked) < (int)nthreads)
			sched_yield();
		atomic_store(&comp.run, 0);
		while (!atomic_load(&comp.idle))
			sched_yield();
		phases++;

		/* every live page of every block */
		for (unsigned i = 0; i < nthreads; i++)
			for (size_t k = 0; k < w[i].nslots; k++)
				if (w[i].slots[k].h) {
					bad += check(a, &w[i].slots[k]);
					live_pages_checked +=
						1u << w[i].slots[k].order;
				}
		for (unsigned i = 0; i < nthreads; i++)
			bad += w[i].bad_words;
		if (mc_check(m, report, NULL))
			fails++;
		mc_arena_stats(a, &st);
		if (bad || fails || st.poison_errors ||
		    st.migrated_pages >= target)
			break;
	}
	atomic_store(&comp.run, -1);
	atomic_store(&go, -1);
	pthread_join(comp.t, NULL);
	for (unsigned i = 0; i < nthreads; i++)
		pthread_join(w[i].t, NULL);
	mc_daemons_stop(m);
	mc_vmstat_get(m, "pgmigrate_success", &pgmigrate1);
	mc_arena_stats(a, &st);
	{
		double dt = now_s() - t0;
		uint64_t allocs = 0, frees = 0, checks = 0, enomem = 0;

		for (unsigned i = 0; i < nthreads; i++) {
			allocs += w[i].allocs;
			frees += w[i].frees;
			checks += w[i].checks;
			enomem += w[i].enomem;
		}
		printf("arena_integrity: %u threads, %zu MiB, %" PRIu64
		       " phases in %.1f s\n", nthreads, mib, phases, dt);
		printf("  page migrations (copied): %" PRIu64
		       "   pgmigrate_success: %" PRIu64 "\n",
		       st.migrated_pages, pgmigrate1 - pgmigrate0);
		printf("  compactions %" PRIu64 ", contiguous ranges %" PRIu64
		       " (busy %" PRIu64 ")\n", comp.compactions,
		       comp.contig_ok, comp.contig_busy);
		printf("  allocs %" PRIu64 " (fast %" PRIu64 ", slow %" PRIu64
		       ", ENOMEM %" PRIu64 "), frees %" PRIu64
		       ", spot checks %" PRIu64 "\n", allocs, st.fast_allocs,
		       st.slow_allocs, enomem, frees, checks);
		printf("  live pages verified at phase ends: %" PRIu64 "\n",
		       live_pages_checked);
		printf("  corrupted words: %" PRIu64 ", invariant failures: %d"
		       ", poison errors: %" PRIu64 "\n", bad, fails,
		       st.poison_errors);
	}
	for (unsigned i = 0; i < nthreads; i++)
		free(w[i].slots);
	free(w);
	mc_arena_destroy(a);
	if (bad || fails || st.poison_errors)
		return 1;
	if (st.migrated_pages < target) {
		fprintf(stderr, "arena_integrity: only %" PRIu64
				" migrations\n", st.migrated_pages);
		return 1;
	}
	return 0;
}
