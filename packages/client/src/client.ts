/**
 * The public API client: services, messages (register, read, list, follow up, give feedback),
 * frequency statistics and the suggestions feed.
 */
import {
  createRequestResponseSchema,
  feedbackInputSchema,
  followUpInputSchema,
  frequencyStatsSchema,
  messageInputSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  suggestionFeedSchema,
  validationMessages,
  type FeedbackInput,
  type FrequencyStats,
  type MessageInputInput,
  type Open311Service,
  type Open311ServiceDefinition,
  type SuggestionFeed,
} from '@payam/core';
import { z } from 'zod';
import { newIdempotencyKey } from './idempotency-key.js';
import { checkId, checkInput, connectionOptionsSchema, idSegment } from './input.js';
import { toMessageView, type MessageView } from './request-view.js';
import { createTransport, type ConnectionOptions, type Query, type Transport } from './transport.js';

/** Options of {@link createClient}. */
export interface ClientOptions extends ConnectionOptions {
  /** The API key the city gave you. Sent when registering messages. */
  apiKey: string;
}

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call; it then rejects with the signal's reason (an `AbortError` by default). */
  signal?: AbortSignal;
}

/** Options of `requests.create`. */
export interface CreateOptions extends CallOptions {
  /**
   * The key that makes a retry safe: the server registers one message per key. Generated with
   * `crypto.randomUUID()` when left out; pass your own to stay safe across page reloads.
   */
  idempotencyKey?: string;
}

/** Options of `requests.get`. */
export interface GetRequestOptions extends CallOptions {
  /** The citizen token: needed to read a private message (1888 complaints about staff). */
  citizenToken?: string;
}

/** What `requests.create` gives back. */
export interface CreatedMessage {
  /** The tracking id to show the citizen. */
  id: string;
  /** The secret that lets this citizen follow up and give feedback. Keep it private; never log it. */
  citizenToken: string;
  /** A notice about the service (e.g. the expected handling time), when the city gave one. */
  notice: string | null;
}

/** Filters of `requests.list`. Open311's rules apply: without dates, the last 90 days. */
export interface ListFilters {
  /** Only this system (`137`, `1888`). */
  system?: string;
  /** Only these services. */
  serviceCode?: string | string[];
  /** Only these tracking ids. */
  ids?: string[];
  /** Only `open` or only `closed` messages. */
  status?: 'open' | 'closed';
  /** Registered at or after this time. */
  from?: Date | string;
  /** Registered at or before this time. */
  to?: Date | string;
  /** Messages per page (the server caps it; Open311 allows up to 1000). */
  pageSize?: number;
}

/** Query of `stats.frequency`. */
export interface FrequencyQuery {
  /** Only this system. */
  system?: string;
  /** Only this service. */
  serviceCode?: string;
  /** Only this region. */
  region?: string;
  /** From this time (default: as the server decides). */
  from?: Date | string;
  /** To this time. */
  to?: Date | string;
  /** Period of each row. */
  bucket?: FrequencyStats['bucket'];
}

/** The public API client. */
export interface PayamClient {
  /** Services (Open311 service list and definitions). */
  services: {
    /** The services offered, with their guidance and registration rules. */
    list(query?: { system?: string }, options?: CallOptions): Promise<Open311Service[]>;
    /** A service's form: its attributes with their datatypes and values. */
    get(code: string, options?: CallOptions): Promise<Open311ServiceDefinition>;
  };
  /** Messages (Open311 service requests). */
  requests: {
    /** Registers a message. Retried safely with one idempotency key: never two messages. */
    create(input: MessageInputInput, options?: CreateOptions): Promise<CreatedMessage>;
    /** Reads a message with its detailed status, timeline, duplicate link and feedback window. */
    get(id: string, options?: GetRequestOptions): Promise<MessageView>;
    /** Lists public messages page by page, newest first: `for await (const page of client.requests.list())`. */
    list(filters?: ListFilters, options?: CallOptions): AsyncIterable<MessageView[]>;
    /** Adds a follow-up before the answer; refused (409) once the message is answered. */
    followUp(id: string, citizenToken: string, text: string, options?: CallOptions): Promise<MessageView>;
    /** Gives feedback on the answer inside the feedback window; refused (409) before the answer or after the window. */
    feedback(id: string, citizenToken: string, feedback: z.input<typeof feedbackInputSchema>, options?: CallOptions): Promise<MessageView>;
  };
  /** Public statistics. */
  stats: {
    /** How many messages by region × service × period, for maps and dashboards. */
    frequency(query?: FrequencyQuery, options?: CallOptions): Promise<FrequencyStats>;
  };
  /** The participation feed. */
  suggestions: {
    /** Suggestions published with the citizens' consent, without personal data. */
    list(query?: { system?: string }, options?: CallOptions): Promise<SuggestionFeed>;
  };
}

const clientOptionsSchema = connectionOptionsSchema.extend({ apiKey: z.string().trim().min(1) });

const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, { error: validationMessages.idempotencyKey });

const OPEN311 = 'open311/v2/';

/** When a `Date` or an ISO string, the ISO string the API expects. */
const instant = (value: Date | string | undefined): string | undefined =>
  value instanceof Date ? value.toISOString() : value;

const firstRequest = z.array(open311RequestSchema).min(1);

/**
 * Creates a client for a Payam server's public API.
 *
 * @example
 * ```ts
 * const payam = createClient({ baseUrl: 'https://api.example.city', apiKey: 'your-key' });
 * const { id, citizenToken } = await payam.requests.create({ system: '137', description: 'Broken street light' });
 * const message = await payam.requests.get(id, { citizenToken });
 * console.log(message.detailedStatus?.label);
 * ```
 */
