import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidObjectKeyError, LocalFolderObjectStore } from '../../adapters/object-store';
import { InvalidObjectAttributeError, S3ObjectStore } from '../../adapters/object-store-s3';
import { deps, resetDependencies } from '../../functions/shared/dependencies';
import { FAKE_AWS, fakeHttp, type FakeResponse, type SentRequest } from './aws-fake-http';

const BUCKET = 'crossclaim-receipts-test';
const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const IMAGE = Buffer.from('\x89PNG fake image bytes');

function storeAnswering(answer: (request: SentRequest) => FakeResponse) {
  const http = fakeHttp(answer);
  const client = new S3Client({ ...FAKE_AWS, forcePathStyle: true, requestHandler: http.requestHandler });
  return { store: new S3ObjectStore({ client, bucket: BUCKET, kmsKeyId: KEY_ARN }), sent: http.sent };
}

const noSuchKey: FakeResponse = {
  statusCode: 404,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
};

describe('S3ObjectStore', () => {
  it('puts an object into the bucket under its key, SSE-KMS with the data key and a bucket key', async () => {
    const { store, sent } = storeAnswering(() => ({ statusCode: 200, headers: { etag: '"abc"' } }));
    const meta = await store.put('receipt-images/img-1', IMAGE, {
      contentType: 'image/png',
      attributes: { owner: 'sha256:ab12', width: '800' },
    });

    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request).toMatchObject({ method: 'PUT', path: `/${BUCKET}/receipt-images/img-1` });
    expect(request!.headers).toMatchObject({
      'content-type': 'image/png',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KEY_ARN,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
      'x-amz-meta-owner': 'sha256:ab12',
      'x-amz-meta-width': '800',
      'x-amz-meta-sha256': createHash('sha256').update(IMAGE).digest('hex'),
      'x-amz-meta-created-at': meta.createdAt,
    });
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/cn-north-1\/s3\//,
    );
    expect(request!.body).toBe(IMAGE.toString('utf8'));
    expect(meta).toMatchObject({
      contentType: 'image/png',
      bytes: IMAGE.length,
      attributes: { owner: 'sha256:ab12' },
    });
  });

  it('reads an object back with the metadata put wrote, the store’s own names taken out of the attributes', async () => {
    const sha256 = createHash('sha256').update(IMAGE).digest('hex');
    const { store, sent } = storeAnswering(() => ({
      statusCode: 200,
      headers: {
        'content-type': 'image/png',
        'content-length': String(IMAGE.length),
        'x-amz-meta-owner': 'sha256:ab12',
        'x-amz-meta-sha256': sha256,
        'x-amz-meta-created-at': '2026-11-23T10:00:00.000Z',
      },
      body: IMAGE,
    }));
    const object = await store.get('receipt-images/img-1');
    expect(sent[0]).toMatchObject({ method: 'GET', path: `/${BUCKET}/receipt-images/img-1` });
    expect(object?.body.equals(IMAGE)).toBe(true);
    expect(object?.meta).toEqual({
      contentType: 'image/png',
      bytes: IMAGE.length,
      sha256,
      attributes: { owner: 'sha256:ab12' },
      createdAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('answers undefined for a key that does not exist (GetObject NoSuchKey, HeadObject 404)', async () => {
    const { store, sent } = storeAnswering((request) =>
      request.method === 'HEAD' ? { statusCode: 404 } : noSuchKey,
    );
    expect(await store.get('receipt-images/missing')).toBeUndefined();
    expect(await store.head('receipt-images/missing')).toBeUndefined();
    expect(sent.map((r) => r.method)).toEqual(['GET', 'HEAD']);
  });

  it('passes on any other failure (access denied is not "missing")', async () => {
    const { store } = storeAnswering(() => ({
      statusCode: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    }));
    await expect(store.get('receipt-images/img-1')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('deletes by key', async () => {
    const { store, sent } = storeAnswering(() => ({ statusCode: 204 }));
    await store.delete('receipt-images/img-1');
    expect(sent[0]).toMatchObject({ method: 'DELETE', path: `/${BUCKET}/receipt-images/img-1` });
  });

  it('refuses keys and attributes S3 would store differently, before sending anything', async () => {
    const { store, sent } = storeAnswering(() => ({ statusCode: 200 }));
    await expect(store.put('../escape', IMAGE, { contentType: 'image/png' })).rejects.toBeInstanceOf(
      InvalidObjectKeyError,
    );
    await expect(
      store.put('receipt-images/a', IMAGE, { contentType: 'image/png', attributes: { Owner: 'x' } }),
    ).rejects.toBeInstanceOf(InvalidObjectAttributeError);
    await expect(
      store.put('receipt-images/a', IMAGE, { contentType: 'image/png', attributes: { sha256: 'forged' } }),
    ).rejects.toBeInstanceOf(InvalidObjectAttributeError);
    await expect(
      store.put('receipt-images/a', IMAGE, { contentType: 'image/png', attributes: { owner: '张三' } }),
    ).rejects.toBeInstanceOf(InvalidObjectAttributeError);
    expect(sent).toEqual([]);
  });
});

describe('the receipt image store chosen by configuration (functions/shared/dependencies.ts)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetDependencies();
  });

  it('is S3 when RECEIPT_IMAGES_BUCKET is set (as on AWS), and refuses it without the KMS key', () => {
    vi.stubEnv('RECEIPT_IMAGES_DIR', '');
    vi.stubEnv('AWS_REGION', 'cn-north-1');
    vi.stubEnv('RECEIPT_IMAGES_BUCKET', BUCKET);
    vi.stubEnv('RECEIPT_IMAGES_KMS_KEY', '');
    expect(() => deps('receiptImages')).toThrow(/RECEIPT_IMAGES_KMS_KEY/);
    vi.stubEnv('RECEIPT_IMAGES_KMS_KEY', KEY_ARN);
    const store = deps('receiptImages');
    expect(store).toBeInstanceOf(S3ObjectStore);
    expect((store as S3ObjectStore).bucket).toBe(BUCKET);
  });

  it('is a local folder otherwise', () => {
    vi.stubEnv('RECEIPT_IMAGES_BUCKET', '');
    vi.stubEnv('RECEIPT_IMAGES_DIR', '/tmp/crossclaim-receipts-test');
    expect(deps('receiptImages')).toBeInstanceOf(LocalFolderObjectStore);
  });
});
