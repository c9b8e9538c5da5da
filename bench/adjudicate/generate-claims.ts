import type { AdjudicationCase, ClaimItem } from '../../domain/adjudication-case';
import type { CompiledPolicy } from '../../domain/policy';
import type {
  CareType,
  FilingType,
  HospitalLevel,
  InsuredStatus,
  ItemCategory,
} from '../../domain/schema-primitives';
import { seededRandom, type Seed, type SeededRandom } from '../../domain/seeded-random';

/**
 * Realistic claims for the benchmark, reproducible from a seed. "Realistic" matters here:
 * the engines' cost grows with lines per claim and with which branches fire (category B
 * shares, deductible spread over lines, cap reached mid-claim), so the mix below follows
 * what a bill from a Chinese hospital looks like rather than uniform noise.
 */

/** One kind of billed item: a price range in fen and how the quantity comes about. */
interface CatalogItem {
  code: string;
  name: string;
  category: ItemCategory;
  minUnitFen: number;
  maxUnitFen: number;
  /** How the quantity is chosen: per day of the stay, a drug's box count, or once. */
  quantity: 'per-day' | 'drug' | 'once';
  /** Category B items that come with their own self-pay-first share (implants, some drugs). */
  ownSelfPayFirstPct?: readonly number[];
  /** Relative frequency on a bill. */
  weight: number;
}

const yuan = (amount: number): number => Math.round(amount * 100);

/** A catalog entry written on one line: unit price range in yuan, as a price list gives it. */
const entry = (
  code: string,
  name: string,
  category: ItemCategory,
  [minYuan, maxYuan]: readonly [number, number],
  quantity: CatalogItem['quantity'],
  weight: number,
  ownSelfPayFirstPct?: readonly number[],
): CatalogItem => ({
  code,
  name,
  category,
  minUnitFen: yuan(minYuan),
  maxUnitFen: yuan(maxYuan),
  quantity,
  weight,
  ...(ownSelfPayFirstPct && { ownSelfPayFirstPct }),
});

const INPATIENT_CATALOG: readonly CatalogItem[] = [
  entry('110900001', '床位费 (ward bed)', 'A', [40, 120], 'per-day', 6),
  entry('120100001', '护理费 (nursing care)', 'A', [20, 65], 'per-day', 5),
  entry('110200001', '住院诊查费 (ward rounds)', 'A', [10, 30], 'per-day', 4),
  entry('250101015', '血常规 (complete blood count)', 'A', [18, 40], 'once', 4),
  entry('250305001', '生化全套 (biochemistry panel)', 'A', [150, 420], 'once', 3),
  entry('210300001', 'CT 平扫 (CT scan)', 'A', [280, 900], 'once', 2),
  entry('210400001', '磁共振 (MRI)', 'B', [600, 1600], 'once', 1),
  entry('220600001', '彩色多普勒超声 (Doppler ultrasound)', 'A', [120, 400], 'once', 2),
  entry('310701001', '心电图 (ECG)', 'A', [20, 60], 'once', 2),
  entry('331500002', '手术费 (surgery)', 'A', [1500, 32000], 'once', 2),
  entry('330100001', '麻醉费 (anaesthesia)', 'A', [400, 4200], 'once', 1),
  entry('C0801IOL01', '人工晶体 (intraocular lens)', 'B', [1500, 8000], 'once', 0.5, [10, 20]),
  entry('C0201STNT', '冠脉支架 (coronary stent)', 'B', [700, 12000], 'once', 0.4, [20, 30]),
  entry('C0301JNT1', '人工关节 (joint prosthesis)', 'B', [7000, 40000], 'once', 0.3, [20, 30]),
  entry('XJ01CA04', '阿莫西林胶囊 (amoxicillin)', 'A', [4.5, 28], 'drug', 3),
  entry('XJ01DD04', '注射用头孢曲松钠 (ceftriaxone)', 'A', [8.3, 95], 'drug', 4),
  entry('XB05BB01', '氯化钠注射液 (saline)', 'A', [2.7, 12], 'drug', 5),
  entry('XA02BC01', '奥美拉唑肠溶胶囊 (omeprazole)', 'B', [9.8, 75], 'drug', 3),
  entry('XC10AA05', '阿托伐他汀钙片 (atorvastatin)', 'B', [12, 60], 'drug', 2),
  entry('XB05AA01', '人血白蛋白 (human albumin)', 'B', [320, 680], 'drug', 1, [20]),
  entry('XL01XC07', '贝伐珠单抗 (bevacizumab)', 'B', [1200, 1980], 'drug', 0.3, [30]),
  entry('270800001', '一次性医用耗材 (disposable supplies)', 'B', [35, 900], 'once', 3),
  entry('340200001', '康复治疗 (rehabilitation)', 'A', [45, 280], 'per-day', 1),
  entry('SP00000001', '特需病房差价 (premium room surcharge)', 'C', [150, 800], 'per-day', 0.7),
  entry('SP00000007', '陪护费 (companion care)', 'C', [80, 260], 'per-day', 0.6),
  entry('SPTCM00012', '中药饮片（自费） (herbal slices, self-pay)', 'C', [6, 180], 'drug', 0.8),
];

