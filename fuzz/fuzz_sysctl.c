// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_sysctl.c - the vm.* sysctl and sysfs write parsers.
 *
 * The input is a settings file in sysctl.conf(5) syntax: "name = value"
 * lines, '#' and ';' comments, a leading '-' to ignore a failure.  A name
 * starting with "/sys/" (or "kernel/", "devices/") is written through
 * mc_sysfs_write() instead.  Every setting is written to a small machine
 * (32 MiB, 2 CPUs); each value goes to the library exactly as the file
 * holds it (the library's parsers are the kernel's: proc_dointvec,
 * kstrtoul, the THP mode names ...).  Guarantees checked:
 *  - a write returns 0 or a negative errno from the documented set;
 *  - a rejected write changes nothing: every readable vm.* tunable and
 *    sysfs file reads the same before and after (lowmem_reserve_ratio
 *    excepted: the kernel stores each number as it parses, documented);
 *  - after every accepted write the invariant checker finds nothing.
 */
#include "fuzz.h"

#include <errno.h>

#define FZ_MAX_LINES 24

static const char *const sysfs_files[] = {
	"kernel/mm/transparent_hugepage/enabled",
	"kernel/mm/transparent_hugepage/defrag",
	"kernel/mm/hugepages/hugepages-2048kB/nr_hugepages",
	"kernel/mm/hugepages/hugepages-2048kB/free_hugepages",
	"kernel/mm/hugepages/hugepages-2048kB/surplus_hugepages",
	"kernel/mm/hugepages/hugepages-2048kB/nr_overcommit_hugepages",
};

struct dump {
	struct fz_text t;
	struct mc_machine *m;
};

/* One line of the dump. */
static void dump_add(struct dump *d, const char *s)
{
	fz_text_write(&d->t, s, strlen(s));
	fz_text_write(&d->t, "\n", 1);
}

static int dump_one(void *ctx, const char *name, unsigned mode)
{
	struct dump *d = ctx;
	char val[1024];

	if (!(mode & 0444) || strstr(name, "lowmem_reserve_ratio"))
		return 0;
	FZ_ASSERT(mc_sysctl_read(d->m, name, val, sizeof(val)) >= 0,
		  "read %s", name);
	dump_add(d, name);
	dump_add(d, val);
	return 0;
}

/* Everything a write may change, as text. */
static void dump_state(struct mc_machine *m, struct dump *d)
{
	char val[1024];

	d->t.len = 0;
	d->m = m;
	mc_sysctl_foreach(m, dump_one, d);
	for (size_t i = 0; i < sizeof(sysfs_files) / sizeof(*sysfs_files);
	     i++) {
		FZ_ASSERT(mc_sysfs_read(m, sysfs_files[i], val,
					sizeof(val)) >= 0, "read %s",
			  sysfs_files[i]);
		dump_add(d, val);
	}
}

static bool errno_known(int ret)
{
	switch (ret) {
	case -EINVAL: case -ENOENT: case -EACCES: case -ERANGE:
	case -EOVERFLOW: case -ENOMEM: case -EBUSY:
		return true;
	}
	return false;
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
			   (*e)[-1] == '\r'))
		(*e)--;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mc_machine *m;
	static struct mc_machine_desc desc;
	struct mc_options o = { .seed = 7 };
	struct dump before = { 0 }, after = { 0 };
	const char *p = (const char *)data, *end = p + size;
	struct mc_error err;
	int lines = 0;

	if (!desc.nr_nodes)
		fz_small_pc(&desc, "pc 32M", 1, 2);
	FZ_ASSERT(mc_machine_create(&desc, &o, &m, &err) == 0, "create");

	while (p < end && lines < FZ_MAX_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *s = p, *eq;
		char name[256];
		size_t nlen;
		bool is_sysfs;
		int ret;

		p = nl ? nl + 1 : end;
		lines++;
		trim(&s, &le);
		if (s == le || *s == '#' || *s == ';')
			continue;
		if (*s == '-')
			s++;
		eq = memchr(s, '=', (size_t)(le - s));
		if (!eq)
			continue;
		{
			const char *ne = eq, *ns = s, *vs = eq + 1, *ve = le;

			trim(&ns, &ne);
			trim(&vs, &ve);
			nlen = (size_t)(ne - ns);
			if (nlen >= sizeof(name))
				continue;
			memcpy(name, ns, nlen);
			name[nlen] = '\0';
			is_sysfs = !strncmp(name, "/sys/", 5) ||
				   !strncmp(name, "kernel/", 7) ||
				   !strncmp(name, "devices/", 8);
			dump_state(m, &before);
			if (is_sysfs)
				ret = mc_sysfs_write(m, name, vs,
						     (size_t)(ve - vs));
			else
				ret = mc_sysctl_write(m, name, vs,
						      (size_t)(ve - vs));
		}
		FZ_ASSERT(ret >= 0 || errno_known(ret),
			  "write %s: unexpected result %d", name, ret);
		if (ret < 0) {
			dump_state(m, &after);
			FZ_ASSERT(after.t.len == before.t.len &&
				  !memcmp(after.t.buf, before.t.buf,
					  after.t.len),
				  "rejected write of %s (%d) changed the "
				  "state:\n%s\n---\n%s", name, ret,
				  before.t.buf, after.t.buf);
		}
		fz_check(m, name);
	}
	free(before.t.buf);
	free(after.t.buf);
	mc_machine_destroy(m);
	m = NULL;
	return 0;
}
