// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_check.c - a format checker for ftrace text lines, see trace_check.h.
 *
 * How it works: a line is matched against a printf-style format, the
 * context prefix first ("%16s-%-7d [%03d] %F %S: %E") and then, once %E has
 * read the event name, that event's TP_printk() format from the table
 * below.  The matcher walks format and line together: literal text must be
 * equal; a numeric conversion must be exactly what printf would print for
 * some value (width, '-' and '0' flags, no stray leading zeros, lowercase
 * hex); "%p" is a 32-bit hash zero-padded to 16 digits; "%s" backtracks
 * over its possible lengths and checks the value against the set the
 * kernel can print there (__print_symbolic tables, show_gfp_flags()
 * lists).  Custom conversions
 * exist only in the prefix formats: %F the five irq-info flag columns,
 * %S ftrace's "%5lu.%06lu" timestamp, %T perf's "%12s" timestamp, %E the
 * event name, %Q perf's "system:event".
 *
 * After a match a few relations between fields are checked (fragmenting
 * agrees with fallback_order and pageblock_order, test_pages_isolated's ret
 * agrees with its pfns, limit is a power of two, bools are 0 or 1).
 *
 * The formats are the kernel's (include/trace/events/), copied as the
 * interface they are; nothing here is shared with src/mm/trace.c.
 */
#include "trace_check.h"

#include <memcompact.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum skind {
	S_NONE,		/* not a %s */
	S_COMM,		/* task name: 1 to 15 characters */
	S_WORD,		/* cma area name: no spaces */
	S_ZONE,
	S_STATUS,
	S_SYNC,
	S_GFP,
	S_MODE,
	S_REASON,
	S_PRIO,
	S_FEEDBACK,
	S_ISORET,
};

struct chk_event {
	const char *system;
	const char *name;
	const char *fmt;
	enum skind s[4];	/* kinds of the %s conversions, in order */
};

#define ISOLATE_FMT "range=(0x%lx ~ 0x%lx) nr_scanned=%lu nr_taken=%lu"
#define SUITABLE_FMT "node=%d zone=%-8s order=%d ret=%s"
#define DEFER_FMT \
	"node=%d zone=%-8s order=%d order_failed=%d consider=%u limit=%lu"
#define WAKE_FMT "nid=%d order=%d classzone_idx=%-8s"

