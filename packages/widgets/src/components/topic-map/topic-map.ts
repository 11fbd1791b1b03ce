import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { createClient, type ClientOptions, type PayamClient } from '@payam/client';
import type { FrequencyStats } from '@payam/core/schemas/api';
import { PayamElement } from '../../base/payam-element.js';
import type { WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import { describeFailure, type ShownProblem } from '../../base/errors.js';
import { issueProblems } from '../../base/issue-problems.js';
import { topicMapStyles } from './topic-map.styles.js';
import { colourBreaks, lowestCount, tallyByRegion, topTopics, trend, type TopicService } from './frequency-view.js';
import { drawMap, isRegionCollection, neighbourInDirection, type DrawnMap, type DrawnRegion, type RegionCollection } from './map-geometry.js';
import type { PeriodBucket } from './period-label.js';
import { PayamRegionSelectedEvent } from './region-selected.js';
import type { BaseMap } from './base-map.js';
import { mapWording } from './map-wording.js';
import { BUCKETS, renderFilters, topicOf } from './filters.js';
import { renderRegionShapes } from './region-shapes.js';
import { renderLegend } from './legend.js';
import { renderRegionDetails } from './region-details.js';
import { renderCountsTable, renderCsvExport } from './counts-table.js';
import { leafletUrlOn } from './leaflet-files.js';

/** The client calls the map makes: a `@payam/client` client, or anything shaped like one. */
export type TopicMapClient = Pick<PayamClient, 'services' | 'stats'>;

type Loaded = { stats: FrequencyStats; services: TopicService[]; systems: string[] };
type MapState = { kind: 'loading' } | { kind: 'loaded'; data: Loaded } | { kind: 'failed'; problems: ShownProblem[] };

// The same as the base map module's default, here so that showing it does not load that module.
const DEFAULT_ATTRIBUTION = '© OpenStreetMap contributors';

/**
 * A choropleth of the city's regions coloured by how often the chosen topic was reported, from the
 * public frequency statistics (`/open311/v2/stats/frequency.json`), with filters (system, topic or
 * group of topics, period unit and period, Jalali in Persian), a legend, a tooltip and keyboard
 * focus for every region, the most reported topics and the trend of the chosen topic in the
 * selected region, a table of the same counts, and the counts shown as a CSV file.
 *
 * The regions come from the server (`/open311/v2/regions.geojson`) or from the `regions` property.
 * Schematic areas (not official boundaries) are said to be so. A count the server suppressed
 * (under its minimum, to protect citizens) is shown as "fewer than k", never as 0.
 *
 * @summary Map of how often each topic is reported, by region.
 * @tag payam-topic-map
 *
 * @event {PayamRegionSelectedEvent} payam-region-selected - A region was chosen on the map, or the choice cleared. `detail`: `{ region }` (`null` for the whole city).
 *
 * @csspart filters - The filters.
 * @csspart schematic - The notice that the areas are schematic.
 * @csspart map - The map (an SVG).
 * @csspart region - One region's shape.
 * @csspart tooltip - The tooltip of the region under the pointer or focus.
 * @csspart legend - The legend of the colours.
 * @csspart details - The selected region's top topics and trend.
 * @csspart trend - The trend chart.
 * @csspart table - The table of counts by region.
 * @csspart export - The "export CSV" link.
 * @csspart button - Every button.
 * @csspart alert - The box that explains a failure.
 * @csspart base-map - The street map under the regions (with `tiles`).
 * @csspart attribution - The street map's attribution.
 *
 * @cssproperty --payam-color-primary - Accent colour: the darkest class of the map.
 * @cssproperty --payam-color-text - Text colour.
 * @cssproperty --payam-color-muted - Secondary text and the hatch of suppressed counts.
 * @cssproperty --payam-color-surface - Background colour: the lightest class mixes towards it.
 * @cssproperty --payam-color-border - Border colour.
 * @cssproperty --payam-color-map-empty - Fill of a region without messages.
 * @cssproperty --payam-color-focus - Outline of the focused and the selected region.
 * @cssproperty --payam-font-family - Font family.
 * @cssproperty --payam-radius - Corner radius.
 * @cssproperty --payam-space - Base spacing.
 * @cssproperty --payam-max-width - Widest the widget grows.
 */
export class PayamTopicMap extends PayamElement {
  static override styles = [baseStyles, topicMapStyles];

  static override texts: WidgetTexts = {
    fa: () => import('./texts.fa.js'),
    en: () => import('./texts.en.js'),
  };

  static override properties = {
    ...PayamElement.properties,
    regions: { attribute: false },
    topic: {},
    bucket: {},
    period: {},
    from: {},
    to: {},
    tiles: {},
    tilesAttribution: { attribute: 'tiles-attribution' },
    leafletUrl: { attribute: 'leaflet-url' },
    state: { state: true },
    shownRegions: { state: true },
    selectedRegion: { state: true },
    activeRegion: { state: true },
    pointedRegion: { state: true },
  };

  /** The regions to draw (GeoJSON); by default the server's `/open311/v2/regions.geojson`. */
  declare regions: RegionCollection | undefined;
  /** The topic the map is coloured by: empty for all, a service code as `service:pothole`, a group as `group:Roads`. */
  declare topic: string;
  /** The unit of the periods: `day`, `week` (Saturday to Friday), `month` (Jalali, the default) or `year`. */
  declare bucket: PeriodBucket;
  /** One period to show (its ISO key, as the statistics give it); empty for the whole range. */
  declare period: string;
  /** From this date (Jalali `1404-01-01` or ISO); by default the server's span for the unit. */
  declare from: string;
  /** Up to this date (Jalali or ISO); by default now. */
  declare to: string;
  /** A tile URL (`https://tile.example/{z}/{x}/{y}.png`): a street map under the regions, loaded only then. Empty (default): none. */
  declare tiles: string;
  /** Who the tiles are from, shown under the map (default: OpenStreetMap's contributors). */
  declare tilesAttribution: string;
  /** Where Leaflet's ES module is loaded from for the street map (default: the Payam server's copy, `<base-url>/widgets/leaflet-1.9.4.<hash>.js`). */
  declare leafletUrl: string;

  declare protected state: MapState;
  declare protected shownRegions: DrawnMap | null | 'failed';
  declare protected selectedRegion: string | null;
  declare protected activeRegion: string | null;
  declare protected pointedRegion: string | null;
  private abort: AbortController | undefined;
  private loadToken = 0;
  private fetchedRegionsFrom = '';

  constructor() {
    super();
    this.regions = undefined;
    this.topic = '';
    this.bucket = 'month';
    this.period = '';
    this.from = '';
    this.to = '';
    this.tiles = '';
    this.tilesAttribution = '';
    this.leafletUrl = '';
    this.state = { kind: 'loading' };
    this.shownRegions = null;
    this.selectedRegion = null;
    this.activeRegion = null;
    this.pointedRegion = null;
  }

  /** The statistics shown, once loaded. */
  get statistics(): FrequencyStats | undefined {
    return this.state.kind === 'loaded' ? this.state.data.stats : undefined;
  }

  /** Loads the statistics again. */
  async refresh(): Promise<void> {
    await this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('bucket') && changed.get('bucket') !== undefined) this.period = '';
    if (['system', 'bucket', 'from', 'to', 'baseUrl', 'apiKey', 'client', 'lang'].some((name) => changed.has(name))) void this.load();
    if (changed.has('regions') && this.regions) this.shownRegions = isRegionCollection(this.regions) ? drawMap(this.regions) : 'failed';
    if (!this.regions && (changed.has('baseUrl') || changed.has('regions'))) void this.fetchRegions();
  }

  private baseMap: { key: string; shown: Promise<BaseMap | null> } | undefined;

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const container = this.renderRoot.querySelector<HTMLElement>('.base-map');
    const map = this.shownRegions;
    // Leaflet comes from the Payam server unless the host names another copy: nothing from a third host.
    const leafletUrl = this.leafletUrl || leafletUrlOn(this.baseUrl || globalThis.location?.origin || '');
    const key = container && typeof map === 'object' && map ? `${this.tiles}\n${leafletUrl}\n${map.view.centre.join()}\n${map.view.scale}` : '';
    if (this.baseMap?.key === key) return;
    void this.baseMap?.shown.then((shown) => shown?.remove());
    this.baseMap = undefined;
    if (!key || !container || typeof map !== 'object' || !map) return;
    // The module with Leaflet's loader comes only now: a map without tiles never fetches it.
    const shown = import('./base-map.js')
      .then(({ showBaseMap }) => showBaseMap(container, map, this.tiles, leafletUrl))
      .catch(() => null);
    this.baseMap = { key, shown };
  }

  /** Resolves when the street map (with `tiles`) is drawn: `true`, or `false` when there is none or it failed. */
  get baseMapReady(): Promise<boolean> {
    return this.baseMap ? this.baseMap.shown.then((shown) => shown !== null) : Promise.resolve(false);
  }

  private builtMapClient: { key: string; client: TopicMapClient } | undefined;

  /** The whole client (the map reads with {@link mapApi}). */
  protected connect(options: ClientOptions): PayamClient {
    return createClient(options);
  }

  /** The client given (it must offer `stats`), or one built from the attributes: reading statistics needs no API key. */
  private get mapApi(): TopicMapClient {
    if (this.client) return this.client as unknown as TopicMapClient;
    const baseUrl = this.baseUrl || globalThis.location?.origin || '';
    const key = `${baseUrl}\n${this.apiKey}\n${this.language}`;
    if (this.builtMapClient?.key !== key) {
      this.builtMapClient = { key, client: createClient({ baseUrl, apiKey: this.apiKey || 'public-statistics', lang: this.language }) };
    }
    return this.builtMapClient.client;
  }

  private async load(): Promise<void> {
    const token = ++this.loadToken;
    this.abort?.abort();
    this.abort = new AbortController();
    const signal = this.abort.signal;
    if (this.state.kind !== 'loaded') this.state = { kind: 'loading' };
    const bucket = BUCKETS.includes(this.bucket) ? this.bucket : 'month';
    try {
      const [stats, services] = await Promise.all([
        this.mapApi.stats.frequency({ system: this.system || undefined, bucket, from: this.from || undefined, to: this.to || undefined }, { signal }),
        this.mapApi.services.list({}, { signal }),
      ]);
      if (token !== this.loadToken) return;
      const systems = [...new Set(services.map((s) => s.extended_attributes?.jurisdiction_id).filter((s): s is string => !!s))].sort();
      const inSystem = services.filter((s) => !this.system || !s.extended_attributes || s.extended_attributes.jurisdiction_id === this.system);
      this.state = { kind: 'loaded', data: { stats, systems, services: inSystem.map((s) => ({ code: s.service_code, name: s.service_name, group: s.group })) } };
    } catch (error) {
      if (token !== this.loadToken || signal.aborted) return;
      this.state = { kind: 'failed', problems: describeFailure(error, { lang: this.language, t: (key) => this.t(key), wordIssues: (issues) => issueProblems(issues, this.language) }) };
    }
  }

  private async fetchRegions(): Promise<void> {
    const base = (this.baseUrl || globalThis.location?.origin || '').replace(/\/+$/, '');
    if (this.fetchedRegionsFrom === base) return;
    this.fetchedRegionsFrom = base;
    try {
      const response = await fetch(`${base}/open311/v2/regions.geojson`, { headers: { accept: 'application/geo+json, application/json' } });
      const body: unknown = response.ok ? await response.json() : null;
      if (this.regions || this.fetchedRegionsFrom !== base) return;
      this.shownRegions = isRegionCollection(body) ? drawMap(body) : 'failed';
    } catch {
      if (!this.regions && this.fetchedRegionsFrom === base) this.shownRegions = 'failed';
      this.fetchedRegionsFrom = '';
    }
  }

  private regionName(id: string | null): string {
    if (id === null) return this.t('map.wholeCity');
    const drawn = typeof this.shownRegions === 'object' ? this.shownRegions?.regions.find((r) => r.id === id) : undefined;
    return drawn ? drawn.name[this.language] : id;
  }

  private select(id: string | null): void {
    this.selectedRegion = this.selectedRegion === id ? null : id;
    this.dispatchEvent(new PayamRegionSelectedEvent({ region: this.selectedRegion }));
  }

  private focusRegion(region: DrawnRegion): void {
    this.activeRegion = region.id;
    this.pointedRegion = region.id;
    void this.focusAfterRender(`[data-region="${CSS.escape(region.id)}"]`);
  }

  private onRegionKey(event: KeyboardEvent, region: DrawnRegion, all: readonly DrawnRegion[]): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(region.id);
      return;
    }
    const next =
      event.key === 'Home' ? all[0] : event.key === 'End' ? all.at(-1) : event.key === 'Escape' ? undefined : neighbourInDirection(all, region, event.key);
    if (event.key === 'Escape' && this.selectedRegion) this.select(this.selectedRegion);
    if (next) {
      event.preventDefault();
      this.focusRegion(next);
    }
  }

  override render(): TemplateResult {
    const state = this.state;
    if (state.kind === 'loading') return html`<h2>${this.t('map.title')}</h2><p role="status">${this.t('common.loading')}</p>`;
    if (state.kind === 'failed') {
      return html`<h2>${this.t('map.title')}</h2>
        <div class="notice alert" part="alert" role="alert">${state.problems.map((p) => html`<p>${p.message}</p>`)}</div>
        <button type="button" class="secondary" part="button" @click=${() => this.load()}>${this.t('common.retry')}</button>`;
    }
    const { stats, services } = state.data;
    const wording = mapWording({ t: (key, params) => this.t(key, params), number: (value) => this.i18n.number(value), language: this.language }, stats);
    const topic = topicOf(this.topic);
    const period = stats.periods.find((p) => p.period === this.period) ?? null;
    const periodText = period
      ? wording.period(period)
      : stats.periods.length > 0
        ? this.t('map.periodAll', { first: wording.period(stats.periods[0]!), last: wording.period(stats.periods.at(-1)!) })
        : this.t('map.none');
    const serviceName = (code: string) => services.find((s) => s.code === code)?.name ?? code;
    const topicText = topic.kind === 'all' ? this.t('map.topicAll') : topic.kind === 'group' ? topic.group : serviceName(topic.code);
    const caption = { topic: topicText, period: periodText };
    const tallies = tallyByRegion(stats, topic, services, period?.period ?? null);
    const breaks = colourBreaks(Math.max(0, ...[...tallies.values()].map(lowestCount)));
    const map = this.shownRegions;
    const place = this.regionName(this.selectedRegion);
    const rows = typeof map === 'object' && map ? map.regions : [...tallies.keys()].sort().map((id) => ({ id, name: { fa: id, en: id } }));
    return html`<h2>${this.t('map.title')}</h2>
      ${renderFilters(wording, state.data, { system: this.system, topic: this.topic, period: this.period, choose: (filter, value) => this.choose(filter, value) })}
      ${typeof map === 'object' && map?.schematic ? html`<p class="schematic" part="schematic">${this.t('map.schematic')}</p>` : nothing}
      <div class="layout">
        <div>
          <p class="hint">${this.t('map.keyboardHint')}</p>
          ${map === 'failed'
            ? html`<p class="notice alert" part="alert" role="alert">${this.t('map.regionsFailed')}</p>`
            : map && map.regions.length > 0
              ? renderRegionShapes(wording, map, tallies, breaks, this.t('map.mapLabel', caption), {
                  selectedRegion: this.selectedRegion,
                  activeRegion: this.activeRegion,
                  pointedRegion: this.pointedRegion,
                  withBaseMap: !!this.tiles,
                  select: (id) => this.select(id),
                  onKey: (event, region) => this.onRegionKey(event, region, map.regions),
                  focused: (id) => ((this.activeRegion = id), (this.pointedRegion = id)),
                  pointed: (id) => (this.pointedRegion = id),
                })
              : map
                ? html`<p>${this.t('map.noRegions')}</p>`
                : html`<p role="status">${this.t('common.loading')}</p>`}
          ${this.tiles ? html`<p class="attribution" part="attribution">${this.tilesAttribution || DEFAULT_ATTRIBUTION}</p>` : nothing}
          ${renderLegend(wording, breaks)}
          <p class="hint">${this.t('map.suppressedNote', { count: wording.minimumCount })}</p>
        </div>
        ${renderRegionDetails(wording, {
          place,
          topic: topicText,
          selected: !!this.selectedRegion,
          top: topTopics(stats, this.selectedRegion, period?.period ?? null),
          trend: trend(stats, topic, services, this.selectedRegion),
          serviceName,
          showWholeCity: () => this.select(this.selectedRegion),
        })}
      </div>
      ${renderCountsTable(wording, rows, tallies, caption, this.selectedRegion)}
      ${renderCsvExport(wording, rows, tallies, caption)}`;
  }

  /** A filter chosen in the widget. */
  private choose(filter: 'system' | 'topic' | 'bucket' | 'period', value: string): void {
    if (filter === 'bucket') this.bucket = value as PeriodBucket;
    else this[filter] = value;
  }
}
