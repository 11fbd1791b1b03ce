/**
 * The words and character n-grams of a text, as duplicate matching compares them: normalised
 * ({@link normalizeForMatching}), without stop-words, plural endings taken off, a few words of the
 * city's vocabulary that citizens use for the same thing brought to one word.
 */
import { normalizeForMatching } from '../text.js';

/** Words that say nothing about the matter (Persian and English), normalised like any text. */
const STOP_WORDS_AS_WRITTEN = [
  // Persian
  'و', 'در', 'به', 'از', 'که', 'این', 'آن', 'را', 'با', 'برای', 'است', 'هست', 'نیست', 'بود', 'شد', 'شده',
  'شده است', 'می', 'نمی', 'ها', 'های', 'هایی', 'یک', 'یه', 'تا', 'هم', 'نیز', 'ما', 'من', 'او', 'ای', 'اینجا',
  'آنجا', 'خیلی', 'بسیار', 'لطفا', 'لطفاً', 'سلام', 'باشد', 'کنید', 'کرد', 'کرده', 'کنند', 'کند', 'دارد', 'داره',
  'هستند', 'چند', 'روی', 'جلوی', 'جلو', 'کنار', 'نزدیک', 'پیش', 'پشت', 'داخل', 'بین', 'همین', 'همان', 'اون', 'ای',
  'رو', 'هر', 'هیچ', 'ولی', 'اما', 'یا', 'اگر', 'چون', 'بر', 'تو', 'توی', 'دیگر', 'دیگه', 'الان', 'اکنون',
  'مدتی', 'مدت', 'است', 'هستش', 'میشه', 'بشه', 'شود', 'شوند', 'گردد', 'بفرمایید', 'ممنون', 'تشکر', 'باتشکر',
  'محترم', 'مسئولین', 'مسئولان', 'شهرداری', 'رسیدگی', 'فرمایید', 'کنیم', 'بده', 'بدهید', 'کنین', 'گزارش',
  // English
  'the', 'a', 'an', 'of', 'in', 'on', 'at', 'is', 'are', 'was', 'and', 'or', 'to', 'for', 'please', 'there',
  'it', 'its', 'this', 'that', 'with', 'near', 'by', 'has', 'have', 'been', 'street', 'st',
];

/**
 * Words citizens use for the same thing, brought to one word (the first of each group). Kept
 * short and to the city's own vocabulary: a wrong entry here joins messages that differ.
 */
const SAME_MEANING_AS_WRITTEN: readonly (readonly string[])[] = [
  ['چراغ', 'لامپ', 'روشنایی', 'لامپها', 'چراغها', 'light', 'lamp', 'streetlight'],
  ['خاموش', 'سوخته', 'قطع', 'تاریک', 'off', 'dark'],
  ['چاله', 'گودال', 'چاله چوله', 'دست انداز', 'pothole', 'hole'],
  ['زباله', 'آشغال', 'پسماند', 'آشغالها', 'زبالهها', 'garbage', 'rubbish', 'trash', 'waste'],
  ['آبگرفتگی', 'آب گرفتگی', 'آب جمع', 'آب ایستاده', 'سیلاب', 'flood', 'flooding'],
  ['درخت', 'درختان', 'درختها', 'tree', 'trees'],
  ['شکسته', 'خراب', 'خرابه', 'broken'],
  ['جوی', 'جوب', 'کانال', 'آبرو', 'gutter'],
  ['پیاده رو', 'پیادهرو', 'sidewalk', 'pavement'],
  ['تیر', 'پایه', 'pole'],
  ['سطل', 'مخزن', 'bin'],
  ['کوچه', 'بن بست', 'alley'],
  ['بو', 'بوی', 'بوی بد', 'تعفن', 'smell'],
  ['رشوه', 'پول', 'bribe'],
];

const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORDS_AS_WRITTEN.map(normalizeForMatching));

/**
 * Words that name a kind of place; with the word after them (two after «شهید», as in «خیابان
 * شهید بهشتی») they name where, not what: `placeWords`.
 */
const PLACE_MARKERS: ReadonlySet<string> = new Set(
  [
    'خیابان', 'میدان', 'کوچه', 'بلوار', 'پارک', 'فلکه', 'پل', 'بزرگراه', 'اتوبان', 'محله', 'شهرک', 'نبش',
    'تقاطع', 'چهارراه', 'زیرگذر', 'روگذر', 'ایستگاه', 'بوستان', 'پلاک', 'avenue', 'ave', 'square', 'sq',
    'blvd', 'boulevard', 'park', 'alley', 'highway', 'no', 'نرسیده', 'روبروی', 'بعد',
  ].map(normalizeForMatching),
);
const TITLES: ReadonlySet<string> = new Set(['شهید', 'امام', 'آیت الله', 'دکتر'].map(normalizeForMatching));

