/* Labels a counselor reads for the stored values: stages, enumerations, yes/no, money. */
#include "core/label.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/field.h"
#include "util/i18n.h"
#include "util/utf8.h"

/* Stored values and their English labels (translated through the catalogue). A value listed
 * again has another label a counselor may type for it (农村 beside 农业户口); the first is
 * the one shown. */
static const struct {
	const char *value, *label;
} labels[] = {
	{ "registered", "registered" }, { "training", "training" }, { "internship", "internship" },
	{ "startup", "startup" }, { "grassroots", "grassroots" }, { "employed", "employed" },
	{ "closed", "closed" }, { "employment", "job" },
	{ "male", "male" }, { "female", "female" }, { "rural", "rural" }, { "urban", "urban" },
	{ "rural", N_("rural area") }, { "urban", N_("urban area") },
	{ "none", "none" }, { "primary", "primary school" }, { "junior_high", "junior high" },
	{ "senior_high", "senior high" }, { "secondary_vocational", "secondary vocational" },
	{ "technical_school", "technical school" }, { "junior_college", "junior college" },
	{ "bachelor", "bachelor" }, { "master", "master" }, { "doctorate", "doctorate" },
	{ "demobilised_soldier", "demobilised soldier" },
	{ "transferred_officer", "transferred officer" },
	{ "unemployed", "unemployed" }, { "self_employed", "self-employed" },
	{ "flexible", "flexible employment" }, { "student", "student" },
	{ "enterprise", "enterprise" }, { "social_org", "social organisation" },
	{ "public_institution", "public institution" }, { "government", "government" },
	{ "planned", "planned" }, { "active", "active" }, { "completed", "completed" },
	{ "dropped", "dropped" },
	{ "employment_skills", "employment skills" }, { "guidance", "guidance" },
	{ "apprenticeship", "apprenticeship" }, { "technician", "technician" },
	{ "micro_enterprise", "micro enterprise" }, { "individual_business", "individual business" },
	{ "micro", "micro-sized" }, { "small", "small-sized" }, { "medium", "medium-sized" },
	{ "large", "large-sized" },
	{ "other", "other" },
	{ "xuandiao", "selected graduate (xuandiao)" }, { "sanzhi_yifu", "three supports, one aid" },
	{ "xibu", "western programme" }, { "tegang", "special-post teacher" },
	{ "public_service", "grassroots public service" },
	{ "eligible", "eligible" }, { "ineligible", "not eligible" },
	{ "unknown", "needs information" }, { "proposed", "proposed" }, { "approved", "approved" },
	{ "rejected", "rejected" }, { "revoked", "revoked" }, { "decided", "decided" },
	{ "paid", "paid" },
	{ "insert", "added" }, { "update", "changed" }, { "delete", "removed" },
	{ "counselor", "counselor" }, { "supervisor", "supervisor" }, { "admin", "administrator" },
};

/* The translated label of a stored enumeration value; the value itself when it has none. */
const char *
label_value(const char *value)
{
	if (value == NULL)
		return "-";
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].value, value) == 0)
			return tr(labels[i].label);
	return value;
}

/* The labels' index of a stored value (len bytes at value), or -1. */
static int
label_find(const char *value, size_t len)
{
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strlen(labels[i].value) == len && strncmp(labels[i].value, value, len) == 0)
			return (int)i;
	return -1;
}

/* Whether text is a message id (any case), its translation in the interface's language, or
 * its zh_CN translation whatever the locale. */
static bool
label_says(const char *text, const char *en)
{
	const char *zh;

	if (en == NULL)
		return false;
	if (strcasecmp(text, en) == 0 || strcmp(text, tr(en)) == 0)
		return true;
	zh = i18n_zh_text(en);
	return zh != NULL && strcmp(text, zh) == 0;
}

/* Whether text names the stored value (len bytes at value) by one of its labels. */
static bool
label_names(const char *text, const char *value, size_t len)
{
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strlen(labels[i].value) == len && strncmp(labels[i].value, value, len) == 0 &&
		    label_says(text, labels[i].label))
			return true;
	return false;
}

