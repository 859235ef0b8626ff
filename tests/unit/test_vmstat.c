// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_vmstat.c - the /proc and debugfs text files of src/mm/vmstat.c.
 *
 * Golden files pin the exact bytes, but a golden file is only as good as
 * the output it was blessed from.  So every rendering is also checked on
 * its own terms before it is compared:
 *  - the layout of every line is parsed back field by field against the
 *    kernel's printf formats (fixed widths, justification, trailing
 *    spaces), written out here by hand from mm/vmstat.c;
 *  - every number is compared with what the public API says
 *    (mc_zone_stats(), mc_page_info(), mc_vmstat_get()) or with a value
 *    worked out by hand in the comments;
 *  - /proc/vmstat's names are compared with a list typed in here from
 *    6.12's vmstat_text[] under Debian's amd64 config;
 *  - the fragmentation indices are recomputed here from the free block
 *    counts, and the spec's worked example (kernel-spec 8.5) is rendered.
 * Finally the structure is compared with files copied from the machine the
 * tests were written on (tests/data/real/, a newer kernel: see
 * test_real_*), and /proc/buddyinfo is run through Prometheus' procfs
 * parser rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mm/internal.h"

static const char *const zone_names[MC_MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* ---- the expected /proc/vmstat names ---------------------------------- */

/*
 * vmstat_text[] of Linux 6.12 (mm/vmstat.c) with Debian's amd64 config:
 * ZSMALLOC, UNACCEPTED_MEMORY, NUMA, IOMMU_SUPPORT, SWAP, NUMA_BALANCING,
 * MIGRATION, COMPACTION, HUGETLB_PAGE, TRANSPARENT_HUGEPAGE with PUD
 * support, MEMORY_BALLOON, BALLOON_COMPACTION, KSM, ZSWAP, X86 on; CMA,
 * SHADOW_CALL_STACK, DEBUG_TLBFLUSH, PER_VMA_LOCK_STATS, DEBUG_STACK_USAGE
 * off.  CMA's two event names are inserted by expected_names() when the
 * machine has CMA.
 */
static const char *const names_zone[] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_bounce", "nr_zspages",
	"nr_free_cma", "nr_unaccepted",
};

static const char *const names_numa[] = {
	"numa_hit", "numa_miss", "numa_foreign", "numa_interleave",
	"numa_local", "numa_other",
};

static const char *const names_node[] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
	"nr_active_file", "nr_unevictable", "nr_slab_reclaimable",
	"nr_slab_unreclaimable", "nr_isolated_anon", "nr_isolated_file",
	"workingset_nodes", "workingset_refault_anon",
	"workingset_refault_file", "workingset_activate_anon",
	"workingset_activate_file", "workingset_restore_anon",
	"workingset_restore_file", "workingset_nodereclaim", "nr_anon_pages",
	"nr_mapped", "nr_file_pages", "nr_dirty", "nr_writeback",
	"nr_writeback_temp", "nr_shmem", "nr_shmem_hugepages",
	"nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
	"nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
	"nr_swapcached", "pgpromote_success", "pgpromote_candidate",
	"pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
};

static const char *const names_vm[] = {
	"nr_dirty_threshold", "nr_dirty_background_threshold",
	"nr_memmap_pages", "nr_memmap_boot_pages",
};

static const char *const names_events[] = {
	"pgpgin", "pgpgout", "pswpin", "pswpout",
	"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable",
	"pgalloc_device",
	"allocstall_dma", "allocstall_dma32", "allocstall_normal",
	"allocstall_movable", "allocstall_device",
	"pgskip_dma", "pgskip_dma32", "pgskip_normal", "pgskip_movable",
	"pgskip_device",
	"pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed",
	"pgrefill", "pgreuse", "pgsteal_kswapd", "pgsteal_direct",
	"pgsteal_khugepaged", "pgscan_kswapd", "pgscan_direct",
	"pgscan_khugepaged", "pgscan_direct_throttle", "pgscan_anon",
	"pgscan_file", "pgsteal_anon", "pgsteal_file",
	"zone_reclaim_success", "zone_reclaim_failed",
	"pginodesteal", "slabs_scanned", "kswapd_inodesteal",
	"kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
	"pageoutrun", "pgrotated", "drop_pagecache", "drop_slab", "oom_kill",
	"numa_pte_updates", "numa_huge_pte_updates", "numa_hint_faults",
	"numa_hint_faults_local", "numa_pages_migrated",
	"pgmigrate_success", "pgmigrate_fail", "thp_migration_success",
	"thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success",
	"compact_daemon_wake", "compact_daemon_migrate_scanned",
	"compact_daemon_free_scanned",
	"htlb_buddy_alloc_success", "htlb_buddy_alloc_fail",
	/* (cma_alloc_success, cma_alloc_fail with CONFIG_CMA) */
	"unevictable_pgs_culled", "unevictable_pgs_scanned",
	"unevictable_pgs_rescued", "unevictable_pgs_mlocked",
	"unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded",
	"thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge",
	"thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc",
	"thp_file_fallback", "thp_file_fallback_charge", "thp_file_mapped",
	"thp_split_page", "thp_split_page_failed", "thp_deferred_split_page",
	"thp_underused_split_page", "thp_split_pmd",
	"thp_scan_exceed_none_pte", "thp_scan_exceed_swap_pte",
	"thp_scan_exceed_share_pte", "thp_split_pud", "thp_zero_page_alloc",
	"thp_zero_page_alloc_failed", "thp_swpout", "thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate",
	"swap_ra", "swap_ra_hit", "swpin_zero", "swpout_zero",
	"ksm_swpin_copy", "cow_ksm", "zswpin", "zswpout", "zswpwb",
	"direct_map_level2_splits", "direct_map_level3_splits",
};

#define NAMES_MAX 200

/* The full ordered list, "nr_unstable" last; returns the count. */
static size_t expected_names(bool cma, const char **out)
{
	size_t n = 0, i;

#define ADD_ALL(arr)						\
	for (i = 0; i < sizeof(arr) / sizeof(arr[0]); i++)	\
		out[n++] = arr[i]
	ADD_ALL(names_zone);
	ADD_ALL(names_numa);
	ADD_ALL(names_node);
	ADD_ALL(names_vm);
	for (i = 0; i < sizeof(names_events) / sizeof(names_events[0]); i++) {
		out[n++] = names_events[i];
		if (cma && !strcmp(names_events[i], "htlb_buddy_alloc_fail")) {
			out[n++] = "cma_alloc_success";
			out[n++] = "cma_alloc_fail";
		}
	}
#undef ADD_ALL
	out[n++] = "nr_unstable";
	return n;
}

static void test_vmstat_name_counts(void **state)
{
	const char *names[NAMES_MAX];

	(void)state;
	/* 12 zone + 6 NUMA + 47 node + 4 vm + 115 events + nr_unstable. */
	assert_int_equal(sizeof(names_zone) / sizeof(names_zone[0]), 12);
	assert_int_equal(sizeof(names_numa) / sizeof(names_numa[0]), 6);
	assert_int_equal(sizeof(names_node) / sizeof(names_node[0]), 47);
	assert_int_equal(sizeof(names_events) / sizeof(names_events[0]), 115);
	assert_int_equal(expected_names(false, names), 185);
	assert_int_equal(expected_names(true, names), 187);
}

/* ---- lines and fields --------------------------------------------------- */

struct lines {
	char *buf;
	char **v;
	size_t n;
};

/* Split @text at '\n'; every file must end with one (or be empty). */
static void lines_split(struct lines *l, const char *text)
{
	size_t len = strlen(text), cap = 16;
	char *p;

	l->buf = strdup(text);
	l->v = malloc(cap * sizeof(*l->v));
	l->n = 0;
	assert_non_null(l->buf);
	assert_non_null(l->v);
	if (!len)
		return;
	assert_int_equal(text[len - 1], '\n');
	p = l->buf;
	while (*p) {
		char *nl = strchr(p, '\n');

		if (l->n == cap) {
			cap *= 2;
			l->v = realloc(l->v, cap * sizeof(*l->v));
			assert_non_null(l->v);
		}
		*nl = '\0';
		l->v[l->n++] = p;
		p = nl + 1;
	}
}

static void lines_free(struct lines *l)
{
	free(l->buf);
	free(l->v);
}

static const char *next_line(struct lines *l, size_t *li)
{
	if (*li >= l->n)
		fail_msg("text ends early, at line %zu", *li + 1);
	return l->v[(*li)++];
}

static const char *lit(const char *p, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(p, s, n))
		fail_msg("expected \"%s\" at \"%s\"", s, p);
	return p + n;
}

