/**
 * Who may see, act on, refer to or link to a message. Every route, list, statistic, report, feed
 * and format asks this module; none decides it on its own.
 */
export { STAFF_RIGHTS, STAFF_ROLES, hasRight, type StaffRight } from './rights.js';
export {
  isPrivate,
  publicOnlySql,
  suggestionsAllowed,
  type Bind,
  type PrivacySubject,
} from './privacy.js';
export {
  feedbackVisibility,
  inUnits,
  linkDecision,
  mayAdminister,
  referTargets,
  staffMay,
  staffMessagesSql,
  unitsOf,
  unitsOfSystem,
  type ScopedMessage,
  type StaffMember,
} from './scope.js';
export { holdsToken, MESSAGE_REFERENCE_KEYS, namesOtherMessages, publicMayRead } from './public.js';
