// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_sysctl.c - the vm.* tunables (src/mm/sysctl.c): names, defaults,
 * ranges, the kernel's proc_dointvec parsing, rejected writes changing
 * nothing, and the side effects of the knobs that have them.
 *
 * Every expected number is worked out by hand in the comments from the
 * kernel's formulas (kernel-spec 2.1-2.3, 3.4) and the pc:16G layout that
 * test_machine.c derives:
 *
 *   managed: DMA 3840, DMA32 770048, Normal 3321366, Movable 0, Device 0
 *   4 CPUs, one node.  lowmem_pages (all but Movable) = 4095254.
 *
 * Parsing expectations come from kernel/sysctl.c (6.12): proc_skip_spaces,
 * proc_get_long (TMPBUFLEN 22, trailers ' ' '\t' '\n'), strtoul_lenient
 * (base 0), do_proc_dointvec(_minmax)_conv, do_proc_dointvec_jiffies_conv
 * and __do_proc_dointvec's loop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "mm/internal.h"

#define NR_KNOBS 23

/* ---- helpers ------------------------------------------------------------- */

static struct mc_machine *new_machine(void)
{
	return t_machine("pc:16G", 0);
}

/* Read @name; the text must fit.  Returns a static buffer. */
static const char *rd(struct mc_machine *m, const char *name)
{
	static char buf[256];
	int n = mc_sysctl_read(m, name, buf, sizeof(buf));

	if (n < 0)
		fprintf(stderr, "read %s: %d\n", name, n);
	assert_true(n >= 0);
	assert_int_equal((size_t)n, strlen(buf));
	return buf;
}

static int wr(struct mc_machine *m, const char *name, const char *value)
{
	return mc_sysctl_write(m, name, value, strlen(value));
}

static void wr_ok(struct mc_machine *m, const char *name, const char *value)
{
	int ret = wr(m, name, value);

	if (ret)
		fprintf(stderr, "write %s <- \"%s\": %d\n", name, value, ret);
	assert_int_equal(ret, 0);
}

/* Everything a write could change: the text of every readable knob, the
 * tunables themselves, and each zone's watermarks, protection and pcp. */
struct snap {
	int n;
	char name[NR_KNOBS + 8][64];
	char text[NR_KNOBS + 8][256];
	struct vm_tunables sys;
	unsigned long totalreserve;
	struct mc_zone_stats z[MC_MAX_NR_ZONES];
};

struct snap_ctx {
	struct mc_machine *m;
	struct snap *s;
};

static int snap_one(void *ctx, const char *name, unsigned mode)
{
	struct snap_ctx *c = ctx;
	struct snap *s = c->s;

	assert_true(s->n < NR_KNOBS + 8);
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
	if (mode & 0400)
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s",
			 rd(c->m, name));
	else
		snprintf(s->text[s->n], sizeof(s->text[0]), "(write-only)");
	s->n++;
	return 0;
}

static void take_snap(struct mc_machine *m, struct snap *s)
{
	struct snap_ctx c = { m, s };

	memset(s, 0, sizeof(*s));
	assert_int_equal(mc_sysctl_foreach(m, snap_one, &c), 0);
	s->sys = m->sysctl;
	s->totalreserve = m->totalreserve_pages;
	for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++)
		assert_int_equal(mc_zone_stats(m, 0, zt, &s->z[zt]), 0);
}

static void assert_same_snap(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		assert_string_equal(a->name[i], b->name[i]);
		assert_string_equal(a->text[i], b->text[i]);
	}
	assert_memory_equal(&a->sys, &b->sys, sizeof(a->sys));
	assert_int_equal(a->totalreserve, b->totalreserve);
	for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
		const struct mc_zone_stats *x = &a->z[zt], *y = &b->z[zt];

		assert_int_equal(x->wmark_min, y->wmark_min);
		assert_int_equal(x->wmark_low, y->wmark_low);
		assert_int_equal(x->wmark_high, y->wmark_high);
		assert_int_equal(x->wmark_promo, y->wmark_promo);
		assert_int_equal(x->boost, y->boost);
		for (int j = 0; j < MC_MAX_NR_ZONES; j++)
			assert_int_equal(x->lowmem_reserve[j],
					 y->lowmem_reserve[j]);
		assert_int_equal(x->pcp_batch, y->pcp_batch);
		assert_int_equal(x->pcp_high_min, y->pcp_high_min);
		assert_int_equal(x->pcp_high_max, y->pcp_high_max);
	}
}

/* A write that must fail with @err and leave everything as it was. */
static void wr_rejected_len(struct mc_machine *m, const char *name,
			    const char *value, size_t len, int err)
{
	struct snap before, after;
	int ret;

	take_snap(m, &before);
	ret = mc_sysctl_write(m, name, value, len);
	if (ret != err)
		fprintf(stderr, "write %s <- \"%.*s\" (%zu bytes): %d, want %d\n",
			name, (int)len, value, len, ret, err);
	assert_int_equal(ret, err);
	take_snap(m, &after);
	assert_same_snap(&before, &after);
}

static void wr_rejected(struct mc_machine *m, const char *name,
			const char *value)
{
	wr_rejected_len(m, name, value, strlen(value), -EINVAL);
}

static void check_wmarks(struct mc_machine *m, int zt, uint64_t min,
			 uint64_t low, uint64_t high, uint64_t promo)
{
	struct mc_zone_stats s;

	assert_int_equal(mc_zone_stats(m, 0, zt, &s), 0);
	assert_int_equal(s.wmark_min, min);
	assert_int_equal(s.wmark_low, low);
	assert_int_equal(s.wmark_high, high);
	assert_int_equal(s.wmark_promo, promo);
	assert_int_equal(s.boost, 0);
}

static void check_pcp(struct mc_machine *m, int zt, unsigned batch,
		      unsigned high_min, unsigned high_max)
{
	struct mc_zone_stats s;

	assert_int_equal(mc_zone_stats(m, 0, zt, &s), 0);
	assert_int_equal(s.pcp_batch, batch);
	assert_int_equal(s.pcp_high_min, high_min);
	assert_int_equal(s.pcp_high_max, high_max);
}

