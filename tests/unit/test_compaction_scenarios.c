// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_compaction_scenarios.c - manual compaction on hand-made layouts,
 * with every number worked out from the 6.12 algorithm on paper.
 *
 * The expectations below were derived from mm/compaction.c, mm/migrate.c
 * and mm/page_alloc.c of Linux 6.12.117 (and kernel-spec sections 4, 5,
 * 7 and 10.1), never by running the library and copying its output.  The
 * rules the hand traces rely on, in the order they matter:
 *
 *  - vm.compact_memory runs compact_node() with order -1, MIGRATE_SYNC,
 *    whole_zone and ignore_skip_hint, on the writing CPU (CPU 0).  For
 *    order -1 __compact_finished() only stops when the scanners meet
 *    (free_pfn >> pageblock_order <= migrate_pfn >> pageblock_order),
 *    and fast_find_migrateblock/fast_isolate_freepages do nothing.
 *  - isolate_migratepages() handles one pageblock per call and never
 *    enters the pageblock that holds cc->free_pfn (block_end <= free_pfn).
 *    isolate_migratepages_block() counts a free buddy of order k as 2^k
 *    scanned pfns (it jumps over it), isolates LRU pages onto the HEAD of
 *    cc->migratepages and stops after 32 (COMPACT_CLUSTER_MAX) unless
 *    cc->finish_pageblock is set.  finish_pageblock is set for an
 *    iteration that starts in the pageblock we last migrated from: that
 *    call scans (and isolates) the whole rest of the block.
 *  - The free scanner starts at the last pageblock and moves down one
 *    block at a time with stride 1 (sync); it stops at the end of the
 *    migration scanner's block (pageblock_end_pfn(migrate_pfn), which for
 *    an aligned pfn is pfn + 512).  It skips a block whose first page is
 *    a free buddy of order >= pageblock_order (suitable_migration_target:
 *    compaction never breaks up a free pageblock).  Each free buddy is
 *    isolated whole onto freepages[order]; it stops once nr_freepages >=
 *    nr_migratepages.  A block scanned to its end gets its skip bit set
 *    (update_pageblock_skip is not gated by ignore_skip_hint).
 *  - compaction_alloc() takes the FIRST page of the smallest non-empty
 *    freepages[] list and splits larger ones, putting each upper half at
 *    the HEAD of its list: splitting one free block therefore hands out
 *    its pages in ascending pfn order.  It calls isolate_freepages() only
 *    when every list is empty; if that finds nothing it returns NULL and
 *    migrate_pages() fails the folio with -ENOMEM.
 *  - migrate_pages() walks the list from its head, i.e. highest pfn
 *    first.  A migrated source page is freed through free_unref_page():
 *    order 0 goes to the CPU's per-cpu list, not to the buddy.
 *    compact_zone() drains this CPU's pcp lists only when cc->order > 0,
 *    so after manual compaction the freed sources sit on the pcp list
 *    until mc_drain_all_pages() (or a pcp high-watermark overflow).
 *  - At the end release_free_list() frees the unused isolated pages with
 *    __free_pages(): orders 0..3 to the pcp lists, larger to the buddy.
 *
 * The free scanner's stride doubles (up to 32) after every block that
 * gave nothing, also in sync mode; a block that gave something resets it
 * to 1.
 *
 * The scenarios: (a) an 8-pageblock zone traced pfn by pfn (every trace
 * event, counter, skip bit, target pfn and buddyinfo before and after the
 * pcp drain), the same zone laid out so that the free scanner runs dry,
 * a 4-pageblock zone with mobility grouping off, and a 1 GiB zone with 3
 * of every 4 pages free; (b) the 1 GiB zone with an unmovable page in
 * every pageblock; (c) tools/testing/selftests/mm/compaction_test.c on
 * pc:4G, with compact_unevictable_allowed 1 and 0.
 *
 * Every trace line the runs emit is checked with trace_check_line()
 * (MC_SCEN_DEBUG=1 prints them).  Machines: hand-made descriptions (one
 * node, one CPU, one ZONE_NORMAL); the selftest reproduction uses the
 * pc:4G preset.  With MC_TEST_SCALE=small (the sanitizer run) the 1 GiB
 * zones become 256 MiB and pc:4G becomes pc:1G; the expectations are
 * derived for both sizes.
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
#include "trace_check.h"

#define PBN		512UL		/* pageblock_nr_pages (x86_64, 4K) */
#define Z		0x10000UL	/* the small zones' start */
#define PB(i)		(Z + (i) * PBN)	/* pageblock i of a small zone */
#define BIG_BASE	0x100000UL	/* 4 GiB: order-10 aligned */

static bool small_scale(void)
{
	const char *s = getenv("MC_TEST_SCALE");

	return s && !strcmp(s, "small");
}

/* ---- machines ------------------------------------------------------------ */

/* One node, one CPU, one ZONE_NORMAL of @pages pages at @start, no holes,
 * nothing reserved. */
static struct mc_machine *one_zone(const char *name, uint64_t start,
				   uint64_t pages)
{
	struct mc_machine_desc d;

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "%s", name);
	strcpy(d.arch, "x86_64");
	d.page_shift = 12;
	d.nr_nodes = 1;
	d.nr_cpus = 1;
	d.nodes[0].zones[MC_ZONE_NORMAL].start_pfn = start;
	d.nodes[0].zones[MC_ZONE_NORMAL].spanned = pages;
	d.nodes[0].zones[MC_ZONE_NORMAL].present = pages;
	d.nodes[0].zones[MC_ZONE_NORMAL].managed = pages;
	return t_machine_desc(&d, 0);
}

static uint64_t vmstat(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	assert_int_equal(mc_vmstat_get(m, name, &v), 0);
	return v;
}

/* The compaction counters, for before/after deltas. */
struct cnt {
	uint64_t succ, fail, iso, mscan, fscan;
};

static struct cnt counters(struct mc_machine *m)
{
	struct cnt c = {
		.succ = vmstat(m, "pgmigrate_success"),
		.fail = vmstat(m, "pgmigrate_fail"),
		.iso = vmstat(m, "compact_isolated"),
		.mscan = vmstat(m, "compact_migrate_scanned"),
		.fscan = vmstat(m, "compact_free_scanned"),
	};

	return c;
}

static struct cnt cnt_sub(struct cnt a, struct cnt b)
{
	struct cnt d = {
		a.succ - b.succ, a.fail - b.fail, a.iso - b.iso,
		a.mscan - b.mscan, a.fscan - b.fscan,
	};

	return d;
}

static struct mc_zone_stats zstats(struct mc_machine *m, enum mc_zone_type z)
{
	struct mc_zone_stats s;

	assert_int_equal(mc_zone_stats(m, 0, z, &s), 0);
	return s;
}

static void compact_memory(struct mc_machine *m)
{
	assert_int_equal(mc_sysctl_write(m, "vm.compact_memory", "1", 1), 0);
}

/* ---- trace capture ------------------------------------------------------ */

#define TLOG_MAX 256

struct tlog {
	struct mc_machine *m;
	unsigned long lines, bad;
	unsigned long per_event[MC_TRACE_NR_EVENTS];
	unsigned long page_free_order[16];
	/* The compaction and migrate events, in order (small runs only). */
	bool keep;
	size_t n;
	struct {
		enum mc_trace_id id;
		char text[160];
	} ev[TLOG_MAX];
};

static void tlog_cb(void *ctx, const struct mc_trace_event *ev)
{
	struct tlog *l = ctx;
	char line[512], why[256];
	const char *name = mc_trace_event_name(ev->id);
	const char *p;
	int len = mc_trace_format(l->m, ev, 0, line, sizeof(line));

	l->lines++;
	l->per_event[ev->id]++;
	if (len <= 0 || trace_check_line(line, why, sizeof(why))) {
		if (l->bad++ < 5)
			fprintf(stderr, "bad trace line: %s(%s)\n", line, why);
		return;
	}
	if (ev->id == MC_TRACE_mm_page_free && ev->args[1] >= 0 &&
	    ev->args[1] < 16)
		l->page_free_order[ev->args[1]]++;
	if (getenv("MC_SCEN_DEBUG"))
		fprintf(stderr, "%s", line);
	if (!l->keep || l->n >= TLOG_MAX)
		return;
	if (strcmp(mc_trace_event_system(ev->id), "compaction") &&
	    strcmp(mc_trace_event_system(ev->id), "migrate"))
		return;
	/* Keep the payload: what follows "<event>: ". */
	p = strstr(line, name);
	assert_non_null(p);
	p += strlen(name) + 2;
	l->ev[l->n].id = ev->id;
	snprintf(l->ev[l->n].text, sizeof(l->ev[l->n].text), "%.*s",
		 (int)strcspn(p, "\n"), p);
	l->n++;
}

