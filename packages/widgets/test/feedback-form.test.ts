import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { locales, type Open311Request } from '@payam/core';
import '../src/feedback-form.js';
import '../src/report-form.js';
import type { PayamFeedbackForm } from '../src/feedback-form.js';
import { cannedClient, requestRoute, sampleRequest, serviceRoutes, type Route } from './fixtures.js';
import { part, textOf, type, until } from './helpers.js';

type Call = { method: string; url: URL; body: unknown; headers: Headers };

function answerWith(request: Open311Request, what: 'follow_ups' | 'feedback'): Route {
  return (method, url) => (method === 'POST' && url.pathname.endsWith(`/${what}.json`) ? { body: [request] } : undefined);
}

async function feedbackForm(routes: Route[], options: { lang?: string; token?: string; calls?: Call[] } = {}): Promise<PayamFeedbackForm> {
  const el = await fixture<PayamFeedbackForm>(
    html`<payam-feedback-form
      lang=${options.lang ?? 'fa'}
      request-id="137-000042"
      citizen-token=${options.token ?? 'secret-token-1'}
      .client=${cannedClient(routes, options.calls)}
    ></payam-feedback-form>`,
  );
  await until(el, () => !el.shadowRoot!.querySelector('[role="status"]') || !!el.shadowRoot!.querySelector('.done'));
  return el;
}

