import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEnvelope } from '../../events/envelope';

/**
 * The local dead-letter queue: what on AWS lands in an SQS queue (a rule target's DLQ, or the
 * workflow's failure queue) lands here, in the data folder, so it outlives the process and is
 * never only a log line. Append-only JSON lines: a letter, and later the record that it was
 * redriven (which is what makes a second redrive of it a no-op).
 */

export type DeadLetterSource = 'event-target' | 'workflow';

export interface DeadLetter {
  id: string;
  source: DeadLetterSource;
  /** The rule (event-target) or state machine name (workflow). */
  ruleName: string;
  /** The target function's name, or the execution ARN. */
  target: string;
  event: EventBridgeEnvelope;
  /** Why: the last error, as `Name: message`. */
  error: string;
  attempts: number;
  deadLetteredAt: string;
  /** Set once it has been redriven and delivered. */
  redrivenAt?: string;
}

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'deadLetteredAt' | 'redrivenAt'>;

interface LetterRecord {
  t: 'letter';
  letter: DeadLetter;
}
interface RedrivenRecord {
  t: 'redriven';
  id: string;
  at: string;
}

export const DEAD_LETTER_FILE = 'dead-letters.jsonl';

export class DeadLetterQueue {
  private readonly file: string;
  private readonly letters = new Map<string, DeadLetter>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, DEAD_LETTER_FILE);
    for (const record of readRecords(this.file)) {
      if (record.t === 'letter') this.letters.set(record.letter.id, record.letter);
      else {
        const letter = this.letters.get(record.id);
        if (letter) letter.redrivenAt = record.at;
      }
    }
  }

  add(letter: NewDeadLetter): DeadLetter {
    const stored: DeadLetter = { ...letter, id: randomUUID(), deadLetteredAt: new Date().toISOString() };
    appendFileSync(this.file, `${JSON.stringify({ t: 'letter', letter: stored } satisfies LetterRecord)}\n`);
    this.letters.set(stored.id, stored);
    return stored;
  }

  /** Waiting letters, oldest first; with `all`, the redriven ones too. */
  list(options: { all?: boolean } = {}): DeadLetter[] {
    return [...this.letters.values()].filter((letter) => options.all || letter.redrivenAt === undefined);
  }

  get(id: string): DeadLetter | undefined {
    return this.letters.get(id);
  }

  markRedriven(id: string): DeadLetter {
    const letter = this.letters.get(id);
    if (!letter) throw new Error(`no dead letter ${id}`);
    const at = new Date().toISOString();
    appendFileSync(this.file, `${JSON.stringify({ t: 'redriven', id, at } satisfies RedrivenRecord)}\n`);
    letter.redrivenAt = at;
    return letter;
  }
}

function readRecords(file: string): (LetterRecord | RedrivenRecord)[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as LetterRecord | RedrivenRecord];
    } catch {
      return [];
    }
  });
}
