// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_reclaim.c - the reclaim model against 6.12's mm/vmscan.c with
 * MGLRU, worked by hand: direct reclaim in the slow path, dirty page
 * cache (PG_reclaim, the flushers, folio_rotate_reclaimable), folios
 * reclaim must not take (mlocked, pinned, busy), anonymous memory and
 * swap, the slab shrinker (do_shrink_slab's deferred arithmetic) and
 * vm.drop_caches.
 *
 * The machine is reclaim_harness.h's (4096 pages, min 128, low 160, high
 * 192, pcp passed through), mostly without daemons so that only direct
 * reclaim runs.  Direct reclaim has nr_to_reclaim SWAP_CLUSTER_MAX (32),
 * below MIN_LRU_BATCH, so set_initial_priority() keeps DEF_PRIORITY and
 * get_nr_to_scan() is (evictable pages) >> priority: nothing is scanned
 * until that is non-zero; then one evict_folios() batch takes up to 64
 * pages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "reclaim_harness.h"

static const char *const vmscan_events[] = { "vmscan:*", NULL };

/* 'F' (or @c) at the low pfns, 'K' above, the top 100 free. */
static char *low_then_kernel(unsigned long n, char c)
{
	char *map = r_map('K');

	r_fill(map, 0, n, c);
	r_fill(map, ZPAGES - 100, 100, '.');
	return map;
}

/*
 * 3996 clean page-cache pages, 100 free (below min).  A GFP_KERNEL page:
 * the slow path's min check fails, direct reclaim: throttle? free 100 >
 * min / 2: no.  allocstall_normal.  Priority 12: 3996 >> 12 = 0, nothing;
 * priority 11: 1: one batch of 64, the oldest (0x10000-0x1003f).  64 >=
 * 32: done.  The allocation then succeeds at min (164 > 128).
 */
static void test_direct_reclaim_batch(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct h_trace t;
	char *map = r_map('F');

	(void)state;
	r_fill(map, ZPAGES - 100, 100, '.');
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(t.n, 2);
	r_expect_line(&t, 0, "memcompact-1000",
		      "mm_vmscan_direct_reclaim_begin",
		      "order=0 gfp_flags=GFP_KERNEL");
	r_expect_line(&t, 1, "memcompact-1000",
		      "mm_vmscan_direct_reclaim_end", "nr_reclaimed=64");
	assert_int_equal(h_vm(m, "allocstall_normal"), 1);
	assert_int_equal(h_vm(m, "pgscan_direct"), 64);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 64);
	assert_int_equal(h_vm(m, "pgscan_file"), 64);
	assert_int_equal(h_vm(m, "pgsteal_file"), 64);
	assert_int_equal(h_vm(m, "pgscan_kswapd"), 0);
	assert_int_equal(h_vm(m, "pgscan_direct_throttle"), 0);
	assert_int_equal(r_free(m), 100 + 64 - 1);
	assert_false(r_allocated(m, 0x10000));
	assert_false(r_allocated(m, 0x1003f));
	assert_true(r_allocated(m, 0x10040));
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The same with nothing reclaimable (kernel pages): every direct reclaim
 * goes through priorities 12..0, then once more (do_try_to_free_pages'
 * memcg_full_walk retry, which applies without memcgs): 2 allocstalls.
 * should_reclaim_retry() keeps retrying: zone_reclaimable_pages() is the
 * free count when there is no LRU (6.12.9), so 100 + 100 > min; after the
 * 16th no-progress loop it gives up (17 reclaims), OOM has no victim:
 * -ENOMEM.
 */
