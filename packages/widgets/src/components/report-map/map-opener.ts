/**
 * The report form's "place on the map" button. Everything else about the map (its code, d3-geo,
 * its texts and styles) is a module of its own, imported on the button's first press, so the
 * form's first render carries only the button.
 */
import { html, nothing, svg, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ReportFieldsContext } from '../report-form/report-fields.js';
import type { Draft } from '../report-form/draft.js';
import type { PlaceMapSettings } from './place-map.js';
import { hasTexts, loadTexts } from '../../base/i18n.js';

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

/**
 * What the map takes from the form's own file instead of importing it: lit's template tags and
 * the texts' loader. A chunk loaded on demand that imported them would move them out of the
 * form's file into a chunk of their own, and the form's first render would grow by the cost of
 * compressing two files instead of one.
 */
export interface FormKit {
  html: typeof html;
  svg: typeof svg;
  nothing: typeof nothing;
  loadTexts: typeof loadTexts;
  hasTexts: typeof hasTexts;
}

/** The button, until its first press brings the map's controller, which renders from then on. */
export class MapOpener {
  private shown: { render(ctx: ReportFieldsContext): TemplateResult } | undefined;
  private state: 'idle' | 'loading' | 'failed' = 'idle';

  constructor(
    private readonly host: MapOpenerHost,
    private readonly drafts: MapDraft,
  ) {}

  private readonly open = async (): Promise<void> => {
    if (this.state === 'loading') return;
    this.state = 'loading';
    try {
      const { PlaceMapController } = await import('./place-map-controller.js');
      const controller = new PlaceMapController(this.host, this.drafts, { html, svg, nothing, loadTexts, hasTexts });
      this.shown = controller;
      await controller.toggle();
    } catch {
      this.state = 'failed';
    }
    this.host.requestUpdate();
  };

  /** The button, or the map's own rendering once it is loaded. */
  render(ctx: ReportFieldsContext): TemplateResult {
    return (
      this.shown?.render(ctx) ??
      html`<div class="field" part="place-map">
        <div class="location">
          <button id="place-on-map" class="secondary" part="button" type="button" aria-expanded="false" @click=${this.open}>${ctx.t('report.placeOnMap')}</button>
        </div>
        ${this.state === 'failed' ? html`<p class="error" role="alert">${ctx.t('common.networkError')}</p>` : nothing}
      </div>`
    );
  }
}
