import { readFileSync, readdirSync } from 'node:fs';
import { createWorker, OEM } from 'tesseract.js';
import { cleanForOcr, decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine, tesseractLines } from '../../adapters/ocr/tesseract-engine';
import { locateFieldRegions } from '../../domain/receipt-field-regions';
import { cropForReread, decodeGreyPng } from '../../adapters/ocr/field-crop';
import { amountInWords } from '../../domain/receipt-amount-words';
const e = new TesseractEngine();
const names = readdirSync('test/fixtures/receipts').filter(f => f.endsWith('.json')).map(f => f.replace('.json','')).filter(n => new RegExp(process.argv[2] ?? '').test(n));
for (const name of names) {
  const px = decodePng(readFileSync(`test/fixtures/receipts/${name}.png`));
  const c = cleanForOcr(px, findQrCode(px)?.box);
  const lines = await e.recognizeLines(c.png);
  const r = locateFieldRegions(lines).find(r => r.field === (process.argv[3] ?? 'totalWords'));
  const t = JSON.parse(readFileSync(`test/fixtures/receipts/${name}.json`, 'utf8')).expected;
  const exp = String(t[process.argv[5] ?? 'totalAmtFen']);
  if (!r) { console.log(name, 'no region'); continue; }
  const page = decodeGreyPng(c.png);
  const out: string[] = [];
  for (const wl of (process.argv[4] ?? '|零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整').split('|')) for (const psm of ['7']) {
    const opts: Record<string,string> = { tessedit_pageseg_mode: psm }; if (wl) opts.tessedit_char_whitelist = wl;
    const d = await (e as any).recognize(cropForReread(page, r.box), opts);
    out.push(tesseractLines(d).map(l => l.text + ':' + l.words.map((w:any) => w.confidence.toFixed(2)).join(',')).join('|').replace(/\s/g,''));
  }
  console.log(name.padEnd(26), exp.padEnd(14), out.map(o => o.padEnd(14)).join(' '));
}
await e.close();
