// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_machine.c - machine descriptions (src/mm/machine.c): geometry per
 * architecture and page size, the presets' layouts, /proc/zoneinfo
 * parsing and description validation.  Every expected number below is
 * worked out by hand in the comments, not taken from the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mm/internal.h"

#define ZDMA	MC_ZONE_DMA
#define ZDMA32	MC_ZONE_DMA32
#define ZNORMAL	MC_ZONE_NORMAL
#define ZMOV	MC_ZONE_MOVABLE
#define ZDEV	MC_ZONE_DEVICE

static struct mc_machine_desc *new_desc(void)
{
	struct mc_machine_desc *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	return d;
}

static void check_zone(const struct mc_machine_desc *d, unsigned int nid,
		       int zt, uint64_t start, uint64_t spanned,
		       uint64_t present, uint64_t managed)
{
	const struct mc_zone_desc *z = &d->nodes[nid].zones[zt];

	if (spanned)
		assert_int_equal(z->start_pfn, start);
	assert_int_equal(z->spanned, spanned);
	assert_int_equal(z->present, present);
	assert_int_equal(z->managed, managed);
}

static void check_range(const struct mc_pfn_range *r, uint64_t s, uint64_t e)
{
	assert_int_equal(r->start_pfn, s);
	assert_int_equal(r->end_pfn, e);
}

static void check_empty_zone(const struct mc_machine_desc *d, unsigned nid,
			     int zt)
{
	check_zone(d, nid, zt, 0, 0, 0, 0);
}

/* Build a preset that must succeed, and validate it independently. */
static struct mc_machine_desc *preset(const char *spec)
{
	struct mc_machine_desc *d = new_desc();
	struct mc_error err = { 0 };
	int ret = mc_desc_preset(spec, d, &err);

	if (ret)
		fprintf(stderr, "%s: %s\n", spec, err.msg);
	assert_int_equal(ret, 0);
	assert_int_equal(mc_desc_validate(d, &err), 0);
	assert_string_equal(d->name, spec);
	assert_false(d->cma);
	assert_int_equal(d->max_page_order, 0);
	assert_int_equal(d->pageblock_order, 0);
	return d;
}

/* ---- geometry ------------------------------------------------------------ */

static void geom(const char *arch, unsigned ps, unsigned mo_override,
		 unsigned pb_override, int want_ret, unsigned want_mo,
		 unsigned want_pb, unsigned want_pmd)
{
	struct mc_machine_desc *d = new_desc();
	struct mc_error err = { 0 };
	unsigned mo = 99, pb = 99, pmd = 99;

	snprintf(d->arch, sizeof(d->arch), "%s", arch);
	d->page_shift = ps;
	d->max_page_order = mo_override;
	d->pageblock_order = pb_override;
	assert_int_equal(derive_geometry(d, &mo, &pb, &pmd, &err), want_ret);
	if (!want_ret) {
		assert_int_equal(mo, want_mo);
		assert_int_equal(pb, want_pb);
		assert_int_equal(pmd, want_pmd);
	} else {
		assert_true(err.msg[0] != '\0');
	}
	free(d);
}

static void test_geometry_defaults(void **state)
{
	(void)state;
	/* x86_64: MAX_PAGE_ORDER 10, PMD_SHIFT 21 - 12 = 9, min(9, 10) = 9 */
	geom("x86_64", 12, 0, 0, 0, 10, 9, 9);
	/* arm64 4K: Kconfig 10; PMD_SHIFT 21 -> 9; pageblock min(9,10)=9 */
	geom("arm64", 12, 0, 0, 0, 10, 9, 9);
	/* arm64 16K: Kconfig 11; PMD 32 MiB = 2^25 -> 25-14 = 11; 11 */
	geom("arm64", 14, 0, 0, 0, 11, 11, 11);
	/* arm64 64K: Kconfig 13; PMD 512 MiB = 2^29 -> 29-16 = 13; 13 */
	geom("arm64", 16, 0, 0, 0, 13, 13, 13);
}

static void test_geometry_overrides(void **state)
{
	(void)state;
	/* MAX 8 < pmd 9: pageblock = min(9, 8) = 8, pmd order stays 9 */
	geom("x86_64", 12, 8, 0, 0, 8, 8, 9);
	/* MAX 13 (the limit): pageblock stays 9 */
	geom("x86_64", 12, 13, 0, 0, 13, 9, 9);
	/* explicit pageblock 5 */
	geom("x86_64", 12, 0, 5, 0, 10, 5, 9);
	/* pageblock == MAX is allowed */
	geom("arm64", 14, 0, 11, 0, 11, 11, 11);
}

static void test_geometry_errors(void **state)
{
	(void)state;
	geom("x86_64", 14, 0, 0, -EINVAL, 0, 0, 0);	/* x86: 4K only */
	geom("x86_64", 16, 0, 0, -EINVAL, 0, 0, 0);
	geom("arm64", 13, 0, 0, -EINVAL, 0, 0, 0);
	geom("riscv", 12, 0, 0, -EINVAL, 0, 0, 0);
	geom("", 12, 0, 0, -EINVAL, 0, 0, 0);
	geom("x86_64", 12, 14, 0, -EINVAL, 0, 0, 0);	/* > 13 */
	geom("x86_64", 12, 0, 11, -EINVAL, 0, 0, 0);	/* pb 11 > MAX 10 */
	geom("x86_64", 12, 8, 9, -EINVAL, 0, 0, 0);	/* pb 9 > MAX 8 */
}

/* ---- mc_err -------------------------------------------------------------- */

