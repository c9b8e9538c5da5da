import { z } from 'zod';

/** One thing wrong with an input: where (a dotted path such as `items[3].amountFen`) and why. */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Bad input, described so a person can fix it: which document, which field, why.
 * Thrown at the edge (CLI, API, event), before anything is changed.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    readonly subject: string,
    readonly issues: readonly InputIssue[],
  ) {
    super(`${subject}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

export function issuesFromZod(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: z.core.toDotPath(issue.path), message: issue.message }));
}

/** Parses `value` with `schema`, or throws InvalidInputError naming `subject` and each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(subject, issuesFromZod(result.error));
  return result.data;
}
