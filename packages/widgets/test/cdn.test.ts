/**
 * The shipped artefacts: the single-file bundle (`dist/cdn/payam-widgets.js`, built by
 * `pnpm build`) registers all three widgets and works against the reference server, and the
 * example page that `pnpm start` serves embeds it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { part, until } from './helpers.js';

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
