import { z } from 'zod';
import {
  apiErrorSchema,
  createRequestResponseSchema,
  feedbackBodySchema,
  feedbackStatsSchema,
  followUpBodySchema,
  frequencyStatsSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  staffActionBodySchemas,
  staffMessageSchema,
  staffQueueSchema,
  STAFF_ACTIONS,
  suggestionFeedSchema,
  tokenResponseSchema,
} from '@payam/core';
import { settingsDocumentSchema, settingsSchema } from '../config/policies.js';
import { dismissalSchema, similarMessagesSchema } from './similar.js';
import { createRequestBodySchema } from './wire.js';
import { frequencyQuerySchema } from './public-data.js';
import type { Language } from '@payam/core';
import { documentText } from '../texts.js';

type Json = Record<string, unknown>;

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema (core's zod/mini ones or the server's own). */
function schema(type: z.core.$ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: Json) => ({ 'application/json': { schema: s } });
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds until the limit frees a request', schema: { type: 'integer', minimum: 1 } } };
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: ERROR_TEXT[code] ?? 'Error', ...(code === 429 ? { headers: RETRY_AFTER } : {}), content: { ...json(ref('Errors')), 'text/xml': { schema: { type: 'string' } } } },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: one error item per problem, with the field at fault',
  401: 'No valid staff token',
  403: 'Wrong API key, citizen token, role or unit',
  404: 'Not found (a private message without its citizen token is not found either)',
  409: 'Refused by the message lifecycle (`refusal` names why) or an Idempotency-Key reused for another request',
  413: 'Body too large',
  415: 'Unsupported content type',
  429: 'Too many requests from this address (or with this API key): try again after `Retry-After` seconds',
};
const query = (name: string, description: string, s: Json = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema: s });
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const header = (name: string, description: string) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } });
const LANG = [query('lang', 'fa (default) or en; also Accept-Language', { type: 'string', enum: ['fa', 'en'] }), header('Accept-Language', 'fa (default) or en')];
const FORMAT = { name: 'format', in: 'path', required: true, description: 'json or xml (Open311 answers both)', schema: { type: 'string', enum: ['json', 'xml'] } };
const ok = (description: string, s: Json) => ({ '200': { description, content: { ...json(s), 'text/xml': { schema: { type: 'string' } } } } });

const cached = new Map<string, Json>();

/** The document's summaries and descriptions (outside the generated schemas) in `lang`, through i18next. */
function worded(value: unknown, lang: Language): unknown {
  if (Array.isArray(value)) return value.map((item) => worded(item, lang));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      (key === 'summary' || key === 'description') && typeof item === 'string' ? documentText(lang, item) : key === 'schema' ? item : worded(item, lang),
    ]),
  );
}

/**
 * The OpenAPI 3.1 document of the whole API, generated from the zod schemas the server validates
 * with and answers in (never written by hand); its summaries and descriptions in `lang`
 * (English by default, Persian where `openapi.fa.json` has them).
 */
