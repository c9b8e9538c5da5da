import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { assertValidObjectKey, type ObjectStore, type StoredObjectMeta } from './object-store';

/**
 * The object store on AWS: one S3 bucket (infra/constructs/data.ts: private, versioned, TLS
 * only). Each object is written with SSE-KMS under the data key named here, not left to the
 * bucket default, so a misconfigured bucket cannot quietly store a receipt unencrypted or under
 * AWS's own key. The metadata the local store keeps in `<key>.meta.json` travels as S3 user
 * metadata: the caller's attributes as they are, the hash and time under reserved names.
 */

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** The KMS key every object is encrypted with (its ARN or id). */
  kmsKeyId: string;
}

/** User-metadata names the store keeps for itself. */
const SHA256 = 'sha256';
const CREATED_AT = 'created-at';
/** S3 lowercases user-metadata names: only names that survive that unchanged are accepted. */
const ATTRIBUTE_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** Header values: printable ASCII, or S3 would refuse (or mangle) them. */
const ATTRIBUTE_VALUE = /^[\x20-\x7e]*$/;

export class InvalidObjectAttributeError extends Error {
  override readonly name = 'InvalidObjectAttribute';
}

function checkedAttributes(attributes: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(attributes)) {
    if (!ATTRIBUTE_NAME.test(name) || name === SHA256 || name === CREATED_AT) {
      throw new InvalidObjectAttributeError(
        `object attribute ${JSON.stringify(name)}: lowercase letters, digits and "-", not ${SHA256} or ${CREATED_AT}`,
      );
    }
    if (!ATTRIBUTE_VALUE.test(value)) {
      throw new InvalidObjectAttributeError(`object attribute ${name}: printable ASCII only`);
    }
  }
  return attributes;
}

function metaFrom(response: {
  ContentType?: string | undefined;
  ContentLength?: number | undefined;
  LastModified?: Date | undefined;
  Metadata?: Record<string, string> | undefined;
}): StoredObjectMeta {
  const { [SHA256]: sha256, [CREATED_AT]: createdAt, ...attributes } = response.Metadata ?? {};
  return {
    contentType: response.ContentType ?? 'application/octet-stream',
    bytes: response.ContentLength ?? 0,
    sha256: sha256 ?? '',
    attributes,
    createdAt: createdAt ?? response.LastModified?.toISOString() ?? '',
  };
}

const isMissing = (error: unknown): boolean => error instanceof NoSuchKey || error instanceof NotFound;

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  readonly bucket: string;
  private readonly kmsKeyId: string;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.kmsKeyId = options.kmsKeyId;
  }

  async put(
    key: string,
    body: Buffer,
    meta: { contentType: string; attributes?: Record<string, string> },
  ): Promise<StoredObjectMeta> {
    assertValidObjectKey(key);
    const stored: StoredObjectMeta = {
      contentType: meta.contentType,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      attributes: checkedAttributes(meta.attributes ?? {}),
      createdAt: new Date().toISOString(),
    };
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: stored.contentType,
        Metadata: { ...stored.attributes, [SHA256]: stored.sha256, [CREATED_AT]: stored.createdAt },
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.kmsKeyId,
        // One data key per bucket and period instead of a KMS call per object (cost, throttling).
        BucketKeyEnabled: true,
      }),
    );
    return stored;
  }

  async head(key: string): Promise<StoredObjectMeta | undefined> {
    assertValidObjectKey(key);
    try {
      return metaFrom(await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<{ body: Buffer; meta: StoredObjectMeta } | undefined> {
    assertValidObjectKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!response.Body) throw new Error(`s3://${this.bucket}/${key}: GetObject answered without a body`);
      const body = Buffer.from(await response.Body.transformToByteArray());
      return { body, meta: { ...metaFrom(response), bytes: body.length } };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    // Versioned bucket: this adds a delete marker; the lifecycle expires the old version.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
