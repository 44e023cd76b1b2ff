/* libFuzzer target: the GB 11643 ID number parser (util/idnum.c) and its mask, on any text. */
#include <string.h>

#include "fuzz_common.h"
#include "util/idnum.h"

/* One input, as text (up to the first NUL). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), why[256], masked[19];
	struct idnum id;

	memcpy(text, data, size);
	text[size] = '\0';
	if (idnum_parse(text, 17591, &id, why, sizeof why) == 0) {
		idnum_mask(id.number, masked);
		if (strlen(id.number) != 18 || strlen(masked) != 18)
			abort();  /* a parsed number is always 18 characters */
	}
	free(text);
	return 0;
}
