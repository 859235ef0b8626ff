// SPDX-License-Identifier: GPL-2.0-only
/*
 * pagemap.c - pageblock census and page map pictures (see pagemap.h).
 *
 * Pictures are 8-bit palette PNGs: small (a 24 GiB machine is 12288
 * pageblocks, 64 cells a row, 4x4 pixels a cell: 256x768 pixels) and
 * byte-identical for identical machines (no timestamp chunk).  libpng's
 * setjmp error handling stays inside write_png().
 */
#include "pagemap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef MC_HAVE_PNG
#include <png.h>
#endif

static const char *const blocker_names[PB_NR] = {
	[PB_FREE] = "free",
	[PB_RESERVED] = "reserved",
	[PB_HOLE] = "hole",
	[PB_KERNEL] = "kernel",
	[PB_SLAB] = "slab",
	[PB_PINNED] = "pinned",
	[PB_HUGETLB] = "hugetlb",
	[PB_MOVABLE_OPS] = "movable-ops",
	[PB_SLAB_RECLAIMABLE] = "slab-reclaimable",
	[PB_UNEVICTABLE] = "unevictable",
	[PB_WRITEBACK] = "writeback",
	[PB_PCP] = "pcp",
	[PB_MOVABLE] = "movable",
};

const char *pb_blocker_name(enum pb_blocker b)
{
	return b < PB_NR ? blocker_names[b] : "?";
}

void pagemap_census(struct mc_machine *m, uint64_t start_pfn,
		    bool unevictable_movable, struct pb_census *c)
{
	struct mc_geometry g;
	uint64_t n;

	mc_machine_geometry(m, &g);
	n = 1ULL << g.pageblock_order;
	memset(c, 0, sizeof(*c));
	c->start_pfn = start_pfn;
	c->nid = -1;
	c->zone = -1;
	c->mt = -1;
	for (uint64_t pfn = start_pfn; pfn < start_pfn + n;) {
		struct mc_page_info pi;
		uint64_t step = 1;

		if (pfn < g.start_pfn || pfn >= g.end_pfn ||
		    mc_page_info(m, pfn, &pi)) {
			c->hole++;
			pfn++;
			continue;
		}
		if (c->mt < 0 && pi.state != MC_PS_HOLE) {
			c->mt = pi.pageblock_mt;
			c->nid = pi.nid;
			c->zone = (int)pi.zone;
		}
		switch (pi.state) {
		case MC_PS_HOLE:
			c->hole++;
			break;
		case MC_PS_RESERVED:
			c->reserved++;
			c->pages++;
			break;
		case MC_PS_FREE:
		case MC_PS_ISOLATED_FREE:
			/* the rest of the free block at once */
			step = pi.head_pfn + (1ULL << pi.order) - pfn;
			if (pfn + step > start_pfn + n)
				step = start_pfn + n - pfn;
			c->free += (unsigned)step;
			c->pages += (unsigned)step;
			break;
		case MC_PS_PCP:
			c->pcp++;
			c->pages++;
			break;
		case MC_PS_ALLOCATED:
			c->pages++;
			switch (pi.kind) {
			case MC_PAGE_ANON: c->anon++; break;
			case MC_PAGE_FILE: c->file++; break;
			case MC_PAGE_SLAB: c->slab++; break;
			case MC_PAGE_SLAB_RECLAIMABLE: c->slab_rec++; break;
			case MC_PAGE_MOVABLE_OPS: c->movable_ops++; break;
			case MC_PAGE_HUGETLB: c->hugetlb++; break;
			default: c->kernel++; break;
			}
			if (pi.flags & MC_PF_PINNED)
				c->pinned++;
			if (pi.flags & MC_PF_MLOCKED)
				c->unevictable++;
			if (pi.flags & MC_PF_WRITEBACK)
				c->writeback++;
			if (pi.compound && (pi.kind == MC_PAGE_ANON ||
					    pi.kind == MC_PAGE_FILE))
				c->thp++;
			break;
		}
		pfn += step;
	}
	if (c->free == c->pages && !c->hole)
		c->blocker = PB_FREE;
	else if (c->reserved)
		c->blocker = PB_RESERVED;
	else if (c->hole)
		c->blocker = PB_HOLE;
	else if (c->kernel)
		c->blocker = PB_KERNEL;
	else if (c->slab)
		c->blocker = PB_SLAB;
	else if (c->pinned)
		c->blocker = PB_PINNED;
	else if (c->hugetlb)
		c->blocker = PB_HUGETLB;
	else if (c->movable_ops)
		c->blocker = PB_MOVABLE_OPS;
	else if (c->slab_rec)
		c->blocker = PB_SLAB_RECLAIMABLE;
	else if (c->unevictable && !unevictable_movable)
		c->blocker = PB_UNEVICTABLE;
	else if (c->writeback)
		c->blocker = PB_WRITEBACK;
	else if (c->pcp)
		c->blocker = PB_PCP;
	else
		c->blocker = PB_MOVABLE;
}

