import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiptFieldName } from '../../domain/receipt-reading';

/** The fixture sets the bench reads: the bench's layout set (default) and the original 40. */
export const SETS = {
  layouts: fileURLToPath(new URL('../../test/fixtures/receipts-layouts', import.meta.url)),
  original: fileURLToPath(new URL('../../test/fixtures/receipts', import.meta.url)),
} as const;

export interface BenchFixture {
  name: string;
  set: keyof typeof SETS;
  layout: string;
  font: string;
  degradation: string;
  hasQr: boolean;
  qrPayload: string | null;
  expected: Record<ReceiptFieldName, string | number> & {
    items: { name: string; qty: number; amountFen: number; category: number }[];
  };
  image: Buffer;
  format: 'png' | 'jpg';
}

export async function loadFixtures(
  sets: readonly (keyof typeof SETS)[],
  only: RegExp,
): Promise<BenchFixture[]> {
  const out: BenchFixture[] = [];
  for (const set of sets) {
    const dir = SETS[set];
    const names = (await readdir(dir)).filter((f) => f.endsWith('.json') && only.test(f)).sort();
    for (const file of names) {
      const truth = JSON.parse(await readFile(join(dir, file), 'utf8')) as Omit<
        BenchFixture,
        'image' | 'set' | 'font' | 'format'
      > & { font?: string; format?: 'png' | 'jpg' };
      const format = truth.format ?? 'png';
      out.push({
        ...truth,
        set,
        font: truth.font ?? 'noto-sans',
        format,
        image: await readFile(join(dir, file.replace(/json$/, format))),
      });
    }
  }
  return out;
}
