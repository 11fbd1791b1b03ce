/**
 * The suite every widget runs: its attributes set its properties (and reflect where declared),
 * `lang` sets the language and the direction, each event `custom-elements.json` names is fired
 * with the detail its type promises, every `part` it renders is listed there, and axe finds no
 * violation in any of its states, in Persian and in English. A widget added to `WIDGETS` runs it all.
 */
import { expect, fixture } from '@open-wc/testing';
import type { Open311Request } from '@payam/core';
import '../src/index.js';
import type { PayamFeedbackForm, PayamReportForm, PayamStatusTracker } from '../src/index.js';
import { cannedClient, createdRoute, requestRoute, sampleRequest, serviceRoutes, type Route } from './fixtures.js';
import { choose, part, type, until } from './helpers.js';

interface Declaration {
  tagName: string;
  attributes?: { name: string; fieldName?: string; type?: { text: string } }[];
  events?: { name: string; type?: { text: string } }[];
  cssParts?: { name: string }[];
}

/** What each detail type of the manifest carries. */
const DETAIL_KEYS: Record<string, string[]> = {
  SubmittedDetail: ['citizenToken', 'id'],
  FeedbackSubmittedDetail: ['id', 'kind'],
  MessageLoadedDetail: ['id', 'message'],
};

/** A state a widget is shown in: reached from a fresh element, it fires what it fires on the way. */
type Walk = (el: HTMLElement, lang: 'fa' | 'en', visit: (state: string) => Promise<void>) => Promise<void>;

const answered = (request: Open311Request, what: 'follow_ups' | 'feedback'): Route => (method, url) =>
  method === 'POST' && url.pathname.endsWith(`/${what}.json`) ? { body: [request] } : undefined;

const WIDGETS: { tag: string; create: () => HTMLElement; walk: Walk }[] = [
  {
    tag: 'payam-report-form',
    create: () => Object.assign(document.createElement('payam-report-form') as PayamReportForm, { client: cannedClient([...serviceRoutes, createdRoute]), keepDraft: 'none' }),
    async walk(el, _lang, visit) {
      const form = el as PayamReportForm;
      await until(form, () => !!form.shadowRoot!.querySelector('#service'));
      await visit('services loaded');
      choose(part(form, '#service'), 'street-light');
      await until(form, () => !!form.shadowRoot!.querySelector('[data-attribute="pole"]'));
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="alert"]'));
      await visit('refused, with the form of a service');
      choose(part(form, '#service'), 'city-idea');
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="suggestion"]'));
      type(part(form, '#description'), 'A bench in the park');
      type(part(form, '#region'), '6');
      await visit('a service that takes suggestions');
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="personal-link"]'));
      await visit('registered');
    },
  },
  {
    tag: 'payam-status-tracker',
    create: () => Object.assign(document.createElement('payam-status-tracker') as PayamStatusTracker, { client: cannedClient([requestRoute(sampleRequest('answered'))]) }),
    async walk(el, _lang, visit) {
      const tracker = el as PayamStatusTracker;
      await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part~="lookup"]'));
      await visit('asking for a code');
      type(part(tracker, '#code'), '137-999999');
      part<HTMLButtonElement>(tracker, '[part~="lookup"] button[type="submit"]').click();
      await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part~="alert"]'));
      await visit('not found');
      tracker.requestId = '137-000042';
      await until(tracker, () => !!tracker.shadowRoot!.querySelector('[part~="timeline"]'));
      await visit('an answered message');
    },
  },
  {
    tag: 'payam-feedback-form',
    create: () => {
      const before = sampleRequest('in_progress');
      const after = sampleRequest('answered');
      let answer = false;
      const current: Route = (method, url) => requestRoute(answer ? after : before)(method, url, undefined);
      const turn: Route = (method, url) => (method === 'POST' && url.pathname.endsWith('/follow_ups.json') ? ((answer = true), { body: [before] }) : undefined);
      return Object.assign(document.createElement('payam-feedback-form') as PayamFeedbackForm, {
        client: cannedClient([current, turn, answered(after, 'feedback')]),
      });
    },
    async walk(el, _lang, visit) {
      const form = el as PayamFeedbackForm;
      await until(form, () => !!form.shadowRoot!.querySelector('h2'));
      await visit('without a token');
      Object.assign(form, { requestId: '137-000042', citizenToken: 'secret-token-1' });
      await until(form, () => !!form.shadowRoot!.querySelector('form[data-stage="follow-up"]'));
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="alert"]'));
      await visit('an empty follow-up refused');
      type(part(form, '#text'), 'Still broken');
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="notice"]'));
      await visit('follow-up sent');
      await form.refresh();
      await until(form, () => !!form.shadowRoot!.querySelector('form[data-stage="feedback"]'));
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('[part~="alert"]'));
      await visit('feedback refused');
      part<HTMLInputElement>(form, 'input[name="resolved"][value="yes"]').click();
      part<HTMLInputElement>(form, 'input[name="rating"][value="4"]').click();
      part<HTMLButtonElement>(form, 'button[type="submit"]').click();
      await until(form, () => !!form.shadowRoot!.querySelector('.done'));
      await visit('feedback sent');
    },
  },
];

