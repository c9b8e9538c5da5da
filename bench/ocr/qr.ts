/**
 * The QR path alone (decode + jsqr corner by corner + parse), as `npm run bench:ocr` measures it,
 * in a few seconds: `npm run bench:ocr:qr` (OCR_BENCH_ONLY=<regex> for a subset;
 * OCR_BENCH_ROUNDS=<n>, default 3: each page's figure is its median over the rounds).
 */
import { cpus, loadavg } from 'node:os';
import { loadFixtures } from './fixtures';
import { qrPathRounds } from './qr-path';
import { quantile } from './score';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const fixtures = await loadFixtures(['layouts'], new RegExp(process.env.OCR_BENCH_ONLY ?? ''));
const rounds = Number(process.env.OCR_BENCH_ROUNDS ?? 3);
const loadStart = load();
const { cpuMs: cpu, ms: wall, noCodeCpuMs: noCode, okByRound, total } = qrPathRounds(fixtures, rounds);
const fmt = (v: number[]) => `p50 ${quantile(v, 0.5).toFixed(1)} / p95 ${quantile(v, 0.95).toFixed(1)} ms`;
console.log(
  `${fixtures.length} pages, ${okByRound.length} rounds, ${cpus().length} cores, Node ${process.version}; load average ${loadStart} at the start, ${load()} at the end`,
);
console.log(`QR path, pages with a code: ${okByRound.map((ok) => `${ok}/${total}`).join(', ')} exact`);
console.log(`  CPU ${fmt(cpu)}; wall ${fmt(wall)}`);
console.log(`pages without a code (the search before OCR): CPU ${fmt(noCode)}`);
