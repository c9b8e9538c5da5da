import { z } from 'zod';
import type { DynamoDbRequestCounter } from '../../adapters/dynamodb/request-counter';
import { IdNumberSchema } from '../../domain/claim';
import { HospitalCodeSchema } from '../../domain/ebill';
import { hashIdNumber, maskIdNumber } from '../../domain/identity';
import { InvalidInputError, issuesFromZod } from '../../domain/validation';
import { callerFromClaims, type Caller } from '../../functions/shared/auth';
import type { ClaimChangeFeed } from './claim-change-feed';
import { claimsAsGatewayPassesThem } from './gateway-event';
import { TokenRejectedError, type LocalSigningKey } from './jwt-keys';
import type { LocalWorld } from './local-world';

/**
 * Endpoints only the local runtime has, under /local/, for the web pages: the simulated
 * hospitals and a citizen's stays at them. They are not in the route table
 * (functions/api-routes.ts), so neither the OpenAPI description nor the AWS deployment has
 * them. Signing in is not among them: the pages sign in with OpenID Connect (local/oidc/).
 */

export const LOCAL_PREFIX = '/local/';

const NewStaySchema = z.strictObject({
  idNumber: IdNumberSchema,
  name: z.string().trim().min(1).max(50),
  hospitalCode: HospitalCodeSchema,
  careType: z.enum(['inpatient', 'outpatient']),
});

const STAFF: readonly Caller['role'][] = ['clerk', 'supervisor', 'admin'];

/** A long poll waits at most this long: under the API's 30 s integration timeout. */
const MAX_WAIT_MS = 25_000;

const ClaimChangesQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative().default(0),
  epoch: z.uuid().optional(),
  waitMs: z.coerce.number().int().min(0).max(MAX_WAIT_MS).default(0),
});

function parsedQuery<S extends z.ZodType>(schema: S, rawQueryString: string): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(new URLSearchParams(rawQueryString)));
  if (!result.success) throw new InvalidInputError('query string', issuesFromZod(result.error));
  return result.data;
}

export interface LocalAnswer {
  status: number;
  body: unknown;
}

export interface LocalEndpointsOptions {
  /** The simulated hospitals (development); absent in production: no /local/hospitals, /local/stays. */
  world?: LocalWorld;
  /** Claims' status changes from the bus, for followers that would otherwise poll every claim. */
  claimChanges?: ClaimChangeFeed;
  /** The DynamoDB requests this process has sent, for `npm run demo`'s per-claim figures. */
  dynamoRequests?: DynamoDbRequestCounter;
}

const error = (status: number, code: string, message: string): LocalAnswer => ({
  status,
  body: { error: code, message },
});

function parsed<S extends z.ZodType>(schema: S, body: Buffer): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidInputError('request body', [{ path: '', message: 'must be a JSON document' }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidInputError('request body', issuesFromZod(result.error));
  return result.data;
}

export function localEndpoints(signingKey: LocalSigningKey, options: LocalEndpointsOptions) {
  const { world } = options;

  /** The signed-in caller if their role is one of `roles`, or the answer refusing the request. */
  async function callerOf(
    authorization: string | undefined,
    roles: readonly Caller['role'][],
    refusal: string,
  ): Promise<Caller | LocalAnswer> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) return error(401, 'unauthorized', 'sign in first');
    try {
      const found = callerFromClaims(claimsAsGatewayPassesThem(await signingKey.verifyToken(token)));
      if ('problem' in found) return error(401, 'unauthorized', found.problem);
      if (!roles.includes(found.caller.role)) return error(403, 'forbidden', refusal);
      return found.caller;
    } catch (e) {
      if (e instanceof TokenRejectedError) return error(401, 'unauthorized', e.message);
      throw e;
    }
  }

  async function route(
    method: string,
    path: string,
    body: Buffer,
    authorization: string | undefined,
    rawQueryString: string,
  ): Promise<LocalAnswer | undefined> {
    // Counts only (function and operation names), no data: what the demo reports per claim.
    if (method === 'GET' && path === '/local/stats/dynamodb' && options.dynamoRequests)
      return { status: 200, body: { requests: options.dynamoRequests.counts() } };
    if (method === 'GET' && path === '/local/claim-changes' && options.claimChanges) {
      const staff = await callerOf(authorization, STAFF, 'the change feed is for staff');
      if ('status' in staff) return staff;
      const query = parsedQuery(ClaimChangesQuerySchema, rawQueryString);
      return { status: 200, body: await options.claimChanges.since(query.epoch, query.after, query.waitMs) };
    }
    if (!world) return undefined;
    if (method === 'GET' && path === '/local/hospitals')
      return { status: 200, body: { hospitals: world.hospitals() } };
    if (path !== '/local/stays' || (method !== 'GET' && method !== 'POST')) return undefined;
    const citizen = await callerOf(authorization, ['citizen'], 'stays are for citizens');
    if ('status' in citizen) return citizen;
    if (method === 'GET') return { status: 200, body: { stays: await world.staysOf(citizen.sub) } };
    const request = parsed(NewStaySchema, body);
    const idNumberHash = hashIdNumber(request.idNumber);
    if (idNumberHash !== citizen.sub) {
      return error(403, 'forbidden', 'idNumber is not the signed-in citizen’s');
    }
    if (!world.hospitals().some((h) => h.code === request.hospitalCode)) {
      return error(404, 'unknown_hospital', `no simulated hospital ${request.hospitalCode}`);
    }
    const stay = await world.makeStay(
      {
        name: request.name,
        idNumber: request.idNumber,
        idNumberMasked: maskIdNumber(request.idNumber),
        idNumberHash,
      },
      { hospitalCode: request.hospitalCode, careType: request.careType },
    );
    return { status: 201, body: stay };
  }

  return {
    /** The answer for a /local/ request, or undefined when there is no such local endpoint. */
    async answer(
      method: string,
      path: string,
      body: Buffer,
      authorization: string | undefined,
      rawQueryString = '',
    ): Promise<LocalAnswer | undefined> {
      try {
        return await route(method, path, body, authorization, rawQueryString);
      } catch (e) {
        if (e instanceof InvalidInputError) {
          return { status: 400, body: { error: 'invalid_request', message: e.message, issues: e.issues } };
        }
        throw e;
      }
    },
  };
}
