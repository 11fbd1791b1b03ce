import { LIFECYCLE_STATES, type LifecycleContext, type LifecycleState } from './types.js';

/** The snapshot format's name. */
export const SNAPSHOT_FORMAT = 'payam.lifecycle' as const;
/**
 * The snapshot format's current version. Bump it when the context changes shape, and add the
 * step that upgrades the previous version to {@link SNAPSHOT_UPGRADES}.
 */
export const SNAPSHOT_VERSION = 2 as const;

/** A message's lifecycle as plain JSON: store it, load it, apply the next event to it. */
export interface LifecycleSnapshot {
  /** Always `payam.lifecycle`. */
  format: typeof SNAPSHOT_FORMAT;
  /** The format version. */
  version: typeof SNAPSHOT_VERSION;
  /** The state. */
  state: LifecycleState;
  /** The data. */
  context: LifecycleContext;
}

/** A stored snapshot of some version, as JSON: what an upgrade step reads and writes. */
export interface StoredSnapshot {
  /** Always `payam.lifecycle`. */
  format: typeof SNAPSHOT_FORMAT;
  /** The version it was written in. */
  version: number;
  /** The state. */
  state: LifecycleState;
  /** The data, in the shape of its version. */
  context: Record<string, unknown>;
}

/** One pure step that upgrades a snapshot of version `from` to version `from + 1`. */
export interface SnapshotUpgrade {
  /** The version it reads. */
  from: number;
  /** What changed, for the record. */
  change: string;
  /** The snapshot one version later; never mutates its argument. */
  upgrade(snapshot: StoredSnapshot): StoredSnapshot;
}

/**
 * Every upgrade ever needed, in order: step `i` reads version `i + 1`. A snapshot of any version
 * ever written is read by applying the steps from its version up to {@link SNAPSHOT_VERSION}.
 */
export const SNAPSHOT_UPGRADES: readonly SnapshotUpgrade[] = [
  {
    from: 1,
    change:
      'An answer names the unit that gave it (`answer.unitId`: the unit responsible when it was answered), and a ' +
      'suggestion sent without consent is kept with `consentTextVersion: null` (version 1 kept only consented ones).',
    upgrade: (snapshot) => {
      const context = snapshot.context;
      const answer = context.answer as Record<string, unknown> | null;
      return {
        ...snapshot,
        version: 2,
        context: { ...context, answer: answer === null ? null : { ...answer, unitId: answer.unitId ?? context.unitId } },
      };
    },
  },
];

/** Why a stored value could not be read as a lifecycle snapshot. */
export type SnapshotProblem = 'not_a_snapshot' | 'newer_version';

/** Thrown when a stored value cannot be read as a lifecycle snapshot: not one, or of a newer version. */
export class SnapshotFormatError extends Error {
  /**
   * @param problem what is wrong with it
   * @param version the version it claims, when it has one
   */
  constructor(
    readonly problem: SnapshotProblem,
    readonly version: number | null,
    /** The message it belongs to, when the stored value names one (for the log). */
    readonly messageId: string | null = null,
  ) {
    super(
      problem === 'newer_version'
        ? `The snapshot is stored in version ${version} of ${SNAPSHOT_FORMAT}, newer than this version (${SNAPSHOT_VERSION}) can read.`
        : `Not a ${SNAPSHOT_FORMAT} snapshot.`,
    );
    this.name = 'SnapshotFormatError';
  }
}

function isStoredSnapshot(value: unknown): value is StoredSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof StoredSnapshot, unknown>>;
  const context = v.context as Record<string, unknown> | null | undefined;
  return (
    v.format === SNAPSHOT_FORMAT &&
    typeof v.version === 'number' &&
    Number.isInteger(v.version) &&
    v.version >= 1 &&
    (LIFECYCLE_STATES as readonly unknown[]).includes(v.state) &&
    typeof context === 'object' &&
    context !== null &&
    typeof context.messageId === 'string' &&
    typeof context.system === 'string' &&
    typeof context.unitId === 'string' &&
    Array.isArray(context.linkedMessageIds)
  );
}

/** Checks that `value` is a lifecycle snapshot of the current version (read older ones with {@link readSnapshot}). */
export function isLifecycleSnapshot(value: unknown): value is LifecycleSnapshot {
  return isStoredSnapshot(value) && value.version === SNAPSHOT_VERSION;
}

/**
 * Reads a stored snapshot of any version ever written (a JSON text or its parsed value),
 * upgrading it step by step to the current version; a current one is returned as it is. Pure:
 * the stored value is never changed. Throws {@link SnapshotFormatError} for a value that is not a
 * snapshot or that a newer version wrote.
 */
export function readSnapshot(stored: unknown): LifecycleSnapshot {
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (!isStoredSnapshot(value)) throw new SnapshotFormatError('not_a_snapshot', null);
  if (value.version > SNAPSHOT_VERSION) throw new SnapshotFormatError('newer_version', value.version, value.context.messageId as string);
  let snapshot = value;
  for (const step of SNAPSHOT_UPGRADES) {
    if (step.from === snapshot.version) snapshot = step.upgrade(snapshot);
  }
  if (!isLifecycleSnapshot(snapshot)) throw new SnapshotFormatError('not_a_snapshot', snapshot.version, value.context.messageId as string);
  return snapshot;
}
