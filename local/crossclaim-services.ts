import type { ClaimStore } from '../adapters/claim-store';
import { createDynamoDbClients, type DynamoDbClients } from '../adapters/dynamodb/clients';
import { ensureTable } from '../adapters/dynamodb/ensure-table';
import { attributeRequestsTo } from '../adapters/dynamodb/request-counter';
import type { HospitalRegistry } from '../adapters/hospital-registry';
import type { PaymentGateway } from '../adapters/payments';
import type { EventBridgeEnvelope } from '../events/envelope';
import { parseConfig } from '../functions/shared/config';
import { buildDependencies, installDependencies, resetDependencies } from '../functions/shared/dependencies';
import type { OcrEngine } from '../adapters/ocr/ocr-engine';
import { CLAIM_STATE_MACHINE_NAME, deployClaimWorkflow, loadHandler } from './claim-workflow';
import { ClaimChangeFeed } from './api/claim-change-feed';
import { startEventBridgeApiServer } from './eventbridge/eventbridge-api-server';
import { LocalEventBus } from './eventbridge/local-bus';
import { openDurableEvents } from './eventbridge/durable-events';
import { openMessageInbox } from './notifications/message-inbox';
import { addProjectRules } from './eventbridge/project-rules';
import type { SimulatedHospital } from './hospitals/catalog';
import { executionArnOf, stateMachineArnOf } from './stepfunctions/arns';
import { DynamoDbExecutionJournal } from './stepfunctions/dynamodb-execution-journal';
import { isSfnServiceError } from './stepfunctions/errors';
import { createLambdaContext } from './stepfunctions/lambda-context';
import { LocalStepFunctions } from './stepfunctions/runner';
import { startSfnApiServer } from './stepfunctions/sfn-api-server';

export const EVENT_BUS_NAME = 'crossclaim';

/** See admission.ts and bench/README.md for how this was chosen. */
export const ACTIVE_EXECUTIONS = 16;

export interface CrossclaimServicesOptions {
  /** DynamoDB Local (or any DynamoDB) endpoint, e.g. http://127.0.0.1:8000. */
  dynamoEndpoint: string;
  tableName: string;
  region?: string;
  accountId?: string;
  /** Scales Retry intervals and callback timeouts; 1 in `npm start`, ~0.001 in tests. */
  timeScale?: number;
  /**
   * Scales the intervals of the scheduled functions (the outboxes' drain every 5 s, the follow-up
   * escalation and the refetch of parked claims every minute); default `timeScale`. The request bench gives 1, as `npm start`
   * runs them: their scans are per tick, not per claim.
   */
  scheduleTimeScale?: number;
  ports?: { sfn?: number; events?: number };
  /**
   * Executions running their steps at once (local/stepfunctions/admission.ts); a start beyond it
   * waits for a slot. Default ACTIVE_EXECUTIONS; Infinity: no bound, as on AWS.
   */
  maxActiveExecutions?: number;
  /**
   * Powertools log level of the handlers (Config.logLevel: WARN for `npm start`, SILENT in tests);
   * absent: the level the process started with.
   */
  logLevel?: string;
  /**
   * The data folder's key files (`npm start`): the audit-chain key (made on first start) and the
   * identity-hash key, loaded by the composition root before any handler runs.
   */
  keyFiles?: { auditKey?: string; identityKey?: string };
  /**
   * Record executions and task tokens in the table and, at start, re-drive those a previous
   * process left unfinished (DESIGN §6). Off: an in-memory journal, as most tests want.
   */
  durable?: boolean;
  /**
   * The hospitals crossclaim knows: their directory entries and e-bill keys are registered (the
   * simulated catalog, or a production folder's directory; a hospital with two keys twice).
   */
  catalog: {
    hospitals: readonly Pick<
      SimulatedHospital,
      'code' | 'name' | 'level' | 'provinceCode' | 'keyId' | 'publicKeyPem'
    >[];
  };
  /** Where the hospitals' fetch API answers. */
  hospitalsUrl: string;
  /** The bank payouts go through. */
  payments: PaymentGateway;
  /** The home region's insurance system (enrolment, filings, year totals, catalogue). */
  homeRegionUrl: string;
  /** The bearer token the home region issued crossclaim (HOME_REGION_CLIENT_TOKEN); none locally. */
  homeRegionClientToken?: string;
  /** Where uploaded receipt images are kept (a folder object store); `<cwd>/.data/receipt-images` if absent. */
  receiptImagesDir?: string;
  /**
   * Where the simulated message gateway keeps the citizens' inbox (local/notifications/); the
   * notifier only logs when absent.
   */
  messageInboxDir?: string;
  /** The OCR engine for receipts without a readable QR code, as built (a test's); else `ocrEngine`. */
  ocr?: OcrEngine;
  /** The OCR engine by name (Config.ocrEngine, OCR_ENGINE on AWS); the cascade by default. */
  ocrEngine?: string;
  /** Where a citizen's visits come from (Config.visitSource, VISIT_SOURCE on AWS); the home region by default. */
  visitSource?: string;
  /**
   * Where the event bus keeps its journal (the archive) and the dead-letter queue, durably.
   * Absent: deliveries are not journaled and dead letters are kept in memory only.
   */
  eventsDir?: string;
}

