import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/** The migrations folder: `packages/server/migrations`, from the sources and from `dist/`. */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The migrations folder was not found next to the server package.');
}

/**
 * Applies the SQL files of the migrations folder not applied yet, in name order, each in one
 * transaction. Several processes starting at once on PostgreSQL take turns through an advisory lock.
 */
export async function migrate(db: Database): Promise<string[]> {
  const files = readdirSync(migrationsDir())
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // The lock comes first: two processes creating the same table at once would collide.
    await tx.query('SELECT pg_advisory_xact_lock(1371888)');
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = readFileSync(join(migrationsDir(), name), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
  });
  return applied;
}

/** Splits a migration into statements (our migrations hold no functions or quoted semicolons). */
function splitStatements(sql: string): string[] {
  const text = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  // A `;` inside a dollar-quoted body (`$$ … $$`, a function's) does not end the statement.
  const statements: string[] = [];
  let current = '';
  for (const [i, part] of text.split('$$').entries()) {
    if (i % 2 === 1) {
      current += `$$${part}$$`;
      continue;
    }
    const pieces = part.split(';');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      statements.push(current);
      current = piece;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
