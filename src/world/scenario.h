/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scenario.h - the parsed form of a scenario file (src/world/scenario.c)
 * and what the runner (src/world/scenario_run.c) needs of it.
 *
 * A scenario is a list of steps in text order.  'repeat N' and 'end' are
 * steps too, linked to each other, so the runner walks the list with a
 * stack of loop counters.  Names (tasks, files, caches, groups, variables)
 * are resolved to indices at parse time; sizes that depend on the machine
 * or on chance are kept as expressions and evaluated when the step runs.
 */
#ifndef MC_WORLD_SCENARIO_H
#define MC_WORLD_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "memcompact.h"

enum scen_op {
	/* time and structure */
	OP_AT, OP_WAIT, OP_CHECKPOINT, OP_REPEAT, OP_END, OP_SET,
	/* settings */
	OP_SYSCTL, OP_SYSFS, OP_COMPACT, OP_DRAIN, OP_HUGEPAGES,
	/* tasks: anonymous memory */
	OP_TASK, OP_TOUCH, OP_UNMAP, OP_MLOCK, OP_MUNLOCK, OP_PIN, OP_UNPIN,
	OP_EXIT,
	/* page cache */
	OP_FILE, OP_READ, OP_WRITE, OP_SYNC, OP_TRUNCATE, OP_DELETE,
	/* slab */
	OP_CACHE, OP_SLAB_ALLOC, OP_SLAB_FREE, OP_CACHE_DESTROY,
	/* groups: kernel pages, hugetlb pages, DMA buffers */
	OP_ALLOC, OP_HUGETLB, OP_DMA, OP_FREE,
	OP_NR
};

/* A quantity: bytes, a share of memory, a variable, or a random pick. */
enum sx_kind {
	SX_NONE,
	SX_BYTES,	/* a */
	SX_PCT_MEM,	/* pct of managed memory (MemTotal) */
	SX_PCT_FREE,	/* pct of free memory when the step runs */
	SX_VAR,		/* pct of variable var (pct = 100% by default) */
	SX_RANGE,	/* uniform in [a, b) in steps of align */
	SX_COUNT,	/* a plain count (no unit): objects, pages, buffers */
};

#define SX_PCT_ONE	100000u	/* pct is in thousandths of a percent */

struct sexpr {
	uint8_t kind;
	uint16_t var;
	uint32_t pct;
	uint64_t a, b, align;
};

enum group_type { G_PAGES, G_HUGETLB, G_DMA };

/* free GROUP selections */
enum free_sel { FREE_ALL, FREE_FRACTION, FREE_KEEP_PER_PB, FREE_COUNT };

#define TOUCH_MLOCK	(1u << 8)
#define TOUCH_PIN	(1u << 9)

struct scen_step {
	enum scen_op op;
	int line;
	int obj;		/* task, file, cache, group or variable index */
	struct sexpr x[4];	/* start, size, stride, length ... per op */
	uint64_t n;		/* repeat count, order, fraction numerator */
	uint64_t d;		/* fraction denominator */
	int cpu;		/* -1: the default (the task's, else 0) */
	int nid;		/* -1: any */
	unsigned flags;
	uint32_t gfp;
	int kind;		/* enum mc_page_kind (alloc) */
	int sel;		/* enum free_sel; unmap: random offset */
	bool ignore_error;	/* sysctl.conf's leading '-' */
	bool cma;		/* dma: from a CMA area */
	int area;		/* dma: CMA area index, -1 by name */
	char *text;		/* checkpoint name, setting key, CMA area name */
	char *value;		/* setting value */
	int jump;		/* repeat: index of its end; end: its repeat */
};

struct scen_cma {
	int line;
	char name[32];
	uint64_t bytes;
	uint64_t base;		/* physical address, 0: placed by the kernel */
	int nid;
};

#define SCEN_MAX_NAMES	256
#define SCEN_MAX_CMA	8
#define SCEN_MAX_TRACE	32

struct scen_name {
	char *name;
	int type;		/* groups: enum group_type */
	int line;
};

struct mc_scenario {
	char *file;
	char *name;
	char *description;
	char *machine;
	char *zoneinfo;
	int machine_line;
	uint64_t seed;
	bool seed_set;
	uint64_t sample_ns;
	uint64_t swap_bytes;
	int swap_line;
	unsigned nr_cma;
	struct scen_cma cma[SCEN_MAX_CMA];
	unsigned nr_traces;
	char *traces[SCEN_MAX_TRACE];

	struct scen_step *steps;
	unsigned nr_steps, cap_steps;
	unsigned nr_checkpoints;

	/* name tables: tasks, files, caches, groups, variables */
	struct scen_name names[5][SCEN_MAX_NAMES];
	unsigned nr_names[5];
};

enum { NS_TASK, NS_FILE, NS_CACHE, NS_GROUP, NS_VAR };

const char *scen_op_name(enum scen_op op);

/* The library's one way to fill a struct mc_error (mm/machine.c). */
void mc_err(struct mc_error *err, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
