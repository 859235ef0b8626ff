// SPDX-License-Identifier: GPL-2.0-only
/*
 * snapdir.c - writing snapshot directories (docs/snapshot.md).
 *
 * A capture reads this machine's files in an order chosen to keep them
 * close in time: the small text files, then kpageflags and kpagecount
 * (the long part: seconds on a large machine), then buddyinfo again, so
 * that the manifest can say whether the free lists moved meanwhile.  The
 * pfn arrays are streamed through the .mcz encoder in 512 KiB chunks and
 * never held whole in memory.
 */
#include "snapdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"

struct manifest {
	char *text;
	size_t len, cap;
};

static void mf_add(struct manifest *mf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void mf_add(struct manifest *mf, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(mf->text ? mf->text + mf->len : NULL,
			      mf->text ? mf->cap - mf->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (mf->text && mf->len + (size_t)n < mf->cap) {
			mf->len += (size_t)n;
			return;
		}
		mf->cap = (mf->cap + (size_t)n + 1) * 2;
		mf->text = realloc(mf->text, mf->cap);
		if (!mf->text)
			return;
	}
}

/* The output directory must not exist or be empty: never mix snapshots. */
static int prepare_out(const char *out)
{
	DIR *d = opendir(out);
	char sub[4200];

	if (d) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				closedir(d);
				cli_error("%s: exists and is not empty (will not overwrite)",
					  out);
				return -EEXIST;
			}
		closedir(d);
	}
	if (mkdir_p(out)) {
		cli_error("%s: cannot create: %s", out, strerror(errno));
		return -errno;
	}
	snprintf(sub, sizeof(sub), "%s/proc", out);
	if (mkdir_p(sub))
		return -errno;
	snprintf(sub, sizeof(sub), "%s/sys", out);
	if (mkdir_p(sub))
		return -errno;
	return 0;
}

static FILE *open_out(const char *out, const char *rel)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out, rel);
	f = fopen(path, "wb");
	if (!f)
		cli_error("%s: cannot create: %s", path, strerror(errno));
	return f;
}

static void fwrite_cb(void *ctx, const char *buf, size_t len)
{
	fwrite(buf, 1, len, (FILE *)ctx);
}

static int close_out(FILE *f, const char *out, const char *rel)
{
	if (ferror(f) | fclose(f)) {
		cli_error("%s/%s: write error", out, rel);
		return -EIO;
	}
	return 0;
}

/* ---- capture ------------------------------------------------------------ */

/* Copy a text file; returns bytes, or -errno (the reason kept in @why). */
static long copy_text(const char *src, const char *out, const char *rel,
		      char *why, size_t wlen)
{
	FILE *in = fopen(src, "rb"), *o;
	char buf[65536];
	long total = 0;
	size_t r;

	if (!in) {
		snprintf(why, wlen, "%s: %s", src, strerror(errno));
		return -errno;
	}
	o = open_out(out, rel);
	if (!o) {
		fclose(in);
		snprintf(why, wlen, "cannot write %s", rel);
		return -EIO;
	}
	while ((r = fread(buf, 1, sizeof(buf), in)) > 0) {
		fwrite(buf, 1, r, o);
		total += (long)r;
	}
	if (ferror(in)) {
		snprintf(why, wlen, "%s: read error: %s", src, strerror(errno));
		fclose(in);
		fclose(o);
		return -EIO;
	}
	fclose(in);
	if (close_out(o, out, rel))
		return -EIO;
	return total;
}

/*
 * Read kpageflags and kpagecount together, a chunk of one then the same
 * pfns of the other, so that a page's flags and count are read a moment
 * apart, not seconds (a page mapped between two whole-file reads would
 * look pinned).  Both arrays are kept in memory (16 bytes a pfn) and
 * encoded afterwards: reading is quick, and the quicker it is the less
 * the free lists move under it.  @counts stays NULL when kpagecount
 * cannot be read (@why_count says why).
 */