/* ---- the palette ---------------------------------------------------------- */

enum {
	C_HOLE, C_RESERVED, C_FREE, C_PCP, C_ANON, C_FILE, C_SLAB, C_SLAB_REC,
	C_KERNEL, C_MOVABLE_OPS, C_HUGETLB, C_PINNED, C_MIXED_MOVABLE,
	C_MT_UNMOVABLE, C_MT_MOVABLE, C_MT_RECLAIMABLE, C_MT_HIGHATOMIC,
	C_MT_CMA, C_MT_ISOLATE, C_NR
};

static const struct pagemap_colour palette[C_NR] = {
	[C_HOLE] = { "hole", 0, 0, 0 },
	[C_RESERVED] = { "reserved", 96, 96, 96 },
	[C_FREE] = { "free", 255, 255, 255 },
	[C_PCP] = { "free on a per-cpu list", 255, 240, 160 },
	[C_ANON] = { "anonymous", 60, 110, 220 },
	[C_FILE] = { "page cache", 60, 180, 90 },
	[C_SLAB] = { "slab (unmovable)", 220, 40, 40 },
	[C_SLAB_REC] = { "slab (reclaimable)", 240, 150, 40 },
	[C_KERNEL] = { "kernel (unmovable)", 140, 20, 20 },
	[C_MOVABLE_OPS] = { "non-LRU movable", 40, 200, 200 },
	[C_HUGETLB] = { "hugetlb", 150, 60, 200 },
	[C_PINNED] = { "pinned", 230, 60, 200 },
	[C_MIXED_MOVABLE] = { "movable pages, partly free", 150, 190, 240 },
	[C_MT_UNMOVABLE] = { "type Unmovable", 200, 0, 0 },
	[C_MT_MOVABLE] = { "type Movable", 0, 80, 200 },
	[C_MT_RECLAIMABLE] = { "type Reclaimable", 230, 130, 0 },
	[C_MT_HIGHATOMIC] = { "type HighAtomic", 230, 220, 0 },
	[C_MT_CMA] = { "type CMA", 0, 170, 0 },
	[C_MT_ISOLATE] = { "type Isolate", 128, 128, 128 },
};

const struct pagemap_colour *pagemap_legend(size_t *n)
{
	*n = C_NR;
	return palette;
}

static uint8_t block_colour(const struct pb_census *c)
{
	switch (c->blocker) {
	case PB_FREE: return C_FREE;
	case PB_RESERVED: return C_RESERVED;
	case PB_HOLE: return c->pages ? C_RESERVED : C_HOLE;
	case PB_KERNEL: return C_KERNEL;
	case PB_SLAB: return C_SLAB;
	case PB_PINNED: return C_PINNED;
	case PB_HUGETLB: return C_HUGETLB;
	case PB_MOVABLE_OPS: return C_MOVABLE_OPS;
	case PB_SLAB_RECLAIMABLE: return C_SLAB_REC;
	case PB_PCP: return C_PCP;
	default:
		if (c->free)
			return C_MIXED_MOVABLE;
		return c->anon >= c->file ? C_ANON : C_FILE;
	}
}

static uint8_t mt_colour(int mt, bool cma)
{
	switch (mt) {
	case 0: return C_MT_UNMOVABLE;
	case 1: return C_MT_MOVABLE;
	case 2: return C_MT_RECLAIMABLE;
	case 3: return C_MT_HIGHATOMIC;
	case 4: return cma ? C_MT_CMA : C_MT_ISOLATE;
	case 5: return C_MT_ISOLATE;
	default: return C_HOLE;
	}
}

static uint8_t page_colour(const struct mc_page_info *pi)
{
	switch (pi->state) {
	case MC_PS_HOLE: return C_HOLE;
	case MC_PS_RESERVED: return C_RESERVED;
	case MC_PS_FREE:
	case MC_PS_ISOLATED_FREE: return C_FREE;
	case MC_PS_PCP: return C_PCP;
	default: break;
	}
	if (pi->flags & MC_PF_PINNED)
		return C_PINNED;
	switch (pi->kind) {
	case MC_PAGE_ANON: return C_ANON;
	case MC_PAGE_FILE: return C_FILE;
	case MC_PAGE_SLAB: return C_SLAB;
	case MC_PAGE_SLAB_RECLAIMABLE: return C_SLAB_REC;
	case MC_PAGE_MOVABLE_OPS: return C_MOVABLE_OPS;
	case MC_PAGE_HUGETLB: return C_HUGETLB;
	default: return C_KERNEL;
	}
}

