import * as z from '../zod.js';
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

/**
 * The channels that reach a citizen, each by one contact detail. Adding a channel is adding it
 * here (with its contact detail) and giving the server an adapter for it.
 */
export const CITIZEN_CHANNELS = ['sms', 'push', 'email'] as const;
/** A channel that reaches a citizen. */
export type CitizenChannel = (typeof CITIZEN_CHANNELS)[number];

/** The contact detail (a field of the registration's contact) each citizen channel reaches the citizen by. */
export const CHANNEL_CONTACT = { sms: 'phone', push: 'deviceId', email: 'email' } as const satisfies Record<CitizenChannel, string>;

/** The citizen channels a contact can be reached by: those whose contact detail it holds. */
export function reachableChannels(contact: Partial<Record<(typeof CHANNEL_CONTACT)[CitizenChannel], string | null | undefined>> | null | undefined): Partial<Record<CitizenChannel, boolean>> {
  const channels: Partial<Record<CitizenChannel, boolean>> = {};
  for (const channel of CITIZEN_CHANNELS) if (contact?.[CHANNEL_CONTACT[channel]]) channels[channel] = true;
  return channels;
}

/** Channels a notification goes by: the citizen's, and `webhook` for units. */
export const notificationChannelSchema = z.enum([...CITIZEN_CHANNELS, 'webhook']);
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
