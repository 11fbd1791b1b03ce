/**
 * The public API's wire shapes: Open311 GeoReport v2 (snake_case, as the spec writes them) and
 * Payam's extensions. The server builds its answers to these shapes, the client checks what it
 * receives against them, and the OpenAPI document is generated from them.
 */
import * as z from '../zod.js';
import { PUBLIC_STATUSES } from '../status.js';
import { feedbackInputSchema, followUpInputSchema, resolvedSchema } from './message.js';
import { plainTextSchema } from './common.js';
import { stageSchema } from './stage.js';
import { timelineEntryTypeSchema } from './timeline.js';
import { CITIZEN_CHANNELS } from './notification.js';

/**
 * Open311 error body: a list of `{ code, description }`. Extensions: `field` names the input at
 * fault (`description`, `attribute[depth]`), `refusal` the lifecycle's refusal code.
 */
export const apiErrorSchema = z.array(
  z.object({
    code: z.number().check(z.int()),
    description: z.string(),
    field: z.optional(z.string()),
    refusal: z.optional(z.string()),
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
  extended_attributes: z.optional(
    z.object({
      jurisdiction_id: z.string(),
      guidance: z.nullable(z.string()),
      requires_region: z.boolean(),
      requires_address: z.boolean(),
      suggestions_allowed: z.boolean(),
    }),
  ),
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
  order: z.number().check(z.int()),
  description: z.string(),
  values: z.optional(z.array(z.object({ key: z.string(), name: z.string() }))),
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
  description: z.nullable(z.string()),
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
  parent_service_request_id: z.nullable(z.string()),
  linked_count: z.number().check(z.int(), z.gte(0)),
  feedback_window: z.nullable(z.object({ opens_at: z.string(), closes_at: z.string(), open: z.boolean() })),
  /** What the citizen may do now with the citizen token. */
  accepts: z.enum(['follow_up', 'feedback', 'nothing']),
  escalation_level: z.number().check(z.int(), z.gte(0)),
  stage: z.nullable(stageSchema),
  stage_due_datetime: z.nullable(z.string()),
  region: z.nullable(z.string()),
  private: z.boolean(),
  /**
   * Sent as a suggestion: whether the citizen consented to publishing it, whether it is published
   * on the participation platform, and where. A suggestion without consent is never published.
   */
  suggestion: z.nullable(z.object({ published: z.boolean(), url: z.nullable(z.string()), consented: z.boolean() })),
});
/** `extended_attributes` of a request. */
export type RequestExtendedAttributes = z.infer<typeof requestExtendedAttributesSchema>;

/** GET /requests and /requests/{id}: one service request. */
export const open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.nullable(z.string()),
  service_name: z.nullable(z.string()),
  service_code: z.nullable(z.string()),
  description: z.nullable(z.string()),
  agency_responsible: z.nullable(z.string()),
  service_notice: z.nullable(z.string()),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.nullable(z.string()),
  address: z.nullable(z.string()),
  address_id: z.nullable(z.string()),
  zipcode: z.nullable(z.string()),
  lat: z.nullable(z.number()),
  long: z.nullable(z.number()),
  media_url: z.nullable(z.string()),
  extended_attributes: z.optional(requestExtendedAttributesSchema),
  notes: z.optional(z.array(publicNoteSchema)),
});
/** One service request as the public sees it. */
export type Open311Request = z.infer<typeof open311RequestSchema>;

/** POST /requests: the answer (a one-element list), with the citizen token (extension). */
export const createRequestResponseSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.nullable(z.string()),
    account_id: z.nullable(z.string()),
    /** The secret that lets this citizen follow up and give feedback. Never listed anywhere. */
    citizen_token: z.string(),
  }),
);
/** The answer to POST /requests. */
export type CreateRequestResponse = z.infer<typeof createRequestResponseSchema>;

/**
 * GET /requests/similar.json (extension): one open public message like a draft, best first, as
 * anyone may see it (no personal data). Follow it with `follow` at registration.
 */
