/* libFuzzer target: the expression parser and type checker (policy/expr.c) against the shipped
 * facts schema, as a condition over a person and as one over a certificate (item.). */
#include <string.h>

#include "fuzz_common.h"
#include "policy/expr.h"
#include "policy/factschema.h"

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

/* One input, as text (up to the first NUL). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct diag d = DIAG_INIT;
	struct expr *e = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	for (int item = 0; item < 2; item++) {
		struct expr_env env = { schema, item ? factschema_find(schema, "certificates") : NULL,
			"fuzz.yaml", 1, 1, NULL, 0 };
		if (expr_parse(text, &env, &e, &d) == 0)
			expr_free(e);
		e = NULL;
	}
	free(text);
	return 0;
}