const OUTPATIENT_CATALOG: readonly CatalogItem[] = [
  entry('110200002', '门诊诊查费 (consultation)', 'A', [10, 50], 'once', 5),
  entry('250101015', '血常规 (complete blood count)', 'A', [18, 40], 'once', 4),
  entry('250102001', '尿常规 (urinalysis)', 'A', [8, 25], 'once', 2),
  entry('250305001', '生化全套 (biochemistry panel)', 'A', [150, 420], 'once', 2),
  entry('210102001', 'DR 胸片 (chest X-ray)', 'A', [70, 200], 'once', 2),
  entry('220600001', '彩色多普勒超声 (Doppler ultrasound)', 'A', [120, 400], 'once', 2),
  entry('210300001', 'CT 平扫 (CT scan)', 'A', [280, 900], 'once', 1),
  entry('XJ01CA04', '阿莫西林胶囊 (amoxicillin)', 'A', [4.5, 28], 'drug', 3),
  entry('XC09CA01', '氯沙坦钾片 (losartan)', 'A', [6.2, 42], 'drug', 3),
  entry('XA10BA02', '二甲双胍片 (metformin)', 'A', [3.1, 36], 'drug', 3),
  entry('XA02BC01', '奥美拉唑肠溶胶囊 (omeprazole)', 'B', [9.8, 75], 'drug', 3),
  entry('XC10AA05', '阿托伐他汀钙片 (atorvastatin)', 'B', [12, 60], 'drug', 3),
  entry('ZB01AA03', '复方丹参滴丸 (compound danshen pills)', 'B', [18, 66], 'drug', 2),
  entry('450000003', '针灸 (acupuncture)', 'B', [25, 120], 'once', 1, [5, 15]),
  entry('SP00000021', '保健品 (health supplement)', 'C', [30, 400], 'drug', 0.7),
  entry('SP00000030', '特需专家门诊 (premium specialist visit)', 'C', [100, 500], 'once', 0.5),
];

const CATALOG: Record<CareType, readonly CatalogItem[]> = {
  inpatient: INPATIENT_CATALOG,
  outpatient: OUTPATIENT_CATALOG,
};

/** Outpatient visits list fewer items than stays; both stay within 5–40 lines. */
const LINES_PER_CLAIM: Record<CareType, { min: number; max: number }> = {
  inpatient: { min: 8, max: 40 },
  outpatient: { min: 5, max: 18 },
};

/** A claim's typical fund share, so "near the cap" leaves a cap remainder the claim can exceed. */
const TYPICAL_CLAIM_FEN: Record<CareType, number> = { inpatient: yuan(30_000), outpatient: yuan(2_000) };

/** Share of claims whose insured has nearly used up the annual cap. */
const NEAR_CAP_SHARE = 0.12;

function pickWeighted<T extends { weight: number }>(rng: SeededRandom, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let draw = rng.next() * total;
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item;
  }
  return items[items.length - 1] as T;
}

function weighted<T>(rng: SeededRandom, options: readonly (readonly [T, number])[]): T {
  return pickWeighted(
    rng,
    options.map(([value, weight]) => ({ value, weight })),
  ).value;
}

function billedItem(rng: SeededRandom, entry: CatalogItem, stayDays: number): ClaimItem {
  const unitFen = rng.int(entry.minUnitFen, entry.maxUnitFen);
  const quantity = entry.quantity === 'per-day' ? stayDays : entry.quantity === 'drug' ? rng.int(1, 12) : 1;
  const item: ClaimItem = {
    code: entry.code,
    name: entry.name,
    category: entry.category,
    amountFen: unitFen * quantity,
  };
  if (entry.ownSelfPayFirstPct && rng.chance(0.7)) item.selfPayFirstPct = rng.pick(entry.ownSelfPayFirstPct);
  return item;
}

