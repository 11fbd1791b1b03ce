import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { demoOrgUnits } from '../src/config/demo-data.js';
import { BACKENDS, parseXml, startTestServer, type TestServer } from './support/harness.js';

/*
 * The confidentiality invariant over random sequences of citizen and staff actions: after every
 * step, no private message's id, text, answer, timeline or count reaches anyone who may not see
 * it, on every public endpoint (JSON and XML) and every staff endpoint for every role.
 *
 * The demo data has a private service in the public 137 line (contractor misconduct), so both
 * systems have private messages and public messages can be reclassified into privacy.
 */

const PRIVATE_137 = 'contractor-misconduct';
/** How long the random sequences run on each database. */
const BUDGET_MS = 30_000;
const SERVICES: Record<'137' | '1888', (string | null)[]> = {
  '137': [null, 'pothole', 'garbage', 'city-idea', PRIVATE_137],
  '1888': [null, 'bribery', 'staff-misconduct', 'service-improvement'],
};
const REFER_UNITS = [
  undefined,
  'district-6',
  'district-6-services',
  'district-1-technical',
  'call-center-137',
  'municipality',
  'inspection-complaints',
  'inspection-intake',
];
const ACTIONS = [
  'triage',
  'refer',
  'start',
  'answer',
  'reject',
  'link',
  'unlink',
  'contact-attempt',
  'note',
] as const;
const ROLES = [
  'demo-operator',
  'demo-handler',
  'demo-supervisor',
  'demo-analyst',
  'demo-admin',
] as const;
type Role = (typeof ROLES)[number];

/** The units each demo token works in (the oracle's own walk of the demo tree), `null` for all. */
function subtree(root: string): Set<string> {
  const units = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of demoOrgUnits) {
      if (u.parentId && units.has(u.parentId) && !units.has(u.id)) {
        units.add(u.id);
        grew = true;
      }
    }
  }
  return units;
}
const UNITS: Record<Role, Set<string> | null | 'none'> = {
  'demo-operator': subtree('municipality'),
  'demo-handler': subtree('district-6'),
  'demo-supervisor': null,
  'demo-analyst': 'none',
  'demo-admin': null,
};
const SYSTEM_UNITS = { '137': subtree('municipality'), '1888': subtree('inspection') };
const maySee = (role: Role, unitId: string) => {
  const units = UNITS[role];
  return units !== 'none' && (units === null || units.has(unitId));
};

/** What the model knows of a message. */
interface Tracked {
  id: string;
  token: string;
  system: '137' | '1888';
  private: boolean;
  /** Texts that stay with this message alone: description, staff notes, follow-ups, feedback comments. */
  own: string[];
  /** Staff notes: never public, whatever the message. */
  notes: string[];
}

type Step =
  | {
      kind: 'register';
      system: '137' | '1888';
      service: number;
      region: '6' | '1';
      suggestion: boolean;
    }
  | {
      kind: 'staff';
      role: Role;
      action: (typeof ACTIONS)[number];
      target: number;
      other: number;
      unit: number;
      reclassify: number;
    }
  | { kind: 'citizen'; action: 'follow_up' | 'feedback'; target: number; ownToken: boolean }
  | { kind: 'worker' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      system: fc.constantFrom('137' as const, '1888' as const),
      service: fc.nat(4),
      region: fc.constantFrom('6' as const, '1' as const),
      suggestion: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('staff' as const),
      role: fc.constantFrom(...ROLES),
      // Refers and links, where scope is crossed, come twice as often.
      action: fc.constantFrom(...ACTIONS, 'refer' as const, 'link' as const),
      target: fc.nat(),
      other: fc.nat(),
      unit: fc.nat(REFER_UNITS.length - 1),
      reclassify: fc.nat(5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('citizen' as const),
      action: fc.constantFrom('follow_up' as const, 'feedback' as const),
      target: fc.nat(),
      ownToken: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'worker' as const }) },
);

