import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { createMessageClient, type ClientOptions, type MessageClient, type MessageView, type TimelineItem } from '@payam/client';
import { PayamMessageElement } from '../../base/message-element.js';
import type { WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import type { ShownProblem } from '../../base/errors.js';
import { issueProblems } from '../../base/issue-problems.js';
import type * as z from 'zod/mini';
import { renderField } from '../../base/field.js';
import { LoadTask } from '../../base/load-task.js';
import { feedbackStageOf } from '../../base/feedback-stage.js';
import { PayamMessageLoadedEvent } from '../../base/events.js';
import { statusTrackerStyles } from './status-tracker.styles.js';
import { forgetOnDevice, myMessages } from '../../base/citizen-links.js';

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
 * Without `request-id` it opens the tracking link in the page's address (`?message=…#token=…`),
 * or asks for the tracking code and offers the messages the citizen chose to remember on this
 * device ("my messages").
 *
 * Each time it reads the message it dispatches `payam-message-loaded`; a `<payam-feedback-form>`
 * for the same message on the page takes the new stage from it (an answer opens feedback).
 *
 * @summary Track a message by its tracking code.
 * @tag payam-status-tracker
 *
 * @event {CustomEvent<MessageLoadedDetail>} payam-message-loaded - The message was read (again). `detail`: `{ id, message }`.
 *
 * @csspart lookup - The form that asks for a tracking code.
 * @csspart field - The tracking-code field (label, input and hint).
 * @csspart my-messages - The messages remembered on this device.
 * @csspart status - The box with the status label and explanation.
 * @csspart description - The message's own text.
 * @csspart window - The feedback window (open, received or closed).
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
 * @cssproperty --payam-color-success - Colour of answered messages.
 * @cssproperty --payam-color-focus - Focus ring colour.
 * @cssproperty --payam-font-family - Font family.
 * @cssproperty --payam-font-family-mono - Font family of the tracking code.
 * @cssproperty --payam-font-size - Base font size.
 * @cssproperty --payam-radius - Corner radius.
 * @cssproperty --payam-space - Base spacing.
 * @cssproperty --payam-max-width - Widest the widget grows.
 */
export class PayamStatusTracker extends PayamMessageElement<MessageClient> {
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
  /** Set when the citizen asked for a message: focus moves to it once it is shown. */
  private focusWhenLoaded = false;
  private readonly reading = new LoadTask(this, () => void this.load());

  /** The tracker calls `requests.get` only. */
  protected connect(options: ClientOptions): MessageClient {
    return createMessageClient(options);
  }

  /** A tracking id from the address that is not one is explained in the page's language. */
  protected override wordIssues(issues: readonly z.core.$ZodIssue[]): ShownProblem[] {
    return issueProblems(issues, this.language);
  }

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

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const reload = changed.has('requestId') || changed.has('baseUrl') || changed.has('apiKey') || changed.has('client');
    // The server's timeline texts come in the client's language: reload them on a switch.
    const relocalise = changed.has('lang') && changed.get('lang') !== undefined && this.state.kind === 'loaded';
    if (reload || relocalise) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.requestId.trim();
    if (!id) {
      this.reading.cancel();
      this.state = { kind: 'idle' };
      return;
    }
    const keep = this.state.kind === 'loaded' && this.state.request.id === id;
    if (!keep) this.state = { kind: 'loading' };
    const token = this.citizenToken;
    const read = await this.reading.run((signal) => this.api.requests.get(id, { ...(token ? { citizenToken: token } : {}), signal }));
    if ('stale' in read) return;
    if (read.ok) {
      const request = read.value;
      this.state = { kind: 'loaded', request };
      this.dispatchEvent(new PayamMessageLoadedEvent({ id: request.id, message: request }));
      if (this.focusWhenLoaded) {
        this.focusWhenLoaded = false;
        await this.focusAfterRender('h2');
      }
    } else {
      this.state = { kind: 'failed', problems: this.describe(read.error) };
      if (this.focusWhenLoaded) {
        // The code asked for is not shown: focus goes to the reason, not to the page.
        this.focusWhenLoaded = false;
        await this.focusAfterRender('[part="alert"]');
      }
    }
  }

  private onLookup(event: SubmitEvent): void {
    event.preventDefault();
    if (this.state.kind === 'loading') return;
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
        ? html`<div class="alert" role="alert" part="alert" tabindex="-1">${problems.map((p) => html`<p>${p.message}</p>`)}</div>`
        : nothing}
      ${state.kind === 'loading' ? html`<p role="status">${this.t('common.loading')}</p>` : nothing}
      ${html`<form class="lookup" part="lookup" @submit=${this.onLookup} novalidate>
            ${renderField({
              id: 'code',
              label: this.t('tracker.code'),
              required: false,
              hint: this.t('tracker.codeHint'),
              control: ({ describedBy }) => html`<input
                id="code"
                name="code"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                inputmode="text"
                dir="ltr"
                .value=${this.requestId}
                aria-describedby=${describedBy}
                aria-invalid=${problems.some((p) => p.field === 'code') ? 'true' : 'false'}
              />`,
            })}
            <button class="primary" part="button" type="submit" aria-disabled=${state.kind === 'loading' ? 'true' : 'false'}>${this.t('tracker.show')}</button>
          </form>
          ${this.renderMyMessages()}`}`;
  }

  private renderMyMessages(): TemplateResult | typeof nothing {
    const mine = myMessages();
    if (mine.length === 0) return nothing;
    return html`<section part="my-messages" aria-labelledby="my-messages">
      <h3 id="my-messages">${this.t('tracker.myMessages')}</h3>
      <ul>
        ${mine.map(
          // A link, so the whole page opens the message: the feedback form beside the tracker too.
          (m) => html`<li><a href=${m.link}>${this.t('tracker.open', { id: m.id })}</a></li>`,
        )}
      </ul>
      <button class="secondary" part="button" type="button" @click=${this.forgetMine}>${this.t('tracker.forget')}</button>
    </section>`;
  }

  private readonly forgetMine = (): void => {
    forgetOnDevice();
    this.requestUpdate();
    void this.focusAfterRender('#code');
  };

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
              <dd dir="auto">${request.service.name}</dd>`
          : nothing}
        <dt>${this.t('payam:timeline.registered')}</dt>
        <dd>${this.date(request.requestedAt)}</dd>
      </dl>
      ${request.description
        ? html`<h3>${this.t('tracker.message')}</h3>
            <p class="citizen-text" part="description" dir="auto">${request.description}</p>`
        : nothing}
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
    const stage = feedbackStageOf(request);
    if (!window || !stage) return nothing;
    return html`<p class="notice" part="window" data-window=${stage}>
      ${this.t(`payam:feedback_window.${stage}`, { closesAt: this.date(window.closesAt) })}
    </p>`;
  }

  private renderTimelineItem(item: TimelineItem): TemplateResult {
    return html`<li part="entry" data-type=${item.type}>
      <span class="entry-summary" dir="auto">${item.summary}</span>
      <time datetime=${item.at.toISOString()}>${this.date(item.at)}</time>
      ${item.text ? html`<p class="citizen-text" dir="auto">${item.text}</p>` : nothing}
    </li>`;
  }
}
