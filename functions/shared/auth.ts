import type { ViewAudience } from '../../domain/data-classification';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { ClaimCase } from '../../domain/claim';
import { RegionCodeSchema } from '../../domain/claim';
import { HospitalCodeSchema } from '../../domain/ebill';
import { hashIdNumber } from '../../domain/identity';
import { InvalidInputError } from '../../domain/validation';
import { forbidden, notFound, unauthorized } from './http-errors';

/**
 * Who is calling an HTTP route, read from the claims the HTTP API's JWT authorizer verified
 * (on AWS: Cognito; locally: local/api, which verifies our own tokens and puts their claims in
 * the same place). The gateway only proves the token is genuine; what the caller may do is
 * decided here, in the handler (DESIGN §7).
 */

/** A supervisor watches one region's service level and escalated cases; a clerk works its queue. */
/** An agent is a service-window clerk (any region) who files for citizens on their signed authorisation. */
export const ROLES = ['citizen', 'clerk', 'supervisor', 'hospital', 'admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The token claims that carry a caller's attributes. Cognito's names, so one parser serves the
 * Cognito ID tokens on AWS and the tokens local/api mints: the role is the caller's one
 * crossclaim group; a clerk's home region and a hospital's code are custom attributes; a
 * citizen's ID-number hash is `custom:idNumberHash` (Cognito's own `sub` is a UUID: the hash is
 * put in the token by functions/pre-token-generation.ts on AWS, by local/api/jwt-keys.ts locally).
 */
export const TOKEN_CLAIMS = {
  groups: 'cognito:groups',
  region: 'custom:region',
  hospital: 'custom:hospital',
  idNumberHash: 'custom:idNumberHash',
} as const;

/** A citizen is known by the hash of their ID number (hashIdNumber), never the number itself. */
export const IdNumberHashSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, { error: 'must be sha256:<64 hex digits>, the hash of an ID number' });

const SubjectSchema = z.string().min(1).max(256);

export const CallerSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('citizen'), sub: IdNumberHashSchema }),
  z.object({ role: z.literal('clerk'), sub: SubjectSchema, region: RegionCodeSchema }),
  z.object({ role: z.literal('supervisor'), sub: SubjectSchema, region: RegionCodeSchema }),
  z.object({ role: z.literal('hospital'), sub: SubjectSchema, hospital: HospitalCodeSchema }),
  z.object({ role: z.literal('admin'), sub: SubjectSchema }),
  z.object({ role: z.literal('agent'), sub: SubjectSchema, region: RegionCodeSchema }),
]);
export type Caller = z.infer<typeof CallerSchema>;
export type CallerOf<R extends Role> = Extract<Caller, { role: R }>;

/** What the HTTP API puts on the event for a route with a JWT authorizer. */
const JwtAuthorizerContextSchema = z.object({
  authorizer: z.object({
    jwt: z.object({
      claims: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
    }),
  }),
});
type TokenClaims = z.infer<typeof JwtAuthorizerContextSchema>['authorizer']['jwt']['claims'];

/**
 * A list claim as it reaches a handler: a JSON array from a token, or, through the HTTP API's
 * JWT authorizer, a string with the array flattened to `[clerk admin]`.
 */
