/**
 * The duplicate search routes of the staff API under `/staff/v1`, defined once: the messages
 * like one, and dismissing a suggestion. `similar.ts` serves them; the OpenAPI document
 * describes them.
 */
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route.js';

/** One reason two messages look alike. */
export const similarityReasonSchema = z.object({
  code: z.enum(['service', 'distance', 'region', 'place', 'time', 'text']),
  value: z.union([z.string(), z.number()]),
});

/** The answer of `GET /staff/v1/messages/{id}/similar`: the messages like it, best first. */
export const similarMessagesSchema = z.object({
  items: z.array(
    z.object({
      /** The message to link to (a first message, never a duplicate). */
      id: z.string(),
      score: z.number().min(0).max(1),
      /** `link`: above the system's link threshold; `suggest`: between the two thresholds. */
      decision: z.enum(['link', 'suggest']),
      reasons: z.array(similarityReasonSchema),
      /** The reasons in a sentence, in the caller's language. */
      summary: z.string(),
    }),
  ),
});
/** The messages like one. */
export type SimilarMessages = z.infer<typeof similarMessagesSchema>;

/** The answer of a dismissal: the pair, never suggested again. */
export const dismissalSchema = z.object({ messageId: z.string(), otherId: z.string(), dismissedAt: z.string() });

// Any id is taken: one that names no message the caller may see answers 404, as a nonexistent one.
const messageId = z.string().describe('The tracking id');
const staff = { auth: 'staff', localized: true } as const;

/** The duplicate search routes. */
export const similarApi = {
  similar: defineRoute({
    ...staff,
    method: 'get',
    path: '/messages/{id}/similar',
    summary:
      'Messages like this one that the caller may see, best first: the first message to link to, a score 0–1, link or suggest, and the reasons',
    params: z.object({ id: messageId }),
    answers: { 200: { description: 'Similar messages', schema: similarMessagesSchema } },
    errors: [401, 403, 404],
  }),
  dismiss: defineRoute({
    ...staff,
    method: 'post',
    path: '/messages/{id}/similar/{otherId}/dismiss',
    summary: 'Not the same matter: the pair is recorded and never suggested again',
    params: z.object({ id: messageId, otherId: z.string().describe('The message suggested') }),
    answers: { 200: { description: 'The pair dismissed', schema: dismissalSchema } },
    errors: [401, 403, 404],
  }),
} satisfies Record<string, RouteSpec>;
