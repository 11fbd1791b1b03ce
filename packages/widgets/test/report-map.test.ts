import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { createClient } from '@payam/client';
import '../src/report-form.js';
import type { PayamReportForm } from '../src/report-form.js';
import { part, type, until } from './helpers.js';

// The reference server: its schematic regions (Tehran's districts) and its registrations.
const serverUrl = window.PAYAM_SERVER_URL;
// Leaflet and the tiles from this test server: the street map needs no network.
const LEAFLET = '/node_modules/leaflet/dist/leaflet-src.esm.js';
const TILES = '/node_modules/leaflet/dist/images/layers.png?z={z}&x={x}&y={y}';

interface District {
  properties: { region: string; name: { fa: string; en: string }; centroid: [number, number] };
}

async function districts(): Promise<District[]> {
  const response = await fetch(`${serverUrl}/open311/v2/regions.geojson`);
  return ((await response.json()) as { features: District[] }).features;
}

async function mapForm(lang: 'fa' | 'en', tiles = ''): Promise<PayamReportForm> {
  expect(serverUrl, 'the reference server must be running (pnpm build first)').to.be.a('string');
  const el = await fixture<PayamReportForm>(
    html`<payam-report-form base-url=${serverUrl!} api-key="demo" system="137" lang=${lang} keep-draft="none" map
      tiles=${tiles} leaflet-url=${LEAFLET}></payam-report-form>`,
  );
  await until(el, () => !!el.shadowRoot!.querySelector('#place-on-map') && !!el.shadowRoot!.querySelector('#service'));
  return el;
}

async function openMap(el: PayamReportForm): Promise<void> {
  part<HTMLButtonElement>(el, '#place-on-map').click();
  await until(el, () => el.shadowRoot!.querySelectorAll('path.map-region').length > 0);
}

const pin = (el: PayamReportForm) => part<SVGGElement>(el, '[part="pin"]');
const regionField = (el: PayamReportForm) => part<HTMLInputElement>(el, '#region').value;
const status = (el: PayamReportForm) => part(el, '[part="map-region-status"]').textContent!.trim();

/** The pin's tip in the map's units. */
function pinPoint(el: PayamReportForm): DOMPoint {
  const [, x, y] = /translate\(([^ ]+) ([^)]+)\)/.exec(pin(el).getAttribute('transform')!)!;
  return new DOMPoint(Number(x), Number(y));
}

/** The region whose drawn shape holds the pin's tip, as the browser fills the SVG (not the form's own rule). */
function regionUnderPin(el: PayamReportForm): string | null {
  const point = pinPoint(el);
  const hit = [...el.shadowRoot!.querySelectorAll<SVGPathElement>('path.map-region')].find((p) => p.isPointInFill(point));
  return hit?.dataset.region ?? null;
}

/** A point of the screen inside a region's shape: the middle of its box when that is inside (the schematic areas are convex). */
function screenPointIn(el: PayamReportForm, region: string): [number, number] {
  const path = part<SVGPathElement>(el, `path.map-region[data-region="${region}"]`);
  path.scrollIntoView({ block: 'center' });
  const box = path.getBBox();
  const inside = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2);
  expect(path.isPointInFill(inside)).to.equal(true);
  const screen = inside.matrixTransform(path.getScreenCTM()!);
  return [Math.round(screen.x), Math.round(screen.y)];
}

// Leaflet itself (from the test server, or the Payam server's copy under /widgets/) and the tiles; not the widgets' own modules.
const tileRequests = () => performance.getEntriesByType('resource').filter((entry) => /\/node_modules\/leaflet\/|\/widgets\/leaflet-|layers\.png/.test(entry.name));

