// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma_pool.c - a pool of contiguous DMA buffers on an arena.
 *
 * A device needs buffers that are contiguous in the arena's frames (when
 * the region is memory the device sees contiguously: a hugetlb or
 * CMA-backed mapping, an IOMMU window).  General-purpose users fill most
 * of the arena with movable handle blocks; when the driver asks for a
 * buffer, alloc_contig_pages (mc_alloc_contig_pages, as the kernel's CMA
 * and alloc_contig_range do) migrates whatever is in the way, and the
 * handles follow their data.  The example checks, every round, that each
 * buffer is contiguous and aligned, that the "device" can write and read
 * it, and that every general-purpose block still holds its bytes.
 */
#include <memcompact.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MiB (1024u * 1024)
#define PAGE 4096u
#define BUF_PAGES 256u		/* 1 MiB buffers */
#define NBUF 8

struct dma_buf {
	uint64_t pfn;
	unsigned char *cpu;	/* the CPU's view */
	uint64_t dev;		/* the device's address: the frame address */
};

static int dma_alloc(struct mc_arena *a, struct dma_buf *b)
{
	struct mc_machine *m = mc_arena_machine(a);
	int ret = mc_alloc_contig_pages(m, BUF_PAGES, MC_GFP_KERNEL, 0, 0,
					NULL, &b->pfn);

	if (ret)
		return ret;
	b->cpu = mc_arena_pfn_to_addr(a, b->pfn);
	b->dev = b->pfn * PAGE;
	return 0;
}

static void dma_free(struct mc_arena *a, struct dma_buf *b)
{
	mc_free_contig_range(mc_arena_machine(a), b->pfn, BUF_PAGES, 0);
}

static uint32_t word(mc_handle_t h) { return (uint32_t)(h * 2654435761u); }

int main(void)
{
	struct mc_arena_config cfg = { .bytes = 64 * MiB, .nr_cpus = 2,
				       .flags = MC_ARENA_POISON };
	size_t n = 64 * MiB / PAGE * 3 / 4;	/* 75% full */
	mc_handle_t *h = calloc(n, sizeof(*h));
	struct mc_arena_stats st;
	struct mc_arena *a;
	struct mc_error err;
	int fails = 0, got = 0;

	if (!h || mc_arena_create(&cfg, &a, &err)) {
		fprintf(stderr, "dma_pool: %s\n", h ? err.msg : "no memory");
		return 1;
	}
	for (int round = 0; round < 10; round++) {
		struct dma_buf buf[NBUF];
		int nb = 0;

		/* general-purpose users: replace a third of the blocks */
		for (size_t i = 0; i < n; i++) {
			uint32_t *p;

			if (h[i] && (i + round) % 3)
				continue;
			if (h[i])
				mc_arena_free(a, h[i]);
			h[i] = 0;
			if (mc_arena_alloc(a, 0, MC_GFP_NORETRY | MC_GFP_NOWARN,
					   &h[i])) {
				h[i] = 0;
				continue;
			}
			mc_arena_map(a, h[i], (void **)&p);
			for (unsigned w = 0; w < PAGE / 4; w++)
				p[w] = word(h[i]) + w;
			mc_arena_unmap(a, h[i]);
		}
		/* the driver takes its buffers: contiguous, aligned */
		for (; nb < NBUF; nb++) {
			if (dma_alloc(a, &buf[nb]))
				break;
			if (buf[nb].pfn % BUF_PAGES) {
				fprintf(stderr, "dma_pool: unaligned buffer\n");
				fails++;
			}
			/* the device writes it; the CPU reads it back */
			memset(buf[nb].cpu, 0xd0 + nb, BUF_PAGES * PAGE);
		}
		got += nb;
		for (int i = 0; i < nb; i++)
			for (size_t k = 0; k < BUF_PAGES * PAGE; k += 4093)
				if (buf[i].cpu[k] != (unsigned char)(0xd0 + i))
					fails++;
		/* every general-purpose block kept its bytes */
		for (size_t i = 0; i < n; i++) {
			uint32_t *p;

			if (!h[i])
				continue;
			mc_arena_map(a, h[i], (void **)&p);
			for (unsigned w = 0; w < PAGE / 4; w++)
				if (p[w] != word(h[i]) + w) {
					fails++;
					break;
				}
			mc_arena_unmap(a, h[i]);
		}
		printf("round %d: %d of %d DMA buffers of %u KiB\n", round, nb,
		       NBUF, BUF_PAGES * PAGE / 1024);
		for (int i = 0; i < nb; i++)
			dma_free(a, &buf[i]);
	}
	if (mc_check(mc_arena_machine(a), NULL, NULL))
		fails++;
	mc_arena_stats(a, &st);
	printf("dma_pool: %d buffers in 10 rounds, %llu pages migrated out "
	       "of their way, %d failures\n", got,
	       (unsigned long long)st.migrated_pages, fails);
	mc_arena_destroy(a);
	free(h);
	/* every round must get all its buffers: 25% of the arena is free */
	return fails || got != 10 * NBUF;
}
