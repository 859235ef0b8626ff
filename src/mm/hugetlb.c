// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlb.c - the hugetlb pool (mm/hugetlb.c): vm.nr_hugepages and the
 * per-node pools of huge pages taken from the buddy allocator.
 *
 * This file owns the one hstate of the machine (HPAGE_PMD_ORDER: 2 MiB on
 * x86_64, 2/32/512 MiB on arm64 with 4K/16K/64K pages) and everything that
 * moves pages into and out of its pool:
 *  - set_max_huge_pages(), behind vm.nr_hugepages and the sysfs
 *    nr_hugepages file: grow with fresh pages from the buddy allocator,
 *    round-robin over the nodes with memory, until the count is reached or
 *    a round fails on every node; shrink by giving free pool pages back;
 *    what is still in use becomes surplus and leaves the pool when freed.
 *    The value read back (max_huge_pages) is what was obtained;
 *  - the hugetlb fault, mc_hugetlb_alloc(): a free pool page, or a surplus
 *    page within vm.nr_overcommit_hugepages; mc_hugetlb_free() is the
 *    last put (free_huge_folio);
 *  - dissolve_free_hugetlb_folio() for contiguous ranges;
 *  - the pool's invariants, for the checker.
 *
 * A pool page is an allocated HUGETLB block of the hstate's order with
 * PG_hugetlb_pool set (see internal.h); a free one also has
 * PG_hugetlb_freed, owner 0 and cookie 0, and sits on its node's free
 * list (list_add at the head, taken from the head, as the kernel's
 * enqueue/dequeue do); an in-use one carries the owner and cookie of the
 * task that faulted it.  Gigantic pages (an hstate order above
 * MAX_PAGE_ORDER, possible only on a hand-made machine description) would
 * need alloc_contig_pages(): the pool then cannot grow.  No reservations
 * (resv_huge_pages stays 0), subpools, cgroups, HVO or demotion; no
 * highmem, so try_to_free_low() is the empty function it is on x86_64 and
 * arm64.
 */
#include "mm/internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMA_NO_NODE	(-1)

/* Node masks: MAX_NUMNODES is 64 in the model. */
typedef uint64_t nodemask_t;
_Static_assert(MAX_NUMNODES <= 64, "nodemask_t holds MAX_NUMNODES bits");

static inline bool node_isset(int nid, nodemask_t mask)
{
	return mask & (1ULL << nid);
}

static inline int nodes_weight(nodemask_t mask)
{
	return __builtin_popcountll(mask);
}

/* next_node_in(): the next node of @mask after @nid, wrapping around;
 * MAX_NUMNODES for an empty mask. */
static int next_node_in(int nid, nodemask_t mask)
{
	for (int i = 1; i <= MAX_NUMNODES; i++) {
		int n = (nid + i) % MAX_NUMNODES;

		if (node_isset(n, mask))
			return n;
	}
	return MAX_NUMNODES;
}

/* node_states[N_MEMORY]: the nodes with present memory. */
static nodemask_t memory_nodes(const struct mc_machine *m)
{
	nodemask_t mask = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid]->node_present_pages)
			mask |= 1ULL << nid;
	return mask;
}

/* ---- the hstate ---------------------------------------------------------- */

static inline unsigned int huge_page_order(const struct mc_machine *m)
{
	return m->hpage_pmd_order;
}

static inline unsigned long huge_page_size_kb(const struct mc_machine *m)
{
	return (1UL << (huge_page_order(m) + m->page_shift)) >> 10;
}

static inline bool hstate_is_gigantic(const struct mc_machine *m)
{
	return huge_page_order(m) > m->max_page_order;
}

static inline unsigned long persistent_huge_pages(const struct hstate *h)
{
	return h->nr_huge_pages - h->surplus_huge_pages;
}

static inline bool available_huge_pages(const struct hstate *h)
{
	return h->free_huge_pages > h->resv_huge_pages;
}

/*
 * htlb_alloc_mask(): pool pages are movable (hugetlb migration is
 * supported for the PMD size) unless gigantic, and the allocator is not
 * to warn about a pool that could not grow.
 */
static gfp_t htlb_alloc_mask(const struct mc_machine *m)
{
	return __GFP_COMP | __GFP_NOWARN |
	       (hstate_is_gigantic(m) ? GFP_HIGHUSER : GFP_HIGHUSER_MOVABLE);
}

static inline int folio_nid(const struct mc_machine *m,
			    const struct page *folio)
{
	return page_zone(m, folio)->zone_pgdat->node_id;
}

/* spin_lock_irq(&hugetlb_lock) and the resize mutex: real only on
 * threaded machines, like the zone locks. */
static void hugetlb_lock(struct mc_machine *m)
{
	if (m->threaded)
		pthread_mutex_lock(&m->hstate.lock);
}

static void hugetlb_unlock(struct mc_machine *m)
{
	if (m->threaded)
		pthread_mutex_unlock(&m->hstate.lock);
}

void hugetlb_init_defaults(struct mc_machine *m)
{
	pthread_mutex_init(&m->hstate.resize_lock, NULL);
	pthread_mutex_init(&m->hstate.lock, NULL);
}

/*
 * The per-node free lists need list heads; they are taken from the
 * machine's spare sentinels the first time the pool is touched, so that
 * machines that never use hugetlb pay nothing.  Caller holds hugetlb_lock.
 */
