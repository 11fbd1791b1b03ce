import widgets from './en.json';
import payam from '@payam/core/locales/en.json';
import type { LanguageTexts } from '../base/i18n.js';

/** The English texts: the widgets' own and core's, loaded when a widget first speaks English. */
const texts: LanguageTexts = { widgets, payam };
export default texts;