static void check_protection(struct mc_machine *m, int zt, int64_t p1,
			     int64_t p2, int64_t p3, int64_t p4)
{
	struct mc_zone_stats s;

	assert_int_equal(mc_zone_stats(m, 0, zt, &s), 0);
	assert_int_equal(s.lowmem_reserve[0], 0);
	assert_int_equal(s.lowmem_reserve[1], p1);
	assert_int_equal(s.lowmem_reserve[2], p2);
	assert_int_equal(s.lowmem_reserve[3], p3);
	assert_int_equal(s.lowmem_reserve[4], p4);
}

/* ---- defaults and the table ---------------------------------------------- */

/*
 * min_free_kbytes: calculate_min_free_kbytes gives
 * int_sqrt(4095254 * 4 * 16) = int_sqrt(262096256) = 16189 (16189^2 =
 * 262083721, 16190^2 = 262116100); khugepaged raises it to
 * (512 * 3 * 2 + 512 * 3 * 3 * 3) pages = 16896 pages = 67584 kB
 * (below the 5% cap of ~204000 pages).
 */
static void test_defaults(void **state)
{
	struct mc_machine *m = new_machine();
	struct mc_machine *nothp = t_machine("pc:16G", MC_OPT_NO_THP_MINFREE);
	char buf[64];

	(void)state;
	assert_string_equal(rd(m, "vm.compact_unevictable_allowed"), "1\n");
	assert_string_equal(rd(m, "vm.compaction_proactiveness"), "20\n");
	assert_string_equal(rd(m, "vm.dirty_background_ratio"), "10\n");
	assert_string_equal(rd(m, "vm.dirty_ratio"), "20\n");
	assert_string_equal(rd(m, "vm.extfrag_threshold"), "500\n");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "256\t256\t32\t0\t0\n");
	assert_string_equal(rd(m, "vm.memcompact_kcompactd_sleep_millisecs"),
			    "500\n");
	assert_string_equal(rd(m, "vm.min_free_kbytes"), "67584\n");
	assert_string_equal(rd(nothp, "vm.min_free_kbytes"), "16189\n");
	assert_string_equal(rd(m, "vm.min_slab_ratio"), "5\n");
	assert_string_equal(rd(m, "vm.min_unmapped_ratio"), "1\n");
	assert_string_equal(rd(m, "vm.numa_zonelist_order"), "Node\n");
	assert_string_equal(rd(m, "vm.overcommit_memory"), "0\n");
	assert_string_equal(rd(m, "vm.percpu_pagelist_high_fraction"), "0\n");
	assert_string_equal(rd(m, "vm.stat_interval"), "1\n");
	assert_string_equal(rd(m, "vm.swappiness"), "60\n");
	assert_string_equal(rd(m, "vm.vfs_cache_pressure"), "100\n");
	assert_string_equal(rd(m, "vm.watermark_boost_factor"), "15000\n");
	assert_string_equal(rd(m, "vm.watermark_scale_factor"), "10\n");
	assert_string_equal(rd(m, "vm.zone_reclaim_mode"), "0\n");
	assert_int_equal(mc_sysctl_read(m, "vm.compact_memory", buf,
					sizeof(buf)), -EACCES);

	/* Units of the stored values: stat_interval is jiffies (HZ 250). */
	assert_int_equal(m->sysctl.stat_interval, 250);
	assert_int_equal(m->sysctl.user_min_free_kbytes, -1);
	assert_int_equal(m->sysctl.compact_memory, 0);

	/* Boot watermarks with 67584: pages_min 16896, tmp = 16896 *
	 * managed / 4095254; gap = max(tmp / 4, managed * 10 / 10000).
	 * DMA: tmp 15, gap max(3, 3) = 3.  DMA32: tmp 3177, gap max(794,
	 * 770) = 794.  Normal: tmp 13703, gap max(3425, 3321) = 3425.
	 * Movable: empty, min = clamp(0, 32, 128) = 32, gap 0. */
	check_wmarks(m, MC_ZONE_DMA, 15, 18, 21, 24);
	check_wmarks(m, MC_ZONE_DMA32, 3177, 3971, 4765, 5559);
	check_wmarks(m, MC_ZONE_NORMAL, 13703, 17128, 20553, 23978);
	check_wmarks(m, MC_ZONE_MOVABLE, 32, 32, 32, 32);
	check_wmarks(m, MC_ZONE_DEVICE, 0, 0, 0, 0);
	mc_machine_destroy(nothp);
	mc_machine_destroy(m);
}

struct list_ctx {
	int n;
	char names[NR_KNOBS + 8][64];
	unsigned modes[NR_KNOBS + 8];
	int stop_at;
};

static int list_one(void *ctx, const char *name, unsigned mode)
{
	struct list_ctx *c = ctx;

	assert_true(c->n < NR_KNOBS + 8);
	snprintf(c->names[c->n], sizeof(c->names[0]), "%s", name);
	c->modes[c->n] = mode;
	c->n++;
	return c->n == c->stop_at ? 77 : 0;
}

static void test_foreach(void **state)
{
	/* sysctl -a order: by name bytes ('_' 0x5f sorts before 'i'). */
	static const struct {
		const char *name;
		unsigned mode;
	} want[NR_KNOBS] = {
		{ "vm.compact_memory", 0200 },
		{ "vm.compact_unevictable_allowed", 0644 },
		{ "vm.compaction_proactiveness", 0644 },
		{ "vm.dirty_background_ratio", 0644 },
		{ "vm.dirty_ratio", 0644 },
		{ "vm.drop_caches", 0200 },	/* kernel/sysctl.c vm_table */
		{ "vm.extfrag_threshold", 0644 },
		{ "vm.lowmem_reserve_ratio", 0644 },
		{ "vm.memcompact_kcompactd_sleep_millisecs", 0644 },
		{ "vm.min_free_kbytes", 0644 },
		{ "vm.min_slab_ratio", 0644 },
		{ "vm.min_unmapped_ratio", 0644 },
		{ "vm.nr_hugepages", 0644 },		/* mm/hugetlb.c */
		{ "vm.nr_overcommit_hugepages", 0644 },
		{ "vm.numa_zonelist_order", 0644 },
		{ "vm.overcommit_memory", 0644 },
		{ "vm.percpu_pagelist_high_fraction", 0644 },
		{ "vm.stat_interval", 0644 },
		{ "vm.swappiness", 0644 },
		{ "vm.vfs_cache_pressure", 0644 },
		{ "vm.watermark_boost_factor", 0644 },
		{ "vm.watermark_scale_factor", 0644 },
		{ "vm.zone_reclaim_mode", 0644 },
	};
	struct mc_machine *m = new_machine();
	struct list_ctx *c = calloc(1, sizeof(*c));

	(void)state;
	assert_non_null(c);
	assert_int_equal(mc_sysctl_foreach(m, list_one, c), 0);
	assert_int_equal(c->n, NR_KNOBS);
	for (int i = 0; i < NR_KNOBS; i++) {
		assert_string_equal(c->names[i], want[i].name);
		assert_int_equal(c->modes[i], want[i].mode);
		if (i)
			assert_true(strcmp(c->names[i - 1], c->names[i]) < 0);
	}
	/* A non-zero return stops the walk and is passed on. */
	memset(c, 0, sizeof(*c));
	c->stop_at = 3;
	assert_int_equal(mc_sysctl_foreach(m, list_one, c), 77);
	assert_int_equal(c->n, 3);

	assert_int_equal(mc_sysctl_foreach(m, NULL, NULL), -EINVAL);
	assert_int_equal(mc_sysctl_foreach(NULL, list_one, c), -EINVAL);
	free(c);
	mc_machine_destroy(m);
}

