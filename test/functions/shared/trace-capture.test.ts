import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { maskBankAccount, maskIdNumber } from '../../../domain/masking';
import middy from '@middy/core';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLambdaContext } from '../../../local/stepfunctions/lambda-context';
import { json } from '../../../functions/shared/http';
import { apiHandler } from '../../../functions/shared/route-handler';
import { loadTracer } from '../../../functions/shared/observability';
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
async function tracingOn() {
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'crossclaim-Test');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
  const tracer = await loadTracer();
  vi.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
  vi.spyOn(tracer, 'getSegment').mockReturnValue(undefined);
  vi.spyOn(tracer, 'annotateColdStart').mockImplementation(() => undefined);
  vi.spyOn(tracer, 'addServiceNameAnnotation').mockImplementation(() => undefined);
  return { tracer, recorded: vi.spyOn(tracer, 'addResponseAsMetadata').mockImplementation(() => undefined) };
}

describe('X-Ray never receives a handler’s response', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('the plain Powertools middleware would record it (the check can fail)', async () => {
    const { tracer, recorded } = await tracingOn();
    await middy(async () => PERSONAL).use(captureLambdaHandler(tracer))({}, context);
    expect(recorded.mock.calls.map((call) => call[0])).toEqual([PERSONAL]);
  });

  it('step handlers, API handlers and the e-bill consumer do not', async () => {
    const { tracer, recorded } = await tracingOn();
    const looked = vi.mocked(tracer.getSegment);
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
    // …and the tracer did run for each of the three (the check above is not vacuous).
    expect(looked).toHaveBeenCalledTimes(3);
  });
});

describe('outside Lambda the tracer is never loaded', () => {
  /**
   * In a fresh process (this one has loaded it above): a step handler runs to the end, and the
   * X-Ray SDK, whose cls-hooked async hook would track every promise of the local runtime, was
   * not loaded. The same script with AWS_LAMBDA_FUNCTION_NAME set loads it (the check can fail).
   */
  const loadedXRay = (env: Record<string, string>) => {
    const script = `
      import { createRequire } from 'node:module';
      import { z } from 'zod';
      const { stepHandler } = await import('./functions/shared/step-handler.ts');
      const { createLambdaContext } = await import('./local/stepfunctions/lambda-context.ts');
      const context = createLambdaContext({ functionArn: 'arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-Test', functionName: 'crossclaim-Test', deadline: undefined });
      const out = await stepHandler(z.object({}), async () => ({ done: true }))({}, context);
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ out, xray: cache.some((file) => /aws-xray-sdk-core|cls-hooked/.test(file)) }));
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
      encoding: 'utf8',
    });
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    expect(line, result.stderr).toMatch(/^\{/);
    return JSON.parse(line) as { out: unknown; xray: boolean };
  };

  it('a step handler runs without it, and on Lambda it is there', () => {
    const local = loadedXRay({ POWERTOOLS_TRACE_ENABLED: '' });
    expect(local).toEqual({ out: { done: true }, xray: false });
    expect(
      loadedXRay({ AWS_LAMBDA_FUNCTION_NAME: 'crossclaim-Test', POWERTOOLS_TRACE_ENABLED: 'true' }).xray,
    ).toBe(true);
  }, 60_000);
});
