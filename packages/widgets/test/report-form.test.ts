import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { locales, parseTrackingLink } from '@payam/core';
import '../src/report-form.js';
import type { PayamReportForm } from '../src/report-form.js';
import { cannedClient, createdRoute, serviceRoutes, type Route } from './fixtures.js';
import { choose, fillStreetLightInPersian, part, textOf, type, until } from './helpers.js';

type Call = { method: string; url: URL; body: unknown; headers: Headers };

async function reportForm(routes: Route[], options: { lang?: string; service?: string; calls?: Call[] } = {}): Promise<PayamReportForm> {
  const el = await fixture<PayamReportForm>(
    html`<payam-report-form
      lang=${options.lang ?? 'fa'}
      service=${options.service ?? ''}
      track-url="/track?id={id}"
      .client=${cannedClient(routes, options.calls)}
    ></payam-report-form>`,
  );
  await until(el, () => !!el.shadowRoot!.querySelector('#service') || !!el.shadowRoot!.querySelector('[role="alert"]'));
  if (options.service) {
    await until(el, () => !!el.shadowRoot!.querySelector('[data-attribute], #suggestion, [part="guidance"]'));
  }
  return el;
}

const send = (el: PayamReportForm) => part<HTMLButtonElement>(el, 'button[type="submit"]').click();

