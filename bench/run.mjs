// Runs every benchmark in turn (after `pnpm build`) and prints their figures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
let failed = false;
for (const script of ['client-size.mjs', 'widget-sizes.mjs', 'tracker-throttled.mjs', 'server-api.mjs', 'token-cache-heap.mjs']) {
  if (!existsSync(join(here, script))) continue;
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit', cwd: join(here, '..') });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
