import type { Catalog } from '../config/catalog.js';
import { routingTargets, unitAndDescendants } from '../config/catalog.js';
import type { StaffRole } from '../config/demo-data.js';
import { isPrivate, publicOnlySql, type Bind } from './privacy.js';
import { hasRight } from './rights.js';

/** A member of staff, from their bearer token. */
export interface StaffMember {
  /** Their id (in the audit log); absent for a member known only from a token. */
  id?: string;
  /** Their name (for logs). */
  name: string;
  /** Their role. */
  role: StaffRole;
  /** The unit whose subtree they work in; `null` for all units. */
  unitId: string | null;
}

/** What scope decisions need to know of a message. */
export interface ScopedMessage {
  /** Its system. */
  system: string;
  /** Its service, when known. */
  serviceCode: string | null;
  /** The unit it is with. */
  unitId: string;
  /** Whether it is stored as private. */
  private: boolean;
}

/** The units a member of staff works in (their unit and everything below it), or `null` for all. */
export function unitsOf(catalog: Catalog, staff: StaffMember): ReadonlySet<string> | null {
  return staff.unitId === null ? null : unitAndDescendants(catalog.units, staff.unitId);
}

/** Whether a unit is among a member of staff's units. */
export function inUnits(catalog: Catalog, staff: StaffMember, unitId: string): boolean {
  const units = unitsOf(catalog, staff);
  return units === null || units.has(unitId);
}

/**
 * Whether a member of staff may run the city (API keys, staff, forms, units, the calendar, the
 * audit log): the role has the right, and they work for every unit. An administrator limited to a
 * unit changes nothing city-wide: what they change would reach units beyond their own.
 */
export function mayAdminister(staff: StaffMember): boolean {
  return hasRight(staff.role, 'administer') && staff.unitId === null;
}

/**
 * Whether a member of staff may see (`see`) or act on (`act`) a message: the role has the right,
 * the message is with one of their units, and, when it is private, the role reads private messages.
 * When not, the message answers them exactly as a nonexistent one.
 */
export function staffMay(
  catalog: Catalog,
  staff: StaffMember,
  what: 'see' | 'act',
  message: ScopedMessage,
): boolean {
  if (!hasRight(staff.role, what === 'see' ? 'readMessages' : 'act')) return false;
  if (!inUnits(catalog, staff, message.unitId)) return false;
  return !isPrivate(catalog, message) || hasRight(staff.role, 'readPrivate');
}

/**
 * Whether a member of staff may link `duplicate` to `first`: `missing` when the first message does
 * not exist or is beyond what they may act on (the two answer alike, so nothing can be probed),
 * `across` when it is theirs but of another system or privacy, `ok` otherwise.
 */
export function linkDecision(
  catalog: Catalog,
  staff: StaffMember,
  duplicate: ScopedMessage,
  first: ScopedMessage | undefined,
): 'ok' | 'missing' | 'across' {
  if (!first || !staffMay(catalog, staff, 'act', first)) return 'missing';
  if (
    first.system !== duplicate.system ||
    isPrivate(catalog, first) !== isPrivate(catalog, duplicate)
  )
    return 'across';
  return 'ok';
}

/** The units of a system: the tree its intake unit belongs to. */
export function unitsOfSystem(catalog: Catalog, system: string): ReadonlySet<string> {
  const intake = catalog.systems.get(system)?.intakeUnitId;
  if (!intake || !catalog.units.has(intake)) return new Set();
  let root = intake;
  for (
    let parent = catalog.units.get(root)?.parentId;
    parent && catalog.units.has(parent);
    parent = catalog.units.get(root)?.parentId
  )
    root = parent;
  return unitAndDescendants(catalog.units, root);
}

/**
 * The units a member of staff may refer a message to: inside the message's own system (the tree
 * of its intake unit), any of
 * - their own units,
 * - the system's intake unit, the unit above the message's unit and the unit above their own,
 * - the units the routing rules name for the message (its system, its service — the new one when
 *   reclassifying — and its region).
 */
export function referTargets(
  catalog: Catalog,
  staff: StaffMember,
  message: ScopedMessage & { region: string | null },
  serviceCode: string | null,
): ReadonlySet<string> {
  const system = unitsOfSystem(catalog, message.system);
  const candidates = new Set<string>(unitsOf(catalog, staff) ?? catalog.units.keys());
  const intake = catalog.systems.get(message.system)?.intakeUnitId;
  for (const unitId of [
    intake,
    catalog.units.get(message.unitId)?.parentId,
    staff.unitId ? catalog.units.get(staff.unitId)?.parentId : null,
  ]) {
    if (unitId) candidates.add(unitId);
  }
  for (const target of routingTargets(catalog, {
    system: message.system,
    serviceCode,
    region: message.region,
  }))
    candidates.add(target.unitId);
  return new Set([...candidates].filter((unitId) => system.has(unitId)));
}

/**
 * The SQL condition on the `messages` row under `alias` for a member of staff: the messages they
 * may `see` (queues), or those their statistics `count` (their units, private ones included); `null`
 * when it is every message.
 */
export function staffMessagesSql(
  catalog: Catalog,
  staff: StaffMember,
  what: 'see' | 'count',
  alias: string,
  bind: Bind,
): string | null {
  const conditions: string[] = [];
  const units = unitsOf(catalog, staff);
  if (units !== null) {
    conditions.push(
      `${alias}.unit_id IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify([...units]))}::jsonb))`,
    );
  }
  if (what === 'see' && !hasRight(staff.role, 'readPrivate'))
    conditions.push(publicOnlySql(catalog, alias, bind));
  return conditions.length > 0 ? conditions.join(' AND ') : null;
}

/**
 * What of a message's feedback a member of staff's statistics and report show: `none` outside
 * their units; `aggregate` (counted, rating and resolution, but neither its id nor the citizen's
 * comment) for a private message when the role does not read private messages; `all` otherwise.
 */
export function feedbackVisibility(
  catalog: Catalog,
  staff: StaffMember,
  message: ScopedMessage,
): 'none' | 'aggregate' | 'all' {
  if (!hasRight(staff.role, 'feedbackStats') && !hasRight(staff.role, 'feedbackReport'))
    return 'none';
  if (!inUnits(catalog, staff, message.unitId)) return 'none';
  return isPrivate(catalog, message) && !hasRight(staff.role, 'readPrivate') ? 'aggregate' : 'all';
}
