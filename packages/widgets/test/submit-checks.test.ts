import { expect, fixture, html } from '@open-wc/testing';
import { messageInputSchema } from '@payam/core/schemas/message';
import { loadTexts } from '../src/base/i18n.js';
import { PayamReportForm } from '../src/report-form.js';
import { checkDraft } from '../src/components/report-form/submit-checks.js';
import { cannedClient, sampleDefinitions, sampleServices, type Route } from './fixtures.js';
import { part, textOf, until } from './helpers.js';
import '../src/report-form.js';

/** Counts the runs of core's message schema (each parse runs it once) while `action` runs. */
function countParses(action: () => void): number {
  const schema = messageInputSchema._zod;
  const run = schema.run;
  let runs = 0;
  schema.run = (payload, context) => {
    runs++;
    return run(payload, context);
  };
  try {
    action();
  } finally {
    schema.run = run;
  }
  return runs;
}

const streetLight = { service: sampleServices[0]!, definition: sampleDefinitions['street-light']! };

describe('the report form’s checks before sending', () => {
  before(() => loadTexts('en', PayamReportForm.texts!.en!));

  it('parses an invalid message once, and still names the service’s rules it breaks', () => {
    let problems: ReturnType<typeof checkDraft> = [];
    const runs = countParses(() => {
      problems = checkDraft({ system: '137', serviceCode: 'street-light', description: '', attributes: { count: 'many' } }, streetLight, 'en');
    });
    expect(runs).to.equal(1);
    const fields = problems.map((p) => p.field);
    expect(fields).to.include('description');
    // The rules of the chosen service: its required address and attributes, a number that is not one.
    expect(fields).to.include.members(['address', 'attributes.pole', 'attributes.kind', 'attributes.count']);
  });

  it('parses a valid message once', () => {
    const runs = countParses(() => {
      const problems = checkDraft(
        { system: '137', serviceCode: 'street-light', description: 'The light is out', address: 'Valiasr St.', attributes: { pole: '12', kind: 'street' } },
        streetLight,
        'en',
      );
      expect(problems).to.deep.equal([]);
    });
    expect(runs).to.equal(1);
  });
});

describe('a problem shown before any send', () => {
  it('is listed at once, then in the error summary once its module has loaded', async () => {
    // The services load; the chosen service's form fails on the server.
    const routes: Route[] = [
      (method, url) => (method === 'GET' && url.pathname.endsWith('/services.json') ? { body: sampleServices } : undefined),
      (method, url) => (method === 'GET' && /\/services\/[^/]+\.json$/.test(url.pathname) ? { status: 500, body: [{ code: 500, description: 'boom' }] } : undefined),
    ];
    const el = await fixture<PayamReportForm>(html`<payam-report-form lang="en" service="street-light" .client=${cannedClient(routes)}></payam-report-form>`);
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"]'));
    expect(textOf(el)).to.contain('The server could not handle this request.');
    // The summary (a list, focusable) replaces the plain alert when the checks' module is in.
    await until(el, () => !!el.shadowRoot!.querySelector('[role="alert"] ul'));
    expect(part(el, '[role="alert"]').getAttribute('tabindex')).to.equal('-1');
    expect(part(el, '[role="alert"] li').textContent).to.contain('The server could not handle this request.');
  });
});
