import type { ClerkRejectionCode } from '../../domain/clerk-rejection-reasons';
import type { CareType, FilingType, InsuredStatus } from '../../domain/schema-primitives';
import { seededRandom, type SeededRandom } from '../../domain/seeded-random';

/**
 * The demo's batch as a plan, from a seed and nothing else: which visits have their bill issued
 * later, which were settled directly at the hospital, which carry a paper receipt that sends
 * them to a clerk (and what the clerk decides), which insured have several claims, and which
 * claims are submitted twice. The same seed and size give the same plan on every machine.
 *
 * The bills themselves (hospital, items, amounts, the patients' fake identities) are the
 * simulated hospitals' business and follow the world's own seed, as they would in reality.
 */

/** Shares of the batch; rounded to whole claims, see planBatch. */
export const PLAN_SHARES = {
  /** Claims that are a second submission of a visit already claimed in the batch. */
  duplicate: 0.05,
  /** Visits whose bill the hospital issues only later (released mid-run). */
  issuedLater: 0.15,
  /** Visits already settled directly at the hospital: must be rejected. */
  settledDirectly: 0.03,
  /** Visits with a paper receipt that differs from the e-bill: a clerk must look. */
  receiptMismatch: 0.05,
  /** Of those, the share the clerk rejects. */
  clerkRejects: 0.25,
  /** Insured with several claims in the batch, as a share of the visits. */
  repeatInsured: 0.03,
  inpatient: 0.6,
  retired: 0.3,
  /** People the home region does not insure: every claim of theirs is REJECTED NOT_INSURED. */
  notInsured: 0.03,
  /** People whose cross-province filing expired before the stay: paid as unfiled stays. */
  filingExpired: 0.08,
  /** Heavy users: ¥395,000 of the ¥400,000 inpatient cap already paid by direct settlement. */
  heavyUser: 0.03,
} as const;

/** Filing types as they come in: most treatment registered long-term, some not, a few emergencies. */
const FILING_TYPES: readonly { type: FilingType; weight: number }[] = [
  { type: 'long_term', weight: 0.8 },
  { type: 'unfiled', weight: 0.12 },
  { type: 'emergency', weight: 0.08 },
];

const CLERK_REJECTION_CODES: readonly ClerkRejectionCode[] = ['BILL_NOT_CONFIRMED', 'DOCUMENTS_INCOMPLETE'];

/** Visits per insured person who has several (a few stays and check-ups in one year). */
const REPEAT_VISITS: readonly [number, number] = [3, 4];

export type VisitRole = 'normal' | 'issued_later' | 'settled_directly' | 'receipt_mismatch';

/**
 * What the home region's record says of a person (docs/home-region.md): the world's default
 * (enrolled, long-term filing in force), not insured, a filing that expired before the stay, or a
 * heavy user whose year is nearly at the cap through direct settlements at hospitals.
 */
export type HomeFacts = 'default' | 'not_insured' | 'filing_expired' | 'heavy_user';

export type ClerkPlan = { decision: 'approve' } | { decision: 'reject'; reasonCode: ClerkRejectionCode };

export interface PlannedInsured {
  index: number;
  status: InsuredStatus;
  /** What the demo sets in the home region's record for this person before they file. */
  home: HomeFacts;
  /** A fake 19-digit account: digits only, never a real one. */
  bankAccount: string;
}

export interface PlannedVisit {
  index: number;
  insured: number;
  careType: CareType;
  filingType: FilingType;
  role: VisitRole;
  /** What the clerk decides if the claim reaches the review queue (only receipt mismatches may be rejected). */
  clerk: ClerkPlan;
}

export interface PlannedClaim {
  /** Position in submission order. */
  index: number;
  visit: number;
  /** A second submission of a visit whose first claim comes earlier in the batch. */
  duplicate: boolean;
}

export interface BatchPlan {
  seed: string;
  insured: PlannedInsured[];
  visits: PlannedVisit[];
  /** In submission order. */
  claims: PlannedClaim[];
}

export interface PlanOptions {
  claims: number;
  seed: string;
}

/** Counts derived from the batch size: each role is a whole number of visits, roles do not overlap. */
export function planCounts(claims: number): {
  visits: number;
  duplicates: number;
  issuedLater: number;
  settledDirectly: number;
  receiptMismatch: number;
  repeatInsured: number;
  notInsured: number;
  filingExpired: number;
  heavyUsers: number;
} {
  const duplicates = claims >= 2 ? Math.round(claims * PLAN_SHARES.duplicate) : 0;
  const visits = claims - duplicates;
  // "A few" settled directly even in a small batch, so the rejection path is always shown.
  const settledDirectly = visits >= 10 ? Math.max(1, Math.round(visits * PLAN_SHARES.settledDirectly)) : 0;
  // The home region's people too: one of each kind from 10 visits on.
  const some = (share: number) => (visits >= 10 ? Math.max(1, Math.round(visits * share)) : 0);
  return {
    visits,
    duplicates,
    issuedLater: Math.round(visits * PLAN_SHARES.issuedLater),
    settledDirectly,
    receiptMismatch: Math.round(visits * PLAN_SHARES.receiptMismatch),
    repeatInsured: Math.round(visits * PLAN_SHARES.repeatInsured),
    notInsured: some(PLAN_SHARES.notInsured),
    filingExpired: some(PLAN_SHARES.filingExpired),
    heavyUsers: some(PLAN_SHARES.heavyUser),
  };
}

function pickFilingType(rand: SeededRandom): FilingType {
  let x = rand.next();
  for (const { type, weight } of FILING_TYPES) {
    if (x < weight) return type;
    x -= weight;
  }
  return 'long_term';
}

