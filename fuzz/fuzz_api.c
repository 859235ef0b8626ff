// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_api.c - the public API as random operation sequences, checked by the
 * invariant checker and by a shadow model after every step.
 *
 * The input is decoded as: a machine (one of four layouts: a PC with DMA
 * and DMA32, a two-node NUMA PC, arm64 with 16 KiB pages, a PC with a CMA
 * area), options (seed, daemons or not, swap), then a sequence of
 * operations, each an opcode byte and its arguments: allocations with any
 * order, gfp, CPU, node, kind and owner (valid or not); frees, bulk frees
 * and frees of things that are not blocks; compaction of a node (manual or
 * proactive), of one zone at an order and priority (as direct compaction
 * runs it) and by kcompactd; sysctl and sysfs writes; contiguous ranges
 * (alloc_contig_range, alloc_contig_pages, free_contig_range); CMA; the
 * hugetlb pool and its faults; THP faults; page flags; machine time;
 * fault injection; how the owner answers (refuse isolation, fail a
 * migration, allow splits and reclaim).
 *
 * The shadow model keeps its own books: which pfns each live block covers
 * (no pfn handed out twice, migrations move blocks to free space only),
 * who owns it with which cookie, and the expected outcome of every call:
 *  - bad arguments (computed here from the documented rules) give -EINVAL
 *    and change nothing (/proc/vmstat and buddyinfo read the same);
 *  - a valid allocation gives 0 (a naturally aligned block in a zone the
 *    gfp allows, on free pfns) or -ENOMEM (-EDEADLK with __GFP_NOFAIL);
 *  - frees of live blocks succeed;
 *  - after every step: mc_check() finds nothing, every live block is where
 *    the shadow says with its owner and cookie, and per machine
 *    free + per-cpu + live pages + hugetlb pool pages == managed pages.
 */
#include "fuzz.h"
#include "mm/internal.h"

#include <errno.h>

#define MAX_BLOCKS	4096
#define MAX_STEPS	128
#define MAX_ADD		1024	/* entries one operation may add */

enum blk_type {
	B_PAGES,	/* mc_alloc_pages, mc_thp_fault */
	B_CONTIG,	/* a page or compound block of a contiguous range */
	B_HUGETLB,	/* an in-use hugetlb pool page (mc_hugetlb_alloc) */
	B_CMA,		/* a page of mc_cma_alloc */
};

struct blk {
	bool live;
	enum blk_type type;
	uint64_t pfn;
	unsigned order;
	unsigned owner;		/* 0 or ours */
	uint32_t cookie;
	enum mc_page_kind kind;
	uint64_t range_start;	/* B_CMA: the first pfn of its mc_cma_alloc */
	uint64_t range_count;
};

struct shadow {
	struct mc_machine *m;
	struct mc_geometry g;
	unsigned owner;			/* our owner slot */
	uint32_t *cover;		/* per pfn: block index + 1, or 0 */
	struct blk blk[MAX_BLOCKS];
	unsigned nblk;			/* high-water mark of blk[] */
	unsigned nlive;
	/* how the owner answers */
	bool refuse_isolate;
	int migrate_rc;
	bool allow_split;
	bool allow_reclaim;
	/* zone spans, for gfp checks */
	struct {
		uint64_t start, end;
		bool populated;
	} zspan[MC_MAX_NODES][MC_MAX_NR_ZONES];
	uint64_t managed;		/* of all zones: fixed at boot */
	bool cma;
};

static struct shadow S;

/* ---- shadow books ---------------------------------------------------------- */

static bool in_machine(uint64_t pfn, uint64_t n)
{
	return pfn >= S.g.start_pfn && n <= S.g.end_pfn - S.g.start_pfn &&
	       pfn - S.g.start_pfn <= S.g.end_pfn - S.g.start_pfn - n;
}

static uint32_t *cov(uint64_t pfn)
{
	return &S.cover[pfn - S.g.start_pfn];
}

static void cover_set(uint64_t pfn, uint64_t n, uint32_t v)
{
	for (uint64_t i = 0; i < n; i++)
		*cov(pfn + i) = v;
}

static void cover_expect_free(uint64_t pfn, uint64_t n, const char *what)
{
	FZ_ASSERT(in_machine(pfn, n), "%s: %#llx+%llu outside the machine",
		  what, (unsigned long long)pfn, (unsigned long long)n);
	for (uint64_t i = 0; i < n; i++)
		FZ_ASSERT(*cov(pfn + i) == 0,
			  "%s: pfn %#llx handed out twice (block %u)", what,
			  (unsigned long long)(pfn + i), *cov(pfn + i) - 1);
}

static int blk_new(void)
{
	for (unsigned i = 0; i < S.nblk; i++)
		if (!S.blk[i].live)
			return (int)i;
	if (S.nblk == MAX_BLOCKS)
		return -1;
	return (int)S.nblk++;
}

/* Entries free in the books. */
static unsigned slots_free(void)
{
	unsigned n = MAX_BLOCKS - S.nblk;

	for (unsigned i = 0; i < S.nblk; i++)
		n += !S.blk[i].live;
	return n;
}

/*
 * Record a block the library handed out.  Its cookie is whatever the
 * caller gave; the books find blocks by pfn.  An operation checks that
 * the books have room for what it may add before it calls the library
 * (splits inside a call leave MAX_ADD entries).
 */
static int blk_add(enum blk_type type, uint64_t pfn, unsigned order,
		   unsigned owner, uint32_t cookie, enum mc_page_kind kind,
		   const char *what)
{
	int i = blk_new();
	uint64_t n = 1ULL << order;

	FZ_ASSERT(i >= 0, "%s: shadow full", what);
	FZ_ASSERT((pfn & (n - 1)) == 0, "%s: %#llx not aligned to order %u",
		  what, (unsigned long long)pfn, order);
	cover_expect_free(pfn, n, what);
	S.blk[i] = (struct blk){ .live = true, .type = type, .pfn = pfn,
				 .order = order, .owner = owner,
				 .cookie = cookie, .kind = kind };
	cover_set(pfn, n, (uint32_t)i + 1);
	S.nlive++;
	return i;
}

