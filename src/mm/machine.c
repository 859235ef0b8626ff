// SPDX-License-Identifier: GPL-2.0-only
/*
 * machine.c - machine descriptions: where a machine's page frames are.
 *
 * This file owns struct mc_machine_desc before a machine exists: the
 * geometry a page size implies (MAX_PAGE_ORDER, pageblock_order,
 * HPAGE_PMD_ORDER, as Linux 6.12 derives them per architecture), the
 * presets (PCs with an e820-like layout, arm64 QEMU-virt-like boards, the
 * Radxa Rock 5B+), reading a real /proc/zoneinfo, and the validation that
 * mc_machine_create() runs before it builds anything.  It also provides
 * mc_err(), the one way the library fills a struct mc_error.
 *
 * Building the machine from a description is mm_init.c's business.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_1M		(1ULL << 20)
#define SZ_1G		(1ULL << 30)
#define SZ_4G		(1ULL << 32)
#define SZ_1T		(1ULL << 40)

#define DIV_ROUND_UP_ULL(n, d)	(((n) + (d) - 1) / (d))

/* The memmap indexes page frames with 32 bits; leave room for sentinels. */
#define MC_MAX_SPAN_PAGES	((1ULL << 32) - (1ULL << 20))

/* Smallest and largest sizes a preset accepts. */
#define PRESET_MIN_BYTES	(64 * SZ_1M)
#define PRESET_MAX_BYTES	(16 * SZ_1T)

/* struct page is 64 bytes in the kernel: the memmap a preset reserves. */
#define KERNEL_STRUCT_PAGE_SIZE	64

