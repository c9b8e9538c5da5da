import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { hashIdNumber } from '../../domain/identity';
import { handler as uploadHandler } from '../../functions/upload-receipt-image';
import { deps, setDependencies } from '../../functions/shared/dependencies';
import type { OcrEngine } from '../../adapters/ocr/ocr-engine';
import type { ReceiptReading } from '../../domain/receipt-reading';
import type { StoredReceipt } from '../../domain/stored-receipt';
import { apiEvent, citizenClaims } from '../support/api-events';
import { receiptFixture, visitOfReceipt, type ReceiptFixture } from '../support/receipt-fixtures';
import { claimRequestFor, finished, submitted, useClaimWorkflow, waitForStatus } from './support';

const context = { functionName: 'crossclaim-UploadReceiptImage', awsRequestId: 'test' } as Context;

/** The citizen of a fixture uploads its image, as POST /receipt-images; the id comes back. */
async function uploaded(fixture: ReceiptFixture): Promise<string> {
  const event = apiEvent(
    'POST',
    '/receipt-images',
    undefined,
    { 'content-type': 'image/png' },
    citizenClaims(hashIdNumber(fixture.patient.idNumber)),
  );
  const result = await uploadHandler(
    { ...event, body: fixture.png.toString('base64'), isBase64Encoded: true },
    context,
  );
  expect(result.statusCode).toBe(201);
  return (JSON.parse(result.body ?? '{}') as { imageId: string }).imageId;
}

describe('claim workflow: paper receipts uploaded as images', () => {
  const wf = useClaimWorkflow();
  afterAll(async () => {
    await deps('ocr').close?.();
    await new TesseractEngine().close();
  });

  it('reads a receipt photo by its QR code, fetches the e-bill it names and goes to PAID', async () => {
    const { rt } = wf;
    const fixture = receiptFixture('national-rotated-1');
    rt.hospitals.simulator.issue(fixture.ebill);
    const imageId = await uploaded(fixture);

    const claimId = await submitted({
      ...claimRequestFor(visitOfReceipt(fixture)),
      receiptImages: [{ imageId }],
    });
    const execution = await finished(rt, claimId);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
    const [receipt] = await rt.claims.documents<StoredReceipt>(claimId, 'RECEIPT');
    expect(receipt).toMatchObject({ imageId, outcome: { kind: 'matched' }, reading: { source: 'qr' } });
    expect(receipt?.reading?.totalAmtFen).toEqual({ value: fixture.ebill.totalAmtFen, confidence: 1 });
  });

  it('sends a receipt whose total cannot be read (no QR code, ink over the total) to the clerk: "low confidence"', async () => {
    const { rt } = wf;
    const fixture = receiptFixture('grid-smudged-total-1');
    rt.hospitals.simulator.issue(fixture.ebill);
    const imageId = await uploaded(fixture);

    const claimId = await submitted({
      ...claimRequestFor(visitOfReceipt(fixture)),
      receiptImages: [{ imageId }],
    });
    const claim = await waitForStatus(rt, claimId, ['IN_REVIEW', 'PAID', 'REJECTED', 'FAILED'], 90_000);
    expect(claim.status).toBe('IN_REVIEW');
    const reason = claim.reasons?.find((r) => r.code === 'RECEIPT_LOW_CONFIDENCE');
    expect(reason?.en).toMatch(/^low confidence/);
    expect(reason?.detail).toMatch(/low confidence: .*totalAmtFen/);
    const [receipt] = await rt.claims.documents<StoredReceipt>(claimId, 'RECEIPT');
    // The default engine is the cascade: PaddleOCR, then tesseract on what it cannot check or left untrusted.
    expect(receipt?.reading?.source).toMatch(/^paddle(\+tesseract)?$/);
    expect(receipt?.reading?.totalAmtFen.confidence ?? 1).toBeLessThan(0.8);
    expect(await rt.claims.payout(claimId)).toBeFalsy();
  }, 120_000);
  it('checks a hospital name read from paper against the registry entry of the claim’s hospital: one character off is that hospital', async () => {
    const { rt } = wf;
    const fixture = receiptFixture('compact-clean-1');
    rt.hospitals.simulator.issue(fixture.ebill);
    const imageId = await uploaded(fixture);
    const e = fixture.ebill;
    const registered = e.hospital.name;
    // One character misread, at the engine's full confidence: only the registry can tell.
    const misread = registered.replace('测', '侧');
    expect(misread).not.toBe(registered);
    const sure = <T>(value: T) => ({ value, confidence: 0.95 });
    const reading: ReceiptReading = {
      billBatchCode: sure(e.billBatchCode),
      billNo: sure(e.billNo),
      checkCode: sure(e.checkCode),
      issueDate: sure(e.issueDate),
      hospitalName: sure(misread),
      payerName: sure(e.payer.name),
      totalAmtFen: sure(e.totalAmtFen),
      items: [],
      source: 'fake',
    };
    const fake: OcrEngine = { name: 'fake', readsPixels: false, readReceipt: () => Promise.resolve(reading) };
    setDependencies({ ocr: fake });
    try {
      const claimId = await submitted({
        ...claimRequestFor(visitOfReceipt(fixture)),
        receiptImages: [{ imageId }],
      });
      const claim = await waitForStatus(rt, claimId, ['IN_REVIEW', 'PAID', 'REJECTED', 'FAILED'], 90_000);
      const [receipt] = await rt.claims.documents<StoredReceipt>(claimId, 'RECEIPT');
      expect(claim.status).toBe('PAID');
      // Without the registry the misread name would be trusted and differ from the e-bill (a mismatch).
      expect(receipt?.outcome).toMatchObject({ kind: 'matched' });
      expect(receipt?.reading?.hospitalName).toEqual({ value: registered, confidence: 0.85 });
    } finally {
      setDependencies({ ocr: undefined });
    }
  }, 120_000);
});
