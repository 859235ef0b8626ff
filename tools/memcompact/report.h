/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.h - plots (gnuplot) and the HTML report of a run directory.
 */
#ifndef MC_REPORT_H
#define MC_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct series_row;

#define REPORT_MAX_CPS 64

struct report_step {
	int line;
	const char *op;
	char name[40];
	uint64_t runs, requested, done, failed;
};

struct report_input {
	const char *dir;
	const char *scenario, *description, *machine;
	uint64_t seed;
	const char *text;
	size_t len;
	unsigned nr_orders, nr_nodes;
	struct {
		const char *name;
		uint64_t time_ns;
		bool map;
		const struct series_row *row;
	} cps[REPORT_MAX_CPS];
	unsigned nr_cps;
	const char *steps_json;
	unsigned nr_plots;
	const char *plots[8];		/* plots/NAME.png written */
};

/* Write the plots/ scripts and run gnuplot on them when it is on PATH. */
int report_plots(struct report_input *ri);
/* Write report.html. */
int report_html(const struct report_input *ri, const struct report_step *steps,
		size_t nsteps);

#endif
