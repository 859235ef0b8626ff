// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapfile.c - snapshot files on disk: the .mcz compact pfn arrays and
 * loading a snapshot directory (docs/snapshot.md has the formats).
 *
 * Why .mcz: /proc/kpageflags and /proc/kpagecount are 8 bytes per pfn,
 * 2 GiB each for a 1 TiB machine, and neighbouring pfns mostly repeat the
 * same word (a free run, a file's page cache, holes).  A run-length pass
 * turns them into (length, value) pairs, LEB128 varints make the common
 * small values one byte, and zlib removes what repetition is left.  The
 * header carries the word count and a CRC-32 of the raw little-endian
 * words, so a truncated or damaged file is recognised, not misread.
 */
#include <memcompact.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static const char pfnz_magic[8] = { 'M', 'C', 'P', 'F', 'N', 'Z', '1', '\n' };

static void set_err(struct mc_error *err, const char *file, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static void set_err(struct mc_error *err, const char *file, const char *fmt,
		    ...)
{
	char msg[200];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = 0;
	snprintf(err->msg, sizeof(err->msg), "%s: %s", file ? file : "", msg);
}

/* ---- the writer -------------------------------------------------------- */

struct mc_pfnz {
	mc_write_fn fn;
	void *ctx;
	z_stream zs;
	uint64_t nr;
	uLong crc;
	uint64_t run_val, run_len;
	unsigned char in[1 << 16];
	size_t in_len;
	unsigned char out[1 << 16];
	int failed;
};

static int pfnz_flush(struct mc_pfnz *w, int mode)
{
	int ret;

	w->zs.next_in = w->in;
	w->zs.avail_in = (uInt)w->in_len;
	do {
		w->zs.next_out = w->out;
		w->zs.avail_out = sizeof(w->out);
		ret = deflate(&w->zs, mode);
		if (ret == Z_STREAM_ERROR)
			return -EIO;
		if (sizeof(w->out) - w->zs.avail_out)
			w->fn(w->ctx, (const char *)w->out,
			      sizeof(w->out) - w->zs.avail_out);
	} while (w->zs.avail_out == 0 ||
		 (mode == Z_FINISH && ret != Z_STREAM_END));
	w->in_len = 0;
	return 0;
}

static int put_varint(struct mc_pfnz *w, uint64_t v)
{
	if (w->in_len + 10 > sizeof(w->in) && pfnz_flush(w, Z_NO_FLUSH))
		return -EIO;
	do {
		unsigned char b = v & 0x7f;

		v >>= 7;
		w->in[w->in_len++] = (unsigned char)(b | (v ? 0x80 : 0));
	} while (v);
	return 0;
}

static int put_run(struct mc_pfnz *w)
{
	if (!w->run_len)
		return 0;
	if (put_varint(w, w->run_len) || put_varint(w, w->run_val))
		return -EIO;
	w->run_len = 0;
	return 0;
}

struct mc_pfnz *mc_pfnz_writer(mc_write_fn fn, void *ctx)
{
	struct mc_pfnz *w;
	char zero[32] = { 0 };

	if (!fn)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->fn = fn;
	w->ctx = ctx;
	w->crc = crc32(0L, Z_NULL, 0);
	if (deflateInit(&w->zs, 6) != Z_OK) {
		free(w);
		return NULL;
	}
	fn(ctx, zero, sizeof(zero));
	return w;
}

int mc_pfnz_put(struct mc_pfnz *w, const uint64_t *words, size_t n)
{
	if (!w || (!words && n))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		uint64_t v = words[i];
		unsigned char le[8];

		for (int b = 0; b < 8; b++)
			le[b] = (unsigned char)(v >> (8 * b));
		w->crc = crc32(w->crc, le, 8);
		if (w->run_len && v == w->run_val) {
			w->run_len++;
			continue;
		}
		if (put_run(w))
			return w->failed = -EIO;
		w->run_val = v;
		w->run_len = 1;
	}
	w->nr += n;
	return 0;
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int mc_pfnz_finish(struct mc_pfnz *w, unsigned char hdr[32])
{
	int ret;

	if (!w)
		return -EINVAL;
	ret = w->failed;
	if (!ret && put_run(w))
		ret = -EIO;
	if (!ret && pfnz_flush(w, Z_FINISH))
		ret = -EIO;
	deflateEnd(&w->zs);
	if (hdr) {
		memcpy(hdr, pfnz_magic, 8);
		put_le64(hdr + 8, w->nr);
		put_le64(hdr + 16, (uint64_t)w->crc);
		put_le64(hdr + 24, 0);
	}
	free(w);
	return ret;
}

/* ---- the reader -------------------------------------------------------- */

int mc_pfnz_decode(const void *data, size_t len, const char *name,
		   uint64_t **words, uint64_t *nr, struct mc_error *err)
{
	const unsigned char *h = data;
	uint64_t want, have = 0, crc_want;
	uint64_t *out = NULL;
	uLong crc = crc32(0L, Z_NULL, 0);
	z_stream zs;
	unsigned char buf[1 << 16];
	/* a varint may straddle two inflate outputs */
	uint64_t acc = 0, field[2];
	unsigned shift = 0, nf = 0;
	int ret = 0, zret;

	if (!name)
		name = "<mcz>";
	if (!data || len < 32 || memcmp(h, pfnz_magic, 8)) {
		set_err(err, name, len < 32 ?
			"offset 0: %zu bytes, shorter than the 32-byte header (truncated?)" :
			"offset 0: not an .mcz file (bad magic)", len);
		return -EINVAL;
	}
	want = get_le64(h + 8);
	crc_want = get_le64(h + 16);
	if (want > (1ULL << 40)) {
		set_err(err, name, "offset 8: implausible word count %llu",
			(unsigned long long)want);
		return -EINVAL;
	}
	out = malloc((size_t)(want ? want : 1) * sizeof(*out));
	if (!out) {
		set_err(err, name, "out of memory for %llu words",
			(unsigned long long)want);
		return -ENOMEM;
	}
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK) {
		free(out);
		return -ENOMEM;
	}
	zs.next_in = (Bytef *)(h + 32);
	zs.avail_in = (uInt)(len - 32);
	do {
		size_t got;

		zs.next_out = buf;
		zs.avail_out = sizeof(buf);
		zret = inflate(&zs, Z_NO_FLUSH);
		if (zret != Z_OK && zret != Z_STREAM_END) {
			set_err(err, name,
				"offset %lu: corrupt or truncated compressed data (%s)",
				32 + zs.total_in,
				zret == Z_BUF_ERROR ? "stream ends early" :
				zs.msg ? zs.msg : "inflate error");
			ret = -EINVAL;
			break;
		}
		got = sizeof(buf) - zs.avail_out;
		for (size_t i = 0; i < got && !ret; i++) {
			unsigned char b = buf[i];

			if (shift >= 64) {
				set_err(err, name,
					"offset %lu: malformed varint",
					32 + zs.total_in);
				ret = -EINVAL;
				break;
			}
			acc |= (uint64_t)(b & 0x7f) << shift;
			shift += 7;
			if (b & 0x80)
				continue;
			field[nf++] = acc;
			acc = 0;
			shift = 0;
			if (nf < 2)
				continue;
			nf = 0;
			if (!field[0] || field[0] > want - have) {
				set_err(err, name,
					"offset %lu: a run of %llu words passes the %llu words the header announces",
					32 + zs.total_in,
					(unsigned long long)field[0],
					(unsigned long long)want);
				ret = -EINVAL;
				break;
			}
			for (uint64_t k = 0; k < field[0]; k++)
				out[have++] = field[1];
		}
		if (!got && zret != Z_STREAM_END && zs.avail_in == 0) {
			set_err(err, name,
				"offset %zu: compressed data ends before the stream does (truncated?)",
				len);
			ret = -EINVAL;
		}
	} while (!ret && zret != Z_STREAM_END);
	inflateEnd(&zs);
	if (!ret && (nf || shift)) {
		set_err(err, name, "offset %zu: the last record is cut off",
			len);
		ret = -EINVAL;
	}
	if (!ret && have != want) {
		set_err(err, name,
			"offset %zu: %llu words decoded, the header announces %llu (truncated?)",
			len, (unsigned long long)have,
			(unsigned long long)want);
		ret = -EINVAL;
	}
	if (!ret) {
		for (uint64_t i = 0; i < have; i++) {
			unsigned char le[8];

			put_le64(le, out[i]);
			crc = crc32(crc, le, 8);
		}
		if ((uint64_t)crc != crc_want) {
			set_err(err, name,
				"offset 16: CRC-32 %#lx of the decoded words, the header says %#llx (corrupt)",
				crc, (unsigned long long)crc_want);
			ret = -EINVAL;
		}
	}
	if (ret) {
		free(out);
		return ret;
	}
	*words = out;
	*nr = have;
	return 0;
}

/* ---- loading a snapshot directory -------------------------------------- */

struct tar_ent {
	char name[260];
	size_t off, len;
};

struct snap_priv {
	struct mc_snapshot s;	/* first: the public part */
	char *manifest;
	char *bufs[16];
	int nbufs;
	uint64_t *kpf, *kpc;
	char name[4096];
	/* a snapshot archive: the tar image and its entries */
	char *tar;
	size_t tar_len;
	struct tar_ent *ents;
	size_t nents;
	char prefix[256];	/* the directory inside the archive */
};

/* Read a whole file; -ENOENT when absent. */
static int read_file(const char *path, char **data, size_t *len,
		     struct mc_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		if (errno != ENOENT)
			set_err(err, path, "cannot open: %s", strerror(errno));
		return errno == ENOENT ? -ENOENT : -EIO;
	}
	for (;;) {
		size_t r;

		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1 << 16;
			char *p = realloc(buf, nc + 1);

			if (!p) {
				free(buf);
				fclose(f);
				set_err(err, path, "out of memory");
				return -ENOMEM;
			}
			buf = p;
			cap = nc;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		set_err(err, path, "read error: %s", strerror(errno));
		free(buf);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

static int keep(struct snap_priv *sp, char *buf)
{
	sp->bufs[sp->nbufs++] = buf;
	return 0;
}

/* gunzip an in-memory image (gzip framing). */
static int gunzip_mem(const char *in, size_t inlen, const char *name,
		      char **out, size_t *outlen, struct mc_error *err)
{
	z_stream zs;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int zret;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)inlen;
	do {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : inlen * 4 + 4096;
			char *p = realloc(buf, nc + 1);

			if (!p) {
				free(buf);
				inflateEnd(&zs);
				return -ENOMEM;
			}
			buf = p;
			cap = nc;
		}
		zs.next_out = (Bytef *)buf + n;
		zs.avail_out = (uInt)(cap - n);
		zret = inflate(&zs, Z_NO_FLUSH);
		n = cap - zs.avail_out;
		if (zret != Z_OK && zret != Z_STREAM_END) {
			set_err(err, name,
				"offset %lu: %s (truncated?)", zs.total_in,
				zret == Z_BUF_ERROR ? "unexpected end of file" :
				zs.msg ? zs.msg : "corrupt gzip data");
			free(buf);
			inflateEnd(&zs);
			return -EINVAL;
		}
		if (zret == Z_OK && zs.avail_in == 0 && zs.avail_out) {
			set_err(err, name,
				"offset %lu: unexpected end of file (truncated?)",
				zs.total_in);
			free(buf);
			inflateEnd(&zs);
			return -EINVAL;
		}
	} while (zret != Z_STREAM_END);
	inflateEnd(&zs);
	buf[n] = 0;
	*out = buf;
	*outlen = n;
	return 0;
}

