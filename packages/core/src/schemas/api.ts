/**
 * The public API's wire shapes: Open311 GeoReport v2 (snake_case, as the spec writes them) and
 * Payam's extensions. The server builds its answers to these shapes, the client checks what it
 * receives against them, and the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { PUBLIC_STATUSES } from '../status.js';
import { feedbackInputSchema, followUpInputSchema, resolvedSchema } from './message.js';
import { stageSchema } from './policy.js';
import { timelineEntryTypeSchema } from './timeline.js';

/**
 * Open311 error body: a list of `{ code, description }`. Extensions: `field` names the input at
 * fault (`description`, `attribute[depth]`), `refusal` the lifecycle's refusal code.
 */
export const apiErrorSchema = z.array(
  z.object({
    code: z.number().int(),
    description: z.string(),
    field: z.string().optional(),
    refusal: z.string().optional(),
  }),
);
/** Open311 error body. */
export type ApiError = z.infer<typeof apiErrorSchema>;

/** GET /services: one service in the list. */
export const open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
  /** Extension (with `extensions=true`): guidance and registration rules. */
  extended_attributes: z
    .object({
      jurisdiction_id: z.string(),
      guidance: z.string().nullable(),
      requires_region: z.boolean(),
      requires_address: z.boolean(),
      suggestions_allowed: z.boolean(),
    })
    .optional(),
});
/** One service in GET /services. */
export type Open311Service = z.infer<typeof open311ServiceSchema>;

/** GET /services/{code}: one attribute. */
export const open311AttributeSchema = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
/** One attribute of a service definition. */
export type Open311Attribute = z.infer<typeof open311AttributeSchema>;

/** GET /services/{code}: the service definition. */
export const open311ServiceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(open311AttributeSchema),
});
/** A service definition. */
export type Open311ServiceDefinition = z.infer<typeof open311ServiceDefinitionSchema>;

/** A public timeline entry (`notes[]` with `extensions=true`). */
export const publicNoteSchema = z.object({
  type: timelineEntryTypeSchema,
  datetime: z.string(),
  /** The entry's title in the request's language. */
  summary: z.string(),
  /** The text: the answer, the follow-up, the feedback comment. Plain text, never HTML. */
  description: z.string().nullable(),
  /** Details without personal data (units, stage, rating, …). */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
/** A public timeline entry. */
export type PublicNote = z.infer<typeof publicNoteSchema>;

/** `extended_attributes` of a request (with `extensions=true`). */
export const requestExtendedAttributesSchema = z.object({
  jurisdiction_id: z.string(),
  detailed_status: z.enum(PUBLIC_STATUSES),
  detailed_status_label: z.string(),
  detailed_status_explanation: z.string(),
  duplicate: z.boolean(),
  parent_service_request_id: z.string().nullable(),
  linked_count: z.number().int().nonnegative(),
  feedback_window: z
    .object({ opens_at: z.string(), closes_at: z.string(), open: z.boolean() })
    .nullable(),
  /** What the citizen may do now with the citizen token. */
  accepts: z.enum(['follow_up', 'feedback', 'nothing']),
  escalation_level: z.number().int().nonnegative(),
  stage: stageSchema.nullable(),
  stage_due_datetime: z.string().nullable(),
  region: z.string().nullable(),
  private: z.boolean(),
  suggestion: z
    .object({ published: z.boolean(), url: z.string().nullable() })
    .nullable(),
});
/** `extended_attributes` of a request. */
export type RequestExtendedAttributes = z.infer<typeof requestExtendedAttributesSchema>;

/** GET /requests and /requests/{id}: one service request. */
export const open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
  extended_attributes: requestExtendedAttributesSchema.optional(),
  notes: z.array(publicNoteSchema).optional(),
});
/** One service request as the public sees it. */
export type Open311Request = z.infer<typeof open311RequestSchema>;

/** POST /requests: the answer (a one-element list), with the citizen token (extension). */
export const createRequestResponseSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
    /** The secret that lets this citizen follow up and give feedback. Never listed anywhere. */
    citizen_token: z.string(),
  }),
);
/** The answer to POST /requests. */
export type CreateRequestResponse = z.infer<typeof createRequestResponseSchema>;

/** GET /tokens/{token}. */
export const tokenResponseSchema = z.array(
  z.object({ service_request_id: z.string().nullable(), token: z.string() }),
);

