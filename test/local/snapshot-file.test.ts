import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotFile } from '../../local/snapshot-file';

describe('SnapshotFile: a simulator state written whole, some time after a change', () => {
  const dirs: string[] = [];
  const fileIn = () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    dirs.push(dir);
    return join(dir, 'state.json');
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('writes the changes made meanwhile in one write after the delay, and at once on flush', async () => {
    const file = fileIn();
    let state = { n: 0 };
    let reads = 0;
    const snapshot = new SnapshotFile(
      file,
      () => {
        reads++;
        return state;
      },
      { minDelayMs: 30 },
    );
    for (let n = 1; n <= 5; n++) {
      state = { n };
      snapshot.changed();
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(reads).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 5 });
    state = { n: 6 };
    await snapshot.flush();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 6 });
  });

  it('waits longer once a write is slow: writing stays within its share of a core', async () => {
    const big = { rows: Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` })) };
    const snapshot = new SnapshotFile(fileIn(), () => big, { minDelayMs: 10, maxShare: 0.05 });
    expect(snapshot.delayMs).toBe(10);
    await snapshot.flush();
    // A write of several MB takes tens of ms: the next waits twenty times as long.
    expect(snapshot.delayMs).toBeGreaterThan(10);
  });
});