/* Append the allowed values ('a|b|c') as the interface says them: the labels joined by 、 in
 * Chinese, the values as 'a|b|c' in English. */
void
label_choices(const char *allowed, struct sbuf *out)
{
	const char *p = allowed;

	if (!i18n_zh()) {
		sbuf_add(out, allowed);
		return;
	}
	while (*p) {
		size_t n = strcspn(p, "|");
		int i = label_find(p, n);
		if (p != allowed)
			sbuf_add(out, "、");
		if (i >= 0)
			sbuf_add(out, tr(labels[i].label));
		else
			sbuf_addf(out, "%.*s", (int)n, p);
		p += n + (p[n] == '|');
	}
}

/* The stored value of allowed that text names (see label.h); 0, or -1 with why. */
int
label_parse(const char *text, const char *allowed, char *out, size_t outlen, char *why,
    size_t whylen)
{
	char typed[128];
	const char *p;

	if (field_ascii(text, typed, sizeof typed, 1) != 0)
		typed[0] = '\0';
	/* the values first (what scripts and exports give), then their labels */
	for (int labelled = 0; labelled < 2 && typed[0] != '\0'; labelled++) {
		for (p = allowed; *p; p += strcspn(p, "|") + (p[strcspn(p, "|")] == '|')) {
			size_t n = strcspn(p, "|");
			if (labelled ? label_names(typed, p, n) : strlen(typed) == n &&
			    strncmp(p, typed, n) == 0) {
				/* the value as allowed lists it (no formatting: an import asks 7 a row) */
				size_t m = n < outlen ? n : outlen - 1;
				memcpy(out, p, m);
				out[m] = '\0';
				return 0;
			}
		}
	}
	struct sbuf list = SBUF_INIT;
	label_choices(allowed, &list);
	snprintf(why, whylen, tr("'%.40s' is not one of %s"), text, sbuf_str(&list));
	sbuf_free(&list);
	return -1;
}

/* The translated yes / no / unknown of a flag stored as "1", "0" or NULL. */
const char *
label_flag(const char *v)
{
	if (v == NULL)
		return "-";
	return strcmp(v, "1") == 0 ? tr("yes") : tr("no");
}

/* Write a fen amount as yuan with two decimals ("960.00") into out. */
void
label_money(int64_t fen, char *out, size_t len)
{
	snprintf(out, len, "%s%" PRId64 ".%02" PRId64, fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100,
	    (fen < 0 ? -fen : fen) % 100);
}

/* The provinces by their two-digit code of GB/T 2260, with English names (translated). */
static const struct {
	const char *code, *name;
} provinces[] = {
	{ "11", N_("Beijing") }, { "12", N_("Tianjin") }, { "13", N_("Hebei") },
	{ "14", N_("Shanxi") }, { "15", N_("Inner Mongolia") }, { "21", N_("Liaoning") },
	{ "22", N_("Jilin") }, { "23", N_("Heilongjiang") }, { "31", N_("Shanghai") },
	{ "32", N_("Jiangsu") }, { "33", N_("Zhejiang") }, { "34", N_("Anhui") },
	{ "35", N_("Fujian") }, { "36", N_("Jiangxi") }, { "37", N_("Shandong") },
	{ "41", N_("Henan") }, { "42", N_("Hubei") }, { "43", N_("Hunan") },
	{ "44", N_("Guangdong") }, { "45", N_("Guangxi") }, { "46", N_("Hainan") },
	{ "50", N_("Chongqing") }, { "51", N_("Sichuan") }, { "52", N_("Guizhou") },
	{ "53", N_("Yunnan") }, { "54", N_("Tibet") }, { "61", N_("Shaanxi") },
	{ "62", N_("Gansu") }, { "63", N_("Qinghai") }, { "64", N_("Ningxia") },
	{ "65", N_("Xinjiang") }, { "71", N_("Taiwan") }, { "81", N_("Hong Kong") },
	{ "82", N_("Macao") },
};

/* The two-digit codes of the provinces, 'a|b|c', in code order. */
const char label_province_codes[] = "11|12|13|14|15|21|22|23|31|32|33|34|35|36|37|41|42|43|"
    "44|45|46|50|51|52|53|54|61|62|63|64|65|71|81|82";

