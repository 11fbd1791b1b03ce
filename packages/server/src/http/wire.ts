import { z } from 'zod';
import {
  messageInputSchema,
  checkMessageAgainstService,
  asZodIssues,
  type ApiError,
  type Language,
  type MessageInput,
} from '@payam/core';
import type { Catalog } from '../config/catalog.js';
import { knownRegions, regionAt } from '../config/regions.js';
import { ApiProblem, problem } from './problems.js';
import { text } from './i18n.js';
import { issueTexts } from '../texts.js';
import type { BodyFields } from './body.js';
import { suggestionsAllowed } from '../access/index.js';

/**
 * The fields of `POST /open311/v2/requests` (form or JSON), Open311's names plus Payam's extensions.
 * Used for the OpenAPI document; the handler maps them onto core's message input.
 */
export const createRequestBodySchema = z.object({
  api_key: z.string().describe('The API key (also accepted as the X-Api-Key header).'),
  jurisdiction_id: z.string().optional().describe('The system: 137 (default when no service) or 1888.'),
  service_code: z.string().optional(),
  description: z.string().max(4000),
  lat: z.union([z.number(), z.string()]).optional(),
  long: z.union([z.number(), z.string()]).optional(),
  address_string: z.string().optional(),
  region: z.string().optional().describe('Extension: the district; derived from lat/long when absent.'),
  attribute: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  phone: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  device_id: z.string().optional(),
  media_url: z.string().optional(),
  suggestion: z.union([z.boolean(), z.string()]).optional().describe('Extension: the message is a suggestion for the participation platform.'),
  consent_text_version: z.string().optional().describe("Extension: the consent text version the citizen agreed to; its presence records consent."),
  lang: z.enum(['fa', 'en']).optional(),
});

/** Where a core input field comes from on the wire. */
function wireField(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  switch (head) {
    case 'system':
      return 'jurisdiction_id';
    case 'serviceCode':
      return 'service_code';
    case 'location':
      return rest[0] ?? 'lat';
    case 'address':
      return 'address_string';
    case 'mediaUrl':
      return 'media_url';
    case 'attributes':
      return `attribute[${rest[0] ?? ''}]`;
    case 'contact': {
      const names: Record<string, string> = { phone: 'phone', firstName: 'first_name', lastName: 'last_name', email: 'email', deviceId: 'device_id' };
      return names[rest[0] ?? ''] ?? 'contact';
    }
    case 'consents':
      return 'consent_text_version';
    default:
      return head ?? '';
  }
}

/** Empty = absent (Open311's rule for query and form fields). */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function optionalString(fields: BodyFields, name: string, errors: ApiError, lang: Language): string | undefined {
  const value = fields[name];
  if (!present(value)) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    errors.push({ code: 400, description: translateText(lang), field: name });
    return undefined;
  }
  return value;
}

const translateText = (lang: Language) => issueTexts([{ code: 'custom', path: [], message: 'This must be text.', input: undefined }], lang)[0]?.message ?? 'This must be text.';

function optionalNumber(fields: BodyFields, name: string, errors: ApiError, lang: Language): number | undefined {
  const value = fields[name];
  if (!present(value)) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    errors.push({ code: 400, description: text(lang, 'notNumber'), field: name });
    return undefined;
  }
  return n;
}

function optionalBoolean(fields: BodyFields, name: string, errors: ApiError, lang: Language): boolean | undefined {
  const value = fields[name];
  if (!present(value)) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', '1', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (typeof value === 'string' && ['false', '0', 'off', 'no'].includes(value.toLowerCase())) return false;
  errors.push({ code: 400, description: text(lang, 'notBoolean'), field: name });
  return undefined;
}

/**
 * Maps a POST /requests body onto core's message input and checks it against its system and
 * service. Throws an {@link ApiProblem} (400, one item per problem, localized) when it is wrong.
 */
