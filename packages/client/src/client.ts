/**
 * The public API client: services, messages (register, read, list, follow up, give feedback),
 * frequency statistics and the suggestions feed.
 */
import {
  frequencyStatsSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
  suggestionFeedSchema,
  type FrequencyStats,
  type Open311Service,
  type Open311ServiceDefinition,
  type SuggestionFeed,
} from '@payam/core/schemas/api';
import type { FeedbackInput, MessageInputInput } from '@payam/core/schemas/message';
import * as z from '@payam/core/zod';
import { checkInput, connectionOptionsSchema, filterCodeSchema, idSegment, timeSchema } from './input.js';
import { listRequests, type ListFilters } from './request-pages.js';
import type { MessageView } from './request-view.js';
import { messageRequests } from './message-calls.js';
import { registerMessage } from './register.js';
import { uploadPhotos, type UploadedPhoto, type UploadOptions } from './photos.js';
import { similarMessages, type SimilarMessage, type SimilarQuery } from './similar.js';
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

/**
 * The part of the client a page that registers messages calls: the services and their forms,
 * `requests.create`, the similar open messages it may follow instead (`requests.similar`) and its
 * photos (`photos.upload`). See {@link createRegistrationClient}.
 */
export interface RegistrationClient {
  services: PayamClient['services'];
  requests: Pick<PayamClient['requests'], 'create' | 'similar'>;
  photos: PayamClient['photos'];
}

/**
 * The part of the client a page that follows one message calls: reading it, adding a follow-up,
 * giving feedback. See {@link createMessageClient}.
 */
export interface MessageClient {
  requests: Pick<PayamClient['requests'], 'get' | 'followUp' | 'feedback'>;
}

const clientOptionsSchema = z.extend(connectionOptionsSchema, { apiKey: z.string().check(z.trim(), z.minLength(1)) });

const OPEN311 = 'open311/v2/';

/** In the order of the query's parameters, which a page's answer written into it matches. */
const frequencyQuerySchema = z.object({
  system: z.optional(filterCodeSchema),
  serviceCode: z.optional(filterCodeSchema),
  region: z.optional(filterCodeSchema),
  serviceGroup: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(filterCodeSchema),
  from: z.optional(timeSchema),
  to: z.optional(timeSchema),
  bucket: z.optional(z.enum(['day', 'week', 'month', 'year'])),
});

const servicesQuerySchema = z.object({ system: z.optional(filterCodeSchema) });

/** The checked options' API key and the transport every part of a client calls through. */
function connect(options: ClientOptions): { apiKey: string; transport: Transport } {
  const { apiKey } = checkInput(clientOptionsSchema, options);
  return { apiKey, transport: createTransport(options, {}) };
}

/** The services and their forms. */
function servicesOf(transport: Transport): PayamClient['services'] {
  return {
    list: async (input = {}, { signal } = {}) =>
      transport.json(
        { path: `${OPEN311}services.json`, query: { ...checkInput(servicesQuerySchema, input), extensions: true }, signal },
        z.array(open311ServiceSchema),
      ),
    get: async (code, { signal } = {}) =>
      transport.json({ path: `${OPEN311}services/${idSegment(code, 'code')}.json`, signal }, open311ServiceDefinitionSchema),
  };
}

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
  const { apiKey, transport } = connect(options);
  return {
    services: servicesOf(transport),
    requests: {
      create: async (input, { idempotencyKey, signal } = {}) => registerMessage(transport, apiKey, input, idempotencyKey, signal),
      ...messageRequests(transport),
      list: (filters = {}, { signal } = {}) => listRequests(transport, filters, signal),
      similar: (query, { signal } = {}) => similarMessages(transport, query, signal),
    },
    photos: {
      upload: (photos, options) => uploadPhotos(transport, apiKey, photos, options),
    },
    stats: {
      frequency: async (input = {}, { signal } = {}) =>
        transport.json(
          { path: `${OPEN311}stats/frequency.json`, query: checkInput(frequencyQuerySchema, input), signal },
          frequencyStatsSchema,
        ),
    },
    suggestions: {
      list: async ({ signal } = {}) => transport.json({ path: `${OPEN311}suggestions.json`, signal }, suggestionFeedSchema),
    },
  };
}

/**
 * Creates the part of the client a registration form calls (the services, `requests.create`),
 * with the options of {@link createClient}. A page's bundle then leaves out the reading of
 * messages, the lists and the statistics, with their schemas.
 *
 * @example
 * ```ts
 * const payam = createRegistrationClient({ baseUrl: 'https://api.example.city', apiKey: 'your-key' });
 * const services = await payam.services.list({ system: '137' });
 * const { id } = await payam.requests.create({ system: '137', serviceCode: services[0]!.service_code, description: 'Broken street light' });
 * ```
 */
export function createRegistrationClient(options: ClientOptions): RegistrationClient {
  const { apiKey, transport } = connect(options);
  return {
    services: servicesOf(transport),
    requests: {
      create: async (input, { idempotencyKey, signal } = {}) => registerMessage(transport, apiKey, input, idempotencyKey, signal),
      similar: (query, { signal } = {}) => similarMessages(transport, query, signal),
    },
    photos: { upload: (photos, options) => uploadPhotos(transport, apiKey, photos, options) },
  };
}

/**
 * Creates the part of the client a page that follows one message calls (`requests.get`,
 * `followUp`, `feedback`), with the options of {@link createClient}. A page's bundle then leaves
 * out registering, the services, the lists and the statistics, with their schemas.
 *
 * @example
 * ```ts
 * const payam = createMessageClient({ baseUrl: 'https://api.example.city', apiKey: 'your-key' });
 * const message = await payam.requests.get('137-1000', { citizenToken: 'the-token-from-the-link' });
 * ```
 */
export function createMessageClient(options: ClientOptions): MessageClient {
  return { requests: messageRequests(connect(options).transport) };
}