static int hugetlb_lists_init(struct mc_machine *m)
{
	struct hstate *h = &m->hstate;

	if (h->lists_ready)
		return 0;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		uint32_t s = sentinel_get(m);

		if (s == LIST_POISON_IDX) {
			while (nid--)
				sentinel_put(m, h->hugepage_freelists[nid]);
			return -ENOMEM;
		}
		h->hugepage_freelists[nid] = s;
	}
	h->lists_ready = true;
	return 0;
}

static int hugetlb_prepare(struct mc_machine *m)
{
	int ret;

	hugetlb_lock(m);
	ret = hugetlb_lists_init(m);
	hugetlb_unlock(m);
	return ret;
}

/* ---- node round-robin ---------------------------------------------------- */

static int next_node_allowed(int nid, nodemask_t nodes_allowed)
{
	return next_node_in(nid, nodes_allowed);
}

static int get_valid_node_allowed(int nid, nodemask_t nodes_allowed)
{
	if (!node_isset(nid, nodes_allowed))
		nid = next_node_allowed(nid, nodes_allowed);
	return nid;
}

/*
 * The node to allocate on next, and advance the cursor past it: pool
 * pages are spread evenly over the allowed nodes whatever the order of
 * successes and failures (hstate_next_node_to_alloc).
 */
static int hstate_next_node_to_alloc(int *next_node, nodemask_t nodes_allowed)
{
	int nid = get_valid_node_allowed(*next_node, nodes_allowed);

	*next_node = next_node_allowed(nid, nodes_allowed);
	return nid;
}

static int hstate_next_node_to_free(struct hstate *h, nodemask_t nodes_allowed)
{
	int nid = get_valid_node_allowed(h->next_nid_to_free, nodes_allowed);

	h->next_nid_to_free = next_node_allowed(nid, nodes_allowed);
	return nid;
}

/* ---- free lists and accounting ------------------------------------------- */

/* Caller holds hugetlb_lock; @folio is on no list. */
static void enqueue_hugetlb_folio(struct mc_machine *m, struct page *folio)
{
	struct hstate *h = &m->hstate;
	int nid = folio_nid(m, folio);

	folio->owner = 0;
	folio->private = 0;
	ilist_add(m, page_idx(m, folio), h->hugepage_freelists[nid]);
	h->free_huge_pages++;
	h->free_huge_pages_node[nid]++;
	page_set_flag(folio, PG_hugetlb_freed);
}

static struct page *dequeue_hugetlb_folio_node_exact(struct mc_machine *m,
						     int nid)
{
	struct hstate *h = &m->hstate;
	uint32_t i = ilist_first(m, h->hugepage_freelists[nid]);
	struct page *folio;

	if (i == LIST_POISON_IDX)
		return NULL;
	folio = idx_page(m, i);
	ilist_del(m, i);
	page_clear_flag(folio, PG_hugetlb_freed);
	h->free_huge_pages--;
	h->free_huge_pages_node[nid]--;
	return folio;
}

/*
 * A free pool page from the nearest node that has one: the pool is per
 * node, so the zonelist of @nid is walked and each node asked once.
 */
static struct page *dequeue_hugetlb_folio_nodemask(struct mc_machine *m,
						   gfp_t gfp_mask, int nid)
{
	struct zonelist *zonelist = node_zonelist(m, nid, gfp_mask);
	int node = NUMA_NO_NODE;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zonelist, gfp_zone(gfp_mask)) {
		struct page *folio;

		if (zone->zone_pgdat->node_id == node)
			continue;
		node = zone->zone_pgdat->node_id;
		folio = dequeue_hugetlb_folio_node_exact(m, node);
		if (folio)
			return folio;
	}
	return NULL;
}

/*
 * __prep_account_new_huge_page: a fresh page joins the pool's count.
 * Ours also marks it (PG_hugetlb_pool) at the same moment, so that the
 * checker always finds the marked pages and the counts in agreement.
 */
static void __prep_account_new_huge_page(struct mc_machine *m,
					 struct page *folio)
{
	struct hstate *h = &m->hstate;
	int nid = folio_nid(m, folio);

	page_set_flag(folio, PG_hugetlb_pool);
	h->nr_huge_pages++;
	h->nr_huge_pages_node[nid]++;
}

/* Take @folio out of the pool's counts (and off the free list if it is
 * free).  Caller holds hugetlb_lock. */
static void remove_hugetlb_folio(struct mc_machine *m, struct page *folio,
				 bool adjust_surplus)
{
	struct hstate *h = &m->hstate;
	int nid = folio_nid(m, folio);

	if (page_test_flag(folio, PG_hugetlb_freed)) {
		ilist_del(m, page_idx(m, folio));
		page_clear_flag(folio, PG_hugetlb_freed);
		h->free_huge_pages--;
		h->free_huge_pages_node[nid]--;
	}
	if (adjust_surplus) {
		h->surplus_huge_pages--;
		h->surplus_huge_pages_node[nid]--;
	}
	/* __folio_clear_hugetlb(): no longer a pool page */
	page_clear_flag(folio, PG_hugetlb_pool);
	h->nr_huge_pages--;
	h->nr_huge_pages_node[nid]--;
}

/*
 * update_and_free_hugetlb_folio: a page removed from the pool goes back to
 * the buddy allocator (folio_put: free_unref_page at the hstate order,
 * which may park it on the per-cpu THP list).  Runs as the current task,
 * without hugetlb_lock.
 */
static void update_and_free_hugetlb_folio(struct mc_machine *m,
					  struct page *folio)
{
	page_stat_account(m, folio, -1);
	__free_pages(m, folio, huge_page_order(m));
}

