/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * api_lock.h - the public API's machine lock (api_lock.c) and the
 * unlocked bodies its generated wrappers call (api_lock_gen.c,
 * scripts/gen-api-lock.py).
 */
#ifndef MC_MM_API_LOCK_H
#define MC_MM_API_LOCK_H

#include "mm/internal.h"

void api_lock_init(struct mc_machine *m);
void api_lock_destroy(struct mc_machine *m);
void api_lock(const struct mc_machine *m);
void api_unlock(const struct mc_machine *m);
/* The machine a world lives on (world.c). */
struct mc_machine *world_machine(const struct mc_world *w);

#endif
