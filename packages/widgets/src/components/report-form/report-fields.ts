import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Open311Attribute, Open311Service } from '@payam/core/schemas/api';
import { renderField } from '../../base/field.js';
import type { TextKey, TextParams } from '../../base/i18n.js';
import type { Draft } from './draft.js';
import { renderAttributeField, type FieldContext } from './attribute-field.js';

/** What the report form's own fields read from the form and how they change its draft. */
export interface ReportFieldsContext {
  t(key: TextKey, params?: TextParams): string;
  /** A number in the form's digits. */
  number(value: number): string;
  /** The draft as it is now (read when a field changes, not only when it is drawn). */
  readonly draft: Draft;
  edit(change: Partial<Draft>): void;
  /** The problem shown at the input `id`, if any. */
  errorFor(id: string): string | undefined;
  /** Whether the form takes no input now (disabled or sending). */
  busy: boolean;
}

/** A text field of the report form: which draft entry it edits, and how its input behaves. */
export interface TextFieldSpec {
  id: 'description' | 'region' | 'address' | 'phone';
  required: boolean;
  multiline?: boolean;
  type?: string;
  autocomplete?: string;
  dir?: string;
}

/** The subject: the services of the system, or "I don't know". */
export function serviceField(ctx: ReportFieldsContext, services: Open311Service[], choose: (code: string) => void): TemplateResult {
  const chosen = ctx.draft.serviceCode;
  return renderField({
    id: 'service',
    label: ctx.t('report.service'),
    required: false,
    error: ctx.errorFor('service'),
    control: ({ describedBy, invalid }) => html`<select
      id="service"
      name="service"
      ?disabled=${ctx.busy}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${!chosen}>${ctx.t('report.serviceNone')}</option>
      ${services.map((s) => html`<option value=${s.service_code} ?selected=${chosen === s.service_code}>${s.service_name}</option>`)}
    </select>`,
  });
}

/** The message's text, the region, the address or the phone, with its label and hint. */
export function textField(ctx: ReportFieldsContext, field: TextFieldSpec): TemplateResult {
  const { id } = field;
  const onInput = (event: Event) => ctx.edit({ [id]: (event.target as HTMLInputElement).value });
  return renderField({
    id,
    label: ctx.t(`report.${id}`),
    hint: ctx.t(`report.${id}Hint`),
    required: field.required,
    optionalText: ctx.t('common.optional'),
    error: ctx.errorFor(id),
    control: ({ describedBy, invalid }) =>
      field.multiline
        ? html`<textarea id=${id} name=${id} .value=${live(ctx.draft[id])} dir="auto" ?required=${field.required} ?disabled=${ctx.busy}
            aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy} @input=${onInput}></textarea>`
        : html`<input id=${id} name=${id} type=${field.type ?? 'text'} dir=${field.dir ?? 'auto'} autocomplete=${field.autocomplete ?? nothing}
            .value=${live(ctx.draft[id])} ?required=${field.required} ?disabled=${ctx.busy}
            aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${describedBy} @input=${onInput} />`,
  });
}

/** The location: a button that reads it from the device, or the place read and a button that removes it. */
export function locationField(
  ctx: ReportFieldsContext,
  locating: 'idle' | 'busy' | 'failed',
  actions: { use: () => void; remove: () => void },
): TemplateResult {
  const place = ctx.draft.location;
  return renderField({
    id: 'location',
    group: true,
    label: ctx.t('report.location'),
    required: false,
    optionalText: ctx.t('common.optional'),
    error: ctx.errorFor('use-location'),
    control: () => html`<div class="location">
        ${place
          ? html`<span role="status">${ctx.t('report.locationSet', { lat: ctx.number(place.lat), long: ctx.number(place.long) })}</span>
              <button id="remove-location" class="secondary" part="button" type="button" ?disabled=${ctx.busy} @click=${actions.remove}>
                ${ctx.t('report.removeLocation')}
              </button>`
          : html`<button id="use-location" class="secondary" part="button" type="button" ?disabled=${ctx.busy || locating === 'busy'} @click=${actions.use}>
              ${locating === 'busy' ? ctx.t('report.locating') : ctx.t('report.useLocation')}
            </button>`}
      </div>
      ${locating === 'failed' ? html`<span class="error" role="alert">${ctx.t('report.locationDenied')}</span>` : nothing}`,
  });
}

/** "My message is a suggestion" and, when it is, the consent to publish it. */
export function suggestionField(ctx: ReportFieldsContext): TemplateResult {
  const check = (id: 'suggestion' | 'consent', change: (on: boolean) => void, describedBy?: string) =>
    html`<label class="choice">
      <input id=${id} type="checkbox" .checked=${live(ctx.draft[id])} ?disabled=${ctx.busy} aria-describedby=${describedBy ?? nothing}
        @change=${(event: Event) => change((event.target as HTMLInputElement).checked)} />
      ${ctx.t(`report.${id}`)}
    </label>`;
  return renderField({
    id: 'suggestion-group',
    group: true,
    part: 'suggestion',
    label: ctx.t('report.suggestion'),
    required: false,
    control: () => html`<p class="hint" id="suggestion-explanation">${ctx.t('report.suggestionExplanation')}</p>
      ${check('suggestion', (on) => ctx.edit({ suggestion: on, consent: on ? ctx.draft.consent : false }), 'suggestion-explanation')}
      ${ctx.draft.suggestion ? check('consent', (on) => ctx.edit({ consent: on })) : nothing}`,
  });
}

/** The chosen service's own questions, in their order, or nothing when it asks none. */
export function attributesField(
  ctx: ReportFieldsContext,
  attributes: readonly Open311Attribute[],
  dateField: (code: string) => FieldContext['dateField'],
): TemplateResult | typeof nothing {
  if (!attributes.length) return nothing;
  const values = ctx.draft.attributes;
  return html`<fieldset>
    <legend>${ctx.t('report.attributes')}</legend>
    ${[...attributes]
      .sort((a, b) => a.order - b.order)
      .map((attribute) =>
        renderAttributeField(attribute, {
          value: values[attribute.code],
          error: ctx.errorFor(`attr-${attribute.code}`),
          disabled: ctx.busy,
          choose: ctx.t('report.choose'),
          required: ctx.t('common.required'),
          dateField: dateField(attribute.code),
          onChange: (value) => ctx.edit({ attributes: { ...ctx.draft.attributes, [attribute.code]: value } }),
        }),
      )}
  </fieldset>`;
}
