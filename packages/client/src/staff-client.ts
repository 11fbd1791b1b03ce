/**
 * The staff API client for back-office tools: queues, messages, actions, feedback statistics
 * and the feedback report. Every call carries the staff member's bearer token.
 */
import {
  feedbackStatsSchema,
  staffActionBodySchemas,
  staffMessageSchema,
  staffQueueSchema,
  STAFF_ACTIONS,
  type FeedbackStats,
  type StaffAction,
  type StaffMessage,
  type StaffQueueItem,
} from '@payam/core/schemas/api';
import { PUBLIC_STATUSES } from '@payam/core/status';
import { toLatinDigits } from '@payam/core/text';
import * as z from '@payam/core/zod';
import type { CallOptions } from './client.js';
import { checkInput, connectionOptionsSchema, idSegment, periodFilterSchema } from './input.js';
import { createTransport, type ConnectionOptions } from './transport.js';

/** Options of {@link createStaffClient}. */
export interface StaffClientOptions extends ConnectionOptions {
  /** The staff member's bearer token. */
  token: string;
}

/** A staff queue page: the messages (without timelines) and how many match in all. */
export type StaffQueue = z.infer<typeof staffQueueSchema>;

/**
 * A message of a staff queue: without its timeline, with `linkedCount`, how many messages are
 * linked to it that the caller may see.
 */
export type { StaffQueueItem };

/** The body each staff action takes, e.g. `{ text }` for `answer`, `{ unitId?, note? }` for `refer`. */
export type StaffActionBody<A extends StaffAction> = z.input<(typeof staffActionBodySchemas)[A]>;

/** A public status, or `open` for every status before the answer. */
export type QueueStatus = StaffMessage['publicStatus'] | 'open';

/** Filters of a staff queue. */
export interface QueueQuery {
  /** Only messages this unit is responsible for. */
  unitId?: string;
  /** Only messages in these public statuses (`sorting`, `in_progress`, …; `open` for every status before the answer). */
  status?: QueueStatus | QueueStatus[];
  /** Messages per page (the reference server allows 1–500, default 50). */
  limit?: number;
  /** Messages to skip. */
  offset?: number;
}

/** Filters of feedback statistics and the feedback report. */
export interface FeedbackQuery {
  /** Only this system. */
  system?: string;
  /** From this time. */
  from?: Date | string;
  /** To this time. */
  to?: Date | string;
}

/** The staff API client. */
export interface PayamStaffClient {
  /** One page of the queue the token may see. */
  queue(query?: QueueQuery, options?: CallOptions): Promise<StaffQueue>;
  /** The whole queue, page by page (`limit` messages each, default 50). */
  queuePages(query?: Omit<QueueQuery, 'offset'>, options?: CallOptions): AsyncIterable<StaffQueue['items']>;
  /** Messages. */
  messages: {
    /** A message with its full timeline (contact details are never shown, only whether there are some). */
    get(id: string, options?: CallOptions): Promise<StaffMessage>;
    /**
     * Acts on a message: `triage`, `refer`, `start`, `answer`, `reject`, `link`, `unlink`,
     * `contact-attempt`, `note`; each with its own body. Never retried. Answers the updated message.
     */
    act<A extends StaffAction>(id: string, action: A, body: StaffActionBody<A>, options?: CallOptions): Promise<StaffMessage>;
  };
  /** Statistics. */
  stats: {
    /** Feedback counts and average rating, overall and by system. */
    feedback(query?: FeedbackQuery, options?: CallOptions): Promise<FeedbackStats>;
  };
  /** Reports. */
  reports: {
    /** The feedback report as an Excel workbook (`.xlsx` bytes; one row a feedback, RTL, Jalali dates). */
    feedbackXlsx(query?: FeedbackQuery, options?: CallOptions): Promise<ArrayBuffer>;
  };
}

const staffOptionsSchema = z.extend(connectionOptionsSchema, { token: z.string().check(z.trim(), z.minLength(1)) });

const queueStatusSchema = z.enum([...PUBLIC_STATUSES, 'open']);

const queueQuerySchema = z.object({
  unitId: z.optional(z.string().check(z.trim(), z.minLength(1))),
  status: z.optional(z.union([queueStatusSchema, z.array(queueStatusSchema).check(z.minLength(1))])),
  limit: z.optional(z.number().check(z.int(), z.gte(1))),
  offset: z.optional(z.number().check(z.int(), z.gte(0))),
});

const staffActionSchema = z.enum(STAFF_ACTIONS);

const STAFF = 'staff/v1/';


/** The body, with `firstMessageId` (when it is a string) in Latin digits. */
const withLatinFirstMessageId = (body: unknown): unknown => {
  const id = (body as { firstMessageId?: unknown } | null)?.firstMessageId;
  return typeof id === 'string' ? { ...(body as object), firstMessageId: toLatinDigits(id).trim() } : body;
};

/**
 * Creates a client for a Payam server's staff API.
 *
 * @example
 * ```ts
 * const staff = createStaffClient({ baseUrl: 'https://api.example.city', token: process.env.PAYAM_TOKEN! });
 * const { items } = await staff.queue({ status: 'sorting' });
 * await staff.messages.act(items[0]!.id, 'answer', { text: 'Repaired today.' });
 * ```
 */
export function createStaffClient(options: StaffClientOptions): PayamStaffClient {
  const { token } = checkInput(staffOptionsSchema, options);
  const transport = createTransport(options, { Authorization: `Bearer ${token}` });

  const queue: PayamStaffClient['queue'] = async (query = {}, { signal } = {}) => {
    return transport.json({ path: `${STAFF}queue`, query: checkInput(queueQuerySchema, query), signal }, staffQueueSchema);
  };

  const feedbackQuery = (input: FeedbackQuery) => checkInput(periodFilterSchema, input);

  return {
    queue,
    async *queuePages(query = {}, options = {}) {
      const limit = query.limit ?? 50;
      for (let offset = 0; ; offset += limit) {
        const page = await queue({ ...query, limit, offset }, options);
        if (page.items.length > 0) yield page.items;
        if (page.items.length < limit || offset + page.items.length >= page.total) return;
      }
    },
    messages: {
      get: async (id, { signal } = {}) =>
        transport.json({ path: `${STAFF}messages/${idSegment(id)}`, signal }, staffMessageSchema),
      act: async (id, action, body, { signal } = {}) => {
        const schema = staffActionBodySchemas[checkInput(staffActionSchema, action, 'action')];
        return transport.json(
          {
            path: `${STAFF}messages/${idSegment(id)}/actions/${encodeURIComponent(action)}`,
            // A first message's tracking id typed with Persian digits is sent with Latin ones.
            body: checkInput(schema, withLatinFirstMessageId(body)),
            signal,
          },
          staffMessageSchema,
        );
      },
    },
    stats: {
      feedback: async (query = {}, { signal } = {}) =>
        transport.json({ path: `${STAFF}stats/feedback`, query: feedbackQuery(query), signal }, feedbackStatsSchema),
    },
    reports: {
      feedbackXlsx: async (query = {}, { signal } = {}) =>
        transport.bytes({ path: `${STAFF}reports/feedback.xlsx`, query: feedbackQuery(query), signal }),
    },
  };
}
