import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoServices } from '../src/config/demo-data.js';
import { startServer, type RunningServer } from '../src/index.js';
import { runCli, runPayam, type CliRun } from './support/cli.js';
import { newPostgresDatabase } from './support/harness.js';

const started: CliRun[] = [];
afterAll(() => {
  for (const run of started) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});

/** A city from nothing: a unit tree, a system, a service with a form. */
function cityFiles(dir: string): { units: string; system: string; services: string } {
  const units = join(dir, 'units.json');
  writeFileSync(units, JSON.stringify([
    { id: 'city-hall', name: { fa: 'شهرداری', en: 'City hall' }, parentId: null },
    { id: 'roads', name: { fa: 'معابر', en: 'Roads' }, parentId: 'city-hall' },
  ]));
  const system = join(dir, 'system.json');
  writeFileSync(system, JSON.stringify({ id: '137', name: { fa: '۱۳۷', en: '137' }, intakeUnitId: 'city-hall' }));
  const services = join(dir, 'services.json');
  writeFileSync(services, JSON.stringify([
    { system: '137', code: 'pothole', name: { fa: 'چاله', en: 'Pothole' }, attributes: [{ code: 'depth_cm', datatype: 'number', description: { fa: 'عمق', en: 'Depth' } }] },
    { system: '137', code: 'lights', name: { fa: 'روشنایی', en: 'Street lights' } },
  ]));
  return { units, system, services };
}

