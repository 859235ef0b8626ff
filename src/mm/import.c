// SPDX-License-Identifier: GPL-2.0-only
/*
 * import.c - a machine from a physical-memory snapshot (mc_import_snapshot).
 *
 * A snapshot is what the kernel shows of its memory: /proc/zoneinfo (the
 * zone layout, watermarks, counters, per-cpu list sizes), buddyinfo and
 * pagetypeinfo (free blocks per order and type, pageblocks per type),
 * vmstat (event counters), /proc/kpageflags and /proc/kpagecount (one word
 * per pfn), and where the kernel offers it page_owner.  memcompact's own
 * exports add a state file with what the kernel's files cannot say.
 *
 * The import walks every pfn of every zone span and decides what the page
 * frame is (the rules are in docs/snapshot.md, "Inference rules"):
 *  - KPF_NOPAGE: a hole.  KPF_RESERVED: reserved, or a hole where
 *    /proc/iomem says the pfn is not System RAM.
 *  - KPF_BUDDY: free.  Every page of a free block has it
 *    (is_free_buddy_page()), so a run of buddy pages is cut into the
 *    largest naturally aligned blocks, which is exactly what complete
 *    buddy merging leaves; above pageblock_order two halves merge only
 *    when their pageblock types may merge (__free_one_page()).
 *  - KPF_COMPOUND_HEAD and the KPF_COMPOUND_TAIL pages after it: one
 *    allocated block of that many pages (a power of two, aligned).
 *  - other pages: order-0 allocated blocks, or the order page_owner gives.
 *    The kind follows the flags: KPF_HUGE hugetlb, KPF_SLAB slab,
 *    KPF_OFFLINE movable_ops (balloon), LRU/anonymous/mapped/THP pages
 *    anonymous or file, anything else (page tables, unflagged kernel
 *    memory) kernel.  An unflagged, unmapped page is either kernel memory
 *    or a free page on a per-cpu list: the files cannot tell them apart.
 *    With page_owner, pages it does not list are free (per-cpu); without,
 *    they are taken as kernel pages and counted in the result.
 *  - pageblock migratetypes from the state file, else page_owner's
 *    "Block N type X", else inferred: the majority of the block's
 *    allocated pages (movable kinds against unmovable ones; a block with
 *    none is Movable), then fitted to pagetypeinfo's "Number of blocks
 *    type" counts (blocks with most slab pages become Reclaimable, mixed
 *    blocks with most unmovable pages Unmovable, then whole free blocks).
 *
 * Then the builder (build.c) links every list and recomputes every
 * counter the page frames determine; counters they do not (events, NUMA
 * hits, per-cpu high and batch, watermarks) are restored from zoneinfo
 * and vmstat.  The result is compared with the snapshot's buddyinfo, and
 * every difference is reported as a note.
 *
 * Errors name the input file and the place: a line for text, a byte
 * offset for kpageflags; nothing is created when the snapshot is bad.
 */
#include "mm/import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KPF(b) (1ULL << MC_KPF_##b)