export function createClient(options: ClientOptions): PayamClient {
  const { apiKey } = checkInput(clientOptionsSchema, options);
  const transport: Transport = createTransport(options, {});

  const getRequest = async (id: string, citizenToken: string | undefined, signal?: AbortSignal): Promise<MessageView> => {
    const [raw] = await transport.json(
      {
        path: `${OPEN311}requests/${idSegment(id)}.json`,
        query: { extensions: true },
        headers: citizenToken === undefined ? {} : { 'X-Citizen-Token': checkId(citizenToken, 'citizenToken') },
        signal,
        retry: true,
      },
      firstRequest,
    );
    return toMessageView(raw!);
  };

  const citizenPost = async (
    id: string,
    citizenToken: string,
    what: 'follow_ups' | 'feedback',
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<MessageView> => {
    const [raw] = await transport.json(
      {
        method: 'POST',
        path: `${OPEN311}requests/${idSegment(id)}/${what}.json`,
        headers: { 'X-Citizen-Token': checkId(citizenToken, 'citizenToken') },
        body,
        signal,
        retry: false,
      },
      firstRequest,
    );
    return toMessageView(raw!);
  };

  return {
    services: {
      list: async (query = {}, { signal } = {}) =>
        transport.json(
          { path: `${OPEN311}services.json`, query: { jurisdiction_id: query.system, extensions: true }, signal, retry: true },
          z.array(open311ServiceSchema),
        ),
      get: async (code, { signal } = {}) =>
        transport.json(
          { path: `${OPEN311}services/${idSegment(code, 'code')}.json`, signal, retry: true },
          open311ServiceDefinitionSchema,
        ),
    },
    requests: {
      async create(input, { idempotencyKey, signal } = {}) {
        const message = checkInput(messageInputSchema, input);
        const key = idempotencyKey === undefined ? newIdempotencyKey() : checkInput(idempotencyKeySchema, idempotencyKey, 'idempotencyKey');
        const { contact, location, consents } = message;
        const [created] = await transport.json(
          {
            method: 'POST',
            path: `${OPEN311}requests.json`,
            headers: { 'Idempotency-Key': key },
            body: {
              api_key: apiKey,
              jurisdiction_id: message.system,
              service_code: message.serviceCode,
              description: message.description,
              lat: location?.lat,
              long: location?.long,
              address_string: message.address,
              region: message.region,
              attribute: message.attributes,
              phone: contact.phone,
              first_name: contact.firstName,
              last_name: contact.lastName,
              email: contact.email,
              device_id: contact.deviceId,
              media_url: message.mediaUrl,
              suggestion: message.suggestion,
              consent_text_version: consents.participation?.textVersion,
              lang: message.lang,
            },
            signal,
            retry: true,
          },
          createRequestResponseSchema.min(1),
        );
        return { id: created!.service_request_id, citizenToken: created!.citizen_token, notice: created!.service_notice };
      },
      get: async (id, { citizenToken, signal } = {}) => getRequest(id, citizenToken, signal),
      list: (filters = {}, { signal } = {}) => listRequests(transport, filters, signal),
      followUp: async (id, citizenToken, text, { signal } = {}) =>
        citizenPost(id, citizenToken, 'follow_ups', checkInput(followUpInputSchema, { text }), signal),
      feedback: async (id, citizenToken, feedback, { signal } = {}) =>
        citizenPost(id, citizenToken, 'feedback', checkInput(feedbackInputSchema, feedback) satisfies FeedbackInput, signal),
    },
    stats: {
      frequency: async (query = {}, { signal } = {}) =>
        transport.json(
          {
            path: `${OPEN311}stats/frequency.json`,
            query: {
              jurisdiction_id: query.system,
              service_code: query.serviceCode,
              region: query.region,
              start_date: instant(query.from),
              end_date: instant(query.to),
              bucket: query.bucket,
            },
            signal,
            retry: true,
          },
          frequencyStatsSchema,
        ),
    },
    suggestions: {
      list: async (query = {}, { signal } = {}) =>
        transport.json(
          { path: `${OPEN311}suggestions.json`, query: { jurisdiction_id: query.system }, signal, retry: true },
          suggestionFeedSchema,
        ),
    },
  };
}

/** Open311 gives at most this many requests per answer unless the server says otherwise. */
const OPEN311_CAP = 1000;

async function* listRequests(transport: Transport, filters: ListFilters, signal: AbortSignal | undefined): AsyncGenerator<MessageView[]> {
  const pageSize = filters.pageSize ?? OPEN311_CAP;
  const base: Query = {
    jurisdiction_id: filters.system,
    service_code: Array.isArray(filters.serviceCode) ? filters.serviceCode.join(',') : filters.serviceCode,
    service_request_id: filters.ids?.map((id) => checkId(id, 'ids')).join(','),
    status: filters.status,
    start_date: instant(filters.from),
    extensions: true,
  };
  let endDate = instant(filters.to);
  // Requests at the window's edge that an earlier page already gave.
  let seenAtEdge = new Set<string>();
  for (;;) {
    const raws = await transport.json(
      { path: `${OPEN311}requests.json`, query: { ...base, end_date: endDate, page_size: filters.pageSize }, signal, retry: true },
      z.array(open311RequestSchema),
    );
    const fresh = raws.filter((raw) => !seenAtEdge.has(raw.service_request_id));
    if (fresh.length > 0) yield fresh.map(toMessageView);
    if (raws.length < pageSize || fresh.length === 0) return;
    const oldest = raws[raws.length - 1]!.requested_datetime;
    seenAtEdge = new Set(raws.filter((raw) => raw.requested_datetime === oldest).map((raw) => raw.service_request_id));
    endDate = oldest;
  }
}
