// Runs with classic zod in use, as in the reference server: its first schema sets zod's English
// locale for the whole process, and issues carry English wording.
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { localizeIssues, messageInputSchema, safeParseInput } from '../src/index.js';

z.object({ any: z.string() });

describe("localizeIssues with classic zod's English locale", () => {
  test('the English locale is loaded here', () => {
    expect(z.config().localeError).toBeTypeOf('function');
  });

  test('gives the same text as with zod/mini alone', () => {
    const result = messageInputSchema.safeParse({
      system: '137',
      description: 'x',
      region: 'r'.repeat(65),
      lang: 'de',
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Too big: expected string to have <=64 characters',
      'Invalid option: expected one of "fa"|"en"',
    ]);
    expect(localizeIssues(result.error?.issues ?? [], 'en')).toEqual([
      { field: 'region', message: 'Too long: write at most 64 characters.' },
      { field: 'lang', message: 'Choose one of: fa، en.' },
    ]);
  });

  test('a missing value reads "required", with or without safeParseInput, in the same words', () => {
    const direct = messageInputSchema.safeParse({ description: 'x' }).error?.issues ?? [];
    const checked = safeParseInput(messageInputSchema, { description: 'x' }).error?.issues ?? [];
    expect(checked).toEqual(direct);
    expect(direct.map((i) => i.message)).toEqual([
      'Invalid input: expected string, received undefined',
    ]);
    expect(localizeIssues(direct, 'en')).toEqual([
      { field: 'system', message: 'Fill in this field: it is required.' },
    ]);
  });
});
