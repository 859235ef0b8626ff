// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_sysctl.c - 'memcompact sysctl', shaped like procps-ng 4.0's sysctl(8):
 *   memcompact sysctl -a               every readable tunable, "name = value"
 *   memcompact sysctl NAME...          print these
 *   memcompact sysctl [-w] NAME=VALUE...  set (and print) these
 *   memcompact sysctl -p [FILE...]     load sysctl.conf(5) files ("-" is
 *                                      stdin; no FILE: /etc/sysctl.conf)
 * with procps's -n (values only), -N (names only), -e (ignore unknown
 * keys), -q (do not echo what is set), -b (value without newline) and
 * -r REGEX (only names matching).  What is echoed after a write is the
 * value written, as procps echoes it.
 *
 * The machine is freshly booted from -m/-z (default pc:4G); settings apply
 * in order, so reads show the effect of the writes before them.
 *
 * Messages follow procps ("cannot stat /proc/sys/vm/x: No such file or
 * directory", "setting key \"vm.x\": Invalid argument"), prefixed
 * "memcompact sysctl: "; a file's lines are named FILE:LINE.  As in procps
 * a line without '=' is reported and skipped ("invalid syntax,
 * continuing...") without failing the load, a key written with a leading
 * '-' may fail silently, and every other failure makes the exit status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

#define DEFAULT_PRELOAD "/etc/sysctl.conf"

struct sysctl_opts {
	bool values_only;	/* -n */
	bool names_only;	/* -N */
	bool ignore_unknown;	/* -e */
	bool quiet;		/* -q */
	bool binary;		/* -b */
	bool have_pattern;	/* -r */
	regex_t pattern;
	struct json *json;	/* -j: one object, "name": "value" */
};

static void sysctl_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact sysctl [options] [NAME[=VALUE]...]\n"
		"       memcompact sysctl [options] -a\n"
		"       memcompact sysctl [options] -p [FILE...]\n"
		"\n"
		"The vm.* tunables of a freshly booted machine, read and written\n"
		"as procps sysctl(8) does.\n"
		"\n"
		"  -a, --all            print every readable tunable (also -A, -X)\n"
		"  -w, --write          every argument is NAME=VALUE\n"
		"  -p, --load[=FILE]    load sysctl.conf(5) FILEs (the arguments;\n"
		"                       '-' is stdin; none: " DEFAULT_PRELOAD ")\n"
		"  -n, --values         print values only\n"
		"  -N, --names          print names only\n"
		"  -e, --ignore         ignore unknown keys\n"
		"  -q, --quiet          do not echo the values set\n"
		"  -b, --binary         print the value without a newline\n"
		"  -r, --pattern REGEX  only names matching the extended REGEX\n"
		"  -m, --machine SPEC   machine preset (default pc:4G;\n"
		"                       'memcompact presets' lists them)\n"
		"  -z, --zoneinfo FILE  machine layout from a /proc/zoneinfo\n"
		"  -j, --json           what would be printed, as one JSON\n"
		"                       object of \"name\": \"value\" strings\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit status: 0 ok, 1 a key could not be read or set, 2 usage.\n");
}

