// SPDX-License-Identifier: GPL-2.0-only
/*
 * timer.c - machine time: the clock, the event queue, and the dispatch of
 * the daemons' wakeups (the model's kernel/time and wait queues).
 *
 * The kernel model never reads the wall clock.  A machine's clock starts
 * at 0 and moves only in mc_advance(); on the way, every event due runs at
 * its own time, earliest first and in scheduling order among equals, so a
 * run is deterministic and as fast as the CPU allows.  Timeouts are kept
 * in jiffies (HZ = 250, as Debian's config): a sleep of N jiffies ends at
 * the start of jiffy (now + N), as schedule_timeout() does.
 *
 * A daemon's sleep is a timer event carrying the daemon's generation
 * number; a wakeup bumps the generation (making the pending timeout
 * stale) and schedules an immediate event.  Work done by a daemon takes
 * no machine time.
 */
#include "mm/internal.h"

#include <errno.h>
#include <string.h>

void timer_init_machine(struct mc_machine *m)
{
	evq_init(&m->events);
	m->daemons = !(m->opts & MC_OPT_NO_DAEMONS);
	if (!m->daemons)
		return;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct pglist_data *pgdat = m->node_data[nid];

		if (!pgdat->node_present_pages)
			continue;	/* kcompactd_run(): N_MEMORY nodes */
		kcompactd_init_node(pgdat);
		kswapd_init_node(pgdat);
	}
	/* The vmstat shepherd: every stat_interval. */
	timer_schedule(m, timer_expiry(m, m->sysctl.stat_interval > 0 ?
					      m->sysctl.stat_interval : HZ),
		       EV_VMSTAT, 0, 0);
}

uint64_t timer_expiry(const struct mc_machine *m, long j)
{
	if (j < 0)
		j = 0;
	return ((uint64_t)jiffies(m) + (uint64_t)j) * NSEC_PER_JIFFY;
}

int timer_schedule(struct mc_machine *m, uint64_t when, int type, int arg,
		   uint64_t gen)
{
	if (when < m->clock_ns)
		when = m->clock_ns;
	return evq_push(&m->events, when, type, arg, gen);
}

static void run_event(struct mc_machine *m, const struct evq_event *ev)
{
	switch (ev->type) {
	case EV_KCOMPACTD:
		kcompactd_event(m->node_data[ev->arg], ev->gen);
		break;
	case EV_VMSTAT:
		vmstat_shepherd_event(m);
		break;
	case EV_KSWAPD:
		kswapd_event(m->node_data[ev->arg], ev->gen);
		break;
	case EV_WRITEBACK:
		writeback_event(m, ev->arg);
		break;
	default:
		break;
	}
}

int mc_advance(struct mc_machine *m, uint64_t ns)
{
	uint64_t target;
	struct evq_event ev;

	if (!m)
		return -EINVAL;
	if (m->in_events)
		return -EBUSY;
	target = m->clock_ns + ns;
	m->in_events = true;
	while (evq_peek(&m->events, &ev) && ev.when <= target) {
		evq_pop(&m->events, &ev);
		if (ev.when > m->clock_ns)
			m->clock_ns = ev.when;
		run_event(m, &ev);
		debug_check_op(m, "daemon");
	}
	m->clock_ns = target;
	m->in_events = false;
	return 0;
}
