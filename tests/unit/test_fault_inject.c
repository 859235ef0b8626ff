// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_fault_inject.c - fail_page_alloc and injected migration failures
 * (fault_inject.c): the kernel's should_fail() rules worked by hand, the
 * settings as API and as sysctl text, and the guarantee that under
 * injected faults the invariant checker stays green and no page frame is
 * leaked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mc_machine *machine(uint64_t seed)
{
	struct mc_machine_desc d;
	struct mc_options o = { .seed = seed, .flags = MC_OPT_NO_DAEMONS };
	struct mc_machine *m = NULL;
	struct mc_error err;

	assert_int_equal(mc_desc_preset("pc:64M,cpus=2", &d, &err), 0);
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
	return m;
}

static int alloc(struct mc_machine *m, uint32_t gfp, unsigned order,
		 uint64_t *pfn)
{
	struct mc_alloc_request r = { .gfp = gfp, .order = order, .nid = -1 };
	uint64_t dummy;

	return mc_alloc_pages(m, &r, pfn ? pfn : &dummy);
}

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

static struct mc_fault_attr get(struct mc_machine *m, enum mc_fault f)
{
	struct mc_fault_attr a;

	assert_int_equal(mc_fault_get(m, f, &a), 0);
	return a;
}

static void set_pa(struct mc_machine *m, uint64_t prob, uint64_t interval,
		   int times, int space)
{
	struct mc_fault_attr a = get(m, MC_FAULT_PAGE_ALLOC);

	a.probability = prob;
	a.interval = interval;
	a.times = times;
	a.space = space;
	assert_int_equal(mc_fault_set(m, MC_FAULT_PAGE_ALLOC, &a), 0);
}

static const char *rd(struct mc_machine *m, const char *name)
{
	static char buf[256];

	assert_true(mc_sysctl_read(m, name, buf, sizeof(buf)) > 0);
	return buf;
}

static int wr(struct mc_machine *m, const char *name, const char *v)
{
	return mc_sysctl_write(m, name, v, strlen(v));
}

/* The kernel's FAULT_ATTR_INITIALIZER and fail_page_alloc's defaults. */
static void test_defaults(void **state)
{
	struct mc_machine *m = machine(1);
	struct mc_fault_attr a = get(m, MC_FAULT_PAGE_ALLOC);

	(void)state;
	assert_int_equal(a.probability, 0);
	assert_int_equal(a.interval, 1);
	assert_int_equal(a.times, 1);
	assert_int_equal(a.space, 0);
	assert_int_equal(a.min_order, 1);
	assert_true(a.ignore_gfp_highmem);
	assert_true(a.ignore_gfp_wait);
	assert_int_equal(a.injected, 0);
	a = get(m, MC_FAULT_MIGRATE);
	assert_int_equal(a.probability, 0);
	assert_int_equal(a.error, -EAGAIN);
	assert_string_equal(rd(m, "vm.memcompact_fail_page_alloc"),
			    "1,0,0,1,1,1,1\n");
	assert_string_equal(rd(m, "vm.memcompact_fail_migrate"),
			    "1,0,0,1,11\n");
	mc_machine_destroy(m);
}

/*
 * What is asked at all: below min_order, __GFP_NOFAIL, highmem and
 * direct-reclaim requests (with the default ignores) never fail and do
 * not consume 'times'.
 */
static void test_filters(void **state)
{
	struct mc_machine *m = machine(1);
	struct mc_fault_attr a;

	(void)state;
	set_pa(m, 100, 1, 1, 0);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 0, NULL), 0);	/* order 0 */
	assert_int_equal(alloc(m, MC_GFP_KERNEL, 1, NULL), 0);	/* may wait */
	assert_int_equal(alloc(m, MC_GFP_NOWAIT | MC_GFP_HIGHMEM, 1, NULL), 0);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT | MC_GFP_NOFAIL, 1, NULL), 0);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).injected, 0);
	/* the one that is asked fails, once (times = 1) */
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL), -ENOMEM);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL), 0);
	a = get(m, MC_FAULT_PAGE_ALLOC);
	assert_int_equal(a.injected, 1);
	assert_int_equal(a.times, 0);
	/* without the ignores, GFP_KERNEL and highmem requests are asked */
	a.times = 2;
	a.ignore_gfp_wait = false;
	a.ignore_gfp_highmem = false;
	a.min_order = 0;
	assert_int_equal(mc_fault_set(m, MC_FAULT_PAGE_ALLOC, &a), 0);
	assert_int_equal(alloc(m, MC_GFP_KERNEL, 0, NULL), -ENOMEM);
	assert_int_equal(alloc(m, MC_GFP_HIGHUSER_MOVABLE, 3, NULL), -ENOMEM);
	assert_int_equal(alloc(m, MC_GFP_KERNEL, 0, NULL), 0);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).injected, 3);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* interval 3: the 3rd, 6th, 9th ... asked call fails. */
