import { decodeImage, findQrCode } from '../../adapters/ocr/receipt-image-pixels';
import { parseReceiptQr } from '../../domain/receipt-qr';
import type { BenchFixture } from './fixtures';

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
