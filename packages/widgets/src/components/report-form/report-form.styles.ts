import { css } from 'lit';

/** Styles of `<payam-report-form>`. */
export const reportFormStyles = css`
  .guidance {
    border-inline-start: 4px solid var(--_primary);
    padding-inline-start: calc(var(--_space) * 0.75);
    margin-block-end: var(--_space);
  }
  .location {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .tracking-code {
    display: inline-block;
    font-family: var(--payam-font-family-mono, ui-monospace, monospace);
    font-size: 1.5em;
    font-weight: 700;
    letter-spacing: 0.05em;
    direction: ltr;
    unicode-bidi: isolate;
    border: 2px dashed var(--_primary);
    border-radius: var(--_radius);
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    margin-block-end: var(--_space);
  }
  a {
    color: var(--_primary);
  }
  .jalali-field {
    display: flex;
    gap: 0.5rem;
  }
  .jalali-field input {
    flex: 1;
  }
  .calendar {
    margin-block-start: 0.5rem;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    inline-size: max-content;
  }
  .calendar-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .calendar th,
  .calendar td {
    text-align: center;
    padding: 0;
  }
  .calendar td button {
    min-inline-size: 2.5rem;
    min-block-size: 2.5rem;
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
    font: inherit;
  }
  .calendar td[aria-selected='true'] button {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .success h2 {
    color: var(--_success);
  }
`;
