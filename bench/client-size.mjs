// Size of @payam/client as a browser app ships it: the entry bundled and minified with esbuild,
// gzip level 9. Three figures: the client's own code (zod and @payam/core external), the client
// with the parts of core it uses (zod external: the goal's figure), and everything (zod included).
//
//   node bench/client-size.mjs
//
// Bundles the package sources (no build needed); writes the table to bench/client-size.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = import.meta.dirname;
const entry = join(here, '../packages/client/src/index.ts');
const GOAL_BYTES = 8 * 1024;

/** Bundles `entry`, or only the named exports when `names` is given (shows tree-shaking). */
async function bundle(external, names) {
  const input = names
    ? { stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(entry)};`, resolveDir: here, loader: 'js' } }
    : { entryPoints: [entry] };
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@payam/source'],
    external,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
const rows = [
  ['client only (zod, @payam/core external)', await bundle(['zod', '@payam/core'])],
  ['client + core (zod external): goal ≤ 8 KB gzip', await bundle(['zod'])],
  ['everything (client + core + zod)', await bundle([])],
  ['only `createClient` + core (zod external)', await bundle(['zod'], ['createClient'])],
  ['only `createStaffClient` + core (zod external)', await bundle(['zod'], ['createStaffClient'])],
];
const goal = rows[1][1].gzip;
const verdict = goal <= GOAL_BYTES ? 'meets the goal' : 'MISSES the goal';

for (const [name, size] of rows) console.log(`${name.padEnd(50)} ${kb(size.raw).padStart(10)} min  ${kb(size.gzip).padStart(9)} gzip`);
console.log(`\nclient + core without zod: ${kb(goal)} gzip; goal ≤ ${kb(GOAL_BYTES)}: ${verdict}`);
if (goal > GOAL_BYTES) process.exitCode = 1;

const table = rows.map(([name, size]) => `| ${name} | ${kb(size.raw)} | ${kb(size.gzip)} |`).join('\n');
writeFileSync(
  join(here, 'client-size.md'),
  `# @payam/client bundle size

Produced by \`node bench/client-size.mjs\` on ${new Date().toISOString().slice(0, 10)} (esbuild ${(await import('esbuild')).version}, minified ESM for the browser, gzip level 9).

| bundle | minified | gzip |
|---|---|---|
${table}

Goal: ≤ 8 KB gzip without zod (the client with the parts of \`@payam/core\` it uses). Result: **${kb(goal)}**, ${verdict}.
The parts of \`@payam/core\` the client uses (its wire and input schemas) add ${kb(goal - rows[0][1].gzip)}:
with zod external, a bundler cannot tell that zod's functions are pure, so every schema of a
core module the client imports is kept (\`stageSchema\` has a module of its own for this reason)
and \`validation-messages.ts\` comes whole. Bundled with zod, zod/mini's functions are marked
pure and what the client does not use is dropped. Core and the client are written with zod/mini,
so \`everything\` carries only the schema constructors and checks they call; an app that already
uses zod ships it once. Importing only one of the two clients drops the other.
`,
);
