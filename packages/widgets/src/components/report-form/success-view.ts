import { html, nothing, type TemplateResult } from 'lit';
import type { CreatedMessage } from '@payam/client';
import type { TextKey, TextParams } from '../../base/i18n.js';
import { forgetOnDevice, rememberOnDevice } from '../../base/citizen-links.js';
import type { PersonalLinkState } from './personal-link.js';

/** What the view shown after registering needs from the form. */
export interface SuccessContext {
  t(key: TextKey, params?: TextParams): string;
  created: CreatedMessage;
  /** Link to the tracking page (`track-url` filled in), `''` for none. */
  trackLink: string;
  /** Whether the citizen gave a phone number (an SMS will follow). */
  withSms: boolean;
  /** The personal link and its view (a chunk loaded on registering), when both are there. */
  personal: { state: PersonalLinkState; view: typeof import('./personal-link.js') } | undefined;
  setPersonal(change: Partial<PersonalLinkState>): void;
  renderRoot: HTMLElement | DocumentFragment;
  /** Clears the form for another message. */
  another(): void;
}

/** The view after registering: the tracking code, what happens next, the personal link, and "register another". */
export function renderSuccess(ctx: SuccessContext): TemplateResult {
  const { created, personal, t } = ctx;
  // Focus moves to the heading, which announces the success; the copy button has its own status line.
  return html`<section class="success" part="success">
    <h2 tabindex="-1">${t('report.successTitle')}</h2>
    <p>${t('report.trackingCode')}:</p>
    <p><span class="tracking-code" part="tracking-code">${created.id}</span></p>
    ${created.notice ? html`<p class="notice">${created.notice}</p>` : nothing}
    <p>${t('report.whatNext')}</p>
    ${ctx.withSms ? html`<p>${t('report.smsNext')}</p>` : nothing}
    ${personal
      ? personal.view.renderPersonalLink({
          html,
          nothing,
          t,
          remember: (on) => {
            const { id, token, link } = personal.state;
            if (on) rememberOnDevice(id, token, link);
            else forgetOnDevice(id);
            ctx.setPersonal({ remembered: on });
          },
          personal: personal.state,
          setPersonal: ctx.setPersonal,
          renderRoot: ctx.renderRoot,
        })
      : nothing}
    <div class="actions">
      ${ctx.trackLink ? html`<a href=${ctx.trackLink} part="track-link">${t('report.track')}</a>` : nothing}
      <button class="secondary" part="button" type="button" @click=${ctx.another}>${t('report.another')}</button>
    </div>
  </section>`;
}
