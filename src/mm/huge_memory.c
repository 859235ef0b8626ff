// SPDX-License-Identifier: GPL-2.0-only
/*
 * huge_memory.c - transparent huge pages at fault time (mm/huge_memory.c,
 * with the THP branch of mm/mempolicy.c and khugepaged's watermark hook).
 *
 * This file owns the two global THP knobs, /sys/kernel/mm/
 * transparent_hugepage/enabled and .../defrag, kept as the kernel keeps
 * them: bits of transparent_hugepage_flags, shown with the active word in
 * brackets and stored with sysfs_streq() matching.  Changing "enabled"
 * restarts khugepaged in the kernel, which recomputes min_free_kbytes
 * (start_stop_khugepaged -> set_recommended_min_free_kbytes); the model has
 * no khugepaged thread but does the recomputation.
 *
 * It also owns the anonymous THP fault, mc_thp_fault(): whether THP is
 * allowed for the mapping, the gfp mask the defrag mode gives
 * (vma_thp_gfp_mask), the default mempolicy's two-step allocation
 * (alloc_pages_mpol_noprof), the thp_fault_alloc / thp_fault_fallback
 * counters, and the base-page fallback.  Every allocation goes through
 * mc_alloc_pages(), so the allocator's slow path decides on its own
 * whether to wake kswapd, compact or reclaim: the gfp mask is the whole
 * interface, as in the kernel.
 *
 * Not modelled: the huge zero page (read faults), the page table that
 * __do_huge_pmd_anonymous_page deposits with each THP (an order-0
 * GFP_PGTABLE_USER allocation, like the one a base-page fault may need for
 * its PTE table), memcg charging (thp_fault_fallback_charge), the per-size
 * mTHP knobs (their defaults leave only PMD-sized THP, "inherit"), prctl
 * and VM_NOHUGEPAGE (the caller simply does not ask for a THP), and
 * khugepaged itself.
 */
#include "mm/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static inline bool thp_test(const struct mc_machine *m,
			    enum transparent_hugepage_flag f)
{
	return m->transparent_hugepage_flags & BIT(f);
}

static inline void thp_set(struct mc_machine *m,
			   enum transparent_hugepage_flag f)
{
	m->transparent_hugepage_flags |= BIT(f);
}

static inline void thp_clear(struct mc_machine *m,
			     enum transparent_hugepage_flag f)
{
	m->transparent_hugepage_flags &= ~BIT(f);
}

/*
 * The boot value of transparent_hugepage_flags (mm/huge_memory.c): Debian
 * builds with CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS, so "enabled" starts at
 * always; defrag starts at madvise in every config; khugepaged's defrag
 * and the huge zero page are on.
 */
void thp_init_defaults(struct mc_machine *m)
{
	m->transparent_hugepage_flags =
		BIT(TRANSPARENT_HUGEPAGE_FLAG) |
		BIT(TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG) |
		BIT(TRANSPARENT_HUGEPAGE_DEFRAG_KHUGEPAGED_FLAG) |
		BIT(TRANSPARENT_HUGEPAGE_USE_ZERO_PAGE_FLAG);
}

/*
 * hugepage_global_enabled(): "always" or "madvise".  With the per-size
 * knobs at their defaults (PMD order "inherit", the others "never"), this
 * is also khugepaged.c's hugepage_pmd_enabled(): whether khugepaged runs
 * and keeps min_free_kbytes raised.
 */
static bool hugepage_global_enabled(const struct mc_machine *m)
{
	return thp_test(m, TRANSPARENT_HUGEPAGE_FLAG) ||
	       thp_test(m, TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG);
}

bool hugepage_pmd_enabled(const struct mc_machine *m)
{
	return hugepage_global_enabled(m);
}

/*
 * May this mapping fault a PMD-sized THP?  __thp_vma_allowable_orders()
 * for an anonymous VMA with TVA_ENFORCE_SYSFS and the default "inherit"
 * PMD size: the global "always", or "madvise" on a VM_HUGEPAGE mapping.
 * A machine whose PMD order is above MAX_PAGE_ORDER cannot hold one
 * (such a kernel has no THP); it gets base pages.
 */
static bool thp_vma_allowable(const struct mc_machine *m, bool madvised)
{
	if (m->hpage_pmd_order > m->max_page_order)
		return false;
	if (thp_test(m, TRANSPARENT_HUGEPAGE_FLAG))
		return true;
	return madvised && hugepage_global_enabled(m);
}

/*
 * vma_thp_gfp_mask - the defrag mode decides how hard a THP fault tries
 * (kernel-spec 7.1):
 *   always         direct reclaim/compaction; __GFP_NORETRY unless madvised
 *   defer          wake kswapd (and through it kcompactd), never stall
 *   defer+madvise  stall if madvised, else wake kswapd
 *   madvise        stall if madvised, else neither stall nor wake
 *   never          neither
 * The flags are tested in this order, as in the kernel, though a store
 * leaves exactly one of them set.
 */
