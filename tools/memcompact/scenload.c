// SPDX-License-Identifier: GPL-2.0-only
/*
 * scenload.c - a scenario named on the command line (scenload.h).
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "builtin.h"
#include "scenload.h"

/* A scenario's text: a file, else a built-in of that name. */
static char *load_text(const char *cmd, const char *what, size_t *len,
		       char **name, char **dir)
{
	struct stat st;
	char *text, *tmp;

	if (stat(what, &st) == 0 && S_ISREG(st.st_mode)) {
		text = slurp_file(what, len);
		if (!text) {
			cli_error("%s: %s", what, strerror(errno));
			return NULL;
		}
		*name = strdup(what);
		tmp = strdup(what);
		*dir = strdup(tmp ? dirname(tmp) : ".");
		free(tmp);
		return text;
	}
	for (unsigned i = 0; i < nr_builtin_scenarios; i++)
		if (!strcmp(builtin_scenarios[i].name, what)) {
			*len = builtin_scenarios[i].len;
			*name = strdup(what);
			*dir = strdup(".");
			return strdup(builtin_scenarios[i].text);
		}
	if (strchr(what, '/') || strstr(what, ".scen")) {
		cli_error("%s: %s", what, strerror(errno ? errno : ENOENT));
		return NULL;
	}
	die_usage(cmd, "no scenario file or built-in scenario named '%s' (memcompact run --list)",
		  what);
}

int scen_load(const char *cmd, const char *what, struct scen_load *l)
{
	struct mc_error err = { 0 };

	memset(l, 0, sizeof(*l));
	l->text = load_text(cmd, what, &l->len, &l->name, &l->dir);
	if (!l->text)
		return EXIT_FAIL;
	if (mc_scenario_parse(l->text, l->len, l->name, &l->sc, &err)) {
		cli_error("%s:%d: %s", err.file, err.line, err.msg);
		return EXIT_FAIL;
	}
	mc_scenario_info(l->sc, &l->si);
	return EXIT_OK;
}

static int scen_adjust(void *ctx, struct mc_machine_desc *d,
		       struct mc_options *o)
{
	struct scen_load *l = ctx;
	struct mc_error err = { 0 };

	if (mc_scenario_setup(l->sc, d, o, &err)) {
		cli_error("%s:%d: %s", err.file, err.line, err.msg);
		return -1;
	}
	return 0;
}

int scen_machine_opts(struct scen_load *l, struct machine_opts *mo,
		      bool seed_set)
{
	if (!mo->preset && !mo->zoneinfo) {
		if (l->si.zoneinfo) {
			if (l->si.zoneinfo[0] == '/' || !strcmp(l->dir, "."))
				l->zpath = strdup(l->si.zoneinfo);
			else if (asprintf(&l->zpath, "%s/%s", l->dir,
					  l->si.zoneinfo) < 0)
				l->zpath = NULL;
			mo->zoneinfo = l->zpath;
		} else if (l->si.machine) {
			struct mc_machine_desc d;
			struct mc_error err = { 0 };

			if (mc_desc_preset(l->si.machine, &d, &err)) {
				cli_error("%s:%d: machine: %s", l->si.file,
					  l->si.machine_line, err.msg);
				return EXIT_FAIL;
			}
			mo->preset = l->si.machine;
		} else {
			mo->preset = "pc:4G,cpus=4";
		}
	}
	if (!seed_set)
		mo->seed = l->si.seed;
	mo->adjust = scen_adjust;
	mo->adjust_ctx = l;
	return EXIT_OK;
}

const char *scen_machine_label(const struct machine_opts *mo)
{
	return mo->zoneinfo ? mo->zoneinfo : mo->preset;
}

void scen_unload(struct scen_load *l)
{
	mc_scenario_free(l->sc);
	free(l->text);
	free(l->name);
	free(l->dir);
	free(l->zpath);
	memset(l, 0, sizeof(*l));
}
