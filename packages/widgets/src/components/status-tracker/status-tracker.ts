import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { MessageView, TimelineItem } from '@payam/client';
import { PayamMessageElement } from '../../base/payam-element.js';
import type { WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import { describeFailure, type ShownProblem } from '../../base/errors.js';
import { statusTrackerStyles } from './status-tracker.styles.js';

type TrackerState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; request: MessageView }
  | { kind: 'failed'; problems: ShownProblem[] };

/**
 * Shows a message to the citizen: its public status with a label and an explanation of what
 * happens next, the history as a timeline (Jalali dates in Persian), escalations, the link to the
 * first message and how many messages are joined to it, and the feedback window.
 *
 * Without `request-id` it asks for the tracking code.
 *
 * @summary Track a message by its tracking code.
 * @tag payam-status-tracker
 *
 * @csspart lookup - The form that asks for a tracking code.
 * @csspart status - The box with the status label and explanation.
 * @csspart timeline - The list of history entries.
 * @csspart entry - One history entry.
 * @csspart button - Every button.
 * @csspart alert - The box that explains a failure.
 *
 * @cssproperty --payam-color-primary - Accent colour (buttons, status).
 * @cssproperty --payam-color-on-primary - Text on the accent colour.
 * @cssproperty --payam-color-text - Text colour.
 * @cssproperty --payam-color-muted - Secondary text colour.
 * @cssproperty --payam-color-surface - Background colour.
 * @cssproperty --payam-color-border - Border colour.
 * @cssproperty --payam-color-error - Colour of errors, escalations and overdue messages.
 * @cssproperty --payam-color-focus - Focus ring colour.
 * @cssproperty --payam-font-family - Font family.
 * @cssproperty --payam-font-size - Base font size.
 * @cssproperty --payam-radius - Corner radius.
 * @cssproperty --payam-space - Base spacing.
 * @cssproperty --payam-max-width - Widest the widget grows.
 */
export class PayamStatusTracker extends PayamMessageElement {
  static override styles = [baseStyles, statusTrackerStyles];

  static override texts: WidgetTexts = {
    fa: () => import('./texts.fa.js'),
    en: () => import('./texts.en.js'),
  };

  static override properties = {
    ...PayamMessageElement.properties,
    state: { state: true },
  };

  /** What the tracker shows now. */
  declare protected state: TrackerState;
  private loadToken = 0;
  /** Set when the citizen asked for a message: focus moves to it once it is shown. */
  private focusWhenLoaded = false;
  private abort: AbortController | undefined;

  constructor() {
    super();
    this.state = { kind: 'idle' };
  }

  /** The message being shown, once loaded. */
  get request(): MessageView | undefined {
    return this.state.kind === 'loaded' ? this.state.request : undefined;
  }

  /** Loads the message again (after a change elsewhere, such as feedback). */
  async refresh(): Promise<void> {
    await this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const reload = changed.has('requestId') || changed.has('baseUrl') || changed.has('apiKey') || changed.has('client');
    // The server's timeline texts come in the client's language: reload them on a switch.
    const relocalise = changed.has('lang') && changed.get('lang') !== undefined && this.state.kind === 'loaded';
    if (reload || relocalise) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.requestId.trim();
    this.abort?.abort();
    if (!id) {
      this.state = { kind: 'idle' };
      return;
    }
    const token = ++this.loadToken;
    this.abort = new AbortController();
    const keep = this.state.kind === 'loaded' && this.state.request.id === id;
    if (!keep) this.state = { kind: 'loading' };
    try {
      const request = await this.api.requests.get(id, {
        ...(this.citizenToken ? { citizenToken: this.citizenToken } : {}),
        signal: this.abort.signal,
      });
      if (token !== this.loadToken) return;
      this.state = { kind: 'loaded', request };
      if (this.focusWhenLoaded) {
        this.focusWhenLoaded = false;
        await this.focusAfterRender('h2');
      }
    } catch (error) {
      if (token !== this.loadToken || this.abort.signal.aborted) return;
      this.state = { kind: 'failed', problems: describeFailure(error, { lang: this.language, t: (k) => this.t(k) }) };
    }
  }

  private onLookup(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('code') as HTMLInputElement;
    const code = input.value.trim();
    if (!code) {
      input.setAttribute('aria-invalid', 'true');
      this.state = { kind: 'failed', problems: [{ field: 'code', message: this.t('tracker.codeRequired') }] };
      input.focus();
      return;
    }
    this.citizenToken = '';
    this.focusWhenLoaded = true;
    this.requestId = code;
  }

  private showOther(): void {
    this.requestId = '';
    this.citizenToken = '';
    void this.focusAfterRender('#code');
  }

  override render(): TemplateResult {
    const state = this.state;
    return html`<section aria-busy=${state.kind === 'loading' ? 'true' : 'false'}>
      ${state.kind === 'loaded' ? this.renderRequest(state.request) : this.renderLookup(state)}
    </section>`;
  }

