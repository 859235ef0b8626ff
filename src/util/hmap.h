/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hmap.h - an open-addressing hash map from uint64_t keys to uint64_t
 * values (linear probing, backward-shift deletion).  Iteration order is
 * deterministic: it depends only on the sequence of operations.
 */
#ifndef MC_UTIL_HMAP_H
#define MC_UTIL_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap {
	uint64_t *keys;
	uint64_t *vals;
	uint8_t *used;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

void hmap_init(struct hmap *h);
void hmap_free(struct hmap *h);
/* 0, or -ENOMEM (the map is unchanged). */
int hmap_put(struct hmap *h, uint64_t key, uint64_t val);
bool hmap_get(const struct hmap *h, uint64_t key, uint64_t *val);
bool hmap_del(struct hmap *h, uint64_t key);
/* Visit every entry: *pos starts at 0; false at the end. */
bool hmap_next(const struct hmap *h, size_t *pos, uint64_t *key,
	       uint64_t *val);

#endif
