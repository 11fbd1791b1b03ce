import { html, nothing, type TemplateResult } from 'lit';
import type { ShownProblem } from './errors.js';

/** What an error summary lists. */
export interface ErrorSummary {
  /** The sentence above the list (`''` for none). */
  heading: string;
  /** Problems that belong to no field (a failed send). */
  general: readonly ShownProblem[];
  /** Problems of fields, each a link to its field when `linkOf` is given. */
  fields: readonly ShownProblem[];
  /** The id of the input that shows a field's problem. */
  linkOf?: (problem: ShownProblem) => string;
  /** A line under the list. */
  footer?: string;
}

/** Focuses a field, or the first choice of a group of choices. */
function focusField(target: Element | null | undefined): void {
  (target?.matches('fieldset') ? target.querySelector<HTMLElement>('input') : (target as HTMLElement | null | undefined))?.focus();
}

/** A link of the summary: focus goes to the field at fault in the widget's shadow tree, and the page does not scroll to a fragment. */
function followLink(event: Event): void {
  event.preventDefault();
  const link = event.currentTarget as HTMLAnchorElement;
  const root = link.getRootNode() as ShadowRoot | Document;
  focusField(root.querySelector(`#${CSS.escape(link.hash.slice(1))}`));
}

/**
 * Moves focus to the first of the fields at fault (`ids`, in the order they are drawn, among
 * `candidates`), or to the summary when none is drawn.
 */
export function focusFirstProblem(root: ParentNode, ids: readonly string[], candidates = '[aria-invalid="true"]'): void {
  const first = [...root.querySelectorAll(candidates)].find((field) => ids.includes(field.id));
  focusField(first ?? root.querySelector('[role="alert"]'));
}

/**
 * The box that lists what stops a form from being sent, announced as an alert (focus goes to it
 * or to the first field at fault); each problem of a field links to its field.
 */
export function renderErrorSummary(summary: ErrorSummary): TemplateResult | typeof nothing {
  const { general, fields, linkOf } = summary;
  if (general.length + fields.length === 0) return nothing;
  return html`<div class="alert" role="alert" part="alert" tabindex="-1">
    ${summary.heading ? html`<p>${summary.heading}</p>` : nothing}
    <ul>
      ${general.map((p) => html`<li>${p.message}</li>`)}
      ${fields.map((p) => html`<li>${linkOf ? html`<a href=${`#${linkOf(p)}`} @click=${followLink}>${p.message}</a>` : p.message}</li>`)}
    </ul>
    ${summary.footer ? html`<p>${summary.footer}</p>` : nothing}
  </div>`;
}
