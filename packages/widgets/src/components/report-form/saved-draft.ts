import * as z from 'zod/mini';
import { idempotencyKeySchema } from '@payam/core/schemas/common';
import type { Draft } from './draft.js';

/**
 * A draft kept in the tab's session storage, so a reload or a crashed tab loses nothing the
 * citizen wrote, and a message sent before the reload is sent again with the same idempotency
 * key (the server then registers it once). The phone number is never stored.
 */
const savedDraftSchema = z.object({
  draft: z.object({
    serviceCode: z.string().check(z.maxLength(64)),
    description: z.string().check(z.maxLength(8000)),
    region: z.string().check(z.maxLength(200)),
    address: z.string().check(z.maxLength(600)),
    location: z.optional(z.object({ lat: z.number(), long: z.number() })),
    attributes: z.record(
      z.string(),
      z.union([z.string().check(z.maxLength(4000)), z.array(z.string().check(z.maxLength(400))).check(z.maxLength(50))]),
    ),
    suggestion: z.boolean(),
    consent: z.boolean(),
  }),
  idempotency: z.optional(z.object({ key: idempotencyKeySchema, sent: z.string() })),
});

/** What is kept: the draft without the phone, and the key of a send that may have reached the server. */
export interface SavedDraft {
  draft: Omit<Draft, 'phone'>;
  idempotency: { key: string; sent: string } | undefined;
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Storage can be blocked (privacy settings, sandboxed frames): the form works without it.
    return undefined;
  }
}

/** Reads the draft saved under `key`, if there is a valid one. */
export function readDraft(key: string): SavedDraft | undefined {
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return undefined;
    const parsed = savedDraftSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return undefined;
    const { draft, idempotency } = parsed.data;
    return { draft: { ...draft, location: draft.location }, idempotency };
  } catch {
    return undefined;
  }
}

/** Saves the draft under `key` (without the phone). */
export function writeDraft(key: string, draft: Draft, idempotency: SavedDraft['idempotency']): void {
  const { phone: _phone, ...kept } = draft;
  try {
    storage()?.setItem(key, JSON.stringify({ draft: kept, ...(idempotency ? { idempotency } : {}) }));
  } catch {
    // Full or blocked storage: the draft stays in memory only.
  }
}

/** Forgets the draft saved under `key`. */
export function forgetDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing to forget.
  }
}
