import { describe, expect, test } from 'vitest';
import {
  locales,
  notificationKindSchema,
  PUBLIC_STATUSES,
  renderNotification,
  shortDate,
  smsSegments,
  timelineEntryTypeSchema,
  translate,
  validationMessages,
  messageTextKey,
  type ValidationMessageKey,
  type NotificationIntent,
  type Refusal,
} from '../src/index.js';
import { answered, effectsOf, T0 } from './fixtures.js';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf key of a resource tree, dotted. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}
/** The `{{name}}` placeholders of a text. */
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const REFUSAL_CODES = Object.keys({
  follow_up_after_answer: true,
  feedback_before_answer: true,
  feedback_window_closed: true,
  feedback_already_given: true,
  message_closed: true,
  link_to_itself: true,
  link_to_closed: true,
  link_to_duplicate: true,
  link_has_duplicates: true,
  already_linked: true,
  not_linked: true,
  unknown_unit: true,
  not_allowed: true,
} satisfies Record<Refusal['code'], true>);

const fa = locales.fa as Tree;
const en = locales.en as Tree;
const faKeys = new Set(keysOf(fa));
const enKeys = new Set(keysOf(en));

describe('fa and en resources', () => {
  test('have exactly the same keys', () => {
    expect([...faKeys].sort()).toEqual([...enKeys].sort());
  });

  test('use the same placeholders for every key', () => {
    for (const key of faKeys) {
      expect(placeholders(translate('fa', key)), key).toEqual(placeholders(translate('en', key)));
    }
  });

  test('every Persian text is Persian, with no empty text', () => {
    for (const key of faKeys) {
      const text = translate('fa', key);
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).toMatch(/[\u0600-\u06FF]/);
    }
  });

  const required = [
    ...PUBLIC_STATUSES.flatMap((s) => [`status.${s}.label`, `status.${s}.explanation`]),
    ...timelineEntryTypeSchema.options.map((t) => `timeline.${t}`),
    ...REFUSAL_CODES.map((c) => `refusals.${c}`),
    ...notificationKindSchema.options.flatMap((k) => ['sms', 'title', 'body'].map((p) => `notification.${k}.${p}`)),
    ...Object.keys(validationMessages).map((k) => messageTextKey(k as ValidationMessageKey)),
    ...['yes', 'partly', 'no'].map((r) => `resolved.${r}`),
    'linked_count_one',
    'linked_count_other',
  ];
  test.each(required)('%s has text in fa and en', (key) => {
    expect(faKeys.has(key)).toBe(true);
    expect(enKeys.has(key)).toBe(true);
  });

  test('English validation texts are the schemas’ own messages; a city’s setup gives the key of its text', () => {
    for (const [key, text] of Object.entries(validationMessages)) {
      const textKey = messageTextKey(key as ValidationMessageKey);
      if (textKey.startsWith('configuration.')) expect(text).toBe(textKey);
      else expect(translate('en', textKey)).toBe(text);
    }
  });
});

describe('plurals', () => {
  test('Persian: singular verb for one, plural for more, Persian digits', () => {
    expect(translate('fa', 'linked_count', { count: 1 })).toBe('۱ پیام مشابه به این پیام پیوسته است');
    expect(translate('fa', 'linked_count', { count: 2 })).toBe('۲ پیام مشابه به این پیام پیوسته‌اند');
    expect(translate('fa', 'linked_count', { count: 12 })).toBe('۱۲ پیام مشابه به این پیام پیوسته‌اند');
  });

  test('English: one and other', () => {
    expect(translate('en', 'linked_count', { count: 1 })).toMatch(/^1 similar message is/);
    expect(translate('en', 'linked_count', { count: 3 })).toMatch(/^3 similar messages are/);
  });

  test('i18next v4 plural keys only (_one/_other), no v3 _plural', () => {
    for (const key of faKeys) expect(key).not.toMatch(/_plural$/);
  });
});

describe('translate', () => {
  test('interpolates, falls back to English, then to the key', () => {
    expect(translate('en', 'refusals.feedback_window_closed', { closesAt: '2026-10-27' })).toContain('2026-10-27');
    expect(translate('fa', 'no.such.key')).toBe('no.such.key');
  });
});

describe('SMS texts', () => {
  const LINK = 'https://137.tehran.ir/t/Ab3xK9'; // 30 characters
  const TRACKING_ID = '1405070512345678'.slice(0, 15);

  test('the feedback invitation in Persian, with a 30-character link and a 15-character id, fits two segments', () => {
    expect(LINK).toHaveLength(30);
    expect(TRACKING_ID).toHaveLength(15);
    const { snapshot, effects } = answered(T0);
    const intent = effectsOf(effects, 'notify')[0]?.intent as NotificationIntent;
    const text = renderNotification(intent, { lang: 'fa', trackingId: TRACKING_ID, link: LINK });
    expect(text.sms).toContain(LINK);
    expect(text.sms).toContain('۱۴۰۵۰۷۰۵۱۲۳۴۵۶۷');
    const closesAt = snapshot.context.feedbackWindow?.closesAt ?? '';
    expect(text.sms).toContain(shortDate(closesAt, 'fa'));
    expect(shortDate(closesAt, 'fa')).toBe('۱۴۰۵/۰۸/۰۵');
    expect([...text.sms].length).toBeLessThanOrEqual(134);
    expect(smsSegments(text.sms)).toBeLessThanOrEqual(2);
    expect(text.title).toMatch(/[\u0600-\u06FF]/);
    expect(text.body).toContain('۱۴۰۵/۰۸/۰۵');
  });

  test('every Persian SMS fits two segments with the same link and id', () => {
    for (const kind of notificationKindSchema.options) {
      const intent: NotificationIntent = {
        kind,
        channels: ['sms'],
        recipient: { type: 'citizen', messageId: 'M1' },
        messageId: 'M1',
        params: { closesAt: '2026-10-27T06:30:00.000Z', unitId: 'district-1' },
        idempotencyKey: 'k',
      };
      const { sms } = renderNotification(intent, { lang: 'fa', trackingId: TRACKING_ID, link: LINK, unitName: 'معاونت فنی منطقه ۱' });
      expect(smsSegments(sms), `${kind}: ${sms}`).toBeLessThanOrEqual(2);
      expect(sms).not.toMatch(/\{\{/);
    }
  });

  test('smsSegments: 70/134 for Persian (UCS-2), 160/306 for Latin (GSM-7)', () => {
    expect(smsSegments('ب'.repeat(70))).toBe(1);
    expect(smsSegments('ب'.repeat(71))).toBe(2);
    expect(smsSegments('ب'.repeat(134))).toBe(2);
    expect(smsSegments('ب'.repeat(135))).toBe(3);
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
  });

  test('English dates are ISO dates in Tehran', () => {
    expect(shortDate('2026-10-26T21:00:00.000Z', 'en')).toBe('2026-10-27');
  });
});
