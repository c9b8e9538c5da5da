import type { SetInsuredRequest } from '../home-region/home-region-simulator';
import { DEFAULT_INSURED_FACTS } from '../home-region/world-population';
import { DEMO_REGION } from './api-client';
import type { CreatedVisit } from './claim-request';
import { requestJson, UnexpectedAnswerError } from './http';
import type { BatchPlan, HomeFacts, PlannedInsured } from './plan';
import { forEachLimited } from '../../domain/limited-concurrency';

/**
 * The home region's record of the batch's people, set through the simulated home region's admin
 * endpoints (POST /admin/insured, POST /admin/catalogue; the world's admin token) before anyone
 * files: the record, not the claim form, decides enrolment, filing, the year's totals and each
 * line's category (docs/home-region.md). People the plan leaves at 'default' keep the world's
 * own record (enrolled, long-term filing 2025–2027).
 */

/** The inpatient cap of the demo's policy is ¥400,000: heavy users have paid ¥395,000 of it directly. */
export const HEAVY_USER_CAP_LEFT_FEN = 500_000;
/** Eligible self-paid costs of their year so far: above the serious-illness threshold (¥15,000), so the tier pays. */
export const HEAVY_USER_SERIOUS_ILLNESS_BASE_FEN = 2_000_000;
/** What the tier paid them so far: 60 % of the ¥5,000 above the threshold. */
export const HEAVY_USER_SERIOUS_ILLNESS_PAID_FEN = 300_000;

/**
 * Lines the home region's catalogue categorises differently from the bills (the hospitals bill
 * by the national list): both in the citizen's favour, so the catalogue pays more and no clerk
 * is needed (a bill better than the catalogue would go to one under the demo policy's rules).
 */
export const DEMO_CATALOGUE_CHANGES: readonly {
  code: string;
  category: 'A' | 'B';
  selfPayFirstPct?: number;
  why: string;
}[] = [
  // Thymalfasin: self-pay on the bills, a B item (20 % self-pay first) in this region's list.
  { code: 'XL03AXA0459571177774121', category: 'B', selfPayFirstPct: 20, why: 'C on the bill, B here' },
  // Clopidogrel: B on the bills, fully covered (A) in this region's list.
  { code: 'XB01ACA0666176031372159', category: 'A', why: 'B on the bill, A here' },
];

/** What the home region held for a person before the batch: the caps check starts from it. */
export interface PriorYear {
  fundPaidFen: { inpatient: number; outpatient: number };
  seriousIllnessPaidFen: number;
}

export interface HomeRegionSetup {
  /** By insured key (ID hash): what direct settlements had paid this year. Absent: nothing. */
  prior: Map<string, PriorYear>;
  /** People by the facts set for them. */
  people: Record<HomeFacts, number>;
  catalogueChanges: number;
}

/** The day before a date (YYYY-MM-DD). */
const dayBefore = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** The admin request that gives one person their planned record; undefined for the world's default. */
export function insuredRequest(
  insured: PlannedInsured,
  visit: CreatedVisit,
  annualCapFen: number,
): SetInsuredRequest | undefined {
  const { idNumber } = visit.hospital.patient;
  const year = Number(visit.hospital.serviceDate.slice(0, 4));
  switch (insured.home) {
    case 'default':
      return undefined;
    case 'not_insured':
      return { idNumber, insured: false };
    case 'filing_expired':
      return {
        idNumber,
        ...DEFAULT_INSURED_FACTS,
        status: insured.status,
        filings: [
          { type: 'long_term', from: `${year - 2}-01-01`, to: dayBefore(visit.hospital.serviceDate) },
        ],
      };
    case 'heavy_user':
      return {
        idNumber,
        ...DEFAULT_INSURED_FACTS,
        status: insured.status,
        yearToDate: {
          year,
          fundPaidFen: { inpatient: annualCapFen - HEAVY_USER_CAP_LEFT_FEN, outpatient: 0 },
          deductibleMetFen: { inpatient: 200_000, outpatient: 0 },
          admissions: 3,
          seriousIllnessPaidFen: HEAVY_USER_SERIOUS_ILLNESS_PAID_FEN,
          seriousIllnessBaseFen: HEAVY_USER_SERIOUS_ILLNESS_BASE_FEN,
        },
      };
  }
}

export class HomeRegionAdmin {
  constructor(
    readonly url: string,
    /** The world's admin token (<data dir>/world/admin-token), shared by every simulator. */
    private readonly adminToken: string,
  ) {}

  async setInsured(request: SetInsuredRequest): Promise<void> {
    const answer = await requestJson('the home region', `${this.url}/admin/insured`, {
      body: request,
      token: this.adminToken,
    });
    if (answer.status !== 200) throw new UnexpectedAnswerError('POST /admin/insured', answer);
  }

  async setCatalogueEntry(entry: {
    region: string;
    code: string;
    category: 'A' | 'B' | 'C' | null;
    selfPayFirstPct?: number;
  }): Promise<void> {
    const answer = await requestJson('the home region', `${this.url}/admin/catalogue`, {
      body: entry,
      token: this.adminToken,
    });
    if (answer.status !== 200) throw new UnexpectedAnswerError('POST /admin/catalogue', answer);
  }

  /** Any answer at all (a 404 included) shows the home region's server is there. */
  async ping(): Promise<void> {
    await requestJson('the home region', `${this.url}/regions`, { timeoutMs: 5000 });
  }
}

/**
 * Sets the batch's people and the region's catalogue changes in the home region. Setting the
 * same catalogue entry again changes nothing (the version stays), so a second run is the same.
 */
export async function populateHomeRegion(
  admin: HomeRegionAdmin,
  plan: BatchPlan,
  visits: readonly CreatedVisit[],
  annualCapFen: number,
): Promise<HomeRegionSetup> {
  const firstVisit = new Map<number, CreatedVisit>();
  for (const v of visits) if (!firstVisit.has(v.plan.insured)) firstVisit.set(v.plan.insured, v);
  const people: Record<HomeFacts, number> = {
    default: 0,
    not_insured: 0,
    filing_expired: 0,
    heavy_user: 0,
  };
  const prior = new Map<string, PriorYear>();
  const requests: SetInsuredRequest[] = [];
  for (const insured of plan.insured) {
    const visit = firstVisit.get(insured.index);
    if (!visit) continue;
    people[insured.home]++;
    const request = insuredRequest(insured, visit, annualCapFen);
    if (!request) continue;
    requests.push(request);
    const ytd = request.yearToDate;
    if (ytd?.fundPaidFen) {
      prior.set(visit.hospital.patient.idNumberHash, {
        fundPaidFen: ytd.fundPaidFen,
        seriousIllnessPaidFen: ytd.seriousIllnessPaidFen ?? 0,
      });
    }
  }
  await forEachLimited(requests, 8, (request) => admin.setInsured(request));
  for (const change of DEMO_CATALOGUE_CHANGES) {
    await admin.setCatalogueEntry({
      region: DEMO_REGION,
      code: change.code,
      category: change.category,
      ...(change.selfPayFirstPct !== undefined && { selfPayFirstPct: change.selfPayFirstPct }),
    });
  }
  return { prior, people, catalogueChanges: DEMO_CATALOGUE_CHANGES.length };
}
