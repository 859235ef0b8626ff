/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmstat_items.h - every counter of /proc/vmstat, in vmstat_text[] order.
 *
 * The lists follow Linux 6.12.117's enums (include/linux/mmzone.h,
 * include/linux/vm_event_item.h) as compiled with Debian's amd64 config:
 * ZSMALLOC, UNACCEPTED_MEMORY, NUMA, IOMMU_SUPPORT, SWAP, NUMA_BALANCING,
 * MIGRATION, COMPACTION, HUGETLB_PAGE, TRANSPARENT_HUGEPAGE (with PUD),
 * MEMORY_BALLOON, BALLOON_COMPACTION, KSM, ZSWAP and X86 on; CMA,
 * DEBUG_TLBFLUSH, PER_VMA_LOCK_STATS, DEBUG_STACK_USAGE off.  CMA items
 * carry the flag VMS_CMA: they exist only on machines created with CMA.
 * Each X(ENUM, "name", flags) line is one counter.
 */
#ifndef MC_MM_VMSTAT_ITEMS_H
#define MC_MM_VMSTAT_ITEMS_H

#define VMS_CMA 1

#define ZONE_STAT_ITEMS(X) \
	X(NR_FREE_PAGES, "nr_free_pages", 0) \
	X(NR_ZONE_INACTIVE_ANON, "nr_zone_inactive_anon", 0) \
	X(NR_ZONE_ACTIVE_ANON, "nr_zone_active_anon", 0) \
	X(NR_ZONE_INACTIVE_FILE, "nr_zone_inactive_file", 0) \
	X(NR_ZONE_ACTIVE_FILE, "nr_zone_active_file", 0) \
	X(NR_ZONE_UNEVICTABLE, "nr_zone_unevictable", 0) \
	X(NR_ZONE_WRITE_PENDING, "nr_zone_write_pending", 0) \
	X(NR_MLOCK, "nr_mlock", 0) \
	X(NR_BOUNCE, "nr_bounce", 0) \
	X(NR_ZSPAGES, "nr_zspages", 0) \
	X(NR_FREE_CMA_PAGES, "nr_free_cma", 0) \
	X(NR_UNACCEPTED, "nr_unaccepted", 0) \

#define NUMA_STAT_ITEMS(X) \
	X(NUMA_HIT, "numa_hit", 0) \
	X(NUMA_MISS, "numa_miss", 0) \
	X(NUMA_FOREIGN, "numa_foreign", 0) \
	X(NUMA_INTERLEAVE_HIT, "numa_interleave", 0) \
	X(NUMA_LOCAL, "numa_local", 0) \
	X(NUMA_OTHER, "numa_other", 0) \