static void test_interval(void **state)
{
	struct mc_machine *m = machine(1);

	(void)state;
	set_pa(m, 100, 3, -1, 0);
	for (int i = 1; i <= 12; i++)
		assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL),
				 i % 3 ? 0 : -ENOMEM);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).injected, 4);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).times, -1);
	mc_machine_destroy(m);
}

/*
 * space 10 with order-2 calls (size 4): 10 > 4 -> 6 left, pass; 6 > 4 ->
 * 2 left, pass; 2 > 4 is false: fail, and from then on every call.
 */
static void test_space(void **state)
{
	struct mc_machine *m = machine(1);

	(void)state;
	set_pa(m, 100, 1, -1, 10);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 2, NULL), 0);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).space, 6);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 2, NULL), 0);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).space, 2);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 2, NULL), -ENOMEM);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 2, NULL), -ENOMEM);
	/* an order-1 call (size 2) does not fit either: 2 > 2 is false */
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL), -ENOMEM);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).space, 2);
	mc_machine_destroy(m);
}

/* Which calls fail depends on the seed alone, and about 'probability'%. */
static unsigned fail_pattern(uint64_t seed, char *pat, int n)
{
	struct mc_machine *m = machine(seed);
	unsigned fails = 0;

	set_pa(m, 30, 1, -1, 0);
	for (int i = 0; i < n; i++) {
		uint64_t pfn;
		int r = alloc(m, MC_GFP_NOWAIT, 1, &pfn);

		pat[i] = r ? 'x' : '.';
		fails += r != 0;
		if (!r)
			assert_int_equal(mc_free_pages(m, pfn, 1, 0), 0);
	}
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).injected, fails);
	mc_machine_destroy(m);
	return fails;
}

static void test_probability_deterministic(void **state)
{
	enum { N = 2000 };
	static char a[N + 1], b[N + 1], c[N + 1];
	unsigned fa = fail_pattern(5, a, N), fb = fail_pattern(5, b, N);
	unsigned fc = fail_pattern(6, c, N);

	(void)state;
	assert_memory_equal(a, b, N);
	assert_int_equal(fa, fb);
	assert_memory_not_equal(a, c, N);
	/* binomial(2000, 0.3): mean 600, sd 20.5; +-5 sd */
	assert_in_range(fa, 498, 702);
	assert_in_range(fc, 498, 702);
}

/*
 * An injected failure returns before anything is tried: no counter moves,
 * no mm_page_alloc event, no kswapd wakeup.
 */
static int nr_events;
static void count_event(void *ctx, const struct mc_trace_event *ev)
{
	(void)ctx;
	(void)ev;
	nr_events++;
}

static void test_failure_touches_nothing(void **state)
{
	struct mc_machine *m = machine(1);
	char *before, *after;

	(void)state;
	mc_trace_set_callback(m, count_event, NULL);
	assert_true(mc_trace_enable(m, "*", true) > 0);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL), 0);
	assert_true(nr_events > 0);		/* events do fire */
	set_pa(m, 100, 1, 1, 0);
	nr_events = 0;
	before = t_render(m, MC_PROC_VMSTAT);
	assert_int_equal(alloc(m, MC_GFP_NOWAIT, 1, NULL), -ENOMEM);
	after = t_render(m, MC_PROC_VMSTAT);
	assert_string_equal(before, after);
	assert_int_equal(nr_events, 0);
	free(before);
	free(after);
	mc_machine_destroy(m);
}

