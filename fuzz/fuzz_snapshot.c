// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_snapshot.c - snapshot import (docs/snapshot.md): the .mcz pfn-array
 * decoder, snapshot archives (tar, gzip'ed or not), and mc_import_snapshot
 * on a small machine whose kpageflags and text files come from the input.
 *
 * The first byte picks the mode:
 *  0: .mcz: mc_pfnz_decode; a decoded array re-encodes (mc_pfnz_writer)
 *     and decodes back to the same words;
 *  1: an archive, written to a temporary file and read by
 *     mc_snapshot_load; a loaded snapshot small enough (its zoneinfo up to
 *     1M pages) is imported;
 *  2: a snapshot assembled here: the 8192-page zone of the replay test,
 *     kpageflags words picked by the input bytes from a table of page
 *     kinds (buddy, LRU anon/file, slab, compound heads and tails, THP,
 *     hugetlb, reserved, no page...), and buddyinfo, pagetypeinfo,
 *     vmstat, sysctl, sysfs, state and page_owner texts cut from the rest
 *     of the input at 0x01 bytes.
 * Guarantees checked: a rejected input gives -EINVAL (-ENOENT for a
 * missing required file, -ENOMEM) and an error naming the input and a
 * problem; an imported machine passes the invariant checker (the import
 * promises it) and is destroyed cleanly.
 */
#include "fuzz.h"

#include <errno.h>
#include <unistd.h>

#define KPF(b)	(1ULL << MC_KPF_##b)
#define FZ_MAX_PAGES	(1ULL << 20)


static const uint64_t kinds[] = {
	KPF(BUDDY), 0, KPF(LRU) | KPF(ANON) | KPF(MMAP) | KPF(SWAPBACKED),
	KPF(LRU) | KPF(MMAP) | KPF(UPTODATE), KPF(SLAB), KPF(RESERVED),
	KPF(NOPAGE), KPF(COMPOUND_HEAD) | KPF(LRU) | KPF(ANON) | KPF(THP),
	KPF(COMPOUND_TAIL) | KPF(LRU) | KPF(ANON) | KPF(THP),
	KPF(COMPOUND_HEAD) | KPF(HUGE), KPF(COMPOUND_TAIL) | KPF(HUGE),
	KPF(LRU) | KPF(DIRTY) | KPF(WRITEBACK), KPF(PGTABLE),
	KPF(LRU) | KPF(UNEVICTABLE) | KPF(MLOCKED), KPF(ZERO_PAGE),
	KPF(BUDDY) | KPF(COMPOUND_HEAD),
};

static void import_check(const struct mc_snapshot *s, const char *what)
{
	struct mc_options o = { .seed = 1, .flags = MC_OPT_NO_DAEMONS };
	struct mc_machine *m = NULL;
	struct mc_import_result res;
	struct mc_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = mc_import_snapshot(s, &o, &m, &res, NULL, NULL, &err);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -ENOENT || ret == -ENOMEM,
			  "%s: import %d", what, ret);
		fz_error_ok(&err, what);
		return;
	}
	fz_check(m, what);
	mc_machine_destroy(m);
}

static void mode_mcz(const uint8_t *d, size_t n)
{
	uint64_t *w = NULL, *back = NULL, nr = 0, nr2 = 0;
	struct fz_text t = { 0 };
	struct mc_pfnz *z;
	unsigned char hdr[32];
	struct mc_error err = { 0 };
	uint64_t count = 0;
	int ret;

	/* A run-length format is a zip bomb by nature: a few bytes may
	 * stand for gigabytes of words.  Keep the decoded size to 16M words
	 * (the library itself takes up to 2^40 and grows with the data). */
	if (n >= 16) {
		for (int i = 15; i >= 8; i--)
			count = count << 8 | d[i];
		if (count > (1u << 24))
			return;
	}
	ret = mc_pfnz_decode(d, n, "fuzz.mcz", &w, &nr, &err);

	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -ENOMEM, "decode %d", ret);
		fz_error_ok(&err, "mcz");
		return;
	}
	z = mc_pfnz_writer(fz_text_write, &t);
	FZ_ASSERT(z, "writer");
	FZ_ASSERT(mc_pfnz_put(z, w, nr) == 0, "put");
	FZ_ASSERT(mc_pfnz_finish(z, hdr) == 0, "finish");
	FZ_ASSERT(t.len >= 32, "short stream");
	memcpy(t.buf, hdr, 32);
	FZ_ASSERT(mc_pfnz_decode(t.buf, t.len, "again", &back, &nr2, &err) == 0
		  && nr2 == nr && !memcmp(w, back, nr * 8),
		  "re-encoded .mcz does not decode to the same words");
	free(w);
	free(back);
	free(t.buf);
}