static int read_pfn_arrays(const char *fsrc, const char *csrc,
			   uint64_t **flags, uint64_t **counts, uint64_t *nr,
			   char *why, size_t wlen, char *why_count,
			   size_t cwlen)
{
	FILE *ff = fopen(fsrc, "rb"), *cf;
	size_t cap = 0, n = 0, r;
	uint64_t *fv = NULL, *cv = NULL;
	bool counting;

	*flags = *counts = NULL;
	*nr = 0;
	if (!ff) {
		snprintf(why, wlen, "%s: %s%s", fsrc, strerror(errno),
			 errno == EACCES || errno == EPERM ?
			 " (capturing needs root)" : "");
		return -errno;
	}
	cf = fopen(csrc, "rb");
	if (!cf)
		snprintf(why_count, cwlen, "%s: %s", csrc, strerror(errno));
	counting = cf != NULL;
	for (;;) {
		if (n + 65536 > cap) {
			size_t nc = cap ? cap * 2 : 1u << 20;
			uint64_t *a = realloc(fv, nc * 8);
			uint64_t *b = a && counting ? realloc(cv, nc * 8) : cv;

			if (a)
				fv = a;
			if (!a || (counting && !b)) {
				snprintf(why, wlen, "out of memory after %zu pfns",
					 n);
				free(fv);
				free(b ? b : cv);
				fclose(ff);
				if (cf)
					fclose(cf);
				return -ENOMEM;
			}
			cv = b;
			cap = nc;
		}
		r = fread(fv + n, 8, 65536, ff);
		if (!r)
			break;
		if (counting) {
			size_t rc = fread(cv + n, 8, r, cf);

			if (rc != r) {
				snprintf(why_count, cwlen,
					 "%s: ends at pfn %zu, kpageflags goes on",
					 csrc, n + rc);
				counting = false;
			}
		}
		n += r;
	}
	if (ferror(ff)) {
		snprintf(why, wlen, "%s: read error after %zu pfns: %s", fsrc,
			 n, strerror(errno));
		free(fv);
		free(cv);
		fclose(ff);
		if (cf)
			fclose(cf);
		return -EIO;
	}
	fclose(ff);
	if (cf)
		fclose(cf);
	*flags = fv;
	if (counting)
		*counts = cv;
	else
		free(cv);
	*nr = n;
	return 0;
}

/* Write a pfn array as .mcz; the stored size in *stored. */
static int encode_words(const uint64_t *words, uint64_t n, const char *out,
			const char *rel, uint64_t *stored)
{
	unsigned char hdr[32];
	struct mc_pfnz *w;
	FILE *o = open_out(out, rel);
	int ret;

	if (!o)
		return -EIO;
	w = mc_pfnz_writer(fwrite_cb, o);
	if (!w) {
		fclose(o);
		return -ENOMEM;
	}
	/* the kernel writes host-endian words; x86 and arm64 are
	 * little-endian, which is what .mcz stores */
	mc_pfnz_put(w, words, n);
	ret = mc_pfnz_finish(w, hdr);
	if (!ret) {
		fflush(o);
		*stored = (uint64_t)ftell(o);
		if (fseek(o, 0, SEEK_SET) || fwrite(hdr, 1, 32, o) != 32)
			ret = -EIO;
	}
	if (close_out(o, out, rel) || ret)
		return -EIO;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every readable file of <proc>/sys/vm as "vm.name = value" lines. */
static int capture_sysctls(const char *proc, const char *out,
			   unsigned *count)
{
	char dir[4200], path[4400];
	DIR *d;
	struct dirent *e;
	char *names[512];
	int n = 0;
	FILE *o;

	*count = 0;
	snprintf(dir, sizeof(dir), "%s/sys/vm", proc);
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < 512)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), name_cmp);
	o = open_out(out, "sys/vm.sysctl");
	if (!o)
		return -EIO;
	for (int i = 0; i < n; i++) {
		FILE *f;
		char val[512];
		size_t r;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "r");
		if (f) {
			r = fread(val, 1, sizeof(val) - 1, f);
			fclose(f);
			val[r] = 0;
			while (r && (val[r - 1] == '\n' || val[r - 1] == ' '))
				val[--r] = 0;
			if (r && !strchr(val, '\n')) {
				fprintf(o, "vm.%s = %s\n", names[i], val);
				(*count)++;
			}
		}
		free(names[i]);
	}
	return close_out(o, out, "sys/vm.sysctl");
}