static void blk_del(int i)
{
	cover_set(S.blk[i].pfn, 1ULL << S.blk[i].order, 0);
	S.blk[i].live = false;
	S.nlive--;
}

/* The block whose head is @pfn, or -1. */
static int blk_at(uint64_t pfn)
{
	uint32_t c;

	if (!in_machine(pfn, 1))
		return -1;
	c = *cov(pfn);
	if (!c || S.blk[c - 1].pfn != pfn)
		return -1;
	return (int)c - 1;
}

/* A live block picked by the input (of @type, or any type if -1). */
static int pick_blk(struct fz *f, int type)
{
	unsigned start, i;

	if (!S.nlive)
		return -1;
	start = (unsigned)fz_below(f, S.nblk);
	for (i = 0; i < S.nblk; i++) {
		unsigned j = (start + i) % S.nblk;

		if (S.blk[j].live && (type < 0 || S.blk[j].type == (unsigned)type))
			return (int)j;
	}
	return -1;
}

/* ---- the owner -------------------------------------------------------------- */

static int owner_block(uint64_t pfn, unsigned order, uint32_t cookie,
		       const char *what)
{
	int i = blk_at(pfn);

	FZ_ASSERT(i >= 0, "%s: %#llx is not a live block", what,
		  (unsigned long long)pfn);
	FZ_ASSERT(S.blk[i].owner == S.owner, "%s: block %#llx is not ours",
		  what, (unsigned long long)pfn);
	FZ_ASSERT(S.blk[i].order == order && S.blk[i].cookie == cookie,
		  "%s: block %#llx order %u cookie %u, told %u/%u", what,
		  (unsigned long long)pfn, S.blk[i].order, S.blk[i].cookie,
		  order, cookie);
	return i;
}

static bool own_isolate(void *ctx, uint64_t pfn, uint32_t cookie, int mode)
{
	struct mc_page_info pi;

	(void)ctx;
	(void)mode;
	FZ_ASSERT(mc_page_info(S.m, pfn, &pi) == 0, "isolate: page info");
	owner_block(pfn, pi.order, cookie, "isolate");
	return !S.refuse_isolate;
}

static int own_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode)
{
	int i = owner_block(old_pfn, order, cookie, "migrate");
	uint64_t n = 1ULL << order;

	(void)ctx;
	FZ_ASSERT(mode >= MC_MIGRATE_ASYNC && mode <= MC_MIGRATE_SYNC,
		  "migrate: mode %d", mode);
	if (S.migrate_rc)
		return S.migrate_rc;
	FZ_ASSERT((new_pfn & (n - 1)) == 0, "migrate: destination %#llx "
		  "not aligned", (unsigned long long)new_pfn);
	cover_set(old_pfn, n, 0);
	cover_expect_free(new_pfn, n, "migrate destination");
	cover_set(new_pfn, n, (uint32_t)i + 1);
	S.blk[i].pfn = new_pfn;
	return 0;
}

static void own_putback(void *ctx, uint64_t pfn, uint32_t cookie)
{
	(void)ctx;
	FZ_ASSERT(blk_at(pfn) >= 0 && S.blk[blk_at(pfn)].cookie == cookie,
		  "putback of %#llx: not a block of ours",
		  (unsigned long long)pfn);
}

static int own_split(void *ctx, uint64_t head, unsigned order,
		     uint32_t cookie, uint32_t *cookies)
{
	int i = owner_block(head, order, cookie, "split");
	uint64_t n = 1ULL << order;
	unsigned nfree = 0;

	(void)ctx;
	if (!S.allow_split)
		return -EBUSY;
	nfree = slots_free();
	if (nfree < n - 1 + MAX_ADD)
		return -EAGAIN;		/* our books are full */
	/* page 0 keeps the block's entry; the others get new ones */
	S.blk[i].order = 0;
	cookies[0] = S.blk[i].cookie;
	for (uint64_t p = 1; p < n; p++) {
		int k = blk_new();

		S.blk[k] = S.blk[i];
		S.blk[k].pfn = head + p;
		S.blk[k].cookie = S.blk[i].type == B_CONTIG ?
				  S.blk[i].cookie : (uint32_t)k;
		cookies[p] = S.blk[k].cookie;
		*cov(head + p) = (uint32_t)k + 1;
		S.nlive++;
	}
	return 0;
}

static int own_reclaim(void *ctx, uint64_t pfn, unsigned order,
		       uint32_t cookie)
{
	int i = owner_block(pfn, order, cookie, "reclaim");

	(void)ctx;
	if (!S.allow_reclaim)
		return 1;
	blk_del(i);		/* the library frees it */
	return 0;
}

static const struct mc_owner_ops own_ops = {
	.isolate = own_isolate,
	.migrate = own_migrate,
	.putback = own_putback,
	.split = own_split,
	.reclaim = own_reclaim,
};

/* ---- checks ----------------------------------------------------------------- */

/* What a failed call must not change. */
static char *fingerprint(void)
{
	struct fz_text t = { 0 };

	mc_proc_render(S.m, MC_PROC_VMSTAT, fz_text_write, &t);
	mc_proc_render(S.m, MC_PROC_BUDDYINFO, fz_text_write, &t);
	return t.buf;
}

static void expect_unchanged(char *before, const char *what)
{
	char *after = fingerprint();

	FZ_ASSERT(!strcmp(before, after), "%s: a rejected call changed the "
		  "machine", what);
	free(before);
	free(after);
}