static void test_direct_reclaim_nothing(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct h_trace t;
	char *map = low_then_kernel(0, 'K');

	(void)state;
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, NULL),
			 -ENOMEM);
	assert_int_equal(t.n, 34);
	for (int i = 0; i < 34; i += 2) {
		r_expect_line(&t, i, "memcompact-1000",
			      "mm_vmscan_direct_reclaim_begin",
			      "order=0 gfp_flags=GFP_KERNEL");
		r_expect_line(&t, i + 1, "memcompact-1000",
			      "mm_vmscan_direct_reclaim_end",
			      "nr_reclaimed=0");
	}
	assert_int_equal(h_vm(m, "allocstall_normal"), 34);
	assert_int_equal(h_vm(m, "pgscan_direct"), 0);
	assert_int_equal(r_free(m), 100);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * 64 dirty page-cache pages at the oldest end, nothing else reclaimable,
 * 100 free.  GFP_KERNEL | __GFP_NORETRY: one direct reclaim.
 *  prio 6 (64 >> 6 = 1): the 64 are dirty: PG_reclaim,
 *    nr_vmscan_immediate_reclaim, activated (MGLRU never lets reclaim
 *    write file folios).  Every file folio taken was dirty and not queued:
 *    the flushers start writeback of all dirty page cache: 64 pages,
 *    pgpgout 64 * 8 sectors (256 KiB).
 *  prio 5..0: the same 64 from the active list, now under writeback:
 *    activated again.  Then the memcg_full_walk round: prio 6..0 again.
 *    14 batches: pgscan_direct and pgactivate 896, nothing reclaimed.
 * No progress, __GFP_NORETRY: -ENOMEM.  No time passes, so no write
 * completes.  mc_advance(0) runs the completions: PG_reclaim folios go to
 * the tail of the inactive list, clean (pgrotated 64, nr_written 64).
 * The same request now reclaims all 64 at priority 6 and succeeds.
 */
static void test_dirty_written_then_reclaimed(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	char *map = low_then_kernel(64, 'F');

	(void)state;
	r_build(m, map, 0);
	free(map);
	for (unsigned long p = ZBASE; p < ZBASE + 64; p++)
		assert_int_equal(mc_page_set_flags(m, p, MC_PF_DIRTY, 0), 0);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), -ENOMEM);
	assert_int_equal(h_vm(m, "nr_vmscan_immediate_reclaim"), 64);
	assert_int_equal(h_vm(m, "nr_vmscan_write"), 0);
	assert_int_equal(h_vm(m, "pgpgout"), 256);
	assert_int_equal(h_vm(m, "nr_dirty"), 0);
	assert_int_equal(h_vm(m, "nr_writeback"), 64);
	assert_int_equal(h_vm(m, "nr_active_file"), 64);
	assert_int_equal(h_vm(m, "pgscan_direct"), 896);
	assert_int_equal(h_vm(m, "pgactivate"), 896);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 0);
	assert_int_equal(h_vm(m, "allocstall_normal"), 2);
	assert_int_equal(r_flags(m, ZBASE), MC_PF_WRITEBACK | MC_PF_ACTIVE);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "pgrotated"), 64);
	assert_int_equal(h_vm(m, "nr_written"), 64);
	assert_int_equal(h_vm(m, "nr_writeback"), 0);
	assert_int_equal(h_vm(m, "nr_inactive_file"), 64);
	assert_int_equal(r_flags(m, ZBASE), 0);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 64);
	assert_int_equal(h_vm(m, "nr_file_pages"), 0);
	assert_int_equal(r_free(m), 100 + 64 - 1);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A dirty folio whose writeback the owner ends (mc_page_set_flags) after
 * reclaim marked it: folio_end_writeback() rotates it too.  And a folio
 * dirtied again before the write ends is not rotated (it stays active).
 */