/*
 * update_and_free_pages_bulk: the collected pages are freed in the order
 * they were removed.  The kernel's list gets them with list_add (newest
 * first) and hugetlb_vmemmap_restore_folios() reverses it onto the list it
 * frees from; taking ours from the tail is the same order.
 */
static void update_and_free_pages_bulk(struct mc_machine *m, uint32_t list)
{
	uint32_t i;

	while ((i = ilist_last(m, list)) != LIST_POISON_IDX) {
		ilist_del(m, i);
		update_and_free_hugetlb_folio(m, idx_page(m, i));
	}
}

/* ---- fresh pages from the buddy allocator -------------------------------- */

/*
 * alloc_buddy_hugetlb_folio - one huge page from the buddy allocator.
 * Normally with __GFP_RETRY_MAYFAIL: the slow path compacts, reclaims and
 * retries as long as that makes progress.  When set_max_huge_pages()
 * loops (@node_alloc_noretry given) and a try-hard allocation on a node
 * failed, further tries there skip __GFP_RETRY_MAYFAIL (a costly order
 * then fails after one round of reclaim and compaction) until one
 * succeeds again: the node is full and repeating the full effort for
 * every page of a large request would only burn time.
 */
static struct page *alloc_buddy_hugetlb_folio(struct mc_machine *m,
					      gfp_t gfp_mask, int nid,
					      nodemask_t *node_alloc_noretry)
{
	unsigned int order = huge_page_order(m);
	bool alloc_try_hard = true;
	struct mc_alloc_request rq;
	uint64_t pfn;
	struct page *folio = NULL;

	if (node_alloc_noretry && node_isset(nid, *node_alloc_noretry))
		alloc_try_hard = false;
	if (alloc_try_hard)
		gfp_mask |= __GFP_RETRY_MAYFAIL;
	if (nid == NUMA_NO_NODE)
		nid = m->cpu_to_node[current->cpu];	/* numa_mem_id() */

	/* __folio_alloc(): compound, on the current task's CPU */
	rq = (struct mc_alloc_request){
		.gfp = gfp_mask | __GFP_COMP, .order = order, .nid = nid,
		.cpu = current->cpu, .owner = 0, .kind = MC_PAGE_HUGETLB,
		.cookie = 0,
	};
	if (!mc_alloc_pages(m, &rq, &pfn))
		folio = pfn_to_page(m, pfn);

	/* A success without trying hard: the node recovered. */
	if (node_alloc_noretry && folio && !alloc_try_hard)
		*node_alloc_noretry &= ~(1ULL << nid);
	/* Tried hard and failed: do not try as hard there again. */
	if (node_alloc_noretry && !folio && alloc_try_hard)
		*node_alloc_noretry |= 1ULL << nid;

	if (!folio) {
		count_vm_event(m, HTLB_BUDDY_PGALLOC_FAIL);
		return NULL;
	}
	count_vm_event(m, HTLB_BUDDY_PGALLOC);
	return folio;
}

/*
 * only_alloc_fresh_hugetlb_folio: a gigantic page would come from
 * alloc_contig_pages() (alloc_gigantic_folio); the model has no such path
 * yet, so a gigantic pool cannot grow (and counts nothing, as
 * alloc_gigantic_folio counts nothing).
 */
static struct page *only_alloc_fresh_hugetlb_folio(struct mc_machine *m,
						   gfp_t gfp_mask, int nid,
						   nodemask_t *noretry)
{
	if (hstate_is_gigantic(m))
		return NULL;
	return alloc_buddy_hugetlb_folio(m, gfp_mask, nid, noretry);
}

/* alloc_fresh_hugetlb_folio: allocated and counted in the pool at once. */
static struct page *alloc_fresh_hugetlb_folio(struct mc_machine *m,
					      gfp_t gfp_mask, int nid)
{
	struct page *folio;

	folio = only_alloc_fresh_hugetlb_folio(m, gfp_mask, nid, NULL);
	if (!folio)
		return NULL;
	hugetlb_lock(m);
	__prep_account_new_huge_page(m, folio);
	hugetlb_unlock(m);
	return folio;
}

/*
 * alloc_pool_huge_folio - one round over the allowed nodes, starting at
 * the round-robin cursor, each node alone (__GFP_THISNODE: a pool page
 * belongs to the node asked for); the first success ends the round.
 * NULL when every node failed.
 */
static struct page *alloc_pool_huge_folio(struct mc_machine *m,
					  nodemask_t nodes_allowed,
					  nodemask_t *node_alloc_noretry,
					  int *next_node)
{
	gfp_t gfp_mask = htlb_alloc_mask(m) | __GFP_THISNODE;

	for (int nr_nodes = nodes_weight(nodes_allowed); nr_nodes > 0;
	     nr_nodes--) {
		int node = hstate_next_node_to_alloc(next_node, nodes_allowed);
		struct page *folio;

		folio = only_alloc_fresh_hugetlb_folio(m, gfp_mask, node,
						       node_alloc_noretry);
		if (folio)
			return folio;
	}
	return NULL;
}

/*
 * prep_and_add_allocated_folios - the pages set_max_huge_pages() collected
 * join the pool in one go, each at the head of its node's free list; the
 * collection list has the newest first, so the first page allocated ends
 * up first on its free list.
 */
