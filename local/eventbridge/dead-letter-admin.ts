import { z } from 'zod';
import type { DeadLetter, DeadLetterQueue } from './dead-letter-queue';
import type { DeliveryOutcome, LocalEventBus } from './local-bus';

/**
 * What `crossclaim events dlq list|show|redrive` asks of the running local runtime. On AWS the
 * queue is SQS; here it is the data folder's dead-letter file, and the redrive must run in the
 * crossclaim process, where the targets are. A redrive delivers the letter's event to the
 * target that failed (not to every rule again), and only once: a letter already redriven is
 * answered as such and nothing is delivered. The targets themselves are idempotent, so even an
 * event that was delivered by another path (a replay) changes nothing the second time.
 */

export type RedriveResult =
  | { Id: string; Outcome: 'delivered'; RedrivenAt: string }
  | { Id: string; Outcome: 'already-redriven'; RedrivenAt: string }
  | { Id: string; Outcome: 'failed'; Error: string };

/** Redrives a workflow letter (a failed execution): runs the execution again. */
export type WorkflowRedrive = (letter: DeadLetter) => Promise<DeliveryOutcome>;

export const ListRequestSchema = z.object({ All: z.boolean().default(false) });
export const IdRequestSchema = z.object({ Id: z.string().uuid() });

export class DeadLetterAdmin {
  private readonly redriving = new Set<string>();

  constructor(
    private readonly queue: DeadLetterQueue,
    private readonly bus: LocalEventBus,
    private readonly redriveWorkflow?: WorkflowRedrive,
  ) {}

  list(all: boolean): DeadLetter[] {
    return this.queue.list({ all });
  }

  get(id: string): DeadLetter | undefined {
    return this.queue.get(id);
  }

  async redrive(id: string): Promise<RedriveResult | undefined> {
    const letter = this.queue.get(id);
    if (!letter) return undefined;
    if (letter.redrivenAt !== undefined)
      return { Id: id, Outcome: 'already-redriven', RedrivenAt: letter.redrivenAt };
    // Two redrives of one letter at once must not both deliver.
    if (this.redriving.has(id)) return { Id: id, Outcome: 'failed', Error: 'a redrive of it is under way' };
    this.redriving.add(id);
    try {
      const outcome = await this.deliver(letter);
      if (!outcome.delivered) return { Id: id, Outcome: 'failed', Error: outcome.error };
      return { Id: id, Outcome: 'delivered', RedrivenAt: this.queue.markRedriven(id).redrivenAt ?? '' };
    } finally {
      this.redriving.delete(id);
    }
  }

  private deliver(letter: DeadLetter): Promise<DeliveryOutcome> {
    if (letter.source === 'workflow') {
      if (!this.redriveWorkflow)
        return Promise.resolve({ delivered: false, error: 'no workflow to redrive to' });
      return this.redriveWorkflow(letter);
    }
    return this.bus.redeliver(letter.ruleName, letter.event);
  }
}
