import {
  DelegationPathSchema,
  DelegationRevokedSchema,
  DelegationsViewSchema,
  NewDelegationViewSchema,
} from '../../domain/api/delegations';
import { EligibilityQuerySchema, FhirEligibilitySchema } from '../../domain/api/eligibility';
import { MyVisitsQuerySchema, MyVisitsViewSchema } from '../../domain/api/visits';
import { RecordDelegationRequestSchema } from '../../domain/delegation';
import type { ApiRoutes } from './api-route';

/** What a citizen asks besides their claims: their cover, their visits to file from, who may file for them. */
export const CITIZEN_SERVICE_ROUTES = {
  GetEligibility: {
    method: 'GET',
    path: '/eligibility',
    functionName: 'GetEligibility',
    roles: ['citizen'],
    summary: 'What the home region’s insurance system knows of me, as FHIR R4 CoverageEligibilityResponse',
    description:
      'The signed-in citizen’s own record in the home region’s medical-insurance system (the token’s ID ' +
      'hash; nobody else’s can be asked): enrolment (scheme, working/retired, active dates) and whether it ' +
      'is in force on `date` (today if absent), each cross-province filing and whether it covers that date, ' +
      'and the year’s totals of every channel as benefits used against the policy’s caps (basic fund per ' +
      'care type, deductible met, stays, serious-illness insurance). application/fhir+json. 503 ' +
      '`home_region_unavailable` when the home region does not answer.',
    request: { query: EligibilityQuerySchema },
    success: {
      status: 200,
      description: 'The CoverageEligibilityResponse resource',
      body: FhirEligibilitySchema,
    },
    errors: [400, 401, 403, 503],
  },
  ListVisits: {
    method: 'GET',
    path: '/my/visits',
    functionName: 'ListVisits',
    roles: ['citizen'],
    summary: 'My visits to hospitals outside my home region, to file from',
    description:
      'The signed-in citizen’s own visits (the token’s ID hash; nobody else’s can be asked), from the source ' +
      'the deployment has: the home region’s record of cross-province visits, or the hospitals named in ' +
      '`hospitals`. Each with its bills’ totals in fen, whether it was settled directly at the hospital, ' +
      'the citizen’s claim for it if any, and the `visitRef` POST /claims files from. 503 ' +
      '`visits_unavailable` when the source does not answer.',
    request: { query: MyVisitsQuerySchema },
    success: { status: 200, description: 'The visits, newest first', body: MyVisitsViewSchema },
    errors: [400, 401, 403, 503],
  },
  RecordDelegation: {
    method: 'POST',
    path: '/my/delegations',
    functionName: 'RecordDelegation',
    roles: ['citizen'],
    summary: 'Let someone file for me (代办 / 帮办)',
    description:
      'The signed-in citizen records who may file claims for them: `family` (a relative, by their ID number, ' +
      'kept only as its hash; until revoked or `validUntil`, a year by default) or `agent` (a service window ' +
      'of any region, once: the answer carries a one-time `authorisationCode`, shown only here, to write on the signed ' +
      'authorisation form the agent uploads; 30 days by default).',
    request: { body: RecordDelegationRequestSchema },
    success: { status: 201, description: 'Recorded', body: NewDelegationViewSchema },
    errors: [400, 401, 403, 413],
  },
  ListDelegations: {
    method: 'GET',
    path: '/my/delegations',
    functionName: 'ListDelegations',
    roles: ['citizen'],
    summary: 'Who may file for me',
    description: 'The signed-in citizen’s delegations, newest first, revoked and used ones marked.',
    request: {},
    success: { status: 200, description: 'The delegations', body: DelegationsViewSchema },
    errors: [401, 403],
  },
  RevokeDelegation: {
    method: 'DELETE',
    path: '/my/delegations/{delegationId}',
    functionName: 'RevokeDelegation',
    roles: ['citizen'],
    summary: 'Revoke a delegation',
    description:
      'From now on nobody files on it (403); claims filed before stay the citizen’s. Again is 200; another ' +
      'citizen’s delegation is 404, as one that does not exist.',
    request: { params: DelegationPathSchema },
    success: {
      status: 200,
      description: 'Revoked',
      body: DelegationRevokedSchema,
    },
    errors: [400, 401, 403, 404],
  },
} as const satisfies ApiRoutes;