static int capture_page_owner(const char *src, const char *out,
			      uint64_t *raw, uint64_t *stored)
{
	FILE *in = fopen(src, "rb");
	char path[4200], buf[65536];
	gzFile g;
	size_t r;
	struct stat st;

	if (!in)
		return -errno;
	snprintf(path, sizeof(path), "%s/page_owner.gz", out);
	g = gzopen(path, "wb6");
	if (!g) {
		fclose(in);
		return -EIO;
	}
	*raw = 0;
	while ((r = fread(buf, 1, sizeof(buf), in)) > 0) {
		gzwrite(g, buf, (unsigned)r);
		*raw += r;
	}
	fclose(in);
	if (gzclose(g) != Z_OK)
		return -EIO;
	*stored = stat(path, &st) ? 0 : (uint64_t)st.st_size;
	return 0;
}

static uint64_t file_size(const char *out, const char *rel)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", out, rel);
	return stat(path, &st) ? 0 : (uint64_t)st.st_size;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_manifest(const char *out, struct manifest *mf)
{
	FILE *o = open_out(out, "manifest");

	if (!o || !mf->text)
		return -EIO;
	fwrite(mf->text, 1, mf->len, o);
	return close_out(o, out, "manifest");
}

/* The THP settings a snapshot carries in sys/sysfs (paths under /sys). */
static const char *const thp_files[] = {
	"kernel/mm/transparent_hugepage/enabled",
	"kernel/mm/transparent_hugepage/defrag",
};

