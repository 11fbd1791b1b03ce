import type { MessageView } from '@payam/client';

/** Where a message stands with feedback on its answer, as both the tracker and the feedback form say it. */
export type FeedbackStage = 'open' | 'received' | 'closed';

/** Whether the citizen gave feedback on the message's latest answer (or rejection). */
export function feedbackGiven(message: MessageView): boolean {
  const answeredAt = [...message.timeline].reverse().find((item) => item.type === 'answered' || item.type === 'rejected')?.at;
  return message.timeline.some((item) => item.type === 'feedback' && (!answeredAt || item.at >= answeredAt));
}

/**
 * The message's feedback stage, `undefined` before an answer: feedback already given reads as
 * received (the window shuts early then, yet its closing date lies ahead), a window past its date
 * as closed. The server's `open` is taken as it judged it, unless `now` is given to judge it again.
 */
export function feedbackStageOf(message: MessageView, now?: number): FeedbackStage | undefined {
  const window = message.feedbackWindow;
  if (!window) return undefined;
  if (feedbackGiven(message)) return 'received';
  return window.open && (now === undefined || window.closesAt.getTime() > now) ? 'open' : 'closed';
}
