// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_arena.c - an arena (real memory as page frames, docs/arena.md) fed
 * random operation sequences: handle allocations of any order and gfp,
 * frees (of live, stale, mapped and made-up handles), maps and unmaps
 * (some kept across steps, pinning their blocks), writes, compaction of
 * the machine (manual, vm.compact_memory, contiguous allocations that
 * migrate handle blocks out), incremental defragmentation passes with
 * every move op, injected migration failures, time.
 *
 * The oracle is the data: every block holds a pattern of its own, and
 * whatever moves it, it must read back intact; a mapped block must not
 * move (its address stays valid); freed and allocated pages must pass the
 * poison check (MC_ARENA_POISON_CHECK); after every step the invariant
 * checker finds nothing, the arena counts the handles the shadow counts,
 * each handle's order is the shadow's; bad handles give -EINVAL and busy
 * ones -EBUSY, and change nothing.
 */
#include "fuzz.h"

#include <errno.h>

#define MAX_H		512
#define MAX_STEPS	96
#define PAGE		4096u

struct hrec {
	mc_handle_t h;
	unsigned order;
	uint64_t tag;		/* pattern seed */
	unsigned maps;		/* maps held across steps */
	void *addr;		/* while mapped */
};

static struct {
	struct mc_arena *a;
	struct mc_machine *m;
	struct mc_arena_info info;
	struct hrec h[MAX_H];
	unsigned n;
	mc_handle_t freed[64];	/* stale handles */
	unsigned nfreed;
	uint64_t tags;
	unsigned poison_reports;
} A;

static void poison_report(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "poison: %s\n", msg);
	A.poison_reports++;
}

static uint64_t pat(uint64_t tag, uint64_t word)
{
	uint64_t z = tag * 0x9e3779b97f4a7c15ULL + word;

	z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
	return z ^ (z >> 29);
}

static size_t words(unsigned order)
{
	return ((size_t)PAGE << order) / 8;
}

static void fill(struct hrec *r, uint64_t *p)
{
	for (size_t w = 0; w < words(r->order); w++)
		p[w] = pat(r->tag, w);
}

/* Every word, or (@sample) the first words of every page and the last. */
static void verify(struct hrec *r, const uint64_t *p, const char *when,
		   bool sample)
{
	size_t n = words(r->order), per_page = PAGE / 8;

	for (size_t w = 0; w < n; w++) {
		if (sample && w % per_page >= 4 && w != n - 1)
			continue;
		FZ_ASSERT(p[w] == pat(r->tag, w),
			  "%s: handle %#llx order %u word %zu corrupted",
			  when, (unsigned long long)r->h, r->order, w);
	}
}

/* Map, check the data (and that the address is the block's), unmap. */
static void check_handle(struct hrec *r, const char *when, bool full)
{
	uint64_t pfn, *p;
	unsigned order;

	FZ_ASSERT(mc_arena_handle_pfn(A.a, r->h, &pfn, &order) == 0 &&
		  order == r->order, "%s: handle %#llx order %u/%u", when,
		  (unsigned long long)r->h, order, r->order);
	FZ_ASSERT(mc_arena_map(A.a, r->h, (void **)&p) == 0, "map");
	FZ_ASSERT(p == mc_arena_pfn_to_addr(A.a, pfn), "%s: map address",
		  when);
	if (r->maps)
		FZ_ASSERT(p == r->addr, "%s: a mapped block moved", when);
	verify(r, p, when, !full);
	FZ_ASSERT(mc_arena_unmap(A.a, r->h) == 0, "unmap");
}

static void check_all(const char *after, bool every)
{
	struct mc_arena_stats st;

	fz_check(A.m, after);
	FZ_ASSERT(mc_arena_stats(A.a, &st) == 0, "stats");
	FZ_ASSERT(st.live_handles == A.n, "after %s: %llu live handles, "
		  "shadow %u", after, (unsigned long long)st.live_handles,
		  A.n);
	FZ_ASSERT(st.poison_errors == 0 && A.poison_reports == 0,
		  "after %s: poison errors", after);
	/* every block's samples after each step, all of it at the end */
	for (unsigned i = 0; i < A.n; i++)
		check_handle(&A.h[i], after, every);
}

