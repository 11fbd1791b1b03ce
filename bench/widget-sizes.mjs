// Size of the widgets as a page ships them: each widget entry bundled with every dependency
// (lit, @payam/client, @payam/core, zod/mini), minified with esbuild, gzip level 9, with the texts
// of the page's language; and all three together, as in the single-file bundle. Goal: each
// ≤ 35 KB gzip, all three ≤ 50 KB.
//
//   node bench/widget-sizes.mjs
//
// Bundles the package sources (no build needed), as the single-file bundle does: core, client and
// widgets use zod/mini, whose functions esbuild tree-shakes, so only the schema constructors and
// checks they call are included; writes bench/widget-sizes.md. Exits non-zero when a budget is
// missed.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

const here = import.meta.dirname;
const src = join(here, '../packages/widgets/src');
const KB = 1024;
const EACH_BUDGET = 35 * KB;
const ALL_BUDGET = 50 * KB;

/**
 * Bundles `entry` as a page loads it. A widget entry is split like the package's ESM build: the
 * entry, plus one chunk per language loaded when a widget first speaks it, so a page downloads the
 * entry and the languages it uses; the figure is the larger of "entry + Persian" and "entry +
 * English". `single` bundles everything into one file, as the single-file bundle for a script tag.
 */
async function bundle(entry, { external = [], single = false } = {}) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    conditions: ['@payam/source', 'browser', 'import'],
    external,
    legalComments: 'none',
    metafile: true,
    splitting: !single,
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  const files = result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => {
      const meta = result.metafile.outputs[`out/${basename(file.path)}`];
      const inputs = Object.keys(meta.inputs);
      const language = ['fa', 'en'].find((lang) => inputs.some((input) => input.endsWith(`texts.${lang}.ts`)));
      return { raw: file.contents.byteLength, gzip: gzipSync(file.contents, { level: 9 }).byteLength, language: single ? undefined : language, inputs: meta.inputs };
    });
  // What a page speaking `lang` downloads: every file but the other language's.
  const page = (lang) => files.filter((file) => !file.language || file.language === lang);
  const sum = (list, field) => list.reduce((total, file) => total + file[field], 0);
  const heaviest = ['fa', 'en'].map(page).sort((a, b) => sum(b, 'gzip') - sum(a, 'gzip'))[0];
  const inputs = {};
  for (const file of files) for (const [name, info] of Object.entries(file.inputs)) inputs[name] = { bytesInOutput: (inputs[name]?.bytesInOutput ?? 0) + info.bytesInOutput };
  return {
    raw: sum(heaviest, 'raw'),
    gzip: sum(heaviest, 'gzip'),
    byLanguage: Object.fromEntries(['fa', 'en'].map((lang) => [lang, sum(page(lang), 'gzip')])),
    inputs,
  };
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
  ['all three (the single-file bundle, both languages)', join(src, 'cdn.ts'), ALL_BUDGET, true],
];

const rows = [];
for (const [name, entry, budget, single = false] of entries) {
  const full = await bundle(entry, { single });
  const withoutZod = await bundle(entry, { external: ['zod'], single });
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

Produced by \`node bench/widget-sizes.mjs\` on ${new Date().toISOString().slice(0, 10)} (esbuild ${esbuildVersion}, minified ESM for
the browser, UTF-8, gzip level 9). Each widget entry is bundled with all its dependencies and split
as the package's ESM build splits it: the entry, plus one chunk of texts per language that a
widget loads the first time it speaks that language; the figure is what a page in one language
downloads (entry + the larger language chunk, as separate gzip files). "All three" is the
single-file bundle \`packages/widgets/dist/cdn/payam-widgets.js\`, with both languages inside.
"Without zod" leaves zod out entirely, as for a host app that already ships it. zod/mini is
tree-shaken to the schema constructors and checks the code calls.

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
    : `${missed} of ${rows.length} bundles miss their budget.`
}
`,
);
process.exit(missed === 0 ? 0 : 1);
