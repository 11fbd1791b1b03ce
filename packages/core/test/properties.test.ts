/**
 * Property tests over random event sequences at random times, with a small host that does what a
 * backend does: it fires due deadlines, and applies the effects that concern other messages
 * (linking, unlinking, answering linked messages). After every step the invariants of issue 2 hold.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ancestorsOf,
  type Deadline,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleSnapshot,
} from '../src/index.js';
import { DAY, factsOf, HOUR, lifecycle, NAMED_TARGETS, orgUnits, plus, T0 } from './fixtures.js';

const MESSAGES = ['M1', 'M2', 'M3'] as const;
const UNITS = ['intake-137', 'city', 'district-1', 'roads-1', 'district-2', 'supervision', 'nowhere'] as const;
const ANSWERED = new Set(['answered', 'notActionable']);

type Command =
  | { kind: 'advance'; ms: number }
  | { kind: 'staff'; message: number; action: 'TAKE_FOR_TRIAGE' | 'START' | 'ANSWER' | 'REJECT' | 'UNLINK' | 'CONTACT_ATTEMPT' | 'NOTE' }
  | { kind: 'refer'; message: number; unit: (typeof UNITS)[number]; service: 'pothole' | null }
  | { kind: 'link'; message: number; first: number }
  | { kind: 'followUp'; message: number }
  | { kind: 'feedback'; message: number; resolved: 'yes' | 'partly' | 'no'; when: 'now' | 'justBeforeClose' | 'atClose' | 'afterClose'; timerLate: boolean }
  | { kind: 'staleDeadline'; message: number }
  | { kind: 'published'; message: number };

const message = fc.integer({ min: 0, max: MESSAGES.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 2 * HOUR }), fc.integer({ min: HOUR, max: 3 * DAY }), fc.integer({ min: DAY, max: 40 * DAY })) }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('staff' as const),
      message,
      action: fc.constantFrom('TAKE_FOR_TRIAGE', 'START', 'ANSWER', 'REJECT', 'UNLINK', 'CONTACT_ATTEMPT', 'NOTE'),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('refer' as const), message, unit: fc.constantFrom(...UNITS), service: fc.constantFrom('pothole' as const, null) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('link' as const), message, first: message }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('followUp' as const), message }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('feedback' as const),
      message,
      resolved: fc.constantFrom('yes' as const, 'partly' as const, 'no' as const),
      when: fc.constantFrom('now' as const, 'justBeforeClose' as const, 'atClose' as const, 'afterClose' as const),
      timerLate: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('staleDeadline' as const), message }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('published' as const), message }), weight: 1 },
);

/** A host running several messages, checking the invariants as it goes. */
class Host {
  readonly snapshots: LifecycleSnapshot[] = [];
  clock = T0;
  /** Pending timers, as the host's timer table would hold them. */
  readonly timers = new Map<string, Deadline & { message: number }>();
  readonly deadlineIds = new Set<string>();
  readonly notificationKeys = new Set<string>();
  readonly oldDeadlineIds: string[] = [];

  constructor(consents: readonly boolean[]) {
    MESSAGES.forEach((messageId, i) => {
      const { snapshot, effects } = lifecycle.start({
        messageId,
        system: '137',
        intakeUnitId: 'intake-137',
        at: T0,
        channels: { sms: true, push: i !== 1 },
        suggestion: consents[i] ? { consentTextVersion: 'v1' } : null,
      });
      this.snapshots.push(snapshot);
      // Registration's effects, handled like any event's (the NOTE only carries the time).
      this.handle(i, { type: 'NOTE', text: 'registered', at: T0, actorRole: 'system' }, effects);
    });
  }

  indexOf(messageId: string): number {
    const i = MESSAGES.indexOf(messageId as (typeof MESSAGES)[number]);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  }

