/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memcompact.h - the one public header of memcompact.
 *
 * memcompact is the Linux 6.12 physical page allocator and its memory
 * compaction subsystem rebuilt as a user-space library.  A "machine" is one
 * isolated allocator instance: nodes, zones, page frames, per-cpu lists,
 * counters, tunables and tracepoints, behaving as Linux 6.12.117 does.
 *
 * Conventions:
 *  - Functions return 0 or a negative errno; multi-way outcomes are enums.
 *  - The library never prints and never exits.  Text (the /proc files,
 *    ftrace lines, error messages) is handed to callbacks or buffers.
 *  - Page frames are named by their pfn (uint64_t).
 *  - A machine is not thread-safe unless it was created with
 *    MC_OPT_THREADED; see docs/guarantees.md.
 */
#ifndef MEMCOMPACT_H
#define MEMCOMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEMCOMPACT_VERSION_MAJOR 0
#define MEMCOMPACT_VERSION_MINOR 1
#define MEMCOMPACT_VERSION_PATCH 0
/* The kernel release whose behaviour and formats memcompact reproduces. */
#define MEMCOMPACT_KERNEL_VERSION "6.12.117"

#if defined(MEMCOMPACT_BUILD)
#define MEMCOMPACT_API __attribute__((visibility("default")))
#else
#define MEMCOMPACT_API
#endif

/** mc_version() - the library version as "MAJOR.MINOR.PATCH". */
MEMCOMPACT_API const char *mc_version(void);

struct mc_machine;

/* ------------------------------------------------------------------------
 * Errors with a place.  Parsers (zoneinfo, presets, sysctl.conf, scenarios)
 * fill one of these when they reject their input.
 */
struct mc_error {
	char file[256];	/* name of the input ("<preset>", a path, ...) */
	int line;	/* 1-based line, 0 when not line-oriented */
	char msg[256];	/* what is wrong */
};

/* ------------------------------------------------------------------------
 * GFP flags: the kernel's values (include/linux/gfp_types.h, x86_64,
 * Debian's 6.12 config).  MC_GFP_<X> is the kernel's __GFP_<X> or GFP_<X>.
 */
#define MC_GFP_DMA		0x01u
#define MC_GFP_HIGHMEM		0x02u
#define MC_GFP_DMA32		0x04u
#define MC_GFP_MOVABLE		0x08u
#define MC_GFP_RECLAIMABLE	0x10u
#define MC_GFP_HIGH		0x20u
#define MC_GFP_IO		0x40u
#define MC_GFP_FS		0x80u
#define MC_GFP_ZERO		0x100u
#define MC_GFP_DIRECT_RECLAIM	0x400u
#define MC_GFP_KSWAPD_RECLAIM	0x800u
#define MC_GFP_WRITE		0x1000u
#define MC_GFP_NOWARN		0x2000u
#define MC_GFP_RETRY_MAYFAIL	0x4000u
#define MC_GFP_NOFAIL		0x8000u
#define MC_GFP_NORETRY		0x10000u
#define MC_GFP_MEMALLOC		0x20000u
#define MC_GFP_COMP		0x40000u
#define MC_GFP_NOMEMALLOC	0x80000u
#define MC_GFP_HARDWALL		0x100000u
#define MC_GFP_THISNODE		0x200000u
#define MC_GFP_ACCOUNT		0x400000u
#define MC_GFP_ZEROTAGS		0x800000u
#define MC_GFP_RECLAIM		(MC_GFP_DIRECT_RECLAIM | MC_GFP_KSWAPD_RECLAIM)

#define MC_GFP_ATOMIC		(MC_GFP_HIGH | MC_GFP_KSWAPD_RECLAIM)
#define MC_GFP_KERNEL		(MC_GFP_RECLAIM | MC_GFP_IO | MC_GFP_FS)
#define MC_GFP_KERNEL_ACCOUNT	(MC_GFP_KERNEL | MC_GFP_ACCOUNT)
#define MC_GFP_NOWAIT		(MC_GFP_KSWAPD_RECLAIM | MC_GFP_NOWARN)
#define MC_GFP_NOIO		(MC_GFP_RECLAIM)
#define MC_GFP_NOFS		(MC_GFP_RECLAIM | MC_GFP_IO)
#define MC_GFP_USER		(MC_GFP_RECLAIM | MC_GFP_IO | MC_GFP_FS | \
				 MC_GFP_HARDWALL)
#define MC_GFP_HIGHUSER		(MC_GFP_USER | MC_GFP_HIGHMEM)
#define MC_GFP_HIGHUSER_MOVABLE	(MC_GFP_HIGHUSER | MC_GFP_MOVABLE)
#define MC_GFP_TRANSHUGE_LIGHT	((MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP | \
				  MC_GFP_NOMEMALLOC | MC_GFP_NOWARN) & \
				 ~MC_GFP_RECLAIM)
#define MC_GFP_TRANSHUGE	(MC_GFP_TRANSHUGE_LIGHT | MC_GFP_DIRECT_RECLAIM)

/**
 * mc_gfp_parse() - parse "GFP_KERNEL|__GFP_NOWARN" or a number (0x...).
 * Names are the kernel's (with or without the MC_ prefix).  Returns 0 and
 * stores the mask, or -EINVAL naming the bad token in @err (may be NULL).
 */
MEMCOMPACT_API int mc_gfp_parse(const char *text, uint32_t *gfp,
				struct mc_error *err);
/** mc_gfp_format() - the kernel's show_gfp_flags() text for @gfp. */
MEMCOMPACT_API int mc_gfp_format(uint32_t gfp, char *buf, size_t len);

/* ------------------------------------------------------------------------
 * Machine description: nodes, zones, page size.  Presets and zoneinfo
 * files produce one; a caller may also fill it by hand.
 */
#define MC_MAX_NR_ZONES		5	/* DMA, DMA32, Normal, Movable, Device */
#define MC_MAX_NODES		64
#define MC_MAX_CPUS		256
#define MC_MAX_RANGES		64

enum mc_zone_type {
	MC_ZONE_DMA,
	MC_ZONE_DMA32,
	MC_ZONE_NORMAL,
	MC_ZONE_MOVABLE,
	MC_ZONE_DEVICE,
};

struct mc_pfn_range {
	uint64_t start_pfn;	/* first pfn */
	uint64_t end_pfn;	/* one past the last pfn */
};

struct mc_zone_desc {
	uint64_t start_pfn;	/* zone_start_pfn */
	uint64_t spanned;	/* spanned_pages: end - start, holes included */
	uint64_t present;	/* present_pages: spanned minus holes */
	uint64_t managed;	/* managed_pages: present minus reserved */
};

struct mc_node_desc {
	struct mc_zone_desc zones[MC_MAX_NR_ZONES];
	/* Holes (absent pfns).  When nr_holes is 0 and present < spanned the
	 * holes are placed at the end of each zone. */
	unsigned nr_holes;
	struct mc_pfn_range holes[MC_MAX_RANGES];
	/* Reserved (present, never given to the buddy allocator).  When
	 * nr_reserved is 0 the present - managed pages of each zone are
	 * placed at the start of the zone's first present range. */
	unsigned nr_reserved;
	struct mc_pfn_range reserved[MC_MAX_RANGES];
};

struct mc_machine_desc {
	char name[64];
	char arch[16];		/* "x86_64" or "arm64": informational */
	unsigned page_shift;	/* 12 (4K), 14 (16K) or 16 (64K) */
	unsigned max_page_order;  /* MAX_PAGE_ORDER; 0 = derive from arch */
	unsigned pageblock_order; /* 0 = derive (min(HPAGE_PMD_ORDER, MAX)) */
	unsigned nr_nodes;
	unsigned nr_cpus;
	int cpu_to_node[MC_MAX_CPUS];	/* -1 = spread evenly */
	struct mc_node_desc nodes[MC_MAX_NODES];
	/* CONFIG_CMA: off in Debian's amd64 config; on adds MIGRATE_CMA. */
	bool cma;
	/* CMA areas reserved at boot (with cma = true), as cma= or a device
	 * tree reserved-memory node would declare them. */
	unsigned nr_cma_areas;
	struct mc_cma_desc {
		char name[32];
		uint64_t base_pfn;	/* 0: placed as the kernel places
					 * cma=SIZE: x86_64 bottom-up from
					 * 4 GiB when DRAM reaches 4 GiB +
					 * size, else top-down below the end
					 * of DRAM; arm64 top-down below the
					 * end of ZONE_DMA (cma.c).  Else
					 * fixed there (reserved-memory). */
		uint64_t pages;		/* a multiple of the pageblock size */
		int nid;		/* -1: any node (cma=), else that
					 * node (numa_cma=) */
	} cma_areas[8];
};

/**
 * mc_desc_preset() - fill @desc from a named preset.
 * @spec: "pc:SIZE" (x86_64 PC, e.g. "pc:16G", "pc:512M"), "pc-numa:NxSIZE"
 *	(N nodes of SIZE each, e.g. "pc-numa:2x8G"), "arm64-4k:SIZE",
 *	"arm64-16k:SIZE", "arm64-64k:SIZE", "rock5b+" (Radxa Rock 5B+, 16 GiB).
 *	An optional ",cpus=N" suffix sets the CPU count.
 * Returns 0, or -EINVAL with @err naming the problem.
 */
