import { common, report } from '../../locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/**
 * The Persian texts of `<payam-report-form>`, loaded when one first speaks Persian. Core's validation
 * texts come with the checks before sending (`validation-texts.fa.ts`); its other texts stay out of the bundle.
 */
const texts: LanguageTexts = { widgets: { common, report }, payam: {} };
export default texts;
