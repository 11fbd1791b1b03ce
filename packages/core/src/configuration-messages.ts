/**
 * Messages about a city's setup: services, org units, calendar, policies (texts under
 * `configuration.<key>` in the locales, which no citizen-facing page needs), one constant each.
 * Read together as `validationMessages`.
 */
export const localizedFa = 'Give the Persian text: it is the first language and cannot be empty.';
export const feedbackWindowTooShort = 'The feedback window must last at least one calendar month (months ≥ 1, or days ≥ 31).';
export const calendarEmpty = 'The business calendar needs at least one working period in the week.';
export const calendarHours = 'Give times as HH:MM (00:00–24:00), with the end after the start.';
export const jalaliDate = 'Give a Jalali date as YYYY-MM-DD, such as 1404-01-01.';
export const orgUnitsDuplicate = 'Every org unit needs its own id: an id is used twice.';
export const orgUnitsParent = 'A unit names a parent that is not in the tree.';
export const orgUnitsCycle = 'The org units form a cycle: follow the parents and you come back to the start.';
export const businessHours = 'Give a duration in business hours greater than 0.';
export const stageRequired = 'The default escalation rule needs a duration for every stage.';
