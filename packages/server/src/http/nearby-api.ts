/**
 * "Similar open messages nearby": before sending, a citizen sees the open public messages like the
 * one they are writing, and may follow one instead (`follow` at registration). Defined once here;
 * `nearby.ts` serves it and the OpenAPI document describes it.
 */
import { z } from 'zod';
import { nearbyMessageSchema } from '@payam/core';
import { issueMessage } from '../texts.js';
import { defineRoute, type RouteSpec } from './route.js';

const RATE_LIMITED = 429;

/** One open public message like the draft: no personal data (core's wire shape, which the client checks too). */
export { nearbyMessageSchema };

const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** The draft compared: where it is is a location (`lat` and `long` together) or a region, or both. */
export const nearbyQuerySchema = z
  .object({
    jurisdiction_id: z.string().min(1).max(64).describe('The system (a confidential one, such as 1888, is refused)'),
    service_code: z.string().min(1).max(64).optional().describe('The service chosen, if any'),
    lat: coordinate(-90, 90).optional().describe('The draft’s latitude'),
    long: coordinate(-180, 180).optional().describe('The draft’s longitude'),
    region: z.string().min(1).max(64).optional(),
    description: z.string().min(1).max(4000).describe('What the citizen has written'),
  })
  .superRefine((query, ctx) => {
    const located = query.lat !== undefined && query.long !== undefined;
    if (located || (query.lat === undefined && query.long === undefined && query.region !== undefined)) return;
    const missing = query.lat === undefined && query.long !== undefined ? 'lat' : query.long === undefined && query.lat !== undefined ? 'long' : 'region';
    ctx.addIssue({ code: 'custom', path: [missing], message: issueMessage('similarWhere') });
  });

/** The route. */
export const nearbyApi = {
  similar: defineRoute({
    method: 'get',
    path: '/requests/similar.json',
    summary: 'Open public messages like a draft, nearby, best first (at most 5, no personal data): follow one with `follow` at registration',
    query: nearbyQuerySchema,
    localized: true,
    answers: { 200: { description: 'The messages', schema: z.array(nearbyMessageSchema) } },
    errors: [400, 404, RATE_LIMITED],
  }),
} satisfies Record<string, RouteSpec>;
