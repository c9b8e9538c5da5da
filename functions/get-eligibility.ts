import { HomeRegionUnavailableError } from '../adapters/home-region/home-region-client';
import { coverageEligibilityResponse } from '../domain/eligibility-response';
import { API_ROUTES } from './api-routes';
import { requireCaller } from './shared/auth';
import { deps } from './shared/dependencies';
import { HttpError } from './shared/http-errors';
import { apiHandler, json, parseQuery } from './shared/http';
import { EligibilityQuerySchema } from '../domain/api/eligibility';

const route = API_ROUTES.GetEligibility;

/**
 * GET /eligibility: the signed-in citizen's own record in their home region's insurance system,
 * as a FHIR R4 CoverageEligibilityResponse. The person is the token's ID hash, never a
 * parameter, so nobody can ask about someone else. A home region that does not answer is 503
 * with a code that says so: the page shows it, and nothing is guessed.
 */
export const getEligibility = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const query = parseQuery(event, EligibilityQuerySchema);
  const now = deps('now')();
  const date = query.date ?? now.toISOString().slice(0, 10);
  let record;
  try {
    record = await deps('homeRegion').record(query.homeRegion, caller.sub, Number(date.slice(0, 4)));
  } catch (error) {
    if (!(error instanceof HomeRegionUnavailableError)) throw error;
    throw new HttpError(
      503,
      'home_region_unavailable',
      '参保地医保系统暂时无法访问，请稍后再试 / the home region’s insurance system is not answering; try again shortly',
    );
  }
  const scheme = record.enrolment?.scheme;
  const policy = scheme
    ? deps('policies').find({ region: query.homeRegion, scheme, serviceDate: date })
    : undefined;
  const resource = coverageEligibilityResponse({
    region: query.homeRegion,
    record,
    date,
    created: now.toISOString(),
    ...(policy && { policy }),
  });
  return json(200, resource, { 'content-type': 'application/fhir+json; charset=utf-8' });
});

export const handler = getEligibility;
