/**
 * HTTP for both clients: one place for the time limit, abort, retries with backoff, JSON and
 * the mapping of failures to this package's errors.
 */
import { apiErrorSchema } from '@payam/core/schemas/api';
import type { Language } from '@payam/core/schemas/common';
import * as z from '@payam/core/zod';
import { PayamApiError, PayamError, PayamNetworkError, PayamResponseError, PayamTimeoutError } from './errors.js';
import { answersSpent, firstAnswer } from './first-answers.js';

/** The `fetch` this client calls: the platform's, or one the host passes (tests, proxies, polyfills). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Connection settings both clients share. */
export interface ConnectionOptions {
  /** Where the API lives, e.g. `https://api.example.city` (paths are added to it). */
  baseUrl: string;
  /** Language of the answers' texts (labels, explanations, error descriptions). Default `fa`. */
  lang?: Language;
  /** A `fetch` to use instead of the platform's. */
  fetch?: FetchFunction;
  /** Time limit of one attempt, from sending to the last byte of the answer, in ms. Default 10 000. */
  timeoutMs?: number;
  /** How many times a safe call is retried after a network failure, a timeout or HTTP 429/502/503/504. Default 2. */
  retries?: number;
}

/**
 * Query parameters by the caller's names, sent by the API's: camelCase as snake_case
 * (`serviceCode` as `service_code`) and `system` as Open311's `jurisdiction_id`. `undefined` and
 * `null` ones are left out, a list is sent comma-separated and a time in ISO 8601.
 */
export type Query = Record<string, string | number | boolean | Date | readonly string[] | undefined | null>;

/** One call: a `POST` when it has a body (JSON or a form), a `GET` otherwise. */
export interface Call {
  /** The path under the base URL, without a leading `/`. */
  path: string;
  /** Query parameters. */
  query?: Query;
  /** A body, sent as JSON. */
  body?: unknown;
  /** A multipart body (files), sent as the browser encodes it; instead of `body`. */
  form?: FormData;
  /** Headers of this call, on top of the client's. */
  headers?: Record<string, string>;
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
  /** Whether the call may be repeated safely: GETs are unless said otherwise, a POST when it carries an idempotency key. */
  retry?: boolean;
  /** Time limit of this call's attempt in ms, instead of the client's (uploads take longer). */
  timeoutMs?: number;
  /** Renames the `field` of the API's errors (wire names) to the names the caller used. */
  fieldOf?: (wireField: string) => string;
}

/** What the clients call. */
export interface Transport {
  /** Sends the call and checks the JSON answer against `schema`. */
  json<S extends z.core.$ZodType>(call: Call, schema: S): Promise<z.output<S>>;
  /** Sends the call and returns the answer's bytes. */
  bytes(call: Call): Promise<ArrayBuffer>;
}

const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 5000;

/** Calls `listener` when `signal` aborts (which it does once); returns what stops listening. */
function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  signal?.addEventListener('abort', listener);
  return () => signal?.removeEventListener('abort', listener);
}

/** Creates the transport for `options`, with `headers` sent on every call. */
export function createTransport(options: ConnectionOptions, headers: Record<string, string>): Transport {
  const base = options.baseUrl.replace(/\/?$/, '/');
  const fetchImpl: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const lang = options.lang ?? 'fa';

  async function send<T>(call: Call, read: (response: Response) => Promise<T>): Promise<T> {
    const { body, signal } = call;
    const payload = call.form ?? (body === undefined ? undefined : JSON.stringify(body));
    const method = payload === undefined ? 'GET' : 'POST';
    const url = new URL(call.path, base);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value != null) {
        url.searchParams.set(
          name === 'system' ? 'jurisdiction_id' : name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
          value instanceof Date ? value.toISOString() : String(value),
        );
      }
    }
    if (method !== 'GET') answersSpent();
    else {
      const early = firstAnswer(url.href, lang);
      if (early !== undefined) return read(new Response(early));
    }
    const init: RequestInit = {
      method,
      headers: { 'Accept-Language': lang, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...call.headers },
      body: payload,
    };
    const limitMs = call.timeoutMs ?? options.timeoutMs ?? 10_000;
    // Connection options are checked before a transport is made: `retries` is a whole number 0–10.
    const retries = (call.retry ?? method === 'GET') ? (options.retries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const controller = new AbortController();
      let timedOut = false;
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      // Half the delay plus a random half, so many clients do not retry in step.
      let delay = backoff / 2 + (Math.random() * backoff) / 2;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, limitMs);
      const stop = onAbort(signal, () => controller.abort(signal?.reason));
      let failure: unknown;
      try {
        const response = await fetchImpl(url.href, { ...init, signal: controller.signal });
        if (response.ok) return await read(response);
        // Retry-After in seconds (an HTTP date is not used: the backoff applies then).
        const seconds = parseFloat(response.headers.get('Retry-After') ?? '');
        if (seconds >= 0) delay = Math.min(seconds * 1000, BACKOFF_CAP_MS);
        failure = await apiError(response, call.fieldOf);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        failure = timedOut
          ? new PayamTimeoutError(limitMs)
          : error instanceof PayamError
            ? error
            : new PayamNetworkError(`Could not reach ${url.origin}`, { cause: error });
      } finally {
        clearTimeout(timer);
        stop();
      }
      // A network failure or a time-out is retried, an API error only for a passing cause.
      const retryable = failure instanceof PayamApiError ? RETRYABLE_STATUSES.has(failure.status) : !(failure instanceof PayamResponseError);
      if (attempt >= retries || !retryable) throw failure;
      // Waits, or stops waiting when the caller aborts (the next attempt then throws the reason).
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(wait);
          stopWaiting();
          resolve();
        };
        const wait = setTimeout(done, delay);
        const stopWaiting = onAbort(signal, done);
      });
    }
  }

  return {
    json: (call, schema) =>
      send(call, async (response) => {
        const parsed = z.safeParse(schema, parseJson(await response.text()));
        if (!parsed.success) throw new PayamResponseError(`Unexpected answer: ${call.path}`, { cause: parsed.error });
        return parsed.data;
      }),
    bytes: (call) => send(call, (response) => response.arrayBuffer()),
  };
}

/** The JSON value of `text`, or `undefined` when it is not JSON (which no schema accepts). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Turns an error answer into a {@link PayamApiError}, keeping the API's error list when there is one. */
async function apiError(response: Response, fieldOf: Call['fieldOf']): Promise<PayamApiError> {
  const parsed = apiErrorSchema.safeParse(parseJson(await response.text()));
  const errors =
    parsed.success && parsed.data.length > 0
      ? parsed.data.map((item) => (fieldOf && item.field !== undefined ? { ...item, field: fieldOf(item.field) } : item))
      : [{ code: response.status, description: response.statusText || `HTTP ${response.status}` }];
  return new PayamApiError(response.status, errors);
}
