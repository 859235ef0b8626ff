/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rundir.h - the run directory of 'memcompact run -o DIR'.
 *
 *   scenario.scen             the scenario as run
 *   run.json                  seed, machine, steps' results, checkpoints
 *   log.txt                   what the run printed
 *   series.csv, series.jsonl  time series: free blocks per order, the
 *                             fragmentation index and score, counters
 *   trace.txt                 the run's ftrace text
 *   checkpoints/NAME/proc/...                  /proc files (a proc tree)
 *   checkpoints/NAME/sys/kernel/debug/extfrag/ extfrag_index, unusable_index
 *   checkpoints/NAME/pagemap.png               the page map (with PNG)
 *   plots/NAME.gp and .png   gnuplot scripts and their pictures
 *   report.html               one self-contained page showing all of it
 */
#ifndef MC_RUNDIR_H
#define MC_RUNDIR_H

#include <memcompact.h>
#include <stdbool.h>
#include <stdio.h>

struct rundir;

struct rundir_info {
	const char *scenario;		/* name */
	const char *description;	/* or NULL */
	const char *machine;		/* spec or zoneinfo path */
	uint64_t seed;
	const char *text;		/* the scenario's text */
	size_t len;
};

/* Create DIR (and parents); NULL with a message printed on failure. */
struct rundir *rundir_open(const char *dir, struct mc_machine *m,
			   const struct rundir_info *info);
/* One event of the run (a row of the series, a checkpoint, a step). */
int rundir_event(struct rundir *rd, struct mc_machine *m,
		 const struct mc_scenario_event *ev);
/* A trace line. */
void rundir_trace(struct rundir *rd, const char *line, size_t len);
/* What the run printed, for log.txt. */
FILE *rundir_log(struct rundir *rd);
/* Finish: trace header, run.json, plots, report.  0 or -1 (printed). */
int rundir_close(struct rundir *rd, struct mc_machine *m, bool plots);

/* Time-series fields shared with the terminal output. */
struct series_row {
	uint64_t free_blocks[16];	/* per order, all zones */
	uint64_t nr_free_pages;
	unsigned nr_zones;
	struct {
		int nid;
		enum mc_zone_type zt;
		int fragindex;		/* order pageblock_order, x1000 */
		int unusable;		/* x1000 */
	} zones[64];
	unsigned nr_nodes;
	unsigned score[64];		/* fragmentation_score_node */
};
void series_collect(struct mc_machine *m, struct series_row *row);

extern const char *const series_counters[];
/* Machine time as the series print it: seconds with 6 decimals. */
void series_time(char *buf, size_t len, uint64_t ns);

#endif
