import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  cellOf,
  cellsAround,
  describeSimilarity,
  distanceMetres,
  duplicateDecision,
  duplicatePolicySchema,
  matchingKeys,
  matchingWords,
  splitMatchingWords,
  normalizeForMatching,
  prepareForMatching,
  prepareFromWords,
  keysOfWords,
  similarity,
  type MatchableMessage,
} from '../src/index.js';
import { normalizedByRules } from '../src/text.js';

const policy = duplicatePolicySchema.parse({});

describe('Persian normalisation for matching', () => {
  test.each([
    ['Arabic yeh and kaf', 'لامپ تير چراغ كوچه', 'لامپ تیر چراغ کوچه'],
    ['alef maksura', 'مصطفى', 'مصطفی'],
    ['heh with yeh and teh marbuta', 'کوچهٔ شهيد و محلة', 'کوچه شهید و محله'],
    ['hamza carriers', 'مسئول مؤسسه أمیر إمام آب', 'مسیول موسسه امیر امام اب'],
    ['a lone hamza', 'اجزاء', 'اجزا'],
    ['presentation forms (NFKC)', '\uFEDB\uFEEE\uFB7C\uFEEA', 'کوچه'],
    ['tatweel and diacritics', 'خـــیابانِ مَدرَسه', 'خیابان مدرسه'],
    ['ZWNJ is a word break, direction marks vanish', 'چراغ\u200cها\u200f \u202bخاموش\u202c', 'چراغ ها خاموش'],
    ['Persian and Arabic-Indic digits', 'پلاک ۱۲ و ٣٤', 'پلاک 12 و 34'],
    ['repeated letters', 'خیلیییییی بددددد!!!', 'خیلی بد'],
    ['Persian punctuation', 'سلام، چاله؛ کجاست؟ «اینجا»', 'سلام چاله کجاست اینجا'],
  ])('%s', (_, written, expected) => {
    expect(normalizeForMatching(written)).toBe(expected);
  });

  test('texts mixing Persian, Latin street names and numbers keep every part', () => {
    expect(normalizeForMatching('چاله در Vali-Asr St. نبش کوچهٔ ۱۲')).toBe('چاله در vali asr st نبش کوچه 12');
    expect(normalizeForMatching('لامپ تير No.۴۵ در Park-e Mellat')).toBe('لامپ تیر no 45 در park e mellat');
    // Numbers are not letters: "1000" keeps its zeros.
    expect(normalizeForMatching('۱۰۰۰ متر')).toBe('1000 متر');
  });

  test('a letter repeated three times or more counts once, in any plane, and nothing else is folded', () => {
    // The rule as one Unicode-aware replacement over the whole text, as it was first written.
    const once = (text: string) => text.replace(/(\p{L})\1{2,}/gu, '$1');
    const units = ['ی', 'ب', 'a', 'A', '1', '۱', ' ', '!', '𐐀', '𝒜', '😀', 'ـ', '\u200c'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...units), fc.integer({ min: 1, max: 5 })), { maxLength: 12 }), (runs) => {
        const text = runs.map(([unit, times]) => unit.repeat(times)).join('');
        const expected = once(text.normalize('NFKC').replace(/ـ/g, '').replace(/\u200c/g, ' ').replace(/[\p{P}\p{S}]/gu, ' ').toLowerCase().replace(/\s+/g, ' ').replace(/۱/g, '1')).trim();
        expect(normalizeForMatching(text)).toBe(once(expected));
      }),
    );
    expect(normalizeForMatching('𐐀𐐀𐐀𐐀 😀😀😀 ۱۱۱')).toBe('𐐨 111');
  });

  test('normalising twice changes nothing, and no variant survives', () => {
    const units = ['ي', 'ك', 'ی', 'ک', 'ى', 'ة', 'ۀ', 'أ', 'ؤ', 'ئ', 'ء', 'ـ', '\u200c', '\u200f', '۱', '٣', '1', ' ', 'A', 'a', '،', '!', 'ب', '\uFEDB'];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 30 }), (text) => {
        const once = normalizeForMatching(text);
        expect(normalizeForMatching(once)).toBe(once);
        expect(once).not.toMatch(/[يكىةۀأؤئءـ\u200c\u200f،!A۱٣\uFEDB]/);
      }),
    );
  });

  test('the one-pass normalisation does what the rules, applied one by one, do', () => {
    // The rules as the documentation states them, one regular expression each, in order.
    const byRules = (input: string) => normalizedByRules(input.normalize('NFKC'));
    // What citizens type, and what tends to break a hand-written scanner: every character the
    // rules name, white space of every kind, marks, emoji and letters beyond the first plane,
    // lone surrogates, letters whose lower case is longer or depends on what follows.
    const units = [
      ...'يكىةۀۀہۂەأإآٱؤئءـًٌٍَُِّْٰٕ۰۱۹٠٥٩ابپچژکگیهوسلام',
      '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\ufeff',
      ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\u2028', '\u1680', '\u202f',
      '،', '؛', '؟', '!', '.', '-', '_', '(', '«', '»', '$', '+', '٪', '﷼', '©',
      'A', 'z', 'İ', 'Σ', 'ß', 'Ⅻ', 'ﻻ', 'ﷲ', 'ﻙ', '①', 'ﬁ', '\u0301', 'é',
      '😀', '𐐀', '𝐀', '\ud83d', '\ude00', '\ud800', '0', '9', '\u0000', '\u0007',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(normalizeForMatching(text)).toBe(byRules(text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(normalizeForMatching(text)).toBe(byRules(text));
      }),
      { numRuns: 3000 },
    );
    // Found by the first property: a dropped mark between the two halves of an emoji joins them,
    // and the emoji, a symbol, is then a space.
    expect(normalizeForMatching('\ud83d\u0650\ude00')).toBe(byRules('\ud83d\u0650\ude00'));
    expect(normalizeForMatching('a\ud83d\u0650\ude00b')).toBe('a b');
  });

  test('real spelling variants of one message give the same words', () => {
    const variants = [
      'چراغ‌های برق کوچه خاموش است',
      'چراغهاي برق كوچه خاموش است',
      'چراغ های برق کوچه خاموش است!',
      'چراغ‌هاى برق کوچـــه خاموش است.',
      'چراغهای برق کوچه، خاموش.',
    ];
    const [first, ...rest] = variants.map(matchingWords);
    expect(first).toEqual(['چراغ', 'برق', 'کوچه', 'خاموش']);
    for (const words of rest) expect(words).toEqual(first);
    // Colloquial "خاموشه" (is off) keeps its own ending: three words of four still match.
    expect(matchingWords('چراغای برق کوچه خاموشه')).toEqual(['چراغای', 'برق', 'کوچه', 'خاموشه']);
  });

  test('a kind of place and its name say where, not what', () => {
    expect(splitMatchingWords('چاله بزرگ در خیابان شهید بهشتی نبش کوچه نسترن، این خیابان را ببینید')).toEqual({
      words: ['چاله', 'بزرگ', 'ببینید'],
      placeWords: ['خیابان', 'بهشتی', 'نبش', 'کوچه', 'نسترن', 'خیابان'],
    });
  });

  test('stop-words go, words of one meaning become one word', () => {
    expect(matchingWords('لطفا به این آشغال‌ها رسیدگی کنید')).toEqual(['زباله']);
    expect(matchingWords('زباله‌ها')).toEqual(matchingWords('پسماند'));
    expect(matchingWords('آب گرفتگی در زیرگذر')).toEqual(['ابگرفتگی', 'زیرگذر']);
    expect(matchingKeys('چراغ برق کوچه نسترن خاموش است خاموش')).toEqual(['خاموش', 'چراغ', 'برق']);
  });
});

