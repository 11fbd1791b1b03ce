import type { StaffRole } from '../config/demo-data.js';

/** What a member of staff may do, independent of any one message. */
export type StaffRight =
  /** Read queues and messages of their units. */
  | 'readMessages'
  /** Act on messages of their units (triage, refer, answer…). */
  | 'act'
  /** Read private messages (confidential systems and private services) of their units. */
  | 'readPrivate'
  /** Read feedback statistics over their units (aggregates; private messages counted). */
  | 'feedbackStats'
  /** Download the feedback report over their units. */
  | 'feedbackReport'
  /** Read the policies. */
  | 'readPolicies'
  /** Change the policies. */
  | 'changePolicies'
  /** Read the notifications the outbox gave up on (dead letters: message ids and errors, never a recipient). */
  | 'readDeliveries'
  /** Run the city: API keys, staff and their tokens, systems, services and their forms, units, the calendar, the audit log. */
  | 'administer';

/**
 * The decision table of staff roles: one row a role, one column a right. The compiler checks
 * that every role has every right decided (`satisfies`), so a new role or right cannot be left out.
 * Which messages a right reaches is the role's units (see `scope.ts`).
 */
// prettier-ignore
export const STAFF_RIGHTS = {
  operator:   { readMessages: true,  act: true,  readPrivate: true,  feedbackStats: true, feedbackReport: false, readPolicies: false, changePolicies: false, readDeliveries: false, administer: false },
  handler:    { readMessages: true,  act: true,  readPrivate: true,  feedbackStats: true, feedbackReport: false, readPolicies: false, changePolicies: false, readDeliveries: false, administer: false },
  supervisor: { readMessages: true,  act: true,  readPrivate: true,  feedbackStats: true, feedbackReport: true,  readPolicies: true,  changePolicies: false, readDeliveries: true, administer: false },
  analyst:    { readMessages: false, act: false, readPrivate: false, feedbackStats: true, feedbackReport: true,  readPolicies: true,  changePolicies: false, readDeliveries: false, administer: false },
  admin:      { readMessages: true,  act: true,  readPrivate: true,  feedbackStats: true, feedbackReport: true,  readPolicies: true,  changePolicies: true, readDeliveries: true, administer: true },
} as const satisfies Record<StaffRole, Readonly<Record<StaffRight, boolean>>>;

/** Every staff role, in the order of the table. */
export const STAFF_ROLES = ['operator', 'handler', 'supervisor', 'analyst', 'admin'] as const satisfies readonly StaffRole[];

/** Whether `role` has `right`. */
export function hasRight(role: StaffRole, right: StaffRight): boolean {
  return STAFF_RIGHTS[role][right];
}
