/**
 * Story fixtures: a real `@payam/client` whose `fetch` answers from canned Open311 data, so every
 * state shows without a server. The sample data is the widgets' test data.
 */
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import {
  cannedClient,
  clientOver,
  type PayamClient,
  requestRoute,
  sampleRequest,
  serviceRoutes,
  type Route,
} from '../../packages/widgets/test/fixtures.js';

export { requestRoute, sampleRequest, serviceRoutes, type PayamClient, type Route };

/** The arguments every story has: language, system and the theme tokens. */
export interface CommonArgs {
  lang: 'fa' | 'en';
  system: '137' | '1888';
  '--payam-color-primary': string;
  '--payam-color-surface': string;
  '--payam-color-text': string;
  '--payam-font-family': string;
  '--payam-radius': string;
  '--payam-space': string;
}

/** Defaults of {@link CommonArgs}. */
export const commonArgs: CommonArgs = {
  lang: 'fa',
  system: '137',
  '--payam-color-primary': '#0b6e4f',
  '--payam-color-surface': '#ffffff',
  '--payam-color-text': '#1d2327',
  '--payam-font-family': 'system-ui, Tahoma, sans-serif',
  '--payam-radius': '0.5rem',
  '--payam-space': '1rem',
};

/** Controls of {@link CommonArgs}. */
export const commonArgTypes = {
  lang: { control: 'inline-radio', options: ['fa', 'en'], description: 'Language: Persian (RTL, Jalali) or English' },
  system: { control: 'inline-radio', options: ['137', '1888'], description: 'The system (request line or complaint line)' },
  '--payam-color-primary': { control: 'color', table: { category: 'theme' } },
  '--payam-color-surface': { control: 'color', table: { category: 'theme' } },
  '--payam-color-text': { control: 'color', table: { category: 'theme' } },
  '--payam-font-family': { control: 'text', table: { category: 'theme' } },
  '--payam-radius': { control: 'text', table: { category: 'theme' } },
  '--payam-space': { control: 'text', table: { category: 'theme' } },
} as const;

/** The theme tokens of the arguments as an inline style. */
export function themeOf(args: CommonArgs): ReturnType<typeof styleMap> {
  const tokens: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) if (name.startsWith('--payam-')) tokens[name] = String(value);
  return styleMap(tokens);
}

/** A client answering from `routes` (404 for the rest). */
export function fakeClient(routes: Route[]): PayamClient {
  return cannedClient(routes);
}

/** A client whose calls never answer: the loading state. */
export function pendingClient(): PayamClient {
  return clientOver(() => new Promise<Response>(() => {}), 600_000);
}

/** A client that cannot reach the server: the network-error state. */
export function offlineClient(): PayamClient {
  return fakeClient([() => 'network-error']);
}

/** Registering any message succeeds with tracking code 137-000101. */
export const createdRoute: Route = (method, url) =>
  method === 'POST' && url.pathname.endsWith('/requests.json')
    ? { body: [{ service_request_id: '137-000101', service_notice: null, account_id: null, citizen_token: 'story-token' }] }
    : undefined;

/** Follow-ups and feedback succeed with `request`. */
export function citizenPostRoute(request: ReturnType<typeof sampleRequest>): Route {
  return (method, url) =>
    method === 'POST' && /\/(follow_ups|feedback)\.json$/.test(url.pathname) ? { body: [request] } : undefined;
}

/** Waits until `selector` exists in the widget's shadow tree. */
export async function shadowReady(root: HTMLElement, tag: string, selector: string): Promise<HTMLElement & { shadowRoot: ShadowRoot }> {
  const el = root.querySelector(tag) as HTMLElement & { shadowRoot: ShadowRoot; updateComplete: Promise<unknown> };
  for (let i = 0; i < 200; i++) {
    await el.updateComplete;
    if (el.shadowRoot.querySelector(selector)) return el;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return el;
}

/** Wraps a widget with a note, in the story's language. */
export function frame(content: TemplateResult): TemplateResult {
  return html`<div style="max-width: 44rem">${content}</div>`;
}
