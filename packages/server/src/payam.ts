#!/usr/bin/env node
/**
 * `payam`: runs a city from the command line, on the same database as the server: the embedded
 * PGlite folder (`--data-dir`, `PAYAM_DATA_DIR`, `.payam-data`; refused while a server holds it) or
 * PostgreSQL (`DATABASE_URL`, shared with running servers, which pick every change up within a
 * second). The same operations as the staff API's `/staff/v1/admin/…`, through the same functions.
 *
 * Exit codes: 0 done, 1 the database could not be used, 2 a wrong use of the command line,
 * 3 the change was refused (invalid, unknown, or something depends on it).
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Language } from '@payam/core';
import { AdminRefusal } from './admin/index.js';
import { commands, UsageError, type Command } from './command-line/commands.js';
import { openDatabase } from './server.js';
import { errorText, issueTexts } from './texts.js';

const EXIT = { done: 0, database: 1, usage: 2, refused: 3 } as const;

function help(table: Record<string, Command>): string {
  return [
    'payam: run a city on Payam (API keys, staff, systems, services and their forms, units, calendar, audit log).',
    '',
    'Usage: payam <command> [options]',
    '',
    ...Object.values(table).map((c) => `  payam ${c.usage}\n      ${c.summary}`),
    '',
    'Options for every command:',
    '  --json             print the answer as JSON',
    '  --data-dir <dir>   the PGlite folder (default: PAYAM_DATA_DIR, or .payam-data); stop the server first',
    '  --lang <fa|en>     the language of refusals (default en)',
    '  --help             this text',
    'With DATABASE_URL set, the command works on that PostgreSQL database, beside running servers.',
    'Exit codes: 0 done, 1 database unusable, 2 wrong use, 3 refused.',
  ].join('\n');
}

function refusalText(refusal: AdminRefusal, lang: Language): string {
  const { issues, field, params } = refusal.options;
  if (issues) return issueTexts(issues, lang).map((issue, i) => `${issues[i]?.path.map(String).join('.') || '(input)'}: ${issue.message}`).join('\n');
  return `${errorText(lang, refusal.key, params)}${field ? ` (${field})` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        'data-dir': { type: 'string' },
        lang: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        unit: { type: 'string' },
        'every-unit': { type: 'boolean' },
        file: { type: 'string' },
        system: { type: 'string' },
        'name-fa': { type: 'string' },
        'name-en': { type: 'string' },
        parent: { type: 'string' },
        region: { type: 'string' },
        year: { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nRun payam --help for the commands.`);
    return EXIT.usage;
  }
  const { values: options, positionals } = parsed;
  const lang: Language = options.lang === 'fa' ? 'fa' : 'en';
  if (options.lang !== undefined && options.lang !== 'fa' && options.lang !== 'en') {
    console.error('--lang is fa or en.');
    return EXIT.usage;
  }
  const table = commands(lang);
  const [first, second] = positionals;
  const key = first !== undefined && second !== undefined && table[`${first} ${second}`] ? `${first} ${second}` : (first ?? '');
  const command = table[key];
  if (options.help || first === undefined || first === 'help') {
    console.log(help(table));
    return first === undefined && !options.help ? EXIT.usage : EXIT.done;
  }
  if (!command) {
    console.error(`There is no command "${positionals.slice(0, 2).join(' ')}". Run payam --help for the commands.`);
    return EXIT.usage;
  }
  const args = positionals.slice(key.split(' ').length);
  const env = process.env;
  const dataDir = resolve((options['data-dir'] as string | undefined) ?? env.PAYAM_DATA_DIR ?? '.payam-data');
  let db: Awaited<ReturnType<typeof openDatabase>>;
  try {
    db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, demo: false });
  } catch (error) {
    console.error(`payam: the database cannot be used: ${(error as Error).message}`);
    return EXIT.database;
  }
  try {
    const user = (() => {
      try {
        return userInfo().username;
      } catch {
        return 'unknown';
      }
    })();
    const answer = await command.run({ args, options: options as Record<string, string | boolean | undefined>, context: { db, now: () => new Date(), actor: { id: `cli:${user}`, role: 'cli' } } });
    console.log(options.json || !command.text ? JSON.stringify(answer, null, 2) : command.text(answer as never));
    return EXIT.done;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: payam ${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof AdminRefusal) {
      if (options.json) console.error(JSON.stringify({ status: error.status, error: refusalText(error, lang) }));
      else console.error(`Refused: ${refusalText(error, lang)}`);
      return EXIT.refused;
    }
    console.error(`payam: ${(error as Error).message}`);
    return EXIT.database;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
