import { spawn } from 'node:child_process';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * One consistent copy of DynamoDB Local's SQLite file, taken while the store keeps running.
 *
 * DynamoDB Local (`-sharedDb -dbPath <dir>`) keeps every table in one SQLite database,
 * `shared-local-instance.db`, in rollback-journal mode. A `cp` while it writes can be torn
 * (half of a transaction's pages old, half new). Two ways were tried:
 *
 * - SQLite's online backup API from a second process (node:sqlite `backup()`): it takes a read
 *   lock on the live file. DynamoDB Local does not wait for a lock it did not expect: under the
 *   demo's load, with five backups taken, one backup failed and one claim answered 202 by the
 *   API was missing from the table afterwards (the lock was not proven to be the cause). A
 *   backup must never risk a claim, so that is not used.
 * - What is used: the store's JVM is paused (SIGSTOP) for the moment of the copy, the database
 *   and its rollback journal (if a transaction was in progress) are copied, and the JVM is
 *   resumed (SIGCONT). Paused between any two instructions, the files are what a crash at that
 *   instant would leave, and SQLite is built to recover exactly that: opening the copy rolls
 *   back the unfinished transaction from the journal. Every write DynamoDB Local acknowledged
 *   before the pause is in the copy (it answers after its commit, which the kill tests rely
 *   on too). Requests that arrive during the pause wait in the socket a few milliseconds.
 *
 * A watchdog process resumes the JVM after WATCHDOG_SECONDS even if this process dies in between.
 */

export const DYNAMODB_FILE = 'shared-local-instance.db';

/** A backup or restore refused, with the reason a person can act on. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}
const JOURNAL_SUFFIX = '-journal';
const WATCHDOG_SECONDS = 10;

export interface StoreSnapshot {
  /** How long the store was paused (0 when it was not running). */
  pausedMs: number;
  /** The store's processes that were paused (none when it was not running). */
  pausedPids: number[];
  /** Whether a transaction was in progress (its journal copied, and rolled back in the copy). */
  rolledBack: boolean;
  /** Items per table in the copy (DynamoDB Local keeps a table's items in a SQLite table of its name). */
  items: Record<string, number>;
}

/** The DynamoDB Local processes serving `dbDir` (`-dbPath <dbDir>` on their command line). */
export async function storeProcessesOf(dbDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // A process that ended since the listing has no command line: it serves nothing.
    const args: string[] = await readFile(`/proc/${entry}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      () => [],
    );
    const at = args.indexOf('-dbPath');
    if (at >= 0 && args[at + 1] === dbDir && args.some((a) => a.endsWith('DynamoDBLocal.jar'))) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** A detached `sleep; kill -CONT` that outlives this process: the store is never left paused. */
function startWatchdog(pids: readonly number[]): () => void {
  const watchdog = spawn('/bin/sh', ['-c', `sleep ${WATCHDOG_SECONDS}; kill -CONT ${pids.join(' ')}`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return () => {
    try {
      if (watchdog.pid !== undefined) process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      // It has already done its work and exited.
    }
  };
}

/** Copies the store of `dbDir` into `targetDir` (running or not) and checks the copy. */
export async function snapshotStore(
  dbDir: string,
  targetDir: string,
  tables: readonly string[],
): Promise<StoreSnapshot> {
  const source = join(dbDir, DYNAMODB_FILE);
  const target = join(targetDir, DYNAMODB_FILE);
  const pids = await storeProcessesOf(dbDir);
  const stopWatchdog = pids.length > 0 ? startWatchdog(pids) : () => undefined;
  let pausedMs: number;
  let rolledBack = false;
  const pausedAt = Date.now();
  const before = await stat(source);
  try {
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    await copyFile(source, target);
    // No store process was found (stopped, or hidden from this process: ProtectProc=, hidepid=):
    // the copy is good only if nothing wrote the file meanwhile.
    const after = await stat(source);
    if (pids.length === 0 && (after.mtimeMs !== before.mtimeMs || after.size !== before.size))
      throw new BackupError(
        `${source} changed during the copy, but no DynamoDB Local process serving it is visible to this ` +
          'process (is /proc hidden from it?): the copy could be torn, so none is kept',
      );
    try {
      await copyFile(`${source}${JOURNAL_SUFFIX}`, `${target}${JOURNAL_SUFFIX}`);
      rolledBack = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  } finally {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // It exited while paused (killed by someone else): its supervisor starts it again.
      }
    }
    pausedMs = pids.length > 0 ? Date.now() - pausedAt : 0;
    stopWatchdog();
  }
  // Opening the copy read-write lets SQLite roll back a transaction the pause interrupted; the
  // journal is then gone and the copy is one file.
  return { pausedMs, pausedPids: pids, rolledBack, items: checkCopy(target, tables, { recover: true }) };
}

/** The copy's integrity check must say ok; returns the item count of each table. */
export function checkCopy(
  path: string,
  tables: readonly string[],
  { recover = false }: { recover?: boolean } = {},
): Record<string, number> {
  const copy = new DatabaseSync(path, { readOnly: !recover });
  try {
    const verdict = copy.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const problems = verdict.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw new Error(`${path} fails SQLite's integrity check: ${problems.join('; ')}`);
    const present = new Set(
      (copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const items: Record<string, number> = {};
    for (const table of tables) {
      if (!present.has(table)) throw new BackupError(`${path} has no table ${table}`);
      // The name was checked against the schema above; SQLite cannot bind an identifier.
      const row = copy.prepare(`SELECT count(*) AS n FROM "${table.replaceAll('"', '""')}"`).get() as {
        n: number;
      };
      items[table] = Number(row.n);
    }
    return items;
  } finally {
    copy.close();
  }
}
