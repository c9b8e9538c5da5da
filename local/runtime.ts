import { ClaimStore } from '../adapters/claim-store';
import {
  createDynamoDbClients,
  setDynamoDbClients,
  type DynamoDbClients,
} from '../adapters/dynamodb/clients';
import { ensureTable } from '../adapters/dynamodb/ensure-table';
import {
  createEventBridgePublisher,
  setEventPublisher,
  type EventPublisher,
} from '../adapters/event-publisher';
import { EBillIssued, EBillVoided } from '../events/ebill-events';
import { createHospitalHttpClient } from '../adapters/hospital-http-client';
import { HospitalRegistry } from '../adapters/hospital-registry';
import type { EventBridgeEnvelope } from '../events/envelope';
import { resetDependencies, setDependencies } from '../functions/shared/dependencies';
import { BankSimulator } from './bank/bank-simulator';
import { deployClaimWorkflow, loadHandler } from './claim-workflow';
import { startEventBridgeApiServer, type EventBridgeApiServer } from './eventbridge/eventbridge-api-server';
import { LocalEventBus } from './eventbridge/local-bus';
import { addProjectRules } from './eventbridge/project-rules';
import { createBillGenerator, type BillGenerator } from './hospitals/bill-generator';
import { generateHospitalCatalog, type HospitalCatalog } from './hospitals/catalog';
import { startHospitalServer, type HospitalServer } from './hospitals/server';
import { HospitalSimulator, type BillChange } from './hospitals/simulator';
import { createLambdaContext } from './stepfunctions/lambda-context';
import { LocalStepFunctions } from './stepfunctions/runner';
import { startSfnApiServer } from './stepfunctions/sfn-api-server';

export interface LocalRuntimeOptions {
  /** DynamoDB Local (or any DynamoDB) endpoint, e.g. http://127.0.0.1:8000. */
  dynamoEndpoint: string;
  tableName: string;
  region?: string;
  accountId?: string;
  /** Scales Retry intervals and callback timeouts; 1 in `npm start`, ~0.001 in tests. */
  timeScale?: number;
  /** The seed of the simulated hospitals, their keys and bills. */
  seed?: string | number;
  ports?: { sfn?: number; events?: number; hospitals?: number };
  /** Powertools log level of the handlers (SILENT in tests). */
  logLevel?: string;
}

