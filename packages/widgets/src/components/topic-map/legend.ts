import { html, type TemplateResult } from 'lit';
import type { MapWording } from './map-wording.js';

/** The legend of the colours: none, fewer than k (hatched), then each class's range of counts. */
export function renderLegend(wording: MapWording, breaks: readonly number[]): TemplateResult {
  const { t, number } = wording;
  return html`<ul class="legend" part="legend" aria-label=${t('map.legend')}>
    <li><span class="swatch"></span>${t('map.legendNone')}</li>
    <li><span class="swatch" data-class="fewer"></span>${t('map.fewerThan', { count: wording.minimumCount })}</li>
    ${breaks.map((limit, i) => {
      const low = i === 0 ? 1 : breaks[i - 1]! + 1;
      const range = low === limit ? number(limit) : `${number(low)}–${number(limit)}`;
      return html`<li><span class="swatch" data-class=${String(i)}></span>${range}</li>`;
    })}
  </ul>`;
}