export const nearbyMessageSchema = z.object({
  service_request_id: z.string(),
  service_code: z.nullable(z.string()),
  service_name: z.nullable(z.string()),
  detailed_status: z.string(),
  detailed_status_label: z.string(),
  description: z.string(),
  distance_metres: z.nullable(z.number()),
  requested_datetime: z.string(),
});
/** One open public message like a draft. */
export type Open311NearbyMessage = z.infer<typeof nearbyMessageSchema>;

/** GET /tokens/{token}. */
export const tokenResponseSchema = z.array(
  z.object({ service_request_id: z.nullable(z.string()), token: z.string() }),
);

/** POST /requests/{id}/follow_ups.json body (plus the citizen token). */
export const followUpBodySchema = z.extend(followUpInputSchema, { citizen_token: z.optional(z.string()) });
/** POST /requests/{id}/feedback.json body (plus the citizen token). */
export const feedbackBodySchema = z.extend(feedbackInputSchema, { citizen_token: z.optional(z.string()) });

/**
 * GET /stats/frequency.json: counts of public messages by region × service × period on the city's
 * calendar (days cut at local midnight, weeks Saturday–Friday, Jalali months and years). A count
 * under `minimum_count` is not published: the row says `suppressed` and its count is `null`.
 */
export const frequencyStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day', 'week', 'month', 'year']),
  /** The time zone the periods follow. */
  time_zone: z.string(),
  /** Counts below this are suppressed. */
  minimum_count: z.number().check(z.int(), z.gte(1)),
  /** Every period of the range, in order, with or without messages. */
  periods: z.array(
    z.object({
      /** ISO key: the Gregorian local date the period begins. */
      period: z.string(),
      /** Jalali key: `1403-09-14` (day, week), `1403-09` (month), `1403` (year). */
      period_jalali: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  ),
  rows: z.array(
    z.object({
      region: z.nullable(z.string()),
      service_code: z.nullable(z.string()),
      period: z.string(),
      period_jalali: z.string(),
      count: z.nullable(z.number().check(z.int(), z.gte(0))),
      suppressed: z.boolean(),
    }),
  ),
});
/** Frequency statistics. */
export type FrequencyStats = z.infer<typeof frequencyStatsSchema>;

/** GET /suggestions.json: consented suggestions, no personal data. */
export const suggestionFeedSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_code: z.nullable(z.string()),
    service_name: z.nullable(z.string()),
    description: z.string(),
    region: z.nullable(z.string()),
    requested_datetime: z.string(),
    published_datetime: z.nullable(z.string()),
    url: z.nullable(z.string()),
  }),
);
/** The public suggestions feed. */
export type SuggestionFeed = z.infer<typeof suggestionFeedSchema>;

const optionalNote = z.optional(plainTextSchema().check(z.maxLength(2000)));
const staffText = plainTextSchema().check(z.trim(), z.minLength(1), z.maxLength(4000));

/** Staff actions: `POST /staff/v1/messages/{id}/actions/{action}` bodies. */
export const staffActionBodySchemas = {
  triage: z.strictObject({ note: optionalNote }),
  refer: z.strictObject({ unitId: z.optional(plainTextSchema()), serviceCode: z.optional(plainTextSchema()), note: optionalNote }),
  start: z.strictObject({ note: optionalNote }),
  answer: z.strictObject({ text: staffText }),
  reject: z.strictObject({ text: staffText }),
  link: z.strictObject({ firstMessageId: plainTextSchema().check(z.minLength(1)) }),
  unlink: z.strictObject({}),
  'contact-attempt': z.strictObject({ outcome: z.enum(['reached', 'no_answer', 'unreachable']), note: optionalNote }),
  note: z.strictObject({ text: staffText }),
} as const;
/** A staff action's name. */
export type StaffAction = keyof typeof staffActionBodySchemas;
/** Every staff action name. */
export const STAFF_ACTIONS = Object.keys(staffActionBodySchemas) as StaffAction[];

