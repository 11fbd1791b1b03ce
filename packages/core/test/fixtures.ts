/**
 * A small city for the tests: an org tree, Tehran's business calendar, an escalation policy with
 * more specific rules, and the default feedback policy, all parsed through core's own schemas.
 */
import {
  businessCalendarSchema,
  createLifecycle,
  DEFAULT_TEHRAN_WEEK,
  escalationPolicySchema,
  feedbackPolicySchema,
  jalaliToInstant,
  orgTreeSchema,
  type Answer,
  type ApplyResult,
  type FirstMessageFacts,
  type LifecycleEffect,
  type LifecycleEnvironment,
  type LifecycleEvent,
  type LifecycleInput,
  type LifecycleSnapshot,
} from '../src/index.js';

/**
 * city ─┬─ intake-137            (triages 137)
 *       ├─ district-1 ── roads-1  (district 1 and its roads department)
 *       └─ district-2
 * inspection ── inspection-desk   (triages 1888)
 * supervision                     (named escalation target, root)
 */
export const orgUnits = orgTreeSchema.parse([
  { id: 'city', name: { fa: 'شهرداری تهران', en: 'Tehran Municipality' }, parentId: null },
  { id: 'intake-137', name: { fa: 'سامانه ۱۳۷', en: '137 intake' }, parentId: 'city' },
  { id: 'district-1', name: { fa: 'منطقه ۱', en: 'District 1' }, parentId: 'city', region: '1' },
  { id: 'roads-1', name: { fa: 'معاونت فنی منطقه ۱', en: 'District 1 roads' }, parentId: 'district-1', region: '1' },
  { id: 'district-2', name: { fa: 'منطقه ۲', en: 'District 2' }, parentId: 'city', region: '2' },
  { id: 'inspection', name: { fa: 'سازمان بازرسی', en: 'Inspection organisation' }, parentId: null },
  { id: 'inspection-desk', name: { fa: 'میز ۱۸۸۸', en: '1888 desk' }, parentId: 'inspection' },
  { id: 'supervision', name: { fa: 'نظارت', en: 'Supervision' }, parentId: null },
]);

/** Nowruz 1405 (four days) and 13 Farvardin. */
export const calendar = businessCalendarSchema.parse({
  week: DEFAULT_TEHRAN_WEEK,
  holidays: ['1405-01-01', '1405-01-02', '1405-01-03', '1405-01-04', '1405-01-13'],
});

/**
 * Default: triage 4 h, referral 8 h, response 16 h, to the parent unit; overdue goes to the
 * supervision unit. More specific rules: system 1888 (response 40 h, citizen told); the roads
 * service (response 24 h); district-2 (response 12 h to the named `supervision` unit).
 */
export const escalation = escalationPolicySchema.parse({
  default: {
    stages: {
      triage: { businessHours: 4 },
      referral: { businessHours: 8 },
      response: { businessHours: 16 },
    },
    supervisorUnitId: 'supervision',
  },
  rules: [
    { match: { system: '1888' }, stages: { response: { businessHours: 40 } }, notifyCitizen: true },
    { match: { serviceCode: 'pothole' }, stages: { response: { businessHours: 24 } } },
    { match: { unitId: 'district-2' }, stages: { response: { businessHours: 12, escalateTo: { unitId: 'supervision' } } } },
  ],
});

/** Units an escalation may name instead of the parent. */
export const NAMED_TARGETS: ReadonlySet<string> = new Set(['supervision']);

/** One calendar month, reopening on "not resolved" at most twice. */
export const feedback = feedbackPolicySchema.parse({});

/** The environment the lifecycle tests run under. */
export const env: LifecycleEnvironment = { orgUnits, calendar, escalation, feedback };

/** The lifecycle of {@link env}. */
export const lifecycle = createLifecycle(env);

/** Sunday 1405-07-05 (2026-09-27) 09:00 Tehran: a working morning. */
export const T0 = jalaliToInstant({ year: 1405, month: 7, day: 5 }, 9, 0).toISOString();

/** `iso` plus `ms` milliseconds. */
export function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
/** Milliseconds per minute, hour and day. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Starts a 137 message at {@link T0} with SMS and push. */
export function start(overrides: Partial<LifecycleInput> = {}) {
  return lifecycle.start({
    messageId: 'M1',
    system: '137',
    intakeUnitId: 'intake-137',
    at: T0,
    channels: { sms: true, push: true },
    ...overrides,
  });
}

/** Applies an event that must be accepted, and returns the result's snapshot and effects. */
export function accept(snapshot: LifecycleSnapshot, event: LifecycleEvent) {
  const result = lifecycle.apply(snapshot, event);
  if (!result.ok) throw new Error(`${event.type} refused: ${result.refusal.code} ${result.refusal.message}`);
  return result;
}

/** Applies events in order; each must be accepted. */
export function run(snapshot: LifecycleSnapshot, events: readonly LifecycleEvent[]) {
  let current = snapshot;
  const effects: LifecycleEffect[] = [];
  for (const event of events) {
    const result = accept(current, event);
    current = result.snapshot;
    effects.push(...result.effects);
  }
  return { snapshot: current, effects };
}

/** The refusal code of an event that must be refused. */
export function refusalOf(result: ApplyResult): string {
  if (result.ok) throw new Error('expected a refusal, the event was accepted');
  return result.refusal.code;
}

/** Effects of one type. */
export function effectsOf<T extends LifecycleEffect['type']>(
  effects: readonly LifecycleEffect[],
  type: T,
): Extract<LifecycleEffect, { type: T }>[] {
  return effects.filter((e): e is Extract<LifecycleEffect, { type: T }> => e.type === type);
}

/** What a LINK event knows of a first message, read from its snapshot. */
export function factsOf(first: LifecycleSnapshot): FirstMessageFacts {
  return {
    messageId: first.context.messageId,
    closed: first.state === 'closed',
    firstMessageId: first.context.firstMessageId,
    answer: first.context.answer as Answer | null,
  };
}

/** A message referred to `unitId` at {@link T0}. */
export function referred(unitId = 'roads-1', overrides: Partial<LifecycleInput> = {}) {
  return accept(start(overrides).snapshot, { type: 'REFER', unitId, at: T0, actorRole: 'operator' }).snapshot;
}

/** A message answered at `at`. */
export function answered(at = plus(T0, HOUR), overrides: Partial<LifecycleInput> = {}) {
  return accept(referred('roads-1', overrides), { type: 'ANSWER', text: 'Fixed.', at, actorRole: 'handler' });
}
