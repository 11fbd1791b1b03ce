import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { createMessageClient, type ClientOptions, type MessageClient, type MessageView } from '@payam/client';
import { feedbackInputSchema, followUpInputSchema, type Resolved } from '@payam/core/schemas/message';
import { safeParseInput } from '@payam/core/input-issues';
import { PayamMessageElement } from '../../base/message-element.js';
import type { WidgetTexts } from '../../base/i18n.js';
import { baseStyles } from '../../base/styles.js';
import { isTransient, type ShownProblem } from '../../base/errors.js';
import { issueProblems } from '../../base/issue-problems.js';
import type * as z from 'zod/mini';
import { renderField } from '../../base/field.js';
import { focusFirstProblem, renderErrorSummary } from '../../base/error-summary.js';
import { LoadTask } from '../../base/load-task.js';
import { PayamFeedbackSubmittedEvent, PayamFollowUpSubmittedEvent, type PayamMessageLoadedEvent } from '../../base/events.js';
import { feedbackStageOf } from '../../base/feedback-stage.js';
import { feedbackFormStyles } from './feedback-form.styles.js';

type Stage =
  | { kind: 'waiting' }
  | { kind: 'loading' }
  | { kind: 'failed'; problems: ShownProblem[] }
  | { kind: 'ready'; message: MessageView }
  | { kind: 'sent'; message: MessageView; what: 'follow-up' | 'feedback' };

const RESOLVED: Resolved[] = ['yes', 'partly', 'no'];
const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * Lets the citizen act on their message at the right stage: before the answer, a follow-up;
 * after it and inside the feedback window, feedback (resolved yes/partly/no, a 1–5 rating, a
 * comment); after the window, when it closed. It needs the message's `request-id` and the
 * citizen's `citizen-token` (from the SMS link, or from the report form named by `report-form`).
 * It follows the message as a `<payam-status-tracker>` on the page reads it, and reads it again
 * when the citizen comes back to the page, so an answer opens feedback without a refused follow-up.
 *
 * @summary Follow up before the answer, give feedback after it.
 * @tag payam-feedback-form
 *
 * @event {CustomEvent<FeedbackSubmittedDetail>} payam-follow-up-submitted - A follow-up was added. `detail`: `{ id, kind: 'follow-up' }`.
 * @event {CustomEvent<FeedbackSubmittedDetail>} payam-feedback-submitted - Feedback was recorded. `detail`: `{ id, kind: 'feedback' }`.
 *
 * @csspart form - The form element.
 * @csspart field - Each field.
 * @csspart resolved - The group "was the problem resolved?".
 * @csspart rating - The 1–5 rating group.
 * @csspart button - Every button.
 * @csspart submit - The send button.
 * @csspart alert - The box that lists problems.
 * @csspart notice - Messages about the stage (sent, window closed).
 *
 * @cssproperty --payam-color-primary - Accent colour.
 * @cssproperty --payam-color-on-primary - Text on the accent colour.
 * @cssproperty --payam-color-text - Text colour.
 * @cssproperty --payam-color-muted - Hints.
 * @cssproperty --payam-color-surface - Background colour.
 * @cssproperty --payam-color-border - Borders.
 * @cssproperty --payam-color-error - Errors.
 * @cssproperty --payam-color-success - Confirmations.
 * @cssproperty --payam-color-focus - Focus ring colour.
 * @cssproperty --payam-font-family - Font family.
 * @cssproperty --payam-font-size - Base font size.
 * @cssproperty --payam-radius - Corner radius.
 * @cssproperty --payam-space - Base spacing.
 * @cssproperty --payam-max-width - Widest the widget grows.
 */
export class PayamFeedbackForm extends PayamMessageElement<MessageClient> {
  static override styles = [baseStyles, feedbackFormStyles];

  static override texts: WidgetTexts = {
    fa: () => import('./texts.fa.js'),
    en: () => import('./texts.en.js'),
  };

  static override properties = {
    ...PayamMessageElement.properties,
    stage: { state: true },
    text: { state: true },
    resolved: { state: true },
    rating: { state: true },
    problems: { state: true },
    sending: { state: true },
  };

  declare private stage: Stage;
  declare private text: string;
  declare private resolved: Resolved | '';
  declare private rating: number;
  declare private problems: ShownProblem[];
  declare private sending: boolean;
  private readonly reading = new LoadTask(this, () => void this.loadMessage());

  /** The form calls `requests.get`, `followUp` and `feedback` only. */
  protected connect(options: ClientOptions): MessageClient {
    return createMessageClient(options);
  }

  /** The form checks what the citizen writes with core's texts anyway. */
  protected override wordIssues(issues: readonly z.core.$ZodIssue[]): ShownProblem[] {
    return issueProblems(issues, this.language);
  }