static void test_mc_err(void **state)
{
	struct mc_error err;
	char longname[600];

	(void)state;
	mc_err(NULL, "x", 1, "nothing %d", 1);	/* must not crash */
	memset(&err, 0x5a, sizeof(err));
	mc_err(&err, "file.txt", 12, "bad %s at %d", "thing", 7);
	assert_string_equal(err.file, "file.txt");
	assert_int_equal(err.line, 12);
	assert_string_equal(err.msg, "bad thing at 7");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	mc_err(&err, longname, 3, "%s%s", longname, longname);
	assert_int_equal(strlen(err.file), sizeof(err.file) - 1);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	mc_err(&err, NULL, 0, "no file");
	assert_string_equal(err.file, "");
}

/* ---- presets: pc --------------------------------------------------------- */

/*
 * pc:16G, worked by hand.  16 GiB = 4194304 pages of 4 KiB.
 *
 * DMA:    start 1 (pfn 0 is firmware's), end 4096 -> spanned 4095.
 *         hole [0x9f, 0x100) = 97 pages -> present 3998.
 *         reserved [1, 0x9f) = 158 pages -> managed 3840.
 * DMA32:  [4096, 1048576) -> spanned 1044480.
 *         PCI hole [0xc0000, 0x100000) = 262144 -> present 782336.
 *         kernel [4096, 4096 + 12288) (48 MiB) -> managed 770048.
 * Normal: RAM above 3 GiB: 4194304 - 786432 = 3407872 pages from
 *         1048576, ending at 4456448 (17 GiB).
 * Node present = 3998 + 782336 + 3407872 = 4194206 (= 4194304 - 98).
 * memmap = ceil(4194206 / 64) = 65535 (64 * 65534 = 4194176, rem 30)
 *         -> [4456448 - 65535, 4456448) = [4390913, 4456448).
 * other  = floor(4194206 / 200) = 20971
 *         -> [4390913 - 20971, 4390913) = [4369942, 4390913).
 * Normal managed = 3407872 - 65535 - 20971 = 3321366.
 */
static void test_preset_pc_16g(void **state)
{
	struct mc_machine_desc *d = preset("pc:16G");
	const struct mc_node_desc *nd = &d->nodes[0];

	(void)state;
	assert_string_equal(d->arch, "x86_64");
	assert_int_equal(d->page_shift, 12);
	assert_int_equal(d->nr_nodes, 1);
	assert_int_equal(d->nr_cpus, 4);
	for (int c = 0; c < 4; c++)
		assert_int_equal(d->cpu_to_node[c], 0);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 770048);
	check_zone(d, 0, ZNORMAL, 1048576, 3407872, 3407872, 3321366);
	check_empty_zone(d, 0, ZMOV);
	check_empty_zone(d, 0, ZDEV);
	assert_int_equal(nd->nr_holes, 2);
	check_range(&nd->holes[0], 0x9f, 0x100);
	check_range(&nd->holes[1], 0xc0000, 0x100000);
	assert_int_equal(nd->nr_reserved, 4);
	check_range(&nd->reserved[0], 1, 0x9f);
	check_range(&nd->reserved[1], 4096, 16384);
	check_range(&nd->reserved[2], 4369942, 4390913);
	check_range(&nd->reserved[3], 4390913, 4456448);
	free(d);
}

/*
 * pc:1G: 262144 pages, all below 3 GiB: no PCI hole, no Normal zone.
 * DMA as for pc:16G: 1 / 4095 / 3998 / 3840.
 * DMA32: [4096, 262144) -> spanned = present = 258048.
 * Node present = 3998 + 258048 = 262046.
 * memmap = ceil(262046 / 64) = 4095 (64 * 4094 = 262016, rem 30)
 *         -> [262144 - 4095, 262144) = [258049, 262144)
 * other  = floor(262046 / 200) = 1310 -> [256739, 258049)
 * DMA32 managed = 258048 - 12288 - 4095 - 1310 = 240355.
 */
static void test_preset_pc_1g(void **state)
{
	struct mc_machine_desc *d = preset("pc:1G");
	const struct mc_node_desc *nd = &d->nodes[0];

	(void)state;
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 258048, 258048, 240355);
	check_empty_zone(d, 0, ZNORMAL);
	check_empty_zone(d, 0, ZMOV);
	check_empty_zone(d, 0, ZDEV);
	assert_int_equal(nd->nr_holes, 1);
	check_range(&nd->holes[0], 0x9f, 0x100);
	assert_int_equal(nd->nr_reserved, 4);
	check_range(&nd->reserved[0], 1, 0x9f);
	check_range(&nd->reserved[1], 4096, 16384);
	check_range(&nd->reserved[2], 256739, 258049);
	check_range(&nd->reserved[3], 258049, 262144);
	free(d);
}

/*
 * pc:1T: 2^28 = 268435456 pages.
 * Normal: 268435456 - 786432 = 267649024 pages from 1048576 (ends at
 *         268697600 = 1 TiB + 1 GiB).
 * Node present = 3998 + 782336 + 267649024 = 268435358.
 * memmap = ceil(268435358 / 64) = 4194303 (64 * 4194302 = 268435328)
 * other  = floor(268435358 / 200) = 1342176
 * Normal managed = 267649024 - 4194303 - 1342176 = 262112545.
 */
static void test_preset_pc_1t(void **state)
{
	struct mc_machine_desc *d = preset("pc:1T");

	(void)state;
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 770048);
	check_zone(d, 0, ZNORMAL, 1048576, 267649024, 267649024, 262112545);
	check_range(&d->nodes[0].reserved[3], 268697600 - 4194303, 268697600);
	free(d);
}

