import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type * as z from 'zod/mini';
import {
  businessCalendarSchema,
  checkMessageAgainstService,
  containsHtml,
  escalationPolicySchema,
  feedbackInputSchema,
  feedbackPolicySchema,
  followUpInputSchema,
  instantSchema,
  localizeIssues,
  locationSchema,
  MAX_DESCRIPTION_LENGTH,
  messageInputSchema,
  normalizeForMatching,
  normalizeIranianMobile,
  notificationIntentSchema,
  orgTreeSchema,
  participationConsentSchema,
  phoneSchema,
  safeParseInput,
  serviceConfigSchema,
  systemConfigSchema,
  systemIdSchema,
  timelineEntrySchema,
  toLatinDigits,
  toPersianDigits,
  validationMessages as V,
} from '../src/index.js';

/** The messages of a failed parse (the test fails if it parsed). */
function messagesOf(schema: z.ZodMiniType, input: unknown): string[] {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input)} to be rejected`).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

const unit = (id: string, parentId: string | null) => ({ id, name: { fa: id }, parentId });

describe('phone numbers', () => {
  test.each([
    ['09121234567', '+989121234567'],
    ['۰۹۱۲۱۲۳۴۵۶۷', '+989121234567'],
    ['٠٩١٢١٢٣٤٥٦٧', '+989121234567'],
    ['۰۹۱۲ ۱۲۳-۴۵۶۷', '+989121234567'],
    ['+98 912 123 4567', '+989121234567'],
    ['00989121234567', '+989121234567'],
    ['9121234567', '+989121234567'],
  ])('%s is normalised to %s', (input, expected) => {
    expect(phoneSchema.parse(input)).toBe(expected);
  });

  test.each(['02112345678', '0912123456', '091212345678', 'phone', '+449121234567'])('%s is refused with the phone message', (input) => {
    expect(messagesOf(phoneSchema, input)).toEqual([V.phone]);
    expect(normalizeIranianMobile(input)).toBeNull();
  });

  test('any mobile number, in any digits and spacing, normalises to the same +989… form', () => {
    const scripts = ['0123456789', '۰۱۲۳۴۵۶۷۸۹', '٠١٢٣٤٥٦٧٨٩'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }),
        fc.constantFrom('0', '+98', '0098', '98', ''),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom('', ' ', '-'),
        (digits, prefix, script, separator) => {
          const national = ['9', ...digits.map(String)];
          const written = national.map((d, i) => (scripts[script[i] ?? 0] ?? '')[Number(d)]).join('');
          const input = `${prefix}${written.slice(0, 3)}${separator}${written.slice(3, 6)}${separator}${written.slice(6)}`;
          expect(normalizeIranianMobile(input)).toBe(`+98${national.join('')}`);
        },
      ),
    );
  });

  test('digits convert both ways', () => {
    expect(toLatinDigits('۱۲۳٤٥٦ abc')).toBe('123456 abc');
    expect(toPersianDigits('1404/01/01')).toBe('۱۴۰۴/۰۱/۰۱');
  });
});

describe('text used for matching', () => {
  test('Arabic yeh and kaf match their Persian forms', () => {
    expect(normalizeForMatching('كوچه ي تاريك')).toBe(normalizeForMatching('کوچه ی تاریک'));
    expect(normalizeForMatching('كيسه')).toBe('\u06A9\u06CC\u0633\u0647');
  });

  test('normalising twice changes nothing', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('ي', 'ك', 'ی', 'ک', '۱', '1', ' ', '\u200c', 'A', 'ة', 'أ', 'ـ') }), (text) => {
      expect(normalizeForMatching(normalizeForMatching(text))).toBe(normalizeForMatching(text));
      expect(normalizeForMatching(text)).not.toMatch(/[يك\u200c]/);
    }));
  });

  test('digits, ZWNJ, diacritics, spaces and case are folded', () => {
    expect(normalizeForMatching('خیابان\u200cها  ۱۲  ABC')).toBe('خیابان ها 12 abc');
    expect(normalizeForMatching('مَدرسه')).toBe('مدرسه');
  });
});

describe('message input', () => {
  const good = { system: '137', description: 'چاله در خیابان ولیعصر' };

  test('a minimal message is accepted with defaults; service, region and address are optional', () => {
    const message = messageInputSchema.parse(good);
    expect(message).toMatchObject({ system: '137', attributes: {}, contact: {}, suggestion: false, lang: 'fa' });
    expect(message.serviceCode).toBeUndefined();
  });

  test('the description is trimmed, and empty is refused', () => {
    expect(messageInputSchema.parse({ ...good, description: '  سلام  ' }).description).toBe('سلام');
    expect(messagesOf(messageInputSchema, { ...good, description: '   ' })).toEqual([V.textEmpty]);
  });

  test('4000 characters are accepted, 4001 refused', () => {
    expect(MAX_DESCRIPTION_LENGTH).toBe(4000);
    expect(messageInputSchema.safeParse({ ...good, description: 'ب'.repeat(4000) }).success).toBe(true);
    expect(messagesOf(messageInputSchema, { ...good, description: 'ب'.repeat(4001) })).toEqual([V.descriptionTooLong]);
  });

  test.each(['<b>bold</b>', 'hello <script>alert(1)</script>', 'x <img src=x onerror=alert(1)>', '<!-- c -->'])(
    'HTML is refused in descriptions: %s',
    (description) => {
      expect(messagesOf(messageInputSchema, { ...good, description })).toEqual([V.noHtml]);
    },
  );

  test('text that merely uses < and > is not HTML', () => {
    expect(containsHtml('دمای ۳ < ۵ و ۷ > ۶')).toBe(false);
    expect(messageInputSchema.safeParse({ ...good, description: 'a < b and c > d' }).success).toBe(true);
  });

  test('the contact phone is normalised; a bad one names the field', () => {
    expect(messageInputSchema.parse({ ...good, contact: { phone: '۰۹۱۲۱۲۳۴۵۶۷' } }).contact.phone).toBe('+989121234567');
    const result = messageInputSchema.safeParse({ ...good, contact: { phone: '123' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['contact', 'phone'], message: V.phone });
  });

  test('bad system, location and address are refused with their messages', () => {
    expect(messagesOf(messageInputSchema, { ...good, system: 'not a system!' })).toEqual([V.systemId]);
    expect(messagesOf(messageInputSchema, { ...good, location: { lat: 91, long: 51 } })).toEqual([V.latitude]);
    expect(messagesOf(messageInputSchema, { ...good, location: { lat: 35.7, long: 'x' } })).toEqual([V.longitude]);
    expect(messagesOf(messageInputSchema, { ...good, address: 'خیابان <b>' })).toEqual([V.noHtml]);
  });

  test('a media URL is a web address, never javascript: or data:', () => {
    expect(messageInputSchema.parse({ ...good, mediaUrl: 'https://cdn.example/p.jpg' }).mediaUrl).toBe('https://cdn.example/p.jpg');
    expect(messageInputSchema.safeParse({ ...good, mediaUrl: 'http://127.0.0.1:8137/m/1.png' }).success).toBe(true);
    for (const mediaUrl of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://x.example/p.jpg', 'not a url']) {
      expect(messagesOf(messageInputSchema, { ...good, mediaUrl })).toEqual([V.mediaUrl]);
    }
  });

  test('participation consent needs its text version', () => {
    expect(participationConsentSchema.parse({ granted: true, textVersion: 'v3' })).toEqual({ granted: true, textVersion: 'v3' });
    expect(messagesOf(participationConsentSchema, { granted: true, textVersion: '' })).toEqual([V.consentText]);
    expect(participationConsentSchema.safeParse({ granted: false, textVersion: 'v3' }).success).toBe(false);
  });
});

describe('follow-ups and feedback', () => {
  test('a follow-up is plain text up to 2000 characters', () => {
    expect(followUpInputSchema.parse({ text: ' هنوز درست نشده ' }).text).toBe('هنوز درست نشده');
    expect(followUpInputSchema.safeParse({ text: 'x'.repeat(2000) }).success).toBe(true);
    expect(messagesOf(followUpInputSchema, { text: 'x'.repeat(2001) })).toEqual([V.commentTooLong]);
    expect(messagesOf(followUpInputSchema, { text: '<i>x</i>' })).toEqual([V.noHtml]);
  });

  test('feedback: resolved yes/partly/no, rating 1–5, optional comment', () => {
    expect(feedbackInputSchema.parse({ resolved: 'partly', rating: '4' })).toEqual({ resolved: 'partly', rating: 4 });
    expect(feedbackInputSchema.parse({ resolved: 'yes', rating: 5, comment: 'ممنون' }).comment).toBe('ممنون');
    for (const rating of [0, 6, 2.5, 'x']) {
      expect(messagesOf(feedbackInputSchema, { resolved: 'yes', rating })).toEqual([V.rating]);
    }
    expect(messagesOf(feedbackInputSchema, { resolved: 'maybe', rating: 3 })).toEqual([V.resolved]);
  });
});

describe('services and systems', () => {
  const service = {
    system: '137',
    code: 'pothole',
    name: { fa: 'چاله', en: 'Pothole' },
    attributes: [
      { code: 'depth', datatype: 'number', required: true, description: { fa: 'عمق' } },
      { code: 'seen', datatype: 'datetime', description: { fa: 'زمان' } },
      { code: 'note', datatype: 'text', description: { fa: 'یادداشت' } },
      { code: 'lane', datatype: 'singlevaluelist', description: { fa: 'خط' }, values: [{ key: 'left', name: { fa: 'چپ' } }, { key: 'right', name: { fa: 'راست' } }] },
      { code: 'kinds', datatype: 'multivaluelist', description: { fa: 'نوع' }, values: [{ key: 'a', name: { fa: 'الف' } }, { key: 'b', name: { fa: 'ب' } }] },
      { code: 'name', datatype: 'string', description: { fa: 'نام' } },
    ],
  };

  test('a service gets the documented defaults: region and address optional, public, no suggestions', () => {
    const parsed = serviceConfigSchema.parse(service);
    expect(parsed).toMatchObject({ requires: { region: false, address: false }, visibility: 'public', suggestionsAllowed: false, type: 'realtime' });
    expect(parsed.attributes.map((a) => a.datatype)).toEqual(['number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist', 'string']);
  });

  test('bad service configs are refused with actionable messages', () => {
    expect(messagesOf(serviceConfigSchema, { ...service, name: { fa: '' } })).toEqual([V.localizedFa]);
    expect(messagesOf(serviceConfigSchema, { ...service, code: '-bad code' })).toEqual([V.code]);
    const listWithoutValues = { ...service, attributes: [{ code: 'x', datatype: 'singlevaluelist', description: { fa: 'x' } }] };
    expect(messagesOf(serviceConfigSchema, listWithoutValues)).toEqual(['A list attribute needs at least one value.']);
    expect(serviceConfigSchema.safeParse({ ...service, attributes: [{ code: 'x', datatype: 'image', description: { fa: 'x' } }] }).success).toBe(false);
  });

  test('a message is checked against its service form by datatype', () => {
    const config = serviceConfigSchema.parse({ ...service, requires: { region: true, address: true } });
    const system = systemConfigSchema.parse({ id: '137', name: { fa: '۱۳۷' }, intakeUnitId: 'intake-137' });
    const message = messageInputSchema.parse({
      system: '137',
      serviceCode: 'pothole',
      description: 'x',
      attributes: { seen: 'yesterday', lane: 'middle', kinds: ['a', 'z'], name: ['x', 'y'], colour: 'red' },
    });
    const issues = checkMessageAgainstService(message, system, config);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['region'], message: V.regionRequired },
        { path: ['address'], message: V.addressRequired },
        { path: ['attributes', 'colour'], message: V.attributeUnknown },
        { path: ['attributes', 'depth'], message: V.attributeRequired },
        { path: ['attributes', 'seen'], message: V.attributeDatetime },
        { path: ['attributes', 'lane'], message: V.attributeChoice },
        { path: ['attributes', 'kinds'], message: V.attributeChoices },
        { path: ['attributes', 'name'], message: V.attributeChoice },
      ]),
    );
    expect(issues).toHaveLength(8);
    const fine = messageInputSchema.parse({
      system: '137',
      serviceCode: 'pothole',
      description: 'x',
      location: { lat: 35.7, long: 51.4 },
      attributes: { depth: '12.5', seen: '2026-01-01T10:00:00Z', lane: 'left', kinds: ['a', 'b'] },
    });
    expect(checkMessageAgainstService(fine, system, config)).toEqual([]);
    // Persian digits and decimal separator are numbers too.
    expect(checkMessageAgainstService({ ...fine, attributes: { depth: '۱۲٫۵' } }, system, config)).toEqual([]);
    expect(checkMessageAgainstService({ ...fine, attributes: { depth: '٣' } }, system, config)).toEqual([]);
    expect(checkMessageAgainstService({ ...fine, attributes: { depth: 'deep' } }, system, config)).toEqual([
      { path: ['attributes', 'depth'], message: V.attributeNumber },
    ]);
  });

  test('a system may require a service', () => {
    const system = systemConfigSchema.parse({ id: '1888', name: { fa: '۱۸۸۸' }, intakeUnitId: 'inspection-desk', serviceRequired: true });
    const message = messageInputSchema.parse({ system: '1888', description: 'x' });
    expect(checkMessageAgainstService(message, system, undefined)).toEqual([{ path: ['serviceCode'], message: V.serviceRequired }]);
    expect(checkMessageAgainstService(message, { ...system, serviceRequired: false }, undefined)).toEqual([]);
  });

  test('system ids', () => {
    expect(systemIdSchema.parse('1888')).toBe('1888');
    expect(messagesOf(systemIdSchema, '')).toEqual([V.systemId]);
  });
});

describe('policies', () => {
  test('feedback policy: one calendar month by default', () => {
    expect(feedbackPolicySchema.parse({})).toEqual({ window: { months: 1, days: 0 }, reopenOnUnresolved: true, maxReopens: 2 });
  });

  test.each([
    [{ months: 0, days: 30 }, false],
    [{ months: 0, days: 0 }, false],
    [{ months: 0, days: 31 }, true],
    [{ months: 1, days: 0 }, true],
    [{ months: 1 }, true],
    [{ months: 2, days: 5 }, true],
  ])('feedback window %j accepted: %s', (window, accepted) => {
    const result = feedbackPolicySchema.safeParse({ window });
    expect(result.success).toBe(accepted);
    if (!result.success) expect(result.error.issues.map((i) => i.message)).toEqual([V.feedbackWindowTooShort]);
  });

  test('negative or fractional window parts are refused', () => {
    expect(feedbackPolicySchema.safeParse({ window: { months: -1, days: 62 } }).success).toBe(false);
    expect(feedbackPolicySchema.safeParse({ window: { months: 1.5 } }).success).toBe(false);
  });

  test('business calendar: Asia/Tehran by default, needs working time, clock times and Jalali holidays checked', () => {
    const calendar = businessCalendarSchema.parse({ week: [{ day: 6, start: '08:00', end: '16:00' }] });
    expect(calendar).toEqual({ timeZone: 'Asia/Tehran', week: [{ day: 6, start: '08:00', end: '16:00' }], holidays: [] });
    expect(messagesOf(businessCalendarSchema, { week: [] })).toEqual([V.calendarEmpty]);
    expect(messagesOf(businessCalendarSchema, { week: [{ day: 1, start: '16:00', end: '08:00' }] })).toEqual([V.calendarHours]);
    expect(messagesOf(businessCalendarSchema, { week: [{ day: 1, start: '8:00', end: '16:00' }] })).toEqual([V.calendarHours]);
    expect(businessCalendarSchema.safeParse({ week: [{ day: 1, start: '00:00', end: '24:00' }] }).success).toBe(true);
    expect(messagesOf(businessCalendarSchema, { week: [{ day: 1, start: '08:00', end: '16:00' }], holidays: ['1405-13-01'] })).toEqual([V.jalaliDate]);
  });

  test('escalation policy: the default rule needs every stage; durations are positive', () => {
    const stages = { triage: { businessHours: 4 }, referral: { businessHours: 8 }, response: { businessHours: 16 } };
    const policy = escalationPolicySchema.parse({ default: { stages } });
    expect(policy.default.stages.triage).toEqual({ businessHours: 4, escalateTo: 'parent' });
    expect(policy.rules).toEqual([]);
    expect(messagesOf(escalationPolicySchema, { default: { stages: { triage: stages.triage } } })).toEqual([V.stageRequired]);
    expect(messagesOf(escalationPolicySchema, { default: { stages: { ...stages, triage: { businessHours: 0 } } } })).toEqual([V.businessHours]);
    const named = escalationPolicySchema.parse({ default: { stages }, rules: [{ match: { unitId: 'd2' }, stages: { response: { businessHours: 2, escalateTo: { unitId: 'sup' } } } }] });
    expect(named.rules[0]?.stages.response?.escalateTo).toEqual({ unitId: 'sup' });
  });
});

describe('org tree', () => {
  test('a forest with two roots is accepted', () => {
    expect(orgTreeSchema.parse([unit('city', null), unit('d1', 'city'), unit('inspection', null)])).toHaveLength(3);
  });

  test('duplicate ids are refused', () => {
    expect(messagesOf(orgTreeSchema, [unit('city', null), unit('city', null)])).toEqual([V.orgUnitsDuplicate]);
  });

  test('a missing parent is refused, naming the unit', () => {
    const result = orgTreeSchema.safeParse([unit('city', null), unit('d1', 'nowhere')]);
    expect(result.error?.issues).toEqual([expect.objectContaining({ message: V.orgUnitsParent, path: ['d1', 'parentId'] })]);
  });

  test('a cycle is refused, also a unit that is its own parent', () => {
    expect(messagesOf(orgTreeSchema, [unit('a', 'b'), unit('b', 'c'), unit('c', 'a')])).toContain(V.orgUnitsCycle);
    expect(messagesOf(orgTreeSchema, [unit('a', 'a')])).toContain(V.orgUnitsCycle);
    expect(messagesOf(orgTreeSchema, [unit('root', null), unit('x', 'root'), unit('a', 'b'), unit('b', 'a')])).toContain(V.orgUnitsCycle);
  });
});

describe('other schemas', () => {
  test('instants need an offset', () => {
    expect(instantSchema.parse('2026-01-31T09:30:00+03:30')).toBe('2026-01-31T09:30:00+03:30');
    expect(messagesOf(instantSchema, '2026-01-31 09:30')).toEqual([V.instant]);
  });

  test('locations are inside the world', () => {
    expect(locationSchema.safeParse({ lat: -90, long: 180 }).success).toBe(true);
    expect(messagesOf(locationSchema, { lat: 0, long: -181 })).toEqual([V.longitude]);
  });

  test('timeline entries and notification intents', () => {
    const entry = timelineEntrySchema.parse({ type: 'answered', at: '2026-01-01T00:00:00Z', actorRole: 'handler', visibility: 'public' });
    expect(entry.data).toEqual({});
    expect(timelineEntrySchema.safeParse({ ...entry, type: 'called_citizen' }).success).toBe(false);
    const intent = {
      kind: 'feedback_invitation',
      channels: ['sms'],
      recipient: { type: 'citizen', messageId: 'M1' },
      messageId: 'M1',
      params: {},
      idempotencyKey: 'M1:feedback_invitation:1',
    };
    expect(notificationIntentSchema.parse(intent)).toEqual(intent);
    expect(notificationIntentSchema.safeParse({ ...intent, channels: [] }).success).toBe(false);
  });
});

describe('localizeIssues', () => {
  test('gives Persian text for Payam messages, with the field', () => {
    const result = messageInputSchema.safeParse({ system: '137', description: '<b>x</b>', contact: { phone: '12' } });
    const issues = localizeIssues(result.error?.issues ?? [], 'fa');
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'description', message: 'متن ساده بنویسید: برچسب‌های HTML مانند <b> یا <script> پذیرفته نیست.' },
        { field: 'contact.phone', message: 'شماره همراه ایرانی بدهید، مانند ۰۹۱۲۱۲۳۴۵۶۷.' },
      ]),
    );
    expect(localizeIssues(result.error?.issues ?? [], 'en')).toEqual(
      expect.arrayContaining([{ field: 'contact.phone', message: V.phone }]),
    );
  });

  test("zod's generic messages are worded again in Persian and English, with their limits", () => {
    const result = messageInputSchema.safeParse({
      system: '137',
      description: 'x',
      region: 'r'.repeat(65),
      contact: { firstName: 'x'.repeat(101), email: 'nope' },
      lang: 'de',
      suggestion: 'yes',
    });
    const fa = Object.fromEntries(localizeIssues(result.error?.issues ?? [], 'fa').map((i) => [i.field, i.message]));
    expect(fa).toEqual({
      region: 'بیش از اندازه بلند است: حداکثر ۶۴ نویسه بنویسید.',
      'contact.firstName': 'بیش از اندازه بلند است: حداکثر ۱۰۰ نویسه بنویسید.',
      'contact.email': 'نشانی ایمیلی مانند name@example.com بدهید.',
      lang: 'یکی از این‌ها را انتخاب کنید: fa، en.',
      suggestion: 'بله یا خیر (true یا false) بدهید.',
    });
    const en = localizeIssues(result.error?.issues ?? [], 'en');
    expect(en).toContainEqual({ field: 'region', message: 'Too long: write at most 64 characters.' });
    const missing = localizeIssues(messageInputSchema.safeParse({ system: '137' }).error?.issues ?? [], 'fa');
    expect(missing).toEqual([{ field: 'description', message: 'اینجا چیزی بنویسید: نمی‌تواند خالی باشد.' }]);
    const noContact = localizeIssues(feedbackInputSchema.safeParse({ rating: 3 }).error?.issues ?? [], 'en');
    expect(noContact).toEqual([{ field: 'resolved', message: V.resolved }]);
    const noObject = localizeIssues(safeParseInput(messageInputSchema, undefined).error?.issues ?? [], 'en');
    expect(noObject).toEqual([{ field: '', message: 'Fill in this field: it is required.' }]);
    const numbers = feedbackPolicySchema.safeParse({ window: { months: -1, days: 1.5 } });
    expect(localizeIssues(numbers.error?.issues ?? [], 'en')).toEqual([
      { field: 'window.months', message: 'Give a number no less than 0.' },
      { field: 'window.days', message: 'Give a whole number.' },
    ]);
  });

  test('a message another schema chose is kept as it is', () => {
    const issue = { code: 'custom' as const, path: ['x'], message: 'Use the other form.', input: undefined };
    expect(localizeIssues([issue], 'fa')).toEqual([{ field: 'x', message: 'Use the other form.' }]);
  });

  test('every Persian validation text contains Persian letters', () => {
    const issues = Object.values(V).map((message) => ({ code: 'custom' as const, path: [], message, input: undefined }));
    for (const issue of localizeIssues(issues, 'fa')) {
      expect(issue.message).toMatch(/[\u0600-\u06FF]/);
      expect(Object.values(V)).not.toContain(issue.message);
    }
  });
});

describe('digits a citizen types', () => {
  test('a region in Persian or Arabic-Indic digits is read in Latin digits', () => {
    for (const region of ['۶', '٦', ' ۲۲ ', '6']) {
      const parsed = messageInputSchema.parse({ system: '137', description: 'x', region });
      expect(parsed.region).toBe(toLatinDigits(region).trim());
    }
  });
});