static void tlog_start(struct mc_machine *m, struct tlog *l, bool keep,
		       bool page_free)
{
	memset(l, 0, sizeof(*l));
	l->m = m;
	l->keep = keep;
	assert_true(mc_trace_enable(m, "compaction:*", true) > 0);
	assert_true(mc_trace_enable(m, "migrate:*", true) > 0);
	if (page_free)
		assert_true(mc_trace_enable(m, "kmem:mm_page_free", true) > 0);
	mc_trace_set_callback(m, tlog_cb, l);
}

static void tlog_stop(struct mc_machine *m, struct tlog *l)
{
	mc_trace_set_callback(m, NULL, NULL);
	mc_trace_enable(m, "*", false);
	assert_int_equal(l->bad, 0);
}

struct tev {
	enum mc_trace_id id;
	const char *text;
};

static void tlog_expect(const struct tlog *l, const struct tev *want,
			size_t nwant)
{
	size_t i;

	for (i = 0; i < l->n && i < nwant; i++) {
		if (l->ev[i].id != want[i].id ||
		    strcmp(l->ev[i].text, want[i].text)) {
			fprintf(stderr, "trace event %zu:\n want %s: %s\n"
				" got  %s: %s\n", i,
				mc_trace_event_name(want[i].id), want[i].text,
				mc_trace_event_name(l->ev[i].id),
				l->ev[i].text);
			fail();
		}
	}
	if (l->n != nwant) {
		fprintf(stderr, "trace: %zu compaction/migrate events, "
			"expected %zu\n", l->n, nwant);
		fail();
	}
}

/* ---- building layouts --------------------------------------------------- */

/*
 * Allocate every page of the machine as an order-0 ANON page with
 * GFP_HIGHUSER_MOVABLE on CPU 0, each page's cookie being its own pfn (so
 * that after migration a page tells where it came from).  The allocator
 * refuses once NR_FREE_PAGES reaches the min watermark (and, the refill
 * batch having been taken from the buddy first, leaves that batch on the
 * pcp list: get_page_from_freelist checks the watermark before looking at
 * the pcp list); the rest is taken with __GFP_MEMALLOC
 * (ALLOC_NO_WATERMARKS), which also empties the pcp list.  Returns the
 * number of pages the plain GFP_HIGHUSER_MOVABLE allocations got.
 */
static uint64_t fill_all(struct mc_machine *m, uint64_t npages)
{
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE, .nid = -1, .cpu = 0,
		.kind = MC_PAGE_ANON,
	};
	uint64_t plain = 0, pfn, n = 0;
	struct mc_zone_stats s;

	while (mc_alloc_pages(m, &rq, &pfn) == 0) {
		assert_int_equal(mc_page_set_cookie(m, pfn, (uint32_t)pfn), 0);
		plain++;
	}
	rq.gfp |= MC_GFP_MEMALLOC;
	while (mc_alloc_pages(m, &rq, &pfn) == 0)
		assert_int_equal(mc_page_set_cookie(m, pfn, (uint32_t)pfn), 0);
	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.nr_free, 0);
	assert_int_equal(s.pcp_pages, 0);
	for (pfn = s.start_pfn; pfn < s.start_pfn + s.spanned; pfn++) {
		struct mc_page_info pi;

		assert_int_equal(mc_page_info(m, pfn, &pi), 0);
		n += pi.state == MC_PS_ALLOCATED && pi.kind == MC_PAGE_ANON;
	}
	assert_int_equal(n, npages);
	return plain;
}

/* Free the ANON page at @pfn (order 0) on CPU 0. */
static void free_anon(struct mc_machine *m, uint64_t pfn)
{
	assert_int_equal(mc_free_pages(m, pfn, 0, 0), 0);
}

static void free_range(struct mc_machine *m, uint64_t lo, uint64_t hi)
{
	for (uint64_t pfn = lo; pfn < hi; pfn++)
		free_anon(m, pfn);
}

/* Free every ANON page of [lo, hi) whose pfn is not a multiple of @keep. */
static void free_keep_every(struct mc_machine *m, uint64_t lo, uint64_t hi,
			    uint64_t keep)
{
	for (uint64_t pfn = lo; pfn < hi; pfn++) {
		struct mc_page_info pi;

		if (pfn % keep == 0)
			continue;
		assert_int_equal(mc_page_info(m, pfn, &pi), 0);
		if (pi.state == MC_PS_ALLOCATED && pi.kind == MC_PAGE_ANON)
			free_anon(m, pfn);
	}
}

static void expect_buddyinfo(struct mc_machine *m, const char *when,
			     const uint64_t want[11])
{
	struct mc_zone_stats s = zstats(m, MC_ZONE_NORMAL);
	bool ok = true;

	for (int o = 0; o <= 10; o++)
		ok &= s.nr_free_blocks[o] == want[o];
	if (!ok) {
		fprintf(stderr, "%s: buddyinfo\n want", when);
		for (int o = 0; o <= 10; o++)
			fprintf(stderr, " %llu", (unsigned long long)want[o]);
		fprintf(stderr, "\n got ");
		for (int o = 0; o <= 10; o++)
			fprintf(stderr, " %llu",
				(unsigned long long)s.nr_free_blocks[o]);
		fprintf(stderr, "\n");
		fail();
	}
}

static struct mc_page_info page_info(struct mc_machine *m, uint64_t pfn)
{
	struct mc_page_info pi;

	assert_int_equal(mc_page_info(m, pfn, &pi), 0);
	return pi;
}

/* The ANON page at @pfn came from @src (its cookie). */
static void expect_anon_from(struct mc_machine *m, uint64_t pfn, uint64_t src)
{
	struct mc_page_info pi = page_info(m, pfn);

	if (pi.state != MC_PS_ALLOCATED || pi.kind != MC_PAGE_ANON ||
	    pi.cookie != (uint32_t)src) {
		fprintf(stderr, "pfn 0x%llx: state %d kind %d cookie 0x%x, "
			"expected ANON from 0x%llx\n",
			(unsigned long long)pfn, pi.state, pi.kind, pi.cookie,
			(unsigned long long)src);
		fail();
	}
}

/*
 * The small zone: eight pageblocks PB(0)..PB(7) of 512 pages at 0x10000,
 * 0x10200, ..., 0x10e00 (order-10 pairs: PB(0)+PB(1), PB(2)+PB(3), ...).
 *
 * Its watermarks, from the 6.12 formulas: calculate_min_free_kbytes()
 * gives int_sqrt(16384 kB * 16) = 512 kB (min 128, low 160, high 192
 * pages); khugepaged's set_recommended_min_free_kbytes() wants 9 + 2
 * pageblocks but is capped at 5% of nr_free_buffer_pages() = (4096 -
 * 192) / 20 = 195 pages = 780 kB, more than 512, so min_free_kbytes = 780:
 * min 195, low 195 + max(195 / 4, 4096 * 10 / 10000) = 243, high 291.
 * zone_batchsize(): (4096 >> 10) / 4 = 1, rounddown_pow_of_two(1) - 1 = 0,
 * so batch 1; zone_highsize() with percpu_pagelist_high_fraction 0:
 * high_min = low watermark / 1 CPU = 243, high_max = 4096 / 8 = 512.
 * pcp->high is always clamped to at least high_min (nr_pcp_high), so a
 * free spills the pcp list to the buddy only once it holds >= 243 pages:
 * the runs below free at most 96 sources, so every freed source stays on
 * CPU 0's pcp list until mc_drain_all_pages().
 *
 * Mobility grouping is on: build_all_zonelists() disables it only below
 * pageblock_nr_pages * MIGRATE_TYPES = 512 * 5 = 2560 pages, so the
 * ANON pages keep every pageblock MOVABLE.
 */
static struct mc_machine *small_zone(void)
{
	struct mc_machine *m = one_zone("scen-small", Z, 8 * PBN);
	struct mc_zone_stats s = zstats(m, MC_ZONE_NORMAL);

	assert_int_equal(s.wmark_min, 195);
	assert_int_equal(s.wmark_low, 243);
	assert_int_equal(s.wmark_high, 291);
	assert_int_equal(s.pcp_high_min, 243);
	assert_int_equal(s.pcp_high_max, 512);
	assert_int_equal(s.pcp_batch, 1);
	fill_all(m, 8 * PBN);
	for (int i = 0; i < 8; i++)
		assert_int_equal(page_info(m, PB(i)).pageblock_mt,
				 MIGRATE_MOVABLE);
	return m;
}

/* ---- (a) the small zone, by hand ---------------------------------------- */

