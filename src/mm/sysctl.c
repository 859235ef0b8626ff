// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl.c - the vm.* tunables: names, defaults, ranges, validation and
 * side effects, as the kernel's ctl_table handlers define them.
 *
 * One table, vm_table[], holds every knob in the order `sysctl -a` lists
 * them (the kernel keeps a sysctl directory in an rbtree sorted by name
 * bytes).  Each entry names the int(s) it controls in struct vm_tunables,
 * its mode, its range and a handler with the kernel's calling convention:
 * a write hands the handler a private NUL-terminated copy of the text (the
 * kernel's kbuf), a read hands it a buffer to fill.  The handlers are
 * written after kernel/sysctl.c's proc_dointvec family and the handlers of
 * mm/page_alloc.c, mm/compaction.c, mm/util.c and mm/vmstat.c; to add a
 * knob, add its field to struct vm_tunables, its default below and one
 * entry (with a new handler if it has side effects) in name order.
 *
 * Parsing is the kernel's __do_proc_dointvec to the byte:
 *  - leading whitespace (the kernel's isspace: \t \n \v \f \r, space and
 *    0xa0) is skipped before every number;
 *  - a number is an optional '-' then strtoul(base 0) digits: "0x14" is
 *    hexadecimal, "024" octal; "+5", "-", "0x" alone are rejected;
 *  - a number (sign included) of 21 characters or more is rejected: the
 *    kernel parses through a 22-byte buffer and cannot tell where it ends;
 *  - right after a number only ' ', '\t' or '\n' (or the end) may follow:
 *    "20abc" and "20\r" are rejected;
 *  - once every int of the knob has a value the rest is not looked at:
 *    "20 30" (and "20 junk") set a single-int knob to 20 and succeed.  The
 *    kernel reports a short write there; the writer's stdio writes the rest
 *    at a non-zero offset, which kernel.sysctl_writes_strict = 1 ignores;
 *  - a text of nothing but whitespace is rejected;
 *  - only the first PAGE_SIZE - 1 bytes are parsed.
 * A rejected write leaves the value as it was and runs no side effect.  A
 * 0-byte write is a no-op returning 0 for every knob (kernel-spec 7; the
 * kernel's VFS would still call the handler, which for min_free_kbytes or
 * lowmem_reserve_ratio recomputes, and for compact_memory acts on the
 * value stored last).
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text a read produces: five ints, tabs, newline. */
#define SYSCTL_TEXT_MAX		128
/* The kernel's TMPBUFLEN in proc_get_long(). */
#define SYSCTL_NUM_BUF		22

/* mm/util.c: vm.overcommit_memory values (include/uapi/linux/mman.h). */
#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2

struct vm_sysctl;

/*
 * A handler as the kernel's proc_handler: @write selects the direction.
 * Write: @buffer is a NUL-terminated copy of the text, *@lenp its length.
 * Read: @buffer has room for *@lenp bytes; set *@lenp to the bytes made.
 * Returns 0 or a negative errno.
 */
typedef int (*vm_sysctl_handler)(struct mc_machine *m,
				 const struct vm_sysctl *t, int write,
				 char *buffer, size_t *lenp);

struct vm_sysctl {
	const char *procname;	/* the name under vm. */
	unsigned int mode;	/* 0644, 0200 (write only), 0444 (read only) */
	size_t offset;		/* of the first int in struct vm_tunables */
	unsigned int nr;	/* ints at @offset; 0: no int data */
	bool has_min, has_max;	/* the kernel's extra1 / extra2 */
	int min, max;
	vm_sysctl_handler handler;
};

/* ---- parsing and printing ints (kernel/sysctl.c) ------------------------- */

/* The kernel's isspace() (lib/ctype.c): 0xa0 is a space in its table. */
static bool sysctl_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* What may follow a number: proc_wspace_sep[]. */
static bool sysctl_is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool sysctl_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static void sysctl_skip_spaces(const char **p, size_t *left)
{
	while (*left && sysctl_isspace((unsigned char)**p)) {
		(*p)++;
		(*left)--;
	}
}

/* Value of a digit in base 16 and below, or 16 for "not a digit". */
static unsigned int sysctl_digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned int)(c - 'A' + 10);
	return 16;
}

