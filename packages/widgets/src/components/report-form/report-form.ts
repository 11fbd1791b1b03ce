import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Open311Service } from '@payam/core';
import type { CreatedMessage } from '@payam/client';
import { PayamElement } from '../../base/payam-element.js';
import type { WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import { describeFailure, isTransient, type ShownProblem } from '../../base/errors.js';
import { PayamSubmittedEvent } from '../../base/events.js';
import type { JalaliDateTimeField } from './jalali-date-time.js';
import { jalaliTools } from './jalali-tools.js';
import { renderAttributeField, type FieldContext } from './attribute-field.js';
import {
  checkDraft,
  emptyDraft,
  inputIdOf,
  newIdempotencyKey,
  toMessageInput,
  type ChosenService,
  type Draft,
} from './draft.js';
import { reportFormStyles } from './report-form.styles.js';
import { forgetDraft, readDraft, writeDraft } from './saved-draft.js';
import { forgetOnDevice, keepForSession, myMessages, personalLink, rememberOnDevice } from '../../base/citizen-links.js';
import type { PersonalLinkState } from './personal-link.js';

/** The personal-link view, loaded once a message is registered. */
type PersonalLinkView = typeof import('./personal-link.js');

type Phase = 'editing' | 'sending' | 'sent';

/** The inputs whose problems belong to the chosen subject (service). */
const SUBJECT_FIELDS = /^(attr-|service$|region$|address$|consent$)/;

/** The Persian date-time fields, by attribute code, and how to make one once their module is loaded. */
interface JalaliFields {
  fields: Map<string, JalaliDateTimeField>;
  create?: (host: PayamReportForm) => JalaliDateTimeField;
}

/**
 * The form a citizen registers a message with. It loads the services of its `system`, renders
 * the chosen service's form (every Open311 attribute datatype, required marks, guidance), the
 * optional region, address and location, the phone for SMS and, for services that allow it, the
 * consent to publish a suggestion. It checks the message before sending, sends it with an
 * idempotency key (a retry after a network failure never registers it twice, and nothing the
 * citizen wrote is lost), then shows the tracking code and the citizen's personal link (the
 * tracking link with the token, built on `track-url` or this page), with copy and share buttons
 * and, with the citizen's consent, "remember on this device" (then the status tracker offers it
 * under "my messages" on the next visit).
 *
 * What the citizen writes is kept in the tab's session storage (without the phone number) until
 * the message is registered, so a reload loses nothing; `keep-draft="none"` turns that off.
 *
 * Inside a host page's `<form>` it takes part as a form control named by `name`: its value is the
 * registered message's tracking id, and with `required` the host form is invalid until a message
 * is registered.
 *
 * @summary Register a message (137 request or 1888 complaint).
 * @tag payam-report-form
 *
 * @event {CustomEvent<SubmittedDetail>} payam-submitted - The message was registered. `detail`: `{ id, citizenToken }`; keep
 *   the token private (never log it).
 *
 * @csspart form - The form element.
 * @csspart guidance - The service's guidance text.
 * @csspart field - Each field (label, input, hint and error).
 * @csspart attribute-info - Information the service's form gives without a field.
 * @csspart button - Every button.
 * @csspart submit - The send button.
 * @csspart alert - The box that lists problems.
 * @csspart success - The view shown after registering.
 * @csspart tracking-code - The tracking code in the success view.
 * @csspart personal-link - The personal link, its buttons and "remember on this device".
 * @csspart track-link - The link to the tracking page in the success view (with `track-url`).
 * @csspart suggestion - The group that offers to publish a suggestion (services that allow it).
 *
 * @cssproperty --payam-color-primary - Accent colour (buttons, guidance).
 * @cssproperty --payam-color-on-primary - Text on the accent colour.
 * @cssproperty --payam-color-text - Text colour.
 * @cssproperty --payam-color-muted - Hints.
 * @cssproperty --payam-color-surface - Background colour.
 * @cssproperty --payam-color-border - Borders of fields.
 * @cssproperty --payam-color-error - Errors and required marks.
 * @cssproperty --payam-color-success - The success view.
 * @cssproperty --payam-color-focus - Focus ring colour.
 * @cssproperty --payam-font-family - Font family.
 * @cssproperty --payam-font-family-mono - Font family of the tracking code.
 * @cssproperty --payam-font-size - Base font size.
 * @cssproperty --payam-radius - Corner radius.
 * @cssproperty --payam-space - Base spacing.
 * @cssproperty --payam-max-width - Widest the widget grows.
 */
export class PayamReportForm extends PayamElement {
  /** The element takes part in a host page's `<form>`. */
  static formAssociated = true;

  static override styles = [baseStyles, reportFormStyles];

  static override texts: WidgetTexts = {
    fa: () => import('./texts.fa.js'),
    en: () => import('./texts.en.js'),
  };

  static override properties = {
    ...PayamElement.properties,
    service: {},
    consentVersion: { attribute: 'consent-version' },
    trackUrl: { attribute: 'track-url' },
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    keepDraft: { attribute: 'keep-draft' },
    services: { state: true },
    servicesFailure: { state: true },
    chosen: { state: true },
    draft: { state: true },
    problems: { state: true },
    failure: { state: true },
    phase: { state: true },
    created: { state: true },
    locating: { state: true },
    personal: { state: true },
  };

  /** Code of a service to choose at the start (the citizen can change it). */
  declare service: string;
  /** Version of the consent text shown for suggestions, recorded with the citizen's consent. */
  declare consentVersion: string;
  /** Link to the tracking page; `{id}` is replaced with the tracking code. */
  declare trackUrl: string;
  /** Name under which the tracking id is submitted with a host page's form. */
  declare name: string;
  /** Whether a host page's form is invalid until a message is registered. */
  declare required: boolean;
  /** Whether the form is disabled (also when a host page's fieldset is). */
  declare disabled: boolean;
  /** `session` (default): keep the draft in the tab's session storage until it is sent; `none`: keep nothing. */
  declare keepDraft: string;

  declare private services: Open311Service[] | undefined;
  declare private servicesFailure: ShownProblem[] | undefined;
  declare private chosen: ChosenService | undefined;
  declare private draft: Draft;
  declare private problems: ShownProblem[];
  declare private failure: { problems: ShownProblem[]; transient: boolean } | undefined;
  declare private phase: Phase;
  declare private created: CreatedMessage | undefined;
  declare private locating: 'idle' | 'busy' | 'failed';
  declare private personal: PersonalLinkState | undefined;
  private personalView: PersonalLinkView | undefined;

  private readonly internals: ElementInternals;
  /** The Persian date-time fields, by attribute code, once their module is loaded. */
  private jalali: JalaliFields | undefined;
  private idempotency: { key: string; sent: string } | undefined;
  private formDisabled = false;
  private servicesLoad = 0;
  private definitionLoad = 0;

  constructor() {
    super();
    this.service = '';
    this.consentVersion = 'v1';
    this.trackUrl = '';
    this.name = '';
    this.required = false;
    this.disabled = false;
    this.keepDraft = 'session';
    this.services = undefined;
    this.servicesFailure = undefined;
    this.chosen = undefined;
    this.draft = emptyDraft();
    this.problems = [];
    this.failure = undefined;
    this.phase = 'editing';
    this.created = undefined;
    this.locating = 'idle';
    this.personal = undefined;
    this.internals = this.attachInternals();
  }

  /** The tracking id of the registered message (`''` before), the value a host form receives. */
  get value(): string {
    return this.created?.id ?? '';
  }

  /** The host page's form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** Whether the element satisfies its constraints in a host page's form. */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Like {@link checkValidity}, and lets the browser show the reason. */
  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Clears the form for a new message. */
  reset(): void {
    this.forgetSavedDraft();
    this.draft = emptyDraft(this.service);
    this.problems = [];
    this.failure = undefined;
    this.phase = 'editing';
    this.created = undefined;
    this.personal = undefined;
    this.locating = 'idle';
    this.idempotency = undefined;
    if (this.chosen?.service.service_code !== this.draft.serviceCode) this.chosen = undefined;
    if (this.draft.serviceCode) void this.loadDefinition(this.draft.serviceCode);
  }

  /** Called by the browser when a host page's form is reset. */
  formResetCallback(): void {
    this.reset();
  }

  /** Called by the browser when a host page's fieldset disables or enables this element. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  private get busy(): boolean {
    return this.disabled || this.formDisabled || this.phase === 'sending';
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('service') && !this.draft.serviceCode) this.draft = { ...this.draft, serviceCode: this.service };
    if (['system', 'baseUrl', 'apiKey', 'client', 'lang'].some((key) => changed.has(key))) {
      void this.loadServices();
    }
    if (changed.has('required') || changed.has('created') || changed.has('lang')) this.updateFormValue();
  }

  private updateFormValue(): void {
    this.internals.setFormValue(this.created ? this.created.id : null);
    if (this.required && !this.created) {
      this.internals.setValidity({ valueMissing: true }, this.t('report.submit'));
    } else {
      this.internals.setValidity({});
    }
    try {
      if (this.created) this.internals.states.add('submitted');
      else this.internals.states.delete('submitted');
    } catch {
      // Browsers without custom states still get the value and the validity.
    }
  }

  private async loadServices(): Promise<void> {
    const load = ++this.servicesLoad;
    this.servicesFailure = undefined;
    try {
      const all = await this.api.services.list({ system: this.system });
      if (load !== this.servicesLoad) return;
      this.services = all.filter((s) => (s.extended_attributes?.jurisdiction_id ?? this.system) === this.system);
      if (this.draft.serviceCode) await this.loadDefinition(this.draft.serviceCode);
    } catch (error) {
      if (load !== this.servicesLoad) return;
      this.services = undefined;
      this.servicesFailure = this.describe(error);
    }
  }

  private async loadDefinition(code: string): Promise<void> {
    const load = ++this.definitionLoad;
    const service = this.services?.find((s) => s.service_code === code);
    if (!service) {
      this.chosen = undefined;
      return;
    }
    try {
      const definition = service.metadata ? await this.api.services.get(code) : { service_code: code, attributes: [] };
      if (load === this.definitionLoad) this.chosen = { service, definition };
    } catch (error) {
      if (load === this.definitionLoad) this.failure = { problems: this.describe(error), transient: isTransient(error) };
    }
  }

  private describe(error: unknown): ShownProblem[] {
    return describeFailure(error, { lang: this.language, t: (key) => this.t(key) });
  }

  private edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
    this.saveDraft();
  }

  /** Where the draft is kept: one per page, form and system. */
  private get draftKey(): string | undefined {
    if (this.keepDraft === 'none') return undefined;
    return `payam-draft:${globalThis.location?.pathname ?? ''}:${this.id || 'report-form'}:${this.system}`;
  }

  private saveDraft(): void {
    const key = this.draftKey;
    if (key && this.phase !== 'sent') writeDraft(key, this.draft, this.idempotency);
  }

  private forgetSavedDraft(): void {
    const key = this.draftKey;
    if (key) forgetDraft(key);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const key = this.draftKey;
    const saved = key ? readDraft(key) : undefined;
    if (saved && this.phase === 'editing' && !this.draft.description) {
      this.draft = { ...saved.draft, phone: '' };
      this.idempotency = saved.idempotency;
    }
  }

  private setAttributeValue(code: string, value: string | string[]): void {
    this.edit({ attributes: { ...this.draft.attributes, [code]: value } });
  }

  private chooseService(code: string): void {
    this.edit({ serviceCode: code, attributes: {}, suggestion: false, consent: false });
    // What the left subject asked for (its fields, its required region or address) no longer applies.
    this.problems = this.problems.filter((p) => !SUBJECT_FIELDS.test(inputIdOf(p.field)));
    this.chosen = undefined;
    if (code) void this.loadDefinition(code);
  }

  private useLocation(): void {
    if (!('geolocation' in navigator)) {
      this.locating = 'failed';
      return;
    }
    this.locating = 'busy';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const round = (n: number) => Math.round(n * 1e6) / 1e6;
        this.edit({ location: { lat: round(position.coords.latitude), long: round(position.coords.longitude) } });
        this.locating = 'idle';
        void this.focusAfterRender('#remove-location');
      },
      () => {
        this.locating = 'failed';
        void this.focusAfterRender('#use-location');
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  private readonly removeLocation = (): void => {
    this.edit({ location: undefined });
    void this.focusAfterRender('#use-location');
  };

  /** A link of the error summary: focus goes to the field at fault (the first choice of a group). */
  private readonly focusField = (event: Event): void => {
    event.preventDefault();
    const id = (event.currentTarget as HTMLAnchorElement).hash.slice(1);
    const target = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    (target?.matches('fieldset') ? target.querySelector<HTMLElement>('input') : target)?.focus();
  };

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const input = toMessageInput(this.draft, {
      system: this.system,
      lang: this.language,
      consentVersion: this.consentVersion,
      chosen: this.draft.serviceCode ? this.chosen : undefined,
    });
    this.failure = undefined;
    this.problems = checkDraft(input, this.draft.serviceCode ? this.chosen : undefined, this.language);
    if (this.problems.length > 0) {
      await this.focusFirstProblem();
      return;
    }
    // One key per content: sending the same text again (after a failure) reuses it, so the
    // server registers the message at most once.
    // The phone is left out of the comparison because it is never saved with the draft.
    const content = JSON.stringify({ ...input, contact: {} });
    if (this.idempotency?.sent !== content) this.idempotency = { key: newIdempotencyKey(), sent: content };
    this.saveDraft();
    this.phase = 'sending';
    try {
      const created = await this.api.requests.create(input, { idempotencyKey: this.idempotency.key });
      keepForSession(created.id, created.citizenToken);
      // Without its view (a chunk that did not load) the tracking code is still shown.
      this.personalView ??= await import('./personal-link.js').catch(() => undefined);
      const page = this.trackUrl.replace('{id}', encodeURIComponent(created.id));
      const link = personalLink(page, created.id, created.citizenToken);
      this.personal = link ? { id: created.id, token: created.citizenToken, link, copied: 'idle', remembered: myMessages().some((m) => m.id === created.id) } : undefined;
      this.created = created;
      this.phase = 'sent';
      this.idempotency = undefined;
      this.forgetSavedDraft();
      this.dispatchEvent(new PayamSubmittedEvent({ id: this.created.id, citizenToken: this.created.citizenToken }));
      await this.focusAfterRender('.success h2');
    } catch (error) {
      this.phase = 'editing';
      const problems = this.describe(error);
      const transient = isTransient(error);
      this.failure = { problems: problems.filter((p) => !p.field || transient), transient };
      if (!transient) this.problems = problems.filter((p) => p.field);
      if (this.problems.length) await this.focusFirstProblem();
      else await this.focusAfterRender('[role="alert"]');
    }
  }

  /** Focus goes to the first field at fault; the list of problems is announced as an alert. */
  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    const ids = this.problems.map((p) => inputIdOf(p.field));
    const fields = [...this.renderRoot.querySelectorAll<HTMLElement>('[aria-invalid="true"], #use-location')];
    const first = fields.find((f) => ids.includes(f.id)) ?? this.renderRoot.querySelector<HTMLElement>('[role="alert"]');
    (first?.matches('fieldset') ? first.querySelector<HTMLElement>('input') : first)?.focus();
  }

  /**
   * The Persian date-time field of an attribute: in Persian, the Jalali calendar (its module is
   * loaded on first need, the browser's own input shown meanwhile); in English, none.
   */
  private jalaliField(code: string): FieldContext['dateField'] {
    if (this.language !== 'fa') return undefined;
    if (!this.jalali) {
      const jalali: JalaliFields = { fields: new Map() };
      void import('./jalali-date-time.js').then(
        (module) => {
          jalali.create = (host) => new module.JalaliDateTimeField(host, jalaliTools);
          this.requestUpdate();
        },
        () => {
          this.jalali = undefined;
        },
      );
      this.jalali = jalali;
    }
    const { create, fields } = this.jalali;
    if (!create) return undefined;
    let field = fields.get(code);
    if (!field) fields.set(code, (field = create(this)));
    const texts = {
      calendar: this.t('report.calendar'),
      previousMonth: this.t('report.previousMonth'),
      nextMonth: this.t('report.nextMonth'),
      format: this.t('report.dateTimeHint'),
    };
    const rendered = field;
    return (context) => rendered.render({ ...context, texts });
  }

  private errorFor(id: string): string | undefined {
    return this.problems.find((p) => inputIdOf(p.field) === id)?.message;
  }

  override render(): TemplateResult {
    return this.phase === 'sent' && this.created ? this.renderSuccess(this.created) : this.renderForm();
  }

  private renderSuccess(created: CreatedMessage): TemplateResult {
    const link = this.trackUrl ? this.trackUrl.replace('{id}', encodeURIComponent(created.id)) : '';
    // Focus moves to the heading, which announces the success; the copy button has its own status line.
    return html`<section class="success" part="success">
      <h2 tabindex="-1">${this.t('report.successTitle')}</h2>
      <p>${this.t('report.trackingCode')}:</p>
      <p><span class="tracking-code" part="tracking-code">${created.id}</span></p>
      ${created.notice ? html`<p class="notice">${created.notice}</p>` : nothing}
      <p>${this.t('report.whatNext')}</p>
      ${this.draft.phone.trim() ? html`<p>${this.t('report.smsNext')}</p>` : nothing}
      ${this.personal && this.personalView
        ? this.personalView.renderPersonalLink({
            html,
            nothing,
            t: (key, params) => this.t(key, params),
            remember: (on) => {
              const { id, token, link } = this.personal!;
              if (on) rememberOnDevice(id, token, link);
              else forgetOnDevice(id);
              this.personal = { ...this.personal!, remembered: on };
            },
            personal: this.personal,
            setPersonal: (change) => (this.personal = { ...this.personal!, ...change }),
            renderRoot: this.renderRoot,
          })
        : nothing}
      <div class="actions">
        ${link ? html`<a href=${link} part="track-link">${this.t('report.track')}</a>` : nothing}
        <button class="secondary" part="button" type="button" @click=${this.registerAnother}>${this.t('report.another')}</button>
      </div>
    </section>`;
  }

  private readonly registerAnother = async (): Promise<void> => {
    this.reset();
    await this.focusAfterRender('#description');
  };

  private renderProblems(): TemplateResult | typeof nothing {
    const problems = [...(this.failure?.problems ?? []), ...this.problems];
    if (problems.length === 0) return nothing;
    const heading = this.failure && !this.problems.length ? '' : this.t('common.fixErrors', { count: problems.length });
    return html`<div class="alert" role="alert" part="alert" tabindex="-1">
      ${heading ? html`<p>${heading}</p>` : nothing}
      <ul>
        ${this.failure?.problems.map((p) => html`<li>${p.message}</li>`)}
        ${this.problems.map((p) => html`<li><a href=${`#${inputIdOf(p.field)}`} @click=${this.focusField}>${p.message}</a></li>`)}
      </ul>
      ${this.failure?.transient ? html`<p>${this.t('report.retryKept')}</p>` : nothing}
    </div>`;
  }

  private renderForm(): TemplateResult {
    const busy = this.busy;
    const ext = this.chosen?.service.extended_attributes;
    const requiresRegion = ext?.requires_region ?? false;
    const requiresAddress = ext?.requires_address ?? false;
    const attributes = [...(this.chosen?.definition.attributes ?? [])].sort((a, b) => a.order - b.order);
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${this.phase === 'sending' ? 'true' : 'false'}>
      <h2>${this.t('report.title')}</h2>
      <p class="hint">${this.t('common.requiredNote')}</p>
      ${this.renderProblems()}
      ${this.renderServiceChoice(busy)}
      ${ext?.guidance
        ? html`<div class="guidance" part="guidance">
            <h3>${this.t('report.guidance')}</h3>
            <p class="citizen-text" dir="auto">${ext.guidance}</p>
          </div>`
        : nothing}
      ${this.textField({ id: 'description', label: this.t('report.description'), hint: this.t('report.descriptionHint'), required: true, multiline: true, value: this.draft.description, onInput: (v) => this.edit({ description: v }), busy })}
      ${attributes.length
        ? html`<fieldset>
            <legend>${this.t('report.attributes')}</legend>
            ${attributes.map((attribute) =>
              renderAttributeField(attribute, {
                value: this.draft.attributes[attribute.code],
                error: this.errorFor(`attr-${attribute.code}`),
                disabled: busy,
                choose: this.t('report.choose'),
                required: this.t('common.required'),
                dateField: this.jalaliField(attribute.code),
                onChange: (value) => this.setAttributeValue(attribute.code, value),
              }),
            )}
          </fieldset>`
        : nothing}
      ${this.textField({ id: 'region', label: this.t('report.region'), hint: this.t('report.regionHint'), required: requiresRegion, value: this.draft.region, onInput: (v) => this.edit({ region: v }), busy })}
      ${this.textField({ id: 'address', label: this.t('report.address'), hint: this.t('report.addressHint'), required: requiresAddress, value: this.draft.address, onInput: (v) => this.edit({ address: v }), busy, autocomplete: 'street-address' })}
      ${this.renderLocation(busy)}
      ${this.textField({ id: 'phone', label: this.t('report.phone'), hint: this.t('report.phoneHint'), required: false, value: this.draft.phone, onInput: (v) => this.edit({ phone: v }), busy, type: 'tel', autocomplete: 'tel', dir: 'ltr' })}
      ${ext?.suggestions_allowed ? this.renderSuggestion(busy) : nothing}
      <div class="actions">
        <button class="primary" part="button submit" type="submit" ?disabled=${busy}>
          ${this.phase === 'sending' ? this.t('report.sending') : this.t('report.submit')}
        </button>
      </div>
    </form>`;
  }

  private renderServiceChoice(busy: boolean): TemplateResult {
    if (this.servicesFailure) {
      return html`<div class="alert" role="alert" part="alert">
        ${this.servicesFailure.map((p) => html`<p>${p.message}</p>`)}
        <button class="secondary" part="button" type="button" @click=${() => void this.loadServices()}>${this.t('common.retry')}</button>
      </div>`;
    }
    if (!this.services) return html`<p role="status">${this.t('report.servicesLoading')}</p>`;
    const error = this.errorFor('service');
    return html`<div class="field" part="field">
      <label for="service">${this.t('report.service')}</label>
      <select
        id="service"
        name="service"
        ?disabled=${busy}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'service-error' : nothing}
        @change=${(event: Event) => this.chooseService((event.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${!this.draft.serviceCode}>${this.t('report.serviceNone')}</option>
        ${this.services.map(
          (s) => html`<option value=${s.service_code} ?selected=${this.draft.serviceCode === s.service_code}>${s.service_name}</option>`,
        )}
      </select>
      ${error ? html`<span class="error" id="service-error">${error}</span>` : nothing}
    </div>`;
  }

  private textField(field: {
    id: string;
    label: string;
    hint: string;
    required: boolean;
    value: string;
    onInput: (value: string) => void;
    busy: boolean;
    multiline?: boolean;
    type?: string;
    autocomplete?: string;
    dir?: string;
  }): TemplateResult {
    const error = this.errorFor(field.id);
    const describedBy = `${field.id}-hint${error ? ` ${field.id}-error` : ''}`;
    const onInput = (event: Event) => field.onInput((event.target as HTMLInputElement).value);
    const label = html`<label for=${field.id}>
      ${field.label}${field.required
        ? html`<span class="required-mark" aria-hidden="true">*</span>`
        : html` <span class="hint">(${this.t('common.optional')})</span>`}
    </label>`;
    const control = field.multiline
      ? html`<textarea
          id=${field.id}
          name=${field.id}
          .value=${live(field.value)}
          dir="auto"
          ?required=${field.required}
          ?disabled=${field.busy}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${onInput}
        ></textarea>`
      : html`<input
          id=${field.id}
          name=${field.id}
          type=${field.type ?? 'text'}
          dir=${field.dir ?? 'auto'}
          autocomplete=${field.autocomplete ?? nothing}
          .value=${live(field.value)}
          ?required=${field.required}
          ?disabled=${field.busy}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${onInput}
        />`;
    return html`<div class="field" part="field">
      ${label} ${control}
      <span class="hint" id=${`${field.id}-hint`}>${field.hint}</span>
      ${error ? html`<span class="error" id=${`${field.id}-error`}>${error}</span>` : nothing}
    </div>`;
  }

  private renderLocation(busy: boolean): TemplateResult {
    const location = this.draft.location;
    const error = this.errorFor('use-location');
    return html`<div class="field" part="field">
      <span class="label" id="location-label"><strong>${this.t('report.location')}</strong> <span class="hint">(${this.t('common.optional')})</span></span>
      <div class="location" role="group" aria-labelledby="location-label">
        ${location
          ? html`<span role="status">${this.t('report.locationSet', { lat: this.i18n.number(location.lat), long: this.i18n.number(location.long) })}</span>
              <button id="remove-location" class="secondary" part="button" type="button" ?disabled=${busy} @click=${this.removeLocation}>
                ${this.t('report.removeLocation')}
              </button>`
          : html`<button id="use-location" class="secondary" part="button" type="button" ?disabled=${busy || this.locating === 'busy'} @click=${this.useLocation}>
              ${this.locating === 'busy' ? this.t('report.locating') : this.t('report.useLocation')}
            </button>`}
      </div>
      ${this.locating === 'failed' ? html`<span class="error" role="alert">${this.t('report.locationDenied')}</span>` : nothing}
      ${error ? html`<span class="error">${error}</span>` : nothing}
    </div>`;
  }

  private renderSuggestion(busy: boolean): TemplateResult {
    return html`<fieldset part="suggestion">
      <legend>${this.t('report.suggestion')}</legend>
      <p class="hint" id="suggestion-explanation">${this.t('report.suggestionExplanation')}</p>
      <label class="choice">
        <input
          id="suggestion"
          type="checkbox"
          .checked=${live(this.draft.suggestion)}
          ?disabled=${busy}
          aria-describedby="suggestion-explanation"
          @change=${(event: Event) => {
            const on = (event.target as HTMLInputElement).checked;
            this.edit({ suggestion: on, consent: on ? this.draft.consent : false });
          }}
        />
        ${this.t('report.suggestion')}
      </label>
      ${this.draft.suggestion
        ? html`<label class="choice">
            <input
              id="consent"
              type="checkbox"
              .checked=${live(this.draft.consent)}
              ?disabled=${busy}
              @change=${(event: Event) => this.edit({ consent: (event.target as HTMLInputElement).checked })}
            />
            ${this.t('report.consent')}
          </label>`
        : nothing}
    </fieldset>`;
  }
}