static const char *const zone_name_tbl[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* ---- errors -------------------------------------------------------------- */

void mc_err(struct mc_error *err, const char *file, int line,
	    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	if (file != err->file)
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* A name for a description in messages: its name, or a placeholder. */
static const char *desc_label(const struct mc_machine_desc *desc)
{
	if (desc->name[0] && memchr(desc->name, '\0', sizeof(desc->name)))
		return desc->name;
	return "<machine>";
}

/* ---- geometry ------------------------------------------------------------ */

enum mc_arch { ARCH_UNKNOWN, ARCH_X86_64, ARCH_ARM64 };

static enum mc_arch desc_arch(const struct mc_machine_desc *desc)
{
	if (!memchr(desc->arch, '\0', sizeof(desc->arch)))
		return ARCH_UNKNOWN;
	if (!strcmp(desc->arch, "x86_64"))
		return ARCH_X86_64;
	if (!strcmp(desc->arch, "arm64"))
		return ARCH_ARM64;
	return ARCH_UNKNOWN;
}

/*
 * x86_64: 4K pages only; MAX_PAGE_ORDER is the generic 10 (x86 has no
 * ARCH_FORCE_MAX_ORDER); PMD_SHIFT is 21, so HPAGE_PMD_ORDER is 9.
 *
 * arm64: MAX_PAGE_ORDER is ARCH_FORCE_MAX_ORDER's default per page size
 * (arch/arm64/Kconfig: 10 for 4K, 11 for 16K, 13 for 64K).  A level-2
 * table entry maps PAGE_SHIFT - 3 bits more than a page (8-byte
 * descriptors), so HPAGE_PMD_ORDER = PMD_SHIFT - PAGE_SHIFT = PAGE_SHIFT - 3:
 * 9 (2 MiB), 11 (32 MiB), 13 (512 MiB).
 *
 * pageblock_order = min(HUGETLB_PAGE_ORDER, MAX_PAGE_ORDER)
 * (include/linux/pageblock-flags.h); HUGETLB_PAGE_ORDER is the PMD order on
 * both architectures.
 */
int derive_geometry(const struct mc_machine_desc *desc, unsigned *max_order,
		    unsigned *pb_order, unsigned *pmd_order,
		    struct mc_error *err)
{
	const char *who = desc_label(desc);
	unsigned int ps = desc->page_shift;
	unsigned int mo, pmd, pb;

	switch (desc_arch(desc)) {
	case ARCH_X86_64:
		if (ps != 12) {
			mc_err(err, who, 0,
			       "x86_64 supports only 4 KiB pages (page_shift 12), not page_shift %u",
			       ps);
			return -EINVAL;
		}
		mo = 10;
		pmd = 21 - 12;
		break;
	case ARCH_ARM64:
		if (ps == 12)
			mo = 10;
		else if (ps == 14)
			mo = 11;
		else if (ps == 16)
			mo = 13;
		else {
			mc_err(err, who, 0,
			       "arm64 supports page_shift 12, 14 or 16, not %u",
			       ps);
			return -EINVAL;
		}
		pmd = ps - 3;
		break;
	default:
		mc_err(err, who, 0,
		       "unknown arch '%.*s' (expected \"x86_64\" or \"arm64\")",
		       (int)sizeof(desc->arch), desc->arch);
		return -EINVAL;
	}

	if (desc->max_page_order) {
		if (desc->max_page_order > MAX_PAGE_ORDER_LIMIT) {
			mc_err(err, who, 0,
			       "max_page_order %u is above the supported limit %d",
			       desc->max_page_order, MAX_PAGE_ORDER_LIMIT);
			return -EINVAL;
		}
		mo = desc->max_page_order;
	}
	pb = min(pmd, mo);
	if (desc->pageblock_order) {
		if (desc->pageblock_order > mo) {
			mc_err(err, who, 0,
			       "pageblock_order %u is above MAX_PAGE_ORDER %u",
			       desc->pageblock_order, mo);
			return -EINVAL;
		}
		pb = desc->pageblock_order;
	}
	if (max_order)
		*max_order = mo;
	if (pb_order)
		*pb_order = pb;
	if (pmd_order)
		*pmd_order = pmd;
	return 0;
}

/* ---- range helpers ------------------------------------------------------- */

static int range_cmp(const void *a, const void *b)
{
	const struct mc_pfn_range *x = a, *y = b;

	if (x->start_pfn != y->start_pfn)
		return x->start_pfn < y->start_pfn ? -1 : 1;
	if (x->end_pfn != y->end_pfn)
		return x->end_pfn < y->end_pfn ? -1 : 1;
	return 0;
}

static uint64_t zone_end(const struct mc_zone_desc *z)
{
	return z->start_pfn + z->spanned;
}

/* Pages of [s, e) that also lie in [zs, ze). */
static uint64_t overlap(uint64_t s, uint64_t e, uint64_t zs, uint64_t ze)
{
	uint64_t lo = max(s, zs), hi = min(e, ze);

	return hi > lo ? hi - lo : 0;
}

static bool ranges_overlap(const struct mc_pfn_range *a,
			   const struct mc_pfn_range *b)
{
	return a->start_pfn < b->end_pfn && b->start_pfn < a->end_pfn;
}

/* ---- preset construction ------------------------------------------------- */

/*
 * A preset is built as the kernel's boot would see it: zone spans from the
 * architecture's zone limits, holes where firmware says there is no RAM,
 * reservations where memblock put them.  present and managed follow.
 */
static int node_add_hole(struct mc_node_desc *nd, uint64_t s, uint64_t e)
{
	if (s >= e)
		return 0;
	if (nd->nr_holes >= MC_MAX_RANGES)
		return -ENOSPC;
	nd->holes[nd->nr_holes++] = (struct mc_pfn_range){ s, e };
	return 0;
}

static int node_add_reserved(struct mc_node_desc *nd, uint64_t s, uint64_t e)
{
	if (s >= e)
		return 0;
	if (nd->nr_reserved >= MC_MAX_RANGES)
		return -ENOSPC;
	nd->reserved[nd->nr_reserved++] = (struct mc_pfn_range){ s, e };
	return 0;
}

static void node_set_zone(struct mc_node_desc *nd, enum mc_zone_type zt,
			  uint64_t start, uint64_t end)
{
	nd->zones[zt].start_pfn = start;
	nd->zones[zt].spanned = end > start ? end - start : 0;
}

/* Is @pfn in a hole or reservation?  If so, *start is that range's start. */
static bool pfn_blocked(const struct mc_node_desc *nd, uint64_t pfn,
			uint64_t *start)
{
	for (unsigned int i = 0; i < nd->nr_holes; i++) {
		if (pfn >= nd->holes[i].start_pfn &&
		    pfn < nd->holes[i].end_pfn) {
			*start = nd->holes[i].start_pfn;
			return true;
		}
	}
	for (unsigned int i = 0; i < nd->nr_reserved; i++) {
		if (pfn >= nd->reserved[i].start_pfn &&
		    pfn < nd->reserved[i].end_pfn) {
			*start = nd->reserved[i].start_pfn;
			return true;
		}
	}
	return false;
}

/* The highest end of a hole or reservation at or below @pfn, or @floor. */
static uint64_t block_floor(const struct mc_node_desc *nd, uint64_t pfn,
			    uint64_t floor)
{
	for (unsigned int i = 0; i < nd->nr_holes; i++)
		if (nd->holes[i].end_pfn <= pfn && nd->holes[i].end_pfn > floor)
			floor = nd->holes[i].end_pfn;
	for (unsigned int i = 0; i < nd->nr_reserved; i++)
		if (nd->reserved[i].end_pfn <= pfn &&
		    nd->reserved[i].end_pfn > floor)
			floor = nd->reserved[i].end_pfn;
	return floor;
}

/*
 * Reserve @need pages top-down, as memblock_alloc() does: from the end of
 * the node's highest zone downward, skipping holes and earlier
 * reservations, never letting a range cross a zone boundary.  Returns the
 * pages that did not fit (0 on success) or -ENOSPC when out of ranges.
 */
static int64_t node_reserve_top(struct mc_node_desc *nd, uint64_t need)
{
	for (int zt = MAX_NR_ZONES - 1; zt >= 0 && need; zt--) {
		const struct mc_zone_desc *z = &nd->zones[zt];
		uint64_t cur = zone_end(z);

		if (!z->spanned)
			continue;
		while (need && cur > z->start_pfn) {
			uint64_t bs, lo, n;

			if (pfn_blocked(nd, cur - 1, &bs)) {
				cur = max(bs, z->start_pfn);
				continue;
			}
			lo = block_floor(nd, cur, z->start_pfn);
			n = min(need, cur - lo);
			if (node_add_reserved(nd, cur - n, cur))
				return -ENOSPC;
			need -= n;
			cur -= n;
		}
	}
	return (int64_t)need;
}

/* Sort the ranges and compute present and managed from spans and ranges. */
static void node_finalize(struct mc_node_desc *nd)
{
	qsort(nd->holes, nd->nr_holes, sizeof(nd->holes[0]), range_cmp);
	qsort(nd->reserved, nd->nr_reserved, sizeof(nd->reserved[0]),
	      range_cmp);
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct mc_zone_desc *z = &nd->zones[zt];
		uint64_t zs = z->start_pfn, ze = zone_end(z);
		uint64_t holes = 0, rsv = 0;

		for (unsigned int i = 0; i < nd->nr_holes; i++)
			holes += overlap(nd->holes[i].start_pfn,
					 nd->holes[i].end_pfn, zs, ze);
		for (unsigned int i = 0; i < nd->nr_reserved; i++)
			rsv += overlap(nd->reserved[i].start_pfn,
				       nd->reserved[i].end_pfn, zs, ze);
		z->present = z->spanned - holes;
		z->managed = z->present - rsv;
	}
}

static uint64_t node_present(const struct mc_node_desc *nd)
{
	uint64_t sum = 0;

	for (int zt = 0; zt < MAX_NR_ZONES; zt++)
		sum += nd->zones[zt].present;
	return sum;
}

static uint64_t node_end_pfn(const struct mc_node_desc *nd)
{
	uint64_t end = 0;

	for (int zt = 0; zt < MAX_NR_ZONES; zt++)
		if (nd->zones[zt].spanned)
			end = max(end, zone_end(&nd->zones[zt]));
	return end;
}

/* Pages the kernel's memmap (64-byte struct page) takes for @present. */
static uint64_t memmap_pages(uint64_t present, unsigned int page_shift)
{
	return DIV_ROUND_UP_ULL(present * KERNEL_STRUCT_PAGE_SIZE,
				1ULL << page_shift);
}

/*
 * PC (x86_64, 4K pages), node 0, following a real PC's e820 map and
 * arch/x86/mm/init.c:zone_sizes_init():
 *
 *   pfn 0                 firmware (BIOS data area): not RAM; ZONE_DMA
 *                         therefore starts at pfn 1.
 *   [0x001, 0x09f)        RAM, reserved: 6.12 reserves the whole first
 *                         MiB for the real-mode trampoline and BIOS
 *                         corruption (158 pages: DMA present 3998,
 *                         managed 3840, as a real 6.12 PC shows).
 *   [0x09f, 0x100)        legacy hole (EBDA, VGA, option ROMs): absent.
 *   [0x100, 0x1000)       RAM; ZONE_DMA ends at 16 MiB (MAX_DMA_PFN).
 *   [0x1000, 0x4000)      kernel image + initrd: 48 MiB reserved.
 *   ...                   ZONE_DMA32 up to 4 GiB (MAX_DMA32_PFN).
 *   [0xc0000, 0x100000)   PCI/MMIO hole when RAM > 3 GiB: absent, but
 *                         inside ZONE_DMA32's span.
 *   [0x100000, ...)       ZONE_NORMAL: the RAM above 3 GiB, remapped above
 *                         4 GiB by the memory controller.
 *
 * Accounting: SIZE is the installed RAM.  The first min(SIZE, 3 GiB) are
 * mapped at [0, 3 GiB) and SIZE - 3 GiB (if any) at [4 GiB, SIZE + 1 GiB),
 * exactly as the real machines do (a 24 GiB VM ends at 25 GiB).  The 98
 * firmware pages at pfn 0 and [0x9f, 0x100) are absent, so the node's
 * present pages are SIZE / 4 KiB - 98; the PCI hole costs nothing (that
 * RAM was remapped).  The low megabyte is not added back at the top.
 *
 * At the top of the highest zone (memblock allocates top-down) we reserve
 * the memmap, 64 bytes per present page (present / 64, rounded up), then
 * below it 0.5 % of present pages (present / 200, rounded down) for other
 * boot allocations (page tables, per-cpu areas, hash tables, ...).
 */
#define PC_DMA_PFN		0x1000ULL	/* 16 MiB */
#define PC_LOW_HOLE_START	0x9fULL		/* 636 KiB: EBDA above */
#define PC_LOW_HOLE_END		0x100ULL	/* 1 MiB */
#define PC_PCI_HOLE_START	0xc0000ULL	/* 3 GiB */
#define PC_4G_PFN		0x100000ULL	/* 4 GiB */
#define PC_KERNEL_PAGES		(48 * SZ_1M >> 12)

static int pc_node0(struct mc_node_desc *nd, uint64_t pages, bool boot_extra)
{
	uint64_t present;
	int ret = 0;

	node_set_zone(nd, MC_ZONE_DMA, 1, PC_DMA_PFN);
	ret |= node_add_hole(nd, PC_LOW_HOLE_START, PC_LOW_HOLE_END);
	ret |= node_add_reserved(nd, 1, PC_LOW_HOLE_START);
	if (pages > PC_PCI_HOLE_START) {
		node_set_zone(nd, MC_ZONE_DMA32, PC_DMA_PFN, PC_4G_PFN);
		ret |= node_add_hole(nd, PC_PCI_HOLE_START, PC_4G_PFN);
		node_set_zone(nd, MC_ZONE_NORMAL, PC_4G_PFN,
			      PC_4G_PFN + pages - PC_PCI_HOLE_START);
	} else {
		node_set_zone(nd, MC_ZONE_DMA32, PC_DMA_PFN, pages);
	}
	ret |= node_add_reserved(nd, PC_DMA_PFN, PC_DMA_PFN + PC_KERNEL_PAGES);
	if (ret)
		return -ENOSPC;
	node_finalize(nd);
	present = node_present(nd);
	if (node_reserve_top(nd, memmap_pages(present, 12)))
		return -ENOSPC;
	if (boot_extra && node_reserve_top(nd, present / 200))
		return -ENOSPC;
	node_finalize(nd);
	return 0;
}

/* A PC NUMA node other than 0: one ZONE_NORMAL, memmap at its top. */
static int pc_node_normal(struct mc_node_desc *nd, uint64_t start,
			  uint64_t pages)
{
	node_set_zone(nd, MC_ZONE_NORMAL, start, start + pages);
	if (node_reserve_top(nd, memmap_pages(pages, 12)))
		return -ENOSPC;
	node_finalize(nd);
	return 0;
}

/*
 * arm64 (QEMU virt-like): RAM at [1 GiB, 1 GiB + SIZE).
 *
 * arch/arm64/mm/init.c:zone_sizes_init() in 6.12: with no firmware DMA
 * restriction (no dma-ranges, no IORT) zone_dma_limit is the largest
 * possible, then capped at 4 GiB because DRAM starts below 4 GiB; so
 * ZONE_DMA is everything below min(4 GiB, end of DRAM).  ZONE_DMA32's limit
 * is also 4 GiB, so ZONE_DMA32 is empty, and ZONE_NORMAL is the rest.
 *
 * Reserved: a 32 MiB kernel image at the start of RAM and the memmap
 * (64 bytes per present page) at the top.
 */
#define ARM64_VIRT_RAM_BASE	SZ_1G
#define ARM64_KERNEL_BYTES	(32 * SZ_1M)

static int arm64_node(struct mc_node_desc *nd, unsigned int ps,
		      uint64_t bytes)
{
	uint64_t base = ARM64_VIRT_RAM_BASE >> ps;
	uint64_t end = base + (bytes >> ps);
	uint64_t dma_end = min(end, SZ_4G >> ps);

	node_set_zone(nd, MC_ZONE_DMA, base, dma_end);
	if (end > dma_end)
		node_set_zone(nd, MC_ZONE_NORMAL, dma_end, end);
	if (node_add_reserved(nd, base, base + (ARM64_KERNEL_BYTES >> ps)))
		return -ENOSPC;
	node_finalize(nd);
	if (node_reserve_top(nd, memmap_pages(node_present(nd), ps)))
		return -ENOSPC;
	node_finalize(nd);
	return 0;
}

/*
 * Radxa Rock 5B+: Rockchip RK3588, 16 GiB LPDDR5, 4K pages.
 *
 * The RAM banks are the ones U-Boot reports for a 16 GiB RK3588 board (the
 * DDR init blob hands them over in ATAGs; the 0xf0000000-0x100000000
 * peripheral window is from the RK3588 TRM's address map, and the 256 MiB
 * of DRAM under it is remapped to 0x4f0000000):
 *
 *   0x000200000 - 0x0f0000000   3838 MiB (first 2 MiB: TF-A BL31, ATAGs)
 *   0x100000000 - 0x3fc000000  12224 MiB
 *   0x3fc500000 - 0x3fff00000     58 MiB
 *   0x4f0000000 - 0x500000000    256 MiB
 *
 * 16376 MiB in all.  Uncertain: what firmware keeps in the two small gaps
 * at 0x3fc000000 (5 MiB) and 0x3fff00000 (1 MiB); we only know U-Boot
 * leaves them out.
 *
 * Zones by the arm64 rules: DRAM starts below 4 GiB, so ZONE_DMA is
 * [2 MiB, 4 GiB), ZONE_DMA32 is empty, ZONE_NORMAL is [4 GiB, 20 GiB).
 *
 * Reserved (present, never managed):
 *  - kernel image: 32 MiB at U-Boot's kernel_addr_r 0x02000000 (upstream
 *    rk3588_common.h).  Assumption: booti runs the image in place.
 *  - OP-TEE (BL32): 16 MiB at 0x08400000, where Rockchip's rkbin loads its
 *    BL32 on every SoC.  Assumption: the size; and Rockchip's vendor
 *    U-Boot may cut this range out of /memory instead (a hole rather than
 *    a reservation) -- it is never managed either way.
 *  - TF-A BL31 and ramoops live in the first 2 MiB, already not RAM here.
 *  - the memmap, 64 bytes per present page, at the top of ZONE_NORMAL.
 */
#define ROCK5B_DMA_END		(SZ_4G >> 12)
#define ROCK5B_KERNEL_PFN	(0x02000000ULL >> 12)
#define ROCK5B_KERNEL_END	\
	(ROCK5B_KERNEL_PFN + (ARM64_KERNEL_BYTES >> 12))
#define ROCK5B_OPTEE_PFN	(0x08400000ULL >> 12)
#define ROCK5B_OPTEE_PAGES	(16 * SZ_1M >> 12)

static const struct mc_pfn_range rock5b_banks[] = {
	{ 0x000200000ULL >> 12, 0x0f0000000ULL >> 12 },
	{ 0x100000000ULL >> 12, 0x3fc000000ULL >> 12 },
	{ 0x3fc500000ULL >> 12, 0x3fff00000ULL >> 12 },
	{ 0x4f0000000ULL >> 12, 0x500000000ULL >> 12 },
};

static int rock5b_node(struct mc_node_desc *nd)
{
	const size_t nb = ARRAY_SIZE(rock5b_banks);
	uint64_t start = rock5b_banks[0].start_pfn;
	uint64_t end = rock5b_banks[nb - 1].end_pfn;
	int ret = 0;

	node_set_zone(nd, MC_ZONE_DMA, start, ROCK5B_DMA_END);
	node_set_zone(nd, MC_ZONE_NORMAL, ROCK5B_DMA_END, end);
	/* Holes: the gaps between banks, split at the zone boundary. */
	for (size_t i = 0; i + 1 < nb; i++) {
		uint64_t hs = rock5b_banks[i].end_pfn;
		uint64_t he = rock5b_banks[i + 1].start_pfn;

		if (hs < ROCK5B_DMA_END && he > ROCK5B_DMA_END) {
			ret |= node_add_hole(nd, hs, ROCK5B_DMA_END);
			hs = ROCK5B_DMA_END;
		}
		ret |= node_add_hole(nd, hs, he);
	}
	ret |= node_add_reserved(nd, ROCK5B_KERNEL_PFN, ROCK5B_KERNEL_END);
	ret |= node_add_reserved(nd, ROCK5B_OPTEE_PFN,
				 ROCK5B_OPTEE_PFN + ROCK5B_OPTEE_PAGES);
	if (ret)
		return -ENOSPC;
	node_finalize(nd);
	if (node_reserve_top(nd, memmap_pages(node_present(nd), 12)))
		return -ENOSPC;
	node_finalize(nd);
	return 0;
}

/* ---- preset parsing ------------------------------------------------------ */

#define PRESET_FILE "<preset>"

/* Parse "16G", "512M", "4096K", "1T" or plain bytes.  0 or -EINVAL. */
static int parse_size(const char *s, size_t n, uint64_t *out, char *why,
		      size_t whylen)
{
	uint64_t v = 0, mult = 1;
	size_t i = 0;

	if (!n) {
		snprintf(why, whylen, "missing size");
		return -EINVAL;
	}
	if (s[0] < '0' || s[0] > '9') {
		snprintf(why, whylen, "size '%.*s' is not a number", (int)n,
			 s);
		return -EINVAL;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10) {
			snprintf(why, whylen, "size '%.*s' overflows",
				 (int)n, s);
			return -EINVAL;
		}
		v = v * 10 + d;
	}
	if (i < n) {
		switch (s[i]) {
		case 'K': case 'k':
			mult = 1ULL << 10;
			break;
		case 'M': case 'm':
			mult = 1ULL << 20;
			break;
		case 'G': case 'g':
			mult = 1ULL << 30;
			break;
		case 'T': case 't':
			mult = 1ULL << 40;
			break;
		default:
			snprintf(why, whylen,
				 "unknown size suffix '%c' in '%.*s' (use K, M, G or T, binary units)",
				 s[i], (int)n, s);
			return -EINVAL;
		}
		if (++i < n) {
			snprintf(why, whylen,
				 "trailing characters after size '%.*s'",
				 (int)n, s);
			return -EINVAL;
		}
	}
	if (!v) {
		snprintf(why, whylen, "size must not be zero");
		return -EINVAL;
	}
	if (v > UINT64_MAX / mult) {
		snprintf(why, whylen, "size '%.*s' overflows", (int)n, s);
		return -EINVAL;
	}
	*out = v * mult;
	return 0;
}

