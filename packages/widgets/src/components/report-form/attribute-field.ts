import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Open311Attribute } from '@payam/core/schemas/api';
import { renderField } from '../../base/field.js';

/** What a field needs from its form. */
export interface FieldContext {
  value: string | string[] | undefined;
  /** The problem shown under the field, if any. */
  error: string | undefined;
  /** Whether the form is busy or disabled. */
  disabled: boolean;
  /** Texts: the "choose…" placeholder. */
  choose: string;
  /** Texts: "required", said to screen readers where a group cannot carry `required` itself. */
  required: string;
  /**
   * Renders a date-time field in the page's calendar (the Jalali one in Persian); absent where the
   * browser's own `datetime-local` input reads well (English).
   */
  dateField?: (field: { id: string; value: string; disabled: boolean; invalid: boolean; describedBy: string; required: boolean; onChange(value: string): void }) => TemplateResult;
  onChange(value: string | string[]): void;
}

/**
 * Renders one Open311 attribute as a form field: `string` a text input, `number` a text input
 * that takes Persian digits, `datetime` a date-time input (in the page's calendar, see
 * {@link FieldContext.dateField}), `text` a text area,
 * `singlevaluelist` a select, `multivaluelist` a group of check boxes. An attribute that is not
 * `variable` is information for the citizen, shown as text.
 */
export function renderAttributeField(attribute: Open311Attribute, field: FieldContext): TemplateResult {
  const id = `attr-${attribute.code}`;
  if (!attribute.variable) {
    return html`<p class="hint" part="attribute-info" data-attribute=${attribute.code}>${attribute.description}</p>`;
  }
  const text = typeof field.value === 'string' ? field.value : '';
  const onInput = (event: Event) => field.onChange((event.target as HTMLInputElement).value);
  const group = attribute.datatype === 'multivaluelist';
  return renderField({
    id,
    label: attribute.description,
    required: attribute.required,
    ...(group ? { requiredText: field.required } : {}),
    hint: attribute.datatype_description || undefined,
    error: field.error,
    group,
    attribute: attribute.code,
    control: ({ describedBy, invalid }) => {
      const ariaInvalid = invalid ? 'true' : 'false';
      if (group) {
        const chosen = new Set(Array.isArray(field.value) ? field.value : []);
        const toggle = (key: string, on: boolean) => {
          const next = new Set(chosen);
          if (on) next.add(key);
          else next.delete(key);
          field.onChange((attribute.values ?? []).map((v) => v.key).filter((k) => next.has(k)));
        };
        return (attribute.values ?? []).map(
          (value) => html`<label class="choice">
            <input type="checkbox" name=${attribute.code} value=${value.key} .checked=${live(chosen.has(value.key))} ?disabled=${field.disabled}
              aria-invalid=${ariaInvalid} @change=${(event: Event) => toggle(value.key, (event.target as HTMLInputElement).checked)} />
            ${value.name}
          </label>`,
        );
      }
      if (attribute.datatype === 'datetime' && field.dateField) {
        return field.dateField({ id, value: text, disabled: field.disabled, invalid, describedBy, required: attribute.required, onChange: field.onChange });
      }
      if (attribute.datatype === 'text') {
        return html`<textarea id=${id} name=${attribute.code} dir="auto" .value=${live(text)} ?required=${attribute.required} ?disabled=${field.disabled}
          aria-invalid=${ariaInvalid} aria-describedby=${describedBy || nothing} @input=${onInput}></textarea>`;
      }
      if (attribute.datatype === 'singlevaluelist') {
        return html`<select id=${id} name=${attribute.code} ?required=${attribute.required} ?disabled=${field.disabled}
          aria-invalid=${ariaInvalid} aria-describedby=${describedBy || nothing} @change=${onInput}>
          <option value="" ?selected=${text === ''}>${field.choose}</option>
          ${(attribute.values ?? []).map((v) => html`<option value=${v.key} ?selected=${text === v.key}>${v.name}</option>`)}
        </select>`;
      }
      return html`<input id=${id} name=${attribute.code} type=${attribute.datatype === 'datetime' ? 'datetime-local' : 'text'} dir="auto"
        inputmode=${attribute.datatype === 'number' ? 'decimal' : nothing} .value=${live(text)} ?required=${attribute.required}
        ?disabled=${field.disabled} aria-invalid=${ariaInvalid} aria-describedby=${describedBy || nothing} @input=${onInput} />`;
    },
  });
}
