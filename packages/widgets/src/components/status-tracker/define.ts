import { defineElement } from '../../base/define.js';
import { PayamStatusTracker } from './status-tracker.js';

defineElement('payam-status-tracker', PayamStatusTracker);

declare global {
  interface HTMLElementTagNameMap {
    'payam-status-tracker': PayamStatusTracker;
  }
}
