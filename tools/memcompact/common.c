// SPDX-License-Identifier: GPL-2.0-only
/*
 * common.c - option parsing and machine creation shared by subcommands.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/*
 * parse_time() - "500ms", "2s", "1.5m", "250us", "1h"; a bare number is
 * seconds (as stress-ng's -t and sleep(1) read it).  Units: ns, us, ms,
 * s, m (minutes), min, h.  Up to nine decimal places.  The result is in
 * nanoseconds; -ERANGE when it does not fit 64 bits, -EINVAL otherwise.
 */
int parse_time(const char *s, uint64_t *ns)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000ull }, { "m", 60000000000ull },
		{ "min", 60000000000ull }, { "h", 3600000000000ull },
	};
	uint64_t ip = 0, fp = 0, fscale = 1, unit = 1000000000ull, v;
	const char *p = s;
	size_t i;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		if (ip > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		for (; isdigit((unsigned char)*p); p++) {
			if (fscale < 1000000000ull) {
				fp = fp * 10 + (uint64_t)(*p - '0');
				fscale *= 10;
			}
		}
	}
	if (*p) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(p, units[i].name))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -EINVAL;
		unit = units[i].ns;
	}
	if (ip > UINT64_MAX / unit)
		return -ERANGE;
	v = ip * unit;
	/* fp < fscale <= 1e9 and unit <= 3.6e12: split to avoid overflow */
	if (fp) {
		uint64_t f = (unit / fscale) * fp +
			     (unit % fscale) * fp / fscale;

		if (v > UINT64_MAX - f)
			return -ERANGE;
		v += f;
	}
	*ns = v;
	return 0;
}

uint64_t opt_u64(const char *cmd, const char *opt, const char *arg,
		 uint64_t min, uint64_t max)
{
	uint64_t v;

	if (parse_u64(arg, &v))
		die_usage(cmd, "%s: '%s' is not a number", opt, arg);
	if (v < min || v > max)
		die_usage(cmd, "%s: %s is out of range (%llu..%llu)", opt, arg,
			  (unsigned long long)min, (unsigned long long)max);
	return v;
}

uint64_t opt_size(const char *cmd, const char *opt, const char *arg)
{
	uint64_t v;

	if (parse_size(arg, &v))
		die_usage(cmd, "%s: '%s' is not a size (bytes, or a number "
			  "with K, M, G or T, e.g. 512M)", opt, arg);
	return v;
}

uint64_t opt_time(const char *cmd, const char *opt, const char *arg)
{
	uint64_t v;
	int ret = parse_time(arg, &v);

	if (ret == -ERANGE)
		die_usage(cmd, "%s: '%s' is too long a time", opt, arg);
	if (ret)
		die_usage(cmd, "%s: '%s' is not a time (a number with ns, "
			  "us, ms, s, m or h, e.g. 500ms; a bare number is "
			  "seconds)", opt, arg);
	return v;
}

/* ---- progress on stderr ------------------------------------------------ */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void progress_init(struct progress *p, const char *what, bool quiet)
{
	const char *ci = getenv("CI");

	memset(p, 0, sizeof(*p));
	p->what = what;
	p->on = !quiet && isatty(STDERR_FILENO) && !(ci && *ci);
	p->last_ms = mono_ms();
}

void progress_update(struct progress *p, uint64_t done, uint64_t total)
{
	uint64_t now;

	if (!p->on)
		return;
	now = mono_ms();
	if (now - p->last_ms < 100)
		return;
	p->last_ms = now;
	p->shown = true;
	if (total)
		fprintf(stderr, "\r%s: %3llu%% (%llu/%llu)", p->what,
			(unsigned long long)(done * 100 / total),
			(unsigned long long)done, (unsigned long long)total);
	else
		fprintf(stderr, "\r%s: %llu", p->what,
			(unsigned long long)done);
	fflush(stderr);
}

void progress_done(struct progress *p)
{
	if (p->on && p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
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

int mkdir_p(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0777) && errno != EEXIST)
		return -errno;
	return 0;
}