/* Other ways to write sizes, and the exact 3 GiB boundary. */
static void test_preset_pc_sizes(void **state)
{
	struct mc_machine_desc *d;

	(void)state;
	/* 3 GiB: DMA32 [4096, 786432) = 782336 pages, no hole, no Normal.
	 * present 3998 + 782336 = 786334; memmap ceil(/64) = 12287
	 * (64 * 12286 = 786304, rem 30); other floor(/200) = 3931.
	 * managed = 782336 - 12288 - 12287 - 3931 = 753830. */
	d = preset("pc:3G");
	check_zone(d, 0, ZDMA32, 4096, 782336, 782336, 753830);
	check_empty_zone(d, 0, ZNORMAL);
	free(d);
	/* 3 GiB + 64 MiB: PCI hole appears, Normal = 16384 pages.
	 * present 3998 + 782336 + 16384 = 802718; memmap = 12543
	 * (64 * 12542 = 802688, rem 30); other = 4013; 16556 pages at the
	 * top do not fit in Normal's 16384: 172 go to the top of DMA32. */
	d = preset("pc:3136M");
	check_zone(d, 0, ZNORMAL, 1048576, 16384, 16384, 0);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 782336 - 12288 - 172);
	free(d);
	/* the same size in K and in bytes */
	d = preset("pc:3211264K");
	check_zone(d, 0, ZNORMAL, 1048576, 16384, 16384, 0);
	free(d);
	d = preset("pc:3288334336");
	check_zone(d, 0, ZNORMAL, 1048576, 16384, 16384, 0);
	free(d);
	/* 64 MiB, the minimum: DMA32 [4096, 16384) is all kernel image,
	 * so memmap (ceil(16286/64) = 255) and other (81) go to the top
	 * of DMA: managed 3840 - 336 = 3504. */
	d = preset("pc:64M");
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3504);
	check_zone(d, 0, ZDMA32, 4096, 12288, 12288, 0);
	free(d);
}

static void test_preset_pc_cpus(void **state)
{
	struct mc_machine_desc *d = preset("pc:16G,cpus=12");

	(void)state;
	assert_int_equal(d->nr_cpus, 12);
	for (int c = 0; c < 12; c++)
		assert_int_equal(d->cpu_to_node[c], 0);
	free(d);
	d = preset("pc:16G,cpus=256");
	assert_int_equal(d->nr_cpus, 256);
	free(d);
}

/*
 * pc-numa:2x8G.  Node 0 is pc:8G (2097152 pages):
 *   Normal: 2097152 - 786432 = 1310720 pages from 1048576, end 2359296.
 *   present 3998 + 782336 + 1310720 = 2097054
 *   memmap ceil(2097054 / 64) = 32767; other floor(/200) = 10485
 *   Normal managed = 1310720 - 32767 - 10485 = 1267468.
 * Node 1: starts at 2359296 (9 GiB, already 1 GiB aligned), Normal only,
 *   2097152 pages, end 4456448; memmap 2097152 / 64 = 32768 at the top
 *   -> managed 2064384, reserved [4423680, 4456448).
 * CPUs: 4 per node = 8; 0-3 on node 0, 4-7 on node 1.
 */
static void test_preset_pc_numa(void **state)
{
	struct mc_machine_desc *d = preset("pc-numa:2x8G");

	(void)state;
	assert_int_equal(d->nr_nodes, 2);
	assert_int_equal(d->nr_cpus, 8);
	for (int c = 0; c < 8; c++)
		assert_int_equal(d->cpu_to_node[c], c < 4 ? 0 : 1);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 770048);
	check_zone(d, 0, ZNORMAL, 1048576, 1310720, 1310720, 1267468);
	check_empty_zone(d, 1, ZDMA);
	check_empty_zone(d, 1, ZDMA32);
	check_zone(d, 1, ZNORMAL, 2359296, 2097152, 2097152, 2064384);
	assert_int_equal(d->nodes[1].nr_holes, 0);
	assert_int_equal(d->nodes[1].nr_reserved, 1);
	check_range(&d->nodes[1].reserved[0], 4423680, 4456448);
	free(d);

	/* 2x1G: node 0 ends at 1 GiB; node 1 must be ZONE_NORMAL, so it
	 * starts at 4 GiB (pfn 1048576), 262144 pages; memmap 4096. */
	d = preset("pc-numa:2x1G");
	check_empty_zone(d, 0, ZNORMAL);
	check_zone(d, 1, ZNORMAL, 1048576, 262144, 262144, 258048);
	free(d);

	/* 3 nodes, 7 CPUs: cpu c -> c * 3 / 7: 0,0,0,1,1,2,2 */
	d = preset("pc-numa:3x2G,cpus=7");
	{
		static const int want[7] = { 0, 0, 0, 1, 1, 2, 2 };

		for (int c = 0; c < 7; c++)
			assert_int_equal(d->cpu_to_node[c], want[c]);
	}
	/* node 0 ends at 2 GiB -> node 1 at 4 GiB [1048576, 1572864),
	 * node 2 right after it at 1572864 (6 GiB). */
	check_zone(d, 1, ZNORMAL, 1048576, 524288, 524288, 524288 - 8192);
	check_zone(d, 2, ZNORMAL, 1572864, 524288, 524288, 524288 - 8192);
	free(d);

	/* 64 nodes, default 4 CPUs each = 256 */
	d = preset("pc-numa:64x1G");
	assert_int_equal(d->nr_nodes, 64);
	assert_int_equal(d->nr_cpus, 256);
	assert_int_equal(d->cpu_to_node[255], 63);
	free(d);
}

