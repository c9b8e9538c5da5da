import { whileRefused } from './http';
import type { Transfer } from '../../adapters/bank-api';
import { loadPolicyFile } from '../../adapters/policy-files';
import type { ApiClient } from './api-client';
import { runChecks, type AnnualCaps, type CheckResult } from './checks';
import type { CreatedVisit } from './claim-request';
import { Clerk, type ClerkCounts } from './clerk';
import { planFaults, type PlannedFault } from './fault-plan';
import { switchFaultsOn } from './faults-switch';
import { follow, type FollowResult, type LateRelease } from './follow';
import type { ClaimOutcome } from './outcome';
import { planBatch, type BatchPlan } from './plan';
import { dynamoDbUsage, type DynamoDbUsage } from './dynamodb-usage';
import { connect } from './preflight';
import { startProgress, type DemoProgress, type ProgressCounts } from './progress';
import { submitAll } from './submit';
import { createVisits } from './visits';
import { populateHomeRegion, type HomeRegionSetup } from './home-region';
import type { WorldClient } from './world-client';
import { cpuBetween, DEMO_PART, processTreeCpu, type CpuByPart } from './process-cpu';

/**
 * `npm run demo`: a batch of generated claims driven through the running system by its public
 * interfaces only (the API with tokens, the hospitals' admin endpoints, the bank's ledger),
 * followed to the end, then checked. The command (cli/commands/demo.ts) prints the report.
 */

export interface DemoOptions {
  claims: number;
  seed: string;
  /** Share of the batch's hospitals switched into transient faults, 0–1. */
  faults: number;
  apiUrl: string;
  hospitalsUrl: string;
  bankUrl: string;
  /** The simulated home region: the demo sets its people's records there. */
  homeRegionUrl: string;
  dataDir: string;
  timeoutSeconds: number;
  concurrency: number;
  /** How often unfinished claims are read; each read is three DynamoDB queries behind the API. */
  pollIntervalMs: number;
  policyPath: string;
  /** A line for the person watching (stdout). */
  print: (line: string) => void;
  showProgress: boolean;
  /** Ctrl-C: stop submitting and following, switch the faults off, report what there is. */
  signal?: AbortSignal;
  /** More to show on the progress bar (the chaos run: kills and recoveries). */
  progressNote?: () => string;
  /** Told the counts each time the progress is updated (the chaos run times its kills by them). */
  onProgress?: (counts: ProgressCounts) => void;
}

export interface DemoRun {
  options: DemoOptions;
  plan: BatchPlan;
  outcomes: ClaimOutcome[];
  faults: PlannedFault[];
  faultProblems: string[];
  lateRelease?: LateRelease;
  clerk: ClerkCounts;
  firstSubmitMs?: number;
  submissionsDoneMs?: number;
  timedOut: boolean;
  interrupted: boolean;
  pollErrors: number;
  /** GET /claims/{id} and GET /review-queue calls the demo made while following. */
  reads: { claims: number; queue: number };
  caps: AnnualCaps;
  /** What the demo set in the home region's record before filing. */
  homeRegion: HomeRegionSetup;
  ledger: Transfer[];
  checks: CheckResult[];
  /** DynamoDB requests during the run; undefined when the process does not count them. */
  dynamo?: DynamoDbUsage;
  /** CPU seconds of each part of the system and of the demo during the run (Linux only). */
  cpu?: { claims: number; byPart: CpuByPart };
}

/** The system's processes (from `npm start`'s pid) and this one, by part; undefined without /proc. */
function systemCpu(runtimePid: number | undefined): CpuByPart | undefined {
  if (runtimePid === undefined) return undefined;
  const system = processTreeCpu(runtimePid);
  if (!system) return undefined;
  const { user, system: kernel } = process.cpuUsage();
  return { ...system, [DEMO_PART]: (user + kernel) / 1e6 };
}

/** Tokens outlive the run by this much. */
const TOKEN_SLACK_SECONDS = 600;

