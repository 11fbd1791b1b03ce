/**
 * "Similar open messages nearby", loaded on demand (its own chunk, with its own texts): once the
 * citizen has said where (a location or a region) and written a few words, the open public
 * messages like theirs, each with a "follow this one" button. Following one joins the citizen's
 * message to it at registration (`follow`): they get its answer and give their own feedback.
 */
import type { nothing as litNothing, ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { SimilarMessage, SimilarQuery } from '@payam/client';
import type { Language } from '@payam/core';
import type { TextKey, TextParams, WidgetTexts } from '../../base/i18n.js';
import type { Draft } from './draft.js';
import type { FormTools } from './photo-field.js';
import { adoptStyles } from '../../base/adopted-styles.js';
import type { ReportFieldsContext } from './report-fields.js';

/** The part's styles, added to the form's shadow root ({@link adoptStyles}). */
const SIMILAR_STYLES = `
.similar { border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) * 0.75); margin-block: var(--_space); }
.similar h3 { margin-block: 0 0.5rem; }
.similar ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.similar li, .similar .following { border-inline-start: 4px solid var(--_border); padding-inline-start: 0.75rem; }
.similar .following { border-color: var(--_primary); margin-block-end: 0.75rem; }
.similar p { margin-block: 0.25rem; }
`;

// What this chunk uses comes from the form (`FormTools`, `date`): the chunk imports no code of the
// form's own file (only `adoptStyles`, which the parts loaded on demand alone use), so loading it
// moves nothing out of the form's own file.

const texts: WidgetTexts = {
  fa: () => import('./similar-texts.fa.js'),
  en: () => import('./similar-texts.en.js'),
};

/** The systems whose messages are public: a confidential one (1888) is never asked about. */
export const PUBLIC_SYSTEMS: ReadonlySet<string> = new Set(['137']);
/** The fewest words of a description worth comparing. */
export const MIN_WORDS = 3;
/** How long the draft stays unchanged before it is compared (no request while typing each letter). */
export const QUIET_MS = 700;

/** What the similar messages need from the form. */
export interface SimilarMessagesOptions {
  /** The form's tools. */
  tools: FormTools;
  /** The form's system now. */
  system(): string;
  /** What the citizen has written now. */
  draft(): Draft;
  /** Asks the server for the open public messages like a draft. */
  ask(query: SimilarQuery, signal: AbortSignal): Promise<SimilarMessage[]>;
  /** A date in the form's language and calendar (Jalali with Persian digits in `fa`). */
  date(when: Date): string;
  /** Moves focus to an element of the form after its next render. */
  focus(selector: string): void;
}

const latinDigits = (text: string): string =>
  text.replace(/[۰-۹٠-٩]/g, (d) => String((d.codePointAt(0)! - 0x0660) % (0x06f0 - 0x0660)));

/** The draft as it is compared, or `undefined` when it is not worth comparing (or may not be). */
function queryOf(system: string, draft: Draft): SimilarQuery | undefined {
  if (!PUBLIC_SYSTEMS.has(system)) return undefined;
  const words = draft.description.trim().split(/\s+/u).filter(Boolean);
  const region = latinDigits(draft.region.trim()).slice(0, 64);
  if (words.length < MIN_WORDS || (!draft.location && !region)) return undefined;
  return {
    system,
    description: words.join(' ').slice(0, 4000),
    ...(draft.serviceCode ? { serviceCode: draft.serviceCode } : {}),
    ...(draft.location ? { location: draft.location } : {}),
    ...(region ? { region } : {}),
  };
}

/**
 * The open public messages like the draft, asked for once the draft has stayed the same for
 * {@link QUIET_MS} and only when what is compared changed; an answer to an older draft is dropped.
 * A subject the server will not compare (a private service) is not asked about again.
 */
export class SimilarMessages implements ReactiveController {
  private found: SimilarMessage[] = [];
  private chosen: SimilarMessage | undefined;
  /** The draft last seen (its query as a key), and the one last asked about. */
  private seen = '';
  private asked = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asking: AbortController | undefined;
  private readonly refused = new Set<string>();
  private said: { key: TextKey; params?: TextParams } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SimilarMessagesOptions,
  ) {
    host.addController(this);
  }

  /** The tracking id of the message the citizen follows, sent as `follow`. */
  follow(): string | undefined {
    return PUBLIC_SYSTEMS.has(this.options.system()) ? this.chosen?.id : undefined;
  }

  /** Forgets the messages and the choice (a new message). */
  reset(): void {
    this.stop();
    this.found = [];
    this.chosen = undefined;
    this.seen = this.asked = '';
    this.said = undefined;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const query = queryOf(this.options.system(), this.options.draft());
    const key = query && !this.refused.has(`${query.system}|${query.serviceCode ?? ''}`) ? JSON.stringify(query) : '';
    if (key === this.seen) return;
    this.seen = key;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.ask(query, key), QUIET_MS);
  }

  hostDisconnected(): void {
    this.stop();
    this.seen = '';
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.asking?.abort();
  }

  private async ask(query: SimilarQuery | undefined, key: string): Promise<void> {
    if (key === this.asked) return;
    this.asking?.abort();
    this.asked = key;
    if (!query || !key) {
      this.show([]);
      return;
    }
    const asking = (this.asking = new AbortController());
    try {
      const found = await this.options.ask(query, asking.signal);
      if (!asking.signal.aborted) this.show(found);
    } catch (error) {
      if (asking.signal.aborted) return;
      // The list only helps: a failure shows nothing. A refusal (a private service) is not asked again.
      if ((error as { status?: unknown }).status === 400) this.refused.add(`${query.system}|${query.serviceCode ?? ''}`);
      this.asked = '';
      this.show([]);
    }
  }

  private show(found: SimilarMessage[]): void {
    const before = this.found.length;
    this.found = found;
    if (found.length || before) this.said = found.length ? { key: 'similar.found', params: { count: found.length } } : undefined;
    this.host.requestUpdate();
  }

  private choose(message: SimilarMessage): void {
    this.chosen = message;
    this.said = { key: 'similar.chosen' };
    this.host.requestUpdate();
    this.options.focus('#follow');
  }

  private unfollow(): void {
    const left = this.chosen;
    this.chosen = undefined;
    this.said = { key: 'similar.unchosen' };
    this.host.requestUpdate();
    this.options.focus(left && this.found.some((m) => m.id === left.id) ? `#similar-${left.id}-follow` : '#description');
  }

  /** The region, once its texts are loaded in `lang` (it asks for a render when they are). */
  render(ctx: ReportFieldsContext, lang: Language): TemplateResult | typeof litNothing {
    const { html, hasTexts, loadTexts } = this.options.tools;
    const nothing: typeof litNothing = this.options.tools.nothing;
    if (!PUBLIC_SYSTEMS.has(this.options.system())) return nothing;
    const loader = texts[lang];
    if (!hasTexts(loader)) {
      void loadTexts(lang, loader).then(() => this.host.requestUpdate(), () => undefined);
      return nothing;
    }
    const { t } = ctx;
    const chosen = this.chosen;
    const others = this.found.filter((m) => m.id !== chosen?.id);
    const error = ctx.errorFor('follow');
    adoptStyles(this.host, SIMILAR_STYLES);
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.said ? t(this.said.key, this.said.params) : ''}</div>
      <section class="similar" part="similar" aria-labelledby="similar-heading" ?hidden=${!chosen && !others.length}>
        <h3 id="similar-heading">${t('similar.heading')}</h3>
        ${chosen
          ? html`<div class="following" id="following">
              <p><strong>${t('similar.following', { service: chosen.serviceName ?? t('similar.noService') })}</strong></p>
              <p class="citizen-text" dir="auto">${chosen.description}</p>
              <p>${t('similar.whatFollows')}</p>
              <button id="follow" class="secondary" part="button" type="button" ?disabled=${ctx.busy}
                aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'follow-error' : nothing}
                @click=${() => this.unfollow()}>${t('similar.unfollow')}</button>
              ${error ? html`<span class="error" id="follow-error">${error}</span>` : nothing}
            </div>`
          : html`<p class="hint">${t('similar.intro')}</p>`}
        ${others.length
          ? html`<ul>
              ${others.map((m) => this.renderItem(m, ctx, !!chosen))}
            </ul>`
          : nothing}
      </section>`;
  }

  private renderItem(m: SimilarMessage, ctx: ReportFieldsContext, following: boolean): TemplateResult {
    const { html } = this.options.tools;
    const { t } = ctx;
    const at = `similar-${m.id}`;
    const distance = m.distanceMetres === null ? '' : `${t('similar.distance', { distance: m.distanceMetres })} · `;
    return html`<li id=${at}>
      <p><strong>${m.serviceName ?? t('similar.noService')}</strong> · <span>${m.statusLabel}</span></p>
      <p class="citizen-text" dir="auto" id=${`${at}-text`}>${m.description}</p>
      <p class="hint">${distance}${t('similar.registered', { date: this.options.date(m.requestedAt) })}</p>
      ${following
        ? this.options.tools.nothing
        : html`<button id=${`${at}-follow`} class="secondary" part="button" type="button" ?disabled=${ctx.busy}
            aria-describedby=${`${at}-text`} @click=${() => this.choose(m)}>${t('similar.follow')}</button>`}
    </li>`;
  }
}