static void test_names(void **state)
{
	static const char *const unknown[] = {
		"vm.nope", "swappiness", "vm.", "vm/", "", "kernel.swappiness",
		"vm.swappiness ", " vm.swappiness", "vm.swappinesss",
		"vm.swappines", "/proc/sys/vm/", "/proc/sys/vm.swappiness",
		"proc/sys/vm/swappiness", "VM.swappiness", "vm.Swappiness",
		"vm.nr_hugepage", "vm.vm.swappiness",
		"vm..swappiness",
	};
	struct mc_machine *m = new_machine();
	char buf[32];

	(void)state;
	assert_string_equal(rd(m, "vm.swappiness"), "60\n");
	assert_string_equal(rd(m, "vm/swappiness"), "60\n");
	assert_string_equal(rd(m, "/proc/sys/vm/swappiness"), "60\n");
	wr_ok(m, "vm/swappiness", "61");
	assert_string_equal(rd(m, "vm.swappiness"), "61\n");
	wr_ok(m, "/proc/sys/vm/swappiness", "62");
	assert_string_equal(rd(m, "vm/swappiness"), "62\n");
	wr_ok(m, "vm.swappiness", "63");
	assert_string_equal(rd(m, "/proc/sys/vm/swappiness"), "63\n");

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		strcpy(buf, "x");
		assert_int_equal(mc_sysctl_read(m, unknown[i], buf,
						sizeof(buf)), -ENOENT);
		assert_string_equal(buf, "");
		wr_rejected_len(m, unknown[i], "1", 1, -ENOENT);
	}

	/* Bad arguments. */
	assert_int_equal(mc_sysctl_read(NULL, "vm.swappiness", buf,
					sizeof(buf)), -EINVAL);
	assert_int_equal(mc_sysctl_read(m, NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(mc_sysctl_read(m, "vm.swappiness", NULL, 4), -EINVAL);
	assert_int_equal(mc_sysctl_write(NULL, "vm.swappiness", "1", 1),
			 -EINVAL);
	assert_int_equal(mc_sysctl_write(m, NULL, "1", 1), -EINVAL);
	wr_rejected_len(m, "vm.swappiness", NULL, 1, -EINVAL);
	mc_machine_destroy(m);
}

static void test_buffer_too_small(void **state)
{
	struct mc_machine *m = new_machine();
	char buf[32];

	(void)state;
	/* "60\n" needs 3 bytes and the NUL. */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(mc_sysctl_read(m, "vm.swappiness", buf, 3), -ENOSPC);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');	/* nothing partial */
	assert_int_equal(buf[2], 'x');
	assert_int_equal(mc_sysctl_read(m, "vm.swappiness", buf, 1), -ENOSPC);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(mc_sysctl_read(m, "vm.swappiness", NULL, 0), -ENOSPC);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(mc_sysctl_read(m, "vm.swappiness", buf, 4), 3);
	assert_string_equal(buf, "60\n");

	/* "256\t256\t32\t0\t0\n" is 15 bytes. */
	assert_int_equal(mc_sysctl_read(m, "vm.lowmem_reserve_ratio", buf, 15),
			 -ENOSPC);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(mc_sysctl_read(m, "vm.lowmem_reserve_ratio", buf, 16),
			 15);
	assert_string_equal(buf, "256\t256\t32\t0\t0\n");

	/* "Node\n" is 5. */
	assert_int_equal(mc_sysctl_read(m, "vm.numa_zonelist_order", buf, 5),
			 -ENOSPC);
	assert_int_equal(mc_sysctl_read(m, "vm.numa_zonelist_order", buf, 6),
			 5);
	assert_string_equal(buf, "Node\n");

	/* Permission comes before size. */
	assert_int_equal(mc_sysctl_read(m, "vm.compact_memory", buf, 0),
			 -EACCES);
	mc_machine_destroy(m);
}

/* ---- ranges -------------------------------------------------------------- */

struct range {
	const char *name;
	bool has_min, has_max;
	long min, max;
};

static const struct range ranges[] = {
	{ "vm.compact_unevictable_allowed", true, true, 0, 1 },
	{ "vm.compaction_proactiveness", true, true, 0, 100 },
	{ "vm.dirty_background_ratio", true, true, 0, 100 },
	{ "vm.dirty_ratio", true, true, 0, 100 },
	{ "vm.extfrag_threshold", true, true, 0, 1000 },
	{ "vm.memcompact_kcompactd_sleep_millisecs", true, true, 1, 60000 },
	{ "vm.min_free_kbytes", true, false, 0, 0 },
	{ "vm.min_slab_ratio", true, true, 0, 100 },
	{ "vm.min_unmapped_ratio", true, true, 0, 100 },
	{ "vm.overcommit_memory", true, true, 0, 2 },
	{ "vm.percpu_pagelist_high_fraction", true, false, 0, 0 },
	{ "vm.swappiness", true, true, 0, 200 },
	{ "vm.vfs_cache_pressure", true, false, 0, 0 },
	{ "vm.watermark_boost_factor", true, false, 0, 0 },
	{ "vm.watermark_scale_factor", true, true, 1, 3000 },
	{ "vm.zone_reclaim_mode", true, false, 0, 0 },
};

static void wr_value_ok(struct mc_machine *m, const char *name, long v)
{
	char text[32], want[32];

	snprintf(text, sizeof(text), "%ld", v);
	snprintf(want, sizeof(want), "%ld\n", v);
	wr_ok(m, name, text);
	assert_string_equal(rd(m, name), want);
}

static void wr_value_rejected(struct mc_machine *m, const char *name, long v)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld", v);
	wr_rejected(m, name, text);
}

