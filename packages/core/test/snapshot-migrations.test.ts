import { describe, expect, test } from 'vitest';
import {
  isLifecycleSnapshot,
  publicStatusOf,
  readSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_UPGRADES,
  SNAPSHOT_VERSION,
  SnapshotFormatError,
  type LifecycleEvent,
  type LifecycleSnapshot,
} from '../src/index.js';
import { accept, DAY, lifecycle, refusalOf } from './fixtures.js';

import v1 from './snapshots/v1.json';
import v2 from './snapshots/v2.json';

/** The stored snapshots of each version, written by the code of that version (never regenerated). */
const STORED_BY_VERSION: Readonly<Record<number, Record<string, unknown>>> = { 1: v1, 2: v2 };

function storedOf(version: number): Record<string, unknown> {
  const stored = STORED_BY_VERSION[version];
  if (!stored) throw new Error(`No stored snapshots of version ${version}: add test/snapshots/v${version}.json`);
  return stored;
}

const VERSIONS = Array.from({ length: SNAPSHOT_VERSION }, (_, i) => i + 1);
const STORED = VERSIONS.flatMap((version) => Object.entries(storedOf(version)).map(([name, value]) => ({ version, name, value })));

/** A time after everything the snapshot has seen. */
function after(snapshot: LifecycleSnapshot): string {
  const c = snapshot.context;
  const times = [c.registeredAt, c.answer?.at, c.feedback?.at, c.suggestion?.publishedAt].filter((t): t is string => !!t);
  return new Date(Math.max(...times.map((t) => Date.parse(t))) + 1000).toISOString();
}

/** Drives a message to `closed` the way a city would, from whatever state it is in. */
function closeIt(snapshot: LifecycleSnapshot): LifecycleSnapshot {
  let current = snapshot;
  for (let step = 0; step < 6 && current.state !== 'closed'; step++) {
    const at = after(current);
    const event: LifecycleEvent =
      current.state === 'linked'
        ? { type: 'FIRST_ANSWERED', answer: { kind: 'answered', text: 'Fixed.', at, fromFirstMessageId: null, unitId: 'roads-1' }, at }
        : current.state === 'answered' || current.state === 'notActionable'
          ? { type: 'FEEDBACK', resolved: 'yes', rating: 5, at }
          : { type: 'ANSWER', text: 'Fixed.', at, actorRole: 'handler' };
    current = accept(current, event).snapshot;
  }
  return current;
}

describe('every snapshot version ever written can be read', () => {
  test('there is a stored fixture of every version, and one upgrade step from each older version, in order', () => {
    for (const version of VERSIONS) expect(Object.keys(storedOf(version)).length, `v${version}.json`).toBeGreaterThan(0);
    expect(SNAPSHOT_UPGRADES.map((step) => step.from)).toEqual(VERSIONS.slice(0, -1));
  });

  test.each(STORED)('v$version "$name" is read as the current version, with its state, status and data kept', ({ value }) => {
    const before = JSON.stringify(value);
    const snapshot = readSnapshot(value);
    expect(JSON.stringify(value)).toBe(before); // the stored value is not changed
    expect(isLifecycleSnapshot(snapshot)).toBe(true);
    expect(snapshot.version).toBe(SNAPSHOT_VERSION);
    const stored = value as LifecycleSnapshot;
    expect(snapshot.state).toBe(stored.state);
    expect(publicStatusOf(snapshot)).toBe(publicStatusOf(stored));
    const { answer, ...rest } = snapshot.context;
    const { answer: storedAnswer, ...storedRest } = stored.context;
    expect(rest).toEqual(storedRest);
    if (storedAnswer === null) expect(answer).toBeNull();
    else expect(answer).toEqual({ unitId: stored.context.unitId, ...(storedAnswer as unknown as Record<string, unknown>) });
    // Read from its JSON text, as a database gives it, the same.
    expect(readSnapshot(JSON.stringify(value))).toEqual(snapshot);
  });

  test.each(STORED)('v$version "$name" keeps working through the lifecycle, to closed', ({ value }) => {
    const closed = closeIt(readSnapshot(value));
    expect(closed.state).toBe('closed');
    expect(closed.version).toBe(SNAPSHOT_VERSION);
    expect(refusalOf(lifecycle.apply(closed, { type: 'FOLLOW_UP', text: 'x', at: after(closed) }))).toBe('follow_up_after_answer');
  });

  test('a version 1 message answered by its unit is reopened with that unit', () => {
    const answered = readSnapshot(storedOf(1).answered);
    expect(answered.context.answer?.unitId).toBe('roads-1');
    const reopened = accept(answered, { type: 'FEEDBACK', resolved: 'no', rating: 1, at: after(answered) }).snapshot;
    expect(reopened).toMatchObject({ state: 'reopened', context: { unitId: 'roads-1', deadline: { stage: 'referral', unitId: 'roads-1' } } });
  });

  test('a version 1 consented suggestion is still published once, and can be reported published', () => {
    const suggestion = readSnapshot(storedOf(1).suggestion);
    expect(suggestion.context.suggestion).toEqual({ consentTextVersion: 'v1', publishedAt: null, url: null });
    const published = accept(suggestion, { type: 'SUGGESTION_PUBLISHED', url: 'https://example.org/s/M3', at: after(suggestion) });
    expect(published.snapshot.context.suggestion?.publishedAt).not.toBeNull();
    const again = readSnapshot(storedOf(1).suggestionPublished);
    expect(refusalOf(lifecycle.apply(again, { type: 'SUGGESTION_PUBLISHED', at: after(again) }))).toBe('not_allowed');
  });

  test('a version 1 feedback window closes where it was stored to close', () => {
    const answered = readSnapshot(storedOf(1).answered);
    const closesAt = answered.context.feedbackWindow?.closesAt ?? '';
    const deadline = answered.context.deadline!;
    expect(deadline.dueAt).toBe(closesAt);
    const late = lifecycle.apply(answered, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: new Date(Date.parse(closesAt) + DAY).toISOString() });
    expect(refusalOf(late)).toBe('feedback_window_closed');
  });

  test('a current snapshot is returned as it is', () => {
    const current = readSnapshot(storedOf(SNAPSHOT_VERSION).registered);
    expect(readSnapshot(current)).toBe(current);
  });
});

describe('what cannot be read is a clear error', () => {
  const registered = storedOf(1).registered as Record<string, unknown>;

  test('a snapshot written by a newer version names its version', () => {
    const newer = { ...registered, version: SNAPSHOT_VERSION + 1 };
    expect(() => readSnapshot(newer)).toThrow(SnapshotFormatError);
    try {
      readSnapshot(newer);
    } catch (error) {
      expect(error).toMatchObject({ problem: 'newer_version', version: SNAPSHOT_VERSION + 1, messageId: 'M1' });
      expect((error as Error).message).toContain(`version ${SNAPSHOT_VERSION + 1}`);
    }
  });

  test.each([
    ['null', null],
    ['another format', { ...registered, format: 'xstate' }],
    ['version 0', { ...registered, version: 0 }],
    ['a fractional version', { ...registered, version: 1.5 }],
    ['an unknown state', { ...registered, state: 'lost' }],
    ['no context', { ...registered, context: null }],
  ])('%s is not a snapshot', (_, value) => {
    expect(() => readSnapshot(value)).toThrow(expect.objectContaining({ problem: 'not_a_snapshot', name: 'SnapshotFormatError' }));
  });

  test(`the format is ${SNAPSHOT_FORMAT}`, () => {
    expect(readSnapshot(registered).format).toBe(SNAPSHOT_FORMAT);
  });
});
