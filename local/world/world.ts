import { z } from 'zod';
import { hospitalPublisher } from '../eventbridge/publisher-identity';
import { HospitalCodeSchema, BillBatchCodeSchema, BillNoSchema, serviceDateOf } from '../../domain/ebill';
import { issuesFromZod } from '../../domain/validation';
import { EBillIssued, EBillVoided } from '../../events/ebill-events';
import { BankSimulator } from '../bank/bank-simulator';
import { startBankServer } from '../bank/server';
import { createBillGenerator, type GeneratedVisit } from '../hospitals/bill-generator';
import { generateHospitalCatalog, type HospitalCatalog } from '../hospitals/catalog';
import { startHospitalServer, type AdminAction } from '../hospitals/server';
import { HospitalSimulator, type BillChange } from '../hospitals/simulator';
import { staysOf } from '../hospitals/stays';
import { startHomeRegion } from '../home-region/start-home-region';
import type { HomeRegionSimulator } from '../home-region/home-region-simulator';
import { populatingGenerator } from '../home-region/world-population';
import { newAdminToken } from '../http-guard';
import { EventOutbox } from './event-outbox';
import { WorldStore, type WorldState } from './world-store';

export interface WorldOptions {
  dataDir: string;
  seed: string;
  /** crossclaim's EventBridge endpoint, where hospitals push their e-bills. */
  eventsUrl: string;
  eventBusName: string;
  region: string;
  ports?: { hospitals?: number; bank?: number; homeRegion?: number };
  /** The admin endpoints' bearer token (local/http-guard.ts); a random one when omitted. */
  adminToken?: string;
  /** The secret the hospitals' signing keys derive from (catalog.ts); the seed when omitted. */
  hospitalKeySeed?: string;
}

export interface World {
  catalog: HospitalCatalog;
  simulator: HospitalSimulator;
  bank: BankSimulator;
  hospitalsUrl: string;
  bankUrl: string;
  /** The home region's insurance system (its own server and state file). */
  homeRegion: HomeRegionSimulator;
  homeRegionUrl: string;
  /** The bearer token of the simulators' admin endpoints (hospitals, bank, home region). */
  adminToken: string;
  close(): Promise<void>;
}

const PatientSchema = z.strictObject({
  name: z.string().min(1),
  idNumber: z.string(),
  idNumberMasked: z.string(),
  idNumberHash: z.string(),
});

/** POST /admin/visits: the hospitals see patients (the demo's batch, a person trying things out). */
const AddVisitsSchema = z.strictObject({
  count: z.number().int().min(1).max(1000).default(1),
  careType: z.enum(['inpatient', 'outpatient']).optional(),
  hospitalCode: HospitalCodeSchema.optional(),
  /** The same person again (several claims of one insured), as returned by an earlier call. */
  patient: PatientSchema.optional(),
  /** 'now': billed at once; 'later': held until POST /admin/issue-pending; ms: billed after that long. */
  timing: z
    .union([z.enum(['now', 'later']), z.strictObject({ afterMs: z.number().int().min(0) })])
    .default('now'),
  settledDirectly: z.boolean().default(false),
});

/** POST /admin/void: the hospital voids a bill, or cancels it with a red reversal bill. */
const VoidBillSchema = z.strictObject({
  hospitalCode: HospitalCodeSchema,
  billBatchCode: BillBatchCodeSchema,
  billNo: BillNoSchema,
  redReversal: z.boolean().default(false),
});

const StaysOfSchema = z.strictObject({ idNumberHash: z.string().regex(/^sha256:[0-9a-f]{64}$/) });

const badRequest = (error: z.ZodError) => ({
  status: 400,
  body: { error: 'bad_request', issues: issuesFromZod(error) },
});

/** What a caller needs of a visit to file a claim for it: fake data, so it may be shown. */
function visitView(visit: GeneratedVisit) {
  const { bill } = visit;
  return {
    hospitalCode: visit.hospitalCode,
    visitNo: visit.visitNo,
    careType: visit.careType,
    serviceDate: serviceDateOf(bill),
    patient: visit.patient,
    bill: {
      billBatchCode: bill.billBatchCode,
      billNo: bill.billNo,
      checkCode: bill.checkCode,
      issueDate: bill.issueDate,
      totalAmtFen: bill.totalAmtFen,
    },
  };
}
export type VisitView = ReturnType<typeof visitView>;

function eventFor(change: BillChange) {
  return change.kind === 'issued'
    ? EBillIssued.event({ ebill: change.bill })
    : EBillVoided.event({
        hospitalCode: change.bill.hospital.code,
        billBatchCode: change.bill.billBatchCode,
        billNo: change.bill.billNo,
        voidedAt: new Date().toISOString(),
      });
}

