/**
 * How a registration travels: the fields of Open311's `POST /requests` (a form or JSON, with
 * Payam's extensions) and core's message input are one codec. The server decodes what it
 * receives, the client encodes what it sends, and both name a field the same way in errors.
 */
import * as z from '../zod.js';
import { safeParseInputFast } from '../input-issues.js';
import { locationPair } from '../input-messages.js';
import { messageInputSchema, type MessageInput, type MessageInputInput } from './message.js';
import type { Language } from './common.js';

/** A form field's text; JSON may give a number or true/false, read as its text. */
const wireText = () => z.optional(z.nullable(z.union([z.string(), z.number(), z.boolean()])));

/**
 * The fields of `POST /open311/v2/requests` (form or JSON), Open311's names plus Payam's
 * extensions. An empty value or `null` is absent, as Open311 reads form fields.
 */
export const registrationWireSchema = z.object({
  api_key: z.optional(
    z.string().check(z.describe('The API key (also accepted as the X-Api-Key header).')),
  ),
  jurisdiction_id: wireText().check(
    z.describe('The system: 137 (the default without a service) or 1888.'),
  ),
  service_code: wireText(),
  description: wireText(),
  lat: z.optional(z.nullable(z.union([z.number(), z.string()]))),
  long: z.optional(z.nullable(z.union([z.number(), z.string()]))),
  address_string: wireText(),
  region: wireText().check(
    z.describe('Extension: the district; derived from lat/long when absent.'),
  ),
  attribute: z.optional(
    z.nullable(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
  ),
  phone: wireText(),
  first_name: wireText(),
  last_name: wireText(),
  email: wireText(),
  device_id: wireText(),
  media_url: wireText(),
  media_ids: z
    .optional(z.nullable(z.union([z.array(z.string()), z.string()])))
    .check(
      z.describe(
        'Extension: photos uploaded first (POST /media), by their media_id: a list, or comma-separated.',
      ),
    ),
  follow: wireText().check(
    z.describe('Extension: the tracking id of an open public message to follow (GET requests/similar.json offers them).'),
  ),
  suggestion: z
    .optional(z.nullable(z.union([z.boolean(), z.string()])))
    .check(z.describe('Extension: the message is a suggestion for the participation platform.')),
  consent_text_version: wireText().check(
    z.describe(
      'Extension: the consent text version the citizen agreed to; its presence records consent.',
    ),
  ),
  lang: wireText().check(
    z.describe('fa or en: the language of the message and its notifications.'),
  ),
});
/** The fields of `POST /requests` as sent. */
export type RegistrationWire = z.output<typeof registrationWireSchema>;

/** Input paths and their wire names; `attributes.<code>` is `attribute[<code>]`. */
const WIRE_NAMES = {
  system: 'jurisdiction_id',
  serviceCode: 'service_code',
  description: 'description',
  'location.lat': 'lat',
  'location.long': 'long',
  address: 'address_string',
  region: 'region',
  mediaUrl: 'media_url',
  mediaIds: 'media_ids',
  follow: 'follow',
  'contact.phone': 'phone',
  'contact.firstName': 'first_name',
  'contact.lastName': 'last_name',
  'contact.email': 'email',
  'contact.deviceId': 'device_id',
  suggestion: 'suggestion',
  'consents.participation.textVersion': 'consent_text_version',
  lang: 'lang',
} as const satisfies Record<string, keyof RegistrationWire>;

/** The input paths of the contact's fields (`contact.phone`, …), from {@link WIRE_NAMES}. */
const CONTACT_PATHS = (Object.keys(WIRE_NAMES) as (keyof typeof WIRE_NAMES)[]).filter(
  (path): path is Extract<keyof typeof WIRE_NAMES, `contact.${string}`> => path.startsWith('contact.'),
);

const INPUT_PATHS = new Map<string, string>(
  Object.entries(WIRE_NAMES).map(([input, wire]) => [wire, input]),
);

/**
 * The wire name of a field of the registration (`contact.phone` → `phone`, `attributes.depth`
 * → `attribute[depth]`), from an issue's path on either side of the codec.
 */
export function registrationWireField(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'attributes' || head === 'attribute') return `attribute[${rest[0] ?? ''}]`;
  if (head === 'location') return rest[0] === 'long' ? 'long' : 'lat';
  if (head === 'consents') return 'consent_text_version';
  if (head === 'mediaIds' || head === 'media_ids') return 'media_ids';
  const dotted = [head, ...rest].join('.');
  return (
    (WIRE_NAMES as Record<string, string>)[dotted] ?? (head === 'contact' ? 'contact' : dotted)
  );
}

