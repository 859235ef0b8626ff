/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * internal.h - the kernel model's private header.
 *
 * This file plays the part of include/linux/mmzone.h, include/linux/gfp.h,
 * include/linux/pageblock-flags.h and mm/internal.h together: struct page,
 * struct zone, pglist_data, free_area, the per-cpu lists, gfp and alloc
 * flags, compact_control.  Names are the kernel's so that a reader can hold
 * mm/page_alloc.c and mm/compaction.c beside ours.
 *
 * Where we differ from the kernel, and why:
 *  - struct page is 16 bytes (the kernel's is 64): list links are 32-bit
 *    indices into the machine's memmap instead of pointers, and the state
 *    the kernel spreads over page_type, flags, _refcount and _mapcount is
 *    folded into an explicit state nibble plus 16 attribute bits.  This is
 *    what lets a 1 TiB machine fit in 4 GiB of metadata.
 *  - List heads ("sentinels") live in the same array, after the last pfn,
 *    so every list is circular and the kernel's list_add / list_move_tail
 *    discipline carries over unchanged.
 *  - Sizes that the kernel fixes at build time (page size, MAX_PAGE_ORDER,
 *    pageblock_order, CONFIG_CMA) are per machine here.
 *  - The internal migratetype numbering always has MIGRATE_CMA; on machines
 *    without CMA the text formats skip it and migratetype_abi() maps
 *    MIGRATE_ISOLATE to the kernel's value 4.
 */
#ifndef MC_MM_INTERNAL_H
#define MC_MM_INTERNAL_H

#include <memcompact.h>

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/vmstat_items.h"
#include "util/evq.h"

/* ---- small helpers (include/linux/kernel.h and friends) ---------------- */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min3(a, b, c) min(min(a, b), c)
#define max3(a, b, c) max(max(a, b), c)
#define clamp(v, lo, hi) min(max(v, lo), hi)
#define ALIGN(x, a) (((x) + (a) - 1) & ~((unsigned long)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((unsigned long)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((unsigned long)(a) - 1)) == 0)
#define round_down(x, y) ALIGN_DOWN(x, y)
#define BIT(n) (1UL << (n))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* mult_frac(x, n, d): x * n / d without overflowing the intermediate. */
static inline unsigned long mult_frac(unsigned long x, unsigned long n,
				      unsigned long d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/* ---- sizes -------------------------------------------------------------- */
#define MAX_NR_ZONES		MC_MAX_NR_ZONES
#define MAX_NUMNODES		MC_MAX_NODES
#define NR_CPUS			MC_MAX_CPUS
/* Largest MAX_PAGE_ORDER any supported configuration has (arm64 64K). */
#define MAX_PAGE_ORDER_LIMIT	13
#define NR_PAGE_ORDERS_MAX	(MAX_PAGE_ORDER_LIMIT + 1)
#define PAGE_ALLOC_COSTLY_ORDER	3
#define SWAP_CLUSTER_MAX	32UL
#define COMPACT_CLUSTER_MAX	SWAP_CLUSTER_MAX
#define HZ			250	/* CONFIG_HZ in Debian's config */
#define MAX_RECLAIM_RETRIES	16
#define MAX_COMPACT_RETRIES	16
#define COMPACT_MAX_DEFER_SHIFT	6

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
};

/* Internal numbering; see migratetype_abi() for the printed value. */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

static inline bool is_migrate_movable(int mt)
{
	return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

#define is_migrate_highatomic(mt) ((mt) == MIGRATE_HIGHATOMIC)
#define is_migrate_cma(mt) ((mt) == MIGRATE_CMA)
#define is_migrate_isolate(mt) ((mt) == MIGRATE_ISOLATE)

/* Pageblock flags: 3 bits of migratetype, 1 skip bit (pageblock-flags.h). */
#define PB_migratetype_bits	3
#define MIGRATETYPE_MASK	((1u << PB_migratetype_bits) - 1)
#define PB_migrate_skip		3

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/* zone->flags */
enum zone_flags {
	ZONE_BOOSTED_WATERMARK,
	ZONE_RECLAIM_ACTIVE,
	ZONE_BELOW_HIGH,
};

/* ---- gfp (include/linux/gfp_types.h) ----------------------------------- */
typedef unsigned int gfp_t;
#define __GFP_DMA		MC_GFP_DMA
#define __GFP_HIGHMEM		MC_GFP_HIGHMEM
#define __GFP_DMA32		MC_GFP_DMA32
#define __GFP_MOVABLE		MC_GFP_MOVABLE
#define __GFP_RECLAIMABLE	MC_GFP_RECLAIMABLE
#define __GFP_HIGH		MC_GFP_HIGH
#define __GFP_IO		MC_GFP_IO
#define __GFP_FS		MC_GFP_FS
#define __GFP_ZERO		MC_GFP_ZERO
#define __GFP_DIRECT_RECLAIM	MC_GFP_DIRECT_RECLAIM
#define __GFP_KSWAPD_RECLAIM	MC_GFP_KSWAPD_RECLAIM
#define __GFP_WRITE		MC_GFP_WRITE
#define __GFP_NOWARN		MC_GFP_NOWARN
#define __GFP_RETRY_MAYFAIL	MC_GFP_RETRY_MAYFAIL
#define __GFP_NOFAIL		MC_GFP_NOFAIL
#define __GFP_NORETRY		MC_GFP_NORETRY
#define __GFP_MEMALLOC		MC_GFP_MEMALLOC
#define __GFP_COMP		MC_GFP_COMP
#define __GFP_NOMEMALLOC	MC_GFP_NOMEMALLOC
#define __GFP_HARDWALL		MC_GFP_HARDWALL
#define __GFP_THISNODE		MC_GFP_THISNODE
#define __GFP_ACCOUNT		MC_GFP_ACCOUNT
#define __GFP_ZEROTAGS		MC_GFP_ZEROTAGS
#define __GFP_RECLAIM		MC_GFP_RECLAIM
#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3
#define GFP_ATOMIC		MC_GFP_ATOMIC
#define GFP_KERNEL		MC_GFP_KERNEL
#define GFP_NOWAIT		MC_GFP_NOWAIT
#define GFP_NOIO		MC_GFP_NOIO
#define GFP_NOFS		MC_GFP_NOFS
#define GFP_USER		MC_GFP_USER
#define GFP_HIGHUSER		MC_GFP_HIGHUSER
#define GFP_HIGHUSER_MOVABLE	MC_GFP_HIGHUSER_MOVABLE
#define GFP_TRANSHUGE_LIGHT	MC_GFP_TRANSHUGE_LIGHT
#define GFP_TRANSHUGE		MC_GFP_TRANSHUGE
#define gfp_allowed_mask	0x00ffffffu	/* __GFP_BITS_MASK */

/* ---- alloc_flags (mm/internal.h) -------------------------------------- */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10
#define ALLOC_MIN_RESERVE	0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800
/* Ours: an arena's fast-path refill checks the low watermark itself. */
#define ALLOC_FAST_WMARK	0x10000
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | \
			 ALLOC_HIGHATOMIC | ALLOC_OOM)

/* fpi_t: flags for __free_one_page() */
#define FPI_NONE		0
#define FPI_SKIP_REPORT_NOTIFY	(1u << 0)
#define FPI_TO_TAIL		(1u << 1)

/* ---- compaction enums (include/linux/compaction.h, migrate_mode.h) ---- */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

/* Order matters: results are combined with max(). */
enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,
	COMPACT_SKIPPED,
	COMPACT_DEFERRED,
	COMPACT_NO_SUITABLE_PAGE,
	COMPACT_CONTINUE,
	COMPACT_COMPLETE,
	COMPACT_PARTIAL_SKIPPED,
	COMPACT_CONTENDED,
	COMPACT_SUCCESS,
};

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