static void mode_archive(const uint8_t *d, size_t n, uint8_t kind)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz" };
	struct mc_snapshot *s = NULL;
	struct mc_error err = { 0 };
	char path[64];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/tmp/fuzz-snapshot-%d%s", (int)getpid(),
		 ext[kind % 3]);
	f = fopen(path, "wb");
	FZ_ASSERT(f && fwrite(d, 1, n, f) == n && !fclose(f), "temp file");
	ret = mc_snapshot_load(path, &s, &err);
	unlink(path);
	if (ret) {
		FZ_ASSERT(ret == -EINVAL || ret == -ENOENT || ret == -ENOMEM,
			  "load %d", ret);
		fz_error_ok(&err, "archive");
		return;
	}
	{
		static struct mc_machine_desc desc;
		uint64_t pages = 0;

		if (!s->zoneinfo ||
		    mc_desc_from_zoneinfo(s->zoneinfo, s->zoneinfo_len, "z",
					  &desc, &err) == 0) {
			for (unsigned i = 0; s->zoneinfo && i < desc.nr_nodes;
			     i++)
				for (int z = 0; z < MC_MAX_NR_ZONES; z++)
					pages += desc.nodes[i].zones[z].spanned;
			if (pages <= FZ_MAX_PAGES && s->nr_pfns <= FZ_MAX_PAGES * 2)
				import_check(s, "archive import");
		}
	}
	mc_snapshot_free(s);
}

static void mode_built(const uint8_t *d, size_t n)
{
	static uint64_t flags[0x8000 + 8192];
	struct mc_snapshot s = { .name = "fuzz", .page_shift = 12 };
	const char **texts[] = { &s.buddyinfo, &s.pagetypeinfo, &s.vmstat,
				 &s.sysctl, &s.sysfs, &s.state,
				 &s.page_owner };
	size_t *lens[] = { &s.buddyinfo_len, &s.pagetypeinfo_len,
			   &s.vmstat_len, &s.sysctl_len, &s.sysfs_len,
			   &s.state_len, &s.page_owner_len };
	size_t nf = n < 512 ? n : 512, pos, k = 0;

	s.zoneinfo = fz_tiny_zoneinfo;
	s.zoneinfo_len = sizeof(fz_tiny_zoneinfo) - 1;
	for (uint64_t p = 0; p < 0x8000; p++)
		flags[p] = KPF(NOPAGE);
	/* the zone's pages: the first bytes, repeated to fill 8192 */
	for (uint64_t p = 0; p < 8192; p++)
		flags[0x8000 + p] = nf ? kinds[d[p % nf] % (sizeof(kinds) /
							    sizeof(*kinds))]
				       : KPF(BUDDY);
	s.kpageflags = flags;
	s.nr_pfns = 0x8000 + 8192;
	/* the rest: texts separated by 0x01 */
	pos = nf;
	while (pos < n && k < sizeof(texts) / sizeof(*texts)) {
		const uint8_t *e = memchr(d + pos, 0x01, n - pos);
		size_t len = e ? (size_t)(e - (d + pos)) : n - pos;

		*texts[k] = (const char *)d + pos;
		*lens[k] = len;
		k++;
		pos += len + 1;
	}
	import_check(&s, "import");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	switch (data[0] % 3) {
	case 0:
		mode_mcz(data + 1, size - 1);
		break;
	case 1:
		mode_archive(data + 2, size - 2, data[1]);
		break;
	case 2:
		mode_built(data + 1, size - 1);
		break;
	}
	return 0;
}
