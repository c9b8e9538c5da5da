import { readFileSync, writeFileSync } from 'node:fs';
import { createWorker, OEM } from 'tesseract.js';
import { PNG } from 'pngjs';
import { cleanForOcr, decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
const w = await createWorker(['chi_sim'], OEM.LSTM_ONLY, { langPath: '/tmp/ocrx/td', cacheMethod: 'none', gzip: true }, { tessedit_load_sublangs: '' } as never);
await w.setParameters({ tessedit_pageseg_mode: '6' as never, preserve_interword_spaces: '1', user_defined_dpi: '300' });
const name = process.argv[2]!;
const px = decodePng(readFileSync(`test/fixtures/receipts/${name}.png`));
const c = cleanForOcr(px, findQrCode(px)?.box);
const page = PNG.sync.read(c.png);
const r = await w.recognize(c.png, {}, { blocks: true });
const lines = r.data.blocks!.flatMap(b => b.paragraphs.flatMap(p => p.lines));
function crop(x0: number, y0: number, x1: number, y1: number, scale: number) {
  const pad = 12; const cw = Math.round((x1-x0)*scale)+2*pad, ch = Math.round((y1-y0)*scale)+2*pad;
  const out = new PNG({ width: cw, height: ch, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const buf = Buffer.alloc(cw*ch, 255);
  for (let y=0;y<ch-2*pad;y++) for (let x=0;x<cw-2*pad;x++) { const sx = Math.min(page.width-1, Math.round(x0 + x/scale)), sy = Math.min(page.height-1, Math.round(y0 + y/scale)); buf[(y+pad)*cw + x+pad] = page.data[(sy*page.width+sx)*4]!; }
  out.data = buf; return PNG.sync.write(out, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
for (const l of lines) {
  const t = l.text.replace(/\s/g,'');
  const wl = /大写/.test(t) ? '零壹贰叁肆伍陆柒捌玖拾佰仟万元角分整' : /校验/.test(t) ? '0123456789abcdef' : /小写/.test(t) ? '0123456789.¥' : undefined;
  if (!wl) continue;
  // value words: after the word containing ')' or ':'
  const idx = l.words.findIndex(wd => /[):）]/.test(wd.text) && !/\d/.test(wd.text));
  const vw = l.words.slice(idx+1);
  const x0 = vw[0]!.bbox.x0 - 4, x1 = Math.min(vw[vw.length-1]!.bbox.x1 + 8, page.width), y0 = l.bbox.y0 - 4, y1 = l.bbox.y1 + 4;
  for (const scale of [1, 1.5, 2]) {
    for (const psm of ['7', '13']) {
    const img = crop(x0, y0, x1, y1, scale);
    const t0 = performance.now();
    const rr = await w.recognize(img, { tessedit_char_whitelist: wl, tessedit_pageseg_mode: psm } as never, { blocks: true });
    const ws = rr.data.blocks!.flatMap(b => b.paragraphs.flatMap(p => p.lines.flatMap(li => li.words)));
    console.log(JSON.stringify(t), 'scale', scale, 'psm', psm, (performance.now()-t0).toFixed(0), 'ms', JSON.stringify(rr.data.text.trim()), ws.map(x => x.confidence.toFixed(0)).join(','));
    }
  }
}
await w.terminate();
