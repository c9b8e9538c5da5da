import { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { LocalFolderObjectStore, type ObjectStore } from '../../adapters/object-store';
import { S3ObjectStore } from '../../adapters/object-store-s3';
import { ocrEngineNamed } from '../../adapters/ocr/engine-factory';
import type { OcrEngine } from '../../adapters/ocr/ocr-engine';

/**
 * What the receipt handlers (upload, ReadReceipt) talk to beyond the claim store: where
 * receipt images are kept and which OCR engine reads them. Built once per process from the
 * environment, like functions/shared/dependencies.ts; tests and the local runtime replace them
 * through this module.
 *
 * - RECEIPT_IMAGES_DIR: a local folder store (the local runtime sets it under its data dir).
 * - RECEIPT_IMAGES_BUCKET: S3 on AWS (adapters/object-store-s3.ts), every object encrypted with
 *   the KMS key RECEIPT_IMAGES_KMS_KEY (required with it; infra/constructs/handlers.ts sets both).
 * - OCR_ENGINE: `cascade` (default), `tesseract`, `paddle` (Chinese receipts; adapters/ocr/
 *   engine-factory.ts) or `textract` (English-language receipts; Textract reads no Chinese).
 */
export interface ReceiptDependencies {
  receiptImages: ObjectStore;
  ocr: OcrEngine;
}

let overrides: Partial<ReceiptDependencies> = {};
let built: Partial<ReceiptDependencies> = {};

export function ocrEngineFromConfig(name: string | undefined): OcrEngine {
  return ocrEngineNamed(name);
}

const factories: { [K in keyof ReceiptDependencies]: () => ReceiptDependencies[K] } = {
  receiptImages: () => {
    const dir = process.env.RECEIPT_IMAGES_DIR;
    if (dir) return new LocalFolderObjectStore(dir);
    const bucket = process.env.RECEIPT_IMAGES_BUCKET;
    if (bucket) {
      const kmsKeyId = process.env.RECEIPT_IMAGES_KMS_KEY;
      if (!kmsKeyId) throw new Error('RECEIPT_IMAGES_BUCKET is set without RECEIPT_IMAGES_KMS_KEY');
      return new S3ObjectStore({ client: new S3Client({}), bucket, kmsKeyId });
    }
    return new LocalFolderObjectStore(join(process.cwd(), '.data', 'receipt-images'));
  },
  ocr: () => ocrEngineFromConfig(process.env.OCR_ENGINE),
};

export function receiptDeps<K extends keyof ReceiptDependencies>(name: K): ReceiptDependencies[K] {
  const override = overrides[name];
  if (override !== undefined) return override as ReceiptDependencies[K];
  const existing = built[name];
  if (existing !== undefined) return existing as ReceiptDependencies[K];
  const created = factories[name]();
  built[name] = created;
  return created;
}

export function setReceiptDependencies(replacements: Partial<ReceiptDependencies>): void {
  overrides = { ...overrides, ...replacements };
}

export function resetReceiptDependencies(): void {
  overrides = {};
  built = {};
}
