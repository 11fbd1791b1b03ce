import * as z from '../zod.js';
import { actorRoleSchema } from './message.js';
import { instantSchema } from './common.js';

/** What happened, one kind per timeline entry. */
export const timelineEntryTypeSchema = z.enum([
  'registered',
  'triage_started',
  'referred',
  'started',
  'escalated',
  'overdue',
  'answered',
  'rejected',
  'linked_as_duplicate',
  'duplicate_linked',
  'duplicate_unlinked',
  'unlinked',
  'follow_up',
  'feedback',
  'reopened',
  'closed',
  'contact_attempt',
  'suggestion_published',
  'note',
]);
/** A kind of timeline entry. */
export type TimelineEntryType = z.infer<typeof timelineEntryTypeSchema>;

/**
 * One step in a message's history. `public` entries are shown to the citizen (seed §2);
 * `staff` entries (notes, contact attempts' details) only to staff.
 */
export const timelineEntrySchema = z.object({
  type: timelineEntryTypeSchema,
  at: instantSchema,
  actorRole: actorRoleSchema,
  visibility: z.enum(['public', 'staff']),
  /** Free text: the answer, the follow-up, the reason. Citizen text is shown as text, never HTML. */
  text: z.optional(z.string()),
  /** Structured details (unit ids, stage, due time, rating…). Never personal data. */
  data: z._default(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), {}),
});
/** One step in a message's history. */
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
