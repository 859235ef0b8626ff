// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracefile.c - the page allocator's events read back from trace text.
 *
 * A line is parsed from its structure, not with one pattern, because the
 * task name may hold spaces, dashes and digits:
 *
 *   tracefs  "<comm>-<pid> [<cpu>] <flags> <secs>.<usecs>: <event>: <fields>"
 *            (kernel/trace/trace_output.c:trace_print_context(); the flags
 *            column only with options/irq-info; a "(<tgid>)" column before
 *            [cpu] with options/record-tgid; trace-cmd report likewise)
 *   perf     "<comm> <pid> [<cpu>] <secs>.<usecs>: <system>:<event>: <fields>"
 *
 * The CPU column is the first "[digits]" after white space; the pid is the
 * run of digits that ends just before it (after a '-' for tracefs, after a
 * blank for perf); then an optional flags token, the timestamp ending in
 * ':', and the event name ending in ':'.  Fields are "key=value" tokens
 * separated by blanks, in the TP_printk() formats of
 * include/trace/events/kmem.h (6.12; "pfn=%lu" of old kernels is read too).
 */
#include "tracefile.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void tev_vec_free(struct tev_vec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

static int tev_push(struct tev_vec *v, const struct tev *ev)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 4096;
		struct tev *p = realloc(v->v, nc * sizeof(*p));

		if (!p)
			return -ENOMEM;
		v->v = p;
		v->cap = nc;
	}
	v->v[v->n++] = *ev;
	return 0;
}

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "123.456789" (seconds) -> ns; up to nine decimals.  -1 if not that. */
static int parse_ts(const char *s, const char *end, uint64_t *ns)
{
	uint64_t secs = 0, frac = 0, scale = 1000000000ull;
	const char *p = s;

	if (p == end || !isdigit((unsigned char)*p))
		return -1;
	for (; p < end && isdigit((unsigned char)*p); p++) {
		if (secs > UINT64_MAX / 10 / 1000000000ull)
			return -1;
		secs = secs * 10 + (uint64_t)(*p - '0');
	}
	if (p < end && *p == '.') {
		p++;
		if (p == end || !isdigit((unsigned char)*p))
			return -1;
		for (; p < end && isdigit((unsigned char)*p); p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
		}
	}
	if (p != end)
		return -1;
	*ns = secs * 1000000000ull + frac;
	return 0;
}

struct field {
	const char *key;
	const char *val;
};

/* Split "k=v k=v ..." in place; at most @max fields. */
static int split_fields(char *s, struct field *f, int max)
{
	int n = 0;

	while (*s) {
		char *tok, *eq;

		while (blank(*s))
			s++;
		if (!*s)
			break;
		tok = s;
		while (*s && !blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
		eq = strchr(tok, '=');
		if (!eq || n == max)
			continue;
		*eq = '\0';
		f[n].key = tok;
		f[n].val = eq + 1;
		n++;
	}
	return n;
}

static const char *field(const struct field *f, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return f[i].val;
	return NULL;
}

/* A number: 0x hex or decimal (old kernels print pfn=%lu). */
static int parse_num(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || blank(*s))
		return -1;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		*v = strtoull(s + 2, &end, 16);
	else
		*v = strtoull(s, &end, 10);
	if (errno || *end || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
			      !s[2]))
		return -1;
	return 0;
}

static int parse_int(const char *s, long lo, long hi, long *v)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno || *end || *v < lo || *v > hi)
		return -1;
	return 0;
}

static bool null_page(const char *s)
{
	uint64_t v;

	if (!strcmp(s, "(null)") || !strcmp(s, "(nil)"))
		return true;
	/* "%p" of NULL prints the real value: 16 zeros */
	return !parse_num(s, &v) ? v == 0 : false;
}

/*
 * Flag names other kernel configurations print that have no bit in
 * Debian's 6.12 amd64 build (lockdep, KASAN HW tags, slab object
 * extensions) and do not change where pages come from: dropped.
 */
static const char *const gfp_no_effect[] = {
	"__GFP_NOLOCKDEP", "__GFP_SKIP_ZERO", "__GFP_SKIP_KASAN",
	"__GFP_NO_OBJ_EXT",
};

static int parse_gfp(const char *text, uint32_t *gfp,
		     struct trace_read_stats *st, char *err, size_t errlen)
{
	char buf[512], out[512];
	struct mc_error e;
	size_t o = 0;
	char *tok, *save = NULL;

