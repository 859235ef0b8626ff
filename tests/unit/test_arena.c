// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_arena.c - the allocator over real memory (src/arena): frames are
 * memory at their addresses, migration copies the bytes and handles
 * follow, mapped handles stay put, raw-pfn owners get isolate / migrate /
 * putback, poison and __GFP_ZERO, the per-cpu fast path counts as the
 * allocator does, and incremental defragmentation with a move list and
 * budgets.  Every expectation is computed here from what the test did.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define MiB (1024ull * 1024)
#define PAGE 4096u

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

static struct mc_arena *arena(size_t bytes, unsigned flags)
{
	struct mc_arena_config cfg = { .bytes = bytes, .flags = flags,
				       .nr_cpus = 2, .seed = 1 };
	struct mc_arena *a = NULL;
	struct mc_error err;

	assert_int_equal(mc_arena_create(&cfg, &a, &err), 0);
	return a;
}

/* The pattern of page @i of the block of handle @h. */
static uint64_t pat(mc_handle_t h, unsigned i)
{
	uint64_t z = h * 0x9e3779b97f4a7c15ull + i;

	z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ull;
	return z ^ (z >> 29);
}

static void fill(struct mc_arena *a, mc_handle_t h, unsigned order)
{
	uint64_t *p;

	assert_int_equal(mc_arena_map(a, h, (void **)&p), 0);
	for (unsigned i = 0; i < (1u << order); i++)
		for (unsigned w = 0; w < PAGE / 8; w++)
			p[i * PAGE / 8 + w] = pat(h, i) + w;
	assert_int_equal(mc_arena_unmap(a, h), 0);
}

static int verify(struct mc_arena *a, mc_handle_t h, unsigned order)
{
	uint64_t *p;
	int bad = 0;

	assert_int_equal(mc_arena_map(a, h, (void **)&p), 0);
	for (unsigned i = 0; i < (1u << order); i++)
		for (unsigned w = 0; w < PAGE / 8; w++)
			bad += p[i * PAGE / 8 + w] != pat(h, i) + w;
	assert_int_equal(mc_arena_unmap(a, h), 0);
	return bad;
}

