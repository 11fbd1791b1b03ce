/**
 * The routes of webhooks for apps under `/open311/v2`, defined once. `app-webhooks.ts` serves
 * them; the OpenAPI document describes them.
 */
import { z } from 'zod';
import { webhookCreateSchema, webhookViewSchema } from '../webhooks/app-webhooks.js';
import type { BodyFields } from './body.js';
import { defineRoute, type RouteHeader, type RouteSpec } from './route.js';
import { checkedAs, type BodyDecoder } from './validation.js';

const apiKeyHeader: RouteHeader = { name: 'X-Api-Key', description: 'The API key (or api_key in the body or the query)' };

/** The body of `POST webhooks.json`: the URL, and the API key unless it comes as `X-Api-Key`. */
export const webhookBodySchema = webhookCreateSchema.extend({
  api_key: z.string().optional().describe('The API key, instead of X-Api-Key'),
});

/** Reads a webhook's URL; a bad one is one issue saying what a valid URL is. */
export const webhookDecoder: BodyDecoder<z.output<typeof webhookBodySchema>> = (fields: BodyFields) =>
  checkedAs(webhookBodySchema, fields, 'webhookUrl', 'url');

/** A webhook as registered: its signing secret is shown this once. */
export const createdWebhookSchema = webhookViewSchema.extend({
  secret: z.string().describe('Signs each delivery (X-Payam-Signature); shown only in this answer'),
});

/** The routes of webhooks for apps. */
export const appWebhookApi = {
  create: defineRoute({
    method: 'post',
    path: '/webhooks.json',
    summary: 'Register a webhook for the status changes of the messages this API key registers (the signing secret is shown once)',
    headers: [apiKeyHeader],
    localized: true,
    body: { schema: webhookBodySchema, media: ['json', 'form'], component: 'WebhookBody' },
    answers: { 201: { description: 'Registered, with its secret', schema: createdWebhookSchema } },
    errors: [400, 403, 409],
  }),
  list: defineRoute({
    method: 'get',
    path: '/webhooks.json',
    summary: 'The webhooks of this API key',
    query: z.object({ api_key: z.string().optional().describe('The API key, instead of X-Api-Key') }),
    headers: [apiKeyHeader],
    localized: true,
    answers: { 200: { description: 'Webhooks (without secrets)', schema: z.array(webhookViewSchema) } },
    errors: [403],
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/webhooks/{id}.{format}',
    summary: 'Remove a webhook of this API key',
    params: z.object({ id: z.string().describe('The webhook id') }),
    query: z.object({ api_key: z.string().optional().describe('The API key, instead of X-Api-Key') }),
    headers: [apiKeyHeader],
    localized: true,
    answers: { 200: { description: 'Removed', schema: z.object({ webhook_id: z.string(), removed: z.literal(true) }) } },
    errors: [403, 404],
  }),
} satisfies Record<string, RouteSpec>;
