import { randomUUID } from 'node:crypto';
import type {
  PutEventsRequestEntry,
  PutEventsResponse,
  PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeEnvelope } from '../../events/envelope';
import { entrySizeBytes, MAX_ENTRIES_PER_PUT, MAX_PUT_BYTES } from '../../events/put-events-limits';
import type { DeadLetterQueue } from './dead-letter-queue';
import type { EventJournal } from './event-journal';
import { silentLogger, type LocalEventBridgeLogger } from './logger';
import { compileEventPattern, type CompiledEventPattern } from './pattern-matcher';
import { checkEntry, type AcceptedEntry } from './put-events-entry';
import { backoffDelayMs, retryPolicyWith, type RetryPolicy } from './retry-policy';
import { mayPublish } from './publisher-identity';

/**
 * The local stand-in for an EventBridge event bus: rules with patterns and in-process targets.
 * putEvents answers per entry as EventBridge does and delivers afterwards, asynchronously, to
 * every target of every matching rule; a target that keeps throwing is retried with backoff
 * and then dead-lettered on its rule, never dropped without a trace.
 */

/** A rule's target: the event as a Lambda target receives it. It fails by throwing (or rejecting). */
export type LocalBusTarget = (event: EventBridgeEnvelope) => unknown;

export interface LocalBusRule {
  /** Letters, digits, '.', '-', '_'; at most 64, as EventBridge rule names. */
  name: string;
  /** JSON event pattern; checked when the rule is added (see pattern-matcher.ts). */
  pattern: unknown;
  targets: readonly LocalBusTarget[];
}

export interface RuleCounters {
  /** Events that matched the rule's pattern. */
  matched: number;
  /** Deliveries a target accepted (one per event and target, retries included). */
  delivered: number;
  /** Delivery attempts that threw: a delivery that succeeds on its third attempt counts 2 here. */
  failed: number;
  /** Deliveries given up after the last attempt, each now in the rule's dead letters. */
  deadLettered: number;
}

/** What the rule's dead-letter queue would hold on AWS: the event and why it did not get through. */
export interface DeadLetter {
  ruleName: string;
  /** The target function's name, or target#<index> for an anonymous one. */
  target: string;
  event: EventBridgeEnvelope;
  error: string;
  attempts: number;
  deadLetteredAt: string;
}

export interface LocalEventBusOptions {
  /** 'default' unless told: entries naming another bus are refused. */
  name?: string;
  region?: string;
  account?: string;
  retry?: Partial<RetryPolicy>;
  logger?: LocalEventBridgeLogger;
  /**
   * Writes each accepted event before PutEvents answers and each delivery's end; with it the
   * bus can resume deliveries a killed process left open and replay a time range (archive).
   */
  journal?: EventJournal;
  /** Where deliveries that failed every attempt are kept, durably (besides the rule's list). */
  deadLetterQueue?: DeadLetterQueue;
}

/** How a delivery ended. */
export type DeliveryOutcome = { delivered: true } | { delivered: false; error: string };

/** A whole-request refusal, the kind EventBridge answers with an HTTP error (ValidationException). */
export class LocalEventBridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** Events every local bus accepted, for the cost model (`crossclaim cost`). Process-wide, additive. */
export const eventBusUsage = { putEventsRequests: 0, acceptedEntries: 0, deliveries: 0 };
export const resetEventBusUsage = (): void => {
  Object.assign(eventBusUsage, { putEventsRequests: 0, acceptedEntries: 0, deliveries: 0 });
};

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const LOCAL_ACCOUNT = '000000000000';
const DEFAULT_REGION = 'cn-north-1';

interface RegisteredRule {
  name: string;
  pattern: CompiledEventPattern;
  targets: readonly LocalBusTarget[];
  counters: RuleCounters;
  deadLetters: DeadLetter[];
}

export class LocalEventBus {
  readonly name: string;
  private readonly region: string;
  private readonly account: string;
  private readonly retry: RetryPolicy;
  private readonly logger: LocalEventBridgeLogger;
  private readonly rules = new Map<string, RegisteredRule>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly journal: EventJournal | undefined;
  private readonly deadLetterQueue: DeadLetterQueue | undefined;

