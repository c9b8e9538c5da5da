import { readFile } from 'node:fs/promises';
import { arnPlaceholder, FUNCTIONS, STEP_FUNCTION_NAMES, type FunctionName } from '../functions/catalog';
import type { LocalLambdaHandler } from './stepfunctions/lambda-registry';
import type { LocalStepFunctions } from './stepfunctions/runner';
import { partitionOf } from './stepfunctions/arns';

export const CLAIM_STATE_MACHINE_NAME = 'crossclaim-claim';
const DEFINITION_URL = new URL('../workflows/claim.asl.json', import.meta.url);

/** The Lambda ARN a function has locally, in the same form as on AWS. */
export function localFunctionArn(name: FunctionName, region: string, accountId: string): string {
  return `arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:crossclaim-${name}`;
}

/** Loads a handler module as the Lambda runtime would: the file's `handler` export. */
export async function loadHandler(name: FunctionName): Promise<LocalLambdaHandler> {
  const module = (await import(new URL(`../${FUNCTIONS[name]}`, import.meta.url).href)) as {
    handler?: LocalLambdaHandler;
  };
  if (typeof module.handler !== 'function') throw new Error(`${FUNCTIONS[name]} exports no handler`);
  return module.handler;
}

/**
 * Deploys the one claim state machine definition (workflows/claim.asl.json) to the local Step
 * Functions stand-in, with every `${<Name>FunctionArn}` substituted and mapped to the same
 * handler module CDK deploys to Lambda. Handler modules read their environment when they load,
 * as on Lambda: set it before calling this.
 */
export async function deployClaimWorkflow(
  sfn: LocalStepFunctions,
  scope: { region: string; accountId: string },
): Promise<{ stateMachineArn: string }> {
  const substitutions: Record<string, string> = {};
  for (const name of STEP_FUNCTION_NAMES) {
    const arn = localFunctionArn(name, scope.region, scope.accountId);
    substitutions[arnPlaceholder(name)] = arn;
    sfn.registerLambda(arn, await loadHandler(name));
  }
  const definition = await readFile(DEFINITION_URL, 'utf8');
  const { stateMachineArn } = sfn.createStateMachine({
    name: CLAIM_STATE_MACHINE_NAME,
    definition,
    substitutions,
  });
  return { stateMachineArn };
}
