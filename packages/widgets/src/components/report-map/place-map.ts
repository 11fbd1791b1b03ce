/**
 * The report form's map, loaded when the citizen first opens it: the regions (the server's
 * `regions.geojson`, drawn as `<payam-topic-map>` draws them), a pin the citizen places with a
 * click or a tap and moves with the arrow keys, the region the pin lies in, and the list of
 * regions as the keyboard's alternative. With a tile URL, the street map is drawn under the
 * regions by the topic map's base map; without one, nothing but the regions is fetched.
 */
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { Language } from '@payam/core';
import type { TextKey, TextParams, WidgetTexts } from '../../base/i18n.js';
import { drawMap, isRegionCollection, type DrawnMap, type RegionCollection } from '../topic-map/map-geometry.js';
import type { BaseMap } from '../topic-map/base-map.js';
import { leafletUrlOn } from '../topic-map/leaflet-files.js';
import type { FormKit } from './map-opener.js';
import type { Draft } from '../report-form/draft.js';
import { isArrow, movedPlace, placeAt, pointOf, regionAt, type Place } from './place-geometry.js';
import { placeMapStyles } from './place-map.styles.js';

export { placeMapStyles };

/** The map's texts, per language (loaded with the map, never before). */
export const placeMapTexts: WidgetTexts = {
  fa: () => import('./texts.fa.js'),
  en: () => import('./texts.en.js'),
};

/** What the map reads from the form and how it changes the form's draft. */
export interface PlaceMapContext {
  t(key: TextKey, params?: TextParams): string;
  /** A number in the form's digits. */
  number(value: number): string;
  lang: Language;
  /** The draft as it is now. */
  readonly draft: Draft;
  edit(change: Partial<Draft>): void;
  /** Whether the form takes no input now. */
  busy: boolean;
}

/** What the host page set on the form for its map. */
export interface PlaceMapSettings {
  /** A tile URL template; empty: the regions alone. */
  tiles: string;
  /** Who the tiles are from. */
  tilesAttribution: string;
  /** Where Leaflet's ES module comes from (empty: the copy the Payam server serves). */
  leafletUrl: string;
}

const DEFAULT_ATTRIBUTION = '© OpenStreetMap contributors';
// A pin whose tip is at (0, 0), 16 units wide; scaled to the map's box.
const PIN_PATH = 'M0 0C-3-6-8-10-8-16A8 8 0 1 1 8-16C8-10 3-6 0 0Z';

const samePlace = (a: Place | undefined, b: Place | undefined) => a === b || (!!a && !!b && a.lat === b.lat && a.long === b.long);

