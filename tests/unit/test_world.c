// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_world.c - the world above the allocator: tasks, page cache and slab
 * as owners.  The reverse map must follow every migration; THPs fault
 * where the policy allows and are freed only when wholly unmapped; SLUB's
 * order choice matches calculate_order() worked by hand; the world's own
 * counts agree with the machine's counters.
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
#include "world/world.h"

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

static struct mc_world *t_world(struct mc_machine *m, uint64_t seed)
{
	struct mc_world *w;

	assert_int_equal(mc_world_create(m, seed, &w), 0);
	return w;
}

/* Every mapped vpn of @task names an allocated block of the anon owner
 * whose reverse-map entry leads back to (task, vpn of the block's head). */
static void check_task_rmap(struct mc_world *w, int task)
{
	struct world_task *t = &w->tasks[task];
	size_t pos = 0;
	uint64_t vpn, pte;

	while (hmap_next(&t->pt, &pos, &vpn, &pte)) {
		uint64_t pfn = pte & ~(1ULL << 63);
		struct mc_page_info info;
		struct rmap_ent *r;

		assert_int_equal(mc_page_info(w->m, pfn, &info), 0);
		assert_int_equal(info.state, MC_PS_ALLOCATED);
		assert_int_equal(info.kind, MC_PAGE_ANON);
		assert_int_equal(info.owner, w->anon_owner);
		r = &w->rmap[info.cookie];
		assert_int_equal(r->type, RMAP_ANON);
		assert_int_equal(r->obj, (uint32_t)task);
		assert_int_equal(r->idx + (pfn - info.head_pfn), vpn);
	}
}

/*
 * Two tasks fault alternately, one exits: the survivor's pages are
 * scattered.  Manual compaction moves them; each move must be seen by the
 * task (the page table names the new pfn), the number of vpns whose pfn
 * changed equals the world's migration count and pgmigrate_success.
 */
