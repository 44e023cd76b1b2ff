// The thirteen policies of policies/*.yaml (and the target groups of policies/groups.yaml) written for
// the npm package json-rules-engine, as the peer of tests/bench/policy.sh. Conditions, groups, periods,
// limits and amounts are ported one for one; the reason sentences are not (the peer gives outcomes and
// amounts only).
//
// How the port maps the YAML:
// - A target group is a shared condition (engine.setCondition), used by {condition: NAME}; a policy's
//   `groups:` is an `any` of them, as "any one suffices". group("x") inside a group is the same reference;
//   policy("employment-difficulty") is the condition `employment_difficulty_policy` (its period and groups).
// - Facts are the facts tree exported by export_facts (the same one jobdesk evaluates): fact `person`,
//   `household`, `insurance`, `grants`, with JSONPath paths; in a policy about a list, fact `item` is
//   the current item and `subject` its name ("certificates[0]"); fact `on` is the evaluation date.
// - json-rules-engine has no dates: ISO date strings are compared with the operators dateLTE / dateGTE
//   (string order is date order for YYYY-MM-DD); months_between, add_months and year are facts with
//   params, computed as src/util/date.c does (completed months, clamped to the month end).
// - The once-only limits are the fact `granted` (a grant of this policy, for this item when once per item,
//   dated on or before `on`).
// - json-rules-engine is two-valued: a missing fact just fails its condition. The driver (peer.js) reads
//   each rule's evaluated conditions afterwards and gives `unknown` where every failing leaf lacked its
//   fact (Kleene logic, as jobdesk's evaluator); that is an approximation of jobdesk's three values, exact
//   for the facts the demo database holds.
// - Amounts are not expressible as rule outputs: the event params say how to figure them (fixed, table by
//   a field, rate times a field, or a local standard that is not set: null) and the driver does it.
'use strict';

const FROM = '2017-10-12';   // every policy's period: in force from 2017-10-12, no end

// A condition on a path of a fact.
function is(fact, path, operator, value) {
	return { fact, path: '$.' + path, operator, value };
}

// The evaluation date is within the period.
const inForce = { fact: 'on', operator: 'dateGTE', value: FROM };

// The once-only limit: not granted before (per person, or per item).
function notGranted(policy, per) {
	return { fact: 'granted', params: { policy, per }, operator: 'equal', value: false };
}

// Any one of the target groups.
function groups(...names) {
	return { any: names.map((condition) => ({ condition })) };
}

const groupConditions = {
	college_graduate: { all: [is('person', 'education', 'in', ['junior_college', 'bachelor', 'master', 'doctorate'])] },
	graduation_year_college_graduate: { all: [
		{ condition: 'college_graduate' },
		{ fact: 'year', params: { fact: 'person', path: '$.graduation_date' }, operator: 'equal', value: { fact: 'on_year' } },
	] },
	secondary_vocational_graduate: { all: [is('person', 'education', 'in', ['secondary_vocational', 'technical_school'])] },
	recognised_employment_difficulty: { all: [is('person', 'employment_difficulty', 'equal', true)] },
	jilin_registered_poor_labourer: { all: [
		is('person', 'hukou_province', 'equal', '22'),
		is('household', 'registered_poor', 'equal', true),
	] },
	// policy("employment-difficulty"): its period and its groups
	employment_difficulty_policy: { all: [inForce, groups('recognised_employment_difficulty', 'jilin_registered_poor_labourer')] },
	employment_difficulty: { all: [{ condition: 'employment_difficulty_policy' }] },
	low_income_family: { all: [is('household', 'low_income', 'equal', true)] },
	poor_disabled_family: { all: [is('household', 'poor_disabled', 'equal', true)] },
	registered_poor_family: { all: [is('household', 'registered_poor', 'equal', true)] },
	registered_poor_labourer: { all: [is('household', 'registered_poor', 'equal', true)] },
	extremely_poor: { all: [is('household', 'extremely_poor', 'equal', true)] },
	disabled: { all: [is('person', 'disabled', 'equal', true)] },
	student_loan_recipient: { all: [is('person', 'student_loan', 'equal', true)] },
	zero_employment_family: { all: [is('household', 'zero_employment', 'equal', true)] },
	poor_family_child: { any: [is('household', 'registered_poor', 'equal', true), is('household', 'low_income', 'equal', true)] },
	school_leaver_not_continuing: { all: [
		is('person', 'education', 'in', ['junior_high', 'senior_high']),
		is('person', 'continuing_study', 'equal', false),
	] },
	rural_labourer: { all: [is('person', 'hukou_type', 'equal', 'rural')] },
	rural_transfer_worker: { all: [is('person', 'rural_transfer_worker', 'equal', true)] },
	registered_unemployed: { all: [is('person', 'registered_unemployed', 'equal', true)] },
	overcapacity_unemployed: { all: [
		is('person', 'overcapacity_worker', 'equal', true),
		is('person', 'employment.status', 'equal', 'unemployed'),
	] },
	returnee_entrepreneur: { all: [is('person', 'returnee_entrepreneur', 'equal', true)] },
	demobilised_soldier: { all: [is('person', 'veteran', 'equal', 'demobilised_soldier')] },
	transferred_officer: { all: [is('person', 'veteran', 'equal', 'transferred_officer')] },
};