static const char *const zone_names_imp[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

/* What the walk decided for one pfn. */
enum pfn_class {
	PC_NONE,	/* not yet decided / outside every zone */
	PC_HOLE,
	PC_RESERVED,
	PC_FREE,	/* a buddy page */
	PC_HEAD,	/* first page of an allocated block */
	PC_TAIL,	/* other pages of an allocated block */
	PC_ZERO,	/* unflagged: kernel page or per-cpu free page */
	PC_PCP,		/* first page of a per-cpu block (state file) */
	PC_PCP_TAIL,
};

struct pfn_desc {
	uint8_t cls;
	uint8_t order;
	uint8_t kind;
	uint8_t cpu;		/* PC_PCP: its CPU; PC_HEAD: 1 if page_owner
				 * said Reclaimable */
	uint16_t pgflags;	/* PC_HEAD: enum pageflags bits; PC_PCP: mt */
	uint8_t owner;
	uint8_t from_state;
	uint32_t cookie;
};

#define NO_MT 0xff

struct zi_zone_vals {
	bool seen;
	bool has_wm;
	unsigned long wm[NR_WMARK], boost;
	long protection[MAX_NR_ZONES];
	int nr_protection;
	int nr_cpus;
	long pcp_count[NR_CPUS], pcp_high[NR_CPUS], pcp_batch[NR_CPUS];
	bool has_zone_item[NR_VM_ZONE_STAT_ITEMS];
	unsigned long zone_item[NR_VM_ZONE_STAT_ITEMS];
	bool has_numa[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long numa[NR_VM_NUMA_EVENT_ITEMS];
	int unreclaimable;	/* -1 unknown */
};

struct zi_node_vals {
	bool has[NR_VM_NODE_STAT_ITEMS];
	unsigned long v[NR_VM_NODE_STAT_ITEMS];
};

struct imp {
	const struct mc_snapshot *s;
	struct mc_machine *m;
	struct mc_error *err;
	mc_report_fn notes;
	void *nctx;
	struct mc_import_result *res;
	char file[256];

	/* buddyinfo: -1 = zone absent */
	bool have_buddyinfo;
	long buddy[MC_MAX_NODES][MAX_NR_ZONES][NR_PAGE_ORDERS_MAX];
	bool buddy_seen[MC_MAX_NODES][MAX_NR_ZONES];
	int buddy_orders;

	/* pagetypeinfo */
	bool have_pti;
	bool pti_cma;		/* a CMA column: the kernel has CONFIG_CMA */
	int pti_pb_order;
	bool pti_seen[MC_MAX_NODES][MAX_NR_ZONES];
	long pti_blocks[MC_MAX_NODES][MAX_NR_ZONES][MIGRATE_TYPES];

	struct zi_zone_vals (*zv)[MAX_NR_ZONES];
	struct zi_node_vals *nv;

	/* System RAM ranges from iomem (pfns) */
	struct mc_pfn_range *ram;
	size_t nr_ram;

	/* per pfn, relative to base_pfn */
	struct pfn_desc *pd;
	/* per pageblock: migratetype decided (NO_MT: infer) */
	uint8_t *pb_mt;
	bool *pb_owner;		/* from page_owner */
	/* state file: hugetlb surplus pages per node */
	unsigned long hugetlb_surplus[MC_MAX_NODES];
	/* state file: per-cpu blocks in file (= list) order */
	unsigned long *pcp_pfns;
	size_t nr_pcp, cap_pcp;
	/* page_owner: per pfn (relative) allocation order + 1, 0 none */
	uint8_t *po_order;
	uint8_t *po_reclaimable;
};

/* ---- messages ------------------------------------------------------------ */

/* The file of the snapshot directory an input comes from
 * (docs/snapshot.md), so that errors name the path a user can open. */
static void set_file(struct imp *im, const char *what)
{
	static const struct {
		const char *what, *path;
	} paths[] = {
		{ "zoneinfo", "proc/zoneinfo" },
		{ "buddyinfo", "proc/buddyinfo" },
		{ "pagetypeinfo", "proc/pagetypeinfo" },
		{ "vmstat", "proc/vmstat" },
		{ "iomem", "proc/iomem" },
		{ "kpageflags", "proc/kpageflags" },
		{ "kpagecount", "proc/kpagecount" },
		{ "sysctl", "sys/vm.sysctl" },
		{ "sysfs", "sys/sysfs" },
		{ "page_owner", "page_owner.gz" },
	};
	const char *path = what;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		if (!strcmp(paths[i].what, what))
			path = paths[i].path;
	snprintf(im->file, sizeof(im->file), "%s/%s",
		 im->s->name ? im->s->name : "<snapshot>", path);
}

static int fail(struct imp *im, const char *what, int line, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static int fail(struct imp *im, const char *what, int line, const char *fmt,
		...)
{
	char msg[224];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_file(im, what);
	if (line > 0)
		mc_err(im->err, im->file, line, "%s:%d: %s", im->file, line,
		       msg);
	else
		mc_err(im->err, im->file, 0, "%s: %s", im->file, msg);
	return -EINVAL;
}

static void note(struct imp *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct imp *im, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (im->res)
		im->res->notes++;
	if (!im->notes)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	im->notes(im->nctx, msg);
}

/* ---- text helpers -------------------------------------------------------- */

struct lines {
	const char *p, *end;
	int line;
	const char *s, *e;	/* current line, trimmed */
};

static bool is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool next_line(struct lines *l)
{
	const char *nl;

	if (l->p >= l->end)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	l->s = l->p;
	l->e = nl ? nl : l->end;
	l->p = nl ? nl + 1 : l->end;
	l->line++;
	while (l->s < l->e && is_sp(*l->s))
		l->s++;
	while (l->e > l->s && is_sp(l->e[-1]))
		l->e--;
	return true;
}

/* Next whitespace-separated token of [*s, e): returns its length. */
static size_t token(const char **s, const char *e, const char **tok)
{
	const char *p = *s;

	while (p < e && is_sp(*p))
		p++;
	*tok = p;
	while (p < e && !is_sp(*p))
		p++;
	*s = p;
	return (size_t)(p - *tok);
}

static bool tok_is(const char *t, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(t, w, n);
}

/* Decimal (or 0x hex with @hex) number of exactly the token. */
static bool tok_u64(const char *t, size_t n, uint64_t *v, bool hex)
{
	uint64_t x = 0;
	unsigned base = 10;

	if (!n)
		return false;
	if (hex && n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
		t += 2;
		n -= 2;
		base = 16;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned d;
		char c = t[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

static bool tok_hex(const char *t, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (!n || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return false;
		x = x * 16 + d;
	}
	*v = x;
	return true;
}

static int zone_by_name(const char *t, size_t n)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (tok_is(t, n, zone_names_imp[i]))
			return i;
	return -1;
}

static int mt_by_name(const char *t, size_t n)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (tok_is(t, n, vmstat_migratetype_name(mt)))
			return mt;
	return -1;
}

/*
 * "Node N, zone NAME" at the start of [s, e): node, zone and the rest.
 * Accepts the padding of buddyinfo ("Node 0, zone      DMA") and
 * pagetypeinfo ("Node    0, zone   Normal, type ...").
 */
static bool node_zone_prefix(const char *s, const char *e, int *nid, int *zt,
			     const char **rest)
{
	const char *t;
	size_t n;
	uint64_t v;

	n = token(&s, e, &t);
	if (!tok_is(t, n, "Node"))
		return false;
	n = token(&s, e, &t);
	if (n < 2 || t[n - 1] != ',' || !tok_u64(t, n - 1, &v, false) ||
	    v >= MC_MAX_NODES)
		return false;
	*nid = (int)v;
	n = token(&s, e, &t);
	if (!tok_is(t, n, "zone"))
		return false;
	n = token(&s, e, &t);
	if (n && t[n - 1] == ',')
		n--;
	*zt = zone_by_name(t, n);
	if (*zt < 0)
		return false;
	*rest = s;
	return true;
}

/* ---- buddyinfo ----------------------------------------------------------- */

static int parse_buddyinfo(struct imp *im)
{
	struct lines l = { .p = im->s->buddyinfo,
			   .end = im->s->buddyinfo + im->s->buddyinfo_len };
	bool any = false;

	im->buddy_orders = -1;
	while (next_line(&l)) {
		const char *rest, *t;
		int nid, zt, k = 0;
		size_t n;

		if (l.s == l.e)
			continue;
		if (!node_zone_prefix(l.s, l.e, &nid, &zt, &rest))
			return fail(im, "buddyinfo", l.line,
				    "malformed line '%.*s' (expected 'Node N, zone NAME' and a count per order)",
				    (int)min(l.e - l.s, 60), l.s);
		while ((n = token(&rest, l.e, &t))) {
			uint64_t v;

			if (k >= NR_PAGE_ORDERS_MAX)
				return fail(im, "buddyinfo", l.line,
					    "more than %d orders",
					    NR_PAGE_ORDERS_MAX);
			if (!tok_u64(t, n, &v, false))
				return fail(im, "buddyinfo", l.line,
					    "'%.*s' is not a count",
					    (int)min(n, 24), t);
			im->buddy[nid][zt][k++] = (long)v;
		}
		if (k == 0)
			return fail(im, "buddyinfo", l.line,
				    "no counts after the zone name (truncated?)");
		if (im->buddy_orders >= 0 && k != im->buddy_orders)
			return fail(im, "buddyinfo", l.line,
				    "%d orders, but earlier lines have %d (truncated?)",
				    k, im->buddy_orders);
		if (im->buddy_seen[nid][zt])
			return fail(im, "buddyinfo", l.line,
				    "duplicate line for Node %d, zone %s", nid,
				    zone_names_imp[zt]);
		im->buddy_orders = k;
		im->buddy_seen[nid][zt] = true;
		any = true;
	}
	if (!any)
		return fail(im, "buddyinfo", 1, "empty");
	im->have_buddyinfo = true;
	return 0;
}

/* ---- pagetypeinfo -------------------------------------------------------- */

static int parse_pagetypeinfo(struct imp *im)
{
	struct lines l = { .p = im->s->pagetypeinfo,
			   .end = im->s->pagetypeinfo + im->s->pagetypeinfo_len };
	int cols[MIGRATE_TYPES], ncols = -1;

	im->pti_pb_order = -1;
	while (next_line(&l)) {
		const char *s = l.s, *t, *rest;
		size_t n;
		int nid, zt;

		if (l.s == l.e)
			continue;
		if (l.e - l.s > 17 && !memcmp(l.s, "Page block order:", 17)) {
			uint64_t v;

			s = l.s + 17;
			n = token(&s, l.e, &t);
			if (!tok_u64(t, n, &v, false) || v > 20)
				return fail(im, "pagetypeinfo", l.line,
					    "malformed page block order");
			im->pti_pb_order = (int)v;
			ncols = -1;	/* a new node's section */
			continue;
		}
		if (l.e - l.s > 22 &&
		    !memcmp(l.s, "Number of blocks type", 21)) {
			s = l.s + 21;
			ncols = 0;
			while ((n = token(&s, l.e, &t))) {
				int mt = mt_by_name(t, n);

				if (mt < 0)
					return fail(im, "pagetypeinfo", l.line,
						    "unknown migratetype '%.*s'",
						    (int)min(n, 24), t);
				if (ncols == MIGRATE_TYPES)
					return fail(im, "pagetypeinfo",
						    l.line, "too many columns");
				if (mt == MIGRATE_CMA && n == 3)
					im->pti_cma = true;
				cols[ncols++] = mt;
			}
			continue;
		}
		if (ncols < 0 || !node_zone_prefix(l.s, l.e, &nid, &zt, &rest))
			continue;	/* free counts, mixed blocks: not used */
		{
			const char *r2 = rest;

			n = token(&r2, l.e, &t);
			if (tok_is(t, n, "type"))
				continue;	/* a free-count line */
		}
		for (int c = 0; c < ncols; c++) {
			uint64_t v;

			n = token(&rest, l.e, &t);
			if (!tok_u64(t, n, &v, false))
				return fail(im, "pagetypeinfo", l.line,
					    "expected %d block counts (truncated?)",
					    ncols);
			im->pti_blocks[nid][zt][cols[c]] = (long)v;
		}
		im->pti_seen[nid][zt] = true;
		im->have_pti = true;
	}
	if (im->pti_pb_order < 0)
		return fail(im, "pagetypeinfo", l.line ? l.line : 1,
			    "no 'Page block order:' line (truncated?)");
	return 0;
}

/* ---- zoneinfo values ----------------------------------------------------- */

static int parse_zoneinfo_values(struct imp *im)
{
	struct lines l = { .p = im->s->zoneinfo,
			   .end = im->s->zoneinfo + im->s->zoneinfo_len };
	struct zi_zone_vals *z = NULL;
	int nid = -1, cpu = -1;

	while (next_line(&l)) {
		const char *s = l.s, *t, *rest;
		size_t n;
		uint64_t v;
		int zt, cls, idx;

		if (l.s == l.e)
			continue;
		if (node_zone_prefix(l.s, l.e, &nid, &zt, &rest)) {
			z = &im->zv[nid][zt];
			z->seen = true;
			z->unreclaimable = -1;
			cpu = -1;
			continue;
		}
		if (!z)
			continue;
		n = token(&s, l.e, &t);
		if (tok_is(t, n, "pages")) {
			n = token(&s, l.e, &t);	/* "free" */
			n = token(&s, l.e, &t);
			if (tok_u64(t, n, &v, false))
				z->zone_item[NR_FREE_PAGES] = v,
				z->has_zone_item[NR_FREE_PAGES] = true;
			continue;
		}
		if (tok_is(t, n, "protection:")) {
			const char *p = s;

			z->nr_protection = 0;
			while (p < l.e && *p != '(')
				p++;
			p++;
			while (p < l.e && z->nr_protection < MAX_NR_ZONES) {
				char *endp;
				long x = strtol(p, &endp, 10);

				if (endp == p)
					break;
				z->protection[z->nr_protection++] = x;
				p = endp;
				while (p < l.e && (*p == ',' || is_sp(*p)))
					p++;
			}
			continue;
		}
		if (tok_is(t, n, "cpu:")) {
			n = token(&s, l.e, &t);
			if (!tok_u64(t, n, &v, false) || v >= NR_CPUS)
				return fail(im, "zoneinfo", l.line,
					    "malformed cpu number");
			cpu = (int)v;
			z->nr_cpus = max(z->nr_cpus, cpu + 1);
			continue;
		}
		if (cpu >= 0 && (tok_is(t, n, "count:") ||
				 tok_is(t, n, "high:") ||
				 tok_is(t, n, "batch:"))) {
			const char *w = t;
			size_t wn = n;

			n = token(&s, l.e, &t);
			if (!tok_u64(t, n, &v, false))
				return fail(im, "zoneinfo", l.line,
					    "malformed number after '%.*s'",
					    (int)wn, w);
			if (w[0] == 'c')
				z->pcp_count[cpu] = (long)v;
			else if (w[0] == 'h')
				z->pcp_high[cpu] = (long)v;
			else
				z->pcp_batch[cpu] = (long)v;
			continue;
		}
		if (tok_is(t, n, "node_unreclaimable:")) {
			n = token(&s, l.e, &t);
			if (tok_u64(t, n, &v, false))
				z->unreclaimable = (int)v;
			continue;
		}
		{
			static const char *const wmn[] = { "min", "low",
							   "high", "promo" };
			bool done = false;

			for (int w = 0; w < NR_WMARK; w++)
				if (tok_is(t, n, wmn[w])) {
					const char *t2;
					size_t n2 = token(&s, l.e, &t2);

					if (!tok_u64(t2, n2, &v, false))
						return fail(im, "zoneinfo",
							    l.line,
							    "malformed watermark");
					z->wm[w] = v;
					z->has_wm = true;
					done = true;
				}
			if (done)
				continue;
			if (tok_is(t, n, "boost")) {
				n = token(&s, l.e, &t);
				if (tok_u64(t, n, &v, false))
					z->boost = v;
				continue;
			}
		}
		if (vmstat_lookup(t, n, &cls, &idx))
			continue;	/* another kernel's counter */
		{
			const char *t2;
			size_t n2 = token(&s, l.e, &t2);

			if (!tok_u64(t2, n2, &v, false))
				continue;
		}
		if (cls == VMSTAT_CLASS_ZONE) {
			z->zone_item[idx] = v;
			z->has_zone_item[idx] = true;
		} else if (cls == VMSTAT_CLASS_NUMA) {
			z->numa[idx] = v;
			z->has_numa[idx] = true;
		} else if (cls == VMSTAT_CLASS_NODE && nid >= 0) {
			im->nv[nid].v[idx] = v;
			im->nv[nid].has[idx] = true;
		}
	}
	return 0;
}

/* ---- iomem ---------------------------------------------------------------- */

/* Top-level "start-end : System RAM" lines (nested lines are indented). */
static int parse_iomem(struct imp *im)
{
	const char *p = im->s->iomem, *end = im->s->iomem + im->s->iomem_len;
	size_t cap = 0;
	unsigned ps = im->m->page_shift;
	int line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *ls = p, *le = nl ? nl : end, *dash, *colon, *s;
		uint64_t a, b;

		p = nl ? nl + 1 : end;
		line++;
		while (le > ls && is_sp(le[-1]))
			le--;
		if (ls == le || is_sp(*ls))
			continue;
		colon = memchr(ls, ':', (size_t)(le - ls));
		dash = memchr(ls, '-', (size_t)(le - ls));
		if (!colon || !dash || dash > colon)
			return fail(im, "iomem", line,
				    "malformed line '%.*s' (expected 'start-end : name')",
				    (int)min(le - ls, 60), ls);
		{
			const char *be = colon;

			while (be > dash + 1 && is_sp(be[-1]))
				be--;
			if (!tok_hex(ls, (size_t)(dash - ls), &a) ||
			    !tok_hex(dash + 1, (size_t)(be - dash - 1), &b) ||
			    b < a)
				return fail(im, "iomem", line,
					    "malformed range '%.*s'",
					    (int)min(colon - ls, 40), ls);
		}
		s = colon + 1;
		while (s < le && is_sp(*s))
			s++;
		if ((size_t)(le - s) != 10 || memcmp(s, "System RAM", 10))
			continue;
		if (im->nr_ram == cap) {
			size_t nc = cap ? cap * 2 : 16;
			void *q = realloc(im->ram, nc * sizeof(*im->ram));

			if (!q)
				return -ENOMEM;
			im->ram = q;
			cap = nc;
		}
		im->ram[im->nr_ram++] = (struct mc_pfn_range){
			(a + (1ULL << ps) - 1) >> ps, (b + 1) >> ps };
	}
	if (!im->nr_ram)
		note(im, "iomem: no 'System RAM' line (as read without root: addresses are zero); reserved pages are kept as reserved");
	return 0;
}

static bool pfn_is_ram(const struct imp *im, unsigned long pfn)
{
	for (size_t i = 0; i < im->nr_ram; i++)
		if (pfn >= im->ram[i].start_pfn && pfn < im->ram[i].end_pfn)
			return true;
	return false;
}

/* ---- page_owner ---------------------------------------------------------- */

/*
 * Records of print_page_owner() (mm/page_owner.c):
 *   Page allocated via order N, mask 0x...(...), pid ..., ts ... ns
 *   PFN 0x... type T Block B type BT Flags ...
 *   <stack lines>
 *   (blank line)
 * Only the first two lines of each record are read.
 */
static int parse_page_owner(struct imp *im)
{
	struct mc_machine *m = im->m;
	struct lines l = { .p = im->s->page_owner,
			   .end = im->s->page_owner + im->s->page_owner_len };
	int pending_order = -1, pending_line = 0;

	while (next_line(&l)) {
		const char *s = l.s, *t;
		size_t n;
		uint64_t v, pfn;
		int mt, bmt;

		if (l.e - l.s > 23 && !memcmp(l.s, "Page allocated via order",
					      24)) {
			s = l.s + 24;
			n = token(&s, l.e, &t);
			if (n && t[n - 1] == ',')
				n--;
			if (!tok_u64(t, n, &v, false) || v > 20)
				return fail(im, "page_owner", l.line,
					    "malformed order");
			pending_order = (int)v;
			pending_line = l.line;
			continue;
		}
		if (l.e - l.s < 4 || memcmp(l.s, "PFN ", 4))
			continue;
		if (pending_order < 0)
			return fail(im, "page_owner", l.line,
				    "'PFN' line without a 'Page allocated via order' line before it");
		n = token(&s, l.e, &t);		/* PFN */
		n = token(&s, l.e, &t);
		if (!tok_u64(t, n, &pfn, true))
			return fail(im, "page_owner", l.line, "malformed pfn");
		n = token(&s, l.e, &t);		/* type */
		n = token(&s, l.e, &t);
		mt = mt_by_name(t, n);
		n = token(&s, l.e, &t);		/* Block */
		n = token(&s, l.e, &t);		/* number */
		n = token(&s, l.e, &t);		/* type */
		n = token(&s, l.e, &t);
		bmt = mt_by_name(t, n);
		if (mt < 0 || bmt < 0)
			return fail(im, "page_owner", l.line,
				    "malformed 'PFN ... type T Block B type T' line");
		if (pfn >= m->base_pfn && pfn < m->end_pfn &&
		    pfn + (1UL << pending_order) <= m->end_pfn) {
			unsigned long rel = pfn - m->base_pfn;
			unsigned long pb = pfn_to_pageblock(m, pfn);

			im->po_order[rel] = (uint8_t)(pending_order + 1);
			im->po_reclaimable[rel] = mt == MIGRATE_RECLAIMABLE;
			im->pb_mt[pb] = (uint8_t)bmt;
			im->pb_owner[pb] = true;
		}
		(void)pending_line;
		pending_order = -1;
	}
	return 0;
}

/* ---- the state file -------------------------------------------------------- */

static int parse_state(struct imp *im)
{
	struct mc_machine *m = im->m;
	struct lines l = { .p = im->s->state,
			   .end = im->s->state + im->s->state_len };
	bool header = false, end = false;

	while (next_line(&l)) {
		const char *s = l.s, *t;
		size_t n;
		uint64_t f[6];
		int nf = 0;

		if (l.s == l.e)
			continue;
		if (end)
			return fail(im, "memcompact.state", l.line,
				    "text after 'end'");
		if (!header) {
			if ((size_t)(l.e - l.s) != 18 ||
			    memcmp(l.s, "memcompact-state 1", 18))
				return fail(im, "memcompact.state", l.line,
					    "not a memcompact state file (expected 'memcompact-state 1')");
			header = true;
			continue;
		}
		n = token(&s, l.e, &t);
		if (tok_is(t, n, "end")) {
			end = true;
			continue;
		}
		{
			const char *rec = t;
			size_t rn = n, want;

			want = tok_is(rec, rn, "pb") ? 4 :
			       tok_is(rec, rn, "a") ? 6 :
			       tok_is(rec, rn, "p") ? 4 :
			       tok_is(rec, rn, "hs") ? 2 : 0;
			if (!want)
				return fail(im, "memcompact.state", l.line,
					    "unknown record '%.*s'",
					    (int)min(rn, 16), rec);
			while ((n = token(&s, l.e, &t))) {
				bool ok;

				if (nf == (int)want)
					return fail(im, "memcompact.state",
						    l.line, "too many fields");
				/* pfns, counts, flags and cookies in hex */
				ok = tok_is(rec, rn, "hs") ?
					     tok_u64(t, n, &f[nf], false) :
				     (nf == 0 || (rn == 2 && nf == 1) ||
				      (rn == 1 && rec[0] == 'a' &&
				       (nf == 3 || nf == 5))) ?
					     tok_hex(t, n, &f[nf]) :
					     tok_u64(t, n, &f[nf], false);
				if (!ok)
					return fail(im, "memcompact.state",
						    l.line,
						    "malformed field %d '%.*s'",
						    nf + 1, (int)min(n, 20),
						    t);
				nf++;
			}
			if (nf != (int)want)
				return fail(im, "memcompact.state", l.line,
					    "%d fields, %zu expected (truncated?)",
					    nf, want);
			if (tok_is(rec, rn, "hs")) {
				if (f[0] >= (uint64_t)m->nr_node_ids)
					return fail(im, "memcompact.state",
						    l.line,
						    "hugetlb surplus of node %llu: no such node",
						    (unsigned long long)f[0]);
				im->hugetlb_surplus[f[0]] = (unsigned long)f[1];
			} else if (rn == 2) {	/* pb */
				if (f[0] < m->base_pfn ||
				    !IS_ALIGNED(f[0] - m->base_pfn,
						m->pageblock_nr_pages) ||
				    f[1] > m->nr_pageblocks ||
				    pfn_to_pageblock(m, f[0]) + f[1] >
					    m->nr_pageblocks ||
				    f[2] >= MIGRATE_TYPES || f[3] > 1)
					return fail(im, "memcompact.state",
						    l.line,
						    "pageblock run outside the machine or bad type");
				for (uint64_t i = 0; i < f[1]; i++)
					im->pb_mt[pfn_to_pageblock(m, f[0]) +
						  i] = (uint8_t)(f[2] |
								 (f[3] ? 0x80 :
									 0));
			} else {
				unsigned long pfn = f[0], rel;
				unsigned long nr = f[1] <= m->max_page_order ?
						   1UL << f[1] : 0;

				if (!nr || pfn < m->base_pfn ||
				    pfn + nr > m->end_pfn ||
				    !IS_ALIGNED(pfn, nr))
					return fail(im, "memcompact.state",
						    l.line,
						    "block at pfn 0x%lx order %llu is outside the machine or misaligned",
						    pfn,
						    (unsigned long long)f[1]);
				rel = pfn - m->base_pfn;
				for (unsigned long i = 0; i < nr; i++)
					if (im->pd[rel + i].cls != PC_NONE)
						return fail(im,
							    "memcompact.state",
							    l.line,
							    "block at pfn 0x%lx overlaps another record",
							    pfn);
				if (rec[0] == 'a') {
					if (f[2] >= MC_PAGE_NR_KINDS ||
					    f[3] & ~(uint64_t)PAGE_FLAGS_MASK ||
					    f[4] >= MC_MAX_OWNERS ||
					    f[5] > UINT32_MAX)
						return fail(im,
							    "memcompact.state",
							    l.line,
							    "bad kind, flags, owner or cookie");
					im->pd[rel] = (struct pfn_desc){
						.cls = PC_HEAD,
						.order = (uint8_t)f[1],
						.kind = (uint8_t)f[2],
						.pgflags = (uint16_t)f[3],
						.owner = 0,
						.from_state = 1,
						.cookie = (uint32_t)f[5] };
					for (unsigned long i = 1; i < nr; i++)
						im->pd[rel + i].cls = PC_TAIL;
				} else {
					if (f[2] >= (uint64_t)m->nr_cpu_ids ||
					    f[3] >= MIGRATE_PCPTYPES)
						return fail(im,
							    "memcompact.state",
							    l.line,
							    "bad cpu or migratetype");
					if (im->nr_pcp == im->cap_pcp) {
						size_t nc = im->cap_pcp ?
							im->cap_pcp * 2 : 256;
						unsigned long *q = realloc(
							im->pcp_pfns,
							nc * sizeof(*q));

						if (!q)
							return -ENOMEM;
						im->pcp_pfns = q;
						im->cap_pcp = nc;
					}
					im->pcp_pfns[im->nr_pcp++] = pfn;
					im->pd[rel] = (struct pfn_desc){
						.cls = PC_PCP,
						.order = (uint8_t)f[1],
						.cpu = (uint8_t)f[2],
						.pgflags = (uint16_t)f[3],
						.from_state = 1 };
					for (unsigned long i = 1; i < nr; i++)
						im->pd[rel + i].cls =
							PC_PCP_TAIL;
				}
			}
		}
	}
	if (!header)
		return fail(im, "memcompact.state", 1, "empty");
	if (!end)
		return fail(im, "memcompact.state", l.line,
			    "no 'end' line (truncated?)");
	return 0;
}

/* ---- classification of one allocated page ---------------------------------- */

static enum mc_page_kind kpf_kind(uint64_t f)
{
	if (f & KPF(HUGE))
		return MC_PAGE_HUGETLB;
	if (f & KPF(SLAB))
		return MC_PAGE_SLAB;
	if (f & KPF(OFFLINE))
		return MC_PAGE_MOVABLE_OPS;
	if (f & KPF(PGTABLE))
		return MC_PAGE_KERNEL;
	if (f & (KPF(ANON) | KPF(SWAPBACKED)))
		return MC_PAGE_ANON;
	if (f & (KPF(LRU) | KPF(MMAP) | KPF(THP)))
		return MC_PAGE_FILE;
	return MC_PAGE_KERNEL;
}

static unsigned int kpf_pgflags(uint64_t f, enum mc_page_kind kind,
				uint64_t count)
{
	unsigned int pg = 0;
	bool lru_kind = kind == MC_PAGE_ANON || kind == MC_PAGE_FILE;

	if (lru_kind && (f & KPF(LRU)))
		pg |= 1u << PG_lru;
	if (lru_kind && (f & KPF(ACTIVE)))
		pg |= 1u << PG_active;
	if (lru_kind && (f & (KPF(UNEVICTABLE) | KPF(MLOCKED))))
		pg |= 1u << PG_unevictable;
	if (lru_kind && (f & KPF(DIRTY)))
		pg |= 1u << PG_dirty;
	if (lru_kind && (f & KPF(WRITEBACK)))
		pg |= 1u << PG_writeback;
	if (lru_kind && (f & KPF(LOCKED)))
		pg |= 1u << PG_locked;
	if (lru_kind && (f & KPF(RECLAIM)))
		pg |= 1u << PG_reclaim;
	if (kind == MC_PAGE_FILE && (f & KPF(PRIVATE)))
		pg |= 1u << PG_private;
	if ((kind == MC_PAGE_FILE || kind == MC_PAGE_HUGETLB) &&
	    (f & KPF(MMAP)))
		pg |= 1u << PG_mapped;
	/* kpagecount is the mapcount: a count on an unmapped page is a
	 * reference mapping cannot explain. */
	if (count > 0 && !(f & KPF(MMAP)))
		pg |= 1u << PG_pinned;
	return pg;
}

static bool kind_movable(enum mc_page_kind k)
{
	return k == MC_PAGE_ANON || k == MC_PAGE_FILE ||
	       k == MC_PAGE_MOVABLE_OPS || k == MC_PAGE_HUGETLB;
}

/* ---- the walk -------------------------------------------------------------- */

static int kpf_fail(struct imp *im, unsigned long pfn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int kpf_fail(struct imp *im, unsigned long pfn, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(im, "kpageflags", 0, "offset %#lx (pfn %#lx): %s",
		    pfn * 8, pfn, msg);
}

static int classify_zone(struct imp *im, struct zone *z)
{
	struct mc_machine *m = im->m;
	const uint64_t *kpf = im->s->kpageflags;
	const uint64_t *kpc = im->s->kpagecount;
	unsigned long pfn = z->zone_start_pfn, end = zone_end_pfn(z);

	if (end > im->s->nr_pfns)
		return fail(im, "kpageflags", 0,
			    "%llu bytes cover pfns up to %#llx, but zone %s of node %d ends at pfn %#lx (truncated?)",
			    (unsigned long long)im->s->nr_pfns * 8,
			    (unsigned long long)im->s->nr_pfns, z->name,
			    z->zone_pgdat->node_id, end);
	while (pfn < end) {
		unsigned long rel = pfn - m->base_pfn;
		struct pfn_desc *d = &im->pd[rel];
		uint64_t f = kpf[pfn];
		uint64_t c = kpc ? kpc[pfn] : 0;

		if (d->cls != PC_NONE) {
			/* placed by the state file: check it agrees */
			if (f & (KPF(NOPAGE) | KPF(RESERVED) | KPF(BUDDY)))
				return kpf_fail(im, pfn,
						"flags %#llx, but the state file has an allocated or per-cpu block here",
						(unsigned long long)f);
			pfn++;
			continue;
		}
		if (f & KPF(NOPAGE)) {
			d->cls = PC_HOLE;
		} else if (im->nr_ram && !pfn_is_ram(im, pfn) &&
			   !(f & ~(KPF(RESERVED) | KPF(IDLE) |
				   KPF(REFERENCED)))) {
			/* not System RAM: a hole, whatever memmap the
			 * kernel keeps for it */
			d->cls = PC_HOLE;
		} else if (f & KPF(RESERVED)) {
			d->cls = PC_RESERVED;
		} else if (f & KPF(BUDDY)) {
			d->cls = PC_FREE;
		} else if (f & KPF(COMPOUND_TAIL)) {
			return kpf_fail(im, pfn,
					"a compound tail page (flags %#llx) with no compound head before it",
					(unsigned long long)f);
		} else if (im->s->state) {
			return kpf_fail(im, pfn,
					"flags %#llx, but the state file places no block here",
					(unsigned long long)f);
		} else if (f & KPF(COMPOUND_HEAD)) {
			unsigned long n = 1, order;
			enum mc_page_kind kind = kpf_kind(f);

			while (pfn + n < end &&
			       (kpf[pfn + n] & (KPF(COMPOUND_TAIL) |
						KPF(COMPOUND_HEAD) |
						KPF(BUDDY) | KPF(NOPAGE))) ==
				       KPF(COMPOUND_TAIL))
				n++;
			order = (unsigned long)__builtin_ctzl(n);
			if (n & (n - 1) || !IS_ALIGNED(pfn, n))
				return kpf_fail(im, pfn,
						"a compound page of %lu pages: not a naturally aligned power of two",
						n);
			if (order > m->max_page_order) {
				/* gigantic hugetlb pages: in MAX_PAGE_ORDER
				 * pieces, which behave alike here */
				if (im->res)
					im->res->split_compound++;
				order = m->max_page_order;
			}
			for (unsigned long b = 0; b < n; b += 1UL << order) {
				struct pfn_desc *h = &im->pd[rel + b];
				unsigned int pg = kpf_pgflags(f, kind, c) |
						  (1u << PG_head);

				/*
				 * Every hugetlb folio of the pool's size is a
				 * pool page: in use when mapped, free (no
				 * reference) when not.
				 */
				if (kind == MC_PAGE_HUGETLB &&
				    order == m->hpage_pmd_order) {
					pg &= ~((1u << PG_mapped) |
						(1u << PG_pinned));
					pg |= 1u << PG_hugetlb_pool;
					if (!(f & KPF(MMAP)))
						pg |= 1u << PG_hugetlb_freed;
				}
				*h = (struct pfn_desc){
					.cls = PC_HEAD,
					.order = (uint8_t)order,
					.kind = (uint8_t)kind,
					.pgflags = (uint16_t)pg };
				for (unsigned long i = 1; i < (1UL << order);
				     i++)
					im->pd[rel + b + i].cls = PC_TAIL;
			}
			pfn += n;
			continue;
		} else if (im->po_order && im->po_order[rel]) {
			unsigned long order = im->po_order[rel] - 1, n, i;
			enum mc_page_kind kind = kpf_kind(f);

			n = 1UL << order;
			/* page_owner's order for a non-compound block: the
			 * followers must be plain pages */
			for (i = 1; i < n && pfn + i < end; i++)
				if (kpf[pfn + i] & (KPF(BUDDY) | KPF(NOPAGE) |
						    KPF(RESERVED) |
						    KPF(COMPOUND_HEAD) |
						    KPF(COMPOUND_TAIL)) ||
				    im->po_order[rel + i])
					break;
			if (i < n || !IS_ALIGNED(pfn, n) ||
			    order > m->max_page_order)
				n = 1, order = 0;
			if (kind == MC_PAGE_SLAB && im->po_reclaimable[rel])
				kind = MC_PAGE_SLAB_RECLAIMABLE;
			*d = (struct pfn_desc){
				.cls = PC_HEAD, .order = (uint8_t)order,
				.kind = (uint8_t)kind,
				.pgflags = (uint16_t)kpf_pgflags(f, kind, c) };
			for (i = 1; i < n; i++)
				im->pd[rel + i].cls = PC_TAIL;
			pfn += n;
			continue;
		} else if (!(f & ~(KPF(IDLE) | KPF(REFERENCED))) && !c) {
			d->cls = PC_ZERO;
		} else {
			enum mc_page_kind kind = kpf_kind(f);

			*d = (struct pfn_desc){
				.cls = PC_HEAD, .order = 0,
				.kind = (uint8_t)kind,
				.pgflags = (uint16_t)kpf_pgflags(f, kind, c) };
		}
		pfn++;
	}
	return 0;
}

/*
 * zoneinfo's present and managed counts say how many pfns of the zone are
 * holes (spanned - present) and how many present pages were never given
 * to the buddy allocator (present - managed).  Pages the kernel does not
 * flag can be either (a hole inside a memory section has a memmap and no
 * flag; so has memory whose initialisation is deferred): when the flagged
 * holes and reserved pages fall short, the longest runs of unflagged pages
 * are taken for them, highest addresses first (deferred initialisation
 * works upward; firmware holes are whole ranges).
 */
struct zrun {
	unsigned long s, e;
};

static int cmp_run(const void *a, const void *b)
{
	const struct zrun *x = a, *y = b;
	unsigned long lx = x->e - x->s, ly = y->e - y->s;

	if (lx != ly)
		return lx < ly ? 1 : -1;
	return x->s < y->s ? 1 : -1;
}

static unsigned long convert_zero_runs(struct imp *im, struct zone *z,
				       unsigned long need, uint8_t cls)
{
	struct mc_machine *m = im->m;
	struct zrun *runs = NULL;
	size_t n = 0, cap = 0;
	unsigned long done = 0;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);) {
		unsigned long e = pfn;

		while (e < zone_end_pfn(z) &&
		       im->pd[e - m->base_pfn].cls == PC_ZERO)
			e++;
		if (e == pfn) {
			pfn++;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct zrun *r = realloc(runs, nc * sizeof(*r));

			if (!r)
				break;
			runs = r;
			cap = nc;
		}
		runs[n++] = (struct zrun){ pfn, e };
		pfn = e;
	}
	if (runs)
		qsort(runs, n, sizeof(*runs), cmp_run);
	for (size_t i = 0; i < n && done < need; i++) {
		unsigned long len = runs[i].e - runs[i].s;
		unsigned long take = min(len, need - done);

		for (unsigned long pfn = runs[i].e - take; pfn < runs[i].e;
		     pfn++)
			im->pd[pfn - m->base_pfn].cls = cls;
		done += take;
	}
	free(runs);
	return done;
}

static void fit_zone_layout(struct imp *im, struct zone *z)
{
	struct mc_machine *m = im->m;
	const struct mc_zone_desc *zd =
		&m->desc.nodes[z->zone_pgdat->node_id].zones[z->idx];
	unsigned long holes = 0, rsv = 0, got;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
	     pfn++) {
		uint8_t c = im->pd[pfn - m->base_pfn].cls;

		holes += c == PC_HOLE;
		rsv += c == PC_RESERVED;
	}
	if (zd->spanned - zd->present > holes) {
		got = convert_zero_runs(im, z,
					zd->spanned - zd->present - holes,
					PC_HOLE);
		if (got)
			note(im, "kpageflags: node %d zone %s: %lu unflagged pages taken as holes (zoneinfo: spanned - present = %llu, %lu holes flagged)",
			     z->zone_pgdat->node_id, z->name, got,
			     (unsigned long long)(zd->spanned - zd->present),
			     holes);
	}
	if (zd->present - zd->managed > rsv) {
		got = convert_zero_runs(im, z,
					zd->present - zd->managed - rsv,
					PC_RESERVED);
		if (got)
			note(im, "kpageflags: node %d zone %s: %lu unflagged pages taken as present but unmanaged (zoneinfo: present - managed = %llu, %lu reserved pages flagged)",
			     z->zone_pgdat->node_id, z->name, got,
			     (unsigned long long)(zd->present - zd->managed),
			     rsv);
	}
}

/* ---- pageblock migratetypes ------------------------------------------------- */

struct pb_votes {
	unsigned long pb;
	unsigned movable, unmovable, slab, free, total;
};

static int cmp_slab_desc(const void *a, const void *b)
{
	const struct pb_votes *x = a, *y = b;

	if (x->slab != y->slab)
		return x->slab < y->slab ? 1 : -1;
	return x->pb < y->pb ? -1 : x->pb > y->pb;
}

static int cmp_unmov_desc(const void *a, const void *b)
{
	const struct pb_votes *x = a, *y = b;

	if (x->unmovable != y->unmovable)
		return x->unmovable < y->unmovable ? 1 : -1;
	return x->pb < y->pb ? -1 : x->pb > y->pb;
}

static int cmp_unmov_asc(const void *a, const void *b)
{
	return -cmp_unmov_desc(a, b);
}

/* Pageblocks the pagetypeinfo count includes: first pfn valid and in the
 * zone (pagetypeinfo_showblockcount_print steps from zone_start_pfn). */
static bool pb_counted(struct imp *im, struct zone *z, unsigned long pfn)
{
	const struct pfn_desc *d;

	if (pfn < z->zone_start_pfn || pfn >= zone_end_pfn(z))
		return false;
	d = &im->pd[pfn - im->m->base_pfn];
	return d->cls != PC_HOLE && d->cls != PC_NONE;
}

static int infer_zone_types(struct imp *im, struct zone *z)
{
	struct mc_machine *m = im->m;
	unsigned long first = pageblock_start_pfn(m, z->zone_start_pfn);
	unsigned long npb = 0, cap;
	struct pb_votes *v;
	long count[MIGRATE_TYPES] = { 0 };
	int nid = z->zone_pgdat->node_id;

	cap = (zone_end_pfn(z) - first + m->pageblock_nr_pages - 1) >>
	      m->pageblock_order;
	v = calloc(cap ? cap : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (unsigned long pfn = first; pfn < zone_end_pfn(z);
	     pfn += m->pageblock_nr_pages) {
		unsigned long pb = pfn_to_pageblock(m, pfn);
		struct pb_votes *e;

		if (im->pb_mt[pb] != NO_MT) {
			if (pb_counted(im, z, max(pfn, z->zone_start_pfn)))
				count[im->pb_mt[pb] & 0x7f]++;
			continue;
		}
		e = &v[npb++];
		e->pb = pb;
		for (unsigned long i = 0; i < m->pageblock_nr_pages; i++) {
			unsigned long p = pfn + i;
			const struct pfn_desc *d;

			if (!zone_spans_pfn(z, p))
				continue;
			d = &im->pd[p - m->base_pfn];
			e->total++;
			if (d->cls == PC_FREE) {
				e->free++;
			} else if (d->cls == PC_HEAD || d->cls == PC_TAIL) {
				const struct pfn_desc *h = d;

				if (d->cls == PC_TAIL) {
					unsigned long q = p;

					while (im->pd[q - m->base_pfn].cls ==
					       PC_TAIL)
						q--;
					h = &im->pd[q - m->base_pfn];
				}
				if (kind_movable(h->kind))
					e->movable++;
				else
					e->unmovable++;
				if (h->kind == MC_PAGE_SLAB ||
				    h->kind == MC_PAGE_SLAB_RECLAIMABLE)
					e->slab++;
			} else if (d->cls == PC_ZERO) {
				e->unmovable++;
			}
		}
		im->pb_mt[pb] = e->unmovable > e->movable ? MIGRATE_UNMOVABLE :
							     MIGRATE_MOVABLE;
		if (im->res && pb_counted(im, z, max(pfn, z->zone_start_pfn)))
			im->res->pageblocks_inferred++;
	}
	/* Fit to pagetypeinfo's counts, when the snapshot has them. */
	if (im->have_pti && im->pti_seen[nid][z->idx] && npb) {
		long have[MIGRATE_TYPES];
		long need;

		memcpy(have, count, sizeof(have));
		for (unsigned long i = 0; i < npb; i++)
			have[im->pb_mt[v[i].pb]]++;
		/* Reclaimable: the blocks with most slab pages. */
		need = im->pti_blocks[nid][z->idx][MIGRATE_RECLAIMABLE] -
		       have[MIGRATE_RECLAIMABLE];
		qsort(v, npb, sizeof(*v), cmp_slab_desc);
		for (unsigned long i = 0; i < npb && need > 0; i++) {
			uint8_t *mt = &im->pb_mt[v[i].pb];

			if (!v[i].slab)
				break;
			if (*mt == MIGRATE_RECLAIMABLE)
				continue;
			have[*mt]--;
			*mt = MIGRATE_RECLAIMABLE;
			have[MIGRATE_RECLAIMABLE]++;
			need--;
			if (im->res)
				im->res->pageblocks_mt_adjusted++;
		}
		/* Unmovable: mixed blocks with most unmovable pages, then
		 * free blocks; or back to Movable if too many. */
		need = im->pti_blocks[nid][z->idx][MIGRATE_UNMOVABLE] -
		       have[MIGRATE_UNMOVABLE];
		if (need > 0) {
			qsort(v, npb, sizeof(*v), cmp_unmov_desc);
			for (unsigned long i = 0; i < npb && need > 0; i++) {
				uint8_t *mt = &im->pb_mt[v[i].pb];

				if (*mt != MIGRATE_MOVABLE ||
				    (!v[i].unmovable &&
				     v[i].free != v[i].total))
					continue;
				*mt = MIGRATE_UNMOVABLE;
				need--;
				if (im->res)
					im->res->pageblocks_mt_adjusted++;
			}
		} else if (need < 0) {
			qsort(v, npb, sizeof(*v), cmp_unmov_asc);
			for (unsigned long i = 0; i < npb && need < 0; i++) {
				uint8_t *mt = &im->pb_mt[v[i].pb];

				if (*mt != MIGRATE_UNMOVABLE)
					continue;
				*mt = MIGRATE_MOVABLE;
				need++;
				if (im->res)
					im->res->pageblocks_mt_adjusted++;
			}
		}
	}
	free(v);
	return 0;
}

/* ---- placement --------------------------------------------------------------- */

/* Can the two halves of a free block above pageblock_order merge? */
static bool may_merge(int a, int b)
{
	return a == b || (migratetype_is_mergeable(a) &&
			  migratetype_is_mergeable(b));
}

static int place_free_run(struct imp *im, unsigned long s, unsigned long e)
{
	struct mc_machine *m = im->m;

	while (s < e) {
		unsigned int o = s ? (unsigned)__builtin_ctzl(s) :
				     m->max_page_order;

		o = min(o, m->max_page_order);
		while (s + (1UL << o) > e)
			o--;
		/* above a pageblock, the pageblock types must merge */
		while (o > m->pageblock_order) {
			int mt0 = im->pb_mt[pfn_to_pageblock(m, s)] & 0x7f;
			bool ok = true;

			for (unsigned long b = s + m->pageblock_nr_pages;
			     b < s + (1UL << o); b += m->pageblock_nr_pages)
				if (!may_merge(mt0,
					       im->pb_mt[pfn_to_pageblock(m, b)] &
					       0x7f))
					ok = false;
			if (ok)
				break;
			o--;
		}
		if (o >= m->pageblock_order) {
			int mt0 = im->pb_mt[pfn_to_pageblock(m, s)] & 0x7f;

			/* __free_one_page retypes the merged buddy */
			for (unsigned long b = s; b < s + (1UL << o);
			     b += m->pageblock_nr_pages) {
				uint8_t *t = &im->pb_mt[pfn_to_pageblock(m, b)];

				*t = (uint8_t)((*t & 0x80) | mt0);
			}
		}
		if (import_place_free(m, s, o))
			return kpf_fail(im, s,
					"cannot place a free order-%u block",
					o);
		if (im->res)
			im->res->free_pages += 1UL << o;
		s += 1UL << o;
	}
	return 0;
}

static int place_zone(struct imp *im, struct zone *z, long *pcp_left)
{
	struct mc_machine *m = im->m;
	unsigned long pfn = z->zone_start_pfn, end = zone_end_pfn(z);
	int cpu = 0;

	while (pfn < end) {
		unsigned long rel = pfn - m->base_pfn;
		struct pfn_desc *d = &im->pd[rel];
		int ret = 0;

		switch (d->cls) {
		case PC_HOLE:
		case PC_NONE:
			if (import_place_hole(m, pfn))
				return kpf_fail(im, pfn, "cannot place a hole");
			if (im->res)
				im->res->holes++;
			pfn++;
			break;
		case PC_RESERVED:
			if (import_place_reserved(m, pfn))
				return kpf_fail(im, pfn,
						"cannot place a reserved page");
			if (im->res)
				im->res->reserved++;
			pfn++;
			break;
		case PC_FREE: {
			unsigned long e = pfn;

			while (e < end && im->pd[e - m->base_pfn].cls ==
						  PC_FREE)
				e++;
			ret = place_free_run(im, pfn, e);
			pfn = e;
			break;
		}
		case PC_HEAD: {
			enum mc_page_kind kind = d->kind;
			int pmt = im->pb_mt[pfn_to_pageblock(m, pfn)] & 0x7f;

			if (kind == MC_PAGE_SLAB && !d->from_state &&
			    !im->po_order && pmt == MIGRATE_RECLAIMABLE)
				kind = MC_PAGE_SLAB_RECLAIMABLE;
			ret = import_place_alloc(m, pfn, d->order, kind,
						 d->pgflags, d->owner,
						 d->cookie);
			if (ret)
				return kpf_fail(im, pfn,
						"cannot place an allocated order-%u block",
						d->order);
			if (im->res)
				im->res->allocated_blocks++;
			pfn += 1UL << d->order;
			break;
		}
		case PC_PCP:
			if (d->from_state) {
				/* placed in the state file's order later */
				pfn += 1UL << d->order;
				break;
			}
			ret = import_place_pcp(m, pfn, d->order, d->cpu,
					       d->pgflags);
			if (ret)
				return kpf_fail(im, pfn,
						"cannot place a per-cpu order-%u block",
						d->order);
			if (im->res)
				im->res->pcp_pages += 1UL << d->order;
			pfn += 1UL << d->order;
			break;
		case PC_ZERO: {
			int pmt = im->pb_mt[pfn_to_pageblock(m, pfn)] & 0x7f;

			/* With page_owner, an unlisted unflagged page is
			 * free on a per-cpu list. */
			if (im->po_order) {
				while (cpu < m->nr_cpu_ids - 1 &&
				       pcp_left[cpu] <= 0)
					cpu++;
				pcp_left[cpu]--;
				ret = import_place_pcp(m, pfn, 0, cpu,
					pmt < MIGRATE_PCPTYPES ? pmt :
					MIGRATE_MOVABLE);
				if (im->res)
					im->res->pcp_pages++;
			} else {
				ret = import_place_alloc(m, pfn, 0,
							 MC_PAGE_KERNEL, 0, 0,
							 0);
				if (im->res) {
					im->res->unknown_zero_pages++;
					im->res->allocated_blocks++;
				}
			}
			if (ret)
				return kpf_fail(im, pfn,
						"cannot place an unflagged page");
			pfn++;
			break;
		}
		default:
			return kpf_fail(im, pfn, "internal: unplaced page");
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- counters from zoneinfo, vmstat and sysctls ---------------------------- */

static bool zone_item_derived(int i)
{
	return i == NR_FREE_PAGES || i == NR_FREE_CMA_PAGES ||
	       (i >= NR_ZONE_INACTIVE_ANON && i <= NR_MLOCK);
}

static bool node_item_derived(int i)
{
	static const int derived[] = {
		NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE,
		NR_ACTIVE_FILE, NR_UNEVICTABLE, NR_SLAB_RECLAIMABLE_B,
		NR_SLAB_UNRECLAIMABLE_B, NR_ISOLATED_ANON, NR_ISOLATED_FILE,
		NR_ANON_MAPPED, NR_FILE_MAPPED, NR_FILE_PAGES, NR_FILE_DIRTY,
		NR_WRITEBACK, NR_FILE_THPS, NR_ANON_THPS,
	};

	for (unsigned i2 = 0; i2 < ARRAY_SIZE(derived); i2++)
		if (derived[i2] == i)
			return true;
	return false;
}

static void restore_zoneinfo(struct imp *im)
{
	struct mc_machine *m = im->m;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];
		struct zi_node_vals *nv = &im->nv[nid];

		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			unsigned long v;

			if (!nv->has[i])
				continue;
			v = nv->v[i];
			if (vmstat_node_item_in_thp(i))
				v <<= m->hpage_pmd_order;
			if (!node_item_derived(i)) {
				pgdat->vm_stat[i] = (long)v;
			} else if ((unsigned long)pgdat->vm_stat[i] != v) {
				note(im, "zoneinfo: node %d %s: snapshot %lu pages, the imported pages say %ld",
				     nid, vmstat_node_item_name(i), v,
				     pgdat->vm_stat[i]);
			}
		}
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &pgdat->node_zones[zt];
			struct zi_zone_vals *zv = &im->zv[nid][zt];

			if (!zv->seen || !z->spanned_pages)
				continue;
			if (zv->has_wm) {
				/* the boost is set after totalreserve_pages
				 * is computed (below): the kernel computes it
				 * only in __setup_per_zone_wmarks(), which
				 * clears the boost first */
				z->watermark_boost = 0;
				for (int w = 0; w < NR_WMARK; w++)
					z->_watermark[w] =
						zv->wm[w] >= zv->boost ?
						zv->wm[w] - zv->boost : 0;
			}
			for (int j = 0; j < zv->nr_protection; j++)
				z->lowmem_reserve[j] = zv->protection[j];
			for (int c = 0; c < m->nr_cpu_ids && c < zv->nr_cpus;
			     c++) {
				struct per_cpu_pages *pcp =
					&z->per_cpu_pageset[c];

				pcp->high = (int)zv->pcp_high[c];
				pcp->batch = (int)zv->pcp_batch[c];
				if (pcp->count != zv->pcp_count[c])
					note(im, "zoneinfo: node %d zone %s cpu %d: %ld pages on per-cpu lists, imported %d",
					     nid, z->name, c, zv->pcp_count[c],
					     pcp->count);
			}
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
				if (!zv->has_zone_item[i])
					continue;
				if (!zone_item_derived(i))
					z->vm_stat[i] = (long)zv->zone_item[i];
				else if (i == NR_FREE_PAGES &&
					 zv->zone_item[i] !=
					 (unsigned long)z->vm_stat[i])
					note(im, "zoneinfo: node %d zone %s: %lu free pages, the imported pages say %ld",
					     nid, z->name, zv->zone_item[i],
					     z->vm_stat[i]);
			}
			for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
				if (zv->has_numa[i])
					z->vm_numa_event[i] = zv->numa[i];
			if (zv->unreclaimable > 0)
				pgdat->kswapd_failures = MAX_RECLAIM_RETRIES;
		}
	}
	calculate_totalreserve_pages(m);
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z = &m->node_data[nid]->node_zones[zt];
			struct zi_zone_vals *zv = &im->zv[nid][zt];

			if (zv->seen && z->spanned_pages && zv->has_wm &&
			    zv->boost) {
				z->watermark_boost = zv->boost;
			}
		}
}