MEMCOMPACT_API int mc_desc_preset(const char *spec,
				  struct mc_machine_desc *desc,
				  struct mc_error *err);

/**
 * mc_desc_from_zoneinfo() - build @desc from the text of a /proc/zoneinfo.
 * @name: shown in errors (normally the file's path).
 * Zone start_pfn, spanned, present and managed are read per zone; the
 * number of CPUs from the pagesets section.  Returns 0 or -EINVAL with
 * @err naming @name, the line and the problem.
 */
MEMCOMPACT_API int mc_desc_from_zoneinfo(const char *text, size_t len,
					 const char *name,
					 struct mc_machine_desc *desc,
					 struct mc_error *err);

/** mc_desc_validate() - check a description; -EINVAL with a reason. */
MEMCOMPACT_API int mc_desc_validate(const struct mc_machine_desc *desc,
				    struct mc_error *err);

/* ------------------------------------------------------------------------
 * Creating a machine.
 */
#define MC_OPT_CHECK_EACH_OP	(1u << 0)  /* run mc_check() after every op */
#define MC_OPT_THREADED		(1u << 1)  /* real locks: callers may race */
#define MC_OPT_NO_THP_MINFREE	(1u << 2)  /* skip khugepaged's min_free raise */
#define MC_OPT_NO_DAEMONS	(1u << 3)  /* no kswapd, kcompactd, vmstat worker */

struct mc_options {
	uint64_t seed;		/* every random choice derives from it */
	unsigned flags;		/* MC_OPT_* */
	/* Swap space in pages: with swap, reclaim may take anonymous pages
	 * (their owner is asked to drop them).  0: no swap. */
	uint64_t swap_pages;
};

MEMCOMPACT_API int mc_machine_create(const struct mc_machine_desc *desc,
				     const struct mc_options *opts,
				     struct mc_machine **out,
				     struct mc_error *err);
MEMCOMPACT_API void mc_machine_destroy(struct mc_machine *m);

/** Geometry of a machine. */
struct mc_geometry {
	unsigned page_shift;
	unsigned max_page_order;	/* MAX_PAGE_ORDER */
	unsigned nr_page_orders;	/* NR_PAGE_ORDERS */
	unsigned pageblock_order;
	unsigned hpage_pmd_order;
	unsigned nr_nodes;
	unsigned nr_cpus;
	unsigned nr_migratetypes;	/* MIGRATE_TYPES: 5, or 6 with CMA */
	uint64_t start_pfn;		/* lowest pfn of the machine */
	uint64_t end_pfn;		/* one past the highest pfn */
	size_t struct_page_size;	/* bytes of metadata per page frame */
	size_t memmap_bytes;		/* bytes allocated for page metadata */
};
MEMCOMPACT_API void mc_machine_geometry(const struct mc_machine *m,
					struct mc_geometry *g);

/* ------------------------------------------------------------------------
 * Allocation and free.
 *
 * Every allocated block names an owner (a slot registered with
 * mc_owner_register(); 0 means "no owner operations") and a kind that
 * decides movability as in the kernel.  Movability follows the kind, not
 * the owner: ANON and FILE blocks of owner 0 are migrated too, without
 * anyone being told; MOVABLE_OPS blocks of owner 0 never move (there is
 * no isolate operation to ask).
 */
enum mc_page_kind {
	MC_PAGE_KERNEL,		/* unmovable kernel memory (page tables ...) */
	MC_PAGE_SLAB,		/* unreclaimable slab: unmovable */
	MC_PAGE_SLAB_RECLAIMABLE, /* reclaimable slab: shrinkable, unmovable */
	MC_PAGE_ANON,		/* anonymous memory on the LRU: movable */
	MC_PAGE_FILE,		/* page cache on the LRU: movable, reclaimable */
	MC_PAGE_MOVABLE_OPS,	/* non-LRU movable (zsmalloc, balloon) */
	MC_PAGE_HUGETLB,	/* hugetlb pool page */
	MC_PAGE_NR_KINDS
};

struct mc_alloc_request {
	uint32_t gfp;		/* MC_GFP_* */
	unsigned order;		/* 0 .. MAX_PAGE_ORDER */
	int nid;		/* preferred node; -1 = the CPU's node */
	int cpu;		/* the CPU the request runs on */
	unsigned owner;		/* owner slot; 0 = kernel */
	enum mc_page_kind kind;
	uint32_t cookie;	/* the owner's reference for this block */
};

/**
 * mc_alloc_pages() - allocate 2^order pages as the kernel's alloc_pages().
 * Returns 0 and the first pfn in @pfn; -ENOMEM when the kernel would have
 * returned NULL; -EINVAL for bad arguments (nothing changes).
 */
MEMCOMPACT_API int mc_alloc_pages(struct mc_machine *m,
				  const struct mc_alloc_request *req,
				  uint64_t *pfn);
/**
 * mc_free_pages() - free a block returned by mc_alloc_pages().
 * @pfn and @order must name exactly an allocated block; else -EINVAL.
 */
MEMCOMPACT_API int mc_free_pages(struct mc_machine *m, uint64_t pfn,
				 unsigned order, int cpu);

/**
 * mc_free_pages_bulk() - free many blocks at once, as release_pages() does
 * when a range is unmapped: batches of 31 folios, mm_page_free for each
 * and mm_page_free_batched for those that go to the per-cpu lists.  Every
 * pfn must be the first pfn of an allocated block, each only once; else
 * -EINVAL (or -EBUSY for a block isolated for migration) and nothing is
 * freed.
 */
MEMCOMPACT_API int mc_free_pages_bulk(struct mc_machine *m,
				      const uint64_t *pfns, size_t n, int cpu);

/** Per-page attributes an owner may set on an allocated block. */
#define MC_PF_MLOCKED	(1u << 0)	/* unevictable */
#define MC_PF_DIRTY	(1u << 1)
#define MC_PF_WRITEBACK	(1u << 2)
#define MC_PF_LOCKED	(1u << 3)	/* folio lock held by someone */
#define MC_PF_PINNED	(1u << 4)	/* extra reference (GUP pin, DMA) */
#define MC_PF_ACTIVE	(1u << 5)	/* on the active LRU list */
MEMCOMPACT_API int mc_page_set_flags(struct mc_machine *m, uint64_t pfn,
				     unsigned set, unsigned clear);

/** State of one page frame, for maps and tests. */
enum mc_page_state {
	MC_PS_FREE,		/* free in the buddy allocator */
	MC_PS_PCP,		/* free, on a per-cpu list */
	MC_PS_ISOLATED_FREE,	/* free, held by compaction */
	MC_PS_ALLOCATED,
	MC_PS_RESERVED,		/* present but never managed */
	MC_PS_HOLE,		/* not present */
};
struct mc_page_info {
	enum mc_page_state state;
	uint64_t head_pfn;	/* first pfn of the block it belongs to */
	unsigned order;		/* order of that block */
	int nid;
	enum mc_zone_type zone;
	int pageblock_mt;	/* migratetype of its pageblock (kernel value) */
	bool skip;		/* pageblock skip bit */
	enum mc_page_kind kind;	/* allocated pages only */
	unsigned owner;
	uint32_t cookie;
	unsigned flags;		/* MC_PF_* */
	bool compound;
	bool lru;
};
MEMCOMPACT_API int mc_page_info(const struct mc_machine *m, uint64_t pfn,
				struct mc_page_info *info);

/* ------------------------------------------------------------------------
 * Owners: the seam between the allocator and what a page holds.
 *
 * The kind of a block decides movability as the kernel decides it: ANON and
 * FILE blocks are LRU folios that compaction isolates and migrates by
 * itself (the owner is told and may refuse); MOVABLE_OPS blocks move only
 * through the owner's isolate/migrate/putback operations, like the
 * kernel's movable_operations; KERNEL and SLAB blocks never move; HUGETLB
 * blocks move only for contiguous-range allocation.  Blocks larger than a
 * page of a movable kind must be compound (MC_GFP_COMP).
 *
 * Callbacks run inside the library call that moves the page; they must not
 * call back into the same machine.  Return values: 0 success, -EAGAIN
 * "busy now, retry", any other negative errno "permanent failure".
 */
#define MC_MIGRATE_ASYNC	0
#define MC_MIGRATE_SYNC_LIGHT	1
#define MC_MIGRATE_SYNC		2

struct mc_owner_ops {
	/* MOVABLE_OPS: may this block be isolated for migration now?
	 * (movable_operations.isolate_page) */
	bool (*isolate)(void *ctx, uint64_t pfn, uint32_t cookie, int mode);
	/* The block moves from @old_pfn to @new_pfn (its contents are copied
	 * first on a real-memory arena).  Update references and return 0;
	 * -EAGAIN to have migration retry; another -errno to fail it. */
	int (*migrate)(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode);
	/* MOVABLE_OPS: migration gave up on an isolated block. */
	void (*putback)(void *ctx, uint64_t pfn, uint32_t cookie);
	/* A compound block is being split into 2^order order-0 pages (a THP
	 * that could not be migrated whole).  Fill @cookies[i] with the
	 * cookie of page i (pre-filled with the block's cookie); return 0,
	 * or -EAGAIN/-EBUSY to refuse the split. */
	int (*split)(void *ctx, uint64_t head_pfn, unsigned order,
		     uint32_t cookie, uint32_t *cookies);
	/* Reclaim (page cache, anonymous memory with swap, reclaimable
	 * slab): return 0 when the owner has dropped its references (the
	 * library then frees the block); non-zero: busy, the block stays. */
	int (*reclaim)(void *ctx, uint64_t pfn, unsigned order,
		       uint32_t cookie);
	unsigned flags;		/* MC_OWNER_* */
};
/* FILE pages of this owner have no migrate_folio address-space operation
 * (fallback_migrate_folio: dirty pages move only in MIGRATE_SYNC). */
