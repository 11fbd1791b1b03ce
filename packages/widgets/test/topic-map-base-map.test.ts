import { expect, fixture, html } from '@open-wc/testing';
import '../src/topic-map.js';
import type { PayamTopicMap } from '../src/topic-map.js';
import { part, until } from './helpers.js';
import { mapClient, threeRegions } from './topic-map-fixtures.js';
import { LEAFLET_MODULE_FILE } from '../src/components/topic-map/leaflet-files.js';

const serverUrl = window.PAYAM_SERVER_URL;

// Leaflet and the tiles from this test server: the street map needs no network.
const LEAFLET = '/node_modules/leaflet/dist/leaflet-src.esm.js';
const TILES = '/node_modules/leaflet/dist/images/layers.png?z={z}&x={x}&y={y}';

async function topicMap(tiles = '', lang = 'en'): Promise<PayamTopicMap> {
  const el = await fixture<PayamTopicMap>(
    html`<payam-topic-map lang=${lang} tiles=${tiles} leaflet-url=${LEAFLET} .client=${mapClient()} .regions=${threeRegions}></payam-topic-map>`,
  );
  await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length > 0);
  return el;
}

const leafletRequested = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('leaflet-src'));

describe('<payam-topic-map> street map under the regions', () => {
  it('loads nothing of it without a tile URL', async () => {
    const el = await topicMap();
    expect(await el.baseMapReady).to.equal(false);
    expect(el.shadowRoot!.querySelector('.base-map')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="attribution"]')).to.equal(null);
    expect(leafletRequested()).to.equal(false);
  });

  it('with a tile URL, draws the tiles under the regions, shows the attribution, keeps the keyboard on the regions, and stays accessible', async () => {
    const el = await topicMap(TILES);
    expect(await el.baseMapReady).to.equal(true);
    expect(leafletRequested()).to.equal(true);
    const base = part(el, '[part="base-map"]');
    expect(base.getAttribute('aria-hidden')).to.equal('true');
    await until(el, () => base.querySelectorAll('img.leaflet-tile-loaded').length > 0);
    const tiles = [...base.querySelectorAll<HTMLImageElement>('img.leaflet-tile')];
    expect(tiles.every((t) => /layers\.png\?z=\d+&x=\d+&y=\d+$/.test(t.src))).to.equal(true);
    expect(part(el, '[part="attribution"]').textContent).to.contain('OpenStreetMap');
    // The regions lie above the tiles: the point at a region's centre is that region.
    const region = part<SVGPathElement>(el, 'path[data-region="1"]');
    const box = region.getBoundingClientRect();
    const hit = el.shadowRoot!.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)[0];
    expect(hit?.getAttribute('part')).to.equal('region');
    // The street map takes neither focus nor the pointer.
    expect(base.querySelectorAll('[tabindex]:not([tabindex="-1"])')).to.have.length(0);
    expect(getComputedStyle(base.querySelector('.leaflet-container')!).pointerEvents).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('takes the host’s attribution, in Persian too, and removes the street map when the tile URL goes', async () => {
    const el = await topicMap(TILES, 'fa');
    el.tilesAttribution = 'نقشه از شهرداری تهران';
    await el.updateComplete;
    expect(part(el, '[part="attribution"]').textContent).to.equal('نقشه از شهرداری تهران');
    expect(await el.baseMapReady).to.equal(true);
    el.tiles = '';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.base-map')).to.equal(null);
    expect(await el.baseMapReady).to.equal(false);
  });

  it('by default loads Leaflet from the Payam server it reads (`base-url`), and nothing from another host', async () => {
    expect(serverUrl, 'the reference server must be running').to.be.a('string');
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(1000);
    const el = await fixture<PayamTopicMap>(
      html`<payam-topic-map lang="en" base-url=${serverUrl!} tiles=${TILES} .client=${mapClient()} .regions=${threeRegions}></payam-topic-map>`,
    );
    await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length > 0);
    expect(await el.baseMapReady).to.equal(true);
    await until(el, () => part(el, '[part="base-map"]').querySelectorAll('img.leaflet-tile-loaded').length > 0);
    const requested = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(requested).to.include(`${serverUrl}/widgets/${LEAFLET_MODULE_FILE}`);
    // The page's own origin (the tiles given here) and the Payam server: no other.
    const origins = new Set([location.origin, new URL(serverUrl!).origin]);
    expect(requested.filter((url) => !origins.has(new URL(url).origin))).to.deep.equal([]);
  });

  it('is served Leaflet by the Payam server under a name that holds its version and hash, embeddable from any origin and cached for a year', async () => {
    // A fetch from this page's origin in CORS mode: it is read only when the server allows every origin.
    const served = await fetch(`${serverUrl!}/widgets/${LEAFLET_MODULE_FILE}`, { mode: 'cors' });
    expect(served.status).to.equal(200);
    expect(served.headers.get('content-type')).to.contain('text/javascript');
    expect(served.headers.get('cache-control')).to.contain('immutable');
    // Its bytes are the ones its name says (the build names it from the installed Leaflet's module).
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await served.arrayBuffer()));
    const hash = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('').slice(0, 12);
    expect(LEAFLET_MODULE_FILE).to.equal(`leaflet-1.9.4.${hash}.js`);
  });
});
