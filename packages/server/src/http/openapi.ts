/**
 * The OpenAPI 3.1 document, generated from the route definitions (`defineRoute`) the server
 * validates with and answers by: paths, parameters, bodies and answers come from their zod
 * schemas through `z.toJSONSchema`. Only the words are written here, once, in English; their
 * Persian is in `locales/openapi.fa.json`.
 */
import { z } from 'zod';
import {
  apiErrorSchema,
  createRequestResponseSchema,
  feedbackStatsSchema,
  frequencyStatsSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  staffMessageSchema,
  staffQueueSchema,
  suggestionFeedSchema,
  tokenResponseSchema,
  type Language,
} from '@payam/core';
import { settingsSchema } from '../config/policies.js';
import { documentText } from '../texts.js';
import { adminApi } from './admin-api.js';
import { open311Api } from './open311-api.js';
import { pushApi } from './push-api.js';
import { photoApi } from './photo-api.js';
import { nearbyApi } from './nearby-api.js';
import { appWebhookApi } from './app-webhook-api.js';
import { operationsApi } from './operations.js';
import { defineRoute, routesOf, type RouteGroup, type RouteSpec, type Schema } from './route.js';
import { deadLetterSchema, staffApi } from './staff-api.js';
import { similarApi } from './similar-api.js';

type Json = Record<string, unknown>;

/** This document's own route. */
export const openApiRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  query: z.object({
    lang: z
      .string()
      .optional()
      .describe('fa for Persian; English otherwise (also Accept-Language)'),
  }),
  answers: {
    200: {
      description: 'The OpenAPI 3.1 document',
      schema: z.looseObject({ openapi: z.string() }),
    },
  },
});

/** Every route of the API, by the base it is mounted under: what the app serves and the document lists. */
export const API_ROUTES: readonly RouteGroup[] = [
  { base: '/open311/v2', routes: [...routesOf(open311Api), ...routesOf(pushApi), ...routesOf(photoApi), ...routesOf(nearbyApi), ...routesOf(appWebhookApi)] },
  { base: '/staff/v1', routes: [...routesOf(staffApi), ...routesOf(similarApi), ...routesOf(adminApi)] },
  { base: '', routes: [...routesOf(operationsApi), openApiRoute] },
];

/** Answers shown as named components, referred to wherever they appear. */
const COMPONENTS: Readonly<Record<string, Schema>> = {
  Errors: apiErrorSchema,
  Service: open311ServiceSchema,
  ServiceDefinition: open311ServiceDefinitionSchema,
  Request: open311RequestSchema,
  CreateRequestResponse: createRequestResponseSchema,
  TokenResponse: tokenResponseSchema,
  FrequencyStats: frequencyStatsSchema,
  SuggestionFeed: suggestionFeedSchema,
  StaffQueue: staffQueueSchema,
  StaffMessage: staffMessageSchema,
  FeedbackStats: feedbackStatsSchema,
  Settings: settingsSchema,
  DeadLetter: deadLetterSchema,
};

const components = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(COMPONENTS)) components.add(schema, { id });

const REF = '#/components/schemas/';

