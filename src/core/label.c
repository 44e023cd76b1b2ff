/* Labels a counselor reads for the stored values: stages, enumerations, yes/no, money. */
#include "core/label.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

/* Stored values and their English labels (translated through the catalogue). */
static const struct {
	const char *value, *label;
} labels[] = {
	{ "registered", "registered" }, { "training", "training" }, { "internship", "internship" },
	{ "startup", "startup" }, { "grassroots", "grassroots" }, { "employed", "employed" },
	{ "closed", "closed" }, { "employment", "job" },
	{ "male", "male" }, { "female", "female" }, { "rural", "rural" }, { "urban", "urban" },
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
	{ "other", "other" },
	{ "xuandiao", "selected graduate (xuandiao)" }, { "sanzhi_yifu", "three supports, one aid" },
	{ "xibu", "western programme" }, { "tegang", "special-post teacher" },
	{ "public_service", "grassroots public service" },
	{ "eligible", "eligible" }, { "ineligible", "not eligible" },
	{ "unknown", "needs information" }, { "proposed", "proposed" }, { "approved", "approved" },
	{ "rejected", "rejected" }, { "revoked", "revoked" },
	{ "insert", "added" }, { "update", "changed" }, { "delete", "removed" },
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