/*
 * A right-justified field of @width ("%6lu", "%8s"): spaces, then a token
 * without spaces, @width characters in all; a longer token runs on with
 * no padding.  Copies the token to @tok.
 */
static const char *rjust(const char *p, int width, char *tok, size_t toksz)
{
	int sp = 0, n = 0;

	while (p[sp] == ' ')
		sp++;
	while (p[sp + n] && p[sp + n] != ' ' && p[sp + n] != ',')
		n++;
	if (!(n > 0 && (sp + n == width || (sp == 0 && n > width))))
		fail_msg("not a right-justified %d-column field: \"%s\"",
			 width, p);
	assert_true((size_t)n < toksz);
	memcpy(tok, p + sp, (size_t)n);
	tok[n] = '\0';
	return p + sp + n;
}

/* "%-12s": the token, then spaces up to @width. */
static const char *ljust(const char *p, int width, char *tok, size_t toksz)
{
	int n = 0, sp = 0;

	while (p[n] && p[n] != ' ')
		n++;
	while (p[n + sp] == ' ')
		sp++;
	assert_true(n > 0 && (size_t)n < toksz);
	memcpy(tok, p, (size_t)n);
	tok[n] = '\0';
	/* Followed by exactly one separator space after the padding. */
	if (n < width && sp != width - n + 1)
		fail_msg("\"%s\" not padded to %d columns + 1 space", p, width);
	if (n >= width && sp != 1)
		fail_msg("\"%s\" should be followed by one space", p);
	return p + n + sp;
}

static uint64_t num(const char *tok)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)tok[0]))
		fail_msg("not a number: \"%s\"", tok);
	v = strtoull(tok, &end, 10);
	if (*end)
		fail_msg("not a number: \"%s\"", tok);
	return v;
}

/* A whole line "<digits>" from @p to the end. */
static uint64_t num_to_eol(const char *p)
{
	return num(p);
}

static int zone_by_name(const char *name)
{
	for (int i = 0; i < MC_MAX_NR_ZONES; i++)
		if (!strcmp(zone_names[i], name))
			return i;
	fail_msg("unknown zone name \"%s\"", name);
	return -1;
}

/* "Node %d, zone %8s" at @p; returns the rest of the line. */
static const char *node_zone_prefix(const char *p, int nid, int zt)
{
	char tok[64];

	p = lit(p, "Node ");
	p = rjust(p, 1, tok, sizeof(tok));
	assert_int_equal(num(tok), nid);
	p = lit(p, ", zone ");
	p = rjust(p, 8, tok, sizeof(tok));
	assert_int_equal(zone_by_name(tok), zt);
	return p;
}

struct machine_info {
	struct mc_geometry g;
	struct mc_zone_stats zs[MC_MAX_NODES][MC_MAX_NR_ZONES];
	bool node_mem[MC_MAX_NODES];
};

static void machine_info(struct mc_machine *m, struct machine_info *mi)
{
	memset(mi, 0, sizeof(*mi));
	mc_machine_geometry(m, &mi->g);
	for (unsigned n = 0; n < mi->g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			assert_int_equal(mc_zone_stats(m, (int)n, z,
						       &mi->zs[n][z]), 0);
			if (mi->zs[n][z].present)
				mi->node_mem[n] = true;
		}
}

/* ---- /proc/buddyinfo ---------------------------------------------------- */

/* Every line "Node %d, zone %8s " + NR_PAGE_ORDERS x "%6lu " and nothing
 * else; one per populated zone, in node then zone order; the counts are
 * free_area[order].nr_free as mc_zone_stats() reports them. */
static void check_buddyinfo(struct mc_machine *m, const char *text)
{
	struct machine_info mi;
	struct lines l;
	size_t li = 0;

	machine_info(m, &mi);
	lines_split(&l, text);
	for (unsigned n = 0; n < mi.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			const char *p;
			char tok[32];

			if (!s->populated)
				continue;
			assert_true(li < l.n);
			p = node_zone_prefix(next_line(&l, &li), (int)n, z);
			p = lit(p, " ");
			for (unsigned o = 0; o < mi.g.nr_page_orders; o++) {
				p = rjust(p, 6, tok, sizeof(tok));
				assert_int_equal(num(tok),
						 s->nr_free_blocks[o]);
				p = lit(p, " ");
			}
			assert_string_equal(p, "");
		}
	assert_int_equal(li, l.n);
	lines_free(&l);
}

/*
 * Prometheus' procfs (buddyinfo.go) reads the file by splitting each line
 * on white space: at least 4 fields, node in field 1 ("0," with the comma
 * trimmed), zone in field 3, then the buckets, each parsed as a float,
 * and the same number of buckets on every line.  Returns the bucket count.
 */
static int prometheus_buddyinfo(const char *text)
{
	struct lines l;
	int buckets = -1;

	lines_split(&l, text);
	for (size_t i = 0; i < l.n; i++) {
		char *save = NULL, *f[64];
		int nf = 0;

		for (char *t = strtok_r(l.v[i], " \t", &save); t;
		     t = strtok_r(NULL, " \t", &save)) {
			assert_true(nf < 64);
			f[nf++] = t;
		}
		if (nf < 4)
			fail_msg("line %zu: %d fields, need >= 4", i + 1, nf);
		assert_string_equal(f[0], "Node");
		assert_int_equal(f[1][strlen(f[1]) - 1], ',');
		assert_string_equal(f[2], "zone");
		if (buckets == -1)
			buckets = nf - 4;
		else if (buckets != nf - 4)
			fail_msg("line %zu: %d buckets, earlier lines %d",
				 i + 1, nf - 4, buckets);
		for (int k = 4; k < nf; k++) {
			char *end;

			(void)strtod(f[k], &end);
			if (*end)
				fail_msg("bucket \"%s\" is not a float", f[k]);
		}
	}
	lines_free(&l);
	return buckets;
}

/* ---- /proc/pagetypeinfo ------------------------------------------------- */

static const char *const mt_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/* The printed migratetypes: the kernel's numbering of this config. */
static int printed_types(bool cma, const char **names)
{
	int n = 0;

	for (int i = 0; i < 6; i++)
		if (cma || strcmp(mt_names[i], "CMA"))
			names[n++] = mt_names[i];
	return n;
}

/*
 * The "Number of blocks type" counts worked out through the public API:
 * step from the zone's first pfn by pageblock_nr_pages, skip holes and
 * pfns of other zones, classify by the pageblock's migratetype.
 */
static void count_blocks(struct mc_machine *m, const struct mc_geometry *g,
			 int nid, int zt, const struct mc_zone_stats *s,
			 uint64_t *count)
{
	uint64_t step = 1ull << g->pageblock_order;

	for (int i = 0; i < 6; i++)
		count[i] = 0;
	for (uint64_t pfn = s->start_pfn; pfn < s->start_pfn + s->spanned;
	     pfn += step) {
		struct mc_page_info info;

		assert_int_equal(mc_page_info(m, pfn, &info), 0);
		if (info.state == MC_PS_HOLE || info.nid != nid ||
		    (int)info.zone != zt)
			continue;
		assert_true(info.pageblock_mt >= 0 &&
			    info.pageblock_mt < (int)g->nr_migratetypes);
		count[info.pageblock_mt]++;
	}
}