/** A zod schema as JSON Schema (2020-12, as OpenAPI 3.1 uses), named components by reference. */
function jsonSchema(schema: Schema, io: 'input' | 'output'): Json {
  const options = { io, unrepresentable: 'any', target: 'draft-2020-12' } as const;
  const converted = (
    io === 'output'
      ? z.toJSONSchema(schema, { ...options, metadata: components })
      : z.toJSONSchema(schema, options)
  ) as Json;
  const { $schema: _schema, $defs: _defs, ...rest } = converted;
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${REF}`)) as Json;
}

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
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds until the limit frees a request',
    schema: { type: 'integer', minimum: 1 },
  },
};
const XML = { 'text/xml': { schema: { type: 'string' } } };
const MEDIA = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  'merge-patch': 'application/merge-patch+json',
  multipart: 'multipart/form-data',
} as const;
const LANG = [
  {
    name: 'lang',
    in: 'query',
    required: false,
    description: 'fa (default) or en; also Accept-Language',
    schema: { type: 'string', enum: ['fa', 'en'] },
  },
  {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'fa (default) or en',
    schema: { type: 'string' },
  },
];
const FORMAT = {
  name: 'format',
  in: 'path',
  required: true,
  description: 'json or xml (Open311 answers both)',
  schema: { type: 'string', enum: ['json', 'xml'] },
};

/** The parameters an object schema describes, each with the description its schema carries. */
function parameters(schema: Schema | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, { description, ...rest }]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: rest,
  }));
}

/** One operation of the document. */
function operation(route: RouteSpec): Json {
  const open311 = route.path.endsWith('.{format}');
  const content = (schema: Schema | undefined) => ({
    ...(schema ? { 'application/json': { schema: jsonSchema(schema, 'output') } } : {}),
    ...(open311 ? XML : {}),
  });
  const answers = Object.entries(route.answers).map(([status, answer]) => {
    const body = answer.media
      ? {
          [answer.media]: {
            schema: {
              type: 'string',
              ...(answer.media.includes('openxml') ? { format: 'binary' } : {}),
            },
          },
        }
      : content(answer.schema);
    return [
      status,
      {
        description: answer.description,
        ...(Object.keys(body).length > 0 ? { content: body } : {}),
      },
    ];
  });
  const errors = (route.errors ?? []).map((code) => [
    String(code),
    {
      description: ERROR_TEXT[code] ?? 'Error',
      ...(code === 429 ? { headers: RETRY_AFTER } : {}),
      content: { 'application/json': { schema: { $ref: `${REF}Errors` } }, ...XML },
    },
  ]);
  const body = route.body;
  const bodySchema = body
    ? body.component
      ? { $ref: `${REF}${body.component}` }
      : jsonSchema(body.schema, 'input')
    : undefined;
  const params = [
    ...parameters(route.params, 'path'),
    ...(open311 ? [FORMAT] : []),
    ...parameters(route.query, 'query'),
    ...(route.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: false,
      description: h.description,
      schema: { type: 'string' },
    })),
    ...(route.localized ? LANG : []),
  ];
  return {
    summary: route.summary,
    ...(route.auth ? { security: [{ [route.auth]: [] }] } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(bodySchema
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              (body?.media ?? ['json']).map((m) => [MEDIA[m], { schema: bodySchema }]),
            ),
          },
        }
      : {}),
    responses: Object.fromEntries([...answers, ...errors]),
  };
}

/** The document's summaries and descriptions (outside the generated schemas) in `lang`, through i18next. */
function worded(value: unknown, lang: Language): unknown {
  if (Array.isArray(value)) return value.map((item) => worded(item, lang));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      (key === 'summary' || key === 'description') && typeof item === 'string'
        ? documentText(lang, item)
        : key === 'schema'
          ? item
          : worded(item, lang),
    ]),
  );
}

const cached = new Map<string, Json>();

/**
 * The OpenAPI 3.1 document of the whole API ({@link API_ROUTES}), generated from the route
 * definitions and their zod schemas; its summaries and descriptions in `lang` (English by
 * default, Persian where `openapi.fa.json` has them).
 */
export function openApiDocument(serverUrl: string, lang: Language = 'en'): Json {
  const key = `${lang}\n${serverUrl}`;
  const known = cached.get(key);
  if (known) return known;
  const paths: Record<string, Json> = {};
  const schemas: Json = {};
  for (const { base, routes } of API_ROUTES) {
    for (const route of routes) {
      const path = `${base}${route.path}`;
      paths[path] = { ...paths[path], [route.method]: operation(route) };
      if (route.body?.component)
        schemas[route.body.component] = jsonSchema(route.body.schema, 'input');
    }
  }
  const generated = z.toJSONSchema(components, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    uri: (id) => `${REF}${id}`,
  }).schemas;
  for (const [id, schema] of Object.entries(generated)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Json;
    schemas[id] = rest;
  }
  const doc: Json = {
    openapi: '3.1.0',
    info: {
      title: 'Payam API',
      version: '0.1.0',
      description:
        'Open311 GeoReport v2 with Payam’s extensions (citizen token, follow-ups, feedback, statistics, suggestions), and the staff API.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        staff: { type: 'http', scheme: 'bearer', description: 'A staff token' },
        metrics: {
          type: 'http',
          scheme: 'bearer',
          description: 'The metrics token (PAYAM_METRICS_TOKEN), when one is set',
        },
      },
    },
  };
  const result = { ...doc, info: worded(doc.info, lang), paths: worded(doc.paths, lang) } as Json;
  if (cached.size > 16) cached.clear();
  cached.set(key, result);
  return result;
}
