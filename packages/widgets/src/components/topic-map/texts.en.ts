import { common } from '../../locales/en.json';
import { map } from '../../locales/topic-map.en.json';
import { validation } from '@payam/core/locales/en.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The English texts of `<payam-topic-map>`, loaded when one first speaks English. */
const texts: LanguageTexts = { widgets: { common, map }, payam: { validation } };
export default texts;