	if (strlen(text) >= sizeof(buf))
		return fail(err, errlen, "gfp_flags too long");
	strcpy(buf, text);
	out[0] = '\0';
	for (tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		bool drop = false;

		for (size_t i = 0;
		     i < sizeof(gfp_no_effect) / sizeof(gfp_no_effect[0]); i++)
			if (!strcmp(tok, gfp_no_effect[i]))
				drop = true;
		if (drop) {
			st->gfp_dropped++;
			continue;
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
				      o ? "|" : "", tok);
	}
	if (!o)		/* only dropped names, or "none" dropped nothing */
		snprintf(out, sizeof(out), "none");
	if (mc_gfp_parse(out, gfp, &e))
		return fail(err, errlen, "gfp_flags=%s: %s", text, e.msg);
	return 0;
}

static bool known_event(const char *name)
{
	for (int id = 0; id < MC_TRACE_NR_EVENTS; id++)
		if (!strcmp(name, mc_trace_event_name((enum mc_trace_id)id)))
			return true;
	return false;
}

/* The fields of a page event: pfn, order (for free_batched: 0). */
static int page_fields(const char *event, const struct field *f, int nf,
		       struct tev *ev, bool want_order, char *err,
		       size_t errlen)
{
	const char *pfn = field(f, nf, "pfn"), *order = field(f, nf, "order");
	long v;

	if (!pfn)
		return fail(err, errlen, "%s: no pfn= field", event);
	if (parse_num(pfn, &ev->pfn))
		return fail(err, errlen, "%s: pfn=%s is not a number", event,
			    pfn);
	if (!want_order)
		return 0;
	if (!order)
		return fail(err, errlen, "%s: no order= field", event);
	if (parse_int(order, 0, 63, &v))
		return fail(err, errlen, "%s: order=%s is not 0..63", event,
			    order);
	ev->order = (uint8_t)v;
	return 0;
}

