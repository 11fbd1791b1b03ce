// The production recipe (docs/production.md) as written: two built server processes
// (`node packages/server/dist/cli.js`) on one throwaway PostgreSQL, demo data off, the city's
// configuration loaded with `psql -f docs/production/city.sql` while they run, an SMS gateway.
// A message registered through one process is read through the other; every due deadline and
// every notification is applied once although both processes' workers run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres } from '../scripts/postgres.mjs';
import { checkBuildIsFresh, root, startPayam, startSmsGateway } from './support.mjs';

const API_KEY = randomBytes(24).toString('hex');
const ADMIN_TOKEN = randomBytes(24).toString('hex');
const PHONE = '09121234567';

/** Runs `psql` on the cluster: a query's rows as text lines, or a script with variables. */
function psql(url, args) {
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-At', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

async function until(what, check, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('the production recipe: two processes on one PostgreSQL', () => {
  let cluster;
  let gateway;
  const servers = [];
  before(async () => {
    checkBuildIsFresh();
    cluster = await startPostgres();
    gateway = await startSmsGateway();
    const env = () => ({
      NODE_ENV: 'production',
      DATABASE_URL: cluster.url,
      PAYAM_DEMO: '0',
      PAYAM_PUBLIC_URL: 'https://payam.city.example',
      PAYAM_SMS_URL: gateway.url,
      PAYAM_SMS_API_KEY: 'gateway-key',
      PAYAM_SMS_SENDER: '10008137',
    });
    servers.push(...(await Promise.all([startPayam(env), startPayam(env)])));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await gateway?.close();
    cluster?.stop();
  });

  it('starts without demo credentials, and both processes are live and ready', async () => {
    for (const server of servers) {
      assert.doesNotMatch(server.output(), /demo/i);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const refused = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: 'demo', description: 'x' }) });
      assert.equal(refused.status, 403);
    }
  });

  it('takes the city configuration from psql in every running process within seconds', async () => {
    psql(cluster.url, ['-v', `api_key=${API_KEY}`, '-v', `admin_token=${ADMIN_TOKEN}`, '-f', join(root, 'docs', 'production', 'city.sql')]);
    for (const server of servers) {
      await until('the services', async () => {
        const services = await (await fetch(`${server.url}/open311/v2/services.json`)).json();
        return services.some((s) => s.service_code === 'pothole');
      });
    }
  });

  it('registers through one process, reads through the other, and applies each deadline and notification once', async () => {
    const [a, b] = servers;
    const ids = [];
    for (let i = 0; i < 10; i++) {
      const through = i % 2 === 0 ? a : b;
      const response = await fetch(`${through.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ service_code: 'pothole', description: `A deep pothole, number ${i}.`, region: '1', phone: PHONE }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      const [created] = await response.json();
      ids.push(created.service_request_id);
      const other = through === a ? b : a;
      const [read] = await (await fetch(`${other.url}/open311/v2/requests/${created.service_request_id}.json`, { headers: { 'x-citizen-token': created.citizen_token, 'accept-language': 'en' } })).json();
      assert.equal(read.description, `A deep pothole, number ${i}.`);
      assert.equal(read.agency_responsible, '137 call centre');
    }

    // Every deadline falls due now (in the deadlines table and in the message's own snapshot);
    // both processes' workers race for them.
    const dueAt = new Date(Date.now() - 60_000).toISOString();
    psql(cluster.url, ['-c', `
      WITH d AS (SELECT message_id, due_at FROM deadlines)
      UPDATE messages m SET snapshot = jsonb_set(m.snapshot::jsonb, '{context,deadline,dueAt}', to_jsonb('${dueAt}'::text))::json FROM d WHERE d.message_id = m.id;
      UPDATE deadlines SET due_at = '${dueAt}';`]);
    await until('every deadline fed back', () => psql(cluster.url, ['-c', `SELECT count(*) FROM deadlines WHERE due_at <= now()`]) === '0');
    const escalations = psql(cluster.url, ['-c', `SELECT count(*) FILTER (WHERE type = 'escalated') FROM timeline GROUP BY message_id ORDER BY message_id`]);
    assert.deepEqual(escalations.split('\n'), ids.map(() => '1'), 'one escalation per message');
    for (const id of ids) {
      const [view] = await (await fetch(`${b.url}/open311/v2/requests/${id}.json?extensions=true`)).json();
      assert.equal(view.extended_attributes.escalation_level, 1);
    }

    // Answered through either process: the feedback invitation is sent once per message.
    for (const [i, id] of ids.entries()) {
      const answered = await fetch(`${(i % 2 === 0 ? b : a).url}/staff/v1/messages/${id}/actions/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ text: 'Filled and levelled.' }),
      });
      assert.equal(answered.status, 200, await answered.clone().text());
    }
    await until('every invitation sent', () => psql(cluster.url, ['-c', `SELECT count(*) FROM outbox WHERE sent_at IS NULL`]) === '0');
    await new Promise((done) => setTimeout(done, 2_000));
    const keys = gateway.received.map((sms) => sms.localid);
    assert.equal(keys.length, ids.length, `SMS received: ${keys.length}`);
    assert.equal(new Set(keys).size, ids.length, 'no notification sent twice');
    assert.ok(gateway.received.every((sms) => sms.receptor.endsWith('9121234567') && sms.message.includes('https://payam.city.example')));
  });
});