static void check_all(const char *after)
{
	uint64_t managed = 0, free_pages = 0, live = 0;
	struct mc_hugetlb_stats hs;

	fz_check(S.m, after);
	for (unsigned i = 0; i < S.nblk; i++) {
		const struct blk *b = &S.blk[i];
		struct mc_page_info pi;

		if (!b->live)
			continue;
		FZ_ASSERT(mc_page_info(S.m, b->pfn, &pi) == 0, "page info");
		FZ_ASSERT(pi.state == MC_PS_ALLOCATED && pi.head_pfn == b->pfn &&
			  pi.order == b->order,
			  "after %s: block %u at %#llx/%u: the machine says "
			  "state %d head %#llx order %u", after, i,
			  (unsigned long long)b->pfn, b->order, pi.state,
			  (unsigned long long)pi.head_pfn, pi.order);
		FZ_ASSERT(pi.owner == b->owner && pi.cookie == b->cookie,
			  "after %s: block %#llx owner/cookie %u/%u, shadow "
			  "%u/%u", after, (unsigned long long)b->pfn, pi.owner,
			  pi.cookie, b->owner, b->cookie);
		if (b->type != B_HUGETLB)
			live += 1ULL << b->order;
	}
	for (unsigned n = 0; n < S.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (!S.zspan[n][z].populated)
				continue;
			FZ_ASSERT(mc_zone_stats(S.m, (int)n,
						(enum mc_zone_type)z, &zs) == 0,
				  "zone stats");
			managed += zs.managed;
			free_pages += zs.nr_free + zs.pcp_pages;
		}
	FZ_ASSERT(managed == S.managed, "managed pages changed: %llu -> %llu",
		  (unsigned long long)S.managed, (unsigned long long)managed);
	FZ_ASSERT(mc_hugetlb_stats(S.m, -1, &hs) == 0, "hugetlb stats");
	FZ_ASSERT(free_pages + live + (hs.nr << hs.order) == managed,
		  "after %s: free %llu + live %llu + hugetlb %llu != managed "
		  "%llu", after, (unsigned long long)free_pages,
		  (unsigned long long)live,
		  (unsigned long long)(hs.nr << hs.order),
		  (unsigned long long)managed);
}

/* ---- decoding helpers ------------------------------------------------------- */

static const uint32_t gfp_base[] = {
	MC_GFP_KERNEL, MC_GFP_HIGHUSER_MOVABLE, MC_GFP_ATOMIC, MC_GFP_NOWAIT,
	MC_GFP_KERNEL | MC_GFP_RECLAIMABLE, MC_GFP_TRANSHUGE,
	MC_GFP_TRANSHUGE_LIGHT, MC_GFP_DMA32, MC_GFP_DMA | MC_GFP_KERNEL,
	MC_GFP_NOIO, MC_GFP_USER, 0,
};
static const uint32_t gfp_mods[] = {
	MC_GFP_COMP, MC_GFP_NOWARN, MC_GFP_NORETRY, MC_GFP_RETRY_MAYFAIL,
	MC_GFP_THISNODE, MC_GFP_HIGH, MC_GFP_MEMALLOC, MC_GFP_NOMEMALLOC,
	MC_GFP_ZERO, MC_GFP_MOVABLE, MC_GFP_RECLAIMABLE, MC_GFP_WRITE,
	MC_GFP_NOFAIL, MC_GFP_DMA32, MC_GFP_HIGHMEM, 0x1000000u,
};

static uint32_t pick_gfp(struct fz *f)
{
	uint32_t gfp = gfp_base[fz_below(f, sizeof(gfp_base) /
					  sizeof(*gfp_base))];
	uint16_t mods = fz_u16(f);

	/* rarely: a modifier (NOFAIL, a second zone bit, an unknown bit) */
	for (unsigned i = 0; i < 16; i++)
		if ((mods >> i) & 1 && (i < 12 || fz_below(f, 4) == 0))
			gfp |= gfp_mods[i];
	return gfp;
}

static unsigned pick_order(struct fz *f)
{
	unsigned r = fz_u8(f);

	if (r < 110)
		return 0;
	if (r < 180)
		return 1 + r % 3;
	if (r < 220)
		return S.g.hpage_pmd_order;
	if (r < 250)
		return r % (S.g.max_page_order + 1);
	return S.g.max_page_order + 1 + r % 3;		/* too large */
}

static int pick_cpu(struct fz *f)
{
	uint8_t r = fz_u8(f);

	if (r == 255)
		return -1;
	if (r == 254)
		return (int)S.g.nr_cpus;
	return (int)(r % S.g.nr_cpus);
}

static int pick_nid(struct fz *f)
{
	uint8_t r = fz_u8(f);

	if (r < 128)
		return -1;
	if (r == 255)
		return (int)S.g.nr_nodes;
	return (int)(r % S.g.nr_nodes);
}

static bool gfp_zone_bad(uint32_t gfp)
{
	uint32_t zb = gfp & (MC_GFP_DMA | MC_GFP_DMA32 | MC_GFP_HIGHMEM);

	return zb & (zb - 1);
}

/* gfp_zone() for the masks above (no HIGHMEM zone on these machines) */
static int highest_zone(uint32_t gfp)
{
	if (gfp & MC_GFP_DMA)
		return MC_ZONE_DMA;
	if (gfp & MC_GFP_DMA32)
		return MC_ZONE_DMA32;
	if ((gfp & MC_GFP_MOVABLE) && (gfp & MC_GFP_HIGHMEM))
		return MC_ZONE_MOVABLE;
	return MC_ZONE_NORMAL;
}

static void zone_of(uint64_t pfn, int *nid, int *zone)
{
	*nid = *zone = -1;
	for (unsigned n = 0; n < S.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++)
			if (S.zspan[n][z].populated &&
			    pfn >= S.zspan[n][z].start &&
			    pfn < S.zspan[n][z].end) {
				*nid = (int)n;
				*zone = z;
			}
}

static bool movable_kind(enum mc_page_kind k)
{
	return k == MC_PAGE_ANON || k == MC_PAGE_FILE ||
	       k == MC_PAGE_MOVABLE_OPS || k == MC_PAGE_HUGETLB;
}

/* ---- operations --------------------------------------------------------------- */

