import type { EventPublisher } from '../../adapters/event-publisher';
import type { OutgoingEvent } from '../../events/event-entry';

/**
 * Hospital events on their way to crossclaim's event bus. Locally the bus lives in the
 * crossclaim process, which may be down or restarting; an event is kept, in order, until the
 * bus accepts it (on AWS EventBridge is always there; this stands in for that guarantee).
 */
export class EventOutbox {
  private readonly queue: OutgoingEvent[];
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publisher: EventPublisher,
    initial: readonly OutgoingEvent[],
    private readonly onChange: () => void,
    private readonly retryMs = 1000,
  ) {
    this.queue = [...initial];
    if (this.queue.length > 0) this.kick();
  }

  push(event: OutgoingEvent): void {
    this.queue.push(event);
    this.onChange();
    this.kick();
  }

  pending(): OutgoingEvent[] {
    return [...this.queue];
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.slice(0, 10);
      try {
        await this.publisher.publish(batch);
      } catch {
        // The bus is not there (yet): try again a little later, events kept in order.
        this.timer = setTimeout(() => this.kick(), this.retryMs);
        return;
      }
      this.queue.splice(0, batch.length);
      this.onChange();
    }
  }
}
