/* Calendar dates as day numbers (days since 1970-01-01), proleptic Gregorian. */
#include "util/date.h"

#include <limits.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Whether y is a leap year. */
static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m of year y. */
int
date_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && leap(y))
		return 29;
	return days[m - 1];
}

/* Whether y-m-d is a real calendar date (years 1000..9999). */
bool
date_valid(int y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_month_days(y, m);
}

/* Day number of a valid y-m-d (Hinnant's days_from_civil). */
int
date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Split a day number into y, m, d (Hinnant's civil_from_days). */
void
date_to_ymd(int days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Parse exactly "YYYY-MM-DD" into a day number; -1 when malformed or not a real date. */
int
date_parse(const char *s, int *days)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned v[8];

	if (s == NULL)
		return -1;
	/* in order, so that a shorter text stops at its terminator: digits, '-', digits, '-' */
	for (int i = 0, k = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (u[i] != '-')
				return -1;
			continue;
		}
		if ((v[k++] = (unsigned)u[i] - '0') > 9)
			return -1;
	}
	if (u[10] != '\0')
		return -1;
	int y = (int)(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]);
	int m = (int)(v[4] * 10 + v[5]);
	int d = (int)(v[6] * 10 + v[7]);
	if (!date_valid(y, m, d))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

/* Write "YYYY-MM-DD" into out (11 bytes). Returns out. */
char *
date_format(int days, char out[11])
{
	int y, m, d;
	char buf[48];

	date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
		memcpy(out, buf, 10);
		out[10] = '\0';
		return out;
	}
	/* the digits by hand: an import formats each row's birth date twice (snprintf's cost) */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

/* Today in local time, or JOBDESK_TODAY (YYYY-MM-DD) when set, for tests. */
int
date_today(void)
{
	const char *env = getenv("JOBDESK_TODAY");
	int days;
	struct tm tm;
	time_t now = time(NULL);

	if (env != NULL && date_parse(env, &days) == 0)
		return days;
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Whether JOBDESK_TODAY, when set and not empty, is a date: 0, or -1. */
int
date_today_check(void)
{
	const char *env = getenv("JOBDESK_TODAY");
	int days;

	return env == NULL || env[0] == '\0' || date_parse(env, &days) == 0 ? 0 : -1;
}

/* The date n months after (or before) days, clamped to the month end. */
int
date_add_months(int days, int n)
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	int total = y * 12 + (m - 1) + n;
	/* floor division: a month before year 0 is still a month 1 to 12 */
	y = total / 12;
	m = total % 12;
	if (m < 0) {
		m += 12;
		y--;
	}
	m++;
	int last = date_month_days(y, m);
	return date_from_ymd(y, m, d > last ? last : d);
}

/* Completed months from a to b (negative when b is before a). */
int
date_months_between(int a, int b)
{
	if (b < a)
		return -date_months_between(b, a);
	/* each side's day split as last time when it is the same day (b is most often the
	 * evaluation date, a a birth or registration date asked again by another rule) */
	static _Thread_local int ka = INT_MIN, kb = INT_MIN, ay, am, ad, by, bm, bd;
	if (a != ka) {
		date_to_ymd(a, &ay, &am, &ad);
		ka = a;
	}
	if (b != kb) {
		date_to_ymd(b, &by, &bm, &bd);
		kb = b;
	}
	int months = (by - ay) * 12 + (bm - am);
	/* A month is complete once the same day of month is reached, or the
	 * month end when that month is shorter (Jan 31 + 1 month = Feb 28): a + months
	 * (date_add_months) falls in b's month, on ad or that month's last day. */
	if (months > 0) {
		int last = date_month_days(by, bm);
		if ((ad > last ? last : ad) > bd)
			months--;
	}
	return months;
}

/* Completed years from a to b. */
int
date_years_between(int a, int b)
{
	int m = date_months_between(a, b);
	return m / 12;
}
