import { decodeImage, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { parseReceiptQr } from '../../domain/receipt-qr';
import type { BenchFixture } from './fixtures';
import { quantile } from './score';

/** The QR path as the reader runs it: decode, jsqr (corner by corner), parse; CPU and wall. */
export function qrPath(fixtures: readonly BenchFixture[]) {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  const noCodeCpuMs: number[] = [];
  let ok = 0;
  const withQr = fixtures.filter((f) => f.hasQr);
  for (const f of fixtures) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const found = findQrCode(decodeImage(f.image));
    let parsed: ReturnType<typeof parseReceiptQr> | undefined;
    try {
      parsed = found ? parseReceiptQr(found.payload) : undefined;
    } catch {
      parsed = undefined;
    }
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (!f.hasQr) {
      noCodeCpuMs.push((used.user + used.system) / 1000);
      continue;
    }
    ms.push(wall);
    cpuMs.push((used.user + used.system) / 1000);
    if (parsed && found?.payload === f.qrPayload) ok++;
  }
  return { ms, cpuMs, noCodeCpuMs, ok, total: withQr.length };
}

/**
 * The QR path over `rounds` rounds after a warm-up, each page's figures its median over the
 * rounds: one round's p95 over 72 pages moves with whatever else the process does (the engines'
 * garbage, their threads winding down), several do not. `ok` is the worst round's count.
 */
export function qrPathRounds(fixtures: readonly BenchFixture[], rounds = 3) {
  qrPath(fixtures);
  const first = qrPath(fixtures);
  const runs = [first, ...Array.from({ length: Math.max(1, rounds) - 1 }, () => qrPath(fixtures))];
  const median = (pick: (r: ReturnType<typeof qrPath>) => number[]) =>
    pick(first).map((_, i) =>
      quantile(
        runs.map((r) => pick(r)[i] ?? 0),
        0.5,
      ),
    );
  return {
    ms: median((r) => r.ms),
    cpuMs: median((r) => r.cpuMs),
    noCodeCpuMs: median((r) => r.noCodeCpuMs),
    ok: Math.min(...runs.map((r) => r.ok)),
    total: first.total,
    rounds: runs.length,
    okByRound: runs.map((r) => r.ok),
  };
}
