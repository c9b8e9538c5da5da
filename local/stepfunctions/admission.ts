/**
 * How many executions the local runner lets run their steps at once. AWS Step Functions scales
 * out; one machine does not: with every claim of a burst started at once, each one's steps queue
 * behind all the others' and every claim is slow (measured: 66 claims in flight, p50 6.6 s
 * submit → paid at 10 claims/s). With a bound, the executions already running finish first and a
 * new start waits for a slot: StartExecution answers once its execution runs, so a burst is held
 * at the door (the API's POST /claims waits), not spread over every claim. The wait is part of a
 * claim's time (its case was filed before), so nothing is hidden from the submit → paid figure.
 *
 * An execution gives its slot back while it waits for a callback (an e-bill, a clerk) and after
 * a failed task (whose retry may sleep), and takes one again, ahead of new starts, to go on.
 */
export type AdmissionKind = 'start' | 'resume';

export class ExecutionAdmission {
  private active = 0;
  private readonly resuming: Array<() => void> = [];
  private readonly starting: Array<() => void> = [];

  /** `limit`: executions running steps at once (Infinity: no bound, as on AWS). */
  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('the admission limit must be at least 1');
  }

  /** A slot for one execution: resumed executions go before new starts, each queue in order. */
  acquire(kind: AdmissionKind): Promise<void> {
    const queued = this.resuming.length + (kind === 'start' ? this.starting.length : 0);
    if (this.active < this.limit && queued === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => (kind === 'resume' ? this.resuming : this.starting).push(resolve));
  }

  /** Gives a slot back: the next waiter takes it over, or it is free. */
  release(): void {
    const next = this.resuming.shift() ?? this.starting.shift();
    if (next) next();
    else this.active--;
  }

  /** Executions running steps, and those waiting for a slot. */
  usage(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.resuming.length + this.starting.length };
  }

  ticket(): AdmissionTicket {
    return new AdmissionTicket(this);
  }
}

/**
 * One execution's hold on a slot. `hold` and `release` may be called in any order and any number
 * of times; `close` (the execution ended) gives back what is held and refuses every later hold, so
 * an execution stopped while it waited for a slot or a callback never keeps one.
 */
export class AdmissionTicket {
  private held = false;
  private closed = false;

  constructor(private readonly admission: ExecutionAdmission) {}

  get isClosed(): boolean {
    return this.closed;
  }

  async hold(kind: AdmissionKind): Promise<void> {
    if (this.held || this.closed) return;
    await this.admission.acquire(kind);
    if (this.closed || this.held) this.admission.release();
    else this.held = true;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.admission.release();
  }

  close(): void {
    this.closed = true;
    this.release();
  }
}
