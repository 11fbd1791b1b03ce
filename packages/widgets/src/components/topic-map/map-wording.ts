import type { Language } from '@payam/core';
import type { TextKey, TextParams } from '../../base/i18n.js';
import { readTally, type Tally } from './frequency-view.js';
import { periodLabel, type LabelledPeriod, type PeriodBucket } from './period-label.js';

/** How the parts of the topic map speak: the widget's texts, digits and language, with one answer's reading of counts. */
export interface MapWording {
  t(key: TextKey, params?: TextParams): string;
  /** A number in the widget's digits. */
  number(value: number): string;
  language: Language;
  /** Below this a count is suppressed by the server (`minimum_count`). */
  minimumCount: number;
  /** A tally as read: a number, "fewer than 5", "at least 7", "none". */
  reading(tally: Tally): string;
  /** A period's name (Jalali in Persian). */
  period(period: LabelledPeriod): string;
}

/** The wording of one frequency answer in the widget's language. */
export function mapWording(
  texts: Pick<MapWording, 't' | 'number' | 'language'>,
  answer: { minimum_count: number; bucket: PeriodBucket; time_zone: string },
): MapWording {
  const { t, number, language } = texts;
  const k = answer.minimum_count;
  return {
    t,
    number,
    language,
    minimumCount: k,
    reading(tally) {
      const read = readTally(tally, k);
      switch (read.kind) {
        case 'none':
          return t('map.none');
        case 'exact':
          return number(read.count);
        case 'fewer-than':
          return t('map.fewerThan', { count: read.limit });
        case 'at-least':
          return t('map.atLeast', { count: read.count });
        default:
          return read satisfies never;
      }
    },
    period: (period) => periodLabel(period, answer.bucket, language, answer.time_zone),
  };
}
