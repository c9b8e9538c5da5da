import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Appeal, AppealRequest, ClaimCase } from '../../domain/claim';
import type { ClaimStatus } from '../../domain/claim-status';
import { DEFAULT_REVIEW_RULES } from '../../domain/policy';
import { deps } from '../shared/dependencies';
import { conflict, HttpError } from '../shared/http-errors';
import { logger, metrics } from '../shared/observability';
import { moveClaim } from './claim-moves';

const DAY_MS = 86_400_000;

/** Until when a decided claim may be appealed: the policy's window from the day it was decided. */
export function appealDeadline(claim: ClaimCase): string | undefined {
  if (!claim.decidedAt) return undefined;
  const policy = claim.policyId ? deps('policies').byId(claim.policyId, claim.policyVersion) : undefined;
  const days = (policy?.review ?? DEFAULT_REVIEW_RULES).appealWindowDays;
  return new Date(Date.parse(claim.decidedAt) + days * DAY_MS).toISOString();
}

/** The appeal filed, by its number, and the status the claim is in now. */
export interface FiledAppeal {
  appealNo: number;
  status: ClaimStatus;
}

/**
 * The citizen's appeal of a decided claim (POST /claims/{claimId}/appeals), within the policy's
 * window: the claim moves to APPEALED and the appeal runs as its own execution of the claim state
 * machine, named after it, so filing it twice starts it once. The same reason again while the
 * appeal is open answers with it; another is 409 appeal_open. An execution that cannot start
 * puts the claim back as it was (503), so the appeal can be filed again.
 */
export async function appealClaim(
  claim: ClaimCase,
  request: AppealRequest,
  citizen: string,
): Promise<FiledAppeal> {
  const { claimId } = claim;
  const open = claim.appeals?.find((a) => a.status === 'FILED' || a.status === 'IN_REVIEW');
  if (open) {
    if (open.reason === request.reason) return { appealNo: open.appealNo, status: claim.status };
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
    actor: { role: 'citizen', sub: citizen },
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
  return { appealNo: appeal.appealNo, status: appealed.status };
}