static void check_pagetypeinfo(struct mc_machine *m, const char *text)
{
	struct machine_info mi;
	struct lines l;
	size_t li = 0;
	const char *types[6];
	int nt;
	bool cma;

	machine_info(m, &mi);
	cma = mi.g.nr_migratetypes == 6;
	nt = printed_types(cma, types);
	lines_split(&l, text);
	for (unsigned n = 0; n < mi.g.nr_nodes; n++) {
		char want[512], tok[64];
		const char *p;

		if (!mi.node_mem[n])
			continue;
		snprintf(want, sizeof(want), "Page block order: %u",
			 mi.g.pageblock_order);
		assert_string_equal(next_line(&l, &li), want);
		snprintf(want, sizeof(want), "Pages per block:  %llu",
			 1ull << mi.g.pageblock_order);
		assert_string_equal(next_line(&l, &li), want);
		assert_string_equal(next_line(&l, &li), "");

		/* 42-character title, "%-43s " => two spaces after it. */
		p = lit(next_line(&l, &li),
			"Free pages count per migrate type at order  ");
		for (unsigned o = 0; o < mi.g.nr_page_orders; o++) {
			p = rjust(p, 6, tok, sizeof(tok));
			assert_int_equal(num(tok), o);
			p = lit(p, " ");
		}
		assert_string_equal(p, "");

		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			uint64_t sum[16] = { 0 };

			if (!s->populated)
				continue;
			for (int t = 0; t < nt; t++) {
				p = lit(next_line(&l, &li), "Node ");
				p = rjust(p, 4, tok, sizeof(tok));
				assert_int_equal(num(tok), n);
				p = lit(p, ", zone ");
				p = rjust(p, 8, tok, sizeof(tok));
				assert_string_equal(tok, zone_names[z]);
				p = lit(p, ", type ");
				p = rjust(p, 12, tok, sizeof(tok));
				assert_string_equal(tok, types[t]);
				p = lit(p, " ");
				for (unsigned o = 0; o < mi.g.nr_page_orders;
				     o++) {
					/* ">" marks a capped count. */
					assert_true(*p != '>');
					p = rjust(p, 6, tok, sizeof(tok));
					sum[o] += num(tok);
					p = lit(p, " ");
				}
				assert_string_equal(p, "");
			}
			/* The per-type lists add up to buddyinfo's count. */
			for (unsigned o = 0; o < mi.g.nr_page_orders; o++)
				assert_int_equal(sum[o], s->nr_free_blocks[o]);
		}

		assert_string_equal(next_line(&l, &li), "");
		/* "%-23s" of the 22-character title, then "%12s " each. */
		p = lit(next_line(&l, &li), "Number of blocks type  ");
		for (int t = 0; t < nt; t++) {
			p = rjust(p, 12, tok, sizeof(tok));
			assert_string_equal(tok, types[t]);
			p = lit(p, " ");
		}
		assert_string_equal(p, "");
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			uint64_t count[6];

			if (!s->populated)
				continue;
			count_blocks(m, &mi.g, (int)n, z, s, count);
			p = node_zone_prefix(next_line(&l, &li), (int)n, z);
			p = lit(p, " ");
			for (int t = 0; t < nt; t++) {
				p = rjust(p, 12, tok, sizeof(tok));
				assert_int_equal(num(tok), count[t]);
				p = lit(p, " ");
			}
			assert_string_equal(p, "");
		}
	}
	assert_int_equal(li, l.n);
	lines_free(&l);
}

/* ---- /proc/zoneinfo ----------------------------------------------------- */

static uint64_t vmget(struct mc_machine *m, const char *name);

static unsigned fls_test(uint64_t x)
{
	unsigned r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

/*
 * calculate_normal_threshold(): 2 * fls(cpus) * (1 + fls(managed in
 * 128 MiB units)), at most 125.  Checked below against the table in the
 * kernel's comment and this machine's real zoneinfo.
 */
static int stat_threshold(unsigned cpus, uint64_t managed, unsigned pshift)
{
	int t = 2 * (int)fls_test(cpus) *
		(1 + (int)fls_test(managed >> (27 - pshift)));

	return t < 125 ? t : 125;
}

static void test_stat_threshold_formula(void **state)
{
	(void)state;
	/*
	 * Rows of the table above calculate_normal_threshold().  Some of its
	 * rows disagree with its own formula (64 CPUs, 4-8 GB is listed as
	 * 84 but 2 * fls(64) * (1 + fls(32..63)) = 2 * 7 * 7 = 98); we use
	 * the rows that agree with the code.
	 */
	assert_int_equal(stat_threshold(1, 250000, 12), 8);   /* 0.95 GB */
	assert_int_equal(stat_threshold(2, 400000, 12), 20);  /* 1.5 GB */
	assert_int_equal(stat_threshold(4, 3000000, 12), 48); /* 11 GB */
	assert_int_equal(stat_threshold(16, 20000, 12), 10);  /* < 128M */
	assert_int_equal(stat_threshold(2, 1500000, 12), 28);  /* 5.7 GB */
	assert_int_equal(stat_threshold(1024, 3000000, 12), 125);
	/* This VM (2 CPUs, see tests/data/real/uname-r): DMA managed 3840
	 * shows 4; DMA32 managed 772497 and Normal 1015808 show 24. */
	assert_int_equal(stat_threshold(2, 3840, 12), 4);
	assert_int_equal(stat_threshold(2, 772497, 12), 24);
	assert_int_equal(stat_threshold(2, 1015808, 12), 24);
}

/* "      %-12s %lu": returns the value, checks the name. */
static uint64_t stat_line(const char *line, const char *name)
{
	char tok[64];
	const char *p = lit(line, "      ");

	p = ljust(p, 12, tok, sizeof(tok));
	assert_string_equal(tok, name);
	return num_to_eol(p);
}

/* A "label value" line with a fixed label (alignment spaces included). */
static uint64_t labelled(const char *line, const char *label)
{
	return num_to_eol(lit(line, label));
}

struct zoneinfo_sums {
	uint64_t node[47], zone[12], numa[6];
};

/* The watermark block: fixed labels, values as mc_zone_stats() has them. */
static void check_zone_wmarks(struct lines *l, size_t *li,
			      const struct mc_zone_stats *s)
{
	const struct {
		const char *label;
		uint64_t want;
	} rows[] = {
		{ "  pages free     ", s->nr_free },
		{ "        boost    ", s->boost },
		{ "        min      ", s->wmark_min },
		{ "        low      ", s->wmark_low },
		{ "        high     ", s->wmark_high },
		{ "        promo    ", s->wmark_promo },
		{ "        spanned  ", s->spanned },
		{ "        present  ", s->present },
		{ "        managed  ", s->managed },
		{ "        cma      ", 0 },		/* no CMA areas */
	};
	const char *p;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(labelled(next_line(l, li), rows[i].label),
				 rows[i].want);
	p = lit(next_line(l, li), "        protection: (");
	for (int i = 0; i < MC_MAX_NR_ZONES; i++) {
		char *end;
		long v = strtol(p, &end, 10);

		assert_true(end != p);
		assert_int_equal(v, s->lowmem_reserve[i]);
		p = lit(end, i < MC_MAX_NR_ZONES - 1 ? ", " : ")");
	}
	assert_string_equal(p, "");
}

/* Counters, pagesets and the tail of a populated zone. */
static void check_zone_populated(struct lines *l, size_t *li,
				 const struct machine_info *mi,
				 const struct mc_zone_stats *s,
				 struct zoneinfo_sums *sum)
{
	int threshold = stat_threshold(mi->g.nr_cpus, s->managed,
				       mi->g.page_shift);
	uint64_t pcp = 0;

	for (size_t i = 0; i < 12; i++) {
		uint64_t v = stat_line(next_line(l, li), names_zone[i]);

		if (i == 0)	/* nr_free_pages */
			assert_int_equal(v, s->nr_free);
		sum->zone[i] += v;
	}
	for (size_t i = 0; i < 6; i++)
		sum->numa[i] += stat_line(next_line(l, li), names_numa[i]);
	assert_string_equal(next_line(l, li), "  pagesets");
	for (unsigned c = 0; c < mi->g.nr_cpus; c++) {
		const char *p = lit(next_line(l, li), "    cpu: ");
		uint64_t high;

		assert_int_equal(num_to_eol(p), c);
		pcp += labelled(next_line(l, li), "              count: ");
		high = labelled(next_line(l, li), "              high:  ");
		assert_true(high <= s->pcp_high_max);
		assert_int_equal(labelled(next_line(l, li),
					  "              batch: "),
				 s->pcp_batch);
		assert_int_equal(labelled(next_line(l, li),
					  "  vm stats threshold: "),
				 threshold);
	}
	assert_int_equal(pcp, s->pcp_pages);
	assert_int_equal(labelled(next_line(l, li), "  node_unreclaimable:  "),
			 0);
	assert_int_equal(labelled(next_line(l, li), "  start_pfn:           "),
			 s->start_pfn);
}

/*
 * Besides the layout: zone and node values agree with mc_zone_stats(),
 * and the per-node, per-zone and NUMA counters summed over the machine
 * are /proc/vmstat's values (THP counters in THP units in both).
 */
static void check_zoneinfo(struct mc_machine *m, const char *text)
{
	struct machine_info mi;
	struct zoneinfo_sums sum;
	struct lines l;
	size_t li = 0;

	memset(&sum, 0, sizeof(sum));
	machine_info(m, &mi);
	lines_split(&l, text);
	for (unsigned n = 0; n < mi.g.nr_nodes; n++) {
		bool node_done = false;

		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			const char *p;

			p = node_zone_prefix(next_line(&l, &li), (int)n, z);
			assert_string_equal(p, "");
			/* Node counters once, with the first populated zone. */
			if (s->populated && !node_done) {
				assert_string_equal(next_line(&l, &li),
						    "  per-node stats");
				for (size_t i = 0; i < 47; i++)
					sum.node[i] += stat_line(
						next_line(&l, &li),
						names_node[i]);
				node_done = true;
			}
			check_zone_wmarks(&l, &li, s);
			if (s->populated)
				check_zone_populated(&l, &li, &mi, s, &sum);
		}
		assert_true(node_done == mi.node_mem[n]);
	}
	assert_int_equal(li, l.n);
	lines_free(&l);
	for (size_t i = 0; i < 47; i++)
		assert_int_equal(sum.node[i], vmget(m, names_node[i]));
	for (size_t i = 0; i < 12; i++)
		assert_int_equal(sum.zone[i], vmget(m, names_zone[i]));
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(sum.numa[i], vmget(m, names_numa[i]));
}

