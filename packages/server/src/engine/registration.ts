import { hash } from 'node:crypto';
import { publicStatusOf, type LifecycleEffect, type MessageInput } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { SqlValue } from '../db/database.js';
import type { ServerContext } from './context.js';
import { idempotencySealKey, idempotentCitizenToken, newCitizenToken, openToken, sealToken } from './secrets.js';
import { effectRows, effectRowsSql } from './effects.js';

/** How a POST retry is recognised: the API key, its Idempotency-Key and a hash of the request. */
export interface IdempotencyClaim {
  /** The API key the request came with: the citizen token is derived from it (and older records sealed it with it); never stored. */
  apiKey: string;
  /** Its SHA-256, as stored. */
  apiKeyHash: string;
  /** The Idempotency-Key header. */
  key: string;
  /** A hash of the request's content, to tell a retry from a different request with the same key. */
  requestHash: string;
}

/** The outcome of a registration. */
export type RegistrationResult =
  | { ok: true; messageId: string; citizenToken: string; replayed: boolean }
  | { ok: false; reason: 'idempotency_key_reused' | 'token_unavailable' };

/** A stable hash of a request's content. */
export function requestHash(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'hex');
}

/** Hands out message ids from the database sequence, a block at a time (safe with many processes). */
export class MessageIds {
  private readonly free: number[] = [];
  private pending: Promise<void> | null = null;

  constructor(private readonly ctx: Pick<ServerContext, 'db'>) {}

  /** The next tracking id from the block in hand, or `null` when the block is used up. */
  take(system: string): string | null {
    const n = this.free.shift();
    return n === undefined ? null : `${system}-${n}`;
  }

  /** The next tracking id of a message in `system`: `137-1024`. */
  async next(system: string): Promise<string> {
    while (this.free.length === 0) {
      this.pending ??= this.refill().finally(() => {
        this.pending = null;
      });
      await this.pending;
    }
    return `${system}-${this.free.shift()}`;
  }

  private async refill(): Promise<void> {
    const rows = await this.ctx.db.query<{ n: number }>("SELECT nextval('message_seq')::int AS n FROM generate_series(1, 100)");
    this.free.push(...rows.map((r) => r.n));
  }
}

/** Which parts a registration statement writes. */
interface RegistrationShape {
  /** Contact details to store. */
  contact: boolean;
  /** Outbox rows to write. */
  outbox: boolean;
  /** Exactly one timeline entry and one deadline, passed as plain parameters. */
  single: boolean;
}

const param = (n: number) => `$${n}`;
const paramList = (from: number, count: number) => Array.from({ length: count }, (_, i) => param(from + i));

/**
 * The registration statement: the idempotency record, the message, and its timeline and deadline
 * rows; contact details and outbox rows only when there are some, since a CTE that writes nothing
 * still costs PostgreSQL its setup on every call (most citizens leave no contact details and most
 * messages publish nothing). A registration's usual one timeline entry and one deadline come as
 * plain parameters rather than JSON documents. Parameters $1–$22 are fixed; the rows follow.
 * Each text is prepared once per connection.
 */
function insertMessageSql(shape: RegistrationShape): string {
  let next = 23;
  const timeline = shape.single ? paramList(next, 6) : param(next);
  next += shape.single ? 6 : 1;
  const deadlines = shape.single ? paramList(next, 3) : param(next);
  next += shape.single ? 3 : 1;
  const contactRows = shape.contact ? param(next++) : undefined;
  const outbox = shape.outbox ? param(next++) : undefined;
  const contacts = contactRows
    ? `, c AS (
  INSERT INTO message_contacts (message_id, phone, first_name, last_name, email, device_id, sealed_token)
  SELECT m.id, x.phone, x.first_name, x.last_name, x.email, x.device_id, x.sealed_token
  FROM m, jsonb_to_recordset(${contactRows}::jsonb) AS x(phone text, first_name text, last_name text, email text, device_id text, sealed_token text)
)`
    : '';
  return `
WITH k AS (
  INSERT INTO idempotency_keys (api_key_hash, key, request_hash, message_id, created_at)
  SELECT $16::text, $17::text, $18::text, $1::text, $13::timestamptz WHERE $17::text IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING 1
), go AS (
  SELECT 1 AS ok WHERE $17::text IS NULL OR EXISTS (SELECT 1 FROM k)
), m AS (
  INSERT INTO messages (id, system, service_code, description, lat, long, address, region, attributes, media_url, lang,
    private, suggestion, citizen_token_hash, registered_at, updated_at, state, public_status, unit_id, snapshot)
  SELECT $1::text, $2::text, $3::text, $4::text, $5::double precision, $6::double precision, $7::text, $8::text, $9::jsonb,
    $10::text, $11::text, $12::boolean, $19::boolean, $14::text, $13::timestamptz, $13::timestamptz, $21::text,
    $20::text, $22::text, $15::json
  FROM go
  RETURNING id
)${contacts}, ${effectRowsSql({ timeline, deadlines, outbox, at: '$13' })}
SELECT id FROM m`;
}

const registrationStatements = new Map<string, string>();

/** The statement text for `shape`, built once (the same text is what each connection prepares once). */
function registrationStatement(shape: RegistrationShape): string {
  const key = `${+shape.contact}${+shape.outbox}${+shape.single}`;
  let text = registrationStatements.get(key);
  if (text === undefined) {
    text = insertMessageSql(shape);
    registrationStatements.set(key, text);
  }
  return text;
}

