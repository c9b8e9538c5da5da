import { readFileSync } from 'node:fs';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from '../../../local/stepfunctions/runner';

// Shared by the local Step Functions specs: fixtures, ARNs and a way to catch what a handler
// was given while the execution is still running.

export const REGION = 'cn-north-1';
export const ACCOUNT = '000000000000';

export function functionArn(name: string): string {
  return `arn:aws-cn:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

/** The ASL text of test/fixtures/asl/<name>.asl.json, placeholders and all. */
export function aslFixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/asl/${name}.asl.json`, import.meta.url), 'utf8');
}

/** `{ XFunctionArn: arn-of-X }` for each function name, as CDK would substitute them. */
export function substitutionsFor(...functionNames: string[]): Record<string, string> {
  return Object.fromEntries(functionNames.map((name) => [`${name}FunctionArn`, functionArn(name)]));
}

/**
 * Retry intervals, waits and timeouts run 100x faster: a 1 s retry waits 10 ms. Specs that
 * measure time pick their own scale.
 */
export function fastStepFunctions(options: LocalStepFunctionsOptions = {}): LocalStepFunctions {
  return new LocalStepFunctions({ region: REGION, accountId: ACCOUNT, timeScale: 0.01, ...options });
}

/** A value some callback hands over later (a task token, say), awaitable by the spec. */
export function nextValue<T>(): { promise: Promise<T>; deliver(value: T): void } {
  let deliver!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    deliver = resolve;
  });
  return { promise, deliver };
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function parsedOutput(execution: { output?: string }): unknown {
  if (execution.output === undefined) throw new Error('the execution has no output');
  return JSON.parse(execution.output);
}

/**
 * The engine's validator (asl-validator) compiles its schemas on every call: ~1 s on first
 * use in a process, 0.2-0.5 s per new definition after that (validated definitions are then
 * remembered). Specs validate their machines in setup so that only executions are timed.
 */
export function validateFixtures(fixtures: Record<string, string[]>): void {
  const sfn = fastStepFunctions();
  for (const [fixture, functionNames] of Object.entries(fixtures)) {
    sfn.createStateMachine({
      name: fixture,
      definition: aslFixture(fixture),
      substitutions: substitutionsFor(...functionNames),
    });
  }
}
