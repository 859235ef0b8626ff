// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl.c - the vm.* tunables: names, defaults, ranges, validation and
 * side effects, as the kernel's ctl_table handlers define them.
 */
#include "mm/internal.h"

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
	t->compact_unevictable_allowed = 1;
	t->compact_memory = 0;
	t->zone_reclaim_mode = 0;
	t->stat_interval = 1;
	t->kcompactd_sleep_millisecs = 500;
}
