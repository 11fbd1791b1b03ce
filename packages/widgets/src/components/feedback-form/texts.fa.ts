import { common, feedback } from '../../locales/fa.json';
import { feedback_window, resolved, validation } from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of `<payam-feedback-form>`, loaded when one first speaks Persian. Core's other texts stay out of the bundle. */
const texts: LanguageTexts = { widgets: { common, feedback }, payam: { feedback_window, resolved, validation } };
export default texts;
