import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrossclaimStack, type CrossclaimStackProps } from '../../infra/crossclaim-stack';
import { addComplianceChecks } from '../../infra/nag';

export interface SynthesizedStack {
  app: App;
  stack: CrossclaimStack;
  template: Template;
  outdir: string;
}

let cached: SynthesizedStack | undefined;

/**
 * The stack as `npm run synth` builds it (cdk-nag included), without bundling (DESIGN §8:
 * `aws:cdk:bundling-stacks: []`) and without CDK's built-in CloudFormation schema validation,
 * which `npm run synth` runs and which takes ~20 s here. Built once per test file.
 */
export function synthesizedStack(): SynthesizedStack {
  cached ??= synthesizeWith({});
  return cached;
}

/** The same, with settings of the operator's added (e.g. the API's own domain); not cached. */
export function synthesizeWith(extra: Partial<CrossclaimStackProps>): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'crossclaim-cdk-'));
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  const stack = new CrossclaimStack(app, 'Crossclaim', {
    hospitalApiUrl: 'https://hospital-gateway.invalid',
    bankApiUrl: 'https://bank-gateway.invalid',
    hospitalAccounts: [
      { hospitalCode: 'H33040200001', accountId: '111122223333' },
      { hospitalCode: 'H31010500001', accountId: '444455556666' },
    ],
    ...extra,
  });
  addComplianceChecks(app, stack);
  return { app, stack, template: Template.fromStack(stack), outdir };
}

/** A CloudFormation `Fn::GetAtt` of a resource's Arn, as the template writes it. */
export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (statement: IamStatement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: IamStatement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
