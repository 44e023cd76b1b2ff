/* The 18-digit resident ID number (GB 11643-1999). */
#ifndef UTIL_IDNUM_H
#define UTIL_IDNUM_H

#include <stddef.h>

struct idnum {
	char number[19];    /* normalised: 17 digits and a digit or 'X' */
	char region[7];     /* six-digit administrative region */
	char province[3];   /* its first two digits: 22 = Jilin */
	int birth;          /* day number of the birth date (util/date.h) */
	char birth_text[11];/* YYYY-MM-DD */
	int male;           /* 1 male (odd sequence), 0 female */
};

/* Check and split an ID number as of day number today; 0, or -1 with why (one sentence) filled in. */
int idnum_parse(const char *s, int today, struct idnum *out, char *why, size_t whylen);
/* The ISO 7064 MOD 11-2 check character of 17 digits. */
char idnum_check_char(const char *digits17);
/* Write a masked form ("220102********0028") into out (19 bytes). */
void idnum_mask(const char *number, char out[19]);

#endif