enum migrate_reason {
	MR_COMPACTION,
	MR_MEMORY_FAILURE,
	MR_MEMORY_HOTPLUG,
	MR_SYSCALL,
	MR_MEMPOLICY_MBIND,
	MR_NUMA_MISPLACED,
	MR_CONTIG_RANGE,
	MR_LONGTERM_PIN,
	MR_DEMOTION,
	MR_DAMON,
	MR_TYPES
};

/* ---- struct page -------------------------------------------------------- */
/*
 * What a page frame is right now.  Exactly one of these holds for every
 * pfn; the invariant checker (check.c) verifies it.  Zero is "inside a free
 * block" so that a calloc'ed memmap is a valid all-free start state.
 */
enum page_state {
	PS_FREE_TAIL = 0,	/* inside a free block, not its first page */
	PS_BUDDY,		/* first page of a block on a buddy free list */
	PS_PCP,			/* first page of a block on a per-cpu list */
	PS_ISOLATED_FREE,	/* first page of a free block held by compaction */
	PS_ALLOC,		/* first page of an allocated block */
	PS_ALLOC_TAIL,		/* other pages of an allocated block */
	PS_RESERVED,		/* present, never given to the buddy allocator */
	PS_HOLE,		/* not present */
};

/*
 * Attribute bits of an allocated block's first page (low 12 bits of
 * page->flags; the top 4 bits hold enum mc_page_kind).  Anonymous versus
 * file and LRU versus movable_ops follow from the kind.
 */
enum pageflags {
	PG_lru,
	PG_active,
	PG_unevictable,		/* mlocked */
	PG_dirty,
	PG_writeback,
	PG_locked,
	PG_isolated,		/* taken off the LRU / movable ops for migration */
	PG_head,		/* compound page (__GFP_COMP) */
	PG_pinned,		/* extra references: migration fails -EAGAIN */
	PG_mapped,
	PG_private,		/* buffers attached (file pages) */
	PG_reclaim,
	NR_PAGEFLAGS
};

struct page {
	uint32_t next;		/* list links: memmap indices */
	uint32_t prev;
	/*
	 * PS_BUDDY, PS_PCP, PS_ISOLATED_FREE: the block's order.
	 * PS_ALLOC: the owner's cookie.  PS_ALLOC_TAIL: distance to the head.
	 */
	uint32_t private;
	/*
	 * PS_ALLOC: enum pageflags bits.  PS_BUDDY/PS_PCP: the migratetype of
	 * the list the block is on (low 3 bits) and, for PS_ALLOC, the
	 * page kind in the top 4 bits (see page_kind()).
	 */
	uint16_t flags;
	uint8_t owner;		/* owner slot of an allocated block */
	uint8_t sto;		/* low nibble: enum page_state; high: order */
};

_Static_assert(sizeof(struct page) == 16, "struct page must stay 16 bytes");
_Static_assert(NR_PAGEFLAGS <= 12, "page flags share 16 bits with the kind");

#define PAGE_KIND_SHIFT 12
#define PAGE_FLAGS_MASK ((1u << PAGE_KIND_SHIFT) - 1)

/*
 * The state byte is read and written with relaxed atomics: on an arena
 * (src/arena) the per-cpu fast path changes the state of its own pages
 * while another CPU's drain looks at them as possible buddies under the
 * zone lock, as the kernel reads page_type with READ_ONCE.  On x86_64
 * and arm64 these are plain byte loads and stores.
 */
static inline enum page_state page_state(const struct page *p)
{
	return (enum page_state)(__atomic_load_n(&p->sto, __ATOMIC_RELAXED) &
				 0xf);
}

static inline unsigned int page_sto_order(const struct page *p)
{
	return __atomic_load_n(&p->sto, __ATOMIC_RELAXED) >> 4;
}

static inline void set_page_state(struct page *p, enum page_state s,
				  unsigned int order)
{
	__atomic_store_n(&p->sto, (uint8_t)((order << 4) | (unsigned)s),
			 __ATOMIC_RELAXED);
}

static inline bool PageBuddy(const struct page *p)
{
	return page_state(p) == PS_BUDDY;
}

static inline unsigned int buddy_order(const struct page *p)
{
	return p->private;
}

static inline bool page_test_flag(const struct page *p, enum pageflags f)
{
	return p->flags & (1u << f);
}

static inline void page_set_flag(struct page *p, enum pageflags f)
{
	p->flags |= (uint16_t)(1u << f);
}

static inline void page_clear_flag(struct page *p, enum pageflags f)
{
	p->flags &= (uint16_t)~(1u << f);
}

static inline enum mc_page_kind page_kind(const struct page *p)
{
	return (enum mc_page_kind)(p->flags >> PAGE_KIND_SHIFT);
}

/* ---- the memmap and its lists ----------------------------------------- */
struct mc_machine;

/* Index lists: circular, the head is a sentinel entry of the memmap. */
#define LIST_POISON_IDX 0xffffffffu

/* ---- per-cpu page lists (include/linux/mmzone.h) ---------------------- */
#define NR_PCP_THP		2
#define NR_LOWORDER_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS		(NR_LOWORDER_PCP_LISTS + NR_PCP_THP)
#define PCPF_PREV_FREE_HIGH_ORDER	BIT(0)
#define PCPF_FREE_HIGH_BATCH		BIT(1)
#define BOOT_PAGESET_HIGH	0
#define BOOT_PAGESET_BATCH	1
#define CONFIG_PCP_BATCH_SCALE_MAX 5
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8

struct per_cpu_pages {
	int count;		/* pages on the lists */
	int high;		/* dynamic high watermark */
	int high_min;
	int high_max;
	int batch;
	uint8_t flags;		/* PCPF_* */
	uint8_t alloc_factor;
	int free_count;
	uint8_t expire;		/* NUMA: idle vmstat intervals until a remote
				 * pcp is drained; set on pcp activity */
	uint32_t lists[NR_PCP_LISTS];	/* sentinel indices */
	pthread_mutex_t lock;		/* used only on threaded machines */
};

struct free_area {
	uint32_t free_list[MIGRATE_TYPES];	/* sentinel indices */
	unsigned long nr_free;			/* blocks, all types */
	/* Ours: blocks per list, so that renderers and checks need not walk
	 * the list.  The checker compares it with a walk. */
	unsigned long nr_list[MIGRATE_TYPES];
};

/* Counter enums, from the one table in vmstat_items.h. */
#define MC_ENUM_ITEM_(e, s, f) e,
enum zone_stat_item { ZONE_STAT_ITEMS(MC_ENUM_ITEM_) NR_VM_ZONE_STAT_ITEMS };
enum numa_stat_item { NUMA_STAT_ITEMS(MC_ENUM_ITEM_) NR_VM_NUMA_EVENT_ITEMS };
enum node_stat_item { NODE_STAT_ITEMS(MC_ENUM_ITEM_) NR_VM_NODE_STAT_ITEMS };
enum vm_stat_item { VM_STAT_ITEMS(MC_ENUM_ITEM_) NR_VM_STAT_ITEMS };
enum vm_event_item { VM_EVENT_ITEMS(MC_ENUM_ITEM_) NR_VM_EVENT_ITEMS };
#undef MC_ENUM_ITEM_
#define PGALLOC_FIRST_ZONE PGALLOC_DMA
#define ALLOCSTALL_FIRST_ZONE ALLOCSTALL_DMA

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic;
	long lowmem_reserve[MAX_NR_ZONES];
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;	/* [nr_cpu_ids] */
	int pageset_high_min;
	int pageset_high_max;
	int pageset_batch;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long cma_pages;
	const char *name;
	enum zone_type idx;
	unsigned long nr_isolate_pageblock;
	bool contiguous;

	struct free_area free_area[NR_PAGE_ORDERS_MAX];
	unsigned long flags;		/* enum zone_flags bits */
	pthread_mutex_t lock;		/* zone->lock: threaded machines only */

	/* Compaction state: all zero at boot, as in the kernel. */
	unsigned long compact_cached_free_pfn;
	unsigned long compact_cached_migrate_pfn[2];	/* ASYNC_AND_SYNC */
	unsigned long compact_init_migrate_pfn;
	unsigned long compact_init_free_pfn;
	unsigned int compact_considered;
	unsigned int compact_defer_shift;
	int compact_order_failed;
	bool compact_blockskip_flush;

	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
	struct mc_machine *m;
};

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return z->zone_start_pfn <= pfn && pfn < zone_end_pfn(z);
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline bool managed_zone(const struct zone *z)
{
	return z->managed_pages != 0;
}