static void test_create_and_addresses(void **state)
{
	struct mc_arena_config cfg = { 0 };
	struct mc_arena *a;
	struct mc_arena_info info;
	struct mc_error err;
	uint64_t pfn;
	void *buf;

	(void)state;
	/* bad configurations name the problem and leave nothing */
	cfg.bytes = 2 * MiB;
	assert_int_equal(mc_arena_create(&cfg, &a, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "two pageblocks"));
	cfg.bytes = 8 * MiB;
	cfg.flags = 1u << 30;
	assert_int_equal(mc_arena_create(&cfg, &a, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unknown flags"));
	cfg.flags = 0;
	buf = aligned_alloc(PAGE, 9 * MiB);
	cfg.mem = (char *)buf + 8;
	assert_int_equal(mc_arena_create(&cfg, &a, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "not aligned"));

	/* a caller's buffer one page past a 4 MiB boundary: pfns follow the
	 * address modulo the largest block, so blocks are aligned in memory */
	cfg.mem = (char *)buf + PAGE;
	cfg.bytes = 8 * MiB;
	assert_int_equal(mc_arena_create(&cfg, &a, &err), 0);
	mc_arena_info(a, &info);
	assert_ptr_equal(info.base, cfg.mem);
	assert_true(info.caller_memory);
	assert_int_equal(info.nr_pages, 8 * MiB / PAGE);
	assert_int_equal(info.start_pfn % 1024,
			 ((uintptr_t)cfg.mem / PAGE) % 1024);
	assert_ptr_equal(mc_arena_pfn_to_addr(a, info.start_pfn + 5),
			 (char *)cfg.mem + 5 * PAGE);
	assert_null(mc_arena_pfn_to_addr(a, info.start_pfn + info.nr_pages));
	assert_int_equal(mc_arena_addr_to_pfn(a, (char *)cfg.mem + 3 * PAGE + 7,
					      &pfn), 0);
	assert_int_equal(pfn, info.start_pfn + 3);
	assert_int_equal(mc_arena_addr_to_pfn(a, buf, &pfn), -EINVAL);
	for (unsigned order = 0; order <= 9; order += 3) {
		mc_handle_t h;
		void *p;

		assert_int_equal(mc_arena_alloc(a, order, 0, &h), 0);
		assert_int_equal(mc_arena_map(a, h, &p), 0);
		assert_int_equal((uintptr_t)p % ((uintptr_t)PAGE << order), 0);
		memset(p, 0x5a, (size_t)PAGE << order);
		assert_int_equal(mc_arena_unmap(a, h), 0);
		assert_int_equal(mc_arena_unmap(a, h), -EINVAL);
		assert_int_equal(mc_arena_free(a, h), 0);
		assert_int_equal(mc_arena_free(a, h), -EINVAL); /* stale */
	}
	assert_int_equal(t_check(mc_arena_machine(a)), 0);
	mc_arena_destroy(a);
	free(buf);

	/* an mmap'd region; MAP_HUGETLB falls back with the reason kept
	 * when no huge pages are reserved */
	a = arena(8 * MiB, MC_ARENA_HUGETLB);
	mc_arena_info(a, &info);
	assert_false(info.caller_memory);
	if (!info.hugetlb)
		assert_int_not_equal(info.hugetlb_errno, 0);
	mc_arena_destroy(a);
}

/* Fill the arena with order-0 handles, free 3 of 4, compact: every live
 * block's bytes are where its handle now points, mapped ones did not
 * move, and every migrated page was copied once. */
static void test_compaction_moves_data(void **state)
{
	struct mc_arena *a = arena(32 * MiB, 0);
	struct mc_machine *m = mc_arena_machine(a);
	size_t n = 32 * MiB / PAGE, live = 0;
	mc_handle_t *h = calloc(n, sizeof(*h));
	uint64_t pinned_pfn[8], before, moved = 0;
	uint64_t *old = calloc(n, sizeof(*old));
	struct mc_arena_stats st;
	void *pin_addr[8];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (mc_arena_alloc(a, 0, MC_GFP_NORETRY | MC_GFP_NOWARN,
				   &h[i]))
			break;
		fill(a, h[i], 0);
		live++;
	}
	assert_true(live > n * 9 / 10);
	for (size_t i = 0; i < live; i++)
		if (i % 4) {
			assert_int_equal(mc_arena_free(a, h[i]), 0);
			h[i] = 0;
		}
	/* pin 8 blocks near the start (the migration scanner's side) */
	for (int k = 0; k < 8; k++) {
		assert_int_equal(mc_arena_map(a, h[k * 4], &pin_addr[k]), 0);
		assert_int_equal(mc_arena_handle_pfn(a, h[k * 4],
						     &pinned_pfn[k], NULL), 0);
	}
	assert_int_equal(mc_arena_free(a, h[0]), -EBUSY);
	for (size_t i = 0; i < live; i += 4)
		assert_int_equal(mc_arena_handle_pfn(a, h[i], &old[i], NULL),
				 0);
	before = vm(m, "pgmigrate_success");
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_arena_stats(a, &st), 0);
	assert_true(st.migrated_pages > 1000);
	assert_int_equal(st.migrated_pages, vm(m, "pgmigrate_success") - before);
	assert_int_equal(st.migrated_bytes, st.migrated_pages * PAGE);
	for (int k = 0; k < 8; k++) {
		uint64_t pfn;

		assert_int_equal(mc_arena_handle_pfn(a, h[k * 4], &pfn, NULL),
				 0);
		assert_int_equal(pfn, pinned_pfn[k]);
		assert_int_equal(mc_arena_unmap(a, h[k * 4]), 0);
	}
	for (size_t i = 0; i < live; i += 4) {
		uint64_t pfn;

		assert_int_equal(verify(a, h[i], 0), 0);
		assert_int_equal(mc_arena_handle_pfn(a, h[i], &pfn, NULL), 0);
		moved += pfn != old[i];
	}
	/* the live quarter was spread over the whole arena: most moved */
	assert_true(moved > live / 4 / 2);
	for (size_t i = 0; i < live; i += 4)
		assert_int_equal(mc_arena_free(a, h[i]), 0);
	assert_int_equal(mc_arena_stats(a, &st), 0);
	assert_int_equal(st.live_handles, 0);
	assert_int_equal(t_check(m), 0);
	free(h);
	free(old);
	mc_arena_destroy(a);
}