static void test_owner_ends_writeback(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	char *map = low_then_kernel(64, 'F');

	(void)state;
	r_build(m, map, 0);
	free(map);
	for (unsigned long p = ZBASE; p < ZBASE + 64; p++)
		assert_int_equal(mc_page_set_flags(m, p, MC_PF_DIRTY, 0), 0);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), -ENOMEM);
	assert_int_equal(mc_page_set_flags(m, ZBASE, 0, MC_PF_WRITEBACK), 0);
	assert_int_equal(h_vm(m, "pgrotated"), 1);
	assert_int_equal(r_flags(m, ZBASE), 0);
	assert_int_equal(mc_page_set_flags(m, ZBASE + 1, MC_PF_DIRTY, 0), 0);
	assert_int_equal(mc_page_set_flags(m, ZBASE + 1, 0, MC_PF_WRITEBACK),
			 0);
	assert_int_equal(h_vm(m, "pgrotated"), 1);
	assert_int_equal(r_flags(m, ZBASE + 1), MC_PF_DIRTY | MC_PF_ACTIVE);
	/* Its queued completion finds it no longer under writeback. */
	assert_int_equal(mc_advance(m, 0), 0);
	assert_int_equal(h_vm(m, "pgrotated"), 63);
	assert_int_equal(h_vm(m, "nr_written"), 64);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Page cache: 32 mlocked (unevictable list: never scanned), 32 pinned,
 * 64 clean, kernel pages above, 100 free.  GFP_KERNEL: evictable 96,
 * priority 6 (96 >> 6 = 1): one batch of 64 from the oldest: the 32
 * pinned (activated: not worth reclaiming) and 32 clean (reclaimed).
 * 32 >= SWAP_CLUSTER_MAX: done; 132 free > min, the request succeeds.
 * drop_caches then takes the 32 other clean pages and leaves the mlocked
 * and pinned ones.
 */
static void test_mlocked_and_pinned_stay(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	char *map = low_then_kernel(128, 'F');

	(void)state;
	r_build(m, map, 0);
	free(map);
	for (unsigned long i = 0; i < 32; i++) {
		assert_int_equal(mc_page_set_flags(m, ZBASE + i,
						   MC_PF_MLOCKED, 0), 0);
		assert_int_equal(mc_page_set_flags(m, ZBASE + 32 + i,
						   MC_PF_PINNED, 0), 0);
	}
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 32);
	assert_int_equal(h_vm(m, "pgscan_direct"), 64);
	assert_int_equal(h_vm(m, "pgactivate"), 32);
	assert_int_equal(r_free(m), 100 + 32 - 1);
	for (unsigned long i = 0; i < 64; i++)
		assert_true(r_allocated(m, ZBASE + i));
	for (unsigned long i = 64; i < 96; i++)
		assert_false(r_allocated(m, ZBASE + i));
	assert_true(r_allocated(m, ZBASE + 96));
	assert_int_equal(r_flags(m, ZBASE + 32), MC_PF_PINNED | MC_PF_ACTIVE);

	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "1", 1), 0);
	for (unsigned long i = 0; i < 64; i++)
		assert_true(r_allocated(m, ZBASE + i));
	for (unsigned long i = 64; i < 128; i++)
		assert_false(r_allocated(m, ZBASE + i));
	assert_int_equal(h_vm(m, "nr_mlock"), 32);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * An owner that refuses (busy): each folio of a batch is offered twice
 * (shrink_folio_list, then evict_folios' retry of clean folios), then
 * goes to the youngest generation (active).  64 busy pages, GFP_KERNEL |
 * __GFP_NORETRY: batches at priorities 6..0, twice (memcg_full_walk):
 * 14 batches, 28 offers each of... 14 * 128 = 1792 calls, nothing freed.
 * Once the owner lets go, drop_caches frees all 64 (64 more calls).
 */
static void test_busy_owner(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct r_owner o;
	char *map = low_then_kernel(64, 'f');

	(void)state;
	r_register(m, &o);
	r_build(m, map, o.slot);
	free(map);
	o.busy = true;
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), -ENOMEM);
	assert_int_equal(o.calls, 1792);
	assert_int_equal(h_vm(m, "pgscan_direct"), 896);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 0);
	assert_int_equal(h_vm(m, "pgactivate"), 0);
	assert_int_equal(h_vm(m, "nr_active_file"), 64);
	o.busy = false;
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "1", 1), 0);
	assert_int_equal(o.calls, 1792 + 64);
	assert_int_equal(o.dropped, 64);
	assert_int_equal(h_vm(m, "nr_file_pages"), 0);
	assert_int_equal(h_vm(m, "drop_pagecache"), 1);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * Anonymous memory goes only to swap, and only with a batch of room:
 *  - no swap: get_swappiness() 0 and get_nr_to_scan() counts file only:
 *    nothing scanned;
 *  - 32 pages of swap (< MIN_LRU_BATCH): still swappiness 0;
 *  - 1024 pages: priority 6 (64 anon >> 6 = 1); isolate_folios() tries
 *    file first (no refaults: get_type_to_scan() says file), finds none,
 *    takes 64 anon: swapped (synchronously) and freed: pgscan_anon,
 *    pgsteal_anon, pswpout, nr_vmscan_write 64, pgpgout 256 KiB,
 *    swap_used 64.  mc_swap_release() gives swap back.
 */