/* ---- presets: arm64 ------------------------------------------------------ */

/*
 * arm64-4k:8G: RAM [1 GiB, 9 GiB) = pfns [262144, 2359296).
 * DMA [262144, 1048576) = 786432 pages; DMA32 empty;
 * Normal [1048576, 2359296) = 1310720 pages.
 * kernel 32 MiB = 8192 pages at [262144, 270336) -> DMA managed 778240.
 * memmap 2097152 * 64 / 4096 = 32768 at [2326528, 2359296)
 *   -> Normal managed 1277952.
 */
static void test_preset_arm64_4k(void **state)
{
	struct mc_machine_desc *d = preset("arm64-4k:8G");

	(void)state;
	assert_string_equal(d->arch, "arm64");
	assert_int_equal(d->page_shift, 12);
	assert_int_equal(d->nr_cpus, 4);
	check_zone(d, 0, ZDMA, 262144, 786432, 786432, 778240);
	check_empty_zone(d, 0, ZDMA32);
	check_zone(d, 0, ZNORMAL, 1048576, 1310720, 1310720, 1277952);
	assert_int_equal(d->nodes[0].nr_holes, 0);
	assert_int_equal(d->nodes[0].nr_reserved, 2);
	check_range(&d->nodes[0].reserved[0], 262144, 270336);
	check_range(&d->nodes[0].reserved[1], 2326528, 2359296);
	free(d);

	/* arm64-4k:2G: RAM [1 GiB, 3 GiB) all below 4 GiB: only DMA,
	 * [262144, 786432) = 524288 pages; memmap 8192, kernel 8192
	 * -> managed 507904. */
	d = preset("arm64-4k:2G");
	check_zone(d, 0, ZDMA, 262144, 524288, 524288, 507904);
	check_empty_zone(d, 0, ZNORMAL);
	free(d);
}

/*
 * arm64-16k:8G: 16 KiB pages.  1 GiB = pfn 65536, 4 GiB = 262144,
 * 9 GiB = 589824.  DMA [65536, 262144) = 196608; Normal [262144, 589824)
 * = 327680.  kernel 32 MiB = 2048 pages; memmap 524288 * 64 / 16384 =
 * 2048 pages.  DMA managed 194560, Normal managed 325632.
 */
static void test_preset_arm64_16k(void **state)
{
	struct mc_machine_desc *d = preset("arm64-16k:8G");

	(void)state;
	assert_int_equal(d->page_shift, 14);
	check_zone(d, 0, ZDMA, 65536, 196608, 196608, 194560);
	check_empty_zone(d, 0, ZDMA32);
	check_zone(d, 0, ZNORMAL, 262144, 327680, 327680, 325632);
	check_range(&d->nodes[0].reserved[0], 65536, 67584);
	check_range(&d->nodes[0].reserved[1], 587776, 589824);
	free(d);
}

/*
 * arm64-64k:8G: 64 KiB pages.  1 GiB = pfn 16384, 4 GiB = 65536,
 * 9 GiB = 147456.  DMA [16384, 65536) = 49152; Normal [65536, 147456) =
 * 81920.  kernel 32 MiB = 512 pages; memmap 131072 * 64 / 65536 = 128.
 * DMA managed 48640, Normal managed 81792.
 */
static void test_preset_arm64_64k(void **state)
{
	struct mc_machine_desc *d = preset("arm64-64k:8G,cpus=2");

	(void)state;
	assert_int_equal(d->page_shift, 16);
	assert_int_equal(d->nr_cpus, 2);
	check_zone(d, 0, ZDMA, 16384, 49152, 49152, 48640);
	check_empty_zone(d, 0, ZDMA32);
	check_zone(d, 0, ZNORMAL, 65536, 81920, 81920, 81792);
	check_range(&d->nodes[0].reserved[0], 16384, 16896);
	check_range(&d->nodes[0].reserved[1], 147328, 147456);
	free(d);
}

/*
 * rock5b+: banks (4K pfns) [0x200, 0xf0000), [0x100000, 0x3fc000),
 * [0x3fc500, 0x3fff00), [0x4f0000, 0x500000).
 * DMA [512, 1048576): spanned 1048064; hole [983040, 1048576) = 65536;
 *   present 982528; reserved kernel [8192, 16384) 8192 + OP-TEE
 *   [33792, 37888) 4096 -> managed 970240.
 * Normal [1048576, 5242880): spanned 4194304; holes [4177920, 4179200)
 *   1280 + [4194048, 5177344) 983296 -> present 3209728;
 *   memmap (982528 + 3209728) * 64 / 4096 = 65504 at [5177376, 5242880)
 *   -> managed 3144224.
 * Total present 4192256 pages = 16376 MiB.
 */
static void test_preset_rock5b(void **state)
{
	struct mc_machine_desc *d = preset("rock5b+");
	const struct mc_node_desc *nd = &d->nodes[0];

	(void)state;
	assert_string_equal(d->arch, "arm64");
	assert_int_equal(d->page_shift, 12);
	assert_int_equal(d->nr_nodes, 1);
	assert_int_equal(d->nr_cpus, 8);
	check_zone(d, 0, ZDMA, 512, 1048064, 982528, 970240);
	check_empty_zone(d, 0, ZDMA32);
	check_zone(d, 0, ZNORMAL, 1048576, 4194304, 3209728, 3144224);
	assert_int_equal(nd->nr_holes, 3);
	check_range(&nd->holes[0], 983040, 1048576);
	check_range(&nd->holes[1], 4177920, 4179200);
	check_range(&nd->holes[2], 4194048, 5177344);
	assert_int_equal(nd->nr_reserved, 3);
	check_range(&nd->reserved[0], 8192, 16384);
	check_range(&nd->reserved[1], 33792, 37888);
	check_range(&nd->reserved[2], 5177376, 5242880);
	free(d);
	d = preset("rock5b+,cpus=4");
	assert_int_equal(d->nr_cpus, 4);
	free(d);
}