/*
 * Layout (after fill_all, the frees and a drain):
 *
 *   PB0, PB1  keep the ANON pages at pfn = 0 mod 16 (32 per block), free
 *             the rest.  In each 16-page chunk 16k: 16k allocated, 16k+1
 *             order 0, 16k+2 order 1, 16k+4 order 2, 16k+8 order 3 (each
 *             buddy's buddy is not free: nothing merges further).
 *   PB2..PB5  entirely free: order 10 at 0x10400 and at 0x10800.
 *   PB6       entirely free: order 9 (its buddy PB7 is not free).
 *   PB7       0x10e00..0x10eff kept, 0x10f00..0x10fff free: order 8.
 *
 * buddyinfo: order 0..3: 64 each (32 chunks in each of PB0, PB1), order
 * 8: 1, order 9: 1, order 10: 2.  Free 64 * 15 + 256 + 512 + 2048 = 3776
 * = 4096 - 64 - 256.
 *
 * compact_zone: migrate_pfn = 0x10000, free_pfn = 0x10e00 (whole zone).
 *
 * it 1: finish_pageblock false (last_migrated_pfn 0).  PB0 from 0x10000:
 *   each 16-chunk counts 1 (ANON, isolated) + 1 + 2 + 4 + 8 scanned; the
 *   32nd page 0x101f0 hits COMPACT_CLUSTER_MAX: low_pfn 0x101f1, scanned
 *   31 * 16 + 1 = 497, taken 32.  The list (head first) is 0x101f0,
 *   0x101e0, ..., 0x10000.  last_migrated_pfn 0x10000.
 *   migrate_pages -> compaction_alloc finds empty lists -> free scanner:
 *   low_pfn = pageblock_end_pfn(0x101f1) = 0x10200; PB7 (first page
 *   allocated, MOVABLE): 256 allocated pfns scanned, then the order-8
 *   buddy at 0x10f00 is isolated whole (256 >= 32: stop at 0x11000):
 *   scanned 256 + 256 = 512, taken 256.  Scanned to its end: skip bit on
 *   PB7; enough isolated, so the next start is the previous block:
 *   free_pfn = 0x10c00.
 *   Targets: the order-8 block split to the head: ascending pfns,
 *   0x101f0 -> 0x10f00, 0x101e0 -> 0x10f01, ..., 0x10000 -> 0x10f1f.
 *   Left isolated: order 5 0x10f20, order 6 0x10f40, order 7 0x10f80.
 *   The 32 sources go to the pcp list.
 * it 2: same block as last migrated: finish_pageblock.  0x101f1..0x101ff
 *   are free buddies of order 0, 1, 2, 3 (0x101f0 is on the pcp list, so
 *   nothing merged): (0x101f1 ~ 0x10200) 15 0; migrate_pfn 0x10200.
 * it 3: PB1 exactly as PB0: (0x10200 ~ 0x103f1) 497 32.  Targets from
 *   the smallest list, order 5 at 0x10f20, ascending: 0x103f0 -> 0x10f20,
 *   ..., 0x10200 -> 0x10f3f.  Left: order 6 and 7 (192 pages).
 * it 4: finish_pageblock: (0x103f1 ~ 0x10400) 15 0; migrate_pfn 0x10400.
 * it 5: 0x10c00 >> 9 > 0x10400 >> 9: go on.  PB2 starts with the free
 *   order-10 buddy: one pfn scanned plus 1023 skipped = 1024 "scanned"
 *   although the block has 512 pfns (the kernel jumps over the whole
 *   buddy, then clamps low_pfn to the block end); nothing isolated, the
 *   block started at its first pfn (valid_page): skip bit on PB2.
 * it 6: PB3 is the tail of that buddy: free tail pages are neither
 *   PageBuddy nor LRU: 512 scanned one by one, 0 taken, skip bit.
 * it 7, 8: PB4 1024, PB5 512, as PB2, PB3.  migrate_pfn 0x10c00.
 * it 9: 0x10c00 >> 9 == 0x10c00 >> 9: the scanners met: COMPLETE.
 *   (isolate_migratepages never entered PB6: it holds free_pfn.)
 *   release_free_list frees order 6 (0x10f40) and order 7 (0x10f80)
 *   straight to the buddy (orders above 3 bypass the pcp lists).
 *
 * Counters: pgmigrate_success 64, pgmigrate_fail 0; compact_isolated =
 * 256 free + 64 migrate = 320; compact_migrate_scanned 497 + 15 + 497 +
 * 15 + 1024 + 512 + 1024 + 512 = 4096 (PB3 and PB5 counted twice);
 * compact_free_scanned 512.  Skip bits: PB2..PB5 and PB7.
 *
 * Before the drain the 64 sources are on the pcp list (64 < 243): PB0,
 * PB1 keep their order 0..3 buddies (64 each), plus order 6, 7, 9 (PB6)
 * and the two order-10 blocks: free 960 + 64 + 128 + 512 + 2048 = 3712,
 * pcp 64.  After the drain PB0 and PB1 are entirely free and merge into
 * an order-10 block at 0x10000 (both MOVABLE, so the merge above
 * pageblock_order is allowed): order 6, 7, 9 one each, order 10 three;
 * free 3776.
 */
static void test_small_zone_by_hand(void **state)
{
	struct mc_machine *m = small_zone();
	static const uint64_t before[11] = { 64, 64, 64, 64, 0, 0, 0, 0, 1, 1,
					     2 };
	static const uint64_t pre_drain[11] = { 64, 64, 64, 64, 0, 0, 1, 1, 0,
						1, 2 };
	static const uint64_t after[11] = { 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 3 };
#define FIN_CONT { MC_TRACE_mm_compaction_finished, \
		   "node=0 zone=Normal   order=-1 ret=continue" }
#define MIG_START { MC_TRACE_mm_migrate_pages_start, \
		    "mode=MIGRATE_SYNC reason=compaction" }
#define MIG_DONE(ok, failed) { MC_TRACE_mm_migrate_pages, \
		"nr_succeeded=" #ok " nr_failed=" #failed \
		" nr_thp_succeeded=0 nr_thp_failed=0 nr_thp_split=0 " \
		"nr_split=0 mode=MIGRATE_SYNC reason=compaction" }
