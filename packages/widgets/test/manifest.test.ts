/**
 * `custom-elements.json` against the rendered components: each widget is taken through its states
 * against the reference server (services loaded, a service with guidance and a suggestion, refused
 * input, registered, tracked, followed up, answered, feedback given, not found), and every `part`
 * it renders, every event it dispatches, every attribute it observes and every `--payam-*` custom
 * property its styles read is listed in its declaration (events with their detail type), and every
 * part listed is rendered in one of those states.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import type { PayamFeedbackForm, PayamReportForm, PayamStatusTracker } from '../src/index.js';
import { forgetOnDevice, rememberOnDevice } from '../src/base/citizen-links.js';
import { choose, part, type, until } from './helpers.js';

const serverUrl = window.PAYAM_SERVER_URL;

interface Declaration {
  tagName?: string;
  attributes?: { name: string; type?: { text: string } }[];
  members?: { kind: string; name: string; privacy?: string; type?: { text: string } }[];
  events?: { name: string; type?: { text: string }; description?: string }[];
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string; description?: string }[];
  slots?: { name: string }[];
}
type Tag = 'payam-report-form' | 'payam-status-tracker' | 'payam-feedback-form';
const TAGS: Tag[] = ['payam-report-form', 'payam-status-tracker', 'payam-feedback-form'];

const seenParts = new Map<Tag, Set<string>>(TAGS.map((tag) => [tag, new Set()]));
const seenEvents = new Map<Tag, Set<string>>(TAGS.map((tag) => [tag, new Set()]));
const seenSlots = new Map<Tag, Set<string>>(TAGS.map((tag) => [tag, new Set()]));
/** Style sheets a part loaded on demand added to an element's shadow root (the map's). */
const seenSheets = new Map<Tag, Set<string>>(TAGS.map((tag) => [tag, new Set()]));

/** Notes every part and slot an element renders now. */
function look(el: HTMLElement): void {
  const tag = el.localName as Tag;
  for (const node of el.shadowRoot!.querySelectorAll('[part]')) {
    for (const name of node.getAttribute('part')!.split(/\s+/).filter(Boolean)) seenParts.get(tag)!.add(name);
  }
  for (const slot of el.shadowRoot!.querySelectorAll('slot')) seenSlots.get(tag)!.add(slot.name || '(default)');
  for (const sheet of el.shadowRoot!.adoptedStyleSheets) seenSheets.get(tag)!.add([...sheet.cssRules].map((rule) => rule.cssText).join('\n'));
}

// Every event a widget dispatches on itself is noted, whatever its name.
const dispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event): boolean {
  if (this instanceof HTMLElement && TAGS.includes(this.localName as Tag)) seenEvents.get(this.localName as Tag)!.add(event.type);
  return dispatch.call(this, event);
};

/**
 * The declarations of `custom-elements.json` (made by `pnpm build`), by tag name. The test server
 * serves JSON as a module; the path is a variable so that type checking does not need the file.
 */
async function declarationsByTag(): Promise<Map<Tag, Declaration>> {
  const path = '../custom-elements.json';
  const manifest = ((await import(path)) as { default: { modules: { declarations?: Declaration[] }[] } }).default;
  const declarations = new Map<Tag, Declaration>();
  for (const module of manifest.modules) for (const d of module.declarations ?? []) if (d.tagName) declarations.set(d.tagName as Tag, d);
  return declarations;
}

async function staffAnswer(id: string, text: string): Promise<void> {
  const response = await fetch(`/__payam/staff/${encodeURIComponent(id)}/answer?text=${encodeURIComponent(text)}`, { method: 'POST' });
  expect(response.status, await response.clone().text()).to.equal(200);
}

