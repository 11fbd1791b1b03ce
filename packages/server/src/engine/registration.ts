import { hash } from 'node:crypto';
import { publicStatusOf, reachableChannels, type LifecycleEffect, type MessageInput } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { ServerContext } from './context.js';
import { idempotencySealKey, idempotentCitizenToken, newCitizenToken, openToken, sealToken } from './secrets.js';
import { effectRows } from './effects.js';
import type { ContactRow, RegistrationWriter } from './registration-writer.js';
import { isPrivate } from '../access/index.js';
import { matchingColumns } from '../duplicates/matching.js';
import { linkOnRegistration } from '../duplicates/auto-link.js';
import type { MatchRow } from '../duplicates/candidates.js';

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

/** `value` as JSON with every object's keys in order, so the same data always reads the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A hash of what a registration means: give it the parsed input (defaults applied, numbers as
 * numbers), so the same registration sent with its keys in another order, or as a form instead
 * of JSON, is recognised as the same request.
 */
export function requestHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}

/** How many numbers a server takes from a system's counter at a time. */
const ID_BLOCK = 100;

// Takes the next block of a system's numbers: one short statement, committed on its own, so a
// crash loses at most the rest of a block (a gap), never hands a number out twice.
const TAKE_BLOCK = `
INSERT INTO message_counters AS c (system, next_number) VALUES ($1, 1000 + ${ID_BLOCK})
ON CONFLICT (system) DO UPDATE SET next_number = c.next_number + ${ID_BLOCK}
RETURNING (c.next_number - ${ID_BLOCK})::float8 AS first`;

/**
 * Hands out message ids, numbered per system (`137-1024`, `1888-1003`) so one system's ids tell
 * nothing of another's, a block of numbers at a time from the system's counter in the database
 * (safe with many processes).
 */
export class MessageIds {
  private readonly pools = new Map<string, { free: number[]; pending: Promise<void> | null }>();

  constructor(private readonly ctx: Pick<ServerContext, 'db'>) {}

  /** The next tracking id of `system` from the block in hand, or `null` when the block is used up. */
  take(system: string): string | null {
    const n = this.pools.get(system)?.free.shift();
    return n === undefined ? null : `${system}-${n}`;
  }

  /** The next tracking id of a message in `system`: `137-1024`. */
  async next(system: string): Promise<string> {
    let pool = this.pools.get(system);
    if (!pool) {
      pool = { free: [], pending: null };
      this.pools.set(system, pool);
    }
    while (pool.free.length === 0) {
      const p = pool;
      p.pending ??= this.refill(system, p.free).finally(() => {
        p.pending = null;
      });
      await p.pending;
    }
    return `${system}-${pool.free.shift()}`;
  }

  private async refill(system: string, free: number[]): Promise<void> {
    const [row] = await this.ctx.db.query<{ first: number }>(TAKE_BLOCK, [system]);
    const first = Number(row?.first);
    for (let i = 0; i < ID_BLOCK; i++) free.push(first + i);
  }
}

/**
 * Registers a message in one statement (one round trip, atomic), alone or with others that
 * arrived meanwhile (see {@link RegistrationWriter}): the message, its contact details, first
 * snapshot, timeline, deadline and outbox rows, and the idempotency record. A retry with the same
 * API key and Idempotency-Key gets the same message and citizen token.
 */
export async function registerMessage(
  ctx: ServerContext,
  ids: MessageIds,
  writer: RegistrationWriter,
  input: MessageInput,
  region: string | null,
  claim: IdempotencyClaim | null,
  registeredBy: string | null = null,
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
  const confidential = isPrivate(catalog, { system: input.system, serviceCode: input.serviceCode ?? null });
  // A suggestion stays one without consent: it is simply never published. A private message is never
  // published, so it never becomes a suggestion for the participation platform.
  const isSuggestion = input.suggestion && !!service?.suggestionsAllowed && !confidential;
  const channels = reachableChannels(input.contact);
  // Push may reach any citizen: a page or app can subscribe to the message after it is registered.
  // (A copy made with Object.assign, not a spread: a property added after a spread gives each copy
  // a shape of its own, which slows every later read of it.)
  const notified = Object.assign({}, channels);
  notified.push = true;
  const { snapshot, effects } = catalog.lifecycle.start({
    messageId,
    system: input.system,
    serviceCode: input.serviceCode ?? null,
    intakeUnitId: system.intakeUnitId,
    at,
    suggestion: isSuggestion ? { consentTextVersion: consent?.textVersion ?? null } : null,
    channels: notified,
    lang: input.lang,
  });
  const rows = effectRows(effects as LifecycleEffect[]);
  const contact = input.contact;
  const hasContact = Object.values(contact).some((v) => v !== undefined && v !== '');
  const contacts: ContactRow[] = hasContact
    ? [
        {
          phone: contact.phone ?? null,
          first_name: contact.firstName ?? null,
          last_name: contact.lastName ?? null,
          email: contact.email ?? null,
          device_id: contact.deviceId ?? null,
          // Only a citizen who can be notified needs the token again, for the link in the notification.
          sealed_token: Object.keys(channels).length > 0 ? sealToken(citizenToken, ctx.secretKey) : null,
        },
      ]
    : [];
  // Its matching words, kept with it and handed to its duplicate search, which then need not normalise the text again.
  const matching = matchingColumns(catalog, {
    serviceCode: input.serviceCode ?? null,
    description: input.description,
    address: input.address ?? null,
    location: input.location ?? null,
  });
  const publicStatus = publicStatusOf(snapshot);
  const stored = await writer.write({
    id: messageId,
    system: input.system,
    service_code: input.serviceCode ?? null,
    description: input.description,
    lat: input.location?.lat ?? null,
    long: input.location?.long ?? null,
    address: input.address ?? null,
    region,
    attributes: input.attributes,
    media_url: input.mediaUrl ?? null,
    lang: input.lang,
    private: confidential,
    at,
    citizen_token_hash: sha256(citizenToken),
    snapshot,
    api_key_hash: claim?.apiKeyHash ?? null,
    idempotency_key: claim?.key ?? null,
    request_hash: claim?.requestHash ?? null,
    suggestion: input.suggestion && !confidential,
    public_status: publicStatus,
    state: snapshot.state,
    unit_id: snapshot.context.unitId,
    // The form the message was written on: a later change of the service's form does not touch it.
    form_version: input.serviceCode ? (catalog.formVersions.get(input.serviceCode) ?? null) : null,
    registered_by: registeredBy,
    ...matching,
    // Its duplicate search is still to run; cleared once it has (see duplicates/link-queue.ts).
    match_pending: ctx.autoLinkDuplicates !== false,
    timeline: rows.timeline,
    deadlines: rows.deadlines,
    outbox: rows.outbox,
    contacts,
  });
  if (stored) {
    // A message that follows one the citizen chose is joined to it, not searched.
    if (ctx.autoLinkDuplicates !== false && input.follow === undefined) {
      const row: MatchRow = {
        id: messageId,
        system: input.system,
        service_code: input.serviceCode ?? null,
        description: input.description,
        address: input.address ?? null,
        lat: input.location?.lat ?? null,
        long: input.location?.long ?? null,
        region,
        registered_at: at,
        unit_id: snapshot.context.unitId,
        private: confidential,
        first_message_id: null,
        state: snapshot.state,
        public_status: publicStatus,
        match_words: matching.match_words,
      };
      if (ctx.duplicateLinks) ctx.duplicateLinks.add(row);
      else await linkOnRegistration(ctx, row);
    }
    return { ok: true, messageId, citizenToken, replayed: false };
  }
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