export interface LocalRuntime {
  tableName: string;
  region: string;
  stateMachineArn: string;
  sfn: LocalStepFunctions;
  sfnUrl: string;
  bus: LocalEventBus;
  eventsUrl: string;
  claims: ClaimStore;
  registry: HospitalRegistry;
  hospitals: {
    catalog: HospitalCatalog;
    simulator: HospitalSimulator;
    generator: BillGenerator;
    url: string;
  };
  bank: BankSimulator;
  dynamo: DynamoDbClients;
  /** Events crossclaim published, as the dashboard feed rule received them. */
  published: EventBridgeEnvelope[];
  /** Resolves when every hospital event pushed so far was put on the bus and delivered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_BUS_NAME = 'crossclaim';

/** Calls a Lambda handler in-process with a Lambda-shaped context, as a bus target would. */
function asBusTarget(name: Parameters<typeof loadHandler>[0], region: string, accountId: string) {
  const functionName = `crossclaim-${name}`;
  const functionArn = `arn:aws-cn:lambda:${region}:${accountId}:function:${functionName}`;
  const handlerPromise = loadHandler(name);
  return async (event: EventBridgeEnvelope) =>
    (await handlerPromise)(event, createLambdaContext({ functionArn, functionName, deadline: undefined }));
}

/** Hospital events in flight from the simulator to the bus; `flush` waits for them. */
function hospitalEventPusher(publisher: EventPublisher) {
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  return {
    push(change: BillChange): void {
      const event =
        change.kind === 'issued'
          ? EBillIssued.event({ ebill: change.bill })
          : EBillVoided.event({
              hospitalCode: change.bill.hospital.code,
              billBatchCode: change.bill.billBatchCode,
              billNo: change.bill.billNo,
              voidedAt: new Date().toISOString(),
            });
      // A push that fails is kept and reported by flush(), never an unhandled rejection.
      const sent: Promise<void> = publisher
        .publish([event])
        .catch((error: unknown) => void failures.push(error))
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    },
    async flush(): Promise<void> {
      await Promise.all(inFlight);
      const failed = failures.splice(0);
      if (failed.length > 0)
        throw new AggregateError(failed, `${failed.length} hospital event(s) not delivered`);
    },
  };
}

/** Hospitals push their e-bills as signed events when they issue or void them (DESIGN §6). */
function simulatorToBus(simulator: HospitalSimulator, pusher: ReturnType<typeof hospitalEventPusher>) {
  const unsubscribe = simulator.onBillChange((change) => pusher.push(change));
  return async () => {
    unsubscribe();
    await pusher.flush();
  };
}

/**
 * The embedded default's stand-ins, wired to the same handler modules and the same state
 * machine definition as on AWS: Step Functions (aws-local-stepfunctions behind an SFN API
 * endpoint), an EventBridge bus with the project's rules behind a PutEvents endpoint, the
 * simulated hospitals over HTTP, and the bank. Handlers run in this process, so their
 * environment (table name, endpoints) is set here, before they load, as Lambda would.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const region = options.region ?? 'cn-north-1';
  const accountId = options.accountId ?? '000000000000';
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
    resetDependencies();
    setEventPublisher(undefined);
    setDynamoDbClients(undefined);
  };
  try {
    const dynamo = createDynamoDbClients({ endpoint: options.dynamoEndpoint, region });
    closers.push(async () => dynamo.client.destroy());
    await ensureTable(dynamo.client, options.tableName);

    const sfn = new LocalStepFunctions({
      region,
      accountId,
      timeScale: options.timeScale ?? 1,
      lambdaTimeoutScale: 1,
    });
    closers.push(() => sfn.shutdown());
    const sfnServer = await startSfnApiServer({ sfn, port: options.ports?.sfn ?? 0 });
    closers.push(() => sfnServer.close());

    const bus = new LocalEventBus({ name: EVENT_BUS_NAME, region, account: accountId });
    const eventsServer: EventBridgeApiServer = await startEventBridgeApiServer({
      bus,
      port: options.ports?.events ?? 0,
    });
    closers.push(() => eventsServer.close());

    Object.assign(process.env, {
      TABLE_NAME: options.tableName,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
      AWS_ENDPOINT_URL_SFN: sfnServer.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventsServer.url,
      EVENT_BUS_NAME,
      // Local stand-ins accept any credentials; the SDK insists on having some.
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      POWERTOOLS_SERVICE_NAME: 'crossclaim',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    setDynamoDbClients(dynamo);

    const seed = options.seed ?? 'crossclaim-local';
    const catalog = generateHospitalCatalog(seed);
    const simulator = new HospitalSimulator(catalog);
    const hospitalServer: HospitalServer = await startHospitalServer(simulator, {
      port: options.ports?.hospitals ?? 0,
    });
    closers.push(() => hospitalServer.close());

    const claims = new ClaimStore(dynamo.docClient, options.tableName);
    const registry = new HospitalRegistry(dynamo.docClient, options.tableName);
    for (const h of catalog.hospitals) {
      await registry.register(
        { code: h.code, name: h.name, level: h.level, provinceCode: h.provinceCode, designated: true },
        [{ keyId: h.keyId, hospitalCode: h.code, publicKeyPem: h.publicKeyPem, revoked: false }],
      );
    }
    const hospitalEvents = hospitalEventPusher(
      createEventBridgePublisher({ busName: EVENT_BUS_NAME, endpoint: eventsServer.url, region }),
    );
    closers.push(simulatorToBus(simulator, hospitalEvents));
    const bank = new BankSimulator();
    const published: EventBridgeEnvelope[] = [];
    const record = (event: EventBridgeEnvelope) => void published.push(event);
    addProjectRules(bus, {
      IngestEBillFunction: asBusTarget('IngestEBill', region, accountId),
      NotifyEscalationFunction: record,
      DashboardFeedFunction: record,
    });

    const { stateMachineArn } = await deployClaimWorkflow(sfn, { region, accountId });
    setDependencies({
      claims,
      hospitalRegistry: registry,
      hospitals: createHospitalHttpClient({ baseUrl: hospitalServer.url, timeoutMs: 3000 }),
      payments: bank,
      stateMachineArn,
    });

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
      hospitals: {
        catalog,
        simulator,
        generator: createBillGenerator(catalog, seed),
        url: hospitalServer.url,
      },
      bank,
      dynamo,
      published,
      settle: async () => {
        await hospitalEvents.flush();
        await bus.drain();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
