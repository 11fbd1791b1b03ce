import type { Language } from '@payam/core/schemas/common';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The city's time zone: dates are shown as Tehran's clocks show them. */
export const CITY_TIME_ZONE = 'Asia/Tehran';

/**
 * Formats an instant for a citizen: the Jalali calendar with Persian digits in `fa`, the Gregorian
 * calendar in `en`, in Tehran time (or in `timeZone`; `null` is the browser's own, as a
 * date-time input's value is read). Unparseable input is returned as is.
 */
export function formatDateTime(when: Date | string, lang: Language, withTime = true, timeZone: string | null = CITY_TIME_ZONE): string {
  const date = new Date(when);
  if (Number.isNaN(date.getTime())) return String(when);
  const key = `${lang}:${withTime}:${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: timeZone ?? undefined,
    });
    formats.set(key, format);
  }
  return format.format(date);
}
