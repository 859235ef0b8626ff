// SPDX-License-Identifier: GPL-2.0-only
/*
 * api_lock.c - one recursive lock per threaded machine, taken by every
 * public function that reads or changes the machine (the wrappers in
 * api_lock_gen.c) and by the real-time daemon thread around each event.
 * Calls from several threads are therefore safe and serialized; owner and
 * trace callbacks run with the lock held, so an owner's own structures
 * are protected too if the owner takes mc_machine_lock() around its own
 * use of them.  A backend may hook the first acquisition and the last
 * release (an arena takes its per-cpu fast-path locks there, so that a
 * holder of the API lock excludes every fast path).  On a machine in real time (mc_daemons_start), the first
 * acquisition brings the machine clock up to the host's clock, so that
 * what a call schedules is timed from now.
 */
#include "mm/api_lock.h"

void api_lock_init(struct mc_machine *m)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m->api_lock, &a);
	pthread_mutexattr_destroy(&a);
	m->api_depth = 0;
}

void api_lock_destroy(struct mc_machine *m)
{
	pthread_mutex_destroy(&m->api_lock);
}

void api_lock(const struct mc_machine *cm)
{
	struct mc_machine *m = (struct mc_machine *)cm;

	if (!m || !m->threaded)
		return;
	pthread_mutex_lock(&m->api_lock);
	if (m->api_depth++ == 0) {
		if (m->api_lock_hook)
			m->api_lock_hook(m, true);
		if (m->rt.running)
			timer_rt_sync(m);
	}
}

void api_unlock(const struct mc_machine *cm)
{
	struct mc_machine *m = (struct mc_machine *)cm;

	if (!m || !m->threaded)
		return;
	if (--m->api_depth == 0 && m->api_lock_hook)
		m->api_lock_hook(m, false);
	pthread_mutex_unlock(&m->api_lock);
}

void mc_machine_lock(struct mc_machine *m)
{
	api_lock(m);
}

void mc_machine_unlock(struct mc_machine *m)
{
	api_unlock(m);
}
