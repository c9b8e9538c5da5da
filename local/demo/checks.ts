import type { Transfer } from '../../adapters/bank-api';
import { formatYuanSign } from '../../domain/money';
import type { CareType } from '../../domain/schema-primitives';
import type { PriorYear } from './home-region';
import { claimRef, isPaid, isQueued, isTerminal, type ClaimOutcome } from './outcome';

/**
 * What must hold after a batch, checked from the outside: the API's view of each claim, the
 * bank's ledger and the policy's caps. Pure functions over hand-made or collected inputs, so
 * each can be tested with the failure it exists to catch.
 */

export interface CheckResult {
  name: string;
  ok: boolean;
  /** One line of what was checked and found. */
  detail: string;
  /** Each thing that is wrong, one line each, safe to print (no personal data). */
  problems: string[];
}

/** Annual cap per care type, and serious-illness insurance's, fen (from the policy the claims are paid under). */
export type AnnualCaps = Partial<Record<CareType | 'seriousIllness', number>>;

/** What the home region had paid a person this year before the batch (direct settlements), by insured key. */
export type PriorTotals = ReadonlyMap<string, PriorYear>;

const result = (name: string, detail: string, problems: string[]): CheckResult => ({
  name,
  ok: problems.length === 0,
  detail,
  problems,
});

/** Every claim was taken by the API. */
export function checkAccepted(outcomes: readonly ClaimOutcome[]): CheckResult {
  const problems = outcomes
    .filter((o) => o.claimId === undefined)
    .map(
      (o) => `claim #${o.index + 1} (visit ${o.visitKey}) was not accepted: ${o.submitError ?? 'no answer'}`,
    );
  // Found afterwards in the citizen's own list: the API took it but did not say so in time.
  const recovered = outcomes.filter((o) => o.recoveredFrom !== undefined).length;
  return result(
    'every claim accepted',
    `${outcomes.length - problems.length} of ${outcomes.length} accepted by POST /claims` +
      (recovered > 0 ? ` (${recovered} found in the citizen's claims after the request failed)` : ''),
    problems,
  );
}

/** Nothing is lost: each claim ended PAID or REJECTED, or waits in the clerk queue. */
export function checkSettled(outcomes: readonly ClaimOutcome[]): CheckResult {
  const submitted = outcomes.filter((o) => o.claimId !== undefined);
  const problems = submitted
    .filter((o) => !isTerminal(o) && !isQueued(o))
    .map((o) => {
      const status = o.last?.status ?? 'never read';
      const waiting = o.last?.waitingFor ? `, waiting for ${o.last.waitingFor}` : '';
      return `${claimRef(o)} is ${status}${waiting}: neither terminal nor in the clerk queue`;
    });
  const terminal = submitted.filter(isTerminal).length;
  const queued = submitted.filter(isQueued).length;
  return result(
    'nothing lost',
    `${terminal} terminal, ${queued} in the clerk queue, ${problems.length} neither`,
    problems,
  );
}

/**
 * The table (as the API shows it) and the bank agree: each PAID claim with a benefit has exactly
 * one transfer, keyed by its claim id, of exactly the amount paid, which is its benefit; no
 * claim that is not PAID has a transfer; a PAID claim of zero has none (the bank moves no zero).
 */
export function checkBankAgrees(outcomes: readonly ClaimOutcome[], ledger: readonly Transfer[]): CheckResult {
  const ours = new Map(outcomes.flatMap((o) => (o.claimId ? [[o.claimId, o] as const] : [])));
  const transfers = new Map<string, Transfer[]>();
  for (const t of ledger) {
    if (!ours.has(t.idempotencyKey)) continue; // earlier runs and other users
    transfers.set(t.idempotencyKey, [...(transfers.get(t.idempotencyKey) ?? []), t]);
  }
  const problems: string[] = [];
  let matched = 0;
  let inFlight = 0;
  for (const o of ours.values()) {
    const found = transfers.get(o.claimId ?? '') ?? [];
    // A claim still moving may have been paid by the bank a moment before it turns PAID; the
    // "nothing lost" check already names it, and judging its transfer now would be a guess.
    if (!isTerminal(o) && !isQueued(o)) {
      inFlight++;
      continue;
    }
    if (!isPaid(o)) {
      if (found.length > 0)
        problems.push(
          `${claimRef(o)} is ${o.last?.status ?? 'unknown'} but the bank paid it ${found.length}×`,
        );
      continue;
    }
    const paidFen = o.last?.paidFen;
    // Both tiers: the basic fund's benefit and serious-illness insurance's.
    const benefit = o.last?.benefit;
    const benefitFen = benefit ? benefit.benefitFen + benefit.seriousIllnessFen : undefined;
    if (paidFen === undefined) {
      problems.push(`${claimRef(o)} is PAID without a payout amount`);
      continue;
    }
    if (benefitFen !== undefined && benefitFen !== paidFen) {
      problems.push(
        `${claimRef(o)} paid ${formatYuanSign(paidFen)} but its benefit is ${formatYuanSign(benefitFen)}`,
      );
    }
    if (paidFen === 0) {
      if (found.length > 0)
        problems.push(`${claimRef(o)} paid nothing but the bank has ${found.length} transfer(s)`);
      continue;
    }
    if (found.length === 0)
      problems.push(`${claimRef(o)} is PAID ${formatYuanSign(paidFen)} with no bank transfer`);
    else if (found.length > 1) problems.push(`${claimRef(o)} has ${found.length} bank transfers`);
    else if (found[0]?.amountFen !== paidFen) {
      problems.push(
        `${claimRef(o)} is PAID ${formatYuanSign(paidFen)} but the bank moved ${formatYuanSign(found[0]?.amountFen ?? 0)}`,
      );
    } else matched++;
  }
  return result(
    'table and bank agree',
    `${matched} PAID claims with a benefit, each with exactly one transfer of its amount` +
      (inFlight > 0 ? `; ${inFlight} claim(s) still in flight not judged` : ''),
    problems,
  );
}

