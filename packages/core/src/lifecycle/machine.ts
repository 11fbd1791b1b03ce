import { and, assertEvent, enqueueActions, setup } from 'xstate';
import { brokenRule, type RuleFacts } from './rules.js';
import type { Stage } from '../schemas/policy.js';
import type { TimelineEntry } from '../schemas/timeline.js';
import { CITIZEN_CHANNELS, type NotificationIntent } from '../schemas/notification.js';
import { createBusinessClock } from '../business-calendar.js';
import { feedbackWindowOf } from './feedback-window.js';
import { escalationTargetFor, ruleFor, stageLimitFor } from './escalation.js';
import type {
  Answer,
  Deadline,
  DeadlineStage,
  LifecycleContext,
  LifecycleEnvironment,
  LifecycleEvent,
  LifecycleEffectParams,
  LifecycleEffectType,
  LifecycleInput,
} from './types.js';
import { LIFECYCLE_EFFECT_TYPES } from './types.js';

type TimelineDraft = Omit<TimelineEntry, 'at' | 'data'> & { data?: TimelineEntry['data'] };
/** The effects a transition may ask the host for, as named actions with their params. */
export type EffectAction = { [K in LifecycleEffectType]: { type: K; params: LifecycleEffectParams[K] } }[LifecycleEffectType];

/**
 * The machine's effect actions, one per effect: no-ops here, the host executes them after the
 * transition (see {@link LifecycleEffectParams}).
 */
const EFFECT_ACTIONS = Object.fromEntries(LIFECYCLE_EFFECT_TYPES.map((type) => [type, () => {}])) as unknown as {
  [K in LifecycleEffectType]: (_: unknown, params: LifecycleEffectParams[K]) => void;
};

/** The part of XState's `enqueue` the helpers use. */
interface Enqueue {
  (action: EffectAction): void;
  assign(values: Partial<LifecycleContext>): void;
}


function feedbackPolicyOf(env: LifecycleEnvironment, system: string) {
  return env.feedbackBySystem?.[system] ?? env.feedback;
}

/** What every handling state (someone's to act on, with a stage deadline) accepts. */
const HANDLING = {
  REFER: { guard: 'isKnownUnit', target: 'referred', actions: 'refer' },
  ANSWER: { target: 'answered', actions: 'answer' },
  REJECT: { target: 'notActionable', actions: 'answer' },
  FOLLOW_UP: { actions: 'followUp' },
  CONTACT_ATTEMPT: { actions: 'contactAttempt' },
  DEADLINE_ELAPSED: { guard: 'isCurrentDeadline', actions: 'escalate' },
} as const;

/** What an answered message accepts while its feedback window is open, and when it closes. */
const FEEDBACK_WINDOW = {
  FEEDBACK: [
    { guard: 'reopensWithinWindow', target: 'reopened', actions: ['recordFeedback', 'reopen'] },
    { guard: 'windowOpen', target: 'closed', actions: ['recordFeedback', 'close'] },
  ],
  CONTACT_ATTEMPT: { actions: 'contactAttempt' },
  DEADLINE_ELAPSED: { guard: 'isCurrentDeadline', target: 'closed', actions: 'close' },
} as const;

/**
 * A named action that enqueues effects and context updates. XState types `enqueue` inside
 * `setup()` without the sibling named actions, so the effect actions are typed here instead.
 */
function effects(
  fn: (args: { context: LifecycleContext; event: LifecycleEvent; enqueue: Enqueue }) => void,
) {
  return enqueueActions<LifecycleContext, LifecycleEvent, undefined, LifecycleEvent, never, never, never, never, never>(
    ({ context, event, enqueue }) => fn({ context, event, enqueue: enqueue as unknown as Enqueue }),
  );
}

/** Linking: to a first message that is answered already, the duplicate gets its answer at once. */
const LINK_TRANSITIONS = [
  { guard: and(['canLink', 'firstIsAnswered', 'firstAnswerIsRejection']), target: 'notActionable', actions: ['link', 'answer'] },
  { guard: and(['canLink', 'firstIsAnswered']), target: 'answered', actions: ['link', 'answer'] },
  { guard: 'canLink', target: 'linked', actions: 'link' },
] as const;

