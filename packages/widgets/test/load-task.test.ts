/** The one loading task: only the latest load is shown, and a load cut by leaving the page runs again on return. */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/status-tracker.js';
import type { PayamStatusTracker } from '../src/status-tracker.js';
import { clientOver, sampleRequest } from './fixtures.js';
import { until } from './helpers.js';

/** A fetch that answers each message after the delay given for its id, noting which calls were aborted. */
function delayedFetch(delays: Record<string, number>, aborted: string[]) {
  return (input: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const id = decodeURIComponent(/\/requests\/([^/]+)\.json/.exec(new URL(input).pathname)?.[1] ?? '');
      const timer = setTimeout(
        () => resolve(new Response(JSON.stringify([sampleRequest('in_progress', { service_request_id: id, description: `text of ${id}` })]), { headers: { 'Content-Type': 'application/json' } })),
        delays[id] ?? 0,
      );
      init.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        aborted.push(id);
        reject(init.signal!.reason);
      });
    });
}

describe('the loading task', () => {
  it('shows the message asked for last, never an earlier answer that comes later', async () => {
    const aborted: string[] = [];
    const el = await fixture<PayamStatusTracker>(html`<payam-status-tracker lang="en" .client=${clientOver(delayedFetch({ '137-000001': 400, '137-000002': 0 }, aborted))}></payam-status-tracker>`);
    el.requestId = '137-000001';
    await el.updateComplete;
    el.requestId = '137-000002';
    await until(el, () => el.request?.id === '137-000002');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(el.request?.id).to.equal('137-000002');
    expect(aborted).to.deep.equal(['137-000001']);
  });

  it('loads again when the widget comes back to the page after leaving it mid-load', async () => {
    const aborted: string[] = [];
    const page = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('payam-status-tracker') as PayamStatusTracker;
    el.lang = 'en';
    el.client = clientOver(delayedFetch({ '137-000003': 300 }, aborted));
    el.requestId = '137-000003';
    page.append(el);
    await el.updateComplete;
    el.remove();
    expect(aborted).to.deep.equal(['137-000003']);
    page.append(el);
    await until(el, () => el.request?.id === '137-000003');
    expect(el.shadowRoot!.textContent).to.contain('text of 137-000003');
  });
});
