import { common, feedback } from '../../locales/en.json';
import { feedback_window, resolved, validation } from '@payam/core/locales/en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The English texts of `<payam-feedback-form>`, loaded when one first speaks English. Core's other texts stay out of the bundle. */
const texts: LanguageTexts = { widgets: { common, feedback }, payam: { feedback_window, resolved, validation } };
export default texts;
