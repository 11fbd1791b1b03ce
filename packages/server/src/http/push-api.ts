/**
 * Web Push routes under `/open311/v2`, defined once: the VAPID public key pages subscribe with,
 * and a message's push subscriptions. `push.ts` serves them; the OpenAPI document describes them.
 */
import { z } from 'zod';
import { pushSubscriptionSchema, pushUnsubscribeSchema, vapidPublicKeySchema, type PushSubscriptionInput } from '../push/subscriptions.js';
import type { BodyFields } from './body.js';
import { citizenToken, trackingId } from './open311-api.js';
import { defineRoute, type RouteSpec } from './route.js';
import { checkedAs, type BodyDecoder } from './validation.js';

const RATE_LIMITED = 429;

/** The body of `POST requests/{id}/subscriptions.json`: a PushSubscription as JSON (or wrapped in `subscription`), and the citizen token. */
export const subscribeBodySchema = pushSubscriptionSchema.extend({
  subscription: pushSubscriptionSchema.optional().describe('The PushSubscription, when it is not the body itself'),
  citizen_token: z.string().optional().describe('The citizen token, instead of X-Citizen-Token'),
});

/** Reads a subscription from `{ subscription }` or from the body itself. */
export const subscriptionDecoder: BodyDecoder<PushSubscriptionInput> = (fields: BodyFields) =>
  checkedAs(pushSubscriptionSchema, fields.subscription ?? fields, 'subscriptionInvalid', 'endpoint');

/** Reads the endpoint to remove from the query or the body. */
export const unsubscribeDecoder: BodyDecoder<{ endpoint: string }> = (fields: BodyFields, c) =>
  checkedAs(pushUnsubscribeSchema, c.req.query('endpoint') !== undefined ? { endpoint: c.req.query('endpoint') } : fields, 'subscriptionInvalid', 'endpoint');

/** What a subscription route answers. */
export const subscriptionAnswerSchema = z.object({
  service_request_id: z.string(),
  endpoint: z.string(),
  subscribed: z.boolean().describe('true once added, false once removed'),
});

/** The Web Push routes. */
export const pushApi = {
  vapidKey: defineRoute({
    method: 'get',
    path: '/push/vapid_public_key.json',
    summary: 'The VAPID public key pages subscribe with (applicationServerKey)',
    answers: { 200: { description: 'The key', schema: vapidPublicKeySchema } },
  }),
  subscribe: defineRoute({
    method: 'post',
    path: '/requests/{id}/subscriptions.json',
    summary: 'Subscribe to Web Push notifications of a message (a PushSubscription as JSON)',
    params: trackingId,
    headers: [citizenToken],
    localized: true,
    body: { schema: subscribeBodySchema, component: 'PushSubscriptionBody' },
    answers: { 201: { description: 'Subscribed', schema: subscriptionAnswerSchema } },
    errors: [400, 403, 404, 409, RATE_LIMITED],
  }),
  unsubscribe: defineRoute({
    method: 'delete',
    path: '/requests/{id}/subscriptions.json',
    summary: 'Remove a Web Push subscription of a message',
    params: trackingId,
    query: z.object({ endpoint: z.string().optional().describe('The subscription endpoint (or body endpoint)') }),
    headers: [{ name: 'X-Citizen-Token', description: 'The citizen token' }],
    localized: true,
    body: { schema: pushUnsubscribeSchema },
    answers: { 200: { description: 'Removed', schema: subscriptionAnswerSchema } },
    errors: [400, 403, 404, RATE_LIMITED],
  }),
} satisfies Record<string, RouteSpec>;
