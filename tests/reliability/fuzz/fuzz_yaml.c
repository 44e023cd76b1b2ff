/* libFuzzer target: the YAML loader (policy/yamlload.c) on any bytes: the node tree it builds,
 * its nesting and size limits, duplicate keys. */
#include "fuzz_common.h"
#include "policy/yamlload.h"
#include "util/node.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct node *root = NULL;
	struct diag d = DIAG_INIT;

	if (yamlload_buf("fuzz.yaml", (const char *)data, size, &root, &d) == 0)
		node_free(root);
	return 0;
}
