// SPDX-License-Identifier: GPL-2.0-only
/*
 * hmap.c - open-addressing hash map, see hmap.h.
 */
#include "util/hmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static inline size_t slot_of(uint64_t key, size_t cap)
{
	/* splitmix64 finalizer: spreads sequential keys (page numbers) */
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebull;
	key ^= key >> 31;
	return (size_t)key & (cap - 1);
}

void hmap_init(struct hmap *h)
{
	memset(h, 0, sizeof(*h));
}

void hmap_free(struct hmap *h)
{
	free(h->keys);
	free(h->vals);
	free(h->used);
	hmap_init(h);
}

static int grow(struct hmap *h)
{
	struct hmap n;
	size_t cap = h->cap ? h->cap * 2 : 64;

	n.keys = malloc(cap * sizeof(*n.keys));
	n.vals = malloc(cap * sizeof(*n.vals));
	n.used = calloc(cap, 1);
	if (!n.keys || !n.vals || !n.used) {
		free(n.keys);
		free(n.vals);
		free(n.used);
		return -ENOMEM;
	}
	n.cap = cap;
	n.n = 0;
	for (size_t i = 0; i < h->cap; i++) {
		size_t s;

		if (!h->used[i])
			continue;
		s = slot_of(h->keys[i], cap);
		while (n.used[s])
			s = (s + 1) & (cap - 1);
		n.used[s] = 1;
		n.keys[s] = h->keys[i];
		n.vals[s] = h->vals[i];
		n.n++;
	}
	hmap_free(h);
	*h = n;
	return 0;
}

static bool find(const struct hmap *h, uint64_t key, size_t *slot)
{
	size_t s;

	if (!h->cap)
		return false;
	s = slot_of(key, h->cap);
	while (h->used[s]) {
		if (h->keys[s] == key) {
			*slot = s;
			return true;
		}
		s = (s + 1) & (h->cap - 1);
	}
	return false;
}

int hmap_put(struct hmap *h, uint64_t key, uint64_t val)
{
	size_t s;

	if (find(h, key, &s)) {
		h->vals[s] = val;	/* an update never allocates */
		return 0;
	}
	if ((h->n + 1) * 4 > h->cap * 3 && grow(h))
		return -ENOMEM;
	s = slot_of(key, h->cap);
	while (h->used[s] && h->keys[s] != key)
		s = (s + 1) & (h->cap - 1);
	if (!h->used[s]) {
		h->used[s] = 1;
		h->keys[s] = key;
		h->n++;
	}
	h->vals[s] = val;
	return 0;
}

bool hmap_get(const struct hmap *h, uint64_t key, uint64_t *val)
{
	size_t s;

	if (!find(h, key, &s))
		return false;
	if (val)
		*val = h->vals[s];
	return true;
}

bool hmap_del(struct hmap *h, uint64_t key)
{
	size_t s, j;

	if (!find(h, key, &s))
		return false;
	h->used[s] = 0;
	h->n--;
	/* backward-shift the entries of the probe run that follows */
	j = s;
	for (;;) {
		size_t home;

		j = (j + 1) & (h->cap - 1);
		if (!h->used[j])
			break;
		home = slot_of(h->keys[j], h->cap);
		/* move j to s if home is not in (s, j] cyclically */
		if ((s < j && (home <= s || home > j)) ||
		    (s > j && (home <= s && home > j))) {
			h->keys[s] = h->keys[j];
			h->vals[s] = h->vals[j];
			h->used[s] = 1;
			h->used[j] = 0;
			s = j;
		}
	}
	return true;
}

bool hmap_next(const struct hmap *h, size_t *pos, uint64_t *key,
	       uint64_t *val)
{
	while (*pos < h->cap) {
		size_t i = (*pos)++;

		if (h->used[i]) {
			*key = h->keys[i];
			*val = h->vals[i];
			return true;
		}
	}
	return false;
}
