/* libFuzzer target: one policy file (policy/policy.c with its parameters, templates, groups and
 * expressions) loaded against the shipped set's schema, local parameters and settings. */
#include "fuzz_common.h"
#include "policy/policyset.h"

static struct policyset *set;

/* Load the shipped policy set once, for the environment a policy file is loaded against. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d = DIAG_INIT;

	(void)argc;
	(void)argv;
	if (policyset_open(fuzz_policies(), &set, &d) != 0) {
		fprintf(stderr, "fuzz: %s\n", d.msg);
		exit(70);
	}
	return 0;
}

/* One input, as a policy file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_env env = set->env;
	struct policy *p = NULL;

	env.report = fuzz_drop;
	env.arg = NULL;
	policy_load(fuzz_file(data, size, ".yaml"), &env, &p);
	policy_free(p);
	return 0;
}
