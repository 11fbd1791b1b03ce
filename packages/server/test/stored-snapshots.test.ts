import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, open311RequestSchema, SNAPSHOT_VERSION, staffMessageSchema } from '@payam/core';
import { z } from 'zod';
import { openDatabase, type ServerOptions } from '../src/index.js';
import { BACKENDS, newPostgresDatabase, startTestServer } from './support/harness.js';

type Stored = { version: number; context: { answer: Record<string, unknown> | null; unitId: string } };

/** Where a server keeps its data across a restart, on `backend`. */
async function storageFor(backend: (typeof BACKENDS)[number], dir: string): Promise<Pick<ServerOptions, 'dataDir' | 'databaseUrl'>> {
  return backend === 'postgres' ? { databaseUrl: await newPostgresDatabase() } : { dataDir: dir };
}

/** Changes the stored snapshot of a message with the server stopped, as an older or newer server would have left it. */
async function rewriteSnapshot(storage: Pick<ServerOptions, 'dataDir' | 'databaseUrl'>, id: string, change: (stored: Stored) => Stored) {
  const db = await openDatabase({ ...storage, demo: false });
  try {
    const [row] = await db.query<{ snapshot: unknown }>('SELECT snapshot FROM messages WHERE id = $1', [id]);
    const stored = (typeof row?.snapshot === 'string' ? JSON.parse(row.snapshot) : row?.snapshot) as Stored;
    await db.query('UPDATE messages SET snapshot = $2::json WHERE id = $1', [id, JSON.stringify(change(stored))]);
  } finally {
    await db.close();
  }
}

async function storedVersion(storage: Pick<ServerOptions, 'dataDir' | 'databaseUrl'>, id: string): Promise<number> {
  const db = await openDatabase({ ...storage, demo: false });
  try {
    const [row] = await db.query<{ snapshot: unknown }>('SELECT snapshot FROM messages WHERE id = $1', [id]);
    return ((typeof row?.snapshot === 'string' ? JSON.parse(row.snapshot) : row?.snapshot) as Stored).version;
  } finally {
    await db.close();
  }
}

describe.each(BACKENDS)('stored messages survive an upgrade on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'payam-snapshots-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a message stored in format 1, acts on it, and stores it in the current format on the next write', { timeout: 120_000 }, async () => {
    const storage = await storageFor(backend, dir);
    const before = await startTestServer(backend, storage);
    const { id, token } = await before.submit();
    expect((await before.act(id, 'refer', { unitId: 'district-6' }, 'demo-admin')).status).toBe(200);
    expect((await before.act(id, 'answer', { text: 'Filled.' }, 'demo-admin')).status).toBe(200);
    await before.close();
    // Format 1: an answer did not name the unit that gave it.
    await rewriteSnapshot(storage, id, ({ context, ...rest }) => {
      const { unitId: _, ...answer } = context.answer ?? {};
      return { ...rest, version: 1, context: { ...context, answer } };
    });
    expect(await storedVersion(storage, id)).toBe(1);

    const after = await startTestServer(backend, storage);
    try {
      const read = await after.get(`/open311/v2/requests/${id}.json?extensions=true`, { 'x-citizen-token': token });
      expect(read.status).toBe(200);
      const [view] = z.array(open311RequestSchema).parse(await read.json());
      expect(view).toMatchObject({ status: 'closed', status_notes: 'Filled.', extended_attributes: { detailed_status: 'answered', accepts: 'feedback' } });
      const feedback = await after.postJson(`/open311/v2/requests/${id}/feedback.json`, { resolved: 'no', rating: 1 }, { 'x-citizen-token': token });
      expect(feedback.status).toBe(200);
      const staff = staffMessageSchema.parse(await (await after.get(`/staff/v1/messages/${id}`, { authorization: 'Bearer demo-admin' })).json());
      expect(staff).toMatchObject({ state: 'reopened', unitId: 'district-6', deadline: { stage: 'referral' } });
    } finally {
      await after.close();
    }
    expect(await storedVersion(storage, id)).toBe(SNAPSHOT_VERSION);
  });

  it('answers a message stored in a newer format with a 409 and its reason, logged, never a 500', { timeout: 120_000 }, async () => {
    const storage = await storageFor(backend, dir);
    const before = await startTestServer(backend, storage);
    const { id, token } = await before.submit();
    await before.close();
    await rewriteSnapshot(storage, id, (stored) => ({ ...stored, version: SNAPSHOT_VERSION + 1 }));

    const s = await startTestServer(backend, storage);
    try {
      const attempts = [
        () => s.get(`/open311/v2/requests/${id}.json`, { 'accept-language': 'en' }),
        () => s.get(`/open311/v2/requests/${id}.xml`, { 'accept-language': 'en' }),
        () => s.postJson(`/open311/v2/requests/${id}/follow_ups.json`, { text: 'Still there.' }, { 'x-citizen-token': token, 'accept-language': 'en' }),
        () => s.get(`/staff/v1/messages/${id}`, { authorization: 'Bearer demo-admin', 'accept-language': 'en' }),
        () => s.postJson(`/staff/v1/messages/${id}/actions/triage`, {}, { authorization: 'Bearer demo-admin', 'accept-language': 'en' }),
      ];
      for (const attempt of attempts) {
        const response = await attempt();
        expect(response.status).toBe(409);
        const body = await response.text();
        if (response.headers.get('content-type')?.includes('json')) {
          const [error] = apiErrorSchema.parse(JSON.parse(body));
          expect(error?.refusal).toBe('stored_in_newer_format');
          expect(error?.description).toMatch(/newer format/);
        } else {
          expect(body).toContain('stored_in_newer_format');
        }
      }
      const persian = apiErrorSchema.parse(await (await s.get(`/open311/v2/requests/${id}.json`)).json());
      expect(persian[0]?.description).toMatch(/نسخهٔ تازه‌تری/);
      const logged = s.logs.filter((line) => line.includes('stored message cannot be read')).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.length).toBeGreaterThanOrEqual(attempts.length);
      expect(logged[0]).toMatchObject({ level: 'error', problem: 'newer_version', version: SNAPSHOT_VERSION + 1, messageId: id });
      expect(s.logs.some((line) => line.includes('unexpected error'))).toBe(false);
      // Other messages are untouched.
      const other = await s.submit();
      expect((await s.get(`/open311/v2/requests/${other.id}.json`)).status).toBe(200);
    } finally {
      await s.close();
    }
    // Nothing was written over it.
    expect(await storedVersion(storage, id)).toBe(SNAPSHOT_VERSION + 1);
  });
});