#define MC_OWNER_NO_MIGRATE_FOLIO	(1u << 0)
/* FILE pages of this owner are in an inaccessible mapping (guest_memfd):
 * never migrated. */
#define MC_OWNER_INACCESSIBLE		(1u << 1)

/**
 * mc_owner_register() - register owner operations; returns the slot
 * (1..255) in @slot.  -ENOSPC when all slots are used, -EINVAL for bad
 * arguments.
 */
MEMCOMPACT_API int mc_owner_register(struct mc_machine *m, const char *name,
				     const struct mc_owner_ops *ops, void *ctx,
				     unsigned *slot);
/** mc_owner_unregister() - -EBUSY while any block still names @slot. */
MEMCOMPACT_API int mc_owner_unregister(struct mc_machine *m, unsigned slot);

/** mc_page_set_cookie() - change the cookie of an allocated block. */
MEMCOMPACT_API int mc_page_set_cookie(struct mc_machine *m, uint64_t pfn,
				      uint32_t cookie);

/* ------------------------------------------------------------------------
 * Manual compaction.  vm.compact_memory (mc_sysctl_write "1") compacts
 * every node; mc_compact_node() is /sys/devices/system/node/nodeN/compact.
 * Both run MIGRATE_SYNC compaction of every zone to the end, as the
 * kernel does, on CPU @cpu.
 */
MEMCOMPACT_API int mc_compact_node(struct mc_machine *m, int nid, int cpu);

/** mc_drain_all_pages() - drain every per-cpu list (drain_all_pages). */
MEMCOMPACT_API void mc_drain_all_pages(struct mc_machine *m);

/* ------------------------------------------------------------------------
 * Tunables: the vm.* sysctls, read and written as text like sysctl(8).
 * Names may use dots or slashes ("vm.min_free_kbytes", "vm/min_free_kbytes").
 * Writes are validated as the kernel's handler does; a rejected write
 * returns its errno (-EINVAL ...) and changes nothing.
 */
MEMCOMPACT_API int mc_sysctl_read(struct mc_machine *m, const char *name,
				  char *buf, size_t len);
MEMCOMPACT_API int mc_sysctl_write(struct mc_machine *m, const char *name,
				   const char *value, size_t len);
typedef int (*mc_sysctl_fn)(void *ctx, const char *name, unsigned mode);
MEMCOMPACT_API int mc_sysctl_foreach(struct mc_machine *m, mc_sysctl_fn fn,
				     void *ctx);

/* ------------------------------------------------------------------------
 * Fault injection (fault_inject.c, docs/guarantees.md).
 *
 * MC_FAULT_PAGE_ALLOC is the kernel's fail_page_alloc: __alloc_pages()
 * requests fail (as NULL: -ENOMEM) before trying anything.  MC_FAULT_MIGRATE
 * is ours: folios that migrate_pages() tries fail with @error: -EAGAIN
 * (transient, retried in the next pass), -ENOMEM (no destination: the
 * migrate_pages() call stops) or any other (permanent for that call).
 * Which calls fail follows lib/fault-inject.c's should_fail(): never while
 * probability is 0 or times is 0; while space exceeds the call's size (in
 * pages) the size is taken from space instead; with interval N only every
 * N-th call left may fail; then it fails with probability percent.  The
 * draws come from the machine's seed.  Off by default (probability 0).
 * The same settings as text: vm.memcompact_fail_page_alloc and
 * vm.memcompact_fail_migrate.
 */
enum mc_fault {
	MC_FAULT_PAGE_ALLOC,	/* fail_page_alloc */
	MC_FAULT_MIGRATE,	/* ours: migration failures */
	MC_FAULT_NR
};
struct mc_fault_attr {
	uint64_t probability;	/* percent; 0 = off, 100 or more = always */
	uint64_t interval;	/* fail only every N-th call (0 and 1: all) */
	int32_t times;		/* failures left; -1 = no limit (default 1) */
	int32_t space;		/* pages allowed through before failing */
	/* MC_FAULT_PAGE_ALLOC: the kernel's min-order (default 1),
	 * ignore-gfp-highmem and ignore-gfp-wait (both default true: such
	 * requests never fail) */
	unsigned min_order;
	bool ignore_gfp_highmem;
	bool ignore_gfp_wait;
	/* MC_FAULT_MIGRATE: the error injected (-EAGAIN by default) */
	int error;
	/* read-only: failures injected so far */
	uint64_t injected;
};
/** mc_fault_get() - the current settings and count of @which. */
MEMCOMPACT_API int mc_fault_get(struct mc_machine *m, enum mc_fault which,
				struct mc_fault_attr *a);
/** mc_fault_set() - change them (injected is not changed); -EINVAL for an
 * unknown @which or a MC_FAULT_MIGRATE error that is not a negative errno
 * (nothing changes). */
MEMCOMPACT_API int mc_fault_set(struct mc_machine *m, enum mc_fault which,
				const struct mc_fault_attr *a);

/* ------------------------------------------------------------------------
 * Reclaim and kswapd (vmscan.c).
 */
/* @reclaim-api: declarations of the reclaim model go here */
/*
 * Reclaim runs in the allocator's slow path (direct reclaim) and in the
 * kswapd daemons (mc_advance()); vm.drop_caches drops clean page cache
 * and reclaimable slab.  Reclaim asks a block's owner through its reclaim
 * operation; anonymous memory goes to swap (struct mc_options.swap_pages)
 * and stays there until its owner gives the space back: swap-in, or the
 * memory's end.
 */
/** mc_swap_release() - @nr_pages of swap are free again; -EINVAL if more
 * than are in use. */
MEMCOMPACT_API int mc_swap_release(struct mc_machine *m, uint64_t nr_pages);

/* ------------------------------------------------------------------------
 * Transparent huge pages and the hugetlb pool (huge_memory.c, hugetlb.c).
 */
/* @huge-api: declarations of THP and hugetlb go here */

/*
 * An anonymous write fault on an aligned huge-page-sized range with nothing
 * mapped (do_huge_pmd_anonymous_page).  THP is tried when
 * transparent_hugepage/enabled allows it for the mapping ("always", or
 * "madvise" and @madvised), with the gfp transparent_hugepage/defrag picks
 * (vma_thp_gfp_mask) and the default local mempolicy's THP rule: the
 * fault's node alone first, compaction only (__GFP_THISNODE |
 * __GFP_NORETRY), then, if the gfp allows direct reclaim, every node.
 */
struct mc_thp_fault {
	int cpu;		/* the faulting CPU */
	int nid;		/* the node the policy picks; -1: the CPU's */
	bool madvised;		/* the mapping has VM_HUGEPAGE (MADV_HUGEPAGE) */
	unsigned owner;		/* owner slot of the folio; 0 = none */
	uint32_t cookie;
};

/**
 * mc_thp_fault() - take the fault: 0 with the block's first pfn in @pfn
 * and its order in @order (HPAGE_PMD_ORDER for a THP: thp_fault_alloc; 0
 * for a base page: the THP fell back (thp_fault_fallback) or was not
 * tried), -ENOMEM when not even the base page could be had, -EINVAL for
 * bad arguments.  The block is ANON, on the LRU, compound if a THP; free
 * it with mc_free_pages().
 */
MEMCOMPACT_API int mc_thp_fault(struct mc_machine *m,
				const struct mc_thp_fault *f, uint64_t *pfn,
				unsigned *order);

/*
 * The hugetlb pool: one huge page size, HPAGE_PMD_ORDER (2 MiB on
 * x86_64).  vm.nr_hugepages (and the sysfs file under
 * kernel/mm/hugepages/hugepages-<size>kB/) grows it with fresh pages from
 * the buddy allocator and shrinks it as the kernel's set_max_huge_pages()
 * does; vm.nr_overcommit_hugepages allows surplus pages at fault time.
 * Pool pages are HUGETLB blocks of owner 0 while free.
 */

/**
 * mc_hugetlb_alloc() - a hugetlb fault in a mapping without a
 * reservation (MAP_NORESERVE): a free pool page, nearest node first from
 * @nid (-1: @cpu's node), else a fresh surplus page if
 * nr_overcommit_hugepages allows.  0 and the first pfn in @pfn; -ENOMEM
 * when neither exists (the kernel's fault gets SIGBUS); -EINVAL for bad
 * arguments.  The page is given @owner and @cookie.
 */
MEMCOMPACT_API int mc_hugetlb_alloc(struct mc_machine *m, int nid, int cpu,
				    unsigned owner, uint32_t cookie,
				    uint64_t *pfn);
