// SPDX-License-Identifier: GPL-2.0-only
/*
 * top_scen.c - 'memcompact top SCENARIO': a scenario run as a source of
 * the live view (top.h).  mc_scenario_run() runs the whole timeline and
 * reports each event through a callback; here it runs on a thread of its
 * own that stops at every event (a top-level step, a sample during
 * 'wait', a checkpoint, the end) until the view asks for the next one.
 * The two threads hand the machine to each other through two semaphores,
 * so only one of them ever touches it and what happens is the same as in
 * 'memcompact run' with the same seed.  The view stays on the end state;
 * the run's teardown happens after the view is closed.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenload.h"
#include "top.h"

struct scen_src {
	struct scen_load *l;
	struct mc_machine *m;
	const char *const *settings;
	unsigned nr_settings;
	uint64_t seed;
	pthread_t th;
	sem_t go, stopped;	/* view -> runner; runner -> view */
	bool started, at_end, finished, cancel;
	int ret;
	struct mc_error err;
	char status[160];
};

static int on_event(void *ctx, struct mc_machine *m,
		    const struct mc_scenario_event *ev)
{
	struct scen_src *s = ctx;
	double t = (double)ev->time_ns / 1e9;
	int n;

	(void)m;
	switch (ev->type) {
	case MC_SCEN_STEP:
		if (ev->depth)
			return 0;	/* inside repeat: the samples show it */
		n = snprintf(s->status, sizeof(s->status), "%.3f s line %d %s",
			     t, ev->line, ev->op);
		if (ev->name && n < (int)sizeof(s->status))
			n += snprintf(s->status + n, sizeof(s->status) - (size_t)n,
				      " %s", ev->name);
		if ((ev->requested || ev->done) && n < (int)sizeof(s->status))
			snprintf(s->status + n, sizeof(s->status) - (size_t)n,
				 " %llu/%llu%s", (unsigned long long)ev->done,
				 (unsigned long long)ev->requested,
				 ev->result ? " (failed)" : "");
		break;
	case MC_SCEN_CHECKPOINT:
		snprintf(s->status, sizeof(s->status),
			 "%.3f s line %d checkpoint %s", t, ev->line,
			 ev->name);
		break;
	case MC_SCEN_SAMPLE:
		snprintf(s->status, sizeof(s->status), "%.3f s wait", t);
		break;
	case MC_SCEN_END:
		snprintf(s->status, sizeof(s->status), "%.3f s end", t);
		s->at_end = true;
		break;
	default:
		return 0;
	}
	/* hand the machine to the view until it wants the next event */
	sem_post(&s->stopped);
	sem_wait(&s->go);
	return s->cancel ? -ECANCELED : 0;
}

static void *runner(void *ctx)
{
	struct scen_src *s = ctx;
	struct mc_scenario_run_opts ro = {
		.seed = s->seed, .settings = s->settings,
		.nr_settings = s->nr_settings, .fn = on_event, .ctx = s,
	};

	sem_wait(&s->go);
	if (!s->cancel)
		s->ret = mc_scenario_run(s->m, s->l->sc, &ro, &s->err);
	s->finished = true;
	sem_post(&s->stopped);
	return NULL;
}

static enum top_step step(void *ctx, struct mc_machine *m, char *status,
			  size_t len)
{
	struct scen_src *s = ctx;

	(void)m;
	if (s->at_end || s->finished)
		return s->ret ? TOP_STEP_ERROR : TOP_STEP_DONE;
	sem_post(&s->go);
	sem_wait(&s->stopped);
	if (s->finished && s->ret && s->ret != -ECANCELED) {
		if (s->err.line)
			snprintf(status, len, "%s:%d: %s", s->err.file,
				 s->err.line, s->err.msg);
		else
			snprintf(status, len, "%s", s->err.msg[0] ?
				 s->err.msg : strerror(-s->ret));
		return TOP_STEP_ERROR;
	}
	snprintf(status, len, "%s", s->status);
	return s->at_end || s->finished ? TOP_STEP_DONE : TOP_STEP_MORE;
}

int top_scenario(const char *what, struct machine_opts *mo, bool seed_set,
		 const struct top_opts *to)
{
	struct scen_src s = { 0 };
	struct scen_load l;
	struct top_source src;
	char title[256];
	int ret, rc;

	rc = scen_load("top", what, &l);
	if (rc == EXIT_OK)
		rc = scen_machine_opts(&l, mo, seed_set);
	if (rc) {
		scen_unload(&l);
		return rc;
	}
	/* --sysctl settings go after the scenario's leading settings, as
	 * in 'memcompact run' */
	s.settings = mo->sysctls;
	s.nr_settings = (unsigned)mo->nr_sysctls;
	s.l = &l;
	s.seed = mo->seed;
	s.m = machine_from_opts(mo);
	if (!s.m) {
		scen_unload(&l);
		return EXIT_FAIL;
	}
	sem_init(&s.go, 0, 0);
	sem_init(&s.stopped, 0, 0);
	if (pthread_create(&s.th, NULL, runner, &s)) {
		cli_error("top: cannot start the scenario's thread");
		rc = EXIT_FAIL;
		goto out;
	}
	snprintf(title, sizeof(title), "%s seed %llu, scenario %s",
		 scen_machine_label(mo), (unsigned long long)mo->seed,
		 l.si.name ? l.si.name : l.name);
	src = (struct top_source){ .m = s.m, .title = title, .step = step,
				   .ctx = &s };
	ret = top_run(&src, to);
	rc = ret || (s.ret && s.ret != -ECANCELED) ? EXIT_FAIL : EXIT_OK;
	/* let the runner finish: stop at the next event, or tear down */
	s.cancel = !s.at_end;
	while (!s.finished) {
		sem_post(&s.go);
		sem_wait(&s.stopped);
	}
	pthread_join(s.th, NULL);
out:
	sem_destroy(&s.go);
	sem_destroy(&s.stopped);
	mc_machine_destroy(s.m);
	scen_unload(&l);
	return rc;
}
