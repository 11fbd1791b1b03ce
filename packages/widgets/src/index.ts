/**
 * @payam/widgets: Payam's web components. Importing this module registers all of them:
 * `<payam-report-form>`, `<payam-status-tracker>`, `<payam-feedback-form>`.
 * @packageDocumentation
 */
export * from './status-tracker.js';
