// SPDX-License-Identifier: GPL-2.0-only
/*
 * arena.c - the allocator over real memory (docs/arena.md).
 *
 * An arena is a threaded machine with one node and one ZONE_NORMAL whose
 * page frames are the pages of a real region.  Frame pfns are chosen so
 * that a pfn and its address agree modulo the largest block
 * (2^MAX_PAGE_ORDER pages): every buddy block is naturally aligned in the
 * address space too, as physical blocks are.  The machine's backend hooks
 * make the model's events real: migration copies the frames
 * (copy_page, where migrate_folio copies), freed pages are poisoned and
 * made inaccessible to ASan and valgrind (page_free_hook, in
 * free_pages_prepare), allocated pages are checked and opened again
 * (page_alloc_hook, in post_alloc_hook).
 *
 * Locking.  Every holder of the machine's API lock also holds the lock of
 * every per-cpu list (api_lock_hook).  An order-0 handle allocation or
 * free first takes only its thread's per-cpu lock and works on that CPU's
 * pcp list (pcp_fast_alloc / pcp_fast_free in page_alloc.c), taking the
 * zone lock for a refill or drain as the kernel does; anything else (a
 * higher order, an empty list that cannot be refilled above the low
 * watermark, a boosted watermark, tracing, MC_OPT_CHECK_EACH_OP) releases
 * it and takes the API lock: the full allocator, slow path included.
 * The fast path's vm events are kept per cpu and added to the machine's
 * counters whenever the API lock is taken, so anything that reads the
 * machine (the invariant checker, /proc files) sees them all.
 */
#include "arena/arena.h"
#include "mm/api_unlocked.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_NOACCESS(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_PAGE_SHIFT	12
#define ARENA_DEFAULT_CPUS	4
#define ARENA_FLAGS_ALL		(MC_ARENA_HUGETLB | MC_ARENA_HUGETLB_ONLY | \
				 MC_ARENA_POPULATE | MC_ARENA_POISON |	    \
				 MC_ARENA_POISON_CHECK | MC_ARENA_NO_FASTPATH)
#define ARENA_GFP_MODIFIERS	(MC_GFP_ZERO | MC_GFP_NOWARN |		    \
				 MC_GFP_NORETRY | MC_GFP_RETRY_MAYFAIL |    \
				 MC_GFP_NOFAIL | MC_GFP_HIGH |		    \
				 MC_GFP_MEMALLOC | MC_GFP_NOMEMALLOC |	    \
				 MC_GFP_RECLAIM)

/* ---- which per-cpu list a thread uses -------------------------------------- */

static atomic_uint thread_seq;
static _Thread_local unsigned int tl_seq;	/* 0: not numbered yet */

static unsigned int this_cpu(const struct mc_arena *a)
{
	if (!tl_seq)
		tl_seq = atomic_fetch_add(&thread_seq, 1) + 1;
	return (tl_seq - 1) % a->nr_cpus;
}

/* ---- the backend hooks ------------------------------------------------------- */

static bool poisoning(const struct mc_arena *a)
{
	return a->flags & (MC_ARENA_POISON | MC_ARENA_POISON_CHECK);
}

static void report_poison(struct mc_arena *a, unsigned long pfn,
			  size_t off, unsigned char byte)
{
	char msg[160];

	atomic_fetch_add(&a->poison_errors, 1);
	if (!a->report)
		return;
	snprintf(msg, sizeof(msg),
		 "arena: pfn 0x%lx byte %zu is 0x%02x, not the poison 0x%02x: "
		 "written after it was freed", pfn + off / ((size_t)1 << a->shift),
		 off % ((size_t)1 << a->shift), byte, MC_ARENA_POISON_BYTE);
	a->report(a->report_ctx, msg);
}

