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
  return toLatinDigits(input.normalize('NFKC'))
    .replace(/[\u064A\u0649\u0626\u06D0]/g, '\u06CC') // Arabic yeh, alef maksura, yeh with hamza → Persian yeh
    .replace(/[\u0643\u06AA]/g, '\u06A9') // Arabic kaf, swash kaf → Persian keheh
    .replace(/[\u0629\u06C0\u06C1\u06C2\u06D5]/g, '\u0647') // teh marbuta, heh with yeh, heh goal → heh
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627') // alef forms → alef
    .replace(/\u0624/g, '\u0648') // waw with hamza → waw
    .replace(/[\u0621\u064B-\u065F\u0670\u0640]/g, '') // lone hamza, harakat, superscript alef, tatweel
    .replace(/[\u200C]/g, ' ') // ZWNJ separates the parts of a word: a space for matching
    .replace(/[\u200B\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '') // joiners, direction marks, BOM
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(REPEATED, (run) => run.replace(LETTER_RUN, '$1'))
    .trim();
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
