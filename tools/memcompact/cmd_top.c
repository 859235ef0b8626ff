// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd_top.c - 'memcompact top': the live view (top.c) of the built-in
 * workload, stepped: the default scenario's phases (fill with a seeded mix
 * of anonymous, page-cache and slab pages; free three of every four
 * movable pages; THP faults with direct compaction; vm.compact_memory),
 * then churn for ever (random frees and allocations of mixed orders) with
 * machine time passing at every step, so kcompactd, kswapd and the
 * proactive score have something to do.  Another source (a scenario run)
 * hands top_run() its own machine and step callback.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "top.h"

#define STEP_TIME_NS	10000000ull	/* machine time per step: 10 ms */
#define STEP_OPS	4096		/* allocations or frees per step */

enum phase { P_FILL, P_FRAGMENT, P_THP, P_COMPACT, P_CHURN };

static const char *const phase_names[] = {
	"fill", "fragment (3 of 4 movable pages freed)",
	"THP faults (direct compaction)", "vm.compact_memory=1", "churn",
};

struct wl {
	struct mc_geometry g;
	unsigned slot;
	uint64_t rng;
	enum phase phase;
	size_t pos;		/* progress inside the phase */
	uint64_t thp, thp_done, stop_after, steps;
	/* live blocks by cookie; pfn UINT64_MAX once freed */
	uint64_t *pfn;
	uint8_t *order;
	uint8_t *movable;
	size_t n, cap;
	size_t reuse;		/* the slot the next allocation fills, or
				 * SIZE_MAX: a new one */
};

