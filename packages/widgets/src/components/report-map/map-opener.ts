/**
 * The report form's "place on the map" button, and the map it opens. The map (its code, d3-geo,
 * its texts and styles) is a module of its own, imported when the citizen first opens it, so the
 * form's first render carries only this button.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { hasTexts, loadTexts } from '../../base/i18n.js';
import type { ReportFieldsContext } from '../report-form/report-fields.js';
import type { Draft } from '../report-form/draft.js';
import type { PlaceMap, PlaceMapContext, PlaceMapSettings } from './place-map.js';

type PlaceMapModule = typeof import('./place-map.js');

/** The form a map is opened on. */
export interface MapOpenerHost extends ReactiveControllerHost, PlaceMapSettings {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly baseUrl: string;
  readonly lang: string;
}

/** The draft the map reads and edits. */
export interface MapDraft {
  readonly draft: Draft;
  edit(change: Partial<Draft>): void;
}

/** Opens and closes the form's map; while it is open, the pin follows the draft's location. */
export class MapOpener implements ReactiveController {
  private phase: 'closed' | 'loading' | 'open' | 'failed' = 'closed';
  private module: PlaceMapModule | undefined;
  private view: PlaceMap | undefined;

  constructor(
    private readonly host: MapOpenerHost,
    private readonly drafts: MapDraft,
  ) {
    host.addController(this);
  }

  private get lang(): 'fa' | 'en' {
    return this.host.lang === 'en' ? 'en' : 'fa';
  }

  /** Resolves `true` once the street map under the open map is drawn. */
  get baseMapReady(): Promise<boolean> {
    return this.view?.baseMapReady ?? Promise.resolve(false);
  }

  private readonly toggle = async (): Promise<void> => {
    if (this.phase === 'open') {
      this.phase = 'closed';
      this.view?.removeBaseMap();
      this.host.requestUpdate();
      return;
    }
    this.phase = 'loading';
    this.host.requestUpdate();
    try {
      const module = (this.module ??= await import('./place-map.js'));
      await loadTexts(this.lang, module.placeMapTexts[this.lang]);
      const root = this.host.renderRoot;
      const sheet = module.placeMapStyles.styleSheet;
      if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      if (!this.view) {
        this.view = new module.PlaceMap(this.host);
        void this.view.load(this.host.baseUrl);
      }
      this.phase = 'open';
    } catch {
      this.phase = 'failed';
    }
    this.host.requestUpdate();
  };

  hostUpdate(): void {
    if (this.phase === 'open') this.view?.follow(this.drafts.draft, (change) => this.drafts.edit(change));
  }

  hostUpdated(): void {
    if (this.phase === 'open') this.view?.updated(this.host.renderRoot, this.host);
  }

  private context(ctx: ReportFieldsContext): PlaceMapContext {
    const drafts = this.drafts;
    return {
      t: ctx.t,
      number: ctx.number,
      busy: ctx.busy,
      lang: this.lang,
      get draft() {
        return drafts.draft;
      },
      edit: (change) => drafts.edit(change),
    };
  }

  /** The button and, when open, the map. */
  render(ctx: ReportFieldsContext): TemplateResult {
    const module = this.module;
    const texts = module?.placeMapTexts[this.lang];
    // The map's texts in a language the form changed to since it opened.
    if (this.phase === 'open' && texts && !hasTexts(texts)) void loadTexts(this.lang, texts).then(() => this.host.requestUpdate(), () => undefined);
    const open = this.phase === 'open' && !!this.view && !!texts && hasTexts(texts);
    return html`<div class="field place-map-field" part="place-map">
      <div class="location">
        <button id="place-on-map" class="secondary" part="button" type="button" aria-expanded=${open ? 'true' : 'false'}
          ?disabled=${this.phase === 'loading'} @click=${this.toggle}>
          ${open ? ctx.t('placeMap.hide') : ctx.t('report.placeOnMap')}
        </button>
      </div>
      ${this.phase === 'loading' ? html`<p role="status">${ctx.t('common.loading')}</p>` : nothing}
      ${this.phase === 'failed' ? html`<p class="error" role="alert">${ctx.t('report.mapFailed')}</p>` : nothing}
      ${open && this.view ? this.view.render(this.context(ctx), this.host) : nothing}
    </div>`;
  }
}
