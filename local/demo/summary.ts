import { CLAIM_STATUSES } from '../../domain/claim-status';
import { formatYuanSign, sumFen } from '../../domain/money';
import type { CheckResult } from './checks';
import { availableParallelism } from 'node:os';
import { dynamoDbUsageLines } from './dynamodb-usage';
import { cpuLines } from './process-cpu';
import { MAX_RETRIES_PER_CLAIM } from './clerk';
import { describeFault } from './fault-plan';
import { claimRef, isPaid, isQueued, isTerminal, submitToPaidMs, type ClaimOutcome } from './outcome';
import { planCounts } from './plan';
import type { DemoRun } from './run-demo';
import { formatSeconds, latencySummary, ratePerSecond, type LatencySummary } from './stats';

/**
 * The figures of a run and the text the command prints. Latencies come from the API's own
 * timestamps (a case's createdAt, the payout's time in its timeline), not from the demo's
 * polling, so the poll interval does not blur them; the wall time starts at the demo's first
 * submission and ends at the last terminal claim's updatedAt (one machine, one clock).
 */

export interface PathLatencies {
  straightThrough: LatencySummary;
  issuedLater: LatencySummary;
  viaClerk: LatencySummary;
  all: LatencySummary;
}

export interface DemoFigures {
  statusCounts: Record<string, number>;
  rejectionReasons: Record<string, number>;
  notSubmitted: number;
  /** Submitted claims neither terminal nor in the clerk queue: while any are, there is no rate to give. */
  unfinished: number;
  wallMs?: number;
  claimsPerSecond?: number;
  latencies: PathLatencies;
  paidFen: number;
  insuredPaid: number;
  transfers: number;
  homeRegion: HomeRegionFigures;
}

/** What the home region's record decided in the batch, counted from the API's answers. */
export interface HomeRegionFigures {
  /** Claims REJECTED with NOT_INSURED. */
  notInsuredRejected: number;
  /** Claims whose stay the home region's record made unfiled (no filing in force on the date). */
  unfiledStays: number;
  /** Bill lines whose category the catalogue changed, and the claims they are on. */
  catalogueCorrections: { lines: number; claims: number };
  /** Claims serious-illness insurance paid on, and how much. */
  seriousIllness: { claims: number; fen: number };
}

export function homeRegionFigures(outcomes: readonly ClaimOutcome[]): HomeRegionFigures {
  const submitted = outcomes.filter((o) => o.claimId !== undefined);
  const corrected = submitted.filter((o) => (o.last?.benefit?.catalogue?.corrections ?? 0) > 0);
  const tier = submitted.filter((o) => isPaid(o) && (o.last?.benefit?.seriousIllnessFen ?? 0) > 0);
  return {
    notInsuredRejected: submitted.filter(
      (o) => o.last?.status === 'REJECTED' && o.last.reasons.some((r) => r.code === 'NOT_INSURED'),
    ).length,
    unfiledStays: submitted.filter((o) => o.last?.visit?.filingType === 'unfiled').length,
    catalogueCorrections: {
      lines: sumFen(corrected.map((o) => o.last?.benefit?.catalogue?.corrections ?? 0)),
      claims: corrected.length,
    },
    seriousIllness: {
      claims: tier.length,
      fen: sumFen(tier.map((o) => o.last?.benefit?.seriousIllnessFen ?? 0)),
    },
  };
}

/** The queue fact leaves the timeline with the case leaving the queue; the clerk's decision stays. */
const wentThroughClerk = (o: ClaimOutcome): boolean =>
  o.last?.timeline.some((t) => t.fact === 'queued_for_clerk' || t.fact === 'decided') ?? false;

function latenciesOf(outcomes: readonly ClaimOutcome[]): PathLatencies {
  const paid = outcomes.filter(isPaid);
  const ms = (list: readonly ClaimOutcome[]) => list.flatMap((o) => submitToPaidMs(o) ?? []);
  return {
    straightThrough: latencySummary(
      ms(paid.filter((o) => o.role !== 'issued_later' && !wentThroughClerk(o))),
    ),
    issuedLater: latencySummary(ms(paid.filter((o) => o.role === 'issued_later' && !wentThroughClerk(o)))),
    viaClerk: latencySummary(ms(paid.filter(wentThroughClerk))),
    all: latencySummary(ms(paid)),
  };
}

