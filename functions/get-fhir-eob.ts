import { fhirExplanationOfBenefit } from '../domain/explanation-of-benefit';
import { API_ROUTES } from './api-routes';
import { eobSource } from './services/eob-source';
import { apiHandler, json } from './shared/http';

/** GET /claims/{claimId}/fhir: the explanation of benefits as a FHIR R4 ExplanationOfBenefit. */
export const getFhirEob = apiHandler(
  async (event) =>
    json(200, fhirExplanationOfBenefit(await eobSource(event, API_ROUTES.GetFhirEob)), {
      'content-type': 'application/fhir+json; charset=utf-8',
    }),
  API_ROUTES.GetFhirEob,
);

export const handler = getFhirEob;
