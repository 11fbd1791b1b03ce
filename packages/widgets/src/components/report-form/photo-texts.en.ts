import { photos } from '../../locales/report-extras.en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The English texts of the report form's photos, loaded with them. */
const texts: LanguageTexts = { widgets: { photos }, payam: {} };
export default texts;
