import { eobView } from '../domain/explanation-of-benefit';
import { API_ROUTES } from './api-routes';
import { eobSource } from './services/eob-source';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}/eob: the explanation of benefits, per line the amounts (FHIR
 * ClaimResponse categories) and the reason in Chinese and English, from the latest adjudication.
 * A citizen sees their own claims, a clerk their region's; anything else is 404.
 */
export const getEob = routeHandler(API_ROUTES.GetEob, async ({ caller, params: { claimId } }) =>
  json(200, eobView(await eobSource(caller, claimId))),
);

export const handler = getEob;
