import { css } from 'lit';

/** Styles of `<payam-status-tracker>`. */
export const statusTrackerStyles = css`
  .lookup {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  .lookup .field {
    flex: 1 1 12rem;
    margin-block-end: 0;
  }
  .status {
    border-inline-start: 4px solid var(--_primary);
    padding-inline-start: calc(var(--_space) * 0.75);
    margin-block-end: var(--_space);
  }
  .status-label {
    display: inline-block;
    font-weight: 700;
    color: var(--_primary);
  }
  .status[data-status='escalated'],
  .status[data-status='overdue'] {
    border-color: var(--_error);
  }
  .status[data-status='escalated'] .status-label,
  .status[data-status='overdue'] .status-label {
    color: var(--_error);
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 var(--_space);
  }
  dl.facts dt {
    font-weight: 600;
  }
  dl.facts dd {
    margin: 0;
  }
  ol.timeline {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
    border-inline-start: 2px solid var(--_border);
  }
  ol.timeline li {
    position: relative;
    padding-inline-start: var(--_space);
    padding-block-end: calc(var(--_space) * 0.75);
  }
  ol.timeline li::before {
    content: '';
    position: absolute;
    inset-inline-start: -0.4rem;
    inset-block-start: 0.55rem;
    inline-size: 0.7rem;
    block-size: 0.7rem;
    border-radius: 50%;
    background: var(--_primary);
  }
  ol.timeline li[data-type='escalated']::before,
  ol.timeline li[data-type='overdue']::before {
    background: var(--_error);
  }
  .entry-summary {
    font-weight: 600;
  }
  time {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .code {
    font-family: var(--payam-font-family-mono, ui-monospace, monospace);
    unicode-bidi: isolate;
    direction: ltr;
  }
`;
