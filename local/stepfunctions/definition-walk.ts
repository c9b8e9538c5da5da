import { isJsonObject, type JsonObject } from './json';

// Visits every state of a definition, nested ones included: aws-local-stepfunctions keys
// its overrides by state name and applies them inside Map iterations and Parallel branches
// too, so whatever we derive per state must see those states as well.

export interface StateVisit {
  name: string;
  state: JsonObject;
  /** Where the state sits, for error messages: `States.ReadReceipts.ItemProcessor.States.Ocr`. */
  location: string;
}

export function* walkStates(machine: JsonObject, location = ''): Generator<StateVisit> {
  const states = machine['States'];
  if (!isJsonObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    const stateLocation = `${location}States.${name}`;
    yield { name, state, location: stateLocation };
    for (const [index, nested] of nestedMachinesOf(state).entries()) {
      yield* walkStates(nested, `${stateLocation}.${nestedKeyOf(state, index)}.`);
    }
  }
}

function nestedMachinesOf(state: JsonObject): JsonObject[] {
  if (state['Type'] === 'Map') {
    const processor = state['ItemProcessor'] ?? state['Iterator'];
    return isJsonObject(processor) ? [processor] : [];
  }
  if (state['Type'] === 'Parallel' && Array.isArray(state['Branches'])) {
    return state['Branches'].filter(isJsonObject);
  }
  return [];
}

function nestedKeyOf(state: JsonObject, index: number): string {
  if (state['Type'] === 'Parallel') return `Branches[${index}]`;
  return 'ItemProcessor' in state ? 'ItemProcessor' : 'Iterator';
}
