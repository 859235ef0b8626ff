/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * replay.h - replaying a kernel's page allocation trace through a
 * memcompact machine (cmd_replay.c prints what this computes).
 */
#ifndef MC_REPLAY_H
#define MC_REPLAY_H

#include "tracefile.h"

#include <memcompact.h>

enum replay_clock {
	REPLAY_CLOCK_TRACE,	/* machine time follows the timestamps */
	REPLAY_CLOCK_REBASE,	/* the same, the first event at "now" */
	REPLAY_CLOCK_OFF,	/* no time passes: daemons never run */
};

struct replay_opts {
	enum replay_clock clock;
	/* called now and then with events done and the total */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
};

#define REPLAY_ORDERS	16	/* orders 0..15 */
#define REPLAY_MTS	8	/* migratetypes 0..7 as printed */

struct replay_cell {
	uint64_t requests, agree;
};

/* An allocation where memcompact and the kernel parted. */
struct replay_divergence {
	bool found;
	uint32_t line;
	unsigned order;
	int mt;
	uint32_t gfp;
	int cpu;
	bool kernel_failed;
	uint64_t kernel_pfn;
	int ours_ret;		/* 0, -ENOMEM, -EINVAL (not valid here) */
	uint64_t ours_pfn;
};

struct replay_result {
	uint64_t events;
	/* allocations: agreement = same pfn, or both failed */
	uint64_t allocs, agree;
	uint64_t kernel_ok, kernel_failed, ours_ok, ours_failed, invalid;
	struct replay_cell cell[REPLAY_ORDERS][REPLAY_MTS];
	/* frees */
	uint64_t frees;			/* free events that free something */
	uint64_t frees_done;		/* of a block memcompact holds */
	uint64_t frees_of_failed;	/* the allocation failed here */
	uint64_t frees_untracked;	/* allocated before the trace */
	uint64_t frees_compaction_leftover; /* compaction's unused free
					 * pages, given back after migrating */
	uint64_t frees_partial;		/* part of a block (split pages) */
	uint64_t frees_order_mismatch;
	uint64_t bulk_calls, bulk_pages;	/* mc_free_pages_bulk */
	uint64_t batched_standalone;	/* free_batched without a free */
	uint64_t reused_live;		/* allocated again, never freed */
	/* migration */
	uint64_t migration_frees;	/* inside mm_migrate_pages_start..end */
	uint64_t migration_frees_untracked;
	uint64_t migrations_matched;	/* memcompact moved it too */
	uint64_t matched_kernel_first;	/* of those, the trace's free came
					 * first (direct compaction) */
	uint64_t migrations_kernel_only, migrations_model_only;
	uint64_t model_migrations;	/* memcompact moved a traced block */
	/* end */
	uint64_t live_blocks;		/* traced blocks memcompact still holds */
	struct replay_divergence first;
};

struct replay;

/*
 * replay_new() - a replay on @m: registers the replay's page owner.
 * NULL with @err filled on failure.  replay_destroy() after the last use
 * of @m (memcompact's blocks of the trace name the replay as their owner).
 */
struct replay *replay_new(struct mc_machine *m, struct mc_error *err);
void replay_destroy(struct replay *r);

/*
 * replay_run() - replay @evs (as read by trace_read(); the planning pass
 * writes their flags) in order.  Returns 0, or -1 with @err naming the
 * problem (a CPU the machine does not have, no memory).  The result stays
 * readable through replay_result() until replay_destroy().
 */
int replay_run(struct replay *r, struct tev_vec *evs,
	       const struct replay_opts *o, struct mc_error *err);
const struct replay_result *replay_result(const struct replay *r);

#endif
