// SPDX-License-Identifier: GPL-2.0-only
/*
 * export.c - a machine as the kernel's physical-memory files:
 * /proc/kpageflags, /proc/kpagecount (fs/proc/page.c), and memcompact's
 * own state file for what those cannot carry.
 *
 * The flags of a page frame are what stable_page_flags() would report for
 * the kernel page the model stands for:
 *  - a pfn with no memmap (below the machine, or a hole): KPF_NOPAGE;
 *  - reserved: KPF_RESERVED;
 *  - every page of a free block on a buddy list: KPF_BUDDY (the head is
 *    PageBuddy, the others have no reference and is_free_buddy_page());
 *  - a block on a per-cpu list, or held by compaction: no flag at all;
 *  - an allocated block: its folio's flags on every page of a compound
 *    block (stable_page_flags reads folio->flags), KPF_COMPOUND_HEAD on the
 *    first page and KPF_COMPOUND_TAIL on the others; a non-compound block
 *    of order > 0 is a head with flags and followers with none, as a
 *    kernel alloc_pages() without __GFP_COMP leaves them.
 * Per kind: ANON is LRU|ANON|SWAPBACKED|MMAP|UPTODATE (an anonymous folio
 * is mapped while it lives), FILE is LRU|UPTODATE with MMAP when mapped
 * and PRIVATE with buffers, SLAB and SLAB_RECLAIMABLE are KPF_SLAB (the
 * kernel does not tell them apart here), HUGETLB is KPF_HUGE, a compound
 * ANON or FILE block is a large rmappable folio, KPF_THP; MOVABLE_OPS is
 * KPF_OFFLINE (balloon pages are PageOffline and movable); KERNEL has no
 * flag.  Attribute bits map one to one: ACTIVE, UNEVICTABLE (with
 * MLOCKED), DIRTY, WRITEBACK, LOCKED, RECLAIM.
 *
 * kpagecount is the page's mapcount (folio_precise_page_mapcount): 1 for
 * a mapped page.  The kernel has no way to show a pin (an elevated
 * refcount) in these files; memcompact adds one to the count of a pinned
 * page, so that an import can tell, and documents the convention.
 */
#include "mm/import.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

#define KPF(b) (1ULL << MC_KPF_##b)

static const struct page *alloc_head_of(const struct mc_machine *m,
					const struct page *p)
{
	if (page_state(p) == PS_ALLOC_TAIL)
		p -= p->private;
	return page_state(p) == PS_ALLOC ? p : NULL;
}

static uint64_t folio_flags(const struct page *h)
{
	uint64_t u = 0;

	switch (page_kind(h)) {
	case MC_PAGE_ANON:
		u |= KPF(ANON) | KPF(SWAPBACKED) | KPF(MMAP) | KPF(UPTODATE);
		break;
	case MC_PAGE_FILE:
		u |= KPF(UPTODATE);
		if (page_test_flag(h, PG_mapped))
			u |= KPF(MMAP);
		if (page_test_flag(h, PG_private))
			u |= KPF(PRIVATE);
		break;
	case MC_PAGE_SLAB:
	case MC_PAGE_SLAB_RECLAIMABLE:
		u |= KPF(SLAB);
		break;
	case MC_PAGE_HUGETLB:
		u |= KPF(HUGE);
		/* an in-use pool page is mapped by its task; a free one has
		 * no reference (the pool bits share PG_private and
		 * PG_reclaim and are not exported as such) */
		if (page_test_flag(h, PG_mapped) ||
		    (page_test_flag(h, PG_hugetlb_pool) &&
		     !page_test_flag(h, PG_hugetlb_freed)))
			u |= KPF(MMAP);
		return u | (page_test_flag(h, PG_unevictable) ?
			    KPF(UNEVICTABLE) | KPF(MLOCKED) : 0);
	case MC_PAGE_MOVABLE_OPS:
		u |= KPF(OFFLINE);
		break;
	default:
		break;
	}
	if ((page_kind(h) == MC_PAGE_ANON || page_kind(h) == MC_PAGE_FILE) &&
	    page_test_flag(h, PG_head))
		u |= KPF(THP);
	if (page_test_flag(h, PG_lru) || page_test_flag(h, PG_isolated))
		u |= KPF(LRU);
	if (page_test_flag(h, PG_active))
		u |= KPF(ACTIVE);
	if (page_test_flag(h, PG_unevictable))
		u |= KPF(UNEVICTABLE) | KPF(MLOCKED);
	if (page_test_flag(h, PG_dirty))
		u |= KPF(DIRTY);
	if (page_test_flag(h, PG_writeback))
		u |= KPF(WRITEBACK);
	if (page_test_flag(h, PG_locked))
		u |= KPF(LOCKED);
	if (page_test_flag(h, PG_reclaim))
		u |= KPF(RECLAIM);	/* ANON/FILE: rotate after writeback */
	return u;
}