/* Check a preset size against the limits and the page size. */
static int check_size(uint64_t bytes, unsigned int ps, char *why,
		      size_t whylen)
{
	if (bytes < PRESET_MIN_BYTES) {
		snprintf(why, whylen,
			 "size %llu bytes is below the 64 MiB minimum",
			 (unsigned long long)bytes);
		return -EINVAL;
	}
	if (bytes > PRESET_MAX_BYTES) {
		snprintf(why, whylen,
			 "size %llu bytes is above the 16 TiB maximum",
			 (unsigned long long)bytes);
		return -EINVAL;
	}
	if (bytes & ((1ULL << ps) - 1)) {
		snprintf(why, whylen,
			 "size %llu bytes is not a multiple of the %llu KiB page size",
			 (unsigned long long)bytes,
			 (unsigned long long)(1ULL << ps) >> 10);
		return -EINVAL;
	}
	return 0;
}

/* Parse a decimal unsigned in [lo, hi]; the whole of [s, s + n). */
static bool parse_uint_range(const char *s, size_t n, unsigned int lo,
			     unsigned int hi, unsigned int *out)
{
	uint64_t v = 0;

	if (!n || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < lo || v > hi)
		return false;
	*out = (unsigned int)v;
	return true;
}

/* CPUs split evenly and contiguously over the nodes. */
static void spread_cpus(struct mc_machine_desc *d)
{
	for (unsigned int c = 0; c < MC_MAX_CPUS; c++)
		d->cpu_to_node[c] = c < d->nr_cpus ?
			(int)((uint64_t)c * d->nr_nodes / d->nr_cpus) : -1;
}

