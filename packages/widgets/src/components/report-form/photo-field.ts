/**
 * The report form's photos, loaded on demand (its own chunk, with its own texts): a picker (and a
 * camera button on phones), thumbnails with their upload state and a remove button, and, when a
 * photo says where it was taken and the citizen gave no location, an offer to use that position.
 */
import type { html as litHtml, nothing as litNothing, ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { UploadedPhoto } from '@payam/client';
import type { Language } from '@payam/core';
import type { ShownProblem } from '../../base/errors.js';
import type { hasTexts, loadTexts, WidgetTexts } from '../../base/i18n.js';
import { adoptStyles } from '../../base/adopted-styles.js';
import type { ReportFieldsContext } from './report-fields.js';

/** The part's styles, added to the form's shadow root ({@link adoptStyles}). */
const PHOTO_STYLES = `
.photo-list { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.75rem; }
.photo-list li { display: flex; flex-direction: column; gap: 0.25rem; inline-size: 8rem; }
.photo-list img { inline-size: 8rem; block-size: 6rem; object-fit: cover; border-radius: var(--_radius); border: 1px solid var(--_border); }
.photo-list progress { inline-size: 100%; }
.pickers { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
`;

// What this chunk uses comes from the form (`FormTools`): the chunk imports no code of the form's
// own file (only `adoptStyles`, which the parts loaded on demand alone use), so loading it moves
// nothing out of the form's own file.

/** The most photos a message may have (the server's limit). */
export const MAX_PHOTOS = 3;

const texts: WidgetTexts = {
  fa: () => import('./photo-texts.fa.js'),
  en: () => import('./photo-texts.en.js'),
};

/** One photo the citizen chose, and where its upload stands. */
interface PhotoItem {
  key: number;
  file: File;
  /** An object URL of the file, for its thumbnail. */
  preview: string;
  state: 'uploading' | 'uploaded' | 'failed';
  uploaded?: UploadedPhoto;
  /** Why the upload failed, in the language of the moment it failed. */
  reason?: string;
  done: Promise<void>;
}

/** What a chunk loaded by the report form takes from it instead of importing: Lit's template tag and the texts' loader. */
export interface FormTools {
  html: typeof litHtml;
  nothing: typeof litNothing;
  hasTexts: typeof hasTexts;
  loadTexts: typeof loadTexts;
}

/** What the photos need from the form. */
export interface PhotoFieldOptions {
  /** The form's tools. */
  tools: FormTools;
  /** Uploads one photo. */
  upload(photo: File): Promise<UploadedPhoto[]>;
  /** A failure as the citizen reads it. */
  describe(error: unknown): ShownProblem[];
  /** Moves focus to an element of the form after its next render. */
  focus(selector: string): void;
}

/** Whether the device's main pointer is a finger: then a camera button is offered beside the picker. */
const onPhone = (): boolean => globalThis.matchMedia?.('(pointer: coarse)').matches ?? false;

/**
 * The photos of a message being written: each is uploaded as soon as it is chosen, one request
 * each, so each has its own state and a failed one can be tried again or removed. The message
 * names the uploaded ones (`ids()`); sending waits for uploads under way (`settled()`).
 */
export class PhotoField implements ReactiveController {
  private items: PhotoItem[] = [];
  private next = 0;
  private leftOut = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: PhotoFieldOptions,
  ) {
    host.addController(this);
  }

  /** The ids of the uploaded photos, in the order they were chosen. */
  ids(): string[] {
    return this.items.flatMap((item) => (item.uploaded ? [item.uploaded.id] : []));
  }

  /** Resolves once no upload is under way. */
  async settled(): Promise<void> {
    while (this.items.some((item) => item.state === 'uploading')) await Promise.all(this.items.map((item) => item.done));
  }

  /** The problem that keeps the message from being sent: a photo that was not uploaded. */
  problem(t: ReportFieldsContext['t']): ShownProblem | undefined {
    return this.items.some((item) => item.state === 'failed') ? { field: 'photos', message: t('photos.notUploaded') } : undefined;
  }

  /** Forgets every photo (a new message). */
  reset(): void {
    for (const item of this.items) URL.revokeObjectURL(item.preview);
    this.items = [];
    this.leftOut = 0;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    for (const item of this.items) URL.revokeObjectURL(item.preview);
  }

  private add(files: readonly File[]): void {
    const room = MAX_PHOTOS - this.items.length;
    this.leftOut = Math.max(0, files.length - room);
    for (const file of files.slice(0, Math.max(0, room))) {
      const item: PhotoItem = { key: this.next++, file, preview: URL.createObjectURL(file), state: 'uploading', done: Promise.resolve() };
      this.items = [...this.items, item];
      this.send(item);
    }
    this.host.requestUpdate();
  }

  private send(item: PhotoItem): void {
    item.state = 'uploading';
    item.reason = undefined;
    item.done = this.options.upload(item.file).then(
      ([uploaded]) => {
        item.uploaded = uploaded;
        item.state = uploaded ? 'uploaded' : 'failed';
      },
      (error: unknown) => {
        item.state = 'failed';
        item.reason = this.options.describe(error).map((p) => p.message).join(' ');
      },
    ).finally(() => this.host.requestUpdate());
    this.host.requestUpdate();
  }

  private remove(item: PhotoItem): void {
    const at = this.items.indexOf(item);
    URL.revokeObjectURL(item.preview);
    this.items = this.items.filter((other) => other !== item);
    this.leftOut = 0;
    this.host.requestUpdate();
    // Focus stays in the list: on the photo that took its place, or on the picker.
    const after = this.items[Math.min(at, this.items.length - 1)];
    this.options.focus(after ? `#photo-${after.key}-remove` : '#photos');
  }

  /** The first uploaded photo that says where it was taken, with its number. */
  private positioned(): { n: number; position: { lat: number; long: number } } | undefined {
    const at = this.items.findIndex((item) => item.uploaded?.position);
    return at < 0 ? undefined : { n: at + 1, position: this.items[at]!.uploaded!.position! };
  }

  /** The field, once its texts are loaded in `lang` (it asks for a render when they are). */
  render(ctx: ReportFieldsContext, lang: Language): TemplateResult | typeof litNothing {
    const { html, hasTexts, loadTexts } = this.options.tools;
    const nothing: typeof litNothing = this.options.tools.nothing;
    const loader = texts[lang];
    if (!hasTexts(loader)) {
      void loadTexts(lang, loader).then(() => this.host.requestUpdate(), () => undefined);
      return nothing;
    }
    const { t } = ctx;
    const full = this.items.length >= MAX_PHOTOS;
    const error = ctx.errorFor('photos');
    const offer = ctx.draft.location ? undefined : this.positioned();
    const picker = (id: string, label: string, capture: boolean) =>
      html`<label class="picker" for=${id}>${label}</label>
        <input id=${id} type="file" accept="image/*" ?multiple=${!capture} capture=${capture ? 'environment' : nothing}
          ?disabled=${ctx.busy || full} aria-describedby=${['photos-hint', error ? 'photos-error' : ''].filter(Boolean).join(' ')}
          aria-invalid=${error ? 'true' : 'false'}
          @change=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            this.add([...(input.files ?? [])]);
            input.value = '';
          }} />`;
    adoptStyles(this.host, PHOTO_STYLES);
    return html`<fieldset id="photos-group" part="photos" aria-describedby="photos-hint">
        <legend>${t('photos.label')} <span class="hint">(${t('common.optional')})</span></legend>
        <span class="hint" id="photos-hint">${t('photos.hint', { max: MAX_PHOTOS })}</span>
        ${this.items.length
          ? html`<ul class="photo-list">
              ${this.items.map((item, i) => this.renderItem(item, i + 1, ctx))}
            </ul>`
          : nothing}
        <div class="pickers">
          ${full
            ? html`<span role="status">${t('photos.full', { max: MAX_PHOTOS })}</span>`
            : html`${picker('photos', t('photos.choose'), false)} ${onPhone() ? picker('photos-camera', t('photos.take'), true) : nothing}`}
        </div>
        ${this.leftOut ? html`<span class="error" role="alert">${t('photos.leftOut', { max: MAX_PHOTOS, count: this.leftOut })}</span>` : nothing}
        ${offer
          ? html`<div class="location" id="photo-position">
              <span>${t('photos.position', { n: offer.n, lat: ctx.number(offer.position.lat), long: ctx.number(offer.position.long) })}</span>
              <button id="use-photo-position" class="secondary" part="button" type="button" ?disabled=${ctx.busy}
                @click=${() => {
                  ctx.edit({ location: offer.position });
                  this.options.focus('#remove-location');
                }}>${t('photos.usePosition')}</button>
            </div>`
          : nothing}
        ${error ? html`<span class="error" id="photos-error">${error}</span>` : nothing}
      </fieldset>`;
  }

  private renderItem(item: PhotoItem, n: number, ctx: ReportFieldsContext): TemplateResult {
    const { t } = ctx;
    const { html } = this.options.tools;
    const nothing: typeof litNothing = this.options.tools.nothing;
    const state =
      item.state === 'uploading' ? t('photos.uploading') : item.state === 'uploaded' ? t('photos.uploaded') : t('photos.failed', { reason: item.reason ?? '' });
    return html`<li id=${`photo-${item.key}`} data-state=${item.state}>
      <img src=${item.preview} alt=${t('photos.photo', { n })} />
      <span role="status" class=${item.state === 'failed' ? 'error' : 'hint'}>${state}</span>
      ${item.state === 'uploading' ? html`<progress aria-label=${t('photos.uploading')}></progress>` : nothing}
      ${item.state === 'failed'
        ? html`<button id=${`photo-${item.key}-retry`} class="secondary" part="button" type="button" ?disabled=${ctx.busy} @click=${() => this.send(item)}>
            ${t('photos.retry', { n })}
          </button>`
        : nothing}
      <button id=${`photo-${item.key}-remove`} class="secondary" part="button" type="button" ?disabled=${ctx.busy} @click=${() => this.remove(item)}>
        ${t('photos.remove', { n })}
      </button>
    </li>`;
  }
}
