import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient } from '@payam/client';
import '../src/topic-map.js';
import type { PayamTopicMap, RegionCollection } from '../src/topic-map.js';
import { choose, part, textOf, until } from './helpers.js';
import { frequencyAnswer, mapClient, months, threeRegions } from './topic-map-fixtures.js';

const serverUrl = window.PAYAM_SERVER_URL;

async function topicMap(attrs: { lang?: string; queries?: URLSearchParams[]; regions?: RegionCollection } = {}): Promise<PayamTopicMap> {
  const el = await fixture<PayamTopicMap>(
    html`<payam-topic-map lang=${attrs.lang ?? 'fa'} .client=${mapClient(attrs.queries)} .regions=${attrs.regions ?? threeRegions}></payam-topic-map>`,
  );
  await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length > 0);
  return el;
}

const region = (el: PayamTopicMap, id: string) => part<SVGPathElement>(el, `path[data-region="${id}"]`);
const cell = (el: PayamTopicMap, id: string) => part(el, `tr[data-region="${id}"] td`).textContent!.trim();

function csvOf(el: PayamTopicMap): string[][] {
  const href = part<HTMLAnchorElement>(el, 'a[part="export"]').getAttribute('href')!;
  expect(href.startsWith('data:text/csv;charset=utf-8,')).to.equal(true);
  const text = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  expect(text.charCodeAt(0)).to.equal(0xfeff);
  return text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
}

