// Check that the peer decides what jobdesk decides (tests/bench/policy.sh runs it).
//
// usage: node compare.js JOBDESK.jsonl PEER.jsonl
// JOBDESK.jsonl: lines of `jobdesk policy eval --all --format json`; PEER.jsonl: lines of peer.js. Compares,
// person by person, every result's policy, subject, outcome and amount_fen (not the reasons, which the
// peer does not give). Prints "N persons, M results, K differ" and the first differences; exits 1 if any.
'use strict';

const fs = require('fs');

const [a, b] = process.argv.slice(2).map((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== ''));
let results = 0, differ = 0, shown = 0;
const n = Math.min(a.length, b.length);
for (let i = 0; i < n; i++) {
	const x = JSON.parse(a[i]), y = JSON.parse(b[i]);
	const xs = x.results.map((r) => JSON.stringify([r.policy, r.subject, r.outcome, r.amount_fen]));
	const ys = y.results.map((r) => JSON.stringify(r));
	results += xs.length;
	if (x.person !== y.person || xs.length !== ys.length) {
		differ += Math.max(xs.length, ys.length);
		if (shown++ < 5)
			console.log(`  person ${x.person} / ${y.person}: ${xs.length} results / ${ys.length}`);
		continue;
	}
	xs.forEach((r, k) => {
		if (r !== ys[k]) {
			differ++;
			if (shown++ < 5)
				console.log(`  person ${x.person}: jobdesk ${r}, peer ${ys[k]}`);
		}
	});
}
console.log(`${n} persons, ${results} results, ${differ} differ${a.length !== b.length ? ` (line counts ${a.length} / ${b.length})` : ''}`);
process.exit(differ > 0 || a.length !== b.length ? 1 : 0);
