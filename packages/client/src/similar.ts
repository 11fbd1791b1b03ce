/**
 * "Similar open messages nearby": before registering, the open public messages like the one being
 * written, which the citizen may follow instead (`follow` in `requests.create`).
 */
import { nearbyMessageSchema } from '@payam/core/schemas/api';
import * as z from '@payam/core/zod';
import { checkInput, filterCodeSchema } from './input.js';
import type { Transport } from './transport.js';

/** A message being written, to compare with the open public ones. */
export interface SimilarQuery {
  /** Its system (`137`); a confidential one (`1888`) is refused with a 400. */
  system: string;
  /** The service chosen, if any. */
  serviceCode?: string;
  /** What the citizen has written so far. */
  description: string;
  /** Where it is, if the citizen gave it. With no location, `region` is needed. */
  location?: { lat: number; long: number };
  /** Its region (a district number). */
  region?: string;
}

/** One open public message like the one being written; nothing personal. */
export interface SimilarMessage {
  /** Its tracking id: pass it as `follow` to follow it. */
  id: string;
  serviceCode: string | null;
  /** The service's name in the client's language. */
  serviceName: string | null;
  /** Its public status (`received`, `in_progress`, …). */
  status: string;
  /** The status as the citizen reads it, in the client's language. */
  statusLabel: string;
  /** The start of its description (at most 140 characters): citizen text, show it as text. */
  description: string;
  /** Metres from the given location, when both have one. */
  distanceMetres: number | null;
  /** When it was registered. */
  requestedAt: Date;
}

const coordinate = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));

const similarQuerySchema = z
  .object({
    system: filterCodeSchema,
    serviceCode: z.optional(filterCodeSchema),
    description: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
    location: z.optional(z.object({ lat: coordinate(-90, 90), long: coordinate(-180, 180) })),
    region: z.optional(filterCodeSchema),
  })
  .check(
    z.refine((query) => query.location !== undefined || query.region !== undefined, {
      message: 'Give a location or a region.',
      path: ['region'],
    }),
  );

/** The caller's names for the query's fields in a 400's `field`. */
const WIRE_FIELDS: Record<string, string> = { jurisdiction_id: 'system', service_code: 'serviceCode', lat: 'location', long: 'location' };

/**
 * Asks for the open public messages like a draft (`GET requests/similar.json`): at most five,
 * best first. Public (no API key); retried on a network failure, as a read is.
 */
export async function similarMessages(transport: Transport, query: SimilarQuery, signal: AbortSignal | undefined): Promise<SimilarMessage[]> {
  const { location, ...input } = checkInput(similarQuerySchema, query);
  const answer = await transport.json(
    {
      path: 'open311/v2/requests/similar.json',
      query: { ...input, lat: location?.lat, long: location?.long },
      signal,
      fieldOf: (wire) => WIRE_FIELDS[wire] ?? wire,
    },
    z.array(nearbyMessageSchema),
  );
  return answer.map((m) => ({
    id: m.service_request_id,
    serviceCode: m.service_code,
    serviceName: m.service_name,
    status: m.detailed_status,
    statusLabel: m.detailed_status_label,
    description: m.description,
    distanceMetres: m.distance_metres,
    requestedAt: new Date(m.requested_datetime),
  }));
}