/* ---- an owner that keeps raw pfns (movable_operations) ---------------- */

struct raw_owner {
	struct mc_arena *a;
	uint64_t pfn[64];	/* by cookie */
	int isolated, migrated, putback, refused;
	uint32_t refuse_isolate, refuse_migrate;	/* cookies */
};

static bool raw_isolate(void *ctx, uint64_t pfn, uint32_t cookie, int mode)
{
	struct raw_owner *o = ctx;

	(void)mode;
	assert_int_equal(o->pfn[cookie], pfn);
	if (cookie == o->refuse_isolate)
		return false;
	o->isolated++;
	return true;
}

static int raw_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode)
{
	struct raw_owner *o = ctx;
	const unsigned char *dst = mc_arena_pfn_to_addr(o->a, new_pfn);

	(void)mode;
	assert_int_equal(order, 0);
	assert_int_equal(o->pfn[cookie], old_pfn);
	/* the bytes are copied before the owner is told */
	assert_int_equal(dst[0], cookie);
	assert_int_equal(dst[PAGE - 1], cookie);
	if (cookie == o->refuse_migrate) {
		o->refused++;
		return -EBUSY;
	}
	o->pfn[cookie] = new_pfn;
	o->migrated++;
	return 0;
}

static void raw_putback(void *ctx, uint64_t pfn, uint32_t cookie)
{
	struct raw_owner *o = ctx;

	assert_int_equal(o->pfn[cookie], pfn);
	o->putback++;
}

