/**
 * Messages about what a citizen or an API caller sends (texts under `validation.<key>` in the
 * locales), one constant each, so a bundler keeps only the ones a program's schemas use. Read
 * together as `validationMessages`.
 */
export const systemId = 'Use a system id such as 137 or 1888: letters, digits, "-" or "_", at most 32.';
export const instant = 'Give a date and time in ISO 8601 with a time zone, such as 2026-01-31T09:30:00+03:30.';
export const code = 'Use a code of letters, digits, ".", "-" or "_" (at most 64), starting with a letter or digit.';
export const latitude = 'The latitude must be a number from -90 to 90.';
export const longitude = 'The longitude must be a number from -180 to 180.';
export const phone = 'Give an Iranian mobile number such as 09121234567.';
export const text = 'This must be text.';
export const textEmpty = 'Write something here: it cannot be empty.';
export const noHtml = 'Write plain text: HTML tags such as <b> or <script> are not accepted.';
export const controlCharacters = 'This text holds a control character (an invisible code such as NUL or ESC): write plain text; tabs and line breaks are fine.';
export const descriptionTooLong = 'The description is too long: write at most 4000 characters.';
export const commentTooLong = 'The text is too long: write at most 2000 characters.';
export const rating = 'Give a rating as a whole number from 1 (poor) to 5 (excellent).';
export const resolved = 'Say whether the problem was resolved: yes, partly or no.';
export const regionRequired = 'Choose a region: this service needs one.';
export const addressRequired = 'Give an address or a point on the map: this service needs one.';
export const serviceRequired = 'Choose a service: this system needs one.';
export const attributeRequired = 'Fill in this field: it is required.';
export const attributeNumber = 'This field takes a number.';
export const attributeDatetime = 'This field takes a date and time.';
export const attributeChoice = 'Choose one of the listed values.';
export const attributeChoices = 'Choose only among the listed values.';
export const attributeUnknown = 'This field is not part of the service form.';
export const consentText = 'Say which version of the consent text the citizen agreed to.';
export const unknownField = 'This field is not known.';
export const idempotencyKey = 'An idempotency key is 8–128 letters, digits, "-" or "_".';
export const mediaUrl = 'Give a web address that starts with https:// or http://.';
export const mediaIds = 'Name at most 3 photos, each by the media_id its upload answered.';
export const follow = 'Follow a message by its tracking id, such as 137-1000.';
export const locationPair = 'Send lat and long together.';
