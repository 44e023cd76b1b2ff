/* For tests/bench/report.sh: print the SQL jobdesk runs for a report (core/report.h
 * report_sql), each statement on one line ending with ';', so that the sqlite3 shell runs the
 * very same text. usage: report_sql KIND [office] */
#include <stdio.h>
#include <string.h>

#include "core/report.h"

/* Print each statement of the report named. */
int
main(int argc, char **argv)
{
	int k = argc > 1 ? report_kind_parse(argv[1]) : -1;
	bool office = argc > 2 && strcmp(argv[2], "office") == 0;

	if (k < 0) {
		fprintf(stderr, "usage: report_sql %s [office]\n", report_kind_names());
		return 64;
	}
	for (int part = 0; part < report_nparts(k); part++) {
		struct sbuf sql = SBUF_INIT;
		report_sql(k, part, office, &sql);
		printf("%s;\n", sbuf_str(&sql));
		sbuf_free(&sql);
	}
	return 0;
}
