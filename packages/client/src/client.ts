/**
 * The public API client: services, messages (register, read, list, follow up, give feedback),
 * frequency statistics and the suggestions feed.
 */
import {
  createRequestResponseSchema,
  frequencyStatsSchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  suggestionFeedSchema,
  type FrequencyStats,
  type Open311Service,
  type Open311ServiceDefinition,
  type SuggestionFeed,
} from '@payam/core/schemas/api';
import { encodeRegistration, registrationInputField } from '@payam/core/schemas/registration-wire';
import {
  feedbackInputSchema,
  followUpInputSchema,
  messageInputSchema,
  type FeedbackInput,
  type MessageInputInput,
} from '@payam/core/schemas/message';
import { idempotencyKeySchema } from '@payam/core/schemas/common';
import * as z from 'zod/mini';
import { newIdempotencyKey } from './idempotency-key.js';
import { uploadPhotos, type UploadedPhoto, type UploadOptions } from './photos.js';
import { checkId, checkInput, connectionOptionsSchema, filterCodeSchema, idSegment, periodFilterSchema } from './input.js';
import { listRequests, type ListFilters } from './request-pages.js';
import { similarMessages, type SimilarMessage, type SimilarQuery } from './similar.js';
import { toMessageView, type MessageView } from './request-view.js';
import { createTransport, type ConnectionOptions, type Transport } from './transport.js';

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

/** Query of `stats.frequency`. */
export interface FrequencyQuery {
  /** Only this system. */
  system?: string;
  /** Only this service. */
  serviceCode?: string;
  /** Only this region. */
  region?: string;
  /** From this time (default: 90 days before `to`). */
  from?: Date | string;
  /** Up to this time (default: now). */
  to?: Date | string;
  /** Only the services of this group (its Persian or English name). */
  serviceGroup?: string;
  /** `open`, `closed` or one public status. */
  status?: string;
  /** Period of each row on the city's calendar (default `day`; weeks start on Saturday, months and years are Jalali). */
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
    /**
     * Registers a message. Retried safely with one idempotency key: never two messages. With
     * `follow` (an id `similar` offered) the message is joined to that open public message: the
     * citizen gets its answer and gives their own feedback.
     */
    create(input: MessageInputInput, options?: CreateOptions): Promise<CreatedMessage>;
    /** Reads a message with its detailed status, timeline, duplicate link and feedback window. */
    get(id: string, options?: GetRequestOptions): Promise<MessageView>;
    /** Lists public messages page by page, newest first: `for await (const page of client.requests.list())`. */
    list(filters?: ListFilters, options?: CallOptions): AsyncIterable<MessageView[]>;
    /**
     * The open public messages like one being written, best first (at most five, nothing
     * personal), to offer before it is registered; a confidential system (1888) is a 400.
     */
    similar(query: SimilarQuery, options?: CallOptions): Promise<SimilarMessage[]>;
    /** Adds a follow-up before the answer; refused (409) once the message is answered. */
    followUp(id: string, citizenToken: string, text: string, options?: CallOptions): Promise<MessageView>;
    /** Gives feedback on the answer inside the feedback window; refused (409) before the answer or after the window. */
    feedback(id: string, citizenToken: string, feedback: FeedbackInput, options?: CallOptions): Promise<MessageView>;
  };
  /** Photos for a message, uploaded before it is registered. */
  photos: {
    /**
     * Uploads one to three photos (JPEG, PNG or WebP); name their ids in `mediaIds` when
     * registering. Each answer says where the photo was taken when its EXIF did.
     */
    upload(photos: readonly Blob[], options?: UploadOptions): Promise<UploadedPhoto[]>;
  };
  /** Public statistics. */
  stats: {
    /** How many messages by region × service × period, for maps and dashboards. */
    frequency(query?: FrequencyQuery, options?: CallOptions): Promise<FrequencyStats>;
  };
  /** The participation feed. */
  suggestions: {
    /** Suggestions published with the citizens' consent, without personal data. */
    list(options?: CallOptions): Promise<SuggestionFeed>;
  };
}

const clientOptionsSchema = z.extend(connectionOptionsSchema, { apiKey: z.string().check(z.trim(), z.minLength(1)) });

const OPEN311 = 'open311/v2/';

const frequencyQuerySchema = z.extend(periodFilterSchema, {
  serviceCode: z.optional(filterCodeSchema),
  region: z.optional(filterCodeSchema),
  serviceGroup: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(filterCodeSchema),
  bucket: z.optional(z.enum(['day', 'week', 'month', 'year'])),
});

const firstRequest = z.array(open311RequestSchema).check(z.minLength(1));

const servicesQuerySchema = z.pick(periodFilterSchema, { system: true });

const OPTIONAL_TEXT = ['serviceCode', 'region', 'address', 'mediaUrl', 'follow'] as const;
const OPTIONAL_CONTACT = ['phone', 'firstName', 'lastName', 'email', 'deviceId'] as const;
const blank = (value: unknown): boolean => typeof value === 'string' && value.trim() === '';

