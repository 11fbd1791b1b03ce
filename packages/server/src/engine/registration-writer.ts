import type { Queryable, SqlValue } from '../db/database.js';
import { DEADLINE_COLUMNS, effectRowsSql, TIMELINE_COLUMNS, type EffectRows, type RowsParam } from './effects.js';

/** A citizen's contact details as stored, with the sealed token for notification links. */
export interface ContactRow {
  /** Phone number. */
  phone: string | null;
  /** First name. */
  first_name: string | null;
  /** Last name. */
  last_name: string | null;
  /** Email address. */
  email: string | null;
  /** Push device id. */
  device_id: string | null;
  /** The citizen token sealed with the server's secret, for citizens who can be notified. */
  sealed_token: string | null;
}

/** The columns of a contact row after its message id, all text. */
const CONTACT_COLUMNS = ['phone', 'first_name', 'last_name', 'email', 'device_id', 'sealed_token'] as const;

/** The CTE that writes the contact rows a query reads `FROM ${from}` in the columns `prefix` + name. */
function contactsSql(from: string, prefix: string, where = ''): string {
  return `c AS (
  INSERT INTO message_contacts (message_id, ${CONTACT_COLUMNS.join(', ')})
  SELECT m.id, ${CONTACT_COLUMNS.map((name) => `x.${prefix}${name}`).join(', ')}
  FROM ${from}${where}
), `;
}

/** The columns of a registration's message row and their SQL types, in parameter order ($1–$28). */
const MESSAGE_COLUMNS = [
  ['id', 'text'],
  ['system', 'text'],
  ['service_code', 'text'],
  ['description', 'text'],
  ['lat', 'double precision'],
  ['long', 'double precision'],
  ['address', 'text'],
  ['region', 'text'],
  ['attributes', 'jsonb'],
  ['media_url', 'text'],
  ['lang', 'text'],
  ['private', 'boolean'],
  ['at', 'timestamptz'],
  ['citizen_token_hash', 'text'],
  ['snapshot', 'json'],
  ['api_key_hash', 'text'],
  ['idempotency_key', 'text'],
  ['request_hash', 'text'],
  ['suggestion', 'boolean'],
  ['public_status', 'text'],
  ['state', 'text'],
  ['unit_id', 'text'],
  ['form_version', 'integer'],
  ['registered_by', 'text'],
  ['match_cell', 'text'],
  ['match_group', 'text'],
  ['match_keys', 'jsonb'],
  ['match_words', 'text'],
  ['match_pending', 'boolean'],
] as const;

type MessageColumn = (typeof MESSAGE_COLUMNS)[number][0];

/**
 * Everything one registration writes: the message row (its JSON columns as values, not text),
 * its timeline, deadline and outbox rows, and the contact details if the citizen left some.
 */
export type RegistrationRecord = { [K in Exclude<MessageColumn, 'attributes' | 'snapshot' | 'match_keys'>]: string | number | boolean | null } & {
  /** The words duplicate search finds the message by (core `matchingKeys`). */
  match_keys: string[];
  /** The message's attributes. */
  attributes: unknown;
  /** The lifecycle's first snapshot. */
  snapshot: unknown;
  /** Timeline rows. */
  timeline: EffectRows['timeline'];
  /** Deadline rows. */
  deadlines: EffectRows['deadlines'];
  /** Outbox rows. */
  outbox: EffectRows['outbox'];
  /** Contact details: none or one row. */
  contacts: ContactRow[];
};

/** Which parts a one-registration statement writes. */
interface RegistrationShape {
  /** Contact details to store. */
  contact: boolean;
  /** Outbox rows to write. */
  outbox: boolean;
  /** Exactly one timeline entry and one deadline, passed as plain parameters. */
  single: boolean;
}

/** Where a registration statement reads its message rows from. */
interface MessageSource {
  /** The expression of a message column. */
  value: (column: MessageColumn) => string;
  /** CTEs before the idempotency record's (the batch's rows). */
  before: string;
  /** The FROM clause (and filter) of the idempotency records' insert. */
  claims: string;
  /** The FROM clause (and filter) of the messages' insert: rows whose idempotency record was written, or that have none. */
  messages: string;
}