/* post_alloc_hook: open the frames, check the poison, zero if asked. */
static void arena_alloc_hook(struct mc_machine *m, unsigned long pfn,
			     unsigned int order, unsigned int gfp)
{
	struct mc_arena *a = m->backend;
	unsigned char *p = arena_addr(a, pfn);
	size_t len = (size_t)1 << (order + a->shift);

	ASAN_UNPOISON_MEMORY_REGION(p, len);
	VALGRIND_MAKE_MEM_DEFINED(p, len);
	if (a->flags & MC_ARENA_POISON_CHECK) {
		const uint64_t pat = 0x0101010101010101ull *
				     MC_ARENA_POISON_BYTE;
		const uint64_t *w = (const uint64_t *)(void *)p;

		for (size_t i = 0; i < len / 8; i++) {
			if (w[i] == pat)
				continue;
			for (size_t b = i * 8; b < i * 8 + 8; b++)
				if (p[b] != MC_ARENA_POISON_BYTE) {
					report_poison(a, pfn, b, p[b]);
					break;
				}
			break;
		}
	}
	if (gfp & MC_GFP_ZERO)
		memset(p, 0, len);
}

/* free_pages_prepare: poison the frames and close them. */
static void arena_free_hook(struct mc_machine *m, unsigned long pfn,
			    unsigned int order)
{
	struct mc_arena *a = m->backend;
	unsigned char *p = arena_addr(a, pfn);
	size_t len = (size_t)1 << (order + a->shift);

	if (poisoning(a))
		memset(p, MC_ARENA_POISON_BYTE, len);
	ASAN_POISON_MEMORY_REGION(p, len);
	VALGRIND_MAKE_MEM_NOACCESS(p, len);
}

void arena_copy(struct mc_arena *a, unsigned long dst, unsigned long src,
		unsigned int order)
{
	size_t len = (size_t)1 << (order + a->shift);

	memcpy(arena_addr(a, dst), arena_addr(a, src), len);
}

/* migrate_folio's folio_mc_copy(). */
static void arena_copy_hook(struct mc_machine *m, unsigned long dst,
			    unsigned long src, unsigned int order)
{
	struct mc_arena *a = m->backend;

	arena_copy(a, dst, src, order);
	a->migrated_pages += 1ull << order;
	a->migrated_bytes += (uint64_t)1 << (order + a->shift);
}

static bool compute_fast_ok(const struct mc_arena *a)
{
	const struct mc_machine *m = a->m;

	if (a->flags & MC_ARENA_NO_FASTPATH)
		return false;
	if (m->opts & MC_OPT_CHECK_EACH_OP)
		return false;
	if (m->trace_fn)
		for (size_t i = 0; i < ARRAY_SIZE(m->trace_enabled); i++)
			if (m->trace_enabled[i])
				return false;
	return true;
}

/* The API lock's first acquisition and last release by a thread. */
static void arena_api_lock_hook(struct mc_machine *m, bool locked)
{
	struct mc_arena *a = m->backend;

	if (locked) {
		for (unsigned int c = 0; c < a->nr_cpus; c++) {
			pthread_mutex_lock(&a->cpu[c].lock);
			pcp_fast_fold(a->zone, &a->cpu[c].ev);
		}
		return;
	}
	atomic_store_explicit(&a->fast_ok, compute_fast_ok(a),
			      memory_order_relaxed);
	for (unsigned int c = a->nr_cpus; c-- > 0;)
		pthread_mutex_unlock(&a->cpu[c].lock);
}

/* ---- handles --------------------------------------------------------------- */

struct arena_handle *arena_handle_get(struct mc_arena *a, mc_handle_t h,
				      uint32_t *idx)
{
	uint32_t i = (uint32_t)h;
	struct arena_handle *e;

	if (!a || i == 0 || i >= a->nr_handles)
		return NULL;
	e = &a->h[i];
	if (e->gen != (uint32_t)(h >> 32) || e->state == AH_FREE)
		return NULL;
	if (idx)
		*idx = i;
	return e;
}

/* A free index for cpu @c (whose lock the caller holds); 0 if none. */
static uint32_t handle_pop(struct mc_arena *a, unsigned int c)
{
	struct arena_cpu *pc = &a->cpu[c];

	if (!pc->nmag) {
		pthread_mutex_lock(&a->handle_lock);
		while (a->nhfree && pc->nmag < ARENA_MAG / 2)
			pc->mag[pc->nmag++] = a->hfree[--a->nhfree];
		pthread_mutex_unlock(&a->handle_lock);
		if (!pc->nmag)
			return 0;
	}
	return pc->mag[--pc->nmag];
}

