/**
 * The citizen's whole journey against the real reference server on loopback: register a message,
 * track it, follow up, (staff answer it), give feedback; and a feedback window that has closed.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { locales, type PublicStatus } from '@payam/core';
import '../src/index.js';
import type { PayamFeedbackForm, PayamReportForm, PayamStatusTracker } from '../src/index.js';
import { choose, part, textOf, type, until } from './helpers.js';

const serverUrl = window.PAYAM_SERVER_URL;

interface Page {
  form: PayamReportForm;
  tracker: PayamStatusTracker;
  feedback: PayamFeedbackForm;
}

async function municipalPage(lang: 'fa' | 'en'): Promise<Page> {
  expect(serverUrl, 'the reference server must be running (pnpm build first)').to.be.a('string');
  const page = await fixture(html`<main>
    <payam-report-form id="report" base-url=${serverUrl!} api-key="demo" lang=${lang} system="137"></payam-report-form>
    <payam-status-tracker report-form="report" base-url=${serverUrl!} api-key="demo" lang=${lang}></payam-status-tracker>
    <payam-feedback-form report-form="report" base-url=${serverUrl!} api-key="demo" lang=${lang}></payam-feedback-form>
  </main>`);
  return {
    form: page.querySelector('payam-report-form')!,
    tracker: page.querySelector('payam-status-tracker')!,
    feedback: page.querySelector('payam-feedback-form')!,
  };
}

/** Fills the chosen service's required fields the way a citizen would. */
function fillRequired(form: PayamReportForm): void {
  for (const field of form.shadowRoot!.querySelectorAll<HTMLElement>('[data-attribute]')) {
    const select = field.querySelector('select');
    if (select?.required) choose(select, select.options[1]!.value);
    const input = field.querySelector<HTMLInputElement>('input:not([type="checkbox"]), textarea');
    if (input?.required) type(input, input.inputMode === 'decimal' ? '3' : input.type === 'datetime-local' ? '2026-03-01T10:00' : 'A-12');
    const checkboxes = field.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    if (checkboxes.length && field.querySelector('.required-mark')) checkboxes[0]!.click();
  }
}

async function register(page: Page, description: string): Promise<{ id: string; citizenToken: string }> {
  const { form } = page;
  await until(form, () => (form.shadowRoot!.querySelectorAll('#service option').length ?? 0) > 1);
  const select = part<HTMLSelectElement>(form, '#service');
  choose(select, select.options[1]!.value);
  await until(form, () => !!form.shadowRoot!.querySelector('[part="guidance"], [data-attribute]'));
  fillRequired(form);
  type(part(form, '#description'), description);
  // A citizen on a Persian keyboard types the region as its hint shows it.
  type(part(form, '#region'), form.lang === 'fa' ? '۶' : '6');
  type(part(form, '#address'), 'Azadi St, 3rd alley');
  type(part(form, '#phone'), '0912 123 4567');
  await form.updateComplete;
  const submitted = oneEvent(form, 'payam-submitted');
  part<HTMLButtonElement>(form, 'button[type="submit"]').click();
  await until(form, () => !!form.shadowRoot!.querySelector('[part="success"], [role="alert"]'));
  const alert = form.shadowRoot!.querySelector('[role="alert"]');
  if (alert) throw new Error(`the form refused the message: ${alert.textContent!.replace(/\s+/g, ' ')}`);
  return (await submitted).detail;
}

async function staffAnswer(id: string, text: string): Promise<void> {
  const response = await fetch(`/__payam/staff/${encodeURIComponent(id)}/answer?text=${encodeURIComponent(text)}`, { method: 'POST' });
  expect(response.status, await response.clone().text()).to.equal(200);
}

const statusOf = (tracker: PayamStatusTracker): PublicStatus | undefined => tracker.request?.detailedStatus?.code;

