// aws-local-stepfunctions 3 calls Promise.withResolvers (Node >= 22) inside every Task state.
// On older Node each task fails with "Promise.withResolvers is not a function", which a Catch
// on States.ALL then hides. Fail loudly at start instead.

export function assertNodeRunsLocalStepFunctions(): void {
  const withResolvers: unknown = (Promise as unknown as Record<string, unknown>)['withResolvers'];
  if (typeof withResolvers !== 'function') {
    throw new Error(
      `aws-local-stepfunctions needs Node.js >= 22 (this is ${process.version}): ` +
        'run through npm/npx so the project-pinned Node 22 comes first on PATH',
    );
  }
}
