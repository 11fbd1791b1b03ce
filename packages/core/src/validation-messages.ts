import {
  systemId,
  instant,
  code,
  latitude,
  longitude,
  phone,
  text,
  textEmpty,
  noHtml,
  controlCharacters,
  descriptionTooLong,
  commentTooLong,
  rating,
  resolved,
  regionRequired,
  addressRequired,
  serviceRequired,
  attributeRequired,
  attributeNumber,
  attributeDatetime,
  attributeChoice,
  attributeChoices,
  attributeUnknown,
  consentText,
  unknownField,
  idempotencyKey,
  mediaUrl,
  mediaIds,
  follow,
  locationPair,
} from './input-messages.js';
import type * as inputMessageModule from './input-messages.js';
import {
  localizedFa,
  feedbackWindowTooShort,
  calendarEmpty,
  calendarHours,
  jalaliDate,
  orgUnitsDuplicate,
  orgUnitsParent,
  orgUnitsCycle,
  businessHours,
  stageRequired,
  staffUnitsOnce,
  staffUnitsOneWay,
} from './configuration-messages.js';
import type * as configurationMessageModule from './configuration-messages.js';

/**
 * Every message of `input-messages.ts` by its key, listed by name rather than read from the
 * module's namespace: a bundler then keeps the list only where a program reads every message
 * (wording an issue), not beside each schema that uses one. The type says when one is missing.
 */
export const inputMessages = {
  systemId,
  instant,
  code,
  latitude,
  longitude,
  phone,
  text,
  textEmpty,
  noHtml,
  controlCharacters,
  descriptionTooLong,
  commentTooLong,
  rating,
  resolved,
  regionRequired,
  addressRequired,
  serviceRequired,
  attributeRequired,
  attributeNumber,
  attributeDatetime,
  attributeChoice,
  attributeChoices,
  attributeUnknown,
  consentText,
  unknownField,
  idempotencyKey,
  mediaUrl,
  mediaIds,
  follow,
  locationPair,
} as const satisfies { readonly [K in keyof typeof inputMessageModule]: (typeof inputMessageModule)[K] };

/** Every message of `configuration-messages.ts` by its key (listed as {@link inputMessages} is). */
const configurationMessages = {
  localizedFa,
  feedbackWindowTooShort,
  calendarEmpty,
  calendarHours,
  jalaliDate,
  orgUnitsDuplicate,
  orgUnitsParent,
  orgUnitsCycle,
  businessHours,
  stageRequired,
  staffUnitsOnce,
  staffUnitsOneWay,
} as const satisfies { readonly [K in keyof typeof configurationMessageModule]: (typeof configurationMessageModule)[K] };

/**
 * The English text of every validation message Payam's schemas give. Each has a Persian
 * translation in `locales/fa.json` under {@link messageTextKey}, which `localizeIssues` uses.
 */
export const V: Readonly<typeof inputMessages & typeof configurationMessages> = Object.assign({}, inputMessages, configurationMessages);

/** Keys of {@link V}. */
export type ValidationMessageKey = keyof typeof V;

/**
 * Where the text of message `key` lives in the locales: `validation.<key>` for what citizens and
 * API callers send, `configuration.<key>` for a city's setup (which no citizen-facing page needs).
 */
export function messageTextKey(key: ValidationMessageKey): string {
  return key in configurationMessages ? `configuration.${key}` : `validation.${key}`;
}