static void handle_push(struct mc_arena *a, unsigned int c, uint32_t idx)
{
	struct arena_cpu *pc = &a->cpu[c];

	if (pc->nmag == ARENA_MAG) {
		pthread_mutex_lock(&a->handle_lock);
		while (pc->nmag > ARENA_MAG / 2)
			a->hfree[a->nhfree++] = pc->mag[--pc->nmag];
		pthread_mutex_unlock(&a->handle_lock);
	}
	pc->mag[pc->nmag++] = idx;
}

static void handle_kill(struct mc_arena *a, unsigned int c, uint32_t idx)
{
	struct arena_handle *e = &a->h[idx];

	e->state = AH_FREE;
	if (++e->gen == 0)
		e->gen = 1;
	handle_push(a, c, idx);
}

void arena_handle_release(struct mc_arena *a, uint32_t idx)
{
	handle_kill(a, this_cpu(a), idx);
}

int arena_free_block(struct mc_arena *a, unsigned long pfn,
		     unsigned int order)
{
	return unlocked_mc_free_pages(a->m, pfn, order, (int)this_cpu(a));
}

/* The owner operations of handle blocks (movable_operations). */
static bool handle_isolate(void *ctx, uint64_t pfn, uint32_t cookie, int mode)
{
	struct mc_arena *a = ctx;
	struct arena_handle *e;

	(void)mode;
	if (cookie == 0 || cookie >= a->nr_handles)
		return false;
	e = &a->h[cookie];
	/* zsmalloc's HANDLE_PIN_BIT: a mapped block stays where it is */
	return e->state == AH_LIVE && e->pfn == pfn &&
	       atomic_load_explicit(&e->pins, memory_order_relaxed) == 0;
}

static int handle_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
			  unsigned order, uint32_t cookie, int mode)
{
	struct mc_arena *a = ctx;
	struct arena_handle *e;

	(void)mode;
	(void)order;
	if (cookie == 0 || cookie >= a->nr_handles)
		return -EINVAL;
	e = &a->h[cookie];
	if (e->state != AH_LIVE || e->pfn != old_pfn)
		return -EINVAL;
	if (atomic_load_explicit(&e->pins, memory_order_relaxed))
		return -EAGAIN;
	e->pfn = new_pfn;	/* the bytes are already there */
	return 0;
}

static void handle_putback(void *ctx, uint64_t pfn, uint32_t cookie)
{
	(void)ctx;
	(void)pfn;
	(void)cookie;
}

/* A handle names a whole block: never split it into pieces that would
 * move apart (migration then fails this block instead). */
static int handle_split(void *ctx, uint64_t head_pfn, unsigned order,
			uint32_t cookie, uint32_t *cookies)
{
	(void)ctx;
	(void)head_pfn;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static const struct mc_owner_ops handle_ops = {
	.isolate = handle_isolate,
	.migrate = handle_migrate,
	.putback = handle_putback,
	.split = handle_split,
};

/* ---- creating and destroying ------------------------------------------------ */

static int map_region(struct mc_arena *a, size_t len, unsigned int flags,
		      struct mc_error *err)
{
	int pop = (flags & MC_ARENA_POPULATE) ? MAP_POPULATE : 0;
	/* the largest block: 2^MAX_PAGE_ORDER pages (4 MiB) */
	size_t align = (size_t)1 << (10 + ARENA_PAGE_SHIFT);
	uint8_t *p;

	if (flags & (MC_ARENA_HUGETLB | MC_ARENA_HUGETLB_ONLY)) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | pop, -1,
			 0);
		if (p != MAP_FAILED) {
			a->map_base = a->base = p;
			a->map_len = len;
			a->hugetlb = true;
			return 0;
		}
		a->hugetlb_errno = errno;
		if (flags & MC_ARENA_HUGETLB_ONLY) {
			mc_err(err, "<arena>", 0,
			       "mmap(MAP_HUGETLB) of %zu bytes failed: %s "
			       "(are there enough huge pages? vm.nr_hugepages)",
			       len, strerror(a->hugetlb_errno));
			return -ENOMEM;
		}
	}
	/* Over-map and trim, so that the region starts on a boundary of the
	 * largest block. */
	p = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | pop, -1, 0);
	if (p == MAP_FAILED) {
		mc_err(err, "<arena>", 0, "mmap of %zu bytes failed: %s", len,
		       strerror(errno));
		return -ENOMEM;
	}
	{
		uint8_t *start = (uint8_t *)ALIGN((uintptr_t)p, align);
		size_t head = (size_t)(start - p);

		if (head)
			munmap(p, head);
		if (align - head)
			munmap(start + len, align - head);
		a->map_base = a->base = start;
		a->map_len = len;
	}
	return 0;
}

