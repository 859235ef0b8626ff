// SPDX-License-Identifier: GPL-2.0-only
/*
 * evq.c - binary min-heap of events, see evq.h.
 */
#include "util/evq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void evq_init(struct evq *q)
{
	memset(q, 0, sizeof(*q));
}

void evq_free(struct evq *q)
{
	free(q->heap);
	evq_init(q);
}

static bool before(const struct evq_event *a, const struct evq_event *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

int evq_push(struct evq *q, uint64_t when, int type, int arg, uint64_t gen)
{
	size_t i;

	if (q->n == q->cap) {
		size_t nc = q->cap ? q->cap * 2 : 64;
		struct evq_event *h = realloc(q->heap, nc * sizeof(*h));

		if (!h)
			return -ENOMEM;
		q->heap = h;
		q->cap = nc;
	}
	i = q->n++;
	q->heap[i] = (struct evq_event){ when, q->seq++, type, arg, gen };
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		struct evq_event t;

		if (!before(&q->heap[i], &q->heap[parent]))
			break;
		t = q->heap[i];
		q->heap[i] = q->heap[parent];
		q->heap[parent] = t;
		i = parent;
	}
	return 0;
}

bool evq_peek(const struct evq *q, struct evq_event *ev)
{
	if (!q->n)
		return false;
	*ev = q->heap[0];
	return true;
}

bool evq_pop(struct evq *q, struct evq_event *ev)
{
	size_t i = 0;

	if (!q->n)
		return false;
	*ev = q->heap[0];
	q->heap[0] = q->heap[--q->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, s = i;
		struct evq_event t;

		if (l < q->n && before(&q->heap[l], &q->heap[s]))
			s = l;
		if (r < q->n && before(&q->heap[r], &q->heap[s]))
			s = r;
		if (s == i)
			break;
		t = q->heap[i];
		q->heap[i] = q->heap[s];
		q->heap[s] = t;
		i = s;
	}
	return true;
}