static uint64_t tar_octal(const unsigned char *p, size_t n, bool *ok)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (uint64_t)(p[i] - '0');
	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != 0)
			*ok = false;
	return v;
}

/* Index a (ustar) tar image; entries keep offsets into it. */
static int parse_tar(struct snap_priv *sp, const char *name,
		     struct mc_error *err)
{
	size_t off = 0, cap = 0, best = SIZE_MAX;

	while (off + 512 <= sp->tar_len) {
		const unsigned char *h = (const unsigned char *)sp->tar + off;
		unsigned sum = 0;
		bool ok = true, zero = true;
		uint64_t size, chk;
		char ename[260];
		char type = (char)h[156];

		for (int i = 0; i < 512; i++)
			zero = zero && !h[i];
		if (zero)
			break;
		if (memcmp(h + 257, "ustar", 5)) {
			set_err(err, name,
				"offset %zu: not a tar header (no 'ustar' magic)",
				off);
			return -EINVAL;
		}
		for (int i = 0; i < 512; i++)
			sum += (i >= 148 && i < 156) ? ' ' : h[i];
		chk = tar_octal(h + 148, 8, &ok);
		size = tar_octal(h + 124, 12, &ok);
		if (!ok || chk != sum) {
			set_err(err, name,
				"offset %zu: tar header checksum %llu, the header sums to %u (corrupt)",
				off, (unsigned long long)chk, sum);
			return -EINVAL;
		}
		if (h[345])
			snprintf(ename, sizeof(ename), "%.155s/%.100s",
				 (const char *)h + 345, (const char *)h);
		else
			snprintf(ename, sizeof(ename), "%.100s",
				 (const char *)h);
		if (off + 512 + size > sp->tar_len) {
			set_err(err, name,
				"offset %zu: entry '%s' of %llu bytes is cut short (truncated archive)",
				off, ename, (unsigned long long)size);
			return -EINVAL;
		}
		if (type == '0' || type == 0) {
			const char *en = ename;
			struct tar_ent *e;

			while (!strncmp(en, "./", 2))
				en += 2;
			if (sp->nents == cap) {
				size_t nc = cap ? cap * 2 : 32;
				void *q = realloc(sp->ents, nc * sizeof(*e));

				if (!q)
					return -ENOMEM;
				sp->ents = q;
				cap = nc;
			}
			e = &sp->ents[sp->nents++];
			snprintf(e->name, sizeof(e->name), "%s", en);
			e->off = off + 512;
			e->len = (size_t)size;
			/* the snapshot's root: where its manifest is */
			{
				size_t l = strlen(e->name);

				if ((l == 8 || (l > 8 && e->name[l - 9] == '/')) &&
				    !strcmp(e->name + l - 8, "manifest") &&
				    l < best) {
					best = l;
					snprintf(sp->prefix, sizeof(sp->prefix),
						 "%.*s", (int)(l - 8), e->name);
				}
			}
		}
		off += 512 + ((size + 511) & ~(uint64_t)511);
	}
	if (off + 512 > sp->tar_len && off < sp->tar_len) {
		set_err(err, name, "offset %zu: a partial tar header (truncated archive)",
			off);
		return -EINVAL;
	}
	return 0;
}

