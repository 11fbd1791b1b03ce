import {
  asZodIssues,
  checkMessageAgainstService,
  decodeRegistration,
  registrationWireField,
  type Language,
  type MessageInput,
} from '@payam/core';
import type { Catalog } from '../config/catalog.js';
import { knownRegions, regionAt } from '../config/regions.js';
import { suggestionsAllowed } from '../access/index.js';
import type { BodyFields } from './body.js';
import { text } from './i18n.js';
import { problem } from './problems.js';
import { issuesProblem, type BodyDecoder } from './validation.js';

/** A wire value given as text (a form's string, or a JSON number): empty is absent. */
function given(value: unknown): string | undefined {
  return (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Reads a `POST /requests` body with core's registration codec, after the checks only the
 * catalog can make: the service and the system exist and agree. Without `jurisdiction_id` the
 * system is the service's, or 137; without `lang` the language is the request's.
 */
export function registrationDecoder(catalog: () => Catalog): BodyDecoder<MessageInput> {
  return (fields: BodyFields, _c, lang: Language) => {
    const current = catalog();
    const serviceCode = given(fields.service_code);
    const jurisdiction = given(fields.jurisdiction_id);
    const service = serviceCode ? current.services.get(serviceCode) : undefined;
    if (serviceCode && !service) throw problem(400, text(lang, 'serviceNotFound'), { field: 'service_code' });
    if (jurisdiction !== undefined && !current.systems.has(jurisdiction)) throw problem(400, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
    if (service && jurisdiction !== undefined && service.system !== jurisdiction) throw problem(400, text(lang, 'jurisdictionMismatch'), { field: 'jurisdiction_id' });
    return decodeRegistration(fields, { system: service?.system ?? jurisdiction ?? '137', lang });
  };
}

/**
 * Checks a decoded registration against the city: a known region, a service that takes
 * suggestions, and the service's form (required fields, attributes by datatype). Returns the
 * region the message belongs to (given, or derived from its point); throws a 400 otherwise.
 */
export function checkRegistration(catalog: Catalog, input: MessageInput, lang: Language): { region: string | null } {
  const service = input.serviceCode ? catalog.services.get(input.serviceCode) : undefined;
  const polygons = catalog.settings.regions;
  if (input.region !== undefined && !knownRegions(polygons).has(input.region)) {
    throw problem(400, text(lang, 'regionUnknown'), { field: 'region' });
  }
  if (input.suggestion && service && !suggestionsAllowed(catalog, service)) {
    throw problem(400, text(lang, 'suggestionNotAllowed'), { field: 'suggestion' });
  }
  const systemConfig = catalog.systems.get(input.system);
  if (!systemConfig) throw problem(400, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
  const issues = checkMessageAgainstService(input, systemConfig, service);
  if (issues.length > 0) throw issuesProblem(asZodIssues(issues), lang, registrationWireField);
  return { region: input.region ?? (input.location ? regionAt(input.location.lat, input.location.long, polygons) : null) };
}
