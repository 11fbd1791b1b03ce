import * as z from '../zod.js';
import {
  citizenTextSchema,
  codeSchema,
  instantSchema,
  latinDigits,
  locationSchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_PHOTOS_PER_MESSAGE,
  phoneSchema,
  plainTextSchema,
  systemIdSchema,
} from './common.js';
import * as V from '../input-messages.js';

/** The citizen's contact details. Never public, never logged. */
export const contactSchema = z.object({
  phone: z.optional(phoneSchema),
  firstName: z.optional(plainTextSchema().check(z.trim(), z.maxLength(100))),
  lastName: z.optional(plainTextSchema().check(z.trim(), z.maxLength(100))),
  email: z.optional(z.email()),
  /** A device id for push notifications (the app's Web Push subscription id). */
  deviceId: z.optional(plainTextSchema().check(z.maxLength(200))),
});
/** The citizen's contact details. */
export type Contact = z.infer<typeof contactSchema>;

/**
 * The citizen's consent to publish a suggestion on the participation platform (seed §6.1),
 * recorded with the version of the consent text they were shown.
 */
export const participationConsentSchema = z.object({
  granted: z.literal(true),
  textVersion: plainTextSchema().check(z.minLength(1, { error: V.consentText }), z.maxLength(64)),
});
/** The citizen's consent to publish a suggestion. */
export type ParticipationConsent = z.infer<typeof participationConsentSchema>;

/** An attribute value: one string, or several for `multivaluelist`. */
export const attributeAnswerSchema = z.union([
  plainTextSchema().check(z.maxLength(2000)),
  z.array(plainTextSchema().check(z.maxLength(200))).check(z.maxLength(50)),
]);

/**
 * A message as the citizen registers it. Service, region and address are optional unless the
 * system or the service says otherwise (seed §8); {@link checkMessageAgainstService} checks that.
 */
export const messageInputSchema = z.object({
  system: systemIdSchema,
  serviceCode: z.optional(codeSchema),
  description: citizenTextSchema(MAX_DESCRIPTION_LENGTH, V.descriptionTooLong),
  location: z.optional(locationSchema),
  region: z.optional(plainTextSchema().check(latinDigits(), z.trim(), z.minLength(1), z.maxLength(64))),
  address: z.optional(
    plainTextSchema().check(
      z.trim(),
      z.minLength(1),
      z.maxLength(300),
      z.refine((v) => !/[<>]/.test(v), { error: V.noHtml }),
    ),
  ),
  attributes: z._default(z.record(codeSchema, attributeAnswerSchema), {}),
  /** A photo or video of the problem: a web address only (never `javascript:` or `data:`). */
  mediaUrl: z.optional(z.url({ protocol: /^https?$/, error: V.mediaUrl }).check(z.maxLength(2000, { error: V.mediaUrl }))),
  /** Photos uploaded first (`POST /open311/v2/media`), named by the ids the upload answered. */
  mediaIds: z.optional(
    z
      .array(z.string({ error: V.mediaIds }).check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: V.mediaIds })))
      .check(z.maxLength(MAX_PHOTOS_PER_MESSAGE, { error: V.mediaIds })),
  ),
  /** An open public message to follow: the new message is joined to it at registration and gets its answer. */
  follow: z.optional(z.string({ error: V.follow }).check(z.regex(/^[A-Za-z0-9-]{1,64}$/, { error: V.follow }))),
  contact: z._default(contactSchema, {}),
  /** The citizen marks the message as a suggestion for the participation platform. */
  suggestion: z._default(z.boolean(), false),
  consents: z._default(z.object({ participation: z.optional(participationConsentSchema) }), {}),
  /** The language the citizen wrote in and wants notifications in. */
  lang: z._default(z.enum(['fa', 'en']), 'fa'),
});
/** A registered message's input (defaults applied). */
export type MessageInput = z.infer<typeof messageInputSchema>;
/** A message's input as sent (defaults may be left out). */
export type MessageInputInput = z.input<typeof messageInputSchema>;

/** A follow-up the citizen adds before the answer (seed §2). */
export const followUpInputSchema = z.object({
  text: citizenTextSchema(2000, V.commentTooLong),
});
/** A follow-up. */
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

/** Whether the problem was resolved, in the citizen's words. */
export const resolvedSchema = z.enum(['yes', 'partly', 'no'], { error: V.resolved });
/** `yes`, `partly` or `no`. */
export type Resolved = z.infer<typeof resolvedSchema>;

/** Feedback the citizen gives after the answer, inside the feedback window (seed §2, §2.2). */
export const feedbackInputSchema = z.object({
  resolved: resolvedSchema,
  rating: z.coerce
    .number({ error: V.rating })
    .check(z.int({ error: V.rating }), z.gte(1, { error: V.rating }), z.lte(5, { error: V.rating })),
  comment: z.optional(citizenTextSchema(2000, V.commentTooLong)),
});
/** Feedback. */
export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

/** Feedback as recorded: with its time. */
export const feedbackSchema = z.extend(feedbackInputSchema, { at: instantSchema });
/** Feedback as recorded. */
export type Feedback = z.infer<typeof feedbackSchema>;

/** Who did something on a message. */
export const actorRoleSchema = z.enum([
  'citizen',
  'operator',
  'handler',
  'supervisor',
  'admin',
  'system',
]);
/** Who did something on a message. */
export type ActorRole = z.infer<typeof actorRoleSchema>;
