import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { brokenRule, LIFECYCLE_RULES, translate, type LifecycleEvent, type LifecycleSnapshot } from '../src/index.js';
import { answered, DAY, HOUR, lifecycle, orgUnits, plus, referred, start, T0 } from './fixtures.js';

/** The guard and the refusal agree: accepted exactly when no rule is broken, else refused with the first broken rule's code. */
function agrees(snapshot: LifecycleSnapshot, event: LifecycleEvent) {
  const broken = brokenRule(snapshot.context, event, { orgUnits });
  const result = lifecycle.apply(snapshot, event);
  expect(result.ok).toBe(broken === undefined);
  if (!result.ok && broken) expect(result.refusal.code).toBe(broken.code);
}

describe('each rule is written once, with its refusal code', () => {
  test('every rule has its refusal text in Persian and English', () => {
    const codes = Object.values(LIFECYCLE_RULES).flatMap((rules) => rules.map((rule) => rule.code));
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      for (const lang of ['fa', 'en'] as const) expect(translate(lang, `refusals.${code}`)).not.toBe(`refusals.${code}`);
    }
  });

  test('feedback: the machine accepts it exactly when no rule is broken, and a refusal names the broken rule', () => {
    const open = answered(plus(T0, HOUR)).snapshot;
    const closesAt = Date.parse(open.context.feedbackWindow!.closesAt);
    const given = lifecycle.apply(open, { type: 'FEEDBACK', resolved: 'yes', rating: 5, at: plus(T0, 2 * HOUR) });
    const snapshots = [open, referred(), given.ok ? given.snapshot : open];
    fc.assert(
      fc.property(fc.constantFrom(...snapshots), fc.integer({ min: Date.parse(T0) - DAY, max: closesAt + DAY }), (snapshot, time) => {
        agrees(snapshot, { type: 'FEEDBACK', resolved: 'partly', rating: 3, at: new Date(time).toISOString() });
      }),
      { numRuns: 200 },
    );
  });

  test('linking: the machine accepts it exactly when no rule is broken, and a refusal names the broken rule', () => {
    const own = start({ messageId: 'M2' }).snapshot;
    fc.assert(
      fc.property(fc.constantFrom('M1', 'M2'), fc.boolean(), fc.constantFrom(null, 'M9'), (messageId, closed, firstMessageId) => {
        agrees(own, { type: 'LINK', first: { messageId, closed, firstMessageId, answer: null }, at: T0, actorRole: 'operator' });
      }),
    );
  });

  test('referring: to a unit of the tree only', () => {
    for (const unitId of ['roads-1', 'district-2', 'nowhere']) agrees(start().snapshot, { type: 'REFER', unitId, at: T0, actorRole: 'operator' });
  });
});
