import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ClaimStore } from '../../../adapters/claim-store';
import { hashIdNumber } from '../../../domain/identity';
import { handler as answerFollowUp } from '../../../functions/answer-follow-up';
import { handler as hospitalPostEBill } from '../../../functions/hospital-post-ebill';
import { resetDependencies, setDependencies } from '../../../functions/shared/dependencies';
import { json } from '../../../functions/shared/http';
import { conflict, forbidden } from '../../../functions/shared/http-errors';
import { routeHandler } from '../../../functions/shared/route-handler';
import { apiEvent, citizenClaims, type GatewayClaims } from '../../support/api-events';

const context = { functionName: 'crossclaim-Test', awsRequestId: 'r' } as Context;
const CLERK: GatewayClaims = { sub: 'clerk-jx-7', 'cognito:groups': '[clerk]', 'custom:region': '330400' };
const CITIZEN = citizenClaims(hashIdNumber('330402199001010019'));

/** A route table entry as functions/api-routes.ts has them: roles and a schema per part. */
const ROUTE = {
  functionName: 'TestRoute',
  roles: ['clerk', 'admin'],
  request: {
    params: z.object({ claimId: z.string().regex(/^C\d+$/) }),
    query: z.object({ limit: z.coerce.number().int().min(1).default(10) }),
    headers: z.object({ 'x-trace': z.string().regex(/^t-/).optional() }),
    body: z.strictObject({ amountFen: z.number().int().nonnegative(), note: z.string().optional() }),
  },
} as const;

/** What the handler under test saw and did: every call is recorded, so "nothing written" can be checked. */
function recordingRoute(
  act: (input: { amountFen: number }) => Promise<void> = async () => undefined,
  options: Parameters<typeof routeHandler<typeof ROUTE>>[2] = {},
) {
  const written: unknown[] = [];
  const handler = routeHandler(
    ROUTE,
    async ({ caller, params, query, headers, body }) => {
      await act(body);
      written.push({ caller: caller.sub, claimId: params.claimId, limit: query.limit, body, headers });
      return json(201, { claimId: params.claimId, amountFen: body.amountFen });
    },
    options,
  );
  return { handler, written };
}