static void op_alloc(struct fz *f)
{
	struct mc_alloc_request r = { 0 };
	uint64_t pfn = 0;
	bool valid;
	char *fp;
	int ret, i, nid, zone;

	r.gfp = pick_gfp(f);
	r.order = pick_order(f);
	r.cpu = pick_cpu(f);
	r.nid = pick_nid(f);
	r.kind = (enum mc_page_kind)fz_below(f, MC_PAGE_NR_KINDS + 1);
	/* movable kinds belong to us (the shadow must follow them) */
	r.owner = movable_kind(r.kind) || (fz_u8(f) & 1) ? S.owner : 0;
	if (fz_u8(f) == 0xff)
		r.owner = 200;		/* not registered */
	if (r.order && movable_kind(r.kind) && (fz_u8(f) & 7))
		r.gfp |= MC_GFP_COMP;
	valid = r.order <= S.g.max_page_order && r.cpu >= 0 &&
		r.cpu < (int)S.g.nr_cpus && !(r.gfp & ~0x00ffffffu) &&
		!gfp_zone_bad(r.gfp) && r.kind < MC_PAGE_NR_KINDS &&
		(r.gfp & (MC_GFP_MOVABLE | MC_GFP_RECLAIMABLE)) !=
			(MC_GFP_MOVABLE | MC_GFP_RECLAIMABLE) &&
		(r.owner == 0 || r.owner == S.owner) &&
		!(r.order && movable_kind(r.kind) && !(r.gfp & MC_GFP_COMP)) &&
		r.nid < (int)S.g.nr_nodes;
	if (slots_free() < 1)
		return;
	fp = valid ? NULL : fingerprint();
	i = blk_new();
	r.cookie = (uint32_t)i;
	ret = mc_alloc_pages(S.m, &r, &pfn);
	if (!valid) {
		FZ_ASSERT(ret == -EINVAL, "alloc with bad arguments: %d", ret);
		expect_unchanged(fp, "alloc");
		return;
	}
	if (ret) {
		FZ_ASSERT(ret == -ENOMEM ||
			  (ret == -EDEADLK && (r.gfp & MC_GFP_NOFAIL)),
			  "alloc gfp %#x order %u: %d", r.gfp, r.order, ret);
		return;
	}
	zone_of(pfn, &nid, &zone);
	FZ_ASSERT(zone >= 0 && zone <= highest_zone(r.gfp),
		  "gfp %#x got pfn %#llx in zone %d", r.gfp,
		  (unsigned long long)pfn, zone);
	if ((r.gfp & MC_GFP_THISNODE) && r.nid >= 0)
		FZ_ASSERT(nid == r.nid, "__GFP_THISNODE for node %d got %d",
			  r.nid, nid);
	blk_add(B_PAGES, pfn, r.order, r.owner, r.cookie, r.kind, "alloc");
}

static void op_free(struct fz *f)
{
	int i = pick_blk(f, fz_u8(f) & 1 ? B_PAGES : B_CONTIG);
	int cpu = (int)fz_below(f, S.g.nr_cpus);
	int ret;

	if (i < 0)
		return;
	ret = mc_free_pages(S.m, S.blk[i].pfn, S.blk[i].order, cpu);
	FZ_ASSERT(ret == 0, "free of live block %#llx/%u: %d",
		  (unsigned long long)S.blk[i].pfn, S.blk[i].order, ret);
	blk_del(i);
}

/* Frees of things that are not allocated blocks: -EINVAL, no change. */
static void op_free_bad(struct fz *f)
{
	uint64_t span = S.g.end_pfn - S.g.start_pfn;
	uint64_t pfn = S.g.start_pfn + fz_below(f, span + 16) - 8;
	unsigned order = fz_below(f, S.g.max_page_order + 3);
	int i = blk_at(pfn), ret;
	char *fp;

	if (i >= 0 && S.blk[i].order == order && S.blk[i].type != B_HUGETLB)
		return;			/* that one is a real block */
	if (fz_u8(f) & 1) {
		/* a hugetlb pool page may not leave through mc_free_pages */
		i = pick_blk(f, B_HUGETLB);
		if (i < 0)
			return;
		pfn = S.blk[i].pfn;
		order = S.blk[i].order;
	}
	fp = fingerprint();
	ret = mc_free_pages(S.m, pfn, order, 0);
	FZ_ASSERT(ret == -EINVAL, "free of non-block %#llx/%u: %d",
		  (unsigned long long)pfn, order, ret);
	expect_unchanged(fp, "bad free");
}

static void op_free_bulk(struct fz *f)
{
	uint64_t pfns[16];
	int idx[16];
	size_t n = 1 + fz_below(f, 16);
	bool dup = (fz_u8(f) & 7) == 0;
	size_t got = 0;
	char *fp;
	int ret;

	for (size_t k = 0; k < n; k++) {
		int i = pick_blk(f, B_PAGES);
		bool seen = false;

		if (i < 0)
			break;
		for (size_t j = 0; j < got; j++)
			seen |= idx[j] == i;
		if (seen)
			continue;
		idx[got] = i;
		pfns[got++] = S.blk[i].pfn;
	}
	if (!got)
		return;
	if (dup && got < 16) {
		pfns[got] = pfns[0];
		fp = fingerprint();
		ret = mc_free_pages_bulk(S.m, pfns, got + 1, 0);
		FZ_ASSERT(ret == -EINVAL, "bulk free with a duplicate: %d", ret);
		expect_unchanged(fp, "bulk free");
		return;
	}
	ret = mc_free_pages_bulk(S.m, pfns, got, (int)fz_below(f, S.g.nr_cpus));
	FZ_ASSERT(ret == 0, "bulk free of %zu live blocks: %d", got, ret);
	for (size_t j = 0; j < got; j++)
		blk_del(idx[j]);
}

