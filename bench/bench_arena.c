// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_arena.c - an arena's compaction throughput next to the physical
 * limit, and its allocation throughput by thread count.
 *
 * Compaction: a 256 MiB arena (prefaulted) is filled with order-0 handle
 * blocks, each page written; then 3 of every 4 pages of each 2 MiB block
 * are freed (the same fragmentation as scripts/kernel-compact-bench.sh
 * makes of the host's memory) and vm.compact_memory's compaction of the
 * node is timed: pages migrated (pgmigrate_success) and bytes copied per
 * second.  In the same run, the same number of bytes is copied with plain
 * memcpy, 4 KiB at a time between two prefaulted buffers (the memory
 * bandwidth the copies alone would need), and the ratio is printed.
 * Best of 3 runs each.
 *
 * Allocation: 1, 2 and 4 threads each allocate and free order-0 handles
 * (batches of 64, so the per-cpu lists refill and drain) on a 64 MiB
 * arena, with the per-cpu fast path and without it (MC_ARENA_NO_FASTPATH:
 * every call takes the API lock); operations per second in total.
 *
 * Lines are "name: value unit".  No assertions on time.  With
 * "--compact MIB" only the compaction part runs, on an arena of MIB MiB
 * (scripts/kernel-compact-bench.sh compares it with the kernel's).
 */
#include <memcompact.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define MiB (1024ull * 1024)
#define PAGE 4096u

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t vm(struct mc_machine *m, const char *name)
{
	uint64_t v = 0;

	mc_vmstat_get(m, name, &v);
	return v;
}

/* One compaction run; returns seconds, *pages migrated. */
static double compact_once(size_t bytes, uint64_t *pages)
{
	struct mc_arena_config cfg = { .bytes = bytes, .nr_cpus = 1,
				       .flags = MC_ARENA_POPULATE };
	size_t n = bytes / PAGE, live = 0;
	mc_handle_t *h = calloc(n, sizeof(*h));
	struct mc_arena *a;
	struct mc_machine *m;
	struct mc_error err;
	double t;
	uint64_t before;

	if (!h || mc_arena_create(&cfg, &a, &err)) {
		fprintf(stderr, "bench_arena: %s\n", h ? err.msg : "no memory");
		exit(1);
	}
	m = mc_arena_machine(a);
	for (size_t i = 0; i < n; i++) {
		uint64_t *p;

		if (mc_arena_alloc(a, 0, MC_GFP_NORETRY | MC_GFP_NOWARN,
				   &h[live]))
			break;
		mc_arena_map(a, h[live], (void **)&p);
		memset(p, (int)i, PAGE);
		mc_arena_unmap(a, h[live]);
		live++;
	}
	/* free 3 of every 4 pages of each 2 MiB block: by pfn */
	for (size_t i = 0; i < live; i++) {
		uint64_t pfn;

		mc_arena_handle_pfn(a, h[i], &pfn, NULL);
		if (pfn & 3)
			mc_arena_free(a, h[i]);
	}
	mc_drain_all_pages(m);
	before = vm(m, "pgmigrate_success");
	t = now_s();
	mc_compact_node(m, 0, 0);
	t = now_s() - t;
	*pages = vm(m, "pgmigrate_success") - before;
	mc_arena_destroy(a);
	free(h);
	return t;
}

static double memcpy_once(uint64_t pages, void *src, void *dst)
{
	double t = now_s();

	for (uint64_t i = 0; i < pages; i++)
		memcpy((char *)dst + i * PAGE, (char *)src + i * PAGE, PAGE);
	t = now_s() - t;
	/* keep the copies */
	if (((volatile char *)dst)[(pages - 1) * PAGE] == 0x7f)
		fprintf(stderr, " ");
	return t;
}

struct athread {
	struct mc_arena *a;
	uint64_t ops;
	double secs;
};

static void *alloc_main(void *arg)
{
	struct athread *t = arg;
	mc_handle_t h[64];
	double t0 = now_s();

	while (now_s() - t0 < 0.5) {
		for (int i = 0; i < 64; i++)
			if (mc_arena_alloc(t->a, 0, MC_GFP_NOWARN, &h[i]))
				h[i] = 0;
		for (int i = 0; i < 64; i++)
			if (h[i])
				mc_arena_free(t->a, h[i]);
		t->ops += 128;
	}
	t->secs = now_s() - t0;
	return NULL;
}

static double alloc_rate(unsigned nthreads, unsigned flags)
{
	struct mc_arena_config cfg = { .bytes = 64 * MiB,
				       .nr_cpus = nthreads, .flags = flags };
	struct athread t[8];
	pthread_t tid[8];
	struct mc_arena *a;
	double rate = 0;

	if (mc_arena_create(&cfg, &a, NULL))
		exit(1);
	for (unsigned i = 0; i < nthreads; i++) {
		t[i] = (struct athread){ .a = a };
		pthread_create(&tid[i], NULL, alloc_main, &t[i]);
	}
	for (unsigned i = 0; i < nthreads; i++) {
		pthread_join(tid[i], NULL);
		rate += (double)t[i].ops / t[i].secs;
	}
	mc_arena_destroy(a);
	return rate;
}

int main(int argc, char **argv)
{
	size_t bytes = 256 * MiB;
	double best = 1e9, best_cp = 1e9;
	uint64_t pages = 0;
	void *src, *dst;
	bool compact_only = false;

	/* --compact MIB: only the compaction part, on MIB MiB
	 * (scripts/kernel-compact-bench.sh) */
	if (argc > 2 && !strcmp(argv[1], "--compact")) {
		bytes = strtoull(argv[2], NULL, 0) * MiB;
		compact_only = true;
	}

	for (int r = 0; r < 3; r++) {
		uint64_t p;
		double t = compact_once(bytes, &p);

		if (t < best) {
			best = t;
			pages = p;
		}
	}
	src = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	dst = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED)
		return 1;
	memset(src, 1, pages * PAGE);
	for (int r = 0; r < 3; r++) {
		double t = memcpy_once(pages, src, dst);

		if (t < best_cp)
			best_cp = t;
	}
	munmap(src, pages * PAGE);
	munmap(dst, pages * PAGE);

	printf("arena_size: %zu MiB\n", bytes >> 20);
	printf("arena_compact_pages_migrated: %llu pages\n",
	       (unsigned long long)pages);
	printf("arena_compact_time: %.4f s\n", best);
	printf("arena_compact_pages_per_s: %.0f pages/s\n", pages / best);
	printf("arena_compact_bytes_per_s: %.1f MiB/s\n",
	       pages * PAGE / best / MiB);
	printf("memcpy_same_bytes_time: %.4f s\n", best_cp);
	printf("memcpy_pages_per_s: %.0f pages/s\n", pages / best_cp);
	printf("memcpy_bytes_per_s: %.1f MiB/s\n",
	       pages * PAGE / best_cp / MiB);
	printf("arena_compact_vs_memcpy: %.3f\n", best_cp / best);
	if (compact_only)
		return 0;

	for (unsigned n = 1; n <= 4; n *= 2) {
		double fast = alloc_rate(n, 0);
		double slow = alloc_rate(n, MC_ARENA_NO_FASTPATH);

		printf("arena_alloc_free_%ut_fastpath: %.0f ops/s\n", n, fast);
		printf("arena_alloc_free_%ut_api_lock: %.0f ops/s\n", n, slow);
	}
	return 0;
}