/* A file of the snapshot (directory or archive), NUL-terminated copy in
 * *data; -ENOENT when absent.  @path gets the name to use in messages. */
static int src_read(struct snap_priv *sp, const char *dir, const char *rel,
		    char *path, size_t plen, char **data, size_t *len,
		    struct mc_error *err)
{
	char want[600];

	snprintf(path, plen, "%s/%s", dir, rel);
	if (!sp->tar)
		return read_file(path, data, len, err);
	snprintf(want, sizeof(want), "%s%s", sp->prefix, rel);
	for (size_t i = 0; i < sp->nents; i++) {
		if (strcmp(sp->ents[i].name, want))
			continue;
		*data = malloc(sp->ents[i].len + 1);
		if (!*data)
			return -ENOMEM;
		memcpy(*data, sp->tar + sp->ents[i].off, sp->ents[i].len);
		(*data)[sp->ents[i].len] = 0;
		*len = sp->ents[i].len;
		return 0;
	}
	return -ENOENT;
}

/* An optional text file of the snapshot: 0, or -ENOENT when absent. */
static int load_text(struct snap_priv *sp, const char *dir, const char *rel,
		     const char **text, size_t *len, struct mc_error *err)
{
	char path[4200];
	char *data;
	int ret;

	ret = src_read(sp, dir, rel, path, sizeof(path), &data, len, err);
	if (ret)
		return ret;
	keep(sp, data);
	*text = data;
	return 0;
}

