import { createWorker, OEM } from 'tesseract.js';
import { readFileSync } from 'node:fs';
const langs = process.argv[2]!.split('+');
const lp = '/tmp/ocrx/td';
const cfg = process.argv[3] === 'cfg' ? { tessedit_load_sublangs: '' } : {};
const w = await createWorker(langs, OEM.LSTM_ONLY, { langPath: lp, cacheMethod: 'none', gzip: true }, cfg as never);
await w.setParameters({ tessedit_pageseg_mode: '6' as never, preserve_interword_spaces: '1', user_defined_dpi: '300' });
for (const f of process.argv.slice(4)) {
  const t = performance.now();
  const r = await w.recognize(readFileSync(f));
  console.log(f, (performance.now()-t).toFixed(0), 'ms');
  console.log(r.data.text);
}
await w.terminate();
