import widgets from './fa.json';
import payam from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../base/i18n.js';

/** The Persian texts: the widgets' own and core's, loaded when a widget first speaks Persian. */
const texts: LanguageTexts = { widgets, payam };
export default texts;
