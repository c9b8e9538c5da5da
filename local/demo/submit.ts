import { randomBytes } from 'node:crypto';
import type { ApiClient } from './api-client';
import { claimRequest, type CreatedVisit } from './claim-request';
import { SystemUnreachableError, UnexpectedAnswerError, whileRefused } from './http';
import type { ClaimOutcome } from './outcome';
import type { BatchPlan } from './plan';
import { forEachLimited } from '../../domain/limited-concurrency';

/**
 * Files every claim of the batch through POST /claims as its insured person, `concurrency` at
 * a time, recording when each was sent. Each request carries an idempotency key and is repeated
 * until answered (a refused or dropped connection, a timeout, a 5xx) for up to ten minutes: the
 * API files it once. A submission still unanswered after that may have created the claim:
 * afterwards the citizen's own claim list is read, as a person would look, and a claim of that
 * visit the demo does not know yet is adopted.
 */

export interface SubmitContext {
  api: ApiClient;
  plan: BatchPlan;
  visits: readonly CreatedVisit[];
  concurrency: number;
  signal?: AbortSignal;
  /** Told of each claim id as soon as the API gives it. */
  onClaimId: (outcome: ClaimOutcome) => void;
}

/** This run's part of the idempotency keys: a second run's claims are new claims. */
const RUN = randomBytes(6).toString('hex');

/** How long a submission waits for a refusing API to come back (a supervised restart takes seconds to minutes). */
const REFUSED_PATIENCE_MS = 10 * 60_000;

const mayHaveCreated = (error: unknown): boolean =>
  error instanceof SystemUnreachableError ||
  (error instanceof UnexpectedAnswerError && error.answer.status >= 500);

export async function submitAll(outcomes: readonly ClaimOutcome[], context: SubmitContext): Promise<void> {
  const uncertain: ClaimOutcome[] = [];
  await forEachLimited(outcomes, context.concurrency, async (outcome) => {
    if (context.signal?.aborted) {
      outcome.submitError = 'not submitted: the demo was interrupted';
      return;
    }
    const visit = context.visits[outcome.visit];
    const insured = context.plan.insured[outcome.insured];
    if (!visit || !insured)
      throw new Error(`claim #${outcome.index + 1} names a visit or person the plan lacks`);
    outcome.submittedAtMs = Date.now();
    try {
      // One request, repeated with its idempotency key until it is answered: while crossclaim is
      // down (a restart), or after an answer was lost, the citizen tries again and files once.
      const request = claimRequest(visit, insured, new Date());
      outcome.claimId = await whileRefused(
        () =>
          context.api.submit(
            visit.hospital.patient.idNumberHash,
            request,
            `demo-${RUN}-${outcome.index + 1}`,
          ),
        {
          patienceMs: REFUSED_PATIENCE_MS,
          retryable: mayHaveCreated,
          ...(context.signal && { signal: context.signal }),
        },
      );
      context.onClaimId(outcome);
    } catch (error) {
      if (!(error instanceof UnexpectedAnswerError || error instanceof SystemUnreachableError)) throw error;
      outcome.submitError = error.message;
      if (mayHaveCreated(error)) uncertain.push(outcome);
    }
  });
  // Only now: a duplicate's twin still in flight could otherwise be taken for the lost claim.
  for (const outcome of uncertain) await recover(outcome, outcomes, context);
}

async function recover(
  outcome: ClaimOutcome,
  outcomes: readonly ClaimOutcome[],
  context: SubmitContext,
): Promise<void> {
  const visit = context.visits[outcome.visit];
  if (!visit) return;
  const known = new Set(outcomes.map((o) => o.claimId).filter((id) => id !== undefined));
  let claims;
  try {
    claims = await context.api.claimsOf(visit.hospital.patient.idNumberHash);
  } catch (error) {
    if (!(error instanceof UnexpectedAnswerError || error instanceof SystemUnreachableError)) throw error;
    return;
  }
  const { hospital } = visit;
  const found = claims.find(
    (c) =>
      !known.has(c.claimId) &&
      c.hospitalCode === hospital.hospitalCode &&
      c.careType === hospital.careType &&
      c.serviceDate === hospital.serviceDate,
  );
  if (!found) return;
  outcome.claimId = found.claimId;
  outcome.recoveredFrom = outcome.submitError;
  outcome.submitError = undefined;
  context.onClaimId(outcome);
}
