/**
 * Path tests generated from the machine with `xstate/graph`: every state is reached, every
 * transition of the statechart is taken, and every path replayed through the pure `apply` API
 * gives the same states with well-formed effects.
 */
import { describe, expect, test } from 'vitest';
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import {
  LIFECYCLE_STATES,
  type Answer,
  type LifecycleContext,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleInput,
  type LifecycleSnapshot,
} from '../src/index.js';
import { lifecycle, MINUTE, plus, T0 } from './fixtures.js';

const machine = lifecycle.machine;
const input: LifecycleInput = {
  messageId: 'M1',
  system: '137',
  intakeUnitId: 'intake-137',
  at: T0,
  channels: { sms: true, push: true },
  suggestion: { consentTextVersion: 'v1' },
};

/** A time after everything the message has seen. */
function now(c: LifecycleContext): string {
  const times = [c.registeredAt, c.answer?.at, c.feedback?.at].filter((t): t is string => !!t);
  return plus(times.sort().at(-1) ?? T0, MINUTE);
}
const answerOf = (kind: Answer['kind'], at: string): Answer => ({ kind, text: 'پاسخ', at, fromFirstMessageId: null, unitId: 'F-unit' });
const first = (facts: Partial<Extract<LifecycleEvent, { type: 'LINK' }>['first']>) => ({
  messageId: 'F1',
  closed: false,
  firstMessageId: null,
  answer: null,
  ...facts,
});

/** A finite list of sample events per type, valid and invalid, for a message's context. */
const SAMPLES = {
  TAKE_FOR_TRIAGE: (c) => [{ type: 'TAKE_FOR_TRIAGE', at: now(c), actorRole: 'operator' }],
  REFER: (c) => [
    { type: 'REFER', unitId: 'roads-1', at: now(c), actorRole: 'operator' },
    { type: 'REFER', unitId: 'district-2', serviceCode: 'pothole', at: now(c), actorRole: 'supervisor' },
    { type: 'REFER', unitId: 'no-such-unit', at: now(c), actorRole: 'operator' },
  ],
  START: (c) => [{ type: 'START', at: now(c), actorRole: 'handler' }],
  ANSWER: (c) => [{ type: 'ANSWER', text: 'انجام شد', at: now(c), actorRole: 'handler' }],
  REJECT: (c) => [{ type: 'REJECT', text: 'قابل پیگیری نیست', at: now(c), actorRole: 'handler' }],
  LINK: (c) => [
    { type: 'LINK', first: first({}), at: now(c), actorRole: 'operator' },
    { type: 'LINK', first: first({ answer: answerOf('answered', T0) }), at: now(c), actorRole: 'operator' },
    { type: 'LINK', first: first({ answer: answerOf('rejected', T0) }), at: now(c), actorRole: 'operator' },
    { type: 'LINK', first: first({ messageId: c.messageId }), at: now(c), actorRole: 'operator' },
    { type: 'LINK', first: first({ closed: true }), at: now(c), actorRole: 'operator' },
    { type: 'LINK', first: first({ firstMessageId: 'F0' }), at: now(c), actorRole: 'operator' },
  ],
  UNLINK: (c) => [{ type: 'UNLINK', at: now(c), actorRole: 'operator' }],
  DUPLICATE_LINKED: (c) => [{ type: 'DUPLICATE_LINKED', messageId: 'D1', at: now(c) }],
  DUPLICATE_UNLINKED: (c) => [{ type: 'DUPLICATE_UNLINKED', messageId: 'D1', at: now(c) }],
  FIRST_ANSWERED: (c) => [
    { type: 'FIRST_ANSWERED', answer: answerOf('answered', now(c)), at: now(c) },
    { type: 'FIRST_ANSWERED', answer: answerOf('rejected', now(c)), at: now(c) },
  ],
  FOLLOW_UP: (c) => [{ type: 'FOLLOW_UP', text: 'پیگیری', at: now(c) }],
  FEEDBACK: (c) => {
    const w = c.feedbackWindow;
    const inside = w ? plus(w.opensAt, MINUTE) : now(c);
    return [
      { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: inside },
      { type: 'FEEDBACK', resolved: 'no', rating: 1, at: inside },
      { type: 'FEEDBACK', resolved: 'partly', rating: 3, at: w ? w.closesAt : now(c) },
    ];
  },
  CONTACT_ATTEMPT: (c) => [{ type: 'CONTACT_ATTEMPT', outcome: 'no_answer', at: now(c), actorRole: 'handler' }],
  NOTE: (c) => [{ type: 'NOTE', text: 'یادداشت', at: now(c), actorRole: 'handler' }],
  DEADLINE_ELAPSED: (c) => [
    ...(c.deadline ? [{ type: 'DEADLINE_ELAPSED' as const, deadlineId: c.deadline.id, at: c.deadline.dueAt }] : []),
    { type: 'DEADLINE_ELAPSED', deadlineId: 'M1/0', at: now(c) },
  ],
  SUGGESTION_PUBLISHED: (c) => [{ type: 'SUGGESTION_PUBLISHED', url: 'https://mosharekat.example/1', at: now(c) }],
} satisfies { [K in LifecycleEventType]: (c: LifecycleContext) => Extract<LifecycleEvent, { type: K }>[] };

