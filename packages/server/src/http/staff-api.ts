/**
 * The staff API's routes under `/staff/v1`, defined once (bearer staff tokens). `staff.ts`,
 * `policies.ts` and `outbox-routes.ts` serve them; the OpenAPI document describes them.
 */
import { z } from 'zod';
import {
  feedbackStatsSchema,
  PUBLIC_STATUSES,
  STAFF_ACTIONS,
  staffActionBodySchemas,
  staffMessageSchema,
  staffQueueSchema,
  type StaffAction,
} from '@payam/core';
import { settingsDocumentSchema, settingsSchema } from '../config/policies.js';
import { issueMessage } from '../texts.js';
import { defineRoute, type RouteSpec } from './route.js';
import { feedbackAnalyticsQuerySchema } from '../stats/feedback.js';

/** Query of `GET /queue`. */
export const queueQuerySchema = z.object({
  unit_id: z.string().max(100).optional().describe('A unit (and the units under it)'),
  status: z
    .string()
    .max(300)
    .optional()
    .transform((v) => (v === undefined ? [] : v.split(',').filter(Boolean)))
    .pipe(z.array(z.enum([...PUBLIC_STATUSES, 'open'])))
    .describe('Comma-separated public statuses, or open'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('1–500'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('≥ 0'),
});

/** Query of the feedback statistics, analytics and report: a period, a system, the groups. */
export const feedbackQuerySchema = feedbackAnalyticsQuerySchema;

/** Query of `GET /outbox/dead-letters`. */
export const deadLetterQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .describe('At most this many (1–500, default 100)'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('Skip this many'),
});

/** A dead letter as staff see it: what it was, why it failed, never the recipient. */
export const deadLetterSchema = z.object({
  id: z.number().int().describe('The outbox row'),
  kind: z.string().describe('notification or suggestion'),
  notification: z
    .string()
    .nullable()
    .describe('What the notification was about (feedback_invitation, …), when it is one'),
  messageId: z.string().describe('The message it concerns'),
  attempts: z.number().int().describe('Attempts made'),
  lastError: z.string().nullable().describe('The last error (the gateway and its status)'),
  outcome: z
    .record(z.string(), z.string())
    .describe('What each channel did before it was given up'),
  givenUpAt: z.string().describe('When it was given up'),
});
/** A dead letter as staff see it. */
export type DeadLetter = z.infer<typeof deadLetterSchema>;

const messageId = z.object({ id: z.string().describe('The tracking id') });
const staff = { auth: 'staff' } as const;

/** The route of one staff action. */
function actionRoute(action: StaffAction) {
  const schema: (typeof staffActionBodySchemas)[StaffAction] = staffActionBodySchemas[action];
  return defineRoute({
    ...staff,
    method: 'post',
    path: `/messages/{id}/actions/${action}`,
    summary: `Action: ${action}`,
    params: messageId,
    body: { schema },
    answers: { 200: { description: 'The updated message', schema: staffMessageSchema } },
    errors: [400, 401, 403, 404, 409],
  });
}

/** The staff routes. */
export const staffApi = {
  queue: defineRoute({
    ...staff,
    method: 'get',
    path: '/queue',
    summary: 'A queue of messages in the caller’s units',
    query: queueQuerySchema,
    answers: { 200: { description: 'A page', schema: staffQueueSchema } },
    errors: [400, 401, 403],
  }),
  message: defineRoute({
    ...staff,
    method: 'get',
    path: '/messages/{id}',
    summary: 'A message with its whole timeline',
    params: messageId,
    answers: { 200: { description: 'The message', schema: staffMessageSchema } },
    errors: [401, 403, 404],
  }),
  actions: Object.fromEntries(
    STAFF_ACTIONS.map((action) => [action, actionRoute(action)]),
  ) as Record<StaffAction, ReturnType<typeof actionRoute>>,
  feedbackStats: defineRoute({
    ...staff,
    method: 'get',
    path: '/stats/feedback',
    summary: 'Feedback statistics, and feedback analytics by unit, service, region, system and Jalali period',
    query: feedbackQuerySchema,
    answers: { 200: { description: 'Statistics', schema: feedbackStatsSchema } },
    errors: [400, 401, 403],
  }),
  feedbackCsv: defineRoute({
    ...staff,
    method: 'get',
    path: '/stats/feedback.csv',
    summary: 'The feedback analytics as CSV (UTF-8 with a byte-order mark), names in the caller’s language',
    query: feedbackQuerySchema,
    answers: { 200: { description: 'One line a group', media: 'text/csv' } },
    errors: [400, 401, 403],
  }),
  feedbackReport: defineRoute({
    ...staff,
    method: 'get',
    path: '/reports/feedback.xlsx',
    summary: 'The feedback report: a summary sheet by unit and service, then one row a feedback; RTL and Jalali dates in Persian',
    query: z.object({
      ...feedbackQuerySchema.shape,
      lang: z.string().optional().describe('en for English; Persian otherwise'),
    }),
    answers: {
      200: {
        description: 'The workbook',
        media: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    },
    errors: [400, 401, 403],
  }),
  policies: defineRoute({
    ...staff,
    method: 'get',
    path: '/policies',
    summary: 'Policies and settings',
    answers: { 200: { description: 'Settings', schema: settingsSchema } },
    errors: [401, 403],
  }),
  replacePolicies: defineRoute({
    ...staff,
    method: 'put',
    path: '/policies',
    summary:
      'Replace the whole policy document (administrators); a document missing a part is refused',
    body: { schema: settingsDocumentSchema, component: 'SettingsDocument' },
    answers: { 200: { description: 'The new settings', schema: settingsSchema } },
    errors: [400, 401, 403],
  }),
  changePolicies: defineRoute({
    ...staff,
    method: 'patch',
    path: '/policies',
    summary: 'Change some policies (administrators): a JSON Merge Patch (RFC 7396) of the document',
    body: { schema: z.looseObject({}), media: ['merge-patch', 'json'] },
    answers: { 200: { description: 'The new settings', schema: settingsSchema } },
    errors: [400, 401, 403],
  }),
  deadLetters: defineRoute({
    ...staff,
    method: 'get',
    path: '/outbox/dead-letters',
    summary:
      'Notifications and suggestions given up after too many attempts (supervisors, administrators); never the recipient',
    query: deadLetterQuerySchema,
    answers: {
      200: { description: 'Dead letters, newest first', schema: z.array(deadLetterSchema) },
    },
    errors: [400, 401, 403],
  }),
  retryDeadLetter: defineRoute({
    ...staff,
    method: 'post',
    path: '/outbox/dead-letters/{id}/retry',
    summary: 'Send a dead letter again (supervisors, administrators)',
    params: z.object({
      id: z
        .string()
        .regex(/^\d{1,18}$/)
        .describe('The outbox row'),
    }),
    answers: { 204: { description: 'Queued again' } },
    errors: [400, 401, 403, 404],
  }),
} satisfies Record<string, RouteSpec | Record<string, RouteSpec>>;
