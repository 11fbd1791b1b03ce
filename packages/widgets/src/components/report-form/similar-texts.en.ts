import { similar } from '../../locales/report-extras.en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The English texts of the report form's similar open messages, loaded with them. */
const texts: LanguageTexts = { widgets: { similar }, payam: {} };
export default texts;