enum preset_kind {
	PRESET_PC, PRESET_PC_NUMA, PRESET_ARM64_4K, PRESET_ARM64_16K,
	PRESET_ARM64_64K, PRESET_ROCK5B,
};

static const struct {
	const char *name;
	enum preset_kind kind;
} preset_tbl[] = {
	{ "pc", PRESET_PC },
	{ "pc-numa", PRESET_PC_NUMA },
	{ "arm64-4k", PRESET_ARM64_4K },
	{ "arm64-16k", PRESET_ARM64_16K },
	{ "arm64-64k", PRESET_ARM64_64K },
	{ "rock5b+", PRESET_ROCK5B },
};

#define PRESET_USAGE "pc:SIZE, pc-numa:NxSIZE, arm64-4k:SIZE, " \
	"arm64-16k:SIZE, arm64-64k:SIZE or rock5b+, optionally ,cpus=N"

static int preset_build(const char *spec, struct mc_machine_desc *d,
			struct mc_error *err)
{
	const char *comma = strchr(spec, ',');
	size_t mlen = comma ? (size_t)(comma - spec) : strlen(spec);
	const char *colon = memchr(spec, ':', mlen);
	size_t klen = colon ? (size_t)(colon - spec) : mlen;
	const char *arg = colon ? colon + 1 : NULL;
	size_t alen = colon ? mlen - klen - 1 : 0;
	unsigned int nodes = 1, cpus = 0, ps = 12;
	bool have_kind = false;
	enum preset_kind kind = PRESET_PC;
	uint64_t bytes = 0;
	char why[200];

	for (size_t i = 0; i < ARRAY_SIZE(preset_tbl); i++) {
		if (strlen(preset_tbl[i].name) == klen &&
		    !memcmp(preset_tbl[i].name, spec, klen)) {
			kind = preset_tbl[i].kind;
			have_kind = true;
		}
	}
	if (!have_kind) {
		mc_err(err, PRESET_FILE, 0, "%s: unknown preset '%.*s' (%s)",
		       spec, (int)klen, spec, PRESET_USAGE);
		return -EINVAL;
	}