/** Takes the three widgets through their states against the reference server, looking at each. */
async function walkThroughStates(): Promise<void> {
  const page = await fixture(html`<main>
    <payam-report-form id="report" base-url=${serverUrl!} api-key="demo" lang="en" system="137" track-url="/track?id={id}" map
      tiles="/node_modules/leaflet/dist/images/layers.png?z={z}&x={x}&y={y}" leaflet-url="/node_modules/leaflet/dist/leaflet-src.esm.js"></payam-report-form>
    <payam-status-tracker report-form="report" base-url=${serverUrl!} api-key="demo" lang="en"></payam-status-tracker>
    <payam-feedback-form report-form="report" base-url=${serverUrl!} api-key="demo" lang="en"></payam-feedback-form>
    <payam-status-tracker id="lost" base-url=${serverUrl!} api-key="demo" lang="en"></payam-status-tracker>
  </main>`);
  const form = page.querySelector<PayamReportForm>('payam-report-form')!;
  const tracker = page.querySelector<PayamStatusTracker>('payam-status-tracker')!;
  const feedback = page.querySelector<PayamFeedbackForm>('payam-feedback-form')!;
  const lost = page.querySelector<PayamStatusTracker>('#lost')!;
  const lookAll = () => [form, tracker, feedback, lost].forEach(look);

  await until(form, () => form.shadowRoot!.querySelectorAll('#service option').length > 1);
  // The parts loaded after the first render: the photos, and the map once opened.
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="photos"]'));
  part<HTMLButtonElement>(form, '#place-on-map').click();
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="base-map"]') && !!form.shadowRoot!.querySelector('[part~="attribution"]'));
  lookAll();
  // A service with guidance and suggestions; then one whose form gives information without a field.
  choose(part(form, '#service'), 'city-idea');
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="suggestion"]'));
  look(form);
  choose(part(form, '#service'), 'flooding');
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="attribute-info"]'));
  look(form);
  // Refused input: the alert and the fields' errors.
  choose(part(form, '#service'), 'pothole');
  await form.updateComplete;
  part<HTMLButtonElement>(form, 'button[type="submit"]').click();
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="alert"]'));
  look(form);
  // Registered, after the similar open messages nearby and the photos (chunks loaded on demand) are shown.
  const seeded = await fetch(`${serverUrl}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({ api_key: 'demo', jurisdiction_id: '137', service_code: 'pothole', description: 'A deep pothole in front of the school gate', region: '6', address_string: 'Azadi St' }),
  });
  expect(seeded.status).to.equal(201);
  type(part(form, '#description'), 'A deep pothole in front of the school');
  type(part(form, '#region'), '6');
  type(part(form, '#address'), 'Azadi St, 3rd alley');
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="similar"]:not([hidden])') && !!form.shadowRoot!.querySelector('[part~="photos"]'));
  look(form);
  const submitted = oneEvent(form, 'payam-submitted');
  part<HTMLButtonElement>(form, 'button[type="submit"]').click();
  const { id } = (await submitted).detail;
  await until(form, () => !!form.shadowRoot!.querySelector('[part~="success"]'));
  await until(tracker, () => tracker.request?.id === id);
  await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="follow-up"]'));
  lookAll();
  // A follow-up before the answer: refused while empty, then sent.
  part<HTMLButtonElement>(feedback, 'button[type="submit"]').click();
  await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part~="alert"]'));
  look(feedback);
  type(part(feedback, '#text'), 'It is dangerous at night');
  const followedUp = oneEvent(feedback, 'payam-follow-up-submitted');
  part<HTMLButtonElement>(feedback, 'button[type="submit"]').click();
  await followedUp;
  await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part~="notice"]'));
  look(feedback);
  // Answered: the tracker's feedback window; feedback given.
  await staffAnswer(id, 'The pothole was filled.');
  await tracker.refresh();
  await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part~="window"]'));
  await feedback.refresh();
  await until(feedback, () => !!feedback.shadowRoot!.querySelector('form[data-stage="feedback"]'));
  lookAll();
  part<HTMLInputElement>(feedback, 'input[name="resolved"][value="yes"]').click();
  part<HTMLInputElement>(feedback, 'input[name="rating"][value="5"]').click();
  const gaveFeedback = oneEvent(feedback, 'payam-feedback-submitted');
  part<HTMLButtonElement>(feedback, 'button[type="submit"]').click();
  await gaveFeedback;
  await until(feedback, () => !!feedback.shadowRoot!.querySelector('[part~="notice"]'));
  look(feedback);
  // Messages the citizen chose to remember on this device, offered beside the lookup.
  const { citizenToken } = (await submitted).detail;
  rememberOnDevice(id, citizenToken, `${location.origin}/track?message=${encodeURIComponent(id)}`);
  lost.requestUpdate();
  await until(lost, () => !!lost.shadowRoot!.querySelector('[part~="my-messages"]'));
  look(lost);
  forgetOnDevice();
  lost.requestUpdate();
  // A tracking code that is not found.
  await until(lost, () => !!lost.shadowRoot!.querySelector('[part~="lookup"]'));
  type(part(lost, '[part~="lookup"] input'), '137-999999');
  part<HTMLButtonElement>(lost, '[part~="lookup"] button[type="submit"]').click();
  await until(lost, () => !!lost.shadowRoot!.querySelector('[part~="alert"]'));
  look(lost);
}

describe('custom-elements.json against the rendered widgets', () => {
  let declarations: Map<Tag, Declaration>;
  before(async function (this: { timeout(ms: number): void }) {
    this.timeout(60_000);
    expect(serverUrl, 'the reference server must be running (pnpm build first)').to.be.a('string');
    declarations = await declarationsByTag();
    await walkThroughStates();
  });

  for (const tag of TAGS) {
    describe(`<${tag}>`, () => {
      it('lists every part it renders, and renders every part it lists', () => {
        const listed = (declarations.get(tag)!.cssParts ?? []).map((p) => p.name);
        expect([...seenParts.get(tag)!].filter((name) => !listed.includes(name)), 'rendered but not listed').to.deep.equal([]);
        expect(listed.filter((name) => !seenParts.get(tag)!.has(name)), 'listed but never rendered').to.deep.equal([]);
        for (const p of declarations.get(tag)!.cssParts ?? []) expect(p.description, `part ${p.name}`).to.be.a('string').and.not.empty;
      });

      it('lists every event it dispatches, each with its detail type', () => {
        const events = declarations.get(tag)!.events ?? [];
        for (const name of seenEvents.get(tag)!) expect(events.map((e) => e.name), 'dispatched but not listed').to.include(name);
        for (const event of events) expect(String(event.type?.text), `the type of ${event.name}`).to.match(/^CustomEvent<\w+Detail>$/);
      });

      it('lists every attribute it observes and its public properties with their types, and nothing private', () => {
        const element = customElements.get(tag) as unknown as { observedAttributes: string[] };
        const attributes = declarations.get(tag)!.attributes ?? [];
        expect(attributes.map((a) => a.name).sort()).to.deep.equal([...element.observedAttributes].sort());
        for (const attribute of attributes) expect(attribute.type?.text, `the type of ${attribute.name}`).to.be.a('string').and.not.empty;
        const members = declarations.get(tag)!.members ?? [];
        expect(members.filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name), 'inner workings listed').to.deep.equal([]);
        const fields = members.filter((m) => m.kind === 'field');
        for (const field of fields) expect(field.type?.text, `the type of property ${field.name}`).to.be.a('string').and.not.empty;
      });

      it('lists every --payam-* custom property its styles read, and every slot it renders', () => {
        const own = (customElements.get(tag) as unknown as { elementStyles: { cssText: string }[] }).elementStyles.map((s) => s.cssText);
        const styles = [...own, ...seenSheets.get(tag)!].join('\n');
        const read = new Set([...styles.matchAll(/var\(\s*(--payam-[\w-]+)/g)].map((m) => m[1]!));
        const listed = (declarations.get(tag)!.cssProperties ?? []).map((p) => p.name);
        expect([...read].filter((name) => !listed.includes(name)), 'read but not listed').to.deep.equal([]);
        expect(listed.filter((name) => !read.has(name)), 'listed but never read').to.deep.equal([]);
        const slots = (declarations.get(tag)!.slots ?? []).map((s) => s.name || '(default)');
        expect([...seenSlots.get(tag)!].filter((name) => !slots.includes(name)), 'slots rendered but not listed').to.deep.equal([]);
      });
    });
  }
});