static void prep_and_add_allocated_folios(struct mc_machine *m, uint32_t list)
{
	uint32_t i;

	hugetlb_lock(m);
	while ((i = ilist_first(m, list)) != LIST_POISON_IDX) {
		struct page *folio = idx_page(m, i);

		ilist_del(m, i);
		__prep_account_new_huge_page(m, folio);
		enqueue_hugetlb_folio(m, folio);
	}
	hugetlb_unlock(m);
}

/* ---- shrinking ----------------------------------------------------------- */

/*
 * remove_pool_hugetlb_folio - a free page to give back, from the next node
 * in the freeing round-robin that has one (with @acct_surplus, only nodes
 * with surplus pages, which then lose one).  Caller holds hugetlb_lock.
 */
static struct page *remove_pool_hugetlb_folio(struct mc_machine *m,
					      nodemask_t nodes_allowed,
					      bool acct_surplus)
{
	struct hstate *h = &m->hstate;

	for (int nr_nodes = nodes_weight(nodes_allowed); nr_nodes > 0;
	     nr_nodes--) {
		int node = hstate_next_node_to_free(h, nodes_allowed);
		uint32_t i;

		if (acct_surplus && !h->surplus_huge_pages_node[node])
			continue;
		i = ilist_first(m, h->hugepage_freelists[node]);
		if (i != LIST_POISON_IDX) {
			struct page *folio = idx_page(m, i);

			remove_hugetlb_folio(m, folio, acct_surplus);
			return folio;
		}
	}
	return NULL;
}

/*
 * adjust_pool_surplus - move one page between persistent and surplus,
 * keeping the nodes balanced: -1 takes surplus from the next node (in the
 * allocation round-robin) that has some; +1 makes surplus on the next
 * node (in the freeing round-robin) that still has persistent pages.
 * Returns whether it did.  Caller holds hugetlb_lock.
 */
static int adjust_pool_surplus(struct mc_machine *m, nodemask_t nodes_allowed,
			       int delta)
{
	struct hstate *h = &m->hstate;
	int nr_nodes, node = 0;

	if (delta < 0) {
		for (nr_nodes = nodes_weight(nodes_allowed); nr_nodes > 0;
		     nr_nodes--) {
			node = hstate_next_node_to_alloc(&h->next_nid_to_alloc,
							 nodes_allowed);
			if (h->surplus_huge_pages_node[node])
				goto found;
		}
	} else {
		for (nr_nodes = nodes_weight(nodes_allowed); nr_nodes > 0;
		     nr_nodes--) {
			node = hstate_next_node_to_free(h, nodes_allowed);
			if (h->surplus_huge_pages_node[node] <
			    h->nr_huge_pages_node[node])
				goto found;
		}
	}
	return 0;

found:
	h->surplus_huge_pages += (unsigned long)(long)delta;
	h->surplus_huge_pages_node[node] += (unsigned long)(long)delta;
	return 1;
}

/*
 * set_max_huge_pages - make the persistent pool @count pages (kernel-spec
 * 7).  Growing first turns surplus pages into persistent ones, then
 * allocates fresh pages one round-robin round at a time and stops at the
 * first round in which every node failed (still a success: the count
 * read back is what was obtained).  Shrinking frees free pages, never
 * below the pages in use, then declares the excess surplus: in-use pages
 * leave the pool when their users free them.  Runs as a task.
 */
static int set_max_huge_pages(struct mc_machine *m, unsigned long count,
			      nodemask_t nodes_allowed)
{
	struct hstate *h = &m->hstate;
	nodemask_t node_alloc_noretry = 0;
	unsigned long min_count, allocated;
	uint32_t page_list;
	struct page *folio;
	int ret;

	ret = hugetlb_prepare(m);
	if (ret)
		return ret;
	/* The kernel's NODEMASK_ALLOC failure: -ENOMEM, nothing done. */
	page_list = sentinel_get(m);
	if (page_list == LIST_POISON_IDX)
		return -ENOMEM;

	if (m->threaded)
		pthread_mutex_lock(&h->resize_lock);
	hugetlb_lock(m);

	/* First take pages out of surplus state. */
	while (h->surplus_huge_pages && count > persistent_huge_pages(h)) {
		if (!adjust_pool_surplus(m, nodes_allowed, -1))
			break;
	}

	/* Then fresh pages, collected aside and added all at once. */
	allocated = 0;
	while (count > persistent_huge_pages(h) + allocated) {
		hugetlb_unlock(m);
		folio = alloc_pool_huge_folio(m, nodes_allowed,
					      &node_alloc_noretry,
					      &h->next_nid_to_alloc);
		if (!folio) {
			prep_and_add_allocated_folios(m, page_list);
			hugetlb_lock(m);
			goto out;
		}
		ilist_add(m, page_idx(m, folio), page_list);
		allocated++;
		/* signal_pending(current): the model's tasks get none */
		hugetlb_lock(m);
	}
	if (!ilist_empty(m, page_list)) {
		hugetlb_unlock(m);
		prep_and_add_allocated_folios(m, page_list);
		hugetlb_lock(m);
	}

	/*
	 * Decrease the pool: free pages go back to the buddy allocator, but
	 * never so many that the in-use pages (and reservations, none here)
	 * could not stay; the rest becomes surplus.  try_to_free_low() only
	 * matters with highmem and is empty here.
	 */
	min_count = h->resv_huge_pages + h->nr_huge_pages -
		    h->free_huge_pages;
	min_count = max(count, min_count);
	while (min_count < persistent_huge_pages(h)) {
		folio = remove_pool_hugetlb_folio(m, nodes_allowed, false);
		if (!folio)
			break;
		ilist_add(m, page_idx(m, folio), page_list);
	}
	hugetlb_unlock(m);
	update_and_free_pages_bulk(m, page_list);
	hugetlb_lock(m);

	while (count < persistent_huge_pages(h)) {
		if (!adjust_pool_surplus(m, nodes_allowed, 1))
			break;
	}
out:
	h->max_huge_pages = persistent_huge_pages(h);
	hugetlb_unlock(m);
	if (m->threaded)
		pthread_mutex_unlock(&h->resize_lock);
	sentinel_put(m, page_list);
	return 0;
}