static void test_anon_follows_migration(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	struct mc_world *w = t_world(m, 1);
	const uint64_t n = 16384;
	uint64_t *before = malloc(n * sizeof(*before));
	uint64_t moved = 0, mig0 = vm(m, "pgmigrate_success");
	struct mc_world_stats s;
	int a, b;

	(void)state;
	assert_int_equal(mc_task_create(w, "a", 0, &a), 0);
	assert_int_equal(mc_task_create(w, "b", 1, &b), 0);
	for (uint64_t v = 0; v < n; v++) {
		assert_int_equal(mc_task_touch(w, a, v, 1, 0), 1);
		assert_int_equal(mc_task_touch(w, b, v, 1, 0), 1);
	}
	assert_int_equal(mc_task_exit(w, b), 0);
	for (uint64_t v = 0; v < n; v++)
		assert_int_equal(mc_task_lookup(w, a, v, &before[v]), 0);
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	for (uint64_t v = 0; v < n; v++) {
		uint64_t pfn;

		assert_int_equal(mc_task_lookup(w, a, v, &pfn), 0);
		moved += pfn != before[v];
	}
	check_task_rmap(w, a);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_true(moved > 0);
	assert_int_equal(s.migrations, moved);
	assert_int_equal(vm(m, "pgmigrate_success") - mig0, moved);
	assert_int_equal(s.anon_pages, n);
	assert_int_equal(s.tasks, 1);
	assert_int_equal(t_check(m), 0);
	free(before);
	mc_world_destroy(w);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

static uint64_t lookup(struct mc_world *w, int task, uint64_t vpn)
{
	uint64_t pfn = UINT64_MAX;

	assert_int_equal(mc_task_lookup(w, task, vpn, &pfn), 0);
	return pfn;
}

/*
 * enabled=always: an aligned 512-page range faults one THP; a range that
 * does not cover an aligned huge page faults base pages; a THP survives
 * a partial munmap and is freed when its last page goes.
 */
static void test_thp_fault_and_unmap(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=1", 0);
	struct mc_world *w = t_world(m, 1);
	struct mc_world_stats s;
	struct mc_page_info info;
	uint64_t head, alloc0 = vm(m, "thp_fault_alloc");
	int a;

	(void)state;
	assert_int_equal(mc_task_create(w, "a", 0, &a), 0);
	assert_int_equal(mc_task_touch(w, a, 0, 1024, 0), 1024);
	assert_int_equal(mc_task_touch(w, a, 1024 + 100, 300, 0), 300);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thps, 2);
	assert_int_equal(s.anon_pages, 1324);
	assert_int_equal(vm(m, "thp_fault_alloc") - alloc0, 2);
	assert_int_equal(vm(m, "nr_anon_transparent_hugepages"), 2);
	head = lookup(w, a, 0);
	assert_int_equal(head & 511, 0);
	assert_int_equal(lookup(w, a, 511), head + 511);
	assert_int_equal(mc_page_info(m, head, &info), 0);
	assert_int_equal(info.order, 9);
	assert_true(info.compound);
	assert_int_equal(mc_page_info(m, lookup(w, a, 1124), &info), 0);
	assert_int_equal(info.order, 0);

	/* half unmapped: still one allocated THP */
	assert_int_equal(mc_task_unmap(w, a, 0, 256), 0);
	uint64_t pfn;

	assert_int_equal(mc_task_lookup(w, a, 0, &pfn), -ENOENT);
	assert_int_equal(mc_page_info(m, head, &info), 0);
	assert_int_equal(info.state, MC_PS_ALLOCATED);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thps, 2);
	/* the rest: freed */
	assert_int_equal(mc_task_unmap(w, a, 256, 256), 0);
	assert_int_equal(mc_page_info(m, head, &info), 0);
	assert_true(info.state == MC_PS_FREE || info.state == MC_PS_PCP);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thps, 1);
	assert_int_equal(s.anon_pages, 812);
	assert_int_equal(vm(m, "nr_anon_transparent_hugepages"), 1);
	assert_int_equal(t_check(m), 0);

	/* enabled=never: base pages only */
	assert_int_equal(mc_sysfs_write(m, "kernel/mm/transparent_hugepage/"
					   "enabled", "never", 5), 0);
	assert_int_equal(mc_task_touch(w, a, 4096, 512, 0), 512);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thps, 1);
	/* MADV_NOHUGEPAGE under always: base pages too */
	assert_int_equal(mc_sysfs_write(m, "kernel/mm/transparent_hugepage/"
					   "enabled", "always", 6), 0);
	assert_int_equal(mc_task_touch(w, a, 8192, 512, MC_TOUCH_NOHUGEPAGE),
			 512);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thps, 1);
	mc_world_destroy(w);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A THP whose task unmapped its first 100 pages.  Compaction leaves it
 * alone: 6.12's isolate_migratepages_block skips folios of pageblock order
 * and above (skip_isolation_on_order) unless it runs for
 * alloc_contig_range.  alloc_contig_range over the THP's block must move
 * it, but no order-9 target exists (every free page left is an isolated
 * order-0 page between pinned ones): the target allocation fails with
 * -ENOMEM and migrate_pages splits the folio (thp_split_page).  The 412
 * mapped subpages are then migrated one by one and stay mapped, each with
 * its own reverse-map entry; the 100 unmapped ones go to the deferred split
 * queue, follow their migration there, and are freed on the next world
 * call.
 */
