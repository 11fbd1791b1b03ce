/**
 * `<payam-status-tracker>`: importing this module registers the element.
 * @packageDocumentation
 */
import './components/status-tracker/define.js';

export { PayamStatusTracker } from './components/status-tracker/status-tracker.js';
export { PayamMessageLoadedEvent, type MessageLoadedDetail } from './base/events.js';
export { defineElement } from './base/define.js';
export { useI18next, type HostI18next } from './base/i18n.js';
export type { WidgetClient } from './base/payam-element.js';