static void test_anon_needs_swap(void **state)
{
	static const uint64_t swaps[] = { 0, 32, 1024 };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(swaps); k++) {
		struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, swaps[k],
						 false);
		char *map = low_then_kernel(64, 'A');
		int want = swaps[k] >= 64 ? 0 : -ENOMEM;

		r_build(m, map, 0);
		free(map);
		assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
					 MC_PAGE_KERNEL, NULL), want);
		if (want) {
			assert_int_equal(h_vm(m, "pgscan_anon"), 0);
			assert_int_equal(h_vm(m, "nr_anon_pages"), 64);
			assert_int_equal(m->swap_used, 0);
		} else {
			assert_int_equal(h_vm(m, "pgscan_anon"), 64);
			assert_int_equal(h_vm(m, "pgsteal_anon"), 64);
			assert_int_equal(h_vm(m, "pgscan_file"), 0);
			assert_int_equal(h_vm(m, "pswpout"), 64);
			assert_int_equal(h_vm(m, "nr_vmscan_write"), 64);
			assert_int_equal(h_vm(m, "pgpgout"), 256);
			assert_int_equal(h_vm(m, "nr_anon_pages"), 0);
			assert_int_equal(m->swap_used, 64);
			assert_int_equal(mc_swap_release(m, 65), -EINVAL);
			assert_int_equal(mc_swap_release(m, 64), 0);
			assert_int_equal(m->swap_used, 0);
		}
		assert_int_equal(t_check(m), 0);
		mc_machine_destroy(m);
	}
}

/*
 * Without __GFP_IO (GFP_NOIO) anonymous folios cannot be isolated for
 * swap (isolate_folio: "swap constrained"): skipped (pgskip_normal), left
 * in place; mlocked anonymous memory is never scanned at all.
 */
static void test_anon_noio_and_mlocked(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 1024, false);
	char *map = low_then_kernel(96, 'A');

	(void)state;
	r_build(m, map, 0);
	free(map);
	for (unsigned long i = 64; i < 96; i++)
		assert_int_equal(mc_page_set_flags(m, ZBASE + i,
						   MC_PF_MLOCKED, 0), 0);
	assert_int_equal(r_alloc(m, MC_GFP_NOIO | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), -ENOMEM);
	assert_true(h_vm(m, "pgskip_normal") > 0);
	assert_int_equal(h_vm(m, "pgscan_anon"), 0);
	assert_int_equal(m->swap_used, 0);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), 0);
	assert_int_equal(h_vm(m, "pgsteal_anon"), 64);
	for (unsigned long i = 64; i < 96; i++)
		assert_true(r_allocated(m, ZBASE + i));
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * 256 reclaimable slab pages of an owner with a reclaim operation, no
 * LRU, 100 free.  GFP_KERNEL direct reclaim: only shrink_slab() can help.
 * do_shrink_slab (freeable 256, seeks 2, batch 128), per priority:
 *  12..9: delta (256 >> p) * 4 / 2 = 0; nothing deferred.
 *  8: delta 2, total_scan 2: below the batch and freeable: deferred 2.
 *  7: delta 4, total 0 + 4: deferred 6.   6: delta 8: deferred 14.
 *  5: delta 16: deferred 30.   4: delta 32, total 1 + 32: deferred 62.
 *  3: delta 64, total 7 + 64 = 71: deferred 126.
 *  2: delta 128, total 31 + 128 = 159 >= 128: one batch of 128 scanned,
 *     128 pages freed (the oldest), total 31 stops; deferred 126.
 * The freed slab pages count as reclaimed (reclaim_state): 128 >= 32.
 */
