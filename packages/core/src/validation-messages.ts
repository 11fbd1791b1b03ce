/** Messages about what a citizen or an API caller sends: texts under `validation.<key>`. */
const inputMessages = {
  systemId: 'Use a system id such as 137 or 1888: letters, digits, "-" or "_", at most 32.',
  instant: 'Give a date and time in ISO 8601 with a time zone, such as 2026-01-31T09:30:00+03:30.',
  code: 'Use a code of letters, digits, ".", "-" or "_" (at most 64), starting with a letter or digit.',
  latitude: 'The latitude must be a number from -90 to 90.',
  longitude: 'The longitude must be a number from -180 to 180.',
  phone: 'Give an Iranian mobile number such as 09121234567.',
  text: 'This must be text.',
  textEmpty: 'Write something here: it cannot be empty.',
  noHtml: 'Write plain text: HTML tags such as <b> or <script> are not accepted.',
  controlCharacters: 'This text holds a control character (an invisible code such as NUL or ESC): write plain text; tabs and line breaks are fine.',
  descriptionTooLong: 'The description is too long: write at most 4000 characters.',
  commentTooLong: 'The text is too long: write at most 2000 characters.',
  rating: 'Give a rating as a whole number from 1 (poor) to 5 (excellent).',
  resolved: 'Say whether the problem was resolved: yes, partly or no.',
  regionRequired: 'Choose a region: this service needs one.',
  addressRequired: 'Give an address or a point on the map: this service needs one.',
  serviceRequired: 'Choose a service: this system needs one.',
  attributeRequired: 'Fill in this field: it is required.',
  attributeNumber: 'This field takes a number.',
  attributeDatetime: 'This field takes a date and time.',
  attributeChoice: 'Choose one of the listed values.',
  attributeChoices: 'Choose only among the listed values.',
  attributeUnknown: 'This field is not part of the service form.',
  consentText: 'Say which version of the consent text the citizen agreed to.',
  unknownField: 'This field is not known.',
  idempotencyKey: 'An idempotency key is 8–128 letters, digits, "-" or "_".',
  mediaUrl: 'Give a web address that starts with https:// or http://.',
  locationPair: 'Send lat and long together.',
} as const;

/** Messages about a city's setup (services, org units, calendar, policies): texts under `configuration.<key>`. */
const configurationMessages = {
  localizedFa: 'Give the Persian text: it is the first language and cannot be empty.',
  feedbackWindowTooShort:
    'The feedback window must last at least one calendar month (months ≥ 1, or days ≥ 31).',
  calendarEmpty: 'The business calendar needs at least one working period in the week.',
  calendarHours: 'Give times as HH:MM (00:00–24:00), with the end after the start.',
  jalaliDate: 'Give a Jalali date as YYYY-MM-DD, such as 1404-01-01.',
  orgUnitsDuplicate: 'Every org unit needs its own id: an id is used twice.',
  orgUnitsParent: 'A unit names a parent that is not in the tree.',
  orgUnitsCycle: 'The org units form a cycle: follow the parents and you come back to the start.',
  businessHours: 'Give a duration in business hours greater than 0.',
  stageRequired: 'The default escalation rule needs a duration for every stage.',
} as const;

/**
 * The English text of every validation message Payam's schemas give. Each has a Persian
 * translation in `locales/fa.json` under {@link messageTextKey}, which `localizeIssues` uses.
 */
export const V = { ...inputMessages, ...configurationMessages } as const;

/** Keys of {@link V}. */
export type ValidationMessageKey = keyof typeof V;

/**
 * Where the text of message `key` lives in the locales: `validation.<key>` for what citizens and
 * API callers send, `configuration.<key>` for a city's setup (which no citizen-facing page needs).
 */
export function messageTextKey(key: ValidationMessageKey): string {
  return key in configurationMessages ? `configuration.${key}` : `validation.${key}`;
}
