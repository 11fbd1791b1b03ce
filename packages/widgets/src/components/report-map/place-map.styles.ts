/**
 * Styles of the report form's map, added to the form's shadow root when the map is first opened.
 * A plain text, not lit's `css`: the map's chunk then shares no more of lit with the form's file.
 */
export const placeMapStyles = `
  .place-map-area {
    position: relative;
    max-inline-size: 32rem;
  }
  .place-map-area .base-map {
    position: absolute;
    inset: 0;
    overflow: hidden;
  }
  svg.place-map {
    position: relative;
    display: block;
    inline-size: 100%;
    block-size: auto;
    cursor: crosshair;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .map-region {
    fill: var(--payam-color-map-empty, color-mix(in srgb, var(--_border) 18%, var(--_surface)));
    stroke: var(--_surface);
    stroke-width: 1;
  }
  [data-base-map] .map-region {
    fill-opacity: 0.45;
  }
  .map-region[data-chosen] {
    fill: color-mix(in srgb, var(--_primary) 30%, var(--_surface));
  }
  .pin {
    cursor: grab;
  }
  .pin .pin-body {
    fill: var(--_primary);
    stroke: var(--_surface);
    stroke-width: 1.5;
  }
  .pin .pin-dot {
    fill: var(--_surface);
  }
  .pin:not([data-placed]) .pin-body {
    fill: var(--_surface);
    stroke: var(--_primary);
    stroke-dasharray: 3 2;
  }
  .pin:focus {
    outline: none;
  }
  .pin:focus-visible .pin-body {
    stroke: var(--_focus);
    stroke-width: 3;
  }
  .place-map-attribution {
    margin: 0;
    font-size: 0.75em;
    color: var(--_muted);
  }
`;
