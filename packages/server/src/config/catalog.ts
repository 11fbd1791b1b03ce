import { hash } from 'node:crypto';
import {
  createLifecycle,
  orgTreeSchema,
  serviceConfigSchema,
  systemConfigSchema,
  type Lifecycle,
  type OrgUnit,
  type ServiceConfig,
  type SystemConfig,
} from '@payam/core';
import type { Database, Queryable } from '../db/database.js';
import { settingsSchema, type Settings } from './policies.js';
import { DEMO_API_KEY, demoOrgUnits, demoServices, demoSettings, demoStaffTokens, demoSystems } from './demo-data.js';

/** SHA-256 of a secret, hex: how API keys, staff tokens and citizen tokens are stored. */
export function sha256(secret: string): string {
  // The one-shot hash: a third of the cost of a `createHash` object for a short input.
  return hash('sha256', secret, 'hex');
}

/** Everything configured: systems, services, org units, policies, and the lifecycle built on them. */
export interface Catalog {
  /** Systems by id. */
  readonly systems: ReadonlyMap<string, SystemConfig>;
  /** Services by code, in display order. */
  readonly services: ReadonlyMap<string, ServiceConfig>;
  /** The version of each service's form, by code: a message records the one it was registered with. */
  readonly formVersions: ReadonlyMap<string, number>;
  /** Org units by id. */
  readonly units: ReadonlyMap<string, OrgUnit>;
  /** Policies and settings. */
  readonly settings: Settings;
  /** The lifecycle under these policies. */
  readonly lifecycle: Lifecycle;
}

/** Loads the configuration from the database and builds the lifecycle. */
export async function loadCatalog(db: Queryable): Promise<Catalog> {
  const [systemRows, serviceRows, unitRows, settingRows] = await Promise.all([
    db.query<{ config: unknown }>('SELECT config FROM systems ORDER BY id'),
    db.query<{ config: unknown; form_version: number }>('SELECT config, form_version FROM services ORDER BY position, code'),
    db.query<{ config: unknown }>('SELECT config FROM org_units ORDER BY position, id'),
    db.query<{ key: string; value: unknown }>('SELECT key, value FROM settings'),
  ]);
  const systems = new Map(systemRows.map((r) => systemConfigSchema.parse(r.config)).map((s) => [s.id, s]));
  const parsedServices = serviceRows.map((r) => ({ service: serviceConfigSchema.parse(r.config), formVersion: r.form_version }));
  const services = new Map(parsedServices.map(({ service }) => [service.code, service]));
  const formVersions = new Map(parsedServices.map(({ service, formVersion }) => [service.code, formVersion]));
  const unitList = orgTreeSchema.parse(unitRows.map((r) => r.config));
  const stored = Object.fromEntries(settingRows.map((r) => [r.key, r.value]));
  const settings = settingsSchema.parse({ ...demoSettingsFallback(), ...stored });
  const lifecycle = createLifecycle({
    orgUnits: unitList,
    calendar: settings.calendar,
    escalation: settings.escalation,
    feedback: settings.feedback,
    feedbackBySystem: settings.feedbackBySystem,
  });
  return { systems, services, formVersions, units: new Map(unitList.map((u) => [u.id, u])), settings, lifecycle };
}

/** Without stored settings a server still runs: Tehran's calendar and the default limits. */
function demoSettingsFallback(): Pick<Settings, 'calendar' | 'escalation' | 'feedback'> {
  return { calendar: demoSettings.calendar, escalation: demoSettings.escalation, feedback: demoSettings.feedback };
}

/** Whether the database holds no configuration yet. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM systems');
  return (rows[0]?.n ?? 0) === 0;
}

/** Loads the demo systems, services, org tree, policies, API key and staff tokens into an empty database. */
export async function loadDemoData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(1371889)');
    if (!(await isEmpty(tx))) return;
    for (const system of demoSystems) {
      await tx.query('INSERT INTO systems (id, config) VALUES ($1, $2::jsonb)', [system.id, JSON.stringify(system)]);
    }
    let position = 0;
    for (const service of demoServices) {
      const parsed = serviceConfigSchema.parse(service);
      await tx.query('INSERT INTO services (code, system, position, config) VALUES ($1, $2, $3, $4::jsonb)', [
        parsed.code,
        parsed.system,
        position++,
        JSON.stringify(parsed),
      ]);
      await tx.query('INSERT INTO service_forms (service_code, version, config, changed_at) VALUES ($1, 1, $2::jsonb, now())', [parsed.code, JSON.stringify(parsed)]);
    }
    position = 0;
    for (const unit of demoOrgUnits) {
      await tx.query('INSERT INTO org_units (id, position, config) VALUES ($1, $2, $3::jsonb)', [unit.id, position++, JSON.stringify(unit)]);
    }
    for (const [key, value] of Object.entries(demoSettings)) {
      await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)', [key, JSON.stringify(value)]);
    }
    await tx.query("INSERT INTO api_keys (key_hash, name, id) VALUES ($1, $2, 'key-demo')", [sha256(DEMO_API_KEY), 'Demo API key']);
    for (const staff of demoStaffTokens) {
      await tx.query('INSERT INTO staff_members (id, name, role, unit_id, created_at) VALUES ($1, $2, $3, $4, now())', [`staff-${staff.token}`, staff.name, staff.role, staff.unitId]);
      await tx.query('INSERT INTO staff_tokens (token_hash, id, member_id, created_at) VALUES ($1, $2, $3, now())', [sha256(staff.token), `tok-${staff.token}`, `staff-${staff.token}`]);
    }
  });
}

/** The units at and below `unitId`. */
export function unitAndDescendants(units: ReadonlyMap<string, OrgUnit>, unitId: string): Set<string> {
  const result = new Set<string>([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units.values()) {
      if (unit.parentId !== null && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}

/** What routing rules are matched against: a message's system, service and region. */
export interface RoutingSubject {
  /** The system. */
  system: string;
  /** The service, when known. */
  serviceCode: string | null;
  /** The region, when known. */
  region: string | null;
}

/** Every unit a routing rule names for a message, with how specific the rule is (existing units only). */
export function routingTargets(catalog: Catalog, subject: RoutingSubject): { unitId: string; score: number }[] {
  const targets: { unitId: string; score: number }[] = [];
  for (const rule of catalog.settings.routing) {
    const { system, serviceCode, region } = rule.match;
    if (system !== undefined && system !== subject.system) continue;
    if (serviceCode !== undefined && serviceCode !== subject.serviceCode) continue;
    if (region !== undefined && region !== subject.region) continue;
    const needsRegion = rule.unitId.includes('{region}');
    if (needsRegion && !subject.region) continue;
    const unitId = rule.unitId.replaceAll('{region}', subject.region ?? '');
    if (!catalog.units.has(unitId)) continue;
    targets.push({ unitId, score: (region ? 4 : 0) + (serviceCode ? 2 : 0) + (system ? 1 : 0) });
  }
  return targets;
}

/** The unit routing rules choose for a message (the most specific rule), or `null` when no rule applies. */
export function routeMessage(catalog: Catalog, subject: RoutingSubject): string | null {
  let best: { unitId: string; score: number } | null = null;
  for (const target of routingTargets(catalog, subject)) if (!best || target.score > best.score) best = target;
  return best?.unitId ?? null;
}
