// After the single-file bundles are built: for each, a copy under a name that holds its content
// hash (`payam-widgets.<hash>.js`, `payam-topic-map.<hash>.js`, cacheable for a year), its
// Subresource Integrity hash, and the exact tag to paste, in `dist/cdn/<bundle>.manifest.json`
// and `dist/cdn/snippet.html` (the citizen widgets) / `dist/cdn/topic-map-snippet.html`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'dist', 'cdn');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8'));

for (const [bundle, snippetFile] of [
  ['payam-widgets', 'snippet.html'],
  ['payam-topic-map', 'topic-map-snippet.html'],
]) {
  const source = readFileSync(join(dir, `${bundle}.js`));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const file = `${bundle}.${hash}.js`;
  const integrity = `sha384-${createHash('sha384').update(source).digest('base64')}`;
  // Copies from earlier builds would be served forever under their old names.
  const earlier = new RegExp(`^${bundle}\\.[0-9a-f]{12}\\.js$`);
  for (const old of readdirSync(dir)) if (earlier.test(old) && old !== file) rmSync(join(dir, old));
  writeFileSync(join(dir, file), source);
  const snippet = `<script type="module" src="https://YOUR-PAYAM-SERVER/widgets/${file}" integrity="${integrity}" crossorigin="anonymous"></script>\n`;
  writeFileSync(join(dir, `${bundle}.manifest.json`), `${JSON.stringify({ version: pkg.version, file, integrity }, null, 2)}\n`);
  writeFileSync(join(dir, snippetFile), snippet);
  console.log(`CDN bundle: ${file} ${integrity}`);
}