int snapshot_capture(const struct capture_opts *o)
{
	static const char *const texts[] = {
		"zoneinfo", "buddyinfo", "pagetypeinfo", "vmstat", "iomem",
	};
	struct manifest mf = { 0 };
	struct utsname u;
	char src[4200], why[8800], release[256] = "unknown", tbuf[64];
	uint64_t nflags = 0, ncount = 0, sflags = 0, scount = 0;
	double t0 = now_s(), t_words;
	time_t now = time(NULL);
	unsigned nsysctl = 0;
	long r;
	int ret;

	if ((ret = prepare_out(o->out)))
		return ret;
	mf_add(&mf, "memcompact-snapshot 1\n");
	mf_add(&mf, "source: live\n");
	snprintf(src, sizeof(src), "%s/sys/kernel/osrelease", o->proc);
	{
		FILE *f = fopen(src, "r");

		if (f) {
			if (fgets(release, sizeof(release), f))
				release[strcspn(release, "\n")] = 0;
			fclose(f);
		} else if (!uname(&u)) {
			snprintf(release, sizeof(release), "%s", u.release);
		}
	}
	mf_add(&mf, "kernel: %s\n", release);
	mf_add(&mf, "model_kernel: %s\n", MEMCOMPACT_KERNEL_VERSION);
	if (!uname(&u)) {
		mf_add(&mf, "machine: %s\n", u.machine);
		mf_add(&mf, "hostname: %s\n", u.nodename);
	}
	mf_add(&mf, "page_size: %ld\n", sysconf(_SC_PAGESIZE));
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	mf_add(&mf, "time: %s\n", tbuf);
	mf_add(&mf, "tool: memcompact %s\n", mc_version());

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char rel[64];

		snprintf(src, sizeof(src), "%s/%s", o->proc, texts[i]);
		snprintf(rel, sizeof(rel), "proc/%s", texts[i]);
		r = copy_text(src, o->out, rel, why, sizeof(why));
		if (r < 0) {
			if (!strcmp(texts[i], "zoneinfo")) {
				cli_error("%s", why);
				free(mf.text);
				return (int)r;
			}
			mf_add(&mf, "missing: %s: %s\n", rel, why);
		} else {
			mf_add(&mf, "file: %s %ld\n", rel, r);
		}
	}
	if (!capture_sysctls(o->proc, o->out, &nsysctl))
		mf_add(&mf, "file: sys/vm.sysctl %u settings\n", nsysctl);
	else
		mf_add(&mf, "missing: sys/vm.sysctl: %s/sys/vm unreadable\n",
		       o->proc);

	/* buddyinfo once more, just before the pfn walk: the one the import
	 * compares with */
	snprintf(src, sizeof(src), "%s/buddyinfo", o->proc);
	copy_text(src, o->out, "proc/buddyinfo", why, sizeof(why));
	/* the THP settings: THP faults compact as they say */
	{
		FILE *sf = open_out(o->out, "sys/sysfs");
		unsigned nsysfs = 0;

		for (size_t i = 0; sf && i < sizeof(thp_files) / sizeof(thp_files[0]);
		     i++) {
			char p2[4400], val[256];
			FILE *f;

			snprintf(p2, sizeof(p2), "%s/%s", o->sysfs, thp_files[i]);
			f = fopen(p2, "r");
			if (!f)
				continue;
			if (fgets(val, sizeof(val), f)) {
				val[strcspn(val, "\n")] = 0;
				fprintf(sf, "%s = %s\n", thp_files[i], val);
				nsysfs++;
			}
			fclose(f);
		}
		if (sf && !close_out(sf, o->out, "sys/sysfs")) {
			if (nsysfs)
				mf_add(&mf, "file: sys/sysfs %u settings\n",
				       nsysfs);
			else {
				char p2[4400];

				snprintf(p2, sizeof(p2), "%s/sys/sysfs",
					 o->out);
				unlink(p2);
				mf_add(&mf, "missing: sys/sysfs: %s/kernel/mm/transparent_hugepage unreadable (the import keeps the boot THP settings)\n",
				       o->sysfs);
			}
		}
	}

	t_words = now_s();
	{
		char csrc[4200], why_count[8800] = "";
		uint64_t *fv, *cv;

		snprintf(src, sizeof(src), "%s/kpageflags", o->proc);
		snprintf(csrc, sizeof(csrc), "%s/kpagecount", o->proc);
		ret = read_pfn_arrays(src, csrc, &fv, &cv, &nflags, why,
				      sizeof(why), why_count,
				      sizeof(why_count));
		t_words = now_s() - t_words;
		if (ret) {
			cli_error("%s", why);
			free(mf.text);
			return ret;
		}
		/* right after the walk: did the free lists move? */
		snprintf(src, sizeof(src), "%s/buddyinfo", o->proc);
		r = copy_text(src, o->out, "proc/buddyinfo.after", why,
			      sizeof(why));
		ret = encode_words(fv, nflags, o->out, "proc/kpageflags.mcz",
				   &sflags);
		if (!ret && cv) {
			ncount = nflags;
			ret = encode_words(cv, ncount, o->out,
					   "proc/kpagecount.mcz", &scount);
		}
		free(fv);
		free(cv);
		if (ret) {
			cli_error("%s: writing the pfn arrays failed", o->out);
			free(mf.text);
			return ret;
		}
		mf_add(&mf, "pfns: %llu\n", (unsigned long long)nflags);
		mf_add(&mf, "file: proc/kpageflags.mcz raw=%llu stored=%llu\n",
		       (unsigned long long)nflags * 8,
		       (unsigned long long)sflags);
		if (cv)
			mf_add(&mf, "file: proc/kpagecount.mcz raw=%llu stored=%llu\n",
			       (unsigned long long)ncount * 8,
			       (unsigned long long)scount);
		else
			mf_add(&mf, "missing: proc/kpagecount: %s\n", why_count);
		mf_add(&mf, "pfn_read_seconds: %.3f\n", t_words);
	}

	/* did the free lists move while kpageflags was read? */
	if (r >= 0) {
		char a[4200], b[4200];
		char *x = NULL, *y = NULL;
		size_t xl = 0, yl = 0;
		FILE *f;

		snprintf(a, sizeof(a), "%s/proc/buddyinfo", o->out);
		snprintf(b, sizeof(b), "%s/proc/buddyinfo.after", o->out);
		if ((f = fopen(a, "rb"))) {
			x = calloc(1, 65536);
			xl = fread(x, 1, 65535, f);
			fclose(f);
		}
		if ((f = fopen(b, "rb"))) {
			y = calloc(1, 65536);
			yl = fread(y, 1, 65535, f);
			fclose(f);
		}
		mf_add(&mf, "buddyinfo_moved: %s\n",
		       x && y && xl == yl && !memcmp(x, y, xl) ? "no" :
		       "yes (free lists changed during the capture)");
		free(x);
		free(y);
	}

	if (o->page_owner) {
		uint64_t raw = 0, stored = 0;

		snprintf(src, sizeof(src), "%s/page_owner", o->debugfs);
		ret = capture_page_owner(src, o->out, &raw, &stored);
		if (!ret) {
			mf_add(&mf, "file: page_owner.gz raw=%llu stored=%llu\n",
			       (unsigned long long)raw,
			       (unsigned long long)stored);
		} else {
			bool mounted = false;
			DIR *d = opendir(o->debugfs);

			if (d) {
				struct dirent *e;

				while ((e = readdir(d)))
					if (e->d_name[0] != '.')
						mounted = true;
				closedir(d);
			}
			char cmdline[4096] = "", cpath[4200];
			FILE *cf;
			bool asked;

			snprintf(cpath, sizeof(cpath), "%s/cmdline", o->proc);
			if ((cf = fopen(cpath, "r"))) {
				if (!fgets(cmdline, sizeof(cmdline), cf))
					cmdline[0] = 0;
				fclose(cf);
			}
			asked = strstr(cmdline, "page_owner=on") != NULL;
			mf_add(&mf, "missing: page_owner: %s: %s%s\n", src,
			       ret != -ENOENT ? strerror(-ret) :
			       mounted ?
			       "not offered (kernel without CONFIG_PAGE_OWNER, or booted without page_owner=on)" :
			       "debugfs is not mounted there",
			       ret == -ENOENT && !mounted && !asked ?
			       "; and the kernel command line has no page_owner=on, so it would not be offered" :
			       "");
		}
	} else {
		mf_add(&mf, "missing: page_owner: not requested (--no-page-owner)\n");
	}
	mf_add(&mf, "capture_seconds: %.3f\n", now_s() - t0);
	ret = write_manifest(o->out, &mf);
	if (!o->quiet && !ret)
		fprintf(stderr,
			"memcompact snapshot: %s: %llu pfns, kpageflags %llu -> %llu bytes, %.1f s\n",
			o->display ? o->display : o->out, (unsigned long long)nflags,
			(unsigned long long)nflags * 8,
			(unsigned long long)sflags, now_s() - t0);
	free(mf.text);
	return ret;
}

