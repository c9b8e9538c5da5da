/**
 * Where a page's time goes in the default reader (the cascade), stage by stage, in CPU
 * milliseconds of this process (all threads: onnxruntime's and tesseract's worker included) and
 * with the load average beside them: decoding, the QR search, the clean-up, PaddleOCR's
 * detection and recognition, tesseract's cross-reads of three value boxes (or its whole page when
 * a field is left untrusted). The stages are the cascade's own (adapters/ocr/cascade-engine.ts),
 * called one by one. Run: `node --import tsx bench/ocr/profile.ts` (OCR_BENCH_ONLY=<regex> for a
 * subset; default: the clean-1, blurred-4 and photo-8 page of every layout;
 * OCR_BENCH_REC=<threads>x<runs> sets PaddleOCR's recognition threads and runs in flight, e.g.
 * `2x1`, the setting before 2026-12-04 late afternoon, to compare in one sitting;
 * OCR_BENCH_MODEL=float|fused|int8 sets the recognition model, `float` also the detection model as
 * the package has it: adapters/ocr/paddle-engine.ts; OCR_BENCH_PAGES=1 adds a row a page, slowest
 * first).
 */
import { cpus, loadavg } from 'node:os';
import { widenForCrossCheck } from '../../adapters/ocr/cascade-engine';
import { decodeGreyPng } from '../../adapters/ocr/field-crop';
import { PaddleEngine, type RecognitionModel } from '../../adapters/ocr/paddle-engine';
import { cleanForOcr, decodeImage, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { todayUtc } from '../../adapters/receipt-reader';
import { needsSecondEngine } from '../../domain/receipt-cascade';
import { checkReading } from '../../domain/receipt-checks';
import { regionsToCrossCheck } from '../../domain/receipt-cross-check';
import { extractReceiptEvidence } from '../../domain/receipt-text';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';
import { loadFixtures } from './fixtures';
import { quantile } from './score';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const fixtures = await loadFixtures(
    ['layouts'],
    new RegExp(process.env.OCR_BENCH_ONLY ?? '-(clean-1|blurred-4|photo-8)\\.json$'),
  );
  const hospitals = generateHospitalCatalog('crossclaim-local').hospitals.map((h) => ({
    name: h.name,
    code: h.code,
  }));
  const checks = { today: todayUtc(), hospitals };
  const [recognitionThreads, recognitionRuns] = (process.env.OCR_BENCH_REC ?? '1x2').split('x').map(Number);
  const model = process.env.OCR_BENCH_MODEL as RecognitionModel | undefined;
  const paddle = new PaddleEngine({
    ...(recognitionThreads ? { recognitionThreads } : {}),
    ...(recognitionRuns ? { recognitionRuns } : {}),
    ...(model ? { recognitionModel: model, detectionModel: model === 'float' ? 'float' : 'fused' } : {}),
  });
  const tesseract = new TesseractEngine();
  const stages: Record<string, number[]> = {};
  const add = (stage: string, ms: number) => (stages[stage] ??= []).push(ms);

  const perPage: { name: string; stages: Record<string, number> }[] = [];
  const readPage = async (name: string, image: Buffer, record: boolean) => {
    const row: Record<string, number> = {};
    const time = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
      const start = cpuMs();
      const out = await work();
      if (record) add(stage, (row[stage] = cpuMs() - start));
      return out;
    };
    const started = cpuMs();
    const pixels = await time('decode', () => decodeImage(image));
    const qr = await time('QR search', () => findQrCode(pixels));
    const png = await time('clean-up', () => cleanForOcr(pixels, qr?.box).png);
    const page = decodeGreyPng(png);
    const boxes = await time('paddle detection', () => paddle.detect(page));
    const lines = await time('paddle recognition', () => paddle.recognizeBoxes(page, boxes));
    if (record) add('paddle boxes (count)', boxes.length);
    const evidence = await time('extraction', () => extractReceiptEvidence(lines, paddle.name));
    const first = checkReading(evidence.reading, checks);
    if (needsSecondEngine(first)) await time('tesseract whole page', () => tesseract.readReceipt(png));
    else {
      const regions = regionsToCrossCheck(first, evidence.regions).map((r) => ({
        ...r,
        box: widenForCrossCheck(r.box, page),
      }));
      await time('tesseract 3 boxes', () => tesseract.readRegions(page, regions));
    }
    if (record) {
      add('page', (row.page = cpuMs() - started));
      row.boxes = boxes.length;
      perPage.push({ name, stages: row });
    }
  };

  const [warm] = fixtures;
  if (warm) await readPage(warm.name, warm.image, false);
  const loadStart = load();
  for (const fixture of fixtures) await readPage(fixture.name, fixture.image, true);
  console.log(
    `${fixtures.length} pages, recognition model ${model ?? 'default'}, ${recognitionThreads} thread(s) × ${recognitionRuns} run(s) (${paddle.stats.reread} of ${paddle.stats.lines} lines read again in float, ${paddle.stats.foldedDoubts} unsure only in folded ways), ${cpus().length} cores, Node ${process.version}; load average ${loadStart} at the start, ${load()} at the end. CPU ms:`,
  );
  console.log('\n| stage | pages | p50 | p95 |\n|---|---:|---:|---:|');
  for (const [stage, values] of Object.entries(stages))
    console.log(
      `| ${stage} | ${values.length} | ${quantile(values, 0.5).toFixed(0)} | ${quantile(values, 0.95).toFixed(0)} |`,
    );
  if (process.env.OCR_BENCH_PAGES === '1') {
    // Page by page, slowest first: which stage makes a slow page slow.
    const columns = Object.keys(stages).filter((s) => s !== 'paddle boxes (count)');
    console.log(`\n| page | boxes | ${columns.join(' | ')} |\n|---|${'---:|'.repeat(columns.length + 1)}`);
    for (const { name, stages: row } of perPage.sort((a, b) => (b.stages.page ?? 0) - (a.stages.page ?? 0)))
      console.log(
        `| ${name} | ${row.boxes} | ${columns.map((c) => (row[c] === undefined ? '' : row[c].toFixed(0))).join(' | ')} |`,
      );
  }
  await Promise.all([paddle.close(), tesseract.close()]);
}

await main();