static inline enum zone_type zone_idx(const struct zone *z)
{
	return z->idx;
}

static inline unsigned long wmark_pages(const struct zone *z, int i)
{
	return z->_watermark[i] + z->watermark_boost;
}
#define min_wmark_pages(z) wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z) wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z) wmark_pages(z, WMARK_HIGH)
#define promo_wmark_pages(z) wmark_pages(z, WMARK_PROMO)

/* Atomic bit operations, as the kernel's set_bit/test_bit on zone->flags
 * (an arena's per-cpu fast path reads them without the API lock). */
static inline bool zone_test_bit(const struct zone *z, enum zone_flags f)
{
	return __atomic_load_n(&z->flags, __ATOMIC_RELAXED) & BIT(f);
}

static inline void zone_set_bit(struct zone *z, enum zone_flags f)
{
	__atomic_fetch_or(&z->flags, BIT(f), __ATOMIC_RELAXED);
}

static inline void zone_clear_bit(struct zone *z, enum zone_flags f)
{
	__atomic_fetch_and(&z->flags, ~BIT(f), __ATOMIC_RELAXED);
}


/* ---- tasks ("current") ------------------------------------------------- */
#define PF_MEMALLOC	0x00000800
#define PF_KSWAPD	0x00020000
#define PF_KCOMPACTD	0x00010000
#define PF_KTHREAD	0x00200000

struct capture_control;

struct task_struct {
	int pid;
	char comm[16];
	unsigned int flags;
	int cpu;			/* the CPU this request runs on */
	struct capture_control *capture_control;
	bool fatal_signal_pending;
	bool oom_victim;
};

/* ---- nodes and zonelists ---------------------------------------------- */
enum { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };

/*
 * The node's LRU lists (one lruvec per node: no memory cgroups).  The
 * kernel's five, plus ours for reclaimable slab pages in allocation order
 * (what the shrinkers free, oldest first).  An allocated block is on the
 * list lru_list_of() names, most recent at the head, using its list links
 * (like folio->lru, shared with the migration lists while isolated).
 */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS,
	LRU_SLAB_RECLAIMABLE = NR_LRU_LISTS,
	NR_NODE_LISTS
};

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

struct zonelist {
	struct zoneref *_zonerefs;	/* terminated by zone == NULL */
};

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;			/* highest populated zone + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;

	/* kswapd (vmscan.c) */
	int kswapd_order;
	enum zone_type kswapd_highest_zoneidx;
	int kswapd_failures;
	bool kswapd_running;		/* task_is_running(pgdat->kswapd) */
	bool kswapd_waiting;		/* on kswapd_wait */
	/* kswapd()'s own state between its events (vmscan.c): its locals,
	 * where it waits, and whether a wakeup cut its nap short */
	int kswapd_alloc_order;
	int kswapd_reclaim_order;
	int kswapd_classzone;		/* kswapd()'s highest_zoneidx local */
	int kswapd_phase;
	unsigned long kswapd_nap_end;	/* jiffies */
	bool kswapd_woken;
	long shrinker_nr_deferred;	/* the slab shrinker's, this node */

	/* kcompactd (compaction.c) */
	int kcompactd_max_order;
	enum zone_type kcompactd_highest_zoneidx;
	bool kcompactd_waiting;		/* waitqueue_active(&kcompactd_wait) */
	bool proactive_compact_trigger;
	uint64_t kcompactd_gen;		/* bumps cancel a pending timeout */
	long kcompactd_timeout;		/* jiffies of the next sleep */

	/* the daemons' own tasks ("kcompactd0", "kswapd0") */
	struct task_struct kcompactd_task;
	struct task_struct kswapd_task;
	uint64_t kswapd_gen;

	long vm_stat[NR_VM_NODE_STAT_ITEMS];
	uint32_t lru_lists[NR_NODE_LISTS];	/* sentinels */
	unsigned long lru_pages[NR_NODE_LISTS];	/* pages on each list */
	struct mc_machine *m;
};

#define for_each_zone_in_node(pgdat, zone)				\
	for ((zone) = (pgdat)->node_zones;				\
	     (zone) < (pgdat)->node_zones + MAX_NR_ZONES; (zone)++)

/* The task on whose behalf the model runs; set at every API entry. */
extern _Thread_local struct task_struct *current;

/* ---- the allocation context (mm/internal.h) --------------------------- */
struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	bool spread_dirty_pages;
	int preferred_nid;
	struct mc_machine *m;		/* ours: the machine */
};

/* ---- compact_control (mm/internal.h) ----------------------------------- */
/*
 * One compaction run over one zone.  The migration scanner walks the zone
 * upward from migrate_pfn isolating movable pages onto migratepages; the
 * free scanner walks downward from free_pfn isolating free pages onto
 * freepages[order]; compaction ends when they meet (in the same
 * pageblock), when the goal is reached, or on contention.
 */
struct compact_control {
	uint32_t freepages[NR_PAGE_ORDERS_MAX];	/* sentinel per order */
	uint32_t migratepages;			/* sentinel */
	unsigned int nr_freepages;		/* base pages on freepages */
	unsigned int nr_migratepages;		/* base pages on migratepages */
	unsigned long free_pfn;
	unsigned long migrate_pfn;
	unsigned long fast_start_pfn;	/* 0 unset, ULONG_MAX used */
	struct zone *zone;
	unsigned long total_migrate_scanned;
	unsigned long total_free_scanned;
	unsigned short fast_search_fail;
	short search_order;
	gfp_t gfp_mask;
	int order;			/* -1: compact everything */
	int migratetype;
	unsigned int alloc_flags;
	int highest_zoneidx;
	enum migrate_mode mode;
	bool ignore_skip_hint;
	bool no_set_skip_hint;
	bool ignore_block_suitable;
	bool direct_compaction;
	bool proactive_compaction;
	bool whole_zone;
	bool contended;
	bool finish_pageblock;
	bool alloc_contig;
};

/* The page freed into the compacting zone that the task may keep. */
struct capture_control {
	struct compact_control *cc;
	struct page *page;
};

/* ---- owners (the seam to the world) ----------------------------------- */
#define MC_MAX_OWNERS 256

struct mc_owner_slot {
	bool used;
	char name[32];
	const void *ops;	/* struct mc_owner_ops (public, issue 3) */
	void *ctx;
};

