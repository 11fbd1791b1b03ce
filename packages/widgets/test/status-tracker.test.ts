import { expect, fixture, html } from '@open-wc/testing';
import { PUBLIC_STATUSES, locales } from '@payam/core';
import '../src/status-tracker.js';
import type { PayamStatusTracker } from '../src/status-tracker.js';
import { until } from './helpers.js';
import { cannedClient, requestRoute, sampleRequest, type Route } from './fixtures.js';

async function tracker(routes: Route[], attrs: { lang?: string; requestId?: string } = {}): Promise<PayamStatusTracker> {
  const el = await fixture<PayamStatusTracker>(
    html`<payam-status-tracker lang=${attrs.lang ?? 'fa'} .client=${cannedClient(routes)} request-id=${attrs.requestId ?? ''}></payam-status-tracker>`,
  );
  await until(el, () => !el.shadowRoot!.querySelector('[aria-busy="true"]') && !!el.shadowRoot!.querySelector('h2'));
  return el;
}

const text = (el: Element) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('<payam-status-tracker>', () => {
  it('asks for a tracking code when it has none, in Persian and right to left by default', async () => {
    const el = await tracker([]);
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    expect(el.shadowRoot!.querySelector('label[for="code"]')!.textContent).to.equal('کد رهگیری');
    await expect(el).to.be.accessible();
  });

  it('says the code is needed when the citizen sends an empty code', async () => {
    const el = await tracker([]);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('کد رهگیری را وارد کنید');
    expect(el.shadowRoot!.activeElement?.id).to.equal('code');
  });

  it('loads the message whose code the citizen types, with Persian digits, using only the keyboard', async () => {
    const request = sampleRequest('in_progress');
    const el = await tracker([requestRoute(request)]);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#code')!;
    input.focus();
    input.value = '137-۰۰۰۰۴۲';
    input.form!.requestSubmit();
    await until(el, () => !!el.request && el.shadowRoot!.activeElement?.tagName === 'H2');
    expect(el.request!.id).to.equal('137-000042');
    expect(text(el)).to.contain(locales.fa.status.in_progress.label);
  });

  for (const status of PUBLIC_STATUSES) {
    it(`shows the ${status} status with its label and explanation in both languages`, async () => {
      const el = await tracker([requestRoute(sampleRequest(status))], { requestId: '137-000042' });
      const box = el.shadowRoot!.querySelector('[part="status"]')!;
      expect(box.getAttribute('data-status')).to.equal(status);
      expect(box.textContent).to.contain(locales.fa.status[status].label);
      expect(box.textContent).to.contain(locales.fa.status[status].explanation);
      el.lang = 'en';
      await el.updateComplete;
      expect(box.textContent).to.contain(locales.en.status[status].label);
      expect(box.textContent).to.contain(locales.en.status[status].explanation);
    });
  }

  it('shows the history newest first with Jalali dates and Persian digits', async () => {
    const el = await tracker([requestRoute(sampleRequest('answered'))], { requestId: '137-000042' });
    const items = [...el.shadowRoot!.querySelectorAll('[part="entry"]')];
    expect(items.map((item) => item.getAttribute('data-type'))).to.deep.equal(['answered', 'referred', 'registered']);
    const registered = items[2]!.querySelector('time')!;
    expect(registered.getAttribute('datetime')).to.equal('2026-03-25T06:30:00.000Z');
    // 2026-03-25 10:00 in Tehran is 5 Farvardin 1405.
    expect(registered.textContent).to.contain('۱۴۰۵');
    expect(registered.textContent).to.contain('فروردین');
    expect(registered.textContent).not.to.match(/[0-9]/);
  });

  it('shows Gregorian dates in English, left to right, and is accessible', async () => {
    const el = await tracker([requestRoute(sampleRequest('answered'))], { requestId: '137-000042', lang: 'en' });
    expect(el.getAttribute('dir')).to.equal('ltr');
    expect(getComputedStyle(el).direction).to.equal('ltr');
    expect(el.shadowRoot!.querySelector('[part="entry"] time')!.textContent).to.contain('2026');
    await expect(el).to.be.accessible();
  });

  it('is accessible in Persian with a loaded message', async () => {
    const el = await tracker([requestRoute(sampleRequest('escalated'))], { requestId: '137-000042' });
    await expect(el).to.be.accessible();
  });

  it('tells the feedback window is open with its closing date', async () => {
    const el = await tracker([requestRoute(sampleRequest('answered'))], { requestId: '137-000042', lang: 'en' });
    const window = el.shadowRoot!.querySelector('[part="window"]')!;
    expect(window.getAttribute('data-window')).to.equal('open');
    expect(window.textContent).to.contain('You can give feedback until 26 April 2026');
  });

  it('tells when the feedback window closed', async () => {
    const request = sampleRequest('closed');
    const el = await tracker([requestRoute(request)], { requestId: '137-000042', lang: 'en' });
    const window = el.shadowRoot!.querySelector('[part="window"]')!;
    expect(window.getAttribute('data-window')).to.equal('closed');
    expect(window.textContent).to.contain('The feedback window closed on 26 April 2026');
  });

  it('explains an escalation with the reason from the history', async () => {
    const request = sampleRequest('escalated', {
      notes: [
        {
          type: 'escalated',
          datetime: '2026-03-28T09:00:00Z',
          summary: 'Referred to District 6, a higher authority, because Lighting did not act before 27 March',
          description: null,
          data: {},
        },
      ],
    });
    const el = await tracker([requestRoute(request)], { requestId: '137-000042', lang: 'en' });
    expect(text(el)).to.contain('Referred to a higher authority once.');
    expect(text(el)).to.contain('because Lighting did not act');
  });

  it('links a duplicate to its first message and opens it', async () => {
    const first = sampleRequest('in_progress', { service_request_id: '137-000007', ext: { linked_count: 3 } });
    const el = await tracker([requestRoute(sampleRequest('duplicate')), requestRoute(first)], {
      requestId: '137-000042',
      lang: 'en',
    });
    expect(text(el)).to.contain('joined to message 137-000007');
    const open = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Show message'))!;
    open.click();
    await until(el, () => el.request?.id === '137-000007');
    expect(text(el)).to.contain('3 similar messages are joined to this one');
  });

  it('shows the linked count with Persian digits', async () => {
    const el = await tracker([requestRoute(sampleRequest('in_progress', { ext: { linked_count: 2 } }))], {
      requestId: '137-000042',
    });
    expect(text(el)).to.contain('۲');
  });

  it('shows citizen text as characters and runs none of it', async () => {
    const hostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
    const request = sampleRequest('in_progress', {
      notes: [{ type: 'follow_up', datetime: '2026-03-27T09:00:00Z', summary: 'Follow-up', description: hostile, data: {} }],
    });
    const el = await tracker([requestRoute(request)], { requestId: '137-000042' });
    const entry = el.shadowRoot!.querySelector('[part="entry"] .citizen-text')!;
    expect(entry.textContent).to.equal(hostile);
    expect(entry.querySelector('script, img')).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('says when no message has the code', async () => {
    const el = await tracker([], { requestId: '137-999999', lang: 'en' });
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('There is no message with this tracking code.');
  });

  it('says when the server cannot be reached', async () => {
    const el = await tracker([() => 'network-error'], { requestId: '137-000042', lang: 'en' });
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('could not reach the server');
  });
});
