/**
 * Text normalisation for Persian input.
 *
 * Citizens type digits in Persian (۰–۹), Arabic-Indic (٠–٩) or Latin, and letters with Arabic
 * code points (ي ك) that look the same as the Persian ones (ی ک). Matching and phone numbers must
 * not depend on which keyboard the citizen had.
 */

const PERSIAN_ZERO = 0x06f0;

/** Turns Persian (۰–۹) and Arabic-Indic (٠–٩) digits into ASCII digits; leaves the rest as is. */
export function toLatinDigits(input: string): string {
  // Both blocks of ten start at a multiple of 16 (U+06F0, U+0660): a digit's value is the last
  // hexadecimal digit of its code point.
  return input.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) & 15));
}

/** Turns ASCII digits into Persian digits (۰–۹), for text shown to Persian readers. */
export function toPersianDigits(input: string): string {
  return input.replace(/[0-9]/g, (digit) => String.fromCharCode(PERSIAN_ZERO + Number(digit)));
}

/**
 * Normalises text used for matching (duplicate search, keyword lookup), so that what the citizen's
 * keyboard or spelling habit chose does not matter:
 * - presentation forms folded (NFKC), Arabic yeh/alef maksura/kaf to Persian ی/ک, teh marbuta and
 *   heh with yeh (ة ۀ) to ه, hamza carriers folded (أ إ آ ٱ → ا, ؤ → و, ئ → ی, a lone ء dropped);
 * - diacritics and tatweel removed; Persian and Arabic-Indic digits to ASCII;
 * - zero-width non-joiners become spaces, joiners, direction marks and byte-order marks vanish;
 * - punctuation and symbols become spaces; a letter repeated three times or more counts once
 *   ("خیلیییی" → "خیلی"); white space folded; lower case.
 *
 * Stop-words are not removed here (the result is still readable text); {@link matchingWords} does.
 */
export function normalizeForMatching(input: string): string {
  const text = input.normalize('NFKC');
  // One pass over the text instead of a regular expression per rule (about four times faster on a
  // description): each character is kept, replaced, dropped, or read as a space, and runs of
  // spaces are written once. A property test holds it to the rules written one by one.
  let out = '';
  let kept = 0; // Where the run of characters copied as they are began.
  let space = true; // Whether `out` ends with a space, or is empty (no space written first).
  let i = 0;
  const flush = (end: number) => {
    if (end > kept) {
      out += text.slice(kept, end);
      space = false;
    }
  };
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width = 1;
    let fold: Fold;
    if (code < 0x80) fold = ASCII_FOLD[code]!;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A character beyond the first plane: a symbol (an emoji) is a space, the rest is kept.
      width = 2;
      fold = classify(text.slice(i, i + 2));
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone half of a surrogate pair (not text a keyboard writes): dropping a mark between two
      // halves joins them into one character, which the rules then read whole. Read by the rules.
      return normalizedByRules(text);
    } else fold = foldOf(code, text[i]!);
    if (fold === KEEP) {
      i += width - 1;
      continue;
    }
    flush(i);
    if (fold === SPACE) {
      if (!space) out += ' ';
      space = true;
    } else if (fold !== DROP) {
      out += fold;
      space = false;
    }
    i += width - 1;
    kept = i + 1;
  }
  flush(i);
  if (space && out.length > 0) out = out.slice(0, -1);
  return out.toLowerCase().replace(REPEATED, (run) => run.replace(LETTER_RUN, '$1'));
}

/**
 * The rules of {@link normalizeForMatching} applied one by one, on text in NFKC already: the
 * statement of what the one pass does (a property test holds the two together), and what reads a
 * text with a lone surrogate. Not part of the package's exports.
 */
