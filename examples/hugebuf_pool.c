// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugebuf_pool.c - keep 2 MiB regions available under churn.
 *
 * Two threads churn small buffers (1 or 2 pages, each written) on an
 * arena: first they fill it to about 75% and free 3 of every 4 buffers,
 * which leaves the rest scattered over every 2 MiB region, then they go
 * on allocating and freeing at random.  A consumer wants
 * a 2 MiB buffer now and then, without waiting (MC_GFP_NOWAIT: no direct
 * reclaim or compaction).  Between rounds a keeper looks at how many free 2 MiB
 * blocks the zone has (mc_zone_stats) and, below its target, runs
 * incremental defragmentation passes (mc_defrag_*) with a budget of
 * 1 MiB or 128 moves per pass until the target is met: the buffer pool's
 * own proactive compaction, a little at a time.  The first half of the
 * rounds runs without the keeper, the second half with it; the example
 * prints the consumer's success in each and fails if, with the keeper,
 * a 2 MiB buffer was refused while the target was met, or if any small
 * buffer lost its bytes.
 */
#include <memcompact.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MiB (1024u * 1024)
#define PAGE 4096u
#define SLOTS 5632		/* per churn thread: ~75% of the arena */
#define ROUNDS 40
#define TARGET 4		/* free 2 MiB blocks the keeper keeps */

struct churner {
	pthread_t t;
	struct mc_arena *a;
	mc_handle_t h[SLOTS];
	unsigned order[SLOTS];
	uint64_t rng;
	int bad;
	int filled;
};

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	return z ^ (z >> 31);
}

static void *churn(void *arg)
{
	struct churner *c = arg;
	int ops = c->filled ? SLOTS / 4 : SLOTS * 2;

	for (int op = 0; op < ops; op++) {
		/* the first time: fill every slot, then free 3 of 4 */
		uint64_t r = c->filled ? rnd(&c->rng) :
			     op < SLOTS ? (uint64_t)op :
			     (uint64_t)(op - SLOTS) | (op % 4 ? 0 : 1ull << 63);
		size_t i = r % SLOTS;
		unsigned char *p;

		if (!c->filled && op >= SLOTS && (r >> 63))
			continue;
		if (c->h[i]) {
			mc_arena_map(c->a, c->h[i], (void **)&p);
			if (p[0] != (unsigned char)c->h[i] ||
			    p[(PAGE << c->order[i]) - 1] !=
				    (unsigned char)(c->h[i] >> 8))
				c->bad++;
			mc_arena_unmap(c->a, c->h[i]);
			mc_arena_free(c->a, c->h[i]);
			c->h[i] = 0;
			continue;
		}
		c->order[i] = (r >> 32) % 8 ? 0 : 1;
		if (mc_arena_alloc(c->a, c->order[i], MC_GFP_NORETRY |
				   MC_GFP_NOWARN, &c->h[i])) {
			c->h[i] = 0;
			continue;
		}
		mc_arena_map(c->a, c->h[i], (void **)&p);
		p[0] = (unsigned char)c->h[i];
		p[(PAGE << c->order[i]) - 1] = (unsigned char)(c->h[i] >> 8);
		mc_arena_unmap(c->a, c->h[i]);
	}
	c->filled = 1;
	return NULL;
}

static uint64_t free_2m(struct mc_machine *m)
{
	struct mc_zone_stats zs;

	mc_drain_all_pages(m);
	mc_zone_stats(m, 0, MC_ZONE_NORMAL, &zs);
	return zs.nr_free_blocks[9] + 2 * zs.nr_free_blocks[10];
}

/* Defragment in budgeted passes until TARGET free 2 MiB blocks. */
static int keep(struct mc_arena *a, struct mc_defrag_stats *total)
{
	struct mc_defrag_config cfg = { .max_bytes_per_pass = MiB,
					.max_moves_per_pass = 128 };
	struct mc_defrag_move *mv;
	struct mc_defrag_stats ds;
	struct mc_defrag *d;
	size_t n;

	if (free_2m(mc_arena_machine(a)) >= TARGET)
		return 1;
	if (mc_defrag_begin(a, &cfg, &d))
		return 0;
	while (mc_defrag_pass_begin(d, &mv, &n) == 1) {
		int more = mc_defrag_pass_end(d);

		if (free_2m(mc_arena_machine(a)) >= TARGET || !more)
			break;
	}
	mc_defrag_end(d, &ds);
	total->passes += ds.passes;
	total->moves += ds.moves;
	total->bytes_moved += ds.bytes_moved;
	return free_2m(mc_arena_machine(a)) >= TARGET;
}

int main(void)
{
	struct mc_arena_config cfg = { .bytes = 64 * MiB, .nr_cpus = 2 };
	static struct churner c[2];
	struct mc_defrag_stats total = { 0 };
	struct mc_arena *a;
	struct mc_error err;
	int ok[2] = { 0, 0 }, bad = 0;

	if (mc_arena_create(&cfg, &a, &err)) {
		fprintf(stderr, "hugebuf_pool: %s\n", err.msg);
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		c[i].a = a;
		c[i].rng = 7 + (uint64_t)i;
	}
	for (int round = 0; round < ROUNDS; round++) {
		int with_keeper = round >= ROUNDS / 2, met = 1;
		mc_handle_t big;

		for (int i = 0; i < 2; i++)
			pthread_create(&c[i].t, NULL, churn, &c[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(c[i].t, NULL);
		if (getenv("HUGEBUF_DEBUG"))
			fprintf(stderr, "round %d: %llu free 2 MiB blocks\n",
				round,
				(unsigned long long)free_2m(mc_arena_machine(a)));
		if (with_keeper)
			met = keep(a, &total);
		if (!mc_arena_alloc(a, 9, MC_GFP_NOWAIT, &big)) {
			ok[with_keeper]++;
			mc_arena_free(a, big);
		} else if (with_keeper && met) {
			fprintf(stderr, "hugebuf_pool: round %d: refused with "
				"%d free 2 MiB blocks\n", round, TARGET);
			bad++;
		}
	}
	for (int i = 0; i < 2; i++)
		bad += c[i].bad;
	if (mc_check(mc_arena_machine(a), NULL, NULL))
		bad++;
	printf("hugebuf_pool: 2 MiB buffers granted without the keeper %d/%d, "
	       "with it %d/%d\n", ok[0], ROUNDS / 2, ok[1], ROUNDS / 2);
	printf("hugebuf_pool: keeper: %llu passes, %llu moves, %llu KiB "
	       "copied; %d failures\n", (unsigned long long)total.passes,
	       (unsigned long long)total.moves,
	       (unsigned long long)total.bytes_moved / 1024, bad);
	mc_arena_destroy(a);
	return bad != 0 || ok[1] != ROUNDS / 2;
}
