import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { TextParams } from '../../base/i18n.js';
import { forgetOnDevice, myMessages, rememberOnDevice } from '../../base/citizen-links.js';

/**
 * The personal link shown after registering: the only way back to a message for a citizen who
 * gave no phone number. Loaded by the report form only once a message is registered.
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

/** The host the view renders in: its translator, its state, and a way to change the state. */
export interface PersonalLinkHost {
  t(key: string, params?: TextParams): string;
  readonly personal: PersonalLinkState;
  setPersonal(change: Partial<PersonalLinkState>): void;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The state of a just-registered message's personal link. */
export function personalLinkState(id: string, token: string, link: string): PersonalLinkState {
  return { id, token, link, copied: 'idle', remembered: myMessages().some((m) => m.id === id) };
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

function remember(host: PersonalLinkHost, on: boolean): void {
  const { id, token, link } = host.personal;
  if (on) rememberOnDevice(id, token, link);
  else forgetOnDevice(id);
  host.setPersonal({ remembered: on });
}

/** Renders the personal link with copy and share buttons, what it is for, and "remember on this device". */
export function renderPersonalLink(host: PersonalLinkHost): TemplateResult {
  const t = (key: string) => host.t(key);
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
        .checked=${live(personal.remembered)}
        aria-describedby="remember-hint"
        @change=${(e: Event) => remember(host, (e.target as HTMLInputElement).checked)}
      />
      ${t('report.remember')}
    </label>
    <p class="hint" id="remember-hint">${t('report.rememberHint')}</p>
  </section>`;
}
