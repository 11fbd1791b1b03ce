import * as z from 'zod/mini';
import { codeSchema } from './common.js';

/** What a notification is about. */
export const notificationKindSchema = z.enum([
  'feedback_invitation',
  'suggestion_published',
  'escalated',
  'overdue',
]);
/** What a notification is about. */
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** Channels a notification goes by. */
export const notificationChannelSchema = z.enum(['sms', 'push', 'webhook']);
/** A notification channel. */
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/**
 * A notification the lifecycle asks for. The machine only emits intents; the host delivers them
 * (at least once, with `idempotencyKey` so a gateway can drop repeats) and renders the text from
 * the locales with `params`.
 */
export const notificationIntentSchema = z.object({
  kind: notificationKindSchema,
  channels: z.array(notificationChannelSchema).check(z.minLength(1)),
  recipient: z.union([
    z.object({ type: z.literal('citizen'), messageId: z.string() }),
    z.object({ type: z.literal('unit'), unitId: codeSchema }),
  ]),
  messageId: z.string(),
  /** Values for the template: dates as ISO instants, ids. Never personal data. */
  params: z.record(z.string(), z.string()),
  idempotencyKey: z.string(),
});
/** A notification intent. */
export type NotificationIntent = z.infer<typeof notificationIntentSchema>;