/** Every string in a parsed answer (JSON or XML), keys included. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}
const mentions = (texts: string[], id: string) => {
  const pattern = new RegExp(`(?<![0-9A-Za-z])${id.replace(/[-]/g, '\\-')}(?![0-9])`);
  return texts.some((t) => pattern.test(t));
};

describe.each(BACKENDS)(
  'confidentiality invariant over random action sequences on %s',
  (backend) => {
    let s: TestServer;
    const tracked: Tracked[] = [];
    let counter = 0;
    let checked = 0;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });

    beforeAll(async () => {
      s = await startTestServer(backend);
      // Every count published, however small, so that the public total can be checked exactly.
      const patched = await fetch(`${s.url}/staff/v1/policies`, {
        method: 'PATCH',
        headers: { authorization: 'Bearer demo-admin', 'content-type': 'application/json' },
        body: JSON.stringify({ statistics: { minimumCount: 1 } }),
      });
      expect(patched.status).toBe(200);
      // Every run starts with public and private messages of both systems to act on.
      for (const [system, service] of [
        ['137', 0],
        ['137', 4],
        ['1888', 0],
        ['1888', 1],
      ] as const) {
        await run({ kind: 'register', system, service, region: '6', suggestion: false });
      }
      expect(tracked.map((m) => m.private)).toEqual([false, true, true, true]);
      // Starting the server and four registrations: a loaded machine may take long.
    }, 180_000);
    afterAll(() => s.close());

    const marker = () => `mk${backend}${++counter}q`;
    const pick = (n: number) => tracked[n % tracked.length]!;

    async function run(st: Step): Promise<void> {
      if (st.kind === 'worker') {
        await s.runWorker();
        return;
      }
      if (st.kind === 'register') {
        const service = SERVICES[st.system][st.service % SERVICES[st.system].length] ?? null;
        const text = `Report ${marker()} about the street.`;
        const response = await s.postJson('/open311/v2/requests.json', {
          api_key: 'demo',
          jurisdiction_id: st.system,
          ...(service ? { service_code: service } : {}),
          description: text,
          region: st.region,
          phone: '09121234567',
          ...(st.suggestion ? { suggestion: true, consent_text_version: 'v1' } : {}),
          ...(service === 'garbage' ? { attribute: { waste_kind: ['household'] } } : {}),
        });
        // Time moves on (statistics count up to, not including, the present moment).
        s.clock.advance(1000);
        if (response.status !== 201) return;
        const [created] = (await response.json()) as {
          service_request_id: string;
          citizen_token: string;
        }[];
        const isPrivate = st.system === '1888' || service === PRIVATE_137;
        tracked.push({
          id: created!.service_request_id,
          token: created!.citizen_token,
          system: st.system,
          private: isPrivate,
          own: [text],
          notes: [],
        });
        return;
      }
      if (tracked.length === 0) return;
      const m = pick(st.target);
      if (st.kind === 'citizen') {
        const text = marker();
        const token = st.ownToken ? m.token : pick(st.target + 1).token;
        const body =
          st.action === 'follow_up'
            ? { text: `Still there ${text}` }
            : { resolved: 'no', rating: 2, comment: `Not fixed ${text}` };
        await s.postJson(`/open311/v2/requests/${m.id}/${st.action}.json`, body, {
          'x-citizen-token': token,
        });
        m.own.push(text);
        return;
      }
      const text = marker();
      const services = SERVICES[m.system].filter((x): x is string => x !== null);
      const body: Record<string, unknown> = {};
      switch (st.action) {
        case 'refer': {
          const unitId = REFER_UNITS[st.unit];
          if (unitId) body.unitId = unitId;
          if (st.reclassify < services.length) body.serviceCode = services[st.reclassify];
          break;
        }
        case 'answer':
        case 'reject':
          body.text = `Answer ${text}`;
          break;
        case 'note':
          body.text = `Note ${text}`;
          m.own.push(text);
          m.notes.push(text);
          break;
        case 'link':
          body.firstMessageId = pick(st.other).id;
          break;
        case 'contact-attempt':
          body.outcome = 'reached';
          body.note = `Called ${text}`;
          m.own.push(text);
          m.notes.push(text);
          break;
        case 'start':
        case 'triage':
          body.note = `Start ${text}`;
          m.own.push(text);
          m.notes.push(text);
          break;
        default:
          break;
      }
      const response = await s.act(m.id, st.action, body, st.role);
      expect(response.status, `${st.role} ${st.action} ${m.id}`).toBeLessThan(500);
      if (response.status === 200 && st.action === 'refer' && body.serviceCode === PRIVATE_137)
        m.private = true;
    }

    /** The invariant, on every public endpoint and every staff endpoint for every role. */
    async function check(): Promise<void> {
      const privates = tracked.filter((m) => m.private);
      const publics = tracked.filter((m) => !m.private);
      const allNotes = tracked.flatMap((m) => m.notes);
      const leaks = (texts: string[], except: Tracked | null, where: string) => {
        for (const p of privates) {
          if (p === except) continue;
          expect(mentions(texts, p.id), `${where}: id of private ${p.id}`).toBe(false);
          for (const secret of p.own)
            expect(
              texts.some((t) => t.includes(secret)),
              `${where}: text of private ${p.id}`,
            ).toBe(false);
        }
      };
      const noNotes = (texts: string[], where: string) => {
        for (const note of allNotes)
          expect(
            texts.some((t) => t.includes(note)),
            `${where}: a staff note`,
          ).toBe(false);
      };
      const getJson = async (path: string, headers: Record<string, string> = {}) => {
        const response = await s.get(path, headers);
        return { status: response.status, body: (await response.json()) as unknown };
      };
      const getXml = async (path: string, headers: Record<string, string> = {}) => {
        const response = await s.get(path, headers);
        const text = await response.text();
        expect(XMLValidator.validate(text), path).toBe(true);
        return { status: response.status, body: parseXml(text) };
      };

      // Public lists, statistics and the suggestions feed, in JSON and XML.
      for (const format of ['json', 'xml'] as const) {
        const read = format === 'json' ? getJson : getXml;
        const list = await read(`/open311/v2/requests.${format}?extensions=true`);
        const texts = strings(list.body);
        leaks(texts, null, `list.${format}`);
        noNotes(texts, `list.${format}`);
        for (const p of publics)
          expect(mentions(texts, p.id), `list.${format} shows public ${p.id}`).toBe(true);
        for (const jurisdiction of ['137', '1888'])
          leaks(
            strings(
              (
                await read(
                  `/open311/v2/requests.${format}?jurisdiction_id=${jurisdiction}&extensions=true`,
                )
              ).body,
            ),
            null,
            `list ${jurisdiction}`,
          );
        const byId = await read(
          `/open311/v2/requests.${format}?service_request_id=${tracked.map((m) => m.id).join(',')}`,
        );
        leaks(strings(byId.body), null, `list by id.${format}`);
        const frequency = await read(`/open311/v2/stats/frequency.${format}`);
        leaks(strings(frequency.body), null, `frequency.${format}`);
        if (format === 'json') {
          const rows = (frequency.body as { rows: { count: number | null }[] }).rows;
          expect(
            rows.reduce((n, r) => n + (r.count ?? 0), 0),
            'public count',
          ).toBe(publics.length);
        }
        const feed = await read(`/open311/v2/suggestions.${format}`);
        leaks(strings(feed.body), null, `suggestions.${format}`);
      }

      // One message: a private one answers as nonexistent without its token, or with another's.
      const nonexistent = await getJson('/open311/v2/requests/137-99999999.json');
      await Promise.all(
        tracked.map(async (m) => {
          const other = tracked[(tracked.indexOf(m) + 1) % tracked.length]!;
          for (const format of ['json', 'xml'] as const) {
            const read = format === 'json' ? getJson : getXml;
            const bare = await read(`/open311/v2/requests/${m.id}.${format}?extensions=true`);
            const foreign = await read(
              `/open311/v2/requests/${m.id}.${format}?extensions=true`,
              other === m ? {} : { 'x-citizen-token': other.token },
            );
            const own = await read(`/open311/v2/requests/${m.id}.${format}?extensions=true`, {
              'x-citizen-token': m.token,
            });
            expect(own.status).toBe(200);
            leaks(strings(own.body), m, `own ${m.id}.${format}`);
            noNotes(strings(own.body), `own ${m.id}.${format}`);
            if (m.private) {
              expect(bare.status, `private ${m.id} without token`).toBe(404);
              if (format === 'json') expect(bare.body).toEqual(nonexistent.body);
              if (other !== m)
                expect(foreign.status, `private ${m.id} with another token`).toBe(404);
            } else {
              expect(bare.status).toBe(200);
              leaks(strings(bare.body), null, `public ${m.id}.${format}`);
              leaks(strings(foreign.body), null, `public ${m.id}.${format} with another token`);
            }
            if (format === 'json') {
              const privateFlag = (own.body as { extended_attributes?: { private?: boolean } }[])[0]
                ?.extended_attributes?.private;
              expect(privateFlag, `privacy of ${m.id}`).toBe(m.private);
            }
          }
          const token = await getXml(`/open311/v2/tokens/${m.token}.xml`);
          leaks(strings(token.body), m, `token of ${m.id}`);
        }),
      );

      // Staff, role by role: queues, single messages, feedback statistics.
      const admin = new Map<string, string>();
      await Promise.all(
        tracked.map(async (m) =>
          admin.set(
            m.id,
            (
              (await getJson(`/staff/v1/messages/${m.id}`, auth('demo-admin'))).body as {
                unitId: string;
              }
            ).unitId,
          ),
        ),
      );
      // A message never leaves its system's units (no refer carries a complaint to a district).
      for (const m of tracked)
        expect(SYSTEM_UNITS[m.system].has(admin.get(m.id)!), `unit of ${m.id}`).toBe(true);
      const missing = await getJson('/staff/v1/messages/137-99999999', auth('demo-handler'));
      for (const role of ROLES) {
        const sees = (m: Tracked) => maySee(role, admin.get(m.id)!);
        const hidden = privates.filter((p) => !sees(p));
        const hides = (texts: string[], where: string) => {
          for (const p of hidden) {
            expect(mentions(texts, p.id), `${role} ${where}: id of private ${p.id}`).toBe(false);
            for (const secret of p.own)
              expect(
                texts.some((t) => t.includes(secret)),
                `${role} ${where}: text of private ${p.id}`,
              ).toBe(false);
          }
        };
        const queue = await getJson('/staff/v1/queue?limit=500', auth(role));
        if (role === 'demo-analyst') expect(queue.status).toBe(403);
        else {
          const q = queue.body as { items: { id: string }[]; total: number };
          expect(new Set(q.items.map((i) => i.id)), `${role} queue`).toEqual(
            new Set(tracked.filter(sees).map((m) => m.id)),
          );
          expect(q.total, `${role} queue total`).toBe(tracked.filter(sees).length);
          hides(strings(queue.body), 'queue');
        }
        await Promise.all(
          tracked.map(async (m) => {
            const one = await getJson(`/staff/v1/messages/${m.id}`, auth(role));
            if (role === 'demo-analyst') expect(one.status).toBe(403);
            else if (sees(m)) {
              expect(one.status, `${role} sees ${m.id}`).toBe(200);
              hides(strings(one.body), `message ${m.id}`);
            } else {
              expect(one.status, `${role} may not see ${m.id}`).toBe(404);
              expect(one.body).toEqual(missing.body);
            }
          }),
        );
        const stats = await getJson('/staff/v1/stats/feedback', auth(role));
        expect(stats.status).toBe(200);
        const systems = (stats.body as { bySystem: { system: string }[] }).bySystem.map(
          (x) => x.system,
        );
        if (UNITS[role] !== null && UNITS[role] !== 'none')
          expect(systems, `${role} feedback statistics`).not.toContain('1888');
      }
    }

    it('never shows a private message to anyone who may not see it', async () => {
      // A time budget bounds the test: once spent, the remaining steps are left out (a step
      // begun is always checked), so a slow machine runs fewer steps, never a failing test.
      const deadline = Date.now() + BUDGET_MS;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
          for (const st of steps) {
            if (Date.now() > deadline) return;
            await run(st);
            await check();
            checked++;
          }
        }),
        { numRuns: 12, endOnFailure: true },
      );
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  },
);
