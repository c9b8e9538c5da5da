import { API_ROUTES } from './api-routes';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { fileClaim } from './services/claim-filing';
import { parseClaimRequest } from './services/claim-requests';
import { authorisedFiling } from './services/filing-authority';

/**
 * POST /claims: a citizen files a claim for themselves, from a visit of their own (`visitRef`,
 * found again among the token's visits; 404 for any other) or with the full form (its ID number
 * must hash to the token's subject, else 403); a family delegate or a service-window agent files
 * the full form for a citizen with `onBehalfOf`, on that citizen's delegation (else 403:
 * functions/services/filing-authority.ts), and the citizen is told. The body is parsed at the edge
 * by its kind (functions/services/claim-requests.ts: 400 names every bad field, nothing stored);
 * the case is written (SUBMITTED, with the citizen's consent to fetch from the hospital) and the
 * claim workflow started (429, nothing stored, past the daily quota). With an `Idempotency-Key`
 * header (API_ROUTES.SubmitClaim.request.headers) a repeated request gets the claim the first
 * one filed and takes no quota; the same key with another body is 422.
 */
export const submitClaim = routeHandler(
  API_ROUTES.SubmitClaim,
  async ({ caller, headers, body: request }) => {
    const { filing, actor, onBehalf } = await authorisedFiling(caller, request);
    const claim = await fileClaim(filing, {
      filer: caller.sub,
      request,
      idempotencyKey: headers['idempotency-key'],
      ...(actor && { actor }),
      ...(onBehalf && { onBehalf }),
    });
    return json(
      202,
      { claimId: claim.claimId, status: claim.status },
      { location: `/claims/${claim.claimId}` },
    );
  },
  { body: parseClaimRequest },
);

export const handler = submitClaim;