/** The context a message starts with, from its registration input. */
function initialContext(input: LifecycleInput): LifecycleContext {
  return {
    messageId: input.messageId,
    system: input.system,
    serviceCode: input.serviceCode ?? null,
    intakeUnitId: input.intakeUnitId,
    unitId: input.intakeUnitId,
    registeredAt: input.at,
    deadline: null,
    deadlineSeq: 0,
    escalationLevel: 0,
    escalated: false,
    overdue: false,
    answer: null,
    answerCount: 0,
    feedbackWindow: null,
    feedback: null,
    followUps: 0,
    firstMessageId: null,
    linkedMessageIds: [],
    reopenCount: 0,
    suggestion: input.suggestion ? { consentTextVersion: input.suggestion.consentTextVersion, publishedAt: null, url: null } : null,
    // A copy: the context never shares an object with the host's input.
    channels: input.channels ? { ...input.channels } : {},
    lang: input.lang ?? 'fa',
  };
}

/**
 * A message's first transition (the machine's initial state with its entry actions), as the
 * interpreter computes it: the state, the context after the entry's assignments, and the effect
 * actions in the order they are enqueued.
 */
export interface FirstTransition {
  /** The initial state. */
  state: 'registered';
  /** The context after the entry actions. */
  context: LifecycleContext;
  /** The effect actions, in order. */
  actions: EffectAction[];
}

/**
 * Builds the message lifecycle machine for one environment (org tree, calendar, policies).
 * Hosts normally use {@link createLifecycle}, which wraps this in a pure `(snapshot, event) →
 * (snapshot, effects)` API.
 */
export function createLifecycleMachine(env: LifecycleEnvironment) {
  return lifecycleDefinition(env).machine;
}

/**
 * The machine, and its first transition computed without the interpreter: the entry action is
 * a plain function over the context, so registering a message runs it directly (no actor scope,
 * no state-node resolution). Both run the same `register`; a property test holds them equal.
 */
