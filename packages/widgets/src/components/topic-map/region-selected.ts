/** What `payam-region-selected` carries. */
export interface RegionSelectedDetail {
  /** The chosen region's id, or `null` when the choice was cleared (the whole city). */
  region: string | null;
}

/** A region was chosen on `<payam-topic-map>`, or the choice cleared. Bubbles out of the shadow tree. */
export class PayamRegionSelectedEvent extends CustomEvent<RegionSelectedDetail> {
  static readonly eventName = 'payam-region-selected';

  constructor(detail: RegionSelectedDetail) {
    super(PayamRegionSelectedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'payam-region-selected': PayamRegionSelectedEvent;
  }
}
