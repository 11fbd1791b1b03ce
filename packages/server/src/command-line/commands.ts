import { readFileSync } from 'node:fs';
import type { Language } from '@payam/core';
import * as admin from '../admin/index.js';

/** What a command gets: its positional arguments and options, and the administrative context. */
export interface CommandInput {
  /** Arguments after the command's name. */
  args: string[];
  /** Options given (`--name X` → `{ name: 'X' }`). */
  options: Record<string, string | boolean | undefined>;
  /** The database, the clock and who acts. */
  context: admin.AdminContext;
}

/** A command of the `payam` command line: its usage line and what it runs. */
export interface Command {
  /** `api-keys create --name <name>` … */
  usage: string;
  /** One sentence. */
  summary: string;
  /** Runs it; resolves to what it prints (as JSON with `--json`, as text otherwise). */
  run(input: CommandInput): Promise<unknown>;
  /** How the answer reads as text (default: JSON, indented). */
  text?(answer: never): string;
}

/** A wrong use of the command line (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function required(input: CommandInput, name: string): string {
  const value = input.options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

function argument(input: CommandInput, what: string): string {
  const [value] = input.args;
  if (value === undefined) throw new UsageError(`Name the ${what}.`);
  return value;
}

/** The JSON document of `--file` (an object, or a list of them). */
function readJsonFile(input: CommandInput): unknown {
  const file = required(input, 'file');
  let raw: string;
  try {
    raw = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new UsageError(`${file} is not valid JSON.`);
  }
}

/** Each item of a file holding one object or a list, set in turn (a list stops at its first refusal). */
async function eachOf<T>(document: unknown, set: (item: unknown) => Promise<T>): Promise<T[]> {
  const items = Array.isArray(document) ? document : [document];
  const done: T[] = [];
  for (const item of items) done.push(await set(item));
  return done;
}

const lines = (rows: string[]) => (rows.length === 0 ? '(none)' : rows.join('\n'));
const state = (revokedAt: string | null) => (revokedAt ? `revoked ${revokedAt}` : 'active');
const name = (text: { fa: string; en?: string | undefined }, lang: Language) => (lang === 'en' ? (text.en ?? text.fa) : text.fa);

