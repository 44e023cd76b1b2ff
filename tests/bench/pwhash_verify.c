/* The floor of a login for tests/bench/login.sh: one process that verifies a password (the first
 * line of stdin) against an Argon2id hash (argv[1]) with libsodium, as core/user.c does; exit 0
 * when it verifies, 1 when not. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Verify stdin's first line against argv[1]. */
int
main(int argc, char **argv)
{
	char pw[512];

	if (argc != 2 || sodium_init() < 0 || fgets(pw, sizeof pw, stdin) == NULL)
		return 2;
	pw[strcspn(pw, "\r\n")] = '\0';
	return crypto_pwhash_str_verify(argv[1], pw, strlen(pw)) == 0 ? 0 : 1;
}