/* ---- THP and hugetlb (huge_memory.c, hugetlb.c) ------------------------ */
/* transparent_hugepage_flags bits (include/linux/huge_mm.h) */
enum transparent_hugepage_flag {
	TRANSPARENT_HUGEPAGE_UNSUPPORTED,
	TRANSPARENT_HUGEPAGE_FLAG,
	TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG,
	TRANSPARENT_HUGEPAGE_DEFRAG_DIRECT_FLAG,
	TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_FLAG,
	TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_OR_MADV_FLAG,
	TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG,
	TRANSPARENT_HUGEPAGE_DEFRAG_KHUGEPAGED_FLAG,
	TRANSPARENT_HUGEPAGE_USE_ZERO_PAGE_FLAG,
};

/*
 * The hugetlb pool of the one huge page size (include/linux/hugetlb.h).
 * Counts as the kernel's; resv_huge_pages stays 0 (no mmap reservations
 * are modelled).  A free pool page is on hugepage_freelists[nid] through
 * its list links; an in-use one is on no list (the kernel's
 * hugepage_activelist only serves isolation, which uses the links).
 */
struct hstate {
	int next_nid_to_alloc;
	int next_nid_to_free;
	unsigned long max_huge_pages;
	unsigned long nr_huge_pages;
	unsigned long free_huge_pages;
	unsigned long resv_huge_pages;
	unsigned long surplus_huge_pages;
	unsigned long nr_overcommit_huge_pages;
	bool lists_ready;		/* the free list sentinels exist */
	uint32_t hugepage_freelists[MAX_NUMNODES];	/* sentinels */
	unsigned long nr_huge_pages_node[MAX_NUMNODES];
	unsigned long free_huge_pages_node[MAX_NUMNODES];
	unsigned long surplus_huge_pages_node[MAX_NUMNODES];
	pthread_mutex_t resize_lock;	/* threaded machines only */
	pthread_mutex_t lock;		/* hugetlb_lock: threaded only */
};

/*
 * The hugetlb state of a pool folio.  The kernel keeps it in
 * folio->private (enum hugetlb_page_flags); ours holds the owner's cookie,
 * so two attribute bits that mean nothing for a HUGETLB block carry it:
 *  PG_hugetlb_pool   counted in the pool (nr_huge_pages); a HUGETLB block
 *		      without it came from mc_alloc_pages() and is no pool's;
 *  PG_hugetlb_freed  on the pool's free list (the kernel's HPG_freed).
 * Migration carries PG_hugetlb_pool over to the new block (commit_move),
 * as move_hugetlb_state() hands the pool state on; free pool pages are
 * never migrated (dissolve them instead).
 */
#define PG_hugetlb_pool		PG_private
#define PG_hugetlb_freed	PG_reclaim

/* ---- the machine ------------------------------------------------------- */
struct vm_tunables {
	int min_free_kbytes;
	int user_min_free_kbytes;
	int watermark_scale_factor;
	int watermark_boost_factor;
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	int percpu_pagelist_high_fraction;
	int extfrag_threshold;
	int compaction_proactiveness;
	int compact_unevictable_allowed;
	int compact_memory;
	int zone_reclaim_mode;
	int stat_interval;
	/* Ours (memcompact_ prefix in docs): off / kernel value by default. */
	int kcompactd_sleep_millisecs;
	/*
	 * Added with the vm.* table (sysctl.c).  Units as the kernel's
	 * variables: note that stat_interval above is in jiffies (HZ is one
	 * second), like sysctl_stat_interval, and shown in seconds.
	 */
	int min_unmapped_ratio;		/* percent; no model effect yet */
	int min_slab_ratio;		/* percent; no model effect yet */
	int swappiness;
	int vfs_cache_pressure;
	int dirty_ratio;
	int dirty_background_ratio;
	int overcommit_memory;		/* OVERCOMMIT_GUESS/ALWAYS/NEVER */
};

struct mc_machine {
	struct mc_machine_desc desc;
	unsigned int opts;
	uint64_t seed;

	/* geometry */
	unsigned int page_shift;
	unsigned int max_page_order;	/* MAX_PAGE_ORDER */
	unsigned int nr_page_orders;	/* NR_PAGE_ORDERS */
	unsigned int pageblock_order;
	unsigned long pageblock_nr_pages;
	unsigned int hpage_pmd_order;	/* HPAGE_PMD_ORDER */
	bool cma;			/* CONFIG_CMA */
	int nr_migratetypes;		/* printed MIGRATE_TYPES */
	bool page_group_by_mobility_disabled;

	int nr_node_ids;
	struct pglist_data *node_data[MAX_NUMNODES];
	int nr_cpu_ids;
	int cpu_to_node[NR_CPUS];

	/* the memmap: pfns [base_pfn, end_pfn), then the list sentinels */
	unsigned long base_pfn;
	unsigned long end_pfn;
	unsigned long nr_pfns;
	struct page *mem_map;
	size_t memmap_entries;
	size_t memmap_bytes;
	uint32_t sentinel_next;		/* next unused sentinel index */
	uint32_t sentinel_end;
	uint32_t *sentinel_free;	/* recycled dynamic sentinels (stack) */
	uint32_t sentinel_nfree;

	/* pageblock flags and the zone of each pageblock */
	unsigned long nr_pageblocks;
	uint8_t *pageblock_flags;
	uint16_t *pageblock_zone;	/* node * MAX_NR_ZONES + zone; or MIXED */

	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	long vm_stat[NR_VM_STAT_ITEMS];
	unsigned long totalreserve_pages;
	struct vm_tunables sysctl;

	/* time: the clock never reads the wall clock; events run when the
	 * caller advances it (timer.c) */
	uint64_t clock_ns;
	struct evq events;
	bool daemons;			/* kswapd, kcompactd, vmstat worker */
	bool in_events;			/* guard against re-entering mc_advance */

	/* tracing */
	uint64_t trace_enabled[(MC_TRACE_NR_EVENTS + 63) / 64];
	mc_trace_fn trace_fn;
	void *trace_ctx;
	uint64_t trace_entries;

	struct mc_owner_slot owners[MC_MAX_OWNERS];
	struct task_struct default_task;

	/* Hooks of the backend and the daemons (NULL when unused).  A
	 * real-memory backend (src/arena) sets: copy_page, called where
	 * migrate_folio copies the contents; page_alloc_hook, in
	 * post_alloc_hook (kernel_unpoison_pages, __GFP_ZERO);
	 * page_free_hook, in free_pages_prepare (kernel_poison_pages);
	 * api_lock_hook, when a thread first takes the API lock (true) and
	 * when it last releases it (false). */
	void (*copy_page)(struct mc_machine *m, unsigned long dst_pfn,
			  unsigned long src_pfn, unsigned int order);
	void (*page_alloc_hook)(struct mc_machine *m, unsigned long pfn,
				unsigned int order, unsigned int gfp);
	void (*page_free_hook)(struct mc_machine *m, unsigned long pfn,
			       unsigned int order);
	void (*api_lock_hook)(struct mc_machine *m, bool locked);
	void *backend;
	void (*kcompactd_wake)(struct pglist_data *pgdat);

	/* Reclaim model (vmscan.c) */
	uint64_t swap_pages;		/* total swap (0: none) */
	uint64_t swap_used;
	/* @reclaim-machine: reclaim model fields go here */

	/* THP and hugetlb (huge_memory.c, hugetlb.c) */
	/* @huge-machine: THP and hugetlb fields go here */
	unsigned long transparent_hugepage_flags; /* enum transparent_hugepage_flag bits */
	struct hstate hstate;		/* the one hstate: HPAGE_PMD_ORDER */

	/* CMA (cma.c) */
	/* @cma-machine: CMA fields go here */
	struct cma *cma_areas;		/* [cma_area_count], activated at boot */
	unsigned int cma_area_count;