function clerkPlan(rand: SeededRandom, role: VisitRole): ClerkPlan {
  if (role !== 'receipt_mismatch' || !rand.chance(PLAN_SHARES.clerkRejects)) return { decision: 'approve' };
  return { decision: 'reject', reasonCode: rand.pick(CLERK_REJECTION_CODES) };
}

/** The role of each visit: roles are dealt to a shuffled list, so they do not overlap. */
function dealRoles(rand: SeededRandom, counts: ReturnType<typeof planCounts>): VisitRole[] {
  const roles: VisitRole[] = Array.from({ length: counts.visits }, () => 'normal');
  const order = rand.shuffle(roles.map((_, i) => i));
  let next = 0;
  const deal = (role: VisitRole, n: number) => {
    for (const i of order.slice(next, next + n)) roles[i] = role;
    next += n;
  };
  deal('issued_later', counts.issuedLater);
  deal('settled_directly', counts.settledDirectly);
  deal('receipt_mismatch', counts.receiptMismatch);
  return roles;
}

/** Who each visit is for: a few insured get several visits, everyone else one. */
function dealInsured(rand: SeededRandom, visits: number, repeatInsured: number): number[] {
  const owner = new Array<number>(visits).fill(-1);
  const order = rand.shuffle(Array.from({ length: visits }, (_, i) => i));
  let insured = 0;
  let next = 0;
  for (let r = 0; r < repeatInsured && next < visits; r++) {
    const size = rand.int(...REPEAT_VISITS);
    for (const i of order.slice(next, next + size)) owner[i] = insured;
    next += size;
    insured++;
  }
  for (const i of order.slice(next)) owner[i] = insured++;
  return owner;
}

/**
 * The submission order: every visit once, shuffled, and each duplicate a few places after its
 * original, so the two are often in flight at once (the race the duplicate guard must win).
 */
function submissionOrder(
  rand: SeededRandom,
  visits: PlannedVisit[],
  duplicates: number,
  plain: (visit: PlannedVisit) => boolean,
): PlannedClaim[] {
  const order = rand.shuffle(visits.map((v) => v.index));
  // Only plain visits are submitted twice: the pair must then end with exactly one paid.
  const candidates = rand.shuffle(visits.filter(plain).map((v) => v.index));
  const duplicated = candidates.slice(0, duplicates);
  const claims: { visit: number; duplicate: boolean }[] = order.map((visit) => ({ visit, duplicate: false }));
  for (const visit of duplicated) {
    const original = claims.findIndex((c) => c.visit === visit && !c.duplicate);
    const at = Math.min(claims.length, original + rand.int(1, 10));
    claims.splice(at, 0, { visit, duplicate: true });
  }
  return claims.map((c, index) => ({ index, ...c }));
}

/**
 * Who the home region's unusual people are: drawn from people with one plain visit (no late
 * bill, no direct settlement, no mismatching receipt), so each outcome has one cause.
 */
function dealHomeFacts(
  rand: SeededRandom,
  insuredCount: number,
  visits: readonly PlannedVisit[],
  counts: ReturnType<typeof planCounts>,
): HomeFacts[] {
  const home: HomeFacts[] = Array.from({ length: insuredCount }, () => 'default');
  const visitsOf = new Array<number>(insuredCount).fill(0);
  for (const v of visits) visitsOf[v.insured] = (visitsOf[v.insured] ?? 0) + 1;
  const eligible = visits
    .filter((v) => v.role === 'normal' && visitsOf[v.insured] === 1)
    .map((v) => v.insured);
  const order = rand.shuffle(eligible);
  let next = 0;
  const deal = (facts: HomeFacts, n: number) => {
    for (const i of order.slice(next, next + n)) home[i] = facts;
    next += n;
  };
  deal('not_insured', counts.notInsured);
  deal('filing_expired', counts.filingExpired);
  deal('heavy_user', counts.heavyUsers);
  return home;
}

export function planBatch(options: PlanOptions): BatchPlan {
  const { claims, seed } = options;
  if (!Number.isInteger(claims) || claims < 1) throw new RangeError(`claims must be a positive integer`);
  const root = seededRandom(`crossclaim-demo/${seed}`);
  const counts = planCounts(claims);
  const roles = dealRoles(root.fork('roles'), counts);
  const owners = dealInsured(root.fork('insured'), counts.visits, counts.repeatInsured);

  const people = root.fork('people');
  const insuredCount = Math.max(0, ...owners) + 1;
  const insured: PlannedInsured[] = Array.from({ length: insuredCount }, (_, index) => ({
    index,
    status: people.chance(PLAN_SHARES.retired) ? 'retired' : 'working',
    home: 'default',
    bankAccount: `6222${people.digits(15)}`,
  }));

  const details = root.fork('visits');
  const visits: PlannedVisit[] = roles.map((role, index) => ({
    index,
    insured: owners[index] ?? 0,
    careType: details.chance(PLAN_SHARES.inpatient) ? 'inpatient' : 'outpatient',
    filingType: pickFilingType(details),
    role,
    clerk: clerkPlan(details, role),
  }));

  const home = dealHomeFacts(root.fork('home'), insuredCount, visits, counts);
  home.forEach((facts, i) => {
    const person = insured[i];
    if (person) person.home = facts;
  });
  // A heavy user's claim is a stay: the inpatient cap is the one their direct settlements nearly used.
  for (const v of visits) if (home[v.insured] === 'heavy_user') v.careType = 'inpatient';

  const plain = (v: PlannedVisit) => v.role === 'normal' && home[v.insured] === 'default';
  return {
    seed,
    insured,
    visits,
    claims: submissionOrder(root.fork('order'), visits, counts.duplicates, plain),
  };
}