/**
 * mc_hugetlb_free() - the last reference to a pool page taken with
 * mc_hugetlb_alloc() goes (free_huge_folio): back to the pool's free list,
 * or to the buddy allocator if its node has surplus pages.  -EINVAL if
 * @pfn is not an in-use pool page, -EBUSY while it is isolated.
 */
MEMCOMPACT_API int mc_hugetlb_free(struct mc_machine *m, uint64_t pfn,
				   int cpu);

struct mc_hugetlb_stats {
	unsigned order;			/* huge_page_order */
	uint64_t size_kb;		/* huge page size */
	uint64_t nr;			/* nr_huge_pages */
	uint64_t free;			/* free_huge_pages */
	uint64_t surplus;		/* surplus_huge_pages */
	uint64_t max;			/* max_huge_pages: vm.nr_hugepages */
	uint64_t overcommit;		/* nr_overcommit_huge_pages */
};
/** mc_hugetlb_stats() - the pool's counts, of node @nid or (-1) all (for
 * a node, max is its persistent pages, nr - surplus, and overcommit the
 * global limit). */
MEMCOMPACT_API int mc_hugetlb_stats(struct mc_machine *m, int nid,
				    struct mc_hugetlb_stats *s);

/* ------------------------------------------------------------------------
 * Contiguous ranges and CMA (page_isolation.c, cma.c).
 */
/* @contig-api: declarations of contiguous allocation and CMA go here */

/*
 * Who owns the pages of a contiguous allocation.  NULL means a kernel
 * buffer (MC_PAGE_KERNEL, owner 0, cookie 0), as a device's DMA buffer is.
 * Without MC_GFP_COMP every page is its own order-0 block with this
 * owner, kind and cookie; with it the range is one compound block.
 */
struct mc_contig_owner {
	unsigned owner;		/* owner slot; 0 = kernel */
	enum mc_page_kind kind;
	uint32_t cookie;
};

/**
 * mc_alloc_contig_range() - the kernel's alloc_contig_range(start, end,
 * MIGRATE_MOVABLE, gfp): allocate exactly the page frames [@start_pfn,
 * @end_pfn), which must lie in one zone (any alignment).  The pageblocks
 * are isolated, everything movable in the range is migrated out, the range
 * is taken off the free lists.  @gfp may hold reclaim modifiers
 * (MC_GFP_KERNEL ...), MC_GFP_COMP, MC_GFP_RETRY_MAYFAIL, MC_GFP_NOWARN,
 * MC_GFP_ZERO; zone and mobility bits are ignored.  With MC_GFP_COMP the
 * range must come out as exactly one naturally aligned power-of-two block.
 * Returns 0; -EINVAL for bad arguments or gfp (nothing changes), or for a
 * MC_GFP_COMP range that is not one block (after trying); -EBUSY when a
 * page in the range could not be isolated or moved; -EINTR, -ENOMEM.
 * On failure the machine is as before except for what migration moved.
 */
MEMCOMPACT_API int mc_alloc_contig_range(struct mc_machine *m,
					 uint64_t start_pfn, uint64_t end_pfn,
					 uint32_t gfp, int cpu,
					 const struct mc_contig_owner *own);
/**
 * mc_alloc_contig_pages() - alloc_contig_pages(): find @nr_pages
 * contiguous pages in the zones @gfp allows on node @nid's zonelist (-1:
 * the CPU's node), trying ranges aligned to @nr_pages from each zone's
 * start.  Returns 0 and the first pfn, -ENOMEM when no range could be
 * allocated, -EINVAL for bad arguments.
 */
MEMCOMPACT_API int mc_alloc_contig_pages(struct mc_machine *m,
					 uint64_t nr_pages, uint32_t gfp,
					 int nid, int cpu,
					 const struct mc_contig_owner *own,
					 uint64_t *pfn);
/**
 * mc_free_contig_range() - free_contig_range(): free @nr_pages order-0
 * pages from @pfn, or the compound block at @pfn when @nr_pages is its
 * size.  -EINVAL (nothing freed) when the pages are not that.
 */
MEMCOMPACT_API int mc_free_contig_range(struct mc_machine *m, uint64_t pfn,
					uint64_t nr_pages, int cpu);

/* One CMA area (desc.cma_areas[i] as placed and activated at boot). */
struct mc_cma_info {
	char name[64];
	uint64_t base_pfn;
	uint64_t count;			/* pages */
	int nid;
	enum mc_zone_type zone;
	unsigned order_per_bit;
	uint64_t allocated;		/* pages claimed in the bitmap */
	/* /sys/kernel/mm/cma/<name>/{alloc,release}_pages_* */
	uint64_t alloc_pages_success;
	uint64_t alloc_pages_fail;
	uint64_t release_pages_success;
};
/** mc_cma_area_info() - area @area (0-based); -ENOENT past the last. */
MEMCOMPACT_API int mc_cma_area_info(const struct mc_machine *m,
				    unsigned area, struct mc_cma_info *info);
/**
 * mc_cma_alloc() - cma_alloc(area, count, align, false): @count pages of
 * area @area aligned to 2^@align_order pages (GFP_KERNEL), as a kernel
 * buffer of order-0 pages.  Pages that movable allocations borrowed are
 * migrated out; a busy range is retried at the next aligned position.
 * Counts cma_alloc_success or cma_alloc_fail.  Returns 0 and the first pfn,
 * -ENOMEM or -EBUSY (the last range tried was busy) on failure, -ENOENT for
 * a bad area, -EINVAL for bad arguments.
 */
MEMCOMPACT_API int mc_cma_alloc(struct mc_machine *m, unsigned area,
				uint64_t count, unsigned align_order, int cpu,
				uint64_t *pfn);
/** mc_cma_release() - cma_release(): give back pages of mc_cma_alloc(). */
MEMCOMPACT_API int mc_cma_release(struct mc_machine *m, unsigned area,
				  uint64_t pfn, uint64_t count, int cpu);

/* ------------------------------------------------------------------------
 * sysfs files of this area, by path relative to /sys:
 *   kernel/mm/transparent_hugepage/enabled, .../defrag,
 *   kernel/mm/hugepages/hugepages-<size>kB/nr_hugepages, free_hugepages,
 *   surplus_hugepages (read-only), nr_overcommit_hugepages,
 *   devices/system/node/node<N>/compact (write-only).
 * Reads give the file's text; writes validate as the kernel's store
 * handlers do (-EINVAL and no change on bad input).
 */
MEMCOMPACT_API int mc_sysfs_read(struct mc_machine *m, const char *path,
				 char *buf, size_t len);
MEMCOMPACT_API int mc_sysfs_write(struct mc_machine *m, const char *path,
				  const char *value, size_t len);

/* ------------------------------------------------------------------------
 * Statistics and the /proc files, byte for byte in 6.12's formats.
 */
enum mc_proc_file {
	MC_PROC_BUDDYINFO,
	MC_PROC_PAGETYPEINFO,
	MC_PROC_ZONEINFO,
	MC_PROC_VMSTAT,
	MC_PROC_EXTFRAG_INDEX,	/* /sys/kernel/debug/extfrag/extfrag_index */
	MC_PROC_UNUSABLE_INDEX,	/* /sys/kernel/debug/extfrag/unusable_index */
	MC_PROC_NR_FILES
};
typedef void (*mc_write_fn)(void *ctx, const char *buf, size_t len);
MEMCOMPACT_API int mc_proc_render(struct mc_machine *m, enum mc_proc_file f,
				  mc_write_fn fn, void *ctx);
/** Path of the file: relative to a proc tree ("buddyinfo", ...), or for
 * the two extfrag files to a debugfs mount ("extfrag/extfrag_index"). */
MEMCOMPACT_API const char *mc_proc_name(enum mc_proc_file f);

/** mc_vmstat_get() - a /proc/vmstat value by its kernel name. */
MEMCOMPACT_API int mc_vmstat_get(struct mc_machine *m, const char *name,
				 uint64_t *value);

struct mc_zone_stats {
	bool populated;
	uint64_t start_pfn, spanned, present, managed;
	uint64_t nr_free;		/* NR_FREE_PAGES */
	uint64_t wmark_min, wmark_low, wmark_high, wmark_promo, boost;
	int64_t lowmem_reserve[MC_MAX_NR_ZONES];
	uint64_t nr_free_blocks[16];	/* free_area[order].nr_free */
	uint64_t pcp_pages;		/* pages on all CPUs' pcp lists */
	unsigned pcp_batch, pcp_high_min, pcp_high_max;
};
MEMCOMPACT_API int mc_zone_stats(struct mc_machine *m, int nid,
				 enum mc_zone_type zt, struct mc_zone_stats *s);

/**
 * mc_zone_fragmentation() - the two debugfs extfrag measures of zone @zt
 * of node @nid for @order, in thousandths as the files print them:
 * @index: __fragmentation_index() (extfrag_index): -1000 when a free block
 *	of @order exists, else 0 (lack of memory) .. 1000 (fragmentation);
 * @unusable: unusable_free_index() (unusable_index): the share of free
 *	memory in blocks smaller than @order.
 * Either pointer may be NULL.  -EINVAL for a bad node, zone or order.
 */
MEMCOMPACT_API int mc_zone_fragmentation(struct mc_machine *m, int nid,
					 enum mc_zone_type zt, unsigned order,
					 int *index, int *unusable);

