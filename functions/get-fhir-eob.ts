import { fhirExplanationOfBenefit } from '../domain/explanation-of-benefit';
import { API_ROUTES } from './api-routes';
import { eobSource } from './services/eob-source';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';

/** GET /claims/{claimId}/fhir: the explanation of benefits as a FHIR R4 ExplanationOfBenefit. */
export const getFhirEob = routeHandler(API_ROUTES.GetFhirEob, async ({ caller, params: { claimId } }) =>
  json(200, fhirExplanationOfBenefit(await eobSource(caller, claimId)), {
    'content-type': 'application/fhir+json; charset=utf-8',
  }),
);

export const handler = getFhirEob;
