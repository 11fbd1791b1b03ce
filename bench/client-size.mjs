// Size of @payam/client as a browser application ships it once installed: imported by its package
// name, resolved through the package's exports to the built `dist` (no source condition), bundled
// and minified for the browser in production mode by esbuild, gzip level 9. The budget's figure is
// the whole public API with the parts of @payam/core it uses, zod left out (an application ships
// zod once, for itself and Payam). Budget ≤ 8 KB.
//
//   pnpm build && node bench/client-size.mjs
//
// Writes bench/client-size.md. Exits non-zero, with a loud line, when the budget is missed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KB, against, bundleApp, byPackage, esbuildVersion, kb } from './ship-bundle.mjs';

const here = import.meta.dirname;
const BUDGET = 8 * KB;

async function size(code, external) {
  const files = await bundleApp(code, { external });
  return { raw: files.reduce((n, f) => n + f.raw, 0), gzip: files.reduce((n, f) => n + f.gzip, 0), shares: byPackage(files) };
}

const rows = [
  ['the whole client (zod external): the budget', await size(`export * from '@payam/client';`, ['zod'])],
  ['client only (zod and @payam/core external)', await size(`export * from '@payam/client';`, ['zod', '@payam/core'])],
  ['the whole client with zod', await size(`export * from '@payam/client';`, [])],
  ['only `createClient` (zod external)', await size(`export { createClient } from '@payam/client';`, ['zod'])],
  ['only `createStaffClient` (zod external)', await size(`export { createStaffClient } from '@payam/client';`, ['zod'])],
  ['only `createRegistrationClient` (zod external)', await size(`export { createRegistrationClient } from '@payam/client';`, ['zod'])],
  ['only `createMessageClient` (zod external)', await size(`export { createMessageClient } from '@payam/client';`, ['zod'])],
];
const budgetRow = rows[0][1];
const { ratio, ok } = against(budgetRow.gzip, BUDGET);
for (const [name, s] of rows) console.log(`${name.padEnd(50)} ${kb(s.raw).padStart(10)} min  ${kb(s.gzip).padStart(9)} gzip`);
console.log(`\nclient without zod: ${kb(budgetRow.gzip)} gzip, budget ${kb(BUDGET)}, ratio ${ratio}: ${ok ? 'within' : 'OVER'}`);
console.log('minified bytes by package (zod external):');
for (const [name, bytes] of budgetRow.shares) console.log(`  ${name.padEnd(20)} ${kb(bytes).padStart(10)}`);

const table = rows.map(([name, s]) => `| ${name} | ${kb(s.raw)} | ${kb(s.gzip)} |`).join('\n');
writeFileSync(
  join(here, 'client-size.md'),
  `# @payam/client bundle size

Produced by \`node bench/client-size.mjs\` after \`pnpm build\` on ${new Date().toISOString().slice(0, 10)} (esbuild ${esbuildVersion}).
The client is imported by its package name, resolved through the package's \`exports\` to the built
\`dist\` (no source condition), bundled for the browser, minified, production mode, gzip level 9.

| bundle | minified | gzip |
|---|---|---|
${table}

Budget: ≤ ${kb(BUDGET)} gzip without zod. Result: **${kb(budgetRow.gzip)}**, ratio ${ratio}, ${ok ? 'within the budget' : 'OVER the budget'}.

Minified bytes by package (zod external): ${budgetRow.shares.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')}.
`,
);
if (!ok) {
  console.error(`\n!!! client size OVER budget: ${kb(budgetRow.gzip)} > ${kb(BUDGET)} !!!`);
  process.exit(1);
}