async function declarations(): Promise<Map<string, Declaration>> {
  const path = '../custom-elements.json';
  const manifest = ((await import(path)) as { default: { modules: { declarations?: Declaration[] }[] } }).default;
  const byTag = new Map<string, Declaration>();
  for (const module of manifest.modules) for (const d of module.declarations ?? []) if (d.tagName) byTag.set(d.tagName, d);
  return byTag;
}

describe('what every widget does', () => {
  let byTag: Map<string, Declaration>;
  before(async () => {
    byTag = await declarations();
  });
  beforeEach(() => sessionStorage.clear());

  for (const widget of WIDGETS) {
    describe(`<${widget.tag}>`, () => {
      it('is listed in custom-elements.json with its attributes, events and parts', () => {
        const declaration = byTag.get(widget.tag);
        expect(declaration, widget.tag).to.exist;
        expect(declaration!.attributes ?? []).not.to.be.empty;
      });

      it('takes each attribute as its property, and reflects the properties it declares reflected', async () => {
        const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(widget.create());
        const properties = (customElements.get(widget.tag) as unknown as { elementProperties: Map<string, { reflect?: boolean; attribute?: string | boolean; type?: unknown }> }).elementProperties;
        for (const attribute of byTag.get(widget.tag)!.attributes ?? []) {
          const field = attribute.fieldName!;
          const boolean = properties.get(field)?.type === Boolean;
          const value = attribute.name === 'lang' ? 'en' : boolean ? '' : 'sample-value';
          el.setAttribute(attribute.name, value);
          await el.updateComplete;
          expect((el as unknown as Record<string, unknown>)[field], `${attribute.name} → ${field}`).to.equal(boolean ? true : value);
          if (boolean) {
            el.removeAttribute(attribute.name);
            await el.updateComplete;
            expect((el as unknown as Record<string, unknown>)[field], `no ${attribute.name}`).to.equal(false);
          }
        }
        for (const [field, options] of properties) {
          if (!options.reflect) continue;
          const name = typeof options.attribute === 'string' ? options.attribute : field.toLowerCase();
          const boolean = options.type === Boolean;
          (el as unknown as Record<string, unknown>)[field] = boolean ? true : field === 'lang' ? 'fa' : 'reflected';
          await el.updateComplete;
          expect(el.getAttribute(name), `${field} reflects to ${name}`).to.equal(boolean ? '' : field === 'lang' ? 'fa' : 'reflected');
        }
      });

      it('speaks the language of lang, right to left in Persian and left to right in English', async () => {
        const el = await fixture<HTMLElement & { updateComplete: Promise<boolean> }>(widget.create());
        await until(el, () => !!el.shadowRoot!.querySelector('h2'));
        const heading = () => el.shadowRoot!.querySelector('h2')!.textContent!;
        expect(el.getAttribute('dir')).to.equal('rtl');
        expect(getComputedStyle(el).direction).to.equal('rtl');
        expect(heading()).to.match(/[\u0600-\u06FF]/);
        el.setAttribute('lang', 'en');
        await until(el, () => !/[\u0600-\u06FF]/.test(heading()));
        expect(el.getAttribute('dir')).to.equal('ltr');
        expect(getComputedStyle(el).direction).to.equal('ltr');
        expect(heading()).to.match(/[A-Za-z]/);
      });

      for (const lang of ['fa', 'en'] as const) {
        it(`fires the events it lists with their detail, renders only listed parts, and axe finds nothing in any state (${lang})`, async () => {
          const declaration = byTag.get(widget.tag)!;
          const el = widget.create();
          el.setAttribute('lang', lang);
          const fired = new Map<string, unknown>();
          for (const event of declaration.events ?? []) el.addEventListener(event.name, (e) => fired.set(event.name, (e as CustomEvent).detail));
          await fixture(el);
          const listed = new Set((declaration.cssParts ?? []).map((p) => p.name));
          const visited: string[] = [];
          await widget.walk(el, lang, async (state) => {
            visited.push(state);
            for (const node of el.shadowRoot!.querySelectorAll('[part]')) {
              for (const name of node.getAttribute('part')!.split(/\s+/)) expect(listed.has(name), `part "${name}" rendered in "${state}" but not listed`).to.equal(true);
            }
            try {
              await expect(el).to.be.accessible();
            } catch (error) {
              throw new Error(`axe in "${state}" (${lang}): ${(error as Error).message}`);
            }
          });
          expect(visited.length).to.be.greaterThan(1);
          for (const event of declaration.events ?? []) {
            expect(fired.has(event.name), `${event.name} fired`).to.equal(true);
            const type = /^CustomEvent<(\w+)>$/.exec(event.type?.text ?? '')?.[1] ?? '';
            expect(DETAIL_KEYS[type], `the keys of ${type}`).to.exist;
            expect(Object.keys(fired.get(event.name) as object).sort(), `${event.name} detail`).to.deep.equal(DETAIL_KEYS[type]);
          }
        });
      }
    });
  }
});
