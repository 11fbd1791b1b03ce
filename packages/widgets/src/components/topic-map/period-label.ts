/**
 * Names of the statistics periods for people: Jalali with Persian digits in Persian (`آذر ۱۴۰۵`,
 * `۸ تا ۱۴ آذر ۱۴۰۵`), Gregorian dates in English with the Jalali month or year named beside
 * them (a Jalali month spans two Gregorian ones).
 */
import type { Language } from '@payam/core/schemas/common';
import { CITY_TIME_ZONE } from '../../base/dates.js';

/** The unit of the periods. */
export type PeriodBucket = 'day' | 'week' | 'month' | 'year';

/** A period as the frequency answer gives it (`to` is the start of the next one). */
export interface LabelledPeriod {
  from: string;
  to: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}|${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, found);
  }
  return found;
}

const DAY = { day: 'numeric', month: 'long', year: 'numeric' } as const;
const SHORT_DAY = { day: 'numeric', month: 'short', year: 'numeric' } as const;

/** A period's name in the language, on the city's calendar. */
export function periodLabel(period: LabelledPeriod, bucket: PeriodBucket, lang: Language, timeZone = CITY_TIME_ZONE): string {
  const from = new Date(period.from);
  // The last instant of the period, so a range names its last day.
  const last = new Date(new Date(period.to).getTime() - 1);
  if (lang === 'fa') {
    const persian = 'fa-IR-u-ca-persian';
    switch (bucket) {
      case 'day':
        return format(persian, DAY, timeZone).format(from);
      case 'week':
        return format(persian, DAY, timeZone).formatRange(from, last);
      case 'month': {
        // ICU puts the year first; a Persian reader writes «آذر ۱۴۰۵».
        const parts = format(persian, { month: 'long', year: 'numeric' }, timeZone).formatToParts(from);
        return `${parts.find((p) => p.type === 'month')?.value ?? ''} ${parts.find((p) => p.type === 'year')?.value ?? ''}`.trim();
      }
      case 'year':
        return format(persian, { year: 'numeric' }, timeZone).format(from);
      default:
        return bucket satisfies never;
    }
  }
  switch (bucket) {
    case 'day':
      return format('en-GB', SHORT_DAY, timeZone).format(from);
    case 'week':
      return format('en-GB', SHORT_DAY, timeZone).formatRange(from, last);
    case 'month':
    case 'year': {
      const jalali = format('en-u-ca-persian', bucket === 'month' ? { month: 'long', year: 'numeric' } : { year: 'numeric' }, timeZone).format(from);
      return `${jalali} (${format('en-GB', SHORT_DAY, timeZone).formatRange(from, last)})`;
    }
    default:
      return bucket satisfies never;
  }
}
