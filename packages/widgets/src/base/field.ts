import { html, nothing, type TemplateResult } from 'lit';

/** One field as every widget draws it: a label, the required mark, a hint, an error, and the control they describe. */
export interface FieldSpec {
  /** The id of the control (a group's id for {@link FieldSpec.group}); the hint and the error are `<id>-hint` and `<id>-error`. */
  id: string;
  /** What the field asks for. */
  label: string;
  /** Whether an answer is required: a `*` mark, and `requiredText` said to screen readers where given. */
  required: boolean;
  /** Shown after the label of a field that is not required, as "(optional)". */
  optionalText?: string;
  /** Said to screen readers after a required group's label (a group cannot carry `required` itself). */
  requiredText?: string;
  /** What the answer looks like. */
  hint?: string;
  /** What is wrong with the answer now. */
  error?: string;
  /** A group of choices (`<fieldset>` with a `<legend>`) instead of one labelled control. */
  group?: boolean;
  /** The `part` of the field's box (default `field`). */
  part?: string;
  /** Marks the box with `data-attribute` (the code of a service's attribute). */
  attribute?: string;
  /**
   * Draws the control itself, given what it is described by (the hint and the error ids, for
   * `aria-describedby`) and whether it is invalid (for `aria-invalid`). Citizen text inputs
   * take `dir="auto"`.
   */
  control(described: { describedBy: string; invalid: boolean }): TemplateResult | TemplateResult[];
}

const requiredMark = html`<span class="required-mark" aria-hidden="true">*</span>`;

/** The ids a field's control is described by: its hint and its error, when shown. */
export function describedByOf(id: string, hint: string | undefined, error: string | undefined): string {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
}

/**
 * Renders one field: the label (or a group's legend) with the required mark or "(optional)", the
 * control, the hint and the error, tied together with `aria-describedby`. Every form field of the
 * widgets is drawn here, so they look and read the same.
 */
export function renderField(field: FieldSpec): TemplateResult {
  const { id, hint, error } = field;
  const describedBy = describedByOf(id, hint, error);
  const mark = field.required
    ? html`${requiredMark}${field.requiredText ? html`<span class="visually-hidden"> (${field.requiredText})</span>` : nothing}`
    : field.optionalText
      ? html` <span class="hint">(${field.optionalText})</span>`
      : nothing;
  const hintLine = hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : nothing;
  const errorLine = error ? html`<span class="error" id=${`${id}-error`}>${error}</span>` : nothing;
  const control = field.control({ describedBy, invalid: !!error });
  if (field.group) {
    return html`<fieldset id=${id} part=${field.part ?? 'field'} aria-describedby=${describedBy || nothing} data-attribute=${field.attribute ?? nothing}>
      <legend>${field.label}${mark}</legend>
      ${hintLine} ${control} ${errorLine}
    </fieldset>`;
  }
  return html`<div class="field" part=${field.part ?? 'field'} data-attribute=${field.attribute ?? nothing}>
    <label for=${id}>${field.label}${mark}</label>
    ${control} ${hintLine} ${errorLine}
  </div>`;
}