/* kpageflags or kpagecount: NAME.mcz, or NAME raw (8 bytes per pfn). */
static int load_words(struct snap_priv *sp, const char *dir, const char *base,
		      uint64_t **words, uint64_t *nr, struct mc_error *err)
{
	char path[4200];
	char *data;
	size_t len;
	int ret;

	char rel[64];

	snprintf(rel, sizeof(rel), "proc/%s.mcz", base);
	ret = src_read(sp, dir, rel, path, sizeof(path), &data, &len, err);
	if (!ret) {
		ret = mc_pfnz_decode(data, len, path, words, nr, err);
		free(data);
		return ret;
	}
	if (ret != -ENOENT)
		return ret;
	snprintf(rel, sizeof(rel), "proc/%s", base);
	ret = src_read(sp, dir, rel, path, sizeof(path), &data, &len, err);
	if (ret)
		return ret;
	if (len % 8) {
		set_err(err, path,
			"offset %zu: %zu bytes is not a whole number of 8-byte words (truncated?)",
			len - len % 8, len);
		free(data);
		return -EINVAL;
	}
	*nr = len / 8;
	*words = malloc(len ? len : 8);
	if (!*words) {
		free(data);
		return -ENOMEM;
	}
	for (size_t i = 0; i < *nr; i++) {
		const unsigned char *b = (const unsigned char *)data + 8 * i;

		(*words)[i] = get_le64(b);
	}
	free(data);
	return 0;
}

