import { readFileSync } from 'node:fs';
import { cleanForOcr, decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { locateFieldRegions } from '../../domain/receipt-field-regions';
import { cropForReread, decodeGreyPng } from '../../adapters/ocr/field-crop';
const e = new TesseractEngine();
for (const name of ['national-clean-1','compact-low-contrast-1','grid-angle-1']) {
  const px = decodePng(readFileSync(`test/fixtures/receipts/${name}.png`));
  const c = cleanForOcr(px, findQrCode(px)?.box);
  const lines = await e.recognizeLines(c.png);
  const page = decodeGreyPng(c.png);
  for (const r of locateFieldRegions(lines).filter(r => ['totalFigures','checkCode','billNo'].includes(r.field))) {
    for (const wl of ['', r.field === 'checkCode' ? '0123456789abcdef' : '0123456789.']) {
      const opts: Record<string,string> = { tessedit_pageseg_mode: '7' }; if (wl) opts.tessedit_char_whitelist = wl;
      const d = await (e as any).recognize(cropForReread(page, r.box), opts);
      const ws = d.blocks.flatMap((b:any) => b.paragraphs.flatMap((p:any) => p.lines.flatMap((l:any) => l.words)));
      console.log(name, r.field, wl ? 'wl' : '--', ws.map((w:any) => `${w.text}:${w.confidence.toFixed(0)}[${w.symbols.map((s:any)=>`${s.text}${s.confidence.toFixed(0)}`).join(' ')}]`).join(' '));
    }
  }
}
await e.close();