/* A node's proactive compaction score and its daemons' state. */
struct mc_node_stats {
	uint64_t present;		/* node_present_pages */
	unsigned fragmentation_score;	/* fragmentation_score_node(), 0..100 */
	unsigned score_wmark_low;	/* fragmentation_score_wmark(low) */
	unsigned score_wmark_high;	/* above it kcompactd compacts */
	bool kcompactd_sleeping;	/* on its wait queue */
	int kcompactd_max_order;	/* order asked of it by a wakeup */
	bool kswapd_sleeping;		/* on its wait queue */
	int kswapd_order;		/* order asked of it by a wakeup */
	unsigned kswapd_failures;	/* reclaim runs without progress */
};
/** mc_node_stats() - fill @s for node @nid; -EINVAL for a bad node. */
MEMCOMPACT_API int mc_node_stats(struct mc_machine *m, int nid,
				 struct mc_node_stats *s);

/* ------------------------------------------------------------------------
 * The invariant checker: every page frame accounted for exactly once, free
 * lists agree with page state, buddies merged, pageblock bits valid,
 * counters agree, watermarks consistent.  Calls @fn for each violation and
 * returns the number found (0 = consistent).
 */
typedef void (*mc_report_fn)(void *ctx, const char *msg);
MEMCOMPACT_API int mc_check(struct mc_machine *m, mc_report_fn fn, void *ctx);
/* With MC_OPT_CHECK_EACH_OP: where violations found after an operation go. */
MEMCOMPACT_API void mc_set_check_callback(struct mc_machine *m,
					  mc_report_fn fn, void *ctx);
/* Violations found by MC_OPT_CHECK_EACH_OP so far, and the first operation
 * after which one was found (NULL if none). */
MEMCOMPACT_API unsigned long mc_check_failures(const struct mc_machine *m,
					       const char **first_op);

/* ------------------------------------------------------------------------
 * Tracepoints.  Events fire where the kernel fires them; a callback gets a
 * structured record and mc_trace_format() renders the ftrace text line.
 */
/* Every event memcompact fires: X(system, name), in a stable order. */
#define MC_TRACE_EVENTS(X)						\
	X(kmem, mm_page_alloc)						\
	X(kmem, mm_page_free)						\
	X(kmem, mm_page_free_batched)					\
	X(kmem, mm_page_alloc_zone_locked)				\
	X(kmem, mm_page_pcpu_drain)					\
	X(kmem, mm_page_alloc_extfrag)					\
	X(kmem, mm_alloc_contig_migrate_range_info)			\
	X(compaction, mm_compaction_isolate_migratepages)		\
	X(compaction, mm_compaction_isolate_freepages)			\
	X(compaction, mm_compaction_fast_isolate_freepages)		\
	X(compaction, mm_compaction_migratepages)			\
	X(compaction, mm_compaction_begin)				\
	X(compaction, mm_compaction_end)				\
	X(compaction, mm_compaction_try_to_compact_pages)		\
	X(compaction, mm_compaction_finished)				\
	X(compaction, mm_compaction_suitable)				\
	X(compaction, mm_compaction_deferred)				\
	X(compaction, mm_compaction_defer_compaction)			\
	X(compaction, mm_compaction_defer_reset)			\
	X(compaction, mm_compaction_kcompactd_sleep)			\
	X(compaction, mm_compaction_wakeup_kcompactd)			\
	X(compaction, mm_compaction_kcompactd_wake)			\
	X(migrate, mm_migrate_pages)					\
	X(migrate, mm_migrate_pages_start)				\
	X(oom, compact_retry)						\
	X(oom, reclaim_retry_zone)					\
	X(vmscan, mm_vmscan_kswapd_sleep)				\
	X(vmscan, mm_vmscan_kswapd_wake)				\
	X(vmscan, mm_vmscan_wakeup_kswapd)				\
	X(vmscan, mm_vmscan_direct_reclaim_begin)			\
	X(vmscan, mm_vmscan_direct_reclaim_end)				\
	X(page_isolation, test_pages_isolated)				\
	X(cma, cma_alloc_start)						\
	X(cma, cma_alloc_finish)					\
	X(cma, cma_alloc_busy_retry)					\
	X(cma, cma_release)

enum mc_trace_id {
#define MC_TRACE_ENUM_(sys, name) MC_TRACE_##name,
	MC_TRACE_EVENTS(MC_TRACE_ENUM_)
#undef MC_TRACE_ENUM_
	MC_TRACE_NR_EVENTS
};

#define MC_TRACE_MAX_ARGS 10
struct mc_trace_event {
	enum mc_trace_id id;
	uint64_t ts_ns;		/* machine clock */
	int cpu;
	int pid;
	char comm[16];
	/* The event's fields in TP_STRUCT__entry order (strings excepted). */
	int64_t args[MC_TRACE_MAX_ARGS];
	const char *str;	/* the string field (cma area name) or NULL */
};
typedef void (*mc_trace_fn)(void *ctx, const struct mc_trace_event *ev);

/**
 * mc_trace_enable() - enable or disable events matching @pattern:
 * "system:event", "system:*", "event" or "*" (as set_event accepts).
 * Returns the number of events changed, or -ENOENT when none match.
 */
MEMCOMPACT_API int mc_trace_enable(struct mc_machine *m, const char *pattern,
				   bool on);
MEMCOMPACT_API void mc_trace_set_callback(struct mc_machine *m, mc_trace_fn fn,
					  void *ctx);
MEMCOMPACT_API const char *mc_trace_event_name(enum mc_trace_id id);
MEMCOMPACT_API const char *mc_trace_event_system(enum mc_trace_id id);

#define MC_TRACE_FMT_NO_IRQ_INFO (1u << 0)	/* ftrace's noirq-info */
#define MC_TRACE_FMT_PERF	 (1u << 1)	/* perf script style prefix */
/** Render @ev as one trace line (with "\n"); returns its length. */
MEMCOMPACT_API int mc_trace_format(const struct mc_machine *m,
				   const struct mc_trace_event *ev,
				   unsigned opts, char *buf, size_t len);
/** The "# tracer: nop" header block of a trace file. */
MEMCOMPACT_API int mc_trace_header(const struct mc_machine *m,
				   uint64_t entries, unsigned opts,
				   char *buf, size_t len);

/* ------------------------------------------------------------------------
 * Snapshots: export a machine as the kernel's physical-memory files, and
 * import a machine from a snapshot of a real (or simulated) one.
 * @snapshot-api (src/mm/export.c, src/mm/import.c, src/mm/build.c,
 * src/util/snapfile.c; formats and rules in docs/snapshot.md)
 *
 * /proc/kpageflags and /proc/kpagecount are arrays of one little-endian
 * 64-bit word per pfn, starting at pfn 0 (include/uapi/linux/
 * kernel-page-flags.h has the KPF_* bits; fs/proc/page.c what they mean).
 */
#define MC_KPF_LOCKED		0
#define MC_KPF_ERROR		1
#define MC_KPF_REFERENCED	2
#define MC_KPF_UPTODATE		3
#define MC_KPF_DIRTY		4
#define MC_KPF_LRU		5
#define MC_KPF_ACTIVE		6
#define MC_KPF_SLAB		7
#define MC_KPF_WRITEBACK	8
#define MC_KPF_RECLAIM		9
#define MC_KPF_BUDDY		10
#define MC_KPF_MMAP		11
#define MC_KPF_ANON		12
#define MC_KPF_SWAPCACHE	13
#define MC_KPF_SWAPBACKED	14
#define MC_KPF_COMPOUND_HEAD	15
#define MC_KPF_COMPOUND_TAIL	16
#define MC_KPF_HUGE		17
#define MC_KPF_UNEVICTABLE	18
#define MC_KPF_HWPOISON		19
#define MC_KPF_NOPAGE		20
#define MC_KPF_KSM		21
#define MC_KPF_THP		22
#define MC_KPF_OFFLINE		23
#define MC_KPF_ZERO_PAGE	24
#define MC_KPF_IDLE		25
#define MC_KPF_PGTABLE		26
#define MC_KPF_RESERVED		32
#define MC_KPF_MLOCKED		33
#define MC_KPF_PRIVATE		35

/**
 * mc_export_kpageflags() - the machine as a /proc/kpageflags file: one
 * u64 per pfn from pfn 0 to the machine's end, in chunks to @fn.  Holes
 * and pfns below the machine are KPF_NOPAGE.  Free pages on the buddy
 * lists are KPF_BUDDY (every page of the block, as is_free_buddy_page()
 * makes them); pages on per-cpu lists carry no flag, as in the kernel.
 */
MEMCOMPACT_API int mc_export_kpageflags(struct mc_machine *m, mc_write_fn fn,
					void *ctx);
/**
 * mc_export_kpagecount() - the machine as a /proc/kpagecount file: the
 * mapcount of each pfn (1 for a mapped page, 0 otherwise).  A pinned page
 * reads one more than its mapcount: a memcompact convention, since the
 * kernel's file shows only mapcounts (see docs/snapshot.md).
 */
MEMCOMPACT_API int mc_export_kpagecount(struct mc_machine *m, mc_write_fn fn,
					void *ctx);
