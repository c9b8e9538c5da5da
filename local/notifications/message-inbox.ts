import { existsSync } from 'node:fs';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredNotification } from '../../adapters/claim-store';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type Notifier } from '../../adapters/notifier';

/**
 * The local stand-in for the province's message gateway (SMS and app push; SNS and a subscribed
 * gateway on AWS): every message it accepts lands in the citizen's inbox on disk,
 * `<dir>/inbox.jsonl`, one line each, written and synced before it answers. It takes an
 * idempotency key once: a message sent again (crossclaim crashed after sending, before the outbox
 * heard back) is acknowledged and not delivered again; the repeat is noted in `repeats.jsonl`.
 * A file `<dir>/DOWN` makes it refuse every message (a fault to test the outbox with).
 */

export interface InboxMessage {
  idempotencyKey: string;
  channels: readonly NotificationChannel[];
  claimId: string;
  /** The citizen's ID hash, as the gateway knows them (never the ID number). */
  recipient: string;
  status: string;
  at: string;
  zh: string;
  en: string;
  receivedAt: string;
}

export const INBOX_FILE = 'inbox.jsonl';
export const REPEATS_FILE = 'repeats.jsonl';
export const DOWN_FILE = 'DOWN';

export class MessageGatewayDown extends Error {
  override readonly name = 'MessageGatewayDown';
}

/** The messages in an inbox folder (a torn last line, from a kill mid-write, is not a message). */
export async function readInbox(dir: string, file = INBOX_FILE): Promise<InboxMessage[]> {
  const text = await readFile(join(dir, file), 'utf8').catch(() => '');
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as InboxMessage] : [];
    } catch {
      return [];
    }
  });
}

export async function openMessageInbox(dir: string): Promise<Notifier & { readonly dir: string }> {
  await mkdir(dir, { recursive: true });
  const seen = new Set((await readInbox(dir)).map((m) => m.idempotencyKey));
  // One message at a time: the check of the key and the write of the line go together.
  let queue: Promise<unknown> = Promise.resolve();
  const take = async (n: StoredNotification, key: string): Promise<void> => {
    if (existsSync(join(dir, DOWN_FILE))) throw new MessageGatewayDown('the message gateway is down');
    const receivedAt = new Date().toISOString();
    if (seen.has(key)) {
      await appendFile(join(dir, REPEATS_FILE), `${JSON.stringify({ idempotencyKey: key, receivedAt })}\n`);
      return;
    }
    const message: InboxMessage = {
      idempotencyKey: key,
      channels: NOTIFICATION_CHANNELS,
      claimId: n.claimId,
      recipient: n.recipient,
      status: n.status,
      at: n.at,
      zh: n.zh,
      en: n.en,
      receivedAt,
    };
    const file = await open(join(dir, INBOX_FILE), 'a');
    try {
      await file.write(`${JSON.stringify(message)}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
    seen.add(key);
  };
  return {
    dir,
    notify(n, key) {
      const done = queue.then(() => take(n, key));
      queue = done.catch(() => undefined);
      return done;
    },
  };
}
