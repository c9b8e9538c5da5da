/**
 * The receipt OCR bench: every committed fixture in test/fixtures/receipts read by OCR (QR
 * ignored, so OCR is measured on all of them) and, where the receipt has one, by its QR code.
 * Reports exact-field accuracy per field and overall (by degradation), seconds per page
 * (p50/p95, wall and CPU), the QR path's time, how well confidence separates right from
 * wrong, and every field it got wrong. Run: `npm run bench:ocr` (writes
 * bench/ocr/results/latest.json and prints the Markdown for bench/README.md);
 * `OCR_BENCH_ONLY=<regex>` reads only the fixtures whose names match (while working on one).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { TesseractEngine } from '../../adapters/ocr/tesseract-engine';
import { readReceiptImage } from '../../adapters/receipt-reader';
import { parseReceiptQr } from '../../domain/receipt-qr';
import {
  MIN_FIELD_CONFIDENCE,
  normalizeName,
  RECEIPT_FIELDS,
  type ReceiptFieldName,
} from '../../domain/receipt-reading';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/receipts', import.meta.url));
const MILD = new Set(['clean', 'rotated', 'blurred', 'low-contrast', 'jpeg', 'angle']);

interface Truth {
  name: string;
  layout: string;
  degradation: string;
  hasQr: boolean;
  qrPayload: string | null;
  expected: Record<ReceiptFieldName, string | number> & {
    items: { name: string; qty: number; amountFen: number; category: number }[];
  };
}

const same = (field: ReceiptFieldName, read: unknown, expected: unknown): boolean =>
  field === 'hospitalName' || field === 'payerName'
    ? typeof read === 'string' && normalizeName(read) === normalizeName(String(expected))
    : read === expected;

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const only = new RegExp(process.env.OCR_BENCH_ONLY ?? '');
  const loadStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const names = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json') && only.test(f)).sort();
  const engine = new TesseractEngine();
  // Warm the worker (its ~1 s start is not a page's cost).
  const first = names[0];
  if (first)
    await readReceiptImage(await readFile(join(FIXTURES, first.replace(/json$/, 'png'))), engine, {
      qr: false,
    });

  const rows: {
    name: string;
    degradation: string;
    layout: string;
    seconds: number;
    cpuSeconds: number;
    fields: { field: ReceiptFieldName; ok: boolean; confidence: number; read: unknown; expected: unknown }[];
    items: { read: number; expected: number; exact: number };
  }[] = [];
  const qrMs: number[] = [];
  let qrOk = 0;
  let qrTotal = 0;
  for (const file of names) {
    const truth = JSON.parse(await readFile(join(FIXTURES, file), 'utf8')) as Truth;
    const png = await readFile(join(FIXTURES, file.replace(/json$/, 'png')));
    if (truth.hasQr) {
      qrTotal++;
      const t = performance.now();
      const found = findQrCode(decodePng(png));
      const payload = found ? parseReceiptQr(found.payload) : undefined;
      qrMs.push(performance.now() - t);
      if (payload && found?.payload === truth.qrPayload) qrOk++;
    }
    const cpu = process.cpuUsage();
    const t = performance.now();
    const { reading } = await readReceiptImage(png, engine, { qr: false });
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    rows.push({
      name: truth.name,
      degradation: truth.degradation,
      layout: truth.layout,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      fields: RECEIPT_FIELDS.map((field) => ({
        field,
        ok: same(field, reading[field].value, truth.expected[field]),
        confidence: reading[field].confidence,
        read: reading[field].value,
        expected: truth.expected[field],
      })),
      items: {
        read: reading.items.length,
        expected: truth.expected.items.length,
        exact: truth.expected.items.filter((want) =>
          reading.items.some(
            (got) =>
              normalizeName(got.name) === normalizeName(want.name) &&
              got.qty === want.qty &&
              got.amountFen === want.amountFen &&
              got.category === want.category,
          ),
        ).length,
      },
    });
    process.stderr.write('.');
  }
  await engine.close();
  process.stderr.write('\n');

  const groups: [string, typeof rows][] = [
    ['clean', rows.filter((r) => r.degradation === 'clean')],
    ['clean + mildly degraded', rows.filter((r) => MILD.has(r.degradation))],
    ['photo (angle + blur + JPEG + uneven light)', rows.filter((r) => r.degradation === 'photo')],
    ['ink smudge over the total', rows.filter((r) => r.degradation === 'smudged-total')],
    ['all', rows],
  ];
  const all = rows.flatMap((r) => r.fields);
  const trusted = all.filter((f) => f.confidence >= MIN_FIELD_CONFIDENCE);
  const trustedWrong = trusted.filter((f) => !f.ok);
  const rightButLow = all.filter((f) => f.ok && f.confidence < MIN_FIELD_CONFIDENCE);
  const itemsExact = rows.filter((r) => r.items.read === r.items.expected).length;
  const secs = rows.map((r) => r.seconds);
  const cpuSecs = rows.map((r) => r.cpuSeconds);

  const lines: string[] = [];
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
      `${rows.length} fixtures, tesseract.js 7 chi_sim (4.0.0_best_int), PSM 6 page + PSM 7 field re-reads, one worker; ` +
      `load average ${loadStart} at the start, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end.`,
  );
  lines.push('');
  lines.push(`| fixtures | n | ${RECEIPT_FIELDS.join(' | ')} | all fields |`);
  lines.push(`|---|---|${RECEIPT_FIELDS.map(() => '---').join('|')}|---|`);
  for (const [label, group] of groups) {
    const cells = RECEIPT_FIELDS.map((field) => {
      const fs = group.flatMap((r) => r.fields.filter((f) => f.field === field));
      return pct(fs.filter((f) => f.ok).length, fs.length);
    });
    const fs = group.flatMap((r) => r.fields);
    lines.push(
      `| ${label} | ${group.length} | ${cells.join(' | ')} | ${pct(fs.filter((f) => f.ok).length, fs.length)} |`,
    );
  }
  lines.push('');
  lines.push(
    `- OCR seconds per page (wall, QR search + clean-up + OCR + extraction): p50 ${quantile(secs, 0.5).toFixed(2)} s, p95 ${quantile(secs, 0.95).toFixed(2)} s; CPU seconds per page p50 ${quantile(cpuSecs, 0.5).toFixed(2)}, p95 ${quantile(cpuSecs, 0.95).toFixed(2)}.`,
  );
  lines.push(
    `- QR path (decode PNG + jsqr + parse): ${qrOk}/${qrTotal} decoded exactly; p50 ${quantile(qrMs, 0.5).toFixed(0)} ms, p95 ${quantile(qrMs, 0.95).toFixed(0)} ms.`,
  );
  lines.push(
    `- Confidence (review bar ${MIN_FIELD_CONFIDENCE}): ${trusted.length} fields trusted, **${trustedWrong.length} of them wrong** (wrong but confident); ${all.length - trusted.length} below the bar (${rightButLow.length} of them right, sent to a clerk as low confidence).`,
  );
  const itemLines = rows.reduce((n, r) => n + r.items.expected, 0);
  const itemLinesExact = rows.reduce((n, r) => n + r.items.exact, 0);
  lines.push(
    `- Items: the item count read exactly on ${itemsExact}/${rows.length} receipts; ${itemLinesExact}/${itemLines} item lines exact (name, quantity, amount, category); every line of the receipt exact on ${rows.filter((r) => r.items.exact === r.items.expected).length}/${rows.length}.`,
  );

  lines.push('');
  lines.push('Where it fails (wrong fields; conf = the reader’s confidence):');
  lines.push('');
  for (const r of rows) {
    const wrong = r.fields.filter((f) => !f.ok);
    if (wrong.length === 0) continue;
    lines.push(
      `- ${r.name}: ${wrong.map((f) => `${f.field} read ${JSON.stringify(f.read)} (conf ${f.confidence.toFixed(2)})`).join('; ')}`,
    );
  }
  const markdown = lines.join('\n');
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  await writeFile(
    fileURLToPath(new URL('./results/latest.json', import.meta.url)),
    `${JSON.stringify({ rows, qrMs, qrOk, qrTotal }, null, 2)}\n`,
  );
  console.log(markdown);
}

await main();
