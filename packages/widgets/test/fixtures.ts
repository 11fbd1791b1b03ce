/**
 * Canned Open311 answers for rendering every state without a server (tests of states the
 * reference server cannot reach quickly, such as a closed feedback window, and the stories).
 * They go through the real `@payam/client`, which checks them with core's schemas.
 */
import { createClient, type FetchFunction, type PayamClient } from '@payam/client';
import type { Open311Request, Open311Service, Open311ServiceDefinition, PublicStatus } from '@payam/core';

/** A public message as the API returns it with `extensions=true`. */
export function sampleRequest(
  status: PublicStatus = 'in_progress',
  overrides: Partial<Open311Request> & { ext?: Partial<NonNullable<Open311Request['extended_attributes']>> } = {},
): Open311Request {
  const { ext, ...rest } = overrides;
  const answered = status === 'answered' || status === 'not_actionable' || status === 'closed';
  return {
    service_request_id: '137-000042',
    status: answered ? 'closed' : 'open',
    status_notes: null,
    service_name: 'چراغ خاموش معابر',
    service_code: 'street-light',
    description: 'چراغ کوچه خاموش است',
    agency_responsible: null,
    service_notice: null,
    requested_datetime: '2026-03-25T06:30:00Z',
    updated_datetime: '2026-03-26T08:00:00Z',
    expected_datetime: null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    notes: [
      { type: 'registered', datetime: '2026-03-25T06:30:00Z', summary: 'پیام ثبت شد', description: null, data: {} },
      { type: 'referred', datetime: '2026-03-25T09:00:00Z', summary: 'ارجاع به منطقه ۶', description: null, data: {} },
      ...(answered
        ? [{ type: 'answered' as const, datetime: '2026-03-26T08:00:00Z', summary: 'پاسخ داده شد', description: 'چراغ تعمیر شد.', data: {} }]
        : []),
    ],
    extended_attributes: {
      jurisdiction_id: '137',
      detailed_status: status,
      detailed_status_label: status,
      detailed_status_explanation: status,
      duplicate: status === 'duplicate',
      parent_service_request_id: status === 'duplicate' ? '137-000007' : null,
      linked_count: 0,
      feedback_window: answered
        ? { opens_at: '2026-03-26T08:00:00Z', closes_at: '2026-04-26T08:00:00Z', open: status !== 'closed' }
        : null,
      accepts: answered ? (status === 'closed' ? 'nothing' : 'feedback') : status === 'duplicate' ? 'nothing' : 'follow_up',
      escalation_level: status === 'escalated' || status === 'overdue' ? 1 : 0,
      stage: answered ? null : 'response',
      stage_due_datetime: answered ? null : '2026-03-30T09:00:00Z',
      region: '6',
      private: false,
      suggestion: null,
      ...ext,
    },
    ...rest,
  };
}

/** Services of system 137 as the API lists them. */
export const sampleServices: Open311Service[] = [
  {
    service_code: 'street-light',
    service_name: 'چراغ خاموش معابر',
    description: 'Street light out',
    metadata: true,
    type: 'realtime',
    keywords: 'light',
    group: 'lighting',
    extended_attributes: {
      jurisdiction_id: '137',
      guidance: 'نشانی دقیق تیر چراغ را بنویسید.',
      requires_region: false,
      requires_address: true,
      suggestions_allowed: false,
    },
  },
  {
    service_code: 'city-idea',
    service_name: 'پیشنهاد شهری',
    description: 'A suggestion for the city',
    metadata: true,
    type: 'realtime',
    keywords: 'idea',
    group: 'participation',
    extended_attributes: {
      jurisdiction_id: '137',
      guidance: null,
      requires_region: true,
      requires_address: false,
      suggestions_allowed: true,
    },
  },
];