static void drop(unsigned i)
{
	if (A.nfreed < 64)
		A.freed[A.nfreed++] = A.h[i].h;
	A.h[i] = A.h[--A.n];
}

/* ---- operations ------------------------------------------------------------ */

static void op_alloc(struct fz *f)
{
	static const uint32_t gfps[] = {
		0, MC_GFP_ZERO, MC_GFP_NOWAIT, MC_GFP_NORETRY | MC_GFP_NOWARN,
		MC_GFP_KERNEL, MC_GFP_ATOMIC, 0x1000000u, MC_GFP_DMA,
	};
	uint8_t b = fz_u8(f);
	unsigned order = b < 200 ? b % 3 : b < 240 ? b % 10 : 10 + b % 4;
	uint32_t gfp = gfps[fz_below(f, 8)];
	struct hrec *r;
	mc_handle_t h = 0;
	uint64_t *p;
	int ret;

	if (A.n == MAX_H)
		return;
	ret = mc_arena_alloc(A.a, order, gfp, &h);
	if (ret) {
		FZ_ASSERT(ret == -ENOMEM || ret == -EINVAL,
			  "alloc order %u gfp %#x: %d", order, gfp, ret);
		return;
	}
	FZ_ASSERT(h != 0, "handle 0");
	r = &A.h[A.n++];
	*r = (struct hrec){ .h = h, .order = order, .tag = ++A.tags };
	FZ_ASSERT(mc_arena_map(A.a, h, (void **)&p) == 0, "map new");
	if (gfp & MC_GFP_ZERO)
		for (size_t w = 0; w < words(order); w++)
			FZ_ASSERT(p[w] == 0, "__GFP_ZERO block not zero");
	fill(r, p);
	FZ_ASSERT(mc_arena_unmap(A.a, h) == 0, "unmap new");
}

static void op_free(struct fz *f)
{
	unsigned i;
	int ret;

	if (!A.n)
		return;
	i = (unsigned)fz_below(f, A.n);
	check_handle(&A.h[i], "before free", true);
	ret = mc_arena_free(A.a, A.h[i].h);
	if (A.h[i].maps) {
		FZ_ASSERT(ret == -EBUSY, "free of a mapped handle: %d", ret);
		return;
	}
	FZ_ASSERT(ret == 0, "free: %d", ret);
	drop(i);
}

static void op_free_bad(struct fz *f)
{
	mc_handle_t h;
	int ret;

	if (A.nfreed && (fz_u8(f) & 1))
		h = A.freed[fz_below(f, A.nfreed)];
	else
		h = fz_u64(f);
	for (unsigned i = 0; i < A.n; i++)
		if (A.h[i].h == h)
			return;		/* happens to be live */
	ret = mc_arena_free(A.a, h);
	FZ_ASSERT(ret == -EINVAL, "free of a stale or made-up handle %#llx: "
		  "%d", (unsigned long long)h, ret);
	{
		uint64_t pfn;
		unsigned order;
		void *p;

		FZ_ASSERT(mc_arena_handle_pfn(A.a, h, &pfn, &order) == -EINVAL,
			  "handle_pfn of a bad handle");
		FZ_ASSERT(mc_arena_map(A.a, h, &p) == -EINVAL, "map bad");
		FZ_ASSERT(mc_arena_unmap(A.a, h) == -EINVAL, "unmap bad");
	}
}

/* Map and keep mapped, or unmap one kept mapped. */
static void op_map(struct fz *f)
{
	struct hrec *r;
	void *p;

	if (!A.n)
		return;
	r = &A.h[fz_below(f, A.n)];
	if (r->maps && (fz_u8(f) & 1)) {
		FZ_ASSERT(mc_arena_unmap(A.a, r->h) == 0, "unmap");
		r->maps--;
		return;
	}
	FZ_ASSERT(mc_arena_map(A.a, r->h, &p) == 0, "map");
	if (r->maps)
		FZ_ASSERT(p == r->addr, "a pinned block moved");
	r->addr = p;
	r->maps++;
	if (fz_u8(f) & 1) {		/* rewrite it with a new pattern */
		r->tag = ++A.tags;
		fill(r, p);
	}
}

