/* libFuzzer target: the facts reader (policy/factsfile.c): a facts file checked against the
 * shipped schema, with the facts derived from it. */
#include "fuzz_common.h"
#include "policy/factsfile.h"
#include "policy/factschema.h"
#include "util/node.h"

static struct factschema *schema;

/* Load the shipped facts schema once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[4096];
	struct diag d = DIAG_INIT;

	(void)argc;
	(void)argv;
	snprintf(path, sizeof path, "%s/facts-schema.yaml", fuzz_policies());
	if (factschema_load(path, &schema, &d) != 0) {
		fprintf(stderr, "fuzz: %s\n", d.msg);
		exit(70);
	}
	return 0;
}

/* One input, as a facts file read on 2018-03-01 (day 17591 since 1970-01-01). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct node *root = NULL;
	struct diag d = DIAG_INIT;

	if (factsfile_read(schema, fuzz_file(data, size, ".yaml"), 17591, &root, &d) == 0)
		node_free(root);
	return 0;
}