/* ---- presets: errors ----------------------------------------------------- */

static void bad_preset(const char *spec, const char *needle)
{
	struct mc_machine_desc *d = new_desc(), *copy = new_desc();
	struct mc_error err = { 0 };

	memset(d, 0xa5, sizeof(*d));
	memcpy(copy, d, sizeof(*d));
	assert_int_equal(mc_desc_preset(spec, d, &err), -EINVAL);
	if (!strstr(err.msg, needle))
		fprintf(stderr, "%s: message '%s' lacks '%s'\n", spec,
			err.msg, needle);
	assert_non_null(strstr(err.msg, needle));
	assert_string_equal(err.file, "<preset>");
	assert_memory_equal(d, copy, sizeof(*d));
	free(d);
	free(copy);
}

static void test_preset_errors(void **state)
{
	(void)state;
	bad_preset("pc", "missing size");
	bad_preset("pc:", "missing size");
	bad_preset("pc:0", "zero");
	bad_preset("pc:12Q", "suffix 'Q'");
	bad_preset("pc:1P", "suffix 'P'");
	bad_preset("pc:G", "not a number");
	bad_preset("pc:-1G", "not a number");
	bad_preset("pc:16GB", "trailing");
	bad_preset("pc:99999999999999999999999", "overflows");
	bad_preset("pc:17179869184T", "overflows");
	bad_preset("pc:32M", "64 MiB minimum");
	bad_preset("pc:17T", "16 TiB maximum");
	bad_preset("pc:100000001", "multiple of the 4 KiB page");
	bad_preset("arm64-64k:65544K", "multiple of the 64 KiB page");
	bad_preset("nosuch:1G", "unknown preset 'nosuch'");
	bad_preset("", "unknown preset");
	bad_preset("pc:16G,cpus=0", "from 1 to 256");
	bad_preset("pc:16G,cpus=999", "from 1 to 256");
	bad_preset("pc:16G,cpus=", "unknown option");
	bad_preset("pc:16G,cpus=4x", "from 1 to 256");
	bad_preset("pc:16G,cpus=2,cpus=4", "cpus= given twice");
	bad_preset("pc:16G,numa=2", "unknown option 'numa=2'");
	bad_preset("pc-numa:0x8G", "from 2 to 64");
	bad_preset("pc-numa:1x8G", "from 2 to 64");
	bad_preset("pc-numa:65x1G", "from 2 to 64");
	bad_preset("pc-numa:8G", "NxSIZE");
	bad_preset("pc-numa:2", "NxSIZE");
	bad_preset("rock5b+:16G", "takes no size");
	/* 16 TiB is a legal size, but the PC layout then ends at
	 * 16 TiB + 1 GiB: over 2^32 page frames for the 32-bit memmap. */
	bad_preset("pc:16T", "32-bit");
}

/* ---- zoneinfo ------------------------------------------------------------ */

static struct mc_machine_desc *zoneinfo_file(const char *rel)
{
	struct mc_machine_desc *d = new_desc();
	struct mc_error err = { 0 };
	size_t len;
	char *text = t_read_source_file(rel, &len);
	int ret;

	assert_non_null(text);
	ret = mc_desc_from_zoneinfo(text, len, rel, d, &err);
	if (ret)
		fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.msg);
	assert_int_equal(ret, 0);
	free(text);
	return d;
}

static void check_zoneinfo_common(const struct mc_machine_desc *d)
{
	assert_string_equal(d->arch, "x86_64");
	assert_int_equal(d->page_shift, 12);
	assert_int_equal(d->max_page_order, 0);
	assert_int_equal(d->pageblock_order, 0);
	assert_false(d->cma);
	for (unsigned n = 0; n < d->nr_nodes; n++) {
		assert_int_equal(d->nodes[n].nr_holes, 0);
		assert_int_equal(d->nodes[n].nr_reserved, 0);
	}
	assert_int_equal(mc_desc_validate(d, NULL), 0);
}

/*
 * This VM's /proc/zoneinfo (2 CPUs, 24 GiB), numbers read off the file:
 * DMA 1/4095/3998/3840, DMA32 4096/1044480/782336/772497,
 * Normal 1048576/5505024/5505024/491520, Movable and Device empty.
 * It has lines 6.12 does not print (high_min, nr_free_pages_blocks...).
 */
static void test_zoneinfo_debian_vm(void **state)
{
	struct mc_machine_desc *d =
		zoneinfo_file("tests/data/zoneinfo/debian-vm.txt");

	(void)state;
	check_zoneinfo_common(d);
	assert_string_equal(d->name, "tests/data/zoneinfo/debian-vm.txt");
	assert_int_equal(d->nr_nodes, 1);
	assert_int_equal(d->nr_cpus, 2);
	assert_int_equal(d->cpu_to_node[0], -1);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 772497);
	check_zone(d, 0, ZNORMAL, 1048576, 5505024, 5505024, 491520);
	check_empty_zone(d, 0, ZMOV);
	check_empty_zone(d, 0, ZDEV);
	free(d);
}

