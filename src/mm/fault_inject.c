// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault_inject.c - fault injection: the kernel's fail_page_alloc, and
 * injected migration failures (ours).
 *
 * A fault_attr decides, call by call, whether to fail, exactly as
 * lib/fault-inject.c's should_fail_ex() does (Documentation/fault-
 * injection/fault-injection.rst):
 *   - probability 0 never fails (nothing else is looked at or counted);
 *   - times 0 never fails; -1 is "no limit"; any other value is
 *     decremented by each failure;
 *   - space: while it is larger than the call's size it is reduced by the
 *     size and the call does not fail (a budget before failures start);
 *   - interval > 1: only every interval-th call that got this far may fail;
 *   - then it fails with probability percent (values from 100 up: always).
 * The random draws come from a stream of their own seeded from the
 * machine's seed, so the same seed and settings fail the same calls, and
 * turning injection on does not change any other random choice.  The
 * kernel's task filter, fail-nth, stack filters and verbose dumps are not
 * modelled (the library does not print); instead each attr counts the
 * failures it injected.
 *
 * fail_page_alloc (mm/fail_page_alloc.c): asked by prepare_alloc_pages()
 * for every __alloc_pages() call; an injected failure returns NULL before
 * the fast path (no tracepoint, no slow path).  Not asked: requests below
 * min-order (default 1), __GFP_NOFAIL, __GFP_HIGHMEM ones while
 * ignore-gfp-highmem (default on), ones that may direct-reclaim while
 * ignore-gfp-wait (default on).  The size is 1 << order pages.
 *
 * fail_migrate (ours: the kernel has no migration fault attr): asked for
 * every folio migrate_pages() tries, with the folio's pages as the size.
 * What fails depends on the errno chosen:
 *   - ENOMEM: the destination folio cannot be allocated (get_new_folio
 *     returns NULL in migrate_folio_unmap): migrate_pages() stops;
 *   - EAGAIN: a transient failure at the move (an unexpected reference):
 *     the folio stays on the list and is retried in the next pass;
 *   - any other: a permanent failure of this folio for this call (as
 *     -EBUSY from a dirty folio without migrate_folio): it is put back.
 * Defaults are the kernel's FAULT_ATTR_INITIALIZER: interval 1, times 1,
 * probability 0 (off); fail_migrate's errno is EAGAIN.
 *
 * Settings: mc_fault_set()/mc_fault_get(), and the sysctls (ours)
 * vm.memcompact_fail_page_alloc = "interval,probability,space,times
 * [,min_order[,ignore_gfp_highmem[,ignore_gfp_wait]]]" (the kernel's
 * fail_page_alloc= boot parameter, extended) and vm.memcompact_fail_migrate
 * = "interval,probability,space,times[,errno]".
 */
#include "mm/internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define FAULT_RNG_SALT	0x6661756c74696e6aULL	/* "faultinj" */

void fault_inject_init(struct mc_machine *m)
{
	static const struct fault_attr init = {
		.interval = 1,
		.times = 1,
	};

	m->fail_page_alloc.attr = init;
	m->fail_page_alloc.ignore_gfp_highmem = true;
	m->fail_page_alloc.ignore_gfp_reclaim = true;
	m->fail_page_alloc.min_order = 1;
	m->fail_migrate.attr = init;
	m->fail_migrate.error = -EAGAIN;
	mc_rng_seed(&m->fault_rng, m->seed ^ FAULT_RNG_SALT);
}

/* lib/fault-inject.c:should_fail_ex without the task and stack filters */
static bool should_fail_ex(struct mc_machine *m, struct fault_attr *attr,
			   long size)
{
	if (attr->probability == 0)
		return false;
	if (attr->times == 0)
		return false;
	if (attr->space > size) {
		attr->space -= (int)size;
		return false;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			return false;
	}
	if (attr->probability <= mc_rng_below(&m->fault_rng, 100))
		return false;
	if (attr->times != -1 && attr->times != 0)
		attr->times--;
	attr->injected++;
	return true;
}

