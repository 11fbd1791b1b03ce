import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  containsControlCharacters,
  feedbackInputSchema,
  followUpInputSchema,
  localizeIssues,
  localizedTextSchema,
  messageInputSchema,
  normalizeLineBreaks,
  staffActionBodySchemas,
  validationMessages as V,
} from '../src/index.js';

const good = { system: '137', description: 'چاله در خیابان ولیعصر' };

/** Every control character a text may not hold: C0 but tab, LF and CR; DEL; C1. */
const REFUSED = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
].map((c) => String.fromCharCode(c));

/** Each citizen or staff text field, with a schema and the input that puts `text` in it, and the path of the issue. */
const FIELDS: { name: string; parse: (text: string) => ReturnType<typeof messageInputSchema.safeParse> | { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }; path: PropertyKey[] }[] = [
  { name: 'description', parse: (t) => messageInputSchema.safeParse({ ...good, description: `چاله ${t} عمیق` }), path: ['description'] },
  { name: 'address', parse: (t) => messageInputSchema.safeParse({ ...good, address: `ولیعصر ${t} ۱۲` }), path: ['address'] },
  { name: 'region', parse: (t) => messageInputSchema.safeParse({ ...good, region: `6${t}` }), path: ['region'] },
  { name: 'attribute', parse: (t) => messageInputSchema.safeParse({ ...good, attributes: { depth: `10${t}` } }), path: ['attributes', 'depth'] },
  { name: 'attribute list', parse: (t) => messageInputSchema.safeParse({ ...good, attributes: { kinds: ['a', `b${t}`] } }), path: ['attributes', 'kinds', 1] },
  { name: 'first name', parse: (t) => messageInputSchema.safeParse({ ...good, contact: { firstName: `Shi${t}rin` } }), path: ['contact', 'firstName'] },
  { name: 'last name', parse: (t) => messageInputSchema.safeParse({ ...good, contact: { lastName: `Teh${t}` } }), path: ['contact', 'lastName'] },
  { name: 'device id', parse: (t) => messageInputSchema.safeParse({ ...good, contact: { deviceId: `dev${t}` } }), path: ['contact', 'deviceId'] },
  {
    name: 'consent text version',
    parse: (t) => messageInputSchema.safeParse({ ...good, consents: { participation: { granted: true, textVersion: `v1${t}` } } }),
    path: ['consents', 'participation', 'textVersion'],
  },
  { name: 'follow-up', parse: (t) => followUpInputSchema.safeParse({ text: `still ${t} there` }), path: ['text'] },
  { name: 'feedback comment', parse: (t) => feedbackInputSchema.safeParse({ resolved: 'no', rating: 2, comment: `not ${t} fixed` }), path: ['comment'] },
  { name: 'staff answer', parse: (t) => staffActionBodySchemas.answer.safeParse({ text: `fixed ${t}` }), path: ['text'] },
  { name: 'staff note', parse: (t) => staffActionBodySchemas.note.safeParse({ text: `called ${t}` }), path: ['text'] },
  { name: 'triage note', parse: (t) => staffActionBodySchemas.triage.safeParse({ note: `n${t}` }), path: ['note'] },
  { name: 'refer unit', parse: (t) => staffActionBodySchemas.refer.safeParse({ unitId: `district-6${t}` }), path: ['unitId'] },
  { name: 'link', parse: (t) => staffActionBodySchemas.link.safeParse({ firstMessageId: `137-1${t}` }), path: ['firstMessageId'] },
  { name: 'localized text', parse: (t) => localizedTextSchema.safeParse({ fa: `متن${t}` }), path: ['fa'] },
];

describe('control characters in citizen and staff texts', () => {
  test.each(FIELDS)('$name: a control character is refused, naming the field', ({ parse, path }) => {
    for (const ch of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) {
      const result = parse(ch);
      expect(result.success, JSON.stringify(ch)).toBe(false);
      const issue = result.error?.issues.find((i) => i.message === V.controlCharacters);
      expect(issue?.path).toEqual(path);
    }
    expect(parse('').success).toBe(true);
  });

  test('every refused character is refused, and only those', () => {
    for (const ch of REFUSED) expect(containsControlCharacters(`a${ch}b`), ch.charCodeAt(0).toString(16)).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const expected = [...s].some((ch) => REFUSED.includes(ch));
        expect(containsControlCharacters(normalizeLineBreaks(s))).toBe(expected);
      }),
    );
  });

  test('tab and line feed are kept; CRLF and a lone CR become LF', () => {
    const parsed = messageInputSchema.parse({ ...good, description: 'line one\r\nline two\rline three\n\tindented' });
    expect(parsed.description).toBe('line one\nline two\nline three\n\tindented');
    expect(staffActionBodySchemas.answer.parse({ text: 'a\r\nb' }).text).toBe('a\nb');
    expect(normalizeLineBreaks('\r\n\r\n\r')).toBe('\n\n\n');
  });

  test('a control character at the edge is refused, not trimmed away', () => {
    const result = messageInputSchema.safeParse({ ...good, description: '\u000bچاله عمیق\u000c' });
    expect(result.error?.issues.map((i) => i.message)).toContain(V.controlCharacters);
  });

  test('the refusal reads in Persian and English', () => {
    const result = followUpInputSchema.safeParse({ text: 'a\u0001b' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    const [fa] = localizeIssues(issues, 'fa');
    const [en] = localizeIssues(issues, 'en');
    expect(en?.message).toBe(V.controlCharacters);
    expect(fa?.message).toMatch(/نویسهٔ کنترلی/);
    expect(fa?.field).toBe('text');
  });
});