function listClaim(value: TokenClaims[string] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

const isRole = (group: string): group is Role => (ROLES as readonly string[]).includes(group);

function stringClaim(value: TokenClaims[string] | undefined): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * A citizen's identity in crossclaim, the hash of their ID number: `custom:idNumberHash` when the
 * token carries it (Cognito tokens, whose `sub` is a UUID, and local tokens), else the `sub`
 * itself (local tokens minted before the claim existed). A token whose `sub` is a different hash
 * names two citizens and is refused.
 */
function citizenIdentity(claims: TokenClaims): { sub: string | undefined } | { problem: string } {
  const claimed = claims[TOKEN_CLAIMS.idNumberHash];
  const sub = stringClaim(claims.sub);
  if (claimed === undefined) return { sub };
  const hash = IdNumberHashSchema.safeParse(claimed);
  if (!hash.success) {
    return {
      problem: `the token's ${TOKEN_CLAIMS.idNumberHash} ${hash.error.issues[0]?.message ?? 'is not valid'}`,
    };
  }
  if (sub !== undefined && IdNumberHashSchema.safeParse(sub).success && sub !== hash.data) {
    return {
      problem: `the token's sub and ${TOKEN_CLAIMS.idNumberHash} are the hashes of different ID numbers`,
    };
  }
  return { sub: hash.data };
}

/** The caller the claims describe, or why they describe none. */
export function callerFromClaims(claims: TokenClaims): { caller: Caller } | { problem: string } {
  // On AWS the HTTP API's JWT authorizer also accepts the pool's ID tokens (their `aud` is the app
  // client): only access tokens name a caller (functions/shared/access-tokens.ts checks it locally).
  if (claims.token_use !== undefined && claims.token_use !== 'access') {
    return { problem: 'the token is not an access token (token_use must be access): send the access token' };
  }
  const roles = listClaim(claims[TOKEN_CLAIMS.groups]).filter(isRole);
  // One role per identity: a person who is both clerk and citizen signs in as each separately.
  if (roles.length !== 1) return { problem: `the token must carry exactly one role of ${ROLES.join(', ')}` };
  const identity = roles[0] === 'citizen' ? citizenIdentity(claims) : { sub: stringClaim(claims.sub) };
  if ('problem' in identity) return identity;
  const parsed = CallerSchema.safeParse({
    role: roles[0],
    sub: identity.sub,
    region: stringClaim(claims[TOKEN_CLAIMS.region]),
    hospital: stringClaim(claims[TOKEN_CLAIMS.hospital]),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: `the token's ${z.core.toDotPath(issue?.path ?? [])} ${issue?.message ?? 'is not valid'}`,
    };
  }
  return { caller: parsed.data };
}

/**
 * The caller of a route, who must hold one of `roles`: 401 when the event carries no usable
 * claims (on AWS the gateway refuses a missing token before; this catches a route deployed
 * without the authorizer), 403 when the role may not use the route.
 */
export function requireCaller<R extends Role>(
  event: APIGatewayProxyEventV2,
  roles: readonly R[],
): CallerOf<R> {
  const context = JwtAuthorizerContextSchema.safeParse(event.requestContext);
  if (!context.success) throw unauthorized('a valid bearer token is required');
  const found = callerFromClaims(context.data.authorizer.jwt.claims);
  if ('problem' in found) throw unauthorized(found.problem);
  const { caller } = found;
  if (!(roles as readonly Role[]).includes(caller.role)) {
    throw forbidden(`this route is for ${roles.join(' or ')}, not ${caller.role}`);
  }
  return caller as CallerOf<R>;
}

/**
 * Whom an answer to this request is for, by the caller's role (domain/view-policy.ts): staff
 * (clerk, supervisor, admin), a citizen, a hospital, or nobody known ('public'). An agent (a
 * service window filing for a citizen) acts for the citizen and sees a claim as the citizen
 * does: not which clerk decided it, nor the deciding region's internal notes.
 */
export function audienceOf(event: APIGatewayProxyEventV2): ViewAudience {
  const context = JwtAuthorizerContextSchema.safeParse(event.requestContext);
  const found = context.success ? callerFromClaims(context.data.authorizer.jwt.claims) : undefined;
  return !found || 'problem' in found ? 'public' : audienceOfRole(found.caller.role);
}

/** The view policy's audience of an authenticated caller's role (an agent sees as the citizen). */
export function audienceOfRole(role: Role): Exclude<ViewAudience, 'public'> {
  if (role === 'agent') return 'citizen';
  return role === 'citizen' || role === 'hospital' ? role : 'staff';
}

/**
 * Which of a case's views a caller gets: the citizen's, or staff's, by the same mapping as the
 * final view policy (audienceOf).
 */
export const caseViewFor = (caller: Caller): 'citizen' | 'staff' =>
  audienceOfRole(caller.role) === 'citizen' ? 'citizen' : 'staff';

/**
 * Whether the caller may see a case: a citizen their own, clerk and supervisor their region's, an
 * admin any, an agent only the claims they filed themselves (never the citizen's others).
 */
export function canSeeClaim(caller: Caller, claim: ClaimCase): boolean {
  switch (caller.role) {
    case 'citizen':
      return claim.insured.idNumberHash === caller.sub;
    case 'clerk':
    case 'supervisor':
      return claim.insured.homeRegion === caller.region;
    case 'admin':
      return true;
    case 'agent':
      return claim.filedBy?.role === 'agent' && claim.filedBy.sub === caller.sub;
    case 'hospital':
      return false;
  }
}

/**
 * The case if the caller may see it. Anything else is 404, exactly as for a claim that does
 * not exist, so nobody learns which claim ids exist by trying them.
 */
export function requireVisibleClaim(
  caller: Caller,
  claimId: string,
  claim: ClaimCase | undefined,
): ClaimCase {
  if (!claim || !canSeeClaim(caller, claim)) throw notFound(`claim ${claimId} not found`);
  return claim;
}

/** A citizen files only for themselves: the ID number in the body must be the token's. */
export function requireOwnIdNumber(caller: CallerOf<'citizen'>, idNumber: string): void {
  if (hashIdNumber(idNumber) !== caller.sub) {
    throw forbidden('insured.idNumber is not the signed-in citizen’s: a citizen files only their own claims');
  }
}

/** A hospital acts only as itself. */
export function requireHospital(caller: CallerOf<'hospital'>, hospitalCode: string, what: string): void {
  if (caller.hospital !== hospitalCode) {
    throw forbidden(`${what} is ${hospitalCode}, but the token is hospital ${caller.hospital}'s`);
  }
}

/**
 * The region a regional route answers for: a clerk's or supervisor's own (naming another is
 * 403, not quietly answered), or, for an admin, the one they name (required).
 */
export function regionInScope(
  caller: CallerOf<'clerk' | 'supervisor' | 'admin'>,
  asked: string | undefined,
): string {
  if (caller.role !== 'admin') {
    if (asked !== undefined) requireRegion(caller, asked);
    return caller.region;
  }
  if (asked === undefined) {
    throw new InvalidInputError('query string', [{ path: 'region', message: 'is required for an admin' }]);
  }
  return asked;
}

/** A clerk works only their home region's queue; a supervisor watches only their region. */
export function requireRegion(caller: CallerOf<'clerk' | 'supervisor'>, region: string): void {
  if (caller.region !== region) {
    throw forbidden(`region ${region} is not the signed-in ${caller.role}'s region ${caller.region}`);
  }
}
