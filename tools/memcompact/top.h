/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * top.h - 'memcompact top': a live, slabtop-like view of a running
 * simulation.  The view does not know what runs: a source hands it a
 * machine and a step callback, and the view alternates steps and frames.
 * cmd_top.c's built-in workload is one source; a scenario runner is
 * another (it passes its machine and a callback that runs the scenario's
 * next step).
 */
#ifndef MC_TOP_H
#define MC_TOP_H

#include <memcompact.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum top_step {
	TOP_STEP_MORE = 0,	/* more to do */
	TOP_STEP_DONE = 1,	/* finished: the view stays until 'q' */
	TOP_STEP_ERROR = -1,	/* failed: @status says why; the view stops */
};

struct top_source {
	struct mc_machine *m;
	const char *title;	/* "pc:2G,cpus=4 seed 1 default" ... */
	/*
	 * One step of the simulation on @m (a few operations and some
	 * machine time).  Writes a short phase or error text into @status.
	 */
	enum top_step (*step)(void *ctx, struct mc_machine *m, char *status,
			      size_t len);
	void *ctx;
};

struct top_opts {
	uint64_t delay_ns;	/* wall time between frames (default 0.5 s) */
	unsigned steps;		/* steps per frame (default 1) */
	uint64_t iterations;	/* frames, then exit; 0 = until 'q' */
	bool batch;		/* plain text frames on stdout, no curses */
	bool paused;		/* start paused */
};

/*
 * top_run() - show @src until 'q' (or @o->iterations frames).  Returns
 * 0, or 1 when the source failed or the terminal could not be used (a
 * message on stderr).
 */
int top_run(const struct top_source *src, const struct top_opts *o);

struct machine_opts;
/*
 * top_scenario() - the view of scenario @what (a file or a built-in name,
 * as 'memcompact run' takes it) on the machine @mo completes; one event of
 * the run (a top-level step, a sample, a checkpoint) per step.  Exit
 * status EXIT_OK, EXIT_FAIL (bad scenario, failed step, no terminal).
 */
int top_scenario(const char *what, struct machine_opts *mo, bool seed_set,
		 const struct top_opts *to);

#endif