/**
 * mc_export_state() - what the kernel's files cannot say, as text
 * ("memcompact-state 1"): every pageblock's migratetype and skip bit, every
 * allocated block (order, kind, flags, owner, cookie) and every block on a
 * per-cpu list (cpu).  With it an import reproduces the machine exactly.
 */
MEMCOMPACT_API int mc_export_state(struct mc_machine *m, mc_write_fn fn,
				   void *ctx);

/* A snapshot in memory.  Texts are not NUL-terminated (length given); a
 * NULL text is "not in the snapshot". */
struct mc_snapshot {
	const char *name;		/* the snapshot's path, for messages */
	unsigned page_shift;		/* 0: 12 */
	const char *zoneinfo;		/* required */
	size_t zoneinfo_len;
	const char *buddyinfo;		/* compared with the import */
	size_t buddyinfo_len;
	const char *pagetypeinfo;	/* pageblock counts for inference */
	size_t pagetypeinfo_len;
	const char *vmstat;		/* event counters */
	size_t vmstat_len;
	const char *page_owner;		/* /sys/kernel/debug/page_owner */
	size_t page_owner_len;
	const char *iomem;		/* /proc/iomem: which pfns are RAM */
	size_t iomem_len;
	const char *sysctl;		/* "vm.name = value" lines */
	size_t sysctl_len;
	const char *sysfs;		/* "path = value" lines, paths under
					 * /sys (the THP settings) */
	size_t sysfs_len;
	const char *state;		/* mc_export_state() text */
	size_t state_len;
	const uint64_t *kpageflags;	/* required: nr_pfns words */
	const uint64_t *kpagecount;	/* optional: nr_pfns words */
	uint64_t nr_pfns;
};

/* Where the pageblock migratetypes came from. */
enum mc_mt_source {
	MC_MT_FROM_STATE,	/* the memcompact state file: exact */
	MC_MT_FROM_PAGE_OWNER,	/* page_owner's "Block N type X" */
	MC_MT_INFERRED,		/* majority of pages, fitted to pagetypeinfo */
	MC_MT_MIXED,		/* page_owner for some blocks, inferred for
				 * the rest */
};

struct mc_import_result {
	enum mc_mt_source mt_source;
	uint64_t pageblocks;		/* pageblocks in populated zones */
	uint64_t pageblocks_inferred;	/* migratetype inferred */
	uint64_t pageblocks_mt_adjusted; /* changed to fit pagetypeinfo */
	bool buddyinfo_compared;	/* the snapshot had a buddyinfo */
	bool buddyinfo_match;		/* every zone and order equal */
	unsigned buddyinfo_diffs;	/* (zone, order) pairs that differ */
	uint64_t free_pages;		/* on the buddy lists */
	uint64_t pcp_pages;		/* placed on per-cpu lists */
	uint64_t unknown_zero_pages;	/* unflagged pages taken as kernel */
	uint64_t holes, reserved;	/* pfns of each inside zone spans */
	uint64_t allocated_blocks;
	uint64_t split_compound;	/* compound pages above MAX_PAGE_ORDER */
	unsigned notes;			/* lines given to the notes callback */
};

/**
 * mc_import_snapshot() - build a machine from @snap.
 * The zone layout comes from the zoneinfo; every page frame's state from
 * kpageflags (and kpagecount, page_owner, the state file when present);
 * counters, watermarks and per-cpu settings from zoneinfo and vmstat.
 * What was inferred or differs from the snapshot is told to @notes, one
 * line each (may be NULL), and summed up in @res (may be NULL).
 * Returns 0 and the machine in @out (it passes mc_check()); -EINVAL with
 * @err naming the input, the place (line or byte offset) and the problem
 * for a truncated, malformed or inconsistent snapshot; -ENOMEM.
 */
MEMCOMPACT_API int mc_import_snapshot(const struct mc_snapshot *snap,
				      const struct mc_options *opts,
				      struct mc_machine **out,
				      struct mc_import_result *res,
				      mc_report_fn notes, void *ctx,
				      struct mc_error *err);

/*
 * Snapshot files (snapfile.c).  A snapshot is a directory with a manifest
 * (docs/snapshot.md): proc/{zoneinfo,buddyinfo,pagetypeinfo,vmstat,iomem},
 * proc/kpageflags and proc/kpagecount (raw, or compact as .mcz),
 * sys/vm.sysctl, sys/sysfs, page_owner.gz and memcompact.state when
 * present.
 *
 * .mcz, the compact form of a pfn array: a 32-byte header ("MCPFNZ1\n",
 * the number of words and their CRC-32, little-endian) and a zlib stream
 * of (run length, value) pairs as LEB128 varints.
 */
struct mc_pfnz;
/** mc_pfnz_writer() - start an .mcz stream written through @fn; NULL on
 * out of memory.  Feed words with mc_pfnz_put(), end with
 * mc_pfnz_finish() (which frees the writer even on error). */
MEMCOMPACT_API struct mc_pfnz *mc_pfnz_writer(mc_write_fn fn, void *ctx);
MEMCOMPACT_API int mc_pfnz_put(struct mc_pfnz *w, const uint64_t *words,
			       size_t n);
/* The writer first emits 32 placeholder bytes; mc_pfnz_finish() flushes
 * the stream and fills @hdr with the real header, which the caller writes
 * over the placeholder (offset 0). */
MEMCOMPACT_API int mc_pfnz_finish(struct mc_pfnz *w, unsigned char hdr[32]);
/**
 * mc_pfnz_decode() - decode an .mcz image into a malloc'ed array.
 * -EINVAL with @err naming @name, the byte offset and the problem for a
 * bad magic, a truncated or corrupt stream, a count or CRC mismatch.
 */
MEMCOMPACT_API int mc_pfnz_decode(const void *data, size_t len,
				  const char *name, uint64_t **words,
				  uint64_t *nr, struct mc_error *err);

/**
 * mc_snapshot_load() - read a snapshot into memory: a directory, or one
 * archive of it (a tar file, gzip'ed or not).
 * Returns 0 and a snapshot to free with mc_snapshot_free(); -ENOENT or
 * -EINVAL with @err naming the file and the problem.
 */
MEMCOMPACT_API int mc_snapshot_load(const char *dir, struct mc_snapshot **out,
				    struct mc_error *err);
MEMCOMPACT_API void mc_snapshot_free(struct mc_snapshot *snap);
/** A manifest value ("kernel", "time", ...) of a loaded snapshot, or NULL. */
MEMCOMPACT_API const char *mc_snapshot_manifest(const struct mc_snapshot *snap,
						const char *key);

/* ------------------------------------------------------------------------
 * The world: owners of pages above the allocator (src/world).
 *
 * A world registers three owners on a machine: "anon" (tasks' anonymous
 * memory, THPs where the THP policy allows), "page cache" (files) and
 * "slab" (SLUB caches).  It keeps a reverse map for every block, so when
 * compaction migrates a page the task's page table or the file's cache
 * follows it, and reclaim can swap anonymous pages out, drop clean page
 * cache and shrink reclaimable slab.  Calls return 0 (or a count of pages
 * / objects done, which may be short when memory runs out: the allocator's
 * error is returned only when nothing was done), or a negative errno.
 * Indices of tasks, files and caches are never reused.
 */
struct mc_world;

MEMCOMPACT_API int mc_world_create(struct mc_machine *m, uint64_t seed,
				   struct mc_world **out);
/** Exit every task, delete every file and cache, unregister the owners. */
MEMCOMPACT_API void mc_world_destroy(struct mc_world *w);

MEMCOMPACT_API int mc_task_create(struct mc_world *w, const char *comm,
				  int cpu, int *task);
/* mc_task_touch() flags: madvise(MADV_HUGEPAGE) / MADV_NOHUGEPAGE on the
 * range.  Without either, THP follows transparent_hugepage/enabled. */
#define MC_TOUCH_MADVISE_HUGEPAGE	(1u << 0)
#define MC_TOUCH_NOHUGEPAGE		(1u << 1)
/**
 * mc_task_touch() - write to virtual pages [vpn, vpn + n): every unmapped
 * page faults.  An aligned huge-page-sized part of the range with nothing
 * mapped or swapped in it faults as a THP when the policy allows and the
 * allocation succeeds (else base pages).  Returns the pages faulted.
 */
MEMCOMPACT_API int mc_task_touch(struct mc_world *w, int task, uint64_t vpn,
				 uint64_t n, unsigned flags);
/** munmap: a block is freed when none of its pages stays mapped. */
MEMCOMPACT_API int mc_task_unmap(struct mc_world *w, int task, uint64_t vpn,
				 uint64_t n);
MEMCOMPACT_API int mc_task_exit(struct mc_world *w, int task);
MEMCOMPACT_API int mc_task_mlock(struct mc_world *w, int task, uint64_t vpn,
				 uint64_t n, bool on);
/** Pin (GUP, FOLL_LONGTERM) the mapped blocks of the range. */
MEMCOMPACT_API int mc_task_pin(struct mc_world *w, int task, uint64_t vpn,
			       uint64_t n, bool on);
/** The pfn mapped at @vpn; -ENOENT unmapped, -ENODATA swapped out. */
MEMCOMPACT_API int mc_task_lookup(struct mc_world *w, int task, uint64_t vpn,
				  uint64_t *pfn);

