import type { LifecycleSnapshot } from './lifecycle/snapshot.js';
import type { LifecycleState } from './lifecycle/types.js';

/**
 * The statuses a citizen sees (seed §3): what is happening to the request, never whether we
 * reached the citizen by phone (contact attempts are timeline entries).
 */
export const PUBLIC_STATUSES = [
  'received',
  'sorting',
  'referred',
  'in_progress',
  'escalated',
  'overdue',
  'duplicate',
  'answered',
  'not_actionable',
  'reopened',
  'closed',
] as const;

/** A status the citizen sees. Its label and explanation are `status.<name>.label|explanation`. */
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** The Open311 `status` of a public status: `open` while handling goes on, `closed` once answered. */
export type Open311Status = 'open' | 'closed';

const HANDLING_STATUS = {
  registered: 'received',
  triage: 'sorting',
  referred: 'referred',
  inProgress: 'in_progress',
  reopened: 'reopened',
} as const satisfies Partial<Record<LifecycleState, PublicStatus>>;

/**
 * The public status of a message. While it is handled, a missed deadline shows: `overdue` at the
 * top of the tree, `escalated` after a move up (in every handling state, triage included).
 */
export function publicStatusOf(snapshot: LifecycleSnapshot): PublicStatus {
  const { state, context } = snapshot;
  switch (state) {
    case 'registered':
    case 'triage':
    case 'referred':
    case 'inProgress':
    case 'reopened':
      if (context.overdue) return 'overdue';
      if (context.escalated) return 'escalated';
      return HANDLING_STATUS[state];
    case 'linked':
      return 'duplicate';
    case 'answered':
      return 'answered';
    case 'notActionable':
      return 'not_actionable';
    case 'closed':
      return 'closed';
  }
}

/** The public statuses of a message that has its answer: Open311 `closed`. */
export const CLOSED_STATUSES = ['answered', 'not_actionable', 'closed'] as const satisfies readonly PublicStatus[];

/** The public statuses of a message still being handled (a duplicate too): Open311 `open`. */
export const OPEN_STATUSES: readonly PublicStatus[] = PUBLIC_STATUSES.filter(
  (status) => !(CLOSED_STATUSES as readonly PublicStatus[]).includes(status),
);

/** The public statuses behind each Open311 status (`status=open` in a query means these). */
export const STATUSES_OF: Readonly<Record<Open311Status, readonly PublicStatus[]>> = {
  open: OPEN_STATUSES,
  closed: CLOSED_STATUSES,
};

/** Open311's `open`/`closed` for a public status. */
export function open311StatusOf(status: PublicStatus): Open311Status {
  return (CLOSED_STATUSES as readonly PublicStatus[]).includes(status) ? 'closed' : 'open';
}