  constructor() {
    super();
    this.stage = { kind: 'waiting' };
    this.text = '';
    this.resolved = '';
    this.rating = 0;
    this.problems = [];
    this.sending = false;
  }

  /** The message as last read, once loaded. */
  get message(): MessageView | undefined {
    return this.stage.kind === 'ready' || this.stage.kind === 'sent' ? this.stage.message : undefined;
  }

  /** Reads the message again (its stage may have changed). */
  async refresh(): Promise<void> {
    await this.loadMessage();
  }

  /** A tracker on the page read this message: take its stage unless the citizen is sending. */
  private readonly onMessageLoaded = (event: PayamMessageLoadedEvent): void => {
    const { id, message } = event.detail;
    const current = this.message;
    if (this.sending || id !== this.requestId.trim() || !current || current.id !== id) return;
    if (message.accepts === current.accepts && feedbackStageOf(message) === feedbackStageOf(current)) return;
    // What the citizen just sent stays confirmed until there is something new to do.
    if (this.stage.kind === 'sent' && message.accepts === 'nothing') return;
    this.problems = [];
    this.stage = { kind: 'ready', message };
  };

  /** The citizen came back to the page: the message may have been answered meanwhile. */
  private readonly onVisible = (): void => {
    if (document.visibilityState === 'visible' && this.stage.kind === 'ready' && !this.sending) void this.loadMessage(true);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('payam-message-loaded', this.onMessageLoaded);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('payam-message-loaded', this.onMessageLoaded);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (['requestId', 'citizenToken', 'baseUrl', 'apiKey', 'client'].some((key) => changed.has(key))) {
      void this.loadMessage();
    }
  }