  constructor(options: LocalEventBusOptions = {}) {
    this.name = options.name ?? 'default';
    this.region = options.region ?? DEFAULT_REGION;
    this.account = options.account ?? LOCAL_ACCOUNT;
    this.retry = retryPolicyWith(options.retry);
    this.logger = options.logger ?? silentLogger;
    this.journal = options.journal;
    this.deadLetterQueue = options.deadLetterQueue;
  }

  /** Throws InvalidEventPatternError for a pattern it cannot run, and on a name already taken. */
  addRule(rule: LocalBusRule): void {
    if (!RULE_NAME.test(rule.name)) {
      throw new LocalEventBridgeError(
        'ValidationException',
        `Rule name "${rule.name}" is not a valid rule name`,
      );
    }
    if (this.rules.has(rule.name)) {
      throw new LocalEventBridgeError('ResourceAlreadyExistsException', `Rule ${rule.name} already exists`);
    }
    this.rules.set(rule.name, {
      name: rule.name,
      pattern: compileEventPattern(rule.pattern),
      targets: [...rule.targets],
      counters: { matched: 0, delivered: 0, failed: 0, deadLettered: 0 },
      deadLetters: [],
    });
  }

  /**
   * Accepts what it can, refuses the rest entry by entry (the response's Entries line up with
   * the request's). Matching rules are found now; their targets run after this returns.
   */
  putEvents(
    entries: readonly PutEventsRequestEntry[],
    /** Who sent it over HTTP (its access key id, publisher-identity.ts); absent: in-process, unchecked. */
    from?: { caller: string | undefined },
  ): Required<Pick<PutEventsResponse, 'FailedEntryCount' | 'Entries'>> {
    if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_PUT) {
      throw new LocalEventBridgeError(
        'ValidationException',
        `Entries must hold 1 to ${MAX_ENTRIES_PER_PUT} entries, not ${entries.length}`,
      );
    }
    // One entry too large is that entry's error (below); entries too large only together, the request's.
    const totalBytes = entries
      .map((entry) => entrySizeBytes(entry))
      .filter((bytes) => bytes <= MAX_PUT_BYTES)
      .reduce((sum, bytes) => sum + bytes, 0);
    if (totalBytes > MAX_PUT_BYTES) {
      throw new LocalEventBridgeError(
        'ValidationException',
        `Total size of the entries in the request is ${totalBytes} bytes, over the limit of ${MAX_PUT_BYTES}`,
      );
    }
    const results = entries.map((entry): PutEventsResultEntry => {
      if (from && !mayPublish(from.caller, entry.Source))
        return {
          ErrorCode: 'AccessDeniedException',
          ErrorMessage: `not authorized to put events as ${entry.Source}`,
        };
      const check = checkEntry(entry, this.name);
      if ('refused' in check) return check.refused;
      const event = this.envelope(check.accepted);
      this.route(event);
      return { EventId: event.id };
    });
    eventBusUsage.putEventsRequests += 1;
    eventBusUsage.acceptedEntries += results.filter((result) => result.ErrorCode === undefined).length;
    return {
      FailedEntryCount: results.filter((result) => result.ErrorCode !== undefined).length,
      Entries: results,
    };
  }

  /** Resolves when every delivery under way is done, including those that deliveries set off. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  counters(ruleName: string): RuleCounters {
    return { ...this.rule(ruleName).counters };
  }

  deadLetters(ruleName: string): readonly DeadLetter[] {
    return [...this.rule(ruleName).deadLetters];
  }

  ruleNames(): string[] {
    return [...this.rules.keys()];
  }

  /**
   * After a restart: delivers again what the journal records as accepted but never delivered
   * (the previous process died first). Returns how many deliveries were started.
   */
  resumeUnsettled(): number {
    let started = 0;
    for (const { event, rules } of this.journal?.unsettled() ?? []) {
      for (const name of rules) {
        const rule = this.rules.get(name);
        if (!rule) continue;
        this.track(this.deliverToRule(rule, event, { deadLetter: true }));
        started += 1;
      }
    }
    return started;
  }

  /**
   * A dead letter's event to its rule's targets again (redrive). A failure is reported, not
   * dead-lettered a second time: the letter is still in the queue.
   */
  async redeliver(ruleName: string, event: EventBridgeEnvelope): Promise<DeliveryOutcome> {
    return this.deliverToRule(this.rule(ruleName), event, { deadLetter: false });
  }

  /**
   * Archived events to the rules that match them (all, or `ruleNames` only), each marked with
   * `replay-name` as EventBridge marks replayed events. Resolves when every delivery has ended.
   */
  async replay(
    events: readonly EventBridgeEnvelope[],
    replayName: string,
    ruleNames?: readonly string[],
  ): Promise<{ events: number; deliveries: number; failed: number }> {
    const deliveries: Promise<DeliveryOutcome>[] = [];
    for (const original of events) {
      const event = { ...original, 'replay-name': replayName };
      for (const rule of this.rules.values()) {
        if (ruleNames && !ruleNames.includes(rule.name)) continue;
        if (!rule.pattern.matches(event)) continue;
        const delivery = this.deliverToRule(rule, event, { deadLetter: true });
        this.track(delivery);
        deliveries.push(delivery);
      }
    }
    const outcomes = await Promise.all(deliveries);
    return {
      events: events.length,
      deliveries: outcomes.length,
      failed: outcomes.filter((outcome) => !outcome.delivered).length,
    };
  }

  private rule(name: string): RegisteredRule {
    const rule = this.rules.get(name);
    if (!rule) throw new LocalEventBridgeError('ResourceNotFoundException', `Rule ${name} does not exist`);
    return rule;
  }

  private envelope(entry: AcceptedEntry): EventBridgeEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: this.account,
      // EventBridge writes whole seconds.
      time: (entry.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: entry.resources,
      detail: entry.detail,
    };
  }

  private route(event: EventBridgeEnvelope): void {
    const matched = [...this.rules.values()].filter((rule) => rule.pattern.matches(event));
    // Written before PutEvents answers: an accepted event survives this process.
    this.journal?.accepted(
      event,
      matched.map((rule) => rule.name),
    );
    for (const rule of matched) {
      rule.counters.matched += 1;
      this.track(this.deliverToRule(rule, event, { deadLetter: true }));
    }
  }

  /** Every target of the rule; the rule's delivery is settled in the journal when all have ended. */
  private async deliverToRule(
    rule: RegisteredRule,
    event: EventBridgeEnvelope,
    options: { deadLetter: boolean },
  ): Promise<DeliveryOutcome> {
    const outcomes = await Promise.all(
      rule.targets.map((target, index) => this.deliver(rule, target, index, event, options)),
    );
    if (event['replay-name'] === undefined) this.journal?.settled(event.id, rule.name);
    return outcomes.find((outcome) => !outcome.delivered) ?? { delivered: true };
  }

  private track(delivery: Promise<unknown>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Never rejects: every outcome ends in the counters, and a failure in the dead letters. */
  private async deliver(
    rule: RegisteredRule,
    target: LocalBusTarget,
    index: number,
    event: EventBridgeEnvelope,
    options: { deadLetter: boolean },
  ): Promise<DeliveryOutcome> {
    await nextTurn(); // after putEvents has answered, as EventBridge delivers after accepting
    const targetName = target.name || `target#${index}`;
    let lastError = '';
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt += 1) {
      try {
        // A copy per target: one target changing its event must not change another's.
        await target(structuredClone(event));
        rule.counters.delivered += 1;
        eventBusUsage.deliveries += 1;
        return { delivered: true };
      } catch (error) {
        rule.counters.failed += 1;
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.logger({
          level: 'warn',
          message: `Target ${targetName} failed attempt ${attempt} of ${this.retry.maxAttempts}`,
          ruleName: rule.name,
          eventId: event.id,
          error: lastError,
        });
        if (attempt < this.retry.maxAttempts) await sleep(backoffDelayMs(attempt, this.retry));
      }
    }
    if (!options.deadLetter) return { delivered: false, error: lastError };
    rule.counters.deadLettered += 1;
    this.deadLetterQueue?.add({
      source: 'event-target',
      ruleName: rule.name,
      target: targetName,
      event,
      error: lastError,
      attempts: this.retry.maxAttempts,
    });
    rule.deadLetters.push({
      ruleName: rule.name,
      target: targetName,
      event,
      error: lastError,
      attempts: this.retry.maxAttempts,
      deadLetteredAt: new Date().toISOString(),
    });
    this.logger({
      level: 'error',
      message: `Event dead-lettered: target ${targetName} failed ${this.retry.maxAttempts} attempts`,
      ruleName: rule.name,
      eventId: event.id,
      error: lastError,
    });
    return { delivered: false, error: lastError };
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
