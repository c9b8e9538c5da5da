import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_SECRET_ENV } from '../../adapters/origin-secret';
import { API_FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { synthesizedStack } from './support';

const { stack, template } = synthesizedStack();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const secretId = logicalId(stack.handlers.originVerifySecret);

describe('infra: only CloudFront (and its web ACL) reaches the API', () => {
  it('CloudFront sends the secret header to the API origin, as a dynamic reference (no value in the template)', () => {
    const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!;
    const origins = (distribution.Properties.DistributionConfig as { Origins: Record<string, unknown>[] })
      .Origins;
    const api = origins.filter((o) => o.CustomOriginConfig !== undefined);
    expect(api).toHaveLength(1);
    const headers = api[0]!.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[];
    const header = headers.find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    const value = JSON.stringify(header?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(secretId);
    // The bucket origin does not get it.
    const bucket = origins.filter((o) => o.S3OriginConfig !== undefined);
    expect(JSON.stringify(bucket)).not.toContain(ORIGIN_VERIFY_HEADER);
  });

  it('every API function checks it (names the secret, may read it); no other function may', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const fn = resources[logicalId(stack.handlers.functions[name])]!.Properties as {
        Environment?: { Variables?: Record<string, unknown> };
      };
      const named = JSON.stringify(fn.Environment?.Variables?.[ORIGIN_VERIFY_SECRET_ENV] ?? null).includes(
        secretId,
      );
      expect(named, name).toBe((API_FUNCTION_NAMES as readonly string[]).includes(name));
    }
  });
});
