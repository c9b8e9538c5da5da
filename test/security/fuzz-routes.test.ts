import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/api-routes';
import type { ApiFunctionName } from '../../functions/catalog';
import { ingestEBill } from '../../functions/services/ebill-ingestion';
import type { z } from 'zod';
import { schemaFields } from '../../domain/schema-fields';
import { tableSnapshot, useClaimWorkflow } from '../workflows/support';
import { callRoute, citizenToken, hospitalToken, staffToken, type TokenClaims } from './route-calls';

/**
 * Fuzzing with fast-check, in-process (no HTTP, so 10,000+ inputs fit in about a minute): every
 * route gets generated bodies, path values and query strings as a caller of a role it admits;
 * the hospital event consumer gets generated events. No answer is a 5xx, a 400 names the part
 * of the request and each field in it (namesTheField), and the table is exactly as before (a full dump compared).
 */
const RUNS_PER_ROUTE = 420;
const EVENT_RUNS = 1_000;

const tokenFor = (name: ApiFunctionName): TokenClaims => {
  const role = API_ROUTES[name].roles[0];
  if (role === 'citizen') return citizenToken(`sha256:${'a'.repeat(64)}`);
  if (role === 'hospital') return hospitalToken('H33040200001');
  return staffToken(role, `${role}-fuzz`, '330400');
};

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '../', '%00', 'C20260101'),
);
const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.object(),
  text.map((t) => `{"${t}`),
);

type Part = 'request body' | 'query string' | 'path parameters';
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
/** The top-level keys a route's schema for a part of the request knows. */
const knownKeys = (schema: z.ZodType | undefined): Set<string> =>
  new Set(schema ? schemaFields(schema).map((f) => f.path.split(/[.[]/)[0] ?? '') : []);

/**
 * A 400 names the field: it says which part of the request (`in`), and each issue's path is a
 * key that was sent in that part or one the route's schema asks for there (a missing one); the
 * part as a whole (path '') only when it was not an object at all, or the message names the
 * unexpected key.
 */
function namesTheField(
  answer: { error?: string; message?: string; in?: string; issues?: { path: string; message: string }[] },
  sent: Record<Part, unknown>,
  route: (typeof API_ROUTES)[ApiFunctionName],
): boolean {
  // A refusal that is not about fields (an upload's bytes) names what is wrong by its own code.
  if (answer.error !== 'invalid_request')
    return /^[a-z_]+$/.test(answer.error ?? '') && (answer.message ?? '') !== '';
  const part = answer.in as Part | undefined;
  if (!part || !(part in sent) || !answer.issues?.length) return false;
  const value = sent[part];
  const request = route.request as { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType };
  const schema = {
    'request body': request.body,
    'query string': request.query,
    'path parameters': request.params,
  }[part];
  const keys = knownKeys(schema);
  return answer.issues.every((issue) => {
    if (issue.message.trim() === '') return false;
    if (issue.path === '') return !isPlainObject(value) || /key/i.test(issue.message);
    const first = issue.path.split('.')[0] ?? '';
    return (isPlainObject(value) && first in value) || keys.has(first);
  });
}

describe('fuzzing: generated inputs on every route and hospital event', () => {
  const wf = useClaimWorkflow();
  let calls = 0;
  let named400 = 0;

  it('answers every generated request with a 4xx naming the field (or a success), never a 5xx, and changes nothing', async () => {
    const before = await tableSnapshot(wf.rt);
    for (const name of Object.keys(API_ROUTES) as ApiFunctionName[]) {
      const route = API_ROUTES[name];
      const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], text]));
      await fc.assert(
        fc.asyncProperty(
          fc.record(params as Record<string, fc.Arbitrary<string>>),
          fc.dictionary(fc.constantFrom('region', 'status', 'limit', 'cursor', 'days', 'x'), text),
          jsonish,
          async (p, query, body) => {
            calls++;
            const answer = await callRoute(name, {
              token: tokenFor(name),
              params: p,
              query,
              body: route.method === 'POST' && name !== 'UploadReceiptImage' ? body : undefined,
            });
            expect(answer.status, `${name} ${JSON.stringify({ p, query, body })}`).toBeLessThan(500);
            if (answer.status === 400) {
              const sent = { 'request body': body, 'query string': query, 'path parameters': p };
              expect(
                namesTheField(answer.body, sent, route),
                `${name} ${JSON.stringify({ p, query, body, answer: answer.body })}`,
              ).toBe(true);
              named400++;
            }
          },
        ),
        {
          numRuns: name === 'SubmitClaim' || route.method === 'GET' ? RUNS_PER_ROUTE : RUNS_PER_ROUTE,
          seed: 14,
        },
      );
    }
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          source: fc.oneof(fc.constant('hospital.H33040200001'), text),
          'detail-type': fc.constantFrom('EBill.Issued', 'EBill.Voided', 'Other'),
          detail: jsonish,
          id: fc.uuid(),
          time: fc.constant(new Date().toISOString()),
        }),
        async (event) => {
          calls++;
          const outcome = await ingestEBill({
            version: '0',
            account: '000000000000',
            region: 'cn-north-1',
            resources: [],
            ...event,
          });
          expect(outcome.accepted).toBe(false);
        },
      ),
      { numRuns: EVENT_RUNS, seed: 14 },
    );
    expect(calls).toBeGreaterThanOrEqual(10_000);
    // Most generated requests are refused: the field check above ran on thousands of them.
    expect(named400).toBeGreaterThan(5_000);
    expect(await tableSnapshot(wf.rt)).toEqual(before);
  }, 600_000);
});