/* ---- export ------------------------------------------------------------- */

struct sysctl_out {
	struct mc_machine *m;
	FILE *f;
	unsigned n;
};

static int export_sysctl(void *ctx, const char *name, unsigned mode)
{
	struct sysctl_out *so = ctx;
	char val[512];
	size_t l;

	if (!(mode & 0444) || mc_sysctl_read(so->m, name, val, sizeof(val)) < 0)
		return 0;
	l = strlen(val);
	while (l && val[l - 1] == '\n')
		val[--l] = 0;
	fprintf(so->f, "%s = %s\n", name, val);
	so->n++;
	return 0;
}

static int export_words(struct mc_machine *m, const char *out,
			const char *base, bool compact, bool flags,
			uint64_t *stored)
{
	char rel[64];
	FILE *f;
	int ret;

	snprintf(rel, sizeof(rel), "proc/%s%s", base, compact ? ".mcz" : "");
	f = open_out(out, rel);
	if (!f)
		return -EIO;
	if (!compact) {
		ret = flags ? mc_export_kpageflags(m, fwrite_cb, f) :
			      mc_export_kpagecount(m, fwrite_cb, f);
	} else {
		/* encode from a raw image in memory: simple and bounded by
		 * the machine's size */
		struct {
			char *p;
			size_t len;
		} raw = { 0 };
		struct mc_pfnz *w = mc_pfnz_writer(fwrite_cb, f);
		unsigned char hdr[32];

		ret = -ENOMEM;
		if (w) {
			FILE *mem = open_memstream(&raw.p, &raw.len);

			if (mem) {
				ret = flags ?
				      mc_export_kpageflags(m, fwrite_cb, mem) :
				      mc_export_kpagecount(m, fwrite_cb, mem);
				fclose(mem);
			}
			if (!ret) {
				for (size_t i = 0; i + 8 <= raw.len; i += 8) {
					uint64_t v = 0;

					for (int b = 7; b >= 0; b--)
						v = v << 8 |
						    (unsigned char)raw.p[i + b];
					mc_pfnz_put(w, &v, 1);
				}
			}
			ret = mc_pfnz_finish(w, hdr) ? -EIO : ret;
			if (!ret) {
				fflush(f);
				if (fseek(f, 0, SEEK_SET) ||
				    fwrite(hdr, 1, 32, f) != 32)
					ret = -EIO;
			}
			free(raw.p);
		}
	}
	if (close_out(f, out, rel) || ret)
		return ret ? ret : -EIO;
	*stored = file_size(out, rel);
	return 0;
}

