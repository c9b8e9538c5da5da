import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEnvelope } from '../../events/envelope';

/**
 * The local bus's journal: every event it accepted, and each delivery that ended (delivered, or
 * given up and dead-lettered). It is two things AWS gives EventBridge users:
 *  - durability: PutEvents answers only after the event is written, so an event the bus said
 *    yes to is not lost when the crossclaim process is killed before delivering it; at the next
 *    start the deliveries that never ended are made (at least once, as EventBridge's; every
 *    target is idempotent);
 *  - the archive: `crossclaim events replay --from --to` replays a time range from it.
 * One JSON line per record, appended synchronously: a write() survives a SIGKILL of the process
 * (the kernel holds it), and a line cut short by the kill is skipped when read back.
 */

interface AcceptedRecord {
  t: 'event';
  /** When the bus accepted it (ms since epoch); replay ranges select on this, as the archive does. */
  at: number;
  event: EventBridgeEnvelope;
  /** The rules it matched; each is settled on its own. */
  rules: string[];
}

interface SettledRecord {
  t: 'settled';
  id: string;
  rule: string;
}

type JournalRecord = AcceptedRecord | SettledRecord;

export interface ArchivedEvent {
  at: number;
  event: EventBridgeEnvelope;
}

export interface UnsettledEvent {
  event: EventBridgeEnvelope;
  rules: string[];
}

export const JOURNAL_FILE = 'journal.jsonl';

export class EventJournal {
  private readonly file: string;
  /** Event id → the rules whose delivery has not ended yet. */
  private readonly open = new Map<string, { event: EventBridgeEnvelope; rules: Set<string> }>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, JOURNAL_FILE);
    for (const record of this.records()) {
      if (record.t === 'event') {
        if (record.rules.length > 0)
          this.open.set(record.event.id, { event: record.event, rules: new Set(record.rules) });
      } else {
        const entry = this.open.get(record.id);
        entry?.rules.delete(record.rule);
        if (entry?.rules.size === 0) this.open.delete(record.id);
      }
    }
  }

  accepted(event: EventBridgeEnvelope, rules: readonly string[]): void {
    this.append({ t: 'event', at: Date.now(), event, rules: [...rules] });
    if (rules.length > 0) this.open.set(event.id, { event, rules: new Set(rules) });
  }

  settled(eventId: string, rule: string): void {
    const entry = this.open.get(eventId);
    if (!entry?.rules.has(rule)) return;
    this.append({ t: 'settled', id: eventId, rule });
    entry.rules.delete(rule);
    if (entry.rules.size === 0) this.open.delete(eventId);
  }

  /** Deliveries a previous process started and never ended, in the order the events came. */
  unsettled(): UnsettledEvent[] {
    return [...this.open.values()].map(({ event, rules }) => ({ event, rules: [...rules] }));
  }

  /** The archive: events accepted in [fromMs, toMs), in order. */
  between(fromMs: number, toMs: number): ArchivedEvent[] {
    return this.records().flatMap((record) =>
      record.t === 'event' && record.at >= fromMs && record.at < toMs
        ? [{ at: record.at, event: record.event }]
        : [],
    );
  }

  private append(record: JournalRecord): void {
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }

  private records(): JournalRecord[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as JournalRecord];
      } catch {
        return []; // cut short by a kill mid-write: that event was never acknowledged
      }
    });
  }
}