static int restore_vmstat(struct imp *im)
{
	struct lines l = { .p = im->s->vmstat,
			   .end = im->s->vmstat + im->s->vmstat_len };
	struct mc_machine *m = im->m;
	unsigned unknown = 0;

	while (next_line(&l)) {
		const char *s = l.s, *t, *name;
		size_t n, nn;
		uint64_t v;
		int cls, idx;

		if (l.s == l.e)
			continue;
		nn = token(&s, l.e, &name);
		n = token(&s, l.e, &t);
		if (!n || !tok_u64(t, n, &v, false) || token(&s, l.e, &t))
			return fail(im, "vmstat", l.line,
				    "malformed line '%.*s' (expected 'name value')",
				    (int)min(l.e - l.s, 60), l.s);
		if (vmstat_lookup(name, nn, &cls, &idx)) {
			if (!tok_is(name, nn, "nr_unstable"))
				unknown++;
			continue;
		}
		if (cls == VMSTAT_CLASS_EVENT) {
			if (idx == PGPGIN || idx == PGPGOUT)
				v *= 2;
			m->vm_events[idx] = v;
		} else if (cls == VMSTAT_CLASS_VM &&
			   (idx == NR_MEMMAP_BOOT_PAGES ||
			    idx == NR_MEMMAP_PAGES)) {
			m->vm_stat[idx] = (long)v;
		}
	}
	if (unknown)
		note(im, "vmstat: %u counters this model does not have (another kernel's) were ignored",
		     unknown);
	return 0;
}