	/* The size argument. */
	if (kind == PRESET_ROCK5B) {
		if (colon) {
			mc_err(err, PRESET_FILE, 0,
			       "%s: rock5b+ has a fixed 16 GiB layout and takes no size",
			       spec);
			return -EINVAL;
		}
	} else if (!colon || !alen) {
		mc_err(err, PRESET_FILE, 0, "%s: missing size (e.g. %.*s:%s)",
		       spec, (int)klen, spec,
		       kind == PRESET_PC_NUMA ? "2x8G" : "16G");
		return -EINVAL;
	} else {
		if (kind == PRESET_ARM64_16K)
			ps = 14;
		else if (kind == PRESET_ARM64_64K)
			ps = 16;
		if (kind == PRESET_PC_NUMA) {
			const char *x = NULL;

			for (size_t i = 0; i < alen; i++) {
				if (arg[i] == 'x' || arg[i] == 'X') {
					x = arg + i;
					break;
				}
			}
			if (!x) {
				mc_err(err, PRESET_FILE, 0,
				       "%s: expected NxSIZE (e.g. pc-numa:2x8G)",
				       spec);
				return -EINVAL;
			}
			if (!parse_uint_range(arg, (size_t)(x - arg), 2, 64,
					      &nodes)) {
				mc_err(err, PRESET_FILE, 0,
				       "%s: node count '%.*s' must be a number from 2 to 64",
				       spec, (int)(x - arg), arg);
				return -EINVAL;
			}
			alen -= (size_t)(x + 1 - arg);
			arg = x + 1;
		}
		if (parse_size(arg, alen, &bytes, why, sizeof(why)) ||
		    check_size(bytes, ps, why, sizeof(why))) {
			mc_err(err, PRESET_FILE, 0, "%s: %s", spec, why);
			return -EINVAL;
		}
	}

	/* Options. */
	while (comma) {
		const char *opt = comma + 1;
		const char *next = strchr(opt, ',');
		size_t olen = next ? (size_t)(next - opt) : strlen(opt);

		if (olen > 5 && !memcmp(opt, "cpus=", 5)) {
			if (!parse_uint_range(opt + 5, olen - 5, 1, MC_MAX_CPUS,
					      &cpus)) {
				mc_err(err, PRESET_FILE, 0,
				       "%s: cpus=%.*s: the CPU count must be a number from 1 to %d",
				       spec, (int)(olen - 5), opt + 5,
				       MC_MAX_CPUS);
				return -EINVAL;
			}
		} else {
			mc_err(err, PRESET_FILE, 0,
			       "%s: unknown option '%.*s' (only cpus=N)", spec,
			       (int)olen, opt);
			return -EINVAL;
		}
		comma = next;
	}

	snprintf(d->name, sizeof(d->name), "%s", spec);
	d->page_shift = ps;
	d->nr_nodes = nodes;
	d->cma = false;
	switch (kind) {
	case PRESET_PC:
	case PRESET_PC_NUMA: {
		uint64_t pages = bytes >> 12, end;

		snprintf(d->arch, sizeof(d->arch), "x86_64");
		d->nr_cpus = cpus ? cpus : 4 * nodes;
		if (pc_node0(&d->nodes[0], pages, true))
			goto nospace;
		end = node_end_pfn(&d->nodes[0]);
		for (unsigned int n = 1; n < nodes; n++) {
			/* Contiguous, 1 GiB aligned, and above 4 GiB so
			 * that ZONE_NORMAL is right for it. */
			uint64_t start = max(ALIGN(end, SZ_1G >> 12),
					     PC_4G_PFN);

			if (pc_node_normal(&d->nodes[n], start, pages))
				goto nospace;
			end = start + pages;
		}
		break;
	}
	case PRESET_ARM64_4K:
	case PRESET_ARM64_16K:
	case PRESET_ARM64_64K:
		snprintf(d->arch, sizeof(d->arch), "arm64");
		d->nr_cpus = cpus ? cpus : 4;
		if (arm64_node(&d->nodes[0], ps, bytes))
			goto nospace;
		break;
	case PRESET_ROCK5B:
		snprintf(d->arch, sizeof(d->arch), "arm64");
		d->nr_cpus = cpus ? cpus : 8;
		if (rock5b_node(&d->nodes[0]))
			goto nospace;
		break;
	}
	spread_cpus(d);
	return 0;

nospace:
	mc_err(err, PRESET_FILE, 0,
	       "%s: the reservations do not fit in the machine's memory",
	       spec);
	return -EINVAL;
}

int mc_desc_preset(const char *spec, struct mc_machine_desc *desc,
		   struct mc_error *err)
{
	struct mc_machine_desc *d;
	struct mc_error verr;
	int ret;

	if (!spec || !desc) {
		mc_err(err, PRESET_FILE, 0, "NULL preset or description");
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		mc_err(err, PRESET_FILE, 0, "%s: out of memory", spec);
		return -ENOMEM;
	}
	ret = preset_build(spec, d, err);
	if (!ret && mc_desc_validate(d, &verr)) {
		mc_err(err, PRESET_FILE, 0, "%s: %s", spec, verr.msg);
		ret = -EINVAL;
	}
	if (!ret)
		memcpy(desc, d, sizeof(*d));
	free(d);
	return ret;
}

/* ---- /proc/zoneinfo ------------------------------------------------------ */

enum zi_field { ZI_SPANNED, ZI_PRESENT, ZI_MANAGED, ZI_START_PFN, ZI_NR };

static const char *const zi_field_name[ZI_NR] = {
	"spanned", "present", "managed", "start_pfn:",
};

struct zi_zone {
	bool seen;
	int header_line;
	int last_line;		/* last non-blank line of the block */
	bool has[ZI_NR];
	int line[ZI_NR];
	uint64_t val[ZI_NR];
	unsigned int cpus;	/* "cpu: N" lines in its pagesets */
};

struct zi_state {
	const char *name;
	struct mc_error *err;
	struct zi_zone zones[MC_MAX_NODES][MAX_NR_ZONES];
	int max_node;
	struct zi_zone *cur;
	int cur_node, cur_zone;
	bool have_populated;
	unsigned int nr_cpus;
	int lines;
};