  private renderLookup(state: TrackerState): TemplateResult {
    const problems = state.kind === 'failed' ? state.problems : [];
    return html`<h2 tabindex="-1">${this.t('tracker.title')}</h2>
      ${problems.length
        ? html`<div class="alert" role="alert" part="alert">${problems.map((p) => html`<p>${p.message}</p>`)}</div>`
        : nothing}
      ${state.kind === 'loading'
        ? html`<p role="status">${this.t('common.loading')}</p>`
        : html`<form class="lookup" part="lookup" @submit=${this.onLookup} novalidate>
            <div class="field">
              <label for="code">${this.t('tracker.code')}</label>
              <input
                id="code"
                name="code"
                autocomplete="off"
                inputmode="numeric"
                dir="ltr"
                .value=${this.requestId}
                aria-describedby="code-hint"
                aria-invalid=${problems.some((p) => p.field === 'code') ? 'true' : 'false'}
              />
              <span class="hint" id="code-hint">${this.t('tracker.codeHint')}</span>
            </div>
            <button class="primary" part="button" type="submit">${this.t('tracker.show')}</button>
          </form>`}`;
  }

  private renderRequest(request: MessageView): TemplateResult {
    const status = request.detailedStatus?.code;
    const timeline = [...request.timeline].reverse();
    return html`<h2 tabindex="-1">
        ${this.t('tracker.title')}:
        <span class="code">${request.id}</span>
      </h2>
      ${status
        ? html`<div class="status" part="status" data-status=${status} role="status">
            <span class="visually-hidden">${this.t('tracker.status')}:</span>
            <p class="status-label">${this.t(`payam:status.${status}.label`)}</p>
            <p>${this.t(`payam:status.${status}.explanation`)}</p>
          </div>`
        : html`<div class="status" part="status" data-status=${request.status} role="status">
            <p class="status-label">${request.status}</p>
          </div>`}
      <dl class="facts">
        ${request.service?.name
          ? html`<dt>${this.t('tracker.service')}</dt>
              <dd>${request.service.name}</dd>`
          : nothing}
        <dt>${this.t('payam:timeline.registered')}</dt>
        <dd>${this.date(request.requestedAt)}</dd>
      </dl>
      ${this.renderDuplicate(request)} ${this.renderEscalation(request)} ${this.renderWindow(request)}
      ${timeline.length
        ? html`<h3>${this.t('tracker.history')}</h3>
            <ol class="timeline" part="timeline">
              ${timeline.map((item) => this.renderTimelineItem(item))}
            </ol>`
        : nothing}
      <div class="actions">
        <button class="secondary" part="button" type="button" @click=${() => void this.refresh()}>
          ${this.t('tracker.refresh')}
        </button>
        <button class="secondary" part="button" type="button" @click=${this.showOther}>${this.t('tracker.another')}</button>
      </div>`;
  }

  private renderDuplicate(request: MessageView): TemplateResult {
    const first = request.firstMessageId;
    return html`${first
      ? html`<p>${this.t('tracker.firstMessage', { id: first })}</p>
          <p>
            <button
              class="secondary"
              part="button"
              type="button"
              @click=${() => {
                this.citizenToken = '';
                this.requestId = first;
              }}
            >
              ${this.t('tracker.showFirst', { id: first })}
            </button>
          </p>`
      : nothing}
    ${request.linkedCount > 0 ? html`<p>${this.t('payam:linked_count', { count: request.linkedCount })}</p>` : nothing}`;
  }

  private renderEscalation(request: MessageView): TemplateResult {
    const due = request.stage?.dueAt;
    return html`${request.escalationLevel > 0
      ? html`<p>${this.t('tracker.escalation', { count: request.escalationLevel })}</p>`
      : nothing}
    ${due && request.status === 'open' ? html`<p>${this.t('tracker.dueBy', { date: this.date(due) })}</p>` : nothing}`;
  }

  private renderWindow(request: MessageView): TemplateResult | typeof nothing {
    const window = request.feedbackWindow;
    if (!window) return nothing;
    const closesAt = this.date(window.closesAt);
    return html`<p class="notice" part="window" data-window=${window.open ? 'open' : 'closed'}>
      ${window.open
        ? this.t('payam:feedback_window.open', { closesAt })
        : this.t('payam:feedback_window.closed', { closesAt })}
    </p>`;
  }

  private renderTimelineItem(item: TimelineItem): TemplateResult {
    return html`<li part="entry" data-type=${item.type}>
      <span class="entry-summary">${item.summary}</span>
      <time datetime=${item.at.toISOString()}>${this.date(item.at)}</time>
      ${item.text ? html`<p class="citizen-text">${item.text}</p>` : nothing}
    </li>`;
  }
}
