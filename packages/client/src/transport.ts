/**
 * HTTP for both clients: one place for the time limit, abort, retries with backoff, JSON and
 * the mapping of failures to this package's errors.
 */
import { apiErrorSchema } from '@payam/core/schemas/api';
import type { Language } from '@payam/core/schemas/common';
import * as z from 'zod/mini';
import { PayamApiError, PayamNetworkError, PayamResponseError, PayamTimeoutError } from './errors.js';
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

/** Query parameters; `undefined` and `null` ones are left out. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/** One call. */
export interface Call {
  /** `GET` unless said otherwise. */
  method?: 'GET' | 'POST';
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
  /** Whether the call may be repeated safely (GETs, and POSTs that carry an idempotency key). */
  retry: boolean;
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

/** Creates the transport for `options`, with `headers` sent on every call. */
export function createTransport(options: ConnectionOptions, headers: Record<string, string>): Transport {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const fetchImpl: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = Math.max(0, Math.floor(options.retries ?? 2));
  const common = { 'Accept-Language': options.lang ?? 'fa', ...headers };

  async function send<T>(call: Call, read: (response: Response) => Promise<T>): Promise<T> {
    const url = new URL(call.path, base);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const init: RequestInit = {
      method: call.method ?? 'GET',
      headers: {
        ...common,
        ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...call.headers,
      },
      ...(call.form ? { body: call.form } : call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    };
    if (init.method !== 'GET') answersSpent();
    else {
      const early = firstAnswer(url.href, common['Accept-Language']);
      if (early !== undefined) return read(new Response(early, { headers: { 'Content-Type': 'application/json' } }));
    }
    const attempts = call.retry ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(url.href, init, call.signal, read, call.fieldOf, call.timeoutMs ?? timeoutMs);
      } catch (error) {
        const retryAfter = attempt < attempts ? retryDelay(error, attempt) : undefined;
        if (retryAfter === undefined) throw error;
        await sleep(retryAfter, call.signal);
      }
    }
  }

  async function attemptOnce<T>(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    read: (response: Response) => Promise<T>,
    fieldOf: Call['fieldOf'],
    limitMs: number,
  ): Promise<T> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetchImpl(url, { ...init, signal: controller.signal });
      if (!response.ok) throw await apiError(response, fieldOf);
      return await read(response);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) throw new PayamTimeoutError(limitMs);
      if (error instanceof PayamApiError || error instanceof PayamResponseError) throw error;
      throw new PayamNetworkError(`Could not reach ${new URL(url).origin}`, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
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
  const error = new PayamApiError(response.status, errors);
  // Retry-After in seconds (an HTTP date is not used: the backoff applies then).
  const seconds = parseFloat(response.headers.get('Retry-After') ?? '');
  if (seconds >= 0) retryAfterMs.set(error, seconds * 1000);
  return error;
}

const retryAfterMs = new WeakMap<PayamApiError, number>();

/** How long to wait before the next attempt, or `undefined` when the failure is final. */
function retryDelay(error: unknown, attempt: number): number | undefined {
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  // Half the delay plus a random half, so many clients do not retry in step.
  const jittered = backoff / 2 + (Math.random() * backoff) / 2;
  if (error instanceof PayamNetworkError || error instanceof PayamTimeoutError) return jittered;
  if (error instanceof PayamApiError && RETRYABLE_STATUSES.has(error.status)) {
    return Math.min(retryAfterMs.get(error) ?? jittered, BACKOFF_CAP_MS);
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
