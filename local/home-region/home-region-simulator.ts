import { z } from 'zod';
import type { Catalogue, CatalogueEntry } from '../../domain/catalogue';
import { CatalogueEntrySchema } from '../../domain/catalogue';
import { IdNumberSchema } from '../../domain/claim';
import {
  EnrolmentSchema,
  HomeFilingSchema,
  SettlementReportSchema,
  type Enrolment,
  type HomeFiling,
  type HomeRegionRecord,
  type ReportedSettlement,
} from '../../domain/home-region';
import { hashIdNumber } from '../../domain/identity';
import { visitBillOf, visitsFromBills, type SourcedVisit, type VisitBill } from '../../domain/visits';
import {
  FenSchema,
  InsuredStatusSchema,
  IsoDateSchema,
  ItemCategorySchema,
} from '../../domain/schema-primitives';
import { MEDICAL_ITEMS } from '../hospitals/medical-items';

/**
 * A home region's medical-insurance core system, simulated: people's enrolment and filings, the
 * year's totals of channels crossclaim never sees (direct settlement at hospitals, other
 * claims), the settlements crossclaim reports (counted once per key), and the catalogue. Its
 * state is plain data, kept on disk by its store, so it outlives crossclaim's restarts.
 */

const ByCareType = z.strictObject({ inpatient: FenSchema, outpatient: FenSchema });

/** Totals paid through channels other than crossclaim's reports (the person's history). */
interface OtherChannels {
  fundPaidFen: { inpatient: number; outpatient: number };
  deductibleMetFen: { inpatient: number; outpatient: number };
  admissions: number;
  seriousIllnessPaidFen: number;
  /** Absent in state files written before the tier's base was kept: 0. */
  seriousIllnessBaseFen?: number;
}

interface PersonFacts {
  enrolment: Enrolment | null;
  filings: HomeFiling[];
  /** By year. */
  otherChannels: Record<string, OtherChannels>;
}

interface StoredSettlement extends Omit<ReportedSettlement, 'seriousIllnessBaseFen'> {
  idNumberHash: string;
  year: number;
  /** Absent in state files written before the tier's base was kept: 0. */
  seriousIllnessBaseFen?: number;
  receivedAt: string;
}

export interface HomeRegionState {
  version: 1;
  people: Record<string, PersonFacts>;
  settlements: Record<string, StoredSettlement>;
  /** Entries that differ from the generated catalogue, by region then code (null: not listed). */
  catalogueChanges: Record<string, Record<string, CatalogueEntry | null>>;
  /**
   * The cross-province visits the region knows of (the national platform reports each bill a
   * hospital issues an insured person of the region), by hospital and bill identity. Absent in
   * state files written before visits were kept.
   */
  visitBills?: Record<string, VisitBill>;
}

export const EMPTY_HOME_REGION_STATE: HomeRegionState = {
  version: 1,
  people: {},
  settlements: {},
  catalogueChanges: {},
  visitBills: {},
};

/** POST /admin/insured: what the home region knows of one person (the shape, and a little more). */
export const SetInsuredSchema = z.strictObject({
  idNumber: IdNumberSchema,
  /** false: the person is not insured here at all (enrolment null). */
  insured: z.boolean().default(true),
  scheme: z
    .string()
    .regex(/^[a-z_]+$/)
    .default('employee'),
  status: InsuredStatusSchema.default('working'),
  homeRegion: z
    .string()
    .regex(/^\d{6}$/)
    .default('330400'),
  activeFrom: IsoDateSchema.default('2000-01-01'),
  activeTo: IsoDateSchema.nullable().default(null),
  filings: z.array(HomeFilingSchema).max(20).default([]),
  yearToDate: z
    .strictObject({
      year: z.number().int().min(2000).max(2100).default(2026),
      fundPaidFen: ByCareType.default({ inpatient: 0, outpatient: 0 }),
      /** A number is the outpatient (per-year) deductible met; or by care type. */
      deductibleMetFen: z.union([FenSchema, ByCareType]).default(0),
      admissions: z.number().int().min(0).default(0),
      seriousIllnessPaidFen: FenSchema.default(0),
      /** Eligible self-paid costs serious-illness insurance counted this year (its threshold's base). */
      seriousIllnessBaseFen: FenSchema.default(0),
    })
    .optional(),
});
export type SetInsuredRequest = z.input<typeof SetInsuredSchema>;

