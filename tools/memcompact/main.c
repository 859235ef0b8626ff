// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - the memcompact command: a table of subcommands dispatched by
 * name, as git and perf do; global --help and --version.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_cmd commands[] = {
	{ "run", cmd_run, "run a scenario and report (--default: built-in)" },
	{ "sysctl", cmd_sysctl, "read and write vm.* tunables like sysctl(8)" },
	{ "proc", cmd_proc, "print a /proc file of a freshly booted machine" },
	{ "presets", cmd_presets, "list the machine presets" },
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

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("memcompact %s (Linux %s)\n", mc_version(),
		       MEMCOMPACT_KERNEL_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "memcompact: '%s' is not a memcompact command. "
			"See 'memcompact --help'.\n", argv[1]);
	return EXIT_USAGE;
}