describe('<payam-feedback-form>', () => {
  beforeEach(() => sessionStorage.clear());

  it('asks for the SMS link when it has no citizen token', async () => {
    const el = await feedbackForm([], { token: '', lang: 'en' });
    expect(textOf(el)).to.contain('open the link from your SMS');
    await expect(el).to.be.accessible();
  });

  it('takes a follow-up before the answer, sends it with the citizen token and says so', async () => {
    const calls: Call[] = [];
    const request = sampleRequest('in_progress');
    const el = await feedbackForm([requestRoute(request), answerWith(request, 'follow_ups')], { calls, lang: 'en' });
    expect(part(el, 'form').getAttribute('data-stage')).to.equal('follow-up');
    await expect(el).to.be.accessible();
    type(part(el, '#text'), 'The light is still out at night');
    const sent = oneEvent(el, 'payam-follow-up-submitted');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    expect((await sent).detail).to.deep.equal({ id: '137-000042', kind: 'follow-up' });
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url.pathname).to.match(/\/requests\/137-000042\/follow_ups\.json$/);
    expect(post.headers.get('X-Citizen-Token')).to.equal('secret-token-1');
    expect(post.body).to.deep.equal({ text: 'The light is still out at night' });
    await until(el, () => !!el.shadowRoot!.querySelector('[part="notice"]'));
    expect(part(el, '[part="notice"]').textContent).to.contain('Your follow-up was added');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, '[part="notice"]'));
  });

  it('refuses an empty follow-up with a reason in Persian and sends nothing', async () => {
    const calls: Call[] = [];
    const el = await feedbackForm([requestRoute(sampleRequest('received'))], { calls });
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    expect(part(el, '#text-error').textContent).to.equal(locales.fa.validation.textEmpty);
    expect(el.shadowRoot!.activeElement?.id).to.equal('text');
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
  });

  it('takes feedback inside the window with an accessible 1–5 rating group', async () => {
    const calls: Call[] = [];
    const request = sampleRequest('answered');
    const el = await feedbackForm([requestRoute(request), answerWith(sampleRequest('closed'), 'feedback')], { calls, lang: 'en' });
    expect(part(el, 'form').getAttribute('data-stage')).to.equal('feedback');
    expect(textOf(el)).to.contain('You can give feedback until 26 April 2026');
    const ratings = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="rating"]')];
    expect(ratings.map((r) => r.value)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(part(el, '[part="rating"] legend').textContent).to.contain('How satisfied');
    await expect(el).to.be.accessible();
    // Arrow keys move through a native radio group.
    ratings[0]!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(ratings[3]!.checked).to.equal(true);
    part<HTMLInputElement>(el, 'input[name="resolved"][value="partly"]').click();
    type(part(el, '#text'), 'Fixed, but only one of the two lights');
    const sent = oneEvent(el, 'payam-feedback-submitted');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    expect((await sent).detail).to.deep.equal({ id: '137-000042', kind: 'feedback' });
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.equal({
      resolved: 'partly',
      rating: 4,
      comment: 'Fixed, but only one of the two lights',
    });
    await until(el, () => !!el.shadowRoot!.querySelector('[part="notice"]'));
    expect(part(el, '[part="notice"]').textContent).to.contain('Your feedback was recorded');
  });

  it('needs a resolved answer and a rating, explained in Persian', async () => {
    const el = await feedbackForm([requestRoute(sampleRequest('answered'))]);
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    expect(part(el, '#resolved-error').textContent).to.equal(locales.fa.validation.resolved);
    expect(part(el, '#rating-error').textContent).to.equal(locales.fa.validation.rating);
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('resolved');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    await expect(el).to.be.accessible();
  });

  it('says when the feedback window closed, with its date in the Jalali calendar', async () => {
    const request = sampleRequest('answered', {
      ext: { accepts: 'nothing', feedback_window: { opens_at: '2026-03-26T08:00:00Z', closes_at: '2026-04-26T08:00:00Z', open: false } },
    });
    const el = await feedbackForm([requestRoute(request)]);
    const notice = part(el, '[part="notice"]');
    expect(notice.getAttribute('data-stage')).to.equal('closed');
    // 26 April 2026 is 6 Ordibehesht 1405.
    expect(notice.textContent).to.contain('اردیبهشت ۱۴۰۵');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("shows the server's refusal and the new stage when the window closed meanwhile", async () => {
    const open = sampleRequest('answered');
    let closed = false;
    const routes: Route[] = [
      (method, url) =>
        method === 'GET' && url.pathname.endsWith('/requests/137-000042.json')
          ? { body: [closed ? sampleRequest('answered', { ext: { accepts: 'nothing', feedback_window: { opens_at: '2026-03-26T08:00:00Z', closes_at: '2026-04-26T08:00:00Z', open: false } } }) : open] }
          : undefined,
      (method, url) => {
        if (method !== 'POST' || !url.pathname.endsWith('/feedback.json')) return undefined;
        closed = true;
        return { status: 409, body: [{ code: 409, description: 'The feedback window closed on 26 April 2026.', refusal: 'feedback_window_closed' }] };
      },
    ];
    const el = await feedbackForm(routes, { lang: 'en' });
    part<HTMLInputElement>(el, 'input[name="resolved"][value="no"]').click();
    part<HTMLInputElement>(el, 'input[name="rating"][value="2"]').click();
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(el, () => !!el.shadowRoot!.querySelector('[data-stage="closed"]'));
    expect(textOf(el)).to.contain('The feedback window closed on 26 April 2026');
  });

  it('refuses markup in a follow-up before sending, keeps the text and runs nothing', async () => {
    const hostile = '<script>window.__xssFeedback = 1</script>';
    const request = sampleRequest('in_progress', { description: hostile });
    const el = await feedbackForm([requestRoute(request), answerWith(request, 'follow_ups')], { lang: 'en' });
    type(part(el, '#text'), hostile);
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    // core refuses HTML in citizen text before anything is sent.
    await until(el, () => !!el.shadowRoot!.querySelector('#text-error'));
    expect(part(el, '#text-error').textContent).to.equal(locales.en.validation.noHtml);
    expect(part<HTMLTextAreaElement>(el, '#text').value).to.equal(hostile);
    expect((window as unknown as { __xssFeedback?: number }).__xssFeedback).to.equal(undefined);
  });

  it("takes the message and token from the report form's event", async () => {
    const created: Route = (method, url) =>
      method === 'POST' && url.pathname.endsWith('/requests.json')
        ? { body: [{ service_request_id: '137-000042', service_notice: null, account_id: null, citizen_token: 'from-the-form' }] }
        : undefined;
    const calls: Call[] = [];
    const client = cannedClient([...serviceRoutes, created, requestRoute(sampleRequest('received'))], calls);
    const page = await fixture(html`<div>
      <payam-report-form id="report" lang="en" .client=${client}></payam-report-form>
      <payam-feedback-form report-form="report" lang="en" .client=${client}></payam-feedback-form>
    </div>`);
    const form = page.querySelector('payam-report-form')!;
    const feedback = page.querySelector('payam-feedback-form')!;
    await until(form, () => !!form.shadowRoot!.querySelector('#description'));
    type(part(form, '#description'), 'Noise from a construction site at night');
    part<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="follow-up"]'));
    expect(feedback.requestId).to.equal('137-000042');
    const read = calls.find((c) => c.method === 'GET' && c.url.pathname.endsWith('/requests/137-000042.json'))!;
    expect(read.headers.get('X-Citizen-Token')).to.equal('from-the-form');
  });
});