static void test_ranges(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		const struct range *r = &ranges[i];
		long hi = r->has_max ? r->max : INT_MAX;

		wr_value_rejected(m, r->name, r->min - 1);
		wr_value_ok(m, r->name, r->min);
		wr_value_ok(m, r->name, hi);
		/* Above INT_MAX the int conversion refuses it. */
		wr_value_rejected(m, r->name, hi + 1);
		wr_value_ok(m, r->name, r->min);
	}
	mc_machine_destroy(m);
}

/*
 * stat_interval: proc_dointvec_jiffies stores seconds * HZ (250) with no
 * range, refusing seconds > INT_MAX / HZ = 8589934 (either sign); reads
 * divide by HZ.
 */
static void test_stat_interval(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	wr_ok(m, "vm.stat_interval", "3");
	assert_int_equal(m->sysctl.stat_interval, 750);
	assert_string_equal(rd(m, "vm.stat_interval"), "3\n");
	wr_ok(m, "vm.stat_interval", "0");
	assert_int_equal(m->sysctl.stat_interval, 0);
	assert_string_equal(rd(m, "vm.stat_interval"), "0\n");
	wr_ok(m, "vm.stat_interval", "-1");
	assert_int_equal(m->sysctl.stat_interval, -250);
	assert_string_equal(rd(m, "vm.stat_interval"), "-1\n");
	wr_ok(m, "vm.stat_interval", "8589934");
	assert_int_equal(m->sysctl.stat_interval, 2147483500);
	assert_string_equal(rd(m, "vm.stat_interval"), "8589934\n");
	wr_rejected(m, "vm.stat_interval", "8589935");
	wr_ok(m, "vm.stat_interval", "-8589934");
	assert_int_equal(m->sysctl.stat_interval, -2147483500);
	assert_string_equal(rd(m, "vm.stat_interval"), "-8589934\n");
	wr_rejected(m, "vm.stat_interval", "-8589935");
	wr_rejected(m, "vm.stat_interval", "1.5");
	/* A sub-second value stored by the model reads as whole seconds. */
	m->sysctl.stat_interval = 499;
	assert_string_equal(rd(m, "vm.stat_interval"), "1\n");
	mc_machine_destroy(m);
}

/* ---- parsing ------------------------------------------------------------- */

/* Knobs to run every malformed input against, with a valid value. */
static const struct {
	const char *name;
	const char *valid;
} parse_knobs[] = {
	{ "vm.swappiness", "20" },
	{ "vm.min_free_kbytes", "20000" },
	{ "vm.watermark_scale_factor", "20" },
	{ "vm.watermark_boost_factor", "20" },
	{ "vm.percpu_pagelist_high_fraction", "20" },
	{ "vm.compaction_proactiveness", "20" },
	{ "vm.extfrag_threshold", "20" },
	{ "vm.stat_interval", "20" },
	{ "vm.overcommit_memory", "1" },
	{ "vm.compact_unevictable_allowed", "0" },
	{ "vm.memcompact_kcompactd_sleep_millisecs", "20" },
	{ "vm.zone_reclaim_mode", "1" },
};

static void test_malformed(void **state)
{
	/* Whole texts, rejected for every knob. */
	static const char *const bad[] = {
		"abc", " ", "\n", " \t\n", "\v\f\r", "\xa0", "+5", "-", "--1",
		"- 1", "-x", "0x", "0xg", "0X", "08", "09", "1e3", "x20",
		".5", "0.5", "\r", "five",
		/* 21 characters: the kernel's 22-byte buffer is full. */
		"000000000000000000020", "100000000000000000000",
		"-00000000000000000020",
		/* Longer: the first 21 are taken, still full. */
		"0000000000000000000000020",
		/* Does not fit an unsigned long (20 chars). */
		"99999999999999999999", "0x10000000000000000",
		/* Does not fit an int. */
		"2147483648", "-2147483649", "4294967296", "0x80000000",
		"9223372036854775807", "18446744073709551615",
	};
	/* Appended to the knob's valid value: junk right after a number. */
	static const char *const bad_tail[] = {
		"abc", "\r", "\v", "\f", ".5", "x", "-", "+", ",", ";", "#",
		"\xa0",
	};
	struct mc_machine *m = new_machine();
	char text[64];

	(void)state;
	for (size_t k = 0; k < sizeof(parse_knobs) / sizeof(parse_knobs[0]);
	     k++) {
		const char *name = parse_knobs[k].name;
		const char *v = parse_knobs[k].valid;

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			wr_rejected(m, name, bad[i]);
		for (size_t i = 0; i < sizeof(bad_tail) / sizeof(bad_tail[0]);
		     i++) {
			snprintf(text, sizeof(text), "%s%s", v, bad_tail[i]);
			wr_rejected(m, name, text);
		}
		/* A '+' sign, a NUL inside the counted text. */
		snprintf(text, sizeof(text), "+%s", v);
		wr_rejected(m, name, text);
		snprintf(text, sizeof(text), "%s", v);
		wr_rejected_len(m, name, text, strlen(v) + 1, -EINVAL);
		wr_rejected_len(m, name, "\0", 1, -EINVAL);
		/* And the valid value is accepted after all that. */
		wr_ok(m, name, v);
	}
	/* Negative numbers for the knobs whose minimum is 0. */
	wr_rejected(m, "vm.swappiness", "-1");
	wr_rejected(m, "vm.min_free_kbytes", "-1");
	wr_rejected(m, "vm.vfs_cache_pressure", "-5");
	wr_rejected(m, "vm.watermark_boost_factor", "-2147483648");
	wr_rejected(m, "vm.percpu_pagelist_high_fraction", "-8");
	wr_rejected(m, "vm.zone_reclaim_mode", "-1");
	mc_machine_destroy(m);
}

