import { hash } from 'node:crypto';
import { publicStatusOf, reachableChannels, type LifecycleEffect, type MessageInput } from '@payam/core';
import { sha256 } from '../config/catalog.js';
import type { ServerContext } from './context.js';
import { idempotencySealKey, idempotentCitizenToken, newCitizenToken, openToken, sealToken } from './secrets.js';
import { effectRows } from './effects.js';
import type { ContactRow, RegistrationWriter } from './registration-writer.js';

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
  const channels = reachableChannels(input.contact);
  const { snapshot, effects } = catalog.lifecycle.start({
    messageId,
    system: input.system,
    serviceCode: input.serviceCode ?? null,
    intakeUnitId: system.intakeUnitId,
    at,
    suggestion: suggestionConsented && consent ? { consentTextVersion: consent.textVersion } : null,
    channels,
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
    private: service?.visibility === 'private',
    at,
    citizen_token_hash: sha256(citizenToken),
    snapshot,
    api_key_hash: claim?.apiKeyHash ?? null,
    idempotency_key: claim?.key ?? null,
    request_hash: claim?.requestHash ?? null,
    suggestion: input.suggestion,
    public_status: publicStatusOf(snapshot),
    state: snapshot.state,
    unit_id: snapshot.context.unitId,
    timeline: rows.timeline,
    deadlines: rows.deadlines,
    outbox: rows.outbox,
    contacts,
  });
  if (stored) return { ok: true, messageId, citizenToken, replayed: false };
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