/* The sysctl text: the kernel's boot parameter order, strict parsing. */
static void test_sysctl_text(void **state)
{
	static const char *const bad[] = {
		"", " ", "1,2,3", "1,2,3,4,5,6,7,8", "a,b,c,d", "1,,3,4",
		"1,2,3,4,", "-1,2,3,4", "1,-2,3,4", "1,2,3,2147483648",
		"1,2,-2147483649,4", "1,2,3,4,5,2", "1,2,3,4,5,1,-1",
		"1,2,3,4,4294967296", "99999999999999999999,1,1,1", "1 2 3 4",
		"1,2,3,4x",
	};
	struct mc_machine *m = machine(1);
	struct mc_fault_attr a;

	(void)state;
	assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc",
			    " 10,25,-3,-1\n"), 0);
	assert_string_equal(rd(m, "vm.memcompact_fail_page_alloc"),
			    "10,25,-3,-1,1,1,1\n");
	assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc",
			    "1,5,100,7,0,0,1"), 0);
	a = get(m, MC_FAULT_PAGE_ALLOC);
	assert_int_equal(a.interval, 1);
	assert_int_equal(a.probability, 5);
	assert_int_equal(a.space, 100);
	assert_int_equal(a.times, 7);
	assert_int_equal(a.min_order, 0);
	assert_false(a.ignore_gfp_highmem);
	assert_true(a.ignore_gfp_wait);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (!*bad[i])
			continue;	/* a 0-byte write is a no-op */
		assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc",
				    bad[i]), -EINVAL);
		assert_string_equal(rd(m, "vm.memcompact_fail_page_alloc"),
				    "1,5,100,7,0,0,1\n");
	}
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "1,100,0,-1,12"),
			 0);
	assert_int_equal(get(m, MC_FAULT_MIGRATE).error, -ENOMEM);
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "2,50,0,3"), 0);
	assert_string_equal(rd(m, "vm.memcompact_fail_migrate"),
			    "2,50,0,3,12\n");
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "1,1,1,1,0"),
			 -EINVAL);
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "1,1,1,1,4096"),
			 -EINVAL);
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "1,1,1,1,16,1"),
			 -EINVAL);
	assert_string_equal(rd(m, "vm.memcompact_fail_migrate"),
			    "2,50,0,3,12\n");
	/* the API refuses what the text refuses */
	a = get(m, MC_FAULT_MIGRATE);
	a.error = 0;
	assert_int_equal(mc_fault_set(m, MC_FAULT_MIGRATE, &a), -EINVAL);
	a.error = 11;
	assert_int_equal(mc_fault_set(m, MC_FAULT_MIGRATE, &a), -EINVAL);
	assert_int_equal(mc_fault_set(m, MC_FAULT_NR, &a), -EINVAL);
	assert_int_equal(mc_fault_get(m, MC_FAULT_NR, &a), -EINVAL);
	assert_int_equal(mc_fault_set(NULL, MC_FAULT_MIGRATE, &a), -EINVAL);
	assert_int_equal(get(m, MC_FAULT_MIGRATE).error, -ENOMEM);
	mc_machine_destroy(m);
}

/* The hugetlb pool grows with __alloc_pages(GFP_HIGHUSER | ...): asked
 * only without ignore-gfp-highmem; the first failure ends the growth. */
static void test_hugetlb_pool(void **state)
{
	struct mc_machine *m = machine(1);
	struct mc_hugetlb_stats s;

	(void)state;
	set_pa(m, 100, 1, 2, 0);
	assert_int_equal(wr(m, "vm.nr_hugepages", "2"), 0);
	assert_int_equal(mc_hugetlb_stats(m, -1, &s), 0);
	assert_int_equal(s.nr, 2);	/* highmem and reclaim: ignored */
	/* GFP_HIGHUSER may also direct-reclaim: both ignores off */
	assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc",
			    "1,100,0,2,1,0,0"), 0);
	assert_int_equal(wr(m, "vm.nr_hugepages", "6"), 0);
	assert_int_equal(mc_hugetlb_stats(m, -1, &s), 0);
	assert_int_equal(s.nr, 2);
	assert_int_equal(wr(m, "vm.nr_hugepages", "6"), 0);
	assert_int_equal(mc_hugetlb_stats(m, -1, &s), 0);
	assert_int_equal(s.nr, 2);
	assert_int_equal(get(m, MC_FAULT_PAGE_ALLOC).injected, 2);
	assert_int_equal(wr(m, "vm.nr_hugepages", "6"), 0);
	assert_int_equal(mc_hugetlb_stats(m, -1, &s), 0);
	assert_int_equal(s.nr, 6);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- migration -------------------------------------------------------------- */

/* The owner of the movable pages: kept[cookie] follows its page. */
static uint64_t *kept;

static int follow(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		  unsigned order, uint32_t cookie, int mode)
{
	(void)ctx;
	(void)order;
	(void)mode;
	assert_int_equal(kept[cookie], old_pfn);
	kept[cookie] = new_pfn;
	return 0;
}

static const struct mc_owner_ops follow_ops = { .migrate = follow };

