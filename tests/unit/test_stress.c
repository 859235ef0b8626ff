// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_stress.c - concurrency stress on a threaded machine: allocation,
 * free, compaction, contiguous ranges, the hugetlb pool, sysctl writes and
 * fault injection from their own threads at once, while kcompactd, kswapd
 * and the other daemons run in real time (mc_daemons_start).
 *
 * Three phases (plain; with fault injection; with the owners refusing
 * migrations now and then).  Each allocating thread owns its blocks
 * through an owner of its own whose migrate callback moves them in the
 * thread's table; the table is touched only under the machine lock (the
 * callbacks run with it held, the thread takes mc_machine_lock() around
 * its own updates), as docs/guarantees.md asks of such owners.  At the end
 * of each phase, with the daemons still running: the invariant checker
 * finds nothing, every block is where its owner thinks, and the pages add
 * up (free + per-cpu + held + hugetlb pool == managed).  At the end
 * everything is freed and every page is free again.
 *
 * Labelled "threads": make check-tsan runs it under ThreadSanitizer with
 * MC_TEST_SCALE=small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define NALLOC	3		/* allocating threads */
#define HELD	512		/* blocks a thread holds at most */

static unsigned iters(void)
{
	const char *s = getenv("MC_TEST_SCALE");

	return s && !strcmp(s, "small") ? 400 : 3000;
}

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct allocator {
	struct mc_machine *m;
	pthread_t th;
	int cpu;
	unsigned slot;			/* owner slot */
	uint64_t rng;			/* the thread's own */
	uint64_t cb_rng;		/* the callback's: under the lock */
	uint64_t pfn[HELD];
	unsigned order[HELD];
	bool live[HELD];
	bool contig[HELD];		/* an order-0 page of a contig range */
	unsigned n;			/* live blocks */
	int refuse;			/* phase 3: refuse 1 in refuse */
	unsigned long calls;
	int errors;
	char why[160];
};

static void note_error(struct allocator *a, const char *what, long v)
{
	if (!a->errors++)
		snprintf(a->why, sizeof(a->why), "%s: %ld", what, v);
}

/* Runs with the machine lock held, on any thread (kcompactd's too). */
static int follow(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		  unsigned order, uint32_t cookie, int mode)
{
	struct allocator *a = ctx;

	(void)mode;
	if (cookie >= HELD || !a->live[cookie] || a->pfn[cookie] != old_pfn ||
	    a->order[cookie] != order) {
		note_error(a, "migrate of an unknown block", (long)old_pfn);
		return -EINVAL;
	}
	if (a->refuse && next(&a->cb_rng) % (uint64_t)a->refuse == 0)
		return (next(&a->cb_rng) & 1) ? -EAGAIN : -EBUSY;
	a->pfn[cookie] = new_pfn;
	return 0;
}

