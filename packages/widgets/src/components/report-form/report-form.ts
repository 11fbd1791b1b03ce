import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { createRegistrationClient, type ClientOptions, type CreatedMessage, type RegistrationClient } from '@payam/client';
import { PayamFormControl, type FormControlState } from '../../base/form-control.js';
import { hasTexts, loadTexts, type WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import { isTransient, type ShownProblem } from '../../base/errors.js';
import { PayamSubmittedEvent } from '../../base/events.js';
import { attributesField, locationField, serviceField, suggestionField, textField, type ReportFieldsContext } from './report-fields.js';
import { toMessageInput } from './draft.js';
import { DraftController } from './draft-controller.js';
import { GeolocationController } from './geolocation.js';
import { ServicesController } from './services.js';
import { JalaliFields } from './jalali-fields.js';
import { reportFormStyles } from './report-form.styles.js';
import { renderSuccess } from './success-view.js';
import { keepForSession, keptToken, myMessages, personalLink } from '../../base/citizen-links.js';
import type { PersonalLinkState } from './personal-link.js';
import type { PhotoField } from './photo-field.js';
import { MapOpener } from '../report-map/map-opener.js';
import type { SimilarMessages } from './similar-messages.js';
import type * as z from 'zod/mini';

/** The personal-link view, loaded once a message is registered. */
type PersonalLinkView = typeof import('./personal-link.js');
/** The checks before sending and the summary of problems, loaded on the first send (or the first problem shown). */
type SubmitChecks = typeof import('./submit-checks.js');

type Phase = 'editing' | 'sending' | 'sent';

/** Core's validation texts, which word the problems found before sending: loaded with the checks. */
const VALIDATION_TEXTS: WidgetTexts = {
  fa: () => import('./validation-texts.fa.js'),
  en: () => import('./validation-texts.en.js'),
};

/** The inputs whose problems belong to the chosen subject (service). */
const SUBJECT_FIELDS = /^(attr-|service$|region$|address$|consent$)/;

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
 * is registered (its validation message says so). Resetting the host form clears it; when the
 * browser restores the page's form (back and forward), it shows the registered message again.
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
 * @csspart photos - The photos: the picker, the thumbnails with their state, and the offer of a photo's position.
 * @csspart place-map - With `map`: the "place on the map" button and the map it opens.
 * @csspart map - The map of the regions (an SVG) the pin is placed on.
 * @csspart map-region - One region's shape on the map.
 * @csspart pin - The pin (focusable; the arrow keys move it).
 * @csspart map-region-status - The region the pin lies in, as text.
 * @csspart region-list - The list of regions, the keyboard's alternative to the map.
 * @csspart map-schematic - The notice that the regions are schematic.
 * @csspart base-map - The street map under the regions (with `tiles`).
 * @csspart attribution - The street map's attribution.
 * @csspart similar - "Similar open messages nearby" (system 137, once a place and a few words are given): each with a "follow this one" button, and the one followed.
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
 * @cssproperty --payam-color-map-empty - Fill of the map's regions (with `map`).
 */
export class PayamReportForm extends PayamFormControl<RegistrationClient> {
  static override styles = [baseStyles, reportFormStyles];

  static override texts: WidgetTexts = {
    fa: () => import('./texts.fa.js'),
    en: () => import('./texts.en.js'),
  };

  static override properties = {
    ...PayamFormControl.properties,
    service: {},
    consentVersion: { attribute: 'consent-version' },
    trackUrl: { attribute: 'track-url' },
    keepDraft: { attribute: 'keep-draft' },
    map: { type: Boolean },
    tiles: {},
    tilesAttribution: { attribute: 'tiles-attribution' },
    leafletUrl: { attribute: 'leaflet-url' },
    problems: { state: true },
    failure: { state: true },
    phase: { state: true },
    created: { state: true },
    personal: { state: true },
  };

  /** Code of a service to choose at the start (the citizen can change it). */
  declare service: string;
  /** Version of the consent text shown for suggestions, recorded with the citizen's consent. */
  declare consentVersion: string;
  /**
   * The tracking page (absolute, or relative to this page). After registering, the form links to
   * the message on it with core's tracking link (the token in the fragment), as the SMS does.
   */
  declare trackUrl: string;
  /** `session` (default): keep the draft in the tab's session storage until it is sent; `none`: keep nothing. */
  declare keepDraft: string;
  /** Offers a map to place the message's location on (loaded when the citizen opens it); the pin fills the region. */
  declare map: boolean;
  /** With `map`: a tile URL (`https://…/{z}/{x}/{y}.png`) for a street map under the regions; empty: the regions alone. */
  declare tiles: string;
  /** Who the tiles are from, shown under the map (default: OpenStreetMap's contributors). */
  declare tilesAttribution: string;
  /** Where Leaflet's ES module is loaded from for the street map. */
  declare leafletUrl: string;

  /** The problems of fields, each at the id of its input (see `atInputs`). */
  declare private problems: ShownProblem[];
  declare private failure: { problems: ShownProblem[]; transient: boolean } | undefined;
  declare private phase: Phase;
  declare private created: CreatedMessage | undefined;
  declare private personal: PersonalLinkState | undefined;
  private personalView: PersonalLinkView | undefined;
  /** The photos, once their chunk is loaded (after the first render). */
  private photos: PhotoField | undefined;
  /** "Similar open messages nearby", once its chunk is loaded (after the first render). */
  private similar: SimilarMessages | undefined;
  private checks: SubmitChecks | undefined;
  private checksLoad: Promise<SubmitChecks> | undefined;
  /** Whether a problem shown before any send has asked for the checks' module (once; a send asks again). */
  private checksAsked = false;

  private readonly drafts = new DraftController(this);
  private readonly location = new GeolocationController(this);
  private readonly placeMap = new MapOpener(this, this.drafts);
  private readonly jalali = new JalaliFields(this, (key) => this.t(key));
  private readonly catalogue = new ServicesController(this, {
    system: () => this.system,
    chosenCode: () => this.draft.serviceCode,
    list: (signal) => this.api.services.list({ system: this.system }, { signal }),
    definition: (code, signal) => this.api.services.get(code, { signal }),
    describe: (error) => this.describe(error),
    definitionFailed: (error) => (this.failure = { problems: this.describe(error), transient: isTransient(error) }),
  });

  constructor() {
    super();
    this.service = '';
    this.consentVersion = 'v1';
    this.trackUrl = '';
    this.keepDraft = 'session';
    this.map = false;
    this.tiles = '';
    this.tilesAttribution = '';
    this.leafletUrl = '';
    this.problems = [];
    this.failure = undefined;
    this.phase = 'editing';
    this.created = undefined;
    this.personal = undefined;
  }

  /**
   * A refusal of the client's own checks is worded with core's issue texts, which come with the
   * checks before sending (loaded on the first send); before, the client's descriptions are shown.
   */
  protected override wordIssues(issues: readonly z.core.$ZodIssue[]): ShownProblem[] | undefined {
    return hasTexts(VALIDATION_TEXTS[this.language]) ? this.checks?.issueProblems(issues, this.language) : undefined;
  }

  /** The form calls the services and `requests.create` only. */
  protected connect(options: ClientOptions): RegistrationClient {
    return createRegistrationClient(options);
  }

  /** The tracking id of the registered message (`''` before), the value a host form receives. */
  get value(): string {
    return this.created?.id ?? '';
  }

  /** What the citizen has written so far. */
  private get draft() {
    return this.drafts.draft;
  }

  /** Clears the form for a new message. */
  reset(): void {
    this.drafts.reset(this.service);
    this.problems = [];
    this.failure = undefined;
    this.phase = 'editing';
    this.created = undefined;
    this.personal = undefined;
    this.location.reset();
    this.photos?.reset();
    this.similar?.reset();
    void this.catalogue.choose(this.draft.serviceCode);
  }

  protected resetControl(): void {
    this.reset();
  }

  /** The registered message comes back (history navigation) if this tab still keeps its token. */
  protected restoreControl(id: string): void {
    const citizenToken = keptToken(id);
    if (this.phase === 'editing' && citizenToken) void this.showRegistered({ id, citizenToken, notice: null });
  }

  protected formState(): FormControlState {
    this.toggleState('submitted', !!this.created);
    const missing = this.required && !this.created;
    return {
      value: this.created ? this.created.id : null,
      invalid: missing ? { flag: 'valueMissing', message: 'report.registerFirst' } : undefined,
      anchor: this.renderRoot?.querySelector<HTMLElement>('#description'),
    };
  }

  private get busy(): boolean {
    return this.isDisabled || this.phase === 'sending';
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('service') && !this.draft.serviceCode) this.drafts.draft = { ...this.draft, serviceCode: this.service };
    if (['system', 'baseUrl', 'apiKey', 'client', 'lang'].some((key) => changed.has(key))) {
      void this.catalogue.load();
    }
  }

  override firstUpdated(): void {
    void this.loadPhotos();
    void this.loadSimilar();
  }

  /** Loads "similar open messages nearby" (its chunk); without it the form goes on without them. */
  private async loadSimilar(): Promise<void> {
    const module = await import('./similar-messages.js').catch(() => undefined);
    if (!module || this.similar) return;
    this.similar = new module.SimilarMessages(this, {
      tools: { html, nothing, hasTexts, loadTexts },
      system: () => this.system,
      draft: () => this.draft,
      ask: (query, signal) => this.api.requests.similar(query, { signal }),
      date: (when) => this.date(when, false),
      focus: (selector) => void this.focusAfterRender(selector),
    });
    this.requestUpdate();
  }

  /** Loads the photos' chunk; without it (it did not load) the form goes on without photos. */
  private async loadPhotos(): Promise<void> {
    const module = await import('./photo-field.js').catch(() => undefined);
    if (!module || this.photos) return;
    this.photos = new module.PhotoField(this, {
      upload: (photo) => this.api.photos.upload([photo]),
      tools: { html, nothing, hasTexts, loadTexts },
      describe: (error) => this.describe(error),
      focus: (selector) => void this.focusAfterRender(selector),
    });
    this.requestUpdate();
  }

  private chooseService(code: string): void {
    this.drafts.edit({ serviceCode: code, attributes: {}, suggestion: false, consent: false });
    // What the left subject asked for (its fields, its required region or address) no longer applies.
    this.problems = this.problems.filter((p) => !SUBJECT_FIELDS.test(p.field));
    void this.catalogue.choose(code);
  }

  private readonly useLocation = (): void =>
    this.location.locate(
      (place) => {
        this.drafts.edit({ location: place });
        void this.focusAfterRender('#remove-location');
      },
      () => void this.focusAfterRender('#use-location'),
    );

  private readonly removeLocation = (): void => {
    this.drafts.edit({ location: undefined });
    void this.focusAfterRender('#use-location');
  };

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const chosen = this.draft.serviceCode ? this.catalogue.chosen : undefined;
    if (this.photos) {
      // Photos still uploading are waited for: the message names them.
      this.phase = 'sending';
      await this.photos.settled();
      this.phase = 'editing';
    }
    const mediaIds = this.photos?.ids() ?? [];
    const follow = this.similar?.follow();
    const input = { ...toMessageInput(this.draft, { system: this.system, lang: this.language, consentVersion: this.consentVersion, chosen }), ...(mediaIds.length ? { mediaIds } : {}), ...(follow ? { follow } : {}) };
    this.failure = undefined;
    // Busy while the checks load (on the first send), so a second press sends nothing twice.
    this.phase = 'sending';
    const checks = await Promise.all([this.loadChecks(), loadTexts(this.language, VALIDATION_TEXTS[this.language])]).then(
      ([loaded]) => loaded,
      () => undefined,
    );
    if (!checks) {
      // Their module did not load: as a network failure, nothing is sent and the draft is kept.
      this.phase = 'editing';
      this.failure = { problems: [{ field: '', message: this.t('common.networkError') }], transient: true };
      await this.focusAfterRender('[role="alert"]');
      return;
    }
    const photoProblem = this.photos?.problem((key, params) => this.t(key, params));
    this.problems = [...checks.atInputs(checks.checkDraft(input, chosen, this.language)), ...(photoProblem ? [photoProblem] : [])];
    if (this.problems.length > 0) {
      this.phase = 'editing';
      await this.focusFirstProblem();
      return;
    }
    const idempotencyKey = this.drafts.keyFor(input);
    try {
      const created = await this.api.requests.create(input, { idempotencyKey });
      keepForSession(created.id, created.citizenToken);
      this.drafts.registered();
      await this.showRegistered(created);
      this.dispatchEvent(new PayamSubmittedEvent({ id: created.id, citizenToken: created.citizenToken }));
      await this.focusAfterRender('.success h2');
    } catch (error) {
      this.phase = 'editing';
      const problems = this.describe(error);
      const transient = isTransient(error);
      this.failure = { problems: problems.filter((p) => !p.field || transient), transient };
      if (!transient) this.problems = checks.atInputs(problems.filter((p) => p.field));
      if (this.problems.length) await this.focusFirstProblem();
      else await this.focusAfterRender('[role="alert"]');
    }
  }

  /** Shows the registered message: its tracking code and, once its view is loaded, the personal link. */
  private async showRegistered(created: CreatedMessage): Promise<void> {
    // Without its view (a chunk that did not load) the tracking code is still shown.
    this.personalView ??= await import('./personal-link.js').catch(() => undefined);
    const link = personalLink(this.trackUrl, created.id, created.citizenToken);
    const remembered = myMessages().some((m) => m.id === created.id);
    this.personal = link ? { id: created.id, token: created.citizenToken, link, copied: 'idle', remembered } : undefined;
    this.created = created;
    this.phase = 'sent';
  }

  /** The checks before sending and the summary of problems (one load, shared by every caller). */
  private loadChecks(): Promise<SubmitChecks> {
    this.checksLoad ??= import('./submit-checks.js').then(
      (module) => (this.checks = module),
      (error: unknown) => {
        this.checksLoad = undefined;
        throw error;
      },
    );
    return this.checksLoad;
  }

  /** Focus goes to the first field at fault; the list of problems is announced as an alert. */
  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    this.checks?.focusFirstProblem(this.renderRoot, this.problems.map((p) => p.field), '[aria-invalid="true"], #use-location');
  }

  private errorFor(id: string): string | undefined {
    return this.problems.find((p) => p.field === id)?.message;
  }

  override render(): TemplateResult {
    const created = this.created;
    if (this.phase !== 'sent' || !created) return this.renderForm();
    return renderSuccess({
      t: (key, params) => this.t(key, params),
      created,
      trackLink: this.trackUrl ? personalLink(this.trackUrl, created.id, created.citizenToken) : '',
      withSms: !!this.draft.phone.trim(),
      personal: this.personal && this.personalView ? { state: this.personal, view: this.personalView } : undefined,
      setPersonal: (change) => (this.personal = { ...this.personal!, ...change }),
      renderRoot: this.renderRoot,
      another: this.registerAnother,
    });
  }

  private readonly registerAnother = async (): Promise<void> => {
    this.reset();
    await this.focusAfterRender('#description');
  };

  private renderProblems(): TemplateResult | typeof nothing {
    const general = this.failure?.problems ?? [];
    const count = general.length + this.problems.length;
    if (count === 0) return nothing;
    if (!this.checks) {
      // A problem before any send (the chosen service's form did not load): the summary's module
      // comes first; until it does (or if it cannot), the problems are listed plainly.
      if (!this.checksAsked) {
        this.checksAsked = true;
        void this.loadChecks().then(() => this.requestUpdate(), () => undefined);
      }
      return html`<div class="alert" role="alert" part="alert" tabindex="-1">${general.map((p) => html`<p>${p.message}</p>`)}</div>`;
    }
    return this.checks.renderErrorSummary({
      heading: this.failure && !this.problems.length ? '' : this.t('common.fixErrors', { count }),
      general,
      fields: this.problems,
      linkOf: (p) => p.field,
      footer: this.failure?.transient ? this.t('report.retryKept') : '',
    });
  }

  /** What the form's own fields read and do. */
  private fields(): ReportFieldsContext {
    const drafts = this.drafts;
    return {
      t: (key, params) => this.t(key, params),
      number: (value) => this.i18n.number(value),
      get draft() {
        return drafts.draft;
      },
      edit: (change) => this.drafts.edit(change),
      errorFor: (id) => this.errorFor(id),
      busy: this.busy,
    };
  }

  private renderForm(): TemplateResult {
    const fields = this.fields();
    const busy = fields.busy;
    const { chosen } = this.catalogue;
    const ext = chosen?.service.extended_attributes;
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${this.phase === 'sending' ? 'true' : 'false'}>
      <h2>${this.t('report.title')}</h2>
      <p class="hint">${this.t('common.requiredNote')}</p>
      ${this.renderProblems()}
      ${this.renderServiceChoice(fields)}
      ${ext?.guidance
        ? html`<div class="guidance" part="guidance">
            <h3>${this.t('report.guidance')}</h3>
            <p class="citizen-text" dir="auto">${ext.guidance}</p>
          </div>`
        : nothing}
      ${textField(fields, { id: 'description', required: true, multiline: true })}
      ${attributesField(fields, chosen?.definition.attributes ?? [], (code) => (this.language === 'fa' ? this.jalali.field(code) : undefined))}
      ${textField(fields, { id: 'region', required: ext?.requires_region ?? false })}
      ${textField(fields, { id: 'address', required: ext?.requires_address ?? false, autocomplete: 'street-address' })}
      ${locationField(fields, this.location.state, { use: this.useLocation, remove: this.removeLocation })}
      ${this.similar?.render(fields, this.language) ?? nothing}
      ${this.api.photos ? (this.photos?.render(fields, this.language) ?? nothing) : nothing}
      ${this.map ? this.placeMap.render(fields) : nothing}
      ${textField(fields, { id: 'phone', required: false, type: 'tel', autocomplete: 'tel', dir: 'ltr' })}
      ${ext?.suggestions_allowed ? suggestionField(fields) : nothing}
      <div class="actions">
        <button class="primary" part="button submit" type="submit" ?disabled=${busy}>
          ${this.phase === 'sending' ? this.t('report.sending') : this.t('report.submit')}
        </button>
      </div>
    </form>`;
  }

  private renderServiceChoice(fields: ReportFieldsContext): TemplateResult {
    const { services, failure } = this.catalogue;
    if (failure) {
      return html`<div class="alert" role="alert" part="alert">
        ${failure.map((p) => html`<p>${p.message}</p>`)}
        <button class="secondary" part="button" type="button" @click=${() => void this.catalogue.load()}>${this.t('common.retry')}</button>
      </div>`;
    }
    if (!services) return html`<p role="status">${this.t('report.servicesLoading')}</p>`;
    return serviceField(fields, services, (code) => this.chooseService(code));
  }
}