MEMCOMPACT_API int mc_file_create(struct mc_world *w, const char *name,
				  int *file);
/** Read / write pages [index, index + n) through the page cache. */
MEMCOMPACT_API int mc_file_read(struct mc_world *w, int file, int cpu,
				uint64_t index, uint64_t n);
MEMCOMPACT_API int mc_file_write(struct mc_world *w, int file, int cpu,
				 uint64_t index, uint64_t n);
/** fsync: every dirty page is written back and clean. */
MEMCOMPACT_API int mc_file_sync(struct mc_world *w, int file);
MEMCOMPACT_API int mc_file_truncate(struct mc_world *w, int file,
				    uint64_t index, uint64_t n);
MEMCOMPACT_API int mc_file_delete(struct mc_world *w, int file);

/** A SLUB cache; the slab order follows SLUB's calculate_order(). */
MEMCOMPACT_API int mc_slab_create(struct mc_world *w, const char *name,
				  unsigned obj_size, bool reclaimable,
				  int *cache);
MEMCOMPACT_API int mc_slab_alloc(struct mc_world *w, int cache, int cpu,
				 uint64_t nobj);
/** Free @nobj objects picked at random (from the world's seed). */
MEMCOMPACT_API int mc_slab_free(struct mc_world *w, int cache, int cpu,
				uint64_t nobj);
MEMCOMPACT_API int mc_slab_destroy(struct mc_world *w, int cache);

struct mc_world_stats {
	uint64_t tasks, anon_pages, thps, swapped_pages, swapins;
	uint64_t files, file_pages;
	uint64_t slab_caches, slab_pages, slab_objects;
	uint64_t migrations;		/* blocks moved under the world */
	uint64_t thp_splits;
	uint64_t reclaimed_pages;	/* swapped, dropped or shrunk */
};
MEMCOMPACT_API int mc_world_stats(const struct mc_world *w,
				  struct mc_world_stats *s);

/* ------------------------------------------------------------------------
 * Scenarios (src/world/scenario*.c, docs/scenarios.md): a small text
 * format naming a machine, vm.* settings in sysctl.conf syntax and a
 * timeline of workload steps (tasks, page cache, slab, kernel pages,
 * pinned pages, THP faults, hugetlb, CMA and DMA buffers) and
 * checkpoints.  Parsing needs no machine and checks everything it can;
 * running checks the rest.  Every error names the file, the line and the
 * problem.  A run is deterministic for its seed.
 */
struct mc_scenario;

/**
 * mc_scenario_parse() - parse the text of a scenario file.
 * @name: the file's name, used in errors and to find a zoneinfo file.
 * Returns 0 and a scenario to free with mc_scenario_free(); -EINVAL with
 * @err naming @name, the line and the problem; -ENOMEM.
 */
MEMCOMPACT_API int mc_scenario_parse(const char *text, size_t len,
				     const char *name,
				     struct mc_scenario **out,
				     struct mc_error *err);
MEMCOMPACT_API void mc_scenario_free(struct mc_scenario *sc);

struct mc_scenario_info {
	const char *file;		/* the name given to the parser */
	const char *name;		/* 'name', or NULL */
	const char *description;	/* 'description', or NULL */
	const char *machine;		/* 'machine SPEC': a preset, or NULL */
	const char *zoneinfo;		/* 'machine zoneinfo PATH', or NULL */
	int machine_line;		/* line of 'machine'; 0 if none */
	uint64_t seed;			/* 'seed' (1 if not given) */
	bool seed_set;
	uint64_t sample_ns;		/* 'sample' interval of time series */
	unsigned nr_traces;		/* 'trace' patterns */
	unsigned nr_steps;		/* timeline steps, settings included */
	unsigned nr_checkpoints;	/* checkpoint steps in the text */
};
MEMCOMPACT_API void mc_scenario_info(const struct mc_scenario *sc,
				     struct mc_scenario_info *info);
/** The @i-th 'trace' pattern (mc_trace_enable syntax), NULL past the end. */
MEMCOMPACT_API const char *mc_scenario_trace(const struct mc_scenario *sc,
					     unsigned i);

/**
 * mc_scenario_setup() - complete a machine description and options with
 * what the scenario asks of the machine ('cma', 'swap').  -EINVAL with
 * @err at the directive's line when the machine cannot have it.
 */
MEMCOMPACT_API int mc_scenario_setup(const struct mc_scenario *sc,
				     struct mc_machine_desc *desc,
				     struct mc_options *opts,
				     struct mc_error *err);

enum mc_scenario_event_type {
	MC_SCEN_STEP,		/* a step finished */
	MC_SCEN_CHECKPOINT,	/* a 'checkpoint' step */
	MC_SCEN_SAMPLE,		/* a sample tick passed during a wait */
	MC_SCEN_END,		/* the timeline ended */
};

struct mc_scenario_event {
	enum mc_scenario_event_type type;
	int line;		/* line of the step (0 for samples and end) */
	const char *op;		/* "touch", "checkpoint", ... or NULL */
	const char *name;	/* task, file, cache, group or checkpoint */
	unsigned depth;		/* nesting in 'repeat' blocks */
	uint64_t requested;	/* pages (objects for slab steps) asked for */
	uint64_t done;		/* pages (objects) done */
	int result;		/* 0, or the -errno of a request that failed */
	uint64_t time_ns;	/* machine clock */
};
/* Called between steps: it may read the machine (render /proc files,
 * statistics, page info) but must not change it.  A non-zero return stops
 * the run, and mc_scenario_run() returns it. */
typedef int (*mc_scenario_fn)(void *ctx, struct mc_machine *m,
			      const struct mc_scenario_event *ev);

struct mc_scenario_run_opts {
	uint64_t seed;			/* every random choice of the run */
	/* "name=value" settings applied after the scenario's leading
	 * settings, before its first workload step (command-line
	 * overrides) */
	const char *const *settings;
	unsigned nr_settings;
	mc_scenario_fn fn;		/* may be NULL */
	void *ctx;
};

/**
 * mc_scenario_run() - run the timeline on machine @m (built from the
 * scenario's machine and mc_scenario_setup()).  Workload requests that the
 * machine cannot meet are not errors: they are reported through the
 * events (done < requested, result).  Returns 0; -EINVAL with @err at the
 * step's line when a step cannot be carried out (a rejected setting, a
 * time in the past, a task used after it exited, ...); the callback's
 * non-zero return; -ENOMEM.
 */
MEMCOMPACT_API int mc_scenario_run(struct mc_machine *m,
				   const struct mc_scenario *sc,
				   const struct mc_scenario_run_opts *o,
				   struct mc_error *err);

/* ------------------------------------------------------------------------
 * Threads.  On a machine created with MC_OPT_THREADED every function of
 * this header that reads or changes the machine (or a world on it) takes
 * the machine's API lock for its duration, so calls from several threads
 * are safe and run one at a time (docs/guarantees.md).  The lock is
 * recursive: a caller may hold it across several calls to make them one
 * step (mc_machine_lock / mc_machine_unlock); owner and trace callbacks run
 * with it held.  On other machines these two do nothing.
 */
MEMCOMPACT_API void mc_machine_lock(struct mc_machine *m);
MEMCOMPACT_API void mc_machine_unlock(struct mc_machine *m);

/**
 * mc_daemons_start() - real time: from now on the machine's clock follows
 * the host's monotonic clock, and kcompactd, kswapd, the flushers and the
 * vmstat worker run on a thread of their own at their due times, as the
 * kernel's threads do.  Requires MC_OPT_THREADED (else -EINVAL) and daemons
 * (not MC_OPT_NO_DAEMONS); -EALREADY if running; -EAGAIN if the thread
 * cannot be made.  While it runs, mc_advance() returns -EBUSY.
 */
MEMCOMPACT_API int mc_daemons_start(struct mc_machine *m);
/** mc_daemons_stop() - back to simulated time; waits for the thread.  The
 * clock stays where real time left it.  -EINVAL if not running. */
MEMCOMPACT_API int mc_daemons_stop(struct mc_machine *m);

/* ------------------------------------------------------------------------
 * Arenas: the allocator over real memory (src/arena, docs/arena.md).
 *
 * An arena is a machine (one node, one ZONE_NORMAL) whose page frames are
 * the pages of a real memory region: mmap'd by the arena or supplied by
 * the caller.  Frame @pfn is the memory at mc_arena_pfn_to_addr(); when
 * compaction, contiguous allocation or defragmentation migrates a block,
 * its bytes are copied to the new frames where the kernel's
 * migrate_folio() copies (before the owner is told).  Everything of the
 * machine API works on mc_arena_machine(): compaction, sysctls, /proc
 * files, mc_daemons_start (kcompactd in real time), owners that keep raw
 * pfns (mc_owner_register + mc_alloc_pages with MC_PAGE_MOVABLE_OPS: the
 * isolate/migrate/putback callbacks of movable_operations).
 *
 * Handles (like zsmalloc's): mc_arena_alloc() returns a handle that stays
 * valid while the block moves; mc_arena_map() gives its address and pins
 * the block (isolation refuses it, so it does not move) until
 * mc_arena_unmap().  Arena calls may come from any number of threads; an
 * order-0 handle allocation or free takes only the lock of the calling
 * thread's per-cpu list while that list can serve it (docs/arena.md).
 */