/*
 * strtoul with base 0 over the NUL-terminated @s, as the kernel's
 * strtoul_lenient(): "0x" followed by a hex digit selects base 16, another
 * leading 0 base 8, else base 10.  Returns a pointer past the digits, or
 * NULL when the value does not fit an unsigned long.
 */
static const char *sysctl_strtoul(const char *s, unsigned long *res)
{
	unsigned long long v = 0;
	unsigned int base = 10;
	bool overflow = false;

	if (s[0] == '0') {
		if ((s[1] == 'x' || s[1] == 'X') && sysctl_digit(s[2]) < 16) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	for (;; s++) {
		unsigned int d = sysctl_digit(*s);

		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow || v != (unsigned long)v)
		return NULL;
	*res = (unsigned long)v;
	return s;
}

/*
 * Read one number at *@p (the kernel's proc_get_long() with the whitespace
 * trailers): on success advance *@p and *@left past it and return 0.
 */
static int sysctl_get_long(const char **p, size_t *left, unsigned long *val,
			   bool *neg)
{
	char tmp[SYSCTL_NUM_BUF];
	size_t n = min(*left, (size_t)SYSCTL_NUM_BUF - 1);
	const char *q = tmp;
	size_t len;

	if (!*left)
		return -EINVAL;
	memcpy(tmp, *p, n);
	tmp[n] = '\0';
	*neg = false;
	if (*q == '-' && *left > 1) {
		*neg = true;
		q++;
	}
	if (!sysctl_isdigit(*q))
		return -EINVAL;
	q = sysctl_strtoul(q, val);
	if (!q)
		return -EINVAL;
	len = (size_t)(q - tmp);
	/*
	 * A number that fills the buffer may go on beyond it: rather than
	 * accept "1234...a" or two numbers as one, refuse it.
	 */
	if (len == SYSCTL_NUM_BUF - 1)
		return -EINVAL;
	if (len < *left && !sysctl_is_sep(*q))
		return -EINVAL;
	*p += len;
	*left -= len;
	return 0;
}

/* How text and the stored int relate: plain, or seconds over jiffies. */
enum sysctl_conv {
	CONV_INT,		/* do_proc_dointvec(_minmax)_conv */
	CONV_JIFFIES,		/* do_proc_dointvec_jiffies_conv */
};

/* Store the number (@neg, @lval) into *@valp if it converts and is in range. */
static int sysctl_conv_write(const struct vm_sysctl *t, enum sysctl_conv conv,
			     bool neg, unsigned long lval, int *valp)
{
	int v;

	if (conv == CONV_JIFFIES) {
		if (lval > INT_MAX / HZ)
			return -EINVAL;
		v = (int)(lval * HZ);
		if (neg)
			v = -v;
	} else if (neg) {
		if (lval > (unsigned long)INT_MAX + 1)
			return -EINVAL;
		v = (int)(-(long)lval);
	} else {
		if (lval > INT_MAX)
			return -EINVAL;
		v = (int)lval;
	}
	if ((t->has_min && v < t->min) || (t->has_max && v > t->max))
		return -EINVAL;
	*valp = v;
	return 0;
}

static void sysctl_conv_read(enum sysctl_conv conv, int val, bool *neg,
			     unsigned long *lval)
{
	*neg = val < 0;
	*lval = val < 0 ? -(unsigned long)val : (unsigned long)val;
	if (conv == CONV_JIFFIES)
		*lval /= HZ;
}

/* Print the @nr ints at @data tab-separated, with a newline. */
static void sysctl_intvec_read(const int *data, unsigned int nr,
			       enum sysctl_conv conv, char *buffer,
			       size_t *lenp)
{
	size_t cap = *lenp, n = 0;

	for (unsigned int i = 0; i < nr && n < cap; i++) {
		unsigned long lval;
		bool neg;
		int len;

		sysctl_conv_read(conv, data[i], &neg, &lval);
		len = snprintf(buffer + n, cap - n, "%s%s%lu", i ? "\t" : "",
			       neg ? "-" : "", lval);
		n = min(n + (size_t)max(len, 0), cap);
	}
	if (nr && n < cap)
		buffer[n++] = '\n';
	*lenp = n;
}

/*
 * The kernel's __do_proc_dointvec over the @nr ints at @data, with @t's
 * range.  Each int is stored as soon as it parses, as in the kernel: for a
 * single int that means "only on success"; an array may be left partly
 * written by a later error (only lowmem_reserve_ratio, whose handler
 * ignores errors, is an array).  Once @nr ints are stored the rest of the
 * text is not looked at.
 */
static int sysctl_do_intvec(struct mc_machine *m, const struct vm_sysctl *t,
			    int *data, unsigned int nr, enum sysctl_conv conv,
			    int write, char *buffer, size_t *lenp)
{
	const char *p = buffer;
	size_t left = *lenp;
	unsigned int i;
	int err = 0;

	if (!write) {
		sysctl_intvec_read(data, nr, conv, buffer, lenp);
		return 0;
	}
	/* The parsers look at one page at most (PAGE_SIZE - 1 bytes). */
	left = min(left, (1UL << m->page_shift) - 1);
	for (i = 0; left && i < nr; i++) {
		unsigned long lval;
		bool neg;

		sysctl_skip_spaces(&p, &left);
		if (!left)
			break;
		err = sysctl_get_long(&p, &left, &lval, &neg);
		if (err)
			break;
		if (sysctl_conv_write(t, conv, neg, lval, &data[i])) {
			err = -EINVAL;
			break;
		}
	}
	/* Nothing stored: whitespace only, or the first number was bad. */
	if (!i)
		return err ? err : -EINVAL;
	return err;
}

static int *sysctl_data(struct mc_machine *m, const struct vm_sysctl *t)
{
	return (int *)((char *)&m->sysctl + t->offset);
}

/* proc_dointvec and proc_dointvec_minmax (the range is the entry's). */
static int proc_intvec_minmax(struct mc_machine *m, const struct vm_sysctl *t,
			      int write, char *buffer, size_t *lenp)
{
	return sysctl_do_intvec(m, t, sysctl_data(m, t), t->nr, CONV_INT,
				write, buffer, lenp);
}

/* proc_dointvec_jiffies: jiffies stored, whole seconds in the text. */
static int proc_intvec_jiffies(struct mc_machine *m, const struct vm_sysctl *t,
			       int write, char *buffer, size_t *lenp)
{
	return sysctl_do_intvec(m, t, sysctl_data(m, t), t->nr, CONV_JIFFIES,
				write, buffer, lenp);
}

/* ---- handlers with side effects ------------------------------------------ */

/* mm/page_alloc.c:min_free_kbytes_sysctl_handler */
static int min_free_kbytes_handler(struct mc_machine *m,
				   const struct vm_sysctl *t, int write,
				   char *buffer, size_t *lenp)
{
	int rc = proc_intvec_minmax(m, t, write, buffer, lenp);

	if (rc)
		return rc;
	if (write) {
		/* calculate_min_free_kbytes() keeps a larger user value. */
		m->sysctl.user_min_free_kbytes = m->sysctl.min_free_kbytes;
		setup_per_zone_wmarks(m);
	}
	return 0;
}

/* mm/page_alloc.c:watermark_scale_factor_sysctl_handler */
static int watermark_scale_factor_handler(struct mc_machine *m,
					  const struct vm_sysctl *t,
					  int write, char *buffer,
					  size_t *lenp)
{
	int rc = proc_intvec_minmax(m, t, write, buffer, lenp);

	if (rc)
		return rc;
	if (write)
		setup_per_zone_wmarks(m);
	return 0;
}

/*
 * mm/page_alloc.c:lowmem_reserve_ratio_sysctl_handler.  The kernel ignores
 * what the parser says: whatever parsed before an error stays, anything
 * below 1 becomes 0, the protections are recomputed and the write reports
 * success.  It recomputes on reads too (the same numbers, unless managed
 * pages changed since).
 */
static int lowmem_reserve_ratio_handler(struct mc_machine *m,
					const struct vm_sysctl *t, int write,
					char *buffer, size_t *lenp)
{
	int *ratio = m->sysctl.lowmem_reserve_ratio;

	proc_intvec_minmax(m, t, write, buffer, lenp);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (ratio[i] < 1)
			ratio[i] = 0;
	setup_per_zone_lowmem_reserve(m);
	return 0;
}

/*
 * mm/page_alloc.c:percpu_pagelist_high_fraction_sysctl_handler.  0 means
 * "size pcp->high from the low watermark, auto-tuned"; a fraction below
 * MIN_PERCPU_PAGELIST_HIGH_FRACTION would let the per-cpu lists hold too
 * much of a zone, so it is refused and the old value put back.
 */
static int percpu_pagelist_high_fraction_handler(struct mc_machine *m,
						 const struct vm_sysctl *t,
						 int write, char *buffer,
						 size_t *lenp)
{
	int *fraction = &m->sysctl.percpu_pagelist_high_fraction;
	int old = *fraction;
	int ret;

	if (!write)
		return proc_intvec_minmax(m, t, write, buffer, lenp);
	ret = proc_intvec_minmax(m, t, write, buffer, lenp);
	if (ret < 0)
		return ret;
	if (*fraction && *fraction < MIN_PERCPU_PAGELIST_HIGH_FRACTION) {
		*fraction = old;
		return -EINVAL;
	}
	if (*fraction == old)
		return 0;
	/*
	 * The kernel walks the populated zones here; empty ones get the
	 * same refresh from every setup_per_zone_wmarks() and /proc/zoneinfo
	 * does not show their pagesets, so refreshing every zone is
	 * equivalent there (mc_zone_stats() of an empty zone may differ).
	 */
	zone_pcp_update_all(m);
	return 0;
}

/* mm/compaction.c:compaction_proactiveness_sysctl_handler */
static int compaction_proactiveness_handler(struct mc_machine *m,
					    const struct vm_sysctl *t,
					    int write, char *buffer,
					    size_t *lenp)
{
	int old = m->sysctl.compaction_proactiveness;
	int rc = proc_intvec_minmax(m, t, write, buffer, lenp);

	if (rc)
		return rc;
	/* Every non-zero write kicks kcompactd, even an unchanged value. */
	if (write && m->sysctl.compaction_proactiveness)
		compaction_proactiveness_changed(m, old,
					m->sysctl.compaction_proactiveness);
	return 0;
}

/*
 * mm/compaction.c:sysctl_compaction_handler.  Any integer is stored (the
 * file is write-only, so nobody sees it), but only 1 compacts; the others
 * return -EINVAL after being stored.
 */
static int compact_memory_handler(struct mc_machine *m,
				  const struct vm_sysctl *t, int write,
				  char *buffer, size_t *lenp)
{
	int ret = proc_intvec_minmax(m, t, write, buffer, lenp);

	if (ret)
		return ret;
	if (m->sysctl.compact_memory != 1)
		return -EINVAL;
	if (write)
		ret = compact_nodes(m);
	return ret;
}

/*
 * fs/drop_caches.c:drop_caches_sysctl_handler: 1..4 (proc_dointvec_minmax);
 * bit 1 drops clean page cache, bit 2 reclaimable slab (vmscan.c).  The
 * file is write-only, so the value needs no home.
 */
static int drop_caches_handler(struct mc_machine *m, const struct vm_sysctl *t,
			       int write, char *buffer, size_t *lenp)
{
	int val = 0;
	int ret = sysctl_do_intvec(m, t, &val, 1, CONV_INT, write, buffer,
				   lenp);

	if (ret)
		return ret;
	if (write)
		drop_caches(m, val);
	return 0;
}

/*
 * mm/util.c:overcommit_policy_handler: the new policy is parsed aside and
 * switched to at the end (the kernel first adjusts vm_committed_as's batch,
 * which is not modelled).
 */
static int overcommit_memory_handler(struct mc_machine *m,
				     const struct vm_sysctl *t, int write,
				     char *buffer, size_t *lenp)
{
	int new_policy = -1;
	int ret;

	if (!write)
		return proc_intvec_minmax(m, t, write, buffer, lenp);
	ret = sysctl_do_intvec(m, t, &new_policy, 1, CONV_INT, write, buffer,
			       lenp);
	if (ret || new_policy == -1)
		return ret;
	m->sysctl.overcommit_memory = new_policy;
	return 0;
}

/*
 * mm/page_alloc.c:numa_zonelist_order_handler.  Only node order is left;
 * a write is accepted (and changes nothing) if it starts with d, D, n or
 * N, the initials of the old "default" and "node" modes.
 */
static int numa_zonelist_order_handler(struct mc_machine *m,
				       const struct vm_sysctl *t, int write,
				       char *buffer, size_t *lenp)
{
	static const char order[] = "Node\n";

	if (!write) {
		/* proc_dostring: the string and a newline. */
		memcpy(buffer, order, sizeof(order) - 1);
		*lenp = sizeof(order) - 1;
		return 0;
	}
	switch (buffer[0]) {
	case 'd':
	case 'D':
	case 'n':
	case 'N':
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * The hugetlb knobs (mm/hugetlb.c) hold an unsigned long and parse it with
 * proc_doulongvec_minmax over a copy (proc_hugetlb_doulongvec_minmax):
 * the int rules above, except that a minus sign is refused (-EINVAL, even
 * "-0") and any unsigned long is in range.  Reads print "%lu\n".
 */
static int sysctl_do_ulong(struct mc_machine *m, unsigned long *val,
			   int write, char *buffer, size_t *lenp)
{
	const char *p = buffer;
	size_t left = *lenp;
	unsigned long lval;
	bool neg;
	int len;

	if (!write) {
		len = snprintf(buffer, *lenp, "%lu\n", *val);
		*lenp = min((size_t)max(len, 0), *lenp);
		return 0;
	}
	left = min(left, (1UL << m->page_shift) - 1);
	sysctl_skip_spaces(&p, &left);
	if (!left)
		return -EINVAL;
	if (sysctl_get_long(&p, &left, &lval, &neg) || neg)
		return -EINVAL;
	*val = lval;
	return 0;
}

/* mm/hugetlb.c:hugetlb_sysctl_handler_common (obey_mempolicy false):
 * reads show max_huge_pages, writes resize the pool (hugetlb.c). */
static int nr_hugepages_handler(struct mc_machine *m,
				const struct vm_sysctl *t, int write,
				char *buffer, size_t *lenp)
{
	unsigned long tmp = hugetlb_sysctl_max_huge_pages(m);
	int ret;

	(void)t;
	ret = sysctl_do_ulong(m, &tmp, write, buffer, lenp);
	if (ret || !write)
		return ret;
	return hugetlb_sysctl_set_nr_hugepages(m, tmp);
}

/* mm/hugetlb.c:hugetlb_overcommit_handler */
static int nr_overcommit_hugepages_handler(struct mc_machine *m,
					   const struct vm_sysctl *t,
					   int write, char *buffer,
					   size_t *lenp)
{
	unsigned long tmp = hugetlb_sysctl_nr_overcommit(m);
	int ret;

	(void)t;
	ret = sysctl_do_ulong(m, &tmp, write, buffer, lenp);
	if (ret || !write)
		return ret;
	return hugetlb_sysctl_set_nr_overcommit(m, tmp);
}

/* ---- the table ----------------------------------------------------------- */

#define VM_INTS(field)							\
	.offset = offsetof(struct vm_tunables, field),			\
	.nr = sizeof(((struct vm_tunables *)0)->field) / sizeof(int)
#define VM_RANGE(lo, hi)						\
	.has_min = true, .min = (lo), .has_max = true, .max = (hi)
#define VM_MIN(lo)	.has_min = true, .min = (lo)

/*
 * Sorted by name bytes, as sysctl -a shows /proc/sys/vm ("compact_" sorts
 * before "compacti").  Knobs under CONFIG_NUMA are present: Debian's amd64
 * config has it.
 */
static const struct vm_sysctl vm_table[] = {
	{
		.procname	= "compact_memory",
		.mode		= 0200,
		VM_INTS(compact_memory),
		.handler	= compact_memory_handler,
	},
	{
		.procname	= "compact_unevictable_allowed",
		.mode		= 0644,
		VM_INTS(compact_unevictable_allowed),
		VM_RANGE(0, 1),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "compaction_proactiveness",
		.mode		= 0644,
		VM_INTS(compaction_proactiveness),
		VM_RANGE(0, 100),
		.handler	= compaction_proactiveness_handler,
	},
	{
		/* The kernel's handler also zeroes dirty_background_bytes,
		 * which is not modelled. */
		.procname	= "dirty_background_ratio",
		.mode		= 0644,
		VM_INTS(dirty_background_ratio),
		VM_RANGE(0, 100),
		.handler	= proc_intvec_minmax,
	},
	{
		/* Also zeroes dirty_bytes on a change: not modelled. */
		.procname	= "dirty_ratio",
		.mode		= 0644,
		VM_INTS(dirty_ratio),
		VM_RANGE(0, 100),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "drop_caches",
		.mode		= 0200,
		VM_RANGE(1, 4),
		.handler	= drop_caches_handler,
	},
	{
		.procname	= "extfrag_threshold",
		.mode		= 0644,
		VM_INTS(extfrag_threshold),
		VM_RANGE(0, 1000),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "lowmem_reserve_ratio",
		.mode		= 0644,
		VM_INTS(lowmem_reserve_ratio),
		.handler	= lowmem_reserve_ratio_handler,
	},
	{
		/*
		 * Ours, not a 6.12 knob: how long kcompactd sleeps between
		 * proactive checks (HZ / 2 in the kernel).  The name keeps
		 * the seeds' /sys/kernel/mm/compaction/
		 * kcompactd_sleep_millisecs meaning.
		 */
		.procname	= "memcompact_kcompactd_sleep_millisecs",
		.mode		= 0644,
		VM_INTS(kcompactd_sleep_millisecs),
		VM_RANGE(1, 60000),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "min_free_kbytes",
		.mode		= 0644,
		VM_INTS(min_free_kbytes),
		VM_MIN(0),
		.handler	= min_free_kbytes_handler,
	},
	{
		/* The kernel recomputes pgdat->min_slab_pages (node reclaim,
		 * not modelled) on every read and write. */
		.procname	= "min_slab_ratio",
		.mode		= 0644,
		VM_INTS(min_slab_ratio),
		VM_RANGE(0, 100),
		.handler	= proc_intvec_minmax,
	},
	{
		/* Likewise pgdat->min_unmapped_pages. */
		.procname	= "min_unmapped_ratio",
		.mode		= 0644,
		VM_INTS(min_unmapped_ratio),
		VM_RANGE(0, 100),
		.handler	= proc_intvec_minmax,
	},
	{
		/* unsigned long, no range: vm_tunables holds no copy */
		.procname	= "nr_hugepages",
		.mode		= 0644,
		.handler	= nr_hugepages_handler,
	},
	{
		.procname	= "nr_overcommit_hugepages",
		.mode		= 0644,
		.handler	= nr_overcommit_hugepages_handler,
	},
	{
		.procname	= "numa_zonelist_order",
		.mode		= 0644,
		.handler	= numa_zonelist_order_handler,
	},
	{
		.procname	= "overcommit_memory",
		.mode		= 0644,
		VM_INTS(overcommit_memory),
		VM_RANGE(OVERCOMMIT_GUESS, OVERCOMMIT_NEVER),
		.handler	= overcommit_memory_handler,
	},
	{
		.procname	= "percpu_pagelist_high_fraction",
		.mode		= 0644,
		VM_INTS(percpu_pagelist_high_fraction),
		VM_MIN(0),
		.handler	= percpu_pagelist_high_fraction_handler,
	},
	{
		/* No range: negative seconds are stored as they are. */
		.procname	= "stat_interval",
		.mode		= 0644,
		VM_INTS(stat_interval),
		.handler	= proc_intvec_jiffies,
	},
	{
		.procname	= "swappiness",
		.mode		= 0644,
		VM_INTS(swappiness),
		VM_RANGE(0, 200),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "vfs_cache_pressure",
		.mode		= 0644,
		VM_INTS(vfs_cache_pressure),
		VM_MIN(0),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "watermark_boost_factor",
		.mode		= 0644,
		VM_INTS(watermark_boost_factor),
		VM_MIN(0),
		.handler	= proc_intvec_minmax,
	},
	{
		.procname	= "watermark_scale_factor",
		.mode		= 0644,
		VM_INTS(watermark_scale_factor),
		VM_RANGE(1, 3000),
		.handler	= watermark_scale_factor_handler,
	},
	{
		.procname	= "zone_reclaim_mode",
		.mode		= 0644,
		VM_INTS(zone_reclaim_mode),
		VM_MIN(0),
		.handler	= proc_intvec_minmax,
	},
};

/* Defaults of Linux 6.12 with Debian's amd64 config. */
void sysctl_init_defaults(struct mc_machine *m)
{
	struct vm_tunables *t = &m->sysctl;

	t->min_free_kbytes = 1024;	/* recomputed at boot */
	t->user_min_free_kbytes = -1;
	t->watermark_scale_factor = 10;
	t->watermark_boost_factor = 15000;
	t->lowmem_reserve_ratio[ZONE_DMA] = 256;
	t->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	t->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	t->lowmem_reserve_ratio[ZONE_MOVABLE] = 0;
	t->lowmem_reserve_ratio[ZONE_DEVICE] = 0;
	t->percpu_pagelist_high_fraction = 0;
	t->extfrag_threshold = 500;
	t->compaction_proactiveness = 20;
	t->compact_unevictable_allowed = 1;	/* 0 on PREEMPT_RT */
	t->compact_memory = 0;
	t->zone_reclaim_mode = 0;
	t->stat_interval = HZ;			/* jiffies: 1 second */
	t->kcompactd_sleep_millisecs = 500;	/* HZ / 2 */
	t->min_unmapped_ratio = 1;
	t->min_slab_ratio = 5;
	t->swappiness = 60;
	t->vfs_cache_pressure = 100;
	t->dirty_ratio = 20;
	t->dirty_background_ratio = 10;
	t->overcommit_memory = OVERCOMMIT_GUESS;
	/* and the THP and hugetlb knobs of sysfs (huge_memory.c, hugetlb.c) */
	thp_init_defaults(m);
	hugetlb_init_defaults(m);
}

/* ---- the public interface ------------------------------------------------ */

/* "vm.x", "vm/x" or "/proc/sys/vm/x" -> the entry for x, or NULL. */
static const struct vm_sysctl *sysctl_find(const char *name)
{
	static const char *const prefixes[] = { "/proc/sys/vm/", "vm/", "vm." };
	const char *leaf = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(name, prefixes[i], n)) {
			leaf = name + n;
			break;
		}
	}
	if (!leaf)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(vm_table); i++)
		if (!strcmp(leaf, vm_table[i].procname))
			return &vm_table[i];
	return NULL;
}