/** The input path of a registration's wire field (`phone` → `contact.phone`, `attribute[depth]` → `attributes.depth`). */
export function registrationInputField(wire: string): string {
  return INPUT_PATHS.get(wire) ?? wire.replace(/^attribute\[(.*)\]$/, 'attributes.$1');
}

const absent = (value: unknown): value is undefined | null | '' =>
  value === undefined || value === null || value === '';
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  on: true,
  yes: true,
  false: false,
  '0': false,
  off: false,
  no: false,
};

/**
 * The wire fields read into core's message input, not yet checked: empty is absent; text,
 * numbers and true/false as a form writes them. A wire problem (a `lat` that is not a number,
 * `lat` without `long`, a `suggestion` that is not yes or no) is added to `issues`, named by its
 * wire field.
 */
function inputOfWire(wire: RegistrationWire, issues: z.core.$ZodRawIssue[], defaults?: RegistrationDefaults): MessageInputInput {
  const text = (value: string | number | boolean | null | undefined) =>
    absent(value) ? undefined : String(value);
  const number = (name: 'lat' | 'long') => {
    const value = wire[name];
    if (absent(value)) return undefined;
    const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n))
      issues.push({ code: 'invalid_type', expected: 'number', input: value, path: [name], message: 'Invalid input' });
    return n;
  };
  const lat = number('lat');
  const long = number('long');
  if ((lat === undefined) !== (long === undefined) && issues.length === 0) {
    issues.push({ code: 'custom', input: wire, path: [lat === undefined ? 'lat' : 'long'], message: locationPair });
  }
  let suggestion = false;
  if (!absent(wire.suggestion)) {
    const value =
      typeof wire.suggestion === 'boolean' ? wire.suggestion : BOOLEAN_WORDS[wire.suggestion.toLowerCase()];
    if (value === undefined)
      issues.push({ code: 'invalid_type', expected: 'boolean', input: wire.suggestion, path: ['suggestion'], message: 'Invalid input' });
    suggestion = value ?? false;
  }
  // What is not sent is not there: only the fields given are set.
  const input: MessageInputInput = {
    system: text(wire.jurisdiction_id) ?? text(defaults?.system) ?? '',
    description: text(wire.description) ?? '',
    attributes: absent(wire.attribute) ? {} : wire.attribute,
    suggestion,
    consents: {},
    lang: (text(wire.lang) ?? text(defaults?.lang) ?? 'fa') as Language,
  };
  const serviceCode = text(wire.service_code);
  if (serviceCode !== undefined) input.serviceCode = serviceCode;
  if (lat !== undefined && long !== undefined) input.location = { lat, long };
  const region = text(wire.region)?.trim();
  if (region) input.region = region;
  const address = text(wire.address_string);
  if (address !== undefined) input.address = address;
  const mediaUrl = text(wire.media_url);
  if (mediaUrl !== undefined) input.mediaUrl = mediaUrl;
  if (!absent(wire.media_ids)) {
    const listed = typeof wire.media_ids === 'string' ? wire.media_ids.split(',') : wire.media_ids;
    const mediaIds = [...new Set(listed.map((id) => id.trim()).filter((id) => id !== ''))];
    if (mediaIds.length > 0) input.mediaIds = mediaIds;
  }
  const follow = text(wire.follow)?.trim();
  if (follow) input.follow = follow;
  const contact: Record<string, string> = {};
  for (const path of CONTACT_PATHS) {
    const value = text(wire[WIRE_NAMES[path]]);
    if (value !== undefined) contact[path.slice('contact.'.length)] = value;
  }
  input.contact = contact;
  const consent = text(wire.consent_text_version);
  if (consent !== undefined) input.consents = { participation: { granted: true, textVersion: consent } };
  return input;
}

