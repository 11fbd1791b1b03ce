/**
 * @payam/widgets: Payam's web components. Importing this module registers all of them:
 * `<payam-report-form>`, `<payam-status-tracker>`, `<payam-feedback-form>`. The dashboard's
 * `<payam-topic-map>` (with d3-geo) is imported apart: `@payam/widgets/topic-map`.
 * @packageDocumentation
 */
export * from './report-form.js';
export * from './status-tracker.js';
export * from './feedback-form.js';
export { PayamElement } from './base/payam-element.js';
export { PayamMessageElement } from './base/message-element.js';
export { translateText, useI18next, WIDGETS_NAMESPACE, type HostI18next, type LanguageTexts, type TextsLoader, type WidgetTexts, type TextTree, type TextParams } from './base/i18n.js';
export { formatDateTime, CITY_TIME_ZONE } from './base/dates.js';