  /** Moves the clock to `to`, firing every due deadline at its due time (or now, when it is late). */
  advanceTo(to: string): void {
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.dueAt <= to).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      if (!due) break;
      this.timers.delete(due.id);
      const at = due.dueAt > this.clock ? due.dueAt : this.clock;
      this.clock = at;
      this.apply(due.message, { type: 'DEADLINE_ELAPSED', deadlineId: due.id, at });
    }
    if (to > this.clock) this.clock = to;
  }

  /** Applies an event and the effects that concern other messages; returns whether it was accepted. */
  apply(i: number, event: LifecycleEvent): boolean {
    const before = this.snapshots[i]!;
    const result = lifecycle.apply(before, event);
    if (!result.ok) return false;
    if (event.type === 'FEEDBACK') {
      // Feedback is never accepted outside its window.
      const w = before.context.feedbackWindow;
      expect(w).not.toBeNull();
      expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(w!.opensAt));
      expect(Date.parse(event.at)).toBeLessThan(Date.parse(w!.closesAt));
    }
    if (!result.changed) {
      expect(result.effects).toEqual([]);
      expect(result.snapshot).toBe(before);
      return true;
    }
    this.snapshots[i] = result.snapshot;
    this.handle(i, event, result.effects);
    return true;
  }

  handle(i: number, event: LifecycleEvent, effects: readonly LifecycleEffect[]): void {
    const later: [number, LifecycleEvent][] = [];
    const scheduled = effects.filter((e) => e.type === 'scheduleDeadline');
    expect(scheduled.length).toBeLessThanOrEqual(1);
    for (const effect of effects) {
      switch (effect.type) {
        case 'scheduleDeadline': {
          const { deadline } = effect;
          // Never in the past, never an id twice.
          expect(Date.parse(deadline.dueAt)).toBeGreaterThanOrEqual(Date.parse(event.at));
          expect(this.deadlineIds.has(deadline.id)).toBe(false);
          this.deadlineIds.add(deadline.id);
          this.timers.set(deadline.id, { ...deadline, message: i });
          break;
        }
        case 'cancelDeadline':
          // Fired deadlines are gone from the table already; anything else must be pending.
          if (!(event.type === 'DEADLINE_ELAPSED' && event.deadlineId === effect.deadlineId)) {
            expect(this.timers.has(effect.deadlineId)).toBe(true);
          }
          this.timers.delete(effect.deadlineId);
          this.oldDeadlineIds.push(effect.deadlineId);
          break;
        case 'notify':
          expect(this.notificationKeys.has(effect.intent.idempotencyKey)).toBe(false);
          this.notificationKeys.add(effect.intent.idempotencyKey);
          break;
        case 'recordTimeline': {
          const { entry } = effect;
          if (entry.type === 'escalated') {
            // Escalation always moves up the tree, or to the named unit.
            const from = String(entry.data.fromUnitId);
            const to = String(entry.data.toUnitId);
            expect(ancestorsOf(orgUnits, from).includes(to) || NAMED_TARGETS.has(to), `${from} → ${to}`).toBe(true);
            expect(this.snapshots[i]!.context.unitId).toBe(to);
          }
          break;
        }
        case 'linkToFirst':
          later.push([this.indexOf(effect.firstMessageId), { type: 'DUPLICATE_LINKED', messageId: effect.messageId, at: event.at }]);
          break;
        case 'unlinkFromFirst':
          later.push([this.indexOf(effect.firstMessageId), { type: 'DUPLICATE_UNLINKED', messageId: effect.messageId, at: event.at }]);
          break;
        case 'answerLinkedMessages':
          for (const id of effect.messageIds) later.push([this.indexOf(id), { type: 'FIRST_ANSWERED', answer: effect.answer, at: event.at }]);
          break;
        case 'publishSuggestion':
          expect(this.snapshots[i]?.context.suggestion ?? { consentTextVersion: effect.consentTextVersion }).toBeTruthy();
          break;
      }
    }
    for (const [target, hostEvent] of later) {
      const wasLinked = this.snapshots[target]?.state === 'linked';
      const accepted = this.apply(target, hostEvent);
      if (hostEvent.type === 'FIRST_ANSWERED' && wasLinked) {
        // A linked message ends answered when its first is, with the same text.
        expect(accepted).toBe(true);
        const answered = this.snapshots[target]!;
        expect(ANSWERED.has(answered.state)).toBe(true);
        expect(answered.context.answer?.text).toBe(hostEvent.answer.text);
      }
      if (hostEvent.type !== 'FIRST_ANSWERED') expect(accepted).toBe(true);
    }
  }

  /** The invariants that hold between steps. */
  check(): void {
    this.snapshots.forEach((snapshot, i) => {
      // At most one pending deadline per message, and it is the one the snapshot knows.
      const pending = [...this.timers.values()].filter((t) => t.message === i);
      expect(pending.length).toBeLessThanOrEqual(1);
      expect(pending[0]?.id ?? null).toBe(snapshot.context.deadline?.id ?? null);
      // A linked message's first is not answered (else the link would have answered it too).
      if (snapshot.state === 'linked') {
        const first = this.snapshots[this.indexOf(snapshot.context.firstMessageId ?? '')]!;
        expect(ANSWERED.has(first.state) || first.state === 'closed').toBe(false);
        expect(first.context.linkedMessageIds).toContain(snapshot.context.messageId);
      }
      // The snapshot is plain JSON.
      expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    });
  }

  run(c: Command): void {
    const i = 'message' in c ? c.message : 0;
    const snapshot = this.snapshots[i]!;
    switch (c.kind) {
      case 'advance':
        this.advanceTo(plus(this.clock, c.ms));
        break;
      case 'staff': {
        const base = { at: this.clock, actorRole: 'handler' as const };
        const event: LifecycleEvent =
          c.action === 'ANSWER' || c.action === 'REJECT' || c.action === 'NOTE'
            ? { type: c.action, text: 'متن پاسخ', ...base }
            : c.action === 'CONTACT_ATTEMPT'
              ? { type: c.action, outcome: 'no_answer', ...base }
              : { type: c.action, ...base };
        this.apply(i, event);
        break;
      }
      case 'refer':
        this.apply(i, { type: 'REFER', unitId: c.unit, ...(c.service ? { serviceCode: c.service } : {}), at: this.clock, actorRole: 'operator' });
        break;
      case 'link':
        this.apply(i, { type: 'LINK', first: factsOf(this.snapshots[c.first]!), at: this.clock, actorRole: 'operator' });
        break;
      case 'followUp': {
        const accepted = this.apply(i, { type: 'FOLLOW_UP', text: 'پیگیری', at: this.clock });
        // Follow-ups only before the answer.
        expect(accepted).toBe(!ANSWERED.has(snapshot.state) && snapshot.state !== 'closed');
        break;
      }
      case 'feedback': {
        const closesAt = snapshot.context.feedbackWindow?.closesAt;
        const offsets = { now: null, justBeforeClose: -1, atClose: 0, afterClose: 1 } as const;
        const offset = offsets[c.when];
        let at = closesAt && offset !== null ? plus(closesAt, offset) : this.clock;
        if (at < this.clock) at = this.clock;
        if (c.timerLate) this.clock = at;
        else this.advanceTo(at);
        const current = this.snapshots[i]!;
        const w = current.context.feedbackWindow;
        const inside = w !== null && at >= w.opensAt && Date.parse(at) < Date.parse(w.closesAt);
        const accepted = this.apply(i, { type: 'FEEDBACK', resolved: c.resolved, rating: 3, at });
        // Inside an open window, on an answer without feedback yet, feedback is always accepted.
        if (inside && ANSWERED.has(current.state) && current.context.feedback === null) expect(accepted).toBe(true);
        break;
      }
      case 'staleDeadline': {
        const stale = this.oldDeadlineIds[0];
        if (!stale) break;
        const result = lifecycle.apply(snapshot, { type: 'DEADLINE_ELAPSED', deadlineId: stale, at: this.clock });
        expect(result).toEqual({ ok: true, snapshot, effects: [], changed: false });
        break;
      }
      case 'published': {
        const accepted = this.apply(i, { type: 'SUGGESTION_PUBLISHED', url: 'https://mosharekat.example/x', at: this.clock });
        // Published only with consent, once.
        expect(accepted).toBe(snapshot.context.suggestion !== null && snapshot.context.suggestion.publishedAt === null);
        break;
      }
    }
    this.check();
  }
}

