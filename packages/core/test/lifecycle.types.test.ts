import { describe, expect, expectTypeOf, test } from 'vitest';
import type * as z from 'zod/mini';
import {
  feedbackInputSchema,
  messageInputSchema,
  publicStatusOf,
  type ApplyResult,
  type Feedback,
  LIFECYCLE_EFFECT_TYPES,
  type LifecycleEffect,
  type LifecycleEffectParams,
  type LifecycleEffectType,
  type LifecycleEvent,
  type LifecycleSnapshot,
  type MessageInput,
  type PublicStatus,
  type Refusal,
} from '../src/index.js';
import { lifecycle, start, T0 } from './fixtures.js';

describe('the public API types', () => {
  test('every event needs its time', () => {
    expectTypeOf<LifecycleEvent>().toHaveProperty('at').toEqualTypeOf<string>();
    // @ts-expect-error an event without `at` is not an event
    const noTime: LifecycleEvent = { type: 'FOLLOW_UP', text: 'x' };
    // @ts-expect-error staff events need the actor's role
    const noActor: LifecycleEvent = { type: 'START', at: T0 };
    // @ts-expect-error feedback needs whether it was resolved
    const noResolved: LifecycleEvent = { type: 'FEEDBACK', rating: 3, at: T0 };
    expectTypeOf([noTime, noActor, noResolved]).toBeArray();
  });

  test('apply returns a discriminated result', () => {
    const result = lifecycle.apply(start().snapshot, { type: 'NOTE', text: 'x', at: T0, actorRole: 'admin' });
    expectTypeOf(result).toEqualTypeOf<ApplyResult>();
    if (result.ok) {
      expectTypeOf(result.snapshot).toEqualTypeOf<LifecycleSnapshot>();
      expectTypeOf(result.effects).toEqualTypeOf<LifecycleEffect[]>();
      // @ts-expect-error no refusal on success
      expectTypeOf(result.refusal).toBeUnknown();
    } else {
      expectTypeOf(result.refusal).toEqualTypeOf<Refusal>();
      expectTypeOf(result.refusal.code).toExtend<string>();
      // @ts-expect-error no snapshot on refusal
      expectTypeOf(result.snapshot).toBeUnknown();
    }
  });

  test('the effects are listed once: the list of names is every effect type, and nothing else', () => {
    expectTypeOf<(typeof LIFECYCLE_EFFECT_TYPES)[number]>().toEqualTypeOf<LifecycleEffect['type']>();
    expectTypeOf<LifecycleEffectType>().toEqualTypeOf<keyof LifecycleEffectParams>();
    // @ts-expect-error a name that is not an effect
    const unknown: LifecycleEffectType = 'sendEmail';
    expectTypeOf(unknown).toBeString();
    expect(new Set(LIFECYCLE_EFFECT_TYPES).size).toBe(LIFECYCLE_EFFECT_TYPES.length);
    expect([...LIFECYCLE_EFFECT_TYPES].sort()).toEqual(
      ['answerLinkedMessages', 'cancelDeadline', 'linkToFirst', 'notify', 'publishSuggestion', 'recordTimeline', 'scheduleDeadline', 'unlinkFromFirst'],
    );
  });

  test('effects are discriminated by type', () => {
    expectTypeOf<Extract<LifecycleEffect, { type: 'scheduleDeadline' }>['deadline']['dueAt']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<LifecycleEffect, { type: 'answerLinkedMessages' }>['messageIds']>().toEqualTypeOf<string[]>();
  });

  test('types are inferred from the schemas', () => {
    expectTypeOf<z.infer<typeof messageInputSchema>>().toEqualTypeOf<MessageInput>();
    expectTypeOf<z.infer<typeof feedbackInputSchema>>().toExtend<Omit<Feedback, 'at'>>();
    expectTypeOf(publicStatusOf).returns.toEqualTypeOf<PublicStatus>();
  });
});
