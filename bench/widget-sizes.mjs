// Size of the widgets as an application ships them once @payam/widgets is installed: each widget
// imported by its package entry (`import '@payam/widgets/report-form'`), resolved to the built
// `dist` through the package's exports, bundled and minified for the browser in production mode
// by esbuild, one language: the entry plus the texts of the page's language (the heavier of fa
// and en), gzip level 9. And the single-file bundle `dist/cdn/payam-widgets.js` as it is served,
// with all three widgets and both languages. Budgets: each widget ≤ 35 KB, the single file ≤ 50 KB;
// the dashboard's topic map (with d3-geo, without a base map) ≤ 60 KB.
//
//   pnpm build && node bench/widget-sizes.mjs
//
// Writes bench/widget-sizes.md. Exits non-zero, with a loud line, when a budget is missed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB, against, bundleApp, byPackage, esbuildVersion, firstRender, gzipSize, kb, onePage } from './ship-bundle.mjs';

const here = import.meta.dirname;
const EACH_BUDGET = 35 * KB;
const MAP_BUDGET = 60 * KB;
const ALL_BUDGET = 50 * KB;
const cdnFile = join(here, '../packages/widgets/dist/cdn/payam-widgets.js');
const mapCdnFile = join(here, '../packages/widgets/dist/cdn/payam-topic-map.js');

const widgets = [
  ['`<payam-report-form>`', '@payam/widgets/report-form'],
  ['`<payam-status-tracker>`', '@payam/widgets/status-tracker'],
  ['`<payam-feedback-form>`', '@payam/widgets/feedback-form'],
  ['`<payam-topic-map>` (dashboard, with d3-geo)', '@payam/widgets/topic-map', MAP_BUDGET],
];

const rows = [];
let shares;
for (const [name, specifier, budget = EACH_BUDGET] of widgets) {
  const files = await bundleApp(`import ${JSON.stringify(specifier)};`);
  const page = onePage(files);
  const first = firstRender(page);
  const withoutZod = firstRender(onePage(await bundleApp(`import ${JSON.stringify(specifier)};`, { external: ['zod'] })));
  const onDemand = first.onDemand.reduce((total, file) => total + file.gzip, 0);
  rows.push({ name, budget, raw: first.raw, gzip: first.gzip, lang: page.lang, withoutZod: withoutZod.gzip, onDemand, all: page.gzip });
  if (specifier.endsWith('report-form')) shares = byPackage(page.files);
}
const cdn = readFileSync(cdnFile);
rows.push({ name: 'all three: `dist/cdn/payam-widgets.js` as served (both languages)', budget: ALL_BUDGET, raw: cdn.byteLength, gzip: gzipSize(cdn), lang: 'fa+en' });
const mapCdn = readFileSync(mapCdnFile);
rows.push({ name: 'the topic map alone: `dist/cdn/payam-topic-map.js` as served (both languages)', budget: MAP_BUDGET, raw: mapCdn.byteLength, gzip: gzipSize(mapCdn), lang: 'fa+en' });

let missed = 0;
for (const row of rows) {
  const { ratio, ok } = against(row.gzip, row.budget);
  row.ratio = ratio;
  row.verdict = ok ? 'within' : 'OVER';
  if (!ok) missed++;
  console.log(
    `${row.name.replaceAll('`', '').padEnd(66)} ${kb(row.raw).padStart(10)} min ${kb(row.gzip).padStart(9)} gzip (${row.lang})  budget ${kb(row.budget)}  ratio ${ratio}  ${row.verdict}` +
      (row.onDemand ? `\n${''.padEnd(66)}   + ${kb(row.onDemand)} gzip loaded on demand (${kb(row.all)} with everything)` : ''),
  );
}
console.log('\nminified bytes of the report form with one language, by package:');
for (const [name, bytes] of shares) console.log(`  ${name.padEnd(30)} ${kb(bytes).padStart(10)}`);

const table = rows
  .map((r) => `| ${r.name} | ${kb(r.raw)} | **${kb(r.gzip)}** | ${r.withoutZod === undefined ? '—' : kb(r.withoutZod)} | ${kb(r.budget)} | ${r.ratio} | ${r.verdict} | ${r.onDemand === undefined ? '—' : `${kb(r.onDemand)} (${kb(r.all)} in all)`} |`)
  .join('\n');
const total = shares.reduce((sum, [, bytes]) => sum + bytes, 0);
const shareTable = shares.map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((100 * bytes) / total).toFixed(1)} % |`).join('\n');
writeFileSync(
  join(here, 'widget-sizes.md'),
  `# Widget sizes

Produced by \`node bench/widget-sizes.mjs\` after \`pnpm build\` on ${new Date().toISOString().slice(0, 10)} (esbuild ${esbuildVersion}).
Each widget is imported as an application imports it (\`import '@payam/widgets/report-form'\`),
resolved through the package's \`exports\` to the built \`dist\` (no source condition), bundled for
the browser, minified, \`process.env.NODE_ENV\` = \`"production"\`, code split so that each language's
texts stay in their own chunk; the figure is what a page in one language downloads before the
widget first renders (the entry, what it imports statically, and its texts in the heavier of the
Persian and English chunks, each gzip level 9). What a widget loads only on demand (the report
form's checks before sending with core's validation texts, loaded on the first send; the personal
link shown after registering; the Jalali date-time field of a service that asks for a date) is its
own chunk, listed apart with the total of everything (which counts the validation texts of both
languages, as they are not named as a widget's texts). "Without zod" leaves zod out, as
for an application that already ships it. The single file is \`packages/widgets/dist/cdn/payam-widgets.js\`
as the server sends it, with both languages and what the others load on demand imported statically; the dashboard's topic map has a single file of its own,
\`payam-topic-map.js\` (d3-geo stays off the citizens' pages), measured the same way. The topic map's
budget leaves out an optional base map.

| bundle | minified | gzip before first render | gzip without zod | budget (gzip) | ratio | | loaded on demand (gzip) |
|---|---|---|---|---|---|---|---|
${table}

Where the bytes of \`<payam-report-form>\` with one language go (minified, before gzip):

| package | minified | share |
|---|---|---|
${shareTable}

${missed === 0 ? 'Every bundle is within its budget.' : `${missed} of ${rows.length} bundles miss their budget.`}
`,
);
if (missed > 0) {
  console.error(`\n!!! widget sizes: ${missed} of ${rows.length} bundles OVER budget !!!`);
  process.exit(1);
}
console.log('\nevery bundle within its budget');
