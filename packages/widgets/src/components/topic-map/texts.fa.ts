import { common } from '../../locales/fa.json';
import { map } from '../../locales/topic-map.fa.json';
import { validation } from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** The Persian texts of `<payam-topic-map>`, loaded when one first speaks Persian. */
const texts: LanguageTexts = { widgets: { common, map }, payam: { validation } };
export default texts;
