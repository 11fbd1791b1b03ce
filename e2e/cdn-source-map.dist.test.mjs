// The CDN file's source map, as built: the report form's parts loaded on demand are named in the
// single file by their hashed names, written in after esbuild wrote the file and its map. A name
// of another length would move every later column of its line, and the map would send a developer
// reading a stack trace to the wrong place. Every string literal after such a name on its line
// must map to the same literal in the sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';
import { checkBuildIsFresh, root } from './support.mjs';

const cdn = join(root, 'packages', 'widgets', 'dist', 'cdn');

/** The text of a string literal starting at `column` of `line` (its quotes off), or null. */
function literalAt(line, column) {
  const quote = line[column];
  if (quote !== '"' && quote !== "'") return null;
  const end = line.indexOf(quote, column + 1);
  return end < 0 ? null : line.slice(column + 1, Math.min(end, column + 41));
}

describe('the CDN file of the citizen widgets', () => {
  before(() => checkBuildIsFresh());

  it('has a source map that still holds after the parts’ hashed names were written in', () => {
    const code = readFileSync(join(cdn, 'payam-widgets.js'), 'utf8');
    const map = new TraceMap(readFileSync(join(cdn, 'payam-widgets.js.map'), 'utf8'));
    const lines = code.split('\n');
    const sources = map.sourcesContent.map((content) => content?.split('\n') ?? []);
    const mappings = decodedMappings(map);
    let checked = 0;
    const wrong = [];
    for (const [index, line] of lines.entries()) {
      const names = [...line.matchAll(/\.\/payam-report-[a-z]+\.[0-9a-f]{12}\.js/g)];
      if (names.length === 0) continue;
      const after = names[0].index + names[0][0].length;
      for (const [column, source, sourceLine, sourceColumn] of mappings[index] ?? []) {
        if (column < after || source === undefined) continue;
        const generated = literalAt(line, column);
        // A part's own name stands for the module the sources import (`./photo-field.js`).
        if (generated === null || generated.length < 3 || /^\.\/payam-report-/.test(generated)) continue;
        const original = literalAt(sources[source][sourceLine] ?? '', sourceColumn);
        checked++;
        if (original !== generated) wrong.push(`${generated} ← ${map.sources[source]}:${sourceLine + 1}:${sourceColumn} ${JSON.stringify(original)}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(checked >= 5, `only ${checked} literals after the parts' names were checked`);
  });
});
