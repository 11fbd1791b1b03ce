import { common, report } from '../../locales/fa.json';
import { validation } from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of `<payam-report-form>`, loaded when one first speaks Persian. Core's other texts stay out of the bundle. */
const texts: LanguageTexts = { widgets: { common, report }, payam: { validation } };
export default texts;