/*
 * A "key = value" line: the key and the value without the spaces around
 * them; false if the line has no '='.
 */
static bool split_setting(const struct lines *l, const char **key,
			  size_t *kl, const char **val, size_t *vl)
{
	const char *eq = memchr(l->s, '=', (size_t)(l->e - l->s));
	const char *ke, *v;

	if (!eq)
		return false;
	ke = eq;
	while (ke > l->s && is_sp(ke[-1]))
		ke--;
	v = eq + 1;
	while (v < l->e && is_sp(*v))
		v++;
	*key = l->s;
	*kl = (size_t)(ke - l->s);
	*val = v;
	*vl = (size_t)(l->e - v);
	return true;
}

/* "vm.name = value" lines, as sysctl -a prints them. */
static int restore_sysctls(struct imp *im)
{
	struct lines l = { .p = im->s->sysctl,
			   .end = im->s->sysctl + im->s->sysctl_len };
	char unknown[400] = "";
	size_t ul = 0;
	unsigned nunknown = 0;

	while (next_line(&l)) {
		const char *key, *eq;
		char name[96], value[128];
		size_t nl, vl;
		int ret;

		if (l.s == l.e || *l.s == '#')
			continue;
		if (!split_setting(&l, &key, &nl, &eq, &vl))
			return fail(im, "sysctl", l.line,
				    "malformed line (expected 'name = value')");
		if (!nl || nl >= sizeof(name) || vl >= sizeof(value))
			return fail(im, "sysctl", l.line, "name or value too long");
		memcpy(name, key, nl);
		name[nl] = 0;
		if (!strcmp(name, "vm.nr_hugepages") ||
		    !strcmp(name, "vm.nr_hugepages_mempolicy"))
			continue;	/* the pool is its pages: rebuilt */
		if (strstr(name, "compact_memory") ||
		    strstr(name, "drop_caches")) {
			note(im, "sysctl: %s is an action, not a setting: ignored",
			     name);
			continue;
		}
		memcpy(value, eq, vl);
		value[vl] = 0;
		ret = mc_sysctl_write(im->m, name, value, vl);
		if (ret == -ENOENT) {
			/* one note for all the settings the model lacks */
			if (ul + nl + 3 < sizeof(unknown))
				ul += (size_t)snprintf(unknown + ul,
						       sizeof(unknown) - ul,
						       "%s%s", ul ? ", " : "",
						       name);
			nunknown++;
		} else if (ret) {
			note(im, "sysctl: %s = %s rejected (%d)", name, value,
			     ret);
		}
	}
	if (nunknown)
		note(im, "sysctl: %u settings not modelled, not applied: %s%s",
		     nunknown, unknown,
		     ul + 40 >= sizeof(unknown) ? ", ..." : "");
	return 0;
}