describe('<payam-topic-map>', () => {
  it('draws every region in Persian, right to left, says the areas are schematic, and is accessible', async () => {
    const el = await topicMap();
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(el.shadowRoot!.querySelectorAll('path.region')).to.have.length(3);
    expect(part(el, '[part="schematic"]').textContent).to.contain('نمادین');
    // Every period of the range, Jalali with Persian digits.
    const periods = [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('#period option')].map((o) => o.textContent!.trim());
    expect(periods.slice(1)).to.deep.equal(['مهر ۱۴۰۵', 'آبان ۱۴۰۵', 'آذر ۱۴۰۵']);
    // All topics over the range: region 1 holds a suppressed cell, so its count is a lower bound.
    expect(cell(el, '1')).to.equal('دست‌کم ۲۶');
    expect(cell(el, '3')).to.equal('هیچ');
    expect(region(el, '1').getAttribute('aria-label')).to.equal('منطقهٔ ۱: دست‌کم ۲۶');
    expect(region(el, '1').dataset.class).to.equal('4');
    expect(region(el, '3').dataset.class).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('colours by the chosen topic and period, and shows a suppressed cell as fewer than k, never as 0', async () => {
    const el = await topicMap();
    choose(part(el, '#topic'), 'service:pothole');
    choose(part(el, '#period'), months[1]!.iso);
    await el.updateComplete;
    expect(cell(el, '1')).to.equal('۷');
    expect(cell(el, '2')).to.equal('کمتر از ۵');
    expect(region(el, '2').dataset.class).to.equal('fewer');
    expect(region(el, '2').getAttribute('aria-label')).to.equal('منطقهٔ ۲: کمتر از ۵');
    expect(part(el, 'table caption').textContent).to.contain('چاله در معبر').and.contain('آبان ۱۴۰۵');
    // A group of topics is the sum of its services.
    choose(part(el, '#topic'), 'group:فضای سبز');
    choose(part(el, '#period'), '');
    await el.updateComplete;
    expect(cell(el, '2')).to.equal('۹');
    expect(cell(el, '1')).to.equal('هیچ');
    await expect(el).to.be.accessible();
  });

  it('asks the server again for another system or period unit', async () => {
    const queries: URLSearchParams[] = [];
    const el = await topicMap({ queries });
    expect(queries.at(-1)!.get('jurisdiction_id')).to.equal('137');
    expect(queries.at(-1)!.get('bucket')).to.equal('month');
    choose(part(el, '#bucket'), 'week');
    await until(el, () => queries.length >= 2 && el.statistics?.bucket === 'week');
    expect(queries.at(-1)!.get('bucket')).to.equal('week');
    choose(part(el, '#system'), '');
    await until(el, () => queries.length >= 3);
    expect(queries.at(-1)!.has('jurisdiction_id')).to.equal(false);
  });

  it('moves between regions with the arrow keys, selects one with Enter, and shows its top topics and trend', async () => {
    const el = await topicMap({ lang: 'en' });
    expect([...el.shadowRoot!.querySelectorAll('path.region')].map((p) => p.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    region(el, '1').focus();
    await el.updateComplete;
    expect(part(el, '[part="tooltip"]').textContent).to.contain('District 1: at least 26');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-region')).to.equal('2');
    expect(region(el, '2').getAttribute('tabindex')).to.equal('0');
    const selected = oneEvent(el, 'payam-region-selected');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.region).to.equal('1');
    await el.updateComplete;
    expect(region(el, '1').getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, '#details-heading').textContent).to.contain('District 1');
    const top = [...el.shadowRoot!.querySelectorAll('ol.top li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(top).to.deep.equal(['چاله در معبر: at least 20', 'آبگرفتگی معابر: 6']);
    choose(part(el, '#topic'), 'service:pothole');
    await el.updateComplete;
    const bars = [...el.shadowRoot!.querySelectorAll('.trend-chart rect')];
    expect(bars.map((b) => b.querySelector('title')!.textContent!.split(': ')[1])).to.deep.equal(['12', '7', 'fewer than 5']);
    expect(bars[2]!.classList.contains('suppressed')).to.equal(true);
    expect(Number(bars[2]!.getAttribute('height'))).to.be.greaterThan(0);
    region(el, '1').focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, '#details-heading').textContent).to.contain('the whole city');
    await expect(el).to.be.accessible();
  });

  it('exports as CSV exactly the counts the table shows', async () => {
    const el = await topicMap({ lang: 'en' });
    choose(part(el, '#topic'), 'service:pothole');
    choose(part(el, '#period'), months[1]!.iso);
    await el.updateComplete;
    const rows = csvOf(el);
    expect(rows[0]).to.deep.equal(['Region', 'Name', 'Topic', 'Period', 'Messages']);
    expect(rows.slice(1).map((r) => [r[0], r[4]])).to.deep.equal([['1', '7'], ['2', 'fewer than 5'], ['3', '0']]);
    expect(rows[1]![3]).to.match(/^Aban 1405/);
    expect(cell(el, '2')).to.equal('fewer than 5');
  });

  it('speaks English with Gregorian dates beside the Jalali month, and switches language in place', async () => {
    const el = await topicMap({ lang: 'en' });
    expect(el.getAttribute('dir')).to.equal('ltr');
    const option = part<HTMLOptionElement>(el, `#period option[value="${months[2]!.iso}"]`).textContent!;
    expect(option).to.contain('Azar 1405').and.contain('Dec 2026');
    expect(textOf(el)).to.contain('Schematic areas');
    el.lang = 'fa';
    await until(el, () => textOf(el).includes('مناطق نمادین'));
    expect(el.getAttribute('dir')).to.equal('rtl');
  });

  it('says when the statistics cannot be read, and reads them again on request', async () => {
    let fail = true;
    const el = await fixture<PayamTopicMap>(
      html`<payam-topic-map lang="en" .regions=${threeRegions} .client=${mapClient([], () => (fail ? { status: 500, body: [{ code: 500, description: 'x' }] } : { body: frequencyAnswer() }))}></payam-topic-map>`,
    );
    await until(el, () => !!el.shadowRoot!.querySelector('[part~="alert"]'));
    expect(part(el, '[part~="alert"]').textContent).to.contain('could not handle');
    fail = false;
    part<HTMLButtonElement>(el, 'button').click();
    await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length === 3);
  });

  it('renders every part, attribute, event and custom property custom-elements.json lists, and lists every one it renders', async () => {
    const path = '../custom-elements.json';
    type Declaration = { tagName?: string; cssParts?: { name: string }[]; attributes?: { name: string }[]; events?: { name: string }[]; cssProperties?: { name: string }[] };
    const manifest = ((await import(path)) as { default: { modules: { declarations?: Declaration[] }[] } }).default;
    const declaration = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'payam-topic-map')!;
    const seen = new Set<string>();
    const look = (el: PayamTopicMap) => {
      for (const node of el.shadowRoot!.querySelectorAll('[part]')) for (const name of node.getAttribute('part')!.split(/\s+/)) seen.add(name);
    };
    const el = await topicMap();
    look(el);
    // The street map's parts come with a tile URL.
    el.leafletUrl = '/node_modules/leaflet/dist/leaflet-src.esm.js';
    el.tiles = '/node_modules/leaflet/dist/images/layers.png?{z}/{x}/{y}';
    await el.updateComplete;
    look(el);
    const selected = oneEvent(el, 'payam-region-selected');
    region(el, '1').focus();
    await el.updateComplete;
    await sendKeys({ press: 'Enter' });
    await selected;
    await el.updateComplete;
    look(el);
    const failing = await fixture<PayamTopicMap>(html`<payam-topic-map .regions=${threeRegions} .client=${mapClient([], () => ({ status: 500, body: [] }))}></payam-topic-map>`);
    await until(failing, () => !!failing.shadowRoot!.querySelector('[part~="alert"]'));
    look(failing);
    expect([...seen].sort()).to.deep.equal(declaration.cssParts!.map((p) => p.name).sort());
    const observed = (customElements.get('payam-topic-map') as unknown as { observedAttributes: string[] }).observedAttributes;
    expect([...observed].sort()).to.deep.equal(declaration.attributes!.map((a) => a.name).sort());
    expect(declaration.events!.map((e) => e.name)).to.deep.equal(['payam-region-selected']);
    const styles = (customElements.get('payam-topic-map') as unknown as { elementStyles: { cssText: string }[] }).elementStyles.map((result) => result.cssText).join('\n');
    const read = new Set([...styles.matchAll(/var\((--payam-[a-z-]+)/g)].map((m) => m[1]!));
    const listed = new Set(declaration.cssProperties!.map((p) => p.name));
    for (const name of listed) expect(read.has(name), `${name} is listed but not read`).to.equal(true);
  });

  it('reads the regions and the counts from the reference server, without an API key', async function () {
    if (!serverUrl) throw new Error('the reference server is not running (pnpm build first)');
    const client = createClient({ baseUrl: serverUrl, apiKey: 'demo', lang: 'en' });
    const register = (region: string) => client.requests.create({ system: '137', serviceCode: 'flooding', description: 'Water across the whole street', region, lang: 'en' });
    for (let i = 0; i < 5; i++) await register('19');
    await register('21');
    const el = await fixture<PayamTopicMap>(html`<payam-topic-map lang="en" base-url=${serverUrl} topic="service:flooding" bucket="year"></payam-topic-map>`);
    await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length > 0 && el.statistics !== undefined);
    expect(el.shadowRoot!.querySelectorAll('path.region')).to.have.length(22);
    expect(part(el, '[part="schematic"]').textContent).to.contain('not official boundaries');
    expect(Number(cell(el, '19'))).to.be.at.least(5);
    expect(cell(el, '21')).to.equal('fewer than 5');
    expect(region(el, '21').dataset.class).to.equal('fewer');
    await expect(el).to.be.accessible();
  });
});
