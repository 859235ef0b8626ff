// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel_fragment.c - fragment this machine's memory the way bench_arena
 * fragments an arena, for scripts/kernel-compact-bench.sh.
 *
 *   kernel_fragment MIB
 *
 * Maps MIB MiB of anonymous memory without transparent huge pages,
 * writes every page (so each gets a physical frame), then gives back 3 of
 * every 4 pages of each 2 MiB (madvise(MADV_DONTNEED) on the pages whose
 * index is not a multiple of 4) and holds the rest.  Prints "ready" with
 * the pages held and waits until its standard input closes or it is
 * killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoull(argv[1], NULL, 0) : 0;
	size_t len = mib << 20, page = 4096, held = 0;
	char *p, buf[16];

	if (!mib) {
		fprintf(stderr, "usage: kernel_fragment MIB\n");
		return 2;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("kernel_fragment: mmap");
		return 1;
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	for (size_t off = 0; off < len; off += page)
		memset(p + off, (int)(off >> 12), page);
	for (size_t i = 0; i < len / page; i++) {
		if (i % 4) {
			madvise(p + i * page, page, MADV_DONTNEED);
		} else {
			held++;
		}
	}
	printf("ready %zu\n", held);
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