static const struct chk_event chk_events[] = {
	{ "kmem", "mm_page_alloc",
	  "page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s",
	  { S_GFP } },
	{ "kmem", "mm_page_free", "page=%p pfn=0x%lx order=%d", { 0 } },
	{ "kmem", "mm_page_free_batched", "page=%p pfn=0x%lx order=0",
	  { 0 } },
	{ "kmem", "mm_page_alloc_zone_locked",
	  "page=%p pfn=0x%lx order=%u migratetype=%d percpu_refill=%d",
	  { 0 } },
	{ "kmem", "mm_page_pcpu_drain",
	  "page=%p pfn=0x%lx order=%d migratetype=%d", { 0 } },
	{ "kmem", "mm_page_alloc_extfrag",
	  "page=%p pfn=0x%lx alloc_order=%d fallback_order=%d "
	  "pageblock_order=%d alloc_migratetype=%d fallback_migratetype=%d "
	  "fragmenting=%d change_ownership=%d", { 0 } },
	{ "kmem", "mm_alloc_contig_migrate_range_info",
	  "start=0x%lx end=0x%lx migratetype=%d nr_migrated=%lu "
	  "nr_reclaimed=%lu nr_mapped=%lu", { 0 } },
	{ "compaction", "mm_compaction_isolate_migratepages", ISOLATE_FMT,
	  { 0 } },
	{ "compaction", "mm_compaction_isolate_freepages", ISOLATE_FMT,
	  { 0 } },
	{ "compaction", "mm_compaction_fast_isolate_freepages", ISOLATE_FMT,
	  { 0 } },
	{ "compaction", "mm_compaction_migratepages",
	  "nr_migrated=%lu nr_failed=%lu", { 0 } },
	{ "compaction", "mm_compaction_begin",
	  "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, "
	  "mode=%s", { S_SYNC } },
	{ "compaction", "mm_compaction_end",
	  "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, "
	  "mode=%s status=%s", { S_SYNC, S_STATUS } },
	{ "compaction", "mm_compaction_try_to_compact_pages",
	  "order=%d gfp_mask=%s priority=%d", { S_GFP } },
	{ "compaction", "mm_compaction_finished", SUITABLE_FMT,
	  { S_ZONE, S_STATUS } },
	{ "compaction", "mm_compaction_suitable", SUITABLE_FMT,
	  { S_ZONE, S_STATUS } },
	{ "compaction", "mm_compaction_deferred", DEFER_FMT, { S_ZONE } },
	{ "compaction", "mm_compaction_defer_compaction", DEFER_FMT,
	  { S_ZONE } },
	{ "compaction", "mm_compaction_defer_reset", DEFER_FMT, { S_ZONE } },
	{ "compaction", "mm_compaction_kcompactd_sleep", "nid=%d", { 0 } },
	{ "compaction", "mm_compaction_wakeup_kcompactd", WAKE_FMT,
	  { S_ZONE } },
	{ "compaction", "mm_compaction_kcompactd_wake", WAKE_FMT,
	  { S_ZONE } },
	{ "migrate", "mm_migrate_pages",
	  "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu "
	  "nr_thp_failed=%lu nr_thp_split=%lu nr_split=%lu mode=%s reason=%s",
	  { S_MODE, S_REASON } },
	{ "migrate", "mm_migrate_pages_start", "mode=%s reason=%s",
	  { S_MODE, S_REASON } },
	{ "oom", "compact_retry",
	  "order=%d priority=%s compaction_result=%s retries=%d "
	  "max_retries=%d should_retry=%d", { S_PRIO, S_FEEDBACK } },
	{ "oom", "reclaim_retry_zone",
	  "node=%d zone=%-8s order=%d reclaimable=%lu available=%lu "
	  "min_wmark=%lu no_progress_loops=%d wmark_check=%d", { S_ZONE } },
	{ "vmscan", "mm_vmscan_kswapd_sleep", "nid=%d", { 0 } },
	{ "vmscan", "mm_vmscan_kswapd_wake", "nid=%d order=%d", { 0 } },
	{ "vmscan", "mm_vmscan_wakeup_kswapd", "nid=%d order=%d gfp_flags=%s",
	  { S_GFP } },
	{ "vmscan", "mm_vmscan_direct_reclaim_begin", "order=%d gfp_flags=%s",
	  { S_GFP } },
	{ "vmscan", "mm_vmscan_direct_reclaim_end", "nr_reclaimed=%lu",
	  { 0 } },
	{ "page_isolation", "test_pages_isolated",
	  "start_pfn=0x%lx end_pfn=0x%lx fin_pfn=0x%lx ret=%s", { S_ISORET } },
	{ "cma", "cma_alloc_start", "name=%s count=%lu align=%u", { S_WORD } },
	{ "cma", "cma_alloc_finish",
	  "name=%s pfn=0x%lx page=%p count=%lu align=%u errorno=%d",
	  { S_WORD } },
	{ "cma", "cma_alloc_busy_retry",
	  "name=%s pfn=0x%lx page=%p count=%lu align=%u", { S_WORD } },
	{ "cma", "cma_release", "name=%s pfn=0x%lx page=%p count=%lu",
	  { S_WORD } },
};

#define NR_CHK_EVENTS (sizeof(chk_events) / sizeof(chk_events[0]))

/* ---- value sets ---------------------------------------------------------- */
static const char *const zone_names[] = { "DMA", "DMA32", "Normal",
					  "Movable", NULL };
static const char *const status_names[] = {
	"skipped", "deferred", "continue", "success", "partial_skipped",
	"complete", "no_suitable_page", "not_suitable_zone", "contended", NULL
};
static const char *const sync_names[] = { "sync", "async", NULL };
static const char *const mode_names[] = { "MIGRATE_ASYNC",
					  "MIGRATE_SYNC_LIGHT",
					  "MIGRATE_SYNC", NULL };