/*
 * __nr_hugepages_store_common for the global files (vm.nr_hugepages and
 * hugepages-<size>kB/nr_hugepages; nr_hugepages_mempolicy is not
 * modelled): every node with memory may take pages.  Gigantic pages are
 * runtime-supported on x86_64 and arm64, so no -EINVAL here.
 */
static int nr_hugepages_store_common(struct mc_machine *m, unsigned long count)
{
	return set_max_huge_pages(m, count, memory_nodes(m));
}

/* ---- sysctl -------------------------------------------------------------- */

/* hugetlb_sysctl_handler_common: reads show max_huge_pages. */
unsigned long hugetlb_sysctl_max_huge_pages(struct mc_machine *m)
{
	return m->hstate.max_huge_pages;
}

int hugetlb_sysctl_set_nr_hugepages(struct mc_machine *m, unsigned long count)
{
	return nr_hugepages_store_common(m, count);
}

unsigned long hugetlb_sysctl_nr_overcommit(struct mc_machine *m)
{
	return m->hstate.nr_overcommit_huge_pages;
}

/* hugetlb_overcommit_handler: gigantic pages cannot be overcommitted. */
int hugetlb_sysctl_set_nr_overcommit(struct mc_machine *m, unsigned long count)
{
	if (hstate_is_gigantic(m))
		return -EINVAL;
	hugetlb_lock(m);
	m->hstate.nr_overcommit_huge_pages = count;
	hugetlb_unlock(m);
	return 0;
}

/* ---- sysfs: kernel/mm/hugepages/hugepages-<size>kB/ ---------------------- */

static inline bool hugetlb_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * kstrtoul(s, 10): an optional '+', decimal digits, an optional newline,
 * nothing else; -ERANGE when it does not fit (checked before the rest,
 * as _kstrtoull does), -EINVAL otherwise.
 */
static int kstrtoul_dec(const char *s, unsigned long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *p;

	if (*s == '+')
		s++;
	for (p = s; hugetlb_isdigit(*p); p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (ULLONG_MAX - d) / 10)
			overflow = true;
		v = v * 10 + d;
	}
	if (overflow || v != (unsigned long)v)
		return -ERANGE;
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = (unsigned long)v;
	return 0;
}

/* Parse what kernfs would hand the store: at most a page, NUL-ended. */
static int sysfs_parse_ulong(const struct mc_machine *m, const char *buf,
			     size_t len, unsigned long *val)
{
	size_t n = min(len, 1UL << m->page_shift);
	char *k = malloc(n + 1);
	int ret;

	if (!k)
		return -ENOMEM;
	memcpy(k, buf, n);
	k[n] = '\0';
	ret = kstrtoul_dec(k, val);
	free(k);
	return ret;
}

/* The directory is named after the one hstate's size. */
static bool hstate_dir_ok(const struct mc_machine *m, int size_kb)
{
	return size_kb >= 0 && (unsigned long)size_kb == huge_page_size_kb(m);
}

int hugetlb_nr_hugepages_show(struct mc_machine *m, int arg, char *buf,
			      size_t len)
{
	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	/* nr_hugepages_show_common: the whole pool, surplus included */
	return sysfs_emit_text(buf, len, "%lu\n", m->hstate.nr_huge_pages);
}

int hugetlb_nr_hugepages_store(struct mc_machine *m, int arg, const char *buf,
			       size_t len)
{
	struct task_scope ts;
	unsigned long count;
	int err;

	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	if (!len)
		return 0;	/* sysfs_kf_write */
	err = sysfs_parse_ulong(m, buf, len, &count);
	if (err)
		return err;
	task_enter(m, &ts, 0);
	err = nr_hugepages_store_common(m, count);
	task_leave(&ts);
	return err ? err : (int)len;
}

int hugetlb_free_hugepages_show(struct mc_machine *m, int arg, char *buf,
				size_t len)
{
	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	return sysfs_emit_text(buf, len, "%lu\n", m->hstate.free_huge_pages);
}

int hugetlb_surplus_hugepages_show(struct mc_machine *m, int arg, char *buf,
				   size_t len)
{
	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	return sysfs_emit_text(buf, len, "%lu\n",
			       m->hstate.surplus_huge_pages);
}

int hugetlb_nr_overcommit_show(struct mc_machine *m, int arg, char *buf,
			       size_t len)
{
	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	return sysfs_emit_text(buf, len, "%lu\n",
			       m->hstate.nr_overcommit_huge_pages);
}

/* nr_overcommit_hugepages_store: gigantic first, then the number. */
int hugetlb_nr_overcommit_store(struct mc_machine *m, int arg, const char *buf,
				size_t len)
{
	unsigned long input;
	int err;

	if (!hstate_dir_ok(m, arg))
		return -ENOENT;
	if (!len)
		return 0;
	if (hstate_is_gigantic(m))
		return -EINVAL;
	err = sysfs_parse_ulong(m, buf, len, &input);
	if (err)
		return err;
	hugetlb_lock(m);
	m->hstate.nr_overcommit_huge_pages = input;
	hugetlb_unlock(m);
	return (int)len;
}

