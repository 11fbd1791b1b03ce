import { translate, type Language } from '@payam/core';
import type { Context } from 'hono';

/** The language of an answer: `?lang=`, then `Accept-Language`, then Persian. */
export function languageOf(c: Context, bodyLang?: unknown): Language {
  const query = c.req.query('lang');
  if (query === 'en' || query === 'fa') return query;
  if (bodyLang === 'en' || bodyLang === 'fa') return bodyLang;
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('fa')) return 'fa';
    if (tag.startsWith('en')) return 'en';
  }
  return 'fa';
}

/** Server-specific texts in both languages, for errors the core locales do not cover. */
const TEXTS = {
  notFound: { fa: 'چنین نشانی‌ای وجود ندارد.', en: 'There is no such address in this API.' },
  requestNotFound: { fa: 'پیامی با این شناسه پیدا نشد.', en: 'No message has this id.' },
  serviceNotFound: { fa: 'خدمتی با این کد وجود ندارد.', en: 'There is no service with this code.' },
  jurisdictionNotFound: { fa: 'این سامانه وجود ندارد؛ از ۱۳۷ یا ۱۸۸۸ استفاده کنید.', en: 'There is no such system (jurisdiction_id): use 137 or 1888.' },
  jurisdictionMismatch: { fa: 'این خدمت به سامانه دیگری تعلق دارد.', en: 'This service belongs to another system (jurisdiction_id).' },
  apiKeyMissing: { fa: 'کلید API لازم است (api_key).', en: 'An API key is required (api_key).' },
  apiKeyInvalid: { fa: 'این کلید API معتبر نیست.', en: 'This API key is not valid.' },
  tokenMissing: { fa: 'کد پیگیری شهروند لازم است (X-Citizen-Token).', en: 'The citizen token is required (X-Citizen-Token or citizen_token).' },
  tokenWrong: { fa: 'این کد پیگیری متعلق به این پیام نیست.', en: 'This citizen token does not belong to this message.' },
  tokenNotFound: { fa: 'این کد پیگیری شناخته نشد.', en: 'This token is not known.' },
  badJson: { fa: 'بدنه درخواست JSON معتبر نیست.', en: 'The request body is not valid JSON.' },
  badForm: { fa: 'بدنه درخواست قابل خواندن نیست.', en: 'The request body could not be read.' },
  badCharacters: { fa: 'متن شامل نویسه‌های نامعتبر است (مانند NUL).', en: 'The text holds characters that are not allowed (such as NUL).' },
  badContentType: {
    fa: 'نوع محتوا باید application/json یا application/x-www-form-urlencoded باشد.',
    en: 'Send the body as application/json or application/x-www-form-urlencoded.',
  },
  tooManyRequests: {
    fa: 'درخواست‌های زیادی از این نشانی رسیده است؛ {{seconds}} ثانیه دیگر دوباره تلاش کنید.',
    en: 'Too many requests from here: try again in {{seconds}} seconds.',
  },
  bodyTooLarge: { fa: 'بدنه درخواست بیش از حد بزرگ است.', en: 'The request body is too large.' },
  idempotencyReused: {
    fa: 'این Idempotency-Key قبلاً برای درخواست دیگری به کار رفته است.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  idempotentTokenLost: {
    fa: 'این پیام پیش‌تر با همین Idempotency-Key ثبت شده است، اما رمز پیگیری آن دیگر قابل نمایش نیست (کلید سرور عوض شده است). پیگیری با شماره پیام ممکن است.',
    en: 'This message was registered earlier with this Idempotency-Key, but its citizen token can no longer be shown (the server key has changed). It can still be tracked by its id.',
  },
  locationPair: { fa: 'عرض و طول جغرافیایی را با هم بفرستید.', en: 'Send lat and long together.' },
  regionUnknown: { fa: 'این منطقه شناخته نشد؛ شماره منطقه ۱ تا ۲۲ را بفرستید.', en: 'This region is not known: send a district number from 1 to 22.' },
  suggestionNotAllowed: { fa: 'این خدمت پیشنهاد نمی‌پذیرد.', en: 'This service does not take suggestions.' },
  notBoolean: { fa: 'مقدار باید true یا false باشد.', en: 'Give true or false.' },
  notNumber: { fa: 'یک عدد بفرستید.', en: 'Give a number.' },
  badDate: { fa: 'تاریخ را به صورت ISO 8601 بفرستید.', en: 'Give the date as ISO 8601, such as 2026-01-31T09:30:00Z.' },
  repeatedParameter: {
    fa: 'پارامتر «{{name}}» بیش از یک بار آمده است؛ آن را یک بار بفرستید (چند مقدار را با ویرگول جدا کنید).',
    en: 'The parameter "{{name}}" is given more than once: give it once (separate several values with commas).',
  },
  badQuery: { fa: 'یکی از پارامترها نامعتبر است.', en: 'A query parameter is not valid.' },
  staffUnauthorized: { fa: 'توکن کارمند لازم است (Authorization: Bearer).', en: 'A staff token is required (Authorization: Bearer).' },
  staffForbidden: { fa: 'این پیام یا کار خارج از حوزه دسترسی شماست.', en: 'This message or action is outside your role or unit.' },
  actionUnknown: { fa: 'این اقدام وجود ندارد.', en: 'There is no such action.' },
  noRoute: { fa: 'برای این پیام واحدی از قواعد ارجاع پیدا نشد؛ واحد را نام ببرید.', en: 'No routing rule chooses a unit for this message: name the unit.' },
  policiesIncomplete: {
    fa: 'PUT کل سند سیاست‌ها را جایگزین می‌کند و بخش «{{part}}» در آن نیست؛ همه بخش‌ها را بفرستید یا برای تغییر برخی از PATCH استفاده کنید.',
    en: 'PUT replaces the whole policy document and "{{part}}" is missing: send every part, or use PATCH to change some.',
  },
  firstMessageMissing: { fa: 'پیام نخست پیدا نشد.', en: 'The first message was not found.' },
  storedInNewerFormat: {
    fa: 'این پیام با نسخهٔ تازه‌تری از سامانه ذخیره شده و این نسخه نمی‌تواند آن را بخواند؛ کمی بعد دوباره تلاش کنید یا به پشتیبانی خبر دهید.',
    en: 'This message is stored in a newer format than this version of the server can read: try again later, or tell the support team.',
  },
  storedUnreadable: {
    fa: 'اطلاعات ذخیره‌شدهٔ این پیام خوانا نیست؛ به پشتیبانی خبر دهید.',
    en: 'The stored data of this message cannot be read: tell the support team.',
  },
  linkAcross: {
    fa: 'پیام را فقط می‌توان به پیامی از همان سامانه و با همان محرمانگی (عمومی یا محرمانه) پیوند داد.',
    en: 'A message can be linked only to a message of the same system and the same privacy (public or private).',
  },
  referOutOfReach: {
    fa: 'شما نمی‌توانید به این واحد ارجاع دهید: فقط به واحدهای زیرمجموعه خود، واحد دریافت یا واحد بالادست، یا واحدهای قواعد ارجاع همین سامانه.',
    en: 'You cannot refer to this unit: only to your own units, back to the intake or the unit above, or to a unit the routing rules of this system name.',
  },
  reclassifyLinked: {
    fa: 'پیامی که به پیام دیگری پیوند دارد را نمی‌توان به خدمتی با محرمانگی دیگر برد؛ نخست پیوند را بردارید.',
    en: 'A linked message cannot be moved to a service of another privacy: unlink it first.',
  },
  internal: { fa: 'خطای داخلی رخ داد. شناسه خطا: {{id}}', en: 'Something went wrong on our side. Error id: {{id}}' },
} as const;

/** A server text in `lang`. */
export function text(lang: Language, key: keyof typeof TEXTS, params: Record<string, string> = {}): string {
  return TEXTS[key][lang].replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
}

/** The core translation, re-exported for the views. */
export { translate };