static void test_raw_owner_callbacks(void **state)
{
	static const struct mc_owner_ops ops = {
		.isolate = raw_isolate,
		.migrate = raw_migrate,
		.putback = raw_putback,
	};
	struct mc_arena *a = arena(16 * MiB, 0);
	struct mc_machine *m = mc_arena_machine(a);
	struct raw_owner o = { .a = a };
	uint64_t pfn5, pfn9, lo = UINT64_MAX, hi = 0;
	unsigned slot;


	(void)state;
	assert_int_equal(mc_owner_register(m, "raw", &ops, &o, &slot), 0);
	/* 63 owned pages; then a contiguous allocation of the range they
	 * occupy migrates every one it can out of it (alloc_contig_range) */
	for (uint32_t c = 1; c < 64; c++) {
		struct mc_alloc_request req = {
			.gfp = MC_GFP_KERNEL | MC_GFP_MOVABLE, .cpu = 0,
			.owner = slot, .kind = MC_PAGE_MOVABLE_OPS,
			.cookie = c,
		};

		assert_int_equal(mc_alloc_pages(m, &req, &o.pfn[c]), 0);
		memset(mc_arena_pfn_to_addr(a, o.pfn[c]), (int)c, PAGE);
		lo = o.pfn[c] < lo ? o.pfn[c] : lo;
		hi = o.pfn[c] + 1 > hi ? o.pfn[c] + 1 : hi;
	}
	/* every page moves out, its bytes with it */
	o.refuse_isolate = o.refuse_migrate = 0;
	assert_int_equal(mc_alloc_contig_range(m, lo, hi, MC_GFP_KERNEL, 0,
						NULL), 0);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(o.migrated, 63);
	assert_int_equal(o.isolated, 63);
	assert_int_equal(o.putback, 0);
	for (uint32_t c = 1; c < 64; c++) {
		const unsigned char *p = mc_arena_pfn_to_addr(a, o.pfn[c]);

		assert_true(o.pfn[c] < lo || o.pfn[c] >= hi);
		assert_int_equal(p[0], c);
		assert_int_equal(p[PAGE / 2], c);
	}
	assert_int_equal(mc_free_contig_range(m, lo, hi - lo, 0), 0);
	/* a block its owner will not let go (isolate says no) stays, and so
	 * does one whose move the owner refuses: it is put back */
	o.refuse_isolate = 5;
	pfn5 = o.pfn[5];
	assert_int_equal(mc_alloc_contig_range(m, pfn5, pfn5 + 1,
						MC_GFP_KERNEL, 0, NULL),
			 -EBUSY);
	assert_int_equal(o.pfn[5], pfn5);
	assert_int_equal(o.isolated, 63);
	o.refuse_migrate = 9;
	pfn9 = o.pfn[9];
	assert_int_equal(mc_alloc_contig_range(m, pfn9, pfn9 + 1,
						MC_GFP_KERNEL, 0, NULL),
			 -EBUSY);
	assert_int_equal(o.pfn[9], pfn9);
	/* isolated once, the move retried (migrate_pages' passes and
	 * alloc_contig_range's tries), then put back once */
	assert_true(o.refused >= 1);
	assert_int_equal(o.isolated, 64);
	assert_int_equal(o.putback, 1);
	assert_int_equal(t_check(m), 0);
	for (uint32_t c = 1; c < 64; c++) {
		const unsigned char *p = mc_arena_pfn_to_addr(a, o.pfn[c]);

		assert_int_equal(p[PAGE - 1], c);
		assert_int_equal(mc_free_pages(m, o.pfn[c], 0, 0), 0);
	}
	assert_int_equal(mc_owner_unregister(m, slot), 0);
	mc_arena_destroy(a);
}

/* ---- poison, __GFP_ZERO ------------------------------------------------ */

static int reports;
static char last_report[256];

static void on_report(void *ctx, const char *msg)
{
	(void)ctx;
	reports++;
	snprintf(last_report, sizeof(last_report), "%s", msg);
}

static void test_poison_and_zero(void **state)
{
	struct mc_arena_config cfg = { .bytes = 8 * MiB, .nr_cpus = 1,
				       .flags = MC_ARENA_POISON_CHECK,
				       .report = on_report };
	struct mc_arena *a;
	struct mc_arena_stats st;
	mc_handle_t h, h2;
	unsigned char *p;
	uint64_t pfn, pfn2;

	(void)state;
	assert_int_equal(mc_arena_create(&cfg, &a, NULL), 0);
	/* a fresh page holds the poison until written */
	assert_int_equal(mc_arena_alloc(a, 0, 0, &h), 0);
	assert_int_equal(mc_arena_map(a, h, (void **)&p), 0);
	for (unsigned i = 0; i < PAGE; i++)
		assert_int_equal(p[i], MC_ARENA_POISON_BYTE);
	memset(p, 0x11, PAGE);
	assert_int_equal(mc_arena_unmap(a, h), 0);
	assert_int_equal(mc_arena_handle_pfn(a, h, &pfn, NULL), 0);
	assert_int_equal(mc_arena_free(a, h), 0);
#ifndef MC_SANITIZED
	/* freed: poisoned again.  Write after free (outside ASan, which
	 * would stop this), and the next allocation of the page (the pcp
	 * list is LIFO) reports it */
	assert_int_equal(p[0], MC_ARENA_POISON_BYTE);
	assert_int_equal(p[PAGE - 1], MC_ARENA_POISON_BYTE);
	p[100] = 0x42;
	assert_int_equal(mc_arena_alloc(a, 0, 0, &h2), 0);
	assert_int_equal(mc_arena_handle_pfn(a, h2, &pfn2, NULL), 0);
	assert_int_equal(pfn2, pfn);
	assert_int_equal(reports, 1);
	assert_non_null(strstr(last_report, "byte 100 is 0x42"));
	assert_int_equal(mc_arena_free(a, h2), 0);
#else
	(void)pfn2;
	(void)h2;
#endif
	/* __GFP_ZERO: a zeroed block whatever was there */
	assert_int_equal(mc_arena_alloc(a, 2, MC_GFP_ZERO, &h), 0);
	assert_int_equal(mc_arena_map(a, h, (void **)&p), 0);
	for (unsigned i = 0; i < 4 * PAGE; i++)
		assert_int_equal(p[i], 0);
	assert_int_equal(mc_arena_unmap(a, h), 0);
	assert_int_equal(mc_arena_free(a, h), 0);
	assert_int_equal(mc_arena_stats(a, &st), 0);
#ifndef MC_SANITIZED
	assert_int_equal(st.poison_errors, 1);
#else
	assert_int_equal(st.poison_errors, 0);
#endif
	assert_int_equal(mc_arena_alloc(a, 0, MC_GFP_DMA, &h), -EINVAL);
	mc_arena_destroy(a);
}