/**
 * Registers a message in one statement (one round trip, atomic): the message, its contact
 * details, first snapshot, timeline, deadline and outbox rows, and the idempotency record.
 * A retry with the same API key and Idempotency-Key gets the same message and citizen token.
 */
export async function registerMessage(
  ctx: ServerContext,
  ids: MessageIds,
  input: MessageInput,
  region: string | null,
  claim: IdempotencyClaim | null,
): Promise<RegistrationResult> {
  const { catalog } = ctx;
  const service = input.serviceCode ? catalog.services.get(input.serviceCode) : undefined;
  const system = catalog.systems.get(input.system);
  if (!system) throw new Error(`Unknown system ${input.system}`);
  // Most ids come from the block in hand, without waiting on a promise.
  const messageId = ids.take(input.system) ?? (await ids.next(input.system));
  const citizenToken = claim ? idempotentCitizenToken(ctx.secretKey, claim.apiKey, claim.key, messageId) : newCitizenToken();
  const at = ctx.now().toISOString();
  const consent = input.consents.participation;
  const suggestionConsented = input.suggestion && !!service?.suggestionsAllowed && !!consent;
  const { snapshot, effects } = catalog.lifecycle.start({
    messageId,
    system: input.system,
    serviceCode: input.serviceCode ?? null,
    intakeUnitId: system.intakeUnitId,
    at,
    suggestion: suggestionConsented && consent ? { consentTextVersion: consent.textVersion } : null,
    channels: { sms: !!input.contact.phone, push: !!input.contact.deviceId },
    lang: input.lang,
  });
  const rows = effectRows(effects as LifecycleEffect[]);
  const contact = input.contact;
  const hasContact = Object.values(contact).some((v) => v !== undefined && v !== '');
  const contacts = hasContact
    ? [
        {
          phone: contact.phone ?? null,
          first_name: contact.firstName ?? null,
          last_name: contact.lastName ?? null,
          email: contact.email ?? null,
          device_id: contact.deviceId ?? null,
          // Only a citizen who can be notified needs the token again, for the link in the notification.
          sealed_token: contact.phone || contact.deviceId ? sealToken(citizenToken, ctx.secretKey) : null,
        },
      ]
    : [];
  const params: SqlValue[] = [
    messageId,
    input.system,
    input.serviceCode ?? null,
    input.description,
    input.location?.lat ?? null,
    input.location?.long ?? null,
    input.address ?? null,
    region,
    JSON.stringify(input.attributes),
    input.mediaUrl ?? null,
    input.lang,
    service?.visibility === 'private',
    at,
    sha256(citizenToken),
    JSON.stringify(snapshot),
    claim?.apiKeyHash ?? null,
    claim?.key ?? null,
    claim?.requestHash ?? null,
    input.suggestion,
    publicStatusOf(snapshot),
    snapshot.state,
    snapshot.context.unitId,
  ];
  const [entry] = rows.timeline;
  const [deadline] = rows.deadlines;
  const single = rows.timeline.length === 1 && rows.deadlines.length === 1 && entry !== undefined && deadline !== undefined;
  if (single) {
    params.push(entry.type, entry.at, entry.actor_role, entry.visibility, entry.text, JSON.stringify(entry.data));
    params.push(deadline.id, deadline.stage, deadline.due_at);
  } else {
    params.push(JSON.stringify(rows.timeline), JSON.stringify(rows.deadlines));
  }
  if (contacts.length > 0) params.push(JSON.stringify(contacts));
  if (rows.outbox.length > 0) params.push(JSON.stringify(rows.outbox));
  const sql = registrationStatement({ contact: contacts.length > 0, outbox: rows.outbox.length > 0, single });
  const result = await ctx.db.query<{ id: string }>(sql, params);
  if (result.length > 0) return { ok: true, messageId, citizenToken, replayed: false };
  if (!claim) throw new Error('The message was not stored.');
  const [previous] = await ctx.db.query<{ message_id: string; request_hash: string; sealed_token: string | null; citizen_token_hash: string | null }>(
    `SELECT i.message_id, i.request_hash, i.sealed_token, m.citizen_token_hash
     FROM idempotency_keys i LEFT JOIN messages m ON m.id = i.message_id WHERE i.api_key_hash = $1 AND i.key = $2`,
    [claim.apiKeyHash, claim.key],
  );
  if (!previous) throw new Error('The idempotency record vanished.');
  if (previous.request_hash !== claim.requestHash) return { ok: false, reason: 'idempotency_key_reused' };
  // Records written before tokens were derived hold the token sealed.
  const token = previous.sealed_token
    ? openToken(previous.sealed_token, idempotencySealKey(claim.apiKey, claim.key))
    : idempotentCitizenToken(ctx.secretKey, claim.apiKey, claim.key, previous.message_id);
  if (!token) return { ok: false, reason: 'idempotency_key_reused' };
  // A token worked out with another server secret (PAYAM_SECRET changed) would open nothing.
  if (previous.citizen_token_hash !== sha256(token)) return { ok: false, reason: 'token_unavailable' };
  return { ok: true, messageId: previous.message_id, citizenToken: token, replayed: true };
}
