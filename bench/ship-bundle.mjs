// Bundles Payam's packages as an application's bundler sees them once they are installed: the
// built `dist` files, found through each package.json's `exports` (no `@payam/source` condition),
// bundled for the browser and minified with esbuild in production mode, gzip level 9.
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

export { esbuildVersion };
export const KB = 1024;
const here = import.meta.dirname;

/**
 * Bundles an application whose only module is `code` (imports of the packages by name, resolved
 * from bench/ as from an app's node_modules). Code split like an app's production build: a
 * language a widget loads on first use stays its own chunk. Returns the files with their sizes and
 * which language each one carries, if any.
 */
export async function bundleApp(code, { external = [] } = {}) {
  const result = await build({
    stdin: { contents: code, resolveDir: here, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    legalComments: 'none',
    metafile: true,
    splitting: true,
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => {
      const meta = result.metafile.outputs[`out/${basename(file.path)}`];
      const inputs = Object.keys(meta.inputs);
      const language = ['fa', 'en'].find((lang) => inputs.some((input) => basename(input).startsWith(`texts.${lang}`)));
      const imports = meta.imports.filter((i) => !i.external).map((i) => ({ name: basename(i.path), dynamic: i.kind === 'dynamic-import' }));
      return { name: basename(file.path), raw: file.contents.byteLength, gzip: gzipSync(file.contents, { level: 9 }).byteLength, language, inputs: meta.inputs, imports, entry: basename(meta.entryPoint ?? '') === 'app.js' };
    });
}

/**
 * Splits one page's files into what the widget needs before it first renders (the entry, what it
 * imports statically, and its texts in the page's language, which it awaits before rendering) and
 * what it loads only on demand (a dynamic import such as a view shown after registering, or a
 * field shown for some services), so each can be reported apart.
 */
export function firstRender(page) {
  const byName = new Map(page.files.map((file) => [file.name, file]));
  const needed = new Set();
  const visit = (file) => {
    if (!file || needed.has(file.name)) return;
    needed.add(file.name);
    for (const i of file.imports) {
      const target = byName.get(i.name);
      if (!i.dynamic || target?.language) visit(target);
    }
  };
  for (const file of page.files) if (file.entry) visit(file);
  const sum = (list, field) => list.reduce((total, file) => total + file[field], 0);
  const first = page.files.filter((file) => needed.has(file.name));
  const later = page.files.filter((file) => !needed.has(file.name));
  return { raw: sum(first, 'raw'), gzip: sum(first, 'gzip'), onDemand: later.map((file) => ({ name: file.name, gzip: file.gzip })) };
}

/** What a page in one language downloads: every file but the other language's; the heavier of fa and en. */
export function onePage(files) {
  const sum = (list, field) => list.reduce((total, file) => total + file[field], 0);
  const pages = ['fa', 'en'].map((lang) => {
    const list = files.filter((file) => !file.language || file.language === lang);
    return { lang, raw: sum(list, 'raw'), gzip: sum(list, 'gzip'), files: list };
  });
  return pages.sort((a, b) => b.gzip - a.gzip)[0];
}

/** Minified bytes by package (lit's packages counted as one), over every file of a bundle. */
export function byPackage(files) {
  const shares = new Map();
  for (const file of files) {
    for (const [input, info] of Object.entries(file.inputs)) {
      const name = packageOf(input);
      shares.set(name, (shares.get(name) ?? 0) + info.bytesInOutput);
    }
  }
  return [...shares].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
}

function packageOf(file) {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dependency) return /^(lit|lit-html|lit-element|@lit\/.*)$/.test(dependency[1]) ? 'lit' : dependency[1];
  const workspace = /packages\/([^/]+)\/dist\//.exec(file);
  if (workspace) return `@payam/${workspace[1]}`;
  return file;
}

/** Size of one file as served (gzip level 9). */
export function gzipSize(contents) {
  return gzipSync(contents, { level: 9 }).byteLength;
}

export const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

/** `figure / budget` as a ratio with three decimals (a figure just under its budget reads as such) and the verdict. */
export function against(bytes, budget) {
  return { ratio: (bytes / budget).toFixed(3), ok: bytes <= budget };
}
