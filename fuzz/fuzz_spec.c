// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_spec.c - the short-text parsers: machine presets (mc_desc_preset:
 * "pc:16G,cpus=8", "pc-numa:2x8G", "arm64-16k:4G", "rock5b+") and gfp
 * masks (mc_gfp_parse: "GFP_KERNEL|__GFP_NOWARN", numbers).
 *
 * The first byte picks the parser; the rest, up to a NUL, is the text.
 * Guarantees checked:
 *  - a rejected text gives -EINVAL and an error naming the input, and
 *    leaves the output untouched;
 *  - an accepted preset validates, and a machine built from it (when
 *    small enough) passes the invariant checker and has the CPU count the
 *    text asked for;
 *  - a parsed gfp mask formats (show_gfp_flags text) and parses back to
 *    the same mask.
 */
#include "fuzz.h"

#include <errno.h>

#define FZ_MAX_PAGES (1ULL << 19)	/* build machines up to 2 GiB */

static char *text_of(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FZ_ASSERT(s, "out of memory");
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void fuzz_preset(const char *s)
{
	static struct mc_machine_desc d, pattern;
	struct mc_options o = { .seed = 3, .flags = MC_OPT_NO_DAEMONS };
	struct mc_machine *m;
	struct mc_geometry g;
	struct mc_error err = { 0 };
	int ret;

	memset(&pattern, 0x5a, sizeof(pattern));
	d = pattern;
	ret = mc_desc_preset(s, &d, &err);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL, "preset: error %d", ret);
		fz_error_ok(&err, "preset");
		FZ_ASSERT(!memcmp(&d, &pattern, sizeof(d)),
			  "a rejected preset changed the description");
		return;
	}
	FZ_ASSERT(mc_desc_validate(&d, &err) == 0,
		  "preset '%s' gives an invalid description: %s", s, err.msg);
	{
		const char *c = strstr(s, ",cpus=");

		if (c)
			FZ_ASSERT(d.nr_cpus == (unsigned)atoi(c + 6),
				  "'%s' gives %u CPUs", s, d.nr_cpus);
	}
	{
		uint64_t pages = 0;

		for (unsigned n = 0; n < d.nr_nodes; n++)
			for (int z = 0; z < MC_MAX_NR_ZONES; z++)
				pages += d.nodes[n].zones[z].spanned;
		if (pages > FZ_MAX_PAGES)
			return;
	}
	ret = mc_machine_create(&d, &o, &m, &err);
	FZ_ASSERT(ret == 0, "preset '%s': create %d: %s", s, ret, err.msg);
	mc_machine_geometry(m, &g);
	FZ_ASSERT(g.nr_cpus == d.nr_cpus && g.nr_nodes == d.nr_nodes,
		  "geometry differs from the description");
	fz_check(m, "create");
	mc_machine_destroy(m);
}

static void fuzz_gfp(const char *s)
{
	struct mc_error err = { 0 };
	uint32_t gfp = 0x5a5a5a5a, back = 0;
	char text[512];
	int ret;

	ret = mc_gfp_parse(s, &gfp, &err);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL, "gfp: error %d", ret);
		fz_error_ok(&err, "gfp");
		FZ_ASSERT(gfp == 0x5a5a5a5a, "a rejected gfp text changed "
			  "the mask");
		return;
	}
	ret = mc_gfp_format(gfp, text, sizeof(text));
	FZ_ASSERT(ret > 0 && (size_t)ret < sizeof(text), "format %#x", gfp);
	FZ_ASSERT(mc_gfp_parse(text, &back, &err) == 0,
		  "'%s' (from '%s') does not parse: %s", text, s, err.msg);
	FZ_ASSERT(back == gfp, "'%s' -> %#x -> '%s' -> %#x", s, gfp, text,
		  back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (!size)
		return 0;
	s = text_of(data + 1, size - 1);
	if (data[0] & 1)
		fuzz_gfp(s);
	else
		fuzz_preset(s);
	free(s);
	return 0;
}