// The policies in jobdesk's order (measure, then id). subject: null for the person, else the list.
// amount: null (no money), {local: true} (a local standard, not set in policies/local.yaml),
// {fixed: fen}, {table: {key: fen}, by: field} or {rate: fen, times: field}.
const policies = [
	{ id: 'startup-subsidy', measure: '七', subject: 'startups', amount: { fixed: 500000 }, conditions: [
		inForce,
		groups('college_graduate', 'employment_difficulty'),
		is('item', 'first_time', 'equal', true),
		is('item', 'kind', 'in', ['micro_enterprise', 'individual_business']),
		{ fact: 'months_between', params: { from: 'item', fromPath: '$.license_date', to: 'on' }, operator: 'greaterThanInclusive', value: 12 },
		is('item', 'operating', 'equal', true),
		is('item', 'social_insurance', 'equal', true),
		notGranted('startup-subsidy', 'person'),
	] },
	{ id: 'graduate-social-insurance-subsidy', measure: '八', subject: null, amount: { local: true }, conditions: [
		inForce,
		groups('college_graduate'),
		is('person', 'employment.status', 'in', ['self_employed', 'flexible']),
		is('insurance', 'social_insurance', 'equal', true),
	] },
	{ id: 'internship-subsidy', measure: '八', subject: 'internships', amount: { local: true }, conditions: [
		inForce,
		groups('college_graduate', 'secondary_vocational_graduate'),
		is('item', 'status', 'in', ['active', 'completed']),
		{ fact: 'item', path: '$.start', operator: 'dateLTE', value: { fact: 'on' } },
	] },
	{ id: 'job-search-subsidy', measure: '八', subject: null, amount: { local: true }, conditions: [
		inForce,
		groups('low_income_family', 'poor_disabled_family', 'registered_poor_family', 'extremely_poor', 'disabled',
		    'student_loan_recipient'),
		{ condition: 'college_graduate' },
		{ fact: 'year', params: { fact: 'person', path: '$.graduation_date' }, operator: 'equal', value: { fact: 'on_year' } },
		is('person', 'job_seeking', 'equal', true),
		notGranted('job-search-subsidy', 'person'),
	] },
	{ id: 'grassroots-establishment', measure: '九', subject: 'grassroots', amount: null, conditions: [
		inForce,
		groups('college_graduate'),
		{ fact: 'months_between', params: { from: 'item', fromPath: '$.start', to: 'item', toPath: '$.end' }, operator: 'greaterThanInclusive', value: 24 },
		{ fact: 'item', path: '$.end', operator: 'dateLTE', value: { fact: 'on' } },
		is('item', 'assessed_pass', 'equal', true),
		notGranted('grassroots-establishment', 'person'),
	] },
	{ id: 'overcapacity-placement', measure: '十', subject: null, amount: null, conditions: [
		inForce,
		groups('employment_difficulty'),
		is('person', 'overcapacity_worker', 'equal', true),
		is('person', 'employment.status', 'equal', 'unemployed'),
	] },
	{ id: 'returnee-startup-support', measure: '十一', subject: null, amount: { local: true }, conditions: [
		inForce,
		groups('returnee_entrepreneur'),
	] },
	{ id: 'employment-difficulty', measure: '十二', subject: null, amount: null, conditions: [
		inForce,
		groups('recognised_employment_difficulty', 'jilin_registered_poor_labourer'),
	] },
	{ id: 'rural-training-subsidy', measure: '十三', subject: 'trainings', amount: { rate: 800, times: 'class_hours' }, conditions: [
		inForce,
		groups('rural_labourer'),
		is('item', 'kind', 'in', ['employment_skills', 'guidance']),
		is('item', 'status', 'equal', 'completed'),
		notGranted('rural-training-subsidy', 'item'),
	] },
	{ id: 'zero-employment-assistance', measure: '十四', subject: null, amount: null, conditions: [
		inForce,
		groups('zero_employment_family', 'low_income_family'),
		is('person', 'employment.status', 'in', ['unemployed', 'flexible']),
		is('person', 'job_seeking', 'equal', true),
	] },
	{ id: 'veteran-services', measure: '十五', subject: null, amount: null, conditions: [
		inForce,
		groups('demobilised_soldier', 'transferred_officer'),
	] },
	{ id: 'vocational-training-subsidy', measure: '十九', subject: 'trainings', amount: { local: true }, conditions: [
		inForce,
		groups('overcapacity_unemployed', 'registered_poor_labourer', 'poor_family_child',
		    'graduation_year_college_graduate', 'school_leaver_not_continuing', 'rural_transfer_worker',
		    'registered_unemployed', 'employment_difficulty'),
		is('item', 'kind', 'equal', 'employment_skills'),
		is('item', 'status', 'equal', 'completed'),
		notGranted('vocational-training-subsidy', 'item'),
	] },
	{ id: 'skill-upgrade-subsidy', measure: '二十', subject: 'certificates',
	    amount: { table: { 5: 100000, 4: 150000, 3: 200000 }, by: 'level' }, conditions: [
		inForce,
		is('person', 'employment.status', 'equal', 'employed'),
		is('person', 'employment.employer_kind', 'equal', 'enterprise'),
		is('insurance', 'unemployment_months', 'greaterThanInclusive', 36),
		{ fact: 'item', path: '$.issued_on', operator: 'dateGTE', value: '2017-01-01' },
		{ fact: 'item', path: '$.issued_on', operator: 'dateLTE', value: { fact: 'on' } },
		{ fact: 'add_months', params: { fact: 'item', path: '$.issued_on', n: 12 }, operator: 'dateGTE', value: { fact: 'on' } },
		is('item', 'level', 'in', [5, 4, 3]),
		notGranted('skill-upgrade-subsidy', 'item'),
	] },
];

