import type { DischargeSummary } from '../../adapters/hospital-client';
import type { EBill, EBillLine, SignedEBill } from '../../domain/ebill';
import { signEBill } from '../../domain/ebill-signature';
import { seededRandom, type Seed, type SeededRandom } from '../../domain/seeded-random';
import { findHospital, signingKeyFor, type HospitalCatalog, type SimulatedHospital } from './catalog';
import { generateFakePatient, type FakePatient } from './fake-patients';
import {
  DIAGNOSIS_SYSTEM,
  INPATIENT_SCENARIOS,
  MEDICAL_ITEMS,
  OUTPATIENT_SCENARIOS,
  itemByCode,
  type Diagnosis,
  type ItemKind,
  type ItemTemplate,
} from './medical-items';

/**
 * Realistic, signed e-bills for the simulated hospitals: inpatient stays (5–40 lines) and
 * outpatient visits (1–8 lines), with fake patients, visit numbers and discharge summaries.
 * The same seed and the same calls give the same bills, byte for byte (Ed25519 signatures
 * are deterministic).
 *
 * Voiding re-signs the bill with status 'voided'. A red reversal is a new bill (new bill
 * number and check code) with the same lines and amounts, all non-negative, and
 * `reversalOf` naming the original; the original is voided at the same time.
 */

export type CareType = 'inpatient' | 'outpatient';

export interface GeneratedVisit {
  hospitalCode: string;
  visitNo: string;
  careType: CareType;
  patient: FakePatient;
  bill: SignedEBill;
  /** Inpatient stays only. */
  dischargeSummary?: DischargeSummary;
}

export interface VisitOptions {
  /** Which hospital; drawn from the catalog when absent. */
  hospitalCode?: string;
  /** Who; a new fake patient when absent. */
  patient?: FakePatient;
  /** Admission date (inpatient) or visit date (outpatient), YYYY-MM-DD; drawn from the catalog year when absent. */
  date?: string;
  /** true: the fund already paid part at the hospital (direct settlement). Default false. */
  settledDirectly?: boolean;
}

export interface BillGenerator {
  inpatient(options?: VisitOptions): GeneratedVisit;
  outpatient(options?: VisitOptions): GeneratedVisit;
  /** A new fake patient, numbered in order. */
  patient(): FakePatient;
  /** The same bill, voided and signed again. */
  voided(bill: SignedEBill): SignedEBill;
  /** A red reversal bill for `bill`, and `bill` voided. */
  redReversal(bill: SignedEBill): { voidedOriginal: SignedEBill; reversal: SignedEBill };
}

const INPATIENT_LINES = [5, 40] as const;
const OUTPATIENT_LINES = [1, 8] as const;
/** The kinds an inpatient bill is filled up with, beyond what the stay itself requires. */
const FILLER_KINDS: ReadonlySet<ItemKind> = new Set([
  'lab',
  'imaging',
  'exam',
  'treatment',
  'drug',
  'consumable',
]);

interface HospitalCounters {
  billNo: number;
  inpatientVisit: number;
  outpatientVisit: number;
}

