import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AppealRequestSchema, type Appeal, type ClaimCase } from '../domain/claim';
import { DEFAULT_REVIEW_RULES } from '../domain/policy';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireVisibleClaim } from './shared/auth';
import { moveClaim } from './services/claim-moves';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { conflict, HttpError } from './shared/http-errors';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.FileAppeal;
const DAY_MS = 86_400_000;

/** Until when a decided claim may be appealed: the policy's window from the day it was decided. */
export function appealDeadline(claim: ClaimCase): string | undefined {
  if (!claim.decidedAt) return undefined;
  const policy = claim.policyId ? deps('policies').byId(claim.policyId, claim.policyVersion) : undefined;
  const days = (policy?.review ?? DEFAULT_REVIEW_RULES).appealWindowDays;
  return new Date(Date.parse(claim.decidedAt) + days * DAY_MS).toISOString();
}

/**
 * POST /claims/{claimId}/appeals: the citizen appeals a decided claim within the policy's window.
 * The appeal runs as its own execution of the claim state machine, named after it, so filing
 * it twice starts it once. A paid claim is adjudicated again under the policy version in force
 * on its service date and only the difference is paid (ReAdjudicateAppeal, PayAppealDifference);
 * a rejected one goes to a clerk with the citizen's reason, who upholds the rejection or runs the
 * claim again.
 */
export const fileAppeal = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { claimId } = parsePathParameters(event, route.request.params);
  const request = parseBody(event, AppealRequestSchema);
  const claim = requireVisibleClaim(caller, claimId, await deps('claims').find(claimId));

  const open = claim.appeals?.find((a) => a.status === 'FILED' || a.status === 'IN_REVIEW');
  if (open) {
    if (open.reason === request.reason)
      return json(202, { claimId, appealNo: open.appealNo, status: claim.status });
    throw conflict('appeal_open', `claim ${claimId} has appeal ${open.appealNo} under way`);
  }
  if (claim.status !== 'PAID' && claim.status !== 'REJECTED') {
    throw conflict('not_decided', `claim ${claimId} is ${claim.status}, not decided yet`);
  }
  const now = deps('now')().toISOString();
  const deadline = appealDeadline(claim);
  if (deadline && now > deadline) {
    throw conflict('appeal_window_closed', `the window to appeal claim ${claimId} closed on ${deadline}`);
  }
  const appeal: Appeal = {
    appealNo: (claim.appeals?.length ?? 0) + 1,
    reason: request.reason,
    filedAt: now,
    status: 'FILED',
  };
  const appealed = await moveClaim(claim, 'APPEALED', { appeals: [...(claim.appeals ?? []), appeal] }, [], {
    actor: { role: 'citizen', sub: caller.sub },
    action: 'appeal.filed',
  });
  try {
    await deps('sfn').send(
      new StartExecutionCommand({
        stateMachineArn: deps('stateMachineArn'),
        name: `${claimId}-appeal-${appeal.appealNo}`,
        input: JSON.stringify({ claimId, appealNo: appeal.appealNo }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) {
      // Not started: the claim goes back as it was, so the appeal can be filed again.
      await deps('claims')
        .transition(appealed, claim.status, { appeals: claim.appeals ?? [] }, [], {
          action: 'decision.withdrawn',
        })
        .catch(() => undefined);
      logger.error('an appeal could not start its workflow', { claimId, error: (error as Error).name });
      throw new HttpError(503, 'workflow_unavailable', 'the appeal was not filed; try again shortly');
    }
  }
  metrics.addMetric('AppealsFiled', MetricUnit.Count, 1);
  return json(202, { claimId, appealNo: appeal.appealNo, status: appealed.status });
});

export const handler = fileAppeal;