/* ---- the fault and the last put ------------------------------------------ */

/*
 * alloc_surplus_hugetlb_folio - the pool is empty: a fresh page beyond
 * it, if the surplus stays within nr_overcommit_huge_pages.  The limit is
 * checked again after the allocation (the pool may have changed while the
 * lock was dropped); the kernel then frees the page as a temporary one.
 */
static struct page *alloc_surplus_hugetlb_folio(struct mc_machine *m,
						gfp_t gfp_mask, int nid)
{
	struct hstate *h = &m->hstate;
	struct page *folio;

	if (hstate_is_gigantic(m))
		return NULL;
	hugetlb_lock(m);
	if (h->surplus_huge_pages >= h->nr_overcommit_huge_pages) {
		hugetlb_unlock(m);
		return NULL;
	}
	hugetlb_unlock(m);

	folio = alloc_fresh_hugetlb_folio(m, gfp_mask, nid);
	if (!folio)
		return NULL;

	hugetlb_lock(m);
	if (h->surplus_huge_pages >= h->nr_overcommit_huge_pages) {
		remove_hugetlb_folio(m, folio, false);
		hugetlb_unlock(m);
		update_and_free_hugetlb_folio(m, folio);
		return NULL;
	}
	h->surplus_huge_pages++;
	h->surplus_huge_pages_node[folio_nid(m, folio)]++;
	hugetlb_unlock(m);
	return folio;
}

/* The head of the allocated block @pfn names exactly, or NULL. */
static struct page *block_head(const struct mc_machine *m, uint64_t pfn)
{
	struct page *p;

	if (!pfn_in_machine(m, pfn))
		return NULL;
	p = pfn_to_page(m, pfn);
	return page_state(p) == PS_ALLOC ? p : NULL;
}