/**
 * The registration codec: decoding reads the wire fields (see {@link inputOfWire}) into core's
 * message input and checks it; encoding writes a checked message input as the wire fields. Wire
 * problems name the wire field; message problems name the input's path, which
 * {@link registrationWireField} turns into the wire name.
 */
export const registrationCodec = z.codec(registrationWireSchema, messageInputSchema, {
  decode: (wire, payload) => inputOfWire(wire, payload.issues) as MessageInput,
  encode: (message) => encodeRegistration(message),
});

/** What decoding fills in when the wire leaves it out: the system and the language. */
export interface RegistrationDefaults {
  /** The system when `jurisdiction_id` is absent (the server takes the service's, or `137`). */
  system: string;
  /** The language when `lang` is absent (the server takes the request's). */
  lang: Language;
}

/** A decoded registration, or its problems located as {@link registrationCodec} locates them. */
export type DecodedRegistration =
  | { success: true; data: MessageInput }
  | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };

/** Kinds of value, as bits of a {@link WireType}'s mask. */
const UNDEFINED = 1;
const NULL = 2;
const STRING = 4;
const NUMBER = 8;
const BOOLEAN = 16;
const ARRAY = 32;
const RECORD = 64;

/** The values a wire field's schema takes: kinds, and what an array or a record holds. */
interface WireType {
  mask: number;
  element?: WireType;
  values?: WireType;
}

const plainObject = (value: object): value is Record<string, unknown> => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * What a schema of the registration's wire fields takes, read from its definition: optional,
 * nullable, unions, text, finite numbers, booleans, arrays and records of those, with no check
 * but a description. `null` for anything else, whose values only zod can judge.
 */
function wireTypeOf(schema: z.core.$ZodType): WireType | null {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  if (def.checks?.some((check) => check._zod.def.check !== 'describe')) return null;
  const inner = (key: string) => wireTypeOf(def[key] as z.core.$ZodType);
  const adding = (bit: number, key: string): WireType | null => {
    const type = inner(key);
    return type && { ...type, mask: type.mask | bit };
  };
  switch (def.type) {
    case 'string':
      return { mask: STRING };
    case 'number':
      return { mask: NUMBER };
    case 'boolean':
      return { mask: BOOLEAN };
    case 'optional':
      return adding(UNDEFINED, 'innerType');
    case 'nullable':
      return adding(NULL, 'innerType');
    case 'array': {
      const element = inner('element');
      return element && { mask: ARRAY, element };
    }
    case 'record': {
      const values = inner('valueType');
      return values && (def.keyType as z.core.$ZodType)._zod.def.type === 'string' ? { mask: RECORD, values } : null;
    }
    case 'union': {
      const union: WireType = { mask: 0 };
      for (const option of def.options as z.core.$ZodType[]) {
        const type = wireTypeOf(option);
        // Two arrays or two records in one union are zod's to judge.
        if (!type || (type.element && union.element) || (type.values && union.values)) return null;
        Object.assign(union, { ...type, mask: union.mask | type.mask });
      }
      return union;
    }
    default:
      return null;
  }
}