/* ---- /proc/vmstat ------------------------------------------------------- */

static uint64_t vmget(struct mc_machine *m, const char *name)
{
	uint64_t v = UINT64_MAX;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

/*
 * global_dirty_limits() from the public numbers: dirtyable memory is free
 * pages less totalreserve_pages (per zone: the largest lowmem_reserve
 * towards higher zones plus the high watermark as set up, capped at the
 * zone's managed pages), plus the file LRU, plus 1; the 20 % and 10 %
 * ratios are first turned into parts per PAGE_SIZE.
 */
static void expected_dirty(struct mc_machine *m, uint64_t *thresh,
			   uint64_t *bg)
{
	struct machine_info mi;
	uint64_t reserve = 0, avail, page = 0, ratio, bg_ratio;

	machine_info(m, &mi);
	page = 1ull << mi.g.page_shift;
	for (unsigned n = 0; n < mi.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			int64_t mx = 0;

			for (int j = z; j < MC_MAX_NR_ZONES; j++)
				if (s->lowmem_reserve[j] > mx)
					mx = s->lowmem_reserve[j];
			mx += (int64_t)(s->wmark_high - s->boost);
			if (mx > (int64_t)s->managed)
				mx = (int64_t)s->managed;
			reserve += (uint64_t)mx;
		}
	avail = vmget(m, "nr_free_pages");
	avail -= avail < reserve ? avail : reserve;
	avail += vmget(m, "nr_inactive_file") + vmget(m, "nr_active_file");
	avail += 1;
	ratio = 20 * page / 100;
	bg_ratio = 10 * page / 100;
	*thresh = ratio * avail / page;
	*bg = bg_ratio * avail / page;
	if (*bg >= *thresh)
		*bg = *thresh / 2;
}

static void check_vmstat(struct mc_machine *m, const char *text,
			 uint64_t memmap_boot_pages)
{
	struct machine_info mi;
	const char *names[NAMES_MAX];
	struct lines l;
	size_t nn;
	uint64_t free_sum = 0, thresh, bg;

	machine_info(m, &mi);
	nn = expected_names(mi.g.nr_migratetypes == 6, names);
	lines_split(&l, text);
	assert_int_equal(l.n, nn);
	for (size_t i = 0; i < nn; i++) {
		const char *p = lit(l.v[i], names[i]);
		uint64_t v;

		p = lit(p, " ");
		v = num_to_eol(p);
		assert_int_equal(vmget(m, names[i]), v);
	}
	assert_string_equal(l.v[nn - 1], "nr_unstable 0");
	lines_free(&l);

	for (unsigned n = 0; n < mi.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++)
			free_sum += mi.zs[n][z].nr_free;
	assert_int_equal(vmget(m, "nr_free_pages"), free_sum);
	expected_dirty(m, &thresh, &bg);
	assert_int_equal(vmget(m, "nr_dirty_threshold"), thresh);
	assert_int_equal(vmget(m, "nr_dirty_background_threshold"), bg);
	assert_int_equal(vmget(m, "nr_memmap_pages"), 0);
	assert_int_equal(vmget(m, "nr_memmap_boot_pages"), memmap_boot_pages);
}

/* ---- extfrag/ ------------------------------------------------------------ */

/* kernel-spec 4.4 / 8.5, recomputed from the block counts. */
static void contig(const uint64_t *nr_free, unsigned orders, unsigned order,
		   uint64_t *free_pages, uint64_t *total, uint64_t *suitable)
{
	*free_pages = *total = *suitable = 0;
	for (unsigned o = 0; o < orders; o++) {
		*total += nr_free[o];
		*free_pages += nr_free[o] << o;
		if (o >= order)
			*suitable += nr_free[o] << (o - order);
	}
}

static int want_extfrag(const uint64_t *nr_free, unsigned orders,
			unsigned order)
{
	uint64_t fp, total, suitable;

	contig(nr_free, orders, order, &fp, &total, &suitable);
	if (!total)
		return 0;
	if (suitable)
		return -1000;
	return 1000 - (int)((1000 + fp * 1000 / (1ull << order)) / total);
}

static int want_unusable(const uint64_t *nr_free, unsigned orders,
			 unsigned order)
{
	uint64_t fp, total, suitable;

	contig(nr_free, orders, order, &fp, &total, &suitable);
	if (!fp)
		return 1000;
	return (int)((fp - (suitable << order)) * 1000 / fp);
}

/*
 * A printed index back to thousandths, accepting only what "%2d.%03d "
 * (extfrag) or "%d.%03d " (unusable) can print for -1000..1000.
 */
static int parse_index(const char *tok, bool extfrag)
{
	static regex_t re_ext, re_unu;
	static bool init;
	int whole, frac;

	if (!init) {
		assert_int_equal(regcomp(&re_ext,
			"^(-1\\.000| 0\\.[0-9]{3}| 1\\.000| 0\\.-[0-9]{2,3})$",
			REG_EXTENDED | REG_NOSUB), 0);
		assert_int_equal(regcomp(&re_unu, "^(0\\.[0-9]{3}|1\\.000)$",
					 REG_EXTENDED | REG_NOSUB), 0);
		init = true;
	}
	if (regexec(extfrag ? &re_ext : &re_unu, tok, 0, NULL, 0))
		fail_msg("\"%s\" is not a %s index field", tok,
			 extfrag ? "extfrag" : "unusable");
	assert_int_equal(sscanf(tok, "%d.%d", &whole, &frac), 2);
	/* -1.000 is whole -1; " 0.-500" is whole 0 and a negative part. */
	return whole * 1000 + (whole < 0 ? -frac : frac);
}

static void check_index_file(struct mc_machine *m, const char *text,
			     bool extfrag)
{
	struct machine_info mi;
	struct lines l;
	size_t li = 0;

	machine_info(m, &mi);
	lines_split(&l, text);
	for (unsigned n = 0; n < mi.g.nr_nodes; n++) {
		if (!extfrag && !mi.node_mem[n])
			continue;
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			const struct mc_zone_stats *s = &mi.zs[n][z];
			const char *p;

			if (!s->populated)
				continue;
			p = node_zone_prefix(next_line(&l, &li), (int)n, z);
			p = lit(p, " ");
			for (unsigned o = 0; o < mi.g.nr_page_orders; o++) {
				/* "%2d.%03d " fields are 6 or 7 wide. */
				char tok[16];
				const char *sp = strchr(p + 1, ' ');
				int want;

				assert_non_null(sp);
				assert_true(sp - p < (long)sizeof(tok));
				memcpy(tok, p, (size_t)(sp - p));
				tok[sp - p] = '\0';
				want = extfrag ?
				       want_extfrag(s->nr_free_blocks,
						    mi.g.nr_page_orders, o) :
				       want_unusable(s->nr_free_blocks,
						     mi.g.nr_page_orders, o);
				assert_int_equal(parse_index(tok, extfrag),
						 want);
				p = sp + 1;
			}
			assert_string_equal(p, "");
		}
	}
	assert_int_equal(li, l.n);
	lines_free(&l);
}

