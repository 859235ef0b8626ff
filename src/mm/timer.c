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
#include "mm/api_lock.h"

#include <errno.h>
#include <string.h>
#include <time.h>

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
	int ret;

	if (when < m->clock_ns)
		when = m->clock_ns;
	ret = evq_push(&m->events, when, type, arg, gen);
	/* real time: the daemon thread may be waiting for a later event */
	if (m->rt.running)
		pthread_cond_signal(&m->rt.cond);
	return ret;
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

int unlocked_mc_advance(struct mc_machine *m, uint64_t ns)
{
	uint64_t target;
	struct evq_event ev;

	if (!m)
		return -EINVAL;
	if (m->in_events || m->rt.running)
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

/* ---- real time (mc_daemons_start) ----------------------------------------- */

static uint64_t host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The machine clock that real time has reached. */
uint64_t timer_rt_now(const struct mc_machine *m)
{
	uint64_t now = m->rt.base_clock_ns + (host_ns() - m->rt.base_host_ns);

	return now > m->clock_ns ? now : m->clock_ns;
}

/* Bring the machine clock up to real time (under the API lock). */
void timer_rt_sync(struct mc_machine *m)
{
	m->clock_ns = timer_rt_now(m);
}

/*
 * The daemons' thread: run what is due, then wait for the next event's
 * time (or a new event, or stop) with the API lock released.
 */
static void *rt_main(void *arg)
{
	struct mc_machine *m = arg;
	struct evq_event ev;

	pthread_mutex_lock(&m->api_lock);
	m->api_depth++;
	if (m->api_lock_hook)
		m->api_lock_hook(m, true);
	while (!m->rt.stop) {
		timer_rt_sync(m);
		while (!m->rt.stop && evq_peek(&m->events, &ev) &&
		       ev.when <= m->clock_ns) {
			evq_pop(&m->events, &ev);
			m->in_events = true;
			run_event(m, &ev);
			m->in_events = false;
			debug_check_op(m, "daemon");
		}
		if (m->rt.stop)
			break;
		if (m->api_lock_hook)
			m->api_lock_hook(m, false);
		m->api_depth--;
		if (evq_peek(&m->events, &ev)) {
			uint64_t wait = ev.when - m->clock_ns;
			uint64_t at = host_ns() + wait;
			struct timespec ts = {
				.tv_sec = (time_t)(at / 1000000000ULL),
				.tv_nsec = (long)(at % 1000000000ULL),
			};

			pthread_cond_timedwait(&m->rt.cond, &m->api_lock, &ts);
		} else {
			pthread_cond_wait(&m->rt.cond, &m->api_lock);
		}
		m->api_depth++;
		if (m->api_lock_hook)
			m->api_lock_hook(m, true);
	}
	if (m->api_lock_hook)
		m->api_lock_hook(m, false);
	m->api_depth--;
	pthread_mutex_unlock(&m->api_lock);
	return NULL;
}

int mc_daemons_start(struct mc_machine *m)
{
	pthread_condattr_t ca;
	int ret = 0;

	if (!m || !m->threaded || !m->daemons)
		return -EINVAL;
	api_lock(m);
	if (m->rt.running || m->in_events) {
		ret = m->rt.running ? -EALREADY : -EBUSY;
		goto out;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->rt.cond, &ca);
	pthread_condattr_destroy(&ca);
	m->rt.base_host_ns = host_ns();
	m->rt.base_clock_ns = m->clock_ns;
	m->rt.stop = false;
	m->rt.running = true;
	if (pthread_create(&m->rt.thread, NULL, rt_main, m)) {
		m->rt.running = false;
		pthread_cond_destroy(&m->rt.cond);
		ret = -EAGAIN;
	}
out:
	api_unlock(m);
	return ret;
}

int mc_daemons_stop(struct mc_machine *m)
{
	unsigned int depth;
	pthread_t t;

	if (!m || !m->threaded)
		return -EINVAL;
	api_lock(m);
	if (!m->rt.running || m->rt.stop || m->in_events) {
		api_unlock(m);
		return m->in_events ? -EBUSY : -EINVAL;
	}
	m->rt.stop = true;
	t = m->rt.thread;
	pthread_cond_signal(&m->rt.cond);
	/* the thread needs the lock to see the request: release every
	 * level this thread holds while waiting for it */
	depth = m->api_depth;
	m->api_depth = 0;
	if (m->api_lock_hook)
		m->api_lock_hook(m, false);
	for (unsigned int i = 0; i < depth; i++)
		pthread_mutex_unlock(&m->api_lock);
	pthread_join(t, NULL);
	for (unsigned int i = 0; i < depth; i++)
		pthread_mutex_lock(&m->api_lock);
	m->api_depth = depth;
	if (m->api_lock_hook)
		m->api_lock_hook(m, true);
	timer_rt_sync(m);
	m->rt.running = false;
	m->rt.stop = false;
	pthread_cond_destroy(&m->rt.cond);
	api_unlock(m);
	return 0;
}