#define NODE_STAT_ITEMS(X) \
	X(NR_INACTIVE_ANON, "nr_inactive_anon", 0) \
	X(NR_ACTIVE_ANON, "nr_active_anon", 0) \
	X(NR_INACTIVE_FILE, "nr_inactive_file", 0) \
	X(NR_ACTIVE_FILE, "nr_active_file", 0) \
	X(NR_UNEVICTABLE, "nr_unevictable", 0) \
	X(NR_SLAB_RECLAIMABLE_B, "nr_slab_reclaimable", 0) \
	X(NR_SLAB_UNRECLAIMABLE_B, "nr_slab_unreclaimable", 0) \
	X(NR_ISOLATED_ANON, "nr_isolated_anon", 0) \
	X(NR_ISOLATED_FILE, "nr_isolated_file", 0) \
	X(WORKINGSET_NODES, "workingset_nodes", 0) \
	X(WORKINGSET_REFAULT_ANON, "workingset_refault_anon", 0) \
	X(WORKINGSET_REFAULT_FILE, "workingset_refault_file", 0) \
	X(WORKINGSET_ACTIVATE_ANON, "workingset_activate_anon", 0) \
	X(WORKINGSET_ACTIVATE_FILE, "workingset_activate_file", 0) \
	X(WORKINGSET_RESTORE_ANON, "workingset_restore_anon", 0) \
	X(WORKINGSET_RESTORE_FILE, "workingset_restore_file", 0) \
	X(WORKINGSET_NODERECLAIM, "workingset_nodereclaim", 0) \
	X(NR_ANON_MAPPED, "nr_anon_pages", 0) \
	X(NR_FILE_MAPPED, "nr_mapped", 0) \
	X(NR_FILE_PAGES, "nr_file_pages", 0) \
	X(NR_FILE_DIRTY, "nr_dirty", 0) \
	X(NR_WRITEBACK, "nr_writeback", 0) \
	X(NR_WRITEBACK_TEMP, "nr_writeback_temp", 0) \
	X(NR_SHMEM, "nr_shmem", 0) \
	X(NR_SHMEM_THPS, "nr_shmem_hugepages", 0) \
	X(NR_SHMEM_PMDMAPPED, "nr_shmem_pmdmapped", 0) \
	X(NR_FILE_THPS, "nr_file_hugepages", 0) \
	X(NR_FILE_PMDMAPPED, "nr_file_pmdmapped", 0) \
	X(NR_ANON_THPS, "nr_anon_transparent_hugepages", 0) \
	X(NR_VMSCAN_WRITE, "nr_vmscan_write", 0) \
	X(NR_VMSCAN_IMMEDIATE, "nr_vmscan_immediate_reclaim", 0) \
	X(NR_DIRTIED, "nr_dirtied", 0) \
	X(NR_WRITTEN, "nr_written", 0) \
	X(NR_THROTTLED_WRITTEN, "nr_throttled_written", 0) \
	X(NR_KERNEL_MISC_RECLAIMABLE, "nr_kernel_misc_reclaimable", 0) \
	X(NR_FOLL_PIN_ACQUIRED, "nr_foll_pin_acquired", 0) \
	X(NR_FOLL_PIN_RELEASED, "nr_foll_pin_released", 0) \
	X(NR_KERNEL_STACK_KB, "nr_kernel_stack", 0) \
	X(NR_PAGETABLE, "nr_page_table_pages", 0) \
	X(NR_SECONDARY_PAGETABLE, "nr_sec_page_table_pages", 0) \
	X(NR_IOMMU_PAGES, "nr_iommu_pages", 0) \
	X(NR_SWAPCACHE, "nr_swapcached", 0) \
	X(PGPROMOTE_SUCCESS, "pgpromote_success", 0) \
	X(PGPROMOTE_CANDIDATE, "pgpromote_candidate", 0) \
	X(PGDEMOTE_KSWAPD, "pgdemote_kswapd", 0) \
	X(PGDEMOTE_DIRECT, "pgdemote_direct", 0) \
	X(PGDEMOTE_KHUGEPAGED, "pgdemote_khugepaged", 0) \

#define VM_STAT_ITEMS(X) \
	X(NR_DIRTY_THRESHOLD, "nr_dirty_threshold", 0) \
	X(NR_DIRTY_BG_THRESHOLD, "nr_dirty_background_threshold", 0) \
	X(NR_MEMMAP_PAGES, "nr_memmap_pages", 0) \
	X(NR_MEMMAP_BOOT_PAGES, "nr_memmap_boot_pages", 0) \

