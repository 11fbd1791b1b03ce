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
  .success h2 {
    color: var(--_success);
  }
`;
