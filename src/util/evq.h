/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evq.h - a deterministic event queue: a binary min-heap ordered by time,
 * then by insertion sequence, so that events due at the same instant run
 * in the order they were scheduled, every time.
 */
#ifndef MC_UTIL_EVQ_H
#define MC_UTIL_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct evq_event {
	uint64_t when;		/* ns */
	uint64_t seq;		/* tie-break: insertion order */
	int type;
	int arg;		/* e.g. a node id */
	uint64_t gen;		/* owner's generation: stale events are skipped */
};

struct evq {
	struct evq_event *heap;
	size_t n, cap;
	uint64_t seq;
};

void evq_init(struct evq *q);
void evq_free(struct evq *q);
int evq_push(struct evq *q, uint64_t when, int type, int arg, uint64_t gen);
/* The earliest event, without removing it; false when empty. */
bool evq_peek(const struct evq *q, struct evq_event *ev);
bool evq_pop(struct evq *q, struct evq_event *ev);

#endif
