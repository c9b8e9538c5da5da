import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireCaller, ROLES, type Caller } from './auth';
import { deps } from './dependencies';

/**
 * "Who looked at my case" (issue #18): the one place a staff read of a case is recorded. The
 * route table (functions/api-routes.ts) marks the routes that show a case, or part of one, with
 * `caseRead` and why; routeHandler (./route-handler.ts) calls this after the handler
 * answered 2xx and before the answer leaves, so a read that cannot be recorded fails (500) and
 * shows nothing. A citizen's reads of their own case are not recorded; every other role's are.
 */

/** The part of a route this needs: its function's name and, on routes that read a case, why. */
export interface CaseReadingRoute {
  functionName: string;
  caseRead?: { zh: string; en: string };
}

/**
 * What this process recorded lately: the log keeps one entry per person, route and minute, so a
 * second read of the same minute needs no write (it would change nothing).
 */
const recorded = new Set<string>();
const MAX_REMEMBERED = 10_000;

export async function recordCaseRead(
  event: APIGatewayProxyEventV2,
  route: CaseReadingRoute,
  /** The caller the route already authenticated; read from the token when not given. */
  authenticated?: Caller,
): Promise<void> {
  if (!route.caseRead) return;
  const claimId = event.pathParameters?.claimId;
  if (!claimId) return;
  const caller = authenticated ?? requireCaller(event, ROLES);
  if (caller.role === 'citizen') return;
  const at = deps('now')().toISOString();
  const once = `${claimId}|${caller.role}|${caller.sub}|${route.functionName}|${at.slice(0, 16)}`;
  if (recorded.has(once)) return;
  await deps('claims').caseReads.record({
    claimId,
    at,
    role: caller.role,
    actorId: caller.sub,
    ...('region' in caller && { region: caller.region }),
    route: route.functionName,
  });
  if (recorded.size >= MAX_REMEMBERED) recorded.clear();
  recorded.add(once);
}
