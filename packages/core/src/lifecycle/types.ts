import type { ActorRole, Feedback, Resolved } from '../schemas/message.js';
import type { TimelineEntry } from '../schemas/timeline.js';
import type { CitizenChannel, NotificationIntent } from '../schemas/notification.js';
import type { Stage } from '../schemas/policy.js';
import type { OrgUnit } from '../schemas/org.js';
import type { BusinessCalendar, EscalationPolicy, FeedbackPolicy } from '../schemas/policy.js';

/** The lifecycle's states. */
export type LifecycleState =
  | 'registered'
  | 'triage'
  | 'referred'
  | 'inProgress'
  | 'answered'
  | 'notActionable'
  | 'linked'
  | 'reopened'
  | 'closed';

/** Every lifecycle state, in workflow order. */
export const LIFECYCLE_STATES: readonly LifecycleState[] = [
  'registered',
  'triage',
  'referred',
  'inProgress',
  'answered',
  'notActionable',
  'linked',
  'reopened',
  'closed',
];

/** A stage whose time is limited: the handling stages, and the feedback window. */
export type DeadlineStage = Stage | 'feedback';

/** The one pending deadline of a message. */
export interface Deadline {
  /** Unique per message and deadline; a `DEADLINE_ELAPSED` naming another id is stale. */
  id: string;
  /** What runs out. */
  stage: DeadlineStage;
  /** When it runs out (ISO instant). */
  dueAt: string;
  /** The unit responsible when it was set. */
  unitId: string;
}

/** An answer: a real answer, or a rejection (not actionable) with its reason. */
export interface Answer {
  /** `answered`, or `rejected` (not actionable). */
  kind: 'answered' | 'rejected';
  /** The answer's text, shown to the citizen. */
  text: string;
  /** When it was given (ISO instant). */
  at: string;
  /** The first message this answer came from, for a linked message. */
  fromFirstMessageId: string | null;
  /**
   * The unit that gave it: the unit responsible for the message, or for a linked message the
   * unit that answered its first message. A reopened message goes back to this unit.
   */
  unitId: string;
}

/** The lifecycle's data, plain JSON. */
export interface LifecycleContext {
  /** The message's tracking id. */
  messageId: string;
  /** Its system (`137`, `1888`). */
  system: string;
  /** Its service, once known. */
  serviceCode: string | null;
  /** The unit that triages the system's messages. */
  intakeUnitId: string;
  /** The unit now responsible. */
  unitId: string;
  /** When it was registered (ISO instant). */
  registeredAt: string;
  /** The pending deadline, if any. */
  deadline: Deadline | null;
  /** Counter that makes deadline ids unique. */
  deadlineSeq: number;
  /** How many times it moved up the tree. */
  escalationLevel: number;
  /** Whether the last move was an escalation with no handling action since. */
  escalated: boolean;
  /** Whether a deadline passed at the root of the tree. */
  overdue: boolean;
  /** The current answer, once answered. */
  answer: Answer | null;
  /** How many answers it has had (reopening allows more). */
  answerCount: number;
  /** The feedback window of the current answer. */
  feedbackWindow: { opensAt: string; closesAt: string } | null;
  /** The feedback on the current answer. */
  feedback: Feedback | null;
  /** How many follow-ups the citizen added. */
  followUps: number;
  /** The first message this one is linked to as a duplicate. */
  firstMessageId: string | null;
  /** Messages linked to this one as duplicates. */
  linkedMessageIds: string[];
  /** How many times feedback reopened it. */
  reopenCount: number;
  /**
   * The suggestion, when the citizen sent the message as one (where its service allows
   * suggestions). It is published only with consent: `consentTextVersion` is the version of the
   * consent text the citizen agreed to, or `null` without consent (a suggestion never published).
   */
  suggestion: { consentTextVersion: string | null; publishedAt: string | null; url: string | null } | null;
  /** Channels the citizen can be reached by (no numbers or addresses here: those stay with the host). */
  channels: Partial<Record<CitizenChannel, boolean>>;
  /** The citizen's language. */
  lang: 'fa' | 'en';
}

/** What a host gives to start a message's lifecycle. */
export interface LifecycleInput {
  /** The tracking id. */
  messageId: string;
  /** The system. */
  system: string;
  /** The service, when the citizen chose one. */
  serviceCode?: string | null;
  /** The unit that triages this system's messages. */
  intakeUnitId: string;
  /** Registration time (ISO instant). */
  at: string;
  /**
   * Sent as a suggestion (only where the service allows suggestions), with the version of the
   * consent text the citizen agreed to publishing it under, or `null` without consent.
   */
  suggestion?: { consentTextVersion: string | null } | null;
  /** The channels the citizen can be reached by (see `reachableChannels`). */
  channels?: Partial<Record<CitizenChannel, boolean>>;
  /** The citizen's language. */
  lang?: 'fa' | 'en';
}