/** One visit, one bill, paid at most once, however often it was claimed. */
export function checkOncePerVisit(outcomes: readonly ClaimOutcome[]): CheckResult {
  const byVisit = new Map<string, ClaimOutcome[]>();
  for (const o of outcomes) byVisit.set(o.visitKey, [...(byVisit.get(o.visitKey) ?? []), o]);
  const problems: string[] = [];
  let pairs = 0;
  for (const [visitKey, claims] of byVisit) {
    if (claims.length > 1) pairs++;
    const paid = claims.filter(isPaid);
    if (paid.length > 1) {
      problems.push(
        `visit ${visitKey} was paid ${paid.length} times: ${paid.map((o) => o.claimId).join(', ')}`,
      );
    }
  }
  return result('no visit paid twice', `${pairs} visit(s) claimed twice, none paid twice`, problems);
}

/** A bill the fund already settled at the hospital is never paid again. */
export function checkSettledDirectlyNotPaid(outcomes: readonly ClaimOutcome[]): CheckResult {
  const settled = outcomes.filter((o) => o.role === 'settled_directly');
  const problems = settled
    .filter(isPaid)
    .map((o) => `${claimRef(o)} was settled directly at the hospital and paid again`);
  return result(
    'settled-directly bills not paid again',
    `${settled.length} settled-directly claim(s), none paid`,
    problems,
  );
}

const hasReason = (o: ClaimOutcome, code: string): boolean =>
  o.last?.reasons.some((r) => r.code === code) ?? false;

/** What the basic fund paid on a claim (the payout less serious-illness insurance's part). */
const basicFen = (o: ClaimOutcome): number =>
  o.last?.benefit ? o.last.benefit.benefitFen : (o.last?.paidFen ?? 0);
const seriousIllnessFen = (o: ClaimOutcome): number =>
  o.last?.benefit ? o.last.benefit.seriousIllnessFen : 0;

/**
 * The basic fund's annual cap of each care type and serious-illness insurance's cap hold per
 * person, counting what the home region says direct settlements paid before the batch (the heavy
 * users start ¥5,000 below the inpatient cap): prior + the batch's PAID claims ≤ cap.
 */
