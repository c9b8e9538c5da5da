import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { FUNCTION_ACCESS } from '../../infra/function-access';
import { actionsOf, arnOf, resourcesOf, synthesizedStack, type IamStatement } from './support';

/**
 * The home region on AWS: its API URL and its client token (a Secrets Manager secret) reach
 * exactly the functions that call it, and DrainPayoutReports runs every minute.
 */
const { stack, template } = synthesizedStack();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

const envOf = (name: FunctionName) =>
  (
    resources[logicalId(stack.handlers.functions[name])]!.Properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;

function statementsOf(name: FunctionName): IamStatement[] {
  const fn = resources[logicalId(stack.handlers.functions[name])]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`),
    )
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement);
}

const secretId = () => logicalId(stack.handlers.homeRegionTokenSecret);
const CALLERS: FunctionName[] = [
  'CheckEligibility',
  'Adjudicate',
  'PayOut',
  'DecideClaim',
  'ReAdjudicateAppeal',
  'PayAppealDifference',
  'GetEligibility',
  'DrainPayoutReports',
];
/** With the default visit source (the home region's record), these call it too (withVisitSource). */
const VISIT_READERS: FunctionName[] = ['ListVisits', 'SubmitClaim'];

describe('infra: the home region’s API and client token', () => {
  it('gives HOME_REGION_API_URL and the token secret’s ARN to exactly the functions that call it', () => {
    const withUrl = NAMES.filter((n) => envOf(n).HOME_REGION_API_URL !== undefined);
    expect(withUrl.sort()).toEqual([...CALLERS, ...VISIT_READERS].sort());
    expect(NAMES.filter((n) => FUNCTION_ACCESS[n].homeRegionApi).sort()).toEqual([...CALLERS].sort());
    expect(NAMES.filter((n) => FUNCTION_ACCESS[n].visitSource).sort()).toEqual([...VISIT_READERS].sort());
    for (const name of VISIT_READERS) expect(envOf(name).VISIT_SOURCE).toBe('home-region');
    for (const name of [...CALLERS, ...VISIT_READERS]) {
      expect(envOf(name).HOME_REGION_API_URL).toBe('https://home-region-gateway.invalid');
      expect(envOf(name).HOME_REGION_TOKEN_SECRET_ARN).toEqual({ Ref: secretId() });
      // The token itself is never in the environment.
      expect(envOf(name).HOME_REGION_CLIENT_TOKEN).toBeUndefined();
    }
  });

  it('lets only those functions read the token secret, and nothing else of Secrets Manager through it', () => {
    const readers = NAMES.filter((name) =>
      statementsOf(name).some(
        (s) =>
          actionsOf(s).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(resourcesOf(s)).includes(`"${secretId()}"`),
      ),
    );
    expect(readers.sort()).toEqual([...CALLERS, ...VISIT_READERS].sort());
    const secret = resources[secretId()]!;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.KmsKeyId).toEqual(arnOf(logicalId(stack.data.key)));
  });

  it('grants the payout-report outbox (HOMEREPORT#) to the functions that enqueue or drain reports', () => {
    for (const name of ['PayOut', 'PayAppealDifference', 'DrainPayoutReports'] as const) {
      const grants = statementsOf(name).filter((s) => JSON.stringify(s).includes('HOMEREPORT#'));
      expect(grants.length, name).toBeGreaterThan(0);
    }
    const drain = statementsOf('DrainPayoutReports')
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('dynamodb:'));
    expect(drain.sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('runs DrainPayoutReports every minute, with retries and a dead-letter queue', () => {
    const rule = resources[logicalId(stack.schedules.DrainPayoutReports)]!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    const targets = rule.Properties.Targets as {
      Arn: unknown;
      RetryPolicy?: unknown;
      DeadLetterConfig?: unknown;
    }[];
    expect(targets).toHaveLength(1);
    expect(targets[0]?.Arn).toEqual(arnOf(logicalId(stack.handlers.functions.DrainPayoutReports)));
    expect(targets[0]?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(targets[0]?.DeadLetterConfig).toBeDefined();
  });
});