/** The map of one form: its regions, the pin's last place seen, and the street map under it. */
export class PlaceMap {
  /** The regions: `undefined` while they load, `'failed'` when they could not. */
  private regions: { collection: RegionCollection; drawn: DrawnMap } | 'failed' | undefined;
  /** The server the regions came from: by default its copy of Leaflet is used too. */
  private base = '';
  /** The location the map last saw in the draft (`null`: none seen yet). */
  private seen: Place | undefined | null = null;
  /** The region the pin last filled in, cleared again when the pin goes. */
  private derived: string | null = null;
  private baseMap: { container: HTMLElement; key: string; shown: Promise<BaseMap | null> } | undefined;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Fetches the regions from the server at `baseUrl` (this page's origin when empty). */
  async load(baseUrl: string): Promise<void> {
    const base = (baseUrl || globalThis.location?.origin || '').replace(/\/+$/, '');
    this.base = base;
    try {
      const response = await fetch(`${base}/open311/v2/regions.geojson`, { headers: { accept: 'application/geo+json, application/json' } });
      const body: unknown = response.ok ? await response.json() : null;
      this.regions = isRegionCollection(body) ? { collection: body, drawn: drawMap(body) } : 'failed';
    } catch {
      this.regions = 'failed';
    }
    this.host.requestUpdate();
  }

  /**
   * Follows the draft's location as it changes outside the map ("use my location", "remove
   * location", a reset): the region the pin lies in fills the form's region, and a region the pin
   * filled in goes with it. Called before each render of the form.
   */
  follow(draft: Draft, edit: (change: Partial<Draft>) => void): void {
    if (typeof this.regions !== 'object') return;
    const first = this.seen === null;
    const place = draft.location;
    if (!first && samePlace(place, this.seen ?? undefined)) return;
    this.seen = place;
    const region = place ? regionAt(this.regions.collection, place) : null;
    if (region && (!first || !draft.region)) {
      this.derived = region;
      if (draft.region !== region) edit({ region });
    } else if (!first && this.derived !== null && draft.region === this.derived) {
      this.derived = null;
      edit({ region: '' });
    }
  }

  /** Puts the pin at `place` and the region it lies in into the form. */
  private place(ctx: PlaceMapContext, place: Place | null): void {
    if (!place || typeof this.regions !== 'object') return;
    const region = regionAt(this.regions.collection, place);
    const keep = this.derived !== null && ctx.draft.region === this.derived ? '' : ctx.draft.region;
    this.seen = place;
    this.derived = region;
    ctx.edit({ location: place, region: region ?? keep });
  }

  /** The region chosen from the list; a pin in another region is taken away, since the two would disagree. */
  private choose(ctx: PlaceMapContext, region: string): void {
    if (typeof this.regions !== 'object') return;
    const place = ctx.draft.location;
    const disagrees = !!place && regionAt(this.regions.collection, place) !== region;
    this.derived = null;
    if (disagrees) this.seen = undefined;
    ctx.edit(disagrees ? { region, location: undefined } : { region });
  }

  private regionName(ctx: PlaceMapContext, drawn: DrawnMap, id: string): string {
    const name = drawn.regions.find((r) => r.id === id)?.name[ctx.lang] ?? id;
    return name === id && /^\d+$/.test(id) ? ctx.number(Number(id)) : name;
  }

  /** The map, the region the pin lies in and the list of regions. */
  render(ctx: PlaceMapContext, settings: PlaceMapSettings, kit: Pick<FormKit, 'html' | 'svg' | 'nothing'>): TemplateResult {
    const { html, svg, nothing } = kit;
    const t = ctx.t;
    const regions = this.regions;
    if (regions === undefined) return html`<p role="status">${t('placeMap.loading')}</p>`;
    if (regions === 'failed' || regions.drawn.regions.length === 0) return html`<p class="error" role="alert">${t('placeMap.regionsFailed')}</p>`;
    const { drawn, collection } = regions;
    const place = ctx.draft.location;
    const inRegion = place ? regionAt(collection, place) : null;
    const [x, y] = place ? pointOf(drawn, place) : [drawn.width / 2, drawn.height / 2];
    const scale = drawn.width / 360;
    const pinLabel = !place
      ? t('placeMap.pinUnplaced')
      : inRegion
        ? t('placeMap.pinPlaced', { region: this.regionName(ctx, drawn, inRegion) })
        : t('placeMap.pinOutside');
    const sorted = [...drawn.regions].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    const onClick = (event: MouseEvent) => {
      const matrix = (event.currentTarget as SVGSVGElement).getScreenCTM();
      if (ctx.busy || !matrix) return;
      const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      this.place(ctx, placeAt(drawn, [point.x, point.y]));
    };
    const onKey = (event: KeyboardEvent) => {
      if (ctx.busy) return;
      const placing = !place && (event.key === 'Enter' || event.key === ' ');
      if (!placing && !isArrow(event.key)) return;
      event.preventDefault();
      this.place(ctx, movedPlace(drawn, place, event.key, event.shiftKey));
    };
    return html`<div class="place-map-view">
      ${drawn.schematic ? html`<p class="hint" part="map-schematic">${t('placeMap.schematic')}</p>` : nothing}
      <p class="hint" id="place-map-hint">${t('placeMap.hint')}</p>
      <div class="place-map-area" dir="ltr" ?data-base-map=${!!settings.tiles}>
        ${settings.tiles ? html`<div class="base-map" part="base-map" aria-hidden="true"></div>` : nothing}
        <svg class="place-map" part="map" role="group" aria-label=${t('placeMap.mapLabel')} viewBox="0 0 ${drawn.width} ${drawn.height}" @click=${onClick}>
          <g aria-hidden="true">
            ${drawn.regions.map(
              (r) => svg`<path class="map-region" part="map-region" data-region=${r.id} ?data-chosen=${r.id === ctx.draft.region} d=${r.path}></path>`,
            )}
          </g>
          <g class="pin" part="pin" role="button" tabindex=${ctx.busy ? '-1' : '0'} ?data-placed=${!!place} aria-label=${pinLabel}
            aria-describedby="place-map-hint" transform="translate(${x} ${y}) scale(${scale})" @keydown=${onKey}>
            <path class="pin-body" d=${PIN_PATH}></path>
            <circle class="pin-dot" cx="0" cy="-16" r="3"></circle>
          </g>
        </svg>
      </div>
      ${settings.tiles ? html`<p class="place-map-attribution" part="attribution">${settings.tilesAttribution || DEFAULT_ATTRIBUTION}</p>` : nothing}
      <p class="place-map-region" part="map-region-status" role="status">
        ${!place ? t('placeMap.noPin') : inRegion ? t('placeMap.region', { name: this.regionName(ctx, drawn, inRegion) }) : t('placeMap.outside')}
      </p>
      <div class="field">
        <label for="map-region-list">${t('placeMap.list')}</label>
        <select id="map-region-list" part="region-list" ?disabled=${ctx.busy}
          @change=${(event: Event) => this.choose(ctx, (event.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!ctx.draft.region}>${t('placeMap.listNone')}</option>
          ${sorted.map((r) => html`<option value=${r.id} ?selected=${r.id === ctx.draft.region}>${this.regionName(ctx, drawn, r.id)}</option>`)}
        </select>
      </div>
    </div>`;
  }

  /** After a render: draws the street map under the regions (with `tiles`), or takes it away. */
  updated(root: ParentNode, settings: PlaceMapSettings): void {
    const container = root.querySelector<HTMLElement>('.place-map-area .base-map');
    const drawn = typeof this.regions === 'object' ? this.regions.drawn : undefined;
    const leafletUrl = settings.leafletUrl || leafletUrlOn(this.base);
    const key = container && drawn ? `${settings.tiles}\n${leafletUrl}` : '';
    if (this.baseMap && this.baseMap.key === key && this.baseMap.container === container) return;
    this.removeBaseMap();
    if (!key || !container || !drawn) return;
    // The base map's module (Leaflet's loader) comes only now: without tiles it is never fetched.
    const shown = import('../topic-map/base-map.js')
      .then(({ showBaseMap }) => showBaseMap(container, drawn, settings.tiles, leafletUrl))
      .catch(() => null);
    this.baseMap = { container, key, shown };
  }

  /** Resolves `true` once the street map is drawn; `false` when there is none or it failed. */
  get baseMapReady(): Promise<boolean> {
    return this.baseMap ? this.baseMap.shown.then((shown) => shown !== null) : Promise.resolve(false);
  }

  /** Takes the street map away (the map was closed). */
  removeBaseMap(): void {
    void this.baseMap?.shown.then((shown) => shown?.remove());
    this.baseMap = undefined;
  }
}
