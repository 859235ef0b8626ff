// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_determinism.c - a run with background work, repeated with the same
 * seed, gives byte-identical traces and statistics.
 *
 * The run: pc:512M with 2 CPUs and 16 MiB of swap; a world (tasks with
 * THP and base pages, page-cache files, reclaimable and unreclaimable
 * slab) driven by 1500 random steps that push the machine into reclaim,
 * with machine time advancing between steps so that kswapd, kcompactd
 * (proactive and woken), the flushers and the vmstat worker all run; plus
 * vm.compact_memory, vm.drop_caches and proactiveness writes.  Every trace
 * event (all of them enabled) is formatted and hashed, then every /proc
 * file.  Two runs with seed 1 must agree on every byte; seed 2 must not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"

struct digest {
	uint64_t h;		/* FNV-1a 64 over every byte */
	uint64_t lines, bytes;
	uint64_t kswapd_wakes, kcompactd_wakes, proactive_runs, migrations;
};

static void fnv(struct digest *d, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		d->h ^= (unsigned char)p[i];
		d->h *= 0x100000001b3ULL;
	}
	d->bytes += n;
}

static void on_event(void *ctx, const struct mc_trace_event *ev)
{
	struct digest *d = ctx;
	char buf[1024];
	int n = mc_trace_format(NULL, ev, 0, buf, sizeof(buf));

	assert_true(n > 0 && (size_t)n < sizeof(buf));
	fnv(d, buf, (size_t)n);
	d->lines++;
	if (ev->id == MC_TRACE_mm_vmscan_kswapd_wake)
		d->kswapd_wakes++;
	if (ev->id == MC_TRACE_mm_compaction_kcompactd_wake)
		d->kcompactd_wakes++;
	if (ev->id == MC_TRACE_mm_compaction_begin &&
	    !strcmp(ev->comm, "kcompactd0"))
		d->proactive_runs++;
	if (ev->id == MC_TRACE_mm_migrate_pages)
		d->migrations++;
}

static void on_text(void *ctx, const char *buf, size_t len)
{
	fnv(ctx, buf, len);
}

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void run(uint64_t seed, struct digest *d)
{
	struct mc_machine_desc desc;
	struct mc_options o = { .seed = seed, .swap_pages = 4096 };
	struct mc_machine *m;
	struct mc_error err;
	struct mc_world *w;
	int tasks[4], files[3], caches[2];
	uint64_t rng = seed;

	memset(d, 0, sizeof(*d));
	d->h = 0xcbf29ce484222325ULL;
	assert_int_equal(mc_desc_preset("pc:512M,cpus=2", &desc, &err), 0);
	assert_int_equal(mc_machine_create(&desc, &o, &m, &err), 0);
	assert_true(mc_trace_enable(m, "*", true) > 0);
	mc_trace_set_callback(m, on_event, d);
	assert_int_equal(mc_world_create(m, seed, &w), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(mc_task_create(w, "t", i & 1, &tasks[i]), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(mc_file_create(w, "f", &files[i]), 0);
	assert_int_equal(mc_slab_create(w, "dentry", 192, true, &caches[0]),
			 0);
	assert_int_equal(mc_slab_create(w, "kmalloc-512", 512, false,
					&caches[1]), 0);

	for (int step = 0; step < 1500; step++) {
		uint64_t r = next(&rng);
		int t = tasks[r % 4], f = files[(r >> 8) % 3];
		int c = caches[(r >> 12) & 1], cpu = (int)((r >> 16) & 1);
		uint64_t at = (r >> 20) % 65536, n = 1 + (r >> 40) % 2048;

		switch ((r >> 56) % 12) {
		case 0: case 1: case 2:
			mc_task_touch(w, t, at, n, (r >> 18) & 1 ?
				      MC_TOUCH_MADVISE_HUGEPAGE : 0);
			break;
		case 3: case 4:
			mc_task_unmap(w, t, at, n * 2);
			break;
		case 5:
			mc_file_read(w, f, cpu, at, n);
			break;
		case 6:
			mc_file_write(w, f, cpu, at, n / 4 + 1);
			break;
		case 7:
			if (r & 1)
				mc_file_sync(w, f);
			else
				mc_file_truncate(w, f, at, n * 4);
			break;
		case 8:
			mc_slab_alloc(w, c, cpu, n);
			break;
		case 9:
			mc_slab_free(w, c, cpu, n);
			break;
		case 10:
			if ((r & 0xff) == 0)
				mc_sysctl_write(m, "vm.compact_memory", "1", 1);
			else if ((r & 0xff) == 1)
				mc_sysctl_write(m, "vm.drop_caches", "3", 1);
			else if ((r & 0xff) < 8)
				mc_sysctl_write(m, "vm.compaction_proactiveness",
						(r & 4) ? "40" : "20", 2);
			break;
		default:
			break;
		}
		assert_int_equal(mc_advance(m, (r >> 24) % 50000000ULL), 0);
	}
	assert_int_equal(mc_advance(m, 5000000000ULL), 0);
	for (int f = 0; f < MC_PROC_NR_FILES; f++)
		assert_int_equal(mc_proc_render(m, (enum mc_proc_file)f,
						on_text, d), 0);
	assert_int_equal(t_check(m), 0);
	mc_trace_set_callback(m, NULL, NULL);
	mc_world_destroy(w);
	mc_machine_destroy(m);
}

static void test_same_seed_same_bytes(void **state)
{
	struct digest a, b, c;

	(void)state;
	run(1, &a);
	print_message("seed 1: %llu trace lines, %llu bytes, kswapd wakes %llu, "
		      "kcompactd wakes %llu, kcompactd compactions %llu, "
		      "migrate_pages calls %llu\n",
		      (unsigned long long)a.lines, (unsigned long long)a.bytes,
		      (unsigned long long)a.kswapd_wakes,
		      (unsigned long long)a.kcompactd_wakes,
		      (unsigned long long)a.proactive_runs,
		      (unsigned long long)a.migrations);
	/* the background work happened */
	assert_true(a.kswapd_wakes > 0);
	assert_true(a.kcompactd_wakes + a.proactive_runs > 0);
	assert_true(a.migrations > 0);
	run(1, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	run(2, &c);
	assert_true(c.h != a.h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