static void op_unmap_unmapped(struct fz *f)
{
	struct hrec *r;

	if (!A.n)
		return;
	r = &A.h[fz_below(f, A.n)];
	if (r->maps)
		return;
	FZ_ASSERT(mc_arena_unmap(A.a, r->h) == -EINVAL,
		  "unmap of an unmapped handle");
}

static void op_compact(struct fz *f)
{
	switch (fz_u8(f) % 4) {
	case 0:
		FZ_ASSERT(mc_compact_node(A.m, 0, 0) == 0, "compact");
		break;
	case 1:
		FZ_ASSERT(mc_sysctl_write(A.m, "vm.compact_memory", "1", 1) == 0,
			  "compact_memory");
		break;
	case 2: {	/* a contiguous range: migrates handle blocks out */
		uint64_t nr = 1 + fz_below(f, 512), pfn;
		int ret = mc_alloc_contig_pages(A.m, nr, MC_GFP_KERNEL, -1, 0,
						NULL, &pfn);

		if (!ret)
			FZ_ASSERT(mc_free_contig_range(A.m, pfn, nr, 0) == 0,
				  "free contig");
		else
			FZ_ASSERT(ret == -ENOMEM || ret == -EBUSY,
				  "contig: %d", ret);
		break;
	}
	case 3: {
		uint64_t start = A.info.start_pfn +
				 fz_below(f, A.info.nr_pages);
		uint64_t nr = 1 + fz_below(f, 256);
		int ret;

		if (start + nr > A.info.start_pfn + A.info.nr_pages)
			nr = A.info.start_pfn + A.info.nr_pages - start;
		ret = mc_alloc_contig_range(A.m, start, start + nr,
					    MC_GFP_KERNEL, 0, NULL);
		if (!ret)
			FZ_ASSERT(mc_free_contig_range(A.m, start, nr, 0) == 0,
				  "free range");
		else
			FZ_ASSERT(ret == -EBUSY || ret == -ENOMEM ||
				  ret == -EINVAL || ret == -EINTR,
				  "range: %d", ret);
		break;
	}
	}
}

static void op_defrag(struct fz *f)
{
	struct mc_defrag_config cfg = {
		.max_bytes_per_pass = fz_below(f, 4) * 65536,
		.max_moves_per_pass = fz_below(f, 8),
	};
	struct mc_defrag *d;
	struct mc_defrag_move *mv;
	struct mc_defrag_stats st;
	static mc_handle_t destroyed[MAX_H];
	unsigned nd;
	size_t n;
	int passes = 0, ret;

	FZ_ASSERT(mc_defrag_begin(A.a, &cfg, &d) == 0, "defrag begin");
	while (passes++ < 4 && (ret = mc_defrag_pass_begin(d, &mv, &n)) == 1) {
		FZ_ASSERT(mc_defrag_pass_begin(d, &mv, &n) == -EBUSY,
			  "a second open pass");
		for (size_t k = 0; k < n; k++) {
			unsigned i;

			for (i = 0; i < A.n && A.h[i].h != mv[k].handle; i++)
				;
			FZ_ASSERT(i < A.n, "defrag proposes an unknown handle");
			FZ_ASSERT(mv[k].order == A.h[i].order, "defrag order");
			FZ_ASSERT(mc_arena_free(A.a, mv[k].handle) == -EBUSY,
				  "free of a handle in a pass");
			mv[k].op = (enum mc_defrag_op)(fz_u8(f) % 3);
			if (mv[k].op == MC_DEFRAG_DESTROY && A.h[i].maps)
				mv[k].op = MC_DEFRAG_IGNORE;
		}
		if (fz_u8(f) % 4 == 0)
			break;		/* end with the pass open: all ignored */
		/* the moves are valid until pass_end: keep what it destroys */
		nd = 0;
		for (size_t k = 0; k < n && nd < MAX_H; k++)
			if (mv[k].op == MC_DEFRAG_DESTROY)
				destroyed[nd++] = mv[k].handle;
		ret = mc_defrag_pass_end(d);
		for (unsigned k = 0; k < nd; k++)
			for (unsigned i = 0; i < A.n; i++)
				if (A.h[i].h == destroyed[k]) {
					drop(i);
					break;
				}
		if (ret == 0)
			break;
	}
	FZ_ASSERT(mc_defrag_end(d, &st) == 0, "defrag end");
}