/* mm/fail_page_alloc.c:should_fail_alloc_page */
bool should_fail_alloc_page(struct mc_machine *m, gfp_t gfp_mask,
			    unsigned int order)
{
	struct fail_page_alloc_attr *f = &m->fail_page_alloc;

	if (order < f->min_order)
		return false;
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (f->ignore_gfp_highmem && (gfp_mask & __GFP_HIGHMEM))
		return false;
	if (f->ignore_gfp_reclaim && (gfp_mask & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail_ex(m, &f->attr, 1L << order);
}

/*
 * Should migrating @nr_pages pages fail at @phase?  -ENOMEM is injected at
 * the destination's allocation (FAIL_MIGRATE_ALLOC), every other errno at
 * the move (FAIL_MIGRATE_MOVE).  Returns 0 or the errno to fail with.
 */
int should_fail_migrate(struct mc_machine *m, enum fail_migrate_phase phase,
			long nr_pages)
{
	struct fail_migrate_attr *f = &m->fail_migrate;
	bool alloc = f->error == -ENOMEM;

	if (alloc != (phase == FAIL_MIGRATE_ALLOC))
		return 0;
	return should_fail_ex(m, &f->attr, nr_pages) ? f->error : 0;
}

/* ---- the public interface ------------------------------------------------ */

static void attr_out(const struct fault_attr *a, struct mc_fault_attr *o)
{
	o->probability = a->probability;
	o->interval = a->interval;
	o->times = a->times;
	o->space = a->space;
	o->injected = a->injected;
}

static void attr_in(struct fault_attr *a, const struct mc_fault_attr *in)
{
	a->probability = in->probability;
	a->interval = in->interval;
	a->times = in->times;
	a->space = in->space;
}

static int fault_validate(enum mc_fault which, const struct mc_fault_attr *a)
{
	if (which == MC_FAULT_MIGRATE &&
	    (a->error >= 0 || a->error < -4095))
		return -EINVAL;
	return 0;
}

int unlocked_mc_fault_get(struct mc_machine *m, enum mc_fault which,
			  struct mc_fault_attr *a)
{
	if (!m || !a)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	switch (which) {
	case MC_FAULT_PAGE_ALLOC:
		attr_out(&m->fail_page_alloc.attr, a);
		a->min_order = m->fail_page_alloc.min_order;
		a->ignore_gfp_highmem = m->fail_page_alloc.ignore_gfp_highmem;
		a->ignore_gfp_wait = m->fail_page_alloc.ignore_gfp_reclaim;
		return 0;
	case MC_FAULT_MIGRATE:
		attr_out(&m->fail_migrate.attr, a);
		a->error = m->fail_migrate.error;
		return 0;
	default:
		return -EINVAL;
	}
}

int unlocked_mc_fault_set(struct mc_machine *m, enum mc_fault which,
			  const struct mc_fault_attr *a)
{
	if (!m || !a || (unsigned)which >= MC_FAULT_NR ||
	    fault_validate(which, a))
		return -EINVAL;
	switch (which) {
	case MC_FAULT_PAGE_ALLOC:
		attr_in(&m->fail_page_alloc.attr, a);
		m->fail_page_alloc.min_order = a->min_order;
		m->fail_page_alloc.ignore_gfp_highmem = a->ignore_gfp_highmem;
		m->fail_page_alloc.ignore_gfp_reclaim = a->ignore_gfp_wait;
		break;
	case MC_FAULT_MIGRATE:
		attr_in(&m->fail_migrate.attr, a);
		m->fail_migrate.error = a->error;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* ---- the sysctl text ----------------------------------------------------- */

static bool fi_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One decimal field of at most 20 digits, '-' allowed when @neg_ok. */
static int fi_number(const char **p, bool neg_ok, bool *neg,
		     unsigned long long *v)
{
	const char *s = *p;
	int digits = 0;

	*neg = false;
	*v = 0;
	while (fi_space(*s))
		s++;
	if (*s == '-' && neg_ok) {
		*neg = true;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		unsigned d = (unsigned)(*s - '0');

		if (*v > (ULLONG_MAX - d) / 10)
			return -EINVAL;
		*v = *v * 10 + d;
	}
	if (!digits)
		return -EINVAL;
	while (fi_space(*s))
		s++;
	*p = s;
	return 0;
}

/*
 * Parse "interval,probability,space,times" and up to @nr_extra more
 * comma-separated fields into @out[0..].  Returns the number of fields, or
 * -EINVAL for anything else (junk, overflow, a missing field).
 */
static int fi_parse(const char *text, int nr_extra, long long *out)
{
	const char *p = text;
	int n = 0;

	for (;;) {
		unsigned long long v;
		bool neg;
		/* space and times are ints; errno fields are positive */
		bool signed_field = n == 2 || n == 3;

		if (n == 4 + nr_extra)
			return -EINVAL;
		if (fi_number(&p, signed_field, &neg, &v))
			return -EINVAL;
		if (signed_field) {
			if (v > (neg ? (unsigned long long)INT_MAX + 1 :
				       (unsigned long long)INT_MAX))
				return -EINVAL;
			out[n] = neg ? -(long long)v : (long long)v;
		} else {
			if (v > LLONG_MAX)
				return -EINVAL;
			out[n] = (long long)v;
		}
		n++;
		if (!*p)
			break;
		if (*p != ',')
			return -EINVAL;
		p++;
	}
	return n < 4 ? -EINVAL : n;
}

int fault_sysctl(struct mc_machine *m, enum mc_fault which, int write,
		 char *buffer, size_t *lenp)
{
	struct mc_fault_attr a;
	long long f[7];
	int n;

	unlocked_mc_fault_get(m, which, &a);
	if (!write) {
		int len;

		if (which == MC_FAULT_PAGE_ALLOC)
			len = snprintf(buffer, *lenp, "%llu,%llu,%d,%d,%u,%d,%d\n",
				       (unsigned long long)a.interval,
				       (unsigned long long)a.probability,
				       a.space, a.times, a.min_order,
				       a.ignore_gfp_highmem, a.ignore_gfp_wait);
		else
			len = snprintf(buffer, *lenp, "%llu,%llu,%d,%d,%d\n",
				       (unsigned long long)a.interval,
				       (unsigned long long)a.probability,
				       a.space, a.times, -a.error);
		*lenp = len < 0 ? 0 : min((size_t)len, *lenp);
		return 0;
	}
	n = fi_parse(buffer, which == MC_FAULT_PAGE_ALLOC ? 3 : 1, f);
	if (n < 0)
		return n;
	a.interval = (uint64_t)f[0];
	a.probability = (uint64_t)f[1];
	a.space = (int)f[2];
	a.times = (int)f[3];
	if (which == MC_FAULT_PAGE_ALLOC) {
		if (n > 4) {
			if (f[4] > UINT_MAX)
				return -EINVAL;
			a.min_order = (unsigned)f[4];
		}
		if (n > 5) {
			if (f[5] > 1)
				return -EINVAL;
			a.ignore_gfp_highmem = f[5];
		}
		if (n > 6) {
			if (f[6] > 1)
				return -EINVAL;
			a.ignore_gfp_wait = f[6];
		}
	} else if (n > 4) {
		if (f[4] < 1 || f[4] > 4095)
			return -EINVAL;
		a.error = -(int)f[4];
	}
	return unlocked_mc_fault_set(m, which, &a);
}