static uint64_t rnd(struct wl *w)
{
	uint64_t z = (w->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int own_migrate(void *ctx, uint64_t old_pfn, uint64_t new_pfn,
		       unsigned order, uint32_t cookie, int mode)
{
	struct wl *w = ctx;

	(void)old_pfn;
	(void)order;
	(void)mode;
	if (cookie < w->n)
		w->pfn[cookie] = new_pfn;
	return 0;
}

static int own_split(void *ctx, uint64_t head_pfn, unsigned order,
		     uint32_t cookie, uint32_t *cookies)
{
	(void)ctx;
	(void)head_pfn;
	(void)order;
	(void)cookie;
	(void)cookies;
	return -EBUSY;
}

static int own_reclaim(void *ctx, uint64_t pfn, unsigned order,
		       uint32_t cookie)
{
	(void)ctx;
	(void)pfn;
	(void)order;
	(void)cookie;
	return 1;	/* the workload keeps what it has */
}

static const struct mc_owner_ops wl_ops = {
	.migrate = own_migrate, .split = own_split, .reclaim = own_reclaim,
};

/* 0, -ENOMEM for the workload's own tables, or the allocator's error. */
static int wl_alloc(struct wl *w, struct mc_machine *m, uint32_t gfp,
		    unsigned order, enum mc_page_kind kind, int cpu)
{
	size_t k = w->reuse != SIZE_MAX ? w->reuse : w->n;
	struct mc_alloc_request rq = {
		.gfp = gfp, .order = order, .nid = -1, .cpu = cpu,
		.owner = w->slot, .kind = kind, .cookie = (uint32_t)k,
	};
	uint64_t pfn;
	int ret;

	if (k == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 65536;
		uint64_t *p = realloc(w->pfn, nc * sizeof(*p));
		uint8_t *o = p ? realloc(w->order, nc) : NULL;
		uint8_t *mv = o ? realloc(w->movable, nc) : NULL;

		if (p)
			w->pfn = p;
		if (o)
			w->order = o;
		if (!mv)
			return -ENOMEM;
		w->movable = mv;
		w->cap = nc;
	}
	ret = mc_alloc_pages(m, &rq, &pfn);
	if (ret)
		return ret;
	w->pfn[k] = pfn;
	w->order[k] = (uint8_t)order;
	w->movable[k] = kind == MC_PAGE_ANON || kind == MC_PAGE_FILE;
	if (k == w->n)
		w->n++;
	return 0;
}

/* The default scenario's mix (cmd_run.c). */
static int alloc_mixed(struct wl *w, struct mc_machine *m, int cpu)
{
	uint64_t r = rnd(w) % 1000;

	if (r < 850)
		return wl_alloc(w, m, MC_GFP_HIGHUSER_MOVABLE, 0, MC_PAGE_ANON,
				cpu);
	if (r < 950)
		return wl_alloc(w, m, MC_GFP_HIGHUSER_MOVABLE, 0, MC_PAGE_FILE,
				cpu);
	if (r < 990)
		return wl_alloc(w, m, MC_GFP_KERNEL, (unsigned)(rnd(w) % 2),
				MC_PAGE_SLAB, cpu);
	return wl_alloc(w, m, MC_GFP_KERNEL | MC_GFP_RECLAIMABLE, 0,
			MC_PAGE_SLAB_RECLAIMABLE, cpu);
}

static enum top_step step(void *ctx, struct mc_machine *m, char *status,
			  size_t len)
{
	struct wl *w = ctx;
	int cpus = (int)w->g.nr_cpus, ret;

	switch (w->phase) {
	case P_FILL:
		for (int i = 0; i < STEP_OPS; i++) {
			ret = alloc_mixed(w, m, (int)(rnd(w) % (uint64_t)cpus));
			if (ret == -ENOMEM && w->cap == w->n) {
				snprintf(status, len, "out of memory");
				return TOP_STEP_ERROR;
			}
			if (ret) {
				w->phase = P_FRAGMENT;
				break;
			}
		}
		break;
	case P_FRAGMENT: {
		uint64_t batch[31];
		size_t nb = 0, end = w->pos + STEP_OPS;

		for (; w->pos < w->n && w->pos < end; w->pos++) {
			size_t i = w->pos;

			if (!w->movable[i] || !(w->pfn[i] & 3) ||
			    w->pfn[i] == UINT64_MAX)
				continue;
			batch[nb++] = w->pfn[i];
			w->pfn[i] = UINT64_MAX;
			if (nb == 31) {
				mc_free_pages_bulk(m, batch, nb,
						   (int)(i % (size_t)cpus));
				nb = 0;
			}
		}
		if (nb)
			mc_free_pages_bulk(m, batch, nb, 0);
		if (w->pos >= w->n) {
			mc_drain_all_pages(m);
			w->phase = P_THP;
		}
		break;
	}
	case P_THP:
		for (int i = 0; i < 8 && w->thp_done < w->thp; i++) {
			wl_alloc(w, m, MC_GFP_TRANSHUGE, w->g.hpage_pmd_order,
				 MC_PAGE_ANON, (int)(w->thp_done % (uint64_t)cpus));
			w->thp_done++;
		}
		if (w->thp_done >= w->thp)
			w->phase = P_COMPACT;
		break;
	case P_COMPACT:
		mc_sysctl_write(m, "vm.compact_memory", "1", 1);
		w->phase = P_CHURN;
		break;
	case P_CHURN: {
		/* keep free memory between 10% and 30%: below, mostly
		 * frees; above, mostly allocations (into freed slots) */
		uint64_t nr_free = 0, total = w->g.end_pfn - w->g.start_pfn;
		unsigned free_pct;

		mc_vmstat_get(m, "nr_free_pages", &nr_free);
		free_pct = nr_free * 10 < total ? 80 :
			   nr_free * 10 > total * 3 ? 20 : 50;
		for (int i = 0; i < STEP_OPS / 4 && w->n; i++) {
			size_t k = (size_t)(rnd(w) % w->n);
			int cpu = (int)(rnd(w) % (uint64_t)cpus);
			bool do_free = rnd(w) % 100 < free_pct;

			for (int tries = 0; tries < 8 &&
			     (w->pfn[k] != UINT64_MAX) != do_free; tries++)
				k = (size_t)(rnd(w) % w->n);
			if (w->pfn[k] != UINT64_MAX) {
				mc_free_pages(m, w->pfn[k], w->order[k], cpu);
				w->pfn[k] = UINT64_MAX;
			} else {
				w->reuse = k;
				if (rnd(w) % 64 == 0)
					wl_alloc(w, m, MC_GFP_TRANSHUGE,
						 w->g.hpage_pmd_order,
						 MC_PAGE_ANON, cpu);
				else
					alloc_mixed(w, m, cpu);
				w->reuse = SIZE_MAX;
			}
		}
		break;
	}
	}
	mc_advance(m, STEP_TIME_NS);
	w->steps++;
	snprintf(status, len, "%s", phase_names[w->phase]);
	if (w->stop_after && w->steps >= w->stop_after)
		return TOP_STEP_DONE;
	return TOP_STEP_MORE;
}

static void top_usage(FILE *f)
{
	fprintf(f,
		"usage: memcompact top [options] [SCENARIO|FILE]\n"
		"\n"
		"A live view of a scenario (a file or a built-in name, as\n"
		"'memcompact run' takes it; a step is one event of the run: a\n"
		"top-level step, a sample during 'wait', a checkpoint) or of\n"
		"the built-in workload (the default scenario's phases, then\n"
		"churn): buddyinfo, extfrag and unusable index, the proactive\n"
		"score, compaction counters and their rates, and a coarse page\n"
		"map.  Keys: q quit, p or space pause, s one step, + and - more\n"
		"or fewer steps per frame, ? help.\n"
		"\n"
		"  -m, --machine SPEC   machine preset (default: the scenario's,\n"
		"                       else pc:2G,cpus=4)\n"
		"  -z, --zoneinfo FILE  machine layout from a /proc/zoneinfo\n"
		"  -s, --seed N         random seed (default: the scenario's,\n"
		"                       else 1)\n"
		"      --sysctl K=V     set a vm.* tunable first\n"
		"  -d, --delay TIME     between frames (default 500ms; 0: as\n"
		"                       fast as it goes)\n"
		"      --steps N        steps per frame (default 1; a step is\n"
		"                       %d operations and 10 ms machine time)\n"
		"      --thp N          built-in workload: THP faults of the THP\n"
		"                       phase (default 256)\n"
		"      --stop-after N   built-in workload: it ends after N steps\n"
		"  -n, --iterations N   frames, then exit (default: until q)\n"
		"  -b, --batch          frames as plain text on stdout\n"
		"      --paused         start paused\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit status: 0, 1 failure (no terminal, machine), 2 usage.\n",
		STEP_OPS);
}

int cmd_top(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "machine", required_argument, NULL, 'm' },
		{ "zoneinfo", required_argument, NULL, 'z' },
		{ "seed", required_argument, NULL, 's' },
		{ "sysctl", required_argument, NULL, 'S' },
		{ "delay", required_argument, NULL, 'd' },
		{ "steps", required_argument, NULL, 'T' },
		{ "thp", required_argument, NULL, 'H' },
		{ "stop-after", required_argument, NULL, 'A' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "paused", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts to = { .delay_ns = 500000000ull, .steps = 1 };
	struct wl w = { .thp = 256, .reuse = SIZE_MAX };
	struct machine_opts mo;
	struct top_source src;
	struct mc_machine *m;
	char title[256];
	bool seed_set = false, builtin_only = false;
	int c, ret;

	machine_opts_init(&mo);
	optind = 0;
	while ((c = getopt_long(argc, argv, "m:z:s:d:n:bh", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'm': mo.preset = optarg; break;
		case 'z': mo.zoneinfo = optarg; break;
		case 's':
			mo.seed = opt_u64("top", "--seed", optarg, 0,
					  UINT64_MAX);
			seed_set = true;
			break;
		case 'S':
			if (mo.nr_sysctls == 64)
				die_usage("top", "too many --sysctl options");
			mo.sysctls[mo.nr_sysctls++] = optarg;
			break;
		case 'd': to.delay_ns = opt_time("top", "--delay", optarg);
			break;
		case 'T':
			to.steps = (unsigned)opt_u64("top", "--steps", optarg,
						     1, 1u << 20);
			break;
		case 'H': w.thp = opt_u64("top", "--thp", optarg, 0,
					  1u << 20);
			builtin_only = true;
			break;
		case 'A':
			w.stop_after = opt_u64("top", "--stop-after", optarg,
					       1, UINT64_MAX);
			builtin_only = true;
			break;
		case 'n':
			to.iterations = opt_u64("top", "--iterations", optarg,
						1, UINT64_MAX);
			break;
		case 'b': to.batch = true; break;
		case 'P': to.paused = true; break;
		case 'h': top_usage(stdout); return EXIT_OK;
		default:
			fprintf(stderr, "Try 'memcompact top --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind + 1 < argc)
		die_usage("top", "one scenario at a time: unexpected '%s'",
			  argv[optind + 1]);
	if (optind < argc) {
		if (builtin_only)
			die_usage("top", "--thp and --stop-after are for the built-in workload, not a scenario");
		return top_scenario(argv[optind], &mo, seed_set, &to);
	}
	if (!mo.preset && !mo.zoneinfo)
		mo.preset = "pc:2G,cpus=4";

	m = machine_from_opts(&mo);
	if (!m)
		return EXIT_FAIL;
	mc_machine_geometry(m, &w.g);
	w.rng = mo.seed;
	ret = mc_owner_register(m, "top", &wl_ops, &w, &w.slot);
	if (ret) {
		cli_error("top: registering the workload: %s", strerror(-ret));
		mc_machine_destroy(m);
		return EXIT_FAIL;
	}
	snprintf(title, sizeof(title), "%s seed %llu, built-in workload",
		 mo.zoneinfo ? mo.zoneinfo : mo.preset,
		 (unsigned long long)mo.seed);
	src = (struct top_source){ .m = m, .title = title, .step = step,
				   .ctx = &w };
	ret = top_run(&src, &to);
	mc_machine_destroy(m);
	free(w.pfn);
	free(w.order);
	free(w.movable);
	return ret ? EXIT_FAIL : EXIT_OK;
}
