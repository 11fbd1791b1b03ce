import * as z from '../zod.js';
import { normalizeIranianMobile, containsHtml, containsControlCharacters, normalizeLineBreaks, toLatinDigits } from '../text.js';
import * as V from '../input-messages.js';
import { localizedFa } from '../configuration-messages.js';

/** A system (channel): `137` is the request line, `1888` the inspection/complaint line. */
export const systemIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/i, { error: V.systemId }));
/** A system id such as `137` or `1888`. */
export type SystemId = z.infer<typeof systemIdSchema>;

/** The two languages every citizen-facing text comes in. */
export const languageSchema = z.enum(['fa', 'en']);
/** `fa` (Persian, first) or `en` (English). */
export type Language = z.infer<typeof languageSchema>;

/**
 * Any text a person sends (citizen or staff): line breaks normalised to line feeds (CRLF from
 * forms, a lone CR), and refused when it holds another control character than tab and line feed
 * (NUL, ESC, DEL, C1 controls…), which no reader can see and which break logs and formats. Every
 * free-text field of the schemas starts from this one, so client, widgets and server agree.
 */
export function plainTextSchema(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(
    z.overwrite(normalizeLineBreaks),
    z.refine((value) => !containsControlCharacters(value), { error: V.controlCharacters }),
  );
}

/** A text in Persian and English. Persian is required; English falls back to Persian. */
export const localizedTextSchema = z.object({
  fa: plainTextSchema().check(z.minLength(1, { error: localizedFa })),
  en: z.optional(plainTextSchema()),
});
/** A text in Persian and (optionally) English. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** An ISO 8601 instant with an offset (`2026-01-02T03:04:05Z`, `…+03:30`). */
export const instantSchema = z.iso.datetime({ offset: true, error: V.instant });
/** An ISO 8601 instant as a string. */
export type Instant = z.infer<typeof instantSchema>;

/**
 * A check that writes Persian (۰–۹) and Arabic-Indic (٠–٩) digits as Latin ones, for every field
 * a citizen types digits into (a region such as «۶», a number): the keyboard must not decide
 * whether the value is understood.
 */
export function latinDigits(): z.core.$ZodCheck<string> {
  return z.overwrite(toLatinDigits);
}

/** A unique code: service codes, unit ids, attribute codes. */
export const codeSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { error: V.code }));

/**
 * An `Idempotency-Key`: 8–128 letters, digits, `-` or `_`. A retry of a registration sends the
 * same one; the client, the server and the widgets' saved drafts hold keys to this rule.
 */
export const idempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,128}$/, { error: V.idempotencyKey }));

/** WGS84 coordinates; both numbers, inside the world. */
export const locationSchema = z.object({
  lat: z.number({ error: V.latitude }).check(z.gte(-90, { error: V.latitude }), z.lte(90, { error: V.latitude })),
  long: z.number({ error: V.longitude }).check(z.gte(-180, { error: V.longitude }), z.lte(180, { error: V.longitude })),
});
/** A point on the map (WGS84). */
export type Location = z.infer<typeof locationSchema>;

/**
 * An Iranian mobile number in any common spelling, normalised to `+989XXXXXXXXX`. A codec, so a
 * checked message can be encoded for the wire again (the normalised number is its own spelling).
 */
export const phoneSchema = z.codec(z.string(), z.string(), {
  decode: (value, payload) => {
    const phone = normalizeIranianMobile(value);
    if (!phone) payload.issues.push({ code: 'custom', message: V.phone, input: value });
    return phone ?? value;
  },
  encode: (phone) => phone,
});

/** Longest description a citizen may write. */
export const MAX_DESCRIPTION_LENGTH = 4000;

/** The most photos one message has. */
export const MAX_PHOTOS_PER_MESSAGE = 3;

/** A citizen's free text: trimmed, 1–`max` characters, no HTML markup, no control characters. */
export function citizenTextSchema(max: number, tooLong: string) {
  return plainTextSchema({ error: (issue) => (issue.input === undefined ? V.textEmpty : V.text) }).check(
    z.trim(),
    z.minLength(1, { error: V.textEmpty }),
    z.maxLength(max, { error: tooLong }),
    z.refine((value) => !containsHtml(value), { error: V.noHtml }),
  );
}
