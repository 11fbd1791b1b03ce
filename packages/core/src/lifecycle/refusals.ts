import type { LifecycleContext, LifecycleEvent, LifecycleState } from './types.js';

/** Why an event was refused, as a code, an English sentence and values for the translation. */
export interface Refusal {
  /** A stable code; the locales have `refusals.<code>` in fa and en. */
  code:
    | 'follow_up_after_answer'
    | 'feedback_before_answer'
    | 'feedback_window_closed'
    | 'feedback_already_given'
    | 'message_closed'
    | 'link_to_itself'
    | 'link_to_closed'
    | 'link_to_duplicate'
    | 'link_has_duplicates'
    | 'already_linked'
    | 'not_linked'
    | 'unknown_unit'
    | 'not_allowed';
  /** A sentence a person can act on (English; translate with `refusals.<code>`). */
  message: string;
  /** Values for the sentence: state, dates. */
  params: Record<string, string>;
}

const ANSWERED: readonly LifecycleState[] = ['answered', 'notActionable'];

/**
 * Explains why `event` is not allowed for a message in `state`. Called only after the machine
 * refused the event: the machine decides, this says why in words a citizen or clerk can act on.
 */
export function explainRefusal(
  state: LifecycleState,
  context: LifecycleContext,
  event: LifecycleEvent,
  /** The org tree, to tell an unknown unit from a referral the state does not allow. */
  orgUnits?: readonly { id: string }[],
): Refusal {
  const refuse = (code: Refusal['code'], message: string, params: Record<string, string> = {}): Refusal => ({
    code,
    message,
    params: { state, ...params },
  });
  if (event.type === 'FEEDBACK') {
    if (context.feedback && state === 'closed') {
      return refuse('feedback_already_given', 'Feedback on this answer was given already.');
    }
    if (context.feedbackWindow && Date.parse(event.at) >= Date.parse(context.feedbackWindow.closesAt)) {
      const closesAt = context.feedbackWindow.closesAt;
      return refuse('feedback_window_closed', `The feedback window closed at ${closesAt}.`, { closesAt });
    }
    if (!context.answer) {
      return refuse(
        'feedback_before_answer',
        'This message has not been answered yet: you can add a follow-up now, and give feedback once it is answered.',
      );
    }
  }
  if (event.type === 'FOLLOW_UP' && (ANSWERED.includes(state) || state === 'closed')) {
    return refuse(
      'follow_up_after_answer',
      'This message has been answered: give feedback on the answer instead of a follow-up.',
    );
  }
  if (state === 'closed') return refuse('message_closed', 'This message is closed.');
  if (event.type === 'LINK') {
    if (state === 'linked') return refuse('already_linked', 'This message is linked to a first message already: unlink it first.');
    if (event.first.messageId === context.messageId) return refuse('link_to_itself', 'A message cannot be linked to itself.');
    if (event.first.closed) return refuse('link_to_closed', 'The first message is closed: link to an open one.');
    if (event.first.firstMessageId !== null) {
      return refuse('link_to_duplicate', `That message is itself linked to ${event.first.firstMessageId}: link to that one.`, {
        firstMessageId: event.first.firstMessageId,
      });
    }
    if (context.linkedMessageIds.length > 0) {
      return refuse('link_has_duplicates', 'Other messages are linked to this one: it cannot become a duplicate itself.');
    }
  }
  if (event.type === 'UNLINK' && state !== 'linked') return refuse('not_linked', 'This message is not linked to a first message.');
  if (event.type === 'REFER' && !orgUnits?.some((unit) => unit.id === event.unitId)) {
    return refuse('unknown_unit', `There is no unit "${event.unitId}" in the org tree, or the message cannot be referred now.`, {
      unitId: event.unitId,
    });
  }
  return refuse('not_allowed', `"${event.type}" is not allowed while the message is ${state}.`, { event: event.type });
}