/*
 * Fill the machine with order-0 anonymous pages and free three of every
 * four, so that manual compaction has work; kept[] holds the rest.
 */
static size_t fragment(struct mc_machine *m)
{
	size_t cap = 1 << 15, n = 0, k = 0;
	uint64_t *all = malloc(cap * sizeof(*all));
	struct mc_alloc_request r = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE & ~MC_GFP_DIRECT_RECLAIM,
		.kind = MC_PAGE_ANON, .nid = -1,
	};
	unsigned slot;

	assert_non_null(all);
	kept = calloc(cap, sizeof(*kept));
	assert_non_null(kept);
	assert_int_equal(mc_owner_register(m, "follow", &follow_ops, NULL,
					   &slot), 0);
	r.owner = slot;
	for (; n < cap; n++) {
		r.cookie = (uint32_t)(n / 4);
		if (mc_alloc_pages(m, &r, &all[n]))
			break;
	}
	for (size_t i = 0; i < n; i++) {
		if (i % 4)
			assert_int_equal(mc_free_pages(m, all[i], 0, 0), 0);
		else
			kept[k++] = all[i];
	}
	free(all);
	return k;
}

/* Pages free, with the per-cpu lists drained first. */
static uint64_t free_pages(struct mc_machine *m, uint64_t *managed)
{
	mc_drain_all_pages(m);
	return t_free_pages(m, managed);
}

struct mig_result {
	uint64_t success, fail, injected;
};

static struct mig_result compact_with(int error, uint64_t prob)
{
	struct mc_machine *m = machine(3);
	struct mc_fault_attr a = get(m, MC_FAULT_MIGRATE);
	struct mig_result r;
	uint64_t managed, nr_free;
	size_t nkept = fragment(m);

	a.probability = prob;
	a.times = -1;
	a.error = error;
	assert_int_equal(mc_fault_set(m, MC_FAULT_MIGRATE, &a), 0);
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	assert_int_equal(t_check(m), 0);
	r.success = vm(m, "pgmigrate_success");
	r.fail = vm(m, "pgmigrate_fail");
	r.injected = get(m, MC_FAULT_MIGRATE).injected;
	/* Nothing leaked: every page the owner holds is where the owner
	 * thinks it is, and once they are freed everything is free. */
	for (size_t i = 0; i < nkept; i++)
		assert_int_equal(mc_free_pages(m, kept[i], 0, 0), 0);
	nr_free = free_pages(m, &managed);
	assert_int_equal(nr_free, managed);
	assert_int_equal(t_check(m), 0);
	free(kept);
	mc_machine_destroy(m);
	return r;
}

/*
 * Manual compaction migrates in MIGRATE_SYNC: migrate_pages() first tries
 * the batch asynchronously (3 passes), then each failed folio alone (7
 * more passes).  So a transient failure is asked 10 times per folio, a
 * permanent one twice (once per phase), and -ENOMEM ends the call, and
 * with it the compaction run, at the first folio.
 */
static void test_migrate_failures(void **state)
{
	struct mig_result off = compact_with(-EAGAIN, 0);
	struct mig_result eagain = compact_with(-EAGAIN, 100);
	struct mig_result enomem = compact_with(-ENOMEM, 100);
	struct mig_result ebusy = compact_with(-EBUSY, 100);
	struct mig_result half = compact_with(-EAGAIN, 50);

	(void)state;
	assert_true(off.success > 400);
	assert_int_equal(off.injected, 0);
	assert_int_equal(eagain.success, 0);
	assert_true(eagain.fail > 0);
	assert_int_equal(eagain.injected, 10 * eagain.fail);
	assert_int_equal(ebusy.success, 0);
	assert_true(ebusy.fail > 0);
	assert_int_equal(ebusy.injected, 2 * ebusy.fail);
	assert_int_equal(enomem.success, 0);
	assert_int_equal(enomem.fail, 1);
	assert_int_equal(enomem.injected, 1);
	/* at 50% almost every folio gets through within its 10 tries */
	assert_true(half.success > 0);
	assert_true(half.injected > 0);
}

/*
 * A world's tasks, files and slab caches, compaction, the hugetlb pool,
 * THP faults and the daemons, with 20% of all allocations and migrations
 * failing (every kind of migration failure in turn).  The checker runs
 * after every operation; at the end, with the world gone and the pool
 * empty, every page frame is free again.
 */