describe('<payam-report-form>', () => {
  beforeEach(() => sessionStorage.clear());

  it('lists the services of its system and is accessible in Persian', async () => {
    const el = await reportForm(serviceRoutes);
    const options = [...el.shadowRoot!.querySelectorAll('#service option')].map((o) => o.textContent!.trim());
    expect(options).to.deep.equal(['نمی‌دانم؛ کارشناس انتخاب کند', 'چراغ خاموش معابر', 'پیشنهاد شهری']);
    expect(getComputedStyle(el).direction).to.equal('rtl');
    await expect(el).to.be.accessible();
  });

  it('renders every Open311 datatype of the chosen service, with required marks and guidance', async () => {
    const el = await reportForm(serviceRoutes, { service: 'street-light', lang: 'en' });
    expect(part(el, '[part="guidance"]').textContent).to.contain('نشانی دقیق تیر چراغ را بنویسید.');
    expect(part(el, '[data-attribute="note"]').tagName).to.equal('P');
    expect(part<HTMLInputElement>(el, '#attr-pole').type).to.equal('text');
    expect(part<HTMLInputElement>(el, '#attr-pole').required).to.equal(true);
    expect(part(el, 'label[for="attr-pole"] .required-mark').textContent).to.equal('*');
    expect(part<HTMLInputElement>(el, '#attr-count').inputMode).to.equal('decimal');
    expect(part<HTMLInputElement>(el, '#attr-since').type).to.equal('datetime-local');
    expect(part(el, '#attr-details').tagName).to.equal('TEXTAREA');
    expect(part(el, '#attr-kind').tagName).to.equal('SELECT');
    expect(el.shadowRoot!.querySelectorAll('#attr-hazards input[type="checkbox"]').length).to.equal(2);
    // This service needs an address; the region stays optional (seed §8).
    expect(part(el, 'label[for="address"] .required-mark')).to.exist;
    expect(part(el, 'label[for="region"]').textContent).to.contain('optional');
    await expect(el).to.be.accessible();
  });

  it('takes a date-time in the Jalali calendar with Persian digits in Persian, the browser\'s own in English', async () => {
    const calls: Call[] = [];
    const fa = await reportForm([...serviceRoutes, createdRoute], { service: 'street-light', calls });
    await until(fa, () => part<HTMLInputElement>(fa, '#attr-since').type === 'text');
    fillStreetLightInPersian(fa);
    // 10 Esfand 1404 is 1 March 2026.
    type(part(fa, '#attr-since'), '۱۴۰۴/۱۲/۱۰ ۱۰:۳۰');
    const submitted = oneEvent(fa, 'payam-submitted');
    send(fa);
    await submitted;
    const body = calls.find((c) => c.method === 'POST')!.body as { attribute: Record<string, string> };
    expect(body.attribute.since).to.equal(new Date('2026-03-01T10:30').toISOString());
    const en = await reportForm(serviceRoutes, { service: 'street-light', lang: 'en' });
    expect(part<HTMLInputElement>(en, '#attr-since').type).to.equal('datetime-local');
    expect(en.shadowRoot!.querySelector('[part="calendar"]')).to.equal(null);
  });

  it('opens a Jalali month whose weeks start on Saturday, chosen with the keyboard alone', async () => {
    const fa = await reportForm(serviceRoutes, { service: 'street-light' });
    await until(fa, () => !!fa.shadowRoot!.querySelector('#attr-since-calendar-toggle'));
    type(part(fa, '#attr-since'), '1404/12/10 08:15');
    const toggle = part<HTMLButtonElement>(fa, '#attr-since-calendar-toggle');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await until(fa, () => !!fa.shadowRoot!.querySelector('[part="calendar"]'));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const calendar = part(fa, '[part="calendar"]');
    expect(calendar.querySelector('th')!.getAttribute('abbr')).to.equal('شنبه');
    expect(calendar.textContent).to.contain('اسفند ۱۴۰۴');
    expect(calendar.textContent).not.to.match(/[0-9]/);
    // 1 Esfand 1404 (20 February 2026) is a Friday: six empty days before it.
    expect(calendar.querySelectorAll('tbody tr:first-child td:empty').length).to.equal(6);
    await until(fa, () => fa.shadowRoot!.activeElement?.getAttribute('data-day') === '10');
    await expect(fa).to.be.accessible();
    // Right to left, the next day is on the left; a week down; the next month.
    await sendKeys({ press: 'ArrowLeft' });
    await until(fa, () => fa.shadowRoot!.activeElement?.getAttribute('data-day') === '11');
    await sendKeys({ press: 'ArrowDown' });
    await until(fa, () => fa.shadowRoot!.activeElement?.getAttribute('data-day') === '18');
    await sendKeys({ press: 'Enter' });
    await until(fa, () => !fa.shadowRoot!.querySelector('[part="calendar"]'));
    expect(part<HTMLInputElement>(fa, '#attr-since').value).to.equal('۱۴۰۴/۱۲/۱۸ ۰۸:۱۵');
    await until(fa, () => fa.shadowRoot!.activeElement?.id === 'attr-since-calendar-toggle');
    toggle.click();
    await until(fa, () => fa.shadowRoot!.activeElement?.getAttribute('data-day') === '18');
    await sendKeys({ press: 'PageDown' });
    await until(fa, () => part(fa, '[part="calendar"]').textContent!.includes('فروردین ۱۴۰۵'));
    await sendKeys({ press: 'Escape' });
    await until(fa, () => !fa.shadowRoot!.querySelector('[part="calendar"]'));
    expect(fa.shadowRoot!.activeElement?.id).to.equal('attr-since-calendar-toggle');
    await expect(fa).to.be.accessible();
  });

  it('checks the message before sending, in the page language, and sends nothing', async () => {
    const calls: Call[] = [];
    const el = await reportForm([...serviceRoutes, createdRoute], { service: 'street-light', calls, lang: 'en' });
    type(part(el, '#phone'), '12345');
    send(el);
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    const alert = part(el, '[role="alert"]').textContent!;
    expect(alert).to.contain(locales.en.validation.textEmpty);
    expect(alert).to.contain(locales.en.validation.phone);
    // The service's own rules are checked at the same time.
    expect(part(el, '#attr-pole-error').textContent).to.equal(locales.en.validation.attributeRequired);
    expect(part(el, '#address-error').textContent).to.equal(locales.en.validation.addressRequired);
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
    expect(part(el, '#description').getAttribute('aria-invalid')).to.equal('true');
    expect(part(el, '#description').getAttribute('aria-describedby')).to.contain('description-error');
    expect(el.shadowRoot!.activeElement?.id).to.equal('description');
  });

  it("checks the service's own rules (required attributes, required address) in Persian", async () => {
    const el = await reportForm([...serviceRoutes, createdRoute], { service: 'street-light' });
    type(part(el, '#description'), 'چراغ کوچه خاموش است');
    send(el);
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    expect(part(el, '#attr-pole-error').textContent).to.equal(locales.fa.validation.attributeRequired);
    expect(part(el, '#attr-kind-error').textContent).to.equal(locales.fa.validation.attributeRequired);
    expect(part(el, '#address-error').textContent).to.equal(locales.fa.validation.addressRequired);
    await expect(el).to.be.accessible();
  });

  it('sends a valid message with an idempotency key and shows the tracking code', async () => {
    const calls: Call[] = [];
    const el = await reportForm([...serviceRoutes, createdRoute], { service: 'street-light', calls, lang: 'en' });
    type(part(el, '#description'), 'The light in our alley is out');
    type(part(el, '#attr-pole'), 'T-12');
    type(part(el, '#attr-count'), '۳');
    choose(part(el, '#attr-kind'), 'street');
    part<HTMLInputElement>(el, '#attr-hazards input[value="dark"]').click();
    type(part(el, '#address'), 'Azadi St, 3rd alley');
    type(part(el, '#phone'), '۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await el.updateComplete;
    const submitted = oneEvent(el, 'payam-submitted');
    send(el);
    const event = await submitted;
    expect(event.detail).to.deep.equal({ id: '137-000101', citizenToken: 'secret-token-1' });
    expect(event.bubbles && event.composed).to.equal(true);
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.headers.get('Idempotency-Key')).to.match(/^[A-Za-z0-9_-]{8,128}$/);
    expect(post.body).to.deep.include({
      jurisdiction_id: '137',
      service_code: 'street-light',
      description: 'The light in our alley is out',
      address_string: 'Azadi St, 3rd alley',
      phone: '+989121234567',
      attribute: { pole: 'T-12', count: '3', kind: 'street', hazards: ['dark'] },
      lang: 'en',
    });
    await until(el, () => !!el.shadowRoot!.querySelector('[part="success"]'));
    expect(part(el, '[part="tracking-code"]').textContent).to.equal('137-000101');
    // The link to the tracking page is core's tracking link, the one format the tracker reads.
    const trackLink = part<HTMLAnchorElement>(el, '[part="track-link"]').getAttribute('href')!;
    expect(trackLink).to.equal(`${location.origin}/track?message=137-000101#token=secret-token-1`);
    expect(parseTrackingLink(trackLink)).to.deep.equal({ messageId: '137-000101', citizenToken: 'secret-token-1' });
    expect(el.shadowRoot!.activeElement?.tagName).to.equal('H2');
    expect(textOf(el)).to.contain('We will send you an SMS');
    await expect(el).to.be.accessible();
  });

  it('keeps the text after a network failure and retries with the same idempotency key', async () => {
    const calls: Call[] = [];
    let online = false;
    const flaky: Route = (method, url, body) => (method === 'POST' && !online ? 'network-error' : createdRoute(method, url, body));
    const el = await reportForm([...serviceRoutes, flaky], { calls, lang: 'en' });
    type(part(el, '#description'), 'Pothole in front of number 12');
    await el.updateComplete;
    send(el);
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    expect(part(el, '[role="alert"]').textContent).to.contain('nothing you wrote is lost');
    expect(part<HTMLTextAreaElement>(el, '#description').value).to.equal('Pothole in front of number 12');
    online = true;
    const submitted = oneEvent(el, 'payam-submitted');
    send(el);
    await submitted;
    const keys = calls.filter((c) => c.method === 'POST').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
  });

  it("shows the server's reasons next to the fields they name", async () => {
    const refused: Route = (method, url) =>
      method === 'POST' && url.pathname.endsWith('/requests.json')
        ? { status: 400, body: [{ code: 400, description: 'Choose a region: this service needs one.', field: 'region' }] }
        : undefined;
    const el = await reportForm([...serviceRoutes, refused], { lang: 'en' });
    type(part(el, '#description'), 'A message');
    send(el);
    await until(el, () => !!el.shadowRoot!.querySelector('#region-error'));
    expect(part(el, '#region-error').textContent).to.equal('Choose a region: this service needs one.');
  });

  it('asks explicitly for consent before a suggestion is published, and records its version', async () => {
    const calls: Call[] = [];
    const el = await reportForm([...serviceRoutes, createdRoute], { service: 'city-idea', calls, lang: 'en' });
    await until(el, () => !!el.shadowRoot!.querySelector('#suggestion'));
    expect(el.shadowRoot!.querySelector('#consent')).to.equal(null);
    expect(textOf(el)).to.contain('Nothing is published without your permission');
    part<HTMLInputElement>(el, '#suggestion').click();
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, '#consent').checked).to.equal(false);
    part<HTMLInputElement>(el, '#consent').click();
    type(part(el, '#description'), 'More benches in the park');
    type(part(el, '#region'), '6');
    await el.updateComplete;
    send(el);
    await oneEvent(el, 'payam-submitted');
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.include({ suggestion: true, consent_text_version: 'v1', region: '6' });
  });

  it('adds the location from "use my location"', async () => {
    const calls: Call[] = [];
    const el = await reportForm([...serviceRoutes, createdRoute], { calls, lang: 'en' });
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'geolocation')!;
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { latitude: 35.6997, longitude: 51.3380 } } as GeolocationPosition),
      },
    });
    try {
      part<HTMLButtonElement>(el, '#use-location').click();
      await el.updateComplete;
      expect(textOf(el)).to.contain('Location added: 35.6997, 51.338');
      type(part(el, '#description'), 'Broken bench');
      send(el);
      await oneEvent(el, 'payam-submitted');
      expect(calls.find((c) => c.method === 'POST')!.body).to.deep.include({ lat: 35.6997, long: 51.338 });
    } finally {
      delete (navigator as { geolocation?: unknown }).geolocation;
      Object.defineProperty(Navigator.prototype, 'geolocation', original);
    }
  });

  it('shows citizen-visible text from the server as characters', async () => {
    const hostile = '<img src=x onerror="window.__xssGuidance = 1">';
    const routes: Route[] = [
      (method, url) =>
        url.pathname.endsWith('/services.json')
          ? { body: [{ service_code: 'x', service_name: hostile, description: '', metadata: false, type: 'realtime', keywords: '', group: '', extended_attributes: { jurisdiction_id: '137', guidance: hostile, requires_region: false, requires_address: false, suggestions_allowed: false } }] }
          : undefined,
    ];
    const el = await reportForm(routes, { service: 'x' });
    await until(el, () => !!el.shadowRoot!.querySelector('[part="guidance"]'));
    expect(part(el, '[part="guidance"] p').textContent).to.equal(hostile);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as unknown as { __xssGuidance?: number }).__xssGuidance).to.equal(undefined);
  });

  it('switches language at run time and keeps what was written', async () => {
    const el = await reportForm(serviceRoutes);
    type(part(el, '#description'), 'متن من');
    el.lang = 'en';
    await el.updateComplete;
    expect(part(el, 'h2').textContent).to.equal('Register a message');
    expect(getComputedStyle(el).direction).to.equal('ltr');
    expect(part<HTMLTextAreaElement>(el, '#description').value).to.equal('متن من');
  });

  it('takes part in a host form: required until registered, then submits the tracking id', async () => {
    const host = await fixture<HTMLFormElement>(html`<form>
      <payam-report-form name="message" required lang="en" .client=${cannedClient([...serviceRoutes, createdRoute])}></payam-report-form>
    </form>`);
    const el = host.querySelector('payam-report-form')!;
    await until(el, () => !!el.shadowRoot!.querySelector('#service'));
    expect(el.form).to.equal(host);
    expect(host.checkValidity()).to.equal(false);
    type(part(el, '#description'), 'Graffiti on the wall');
    send(el);
    await oneEvent(el, 'payam-submitted');
    expect(host.checkValidity()).to.equal(true);
    expect(new FormData(host).get('message')).to.equal('137-000101');
    expect(el.matches(':state(submitted)')).to.equal(true);
    host.reset();
    await el.updateComplete;
    expect(el.value).to.equal('');
    expect(el.shadowRoot!.querySelector('#description')).to.exist;
  });

  it('keeps the draft across a reload, without the phone number, and forgets it once sent', async () => {
    const first = await reportForm(serviceRoutes, { lang: 'en' });
    type(part(first, '#description'), 'Water leaking from a pipe');
    type(part(first, '#region'), '12');
    type(part(first, '#phone'), '09121234567');
    await first.updateComplete;
    // Besides the draft, the tab keeps the tokens of messages registered earlier (for their tracking links).
    const drafts = () => Object.keys(sessionStorage).filter((key) => key !== 'payam:citizen-tokens');
    const stored = drafts().map((key) => sessionStorage.getItem(key)!);
    expect(stored).to.have.length(1);
    expect(stored[0]).to.contain('Water leaking from a pipe');
    expect(stored[0]).not.to.contain('0912');
    first.remove();

    const calls: Call[] = [];
    const second = await reportForm([...serviceRoutes, createdRoute], { lang: 'en', calls });
    expect(part<HTMLTextAreaElement>(second, '#description').value).to.equal('Water leaking from a pipe');
    expect(part<HTMLInputElement>(second, '#region').value).to.equal('12');
    expect(part<HTMLInputElement>(second, '#phone').value).to.equal('');
    send(second);
    const { detail } = (await oneEvent(second, 'payam-submitted')) as CustomEvent<{ id: string; citizenToken: string }>;
    expect(drafts()).to.have.length(0);
    expect(JSON.parse(sessionStorage.getItem('payam:citizen-tokens')!)).to.include({ [detail.id]: detail.citizenToken });
  });

  it('sends again after a reload with the key of the send that failed, so the message is registered once', async () => {
    const calls: Call[] = [];
    const offline = await reportForm([...serviceRoutes, (method) => (method === 'POST' ? 'network-error' : undefined)], { lang: 'en', calls });
    type(part(offline, '#description'), 'Fallen tree blocks the street');
    await offline.updateComplete;
    send(offline);
    await until(offline, () => !!offline.shadowRoot!.querySelector('[role="alert"]'));
    offline.remove();

    const online = await reportForm([...serviceRoutes, createdRoute], { lang: 'en', calls });
    send(online);
    await oneEvent(online, 'payam-submitted');
    const keys = calls.filter((c) => c.method === 'POST').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('keeps nothing with keep-draft="none"', async () => {
    const el = await fixture<PayamReportForm>(
      html`<payam-report-form keep-draft="none" lang="en" .client=${cannedClient(serviceRoutes)}></payam-report-form>`,
    );
    await until(el, () => !!el.shadowRoot!.querySelector('#description'));
    type(part(el, '#description'), 'Nothing to keep');
    await el.updateComplete;
    expect(sessionStorage.length).to.equal(0);
  });

  it('can be used with the keyboard alone', async () => {
    const el = await reportForm([...serviceRoutes, createdRoute], { lang: 'en' });
    part<HTMLSelectElement>(el, '#service').focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('description');
    await sendKeys({ type: 'Broken swing' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('region');
    await sendKeys({ type: '6' });
    const submitted = oneEvent(el, 'payam-submitted');
    // Enter in a single-line field sends the form, as in any native form.
    await sendKeys({ press: 'Enter' });
    await submitted;
    await until(el, () => !!el.shadowRoot!.querySelector('[part="success"]'));
    expect(el.shadowRoot!.activeElement?.tagName).to.equal('H2');
    // Then the personal link, its buttons and "remember"; past the tracking link, "register another" starts again.
    const visited: string[] = [];
    while (visited.length < 6 && el.shadowRoot!.activeElement?.getAttribute('part') !== 'track-link') {
      await sendKeys({ press: 'Tab' });
      visited.push(el.shadowRoot!.activeElement?.id || el.shadowRoot!.activeElement?.getAttribute('part') || '');
    }
    expect(visited.slice(0, 2)).to.deep.equal(['personal-link', 'copy-link']);
    expect(visited).to.include('remember');
    expect(visited.at(-1)).to.equal('track-link');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(el, () => el.shadowRoot!.activeElement?.id === 'description');
    expect(part<HTMLTextAreaElement>(el, '#description').value).to.equal('');
  });
});
