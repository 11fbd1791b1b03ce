// After the single-file bundle is built: a copy under a name that holds its content hash
// (`payam-widgets.<hash>.js`, cacheable for a year), its Subresource Integrity hash, and the
// exact tag to paste, in `dist/cdn/payam-widgets.manifest.json` and `dist/cdn/snippet.html`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'dist', 'cdn');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8'));
const source = readFileSync(join(dir, 'payam-widgets.js'));
const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
const file = `payam-widgets.${hash}.js`;
const integrity = `sha384-${createHash('sha384').update(source).digest('base64')}`;

// Copies from earlier builds would be served forever under their old names.
for (const old of readdirSync(dir)) if (/^payam-widgets\.[0-9a-f]{12}\.js$/.test(old) && old !== file) rmSync(join(dir, old));
writeFileSync(join(dir, file), source);

const snippet = `<script type="module" src="https://YOUR-PAYAM-SERVER/widgets/${file}" integrity="${integrity}" crossorigin="anonymous"></script>\n`;
writeFileSync(join(dir, 'payam-widgets.manifest.json'), `${JSON.stringify({ version: pkg.version, file, integrity }, null, 2)}\n`);
writeFileSync(join(dir, 'snippet.html'), snippet);
console.log(`CDN bundle: ${file} ${integrity}`);
