import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without declarations.
import { markPureDeclarations } from '../../../scripts/build/pure-declarations.mjs';

// Modules as the build writes them: a namespace import turned into an object filled by
// `__export`, an object read from it, and a schema built by a call that reads one text.
const FILES = {
  'package.json': JSON.stringify({ type: 'module', sideEffects: false }),
  'texts.js': `var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all) __defProp(target, name, { get: all[name], enumerable: true });
};
var texts_exports = {};
__export(texts_exports, {
  used: () => used,
  unused: () => unused
});
var used = "THE-USED-TEXT";
var unused = "THE-UNUSED-TEXT";
export { texts_exports, used, unused };
`,
  'all.js': `import { texts_exports } from "./texts.js";
var all = { ...texts_exports };
export { all };
`,
  'schema.js': `import { used } from "./texts.js";
var schema = String(used);
export { schema };
`,
  'index.js': `export { all } from "./all.js";
export { schema } from "./schema.js";
`,
};

describe('marking built modules free of side effects', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'payam-pure-'));
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    await markPureDeclarations(dir);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const bundle = async (code: string) => {
    const result = await build({
      stdin: { contents: code, resolveDir: dir, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  };

  it('lets a bundler drop a namespace object and the texts only it reads', async () => {
    const code = await bundle(`import { schema } from './index.js'; console.log(schema);`);
    expect(code).toContain('THE-USED-TEXT');
    expect(code).not.toContain('THE-UNUSED-TEXT');
  });

  it('keeps the namespace whole when a program reads it', async () => {
    const module = (await import(join(dir, 'index.js'))) as { all: Record<string, string> };
    expect(module.all).toEqual({ used: 'THE-USED-TEXT', unused: 'THE-UNUSED-TEXT' });
    expect(await readFile(join(dir, 'texts.js'), 'utf8')).not.toMatch(/^__export\(/m);
    const code = await bundle(`import { all } from './index.js'; console.log(all);`);
    expect(code).toContain('THE-UNUSED-TEXT');
  });
});
