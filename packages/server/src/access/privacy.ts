import type { ServiceConfig } from '@payam/core';
import type { Catalog } from '../config/catalog.js';

/** What decides whether a message is private: its system, its service, and whether it was private already. */
export interface PrivacySubject {
  /** The system (`137`, `1888`). */
  system: string;
  /** The service, when known. */
  serviceCode: string | null;
  /** Whether it is stored as private already (a private message never becomes public). */
  private?: boolean;
}

/**
 * Whether a message is private: it was already, or its system is confidential, or its service is
 * private. Monotonic: reclassifying never makes a private message public.
 */
export function isPrivate(catalog: Catalog, subject: PrivacySubject): boolean {
  if (subject.private) return true;
  if (catalog.systems.get(subject.system)?.confidential) return true;
  const service = subject.serviceCode ? catalog.services.get(subject.serviceCode) : undefined;
  return service?.visibility === 'private';
}

/** Binds a value as a query parameter and gives its placeholder (`$3`). */
export type Bind = (value: string) => string;

/**
 * The SQL condition "this message is public" on the `messages` row under `alias`: not stored as
 * private, and neither of a confidential system nor of a private service as configured now (so a
 * system or service made confidential later hides its older messages at once).
 */
export function publicOnlySql(catalog: Catalog, alias: string, bind: Bind): string {
  const systems = [...catalog.systems.values()].filter((s) => s.confidential).map((s) => s.id);
  const services = [...catalog.services.values()]
    .filter((s) => s.visibility === 'private')
    .map((s) => s.code);
  const conditions = [`NOT ${alias}.private`];
  if (systems.length > 0)
    conditions.push(
      `${alias}.system NOT IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify(systems))}::jsonb))`,
    );
  if (services.length > 0) {
    conditions.push(
      `(${alias}.service_code IS NULL OR ${alias}.service_code NOT IN (SELECT jsonb_array_elements_text(${bind(JSON.stringify(services))}::jsonb)))`,
    );
  }
  return conditions.join(' AND ');
}

/** Whether a message of `service` may be a suggestion for the participation platform: the service allows it and its messages are public. */
export function suggestionsAllowed(catalog: Catalog, service: ServiceConfig): boolean {
  return (
    service.suggestionsAllowed &&
    !isPrivate(catalog, { system: service.system, serviceCode: service.code })
  );
}
