import { walkStates } from './definition-walk';
import { SfnServiceError } from './errors';
import type { JsonObject } from './json';
import { classifyTaskResource, type TaskResource } from './task-resources';

// aws-local-stepfunctions finds a Task's local handler by STATE NAME, not by Resource, so
// the runner needs, per Task state, what to run and how long the library lets it run.

/** aws-local-stepfunctions' TimeoutSeconds for a Task state that sets none. */
export const LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS = 60;

export interface TaskStatePlan {
  stateName: string;
  resource: TaskResource;
  /** The timeout the library enforces, in ms; undefined when it comes from TimeoutSecondsPath. */
  timeoutMs: number | undefined;
}

export function planTaskStates(definition: JsonObject): TaskStatePlan[] {
  const seen = new Set<string>();
  const plans: TaskStatePlan[] = [];
  for (const { name, state, location } of walkStates(definition)) {
    // Names must be unique machine-wide (AWS requires it too): overrides are keyed by name.
    if (seen.has(name)) {
      throw new SfnServiceError('InvalidDefinition', `${location}: state name "${name}" is used twice`);
    }
    seen.add(name);
    if (state['Type'] !== 'Task') continue;
    const resourceText = state['Resource'];
    const resource = typeof resourceText === 'string' ? classifyTaskResource(resourceText) : undefined;
    if (!resource) {
      throw new SfnServiceError(
        'InvalidDefinition',
        `${location}: Resource ${JSON.stringify(resourceText)} is not supported locally ` +
          '(Lambda function ARNs, arn:aws:states:::lambda:invoke and its .waitForTaskToken form are)',
      );
    }
    plans.push({ stateName: name, resource, timeoutMs: timeoutMsOf(state) });
  }
  return plans;
}

function timeoutMsOf(state: JsonObject): number | undefined {
  const seconds = state['TimeoutSeconds'];
  if (typeof seconds === 'number' && seconds > 0) return seconds * 1000;
  if ('TimeoutSecondsPath' in state) return undefined;
  return LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS * 1000;
}
