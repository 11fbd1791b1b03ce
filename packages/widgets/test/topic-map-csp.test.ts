import { expect, fixture, html } from '@open-wc/testing';
import '../src/topic-map.js';
import type { PayamTopicMap } from '../src/topic-map.js';
import { part, until } from './helpers.js';
import { mapClient, threeRegions } from './topic-map-fixtures.js';

// Leaflet and the tiles from this test server: the street map needs no network.
const LEAFLET = '/node_modules/leaflet/dist/leaflet-src.esm.js';
const TILES = '/node_modules/leaflet/dist/images/layers.png?z={z}&x={x}&y={y}';

// A municipal page's policy: styles from the page's own files only, no inline `<style>` elements
// or style attributes. Put in place before any widget renders.
const policy = document.createElement('meta');
policy.httpEquiv = 'Content-Security-Policy';
policy.content = "style-src 'self'";
document.head.append(policy);
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.sample || event.blockedURI}`));

describe('<payam-topic-map> on a page whose Content-Security-Policy allows no inline styles', () => {
  it('draws its regions and its street map, Leaflet’s rules in place, without a violation', async () => {
    const el = await fixture<PayamTopicMap>(
      html`<payam-topic-map lang="fa" tiles=${TILES} leaflet-url=${LEAFLET} .client=${mapClient()} .regions=${threeRegions}></payam-topic-map>`,
    );
    await until(el, () => el.shadowRoot!.querySelectorAll('path.region').length > 0);
    expect(await el.baseMapReady).to.equal(true);
    const base = part(el, '[part="base-map"]');
    await until(el, () => base.querySelectorAll('img.leaflet-tile-loaded').length > 0);
    // Leaflet's rules apply: the tiles' container is placed over the map, and a loaded tile shows.
    const container = base.querySelector<HTMLElement>('.leaflet-container')!;
    expect(getComputedStyle(container).position).to.equal('absolute');
    expect(getComputedStyle(base.querySelector('img.leaflet-tile-loaded')!).visibility).to.equal('visible');
    expect(violations).to.deep.equal([]);
  });
});