/** Normalised word (or two-word phrase) → the one word its group is matched as. */
const SAME_MEANING: ReadonlyMap<string, string> = new Map(
  SAME_MEANING_AS_WRITTEN.flatMap((group) => {
    const canonical = normalizeForMatching(group[0] ?? '').replace(/ /g, '');
    return group.map((word) => [normalizeForMatching(word), canonical] as const);
  }),
);

/** The first words of the two-word phrases of {@link SAME_MEANING}: only after one of them is a pair looked up. */
const PAIR_STARTS: ReadonlySet<string> = new Set([...SAME_MEANING.keys()].filter((key) => key.includes(' ')).map((key) => key.split(' ')[0]!));

const PLURAL_ENDINGS = ['هایی', 'های', 'ها'];

/** A word without a plural ending, when what remains is still a word (three letters or more). */
function withoutPluralEnding(word: string): string {
  for (const ending of PLURAL_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= 3) return word.slice(0, -ending.length);
  }
  return word;
}

/** The words of a text, split into what it is about and where it is. */
export interface MatchingWords {
  /** What it is about: the words outside place names, in order. */
  words: string[];
  /** Where: kinds of place and the names after them («خیابان ولیعصر» → خیابان, ولیعصر). */
  placeWords: string[];
}

/** One normalised word as matching compares it: plural ending off, one word per meaning. */
function matchingWord(word: string): string {
  const stem = withoutPluralEnding(word);
  return SAME_MEANING.get(word) ?? SAME_MEANING.get(stem) ?? stem;
}

/** The words of a text; with `places`, a kind of place and the name after it go apart. */
function collectWords(text: string, places: boolean): MatchingWords {
  const raw = normalizeForMatching(text).split(' ').filter((word) => word.length > 0);
  const words: string[] = [];
  const placeWords: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] ?? '';
    if (places && PLACE_MARKERS.has(word)) {
      placeWords.push(word);
      let next = raw[i + 1];
      while (next !== undefined && TITLES.has(next)) next = raw[++i + 1];
      if (next !== undefined && !STOP_WORDS.has(next) && !PLACE_MARKERS.has(next)) {
        placeWords.push(matchingWord(next));
        i++;
      }
      continue;
    }
    const pairMeaning = i + 1 < raw.length && PAIR_STARTS.has(word) ? SAME_MEANING.get(`${word} ${raw[i + 1]}`) : undefined;
    if (pairMeaning) {
      words.push(pairMeaning);
      i++;
      continue;
    }
    if (!STOP_WORDS.has(word)) words.push(matchingWord(word));
  }
  return { words, placeWords };
}

/**
 * The words of a text as matching compares them, split into what it is about and where: normalised,
 * stop-words dropped, plural endings taken off, two-word phrases and words of the same meaning
 * brought to one word; a kind of place and the name after it go to `placeWords`.
 */
export function splitMatchingWords(text: string): MatchingWords {
  return collectWords(text, true);
}

/**
 * The words of a text as matching compares them, in order, place words included (see
 * {@link splitMatchingWords}).
 *
 * @example matchingWords('چراغ‌های برق کوچه خاموش است') // ['چراغ', 'برق', 'کوچه', 'خاموش']
 */
export function matchingWords(text: string): string[] {
  return collectWords(text, false).words;
}

/**
 * The character n-grams (trigrams by default) of a text's matching words, each word padded with a
 * space at both ends, so that spelling variants and words written together or apart
 * ("خیابانها", "خیابان ها") still share most of them.
 */
export function characterGrams(words: readonly string[], size = 3): Set<string> {
  const grams = new Set<string>();
  for (const word of words) {
    const padded = ` ${word} `;
    if (padded.length <= size) grams.add(padded);
    for (let i = 0; i + size <= padded.length; i++) grams.add(padded.slice(i, i + size));
  }
  return grams;
}

/**
 * The keys a database indexes a message's text by (an indexed array column): the distinct words of
 * what it is about (place names left out), at most `limit` of them, longest first (long words say
 * the most about a matter).
 */
export function matchingKeys(text: string, limit = 24): string[] {
  return keysOfWords(splitMatchingWords(text).words, limit);
}

/** {@link matchingKeys} of words split already (the `words` of {@link splitMatchingWords}). */
export function keysOfWords(words: readonly string[], limit = 24): string[] {
  const distinct = [...new Set(words)].filter((word) => word.length >= 2);
  return distinct.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
}