static void test_slab_shrinker(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct h_trace t;
	struct r_owner o;
	char *map = low_then_kernel(256, 'R');

	(void)state;
	r_register(m, &o);
	r_build(m, map, o.slot);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	assert_int_equal(r_alloc(m, MC_GFP_KERNEL, MC_PAGE_KERNEL, NULL), 0);
	r_expect_line(&t, 1, "memcompact-1000",
		      "mm_vmscan_direct_reclaim_end", "nr_reclaimed=128");
	assert_int_equal(o.calls, 128);
	assert_int_equal(o.dropped, 128);
	assert_int_equal(h_vm(m, "slabs_scanned"), 128);
	assert_int_equal(h_vm(m, "pgsteal_direct"), 0);
	assert_int_equal(r_node(m)->shrinker_nr_deferred, 126);
	assert_int_equal(h_vm(m, "nr_slab_reclaimable"), 128);
	assert_false(r_allocated(m, ZBASE + 127));
	assert_true(r_allocated(m, ZBASE + 128));
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The shrinker stands for the superblock shrinkers: without __GFP_FS
 * they stop (SHRINK_STOP) and only the deferred count grows, capped at
 * twice the freeable objects.  Slab of owner 0 has no shrinker at all.
 */
static void test_slab_needs_fs(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct r_owner o;
	char *map = low_then_kernel(256, 'R');

	(void)state;
	r_register(m, &o);
	r_fill(map, 256, 64, 'r');
	r_build(m, map, o.slot);
	free(map);
	assert_int_equal(r_alloc(m, MC_GFP_NOFS | MC_GFP_NORETRY,
				 MC_PAGE_KERNEL, NULL), -ENOMEM);
	assert_int_equal(o.calls, 0);
	assert_int_equal(h_vm(m, "slabs_scanned"), 0);
	assert_int_equal(r_node(m)->shrinker_nr_deferred, 512);
	/* drop_caches 2: priority 0, GFP_KERNEL: delta 512, total_scan
	 * min(512 + 512, 512) = 512: four batches of 128; the 256 pages go in
	 * the first two; the owner-0 pages are not the shrinker's. */
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "2", 1), 0);
	assert_int_equal(o.calls, 256);
	assert_int_equal(h_vm(m, "slabs_scanned"), 512);
	assert_int_equal(h_vm(m, "drop_slab"), 1);
	assert_int_equal(h_vm(m, "nr_slab_reclaimable"), 64);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * vm.drop_caches: write-only (0200), 1..4.  1 drops page cache nobody
 * holds: not dirty, under writeback, locked, pinned, mlocked or mapped,
 * and not refused by its owner; 2 runs the shrinker at priority 0 until a
 * pass frees little: freeable 50, delta 100, total_scan 100 >= freeable:
 * one scan of 100 frees the 50, the second pass finds nothing; 4 only
 * silences the kernel's message.
 */
