// The json-rules-engine peer of `jobdesk policy eval --all` (tests/bench/policy.sh runs it).
//
// usage: node peer.js FACTS.jsonl ON [LIMIT] > OUT.jsonl
// FACTS.jsonl is export_facts' output, one {"person": ID, "facts": TREE} per line. For each person it
// evaluates the thirteen policies of rules.js on the date ON (YYYY-MM-DD): person-level policies in one
// engine run, each policy about a list once per item (as jobdesk: one result per item, and a list with no
// items gives one ineligible result). It writes one line per person:
//   {"person": ID, "results": [[policy, subject, outcome, amount_fen], ...]}
// outcomes and amounts only: no reason sentences. The last line on stderr gives the persons and seconds.
// json-rules-engine is found through NODE_PATH (installed by policy.sh in a temporary folder).
'use strict';

const fs = require('fs');
const readline = require('readline');
const { Engine } = require('json-rules-engine');
const { groupConditions, policies, facts, operators } = require('./rules.js');

// An engine with the shared groups, computed facts and operators, and the policies of one subject.
function engineFor(subject) {
	const engine = new Engine([], { allowUndefinedFacts: true });
	for (const [name, cond] of Object.entries(groupConditions))
		engine.setCondition(name, cond);
	for (const [name, fn] of Object.entries(facts))
		engine.addFact(name, fn);
	for (const [name, fn] of Object.entries(operators))
		engine.addOperator(name, fn);
	for (const p of policies.filter((q) => q.subject === subject))
		engine.addRule({ name: p.id, conditions: { all: p.conditions }, event: { type: 'eligible', params: { id: p.id } } });
	return engine;
}

// true, false or undefined (unknown) of an evaluated condition tree, in Kleene's logic: a leaf whose
// fact was absent is unknown.
function tri(c) {
	if (c.all || c.any) {
		const vs = (c.all || c.any).map(tri);
		const decisive = c.all ? false : true;
		if (vs.includes(decisive))
			return decisive;
		return vs.includes(undefined) ? undefined : !decisive;
	}
	if (c.not) {
		const v = tri(c.not);
		return v === undefined ? undefined : !v;
	}
	if (c.result === undefined || c.factResult === undefined)
		return c.result === true ? true : undefined;
	return c.result === true;
}

// The amount of an eligible result in fen, null, or undefined when a fact it needs is absent.
function amount(p, item) {
	const a = p.amount;
	if (a === null || a.local)
		return null;
	if (a.fixed !== undefined)
		return a.fixed;
	const key = item ? item[a.by || a.times] : undefined;
	if (typeof key !== 'number')
		return undefined;
	if (a.table)
		return a.table[key] !== undefined ? a.table[key] : null;
	const total = a.rate * key;
	return Number.isSafeInteger(total) && total >= 0 ? total : null;
}

// Each rule's outcome and amount from one engine run, by policy id.
async function runEngine(engine, almanacFacts, item) {
	const { results, failureResults } = await engine.run(almanacFacts);
	const out = new Map();
	for (const r of results.concat(failureResults)) {
		const p = byId.get(r.name);
		let outcome = r.result ? 'eligible' : tri(r.conditions) === undefined ? 'unknown' : 'ineligible';
		let fen = null;
		if (outcome === 'eligible') {
			fen = amount(p, item);
			if (fen === undefined) {
				outcome = 'unknown';
				fen = null;
			}
		}
		out.set(r.name, [outcome, fen]);
	}
	return out;
}

const byId = new Map(policies.map((p) => [p.id, p]));
const lists = [...new Set(policies.map((p) => p.subject).filter((s) => s !== null))];
const engines = new Map([[null, engineFor(null)], ...lists.map((l) => [l, engineFor(l)])]);

// Evaluate the thirteen policies for one person's facts; the results in jobdesk's order.
async function evalPerson(f, on) {
	const base = { person: f.person || {}, household: f.household || {}, insurance: f.insurance || {},
	    grants: f.grants || [], on };
	const person = await runEngine(engines.get(null), base, null);
	const perList = new Map();
	for (const l of lists) {
		const items = Array.isArray(f[l]) ? f[l] : [];
		const runs = [];
		for (let i = 0; i < items.length; i++)
			runs.push(await runEngine(engines.get(l), { ...base, item: items[i], subject: `${l}[${i}]` }, items[i]));
		perList.set(l, runs);
	}
	const results = [];
	for (const p of policies) {
		if (p.subject === null) {
			results.push([p.id, null, ...person.get(p.id)]);
			continue;
		}
		const runs = perList.get(p.subject);
		if (runs.length === 0)
			results.push([p.id, null, 'ineligible', null]);
		runs.forEach((run, i) => results.push([p.id, `${p.subject}[${i}]`, ...run.get(p.id)]));
	}
	return results;
}

// Read the facts, evaluate, write; report persons and seconds on stderr.
async function main() {
	const [file, on, limitArg] = process.argv.slice(2);
	if (!file || !/^\d{4}-\d{2}-\d{2}$/.test(on || '')) {
		process.stderr.write('usage: node peer.js FACTS.jsonl YYYY-MM-DD [LIMIT] > OUT.jsonl\n');
		process.exit(64);
	}
	const limit = limitArg ? Number(limitArg) : Infinity;
	const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
	const started = process.hrtime.bigint();
	let n = 0, chunk = [];
	for await (const line of rl) {
		if (n >= limit)
			break;
		const rec = JSON.parse(line);
		const results = await evalPerson(rec.facts, on);
		chunk.push(JSON.stringify({ person: rec.person, results }));
		n++;
		if (chunk.length >= 1000) {
			if (!process.stdout.write(chunk.join('\n') + '\n'))
				await new Promise((resolve) => process.stdout.once('drain', resolve));
			chunk = [];
		}
	}
	if (chunk.length > 0)
		process.stdout.write(chunk.join('\n') + '\n');
	rl.close();
	const secs = Number(process.hrtime.bigint() - started) / 1e9;
	process.stderr.write(`peer: ${n} persons in ${secs.toFixed(2)} s\n`);
}

main().catch((e) => {
	process.stderr.write(`peer: ${e.stack || e}\n`);
	process.exit(70);
});