static void test_thp_split_partly_unmapped(void **state)
{
	struct mc_machine *m = t_machine("pc:128M,cpus=1", 0);
	struct mc_world *w = t_world(m, 1);
	struct mc_world_stats s;
	struct mc_page_info info;
	uint64_t *fill, nfill = 0, head, split0 = vm(m, "thp_split_page");
	struct mc_geometry g;
	int a;

	(void)state;
	mc_machine_geometry(m, &g);
	assert_int_equal(mc_task_create(w, "a", 0, &a), 0);
	assert_int_equal(mc_task_touch(w, a, 0, 512, MC_TOUCH_MADVISE_HUGEPAGE),
			 512);
	head = lookup(w, a, 0);
	/* every other page is free, the rest pinned: no order-9 target
	 * (__GFP_MEMALLOC: the reserves below the watermarks too) */
	fill = malloc(g.end_pfn * sizeof(*fill));
	/* the THP fault's pcp refill left a second order-9 block on the
	 * per-cpu list (batch max(batch >> 9, 2)): give it back first */
	mc_drain_all_pages(m);
	for (;;) {
		uint64_t p = t_alloc(m, (MC_GFP_HIGHUSER_MOVABLE &
					    ~MC_GFP_RECLAIM) | MC_GFP_MEMALLOC,
				     0, 0);

		if (p == UINT64_MAX)
			break;
		assert_int_equal(mc_page_set_flags(m, p, MC_PF_PINNED, 0), 0);
		fill[nfill++] = p;
	}
	assert_true(nfill > 15000);
	for (uint64_t i = 0; i < nfill; i++)
		if (fill[i] & 1) {
			assert_int_equal(mc_free_pages(m, fill[i], 0, 0), 0);
			fill[i] = UINT64_MAX;
		}
	mc_drain_all_pages(m);
	assert_int_equal(mc_task_unmap(w, a, 0, 100), 0);

	/* compaction does not touch a THP */
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	assert_int_equal(lookup(w, a, 100), head + 100);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thp_splits, 0);

	assert_int_equal(mc_alloc_contig_range(m, head, head + 512,
					       MC_GFP_KERNEL, 0, NULL), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.thp_splits, 1);
	assert_int_equal(vm(m, "thp_split_page") - split0, 1);
	assert_int_equal(s.thps, 0);
	assert_int_equal(s.anon_pages, 412);
	assert_int_equal(w->nr_deferred, 100);
	check_task_rmap(w, a);
	for (uint64_t v = 100; v < 512; v++) {
		uint64_t pfn = lookup(w, a, v);

		assert_true(pfn < head || pfn >= head + 512);
		assert_int_equal(mc_page_info(m, pfn, &info), 0);
		assert_int_equal(info.order, 0);
	}
	for (uint64_t i = 0; i < w->nr_deferred; i++) {
		assert_int_equal(mc_page_info(m, w->deferred[i], &info), 0);
		assert_int_equal(info.state, MC_PS_ALLOCATED);
		assert_true(w->deferred[i] < head || w->deferred[i] >= head + 512);
	}
	/* the deferred split queue is flushed by the next call */
	assert_int_equal(mc_task_unmap(w, a, 0, 0), 0);
	assert_int_equal(w->nr_deferred, 0);
	assert_int_equal(mc_free_contig_range(m, head, 512, 0), 0);
	for (uint64_t i = 0; i < nfill; i++)
		if (fill[i] != UINT64_MAX) {
			mc_page_set_flags(m, fill[i], 0, MC_PF_PINNED);
			assert_int_equal(mc_free_pages(m, fill[i], 0, 0), 0);
		}
	free(fill);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	mc_drain_all_pages(m);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* Page cache: reads allocate, writes dirty, sync cleans, truncate frees;
 * nr_file_pages and nr_dirty agree; pages follow migration. */