static const char *const reason_names[] = {
	"compaction", "memory_failure", "memory_hotplug", "syscall_or_cpuset",
	"mempolicy_mbind", "numa_misplaced", "contig_range", "longterm_pin",
	"demotion", "damon", NULL
};
static const char *const prio_names[] = { "COMPACT_PRIO_SYNC_FULL",
					  "COMPACT_PRIO_SYNC_LIGHT",
					  "COMPACT_PRIO_ASYNC", NULL };
static const char *const feedback_names[] = { "failed", "withdrawn",
					      "progress", NULL };
static const char *const isoret_names[] = { "success", "fail", NULL };

/* show_gfp_flags(): __def_gfpflag_names (x86_64, no KASAN_HW_TAGS). */
static const struct {
	unsigned long mask;
	const char *name;
} gfp_names[] = {
	{ 0x1c24ca, "GFP_TRANSHUGE" },
	{ 0x1c20ca, "GFP_TRANSHUGE_LIGHT" },
	{ 0x100cca, "GFP_HIGHUSER_MOVABLE" },
	{ 0x100cc2, "GFP_HIGHUSER" },
	{ 0x100cc0, "GFP_USER" },
	{ 0x400cc0, "GFP_KERNEL_ACCOUNT" },
	{ 0xcc0, "GFP_KERNEL" },
	{ 0xc40, "GFP_NOFS" },
	{ 0x820, "GFP_ATOMIC" },
	{ 0xc00, "GFP_NOIO" },
	{ 0x2800, "GFP_NOWAIT" },
	{ 0x1, "GFP_DMA" },
	{ 0x2, "__GFP_HIGHMEM" },
	{ 0x4, "GFP_DMA32" },
	{ 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" },
	{ 0x80, "__GFP_FS" },
	{ 0x2000, "__GFP_NOWARN" },
	{ 0x4000, "__GFP_RETRY_MAYFAIL" },
	{ 0x8000, "__GFP_NOFAIL" },
	{ 0x10000, "__GFP_NORETRY" },
	{ 0x40000, "__GFP_COMP" },
	{ 0x100, "__GFP_ZERO" },
	{ 0x80000, "__GFP_NOMEMALLOC" },
	{ 0x20000, "__GFP_MEMALLOC" },
	{ 0x100000, "__GFP_HARDWALL" },
	{ 0x200000, "__GFP_THISNODE" },
	{ 0x10, "__GFP_RECLAIMABLE" },
	{ 0x8, "__GFP_MOVABLE" },
	{ 0x400000, "__GFP_ACCOUNT" },
	{ 0x1000, "__GFP_WRITE" },
	{ 0xc00, "__GFP_RECLAIM" },
	{ 0x400, "__GFP_DIRECT_RECLAIM" },
	{ 0x800, "__GFP_KSWAPD_RECLAIM" },
	{ 0x800000, "__GFP_ZEROTAGS" },
};

#define NR_GFP_NAMES (sizeof(gfp_names) / sizeof(gfp_names[0]))

/* ---- the matcher --------------------------------------------------------- */
#define MAX_CAPS 16

struct cap {
	char label[32];
	bool num;
	bool neg;
	unsigned long long val;
	const char *str;
	size_t slen;
};

struct mctx {
	const char *line;
	const char *end;		/* end of the line, "\n" excluded */
	unsigned opts;
	const struct chk_event *ev;	/* set once %E/%Q matched */
	struct cap caps[MAX_CAPS];
	int ncaps;
	/* the failure that got furthest into the line */
	long best;
	char why[200];
};

static void fail_at(struct mctx *c, const char *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct mctx *c, const char *s, const char *fmt, ...)
{
	long pos = (long)(s - c->line);
	va_list ap;

	if (pos < c->best)
		return;
	c->best = pos;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

struct conv {
	bool minus, zero;
	int width;
	char type;	/* d u x s p, or a custom letter */
	int flen;	/* length of the conversion in the format */
};

static bool parse_conv(const char *f, struct conv *cv)
{
	const char *p = f + 1;

	memset(cv, 0, sizeof(*cv));
	for (;; p++) {
		if (*p == '-')
			cv->minus = true;
		else if (*p == '0')
			cv->zero = true;
		else
			break;
	}
	while (*p >= '0' && *p <= '9')
		cv->width = cv->width * 10 + (*p++ - '0');
	while (*p == 'l')
		p++;
	if (!*p)
		return false;
	cv->type = *p++;
	cv->flen = (int)(p - f);
	return true;
}

static bool is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static bool is_dec(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * A number as printf prints it for @cv.  Returns the characters used
 * (padding included) or -1 with the reason in c.
 */
static int match_num(struct mctx *c, const char *s, const struct conv *cv,
		     struct cap *cap)
{
	const char *p = s, *body, *digits;
	unsigned long long v = 0;
	int base = cv->type == 'x' ? 16 : 10;
	int sp = 0, blen, natural, pad;
	bool neg = false;

	if (!cv->minus && !cv->zero)
		while (p < c->end && *p == ' ') {
			p++;
			sp++;
		}
	body = p;
	if (cv->type == 'd' && p < c->end && *p == '-') {
		neg = true;
		p++;
	}
	digits = p;
	while (p < c->end && (base == 16 ? is_hex(*p) : is_dec(*p))) {
		unsigned d = is_dec(*p) ? (unsigned)(*p - '0') :
					  (unsigned)(*p - 'a' + 10);

		if (v > (~0ull - d) / (unsigned)base) {
			fail_at(c, digits, "number out of range");
			return -1;
		}
		v = v * (unsigned)base + d;
		p++;
	}
	if (p == digits) {
		fail_at(c, digits, "expected %s digits",
			base == 16 ? "lowercase hex" : "decimal");
		return -1;
	}
	blen = (int)(p - body);
	/* The digits printf would print: no leading zeros. */
	{
		const char *q = digits;

		while (q < p - 1 && *q == '0')
			q++;
		natural = (int)(p - q) + (neg ? 1 : 0);
		if (neg && v == 0) {
			fail_at(c, body, "negative zero");
			return -1;
		}
		if (q != digits &&
		    !(cv->zero && blen == cv->width && natural < cv->width)) {
			fail_at(c, digits, "leading zero in a number");
			return -1;
		}
	}
	if (cv->zero && natural < cv->width && blen != cv->width) {
		fail_at(c, body, "expected %d zero-padded digits", cv->width);
		return -1;
	}
	pad = cv->width > blen ? cv->width - blen : 0;
	if (!cv->minus && !cv->zero && sp != pad) {
		if (cv->width)
			fail_at(c, s, "expected a number right-aligned in %d "
				"columns", cv->width);
		else
			fail_at(c, s, "space before a number");
		return -1;
	}
	if (cv->minus) {
		int k;

		for (k = 0; k < pad; k++, p++)
			if (p >= c->end || *p != ' ') {
				fail_at(c, p, "expected a number left-aligned "
					"in %d columns", cv->width);
				return -1;
			}
	}
	if (cap) {
		cap->num = true;
		cap->neg = neg;
		cap->val = v;
	}
	return (int)(p - s);
}

static bool in_set(const char *v, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (strlen(*set) == n && !memcmp(*set, v, n))
			return true;
	return false;
}

/* "0x" followed by lowercase hex without leading zeros: __print_symbolic's
 * fallback, and show_gfp_flags()'s leftover bits. */
static bool is_hex_value(const char *v, size_t n, unsigned long long *out)
{
	unsigned long long x = 0;
	size_t k;

	if (n < 3 || n > 18 || v[0] != '0' || v[1] != 'x')
		return false;
	if (v[2] == '0' && n > 3)
		return false;
	for (k = 2; k < n; k++) {
		if (!is_hex(v[k]))
			return false;
		x = x * 16 + (unsigned)(is_dec(v[k]) ? v[k] - '0' :
					v[k] - 'a' + 10);
	}
	if (out)
		*out = x;
	return true;
}

/* A show_gfp_flags() string: exactly what the kernel's walk would print. */
static bool gfp_ok(const char *v, size_t n, const char **why)
{
	unsigned long mask = 0, left;
	char expect[1024];
	size_t k, pos = 0;
	const char *p = v, *e = v + n;

	if (n == 4 && !memcmp(v, "none", 4))
		return true;
	while (p < e) {
		const char *bar = memchr(p, '|', (size_t)(e - p));
		size_t len = (size_t)((bar ? bar : e) - p);
		unsigned long long x;
		bool found = false;

		for (k = 0; k < NR_GFP_NAMES; k++)
			if (strlen(gfp_names[k].name) == len &&
			    !memcmp(gfp_names[k].name, p, len)) {
				mask |= gfp_names[k].mask;
				found = true;
				break;
			}
		if (!found) {
			if (bar || !is_hex_value(p, len, &x) || !x) {
				*why = "unknown gfp flag";
				return false;
			}
			mask |= (unsigned long)x;
		}
		if (!bar)
			break;
		p = bar + 1;
		if (p == e) {
			*why = "empty gfp flag";
			return false;
		}
	}
	/* Rebuild the text trace_print_flags_seq() prints for the mask. */
	left = mask;
	expect[0] = '\0';
	for (k = 0; k < NR_GFP_NAMES && left; k++) {
		if ((left & gfp_names[k].mask) != gfp_names[k].mask)
			continue;
		left &= ~gfp_names[k].mask;
		pos += (size_t)snprintf(expect + pos, sizeof(expect) - pos,
					"%s%s", pos ? "|" : "",
					gfp_names[k].name);
	}
	if (left)
		pos += (size_t)snprintf(expect + pos, sizeof(expect) - pos,
					"%s0x%lx", pos ? "|" : "", left);
	if (pos != n || memcmp(expect, v, n)) {
		*why = "gfp flags not in show_gfp_flags() form";
		return false;
	}
	return true;
}

static bool value_ok(struct mctx *c, const char *s, const char *v, size_t n,
		     enum skind kind)
{
	const char *const *set = NULL;
	const char *why = NULL;
	size_t k;

	switch (kind) {
	case S_NONE:
		if (!n)
			why = "empty string";
		break;
	case S_COMM:
		/* TASK_COMM_LEN is 16, NUL included */
		if (!n || n > 15)
			why = "not a task name of 1 to 15 characters";
		break;
	case S_WORD:
		if (!n)
			why = "empty string";
		for (k = 0; k < n; k++)
			if (v[k] == ' ')
				why = "space in a name";
		break;
	case S_GFP:
		gfp_ok(v, n, &why);
		break;
	case S_ZONE:
		set = zone_names;
		break;
	case S_STATUS:
		set = status_names;
		break;
	case S_SYNC:
		set = sync_names;
		break;
	case S_MODE:
		set = mode_names;
		break;
	case S_REASON:
		set = reason_names;
		break;
	case S_PRIO:
		set = prio_names;
		break;
	case S_FEEDBACK:
		set = feedback_names;
		break;
	case S_ISORET:
		set = isoret_names;
		break;
	}
	/* __print_symbolic() prints unknown values as 0x%lx. */
	if (set && !in_set(v, n, set) &&
	    (kind == S_SYNC || kind == S_ISORET || !is_hex_value(v, n, NULL)))
		why = "not a value this field can print";
	if (why) {
		fail_at(c, s, "%s: '%.*s'", why, (int)n, v);
		return false;
	}
	return true;
}

/* The label of a conversion: the name before "=" (and "0x") in @fmt. */
static void conv_label(const char *fmt0, const char *f, char *out, size_t len)
{
	const char *q = f, *start;

	out[0] = '\0';
	if (q - fmt0 >= 2 && q[-2] == '0' && q[-1] == 'x')
		q -= 2;
	if (q == fmt0 || q[-1] != '=')
		return;
	start = --q;
	while (start > fmt0 && (start[-1] == '_' ||
				(start[-1] >= 'a' && start[-1] <= 'z')))
		start--;
	snprintf(out, len, "%.*s", (int)(q - start), start);
}

static bool match(struct mctx *c, const char *fmt0, const char *f,
		  const char *s, int sidx, int cidx);

static const struct chk_event *find_event(const char *name, size_t n)
{
	size_t k;

	for (k = 0; k < NR_CHK_EVENTS; k++)
		if (strlen(chk_events[k].name) == n &&
		    !memcmp(chk_events[k].name, name, n))
			return &chk_events[k];
	return NULL;
}

static bool is_name_char(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || is_dec(ch);
}

/* %E and %Q: the event (with perf's "system:" before it), then ": ". */
static bool match_event(struct mctx *c, const char *s, bool perf)
{
	const char *p = s, *name = s;
	const struct chk_event *ev;

	while (p < c->end && is_name_char(*p))
		p++;
	if (perf) {
		if (p == s || p >= c->end || *p != ':') {
			fail_at(c, s, "expected system:event");
			return false;
		}
		name = ++p;
		while (p < c->end && is_name_char(*p))
			p++;
	}
	ev = find_event(name, (size_t)(p - name));
	if (!ev) {
		fail_at(c, name, "unknown event '%.*s'", (int)(p - name),
			name);
		return false;
	}
	if (perf && (strlen(ev->system) != (size_t)(name - 1 - s) ||
		     memcmp(ev->system, s, (size_t)(name - 1 - s)))) {
		fail_at(c, s, "wrong system for %s", ev->name);
		return false;
	}
	if (c->end - p < 2 || p[0] != ':' || p[1] != ' ') {
		fail_at(c, p, "expected ': ' after the event name");
		return false;
	}
	c->ev = ev;
	if (match(c, ev->fmt, ev->fmt, p + 2, 0, 0))
		return true;
	c->ev = NULL;
	return false;
}

/* %F: trace_print_lat_fmt()'s five columns. */
static int match_flags(struct mctx *c, const char *s)
{
	static const char *const cols[5] = { "DdbX.", "Nnp.", "ZzHhs.",
					     "123456789abcdef.",
					     "123456789abcdef." };
	int k;

	for (k = 0; k < 5; k++)
		if (s + k >= c->end || !strchr(cols[k], s[k]) || !s[k]) {
			fail_at(c, s + k, "bad irq-info flag column %d", k + 1);
			return -1;
		}
	return 5;
}

/*
 * %S: ftrace's "%5lu.%06lu" (the width is the seconds'); %T: perf's "%12s"
 * of "%lu.%06lu" (the width is the whole text's).
 */
static int match_time(struct mctx *c, const char *s, int width, bool whole)
{
	struct conv sec = { .width = 0, .type = 'u' };
	struct conv usec = { .zero = true, .width = 6, .type = 'u' };
	const char *p = s;
	struct cap u;
	int sp = 0, n, blen, slen;

	while (p < c->end && *p == ' ') {
		p++;
		sp++;
	}
	n = match_num(c, p, &sec, NULL);
	if (n < 0)
		return -1;
	slen = n;
	p += n;
	if (p >= c->end || *p != '.') {
		fail_at(c, p, "expected '.' in the timestamp");
		return -1;
	}
	p++;
	n = match_num(c, p, &usec, &u);
	if (n < 0)
		return -1;
	if (u.val >= 1000000) {
		fail_at(c, p, "microseconds out of range");
		return -1;
	}
	p += n;
	blen = whole ? (int)(p - s) - sp : slen;
	if (sp != (width > blen ? width - blen : 0)) {
		fail_at(c, s, "timestamp not right-aligned in %d columns",
			width);
		return -1;
	}
	return (int)(p - s);
}

static bool match_str(struct mctx *c, const char *fmt0, const char *f,
		      const char *s, const struct conv *cv, int sidx, int cidx)
{
	const char *next = f + cv->flen;
	enum skind kind = S_COMM;
	const char *e;

	if (c->ev) {
		if (sidx >= 4 || c->ev->s[sidx] == S_NONE) {
			fail_at(c, s, "internal: no kind for %%s %d", sidx);
			return false;
		}
		kind = c->ev->s[sidx];
	}
	for (e = s; e <= c->end; e++) {
		size_t L = (size_t)(e - s);
		const char *v = s;
		size_t n = L;

		/* Only ends where the following literal can start. */
		if (*next && *next != '%' && (e == c->end || *e != *next))
			continue;
		if (!*next && e != c->end)
			continue;
		if (L < (size_t)cv->width)
			continue;
		if (cv->width && L == (size_t)cv->width) {
			if (cv->minus) {
				while (n && v[n - 1] == ' ')
					n--;
			} else {
				while (n && *v == ' ') {
					v++;
					n--;
				}
			}
		} else if (cv->width && n &&
			   (cv->minus ? v[n - 1] == ' ' : v[0] == ' ')) {
			continue;
		}
		/* A task may be named with spaces only: the padded field
		 * then is all spaces, and the name is some of them. */
		if (kind == S_COMM && !n && L)
			n = 1;
		if (!value_ok(c, s, v, n, kind))
			continue;
		if (c->ev && cidx < MAX_CAPS) {
			struct cap *cap = &c->caps[cidx];

			conv_label(fmt0, f, cap->label, sizeof(cap->label));
			cap->num = false;
			cap->str = v;
			cap->slen = n;
		}
		if (match(c, fmt0, next, e, sidx + 1, cidx + 1))
			return true;
	}
	if (cv->width && c->best < (long)(s - c->line))
		fail_at(c, s, "expected a string %s-aligned in %d columns",
			cv->minus ? "left" : "right", cv->width);
	return false;
}

static bool match(struct mctx *c, const char *fmt0, const char *f,
		  const char *s, int sidx, int cidx)
{
	while (*f) {
		struct conv cv;
		struct cap *cap = NULL;
		int n;

		if (*f != '%' || f[1] == '%') {
			char want = *f;

			if (s >= c->end || *s != want) {
				const char *lit = f;
				size_t len = strcspn(f, "%");

				int shown = (int)(c->end - s < 20 ?
						  c->end - s : 20);

				fail_at(c, s, "expected '%.*s' but found "
					"'%.*s'", (int)len, lit, shown, s);
				return false;
			}
			f += *f == '%' ? 2 : 1;
			s++;
			continue;
		}
		if (!parse_conv(f, &cv)) {
			fail_at(c, s, "internal: bad format");
			return false;
		}
		if (c->ev && cidx < MAX_CAPS) {
			cap = &c->caps[cidx];
			conv_label(fmt0, f, cap->label, sizeof(cap->label));
		}
		switch (cv.type) {
		case 'd':
		case 'u':
		case 'x':
			n = match_num(c, s, &cv, cap);
			break;
		case 'p': {
			int k;

			/* ptr_to_id(): a 32-bit hash, zero-padded to 16 */
			for (k = 0; k < 16; k++)
				if (s + k >= c->end || !is_hex(s[k]) ||
				    (k < 8 && s[k] != '0')) {
					fail_at(c, s + k, "expected a hashed "
						"pointer, 00000000 and 8 hex "
						"digits");
					return false;
				}
			if (s + 16 < c->end && is_hex(s[16])) {
				fail_at(c, s + 16, "pointer longer than 16 "
					"digits");
				return false;
			}
			if (cap) {
				cap->num = false;
				cap->str = s;
				cap->slen = 16;
			}
			n = 16;
			break;
		}
		case 's':
			return match_str(c, fmt0, f, s, &cv, sidx, cidx);
		case 'F':
			n = c->ev ? -1 : match_flags(c, s);
			break;
		case 'S':
			n = c->ev ? -1 : match_time(c, s, 5, false);
			break;
		case 'T':
			n = c->ev ? -1 : match_time(c, s, 12, true);
			break;
		case 'E':
		case 'Q':
			if (c->ev)
				return false;
			return match_event(c, s, cv.type == 'Q');
		default:
			fail_at(c, s, "internal: unknown conversion %c",
				cv.type);
			return false;
		}
		if (n < 0)
			return false;
		s += n;
		f += cv.flen;
		if (c->ev)
			cidx++;
	}
	if (s != c->end) {
		fail_at(c, s, "unexpected text after the event: '%.*s'",
			(int)(c->end - s), s);
		return false;
	}
	c->ncaps = cidx < MAX_CAPS ? cidx : MAX_CAPS;
	return true;
}

/* ---- relations between fields -------------------------------------------- */
static const struct cap *cap_get(const struct mctx *c, const char *label)
{
	int k;

	for (k = 0; k < c->ncaps; k++)
		if (!strcmp(c->caps[k].label, label))
			return &c->caps[k];
	return NULL;
}

static bool cap_is(const struct cap *cap, const char *s)
{
	return cap && !cap->num && cap->slen == strlen(s) &&
	       !memcmp(cap->str, s, cap->slen);
}

static long long cap_int(const struct cap *cap)
{
	if (!cap || !cap->num)
		return 0;
	return cap->neg ? -(long long)cap->val : (long long)cap->val;
}

static bool bool_field(const struct mctx *c, const char *label)
{
	const struct cap *cap = cap_get(c, label);

	return !cap || (!cap->neg && cap->val <= 1);
}

static const char *relations(const struct mctx *c)
{
	const char *name = c->ev->name;
	const struct cap *a, *b;

	if (!strcmp(name, "mm_page_alloc") ||
	    !strcmp(name, "mm_page_alloc_zone_locked")) {
		a = cap_get(c, "page");
		b = cap_get(c, "pfn");
		if (cap_is(a, "0000000000000000") && b && b->val != 0)
			return "NULL page with a non-zero pfn";
		if (!bool_field(c, "percpu_refill"))
			return "percpu_refill is not 0 or 1";
	}
	if (!strcmp(name, "mm_page_alloc_extfrag")) {
		long long fb = cap_int(cap_get(c, "fallback_order"));
		long long pb = cap_int(cap_get(c, "pageblock_order"));

		if (cap_int(cap_get(c, "fragmenting")) != (fb < pb))
			return "fragmenting disagrees with fallback_order < "
			       "pageblock_order";
		if (!bool_field(c, "change_ownership"))
			return "change_ownership is not 0 or 1";
	}
	if (!strcmp(name, "test_pages_isolated")) {
		a = cap_get(c, "end_pfn");
		b = cap_get(c, "fin_pfn");
		if (a && b && cap_is(cap_get(c, "ret"), "success") !=
				      (a->val <= b->val))
			return "ret disagrees with end_pfn <= fin_pfn";
	}
	a = cap_get(c, "limit");
	if (a && (a->val == 0 || (a->val & (a->val - 1))))
		return "limit is not a power of two";
	if (!bool_field(c, "should_retry") || !bool_field(c, "wmark_check"))
		return "a bool field is not 0 or 1";
	return NULL;
}

int trace_check_line_opts(const char *line, unsigned opts, char *why,
			  size_t whylen)
{
	const char *prefix;
	const char *rel;
	struct mctx c;
	size_t n;

	if (why && whylen)
		why[0] = '\0';
	if (!line) {
		if (why && whylen)
			snprintf(why, whylen, "no line");
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.line = line;
	c.opts = opts;
	c.best = -1;
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		n--;
	c.end = line + n;
	if (memchr(line, '\n', n)) {
		if (why && whylen)
			snprintf(why, whylen, "more than one line");
		return -1;
	}

	if (opts & MC_TRACE_FMT_PERF)
		prefix = "%16s %7d [%03d] %T: %Q";
	else if (opts & MC_TRACE_FMT_NO_IRQ_INFO)
		prefix = "%16s-%-7d [%03d]  %S: %E";
	else
		prefix = "%16s-%-7d [%03d] %F %S: %E";

	if (!match(&c, prefix, prefix, line, 0, 0)) {
		if (why && whylen)
			snprintf(why, whylen, "column %ld: %s", c.best + 1,
				 c.why[0] ? c.why : "no match");
		return -1;
	}
	rel = relations(&c);
	if (rel) {
		if (why && whylen)
			snprintf(why, whylen, "%s: %s", c.ev->name, rel);
		return -1;
	}
	return 0;
}

int trace_check_line(const char *line, char *why, size_t whylen)
{
	return trace_check_line_opts(line, 0, why, whylen);
}