export const SetCatalogueEntrySchema = z.strictObject({
  region: z.string().regex(/^\d{6}$/),
  code: z.string().min(1).max(40),
  /** null: the code leaves the catalogue. */
  category: ItemCategorySchema.nullable(),
  selfPayFirstPct: z.number().int().min(0).max(100).optional(),
});

const CATEGORY = { 1: 'A', 2: 'B', 3: 'C' } as const;

/** The national catalogue as the simulated hospitals bill it: the home regions start from it. */
function baseCatalogueItems(): Record<string, CatalogueEntry> {
  return Object.fromEntries(
    MEDICAL_ITEMS.map((t) => [
      t.code,
      {
        category: CATEGORY[t.category],
        ...(t.category === 2 && t.selfPayFirstPct !== undefined && { selfPayFirstPct: t.selfPayFirstPct }),
      },
    ]),
  );
}

const emptyYear = (): OtherChannels => ({
  fundPaidFen: { inpatient: 0, outpatient: 0 },
  deductibleMetFen: { inpatient: 0, outpatient: 0 },
  admissions: 0,
  seriousIllnessPaidFen: 0,
  seriousIllnessBaseFen: 0,
});

export class HomeRegionSimulator {
  private state: HomeRegionState = structuredClone(EMPTY_HOME_REGION_STATE);
  /** The settlements by person: a year's totals are looked up per claim, a scan of all grew with the run. */
  private byPerson = new Map<string, StoredSettlement[]>();
  /** Every request to the regions' API fails while this is set (a fault to test retries with). */
  down = false;
  private readonly listeners = new Set<() => void>();

  restore(state: HomeRegionState): void {
    this.state = structuredClone(state);
    this.byPerson = new Map();
    for (const settlement of Object.values(this.state.settlements)) this.indexSettlement(settlement);
  }

  private indexSettlement(settlement: StoredSettlement): void {
    const theirs = this.byPerson.get(settlement.idNumberHash);
    if (theirs) theirs.push(settlement);
    else this.byPerson.set(settlement.idNumberHash, [settlement]);
  }

