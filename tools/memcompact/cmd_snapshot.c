// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_snapshot.c - 'memcompact snapshot' (capture this machine's physical
 * memory state) and 'memcompact export' (write a memcompact machine in
 * the same form, kernel formats first).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "snapdir.h"

static void snapshot_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact snapshot [options] -o DIR\n"
		"\nCapture this machine's physical memory state (needs root):\n"
		"/proc/zoneinfo, buddyinfo, pagetypeinfo, vmstat, iomem, the vm.*\n"
		"sysctls, /proc/kpageflags and /proc/kpagecount (stored compactly\n"
		"as .mcz) and page_owner when the kernel offers it, with a\n"
		"manifest saying what was captured and what was missing and why.\n"
		"\noptions:\n"
		"  -o, --output DIR     the snapshot directory (must not exist,\n"
		"                       or be empty); a name ending in .tar,\n"
		"                       .tar.gz or .tgz writes one archive\n"
		"      --proc DIR       read DIR instead of /proc (e.g. an\n"
		"                       exported proc tree)\n"
		"      --debugfs DIR    where debugfs is mounted\n"
		"                       (/sys/kernel/debug)\n"
		"      --sysfs DIR      read the THP settings under DIR (/sys)\n"
		"      --no-page-owner  do not capture page_owner\n"
		"  -q, --quiet          no summary line\n"
		"  -h, --help           this text\n"
		"\nexit status: 0 captured, 1 capture failed, 2 usage error\n");
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "proc", required_argument, NULL, 'P' },
		{ "debugfs", required_argument, NULL, 'D' },
		{ "sysfs", required_argument, NULL, 'Y' },
		{ "no-page-owner", no_argument, NULL, 'N' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct capture_opts o = { .proc = "/proc", .sysfs = "/sys",
				  .debugfs = "/sys/kernel/debug",
				  .page_owner = true };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out = optarg; break;
		case 'P': o.proc = optarg; break;
		case 'D': o.debugfs = optarg; break;
		case 'Y': o.sysfs = optarg; break;
		case 'N': o.page_owner = false; break;
		case 'q': o.quiet = true; break;
		case 'h': snapshot_usage(stdout); return EXIT_OK;
		default: snapshot_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die_usage("snapshot", "unexpected argument '%s'", argv[optind]);
	if (!o.out)
		die_usage("snapshot", "where to? give -o DIR");
	if (snapshot_is_archive(o.out)) {
		char tmp[4096];
		const char *final = o.out;
		int ret;

		if (snapshot_archive_begin(final, tmp, sizeof(tmp)))
			return EXIT_FAIL;
		o.out = tmp;
		o.display = final;
		ret = snapshot_capture(&o);
		ret = snapshot_archive_end(tmp, final, !ret) || ret;
		return ret ? EXIT_FAIL : EXIT_OK;
	}
	return snapshot_capture(&o) ? EXIT_FAIL : EXIT_OK;
}

static void export_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact export [-m SPEC | -z ZONEINFO | -s SNAPSHOT]\n"
		"                         [--sysctl K=V]... [options] -o DIR\n"
		"\nWrite a memcompact machine as a snapshot directory: a proc tree\n"
		"(DIR/proc: zoneinfo, buddyinfo, pagetypeinfo, vmstat, kpageflags,\n"
		"kpagecount in the kernel's formats, so page-types -F and\n"
		"node_exporter --path.procfs read it), the sysctls, and\n"
		"memcompact.state for an exact import.  The machine is a freshly\n"
		"booted preset, or a snapshot imported (to re-export it).  To\n"
		"export the machine of a scenario use 'memcompact run --export'.\n"
		"\noptions:\n"
		"  -o, --output DIR  the directory (must not exist, or be empty);\n"
		"                    *.tar, *.tar.gz, *.tgz: one archive\n"
		"  -m, --machine SPEC  a preset (pc:4G ...); see 'presets'\n"
		"  -z, --zoneinfo FILE a zone layout from a /proc/zoneinfo\n"
		"  -s, --snapshot DIR  import a snapshot, then export it\n"
		"      --mcz         store kpageflags and kpagecount as .mcz\n"
		"      --no-state    leave out memcompact.state\n"
		"      --sysctl K=V  set a vm.* tunable first\n"
		"  -h, --help        this text\n"
		"\nexit status: 0 written, 1 failed, 2 usage error\n");
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "mcz", no_argument, NULL, 'Z' },
		{ "no-state", no_argument, NULL, 'N' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_opts eo = { .state = true };
	struct machine_opts mo;
	const char *snap = NULL;
	struct mc_machine *m;
	int c, ret;

	machine_opts_init(&mo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:m:z:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': eo.out = optarg; break;
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 's': snap = optarg; break;
		case 'Z': eo.compact = true; break;
		case 'N': eo.state = false; break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("export", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 'h': export_usage(stdout); return EXIT_OK;
		default: export_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die_usage("export", "unexpected argument '%s'", argv[optind]);
	if (!eo.out)
		die_usage("export", "where to? give -o DIR");
	if (snap && (mo.preset || mo.zoneinfo))
		die_usage("export", "-s and -m/-z exclude each other");
	if (snap) {
		m = machine_from_snapshot(snap, false, NULL);
		if (m && apply_sysctls(m, mo.sysctls, mo.nr_sysctls,
				       "--sysctl")) {
			mc_machine_destroy(m);
			m = NULL;
		}
	} else {
		m = machine_from_opts(&mo);
	}
	if (!m)
		return EXIT_FAIL;
	ret = snapshot_export_any(m, &eo);
	mc_machine_destroy(m);
	return ret ? EXIT_FAIL : EXIT_OK;
}
