/* Calendar dates as day numbers (days since 1970-01-01), proleptic Gregorian. */
#ifndef UTIL_DATE_H
#define UTIL_DATE_H

#include <stdbool.h>

/* Whether y-m-d is a real calendar date (years 1000..9999). */
bool date_valid(int y, int m, int d);
/* Day number of a valid y-m-d. */
int date_from_ymd(int y, int m, int d);
/* Split a day number into y, m, d. */
void date_to_ymd(int days, int *y, int *m, int *d);
/* Parse exactly "YYYY-MM-DD" into a day number; -1 when malformed or not a real date. */
int date_parse(const char *s, int *days);
/* Write "YYYY-MM-DD" into out (11 bytes). Returns out. */
char *date_format(int days, char out[11]);
/* Today in local time, or JOBDESK_TODAY (YYYY-MM-DD) when set, for tests. */
int date_today(void);
/* Whether JOBDESK_TODAY, when set and not empty, is a date (date_today would otherwise ignore it):
 * 0, or -1 (main refuses to run then). */
int date_today_check(void);
/* Days in month m of year y. */
int date_month_days(int y, int m);
/* The date n months after (or before) days, clamped to the month end. */
int date_add_months(int days, int n);
/* Completed months from a to b (negative when b is before a). */
int date_months_between(int a, int b);
/* Completed years from a to b. */
int date_years_between(int a, int b);

#endif