static void test_world_under_faults(void **state)
{
	struct mc_machine_desc d;
	struct mc_options o = { .seed = 11, .swap_pages = 4096,
				.flags = MC_OPT_CHECK_EACH_OP };
	static const int errors[] = { -EAGAIN, -ENOMEM, -EBUSY, -EIO };
	struct mc_machine *m = NULL;
	struct mc_world *w;
	struct mc_error err;
	int task[4], file[3], cache[2];
	uint64_t managed, nr_free, rng = 1;
	const char *first = NULL;
	int steps = getenv("MC_TEST_SCALE") ? 300 : 1500;

	(void)state;
	assert_int_equal(mc_desc_preset("pc:64M,cpus=2", &d, &err), 0);
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
	assert_int_equal(mc_world_create(m, 11, &w), 0);
	assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc",
			    "1,20,0,-1,0,0,0"), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(mc_task_create(w, "t", i % 2, &task[i]), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mc_file_create(w, "f", &file[i]), 0);
	assert_int_equal(mc_slab_create(w, "s0", 192, false, &cache[0]), 0);
	assert_int_equal(mc_slab_create(w, "s1", 1024, true, &cache[1]), 0);
	for (int step = 0; step < steps; step++) {
		uint64_t r;
		struct mc_fault_attr a;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		r = rng >> 33;
		if (step % 100 == 0) {
			a = get(m, MC_FAULT_MIGRATE);
			a.probability = 20;
			a.times = -1;
			a.error = errors[(step / 100) % 4];
			assert_int_equal(mc_fault_set(m, MC_FAULT_MIGRATE, &a),
					 0);
		}
		switch (r % 12) {
		case 0: case 1: case 2:
			mc_task_touch(w, task[r % 4], (r >> 4) % 8192,
				      1 + (r >> 20) % 1024,
				      (r & 0x100) ? MC_TOUCH_MADVISE_HUGEPAGE : 0);
			break;
		case 3:
			mc_task_unmap(w, task[r % 4], (r >> 4) % 8192,
				      1 + (r >> 20) % 2048);
			break;
		case 4:
			mc_file_read(w, file[r % 3], (int)(r >> 8) % 2,
				     (r >> 4) % 4096, 1 + (r >> 20) % 512);
			break;
		case 5:
			mc_file_write(w, file[r % 3], (int)(r >> 8) % 2,
				      (r >> 4) % 4096, 1 + (r >> 20) % 256);
			break;
		case 6:
			mc_file_truncate(w, file[r % 3], (r >> 4) % 4096,
					 1 + (r >> 20) % 1024);
			break;
		case 7:
			mc_slab_alloc(w, cache[r % 2], (int)(r >> 8) % 2,
				      1 + (r >> 12) % 200);
			break;
		case 8:
			mc_slab_free(w, cache[r % 2], (int)(r >> 8) % 2,
				     1 + (r >> 12) % 200);
			break;
		case 9:
			mc_compact_node(m, 0, (int)(r >> 8) % 2);
			break;
		case 10: {
			char v[8];

			snprintf(v, sizeof(v), "%u", (unsigned)(r >> 8) % 8);
			wr(m, "vm.nr_hugepages", v);
			break;
		}
		case 11:
			assert_int_equal(mc_advance(m, (r >> 8) % 2000000000),
					 0);
			break;
		}
	}
	assert_int_equal(mc_check_failures(m, &first), 0);
	assert_true(get(m, MC_FAULT_PAGE_ALLOC).injected > 0);
	assert_true(get(m, MC_FAULT_MIGRATE).injected > 0);
	{
		struct mc_world_stats ws;

		assert_int_equal(mc_world_stats(w, &ws), 0);
		assert_true(ws.anon_pages > 0 && ws.file_pages > 0 &&
			    ws.slab_pages > 0 && ws.migrations > 0);
	}
	/* teardown without faults: the world gives everything back */
	assert_int_equal(wr(m, "vm.memcompact_fail_page_alloc", "1,0,0,1"),
			 0);
	assert_int_equal(wr(m, "vm.memcompact_fail_migrate", "1,0,0,1"), 0);
	mc_world_destroy(w);
	assert_int_equal(wr(m, "vm.nr_hugepages", "0"), 0);
	nr_free = free_pages(m, &managed);
	assert_int_equal(nr_free, managed);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_check_failures(m, &first), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_interval),
		cmocka_unit_test(test_space),
		cmocka_unit_test(test_probability_deterministic),
		cmocka_unit_test(test_failure_touches_nothing),
		cmocka_unit_test(test_sysctl_text),
		cmocka_unit_test(test_hugetlb_pool),
		cmocka_unit_test(test_migrate_failures),
		cmocka_unit_test(test_world_under_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