/** What a linking action knows of the first message. */
export interface FirstMessageFacts {
  /** Its id. */
  messageId: string;
  /** Whether it is closed (a closed message cannot take duplicates). */
  closed: boolean;
  /** The message it is itself linked to, if any (then link to that one instead). */
  firstMessageId: string | null;
  /** Its current answer, if answered: the duplicate gets it at once. */
  answer: Answer | null;
}

/** Every event carries its own time. */
export interface Timed {
  /** When it happened (ISO instant): transitions are pure and replayable. */
  at: string;
}
/** An event done by a member of staff. */
export interface ByStaff extends Timed {
  /** Who did it. */
  actorRole: ActorRole;
}

/** Every event the lifecycle takes. */
export type LifecycleEvent =
  | ({ type: 'TAKE_FOR_TRIAGE' } & ByStaff)
  | ({ type: 'REFER'; unitId: string; serviceCode?: string; note?: string } & ByStaff)
  | ({ type: 'START'; note?: string } & ByStaff)
  | ({ type: 'ANSWER'; text: string } & ByStaff)
  | ({ type: 'REJECT'; text: string } & ByStaff)
  | ({ type: 'LINK'; first: FirstMessageFacts } & ByStaff)
  | ({ type: 'UNLINK' } & ByStaff)
  | ({ type: 'DUPLICATE_LINKED'; messageId: string } & Timed)
  | ({ type: 'DUPLICATE_UNLINKED'; messageId: string } & Timed)
  | ({ type: 'FIRST_ANSWERED'; answer: Answer } & Timed)
  | ({ type: 'FOLLOW_UP'; text: string } & Timed)
  | ({ type: 'FEEDBACK'; resolved: Resolved; rating: number; comment?: string } & Timed)
  | ({
      type: 'CONTACT_ATTEMPT';
      outcome: 'reached' | 'no_answer' | 'unreachable';
      note?: string;
    } & ByStaff)
  | ({ type: 'NOTE'; text: string } & ByStaff)
  | ({ type: 'DEADLINE_ELAPSED'; deadlineId: string } & Timed)
  | ({ type: 'SUGGESTION_PUBLISHED'; url?: string } & Timed);

/** The type names of lifecycle events. */
export type LifecycleEventType = LifecycleEvent['type'];

/**
 * The one list of effects: what a host must do after a transition, by name, with what each
 * carries. The machine only asks; the host does it. The effect types, the machine's effect
 * actions and {@link LIFECYCLE_EFFECT_TYPES} are all derived from this list.
 */
export interface LifecycleEffectParams {
  /** Schedule the message's one pending deadline. */
  scheduleDeadline: { deadline: Deadline };
  /** Cancel a deadline that no longer applies. */
  cancelDeadline: { deadlineId: string };
  /** Add an entry to the message's timeline. */
  recordTimeline: { entry: TimelineEntry };
  /** Send a notification (idempotent by its key). */
  notify: { intent: NotificationIntent };
  /** Publish a consented suggestion on the participation platform. */
  publishSuggestion: { messageId: string; consentTextVersion: string };
  /** Apply `FIRST_ANSWERED` with this answer to each linked message (its duplicates). */
  answerLinkedMessages: { firstMessageId: string; messageIds: string[]; answer: Answer };
  /** Apply `DUPLICATE_LINKED` to the first message. */
  linkToFirst: { firstMessageId: string; messageId: string };
  /** Apply `DUPLICATE_UNLINKED` to the first message. */
  unlinkFromFirst: { firstMessageId: string; messageId: string };
}

/** The effect type names. */
export type LifecycleEffectType = keyof LifecycleEffectParams;

/** What a host must do after a transition: one of {@link LifecycleEffectParams}, with its `type`. */
export type LifecycleEffect = { [K in LifecycleEffectType]: { type: K } & LifecycleEffectParams[K] }[LifecycleEffectType];

/** Every effect type name; the compiler holds it equal to {@link LifecycleEffectParams}. */
export const LIFECYCLE_EFFECT_TYPES = Object.keys({
  scheduleDeadline: true,
  cancelDeadline: true,
  recordTimeline: true,
  notify: true,
  publishSuggestion: true,
  answerLinkedMessages: true,
  linkToFirst: true,
  unlinkFromFirst: true,
} satisfies Record<LifecycleEffectType, true>) as readonly LifecycleEffectType[];

/** The configuration a lifecycle runs under. */
export interface LifecycleEnvironment {
  /** The org-unit tree. */
  orgUnits: readonly OrgUnit[];
  /** The business calendar deadlines are computed in. */
  calendar: BusinessCalendar;
  /** Stage limits and escalation targets. */
  escalation: EscalationPolicy;
  /** The feedback window and reopening, by default. */
  feedback: FeedbackPolicy;
  /** Feedback policies per system, where one differs from the default. */
  feedbackBySystem?: Readonly<Record<string, FeedbackPolicy>>;
}
