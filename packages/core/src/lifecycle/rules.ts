import type { LifecycleContext, LifecycleEvent, LifecycleEventType } from './types.js';

/** The stable codes of refusals; the locales have `refusals.<code>` in fa and en. */
export type RefusalCode =
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

/** What a rule may look at besides the message and the event. */
export interface RuleFacts {
  /** The org tree's units. */
  orgUnits: readonly { id: string }[];
}

/**
 * A rule on the data of one kind of event, written once: the machine's guard accepts the event
 * only when no rule for it is broken, and a refusal names the first rule broken, with its code.
 */
export interface LifecycleRule<T extends LifecycleEventType> {
  /** The refusal's code when it is broken. */
  code: RefusalCode;
  /** Whether `event` breaks it. */
  broken(context: LifecycleContext, event: Extract<LifecycleEvent, { type: T }>, facts: RuleFacts): boolean;
  /** Why, in a sentence a person can act on (English; translate with `refusals.<code>`). */
  message(context: LifecycleContext, event: Extract<LifecycleEvent, { type: T }>): string;
  /** Values for the translation. */
  params?(context: LifecycleContext, event: Extract<LifecycleEvent, { type: T }>): Record<string, string>;
}

/** The rules of each event that has some, in the order a refusal names them. */
export const LIFECYCLE_RULES: { [T in LifecycleEventType]?: readonly LifecycleRule<T>[] } = {
  FEEDBACK: [
    {
      code: 'feedback_already_given',
      broken: (c) => c.feedback !== null && c.feedbackWindow !== null,
      message: () => 'Feedback on this answer was given already.',
    },
    {
      code: 'feedback_window_closed',
      broken: (c, e) => c.feedbackWindow !== null && Date.parse(e.at) >= Date.parse(c.feedbackWindow.closesAt),
      message: (c) => `The feedback window closed at ${c.feedbackWindow?.closesAt ?? ''}.`,
      params: (c) => ({ closesAt: c.feedbackWindow?.closesAt ?? '' }),
    },
    {
      code: 'feedback_before_answer',
      broken: (c, e) => c.feedbackWindow === null || Date.parse(e.at) < Date.parse(c.feedbackWindow.opensAt),
      message: () =>
        'This message has not been answered yet: you can add a follow-up now, and give feedback once it is answered.',
    },
  ],
  LINK: [
    {
      code: 'link_to_itself',
      broken: (c, e) => e.first.messageId === c.messageId,
      message: () => 'A message cannot be linked to itself.',
    },
    {
      code: 'link_to_closed',
      broken: (_, e) => e.first.closed,
      message: () => 'The first message is closed: link to an open one.',
    },
    {
      code: 'link_to_duplicate',
      broken: (_, e) => e.first.firstMessageId !== null,
      message: (_, e) => `That message is itself linked to ${e.first.firstMessageId ?? ''}: link to that one.`,
      params: (_, e) => ({ firstMessageId: e.first.firstMessageId ?? '' }),
    },
    {
      code: 'link_has_duplicates',
      broken: (c) => c.linkedMessageIds.length > 0,
      message: () => 'Other messages are linked to this one: it cannot become a duplicate itself.',
    },
  ],
  REFER: [
    {
      code: 'unknown_unit',
      broken: (_, e, facts) => !facts.orgUnits.some((unit) => unit.id === e.unitId),
      message: (_, e) => `There is no unit "${e.unitId}" in the org tree, or the message cannot be referred now.`,
      params: (_, e) => ({ unitId: e.unitId }),
    },
  ],
};

/** The first rule `event` breaks, if any. */
export function brokenRule<T extends LifecycleEventType>(
  context: LifecycleContext,
  event: Extract<LifecycleEvent, { type: T }>,
  facts: RuleFacts,
): LifecycleRule<T> | undefined {
  const rules = LIFECYCLE_RULES[event.type as T] as readonly LifecycleRule<T>[] | undefined;
  return rules?.find((rule) => rule.broken(context, event, facts));
}
