/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scenload.h - a scenario named on the command line (a file, else a
 * built-in) loaded, parsed, and turned into machine options; shared by
 * 'memcompact run' and 'memcompact top'.
 */
#ifndef MC_SCENLOAD_H
#define MC_SCENLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

struct scen_load {
	char *text;			/* the scenario's text */
	size_t len;
	char *name;			/* as named on the command line */
	char *dir;			/* the file's directory, "." for built-ins */
	char *zpath;			/* its zoneinfo path, resolved */
	struct mc_scenario *sc;
	struct mc_scenario_info si;
};

/*
 * Load and parse @what into @l.  Exits 2 for an unknown name (a usage
 * error of subcommand @cmd); prints
 * "FILE:LINE: problem" and returns EXIT_FAIL for a bad file; EXIT_OK.
 */
int scen_load(const char *cmd, const char *what, struct scen_load *l);
/*
 * Complete @mo for the scenario: its machine or zoneinfo unless @mo names
 * one, its seed unless @seed_set, and the adjust hook that adds its CMA
 * areas and swap.  EXIT_OK or EXIT_FAIL (printed).
 */
int scen_machine_opts(struct scen_load *l, struct machine_opts *mo,
		      bool seed_set);
/* What the machine is called in titles: the preset or zoneinfo path. */
const char *scen_machine_label(const struct machine_opts *mo);
void scen_unload(struct scen_load *l);

#endif
