/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tracefile.h - reading the page allocator's trace events from text: the
 * tracefs "trace" file (with or without its "# tracer" header, with or
 * without the irq-info flag columns and the record-tgid column), trace-cmd
 * report output, and perf script's default tracepoint lines.
 *
 * The replay needs kmem:mm_page_alloc, mm_page_free and
 * mm_page_free_batched; migrate:mm_migrate_pages_start and mm_migrate_pages
 * (when recorded) bracket the frees that page migration does.  Every other
 * event memcompact knows is accepted and ignored; an event it does not
 * know is an error unless the caller asks to skip it.
 */
#ifndef MC_TRACEFILE_H
#define MC_TRACEFILE_H

#include <memcompact.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum tev_kind {
	TEV_ALLOC,		/* kmem:mm_page_alloc */
	TEV_FREE,		/* kmem:mm_page_free */
	TEV_FREE_BATCHED,	/* kmem:mm_page_free_batched */
	TEV_MIGRATE_START,	/* migrate:mm_migrate_pages_start */
	TEV_MIGRATE_END,	/* migrate:mm_migrate_pages */
	TEV_NR_KINDS
};

/* One event the replay uses. */
struct tev {
	uint64_t ts_ns;		/* the timestamp (microseconds in the text) */
	uint64_t pfn;
	uint32_t gfp;		/* TEV_ALLOC */
	uint32_t line;		/* 1-based line in the file */
	int32_t pid;
	uint16_t cpu;
	uint8_t kind;		/* enum tev_kind */
	uint8_t order;
	int8_t mt;		/* migratetype printed (TEV_ALLOC) */
	bool failed;		/* TEV_ALLOC: page=NULL, nothing allocated */
	/* filled by the replay's planning pass */
	uint8_t flags;
	uint32_t batch;		/* TEV_FREE: events of the batch (first) */
};

struct tev_vec {
	struct tev *v;
	size_t n, cap;
};

struct trace_read_opts {
	bool skip_unknown;	/* events memcompact does not know: ignore */
};

struct trace_read_stats {
	uint64_t lines;
	uint64_t comments;	/* header and blank lines */
	uint64_t events[TEV_NR_KINDS];
	uint64_t other_known;	/* known events the replay does not use */
	uint64_t unknown;	/* skipped with skip_unknown */
	uint64_t lost;		/* "CPU:N [LOST M EVENTS]": M summed */
	uint64_t gfp_dropped;	/* flag names of other configs, dropped */
	unsigned max_cpu;
	char first_unknown[64];
};

/*
 * trace_parse_line() - one line (without its newline).  Returns 1 and
 * fills @ev for an event the replay uses, 0 for a line that carries none
 * (a comment, a blank line, a known event the replay ignores, a skipped
 * unknown event, a lost-events marker: @st says which), or -1 with the
 * problem in @err (the caller adds the file and line).
 */
int trace_parse_line(char *line, const struct trace_read_opts *o,
		     struct tev *ev, struct trace_read_stats *st, char *err,
		     size_t errlen);

/*
 * trace_read() - every line of @f (named @name in errors).  Returns 0, or
 * -1 with @err naming @name, the line and the problem.
 */
int trace_read(FILE *f, const char *name, const struct trace_read_opts *o,
	       struct tev_vec *out, struct trace_read_stats *st,
	       struct mc_error *err);

void tev_vec_free(struct tev_vec *v);

#endif