void mc_arena_destroy(struct mc_arena *a)
{
	if (!a)
		return;
	if (a->m) {
		if (a->m->rt.running)
			mc_daemons_stop(a->m);
		free(a->defrag);	/* an open defragmentation dies too */
		a->m->api_lock_hook = NULL;
		mc_machine_destroy(a->m);
	}
	if (a->base) {
		ASAN_UNPOISON_MEMORY_REGION(a->base, a->bytes);
		VALGRIND_MAKE_MEM_DEFINED(a->base, a->bytes);
	}
	if (a->map_base)
		munmap(a->map_base, a->map_len);
	if (a->cpu)
		for (unsigned int c = 0; c < a->nr_cpus; c++)
			pthread_mutex_destroy(&a->cpu[c].lock);
	pthread_mutex_destroy(&a->handle_lock);
	free(a->cpu);
	free(a->h);
	free(a->hfree);
	free(a);
}

int mc_arena_create(const struct mc_arena_config *cfg, struct mc_arena **out,
		    struct mc_error *err)
{
	struct mc_machine_desc desc;
	struct mc_options opts;
	struct mc_arena *a;
	size_t pb_bytes = (size_t)1 << (9 + ARENA_PAGE_SHIFT);
	size_t len;
	unsigned long maxblock = 1UL << 10;
	int ret;

	if (!cfg || !out) {
		mc_err(err, "<arena>", 0, "NULL configuration or result");
		return -EINVAL;
	}
	*out = NULL;
	if (sysconf(_SC_PAGESIZE) != (1L << ARENA_PAGE_SHIFT)) {
		mc_err(err, "<arena>", 0,
		       "host page size %ld is not supported (4096)",
		       sysconf(_SC_PAGESIZE));
		return -EINVAL;
	}
	if (cfg->flags & ~ARENA_FLAGS_ALL) {
		mc_err(err, "<arena>", 0, "unknown flags %#x",
		       cfg->flags & ~ARENA_FLAGS_ALL);
		return -EINVAL;
	}
	len = cfg->bytes / pb_bytes * pb_bytes;
	if (len < 2 * pb_bytes) {
		mc_err(err, "<arena>", 0,
		       "size %zu bytes is below two pageblocks (%zu bytes)",
		       cfg->bytes, 2 * pb_bytes);
		return -EINVAL;
	}
	if ((len >> ARENA_PAGE_SHIFT) > (1ul << 31)) {
		mc_err(err, "<arena>", 0, "size %zu bytes is above 8 TiB",
		       cfg->bytes);
		return -EINVAL;
	}
	if (cfg->mem && ((uintptr_t)cfg->mem & ((1u << ARENA_PAGE_SHIFT) - 1))) {
		mc_err(err, "<arena>", 0,
		       "buffer %p is not aligned to the page size (4096)",
		       cfg->mem);
		return -EINVAL;
	}
	if (cfg->mem && (cfg->flags & (MC_ARENA_HUGETLB |
				       MC_ARENA_HUGETLB_ONLY |
				       MC_ARENA_POPULATE))) {
		mc_err(err, "<arena>", 0,
		       "MC_ARENA_HUGETLB/POPULATE apply to a region the arena "
		       "maps, not to a caller's buffer");
		return -EINVAL;
	}
	if (cfg->nr_cpus > MC_MAX_CPUS) {
		mc_err(err, "<arena>", 0, "nr_cpus %u above %d", cfg->nr_cpus,
		       MC_MAX_CPUS);
		return -EINVAL;
	}