const char *mc_snapshot_manifest(const struct mc_snapshot *snap,
				 const char *key)
{
	const struct snap_priv *sp = (const struct snap_priv *)snap;
	static _Thread_local char val[256];
	const char *p;
	size_t kl;

	if (!snap || !key || !sp->manifest)
		return NULL;
	kl = strlen(key);
	for (p = sp->manifest; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		const char *e;

		if (strncmp(p, key, kl) || p[kl] != ':')
			continue;
		p += kl + 1;
		while (*p == ' ')
			p++;
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		snprintf(val, sizeof(val), "%.*s", (int)(e - p), p);
		return val;
	}
	return NULL;
}

int mc_snapshot_load(const char *dir, struct mc_snapshot **out,
		     struct mc_error *err)
{
	struct snap_priv *sp;
	struct mc_snapshot *s;
	char path[4200];
	size_t mlen;
	const char *ps;
	uint64_t ncount = 0;
	int ret;

	if (!dir || !out) {
		set_err(err, "<api>", "NULL directory or result");
		return -EINVAL;
	}
	*out = NULL;
	sp = calloc(1, sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	s = &sp->s;
	snprintf(sp->name, sizeof(sp->name), "%s", dir);
	s->name = sp->name;
	{
		struct stat st;

		if (!stat(dir, &st) && S_ISREG(st.st_mode)) {
			/* one archive: a tar, gzip'ed or not */
			ret = read_file(dir, &sp->tar, &sp->tar_len, err);
			if (ret)
				goto fail;
			if (sp->tar_len >= 2 && (unsigned char)sp->tar[0] == 0x1f &&
			    (unsigned char)sp->tar[1] == 0x8b) {
				char *raw;
				size_t rl;

				ret = gunzip_mem(sp->tar, sp->tar_len, dir, &raw,
						 &rl, err);
				if (ret)
					goto fail;
				free(sp->tar);
				sp->tar = raw;
				sp->tar_len = rl;
			}
			ret = parse_tar(sp, dir, err);
			if (ret)
				goto fail;
		}
	}
	ret = src_read(sp, dir, "manifest", path, sizeof(path),
		       &sp->manifest, &mlen, err);
	if (ret) {
		if (ret == -ENOENT)
			set_err(err, path,
				"no manifest: not a memcompact snapshot directory");
		goto fail;
	}
	if (strncmp(sp->manifest, "memcompact-snapshot 1\n", 22)) {
		set_err(err, path,
			"line 1: not a snapshot manifest (expected 'memcompact-snapshot 1')");
		ret = -EINVAL;
		goto fail;
	}
	ps = mc_snapshot_manifest(s, "page_size");
	if (ps) {
		unsigned long v = strtoul(ps, NULL, 10);

		if (v == 4096)
			s->page_shift = 12;
		else if (v == 16384)
			s->page_shift = 14;
		else if (v == 65536)
			s->page_shift = 16;
		else {
			set_err(err, path, "page_size %s is not 4096, 16384 or 65536",
				ps);
			ret = -EINVAL;
			goto fail;
		}
	}
	ret = load_text(sp, dir, "proc/zoneinfo", &s->zoneinfo,
			&s->zoneinfo_len, err);
	if (ret) {
		if (ret == -ENOENT)
			set_err(err, path,
				"the snapshot has no proc/zoneinfo (required)");
		goto fail;
	}
#define OPTIONAL(rel, field)						\
	do {								\
		ret = load_text(sp, dir, rel, &s->field, &s->field##_len, \
				err);					\
		if (ret && ret != -ENOENT)				\
			goto fail;					\
	} while (0)
	OPTIONAL("proc/buddyinfo", buddyinfo);
	OPTIONAL("proc/pagetypeinfo", pagetypeinfo);
	OPTIONAL("proc/vmstat", vmstat);
	OPTIONAL("proc/iomem", iomem);
	OPTIONAL("sys/vm.sysctl", sysctl);
	OPTIONAL("sys/sysfs", sysfs);
	OPTIONAL("memcompact.state", state);
#undef OPTIONAL
	{
		char *po;
		size_t plen;

		char *gz;
		size_t gzl;

		ret = src_read(sp, dir, "page_owner.gz", path, sizeof(path),
			       &gz, &gzl, err);
		if (!ret) {
			ret = gunzip_mem(gz, gzl, path, &po, &plen, err);
			free(gz);
		}
		if (!ret) {
			keep(sp, po);
			s->page_owner = po;
			s->page_owner_len = plen;
		} else if (ret != -ENOENT) {
			goto fail;
		}
	}
	ret = load_words(sp, dir, "kpageflags", &sp->kpf, &s->nr_pfns, err);
	if (ret) {
		if (ret == -ENOENT) {
			snprintf(path, sizeof(path), "%s/proc/kpageflags.mcz",
				 dir);
			set_err(err, path,
				"the snapshot has no kpageflags (required)");
		}
		goto fail;
	}
	s->kpageflags = sp->kpf;
	ret = load_words(sp, dir, "kpagecount", &sp->kpc, &ncount, err);
	if (ret && ret != -ENOENT)
		goto fail;
	if (!ret) {
		if (ncount != s->nr_pfns) {
			snprintf(path, sizeof(path), "%s/proc/kpagecount", dir);
			set_err(err, path,
				"%llu pfns, but kpageflags has %llu (truncated?)",
				(unsigned long long)ncount,
				(unsigned long long)s->nr_pfns);
			ret = -EINVAL;
			goto fail;
		}
		s->kpagecount = sp->kpc;
	}
	*out = s;
	return 0;
fail:
	mc_snapshot_free(s);
	return ret;
}

void mc_snapshot_free(struct mc_snapshot *snap)
{
	struct snap_priv *sp = (struct snap_priv *)snap;

	if (!sp)
		return;
	for (int i = 0; i < sp->nbufs; i++)
		free(sp->bufs[i]);
	free(sp->manifest);
	free(sp->tar);
	free(sp->ents);
	free(sp->kpf);
	free(sp->kpc);
	free(sp);
}