export function lifecycleDefinition(env: LifecycleEnvironment) {
  const tz = env.calendar.timeZone;
  const facts: RuleFacts = { orgUnits: env.orgUnits };
  /** Whether `event` keeps every rule written for its type. */
  const keepsRules = (context: LifecycleContext, event: LifecycleEvent) => brokenRule(context, event, facts) === undefined;
  // Deadlines fall on the same few days message after message: each day is worked out once.
  const clock = createBusinessClock(env.calendar);

  function timeline(
    enqueue: Enqueue,
    at: string,
    draft: TimelineDraft,
  ): void {
    // Copied with Object.assign, not spread: a property added after a spread gives each entry a
    // shape of its own, and every later read of it (the effects, the rows, the snapshot) a slow lookup.
    const entry = Object.assign({}, draft) as TimelineEntry;
    entry.at = at;
    entry.data = draft.data ?? {};
    enqueue({ type: 'recordTimeline', params: { entry } });
  }

  function notify(enqueue: Enqueue, context: LifecycleContext, intent: Omit<NotificationIntent, 'messageId'>): void {
    if (intent.channels.length === 0) return;
    const withMessage = Object.assign({}, intent) as NotificationIntent;
    withMessage.messageId = context.messageId;
    enqueue({ type: 'notify', params: { intent: withMessage } });
  }

  function citizenChannels(context: LifecycleContext): NotificationIntent['channels'] {
    return CITIZEN_CHANNELS.filter((channel) => context.channels[channel] === true);
  }

  /** Replaces the pending deadline with a new one (or none). */
  function setDeadline(
    enqueue: Enqueue,
    context: LifecycleContext,
    next: { stage: DeadlineStage; dueAt: string; unitId: string } | null,
  ): void {
    if (context.deadline) enqueue({ type: 'cancelDeadline', params: { deadlineId: context.deadline.id } });
    if (!next) {
      enqueue.assign({ deadline: null });
      return;
    }
    const seq = context.deadlineSeq + 1;
    const deadline: Deadline = { id: `${context.messageId}/${seq}`, ...next };
    // A new handling deadline (a referral, a start, a reopening…) ends "overdue": someone acted.
    enqueue.assign({ deadline, deadlineSeq: seq, ...(next.stage === 'feedback' ? {} : { overdue: false }) });
    // The effect gets its own copy, so it never shares an object with the snapshot.
    enqueue({ type: 'scheduleDeadline', params: { deadline: { ...deadline } } });
  }

  function stageDeadline(context: LifecycleContext, stage: Stage, unitId: string, at: string) {
    const limit = stageLimitFor(env.escalation, { ...context, unitId }, stage);
    const dueAt = clock.addBusinessHours(new Date(at), limit.businessHours).toISOString();
    return { stage, dueAt, unitId };
  }

  /** Records an answer (or rejection), opens its feedback window and invites feedback. */
  function giveAnswer(enqueue: Enqueue, context: LifecycleContext, answer: Answer): void {
    const policy = feedbackPolicyOf(env, context.system);
    const feedbackWindow = feedbackWindowOf(answer.at, policy.window, tz);
    const { closesAt } = feedbackWindow;
    const answerCount = context.answerCount + 1;
    // A linked message answered with its first message's answer is with the unit that answered.
    const unitId = answer.unitId;
    enqueue.assign({ answer, answerCount, feedback: null, feedbackWindow, escalated: false, unitId });
    setDeadline(enqueue, context, { stage: 'feedback', dueAt: closesAt, unitId });
    timeline(enqueue, answer.at, {
      type: answer.kind === 'answered' ? 'answered' : 'rejected',
      actorRole: answer.fromFirstMessageId ? 'system' : 'handler',
      visibility: 'public',
      text: answer.text,
      data: { feedbackClosesAt: closesAt, fromFirstMessageId: answer.fromFirstMessageId },
    });
    notify(enqueue, context, {
      kind: 'feedback_invitation',
      channels: citizenChannels(context),
      recipient: { type: 'citizen', messageId: context.messageId },
      params: { closesAt, messageId: context.messageId },
      idempotencyKey: `${context.messageId}:feedback_invitation:${answerCount}`,
    });
    if (context.linkedMessageIds.length > 0 && !answer.fromFirstMessageId) {
      enqueue({
        type: 'answerLinkedMessages',
        params: { firstMessageId: context.messageId, messageIds: [...context.linkedMessageIds], answer },
      });
    }
  }

  /** The machine's entry: the registration's timeline entry, its triage deadline, its suggestion. */
  function register(enqueue: Enqueue, context: LifecycleContext): void {
    timeline(enqueue, context.registeredAt, {
      type: 'registered',
      actorRole: 'citizen',
      visibility: 'public',
      data: { system: context.system, serviceCode: context.serviceCode },
    });
    setDeadline(enqueue, context, stageDeadline(context, 'triage', context.unitId, context.registeredAt));
    const consentTextVersion = context.suggestion?.consentTextVersion;
    if (consentTextVersion) {
      enqueue({ type: 'publishSuggestion', params: { messageId: context.messageId, consentTextVersion } });
    }
  }

  const machineSetup = setup({
    types: {
      context: {} as LifecycleContext,
      events: {} as LifecycleEvent,
      input: {} as LifecycleInput,
    },
    actions: {
      ...EFFECT_ACTIONS,

      register: effects(({ context, enqueue }) => register(enqueue, context)),
      takeForTriage: effects(({ event, enqueue }) => {
        assertEvent(event, 'TAKE_FOR_TRIAGE');
        enqueue.assign({ escalated: false });
        timeline(enqueue, event.at, { type: 'triage_started', actorRole: event.actorRole, visibility: 'public' });
      }),
      refer: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'REFER');
        const serviceCode = event.serviceCode ?? context.serviceCode;
        enqueue.assign({ unitId: event.unitId, serviceCode, escalated: false });
        setDeadline(enqueue, context, stageDeadline({ ...context, serviceCode }, 'referral', event.unitId, event.at));
        timeline(enqueue, event.at, {
          type: 'referred',
          actorRole: event.actorRole,
          visibility: 'public',
          data: { fromUnitId: context.unitId, toUnitId: event.unitId, serviceCode },
        });
        if (event.note) timeline(enqueue, event.at, { type: 'note', actorRole: event.actorRole, visibility: 'staff', text: event.note });
      }),
      start: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'START');
        enqueue.assign({ escalated: false });
        setDeadline(enqueue, context, stageDeadline(context, 'response', context.unitId, event.at));
        timeline(enqueue, event.at, { type: 'started', actorRole: event.actorRole, visibility: 'public', data: { unitId: context.unitId } });
        if (event.note) timeline(enqueue, event.at, { type: 'note', actorRole: event.actorRole, visibility: 'staff', text: event.note });
      }),
      answer: effects(({ context, event, enqueue }) => {
        assertEvent(event, ['ANSWER', 'REJECT', 'FIRST_ANSWERED', 'LINK']);
        if (event.type === 'ANSWER' || event.type === 'REJECT') {
          const kind = event.type === 'ANSWER' ? 'answered' : 'rejected';
          giveAnswer(enqueue, context, { kind, text: event.text, at: event.at, fromFirstMessageId: null, unitId: context.unitId });
        } else if (event.type === 'FIRST_ANSWERED') {
          // The linked message is answered now, with the first message's text: its own window
          // opens when it gets the answer, as when it is linked to a message answered already.
          giveAnswer(enqueue, context, { ...event.answer, at: event.at, fromFirstMessageId: context.firstMessageId });
        } else if (event.type === 'LINK' && event.first.answer) {
          giveAnswer(enqueue, context, { ...event.first.answer, at: event.at, fromFirstMessageId: event.first.messageId });
        }
      }),
      link: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'LINK');
        const firstMessageId = event.first.messageId;
        enqueue.assign({ firstMessageId, escalated: false });
        setDeadline(enqueue, context, null);
        enqueue({ type: 'linkToFirst', params: { firstMessageId, messageId: context.messageId } });
        timeline(enqueue, event.at, {
          type: 'linked_as_duplicate',
          actorRole: event.actorRole,
          visibility: 'public',
          data: { firstMessageId },
        });
      }),
      unlink: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'UNLINK');
        if (!context.firstMessageId) throw new Error(`Message ${context.messageId} is linked to no first message.`);
        enqueue({ type: 'unlinkFromFirst', params: { firstMessageId: context.firstMessageId, messageId: context.messageId } });
        enqueue.assign({ firstMessageId: null });
        const stage: Stage = context.unitId === context.intakeUnitId ? 'triage' : 'referral';
        setDeadline(enqueue, context, stageDeadline(context, stage, context.unitId, event.at));
        timeline(enqueue, event.at, {
          type: 'unlinked',
          actorRole: event.actorRole,
          visibility: 'public',
          data: { firstMessageId: context.firstMessageId },
        });
      }),
      countDuplicate: effects(({ context, event, enqueue }) => {
        assertEvent(event, ['DUPLICATE_LINKED', 'DUPLICATE_UNLINKED']);
        // Each duplicate is counted once, however often the host reports it.
        if (event.type === 'DUPLICATE_LINKED' && !context.linkedMessageIds.includes(event.messageId)) {
          enqueue.assign({ linkedMessageIds: [...context.linkedMessageIds, event.messageId] });
          timeline(enqueue, event.at, { type: 'duplicate_linked', actorRole: 'system', visibility: 'public', data: { messageId: event.messageId, linkedCount: context.linkedMessageIds.length + 1 } });
        } else if (event.type === 'DUPLICATE_UNLINKED' && context.linkedMessageIds.includes(event.messageId)) {
          const linkedMessageIds = context.linkedMessageIds.filter((id) => id !== event.messageId);
          enqueue.assign({ linkedMessageIds });
          timeline(enqueue, event.at, { type: 'duplicate_unlinked', actorRole: 'system', visibility: 'public', data: { messageId: event.messageId, linkedCount: linkedMessageIds.length } });
        }
      }),
      followUp: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'FOLLOW_UP');
        enqueue.assign({ followUps: context.followUps + 1 });
        timeline(enqueue, event.at, { type: 'follow_up', actorRole: 'citizen', visibility: 'public', text: event.text });
      }),
      recordFeedback: effects(({ event, enqueue }) => {
        assertEvent(event, 'FEEDBACK');
        const feedback = { resolved: event.resolved, rating: event.rating, comment: event.comment, at: event.at };
        enqueue.assign({ feedback });
        timeline(enqueue, event.at, {
          type: 'feedback',
          actorRole: 'citizen',
          visibility: 'public',
          ...(event.comment ? { text: event.comment } : {}),
          data: { resolved: event.resolved, rating: event.rating },
        });
      }),
      reopen: effects(({ context, event, enqueue }) => {
        enqueue.assign({ reopenCount: context.reopenCount + 1, answer: null, feedbackWindow: null });
        setDeadline(enqueue, context, stageDeadline(context, 'referral', context.unitId, event.at));
        timeline(enqueue, event.at, { type: 'reopened', actorRole: 'system', visibility: 'public', data: { unitId: context.unitId } });
      }),
      close: effects(({ context, event, enqueue }) => {
        setDeadline(enqueue, context, null);
        timeline(enqueue, event.at, { type: 'closed', actorRole: 'system', visibility: 'public' });
      }),
      contactAttempt: effects(({ event, enqueue }) => {
        assertEvent(event, 'CONTACT_ATTEMPT');
        // Contact with the citizen is history, never a status (seed §3); details stay with staff.
        timeline(enqueue, event.at, { type: 'contact_attempt', actorRole: event.actorRole, visibility: 'public', data: { outcome: event.outcome } });
        if (event.note) timeline(enqueue, event.at, { type: 'note', actorRole: event.actorRole, visibility: 'staff', text: event.note });
      }),
      note: effects(({ event, enqueue }) => {
        assertEvent(event, 'NOTE');
        timeline(enqueue, event.at, { type: 'note', actorRole: event.actorRole, visibility: 'staff', text: event.text });
      }),
      escalate: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'DEADLINE_ELAPSED');
        // Guarded by isCurrentDeadline, in a handling state: a handling deadline is pending.
        if (!context.deadline || context.deadline.stage === 'feedback') throw new Error(`No handling deadline to escalate for ${context.messageId}.`);
        const stage = context.deadline.stage;
        const from = context.unitId;
        const rule = ruleFor(env.escalation, context, stage);
        const to = escalationTargetFor(env.escalation, env.orgUnits, context, stage);
        if (to === null) {
          enqueue.assign({ overdue: true, escalated: false });
          setDeadline(enqueue, context, null);
          timeline(enqueue, event.at, { type: 'overdue', actorRole: 'system', visibility: 'public', data: { stage, unitId: from, dueAt: context.deadline.dueAt } });
          const supervisor = rule.supervisorUnitId ?? from;
          notify(enqueue, context, {
            kind: 'overdue',
            channels: ['webhook'],
            recipient: { type: 'unit', unitId: supervisor },
            params: { stage, unitId: from, dueAt: context.deadline.dueAt },
            idempotencyKey: `${context.messageId}:overdue:${context.deadline.id}`,
          });
          return;
        }
        enqueue.assign({ unitId: to, escalationLevel: context.escalationLevel + 1, escalated: true });
        setDeadline(enqueue, context, stageDeadline(context, stage, to, event.at));
        timeline(enqueue, event.at, {
          type: 'escalated',
          actorRole: 'system',
          visibility: 'public',
          data: { stage, fromUnitId: from, toUnitId: to, dueAt: context.deadline.dueAt, level: context.escalationLevel + 1 },
        });
        if (rule.notifyCitizen) {
          notify(enqueue, context, {
            kind: 'escalated',
            channels: citizenChannels(context),
            recipient: { type: 'citizen', messageId: context.messageId },
            params: { messageId: context.messageId, toUnitId: to },
            idempotencyKey: `${context.messageId}:escalated:${context.deadline.id}`,
          });
        }
      }),
      suggestionPublished: effects(({ context, event, enqueue }) => {
        assertEvent(event, 'SUGGESTION_PUBLISHED');
        // Guarded by hasSuggestion.
        if (!context.suggestion) throw new Error(`Message ${context.messageId} is no suggestion.`);
        enqueue.assign({ suggestion: { ...context.suggestion, publishedAt: event.at, url: event.url ?? null } });
        timeline(enqueue, event.at, { type: 'suggestion_published', actorRole: 'system', visibility: 'public', data: { url: event.url ?? null } });
        notify(enqueue, context, {
          kind: 'suggestion_published',
          channels: citizenChannels(context),
          recipient: { type: 'citizen', messageId: context.messageId },
          params: { messageId: context.messageId, url: event.url ?? '' },
          idempotencyKey: `${context.messageId}:suggestion_published`,
        });
      }),
    },
    guards: {
      // A deadline elapses once, when due: another id is stale, an earlier time is premature.
      isCurrentDeadline: ({ context, event }) => {
        assertEvent(event, 'DEADLINE_ELAPSED');
        return context.deadline !== null && event.deadlineId === context.deadline.id && Date.parse(event.at) >= Date.parse(context.deadline.dueAt);
      },
      // The rules on an event's data are written once, with their refusal codes (rules.ts).
      isKnownUnit: ({ context, event }) => {
        assertEvent(event, 'REFER');
        return keepsRules(context, event);
      },
      canLink: ({ context, event }) => {
        assertEvent(event, 'LINK');
        return keepsRules(context, event);
      },
      firstIsAnswered: ({ event }) => {
        assertEvent(event, 'LINK');
        return event.first.answer !== null;
      },
      firstAnswerIsRejection: ({ event }) =>
        (event.type === 'LINK' && event.first.answer?.kind === 'rejected') ||
        (event.type === 'FIRST_ANSWERED' && event.answer.kind === 'rejected'),
      backAtIntake: ({ context }) => context.unitId === context.intakeUnitId,
      windowOpen: ({ context, event }) => {
        assertEvent(event, 'FEEDBACK');
        return keepsRules(context, event);
      },
      reopens: ({ context, event }) => {
        assertEvent(event, 'FEEDBACK');
        const policy = feedbackPolicyOf(env, context.system);
        return event.resolved === 'no' && policy.reopenOnUnresolved && context.reopenCount < policy.maxReopens;
      },
      reopensWithinWindow: and(['windowOpen', 'reopens']),
      hasSuggestion: ({ context }) =>
        context.suggestion !== null && context.suggestion.consentTextVersion !== null && context.suggestion.publishedAt === null,
    },
  });

  const firstTransition = (input: LifecycleInput): FirstTransition => {
    const initial = initialContext(input);
    let context = initial;
    const actions: EffectAction[] = [];
    const enqueue = ((action: EffectAction) => {
      actions.push(action);
    }) as Enqueue;
    // As XState's assign: each update makes a new context; the action itself reads the one it started with.
    enqueue.assign = (values) => {
      context = { ...context, ...values };
    };
    register(enqueue, initial);
    return { state: 'registered', context, actions };
  };

  const machine = machineSetup.createMachine({
    id: 'payamMessage',
    context: ({ input }) => initialContext(input),
    entry: 'register',
    initial: 'registered',
    on: {
      DUPLICATE_LINKED: { actions: 'countDuplicate' },
      DUPLICATE_UNLINKED: { actions: 'countDuplicate' },
      NOTE: { actions: 'note' },
      SUGGESTION_PUBLISHED: { guard: 'hasSuggestion', actions: 'suggestionPublished' },
    },
    states: {
      registered: {
        on: { ...HANDLING, TAKE_FOR_TRIAGE: { target: 'triage', actions: 'takeForTriage' }, LINK: LINK_TRANSITIONS },
      },
      triage: {
        on: { ...HANDLING, LINK: LINK_TRANSITIONS },
      },
      referred: {
        on: { ...HANDLING, START: { target: 'inProgress', actions: 'start' }, LINK: LINK_TRANSITIONS },
      },
      inProgress: {
        on: { ...HANDLING, LINK: LINK_TRANSITIONS },
      },
      reopened: {
        on: { ...HANDLING, START: { target: 'inProgress', actions: 'start' } },
      },
      linked: {
        on: {
          FIRST_ANSWERED: [
            { guard: 'firstAnswerIsRejection', target: 'notActionable', actions: 'answer' },
            { target: 'answered', actions: 'answer' },
          ],
          UNLINK: [
            { guard: 'backAtIntake', target: 'registered', actions: 'unlink' },
            { target: 'referred', actions: 'unlink' },
          ],
          FOLLOW_UP: { actions: 'followUp' },
          CONTACT_ATTEMPT: { actions: 'contactAttempt' },
        },
      },
      answered: { on: FEEDBACK_WINDOW },
      notActionable: { on: FEEDBACK_WINDOW },
      closed: {},
    },
  });
  return { machine, firstTransition };
}

/** The lifecycle machine type. */
export type LifecycleMachine = ReturnType<typeof createLifecycleMachine>;


