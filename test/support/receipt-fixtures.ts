import { readFileSync } from 'node:fs';
import type { SignedEBill } from '../../domain/ebill';
import { signEBill } from '../../domain/ebill-signature';
import { hashIdNumber } from '../../domain/identity';
import { findHospital, generateHospitalCatalog, signingKeyFor } from '../../local/hospitals/catalog';
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
  return { ...truth, ebill: keyedForThisProcess(truth), png: readFileSync(new URL(`${url.href}.png`)) };
}

const FIXTURE_CATALOG = generateHospitalCatalog('crossclaim-local');

/**
 * The fixture's e-bill as its hospital would issue it to this process: the payer's identity hash
 * is keyed (domain/identity.ts) with a key the committed JSON cannot know, so the payer hash is
 * computed again under this process's key and the bill signed again with its hospital's key of
 * catalog seed 'crossclaim-local', as at generation. Nothing else of the bill changes.
 */
function keyedForThisProcess(truth: Omit<ReceiptFixture, 'png'>): SignedEBill {
  const hospital = findHospital(FIXTURE_CATALOG, truth.ebill.hospital.code);
  if (!hospital) throw new Error(`receipt fixture ${truth.name}: no hospital ${truth.ebill.hospital.code}`);
  const payer = { ...truth.ebill.payer, idNumberHash: hashIdNumber(truth.patient.idNumber) };
  return signEBill({ ...truth.ebill, payer }, signingKeyFor(hospital));
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
