import { readFileSync, readdirSync } from 'node:fs';
import jsQR from 'jsqr';
import { decodePng } from '../../adapters/ocr/receipt-image-pixels';
const dir = 'test/fixtures/receipts/';
function half(img: {width:number;height:number;data:Uint8ClampedArray}, f: number) {
  const w = Math.floor(img.width / f), h = Math.floor(img.height / f);
  const out = new Uint8ClampedArray(w*h*4);
  for (let y=0;y<h;y++) for (let x=0;x<w;x++) { let s=0; for (let j=0;j<f;j++) for (let i=0;i<f;i++) { const k=((y*f+j)*img.width + x*f+i)*4; s += img.data[k+1]!; } const v = s/(f*f); const o=(y*w+x)*4; out[o]=out[o+1]=out[o+2]=v; out[o+3]=255; }
  return { width: w, height: h, data: out };
}
for (const f of readdirSync(dir).filter(f=>f.endsWith('.json'))) {
  const t = JSON.parse(readFileSync(dir+f,'utf8')); if (!t.hasQr) continue;
  const png = readFileSync(dir+f.replace('json','png'));
  const t0 = performance.now(); const img = decodePng(png); const t1 = performance.now();
  const full = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' }); const t2 = performance.now();
  const h2 = half(img, 2); const r2 = jsQR(h2.data, h2.width, h2.height, { inversionAttempts: 'dontInvert' }); const t3 = performance.now();
  const h3 = half(img, 3); const r3 = jsQR(h3.data, h3.width, h3.height, { inversionAttempts: 'dontInvert' }); const t4 = performance.now();
  console.log(f.padEnd(28), `${img.width}x${img.height}`, 'decode', (t1-t0).toFixed(0), 'full', (t2-t1).toFixed(0), !!full, 'half', (t3-t2).toFixed(0), r2?.data===t.qrPayload, 'third', (t4-t3).toFixed(0), r3?.data===t.qrPayload);
}