int snapshot_export(struct mc_machine *m, const struct export_opts *o)
{
	static const struct {
		enum mc_proc_file f;
		const char *rel;
	} files[] = {
		{ MC_PROC_ZONEINFO, "proc/zoneinfo" },
		{ MC_PROC_BUDDYINFO, "proc/buddyinfo" },
		{ MC_PROC_PAGETYPEINFO, "proc/pagetypeinfo" },
		{ MC_PROC_VMSTAT, "proc/vmstat" },
		{ MC_PROC_EXTFRAG_INDEX, "debug/extfrag/extfrag_index" },
		{ MC_PROC_UNUSABLE_INDEX, "debug/extfrag/unusable_index" },
	};
	struct manifest mf = { 0 };
	struct mc_geometry g;
	struct sysctl_out so = { m, NULL, 0 };
	uint64_t s1 = 0, s2 = 0;
	char sub[4200];
	int ret;

	if ((ret = prepare_out(o->out)))
		return ret;
	snprintf(sub, sizeof(sub), "%s/debug/extfrag", o->out);
	if (mkdir_p(sub))
		return -errno;
	mc_machine_geometry(m, &g);
	mf_add(&mf, "memcompact-snapshot 1\n");
	mf_add(&mf, "source: memcompact-export\n");
	mf_add(&mf, "kernel: %s (memcompact %s model)\n",
	       MEMCOMPACT_KERNEL_VERSION, mc_version());
	mf_add(&mf, "model_kernel: %s\n", MEMCOMPACT_KERNEL_VERSION);
	mf_add(&mf, "page_size: %lu\n", 1UL << g.page_shift);
	/* the machine's clock, not the wall clock: exports are
	 * deterministic */
	mf_add(&mf, "time: machine clock %llu ns\n",
	       (unsigned long long)mc_clock_ns(m));
	mf_add(&mf, "tool: memcompact %s\n", mc_version());
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = open_out(o->out, files[i].rel);

		if (!f)
			goto fail;
		mc_proc_render(m, files[i].f, fwrite_cb, f);
		if (close_out(f, o->out, files[i].rel))
			goto fail;
		mf_add(&mf, "file: %s %llu\n", files[i].rel,
		       (unsigned long long)file_size(o->out, files[i].rel));
	}
	so.f = open_out(o->out, "sys/vm.sysctl");
	if (!so.f)
		goto fail;
	mc_sysctl_foreach(m, export_sysctl, &so);
	if (close_out(so.f, o->out, "sys/vm.sysctl"))
		goto fail;
	mf_add(&mf, "file: sys/vm.sysctl %u settings\n", so.n);
	{
		FILE *f = open_out(o->out, "sys/sysfs");
		unsigned nsysfs = 0;

		if (!f)
			goto fail;
		for (size_t i = 0; i < sizeof(thp_files) / sizeof(thp_files[0]);
		     i++) {
			char val[256];
			size_t l;

			if (mc_sysfs_read(m, thp_files[i], val, sizeof(val)) < 0)
				continue;
			l = strlen(val);
			while (l && val[l - 1] == '\n')
				val[--l] = 0;
			fprintf(f, "%s = %s\n", thp_files[i], val);
			nsysfs++;
		}
		if (close_out(f, o->out, "sys/sysfs"))
			goto fail;
		mf_add(&mf, "file: sys/sysfs %u settings\n", nsysfs);
	}
	if (export_words(m, o->out, "kpageflags", o->compact, true, &s1) ||
	    export_words(m, o->out, "kpagecount", o->compact, false, &s2))
		goto fail;
	mf_add(&mf, "pfns: %llu\n", (unsigned long long)g.end_pfn);
	mf_add(&mf, "file: proc/kpageflags%s raw=%llu stored=%llu\n",
	       o->compact ? ".mcz" : "", (unsigned long long)g.end_pfn * 8,
	       (unsigned long long)s1);
	mf_add(&mf, "file: proc/kpagecount%s raw=%llu stored=%llu\n",
	       o->compact ? ".mcz" : "", (unsigned long long)g.end_pfn * 8,
	       (unsigned long long)s2);
	if (o->state) {
		FILE *f = open_out(o->out, "memcompact.state");

		if (!f)
			goto fail;
		mc_export_state(m, fwrite_cb, f);
		if (close_out(f, o->out, "memcompact.state"))
			goto fail;
		mf_add(&mf, "file: memcompact.state %llu\n",
		       (unsigned long long)file_size(o->out,
						     "memcompact.state"));
	} else {
		mf_add(&mf, "missing: memcompact.state: not requested (--no-state)\n");
	}
	mf_add(&mf, "missing: page_owner: a memcompact machine records no allocation stacks\n");
	mf_add(&mf, "missing: proc/iomem: every present pfn of a memcompact machine is RAM\n");
	ret = write_manifest(o->out, &mf);
	free(mf.text);
	return ret;
