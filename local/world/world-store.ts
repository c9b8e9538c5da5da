import { appendFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutgoingEvent } from '../../events/event-entry';
import type { BankTransfer } from '../bank/bank-simulator';
import type { SimulatorSnapshot } from '../hospitals/simulator';
import { SnapshotFile } from '../snapshot-file';

/** What the simulated outside world keeps on disk: it outlives crossclaim's restarts, and its own. */
export interface WorldState {
  version: 1;
  /** How many times the world has started: bill numbers of a new run come from a fresh stream. */
  runs: number;
  hospitals: SimulatorSnapshot;
  bank: BankTransfer[];
  /** Hospital events not yet accepted by crossclaim's event bus. */
  outbox: OutgoingEvent[];
}

const LEDGER_LOG = 'bank-ledger.jsonl';

async function readLedgerLog(dataDir: string): Promise<BankTransfer[]> {
  let text: string;
  try {
    text = await readFile(join(dataDir, LEDGER_LOG), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A line cut short by a kill mid-write is the transfer the bank never confirmed: skipped.
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() === '' ? [] : [JSON.parse(line) as BankTransfer];
    } catch {
      return [];
    }
  });
}

const EMPTY: WorldState = {
  version: 1,
  runs: 0,
  hospitals: { issued: [], pending: [], summaries: [] },
  bank: [],
  outbox: [],
};

/**
 * The world's state as one JSON file, written whole (to a temporary file, then renamed, so a
 * crash leaves the old or the new file, never half of one), `debounceMs` or more after a change
 * (../snapshot-file.ts: the wait grows with the file so that writing stays a small share of a core).
 */
export class WorldStore {
  private constructor(
    private readonly dir: string,
    private readonly snapshot: SnapshotFile,
  ) {}

  static async load(dataDir: string): Promise<WorldState> {
    const state = await WorldStore.loadSnapshot(dataDir);
    // Transfers written ahead of the snapshot (see recordTransfer) that it does not hold yet.
    const known = new Set(state.bank.map((t) => t.idempotencyKey));
    for (const transfer of await readLedgerLog(dataDir)) {
      if (!known.has(transfer.idempotencyKey)) state.bank.push(transfer);
      known.add(transfer.idempotencyKey);
    }
    return state;
  }

  /**
   * The bank must not say "paid" and then forget it when the process is killed before the next
   * snapshot: each new transfer is appended to a log, synchronously, before the bank answers.
   * A write() survives a SIGKILL of the process (the kernel has it); load() merges the log.
   */
  recordTransfer(transfer: BankTransfer): void {
    appendFileSync(join(this.dir, LEDGER_LOG), `${JSON.stringify(transfer)}\n`);
  }

  private static async loadSnapshot(dataDir: string): Promise<WorldState> {
    try {
      return JSON.parse(await readFile(join(dataDir, 'world.json'), 'utf8')) as WorldState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
      throw new Error(`${join(dataDir, 'world.json')} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  static async open(dataDir: string, read: () => WorldState, debounceMs = 100): Promise<WorldStore> {
    await mkdir(dataDir, { recursive: true });
    return new WorldStore(
      dataDir,
      new SnapshotFile(join(dataDir, 'world.json'), read, { minDelayMs: debounceMs }),
    );
  }

  /** Something changed: write soon. */
  changed(): void {
    this.snapshot.changed();
  }

  /** Writes now and waits, e.g. before the process exits. */
  async flush(): Promise<void> {
    await this.snapshot.flush();
  }
}
