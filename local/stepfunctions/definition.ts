import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { substituteDefinition } from './definition-substitutions';
import { SfnServiceError } from './errors';
import { isJsonObject, parseJson, type JsonObject } from './json';
import { assertSupportedFeatures } from './unsupported-features';

export type DefinitionSource = string | Readonly<Record<string, unknown>>;

/**
 * Definitions the library has validated already. Its validator (asl-validator) compiles its
 * schemas on every call, 0.2-0.8 s each time, and the runtime and tests create the same few
 * machines over and over.
 */
const validatedDefinitions = new Set<string>();

/**
 * The definition as CreateStateMachine would accept it: placeholders substituted, JSON parsed,
 * features the local engine would silently ignore refused, and the ASL validated by the
 * library (asl-validator, ARNs and JSONPaths checked).
 */
export function loadDefinition(
  source: DefinitionSource,
  substitutions: Readonly<Record<string, string>>,
): JsonObject {
  const text = typeof source === 'string' ? source : JSON.stringify(source);
  const parsed = parseJson(substituteDefinition(text, substitutions));
  if (!parsed.ok) throw new SfnServiceError('InvalidDefinition', `Definition is not JSON: ${parsed.reason}`);
  if (!isJsonObject(parsed.value))
    throw new SfnServiceError('InvalidDefinition', 'Definition must be a JSON object');
  assertSupportedFeatures(parsed.value);
  const canonical = JSON.stringify(parsed.value);
  if (!validatedDefinitions.has(canonical)) {
    try {
      // A copy: the validator writes `"QueryLanguage": "JSONPath"` into every state it checks.
      new StateMachine(asLibraryDefinition(structuredClone(parsed.value)));
    } catch (error) {
      throw new SfnServiceError('InvalidDefinition', error instanceof Error ? error.message : String(error));
    }
    validatedDefinitions.add(canonical);
  }
  return parsed.value;
}

/** The library's definition type for a JSON object it has validated (or will not validate). */
export function asLibraryDefinition(definition: JsonObject): StateMachineDefinition {
  return definition as unknown as StateMachineDefinition;
}
