/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * builtin.h - the scenarios shipped in scenarios/ and embedded in the
 * command at build time (scripts/embed-scenarios.cmake).
 */
#ifndef MC_BUILTIN_H
#define MC_BUILTIN_H

#include <stddef.h>

struct builtin_scenario {
	const char *name;	/* the file name without .scen */
	const char *text;	/* NUL-terminated */
	size_t len;
};

extern const struct builtin_scenario builtin_scenarios[];
extern const unsigned nr_builtin_scenarios;

#endif
