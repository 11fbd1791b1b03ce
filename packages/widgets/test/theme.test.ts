import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/index.js';
import type { PayamElement } from '../src/base/payam-element.js';
import { cannedClient } from './fixtures.js';
import { until } from './helpers.js';

/** Relative luminance of a computed `rgb(…)` colour, 0 (black) – 1 (white). */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

const TAGS = ['payam-report-form', 'payam-status-tracker', 'payam-feedback-form'] as const;

async function widget(tag: (typeof TAGS)[number], theme?: string): Promise<PayamElement<object>> {
  const el = document.createElement(tag) as PayamElement<object>;
  el.lang = 'en';
  el.client = cannedClient([]);
  if (theme) el.setAttribute('theme', theme);
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.append(el);
  await until(el, () => !!el.shadowRoot?.querySelector('h2, form, p'));
  return el;
}

function colours(el: HTMLElement) {
  const style = getComputedStyle(el);
  return { background: style.backgroundColor, text: style.color, scheme: style.colorScheme };
}

describe("the widgets follow the host's colour scheme", () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const tag of TAGS) {
    it(`<${tag}> is light on a light page and dark on a dark one, readable in both`, async () => {
      await emulateMedia({ colorScheme: 'light' });
      const el = await widget(tag);
      const light = colours(el);
      expect(luminance(light.background)).to.be.greaterThan(0.8);
      expect(contrast(light.background, light.text)).to.be.greaterThan(7);
      await emulateMedia({ colorScheme: 'dark' });
      const dark = colours(el);
      expect(luminance(dark.background)).to.be.lessThan(0.1);
      expect(contrast(dark.background, dark.text)).to.be.greaterThan(7);
      expect(dark.scheme).to.contain('dark');
    });
  }

  it('the theme attribute wins over the page preference', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const light = await widget('payam-status-tracker', 'light');
    expect(luminance(colours(light).background)).to.be.greaterThan(0.8);
    await emulateMedia({ colorScheme: 'light' });
    const dark = await widget('payam-status-tracker', 'dark');
    expect(luminance(colours(dark).background)).to.be.lessThan(0.1);
    dark.setAttribute('theme', 'auto');
    expect(luminance(colours(dark).background)).to.be.greaterThan(0.8);
  });

  it("the host's --payam-* tokens win in both schemes", async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await widget('payam-report-form');
    el.style.setProperty('--payam-color-surface', 'rgb(10, 20, 30)');
    el.style.setProperty('--payam-color-text', 'rgb(250, 240, 230)');
    expect(colours(el)).to.include({ background: 'rgb(10, 20, 30)', text: 'rgb(250, 240, 230)' });
    // The fields inside use the same tokens.
    const field = el.shadowRoot!.querySelector('textarea, input:not([type="checkbox"]):not([type="radio"]), select');
    if (field) expect(getComputedStyle(field).backgroundColor).to.equal('rgb(10, 20, 30)');
  });
});