describe('invariants over random event sequences', () => {
  test('feedback only inside its window, escalation up the tree, linked messages answered with their first, no effect twice, deadlines sound', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(command, { minLength: 1, maxLength: 60 }), (consents, commands) => {
        const host = new Host(consents);
        host.check();
        for (const c of commands) host.run(c);
        // Let every pending deadline run out: everything ends closed or overdue, with no timer left.
        host.advanceTo(plus(host.clock, 400 * DAY));
        host.check();
        expect(host.timers.size).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  test('the sampled runs reach answers, escalations, links and feedback (the generator is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 60 }), (commands) => {
        const host = new Host([true, false, false]);
        for (const c of commands) host.run(c);
        for (const s of host.snapshots) {
          seen.add(s.state);
          if (s.context.escalationLevel > 0) seen.add('escalated');
          if (s.context.overdue) seen.add('overdue');
          if (s.context.feedback) seen.add('feedback');
          if (s.context.answer?.fromFirstMessageId) seen.add('answered via first');
        }
      }),
      { numRuns: 60 },
    );
    for (const kind of ['answered', 'notActionable', 'linked', 'closed', 'reopened', 'escalated', 'overdue', 'feedback', 'answered via first']) {
      expect(seen, kind).toContain(kind);
    }
  });
});