/*
 * "path = value" lines of sysfs files (the THP settings), applied as a
 * write of the value; a value in the files' "a [b] c" form gives the
 * bracketed word, the setting in force.
 */
static int restore_sysfs(struct imp *im)
{
	struct lines l = { .p = im->s->sysfs,
			   .end = im->s->sysfs + im->s->sysfs_len };

	while (next_line(&l)) {
		const char *key, *v, *ve, *br;
		char path[160], value[64];
		size_t pl, vl;
		int ret;

		if (l.s == l.e || *l.s == '#')
			continue;
		if (!split_setting(&l, &key, &pl, &v, &vl))
			return fail(im, "sysfs", l.line,
				    "malformed line (expected 'path = value')");
		ve = v + vl;
		br = memchr(v, '[', (size_t)(ve - v));
		if (br) {
			const char *be = memchr(br, ']', (size_t)(ve - br));

			if (!be)
				return fail(im, "sysfs", l.line,
					    "unbalanced '[' in the value");
			v = br + 1;
			ve = be;
		}
		if (!pl || pl >= sizeof(path) || (size_t)(ve - v) >= sizeof(value))
			return fail(im, "sysfs", l.line,
				    "path or value too long");
		memcpy(path, key, pl);
		path[pl] = 0;
		memcpy(value, v, (size_t)(ve - v));
		value[ve - v] = 0;
		ret = mc_sysfs_write(im->m, path, value, strlen(value));
		if (ret)
			note(im, "sysfs: %s = %s not applied (%s)", path, value,
			     ret == -ENOENT ? "not modelled" : "rejected");
	}
	return 0;
}