describe('the citizen journey against the reference server', () => {
  beforeEach(() => sessionStorage.clear());

  it('submit → track → follow-up → staff answer → feedback, in English', async () => {
    const page = await municipalPage('en');
    const { form, tracker, feedback } = page;
    await until(form, () => !!form.shadowRoot!.querySelector('#service'));
    await expect(form).to.be.accessible();

    const { id, citizenToken } = await register(page, 'The street light in our alley has been out for a week');
    expect(id).to.be.a('string').and.not.empty;
    expect(citizenToken).to.be.a('string').and.not.empty;
    await until(form, () => !!form.shadowRoot!.querySelector('[part="tracking-code"]'));
    expect(part(form, '[part="tracking-code"]').textContent).to.equal(id);
    expect(form.value).to.equal(id);

    // The tracker and the feedback form took the message from the form's event.
    await until(tracker, () => tracker.request?.id === id);
    const before = statusOf(tracker)!;
    expect(['received', 'sorting', 'referred', 'in_progress']).to.include(before);
    expect(part(tracker, '[part="status"]').textContent).to.contain(locales.en.status[before].label);
    expect([...tracker.shadowRoot!.querySelectorAll('[part="entry"]')].map((e) => e.getAttribute('data-type'))).to.include('registered');
    await expect(tracker).to.be.accessible();

    await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="follow-up"]'));
    type(part(feedback, '#text'), 'It is dangerous at night: please hurry');
    const followedUp = oneEvent(feedback, 'payam-follow-up-submitted');
    part<HTMLButtonElement>(feedback, 'button[type="submit"]').click();
    expect((await followedUp).detail).to.deep.equal({ id, kind: 'follow-up' });

    await tracker.refresh();
    await until(tracker, () => textOf(tracker).includes('It is dangerous at night: please hurry'));
    expect(tracker.shadowRoot!.querySelector('[part="entry"][data-type="follow_up"]')).to.exist;

    await staffAnswer(id, 'The lamp was replaced on Tuesday.');
    await tracker.refresh();
    await until(tracker, () => statusOf(tracker) === 'answered');
    expect(textOf(tracker)).to.contain('The lamp was replaced on Tuesday.');
    expect(part(tracker, '[part="window"]').getAttribute('data-window')).to.equal('open');

    await feedback.refresh();
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="feedback"]'));
    await expect(feedback).to.be.accessible();
    part<HTMLInputElement>(feedback, 'input[name="resolved"][value="yes"]').click();
    part<HTMLInputElement>(feedback, 'input[name="rating"][value="5"]').click();
    type(part(feedback, '#text'), 'Thank you, it works');
    const gaveFeedback = oneEvent(feedback, 'payam-feedback-submitted');
    part<HTMLButtonElement>(feedback, 'button[type="submit"]').click();
    expect((await gaveFeedback).detail).to.deep.equal({ id, kind: 'feedback' });
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part="notice"]'));

    await tracker.refresh();
    await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part="entry"][data-type="feedback"]'));
    expect(textOf(tracker)).to.contain('Thank you, it works');

    // A second feedback on the same answer is not offered again.
    await feedback.refresh();
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part="notice"]'));
    expect(feedback.shadowRoot!.querySelector('form[data-stage="feedback"]')).to.equal(null);
  });

  it('in Persian: Jalali dates, Persian digits, accessible; the window closes after its period', async () => {
    const page = await municipalPage('fa');
    const { form, tracker, feedback } = page;
    await until(form, () => !!form.shadowRoot!.querySelector('#service'));
    await expect(form).to.be.accessible();
    const { id } = await register(page, 'گودال بزرگ جلوی پلاک ۱۲ خطرناک است');
    await until(tracker, () => tracker.request?.id === id);
    const registered = part(tracker, '[part="entry"][data-type="registered"] time').textContent!;
    expect(registered).to.match(/[۰-۹]/);
    expect(registered).not.to.match(/[0-9]/);
    await expect(tracker).to.be.accessible();

    await staffAnswer(id, 'گودال پر شد.');
    await feedback.refresh();
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="feedback"]'));
    await expect(feedback).to.be.accessible();

    // Forty days later the window (at least one month) has closed.
    expect((await fetch('/__payam/clock?days=40', { method: 'POST' })).status).to.equal(200);
    await feedback.refresh();
    await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part="notice"]'));
    expect(part(feedback, '[part="notice"]').textContent).to.contain('مهلت بازخورد در');
    await tracker.refresh();
    await until(tracker, () => tracker.shadowRoot!.querySelector('[part="window"]')?.getAttribute('data-window') === 'closed');
  });
});
