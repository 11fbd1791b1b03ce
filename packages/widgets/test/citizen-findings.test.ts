/**
 * What citizens ran into with the widgets: digits, direction of mixed text, the feedback stage,
 * focus after every action, the error summary, required groups, the message's own text and the
 * tracking-code keyboard.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { locales, type Open311Request, type Open311ServiceDefinition } from '@payam/core';
import '../src/index.js';
import type { PayamFeedbackForm, PayamReportForm, PayamStatusTracker } from '../src/index.js';
import { cannedClient, createdRoute, requestRoute, sampleDefinitions, sampleRequest, sampleServices, serviceRoutes, type Route } from './fixtures.js';
import { choose, fillStreetLightInPersian, part, textOf, type, until } from './helpers.js';

type Call = { method: string; url: URL; body: unknown; headers: Headers };

/** The element that has focus, looking into the widget's shadow tree; never `<body>`. */
function focused(el: Element): Element | null {
  return el.shadowRoot!.activeElement ?? (document.activeElement === document.body ? null : document.activeElement);
}

/** Feedback recorded on the answer: the window is no longer open though it closes in the future. */
function afterFeedback(): Open311Request {
  const request = sampleRequest('answered', {
    ext: { accepts: 'nothing', feedback_window: { opens_at: '2026-03-26T08:00:00Z', closes_at: '2099-04-26T08:00:00Z', open: false } },
  });
  request.notes!.push({ type: 'feedback', datetime: '2026-03-27T08:00:00Z', summary: 'بازخورد ثبت شد', description: null, data: {} });
  return request;
}

async function reportForm(routes: Route[], lang = 'fa', service = '', calls?: Call[]): Promise<PayamReportForm> {
  const el = await fixture<PayamReportForm>(
    html`<payam-report-form lang=${lang} service=${service} keep-draft="none" .client=${cannedClient(routes, calls)}></payam-report-form>`,
  );
  await until(el, () => !!el.shadowRoot!.querySelector('#service'));
  if (service) await until(el, () => !!el.shadowRoot!.querySelector('[data-attribute], #suggestion'));
  return el;
}

async function tracker(routes: Route[], lang = 'fa', requestId = '137-000042'): Promise<PayamStatusTracker> {
  const el = await fixture<PayamStatusTracker>(
    html`<payam-status-tracker lang=${lang} request-id=${requestId} .client=${cannedClient(routes)}></payam-status-tracker>`,
  );
  await until(el, () => !el.shadowRoot!.querySelector('[aria-busy="true"]') && !!el.shadowRoot!.querySelector('h2'));
  return el;
}

async function feedbackForm(routes: Route[], lang = 'fa'): Promise<PayamFeedbackForm> {
  const el = await fixture<PayamFeedbackForm>(
    html`<payam-feedback-form lang=${lang} request-id="137-000042" citizen-token="secret" .client=${cannedClient(routes)}></payam-feedback-form>`,
  );
  await until(el, () => !!el.shadowRoot!.querySelector('form, [part="notice"], [role="alert"]'));
  return el;
}

