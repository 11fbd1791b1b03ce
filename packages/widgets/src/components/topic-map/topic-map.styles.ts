import { css } from 'lit';

/** Styles of `<payam-topic-map>`: five classes of the accent colour, a hatch for suppressed counts. */
export const topicMapStyles = css`
  :host {
    max-inline-size: var(--payam-max-width, 56rem);
    --_class-0: color-mix(in srgb, var(--_primary) 14%, var(--_surface));
    --_class-1: color-mix(in srgb, var(--_primary) 32%, var(--_surface));
    --_class-2: color-mix(in srgb, var(--_primary) 52%, var(--_surface));
    --_class-3: color-mix(in srgb, var(--_primary) 74%, var(--_surface));
    --_class-4: var(--_primary);
    --_empty: var(--payam-color-map-empty, color-mix(in srgb, var(--_border) 18%, var(--_surface)));
  }
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    gap: 0.5rem 1rem;
    border: 0;
    padding: 0;
  }
  .schematic {
    border-inline-start: 4px solid var(--_muted);
    padding-inline-start: 0.5rem;
    color: var(--_muted);
  }
  .layout {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
    align-items: start;
  }
  .map-area {
    position: relative;
  }
  .base-map {
    position: absolute;
    inset: 0;
    overflow: hidden;
  }
  [data-base-map] svg.map {
    position: relative;
  }
  [data-base-map] .region {
    fill-opacity: 0.65;
  }
  .attribution {
    margin: 0;
    font-size: 0.75em;
    color: var(--_muted);
  }
  svg.map {
    display: block;
    inline-size: 100%;
    block-size: auto;
  }
  .region {
    fill: var(--_empty);
    stroke: var(--_surface);
    stroke-width: 1;
    cursor: pointer;
  }
  .region:focus {
    outline: none;
  }
  .region:focus-visible,
  .region[aria-pressed='true'] {
    stroke: var(--_focus);
    stroke-width: 3;
  }
  [data-class='0'] { fill: var(--_class-0); }
  [data-class='1'] { fill: var(--_class-1); }
  [data-class='2'] { fill: var(--_class-2); }
  [data-class='3'] { fill: var(--_class-3); }
  [data-class='4'] { fill: var(--_class-4); }
  [data-class='fewer'] { fill: url(#payam-fewer-hatch); }
  .hatch-line {
    stroke: var(--_muted);
    stroke-width: 1.5;
  }
  .tooltip {
    position: absolute;
    transform: translate(-50%, calc(-100% - 0.5rem));
    pointer-events: none;
    background: var(--_text);
    color: var(--_surface);
    border-radius: calc(var(--_radius) * 0.6);
    padding-block: 0.2rem;
    padding-inline: 0.5rem;
    font-size: 0.9em;
    white-space: nowrap;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
    font-size: 0.9em;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 0.3rem;
  }
  .swatch {
    display: inline-block;
    inline-size: 1rem;
    block-size: 1rem;
    border: 1px solid var(--_border);
    background: var(--_empty);
  }
  .swatch[data-class='fewer'] {
    background: repeating-linear-gradient(45deg, var(--_surface) 0 3px, var(--_muted) 3px 4px);
  }
  .swatch[data-class='0'] { background: var(--_class-0); }
  .swatch[data-class='1'] { background: var(--_class-1); }
  .swatch[data-class='2'] { background: var(--_class-2); }
  .swatch[data-class='3'] { background: var(--_class-3); }
  .swatch[data-class='4'] { background: var(--_class-4); }
  figure.trend {
    margin: 0;
  }
  tr[data-selected] th,
  tr[data-selected] td {
    font-weight: 700;
    background: color-mix(in srgb, var(--_focus) 12%, var(--_surface));
  }
  .trend-chart {
    display: block;
    inline-size: 100%;
    block-size: 6rem;
    margin-block-end: var(--_space);
  }
  .trend-chart .bar {
    fill: var(--_primary);
  }
  .trend-chart .bar.suppressed {
    fill: var(--_muted);
    fill-opacity: 0.5;
  }
  .trend-chart .axis {
    stroke: var(--_border);
  }
  ol.top {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.5rem;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    margin-block-end: var(--_space);
  }
  caption {
    text-align: start;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  th,
  td {
    border-block-end: 1px solid var(--_border);
    padding-block: 0.2rem;
    padding-inline: 0.4rem;
    text-align: start;
  }
  td.count {
    font-variant-numeric: tabular-nums;
  }
  a.export {
    color: var(--_primary);
    font-weight: 600;
  }
`;