/**
 * The outside world of the embedded default: the simulated hospitals (fetch API, pushing signed
 * e-bills as events) and the bank, with their state on disk under `dataDir` so they outlive
 * crossclaim's restarts and their own, as real hospitals and banks do.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const saved = await WorldStore.load(options.dataDir);
  const runs = saved.runs + 1;
  const catalog = generateHospitalCatalog(options.seed, {
    ...(options.hospitalKeySeed !== undefined && { keySeed: options.hospitalKeySeed }),
  });
  const adminToken = options.adminToken ?? newAdminToken();
  const simulator = new HospitalSimulator(catalog);
  simulator.restore(saved.hospitals);
  const bank = new BankSimulator();
  bank.restore(saved.bank);
  // Bill numbers of this run come from their own stream, so they do not repeat an earlier run's.
  const billGenerator = createBillGenerator(catalog, `${options.seed}/run-${runs}`);

  // The home region's insurance system, its own server and state file; the hospitals' new
  // patients exist in it (world-population.ts) unless the demo or a person set them otherwise.
  const homeRegion = await startHomeRegion({
    dataDir: options.dataDir,
    port: options.ports?.homeRegion ?? 0,
    adminToken,
  });
  const generator = populatingGenerator(billGenerator, homeRegion.simulator);
  // A home region kept from before it recorded visits learns of the bills issued meanwhile.
  for (const bill of simulator.snapshot().issued) homeRegion.simulator.recordVisitBill(bill);

  // The store reads the outbox, and the outbox tells the store of changes: built in turn.
  const parts: { outbox?: EventOutbox } = {};
  const state = (): WorldState => ({
    version: 1,
    runs,
    hospitals: simulator.snapshot(),
    bank: bank.ledger(),
    outbox: parts.outbox?.pending() ?? saved.outbox,
  });
  const store = await WorldStore.open(options.dataDir, state);
  const publisher = hospitalPublisher(
    { busName: options.eventBusName, endpoint: options.eventsUrl, region: options.region },
    { maxAttempts: 1 },
  );
  const outbox = new EventOutbox(publisher, saved.outbox, () => store.changed());
  parts.outbox = outbox;
  const unsubscribeBills = simulator.onBillChange((change) => {
    // The national platform tells the home region of its insured's cross-province visits.
    homeRegion.simulator.recordVisitBill(change.bill);
    outbox.push(eventFor(change));
    store.changed();
  });
  const unsubscribeBank = bank.onTransfer((transfer) => {
    store.recordTransfer(transfer);
    store.changed();
  });
  store.changed();

  const addVisits: AdminAction = async (body) => {
    const parsed = AddVisitsSchema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    const { count, careType, hospitalCode, patient, timing, settledDirectly } = parsed.data;
    if (hospitalCode && !simulator.hasHospital(hospitalCode))
      return { status: 404, body: { error: 'unknown_hospital' } };
    const visits = Array.from({ length: count }, () => {
      const kind = careType ?? (Math.random() < 0.6 ? 'inpatient' : 'outpatient');
      const visit = generator[kind]({
        ...(hospitalCode && { hospitalCode }),
        ...(patient && { patient }),
        settledDirectly,
      });
      simulator.addVisit(visit, typeof timing === 'string' ? timing : new Date(Date.now() + timing.afterMs));
      return visitView(visit);
    });
    store.changed();
    return { status: 201, body: { visits } };
  };

  const voidBill: AdminAction = async (body) => {
    const parsed = VoidBillSchema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    const { hospitalCode, billBatchCode, billNo, redReversal } = parsed.data;
    const bill = simulator.hasHospital(hospitalCode)
      ? simulator.getBill(hospitalCode, billBatchCode, billNo)
      : undefined;
    if (!bill) return { status: 404, body: { error: 'bill_not_found' } };
    if (redReversal) {
      const { voidedOriginal, reversal } = generator.redReversal(bill);
      simulator.issue(voidedOriginal);
      simulator.issue(reversal);
      return {
        status: 200,
        body: {
          voided: billNo,
          reversal: { billBatchCode: reversal.billBatchCode, billNo: reversal.billNo },
        },
      };
    }
    simulator.issue(generator.voided(bill));
    return { status: 200, body: { voided: billNo } };
  };

  // POST /admin/stays: a person's stays and visits, for the local web pages' claim form.
  const stays: AdminAction = async (body) => {
    const parsed = StaysOfSchema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    return { status: 200, body: { stays: staysOf(simulator.snapshot().issued, parsed.data.idNumberHash) } };
  };

  const hospitals = await startHospitalServer(simulator, {
    port: options.ports?.hospitals ?? 0,
    adminActions: { visits: addVisits, void: voidBill, stays },
    afterAdmin: () => store.flush(),
    adminToken,
  }).catch(async (error: unknown) => {
    await homeRegion.close();
    throw error;
  });
  const bankServer = await startBankServer(bank, { port: options.ports?.bank ?? 0, adminToken }).catch(
    async (error: unknown) => {
      await hospitals.close();
      await homeRegion.close();
      throw error;
    },
  );
  // Bills due "in a few hours" appear on time even when nobody asks the hospital meanwhile.
  const releaser = setInterval(() => simulator.releaseDue(), 1000);

  return {
    catalog,
    simulator,
    bank,
    hospitalsUrl: hospitals.url,
    bankUrl: bankServer.url,
    homeRegion: homeRegion.simulator,
    homeRegionUrl: homeRegion.url,
    adminToken,
    close: async () => {
      clearInterval(releaser);
      unsubscribeBills();
      unsubscribeBank();
      outbox.stop();
      await Promise.all([hospitals.close(), bankServer.close(), homeRegion.close()]);
      await store.flush();
    },
  };
}
