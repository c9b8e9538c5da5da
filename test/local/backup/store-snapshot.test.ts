import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DYNAMODB_FILE, snapshotStore, storeProcessesOf } from '../../../local/backup/store-snapshot';

/**
 * A writer in the middle of a transaction, standing in for DynamoDB Local: a process whose
 * command line names the store's folder as DynamoDB Local's does (`-jar …/DynamoDBLocal.jar
 * -dbPath <dir>`), with a SQLite transaction open whose pages have already reached the file
 * (a 1-page cache spills them) and whose rollback journal is on disk.
 */
const WRITER = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv.at(-1));
db.exec('PRAGMA cache_size = 1');
db.exec('BEGIN');
const insert = db.prepare('INSERT INTO crossclaim (id, body) VALUES (?, ?)');
for (let i = 1000; i < 3000; i += 1) insert.run(i, 'y'.repeat(500));
process.stdout.write('in-transaction\\n');
setInterval(() => undefined, 1000);
`;

const COMMITTED = 200;

function processState(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((text) => /State:\s+(\S)/.exec(text)?.[1] ?? '?');
}

describe('snapshotStore: a copy of the store while it writes', () => {
  let root: string | undefined;
  let writer: ChildProcess | undefined;
  afterEach(async () => {
    writer?.kill('SIGKILL');
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('pauses the writer, copies the file and its journal, and the copy holds only committed transactions', async () => {
    root = await mkdtemp(join(tmpdir(), 'crossclaim-snapshot-'));
    const dbDir = join(root, 'dynamodb');
    const copyDir = join(root, 'copy');
    await mkdir(dbDir);
    await mkdir(copyDir);
    const dbFile = join(dbDir, DYNAMODB_FILE);
    const setup = new DatabaseSync(dbFile);
    setup.exec('CREATE TABLE crossclaim (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = setup.prepare('INSERT INTO crossclaim (id, body) VALUES (?, ?)');
    for (let i = 0; i < COMMITTED; i += 1) insert.run(i, 'x'.repeat(500));
    setup.close();

    writer = spawn(
      process.execPath,
      ['-e', WRITER, '--', '-jar', '/nowhere/DynamoDBLocal.jar', '-dbPath', dbDir, dbFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      writer?.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('in-transaction') && resolve());
      writer?.once('exit', (code) => reject(new Error(`the writer exited (${code})`)));
    });
    const pid = writer.pid ?? -1;
    // The transaction's pages are in the file and its journal exists: a plain copy now is torn.
    await access(`${dbFile}-journal`);
    expect(await storeProcessesOf(dbDir)).toEqual([pid]);

    const snapshot = await snapshotStore(dbDir, copyDir, ['crossclaim']);
    expect(snapshot.pausedPids).toEqual([pid]);
    expect(snapshot.rolledBack).toBe(true);
    expect(snapshot.items).toEqual({ crossclaim: COMMITTED });
    // The journal was consumed by the rollback; the copy is one consistent file.
    await expect(access(join(copyDir, `${DYNAMODB_FILE}-journal`))).rejects.toThrow();
    // The writer runs again (not left stopped), its transaction still open in the original.
    expect(await processState(pid)).not.toBe('T');
    await access(`${dbFile}-journal`);
  });
});