export interface CrossclaimServices {
  tableName: string;
  region: string;
  stateMachineArn: string;
  sfn: LocalStepFunctions;
  sfnUrl: string;
  bus: LocalEventBus;
  eventsUrl: string;
  claims: ClaimStore;
  registry: HospitalRegistry;
  dynamo: DynamoDbClients;
  /** Claims' status changes, as the dashboard feed rule received them (bounded, in memory). */
  claimChanges: ClaimChangeFeed;
  /** Executions a previous process left unfinished and this one runs again (durable only). */
  redriven: string[];
  /** Event deliveries a previous process accepted and never finished, made again now (eventsDir only). */
  resumedDeliveries: number;
  close(): Promise<void>;
}

/** Calls a Lambda handler in-process with a Lambda-shaped context, as a bus target would. */
function asBusTarget(name: Parameters<typeof loadHandler>[0], region: string, accountId: string) {
  const functionName = `crossclaim-${name}`;
  const functionArn = `arn:aws-cn:lambda:${region}:${accountId}:function:${functionName}`;
  const handlerPromise = loadHandler(name);
  return async (event: EventBridgeEnvelope) => {
    const handler = await handlerPromise;
    const context = createLambdaContext({ functionArn, functionName, deadline: undefined });
    return attributeRequestsTo(functionName, () => handler(event, context));
  };
}

/**
 * After a restart: re-runs the executions the journal still records as running, and starts
 * the claims that were stored but never started (the process died between the two writes of
 * submit-claim). Execution names are claim ids, so a start here cannot run a claim twice.
 */
async function resumeUnfinishedClaims(
  sfn: LocalStepFunctions,
  stateMachineArn: string,
  claims: ClaimStore,
): Promise<string[]> {
  const redriven = await sfn.redriveUnfinished(stateMachineArn);
  for (const claim of await claims.scanClaimsInStatus('SUBMITTED')) {
    const executionArn = executionArnOf(stateMachineArn, claim.claimId);
    if (redriven.includes(executionArn)) continue;
    try {
      await sfn.describeExecution({ executionArn });
    } catch (error) {
      if (!isSfnServiceError(error, 'ExecutionDoesNotExist')) throw error;
      await sfn.startExecution({
        stateMachineArn,
        name: claim.claimId,
        input: JSON.stringify({ claimId: claim.claimId }),
      });
      redriven.push(executionArn);
    }
  }
  return redriven;
}

/**
 * A scheduled function of the AWS deployment, run here on a timer: the first run at once (so a
 * restart does at once what the previous process left), then every `intervalMs`, never two at a
 * time. Payout reports the home region has not acknowledged (DrainPayoutReports, every minute on
 * AWS), citizens' notifications the message gateway has not taken (DrainNotifications, every
 * minute on AWS), overdue follow-ups of bad ratings (EscalateFollowUps, hourly on AWS) and
 * claims parked for a bill whose event never came (RefetchWaitingBills, every 15 minutes on AWS)
 * run this way.
 */
