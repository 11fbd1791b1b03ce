import { z } from 'zod';
import {
  citizenTextSchema,
  codeSchema,
  instantSchema,
  locationSchema,
  MAX_DESCRIPTION_LENGTH,
  phoneSchema,
  systemIdSchema,
} from './common.js';
import { V } from '../validation-messages.js';

/** The citizen's contact details. Never public, never logged. */
export const contactSchema = z.object({
  phone: phoneSchema.optional(),
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  email: z.email().optional(),
  /** A device id for push notifications (the app's Web Push subscription id). */
  deviceId: z.string().max(200).optional(),
});
/** The citizen's contact details. */
export type Contact = z.infer<typeof contactSchema>;

/**
 * The citizen's consent to publish a suggestion on the participation platform (seed §6.1),
 * recorded with the version of the consent text they were shown.
 */
export const participationConsentSchema = z.object({
  granted: z.literal(true),
  textVersion: z.string().min(1, { error: V.consentText }).max(64),
});
/** The citizen's consent to publish a suggestion. */
export type ParticipationConsent = z.infer<typeof participationConsentSchema>;

/** An attribute value: one string, or several for `multivaluelist`. */
export const attributeAnswerSchema = z.union([z.string().max(2000), z.array(z.string().max(200)).max(50)]);

/**
 * A message as the citizen registers it. Service, region and address are optional unless the
 * system or the service says otherwise (seed §8); {@link checkMessageAgainstService} checks that.
 */
export const messageInputSchema = z.object({
  system: systemIdSchema,
  serviceCode: codeSchema.optional(),
  description: citizenTextSchema(MAX_DESCRIPTION_LENGTH, V.descriptionTooLong),
  location: locationSchema.optional(),
  region: z.string().trim().min(1).max(64).optional(),
  address: z.string().trim().min(1).max(300).refine((v) => !/[<>]/.test(v), { error: V.noHtml }).optional(),
  attributes: z.record(codeSchema, attributeAnswerSchema).default({}),
  /** A photo or video of the problem: a web address only (never `javascript:` or `data:`). */
  mediaUrl: z.url({ protocol: /^https?$/, error: V.mediaUrl }).max(2000, { error: V.mediaUrl }).optional(),
  contact: contactSchema.default({}),
  /** The citizen marks the message as a suggestion for the participation platform. */
  suggestion: z.boolean().default(false),
  consents: z.object({ participation: participationConsentSchema.optional() }).default({}),
  /** The language the citizen wrote in and wants notifications in. */
  lang: z.enum(['fa', 'en']).default('fa'),
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
    .int({ error: V.rating })
    .min(1, { error: V.rating })
    .max(5, { error: V.rating }),
  comment: citizenTextSchema(2000, V.commentTooLong).optional(),
});
/** Feedback. */
export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

/** Feedback as recorded: with its time. */
export const feedbackSchema = feedbackInputSchema.extend({ at: instantSchema });
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