/* ---- the fast path counts what the allocator would ---------------------- */

static void test_fast_path_counters(void **state)
{
	struct mc_arena *a = arena(16 * MiB, 0);
	struct mc_machine *m = mc_arena_machine(a);
	uint64_t alloc0 = vm(m, "pgalloc_normal"), free0 = vm(m, "pgfree");
	uint64_t hit0 = vm(m, "numa_hit");
	struct mc_arena_stats st;
	mc_handle_t h[300];

	(void)state;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 300; i++)
			assert_int_equal(mc_arena_alloc(a, 0, 0, &h[i]), 0);
		for (int i = 0; i < 300; i++)
			assert_int_equal(mc_arena_free(a, h[i]), 0);
	}
	assert_int_equal(mc_arena_stats(a, &st), 0);
	/* most went through the per-cpu path, all are counted */
	assert_true(st.fast_allocs > 800);
	assert_int_equal(st.fast_allocs + st.slow_allocs, 900);
	assert_int_equal(st.fast_frees + st.slow_frees, 900);
	assert_int_equal(vm(m, "pgalloc_normal") - alloc0, 900);
	assert_int_equal(vm(m, "pgfree") - free0, 900);
	assert_int_equal(vm(m, "numa_hit") - hit0, 900);
	assert_int_equal(t_check(m), 0);
	mc_arena_destroy(a);

	/* without the fast path: the same counts, all slow */
	a = arena(16 * MiB, MC_ARENA_NO_FASTPATH);
	m = mc_arena_machine(a);
	alloc0 = vm(m, "pgalloc_normal");
	for (int i = 0; i < 300; i++)
		assert_int_equal(mc_arena_alloc(a, 0, 0, &h[i]), 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(mc_arena_free(a, h[i]), 0);
	assert_int_equal(mc_arena_stats(a, &st), 0);
	assert_int_equal(st.fast_allocs, 0);
	assert_int_equal(st.slow_allocs, 300);
	assert_int_equal(vm(m, "pgalloc_normal") - alloc0, 300);
	assert_int_equal(t_check(m), 0);
	mc_arena_destroy(a);
}

/* ---- incremental defragmentation ----------------------------------------- */

static uint64_t free_pageblocks(struct mc_machine *m)
{
	struct mc_zone_stats zs;

	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_NORMAL, &zs), 0);
	return zs.nr_free_blocks[9] + 2 * zs.nr_free_blocks[10];
}

