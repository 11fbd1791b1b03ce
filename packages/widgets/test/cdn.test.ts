/**
 * The shipped artefacts: the single-file bundle (`dist/cdn/payam-widgets.js`, built by
 * `pnpm build`) registers all three widgets and works against the reference server, and the
 * example page that `pnpm start` serves embeds it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { part, type, until } from './helpers.js';

const serverUrl = window.PAYAM_SERVER_URL;
const BUNDLE = '/dist/cdn/payam-widgets.js';

describe('the single-file bundle and the example page', () => {
  before(async () => {
    await import(/* @vite-ignore */ BUNDLE);
  });

  it('registers the three elements', () => {
    for (const tag of ['payam-report-form', 'payam-status-tracker', 'payam-feedback-form']) {
      expect(customElements.get(tag), tag).to.be.a('function');
    }
  });

  it('loads the services from the reference server and is accessible', async () => {
    expect(serverUrl, 'the reference server must be running').to.be.a('string');
    const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(
      html`<payam-report-form base-url=${serverUrl!} api-key="demo" lang="fa"></payam-report-form>`,
    );
    await until(el, () => (el.shadowRoot!.querySelectorAll('#service option').length ?? 0) > 1);
    expect(part(el, 'h2').textContent).to.equal('ثبت پیام');
    await expect(el).to.be.accessible();
  });

  it('registers a message, checks it first, and tracks it, against the reference server', async () => {
    const page = await fixture(html`<div>
      <payam-report-form id="cdn-report" base-url=${serverUrl!} api-key="demo" lang="en"></payam-report-form>
      <payam-status-tracker report-form="cdn-report" base-url=${serverUrl!} api-key="demo" lang="en"></payam-status-tracker>
    </div>`);
    const form = page.querySelector('payam-report-form') as HTMLElement & { updateComplete: Promise<boolean> };
    const tracker = page.querySelector('payam-status-tracker') as HTMLElement & { updateComplete: Promise<boolean> };
    await until(form, () => !!form.shadowRoot!.querySelector('#description'));
    part<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(form, () => !!form.shadowRoot!.querySelector('#description-error'));
    expect(part(form, '#description-error').textContent).to.contain('cannot be empty');
    type(part(form, '#description'), 'Broken bench in the park');
    type(part(form, '#phone'), '09121234567');
    await form.updateComplete;
    part<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(form, () => !!form.shadowRoot!.querySelector('[part="tracking-code"]'));
    const id = part(form, '[part="tracking-code"]').textContent!;
    await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part="status"]'));
    expect(part(tracker, '.code').textContent).to.equal(id);
    expect(['received', 'sorting', 'referred', 'in_progress']).to.include(part(tracker, '[part="status"]').getAttribute('data-status'));
  });

  it('is what the example page loads, with all three widgets, Persian first', async () => {
    const example = (await (await fetch('/__payam/example')).json()) as {
      status: number;
      html: string;
      bundleStatus: number;
      bundleType: string;
    };
    expect(example.status).to.equal(200);
    expect(example.bundleStatus).to.equal(200);
    expect(example.bundleType).to.contain('javascript');
    const page = new DOMParser().parseFromString(example.html, 'text/html');
    expect(page.documentElement.lang).to.equal('fa');
    expect(page.documentElement.dir).to.equal('rtl');
    expect(page.querySelector('script[type="module"][src="/widgets/payam-widgets.js"]')).to.exist;
    for (const tag of ['payam-report-form', 'payam-status-tracker', 'payam-feedback-form']) {
      expect(page.querySelector(`${tag}[api-key="demo"]`), tag).to.exist;
    }
    expect(page.querySelector('[data-lang="en"]')).to.exist;
  });
});
