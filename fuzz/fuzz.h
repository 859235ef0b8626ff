/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz.h - shared support for memcompact's fuzz targets.
 *
 * Every target defines LLVMFuzzerTestOneInput().  Built with clang
 * -fsanitize=fuzzer (make fuzz) it is a libFuzzer target; built with any
 * compiler and fuzz/replay.c it is an ordinary program that runs the files
 * of a corpus once each (the ctest entries fuzz_replay_<target>).
 *
 * A target reports a broken guarantee with FZ_ASSERT: it prints what and
 * where, and aborts, which libFuzzer records as a crash and the replay
 * driver as a failed test.
 */
#ifndef MC_FUZZ_H
#define MC_FUZZ_H

#include <memcompact.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: broken: %s: ", __FILE__,\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fprintf(stderr, "\n");				\
			abort();					\
		}							\
	} while (0)

/* Consume the input as a stream of numbers; past its end everything is 0. */
struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return (uint16_t)(v | (uint16_t)fz_u8(f) << 8);
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

static inline uint64_t fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);

	return v | (uint64_t)fz_u32(f) << 32;
}

/* A number below @n (n > 0), from as few bytes as it needs. */
static inline uint64_t fz_below(struct fz *f, uint64_t n)
{
	if (n <= 1)
		return 0;
	if (n <= 256)
		return fz_u8(f) % n;
	if (n <= 65536)
		return fz_u16(f) % n;
	if (n <= (1ULL << 32))
		return fz_u32(f) % n;
	return fz_u64(f) % n;
}

static inline bool fz_empty(const struct fz *f)
{
	return f->n == 0;
}

/* Text gathered from mc_write_fn callbacks (or by hand), NUL-terminated. */
struct fz_text {
	char *buf;
	size_t len, cap;
};

static inline void fz_text_write(void *ctx, const char *s, size_t n)
{
	struct fz_text *t = ctx;

	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->buf = realloc(t->buf, t->cap);
		FZ_ASSERT(t->buf, "out of memory");
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

/* Every violation the checker finds, printed. */
static inline void fz_report(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "mc_check: %s\n", msg);
}

static inline void fz_check(struct mc_machine *m, const char *after)
{
	int n = mc_check(m, fz_report, NULL);

	FZ_ASSERT(n == 0, "%d invariant violation(s) after %s", n, after);
}

/* An error must name its input and say something. */
static inline void fz_error_ok(const struct mc_error *e, const char *what)
{
	FZ_ASSERT(e->file[0] != '\0', "%s: error without an input name", what);
	FZ_ASSERT(e->msg[0] != '\0', "%s: error without a message", what);
	FZ_ASSERT(memchr(e->msg, '\0', sizeof(e->msg)) != NULL,
		  "%s: message not terminated", what);
}

/* An operation of a sequence target, named in failure messages. */
struct fz_op {
	void (*fn)(struct fz *f);
	const char *name;
};

/* The one-zone machine of the hand-worked replay test (tests/data/replay/
 * tiny.zoneinfo): 8192 pages of Normal at pfn 0x8000, one CPU. */
static const char fz_tiny_zoneinfo[] =
	"Node 0, zone   Normal\n"
	"  pages free     8192\n"
	"        spanned  8192\n"
	"        present  8192\n"
	"        managed  8192\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"  start_pfn:           32768\n";

/*
 * A small x86_64 PC (32 MiB: DMA and DMA32; with two nodes a 16 MiB
 * Normal zone on node 1 right behind), so that checking the whole machine
 * after every step stays cheap.
 */
static inline void fz_small_pc(struct mc_machine_desc *d, const char *name,
			       unsigned nodes, unsigned cpus)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	strcpy(d->arch, "x86_64");
	d->page_shift = 12;
	d->nr_nodes = nodes;
	d->nr_cpus = cpus;
	for (int c = 0; c < MC_MAX_CPUS; c++)
		d->cpu_to_node[c] = -1;
	d->nodes[0].zones[MC_ZONE_DMA] =
		(struct mc_zone_desc){ 1, 4095, 4095, 3900 };
	d->nodes[0].zones[MC_ZONE_DMA32] =
		(struct mc_zone_desc){ 4096, 4096, 4096, 4000 };
	if (nodes > 1)
		d->nodes[1].zones[MC_ZONE_NORMAL] =
			(struct mc_zone_desc){ 8192, 4096, 4096, 4000 };
}

#endif
