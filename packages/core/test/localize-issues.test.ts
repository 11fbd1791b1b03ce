// Runs with zod/mini alone, as in a browser that loads only the widgets: no zod locale is
// loaded, so zod words every issue of its own "Invalid input". (This file never imports
// classic zod, which would load the English locale for the whole process.)
import { describe, expect, test } from 'vitest';
import * as z from 'zod/mini';
import {
  feedbackInputSchema,
  describeIssues,
  feedbackPolicySchema,
  localizeIssues,
  messageInputSchema,
  safeParseInput,
  staffActionBodySchemas,
  translate,
  validationMessages as V,
} from '../src/index.js';

const localized = (issues: readonly z.core.$ZodIssue[] | undefined, lang: 'fa' | 'en') =>
  Object.fromEntries(localizeIssues(issues ?? [], lang).map((i) => [i.field, i.message]));

describe('localizeIssues with zod/mini alone', () => {
  test('no zod locale is loaded here', () => {
    expect(z.config().localeError).toBeUndefined();
    expect(
      messageInputSchema.safeParse({ system: '137', description: 'x', lang: 'de' }).error?.issues[0]
        ?.message,
    ).toBe('Invalid input');
  });

  test("zod's generic issues are worded from their code and fields", () => {
    const result = safeParseInput(messageInputSchema, {
      system: '137',
      description: 'x',
      region: 'r'.repeat(65),
      contact: { firstName: 'x'.repeat(101), email: 'nope' },
      mediaUrl: 'javascript:alert(1)',
      lang: 'de',
      suggestion: 'yes',
    });
    expect(localized(result.error?.issues, 'fa')).toEqual({
      region: 'بیش از اندازه بلند است: حداکثر ۶۴ نویسه بنویسید.',
      'contact.firstName': 'بیش از اندازه بلند است: حداکثر ۱۰۰ نویسه بنویسید.',
      'contact.email': 'نشانی ایمیلی مانند name@example.com بدهید.',
      mediaUrl: 'نشانی وبی بدهید که با https:// یا http:// آغاز شود.',
      lang: 'یکی از این‌ها را انتخاب کنید: fa، en.',
      suggestion: 'بله یا خیر (true یا false) بدهید.',
    });
    const numbers = feedbackPolicySchema.safeParse({ window: { months: -1, days: 1.5 } });
    expect(localized(numbers.error?.issues, 'en')).toEqual({
      'window.months': 'Give a number no less than 0.',
      'window.days': 'Give a whole number.',
    });
    const unknown = staffActionBodySchemas.unlink.safeParse({ reason: 'x' });
    expect(localized(unknown.error?.issues, 'en')).toEqual({
      '': 'Leave out what the form does not know: reason.',
    });
  });

  test('a missing value reads "required" when checked with safeParseInput', () => {
    expect(localized(safeParseInput(messageInputSchema, undefined).error?.issues, 'en')).toEqual({
      '': 'Fill in this field: it is required.',
    });
    expect(
      localized(safeParseInput(messageInputSchema, { description: 'x' }).error?.issues, 'fa'),
    ).toEqual({
      system: 'این بخش را پر کنید: الزامی است.',
    });
    // Without it zod/mini cannot tell missing from wrong: the field is asked for as text.
    expect(
      localized(messageInputSchema.safeParse({ description: 'x' }).error?.issues, 'en'),
    ).toEqual({
      system: 'Give text here.',
    });
  });

  test("a schema's own message wins over safeParseInput's", () => {
    expect(
      localized(safeParseInput(messageInputSchema, { system: '137' }).error?.issues, 'en'),
    ).toEqual({
      description: V.textEmpty,
    });
    expect(
      localized(safeParseInput(feedbackInputSchema, { rating: 3 }).error?.issues, 'en'),
    ).toEqual({
      resolved: V.resolved,
    });
  });

  test('issue objects shaped as zod/mini gives them', () => {
    const base = { message: 'Invalid input', input: undefined } as const;
    const issues: z.core.$ZodIssue[] = [
      { ...base, code: 'too_small', origin: 'array', minimum: 1, inclusive: true, path: ['week'] },
      { ...base, code: 'too_big', origin: 'number', maximum: 5, inclusive: true, path: ['rating'] },
      { ...base, code: 'invalid_format', format: 'regex', pattern: '^x$', path: ['code'] },
      { ...base, code: 'invalid_type', expected: 'object', path: ['location'] },
      { ...base, code: 'invalid_union', errors: [], path: ['attributes', 'a'] },
      { ...base, code: 'custom', path: ['x'] },
    ];
    expect(localized(issues, 'en')).toEqual({
      week: 'Too few: give at least 1.',
      rating: 'Give a number no greater than 5.',
      code: 'This value is not in the expected format.',
      location: 'This value is of the wrong kind for this field.',
      'attributes.a': 'This value is of the wrong kind for this field.',
      x: 'This value is of the wrong kind for this field.',
    });
  });

  test("a city's setup is worded from the configuration texts, a citizen's input from the validation texts", () => {
    const result = feedbackPolicySchema.safeParse({ window: { months: 0, days: 3 } });
    const issues = describeIssues(result.error?.issues ?? []);
    expect(issues.map((issue) => issue.key)).toEqual(['configuration.feedbackWindowTooShort']);
    expect(localizeIssues(result.error?.issues ?? [], 'fa')[0]?.message).toBe(translate('fa', 'configuration.feedbackWindowTooShort'));
    expect(localizeIssues(result.error?.issues ?? [], 'fa')[0]?.message).toMatch(/ماه/);
    expect(describeIssues([{ code: 'custom', message: V.phone, path: ['contact', 'phone'], input: 'x' }])).toEqual([
      { field: 'contact.phone', key: 'validation.phone', params: {}, message: V.phone },
    ]);
  });
});
