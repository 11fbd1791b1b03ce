import { isDeepStrictEqual } from 'node:util';
import { orgTreeSchema, orgUnitSchema, type OrgUnit } from '@payam/core';
import { configurationChanged } from '../config/catalog-watch.js';
import type { Queryable } from '../db/database.js';
import { adminTransaction, recordAudit, type AdminContext } from './audit.js';
import { AdminRefusal, invalidInput, parseInput } from './refusal.js';

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

async function readUnits(db: Queryable): Promise<OrgUnit[]> {
  const rows = await db.query<{ config: unknown }>('SELECT config FROM org_units ORDER BY position, id');
  return rows.map((r) => orgUnitSchema.parse(json(r.config)));
}

/** Every org unit, in display order. */
export function listUnits(context: Pick<AdminContext, 'db'>): Promise<OrgUnit[]> {
  return readUnits(context.db);
}

/** Adds a unit or changes one (name, parent, region); the tree must stay a tree (parents exist, no cycle). */
export async function setUnit(context: AdminContext, input: unknown, id?: string): Promise<OrgUnit> {
  const unit = parseInput(orgUnitSchema, id === undefined ? input : { id, ...(input as object) });
  if (id !== undefined && unit.id !== id) throw new AdminRefusal(400, 'idMismatch', { field: 'id' });
  return adminTransaction(context, async (tx) => {
    const units = await readUnits(tx);
    const before = units.find((u) => u.id === unit.id) ?? null;
    if (before && isDeepStrictEqual(before, unit)) return unit;
    const tree = orgTreeSchema.safeParse(before ? units.map((u) => (u.id === unit.id ? unit : u)) : [...units, unit]);
    if (!tree.success) throw invalidInput(tree.error.issues);
    if (before) {
      await tx.query('UPDATE org_units SET config = $2::jsonb WHERE id = $1', [unit.id, JSON.stringify(unit)]);
    } else {
      await tx.query('INSERT INTO org_units (id, position, config) SELECT $1, COALESCE(max(position) + 1, 0), $2::jsonb FROM org_units', [unit.id, JSON.stringify(unit)]);
    }
    await recordAudit(tx, context, { action: 'unit.set', target: unit.id, before, after: unit });
    await configurationChanged(tx);
    return unit;
  });
}

/**
 * Removes a unit nothing depends on: no unit below it, no message with it, no member of staff in
 * it, no system taking its messages in, no policy naming it. Otherwise a 409 says what holds it.
 */
export async function removeUnit(context: AdminContext, id: string): Promise<OrgUnit> {
  return adminTransaction(context, async (tx) => {
    const units = await readUnits(tx);
    const unit = units.find((u) => u.id === id);
    if (!unit) throw new AdminRefusal(404, 'unitUnknown', { field: 'id' });
    if (units.some((u) => u.parentId === id)) throw new AdminRefusal(409, 'unitHasChildren', { field: 'id' });
    if ((await tx.query('SELECT 1 FROM messages WHERE unit_id = $1 LIMIT 1', [id])).length > 0) throw new AdminRefusal(409, 'unitHasMessages', { field: 'id' });
    if ((await tx.query('SELECT 1 FROM staff_members WHERE unit_id = $1 AND removed_at IS NULL LIMIT 1', [id])).length > 0) {
      throw new AdminRefusal(409, 'unitHasStaff', { field: 'id' });
    }
    if ((await tx.query("SELECT 1 FROM systems WHERE config->>'intakeUnitId' = $1 LIMIT 1", [id])).length > 0) throw new AdminRefusal(409, 'unitIsIntake', { field: 'id' });
    // A policy names a unit as an escalation target or a routing rule's unit.
    const named = await tx.query("SELECT 1 FROM settings WHERE key IN ('escalation', 'routing') AND position($1 IN value::text) > 0 LIMIT 1", [`"${id}"`]);
    if (named.length > 0) throw new AdminRefusal(409, 'unitInPolicies', { field: 'id' });
    await tx.query('DELETE FROM org_units WHERE id = $1', [id]);
    await recordAudit(tx, context, { action: 'unit.remove', target: id, before: unit, after: null });
    await configurationChanged(tx);
    return unit;
  });
}
