import type { LifecycleSnapshot } from './lifecycle/lifecycle.js';

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

/** The public status of a message. */
export function publicStatusOf(snapshot: LifecycleSnapshot): PublicStatus {
  const { state, context } = snapshot;
  switch (state) {
    case 'registered':
      return context.overdue ? 'overdue' : 'received';
    case 'triage':
      return context.overdue ? 'overdue' : 'sorting';
    case 'referred':
    case 'inProgress':
    case 'reopened':
      if (context.overdue) return 'overdue';
      if (context.escalated) return 'escalated';
      return state === 'referred' ? 'referred' : state === 'inProgress' ? 'in_progress' : 'reopened';
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

/** Open311's `open`/`closed` for a public status. */
export function open311StatusOf(status: PublicStatus): Open311Status {
  return status === 'answered' || status === 'not_actionable' || status === 'closed' ? 'closed' : 'open';
}
