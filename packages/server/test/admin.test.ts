import fc from 'fast-check';
import { translate } from '@payam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../src/http/admin-api.js';
import { routesOf } from '../src/http/route.js';
import { demoServices } from '../src/config/demo-data.js';
import { BACKENDS, startTestServer, type TestServer } from './support/harness.js';

const ADMIN = { authorization: 'Bearer demo-admin' };

describe.each(BACKENDS)('running a city through the administration API (%s)', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  }, 120_000);
  afterAll(() => s?.close());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = ADMIN) =>
    fetch(`${s.url}/staff/v1/admin${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const audit = async () => ((await (await call('GET', '/audit?limit=500')).json()) as { items: { actor: string; action: string; target: string; before: unknown; after: unknown }[] }).items;

  it('is for administrators of every unit only: others are refused as the access module says', async () => {
    expect((await call('GET', '/api-keys', undefined, {})).status).toBe(401);
    for (const token of ['demo-supervisor', 'demo-handler', 'demo-analyst', 'demo-operator']) {
      const refused = await call('GET', '/staff', undefined, { authorization: `Bearer ${token}`, 'accept-language': 'en' });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { description: string }[])[0]?.description).toMatch(/administrator/);
    }
    // An administrator of one unit changes nothing city-wide.
    const added = await call('POST', '/staff', { name: 'District admin', role: 'admin', unitId: 'district-6' });
    expect(added.status).toBe(201);
    const { token } = (await added.json()) as { token: { token: string } };
    expect((await call('POST', '/api-keys', { name: 'x' }, { authorization: `Bearer ${token.token}` })).status).toBe(403);
  });

  it('creates an API key whose secret is shown once, lists it without the secret, and revokes it at once', async () => {
    const created = await call('POST', '/api-keys', { name: 'District 6 app' });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; name: string; secret: string; revokedAt: null };
    expect(key).toMatchObject({ name: 'District 6 app', revokedAt: null });
    expect(key.secret.length).toBeGreaterThan(20);
    const registered = await s.submit({ api_key: key.secret });
    expect(registered.id).toMatch(/^137-/);
    const listed = await (await call('GET', '/api-keys')).text();
    expect(listed).toContain(key.id);
    expect(listed).not.toContain(key.secret);

    const revoked = await call('POST', `/api-keys/${key.id}/revoke`);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    // Remembered by the credential cache a moment ago, refused now.
    const refused = await s.postJson('/open311/v2/requests.json', { api_key: key.secret, service_code: 'pothole', description: 'A deep pothole on the corner.' });
    expect(refused.status).toBe(403);
    expect((await call('POST', '/api-keys/key-nope/revoke')).status).toBe(404);

    const entries = await audit();
    const mine = entries.filter((e) => e.target === key.id);
    expect(mine.map((e) => e.action).sort()).toEqual(['apiKey.create', 'apiKey.revoke']);
    expect(mine.every((e) => e.actor === 'staff:staff-demo-admin')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(key.secret);
  });

  it('adds staff with a token shown once, issues and revokes tokens, changes roles, removes members', async () => {
    const bad = await call('POST', '/staff', { name: 'Someone', role: 'mayor' }, { ...ADMIN, 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }[])[0]?.field).toBe('role');
    const unknownUnit = await call('POST', '/staff', { name: 'Someone', role: 'handler', unitId: 'district-99' }, { ...ADMIN, 'accept-language': 'fa' });
    expect(unknownUnit.status).toBe(400);
    expect((await unknownUnit.json()) as unknown[]).toEqual([{ code: 400, description: 'واحد سازمانی با این شناسه وجود ندارد.', field: 'unitId' }]);
    // Several units: each named once, at least one, and not both ways in one body.
    for (const units of [{ unitIds: [] }, { unitIds: ['district-6', 'district-6'] }, { unitIds: ['district-6'], unitId: 'district-6' }]) {
      expect((await call('POST', '/staff', { name: 'Someone', role: 'handler', ...units })).status, JSON.stringify(units)).toBe(400);
    }
    // Said in the caller's language, on the field at fault.
    const twice = await call('POST', '/staff', { name: 'Someone', role: 'handler', unitIds: ['district-6', 'district-6'] }, { ...ADMIN, 'accept-language': 'fa' });
    expect((await twice.json()) as unknown[]).toEqual([{ code: 400, description: 'هر واحد را یک بار نام ببرید.', field: 'unitIds' }]);
    const both = await call('POST', '/staff', { name: 'Someone', role: 'handler', unitIds: ['district-6'], unitId: 'district-6' }, { ...ADMIN, 'accept-language': 'en' });
    expect((await both.json()) as unknown[]).toEqual([{ code: 400, description: 'Give unitIds or unitId, not both.', field: 'unitId' }]);
    const lent = await call('POST', '/staff', { name: 'Lent', role: 'handler', unitIds: ['district-6', 'inspection-complaints'] });
    expect(lent.status).toBe(201);
    const lentMember = ((await lent.json()) as { member: { id: string; unitIds: string[] } }).member;
    expect(lentMember.unitIds).toEqual(['district-6', 'inspection-complaints']);
    const moved = await call('PATCH', `/staff/${lentMember.id}`, { unitId: 'district-1' });
    expect(((await moved.json()) as { unitIds: string[] }).unitIds).toEqual(['district-1']);
    const everywhere = await call('PATCH', `/staff/${lentMember.id}`, { unitIds: null });
    expect(((await everywhere.json()) as { unitIds: string[] | null }).unitIds).toBeNull();

    const added = (await (await call('POST', '/staff', { name: 'Maryam, district 6', role: 'handler', unitId: 'district-6' })).json()) as {
      member: { id: string; tokens: { id: string }[] };
      token: { id: string; token: string };
    };
    const first = { authorization: `Bearer ${added.token.token}` };
    expect((await s.get('/staff/v1/queue', first)).status).toBe(200);
    const second = (await (await call('POST', `/staff/${added.member.id}/tokens`)).json()) as { id: string; token: string };
    const listed = await (await call('GET', '/staff')).text();
    expect(listed).toContain(added.token.id);
    expect(listed).not.toContain(added.token.token);
    expect(listed).not.toContain(second.token);

    expect((await call('POST', `/staff-tokens/${added.token.id}/revoke`)).status).toBe(200);
    expect((await s.get('/staff/v1/queue', first)).status).toBe(401);
    expect((await s.get('/staff/v1/queue', { authorization: `Bearer ${second.token}` })).status).toBe(200);

    // A role change applies to every token of theirs at once: an analyst reads no queue.
    const changed = await call('PATCH', `/staff/${added.member.id}`, { role: 'analyst' });
    expect(((await changed.json()) as { role: string }).role).toBe('analyst');
    expect((await s.get('/staff/v1/queue', { authorization: `Bearer ${second.token}` })).status).toBe(403);

    expect((await call('DELETE', `/staff/${added.member.id}`)).status).toBe(200);
    expect((await s.get('/staff/v1/stats/feedback', { authorization: `Bearer ${second.token}` })).status).toBe(401);
    expect((await call('POST', `/staff/${added.member.id}/tokens`)).status).toBe(409);

    const actions = (await audit()).filter((e) => e.target === added.member.id || e.target === added.token.id || e.target === second.id).map((e) => e.action);
    expect(actions.sort()).toEqual(['staff.add', 'staff.change', 'staff.remove', 'staffToken.issue', 'staffToken.revoke']);
    const text = JSON.stringify(await audit());
    expect(text).not.toContain(added.token.token);
    expect(text).not.toContain(second.token);
  });

  it('versions a form: the public form changes at once, each message keeps the version it was registered with', async () => {
    const before = await s.submit();
    const pothole = demoServices.find((service) => service.code === 'pothole')!;
    const changed = {
      ...pothole,
      guidance: { fa: 'عکس و اندازهٔ چاله را بنویسید.', en: 'Give the size of the pothole.' },
      attributes: [...(pothole.attributes ?? []), { code: 'lane', datatype: 'singlevaluelist', required: true, order: 3, description: { fa: 'کدام خط؟', en: 'Which lane?' }, values: [{ key: 'left', name: { fa: 'چپ', en: 'Left' } }, { key: 'right', name: { fa: 'راست', en: 'Right' } }] }],
    };
    const put = await call('PUT', '/services/pothole', changed);
    expect(put.status).toBe(200);
    expect(((await put.json()) as { formVersion: number }).formVersion).toBe(2);
    // The same definition again makes no new version.
    expect(((await (await call('PUT', '/services/pothole', changed)).json()) as { formVersion: number }).formVersion).toBe(2);

    const definition = (await (await s.get('/open311/v2/services/pothole.json?lang=en')).json()) as { attributes: { code: string; required: boolean }[] };
    expect(definition.attributes.find((a) => a.code === 'lane')?.required).toBe(true);
    // The new required field is asked of new messages.
    const missing = await s.postJson('/open311/v2/requests.json', { api_key: 'demo', service_code: 'pothole', description: 'A deep pothole on the corner.' });
    expect(missing.status).toBe(400);
    const after = await s.submit({ attribute: { lane: 'left' } });

    const version = async (id: string) => ((await (await s.get(`/staff/v1/messages/${id}`, ADMIN)).json()) as { formVersion: number | null }).formVersion;
    expect(await version(before.id)).toBe(1);
    expect(await version(after.id)).toBe(2);
    const queue = (await (await s.get('/staff/v1/queue?limit=500', ADMIN)).json()) as { items: { id: string; formVersion: number }[] };
    expect(queue.items.find((m) => m.id === after.id)?.formVersion).toBe(2);

    const versions = (await (await call('GET', '/services/pothole/forms')).json()) as { formVersion: number; service: { attributes: { code: string }[] } }[];
    expect(versions.map((v) => v.formVersion)).toEqual([2, 1]);
    expect(versions[1]?.service.attributes.map((a) => a.code)).not.toContain('lane');
    const entry = (await audit()).find((e) => e.action === 'service.set' && e.target === 'pothole');
    expect(entry?.before).toMatchObject({ formVersion: 1 });
    expect(entry?.after).toMatchObject({ formVersion: 2 });
  });

  it('refuses services and systems that do not fit, with the field at fault', async () => {
    const pothole = demoServices.find((service) => service.code === 'pothole')!;
    const moved = await call('PUT', '/services/pothole', { ...pothole, system: '1888' }, { ...ADMIN, 'accept-language': 'en' });
    expect(moved.status).toBe(409);
    expect(((await moved.json()) as { field: string }[])[0]?.field).toBe('system');
    expect((await call('PUT', '/services/new-one', { ...pothole, code: 'new-one', system: '999' })).status).toBe(400);
    expect((await call('PUT', '/services/other', { ...pothole, code: 'pothole' })).status).toBe(400);
    const listBad = await call('PUT', '/services/bad-list', { system: '137', code: 'bad-list', name: { fa: 'فهرست' }, attributes: [{ code: 'kind', datatype: 'singlevaluelist', description: { fa: 'نوع' } }] });
    expect(listBad.status).toBe(400);
    expect(((await listBad.json()) as { field: string }[])[0]?.field).toBe('attributes.0.values');

    const system = { name: { fa: 'سامانهٔ آزمایشی', en: 'A trial line' }, intakeUnitId: 'municipality', confidential: true };
    expect((await call('PUT', '/systems/trial', { ...system, intakeUnitId: 'nowhere' })).status).toBe(400);
    expect((await call('PUT', '/systems/trial', system)).status).toBe(200);
    const created = await call('PUT', '/services/trial-complaint', { system: 'trial', code: 'trial-complaint', name: { fa: 'شکایت' } });
    expect(((await created.json()) as { formVersion: number }).formVersion).toBe(1);
    const systems = (await (await call('GET', '/systems')).json()) as { id: string; confidential: boolean }[];
    expect(systems.find((x) => x.id === 'trial')?.confidential).toBe(true);
    // A message of the confidential system is private from registration on: not in the public list.
    const { id } = await s.submit({ service_code: 'trial-complaint', jurisdiction_id: 'trial' });
    expect((await s.get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
  });

  it('adds, changes and removes org units, keeping the tree a tree and what depends on a unit', async () => {
    expect((await call('PUT', '/units/district-6-parks', { name: { fa: 'فضای سبز منطقه ۶' }, parentId: 'district-6' })).status).toBe(200);
    expect((await call('PUT', '/units/orphan', { name: { fa: 'بی‌پدر' }, parentId: 'nowhere' })).status).toBe(400);
    // A cycle: district-6 under its own child.
    const units = (await (await call('GET', '/units')).json()) as { id: string; name: unknown; parentId: string | null }[];
    const district = units.find((u) => u.id === 'district-6')!;
    expect((await call('PUT', '/units/district-6', { ...district, parentId: 'district-6-parks' })).status).toBe(400);
    expect((await call('DELETE', '/units/district-6')).status).toBe(409);
    expect((await call('DELETE', '/units/municipality')).status).toBe(409);
    expect((await call('DELETE', '/units/district-6-parks')).status).toBe(200);
    expect((await call('DELETE', '/units/district-6-parks')).status).toBe(404);
    const actions = (await audit()).filter((e) => e.target === 'district-6-parks').map((e) => e.action);
    expect(actions.sort()).toEqual(['unit.remove', 'unit.set']);
  });

  it('keeps the calendar and its holidays', async () => {
    expect((await call('PUT', '/holidays/1406-01-01')).status).toBe(200);
    expect((await (await call('GET', '/holidays?year=1406')).json()) as string[]).toEqual(['1406-01-01']);
    expect((await (await call('GET', '/calendar')).json()) as { holidays: string[] }).toMatchObject({ holidays: expect.arrayContaining(['1406-01-01']) });
    const bad = await call('PUT', '/holidays/1406-13-40', undefined, { ...ADMIN, 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }[])[0]?.field).toBe('date');
    expect((await call('DELETE', '/holidays/1406-01-01')).status).toBe(200);
    expect((await call('DELETE', '/holidays/1406-01-01')).status).toBe(404);
    const calendar = (await (await call('GET', '/calendar')).json()) as { timeZone: string; week: unknown[]; holidays: string[] };
    // A city's setup is refused in the caller's language, never with the key its schema names.
    for (const lang of ['fa', 'en'] as const) {
      const empty = await call('PUT', '/calendar', { ...calendar, week: [] }, { ...ADMIN, 'accept-language': lang });
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as { description: string }[]).map((e) => e.description)).toContain(translate(lang, 'configuration.calendarEmpty'));
    }
    expect((await call('PUT', '/calendar', { ...calendar, week: calendar.week.slice(0, 1) })).status).toBe(200);
    expect((await s.get('/staff/v1/policies', ADMIN).then((r) => r.json())) as { calendar: { week: unknown[] } }).toMatchObject({ calendar: { week: calendar.week.slice(0, 1) } });
    const actions = (await audit()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['holiday.add', 'holiday.remove', 'calendar.set']));
  });

  it('pages the audit log, newest first, and records policy changes too', async () => {
    expect((await s.postJson('/staff/v1/policies', {}, ADMIN)).status).toBe(404);
    const patch = await fetch(`${s.url}/staff/v1/policies`, { method: 'PATCH', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ routing: [] }) });
    expect(patch.status).toBe(200);
    const first = (await (await call('GET', '/audit?limit=2')).json()) as { items: { id: number; action: string }[]; total: number };
    expect(first.items).toHaveLength(2);
    expect(first.items[0]?.action).toBe('policies.change');
    const next = (await (await call('GET', '/audit?limit=2&offset=2')).json()) as { items: { id: number }[]; total: number };
    expect(next.total).toBe(first.total);
    expect(next.items[0]!.id).toBeLessThan(first.items[1]!.id);
    expect((await call('GET', '/audit?limit=0')).status).toBe(400);
  });

  it('is described in the OpenAPI document with its bodies and answers', async () => {
    const doc = (await (await s.get('/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/staff/v1/admin/'))).toEqual(
      expect.arrayContaining(['/staff/v1/admin/api-keys', '/staff/v1/admin/api-keys/{id}/revoke', '/staff/v1/admin/staff/{id}/tokens', '/staff/v1/admin/services/{code}', '/staff/v1/admin/holidays/{date}', '/staff/v1/admin/audit']),
    );
    expect(doc.paths['/staff/v1/admin/services/{code}']?.put?.requestBody).toBeDefined();
    expect(doc.paths['/staff/v1/admin/api-keys']?.post?.responses['201']).toBeDefined();
  });

  it('answers any body, query or path parameter with a 2xx or a 4xx, never a 5xx', async () => {
    const route = fc.constantFrom(...routesOf(adminApi));
    const segment = fc.oneof(fc.constant('pothole'), fc.constant('district-6'), fc.string({ maxLength: 12 }).map(encodeURIComponent).filter((v) => v !== '' && v !== '.' && v !== '..'));
    await fc.assert(
      fc.asyncProperty(route, segment, fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 8 }), async (r, value, body, q) => {
        // Only reads and refused changes: a random body is never a valid service or unit by chance here.
        const path = r.path.replace(/\{\w+\}/g, value);
        const response = await fetch(`${s.url}/staff/v1${path}?limit=${encodeURIComponent(q)}&year=${encodeURIComponent(q)}`, {
          method: r.method.toUpperCase(),
          headers: { ...ADMIN, 'content-type': 'application/json' },
          ...(r.method === 'get' ? {} : { body: JSON.stringify(body) }),
        });
        expect(response.status, `${r.method} ${path}`).toBeLessThan(500);
        await response.arrayBuffer();
      }),
      { numRuns: 60 },
    );
  });
});