static int zi_fail(struct zi_state *st, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int zi_fail(struct zi_state *st, int line, const char *fmt, ...)
{
	char buf[224];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mc_err(st->err, st->name, line, "line %d: %s", line, buf);
	return -EINVAL;
}

static bool zi_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *zi_skip_space(const char *s, const char *e)
{
	while (s < e && zi_space(*s))
		s++;
	return s;
}

static const char *zi_token_end(const char *s, const char *e)
{
	while (s < e && !zi_space(*s))
		s++;
	return s;
}

static bool zi_token_is(const char *s, const char *te, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(te - s) == n && !memcmp(s, word, n);
}

/* A token of decimal digits: 0, -1 not a number, -2 overflow. */
static int zi_parse_u64(const char *s, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	if (s == e)
		return -1;
	for (; s < e; s++) {
		unsigned int d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Finish the current zone block: every field it must have, consistent. */
static int zi_close_block(struct zi_state *st)
{
	struct zi_zone *z = st->cur;
	const char *zn;
	int n;

	if (!z)
		return 0;
	st->cur = NULL;
	zn = zone_name_tbl[st->cur_zone];
	n = st->cur_node;
	for (int f = ZI_SPANNED; f <= ZI_MANAGED; f++) {
		if (!z->has[f])
			return zi_fail(st, z->last_line,
				       "zone block 'Node %d, zone %s' (from line %d) ends without a '%s' line (truncated?)",
				       n, zn, z->header_line,
				       zi_field_name[f]);
	}
	if (z->val[ZI_PRESENT] > z->val[ZI_SPANNED])
		return zi_fail(st, z->line[ZI_PRESENT],
			       "Node %d, zone %s: present %llu > spanned %llu",
			       n, zn,
			       (unsigned long long)z->val[ZI_PRESENT],
			       (unsigned long long)z->val[ZI_SPANNED]);
	if (z->val[ZI_MANAGED] > z->val[ZI_PRESENT])
		return zi_fail(st, z->line[ZI_MANAGED],
			       "Node %d, zone %s: managed %llu > present %llu",
			       n, zn,
			       (unsigned long long)z->val[ZI_MANAGED],
			       (unsigned long long)z->val[ZI_PRESENT]);
	if (!z->val[ZI_PRESENT])
		return 0;
	if (!z->has[ZI_START_PFN])
		return zi_fail(st, z->last_line,
			       "populated zone 'Node %d, zone %s' (from line %d) has no 'start_pfn:' line (truncated?)",
			       n, zn, z->header_line);
	if (!st->have_populated) {
		st->have_populated = true;
		if (!z->cpus)
			return zi_fail(st, z->last_line,
				       "no 'cpu:' lines in the pagesets of 'Node %d, zone %s', the first populated zone",
				       n, zn);
		if (z->cpus > MC_MAX_CPUS)
			return zi_fail(st, z->last_line,
				       "%u CPUs in the pagesets of 'Node %d, zone %s' (at most %d supported)",
				       z->cpus, n, zn, MC_MAX_CPUS);
		st->nr_cpus = z->cpus;
	}
	return 0;
}

/* "Node N, zone NAME" */
static int zi_header(struct zi_state *st, const char *s, const char *e,
		     int line)
{
	const char *p = s + 4, *te;
	uint64_t node = 0;
	int zt = -1, r;

	if (zi_close_block(st))
		return -EINVAL;
	p = zi_skip_space(p, e);
	te = p;
	while (te < e && *te >= '0' && *te <= '9')
		te++;
	r = zi_parse_u64(p, te, &node);
	if (r == -1)
		goto malformed;
	if (r == -2 || node >= MC_MAX_NODES)
		return zi_fail(st, line, "node %.*s out of range (0..%d)",
			       (int)min(te - p, 24), p, MC_MAX_NODES - 1);
	p = zi_skip_space(te, e);
	if (p == e || *p != ',')
		goto malformed;
	p = zi_skip_space(p + 1, e);
	te = zi_token_end(p, e);
	if (!zi_token_is(p, te, "zone"))
		goto malformed;
	p = zi_skip_space(te, e);
	te = zi_token_end(p, e);
	if (p == te || zi_skip_space(te, e) != e)
		goto malformed;
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (zi_token_is(p, te, zone_name_tbl[i]))
			zt = i;
	if (zt < 0)
		return zi_fail(st, line,
			       "unknown zone '%.*s' (expected DMA, DMA32, Normal, Movable or Device)",
			       (int)min(te - p, 32), p);
	if ((int)node > st->max_node + 1)
		return zi_fail(st, line,
			       "node %d appears before node %d (node ids must be dense)",
			       (int)node, st->max_node + 1);
	if (st->zones[node][zt].seen)
		return zi_fail(st, line,
			       "duplicate zone 'Node %d, zone %s' (first at line %d)",
			       (int)node, zone_name_tbl[zt],
			       st->zones[node][zt].header_line);
	st->max_node = max(st->max_node, (int)node);
	st->cur = &st->zones[node][zt];
	st->cur->seen = true;
	st->cur->header_line = line;
	st->cur->last_line = line;
	st->cur_node = (int)node;
	st->cur_zone = zt;
	return 0;

malformed:
	return zi_fail(st, line,
		       "malformed zone header '%.*s' (expected 'Node N, zone NAME')",
		       (int)min(e - s, 64), s);
}

/* A line inside a zone block: the fields we need, everything else ignored. */
static int zi_field(struct zi_state *st, const char *s, const char *e,
		    int line)
{
	struct zi_zone *z = st->cur;
	const char *te = zi_token_end(s, e), *v, *ve;
	uint64_t val;
	int f, r;

	z->last_line = line;
	if (zi_token_is(s, te, "cpu:")) {
		v = zi_skip_space(te, e);
		ve = zi_token_end(v, e);
		if (zi_parse_u64(v, ve, &val) || zi_skip_space(ve, e) != e)
			return zi_fail(st, line,
				       "malformed number '%.*s' after 'cpu:'",
				       (int)min(e - v, 32), v);
		z->cpus++;
		return 0;
	}
	for (f = 0; f < ZI_NR; f++)
		if (zi_token_is(s, te, zi_field_name[f]))
			break;
	if (f == ZI_NR)
		return 0;
	v = zi_skip_space(te, e);
	ve = zi_token_end(v, e);
	r = zi_parse_u64(v, ve, &val);
	if (r == -2)
		return zi_fail(st, line, "number '%.*s' for '%s' overflows",
			       (int)min(ve - v, 32), v, zi_field_name[f]);
	if (r || zi_skip_space(ve, e) != e)
		return zi_fail(st, line, "malformed number '%.*s' for '%s'",
			       (int)min(e - v, 32), v, zi_field_name[f]);
	if (z->has[f])
		return zi_fail(st, line,
			       "duplicate '%s' line in zone block 'Node %d, zone %s' (first at line %d)",
			       zi_field_name[f], st->cur_node,
			       zone_name_tbl[st->cur_zone], z->line[f]);
	z->has[f] = true;
	z->line[f] = line;
	z->val[f] = val;
	return 0;
}

/* Zones must not overlap and must ascend: by node, then by zone index. */
static int zi_check_order(struct zi_state *st, struct mc_machine_desc *d)
{
	const int nz = (st->max_node + 1) * MAX_NR_ZONES;
	const struct mc_zone_desc *prev = NULL;
	int pn = 0, pz = 0;

	for (int i = 0; i < nz; i++) {
		int n = i / MAX_NR_ZONES, zt = i % MAX_NR_ZONES;
		const struct zi_zone *z = &st->zones[n][zt];
		const struct mc_zone_desc *zd = &d->nodes[n].zones[zt];
		unsigned long long s = zd->start_pfn, len = zd->spanned;
		int line;

		if (!len)
			continue;
		line = z->has[ZI_START_PFN] ? z->line[ZI_START_PFN] :
					      z->header_line;
		if (s > UINT64_MAX - len)
			return zi_fail(st, line,
				       "Node %d, zone %s: start_pfn %llu + spanned %llu overflows",
				       n, zone_name_tbl[zt], s, len);
		if (prev && s < zone_end(prev))
			return zi_fail(st, line,
				       "Node %d, zone %s [%llu, %llu) overlaps or lies below Node %d, zone %s [%llu, %llu)",
				       n, zone_name_tbl[zt], s, s + len, pn,
				       zone_name_tbl[pz],
				       (unsigned long long)prev->start_pfn,
				       (unsigned long long)zone_end(prev));
		prev = zd;
		pn = n;
		pz = zt;
	}
	return 0;
}

static int zi_parse(struct zi_state *st, const char *text, size_t len,
		    struct mc_machine_desc *d)
{
	const char *p = text, *end = text + len;
	bool blank = true;
	int line = 0, last = 1;
	struct mc_error verr;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = zi_skip_space(p, le), *te;

		line++;
		p = nl ? nl + 1 : end;
		if (s == le)
			continue;
		blank = false;
		last = line;
		while (le > s && zi_space(le[-1]))
			le--;
		te = zi_token_end(s, le);
		if (zi_token_is(s, te, "Node") ||
		    (te - s > 4 && !memcmp(s, "Node", 4) && s[4] >= '0' &&
		     s[4] <= '9')) {
			if (zi_header(st, s, le, line))
				return -EINVAL;
		} else if (st->cur) {
			if (zi_field(st, s, le, line))
				return -EINVAL;
		}
		/* Lines before the first header are ignored. */
	}
	st->lines = last;
	if (blank)
		return zi_fail(st, 1, "empty input");
	if (zi_close_block(st))
		return -EINVAL;
	if (st->max_node < 0)
		return zi_fail(st, last,
			       "no zones (no 'Node N, zone NAME' header found)");

	snprintf(d->name, sizeof(d->name), "%s", st->name);
	snprintf(d->arch, sizeof(d->arch), "x86_64");
	d->page_shift = 12;
	d->nr_nodes = (unsigned int)st->max_node + 1;
	d->nr_cpus = st->nr_cpus;
	d->cma = false;
	for (int c = 0; c < MC_MAX_CPUS; c++)
		d->cpu_to_node[c] = -1;
	for (int n = 0; n <= st->max_node; n++) {
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zi_zone *z = &st->zones[n][zt];
			struct mc_zone_desc *zd = &d->nodes[n].zones[zt];

			if (!z->seen)
				continue;
			/*
			 * An unpopulated zone prints no start_pfn; if it
			 * spans only holes we cannot place it, and it holds
			 * no page either: keep it empty.
			 */
			if (!z->has[ZI_START_PFN] && !z->val[ZI_PRESENT])
				continue;
			zd->start_pfn = z->val[ZI_START_PFN];
			zd->spanned = z->val[ZI_SPANNED];
			zd->present = z->val[ZI_PRESENT];
			zd->managed = z->val[ZI_MANAGED];
		}
	}
	if (zi_check_order(st, d))
		return -EINVAL;
	if (mc_desc_validate(d, &verr))
		return zi_fail(st, last, "%s", verr.msg);
	return 0;
}

int mc_desc_from_zoneinfo(const char *text, size_t len, const char *name,
			  struct mc_machine_desc *desc, struct mc_error *err)
{
	struct mc_machine_desc *d;
	struct zi_state *st;
	int ret;

	if (!name)
		name = "<zoneinfo>";
	if (!desc || (!text && len)) {
		mc_err(err, name, 0, "NULL zoneinfo text or description");
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	st = calloc(1, sizeof(*st));
	if (!d || !st) {
		free(d);
		free(st);
		mc_err(err, name, 0, "out of memory");
		return -ENOMEM;
	}
	st->name = name;
	st->err = err;
	st->max_node = -1;
	ret = zi_parse(st, text ? text : "", text ? len : 0, d);
	if (!ret)
		memcpy(desc, d, sizeof(*d));
	free(st);
	free(d);
	return ret;
}

/* ---- validation ---------------------------------------------------------- */

/* The zone of node @nd that wholly holds [s, e), or -1. */
static int range_zone(const struct mc_node_desc *nd, uint64_t s, uint64_t e)
{
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		const struct mc_zone_desc *z = &nd->zones[zt];

		if (z->spanned && s >= z->start_pfn && e <= zone_end(z))
			return zt;
	}
	return -1;
}

static int validate_ranges(const struct mc_machine_desc *d, unsigned int n,
			   struct mc_error *err)
{
	const struct mc_node_desc *nd = &d->nodes[n];
	const char *who = desc_label(d);
	const struct mc_pfn_range *all[2 * MC_MAX_RANGES];
	const char *kind[2 * MC_MAX_RANGES];
	unsigned int na = 0;
	uint64_t hole_sum[MAX_NR_ZONES] = { 0 };
	uint64_t rsv_sum[MAX_NR_ZONES] = { 0 };

	if (nd->nr_holes > MC_MAX_RANGES || nd->nr_reserved > MC_MAX_RANGES) {
		mc_err(err, who, 0,
		       "node %u: %u holes and %u reserved ranges (at most %d each)",
		       n, nd->nr_holes, nd->nr_reserved, MC_MAX_RANGES);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < nd->nr_holes; i++) {
		all[na] = &nd->holes[i];
		kind[na++] = "hole";
	}
	for (unsigned int i = 0; i < nd->nr_reserved; i++) {
		all[na] = &nd->reserved[i];
		kind[na++] = "reserved range";
	}
	for (unsigned int i = 0; i < na; i++) {
		const struct mc_pfn_range *r = all[i];
		bool is_hole = i < nd->nr_holes;
		const struct mc_zone_desc *z;
		int zt;

		if (r->start_pfn >= r->end_pfn) {
			mc_err(err, who, 0,
			       "node %u: %s [%#llx, %#llx) is empty", n,
			       kind[i], (unsigned long long)r->start_pfn,
			       (unsigned long long)r->end_pfn);
			return -EINVAL;
		}
		zt = range_zone(nd, r->start_pfn, r->end_pfn);
		if (zt < 0) {
			mc_err(err, who, 0,
			       "node %u: %s [%#llx, %#llx) does not lie inside one zone",
			       n, kind[i], (unsigned long long)r->start_pfn,
			       (unsigned long long)r->end_pfn);
			return -EINVAL;
		}
		z = &nd->zones[zt];
		/* Without explicit holes, a zone's holes are at its end. */
		if (!is_hole && !nd->nr_holes &&
		    r->end_pfn > z->start_pfn + z->present) {
			mc_err(err, who, 0,
			       "node %u zone %s: reserved range [%#llx, %#llx) reaches into the zone's default hole at [%#llx, %#llx)",
			       n, zone_name_tbl[zt],
			       (unsigned long long)r->start_pfn,
			       (unsigned long long)r->end_pfn,
			       (unsigned long long)(z->start_pfn + z->present),
			       (unsigned long long)zone_end(z));
			return -EINVAL;
		}
		if (is_hole)
			hole_sum[zt] += r->end_pfn - r->start_pfn;
		else
			rsv_sum[zt] += r->end_pfn - r->start_pfn;
		for (unsigned int j = 0; j < i; j++) {
			if (ranges_overlap(all[j], r)) {
				mc_err(err, who, 0,
				       "node %u: %s [%#llx, %#llx) overlaps %s [%#llx, %#llx)",
				       n, kind[i],
				       (unsigned long long)r->start_pfn,
				       (unsigned long long)r->end_pfn, kind[j],
				       (unsigned long long)all[j]->start_pfn,
				       (unsigned long long)all[j]->end_pfn);
				return -EINVAL;
			}
		}
	}
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		const struct mc_zone_desc *z = &nd->zones[zt];

		if (nd->nr_holes && hole_sum[zt] != z->spanned - z->present) {
			mc_err(err, who, 0,
			       "node %u zone %s: holes cover %llu pages but spanned - present is %llu",
			       n, zone_name_tbl[zt],
			       (unsigned long long)hole_sum[zt],
			       (unsigned long long)(z->spanned - z->present));
			return -EINVAL;
		}
		if (nd->nr_reserved &&
		    rsv_sum[zt] != z->present - z->managed) {
			mc_err(err, who, 0,
			       "node %u zone %s: reserved ranges cover %llu pages but present - managed is %llu",
			       n, zone_name_tbl[zt],
			       (unsigned long long)rsv_sum[zt],
			       (unsigned long long)(z->present - z->managed));
			return -EINVAL;
		}
	}
	return 0;
}

