/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pagemap.h - what each pageblock holds, and page map pictures (PNG).
 *
 * Reusable by any report: pagemap_census() counts the pages of one
 * pageblock by what they are and says, if the block cannot become wholly
 * free by compaction, the main reason why; pagemap_write_png() draws the
 * machine, either one cell per pageblock (its state over its migratetype)
 * or one pixel per page (one row per pageblock).  Only the public API of
 * libmemcompact is used.  The palette is fixed and listed by
 * pagemap_legend() so that a report can print the key.
 *
 * A picture of any machine, at any moment (a subcommand links pagemap.c;
 * without libpng the call fails with -ENOTSUP and says so in @why):
 *
 *	struct pagemap_opts po = { .mode = PAGEMAP_PAGEBLOCK,
 *				   .title = "after 10 s" };
 *	char why[256];
 *
 *	if (pagemap_write_png(m, "map-0010.png", &po, why, sizeof(why)))
 *		cli_error("%s", why);
 *
 * The machine is only read (mc_page_info, mc_machine_geometry): call it
 * between operations, or with mc_machine_lock() held on a threaded machine
 * whose daemons run.
 */
#ifndef MC_PAGEMAP_H
#define MC_PAGEMAP_H

#include <memcompact.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a pageblock cannot become free, most serious first. */
enum pb_blocker {
	PB_FREE,		/* wholly free: not blocked */
	PB_RESERVED,		/* reserved pages (firmware, kernel image) */
	PB_HOLE,		/* part of the block is not memory */
	PB_KERNEL,		/* unmovable kernel pages */
	PB_SLAB,		/* unreclaimable slab */
	PB_PINNED,		/* pinned pages (extra references) */
	PB_HUGETLB,		/* hugetlb pages (moved only for contig) */
	PB_MOVABLE_OPS,		/* non-LRU movable pages nobody can isolate */
	PB_SLAB_RECLAIMABLE,	/* reclaimable slab: reclaim, not compaction */
	PB_UNEVICTABLE,		/* mlocked, vm.compact_unevictable_allowed=0 */
	PB_WRITEBACK,		/* under writeback (sync compaction waits) */
	PB_PCP,			/* free pages held on per-cpu lists */
	PB_MOVABLE,		/* movable pages compaction left in place */
	PB_NR
};

/* The name used in reports and JSON ("reserved", "slab", ...). */
const char *pb_blocker_name(enum pb_blocker b);

struct pb_census {
	uint64_t start_pfn;
	int nid;
	int zone;		/* enum mc_zone_type, -1 none */
	int mt;			/* pageblock migratetype (kernel value) */
	unsigned pages;		/* pages of the block inside its zone */
	unsigned hole, reserved, free, pcp;
	unsigned anon, file, slab, slab_rec, kernel, movable_ops, hugetlb;
	unsigned pinned, unevictable, writeback, thp;
	enum pb_blocker blocker;
};

/* Count the pageblock at @start_pfn (pageblock-aligned).  With
 * @unevictable_movable false, mlocked pages block (the sysctl's 0). */
void pagemap_census(struct mc_machine *m, uint64_t start_pfn,
		    bool unevictable_movable, struct pb_census *c);

enum pagemap_mode {
	PAGEMAP_PAGEBLOCK,	/* a cell per pageblock */
	PAGEMAP_PAGE,		/* a pixel per page, a row per pageblock */
};

struct pagemap_opts {
	enum pagemap_mode mode;
	unsigned cell;		/* pageblock mode: cell side in pixels (4) */
	unsigned columns;	/* pageblock mode: cells per row (0: 64) */
	const char *title;	/* PNG tEXt "Title" (optional) */
};

/* Write the picture; 0, or -errno with a reason in @why. */
int pagemap_write_png(struct mc_machine *m, const char *path,
		      const struct pagemap_opts *o, char *why, size_t wlen);

struct pagemap_colour {
	const char *name;
	uint8_t r, g, b;
};
/* The palette: entries, and their number in *n. */
const struct pagemap_colour *pagemap_legend(size_t *n);

#endif