	/* The layout builder (build.c): per-cpu blocks in the order they
	 * were placed, chained through their list links until linked. */
	uint32_t build_pcp_first, build_pcp_last;

	bool threaded;
	pthread_mutex_t sentinel_lock;
	/* The public API's lock (api_lock.c): recursive, threaded machines */
	pthread_mutex_t api_lock;
	unsigned int api_depth;		/* nesting of the holder's calls */
	/* Real time (timer.c, mc_daemons_start): the daemons' own thread */
	struct {
		bool running;
		bool stop;
		pthread_t thread;
		pthread_cond_t cond;	/* CLOCK_MONOTONIC: new events, stop */
		uint64_t base_host_ns;	/* host monotonic time at start */
		uint64_t base_clock_ns;	/* machine clock at start */
	} rt;
	int in_check;		/* recursion guard for MC_OPT_CHECK_EACH_OP */
	mc_report_fn check_fn;	/* where MC_OPT_CHECK_EACH_OP reports */
	void *check_ctx;
	unsigned long check_failures;
	const char *check_first_failure_op;
};

#define PAGEBLOCK_ZONE_MIXED 0xffff
#define PAGEBLOCK_ZONE_NONE 0xfffe	/* no zone spans this pageblock */

/* ---- memmap access (memmap.c) ------------------------------------------ */
static inline struct page *pfn_to_page(const struct mc_machine *m,
				       unsigned long pfn)
{
	return &m->mem_map[pfn - m->base_pfn];
}

static inline unsigned long page_to_pfn(const struct mc_machine *m,
					const struct page *p)
{
	return (unsigned long)(p - m->mem_map) + m->base_pfn;
}

static inline struct page *idx_page(const struct mc_machine *m, uint32_t i)
{
	return &m->mem_map[i];
}

static inline uint32_t page_idx(const struct mc_machine *m,
				const struct page *p)
{
	return (uint32_t)(p - m->mem_map);
}

static inline bool pfn_in_machine(const struct mc_machine *m,
				  unsigned long pfn)
{
	return pfn >= m->base_pfn && pfn < m->end_pfn;
}

/* pfn_valid(): a memmap entry exists and the frame is present. */
static inline bool pfn_valid(const struct mc_machine *m, unsigned long pfn)
{
	return pfn_in_machine(m, pfn) &&
	       page_state(pfn_to_page(m, pfn)) != PS_HOLE;
}

/* The index lists.  @head is a sentinel index; entries are memmap indices. */
static inline void ilist_init(struct mc_machine *m, uint32_t head)
{
	struct page *h = idx_page(m, head);

	h->next = h->prev = head;
}

static inline bool ilist_empty(const struct mc_machine *m, uint32_t head)
{
	return idx_page(m, head)->next == head;
}

static inline void __ilist_add(struct mc_machine *m, uint32_t new,
			       uint32_t prev, uint32_t next)
{
	idx_page(m, next)->prev = new;
	idx_page(m, new)->next = next;
	idx_page(m, new)->prev = prev;
	idx_page(m, prev)->next = new;
}

static inline void ilist_add(struct mc_machine *m, uint32_t new,
			     uint32_t head)
{
	__ilist_add(m, new, head, idx_page(m, head)->next);
}

static inline void ilist_add_tail(struct mc_machine *m, uint32_t new,
				  uint32_t head)
{
	__ilist_add(m, new, idx_page(m, head)->prev, head);
}

static inline void ilist_del(struct mc_machine *m, uint32_t entry)
{
	struct page *e = idx_page(m, entry);

	idx_page(m, e->next)->prev = e->prev;
	idx_page(m, e->prev)->next = e->next;
	e->next = e->prev = LIST_POISON_IDX;
}

static inline void ilist_move_tail(struct mc_machine *m, uint32_t entry,
				   uint32_t head)
{
	ilist_del(m, entry);
	ilist_add_tail(m, entry, head);
}

static inline void ilist_move(struct mc_machine *m, uint32_t entry,
			      uint32_t head)
{
	ilist_del(m, entry);
	ilist_add(m, entry, head);
}

/* First entry or LIST_POISON_IDX when empty. */
static inline uint32_t ilist_first(const struct mc_machine *m, uint32_t head)
{
	uint32_t n = idx_page(m, head)->next;

	return n == head ? LIST_POISON_IDX : n;
}

static inline uint32_t ilist_last(const struct mc_machine *m, uint32_t head)
{
	uint32_t p = idx_page(m, head)->prev;

	return p == head ? LIST_POISON_IDX : p;
}

/* Move all of @list to the tail of @head (list_splice_tail_init). */
void ilist_splice_tail_init(struct mc_machine *m, uint32_t list,
			    uint32_t head);

/* Sentinels for lists that come and go (compaction's lists). */
uint32_t sentinel_get(struct mc_machine *m);
void sentinel_put(struct mc_machine *m, uint32_t s);

/* ---- pageblock flags (memmap.c) --------------------------------------- */
static inline unsigned long pfn_to_pageblock(const struct mc_machine *m,
					     unsigned long pfn)
{
	return (pfn - m->base_pfn) >> m->pageblock_order;
}

static inline int get_pfnblock_migratetype(const struct mc_machine *m,
					   unsigned long pfn)
{
	return __atomic_load_n(&m->pageblock_flags[pfn_to_pageblock(m, pfn)],
			       __ATOMIC_RELAXED) & MIGRATETYPE_MASK;
}

static inline int get_pageblock_migratetype(const struct mc_machine *m,
					    const struct page *page)
{
	return get_pfnblock_migratetype(m, page_to_pfn(m, page));
}

void set_pageblock_migratetype(struct mc_machine *m, unsigned long pfn,
			       int mt);
static inline bool get_pageblock_skip(const struct mc_machine *m,
				      unsigned long pfn)
{
	return __atomic_load_n(&m->pageblock_flags[pfn_to_pageblock(m, pfn)],
			       __ATOMIC_RELAXED) & (1u << PB_migrate_skip);
}
void set_pageblock_skip(struct mc_machine *m, unsigned long pfn);
void clear_pageblock_skip(struct mc_machine *m, unsigned long pfn);

static inline unsigned long pageblock_start_pfn(const struct mc_machine *m,
						unsigned long pfn)
{
	return ALIGN_DOWN(pfn, m->pageblock_nr_pages);
}

/* Note: for an aligned pfn this is pfn + pageblock_nr_pages, as in 6.12. */
static inline unsigned long pageblock_end_pfn(const struct mc_machine *m,
					      unsigned long pfn)
{
	return ALIGN(pfn + 1, m->pageblock_nr_pages);
}

static inline bool pageblock_aligned(const struct mc_machine *m,
				     unsigned long pfn)
{
	return IS_ALIGNED(pfn, m->pageblock_nr_pages);
}

/* The zone a present pfn belongs to (page_zone()). */
struct zone *pfn_zone(const struct mc_machine *m, unsigned long pfn);

static inline struct zone *page_zone(const struct mc_machine *m,
				     const struct page *p)
{
	return pfn_zone(m, page_to_pfn(m, p));
}