/* The example of kernel-spec 8.5 through __fragmentation_index(). */
static void test_fragmentation_index_values(void **state)
{
	static const unsigned long counts[11] = {
		2031, 1460, 927, 523, 304, 133, 61, 28, 12, 5, 0
	};
	struct contig_page_info info;

	(void)state;
	/*
	 * free pages = 2031 + 2*1460 + 4*927 + 8*523 + 16*304 + 32*133
	 *   + 64*61 + 128*28 + 256*12 + 512*5 = 35083 in 5484 blocks.
	 * Order 10: no block is big enough; 35083 * 1000 / 1024 = 34260;
	 * (1000 + 34260) / 5484 = 6; 1000 - 6 = 994.  Unusable at order 1:
	 * the 2031 single pages, 2031 * 1000 / 35083 = 57.
	 */
	for (unsigned order = 0; order <= 10; order++) {
		info.free_pages = 0;
		info.free_blocks_total = 0;
		info.free_blocks_suitable = 0;
		for (unsigned o = 0; o <= 10; o++) {
			info.free_pages += counts[o] << o;
			info.free_blocks_total += counts[o];
			if (o >= order)
				info.free_blocks_suitable +=
					counts[o] << (o - order);
		}
		assert_int_equal(info.free_pages, 35083);
		assert_int_equal(info.free_blocks_total, 5484);
		assert_int_equal(__fragmentation_index(order, &info),
				 order < 10 ? -1000 : 994);
	}
	/* One free order-0 page asked for order 1: 1000 - (1000 + 500) / 1
	 * = -500, between "would succeed" (-1000) and 0. */
	info = (struct contig_page_info){ 1, 1, 0 };
	assert_int_equal(__fragmentation_index(1, &info), -500);
	info = (struct contig_page_info){ 1, 1, 0 };
	assert_int_equal(__fragmentation_index(4, &info), -62);
	/* Nothing free at all: 0. */
	info = (struct contig_page_info){ 0, 0, 0 };
	assert_int_equal(__fragmentation_index(3, &info), 0);
}

/*
 * Render the spec's example: give the Normal zone of a fresh machine the
 * example's free block counts (only nr_free is read by these files), and
 * compare with the lines of kernel-spec 8.5 typed in here.
 */
static char *zone_line(const char *text, const char *zone_field)
{
	const char *p = strstr(text, zone_field);
	const char *e;

	assert_non_null(p);
	e = strchr(p, '\n');
	return strndup(p, (size_t)(e - p + 1));
}

static void render_with_counts(struct mc_machine *m, const unsigned long *c,
			       char **extfrag, char **unusable)
{
	struct zone *z = &m->node_data[0]->node_zones[ZONE_NORMAL];
	unsigned long saved[NR_PAGE_ORDERS_MAX];
	char *t;

	for (unsigned o = 0; o < m->nr_page_orders; o++) {
		saved[o] = z->free_area[o].nr_free;
		z->free_area[o].nr_free = c[o];
	}
	t = t_render(m, MC_PROC_EXTFRAG_INDEX);
	assert_non_null(t);
	*extfrag = zone_line(t, "Node 0, zone   Normal ");
	free(t);
	t = t_render(m, MC_PROC_UNUSABLE_INDEX);
	assert_non_null(t);
	*unusable = zone_line(t, "Node 0, zone   Normal ");
	free(t);
	for (unsigned o = 0; o < m->nr_page_orders; o++)
		z->free_area[o].nr_free = saved[o];
}

