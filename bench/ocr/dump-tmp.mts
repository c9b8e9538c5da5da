import { readFileSync, writeFileSync } from 'node:fs';
import { cleanForOcr, decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
for (const name of process.argv.slice(2)) {
  const px = decodePng(readFileSync(`test/fixtures/receipts/${name}.png`));
  const t = performance.now();
  const q = findQrCode(px);
  const t2 = performance.now();
  const c = cleanForOcr(px, q?.box);
  console.log(name, 'qr', (t2 - t).toFixed(0), 'ms clean', (performance.now() - t2).toFixed(0), 'ms skew', c.skewDegrees.toFixed(2), 'thr', c.threshold);
  writeFileSync(`/tmp/ocrx/${name}.clean.png`, c.png);
}