#define ISO_MIG(range, scanned, taken) \
	{ MC_TRACE_mm_compaction_isolate_migratepages, "range=" range \
	  " nr_scanned=" #scanned " nr_taken=" #taken }
#define ISO_FREE(range, scanned, taken) \
	{ MC_TRACE_mm_compaction_isolate_freepages, "range=" range \
	  " nr_scanned=" #scanned " nr_taken=" #taken }
#define CC_MIGRATED(ok, failed) { MC_TRACE_mm_compaction_migratepages, \
		"nr_migrated=" #ok " nr_failed=" #failed }
	static const struct tev want[] = {
		{ MC_TRACE_mm_compaction_begin,
		  "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10e00 "
		  "zone_end=0x11000, mode=sync" },
		FIN_CONT,
		ISO_MIG("(0x10000 ~ 0x101f1)", 497, 32),
		MIG_START,
		ISO_FREE("(0x10e00 ~ 0x11000)", 512, 256),
		MIG_DONE(32, 0),
		CC_MIGRATED(32, 0),
		FIN_CONT,
		ISO_MIG("(0x101f1 ~ 0x10200)", 15, 0),
		FIN_CONT,
		ISO_MIG("(0x10200 ~ 0x103f1)", 497, 32),
		MIG_START,
		MIG_DONE(32, 0),
		CC_MIGRATED(32, 0),
		FIN_CONT,
		ISO_MIG("(0x103f1 ~ 0x10400)", 15, 0),
		FIN_CONT,
		ISO_MIG("(0x10400 ~ 0x10600)", 1024, 0),
		FIN_CONT,
		ISO_MIG("(0x10600 ~ 0x10800)", 512, 0),
		FIN_CONT,
		ISO_MIG("(0x10800 ~ 0x10a00)", 1024, 0),
		FIN_CONT,
		ISO_MIG("(0x10a00 ~ 0x10c00)", 512, 0),
		{ MC_TRACE_mm_compaction_finished,
		  "node=0 zone=Normal   order=-1 ret=complete" },
		{ MC_TRACE_mm_compaction_end,
		  "zone_start=0x10000 migrate_pfn=0x10c00 free_pfn=0x10c00 "
		  "zone_end=0x11000, mode=sync status=complete" },
	};
	static const bool skip[8] = { 0, 0, 1, 1, 1, 1, 0, 1 };
	struct mc_zone_stats s;
	struct cnt c0, d;
	struct tlog *l = calloc(1, sizeof(*l));

	(void)state;
	assert_non_null(l);
	free_keep_every(m, PB(0), PB(2), 16);
	free_range(m, PB(2), PB(7));
	free_range(m, PB(7) + 256, PB(8));
	mc_drain_all_pages(m);
	expect_buddyinfo(m, "before compaction", before);
	assert_int_equal(zstats(m, MC_ZONE_NORMAL).nr_free, 3776);

	c0 = counters(m);
	tlog_start(m, l, true, true);
	compact_memory(m);
	tlog_stop(m, l);
	d = cnt_sub(counters(m), c0);

	tlog_expect(l, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(d.succ, 64);
	assert_int_equal(d.fail, 0);
	assert_int_equal(d.iso, 320);
	assert_int_equal(d.mscan, 4096);
	assert_int_equal(d.fscan, 512);
	/* 64 migrated sources freed at order 0; release_free_list frees one
	 * order-6 and one order-7 block. */
	assert_int_equal(l->page_free_order[0], 64);
	assert_int_equal(l->page_free_order[6], 1);
	assert_int_equal(l->page_free_order[7], 1);
	assert_int_equal(l->per_event[MC_TRACE_mm_page_free], 66);

	/* Where every page went: ascending targets, sources highest first. */
	for (uint64_t i = 0; i < 32; i++) {
		expect_anon_from(m, PB(7) + 256 + i, PB(1) - 16 - 16 * i);
		expect_anon_from(m, PB(7) + 288 + i, PB(2) - 16 - 16 * i);
	}
	for (uint64_t pfn = PB(0); pfn < PB(2); pfn += 16)
		assert_int_equal(page_info(m, pfn).state, MC_PS_PCP);
	/*
	 * Skip bits.  PB0, PB1 had pages isolated (test_and_set_skip does
	 * nothing with ignore_skip_hint) and their finishing scans did not
	 * start at the block start (no valid_page); PB2..PB5 isolated
	 * nothing from their first pfn; PB6 was never scanned; PB7 was
	 * scanned to its end by the free scanner.
	 */
	for (int i = 0; i < 8; i++)
		assert_int_equal(page_info(m, PB(i)).skip, skip[i]);

	expect_buddyinfo(m, "after compaction, before drain", pre_drain);
	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.nr_free, 3712);
	assert_int_equal(s.pcp_pages, 64);

	mc_drain_all_pages(m);
	expect_buddyinfo(m, "after drain", after);
	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.nr_free, 3776);
	assert_int_equal(s.pcp_pages, 0);
	assert_int_equal(page_info(m, PB(0)).order, 10);
	assert_int_equal(page_info(m, PB(0)).state, MC_PS_FREE);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * The same zone, laid out so that the free scanner runs out of targets:
 *
 *   PB0       keeps the ANON pages at pfn = 0 mod 4 (128); in each
 *             4-chunk: 4k allocated, 4k+1 order 0, 4k+2 order 1.
 *   PB1..PB5  untouched: 512 ANON pages each, nothing free.
 *   PB6       entirely free (order 9).
 *   PB7       0x10e00..0x10f9f kept (416), 0x10fa0..0x10fff free: order
 *             5 at 0x10fa0, order 6 at 0x10fc0 (96 pages).
 *
 * before: order 0: 128, order 1: 128, order 5: 1, 6: 1, 9: 1; free 992.
 *
 * it 1: PB0 from 0x10000: 4 scanned per chunk, 32 taken: (0x10000 ~
 *   0x1007d) 125 32.  Free scanner (low_pfn 0x10200): PB7, 416 allocated
 *   pfns then the order-5 buddy, 32 >= 32, stop at 0x10fc0: (0x10e00 ~
 *   0x10fc0) 448 32; not scanned to its end (no skip bit), free_pfn stays
 *   0x10fc0.  Targets 0x10fa0.. ascending; 32 migrated.
 * it 2: finish_pageblock: the whole rest of PB0 in one call: 0x1007d,
 *   0x1007e..f, then 96 chunks: (0x1007d ~ 0x10200) 387 96; migrate_pfn
 *   0x10200.  Free scanner: low_pfn = pageblock_end_pfn of the ALIGNED
 *   0x10200 = 0x10400 (6.12's pageblock_end_pfn adds a whole block to an
 *   aligned pfn), stride 1.
 *   PB7 from 0x10fc0: the order-6 buddy, 64 < 96, so on to the end:
 *   (0x10fc0 ~ 0x11000) 64 64; skip bit; isolated, so stride stays 1.
 *   PB6: its first page is a free order-9 buddy: not a suitable target,
 *   passed over without scanning (and without touching the stride).
 *   PB5..PB2: fully allocated, nothing isolated, each scanned to its end
 *   (skip bit) and the stride doubles after each: PB5 512 pfns at stride
 *   1, PB4 256 at 2, PB3 128 at 4, PB2 64 at 8.  PB1 starts below
 *   low_pfn: done, free_pfn = 0x10200.
 *   The first 64 folios (0x101fc down to 0x10100) get 0x10fc0..0x10fff;
 *   the 65th gets NULL from compaction_alloc (its own isolate_freepages
 *   call finds block 0x10200 below low_pfn and scans nothing): -ENOMEM,
 *   which counts one failed page (nr_failed_pages += 1 for that folio
 *   only, the untried ones are not counted), moves the 64 already
 *   unmapped and returns -ENOMEM (migrate_pages_sync passes it on after
 *   the async pass).  mm_migrate_pages: 64 succeeded, 1 failed;
 *   mm_compaction_migratepages: 64 migrated, 96 - 64 = 32 failed.  The
 *   32 left (0x100fc down to 0x10080) are put back.  -ENOMEM with the
 *   scanners met (0x10200 >> 9 on both sides) is not "contended".
 * it 3: scanners met: COMPLETE.  Nothing is left isolated.
 *
 * Counters: success 96, fail 1; isolated 32 + 64 free + 32 + 96 migrate
 * = 224; migrate scanned 125 + 387 = 512 (PB0); free scanned 448 + 64 +
 * 512 + 256 + 128 + 64 = 1472.  Skip bits: PB2..PB5, PB7.  PB6 is left
 * free although it could have taken every remaining page: compaction
 * never breaks up a free pageblock to use it as a target.
 *
 * Before the drain: 96 sources on the pcp list; the buddy holds PB0's
 * order-0/1 blocks (128 each) and PB6: free 384 + 512 = 896.  After the
 * drain: 0x10000..0x1007f (128 pages) is an order-7 block, 0x10100..
 * 0x101ff an order-8 block, the 32 put-back chunks keep their order 0/1
 * buddies: order 0: 32, 1: 32, 7: 1, 8: 1, 9: 1; free 992.
 */
static void test_small_zone_free_pageblock_not_a_target(void **state)
{
	struct mc_machine *m = small_zone();
	static const uint64_t before[11] = { 128, 128, 0, 0, 0, 1, 1, 0, 0, 1,
					     0 };
	static const uint64_t pre_drain[11] = { 128, 128, 0, 0, 0, 0, 0, 0, 0,
						1, 0 };
	static const uint64_t after[11] = { 32, 32, 0, 0, 0, 0, 0, 1, 1, 1,
					    0 };
	static const struct tev want[] = {
		{ MC_TRACE_mm_compaction_begin,
		  "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10e00 "
		  "zone_end=0x11000, mode=sync" },
		FIN_CONT,
		ISO_MIG("(0x10000 ~ 0x1007d)", 125, 32),
		MIG_START,
		ISO_FREE("(0x10e00 ~ 0x10fc0)", 448, 32),
		MIG_DONE(32, 0),
		CC_MIGRATED(32, 0),
		FIN_CONT,
		ISO_MIG("(0x1007d ~ 0x10200)", 387, 96),
		MIG_START,
		ISO_FREE("(0x10fc0 ~ 0x11000)", 64, 64),
		ISO_FREE("(0x10a00 ~ 0x10c00)", 512, 0),
		ISO_FREE("(0x10800 ~ 0x10a00)", 256, 0),
		ISO_FREE("(0x10600 ~ 0x10800)", 128, 0),
		ISO_FREE("(0x10400 ~ 0x10600)", 64, 0),
		MIG_DONE(64, 1),
		CC_MIGRATED(64, 32),
		{ MC_TRACE_mm_compaction_finished,
		  "node=0 zone=Normal   order=-1 ret=complete" },
		{ MC_TRACE_mm_compaction_end,
		  "zone_start=0x10000 migrate_pfn=0x10200 free_pfn=0x10200 "
		  "zone_end=0x11000, mode=sync status=complete" },
	};
	static const bool skip[8] = { 0, 0, 1, 1, 1, 1, 0, 1 };
	struct mc_zone_stats s;
	struct cnt c0, d;
	struct tlog *l = calloc(1, sizeof(*l));

	(void)state;
	assert_non_null(l);
	free_keep_every(m, PB(0), PB(1), 4);
	free_range(m, PB(6), PB(7));
	free_range(m, PB(7) + 416, PB(8));
	mc_drain_all_pages(m);
	expect_buddyinfo(m, "before compaction", before);
	assert_int_equal(zstats(m, MC_ZONE_NORMAL).nr_free, 992);

	c0 = counters(m);
	tlog_start(m, l, true, false);
	compact_memory(m);
	tlog_stop(m, l);
	d = cnt_sub(counters(m), c0);

	tlog_expect(l, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(d.succ, 96);
	assert_int_equal(d.fail, 1);
	assert_int_equal(d.iso, 224);
	assert_int_equal(d.mscan, 512);
	assert_int_equal(d.fscan, 1472);

	for (uint64_t i = 0; i < 32; i++) {
		expect_anon_from(m, PB(7) + 416 + i, 0x1007c - 4 * i);
		/* put back in place, never migrated */
		expect_anon_from(m, 0x10080 + 4 * i, 0x10080 + 4 * i);
	}
	for (uint64_t i = 0; i < 64; i++)
		expect_anon_from(m, PB(7) + 448 + i, 0x101fc - 4 * i);
	for (uint64_t pfn = PB(1); pfn < PB(6); pfn++)
		expect_anon_from(m, pfn, pfn);
	for (int i = 0; i < 8; i++)
		assert_int_equal(page_info(m, PB(i)).skip, skip[i]);

	expect_buddyinfo(m, "after compaction, before drain", pre_drain);
	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.nr_free, 896);
	assert_int_equal(s.pcp_pages, 96);
	mc_drain_all_pages(m);
	expect_buddyinfo(m, "after drain", after);
	assert_int_equal(zstats(m, MC_ZONE_NORMAL).nr_free, 992);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * Half the size: four pageblocks, 2048 pages.  build_all_zonelists()
 * turns mobility grouping off below 512 * MIGRATE_TYPES = 2560 pages (the
 * zone's managed pages at that point), so gfp_migratetype() makes every
 * request UNMOVABLE and the first allocation from each MOVABLE boot block
 * claims it (page_group_by_mobility_disabled): after the fill all four
 * blocks are UNMOVABLE.  The free scanner only takes MOVABLE (or CMA)
 * blocks when ignore_block_suitable is off, as for manual compaction.
 *
 * Layout as in the first small test: PB0, PB1 keep pfn = 0 mod 16, PB2
 * free (order 9), PB3 keeps its lower half.
 * it 1: (0x10000 ~ 0x101f1) 497 32 (any block is a source in sync
 *   mode).  Free scanner, low_pfn 0x10200: PB3 UNMOVABLE, PB2 a free
 *   order-9 buddy, PB1 UNMOVABLE: none suitable, none scanned, free_pfn
 *   0x10000.  compaction_alloc returns NULL for the first folio:
 *   mm_migrate_pages 0 succeeded, 1 failed; 32 put back.
 * it 2: 0x10000 >> 9 <= 0x101f1 >> 9: COMPLETE.
 * Counters: success 0, fail 1, isolated 32, migrate scanned 497, free
 * scanned 0.  Manual compaction cannot do anything on such a machine.
 */
static void test_tiny_zone_mobility_grouping_off(void **state)
{
	struct mc_machine *m = one_zone("scen-tiny", Z, 4 * PBN);
	static const struct tev want[] = {
		{ MC_TRACE_mm_compaction_begin,
		  "zone_start=0x10000 migrate_pfn=0x10000 free_pfn=0x10600 "
		  "zone_end=0x10800, mode=sync" },
		FIN_CONT,
		ISO_MIG("(0x10000 ~ 0x101f1)", 497, 32),
		MIG_START,
		MIG_DONE(0, 1),
		CC_MIGRATED(0, 32),
		{ MC_TRACE_mm_compaction_finished,
		  "node=0 zone=Normal   order=-1 ret=complete" },
		{ MC_TRACE_mm_compaction_end,
		  "zone_start=0x10000 migrate_pfn=0x101f1 free_pfn=0x10000 "
		  "zone_end=0x10800, mode=sync status=complete" },
	};
	static const uint64_t before[11] = { 64, 64, 64, 64, 0, 0, 0, 0, 1, 1,
					     0 };
	struct tlog *l = calloc(1, sizeof(*l));
	struct cnt c0, d;

	(void)state;
	assert_non_null(l);
	fill_all(m, 4 * PBN);
	for (int i = 0; i < 4; i++)
		assert_int_equal(page_info(m, PB(i)).pageblock_mt,
				 MIGRATE_UNMOVABLE);
	free_keep_every(m, PB(0), PB(2), 16);
	free_range(m, PB(2), PB(3));
	free_range(m, PB(3) + 256, PB(4));
	mc_drain_all_pages(m);
	expect_buddyinfo(m, "before compaction", before);

	c0 = counters(m);
	tlog_start(m, l, true, false);
	compact_memory(m);
	tlog_stop(m, l);
	d = cnt_sub(counters(m), c0);
	tlog_expect(l, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(d.succ, 0);
	assert_int_equal(d.fail, 1);
	assert_int_equal(d.iso, 32);
	assert_int_equal(d.mscan, 497);
	assert_int_equal(d.fscan, 0);
	/* nothing moved: the layout is exactly as before */
	expect_buddyinfo(m, "after compaction", before);
	for (uint64_t pfn = PB(0); pfn < PB(2); pfn += 16)
		expect_anon_from(m, pfn, pfn);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/*
 * Where the mobility-grouping threshold is measured.  In 6.12
 * free_area_init_core() calls zone_init_internals(zone, j, nid,
 * zone->present_pages): until memblock_free_all() the zone's managed
 * count IS its present count, and build_all_zonelists() runs before that
 * (mm_core_init), so vm_total_pages = nr_free_zone_pages() = present
 * pages (the watermarks are still 0).  A zone of 2560 present pages of
 * which 512 are reserved (managed 2048) therefore has grouping ON:
 * 2560 >= 512 * MIGRATE_TYPES.  A movable allocation then comes off the
 * MOVABLE list and its pageblock stays MOVABLE (with grouping off it
 * would be claimed UNMOVABLE, as in the tiny zone above).
 */
static void test_mobility_grouping_threshold_uses_present_pages(void **state)
{
	struct mc_machine_desc d;
	struct mc_machine *m;
	uint64_t pfn;
	int mt;

	(void)state;
	memset(&d, 0, sizeof(d));
	strcpy(d.name, "scen-threshold");
	strcpy(d.arch, "x86_64");
	d.page_shift = 12;
	d.nr_nodes = 1;
	d.nr_cpus = 1;
	d.nodes[0].zones[MC_ZONE_NORMAL].start_pfn = Z;
	d.nodes[0].zones[MC_ZONE_NORMAL].spanned = 5 * PBN;
	d.nodes[0].zones[MC_ZONE_NORMAL].present = 5 * PBN;
	d.nodes[0].zones[MC_ZONE_NORMAL].managed = 4 * PBN;
	m = t_machine_desc(&d, 0);
	pfn = t_alloc(m, MC_GFP_HIGHUSER_MOVABLE, 0, 0);
	assert_int_not_equal(pfn, UINT64_MAX);
	mt = page_info(m, pfn).pageblock_mt;
	mc_machine_destroy(m);
	assert_int_equal(mt, MIGRATE_MOVABLE);
}

/* ---- (a) 1 GiB, all movable --------------------------------------------- */

static uint64_t big_pages(void)
{
	/* 1 GiB, or 256 MiB for the sanitizer run */
	return small_scale() ? 65536 : 262144;
}

static uint64_t free_in_high_orders(const struct mc_zone_stats *s,
				    unsigned int min_order)
{
	uint64_t n = 0;

	for (unsigned int o = min_order; o <= 10; o++)
		n += s->nr_free_blocks[o] << o;
	return n;
}

/* Count the pageblocks of [lo, hi) that hold a page of @kind. */
static uint64_t blocks_with_kind(struct mc_machine *m, uint64_t lo,
				 uint64_t hi, enum mc_page_kind kind)
{
	uint64_t n = 0;

	for (uint64_t b = lo; b < hi; b += PBN) {
		for (uint64_t pfn = b; pfn < b + PBN; pfn++) {
			struct mc_page_info pi = page_info(m, pfn);

			if (pi.state == MC_PS_ALLOCATED && pi.kind == kind) {
				n++;
				break;
			}
		}
	}
	return n;
}

/*
 * The whole zone is allocated, then 3 of every 4 pages are freed in every
 * 2 MiB block (pfn & 3 != 0): every pageblock holds U/B = 128 ANON pages
 * and 384 free ones (order 0 at 4k+1, order 1 at 4k+2).
 *
 * What compaction must do.  The migration scanner empties pageblocks
 * from the bottom, 128 pages each (32, then the other 96 in the
 * finish_pageblock call); the free scanner fills pageblocks from the
 * top, 384 free pages each (stride 1: it isolates every free page of a
 * block before moving down, and compaction_alloc uses up the leftovers
 * before isolating more).  Three source blocks fill one target block, so
 * with B blocks the scanners would meet after k = 3B/4 source and j = B/4
 * target blocks (k * 128 = j * 384, k + j = B): the occupied quarter of
 * memory packed into the top quarter of the zone.
 *
 * The last step does not happen.  Source block k - 1 = 3B/4 - 1 needs the
 * last 128 free pages of target block k = 3B/4.  Its first 32 pages move
 * (the free scanner may use block k while migrate_pfn is inside block
 * k - 1).  The finish_pageblock call then isolates the other 96 and
 * leaves migrate_pfn = start of block k, a pageblock-aligned pfn; the
 * free scanner's lower limit is pageblock_end_pfn(migrate_pfn), which
 * for an aligned pfn is pfn + 512 (6.12's definition): block k is out of
 * reach, isolate_freepages finds nothing, compaction_alloc returns NULL,
 * migrate_pages fails that folio with -ENOMEM (counted once) and the 96
 * are put back; the scanners have met, so the run ends COMPLETE.  The
 * targets used, 3U/4 - 96 = (B/4 - 1) * 384 + 288, fill the top B/4 - 1
 * blocks and the first 96 4-pfn groups (3 free pages each) of block
 * 3B/4; an isolation call can stop exactly there, so nothing isolated is
 * left unused.  Hence, with U = N/4 used pages and F = N - U free ones:
 *  - pgmigrate_success = 3U/4 - 96, pgmigrate_fail = 1;
 *  - compact_isolated = succ free + (succ + 96) migrate = 2 * succ + 96;
 *  - compact_migrate_scanned = 3B/4 blocks * 512 = 3N/4;
 *  - compact_free_scanned = (B/4 - 1) * 512 + 384: the top B/4 - 1
 *    blocks whole, and in block 3B/4 the 96 4-pfn groups holding its
 *    first 288 free pages;
 *  - after the drain blocks 0 .. 3B/4 - 2 are entirely free: an odd
 *    number, 3B/4 - 1, so pairs merge into (3B/4 - 2) / 2 order-10 blocks
 *    and the last one stays order 9 (its buddy still has 96 pages); the free
 *    memory recovered as order >= 9 is (3B/4 - 1) * 512 of F
 *    (196096 / 196608 = 99.74% for 1 GiB, 48640 / 49152 = 98.96% for
 *    256 MiB): only block 3B/4 - 1 (416 free) and block 3B/4 (96 free)
 *    hold free pages in smaller blocks;
 *  - before the drain every page still on the pcp list keeps its source
 *    block from merging; the pcp list holds the P most recently freed
 *    sources (LIFO, spills take the tail), which lie in at most P/128 + 1
 *    consecutive source blocks, so the fraction is then at least
 *    1 - (P/128 + 1 + 2) * 512 / F.
 */
static void test_big_zone_all_movable(void **state)
{
	const uint64_t npages = big_pages(), nblocks = npages / PBN;
	struct mc_machine *m = one_zone("scen-1g", BIG_BASE, npages);
	const uint64_t used = npages / 4;
	struct mc_zone_stats s;
	struct cnt c0, d;
	struct tlog *l = calloc(1, sizeof(*l));
	uint64_t f, hi, bound;
	double frac_pre, frac;

	(void)state;
	assert_non_null(l);
	fill_all(m, npages);
	free_keep_every(m, BIG_BASE, BIG_BASE + npages, 4);
	mc_drain_all_pages(m);
	s = zstats(m, MC_ZONE_NORMAL);
	f = s.nr_free;
	assert_int_equal(f, npages - used);
	/* Nothing of order 2 or more before compaction. */
	assert_int_equal(free_in_high_orders(&s, 2), 0);

	c0 = counters(m);
	tlog_start(m, l, false, false);
	compact_memory(m);
	tlog_stop(m, l);
	d = cnt_sub(counters(m), c0);

	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.nr_free + s.pcp_pages, f);
	hi = free_in_high_orders(&s, 9);
	frac_pre = (double)hi / (double)f;
	bound = (s.pcp_pages / 128 + 1 + 2) * PBN;
	printf("[1g-movable] %llu pages (%llu blocks): migrated %llu failed "
	       "%llu isolated %llu scanned %llu+%llu; before drain: pcp %llu, "
	       "order>=9 %llu of %llu free (%.2f%%, bound %.2f%%)\n",
	       (unsigned long long)npages, (unsigned long long)nblocks,
	       (unsigned long long)d.succ, (unsigned long long)d.fail,
	       (unsigned long long)d.iso, (unsigned long long)d.mscan,
	       (unsigned long long)d.fscan, (unsigned long long)s.pcp_pages,
	       (unsigned long long)hi, (unsigned long long)f,
	       100.0 * frac_pre, 100.0 * (1.0 - (double)bound / (double)f));
	assert_true(hi + bound >= f);

	assert_int_equal(d.succ, 3 * used / 4 - 96);
	assert_int_equal(d.fail, 1);
	assert_int_equal(d.iso, 2 * d.succ + 96);
	assert_int_equal(d.mscan, 3 * npages / 4);
	assert_int_equal(d.fscan, (nblocks / 4 - 1) * PBN + 384);
	assert_int_equal(l->per_event[MC_TRACE_mm_compaction_begin], 1);
	assert_int_equal(l->per_event[MC_TRACE_mm_compaction_end], 1);

	mc_drain_all_pages(m);
	s = zstats(m, MC_ZONE_NORMAL);
	assert_int_equal(s.pcp_pages, 0);
	assert_int_equal(s.nr_free, f);
	hi = free_in_high_orders(&s, 9);
	frac = (double)hi / (double)f;
	printf("[1g-movable] after drain: order>=9 %llu of %llu free pages "
	       "= %.3f%% recovered\n", (unsigned long long)hi,
	       (unsigned long long)f, 100.0 * frac);
	assert_int_equal(s.nr_free_blocks[10], (3 * nblocks / 4 - 2) / 2);
	assert_int_equal(s.nr_free_blocks[9], 1);
	assert_int_equal(hi, (3 * nblocks / 4 - 1) * PBN);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/* ---- (b) 1 GiB with one unmovable page in every pageblock --------------- */

/*
 * Layout: the zone is filled as above; then, block by block, the ANON
 * page at block start + 1 is freed, the pcp lists drained and a SLAB page
 * allocated with GFP_KERNEL (| __GFP_MEMALLOC: the zone is otherwise full
 * and the test wants that very page).  With no UNMOVABLE free page the
 * allocator falls back: __rmqueue_claim finds only the order-0 MOVABLE
 * page, try_to_steal_block counts 1 free + 0 alike pages (512 - 1 free -
 * 511 movable) < 256 and does not claim the block, so __rmqueue_steal
 * takes the single page and the block stays MOVABLE.  Then 3 of every 4
 * ANON pages are freed as in the all-movable case.  Every pageblock:
 * +0 ANON, +1 SLAB, +2 order 1, and for m = 1..127: 4m ANON, 4m+1 order
 * 0, 4m+2 order 1: 128 sources and 383 free pages (2 + 3 * 127).
 *
 * Compaction moves the ANON pages as before; the SLAB pages are neither
 * LRU nor movable_ops: isolate_migratepages_block just passes them (not
 * isolated, not a failure).  But a target block now takes 383 pages.
 * Isolating a block's free pages in order, the count after a call can
 * only be 2, 3m or 3m + 2 (m = 1..127).
 *
 * B = 512 (1 GiB): 383 source blocks (0..382) need 383 * 128 = 49024
 *   targets = exactly 128 blocks * 383 (511..384); the last need comes
 *   with block 382's finishing batch, when migrate_pfn = start of 383
 *   and the free scanner may still use 384 (low_pfn = start of 384);
 *   block 384 is isolated to its end (383 = 3 * 127 + 2), so free_pfn
 *   becomes the block below, 383: the scanners meet with nothing failed
 *   and block 383 never touched.  success 49024, fail 0, isolated 98048;
 *   migrate scanned 383 * 512 = 196096, free scanned 128 * 512 = 65536.
 *   After the drain: blocks 0..382 hold one buddy of each order 0..8
 *   (+0 order 0: its buddy +1 is the SLAB page; +2 order 1, +4 order 2,
 *   ..., +256 order 8); block 383 as laid out (127 order 0, 128 order 1):
 *   order 0: 510, 1: 511, 2..8: 383.
 * B = 128 (256 MiB): blocks 0..94 fill 31 target blocks (127..97) and
 *   287 = 3 * 95 + 2 pages of block 96 exactly; block 95's first 32 need
 *   319 from block 96, the next reachable count is 320 = 3 * 106 + 2:
 *   one page left over.  Block 95's finishing batch (96 pages, migrate_pfn
 *   = start of 96, block 96 out of reach) gets that page for its first
 *   folio (0x...1fc, list head) and -ENOMEM for the second: 95 put back.
 *   success 12160 + 32 + 1 = 12193, fail 1, isolated 12193 + (12160 +
 *   32 + 96) = 24481; migrate scanned 96 * 512 = 49152, free scanned
 *   31 * 512 + 428 (block 96 up to quad 106: 4 + 106 * 4) = 16300.
 *   After the drain: blocks 0..94 one buddy of each order 0..8; block 95
 *   +0 order 0, +2..+64 orders 1..6, 95 quads with order 0 and 1, the
 *   last quad +0x1fc order 2; block 96: 21 quads left, order 0 and 1:
 *   order 0: 95 + 96 + 21 = 212, 1: 212, 2: 95 + 2 = 97, 3..6: 96,
 *   7, 8: 95.
 * Either way:
 *  - not one free block of order 9 or 10, although three quarters of the
 *    blocks were emptied of everything movable: every pageblock still
 *    has its SLAB page (walked with mc_page_info);
 *  - the counters show compaction did all it could (every isolated page
 *    migrated, but the one -ENOMEM at the meeting point): the failure is
 *    the layout's;
 *  - unusable_index for order 9 is 1.000 (no free memory usable for an
 *    order-9 request); extfrag_index for order 9 is 1000 - (1000 + free
 *    * 1000 / 512) / free_blocks_total, from the buddyinfo above: B = 512:
 *    free 196096 in 3702 blocks -> 1000 - 384000 / 3702 = 897, "0.897";
 *    B = 128: free 49024 in 1095 blocks -> 1000 - 96750 / 1095 = 912,
 *    "0.912".  Close to 1: the failure is external fragmentation, not a
 *    lack of free memory.
 */

/* The order-@order field of the zone line of a rendered extfrag file. */
static void index_field(struct mc_machine *m, enum mc_proc_file f,
			unsigned int order, char *out, size_t len)
{
	char *text = t_render(m, f);
	char *tok, *save = NULL;
	int i = 0;

	assert_non_null(text);
	assert_non_null(strstr(text, "zone   Normal"));
	out[0] = '\0';
	/* "Node 0, zone   Normal v0 v1 ..." */
	for (tok = strtok_r(text, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save), i++) {
		if (i == 4 + (int)order) {
			snprintf(out, len, "%s", tok);
			break;
		}
	}
	free(text);
}

struct unmov_expect {
	uint64_t succ, fail, iso, mscan, fscan;
	uint64_t buddy[11];
	const char *extfrag9;
};

static void test_big_zone_unmovable_in_every_block(void **state)
{
	static const struct unmov_expect e512 = {
		49024, 0, 98048, 196096, 65536,
		{ 510, 511, 383, 383, 383, 383, 383, 383, 383, 0, 0 }, "0.897",
	};
	static const struct unmov_expect e128 = {
		12193, 1, 24481, 49152, 16300,
		{ 212, 212, 97, 96, 96, 96, 96, 95, 95, 0, 0 }, "0.912",
	};
	const uint64_t npages = big_pages(), nblocks = npages / PBN;
	const struct unmov_expect *e = nblocks == 512 ? &e512 : &e128;
	struct mc_machine *m = one_zone("scen-1g-unmov", BIG_BASE, npages);
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_KERNEL | MC_GFP_MEMALLOC, .nid = -1, .cpu = 0,
		.kind = MC_PAGE_SLAB,
	};
	struct cnt c0, d;
	struct tlog *l = calloc(1, sizeof(*l));
	uint64_t f, total = 0, sum = 0;
	char got[32], want[32];
	int idx;

	(void)state;
	assert_non_null(l);
	assert_true(nblocks == 512 || nblocks == 128);
	fill_all(m, npages);
	for (uint64_t b = BIG_BASE; b < BIG_BASE + npages; b += PBN) {
		uint64_t pfn;

		free_anon(m, b + 1);
		mc_drain_all_pages(m);
		assert_int_equal(mc_alloc_pages(m, &rq, &pfn), 0);
		assert_int_equal(pfn, b + 1);
		assert_int_equal(page_info(m, b).pageblock_mt, MIGRATE_MOVABLE);
	}
	free_keep_every(m, BIG_BASE, BIG_BASE + npages, 4);
	mc_drain_all_pages(m);
	assert_int_equal(blocks_with_kind(m, BIG_BASE, BIG_BASE + npages,
					  MC_PAGE_SLAB), nblocks);
	f = zstats(m, MC_ZONE_NORMAL).nr_free;
	/* 128 ANON + 1 SLAB per block */
	assert_int_equal(f, npages - nblocks * 129);

	c0 = counters(m);
	tlog_start(m, l, false, false);
	compact_memory(m);
	tlog_stop(m, l);
	d = cnt_sub(counters(m), c0);
	mc_drain_all_pages(m);

	assert_int_equal(d.succ, e->succ);
	assert_int_equal(d.fail, e->fail);
	assert_int_equal(d.iso, e->iso);
	assert_int_equal(d.mscan, e->mscan);
	assert_int_equal(d.fscan, e->fscan);
	expect_buddyinfo(m, "after compaction and drain", e->buddy);
	assert_int_equal(zstats(m, MC_ZONE_NORMAL).nr_free, f);
	/* Every block still has its SLAB page: nothing of order 9+. */
	assert_int_equal(blocks_with_kind(m, BIG_BASE, BIG_BASE + npages,
					  MC_PAGE_SLAB), nblocks);

	/* The debugfs indices for order 9, from the expected buddyinfo with
	 * the kernel's formulas (mm/vmstat.c), against the rendered files. */
	for (int o = 0; o <= 10; o++) {
		total += e->buddy[o];
		sum += e->buddy[o] << o;
	}
	assert_int_equal(sum, f);
	idx = 1000 - (int)((1000 + f * 1000 / 512) / total);
	snprintf(want, sizeof(want), "%d.%03d", idx / 1000, idx % 1000);
	assert_string_equal(want, e->extfrag9);
	index_field(m, MC_PROC_EXTFRAG_INDEX, 9, got, sizeof(got));
	assert_string_equal(got, e->extfrag9);
	index_field(m, MC_PROC_UNUSABLE_INDEX, 9, got, sizeof(got));
	assert_string_equal(got, "1.000");
	printf("[1g-unmovable] %llu blocks, all with a SLAB page: migrated "
	       "%llu failed %llu isolated %llu; order>=9 free blocks 0; "
	       "emptied blocks %llu; order 9: unusable_index 1.000, "
	       "extfrag_index %s\n", (unsigned long long)nblocks,
	       (unsigned long long)d.succ, (unsigned long long)d.fail,
	       (unsigned long long)d.iso,
	       (unsigned long long)e->buddy[8], e->extfrag9);
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

/* ---- (c) tools/testing/selftests/mm/compaction_test.c ------------------- */

/*
 * compaction_test.c step by step (kernel-spec 10.1):
 *  - MemFree (kB) = nr_free_pages * 4; Hugepagesize 2048 kB;
 *  - mem_fragmentable_MB = mem_free * 0.8 / 1024 (a double, truncated);
 *    while it is > 0: mmap 100 MiB MAP_LOCKED and touch every page: here
 *    25600 order-0 GFP_HIGHUSER_MOVABLE ANON allocations on CPU 0, each
 *    marked mlocked (PG_unevictable); minus 100;
 *  - munmap entries 0, 2, 4, ... of the list, which is newest first:
 *    the last chunk mapped, the third to last, ... are freed (CPU 0);
 *  - check_compaction: mem_free = mem_free * 0.8; target nr_hugepages =
 *    mem_free / 2048 / 2, written to vm.nr_hugepages (set_max_huge_pages,
 *    src/mm/hugetlb.c: one order-9 allocation at a time with
 *    GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOWARN | __GFP_THISNODE |
 *    __GFP_RETRY_MAYFAIL on node 0; one node, so the loop stops at the
 *    first failure, before the node's noretry bit could matter) and read
 *    back: nr = what was obtained;
 *  - compaction_index = mem_free / (nr * 2048), integer; pass iff <= 3.
 */
#define MAP_PAGES	25600UL		/* 100 MiB */

struct selftest {
	unsigned long mem_free;		/* kB, as read from MemFree */
	unsigned long target, nr;
	int index;
	unsigned long chunks;
	uint64_t compact_stall, pgmigrate;
	uint64_t free_blocks;	/* pageblocks entirely free before the
				 * nr_hugepages write */
};

/* Pageblocks of the machine whose every page is free (buddy or pcp). */
static uint64_t entirely_free_blocks(struct mc_machine *m)
{
	struct mc_geometry g;
	uint64_t n = 0;

	mc_machine_geometry(m, &g);
	for (uint64_t b = g.start_pfn & ~(PBN - 1); b < g.end_pfn; b += PBN) {
		uint64_t pfn;

		for (pfn = b; pfn < b + PBN; pfn++) {
			struct mc_page_info pi;

			if (pfn < g.start_pfn || pfn >= g.end_pfn ||
			    mc_page_info(m, pfn, &pi) ||
			    (pi.state != MC_PS_FREE && pi.state != MC_PS_PCP))
				break;
		}
		n += pfn == b + PBN;
	}
	return n;
}

/*
 * Run the selftest on a fresh @spec machine.  @interleave: instead of the
 * touch order making each 100 MiB chunk physically contiguous (what a
 * freshly booted simulated machine gives), assign pages to chunks
 * round-robin in 2-page groups, so that unmapping every other chunk
 * leaves every pageblock half full of mlocked pages (a long-running
 * machine's scattered layout, taken to the extreme).
 */
static void run_selftest(const char *spec, bool unevictable_allowed,
			 bool interleave, struct selftest *r)
{
	struct mc_machine *m = t_machine(spec, 0);
	struct mc_alloc_request rq = {
		.gfp = MC_GFP_HIGHUSER_MOVABLE, .nid = -1, .cpu = 0,
		.kind = MC_PAGE_ANON,
	};
	char text[32];
	unsigned long mem_free;
	long fragmentable_mb;
	uint64_t *pfns, npfns = 0, cap, stall0, mig0;
	unsigned long chunks = 0;
	struct tlog *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	memset(r, 0, sizeof(*r));
	assert_int_equal(mc_sysctl_write(m, "vm.compact_unevictable_allowed",
					 unevictable_allowed ? "1" : "0", 1),
			 0);
	mem_free = (unsigned long)vmstat(m, "nr_free_pages") * 4;
	r->mem_free = mem_free;
	fragmentable_mb = (long)(mem_free * 0.8 / 1024);
	cap = ((uint64_t)fragmentable_mb / 100 + 1) * MAP_PAGES;
	pfns = malloc(cap * sizeof(*pfns));
	assert_non_null(pfns);

	while (fragmentable_mb > 0) {
		uint64_t start = npfns;

		for (uint64_t i = 0; i < MAP_PAGES; i++) {
			uint64_t pfn;

			if (mc_alloc_pages(m, &rq, &pfn))
				break;
			assert_int_equal(mc_page_set_flags(m, pfn,
							   MC_PF_MLOCKED, 0),
					 0);
			pfns[npfns++] = pfn;
		}
		if (npfns - start < MAP_PAGES) {
			/* mmap failed: nothing of it stays mapped */
			while (npfns > start)
				assert_int_equal(mc_free_pages(m,
						pfns[--npfns], 0, 0), 0);
			break;
		}
		chunks++;
		fragmentable_mb -= 100;
	}
	r->chunks = chunks;

	/*
	 * Unmap list entries 0, 2, 4, ... (the list is newest first): chunk
	 * c (in mapping order) is unmapped when chunks - 1 - c is even.  With
	 * @interleave the pages are reassigned to chunks by position: page i
	 * of the touch order belongs to chunk (i / 2) % chunks.
	 */
	for (uint64_t i = 0; i < npfns; i++) {
		uint64_t c = interleave ? (i / 2) % chunks : i / MAP_PAGES;

		if ((chunks - 1 - c) % 2 == 0)
			assert_int_equal(mc_free_pages(m, pfns[i], 0, 0), 0);
	}
	free(pfns);
	r->free_blocks = entirely_free_blocks(m);

	mem_free = (unsigned long)(mem_free * 0.8);
	r->target = mem_free / 2048 / 2;
	stall0 = vmstat(m, "compact_stall");
	mig0 = vmstat(m, "pgmigrate_success");
	tlog_start(m, l, false, false);
	snprintf(text, sizeof(text), "%lu", r->target);
	assert_int_equal(mc_sysctl_write(m, "vm.nr_hugepages", text,
					 strlen(text)), 0);
	tlog_stop(m, l);
	assert_true(mc_sysctl_read(m, "vm.nr_hugepages", text,
				   sizeof(text)) > 0);
	r->nr = strtoul(text, NULL, 10);
	r->compact_stall = vmstat(m, "compact_stall") - stall0;
	r->pgmigrate = vmstat(m, "pgmigrate_success") - mig0;
	r->index = r->nr ? (int)(mem_free / (r->nr * 2048)) : -1;
	assert_int_equal(t_check(m), 0);
	free(l);
	mc_machine_destroy(m);
}

static const char *selftest_machine(void)
{
	return small_scale() ? "pc:1G" : "pc:4G";
}

static void print_selftest(const char *what, const struct selftest *r)
{
	printf("[compaction_test %s %s] MemFree %lu kB, %lu chunks of 100 "
	       "MiB, %llu pageblocks entirely free after the unmaps; target "
	       "%lu huge pages, allocated %lu, compaction_index %d (%s); "
	       "compact_stall %llu, pgmigrate_success %llu\n",
	       selftest_machine(), what, r->mem_free, r->chunks,
	       (unsigned long long)r->free_blocks, r->target, r->nr, r->index,
	       r->nr && r->index <= 3 ? "ok 1 check_compaction" :
					"not ok 1 check_compaction",
	       (unsigned long long)r->compact_stall,
	       (unsigned long long)r->pgmigrate);
}

/*
 * As the selftest runs, on a freshly booted machine.  The pcp refills
 * hand out consecutive pfns, so each 100 MiB chunk is (nearly) physically
 * contiguous and every unmapped chunk gives back ~50 free pageblocks: with
 * the never-mapped ~20% of MemFree, the pageblocks entirely free after
 * the unmaps (counted with mc_page_info) outnumber the target (40% of
 * MemFree in huge pages).  Each order-9 allocation then finds a free
 * order-9 block on the fast path (get_page_from_freelist, low watermark:
 * after the target is met ~20% of memory is still free, far above every
 * zone's watermark and lowmem_reserve), so no allocation reaches the slow
 * path: compact_stall 0, pgmigrate_success 0, nr = target and
 * compaction_index = floor(M / (floor(M / 4096) * 2048)) = 2 for M =
 * 0.8 MemFree (M = 4096 t + r, r < 4096 <= 2048 t).  The selftest passes,
 * and identically with compact_unevictable_allowed = 0 (which the real
 * selftest would not even run: its prereq() skips unless the file reads
 * 1): the layout never needs compaction.
 */
static void test_selftest_contiguous(void **state)
{
	struct selftest r[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		run_selftest(selftest_machine(), i == 0, false, &r[i]);
		print_selftest(i == 0 ? "unevictable=1" : "unevictable=0",
			       &r[i]);
		assert_true(r[i].free_blocks >= r[i].target);
		assert_int_equal(r[i].nr, r[i].target);
		assert_int_equal(r[i].index, 2);
		assert_int_equal(r[i].compact_stall, 0);
		assert_int_equal(r[i].pgmigrate, 0);
	}
}

/*
 * The layout the selftest is about (what a long-running machine gives):
 * mlocked pages scattered through memory.  The pages are dealt to the
 * chunks in 2-page groups, so unmapping every other chunk leaves each
 * pageblock the chunks covered with alternating 2-page runs of mlocked
 * and free pages; only the never-mapped memory is in entirely free
 * pageblocks (F0 of them, about (MemFree pages - mapped pages) / 512).
 *
 * compact_unevictable_allowed = 0: isolate_migratepages_block() skips
 * every PG_unevictable page (ISOLATE_UNEVICTABLE is missing from the
 * isolate mode) and there is no other movable page: not one page can be
 * migrated (asserted: pgmigrate_success 0), so an order-9 block can only
 * be one that was entirely free already: nr <= F0, and compaction_index
 * >= M / (F0 * 2048), which is 4 or more for these machines (pc:4G:
 * F0 = 380, 3246102 / (380 * 2048) = 4; pc:1G: F0 = 76, 781424 /
 * (76 * 2048) = 5): the selftest FAILS, as the spec predicts (asserted
 * from the computed bound, then on the result).
 *
 * compact_unevictable_allowed = 1: direct compaction (async, then
 * SYNC_LIGHT and SYNC_FULL priority in the retry loop of the
 * __GFP_RETRY_MAYFAIL allocation) migrates mlocked pages, so more huge
 * pages exist than free blocks did (nr > F0, pgmigrate_success > 0), and
 * the selftest's own pass criterion, index <= 3 (a third of 80% of
 * MemFree), must hold: that is what the selftest checks the kernel for.
 */
static void test_selftest_scattered(void **state)
{
	struct selftest on, off;
	unsigned long m80;

	(void)state;
	run_selftest(selftest_machine(), true, true, &on);
	print_selftest("scattered, unevictable=1", &on);
	assert_true(on.pgmigrate > 0);
	assert_true(on.nr > on.free_blocks);
	assert_true(on.nr > 0 && on.index <= 3);

	run_selftest(selftest_machine(), false, true, &off);
	print_selftest("scattered, unevictable=0", &off);
	m80 = (unsigned long)(off.mem_free * 0.8);
	assert_int_equal(off.pgmigrate, 0);
	assert_true(off.free_blocks > 0);
	assert_true(off.nr <= off.free_blocks);
	assert_true(m80 / (off.free_blocks * 2048) >= 4);
	assert_true(off.nr > 0 && off.index >= 4);
	assert_true(off.nr < on.nr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_zone_by_hand),
		cmocka_unit_test(test_small_zone_free_pageblock_not_a_target),
		cmocka_unit_test(test_tiny_zone_mobility_grouping_off),
		cmocka_unit_test(test_mobility_grouping_threshold_uses_present_pages),
		cmocka_unit_test(test_big_zone_all_movable),
		cmocka_unit_test(test_big_zone_unmovable_in_every_block),
		cmocka_unit_test(test_selftest_contiguous),
		cmocka_unit_test(test_selftest_scattered),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