gfp_t vma_thp_gfp_mask(const struct mc_machine *m, bool madvised)
{
	if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_DIRECT_FLAG))
		return GFP_TRANSHUGE | (madvised ? 0 : __GFP_NORETRY);
	if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_FLAG))
		return GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM;
	if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_OR_MADV_FLAG))
		return GFP_TRANSHUGE_LIGHT |
		       (madvised ? __GFP_DIRECT_RECLAIM :
				   __GFP_KSWAPD_RECLAIM);
	if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG))
		return GFP_TRANSHUGE_LIGHT |
		       (madvised ? __GFP_DIRECT_RECLAIM : 0);
	return GFP_TRANSHUGE_LIGHT;
}

/* ---- sysfs --------------------------------------------------------------- */

/*
 * lib/string.c:sysfs_streq(): equal, except that either string may end
 * with one newline the other lacks.
 */
static bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

/*
 * The store handlers get what kernfs hands sysfs_kf_write(): at most a
 * page of the text, NUL-terminated (a NUL inside ends it for the string
 * functions).  Returns a malloc'ed copy or NULL.
 */
static char *sysfs_kbuf(const struct mc_machine *m, const char *buf,
			size_t len)
{
	size_t n = min(len, 1UL << m->page_shift);
	char *k = malloc(n + 1);

	if (!k)
		return NULL;
	memcpy(k, buf, n);
	k[n] = '\0';
	return k;
}

int thp_enabled_show(struct mc_machine *m, int arg, char *buf, size_t len)
{
	const char *output;

	(void)arg;
	if (thp_test(m, TRANSPARENT_HUGEPAGE_FLAG))
		output = "[always] madvise never";
	else if (thp_test(m, TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG))
		output = "always [madvise] never";
	else
		output = "always madvise [never]";
	return sysfs_emit_text(buf, len, "%s\n", output);
}

/*
 * start_stop_khugepaged (mm/khugepaged.c): khugepaged runs while PMD THP
 * is enabled and the watermarks follow: set_recommended_min_free_kbytes()
 * raises min_free_kbytes for THP, or with THP off puts back the default
 * (calculate_min_free_kbytes) - on every store, changed or not.  With
 * MC_OPT_NO_THP_MINFREE the machine keeps the plain watermarks it was
 * built with: the option means "no khugepaged watermark raise", at boot
 * and here.
 */
static int start_stop_khugepaged(struct mc_machine *m)
{
	if (!(m->opts & MC_OPT_NO_THP_MINFREE))
		set_recommended_min_free_kbytes(m);
	return 0;
}

int thp_enabled_store(struct mc_machine *m, int arg, const char *buf,
		      size_t len)
{
	int ret = (int)len;
	char *k;

	(void)arg;
	/* sysfs_kf_write(): an empty write never reaches the store */
	if (!len)
		return 0;
	k = sysfs_kbuf(m, buf, len);
	if (!k)
		return -ENOMEM;
	if (sysfs_streq(k, "always")) {
		thp_clear(m, TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG);
		thp_set(m, TRANSPARENT_HUGEPAGE_FLAG);
	} else if (sysfs_streq(k, "madvise")) {
		thp_clear(m, TRANSPARENT_HUGEPAGE_FLAG);
		thp_set(m, TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG);
	} else if (sysfs_streq(k, "never")) {
		thp_clear(m, TRANSPARENT_HUGEPAGE_FLAG);
		thp_clear(m, TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG);
	} else {
		ret = -EINVAL;
	}
	free(k);
	if (ret > 0) {
		int err = start_stop_khugepaged(m);

		if (err)
			ret = err;
	}
	return ret;
}

int thp_defrag_show(struct mc_machine *m, int arg, char *buf, size_t len)
{
	const char *output;

	(void)arg;
	if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_DIRECT_FLAG))
		output = "[always] defer defer+madvise madvise never";
	else if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_FLAG))
		output = "always [defer] defer+madvise madvise never";
	else if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_OR_MADV_FLAG))
		output = "always defer [defer+madvise] madvise never";
	else if (thp_test(m, TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG))
		output = "always defer defer+madvise [madvise] never";
	else
		output = "always defer defer+madvise madvise [never]";
	return sysfs_emit_text(buf, len, "%s\n", output);
}

int thp_defrag_store(struct mc_machine *m, int arg, const char *buf,
		     size_t len)
{
	static const enum transparent_hugepage_flag defrag_flags[] = {
		TRANSPARENT_HUGEPAGE_DEFRAG_DIRECT_FLAG,
		TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_FLAG,
		TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_OR_MADV_FLAG,
		TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG,
	};
	/* The words in the kernel's order of tests ("defer+madvise" before
	 * "defer"; sysfs_streq is exact anyway); the flag each one sets. */
	static const struct {
		const char *word;
		int flag;	/* -1: none (never) */
	} words[] = {
		{ "always", TRANSPARENT_HUGEPAGE_DEFRAG_DIRECT_FLAG },
		{ "defer+madvise",
		  TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_OR_MADV_FLAG },
		{ "defer", TRANSPARENT_HUGEPAGE_DEFRAG_KSWAPD_FLAG },
		{ "madvise", TRANSPARENT_HUGEPAGE_DEFRAG_REQ_MADV_FLAG },
		{ "never", -1 },
	};
	char *k;
	size_t i;

	(void)arg;
	if (!len)
		return 0;
	k = sysfs_kbuf(m, buf, len);
	if (!k)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (sysfs_streq(k, words[i].word))
			break;
	free(k);
	if (i == ARRAY_SIZE(words))
		return -EINVAL;
	/* Exactly one defrag bit (or none for never) is left set. */
	for (size_t f = 0; f < ARRAY_SIZE(defrag_flags); f++)
		if ((int)defrag_flags[f] != words[i].flag)
			thp_clear(m, defrag_flags[f]);
	if (words[i].flag >= 0)
		thp_set(m, (enum transparent_hugepage_flag)words[i].flag);
	return (int)len;
}

