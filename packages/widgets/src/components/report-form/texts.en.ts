import { common, report } from '../../locales/en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/**
 * The English texts of `<payam-report-form>`, loaded when one first speaks English. Core's validation
 * texts come with the checks before sending (`validation-texts.en.ts`); its other texts stay out of the bundle.
 */
const texts: LanguageTexts = { widgets: { common, report }, payam: {} };
export default texts;