/** The statement shared by one registration and a batch of them, reading messages from `source`. */
function registrationSql(source: MessageSource, rest: string): string {
  const v = source.value;
  return `
WITH ${source.before}k AS (
  INSERT INTO idempotency_keys (api_key_hash, key, request_hash, message_id, created_at)
  SELECT ${v('api_key_hash')}, ${v('idempotency_key')}, ${v('request_hash')}, ${v('id')}, ${v('at')} ${source.claims}
  ON CONFLICT DO NOTHING RETURNING message_id
), m AS (
  INSERT INTO messages (id, system, service_code, description, lat, long, address, region, attributes, media_url, lang,
    private, suggestion, citizen_token_hash, registered_at, updated_at, state, public_status, unit_id, form_version, snapshot, registered_by,
    match_cell, match_group, match_keys, match_words, match_pending)
  SELECT ${v('id')}, ${v('system')}, ${v('service_code')}, ${v('description')}, ${v('lat')}, ${v('long')}, ${v('address')},
    ${v('region')}, ${v('attributes')}, ${v('media_url')}, ${v('lang')}, ${v('private')}, ${v('suggestion')},
    ${v('citizen_token_hash')}, ${v('at')}, ${v('at')}, ${v('state')}, ${v('public_status')}, ${v('unit_id')}, ${v('form_version')}, ${v('snapshot')}, ${v('registered_by')},
    ${v('match_cell')}, ${v('match_group')}, ARRAY(SELECT jsonb_array_elements_text(${v('match_keys')})), ${v('match_words')},
    ${v('match_pending')}
  ${source.messages}
  RETURNING id
), ${rest}
SELECT id FROM m`;
}

const param = (n: number) => `$${n}`;
const paramList = (from: number, count: number) => Array.from({ length: count }, (_, i) => param(from + i));

/** The parameter of a message column in a one-registration statement, with its type (`$17::text`). */
function oneParam(column: MessageColumn): string {
  const i = MESSAGE_COLUMNS.findIndex(([name]) => name === column);
  return `$${i + 1}::${MESSAGE_COLUMNS[i]?.[1]}`;
}

/** One registration, each message column its own parameter ($1–$28). */
const ONE: MessageSource = {
  value: oneParam,
  before: '',
  claims: `WHERE ${oneParam('idempotency_key')} IS NOT NULL`,
  messages: `FROM (SELECT 1) AS one WHERE ${oneParam('idempotency_key')} IS NULL OR EXISTS (SELECT 1 FROM k)`,
};

/**
 * The statement for one registration: contact details and outbox rows only when there are some,
 * since a CTE that writes nothing still costs PostgreSQL its setup on every call (most citizens
 * leave no contact details and most messages publish nothing). A registration's usual one timeline
 * entry and one deadline come as plain parameters rather than JSON documents. Parameters $1–$28
 * are the message's; the rows follow.
 */
function oneRegistrationSql(shape: RegistrationShape): string {
  let next = MESSAGE_COLUMNS.length + 1;
  const timeline = shape.single ? paramList(next, TIMELINE_COLUMNS.length) : param(next);
  next += shape.single ? TIMELINE_COLUMNS.length : 1;
  const deadlines = shape.single ? paramList(next, DEADLINE_COLUMNS.length) : param(next);
  next += shape.single ? DEADLINE_COLUMNS.length : 1;
  const contactRows = shape.contact ? param(next++) : undefined;
  const outbox = shape.outbox ? param(next++) : undefined;
  const contacts = contactRows
    ? contactsSql(`m, jsonb_to_recordset(${contactRows}::jsonb) AS x(${CONTACT_COLUMNS.map((name) => `${name} text`).join(', ')})`, '')
    : '';
  return registrationSql(ONE, `${contacts}${effectRowsSql({ timeline, deadlines, outbox, at: oneParam('at') })}`);
}

const TIMELINE_PREFIX = 't_';
const DEADLINE_PREFIX = 'd_';
const CONTACT_PREFIX = 'c_';
/** The batch row column that says whether the registration has a contact row. */
const WITH_CONTACT = 'with_contact';

/**
 * A column of a batch row: its name in the statement, its SQL type, and where its value comes
 * from (the message row, the registration's one timeline entry, deadline or contact, or whether
 * it has a contact).
 */