type MachineSnapshot = ReturnType<typeof machine.transition>;
const samplers: readonly ((c: LifecycleContext) => LifecycleEvent[])[] = Object.values(SAMPLES);
const events = (snapshot: Pick<MachineSnapshot, 'context'>): LifecycleEvent[] => samplers.flatMap((sample) => sample(snapshot.context));

/** What distinguishes states for the traversal: the state and the facts that change what comes next. */
function serializeState(snapshot: MachineSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.unitId,
    c.overdue,
    c.escalated,
    c.linkedMessageIds.length,
    c.reopenCount,
    c.suggestion?.publishedAt !== null,
    c.firstMessageId,
    c.feedback !== null,
    c.answer?.kind ?? null,
  ]);
}
const options = { input, events, serializeState };

/** Every transition of the statechart, with a readable name. */
function allTransitions(): Map<AnyTransitionDefinition, string> {
  const found = new Map<AnyTransitionDefinition, string>();
  const visit = (node: AnyStateNode) => {
    for (const [eventType, definitions] of node.transitions) {
      definitions.forEach((definition, i) => found.set(definition, `${node.key}: ${eventType}#${i}`));
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return found;
}

describe('paths generated from the machine', () => {
  const paths = getShortestPaths(machine, options);
  // The same traversal as the paths', kept to look up the snapshot each sampled event was made for.
  const adjacency = getAdjacencyMap(machine, options) as unknown as Record<
    string,
    { state: MachineSnapshot; transitions: Record<string, { event: LifecycleEvent }> } | undefined
  >;

  test('reach every state', () => {
    const reached = new Set(paths.map((p) => p.state.value));
    expect([...reached].sort()).toEqual([...LIFECYCLE_STATES].sort());
  });

  test('take every transition of the statechart', () => {
    const transitions = allTransitions();
    const taken = new Set<AnyTransitionDefinition>();
    for (const node of Object.values(adjacency)) {
      if (!node) continue;
      for (const { event } of Object.values(node.transitions)) {
        for (const definition of machine.getTransitionData(node.state, event)) taken.add(definition);
      }
    }
    const missed = [...transitions].filter(([definition]) => !taken.has(definition)).map(([, name]) => name);
    expect(missed).toEqual([]);
    expect(transitions.size).toBeGreaterThan(60);
    expect(taken.size).toBe(transitions.size);
  });

  test('replayed through the pure API, the longest path to each kind of state gives the same states and sound effects', () => {
    // One path per kind of state keeps this fast: thousands of paths share their prefixes.
    const longest = new Map<string, (typeof paths)[number]>();
    for (const path of paths) {
      const c = path.state.context;
      const kind = JSON.stringify([path.state.value, c.overdue, c.escalated, c.reopenCount, c.answer?.kind, c.firstMessageId, c.linkedMessageIds.length > 0]);
      if ((longest.get(kind)?.steps.length ?? -1) < path.steps.length) longest.set(kind, path);
    }
    expect(longest.size).toBeGreaterThan(LIFECYCLE_STATES.length);
    const keyOf = (snapshot: LifecycleSnapshot) => serializeState({ value: snapshot.state, context: snapshot.context } as MachineSnapshot);
    for (const path of longest.values()) {
      let snapshot: LifecycleSnapshot = lifecycle.start(input).snapshot;
      // Steps are [init, …] with the state after each event.
      for (let i = 1; i < path.steps.length; i++) {
        const before = path.steps[i - 1]!;
        const step = path.steps[i]!;
        // The same sample, made for the replayed message (its own deadline ids and times).
        const sampled = adjacency[serializeState(before.state)]?.state ?? before.state;
        const index = events(sampled).findIndex((e) => JSON.stringify(e) === JSON.stringify(step.event));
        expect(index).toBeGreaterThanOrEqual(0);
        const event = events(snapshot)[index]!;
        expect(event.type).toBe(step.event.type);
        const result = lifecycle.apply(snapshot, event);
        expect(result.ok, `${event.type} in ${snapshot.state}`).toBe(true);
        if (!result.ok) break;
        for (const effect of result.effects) {
          if (effect.type === 'scheduleDeadline') expect(effect.deadline.dueAt >= event.at).toBe(true);
          if (effect.type === 'cancelDeadline') expect(effect.deadlineId).toBe(snapshot.context.deadline?.id);
        }
        expect(result.effects.filter((e) => e.type === 'scheduleDeadline').length).toBeLessThanOrEqual(1);
        snapshot = result.snapshot;
        expect(keyOf(snapshot)).toBe(serializeState(step.state));
      }
      expect(keyOf(snapshot)).toBe(serializeState(path.state));
    }
  });
});