/*
 * The kernel's sysctl permission test for root: the owner bits decide,
 * capabilities or not (0200 is unreadable, 0444 unwritable, -EACCES).
 */
static bool sysctl_may(const struct vm_sysctl *t, int write)
{
	return t->mode & (write ? 0200 : 0400);
}

int unlocked_mc_sysctl_read(struct mc_machine *m, const char *name, char *buf,
		   size_t len)
{
	const struct vm_sysctl *t;
	char text[SYSCTL_TEXT_MAX];
	size_t n = sizeof(text);
	struct task_scope ts;
	int ret;

	if (!m || !name || (!buf && len))
		return -EINVAL;
	if (len)
		buf[0] = '\0';
	t = sysctl_find(name);
	if (!t)
		return -ENOENT;
	if (!sysctl_may(t, 0))
		return -EACCES;
	task_enter(m, &ts, 0);
	ret = t->handler(m, t, 0, text, &n);
	task_leave(&ts);
	if (ret)
		return ret;
	if (n >= len)
		return -ENOSPC;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return (int)n;
}

int unlocked_mc_sysctl_write(struct mc_machine *m, const char *name, const char *value,
		    size_t len)
{
	const struct vm_sysctl *t;
	struct task_scope ts;
	size_t n;
	char *kbuf;
	int ret;

	if (!m || !name || (!value && len))
		return -EINVAL;
	t = sysctl_find(name);
	if (!t)
		return -ENOENT;
	if (!sysctl_may(t, 1))
		return -EACCES;
	if (!len)
		return 0;
	/*
	 * The handler gets its own NUL-terminated copy, as the kernel's do.
	 * No parser reads past PAGE_SIZE - 1 bytes, so neither do we copy.
	 */
	n = min(len, (1UL << m->page_shift) - 1);
	kbuf = malloc(n + 1);
	if (!kbuf)
		return -ENOMEM;
	memcpy(kbuf, value, n);
	kbuf[n] = '\0';
	task_enter(m, &ts, 0);
	ret = t->handler(m, t, 1, kbuf, &n);
	task_leave(&ts);
	free(kbuf);
	debug_check_op(m, "sysctl_write");
	return ret;
}

int unlocked_mc_sysctl_foreach(struct mc_machine *m, mc_sysctl_fn fn, void *ctx)
{
	char name[64];

	if (!m || !fn)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(vm_table); i++) {
		int ret;

		snprintf(name, sizeof(name), "vm.%s", vm_table[i].procname);
		ret = fn(ctx, name, vm_table[i].mode);
		if (ret)
			return ret;
	}
	return 0;
}