static void serr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void serr(const char *fmt, ...)
{
	va_list ap;

	fputs("memcompact sysctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* sysctl(8) shows dotted names: "vm/swappiness" prints "vm.swappiness". */
static void dotted(char *out, size_t len, const char *name)
{
	size_t i;

	snprintf(out, len, "%s", name);
	for (i = 0; out[i]; i++)
		if (out[i] == '/')
			out[i] = '.';
}

/* The /proc/sys path procps would stat, for messages. */
static void proc_path(char *out, size_t len, const char *name)
{
	size_t i;

	snprintf(out, len, "/proc/sys/%s", name);
	for (i = 10; out[i]; i++)
		if (out[i] == '.')
			out[i] = '/';
}

static bool wanted(const struct sysctl_opts *so, const char *name)
{
	char shown[256];

	if (!so->have_pattern)
		return true;
	dotted(shown, sizeof(shown), name);
	return regexec(&so->pattern, shown, 0, NULL, 0) == 0;
}

static void print_setting(const struct sysctl_opts *so, const char *name,
			  const char *value)
{
	char shown[256];

	dotted(shown, sizeof(shown), name);
	if (so->json)
		json_kstr(so->json, shown, value);
	else if (so->names_only)
		printf("%s\n", shown);
	else if (so->values_only)
		printf(so->binary ? "%s" : "%s\n", value);
	else
		printf("%s = %s\n", shown, value);
}

/* Read and print one key; -1 on failure (reported unless -e hides it). */
static int read_setting(struct mc_machine *m, const struct sysctl_opts *so,
			const char *name)
{
	char buf[4096], path[300], shown[256];
	int n;

	if (!*name) {
		serr("\"\" is an unknown key");
		return -1;
	}
	n = mc_sysctl_read(m, name, buf, sizeof(buf));
	if (n < 0) {
		dotted(shown, sizeof(shown), name);
		proc_path(path, sizeof(path), name);
		if (n == -ENOENT) {
			if (so->ignore_unknown)
				return 0;
			serr("cannot stat %s: No such file or directory", path);
		} else if (n == -EACCES || n == -EPERM) {
			serr("permission denied on key '%s'", shown);
		} else {
			serr("reading key \"%s\": %s", shown, strerror(-n));
		}
		return -1;
	}
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	print_setting(so, name, buf);
	return 0;
}

/*
 * Write one key and echo it (unless -q).  @where names the origin for
 * messages ("FILE:LINE: " or "").  @ignore_failure: a '-' key of a file.
 */
static int write_setting(struct mc_machine *m, const struct sysctl_opts *so,
			 const char *name, const char *value,
			 const char *where, bool ignore_failure)
{
	char path[300], shown[256];
	int ret;

	dotted(shown, sizeof(shown), name);
	if (!*name) {
		if (ignore_failure)
			return 0;
		serr("%smissing key name before '='", where);
		return -1;
	}
	ret = mc_sysctl_write(m, name, value, strlen(value));
	if (ret < 0) {
		if (ignore_failure || (ret == -ENOENT && so->ignore_unknown))
			return 0;
		proc_path(path, sizeof(path), name);
		if (ret == -ENOENT)
			serr("%scannot stat %s: No such file or directory",
			     where, path);
		else if (ret == -EACCES || ret == -EPERM)
			serr("%spermission denied on key \"%s\"", where, shown);
		else
			serr("%ssetting key \"%s\": %s", where, shown,
			     strerror(-ret));
		return -1;
	}
	if (!so->quiet)
		print_setting(so, name, value);
	return 0;
}

/* "NAME=VALUE" from the command line. */
static int write_arg(struct mc_machine *m, const struct sysctl_opts *so,
		     const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[256];

	if (!eq) {
		serr("\"%s\" must be of the form name=value", arg);
		return -1;
	}
	if ((size_t)(eq - arg) >= sizeof(name)) {
		serr("key name too long: \"%.40s...\"", arg);
		return -1;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
	return write_setting(m, so, name, eq + 1, "", false);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* procps Preload(): one sysctl.conf(5) file. */
static int load_file(struct mc_machine *m, const struct sysctl_opts *so,
		     const char *path)
{
	bool is_stdin = !strcmp(path, "-");
	const char *label = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	char *line = NULL, where[512];
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if (!f) {
		serr("cannot open \"%s\": %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		char *s, *eq, *name, *val;
		bool ignore_failure = false;

		lineno++;
		s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '-') {
			ignore_failure = true;
			s++;
		}
		snprintf(where, sizeof(where), "%s:%d: ", label, lineno);
		eq = strchr(s, '=');
		if (!eq) {
			serr("%sinvalid syntax, continuing...", where);
			continue;
		}
		*eq = '\0';
		name = trim(s);
		val = trim(eq + 1);
		if (!wanted(so, name))
			continue;
		if (write_setting(m, so, name, val, where, ignore_failure))
			rc = -1;
	}
	if (ferror(f)) {
		serr("%s: read error: %s", label, strerror(errno));
		rc = -1;
	}
	free(line);
	if (!is_stdin)
		fclose(f);
	return rc;
}

struct all_ctx {
	struct mc_machine *m;
	const struct sysctl_opts *so;
	int rc;
};

static int print_all(void *ctx, const char *name, unsigned mode)
{
	struct all_ctx *a = ctx;

	/* sysctl -a skips write-only entries (vm.compact_memory ...) */
	if (!(mode & 0444) || !wanted(a->so, name))
		return 0;
	if (read_setting(a->m, a->so, name))
		a->rc = -1;
	return 0;
}

int cmd_sysctl(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "write", no_argument, NULL, 'w' },
		{ "load", optional_argument, NULL, 'p' },
		{ "values", no_argument, NULL, 'n' },
		{ "names", no_argument, NULL, 'N' },
		{ "ignore", no_argument, NULL, 'e' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "binary", no_argument, NULL, 'b' },
		{ "pattern", required_argument, NULL, 'r' },
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sysctl_opts so = { 0 };
	struct json js;
	bool json = false;
	struct machine_opts mo;
	bool all = false, write = false, load = false;
	const char *load_opt = NULL;
	struct mc_machine *m;
	int c, rc = EXIT_OK, ret;

	machine_opts_init(&mo);
	mo.preset = "pc:4G";
	optind = 0;
	while ((c = getopt_long(argc, argv, "aAXwp::nNeqbr:m:z:jh", opts,
				NULL)) != -1) {
		switch (c) {
		case 'a': case 'A': case 'X': all = true; break;
		case 'w': write = true; break;
		case 'p': load = true; load_opt = optarg; break;
		case 'n': so.values_only = true; break;
		case 'N': so.names_only = true; break;
		case 'e': so.ignore_unknown = true; break;
		case 'q': so.quiet = true; break;
		case 'b': so.binary = true; so.values_only = true; break;
		case 'r':
			if (so.have_pattern)
				regfree(&so.pattern);
			ret = regcomp(&so.pattern, optarg,
				      REG_EXTENDED | REG_NOSUB);
			if (ret) {
				char msg[128];

				regerror(ret, &so.pattern, msg, sizeof(msg));
				die_usage("sysctl", "--pattern: '%s': %s",
					  optarg, msg);
			}
			so.have_pattern = true;
			break;
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 'j': json = true; break;
		case 'h': sysctl_usage(stdout); return EXIT_OK;
		default:
			fprintf(stderr, "Try 'memcompact sysctl --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (so.names_only && so.values_only)
		die_usage("sysctl", "-n and -N exclude each other");
	if (json && (so.names_only || so.values_only))
		die_usage("sysctl", "-j excludes -n, -N and -b");
	if (all && load)
		die_usage("sysctl", "-a and -p exclude each other");
	if (all && optind < argc)
		die_usage("sysctl", "-a takes no names ('%s')", argv[optind]);
	if (!all && !load && optind >= argc)
		die_usage("sysctl", "give -a, -p [FILE] or names");
	m = machine_from_opts(&mo);
	if (!m)
		return EXIT_FAIL;
	if (json) {
		json_init(&js, stdout);
		json_obj_begin(&js);
		so.json = &js;
	}
	if (all) {
		struct all_ctx a = { m, &so, 0 };

		mc_sysctl_foreach(m, print_all, &a);
		if (a.rc)
			rc = EXIT_FAIL;
	} else if (load) {
		/* procps: -pFILE, then every argument is a file */
		if (load_opt && load_file(m, &so, load_opt))
			rc = EXIT_FAIL;
		if (!load_opt && optind >= argc &&
		    load_file(m, &so, DEFAULT_PRELOAD))
			rc = EXIT_FAIL;
		for (int i = optind; i < argc; i++)
			if (load_file(m, &so, argv[i]))
				rc = EXIT_FAIL;
	} else {
		for (int i = optind; i < argc; i++) {
			if (write || strchr(argv[i], '='))
				ret = write_arg(m, &so, argv[i]);
			else
				ret = read_setting(m, &so, argv[i]);
			if (ret)
				rc = EXIT_FAIL;
		}
	}
	if (json)
		json_obj_end(&js);
	if (so.have_pattern)
		regfree(&so.pattern);
	mc_machine_destroy(m);
	return rc;
}
