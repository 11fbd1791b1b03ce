import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { jalaliMonthLength, jalaliToInstant, toJalali } from '@payam/core/jalali';
import { toLatinDigits } from '@payam/core/text';
import { formatNumber } from '../../base/i18n.js';

/**
 * What the Persian date-time field (a chunk loaded on first need) takes from the form: Lit's
 * template tag and directives, core's Jalali calendar and digits, the widgets' number format.
 * Handing them over keeps the chunk free of imports, so loading it moves nothing out of the form.
 */
export const jalaliTools: JalaliTools = { html, nothing, live, jalaliMonthLength, jalaliToInstant, toJalali, toLatinDigits, formatNumber };

/** The tools the Persian date-time field uses. */
export interface JalaliTools {
  html: typeof html;
  nothing: typeof nothing;
  live: typeof live;
  jalaliMonthLength: typeof jalaliMonthLength;
  jalaliToInstant: typeof jalaliToInstant;
  toJalali: typeof toJalali;
  toLatinDigits: typeof toLatinDigits;
  formatNumber: typeof formatNumber;
}