static void test_drop_caches(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct r_owner o;
	char *map = r_map('K');
	char buf[8];
	static const unsigned flag_of[] = {
		MC_PF_DIRTY, MC_PF_WRITEBACK, MC_PF_LOCKED, MC_PF_PINNED,
		MC_PF_MLOCKED,
	};

	(void)state;
	r_register(m, &o);
	r_fill(map, 0, 160, 'F');
	r_fill(map, 160, 10, 'f');
	r_fill(map, 170, 50, 'R');
	r_fill(map, 220, 20, 'r');
	r_fill(map, ZPAGES - 100, 100, '.');
	r_build(m, map, o.slot);
	free(map);
	/* 100..149: 10 each of dirty, writeback, locked, pinned, mlocked */
	for (unsigned long i = 100; i < 150; i++)
		assert_int_equal(mc_page_set_flags(m, ZBASE + i,
						   flag_of[(i - 100) / 10], 0),
				 0);
	/* 150..159 mapped (no public flag: as the rmap would mark them) */
	for (unsigned long i = 150; i < 160; i++) {
		struct page *p = pfn_to_page(m, ZBASE + i);

		__page_stat_account(m, p, -1);
		page_set_flag(p, PG_mapped);
		__page_stat_account(m, p, 1);
	}
	o.busy_pfn = ZBASE + 165;

	assert_int_equal(mc_sysctl_read(m, "vm.drop_caches", buf,
					sizeof(buf)), -EACCES);
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "0", 1),
			 -EINVAL);
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "5", 1),
			 -EINVAL);
	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "4", 1), 0);
	assert_int_equal(h_vm(m, "drop_pagecache"), 0);
	assert_int_equal(h_vm(m, "drop_slab"), 0);

	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "1", 1), 0);
	assert_int_equal(h_vm(m, "drop_pagecache"), 1);
	assert_int_equal(h_vm(m, "drop_slab"), 0);
	for (unsigned long i = 0; i < 100; i++)
		assert_false(r_allocated(m, ZBASE + i));
	for (unsigned long i = 100; i < 160; i++)
		assert_true(r_allocated(m, ZBASE + i));
	for (unsigned long i = 160; i < 170; i++)
		assert_true(r_allocated(m, ZBASE + i) == (i == 165));
	assert_int_equal(o.dropped, 9);
	assert_int_equal(h_vm(m, "nr_slab_reclaimable"), 70);

	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "2\n", 2), 0);
	assert_int_equal(h_vm(m, "drop_slab"), 1);
	assert_int_equal(h_vm(m, "slabs_scanned"), 100);
	assert_int_equal(h_vm(m, "nr_slab_reclaimable"), 20);
	assert_int_equal(o.dropped, 9 + 50);

	assert_int_equal(mc_sysctl_write(m, "vm.drop_caches", "3", 1), 0);
	assert_int_equal(h_vm(m, "drop_pagecache"), 2);
	assert_int_equal(h_vm(m, "drop_slab"), 2);
	assert_int_equal(h_vm(m, "slabs_scanned"), 100);
	assert_int_equal(r_free(m), 100 + 109 + 50);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * A costly request on a zone with plenty of free memory but no block of
 * its order: shrink_zones() finds it compaction_ready() (free above high
 * + compact_gap), so direct reclaim does not reclaim but reports 1 (don't
 * OOM, try compaction).  Page cache is left alone.
 */
static void test_costly_compaction_ready(void **state)
{
	struct mc_machine *m = r_machine(MC_OPT_NO_DAEMONS, 0, false);
	struct h_trace t;
	struct mc_alloc_request r = {
		.gfp = MC_GFP_KERNEL | MC_GFP_NORETRY, .order = 4, .nid = 0,
		.cpu = 0, .kind = MC_PAGE_KERNEL,
	};
	uint64_t pfn;
	char *map = r_map('.');

	(void)state;
	/* 'SF..': no order-2 block, 2048 free, nothing movable enough */
	for (unsigned long i = 0; i < ZPAGES; i += 4) {
		map[i] = 'S';
		map[i + 1] = 'F';
	}
	r_build(m, map, 0);
	free(map);
	r_trace_start(m, &t, vmscan_events);
	assert_int_equal(mc_alloc_pages(m, &r, &pfn), -ENOMEM);
	assert_int_equal(h_count(&t, "mm_vmscan_direct_reclaim_end",
				 "nr_reclaimed=1"), 1);
	assert_int_equal(h_vm(m, "pgscan_direct"), 0);
	assert_int_equal(h_vm(m, "allocstall_normal"), 1);
	h_trace_stop(&t);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_reclaim_batch),
		cmocka_unit_test(test_direct_reclaim_nothing),
		cmocka_unit_test(test_dirty_written_then_reclaimed),
		cmocka_unit_test(test_owner_ends_writeback),
		cmocka_unit_test(test_mlocked_and_pinned_stay),
		cmocka_unit_test(test_busy_owner),
		cmocka_unit_test(test_anon_needs_swap),
		cmocka_unit_test(test_anon_noio_and_mlocked),
		cmocka_unit_test(test_slab_shrinker),
		cmocka_unit_test(test_slab_needs_fs),
		cmocka_unit_test(test_drop_caches),
		cmocka_unit_test(test_costly_compaction_ready),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
