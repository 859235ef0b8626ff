/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rng.h - deterministic pseudo-random numbers.
 *
 * splitmix64 seeds xoshiro256** streams (both public-domain algorithms,
 * written here from their published descriptions).  Every random choice in
 * memcompact comes from an explicit struct mc_rng, never from rand().
 */
#ifndef MC_UTIL_RNG_H
#define MC_UTIL_RNG_H

#include <stdint.h>

struct mc_rng {
	uint64_t s[4];
};

uint64_t splitmix64(uint64_t *state);
void mc_rng_seed(struct mc_rng *r, uint64_t seed);
uint64_t mc_rng_next(struct mc_rng *r);
/* Uniform in [0, n); n > 0.  Unbiased (rejection sampling). */
uint64_t mc_rng_below(struct mc_rng *r, uint64_t n);
/* Uniform double in [0, 1). */
double mc_rng_double(struct mc_rng *r);

#endif
