import { readFileSync, writeFileSync } from 'node:fs';
import { cleanForOcr, decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { locateFieldRegions } from '../../domain/receipt-field-regions';
import { extractReceiptEvidence } from '../../domain/receipt-text';
import { fieldsToReread } from '../../domain/receipt-reread';
import { cropForReread, decodeGreyPng } from '../../adapters/ocr/field-crop';
const e = new TesseractEngine();
for (const name of process.argv.slice(2)) {
  const px = decodePng(readFileSync(`test/fixtures/receipts/${name}.png`));
  const c = cleanForOcr(px, findQrCode(px)?.box);
  writeFileSync(`/tmp/ocrx/${name}.clean.png`, c.png);
  const lines = await e.recognizeLines(c.png);
  console.log('==', name, 'skew', c.skewDegrees);
  for (const l of lines) if (!/类\s*$/.test(l.text)) console.log(l.confidence.toFixed(2), JSON.stringify(l.text), l.words.map(w=>`${w.text}:${w.confidence.toFixed(2)}`).join(' '));
  const ev = extractReceiptEvidence(lines, 't');
  const regs = locateFieldRegions(lines);
  const page = decodeGreyPng(c.png);
  for (const r of regs) { writeFileSync(`/tmp/ocrx/${name}.${r.field}.png`, cropForReread(page, r.box)); }
  console.log('regions', regs.map(r => `${r.field}[${r.box.x0.toFixed(0)},${r.box.y0.toFixed(0)},${r.box.x1.toFixed(0)},${r.box.y1.toFixed(0)}]`).join(' '));
  console.log('reread', fieldsToReread(ev.reading, regs).map(r=>r.field).join(','));
  console.log('total evidence', JSON.stringify(ev.total));
  for (const r of fieldsToReread(ev.reading, regs)) console.log('  reread', r.field, JSON.stringify(await (e as any).rereadField(page, r)));
  const reading = await e.readReceipt(c.png);
  const t = JSON.parse(readFileSync(`test/fixtures/receipts/${name}.json`, 'utf8')).expected;
  for (const f of ['billBatchCode','billNo','checkCode','issueDate','hospitalName','payerName','totalAmtFen'] as const) console.log(f, JSON.stringify(reading[f]), 'truth', JSON.stringify(t[f]), 'first', JSON.stringify(ev.reading[f]));
}
await e.close();
