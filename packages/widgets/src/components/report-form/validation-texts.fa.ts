import { validation } from '@payam/core/locales/fa.json';
import type { LanguageTexts } from '../../base/i18n.js';

/** Core's Persian validation texts, which word the problems the report form finds: loaded with its checks before sending. */
const texts: LanguageTexts = { widgets: {}, payam: { validation } };
export default texts;