struct mc_arena;

#define MC_ARENA_HUGETLB	(1u << 0) /* mmap with MAP_HUGETLB, else fall
					   * back to normal pages (see
					   * mc_arena_info.hugetlb_errno) */
#define MC_ARENA_HUGETLB_ONLY	(1u << 1) /* MAP_HUGETLB or fail (-ENOMEM) */
#define MC_ARENA_POPULATE	(1u << 2) /* prefault the region (MAP_POPULATE) */
#define MC_ARENA_POISON		(1u << 3) /* fill freed pages with 0xaa */
#define MC_ARENA_POISON_CHECK	(1u << 4) /* ...and check the pattern when a
					   * page is allocated (implies
					   * MC_ARENA_POISON) */
#define MC_ARENA_NO_FASTPATH	(1u << 5) /* every call takes the API lock */
#define MC_ARENA_POISON_BYTE	0xaa	  /* the kernel's PAGE_POISON */

struct mc_arena_config {
	size_t bytes;		/* size of the region; rounded down to whole
				 * pageblocks (2 MiB); at least 2 of them */
	void *mem;		/* NULL: the arena maps its region; else the
				 * caller's buffer of @bytes, page-aligned,
				 * left mapped at destroy */
	unsigned flags;		/* MC_ARENA_* */
	unsigned nr_cpus;	/* per-cpu lists; threads are spread over
				 * them in the order they first call; 0: 4 */
	uint64_t seed;
	unsigned machine_flags;	/* MC_OPT_* (MC_OPT_THREADED and
				 * MC_OPT_NO_THP_MINFREE are always added) */
	/* Poison errors (MC_ARENA_POISON_CHECK) are reported here; they are
	 * counted in mc_arena_stats either way.  May be NULL. */
	mc_report_fn report;
	void *report_ctx;
};

/**
 * mc_arena_create() - map (or take) the region and build the machine over
 * it.  -EINVAL with @err naming the problem for a bad configuration,
 * -ENOMEM when the region cannot be mapped (with MC_ARENA_HUGETLB_ONLY:
 * no huge pages).
 */
MEMCOMPACT_API int mc_arena_create(const struct mc_arena_config *cfg,
				   struct mc_arena **out,
				   struct mc_error *err);
/** Destroy the machine and unmap the region (live handles die with it). */
MEMCOMPACT_API void mc_arena_destroy(struct mc_arena *a);
/** The machine behind the arena (valid until mc_arena_destroy). */
MEMCOMPACT_API struct mc_machine *mc_arena_machine(struct mc_arena *a);

struct mc_arena_info {
	void *base;		/* address of the first frame */
	size_t bytes;		/* size of the region used */
	size_t page_size;
	uint64_t start_pfn;	/* pfn of the first frame */
	uint64_t nr_pages;
	bool caller_memory;	/* the region is cfg->mem */
	bool hugetlb;		/* mapped with MAP_HUGETLB */
	int hugetlb_errno;	/* MC_ARENA_HUGETLB asked and fell back:
				 * why MAP_HUGETLB failed (0 otherwise) */
	unsigned nr_cpus;
};
MEMCOMPACT_API void mc_arena_info(const struct mc_arena *a,
				  struct mc_arena_info *info);
/** The address of frame @pfn (NULL outside the arena). */
MEMCOMPACT_API void *mc_arena_pfn_to_addr(const struct mc_arena *a,
					  uint64_t pfn);
/** The frame of address @p: 0, or -EINVAL outside the arena. */
MEMCOMPACT_API int mc_arena_addr_to_pfn(const struct mc_arena *a,
					const void *p, uint64_t *pfn);

/* A handle: 0 is never a valid one. */
typedef uint64_t mc_handle_t;

/**
 * mc_arena_alloc() - allocate 2^@order pages (MC_GFP_KERNEL | MOVABLE,
 * compound above order 0; @gfp adds modifiers: MC_GFP_ZERO,
 * MC_GFP_NORETRY, MC_GFP_NOWARN ...; with reclaim bits in @gfp those
 * replace GFP_KERNEL's, so MC_GFP_NOWAIT neither reclaims nor compacts
 * directly) as a movable block and return its handle.  -ENOMEM when the allocator, after its slow path (direct
 * compaction included), has nothing; -EINVAL for bad arguments.
 */
MEMCOMPACT_API int mc_arena_alloc(struct mc_arena *a, unsigned order,
				  uint32_t gfp, mc_handle_t *h);
/** Free the block of @h.  -EINVAL for a stale or bad handle, -EBUSY
 * while it is mapped or in a defragmentation pass's move list. */
MEMCOMPACT_API int mc_arena_free(struct mc_arena *a, mc_handle_t h);
/**
 * mc_arena_map() - the address of @h's block, pinned where it is until
 * the matching mc_arena_unmap() (maps nest: each needs an unmap).  A
 * pinned block fails isolation like a page with an elevated reference
 * count: compaction, contiguous allocation and defragmentation leave it.
 */
MEMCOMPACT_API int mc_arena_map(struct mc_arena *a, mc_handle_t h,
				void **addr);
MEMCOMPACT_API int mc_arena_unmap(struct mc_arena *a, mc_handle_t h);
/** Where @h's block is now (it may move unless mapped), and its order. */
MEMCOMPACT_API int mc_arena_handle_pfn(struct mc_arena *a, mc_handle_t h,
				       uint64_t *pfn, unsigned *order);

struct mc_arena_stats {
	uint64_t live_handles;
	uint64_t fast_allocs, fast_frees;	/* served by the per-cpu path */
	uint64_t slow_allocs, slow_frees;	/* took the API lock */
	/* pages copied by migration (copies of moves that the owner then
	 * refused included: pgmigrate_success counts only the moves) */
	uint64_t migrated_pages, migrated_bytes;
	uint64_t defrag_moves, defrag_bytes, defrag_skipped;
	uint64_t poison_errors;			/* MC_ARENA_POISON_CHECK */
};
MEMCOMPACT_API int mc_arena_stats(struct mc_arena *a,
				  struct mc_arena_stats *s);

/*
 * Incremental defragmentation (as VMA's and D3D12MA's): passes with a
 * budget; each pass proposes moves of handle blocks out of the emptiest
 * pageblocks into free frames of the fullest ones, the caller may veto
 * each, and the end of the pass carries them out.
 *
 *   mc_defrag_begin(a, &cfg, &d);
 *   while (mc_defrag_pass_begin(d, &moves, &n) == 1) {
 *           ... look at moves[0..n), set .op to skip or drop some ...
 *           if (mc_defrag_pass_end(d) == 0) break;
 *   }
 *   mc_defrag_end(d, &stats);
 *
 * Between pass_begin and pass_end the destinations are reserved and the
 * sources cannot be freed (-EBUSY); a source mapped at pass end is not
 * moved (counted in skipped).  One pass at a time per arena.
 */
enum mc_defrag_op {
	MC_DEFRAG_COPY,		/* default: copy the data, the handle follows */
	MC_DEFRAG_IGNORE,	/* leave this block where it is */
	MC_DEFRAG_DESTROY,	/* free the block and its handle instead */
};
struct mc_defrag_config {
	uint64_t max_bytes_per_pass;	/* 0: no limit */
	uint64_t max_moves_per_pass;	/* 0: no limit */
};
struct mc_defrag_move {
	mc_handle_t handle;
	unsigned order;
	uint64_t src_pfn, dst_pfn;
	void *src, *dst;		/* their addresses */
	enum mc_defrag_op op;		/* the caller may change it */
};
struct mc_defrag_stats {
	uint64_t passes, moves, bytes_moved, skipped, destroyed;
	uint64_t pageblocks_freed;	/* pageblocks left with nothing
					 * allocated by the moves */
};
struct mc_defrag;
MEMCOMPACT_API int mc_defrag_begin(struct mc_arena *a,
				   const struct mc_defrag_config *cfg,
				   struct mc_defrag **out);
/** 1 and the pass's moves (valid until pass_end), or 0: nothing to move;
 * -EBUSY if a pass is open. */
MEMCOMPACT_API int mc_defrag_pass_begin(struct mc_defrag *d,
					struct mc_defrag_move **moves,
					size_t *n);
/** Carry out the pass: 1 if another pass may find more, 0 when done. */
MEMCOMPACT_API int mc_defrag_pass_end(struct mc_defrag *d);
/** End (an open pass is ended with every move ignored); @stats may be
 * NULL. */
MEMCOMPACT_API int mc_defrag_end(struct mc_defrag *d,
				 struct mc_defrag_stats *stats);

/* ------------------------------------------------------------------------
 * Time.  The kernel model never reads the wall clock; it asks the
 * machine's clock.
 */
MEMCOMPACT_API uint64_t mc_clock_ns(const struct mc_machine *m);
/**
 * mc_advance() - let @ns nanoseconds of machine time pass.  The daemons
 * (kcompactd, kswapd, the vmstat worker) run at their scheduled times in
 * between, in a deterministic order.  Returns 0, or -EBUSY if called from
 * inside a callback of the same machine.
 */
MEMCOMPACT_API int mc_advance(struct mc_machine *m, uint64_t ns);

#ifdef __cplusplus
}
#endif
#endif /* MEMCOMPACT_H */
