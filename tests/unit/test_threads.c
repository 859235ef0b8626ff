// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_threads.c - threaded machines (MC_OPT_THREADED) and real time
 * (mc_daemons_start): calls from several threads at once leave a
 * consistent machine; the daemons run on their own thread at real times
 * (kcompactd's first proactive check 500 ms after the start); a world is
 * shared by threads; mc_advance is refused while time is real.  Built
 * under TSan by `make check-tsan`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

#define MS 1000000ULL

static int scale(void)
{
	const char *s = getenv("MC_TEST_SCALE");

	return s && !strcmp(s, "small") ? 1 : 4;
}

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

struct churn {
	struct mc_machine *m;
	int cpu;
	unsigned iters;
	uint64_t seed;
	int errors;
};

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Allocate and free blocks of orders 0..3 at random; free all at the end. */
static void *churn_main(void *arg)
{
	struct churn *c = arg;
	uint64_t held[256], rng = c->seed;
	unsigned order[256], n = 0;

	for (unsigned i = 0; i < c->iters; i++) {
		uint64_t r = next(&rng);

		if (n < 256 && (n == 0 || (r & 3) != 0)) {
			struct mc_alloc_request rq = {
				.gfp = MC_GFP_HIGHUSER_MOVABLE,
				.order = (unsigned)((r >> 8) % 4), .nid = -1,
				.cpu = c->cpu, .kind = MC_PAGE_ANON,
			};

			if (rq.order)
				rq.gfp |= MC_GFP_COMP;
			if (!mc_alloc_pages(c->m, &rq, &held[n])) {
				order[n] = rq.order;
				n++;
			}
		} else {
			unsigned k = (unsigned)((r >> 16) % n);

			if (mc_free_pages(c->m, held[k], order[k], c->cpu))
				c->errors++;
			held[k] = held[--n];
			order[k] = order[n];
		}
	}
	while (n) {
		n--;
		if (mc_free_pages(c->m, held[n], order[n], c->cpu))
			c->errors++;
	}
	return NULL;
}

static void run_churners(struct mc_machine *m, int nthreads, unsigned iters)
{
	pthread_t t[8];
	struct churn c[8];

	for (int i = 0; i < nthreads; i++) {
		c[i] = (struct churn){ m, i % 4, iters, (uint64_t)i + 1, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, churn_main, &c[i]),
				 0);
	}
	for (int i = 0; i < nthreads; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(c[i].errors, 0);
	}
}

/* Four threads churn at once; afterwards everything is free again. */
static void test_concurrent_calls(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=4", MC_OPT_THREADED |
							   MC_OPT_NO_DAEMONS);
	uint64_t free0;

	(void)state;
	mc_drain_all_pages(m);
	free0 = vm(m, "nr_free_pages");
	run_churners(m, 4, 20000u * (unsigned)scale());
	mc_drain_all_pages(m);
	assert_int_equal(vm(m, "nr_free_pages"), free0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Fragment: every page allocated, then 3 of 4 freed (pfn & 3 != 0). */
static void fragment(struct mc_machine *m)
{
	struct mc_alloc_request rq = {
		.gfp = (MC_GFP_HIGHUSER_MOVABLE & ~MC_GFP_RECLAIM),
		.nid = -1, .cpu = 0, .kind = MC_PAGE_ANON,
	};
	uint64_t pfn, *all = malloc(1u << 20 << 3), n = 0;

	assert_non_null(all);
	while (!mc_alloc_pages(m, &rq, &pfn))
		all[n++] = pfn;
	for (uint64_t i = 0; i < n; i++)
		if (all[i] & 3)
			assert_int_equal(mc_free_pages(m, all[i], 0, 0), 0);
	free(all);
	mc_drain_all_pages(m);
}

/*
 * Real time: kcompactd runs on the daemon thread at real 500 ms intervals;
 * the first proactive compaction is seen within a few seconds of wall time,
 * at a machine time of at least 500 ms; mc_advance is refused meanwhile;
 * after the stop, simulated time works again from where real time left it.
 */
static void test_realtime_kcompactd(void **state)
{
	struct mc_machine *m = t_machine("pc:512M,cpus=2", MC_OPT_THREADED);
	uint64_t t0, seen = 0;

	(void)state;
	fragment(m);
	t0 = mc_clock_ns(m);
	assert_int_equal(vm(m, "compact_daemon_migrate_scanned"), 0);
	assert_int_equal(mc_daemons_start(m), 0);
	assert_int_equal(mc_daemons_start(m), -EALREADY);
	assert_int_equal(mc_advance(m, MS), -EBUSY);
	for (int i = 0; i < 200; i++) {
		sleep_ms(50);
		mc_machine_lock(m);
		if (vm(m, "pgmigrate_success") > 0)
			seen = mc_clock_ns(m);
		mc_machine_unlock(m);
		if (seen)
			break;
	}
	assert_true(seen >= t0 + 500 * MS);
	assert_true(vm(m, "compact_daemon_migrate_scanned") > 0);
	assert_int_equal(mc_daemons_stop(m), 0);
	assert_int_equal(mc_daemons_stop(m), -EINVAL);
	t0 = mc_clock_ns(m);
	assert_int_equal(mc_advance(m, 10 * MS), 0);
	assert_int_equal(mc_clock_ns(m), t0 + 10 * MS);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Not threaded, or without daemons: real time is refused. */
static void test_realtime_refused(void **state)
{
	struct mc_machine *a = t_machine("pc:256M,cpus=1", 0);
	struct mc_machine *b = t_machine("pc:256M,cpus=1", MC_OPT_THREADED |
							   MC_OPT_NO_DAEMONS);

	(void)state;
	assert_int_equal(mc_daemons_start(a), -EINVAL);
	assert_int_equal(mc_daemons_start(b), -EINVAL);
	assert_int_equal(mc_daemons_stop(a), -EINVAL);
	assert_int_equal(mc_daemons_start(NULL), -EINVAL);
	mc_machine_destroy(a);
	mc_machine_destroy(b);
}

struct toucher {
	struct mc_world *w;
	int task;
	int rounds;
	int bad;
};

static void *toucher_main(void *arg)
{
	struct toucher *t = arg;

	for (int r = 0; r < t->rounds; r++) {
		if (mc_task_touch(t->w, t->task, 0, 4096, 0) <= 0)
			t->bad++;
		if (mc_task_unmap(t->w, t->task, 0, 4096))
			t->bad++;
	}
	return NULL;
}

/*
 * A world shared by two threads while the daemons run in real time and
 * churners allocate besides: every world call is one step under the
 * machine lock, so page tables and the reverse map stay consistent.
 */
static void test_world_threads_and_daemons(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=4", MC_OPT_THREADED);
	struct mc_world *w;
	struct toucher t[2];
	pthread_t th[2];
	struct mc_world_stats s;

	(void)state;
	assert_int_equal(mc_world_create(m, 1, &w), 0);
	assert_int_equal(mc_daemons_start(m), 0);
	for (int i = 0; i < 2; i++) {
		t[i] = (struct toucher){ w, 0, 10 * scale(), 0 };
		assert_int_equal(mc_task_create(w, "t", i, &t[i].task), 0);
		assert_int_equal(pthread_create(&th[i], NULL, toucher_main,
						&t[i]), 0);
	}
	run_churners(m, 2, 5000u * (unsigned)scale());
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].bad, 0);
	}
	assert_int_equal(mc_daemons_stop(m), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.anon_pages, 0);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_calls),
		cmocka_unit_test(test_realtime_kcompactd),
		cmocka_unit_test(test_realtime_refused),
		cmocka_unit_test(test_world_threads_and_daemons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