export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const { api, world, homeRegion, runtimePid } = await connect(
    options,
    options.timeoutSeconds + TOKEN_SLACK_SECONDS,
  );
  const policy = await loadPolicyFile(options.policyPath);
  const caps: AnnualCaps = {
    inpatient: policy.careTypes.inpatient?.annualCapFen,
    outpatient: policy.careTypes.outpatient?.annualCapFen,
    seriousIllness: policy.seriousIllness?.annualCapFen,
  };
  const plan = planBatch({ claims: options.claims, seed: options.seed });
  const visits = await createVisits(world, plan);
  const home = await populateHomeRegion(homeRegion, plan, visits, caps.inpatient ?? 0);
  const outcomes = plan.claims.map((claim) => outcomeOf(claim, plan, visits));
  const faults = planFaults(
    options.seed,
    options.faults,
    visits.map((v) => v.hospital.hospitalCode),
  );
  options.print(
    `  home region: ${home.people.not_insured} not insured, ${home.people.filing_expired} with an expired filing, ` +
      `${home.people.heavy_user} heavy user(s) near the cap, ${home.catalogueChanges} catalogue entries unlike the bills`,
  );
  options.print(
    `  ${visits.length} visits at ${new Set(visits.map((v) => v.hospital.hospitalCode)).size} hospitals, ` +
      `${outcomes.length} claims; ${faults.length === 0 ? 'no hospital faults' : `${faults.length} hospital(s) with faults`}`,
  );

  const faultSwitch = await switchFaultsOn(world, faults, options.print);
  const requestsBefore = await api.dynamoRequests();
  const cpuBefore = systemCpu(runtimePid);
  let driven: Awaited<ReturnType<typeof drive>>;
  let faultProblems: string[];
  try {
    driven = await drive(options, api, world, plan, visits, outcomes);
  } finally {
    faultProblems = await faultSwitch.clearAll();
  }
  const requestsAfter = await whileRefused(() => api.dynamoRequests(), { patienceMs: 5 * 60_000 });
  const cpuAfter = systemCpu(runtimePid);
  const submittedClaims = outcomes.filter((o) => o.claimId !== undefined).length;
  const cpu = cpuBefore && cpuAfter && { claims: submittedClaims, byPart: cpuBetween(cpuBefore, cpuAfter) };
  const dynamo =
    requestsBefore && requestsAfter && driven.firstSubmitMs !== undefined
      ? dynamoDbUsage(
          requestsBefore,
          requestsAfter,
          submittedClaims,
          (Date.now() - driven.firstSubmitMs) / 1000,
        )
      : undefined;
  // The bank may be restarting (a chaos kill near the end): its ledger is read once it answers.
  const ledger = await whileRefused(() => world.ledger(), { patienceMs: 5 * 60_000 });
  return {
    ...(dynamo && { dynamo }),
    ...(cpu && { cpu }),
    options,
    plan,
    outcomes,
    faults,
    faultProblems,
    ...driven,
    reads: { ...api.reads },
    caps,
    homeRegion: home,
    ledger,
    checks: runChecks(outcomes, ledger, caps, home.prior),
  };
}

function outcomeOf(
  claim: BatchPlan['claims'][number],
  batch: BatchPlan,
  visits: readonly CreatedVisit[],
): ClaimOutcome {
  const visit = visits[claim.visit];
  if (!visit)
    throw new Error(`claim #${claim.index + 1} names visit #${claim.visit + 1}, which was not created`);
  const { plan, hospital } = visit;
  return {
    index: claim.index,
    visit: claim.visit,
    insured: plan.insured,
    home: batch.insured[plan.insured]?.home ?? 'default',
    insuredKey: hospital.patient.idNumberHash,
    duplicate: claim.duplicate,
    role: plan.role,
    careType: plan.careType,
    visitKey: `${hospital.hospitalCode}/${hospital.visitNo}`,
    clerk: plan.clerk,
  };
}

/** Submits the batch while following it and working the queue; returns when it has settled or time is up. */
async function drive(
  options: DemoOptions,
  api: ApiClient,
  world: WorldClient,
  plan: BatchPlan,
  visits: readonly CreatedVisit[],
  outcomes: ClaimOutcome[],
) {
  const byClaimId = new Map<string, ClaimOutcome>();
  const clerk = new Clerk(api, byClaimId);
  let submissionsDoneMs: number | undefined;
  const submitting = submitAll(outcomes, {
    api,
    plan,
    visits,
    concurrency: options.concurrency,
    signal: options.signal,
    onClaimId: (outcome) => byClaimId.set(outcome.claimId ?? '', outcome),
  }).finally(() => {
    submissionsDoneMs = Date.now();
  });
  // Submitting stops at once if following fails, and following is not left waiting for it.
  submitting.catch(() => undefined);

  const bar = options.showProgress ? startProgress(outcomes.length, options.progressNote) : undefined;
  const progress: DemoProgress = {
    update: (counts, rate) => {
      options.onProgress?.(counts);
      bar?.update(counts, rate);
    },
    stop: () => bar?.stop(),
  };
  let followed: FollowResult;
  try {
    followed = await follow(outcomes, {
      api,
      world,
      clerk,
      pollIntervalMs: options.pollIntervalMs,
      deadlineMs: Date.now() + options.timeoutSeconds * 1000,
      progress,
      signal: options.signal,
      submissionsDoneMs: () => submissionsDoneMs,
      firstSubmitMs: () => firstSubmitMs(outcomes),
    });
  } finally {
    progress?.stop();
  }
  await submitting;
  return {
    ...followed,
    clerk: clerk.counts,
    firstSubmitMs: firstSubmitMs(outcomes),
    submissionsDoneMs,
  };
}

const firstSubmitMs = (outcomes: readonly ClaimOutcome[]): number | undefined => {
  const times = outcomes.flatMap((o) => o.submittedAtMs ?? []);
  return times.length === 0 ? undefined : Math.min(...times);
};