export function createBillGenerator(catalog: HospitalCatalog, seed: Seed): BillGenerator {
  const root = seededRandom(seed);
  const rand = root.fork('bills');
  const patientRand = root.fork('patients');
  let patientCount = 0;
  const counters = new Map<string, HospitalCounters>();

  const countersFor = (hospital: SimulatedHospital): HospitalCounters => {
    let c = counters.get(hospital.code);
    if (!c) {
      // Each hospital's numbers start somewhere of their own, from its own stream, so they
      // do not depend on which hospital happened to bill first.
      const own = root.fork(`counters/${hospital.code}`);
      c = {
        billNo: own.int(1_000_000, 9_000_000),
        inpatientVisit: own.int(1000, 9000),
        outpatientVisit: own.int(1000, 9000),
      };
      counters.set(hospital.code, c);
    }
    return c;
  };

  const nextBillNo = (hospital: SimulatedHospital): string =>
    String(++countersFor(hospital).billNo).padStart(10, '0');

  const hospitalFor = (code: string | undefined): SimulatedHospital => {
    if (code === undefined) return rand.pick(catalog.hospitals);
    const found = findHospital(catalog, code);
    if (!found) throw new Error(`hospital ${code} is not in the catalog`);
    return found;
  };

  const patient = (): FakePatient => generateFakePatient(patientRand, ++patientCount);

  const sign = (bill: EBill): SignedEBill => signEBill(bill, signingKeyFor(hospitalFor(bill.hospital.code)));

  const inpatient = (options: VisitOptions = {}): GeneratedVisit => {
    const hospital = hospitalFor(options.hospitalCode);
    const person = options.patient ?? patient();
    const scenario = rand.pick(INPATIENT_SCENARIOS.filter((sc) => sc.minLevel <= hospital.level));
    const days = rand.int(...scenario.losDays);
    const admitDate = options.date ?? randomDate(rand, catalog.year);
    const dischargeDate = addDays(admitDate, days);
    const counter = countersFor(hospital);
    const visitNo = `ZY${admitDate.slice(0, 4)}${String(++counter.inpatientVisit).padStart(6, '0')}`;

    const stay: ItemTemplate[] = [
      itemByCode('110200005'),
      itemByCode('110900001'),
      itemByCode(rand.pick(['120100003', '120100004'])),
      ...scenario.required.map(itemByCode),
      ...scenario.likely.filter(() => rand.chance(0.7)).map(itemByCode),
      ...(rand.chance(0.25) ? [itemByCode('SP00000001')] : []),
    ];
    const target = rand.int(Math.max(INPATIENT_LINES[0], stay.length), INPATIENT_LINES[1]);
    const filler = rand
      .shuffle(MEDICAL_ITEMS.filter((t) => FILLER_KINDS.has(t.kind) && t.settings.includes('inpatient')))
      .filter((t) => !stay.includes(t))
      .slice(0, target - stay.length);
    const lines = inBillOrder([...stay, ...filler]).map((t) => billLine(rand, t, days));

    const bill = sign(
      billContent(rand, {
        hospital,
        patient: person,
        careType: 'inpatient',
        issueDate: dischargeDate,
        billNo: nextBillNo(hospital),
        visitNo,
        lines,
        settledDirectly: options.settledDirectly ?? false,
        admission: { admitDate, dischargeDate, diagnosis: scenario.diagnosis },
      }),
    );
    const dischargeSummary = summaryOf(rand, {
      bill,
      visitNo,
      patient: person,
      diagnosis: scenario.diagnosis,
      lines,
      days,
    });
    return {
      hospitalCode: hospital.code,
      visitNo,
      careType: 'inpatient',
      patient: person,
      bill,
      dischargeSummary,
    };
  };

  const outpatient = (options: VisitOptions = {}): GeneratedVisit => {
    const hospital = hospitalFor(options.hospitalCode);
    const person = options.patient ?? patient();
    const scenario = rand.pick(OUTPATIENT_SCENARIOS);
    const visitDate = options.date ?? randomDate(rand, catalog.year);
    const counter = countersFor(hospital);
    const visitNo = `MZ${visitDate.replaceAll('-', '')}${String(++counter.outpatientVisit).padStart(4, '0')}`;

    const target = rand.int(...OUTPATIENT_LINES);
    const visit = [
      itemByCode(rand.pick(['110200001', '110200003'])),
      ...scenario.likely.filter(() => rand.chance(0.8)).map(itemByCode),
    ];
    const filler = rand
      .shuffle(MEDICAL_ITEMS.filter((t) => t.kind !== 'consultation' && t.settings.includes('outpatient')))
      .filter((t) => !visit.includes(t));
    const chosen = [...visit, ...filler].slice(0, target);
    const lines = inBillOrder(chosen).map((t) => billLine(rand, t, 1));

    const bill = sign(
      billContent(rand, {
        hospital,
        patient: person,
        careType: 'outpatient',
        issueDate: visitDate,
        billNo: nextBillNo(hospital),
        visitNo,
        lines,
        settledDirectly: options.settledDirectly ?? false,
      }),
    );
    return { hospitalCode: hospital.code, visitNo, careType: 'outpatient', patient: person, bill };
  };

  const voided = (bill: SignedEBill): SignedEBill => sign({ ...withoutSignature(bill), status: 'voided' });

  const redReversal = (bill: SignedEBill): { voidedOriginal: SignedEBill; reversal: SignedEBill } => {
    if (bill.status !== 'issued' || bill.reversalOf !== null) {
      throw new Error(
        `bill ${bill.billBatchCode}/${bill.billNo} is not an issued original: nothing to reverse`,
      );
    }
    const hospital = hospitalFor(bill.hospital.code);
    const issueDate = addDays(bill.issueDate, rand.int(1, 30));
    const reversal = sign({
      ...withoutSignature(bill),
      billBatchCode: batchCodeOf(hospital, issueDate),
      billNo: nextBillNo(hospital),
      checkCode: rand.hex(6),
      issueDate,
      status: 'issued',
      reversalOf: { billBatchCode: bill.billBatchCode, billNo: bill.billNo },
    });
    return { voidedOriginal: voided(bill), reversal };
  };

  return { inpatient, outpatient, patient, voided, redReversal };
}