static void test_extfrag_spec_example(void **state)
{
	static const unsigned long example[11] = {
		2031, 1460, 927, 523, 304, 133, 61, 28, 12, 5, 0
	};
	static const unsigned long one_page[11] = { 1 };
	struct mc_machine *m = t_machine("pc:16G", 0);
	char *ext, *unu;

	(void)state;
	render_with_counts(m, example, &ext, &unu);
	assert_string_equal(ext, "Node 0, zone   Normal -1.000 -1.000 -1.000 "
			    "-1.000 -1.000 -1.000 -1.000 -1.000 -1.000 "
			    "-1.000  0.994 \n");
	assert_string_equal(unu, "Node 0, zone   Normal 0.000 0.057 0.141 "
			    "0.246 0.366 0.504 0.626 0.737 0.839 0.927 "
			    "1.000 \n");
	free(ext);
	free(unu);

	/*
	 * One free page: order 0 succeeds (-1000); order o >= 1 gives
	 * 1000 - (1000 + 1000 / 2^o) = -(1000 / 2^o): -500, -250, -125, -62,
	 * -31, -15, -7, -3, -1 and 0 at order 10.  "%2d.%03d" with C's
	 * truncating division prints the whole part 0 and a negative
	 * fraction ("%03d" of -7 is "-07").  Unusable: all of the one page
	 * is usable at order 0, none above.
	 */
	render_with_counts(m, one_page, &ext, &unu);
	assert_string_equal(ext, "Node 0, zone   Normal -1.000  0.-500 "
			    " 0.-250  0.-125  0.-62  0.-31  0.-15  0.-07 "
			    " 0.-03  0.-01  0.000 \n");
	assert_string_equal(unu, "Node 0, zone   Normal 0.000 1.000 1.000 "
			    "1.000 1.000 1.000 1.000 1.000 1.000 1.000 "
			    "1.000 \n");
	free(ext);
	free(unu);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * The pagetypeinfo cap: the kernel stops counting a free list when the
 * count reaches 100000 and marks it ">", so 99999 prints plainly and
 * 100000 or more prints ">100000" (a wider field).  Lists that long need
 * 400 MiB of single pages, so the list length is set by hand here.
 */
static void test_pagetypeinfo_cap(void **state)
{
	struct mc_machine *m = t_machine("pc:16G", 0);
	struct zone *z = &m->node_data[0]->node_zones[ZONE_NORMAL];
	unsigned long saved0 = z->free_area[0].nr_list[MIGRATE_MOVABLE];
	unsigned long saved1 = z->free_area[1].nr_list[MIGRATE_MOVABLE];
	unsigned long saved2 = z->free_area[2].nr_list[MIGRATE_MOVABLE];
	char *text;

	(void)state;
	z->free_area[0].nr_list[MIGRATE_MOVABLE] = 99999;
	z->free_area[1].nr_list[MIGRATE_MOVABLE] = 100000;
	z->free_area[2].nr_list[MIGRATE_MOVABLE] = 123456;
	text = t_render(m, MC_PROC_PAGETYPEINFO);
	z->free_area[0].nr_list[MIGRATE_MOVABLE] = saved0;
	z->free_area[1].nr_list[MIGRATE_MOVABLE] = saved1;
	z->free_area[2].nr_list[MIGRATE_MOVABLE] = saved2;
	assert_non_null(strstr(text, "Node    0, zone   Normal, type      "
				     "Movable  99999 >100000 >100000 "));
	free(text);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/* ---- the machines and their goldens ------------------------------------- */

static void check_all(struct mc_machine *m, const char *tag,
		      uint64_t memmap_boot_pages)
{
	static const char *const suffix[MC_PROC_NR_FILES] = {
		"buddyinfo", "pagetypeinfo", "zoneinfo", "vmstat",
		"extfrag_index", "unusable_index",
	};
	struct mc_geometry g;

	mc_machine_geometry(m, &g);
	for (int f = 0; f < MC_PROC_NR_FILES; f++) {
		char *text = t_render(m, (enum mc_proc_file)f);
		char name[128];

		assert_non_null(text);
		switch (f) {
		case MC_PROC_BUDDYINFO:
			check_buddyinfo(m, text);
			assert_int_equal(prometheus_buddyinfo(text),
					 g.nr_page_orders);
			break;
		case MC_PROC_PAGETYPEINFO:
			check_pagetypeinfo(m, text);
			break;
		case MC_PROC_ZONEINFO:
			check_zoneinfo(m, text);
			break;
		case MC_PROC_VMSTAT:
			check_vmstat(m, text, memmap_boot_pages);
			break;
		case MC_PROC_EXTFRAG_INDEX:
			check_index_file(m, text, true);
			break;
		case MC_PROC_UNUSABLE_INDEX:
			check_index_file(m, text, false);
			break;
		}
		snprintf(name, sizeof(name), "%s.%s", tag, suffix[f]);
		assert_true(t_golden(name, text));
		free(text);
	}
}

/*
 * pc:16G straight after boot.  RAM is [0, 3 GiB) and [4 GiB, 17 GiB):
 * 24 + 104 = 128 sections of 128 MiB with memory, each with a 2 MiB
 * (512-page) memmap: nr_memmap_boot_pages = 65536.
 */
static void test_pc16g_fresh(void **state)
{
	struct mc_machine *m = t_machine("pc:16G", 0);
	char *text;

	(void)state;
	check_all(m, "pc16g-fresh", 65536);

	/*
	 * Pageblocks by hand.  DMA spans pfns [1, 4096): steps 1, 513, ...,
	 * 3585 are 8 blocks; the first pageblock starts at the absent pfn 0
	 * and keeps MIGRATE_UNMOVABLE, the other 7 are Movable.  DMA32 steps
	 * from 0x1000 to the PCI hole at 0xc0000: (786432 - 4096) / 512 =
	 * 1528.  Normal is 13 GiB: 6656 blocks.
	 */
	text = t_render(m, MC_PROC_PAGETYPEINFO);
	assert_non_null(strstr(text,
		"\nNode 0, zone      DMA            1            7"
		"            0            0            0 \n"
		"Node 0, zone    DMA32            0         1528"
		"            0            0            0 \n"
		"Node 0, zone   Normal            0         6656"
		"            0            0            0 \n"));
	free(text);
	mc_machine_destroy(m);
}

/* A deterministic mix on two nodes and eight CPUs (4 per node). */
static uint64_t alloc_kind(struct mc_machine *m, uint32_t gfp, unsigned order,
			   int cpu, enum mc_page_kind kind)
{
	struct mc_alloc_request r = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = cpu,
		.kind = kind,
	};
	uint64_t pfn;

	assert_int_equal(mc_alloc_pages(m, &r, &pfn), 0);
	return pfn;
}

static void test_numa_mixed(void **state)
{
	struct mc_machine *m = t_machine("pc-numa:2x4G", 0);
	static uint64_t small[8][64];
	int thps = 0;
	uint64_t anon = 0, file = 0;

	(void)state;
	for (int cpu = 0; cpu < 8; cpu++) {
		for (int i = 0; i < 64; i++)
			small[cpu][i] = t_alloc(m, MC_GFP_KERNEL, 0, cpu);
		for (int i = 0; i < 32; i++) {
			alloc_kind(m, MC_GFP_HIGHUSER_MOVABLE, 0, cpu,
				   MC_PAGE_ANON);
			anon++;
		}
		for (int i = 0; i < 8; i++)
			alloc_kind(m, MC_GFP_KERNEL | MC_GFP_RECLAIMABLE, 2,
				   cpu, MC_PAGE_SLAB_RECLAIMABLE);
		for (int i = 0; i < 4; i++) {
			/* a 32K anon folio: compound, not a THP */
			alloc_kind(m, MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP,
				   3, cpu, MC_PAGE_ANON);
			anon += 8;
		}
		for (int i = 0; i < 16; i++) {
			uint64_t pfn = alloc_kind(m, MC_GFP_HIGHUSER_MOVABLE,
						  0, cpu, MC_PAGE_FILE);

			if (i % 4 == 0)
				assert_int_equal(mc_page_set_flags(m, pfn,
						MC_PF_DIRTY, 0), 0);
			file++;
		}
		if (cpu % 2 == 0) {
			uint64_t pfn = alloc_kind(m, MC_GFP_TRANSHUGE, 9, cpu,
						  MC_PAGE_ANON);
			struct mc_page_info info;

			assert_int_equal(mc_page_info(m, pfn, &info), 0);
			assert_true(info.compound);
			thps++;
			anon += 512;
		}
		alloc_kind(m, MC_GFP_KERNEL, 4, cpu, MC_PAGE_SLAB);
		for (int i = 0; i < 64; i += 2) {
			assert_true(small[cpu][i] != UINT64_MAX);
			assert_int_equal(mc_free_pages(m, small[cpu][i], 0,
						       cpu), 0);
		}
	}
	assert_int_equal(t_check(m), 0);

	/* THP counters in THP units, the rest in pages. */
	assert_int_equal(vmget(m, "nr_anon_transparent_hugepages"), thps);
	assert_int_equal(vmget(m, "nr_anon_pages"), anon);
	assert_int_equal(vmget(m, "nr_file_pages"), file);
	assert_int_equal(vmget(m, "nr_dirty"), 8 * 4);
	assert_int_equal(vmget(m, "nr_slab_reclaimable"), 8 * 8 * 4);
	assert_int_equal(vmget(m, "nr_slab_unreclaimable"), 8 * 16);

	/*
	 * Node 0 is pc:4G: [0, 3 GiB) and [4 GiB, 5 GiB), 24 + 8 sections;
	 * node 1 is [5 GiB, 9 GiB), 32 sections: 64 * 512 = 32768.
	 */
	check_all(m, "numa2x4g-mixed", 32768);
	mc_machine_destroy(m);
}

static int pfn_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * pc:512M fragmented by hand: take every page the allocator will give
 * (__GFP_MEMALLOC ignores the watermarks, GFP_ATOMIC never sleeps), then
 * free every other one in address order, so that what is free is mostly
 * single pages with allocated buddies.  The extfrag indices are then
 * between 0 and 1 instead of -1.000.  RAM [0, 512 MiB) is 4 sections:
 * nr_memmap_boot_pages = 2048.
 */
static void test_pc512m_fragmented(void **state)
{
	struct mc_machine *m = t_machine("pc:512M", 0);
	uint32_t gfp = MC_GFP_ATOMIC | MC_GFP_MEMALLOC | MC_GFP_NOWARN;
	size_t n = 0, cap = 1 << 18;
	uint64_t *pfns = malloc(cap * sizeof(*pfns));
	struct mc_zone_stats s;

	(void)state;
	assert_non_null(pfns);
	for (;;) {
		uint64_t pfn = t_alloc(m, gfp, 0, (int)(n % 4));

		if (pfn == UINT64_MAX)
			break;
		assert_true(n < cap);
		pfns[n++] = pfn;
	}
	qsort(pfns, n, sizeof(*pfns), pfn_cmp);
	for (size_t i = 0; i < n; i += 2)
		assert_int_equal(mc_free_pages(m, pfns[i], 0, (int)(i % 4)), 0);
	mc_drain_all_pages(m);
	free(pfns);
	assert_int_equal(t_check(m), 0);
	/* Mostly single pages now, and no free order-10 block in DMA32. */
	assert_int_equal(mc_zone_stats(m, 0, MC_ZONE_DMA32, &s), 0);
	assert_true(s.nr_free_blocks[0] > s.nr_free / 2);
	assert_int_equal(s.nr_free_blocks[10], 0);
	check_all(m, "pc512m-fragmented", 2048);
	mc_machine_destroy(m);
}

/*
 * mc_zone_fragmentation() and mc_node_stats() on the fragmented pc:512M
 * machine, against the formulas worked from the free block counts here:
 * fragmentation index 1000 - (1000 + free * 1000 / 2^o) / blocks when no
 * block of order o is free (else -1000, and 0 with nothing free); unusable
 * (free - suitable * 2^o) * 1000 / free; the node score sums each zone's
 * present * extfrag(order 9) / (node present + 1), extfrag being the
 * unusable share in percent.  Then kswapd: a failing order-9 request
 * wakes it for order 9, and after a few seconds it sleeps again.
 */
static void test_fragmentation_api(void **state)
{
	struct mc_machine *m = t_machine("pc:512M", 0);
	uint32_t gfp = MC_GFP_ATOMIC | MC_GFP_MEMALLOC | MC_GFP_NOWARN;
	size_t n = 0, cap = 1 << 18;
	uint64_t *pfns = malloc(cap * sizeof(*pfns));
	uint64_t node_present = 0, score = 0, pfn;
	struct mc_node_stats ns;
	struct mc_zone_stats s;
	int idx, unu;

	(void)state;
	assert_non_null(pfns);
	assert_int_equal(mc_advance(m, 1000000000ull), 0);
	assert_int_equal(mc_node_stats(m, 0, &ns), 0);
	assert_true(ns.kcompactd_sleeping);
	assert_true(ns.kswapd_sleeping);
	for (;;) {
		pfn = t_alloc(m, gfp, 0, (int)(n % 4));
		if (pfn == UINT64_MAX)
			break;
		assert_true(n < cap);
		pfns[n++] = pfn;
	}
	qsort(pfns, n, sizeof(*pfns), pfn_cmp);
	for (size_t i = 0; i < n; i += 2)
		assert_int_equal(mc_free_pages(m, pfns[i], 0, (int)(i % 4)), 0);
	mc_drain_all_pages(m);
	free(pfns);

	for (int zt = MC_ZONE_DMA; zt <= MC_ZONE_NORMAL; zt++) {
		assert_int_equal(mc_zone_stats(m, 0, zt, &s), 0);
		node_present += s.present;
	}
	for (int zt = MC_ZONE_DMA; zt <= MC_ZONE_NORMAL; zt++) {
		assert_int_equal(mc_zone_stats(m, 0, zt, &s), 0);
		for (unsigned o = 0; o <= 10; o++) {
			uint64_t free_pages = 0, blocks = 0, suitable = 0;
			int want_idx, want_unu;

			for (unsigned k = 0; k <= 10; k++) {
				free_pages += s.nr_free_blocks[k] << k;
				blocks += s.nr_free_blocks[k];
				if (k >= o)
					suitable += s.nr_free_blocks[k]
						    << (k - o);
			}
			if (!blocks)
				want_idx = 0;
			else if (suitable)
				want_idx = -1000;
			else
				want_idx = (int)(1000 - (1000 + free_pages *
						 1000 / (1u << o)) / blocks);
			want_unu = free_pages ? (int)((free_pages -
					(suitable << o)) * 1000 / free_pages) :
					1000;
			assert_int_equal(mc_zone_fragmentation(m, 0, zt, o,
						&idx, &unu), 0);
			assert_int_equal(idx, want_idx);
			assert_int_equal(unu, want_unu);
			if (o == 9 && s.populated && free_pages)
				score += s.present * ((free_pages -
					(suitable << 9)) * 100 / free_pages) /
					(node_present + 1);
		}
	}
	/* DMA32 has only single pages and a few blocks left: > 90 */
	assert_int_equal(mc_node_stats(m, 0, &ns), 0);
	assert_int_equal(ns.present, node_present);
	assert_int_equal(ns.fragmentation_score, score);
	assert_true(score > 90);
	assert_int_equal(ns.score_wmark_low, 80);
	assert_int_equal(ns.score_wmark_high, 90);
	assert_int_equal(mc_sysctl_write(m, "vm.compaction_proactiveness",
					 "98", 2), 0);
	assert_int_equal(mc_node_stats(m, 0, &ns), 0);
	assert_int_equal(ns.score_wmark_low, 5);	/* max(100 - 98, 5) */
	assert_int_equal(ns.score_wmark_high, 15);
	assert_int_equal(mc_sysctl_write(m, "vm.compaction_proactiveness",
					 "20", 2), 0);

	/* a THP-like request that cannot be met wakes kswapd for order 9 */
	pfn = t_alloc(m, MC_GFP_TRANSHUGE_LIGHT | MC_GFP_KSWAPD_RECLAIM, 9, 0);
	assert_int_equal(pfn, UINT64_MAX);
	assert_int_equal(mc_node_stats(m, 0, &ns), 0);
	assert_false(ns.kswapd_sleeping);
	assert_int_equal(ns.kswapd_order, 9);
	assert_int_equal(mc_advance(m, 5000000000ull), 0);
	assert_int_equal(mc_node_stats(m, 0, &ns), 0);
	assert_true(ns.kswapd_sleeping);

	assert_int_equal(mc_zone_fragmentation(m, 1, MC_ZONE_DMA32, 0, &idx,
					       NULL), -EINVAL);
	assert_int_equal(mc_zone_fragmentation(m, 0, MC_ZONE_DMA32, 11, NULL,
					       &unu), -EINVAL);
	assert_int_equal(mc_node_stats(m, 1, &ns), -EINVAL);
	assert_int_equal(mc_node_stats(m, 0, NULL), -EINVAL);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

/*
 * arm64 with 64K pages: MAX_PAGE_ORDER 13 (14 columns), pageblock order
 * 13 (512 MiB).  RAM [1 GiB, 9 GiB) is 16 sections of 512 MiB, each with
 * 8192 * 64 bytes = 512 KiB = 8 pages of memmap: 128.
 */
static void test_arm64_64k(void **state)
{
	struct mc_machine *m = t_machine("arm64-64k:8G", 0);
	struct mc_geometry g;
	char *text;

	(void)state;
	mc_machine_geometry(m, &g);
	assert_int_equal(g.nr_page_orders, 14);
	text = t_render(m, MC_PROC_BUDDYINFO);
	assert_int_equal(prometheus_buddyinfo(text), 14);
	free(text);
	for (int cpu = 0; cpu < 4; cpu++) {
		assert_true(t_alloc(m, MC_GFP_KERNEL, 0, cpu) != UINT64_MAX);
		alloc_kind(m, MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP, 1, cpu,
			   MC_PAGE_ANON);
	}
	check_all(m, "arm64-64k-8g", 128);
	mc_machine_destroy(m);
}

/* With CONFIG_CMA: a CMA row and column, and the two CMA events. */
static void test_cma_machine(void **state)
{
	struct mc_machine_desc d;
	struct mc_error err = { 0 };
	struct mc_machine *m, *plain;
	uint64_t v;
	char *text;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(mc_desc_preset("pc:2G", &d, &err), 0);
	d.cma = true;
	m = t_machine_desc(&d, 0);
	text = t_render(m, MC_PROC_PAGETYPEINFO);
	check_pagetypeinfo(m, text);
	assert_non_null(strstr(text, "Node    0, zone    DMA32, type          "
				     "CMA "));
	assert_non_null(strstr(text, "Number of blocks type     Unmovable "
				     "     Movable  Reclaimable   HighAtomic "
				     "         CMA      Isolate \n"));
	free(text);
	text = t_render(m, MC_PROC_VMSTAT);
	/* pc:2G: RAM [0, 2 GiB) is 16 sections. */
	check_vmstat(m, text, 16 * 512);
	assert_non_null(strstr(text, "htlb_buddy_alloc_fail 0\n"
				     "cma_alloc_success 0\ncma_alloc_fail 0\n"
				     "unevictable_pgs_culled 0\n"));
	free(text);
	assert_int_equal(mc_vmstat_get(m, "cma_alloc_fail", &v), 0);
	assert_int_equal(v, 0);

	plain = t_machine("pc:2G", 0);
	assert_int_equal(mc_vmstat_get(plain, "cma_alloc_fail", &v), -ENOENT);
	assert_int_equal(mc_vmstat_get(plain, "cma_alloc_success", &v),
			 -ENOENT);
	text = t_render(plain, MC_PROC_VMSTAT);
	assert_null(strstr(text, "cma_alloc"));
	free(text);
	mc_machine_destroy(plain);
	mc_machine_destroy(m);
}

/*
 * A node with CPUs but no memory: nothing in buddyinfo, pagetypeinfo,
 * extfrag files; all five zones in zoneinfo, with no per-node stats.
 */
static void test_memoryless_node(void **state)
{
	struct mc_machine_desc d;
	struct mc_error err = { 0 };
	struct mc_machine *m;
	char *text;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(mc_desc_preset("pc-numa:2x2G", &d, &err), 0);
	memset(&d.nodes[1], 0, sizeof(d.nodes[1]));
	if (mc_desc_validate(&d, &err)) {
		/* The description layer does not allow it: nothing to show. */
		skip();
		return;
	}
	m = t_machine_desc(&d, 0);
	for (int f = 0; f < MC_PROC_NR_FILES; f++) {
		text = t_render(m, (enum mc_proc_file)f);
		assert_non_null(text);
		if (f != MC_PROC_ZONEINFO && f != MC_PROC_VMSTAT)
			assert_null(strstr(text, "Node 1"));
		free(text);
	}
	text = t_render(m, MC_PROC_ZONEINFO);
	check_zoneinfo(m, text);
	assert_non_null(strstr(text, "Node 1, zone      DMA\n  pages free"));
	assert_non_null(strstr(text, "Node 1, zone   Device\n"));
	free(text);
	text = t_render(m, MC_PROC_PAGETYPEINFO);
	check_pagetypeinfo(m, text);
	free(text);
	text = t_render(m, MC_PROC_UNUSABLE_INDEX);
	check_index_file(m, text, false);
	free(text);
	mc_machine_destroy(m);
}

/* ---- arguments and names ------------------------------------------------- */

static void sink(void *ctx, const char *buf, size_t len)
{
	(*(int *)ctx)++;
	(void)buf;
	(void)len;
}

static void test_api_errors(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	int calls = 0;
	uint64_t v = 42;

	(void)state;
	assert_int_equal(mc_proc_render(NULL, MC_PROC_VMSTAT, sink, &calls),
			 -EINVAL);
	assert_int_equal(mc_proc_render(m, MC_PROC_VMSTAT, NULL, &calls),
			 -EINVAL);
	assert_int_equal(mc_proc_render(m, MC_PROC_NR_FILES, sink, &calls),
			 -EINVAL);
	assert_int_equal(mc_proc_render(m, (enum mc_proc_file)-1, sink,
					&calls), -EINVAL);
	assert_int_equal(calls, 0);
	/* The whole file in one call. */
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		assert_int_equal(mc_proc_render(m, (enum mc_proc_file)f, sink,
						&calls), 0);
	assert_int_equal(calls, MC_PROC_NR_FILES);

	assert_string_equal(mc_proc_name(MC_PROC_BUDDYINFO), "buddyinfo");
	assert_string_equal(mc_proc_name(MC_PROC_PAGETYPEINFO), "pagetypeinfo");
	assert_string_equal(mc_proc_name(MC_PROC_ZONEINFO), "zoneinfo");
	assert_string_equal(mc_proc_name(MC_PROC_VMSTAT), "vmstat");
	assert_string_equal(mc_proc_name(MC_PROC_EXTFRAG_INDEX),
			    "extfrag/extfrag_index");
	assert_string_equal(mc_proc_name(MC_PROC_UNUSABLE_INDEX),
			    "extfrag/unusable_index");
	assert_null(mc_proc_name(MC_PROC_NR_FILES));

	assert_int_equal(mc_vmstat_get(NULL, "pgfree", &v), -EINVAL);
	assert_int_equal(mc_vmstat_get(m, NULL, &v), -EINVAL);
	assert_int_equal(mc_vmstat_get(m, "pgfree", NULL), -EINVAL);
	assert_int_equal(mc_vmstat_get(m, "no_such_counter", &v), -ENOENT);
	assert_int_equal(mc_vmstat_get(m, "nr_free", &v), -ENOENT);
	assert_int_equal(mc_vmstat_get(m, "", &v), -ENOENT);
	assert_int_equal(v, 42);
	assert_int_equal(mc_vmstat_get(m, "nr_unstable", &v), 0);
	assert_int_equal(v, 0);
	mc_machine_destroy(m);
}

/* ---- the real machine's files ------------------------------------------- */

/*
 * tests/data/real/ holds this VM's /proc/buddyinfo, the first 60 lines of
 * its /proc/zoneinfo and its /proc/vmstat; tests/data/real/uname-r names
 * its kernel (6.18, not 6.12).  We compare structure only, and only where
 * the two kernels agree; the differences are listed and asserted so that
 * they stay documented.
 */
static char *real_file(const char *name)
{
	char rel[128];
	char *text;

	snprintf(rel, sizeof(rel), "tests/data/real/%s", name);
	text = t_read_source_file(rel, NULL);
	if (!text)
		fail_msg("cannot read %s (MC_SOURCE_DIR set?)", rel);
	return text;
}

/* Same line layout as ours: fixed widths, 11 buckets on x86_64. */
static void test_real_buddyinfo(void **state)
{
	char *text = real_file("buddyinfo");
	struct lines l;

	(void)state;
	assert_int_equal(prometheus_buddyinfo(text), 11);
	lines_split(&l, text);
	assert_true(l.n >= 1);
	for (size_t i = 0; i < l.n; i++) {
		char tok[32];
		const char *p = lit(l.v[i], "Node ");

		p = rjust(p, 1, tok, sizeof(tok));
		p = lit(p, ", zone ");
		p = rjust(p, 8, tok, sizeof(tok));
		zone_by_name(tok);
		p = lit(p, " ");
		for (int o = 0; o < 11; o++) {
			p = rjust(p, 6, tok, sizeof(tok));
			num(tok);
			p = lit(p, " ");
		}
		assert_string_equal(p, "");
	}
	lines_free(&l);
	free(text);
}

static bool in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* Names of @a absent from @b, joined with spaces into @out. */
static void missing(const char *const *a, size_t na, const char *const *b,
		    size_t nb, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < na; i++)
		if (!in_list(b, nb, a[i])) {
			if (out[0])
				strncat(out, " ", len - strlen(out) - 1);
			strncat(out, a[i], len - strlen(out) - 1);
		}
}

/* The names common to both lists appear in the same relative order. */
static void same_relative_order(const char *const *a, size_t na,
				const char *const *b, size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na && j < nb) {
		if (!in_list(b, nb, a[i])) {
			i++;
			continue;
		}
		if (!in_list(a, na, b[j])) {
			j++;
			continue;
		}
		if (strcmp(a[i], b[j]))
			fail_msg("order differs: %s vs %s", a[i], b[j]);
		i++;
		j++;
	}
}