describe('<payam-report-form map>', () => {
  it('shows no map without `map`, and fetches nothing for it', async () => {
    const el = await fixture<PayamReportForm>(html`<payam-report-form base-url=${serverUrl!} api-key="demo" system="137" lang="en"></payam-report-form>`);
    await until(el, () => !!el.shadowRoot!.querySelector('#service'));
    expect(el.shadowRoot!.querySelector('#place-on-map')).to.equal(null);
    expect(performance.getEntriesByType('resource').some((entry) => entry.name.includes('regions.geojson'))).to.equal(false);
  });

  it('places the pin with a click, shows and fills the region it lies in, and registers the pin’s place (English)', async () => {
    const el = await mapForm('en');
    await openMap(el);
    expect(part(el, '#place-on-map').getAttribute('aria-expanded')).to.equal('true');
    expect(part(el, '[part="map-schematic"]').textContent).to.contain('Schematic');
    expect(pin(el).hasAttribute('data-placed')).to.equal(false);
    const six = (await districts()).find((d) => d.properties.region === '6')!;
    await sendMouse({ type: 'click', position: screenPointIn(el, '6') });
    await until(el, () => pin(el).hasAttribute('data-placed'));
    expect(regionUnderPin(el)).to.equal('6');
    expect(regionField(el)).to.equal('6');
    expect(status(el)).to.equal(`Region from the pin: ${six.properties.name.en}`);
    expect(part<HTMLSelectElement>(el, '#map-region-list').value).to.equal('6');
    await expect(el).to.be.accessible();

    const shown = /Location added: ([\d.]+), ([\d.]+)/.exec(part(el, '.location [role="status"]').textContent!)!;
    const place = { lat: Number(shown[1]), long: Number(shown[2]) };
    type(part(el, '#description'), 'The street light in front of the park is out.');
    const submitted = oneEvent(el, 'payam-submitted');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    const { detail } = await submitted;
    const message = await createClient({ baseUrl: serverUrl!, apiKey: 'demo' }).requests.get(detail.id, { citizenToken: detail.citizenToken });
    expect(message.location).to.deep.equal(place);
    expect(message.region).to.equal('6');
  });

  it('places and moves the pin with the arrow keys, the region following it, with Persian digits (Persian)', async () => {
    const el = await mapForm('fa');
    expect(part(el, '#place-on-map').textContent!.trim()).to.equal('گذاشتن روی نقشه');
    await openMap(el);
    expect(getComputedStyle(el).direction).to.equal('rtl');
    pin(el).focus();
    await sendKeys({ press: 'ArrowUp' });
    await until(el, () => pin(el).hasAttribute('data-placed'));
    const middle = regionUnderPin(el);
    expect(middle).to.be.a('string');
    expect(regionField(el)).to.equal(middle);
    const visited = new Set([middle]);
    for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'ArrowDown', 'ArrowDown', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft']) {
      const before = pinPoint(el);
      await sendKeys({ press: key });
      await until(el, () => pinPoint(el).x !== before.x || pinPoint(el).y !== before.y);
      expect(regionField(el)).to.equal(regionUnderPin(el) ?? '');
      visited.add(regionUnderPin(el));
    }
    expect(visited.size, 'the pin crossed into other regions').to.be.greaterThan(1);
    await sendKeys({ press: 'ArrowUp' });
    await until(el, () => regionUnderPin(el) !== null);
    // Focus stays on the pin, the region is said with Persian digits only.
    expect(el.shadowRoot!.activeElement).to.equal(pin(el));
    expect(status(el)).to.match(/^منطقه بنا بر نشانگر: /);
    expect(status(el)).not.to.match(/[0-9]/);
    expect(pin(el).getAttribute('aria-label')).not.to.match(/[0-9]/);
    await expect(el).to.be.accessible();
  });

  it('keeps the list of regions as the keyboard’s alternative; a region chosen there takes away a pin elsewhere', async () => {
    const el = await mapForm('en');
    await openMap(el);
    const list = part<HTMLSelectElement>(el, '#map-region-list');
    expect([...list.options].slice(1, 4).map((o) => o.value)).to.deep.equal(['1', '2', '3']);
    list.value = '12';
    list.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(regionField(el)).to.equal('12');
    expect(part(el, 'path.map-region[data-region="12"]').hasAttribute('data-chosen')).to.equal(true);
    pin(el).focus();
    await sendKeys({ press: 'Enter' });
    await until(el, () => pin(el).hasAttribute('data-placed'));
    const placed = regionUnderPin(el)!;
    expect(regionField(el)).to.equal(placed);
    const other = placed === '1' ? '2' : '1';
    list.value = other;
    list.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(regionField(el)).to.equal(other);
    expect(pin(el).hasAttribute('data-placed')).to.equal(false);
    expect(el.shadowRoot!.querySelector('#use-location')).to.exist;
  });

  it('moves the pin to "use my location", and removing the location clears the pin and the region it gave', async () => {
    const seven = (await districts()).find((d) => d.properties.region === '7')!;
    const [longitude, latitude] = seven.properties.centroid;
    const geolocation = navigator.geolocation;
    const original = geolocation.getCurrentPosition;
    geolocation.getCurrentPosition = (success: PositionCallback) =>
      void setTimeout(() => success({ coords: { latitude, longitude } } as GeolocationPosition), 10);
    try {
      const el = await mapForm('en');
      await openMap(el);
      part<HTMLButtonElement>(el, '#use-location').click();
      await until(el, () => pin(el).hasAttribute('data-placed'));
      expect(regionUnderPin(el)).to.equal('7');
      expect(regionField(el)).to.equal('7');
      part<HTMLButtonElement>(el, '#remove-location').click();
      await until(el, () => !pin(el).hasAttribute('data-placed'));
      expect(regionField(el)).to.equal('');
      expect(status(el)).to.equal('No pin placed yet.');
    } finally {
      geolocation.getCurrentPosition = original;
    }
  });

  it('requests no tiles and no Leaflet without `tiles`; with them, draws the street map under the regions', async () => {
    const plain = await mapForm('en');
    await openMap(plain);
    expect(plain.shadowRoot!.querySelector('[part="base-map"]')).to.equal(null);
    expect(tileRequests()).to.have.length(0);

    const el = await mapForm('en', TILES);
    await openMap(el);
    const base = part(el, '[part="base-map"]');
    expect(base.getAttribute('aria-hidden')).to.equal('true');
    await until(el, () => base.querySelectorAll('img.leaflet-tile-loaded').length > 0);
    expect(part(el, '[part="attribution"]').textContent).to.contain('OpenStreetMap');
    // The pin and the regions stay above the tiles and take the click.
    await sendMouse({ type: 'click', position: screenPointIn(el, '10') });
    await until(el, () => regionField(el) === '10');
    await expect(el).to.be.accessible();
  });
});
