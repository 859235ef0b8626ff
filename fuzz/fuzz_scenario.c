// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_scenario.c - scenario files (mc_scenario_parse, docs/scenarios.md),
 * parsed and, when they name a small preset machine, run.
 *
 * Guarantees checked:
 *  - a rejected file gives -EINVAL (or -ENOMEM) and an error naming the
 *    input, a line inside it and a problem;
 *  - an accepted one reports what it holds (mc_scenario_info) and, run on
 *    its machine (presets up to 512 MiB; setup may refuse with a named
 *    error), returns 0, a named -EINVAL at a step's line, or the
 *    callback's stop; the invariant checker finds nothing at every
 *    checkpoint and at the end.
 * The daemons are off (a 'wait 1000h' would run them for a thousand
 * machine hours) and a run stops after 200 events: the fuzzer looks for
 * crashes and broken guarantees, not long scenarios.
 */
#include "fuzz.h"

#include <errno.h>

#define FZ_MAX_PAGES	(128u * 1024)	/* 512 MiB of 4 KiB pages */

struct run_ctx {
	unsigned events;
};

static int on_event(void *ctx, struct mc_machine *m,
		    const struct mc_scenario_event *ev)
{
	struct run_ctx *c = ctx;

	if (ev->type == MC_SCEN_CHECKPOINT || ev->type == MC_SCEN_END)
		fz_check(m, "checkpoint");
	return ++c->events >= 200 ? 1 : 0;
}

static uint64_t desc_pages(const struct mc_machine_desc *d)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < d->nr_nodes; i++)
		for (int z = 0; z < MC_MAX_NR_ZONES; z++)
			n += d->nodes[i].zones[z].spanned;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_scenario *sc = NULL;
	struct mc_scenario_info info;
	static struct mc_machine_desc d;
	struct mc_options o = { 0 };
	struct mc_scenario_run_opts ro = { 0 };
	struct run_ctx c = { 0 };
	struct mc_machine *m;
	struct mc_error err;
	int ret, lines = 1;

	memset(&err, 0, sizeof(err));
	ret = mc_scenario_parse((const char *)data, size, "fuzz.scen", &sc,
				&err);
	if (ret) {
		for (size_t i = 0; i + 1 < size; i++)
			lines += data[i] == '\n';
		FZ_ASSERT(ret == -EINVAL || ret == -ENOMEM, "parse: %d", ret);
		fz_error_ok(&err, "scenario");
		FZ_ASSERT(!strcmp(err.file, "fuzz.scen"), "error names '%s'",
			  err.file);
		FZ_ASSERT(err.line >= 0 && err.line <= lines,
			  "error line %d outside 1..%d", err.line, lines);
		return 0;
	}
	mc_scenario_info(sc, &info);
	FZ_ASSERT(info.file && !strcmp(info.file, "fuzz.scen"), "info.file");
	for (unsigned i = 0; i < info.nr_traces; i++)
		FZ_ASSERT(mc_scenario_trace(sc, i), "trace %u", i);
	FZ_ASSERT(!mc_scenario_trace(sc, info.nr_traces), "trace past end");
	if (!info.machine || mc_desc_preset(info.machine, &d, &err) ||
	    desc_pages(&d) > FZ_MAX_PAGES)
		goto out;
	memset(&err, 0, sizeof(err));
	if (mc_scenario_setup(sc, &d, &o, &err)) {
		fz_error_ok(&err, "setup");
		goto out;
	}
	o.flags |= MC_OPT_NO_DAEMONS;
	if (mc_machine_create(&d, &o, &m, &err))
		goto out;	/* setup's CMA areas may not fit: named there */
	ro.seed = info.seed;
	ro.fn = on_event;
	ro.ctx = &c;
	memset(&err, 0, sizeof(err));
	ret = mc_scenario_run(m, sc, &ro, &err);
	FZ_ASSERT(ret == 0 || ret == 1 || ret == -EINVAL || ret == -ENOMEM,
		  "run: %d", ret);
	if (ret == -EINVAL) {
		fz_error_ok(&err, "run");
		FZ_ASSERT(err.line >= 1, "run error without a line");
	}
	fz_check(m, "run");
	mc_machine_destroy(m);
out:
	mc_scenario_free(sc);
	return 0;
}