/** Every command, by its two words (`api-keys create`) or one (`audit`). */
export function commands(lang: Language): Record<string, Command> {
  return {
    'api-keys create': {
      usage: 'api-keys create --name <name>',
      summary: 'Create an API key; its secret is printed this once.',
      run: (i) => admin.createApiKey(i.context, { name: required(i, 'name') }),
      text: (k: admin.NewApiKey) => `API key ${k.id} (${k.name}) created. Its secret, shown only now:\n${k.secret}`,
    },
    'api-keys list': {
      usage: 'api-keys list',
      summary: 'List the API keys (never their secrets).',
      run: (i) => admin.listApiKeys(i.context),
      text: (keys: admin.ApiKeyView[]) => lines(keys.map((k) => `${k.id}  ${k.name}  created ${k.createdAt}  ${state(k.revokedAt)}`)),
    },
    'api-keys revoke': {
      usage: 'api-keys revoke <key-id>',
      summary: 'Revoke an API key; running servers refuse it within a second.',
      run: (i) => admin.revokeApiKey(i.context, argument(i, 'key id')),
      text: (k: admin.ApiKeyView) => `API key ${k.id} (${k.name}) ${state(k.revokedAt)}.`,
    },
    'staff add': {
      usage: 'staff add --name <name> --role <operator|handler|supervisor|analyst|admin> [--unit <unit-id>]',
      summary: 'Add a member of staff with a first token, printed this once (no --unit: every unit).',
      run: (i) => admin.addStaffMember(i.context, { name: required(i, 'name'), role: required(i, 'role'), unitId: (i.options.unit as string | undefined) ?? null }),
      text: (a: { member: admin.StaffMemberView; token: admin.NewStaffToken }) =>
        `Member of staff ${a.member.id} (${a.member.name}, ${a.member.role}${a.member.unitId ? `, ${a.member.unitId}` : ', every unit'}) added.\nToken ${a.token.id}, shown only now:\n${a.token.token}`,
    },
    'staff list': {
      usage: 'staff list',
      summary: 'List the members of staff and their tokens (never the tokens themselves).',
      run: (i) => admin.listStaffMembers(i.context),
      text: (members: admin.StaffMemberView[]) =>
        lines(
          members.map(
            (m) =>
              `${m.id}  ${m.name}  ${m.role}  ${m.unitId ?? 'every unit'}${m.removedAt ? `  removed ${m.removedAt}` : ''}\n` +
              m.tokens.map((t) => `    token ${t.id}  ${state(t.revokedAt)}`).join('\n'),
          ),
        ),
    },
    'staff change': {
      usage: 'staff change <member-id> [--name <name>] [--role <role>] [--unit <unit-id> | --every-unit]',
      summary: "Change a member's name, role or unit.",
      run: (i) =>
        admin.changeStaffMember(i.context, argument(i, 'member id'), {
          ...(typeof i.options.name === 'string' ? { name: i.options.name } : {}),
          ...(typeof i.options.role === 'string' ? { role: i.options.role } : {}),
          ...(typeof i.options.unit === 'string' ? { unitId: i.options.unit } : i.options['every-unit'] ? { unitId: null } : {}),
        }),
      text: (m: admin.StaffMemberView) => `${m.id}  ${m.name}  ${m.role}  ${m.unitId ?? 'every unit'}`,
    },
    'staff remove': {
      usage: 'staff remove <member-id>',
      summary: 'Remove a member of staff: every token of theirs stops working.',
      run: (i) => admin.removeStaffMember(i.context, argument(i, 'member id')),
      text: (m: admin.StaffMemberView) => `Member of staff ${m.id} (${m.name}) removed; ${m.tokens.length} token(s) revoked.`,
    },
    'staff token': {
      usage: 'staff token <member-id>',
      summary: 'Issue another token to a member of staff, printed this once.',
      run: (i) => admin.issueStaffToken(i.context, argument(i, 'member id')),
      text: (t: admin.NewStaffToken) => `Token ${t.id} for ${t.memberId}, shown only now:\n${t.token}`,
    },
    'staff revoke-token': {
      usage: 'staff revoke-token <token-id>',
      summary: 'Revoke one staff token; running servers refuse it within a second.',
      run: (i) => admin.revokeStaffToken(i.context, argument(i, 'token id')),
      text: (t: admin.StaffTokenView & { memberId: string }) => `Token ${t.id} of ${t.memberId} ${state(t.revokedAt)}.`,
    },
    'systems list': {
      usage: 'systems list',
      summary: 'List the systems.',
      run: (i) => admin.listSystems(i.context),
      text: (systems: Awaited<ReturnType<typeof admin.listSystems>>) =>
        lines(systems.map((s) => `${s.id}  ${name(s.name, lang)}  intake ${s.intakeUnitId}${s.confidential ? '  confidential' : ''}${s.serviceRequired ? '  service required' : ''}`)),
    },
    'systems set': {
      usage: 'systems set --file <system.json>',
      summary: 'Add or replace systems from a JSON file (one system or a list).',
      run: (i) => eachOf(readJsonFile(i), (item) => admin.setSystem(i.context, item)),
      text: (systems: Awaited<ReturnType<typeof admin.setSystem>>[]) => lines(systems.map((s) => `system ${s.id} set`)),
    },
    'services list': {
      usage: 'services list [--system <id>]',
      summary: 'List the services with their form versions.',
      run: (i) => admin.listServices(i.context, i.options.system as string | undefined),
      text: (services: admin.ServiceView[]) =>
        lines(services.map((s) => `${s.service.code}  ${s.service.system}  ${name(s.service.name, lang)}  form v${s.formVersion}  ${s.service.attributes.length} field(s)  ${s.service.visibility}`)),
    },
    'services set': {
      usage: 'services set --file <services.json>',
      summary: 'Add services or replace their forms from a JSON file (one service or a list); each change is a new form version.',
      run: (i) => eachOf(readJsonFile(i), (item) => admin.setService(i.context, item)),
      text: (services: admin.ServiceView[]) => lines(services.map((s) => `service ${s.service.code}: form v${s.formVersion}`)),
    },
    'services forms': {
      usage: 'services forms <code>',
      summary: "Every version of a service's form, newest first.",
      run: (i) => admin.serviceFormVersions(i.context, argument(i, 'service code')),
      text: (versions: admin.FormVersion[]) => lines(versions.map((v) => `v${v.formVersion}  ${v.changedAt}  ${v.service.attributes.map((a) => a.code).join(', ') || '(no fields)'}`)),
    },
    'units list': {
      usage: 'units list',
      summary: 'List the org units.',
      run: (i) => admin.listUnits(i.context),
      text: (units: Awaited<ReturnType<typeof admin.listUnits>>) => lines(units.map((u) => `${u.id}  ${name(u.name, lang)}  parent ${u.parentId ?? '(root)'}${u.region ? `  region ${u.region}` : ''}`)),
    },
    'units set': {
      usage: 'units set --file <units.json> | units set <unit-id> --name-fa <name> [--name-en <name>] [--parent <unit-id>] [--region <region>]',
      summary: 'Add or change org units, from a JSON file (one or a list, parents first) or from options.',
      run: (i) => {
        if (i.options.file !== undefined) return eachOf(readJsonFile(i), (item) => admin.setUnit(i.context, item));
        const nameEn = i.options['name-en'];
        return eachOf(
          {
            id: argument(i, 'unit id'),
            name: { fa: required(i, 'name-fa'), ...(typeof nameEn === 'string' ? { en: nameEn } : {}) },
            parentId: (i.options.parent as string | undefined) ?? null,
            ...(typeof i.options.region === 'string' ? { region: i.options.region } : {}),
          },
          (item) => admin.setUnit(i.context, item),
        );
      },
      text: (units: Awaited<ReturnType<typeof admin.setUnit>>[]) => lines(units.map((u) => `unit ${u.id} set`)),
    },
    'units remove': {
      usage: 'units remove <unit-id>',
      summary: 'Remove an org unit nothing depends on.',
      run: (i) => admin.removeUnit(i.context, argument(i, 'unit id')),
      text: (u: Awaited<ReturnType<typeof admin.removeUnit>>) => `unit ${u.id} removed`,
    },
    'calendar show': {
      usage: 'calendar show',
      summary: 'The business calendar: time zone, working week, holidays.',
      run: (i) => admin.showCalendar(i.context),
    },
    'calendar set': {
      usage: 'calendar set --file <calendar.json>',
      summary: 'Replace the business calendar.',
      run: (i) => admin.setCalendar(i.context, readJsonFile(i)),
    },
    'holidays list': {
      usage: 'holidays list [--year <jalali year>]',
      summary: 'The holidays (Jalali dates).',
      run: (i) => admin.listHolidays(i.context, i.options.year as string | undefined),
      text: (dates: string[]) => lines(dates),
    },
    'holidays add': {
      usage: 'holidays add <jalali date>…',
      summary: 'Add holidays (Jalali YYYY-MM-DD, such as 1404-01-01).',
      run: (i) => admin.addHolidays(i.context, i.args),
      text: (dates: string[]) => `${dates.length} holiday(s) in the calendar.`,
    },
    'holidays remove': {
      usage: 'holidays remove <jalali date>…',
      summary: 'Remove holidays.',
      run: (i) => admin.removeHolidays(i.context, i.args),
      text: (dates: string[]) => `${dates.length} holiday(s) in the calendar.`,
    },
    audit: {
      usage: 'audit [--limit <n>] [--offset <n>]',
      summary: 'The audit log of administrative changes, newest first.',
      run: (i) => {
        const parsed = admin.auditQuerySchema.safeParse({ limit: i.options.limit, offset: i.options.offset });
        if (!parsed.success) throw new UsageError('--limit is 1–500 and --offset a whole number.');
        return admin.readAudit(i.context.db, parsed.data);
      },
      text: (page: { items: admin.AuditEntry[]; total: number }) =>
        `${lines(page.items.map((e) => `#${e.id}  ${e.at}  ${e.actor} (${e.actorRole})  ${e.action}  ${e.target}`))}\n(${page.items.length} of ${page.total})`,
    },
  };
}
