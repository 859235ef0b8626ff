/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * world.h - private state of the world model (src/world/world.c): tasks,
 * page-cache files and slab caches that own pages of a machine.
 */
#ifndef MC_WORLD_WORLD_H
#define MC_WORLD_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "memcompact.h"
#include "util/hmap.h"
#include "util/rng.h"

enum { RMAP_NONE, RMAP_ANON, RMAP_FILE, RMAP_SLAB, RMAP_ORPHAN };

/* What a block's cookie leads to: the task / file / cache and where. */
struct rmap_ent {
	uint8_t type;		/* RMAP_* */
	uint32_t obj;		/* task, file or cache index */
	uint64_t idx;		/* vpn, page index, or slab record */
};

struct world_task {
	bool alive;
	bool madvised;		/* last touch asked for MADV_HUGEPAGE */
	int cpu;
	char comm[16];		/* TASK_COMM_LEN */
	struct hmap pt;		/* vpn -> pfn (| THP_FLAG) */
	struct hmap swap;	/* vpns swapped out */
	uint64_t rss;		/* pages allocated to the task */
	uint64_t thps;		/* THPs mapped whole */
	uint64_t swapins;
};

struct world_file {
	bool alive;
	char name[32];
	struct hmap cache;	/* page index -> pfn */
	uint64_t pages;
};

struct world_slab {
	uint64_t pfn;
	uint32_t inuse;		/* live objects */
	uint32_t gen;		/* bumped when the slab page goes away */
	bool live;
};

struct world_cache {
	bool alive;
	bool reclaimable;
	char name[32];
	unsigned obj_size;
	unsigned order;
	unsigned objs_per_slab;
	struct world_slab *slabs;
	uint32_t nr_slab_recs, cap_slabs, nr_slabs;
	/* one entry per allocated object: slab record | gen << 32; entries
	 * whose generation is stale (their slab was shrunk) are dropped
	 * lazily */
	uint64_t *objs;
	uint64_t nr_objs, cap_objs, live_objs;
	uint32_t first_dead, partial_hint;
};

struct mc_world {
	struct mc_machine *m;
	struct mc_rng rng;
	unsigned page_size;
	unsigned nr_cpus;
	unsigned thp_order;
	unsigned anon_owner, file_owner, slab_owner;

	struct rmap_ent *rmap;
	uint32_t *rmap_free;
	size_t rmap_n, rmap_cap, rmap_nfree;

	/* order-0 pages left over when a partly unmapped THP is split: the
	 * deferred split queue frees them on the next world call */
	uint64_t *deferred;
	size_t nr_deferred, cap_deferred;

	struct world_task *tasks;
	uint32_t nr_tasks, cap_tasks;
	struct world_file *files;
	uint32_t nr_files, cap_files;
	struct world_cache *caches;
	uint32_t nr_caches, cap_caches;

	uint64_t migrations;
	uint64_t splits;
	uint64_t reclaimed;
};

/* The machine a world lives on: what the API lock of world calls takes. */
struct mc_machine *world_machine(const struct mc_world *w);

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

#endif