fail:
	free(mf.text);
	return -EIO;
}

int snapshot_export_any(struct mc_machine *m, const struct export_opts *o)
{
	struct export_opts eo = *o;
	char tmp[4096];
	int ret;

	if (!snapshot_is_archive(o->out))
		return snapshot_export(m, o);
	if (snapshot_archive_begin(o->out, tmp, sizeof(tmp)))
		return -EIO;
	eo.out = tmp;
	ret = snapshot_export(m, &eo);
	if (snapshot_archive_end(tmp, o->out, !ret) && !ret)
		ret = -EIO;
	return ret;
}

/* ---- one archive ---------------------------------------------------------- */

struct tarw {
	FILE *f;
	gzFile g;
	int err;
};

static void tw_write(struct tarw *t, const void *p, size_t n)
{
	if (t->g) {
		if (n && gzwrite(t->g, p, (unsigned)n) != (int)n)
			t->err = -EIO;
	} else if (fwrite(p, 1, n, t->f) != n) {
		t->err = -EIO;
	}
}

static void tar_header(struct tarw *t, const char *name, uint64_t size,
		       char type)
{
	unsigned char h[512] = { 0 };
	unsigned sum = 0;
	size_t nl = strlen(name);

	if (nl <= 100) {
		memcpy(h, name, nl);
	} else {	/* ustar: prefix/name split at a '/' */
		const char *sl = strchr(name + nl - 100, '/');

		memcpy(h + 345, name, (size_t)(sl - name));
		memcpy(h, sl + 1, nl - (size_t)(sl - name) - 1);
	}
	snprintf((char *)h + 100, 8, "%07o", type == '5' ? 0755 : 0644);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
	snprintf((char *)h + 136, 12, "%011o", 0);	/* mtime: deterministic */
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	tw_write(t, h, 512);
}

