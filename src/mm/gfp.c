// SPDX-License-Identifier: GPL-2.0-only
/*
 * gfp.c - gfp masks as text, and the zone a mask asks for.
 *
 * This file owns three small things that all read the zone and modifier
 * bits of a gfp mask:
 *
 *  - mc_gfp_format(): the text the kernel's show_gfp_flags() prints in
 *    trace events (include/trace/events/mmflags.h).  The table below is the
 *    kernel's __def_gfpflag_names in the kernel's order for x86_64 with
 *    Debian's 6.12 config (no CONFIG_KASAN_HW_TAGS, so no SKIP_ZERO /
 *    SKIP_KASAN names; NOLOCKDEP and NO_OBJ_EXT have no names either).  The
 *    order is the whole point: composite masks with the most bits come
 *    first, so 0x100cca prints as GFP_HIGHUSER_MOVABLE and not as a list
 *    of single bits.  Bits no entry covers are printed once, at the end,
 *    as "0x%lx" (trace_print_flags_seq()).  A zero mask prints "none".
 *
 *  - mc_gfp_parse(): the inverse, for command lines, presets and scenario
 *    files: "GFP_KERNEL|__GFP_NOWARN", the same names with an MC_ prefix
 *    (MC_GFP_NOWARN is __GFP_NOWARN, see memcompact.h), numbers, "none".
 *    Anything mc_gfp_format() prints parses back to the same mask.
 *
 *  - gfp_zone(): include/linux/gfp.h's GFP_ZONE_TABLE lookup for a kernel
 *    with ZONE_DMA and ZONE_DMA32 and without HIGHMEM.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct gfp_name {
	uint32_t mask;
	const char *name;
};

/* __def_gfpflag_names, in the kernel's order (mmflags.h). */
static const struct gfp_name gfp_flag_names[] = {
	{ GFP_TRANSHUGE, "GFP_TRANSHUGE" },
	{ GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ MC_GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ __GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
};

/*
 * Names the parser accepts beyond the table above: the single-bit spellings
 * the printer never uses because a GFP_ alias with the same value comes
 * first.  "GFP_<X>" for a bit is also accepted as "__GFP_<X>" (that is what
 * MC_GFP_<X> means with the prefix removed).
 */
static const struct gfp_name gfp_extra_names[] = {
	{ __GFP_DMA, "__GFP_DMA" },
	{ __GFP_DMA32, "__GFP_DMA32" },
};

struct out {
	char *buf;
	size_t len;
	size_t pos;	/* bytes the full text needs, NUL excluded */
};

static void out_puts(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->pos < o->len) {
		size_t room = o->len - o->pos - 1;
		size_t c = n < room ? n : room;

		memcpy(o->buf + o->pos, s, c);
		o->buf[o->pos + c] = '\0';
	}
	o->pos += n;
}

int mc_gfp_format(uint32_t gfp, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = buf ? len : 0 };
	unsigned long flags = gfp;
	bool first = true;
	size_t i;

	if (o.len)
		buf[0] = '\0';
	if (!flags) {
		out_puts(&o, "none");
		return (int)o.pos;
	}
	/* trace_print_flags_seq(): walk in order while bits remain. */
	for (i = 0; i < ARRAY_SIZE(gfp_flag_names) && flags; i++) {
		unsigned long mask = gfp_flag_names[i].mask;

		if ((flags & mask) != mask)
			continue;
		flags &= ~mask;
		if (!first)
			out_puts(&o, "|");
		first = false;
		out_puts(&o, gfp_flag_names[i].name);
	}
	if (flags) {
		char hex[24];

		if (!first)
			out_puts(&o, "|");
		snprintf(hex, sizeof(hex), "0x%lx", flags);
		out_puts(&o, hex);
	}
	return (int)o.pos;
}

static const struct gfp_name *lookup(const struct gfp_name *t, size_t n,
				     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(t[i].name, name))
			return &t[i];
	return NULL;
}

static const struct gfp_name *lookup_name(const char *name)
{
	const struct gfp_name *g;

	g = lookup(gfp_flag_names, ARRAY_SIZE(gfp_flag_names), name);
	if (!g)
		g = lookup(gfp_extra_names, ARRAY_SIZE(gfp_extra_names), name);
	return g;
}

