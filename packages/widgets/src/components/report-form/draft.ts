import { toLatinDigits } from '@payam/core/text';
import type { MessageInputInput } from '@payam/core/schemas/message';
import type { Language } from '@payam/core/schemas/common';
import type { Open311Service, Open311ServiceDefinition } from '@payam/core/schemas/api';

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

/** A fresh idempotency key: the server registers one message per key, however often it is sent. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // `randomUUID` needs a secure context; plain-HTTP pages still have `getRandomValues`.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