static void compare_buddyinfo(struct imp *im)
{
	struct mc_machine *m = im->m;
	unsigned diffs = 0;

	for (int nid = 0; nid < MC_MAX_NODES; nid++)
		for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
			struct zone *z;

			if (!im->buddy_seen[nid][zt])
				continue;
			if (nid >= m->nr_node_ids ||
			    !populated_zone(&m->node_data[nid]->node_zones[zt])) {
				note(im, "buddyinfo: node %d zone %s is not in the imported machine",
				     nid, zone_names_imp[zt]);
				diffs++;
				continue;
			}
			z = &m->node_data[nid]->node_zones[zt];
			for (int o = 0; o < im->buddy_orders; o++) {
				long want = im->buddy[nid][zt][o];
				long got = (long)z->free_area[o].nr_free;

				if (want == got)
					continue;
				diffs++;
				note(im, "buddyinfo: node %d zone %s order %d: snapshot %ld, imported %ld",
				     nid, z->name, o, want, got);
			}
		}
	if (im->res) {
		im->res->buddyinfo_compared = true;
		im->res->buddyinfo_diffs = diffs;
		im->res->buddyinfo_match = diffs == 0;
	}
}

/* ---- the whole import -------------------------------------------------------- */

static void check_note(void *ctx, const char *msg)
{
	struct imp *im = ctx;

	if (!im->err->msg[0])
		fail(im, "kpageflags", 0,
		     "inconsistent snapshot: the imported state fails the invariant check: %s",
		     msg);
}