type BatchColumn = readonly [key: string, type: string, part: 'message' | 'timeline' | 'deadlines' | 'contacts' | 'flag', name: string];

/** The columns of a batch row; the contact's only `withContacts`. */
function batchColumns(withContacts: boolean): readonly BatchColumn[] {
  return [
    ...MESSAGE_COLUMNS.map(([name, type]): BatchColumn => [name, type, 'message', name]),
    ...TIMELINE_COLUMNS.map(([name, type]): BatchColumn => [`${TIMELINE_PREFIX}${name}`, type, 'timeline', name]),
    ...DEADLINE_COLUMNS.map(([name, type]): BatchColumn => [`${DEADLINE_PREFIX}${name}`, type, 'deadlines', name]),
    ...(withContacts
      ? [...CONTACT_COLUMNS.map((name): BatchColumn => [`${CONTACT_PREFIX}${name}`, 'text', 'contacts', name]), [WITH_CONTACT, 'boolean', 'flag', WITH_CONTACT] as const]
      : []),
  ];
}
const BATCH_ROW = batchColumns(false);
const BATCH_ROW_WITH_CONTACTS = batchColumns(true);

/**
 * The statement for several registrations that each have one timeline entry, one deadline and no
 * outbox rows: one JSON array parameter with a row per registration, read once with
 * `json_to_recordset` (the snapshot column stays the text the server wrote). Contact details are
 * columns of the same rows; the statement writes them only when `contacts` (a batch without any
 * spares PostgreSQL that CTE). A registration whose Idempotency-Key is already taken, by an
 * earlier request or by another row of the batch, writes nothing and is not among the ids returned.
 */
function batchRegistrationSql(contacts: boolean): string {
  const columns = contacts ? BATCH_ROW_WITH_CONTACTS : BATCH_ROW;
  const rows = (prefix: string): RowsParam => ({ relation: 'x', prefix });
  return registrationSql(
    {
      value: (column) => `x.${column}`,
      before: `x AS (
  SELECT * FROM json_to_recordset($1::json) AS x(${columns.map(([key, type]) => `${key} ${type}`).join(', ')})
), `,
      claims: 'FROM x WHERE x.idempotency_key IS NOT NULL',
      messages: 'FROM x WHERE x.idempotency_key IS NULL OR x.id IN (SELECT message_id FROM k)',
    },
    `${contacts ? contactsSql('m JOIN x ON x.id = m.id', CONTACT_PREFIX, ` WHERE x.${WITH_CONTACT}`) : ''}${effectRowsSql({
      timeline: rows(TIMELINE_PREFIX),
      deadlines: rows(DEADLINE_PREFIX),
      at: 'x.at',
    })}`,
  );
}

const statements = new Map<string, string>();

/** A statement's text, built once (the same text is what each connection prepares once). */
function statement(key: string, build: () => string): string {
  let text = statements.get(key);
  if (text === undefined) {
    text = build();
    statements.set(key, text);
  }
  return text;
}

/** Whether a registration writes only what a batch statement carries: one timeline entry, one deadline, no outbox rows. */
function isBatchable(record: RegistrationRecord): boolean {
  return record.contacts.length <= 1 && record.outbox.length === 0 && record.timeline.length === 1 && record.deadlines.length === 1;
}

/** A row's values as parameters in the order of `columns`, JSON columns as JSON text. */
function columnParams<Name extends string>(columns: readonly (readonly [Name, string])[], row: { [K in Name]: unknown }): SqlValue[] {
  return columns.map(([name, type]) => (type === 'json' || type === 'jsonb' ? JSON.stringify(row[name]) : (row[name] as SqlValue)));
}

