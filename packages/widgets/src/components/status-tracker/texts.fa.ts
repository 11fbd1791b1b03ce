import { common, tracker } from '../../locales/fa.json';
import { feedback_window, linked_count_one, linked_count_other, status, timeline, validation } from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of `<payam-status-tracker>`, loaded when one first speaks Persian. Core's other texts stay out of the bundle. */
const texts: LanguageTexts = { widgets: { common, tracker }, payam: { feedback_window, linked_count_one, linked_count_other, status, timeline, validation } };
export default texts;
