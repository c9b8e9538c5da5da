import { z } from 'zod';

// Request bodies of the Step Functions API operations we answer, with AWS's documented
// limits. Unknown members are dropped, as newer SDKs may send fields we do not use.

const arn = z.string().min(1).max(2048);
const taskToken = z.string().min(1).max(2048);
const error = z.string().max(256);
const cause = z.string().max(32768);
/** 256 KiB: the Step Functions payload limit. */
const payload = z.string().max(262144);

export const executionStatus = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export const StartExecutionRequest = z.object({
  stateMachineArn: arn,
  name: z.string().min(1).max(80).optional(),
  input: payload.optional(),
});

export const DescribeExecutionRequest = z.object({ executionArn: arn });

export const ListExecutionsRequest = z.object({
  stateMachineArn: arn,
  statusFilter: executionStatus.optional(),
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().min(1).max(3096).optional(),
});

export const StopExecutionRequest = z.object({
  executionArn: arn,
  error: error.optional(),
  cause: cause.optional(),
});

export const SendTaskSuccessRequest = z.object({ taskToken, output: payload });

export const SendTaskFailureRequest = z.object({
  taskToken,
  error: error.optional(),
  cause: cause.optional(),
});

export const SendTaskHeartbeatRequest = z.object({ taskToken });

/** AWS's wording, naming each field that failed: "Value at 'taskToken' failed to satisfy ...". */
export function describeValidationIssues(zodError: z.ZodError): string {
  const details = zodError.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(body)';
    return `Value at '${field}' failed to satisfy constraint: ${issue.message}`;
  });
  const count = details.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`;
}
