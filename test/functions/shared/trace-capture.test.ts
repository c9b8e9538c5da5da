import { maskBankAccount, maskIdNumber } from '../../../domain/masking';
import middy from '@middy/core';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLambdaContext } from '../../../local/stepfunctions/lambda-context';
import { json } from '../../../functions/shared/http';
import { apiHandler } from '../../../functions/shared/route-handler';
import { tracer } from '../../../functions/shared/observability';
import { stepHandler } from '../../../functions/shared/step-handler';
import { handler as ingestEBill } from '../../../functions/ingest-ebill';

/** A response carrying personal data, as a claim view or a step's result can. */
const PERSONAL = { name: '测试甲', idNumber: '110101199001011234', bankAccount: '6222020200112233445' };
const context = createLambdaContext({
  functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-Test',
  functionName: 'crossclaim-Test',
  deadline: undefined,
});

/** The tracer as it is in Lambda (tracing on), with what it would attach to the segment watched. */
function tracingOn() {
  vi.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
  vi.spyOn(tracer, 'getSegment').mockReturnValue(undefined);
  vi.spyOn(tracer, 'annotateColdStart').mockImplementation(() => undefined);
  vi.spyOn(tracer, 'addServiceNameAnnotation').mockImplementation(() => undefined);
  return vi.spyOn(tracer, 'addResponseAsMetadata').mockImplementation(() => undefined);
}

describe('X-Ray never receives a handler’s response', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the plain Powertools middleware would record it (the check can fail)', async () => {
    const recorded = tracingOn();
    await middy(async () => PERSONAL).use(captureLambdaHandler(tracer))({}, context);
    expect(recorded.mock.calls.map((call) => call[0])).toEqual([PERSONAL]);
  });

  it('step handlers, API handlers and the e-bill consumer do not', async () => {
    const recorded = tracingOn();
    // Each handler ran to the end with tracing on (its response is there to be captured).
    expect(await stepHandler(z.object({}), async () => PERSONAL)({} as never, context)).toEqual(PERSONAL);
    const api = apiHandler(async () => json(200, PERSONAL));
    const answer = await api({ requestContext: { http: { method: 'GET' } }, headers: {} } as never, context);
    // (An anonymous caller gets the ID number and the account masked: domain/view-policy.ts.)
    expect(JSON.parse(answer.body ?? '{}')).toEqual({
      ...PERSONAL,
      idNumber: maskIdNumber(PERSONAL.idNumber),
      bankAccount: maskBankAccount(PERSONAL.bankAccount),
    });
    expect(
      await ingestEBill({ 'detail-type': 'EBill.Issued', source: 'x', detail: {} } as never, context),
    ).toBeDefined();
    expect(recorded).not.toHaveBeenCalled();
  });
});
