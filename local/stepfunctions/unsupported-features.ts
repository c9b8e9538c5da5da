import { walkStates } from './definition-walk';
import { SfnServiceError } from './errors';
import { isJsonObject, type JsonObject } from './json';

// aws-local-stepfunctions implements JSONPath ASL only and silently ignores what it does not
// know (a JSONata `Output` or an `Assign` would just do nothing), so a definition using them
// would run wrongly instead of failing. Refuse such definitions with a message that says why.

const UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  Assign: 'variables (Assign) are not supported by aws-local-stepfunctions',
  Arguments: 'JSONata Arguments are not supported: use Parameters (JSONPath)',
  Output: 'JSONata Output is not supported: use ResultSelector/ResultPath/OutputPath',
  Items: 'JSONata Items is not supported: use ItemsPath',
  ItemReader: 'Distributed Map (ItemReader) is not supported',
  ItemBatcher: 'Distributed Map (ItemBatcher) is not supported',
  ResultWriter: 'Distributed Map (ResultWriter) is not supported',
};

export function assertSupportedFeatures(definition: JsonObject): void {
  const problems: string[] = [];
  if (definition['QueryLanguage'] === 'JSONata') problems.push('QueryLanguage: JSONata is not supported');
  for (const { state, location } of walkStates(definition)) {
    if (state['QueryLanguage'] === 'JSONata')
      problems.push(`${location}: QueryLanguage JSONata is not supported`);
    for (const [field, reason] of Object.entries(UNSUPPORTED_FIELDS)) {
      if (field in state) problems.push(`${location}: ${reason}`);
    }
    if (isDistributedMap(state)) problems.push(`${location}: Distributed Map is not supported`);
  }
  if (problems.length > 0) {
    throw new SfnServiceError(
      'InvalidDefinition',
      `Unsupported in the local runtime: ${problems.join('; ')}`,
    );
  }
}

function isDistributedMap(state: JsonObject): boolean {
  const processor = state['ItemProcessor'];
  if (!isJsonObject(processor)) return false;
  const config = processor['ProcessorConfig'];
  return isJsonObject(config) && config['Mode'] === 'DISTRIBUTED';
}