	a = calloc(1, sizeof(*a));
	if (!a) {
		mc_err(err, "<arena>", 0, "out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&a->handle_lock, NULL);
	a->flags = cfg->flags;
	if (a->flags & MC_ARENA_POISON_CHECK)
		a->flags |= MC_ARENA_POISON;
	a->shift = ARENA_PAGE_SHIFT;
	a->report = cfg->report;
	a->report_ctx = cfg->report_ctx;
	a->nr_cpus = cfg->nr_cpus ? cfg->nr_cpus : ARENA_DEFAULT_CPUS;
	a->bytes = len;
	if (cfg->mem) {
		a->base = cfg->mem;
	} else {
		ret = map_region(a, len, cfg->flags, err);
		if (ret)
			goto fail;
	}
	a->nr_pages = len >> a->shift;
	/* pfn == address modulo the largest block; one block up from 0 */
	a->start_pfn = maxblock + (((uintptr_t)a->base >> a->shift) &
				   (maxblock - 1));

	memset(&desc, 0, sizeof(desc));
	snprintf(desc.name, sizeof(desc.name), "arena");
	snprintf(desc.arch, sizeof(desc.arch), "x86_64");
	desc.page_shift = a->shift;
	desc.nr_nodes = 1;
	desc.nr_cpus = a->nr_cpus;
	for (unsigned int c = 0; c < a->nr_cpus; c++)
		desc.cpu_to_node[c] = 0;
	desc.nodes[0].zones[MC_ZONE_NORMAL] = (struct mc_zone_desc){
		.start_pfn = a->start_pfn,
		.spanned = a->nr_pages,
		.present = a->nr_pages,
		.managed = a->nr_pages,
	};
	memset(&opts, 0, sizeof(opts));
	opts.seed = cfg->seed;
	opts.flags = cfg->machine_flags | MC_OPT_THREADED |
		     MC_OPT_NO_THP_MINFREE;
	ret = mc_machine_create(&desc, &opts, &a->m, err);
	if (ret)
		goto fail;
	a->zone = &a->m->node_data[0]->node_zones[ZONE_NORMAL];

	a->nr_handles = (uint32_t)a->nr_pages + 1;
	a->h = calloc(a->nr_handles, sizeof(*a->h));
	a->hfree = calloc(a->nr_handles, sizeof(*a->hfree));
	a->cpu = aligned_alloc(64, sizeof(*a->cpu) * a->nr_cpus);
	if (!a->h || !a->hfree || !a->cpu) {
		mc_err(err, "<arena>", 0, "out of memory");
		ret = -ENOMEM;
		goto fail;
	}
	memset(a->cpu, 0, sizeof(*a->cpu) * a->nr_cpus);
	for (unsigned int c = 0; c < a->nr_cpus; c++)
		pthread_mutex_init(&a->cpu[c].lock, NULL);
	for (uint32_t i = 1; i < a->nr_handles; i++)
		a->h[i].gen = 1;
	for (uint32_t i = a->nr_handles - 1; i >= 1; i--)
		a->hfree[a->nhfree++] = i;

	ret = mc_owner_register(a->m, "arena", &handle_ops, a, &a->owner);
	if (ret) {
		mc_err(err, "<arena>", 0, "cannot register the handle owner");
		goto fail;
	}
	/* Every frame is free now: poison and close them all. */
	if (poisoning(a))
		memset(a->base, MC_ARENA_POISON_BYTE, a->bytes);
	ASAN_POISON_MEMORY_REGION(a->base, a->bytes);
	VALGRIND_MAKE_MEM_NOACCESS(a->base, a->bytes);

	a->m->backend = a;
	a->m->copy_page = arena_copy_hook;
	a->m->page_alloc_hook = arena_alloc_hook;
	a->m->page_free_hook = arena_free_hook;
	a->m->api_lock_hook = arena_api_lock_hook;
	atomic_store(&a->fast_ok, compute_fast_ok(a));
	*out = a;
	return 0;
fail:
	mc_arena_destroy(a);
	return ret;
}

struct mc_machine *mc_arena_machine(struct mc_arena *a)
{
	return a ? a->m : NULL;
}

void mc_arena_info(const struct mc_arena *a, struct mc_arena_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!a)
		return;
	info->base = a->base;
	info->bytes = a->bytes;
	info->page_size = (size_t)1 << a->shift;
	info->start_pfn = a->start_pfn;
	info->nr_pages = a->nr_pages;
	info->caller_memory = !a->map_base;
	info->hugetlb = a->hugetlb;
	info->hugetlb_errno = a->hugetlb_errno;
	info->nr_cpus = a->nr_cpus;
}

void *mc_arena_pfn_to_addr(const struct mc_arena *a, uint64_t pfn)
{
	if (!a || pfn < a->start_pfn || pfn >= a->start_pfn + a->nr_pages)
		return NULL;
	return arena_addr(a, (unsigned long)pfn);
}

int mc_arena_addr_to_pfn(const struct mc_arena *a, const void *p,
			 uint64_t *pfn)
{
	uintptr_t u = (uintptr_t)p, b;

	if (!a || !pfn)
		return -EINVAL;
	b = (uintptr_t)a->base;
	if (u < b || u >= b + a->bytes)
		return -EINVAL;
	*pfn = a->start_pfn + ((u - b) >> a->shift);
	return 0;
}

/* ---- allocation and free ----------------------------------------------------- */

/* What mc_alloc_pages() does to a block it hands out. */
void arena_set_owner(struct mc_arena *a, struct page *page, uint32_t idx)
{
	page->owner = (uint8_t)a->owner;
	page->private = idx;
	page->flags = (uint16_t)((page->flags & PAGE_FLAGS_MASK) |
				 ((unsigned)MC_PAGE_MOVABLE_OPS
				  << PAGE_KIND_SHIFT));
	page_stat_account(a->m, page, 1);
}

int mc_arena_alloc(struct mc_arena *a, unsigned order, uint32_t gfp,
		   mc_handle_t *out)
{
	struct mc_alloc_request req;
	struct arena_cpu *pc;
	unsigned int c;
	uint64_t pfn;
	uint32_t idx;
	int ret;

	if (!a || !out || order > a->m->max_page_order ||
	    (gfp & ~ARENA_GFP_MODIFIERS))
		return -EINVAL;
	/* GFP_KERNEL unless the caller names its reclaim bits (GFP_NOWAIT:
	 * MC_GFP_KSWAPD_RECLAIM alone, no direct reclaim or compaction) */
	if (!(gfp & MC_GFP_RECLAIM))
		gfp |= MC_GFP_RECLAIM;
	gfp |= MC_GFP_IO | MC_GFP_FS | MC_GFP_MOVABLE |
	       (order ? MC_GFP_COMP : 0);
	c = this_cpu(a);
	pc = &a->cpu[c];

	pthread_mutex_lock(&pc->lock);
	idx = handle_pop(a, c);
	if (!idx) {
		pthread_mutex_unlock(&pc->lock);
		return -ENOMEM;
	}
	if (order == 0 &&
	    atomic_load_explicit(&a->fast_ok, memory_order_relaxed)) {
		struct page *page = pcp_fast_alloc(a->zone, (int)c,
						   MIGRATE_MOVABLE, gfp,
						   &pc->ev);

		if (page) {
			struct arena_handle *e = &a->h[idx];

			arena_set_owner(a, page, idx);
			e->pfn = page_to_pfn(a->m, page);
			e->order = 0;
			e->state = AH_LIVE;
			pc->fast_allocs++;
			*out = arena_handle_make(idx, e->gen);
			pthread_mutex_unlock(&pc->lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&pc->lock);

	/* The full allocator, under the API lock (which holds pc->lock). */
	api_lock(a->m);
	memset(&req, 0, sizeof(req));
	req.gfp = gfp;
	req.order = order;
	req.nid = 0;
	req.cpu = (int)c;
	req.owner = a->owner;
	req.kind = MC_PAGE_MOVABLE_OPS;
	req.cookie = idx;
	ret = unlocked_mc_alloc_pages(a->m, &req, &pfn);
	if (!ret) {
		struct arena_handle *e = &a->h[idx];

		e->pfn = pfn;
		e->order = (uint8_t)order;
		e->state = AH_LIVE;
		pc->slow_allocs++;
		*out = arena_handle_make(idx, e->gen);
	} else {
		handle_push(a, c, idx);
	}
	api_unlock(a->m);
	return ret;
}

int mc_arena_free(struct mc_arena *a, mc_handle_t h)
{
	struct arena_handle *e;
	struct arena_cpu *pc;
	unsigned int c;
	uint32_t idx;
	int ret;

	if (!a)
		return -EINVAL;
	c = this_cpu(a);
	pc = &a->cpu[c];
	pthread_mutex_lock(&pc->lock);
	e = arena_handle_get(a, h, &idx);
	if (!e || e->state != AH_LIVE ||
	    atomic_load_explicit(&e->pins, memory_order_relaxed)) {
		pthread_mutex_unlock(&pc->lock);
		return !e ? -EINVAL : -EBUSY;
	}
	if (e->order == 0 &&
	    atomic_load_explicit(&a->fast_ok, memory_order_relaxed)) {
		struct page *page = pfn_to_page(a->m, e->pfn);

		page_stat_account(a->m, page, -1);
		if (pcp_fast_free(a->zone, (int)c, page, &pc->ev)) {
			handle_kill(a, c, idx);
			pc->fast_frees++;
			pthread_mutex_unlock(&pc->lock);
			return 0;
		}
		page_stat_account(a->m, page, 1);
	}
	pthread_mutex_unlock(&pc->lock);

	api_lock(a->m);
	e = arena_handle_get(a, h, &idx);
	if (!e || e->state != AH_LIVE ||
	    atomic_load_explicit(&e->pins, memory_order_relaxed)) {
		ret = !e ? -EINVAL : -EBUSY;
	} else {
		ret = unlocked_mc_free_pages(a->m, e->pfn, e->order, (int)c);
		if (!ret) {
			handle_kill(a, c, idx);
			pc->slow_frees++;
		}
	}
	api_unlock(a->m);
	return ret;
}

int mc_arena_map(struct mc_arena *a, mc_handle_t h, void **addr)
{
	struct arena_handle *e;
	struct arena_cpu *pc;

	if (!a || !addr)
		return -EINVAL;
	pc = &a->cpu[this_cpu(a)];
	pthread_mutex_lock(&pc->lock);
	e = arena_handle_get(a, h, NULL);
	if (e) {
		atomic_fetch_add_explicit(&e->pins, 1, memory_order_relaxed);
		*addr = arena_addr(a, e->pfn);
	}
	pthread_mutex_unlock(&pc->lock);
	return e ? 0 : -EINVAL;
}

int mc_arena_unmap(struct mc_arena *a, mc_handle_t h)
{
	struct arena_handle *e;
	struct arena_cpu *pc;
	int ret = 0;

	if (!a)
		return -EINVAL;
	pc = &a->cpu[this_cpu(a)];
	pthread_mutex_lock(&pc->lock);
	e = arena_handle_get(a, h, NULL);
	if (!e || !atomic_load_explicit(&e->pins, memory_order_relaxed))
		ret = -EINVAL;
	else
		atomic_fetch_sub_explicit(&e->pins, 1, memory_order_relaxed);
	pthread_mutex_unlock(&pc->lock);
	return ret;
}

int mc_arena_handle_pfn(struct mc_arena *a, mc_handle_t h, uint64_t *pfn,
			unsigned *order)
{
	struct arena_handle *e;
	struct arena_cpu *pc;

	if (!a)
		return -EINVAL;
	pc = &a->cpu[this_cpu(a)];
	pthread_mutex_lock(&pc->lock);
	e = arena_handle_get(a, h, NULL);
	if (e) {
		if (pfn)
			*pfn = e->pfn;
		if (order)
			*order = e->order;
	}
	pthread_mutex_unlock(&pc->lock);
	return e ? 0 : -EINVAL;
}

int mc_arena_stats(struct mc_arena *a, struct mc_arena_stats *s)
{
	if (!a || !s)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	api_lock(a->m);
	for (unsigned int c = 0; c < a->nr_cpus; c++) {
		const struct arena_cpu *pc = &a->cpu[c];

		s->fast_allocs += pc->fast_allocs;
		s->fast_frees += pc->fast_frees;
		s->slow_allocs += pc->slow_allocs;
		s->slow_frees += pc->slow_frees;
	}
	s->live_handles = a->nr_handles - 1 - a->nhfree;
	for (unsigned int c = 0; c < a->nr_cpus; c++)
		s->live_handles -= a->cpu[c].nmag;
	s->migrated_pages = a->migrated_pages;
	s->migrated_bytes = a->migrated_bytes;
	s->defrag_moves = a->defrag_moves;
	s->defrag_bytes = a->defrag_bytes;
	s->defrag_skipped = a->defrag_skipped;
	s->poison_errors = atomic_load(&a->poison_errors);
	api_unlock(a->m);
	return 0;
}
