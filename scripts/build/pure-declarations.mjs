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
    marked += markPureNamespaces(program, text);
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

/**
 * A namespace import the build turned into an object (`var ns = {}; __export(ns, { a: () => a })`)
 * is filled by a statement, which a bundler must keep, and its getters keep every export of the
 * module even when the namespace itself is never read. Rewritten as one marked declaration
 * (`var ns = /* @__PURE__ *\/ (() => { const target = {}; __export(target, {…}); return target; })()`),
 * it goes when unread. Returns how many were rewritten.
 */
function markPureNamespaces(program, text) {
  let marked = 0;
  program.body.forEach((statement, index) => {
    const next = program.body[index + 1];
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return;
    const [{ id, init }] = statement.declarations;
    if (id.type !== 'Identifier' || init?.type !== 'ObjectExpression' || init.properties.length > 0) return;
    const call = next?.type === 'ExpressionStatement' ? next.expression : undefined;
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== '__export') return;
    if (call.arguments.length !== 2 || call.arguments[0].type !== 'Identifier' || call.arguments[0].name !== id.name) return;
    const getters = text.original.slice(call.arguments[1].start, call.arguments[1].end);
    text.overwrite(init.start, init.end, `/* @__PURE__ */ (() => { const target = {}; __export(target, ${getters}); return target; })()`);
    text.remove(next.start, next.end);
    marked++;
  });
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