export function openApiDocument(serverUrl: string, lang: Language = 'en'): Json {
  const key = `${lang}\n${serverUrl}`;
  const known = cached.get(key);
  if (known) return known;
  const components: Json = {
    Errors: schema(apiErrorSchema),
    Service: schema(open311ServiceSchema),
    ServiceDefinition: schema(open311ServiceDefinitionSchema),
    Request: schema(open311RequestSchema),
    CreateRequestBody: schema(createRequestBodySchema, 'input'),
    CreateRequestResponse: schema(createRequestResponseSchema),
    TokenResponse: schema(tokenResponseSchema),
    FollowUpBody: schema(followUpBodySchema, 'input'),
    FeedbackBody: schema(feedbackBodySchema, 'input'),
    FrequencyStats: schema(frequencyStatsSchema),
    SuggestionFeed: schema(suggestionFeedSchema),
    StaffQueue: schema(staffQueueSchema),
    StaffMessage: schema(staffMessageSchema),
    FeedbackStats: schema(feedbackStatsSchema),
    Settings: schema(settingsSchema),
    SettingsDocument: schema(settingsDocumentSchema, 'input'),
    SimilarMessages: schema(similarMessagesSchema),
    Dismissal: schema(dismissalSchema),
  };
  const requestFilters = [
    query('service_request_id', 'Comma-separated ids; overrides every other filter'),
    query('service_code', 'Comma-separated service codes'),
    query('start_date', 'ISO 8601; default: 90 days before end_date'),
    query('end_date', 'ISO 8601; default: now'),
    query('status', 'open or closed'),
    query('jurisdiction_id', 'The system: 137 or 1888'),
    query('region', 'Extension: a district number'),
    query('extensions', 'true adds notes[] and extended_attributes'),
    ...LANG,
  ];
  const paths: Json = {
    '/open311/v2/discovery.{format}': { get: { summary: 'Discovery', parameters: [FORMAT], responses: ok('Endpoints', { type: 'object' }) } },
    '/open311/v2/services.{format}': {
      get: {
        summary: 'Services (public ones; a system’s list with jurisdiction_id)',
        parameters: [FORMAT, query('jurisdiction_id', '137 or 1888'), query('extensions', 'true adds guidance and registration rules'), ...LANG],
        responses: { ...ok('Services', { type: 'array', items: ref('Service') }), ...errors(404) },
      },
    },
    '/open311/v2/services/{service_code}.{format}': {
      get: { summary: 'Service definition', parameters: [path('service_code', 'The service'), FORMAT, ...LANG], responses: { ...ok('The definition', ref('ServiceDefinition')), ...errors(404) } },
    },
    '/open311/v2/requests.{format}': {
      get: { summary: 'Service requests (public messages, newest first, at most 1000)', parameters: [FORMAT, ...requestFilters], responses: { ...ok('Requests', { type: 'array', items: ref('Request') }), ...errors(400, 429) } },
      post: {
        summary: 'Register a message',
        parameters: [FORMAT, header('Idempotency-Key', 'A retry with the same key and API key returns the same message and token'), header('X-Api-Key', 'The API key, instead of api_key'), ...LANG],
        requestBody: { required: true, content: { ...json(ref('CreateRequestBody')), 'application/x-www-form-urlencoded': { schema: ref('CreateRequestBody') } } },
        responses: {
          '201': { description: 'Registered', content: json(ref('CreateRequestResponse')) },
          '200': { description: 'A retry: the same message and token', content: json(ref('CreateRequestResponse')) },
          ...errors(400, 403, 409, 413, 415, 429),
        },
      },
    },
    '/open311/v2/requests/{id}.{format}': {
      get: {
        summary: 'One service request (a one-element array)',
        parameters: [path('id', 'The tracking id'), FORMAT, query('extensions', 'true adds notes[] and extended_attributes'), header('X-Citizen-Token', 'Needed for a private message'), ...LANG],
        responses: { ...ok('The request', { type: 'array', items: ref('Request') }), ...errors(404, 429) },
      },
    },
    '/open311/v2/requests/{id}/follow_ups.{format}': {
      post: {
        summary: 'Add a follow-up (before the answer)',
        parameters: [path('id', 'The tracking id'), FORMAT, header('X-Citizen-Token', 'The citizen token (or body citizen_token)'), ...LANG],
        requestBody: { required: true, content: { ...json(ref('FollowUpBody')), 'application/x-www-form-urlencoded': { schema: ref('FollowUpBody') } } },
        responses: { ...ok('The updated request', { type: 'array', items: ref('Request') }), ...errors(400, 403, 404, 409, 429) },
      },
    },
    '/open311/v2/requests/{id}/feedback.{format}': {
      post: {
        summary: 'Give feedback (inside the feedback window)',
        parameters: [path('id', 'The tracking id'), FORMAT, header('X-Citizen-Token', 'The citizen token (or body citizen_token)'), ...LANG],
        requestBody: { required: true, content: { ...json(ref('FeedbackBody')), 'application/x-www-form-urlencoded': { schema: ref('FeedbackBody') } } },
        responses: { ...ok('The updated request', { type: 'array', items: ref('Request') }), ...errors(400, 403, 404, 409, 429) },
      },
    },
    '/open311/v2/tokens/{token}.{format}': {
      get: { summary: 'The request a citizen token belongs to', parameters: [path('token', 'The citizen token'), FORMAT], responses: { ...ok('The request id', ref('TokenResponse')), ...errors(404, 429) } },
    },
    '/open311/v2/stats/frequency.{format}': {
      get: {
        summary: 'Counts of public messages by region × service × period',
        parameters: [FORMAT, ...Object.keys(frequencyQuerySchema.shape).map((name) => query(name, name === 'bucket' ? 'day, week or month' : name))],
        responses: { ...ok('Counts', ref('FrequencyStats')), ...errors(400) },
      },
    },
    '/open311/v2/suggestions.{format}': {
      get: { summary: 'Consented suggestions published to the participation platform (no personal data)', parameters: [FORMAT, ...LANG], responses: ok('Suggestions', ref('SuggestionFeed')) },
    },
    '/staff/v1/queue': {
      get: {
        summary: 'A queue of messages in the caller’s units',
        security: [{ staff: [] }],
        parameters: [query('unit_id', 'A unit (and the units under it)'), query('status', 'Comma-separated public statuses, or open'), query('limit', '1–500'), query('offset', '≥ 0')],
        responses: { '200': { description: 'A page', content: json(ref('StaffQueue')) }, ...errors(400, 401, 403) },
      },
    },
    '/staff/v1/messages/{id}': {
      get: { summary: 'A message with its whole timeline', security: [{ staff: [] }], parameters: [path('id', 'The tracking id')], responses: { '200': { description: 'The message', content: json(ref('StaffMessage')) }, ...errors(401, 403, 404) } },
    },
    ...Object.fromEntries(
      STAFF_ACTIONS.map((action) => [
        `/staff/v1/messages/{id}/actions/${action}`,
        {
          post: {
            summary: `Action: ${action}`,
            security: [{ staff: [] }],
            parameters: [path('id', 'The tracking id')],
            requestBody: { required: true, content: json(schema(staffActionBodySchemas[action], 'input')) },
            responses: { '200': { description: 'The updated message', content: json(ref('StaffMessage')) }, ...errors(400, 401, 403, 404, 409) },
          },
        },
      ]),
    ),
    '/staff/v1/messages/{id}/similar': {
      get: {
        summary: 'Messages like this one that the caller may see, best first: the first message to link to, a score 0–1, link or suggest, and the reasons',
        security: [{ staff: [] }],
        parameters: [path('id', 'The tracking id'), ...LANG],
        responses: { '200': { description: 'Similar messages', content: json(ref('SimilarMessages')) }, ...errors(401, 403, 404) },
      },
    },
    '/staff/v1/messages/{id}/similar/{otherId}/dismiss': {
      post: {
        summary: 'Not the same matter: the pair is recorded and never suggested again',
        security: [{ staff: [] }],
        parameters: [path('id', 'The tracking id'), path('otherId', 'The message suggested'), ...LANG],
        responses: { '200': { description: 'The pair dismissed', content: json(ref('Dismissal')) }, ...errors(401, 403, 404) },
      },
    },
    '/staff/v1/stats/feedback': {
      get: { summary: 'Feedback statistics', security: [{ staff: [] }], parameters: [query('from', 'ISO date'), query('to', 'ISO date'), query('jurisdiction_id', 'The system')], responses: { '200': { description: 'Statistics', content: json(ref('FeedbackStats')) }, ...errors(400, 401, 403) } },
    },
    '/staff/v1/reports/feedback.xlsx': {
      get: {
        summary: 'The feedback report: an RTL Excel sheet, Jalali dates, one row a feedback',
        security: [{ staff: [] }],
        parameters: [query('from', 'ISO date'), query('to', 'ISO date'), query('jurisdiction_id', 'The system')],
        responses: { '200': { description: 'The workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } }, ...errors(400, 401, 403) },
      },
    },
    '/staff/v1/policies': {
      get: { summary: 'Policies and settings', security: [{ staff: [] }], responses: { '200': { description: 'Settings', content: json(ref('Settings')) }, ...errors(401, 403) } },
      put: {
        summary: 'Replace the whole policy document (administrators); a document missing a part is refused',
        security: [{ staff: [] }],
        requestBody: { required: true, content: json(ref('SettingsDocument')) },
        responses: { '200': { description: 'The new settings', content: json(ref('Settings')) }, ...errors(400, 401, 403) },
      },
      patch: {
        summary: 'Change some policies (administrators): a JSON Merge Patch (RFC 7396) of the document',
        security: [{ staff: [] }],
        requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } }, 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'The new settings', content: json(ref('Settings')) }, ...errors(400, 401, 403) },
      },
    },
    '/staff/v1/outbox/dead-letters': {
      get: {
        summary: 'Notifications and suggestions given up after too many attempts (supervisors, administrators); never the recipient',
        security: [{ staff: [] }],
        parameters: [query('limit', 'At most this many (1–500, default 100)'), query('offset', 'Skip this many')],
        responses: { '200': { description: 'Dead letters, newest first', content: json({ type: 'array', items: { type: 'object' } }) }, ...errors(400, 401, 403) },
      },
    },
    '/staff/v1/outbox/dead-letters/{id}/retry': {
      post: {
        summary: 'Send a dead letter again (supervisors, administrators)',
        security: [{ staff: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '204': { description: 'Queued again' }, ...errors(401, 403, 404) },
      },
    },
    '/healthz': { get: { summary: 'The process answers', responses: { '200': { description: 'ok' } } } },
    '/readyz': { get: { summary: 'The database answers and every migration is applied', responses: { '200': { description: 'ready' }, '503': { description: 'not ready, with the reason' } } } },
    '/metrics': { get: { summary: 'Prometheus metrics (a bearer token when PAYAM_METRICS_TOKEN is set)', responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  };
  const doc: Json = {
    openapi: '3.1.0',
    info: {
      title: 'Payam API',
      version: '0.1.0',
      description: 'Open311 GeoReport v2 with Payam’s extensions (citizen token, follow-ups, feedback, statistics, suggestions), and the staff API.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { staff: { type: 'http', scheme: 'bearer', description: 'A staff token' } },
    },
  };
  const result = { ...doc, info: worded(doc.info, lang), paths: worded(doc.paths, lang) } as Json;
  if (cached.size > 16) cached.clear();
  cached.set(key, result);
  return result;
}