static void test_accepted_forms(void **state)
{
	struct mc_machine *m = new_machine();
	char *big;

	(void)state;
	/* strtoul base 0: hexadecimal and octal. */
	wr_ok(m, "vm.swappiness", "0x14");
	assert_string_equal(rd(m, "vm.swappiness"), "20\n");
	wr_ok(m, "vm.swappiness", "0X1e");
	assert_string_equal(rd(m, "vm.swappiness"), "30\n");
	wr_ok(m, "vm.swappiness", "024");
	assert_string_equal(rd(m, "vm.swappiness"), "20\n");
	wr_ok(m, "vm.swappiness", "0");
	assert_string_equal(rd(m, "vm.swappiness"), "0\n");
	wr_ok(m, "vm.swappiness", "00");
	wr_ok(m, "vm.vfs_cache_pressure", "0x7fffffff");
	assert_string_equal(rd(m, "vm.vfs_cache_pressure"), "2147483647\n");
	wr_ok(m, "vm.vfs_cache_pressure", "017777777777");
	assert_string_equal(rd(m, "vm.vfs_cache_pressure"), "2147483647\n");

	/* Whitespace: the kernel's isspace before, ' ' '\t' '\n' after. */
	wr_ok(m, "vm.swappiness", " \t\n\v\f\r21\n");
	assert_string_equal(rd(m, "vm.swappiness"), "21\n");
	wr_ok(m, "vm.swappiness", "\xa0" "22");
	assert_string_equal(rd(m, "vm.swappiness"), "22\n");
	wr_ok(m, "vm.swappiness", "23\t");
	assert_string_equal(rd(m, "vm.swappiness"), "23\n");
	wr_ok(m, "vm.swappiness", "24 \n\n \r\v");
	assert_string_equal(rd(m, "vm.swappiness"), "24\n");

	/*
	 * A single int takes the first number; __do_proc_dointvec stops
	 * once every int has a value and the rest is never parsed (a short
	 * write whose remainder the kernel ignores under
	 * sysctl_writes_strict = 1).  So "20 30" and "20 abc" set 20.
	 */
	wr_ok(m, "vm.swappiness", "25 30");
	assert_string_equal(rd(m, "vm.swappiness"), "25\n");
	wr_ok(m, "vm.swappiness", "26 abc");
	assert_string_equal(rd(m, "vm.swappiness"), "26\n");
	wr_ok(m, "vm.swappiness", "27\t-1");
	assert_string_equal(rd(m, "vm.swappiness"), "27\n");

	/* "-0" is 0, in range for a minimum of 0. */
	wr_ok(m, "vm.swappiness", "-0");
	assert_string_equal(rd(m, "vm.swappiness"), "0\n");
	/* Likewise with the jiffies conversion. */
	wr_ok(m, "vm.stat_interval", "-0");
	assert_string_equal(rd(m, "vm.stat_interval"), "0\n");

	/* 20 characters still fit the 22-byte buffer: octal 024. */
	wr_ok(m, "vm.swappiness", "00000000000000000024");
	assert_string_equal(rd(m, "vm.swappiness"), "20\n");
	wr_ok(m, "vm.swappiness", "-0000000000000000000");
	assert_string_equal(rd(m, "vm.swappiness"), "0\n");

	/* Only PAGE_SIZE - 1 bytes are looked at: 4093 spaces then "28"
	 * fit; 4095 spaces push the number out of sight. */
	big = malloc(8192);
	assert_non_null(big);
	memset(big, ' ', 8192);
	memcpy(big + 4093, "28", 2);
	assert_int_equal(mc_sysctl_write(m, "vm.swappiness", big, 4095), 0);
	assert_string_equal(rd(m, "vm.swappiness"), "28\n");
	memset(big, ' ', 8192);
	memcpy(big + 4093, "29", 2);
	assert_int_equal(mc_sysctl_write(m, "vm.swappiness", big, 8192), 0);
	assert_string_equal(rd(m, "vm.swappiness"), "29\n");
	memset(big, ' ', 8192);
	memcpy(big + 4095, "30", 2);
	wr_rejected_len(m, "vm.swappiness", big, 4097, -EINVAL);
	free(big);
	mc_machine_destroy(m);
}

static void test_zero_byte_write(void **state)
{
	struct mc_machine *m = new_machine();
	struct snap before, after;

	(void)state;
	take_snap(m, &before);
	assert_int_equal(mc_sysctl_write(m, "vm.swappiness", "", 0), 0);
	assert_int_equal(mc_sysctl_write(m, "vm.swappiness", NULL, 0), 0);
	assert_int_equal(mc_sysctl_write(m, "vm.min_free_kbytes", "5", 0), 0);
	assert_int_equal(mc_sysctl_write(m, "vm.lowmem_reserve_ratio", "", 0),
			 0);
	assert_int_equal(mc_sysctl_write(m, "vm.numa_zonelist_order", "", 0),
			 0);
	assert_int_equal(mc_sysctl_write(m, "vm.compact_memory", "", 0), 0);
	take_snap(m, &after);
	assert_same_snap(&before, &after);
	assert_int_equal(m->sysctl.user_min_free_kbytes, -1);
	/* Name and permission are still checked. */
	assert_int_equal(mc_sysctl_write(m, "vm.nope", "", 0), -ENOENT);
	mc_machine_destroy(m);
}

/* ---- side effects -------------------------------------------------------- */

/*
 * min_free_kbytes = 11584: pages_min = 2896.
 *   DMA:    tmp = 2896 * 3840 / 4095254 = 2; gap = max(0, 3840 * 10 /
 *           10000 = 3) = 3 -> 2 / 5 / 8 / 11.
 *   DMA32:  tmp = 2896 * 770048 / 4095254 = 544; gap = max(136, 770)
 *           -> 544 / 1314 / 2084 / 2854.
 *   Normal: tmp = 2896 * 3321366 / 4095254 = 2348; gap = max(587, 3321)
 *           -> 2348 / 5669 / 8990 / 12311.
 *   Movable (empty): 32 each.  Device: 0 each.
 * pcp (fraction 0, 4 CPUs): batch = rounddown_pow_of_two(b + b / 2) - 1
 * with b = min(managed >> 10, 256) / 4 (at least 1): DMA 1, DMA32 and
 * Normal 63.  high_min = max(low / 4, 4 * batch): DMA 4, DMA32 328,
 * Normal 1417.  high_max = max(managed / 8 / 4, 4 * batch): 120, 24064,
 * 103792.
 */
