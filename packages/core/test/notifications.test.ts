import { describe, expect, test } from 'vitest';
import { CHANNEL_CONTACT, CITIZEN_CHANNELS, publicStatusOf, reachableChannels, renderNotification, type LifecycleSnapshot } from '../src/index.js';
import { accept, answered, DAY, effectsOf, HOUR, lifecycle, plus, refusalOf, referred, start, T0 } from './fixtures.js';

describe('suggestions are published only with consent', () => {
  test('with consent, registration asks the host to publish, with the consent text version', () => {
    const { effects } = start({ suggestion: { consentTextVersion: 'consent-2026-01' } });
    expect(effectsOf(effects, 'publishSuggestion')).toEqual([{ type: 'publishSuggestion', messageId: 'M1', consentTextVersion: 'consent-2026-01' }]);
  });

  test('without consent nothing leaves, and a publication report is refused', () => {
    const { snapshot, effects } = start({ suggestion: null });
    expect(effectsOf(effects, 'publishSuggestion')).toEqual([]);
    expect(snapshot.context.suggestion).toBeNull();
    expect(refusalOf(lifecycle.apply(snapshot, { type: 'SUGGESTION_PUBLISHED', url: 'https://x', at: T0 }))).toBe('not_allowed');
  });

  test('a suggestion sent without consent stays a suggestion, never published', () => {
    const { snapshot, effects } = start({ suggestion: { consentTextVersion: null } });
    expect(snapshot.context.suggestion).toEqual({ consentTextVersion: null, publishedAt: null, url: null });
    expect(effectsOf(effects, 'publishSuggestion')).toEqual([]);
    expect(refusalOf(lifecycle.apply(snapshot, { type: 'SUGGESTION_PUBLISHED', url: 'https://x', at: T0 }))).toBe('not_allowed');
  });

  test('once published, the timeline says so and the citizen is notified, once', () => {
    const { snapshot } = start({ suggestion: { consentTextVersion: 'v1' } });
    const at = plus(T0, HOUR);
    const result = accept(snapshot, { type: 'SUGGESTION_PUBLISHED', url: 'https://mosharekat.example/s/1', at });
    expect(result.snapshot.context.suggestion).toEqual({ consentTextVersion: 'v1', publishedAt: at, url: 'https://mosharekat.example/s/1' });
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'suggestion_published', visibility: 'public' });
    expect(effectsOf(result.effects, 'notify').map((e) => e.intent)).toEqual([
      {
        kind: 'suggestion_published',
        channels: ['sms', 'push'],
        recipient: { type: 'citizen', messageId: 'M1' },
        messageId: 'M1',
        params: { messageId: 'M1', url: 'https://mosharekat.example/s/1' },
        idempotencyKey: 'M1:suggestion_published',
      },
    ]);
    expect(result.snapshot.state).toBe('registered');
    expect(refusalOf(lifecycle.apply(result.snapshot, { type: 'SUGGESTION_PUBLISHED', at: plus(at, HOUR) }))).toBe('not_allowed');
  });
});