export function normalizedByRules(text: string): string {
  return toLatinDigits(text)
    .replace(/[\u064A\u0649\u0626\u06D0]/g, '\u06CC') // Arabic yeh, alef maksura, yeh with hamza → Persian yeh
    .replace(/[\u0643\u06AA]/g, '\u06A9') // Arabic kaf, swash kaf → Persian keheh
    .replace(/[\u0629\u06C0\u06C1\u06C2\u06D5]/g, '\u0647') // teh marbuta, heh with yeh, heh goal → heh
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627') // alef forms → alef
    .replace(/\u0624/g, '\u0648') // waw with hamza → waw
    .replace(/[\u0621\u064B-\u065F\u0670\u0640]/g, '') // lone hamza, harakat, superscript alef, tatweel
    .replace(/[\u200C]/g, ' ') // ZWNJ separates the parts of a word: a space for matching
    .replace(/[\u200B\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '') // joiners, direction marks, BOM
    .replace(/[\p{P}\p{S}]/gu, ' ') // punctuation and symbols
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(REPEATED, (run) => run.replace(LETTER_RUN, '$1'))
    .trim();
}

/** A character copied as it is. */
const KEEP = 0;
/** A character read as a space (spaces, punctuation, symbols, the zero-width non-joiner). */
const SPACE = 1;
/** A character dropped. */
const DROP = 2;
/** What becomes of one character: kept, a space, dropped, or the text it is replaced with. */
type Fold = typeof KEEP | typeof SPACE | typeof DROP | string;

const SYMBOL_OR_PUNCTUATION = /^[\p{P}\p{S}]$/u;
const WHITE_SPACE = /^\s$/;

/** The folds of the letters, marks and digits matching rewrites, by code point. */
const FIXED_FOLDS: ReadonlyMap<number, Fold> = new Map<number, Fold>([
  // Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII.
  ...Array.from({ length: 10 }, (_, d) => [0x06f0 + d, String(d)] as const),
  ...Array.from({ length: 10 }, (_, d) => [0x0660 + d, String(d)] as const),
  // Arabic yeh, alef maksura, yeh with hamza → Persian yeh; Arabic kaf, swash kaf → Persian keheh.
  ...[0x064a, 0x0649, 0x0626, 0x06d0].map((c) => [c, '\u06CC'] as const),
  ...[0x0643, 0x06aa].map((c) => [c, '\u06A9'] as const),
  // Teh marbuta, heh with yeh, heh goal → heh; alef forms → alef; waw with hamza → waw.
  ...[0x0629, 0x06c0, 0x06c1, 0x06c2, 0x06d5].map((c) => [c, '\u0647'] as const),
  ...[0x0623, 0x0625, 0x0622, 0x0671].map((c) => [c, '\u0627'] as const),
  [0x0624, '\u0648'],
  // Lone hamza, harakat, superscript alef, tatweel; joiners, direction marks, byte-order mark.
  ...[0x0621, 0x0670, 0x0640, 0x200b, 0x200d, 0x200e, 0x200f, 0xfeff].map((c) => [c, DROP] as const),
  ...Array.from({ length: 0x065f - 0x064b + 1 }, (_, k) => [0x064b + k, DROP] as const),
  ...Array.from({ length: 5 }, (_, k) => [0x202a + k, DROP] as const),
  ...Array.from({ length: 4 }, (_, k) => [0x2066 + k, DROP] as const),
  // The zero-width non-joiner separates the parts of a word: a space for matching.
  [0x200c, SPACE],
]);

/** The fold of a character outside the fixed ones: a space for white space, punctuation and symbols. */
function classify(char: string): Fold {
  return WHITE_SPACE.test(char) || SYMBOL_OR_PUNCTUATION.test(char) ? SPACE : KEEP;
}

const ASCII_FOLD: readonly Fold[] = Array.from({ length: 0x80 }, (_, c) => classify(String.fromCharCode(c)));

/** Folds of the characters outside ASCII met so far (a text uses few distinct ones). */
const seenFolds = new Map<number, Fold>();

/** The fold of a character of the first plane outside ASCII, not a surrogate. */
function foldOf(code: number, char: string): Fold {
  let fold = seenFolds.get(code);
  if (fold === undefined) {
    fold = FIXED_FOLDS.get(code) ?? classify(char);
    if (seenFolds.size < 4096) seenFolds.set(code, fold);
  }
  return fold;
}

/** Whether a UTF-16 code unit is the second half of a surrogate pair. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * A character three times or more in a row, or a surrogate pair (a character beyond the first
 * plane, which this search reads as two): a cheap search, so that the Unicode-aware one for
 * letters (about ten times slower) runs only on what it finds, not on the whole text.
 */
const REPEATED = /(.)\1{2,}|[\uD800-\uDBFF][\uDC00-\uDFFF](?:[\uD800-\uDBFF][\uDC00-\uDFFF])+/g;
const LETTER_RUN = /(\p{L})\1{2,}/gu;

/**
 * Normalises an Iranian mobile number to the international form `+989XXXXXXXXX`.
 * Accepts Persian or Arabic-Indic digits, spaces, dashes and the forms `09…`, `9…`, `989…`,
 * `+989…`, `00989…`. Returns `null` when the input is not an Iranian mobile number.
 */
export function normalizeIranianMobile(input: string): string | null {
  const digits = toLatinDigits(input).replace(/[\s\-().]/g, '');
  const match = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(digits);
  return match ? `+98${match[1]}` : null;
}

/**
 * Whether a string contains HTML markup (a tag, an HTML comment or declaration), which
 * descriptions may not. As in HTML itself, a tag starts with `<` directly followed by a letter
 * or `/`: "a < b and c > d" is text.
 */
export function containsHtml(input: string): boolean {
  return /<\/?[a-zA-Z][^>]*>/.test(input) || /<!/.test(input);
}

/**
 * Control characters no text may hold: the C0 controls other than tab (U+0009) and line feed
 * (U+000A), DEL and the C1 controls. Carriage returns never reach this check: line breaks are
 * normalised to line feeds first ({@link normalizeLineBreaks}).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Whether a text holds a control character other than tab and line feed (see {@link normalizeLineBreaks} for CR). */
export function containsControlCharacters(input: string): boolean {
  return CONTROL_CHARACTER.test(input);
}

/**
 * Turns every line break into a line feed: CRLF (what browsers send from a `<textarea>` in a
 * form) and a lone CR (old Mac text) alike, so a text reads the same whatever sent it.
 */
export function normalizeLineBreaks(input: string): string {
  return input.replace(/\r\n?/g, '\n');
}