/* ---- gfp helpers (include/linux/gfp.h) ------------------------------- */
static inline int gfp_migratetype(const struct mc_machine *m, gfp_t gfp)
{
	if (unlikely(m->page_group_by_mobility_disabled))
		return MIGRATE_UNMOVABLE;
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

enum zone_type gfp_zone(gfp_t flags);

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

static inline bool gfp_compaction_allowed(gfp_t gfp)
{
	return gfp & __GFP_IO;
}

/* The value printed for a migratetype (kernel enum of this config). */
static inline int migratetype_abi(const struct mc_machine *m, int mt)
{
	if (!m->cma && mt == MIGRATE_ISOLATE)
		return MIGRATE_CMA;
	return mt;
}

/* ---- locks ------------------------------------------------------------- */
static inline void zone_lock(struct zone *z)
{
	if (z->m->threaded)
		pthread_mutex_lock(&z->lock);
}

static inline void zone_unlock(struct zone *z)
{
	if (z->m->threaded)
		pthread_mutex_unlock(&z->lock);
}

static inline bool zone_trylock(struct zone *z)
{
	if (z->m->threaded)
		return pthread_mutex_trylock(&z->lock) == 0;
	return true;
}

/* ---- vmstat (vmstat.c) ------------------------------------------------- */
static inline void __mod_zone_page_state(struct zone *z,
					 enum zone_stat_item item, long delta)
{
	z->vm_stat[item] += delta;
}

static inline unsigned long zone_page_state(const struct zone *z,
					    enum zone_stat_item item)
{
	long x = z->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

static inline void __mod_node_page_state(struct pglist_data *pgdat,
					 enum node_stat_item item, long delta)
{
	pgdat->vm_stat[item] += delta;
}

static inline unsigned long node_page_state(const struct pglist_data *pgdat,
					    enum node_stat_item item)
{
	long x = pgdat->vm_stat[item];

	return x < 0 ? 0 : (unsigned long)x;
}

static inline void __count_vm_events(struct mc_machine *m,
				     enum vm_event_item item, long delta)
{
	m->vm_events[item] += (unsigned long)delta;
}
#define count_vm_event(m, item) __count_vm_events(m, item, 1)
#define count_vm_events(m, item, d) __count_vm_events(m, item, d)

/* Sum of a zone stat over all zones of all nodes (global_zone_page_state). */
unsigned long global_zone_page_state(const struct mc_machine *m,
				     enum zone_stat_item item);
unsigned long global_node_page_state(const struct mc_machine *m,
				     enum node_stat_item item);

/* ---- contig page info (mm/vmstat.c) ------------------------------------ */
struct contig_page_info {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};
void fill_contig_page_info(struct zone *zone, unsigned int suitable_order,
			   struct contig_page_info *info);
int __fragmentation_index(unsigned int order, struct contig_page_info *info);
int fragmentation_index(struct zone *zone, unsigned int order);
unsigned int extfrag_for_order(struct zone *zone, unsigned int order);

/* ---- page_alloc.c ------------------------------------------------------ */
struct page *__alloc_pages(struct mc_machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid);
/* As __alloc_pages; *would_hang reports a __GFP_NOFAIL request that the
 * kernel would retry forever. */
struct page *__alloc_pages_ctx(struct mc_machine *m, gfp_t gfp,
			       unsigned int order, int preferred_nid,
			       bool *would_hang);
void __free_pages(struct mc_machine *m, struct page *page,
		  unsigned int order);
void free_unref_page(struct mc_machine *m, struct page *page,
		     unsigned int order);
#define FOLIO_BATCH_SIZE 31	/* PAGEVEC_SIZE */
void free_unref_folios(struct mc_machine *m, struct page **folios, int nr);
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, unsigned int fpi);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
		   unsigned int order, unsigned int fpi);
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order,
				    int alloc_flags,
				    const struct alloc_context *ac);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				int migratetype);
int find_suitable_fallback(struct free_area *area, unsigned int order,
			   int migratetype, bool only_stealable,
			   bool *can_steal);
bool __zone_watermark_ok(struct zone *z, unsigned int order,
			 unsigned long mark, int highest_zoneidx,
			 unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
bool zone_watermark_ok_safe(struct zone *z, unsigned int order,
			    unsigned long mark, int highest_zoneidx);
unsigned int __isolate_free_page(struct mc_machine *m, struct page *page,
				 unsigned int order);
void __putback_isolated_page(struct mc_machine *m, struct page *page,
			     unsigned int order, int mt);
void split_page(struct mc_machine *m, struct page *page, unsigned int order);
bool move_freepages_block_isolate(struct zone *zone, struct page *page,
				  int migratetype);
unsigned long find_large_buddy(struct mc_machine *m, unsigned long start_pfn);
bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp);
/* An arena's per-cpu fast path (page_alloc.c, used by src/arena). */
struct pcp_fast_events {
	long pgalloc, pgfree, numa_hit, numa_local, numa_other;
};
struct page *pcp_fast_alloc(struct zone *zone, int cpu, int migratetype,
			    gfp_t gfp, struct pcp_fast_events *ev);
bool pcp_fast_free(struct zone *zone, int cpu, struct page *page,
		   struct pcp_fast_events *ev);
void pcp_fast_fold(struct zone *zone, struct pcp_fast_events *ev);
struct page *take_free_block(struct zone *zone, unsigned long pfn,
			     unsigned int order, gfp_t gfp);
bool gfp_pfmemalloc_allowed(gfp_t gfp_mask);
struct zoneref *first_zones_zonelist(struct zonelist *zl,
				     enum zone_type highest_zoneidx);
static inline struct zonelist *node_zonelist(struct mc_machine *m, int nid,
					     gfp_t flags)
{
	return &m->node_data[nid]->node_zonelists[(flags & __GFP_THISNODE) ?
						  ZONELIST_NOFALLBACK :
						  ZONELIST_FALLBACK];
}
/* Iterate the zones of a zonelist with index <= highest (no nodemask). */
#define for_each_zone_zonelist(zone, z, zl, highest)			\
	for ((z) = (zl)->_zonerefs; ((zone) = (z)->zone) != NULL; (z)++)	\
		if ((z)->zone_idx > (int)(highest)) {} else
int move_freepages_block(struct zone *zone, struct page *page, int old_mt,
			 int new_mt);
void drain_all_pages(struct mc_machine *m, struct zone *zone);
void drain_zone_pages_cpu(struct zone *zone, int cpu);
void drain_zone_pages(struct zone *zone, struct per_cpu_pages *pcp);
void setup_per_zone_wmarks(struct mc_machine *m);
void setup_per_zone_lowmem_reserve(struct mc_machine *m);
void calculate_min_free_kbytes(struct mc_machine *m);
void zone_pcp_update_all(struct mc_machine *m);
int zone_batchsize(struct zone *zone);
int zone_highsize(struct zone *zone, int batch, int cpu_online,
		  int high_fraction);
unsigned long nr_free_buffer_pages(struct mc_machine *m);
bool pcp_allowed_order(const struct mc_machine *m, unsigned int order);
void prep_new_page(struct mc_machine *m, struct page *page,
		   unsigned int order, gfp_t gfp, unsigned int alloc_flags);
int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order);
void page_alloc_init_machine(struct mc_machine *m);
void set_recommended_min_free_kbytes(struct mc_machine *m);
int memcompact_build_zonelists(struct mc_machine *m);
void memblock_free_all(struct mc_machine *m);

/* ---- the slow path's collaborators (compaction.c, vmscan.c) ------------ */
/* Until compaction and reclaim exist these return "nothing done". */
struct page *__alloc_pages_direct_compact(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  enum compact_priority prio,
					  enum compact_result *compact_result);
bool should_compact_retry(struct alloc_context *ac, int order,
			  int alloc_flags, enum compact_result compact_result,
			  enum compact_priority *compact_priority,
			  int *compaction_retries);
bool compaction_zonelist_suitable(struct alloc_context *ac, int order,
				  int alloc_flags);
unsigned long try_to_free_pages(struct mc_machine *m, struct zonelist *zl,
				int order, gfp_t gfp_mask, int nid);
void wakeup_kswapd(struct zone *zone, gfp_t gfp_flags, int order,
		   enum zone_type highest_zoneidx);