function call(
  handler: ReturnType<typeof recordingRoute>['handler'],
  options: {
    claims?: GatewayClaims;
    body?: unknown;
    claimId?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const { claims = CLERK, body = { amountFen: 100 }, claimId = 'C1', query, headers = {} } = options;
  const event = apiEvent('POST', `/test/${claimId}`, body, headers, claims);
  return handler(
    { ...event, pathParameters: { claimId }, ...(query && { queryStringParameters: query }) },
    context,
  );
}

const bodyOf = (answer: { body?: string }) => JSON.parse(answer.body ?? '{}') as Record<string, unknown>;

describe('routeHandler: the route table entry drives authentication, parsing and error answers', () => {
  afterEach(() => resetDependencies());

  it('gives the handler the caller and each part parsed with the entry’s schemas (defaults applied)', async () => {
    const { handler, written } = recordingRoute();
    const answer = await call(handler, { body: { amountFen: 250 }, headers: { 'x-trace': 't-1' } });
    expect(answer.statusCode).toBe(201);
    expect(bodyOf(answer)).toEqual({ claimId: 'C1', amountFen: 250 });
    expect(written).toEqual([
      {
        caller: 'clerk-jx-7',
        claimId: 'C1',
        limit: 10,
        body: { amountFen: 250 },
        headers: { 'x-trace': 't-1' },
      },
    ]);
  });

  it('the types come from the entry: z.output of its schemas, the caller one of its roles', () => {
    routeHandler(ROUTE, async (input) => {
      expectTypeOf(input.params).toEqualTypeOf<{ claimId: string }>();
      expectTypeOf(input.query).toEqualTypeOf<{ limit: number }>();
      expectTypeOf(input.body).toEqualTypeOf<{ amountFen: number; note?: string | undefined }>();
      expectTypeOf(input.caller.role).toEqualTypeOf<'clerk' | 'admin'>();
      return json(200, {});
    });
    routeHandler({ functionName: 'Bare', roles: ['citizen'], request: {} } as const, async (input) => {
      expectTypeOf(input.body).toEqualTypeOf<undefined>();
      expectTypeOf(input.caller).toEqualTypeOf<{ role: 'citizen'; sub: string }>();
      return json(200, {});
    });
  });

  it('a wrong role is 403 before the body is parsed: a bad body from a citizen is 403, not 400', async () => {
    const { handler, written } = recordingRoute();
    const answer = await call(handler, { claims: CITIZEN, body: { amountFen: 'lots' } });
    expect(answer.statusCode).toBe(403);
    expect(bodyOf(answer)).toEqual({
      error: 'forbidden',
      message: 'this route is for clerk or admin, not citizen',
    });
    // And no token at all is 401 with the challenge, whatever the body.
    const anonymous = await handler(
      { ...apiEvent('POST', '/test/C1', 'not json'), pathParameters: { claimId: 'C1' } },
      context,
    );
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers?.['www-authenticate']).toBe('Bearer realm="crossclaim"');
    expect(written).toEqual([]);
  });

  it('a bad body is 400 naming `in: request body` and the field, and nothing is written', async () => {
    const { handler, written } = recordingRoute();
    const answer = await call(handler, { body: { amountFen: -5, extra: 1 } });
    expect(answer.statusCode).toBe(400);
    const body = bodyOf(answer);
    expect(body).toMatchObject({
      error: 'invalid_request',
      message: 'the request body is not valid',
      in: 'request body',
    });
    expect((body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['', 'amountFen']);
    const notJson = await call(handler, { body: '{"amountFen":' });
    expect(bodyOf(notJson)).toEqual({
      error: 'invalid_request',
      message: 'the request body is not valid',
      in: 'request body',
      issues: [{ path: '', message: 'must be a JSON document' }],
    });
    expect(written).toEqual([]);
  });

  it('names the path, the query string and the headers as the API always has, and parses the path first', async () => {
    const { handler, written } = recordingRoute();
    const path = bodyOf(await call(handler, { claimId: 'X1', body: { amountFen: -1 } }));
    expect(path).toMatchObject({ in: 'path parameters', issues: [{ path: 'claimId' }] });
    const query = bodyOf(await call(handler, { query: { limit: '0' } }));
    expect(query).toMatchObject({ in: 'query string', issues: [{ path: 'limit' }] });
    const headers = bodyOf(await call(handler, { headers: { 'x-trace': 'nope' } }));
    expect(headers).toMatchObject({ in: 'request headers', issues: [{ path: 'headers.x-trace' }] });
    expect(written).toEqual([]);
  });

  it('a route’s own check of the caller against the path runs before the body is parsed', async () => {
    const { handler, written } = recordingRoute(undefined, {
      authorize: ({ caller, params }) => {
        if (params.claimId === 'C9') throw forbidden(`${caller.sub} may not act on C9`);
      },
    });
    const answer = await call(handler, { claimId: 'C9', body: { amountFen: 'lots' } });
    expect(answer.statusCode).toBe(403);
    expect((await call(handler, { claimId: 'C8', body: { amountFen: 'lots' } })).statusCode).toBe(400);
    expect(written).toEqual([]);
  });

  it('a handler’s HttpError becomes its status and `{ error, message }` in onError', async () => {
    const { handler, written } = recordingRoute(async () => {
      throw conflict('not_closed', 'claim C1 is PAYING');
    });
    const answer = await call(handler);
    expect(answer.statusCode).toBe(409);
    expect(bodyOf(answer)).toEqual({ error: 'not_closed', message: 'claim C1 is PAYING' });
    expect(written).toEqual([]);
  });

  it('an unexpected error is still thrown out of the function (the gateway answers 500)', async () => {
    const failure = new TypeError('store is down');
    const { handler } = recordingRoute(async () => {
      throw failure;
    });
    await expect(call(handler)).rejects.toBe(failure);
  });

  it('a real route: AnswerFollowUp takes its roles and body schema from API_ROUTES, before any store call', async () => {
    const touched: string[] = [];
    const claims = new Proxy({} as ClaimStore, {
      get: (_target, name) => {
        touched.push(String(name));
        throw new Error(`the store was used: ${String(name)}`);
      },
    });
    setDependencies({ claims });
    const post = (claimsOfCaller: GatewayClaims, body: unknown) =>
      answerFollowUp(
        {
          ...apiEvent('POST', '/claims/C20260101ABCDEFGHJKMN/follow-up', body, {}, claimsOfCaller),
          pathParameters: { claimId: 'C20260101ABCDEFGHJKMN' },
        },
        context,
      );
    expect((await post(CITIZEN, { answer: '' })).statusCode).toBe(403);
    const bad = await post(CLERK, { answer: '   ' });
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad)).toMatchObject({ in: 'request body', issues: [{ path: 'answer' }] });
    expect(touched).toEqual([]);
  });

  it('a real route: a hospital posting under another hospital’s path is 403 whatever its body (HospitalPostEBill)', async () => {
    const HOSPITAL_A: GatewayClaims = {
      sub: 'gateway-a',
      'cognito:groups': '[hospital]',
      'custom:hospital': 'H33040000001',
    };
    const post = (hospitalCode: string) =>
      hospitalPostEBill(
        {
          ...apiEvent('POST', `/hospitals/${hospitalCode}/ebills`, { not: 'an e-bill' }, {}, HOSPITAL_A),
          pathParameters: { hospitalCode },
        },
        context,
      );
    const underB = await post('H33040000002');
    expect(underB.statusCode).toBe(403);
    expect(bodyOf(underB).message).toContain('the hospital in the path');
    const underA = await post('H33040000001');
    expect(underA.statusCode).toBe(400);
    expect(bodyOf(underA)).toMatchObject({ in: 'request body' });
  });
});