static void test_page_cache(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	struct mc_world *w = t_world(m, 1);
	struct mc_world_stats s;
	struct mc_page_info info;
	uint64_t file0 = vm(m, "nr_file_pages");
	int f, g;

	(void)state;
	assert_int_equal(mc_file_create(w, "f", &f), 0);
	assert_int_equal(mc_file_create(w, "g", &g), 0);
	for (int i = 0; i < 4000; i++) {
		assert_int_equal(mc_file_read(w, f, 0, (uint64_t)i, 1), 1);
		assert_int_equal(mc_file_write(w, g, 1, (uint64_t)i, 1), 1);
	}
	assert_int_equal(vm(m, "nr_file_pages") - file0, 8000);
	assert_int_equal(vm(m, "nr_dirty"), 4000);
	assert_int_equal(mc_file_sync(w, g), 0);
	assert_int_equal(vm(m, "nr_dirty"), 0);
	/* rereading is a hit: no new pages, but the pages become active */
	assert_int_equal(mc_file_read(w, f, 0, 0, 10), 10);
	assert_int_equal(vm(m, "nr_file_pages") - file0, 8000);
	assert_int_equal(mc_file_delete(w, g), 0);
	assert_int_equal(vm(m, "nr_file_pages") - file0, 4000);
	assert_int_equal(mc_compact_node(m, 0, 0), 0);
	/* every cached page is a FILE block whose cookie leads back */
	size_t pos = 0;
	uint64_t idx, pfn;

	while (hmap_next(&w->files[f].cache, &pos, &idx, &pfn)) {
		assert_int_equal(mc_page_info(m, pfn, &info), 0);
		assert_int_equal(info.kind, MC_PAGE_FILE);
		assert_int_equal(info.owner, w->file_owner);
		assert_int_equal(w->rmap[info.cookie].type, RMAP_FILE);
		assert_int_equal(w->rmap[info.cookie].idx, idx);
		assert_int_equal(!!(info.flags & MC_PF_ACTIVE), idx < 10);
	}
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_true(s.migrations > 0);
	assert_int_equal(s.file_pages, 4000);
	assert_int_equal(mc_file_truncate(w, f, 1000, 1000), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.file_pages, 3000);
	assert_int_equal(mc_file_read(w, g, 0, 0, 1), -EINVAL);
	assert_int_equal(mc_file_read(w, 99, 0, 0, 1), -EINVAL);
	assert_int_equal(mc_file_read(w, f, 7, 0, 1), -EINVAL);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	assert_int_equal(vm(m, "nr_file_pages"), file0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * SLUB's calculate_order() by hand, 2 CPUs: min_objects = 4 * (fls(2) +
 * 1) = 12.
 *   192 B: 12 * 192 = 2304 -> order 0; 4096 % 192 = 64 <= 4096/16 -> 0,
 *          21 objects per slab.
 *   1024 B: 12 * 1024 = 12288 -> order 2; 16384 % 1024 = 0 -> 2, 16.
 *   700 B: 8400 -> order 2; 16384 % 700 = 284 <= 1024 -> 2, 23.
 *   3000 B: 36000 > 32768 (order 3 holds 10): min_objects 10, 30000 ->
 *          order 3; 32768 % 3000 = 2768 > 2048 (1/16), <= 4096 (1/8)
 *          -> 3, 10.
 * 8 CPUs: min_objects = 4 * (4 + 1) = 20; 700 B: 14000 -> order 2, 23.
 */
static void test_slab_order(void **state)
{
	static const struct {
		const char *spec;
		unsigned size, order, objs;
	} cases[] = {
		{ "pc:256M,cpus=2", 192, 0, 21 },
		{ "pc:256M,cpus=2", 1024, 2, 16 },
		{ "pc:256M,cpus=2", 700, 2, 23 },
		{ "pc:256M,cpus=2", 3000, 3, 10 },
		{ "pc:256M,cpus=8", 700, 2, 23 },
		{ "pc:256M,cpus=8", 64, 0, 64 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_machine *m = t_machine(cases[i].spec, 0);
		struct mc_world *w = t_world(m, 1);
		int c;

		assert_int_equal(mc_slab_create(w, "c", cases[i].size, false,
						&c), 0);
		assert_int_equal(w->caches[c].order, cases[i].order);
		assert_int_equal(w->caches[c].objs_per_slab, cases[i].objs);
		mc_world_destroy(w);
		mc_machine_destroy(m);
	}
}

/*
 * 1000 objects of 192 B fill ceil(1000 / 21) = 48 slabs; random frees
 * leave partial slabs; the slab page counts agree with the machine's
 * nr_slab_unreclaimable (pages in /proc/vmstat), and the same seed frees the same objects.
 */
static uint64_t slab_run(uint64_t seed, uint64_t *slabs_after_alloc)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	struct mc_world *w = t_world(m, seed);
	struct mc_world_stats s;
	uint64_t unrec0 = vm(m, "nr_slab_unreclaimable"), left;
	int c;

	assert_int_equal(mc_slab_create(w, "kmalloc-192", 192, false, &c), 0);
	assert_int_equal(mc_slab_alloc(w, c, 0, 1000), 1000);
	assert_int_equal(mc_world_stats(w, &s), 0);
	*slabs_after_alloc = s.slab_pages;
	assert_int_equal(vm(m, "nr_slab_unreclaimable") - unrec0,
			 s.slab_pages);
	assert_int_equal(mc_slab_free(w, c, 1, 900), 900);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.slab_objects, 100);
	assert_int_equal(vm(m, "nr_slab_unreclaimable") - unrec0,
			 s.slab_pages);
	/* 100 live objects need at least 5 slabs and occupy at most 48 */
	assert_true(s.slab_pages >= 5 && s.slab_pages <= 48);
	left = s.slab_pages;
	assert_int_equal(mc_slab_free(w, c, 0, 1000), 100);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.slab_pages, 0);
	assert_int_equal(vm(m, "nr_slab_unreclaimable"), unrec0);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	mc_machine_destroy(m);
	return left;
}