// Days in a month of a year.
function monthDays(y, m) {
	return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

// A YYYY-MM-DD string as [y, m, d], or undefined when it is not one.
function ymd(s) {
	if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s))
		return undefined;
	const v = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
	return v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= monthDays(v[0], v[1]) ? v : undefined;
}

// [y, m, d] n months later, clamped to the month end.
function addMonths(a, n) {
	const total = a[0] * 12 + (a[1] - 1) + n;
	const y = Math.floor(total / 12), m = total - y * 12 + 1;
	return [y, m, Math.min(a[2], monthDays(y, m))];
}

// Compare two [y, m, d].
function cmp(a, b) {
	return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

// Completed months from a to b, as date_months_between.
function monthsBetween(a, b) {
	if (cmp(b, a) < 0)
		return -monthsBetween(b, a);
	let months = (b[0] - a[0]) * 12 + (b[1] - a[1]);
	if (months > 0 && cmp(addMonths(a, months), b) > 0)
		months--;
	return months;
}

// [y, m, d] as YYYY-MM-DD.
function iso(v) {
	return String(v[0]).padStart(4, '0') + '-' + String(v[1]).padStart(2, '0') + '-' + String(v[2]).padStart(2, '0');
}

// The facts computed from others (json-rules-engine facts with params).
const facts = {
	months_between: async (params, almanac) => {
		const a = ymd(await almanac.factValue(params.from, {}, params.fromPath));
		const b = ymd(await almanac.factValue(params.to, {}, params.toPath));
		return a && b ? monthsBetween(a, b) : undefined;
	},
	add_months: async (params, almanac) => {
		const a = ymd(await almanac.factValue(params.fact, {}, params.path));
		return a ? iso(addMonths(a, params.n)) : undefined;
	},
	year: async (params, almanac) => {
		const a = ymd(await almanac.factValue(params.fact, {}, params.path));
		return a ? a[0] : undefined;
	},
	on_year: async (params, almanac) => ymd(await almanac.factValue('on'))[0],
	// a grant of this policy on or before `on` (for this item when once per item); undefined when an
	// item's grant does not say which item, as jobdesk's limit check is then unknown
	granted: async (params, almanac) => {
		const grants = await almanac.factValue('grants');
		const on = await almanac.factValue('on');
		const subject = params.per === 'item' ? await almanac.factValue('subject') : null;
		let unknown = false;
		for (const g of Array.isArray(grants) ? grants : []) {
			if (!g || g.policy !== params.policy)
				continue;
			if (ymd(g.on) && g.on > on)
				continue;
			if (params.per === 'item' && typeof g.subject !== 'string') {
				unknown = true;
				continue;
			}
			if (params.per === 'item' && g.subject !== subject)
				continue;
			return true;
		}
		return unknown ? undefined : false;
	},
};

// Operators json-rules-engine lacks: ISO dates in order.
const operators = {
	dateLTE: (a, b) => typeof a === 'string' && typeof b === 'string' && ymd(a) !== undefined && a <= b,
	dateGTE: (a, b) => typeof a === 'string' && typeof b === 'string' && ymd(a) !== undefined && a >= b,
};

module.exports = { groupConditions, policies, facts, operators };
