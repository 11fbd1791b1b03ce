/**
 * The report form as a control of a host page's form: what its validity says, reset, state
 * restore (as the browser calls it on history navigation) and disabled handling.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/report-form.js';
import type { PayamReportForm } from '../src/report-form.js';
import { keepForSession } from '../src/base/citizen-links.js';
import { cannedClient, createdRoute, serviceRoutes } from './fixtures.js';
import { part, textOf, type, until } from './helpers.js';

async function inHostForm(attrs: { lang?: string; disabled?: boolean } = {}): Promise<{ host: HTMLFormElement; el: PayamReportForm }> {
  const host = await fixture<HTMLFormElement>(html`<form>
    <fieldset ?disabled=${attrs.disabled ?? false}>
      <payam-report-form name="message" required lang=${attrs.lang ?? 'en'} keep-draft="none" .client=${cannedClient([...serviceRoutes, createdRoute])}></payam-report-form>
    </fieldset>
  </form>`);
  const el = host.querySelector('payam-report-form')!;
  await until(el, () => !!el.shadowRoot!.querySelector('#service'));
  return { host, el };
}

describe('<payam-report-form> as a form control', () => {
  beforeEach(() => sessionStorage.clear());

  it('says what is missing, in its language, never the label of its button', async () => {
    const { host, el } = await inHostForm();
    expect(host.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Register your message first: this form is sent with its tracking code.');
    expect(el.validationMessage).not.to.contain(part(el, 'button[type="submit"]').textContent!.trim());
    el.lang = 'fa';
    await el.updateComplete;
    expect(el.validationMessage).to.equal('نخست پیام خود را ثبت کنید: این فرم با کد پیگیری آن فرستاده می‌شود.');
    el.required = false;
    await el.updateComplete;
    expect(el.validationMessage).to.equal('');
    expect(host.checkValidity()).to.equal(true);
  });

  it('is cleared by the host form reset, keeping nothing of the registered message', async () => {
    const { host, el } = await inHostForm();
    type(part(el, '#description'), 'Graffiti on the wall');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await oneEvent(el, 'payam-submitted');
    await el.updateComplete;
    expect(new FormData(host).get('message')).to.equal('137-000101');
    host.reset();
    await el.updateComplete;
    expect(el.value).to.equal('');
    expect(new FormData(host).get('message')).to.equal(null);
    expect(part<HTMLTextAreaElement>(el, '#description').value).to.equal('');
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.matches(':state(submitted)')).to.equal(false);
  });

  it('shows the registered message again when the browser restores the form, if this tab keeps its token', async () => {
    const { host, el } = await inHostForm();
    // What the browser does on back/forward: hand the control the state it reported.
    el.formStateRestoreCallback('137-000077', 'restore');
    await el.updateComplete;
    expect(el.value, 'a message whose token this tab does not keep is not shown').to.equal('');
    expect(el.shadowRoot!.querySelector('#description')).to.exist;

    keepForSession('137-000077', 'kept-token-77');
    el.formStateRestoreCallback('137-000077', 'restore');
    await until(el, () => !!el.shadowRoot!.querySelector('[part~="success"]'));
    expect(el.value).to.equal('137-000077');
    expect(part(el, '[part~="tracking-code"]').textContent).to.equal('137-000077');
    expect(new FormData(host).get('message')).to.equal('137-000077');
    expect(host.checkValidity()).to.equal(true);
    expect(part<HTMLInputElement>(el, '#personal-link').value).to.contain('#token=kept-token-77');
  });

  it('reports the state it restores: the tracking id, never the citizen token', async () => {
    const { el } = await inHostForm();
    type(part(el, '#description'), 'Graffiti on the wall');
    part<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await oneEvent(el, 'payam-submitted');
    await el.updateComplete;
    const fresh = document.createElement('payam-report-form') as PayamReportForm;
    fresh.lang = 'en';
    fresh.client = cannedClient(serviceRoutes);
    document.body.append(fresh);
    try {
      // The token was kept for this tab when the message was registered; the state is only the id.
      fresh.formStateRestoreCallback(el.value, 'restore');
      await until(fresh, () => !!fresh.shadowRoot!.querySelector('[part~="success"]'));
      expect(textOf(fresh)).to.contain('137-000101');
      expect(textOf(fresh)).not.to.contain('secret-token-1');
    } finally {
      fresh.remove();
    }
  });

  it('takes no input inside a disabled fieldset, and leaves the host form valid meanwhile', async () => {
    const { host, el } = await inHostForm({ disabled: true });
    await el.updateComplete;
    for (const control of el.shadowRoot!.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, textarea, select, button')) {
      expect(control.disabled, control.id || control.localName).to.equal(true);
    }
    expect(el.willValidate).to.equal(false);
    expect(host.checkValidity()).to.equal(true);
    host.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(part<HTMLTextAreaElement>(el, '#description').disabled).to.equal(false);
    expect(part<HTMLButtonElement>(el, 'button[type="submit"]').disabled).to.equal(false);
    expect(host.checkValidity()).to.equal(false);
    el.disabled = true;
    await el.updateComplete;
    expect(part<HTMLTextAreaElement>(el, '#description').disabled).to.equal(true);
    expect(el.hasAttribute('disabled')).to.equal(true);
  });
});
