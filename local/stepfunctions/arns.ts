// ARNs of the local stand-in follow the AWS formats, so code that parses or logs them
// behaves the same locally. China regions live in the `aws-cn` partition.

export interface ArnScope {
  region: string;
  accountId: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function stateMachineArnOf(scope: ArnScope, name: string): string {
  return `arn:${partitionOf(scope.region)}:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const [prefix, stateMachineName] = stateMachineArn.split(':stateMachine:');
  return `${prefix ?? ''}:execution:${stateMachineName ?? ''}:${executionName}`;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;

export function isStateMachineArn(arn: string): boolean {
  return STATE_MACHINE_ARN.test(arn);
}

export function isExecutionArn(arn: string): boolean {
  return EXECUTION_ARN.test(arn);
}

// `function:Name`, `function:Name:alias` or `function:Name:$LATEST`; plain names too, as the
// Lambda Invoke API accepts them in FunctionName.
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(:[^:]+)?$/;
const LAMBDA_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,140}$/;

export function isLambdaFunctionArn(value: string): boolean {
  return LAMBDA_FUNCTION_ARN.test(value);
}

/** The bare function name of an ARN or name, without qualifier; undefined if neither. */
export function lambdaFunctionNameOf(arnOrName: string): string | undefined {
  const match = LAMBDA_FUNCTION_ARN.exec(arnOrName);
  if (match) return match[1];
  return LAMBDA_FUNCTION_NAME.test(arnOrName) ? arnOrName : undefined;
}

// AWS: 1-80 characters, no whitespace, brackets, wildcards, special or control characters.
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

export function isValidExecutionName(name: string): boolean {
  return EXECUTION_NAME.test(name);
}

export function isValidStateMachineName(name: string): boolean {
  return EXECUTION_NAME.test(name);
}
