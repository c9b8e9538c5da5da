import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { runtimeMarkerPath } from '../runtime-marker';
import { BackupError, checkCopy, DYNAMODB_FILE, snapshotStore, type StoreSnapshot } from './store-snapshot';

/**
 * `crossclaim backup` and `crossclaim restore`: a data folder copied while the runtime runs, and
 * put back into a new folder (docs/operations.md).
 *
 * Order matters. The store is copied first, in one consistent snapshot (store-snapshot.ts); the
 * other files after it. Everything the table refers to was written before the table referred to
 * it (a receipt image before its claim, a hospital's bill before the claim fetched it, a bank
 * transfer is keyed by its claim id), so a file copied after the snapshot is never older than
 * the table's view of it. What the files know beyond the snapshot does no harm on restore: the
 * restored runtime re-drives every claim the table records as unfinished, every step is
 * idempotent, and the bank and the home region recognise a payout they already have by its key.
 *
 * The other files are of three kinds: written once (keys, secrets), replaced whole by a rename
 * (world.json, home-region.json, receipt images), or appended line by line (the event journal,
 * the dead letters, the bank's ledger). An appended file is copied up to its last complete
 * line: a line being written at that moment is left out, as if it came after the backup.
 */

export const MANIFEST_FILE = 'backup-manifest.json';
const DYNAMODB_DIR = 'dynamodb';

const ManifestSchema = z.strictObject({
  format: z.literal('crossclaim-backup/1'),
  takenAt: z.string(),
  source: z.string(),
  tables: z.record(z.string(), z.number().int().min(0)),
  files: z.array(
    z.strictObject({ path: z.string().min(1), bytes: z.number().int().min(0), sha256: z.string() }),
  ),
});
export type BackupManifest = z.infer<typeof ManifestSchema>;

export { BackupError };

export interface BackupResult {
  manifest: BackupManifest;
  store: StoreSnapshot;
  ms: number;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Not part of a backup: the live store (snapshotted instead), its journal, half-written files, what `start` rewrites. */
function skipped(path: string, dataDir: string): boolean {
  const name = relative(dataDir, path);
  return (
    name.startsWith(`${DYNAMODB_DIR}${sep}`) ||
    name.endsWith('.tmp') ||
    path === runtimeMarkerPath(dataDir) ||
    name === 'chaos.log'
  );
}

/** An appended file's complete lines; any other file as it is. */
function completeContent(path: string, content: Buffer): Buffer {
  if (!path.endsWith('.jsonl')) return content;
  const end = content.lastIndexOf(0x0a);
  return end < 0 ? Buffer.alloc(0) : content.subarray(0, end + 1);
}

async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

async function writePrivate(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, content, { mode: 0o600, flag: 'wx' });
}

/** Backs up `dataDir` (running or not) into `to`, a new or empty folder. */
export async function backupDataFolder(
  dataDir: string,
  to: string,
  options: { tables?: readonly string[] } = {},
): Promise<BackupResult> {
  const startedAt = Date.now();
  const source = resolve(dataDir);
  const target = resolve(to);
  const storeFile = join(source, DYNAMODB_DIR, DYNAMODB_FILE);
  if (!(await stat(storeFile).catch(() => undefined)))
    throw new BackupError(
      `${source} is not a crossclaim data folder: no ${join(DYNAMODB_DIR, DYNAMODB_FILE)}`,
    );
  if (target === source || target.startsWith(`${source}${sep}`))
    throw new BackupError(`--to ${target} is inside the data folder it backs up`);
  if (!(await emptyOrMissing(target)))
    throw new BackupError(`--to ${target} is not empty: choose a new folder`);
  const previousUmask = process.umask(0o077);
  try {
    await mkdir(join(target, DYNAMODB_DIR), { recursive: true, mode: 0o700 });
    // 1. The store, in one consistent snapshot.
    const store = await snapshotStore(
      join(source, DYNAMODB_DIR),
      join(target, DYNAMODB_DIR),
      options.tables ?? ['crossclaim'],
    );
    const files: BackupManifest['files'] = [];
    const storeCopy = await readFile(join(target, DYNAMODB_DIR, DYNAMODB_FILE));
    files.push({
      path: `${DYNAMODB_DIR}/${DYNAMODB_FILE}`,
      bytes: storeCopy.length,
      sha256: sha256(storeCopy),
    });
    // 2. Everything else, after it.
    for (const entry of await readdir(source, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || skipped(path, source)) continue;
      let content: Buffer;
      try {
        content = completeContent(path, await readFile(path));
      } catch (error) {
        // Replaced or removed between the listing and the read (a temporary file renamed): gone is gone.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const name = relative(source, path).split(sep).join('/');
      await writePrivate(join(target, name), content);
      files.push({ path: name, bytes: content.length, sha256: sha256(content) });
    }
    const manifest: BackupManifest = {
      format: 'crossclaim-backup/1',
      takenAt: new Date(startedAt).toISOString(),
      source,
      tables: store.items,
      files,
    };
    await writePrivate(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, store, ms: Date.now() - startedAt };
  } finally {
    process.umask(previousUmask);
  }
}

async function readManifest(from: string): Promise<BackupManifest> {
  let raw: string;
  try {
    raw = await readFile(join(from, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupError(`${from} is not a crossclaim backup: no ${MANIFEST_FILE}`);
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new BackupError(`${join(from, MANIFEST_FILE)} is not a backup manifest: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Puts the backup `from` into `dataDir`, a new or empty folder: every file checked against the
 * manifest's SHA-256 first (nothing is written if one differs), the store's integrity checked,
 * modes 0700/0600. `crossclaim start --data-dir <dataDir>` then resumes the unfinished claims.
 */
export async function restoreDataFolder(from: string, dataDir: string): Promise<BackupManifest> {
  const source = resolve(from);
  const target = resolve(dataDir);
  const manifest = await readManifest(source);
  if (!(await emptyOrMissing(target)))
    throw new BackupError(`--data-dir ${target} is not empty: restore into a new folder`);
  const contents = new Map<string, Buffer>();
  for (const file of manifest.files) {
    if (file.path.startsWith('/') || file.path.split('/').includes('..'))
      throw new BackupError(`the manifest names ${file.path}, outside the backup`);
    const content = await readFile(join(source, file.path)).catch(() => {
      throw new BackupError(`${file.path} is missing from the backup`);
    });
    if (sha256(content) !== file.sha256)
      throw new BackupError(`${file.path} differs from the backup's manifest (damaged?)`);
    contents.set(file.path, content);
  }
  const previousUmask = process.umask(0o077);
  try {
    await mkdir(target, { recursive: true, mode: 0o700 });
    await chmod(target, 0o700);
    for (const [path, content] of contents) await writePrivate(join(target, path), content);
    checkCopy(join(target, DYNAMODB_DIR, DYNAMODB_FILE), Object.keys(manifest.tables));
    return manifest;
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  } finally {
    process.umask(previousUmask);
  }
}
