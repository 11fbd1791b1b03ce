import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageInputInput } from '@payam/core/schemas/message';
import { emptyDraft, newIdempotencyKey, type Draft } from './draft.js';
import { forgetDraft, readDraft, writeDraft, type SavedDraft } from './saved-draft.js';

/** The form that keeps a draft: where it is on the page decides where the draft is kept. */
export interface DraftHost extends ReactiveControllerHost {
  /** `session`: keep the draft in the tab's session storage; `none`: keep nothing. */
  readonly keepDraft: string;
  /** The element's id, which tells two forms on one page apart. */
  readonly id: string;
  /** The system the message is for. */
  readonly system: string;
}

/**
 * What the citizen has written, kept in the tab's session storage (without the phone number)
 * until the message is registered, so a reload or a crashed tab loses nothing; and the
 * idempotency key of the last send, so a message sent before a reload is sent again with the same
 * key (the server registers it once).
 */
export class DraftController implements ReactiveController {
  /** The draft as the form shows it. */
  draft: Draft = emptyDraft();
  private idempotency: SavedDraft['idempotency'];
  /** Whether changes are kept: not once the message is registered. */
  private keeping = true;

  constructor(private readonly host: DraftHost) {
    host.addController(this);
  }

  /** Where the draft is kept: one per page, form and system. */
  private get key(): string | undefined {
    if (this.host.keepDraft === 'none') return undefined;
    return `payam-draft:${globalThis.location?.pathname ?? ''}:${this.host.id || 'report-form'}:${this.host.system}`;
  }

  /** Changes the draft and keeps it. */
  edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
    this.save();
    this.host.requestUpdate();
  }

  /**
   * The idempotency key to send `input` with: one per content, so sending the same text again
   * (after a failure) reuses it and the server registers the message at most once. The phone is
   * left out of the comparison because it is never kept with the draft.
   */
  keyFor(input: MessageInputInput): string {
    const content = JSON.stringify({ ...input, contact: {} });
    if (this.idempotency?.sent !== content) this.idempotency = { key: newIdempotencyKey(), sent: content };
    this.save();
    return this.idempotency.key;
  }

  /** The message is registered: nothing more is kept, and what was kept is forgotten. */
  registered(): void {
    this.keeping = false;
    this.idempotency = undefined;
    this.forget();
  }

  /** Starts a new, empty draft (choosing `serviceCode`), forgetting the kept one. */
  reset(serviceCode = ''): void {
    this.forget();
    this.keeping = true;
    this.idempotency = undefined;
    this.draft = emptyDraft(serviceCode);
    this.host.requestUpdate();
  }

  hostConnected(): void {
    const key = this.key;
    const saved = key && this.keeping && !this.draft.description ? readDraft(key) : undefined;
    if (!saved) return;
    this.draft = { ...saved.draft, phone: '' };
    this.idempotency = saved.idempotency;
    this.host.requestUpdate();
  }

  private save(): void {
    const key = this.key;
    if (key && this.keeping) writeDraft(key, this.draft, this.idempotency);
  }

  private forget(): void {
    const key = this.key;
    if (key) forgetDraft(key);
  }
}