static int do_import(struct imp *im, const struct mc_options *opts,
		     struct mc_machine **out)
{
	const struct mc_snapshot *s = im->s;
	struct mc_machine_desc *desc;
	struct mc_machine *m;
	struct mc_error derr = { 0 };
	unsigned ps = s->page_shift ? s->page_shift : 12;
	long *pcp_left = NULL;
	int ret;

	if (!s->zoneinfo)
		return fail(im, "zoneinfo", 0, "missing (required)");
	if (!s->kpageflags)
		return fail(im, "kpageflags", 0, "missing (required)");
	if (s->buddyinfo && (ret = parse_buddyinfo(im)))
		return ret;
	if (s->pagetypeinfo && (ret = parse_pagetypeinfo(im)))
		return ret;
	desc = calloc(1, sizeof(*desc));
	if (!desc)
		return -ENOMEM;
	set_file(im, "zoneinfo");
	ret = mc_desc_from_zoneinfo(s->zoneinfo, s->zoneinfo_len, im->file,
				    desc, &derr);
	if (ret) {
		/* name the file in the message too, as every other error */
		mc_err(im->err, derr.file, derr.line, "%s: %s", derr.file,
		       derr.msg);
		free(desc);
		return ret;
	}
	if (ps != 12) {
		snprintf(desc->arch, sizeof(desc->arch), "arm64");
		desc->page_shift = ps;
	}
	if (im->have_buddyinfo)
		desc->max_page_order = (unsigned)im->buddy_orders - 1;
	if (s->pagetypeinfo)
		desc->pageblock_order = (unsigned)im->pti_pb_order;
	desc->cma = im->pti_cma;
	snprintf(desc->name, sizeof(desc->name), "%s",
		 s->name ? s->name : "snapshot");
	ret = mc_machine_create(desc, opts, &m, &derr);
	free(desc);
	if (ret) {
		fail(im, s->buddyinfo ? "buddyinfo" : "zoneinfo", 0,
		     "the layout cannot be built: %s", derr.msg);
		return ret;
	}
	im->m = m;
	ret = -ENOMEM;
	im->pd = calloc(m->nr_pfns, sizeof(*im->pd));
	im->pb_mt = malloc(m->nr_pageblocks);
	im->pb_owner = calloc(m->nr_pageblocks, sizeof(bool));
	im->zv = calloc(MC_MAX_NODES, sizeof(*im->zv));
	im->nv = calloc(MC_MAX_NODES, sizeof(*im->nv));
	pcp_left = calloc(NR_CPUS, sizeof(long));
	if (!im->pd || !im->pb_mt || !im->pb_owner || !im->zv || !im->nv ||
	    !pcp_left)
		goto out;
	memset(im->pb_mt, NO_MT, m->nr_pageblocks);
	if ((ret = parse_zoneinfo_values(im)))
		goto out;
	if (s->iomem && (ret = parse_iomem(im)))
		goto out;
	if (s->state) {
		if ((ret = parse_state(im)))
			goto out;
	} else if (s->page_owner) {
		im->po_order = calloc(m->nr_pfns, 1);
		im->po_reclaimable = calloc(m->nr_pfns, 1);
		ret = -ENOMEM;
		if (!im->po_order || !im->po_reclaimable)
			goto out;
		if ((ret = parse_page_owner(im)))
			goto out;
	}
	if (s->kpagecount && !s->kpageflags) {
		ret = fail(im, "kpagecount", 0, "without kpageflags");
		goto out;
	}
	/* the THP settings first: "enabled" moves min_free_kbytes, which
	 * the sysctls then set to the snapshot's value */
	if (s->sysfs && (ret = restore_sysfs(im)))
		goto out;
	if (s->sysctl && (ret = restore_sysctls(im)))
		goto out;