static void test_min_free_kbytes(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	/* Boot: high_min from the low watermark 18 / 3971 / 17128. */
	check_pcp(m, MC_ZONE_DMA, 1, 4, 120);
	check_pcp(m, MC_ZONE_DMA32, 63, 992, 24064);
	check_pcp(m, MC_ZONE_NORMAL, 63, 4282, 103792);

	wr_ok(m, "vm.min_free_kbytes", "11584");
	assert_string_equal(rd(m, "vm.min_free_kbytes"), "11584\n");
	assert_int_equal(m->sysctl.user_min_free_kbytes, 11584);
	check_wmarks(m, MC_ZONE_DMA, 2, 5, 8, 11);
	check_wmarks(m, MC_ZONE_DMA32, 544, 1314, 2084, 2854);
	check_wmarks(m, MC_ZONE_NORMAL, 2348, 5669, 8990, 12311);
	check_wmarks(m, MC_ZONE_MOVABLE, 32, 32, 32, 32);
	check_wmarks(m, MC_ZONE_DEVICE, 0, 0, 0, 0);
	check_pcp(m, MC_ZONE_DMA, 1, 4, 120);
	check_pcp(m, MC_ZONE_DMA32, 63, 328, 24064);
	check_pcp(m, MC_ZONE_NORMAL, 63, 1417, 103792);
	/* Protection does not depend on min_free_kbytes. */
	check_protection(m, MC_ZONE_DMA, 3008, 15982, 15982, 15982);

	/* setup_per_zone_wmarks() clears a boost. */
	m->node_data[0]->node_zones[ZONE_NORMAL].watermark_boost = 77;
	wr_ok(m, "vm.min_free_kbytes", "11584");
	check_wmarks(m, MC_ZONE_NORMAL, 2348, 5669, 8990, 12311);

	/* A rejected write runs nothing: the boost survives. */
	m->node_data[0]->node_zones[ZONE_NORMAL].watermark_boost = 77;
	wr_rejected(m, "vm.min_free_kbytes", "-1");
	wr_rejected(m, "vm.min_free_kbytes", "11584x");
	assert_int_equal(
		m->node_data[0]->node_zones[ZONE_NORMAL].watermark_boost, 77);
	assert_int_equal(m->sysctl.user_min_free_kbytes, 11584);

	/* 0 is allowed: min 0, gaps from the scale factor alone. */
	wr_ok(m, "vm.min_free_kbytes", "0");
	assert_int_equal(m->sysctl.user_min_free_kbytes, 0);
	check_wmarks(m, MC_ZONE_DMA, 0, 3, 6, 9);
	check_wmarks(m, MC_ZONE_DMA32, 0, 770, 1540, 2310);
	check_wmarks(m, MC_ZONE_NORMAL, 0, 3321, 6642, 9963);
	mc_machine_destroy(m);
}

/*
 * watermark_scale_factor = 100 with min_free_kbytes 11584 (tmp as above):
 * gap = max(tmp / 4, managed * 100 / 10000):
 *   DMA 38 -> 2 / 40 / 78 / 116; DMA32 7700 -> 544 / 8244 / 15944 /
 *   23644; Normal 33213 -> 2348 / 35561 / 68774 / 101987.
 * pcp high_min = low / 4: 10, 2061, 8890.
 */
static void test_watermark_scale_factor(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	wr_ok(m, "vm.min_free_kbytes", "11584");
	wr_ok(m, "vm.watermark_scale_factor", "100");
	assert_string_equal(rd(m, "vm.watermark_scale_factor"), "100\n");
	check_wmarks(m, MC_ZONE_DMA, 2, 40, 78, 116);
	check_wmarks(m, MC_ZONE_DMA32, 544, 8244, 15944, 23644);
	check_wmarks(m, MC_ZONE_NORMAL, 2348, 35561, 68774, 101987);
	check_wmarks(m, MC_ZONE_MOVABLE, 32, 32, 32, 32);
	check_pcp(m, MC_ZONE_DMA, 1, 10, 120);
	check_pcp(m, MC_ZONE_DMA32, 63, 2061, 24064);
	check_pcp(m, MC_ZONE_NORMAL, 63, 8890, 103792);

	wr_rejected(m, "vm.watermark_scale_factor", "0");
	wr_rejected(m, "vm.watermark_scale_factor", "3001");
	wr_rejected(m, "vm.watermark_scale_factor", "200junk");
	assert_string_equal(rd(m, "vm.watermark_scale_factor"), "100\n");

	wr_ok(m, "vm.watermark_scale_factor", "10");
	check_wmarks(m, MC_ZONE_DMA32, 544, 1314, 2084, 2854);
	mc_machine_destroy(m);
}

/*
 * Protection: for zone i with ratio r, lowmem_reserve[j] = (managed of
 * zones i+1..j) / r; 0 when r is 0 or zone i is empty.
 *   Defaults 256 256 32: DMA: 770048 / 256 = 3008, (770048 + 3321366) /
 *   256 = 4091414 / 256 = 15982 for Normal, Movable, Device.  DMA32:
 *   3321366 / 256 = 12974.  Normal: Movable and Device are empty -> 0.
 *   128 512: DMA 770048 / 128 = 6016, 4091414 / 128 = 31964;
 *   DMA32 3321366 / 512 = 6487.
 *   0 16: DMA cleared; DMA32 3321366 / 16 = 207585.
 */
