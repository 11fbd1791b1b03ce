import { photos } from '../../locales/report-extras.fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of the report form's photos, loaded with them. */
const texts: LanguageTexts = { widgets: { photos }, payam: {} };
export default texts;
