/* What the libFuzzer targets share: the input as a file (the readers take paths), and a report
 * function that drops a loader's messages. Only the fuzz targets include it. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/diag.h"

/* Write the input to this process's scratch file (in /dev/shm when there is one); its path. */
static const char *
fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[128];
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	snprintf(path, sizeof path, "%s/jobdesk-fuzz-%d%s", dir, (int)getpid(), suffix);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

/* A loader's report callback that keeps nothing. */
static void
fuzz_drop(void *arg, const struct diag *d)
{
	(void)arg;
	(void)d;
}

/* The policies directory the targets load their environment from (JOBDESK_POLICIES). */
static const char *
fuzz_policies(void)
{
	const char *dir = getenv("JOBDESK_POLICIES");
	if (dir == NULL) {
		fprintf(stderr, "fuzz: set JOBDESK_POLICIES to the policies directory\n");
		exit(64);
	}
	return dir;
}
#endif