/* The hand-written two-node fixture: the pc-numa:2x8G numbers, 4 CPUs. */
static void test_zoneinfo_two_node(void **state)
{
	struct mc_machine_desc *d =
		zoneinfo_file("tests/data/zoneinfo/two-node.txt");

	(void)state;
	check_zoneinfo_common(d);
	assert_int_equal(d->nr_nodes, 2);
	assert_int_equal(d->nr_cpus, 4);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 770048);
	check_zone(d, 0, ZNORMAL, 1048576, 1310720, 1310720, 1267468);
	check_empty_zone(d, 0, ZMOV);
	check_empty_zone(d, 1, ZDMA);
	check_empty_zone(d, 1, ZDMA32);
	check_zone(d, 1, ZNORMAL, 2359296, 2097152, 2097152, 2064384);
	check_empty_zone(d, 1, ZDEV);
	free(d);
}

/*
 * The small fixture: odd spacing, tabs, unknown lines, blank lines, no
 * trailing newline; 3 CPUs; DMA 1/4095/3998/3840, DMA32
 * 4096/258048/258048/241664.
 */
static void test_zoneinfo_small(void **state)
{
	struct mc_machine_desc *d =
		zoneinfo_file("tests/data/zoneinfo/small.txt");
	struct mc_machine_desc *d2 = new_desc();
	size_t len, n = 0;
	char *text = t_read_source_file("tests/data/zoneinfo/small.txt", &len);
	char *crlf = malloc(2 * len + 1);

	(void)state;
	check_zoneinfo_common(d);
	assert_int_equal(d->nr_nodes, 1);
	assert_int_equal(d->nr_cpus, 3);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 258048, 258048, 241664);
	check_empty_zone(d, 0, ZNORMAL);

	/* The same text with CRLF line ends gives the same description. */
	assert_non_null(text);
	assert_non_null(crlf);
	assert_true(len > 0 && text[len - 1] != '\n');
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
	}
	assert_int_equal(mc_desc_from_zoneinfo(crlf, n,
					       "tests/data/zoneinfo/small.txt",
					       d2, NULL), 0);
	assert_memory_equal(d, d2, sizeof(*d));
	free(crlf);
	free(text);
	free(d2);
	free(d);
}

/* Minimal well-formed blocks, 7 lines each. */
#define BLK_DMA								\
	"Node 0, zone      DMA\n"					\
	"        spanned  4095\n"					\
	"        present  3998\n"					\
	"        managed  3840\n"					\
	"  pagesets\n"							\
	"    cpu: 0\n"							\
	"  start_pfn:           1\n"
#define BLK_DMA32							\
	"Node 0, zone    DMA32\n"					\
	"        spanned  1044480\n"					\
	"        present  782336\n"					\
	"        managed  770048\n"					\
	"  pagesets\n"							\
	"    cpu: 0\n"							\
	"  start_pfn:           4096\n"

static void bad_zoneinfo(const char *text, int line, const char *needle)
{
	struct mc_machine_desc *d = new_desc(), *copy = new_desc();
	struct mc_error err = { 0 };
	char want[32];

	memset(d, 0x5a, sizeof(*d));
	memcpy(copy, d, sizeof(*d));
	assert_int_equal(mc_desc_from_zoneinfo(text, strlen(text), "bad.txt",
					       d, &err), -EINVAL);
	snprintf(want, sizeof(want), "line %d:", line);
	if (!strstr(err.msg, want) || !strstr(err.msg, needle) ||
	    err.line != line)
		fprintf(stderr, "got %s:%d: '%s', want line %d and '%s'\n",
			err.file, err.line, err.msg, line, needle);
	assert_string_equal(err.file, "bad.txt");
	assert_int_equal(err.line, line);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, needle));
	assert_memory_equal(d, copy, sizeof(*d));
	free(d);
	free(copy);
}

static void test_zoneinfo_good_minimal(void **state)
{
	static const char text[] = BLK_DMA BLK_DMA32;
	struct mc_machine_desc *d = new_desc();

	(void)state;
	assert_int_equal(mc_desc_from_zoneinfo(text, strlen(text), "min",
					       d, NULL), 0);
	check_zone(d, 0, ZDMA, 1, 4095, 3998, 3840);
	check_zone(d, 0, ZDMA32, 4096, 1044480, 782336, 770048);
	assert_int_equal(d->nr_cpus, 1);
	free(d);
}

