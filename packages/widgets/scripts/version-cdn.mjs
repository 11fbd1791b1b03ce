// After the single-file bundles are built: for each (and each part the citizen widgets' file loads
// on demand from beside it), a copy under a name that holds its content
// hash (`payam-widgets.<hash>.js`, `payam-topic-map.<hash>.js`, cacheable for a year), its
// Subresource Integrity hash, and the exact tag to paste, in `dist/cdn/<bundle>.manifest.json`
// and `dist/cdn/snippet.html` (the citizen widgets) / `dist/cdn/topic-map-snippet.html`.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HASH_LENGTH, HASH_PLACEHOLDER, contentHash, integrityOf } from '../build/content-hash.mjs';

const dir = resolve(import.meta.dirname, '..', 'dist', 'cdn');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8'));


/** Removes the copies earlier builds left of `bundle` under other hashed names (they would be served forever). */
function removeEarlier(bundle, keep) {
  const earlier = new RegExp(`^${bundle}\\.[0-9a-f]{${HASH_LENGTH}}\\.js$`);
  for (const old of readdirSync(dir)) if (earlier.test(old) && old !== keep) rmSync(join(dir, old));
}

// The files the single file imports on demand from beside itself: the build names each with a
// placeholder of the hash's length (`import("./payam-report-map.000000000000.js")`, see
// build/content-hash.mjs), and each gets its hash there, written into the single file before that is
// hashed, so a cached single file never meets a newer part and every file is cacheable for a
// year. The hash takes the placeholder's place exactly: no column moves, the source map holds.
const single = join(dir, 'payam-widgets.js');
let singleSource = readFileSync(single, 'utf8');
for (const part of new Set([...singleSource.matchAll(new RegExp(`["']\\./(payam-[a-z-]+)\\.${HASH_PLACEHOLDER}\\.js["']`, 'g'))].map((m) => m[1]))) {
  const bytes = readFileSync(join(dir, `${part}.js`));
  const file = `${part}.${contentHash(bytes)}.js`;
  removeEarlier(part, file);
  writeFileSync(join(dir, file), bytes);
  singleSource = singleSource.replaceAll(`./${part}.${HASH_PLACEHOLDER}.js`, `./${file}`);
  console.log(`CDN part loaded on demand: ${file}`);
}
writeFileSync(single, singleSource);

for (const [bundle, snippetFile] of [
  ['payam-widgets', 'snippet.html'],
  ['payam-topic-map', 'topic-map-snippet.html'],
]) {
  const source = readFileSync(join(dir, `${bundle}.js`));
  const file = `${bundle}.${contentHash(source)}.js`;
  const integrity = integrityOf(source);
  removeEarlier(bundle, file);
  writeFileSync(join(dir, file), source);
  const snippet = `<script type="module" src="https://YOUR-PAYAM-SERVER/widgets/${file}" integrity="${integrity}" crossorigin="anonymous"></script>\n`;
  writeFileSync(join(dir, `${bundle}.manifest.json`), `${JSON.stringify({ version: pkg.version, file, integrity }, null, 2)}\n`);
  writeFileSync(join(dir, snippetFile), snippet);
  console.log(`CDN bundle: ${file} ${integrity}`);
}