describe('the payam command line on a PGlite folder', () => {
  it('sets a city up from nothing, and leaves the folder to a server, which runs that city', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payam-admin-'));
    const env = { PAYAM_DATA_DIR: join(dir, 'data') };
    const payam = (...args: string[]) => runPayam(args, env);
    const files = cityFiles(dir);
    // Each run opens the folder (PGlite's start is slow on a busy machine): few runs, each doing much.
    expect((await payam('units', 'set', '--file', files.units)).code).toBe(0);
    expect((await payam('systems', 'set', '--file', files.system)).code).toBe(0);
    const services = await payam('services', 'set', '--file', files.services);
    expect(services.stdout).toContain('service pothole: form v1');
    const admin = JSON.parse((await payam('staff', 'add', '--name', 'City admin', '--role', 'admin', '--json')).stdout) as { token: { token: string } };
    const key = JSON.parse((await payam('api-keys', 'create', '--name', 'District 1 site', '--json')).stdout) as { id: string; secret: string };

    // A server holds the folder: the command line says so and exits 1, changing nothing.
    const server = await runCli({ PAYAM_DATA_DIR: env.PAYAM_DATA_DIR, PAYAM_DEMO: '0' });
    started.push(server);
    await server.waitFor(/Payam is running at (http:\/\/\S+)/, 240_000);
    const url = /Payam is running at (http:\/\/\S+)/.exec(server.output())![1]!;
    const locked = await payam('api-keys', 'create', '--name', 'Late');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(`in use by another Payam process (pid ${server.child.pid})`);

    // The server runs the city the command line set up: its key registers, the admin's token reads the audit log.
    const registered = await fetch(`${url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: key.secret, service_code: 'pothole', description: 'A pothole by the school gate.' }),
    });
    expect(registered.status).toBe(201);
    const id = ((await registered.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const asAdmin = { headers: { authorization: `Bearer ${admin.token.token}` } };
    const message = (await (await fetch(`${url}/staff/v1/messages/${id}`, asAdmin)).json()) as { formVersion: number; unitId: string };
    expect(message).toMatchObject({ formVersion: 1, unitId: 'city-hall' });
    const audit = (await (await fetch(`${url}/staff/v1/admin/audit`, asAdmin)).json()) as { items: { actor: string; action: string }[] };
    expect(audit.items.map((e) => e.action)).toEqual(['apiKey.create', 'staff.add', 'service.set', 'service.set', 'system.set', 'unit.set', 'unit.set']);
    expect(audit.items.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(key.secret);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 400_000);
});

describe('the payam command line on PostgreSQL, beside a running server', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.close());

  it('runs every operation with --json, --help and exit codes, and the running server follows within seconds', async () => {
    const databaseUrl = await newPostgresDatabase();
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl, demo: true, quiet: true, workerIntervalMs: 0, rateLimits: false });
    const env = { DATABASE_URL: databaseUrl };
    const payam = (...args: string[]) => runPayam(args, env);
    const url = server.url;
    const dir = mkdtempSync(join(tmpdir(), 'payam-admin-pg-'));

    const help = await payam('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('payam api-keys create --name <name>');
    expect((await payam('bogus')).code).toBe(2);
    expect((await payam('api-keys', 'list', '--colour')).code).toBe(2);
    const missing = await payam('api-keys', 'create');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--name is required');

    // API keys: created (secret once), listed without it, working at once, revoked.
    const key = JSON.parse((await payam('api-keys', 'create', '--name', 'District 1 site', '--json')).stdout) as { id: string; secret: string };
    const keys = await payam('api-keys', 'list');
    expect(keys.stdout).toContain(key.id);
    expect(keys.stdout).not.toContain(key.secret);
    const register = () =>
      fetch(`${url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: key.secret, service_code: 'garbage', description: 'Rubble left on the pavement.', attribute: { waste_kind: 'construction' } }),
      });
    expect((await register()).status).toBe(201);

    // Staff: added (token once), another token, one revoked while the server remembers it.
    const staff = JSON.parse((await payam('staff', 'add', '--name', 'Nima', '--role', 'supervisor', '--json')).stdout) as { member: { id: string }; token: { id: string; token: string } };
    const asStaff = () => fetch(`${url}/staff/v1/queue`, { headers: { authorization: `Bearer ${staff.token.token}` } });
    expect((await asStaff()).status).toBe(200);
    const second = JSON.parse((await payam('staff', 'token', staff.member.id, '--json')).stdout) as { id: string; token: string };
    const badRole = await payam('staff', 'add', '--name', 'X', '--role', 'mayor');
    expect(badRole.code).toBe(3);
    expect(badRole.stderr).toContain('role');
    const badUnit = await payam('staff', 'add', '--name', 'X', '--role', 'handler', '--unit', 'nowhere', '--lang', 'fa');
    expect(badUnit.code).toBe(3);
    expect(badUnit.stderr).toContain('واحد سازمانی با این شناسه وجود ندارد.');
    expect((await payam('staff', 'change', staff.member.id, '--unit', 'district-6,district-1')).stdout).toContain('district-6, district-1');

    // Forms, systems, units, the calendar.
    const garbage = demoServices.find((s) => s.code === 'garbage')!;
    writeFileSync(join(dir, 'garbage.json'), JSON.stringify({ ...garbage, guidance: { fa: 'راهنمای تازه', en: 'New guidance for garbage' } }));
    expect((await payam('services', 'set', '--file', join(dir, 'garbage.json'))).stdout).toContain('service garbage: form v2');
    expect((await payam('services', 'list', '--system', '137')).stdout).toMatch(/garbage\s+137\s+\S.*form v2/);
    writeFileSync(join(dir, 'moved.json'), JSON.stringify({ ...garbage, system: '1888' }));
    expect((await payam('services', 'set', '--file', join(dir, 'moved.json'))).code).toBe(3);
    expect((await payam('systems', 'list')).stdout).toContain('1888');
    expect((await payam('units', 'set', 'district-6-parks', '--name-fa', 'فضای سبز', '--parent', 'district-6')).code).toBe(0);
    expect((await payam('units', 'remove', 'district-6')).code).toBe(3);
    expect((await payam('units', 'remove', 'district-6-parks')).code).toBe(0);
    expect((await payam('units', 'list')).stdout).not.toContain('district-6-parks');
    expect((await payam('holidays', 'add', '1406-01-01', '1406-01-02')).code).toBe(0);
    expect((await payam('holidays', 'remove', '1406-01-02')).code).toBe(0);
    expect((await payam('holidays', 'remove', '1406-01-02')).code).toBe(3);
    expect(JSON.parse((await payam('holidays', 'list', '--year', '1406', '--json')).stdout)).toEqual(['1406-01-01']);
    const calendar = JSON.parse((await payam('calendar', 'show')).stdout) as { week: unknown[] };
    writeFileSync(join(dir, 'calendar.json'), JSON.stringify({ ...calendar, week: calendar.week.slice(0, 2) }));
    expect((await payam('calendar', 'set', '--file', join(dir, 'calendar.json'))).code).toBe(0);
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect((await payam('calendar', 'set', '--file', join(dir, 'broken.json'))).code).toBe(2);

    expect((await payam('staff', 'revoke-token', staff.token.id)).code).toBe(0);
    expect((await payam('api-keys', 'revoke', key.id)).code).toBe(0);
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 100));
      }
      return true;
    };
    // The running server follows: the new form, the revoked token and key, the calendar.
    expect(await until(async () => JSON.stringify(await (await fetch(`${url}/open311/v2/services.json?lang=en&extensions=true`)).json()).includes('New guidance for garbage'))).toBe(true);
    expect(await until(async () => (await asStaff()).status === 401)).toBe(true);
    expect(await until(async () => (await register()).status === 403)).toBe(true);
    expect((await fetch(`${url}/staff/v1/queue`, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(200);
    // The calendar comes with the catalog's next reload, which a revoked token or key need not wait
    // for: it is waited for like the rest.
    const policies = async () => (await (await fetch(`${url}/staff/v1/policies`, { headers: { authorization: 'Bearer demo-admin' } })).json()) as { calendar: { week: unknown[]; holidays: string[] } };
    expect(await until(async () => (await policies()).calendar.week.length === 2)).toBe(true);
    expect((await policies()).calendar.week).toHaveLength(2);
    expect((await policies()).calendar.holidays).toContain('1406-01-01');

    const audit = JSON.parse((await payam('audit', '--json', '--limit', '100')).stdout) as { items: { actor: string; action: string }[] };
    expect(audit.items.every((e) => e.actor.startsWith('cli:'))).toBe(true);
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['apiKey.create', 'apiKey.revoke', 'staff.add', 'staff.change', 'staffToken.issue', 'staffToken.revoke', 'service.set', 'unit.set', 'unit.remove', 'holiday.add', 'holiday.remove', 'calendar.set']),
    );
    expect(JSON.stringify(audit)).not.toContain(key.secret);
    expect(JSON.stringify(audit)).not.toContain(second.token);
    expect((await payam('audit', '--limit', '0')).code).toBe(2);
  }, 300_000);
});