static void test_zoneinfo_errors(void **state)
{
	struct mc_machine_desc *d = new_desc();
	struct mc_error err = { 0 };

	(void)state;
	/* empty input: no text at all, or only blank lines */
	bad_zoneinfo("", 1, "empty input");
	bad_zoneinfo("  \n\t\n\r\n", 1, "empty input");
	assert_int_equal(mc_desc_from_zoneinfo(NULL, 0, "bad.txt", d, &err),
			 -EINVAL);
	assert_int_equal(err.line, 1);
	/* text but no "Node N, zone NAME" header: the last line */
	bad_zoneinfo("hello\nworld\n", 2, "no zones");
	/* duplicate zone: second header is line 8 */
	bad_zoneinfo(BLK_DMA BLK_DMA, 8, "duplicate zone 'Node 0, zone DMA'");
	/* node id out of range */
	bad_zoneinfo("Node 64, zone DMA\n", 1, "out of range");
	bad_zoneinfo("Node 99999999999999999999999, zone DMA\n", 1,
		     "out of range");
	/* node ids not dense: node 2 right after node 0 (line 8) */
	bad_zoneinfo(BLK_DMA "Node 2, zone Normal\n", 8, "dense");
	bad_zoneinfo("Node 1, zone Normal\n", 1, "dense");
	/* unknown zone name */
	bad_zoneinfo("Node 0, zone  HighMem\n", 1, "unknown zone 'HighMem'");
	/* malformed headers */
	bad_zoneinfo("Node x, zone DMA\n", 1, "malformed zone header");
	bad_zoneinfo("Node 0 zone DMA\n", 1, "malformed zone header");
	bad_zoneinfo("Node 0, zone\n", 1, "malformed zone header");
	bad_zoneinfo("Node 0, zone DMA extra\n", 1, "malformed zone header");
	/* malformed numbers (line 3: present) */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  39x8\n", 3, "malformed number '39x8'");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  -5\n", 3, "malformed number");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present\n", 3, "malformed number");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  12 34\n", 3, "malformed number");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  99999999999999999999\n", 3, "overflows");
	bad_zoneinfo("Node 0, zone DMA\n    cpu: zero\n", 2,
		     "malformed number");
	bad_zoneinfo("Node 0, zone DMA\n  start_pfn: 0x10\n", 2,
		     "malformed number");
	/* present > spanned (line 3), managed > present (line 4) */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  4096\n        managed  0\n", 3,
		     "present 4096 > spanned 4095");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  3998\n        managed  3999\n", 4,
		     "managed 3999 > present 3998");
	/* duplicate field */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        spanned  4095\n", 3, "duplicate 'spanned'");
	/* zones overlapping: DMA32 starting at 4000 (line 14) */
	bad_zoneinfo(BLK_DMA
		     "Node 0, zone    DMA32\n        spanned  1044480\n"
		     "        present  782336\n        managed  770048\n"
		     "  pagesets\n    cpu: 0\n  start_pfn:           4000\n",
		     14, "overlaps");
	/* node 1 below node 0 (line 14) */
	bad_zoneinfo(BLK_DMA32
		     "Node 1, zone   Normal\n        spanned  100\n"
		     "        present  100\n        managed  100\n"
		     "  pagesets\n    cpu: 0\n  start_pfn:           4096\n",
		     14, "overlaps");
	/* populated zone without start_pfn: reported at its last line (6),
	 * whether or not another block follows */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  3998\n        managed  3840\n"
		     "  pagesets\n    cpu: 0\n", 6, "no 'start_pfn:'");
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  3998\n        managed  3840\n"
		     "  pagesets\n    cpu: 0\n\n" BLK_DMA32, 6,
		     "no 'start_pfn:'");
	/* truncated mid-block: no managed line (last line 3), and a last
	 * line cut in the middle of its key (line 3) */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  3998\n", 3, "without a 'managed' line");
	bad_zoneinfo(BLK_DMA "Node 0, zone    DMA32\n        spanned  1044480\n"
		     "        pres", 10, "without a 'present' line");
	/* a header alone */
	bad_zoneinfo(BLK_DMA "Node 0, zone    DMA32\n", 8,
		     "without a 'spanned' line");
	/* first populated zone without CPUs */
	bad_zoneinfo("Node 0, zone DMA\n        spanned  4095\n"
		     "        present  3998\n        managed  3840\n"
		     "  start_pfn:           1\n", 5, "no 'cpu:' lines");
	/* a populated Device zone fails validation (last line 7) */
	bad_zoneinfo("Node 0, zone   Device\n        spanned  4095\n"
		     "        present  3998\n        managed  3840\n"
		     "  pagesets\n    cpu: 0\n  start_pfn:           1\n", 7,
		     "Device");
	free(d);
}

/* ---- validation ---------------------------------------------------------- */

static void bad_desc(const struct mc_machine_desc *d, const char *n1,
		     const char *n2)
{
	struct mc_error err = { 0 };

	assert_int_equal(mc_desc_validate(d, &err), -EINVAL);
	if (!strstr(err.msg, n1) || (n2 && !strstr(err.msg, n2)))
		fprintf(stderr, "message '%s' lacks '%s' / '%s'\n", err.msg,
			n1, n2 ? n2 : "");
	assert_non_null(strstr(err.msg, n1));
	if (n2)
		assert_non_null(strstr(err.msg, n2));
}

