import { isDeepStrictEqual } from 'node:util';
import { serviceConfigSchema, systemConfigSchema, type ServiceConfig, type SystemConfig } from '@payam/core';
import { configurationChanged } from '../config/catalog-watch.js';
import type { Queryable } from '../db/database.js';
import { toIso } from '../engine/context.js';
import { adminTransaction, recordAudit, type AdminContext } from './audit.js';
import { AdminRefusal, parseInput } from './refusal.js';

/** A service with the version of its form. */
export interface ServiceView {
  /** The service definition: its form (attributes), guidance, required fields, visibility. */
  service: ServiceConfig;
  /** The version of its form: each change makes a new one; messages keep the one they were registered with. */
  formVersion: number;
}

/** One version of a service's form, as it was. */
export interface FormVersion extends ServiceView {
  /** When this version was made. */
  changedAt: string;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** Every system. */
export async function listSystems(context: Pick<AdminContext, 'db'>): Promise<SystemConfig[]> {
  const rows = await context.db.query<{ config: unknown }>('SELECT config FROM systems ORDER BY id');
  return rows.map((r) => systemConfigSchema.parse(json(r.config)));
}

/**
 * Adds or replaces a system (its name, whether a service is required, its intake unit, whether it
 * is confidential). Making a system confidential makes its messages private; lifting it never makes
 * a private message public again.
 */
export async function setSystem(context: AdminContext, input: unknown, id?: string): Promise<SystemConfig> {
  const system = parseInput(systemConfigSchema, id === undefined ? input : { id, ...(input as object) });
  if (id !== undefined && system.id !== id) throw new AdminRefusal(400, 'idMismatch', { field: 'id' });
  return adminTransaction(context, async (tx) => {
    if ((await tx.query('SELECT 1 FROM org_units WHERE id = $1', [system.intakeUnitId])).length === 0) {
      throw new AdminRefusal(400, 'unitUnknown', { field: 'intakeUnitId' });
    }
    const [row] = await tx.query<{ config: unknown }>('SELECT config FROM systems WHERE id = $1', [system.id]);
    const before = row ? systemConfigSchema.parse(json(row.config)) : null;
    if (before && isDeepStrictEqual(before, system)) return system;
    await tx.query('INSERT INTO systems (id, config) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config', [system.id, JSON.stringify(system)]);
    await recordAudit(tx, context, { action: 'system.set', target: system.id, before, after: system });
    await configurationChanged(tx);
    return system;
  });
}

/** Every service with its form version, in display order (optionally of one system). */
export async function listServices(context: Pick<AdminContext, 'db'>, system?: string): Promise<ServiceView[]> {
  const rows = await context.db.query<{ config: unknown; form_version: number }>(
    'SELECT config, form_version FROM services WHERE $1::text IS NULL OR system = $1 ORDER BY position, code',
    [system ?? null],
  );
  return rows.map((r) => ({ service: serviceConfigSchema.parse(json(r.config)), formVersion: r.form_version }));
}

async function currentService(tx: Queryable, code: string): Promise<(ServiceView & { position: number }) | null> {
  const [row] = await tx.query<{ config: unknown; form_version: number; position: number }>('SELECT config, form_version, position FROM services WHERE code = $1', [code]);
  return row ? { service: serviceConfigSchema.parse(json(row.config)), formVersion: row.form_version, position: row.position } : null;
}

/**
 * Adds a service or replaces its definition (name, form attributes, guidance, required fields,
 * visibility, suggestions). A change makes a new form version; the old versions are kept, and
 * messages keep the version they were registered with. A definition equal to the current one
 * changes nothing. A service stays in its system: its messages belong there.
 */
export async function setService(context: AdminContext, input: unknown, code?: string): Promise<ServiceView> {
  const service = parseInput(serviceConfigSchema, code === undefined ? input : { code, ...(input as object) });
  if (code !== undefined && service.code !== code) throw new AdminRefusal(400, 'idMismatch', { field: 'code' });
  return adminTransaction(context, async (tx) => {
    if ((await tx.query('SELECT 1 FROM systems WHERE id = $1', [service.system])).length === 0) {
      throw new AdminRefusal(400, 'systemUnknown', { field: 'system' });
    }
    const before = await currentService(tx, service.code);
    if (before && before.service.system !== service.system) throw new AdminRefusal(409, 'serviceMovesSystem', { field: 'system' });
    if (before && isDeepStrictEqual(before.service, service)) return { service, formVersion: before.formVersion };
    const formVersion = (before?.formVersion ?? 0) + 1;
    const at = context.now().toISOString();
    if (before) {
      await tx.query('UPDATE services SET config = $2::jsonb, form_version = $3 WHERE code = $1', [service.code, JSON.stringify(service), formVersion]);
    } else {
      await tx.query(
        'INSERT INTO services (code, system, position, config, form_version) SELECT $1, $2, COALESCE(max(position) + 1, 0), $3::jsonb, $4 FROM services',
        [service.code, service.system, JSON.stringify(service), formVersion],
      );
    }
    await tx.query('INSERT INTO service_forms (service_code, version, config, changed_at) VALUES ($1, $2, $3::jsonb, $4)', [service.code, formVersion, JSON.stringify(service), at]);
    const after = { service, formVersion };
    await recordAudit(tx, context, { action: 'service.set', target: service.code, before: before && { service: before.service, formVersion: before.formVersion }, after });
    await configurationChanged(tx);
    return after;
  });
}

/** Every version of a service's form, newest first. */
export async function serviceFormVersions(context: Pick<AdminContext, 'db'>, code: string): Promise<FormVersion[]> {
  const rows = await context.db.query<{ config: unknown; version: number; changed_at: unknown }>(
    'SELECT config, version, changed_at FROM service_forms WHERE service_code = $1 ORDER BY version DESC',
    [code],
  );
  if (rows.length === 0) throw new AdminRefusal(404, 'serviceNotFound', { field: 'code' });
  return rows.map((r) => ({ service: serviceConfigSchema.parse(json(r.config)), formVersion: r.version, changedAt: toIso(r.changed_at) }));
}
