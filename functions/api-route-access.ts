import type { ApiFunctionName } from './catalog';

/**
 * Who may call each route, as data beside the route table (api-routes.ts): for every route the
 * HTTP status each kind of caller gets, against one claim of citizen A (home region 330400,
 * filed for a visit to hospital H, paid). test/security/authorization-matrix.test.ts calls every
 * route as every party and compares; a route added to API_ROUTES without a row here fails the
 * type check and the test. 404 (not 403) for a claim the caller may not see, so ids cannot be
 * probed; 400 where the role may call but must name a region (an admin's regional views). The
 * agent (a service window) holds no authorisation of citizen A: it may upload, and sees no claim.
 */
export const PARTIES = [
  'anonymous',
  'citizenA',
  'citizenB',
  'clerkOfRegion',
  'clerkOfOtherRegion',
  'supervisor',
  'admin',
  'hospital',
  'otherHospital',
  'agent',
] as const;
export type Party = (typeof PARTIES)[number];

type Row = Record<Party, number>;
const row = (allowed: Partial<Row>, otherwise = 403): Row =>
  Object.fromEntries(PARTIES.map((p) => [p, p === 'anonymous' ? 401 : (allowed[p] ?? otherwise)])) as Row;

/** A part of the case its citizen and every staff member who may see the claim may read. */
const THE_CASE_AND_ITS_STAFF: Partial<Row> = {
  citizenA: 200,
  citizenB: 404,
  clerkOfRegion: 200,
  clerkOfOtherRegion: 404,
  supervisor: 200,
  admin: 200,
};

export const ROUTE_ACCESS: Record<ApiFunctionName, Row> = {
  // Citizen B may not file with A's ID number, nor the agent without A's signed authorisation: 403.
  SubmitClaim: row({ citizenA: 202 }),
  ListClaims: row({ citizenA: 200, citizenB: 200 }),
  GetClaim: row({
    citizenA: 200,
    citizenB: 404,
    clerkOfRegion: 200,
    clerkOfOtherRegion: 404,
    admin: 200,
    agent: 404,
  }),
  ReviewQueue: row({ clerkOfRegion: 200, clerkOfOtherRegion: 200, supervisor: 200, admin: 400 }),
  DecideClaim: row({ clerkOfRegion: 409, clerkOfOtherRegion: 404 }),
  HospitalPostEBill: row({ hospital: 202 }),
  UploadReceiptImage: row({ citizenA: 201, citizenB: 201, agent: 201 }),
  GetEob: row({ citizenA: 200, citizenB: 404, clerkOfRegion: 200, clerkOfOtherRegion: 404, admin: 200 }),
  GetFhirEob: row({ citizenA: 200, citizenB: 404, clerkOfRegion: 200, clerkOfOtherRegion: 404, admin: 200 }),
  GetHistory: row({ citizenA: 200, citizenB: 404, clerkOfRegion: 200, clerkOfOtherRegion: 404, admin: 200 }),
  RateClaim: row({ citizenA: 201, citizenB: 404 }),
  ListRatings: row({ clerkOfRegion: 200, clerkOfOtherRegion: 200, supervisor: 200, admin: 400 }),
  ListNotifications: row({ citizenA: 200, citizenB: 200 }),
  Dashboard: row({ supervisor: 200, admin: 400 }),
  ListReceipts: row(THE_CASE_AND_ITS_STAFF),
  GetReceiptImage: row(THE_CASE_AND_ITS_STAFF),
  AssignClaim: row({ clerkOfRegion: 409, clerkOfOtherRegion: 404 }),
  // Releasing a case nobody holds is 200 { released: false } (idempotent), for the region's staff only.
  ReleaseClaim: row({ clerkOfRegion: 200, clerkOfOtherRegion: 404, supervisor: 200 }),
  CheckDecision: row({ clerkOfRegion: 409, clerkOfOtherRegion: 404 }),
  AnswerInformation: row({ citizenA: 409, citizenB: 404 }),
  FileAppeal: row({ citizenA: 202, citizenB: 404 }),
  ListEscalations: row({ supervisor: 200, admin: 400 }),
  // Only ever the caller's own record (the token's ID hash): no other party can ask.
  GetEligibility: row({ citizenA: 200, citizenB: 200 }),
  GetRating: row(THE_CASE_AND_ITS_STAFF),
  // Who of the staff read the claim: its citizen, and the staff who may see the claim itself.
  GetAccessLog: row(THE_CASE_AND_ITS_STAFF),
  // The matrix's claim was rated 非常满意: nothing to follow up (409), for the region's clerks only.
  AnswerFollowUp: row({ clerkOfRegion: 409, clerkOfOtherRegion: 404 }),
  ListFollowUps: row({ clerkOfRegion: 200, clerkOfOtherRegion: 200, supervisor: 200, admin: 400 }),
  // Only ever the caller's own visits (the token's ID hash).
  ListVisits: row({ citizenA: 200, citizenB: 200 }),
  // A citizen's own delegations only: B cannot revoke A's (404, as one that does not exist).
  RecordDelegation: row({ citizenA: 201, citizenB: 201 }),
  ListDelegations: row({ citizenA: 200, citizenB: 200 }),
  RevokeDelegation: row({ citizenA: 200, citizenB: 404 }),
};