/** Writes one registration alone; resolves to whether the message was stored (false: its Idempotency-Key was taken). */
export async function writeOne(db: Queryable, record: RegistrationRecord): Promise<boolean> {
  const params = columnParams(MESSAGE_COLUMNS, record);
  const [entry] = record.timeline;
  const [deadline] = record.deadlines;
  const single = record.timeline.length === 1 && record.deadlines.length === 1 && entry !== undefined && deadline !== undefined;
  if (single) {
    params.push(...columnParams(TIMELINE_COLUMNS, entry), ...columnParams(DEADLINE_COLUMNS, deadline));
  } else {
    params.push(JSON.stringify(record.timeline), JSON.stringify(record.deadlines));
  }
  const shape = { contact: record.contacts.length > 0, outbox: record.outbox.length > 0, single };
  if (shape.contact) params.push(JSON.stringify(record.contacts));
  if (shape.outbox) params.push(JSON.stringify(record.outbox));
  const sql = statement(`one${+shape.contact}${+shape.outbox}${+shape.single}`, () => oneRegistrationSql(shape));
  return (await db.query<{ id: string }>(sql, params)).length > 0;
}

/**
 * Writes registrations with one timeline entry, one deadline and no outbox rows each in one
 * statement; resolves to the ids of the messages stored.
 */
export async function writeBatch(db: Queryable, records: readonly RegistrationRecord[]): Promise<Set<string>> {
  const withContacts = records.some((record) => record.contacts.length > 0);
  const columns = withContacts ? BATCH_ROW_WITH_CONTACTS : BATCH_ROW;
  const rows = records.map((record) => {
    if (!isBatchable(record)) throw new Error('Only registrations with one timeline entry, one deadline and no outbox rows are written in a batch.');
    // Every row gets its members in the same order, so the rows share one shape and JSON.stringify
    // takes its fast path (a copy of the record with members added after was about twice as slow).
    const row: Record<string, unknown> = {};
    for (const [key, , part, name] of columns) {
      row[key] = part === 'message' ? record[name as MessageColumn] : part === 'flag' ? record.contacts.length > 0 || undefined : (record[part][0] as Record<string, unknown> | undefined)?.[name];
    }
    return row;
  });
  const sql = statement(`batch${+withContacts}`, () => batchRegistrationSql(withContacts));
  const stored = await db.query<{ id: string }>(sql, [JSON.stringify(rows)]);
  return new Set(stored.map((row) => row.id));
}

/** How a {@link RegistrationWriter} gathers registrations. */
export interface RegistrationWriterOptions {
  /** Statements in flight at once; registrations arriving meanwhile wait and go together. */
  concurrency: number;
  /** The most registrations one statement carries. */
  maxBatch: number;
}

/**
 * How registrations are gathered on each database. PostgreSQL: two statements in flight, so the
 * next batch is on its way while one commits; more only made smaller batches (measured with
 * bench/server-api.mjs: 1 or 2 in flight 0.79–0.84 of the ceiling, 4 0.73–0.74, 8 0.61,
 * 16 0.56). PGlite runs one statement at a time anyway.
 */
export function registrationBatching(kind: 'pglite' | 'postgres'): RegistrationWriterOptions {
  return { concurrency: kind === 'postgres' ? 2 : 1, maxBatch: 64 };
}

interface Waiting {
  record: RegistrationRecord;
  done: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

/**
 * Writes registrations, gathering those that arrive while the database is busy into one statement
 * (group commit). A registration that finds fewer than `concurrency` statements in flight is
 * written at once, alone, so a quiet server adds no wait; under load, what queued behind the
 * statements in flight goes in the next one, sparing PostgreSQL and the server most of the cost of
 * a statement and a commit per message. Each caller learns of its own message only after the
 * statement that wrote it committed. If a batch fails, nothing of it was written, and each of its
 * registrations is written again alone, so one bad registration never fails the others.
 */
export class RegistrationWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Queryable,
    private readonly options: RegistrationWriterOptions,
  ) {}

  /** Writes a registration; resolves to whether the message was stored (false: its Idempotency-Key was taken). */
  write(record: RegistrationRecord): Promise<boolean> {
    if (!isBatchable(record)) return writeOne(this.db, record);
    return new Promise((done, fail) => {
      this.waiting.push({ record, done, fail });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      let stored: Set<string> | null = null;
      try {
        stored = await writeBatch(this.db, batch.map((w) => w.record));
      } catch {
        // Nothing of the batch was written: each goes again alone, below.
      }
      if (stored) {
        for (const w of batch) w.done(stored.has(String(w.record.id)));
        return;
      }
    }
    await Promise.all(batch.map((w) => writeOne(this.db, w.record).then(w.done, w.fail)));
  }
}
