import type { MessageView } from '@payam/client';

/** Detail of `payam-submitted`: the registered message. */
export interface SubmittedDetail {
  /** The message's tracking id. */
  id: string;
  /** The secret that lets this citizen follow up and give feedback. Keep it private. */
  citizenToken: string;
}

/** Detail of `payam-feedback-submitted` and `payam-follow-up-submitted`. */
export interface FeedbackSubmittedDetail {
  /** The message's tracking id. */
  id: string;
  /** What the citizen sent: a follow-up before the answer, or feedback after it. */
  kind: 'follow-up' | 'feedback';
}

/** Detail of `payam-message-loaded`: the message as the tracker just read it. */
export interface MessageLoadedDetail {
  /** The message's tracking id. */
  id: string;
  /** The message, as the citizen may see it. */
  message: MessageView;
}

/** Dispatched by `<payam-status-tracker>` each time it reads a message. */
export class PayamMessageLoadedEvent extends CustomEvent<MessageLoadedDetail> {
  constructor(detail: MessageLoadedDetail) {
    super('payam-message-loaded', { detail, bubbles: true, composed: true });
  }
}

/** Dispatched by `<payam-report-form>` when a message is registered. */
export class PayamSubmittedEvent extends CustomEvent<SubmittedDetail> {
  constructor(detail: SubmittedDetail) {
    super('payam-submitted', { detail, bubbles: true, composed: true });
  }
}

/** Dispatched by `<payam-feedback-form>` when feedback on the answer is recorded. */
export class PayamFeedbackSubmittedEvent extends CustomEvent<FeedbackSubmittedDetail> {
  constructor(detail: FeedbackSubmittedDetail) {
    super('payam-feedback-submitted', { detail, bubbles: true, composed: true });
  }
}

/** Dispatched by `<payam-feedback-form>` when a follow-up is added before the answer. */
export class PayamFollowUpSubmittedEvent extends CustomEvent<FeedbackSubmittedDetail> {
  constructor(detail: FeedbackSubmittedDetail) {
    super('payam-follow-up-submitted', { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'payam-submitted': PayamSubmittedEvent;
    'payam-feedback-submitted': PayamFeedbackSubmittedEvent;
    'payam-follow-up-submitted': PayamFollowUpSubmittedEvent;
    'payam-message-loaded': PayamMessageLoadedEvent;
  }
}