static void test_slab_alloc_free(void **state)
{
	uint64_t s1, s2, l1, l2, l3;

	(void)state;
	l1 = slab_run(7, &s1);
	l2 = slab_run(7, &s2);
	assert_int_equal(s1, 48);
	assert_int_equal(s2, 48);
	assert_int_equal(l1, l2);
	/* with 100 of 1000 objects left at random nearly every slab still
	 * holds one: P(a 21-object slab is empty) ~ 0.9^21 = 0.11 */
	assert_true(l1 >= 30);
	l3 = slab_run(8, &s1);
	(void)l3;
}

/*
 * Reclaim through the world's owners.  pc:256M with 16384 pages of swap:
 * 20000 pages of clean page cache, then a task touching 60000 pages
 * (base pages): direct reclaim and kswapd drop page cache first (MGLRU
 * takes file before anon without refaults) and swap anonymous memory out
 * once file runs short.  Every page the world lost is accounted: its
 * counts plus what reclaim took add up to what it allocated; a swapped
 * vpn reads back as -ENODATA and a touch swaps it in, giving the slot
 * back; exiting the task gives back every slot (swap use returns to 0:
 * a further release is refused).
 */
static void test_reclaim_through_owners(void **state)
{
	struct mc_machine_desc d;
	struct mc_options o = { .seed = 1, .swap_pages = 16384 };
	struct mc_machine *m;
	struct mc_error err;
	struct mc_world *w;
	struct mc_world_stats s;
	uint64_t vpn_swapped = UINT64_MAX, pfn;
	int f, a, got;

	(void)state;
	assert_int_equal(mc_desc_preset("pc:256M,cpus=2", &d, &err), 0);
	assert_int_equal(mc_machine_create(&d, &o, &m, &err), 0);
	w = t_world(m, 1);
	assert_int_equal(mc_file_create(w, "data", &f), 0);
	assert_int_equal(mc_file_read(w, f, 0, 0, 20000), 20000);
	assert_int_equal(mc_task_create(w, "hog", 1, &a), 0);
	got = mc_task_touch(w, a, 0, 60000, MC_TOUCH_NOHUGEPAGE);
	assert_int_equal(got, 60000);
	assert_int_equal(mc_advance(m, 1000000000ULL), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	print_message("file %llu anon %llu swapped %llu reclaimed %llu\n",
		      (unsigned long long)s.file_pages,
		      (unsigned long long)s.anon_pages,
		      (unsigned long long)s.swapped_pages,
		      (unsigned long long)s.reclaimed_pages);
	assert_true(s.file_pages < 20000);
	assert_true(s.swapped_pages > 0);
	assert_int_equal(s.file_pages + s.anon_pages + s.reclaimed_pages,
			 20000 + 60000);
	assert_int_equal(s.anon_pages + s.swapped_pages, 60000);
	assert_int_equal(vm(m, "nr_file_pages"), s.file_pages);
	assert_int_equal(vm(m, "pswpout"), s.swapped_pages);
	for (uint64_t v = 0; v < 60000; v++)
		if (mc_task_lookup(w, a, v, &pfn) == -ENODATA) {
			vpn_swapped = v;
			break;
		}
	assert_true(vpn_swapped != UINT64_MAX);
	assert_int_equal(mc_task_touch(w, a, vpn_swapped, 1,
				       MC_TOUCH_NOHUGEPAGE), 1);
	assert_int_equal(mc_task_lookup(w, a, vpn_swapped, &pfn), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.swapins, 1);
	assert_int_equal(mc_task_exit(w, a), 0);
	assert_int_equal(mc_swap_release(m, 1), -EINVAL);
	/* drop_caches 1: the clean page cache goes */
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "1", 1), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(s.file_pages, 0);
	assert_int_equal(vm(m, "nr_file_pages"), 0);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Reclaimable slab is shrunk through the world: drop_caches 2 frees every
 * reclaimable slab page (their objects with them); unreclaimable slab
 * stays.  The world's live-object count follows.
 */
static void test_slab_shrink(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	struct mc_world *w = t_world(m, 3);
	struct mc_world_stats s;
	uint64_t rec0 = vm(m, "nr_slab_reclaimable");
	int dentry, kmalloc;

	(void)state;
	assert_int_equal(mc_slab_create(w, "dentry", 192, true, &dentry), 0);
	assert_int_equal(mc_slab_create(w, "kmalloc-192", 192, false,
					&kmalloc), 0);
	assert_int_equal(mc_slab_alloc(w, dentry, 0, 2100), 2100);
	assert_int_equal(mc_slab_alloc(w, kmalloc, 0, 210), 210);
	assert_int_equal(mc_slab_free(w, dentry, 0, 1000), 1000);
	assert_int_equal(vm(m, "nr_slab_reclaimable") - rec0,
			 w->caches[dentry].nr_slabs);
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "2", 1), 0);
	assert_int_equal(mc_world_stats(w, &s), 0);
	assert_int_equal(w->caches[dentry].nr_slabs, 0);
	assert_int_equal(w->caches[dentry].live_objs, 0);
	assert_int_equal(w->caches[kmalloc].live_objs, 210);
	assert_int_equal(s.slab_objects, 210);
	assert_int_equal(s.slab_pages, 10);
	assert_int_equal(vm(m, "nr_slab_reclaimable"), rec0);
	/* stale entries are dropped lazily; frees still pick live objects */
	assert_int_equal(mc_slab_alloc(w, dentry, 0, 50), 50);
	assert_int_equal(mc_slab_free(w, dentry, 0, 100), 50);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	mc_machine_destroy(m);
}

