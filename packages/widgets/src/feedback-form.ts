/**
 * `<payam-feedback-form>`: importing this module registers the element.
 * @packageDocumentation
 */
import './components/feedback-form/define.js';

export { PayamFeedbackForm } from './components/feedback-form/feedback-form.js';
export {
  PayamFeedbackSubmittedEvent,
  PayamFollowUpSubmittedEvent,
  type FeedbackSubmittedDetail,
} from './base/events.js';
export { defineElement } from './base/define.js';
export { useI18next, type HostI18next } from './base/i18n.js';
export type { WidgetClient } from './base/payam-element.js';