  snapshot(): HomeRegionState {
    return this.state;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  setInsured(input: SetInsuredRequest): { idNumberHash: string } {
    const request = SetInsuredSchema.parse(input);
    const idNumberHash = hashIdNumber(request.idNumber);
    const enrolment = request.insured
      ? EnrolmentSchema.parse({
          scheme: request.scheme,
          status: request.status,
          homeRegion: request.homeRegion,
          activeFrom: request.activeFrom,
          activeTo: request.activeTo,
        })
      : null;
    const previous = this.state.people[idNumberHash];
    const otherChannels = { ...previous?.otherChannels };
    if (request.yearToDate) {
      const y = request.yearToDate;
      const deductible =
        typeof y.deductibleMetFen === 'number'
          ? { inpatient: 0, outpatient: y.deductibleMetFen }
          : y.deductibleMetFen;
      otherChannels[String(y.year)] = {
        fundPaidFen: y.fundPaidFen,
        deductibleMetFen: deductible,
        admissions: y.admissions,
        seriousIllnessPaidFen: y.seriousIllnessPaidFen,
        seriousIllnessBaseFen: y.seriousIllnessBaseFen,
      };
    }
    this.state.people[idNumberHash] = { enrolment, filings: request.filings, otherChannels };
    this.changed();
    return { idNumberHash };
  }

  /** The same, for a person known only by ID hash (a patient of a bill issued from a fixture). */
  setInsuredByHash(idNumberHash: string, input: Omit<SetInsuredRequest, 'idNumber'>): void {
    const request = SetInsuredSchema.omit({ idNumber: true }).parse(input);
    this.state.people[idNumberHash] = {
      enrolment: EnrolmentSchema.parse({
        scheme: request.scheme,
        status: request.status,
        homeRegion: request.homeRegion,
        activeFrom: request.activeFrom,
        activeTo: request.activeTo,
      }),
      filings: request.filings,
      otherChannels: {},
    };
    this.changed();
  }

  knows(idNumberHash: string): boolean {
    return this.state.people[idNumberHash] !== undefined;
  }

  /** The record crossclaim reads: facts plus totals of every channel, its own reports included. */
  record(idNumberHash: string, year: number): HomeRegionRecord {
    const person = this.state.people[idNumberHash];
    const base = person?.otherChannels[String(year)] ?? emptyYear();
    const totals = { seriousIllnessBaseFen: 0, ...structuredClone(base) };
    const reported: ReportedSettlement[] = [];
    for (const s of this.settlementsOf(idNumberHash, year)) {
      totals.fundPaidFen[s.careType] += s.fundPaidFen;
      totals.deductibleMetFen[s.careType] += s.deductibleFen;
      totals.seriousIllnessPaidFen += s.seriousIllnessFen;
      totals.seriousIllnessBaseFen += s.seriousIllnessBaseFen ?? 0;
      if (s.admission) totals.admissions += 1;
      reported.push({
        key: s.key,
        careType: s.careType,
        fundPaidFen: s.fundPaidFen,
        deductibleFen: s.deductibleFen,
        admission: s.admission,
        seriousIllnessFen: s.seriousIllnessFen,
        seriousIllnessBaseFen: s.seriousIllnessBaseFen ?? 0,
      });
    }
    return {
      enrolment: person?.enrolment ?? null,
      filings: person?.filings ?? [],
      yearToDate: { year, ...totals, reported },
    };
  }

  settlementsOf(idNumberHash: string, year?: number): StoredSettlement[] {
    return (this.byPerson.get(idNumberHash) ?? []).filter((s) => year === undefined || s.year === year);
  }

  /** Counts a reported payout once per key; the same key again is acknowledged, not counted. */
  report(body: unknown): { counted: 'new' | 'already' } {
    const report = SettlementReportSchema.parse(body);
    if (this.state.settlements[report.key]) return { counted: 'already' };
    const settlement: StoredSettlement = {
      key: report.key,
      idNumberHash: report.idNumberHash,
      year: Number(report.serviceDate.slice(0, 4)),
      careType: report.careType,
      fundPaidFen: report.fundPaidFen,
      deductibleFen: report.deductibleFen,
      seriousIllnessFen: report.seriousIllnessFen,
      seriousIllnessBaseFen: report.seriousIllnessBaseFen,
      admission: report.admission,
      receivedAt: new Date().toISOString(),
    };
    this.state.settlements[report.key] = settlement;
    this.indexSettlement(settlement);
    this.changed();
    return { counted: 'new' };
  }

  /** A hospital issued (or voided) a bill of a cross-province visit: the record keeps its latest form. */
  recordVisitBill(bill: VisitBill): void {
    const bills = (this.state.visitBills ??= {});
    bills[`${bill.hospital.code}#${bill.billBatchCode}#${bill.billNo}`] = visitBillOf(bill);
    this.changed();
  }

  /** The person's cross-province visits, newest first (GET /regions/{region}/insured/{hash}/visits). */
  visitsOf(idNumberHash: string): SourcedVisit[] {
    return visitsFromBills(Object.values(this.state.visitBills ?? {}), idNumberHash);
  }

  setCatalogueEntry(body: unknown): void {
    const { region, code, category, selfPayFirstPct } = SetCatalogueEntrySchema.parse(body);
    const changes = (this.state.catalogueChanges[region] ??= {});
    changes[code] =
      category === null
        ? null
        : CatalogueEntrySchema.parse({ category, ...(selfPayFirstPct !== undefined && { selfPayFirstPct }) });
    this.changed();
  }

  /**
   * The versions a region publishes: last year's, and this year's with the region's own changes.
   * The version name of this year's changes with its changes, so a changed catalogue is a new version.
   */
  catalogues(region: string): Catalogue[] {
    const base = baseCatalogueItems();
    const changes = this.state.catalogueChanges[region] ?? {};
    const items = Object.fromEntries(
      Object.entries({ ...base, ...changes }).filter(
        (pair): pair is [string, CatalogueEntry] => pair[1] !== null,
      ),
    );
    const revision = Object.keys(changes).length;
    return [
      { region, version: '2025.1', effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31', items: base },
      { region, version: `2026.${revision + 1}`, effectiveFrom: '2026-01-01', effectiveTo: null, items },
    ];
  }
}
