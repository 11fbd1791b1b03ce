import { html, nothing, type TemplateResult } from 'lit';
import type { RegionTopic, TrendPoint } from './frequency-view.js';
import type { MapWording } from './map-wording.js';
import { trendChart } from './trend-chart.js';

/** What the details of the selected region (or the whole city) show. */
export interface RegionDetails {
  /** The region's name, or "the whole city". */
  place: string;
  /** The chosen topic, named. */
  topic: string;
  /** Whether a region is selected (then a button goes back to the whole city). */
  selected: boolean;
  top: readonly RegionTopic[];
  trend: readonly TrendPoint[];
  serviceName(code: string): string;
  showWholeCity(): void;
}

/** The most reported topics of the place and the trend of the chosen topic there, read aloud as well as drawn. */
export function renderRegionDetails(wording: MapWording, details: RegionDetails): TemplateResult {
  const { t, language } = wording;
  const { place, topic } = details;
  const pointPeriod = (p: TrendPoint) => wording.period(p.period);
  const count = (p: TrendPoint) => wording.reading(p.tally);
  return html`<section class="details" part="details" aria-labelledby="details-heading">
    <h3 id="details-heading">${t('map.topTitle', { place })}</h3>
    ${details.selected ? html`<button type="button" class="secondary" part="button" @click=${details.showWholeCity}>${t('map.showWholeCity')}</button>` : nothing}
    ${details.top.length > 0
      ? html`<ol class="top">${details.top.map((p) => html`<li><span dir="auto">${details.serviceName(p.code)}</span>: ${wording.reading(p.tally)}</li>`)}</ol>`
      : html`<p>${t('map.noTopics')}</p>`}
    <h3 id="trend-heading">${t('map.trendTitle', { topic, place })}</h3>
    <figure class="trend" part="trend" role="img" aria-label=${t('map.trendLabel', { topic, place, values: details.trend.map((p) => `${pointPeriod(p)}: ${count(p)}`).join(language === 'fa' ? '، ' : ', ') })}>
      ${trendChart(details.trend, { period: pointPeriod, count, rtl: language === 'fa' })}
    </figure>
  </section>`;
}