static int tar_add_dir(struct tarw *t, const char *root, const char *rel)
{
	char path[4400];
	struct dirent **ents;
	int n;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char sub[600], full[5000];
		struct stat st;

		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
			 ents[i]->d_name);
		free(ents[i]);
		snprintf(full, sizeof(full), "%s/%s", root, sub);
		if (stat(full, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			char dname[610];

			snprintf(dname, sizeof(dname), "%s/", sub);
			tar_header(t, dname, 0, '5');
			tar_add_dir(t, root, sub);
		} else if (S_ISREG(st.st_mode)) {
			FILE *in = fopen(full, "rb");
			char buf[65536];
			size_t r, total = 0;

			if (!in) {
				t->err = -errno;
				continue;
			}
			tar_header(t, sub, (uint64_t)st.st_size, '0');
			while ((r = fread(buf, 1, sizeof(buf), in)) > 0) {
				tw_write(t, buf, r);
				total += r;
			}
			fclose(in);
			if (total != (size_t)st.st_size)
				t->err = -EIO;
			memset(buf, 0, 512);
			if (total % 512)
				tw_write(t, buf, 512 - total % 512);
		}
	}
	free(ents);
	return t->err;
}

static int rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return unlink(path) ? -errno : 0;
	while ((e = readdir(d))) {
		char sub[4400];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		rm_rf(sub);
	}
	closedir(d);
	return rmdir(path) ? -errno : 0;
}

bool snapshot_is_archive(const char *out)
{
	size_t l = strlen(out);

	return (l > 4 && !strcmp(out + l - 4, ".tar")) ||
	       (l > 7 && !strcmp(out + l - 7, ".tar.gz")) ||
	       (l > 4 && !strcmp(out + l - 4, ".tgz"));
}

int snapshot_archive_begin(const char *out, char *tmp, size_t tlen)
{
	struct stat st;

	if (!stat(out, &st)) {
		cli_error("%s: exists (will not overwrite)", out);
		return -EEXIST;
	}
	snprintf(tmp, tlen, "%s.tmp-XXXXXX", out);
	if (!mkdtemp(tmp)) {
		cli_error("%s: cannot create a work directory: %s", tmp,
			  strerror(errno));
		return -errno;
	}
	return 0;
}

int snapshot_archive_end(const char *tmp, const char *out, bool ok)
{
	struct tarw t = { 0 };
	size_t l = strlen(out);
	bool gz = !(l > 4 && !strcmp(out + l - 4, ".tar"));
	unsigned char zero[1024] = { 0 };
	int ret = 0;

	if (ok) {
		if (gz)
			t.g = gzopen(out, "wb6");
		else
			t.f = fopen(out, "wb");
		if (!t.g && !t.f) {
			cli_error("%s: cannot create: %s", out,
				  strerror(errno));
			ret = -EIO;
		} else {
			ret = tar_add_dir(&t, tmp, "");
			tw_write(&t, zero, sizeof(zero));
			if (t.g ? gzclose(t.g) != Z_OK : fclose(t.f) != 0)
				ret = -EIO;
			if (ret || t.err) {
				cli_error("%s: writing the archive failed", out);
				unlink(out);
				ret = ret ? ret : t.err;
			}
		}
	}
	rm_rf(tmp);
	return ret;
}
