// Size of the widgets as a page ships them: each widget entry bundled with every dependency
// (lit, i18next, @payam/client, @payam/core, zod), minified with esbuild, gzip level 9; and all
// three together, as in the single-file bundle. Goal: each ≤ 35 KB gzip, all three ≤ 50 KB.
//
//   node bench/widget-sizes.mjs
//
// Bundles the package sources (no build needed), as the single-file bundle does: core, client and
// widgets use zod/mini, whose functions esbuild tree-shakes, so only the schema constructors and
// checks they call are included; writes bench/widget-sizes.md. Exits non-zero when a budget is
// missed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

const here = import.meta.dirname;
const src = join(here, '../packages/widgets/src');
const KB = 1024;
const EACH_BUDGET = 35 * KB;
const ALL_BUDGET = 50 * KB;

/** Bundles `entry`; returns sizes and the minified bytes each input contributed. */
async function bundle(entry, external = []) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@payam/source', 'browser', 'import'],
    external,
    legalComments: 'none',
    metafile: true,
    outfile: 'bundle.js',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
}

/** Which package an input file belongs to. */
function owner(file) {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dependency) return /^(lit|lit-html|lit-element|@lit\/.*)$/.test(dependency[1]) ? 'lit' : dependency[1];
  const workspace = /packages\/([^/]+)\/src\/(locales\/)?/.exec(file);
  if (workspace) return `@payam/${workspace[1]}${workspace[2] ? ' (locales)' : ''}`;
  return file;
}

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
const entries = [
  ['`<payam-report-form>`', join(src, 'report-form.ts'), EACH_BUDGET],
  ['`<payam-status-tracker>`', join(src, 'status-tracker.ts'), EACH_BUDGET],
  ['`<payam-feedback-form>`', join(src, 'feedback-form.ts'), EACH_BUDGET],
  ['all three (`@payam/widgets`, the single-file bundle)', join(src, 'index.ts'), ALL_BUDGET],
];

const rows = [];
for (const [name, entry, budget] of entries) {
  const full = await bundle(entry);
  const withoutZod = await bundle(entry, ['zod']);
  rows.push({ name, budget, full, withoutZod });
}

const all = rows[rows.length - 1].full;
const byOwner = new Map();
for (const [file, info] of Object.entries(all.inputs)) byOwner.set(owner(file), (byOwner.get(owner(file)) ?? 0) + info.bytesInOutput);
const shares = [...byOwner].sort((a, b) => b[1] - a[1]);

let missed = 0;
for (const row of rows) {
  const ok = row.full.gzip <= row.budget;
  if (!ok) missed++;
  row.verdict = ok ? 'within' : 'OVER';
  console.log(
    `${row.name.replaceAll('`', '').padEnd(55)} ${kb(row.full.raw).padStart(10)} min ${kb(row.full.gzip).padStart(9)} gzip  (without zod ${kb(row.withoutZod.gzip)})  budget ${kb(row.budget)}: ${row.verdict}`,
  );
}
console.log('\nminified bytes of all three, by package:');
for (const [name, bytes] of shares) console.log(`  ${name.padEnd(30)} ${kb(bytes).padStart(10)}`);

const table = rows
  .map((r) => `| ${r.name} | ${kb(r.full.raw)} | **${kb(r.full.gzip)}** | ${kb(r.withoutZod.gzip)} | ${kb(r.budget)} | ${r.verdict} |`)
  .join('\n');
const shareTable = shares.map(([name, bytes]) => `| ${name} | ${kb(bytes)} | ${((100 * bytes) / all.raw).toFixed(1)} % |`).join('\n');
writeFileSync(
  join(here, 'widget-sizes.md'),
  `# Widget sizes

Produced by \`node bench/widget-sizes.mjs\` on ${new Date().toISOString().slice(0, 10)} (esbuild ${esbuildVersion}, each entry
bundled with all its dependencies, minified ESM for the browser, gzip level 9, as the single-file
bundle \`packages/widgets/dist/cdn/payam-widgets.js\`; zod/mini tree-shaken to the schema
constructors and checks the code calls). "Without zod" leaves zod out entirely, as for a host app
that already ships it.

| bundle | minified | gzip | gzip without zod | budget (gzip) | |
|---|---|---|---|---|---|
${table}

Where the bytes of all three go (minified, before gzip):

| package | minified | share |
|---|---|---|
${shareTable}

${
  missed === 0
    ? 'Every bundle is within its budget.'
    : `${missed} of ${rows.length} bundles miss their budget. Core, client and widgets are on \`zod/mini\`
(functions, tree-shaken: only the schema parts in use are shipped); i18next is now the largest
dependency. What would bring the widgets within budget: a lighter interpolation than i18next for
the widgets' private texts, and sharing one zod with the host app.`
}
`,
);
process.exit(missed === 0 ? 0 : 1);