export function messageInputFromWire(
  catalog: Catalog,
  fields: BodyFields,
  lang: Language,
): { input: MessageInput; region: string | null } {
  const errors: ApiError = [];
  const serviceCode = optionalString(fields, 'service_code', errors, lang);
  const jurisdiction = optionalString(fields, 'jurisdiction_id', errors, lang);
  const service = serviceCode ? catalog.services.get(serviceCode) : undefined;
  if (serviceCode && !service) throw problem(400, text(lang, 'serviceNotFound'), { field: 'service_code' });
  if (jurisdiction !== undefined && !catalog.systems.has(jurisdiction)) {
    throw problem(400, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
  }
  if (service && jurisdiction !== undefined && service.system !== jurisdiction) {
    throw problem(400, text(lang, 'jurisdictionMismatch'), { field: 'jurisdiction_id' });
  }
  const system = service?.system ?? jurisdiction ?? '137';
  const lat = optionalNumber(fields, 'lat', errors, lang);
  const long = optionalNumber(fields, 'long', errors, lang);
  if ((lat === undefined) !== (long === undefined) && errors.length === 0) {
    errors.push({ code: 400, description: text(lang, 'locationPair'), field: lat === undefined ? 'lat' : 'long' });
  }
  const suggestion = optionalBoolean(fields, 'suggestion', errors, lang) ?? false;
  const consentVersion = optionalString(fields, 'consent_text_version', errors, lang);
  const region = optionalString(fields, 'region', errors, lang)?.trim();
  const langField = fields.lang;
  if (present(langField) && langField !== 'fa' && langField !== 'en') {
    errors.push({ code: 400, description: text(lang, 'langInvalid'), field: 'lang' });
  }
  const attribute = fields.attribute;
  const candidate = {
    system,
    serviceCode,
    description: fields.description,
    location: lat !== undefined && long !== undefined ? { lat, long } : undefined,
    region: region || undefined,
    address: optionalString(fields, 'address_string', errors, lang),
    attributes: present(attribute) ? attribute : {},
    mediaUrl: optionalString(fields, 'media_url', errors, lang),
    contact: {
      phone: optionalString(fields, 'phone', errors, lang),
      firstName: optionalString(fields, 'first_name', errors, lang),
      lastName: optionalString(fields, 'last_name', errors, lang),
      email: optionalString(fields, 'email', errors, lang),
      deviceId: optionalString(fields, 'device_id', errors, lang),
    },
    suggestion,
    consents: consentVersion !== undefined ? { participation: { granted: true, textVersion: consentVersion } } : {},
    lang: langField === 'en' || langField === 'fa' ? langField : lang,
  };
  if (errors.length > 0) throw new ApiProblem(400, errors);
  const parsed = messageInputSchema.safeParse(candidate);
  if (!parsed.success) throw issuesProblem(parsed.error.issues, lang);
  const input = parsed.data;
  const polygons = catalog.settings.regions;
  if (input.region !== undefined && !knownRegions(polygons).has(input.region)) {
    throw problem(400, text(lang, 'regionUnknown'), { field: 'region' });
  }
  if (input.suggestion && service && !suggestionsAllowed(catalog, service)) {
    throw problem(400, text(lang, 'suggestionNotAllowed'), { field: 'suggestion' });
  }
  const systemConfig = catalog.systems.get(system);
  if (!systemConfig) throw problem(400, text(lang, 'jurisdictionNotFound'), { field: 'jurisdiction_id' });
  const issues = checkMessageAgainstService(input, systemConfig, service);
  if (issues.length > 0) throw issuesProblem(asZodIssues(issues), lang);
  const derived = input.region ?? (input.location ? regionAt(input.location.lat, input.location.long, polygons) : null);
  return { input, region: derived };
}

/** A 400 with one localized item per validation issue, each naming its wire field. */
export function issuesProblem(issues: readonly z.core.$ZodIssue[], lang: Language, fieldOf: (path: readonly PropertyKey[]) => string = wireField): ApiProblem {
  const localized = issueTexts(issues, lang);
  return new ApiProblem(
    400,
    issues.map((issue, i) => ({ code: 400, description: localized[i]?.message ?? issue.message, field: fieldOf(issue.path) })),
  );
}
