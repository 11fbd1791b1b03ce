import type * as z from 'zod/mini';
import type { MessageInput } from './schemas/message.js';
import type { ServiceConfig, SystemConfig } from './schemas/service.js';
import * as V from './input-messages.js';
import { toLatinDigits } from './text.js';

/** One problem with a message measured against its service's form. */
export interface RegistrationIssue {
  /** Where: `serviceCode`, `region`, `address`, `attributes.<code>`. */
  path: (string | number)[];
  /** An English sentence from the validation messages (translate with `localizeIssues`). */
  message: string;
}

/** What the rules of a system and service read of a message: its attributes, region, address and location. */
export type RegisteredFacts = Pick<MessageInput, 'attributes'> & Partial<Pick<MessageInput, 'region' | 'address' | 'location'>>;

/**
 * Checks a registered message against its system and service: the required service, region
 * and address (optional unless configured, seed §8) and the form's attributes by datatype.
 * Returns the problems (empty when it is fine), shaped like zod issues. It reads only the
 * message's {@link RegisteredFacts}, so a form can check them while another field is wrong.
 */
export function checkMessageAgainstService(
  input: RegisteredFacts,
  system: SystemConfig,
  service: ServiceConfig | undefined,
): RegistrationIssue[] {
  const issues: RegistrationIssue[] = [];
  if (!service) {
    if (system.serviceRequired) issues.push({ path: ['serviceCode'], message: V.serviceRequired });
    if (Object.keys(input.attributes).length > 0) {
      for (const code of Object.keys(input.attributes)) issues.push({ path: ['attributes', code], message: V.attributeUnknown });
    }
    return issues;
  }
  if (service.requires.region && !input.region && !input.location) {
    issues.push({ path: ['region'], message: V.regionRequired });
  }
  if (service.requires.address && !input.address && !input.location) {
    issues.push({ path: ['address'], message: V.addressRequired });
  }
  const known = new Map(service.attributes.map((a) => [a.code, a]));
  for (const code of Object.keys(input.attributes)) {
    if (!known.has(code)) issues.push({ path: ['attributes', code], message: V.attributeUnknown });
  }
  for (const attribute of service.attributes) {
    if (!attribute.variable) continue;
    const path = ['attributes', attribute.code];
    const raw = input.attributes[attribute.code];
    const values = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).filter((v) => v.trim() !== '');
    if (values.length === 0) {
      if (attribute.required) issues.push({ path, message: V.attributeRequired });
      continue;
    }
    const keys = new Set((attribute.values ?? []).map((v) => v.key));
    switch (attribute.datatype) {
      case 'number':
        // Citizens type Persian digits and the Persian decimal separator (۱۲٫۵) as often as 12.5.
        if (values.length > 1 || !Number.isFinite(Number(toLatinDigits(values[0] ?? '').replace('\u066B', '.')))) {
          issues.push({ path, message: V.attributeNumber });
        }
        break;
      case 'datetime':
        if (values.length > 1 || Number.isNaN(Date.parse(toLatinDigits(values[0] ?? '')))) issues.push({ path, message: V.attributeDatetime });
        break;
      case 'singlevaluelist':
        if (values.length > 1 || !keys.has(values[0] ?? '')) issues.push({ path, message: V.attributeChoice });
        break;
      case 'multivaluelist':
        if (!values.every((v) => keys.has(v))) issues.push({ path, message: V.attributeChoices });
        break;
      default:
        if (values.length > 1) issues.push({ path, message: V.attributeChoice });
    }
  }
  return issues;
}

/** Turns registration issues into zod-shaped issues, for one error path with schema errors. */
export function asZodIssues(issues: readonly RegistrationIssue[]): z.core.$ZodIssue[] {
  return issues.map((issue) => ({ code: 'custom', path: issue.path, message: issue.message, input: undefined }));
}
