// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_fuzz_found.c - the library bugs the fuzz targets found, one test
 * each, so that they stay fixed in every build (the inputs themselves are
 * in fuzz/corpus/ too).  The arena's per-cpu fast path asking for
 * MIGRATE_MOVABLE pages where gfp_migratetype() says UNMOVABLE (an arena
 * under five pageblocks groups nothing by mobility) is kept by the
 * corpus entries fuzz/corpus/arena/regress-fastpath-migratetype-*, which
 * need a longer history than a hand-made test reproduced.  Found
 * elsewhere and tested there: a gfp with both
 * mobility bits (test_bad_inputs), "cpus=" twice in a preset
 * (test_machine), the node compact file of a missing node
 * (docs/bad-inputs.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "helpers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * fuzz_arena: on a machine too small for grouping by mobility (fewer than
 * one pageblock per migratetype: every pageblock is UNMOVABLE), undoing
 * the isolation of alloc_contig_range moved the range's free pages to the
 * MOVABLE lists while the pageblock stayed UNMOVABLE; the per-type counts
 * went negative.  Here: one 8 MiB zone (4 pageblocks).
 */
static void test_contig_without_mobility_grouping(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	struct mc_alloc_request r = { .gfp = MC_GFP_KERNEL, .nid = -1,
				      .kind = MC_PAGE_KERNEL };
	uint64_t pfns[2048], pfn;
	size_t n = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	strcpy(d.name, "8M");
	strcpy(d.arch, "x86_64");
	d.page_shift = 12;
	d.nr_nodes = 1;
	d.nr_cpus = 1;
	for (int c = 0; c < MC_MAX_CPUS; c++)
		d.cpu_to_node[c] = -1;
	d.nodes[0].zones[MC_ZONE_DMA32] =
		(struct mc_zone_desc){ 4096, 2048, 2048, 2048 };
	m = t_machine_desc(&d, MC_OPT_NO_DAEMONS | MC_OPT_NO_THP_MINFREE);
	while (n < 1024 && !mc_alloc_pages(m, &r, &pfns[n]))
		n++;
	for (size_t i = 0; i < n; i += 2)
		assert_int_equal(mc_free_pages(m, pfns[i], 0, 0), 0);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_alloc_contig_pages(m, 300, MC_GFP_KERNEL, -1, 0,
					       NULL, &pfn), 0);
	assert_int_equal(t_check(m), 0);
	assert_int_equal(mc_free_contig_range(m, pfn, 300, 0), 0);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * fuzz_snapshot: mc_pfnz_decode() allocated the header's word count before
 * reading anything, so a 32-byte file announcing 2^40 words asked for
 * 8 TiB (-ENOMEM, or an abort under a sanitizer).  The array now grows
 * with the decoded data: such a file is simply truncated.
 */
static void test_mcz_header_count_is_a_claim(void **state)
{
	unsigned char img[32] = "MCPFNZ1\n";
	struct mc_error err = { 0 };
	uint64_t *w = NULL, nr = 0;

	(void)state;
	img[8 + 5] = 0x01;			/* 2^40 words */
	assert_int_equal(mc_pfnz_decode(img, sizeof(img), "bomb.mcz", &w, &nr,
					&err), -EINVAL);
	assert_null(w);
	assert_non_null(strstr(err.msg, "stream ends early"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contig_without_mobility_grouping),
		cmocka_unit_test(test_mcz_header_count_is_a_claim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