static void test_lowmem_reserve_ratio(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	check_protection(m, MC_ZONE_DMA, 3008, 15982, 15982, 15982);
	check_protection(m, MC_ZONE_DMA32, 0, 12974, 12974, 12974);
	check_protection(m, MC_ZONE_NORMAL, 0, 0, 0, 0);

	wr_ok(m, "vm.lowmem_reserve_ratio", "128 512 32 0 0");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "128\t512\t32\t0\t0\n");
	check_protection(m, MC_ZONE_DMA, 6016, 31964, 31964, 31964);
	check_protection(m, MC_ZONE_DMA32, 0, 6487, 6487, 6487);

	wr_ok(m, "vm.lowmem_reserve_ratio", "256 256 64 0 0");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "256\t256\t64\t0\t0\n");
	check_protection(m, MC_ZONE_DMA, 3008, 15982, 15982, 15982);
	check_protection(m, MC_ZONE_DMA32, 0, 12974, 12974, 12974);
	check_protection(m, MC_ZONE_NORMAL, 0, 0, 0, 0);

	/* Parse errors are ignored and the write reports success. */
	wr_ok(m, "vm.lowmem_reserve_ratio", "junk");
	wr_ok(m, "vm.lowmem_reserve_ratio", "   ");
	wr_ok(m, "vm.lowmem_reserve_ratio", "2147483648");
	wr_ok(m, "vm.lowmem_reserve_ratio", "+1");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "256\t256\t64\t0\t0\n");
	check_protection(m, MC_ZONE_DMA, 3008, 15982, 15982, 15982);

	/* What parsed before the error stays; negatives become 0. */
	wr_ok(m, "vm.lowmem_reserve_ratio", "-5 0x10 abc");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "0\t16\t64\t0\t0\n");
	check_protection(m, MC_ZONE_DMA, 0, 0, 0, 0);
	check_protection(m, MC_ZONE_DMA32, 0, 207585, 207585, 207585);

	/* Beyond MAX_NR_ZONES numbers: the rest is not looked at. */
	wr_ok(m, "vm.lowmem_reserve_ratio", "1 2 3 4 5 6 junk");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "1\t2\t3\t4\t5\n");
	wr_ok(m, "vm.lowmem_reserve_ratio", "256 256 32 -1 -2147483648");
	assert_string_equal(rd(m, "vm.lowmem_reserve_ratio"),
			    "256\t256\t32\t0\t0\n");
	check_protection(m, MC_ZONE_DMA, 3008, 15982, 15982, 15982);
	check_protection(m, MC_ZONE_DMA32, 0, 12974, 12974, 12974);
	mc_machine_destroy(m);
}

/*
 * percpu_pagelist_high_fraction = 8: high_min = high_max = managed / 8 /
 * 4 CPUs (at least 4 * batch): DMA 3840 / 8 / 4 = 120, DMA32 770048 / 8
 * / 4 = 24064, Normal 3321366 / 8 / 4 = 103792.
 */
static void test_percpu_pagelist_high_fraction(void **state)
{
	struct mc_machine *m = new_machine();
	struct zone *normal = &m->node_data[0]->node_zones[ZONE_NORMAL];
	char v[4];

	(void)state;
	wr_ok(m, "vm.percpu_pagelist_high_fraction", "8");
	assert_string_equal(rd(m, "vm.percpu_pagelist_high_fraction"), "8\n");
	check_pcp(m, MC_ZONE_DMA, 1, 120, 120);
	check_pcp(m, MC_ZONE_DMA32, 63, 24064, 24064);
	check_pcp(m, MC_ZONE_NORMAL, 63, 103792, 103792);
	for (int c = 0; c < m->nr_cpu_ids; c++) {
		assert_int_equal(normal->per_cpu_pageset[c].high_min, 103792);
		assert_int_equal(normal->per_cpu_pageset[c].high_max, 103792);
	}

	/* 1..7 would let the pcp lists take too much: old value back. */
	for (int f = 1; f <= 7; f++) {
		snprintf(v, sizeof(v), "%d", f);
		wr_rejected(m, "vm.percpu_pagelist_high_fraction", v);
	}
	wr_rejected(m, "vm.percpu_pagelist_high_fraction", "-1");
	assert_string_equal(rd(m, "vm.percpu_pagelist_high_fraction"), "8\n");

	/* An unchanged value recomputes nothing. */
	normal->pageset_high_min = 12345;
	wr_ok(m, "vm.percpu_pagelist_high_fraction", "8");
	assert_int_equal(normal->pageset_high_min, 12345);
	/* A changed one recomputes: 3321366 / 16 / 4 = 51896. */
	wr_ok(m, "vm.percpu_pagelist_high_fraction", "16");
	check_pcp(m, MC_ZONE_NORMAL, 63, 51896, 51896);

	/* Back to 0: auto-tuned between the boot values (see
	 * test_min_free_kbytes). */
	wr_ok(m, "vm.percpu_pagelist_high_fraction", "0");
	check_pcp(m, MC_ZONE_DMA, 1, 4, 120);
	check_pcp(m, MC_ZONE_DMA32, 63, 992, 24064);
	check_pcp(m, MC_ZONE_NORMAL, 63, 4282, 103792);
	mc_machine_destroy(m);
}

/* Scans done by manual compaction: every zone is walked when it runs. */
static unsigned long scanned(struct mc_machine *m)
{
	return m->vm_events[COMPACTMIGRATE_SCANNED] +
	       m->vm_events[COMPACTFREE_SCANNED];
}

static void test_compact_memory(void **state)
{
	struct mc_machine *m = t_machine("pc:1G", 0);
	unsigned long before;
	char buf[16];

	(void)state;
	/* Refused writes compact nothing. */
	before = scanned(m);
	assert_int_equal(wr(m, "vm.compact_memory", "2"), -EINVAL);
	assert_int_equal(wr(m, "vm.compact_memory", "1x"), -EINVAL);
	assert_int_equal(scanned(m), before);
	/* 1 runs compact_nodes(): the scanners walk the zones. */
	assert_int_equal(wr(m, "vm.compact_memory", "1"), 0);
	assert_true(scanned(m) > before);
	assert_int_equal(t_check(m), 0);

	assert_int_equal(mc_sysctl_read(m, "vm.compact_memory", buf,
					sizeof(buf)), -EACCES);
	assert_int_equal(mc_sysctl_read(m, "/proc/sys/vm/compact_memory", buf,
					sizeof(buf)), -EACCES);
	assert_int_equal(wr(m, "vm.compact_memory", "1"), 0);
	assert_int_equal(wr(m, "vm.compact_memory", "1\n"), 0);
	assert_int_equal(wr(m, "vm.compact_memory", "0x1"), 0);
	/* Other integers are stored (nobody can read them) but refused. */
	assert_int_equal(wr(m, "vm.compact_memory", "2"), -EINVAL);
	assert_int_equal(m->sysctl.compact_memory, 2);
	assert_int_equal(wr(m, "vm.compact_memory", "0"), -EINVAL);
	assert_int_equal(wr(m, "vm.compact_memory", "-1"), -EINVAL);
	assert_int_equal(m->sysctl.compact_memory, -1);
	/* Non-integers are refused by the parser and store nothing. */
	assert_int_equal(wr(m, "vm.compact_memory", "abc"), -EINVAL);
	assert_int_equal(wr(m, "vm.compact_memory", "1abc"), -EINVAL);
	assert_int_equal(m->sysctl.compact_memory, -1);
	assert_int_equal(wr(m, "vm.compact_memory", "1"), 0);
	assert_int_equal(m->sysctl.compact_memory, 1);
	mc_machine_destroy(m);
}

