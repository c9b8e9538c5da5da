import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Objects (receipt images) behind one small interface: a folder on disk locally (under the
 * runtime's data directory; a temporary one in tests), S3 on AWS. Objects are written once
 * under a key the caller chooses, with a little metadata; the case refers to them by key and
 * the state machine never carries their bytes.
 *
 * The S3 implementation is adapters/object-store-s3.ts; the composition root
 * (functions/shared/dependencies.ts) picks one from the Config.
 */

export interface StoredObjectMeta {
  contentType: string;
  bytes: number;
  sha256: string;
  /** Small string attributes (S3 user metadata): owner, width, height… */
  attributes: Record<string, string>;
  createdAt: string;
}

export interface ObjectStore {
  put(
    key: string,
    body: Buffer,
    meta: { contentType: string; attributes?: Record<string, string> },
  ): Promise<StoredObjectMeta>;
  get(key: string): Promise<{ body: Buffer; meta: StoredObjectMeta } | undefined>;
  head(key: string): Promise<StoredObjectMeta | undefined>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKey';
}

/** Keys are relative paths of plain segments, the same rule for every store. */
export function assertValidObjectKey(key: string): void {
  if (!KEY.test(key) || key.includes('..') || key.endsWith('.meta.json')) {
    throw new InvalidObjectKeyError(`not a valid object key: ${JSON.stringify(key)}`);
  }
}

/** A folder per store: `<root>/<key>` holds the bytes, `<root>/<key>.meta.json` the metadata. */
export class LocalFolderObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    assertValidObjectKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new InvalidObjectKeyError(`key escapes the store: ${key}`);
    return path;
  }

  async put(
    key: string,
    body: Buffer,
    meta: { contentType: string; attributes?: Record<string, string> },
  ): Promise<StoredObjectMeta> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const stored: StoredObjectMeta = {
      contentType: meta.contentType,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      attributes: meta.attributes ?? {},
      createdAt: new Date().toISOString(),
    };
    // Bytes first, metadata last (each written to a temporary name and renamed): an object
    // without its metadata does not exist for head/get, so a crash leaves nothing half-made.
    await writeFile(`${path}.tmp`, body, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    await writeFile(`${path}.meta.json.tmp`, JSON.stringify(stored), { mode: 0o600 });
    await rename(`${path}.meta.json.tmp`, `${path}.meta.json`);
    return stored;
  }

  async head(key: string): Promise<StoredObjectMeta | undefined> {
    try {
      return JSON.parse(await readFile(`${this.pathOf(key)}.meta.json`, 'utf8')) as StoredObjectMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<{ body: Buffer; meta: StoredObjectMeta } | undefined> {
    const meta = await this.head(key);
    if (!meta) return undefined;
    return { body: await readFile(this.pathOf(key)), meta };
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(`${path}.meta.json`, { force: true });
    await rm(path, { force: true });
  }
}
