import { readFileSync } from 'node:fs';
import type { SignedEBill } from '../../domain/ebill';
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
