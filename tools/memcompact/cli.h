/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli.h - shared pieces of the memcompact command: the subcommand table,
 * option helpers (sizes and times with units), machine creation from
 * command-line options, and output helpers.  The command talks; the
 * library never prints.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <memcompact.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes scripts can rely on. */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

int cmd_run(int argc, char **argv);
int cmd_sysctl(int argc, char **argv);
int cmd_proc(int argc, char **argv);
int cmd_presets(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_whatif(int argc, char **argv);

/* Import a snapshot directory (cmd_whatif.c); prints the error and, with
 * @notes, the import's notes; NULL on failure. */
struct mc_import_result;
struct mc_machine *machine_from_snapshot(const char *dir, bool notes,
					 struct mc_import_result *res);

/* Machine options shared by subcommands. */
struct machine_opts {
	const char *preset;	/* "pc:4G" ... */
	const char *zoneinfo;	/* path of a /proc/zoneinfo */
	int cpus;		/* 0 = the preset's default */
	uint64_t seed;
	bool check;		/* MC_OPT_CHECK_EACH_OP */
	const char *sysctls[64];	/* "name=value" */
	int nr_sysctls;
	/* called with the description and options just before the machine
	 * is created (a scenario adds CMA areas and swap); non-zero: stop */
	int (*adjust)(void *ctx, struct mc_machine_desc *d,
		      struct mc_options *o);
	void *adjust_ctx;
};

void machine_opts_init(struct machine_opts *mo);
/* Build the machine; on error print "memcompact: ..." and return NULL. */
struct mc_machine *machine_from_opts(const struct machine_opts *mo);
/* Apply "name=value" sysctl settings; prints errors; -1 on failure. */
int apply_sysctls(struct mc_machine *m, const char *const *kv, int n,
		  const char *origin);

/* Parse "512M", "4G", "4096" (bytes). */
int parse_size(const char *s, uint64_t *bytes);
/* Parse "500ms", "2s", "1m" (a bare number is seconds) into ns. */
int parse_time(const char *s, uint64_t *ns);
/* Parse a decimal or 0x number. */
int parse_u64(const char *s, uint64_t *v);

/* mkdir -p: @path and its parents; 0 or -errno. */
int mkdir_p(const char *path);

/* The whole of a file, NUL-terminated (length in *len); NULL with errno. */
char *slurp_file(const char *path, size_t *len);

/*
 * Option values: parse @arg of option @opt (e.g. "--delay") of subcommand
 * @cmd, or print "memcompact CMD: OPT: 'ARG' is not ..." and exit 2.
 */
uint64_t opt_u64(const char *cmd, const char *opt, const char *arg,
		 uint64_t min, uint64_t max);
uint64_t opt_size(const char *cmd, const char *opt, const char *arg);
uint64_t opt_time(const char *cmd, const char *opt, const char *arg);

/*
 * Progress on stderr: only when stderr is a terminal and neither --quiet
 * nor $CI is set; at most every 100 ms; the line is cleared at the end.
 * Results always go to stdout.
 */
struct progress {
	const char *what;
	bool on, shown;
	uint64_t last_ms;
};
void progress_init(struct progress *p, const char *what, bool quiet);
void progress_update(struct progress *p, uint64_t done, uint64_t total);
void progress_done(struct progress *p);

/* Write a /proc file to @f. */
int print_proc(struct mc_machine *m, enum mc_proc_file which, FILE *f);

void die_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