int trace_parse_line(char *line, const struct trace_read_opts *o,
		     struct tev *ev, struct trace_read_stats *st, char *err,
		     size_t errlen)
{
	char *p = line, *q, *r, *end, *d, *tok, *name, *fields;
	struct field f[16];
	unsigned long cpu;
	uint64_t ts;
	long v;
	int nf;

	end = line + strlen(line);
	while (end > line && (end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	while (blank(*p))
		p++;
	if (!*p || *p == '#') {
		st->comments++;
		return 0;
	}
	/* trace_print_lost_events?  "CPU:%d [LOST %lu EVENTS]" */
	if (!strncmp(p, "CPU:", 4) && (q = strstr(p, "[LOST ")) != NULL) {
		st->lost += strtoull(q + 6, NULL, 10);
		st->comments++;
		return 0;
	}
	/* trace-cmd report's first line */
	if (!strncmp(p, "cpus=", 5)) {
		st->comments++;
		return 0;
	}

	/* the CPU column: the first "[digits]" after a blank */
	for (q = p; (q = strchr(q, '[')) != NULL; q++) {
		if (q > p && blank(q[-1]) && isdigit((unsigned char)q[1])) {
			cpu = strtoul(q + 1, &r, 10);
			if (*r == ']')
				break;
		}
	}
	if (!q)
		return fail(err, errlen, "not a trace line: no [CPU] column");
	if (cpu > 65535)
		return fail(err, errlen, "CPU %lu out of range", cpu);

	/* the pid just before it, after an optional "(tgid)" column */
	end = q;
	while (end > p && blank(end[-1]))
		end--;
	if (end > p && end[-1] == ')') {
		while (end > p && end[-1] != '(')
			end--;
		if (end == p)
			return fail(err, errlen, "unbalanced ')' before [CPU]");
		end--;
		while (end > p && blank(end[-1]))
			end--;
	}
	for (d = end; d > p && isdigit((unsigned char)d[-1]); d--)
		;
	if (d == end || d == p || (d[-1] != '-' && !blank(d[-1])))
		return fail(err, errlen,
			    "not a trace line: no TASK-PID before [CPU]");
	v = strtol(d, NULL, 10);

	/* after "]": [flags] timestamp: event: fields */
	r++;
	while (blank(*r))
		r++;
	tok = r;
	while (*r && !blank(*r))
		r++;
	if (r == tok || r[-1] != ':') {
		/* irq-info flags ("....." in 6.12, four columns before) */
		if (r - tok > 8)
			return fail(err, errlen, "not a trace line: no "
				    "timestamp after [CPU]");
		while (blank(*r))
			r++;
		tok = r;
		while (*r && !blank(*r))
			r++;
	}
	if (r == tok || r[-1] != ':' || parse_ts(tok, r - 1, &ts))
		return fail(err, errlen, "bad timestamp '%.*s'",
			    (int)(r - tok), tok);
	while (blank(*r))
		r++;
	name = r;
	/* the event token ends with ':' followed by a blank or the end */
	for (;;) {
		r = strchr(r, ':');
		if (!r)
			return fail(err, errlen, "no event name after the "
				    "timestamp");
		if (!r[1] || blank(r[1]))
			break;
		r++;
	}
	*r = '\0';
	fields = r + 1;
	/* perf: "system:event" */
	if ((q = strrchr(name, ':')) != NULL)
		name = q + 1;
	if (!*name)
		return fail(err, errlen, "empty event name");

	memset(ev, 0, sizeof(*ev));
	ev->pid = (int32_t)v;
	ev->cpu = (uint16_t)cpu;
	ev->ts_ns = ts;
	nf = split_fields(fields, f, 16);
	if (!strcmp(name, "mm_page_alloc")) {
		const char *page = field(f, nf, "page");
		const char *mt = field(f, nf, "migratetype");
		const char *gfp = field(f, nf, "gfp_flags");

		ev->kind = TEV_ALLOC;
		if (!page)
			return fail(err, errlen, "mm_page_alloc: no page= "
				    "field");
		if (page_fields(name, f, nf, ev, true, err, errlen))
			return -1;
		ev->failed = null_page(page);
		if (!mt)
			return fail(err, errlen, "mm_page_alloc: no "
				    "migratetype= field");
		if (parse_int(mt, -1, 127, &v))
			return fail(err, errlen, "mm_page_alloc: "
				    "migratetype=%s is not a number", mt);
		ev->mt = (int8_t)v;
		if (!gfp)
			return fail(err, errlen, "mm_page_alloc: no "
				    "gfp_flags= field");
		if (parse_gfp(gfp, &ev->gfp, st, err, errlen))
			return -1;
	} else if (!strcmp(name, "mm_page_free")) {
		ev->kind = TEV_FREE;
		if (page_fields(name, f, nf, ev, true, err, errlen))
			return -1;
	} else if (!strcmp(name, "mm_page_free_batched")) {
		ev->kind = TEV_FREE_BATCHED;
		if (page_fields(name, f, nf, ev, false, err, errlen))
			return -1;
	} else if (!strcmp(name, "mm_migrate_pages_start")) {
		ev->kind = TEV_MIGRATE_START;
	} else if (!strcmp(name, "mm_migrate_pages")) {
		ev->kind = TEV_MIGRATE_END;
	} else if (known_event(name)) {
		st->other_known++;
		return 0;
	} else if (o && o->skip_unknown) {
		if (!st->unknown)
			snprintf(st->first_unknown, sizeof(st->first_unknown),
				 "%s", name);
		st->unknown++;
		return 0;
	} else {
		return fail(err, errlen, "unknown event '%s' (replay reads "
			    "kmem:mm_page_alloc, mm_page_free and "
			    "mm_page_free_batched; --skip-unknown ignores "
			    "other events)", name);
	}
	st->events[ev->kind]++;
	if (ev->cpu > st->max_cpu)
		st->max_cpu = ev->cpu;
	return 1;
}

int trace_read(FILE *f, const char *name, const struct trace_read_opts *o,
	       struct tev_vec *out, struct trace_read_stats *st,
	       struct mc_error *err)
{
	char *line = NULL, msg[sizeof(err->msg)];
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", name);
	while ((len = getline(&line, &cap, f)) != -1) {
		struct tev ev;
		int r;

		st->lines++;
		if (memchr(line, '\0', (size_t)len)) {
			err->line = (int)st->lines;
			snprintf(err->msg, sizeof(err->msg),
				 "a NUL byte: not a text trace");
			ret = -1;
			break;
		}
		r = trace_parse_line(line, o, &ev, st, msg, sizeof(msg));
		if (r < 0) {
			err->line = (int)st->lines;
			snprintf(err->msg, sizeof(err->msg), "%s", msg);
			ret = -1;
			break;
		}
		if (r == 0)
			continue;
		ev.line = (uint32_t)st->lines;
		if (tev_push(out, &ev)) {
			snprintf(err->msg, sizeof(err->msg), "out of memory");
			ret = -1;
			break;
		}
	}
	if (!ret && ferror(f)) {
		snprintf(err->msg, sizeof(err->msg), "read error: %s",
			 strerror(errno));
		ret = -1;
	}
	free(line);
	return ret;
}