describe('places', () => {
  const tajrish = { lat: 35.8046, long: 51.4347 };
  test('distance in metres', () => {
    expect(distanceMetres(tajrish, tajrish)).toBe(0);
    const north = { lat: tajrish.lat + 0.001, long: tajrish.long };
    expect(distanceMetres(tajrish, north)).toBeGreaterThan(110);
    expect(distanceMetres(tajrish, north)).toBeLessThan(112);
  });

  test('a point within the cell size lies in a cell around any other point', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 35.5, max: 35.9, noNaN: true }),
        fc.double({ min: 51.1, max: 51.7, noNaN: true }),
        fc.double({ min: -0.0049, max: 0.0049, noNaN: true }),
        fc.double({ min: -0.0049, max: 0.0049, noNaN: true }),
        (lat, long, dLat, dLong) => {
          expect(cellsAround({ lat, long })).toContain(cellOf({ lat: lat + dLat, long: long + dLong }));
        },
      ),
    );
    expect(cellsAround(tajrish)).toHaveLength(9);
  });
});

function message(overrides: Partial<MatchableMessage> & { id: string }): MatchableMessage {
  return {
    system: '137',
    serviceCode: 'streetlight',
    serviceGroup: 'lighting',
    description: 'چراغ‌های برق کوچه نسترن خاموش است',
    address: null,
    location: { lat: 35.7, long: 51.4 },
    region: '6',
    registeredAt: '2026-05-01T08:00:00Z',
    ...overrides,
  };
}

const score = (a: MatchableMessage, b: MatchableMessage) => similarity(prepareForMatching(a), prepareForMatching(b), policy);

