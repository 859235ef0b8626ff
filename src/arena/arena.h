/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arena.h - an arena's private state (arena.c, defrag.c).
 */
#ifndef MC_ARENA_ARENA_H
#define MC_ARENA_ARENA_H

#include "mm/api_lock.h"

#include <stdatomic.h>

/* Handle states */
enum {
	AH_FREE,
	AH_LIVE,
	AH_MOVING,	/* a source in an open defragmentation pass */
};

struct arena_handle {
	uint64_t pfn;		/* where the block is now */
	uint32_t gen;		/* bumped at each free: stale handles fail */
	uint8_t order;
	uint8_t state;		/* AH_* */
	atomic_uint pins;	/* mc_arena_map() nesting */
};

#define ARENA_MAG 64		/* handle indices cached per cpu */

/* One per-cpu list's lock and what the fast path keeps per cpu. */
struct arena_cpu {
	pthread_mutex_t lock;
	struct pcp_fast_events ev;	/* folded under the API lock */
	uint32_t mag[ARENA_MAG];	/* free handle indices */
	unsigned int nmag;
	uint64_t fast_allocs, fast_frees, slow_allocs, slow_frees;
} __attribute__((aligned(64)));

struct mc_arena {
	struct mc_machine *m;
	struct zone *zone;
	unsigned int owner;		/* slot of the handles' owner */
	unsigned int flags;		/* MC_ARENA_* */
	unsigned int shift;		/* page shift */
	uint8_t *base;			/* frame start_pfn */
	size_t bytes;
	void *map_base;			/* what munmap gets (NULL: caller's) */
	size_t map_len;
	bool hugetlb;
	int hugetlb_errno;
	unsigned long start_pfn, nr_pages;
	mc_report_fn report;
	void *report_ctx;

	unsigned int nr_cpus;
	struct arena_cpu *cpu;
	atomic_int fast_ok;		/* set when the API lock is released */

	struct arena_handle *h;		/* [nr_handles], index 0 unused */
	uint32_t nr_handles;
	pthread_mutex_t handle_lock;	/* the global pool of free indices */
	uint32_t *hfree;
	uint32_t nhfree;

	/* under the API lock */
	uint64_t live_handles;
	uint64_t migrated_pages, migrated_bytes;
	uint64_t defrag_moves, defrag_bytes, defrag_skipped;
	atomic_ullong poison_errors;
	struct mc_defrag *defrag;	/* the open defragmentation, if any */
};

static inline void *arena_addr(const struct mc_arena *a, unsigned long pfn)
{
	return a->base + ((size_t)(pfn - a->start_pfn) << a->shift);
}

static inline mc_handle_t arena_handle_make(uint32_t idx, uint32_t gen)
{
	return ((uint64_t)gen << 32) | idx;
}

/* The entry of @h if it names a live handle (any state but free). */
struct arena_handle *arena_handle_get(struct mc_arena *a, mc_handle_t h,
				      uint32_t *idx);
/* Give a handle index back (the caller holds the API lock). */
void arena_handle_release(struct mc_arena *a, uint32_t idx);
/* Free a block of the machine by its head pfn (under the API lock). */
int arena_free_block(struct mc_arena *a, unsigned long pfn,
		     unsigned int order);
/* Make an allocated block a handle block of @idx (owner, kind, cookie). */
void arena_set_owner(struct mc_arena *a, struct page *page, uint32_t idx);
/* Copy 2^order frames (under the API lock). */
void arena_copy(struct mc_arena *a, unsigned long dst, unsigned long src,
		unsigned int order);

#endif