	/* 1. what every pfn is */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z)
			if (z->spanned_pages) {
				if ((ret = classify_zone(im, z)))
					goto out;
				if (!s->state)
					fit_zone_layout(im, z);
			}
	}
	/* 2. pageblock types */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z)
			if (z->spanned_pages &&
			    (ret = infer_zone_types(im, z)))
				goto out;
	}
	/* 3. place */
	import_begin(m);
	for (unsigned long pb = 0; pb < m->nr_pageblocks; pb++) {
		if (im->pb_mt[pb] == NO_MT)
			im->pb_mt[pb] = MIGRATE_UNMOVABLE;
		if ((im->pb_mt[pb] & 0x7f) == MIGRATE_CMA && !m->cma)
			im->pb_mt[pb] = (uint8_t)((im->pb_mt[pb] & 0x80) |
						  MIGRATE_ISOLATE);
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z) {
			if (!z->spanned_pages)
				continue;
			for (int c = 0; c < m->nr_cpu_ids; c++)
				pcp_left[c] = im->zv[nid][z->idx].pcp_count[c];
			if ((ret = place_zone(im, z, pcp_left)))
				goto out;
		}
	}
	for (size_t i = 0; i < im->nr_pcp; i++) {
		const struct pfn_desc *d = &im->pd[im->pcp_pfns[i] - m->base_pfn];

		if (import_place_pcp(m, im->pcp_pfns[i], d->order, d->cpu,
				     d->pgflags)) {
			ret = kpf_fail(im, im->pcp_pfns[i],
				       "cannot place a per-cpu order-%u block",
				       d->order);
			goto out;
		}
		if (im->res)
			im->res->pcp_pages += 1UL << d->order;
	}
	for (unsigned long pb = 0; pb < m->nr_pageblocks; pb++)
		import_set_pageblock(m, m->base_pfn + (pb << m->pageblock_order),
				     im->pb_mt[pb] & 0x7f,
				     im->pb_mt[pb] & 0x80);
	if (im->err)
		im->err->msg[0] = 0;
	if (import_finish(m, check_note, im)) {
		ret = -EINVAL;
		goto out;
	}
	/* 4. what the pages do not say */
	if (s->state && hugetlb_pool_rebuild(m, im->hugetlb_surplus)) {
		ret = -ENOMEM;
		goto out;
	}
	restore_zoneinfo(im);
	if (s->vmstat && (ret = restore_vmstat(im)))
		goto out;
	if (im->have_buddyinfo)
		compare_buddyinfo(im);
	if (im->res) {
		unsigned long owner_pbs = 0;

		for (unsigned long pb = 0; pb < m->nr_pageblocks; pb++)
			owner_pbs += im->pb_owner[pb];
		im->res->mt_source = s->state ? MC_MT_FROM_STATE :
				     !s->page_owner ? MC_MT_INFERRED :
				     im->res->pageblocks_inferred ? MC_MT_MIXED :
				     MC_MT_FROM_PAGE_OWNER;
		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			struct zone *z;

			for_each_zone_in_node(m->node_data[nid], z)
				if (populated_zone(z))
					im->res->pageblocks +=
						(zone_end_pfn(z) -
						 pageblock_start_pfn(m,
							z->zone_start_pfn) +
						 m->pageblock_nr_pages - 1) >>
						m->pageblock_order;
		}
		(void)owner_pbs;
	}
	if (im->res && im->res->unknown_zero_pages)
		note(im, "kpageflags: %llu unflagged, unmapped pages taken as kernel memory (per-cpu free pages look the same without page_owner)",
		     (unsigned long long)im->res->unknown_zero_pages);
	if (im->res && im->res->split_compound)
		note(im, "kpageflags: %llu compound pages above MAX_PAGE_ORDER were split into MAX_PAGE_ORDER blocks",
		     (unsigned long long)im->res->split_compound);
	ret = machine_check(m, NULL, NULL) ? -EINVAL : 0;
	if (ret)
		fail(im, "zoneinfo", 0,
		     "inconsistent snapshot: restored counters fail the invariant check");
out:
	free(pcp_left);
	if (ret) {
		mc_machine_destroy(m);
		im->m = NULL;
		return ret;
	}
	*out = m;
	return 0;
}

int mc_import_snapshot(const struct mc_snapshot *snap,
		       const struct mc_options *opts, struct mc_machine **out,
		       struct mc_import_result *res, mc_report_fn notes,
		       void *ctx, struct mc_error *err)
{
	struct imp *im;
	struct mc_error local = { 0 };
	int ret;

	if (!snap || !out) {
		mc_err(err, "<api>", 0, "NULL snapshot or result pointer");
		return -EINVAL;
	}
	*out = NULL;
	if (res)
		memset(res, 0, sizeof(*res));
	im = calloc(1, sizeof(*im));
	if (!im) {
		mc_err(err, "<api>", 0, "out of memory");
		return -ENOMEM;
	}
	im->s = snap;
	im->err = err ? err : &local;
	im->notes = notes;
	im->nctx = ctx;
	im->res = res;
	ret = do_import(im, opts, out);
	if (ret == -ENOMEM && !im->err->msg[0])
		mc_err(im->err, snap->name ? snap->name : "<snapshot>", 0,
		       "out of memory");
	free(im->pd);
	free(im->pb_mt);
	free(im->pb_owner);
	free(im->zv);
	free(im->nv);
	free(im->ram);
	free(im->po_order);
	free(im->po_reclaimable);
	free(im->pcp_pfns);
	free(im);
	if (ret && res)
		memset(res, 0, sizeof(*res));
	return ret;
}
