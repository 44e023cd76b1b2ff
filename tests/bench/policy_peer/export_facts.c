/* Export every person's facts as JSON Lines, for the json-rules-engine peer of tests/bench/policy.sh.
 *
 * usage: export_facts DB > FILE.jsonl
 * Each line is {"person": ID, "facts": TREE}: the facts tree that policy eval --all evaluates, read
 * through the same core/facts.c iterator and written by node_write_json, so the peer gets exactly
 * the same facts. Built by tests/bench/policy.sh against the static library; not part of the build. */
#include <stdio.h>
#include <stdlib.h>

#include "core/db.h"
#include "core/dbopen.h"
#include "core/facts.h"
#include "util/json.h"
#include "util/node.h"
#include "util/sbuf.h"

/* Write the buffer to stdout and empty it; exits on a write error. */
static void
export_flush(struct sbuf *out)
{
	if (fwrite(out->s, 1, out->len, stdout) != out->len) {
		perror("export_facts: writing");
		exit(74);
	}
	sbuf_reset(out);
}

/* Open the database, then write one line per person in person order. */
int
main(int argc, char **argv)
{
	struct diag d = DIAG_INIT;
	struct db *db;
	struct facts_iter *it;
	struct node *facts;
	struct sbuf out = SBUF_INIT;
	const char *id;

	if (argc != 2) {
		fprintf(stderr, "usage: export_facts DB > FILE.jsonl\n");
		return 64;
	}
	if (dbopen_open(argv[1], "bench", false, &d, &db) != 0)
		return diag_print(&d);
	if ((it = facts_iter_new(db)) == NULL) {
		fprintf(stderr, "export_facts: cannot read the persons of %s\n", argv[1]);
		return 70;
	}
	while ((facts = facts_iter_next(it, &id)) != NULL) {
		sbuf_add(&out, "{\"person\":");
		json_quote(&out, id);
		sbuf_add(&out, ",\"facts\":");
		node_write_json(facts, &out);
		sbuf_add(&out, "}\n");
		node_free(facts);
		if (out.len >= 1 << 20)
			export_flush(&out);
	}
	if (out.len > 0)
		export_flush(&out);
	facts_iter_free(it);
	sbuf_free(&out);
	db_close(db);
	return fflush(stdout) == 0 ? 0 : 74;
}
