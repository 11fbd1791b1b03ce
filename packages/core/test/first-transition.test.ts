/**
 * `lifecycle.start` computes a message's first transition without XState's interpreter. These
 * properties hold it equal to the machine's own initial transition (XState's `initialTransition`)
 * for any registration input: the same state, the same context (key order included) and the same
 * effects in the same order.
 */
import fc from 'fast-check';
import { initialTransition } from 'xstate';
import { describe, expect, test } from 'vitest';
import {
  createLifecycle,
  escalationPolicySchema,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type LifecycleEffect,
  type LifecycleEnvironment,
  type LifecycleInput,
  type LifecycleSnapshot,
  type LifecycleState,
} from '../src/index.js';
import { env, lifecycle, orgUnits } from './fixtures.js';

const EFFECT_TYPES = new Set(['scheduleDeadline', 'cancelDeadline', 'recordTimeline', 'notify', 'publishSuggestion', 'answerLinkedMessages', 'linkToFirst', 'unlinkFromFirst']);

/** The first snapshot and effects as the full machine computes them. */
function byTheMachine(machine: typeof lifecycle.machine, input: LifecycleInput): { snapshot: LifecycleSnapshot; effects: LifecycleEffect[] } {
  const at = new Date(Date.parse(input.at)).toISOString();
  const [state, actions] = initialTransition(machine, { ...input, at });
  return {
    snapshot: {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      state: state.value as LifecycleState,
      context: JSON.parse(JSON.stringify(state.context)) as LifecycleSnapshot['context'],
    },
    effects: actions
      .filter((action) => EFFECT_TYPES.has(action.type))
      .map((action) => ({ type: action.type, ...(action.params as object) }) as LifecycleEffect),
  };
}

const MIN = Date.parse('2024-01-01T00:00:00Z');
const MAX = Date.parse('2030-12-31T00:00:00Z');

/** An instant, written in UTC or with Tehran's offset (start canonicalises it). */
const instant = fc.integer({ min: MIN, max: MAX }).chain((ms) =>
  fc.constantFrom(
    new Date(ms).toISOString(),
    new Date(ms + 3.5 * 3_600_000).toISOString().replace('Z', '+03:30'),
  ),
);

const input: fc.Arbitrary<LifecycleInput> = fc.record(
  {
    messageId: fc.oneof(fc.constantFrom('137-1000', '1888-7'), fc.string({ minLength: 1, maxLength: 12 })),
    system: fc.constantFrom('137', '1888', 'elsewhere'),
    serviceCode: fc.oneof(fc.constantFrom('pothole', 'streetlight', null, undefined), fc.string({ maxLength: 8 })),
    intakeUnitId: fc.constantFrom(...orgUnits.map((u) => u.id), 'unknown-unit'),
    at: instant,
    suggestion: fc.oneof(fc.constantFrom(null, undefined), fc.record({ consentTextVersion: fc.string({ maxLength: 8 }) })),
    channels: fc.oneof(fc.constant(undefined), fc.record({ sms: fc.boolean(), push: fc.boolean() })),
    lang: fc.constantFrom('fa' as const, 'en' as const, undefined),
  },
  { requiredKeys: ['messageId', 'system', 'intakeUnitId', 'at'] },
);

/** Another environment: longer triage limits, one per unit and per service. */
const other: LifecycleEnvironment = {
  ...env,
  escalation: escalationPolicySchema.parse({
    default: { ...env.escalation.default, stages: { ...env.escalation.default.stages, triage: { businessHours: 30 } } },
    rules: [
      ...env.escalation.rules,
      { match: { unitId: 'inspection-desk' }, stages: { triage: { businessHours: 2 } } },
      { match: { serviceCode: 'streetlight' }, stages: { triage: { businessHours: 1 } } },
    ],
  }),
};

describe('the first transition', () => {
  test.each([
    ['the test city', lifecycle],
    ['another escalation policy', createLifecycle(other)],
  ])('equals the machine’s initial transition (%s)', (_name, subject) => {
    fc.assert(
      fc.property(input, (given) => {
        const fast = subject.start(given);
        const full = byTheMachine(subject.machine, given);
        expect(fast).toStrictEqual(full);
        // Same JSON, key order included: the stored snapshot and rows do not depend on the path.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
      }),
      { numRuns: 500 },
    );
  });

  test('gives a snapshot that shares no object with the input or the effects', () => {
    const channels = { sms: true, push: false };
    const suggestion = { consentTextVersion: 'v1' };
    const { snapshot, effects } = lifecycle.start({ messageId: 'M1', system: '137', intakeUnitId: 'intake-137', at: '2026-09-27T05:30:00Z', channels, suggestion });
    const copy = JSON.parse(JSON.stringify(snapshot)) as LifecycleSnapshot;
    channels.sms = false;
    suggestion.consentTextVersion = 'v2';
    for (const effect of effects) {
      if (effect.type === 'scheduleDeadline') effect.deadline.dueAt = 'changed';
      if (effect.type === 'recordTimeline') effect.entry.data.system = 'changed';
    }
    expect(snapshot).toStrictEqual(copy);
  });

  test('refuses an instant it cannot read, as before', () => {
    expect(() => lifecycle.start({ messageId: 'M1', system: '137', intakeUnitId: 'intake-137', at: 'yesterday' })).toThrow(RangeError);
  });
});
