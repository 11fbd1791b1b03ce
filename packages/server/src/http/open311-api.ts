/**
 * The public API's routes under `/open311/v2`, defined once: Open311 GeoReport v2 with Payam's
 * extensions. `open311.ts` and `public-data.ts` serve them; the OpenAPI document describes them.
 */
import { z } from 'zod';
import {
  createRequestResponseSchema,
  feedbackBodySchema,
  followUpBodySchema,
  frequencyStatsSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  registrationCodec,
  registrationWireField,
  suggestionFeedSchema,
  tokenResponseSchema,
} from '@payam/core';
import { issueMessage } from '../texts.js';
import { defineRoute, type RouteHeader, type RouteSpec } from './route.js';
import { frequencyQuerySchema } from '../stats/frequency.js';

export { frequencyQuerySchema };

const RATE_LIMITED = 429;

/** An Open311 date filter: ISO 8601, a date or a date and time. */
const open311Date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, {
    error: issueMessage('badDate'),
  })
  .refine((v) => !Number.isNaN(Date.parse(v)), { error: issueMessage('badDate') });

const extensions = z.string().optional().describe('true adds notes[] and extended_attributes');
/** The header a citizen's routes read their token from. */
export const citizenToken: RouteHeader = {
  name: 'X-Citizen-Token',
  description: 'The citizen token (or body citizen_token)',
};
/** A route's `{id}`: a message's tracking id. */
export const trackingId = z.object({ id: z.string().describe('The tracking id') });

/** The discovery document (Open311's list of endpoints). */
export const discoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.string(),
      formats: z.array(z.string()),
    }),
  ),
});

/** Query of `GET /requests`: Open311's filters, and the region (extension). */
export const requestListQuerySchema = z.object({
  service_request_id: z
    .string()
    .optional()
    .describe('Comma-separated ids; overrides every other filter'),
  service_code: z.string().optional().describe('Comma-separated service codes'),
  start_date: open311Date.optional().describe('ISO 8601; default: 90 days before end_date'),
  end_date: open311Date.optional().describe('ISO 8601; default: now'),
  status: z
    .string()
    .optional()
    .refine(
      (v) =>
        v === undefined || v.split(',').every((s) => ['open', 'closed', ''].includes(s.trim())),
      { error: issueMessage('badQuery') },
    )
    .describe('open or closed'),
  jurisdiction_id: z.string().optional().describe('The system: 137 or 1888'),
  region: z.string().optional().describe('Extension: a district number'),
  extensions,
});

const updated = {
  200: { description: 'The updated request', schema: z.array(open311RequestSchema) },
};

/** The Open311 routes. */
export const open311Api = {
  discovery: defineRoute({
    method: 'get',
    path: '/discovery.{format}',
    summary: 'Discovery',
    answers: { 200: { description: 'Endpoints', schema: discoverySchema } },
  }),
  services: defineRoute({
    method: 'get',
    path: '/services.{format}',
    summary: 'Services (public ones; a system’s list with jurisdiction_id)',
    query: z.object({
      jurisdiction_id: z.string().optional().describe('137 or 1888'),
      extensions: z.string().optional().describe('true adds guidance and registration rules'),
    }),
    localized: true,
    answers: { 200: { description: 'Services', schema: z.array(open311ServiceSchema) } },
    errors: [400, 404],
  }),
  service: defineRoute({
    method: 'get',
    path: '/services/{service_code}.{format}',
    summary: 'Service definition',
    params: z.object({ service_code: z.string().describe('The service') }),
    localized: true,
    answers: { 200: { description: 'The definition', schema: open311ServiceDefinitionSchema } },
    errors: [404],
  }),
  list: defineRoute({
    method: 'get',
    path: '/requests.{format}',
    summary: 'Service requests (public messages, newest first, at most 1000)',
    query: requestListQuerySchema,
    localized: true,
    answers: { 200: { description: 'Requests', schema: z.array(open311RequestSchema) } },
    errors: [400, RATE_LIMITED],
  }),
  register: defineRoute({
    method: 'post',
    path: '/requests.{format}',
    summary: 'Register a message',
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'A retry with the same key and API key returns the same message and token',
      },
      { name: 'X-Api-Key', description: 'The API key, instead of api_key' },
    ],
    localized: true,
    body: {
      schema: registrationCodec,
      media: ['json', 'form'],
      component: 'CreateRequestBody',
      fieldOf: registrationWireField,
    },
    answers: {
      201: { description: 'Registered', schema: createRequestResponseSchema },
      200: {
        description: 'A retry: the same message and token',
        schema: createRequestResponseSchema,
      },
    },
    errors: [400, 403, 409, 413, 415, RATE_LIMITED],
  }),
  request: defineRoute({
    method: 'get',
    path: '/requests/{id}.{format}',
    summary: 'One service request (a one-element array)',
    params: trackingId,
    query: z.object({ extensions }),
    headers: [{ name: 'X-Citizen-Token', description: 'Needed for a private message' }],
    localized: true,
    answers: { 200: { description: 'The request', schema: z.array(open311RequestSchema) } },
    errors: [404, RATE_LIMITED],
  }),
  followUp: defineRoute({
    method: 'post',
    path: '/requests/{id}/follow_ups.{format}',
    summary: 'Add a follow-up (before the answer)',
    params: trackingId,
    headers: [citizenToken],
    localized: true,
    body: { schema: followUpBodySchema, media: ['json', 'form'], component: 'FollowUpBody' },
    answers: updated,
    errors: [400, 403, 404, 409, RATE_LIMITED],
  }),
  feedback: defineRoute({
    method: 'post',
    path: '/requests/{id}/feedback.{format}',
    summary: 'Give feedback (inside the feedback window)',
    params: trackingId,
    headers: [citizenToken],
    localized: true,
    body: { schema: feedbackBodySchema, media: ['json', 'form'], component: 'FeedbackBody' },
    answers: updated,
    errors: [400, 403, 404, 409, RATE_LIMITED],
  }),
  token: defineRoute({
    method: 'get',
    path: '/tokens/{token}.{format}',
    summary: 'The request a citizen token belongs to',
    params: z.object({ token: z.string().describe('The citizen token') }),
    answers: { 200: { description: 'The request id', schema: tokenResponseSchema } },
    errors: [404, RATE_LIMITED],
  }),
  frequency: defineRoute({
    method: 'get',
    path: '/stats/frequency.{format}',
    summary: 'Counts of public messages by region × service × period on the city’s calendar; counts under the minimum are suppressed',
    query: frequencyQuerySchema,
    answers: { 200: { description: 'Counts', schema: frequencyStatsSchema } },
    errors: [400],
  }),
  regions: defineRoute({
    method: 'get',
    path: '/regions.geojson',
    summary: 'The city’s region polygons as GeoJSON, or schematic district areas (schematic: true) when none are configured',
    answers: { 200: { description: 'A GeoJSON FeatureCollection; each feature names its region in properties.region', media: 'application/geo+json' } },
  }),
  suggestions: defineRoute({
    method: 'get',
    path: '/suggestions.{format}',
    summary: 'Consented suggestions published to the participation platform (no personal data)',
    localized: true,
    answers: { 200: { description: 'Suggestions', schema: suggestionFeedSchema } },
  }),
} satisfies Record<string, RouteSpec>;
