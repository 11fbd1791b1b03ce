/**
 * "Similar open messages nearby" in the report form against the real reference server on
 * loopback: a similar open public message is offered once the citizen has given a place and a few
 * words (one request per change, none while typing each letter); following it registers a message
 * joined to it; it can be undone; Persian shows Jalali dates in Persian digits; a 1888 form never
 * asks; axe-clean in both languages.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createClient, type PayamClient } from '@payam/client';
import '../src/report-form.js';
import type { PayamReportForm } from '../src/index.js';
import { MIN_WORDS, QUIET_MS } from '../src/components/report-form/similar-messages.js';
import { choose, part, textOf, type, until } from './helpers.js';

const serverUrl = window.PAYAM_SERVER_URL;

/** A client that records the similar-message questions it asks. */
function countingClient(lang: 'fa' | 'en'): { client: PayamClient; asked: URL[] } {
  const asked: URL[] = [];
  const client = createClient({
    baseUrl: serverUrl!,
    apiKey: 'demo',
    lang,
    fetch: (input, init) => {
      const url = new URL(input);
      if (url.pathname.endsWith('/requests/similar.json')) asked.push(url);
      return fetch(input, init);
    },
  });
  return { client, asked };
}

async function reportForm(lang: 'fa' | 'en', client: PayamClient, system = '137'): Promise<PayamReportForm> {
  expect(serverUrl, 'the reference server must be running (pnpm build first)').to.be.a('string');
  const el = await fixture<PayamReportForm>(
    html`<payam-report-form .client=${client} lang=${lang} system=${system} keep-draft="none"></payam-report-form>`,
  );
  await until(el, () => !!el.shadowRoot!.querySelector('#service'));
  return el;
}

/** Types `text` one letter at a time, each letter rendered before the next, as a quick typist does. */
async function typeLetters(el: PayamReportForm, text: string): Promise<void> {
  const input = part<HTMLTextAreaElement>(el, '#description');
  for (let i = 1; i <= text.length; i++) {
    type(input, text.slice(0, i));
    await el.updateComplete;
  }
}

/** Gives the form a location as the browser's geolocation would. */
async function locate(el: PayamReportForm, at: { lat: number; long: number }): Promise<void> {
  const geolocation = navigator.geolocation;
  const original = geolocation.getCurrentPosition;
  geolocation.getCurrentPosition = (success: PositionCallback) =>
    void setTimeout(() => success({ coords: { latitude: at.lat, longitude: at.long } } as GeolocationPosition), 0);
  try {
    part<HTMLButtonElement>(el, '#use-location').click();
    await until(el, () => !!el.shadowRoot!.querySelector('#remove-location'));
  } finally {
    geolocation.getCurrentPosition = original;
  }
}

const live = (el: PayamReportForm) => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent!.trim();
const focusedId = (el: PayamReportForm) => el.shadowRoot!.activeElement?.id;

