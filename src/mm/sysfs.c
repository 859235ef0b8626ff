// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs.c - the sysfs files of this area, dispatched by path: the
 * per-node compact trigger here; the transparent_hugepage and hugepages
 * files register in the table below from their own files.
 */
#include "mm/internal.h"

#include <errno.h>
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

static const struct sysfs_file sysfs_files[] = {
	{ "devices/system/node/node%d/compact", 0200, NULL,
	  node_compact_store },
	/* @sysfs-table: entries of other areas go here */
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

int mc_sysfs_read(struct mc_machine *m, const char *path, char *buf,
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

int mc_sysfs_write(struct mc_machine *m, const char *path, const char *value,
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