static void op_compact(struct fz *f)
{
	unsigned how = fz_u8(f) % 5;
	int nid = (int)fz_below(f, S.g.nr_nodes);
	int cpu = (int)fz_below(f, S.g.nr_cpus);
	struct mc_machine *m = S.m;
	struct task_scope ts;

	switch (how) {
	case 0:
		FZ_ASSERT(mc_compact_node(m, nid, cpu) == 0, "compact node");
		break;
	case 1:
		FZ_ASSERT(mc_sysctl_write(m, "vm.compact_memory", "1", 1) == 0,
			  "compact_memory");
		break;
	case 2:			/* proactive compaction of a node */
		task_enter(m, &ts, cpu);
		compact_node(m->node_data[nid], true);
		task_leave(&ts);
		break;
	case 3: {		/* one zone, as direct compaction runs it */
		int zt = (int)fz_below(f, MC_MAX_NR_ZONES);
		int order = (int)fz_below(f, S.g.max_page_order + 2) - 1;
		int prio = (int)fz_below(f, 3);	/* MIN, SYNC_LIGHT, ASYNC */
		struct zone *zone = &m->node_data[nid]->node_zones[zt];
		struct compact_control cc = {
			.order = order,
			.search_order = (short)(order < 0 ? 0 : order),
			.gfp_mask = GFP_KERNEL | (fz_u8(f) & 1 ? __GFP_MOVABLE
								 : 0),
			.zone = zone,
			.mode = prio == 2 ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT,
			.alloc_flags = ALLOC_WMARK_MIN,
			.highest_zoneidx = zt,
			.direct_compaction = order >= 0,
			.whole_zone = prio == 0 || order < 0,
			.ignore_skip_hint = prio == 0 || order < 0,
			.ignore_block_suitable = prio == 0,
		};

		if (!zone->present_pages)
			break;
		task_enter(m, &ts, cpu);
		if (order >= 0)
			current->flags |= PF_MEMALLOC;
		compact_zone(&cc, NULL);
		task_leave(&ts);
		break;
	}
	case 4:			/* kcompactd, woken for an order */
		wakeup_kcompactd(m->node_data[nid],
				 (int)fz_below(f, S.g.max_page_order + 1),
				 (int)fz_below(f, MC_MAX_NR_ZONES - 1));
		mc_advance(m, 500000000ULL * (1 + fz_below(f, 4)));
		break;
	}
}

static const char *const sysctl_names[] = {
	"vm.min_free_kbytes", "vm.watermark_scale_factor",
	"vm.watermark_boost_factor", "vm.lowmem_reserve_ratio",
	"vm.percpu_pagelist_high_fraction", "vm.extfrag_threshold",
	"vm.compaction_proactiveness", "vm.compact_unevictable_allowed",
	"vm.nr_hugepages", "vm.nr_overcommit_hugepages", "vm.drop_caches",
	"vm.memcompact_kcompactd_sleep_millisecs", "vm.stat_interval",
	"vm.swappiness", "vm.memcompact_fail_page_alloc",
	"vm.memcompact_fail_migrate", "vm.no_such_knob",
};
static const char *const sysctl_values[] = {
	"0", "1", "2", "3", "4", "8", "16", "100", "500", "1000", "3000",
	"65536", "-1", "abc", "", " 7\n", "1 2 3", "99999999999999999999",
	"1,50,0,-1", "1,100,0,3,0,0,0", "3,30,0,-1,11", "1,20,0,-1,12",
	"1,100,4,2,16", "0x20", "256 256 32 0 0",
};

static int dump_one(void *ctx, const char *name, unsigned mode)
{
	char val[256];

	if (!(mode & 0444) || strstr(name, "lowmem_reserve_ratio"))
		return 0;
	FZ_ASSERT(mc_sysctl_read(S.m, name, val, sizeof(val)) >= 0, "read");
	fz_text_write(ctx, name, strlen(name));
	fz_text_write(ctx, val, strlen(val));
	return 0;
}

static void op_sysctl(struct fz *f)
{
	const char *name = sysctl_names[fz_below(f, sizeof(sysctl_names) /
						    sizeof(*sysctl_names))];
	char value[32];
	struct fz_text before = { 0 }, after = { 0 };
	int ret;

	if (fz_u8(f) & 1)
		snprintf(value, sizeof(value), "%s",
			 sysctl_values[fz_below(f, sizeof(sysctl_values) /
						   sizeof(*sysctl_values))]);
	else
		snprintf(value, sizeof(value), "%u", fz_u16(f));
	/* the pool grows with fresh pages: keep it small enough to count */
	mc_sysctl_foreach(S.m, dump_one, &before);
	ret = mc_sysctl_write(S.m, name, value, strlen(value));
	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -ENOENT || ret == -EACCES,
			  "sysctl %s=%s: %d", name, value, ret);
		mc_sysctl_foreach(S.m, dump_one, &after);
		FZ_ASSERT(!strcmp(before.buf, after.buf), "rejected sysctl "
			  "%s=%s changed a tunable", name, value);
	}
	free(before.buf);
	free(after.buf);
}

static void op_sysfs(struct fz *f)
{
	static const char *const paths[] = {
		"kernel/mm/transparent_hugepage/enabled",
		"kernel/mm/transparent_hugepage/defrag",
		"kernel/mm/hugepages/hugepages-2048kB/nr_hugepages",
		"devices/system/node/node0/compact",
		"devices/system/node/node1/compact",
	};
	static const char *const values[] = {
		"always", "madvise", "never", "defer", "defer+madvise", "1",
		"0", "3", "[always]", "bogus",
	};
	const char *p = paths[fz_below(f, 5)];
	const char *v = values[fz_below(f, 10)];
	int ret = mc_sysfs_write(S.m, p, v, strlen(v));

	FZ_ASSERT(ret == 0 || ret == -EINVAL || ret == -ENOENT,
		  "sysfs %s=%s: %d", p, v, ret);
}

