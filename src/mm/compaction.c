// SPDX-License-Identifier: GPL-2.0-only
/*
 * compaction.c - memory compaction (mm/compaction.c).
 *
 * Placeholder for the allocator core (issue 2): direct compaction reports
 * COMPACT_SKIPPED, so the slow path fails cleanly where it would compact.
 */
#include "mm/internal.h"

struct page *__alloc_pages_direct_compact(gfp_t gfp_mask, unsigned int order,
					  unsigned int alloc_flags,
					  const struct alloc_context *ac,
					  enum compact_priority prio,
					  enum compact_result *compact_result)
{
	(void)gfp_mask;
	(void)alloc_flags;
	(void)ac;
	(void)prio;
	if (!order)
		return NULL;
	*compact_result = COMPACT_SKIPPED;
	return NULL;
}

bool compaction_zonelist_suitable(struct alloc_context *ac, int order,
				  int alloc_flags)
{
	(void)ac;
	(void)order;
	(void)alloc_flags;
	return false;
}
