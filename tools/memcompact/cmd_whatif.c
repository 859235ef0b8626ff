// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_whatif.c - 'memcompact whatif SNAPSHOT': import a snapshot, run
 * compaction on the imported state, and say what it would achieve.
 *
 * Modes: vm.compact_memory (the default), N allocation requests of an
 * order (--alloc ORDER:N, --huge N for transparent huge pages, which
 * compact directly in the slow path as a THP fault does), a contiguous
 * range (--contig START-END: alloc_contig_range, which isolates the range's
 * pageblocks and migrates everything movable out of it), or N contiguous
 * allocations of a size anywhere (--contig-pages PAGES[:N]:
 * alloc_contig_pages, as gigantic hugetlb pages and CMA-less DMA buffers
 * are found).
 *
 * What is moved: before the operation every allocated block's cookie is
 * set to its own pfn; a block whose cookie differs from its pfn after the
 * operation was migrated from the pfn its cookie names.
 *
 * The report: huge pages obtainable before and after (free blocks of at
 * least HPAGE_PMD_ORDER, per zone), pages migrated and the compaction
 * counters' deltas, and every pageblock that is not free afterwards with
 * the reason it could not be freed (pagemap.h's census), with optional
 * page map pictures before and after.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "pagemap.h"
#include "snapdir.h"

static const char *const zone_names[MC_MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

static const char *const counter_names[] = {
	"pgmigrate_success", "pgmigrate_fail", "compact_migrate_scanned",
	"compact_free_scanned", "compact_isolated", "compact_stall",
	"compact_fail", "compact_success", "thp_fault_alloc",
	"thp_fault_fallback",
};
#define NR_COUNTERS (sizeof(counter_names) / sizeof(counter_names[0]))

static void note_stderr(void *ctx, const char *msg)
{
	bool *show = ctx;

	if (*show)
		fprintf(stderr, "memcompact: note: %s\n", msg);
}

struct mc_machine *machine_from_snapshot(const char *dir, bool notes,
					 struct mc_import_result *res)
{
	struct mc_snapshot *s = NULL;
	struct mc_error err = { 0 };
	struct mc_options o = { .seed = 1, .flags = MC_OPT_NO_DAEMONS };
	struct mc_import_result local;
	struct mc_machine *m = NULL;
	int ret;

	ret = mc_snapshot_load(dir, &s, &err);
	if (ret) {
		cli_error("%s", err.msg[0] ? err.msg : strerror(-ret));
		return NULL;
	}
	ret = mc_import_snapshot(s, &o, &m, res ? res : &local, note_stderr,
				 &notes, &err);
	mc_snapshot_free(s);
	if (ret) {
		cli_error("%s", err.msg[0] ? err.msg : strerror(-ret));
		return NULL;
	}
	return m;
}

struct zone_sum {
	bool populated;
	int nid;
	int zone;
	uint64_t nr_free[16];
	uint64_t free_pages;
	uint64_t huge;		/* free blocks of HPAGE_PMD_ORDER pages */
	uint64_t pageblocks, blocked, unblocked;
};

struct measure {
	struct zone_sum z[MC_MAX_NODES][MC_MAX_NR_ZONES];
	uint64_t counters[NR_COUNTERS];
	uint64_t blockers[PB_NR];
	uint64_t huge, free_pages, pageblocks;
};

static void measure(struct mc_machine *m, struct measure *ms,
		    struct pb_census *cen, bool unevictable_ok)
{
	struct mc_geometry g;
	uint64_t pbn;

	memset(ms, 0, sizeof(*ms));
	mc_machine_geometry(m, &g);
	pbn = 1ULL << g.pageblock_order;
	for (unsigned nid = 0; nid < g.nr_nodes; nid++)
		for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
			struct mc_zone_stats st;
			struct zone_sum *z = &ms->z[nid][zt];

			if (mc_zone_stats(m, (int)nid, (enum mc_zone_type)zt,
					  &st) || !st.populated)
				continue;
			z->populated = true;
			z->nid = (int)nid;
			z->zone = zt;
			for (unsigned o = 0; o < g.nr_page_orders; o++) {
				z->nr_free[o] = st.nr_free_blocks[o];
				z->free_pages += st.nr_free_blocks[o] << o;
				if (o >= g.hpage_pmd_order)
					z->huge += st.nr_free_blocks[o]
						   << (o - g.hpage_pmd_order);
			}
			ms->huge += z->huge;
			ms->free_pages += z->free_pages;
		}
	for (uint64_t pfn = g.start_pfn & ~(pbn - 1), i = 0; pfn < g.end_pfn;
	     pfn += pbn, i++) {
		struct pb_census *c = &cen[i];
		struct zone_sum *z;

		pagemap_census(m, pfn, unevictable_ok, c);
		if (c->nid < 0 || !c->pages)
			continue;
		z = &ms->z[c->nid][c->zone];
		z->pageblocks++;
		ms->pageblocks++;
		ms->blockers[c->blocker]++;
		if (c->blocker == PB_FREE || c->blocker == PB_MOVABLE ||
		    c->blocker == PB_PCP)
			z->unblocked++;
		else
			z->blocked++;
	}
	for (size_t i = 0; i < NR_COUNTERS; i++)
		if (mc_vmstat_get(m, counter_names[i], &ms->counters[i]))
			ms->counters[i] = 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact whatif [options] SNAPSHOT\n"
		"\nImport a snapshot (memcompact snapshot / export) and run\n"
		"compaction on the imported state: how many huge pages could\n"
		"compaction get now, what would it move, and which pageblocks\n"
		"block the rest, and why.\n"
		"\nwhat to run (one; default --compact):\n"
		"      --compact         write vm.compact_memory (all zones, sync)\n"
		"      --alloc ORDER[:N] N requests of ORDER (default N=1)\n"
		"      --huge N          N THP faults in a MADV_HUGEPAGE mapping,\n"
		"                        as the snapshot's THP settings take them\n"
		"      --gfp FLAGS       gfp of --alloc (default\n"
		"                        GFP_HIGHUSER_MOVABLE|__GFP_COMP)\n"
		"      --contig START-END  alloc_contig_range of the pfns\n"
		"                        [START, END) (decimal or 0x...)\n"
		"      --contig-pages PAGES[:N]  N alloc_contig_pages of PAGES\n"
		"                        pages each (default N=1)\n"
		"\noutput:\n"
		"  -j, --json            JSON instead of text\n"
		"  -p, --map PREFIX      page maps PREFIX-before.png and\n"
		"                        PREFIX-after.png (a cell per pageblock)\n"
		"      --map-pages       one pixel per page instead\n"
		"  -e, --export DIR      export the machine after the operation\n"
		"                        (a snapshot: DIR, or DIR.tar/.tgz)\n"
		"      --blockers N      list at most N blocked pageblocks in the\n"
		"                        text report (default all; JSON: all)\n"
		"      --moves           list every migrated block (from -> to)\n"
		"  -v, --notes           print the import's notes (what was\n"
		"                        inferred, what differs from the snapshot)\n"
		"      --sysctl K=V      set a vm.* tunable after the import\n"
		"  -h, --help            this text\n"
		"\nexit status: 0 done, 1 the snapshot could not be imported,\n"
		"2 usage error\n");
}

