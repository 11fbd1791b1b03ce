import { describe, expect, test } from 'vitest';
import {
  isLifecycleSnapshot,
  LIFECYCLE_STATES,
  open311StatusOf,
  PUBLIC_STATUSES,
  OPEN_STATUSES,
  CLOSED_STATUSES,
  STATUSES_OF,
  publicStatusOf,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  translate,
  type LifecycleEvent,
  type LifecycleSnapshot,
  type LifecycleState,
  type PublicStatus,
} from '../src/index.js';
import { accept, answered, effectsOf, factsOf, HOUR, lifecycle, plus, referred, start, T0 } from './fixtures.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** One snapshot in every lifecycle state. */
function oneOfEach(): Record<LifecycleState, LifecycleSnapshot> {
  const registered = start().snapshot;
  const triage = accept(registered, { type: 'TAKE_FOR_TRIAGE', at: T0, actorRole: 'operator' }).snapshot;
  const ref = referred();
  const inProgress = accept(ref, { type: 'START', at: T0, actorRole: 'handler' }).snapshot;
  const ans = answered(T0).snapshot;
  const notActionable = accept(ref, { type: 'REJECT', text: 'x', at: T0, actorRole: 'handler' }).snapshot;
  const linked = accept(start({ messageId: 'M2' }).snapshot, { type: 'LINK', first: factsOf(ref), at: T0, actorRole: 'operator' }).snapshot;
  const reopened = accept(ans, { type: 'FEEDBACK', resolved: 'no', rating: 1, at: plus(T0, HOUR) }).snapshot;
  const closed = accept(ans, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: plus(T0, HOUR) }).snapshot;
  return { registered, triage, referred: ref, inProgress, answered: ans, notActionable, linked, reopened, closed };
}

describe('snapshots', () => {
  test('are plain JSON with a format and version, and survive a JSON round trip in every state', () => {
    const events: LifecycleEvent[] = [
      { type: 'FOLLOW_UP', text: 'x', at: plus(T0, 2 * HOUR) },
      { type: 'FEEDBACK', resolved: 'partly', rating: 3, at: plus(T0, 2 * HOUR) },
      { type: 'ANSWER', text: 'x', at: plus(T0, 2 * HOUR), actorRole: 'handler' },
      { type: 'UNLINK', at: plus(T0, 2 * HOUR), actorRole: 'operator' },
    ];
    for (const [state, snapshot] of Object.entries(oneOfEach())) {
      expect(snapshot).toMatchObject({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, state });
      const copy = JSON.parse(JSON.stringify(snapshot)) as LifecycleSnapshot;
      expect(copy).toEqual(snapshot);
      expect(isLifecycleSnapshot(copy)).toBe(true);
      for (const event of events) expect(lifecycle.apply(copy, event)).toEqual(lifecycle.apply(snapshot, event));
    }
  });

  test('apply is pure: it never changes the snapshot it is given', () => {
    const snapshot = deepFreeze(referred());
    const event = { type: 'ANSWER', text: 'x', at: T0, actorRole: 'handler' } as const;
    const a = lifecycle.apply(snapshot, event);
    const b = lifecycle.apply(snapshot, event);
    expect(a).toEqual(b);
    expect(snapshot.state).toBe('referred');
  });

  test.each([
    ['null', null],
    ['a string', 'payam.lifecycle'],
    ['an empty object', {}],
    ['another format', { format: 'xstate', version: 1, state: 'registered', context: {} }],
    ['a newer version', { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION + 1, state: 'registered', context: { messageId: 'M1', system: '137', unitId: 'u', linkedMessageIds: [] } }],
    ['an older version (readSnapshot upgrades it)', { format: SNAPSHOT_FORMAT, version: 1, state: 'registered', context: { messageId: 'M1', system: '137', unitId: 'u', linkedMessageIds: [] } }],
    ['an unknown state', { format: SNAPSHOT_FORMAT, version: 1, state: 'lost', context: { messageId: 'M1', system: '137', unitId: 'u', linkedMessageIds: [] } }],
    ['no context', { format: SNAPSHOT_FORMAT, version: 1, state: 'registered', context: null }],
    ['a context of another shape', { format: SNAPSHOT_FORMAT, version: 1, state: 'registered', context: { id: 1 } }],
  ])('isLifecycleSnapshot rejects %s, and apply refuses to load it', (_, value) => {
    expect(isLifecycleSnapshot(value)).toBe(false);
    expect(() => lifecycle.apply(value as LifecycleSnapshot, { type: 'NOTE', text: 'x', at: T0, actorRole: 'admin' })).toThrow(TypeError);
  });

  test('event times are canonicalised to UTC ISO instants; an invalid time is an error', () => {
    const result = accept(start().snapshot, { type: 'TAKE_FOR_TRIAGE', at: '2026-09-27T12:00:00+03:30', actorRole: 'operator' });
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry.at).toBe('2026-09-27T08:30:00.000Z');
    expect(() => lifecycle.apply(start().snapshot, { type: 'TAKE_FOR_TRIAGE', at: 'yesterday', actorRole: 'operator' })).toThrow(RangeError);
  });

  test('can() tells without applying', () => {
    const snapshot = referred();
    expect(lifecycle.can(snapshot, { type: 'START', at: T0, actorRole: 'handler' })).toBe(true);
    expect(lifecycle.can(snapshot, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: T0 })).toBe(false);
    expect(snapshot.state).toBe('referred');
  });

  test('registration records the message and starts the triage deadline', () => {
    const { snapshot, effects } = start({ serviceCode: 'pothole' });
    expect(snapshot.state).toBe('registered');
    expect(effects.map((e) => e.type)).toEqual(['recordTimeline', 'scheduleDeadline']);
    expect(effectsOf(effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'registered', at: T0, data: { system: '137', serviceCode: 'pothole' } });
  });
});

