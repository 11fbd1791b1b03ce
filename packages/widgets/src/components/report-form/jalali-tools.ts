import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { toLatinDigits } from '@payam/core/text';
import { formatNumber } from '../../base/i18n.js';

/**
 * What the Persian date-time field (a chunk loaded on first need) takes from the form: what the
 * form's file holds anyway (Lit's template tag and directives, core's digits, the widgets' number
 * format). Handed over instead of imported, they stay in the form's file rather than in a file
 * shared with the chunk, which the form would load too.
 */
export const jalaliTools: JalaliTools = { html, nothing, live, toLatinDigits, formatNumber };

/** The tools the Persian date-time field uses. */
export interface JalaliTools {
  html: typeof html;
  nothing: typeof nothing;
  live: typeof live;
  toLatinDigits: typeof toLatinDigits;
  formatNumber: typeof formatNumber;
}