static void op_fault(struct fz *f)
{
	struct mc_fault_attr a;
	static const int errors[] = { -EAGAIN, -ENOMEM, -EBUSY };

	FZ_ASSERT(mc_fault_get(A.m, MC_FAULT_MIGRATE, &a) == 0, "fault get");
	a.probability = fz_below(f, 101);
	a.interval = 1 + fz_below(f, 3);
	a.times = -1;
	a.error = errors[fz_below(f, 3)];
	FZ_ASSERT(mc_fault_set(A.m, MC_FAULT_MIGRATE, &a) == 0, "fault set");
	FZ_ASSERT(mc_fault_get(A.m, MC_FAULT_PAGE_ALLOC, &a) == 0, "get");
	a.probability = fz_below(f, 60);
	a.times = -1;
	a.min_order = 0;
	a.ignore_gfp_wait = fz_u8(f) & 1;
	FZ_ASSERT(mc_fault_set(A.m, MC_FAULT_PAGE_ALLOC, &a) == 0, "set");
}

static void op_addr(struct fz *f)
{
	uint64_t pfn = A.info.start_pfn + fz_below(f, A.info.nr_pages + 8);
	char *p = mc_arena_pfn_to_addr(A.a, pfn);
	uint64_t back;

	if (pfn >= A.info.start_pfn + A.info.nr_pages) {
		FZ_ASSERT(p == NULL, "address of a pfn outside");
		return;
	}
	FZ_ASSERT(mc_arena_addr_to_pfn(A.a, p + fz_below(f, PAGE), &back) == 0
		  && back == pfn, "address round trip");
	FZ_ASSERT(mc_arena_addr_to_pfn(A.a, (char *)A.info.base - 1, &back) ==
		  -EINVAL, "address before the arena");
}

static void op_advance(struct fz *f)
{
	FZ_ASSERT(mc_advance(A.m, fz_u16(f) * 100000ULL) == 0, "advance");
}

static const struct fz_op ops[] = {
	{ op_alloc, "alloc" }, { op_alloc, "alloc" }, { op_alloc, "alloc" },
	{ op_free, "free" }, { op_free, "free" }, { op_free_bad, "bad free" },
	{ op_map, "map" }, { op_unmap_unmapped, "unmap" },
	{ op_compact, "compact" }, { op_defrag, "defrag" },
	{ op_fault, "fault" }, { op_addr, "addr" }, { op_advance, "advance" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct mc_arena_config cfg = {
		.bytes = 8u << 20,
		.flags = MC_ARENA_POISON_CHECK,
		.nr_cpus = 1,
		.machine_flags = MC_OPT_NO_DAEMONS,
		.report = poison_report,
	};
	struct mc_error err;
	int steps = 0;

	memset(&A, 0, sizeof(A));
	cfg.seed = fz_u8(&f);
	if (fz_u8(&f) & 1)
		cfg.flags |= MC_ARENA_NO_FASTPATH;
	FZ_ASSERT(mc_arena_create(&cfg, &A.a, &err) == 0, "arena: %s",
		  err.msg);
	A.m = mc_arena_machine(A.a);
	mc_arena_info(A.a, &A.info);
	FZ_ASSERT(A.info.page_size == PAGE, "page size");
	while (!fz_empty(&f) && steps++ < MAX_STEPS) {
		unsigned op = fz_u8(&f) % (sizeof(ops) / sizeof(*ops));

		ops[op].fn(&f);
		check_all(ops[op].name, false);
	}
	/* every block intact; unmap, free; everything free again */
	check_all("end", true);
	for (unsigned i = 0; i < A.n; i++)
		for (; A.h[i].maps; A.h[i].maps--)
			FZ_ASSERT(mc_arena_unmap(A.a, A.h[i].h) == 0, "unmap");
	for (; A.n; A.n--)
		FZ_ASSERT(mc_arena_free(A.a, A.h[A.n - 1].h) == 0, "free");
	check_all("teardown", true);
	mc_arena_destroy(A.a);
	return 0;
}