describe('public statuses', () => {
  const expected: Record<LifecycleState, PublicStatus> = {
    registered: 'received',
    triage: 'sorting',
    referred: 'referred',
    inProgress: 'in_progress',
    answered: 'answered',
    notActionable: 'not_actionable',
    linked: 'duplicate',
    reopened: 'reopened',
    closed: 'closed',
  };

  test('every state maps to its public status', () => {
    const all = oneOfEach();
    expect(Object.keys(all).sort()).toEqual([...LIFECYCLE_STATES].sort());
    for (const state of LIFECYCLE_STATES) expect(publicStatusOf(all[state])).toBe(expected[state]);
  });

  test('escalated and overdue show in every handling state', () => {
    const all = oneOfEach();
    for (const state of ['registered', 'triage', 'referred', 'inProgress', 'reopened'] as const) {
      const s = all[state];
      expect(publicStatusOf({ ...s, context: { ...s.context, escalated: true } })).toBe('escalated');
      expect(publicStatusOf({ ...s, context: { ...s.context, escalated: true, overdue: true } })).toBe('overdue');
    }
    // Once answered, the answer is what the citizen needs to know.
    const ans = all.answered;
    expect(publicStatusOf({ ...ans, context: { ...ans.context, overdue: true } })).toBe('answered');
  });

  test('Open311 status: open while handled, closed once answered', () => {
    const closed = new Set<PublicStatus>(['answered', 'not_actionable', 'closed']);
    for (const status of PUBLIC_STATUSES) expect(open311StatusOf(status)).toBe(closed.has(status) ? 'closed' : 'open');
  });

  test('every public status has a label and an explanation in Persian and English', () => {
    for (const status of PUBLIC_STATUSES) {
      for (const lang of ['fa', 'en'] as const) {
        for (const part of ['label', 'explanation'] as const) {
          const key = `status.${status}.${part}`;
          const text = translate(lang, key);
          expect(text, `${lang} ${key}`).not.toBe(key);
          expect(text.length).toBeGreaterThan(2);
          if (lang === 'fa') expect(text).toMatch(/[\u0600-\u06FF]/);
        }
      }
      // The explanation says what happens, not just the label again.
      expect(translate('fa', `status.${status}.explanation`).length).toBeGreaterThan(translate('fa', `status.${status}.label`).length);
    }
  });

  test('no public status is about contacting the citizen', () => {
    for (const status of PUBLIC_STATUSES) expect(status).not.toMatch(/contact|call|reach/);
  });
});

describe('open and closed statuses, listed once', () => {
  test('every public status is open or closed, never both, and open311StatusOf agrees', () => {
    expect([...OPEN_STATUSES, ...CLOSED_STATUSES].sort()).toEqual([...PUBLIC_STATUSES].sort());
    for (const status of PUBLIC_STATUSES) {
      expect(STATUSES_OF[open311StatusOf(status)]).toContain(status);
      expect(STATUSES_OF[open311StatusOf(status) === 'open' ? 'closed' : 'open']).not.toContain(status);
    }
    expect(CLOSED_STATUSES).toEqual(['answered', 'not_actionable', 'closed']);
    expect(OPEN_STATUSES).toContain('duplicate');
  });
});
