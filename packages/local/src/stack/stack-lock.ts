/**
 * One local stack per data folder: `npm start` holds `<data-dir>/stack.lock` from before the
 * emulators start until it exits, so that a second one cannot overwrite the first one's stack
 * file or write into its lake. The lock names its holder (pid, start time and, once they are
 * known, the endpoints); a lock whose process is gone (killed with -9, crashed) is stale and
 * taken over.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackFile } from './stack-file.js';

const LOCK_FILE_NAME = 'stack.lock';

/** Who holds a data folder. */
export interface StackOwner {
  pid: number;
  startedAt: string;
  /** Set once the emulators listen. */
  endpoints?: StackFile['endpoints'];
}

/** Whether a process of this id is running (one of another user counts: it cannot be signalled, but exists). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder as a message names it: pid, start time, endpoints. */
export function describeOwner(owner: StackOwner): string {
  const endpoints =
    owner.endpoints === undefined
      ? 'endpoints not ready yet'
      : Object.entries(owner.endpoints)
          .map(([service, url]) => `${service} ${url}`)
          .join(', ');
  return `pid ${owner.pid}, started ${owner.startedAt}, ${endpoints}`;
}

export class StackLockedError extends Error {
  override name = 'StackLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: StackOwner,
  ) {
    super(
      `another local stack is running on ${dataDir} (${describeOwner(owner)}): stop it first, or give this ` +
        'one its own data folder with --data-dir <dir> (the other tools then take --data-dir <dir>, or ' +
        'LOCAL_STACK_FILE=<dir>/stack.json for `sls invoke local` and fixtures:seed)',
    );
  }
}

export interface StackLock {
  file: string;
  owner: StackOwner;
  /** The stale holder this lock was taken over from, if any. */
  tookOverFrom?: StackOwner;
  /** Adds the endpoints to the lock, for the message a second stack gets. */
  setEndpoints(endpoints: StackFile['endpoints']): void;
  /** Removes the lock if it is still this process's; safe to call more than once. */
  release(): void;
}

function readOwner(file: string): StackOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<StackOwner>;
    return typeof owner.pid === 'number' && typeof owner.startedAt === 'string'
      ? (owner as StackOwner)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `owner` to a file of its own first: the lock appears whole (link) or is replaced whole (rename). */
function writeTemporary(file: string, owner: StackOwner): string {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(owner, null, 2)}\n`);
  return temporary;
}

/**
 * Takes `<dataDir>/stack.lock` for this process, or throws {@link StackLockedError} naming the
 * running holder. A lock whose process has exited (or that cannot be read: a holder killed while
 * writing it) is removed and taken.
 */
export function lockDataDir(dataDir: string, now: Date = new Date()): StackLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const owner: StackOwner = { pid: process.pid, startedAt: now.toISOString() };
  let tookOverFrom: StackOwner | undefined;
  const temporary = writeTemporary(file, owner);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        // link() fails if the lock exists: of two stacks starting at once, exactly one gets it.
        linkSync(temporary, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (attempt > 3) throw new Error(`cannot take ${file}: another process keeps taking it`);
      }
      const holder = readOwner(file);
      if (holder !== undefined && holder.pid !== process.pid && processAlive(holder.pid))
        throw new StackLockedError(dataDir, holder);
      // Stale. Removed only if unchanged since it was read, so that a lock another stack has just
      // taken over is not removed as well (the window left is the next two calls).
      if (JSON.stringify(readOwner(file)) === JSON.stringify(holder)) rmSync(file, { force: true });
      tookOverFrom = holder ?? { pid: 0, startedAt: 'unknown (unreadable lock)' };
    }
  } finally {
    rmSync(temporary, { force: true });
  }

  const ours = () => {
    const holder = readOwner(file);
    return holder?.pid === owner.pid && holder.startedAt === owner.startedAt;
  };
  return {
    file,
    owner,
    ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
    setEndpoints(endpoints) {
      if (!ours()) return;
      owner.endpoints = endpoints;
      renameSync(writeTemporary(file, owner), file);
    },
    release() {
      if (ours()) rmSync(file, { force: true });
    },
  };
}
