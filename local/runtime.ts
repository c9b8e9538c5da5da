import type { EventPublisher } from '../adapters/event-publisher';
import { hospitalPublisher } from './eventbridge/publisher-identity';
import { EBillIssued, EBillVoided } from '../events/ebill-events';
import { BankSimulator } from './bank/bank-simulator';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENT_BUS_NAME,
  startCrossclaimServices,
  type CrossclaimServices,
  type CrossclaimServicesOptions,
} from './crossclaim-services';
import { createBillGenerator, type BillGenerator } from './hospitals/bill-generator';
import { generateHospitalCatalog, type HospitalCatalog } from './hospitals/catalog';
import { startHospitalServer } from './hospitals/server';
import { HospitalSimulator, type BillChange } from './hospitals/simulator';
import { startHomeRegion, type RunningHomeRegion } from './home-region/start-home-region';
import type { HomeRegionSimulator } from './home-region/home-region-simulator';
import { DEFAULT_INSURED_FACTS, populatingGenerator } from './home-region/world-population';

export { EVENT_BUS_NAME };

export interface LocalRuntimeOptions {
  dynamoEndpoint: string;
  tableName: string;
  region?: string;
  /** Scales Retry intervals and callback timeouts; ~0.001 in tests. */
  timeScale?: number;
  scheduleTimeScale?: CrossclaimServicesOptions['scheduleTimeScale'];
  /** The seed of the simulated hospitals, their keys and bills. */
  seed?: string | number;
  logLevel?: string;
  durable?: boolean;
  /**
   * The outside world, when it should outlive this runtime (a restart test): the hospitals and
   * the bank are not crossclaim's to reset.
   */
  world?: { simulator?: HospitalSimulator; bank?: BankSimulator; homeRegion?: HomeRegionSimulator };
  /** Receipt images; a temporary folder, removed at close, if absent. */
  receiptImagesDir?: string;
  ocr?: CrossclaimServicesOptions['ocr'];
}

export interface LocalRuntime extends CrossclaimServices {
  hospitals: {
    catalog: HospitalCatalog;
    simulator: HospitalSimulator;
    generator: BillGenerator;
    url: string;
  };
  bank: BankSimulator;
  /** The home region's insurance system, in process, behind its HTTP API. */
  homeRegion: { simulator: HomeRegionSimulator; url: string };
  /** Where this runtime keeps uploaded receipt images. */
  receiptImagesDir: string;
  /** Resolves when every hospital event pushed so far was put on the bus and delivered. */
  settle(): Promise<void>;
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

/**
 * crossclaim with its outside world in the same process, for tests: the simulated hospitals
 * (over HTTP, pushing their e-bills as events when issued) and the bank simulator (in
 * process), around the same services `npm start` runs (crossclaim-services.ts).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const seed = options.seed ?? 'crossclaim-local';
  const catalog = options.world?.simulator?.catalog ?? generateHospitalCatalog(seed);
  const simulator = options.world?.simulator ?? new HospitalSimulator(catalog);
  const bank = options.world?.bank ?? new BankSimulator();
  const hospitalServer = await startHospitalServer(simulator);
  const homeRegion: RunningHomeRegion = await startHomeRegion({
    ...(options.world?.homeRegion && { simulator: options.world.homeRegion }),
  });
  const ownImagesDir = options.receiptImagesDir
    ? undefined
    : await mkdtemp(join(tmpdir(), 'crossclaim-receipt-images-'));
  const receiptImagesDir = options.receiptImagesDir ?? (ownImagesDir as string);
  const removeImages = async () => {
    if (ownImagesDir) await rm(ownImagesDir, { recursive: true, force: true });
  };
  let services: CrossclaimServices;
  try {
    services = await startCrossclaimServices({
      ...options,
      receiptImagesDir,
      catalog,
      hospitalsUrl: hospitalServer.url,
      payments: bank,
      homeRegionUrl: homeRegion.url,
    });
  } catch (error) {
    await hospitalServer.close();
    await homeRegion.close();
    await removeImages();
    throw error;
  }
  const pusher = hospitalEventPusher(
    hospitalPublisher({
      busName: EVENT_BUS_NAME,
      endpoint: services.eventsUrl,
      region: services.region,
    }),
  );
  const unsubscribe = simulator.onBillChange((change) => {
    // A bill issued straight from a fixture: its patient exists in the home region too.
    const payer = change.bill.payer.idNumberHash;
    if (change.kind === 'issued' && !homeRegion.simulator.knows(payer))
      homeRegion.simulator.setInsuredByHash(payer, DEFAULT_INSURED_FACTS);
    // The national platform tells the home region of its insured's cross-province visits.
    homeRegion.simulator.recordVisitBill(change.bill);
    pusher.push(change);
  });
  return {
    ...services,
    hospitals: {
      catalog,
      simulator,
      generator: populatingGenerator(createBillGenerator(catalog, seed), homeRegion.simulator),
      url: hospitalServer.url,
    },
    bank,
    homeRegion: { simulator: homeRegion.simulator, url: homeRegion.url },
    receiptImagesDir,
    settle: async () => {
      await pusher.flush();
      await services.bus.drain();
    },
    close: async () => {
      unsubscribe();
      await pusher.flush().catch(() => undefined);
      await services.close();
      await hospitalServer.close();
      await homeRegion.close();
      await removeImages();
    },
  };
}