function runEvery(intervalMs: number, task: () => Promise<unknown>): () => Promise<void> {
  let stopped = false;
  let busy = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (busy || stopped) return;
    busy = true;
    running = task()
      .catch(() => undefined)
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}

async function drainOutboxesEvery(intervalMs: number): Promise<() => Promise<void>> {
  // Loaded here, once the composition root is installed (the handlers read it as they load).
  const { drainPayoutReports } = await import('../functions/home-region/payout-reports');
  const { drainNotifications } = await import('../functions/services/notification-delivery');
  return runEvery(intervalMs, () =>
    Promise.all([
      drainPayoutReports().catch(() => undefined),
      // A notification younger than one round is still being delivered by its move.
      drainNotifications({ graceMs: intervalMs }).catch(() => undefined),
    ]),
  );
}

async function refetchParkedClaimsEvery(intervalMs: number, minWaitMs: number): Promise<() => Promise<void>> {
  const { refetchWaitingBills } = await import('../functions/services/bill-refetch');
  const { REFETCH_LIMIT } = await import('../functions/refetch-waiting-bills');
  return runEvery(intervalMs, () => refetchWaitingBills({ minWaitMs, limit: REFETCH_LIMIT }));
}

async function escalateFollowUpsEvery(intervalMs: number): Promise<() => Promise<void>> {
  const { escalateFollowUps } = await import('../functions/escalate-follow-ups');
  return runEvery(intervalMs, escalateFollowUps);
}

/**
 * crossclaim itself on one machine: the same handler modules and the same state machine
 * definition as on AWS, behind stand-ins that speak the AWS protocols: Step Functions
 * (aws-local-stepfunctions behind an SFN API endpoint) and an EventBridge bus with the
 * project's rules behind a PutEvents endpoint, over DynamoDB (Local). Handlers run in this
 * process: their Config (table, endpoints, outside systems, log level) is built here from the
 * options and handed to the composition root before they load; no environment variable is set.
 * The hospitals and the bank are outside: reached over HTTP.
 */
