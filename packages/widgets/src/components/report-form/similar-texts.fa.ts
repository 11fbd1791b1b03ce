import { similar } from '../../locales/report-extras.fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of the report form's similar open messages, loaded with them. */
const texts: LanguageTexts = { widgets: { similar }, payam: {} };
export default texts;
