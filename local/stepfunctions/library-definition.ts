import { walkStates } from './definition-walk';
import { isJsonObject, type JsonObject } from './json';
import { classifyTaskResource } from './task-resources';

// The definition handed to aws-local-stepfunctions is a rewritten copy of the validated one.
// Each rewrite works around a library behaviour that would make local runs differ from AWS
// or slow tests down; the definition file itself is never edited.

/**
 * The library waits with setTimeout, which holds 32-bit signed milliseconds: a longer
 * TimeoutSeconds overflows to 1 ms, i.e. an immediate States.Timeout. Longer timeouts are
 * clamped to the largest that fits (~24.8 days).
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export interface LibraryDefinitionOptions {
  /**
   * Multiplies every literal duration (Retry IntervalSeconds and MaxDelaySeconds, Wait
   * Seconds, Task and execution TimeoutSeconds) so tests run the same machine on a faster
   * clock. Durations read from the input (SecondsPath, TimestampPath, TimeoutSecondsPath)
   * and Wait Timestamps are not scaled.
   */
  timeScale: number;
  /**
   * The scale for TimeoutSeconds of plain Lambda tasks (not callbacks), default `timeScale`.
   * Tests shrink retry waits and callback timeouts a thousandfold, but a handler doing real
   * DynamoDB work still needs its real budget of tens of seconds.
   */
  lambdaTimeoutScale?: number;
}

export function adaptDefinitionForLibrary(
  definition: JsonObject,
  options: LibraryDefinitionOptions,
): JsonObject {
  const adapted = structuredClone(definition);
  scaleSeconds(adapted, 'TimeoutSeconds', options.timeScale);
  for (const { state } of walkStates(adapted)) {
    replaceWholeResultPath(state);
    scaleRetriers(state, options.timeScale);
    if (state['Type'] === 'Wait') scaleSeconds(state, 'Seconds', options.timeScale);
    if (state['Type'] === 'Task')
      adaptTaskTimeout(state, options.timeScale, options.lambdaTimeoutScale ?? options.timeScale);
  }
  return adapted;
}

/**
 * `"ResultPath": "$"` means "the result replaces the input"; the library instead stores the
 * result under a key named "$". Leaving ResultPath out means the same thing and the library
 * handles that right, in states and in catchers alike.
 */
function replaceWholeResultPath(state: JsonObject): void {
  if (state['ResultPath'] === '$') delete state['ResultPath'];
  const catchers = state['Catch'];
  if (!Array.isArray(catchers)) return;
  for (const catcher of catchers) {
    if (isJsonObject(catcher) && catcher['ResultPath'] === '$') delete catcher['ResultPath'];
  }
}

function scaleRetriers(state: JsonObject, timeScale: number): void {
  const retriers = state['Retry'];
  if (timeScale === 1 || !Array.isArray(retriers)) return;
  for (const retrier of retriers) {
    if (!isJsonObject(retrier)) continue;
    // The 1 s default interval must shrink too, so write it out before scaling.
    retrier['IntervalSeconds'] =
      typeof retrier['IntervalSeconds'] === 'number' ? retrier['IntervalSeconds'] : 1;
    scaleSeconds(retrier, 'IntervalSeconds', timeScale);
    scaleSeconds(retrier, 'MaxDelaySeconds', timeScale);
  }
}

/**
 * A callback task without TimeoutSeconds waits as long as the execution may on AWS, but the
 * library would give it 60 s: give it the longest timer instead.
 */
function adaptTaskTimeout(state: JsonObject, timeScale: number, lambdaTimeoutScale: number): void {
  const resource =
    typeof state['Resource'] === 'string' ? classifyTaskResource(state['Resource']) : undefined;
  if (resource?.kind === 'lambda-callback' && typeof state['TimeoutSecondsPath'] === 'string') {
    moveTimeoutPathIntoParameters(state, state['TimeoutSecondsPath']);
    return;
  }
  const hasTimeout = 'TimeoutSeconds' in state || 'TimeoutSecondsPath' in state;
  if (resource?.kind === 'lambda-callback' && !hasTimeout) {
    state['TimeoutSeconds'] = MAX_TIMER_SECONDS;
    return;
  }
  scaleSeconds(
    state,
    'TimeoutSeconds',
    resource?.kind === 'lambda-callback' ? timeScale : lambdaTimeoutScale,
  );
}

/**
 * The parameter a callback task's TimeoutSecondsPath is moved into (task-handlers.ts reads it).
 * The library evaluates TimeoutSecondsPath against the input *after* Parameters, where AWS
 * evaluates it against the state's input, and a duration read from the input cannot be scaled
 * by rewriting the definition. So the path becomes a parameter, evaluated against the state's
 * input exactly as AWS evaluates the path, and the callback handler runs the (scaled) timer.
 */
export const TIMEOUT_FROM_PATH_PARAMETER = 'LocalTimeoutSecondsFromPath';

function moveTimeoutPathIntoParameters(state: JsonObject, path: string): void {
  const parameters = state['Parameters'];
  if (!isJsonObject(parameters)) throw new Error('a callback task with TimeoutSecondsPath needs Parameters');
  parameters[`${TIMEOUT_FROM_PATH_PARAMETER}.$`] = path;
  delete state['TimeoutSecondsPath'];
  state['TimeoutSeconds'] = MAX_TIMER_SECONDS;
}

function scaleSeconds(holder: JsonObject, field: string, timeScale: number): void {
  const seconds = holder[field];
  if (typeof seconds !== 'number') return;
  holder[field] = Math.min(seconds * timeScale, MAX_TIMER_SECONDS);
}