  /** Reads the message; `quietly` keeps what is shown (and the citizen's place) until the answer comes. */
  private async loadMessage(quietly = false): Promise<void> {
    if (!this.requestId.trim() || !this.citizenToken.trim()) {
      this.reading.cancel();
      this.stage = { kind: 'waiting' };
      return;
    }
    if (!quietly) this.stage = { kind: 'loading' };
    const read = await this.reading.run((signal) => this.api.requests.get(this.requestId, { citizenToken: this.citizenToken, signal }));
    if ('stale' in read) return;
    if (!read.ok) {
      if (!quietly) this.stage = { kind: 'failed', problems: this.describe(read.error) };
      return;
    }
    const message = read.value;
    const current = this.message;
    const changed = !quietly || !current || current.accepts !== message.accepts || feedbackStageOf(current) !== feedbackStageOf(message);
    if (changed && !this.sending) this.stage = { kind: 'ready', message };
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const message = this.message;
    if (!message || this.sending) return;
    const what = message.accepts === 'feedback' ? 'feedback' : 'follow-up';
    const comment = this.text.trim();
    const parsed =
      what === 'feedback'
        ? safeParseInput(feedbackInputSchema, { resolved: this.resolved || undefined, rating: this.rating || undefined, ...(comment ? { comment } : {}) })
        : safeParseInput(followUpInputSchema, { text: this.text });
    if (!parsed.success) {
      this.problems = issueProblems(parsed.error.issues, this.language);
      await this.focusFirstProblem();
      return;
    }
    this.problems = [];
    this.sending = true;
    try {
      const updated =
        what === 'feedback'
          ? await this.api.requests.feedback(message.id, this.citizenToken, {
              resolved: this.resolved as Resolved,
              rating: this.rating,
              ...(comment ? { comment } : {}),
            })
          : await this.api.requests.followUp(message.id, this.citizenToken, this.text);
      this.stage = { kind: 'sent', message: updated, what };
      this.text = '';
      const detail = { id: message.id, kind: what } as const;
      this.dispatchEvent(what === 'feedback' ? new PayamFeedbackSubmittedEvent(detail) : new PayamFollowUpSubmittedEvent(detail));
      await this.focusAfterRender('[part="notice"]');
    } catch (error) {
      this.problems = this.describe(error);
      // A refusal (409) means the stage changed meanwhile: read it again, keep the text.
      if (!isTransient(error) && error instanceof Error && 'status' in error && error.status === 409) {
        const fresh = await this.api.requests.get(message.id, { citizenToken: this.citizenToken }).catch(() => undefined);
        if (fresh) this.stage = { kind: 'ready', message: fresh };
      }
      await this.focusAfterRender('[role="alert"]');
    } finally {
      this.sending = false;
    }
  }

  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    const field = this.problems[0]?.field ?? '';
    focusFirstProblem(this.renderRoot, [field === 'resolved' || field === 'rating' ? field : 'text'], 'fieldset, textarea');
  }

  private errorFor(field: string): string | undefined {
    return this.problems.find((p) => p.field === field || (field === 'text' && p.field === 'comment'))?.message;
  }

  override render(): TemplateResult {
    const stage = this.stage;
    switch (stage.kind) {
      case 'waiting':
        return html`<h2>${this.t('feedback.titleFeedback')}</h2>
          <p>${this.t('common.noToken')}</p>`;
      case 'loading':
        return html`<p role="status">${this.t('common.loading')}</p>`;
      case 'failed':
        return html`<div class="alert" role="alert" part="alert">${stage.problems.map((p) => html`<p>${p.message}</p>`)}</div>
          <button class="secondary" part="button" type="button" @click=${() => void this.refresh()}>${this.t('common.retry')}</button>`;
      case 'sent':
        return this.renderSent(stage.message, stage.what);
      case 'ready':
        return this.renderReady(stage.message);
    }
  }

  private renderSent(message: MessageView, what: 'follow-up' | 'feedback'): TemplateResult {
    if (what === 'feedback') {
      return html`<p class="notice done" part="notice" tabindex="-1" role="status">${this.t('feedback.feedbackSent')}</p>`;
    }
    return html`<p class="notice done" part="notice" tabindex="-1" role="status">${this.t('feedback.followUpSent')}</p>
      <button class="secondary" part="button" type="button" @click=${() => (this.stage = { kind: 'ready', message })}>
        ${this.t('feedback.another')}
      </button>`;
  }

  private renderReady(message: MessageView): TemplateResult {
    const window = message.feedbackWindow;
    if (message.accepts === 'follow_up') return this.renderForm('follow-up');
    if (message.accepts === 'feedback') return this.renderForm('feedback');
    const stage = feedbackStageOf(message, Date.now());
    const notice =
      window && (stage === 'received' || stage === 'closed')
        ? this.t(`payam:feedback_window.${stage}`, { closesAt: this.date(window.closesAt) })
        : this.t('feedback.nothing');
    return html`<h2>${this.t('feedback.titleFeedback')}</h2>
      <p class="notice" part="notice" data-stage=${stage === 'received' ? 'received' : 'closed'}>${notice}</p>`;
  }

  private renderProblems(): TemplateResult | typeof nothing {
    return renderErrorSummary({ heading: '', general: this.problems, fields: [] });
  }

  private renderForm(what: 'follow-up' | 'feedback'): TemplateResult {
    const window = this.message?.feedbackWindow;
    return html`<form part="form" novalidate @submit=${this.onSubmit} data-stage=${what} aria-busy=${this.sending ? 'true' : 'false'}>
      <h2>${what === 'feedback' ? this.t('feedback.titleFeedback') : this.t('feedback.titleFollowUp')}</h2>
      <p>${what === 'feedback' ? this.t('feedback.feedbackIntro') : this.t('feedback.followUpIntro')}</p>
      ${what === 'feedback' && window
        ? html`<p class="hint">${this.t('payam:feedback_window.open', { closesAt: this.date(window.closesAt) })}</p>`
        : nothing}
      ${this.renderProblems()} ${what === 'feedback' ? this.renderFeedbackChoices() : nothing}
      ${renderField({
        id: 'text',
        label: what === 'feedback' ? this.t('feedback.comment') : this.t('feedback.followUpText'),
        required: what === 'follow-up',
        optionalText: this.t('common.optional'),
        error: this.errorFor('text'),
        control: ({ describedBy, invalid }) => html`<textarea
          id="text"
          name="text"
          dir="auto"
          .value=${live(this.text)}
          ?required=${what === 'follow-up'}
          ?disabled=${this.sending}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(event: Event) => (this.text = (event.target as HTMLTextAreaElement).value)}
        ></textarea>`,
      })}
      <div class="actions">
        <button class="primary" part="button submit" type="submit" ?disabled=${this.sending}>
          ${what === 'feedback' ? this.t('feedback.sendFeedback') : this.t('feedback.sendFollowUp')}
        </button>
      </div>
    </form>`;
  }

  private renderFeedbackChoices(): TemplateResult {
    const choices = <T extends string | number>(name: 'resolved' | 'rating', values: readonly T[], chosen: unknown, label: (value: T) => string, choose: (value: T) => void) =>
      renderField({
        id: name,
        group: true,
        part: name,
        label: this.t(name === 'resolved' ? 'feedback.resolved' : 'feedback.rating'),
        required: true,
        error: this.errorFor(name),
        control: ({ invalid }) => html`<div class=${name} role="radiogroup" aria-required="true" aria-invalid=${invalid ? 'true' : 'false'}>
          ${values.map(
            (value) => html`<label class="choice">
              <input type="radio" name=${name} value=${value} .checked=${live(chosen === value)} ?disabled=${this.sending} @change=${() => choose(value)} />
              ${label(value)}
            </label>`,
          )}
        </div>`,
      });
    return html`${choices('resolved', RESOLVED, this.resolved, (value) => this.t(`payam:resolved.${value}`), (value) => (this.resolved = value))}
    ${choices('rating', RATINGS, this.rating, (value) => this.t(`feedback.ratingValue_${value}`), (value) => (this.rating = value))}`;
  }
}