/** A message as staff see it: everything but the contact details, with the staff timeline. */
export const staffMessageSchema = z.object({
  id: z.string(),
  system: z.string(),
  serviceCode: z.nullable(z.string()),
  description: z.string(),
  region: z.nullable(z.string()),
  address: z.nullable(z.string()),
  lat: z.nullable(z.number()),
  long: z.nullable(z.number()),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  state: z.string(),
  publicStatus: z.enum(PUBLIC_STATUSES),
  unitId: z.string(),
  escalationLevel: z.number().check(z.int()),
  overdue: z.boolean(),
  firstMessageId: z.nullable(z.string()),
  linkedMessageIds: z.array(z.string()),
  deadline: z.nullable(z.object({ stage: z.string(), dueAt: z.string() })),
  feedbackWindow: z.nullable(z.object({ opensAt: z.string(), closesAt: z.string() })),
  /** Whether the citizen can be reached by each channel. */
  hasContact: z.record(z.enum(CITIZEN_CHANNELS), z.boolean()),
  /** The version of its service's form it was registered with (`null` without a service); forms change, messages keep theirs. */
  formVersion: z.optional(z.nullable(z.number().check(z.int()))),
  registeredAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(
    z.object({
      type: timelineEntryTypeSchema,
      at: z.string(),
      actorRole: z.string(),
      visibility: z.enum(['public', 'staff']),
      text: z.nullable(z.string()),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
});
/** A message as staff see it. */
export type StaffMessage = z.infer<typeof staffMessageSchema>;

/**
 * A message in a staff queue: the message as staff see it without its timeline, and how many
 * messages are linked to it as duplicates.
 */
export const staffQueueItemSchema = z.extend(z.omit(staffMessageSchema, { timeline: true }), {
  /**
   * How many messages are linked to it, counting only those the caller may see (as
   * `linkedMessageIds` lists only those); 0 for a message linked to another.
   */
  linkedCount: z.number().check(z.int(), z.gte(0)),
});
/** A message in a staff queue. */
export type StaffQueueItem = z.infer<typeof staffQueueItemSchema>;

/** A staff queue page. */
export const staffQueueSchema = z.object({
  items: z.array(staffQueueItemSchema),
  total: z.number().check(z.int(), z.gte(0)),
});

/** Feedback statistics for staff and analysts. */
const countSchema = z.number().check(z.int(), z.gte(0));

/**
 * One group of the feedback analytics: of the messages answered in the period (their first answer
 * there), how many got feedback and how it went. The keys asked for with `by` are present.
 */
export const feedbackGroupSchema = z.object({
  unit_id: z.optional(z.nullable(z.string())),
  service_code: z.optional(z.nullable(z.string())),
  region: z.optional(z.nullable(z.string())),
  system: z.optional(z.nullable(z.string())),
  /** ISO key of the period (the Gregorian local date it begins). */
  period: z.optional(z.nullable(z.string())),
  /** Jalali key of the period (`1403-09` for a month). */
  period_jalali: z.optional(z.nullable(z.string())),
  /** Messages answered (or found not actionable) in the range. */
  answered: countSchema,
  /** Of those, how many got feedback. */
  feedback: countSchema,
  /** feedback ÷ answered, 0–1 (`null` when nothing was answered). */
  responseRate: z.nullable(z.number()),
  /** The latest feedback's judgement of each message. */
  resolved: z.object({ yes: countSchema, partly: countSchema, no: countSchema }),
  /** Mean rating, 1–5. */
  averageRating: z.nullable(z.number()),
  /** Feedback windows that closed without a word from the citizen. */
  closedWithoutFeedback: countSchema,
  /** Messages reopened by the citizen's feedback. */
  reopened: countSchema,
});
/** One group of the feedback analytics. */
export type FeedbackGroup = z.infer<typeof feedbackGroupSchema>;

export const feedbackStatsSchema = z.object({
  total: countSchema,
  averageRating: z.nullable(z.number()),
  byResolved: z.record(resolvedSchema, countSchema),
  bySystem: z.array(z.object({ system: z.string(), total: z.number().check(z.int()), averageRating: z.nullable(z.number()) })),
  /** The range of the analytics (answers in it). */
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  /** The dimensions of `groups`. */
  by: z.optional(z.array(z.enum(['unit', 'service', 'region', 'system', 'period']))),
  /** The period of the `period` dimension. */
  bucket: z.optional(z.enum(['day', 'week', 'month', 'year'])),
  /** Feedback analytics by the dimensions asked for. */
  groups: z.optional(z.array(feedbackGroupSchema)),
});
/** Feedback statistics. */
export type FeedbackStats = z.infer<typeof feedbackStatsSchema>;