uint64_t export_kpageflags_of(const struct mc_machine *m, unsigned long pfn)
{
	const struct page *p, *h;

	if (!pfn_in_machine(m, pfn))
		return KPF(NOPAGE);
	p = pfn_to_page(m, pfn);
	switch (page_state(p)) {
	case PS_HOLE:
		return KPF(NOPAGE);
	case PS_RESERVED:
		return KPF(RESERVED);
	case PS_ALLOC:
	case PS_ALLOC_TAIL:
		h = alloc_head_of(m, p);
		if (!h)
			return 0;
		if (!page_test_flag(h, PG_head))
			return h == p ? folio_flags(h) : 0;
		return folio_flags(h) | (h == p ? KPF(COMPOUND_HEAD) :
						  KPF(COMPOUND_TAIL));
	default:
		break;
	}
	/* Free: find the block's first page. */
	for (unsigned int o = 0; o < m->nr_page_orders; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *hp;

		if (head < m->base_pfn)
			break;
		hp = pfn_to_page(m, head);
		if (page_state(hp) == PS_FREE_TAIL)
			continue;
		if ((page_state(hp) == PS_BUDDY ||
		     page_state(hp) == PS_PCP ||
		     page_state(hp) == PS_ISOLATED_FREE) &&
		    hp->private >= o)
			return page_state(hp) == PS_BUDDY ? KPF(BUDDY) : 0;
		break;
	}
	return 0;
}

uint64_t export_kpagecount_of(const struct mc_machine *m, unsigned long pfn)
{
	const struct page *p, *h;
	uint64_t count = 0;
	enum mc_page_kind kind;

	if (!pfn_in_machine(m, pfn))
		return 0;
	p = pfn_to_page(m, pfn);
	if (page_state(p) != PS_ALLOC && page_state(p) != PS_ALLOC_TAIL)
		return 0;
	h = alloc_head_of(m, p);
	if (!h)
		return 0;
	kind = page_kind(h);
	if (kind == MC_PAGE_ANON ||
	    ((kind == MC_PAGE_FILE || kind == MC_PAGE_HUGETLB) &&
	     page_test_flag(h, PG_mapped)) ||
	    (kind == MC_PAGE_HUGETLB && page_test_flag(h, PG_hugetlb_pool) &&
	     !page_test_flag(h, PG_hugetlb_freed)))
		count = 1;
	/* A non-compound block's followers are separate pages. */
	if (h != p && !page_test_flag(h, PG_head))
		return 0;
	if (page_test_flag(h, PG_pinned))
		count++;
	return count;
}

#define EXPORT_CHUNK 4096

static int export_words(struct mc_machine *m, mc_write_fn fn, void *ctx,
			uint64_t (*of)(const struct mc_machine *,
				       unsigned long))
{
	uint64_t buf[EXPORT_CHUNK];
	size_t n = 0;

	if (!m || !fn)
		return -EINVAL;
	for (unsigned long pfn = 0; pfn < m->end_pfn; pfn++) {
		uint64_t v = of(m, pfn);
		unsigned char *b = (unsigned char *)&buf[n++];

		/* little-endian, whatever the host */
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)(v >> (8 * i));
		if (n == EXPORT_CHUNK) {
			fn(ctx, (const char *)buf, n * sizeof(buf[0]));
			n = 0;
		}
	}
	if (n)
		fn(ctx, (const char *)buf, n * sizeof(buf[0]));
	return 0;
}