/** The form of each sample service: one attribute of every Open311 datatype on the first. */
export const sampleDefinitions: Record<string, Open311ServiceDefinition> = {
  'street-light': {
    service_code: 'street-light',
    attributes: [
      { variable: false, code: 'note', datatype: 'string', required: false, datatype_description: '', order: 0, description: 'برای خطر برق‌گرفتگی با ۱۲۱ تماس بگیرید.' },
      { variable: true, code: 'pole', datatype: 'string', required: true, datatype_description: 'شماره روی تیر', order: 1, description: 'شماره تیر' },
      { variable: true, code: 'count', datatype: 'number', required: false, datatype_description: '', order: 2, description: 'تعداد چراغ‌های خاموش' },
      { variable: true, code: 'since', datatype: 'datetime', required: false, datatype_description: '', order: 3, description: 'از چه زمانی' },
      { variable: true, code: 'details', datatype: 'text', required: false, datatype_description: '', order: 4, description: 'توضیح بیشتر' },
      {
        variable: true, code: 'kind', datatype: 'singlevaluelist', required: true, datatype_description: '', order: 5, description: 'نوع چراغ',
        values: [{ key: 'street', name: 'خیابان' }, { key: 'park', name: 'پارک' }],
      },
      {
        variable: true, code: 'hazards', datatype: 'multivaluelist', required: false, datatype_description: '', order: 6, description: 'خطرها',
        values: [{ key: 'wire', name: 'سیم بیرون زده' }, { key: 'dark', name: 'تاریکی کامل' }],
      },
    ],
  },
  'city-idea': { service_code: 'city-idea', attributes: [] },
};

/** One canned answer. */
export interface CannedAnswer {
  status?: number;
  body: unknown;
}

/** A route: decides the answer for a method and a path, or `undefined` to fall through. */
export type Route = (method: string, url: URL, body: unknown) => CannedAnswer | 'network-error' | undefined;

/** A `fetch` that answers from `routes` (first match wins; 404 otherwise), recording each call. */
export function cannedFetch(routes: Route[], calls: { method: string; url: URL; body: unknown; headers: Headers }[] = []): FetchFunction {
  return async (input, init) => {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, url, body, headers: new Headers(init.headers) });
    for (const route of routes) {
      const answer = route(method, url, body);
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      if (answer) {
        return new Response(JSON.stringify(answer.body), {
          status: answer.status ?? 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }
    }
    return new Response(JSON.stringify([{ code: 404, description: 'Not found' }]), { status: 404 });
  };
}

/** Routes for the sample services and their forms. */
export const serviceRoutes: Route[] = [
  (method, url) => (method === 'GET' && url.pathname.endsWith('/services.json') ? { body: sampleServices } : undefined),
  (method, url) => {
    const match = /\/services\/([^/]+)\.json$/.exec(url.pathname);
    const definition = match ? sampleDefinitions[decodeURIComponent(match[1]!)] : undefined;
    return method === 'GET' && definition ? { body: definition } : undefined;
  },
];

/** A route that registers every message as `137-000101` with the citizen token `secret-token-1`. */
export const createdRoute: Route = (method, url) =>
  method === 'POST' && url.pathname.endsWith('/requests.json')
    ? { body: [{ service_request_id: '137-000101', service_notice: null, account_id: null, citizen_token: 'secret-token-1' }] }
    : undefined;

/** A route that answers GET /requests/{id}.json with `request`. */
export function requestRoute(request: Open311Request): Route {
  return (method, url) =>
    method === 'GET' && url.pathname.endsWith(`/requests/${request.service_request_id}.json`) ? { body: [request] } : undefined;
}

/** A real client whose `fetch` answers from `routes`. */
export function cannedClient(routes: Route[], calls?: Parameters<typeof cannedFetch>[1]): PayamClient {
  return createClient({ baseUrl: 'https://payam.example', apiKey: 'demo', fetch: cannedFetch(routes, calls), retries: 0 });
}

/** A real client over any `fetch` (stories use one that never answers, for the loading state). */
export function clientOver(fetch: FetchFunction, timeoutMs = 10_000): PayamClient {
  return createClient({ baseUrl: 'https://payam.example', apiKey: 'demo', fetch, retries: 0, timeoutMs });
}

export type { PayamClient };
