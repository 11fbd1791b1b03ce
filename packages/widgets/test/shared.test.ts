import { expect, fixture, html } from '@open-wc/testing';
import i18next from 'i18next';
import '../src/index.js';
import { defineElement, PayamStatusTracker } from '../src/index.js';
import { cannedClient } from './fixtures.js';
import { until } from './helpers.js';

describe('what the widgets share', () => {
  it('registers each element once; a second copy warns and never throws', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      class SecondCopy extends PayamStatusTracker {}
      expect(() => defineElement('payam-status-tracker', SecondCopy)).not.to.throw();
      expect(customElements.get('payam-status-tracker')).to.equal(PayamStatusTracker);
      expect(String(warnings[0]?.[0])).to.contain('<payam-status-tracker> is already defined');
      // The same class again is silent.
      defineElement('payam-status-tracker', PayamStatusTracker);
      expect(warnings).to.have.length(1);
    } finally {
      console.warn = warn;
    }
    for (const tag of ['payam-report-form', 'payam-status-tracker', 'payam-feedback-form']) {
      expect(customElements.get(tag), tag).to.be.a('function');
    }
  });

  it("leaves the host page's i18next untouched", async () => {
    const host = i18next.createInstance();
    await host.init({ lng: 'de', resources: { de: { translation: { title: 'Meldung verfolgen' } } } });
    const el = await fixture<PayamStatusTracker>(html`<payam-status-tracker lang="en" .client=${cannedClient([])}></payam-status-tracker>`);
    await until(el, () => !!el.shadowRoot!.querySelector('h2'));
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Track a message');
    el.lang = 'fa';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('پیگیری پیام');
    expect(host.language).to.equal('de');
    expect(host.t('title')).to.equal('Meldung verfolgen');
    expect(i18next.isInitialized).not.to.equal(true);
  });

  it('lets two widgets on one page speak different languages', async () => {
    const page = await fixture(html`<div>
      <payam-status-tracker lang="fa" .client=${cannedClient([])}></payam-status-tracker>
      <payam-status-tracker lang="en" .client=${cannedClient([])}></payam-status-tracker>
    </div>`);
    const [fa, en] = [...page.querySelectorAll('payam-status-tracker')];
    await until(en!, () => !!en!.shadowRoot!.querySelector('h2') && !!fa!.shadowRoot!.querySelector('h2'));
    expect(fa!.shadowRoot!.querySelector('h2')!.textContent).to.equal('پیگیری پیام');
    expect(en!.shadowRoot!.querySelector('h2')!.textContent).to.equal('Track a message');
    expect(getComputedStyle(fa!).direction).to.equal('rtl');
    expect(getComputedStyle(en!).direction).to.equal('ltr');
  });

  it('keeps page styles out and its own styles in', async () => {
    const page = await fixture(html`<div>
      <style>
        h2 { color: rgb(255, 0, 0); }
      </style>
      <h2 id="page-heading">Page</h2>
      <payam-status-tracker lang="en" style="--payam-color-text: rgb(0, 0, 255)" .client=${cannedClient([])}></payam-status-tracker>
    </div>`);
    const el = page.querySelector('payam-status-tracker')!;
    await until(el, () => !!el.shadowRoot!.querySelector('h2'));
    expect(getComputedStyle(el.shadowRoot!.querySelector('h2')!).color).to.equal('rgb(0, 0, 255)');
    expect(getComputedStyle(page.querySelector('#page-heading')!).color).to.equal('rgb(255, 0, 0)');
  });
});