static int no_split(void *ctx, uint64_t head, unsigned order, uint32_t cookie,
		    uint32_t *cookies)
{
	(void)ctx;
	(void)head;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static const struct mc_owner_ops follow_ops = {
	.migrate = follow,
	.split = no_split,
};

static int free_slot(struct allocator *a)
{
	for (int i = 0; i < HELD; i++)
		if (!a->live[i])
			return i;
	return -1;
}

static void alloc_one(struct allocator *a, uint64_t r)
{
	static const uint32_t gfps[] = {
		MC_GFP_HIGHUSER_MOVABLE, MC_GFP_KERNEL, MC_GFP_ATOMIC,
		MC_GFP_KERNEL | MC_GFP_RECLAIMABLE, MC_GFP_NOWAIT,
	};
	struct mc_alloc_request rq = { .nid = -1, .cpu = a->cpu };
	int i, ret;

	mc_machine_lock(a->m);
	i = free_slot(a);
	if (i < 0)
		goto out;
	rq.gfp = gfps[(r >> 8) % 5];
	rq.order = (r >> 16) % 8 == 0 ? 9 : (unsigned)((r >> 20) % 4);
	rq.kind = rq.gfp == MC_GFP_HIGHUSER_MOVABLE ? MC_PAGE_ANON :
		  MC_PAGE_KERNEL;
	rq.owner = a->slot;
	rq.cookie = (uint32_t)i;
	if (rq.order)
		rq.gfp |= MC_GFP_COMP;
	ret = mc_alloc_pages(a->m, &rq, &a->pfn[i]);
	if (!ret) {
		a->order[i] = rq.order;
		a->live[i] = true;
		a->contig[i] = false;
		a->n++;
	} else if (ret != -ENOMEM) {
		note_error(a, "alloc", ret);
	}
out:
	mc_machine_unlock(a->m);
}

static void free_one(struct allocator *a, uint64_t r)
{
	int i = (int)(r % HELD), ret;

	mc_machine_lock(a->m);
	for (int k = 0; k < HELD && !a->live[i]; k++)
		i = (i + 1) % HELD;
	if (a->live[i]) {
		ret = a->contig[i] ? mc_free_contig_range(a->m, a->pfn[i], 1,
							   a->cpu)
				   : mc_free_pages(a->m, a->pfn[i],
						   a->order[i], a->cpu);
		if (ret)
			note_error(a, "free", ret);
		a->live[i] = false;
		a->n--;
	}
	mc_machine_unlock(a->m);
}

/* alloc_contig_pages of a few pages, each one kept as its own block. */
static void contig_some(struct allocator *a, uint64_t r)
{
	uint64_t nr = 1 + (r >> 8) % 16, pfn;
	struct mc_contig_owner own = { a->slot, MC_PAGE_ANON, 0 };
	int slots[16], got = 0, ret;

	mc_machine_lock(a->m);
	for (int i = 0; i < HELD && got < (int)nr; i++)
		if (!a->live[i])
			slots[got++] = i;
	if (got < (int)nr)
		goto out;
	/* every page carries the cookie of its own slot: set after */
	own.cookie = (uint32_t)slots[0];
	ret = mc_alloc_contig_pages(a->m, nr, MC_GFP_KERNEL, -1, a->cpu, &own,
				    &pfn);
	if (ret) {
		if (ret != -ENOMEM)
			note_error(a, "contig", ret);
		goto out;
	}
	for (uint64_t p = 0; p < nr; p++) {
		int i = slots[p];

		if (mc_page_set_cookie(a->m, pfn + p, (uint32_t)i))
			note_error(a, "set cookie", (long)p);
		a->pfn[i] = pfn + p;
		a->order[i] = 0;
		a->live[i] = true;
		a->contig[i] = true;
		a->n++;
	}
out:
	mc_machine_unlock(a->m);
}

static void *allocator_main(void *arg)
{
	struct allocator *a = arg;
	unsigned n = iters();

	for (unsigned k = 0; k < n; k++) {
		uint64_t r = next(&a->rng);

		switch (r % 8) {
		case 0: case 1: case 2: case 3:
			alloc_one(a, r);
			break;
		case 4: case 5: case 6:
			free_one(a, r);
			break;
		case 7:
			contig_some(a, r);
			break;
		}
		a->calls++;
	}
	return NULL;
}

/* Compaction in every form callers have. */
struct side {
	struct mc_machine *m;
	pthread_t th;
	uint64_t rng;
	bool faults;
	int errors;
	char why[160];
};

static void side_fail(struct side *s, const char *what, long v)
{
	if (!s->errors++)
		snprintf(s->why, sizeof(s->why), "%s: %ld", what, v);
}

static void *compactor_main(void *arg)
{
	struct side *s = arg;
	unsigned n = iters() / 20;

	for (unsigned k = 0; k < n; k++) {
		uint64_t r = next(&s->rng);
		int ret;

		switch (r % 3) {
		case 0:
			ret = mc_compact_node(s->m, 0, (int)((r >> 8) % 4));
			break;
		case 1:
			ret = mc_sysctl_write(s->m, "vm.compact_memory", "1", 1);
			break;
		default:
			ret = mc_sysfs_write(s->m,
					     "devices/system/node/node0/compact",
					     "1", 1);
			break;
		}
		if (ret)
			side_fail(s, "compact", ret);
	}
	return NULL;
}

/* Tunables, the hugetlb pool and fault injection, written as text. */
static void *sysctl_main(void *arg)
{
	static const char *const knobs[][2] = {
		{ "vm.watermark_scale_factor", "10" },
		{ "vm.watermark_scale_factor", "200" },
		{ "vm.min_free_kbytes", "2048" },
		{ "vm.min_free_kbytes", "8192" },
		{ "vm.extfrag_threshold", "100" },
		{ "vm.extfrag_threshold", "900" },
		{ "vm.compaction_proactiveness", "0" },
		{ "vm.compaction_proactiveness", "90" },
		{ "vm.percpu_pagelist_high_fraction", "0" },
		{ "vm.percpu_pagelist_high_fraction", "16" },
		{ "vm.nr_hugepages", "0" },
		{ "vm.nr_hugepages", "6" },
		{ "vm.memcompact_kcompactd_sleep_millisecs", "20" },
		{ "vm.watermark_boost_factor", "0" },
		{ "vm.watermark_boost_factor", "15000" },
	};
	struct side *s = arg;
	unsigned n = iters() / 4;

	for (unsigned k = 0; k < n; k++) {
		uint64_t r = next(&s->rng);
		const char *const *kv = knobs[r % 15];
		int ret = mc_sysctl_write(s->m, kv[0], kv[1], strlen(kv[1]));

		if (ret)
			side_fail(s, kv[0], ret);
		if (s->faults && (r >> 8) % 8 == 0) {
			static const char *const fi[][2] = {
				{ "vm.memcompact_fail_page_alloc",
				  "1,10,0,-1,0,0,0" },
				{ "vm.memcompact_fail_page_alloc",
				  "2,30,0,-1,0,1,0" },
				{ "vm.memcompact_fail_migrate", "1,20,0,-1,11" },
				{ "vm.memcompact_fail_migrate", "1,5,0,-1,12" },
				{ "vm.memcompact_fail_migrate", "3,40,0,-1,16" },
			};
			const char *const *f = fi[(r >> 16) % 5];

			ret = mc_sysctl_write(s->m, f[0], f[1], strlen(f[1]));
			if (ret)
				side_fail(s, f[0], ret);
		}
	}
	return NULL;
}

static void check_owned(struct mc_machine *m, struct allocator *a)
{
	for (int i = 0; i < HELD; i++) {
		struct mc_page_info pi;

		if (!a->live[i])
			continue;
		assert_int_equal(mc_page_info(m, a->pfn[i], &pi), 0);
		assert_int_equal(pi.state, MC_PS_ALLOCATED);
		assert_int_equal(pi.head_pfn, a->pfn[i]);
		assert_int_equal(pi.order, a->order[i]);
		assert_int_equal(pi.owner, a->slot);
		assert_int_equal(pi.cookie, (uint32_t)i);
	}
}

/* free + pcp + held + pool == managed, read as one step */
static void check_pages(struct mc_machine *m, struct allocator *a)
{
	uint64_t managed, nr_free = t_free_pages(m, &managed), held = 0;
	struct mc_hugetlb_stats hs;

	for (int t = 0; t < NALLOC; t++)
		for (int i = 0; i < HELD; i++)
			if (a[t].live[i])
				held += 1ULL << a[t].order[i];
	assert_int_equal(mc_hugetlb_stats(m, -1, &hs), 0);
	assert_int_equal(nr_free + held + (hs.nr << hs.order), managed);
}

static void run_phase(struct mc_machine *m, struct allocator *a, int phase)
{
	struct side comp = { .m = m, .rng = 100u + (unsigned)phase };
	struct side sys = { .m = m, .rng = 200u + (unsigned)phase,
			    .faults = phase == 2 };

	/* the callbacks read it on the daemons' thread too */
	mc_machine_lock(m);
	for (int t = 0; t < NALLOC; t++)
		a[t].refuse = phase == 3 ? 4 : 0;
	mc_machine_unlock(m);
	for (int t = 0; t < NALLOC; t++) {
		assert_int_equal(pthread_create(&a[t].th, NULL, allocator_main,
						&a[t]), 0);
	}
	assert_int_equal(pthread_create(&comp.th, NULL, compactor_main, &comp),
			 0);
	assert_int_equal(pthread_create(&sys.th, NULL, sysctl_main, &sys), 0);
	for (int t = 0; t < NALLOC; t++) {
		pthread_join(a[t].th, NULL);
		if (a[t].errors)
			fprintf(stderr, "phase %d thread %d: %s\n", phase, t,
				a[t].why);
		assert_int_equal(a[t].errors, 0);
	}
	pthread_join(comp.th, NULL);
	pthread_join(sys.th, NULL);
	if (comp.errors || sys.errors)
		fprintf(stderr, "phase %d: %s %s\n", phase, comp.why, sys.why);
	assert_int_equal(comp.errors + sys.errors, 0);

	/* the daemons still run: check as one step under the lock */
	mc_machine_lock(m);
	assert_int_equal(t_check(m), 0);
	for (int t = 0; t < NALLOC; t++)
		check_owned(m, &a[t]);
	check_pages(m, a);
	mc_machine_unlock(m);
}

static void test_stress(void **state)
{
	struct mc_machine *m = t_machine("pc:128M,cpus=4", MC_OPT_THREADED);
	static struct allocator a[NALLOC];
	uint64_t managed, nr_free;
	const char *first;

	(void)state;
	for (int t = 0; t < NALLOC; t++) {
		memset(&a[t], 0, sizeof(a[t]));
		a[t].m = m;
		a[t].cpu = t;
		a[t].rng = (uint64_t)t + 1;
		a[t].cb_rng = (uint64_t)t + 101;
		assert_int_equal(mc_owner_register(m, "stress", &follow_ops,
						   &a[t], &a[t].slot), 0);
	}
	assert_int_equal(mc_daemons_start(m), 0);
	for (int phase = 1; phase <= 3; phase++)
		run_phase(m, a, phase);
	assert_int_equal(mc_daemons_stop(m), 0);
	/* it did happen: migrations (under the owners' feet), injected
	 * faults, contiguous ranges */
	{
		struct mc_fault_attr fa;
		uint64_t mig = 0, contig = 0;

		assert_int_equal(mc_vmstat_get(m, "pgmigrate_success", &mig),
				 0);
		assert_true(mig > 0);
		assert_int_equal(mc_fault_get(m, MC_FAULT_PAGE_ALLOC, &fa), 0);
		assert_true(fa.injected > 0);
		for (int t = 0; t < NALLOC; t++)
			for (int i = 0; i < HELD; i++)
				contig += a[t].live[i] && a[t].contig[i];
		assert_true(contig > 0);
	}

	/* faults off, everything back: every page is free */
	assert_int_equal(mc_sysctl_write(m, "vm.memcompact_fail_page_alloc",
					 "1,0,0,1", 7), 0);
	assert_int_equal(mc_sysctl_write(m, "vm.memcompact_fail_migrate",
					 "1,0,0,1", 7), 0);
	for (int t = 0; t < NALLOC; t++)
		for (int i = 0; i < HELD; i++)
			if (a[t].live[i]) {
				if (a[t].contig[i])
					assert_int_equal(mc_free_contig_range(
						m, a[t].pfn[i], 1, 0), 0);
				else
					assert_int_equal(mc_free_pages(m,
						a[t].pfn[i], a[t].order[i], 0),
						0);
				a[t].live[i] = false;
			}
	assert_int_equal(mc_sysctl_write(m, "vm.nr_hugepages", "0", 1), 0);
	mc_drain_all_pages(m);
	nr_free = t_free_pages(m, &managed);
	assert_int_equal(nr_free, managed);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_check_failures(m, &first), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
