// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs.c - the sysfs files of this area, dispatched by path: the
 * per-node compact trigger here; the transparent_hugepage and hugepages
 * files register in the table below from their own files.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool isdigit_c(char c)
{
	return c >= '0' && c <= '9';
}

struct sysfs_file {
	const char *path;	/* relative to /sys; %d for a node or size */
	unsigned mode;
	int (*show)(struct mc_machine *m, int arg, char *buf, size_t len);
	int (*store)(struct mc_machine *m, int arg, const char *buf,
		     size_t len);
};

/*
 * /sys/devices/system/node/nodeN/compact (compact_store): the written text
 * is ignored; a valid node is compacted with MIGRATE_SYNC; the write
 * always reports success.
 */
static int node_compact_store(struct mc_machine *m, int nid, const char *buf,
			      size_t len)
{
	struct task_scope ts;

	(void)buf;
	if (nid >= 0 && nid < m->nr_node_ids) {
		task_enter(m, &ts, 0);
		compact_node(m->node_data[nid], false);
		task_leave(&ts);
	}
	return (int)len;
}

/* sysfs_emit(): the whole text of a file into @buf (see internal.h). */
int sysfs_emit_text(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= len)
		return -ENOSPC;
	return n;
}

static const struct sysfs_file sysfs_files[] = {
	{ "devices/system/node/node%d/compact", 0200, NULL,
	  node_compact_store },
	/* @sysfs-table: entries of other areas go here */
	/* mm/huge_memory.c: hugepage_attr */
	{ "kernel/mm/transparent_hugepage/enabled", 0644, thp_enabled_show,
	  thp_enabled_store },
	{ "kernel/mm/transparent_hugepage/defrag", 0644, thp_defrag_show,
	  thp_defrag_store },
	/* mm/hugetlb.c: hstate_attrs (the global hstate directory) */
	{ "kernel/mm/hugepages/hugepages-%dkB/nr_hugepages", 0644,
	  hugetlb_nr_hugepages_show, hugetlb_nr_hugepages_store },
	{ "kernel/mm/hugepages/hugepages-%dkB/free_hugepages", 0444,
	  hugetlb_free_hugepages_show, NULL },
	{ "kernel/mm/hugepages/hugepages-%dkB/surplus_hugepages", 0444,
	  hugetlb_surplus_hugepages_show, NULL },
	{ "kernel/mm/hugepages/hugepages-%dkB/nr_overcommit_hugepages", 0644,
	  hugetlb_nr_overcommit_show, hugetlb_nr_overcommit_store },
};

/* Match @path against @pattern with one optional %d; *arg gets it. */
static bool path_match(const char *pattern, const char *path, int *arg)
{
	const char *pct = strstr(pattern, "%d");
	size_t pre;
	char *end;
	long v;

	*arg = -1;
	if (!pct)
		return !strcmp(pattern, path);
	pre = (size_t)(pct - pattern);
	if (strncmp(pattern, path, pre) || !isdigit_c(path[pre]))
		return false;
	v = strtol(path + pre, &end, 10);
	if (strcmp(end, pct + 2) || v < 0 || v > 1 << 30)
		return false;
	*arg = (int)v;
	return true;
}

static const struct sysfs_file *sysfs_find(const char *path, int *arg)
{
	if (!strncmp(path, "/sys/", 5))
		path += 5;
	for (size_t i = 0; i < ARRAY_SIZE(sysfs_files); i++)
		if (path_match(sysfs_files[i].path, path, arg))
			return &sysfs_files[i];
	return NULL;
}

int unlocked_mc_sysfs_read(struct mc_machine *m, const char *path, char *buf,
		  size_t len)
{
	const struct sysfs_file *f;
	int arg;

	if (!m || !path || (!buf && len))
		return -EINVAL;
	f = sysfs_find(path, &arg);
	if (!f)
		return -ENOENT;
	if (!(f->mode & 0444) || !f->show)
		return -EACCES;
	return f->show(m, arg, buf, len);
}

int unlocked_mc_sysfs_write(struct mc_machine *m, const char *path, const char *value,
		   size_t len)
{
	const struct sysfs_file *f;
	int arg, ret;

	if (!m || !path || (!value && len))
		return -EINVAL;
	f = sysfs_find(path, &arg);
	if (!f)
		return -ENOENT;
	if (!(f->mode & 0222) || !f->store)
		return -EACCES;
	ret = f->store(m, arg, value, len);
	debug_check_op(m, "sysfs_write");
	return ret < 0 ? ret : 0;
}
