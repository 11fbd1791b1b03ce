/**
 * Messages about a city's setup: services, org units, calendar, policies, one constant each, read
 * together as `validationMessages`. A schema of the setup gives the key of its text
 * (`configuration.<key>` in the locales, English and Persian) as its message, which
 * `describeIssues` reads as it is: no citizen-facing page parses a city's setup, so the widgets and
 * the client never carry these texts.
 */
export const localizedFa = 'configuration.localizedFa';
export const feedbackWindowTooShort = 'configuration.feedbackWindowTooShort';
export const calendarEmpty = 'configuration.calendarEmpty';
export const calendarHours = 'configuration.calendarHours';
export const jalaliDate = 'configuration.jalaliDate';
export const orgUnitsDuplicate = 'configuration.orgUnitsDuplicate';
export const orgUnitsParent = 'configuration.orgUnitsParent';
export const orgUnitsCycle = 'configuration.orgUnitsCycle';
export const businessHours = 'configuration.businessHours';
export const stageRequired = 'configuration.stageRequired';
export const staffUnitsOnce = 'configuration.staffUnitsOnce';
export const staffUnitsOneWay = 'configuration.staffUnitsOneWay';
