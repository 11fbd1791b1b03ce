import { expect } from '@open-wc/testing';
import { messageInputSchema } from '@payam/core/schemas/message';
import { loadTexts } from '../src/base/i18n.js';
import { PayamReportForm } from '../src/report-form.js';
import { checkDraft } from '../src/components/report-form/submit-checks.js';
import { sampleDefinitions, sampleServices } from './fixtures.js';

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
