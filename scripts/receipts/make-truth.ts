/**
 * Dev script, step 1 of 2 (scripts/receipts/generate.sh runs both): the truth of each receipt
 * fixture. Bills come from the project's own simulated hospitals (catalog seed
 * 'crossclaim-local', the local runtime's default, so a fixture's e-bill is signed with the key
 * the runtime registers), the QR code image from `qrcode`. Writes <out>/specs.json and
 * <out>/qr-<name>.png for render.py (`make-truth.ts <dir>`, the 40 fixtures of three layouts)
 * or render-layouts.py (`make-truth.ts <dir> layouts`, the bench's set of ten layouts in six
 * fonts, scripts/receipts/layouts.ts). Not run by tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { formatReceiptQr } from '../../domain/receipt-qr';
import { createBillGenerator } from '../../local/hospitals/bill-generator';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';
import { layoutSpecs } from './layouts';

const LAYOUTS = ['national', 'grid', 'compact'] as const;
const DEGRADATIONS = ['clean', 'rotated', 'blurred', 'low-contrast', 'jpeg', 'angle'] as const;

interface Spec {
  name: string;
  layout: string;
  degradation: (typeof DEGRADATIONS)[number] | 'smudged-total' | 'photo';
  /** The compact layout is an older form without a QR code. */
  hasQr: boolean;
  /** The layouts set only: which font (render-layouts.py) and the image format written. */
  font?: string;
  format?: 'png' | 'jpg';
  care?: 'outpatient' | 'inpatient';
}

function specs(): Spec[] {
  const out: Spec[] = [];
  for (const layout of LAYOUTS)
    for (const degradation of DEGRADATIONS)
      for (let copy = 1; copy <= 2; copy++)
        out.push({
          name: `${layout}-${degradation}-${copy}`,
          layout,
          degradation,
          hasQr: layout !== 'compact',
        });
  out.push({ name: 'national-photo-1', layout: 'national', degradation: 'photo', hasQr: true });
  out.push({ name: 'grid-photo-1', layout: 'grid', degradation: 'photo', hasQr: true });
  out.push({
    name: 'compact-smudged-total-1',
    layout: 'compact',
    degradation: 'smudged-total',
    hasQr: false,
  });
  out.push({ name: 'grid-smudged-total-1', layout: 'grid', degradation: 'smudged-total', hasQr: false });
  return out;
}

async function main(): Promise<void> {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: make-truth.ts <work dir> [layouts]');
  const layoutsSet = process.argv[3] === 'layouts';
  await mkdir(outDir, { recursive: true });
  const catalog = generateHospitalCatalog('crossclaim-local');
  const generator = createBillGenerator(catalog, layoutsSet ? 'receipt-layouts' : 'receipt-fixtures');
  const all = [];
  for (const spec of layoutsSet ? (layoutSpecs() as Spec[]) : specs()) {
    const visit = spec.care === 'inpatient' ? generator.inpatient() : generator.outpatient();
    const { bill } = visit;
    const qrPayload = formatReceiptQr({
      hospitalCode: bill.hospital.code,
      billBatchCode: bill.billBatchCode,
      billNo: bill.billNo,
      checkCode: bill.checkCode,
      issueDate: bill.issueDate,
      totalAmtFen: bill.totalAmtFen,
    });
    if (spec.hasQr) {
      await writeFile(
        join(outDir, `qr-${spec.name}.png`),
        await QRCode.toBuffer(qrPayload, { errorCorrectionLevel: 'M', margin: 2, scale: 4 }),
      );
    }
    all.push({
      ...spec,
      qrPayload: spec.hasQr ? qrPayload : null,
      expected: {
        billBatchCode: bill.billBatchCode,
        billNo: bill.billNo,
        checkCode: bill.checkCode,
        issueDate: bill.issueDate,
        hospitalName: bill.hospital.name,
        payerName: bill.payer.name,
        totalAmtFen: bill.totalAmtFen,
        items: bill.listDetail.map((l) => ({
          name: l.name,
          qty: l.qty ?? 1,
          amountFen: l.amountFen,
          category: l.medicalCareType,
        })),
      },
      hospitalCode: bill.hospital.code,
      billName: bill.billName,
      patient: { name: visit.patient.name, idNumber: visit.patient.idNumber },
      visitNo: visit.visitNo,
      ebill: bill,
    });
  }
  await writeFile(join(outDir, 'specs.json'), JSON.stringify(all, null, 2));
  console.log(`${all.length} receipt specs in ${outDir}`);
}

await main();
