// Quality of duplicate detection on a labelled Persian set (bench/data/duplicates-eval.json),
// beside two baselines, in one run:
//   - Payam: candidates as the server's database finds them (`isCandidate`), scored by `similarity`;
//   - exact: the same text after normalisation (`normalizeForMatching`);
//   - nearby: the same service within 150 m and 14 days (what a map of pins shows).
// Each message is taken in registration order against the messages before it. Precision at the
// link threshold: of the messages linked, how many to a message of their own matter. Recall at the
// suggestion threshold: of the messages that have an earlier one of their matter, how many have
// one among their suggestions (or their link).
//
//   pnpm --filter @payam/core build && node bench/duplicates-quality.mjs [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distanceMetres, duplicatePolicySchema, isCandidate, normalizeForMatching, prepareForMatching, similarity } from '@payam/core';

const here = import.meta.dirname;
const { messages } = JSON.parse(readFileSync(join(here, 'data/duplicates-eval.json'), 'utf8'));
// A city that knows its citizens file blocked gutters as garbage says so in its policy.
const policy = duplicatePolicySchema.parse({ relatedServices: [['garbage', 'flooding']] });
const prepared = messages.map((m) => prepareForMatching(m));
const DAY = 86_400_000;

/** Each method gives, for a message and the ones before it, the link (or null) and the suggestions. */
const methods = {
  Payam(message, earlier) {
    const scored = earlier
      .filter((other) => isCandidate(message, other, policy))
      .map((other) => ({ other, score: similarity(message, other, policy)?.score ?? 0 }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    return {
      link: best && best.score >= policy.linkAt ? best.other : null,
      suggested: scored.filter((s) => s.score >= policy.suggestAt).map((s) => s.other),
    };
  },
  'exact text': (() => {
    const normal = new Map(prepared.map((m) => [m.id, normalizeForMatching(m.description)]));
    return (message, earlier) => {
      const same = earlier.filter((other) => normal.get(other.id) === normal.get(message.id));
      return { link: same.at(-1) ?? null, suggested: same };
    };
  })(),
  'same service, 150 m, 14 days'(message, earlier) {
    const near = earlier
      .filter((o) => o.serviceCode === message.serviceCode && o.location && message.location && message.time - o.time <= 14 * DAY)
      .map((o) => ({ o, d: distanceMetres(o.location, message.location) }))
      .filter((x) => x.d <= 150)
      .sort((a, b) => a.d - b.d);
    return { link: near[0]?.o ?? null, suggested: near.map((x) => x.o) };
  },
};

function evaluate(method) {
  let links = 0, rightLinks = 0, withDuplicate = 0, found = 0;
  for (const [i, message] of prepared.entries()) {
    const earlier = prepared.slice(0, i);
    const { link, suggested } = method(message, earlier);
    const cluster = messages[i].cluster;
    const clusterOf = (m) => messages[prepared.indexOf(m)].cluster;
    if (link) {
      links++;
      if (clusterOf(link) === cluster) rightLinks++;
    }
    if (earlier.some((o) => clusterOf(o) === cluster && message.time - o.time <= policy.windowDays * DAY)) {
      withDuplicate++;
      if ([link, ...suggested].some((o) => o && clusterOf(o) === cluster)) found++;
    }
  }
  return { links, precision: links ? rightLinks / links : 0, withDuplicate, recall: withDuplicate ? found / withDuplicate : 0 };
}

const clusters = new Set(messages.map((m) => m.cluster)).size;
const rows = Object.entries(methods).map(([name, method]) => ({ name, ...evaluate(method) }));
const payam = rows[0];
const lines = [
  `${messages.length} messages in ${clusters} matters; link at ${policy.linkAt}, suggest at ${policy.suggestAt}`,
  '',
  '| method | links | precision at link (goal ≥ 0.97) | recall at suggestion (goal ≥ 0.92) |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.links} | ${r.precision.toFixed(3)} (${(r.precision / payam.precision).toFixed(2)}× Payam) | ${r.recall.toFixed(3)} of ${r.withDuplicate} (${(r.recall / payam.recall).toFixed(2)}× Payam) |`),
];
console.log(lines.join('\n'));
console.log(`\nPayam: precision ${payam.precision >= 0.97 ? 'meets' : 'MISSES'} its goal, recall ${payam.recall >= 0.92 ? 'meets' : 'MISSES'} its goal.`);
if (process.argv.includes('--write')) {
  writeFileSync(join(here, 'duplicates-quality.md'), `# Duplicate detection: quality\n\n${new Date().toISOString().slice(0, 10)}, \`node bench/duplicates-quality.mjs --write\`:\n\n${lines.join('\n')}\n`);
}
