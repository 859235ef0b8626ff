// SPDX-License-Identifier: GPL-2.0-only
/*
 * hugetlb.c - the hugetlb pool (mm/hugetlb.c): vm.nr_hugepages and the
 * per-node pools of huge pages taken from the buddy allocator.
 * (Scaffold: filled by the hugetlb work.)
 */
#include "mm/internal.h"

#include <errno.h>

int dissolve_free_hugetlb_folio(struct mc_machine *m, struct page *page)
{
	(void)m;
	(void)page;
	return -EBUSY;
}

bool hugetlb_folio_is_free(const struct mc_machine *m, const struct page *page)
{
	(void)m;
	(void)page;
	return false;
}