describe('what citizens found', () => {
  beforeEach(() => sessionStorage.clear());

  describe('digits', () => {
    it('sends region, phone and number attributes typed with Persian or Arabic-Indic digits in Latin digits', async () => {
      const calls: Call[] = [];
      const el = await reportForm([...serviceRoutes, createdRoute], 'fa', 'street-light', calls);
      fillStreetLightInPersian(el);
      type(part(el, '#attr-count'), '٣');
      type(part(el, '#region'), '۶');
      type(part(el, '#phone'), '۰۹۱۲ ۱۲۳ ۴۵۶۷');
      const submitted = oneEvent(el, 'payam-submitted');
      part<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await submitted;
      const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
      expect(body.region).to.equal('6');
      expect(body.phone).to.equal('+989121234567');
      expect((body.attribute as Record<string, unknown>).count).to.equal('3');
    });
  });

  describe('direction of citizen and staff text', () => {
    it('gives every citizen and staff text dir="auto"', async () => {
      const request = sampleRequest('answered', { description: 'Lamp 12 در کوچه خاموش است' });
      const el = await tracker([requestRoute(request)], 'en');
      const texts = [...el.shadowRoot!.querySelectorAll('.citizen-text, .entry-summary')];
      expect(texts.length).to.be.greaterThan(2);
      for (const node of texts) expect(node.getAttribute('dir'), node.textContent!).to.equal('auto');
      const form = await reportForm(serviceRoutes, 'en', 'street-light');
      for (const id of ['description', 'attr-pole', 'attr-details', 'address']) {
        expect(part(form, `#${id}`).getAttribute('dir'), id).to.equal('auto');
      }
      expect(part(form, '[part="guidance"] p').getAttribute('dir')).to.equal('auto');
      const feedback = await feedbackForm([requestRoute(sampleRequest('in_progress'))], 'en');
      expect(part(feedback, '#text').getAttribute('dir')).to.equal('auto');
    });
  });

  describe('the message itself', () => {
    it("shows the message's own text in the tracker, as text", async () => {
      const request = sampleRequest('in_progress', { description: 'چراغ کوچه <b>خاموش</b> است' });
      const el = await tracker([requestRoute(request)]);
      const own = part(el, '[part="description"]');
      expect(own.textContent).to.equal('چراغ کوچه <b>خاموش</b> است');
      expect(own.querySelector('b')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('after feedback', () => {
    it('the tracker and the feedback form say feedback was received, not that the window closed', async () => {
      const request = afterFeedback();
      for (const lang of ['fa', 'en'] as const) {
        const el = await tracker([requestRoute(request)], lang);
        const window = part(el, '[part="window"]');
        expect(window.getAttribute('data-window')).to.equal('received');
        expect(window.textContent!.trim()).to.equal(locales[lang].feedback_window.received);
        const form = await feedbackForm([requestRoute(request)], lang);
        expect(part(form, '[part="notice"]').textContent!.trim()).to.equal(locales[lang].feedback_window.received);
        await expect(form).to.be.accessible();
      }
    });
  });

  describe('the feedback form follows the answer', () => {
    it('switches to feedback when the tracker on the page sees the answer, without a refused follow-up', async () => {
      let answered = false;
      const calls: Call[] = [];
      const routes: Route[] = [
        (method, url) =>
          method === 'GET' && url.pathname.endsWith('/requests/137-000042.json')
            ? { body: [answered ? sampleRequest('answered') : sampleRequest('in_progress')] }
            : undefined,
      ];
      const client = cannedClient(routes, calls);
      const page = await fixture(html`<div>
        <payam-status-tracker lang="en" request-id="137-000042" citizen-token="secret" .client=${client}></payam-status-tracker>
        <payam-feedback-form lang="en" request-id="137-000042" citizen-token="secret" .client=${client}></payam-feedback-form>
      </div>`);
      const trackerEl = page.querySelector('payam-status-tracker')!;
      const feedback = page.querySelector('payam-feedback-form')!;
      await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="follow-up"]'));
      answered = true;
      await trackerEl.refresh();
      await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="feedback"]'));
      expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
    });

    it('reads the message again when the citizen comes back to the page', async () => {
      let answered = false;
      const routes: Route[] = [
        (method, url) =>
          method === 'GET' && url.pathname.endsWith('/requests/137-000042.json')
            ? { body: [answered ? sampleRequest('answered') : sampleRequest('in_progress')] }
            : undefined,
      ];
      const el = await feedbackForm(routes, 'en');
      expect(part(el, 'form').getAttribute('data-stage')).to.equal('follow-up');
      answered = true;
      document.dispatchEvent(new Event('visibilitychange'));
      await until(el, () => !!el.shadowRoot!.querySelector('form[data-stage="feedback"]'));
    });
  });

  describe('focus', () => {
    it('never falls to the page after locating and removing the location', async () => {
      const geolocation = navigator.geolocation;
      const original = geolocation.getCurrentPosition;
      geolocation.getCurrentPosition = (success: PositionCallback) =>
        void setTimeout(() => success({ coords: { latitude: 35.7, longitude: 51.4 } } as GeolocationPosition), 10);
      try {
        const el = await reportForm(serviceRoutes, 'en');
        part<HTMLButtonElement>(el, '#use-location').focus();
        part<HTMLButtonElement>(el, '#use-location').click();
        await until(el, () => !!el.shadowRoot!.querySelector('#remove-location'));
        expect(focused(el)?.id).to.equal('remove-location');
        part<HTMLButtonElement>(el, '#remove-location').click();
        await until(el, () => !!el.shadowRoot!.querySelector('#use-location'));
        expect(focused(el)?.id).to.equal('use-location');
      } finally {
        geolocation.getCurrentPosition = original;
      }
    });

    it('stays on the send button while sending', async () => {
      const el = await fixture<PayamReportForm>(
        html`<payam-report-form lang="en" keep-draft="none" .client=${cannedClient([...serviceRoutes, createdRoute])}></payam-report-form>`,
      );
      await until(el, () => !!el.shadowRoot!.querySelector('#service'));
      type(part(el, '#description'), 'A tree fell on the pavement');
      const button = part<HTMLButtonElement>(el, 'button[type="submit"]');
      button.focus();
      button.click();
      await el.updateComplete;
      expect(focused(el), 'while sending').to.not.equal(null);
      await until(el, () => !!el.shadowRoot!.querySelector('[part="success"]'));
      expect(focused(el)?.tagName).to.equal('H2');
    });

    it('moves to the alert when no message has the code, and back to the code field', async () => {
      const el = await tracker([], 'en', '');
      const input = part<HTMLInputElement>(el, '#code');
      input.focus();
      input.value = '137-999999';
      part<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await el.updateComplete;
      expect(focused(el), 'while looking').to.not.equal(null);
      await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
      await el.updateComplete;
      expect(focused(el)?.getAttribute('part')).to.equal('alert');
      await expect(el).to.be.accessible();
    });

    it('keeps focus in the feedback form while a follow-up is sent', async () => {
      const request = sampleRequest('in_progress');
      const el = await feedbackForm(
        [requestRoute(request), (m, u) => (m === 'POST' && u.pathname.endsWith('/follow_ups.json') ? { body: [request] } : undefined)],
        'en',
      );
      type(part(el, '#text'), 'Still dark at night');
      const button = part<HTMLButtonElement>(el, 'button[type="submit"]');
      button.focus();
      button.click();
      await el.updateComplete;
      expect(focused(el), 'while sending').to.not.equal(null);
      await until(el, () => !!el.shadowRoot!.querySelector('.done'));
      expect(focused(el)).to.equal(part(el, '[part="notice"]'));
    });
  });

  describe('the error summary', () => {
    it('links each error to its field', async () => {
      const el = await reportForm(serviceRoutes, 'en', 'street-light');
      part<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
      const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part="alert"] li a')];
      expect(links.length).to.equal(el.shadowRoot!.querySelectorAll('[part="alert"] li').length);
      const pole = links.find((a) => a.getAttribute('href') === '#attr-pole')!;
      expect(pole, 'a link to the pole number').to.exist;
      pole.click();
      expect(focused(el)?.id).to.equal('attr-pole');
      await expect(el).to.be.accessible();
    });

    it('drops the errors of the service the citizen left', async () => {
      const el = await reportForm(serviceRoutes, 'en', 'street-light');
      part<HTMLButtonElement>(el, 'button[type="submit"]').click();
      await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
      expect(textOf(el)).to.contain('شماره تیر');
      choose(part(el, '#service'), 'city-idea');
      await until(el, () => !el.shadowRoot!.querySelector('[data-attribute]'));
      const alert = el.shadowRoot!.querySelector('[part="alert"]');
      const left = [...(alert?.querySelectorAll('li a') ?? [])].map((a) => a.getAttribute('href'));
      expect(left.filter((href) => href?.startsWith('#attr-'))).to.deep.equal([]);
    });
  });

  describe('a required group of check boxes', () => {
    it('is announced as required', async () => {
      const definition: Open311ServiceDefinition = {
        service_code: 'street-light',
        attributes: sampleDefinitions['street-light']!.attributes.map((a) => (a.code === 'hazards' ? { ...a, required: true } : a)),
      };
      const routes: Route[] = [
        (method, url) => (method === 'GET' && url.pathname.endsWith('/services.json') ? { body: sampleServices } : undefined),
        (method, url) => (method === 'GET' && url.pathname.endsWith('/services/street-light.json') ? { body: definition } : undefined),
      ];
      for (const lang of ['en', 'fa']) {
        const el = await reportForm(routes, lang, 'street-light');
        const legend = part(el, '#attr-hazards legend');
        // The accessible name of the group says it is required (the * is hidden from screen readers).
        const spoken = [...legend.childNodes]
          .filter((n) => n.nodeType !== Node.COMMENT_NODE && !(n instanceof HTMLElement && n.getAttribute('aria-hidden') === 'true'))
          .map((n) => n.textContent)
          .join('');
        expect(spoken).to.contain(lang === 'en' ? 'required' : 'الزامی');
        await expect(el).to.be.accessible();
      }
    });
  });

  describe('the tracking code on phones', () => {
    it('offers a keyboard with "-"', async () => {
      const el = await tracker([], 'fa', '');
      const input = part<HTMLInputElement>(el, '#code');
      expect(input.inputMode).to.not.equal('numeric');
      expect(input.inputMode).to.not.equal('decimal');
      expect(input.getAttribute('autocapitalize')).to.equal('off');
    });
  });
});