static void test_defrag_passes(void **state)
{
	struct mc_arena *a = arena(32 * MiB, 0);
	struct mc_machine *m = mc_arena_machine(a);
	size_t n = 32 * MiB / PAGE, live = 0;
	mc_handle_t *h = calloc(n, sizeof(*h));
	struct mc_defrag_config cfg = { .max_moves_per_pass = 100,
					.max_bytes_per_pass = 300 * PAGE };
	struct mc_defrag_stats ds;
	struct mc_defrag_move *mv;
	struct mc_defrag *d;
	mc_handle_t ignored, destroyed;
	uint64_t ign_pfn, fb0, passes = 0;
	size_t nm;
	int ret;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (mc_arena_alloc(a, 0, MC_GFP_NORETRY | MC_GFP_NOWARN,
				   &h[i]))
			break;
		fill(a, h[i], 0);
		live++;
	}
	for (size_t i = 0; i < live; i++)
		if (i % 8) {
			assert_int_equal(mc_arena_free(a, h[i]), 0);
			h[i] = 0;
		}
	mc_drain_all_pages(m);
	fb0 = free_pageblocks(m);

	assert_int_equal(mc_defrag_begin(a, &cfg, &d), 0);
	{
		struct mc_defrag *d2;

		assert_int_equal(mc_defrag_begin(a, &cfg, &d2), -EBUSY);
	}
	ret = mc_defrag_pass_begin(d, &mv, &nm);
	assert_int_equal(ret, 1);
	/* the budget: 100 moves (the byte budget allows 300 pages) */
	assert_int_equal(nm, 100);
	for (size_t i = 0; i < nm; i++) {
		assert_int_equal(mv[i].op, MC_DEFRAG_COPY);
		assert_ptr_equal(mv[i].src, mc_arena_pfn_to_addr(a,
								  mv[i].src_pfn));
		assert_int_equal(mc_arena_free(a, mv[i].handle), -EBUSY);
	}
	mv[0].op = MC_DEFRAG_IGNORE;
	ignored = mv[0].handle;
	ign_pfn = mv[0].src_pfn;
	mv[1].op = MC_DEFRAG_DESTROY;
	destroyed = mv[1].handle;
	assert_int_equal(t_check(m), 0);	/* reservations are at rest */
	assert_int_equal(mc_defrag_pass_end(d), 1);
	passes++;
	{
		uint64_t pfn;

		assert_int_equal(mc_arena_handle_pfn(a, ignored, &pfn, NULL),
				 0);
		assert_int_equal(pfn, ign_pfn);
		assert_int_equal(mc_arena_free(a, destroyed), -EINVAL);
		for (size_t i = 0; i < live; i++)
			if (h[i] == destroyed)
				h[i] = 0;
	}
	while ((ret = mc_defrag_pass_begin(d, &mv, &nm)) == 1) {
		passes++;
		assert_true(nm <= 100);
		if (mc_defrag_pass_end(d) == 0)
			break;
	}
	assert_true(ret >= 0);
	assert_int_equal(mc_defrag_end(d, &ds), 0);
	assert_int_equal(ds.passes, passes);
	assert_int_equal(ds.destroyed, 1);
	assert_true(ds.moves >= 99);
	assert_int_equal(ds.bytes_moved, ds.moves * PAGE);
	assert_int_equal(t_check(m), 0);
	/* every live block kept its bytes; whole pageblocks came free:
	 * 1 page in 8 was live, so at best 7 of 8 pageblocks empty */
	for (size_t i = 0; i < live; i++)
		if (h[i])
			assert_int_equal(verify(a, h[i], 0), 0);
	mc_drain_all_pages(m);
	assert_true(free_pageblocks(m) >= fb0 + 8);
	assert_true(ds.pageblocks_freed >= 8);
	for (size_t i = 0; i < live; i++)
		if (h[i])
			assert_int_equal(mc_arena_free(a, h[i]), 0);
	free(h);
	mc_arena_destroy(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_addresses),
		cmocka_unit_test(test_compaction_moves_data),
		cmocka_unit_test(test_raw_owner_callbacks),
		cmocka_unit_test(test_poison_and_zero),
		cmocka_unit_test(test_fast_path_counters),
		cmocka_unit_test(test_defrag_passes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