describe('similarity with reasons', () => {
  test('words split once and kept give the same prepared message and keys as the text', () => {
    const base = message({ id: 'a', address: 'خیابان ولیعصر، کوچهٔ نسترن پلاک ۱۲' });
    for (const description of ['چراغهاي برق كوچه نسترن خاموشه', 'Pothole in Vali-Asr St. جلوی پلاک ۱۲، خیلی عمیق!!', 'لامپ تیر کوچه نسترن چند شب است روشن نمی‌شود']) {
      const split = splitMatchingWords(`${description} ${base.address}`);
      expect(prepareFromWords({ ...base, description }, split)).toEqual(prepareForMatching({ ...base, description }));
      expect(keysOfWords(split.words)).toEqual(matchingKeys(`${description} ${base.address}`));
    }
  });

  test('a spelling variant at the same place the next day is linked, with reasons a person can read', () => {
    const result = score(
      message({ id: 'a' }),
      message({ id: 'b', description: 'چراغهاي برق كوچه نسترن خاموشه', location: { lat: 35.70036, long: 51.4 }, registeredAt: '2026-05-02T20:00:00Z' }),
    );
    expect(result).not.toBeNull();
    expect(duplicateDecision(result?.score ?? 0, policy)).toBe('link');
    expect(result?.reasons).toEqual([
      { code: 'service', value: 'same' },
      { code: 'distance', value: 40 },
      { code: 'time', value: 1.5 },
      { code: 'text', value: expect.any(Number) },
    ]);
    expect(describeSimilarity(result?.reasons ?? [], 'en')).toMatch(/^same service, 40 m, 2 days apart, text 0\.\d{1,2}$/);
    expect(describeSimilarity(result?.reasons ?? [], 'fa')).toMatch(/^همان خدمت، ۴۰ متر، ۲ روز فاصله، متن ۰\.[۰-۹]{1,2}$/);
  });

  test('a paraphrase by another citizen nearby is at least suggested', () => {
    const result = score(
      message({ id: 'a' }),
      message({ id: 'b', description: 'لامپ تیر کوچه نسترن چند شب است روشن نمی‌شود و کوچه تاریک است', location: { lat: 35.7008, long: 51.4005 } }),
    );
    expect(duplicateDecision(result?.score ?? 0, policy)).not.toBeNull();
  });

  test('a neighbouring service of the same group still matches, an unrelated one counts less', () => {
    const same = score(message({ id: 'a' }), message({ id: 'b' }))?.score ?? 0;
    const group = score(message({ id: 'a' }), message({ id: 'b', serviceCode: 'park-lighting' }));
    const other = score(message({ id: 'a' }), message({ id: 'b', serviceCode: 'garbage', serviceGroup: 'cleanliness' }))?.score ?? 0;
    expect(group?.reasons[0]).toEqual({ code: 'service', value: 'group' });
    expect(group?.score ?? 0).toBeLessThan(same);
    expect(other).toBeLessThan(group?.score ?? 0);
    const related = similarity(
      prepareForMatching(message({ id: 'a' })),
      prepareForMatching(message({ id: 'b', serviceCode: 'garbage', serviceGroup: 'cleanliness' })),
      duplicatePolicySchema.parse({ relatedServices: [['garbage', 'streetlight']] }),
    );
    expect(related?.reasons[0]).toEqual({ code: 'service', value: 'related' });
    expect(related?.score ?? 0).toBeGreaterThan(other);
  });

  test('the same words far away, or another problem at the same place, are not linked', () => {
    const far = score(message({ id: 'a' }), message({ id: 'b', location: { lat: 35.75, long: 51.45 } }));
    expect(far?.reasons).toContainEqual({ code: 'distance', value: expect.any(Number) });
    expect(duplicateDecision(far?.score ?? 0, policy)).toBeNull();
    const otherProblem = score(message({ id: 'a' }), message({ id: 'b', description: 'تیر چراغ برق کج شده و روی پیاده‌رو افتاده' }));
    expect(duplicateDecision(otherProblem?.score ?? 0, policy)).not.toBe('link');
  });

  test('without a location the region counts, a place named in words adds to the text', () => {
    const a = message({ id: 'a', location: null, address: 'خیابان ولیعصر، کوچه نسترن' });
    const b = message({ id: 'b', location: null, description: 'کوچه نسترن خیابان ولیعصر چراغ ندارد، شب‌ها تاریک است' });
    const result = score(a, b);
    expect(result?.reasons).toContainEqual({ code: 'region', value: '6' });
    expect(result?.reasons).toContainEqual({ code: 'place', value: 1 });
    expect(duplicateDecision(result?.score ?? 0, policy)).not.toBeNull();
    expect(score(a, { ...b, region: '7' })?.score ?? 1).toBeLessThan(result?.score ?? 0);
  });

  test('two systems or the same message are never alike; scores stay between 0 and 1 and are symmetric', () => {
    expect(score(message({ id: 'a' }), message({ id: 'b', system: '1888' }))).toBeNull();
    expect(score(message({ id: 'a' }), message({ id: 'a' }))).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (x, y, days) => {
        const a = message({ id: 'a', description: x });
        const b = message({ id: 'b', description: y, registeredAt: new Date(Date.parse('2026-05-01T08:00:00Z') + days * 86_400_000).toISOString() });
        const ab = score(a, b)?.score ?? -1;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(score(b, a)?.score).toBe(ab);
      }),
    );
  });

  test('the policy refuses a suggestion threshold above the link threshold', () => {
    expect(duplicatePolicySchema.safeParse({ linkAt: 0.6, suggestAt: 0.7 }).success).toBe(false);
    expect(duplicatePolicySchema.safeParse({ linkAt: 1.2 }).success).toBe(false);
  });
});
