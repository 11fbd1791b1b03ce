import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import type { Database } from '../src/db/database.js';
import { effectRows, effectRowsSql } from '../src/engine/effects.js';
import type { LifecycleEffect } from '@payam/core';

describe('effectRowsSql', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: null, demo: false });
  });
  afterAll(() => db.close());

  const entry = { type: 'registered', at: '2026-11-28T10:00:00.000Z', actor_role: 'citizen', visibility: 'public', text: null, data: { system: '137' } };
  const deadline = { id: 'x/1', stage: 'triage', due_at: '2026-11-29T10:00:00.000Z' };
  const written = async (id: string) => ({
    timeline: await db.query('SELECT type, at, actor_role, visibility, text, data FROM timeline WHERE message_id = $1', [id]),
    deadlines: await db.query('SELECT stage, due_at FROM deadlines WHERE message_id = $1', [id]),
  });

  it('writes the same rows from one JSON document per table and from one parameter per column', async () => {
    await db.query(`WITH m AS (SELECT $1::text AS id), ${effectRowsSql({ timeline: '$2', deadlines: '$3', at: '$2' })} SELECT id FROM m`, [
      'from-json',
      JSON.stringify([entry]),
      JSON.stringify([{ ...deadline, id: 'from-json/1' }]),
    ]);
    await db.query(
      `WITH m AS (SELECT $1::text AS id), ${effectRowsSql({ timeline: ['$2', '$3', '$4', '$5', '$6', '$7'], deadlines: ['$8', '$9', '$10'], at: '$3' })} SELECT id FROM m`,
      ['from-params', entry.type, entry.at, entry.actor_role, entry.visibility, entry.text, JSON.stringify(entry.data), 'from-params/1', deadline.stage, deadline.due_at],
    );
    const [json, plain] = [await written('from-json'), await written('from-params')];
    expect(json.timeline).toHaveLength(1);
    expect(json.deadlines).toHaveLength(1);
    expect(plain).toEqual(json);
  });

  it('refuses a row given with the wrong number of parameters', () => {
    expect(() => effectRowsSql({ timeline: ['$1'], deadlines: '$2', at: '$3' })).toThrow(/Expected 6 row parameters/);
  });

  it('refuses an effect it does not know instead of dropping it', () => {
    const unknown = { type: 'sendCarrierPigeon', to: 'M1' } as unknown as LifecycleEffect;
    expect(() => effectRows([unknown])).toThrow(/sendCarrierPigeon/);
    expect(effectRows([{ type: 'cancelDeadline', deadlineId: 'M1/1' }]).cancelled).toEqual(['M1/1']);
  });
});