unsigned long zone_reclaimable_pages(struct zone *zone);

/* ---- migrate.c ---------------------------------------------------------- */
typedef struct page *(*new_folio_t)(struct page *src, unsigned long private);
typedef void (*free_folio_t)(struct page *dst, unsigned long private);
int migrate_pages(struct mc_machine *m, uint32_t from,
		  new_folio_t get_new_folio, free_folio_t put_new_folio,
		  unsigned long private, enum migrate_mode mode, int reason,
		  unsigned int *ret_succeeded);
void putback_movable_pages(struct mc_machine *m, uint32_t list);
bool isolate_movable_page(struct mc_machine *m, struct page *page, int mode);
void isolate_lru_folio(struct mc_machine *m, struct page *folio);

/* ---- compaction.c ------------------------------------------------------- */
void defer_compaction(struct zone *zone, int order);
bool compaction_deferred(struct zone *zone, int order);
void compaction_defer_reset(struct zone *zone, int order, bool alloc_success);
void reset_isolation_suitable(struct pglist_data *pgdat);
bool compaction_suitable(struct zone *zone, int order, int highest_zoneidx);
enum compact_result compact_zone(struct compact_control *cc,
				 struct capture_control *capc);
enum compact_result try_to_compact_pages(gfp_t gfp_mask, unsigned int order,
					 unsigned int alloc_flags,
					 const struct alloc_context *ac,
					 enum compact_priority prio,
					 struct page **capture);
int compact_node(struct pglist_data *pgdat, bool proactive);
int compact_nodes(struct mc_machine *m);
unsigned long isolate_freepages_range(struct compact_control *cc,
				      unsigned long start_pfn,
				      unsigned long end_pfn);
int isolate_migratepages_range(struct compact_control *cc,
			       unsigned long start_pfn, unsigned long end_pfn);
unsigned int fragmentation_score_zone(struct zone *zone);
unsigned int fragmentation_score_node(struct pglist_data *pgdat);
unsigned int fragmentation_score_wmark(const struct mc_machine *m, bool low);
bool should_proactive_compact_node(struct pglist_data *pgdat);
void kcompactd_do_work(struct pglist_data *pgdat);
bool kcompactd_work_requested(struct pglist_data *pgdat);
void wakeup_kcompactd(struct pglist_data *pgdat, int order,
		      int highest_zoneidx);
void compaction_proactiveness_changed(struct mc_machine *m, int old, int new);

/* ---- page_isolation.c, contig.c, cma.c: contiguous ranges and CMA ------ */
#define NUMA_NO_NODE	(-1)
/* start_isolate_page_range() flags (include/linux/page-isolation.h) */
#define MEMORY_OFFLINE	0x1
#define REPORT_FAILURE	0x2
int start_isolate_page_range(struct mc_machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype, int flags,
			     gfp_t gfp_flags);
void undo_isolate_page_range(struct mc_machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype);
int test_pages_isolated(struct mc_machine *m, unsigned long start_pfn,
			unsigned long end_pfn, int isol_flags);
int alloc_contig_range(struct mc_machine *m, unsigned long start,
		       unsigned long end, int migratetype, gfp_t gfp_mask);
struct page *alloc_contig_pages(struct mc_machine *m, unsigned long nr_pages,
				gfp_t gfp_mask, int nid);
void free_contig_range(struct mc_machine *m, unsigned long pfn,
		       unsigned long nr_pages);
/* The pages free_contig_range() takes: 0, -EINVAL or -EBUSY (isolated). */
int contig_range_check_allocated(const struct mc_machine *m, uint64_t pfn,
				 uint64_t nr_pages);
void contig_set_owner(struct mc_machine *m, unsigned long start,
		      unsigned long nr, const struct mc_contig_owner *own);
/* mm/migrate.c's target allocator, for migrate_pages() (private: &mtc). */
struct migration_target_control {
	struct mc_machine *m;
	int nid;			/* NUMA_NO_NODE: the source's node */
	gfp_t gfp_mask;
	enum migrate_reason reason;
};
struct page *alloc_migration_target(struct page *src, unsigned long private);
/* alloc_contig mode of the migration scanner: 0, -EBUSY or -ENOMEM. */
int isolate_or_dissolve_huge_page(struct mc_machine *m, struct page *page,
				  uint32_t list);
/* cma.c: placement (also for mc_desc_validate; @base may be NULL), boot
 * (declare before memblock_free_all, which skips the areas; activate
 * after it), teardown, allocation. */
int cma_place_areas(const struct mc_machine_desc *d, uint64_t *base,
		    struct mc_error *err);
int cma_declare_areas(struct mc_machine *m, struct mc_error *err);
bool cma_reserved_overlap(const struct mc_machine *m, unsigned long start,
			  unsigned long end, unsigned long *cs,
			  unsigned long *ce);
int cma_init_reserved_areas(struct mc_machine *m);
void cma_free_areas(struct mc_machine *m);
struct cma;
unsigned long __cma_alloc(struct mc_machine *m, struct cma *cma,
			  unsigned long count, unsigned int align, gfp_t gfp,
			  int *err);
bool cma_release(struct mc_machine *m, struct cma *cma, unsigned long pfn,
		 unsigned long count);

/* ---- the machine (machine.c) ------------------------------------------- */
struct mc_machine *machine_alloc(const struct mc_machine_desc *desc,
				 const struct mc_options *opts,
				 struct mc_error *err);
void machine_free(struct mc_machine *m);
int derive_geometry(const struct mc_machine_desc *desc, unsigned *max_order,
		    unsigned *pb_order, unsigned *pmd_order,
		    struct mc_error *err);
