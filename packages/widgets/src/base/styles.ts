import { css } from 'lit';

/**
 * The styles every widget shares. Theme tokens (`--payam-*`) have defaults here, a light and a
 * dark one (`light-dark()`): the widget follows the reader's colour scheme
 * (`prefers-color-scheme`) unless its `theme` attribute is `light` or `dark`; a token the host
 * sets wins in both. Logical properties and `:dir()` make one stylesheet serve Persian (RTL)
 * and English (LTR).
 */
export const baseStyles = css`
  :host {
    color-scheme: light dark;
    --_primary: var(--payam-color-primary, light-dark(#0b6e4f, #4cc38a));
    --_on-primary: var(--payam-color-on-primary, light-dark(#fff, #000));
    --_text: var(--payam-color-text, light-dark(#1d2327, #e6e8ea));
    --_muted: var(--payam-color-muted, light-dark(#50575e, #a7aaad));
    --_surface: var(--payam-color-surface, Canvas);
    --_border: var(--payam-color-border, #8c8f94);
    --_error: var(--payam-color-error, light-dark(#b32d2e, #f28b82));
    --_success: var(--payam-color-success, light-dark(#00603a, #5fd49b));
    --_focus: var(--payam-color-focus, #2271b1);
    --_radius: var(--payam-radius, 0.5rem);
    --_space: var(--payam-space, 1rem);
    display: block;
    box-sizing: border-box;
    max-inline-size: var(--payam-max-width, 40rem);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--payam-font-family, system-ui, Tahoma, sans-serif);
    font-size: var(--payam-font-size, 1rem);
    line-height: 1.7;
    text-align: start;
  }
  :host([theme=light]) {
    color-scheme: light;
  }
  :host([theme=dark]) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:dir(rtl)) {
    font-family: var(--payam-font-family, Vazirmatn, Tahoma, system-ui, sans-serif);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3 {
    margin-block: 0 calc(var(--_space) * 0.75);
    line-height: 1.4;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.05em;
  }
  p {
    margin-block: 0 calc(var(--_space) * 0.75);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-block-end: var(--_space);
  }
  label,
  legend {
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0 0 var(--_space);
    padding: calc(var(--_space) * 0.75);
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: normal;
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    padding-block: 0.4rem;
    padding-inline: 0.6rem;
    inline-size: 100%;
  }
  textarea {
    min-block-size: 6rem;
    resize: vertical;
  }
  input[type='checkbox'],
  input[type='radio'] {
    inline-size: 1.1rem;
    block-size: 1.1rem;
    accent-color: var(--_primary);
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .error {
    color: var(--_error);
    font-size: 0.9em;
  }
  .required-mark {
    color: var(--_error);
    margin-inline-start: 0.15rem;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--_radius) * 0.6);
    padding-block: 0.45rem;
    padding-inline: 1rem;
    border: 1px solid var(--_primary);
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  .primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .secondary {
    background: transparent;
    color: var(--_primary);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .alert,
  .alert {
    border-color: var(--_error);
    color: var(--_error);
  }
  .alert ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .notice {
    border: 1px solid var(--_success);
    border-inline-start-width: 4px;
    border-radius: calc(var(--_radius) * 0.6);
    padding: calc(var(--_space) * 0.5) calc(var(--_space) * 0.75);
    margin-block-end: var(--_space);
  }
  .citizen-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