/* One token: a name, a number or "none".  Returns 0 or -EINVAL. */
static int parse_token(const char *tok, uint32_t *mask)
{
	const struct gfp_name *g;
	char alt[64];

	if (tok[0] >= '0' && tok[0] <= '9') {
		unsigned long long v;
		char *end;
		int base = 10;

		if (tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X'))
			base = 16;
		if (base == 16 && !tok[2])
			return -EINVAL;
		errno = 0;
		v = strtoull(tok, &end, base);
		if (errno || *end || v > UINT32_MAX)
			return -EINVAL;
		*mask = (uint32_t)v;
		return 0;
	}
	if (!strcasecmp(tok, "none")) {
		*mask = 0;
		return 0;
	}
	if (!strncasecmp(tok, "MC_", 3))
		tok += 3;
	g = lookup_name(tok);
	if (!g && !strncasecmp(tok, "GFP_", 4) &&
	    (size_t)snprintf(alt, sizeof(alt), "__%s", tok) < sizeof(alt))
		g = lookup_name(alt);
	if (!g)
		return -EINVAL;
	*mask = g->mask;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

int mc_gfp_parse(const char *text, uint32_t *gfp, struct mc_error *err)
{
	const char *p = text;
	uint32_t acc = 0;
	int ntok = 0;

	if (!text || !gfp) {
		if (err)
			mc_err(err, "<gfp>", 0, "no gfp text");
		return -EINVAL;
	}
	for (;;) {
		const char *start, *end, *bar;
		char tok[64];
		uint32_t mask;
		size_t n;

		bar = strchr(p, '|');
		end = bar ? bar : p + strlen(p);
		start = p;
		while (start < end && is_space(*start))
			start++;
		while (end > start && is_space(end[-1]))
			end--;
		n = (size_t)(end - start);
		if (!n) {
			if (err && !bar && !ntok)
				mc_err(err, "<gfp>", 0, "empty gfp mask");
			else if (err)
				mc_err(err, "<gfp>", 0,
				       "empty gfp flag in '%s'", text);
			return -EINVAL;
		}
		if (n < sizeof(tok)) {
			memcpy(tok, start, n);
			tok[n] = '\0';
		}
		if (n >= sizeof(tok) || parse_token(tok, &mask)) {
			if (err)
				mc_err(err, "<gfp>", 0,
				       "unknown gfp flag '%.*s'", (int)n,
				       start);
			return -EINVAL;
		}
		acc |= mask;
		ntok++;
		if (!bar)
			break;
		p = bar + 1;
	}
	*gfp = acc;
	return 0;
}

/*
 * gfp_zone() - the highest zone an allocation with @flags may use.
 *
 * The kernel packs this into GFP_ZONE_TABLE, indexed by the four zone
 * modifier bits; written out for DMA + DMA32 + no HIGHMEM it is:
 *
 *	none, HIGHMEM, MOVABLE		-> ZONE_NORMAL
 *	DMA, MOVABLE|DMA		-> ZONE_DMA
 *	DMA32, MOVABLE|DMA32		-> ZONE_DMA32
 *	MOVABLE|HIGHMEM			-> ZONE_MOVABLE
 *
 * The other eight combinations (two or more of DMA, DMA32 and HIGHMEM) are
 * GFP_ZONE_BAD: a VM_BUG_ON under CONFIG_DEBUG_VM.  We answer ZONE_NORMAL
 * for them.  Note that Debian's kernel (DEBUG_VM off) would read their
 * empty table slot, which is 0, i.e. ZONE_DMA.
 */
enum zone_type gfp_zone(gfp_t flags)
{
	switch (flags & GFP_ZONEMASK) {
	case 0:
	case __GFP_HIGHMEM:
	case __GFP_MOVABLE:
		return ZONE_NORMAL;
	case __GFP_DMA:
	case __GFP_MOVABLE | __GFP_DMA:
		return ZONE_DMA;
	case __GFP_DMA32:
	case __GFP_MOVABLE | __GFP_DMA32:
		return ZONE_DMA32;
	case __GFP_MOVABLE | __GFP_HIGHMEM:
		return ZONE_MOVABLE;
	default:
		return ZONE_NORMAL;	/* GFP_ZONE_BAD */
	}
}
