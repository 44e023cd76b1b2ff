/* libFuzzer target: CSV import (core/transfer.c over util/csv.c): the whole check of a file, as
 * `jobdesk import --dry-run` does it, against a database made once in memory. */
#include "fuzz_common.h"
#include "core/dbopen.h"
#include "core/transfer.h"

static struct db *db;

/* Make the database once: every migration, no rows. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d = DIAG_INIT;
	char path[128];

	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "%s/jobdesk-fuzz-%d.db", access("/dev/shm", W_OK) == 0 ?
	    "/dev/shm" : "/tmp", (int)getpid());
	unlink(path);
	if (dbopen_open(path, "fuzz", true, &d, &db) != 0) {
		fprintf(stderr, "fuzz: %s\n", d.msg);
		exit(70);
	}
	return 0;
}

/* One input, as a CSV file checked and not written. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transfer_opts o = { .dry_run = true };
	struct transfer_report r = { 0 };
	struct diag d = DIAG_INIT;

	transfer_import(db, fuzz_file(data, size, ".csv"), &o, &r, &d);
	transfer_report_free(&r);
	return 0;
}
