// SPDX-License-Identifier: GPL-2.0-only
/*
 * replay.c - run a fuzz target without libFuzzer: every file named on the
 * command line (or inside a directory named there) is given to
 * LLVMFuzzerTestOneInput() once, in name order.  A broken guarantee aborts
 * (the test fails); otherwise "N passed, 0 failed".  An empty directory is
 * an error: a corpus that is gone must not pass silently.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				fclose(f);
				free(buf);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	/* libFuzzer hands a copy of exactly the input's size */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (!exact) {
			free(buf);
			return -1;
		}
		memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, unsigned long *passed)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, cap = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open %s: %s\n", dir,
			strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (nr == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
		}
		names[nr] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (!names[nr]) {
			rc = -1;
			break;
		}
		sprintf(names[nr], "%s/%s", dir, de->d_name);
		nr++;
	}
	closedir(d);
	if (!rc && !nr) {
		fprintf(stderr, "replay: %s holds no inputs\n", dir);
		rc = -1;
	}
	if (nr)
		qsort(names, nr, sizeof(*names), name_cmp);
	for (size_t i = 0; i < nr; i++) {
		if (!rc) {
			if (getenv("MC_REPLAY_VERBOSE"))
				fprintf(stderr, "replay: %s\n", names[i]);
			if (run_file(names[i]))
				rc = -1;
			else
				(*passed)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long passed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode) ? run_dir(argv[i], &passed)
					: run_file(argv[i]))
			return 1;
		if (!S_ISDIR(st.st_mode))
			passed++;
	}
	printf("%lu passed, 0 failed\n", passed);
	return 0;
}
