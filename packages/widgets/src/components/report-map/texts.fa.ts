import { placeMap } from '../../locales/report-map.fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of the report form's map, loaded with the map. */
const texts: LanguageTexts = { widgets: { placeMap }, payam: {} };
export default texts;
