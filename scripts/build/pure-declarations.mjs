// A step after a package's build: each top-level `const x = <expression with a call>` of the built
// modules is marked as free of side effects (`/* @__PURE__ */ (() => <expression>)()`), so an
// application's bundler drops the declarations a program never reads. Bundlers cannot know on
// their own that `z.object({...})` only builds a value: without the mark a module that is
// imported for one schema keeps every schema it declares, and what those pull in from zod.
// Declarations whose value is read are evaluated exactly as before, in the same order.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'acorn';
import MagicString from 'magic-string';

const PURE_START = '/* @__PURE__ */ (() => (';
const PURE_END = '))()';

/**
 * Marks the top-level declarations of every `.js` file under `dir` (see the module comment).
 * Returns how many declarations were marked. An initializer that awaits, or that already is a
 * marked call, is left as it is.
 * @param {string} dir
 */
export async function markPureDeclarations(dir) {
  let marked = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const source = await readFile(file, 'utf8');
    const program = parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
    const text = new MagicString(source);
    for (const statement of program.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type !== 'VariableDeclaration') continue;
      for (const { init } of declaration.declarations) {
        if (!init || !evaluatesCall(init) || awaits(init) || source.slice(0, init.start).trimEnd().endsWith('@__PURE__ */')) continue;
        text.appendLeft(init.start, PURE_START);
        text.appendRight(init.end, PURE_END);
        marked++;
      }
    }
    if (text.hasChanged()) await writeFile(file, text.toString());
  }
  return marked;
}

/** Whether evaluating `node` calls something (a function body is not evaluated by declaring it). */
function evaluatesCall(node) {
  return someNode(node, (n) => n.type === 'CallExpression' || n.type === 'NewExpression' || n.type === 'TaggedTemplateExpression', true);
}

/** Whether `node` awaits at the top level (an arrow cannot wrap that). */
function awaits(node) {
  return someNode(node, (n) => n.type === 'AwaitExpression', true);
}

function someNode(node, test, skipFunctions) {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((child) => someNode(child, test, skipFunctions));
  if (typeof node.type !== 'string') return false;
  if (test(node)) return true;
  if (skipFunctions && /^(ArrowFunctionExpression|FunctionExpression|ClassExpression)$/.test(node.type)) return false;
  return Object.entries(node).some(([key, child]) => key !== 'loc' && someNode(child, test, skipFunctions));
}