export async function startCrossclaimServices(
  options: CrossclaimServicesOptions,
): Promise<CrossclaimServices> {
  const region = options.region ?? 'cn-north-1';
  const accountId = options.accountId ?? '000000000000';
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
    resetDependencies();
  };
  try {
    const dynamo = createDynamoDbClients({ endpoint: options.dynamoEndpoint, region });
    closers.push(async () => dynamo.client.destroy());
    await ensureTable(dynamo.client, options.tableName);

    const durableEvents = options.eventsDir
      ? openDurableEvents(options.eventsDir, { region, accountId })
      : undefined;
    const sfn = new LocalStepFunctions({
      region,
      accountId,
      timeScale: options.timeScale ?? 1,
      lambdaTimeoutScale: 1,
      maxActiveExecutions: options.maxActiveExecutions ?? ACTIVE_EXECUTIONS,
      ...(options.durable && { journal: new DynamoDbExecutionJournal(dynamo.docClient, options.tableName) }),
      ...(durableEvents && { onExecutionClosed: durableEvents.onExecutionClosed }),
    });
    closers.push(() => sfn.shutdown());
    const sfnServer = await startSfnApiServer({ sfn, port: options.ports?.sfn ?? 0 });
    closers.push(() => sfnServer.close());

    const scale = options.timeScale ?? 1;
    const bus = new LocalEventBus({
      name: EVENT_BUS_NAME,
      region,
      account: accountId,
      // As the deployed rules retry their targets (infra/constructs/events.ts: 8 retries): 9
      // attempts over about 3 minutes, so a target that cannot reach the store while it restarts
      // is not dead-lettered in a second and a half (a chaos run lost an e-bill event that way,
      // its claim left waiting for a bill the hospital had issued).
      retry: {
        maxAttempts: 9,
        baseDelayMs: Math.max(1, 1000 * scale),
        maxDelayMs: Math.max(1, 60_000 * scale),
      },
      ...(durableEvents && { journal: durableEvents.journal, deadLetterQueue: durableEvents.deadLetters }),
    });
    const eventsServer = await startEventBridgeApiServer({
      bus,
      port: options.ports?.events ?? 0,
      ...(durableEvents &&
        durableEvents.adminFor(bus, async (letter) => {
          // A failed execution's letter: RedriveExecution (the local runner's), then it runs again.
          try {
            await sfn.redriveExecution({ executionArn: letter.target });
            return { delivered: true };
          } catch (error) {
            return {
              delivered: false,
              error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            };
          }
        })),
    });
    closers.push(() => eventsServer.close());

    // The composition root, from this runtime's options: what a Lambda function reads from its
    // environment, given here as a Config (functions/shared/config.ts).
    const expectedArn = stateMachineArnOf({ region, accountId }, CLAIM_STATE_MACHINE_NAME);
    const config = parseConfig({
      region,
      tableName: options.tableName,
      endpoints: { dynamodb: options.dynamoEndpoint, sfn: sfnServer.url, eventbridge: eventsServer.url },
      eventBusName: EVENT_BUS_NAME,
      stateMachineArn: expectedArn,
      hospitalApiUrl: options.hospitalsUrl,
      homeRegionApiUrl: options.homeRegionUrl,
      homeRegionClientToken: options.homeRegionClientToken,
      // Catalogues are cached briefly: the local world's catalogue changes while it runs.
      homeRegionCatalogueTtlMs: 1000,
      outsideTimeoutMs: 3000,
      receiptImages: { dir: options.receiptImagesDir },
      ocrEngine: options.ocrEngine,
      visitSource: options.visitSource,
      keyFiles: options.keyFiles ?? {},
      logLevel: options.logLevel?.toUpperCase(),
      metrics: false,
    });
    const root = await buildDependencies(config, {
      dynamo,
      payments: options.payments,
      ...(options.messageInboxDir && { notifier: await openMessageInbox(options.messageInboxDir) }),
      ...(options.ocr && { ocr: options.ocr }),
    });
    installDependencies(root);
    const { claims, hospitalRegistry: registry } = root;

    for (const h of options.catalog.hospitals) {
      await registry.register(
        { code: h.code, name: h.name, level: h.level, provinceCode: h.provinceCode, designated: true },
        [{ keyId: h.keyId, hospitalCode: h.code, publicKeyPem: h.publicKeyPem, revoked: false }],
      );
    }
    const claimChanges = new ClaimChangeFeed();
    addProjectRules(bus, {
      IngestEBillFunction: asBusTarget('IngestEBill', region, accountId),
      // Escalations reach supervisors through their queue (GET /escalations); the event itself is not kept.
      NotifyEscalationFunction: () => undefined,
      DashboardFeedFunction: claimChanges.record,
    });

    const { stateMachineArn } = await deployClaimWorkflow(sfn, { region, accountId });
    if (stateMachineArn !== expectedArn)
      throw new Error(`the state machine was deployed as ${stateMachineArn}, not ${expectedArn}`);
    const redriven = options.durable ? await resumeUnfinishedClaims(sfn, stateMachineArn, claims) : [];
    // Deliveries the bus accepted before a kill and never made: now that the targets are ready.
    const resumedDeliveries = bus.resumeUnsettled();
    const scheduleScale = options.scheduleTimeScale ?? scale;
    closers.push(await drainOutboxesEvery(Math.max(100, 5000 * scheduleScale)));
    // Hourly on AWS; a minute here (scaled like the other clocks), so an overdue follow-up shows soon.
    closers.push(await escalateFollowUpsEvery(Math.max(1000, 60_000 * scheduleScale)));
    // Every 15 minutes on AWS for claims parked 10; here every minute for claims parked two
    // (scaled), so a bill whose event was lost reaches its claim within minutes.
    closers.push(
      await refetchParkedClaimsEvery(
        Math.max(1000, 60_000 * scheduleScale),
        Math.max(1000, 120_000 * scheduleScale),
      ),
    );

    return {
      tableName: options.tableName,
      region,
      stateMachineArn,
      sfn,
      sfnUrl: sfnServer.url,
      bus,
      eventsUrl: eventsServer.url,
      claims,
      registry,
      dynamo,
      claimChanges,
      redriven,
      resumedDeliveries,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
