import { defineElement } from '../../base/define.js';
import { PayamReportForm } from './report-form.js';

defineElement('payam-report-form', PayamReportForm);

declare global {
  interface HTMLElementTagNameMap {
    'payam-report-form': PayamReportForm;
  }
}
