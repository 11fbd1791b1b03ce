import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { TextKey, TextParams } from '../../base/i18n.js';

/**
 * The personal link shown after registering: the only way back to a message for a citizen who
 * gave no phone number. Loaded by the report form only once a message is registered. It imports
 * no code (the host hands it Lit's `html` and `nothing` and does the storing), so the bundler
 * gives it a chunk of its own instead of splitting what the form shares with it.
 */

/** What the personal-link view shows and does. */
export interface PersonalLinkState {
  /** The message's tracking id. */
  id: string;
  /** Its citizen token. */
  token: string;
  /** The link, in core's tracking-link format. */
  link: string;
  /** What the last copy did. */
  copied: 'idle' | 'copied' | 'failed';
  /** Whether the message is remembered on this device. */
  remembered: boolean;
}

/** The host the view renders in: Lit, its translator, its state, and a way to change the state. */
export interface PersonalLinkHost {
  readonly html: typeof litHtml;
  readonly nothing: typeof litNothing;
  t(key: TextKey, params?: TextParams): string;
  readonly personal: PersonalLinkState;
  setPersonal(change: Partial<PersonalLinkState>): void;
  /** Remembers the message on this device, or forgets it. */
  remember(on: boolean): void;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

async function copy(host: PersonalLinkHost): Promise<void> {
  const { link } = host.personal;
  try {
    await navigator.clipboard.writeText(link);
    host.setPersonal({ copied: 'copied' });
  } catch {
    // No clipboard (an insecure page, a refused permission): select the link for the citizen to copy.
    host.renderRoot.querySelector<HTMLInputElement>('#personal-link')?.select();
    host.setPersonal({ copied: 'failed' });
  }
}

async function share(host: PersonalLinkHost): Promise<void> {
  try {
    await navigator.share({ title: host.t('report.personalTitle'), url: host.personal.link });
  } catch {
    // The citizen closed the share sheet: nothing to say.
  }
}

/** Renders the personal link with copy and share buttons, what it is for, and "remember on this device". */
export function renderPersonalLink(host: PersonalLinkHost): TemplateResult {
  const { html, nothing } = host;
  const t = (key: TextKey) => host.t(key);
  const personal = host.personal;
  const copied = personal.copied === 'copied' ? t('report.copied') : personal.copied === 'failed' ? t('report.copyFailed') : '';
  return html`<section class="personal" part="personal-link" aria-labelledby="personal-title">
    <h3 id="personal-title">${t('report.personalTitle')}</h3>
    <p id="personal-why">${t('report.personalWhy')}</p>
    <div class="field">
      <label for="personal-link">${t('report.personalLink')}</label>
      <input id="personal-link" readonly dir="ltr" .value=${personal.link} aria-describedby="personal-why" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
    </div>
    <div class="actions">
      <button class="secondary" part="button" type="button" id="copy-link" @click=${() => void copy(host)}>${t('report.copy')}</button>
      ${'share' in navigator
        ? html`<button class="secondary" part="button" type="button" id="share-link" @click=${() => void share(host)}>${t('report.share')}</button>`
        : nothing}
    </div>
    <p class="hint" role="status">${copied}</p>
    <label class="choice">
      <input
        id="remember"
        type="checkbox"
        .checked=${personal.remembered}
        aria-describedby="remember-hint"
        @change=${(e: Event) => host.remember((e.target as HTMLInputElement).checked)}
      />
      ${t('report.remember')}
    </label>
    <p class="hint" id="remember-hint">${t('report.rememberHint')}</p>
  </section>`;
}
