import { eobView } from '../domain/explanation-of-benefit';
import { API_ROUTES } from './api-routes';
import { eobSource } from './services/eob-source';
import { apiHandler, json } from './shared/http';

/**
 * GET /claims/{claimId}/eob: the explanation of benefits, per line the amounts (FHIR
 * ClaimResponse categories) and the reason in Chinese and English, from the latest adjudication.
 * A citizen sees their own claims, a clerk their region's; anything else is 404.
 */
export const getEob = apiHandler(
  async (event) => json(200, eobView(await eobSource(event, API_ROUTES.GetEob))),
  API_ROUTES.GetEob,
);

export const handler = getEob;
