/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * snapdir.h - writing snapshot directories: a live capture of this
 * machine's /proc (snapshot) and a memcompact machine's state (export).
 * The format is docs/snapshot.md's; the library reads it back
 * (mc_snapshot_load).
 */
#ifndef MC_SNAPDIR_H
#define MC_SNAPDIR_H

#include <memcompact.h>
#include <stdbool.h>
#include <stdint.h>

struct capture_opts {
	const char *out;	/* the directory to create */
	const char *display;	/* the name to print (NULL: out) */
	const char *proc;	/* "/proc" (another root for tests) */
	const char *debugfs;	/* "/sys/kernel/debug" */
	const char *sysfs;	/* "/sys" */
	bool page_owner;	/* capture page_owner when offered */
	bool quiet;
};

/* Capture; prints progress and errors; 0 or -errno. */
int snapshot_capture(const struct capture_opts *o);

struct export_opts {
	const char *out;
	bool compact;		/* kpageflags.mcz instead of raw files */
	bool state;		/* write memcompact.state */
};

/* Export @m as a snapshot directory; prints errors; 0 or -errno. */
int snapshot_export(struct mc_machine *m, const struct export_opts *o);
/* The same, or one archive when o->out is named *.tar, *.tar.gz, *.tgz. */
int snapshot_export_any(struct mc_machine *m, const struct export_opts *o);

/*
 * One archive instead of a directory: an output named *.tar, *.tar.gz or
 * *.tgz is written to a work directory first, then packed (ustar, entries
 * sorted, mtime 0: deterministic) and the work directory removed.
 */
bool snapshot_is_archive(const char *out);
int snapshot_archive_begin(const char *out, char *tmp, size_t tlen);
int snapshot_archive_end(const char *tmp, const char *out, bool ok);

#endif