export function demoFigures(run: Pick<DemoRun, 'outcomes' | 'firstSubmitMs'>): DemoFigures {
  const { outcomes } = run;
  const submitted = outcomes.filter((o) => o.claimId !== undefined);
  const statusCounts: Record<string, number> = {};
  const rejectionReasons: Record<string, number> = {};
  for (const o of submitted) {
    const status = o.last?.status ?? 'never read';
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    if (status === 'REJECTED') {
      for (const code of new Set(o.last?.reasons.map((r) => r.code))) {
        rejectionReasons[code] = (rejectionReasons[code] ?? 0) + 1;
      }
    }
  }
  const lastTerminalMs = Math.max(
    ...outcomes.filter(isTerminal).map((o) => Date.parse(o.last?.updatedAt ?? '')),
    Number.NEGATIVE_INFINITY,
  );
  const wallMs =
    run.firstSubmitMs !== undefined && Number.isFinite(lastTerminalMs)
      ? lastTerminalMs - run.firstSubmitMs
      : undefined;
  const paid = outcomes.filter(isPaid);
  const unfinished = submitted.filter((o) => !isTerminal(o) && !isQueued(o)).length;
  return {
    statusCounts,
    rejectionReasons,
    notSubmitted: outcomes.length - submitted.length,
    unfinished,
    wallMs,
    claimsPerSecond:
      wallMs === undefined || unfinished > 0 ? undefined : ratePerSecond(submitted.length, wallMs),
    latencies: latenciesOf(outcomes),
    paidFen: sumFen(paid.map((o) => o.last?.paidFen ?? 0)),
    insuredPaid: new Set(paid.map((o) => o.insuredKey)).size,
    transfers: paid.filter((o) => (o.last?.paidFen ?? 0) > 0).length,
    homeRegion: homeRegionFigures(outcomes),
  };
}

const pad = (text: string | number, width: number): string => String(text).padEnd(width);
const padStart = (text: string | number, width: number): string => String(text).padStart(width);

function latencyLine(label: string, l: LatencySummary): string {
  if (l.count === 0) return `  ${pad(label, 44)} ${padStart(0, 4)} claims`;
  return (
    `  ${pad(label, 44)} ${padStart(l.count, 4)} claims   p50 ${padStart(formatSeconds(l.p50Ms), 7)}` +
    `   p95 ${padStart(formatSeconds(l.p95Ms), 7)}   max ${padStart(formatSeconds(l.maxMs), 7)}`
  );
}

function planLine(run: DemoRun): string {
  const counts = planCounts(run.options.claims);
  const several = new Set(
    run.plan.visits.map((v) => v.insured).filter((i, _, all) => all.indexOf(i) !== all.lastIndexOf(i)),
  ).size;
  return (
    `  ${counts.visits} visits: ${counts.issuedLater} bill issued later, ${counts.settledDirectly} settled directly, ` +
    `${counts.receiptMismatch} with a mismatching paper receipt; ${several} insured with several visits; ` +
    `${counts.duplicates} visits submitted twice`
  );
}

/** What the home region's record decided: the people the demo set there, and what came of them. */
function homeRegionLines(run: DemoRun, figures: DemoFigures): string[] {
  const h = figures.homeRegion;
  const people = run.homeRegion.people;
  const heavy = run.outcomes.filter((o) => o.home === 'heavy_user' && isPaid(o));
  const heavyBasic = sumFen(heavy.map((o) => o.last?.benefit?.benefitFen ?? o.last?.paidFen ?? 0));
  return [
    'Home region (its record decides, not the claim form):',
    `  claims REJECTED NOT_INSURED: ${h.notInsuredRejected} (${people.not_insured} person(s) it does not insure)`,
    `  unfiled stays: ${h.unfiledStays} (${people.filing_expired} person(s) whose filing expired before the stay)`,
    `  catalogue corrections: ${h.catalogueCorrections.lines} bill line(s) in ${h.catalogueCorrections.claims} claim(s) ` +
      `(${run.homeRegion.catalogueChanges} entries of the region's catalogue unlike the bills)`,
    `  serious-illness payouts: ${h.seriousIllness.claims} claim(s), ${formatYuanSign(h.seriousIllness.fen)}`,
    `  heavy users (¥395,000 of the ¥400,000 inpatient cap paid directly): ${people.heavy_user}; ` +
      `${heavy.length} paid, the basic fund ${formatYuanSign(heavyBasic)} in all`,
  ];
}

