import { expect, fixture, html } from '@open-wc/testing';
import { parseTrackingLink } from '@payam/core';
import '../src/index.js';
import type { PayamReportForm, PayamStatusTracker, PayamFeedbackForm } from '../src/index.js';
import { cannedClient, requestRoute, sampleRequest, serviceRoutes, type Route } from './fixtures.js';
import { part, type, until } from './helpers.js';

type Call = { method: string; url: URL; body: unknown; headers: Headers };

const created: Route = (method, url) =>
  method === 'POST' && url.pathname.endsWith('/requests.json')
    ? { body: [{ service_request_id: '137-000042', service_notice: null, account_id: null, citizen_token: 'tok-personal_1' }] }
    : undefined;

describe('tracking links in the widgets', () => {
  const start = location.href;
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  afterEach(() => history.replaceState(null, '', start));

  it('open the link in the address: the token is used, kept for the tab and taken out of the address bar', async () => {
    history.replaceState(null, '', `${location.pathname}?message=137-000042#token=tok-from-sms`);
    const calls: Call[] = [];
    const client = cannedClient([requestRoute(sampleRequest('answered'))], calls);
    const page = await fixture(html`<div>
      <payam-status-tracker lang="en" .client=${client}></payam-status-tracker>
      <payam-feedback-form lang="en" .client=${client}></payam-feedback-form>
    </div>`);
    const tracker = page.querySelector<PayamStatusTracker>('payam-status-tracker')!;
    const feedback = page.querySelector<PayamFeedbackForm>('payam-feedback-form')!;
    await until(tracker, () => !!tracker.request);
    expect(tracker.requestId).to.equal('137-000042');
    // Both widgets read the link; the second found the token in the tab after the first took it out.
    expect(feedback.requestId).to.equal('137-000042');
    expect(feedback.citizenToken).to.equal('tok-from-sms');
    expect(calls.find((c) => c.method === 'GET')!.headers.get('X-Citizen-Token')).to.equal('tok-from-sms');
    expect(location.href).not.to.contain('tok-from-sms');
    expect(location.search).to.equal('?message=137-000042');
    expect(sessionStorage.getItem('payam:citizen-tokens')).to.contain('tok-from-sms');

    // A reload: the address names the message only, the token comes from the tab.
    const again = await fixture<PayamStatusTracker>(html`<payam-status-tracker lang="en" .client=${client}></payam-status-tracker>`);
    expect(again.citizenToken).to.equal('tok-from-sms');
  });

  it('show the personal link after registering, copy it, and remember it on this device only when asked', async () => {
    const form = await fixture<PayamReportForm>(html`<payam-report-form lang="fa" track-url="/track" .client=${cannedClient([...serviceRoutes, created])}></payam-report-form>`);
    await until(form, () => !!form.shadowRoot!.querySelector('#description'));
    type(part(form, '#description'), 'چراغ کوچه خاموش است');
    await form.updateComplete;
    part<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(form, () => !!form.shadowRoot!.querySelector('#personal-link'));
    const link = part<HTMLInputElement>(form, '#personal-link').value;
    expect(link).to.equal(`${location.origin}/track?message=137-000042#token=tok-personal_1`);
    expect(parseTrackingLink(link)).to.deep.equal({ messageId: '137-000042', citizenToken: 'tok-personal_1' });
    expect(part(form, '[part="personal-link"] h3').textContent).to.equal('پیوند شخصی شما');
    expect(part(form, '#personal-why').textContent).to.contain('تنها راه بازگشت');
    await expect(form).to.be.accessible();
    // Nothing is kept on the device until the citizen asks.
    expect(localStorage.getItem('payam:my-messages')).to.equal(null);
    part<HTMLInputElement>(form, '#remember').click();
    await form.updateComplete;
    expect(JSON.parse(localStorage.getItem('payam:my-messages')!)[0]).to.include({ id: '137-000042', token: 'tok-personal_1', link });
    part<HTMLInputElement>(form, '#remember').click();
    expect(localStorage.getItem('payam:my-messages')).to.equal('[]');
  });

  it('offer "my messages" on the next visit as their personal links, and forget them', async () => {
    const link = 'https://city.example/track?message=137-000042#token=tok-kept';
    localStorage.setItem('payam:my-messages', JSON.stringify([{ id: '137-000042', token: 'tok-kept', link, at: '2026-11-29T06:00:00Z' }, { bad: true }]));
    const tracker = await fixture<PayamStatusTracker>(html`<payam-status-tracker lang="en" .client=${cannedClient([])}></payam-status-tracker>`);
    await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part="my-messages"]'));
    const mine = part(tracker, '[part="my-messages"]');
    expect(mine.querySelectorAll('li')).to.have.length(1);
    expect(mine.textContent).to.contain('My messages on this device');
    // A link opens the message on the whole page (the feedback form too), with its token.
    expect(mine.querySelector('li a')!.getAttribute('href')).to.equal(link);
    expect(mine.querySelector('li a')!.textContent).to.contain('137-000042');
    await expect(tracker).to.be.accessible();
    [...tracker.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="my-messages"] > button')].at(-1)!.click();
    await until(tracker, () => !tracker.shadowRoot!.querySelector('[part="my-messages"]'));
    expect(localStorage.getItem('payam:my-messages')).to.equal('[]');
    expect(tracker.shadowRoot!.activeElement?.id).to.equal('code');
    // A message opened by its code later finds the token kept on the device no more.
    expect(tracker.citizenToken).to.equal('');
  });
});
