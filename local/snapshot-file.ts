import { performance } from 'node:perf_hooks';
import { rename, writeFile } from 'node:fs/promises';

/**
 * A simulator's state kept on disk as one JSON file, written whole through a temporary file and
 * a rename (a crash leaves the old or the new file, never half of one), some time after a change.
 *
 * The file grows with every bill and settlement, and writing it whole costs time in proportion:
 * at a fixed 50–100 ms a 3 MB world took ~9% of a core during the demo (bench/README.md). So the
 * wait after a change is the longer of `minDelayMs` and the last write's duration divided by
 * `maxShare`: writing never takes more than that share of a core, and a crash loses at most that
 * long of the simulator's changes (the bank's transfers are logged apart, before it answers).
 */
export class SnapshotFile {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastWriteMs = 0;

  constructor(
    private readonly file: string,
    private readonly read: () => unknown,
    private readonly options: { minDelayMs: number; maxShare?: number },
  ) {}

  /** How long the next write waits after a change. */
  get delayMs(): number {
    return Math.max(this.options.minDelayMs, this.lastWriteMs / (this.options.maxShare ?? 0.05));
  }

  /** Something changed: write once the delay has passed (changes meanwhile go in the same write). */
  changed(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.write());
    }, this.delayMs);
  }

  /** Writes now and waits, e.g. before the process exits. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    await this.writing;
  }

  private async write(): Promise<void> {
    const started = performance.now();
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.read()));
    await rename(temporary, this.file);
    this.lastWriteMs = performance.now() - started;
  }
}
