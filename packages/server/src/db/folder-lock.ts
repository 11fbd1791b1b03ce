import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock file PGlite's folder holds while a process has it open. */
export const LOCK_FILE = 'payam.lock';

/** Raised when another living process holds the folder. */
export class FolderLockedError extends Error {
  override readonly name = 'FolderLockedError';
}

/** A held folder lock; `release()` gives it back (also on exit). */
export interface FolderLock {
  /** Removes the lock file, if it is still ours. */
  release(): void;
}

/** Folders this process holds (a lock file with our own pid and no entry here is a stale one, from a reused pid). */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(file, 'utf8').trim().split('\n');
    const n = Number(pid);
    return Number.isInteger(n) && n > 0 ? { pid: n, host: host ?? '' } : null;
  } catch {
    return null;
  }
}

/**
 * Takes the one-process lock of an embedded database folder: PGlite is a single-process database,
 * and two processes writing one folder corrupt it. The lock file holds the owner's pid and host; a
 * lock left by a process that no longer runs (killed, crashed) is taken over. Throws
 * {@link FolderLockedError} naming the owner when a living process holds it.
 */
export function lockFolder(dir: string): FolderLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const me = `${process.pid}\n${hostname()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      // A half-written file: its writer is between open and write; look again.
      if (!owner) {
        if (attempt === 2) rmSync(file, { force: true });
        continue;
      }
      const sameHost = owner.host === '' || owner.host === hostname();
      const ours = owner.pid === process.pid && sameHost;
      if ((ours && held.has(file)) || (!ours && (!sameHost || isAlive(owner.pid)))) {
        throw new FolderLockedError(
          `The data folder ${dir} is in use by another Payam process (pid ${owner.pid}${sameHost ? '' : ` on ${owner.host}`}). ` +
            'PGlite serves one process only: stop that process, use another PAYAM_DATA_DIR, or use PostgreSQL (DATABASE_URL) for several processes.',
        );
      }
      // The owner is gone: its lock is stale.
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, me);
    closeSync(fd);
    held.add(file);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      held.delete(file);
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    };
    process.on('exit', release);
    return { release };
  }
  throw new FolderLockedError(`The data folder ${dir} could not be locked: another process keeps taking its lock.`);
}
