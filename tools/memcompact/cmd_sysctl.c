// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_sysctl.c - 'memcompact sysctl', shaped like procps sysctl(8):
 *   memcompact sysctl -a               every tunable as "name = value"
 *   memcompact sysctl NAME...          print these
 *   memcompact sysctl -w NAME=VALUE... set (and print) these
 *   memcompact sysctl -p FILE          load sysctl.conf syntax
 * The machine is freshly booted from --machine (default pc:4G): settings
 * apply in order, so the output shows the effect of each on the machine.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void sysctl_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact sysctl [-m SPEC] [-n] -a\n"
		"       memcompact sysctl [-m SPEC] [-n] NAME...\n"
		"       memcompact sysctl [-m SPEC] -w NAME=VALUE...\n"
		"       memcompact sysctl [-m SPEC] -p FILE\n"
		"\n"
		"  -a, --all            print every tunable\n"
		"  -w, --write          arguments are NAME=VALUE\n"
		"  -p, --load FILE      settings in sysctl.conf(5) syntax\n"
		"  -n, --values         print values only\n"
		"  -m, --machine SPEC   machine preset (default pc:4G)\n"
		"  -h, --help           this text\n");
}

static bool values_only;

static int show_one(struct mc_machine *m, const char *name)
{
	char buf[4096], shown[256];
	int n = mc_sysctl_read(m, name, buf, sizeof(buf));
	size_t i;

	if (n < 0) {
		if (n == -ENOENT)
			cli_error("cannot stat /proc/sys/%s: No such file or "
				  "directory", name);
		else if (n == -EACCES)
			cli_error("permission denied on key '%s'", name);
		else
			cli_error("reading key \"%s\": %s", name,
				  strerror(-n));
		return -1;
	}
	/* sysctl(8) prints dotted names and tabs as spaces' widths kept */
	snprintf(shown, sizeof(shown), "%s", name);
	for (i = 0; shown[i]; i++)
		if (shown[i] == '/')
			shown[i] = '.';
	if (strncmp(shown, "vm.", 3) && strncmp(shown, ".proc", 5))
		memmove(shown + 3, shown, strlen(shown) + 1),
			memcpy(shown, "vm.", 3);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (values_only)
		printf("%s\n", buf);
	else
		printf("%s = %s\n", shown, buf);
	return 0;
}

static int print_all(void *ctx, const char *name, unsigned mode)
{
	struct mc_machine *m = ctx;

	/* sysctl -a skips write-only entries (permission denied). */
	if (!(mode & 0444))
		return 0;
	show_one(m, name);
	return 0;
}

static int load_file(struct mc_machine *m, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0, rc = 0;

	if (!f) {
		cli_error("cannot open \"%s\": %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *e, *eq, *name, *val;
		bool ignore_fail = false;
		int ret;

		lineno++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == ';' || *s == '\n' || !*s)
			continue;
		if (*s == '-') {
			ignore_fail = true;
			s++;
		}
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' ||
				 e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		eq = strchr(s, '=');
		if (!eq) {
			cli_error("%s:%d: line is not 'name = value'", path,
				  lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		name = s;
		val = eq + 1;
		for (e = eq; e > name && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		while (*val == ' ' || *val == '\t')
			val++;
		ret = mc_sysctl_write(m, name, val, strlen(val));
		if (ret < 0) {
			if (!ignore_fail) {
				cli_error("%s:%d: setting key \"%s\": %s", path,
					  lineno, name, strerror(-ret));
				rc = -1;
			}
			continue;
		}
		show_one(m, name);
	}
	fclose(f);
	return rc;
}

int cmd_sysctl(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "write", no_argument, NULL, 'w' },
		{ "load", required_argument, NULL, 'p' },
		{ "values", no_argument, NULL, 'n' },
		{ "machine", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct machine_opts mo;
	bool all = false, write = false;
	const char *load = NULL;
	struct mc_machine *m;
	int c, rc = EXIT_OK;

	machine_opts_init(&mo);
	mo.preset = "pc:4G";
	values_only = false;
	optind = 0;
	while ((c = getopt_long(argc, argv, "awp:nm:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'w': write = true; break;
		case 'p': load = optarg; break;
		case 'n': values_only = true; break;
		case 'm': mo.preset = optarg; break;
		case 'h': sysctl_usage(stdout); return EXIT_OK;
		default: sysctl_usage(stderr); return EXIT_USAGE;
		}
	}
	if (!all && !load && optind >= argc)
		die_usage("sysctl", "give -a, -p FILE or names");
	m = machine_from_opts(&mo);
	if (!m)
		return EXIT_FAIL;
	if (all)
		mc_sysctl_foreach(m, print_all, m);
	if (load && load_file(m, load))
		rc = EXIT_FAIL;
	for (int i = optind; i < argc; i++) {
		if (write || strchr(argv[i], '=')) {
			const char *kv[1] = { argv[i] };
			char name[256];
			const char *eq = strchr(argv[i], '=');

			if (!eq) {
				cli_error("\"%s\" must be of the form name=value",
					  argv[i]);
				rc = EXIT_FAIL;
				continue;
			}
			if (apply_sysctls(m, kv, 1, "sysctl")) {
				rc = EXIT_FAIL;
				continue;
			}
			snprintf(name, sizeof(name), "%.*s",
				 (int)(eq - argv[i]), argv[i]);
			if (show_one(m, name) && strcmp(name, "vm.compact_memory"))
				rc = EXIT_FAIL;
		} else if (show_one(m, argv[i])) {
			rc = EXIT_FAIL;
		}
	}
	mc_machine_destroy(m);
	return rc;
}
