import { readFileSync } from 'node:fs';
import type { SignedEBill } from '../../domain/ebill';
import { hashIdNumber } from '../../domain/identity';
import type { GeneratedVisit } from '../../local/hospitals/bill-generator';
import type { ReceiptFieldName } from '../../domain/receipt-reading';

/** A committed receipt fixture (scripts/receipts/generate.sh): the PNG and its truth. */
export interface ReceiptFixture {
  name: string;
  layout: string;
  degradation: string;
  hasQr: boolean;
  qrPayload: string | null;
  expected: Record<ReceiptFieldName, string | number> & {
    items: { name: string; qty: number; amountFen: number; category: 1 | 2 | 3 }[];
  };
  hospitalCode: string;
  patient: { name: string; idNumber: string };
  visitNo: string;
  /** The e-bill the receipt is a paper copy of, signed with the key of catalog seed 'crossclaim-local'. */
  ebill: SignedEBill;
  png: Buffer;
}

export function receiptFixture(name: string): ReceiptFixture {
  const url = new URL(`../fixtures/receipts/${name}`, import.meta.url);
  const truth = JSON.parse(readFileSync(new URL(`${url.href}.json`), 'utf8')) as Omit<ReceiptFixture, 'png'>;
  return { ...truth, png: readFileSync(new URL(`${url.href}.png`)) };
}

/** The visit a receipt fixture is for, as the simulated hospital knows it (its signed e-bill issued). */
export function visitOfReceipt(fixture: ReceiptFixture): GeneratedVisit {
  return {
    hospitalCode: fixture.hospitalCode,
    visitNo: fixture.visitNo,
    careType: 'outpatient',
    patient: {
      name: fixture.patient.name,
      idNumber: fixture.patient.idNumber,
      idNumberMasked: fixture.ebill.payer.idNumberMasked,
      idNumberHash: hashIdNumber(fixture.patient.idNumber),
    },
    bill: fixture.ebill,
  };
}
