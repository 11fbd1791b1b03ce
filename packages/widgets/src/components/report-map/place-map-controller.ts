/**
 * The report form's map once the citizen has asked for it: the button that shows and hides it,
 * the map's texts and styles brought in, and the pin following the draft's location while it is
 * shown. Imported by the form's "place on the map" button (`map-opener.ts`) on its first press.
 */
import type { ReactiveController, TemplateResult } from 'lit';
import type { ReportFieldsContext } from '../report-form/report-fields.js';
import * as placeMap from './place-map.js';
import { adoptStyles } from '../../base/adopted-styles.js';
import type { FormKit, MapDraft, MapOpenerHost } from './map-opener.js';

/** Shows and hides the form's map; while it is shown, the pin follows the draft's location. */
export class PlaceMapController implements ReactiveController {
  private phase: 'closed' | 'loading' | 'open' | 'failed' = 'closed';
  private readonly module = placeMap;
  private view: placeMap.PlaceMap | undefined;

  constructor(
    private readonly host: MapOpenerHost,
    private readonly drafts: MapDraft,
    private readonly kit: FormKit,
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

  /** Shows the map, or hides it when shown. */
  readonly toggle = async (): Promise<void> => {
    if (this.phase === 'open') {
      this.phase = 'closed';
      this.view?.removeBaseMap();
      this.host.requestUpdate();
      return;
    }
    this.phase = 'loading';
    this.host.requestUpdate();
    try {
      const module = this.module;
      await this.kit.loadTexts(this.lang, module.placeMapTexts[this.lang]);
      adoptStyles(this.host, module.placeMapStyles);
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

  private context(ctx: ReportFieldsContext): placeMap.PlaceMapContext {
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
    const { hasTexts, loadTexts, html, nothing } = this.kit;
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
      ${this.phase === 'failed' ? html`<p class="error" role="alert">${ctx.t('common.networkError')}</p>` : nothing}
      ${open && this.view ? this.view.render(this.context(ctx), this.host, this.kit) : nothing}
    </div>`;
  }
}
