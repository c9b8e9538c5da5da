/**
 * EventBridge's PutEvents limits, shared by the publisher (adapters/event-publisher.ts), which
 * must stay within them, and the local stand-in (local/eventbridge/), which must enforce them.
 */

/** Entries in one PutEvents request. */
export const MAX_ENTRIES_PER_PUT = 10;

/** Bytes of one entry, and of all entries of one request together, counted by entrySizeBytes. */
export const MAX_PUT_BYTES = 256 * 1024;

/** The parts of a PutEvents entry that count towards its size. */
export interface SizedEntry {
  Time?: unknown;
  Source?: string | undefined;
  DetailType?: string | undefined;
  Detail?: string | undefined;
  Resources?: readonly string[] | undefined;
}

/**
 * As EventBridge counts an entry (user guide, "Calculating PutEvents event entry size"): Time
 * 14 bytes if given; Source, DetailType, Detail and each of Resources their UTF-8 bytes.
 */
export function entrySizeBytes(entry: SizedEntry): number {
  const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0)
  );
}
