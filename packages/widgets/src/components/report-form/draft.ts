import { asZodIssues, checkMessageAgainstService } from '@payam/core/registration';
import { messageInputSchema, type MessageInput, type MessageInputInput } from '@payam/core/schemas/message';
import { registrationInputField } from '@payam/core/schemas/registration-wire';
import { safeParseInput } from '@payam/core/input-issues';
import { toLatinDigits } from '@payam/core/text';
import type { Language } from '@payam/core/schemas/common';
import type { Open311Service, Open311ServiceDefinition } from '@payam/core/schemas/api';
import type { ServiceConfig, SystemConfig } from '@payam/core/schemas/service';
import { issueProblems, type ShownProblem } from '../../base/errors.js';

/** What the citizen has written so far. Kept across failures until the message is registered. */
export interface Draft {
  serviceCode: string;
  description: string;
  region: string;
  address: string;
  phone: string;
  location: { lat: number; long: number } | undefined;
  attributes: Record<string, string | string[]>;
  suggestion: boolean;
  consent: boolean;
}

/** An empty draft. */
export function emptyDraft(serviceCode = ''): Draft {
  return {
    serviceCode,
    description: '',
    region: '',
    address: '',
    phone: '',
    location: undefined,
    attributes: {},
    suggestion: false,
    consent: false,
  };
}

/** The chosen service's list entry and form, once loaded. */
export interface ChosenService {
  service: Open311Service;
  definition: Open311ServiceDefinition;
}

const trimmed = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** The value of one attribute as the API takes it (numbers with Latin digits, dates in ISO 8601). */
function attributeValue(definition: Open311ServiceDefinition | undefined, code: string, value: string | string[]): string | string[] | undefined {
  if (Array.isArray(value)) return value.length ? value : undefined;
  const text = value.trim();
  if (!text) return undefined;
  const datatype = definition?.attributes.find((a) => a.code === code)?.datatype;
  if (datatype === 'number') return toLatinDigits(text).replace('٫', '.');
  if (datatype === 'datetime') {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? text : date.toISOString();
  }
  return text;
}

/** Builds the message the API takes from the draft. */
export function toMessageInput(
  draft: Draft,
  context: { system: string; lang: Language; consentVersion: string; chosen: ChosenService | undefined },
): MessageInputInput {
  const attributes: Record<string, string | string[]> = {};
  for (const [code, raw] of Object.entries(draft.attributes)) {
    const value = attributeValue(context.chosen?.definition, code, raw);
    if (value !== undefined) attributes[code] = value;
  }
  const suggestion = draft.suggestion && (context.chosen?.service.extended_attributes?.suggestions_allowed ?? false);
  const serviceCode = trimmed(draft.serviceCode);
  const region = trimmed(draft.region);
  const address = trimmed(draft.address);
  const phone = trimmed(draft.phone);
  return {
    system: context.system,
    ...(serviceCode ? { serviceCode } : {}),
    description: draft.description,
    ...(region ? { region } : {}),
    ...(address ? { address } : {}),
    ...(draft.location ? { location: draft.location } : {}),
    attributes,
    contact: phone ? { phone } : {},
    suggestion,
    consents: suggestion && draft.consent ? { participation: { granted: true, textVersion: context.consentVersion } } : {},
    lang: context.lang,
  };
}

/** The service as core's registration rules read it, built from the API's service and form. */
export function toServiceConfig(system: string, chosen: ChosenService): ServiceConfig {
  const { service, definition } = chosen;
  const ext = service.extended_attributes;
  return {
    system,
    code: service.service_code,
    name: { fa: service.service_name },
    keywords: [],
    type: service.type,
    attributes: definition.attributes.map((a) => ({
      code: a.code,
      datatype: a.datatype,
      variable: a.variable,
      required: a.required,
      description: { fa: a.description },
      order: a.order,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: { fa: v.name } })) } : {}),
    })),
    requires: { region: ext?.requires_region ?? false, address: ext?.requires_address ?? false },
    visibility: 'public',
    suggestionsAllowed: ext?.suggestions_allowed ?? false,
  };
}

/**
 * Checks the message before it is sent, with core's schema and core's rules for the chosen
 * service, and returns the problems in the citizen's language (empty when it can be sent).
 */
export function checkDraft(input: MessageInputInput, chosen: ChosenService | undefined, lang: Language): ShownProblem[] {
  const parsed = safeParseInput(messageInputSchema, input);
  const problems = parsed.success ? [] : issueProblems(parsed.error.issues, lang);
  if (!chosen) return problems;
  // The service's rules read only the region, address, location and attributes, so they can be
  // checked even when another field is wrong: the citizen sees every problem at once.
  let forRules: MessageInput;
  if (parsed.success) forRules = parsed.data;
  else {
    const base = messageInputSchema.safeParse({ system: input.system, description: '-' });
    if (!base.success) return problems;
    forRules = { ...base.data, ...pick(input) };
  }
  const system: SystemConfig = { id: input.system, name: { fa: input.system }, serviceRequired: false, intakeUnitId: 'intake', confidential: false };
  const rules = issueProblems(asZodIssues(checkMessageAgainstService(forRules, system, toServiceConfig(input.system, chosen))), lang);
  return [...problems, ...rules.filter((rule) => !problems.some((p) => p.field === rule.field))];
}

/** The parts of the input the service's rules read. */
function pick(input: MessageInputInput): Pick<MessageInput, 'attributes'> & Partial<Pick<MessageInput, 'region' | 'address' | 'location'>> {
  return {
    attributes: input.attributes ?? {},
    ...(input.region ? { region: input.region } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.location ? { location: input.location } : {}),
  };
}

/** A fresh idempotency key: the server registers one message per key, however often it is sent. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // `randomUUID` needs a secure context; plain-HTTP pages still have `getRandomValues`.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The id of the input that shows a problem at `field`, an input path or a wire name (`contact.phone`, `phone` → `phone`). */
export function inputIdOf(field: string): string {
  const path = registrationInputField(field);
  if (path.startsWith('attributes.')) return `attr-${path.slice('attributes.'.length)}`;
  if (path === 'contact.phone') return 'phone';
  if (path === 'serviceCode') return 'service';
  if (path === 'mediaIds') return 'photos';
  if (path.startsWith('location')) return 'use-location';
  if (path.startsWith('consents')) return 'consent';
  return path || 'description';
}
