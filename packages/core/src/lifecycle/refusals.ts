import { brokenRule, type RefusalCode } from './rules.js';
import type { LifecycleContext, LifecycleEvent, LifecycleState } from './types.js';

/** Why an event was refused, as a code, an English sentence and values for the translation. */
export interface Refusal {
  /** A stable code; the locales have `refusals.<code>` in fa and en. */
  code: RefusalCode;
  /** A sentence a person can act on (English; translate with `refusals.<code>`). */
  message: string;
  /** Values for the sentence: state, dates. */
  params: Record<string, string>;
}

const ANSWERED: readonly LifecycleState[] = ['answered', 'notActionable'];

/**
 * Explains why `event` is not allowed for a message in `state`. Called only after the machine
 * refused the event: the machine decides, this says why in words a citizen or clerk can act on.
 * A rule on the event's data is the same {@link LIFECYCLE_RULES} entry the machine's guard checks;
 * the rest is which states take the event at all.
 */
export function explainRefusal(
  state: LifecycleState,
  context: LifecycleContext,
  event: LifecycleEvent,
  /** The org tree, to tell an unknown unit from a referral the state does not allow. */
  orgUnits: readonly { id: string }[] = [],
): Refusal {
  const refuse = (code: RefusalCode, message: string, params: Record<string, string> = {}): Refusal => ({
    code,
    message,
    params: { state, ...params },
  });
  const byRule = () => {
    const rule = brokenRule(context, event, { orgUnits });
    return rule ? refuse(rule.code, rule.message(context, event as never), rule.params?.(context, event as never)) : null;
  };
  if (event.type === 'FOLLOW_UP' && (ANSWERED.includes(state) || state === 'closed')) {
    return refuse(
      'follow_up_after_answer',
      'This message has been answered: give feedback on the answer instead of a follow-up.',
    );
  }
  if (event.type === 'FEEDBACK') {
    const refusal = byRule();
    if (refusal) return refusal;
  }
  if (state === 'closed') return refuse('message_closed', 'This message is closed.');
  if (event.type === 'LINK' && state === 'linked') return refuse('already_linked', 'This message is linked to a first message already: unlink it first.');
  if (event.type === 'UNLINK' && state !== 'linked') return refuse('not_linked', 'This message is not linked to a first message.');
  return byRule() ?? refuse('not_allowed', `"${event.type}" is not allowed while the message is ${state}.`, { event: event.type });
}