#define VM_EVENT_ITEMS(X) \
	X(PGPGIN, "pgpgin", 0) \
	X(PGPGOUT, "pgpgout", 0) \
	X(PSWPIN, "pswpin", 0) \
	X(PSWPOUT, "pswpout", 0) \
	X(PGALLOC_DMA, "pgalloc_dma", 0) \
	X(PGALLOC_DMA32, "pgalloc_dma32", 0) \
	X(PGALLOC_NORMAL, "pgalloc_normal", 0) \
	X(PGALLOC_MOVABLE, "pgalloc_movable", 0) \
	X(PGALLOC_DEVICE, "pgalloc_device", 0) \
	X(ALLOCSTALL_DMA, "allocstall_dma", 0) \
	X(ALLOCSTALL_DMA32, "allocstall_dma32", 0) \
	X(ALLOCSTALL_NORMAL, "allocstall_normal", 0) \
	X(ALLOCSTALL_MOVABLE, "allocstall_movable", 0) \
	X(ALLOCSTALL_DEVICE, "allocstall_device", 0) \
	X(PGSCAN_SKIP_DMA, "pgskip_dma", 0) \
	X(PGSCAN_SKIP_DMA32, "pgskip_dma32", 0) \
	X(PGSCAN_SKIP_NORMAL, "pgskip_normal", 0) \
	X(PGSCAN_SKIP_MOVABLE, "pgskip_movable", 0) \
	X(PGSCAN_SKIP_DEVICE, "pgskip_device", 0) \
	X(PGFREE, "pgfree", 0) \
	X(PGACTIVATE, "pgactivate", 0) \
	X(PGDEACTIVATE, "pgdeactivate", 0) \
	X(PGLAZYFREE, "pglazyfree", 0) \
	X(PGFAULT, "pgfault", 0) \
	X(PGMAJFAULT, "pgmajfault", 0) \
	X(PGLAZYFREED, "pglazyfreed", 0) \
	X(PGREFILL, "pgrefill", 0) \
	X(PGREUSE, "pgreuse", 0) \
	X(PGSTEAL_KSWAPD, "pgsteal_kswapd", 0) \
	X(PGSTEAL_DIRECT, "pgsteal_direct", 0) \
	X(PGSTEAL_KHUGEPAGED, "pgsteal_khugepaged", 0) \
	X(PGSCAN_KSWAPD, "pgscan_kswapd", 0) \
	X(PGSCAN_DIRECT, "pgscan_direct", 0) \
	X(PGSCAN_KHUGEPAGED, "pgscan_khugepaged", 0) \
	X(PGSCAN_DIRECT_THROTTLE, "pgscan_direct_throttle", 0) \
	X(PGSCAN_ANON, "pgscan_anon", 0) \
	X(PGSCAN_FILE, "pgscan_file", 0) \
	X(PGSTEAL_ANON, "pgsteal_anon", 0) \
	X(PGSTEAL_FILE, "pgsteal_file", 0) \
	X(PGSCAN_ZONE_RECLAIM_SUCCESS, "zone_reclaim_success", 0) \
	X(PGSCAN_ZONE_RECLAIM_FAILED, "zone_reclaim_failed", 0) \
	X(PGINODESTEAL, "pginodesteal", 0) \
	X(SLABS_SCANNED, "slabs_scanned", 0) \
	X(KSWAPD_INODESTEAL, "kswapd_inodesteal", 0) \
	X(KSWAPD_LOW_WMARK_HIT_QUICKLY, "kswapd_low_wmark_hit_quickly", 0) \
	X(KSWAPD_HIGH_WMARK_HIT_QUICKLY, "kswapd_high_wmark_hit_quickly", 0) \
	X(PAGEOUTRUN, "pageoutrun", 0) \
	X(PGROTATED, "pgrotated", 0) \
	X(DROP_PAGECACHE, "drop_pagecache", 0) \
	X(DROP_SLAB, "drop_slab", 0) \
	X(OOM_KILL, "oom_kill", 0) \
	X(NUMA_PTE_UPDATES, "numa_pte_updates", 0) \
	X(NUMA_HUGE_PTE_UPDATES, "numa_huge_pte_updates", 0) \
	X(NUMA_HINT_FAULTS, "numa_hint_faults", 0) \
	X(NUMA_HINT_FAULTS_LOCAL, "numa_hint_faults_local", 0) \
	X(NUMA_PAGE_MIGRATE, "numa_pages_migrated", 0) \
	X(PGMIGRATE_SUCCESS, "pgmigrate_success", 0) \
	X(PGMIGRATE_FAIL, "pgmigrate_fail", 0) \
	X(THP_MIGRATION_SUCCESS, "thp_migration_success", 0) \
	X(THP_MIGRATION_FAIL, "thp_migration_fail", 0) \
	X(THP_MIGRATION_SPLIT, "thp_migration_split", 0) \
	X(COMPACTMIGRATE_SCANNED, "compact_migrate_scanned", 0) \
	X(COMPACTFREE_SCANNED, "compact_free_scanned", 0) \
	X(COMPACTISOLATED, "compact_isolated", 0) \
	X(COMPACTSTALL, "compact_stall", 0) \
	X(COMPACTFAIL, "compact_fail", 0) \
	X(COMPACTSUCCESS, "compact_success", 0) \
	X(KCOMPACTD_WAKE, "compact_daemon_wake", 0) \
	X(KCOMPACTD_MIGRATE_SCANNED, "compact_daemon_migrate_scanned", 0) \
	X(KCOMPACTD_FREE_SCANNED, "compact_daemon_free_scanned", 0) \
	X(HTLB_BUDDY_PGALLOC, "htlb_buddy_alloc_success", 0) \
	X(HTLB_BUDDY_PGALLOC_FAIL, "htlb_buddy_alloc_fail", 0) \
	X(CMA_ALLOC_SUCCESS, "cma_alloc_success", VMS_CMA) \
	X(CMA_ALLOC_FAIL, "cma_alloc_fail", VMS_CMA) \
	X(UNEVICTABLE_PGCULLED, "unevictable_pgs_culled", 0) \
	X(UNEVICTABLE_PGSCANNED, "unevictable_pgs_scanned", 0) \
	X(UNEVICTABLE_PGRESCUED, "unevictable_pgs_rescued", 0) \
	X(UNEVICTABLE_PGMLOCKED, "unevictable_pgs_mlocked", 0) \
	X(UNEVICTABLE_PGMUNLOCKED, "unevictable_pgs_munlocked", 0) \
	X(UNEVICTABLE_PGCLEARED, "unevictable_pgs_cleared", 0) \
	X(UNEVICTABLE_PGSTRANDED, "unevictable_pgs_stranded", 0) \
	X(THP_FAULT_ALLOC, "thp_fault_alloc", 0) \
	X(THP_FAULT_FALLBACK, "thp_fault_fallback", 0) \
	X(THP_FAULT_FALLBACK_CHARGE, "thp_fault_fallback_charge", 0) \
	X(THP_COLLAPSE_ALLOC, "thp_collapse_alloc", 0) \
	X(THP_COLLAPSE_ALLOC_FAILED, "thp_collapse_alloc_failed", 0) \
	X(THP_FILE_ALLOC, "thp_file_alloc", 0) \
	X(THP_FILE_FALLBACK, "thp_file_fallback", 0) \
	X(THP_FILE_FALLBACK_CHARGE, "thp_file_fallback_charge", 0) \
	X(THP_FILE_MAPPED, "thp_file_mapped", 0) \
	X(THP_SPLIT_PAGE, "thp_split_page", 0) \
	X(THP_SPLIT_PAGE_FAILED, "thp_split_page_failed", 0) \
	X(THP_DEFERRED_SPLIT_PAGE, "thp_deferred_split_page", 0) \
	X(THP_UNDERUSED_SPLIT_PAGE, "thp_underused_split_page", 0) \
	X(THP_SPLIT_PMD, "thp_split_pmd", 0) \
	X(THP_SCAN_EXCEED_NONE_PTE, "thp_scan_exceed_none_pte", 0) \
	X(THP_SCAN_EXCEED_SWAP_PTE, "thp_scan_exceed_swap_pte", 0) \
	X(THP_SCAN_EXCEED_SHARED_PTE, "thp_scan_exceed_share_pte", 0) \
	X(THP_SPLIT_PUD, "thp_split_pud", 0) \
	X(THP_ZERO_PAGE_ALLOC, "thp_zero_page_alloc", 0) \
	X(THP_ZERO_PAGE_ALLOC_FAILED, "thp_zero_page_alloc_failed", 0) \
	X(THP_SWPOUT, "thp_swpout", 0) \
	X(THP_SWPOUT_FALLBACK, "thp_swpout_fallback", 0) \
	X(BALLOON_INFLATE, "balloon_inflate", 0) \
	X(BALLOON_DEFLATE, "balloon_deflate", 0) \
	X(BALLOON_MIGRATE, "balloon_migrate", 0) \
	X(SWAP_RA, "swap_ra", 0) \
	X(SWAP_RA_HIT, "swap_ra_hit", 0) \
	X(SWPIN_ZERO, "swpin_zero", 0) \
	X(SWPOUT_ZERO, "swpout_zero", 0) \
	X(KSM_SWPIN_COPY, "ksm_swpin_copy", 0) \
	X(COW_KSM, "cow_ksm", 0) \
	X(ZSWPIN, "zswpin", 0) \
	X(ZSWPOUT, "zswpout", 0) \
	X(ZSWPWB, "zswpwb", 0) \
	X(DIRECT_MAP_LEVEL2_SPLIT, "direct_map_level2_splits", 0) \
	X(DIRECT_MAP_LEVEL3_SPLIT, "direct_map_level3_splits", 0) \

#endif /* MC_MM_VMSTAT_ITEMS_H */
