// SPDX-License-Identifier: GPL-2.0-only
/*
 * common.c - option parsing and machine creation shared by subcommands.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("memcompact: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void die_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "memcompact %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'memcompact %s --help'.\n", cmd);
	exit(EXIT_USAGE);
}

int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

int parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long x;
	unsigned shift = 0;

	if (!s || !*s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	default: break;
	}
	if (*end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -EINVAL;
	if (shift && x > (~0ULL >> shift))
		return -EINVAL;
	*bytes = x << shift;
	return 0;
}

void machine_opts_init(struct machine_opts *mo)
{
	memset(mo, 0, sizeof(*mo));
	mo->seed = 1;
}

char *slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				break;
		}
		size_t r = fread(buf + n, 1, 4096, f);

		n += r;
		if (r < 4096)
			break;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

struct mc_machine *machine_from_opts(const struct machine_opts *mo)
{
	static struct mc_machine_desc d;
	struct mc_error err = { 0 };
	struct mc_options o = { .seed = mo->seed };
	struct mc_machine *m = NULL;
	int ret;

	memset(&d, 0, sizeof(d));
	if (mo->zoneinfo) {
		size_t len = 0;
		char *text = slurp_file(mo->zoneinfo, &len);

		if (!text) {
			cli_error("%s: %s", mo->zoneinfo, strerror(errno));
			return NULL;
		}
		ret = mc_desc_from_zoneinfo(text, len, mo->zoneinfo, &d, &err);
		free(text);
	} else {
		ret = mc_desc_preset(mo->preset ? mo->preset : "pc:4G", &d,
				     &err);
	}
	if (ret) {
		if (err.line)
			cli_error("%s:%d: %s", err.file, err.line, err.msg);
		else
			cli_error("%s: %s", err.file[0] ? err.file : "machine",
				  err.msg);
		return NULL;
	}
	if (mo->cpus > 0) {
		d.nr_cpus = (unsigned)mo->cpus;
		for (int c = 0; c < MC_MAX_CPUS; c++)
			d.cpu_to_node[c] = -1;
	}
	if (mo->check)
		o.flags |= MC_OPT_CHECK_EACH_OP;
	if (mo->adjust && mo->adjust(mo->adjust_ctx, &d, &o))
		return NULL;
	ret = mc_machine_create(&d, &o, &m, &err);
	if (ret) {
		cli_error("cannot create the machine: %s%s%s",
			  err.msg[0] ? err.msg : strerror(-ret),
			  err.file[0] ? " in " : "", err.file);
		return NULL;
	}
	if (apply_sysctls(m, mo->sysctls, mo->nr_sysctls, "--sysctl")) {
		mc_machine_destroy(m);
		return NULL;
	}
	return m;
}

int apply_sysctls(struct mc_machine *m, const char *const *kv, int n,
		  const char *origin)
{
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(kv[i], '=');
		char name[256];
		size_t nl;
		int ret;

		if (!eq || eq == kv[i]) {
			cli_error("%s: '%s' is not name=value", origin, kv[i]);
			return -1;
		}
		nl = (size_t)(eq - kv[i]);
		if (nl >= sizeof(name)) {
			cli_error("%s: name too long in '%s'", origin, kv[i]);
			return -1;
		}
		memcpy(name, kv[i], nl);
		name[nl] = '\0';
		ret = mc_sysctl_write(m, name, eq + 1, strlen(eq + 1));
		if (ret < 0) {
			cli_error("%s: setting key \"%s\": %s", origin, name,
				  strerror(-ret));
			return -1;
		}
	}
	return 0;
}

static void file_write(void *ctx, const char *buf, size_t len)
{
	fwrite(buf, 1, len, (FILE *)ctx);
}

int print_proc(struct mc_machine *m, enum mc_proc_file which, FILE *f)
{
	return mc_proc_render(m, which, file_write, f);
}
