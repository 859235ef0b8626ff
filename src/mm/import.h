/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * import.h - private: building a machine's page frames one block at a time.
 *
 * The snapshot import (import.c) and tests that need an exact layout use
 * this builder.  It starts from a created machine (its zones, CPUs, lists
 * and tunables exist), forgets every page frame's state and every counter,
 * lets the caller place holes, reserved pages, free buddy blocks, per-cpu
 * blocks and allocated blocks at exact pfns and set pageblock
 * migratetypes, and then recomputes what the allocator keeps about them:
 * the free lists (in address order), the per-cpu lists, the LRU lists,
 * present and managed pages, every counter the page frames determine,
 * watermarks, lowmem reserves and per-cpu sizes.  The result passes
 * mc_check() when the placement was consistent; import_finish() runs the
 * checker and returns its verdict.
 *
 * Caller obligations: call import_begin() first and import_finish() last;
 * set a pageblock's migratetype before placing free blocks in it (a free
 * block goes on the list of its pageblock's type, the 6.12 free list
 * hygiene); place every pfn of every populated zone span exactly once (a
 * pfn never placed stays a hole).
 */
#ifndef MC_MM_IMPORT_H
#define MC_MM_IMPORT_H

#include "mm/internal.h"

/* Forget all page state, lists and counters (events included). */
void import_begin(struct mc_machine *m);

/*
 * The placement functions return 0, or -EINVAL when the block is not
 * naturally aligned, lies outside one zone, exceeds MAX_PAGE_ORDER or
 * overlaps a block already placed.
 */
int import_place_hole(struct mc_machine *m, unsigned long pfn);
int import_place_reserved(struct mc_machine *m, unsigned long pfn);
int import_place_free(struct mc_machine *m, unsigned long pfn,
		      unsigned int order);
int import_place_pcp(struct mc_machine *m, unsigned long pfn,
		     unsigned int order, int cpu, int mt);
/* @pgflags: enum pageflags bits (PG_head for a compound block). */
int import_place_alloc(struct mc_machine *m, unsigned long pfn,
		       unsigned int order, enum mc_page_kind kind,
		       unsigned int pgflags, unsigned int owner,
		       uint32_t cookie);
void import_set_pageblock(struct mc_machine *m, unsigned long pfn, int mt,
			  bool skip);

/*
 * Link the lists, recompute counters and sizes (watermarks from the
 * current vm.min_free_kbytes), then run the checker; violations go to
 * @fn.  Returns the number of violations (0: consistent).
 */
int import_finish(struct mc_machine *m, mc_report_fn fn, void *ctx);

/* The kpageflags word and kpagecount of one pfn (export.c). */
uint64_t export_kpageflags_of(const struct mc_machine *m, unsigned long pfn);
uint64_t export_kpagecount_of(const struct mc_machine *m, unsigned long pfn);

#endif /* MC_MM_IMPORT_H */