static void op_contig_range(struct fz *f)
{
	uint64_t span = S.g.end_pfn - S.g.start_pfn;
	uint64_t start = S.g.start_pfn + fz_below(f, span);
	uint64_t nr = 1 + fz_below(f, 1024);
	uint32_t gfp = MC_GFP_KERNEL;
	unsigned sel = fz_u8(f);
	struct mc_contig_owner own = { .owner = S.owner,
				       .kind = sel & 2 ? MC_PAGE_ANON :
						       MC_PAGE_KERNEL };
	int i = blk_new(), ret;

	if (i < 0)
		return;
	if (sel & 4) {		/* one compound block: a natural one */
		unsigned order = (unsigned)fz_below(f, S.g.max_page_order + 1);

		nr = 1ULL << order;
		start &= ~(nr - 1);
		gfp |= MC_GFP_COMP;
	}
	if (sel & 8)
		gfp |= MC_GFP_RETRY_MAYFAIL;
	if (sel & 16)
		own.kind = MC_PAGE_KERNEL, own.owner = 0;
	if (!(gfp & MC_GFP_COMP) && nr > slots_free())
		return;
	if (start + nr > S.g.end_pfn)
		nr = S.g.end_pfn - start;
	own.cookie = (uint32_t)i;
	ret = mc_alloc_contig_range(S.m, start, start + nr, gfp,
				    (int)fz_below(f, S.g.nr_cpus),
				    sel & 32 ? NULL : &own);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -EBUSY || ret == -ENOMEM ||
			  ret == -EINTR, "contig range: %d", ret);
		return;
	}
	if (sel & 32)
		own = (struct mc_contig_owner){ 0, MC_PAGE_KERNEL, 0 };
	if (gfp & MC_GFP_COMP) {
		blk_add(B_CONTIG, start, (unsigned)__builtin_ctzll(nr),
			own.owner, own.cookie, own.kind, "contig range");
		return;
	}
	for (uint64_t p = 0; p < nr; p++)
		blk_add(B_CONTIG, start + p, 0, own.owner, own.cookie,
			own.kind, "contig range");
}

static void op_contig_pages(struct fz *f)
{
	uint64_t nr = 1 + fz_below(f, 512), pfn = 0;
	struct mc_contig_owner own = { .owner = S.owner,
				       .kind = MC_PAGE_ANON };
	int i = blk_new(), ret;

	if (i < 0 || nr > slots_free())
		return;
	own.cookie = (uint32_t)i;
	ret = mc_alloc_contig_pages(S.m, nr, pick_gfp(f), pick_nid(f),
				    (int)fz_below(f, S.g.nr_cpus), &own, &pfn);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -ENOMEM || ret == -EBUSY,
			  "contig pages: %d", ret);
		return;
	}
	for (uint64_t p = 0; p < nr; p++)
		blk_add(B_CONTIG, pfn + p, 0, own.owner, own.cookie, own.kind,
			"contig pages");
}

/* free_contig_range over a run of our order-0 contiguous pages */
static void op_free_contig(struct fz *f)
{
	int i = pick_blk(f, B_CONTIG);
	uint64_t n = 1, max = 1 + fz_below(f, 64);
	int ret;

	if (i < 0)
		return;
	if (S.blk[i].order) {
		ret = mc_free_contig_range(S.m, S.blk[i].pfn,
					   1ULL << S.blk[i].order, 0);
		FZ_ASSERT(ret == 0, "free contig block: %d", ret);
		blk_del(i);
		return;
	}
	while (n < max) {
		int k = blk_at(S.blk[i].pfn + n);

		if (k < 0 || S.blk[k].order || S.blk[k].type != B_CONTIG)
			break;
		n++;
	}
	ret = mc_free_contig_range(S.m, S.blk[i].pfn, n, 0);
	FZ_ASSERT(ret == 0, "free_contig_range of %llu pages: %d",
		  (unsigned long long)n, ret);
	for (uint64_t p = n; p-- > 0;)
		blk_del(blk_at(S.blk[i].pfn + p));
}

static void op_cma(struct fz *f)
{
	uint64_t count = 1 + fz_below(f, 256), pfn = 0;
	int ret;

	if (!S.cma)
		return;
	if (fz_u8(f) & 1) {
		int i = pick_blk(f, B_CMA);
		uint64_t start, cnt;

		if (i < 0)
			return;
		start = S.blk[i].range_start;
		cnt = S.blk[i].range_count;
		ret = mc_cma_release(S.m, 0, start, cnt, 0);
		FZ_ASSERT(ret == 0, "cma release: %d", ret);
		for (uint64_t p = 0; p < cnt; p++)
			blk_del(blk_at(start + p));
		return;
	}
	if (count > slots_free())
		return;
	ret = mc_cma_alloc(S.m, 0, count, (unsigned)fz_below(f, 4),
			   (int)fz_below(f, S.g.nr_cpus), &pfn);
	if (ret) {
		FZ_ASSERT(ret == -ENOMEM || ret == -EBUSY, "cma alloc: %d",
			  ret);
		return;
	}
	for (uint64_t p = 0; p < count; p++) {
		int k = blk_add(B_CMA, pfn + p, 0, 0, 0, MC_PAGE_KERNEL,
				"cma");

		S.blk[k].range_start = pfn;
		S.blk[k].range_count = count;
	}
}

static void op_hugetlb(struct fz *f)
{
	int ret;

	if (fz_u8(f) & 1) {
		int i = pick_blk(f, B_HUGETLB);

		if (i < 0)
			return;
		ret = mc_hugetlb_free(S.m, S.blk[i].pfn,
				      (int)fz_below(f, S.g.nr_cpus));
		FZ_ASSERT(ret == 0, "hugetlb free: %d", ret);
		blk_del(i);
	} else {
		int i = blk_new();
		uint64_t pfn = 0;

		if (i < 0)
			return;
		ret = mc_hugetlb_alloc(S.m, pick_nid(f), pick_cpu(f), S.owner,
				       (uint32_t)i, &pfn);
		if (ret) {
			FZ_ASSERT(ret == -ENOMEM || ret == -EINVAL,
				  "hugetlb alloc: %d", ret);
			return;
		}
		blk_add(B_HUGETLB, pfn, S.g.hpage_pmd_order, S.owner,
			(uint32_t)i, MC_PAGE_HUGETLB, "hugetlb alloc");
	}
}

