// After the bundles are built: Leaflet's ES module and stylesheet, copied from the `leaflet`
// package into `dist/cdn` under names that hold Leaflet's version and a hash of their bytes
// (`leaflet-1.9.4.<hash>.js`, cached for a year), with their Subresource Integrity hashes in
// `dist/cdn/leaflet.manifest.json`. The server serves them under `/widgets/`, where the topic map's
// street map loads Leaflet from by default. The names are also written in the widgets' source
// (src/components/topic-map/leaflet-files.ts): the build stops when they no longer match the
// installed Leaflet; `node scripts/copy-leaflet.mjs --write` writes them anew.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { contentHash, integrityOf } from '../build/content-hash.mjs';

const require = createRequire(import.meta.url);
const packageDir = resolve(import.meta.dirname, '..');
const cdn = join(packageDir, 'dist', 'cdn');
const namesFile = join(packageDir, 'src', 'components', 'topic-map', 'leaflet-files.ts');
const leafletDir = dirname(require.resolve('leaflet/package.json'));
const { version } = JSON.parse(readFileSync(join(leafletDir, 'package.json'), 'utf8'));

const copies = [
  { constant: 'LEAFLET_MODULE_FILE', from: 'dist/leaflet-src.esm.js', ext: 'js' },
  { constant: 'LEAFLET_STYLESHEET_FILE', from: 'dist/leaflet.css', ext: 'css' },
].map((copy) => {
  const bytes = readFileSync(join(leafletDir, copy.from));
  const integrity = integrityOf(bytes);
  return { ...copy, bytes, file: `leaflet-${version}.${contentHash(bytes)}.${copy.ext}`, integrity };
});

let source = readFileSync(namesFile, 'utf8');
const expected = source
  .replace(/(LEAFLET_VERSION = )'[^']*'/, `$1'${version}'`)
  .replace(/(LEAFLET_\w+_FILE = )'[^']*'/g, (line, start) => `${start}'${copies.find((c) => start.includes(c.constant)).file}'`);
if (process.argv.includes('--write')) {
  writeFileSync(namesFile, expected);
  source = expected;
  console.log(`Leaflet ${version}: names written in ${namesFile}`);
}
if (expected !== source) {
  console.error(`Leaflet ${version} is not the Leaflet named in ${namesFile} (${copies.map((c) => c.file).join(', ')}).\nRun: node scripts/copy-leaflet.mjs --write`);
  process.exit(1);
}

mkdirSync(cdn, { recursive: true });
// Copies from an earlier Leaflet would be served forever under their old names.
for (const old of readdirSync(cdn)) if (/^leaflet-.+\.[0-9a-f]{12}\.(js|css)$/.test(old) && !copies.some((c) => c.file === old)) rmSync(join(cdn, old));
for (const copy of copies) writeFileSync(join(cdn, copy.file), copy.bytes);
const manifest = { version, module: { file: copies[0].file, integrity: copies[0].integrity }, stylesheet: { file: copies[1].file, integrity: copies[1].integrity } };
writeFileSync(join(cdn, 'leaflet.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Leaflet ${version}: ${copies.map((c) => `${c.file} ${c.integrity}`).join(', ')}`);