/**
 * Leaves out optional fields that are empty or blank, as Open311 reads an empty field as absent:
 * a form's untouched inputs must not make the message invalid.
 */
function withoutBlankFields(input: MessageInputInput): MessageInputInput {
  const copy: Record<string, unknown> = { ...input };
  for (const name of OPTIONAL_TEXT) if (blank(copy[name])) delete copy[name];
  if (input.contact) {
    const contact: Record<string, unknown> = { ...input.contact };
    for (const name of OPTIONAL_CONTACT) if (blank(contact[name])) delete contact[name];
    copy.contact = contact;
  }
  return copy as MessageInputInput;
}

/** The caller's names for a `POST requests` error's field: the options', then the message input's. */
const inputFieldOf = (wire: string): string =>
  wire === 'api_key' ? 'apiKey' : wire === 'Idempotency-Key' ? 'idempotencyKey' : registrationInputField(wire);

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

  /**
   * One message, read (`what` absent) or posted to (`follow_ups`, `feedback`: never retried),
   * answered as the message's view.
   */
  const messageCall = async (
    id: string,
    citizenToken: string | undefined,
    signal: AbortSignal | undefined,
    what?: 'follow_ups' | 'feedback',
    body?: unknown,
  ): Promise<MessageView> => {
    const [raw] = await transport.json(
      {
        method: what ? 'POST' : 'GET',
        path: `${OPEN311}requests/${idSegment(id)}${what ? `/${what}` : ''}.json`,
        query: what ? {} : { extensions: true },
        headers: citizenToken === undefined ? {} : { 'X-Citizen-Token': checkId(citizenToken, 'citizenToken') },
        body,
        signal,
        retry: !what,
      },
      firstRequest,
    );
    return toMessageView(raw!);
  };

  return {
    services: {
      list: async (input = {}, { signal } = {}) => {
        const query = checkInput(servicesQuerySchema, input);
        return transport.json(
          { path: `${OPEN311}services.json`, query: { jurisdiction_id: query.system, extensions: true }, signal, retry: true },
          z.array(open311ServiceSchema),
        );
      },
      get: async (code, { signal } = {}) =>
        transport.json(
          { path: `${OPEN311}services/${idSegment(code, 'code')}.json`, signal, retry: true },
          open311ServiceDefinitionSchema,
        ),
    },
    requests: {
      async create(input, { idempotencyKey, signal } = {}) {
        const message = checkInput(messageInputSchema, withoutBlankFields(input));
        const key = idempotencyKey === undefined ? newIdempotencyKey() : checkInput(idempotencyKeySchema, idempotencyKey, 'idempotencyKey');
        const [created] = await transport.json(
          {
            method: 'POST',
            path: `${OPEN311}requests.json`,
            headers: { 'Idempotency-Key': key },
            body: { api_key: apiKey, ...encodeRegistration(message) },
            signal,
            retry: true,
            fieldOf: inputFieldOf,
          },
          createRequestResponseSchema.check(z.minLength(1)),
        );
        return { id: created!.service_request_id, citizenToken: created!.citizen_token, notice: created!.service_notice };
      },
      get: async (id, { citizenToken, signal } = {}) => messageCall(id, citizenToken, signal),
      list: (filters = {}, { signal } = {}) => listRequests(transport, filters, signal),
      similar: (query, { signal } = {}) => similarMessages(transport, query, signal),
      followUp: async (id, citizenToken, text, { signal } = {}) =>
        messageCall(id, citizenToken, signal, 'follow_ups', checkInput(followUpInputSchema, { text })),
      feedback: async (id, citizenToken, { comment, ...feedback }, { signal } = {}) =>
        // An empty comment box means no comment.
        messageCall(id, citizenToken, signal, 'feedback', checkInput(feedbackInputSchema, blank(comment) ? feedback : { ...feedback, comment })),
    },
    photos: {
      upload: (photos, options) => uploadPhotos(transport, apiKey, photos, options),
    },
    stats: {
      frequency: async (input = {}, { signal } = {}) => {
        const query = checkInput(frequencyQuerySchema, input);
        return transport.json(
          {
            path: `${OPEN311}stats/frequency.json`,
            query: {
              jurisdiction_id: query.system,
              service_code: query.serviceCode,
              region: query.region,
              service_group: query.serviceGroup,
              status: query.status,
              from: query.from?.toISOString(),
              to: query.to?.toISOString(),
              bucket: query.bucket,
            },
            signal,
            retry: true,
          },
          frequencyStatsSchema,
        );
      },
    },
    suggestions: {
      list: async ({ signal } = {}) =>
        transport.json(
          { path: `${OPEN311}suggestions.json`, signal, retry: true },
          suggestionFeedSchema,
        ),
    },
  };
}
