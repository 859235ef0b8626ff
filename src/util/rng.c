// SPDX-License-Identifier: GPL-2.0-only
/*
 * rng.c - splitmix64 and xoshiro256**, see rng.h.
 */
#include "util/rng.h"

uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void mc_rng_seed(struct mc_rng *r, uint64_t seed)
{
	uint64_t st = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&st);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t mc_rng_next(struct mc_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t mc_rng_below(struct mc_rng *r, uint64_t n)
{
	/* Reject the top sliver so that every residue is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;

	do {
		x = mc_rng_next(r);
	} while (x >= limit);
	return x % n;
}

double mc_rng_double(struct mc_rng *r)
{
	return (double)(mc_rng_next(r) >> 11) * 0x1.0p-53;
}