/** A mix of visits across the catalog: mostly inpatient, some settled directly at the hospital. */
export function generateVisits(
  catalog: HospitalCatalog,
  seed: Seed,
  count: number,
  options: { inpatientShare?: number; settledDirectlyShare?: number } = {},
): GeneratedVisit[] {
  const { inpatientShare = 0.6, settledDirectlyShare = 0.1 } = options;
  const generator = createBillGenerator(catalog, seed);
  const mix = seededRandom(seed).fork('mix');
  return Array.from({ length: count }, () => {
    const settledDirectly = mix.chance(settledDirectlyShare);
    return mix.chance(inpatientShare)
      ? generator.inpatient({ settledDirectly })
      : generator.outpatient({ settledDirectly });
  });
}

interface BillFacts {
  hospital: SimulatedHospital;
  patient: FakePatient;
  careType: CareType;
  issueDate: string;
  billNo: string;
  visitNo: string;
  lines: EBillLine[];
  settledDirectly: boolean;
  admission?: { admitDate: string; dischargeDate: string; diagnosis: Diagnosis };
}

function billContent(rand: SeededRandom, facts: BillFacts): EBill {
  const { hospital, patient, careType, lines, admission } = facts;
  const totalAmtFen = sum(lines.map((l) => l.amountFen));
  const payments = paymentSplit(rand, lines, totalAmtFen, facts.settledDirectly);
  return {
    billBatchCode: batchCodeOf(hospital, facts.issueDate),
    billNo: facts.billNo,
    checkCode: rand.hex(6),
    issueDate: facts.issueDate,
    billName: `${hospital.provinceName}医疗${careType === 'inpatient' ? '住院' : '门诊'}收费票据（电子）`,
    placeCode: hospital.districtCode,
    hospital: { code: hospital.code, name: hospital.name, level: hospital.level },
    payer: { name: patient.name, idNumberMasked: patient.idNumberMasked, idNumberHash: patient.idNumberHash },
    medicalCareType: careType,
    ...(admission && {
      admission: {
        admitDate: admission.admitDate,
        dischargeDate: admission.dischargeDate,
        diagnosis: {
          code: admission.diagnosis.code,
          system: DIAGNOSIS_SYSTEM,
          name: admission.diagnosis.name,
        },
      },
    }),
    visitNo: facts.visitNo,
    totalAmtFen,
    ...payments,
    selfPayAmtFen: sum(lines.filter((l) => l.medicalCareType === 3).map((l) => l.amountFen)),
    settledDirectly: facts.settledDirectly,
    status: 'issued',
    reversalOf: null,
    listDetail: lines,
  };
}

/**
 * Who paid at the hospital. Not settled directly: the person paid everything in cash (the
 * case crossclaim exists for). Settled directly: the fund paid 70–90% of a rough eligible
 * amount (A in full, B less its self-pay-first share), the personal account a little, the
 * person the rest. Integer arithmetic, rounded down, so the parts always sum to the total.
 */
