// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_zoneinfo.c - the /proc/zoneinfo importer (mc_desc_from_zoneinfo).
 *
 * The input is the text of a zoneinfo file.  Guarantees checked:
 *  - a rejected file gives -EINVAL, an error naming the input and a line
 *    inside the file, and leaves the caller's description untouched;
 *  - an accepted file gives a description mc_desc_validate() accepts;
 *  - a machine created from it (when small enough to build quickly) passes
 *    the invariant checker, has the zones the file declared, and its own
 *    /proc/zoneinfo imports back to the same zones.
 */
#include "fuzz.h"

#include <errno.h>

#define FZ_MAX_PAGES (1ULL << 20)	/* build machines up to 4 GiB */

static void count_lines(const uint8_t *data, size_t size, int *lines)
{
	*lines = 1;
	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			(*lines)++;
}

static uint64_t desc_pages(const struct mc_machine_desc *d)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (unsigned n = 0; n < d->nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_desc *zd = &d->nodes[n].zones[z];

			if (!zd->spanned)
				continue;
			if (zd->start_pfn < lo)
				lo = zd->start_pfn;
			if (zd->start_pfn + zd->spanned > hi)
				hi = zd->start_pfn + zd->spanned;
		}
	return hi > lo ? hi - lo : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mc_machine_desc d, back, pattern;
	struct mc_machine *m = NULL;
	struct mc_options o = { .seed = 1, .flags = MC_OPT_NO_DAEMONS };
	struct mc_error err;
	struct fz_text t = { 0 };
	int ret, lines;

	memset(&pattern, 0xa5, sizeof(pattern));
	d = pattern;
	memset(&err, 0, sizeof(err));
	ret = mc_desc_from_zoneinfo((const char *)data, size, "fuzz.zoneinfo",
				    &d, &err);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL, "unexpected error %d", ret);
		fz_error_ok(&err, "zoneinfo");
		FZ_ASSERT(!strcmp(err.file, "fuzz.zoneinfo"),
			  "error names '%s'", err.file);
		count_lines(data, size, &lines);
		FZ_ASSERT(err.line >= 0 && err.line <= lines,
			  "error line %d outside 1..%d", err.line, lines);
		FZ_ASSERT(!memcmp(&d, &pattern, sizeof(d)),
			  "a rejected file changed the description");
		return 0;
	}
	memset(&err, 0, sizeof(err));
	FZ_ASSERT(mc_desc_validate(&d, &err) == 0,
		  "accepted file gives an invalid description: %s", err.msg);
	if (desc_pages(&d) > FZ_MAX_PAGES || d.nr_nodes > 8)
		return 0;
	ret = mc_machine_create(&d, &o, &m, &err);
	if (ret == -ENOMEM)
		return 0;
	FZ_ASSERT(ret == 0, "valid description, create fails %d: %s", ret,
		  err.msg);
	fz_check(m, "create");
	for (unsigned n = 0; n < d.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats s;

			if (mc_zone_stats(m, (int)n, (enum mc_zone_type)z, &s))
				continue;
			FZ_ASSERT(s.spanned == d.nodes[n].zones[z].spanned &&
				  s.present == d.nodes[n].zones[z].present,
				  "node %u zone %d: spanned/present %llu/%llu "
				  "for %llu/%llu declared", n, z,
				  (unsigned long long)s.spanned,
				  (unsigned long long)s.present,
				  (unsigned long long)d.nodes[n].zones[z].spanned,
				  (unsigned long long)d.nodes[n].zones[z].present);
		}
	FZ_ASSERT(mc_proc_render(m, MC_PROC_ZONEINFO, fz_text_write, &t) == 0,
		  "render");
	ret = mc_desc_from_zoneinfo(t.buf, t.len, "rendered", &back, &err);
	FZ_ASSERT(ret == 0, "own zoneinfo rejected: %s", err.msg);
	for (unsigned n = 0; n < d.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_desc *a = &d.nodes[n].zones[z];
			const struct mc_zone_desc *b = &back.nodes[n].zones[z];

			if (!a->present)
				continue;
			FZ_ASSERT(a->start_pfn == b->start_pfn &&
				  a->spanned == b->spanned &&
				  a->present == b->present &&
				  a->managed == b->managed,
				  "node %u zone %d does not round-trip", n, z);
		}
	free(t.buf);
	mc_machine_destroy(m);
	return 0;
}