int unlocked_mc_export_kpageflags(struct mc_machine *m, mc_write_fn fn, void *ctx)
{
	return export_words(m, fn, ctx, export_kpageflags_of);
}

int unlocked_mc_export_kpagecount(struct mc_machine *m, mc_write_fn fn, void *ctx)
{
	return export_words(m, fn, ctx, export_kpagecount_of);
}

/*
 * The state file, one record a line, fields separated by spaces, numbers
 * in hex for pfns and flags:
 *   memcompact-state 1
 *   pb PFN COUNT MT SKIP      COUNT pageblocks from PFN (a run)
 *   a PFN ORDER KIND PGFLAGS OWNER COOKIE   an allocated block
 *   p PFN ORDER CPU MT        a block on a per-cpu list
 *   hs NID SURPLUS            hugetlb surplus pages of a node
 *   end
 */
int unlocked_mc_export_state(struct mc_machine *m, mc_write_fn fn, void *ctx)
{
	struct strbuf sb;
	unsigned long pb_run_start = 0, pb_run_len = 0;
	uint8_t pb_run_val = 0;

	if (!m || !fn)
		return -EINVAL;
	sb_init(&sb);
	sb_puts(&sb, "memcompact-state 1\n");
	for (unsigned long pb = 0; pb < m->nr_pageblocks; pb++) {
		uint8_t v = m->pageblock_flags[pb];

		if (pb_run_len && v == pb_run_val) {
			pb_run_len++;
			continue;
		}
		if (pb_run_len)
			sb_printf(&sb, "pb %lx %lx %d %d\n",
				  m->base_pfn + (pb_run_start <<
						 m->pageblock_order),
				  pb_run_len, pb_run_val & MIGRATETYPE_MASK,
				  !!(pb_run_val & (1u << PB_migrate_skip)));
		pb_run_start = pb;
		pb_run_len = 1;
		pb_run_val = v;
	}
	if (pb_run_len)
		sb_printf(&sb, "pb %lx %lx %d %d\n",
			  m->base_pfn + (pb_run_start << m->pageblock_order),
			  pb_run_len, pb_run_val & MIGRATETYPE_MASK,
			  !!(pb_run_val & (1u << PB_migrate_skip)));
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn;) {
		const struct page *p = pfn_to_page(m, pfn);
		unsigned long n = 1;

		if (page_state(p) == PS_ALLOC) {
			n = 1UL << page_sto_order(p);
			sb_printf(&sb, "a %lx %u %d %x %u %x\n", pfn,
				  page_sto_order(p), (int)page_kind(p),
				  (unsigned)(p->flags & PAGE_FLAGS_MASK),
				  p->owner, p->private);
		} else if (page_state(p) == PS_PCP) {
			n = 1UL << p->private;
		}
		pfn += n;
		if (sb.len > 1 << 16) {
			fn(ctx, sb.buf, sb.len);
			sb_reset(&sb);
		}
	}
	/* pcp blocks by CPU, in list order, so the lists come back as they
	 * were */
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct zone *z;

		for_each_zone_in_node(m->node_data[nid], z) {
			for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp =
					&z->per_cpu_pageset[cpu];

				for (int li = 0; li < NR_PCP_LISTS; li++) {
					uint32_t head = pcp->lists[li], i;

					for (i = idx_page(m, head)->next;
					     i != head;
					     i = idx_page(m, i)->next) {
						const struct page *p =
							idx_page(m, i);

						sb_printf(&sb,
							  "p %lx %u %d %u\n",
							  page_to_pfn(m, p),
							  p->private, cpu,
							  p->flags);
					}
				}
			}
		}
	}
	/* hugetlb surplus pages: the frames cannot tell them apart */
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->hstate.surplus_huge_pages_node[nid])
			sb_printf(&sb, "hs %d %lu\n", nid,
				  m->hstate.surplus_huge_pages_node[nid]);
	sb_puts(&sb, "end\n");
	if (sb_failed(&sb)) {
		sb_free(&sb);
		return -ENOMEM;
	}
	fn(ctx, sb.buf, sb.len);
	sb_free(&sb);
	return 0;
}
