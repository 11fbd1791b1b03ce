/**
 * `<payam-report-form>`: importing this module registers the element.
 * @packageDocumentation
 */
import './components/report-form/define.js';

export { PayamReportForm } from './components/report-form/report-form.js';
export { PayamSubmittedEvent, type SubmittedDetail } from './base/events.js';
export { defineElement } from './base/define.js';
export { useI18next, type HostI18next } from './base/i18n.js';
export type { WidgetClient } from './base/payam-element.js';
