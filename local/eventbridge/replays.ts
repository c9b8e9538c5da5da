import { z } from 'zod';
import type { EventJournal } from './event-journal';
import type { LocalEventBus } from './local-bus';

/**
 * EventBridge archive replay over the local bus's journal: StartReplay and DescribeReplay with
 * the request and answer shapes of the EventBridge API, so `crossclaim events replay` is the
 * same SDK call on AWS and here. Events accepted in [EventStartTime, EventEndTime) go again to
 * the rules that match them (Destination.FilterArns narrows to some rules), marked with
 * `replay-name`. The targets are idempotent, so a replayed event that was applied changes nothing.
 */

const epochOrIso = z
  .union([z.number(), z.iso.datetime({ offset: true })])
  .transform((time) => new Date(typeof time === 'number' ? time * 1000 : time));

export const StartReplayRequestSchema = z.object({
  ReplayName: z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/, 'letters, digits, ".", "-", "_"; at most 64'),
  Description: z.string().max(512).optional(),
  EventSourceArn: z.string().min(1),
  EventStartTime: epochOrIso,
  EventEndTime: epochOrIso,
  Destination: z.object({ Arn: z.string().min(1), FilterArns: z.array(z.string()).optional() }),
});
export type StartReplayRequest = z.infer<typeof StartReplayRequestSchema>;

export type ReplayState = 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED';

interface Replay {
  request: StartReplayRequest;
  arn: string;
  state: ReplayState;
  stateReason?: string;
  startedAt: Date;
  endedAt?: Date;
  lastReplayed?: Date;
  counts?: { events: number; deliveries: number; failed: number };
}

export class ReplayRefused extends Error {
  constructor(
    readonly code: 'ValidationException' | 'ResourceNotFoundException' | 'ResourceAlreadyExistsException',
    message: string,
  ) {
    super(message);
  }
}

export class LocalReplays {
  readonly archiveArn: string;
  readonly busArn: string;
  private readonly replays = new Map<string, Replay>();

  constructor(
    private readonly bus: LocalEventBus,
    private readonly journal: EventJournal,
    private readonly where: { region: string; account: string },
  ) {
    this.archiveArn = `arn:aws:events:${where.region}:${where.account}:archive/${bus.name}-archive`;
    this.busArn = `arn:aws:events:${where.region}:${where.account}:event-bus/${bus.name}`;
  }

  ruleArn(ruleName: string): string {
    return `arn:aws:events:${this.where.region}:${this.where.account}:rule/${this.bus.name}/${ruleName}`;
  }

  start(request: StartReplayRequest) {
    if (request.EventSourceArn !== this.archiveArn)
      throw new ReplayRefused(
        'ResourceNotFoundException',
        `Archive ${request.EventSourceArn} does not exist`,
      );
    if (request.Destination.Arn !== this.busArn)
      throw new ReplayRefused('ValidationException', `Destination must be the archive's bus ${this.busArn}`);
    if (request.EventEndTime <= request.EventStartTime)
      throw new ReplayRefused('ValidationException', 'EventEndTime must be after EventStartTime');
    if (this.replays.has(request.ReplayName))
      throw new ReplayRefused(
        'ResourceAlreadyExistsException',
        `Replay ${request.ReplayName} already exists`,
      );
    const ruleNames = request.Destination.FilterArns?.map((arn) => this.ruleNameOf(arn));
    const arn = `arn:aws:events:${this.where.region}:${this.where.account}:replay/${request.ReplayName}`;
    const replay: Replay = { request, arn, state: 'STARTING', startedAt: new Date() };
    this.replays.set(request.ReplayName, replay);
    const events = this.journal
      .between(request.EventStartTime.getTime(), request.EventEndTime.getTime())
      .map(({ event }) => event);
    replay.state = 'RUNNING';
    void this.bus.replay(events, request.ReplayName, ruleNames).then(
      (counts) => {
        Object.assign(replay, { state: 'COMPLETED', counts, endedAt: new Date(), lastReplayed: new Date() });
        if (counts.failed > 0)
          replay.stateReason = `${counts.failed} of ${counts.deliveries} deliveries failed and were dead-lettered`;
      },
      (error: unknown) =>
        Object.assign(replay, { state: 'FAILED', stateReason: String(error), endedAt: new Date() }),
    );
    return { ReplayArn: arn, State: 'STARTING', ReplayStartTime: epochSeconds(replay.startedAt) };
  }

  describe(name: string) {
    const replay = this.replays.get(name);
    if (!replay) throw new ReplayRefused('ResourceNotFoundException', `Replay ${name} does not exist`);
    const { request } = replay;
    return {
      ReplayName: request.ReplayName,
      ReplayArn: replay.arn,
      State: replay.state,
      ...(replay.stateReason && { StateReason: replay.stateReason }),
      EventSourceArn: request.EventSourceArn,
      Destination: request.Destination,
      EventStartTime: epochSeconds(request.EventStartTime),
      EventEndTime: epochSeconds(request.EventEndTime),
      ReplayStartTime: epochSeconds(replay.startedAt),
      ...(replay.endedAt && { ReplayEndTime: epochSeconds(replay.endedAt) }),
      ...(replay.lastReplayed && { EventLastReplayedTime: epochSeconds(replay.lastReplayed) }),
    };
  }

  private ruleNameOf(arn: string): string {
    const prefix = this.ruleArn('');
    const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
    if (!this.bus.ruleNames().includes(name))
      throw new ReplayRefused('ResourceNotFoundException', `Rule ${arn} does not exist on ${this.busArn}`);
    return name;
  }
}

/** AWS JSON carries timestamps as epoch seconds. */
const epochSeconds = (date: Date): number => date.getTime() / 1000;