void mc_err(struct mc_error *err, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- page_state.c ------------------------------------------------------- */
void page_stat_apply(const struct mc_machine *m, const struct page *head,
		     unsigned int order, long sign,
		     void (*zone_add)(void *ctx, int item, long delta),
		     void (*node_add)(void *ctx, int item, long delta),
		     void *ctx);
/* Counters and LRU list membership: +1 adds the block (to the head of its
 * list), -1 removes it. */
void page_stat_account(struct mc_machine *m, struct page *head, long sign);
/* The counters only: for a change that must not move the block within
 * its LRU list (see page_lru_update). */
void __page_stat_account(struct mc_machine *m, struct page *head, long sign);
/* After a flag change: move the block if its list changed. */
void page_lru_update(struct mc_machine *m, struct page *head, int old_list);
/* The list an allocated block belongs on, or -1. */
int lru_list_of(const struct page *head);
unsigned long folio_nr_pages_of(const struct page *head);

/* ---- api.c: entering the model -------------------------------------------- */
/* Run the model as a task on @cpu; restore the previous task after. */
struct task_scope {
	struct task_struct task;
	struct task_struct *prev;
};
void task_enter(struct mc_machine *m, struct task_scope *ts, int cpu);
/* Run as a kernel thread's own task (kcompactd, kswapd). */
void task_enter_kthread(struct task_scope *ts, struct task_struct *task);
void task_leave(struct task_scope *ts);

/* ---- sysctl.c ----------------------------------------------------------- */
void sysctl_init_defaults(struct mc_machine *m);

/* ---- check.c ------------------------------------------------------------ */
int machine_check(struct mc_machine *m, mc_report_fn fn, void *ctx);
void debug_check_op(struct mc_machine *m, const char *op);

/* ---- trace.c ------------------------------------------------------------ */
static inline bool trace_enabled(const struct mc_machine *m,
				 enum mc_trace_id id)
{
	return m->trace_fn && (m->trace_enabled[id / 64] >> (id % 64) & 1);
}
void trace_emit(struct mc_machine *m, enum mc_trace_id id, int nargs,
		const int64_t *args, const char *str);
#define TRACE(m, name, ...)						\
	do {								\
		if (unlikely(trace_enabled(m, MC_TRACE_##name))) {	\
			const int64_t a_[] = { __VA_ARGS__ };		\
			trace_emit(m, MC_TRACE_##name, ARRAY_SIZE(a_),	\
				   a_, NULL);				\
		}							\
	} while (0)

/* ---- timer.c: the clock and the event queue ------------------------------ */
enum mc_event_type {
	EV_KCOMPACTD,		/* kcompactd's timeout or wakeup (arg: nid) */
	EV_KSWAPD,		/* kswapd's wakeup or nap end (arg: nid) */
	EV_VMSTAT,		/* the vmstat shepherd (every stat_interval) */
	EV_WRITEBACK,		/* writeback completions (reclaim model) */
};
#define NSEC_PER_JIFFY (1000000000ull / HZ)
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
void timer_init_machine(struct mc_machine *m);
/* Schedule @type at @when_ns (never in the past: now at the earliest). */
int timer_schedule(struct mc_machine *m, uint64_t when_ns, int type, int arg,
		   uint64_t gen);
/* The ns at which a timeout of @jiffies from now expires. */
uint64_t timer_expiry(const struct mc_machine *m, long jiffies);
uint64_t timer_rt_now(const struct mc_machine *m);
void timer_rt_sync(struct mc_machine *m);
static inline long msecs_to_jiffies(unsigned int ms)
{
	return (long)((ms + (1000 / HZ) - 1) / (1000 / HZ));
}
/* kcompactd (compaction.c) */
void kcompactd_init_node(struct pglist_data *pgdat);
void kcompactd_event(struct pglist_data *pgdat, uint64_t gen);
void kcompactd_wake_event(struct pglist_data *pgdat);
/* the vmstat worker (vmstat.c) */
void vmstat_shepherd_event(struct mc_machine *m);

/* kswapd and writeback completion (vmscan.c) */
void kswapd_init_node(struct pglist_data *pgdat);
void kswapd_event(struct pglist_data *pgdat, uint64_t gen);
void writeback_event(struct mc_machine *m, int arg);
/* folio_end_writeback(): the I/O ended (the model's or the owner's) */
void folio_end_writeback(struct mc_machine *m, struct page *folio);
/* vm.drop_caches: 1 page cache, 2 slab, 4 quiet (fs/drop_caches.c) */
void drop_caches(struct mc_machine *m, int mode);

/* ---- sysfs.c: sysfs files, dispatched by path ----------------------------- */
/* @sysfs-decls: each area registers its sysfs handlers here */
/* hugetlb: free pool pages can be dissolved back to the buddy for a
 * contiguous range (hugetlb.c); 0 or -EBUSY.  @page may be any page of
 * the block; 0 also for a page that is not hugetlb at all.  The caller
 * runs as a task and holds no zone lock (the page is freed).  A free pool
 * page is on the pool's free list through its list links: never isolate
 * one (ilist_add onto a migration list), dissolve it. */
int dissolve_free_hugetlb_folio(struct mc_machine *m, struct page *page);
/* hugetlb: is this hugetlb block a free pool page (not in use)? */
bool hugetlb_folio_is_free(const struct mc_machine *m, const struct page *page);
/* sysfs_emit(): @fmt's text into @buf of @len bytes (NUL included); its
 * length, or -ENOSPC when it does not fit (sysfs.c). */
int sysfs_emit_text(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* transparent_hugepage/enabled and defrag (huge_memory.c) */
int thp_enabled_show(struct mc_machine *m, int arg, char *buf, size_t len);
int thp_enabled_store(struct mc_machine *m, int arg, const char *buf,
		      size_t len);
int thp_defrag_show(struct mc_machine *m, int arg, char *buf, size_t len);
int thp_defrag_store(struct mc_machine *m, int arg, const char *buf,
		     size_t len);
/* hugepages/hugepages-<arg>kB/... (hugetlb.c) */
int hugetlb_nr_hugepages_show(struct mc_machine *m, int arg, char *buf,
			      size_t len);
int hugetlb_nr_hugepages_store(struct mc_machine *m, int arg, const char *buf,
			       size_t len);
int hugetlb_free_hugepages_show(struct mc_machine *m, int arg, char *buf,
				size_t len);
int hugetlb_surplus_hugepages_show(struct mc_machine *m, int arg, char *buf,
				   size_t len);
int hugetlb_nr_overcommit_show(struct mc_machine *m, int arg, char *buf,
			       size_t len);
int hugetlb_nr_overcommit_store(struct mc_machine *m, int arg, const char *buf,
				size_t len);

/* ---- huge_memory.c, hugetlb.c: the rest ---------------------------------- */
/* Boot defaults: THP flags (hugepage_init), the hstate (hugetlb_init). */
void thp_init_defaults(struct mc_machine *m);
void hugetlb_init_defaults(struct mc_machine *m);
/* khugepaged.c:hugepage_pmd_enabled(): THP "always" or "madvise". */
bool hugepage_pmd_enabled(const struct mc_machine *m);
/* The THP fault's gfp for the defrag mode (huge_memory.c). */
gfp_t vma_thp_gfp_mask(const struct mc_machine *m, bool madvised);
/* vm.nr_hugepages (hugetlb_sysctl_handler_common) and
 * vm.nr_overcommit_hugepages (hugetlb_overcommit_handler): the values and
 * the stores, called by sysctl.c's handlers after parsing. */
unsigned long hugetlb_sysctl_max_huge_pages(struct mc_machine *m);
int hugetlb_sysctl_set_nr_hugepages(struct mc_machine *m,
				    unsigned long count);
unsigned long hugetlb_sysctl_nr_overcommit(struct mc_machine *m);
int hugetlb_sysctl_set_nr_overcommit(struct mc_machine *m,
				     unsigned long count);
/* Pool pages must not be freed with mc_free_pages() (api.c). */
static inline bool folio_test_hugetlb_pool(const struct page *folio)
{
	return page_state(folio) == PS_ALLOC &&
	       page_kind(folio) == MC_PAGE_HUGETLB &&
	       page_test_flag(folio, PG_hugetlb_pool);
}
/* After a pool page moved from @old to @new (migrate.c). */
void move_hugetlb_state(struct mc_machine *m, struct page *old,
			struct page *new);
/* The invariants of the pool: free lists, per-node counts, totals. */
int hugetlb_check(struct mc_machine *m, mc_report_fn fn, void *ctx);
/* The pool from the page frames (snapshot import); @surplus per node. */
int hugetlb_pool_rebuild(struct mc_machine *m, const unsigned long *surplus);

/* ---- vmstat.c: counter names for the snapshot import -------------------- */
enum vmstat_class {
	VMSTAT_CLASS_ZONE,
	VMSTAT_CLASS_NUMA,
	VMSTAT_CLASS_NODE,
	VMSTAT_CLASS_VM,
	VMSTAT_CLASS_EVENT,
};
int vmstat_lookup(const char *name, size_t len, int *cls, int *idx);
bool vmstat_node_item_in_thp(int item);
const char *vmstat_node_item_name(int item);
const char *vmstat_migratetype_name(int mt);
void calculate_totalreserve_pages(struct mc_machine *m);

/* ---- clock --------------------------------------------------------------- */
static inline unsigned long jiffies(const struct mc_machine *m)
{
	return (unsigned long)(m->clock_ns / (1000000000ull / HZ));
}

#include "mm/api_unlocked.h"

#endif /* MC_MM_INTERNAL_H */