/** What was planned and how it came out; not a check (the exit code does not depend on it). */
function asPlannedLines(outcomes: readonly ClaimOutcome[]): string[] {
  const reasonOf = (o: ClaimOutcome, code: string) => o.last?.reasons.some((r) => r.code === code) ?? false;
  const byVisit = new Map<string, ClaimOutcome[]>();
  for (const o of outcomes) byVisit.set(o.visitKey, [...(byVisit.get(o.visitKey) ?? []), o]);
  const pairs = [...byVisit.values()].filter((list) => list.length > 1);
  const pairsAsExpected = pairs.filter(
    (list) =>
      list.filter(isPaid).length === 1 &&
      list.some((o) => o.last?.status === 'REJECTED' && reasonOf(o, 'ALREADY_REIMBURSED')),
  ).length;
  const duplicateWon = pairs.filter((list) => list.some((o) => o.duplicate && isPaid(o))).length;
  const settled = outcomes.filter((o) => o.role === 'settled_directly');
  const settledRejected = settled.filter(
    (o) => o.last?.status === 'REJECTED' && reasonOf(o, 'SETTLED_DIRECTLY'),
  );
  const clerkRejects = outcomes.filter((o) => o.clerk.decision === 'reject');
  const mismatches = outcomes.filter((o) => o.role === 'receipt_mismatch');
  return [
    `  visits claimed twice: ${pairs.length}; one paid and the other REJECTED ALREADY_REIMBURSED: ${pairsAsExpected}` +
      ` (the second submission won the race in ${duplicateWon})`,
    `  settled directly at the hospital: ${settled.length}; REJECTED SETTLED_DIRECTLY: ${settledRejected.length}`,
    `  mismatching paper receipts: ${mismatches.length}, reached the clerk: ${mismatches.filter(wentThroughClerk).length};` +
      ` clerk to reject ${clerkRejects.length}, REJECTED: ${clerkRejects.filter((o) => o.last?.status === 'REJECTED').length}`,
  ];
}

function checkLines(checks: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
    const shown = check.problems.slice(0, 20);
    lines.push(...shown.map((p) => `      - ${p}`));
    if (check.problems.length > shown.length)
      lines.push(`      … and ${check.problems.length - shown.length} more`);
  }
  return lines;
}

