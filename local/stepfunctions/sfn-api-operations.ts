import type { z } from 'zod';
import type { ExecutionDescription, LocalStepFunctions } from './runner';
import {
  DescribeExecutionRequest,
  ListExecutionsRequest,
  SendTaskFailureRequest,
  SendTaskHeartbeatRequest,
  SendTaskSuccessRequest,
  StartExecutionRequest,
  StopExecutionRequest,
} from './sfn-api-schemas';

// Each operation: its request schema and how it maps onto LocalStepFunctions. Responses use
// the AWS JSON 1.0 shapes; timestamps are epoch seconds, which is how the SDK reads them.

export interface SfnApiOperation {
  schema: z.ZodType;
  handle(sfn: LocalStepFunctions, request: unknown): Promise<Record<string, unknown>>;
}

function operation<S extends z.ZodType>(
  schema: S,
  handle: (sfn: LocalStepFunctions, request: z.infer<S>) => Promise<Record<string, unknown>>,
): SfnApiOperation {
  return { schema, handle: (sfn, request) => handle(sfn, request as z.infer<S>) };
}

export const sfnApiOperations: Readonly<Record<string, SfnApiOperation>> = {
  StartExecution: operation(StartExecutionRequest, async (sfn, request) => {
    const started = await sfn.startExecution(request);
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  }),
  DescribeExecution: operation(DescribeExecutionRequest, async (sfn, request) =>
    describeResponse(await sfn.describeExecution(request)),
  ),
  ListExecutions: operation(ListExecutionsRequest, async (sfn, request) => {
    const { executions, nextToken } = await sfn.listExecutions(request);
    return {
      executions: executions.map((execution) => ({
        ...execution,
        startDate: epochSeconds(execution.startDate),
        stopDate: execution.stopDate && epochSeconds(execution.stopDate),
      })),
      nextToken,
    };
  }),
  StopExecution: operation(StopExecutionRequest, async (sfn, request) => {
    const { stopDate } = await sfn.stopExecution(request);
    return { stopDate: epochSeconds(stopDate) };
  }),
  SendTaskSuccess: operation(SendTaskSuccessRequest, async (sfn, request) => {
    await sfn.sendTaskSuccess(request);
    return {};
  }),
  SendTaskFailure: operation(SendTaskFailureRequest, async (sfn, request) => {
    await sfn.sendTaskFailure(request);
    return {};
  }),
  SendTaskHeartbeat: operation(SendTaskHeartbeatRequest, async (sfn, request) => {
    await sfn.sendTaskHeartbeat(request);
    return {};
  }),
};

function describeResponse(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: execution.stopDate && epochSeconds(execution.stopDate),
    input: execution.input,
    inputDetails: { included: true },
    output: execution.output,
    outputDetails: execution.output === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
    redriveCount: 0,
  };
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