static void op_thp(struct fz *f)
{
	struct mc_thp_fault t = { 0 };
	uint64_t pfn = 0;
	unsigned order = 0;
	int i = blk_new(), ret;

	if (i < 0)
		return;
	t.cpu = (int)fz_below(f, S.g.nr_cpus);
	t.nid = pick_nid(f);
	if (t.nid >= (int)S.g.nr_nodes)
		t.nid = -1;
	t.madvised = fz_u8(f) & 1;
	t.owner = S.owner;
	t.cookie = (uint32_t)i;
	ret = mc_thp_fault(S.m, &t, &pfn, &order);
	if (ret) {
		FZ_ASSERT(ret == -ENOMEM, "thp fault: %d", ret);
		return;
	}
	FZ_ASSERT(order == 0 || order == S.g.hpage_pmd_order,
		  "thp fault order %u", order);
	blk_add(B_PAGES, pfn, order, S.owner, (uint32_t)i, MC_PAGE_ANON,
		"thp fault");
}

static void op_flags(struct fz *f)
{
	int i = pick_blk(f, -1);
	unsigned set = fz_u8(f) & 0x3f, clear = fz_u8(f) & 0x3f;
	char *fp = NULL;
	int ret;

	if (i < 0)
		return;
	if (fz_u8(f) & 1)
		set |= 0x40;		/* not a flag */
	if (set & clear || set & ~0x3fu)
		fp = fingerprint();
	ret = mc_page_set_flags(S.m, S.blk[i].pfn, set, clear);
	if (fp) {
		FZ_ASSERT(ret == -EINVAL, "set_flags %#x/%#x: %d", set, clear,
			  ret);
		expect_unchanged(fp, "set_flags");
		return;
	}
	FZ_ASSERT(ret == 0, "set_flags on a live block: %d", ret);
}

static void op_owner(struct fz *f)
{
	uint8_t b = fz_u8(f);
	static const int rcs[] = { 0, 0, -EAGAIN, -EBUSY, -ENOMEM, 0, 0, 0 };

	S.refuse_isolate = b & 1;
	S.migrate_rc = rcs[(b >> 1) & 7];
	S.allow_split = b & 16;
	S.allow_reclaim = b & 32;
}

static void op_fault(struct fz *f)
{
	struct mc_fault_attr a;
	enum mc_fault which = fz_u8(f) & 1 ? MC_FAULT_MIGRATE
					   : MC_FAULT_PAGE_ALLOC;
	static const int errors[] = { -EAGAIN, -ENOMEM, -EBUSY, -EIO, 0, 5 };
	int ret;

	FZ_ASSERT(mc_fault_get(S.m, which, &a) == 0, "fault get");
	a.probability = fz_below(f, 120);
	a.interval = fz_below(f, 5);
	a.times = (int)fz_below(f, 20) - 1;
	a.space = (int)fz_below(f, 64);
	a.min_order = (unsigned)fz_below(f, 4);
	a.ignore_gfp_highmem = fz_u8(f) & 1;
	a.ignore_gfp_wait = fz_u8(f) & 1;
	a.error = errors[fz_below(f, 6)];
	ret = mc_fault_set(S.m, which, &a);
	FZ_ASSERT(ret == 0 || (which == MC_FAULT_MIGRATE && a.error >= 0 &&
			       ret == -EINVAL), "fault set: %d", ret);
}

static void op_advance(struct fz *f)
{
	uint64_t ns = (uint64_t)fz_u16(f) * 125000ULL;	/* to 8 s */

	FZ_ASSERT(mc_advance(S.m, ns) == 0, "advance");
}

static void op_misc(struct fz *f)
{
	switch (fz_u8(f) % 4) {
	case 0:
		mc_drain_all_pages(S.m);
		break;
	case 1: {
		int ret = mc_swap_release(S.m, fz_below(f, 8));

		FZ_ASSERT(ret == 0 || ret == -EINVAL, "swap release %d", ret);
		break;
	}
	case 2: {	/* page info of any pfn agrees with the books */
		uint64_t span = S.g.end_pfn - S.g.start_pfn;
		uint64_t pfn = S.g.start_pfn + fz_below(f, span);
		struct mc_page_info pi;
		uint32_t c = *cov(pfn);

		FZ_ASSERT(mc_page_info(S.m, pfn, &pi) == 0, "page info");
		if (c)
			FZ_ASSERT(pi.state == MC_PS_ALLOCATED &&
				  pi.head_pfn == S.blk[c - 1].pfn,
				  "pfn %#llx: shadow block %#llx, machine "
				  "state %d head %#llx",
				  (unsigned long long)pfn,
				  (unsigned long long)S.blk[c - 1].pfn,
				  pi.state, (unsigned long long)pi.head_pfn);
		break;
	}
	case 3: {	/* bad arguments everywhere: -EINVAL, no change */
		char *fp = fingerprint();
		uint64_t pfn;
		struct mc_alloc_request r = { .cpu = 0, .nid = -1 };

		FZ_ASSERT(mc_alloc_pages(S.m, NULL, &pfn) == -EINVAL, "NULL");
		FZ_ASSERT(mc_alloc_pages(S.m, &r, NULL) == -EINVAL, "NULL");
		FZ_ASSERT(mc_compact_node(S.m, (int)S.g.nr_nodes, 0) == -EINVAL,
			  "node");
		FZ_ASSERT(mc_compact_node(S.m, 0, -1) == -EINVAL, "cpu");
		FZ_ASSERT(mc_alloc_contig_range(S.m, S.g.end_pfn,
						S.g.end_pfn + 1, MC_GFP_KERNEL,
						0, NULL) == -EINVAL, "range");
		FZ_ASSERT(mc_alloc_contig_range(S.m, 5, 5, MC_GFP_KERNEL, 0,
						NULL) == -EINVAL, "empty");
		FZ_ASSERT(mc_free_contig_range(S.m, S.g.end_pfn, 1, 0) ==
			  -EINVAL, "free range");
		FZ_ASSERT(mc_hugetlb_free(S.m, S.g.end_pfn, 0) == -EINVAL,
			  "hugetlb free");
		FZ_ASSERT(mc_page_set_flags(S.m, S.g.end_pfn, 1, 0) == -EINVAL,
			  "flags");
		expect_unchanged(fp, "bad arguments");
		break;
	}
	}
}