/** POST /requests/{id}/follow_ups.json body (plus the citizen token). */
export const followUpBodySchema = followUpInputSchema.extend({ citizen_token: z.string().optional() });
/** POST /requests/{id}/feedback.json body (plus the citizen token). */
export const feedbackBodySchema = feedbackInputSchema.extend({ citizen_token: z.string().optional() });

/** GET /stats/frequency.json: counts of messages by region × service × period. */
export const frequencyStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day', 'week', 'month']),
  rows: z.array(
    z.object({
      region: z.string().nullable(),
      service_code: z.string().nullable(),
      period: z.string(),
      count: z.number().int().nonnegative(),
    }),
  ),
});
/** Frequency statistics. */
export type FrequencyStats = z.infer<typeof frequencyStatsSchema>;

/** GET /suggestions.json: consented suggestions, no personal data. */
export const suggestionFeedSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_code: z.string().nullable(),
    service_name: z.string().nullable(),
    description: z.string(),
    region: z.string().nullable(),
    requested_datetime: z.string(),
    published_datetime: z.string().nullable(),
    url: z.string().nullable(),
  }),
);
/** The public suggestions feed. */
export type SuggestionFeed = z.infer<typeof suggestionFeedSchema>;

/** Staff actions: `POST /staff/v1/messages/{id}/actions/{action}` bodies. */
export const staffActionBodySchemas = {
  triage: z.object({ note: z.string().max(2000).optional() }).strict(),
  refer: z
    .object({ unitId: z.string().optional(), serviceCode: z.string().optional(), note: z.string().max(2000).optional() })
    .strict(),
  start: z.object({ note: z.string().max(2000).optional() }).strict(),
  answer: z.object({ text: z.string().trim().min(1).max(4000) }).strict(),
  reject: z.object({ text: z.string().trim().min(1).max(4000) }).strict(),
  link: z.object({ firstMessageId: z.string().min(1) }).strict(),
  unlink: z.object({}).strict(),
  'contact-attempt': z
    .object({ outcome: z.enum(['reached', 'no_answer', 'unreachable']), note: z.string().max(2000).optional() })
    .strict(),
  note: z.object({ text: z.string().trim().min(1).max(4000) }).strict(),
} as const;
/** A staff action's name. */
export type StaffAction = keyof typeof staffActionBodySchemas;
/** Every staff action name. */
export const STAFF_ACTIONS = Object.keys(staffActionBodySchemas) as StaffAction[];

/** A message as staff see it: everything but the contact details, with the staff timeline. */
export const staffMessageSchema = z.object({
  id: z.string(),
  system: z.string(),
  serviceCode: z.string().nullable(),
  description: z.string(),
  region: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  state: z.string(),
  publicStatus: z.enum(PUBLIC_STATUSES),
  unitId: z.string(),
  escalationLevel: z.number().int(),
  overdue: z.boolean(),
  firstMessageId: z.string().nullable(),
  linkedMessageIds: z.array(z.string()),
  deadline: z.object({ stage: z.string(), dueAt: z.string() }).nullable(),
  feedbackWindow: z.object({ opensAt: z.string(), closesAt: z.string() }).nullable(),
  hasContact: z.object({ sms: z.boolean(), push: z.boolean() }),
  registeredAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(
    z.object({
      type: timelineEntryTypeSchema,
      at: z.string(),
      actorRole: z.string(),
      visibility: z.enum(['public', 'staff']),
      text: z.string().nullable(),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
});
/** A message as staff see it. */
export type StaffMessage = z.infer<typeof staffMessageSchema>;

/** A staff queue page. */
export const staffQueueSchema = z.object({
  items: z.array(staffMessageSchema.omit({ timeline: true })),
  total: z.number().int().nonnegative(),
});

/** Feedback statistics for staff and analysts. */
export const feedbackStatsSchema = z.object({
  total: z.number().int().nonnegative(),
  averageRating: z.number().nullable(),
  byResolved: z.record(resolvedSchema, z.number().int().nonnegative()),
  bySystem: z.array(z.object({ system: z.string(), total: z.number().int(), averageRating: z.number().nullable() })),
});
/** Feedback statistics. */
export type FeedbackStats = z.infer<typeof feedbackStatsSchema>;
