import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { AUDIT_KEY_SECRET_ENV } from '../../adapters/audit-key';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { FUNCTION_ACCESS, keepsAuditChain } from '../../infra/function-access';
import { synthesizedStack } from './support';

const { stack, template } = synthesizedStack();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);
const secretId = logicalId(stack.handlers.auditKeySecret);
const refersToSecret = (value: unknown) => JSON.stringify(value).includes(`"${secretId}"`);

/** What the function's environment and its one managed policy say about the audit-key secret. */
function auditKeyOf(name: FunctionName) {
  const fnId = logicalId(stack.handlers.functions[name]);
  const fn = resources[fnId]!.Properties as {
    Environment?: { Variables?: Record<string, unknown> };
    Role: unknown;
  };
  const roleId = (fn.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const policy = Object.values(resources).find(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`),
  )!;
  const statements = (
    policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
  ).Statement;
  return {
    env: fn.Environment?.Variables?.[AUDIT_KEY_SECRET_ENV],
    granted: statements.some(
      (s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue') && refersToSecret(s.Resource),
    ),
  };
}

describe('infra: the audit-chain key on AWS', () => {
  const names = Object.keys(FUNCTIONS) as FunctionName[];
  const holders = names.filter((name) => keepsAuditChain(FUNCTION_ACCESS[name]));

  it('is a KMS-encrypted Secrets Manager secret of the stack', () => {
    const secret = resources[secretId]!;
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.KmsKeyId).toBeDefined();
    expect(secret.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it('every function that writes claim items (and the history verifier) is given and granted it', () => {
    expect(holders).toEqual(
      expect.arrayContaining(['SubmitClaim', 'PayOut', 'DecideClaim', 'RecordFailure', 'GetHistory']),
    );
    for (const name of holders) {
      const { env, granted } = auditKeyOf(name);
      expect(refersToSecret(env), `${name}: AUDIT_KEY_SECRET_ARN`).toBe(true);
      expect(granted, `${name}: GetSecretValue on the audit key`).toBe(true);
    }
  });

  it('no other function may read it', () => {
    const others = names.filter((name) => !holders.includes(name));
    expect(others.length).toBeGreaterThan(3);
    for (const name of others) expect(auditKeyOf(name), name).toEqual({ env: undefined, granted: false });
    // Nor anything outside the functions (no resource policy or other role naming it).
    const users = Object.entries(resources).filter(
      ([id, r]) =>
        id !== secretId &&
        r.Type !== 'AWS::Lambda::Function' &&
        r.Type !== 'AWS::IAM::ManagedPolicy' &&
        refersToSecret(r.Properties),
    );
    expect(users.map(([id, r]) => `${id} ${r.Type}`)).toEqual([]);
  });
});