static const char *mt_source_name(enum mc_mt_source s)
{
	switch (s) {
	case MC_MT_FROM_STATE: return "state";
	case MC_MT_FROM_PAGE_OWNER: return "page_owner";
	case MC_MT_MIXED: return "page_owner+inferred";
	default: return "inferred";
	}
}

static const char *mt_name(int mt)
{
	static const char *const n[] = { "Unmovable", "Movable", "Reclaimable",
					 "HighAtomic", "Isolate", "Isolate" };

	return mt >= 0 && mt < 6 ? n[mt] : "-";
}

struct move {
	uint64_t from, to;
	unsigned order;
};

int cmd_whatif(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "alloc", required_argument, NULL, 'a' },
		{ "huge", required_argument, NULL, 'H' },
		{ "gfp", required_argument, NULL, 'g' },
		{ "contig", required_argument, NULL, 'R' },
		{ "contig-pages", required_argument, NULL, 'Q' },
		{ "json", no_argument, NULL, 'j' },
		{ "map", required_argument, NULL, 'p' },
		{ "map-pages", no_argument, NULL, 'P' },
		{ "export", required_argument, NULL, 'e' },
		{ "blockers", required_argument, NULL, 'b' },
		{ "moves", no_argument, NULL, 'M' },
		{ "notes", no_argument, NULL, 'v' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *map = NULL, *export_dir = NULL, *sysctls[64];
	bool json = false, map_pages = false, notes = false, list_moves = false;
	int nsys = 0, c, mode = 'c', nmodes = 0;
	uint64_t req_order = 0, req_n = 1, max_blockers = UINT64_MAX;
	uint64_t cstart = 0, cend = 0, cpages = 0;
	int contig_ret = 0;
	uint32_t gfp = MC_GFP_HIGHUSER_MOVABLE | MC_GFP_COMP;
	struct mc_import_result res;
	struct mc_machine *m;
	struct mc_geometry g;
	struct measure *before = NULL, *after = NULL;
	struct pb_census *cb = NULL, *ca = NULL;
	int rc = EXIT_OK;
	uint64_t npb, pbn, ok = 0, failed = 0, moved_pages = 0, nmoves = 0;
	struct move *moves = NULL;
	uint64_t *moved_from = NULL;	/* pages migrated out, per pageblock */
	char val[64];
	bool unevictable_ok = true;
	struct mc_error gerr = { 0 };

	optind = 0;
	while ((c = getopt_long(argc, argv, "jp:e:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': mode = 'c'; nmodes++; break;
		case 'a': {
			char *colon = strchr(optarg, ':');

			mode = 'a';
			nmodes++;
			if (colon)
				*colon = 0;
			if (parse_u64(optarg, &req_order) || req_order > 13 ||
			    (colon && (parse_u64(colon + 1, &req_n) || !req_n)))
				die_usage("whatif",
					  "--alloc: expected ORDER[:N], e.g. 9:100");
			break;
		}
		case 'H':
			mode = 'H';
			nmodes++;
			if (parse_u64(optarg, &req_n) || !req_n)
				die_usage("whatif",
					  "--huge: '%s' is not a positive count",
					  optarg);
			break;
		case 'R': {
			char *dash = strchr(optarg, '-');

			mode = 'R';
			nmodes++;
			if (!dash)
				die_usage("whatif", "--contig: expected START-END");
			*dash = 0;
			if (parse_u64(optarg, &cstart) ||
			    parse_u64(dash + 1, &cend) || cend <= cstart)
				die_usage("whatif",
					  "--contig: expected START-END with START < END");
			break;
		}
		case 'Q': {
			char *colon = strchr(optarg, ':');

			mode = 'Q';
			nmodes++;
			if (colon)
				*colon = 0;
			if (parse_u64(optarg, &cpages) || !cpages ||
			    (colon && (parse_u64(colon + 1, &req_n) || !req_n)))
				die_usage("whatif",
					  "--contig-pages: expected PAGES[:N]");
			break;
		}
		case 'g':
			if (mc_gfp_parse(optarg, &gfp, &gerr))
				die_usage("whatif", "--gfp: %s", gerr.msg);
			break;
		case 'j': json = true; break;
		case 'p': map = optarg; break;
		case 'P': map_pages = true; break;
		case 'e': export_dir = optarg; break;
		case 'b':
			if (parse_u64(optarg, &max_blockers))
				die_usage("whatif",
					  "--blockers: '%s' is not a count",
					  optarg);
			break;
		case 'M': list_moves = true; break;
		case 'v': notes = true; break;
		case 'S':
			if (nsys == 64)
				die_usage("whatif", "too many --sysctl options");
			sysctls[nsys++] = optarg;
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (nmodes > 1)
		die_usage("whatif",
			  "give one of --compact, --alloc, --huge, --contig, --contig-pages");
	if (optind != argc - 1)
		die_usage("whatif", optind >= argc ? "which snapshot?" :
			  "one snapshot only");

	m = machine_from_snapshot(argv[optind], notes, &res);
	if (!m)
		return EXIT_FAIL;
	if (apply_sysctls(m, sysctls, nsys, "--sysctl")) {
		mc_machine_destroy(m);
		return EXIT_FAIL;
	}
	mc_machine_geometry(m, &g);
	if (mode == 'H')
		req_order = g.hpage_pmd_order;
	if (req_order > g.max_page_order) {
		cli_error("--alloc: order %llu is above MAX_PAGE_ORDER %u",
			  (unsigned long long)req_order, g.max_page_order);
		mc_machine_destroy(m);
		return EXIT_USAGE;
	}
	if (!mc_sysctl_read(m, "vm.compact_unevictable_allowed", val,
			    sizeof(val)))
		unevictable_ok = atoi(val) != 0;
	pbn = 1ULL << g.pageblock_order;
	npb = ((g.end_pfn + pbn - 1) / pbn) - g.start_pfn / pbn;
	before = calloc(1, sizeof(*before));
	after = calloc(1, sizeof(*after));
	cb = calloc(npb, sizeof(*cb));
	ca = calloc(npb, sizeof(*ca));
	moved_from = calloc(npb, sizeof(*moved_from));
	if (!before || !after || !cb || !ca || !moved_from) {
		cli_error("out of memory");
		rc = EXIT_FAIL;
		goto out;
	}
	measure(m, before, cb, unevictable_ok);
	if (map) {
		char path[4096], why[256];
		struct pagemap_opts po = { .mode = map_pages ? PAGEMAP_PAGE :
						   PAGEMAP_PAGEBLOCK,
					   .title = "memcompact whatif: before" };

		snprintf(path, sizeof(path), "%s-before.png", map);
		if (pagemap_write_png(m, path, &po, why, sizeof(why)))
			cli_error("%s", why);
	}
	/* mark every allocated block with its own pfn */
	for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn;) {
		struct mc_page_info pi;

		if (mc_page_info(m, pfn, &pi) || pi.state != MC_PS_ALLOCATED ||
		    pi.head_pfn != pfn) {
			pfn++;
			continue;
		}
		mc_page_set_cookie(m, pfn, (uint32_t)pfn);
		pfn += 1ULL << pi.order;
	}

	/* the operation */
	if (mode == 'c') {
		mc_sysctl_write(m, "vm.compact_memory", "1", 1);
	} else if (mode == 'R') {
		/* the new blocks carry a cookie no moved block has */
		struct mc_contig_owner own = { 0, MC_PAGE_KERNEL,
					       0xffffffffu };

		contig_ret = mc_alloc_contig_range(m, cstart, cend,
						   MC_GFP_KERNEL, 0, &own);
		if (contig_ret == -EINVAL) {
			cli_error("--contig: [%#llx, %#llx) is not a range of one zone of this machine",
				  (unsigned long long)cstart,
				  (unsigned long long)cend);
			rc = EXIT_USAGE;
			goto out;
		}
		if (contig_ret)
			failed++;
		else
			ok++;
		req_n = 1;
	} else if (mode == 'Q') {
		struct mc_contig_owner own = { 0, MC_PAGE_KERNEL,
					       0xffffffffu };

		for (uint64_t i = 0; i < req_n; i++) {
			uint64_t pfn;

			if (mc_alloc_contig_pages(m, cpages, MC_GFP_KERNEL, -1,
						  0, &own, &pfn))
				failed++;
			else
				ok++;
		}
	} else if (mode == 'H') {
		/* THP faults as the snapshot's THP settings take them, in a
		 * MADV_HUGEPAGE mapping; a fault that falls back to a base
		 * page counts as failed */
		for (uint64_t i = 0; i < req_n; i++) {
			struct mc_thp_fault f = { .cpu = 0, .nid = -1,
						  .madvised = true,
						  .cookie = 0xffffffffu };
			unsigned order = 0;
			uint64_t pfn;

			if (!mc_thp_fault(m, &f, &pfn, &order) &&
			    order == g.hpage_pmd_order)
				ok++;
			else
				failed++;
		}
	} else {
		struct mc_alloc_request r = { .gfp = gfp,
					      .order = (unsigned)req_order,
					      .nid = -1, .cpu = 0,
					      .kind = MC_PAGE_ANON,
					      .cookie = 0xffffffffu };

		if (!(r.gfp & MC_GFP_MOVABLE))
			r.kind = MC_PAGE_KERNEL;
		if (r.order && !(r.gfp & MC_GFP_COMP) &&
		    r.kind != MC_PAGE_KERNEL)
			r.gfp |= MC_GFP_COMP;
		for (uint64_t i = 0; i < req_n; i++) {
			uint64_t pfn;

			if (mc_alloc_pages(m, &r, &pfn))
				failed++;
			else
				ok++;
		}
	}

	/* the model must still be consistent: the report depends on it */
	{
		int v = mc_check(m, NULL, NULL);

		if (v) {
			cli_error("%s: %d invariant violations after the operation (a memcompact bug; please report it)",
				  argv[optind], v);
			rc = EXIT_FAIL;
			goto out;
		}
	}

	/* what moved */
	for (uint64_t pfn = g.start_pfn; pfn < g.end_pfn;) {
		struct mc_page_info pi;

		if (mc_page_info(m, pfn, &pi) || pi.state != MC_PS_ALLOCATED ||
		    pi.head_pfn != pfn) {
			pfn++;
			continue;
		}
		if (pi.cookie != (uint32_t)pfn && pi.cookie != 0xffffffffu) {
			uint64_t from = pi.cookie;

			/* pfns above 2^32 do not fit a cookie: find the
			 * move's source by its low bits' pageblock only */
			moved_pages += 1ULL << pi.order;
			if (from / pbn >= g.start_pfn / pbn &&
			    from / pbn - g.start_pfn / pbn < npb)
				moved_from[from / pbn - g.start_pfn / pbn] +=
					1ULL << pi.order;
			if (list_moves) {
				struct move *nm = realloc(moves,
					(nmoves + 1) * sizeof(*moves));

				if (nm) {
					moves = nm;
					moves[nmoves++] = (struct move){
						from, pfn, pi.order };
				}
			}
		}
		pfn += 1ULL << pi.order;
	}
	measure(m, after, ca, unevictable_ok);
	if (map) {
		char path[4096], why[256];
		struct pagemap_opts po = { .mode = map_pages ? PAGEMAP_PAGE :
						   PAGEMAP_PAGEBLOCK,
					   .title = "memcompact whatif: after" };

		snprintf(path, sizeof(path), "%s-after.png", map);
		if (pagemap_write_png(m, path, &po, why, sizeof(why)))
			cli_error("%s", why);
	}
	if (export_dir) {
		/* the state after the operation, exactly (state file
		 * included): for another whatif, or to check the report */
		struct export_opts eo = { .out = export_dir, .state = true };

		if (snapshot_export_any(m, &eo)) {
			rc = EXIT_FAIL;
			goto out;
		}
	}

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j);
		json_kstr(&j, "snapshot", argv[optind]);
		json_kstr(&j, "operation", mode == 'c' ? "compact_memory" :
					   mode == 'H' ? "thp_fault" :
					   mode == 'R' ? "alloc_contig_range" :
					   mode == 'Q' ? "alloc_contig_pages" :
					   "alloc");
		if (mode == 'R') {
			json_ku64(&j, "start_pfn", cstart);
			json_ku64(&j, "end_pfn", cend);
			json_ki64(&j, "result", contig_ret);
		} else if (mode == 'Q') {
			json_ku64(&j, "pages", cpages);
			json_ku64(&j, "requests", req_n);
			json_ku64(&j, "succeeded", ok);
			json_ku64(&j, "failed", failed);
		} else if (mode != 'c') {
			json_ku64(&j, "order", req_order);
			json_ku64(&j, "requests", req_n);
			json_ku64(&j, "succeeded", ok);
			json_ku64(&j, "failed", failed);
		}
		json_key(&j, "import");
		json_obj_begin(&j);
		json_kstr(&j, "migratetypes", mt_source_name(res.mt_source));
		json_ku64(&j, "pageblocks_inferred", res.pageblocks_inferred);
		json_ku64(&j, "pageblocks_adjusted",
			  res.pageblocks_mt_adjusted);
		json_kbool(&j, "buddyinfo_match", res.buddyinfo_match);
		json_ku64(&j, "buddyinfo_diffs", res.buddyinfo_diffs);
		json_ku64(&j, "unknown_unflagged_pages",
			  res.unknown_zero_pages);
		json_ku64(&j, "notes", res.notes);
		json_obj_end(&j);
		json_ku64(&j, "huge_page_order", g.hpage_pmd_order);
		json_ku64(&j, "huge_pages_before", before->huge);
		json_ku64(&j, "huge_pages_after", after->huge);
		json_ku64(&j, "pages_migrated", moved_pages);
		json_key(&j, "counters");
		json_obj_begin(&j);
		for (size_t i = 0; i < NR_COUNTERS; i++)
			json_ku64(&j, counter_names[i],
				  after->counters[i] - before->counters[i]);
		json_obj_end(&j);
		json_key(&j, "zones");
		json_arr_begin(&j);
		for (int nid = 0; nid < (int)g.nr_nodes; nid++)
			for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
				struct zone_sum *zb = &before->z[nid][zt];
				struct zone_sum *za = &after->z[nid][zt];

				if (!zb->populated)
					continue;
				json_obj_begin(&j);
				json_ki64(&j, "node", nid);
				json_kstr(&j, "zone", zone_names[zt]);
				json_ku64(&j, "pageblocks", zb->pageblocks);
				json_ku64(&j, "free_pages_before",
					  zb->free_pages);
				json_ku64(&j, "free_pages_after",
					  za->free_pages);
				json_ku64(&j, "huge_pages_before", zb->huge);
				json_ku64(&j, "huge_pages_after", za->huge);
				json_ku64(&j, "blocked_after", za->blocked);
				json_key(&j, "buddyinfo_before");
				json_arr_begin(&j);
				for (unsigned o = 0; o < g.nr_page_orders; o++)
					json_u64(&j, zb->nr_free[o]);
				json_arr_end(&j);
				json_key(&j, "buddyinfo_after");
				json_arr_begin(&j);
				for (unsigned o = 0; o < g.nr_page_orders; o++)
					json_u64(&j, za->nr_free[o]);
				json_arr_end(&j);
				json_obj_end(&j);
			}
		json_arr_end(&j);
		json_key(&j, "blocker_summary");
		json_obj_begin(&j);
		for (int b = 0; b < PB_NR; b++)
			json_ku64(&j, pb_blocker_name((enum pb_blocker)b),
				  after->blockers[b]);
		json_obj_end(&j);
		json_key(&j, "blocked_pageblocks");
		json_arr_begin(&j);
		for (uint64_t i = 0; i < npb; i++) {
			struct pb_census *x = &ca[i];

			if (!x->pages || x->blocker == PB_FREE)
				continue;
			json_obj_begin(&j);
			json_ku64(&j, "pfn", x->start_pfn);
			json_ki64(&j, "node", x->nid);
			json_kstr(&j, "zone", zone_names[x->zone]);
			json_kstr(&j, "migratetype", mt_name(x->mt));
			json_kstr(&j, "reason", pb_blocker_name(x->blocker));
			json_ku64(&j, "free", x->free);
			json_ku64(&j, "anon", x->anon);
			json_ku64(&j, "file", x->file);
			json_ku64(&j, "slab", x->slab);
			json_ku64(&j, "slab_reclaimable", x->slab_rec);
			json_ku64(&j, "kernel", x->kernel);
			json_ku64(&j, "reserved", x->reserved);
			json_ku64(&j, "pinned", x->pinned);
			json_ku64(&j, "hugetlb", x->hugetlb);
			json_ku64(&j, "pcp", x->pcp);
			json_ku64(&j, "migrated_out", moved_from[i]);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		if (list_moves) {
			json_key(&j, "moves");
			json_arr_begin(&j);
			for (uint64_t i = 0; i < nmoves; i++) {
				json_obj_begin(&j);
				json_ku64(&j, "from", moves[i].from);
				json_ku64(&j, "to", moves[i].to);
				json_ku64(&j, "order", moves[i].order);
				json_obj_end(&j);
			}
			json_arr_end(&j);
		}
		json_obj_end(&j);
	} else {
		uint64_t listed = 0, blocked = 0;

		printf("snapshot %s: %llu pageblocks of %llu pages; migratetypes %s",
		       argv[optind], (unsigned long long)before->pageblocks,
		       (unsigned long long)pbn, mt_source_name(res.mt_source));
		if (res.pageblocks_inferred)
			printf(" (%llu inferred, %llu fitted to pagetypeinfo)",
			       (unsigned long long)res.pageblocks_inferred,
			       (unsigned long long)res.pageblocks_mt_adjusted);
		printf("\nimport: buddyinfo %s",
		       !res.buddyinfo_compared ? "not in the snapshot" :
		       res.buddyinfo_match ? "matches the snapshot exactly" :
		       "differs from the snapshot");
		if (res.buddyinfo_compared && !res.buddyinfo_match)
			printf(" (%u zone/order counts; --notes lists them)",
			       res.buddyinfo_diffs);
		if (res.unknown_zero_pages)
			printf("; %llu unflagged pages taken as kernel memory",
			       (unsigned long long)res.unknown_zero_pages);
		printf("\n\n");
		if (mode == 'c')
			printf("operation: vm.compact_memory = 1\n");
		else if (mode == 'R')
			printf("operation: alloc_contig_range [%#llx, %#llx): %s\n",
			       (unsigned long long)cstart,
			       (unsigned long long)cend,
			       contig_ret ? strerror(-contig_ret) : "allocated");
		else if (mode == 'Q')
			printf("operation: %llu alloc_contig_pages of %llu pages: %llu succeeded, %llu failed\n",
			       (unsigned long long)req_n,
			       (unsigned long long)cpages,
			       (unsigned long long)ok,
			       (unsigned long long)failed);
		else
			printf("operation: %llu %s of order %llu: %llu succeeded, %llu failed\n",
			       (unsigned long long)req_n,
			       mode == 'H' ? "THP faults" : "allocations",
			       (unsigned long long)req_order,
			       (unsigned long long)ok,
			       (unsigned long long)failed);
		printf("huge pages (order %u) obtainable: %llu before, %llu after\n",
		       g.hpage_pmd_order, (unsigned long long)before->huge,
		       (unsigned long long)after->huge);
		printf("pages migrated: %llu", (unsigned long long)moved_pages);
		if (after->counters[0] - before->counters[0] != moved_pages)
			printf(" (%llu migrations: a page can move more than once, or back)",
			       (unsigned long long)(after->counters[0] -
						    before->counters[0]));
		printf("\n\n");

		printf("%-4s %-7s %10s %12s %12s %9s %9s %9s\n", "node", "zone",
		       "pageblocks", "free before", "free after", "huge bef",
		       "huge aft", "blocked");
		for (int nid = 0; nid < (int)g.nr_nodes; nid++)
			for (int zt = 0; zt < MC_MAX_NR_ZONES; zt++) {
				struct zone_sum *zb = &before->z[nid][zt];
				struct zone_sum *za = &after->z[nid][zt];

				if (!zb->populated)
					continue;
				printf("%-4d %-7s %10llu %12llu %12llu %9llu %9llu %9llu\n",
				       nid, zone_names[zt],
				       (unsigned long long)zb->pageblocks,
				       (unsigned long long)zb->free_pages,
				       (unsigned long long)za->free_pages,
				       (unsigned long long)zb->huge,
				       (unsigned long long)za->huge,
				       (unsigned long long)za->blocked);
			}
		printf("\ncounters (delta):");
		for (size_t i = 0; i < NR_COUNTERS; i++)
			printf("%s %s %llu", i % 3 ? "," : "\n ",
			       counter_names[i],
			       (unsigned long long)(after->counters[i] -
						    before->counters[i]));
		printf("\n\npageblocks after, by what keeps them from being free:\n");
		for (int b = 0; b < PB_NR; b++)
			if (after->blockers[b])
				printf("  %-17s %llu\n",
				       pb_blocker_name((enum pb_blocker)b),
				       (unsigned long long)after->blockers[b]);
		for (uint64_t i = 0; i < npb; i++)
			if (ca[i].pages && ca[i].blocker != PB_FREE)
				blocked++;
		printf("\nblocked pageblocks (%llu):\n", (unsigned long long)blocked);
		printf("%-12s %-4s %-7s %-11s %-16s %5s %5s %5s %5s %5s %5s %5s %5s %5s\n",
		       "pfn", "node", "zone", "type", "reason", "free", "anon",
		       "file", "slab", "srecl", "kern", "rsvd", "pin", "moved");
		for (uint64_t i = 0; i < npb && listed < max_blockers; i++) {
			struct pb_census *x = &ca[i];

			if (!x->pages || x->blocker == PB_FREE)
				continue;
			listed++;
			printf("%#-12llx %-4d %-7s %-11s %-16s %5u %5u %5u %5u %5u %5u %5u %5u %5llu\n",
			       (unsigned long long)x->start_pfn, x->nid,
			       zone_names[x->zone], mt_name(x->mt),
			       pb_blocker_name(x->blocker), x->free, x->anon,
			       x->file, x->slab, x->slab_rec, x->kernel,
			       x->reserved, x->pinned,
			       (unsigned long long)moved_from[i]);
		}
		if (listed < blocked)
			printf("... %llu more (--blockers N, or -j for all)\n",
			       (unsigned long long)(blocked - listed));
		if (list_moves) {
			printf("\nmigrated blocks (%llu):\n",
			       (unsigned long long)nmoves);
			for (uint64_t i = 0; i < nmoves; i++)
				printf("  %#llx -> %#llx order %u\n",
				       (unsigned long long)moves[i].from,
				       (unsigned long long)moves[i].to,
				       moves[i].order);
		}
	}
out:
	free(moves);
	free(before);
	free(after);
	free(cb);
	free(ca);
	free(moved_from);
	mc_machine_destroy(m);
	return rc;
}