static void test_validate(void **state)
{
	struct mc_machine_desc *good = preset("pc-numa:2x8G");
	struct mc_machine_desc *d = new_desc();
	struct mc_error err = { 0 };

	(void)state;
	assert_int_equal(mc_desc_validate(good, &err), 0);
	assert_int_equal(mc_desc_validate(NULL, &err), -EINVAL);

#define RESET() memcpy(d, good, sizeof(*d))
	RESET(); d->page_shift = 13;
	bad_desc(d, "page_shift 13", NULL);
	RESET(); d->page_shift = 14;
	bad_desc(d, "x86_64", "page_shift");
	RESET(); strcpy(d->arch, "sparc");
	bad_desc(d, "unknown arch", NULL);
	RESET(); d->max_page_order = 14;
	bad_desc(d, "max_page_order 14", NULL);
	RESET(); d->nr_nodes = 0;
	bad_desc(d, "nr_nodes 0", NULL);
	RESET(); d->nr_nodes = 65;
	bad_desc(d, "nr_nodes 65", NULL);
	RESET(); d->nr_cpus = 0;
	bad_desc(d, "nr_cpus 0", NULL);
	RESET(); d->nr_cpus = 257;
	bad_desc(d, "nr_cpus 257", NULL);
	RESET(); d->cpu_to_node[3] = 2;
	bad_desc(d, "cpu 3", "node 2");
	RESET(); d->cpu_to_node[3] = -2;
	bad_desc(d, "cpu 3", NULL);
	/* -1 is allowed, and entries past nr_cpus are not looked at */
	RESET(); d->cpu_to_node[3] = -1; d->cpu_to_node[100] = 77;
	assert_int_equal(mc_desc_validate(d, &err), 0);
	RESET(); d->nodes[0].zones[ZDMA32].present = 1044481;
	bad_desc(d, "node 0 zone DMA32", "present 1044481 > spanned");
	RESET(); d->nodes[1].zones[ZNORMAL].managed = 2097153;
	bad_desc(d, "node 1 zone Normal", "managed 2097153 > present");
	/* zones out of order / overlapping inside a node */
	RESET(); d->nodes[0].zones[ZNORMAL].start_pfn = 1048575;
	bad_desc(d, "node 0 zone Normal", "zone DMA32");
	/* node 1 overlapping node 0 */
	RESET(); d->nodes[1].zones[ZNORMAL].start_pfn = 2359295;
	bad_desc(d, "node 1", "node 0");
	/* node 1 below node 0 */
	RESET();
	d->nodes[1].zones[ZNORMAL].start_pfn = 0x1000000;
	d->nodes[0].zones[ZNORMAL].start_pfn = 0x2000000;
	d->nodes[0].nr_holes = 0;
	d->nodes[0].nr_reserved = 0;
	d->nodes[1].nr_reserved = 0;
	bad_desc(d, "node 1", "below node 0");
	/* Device zone with pages */
	RESET();
	d->nodes[0].zones[ZDEV] = (struct mc_zone_desc){ 0x500000, 16, 0, 0 };
	bad_desc(d, "node 0 zone Device", "empty");
	/* no populated zone at all */
	memset(d, 0, sizeof(*d));
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = 1;
	bad_desc(d, "no populated zone", NULL);
	/* a memoryless node is allowed */
	RESET();
	d->nr_nodes = 3;
	assert_int_equal(mc_desc_validate(d, &err), 0);

	/* holes and reserved ranges */
	RESET(); d->nodes[0].holes[0].end_pfn = 0x9f;	/* empty range */
	bad_desc(d, "node 0", "is empty");
	RESET(); d->nodes[0].holes[1].end_pfn = 0x100001;	/* crosses */
	bad_desc(d, "node 0", "inside one zone");
	RESET(); d->nodes[0].reserved[0].end_pfn = 0xa0;	/* into hole */
	bad_desc(d, "node 0", "overlaps");
	RESET(); d->nodes[0].holes[0].end_pfn = 0xff;	/* 96 != 97 */
	bad_desc(d, "node 0 zone DMA", "holes cover 96 pages");
	RESET(); d->nodes[0].reserved[0].start_pfn = 2;	/* 157 != 158 */
	bad_desc(d, "node 0 zone DMA", "reserved ranges cover 157 pages");
	RESET(); d->nodes[0].nr_holes = 65;
	bad_desc(d, "node 0", "at most 64");
	/* no explicit holes: a reservation in the default end-of-zone hole */
	RESET();
	d->nodes[0].nr_holes = 0;
	d->nodes[0].reserved[0] =
		(struct mc_pfn_range){ 4096 - 158, 4096 };
	bad_desc(d, "node 0 zone DMA", "default hole");
	/* the 32-bit memmap limit: 2^32 - 2^20 page frames */
	memset(d, 0, sizeof(*d));
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = 1;
	d->nr_cpus = 1;
	d->nodes[0].zones[ZNORMAL] = (struct mc_zone_desc){
		0, (1ULL << 32) - (1ULL << 20) - 1024, 1, 1 };
	assert_int_equal(mc_desc_validate(d, &err), 0);
	d->nodes[0].zones[ZNORMAL].spanned += 1024;
	bad_desc(d, "32-bit", NULL);
	/* ... measured after rounding to MAX_PAGE_ORDER blocks */
	d->nodes[0].zones[ZNORMAL].start_pfn = 1;
	d->nodes[0].zones[ZNORMAL].spanned -= 1024;
	bad_desc(d, "32-bit", NULL);
	/* a zone beyond the 64-bit physical address space */
	d->nodes[0].zones[ZNORMAL] = (struct mc_zone_desc){
		1ULL << 52, 16, 16, 16 };
	bad_desc(d, "node 0 zone Normal", "physical address");
#undef RESET
	free(good);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_defaults),
		cmocka_unit_test(test_geometry_overrides),
		cmocka_unit_test(test_geometry_errors),
		cmocka_unit_test(test_mc_err),
		cmocka_unit_test(test_preset_pc_16g),
		cmocka_unit_test(test_preset_pc_1g),
		cmocka_unit_test(test_preset_pc_1t),
		cmocka_unit_test(test_preset_pc_sizes),
		cmocka_unit_test(test_preset_pc_cpus),
		cmocka_unit_test(test_preset_pc_numa),
		cmocka_unit_test(test_preset_arm64_4k),
		cmocka_unit_test(test_preset_arm64_16k),
		cmocka_unit_test(test_preset_arm64_64k),
		cmocka_unit_test(test_preset_rock5b),
		cmocka_unit_test(test_preset_errors),
		cmocka_unit_test(test_zoneinfo_debian_vm),
		cmocka_unit_test(test_zoneinfo_two_node),
		cmocka_unit_test(test_zoneinfo_small),
		cmocka_unit_test(test_zoneinfo_good_minimal),
		cmocka_unit_test(test_zoneinfo_errors),
		cmocka_unit_test(test_validate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