function paymentSplit(
  rand: SeededRandom,
  lines: readonly EBillLine[],
  totalAmtFen: number,
  settledDirectly: boolean,
): Pick<EBill, 'fundPayFen' | 'accountPayFen' | 'ownPayFen'> {
  if (!settledDirectly) return { fundPayFen: 0, accountPayFen: 0, ownPayFen: totalAmtFen };
  const eligible = sum(
    lines.map((l) => {
      if (l.medicalCareType === 1) return l.amountFen;
      if (l.medicalCareType === 2) return Math.floor((l.amountFen * (100 - (l.selfPayFirstPct ?? 10))) / 100);
      return 0;
    }),
  );
  const fundPayFen = Math.floor((eligible * rand.int(70, 90)) / 100);
  const accountPayFen = Math.min(rand.int(0, 50_000), totalAmtFen - fundPayFen);
  return { fundPayFen, accountPayFen, ownPayFen: totalAmtFen - fundPayFen - accountPayFen };
}

function billLine(rand: SeededRandom, template: ItemTemplate, days: number): EBillLine {
  const qty = template.qty === 'days' ? days : rand.int(...template.qty);
  const [low, high] = template.unitPriceFen;
  const step = template.priceStepFen;
  const unitPriceFen = rand.int(Math.ceil(low / step), Math.floor(high / step)) * step;
  return {
    code: template.code,
    name: template.name,
    nameEn: template.nameEn,
    medicalCareType: template.category,
    ...(template.selfPayFirstPct !== undefined && { selfPayFirstPct: template.selfPayFirstPct }),
    qty,
    unitPriceFen,
    amountFen: qty * unitPriceFen,
  };
}

/** Bills list items grouped as the item table is: services first, then drugs, then materials. */
function inBillOrder(templates: readonly ItemTemplate[]): ItemTemplate[] {
  return [...templates].sort((a, b) => MEDICAL_ITEMS.indexOf(a) - MEDICAL_ITEMS.indexOf(b));
}

interface StayFacts {
  bill: SignedEBill;
  visitNo: string;
  patient: FakePatient;
  diagnosis: Diagnosis;
  lines: readonly EBillLine[];
  days: number;
}

function summaryOf(rand: SeededRandom, stay: StayFacts): DischargeSummary {
  const { bill, diagnosis, days } = stay;
  const admission = bill.admission;
  if (!admission) throw new Error('an inpatient bill has an admission');
  const surgeries = stay.lines.filter((l) => itemByCode(l.code).kind === 'surgery');
  const zhProcedures = surgeries.length > 0 ? `，行${surgeries.map((l) => l.name).join('、')}` : '';
  const enProcedures = surgeries.length > 0 ? `; ${surgeries.map((l) => l.nameEn ?? l.name).join(', ')}` : '';
  return {
    hospitalCode: bill.hospital.code,
    visitNo: stay.visitNo,
    patient: { name: stay.patient.name, idNumberMasked: stay.patient.idNumberMasked },
    admitDate: admission.admitDate,
    dischargeDate: admission.dischargeDate,
    diagnosis: admission.diagnosis,
    procedures: surgeries.map((l) => ({ code: l.code, name: l.name })),
    summary: {
      zh: `患者因${diagnosis.name}入院，住院${days}天${zhProcedures}，病情好转出院。（测试数据）`,
      en: `Admitted with ${diagnosis.nameEn}; ${days} days in hospital${enProcedures}; discharged improved. (test data)`,
    },
    attendingPhysician: `测试医生${String(rand.int(1, 99)).padStart(2, '0')}`,
  };
}

function withoutSignature(bill: SignedEBill): EBill {
  const { signature: _signature, ...content } = bill;
  return content;
}

/** 票据代码: the district code and the two-digit year, like the sample's 33060126. */
function batchCodeOf(hospital: SimulatedHospital, issueDate: string): string {
  return `${hospital.districtCode}${issueDate.slice(2, 4)}`;
}

/** A date in the year, early enough that a stay of a few weeks still ends in it. */
function randomDate(rand: SeededRandom, year: number): string {
  return addDays(`${year}-01-02`, rand.int(0, 320));
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