/* The translated name of a province by its two-digit code ("22" -> 吉林省); the code itself
 * when it is not one; "-" for NULL. */
const char *
label_province(const char *code)
{
	if (code == NULL)
		return "-";
	for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++)
		if (strcmp(provinces[i].code, code) == 0)
			return tr(provinces[i].name);
	return code;
}

/* The code of a province named in English or Chinese, whatever the locale ("吉林省", "吉林",
 * "Jilin" -> "22"; a Chinese name without its 省/市/自治区 ending is enough); NULL for none. */
const char *
label_province_code(const char *name)
{
	size_t len = name != NULL ? strlen(name) : 0;

	if (len < 2)
		return NULL;
	for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++) {
		const char *zh = i18n_zh_text(provinces[i].name);
		if (strcasecmp(name, provinces[i].name) == 0 || strcmp(name, tr(provinces[i].name)) == 0 ||
		    (zh != NULL && strcmp(name, zh) == 0))
			return provinces[i].code;
	}
	/* the short Chinese name: the start of exactly one province's name */
	const char *found = NULL;
	for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++) {
		const char *zh = i18n_zh_text(provinces[i].name);
		if (zh != NULL && (unsigned char)name[0] >= 0x80 && utf8_len(name) >= 2 &&
		    strncmp(zh, name, len) == 0) {
			if (found != NULL)
				return NULL;
			found = provinces[i].code;
		}
	}
	return found;
}

/* The translated name of a certificate level 1-5 ("3" -> 高级(三级)), as the facts file's
 * comment in CONTRACT gives them (5 basic ... 1 senior technician); the text itself when it is
 * not one; "-" for NULL. */
const char *
label_level(const char *level)
{
	static const char *const names[] = { N_("senior technician (level 1)"),
	    N_("technician (level 2)"), N_("senior (level 3)"), N_("intermediate (level 4)"),
	    N_("basic (level 5)") };

	if (level == NULL)
		return "-";
	if (level[0] >= '1' && level[0] <= '5' && level[1] == '\0')
		return tr(names[level[0] - '1']);
	return level;
}

/* Write a stored UTC time ("2018-03-01T04:38:41.556Z", or unix milliseconds as the audit keeps
 * it: "1519879121556") as local time "2018-03-01 12:38" (the machine's TZ) into out; text that is
 * neither is copied as it is. Returns out. */
char *
label_time(const char *utc, char *out, size_t len)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec;

	if (utc == NULL) {
		snprintf(out, len, "-");
		return out;
	}
	if (utc[0] >= '0' && utc[0] <= '9' && strspn(utc, "0123456789") == strlen(utc) &&
	    strlen(utc) <= 15) {
		time_t t = (time_t)(strtoll(utc, NULL, 10) / 1000);
		struct tm local;
		if (localtime_r(&t, &local) != NULL && strftime(out, len, "%Y-%m-%d %H:%M", &local) > 0)
			return out;
	}
	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) {
		snprintf(out, len, "%s", utc);
		return out;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	struct tm local;
	if (t == (time_t)-1 || localtime_r(&t, &local) == NULL ||
	    strftime(out, len, "%Y-%m-%d %H:%M", &local) == 0)
		snprintf(out, len, "%.10s %.5s", utc, utc + 11);
	return out;
}

/* The allowed values of an enumeration ("rural|urban") as a counselor reads them: their labels
 * joined the language's way under Chinese ("农业户口、非农业户口"), the values as typed otherwise. */
void
label_allowed(const char *allowed, char *out, size_t len)
{
	size_t used = 0;
	char code[64];

	if (!i18n_zh()) {
		snprintf(out, len, "%s", allowed);
		return;
	}
	out[0] = '\0';
	for (const char *p = allowed; *p && used < len; ) {
		size_t n = strcspn(p, "|");
		snprintf(code, sizeof code, "%.*s", (int)n, p);
		int w = snprintf(out + used, len - used, "%s%s", used > 0 ? tr(", ") : "",
		    label_value(code));
		used += w > 0 ? (size_t)w : 0;
		p += n + (p[n] == '|');
	}
}