/* ---- machines ------------------------------------------------------------------ */

static int make_machine(struct fz *f)
{
	static struct mc_machine_desc d;
	unsigned layout = fz_u8(f) % 4;
	struct mc_options o = { 0 };
	struct mc_error err;
	uint8_t flags = fz_u8(f);

	memset(&d, 0, sizeof(d));
	switch (layout) {
	case 0:
		fz_small_pc(&d, "pc 32M", 1, 2);
		break;
	case 1:
		fz_small_pc(&d, "2 nodes", 2, 3);
		break;
	case 2:
		FZ_ASSERT(mc_desc_preset("arm64-16k:64M,cpus=2", &d, &err) == 0,
			  "%s", err.msg);
		break;
	case 3:
		fz_small_pc(&d, "pc 32M cma", 1, 2);
		d.cma = true;
		d.nr_cma_areas = 1;
		strcpy(d.cma_areas[0].name, "fuzz");
		d.cma_areas[0].base_pfn = 6144;
		d.cma_areas[0].pages = 1024;
		d.cma_areas[0].nid = 0;
		break;
	}
	o.seed = fz_u8(f);
	o.flags = (flags & 1 ? MC_OPT_NO_DAEMONS : 0) |
		  (flags & 2 ? MC_OPT_NO_THP_MINFREE : 0);
	o.swap_pages = flags & 4 ? 4096 : 0;
	if (mc_machine_create(&d, &o, &S.m, &err))
		FZ_ASSERT(0, "create %s: %s", d.name, err.msg);
	S.cma = layout == 3;
	mc_machine_geometry(S.m, &S.g);
	for (unsigned n = 0; n < S.g.nr_nodes; n++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++) {
			struct mc_zone_stats zs;

			if (mc_zone_stats(S.m, (int)n, (enum mc_zone_type)z,
					  &zs) || !zs.populated)
				continue;
			S.zspan[n][z].populated = true;
			S.zspan[n][z].start = zs.start_pfn;
			S.zspan[n][z].end = zs.start_pfn + zs.spanned;
			S.managed += zs.managed;
		}
	S.cover = calloc(S.g.end_pfn - S.g.start_pfn, sizeof(*S.cover));
	FZ_ASSERT(S.cover, "out of memory");
	FZ_ASSERT(mc_owner_register(S.m, "fuzz", &own_ops, NULL, &S.owner) ==
		  0, "owner");
	return 0;
}

static const struct fz_op ops[] = {
	{ op_alloc, "alloc" }, { op_alloc, "alloc" }, { op_alloc, "alloc" },
	{ op_free, "free" }, { op_free, "free" }, { op_free_bad, "bad free" },
	{ op_free_bulk, "bulk free" }, { op_compact, "compact" },
	{ op_sysctl, "sysctl" }, { op_sysfs, "sysfs" },
	{ op_contig_range, "contig range" },
	{ op_contig_pages, "contig pages" },
	{ op_free_contig, "free contig" }, { op_cma, "cma" },
	{ op_hugetlb, "hugetlb" }, { op_thp, "thp" }, { op_flags, "flags" },
	{ op_owner, "owner" }, { op_fault, "fault" },
	{ op_advance, "advance" }, { op_misc, "misc" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	int steps = 0;

	memset(&S, 0, sizeof(S));
	make_machine(&f);
	check_all("create");
	while (!fz_empty(&f) && steps++ < MAX_STEPS) {
		unsigned op = fz_u8(&f) % (sizeof(ops) / sizeof(*ops));

		ops[op].fn(&f);
		check_all(ops[op].name);
	}
	/* Teardown: with faults off, everything given back is free again. */
	{
		struct mc_fault_attr a;

		for (int w = 0; w < MC_FAULT_NR; w++) {
			mc_fault_get(S.m, (enum mc_fault)w, &a);
			a.probability = 0;
			if (w == MC_FAULT_MIGRATE)
				a.error = -EAGAIN;
			mc_fault_set(S.m, (enum mc_fault)w, &a);
		}
	}
	for (unsigned i = 0; i < S.nblk; i++) {
		struct blk *b = &S.blk[i];

		if (!b->live)
			continue;
		if (b->type == B_HUGETLB)
			FZ_ASSERT(mc_hugetlb_free(S.m, b->pfn, 0) == 0, "free");
		else if (b->type == B_CMA)
			FZ_ASSERT(mc_cma_release(S.m, 0, b->pfn, 1, 0) == 0,
				  "cma release");
		else
			FZ_ASSERT(mc_free_pages(S.m, b->pfn, b->order, 0) == 0,
				  "teardown free %#llx/%u",
				  (unsigned long long)b->pfn, b->order);
		blk_del((int)i);
	}
	FZ_ASSERT(mc_sysctl_write(S.m, "vm.nr_hugepages", "0", 1) == 0, "0");
	FZ_ASSERT(mc_sysctl_write(S.m, "vm.nr_overcommit_hugepages", "0", 1) ==
		  0, "0");
	mc_drain_all_pages(S.m);
	check_all("teardown");
	{
		struct mc_hugetlb_stats hs;

		mc_hugetlb_stats(S.m, -1, &hs);
		FZ_ASSERT(hs.nr == 0, "hugetlb pages left: %llu",
			  (unsigned long long)hs.nr);
	}
	mc_machine_destroy(S.m);
	free(S.cover);
	return 0;
}