static void test_compaction_proactiveness(void **state)
{
	struct mc_machine *m = new_machine();
	struct pglist_data *pgdat = m->node_data[0];

	(void)state;
	assert_false(pgdat->proactive_compact_trigger);
	/* 0 disables and triggers nothing; a refused write neither. */
	wr_ok(m, "vm.compaction_proactiveness", "0");
	assert_string_equal(rd(m, "vm.compaction_proactiveness"), "0\n");
	wr_rejected(m, "vm.compaction_proactiveness", "101");
	wr_rejected(m, "vm.compaction_proactiveness", "5x");
	assert_false(pgdat->proactive_compact_trigger);
	/* Any non-zero write triggers, even of the value already set. */
	wr_ok(m, "vm.compaction_proactiveness", "20");
	assert_true(pgdat->proactive_compact_trigger);
	pgdat->proactive_compact_trigger = false;
	wr_ok(m, "vm.compaction_proactiveness", "20");
	assert_true(pgdat->proactive_compact_trigger);
	pgdat->proactive_compact_trigger = false;
	wr_ok(m, "vm.compaction_proactiveness", "100");
	wr_ok(m, "vm.compaction_proactiveness", "100");
	assert_string_equal(rd(m, "vm.compaction_proactiveness"), "100\n");
	wr_rejected(m, "vm.compaction_proactiveness", "101");
	wr_rejected(m, "vm.compaction_proactiveness", "-1");
	mc_machine_destroy(m);
}

static void test_numa_zonelist_order(void **state)
{
	static const char *const ok[] = {
		"Node", "node", "N", "n", "default", "D", "d", "nonsense",
		"Node\n",
	};
	static const char *const bad[] = {
		"Zone", "zone", " node", "\nnode", "1", "Z", "\n", "-",
	};
	struct mc_machine *m = new_machine();

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		wr_ok(m, "vm.numa_zonelist_order", ok[i]);
		assert_string_equal(rd(m, "vm.numa_zonelist_order"), "Node\n");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		wr_rejected(m, "vm.numa_zonelist_order", bad[i]);
	wr_rejected_len(m, "vm.numa_zonelist_order", "\0node", 5, -EINVAL);
	mc_machine_destroy(m);
}

static void test_overcommit_memory(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	wr_ok(m, "vm.overcommit_memory", "2");
	assert_int_equal(m->sysctl.overcommit_memory, 2);
	assert_string_equal(rd(m, "vm.overcommit_memory"), "2\n");
	wr_rejected(m, "vm.overcommit_memory", "3");
	wr_rejected(m, "vm.overcommit_memory", "-1");
	wr_rejected(m, "vm.overcommit_memory", " ");
	wr_ok(m, "vm.overcommit_memory", "1 3");
	assert_string_equal(rd(m, "vm.overcommit_memory"), "1\n");
	mc_machine_destroy(m);
}

/* Plain knobs store exactly what was written. */
static void test_plain_knobs(void **state)
{
	struct mc_machine *m = new_machine();

	(void)state;
	wr_ok(m, "vm.extfrag_threshold", "750");
	assert_int_equal(m->sysctl.extfrag_threshold, 750);
	wr_ok(m, "vm.watermark_boost_factor", "0");
	assert_int_equal(m->sysctl.watermark_boost_factor, 0);
	wr_ok(m, "vm.compact_unevictable_allowed", "0");
	assert_int_equal(m->sysctl.compact_unevictable_allowed, 0);
	wr_ok(m, "vm.zone_reclaim_mode", "4");
	assert_int_equal(m->sysctl.zone_reclaim_mode, 4);
	wr_ok(m, "vm.memcompact_kcompactd_sleep_millisecs", "250");
	assert_int_equal(m->sysctl.kcompactd_sleep_millisecs, 250);
	wr_ok(m, "vm.min_unmapped_ratio", "7");
	assert_int_equal(m->sysctl.min_unmapped_ratio, 7);
	wr_ok(m, "vm.min_slab_ratio", "9");
	assert_int_equal(m->sysctl.min_slab_ratio, 9);
	wr_ok(m, "vm.swappiness", "200");
	assert_int_equal(m->sysctl.swappiness, 200);
	wr_ok(m, "vm.vfs_cache_pressure", "1000");
	assert_int_equal(m->sysctl.vfs_cache_pressure, 1000);
	wr_ok(m, "vm.dirty_ratio", "40");
	assert_int_equal(m->sysctl.dirty_ratio, 40);
	wr_ok(m, "vm.dirty_background_ratio", "5");
	assert_int_equal(m->sysctl.dirty_background_ratio, 5);
	assert_int_equal(t_check(m), 0);
	mc_machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_foreach),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_buffer_too_small),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_stat_interval),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_zero_byte_write),
		cmocka_unit_test(test_min_free_kbytes),
		cmocka_unit_test(test_watermark_scale_factor),
		cmocka_unit_test(test_lowmem_reserve_ratio),
		cmocka_unit_test(test_percpu_pagelist_high_fraction),
		cmocka_unit_test(test_compact_memory),
		cmocka_unit_test(test_compaction_proactiveness),
		cmocka_unit_test(test_numa_zonelist_order),
		cmocka_unit_test(test_overcommit_memory),
		cmocka_unit_test(test_plain_knobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
