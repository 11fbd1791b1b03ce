// Runs every test of the workspace and ends with one line `N passed, N failed`.
// Each step writes JUnit XML to reports/; steps without JUnit (typecheck, Storybook build) count
// as one check each. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const reports = join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const vitest = (pkg) => ({
  name: `${pkg} tests`,
  cwd: join(root, 'packages', pkg),
  cmd: 'pnpm',
  args: ['exec', 'vitest', 'run', '--reporter=default', '--reporter=junit', `--outputFile.junit=${join(reports, `${pkg}.xml`)}`],
  junit: join(reports, `${pkg}.xml`),
});

const steps = [
  { name: 'typecheck', cwd: root, cmd: 'pnpm', args: ['-r', '--filter', './packages/**', 'typecheck'] },
  vitest('core'),
  vitest('server'),
  vitest('client'),
  // The widgets' test runner starts the reference server from its built output.
  { name: 'build', cwd: root, cmd: 'pnpm', args: ['-r', '--filter', './packages/**', 'build'] },
  {
    name: 'widgets tests',
    cwd: join(root, 'packages', 'widgets'),
    cmd: 'pnpm',
    args: ['exec', 'web-test-runner'],
    junit: join(reports, 'widgets.xml'),
    env: { PAYAM_JUNIT: join(reports, 'widgets.xml') },
  },
  // The citizen's loop in Chromium against the built server (`node packages/server/dist/cli.js`),
  // with the CDN bundle embedded from another origin; screenshots go to reports/e2e/. Then the
  // topic map embedded from another origin with its integrity hash, the production recipe (two
  // built processes on one PostgreSQL, demo data off) and the CDN file's source map: every
  // `*.dist.test.mjs` of e2e/, found by Node's test runner as `pnpm test` there finds them.
  {
    name: 'end-to-end',
    cwd: join(root, 'e2e'),
    cmd: 'node',
    args: ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=junit', `--test-reporter-destination=${join(reports, 'e2e.xml')}`],
    junit: join(reports, 'e2e.xml'),
    env: {},
  },
  // Each framework recipe built with Vite and rendered in Chromium from an origin of its own.
  {
    name: 'framework recipes',
    cwd: join(root, 'examples', 'recipes'),
    cmd: 'node',
    args: ['render.mjs'],
    junit: join(reports, 'recipes.xml'),
    env: { PAYAM_JUNIT: join(reports, 'recipes.xml') },
  },
  { name: 'storybook build', cwd: join(root, 'stories'), cmd: 'pnpm', args: ['run', 'build'] },
  // Every story of that build rendered in Chromium: no render error, text shown, no raw text key.
  {
    name: 'storybook stories',
    cwd: join(root, 'stories'),
    cmd: 'node',
    args: ['smoke.mjs'],
    junit: join(reports, 'stories.xml'),
    env: { PAYAM_JUNIT: join(reports, 'stories.xml') },
  },
];

/** Reads one XML attribute of a tag, with the five predefined entities decoded. */
function attribute(tag, name) {
  const value = new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
  return decodeEntities(value);
}

function decodeEntities(text) {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/**
 * Counts test cases, failures and skips in a JUnit XML file, and names each failure with the first
 * lines of its message, so the end of a CI log says what failed.
 */
function countJunit(file) {
  const xml = readFileSync(file, 'utf8');
  let passed = 0, failed = 0, skipped = 0;
  const failures = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[3] ?? '';
    const failure = /<(failure|error)\b([^>]*)>?([\s\S]*?)(<\/(failure|error)>|$)/.exec(body);
    if (failure) {
      failed++;
      const name = `${attribute(match[1], 'classname')} › ${attribute(match[1], 'name')}`;
      const message = (attribute(failure[2], 'message') || decodeEntities(failure[3].replace(/<!\[CDATA\[|\]\]>/g, '')))
        .split('\n').filter((line) => line.trim()).slice(0, 6).join('\n    ');
      failures.push(`  ✗ ${name}\n    ${message}`);
    } else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
  return { passed, failed, skipped, failures };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const failures = [];
for (const step of steps) {
  if (!existsSync(step.cwd)) continue;
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const result = spawnSync(step.cmd, step.args, {
    cwd: step.cwd,
    stdio: 'inherit',
    env: { ...process.env, ...(step.env ?? {}) },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts;
  if (step.junit && existsSync(step.junit)) {
    counts = countJunit(step.junit);
    // A runner that crashed after writing some results still fails the step.
    if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  } else {
    counts = result.status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  summary.push(`${step.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
  if (counts.failed > 0) {
    failures.push(`${step.name}:`, ...(counts.failures?.length ? counts.failures : ['  (the runner failed; see its output above)']));
  }
}

console.log('\n=== summary ===');
for (const line of summary) console.log(line);
if (failures.length > 0) {
  console.log('\n=== failed ===');
  for (const line of failures) console.log(line);
  console.log('');
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
