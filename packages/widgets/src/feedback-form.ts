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
export type { WidgetClient } from './base/payam-element.js';
