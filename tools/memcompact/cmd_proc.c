// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_proc.c - 'memcompact proc FILE': the /proc text of a freshly booted
 * machine (buddyinfo, pagetypeinfo, zoneinfo, vmstat, extfrag_index,
 * unusable_index), after optional sysctl settings.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void proc_usage(FILE *f)
{
	fprintf(f, "usage: memcompact proc [-m SPEC | -z ZONEINFO] "
		   "[--sysctl K=V]... FILE...\n"
		   "FILE: buddyinfo pagetypeinfo zoneinfo vmstat "
		   "extfrag_index unusable_index\n");
}

int cmd_proc(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const names[] = {
		[MC_PROC_BUDDYINFO] = "buddyinfo",
		[MC_PROC_PAGETYPEINFO] = "pagetypeinfo",
		[MC_PROC_ZONEINFO] = "zoneinfo",
		[MC_PROC_VMSTAT] = "vmstat",
		[MC_PROC_EXTFRAG_INDEX] = "extfrag_index",
		[MC_PROC_UNUSABLE_INDEX] = "unusable_index",
	};
	struct machine_opts mo;
	struct mc_machine *m;
	int c;

	machine_opts_init(&mo);
	mo.preset = "pc:4G";
	optind = 0;
	while ((c = getopt_long(argc, argv, "m:z:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("proc", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 'h': proc_usage(stdout); return EXIT_OK;
		default:
			fprintf(stderr, "Try 'memcompact proc --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		die_usage("proc", "which file?");
	for (int i = optind; i < argc; i++) {
		bool found = false;

		for (int f = 0; f < MC_PROC_NR_FILES; f++)
			if (!strcmp(argv[i], names[f]))
				found = true;
		if (!found)
			die_usage("proc", "unknown file '%s'", argv[i]);
	}
	m = machine_from_opts(&mo);
	if (!m)
		return EXIT_FAIL;
	for (int i = optind; i < argc; i++)
		for (int f = 0; f < MC_PROC_NR_FILES; f++)
			if (!strcmp(argv[i], names[f]))
				print_proc(m, (enum mc_proc_file)f, stdout);
	mc_machine_destroy(m);
	return EXIT_OK;
}

int cmd_presets(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: memcompact presets\n\n"
		       "List the machine presets that -m/--machine takes.\n");
		return EXIT_OK;
	}
	if (argc > 1)
		die_usage("presets", "unexpected argument '%s'", argv[1]);
	printf("pc:SIZE            x86_64 PC (DMA < 16M, DMA32 < 4G, Normal)\n"
	       "pc-numa:NxSIZE     N nodes of SIZE, x86_64\n"
	       "arm64-4k:SIZE      arm64, 4K pages (MAX_PAGE_ORDER 10)\n"
	       "arm64-16k:SIZE     arm64, 16K pages (MAX_PAGE_ORDER 11)\n"
	       "arm64-64k:SIZE     arm64, 64K pages (MAX_PAGE_ORDER 13)\n"
	       "rock5b+            Radxa Rock 5B+ (RK3588, 16 GiB, 8 CPUs)\n"
	       "Append ,cpus=N to set the CPU count (e.g. pc:16G,cpus=8).\n");
	return EXIT_OK;
}