/* ---- the fault ----------------------------------------------------------- */

/* Allocate one ANON folio of @order for the fault through the allocator's
 * public entry (argument checks, task context, mm_page_alloc). */
static int thp_alloc(struct mc_machine *m, const struct mc_thp_fault *f,
		     gfp_t gfp, unsigned int order, int nid, uint64_t *pfn)
{
	struct mc_alloc_request rq = {
		.gfp = gfp, .order = order, .nid = nid, .cpu = f->cpu,
		.owner = f->owner, .kind = MC_PAGE_ANON, .cookie = f->cookie,
	};

	return mc_alloc_pages(m, &rq, pfn);
}

/*
 * vma_alloc_folio(gfp, HPAGE_PMD_ORDER) under the default (local) policy,
 * alloc_pages_mpol_noprof's THP branch: a remote THP costs more in access
 * latency than it saves in TLB misses, so the local node is tried alone
 * first, and without reclaim (__GFP_NORETRY: the slow path compacts and
 * gives up; with __GFP_THISNODE it does not even reclaim).  Only a gfp
 * that allows direct reclaim (defrag always, or madvised under
 * defer+madvise / madvise) then retries the normal way: every node in
 * zonelist order, reclaim and compaction as the gfp allows.
 */
static int vma_alloc_thp(struct mc_machine *m, const struct mc_thp_fault *f,
			 gfp_t gfp, int nid, uint64_t *pfn)
{
	unsigned int order = m->hpage_pmd_order;
	int ret;

	ret = thp_alloc(m, f, gfp | __GFP_THISNODE | __GFP_NORETRY, order,
			nid, pfn);
	if (ret != -ENOMEM || !(gfp & __GFP_DIRECT_RECLAIM))
		return ret;
	return thp_alloc(m, f, gfp, order, nid, pfn);
}

/*
 * The base-page fault's folio: vma_alloc_zeroed_movable_folio() asks
 * vma_alloc_folio() for GFP_HIGHUSER_MOVABLE, which adds __GFP_COMP
 * (folio_alloc_mpol_noprof) even at order 0.  x86_64 zeroes the page
 * afterwards (the generic highmem.h version); arm64's own version asks
 * the allocator for __GFP_ZERO (arch/arm64/mm/fault.c; __GFP_ZEROTAGS too
 * for PROT_MTE mappings, which the model does not have).
 */
static gfp_t base_fault_gfp(const struct mc_machine *m)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | __GFP_COMP;

	if (!strcmp(m->desc.arch, "arm64"))
		gfp |= __GFP_ZERO;
	return gfp;
}

int unlocked_mc_thp_fault(struct mc_machine *m, const struct mc_thp_fault *f,
		 uint64_t *pfn, unsigned *order)
{
	int nid, ret;

	if (!m || !f || !pfn || !order)
		return -EINVAL;
	if (f->cpu < 0 || f->cpu >= m->nr_cpu_ids)
		return -EINVAL;
	if (f->nid < -1 || f->nid >= m->nr_node_ids)
		return -EINVAL;
	if (f->owner >= MC_MAX_OWNERS ||
	    (f->owner && !m->owners[f->owner].used))
		return -EINVAL;
	nid = f->nid < 0 ? m->cpu_to_node[f->cpu] : f->nid;

	/* __handle_mm_fault: create_huge_pmd only if THP is allowed here. */
	if (thp_vma_allowable(m, f->madvised)) {
		ret = vma_alloc_thp(m, f, vma_thp_gfp_mask(m, f->madvised),
				    nid, pfn);
		if (!ret) {
			/* __do_huge_pmd_anonymous_page: mapped */
			count_vm_event(m, THP_FAULT_ALLOC);
			*order = m->hpage_pmd_order;
			return 0;
		}
		if (ret != -ENOMEM)
			return ret;
		/* VM_FAULT_FALLBACK: the PTE path takes over */
		count_vm_event(m, THP_FAULT_FALLBACK);
	}
	/*
	 * do_anonymous_page -> alloc_anon_folio: the mTHP sizes below the
	 * PMD order are all "never" by default, so an order-0 folio.
	 */
	ret = thp_alloc(m, f, base_fault_gfp(m), 0, nid, pfn);
	if (!ret)
		*order = 0;
	return ret;
}
