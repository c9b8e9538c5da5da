import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFolderObjectStore } from '../../adapters/object-store';
import { receiptImageKey } from '../../domain/receipt-image';
import { hashIdNumber } from '../../domain/identity';
import { handler } from '../../functions/upload-receipt-image';
import { apiEvent, citizenClaims } from '../support/api-events';
import type { ClaimStore } from '../../adapters/claim-store';
import { resetDependencies, setDependencies } from '../../functions/shared/dependencies';
import { receiptFixture } from '../support/receipt-fixtures';

const citizen = citizenClaims(hashIdNumber('330402199001010019'));
const context = { functionName: 'crossclaim-UploadReceiptImage', awsRequestId: 'test' } as Context;

function upload(body: Buffer, claims = citizen, contentType = 'image/png') {
  const event = apiEvent('POST', '/receipt-images', undefined, { 'content-type': contentType }, claims);
  return handler({ ...event, body: body.toString('base64'), isBase64Encoded: true }, context);
}

/** A PNG that declares `width`×`height` pixels in a few hundred bytes: a decompression bomb. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1 << 20))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('POST /receipt-images: a citizen uploads a paper receipt', () => {
  let dir: string;
  let store: LocalFolderObjectStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossclaim-upload-test-'));
    store = new LocalFolderObjectStore(dir);
    setDependencies({ receiptImages: store });
    // No table here: every upload is within the citizen's quota (test/local/api/quotas.test.ts).
    setDependencies({ claims: { takeQuota: async () => true } as unknown as ClaimStore });
  });
  afterAll(async () => {
    setDependencies({ receiptImages: undefined, ocr: undefined });
    resetDependencies();
    await rm(dir, { recursive: true, force: true });
  });
  const stored = async () => readdir(dir, { recursive: true }).catch(() => []);

  it('stores a PNG as an object owned by the citizen and answers its id and size', async () => {
    const png = receiptFixture('national-clean-1').png;
    const result = await upload(png);
    expect(result.statusCode).toBe(201);
    const body = JSON.parse(result.body ?? '{}') as { imageId: string; width: number; contentType: string };
    expect(body).toMatchObject({ contentType: 'image/png', width: 1100, bytes: png.length });
    const object = await store.get(receiptImageKey(body.imageId));
    expect(object?.body.equals(png)).toBe(true);
    expect(object?.meta.attributes.owner).toBe(citizen.sub);
  });

  it('judges the type from the bytes: a text file named as a PNG is refused with 415 and nothing is stored', async () => {
    const before = await stored();
    const result = await upload(Buffer.from('%PDF-1.7 not an image at all, whatever the content type says'));
    expect(result.statusCode).toBe(415);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ error: 'not_an_image' });
    expect(await stored()).toEqual(before);
  });

  it('refuses a body over 4 MiB with 413 and stores nothing', async () => {
    const before = await stored();
    const png = receiptFixture('national-clean-1').png;
    const big = Buffer.concat([png, Buffer.alloc(4 * 1024 * 1024)]);
    const result = await upload(big);
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({ error: 'image_too_large' });
    expect(await stored()).toEqual(before);
  });

  it('refuses a decompression bomb (100000×100000 declared in 1 KB) from its header, storing nothing', async () => {
    const before = await stored();
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(10_000);
    const result = await upload(bomb);
    expect(result.statusCode).toBe(413);
    const body = JSON.parse(result.body ?? '{}') as { error: string; message: string };
    expect(body.error).toBe('image_too_many_pixels');
    expect(body.message).toMatch(/decompression bomb/);
    expect(await stored()).toEqual(before);
  });

  it('is for citizens: no token is 401, a clerk is 403', async () => {
    const png = receiptFixture('national-clean-1').png;
    const event = apiEvent('POST', '/receipt-images', undefined, { 'content-type': 'image/png' });
    const anonymous = await handler(
      { ...event, body: png.toString('base64'), isBase64Encoded: true },
      context,
    );
    expect(anonymous.statusCode).toBe(401);
    const clerk = await upload(png, {
      sub: 'clerk-01',
      'cognito:groups': '[clerk]',
      'custom:region': '330400',
    });
    expect(clerk.statusCode).toBe(403);
  });
});