/*
 * The real zoneinfo's head: zone header, the per-node block and the
 * watermark block have our layouts.  6.18 differs from 6.12 in the node
 * counters (nr_writeback_temp gone; pgpromote_candidate_nrl,
 * pgdemote_proactive, nr_hugetlb, nr_balloon_pages, nr_kernel_file_pages
 * added) and in the zone counters (nr_free_pages_blocks added after
 * nr_free_pages; nr_bounce gone; no nr_unaccepted in that VM's config).
 */
static void test_real_zoneinfo(void **state)
{
	static const char *const real_only_node =
		"pgpromote_candidate_nrl pgdemote_proactive nr_hugetlb "
		"nr_balloon_pages nr_kernel_file_pages";
	static const char *const labels[] = {
		"  pages free     ", "        boost    ", "        min      ",
		"        low      ", "        high     ", "        promo    ",
		"        spanned  ", "        present  ", "        managed  ",
		"        cma      ",
	};
	char *text = real_file("zoneinfo");
	const char *node[80];
	char diff[512];
	struct lines l;
	size_t li = 0, nn = 0;
	const char *p;

	(void)state;
	lines_split(&l, text);
	assert_int_equal(l.n, 60);
	p = node_zone_prefix(next_line(&l, &li), 0, MC_ZONE_DMA);
	assert_string_equal(p, "");
	assert_string_equal(next_line(&l, &li), "  per-node stats");
	while (strncmp(l.v[li], "  pages free", 12)) {
		char tok[64];

		p = lit(next_line(&l, &li), "      ");
		p = ljust(p, 12, tok, sizeof(tok));
		num_to_eol(p);
		node[nn++] = strdup(tok);
	}
	same_relative_order(names_node, 47, node, nn);
	missing(names_node, 47, node, nn, diff, sizeof(diff));
	assert_string_equal(diff, "nr_writeback_temp");
	missing(node, nn, names_node, 47, diff, sizeof(diff));
	assert_string_equal(diff, real_only_node);
	/* The first 60 lines stop inside the watermark block. */
	for (size_t i = 0; li < l.n; i++) {
		assert_true(i < sizeof(labels) / sizeof(labels[0]));
		labelled(next_line(&l, &li), labels[i]);
	}
	for (size_t i = 0; i < nn; i++)
		free((void *)node[i]);
	lines_free(&l);
	free(text);
}

