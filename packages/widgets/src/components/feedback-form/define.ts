import { defineElement } from '../../base/define.js';
import { PayamFeedbackForm } from './feedback-form.js';

defineElement('payam-feedback-form', PayamFeedbackForm);

declare global {
  interface HTMLElementTagNameMap {
    'payam-feedback-form': PayamFeedbackForm;
  }
}
