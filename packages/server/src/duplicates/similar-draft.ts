import { OPEN_STATUSES, distanceMetres, type Language } from '@payam/core';
import { isPrivate } from '../access/index.js';
import type { ServerContext } from '../engine/context.js';
import { toIso } from '../engine/context.js';
import { coreText } from '../texts.js';
import { localized } from '../http/views.js';
import { rankSimilar, type MatchRow } from './candidates.js';

/** A message a citizen is about to send, before it is registered. */
export interface DraftMessage {
  system: string;
  serviceCode: string | null;
  description: string;
  /** Where it is: a location, a region, or both (the search needs one). */
  lat: number | null;
  long: number | null;
  region: string | null;
}

/** An open public message like the draft, as anyone may see it: no personal data. */
export interface NearbyMessage {
  service_request_id: string;
  service_code: string | null;
  service_name: string | null;
  detailed_status: string;
  detailed_status_label: string;
  /** The start of its description. */
  description: string;
  /** Metres from the draft's location, when both have one. */
  distance_metres: number | null;
  requested_datetime: string;
}

/** The most messages offered. */
export const MOST_NEARBY = 5;
const SHORT_DESCRIPTION = 140;
/** Open and handled on their own: a message joined to another is offered (and followed) as that one. */
const OFFERED = new Set<string>(OPEN_STATUSES.filter((status) => status !== 'duplicate'));

/** A stored message as {@link isOfferable} reads it. */
export interface OfferedRow {
  system: string;
  service_code: string | null;
  private: boolean;
  public_status: string;
}

/**
 * Whether any citizen writing in `system` may be offered the message, and follow it: a public
 * message of that system (not private, not of a private service), open and not joined to another.
 */
export function isOfferable(catalog: ServerContext['catalog'], system: string, message: OfferedRow): boolean {
  if (message.private || message.system !== system) return false;
  if (isPrivate(catalog, { system: message.system, serviceCode: message.service_code, private: message.private })) return false;
  return OFFERED.has(message.public_status);
}

/** Why a draft cannot be compared: its system keeps every message private, or there is no such system. */
export class DraftRefused extends Error {
  constructor(readonly reason: 'systemUnknown' | 'systemConfidential' | 'serviceNotFound') {
    super(reason);
    this.name = 'DraftRefused';
  }
}

const shorten = (text: string): string => (text.length <= SHORT_DESCRIPTION ? text : `${text.slice(0, SHORT_DESCRIPTION - 1).trimEnd()}…`);

/**
 * The open public messages like a draft, best first, scored by the duplicate search a registered
 * message gets (`rankSimilar`): only in a system that is not confidential, only public messages
 * (the search never crosses privacy, and a private service's messages are dropped here too), never
 * a closed one. What is shown of each is what the public list shows, shortened.
 */
export async function similarToDraft(ctx: ServerContext, draft: DraftMessage, lang: Language): Promise<NearbyMessage[]> {
  const system = ctx.catalog.systems.get(draft.system);
  if (!system) throw new DraftRefused('systemUnknown');
  if (system.confidential) throw new DraftRefused('systemConfidential');
  if (draft.serviceCode !== null && ctx.catalog.services.get(draft.serviceCode)?.system !== draft.system) throw new DraftRefused('serviceNotFound');
  if (isPrivate(ctx.catalog, { system: draft.system, serviceCode: draft.serviceCode, private: false })) throw new DraftRefused('systemConfidential');
  const row: MatchRow = {
    // No message has this id: the search leaves out the message itself by it.
    id: '~draft',
    system: draft.system,
    service_code: draft.serviceCode,
    description: draft.description,
    address: null,
    lat: draft.lat,
    long: draft.long,
    region: draft.region,
    registered_at: ctx.now().toISOString(),
    unit_id: system.intakeUnitId,
    private: false,
    first_message_id: null,
    state: 'registered',
    public_status: 'received',
  };
  // Each found message comes with its row, public status included: nothing is read again.
  const found = await rankSimilar(ctx.db, ctx.catalog, row);
  const located = draft.lat !== null && draft.long !== null ? { lat: draft.lat, long: draft.long } : null;
  const nearby: NearbyMessage[] = [];
  for (const { row: m } of found) {
    if (!isOfferable(ctx.catalog, draft.system, m)) continue;
    const service = m.service_code ? ctx.catalog.services.get(m.service_code) : undefined;
    nearby.push({
      service_request_id: m.id,
      service_code: m.service_code,
      service_name: service ? localized(service.name, lang) : null,
      detailed_status: m.public_status,
      detailed_status_label: coreText(lang, `status.${m.public_status}.label`),
      description: shorten(m.description),
      distance_metres: located && m.lat !== null && m.long !== null ? Math.round(distanceMetres(located, { lat: Number(m.lat), long: Number(m.long) })) : null,
      requested_datetime: toIso(m.registered_at),
    });
    if (nearby.length === MOST_NEARBY) break;
  }
  return nearby;
}
