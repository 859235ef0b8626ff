// SPDX-License-Identifier: GPL-2.0-only
/*
 * helpers.c - shared test support, see helpers.h.
 */
#include "helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mc_machine *t_machine_desc(const struct mc_machine_desc *d,
				  unsigned opts)
{
	struct mc_options o = { .seed = 1, .flags = opts };
	struct mc_machine *m = NULL;
	struct mc_error err = { 0 };
	int ret = mc_machine_create(d, &o, &m, &err);

	if (ret) {
		fprintf(stderr, "t_machine_desc: %s:%d: %s (%d)\n", err.file,
			err.line, err.msg, ret);
		abort();
	}
	return m;
}

struct mc_machine *t_machine(const char *spec, unsigned opts)
{
	static struct mc_machine_desc d;
	struct mc_error err = { 0 };

	memset(&d, 0, sizeof(d));
	if (mc_desc_preset(spec, &d, &err)) {
		fprintf(stderr, "t_machine: %s: %s\n", spec, err.msg);
		abort();
	}
	return t_machine_desc(&d, opts);
}

static void report(void *ctx, const char *msg)
{
	int *n = ctx;

	if (*n < 20)
		fprintf(stderr, "invariant: %s\n", msg);
	(*n)++;
}

int t_check(struct mc_machine *m)
{
	int n = 0;
	int ret = mc_check(m, report, &n);

	return ret < 0 ? ret : n;
}

struct capture {
	char *buf;
	size_t len, cap;
};

static void cap_write(void *ctx, const char *s, size_t n)
{
	struct capture *c = ctx;

	if (c->len + n + 1 > c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 4096;

		while (nc < c->len + n + 1)
			nc *= 2;
		c->buf = realloc(c->buf, nc);
		if (!c->buf)
			abort();
		c->cap = nc;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

char *t_render(struct mc_machine *m, enum mc_proc_file f)
{
	struct capture c = { 0 };

	if (mc_proc_render(m, f, cap_write, &c) != 0) {
		free(c.buf);
		return NULL;
	}
	if (!c.buf)
		c.buf = calloc(1, 1);
	return c.buf;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void source_path(char *out, size_t len, const char *rel)
{
	const char *dir = getenv("MC_SOURCE_DIR");

	snprintf(out, len, "%s/%s", dir ? dir : ".", rel);
}

char *t_read_source_file(const char *relpath, size_t *len)
{
	char path[4096];

	source_path(path, sizeof(path), relpath);
	return read_file(path, len);
}

bool t_golden(const char *name, const char *got)
{
	char rel[512], path[4096];
	const char *upd = getenv("MC_UPDATE_GOLDEN");
	char *want;
	const char *a, *b;
	int line = 1;

	snprintf(rel, sizeof(rel), "tests/golden/%s", name);
	source_path(path, sizeof(path), rel);
	if (upd && strcmp(upd, "1") == 0) {
		FILE *f = fopen(path, "wb");

		if (!f)
			return false;
		fputs(got, f);
		fclose(f);
		return true;
	}
	want = read_file(path, NULL);
	if (!want) {
		fprintf(stderr, "golden %s: cannot read %s\n", name, path);
		return false;
	}
	a = want;
	b = got;
	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	if (*a == *b) {
		free(want);
		return true;
	}
	fprintf(stderr, "golden %s differs at line %d\n", name, line);
	{
		const char *la = a, *lb = b;

		while (la > want && la[-1] != '\n')
			la--;
		while (lb > got && lb[-1] != '\n')
			lb--;
		fprintf(stderr, " want: %.*s\n", (int)strcspn(la, "\n"), la);
		fprintf(stderr, " got : %.*s\n", (int)strcspn(lb, "\n"), lb);
	}
	free(want);
	return false;
}

uint64_t t_alloc(struct mc_machine *m, uint32_t gfp, unsigned order, int cpu)
{
	struct mc_alloc_request r = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = cpu,
		.owner = 0, .kind = MC_PAGE_KERNEL,
	};
	uint64_t pfn;

	if (gfp & MC_GFP_MOVABLE) {
		r.kind = MC_PAGE_ANON;
		/* anonymous folios larger than a page are compound */
		if (order)
			r.gfp |= MC_GFP_COMP;
	} else if (gfp & MC_GFP_RECLAIMABLE) {
		r.kind = MC_PAGE_SLAB_RECLAIMABLE;
	}
	if (mc_alloc_pages(m, &r, &pfn))
		return UINT64_MAX;
	return pfn;
}

uint64_t t_free_pages(struct mc_machine *m, uint64_t *managed)
{
	struct mc_geometry g;
	uint64_t nr = 0, man = 0;

	mc_machine_geometry(m, &g);
	for (unsigned n = 0; n < g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats s;

			if (mc_zone_stats(m, (int)n, (enum mc_zone_type)z, &s) ||
			    !s.populated)
				continue;
			nr += s.nr_free + s.pcp_pages;
			man += s.managed;
		}
	if (managed)
		*managed = man;
	return nr;
}
