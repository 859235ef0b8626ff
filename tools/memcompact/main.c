// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - the memcompact command: a table of subcommands dispatched by
 * name, as git and perf do; global --help, --version and --list-commands
 * (one name per line, for scripts, completion and the man page test).
 * A subcommand sees itself as argv[0] = "memcompact <name>", so getopt's
 * own messages name the command ("memcompact run: unrecognized option").
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_cmd commands[] = {
	{ "run", cmd_run, "run a scenario and report (--default: built-in)" },
	{ "sysctl", cmd_sysctl, "read and write vm.* tunables like sysctl(8)" },
	{ "proc", cmd_proc, "print a /proc file of a freshly booted machine" },
	{ "presets", cmd_presets, "list the machine presets" },
	{ "replay", cmd_replay,
	  "replay a kernel's page allocation trace and compare pfns" },
	{ "top", cmd_top, "a live view of a running simulation" },
	{ "snapshot", cmd_snapshot,
	  "capture this machine's physical memory state (root)" },
	{ "export", cmd_export,
	  "write a machine as kpageflags, kpagecount and a proc tree" },
	{ "whatif", cmd_whatif,
	  "what compaction would do to a snapshot's memory" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: memcompact [--version] [--help] <command> [<args>]\n"
		   "\nmemcompact %s reproduces the page allocator and memory "
		   "compaction of Linux %s.\n\ncommands:\n",
		mc_version(), MEMCOMPACT_KERNEL_VERSION);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "   %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\n'memcompact <command> --help' describes a command.\n");
}

static const struct cli_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static int dispatch(const struct cli_cmd *c, int argc, char **argv)
{
	char self[64];

	snprintf(self, sizeof(self), "memcompact %s", c->name);
	argv[0] = self;
	return c->fn(argc, argv);
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("memcompact %s (Linux %s)\n", mc_version(),
		       MEMCOMPACT_KERNEL_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--list-commands")) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]);
		     i++)
			printf("%s\n", commands[i].name);
		return EXIT_OK;
	}
	/* "memcompact help CMD" is "memcompact CMD --help", as in git */
	if (!strcmp(argv[1], "help") && argc > 2) {
		char help[] = "--help";
		char *av[3] = { argv[2], help, NULL };

		c = find_cmd(argv[2]);
		if (c)
			return dispatch(c, 2, av);
		argv[1] = argv[2];
	} else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
		   !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	c = find_cmd(argv[1]);
	if (c)
		return dispatch(c, argc - 1, argv + 1);
	fprintf(stderr, "memcompact: '%s' is not a memcompact command. "
			"See 'memcompact --help'.\n", argv[1]);
	return EXIT_USAGE;
}