export function checkAnnualCaps(
  outcomes: readonly ClaimOutcome[],
  caps: AnnualCaps,
  prior: PriorTotals = new Map(),
): CheckResult {
  const totals = new Map<string, { fen: number; claims: ClaimOutcome[] }>();
  const tier = new Map<string, { fen: number; claims: ClaimOutcome[] }>();
  for (const o of outcomes.filter(isPaid)) {
    const key = `${o.insuredKey}|${o.careType}`;
    const total = totals.get(key) ?? {
      fen: prior.get(o.insuredKey)?.fundPaidFen[o.careType] ?? 0,
      claims: [],
    };
    total.fen += basicFen(o);
    total.claims.push(o);
    totals.set(key, total);
    const tierTotal = tier.get(o.insuredKey) ?? {
      fen: prior.get(o.insuredKey)?.seriousIllnessPaidFen ?? 0,
      claims: [],
    };
    tierTotal.fen += seriousIllnessFen(o);
    tierTotal.claims.push(o);
    tier.set(o.insuredKey, tierTotal);
  }
  const problems: string[] = [];
  let largest = 0;
  for (const [key, { fen, claims }] of totals) {
    const careType = key.split('|')[1] as CareType;
    const cap = caps[careType];
    largest = Math.max(largest, claims.length);
    if (cap === undefined) problems.push(`no annual cap known for ${careType} care`);
    else if (fen > cap) {
      problems.push(
        `insured #${(claims[0]?.insured ?? 0) + 1}: ${careType} fund paid ${formatYuanSign(fen)} this year ` +
          `(direct settlements and ${claims.length} claim(s)), above the cap of ${formatYuanSign(cap)} ` +
          `(${claims.map((o) => o.claimId).join(', ')})`,
      );
    }
  }
  for (const { fen, claims } of tier.values()) {
    const cap = caps.seriousIllness;
    if (fen === 0) continue;
    if (cap === undefined) problems.push('serious-illness insurance paid, but the policy has no tier cap');
    else if (fen > cap) {
      problems.push(
        `insured #${(claims[0]?.insured ?? 0) + 1}: serious-illness insurance paid ${formatYuanSign(fen)} this year, ` +
          `above its cap of ${formatYuanSign(cap)} (${claims.map((o) => o.claimId).join(', ')})`,
      );
    }
  }
  const insured = new Set(outcomes.filter(isPaid).map((o) => o.insuredKey)).size;
  const heavy = outcomes.filter((o) => isPaid(o) && prior.has(o.insuredKey)).length;
  return result(
    'annual caps held',
    `${insured} insured paid, up to ${largest} paid claim(s) of one care type each, all within the cap` +
      ` (${heavy} paid claim(s) of people the home region has near it), serious-illness insurance within its cap`,
    problems,
  );
}

/** A person the home region does not insure is rejected NOT_INSURED, and never paid. */
export function checkNotInsuredRejected(outcomes: readonly ClaimOutcome[]): CheckResult {
  const planned = outcomes.filter((o) => o.home === 'not_insured' && o.claimId !== undefined);
  const problems: string[] = [];
  for (const o of planned) {
    if (isPaid(o))
      problems.push(`${claimRef(o)}: the home region does not insure this person, yet it was PAID`);
    else if (isTerminal(o) && !(o.last?.status === 'REJECTED' && hasReason(o, 'NOT_INSURED')))
      problems.push(`${claimRef(o)}: not insured, but ended ${o.last?.status ?? '?'} without NOT_INSURED`);
  }
  const rejected = planned.filter((o) => o.last?.status === 'REJECTED' && hasReason(o, 'NOT_INSURED')).length;
  // Insured people are not refused as if they were not.
  for (const o of outcomes.filter((c) => c.home !== 'not_insured' && hasReason(c, 'NOT_INSURED')))
    problems.push(`${claimRef(o)}: the home region insures this person, yet it says NOT_INSURED`);
  return result(
    'uninsured people rejected',
    `${planned.length} claim(s) of people the home region does not insure, ${rejected} REJECTED NOT_INSURED, none paid`,
    problems,
  );
}

/**
 * The filing type is the home region's: a stay after the person's filing expired is unfiled, a
 * stay under the world's long-term filing is not, whatever the claim form could have said.
 */
export function checkUnfiledStays(outcomes: readonly ClaimOutcome[]): CheckResult {
  const known = outcomes.filter((o) => o.last?.visit?.filingType !== undefined);
  const problems: string[] = [];
  for (const o of known) {
    const unfiled = o.last?.visit?.filingType === 'unfiled';
    if (o.home === 'filing_expired' && !unfiled)
      problems.push(
        `${claimRef(o)}: the filing expired before the stay, yet it counts as ${o.last?.visit?.filingType}`,
      );
    if (o.home !== 'filing_expired' && unfiled)
      problems.push(`${claimRef(o)}: the home region has a filing in force, yet the stay counts as unfiled`);
  }
  const expired = known.filter((o) => o.home === 'filing_expired').length;
  return result(
    'filing from the home region',
    `${expired} stay(s) after an expired filing counted unfiled, ${known.length - expired} under a filing in force not`,
    problems,
  );
}

export function runChecks(
  outcomes: readonly ClaimOutcome[],
  ledger: readonly Transfer[],
  caps: AnnualCaps,
  prior: PriorTotals = new Map(),
): CheckResult[] {
  return [
    checkAccepted(outcomes),
    checkSettled(outcomes),
    checkBankAgrees(outcomes, ledger),
    checkOncePerVisit(outcomes),
    checkSettledDirectlyNotPaid(outcomes),
    checkAnnualCaps(outcomes, caps, prior),
    checkNotInsuredRejected(outcomes),
    checkUnfiledStays(outcomes),
  ];
}
