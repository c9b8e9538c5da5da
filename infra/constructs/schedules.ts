import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../functions/catalog';
import { deadLetterQueue } from './events';

interface Schedule {
  every: Duration;
  /** An invocation EventBridge could not deliver for this long goes to the DLQ instead. */
  maxEventAge: Duration;
  description: string;
}

/**
 * The functions that run on a clock, not by the workflow, the API or a hospital's event: each a
 * rule, two retries, and its own dead-letter queue (`<name>DeadLetters`, alarmed by
 * Observability). Each sweep is idempotent, so an overlapping or repeated run changes nothing more.
 */
export const SCHEDULES = {
  // Payout reports the home region has not acknowledged (written while it was down, or by a
  // PayOut that crashed before sending); docs/home-region.md.
  DrainPayoutReports: {
    every: Duration.minutes(1),
    maxEventAge: Duration.minutes(5),
    description: 'crossclaim: send pending payout reports to the home region',
  },
  // Follow-ups of bad ratings past their due date are escalated (docs/ratings.md).
  EscalateFollowUps: {
    every: Duration.hours(1),
    maxEventAge: Duration.minutes(30),
    description: 'crossclaim: escalate overdue follow-ups of bad ratings',
  },
  // Citizens' notifications the channel has not taken yet (SNS was unreachable, or the function
  // that moved the case stopped before delivering); docs/case-record.md.
  DrainNotifications: {
    every: Duration.minutes(1),
    maxEventAge: Duration.minutes(5),
    description: 'crossclaim: deliver pending citizen notifications',
  },
  // Claims parked for a bill whose event never came are fetched again (docs/workflow.md).
  RefetchWaitingBills: {
    every: Duration.minutes(15),
    maxEventAge: Duration.minutes(15),
    description: 'crossclaim: ask hospitals again for the bills of parked claims',
  },
} as const satisfies Partial<Record<FunctionName, Schedule>>;
export type ScheduledFunctionName = keyof typeof SCHEDULES;
export const SCHEDULED_FUNCTION_NAMES = Object.keys(SCHEDULES) as ScheduledFunctionName[];

export interface SchedulesProps {
  functions: Record<ScheduledFunctionName, lambda.IFunction>;
}

/** One rule and dead-letter queue per entry of SCHEDULES, in the stack's own scope (ids unchanged). */
export function scheduleFunctions(
  scope: Construct,
  props: SchedulesProps,
): { rules: Record<ScheduledFunctionName, events.Rule>; deadLetters: Record<string, sqs.IQueue> } {
  const rules = {} as Record<ScheduledFunctionName, events.Rule>;
  const deadLetters: Record<string, sqs.IQueue> = {};
  for (const name of SCHEDULED_FUNCTION_NAMES) {
    const schedule: Schedule = SCHEDULES[name];
    const queue = deadLetterQueue(scope, `${name}DeadLetters`);
    deadLetters[`${name}DeadLetters`] = queue;
    rules[name] = new events.Rule(scope, `${name}Schedule`, {
      description: schedule.description,
      schedule: events.Schedule.rate(schedule.every),
      targets: [
        new targets.LambdaFunction(props.functions[name], {
          deadLetterQueue: queue,
          retryAttempts: 2,
          maxEventAge: schedule.maxEventAge,
        }),
      ],
    });
  }
  return { rules, deadLetters };
}
