import { StateMachine } from 'aws-local-stepfunctions';
import { isValidStateMachineName, stateMachineArnOf, type ArnScope } from './arns';
import { asLibraryDefinition, loadDefinition } from './definition';
import { SfnServiceError } from './errors';
import { adaptDefinitionForLibrary } from './library-definition';
import type { CreateStateMachineInput, StateMachineSummary } from './sfn-api-types';
import { planTaskStates, type TaskStatePlan } from './task-plan';

/** A state machine as the runner keeps it: the engine to run and the plan of its Task states. */
export interface LocalStateMachine extends StateMachineSummary {
  /** The validated definition as JSON, to tell a repeated create from a conflicting one. */
  definitionText: string;
  engine: StateMachine;
  tasks: TaskStatePlan[];
}

/**
 * CreateStateMachine's work: the name checked, the definition loaded (its placeholders
 * substituted) and validated, then adapted to the library (scaled durations, see
 * library-definition.ts) and its Task states planned.
 */
export function buildStateMachine(
  request: CreateStateMachineInput,
  arnScope: ArnScope,
  scales: { timeScale: number; lambdaTimeoutScale: number },
): LocalStateMachine {
  if (!isValidStateMachineName(request.name)) {
    throw new SfnServiceError('InvalidName', `Invalid state machine name: '${request.name}'`);
  }
  const definition = loadDefinition(request.definition, request.substitutions ?? {});
  const adapted = adaptDefinitionForLibrary(definition, scales);
  return {
    stateMachineArn: stateMachineArnOf(arnScope, request.name),
    name: request.name,
    creationDate: new Date(),
    definitionText: JSON.stringify(definition),
    // Validated above in its original form; the adapted copy need not be validated again.
    engine: new StateMachine(asLibraryDefinition(adapted), { validationOptions: { noValidate: true } }),
    tasks: planTaskStates(adapted),
  };
}