function statusLines(figures: DemoFigures): string[] {
  const statuses = CLAIM_STATUSES.filter(
    (s) => s === 'PAID' || s === 'REJECTED' || (figures.statusCounts[s] ?? 0) > 0,
  );
  const reasons = Object.entries(figures.rejectionReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(' · ');
  const row = (label: string, n: number, note = '') => `  ${pad(label, 18)} ${padStart(n, 5)}${note}`;
  return [
    'Final status',
    ...statuses.map((s) => {
      const n = figures.statusCounts[s] ?? 0;
      if (s === 'REJECTED' && reasons) return row(s, n, `   ${reasons}`);
      if (s === 'FAILED' && n > 0)
        return row(s, n, `   left in the clerk queue (retried up to ${MAX_RETRIES_PER_CLAIM}×)`);
      if (s === 'IN_REVIEW' && n > 0) return row(s, n, '   left in the clerk queue');
      return row(s, n);
    }),
    ...(figures.statusCounts['never read'] ? [row('never read', figures.statusCounts['never read'])] : []),
    ...(figures.notSubmitted > 0 ? [row('not submitted', figures.notSubmitted)] : []),
  ];
}

/** How the run went: submitting, the clerk, the held-back bills, the demo's own reads. */
function runLines(run: DemoRun, figures: DemoFigures): string[] {
  const { options, lateRelease, firstSubmitMs } = run;
  const failed = figures.statusCounts.FAILED ?? 0;
  return [
    run.submissionsDoneMs !== undefined && firstSubmitMs !== undefined
      ? `Submitted in ${formatSeconds(run.submissionsDoneMs - firstSubmitMs)}, ${options.concurrency} at a time`
      : 'Submissions did not finish',
    `Clerk (region 330400): ${run.clerk.approved} approved, ${run.clerk.rejected} rejected, ${run.clerk.retried} failed case(s) retried` +
      (failed > 0 ? `; ${failed} left FAILED in the queue` : ''),
    lateRelease && firstSubmitMs !== undefined
      ? `Held-back bills: ${lateRelease.issued} issued ${formatSeconds(lateRelease.atMs - firstSubmitMs)} ` +
        `after the first submission; ${lateRelease.seenWaiting} of their ${lateRelease.lateClaims} claims ` +
        'had been seen waiting for them (resumed by the pushed event), the others find them by fetching'
      : 'Held-back bills: not released (the run ended first)',
    ...(run.timedOut ? [`Stopped following after --timeout ${options.timeoutSeconds} s`] : []),
    ...(run.interrupted
      ? ['Interrupted (Ctrl-C): the claims were left as they were, the faults switched off']
      : []),
    `Following: ${run.reads.claims} reads of a claim and ${run.reads.queue} of the review queue, every ` +
      `${formatSeconds(options.pollIntervalMs)} (each a few DynamoDB reads: part of the load measured)`,
    ...(run.pollErrors > 0
      ? [`${run.pollErrors} read(s) of the API failed while following (retried on the next pass)`]
      : []),
    ...run.outcomes
      .filter((o) => o.recoveredFrom !== undefined)
      .map((o) => `POST /claims for ${claimRef(o)} failed (${o.recoveredFrom ?? ''}); the claim was there`),
  ];
}

/** Throughput, latencies and money. */
function figureLines(run: DemoRun, figures: DemoFigures): string[] {
  return [
    figures.claimsPerSecond === undefined
      ? `Throughput: not measured, ${figures.unfinished} claim(s) did not finish`
      : `Throughput: ${run.outcomes.length - figures.notSubmitted} claims in ${formatSeconds(figures.wallMs)} = ` +
        `${figures.claimsPerSecond.toFixed(2)} claims/s`,
    '  (from the first submission, demo clock, to the last claim turning terminal, its updatedAt in the API; one machine)',
    'Submit → paid, from the API’s timestamps (case createdAt → payout time):',
    latencyLine('straight through (bill at once, no clerk)', figures.latencies.straightThrough),
    latencyLine('bill issued later (includes the hold)', figures.latencies.issuedLater),
    latencyLine('through the clerk queue', figures.latencies.viaClerk),
    latencyLine('all paid claims', figures.latencies.all),
    `Money paid: ${formatYuanSign(figures.paidFen)} to ${figures.insuredPaid} insured in ${figures.transfers} bank transfer(s)`,
    ...dynamoDbUsageLines(run.dynamo),
    ...cpuLines(run.cpu, availableParallelism()),
  ];
}

export function renderSummary(run: DemoRun): string[] {
  const figures = demoFigures(run);
  const { options } = run;
  const failedChecks = run.checks.filter((c) => !c.ok).length;
  return [
    '',
    `crossclaim demo: ${run.outcomes.length} claims, seed "${options.seed}", faults ${options.faults}, concurrency ${options.concurrency}`,
    planLine(run),
    ...run.faults.map((f) => `  fault: ${describeFault(f)}`),
    ...run.faultProblems.map((p) => `  ! ${p}`),
    '',
    ...statusLines(figures),
    '',
    ...runLines(run, figures),
    '',
    ...figureLines(run, figures),
    '',
    ...homeRegionLines(run, figures),
    '',
    'As planned (informational):',
    ...asPlannedLines(run.outcomes),
    '',
    'Checks:',
    ...checkLines(run.checks),
    '',
    failedChecks === 0
      ? 'Result: every check holds.'
      : `Result: ${failedChecks} check(s) failed: see ✗ above.`,
  ];
}