function serviceDate(rng: SeededRandom, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000);
  return new Date(start + rng.int(0, days) * 86_400_000).toISOString().slice(0, 10);
}

function yearToDate(
  rng: SeededRandom,
  policy: CompiledPolicy,
  careType: CareType,
  status: InsuredStatus,
  level: HospitalLevel,
): AdjudicationCase['yearToDate'] {
  const rules = policy.careTypes[careType];
  if (!rules) throw new RangeError(`policy ${policy.id} has no ${careType} rules`);
  const cap = rules.annualCapFen;
  const capLeft = rng.chance(NEAR_CAP_SHARE)
    ? rng.int(0, Math.min(cap, TYPICAL_CLAIM_FEN[careType]))
    : cap - (rng.chance(0.4) ? 0 : rng.int(0, Math.floor(cap * 0.4)));
  // Only a per-year deductible reads what is already met; a per-admission one ignores it.
  const deductible = rules.deductibleFen[status][level];
  const deductibleMetFen =
    rules.deductiblePer === 'year'
      ? weighted(rng, [
          [0, 4],
          [deductible, 3],
          [rng.int(0, deductible), 3],
        ])
      : 0;
  return { fundPaidFen: cap - capLeft, deductibleMetFen, ...tierYearToDate(rng, policy) };
}

/**
 * Where the person stands in the serious-illness tier's year: most below its threshold, some
 * across it, a few near its cap, so the bench runs every branch of the tier.
 */
function tierYearToDate(
  rng: SeededRandom,
  policy: CompiledPolicy,
): Pick<AdjudicationCase['yearToDate'], 'seriousIllnessBaseFen' | 'seriousIllnessPaidFen'> {
  const tier = policy.seriousIllness;
  if (!tier) return {};
  const base = weighted(rng, [
    [0, 5],
    [rng.int(0, tier.thresholdFen), 3],
    [tier.thresholdFen + rng.int(0, tier.thresholdFen * 10), 2],
  ]);
  const paid = rng.chance(0.1) ? tier.annualCapFen - rng.int(0, 500_000) : 0;
  return { seriousIllnessBaseFen: base, seriousIllnessPaidFen: paid };
}

function generateClaim(policy: CompiledPolicy, rng: SeededRandom, caseId: string): AdjudicationCase {
  const careTypes = (['inpatient', 'outpatient'] as const).filter((t) => policy.careTypes[t] !== undefined);
  const careType = weighted<CareType>(
    rng,
    careTypes.map((t) => [t, t === 'inpatient' ? 45 : 55] as const),
  );
  const hospitalLevel = weighted<HospitalLevel>(rng, [
    [1, 20],
    [2, 35],
    [3, 45],
  ]);
  const status = weighted<InsuredStatus>(rng, [
    ['working', 65],
    ['retired', 35],
  ]);
  const filingType = weighted<FilingType>(rng, [
    ['long_term', 35],
    ['transfer', 20],
    ['emergency', 15],
    ['other_temp', 20],
    ['unfiled', 10],
  ]);
  const inpatient = careType === 'inpatient';
  const stayDays = inpatient ? rng.int(2, 21) : 1;
  const lineCount = rng.int(LINES_PER_CLAIM[careType].min, LINES_PER_CLAIM[careType].max);
  const items = Array.from({ length: lineCount }, () =>
    billedItem(rng, pickWeighted(rng, CATALOG[careType]), stayDays),
  );
  const { source } = policy;
  return {
    caseId,
    policyId: source.id,
    insured: { scheme: source.scheme, status },
    encounter: {
      careType,
      hospitalLevel,
      ...(inpatient && {
        admissionSeqInYear: weighted(rng, [
          [1, 70],
          [2, 20],
          [3, 7],
          [4, 3],
        ]),
      }),
      filingType,
      serviceDate: serviceDate(rng, source.effective.from, source.effective.to),
    },
    yearToDate: yearToDate(rng, policy, careType, status, hospitalLevel),
    items,
  };
}

/**
 * `count` claims under `policy`. Each claim draws from its own fork of the seed, so claim #17
 * is the same whether 100 or 10,000 claims are generated.
 */
export function generateClaims(policy: CompiledPolicy, seed: Seed, count: number): AdjudicationCase[] {
  const root = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const caseId = `bench-${String(index + 1).padStart(5, '0')}`;
    return generateClaim(policy, root.fork(caseId), caseId);
  });
}
