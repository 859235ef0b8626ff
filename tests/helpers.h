/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helpers.h - shared support for memcompact's tests: machines from presets,
 * golden files, capturing rendered text, and an invariant-check hook that
 * fails the test on the first violation.
 */
#ifndef MC_TESTS_HELPERS_H
#define MC_TESTS_HELPERS_H

#include <memcompact.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Create a machine from a preset spec; aborts the test program on error. */
struct mc_machine *t_machine(const char *spec, unsigned opts);
/* Same from a filled description. */
struct mc_machine *t_machine_desc(const struct mc_machine_desc *d,
				  unsigned opts);

/* Run mc_check(); print every violation to stderr; return their number. */
int t_check(struct mc_machine *m);

/* Render a /proc file into a malloc'ed NUL-terminated string. */
char *t_render(struct mc_machine *m, enum mc_proc_file f);

/* Read a file relative to the source tree (MC_SOURCE_DIR) or NULL. */
char *t_read_source_file(const char *relpath, size_t *len);

/*
 * Compare @got with the golden file tests/golden/@name.  With the
 * environment variable MC_UPDATE_GOLDEN=1 the golden file is (re)written
 * instead.  Returns true when equal; on a difference prints the first
 * differing line to stderr.
 */
bool t_golden(const char *name, const char *got);

/*
 * Page sums over every populated zone of every node: free pages on the
 * buddy lists (NR_FREE_PAGES) plus those on per-cpu lists; managed pages
 * in *@managed (may be NULL).
 */
uint64_t t_free_pages(struct mc_machine *m, uint64_t *managed);

/* Allocate with a simple request; returns pfn or UINT64_MAX on failure. */
uint64_t t_alloc(struct mc_machine *m, uint32_t gfp, unsigned order, int cpu);

#endif