#ifdef MC_HAVE_PNG
static int write_png(const char *path, unsigned w, unsigned h,
		     uint8_t *const *rows, const char *title, char *why,
		     size_t wlen)
{
	FILE *f = fopen(path, "wb");
	png_structp png;
	png_infop info;
	png_color pal[C_NR];

	if (!f) {
		snprintf(why, wlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
				      NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info) {
		png_destroy_write_struct(&png, NULL);
		fclose(f);
		snprintf(why, wlen, "out of memory");
		return -ENOMEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		fclose(f);
		snprintf(why, wlen, "%s: libpng failed to write", path);
		return -EIO;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_PALETTE,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	for (int i = 0; i < C_NR; i++) {
		pal[i].red = palette[i].r;
		pal[i].green = palette[i].g;
		pal[i].blue = palette[i].b;
	}
	png_set_PLTE(png, info, pal, C_NR);
	if (title) {
		png_text t = { 0 };

		t.compression = PNG_TEXT_COMPRESSION_NONE;
		t.key = (png_charp) "Title";
		t.text = (png_charp)title;
		png_set_text(png, info, &t, 1);
	}
	png_write_info(png, info);
	png_write_image(png, (png_bytepp)rows);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (fclose(f)) {
		snprintf(why, wlen, "%s: %s", path, strerror(errno));
		return -EIO;
	}
	return 0;
}
#endif

int pagemap_write_png(struct mc_machine *m, const char *path,
		      const struct pagemap_opts *o, char *why, size_t wlen)
{
#ifndef MC_HAVE_PNG
	(void)m;
	(void)path;
	(void)o;
	snprintf(why, wlen, "memcompact was built without libpng");
	return -ENOTSUP;
#else
	struct mc_geometry g;
	uint64_t pb_pages, nr_pb, first_pb;
	unsigned w, h, cell, cols;
	uint8_t *pix, **rows;
	int ret;

	mc_machine_geometry(m, &g);
	pb_pages = 1ULL << g.pageblock_order;
	first_pb = g.start_pfn / pb_pages;
	nr_pb = (g.end_pfn + pb_pages - 1) / pb_pages - first_pb;
	if (o->mode == PAGEMAP_PAGE) {
		w = (unsigned)pb_pages;
		h = (unsigned)nr_pb;
		cell = 1;
		cols = 1;
	} else {
		cell = o->cell ? o->cell : 4;
		cols = o->columns ? o->columns : 64;
		w = cols * cell;
		h = (unsigned)((nr_pb + cols - 1) / cols) * cell;
	}
	if (!w || !h || (uint64_t)w * h > (1ULL << 31)) {
		snprintf(why, wlen, "picture of %ux%u pixels is too large", w,
			 h);
		return -E2BIG;
	}
	pix = calloc((size_t)w * h, 1);
	rows = calloc(h, sizeof(*rows));
	if (!pix || !rows) {
		free(pix);
		free(rows);
		snprintf(why, wlen, "out of memory");
		return -ENOMEM;
	}
	for (unsigned y = 0; y < h; y++)
		rows[y] = pix + (size_t)y * w;
	for (uint64_t i = 0; i < nr_pb; i++) {
		uint64_t start = (first_pb + i) * pb_pages;

		if (o->mode == PAGEMAP_PAGE) {
			for (uint64_t p = 0; p < pb_pages; p++) {
				struct mc_page_info pi;
				uint8_t c = C_HOLE;

				if (start + p >= g.start_pfn &&
				    start + p < g.end_pfn &&
				    !mc_page_info(m, start + p, &pi))
					c = page_colour(&pi);
				rows[i][p] = c;
			}
		} else {
			struct pb_census c;
			unsigned x0 = (unsigned)(i % cols) * cell;
			unsigned y0 = (unsigned)(i / cols) * cell;
			uint8_t st, mt;

			pagemap_census(m, start, true, &c);
			st = block_colour(&c);
			mt = c.mt < 0 ? C_HOLE :
			     mt_colour(c.mt, g.nr_migratetypes == 6);
			/* top row: the migratetype; the rest: the state */
			for (unsigned y = 0; y < cell; y++)
				for (unsigned x = 0; x < cell; x++)
					rows[y0 + y][x0 + x] =
						(y == 0 && cell > 1) ? mt : st;
		}
	}
	ret = write_png(path, w, h, rows, o->title, why, wlen);
	free(rows);
	free(pix);
	return ret;
#endif
}