/* Arguments are checked; nothing changes on error. */
static void test_bad_arguments(void **state)
{
	struct mc_machine *m = t_machine("pc:256M,cpus=2", 0);
	struct mc_world *w = t_world(m, 1);
	uint64_t pfn;
	int a, c;

	(void)state;
	assert_int_equal(mc_world_create(NULL, 1, &w) , -EINVAL);
	assert_int_equal(mc_task_create(w, "x", 2, &a), -EINVAL);
	assert_int_equal(mc_task_create(w, "x", -1, &a), -EINVAL);
	assert_int_equal(mc_task_create(w, "x", 0, &a), 0);
	assert_int_equal(mc_task_touch(w, a, 0, 0, 0), -EINVAL);
	assert_int_equal(mc_task_touch(w, a, UINT64_MAX, 2, 0), -EINVAL);
	assert_int_equal(mc_task_touch(w, a, 0, 1, 1u << 7), -EINVAL);
	assert_int_equal(mc_task_touch(w, a + 1, 0, 1, 0), -EINVAL);
	assert_int_equal(mc_task_lookup(w, a, 0, &pfn), -ENOENT);
	assert_int_equal(mc_task_exit(w, a), 0);
	assert_int_equal(mc_task_exit(w, a), -EINVAL);
	assert_int_equal(mc_task_touch(w, a, 0, 1, 0), -EINVAL);
	assert_int_equal(mc_slab_create(w, "big", 16385, false, &c), -EINVAL);
	assert_int_equal(mc_slab_create(w, "zero", 0, false, &c), -EINVAL);
	assert_int_equal(mc_slab_alloc(w, 5, 0, 1), -EINVAL);
	assert_int_equal(t_check(m), 0);
	mc_world_destroy(w);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anon_follows_migration),
		cmocka_unit_test(test_thp_fault_and_unmap),
		cmocka_unit_test(test_thp_split_partly_unmapped),
		cmocka_unit_test(test_page_cache),
		cmocka_unit_test(test_slab_order),
		cmocka_unit_test(test_slab_alloc_free),
		cmocka_unit_test(test_reclaim_through_owners),
		cmocka_unit_test(test_slab_shrink),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
