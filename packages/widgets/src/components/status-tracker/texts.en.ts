import { common, tracker } from '../../locales/en.json';
import { feedback_window, linked_count_one, linked_count_other, status, timeline, validation } from '@payam/core/locales/en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The English texts of `<payam-status-tracker>`, loaded when one first speaks English. Core's other texts stay out of the bundle. */
const texts: LanguageTexts = { widgets: { common, tracker }, payam: { feedback_window, linked_count_one, linked_count_other, status, timeline, validation } };
export default texts;
