// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - the memcompact command: dispatches to one file per subcommand,
 * as git and perf do.
 */
#include <stdio.h>
#include <string.h>

#include <memcompact.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("memcompact %s (Linux %s)\n", mc_version(),
		       MEMCOMPACT_KERNEL_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: memcompact <command> [<args>]\n");
	return 2;
}
