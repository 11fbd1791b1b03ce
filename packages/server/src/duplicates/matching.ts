import { cellOf, matchingKeys, type DuplicatePolicy, type Point } from '@payam/core';
import type { Catalog } from '../config/catalog.js';

/** The duplicate policy of a system: its own when set, the general one otherwise. */
export function duplicatePolicyOf(catalog: Catalog, system: string): DuplicatePolicy {
  return catalog.settings.duplicatesBySystem[system] ?? catalog.settings.duplicates;
}

/** The key of a service's group (its English name, else its Persian one), or `null`. */
export function serviceGroupOf(catalog: Catalog, serviceCode: string | null): string | null {
  const group = serviceCode ? catalog.services.get(serviceCode)?.group : undefined;
  return group ? (group.en || group.fa || null) : null;
}

/** The columns a message's duplicate candidates are found by (migration 020). */
export interface MatchingColumns {
  /** Its grid cell, when located. */
  match_cell: string | null;
  /** Its service group. */
  match_group: string | null;
  /** The words it is about. */
  match_keys: string[];
}

/** A message's matching columns, worked out when it is registered or reclassified. */
export function matchingColumns(
  catalog: Catalog,
  message: { serviceCode: string | null; description: string; address: string | null; location: Point | null },
): MatchingColumns {
  return {
    match_cell: message.location ? cellOf(message.location) : null,
    match_group: serviceGroupOf(catalog, message.serviceCode),
    match_keys: matchingKeys(message.address ? `${message.description} ${message.address}` : message.description),
  };
}