/*
 * The real /proc/vmstat: every line "name value", "nr_unstable 0" last,
 * and the names both kernels have in the same order.  6.12 has nr_bounce,
 * nr_writeback_temp (both removed later) and nr_unaccepted (that VM's
 * config lacks UNACCEPTED_MEMORY); 6.18 adds nr_free_pages_blocks,
 * pgpromote_candidate_nrl, pgdemote_proactive, nr_hugetlb,
 * nr_balloon_pages, nr_kernel_file_pages, pgsteal_proactive,
 * pgscan_proactive and direct_map_level{2,3}_collapses.
 */
static void test_real_vmstat(void **state)
{
	char *text = real_file("vmstat");
	const char *ours[NAMES_MAX], *real[NAMES_MAX];
	char diff[1024];
	struct lines l;
	size_t no, nr = 0;

	(void)state;
	no = expected_names(false, ours);
	lines_split(&l, text);
	for (size_t i = 0; i < l.n; i++) {
		char *sp = strchr(l.v[i], ' ');

		assert_non_null(sp);
		*sp = '\0';
		num_to_eol(sp + 1);
		assert_true(nr < NAMES_MAX);
		real[nr++] = l.v[i];
	}
	assert_string_equal(real[nr - 1], "nr_unstable");
	same_relative_order(ours, no, real, nr);
	missing(ours, no, real, nr, diff, sizeof(diff));
	assert_string_equal(diff, "nr_bounce nr_unaccepted nr_writeback_temp");
	missing(real, nr, ours, no, diff, sizeof(diff));
	assert_string_equal(diff, "nr_free_pages_blocks "
			    "pgpromote_candidate_nrl pgdemote_proactive "
			    "nr_hugetlb nr_balloon_pages nr_kernel_file_pages "
			    "pgsteal_proactive pgscan_proactive "
			    "direct_map_level2_collapses "
			    "direct_map_level3_collapses");
	lines_free(&l);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmstat_name_counts),
		cmocka_unit_test(test_stat_threshold_formula),
		cmocka_unit_test(test_fragmentation_index_values),
		cmocka_unit_test(test_extfrag_spec_example),
		cmocka_unit_test(test_pagetypeinfo_cap),
		cmocka_unit_test(test_pc16g_fresh),
		cmocka_unit_test(test_numa_mixed),
		cmocka_unit_test(test_pc512m_fragmented),
		cmocka_unit_test(test_fragmentation_api),
		cmocka_unit_test(test_arm64_64k),
		cmocka_unit_test(test_cma_machine),
		cmocka_unit_test(test_memoryless_node),
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_real_buddyinfo),
		cmocka_unit_test(test_real_zoneinfo),
		cmocka_unit_test(test_real_vmstat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
