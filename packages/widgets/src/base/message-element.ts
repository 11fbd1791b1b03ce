import type { PropertyValues } from 'lit';
import { PayamElement, type WidgetClient } from './payam-element.js';
import type { SubmittedDetail } from './events.js';
import { keepForSession, keptToken, openLinkInAddress } from './citizen-links.js';

/**
 * A widget that acts on one message, named by `request-id` and `citizen-token`, taken from the
 * `payam-submitted` event of the report form named by `report-form` (an element id), or, without
 * `request-id`, from a tracking link in the page's address (`?message=137-1000#token=…`): the
 * token is kept for the tab's session and taken out of the address bar.
 */
export abstract class PayamMessageElement<C extends object = WidgetClient> extends PayamElement<C> {
  static override properties = {
    ...PayamElement.properties,
    requestId: { attribute: 'request-id' },
    citizenToken: { attribute: 'citizen-token' },
    reportForm: { attribute: 'report-form' },
  };

  /** The message's tracking id. */
  declare requestId: string;
  /** The citizen's secret for this message (from the SMS link or the report form). */
  declare citizenToken: string;
  /** The id of a `<payam-report-form>` on the page whose registered message this widget takes. */
  declare reportForm: string;

  private listenedForm: Element | undefined;

  constructor() {
    super();
    this.requestId = '';
    this.citizenToken = '';
    this.reportForm = '';
  }

  private readonly onSubmitted = (event: Event) => {
    const detail = (event as CustomEvent<SubmittedDetail>).detail;
    keepForSession(detail.id, detail.citizenToken);
    this.citizenToken = detail.citizenToken;
    this.requestId = detail.id;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.listenToReportForm();
    const link = this.requestId ? null : openLinkInAddress();
    if (link) {
      this.citizenToken = link.citizenToken ?? this.citizenToken;
      this.requestId = link.messageId;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listenedForm?.removeEventListener('payam-submitted', this.onSubmitted);
    this.listenedForm = undefined;
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('reportForm')) this.listenToReportForm();
    // A message opened again in this tab (after a reload, or from "my messages") finds its token.
    if (changed.has('requestId') && this.requestId && !this.citizenToken) this.citizenToken = keptToken(this.requestId) ?? '';
  }

  private listenToReportForm(): void {
    const root = this.getRootNode() as Document | ShadowRoot;
    const form = this.reportForm && this.isConnected ? root.getElementById?.(this.reportForm) ?? undefined : undefined;
    if (form === this.listenedForm) return;
    this.listenedForm?.removeEventListener('payam-submitted', this.onSubmitted);
    this.listenedForm = form;
    form?.addEventListener('payam-submitted', this.onSubmitted);
  }
}