/** Whether `value` is one `type` takes; never looser than zod (an object whose prototype is not `Object`'s is left to zod). */
function takes(type: WireType, value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return (type.mask & STRING) !== 0;
    case 'number':
      return (type.mask & NUMBER) !== 0 && Number.isFinite(value);
    case 'boolean':
      return (type.mask & BOOLEAN) !== 0;
    case 'undefined':
      return (type.mask & UNDEFINED) !== 0;
    case 'object': {
      if (value === null) return (type.mask & NULL) !== 0;
      if (Array.isArray(value)) {
        if (!type.element) return false;
        // Every index, holes included (zod reads them as undefined).
        for (let i = 0; i < value.length; i++) if (!takes(type.element, value[i])) return false;
        return true;
      }
      if (!type.values || !plainObject(value)) return false;
      // Every own key, as zod's record reads them (a symbol key is refused).
      for (const key of Reflect.ownKeys(value)) if (typeof key !== 'string' || !takes(type.values, value[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * What each wire field takes, by name, and the fields that must be there, from
 * {@link registrationWireSchema}; `null` when zod must judge.
 */
let wireFields: { types: Map<string, WireType>; required: string[] } | null | undefined;

/**
 * Whether every field of `fields` is one {@link registrationWireSchema} takes, checked against
 * types worked out once from the schema itself: the schema stays the one description of the
 * wire, and a registration whose fields are all well-typed (nearly every one) is read without
 * zod's general object parse, which cost about as much as the rest of decoding. A field of the
 * wrong type, or one the types cannot judge, leaves the judgement to zod.
 */
export function wireFieldsAccepted(fields: Record<string, unknown>): boolean {
  if (wireFields === undefined) {
    const { shape, checks, catchall } = registrationWireSchema._zod.def;
    const entries = Object.entries(shape).map(([name, schema]) => [name, wireTypeOf(schema)] as const);
    // A check of the whole object, or unknown keys kept and checked, are zod's to judge.
    const wholeChecked = catchall !== undefined || (checks ?? []).some((check) => check._zod.def.check !== 'describe');
    wireFields =
      wholeChecked || entries.some(([, type]) => type === null)
        ? null
        : {
            types: new Map(entries as (readonly [string, WireType])[]),
            required: entries.filter(([, type]) => (type!.mask & UNDEFINED) === 0).map(([name]) => name),
          };
  }
  if (wireFields === null || typeof fields !== 'object' || fields === null || !plainObject(fields)) return false;
  const { types, required } = wireFields;
  // The fields given, by their own names, enumerable or not, as zod reads them (a field not given
  // takes undefined, which every optional field takes); a name the wire does not know is dropped
  // by zod's parse too.
  for (const name of Object.getOwnPropertyNames(fields)) {
    const type = types.get(name);
    if (type && !takes(type, fields[name])) return false;
  }
  for (const name of required) if (!Object.hasOwn(fields, name) || !takes(types.get(name)!, fields[name])) return false;
  return true;
}

/**
 * Decodes the fields of a `POST /requests` into a checked message input, filling the system
 * and language in from `defaults` when they are absent. It does what {@link registrationCodec}'s
 * decoding does, step by step (the wire checked, read, the input checked) without a codec's
 * machinery, which took as long again as the checks on every registration; well-typed fields
 * are known to pass the wire schema without its parse ({@link wireFieldsAccepted}).
 */
export function decodeRegistration(
  fields: Record<string, unknown>,
  defaults: RegistrationDefaults,
): DecodedRegistration {
  // Well-typed fields are read as they came, the defaults beside them: a copy of the fields with
  // the defaults spread in was an object of a shape of its own on every call, which made each read
  // of it, here and after, a slow lookup (about 2 µs a registration).
  const accepted = wireFieldsAccepted(fields) && typeof defaults.system === 'string' && typeof defaults.lang === 'string';
  const wire = accepted
    ? { success: true as const, data: fields as RegistrationWire }
    : safeParseInputFast(registrationWireSchema, {
        ...fields,
        jurisdiction_id: absent(fields.jurisdiction_id) ? defaults.system : fields.jurisdiction_id,
        lang: absent(fields.lang) ? defaults.lang : fields.lang,
      });
  if (!wire.success) return wire;
  const issues: z.core.$ZodRawIssue[] = [];
  const input = inputOfWire(wire.data, issues, defaults);
  if (issues.length > 0) return { success: false, error: { issues: issues as z.core.$ZodIssue[] } };
  return safeParseInputFast(messageInputSchema, input);
}

/**
 * Encodes a checked message input as the fields of a `POST /requests` (without the API key): the
 * codec's encoding, written as a plain function so that a program which only sends registrations
 * (the client) does not carry the wire schema and its decoding.
 */
export function encodeRegistration(message: MessageInput | MessageInputInput): RegistrationWire {
  const wire: Record<string, unknown> = { attribute: message.attributes };
  for (const [path, name] of Object.entries(WIRE_NAMES)) {
    wire[name] = path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], message);
  }
  return wire as RegistrationWire;
}
