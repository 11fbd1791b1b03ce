import { html, nothing, svg, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { colourClass, lowestCount, type Tally } from './frequency-view.js';
import type { DrawnMap, DrawnRegion } from './map-geometry.js';
import type { MapWording } from './map-wording.js';

/** Which region is selected, focusable and pointed at, and what the regions do on input. */
export interface RegionShapesState {
  selectedRegion: string | null;
  /** The region that takes the focus (a roving tabindex). */
  activeRegion: string | null;
  /** The region under the pointer or the focus: the tooltip's. */
  pointedRegion: string | null;
  /** Whether a street map lies under the regions. */
  withBaseMap: boolean;
  select(id: string): void;
  onKey(event: KeyboardEvent, region: DrawnRegion): void;
  focused(id: string): void;
  pointed(id: string | null): void;
}

const NO_MESSAGES: Tally = { known: 0, suppressed: 0 };

/**
 * The regions as an SVG choropleth, each a button with its name and count, coloured by its class
 * (hatched when only suppressed cells stand behind it), with the tooltip of the pointed region and
 * the box the street map is drawn in.
 */
export function renderRegionShapes(wording: MapWording, map: DrawnMap, tallies: ReadonlyMap<string, Tally>, breaks: readonly number[], label: string, state: RegionShapesState): TemplateResult {
  const { t, language } = wording;
  const active = map.regions.some((r) => r.id === state.activeRegion) ? state.activeRegion : map.regions[0]?.id;
  const pointed = map.regions.find((r) => r.id === state.pointedRegion);
  const classOf = (tally: Tally | undefined) =>
    !tally ? 'none' : tally.known === 0 && tally.suppressed > 0 ? 'fewer' : String(colourClass(lowestCount(tally), breaks));
  const countOf = (id: string) => wording.reading(tallies.get(id) ?? NO_MESSAGES);
  return html`<div class="map-area" ?data-base-map=${state.withBaseMap}>
    ${state.withBaseMap ? html`<div class="base-map" part="base-map" aria-hidden="true"></div>` : nothing}
    <svg class="map" part="map" role="group" aria-label=${label} viewBox="0 0 ${map.width} ${map.height}">
      <defs>
        <pattern id="payam-fewer-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--_surface)"></rect>
          <line class="hatch-line" x1="0" y1="0" x2="0" y2="6"></line>
        </pattern>
      </defs>
      ${map.regions.map(
        (r) => svg`<path class="region" part="region" role="button" data-region=${r.id} data-class=${classOf(tallies.get(r.id))} d=${r.path}
          tabindex=${r.id === active ? '0' : '-1'} aria-pressed=${r.id === state.selectedRegion ? 'true' : 'false'}
          aria-label=${t('map.regionCount', { name: r.name[language], count: countOf(r.id) })}
          @click=${() => state.select(r.id)} @keydown=${(e: KeyboardEvent) => state.onKey(e, r)}
          @focus=${() => state.focused(r.id)} @blur=${() => state.pointed(null)}
          @pointerenter=${() => state.pointed(r.id)} @pointerleave=${() => state.pointed(null)}></path>`,
      )}
    </svg>
    ${pointed
      ? html`<div class="tooltip" part="tooltip" aria-hidden="true" style=${styleMap({ left: `${(100 * pointed.centre[0]) / map.width}%`, top: `${(100 * pointed.centre[1]) / map.height}%` })}>
          ${pointed.name[language]}: ${countOf(pointed.id)}
        </div>`
      : nothing}
  </div>`;
}