describe('<payam-report-form> similar open messages nearby', () => {
  it('offers a similar open public message once a place and a few words are given, and following it registers a message joined to it', async () => {
    const at = { lat: 35.7711, long: 51.4622 };
    const words = 'Collapsed manhole cover on Pasdaran avenue beside the pharmacy';
    const seeded = await countingClient('en').client.requests.create({ system: '137', serviceCode: 'pothole', description: words, location: at });
    const { client, asked } = countingClient('en');
    const el = await reportForm('en', client);
    choose(part(el, '#service'), 'pothole');
    await locate(el, { lat: at.lat + 0.0003, long: at.long });
    const typed = `${words}, the cover is broken`;
    await typeLetters(el, typed);
    const follow = `#similar-${seeded.id}-follow`;
    await until(el, () => !!el.shadowRoot!.querySelector(follow));

    // Asked once a few words were written, never for each letter, and never twice for one draft.
    expect(asked.length).to.be.greaterThan(0);
    expect(asked.length).to.be.lessThan(typed.split(' ').length);
    for (const url of asked) {
      expect(url.searchParams.get('description')!.split(' ').length).to.be.at.least(MIN_WORDS);
      expect(url.searchParams.get('jurisdiction_id')).to.equal('137');
    }
    expect(new Set(asked.map((u) => u.search)).size).to.equal(asked.length);

    const item = part(el, `#similar-${seeded.id}`);
    const text = item.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Pothole or broken asphalt');
    expect(text).to.contain('33 metres away');
    expect(text).to.match(/Registered \d{1,2} \w+ \d{4}/);
    expect(part(el, `#similar-${seeded.id}-text`).getAttribute('dir')).to.equal('auto');
    expect(part(el, `#similar-${seeded.id}-text`).textContent).to.equal(words);
    expect(part(el, '#similar-heading').textContent).to.equal('Similar open messages nearby');
    expect(live(el)).to.match(/similar open messages? nearby/);
    await expect(el).to.be.accessible();

    // Following it says what follows, by keyboard focus and a polite announcement; it can be undone.
    part<HTMLButtonElement>(el, follow).click();
    await until(el, () => focusedId(el) === 'follow');
    expect(textOf(el)).to.contain('You are following: Pothole or broken asphalt');
    expect(textOf(el)).to.contain('your message is joined to this one: you get its answer, and you give your own feedback on it');
    expect(live(el)).to.contain('You are following this message');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, '#follow').click();
    await until(el, () => focusedId(el) === follow.slice(1));
    expect(live(el)).to.equal('Your message will be registered on its own.');
    part<HTMLButtonElement>(el, follow).click();
    await until(el, () => focusedId(el) === 'follow');

    const submitted = oneEvent(el, 'payam-submitted');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { id } = (await submitted).detail as { id: string };
    const [message] = (await (await fetch(`${serverUrl}/open311/v2/requests/${id}.json?extensions=true`)).json()) as {
      extended_attributes: { parent_service_request_id: string | null; detailed_status: string };
    }[];
    expect(message!.extended_attributes.parent_service_request_id).to.equal(seeded.id);
    expect(message!.extended_attributes.detailed_status).to.equal('duplicate');
  });

  it('in Persian: by the region alone, with the date in the Jalali calendar and Persian digits, axe-clean and right to left', async () => {
    const words = 'آب‌گرفتگی زیرگذر خیابان ستارخان بعد از هر باران ماشین‌ها را گیر می‌اندازد';
    const seeded = await countingClient('fa').client.requests.create({ system: '137', serviceCode: 'flooding', description: words, region: '21' });
    const { client } = countingClient('fa');
    const el = await reportForm('fa', client);
    type(part(el, '#region'), '۲۱');
    type(part(el, '#description'), words);
    await until(el, () => !!el.shadowRoot!.querySelector(`#similar-${seeded.id}`));
    expect(part(el, '#similar-heading').textContent).to.equal('پیام‌های باز مشابه در این نزدیکی');
    expect(getComputedStyle(part(el, '.similar')).direction).to.equal('rtl');
    const item = part(el, `#similar-${seeded.id}`).textContent!.replace(/\s+/g, ' ');
    // The day it was registered by the server's clock (other tests move that clock on).
    const [registered] = (await (await fetch(`${serverUrl}/open311/v2/requests/${encodeURIComponent(seeded.id)}.json`)).json()) as { requested_datetime: string }[];
    const day = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { dateStyle: 'long', timeZone: 'Asia/Tehran' }).format(new Date(registered!.requested_datetime));
    expect(item).to.contain(`ثبت‌شده در ${day}`);
    expect(item).to.match(/[۰-۹]{4}/);
    expect(item).not.to.contain('متر دورتر');
    expect(part(el, `#similar-${seeded.id}-follow`).textContent!.trim()).to.equal('دنبال کردن همین پیام');
    await expect(el).to.be.accessible();
  });

  it('never asks in a 1888 form, however much is written', async () => {
    const { client, asked } = countingClient('fa');
    const el = await reportForm('fa', client, '1888');
    type(part(el, '#region'), '6');
    type(part(el, '#description'), 'کارمند دفتر منطقه شش برای انجام کار پول خواست و تهدید کرد');
    await el.updateComplete;
    // Longer than the quiet time the form waits before it asks.
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 3));
    await el.updateComplete;
    expect(asked).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part~="similar"]')).to.equal(null);
  });
});