int mc_desc_validate(const struct mc_machine_desc *desc, struct mc_error *err)
{
	const char *who;
	unsigned int max_order, pb_order, pmd_order, ps;
	uint64_t lo = UINT64_MAX, hi = 0, prev_node_end = 0, limit, span;
	int prev_node = -1;
	bool populated = false;

	if (!desc) {
		mc_err(err, "<api>", 0, "NULL description");
		return -EINVAL;
	}
	who = desc_label(desc);
	ps = desc->page_shift;
	if (ps != 12 && ps != 14 && ps != 16) {
		mc_err(err, who, 0,
		       "page_shift %u is not supported (12, 14 or 16)", ps);
		return -EINVAL;
	}
	if (derive_geometry(desc, &max_order, &pb_order, &pmd_order, err))
		return -EINVAL;
	if (desc->nr_nodes < 1 || desc->nr_nodes > MC_MAX_NODES) {
		mc_err(err, who, 0, "nr_nodes %u out of range (1..%d)",
		       desc->nr_nodes, MC_MAX_NODES);
		return -EINVAL;
	}
	if (desc->nr_cpus < 1 || desc->nr_cpus > MC_MAX_CPUS) {
		mc_err(err, who, 0, "nr_cpus %u out of range (1..%d)",
		       desc->nr_cpus, MC_MAX_CPUS);
		return -EINVAL;
	}
	for (unsigned int c = 0; c < desc->nr_cpus; c++) {
		int nid = desc->cpu_to_node[c];

		if (nid < -1 || nid >= (int)desc->nr_nodes) {
			mc_err(err, who, 0,
			       "cpu %u: node %d out of range (-1 or 0..%u)", c,
			       nid, desc->nr_nodes - 1);
			return -EINVAL;
		}
	}

	/* A pfn must name a physical address that fits in 64 bits. */
	limit = 1ULL << (64 - ps);
	for (unsigned int n = 0; n < desc->nr_nodes; n++) {
		const struct mc_node_desc *nd = &desc->nodes[n];
		const struct mc_zone_desc *prev = NULL;
		uint64_t nlo = UINT64_MAX, nhi = 0;
		int pz = 0;

		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			const struct mc_zone_desc *z = &nd->zones[zt];
			const char *zn = zone_name_tbl[zt];

			if (z->present > z->spanned) {
				mc_err(err, who, 0,
				       "node %u zone %s: present %llu > spanned %llu",
				       n, zn, (unsigned long long)z->present,
				       (unsigned long long)z->spanned);
				return -EINVAL;
			}
			if (z->managed > z->present) {
				mc_err(err, who, 0,
				       "node %u zone %s: managed %llu > present %llu",
				       n, zn, (unsigned long long)z->managed,
				       (unsigned long long)z->present);
				return -EINVAL;
			}
			if (zt == MC_ZONE_DEVICE && z->spanned) {
				mc_err(err, who, 0,
				       "node %u zone Device must be empty (ZONE_DEVICE memory never reaches the buddy allocator)",
				       n);
				return -EINVAL;
			}
			if (!z->spanned)
				continue;
			if (z->start_pfn >= limit ||
			    z->spanned > limit - z->start_pfn) {
				mc_err(err, who, 0,
				       "node %u zone %s: [%#llx, +%llu) lies beyond the physical address space",
				       n, zn, (unsigned long long)z->start_pfn,
				       (unsigned long long)z->spanned);
				return -EINVAL;
			}
			if (prev && z->start_pfn < zone_end(prev)) {
				mc_err(err, who, 0,
				       "node %u zone %s [%#llx, %#llx) overlaps or lies below zone %s [%#llx, %#llx)",
				       n, zn, (unsigned long long)z->start_pfn,
				       (unsigned long long)zone_end(z),
				       zone_name_tbl[pz],
				       (unsigned long long)prev->start_pfn,
				       (unsigned long long)zone_end(prev));
				return -EINVAL;
			}
			prev = z;
			pz = zt;
			nlo = min(nlo, z->start_pfn);
			nhi = max(nhi, zone_end(z));
			if (z->present)
				populated = true;
		}
		if (nhi) {
			if (prev_node >= 0 && nlo < prev_node_end) {
				mc_err(err, who, 0,
				       "node %u [%#llx, %#llx) overlaps or lies below node %d (ends at %#llx)",
				       n, (unsigned long long)nlo,
				       (unsigned long long)nhi, prev_node,
				       (unsigned long long)prev_node_end);
				return -EINVAL;
			}
			prev_node = (int)n;
			prev_node_end = nhi;
			lo = min(lo, nlo);
			hi = max(hi, nhi);
		}
		if (validate_ranges(desc, n, err))
			return -EINVAL;
	}
	if (!populated) {
		mc_err(err, who, 0, "no populated zone (no present pages)");
		return -EINVAL;
	}
	/* CMA areas: names, sizes, and a place for each (cma.c) */
	if (cma_place_areas(desc, NULL, err))
		return -EINVAL;
	lo = lo & ~((1ULL << max_order) - 1);
	hi = (hi + (1ULL << max_order) - 1) & ~((1ULL << max_order) - 1);
	span = hi - lo;
	if (span >= MC_MAX_SPAN_PAGES) {
		mc_err(err, who, 0,
		       "the machine spans %llu page frames [%#llx, %#llx); the memmap's 32-bit indices allow fewer than %llu",
		       (unsigned long long)span, (unsigned long long)lo,
		       (unsigned long long)hi,
		       (unsigned long long)MC_MAX_SPAN_PAGES);
		return -EINVAL;
	}
	return 0;
}