int unlocked_mc_hugetlb_alloc(struct mc_machine *m, int nid, int cpu, unsigned owner,
		     uint32_t cookie, uint64_t *pfn)
{
	struct hstate *h;
	struct task_scope ts;
	struct page *folio = NULL;
	gfp_t gfp;
	int ret;

	if (!m || !pfn || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	if (nid < -1 || nid >= m->nr_node_ids)
		return -EINVAL;
	if (owner >= MC_MAX_OWNERS || (owner && !m->owners[owner].used))
		return -EINVAL;
	h = &m->hstate;
	ret = hugetlb_prepare(m);
	if (ret)
		return ret;
	/* huge_node(): the default policy's node is the CPU's */
	if (nid < 0)
		nid = m->cpu_to_node[cpu];
	gfp = htlb_alloc_mask(m);

	task_enter(m, &ts, cpu);
	/*
	 * alloc_hugetlb_folio -> dequeue_hugetlb_folio_vma: a mapping
	 * without a reservation may only take what is available beyond
	 * the reserved pages.
	 */
	hugetlb_lock(m);
	if (available_huge_pages(h))
		folio = dequeue_hugetlb_folio_nodemask(m, gfp, nid);
	hugetlb_unlock(m);
	/* alloc_buddy_hugetlb_folio_with_mpol: no nodemask, any node */
	if (!folio)
		folio = alloc_surplus_hugetlb_folio(m, gfp, nid);
	if (folio) {
		folio->owner = (uint8_t)owner;
		folio->private = cookie;
		*pfn = page_to_pfn(m, folio);
	}
	task_leave(&ts);
	debug_check_op(m, "hugetlb_alloc");
	return folio ? 0 : -ENOMEM;
}

/*
 * free_huge_folio - the last user is gone: a node with surplus pages
 * shrinks (the page leaves the pool for the buddy allocator), otherwise
 * the page goes back on its node's free list.
 */
static void free_huge_folio(struct mc_machine *m, struct page *folio)
{
	struct hstate *h = &m->hstate;
	int nid = folio_nid(m, folio);

	folio->owner = 0;
	folio->private = 0;
	hugetlb_lock(m);
	if (h->surplus_huge_pages_node[nid]) {
		remove_hugetlb_folio(m, folio, true);
		hugetlb_unlock(m);
		update_and_free_hugetlb_folio(m, folio);
	} else {
		enqueue_hugetlb_folio(m, folio);
		hugetlb_unlock(m);
	}
}

int unlocked_mc_hugetlb_free(struct mc_machine *m, uint64_t pfn, int cpu)
{
	struct task_scope ts;
	struct page *folio;

	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	folio = block_head(m, pfn);
	if (!folio || !folio_test_hugetlb_pool(folio) ||
	    page_test_flag(folio, PG_hugetlb_freed))
		return -EINVAL;
	if (page_test_flag(folio, PG_isolated))
		return -EBUSY;
	task_enter(m, &ts, cpu);
	free_huge_folio(m, folio);
	task_leave(&ts);
	debug_check_op(m, "hugetlb_free");
	return 0;
}

int unlocked_mc_hugetlb_stats(struct mc_machine *m, int nid,
		     struct mc_hugetlb_stats *s)
{
	const struct hstate *h;

	if (!m || !s || nid < -1 || nid >= m->nr_node_ids)
		return -EINVAL;
	h = &m->hstate;
	memset(s, 0, sizeof(*s));
	s->order = huge_page_order(m);
	s->size_kb = huge_page_size_kb(m);
	s->overcommit = h->nr_overcommit_huge_pages;
	if (nid < 0) {
		s->nr = h->nr_huge_pages;
		s->free = h->free_huge_pages;
		s->surplus = h->surplus_huge_pages;
		s->max = h->max_huge_pages;
	} else {
		s->nr = h->nr_huge_pages_node[nid];
		s->free = h->free_huge_pages_node[nid];
		s->surplus = h->surplus_huge_pages_node[nid];
		s->max = s->nr - s->surplus;
	}
	return 0;
}

/* ---- contiguous ranges --------------------------------------------------- */

/* The head of the block @page belongs to, if it is allocated. */
static struct page *alloc_block_head(struct page *page)
{
	if (page_state(page) == PS_ALLOC_TAIL)
		page -= page->private;
	return page_state(page) == PS_ALLOC ? page : NULL;
}

bool hugetlb_folio_is_free(const struct mc_machine *m, const struct page *page)
{
	struct page *folio = alloc_block_head((struct page *)page);

	(void)m;
	return folio && folio_test_hugetlb_pool(folio) &&
	       page_test_flag(folio, PG_hugetlb_freed);
}

/*
 * dissolve_free_hugetlb_folio - a free pool page becomes buddy pages again
 * (a contiguous range needs its frames).  0 when it was dissolved or was
 * never a pool page (nothing to do; a HUGETLB block of no pool is in
 * use, -EBUSY); -EBUSY for a page in use.  A node with surplus pages
 * loses one; otherwise the persistent pool is one smaller
 * (max_huge_pages too).
 */
int dissolve_free_hugetlb_folio(struct mc_machine *m, struct page *page)
{
	struct hstate *h = &m->hstate;
	struct page *folio = alloc_block_head(page);
	bool adjust_surplus;

	if (!folio || page_kind(folio) != MC_PAGE_HUGETLB)
		return 0;
	if (!folio_test_hugetlb_pool(folio))
		return -EBUSY;
	hugetlb_lock(m);
	if (!page_test_flag(folio, PG_hugetlb_freed) ||
	    !available_huge_pages(h)) {
		hugetlb_unlock(m);
		return -EBUSY;
	}
	adjust_surplus = h->surplus_huge_pages_node[folio_nid(m, folio)] != 0;
	remove_hugetlb_folio(m, folio, adjust_surplus);
	if (!adjust_surplus)
		h->max_huge_pages--;
	hugetlb_unlock(m);
	update_and_free_hugetlb_folio(m, folio);
	return 0;
}

/*
 * move_hugetlb_state - an in-use pool page was migrated (the model's
 * commit_move() has carried PG_hugetlb_pool, owner and cookie over to
 * @new; @old goes back to the buddy outside the pool).  The kernel's
 * target is a temporary pool page that takes over the old page's state
 * and the old page leaves as the temporary one: the node counts move with
 * the page, and so does one surplus page of the old node if it had any.
 * Called by migrate.c after a successful hugetlb move.
 */
void move_hugetlb_state(struct mc_machine *m, struct page *old,
			struct page *new)
{
	struct hstate *h = &m->hstate;
	int old_nid, new_nid;

	if (!folio_test_hugetlb_pool(new))
		return;
	old_nid = folio_nid(m, old);
	new_nid = folio_nid(m, new);
	if (old_nid == new_nid)
		return;
	hugetlb_lock(m);
	h->nr_huge_pages_node[old_nid]--;
	h->nr_huge_pages_node[new_nid]++;
	if (h->surplus_huge_pages_node[old_nid]) {
		h->surplus_huge_pages_node[old_nid]--;
		h->surplus_huge_pages_node[new_nid]++;
	}
	hugetlb_unlock(m);
}

/* ---- invariants ---------------------------------------------------------- */

struct hcheck {
	mc_report_fn fn;
	void *ctx;
	int n;
};

static void hfail(struct hcheck *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void hfail(struct hcheck *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	c->n++;
	if (!c->fn || c->n > 100)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->fn(c->ctx, buf);
}

/*
 * hugetlb_check - every pool page is a HUGETLB block of the hstate's
 * order; the free ones are exactly the entries of their node's free list
 * (owner 0, links consistent); the per-node counts equal the pages found,
 * surplus and free stay within the pool, and the totals are the sums.
 */
int hugetlb_check(struct mc_machine *m, mc_report_fn fn, void *ctx)
{
	struct hstate *h = &m->hstate;
	struct hcheck c = { .fn = fn, .ctx = ctx };
	unsigned long nr[MAX_NUMNODES] = { 0 }, nfree[MAX_NUMNODES] = { 0 };
	unsigned long sum_nr = 0, sum_free = 0, sum_surplus = 0;
	unsigned int order = huge_page_order(m);

	if (!h->lists_ready) {
		if (h->nr_huge_pages || h->free_huge_pages ||
		    h->surplus_huge_pages)
			hfail(&c, "hugetlb: pool counts without a pool");
		return c.n;
	}
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++) {
		const struct page *p = pfn_to_page(m, pfn);
		int nid;

		if (page_state(p) != PS_ALLOC ||
		    page_kind(p) != MC_PAGE_HUGETLB)
			continue;
		if (!page_test_flag(p, PG_hugetlb_pool)) {
			if (page_test_flag(p, PG_hugetlb_freed))
				hfail(&c, "hugetlb: pfn 0x%lx is free but no "
				      "pool page", pfn);
			continue;
		}
		nid = folio_nid(m, p);
		if (page_sto_order(p) != order || !page_test_flag(p, PG_head))
			hfail(&c, "hugetlb: pool page 0x%lx has order %u "
			      "(hstate %u) or is not compound", pfn,
			      page_sto_order(p), order);
		nr[nid]++;
		if (page_test_flag(p, PG_hugetlb_freed)) {
			nfree[nid]++;
			if (p->owner || p->private)
				hfail(&c, "hugetlb: free pool page 0x%lx has "
				      "owner %u cookie %u", pfn, p->owner,
				      p->private);
		}
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		uint32_t head = h->hugepage_freelists[nid], i, prev = head;
		unsigned long n = 0;

		for (i = idx_page(m, head)->next; i != head;
		     prev = i, i = idx_page(m, i)->next) {
			const struct page *p;

			if (i >= m->nr_pfns || ++n > nfree[nid]) {
				hfail(&c, "hugetlb: node %d free list is "
				      "broken or too long", nid);
				break;
			}
			p = idx_page(m, i);
			if (p->prev != prev)
				hfail(&c, "hugetlb: node %d free list: broken "
				      "prev link at 0x%lx", nid,
				      page_to_pfn(m, p));
			if (!folio_test_hugetlb_pool(p) ||
			    !page_test_flag(p, PG_hugetlb_freed) ||
			    folio_nid(m, p) != nid)
				hfail(&c, "hugetlb: node %d free list holds "
				      "0x%lx, not a free pool page of the "
				      "node", nid, page_to_pfn(m, p));
		}
		if (n != nfree[nid] ||
		    h->free_huge_pages_node[nid] != nfree[nid])
			hfail(&c, "hugetlb: node %d: %lu free pool pages, %lu "
			      "listed, count %lu", nid, nfree[nid], n,
			      h->free_huge_pages_node[nid]);
		if (h->nr_huge_pages_node[nid] != nr[nid])
			hfail(&c, "hugetlb: node %d: %lu pool pages, count %lu",
			      nid, nr[nid], h->nr_huge_pages_node[nid]);
		if (h->surplus_huge_pages_node[nid] > nr[nid])
			hfail(&c, "hugetlb: node %d: surplus %lu of %lu pages",
			      nid, h->surplus_huge_pages_node[nid], nr[nid]);
		sum_nr += h->nr_huge_pages_node[nid];
		sum_free += h->free_huge_pages_node[nid];
		sum_surplus += h->surplus_huge_pages_node[nid];
	}
	if (sum_nr != h->nr_huge_pages || sum_free != h->free_huge_pages ||
	    sum_surplus != h->surplus_huge_pages)
		hfail(&c, "hugetlb: totals nr %lu free %lu surplus %lu, nodes "
		      "sum to %lu %lu %lu", h->nr_huge_pages,
		      h->free_huge_pages, h->surplus_huge_pages, sum_nr,
		      sum_free, sum_surplus);
	if (h->max_huge_pages > h->nr_huge_pages)
		hfail(&c, "hugetlb: max_huge_pages %lu above nr %lu",
		      h->max_huge_pages, h->nr_huge_pages);
	return c.n;
}

/*
 * hugetlb_pool_rebuild - the pool's lists and counts from the page frames,
 * for a machine whose frames were placed directly (the snapshot import,
 * build.c): every HUGETLB block marked PG_hugetlb_pool counts in its
 * node's nr_huge_pages, those marked PG_hugetlb_freed go on the node's
 * free list in address order.  Surplus pages cannot be told from
 * persistent ones by their frames: @surplus gives them per node (NULL: none),
 * and max_huge_pages becomes the persistent count, as vm.nr_hugepages
 * would read.  0, or -ENOMEM when the list heads cannot be had.
 */
int hugetlb_pool_rebuild(struct mc_machine *m, const unsigned long *surplus)
{
	struct hstate *h = &m->hstate;
	int ret;

	if (h->lists_ready)
		for (int nid = 0; nid < m->nr_node_ids; nid++)
			ilist_init(m, h->hugepage_freelists[nid]);
	h->nr_huge_pages = h->free_huge_pages = h->surplus_huge_pages = 0;
	memset(h->nr_huge_pages_node, 0, sizeof(h->nr_huge_pages_node));
	memset(h->free_huge_pages_node, 0, sizeof(h->free_huge_pages_node));
	memset(h->surplus_huge_pages_node, 0,
	       sizeof(h->surplus_huge_pages_node));
	h->max_huge_pages = 0;
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++) {
		struct page *p = pfn_to_page(m, pfn);
		int nid;

		if (page_state(p) != PS_ALLOC ||
		    page_kind(p) != MC_PAGE_HUGETLB ||
		    !page_test_flag(p, PG_hugetlb_pool))
			continue;
		ret = hugetlb_lists_init(m);
		if (ret)
			return ret;
		nid = folio_nid(m, p);
		h->nr_huge_pages++;
		h->nr_huge_pages_node[nid]++;
		if (page_test_flag(p, PG_hugetlb_freed)) {
			ilist_add_tail(m, page_idx(m, p),
				       h->hugepage_freelists[nid]);
			h->free_huge_pages++;
			h->free_huge_pages_node[nid]++;
		}
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned long sp = surplus ? surplus[nid] : 0;

		if (sp > h->nr_huge_pages_node[nid])
			sp = h->nr_huge_pages_node[nid];
		h->surplus_huge_pages_node[nid] = sp;
		h->surplus_huge_pages += sp;
	}
	h->max_huge_pages = h->nr_huge_pages - h->surplus_huge_pages;
	return 0;
}
