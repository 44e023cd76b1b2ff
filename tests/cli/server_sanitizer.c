/* Linked into the server test's jobdesk alone: set-group-id, it cannot read ASAN_OPTIONS (the
 * kernel gives /proc/self/environ of such a process to root, and the sanitizers read it there),
 * and LeakSanitizer cannot trace it (it is not dumpable); so its leak check is off here, built in.
 * The ordinary jobdesk, the same code, is leak-checked by every other test. */
const char *__asan_default_options(void);

/* The AddressSanitizer options this program starts with (read only in a sanitizer build). */
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