describe('notifications on answer', () => {
  test('SMS and push intents inviting feedback, with the window closing date', () => {
    const { snapshot, effects } = answered(plus(T0, HOUR));
    const closesAt = snapshot.context.feedbackWindow?.closesAt;
    expect(effectsOf(effects, 'notify').map((e) => e.intent)).toEqual([
      {
        kind: 'feedback_invitation',
        channels: ['sms', 'push'],
        recipient: { type: 'citizen', messageId: 'M1' },
        messageId: 'M1',
        params: { closesAt, messageId: 'M1' },
        idempotencyKey: 'M1:feedback_invitation:1',
      },
    ]);
  });

  test('only the channels the citizen has; none at all gives no intent', () => {
    expect(effectsOf(answered(T0, { channels: { sms: false, push: true } }).effects, 'notify')[0]?.intent.channels).toEqual(['push']);
    expect(effectsOf(answered(T0, { channels: { sms: false, push: false } }).effects, 'notify')).toEqual([]);
    expect(effectsOf(answered(T0, { channels: { email: true, sms: true } }).effects, 'notify')[0]?.intent.channels).toEqual(['sms', 'email']);
  });

  test('a contact reaches the channels whose contact detail it holds', () => {
    expect(reachableChannels({ phone: '+989121234567', email: 'a@example.org' })).toEqual({ sms: true, email: true });
    expect(reachableChannels({ deviceId: 'd1', email: '' })).toEqual({ push: true });
    expect(reachableChannels(undefined)).toEqual({});
    for (const channel of CITIZEN_CHANNELS) expect(reachableChannels({ [CHANNEL_CONTACT[channel]]: 'x' })).toEqual({ [channel]: true });
  });

  test('an email is rendered from the locales in the citizen language, with the link', () => {
    const intent = effectsOf(answered(T0, { channels: { email: true } }).effects, 'notify')[0]!.intent;
    const en = renderNotification(intent, { lang: 'en', trackingId: '137-1', link: 'https://137.example/?request=137-1#token=t' });
    expect(en.email.subject).toBe(en.title);
    expect(en.email.text).toContain(en.body);
    expect(en.email.text).toContain('Message 137-1. Follow it, and act on it, here: https://137.example/?request=137-1#token=t');
    const fa = renderNotification(intent, { lang: 'fa', trackingId: '137-1', link: 'https://137.example/' });
    expect(fa.email.text).toContain('پیام ۱۳۷-۱. پیگیری و اقدام از این نشانی: https://137.example/');
  });

  test('a second answer after reopening gets its own idempotency key', () => {
    const first = answered(T0);
    const reopened = accept(first.snapshot, { type: 'FEEDBACK', resolved: 'no', rating: 1, at: plus(T0, DAY) }).snapshot;
    const second = accept(reopened, { type: 'ANSWER', text: 'x', at: plus(T0, 2 * DAY), actorRole: 'handler' });
    expect(effectsOf(second.effects, 'notify')[0]?.intent.idempotencyKey).toBe('M1:feedback_invitation:2');
  });
});

describe('contact attempts are timeline entries, never a status', () => {
  const states: [string, () => LifecycleSnapshot][] = [
    ['registered', () => start().snapshot],
    ['referred', () => referred()],
    ['inProgress', () => accept(referred(), { type: 'START', at: T0, actorRole: 'handler' }).snapshot],
    ['answered', () => answered(T0).snapshot],
  ];
  test.each(states)('while %s: state, status and deadline unchanged', (state, make) => {
    const before = make();
    for (const outcome of ['reached', 'no_answer', 'unreachable'] as const) {
      const result = accept(before, { type: 'CONTACT_ATTEMPT', outcome, note: 'شماره ۰۹۱۲۱۲۳۴۵۶۷ پاسخ نداد', at: plus(T0, HOUR), actorRole: 'handler' });
      expect(result.snapshot.state).toBe(state);
      expect(publicStatusOf(result.snapshot)).toBe(publicStatusOf(before));
      expect(result.snapshot.context.deadline).toEqual(before.context.deadline);
      const entries = effectsOf(result.effects, 'recordTimeline').map((e) => e.entry);
      // The public entry carries only the outcome; the clerk's note stays with staff.
      expect(entries).toEqual([
        expect.objectContaining({ type: 'contact_attempt', visibility: 'public', data: { outcome } }),
        expect.objectContaining({ type: 'note', visibility: 'staff', text: 'شماره ۰۹۱۲۱۲۳۴۵۶۷ پاسخ نداد' }),
      ]);
      expect(entries[0]).not.toHaveProperty('text');
      expect(result.effects.filter((e) => e.type !== 'recordTimeline')).toEqual([]);
    }
  });

  test('staff notes are staff-only', () => {
    const result = accept(referred(), { type: 'NOTE', text: 'internal', at: T0, actorRole: 'supervisor' });
    expect(effectsOf(result.effects, 'recordTimeline')[0]?.entry).toMatchObject({ type: 'note', visibility: 'staff' });
  });
});
