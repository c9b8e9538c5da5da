import { SfnServiceError } from './errors';

// CDK's `definitionSubstitutions`: `${FetchDocumentsFunctionArn}` placeholders in the
// definition text are replaced by values. A placeholder without a value is an error here,
// as it is when CloudFormation resolves the Fn::Sub CDK generates.

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

export function substituteDefinition(text: string, substitutions: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const substituted = text.replace(PLACEHOLDER, (placeholder, key: string) => {
    const value = substitutions[key];
    if (value === undefined) {
      missing.add(placeholder);
      return placeholder;
    }
    // The placeholder sits inside a JSON string: escape the value as JSON would.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new SfnServiceError('InvalidDefinition', `No substitution given for ${[...missing].join(', ')}`);
  }
  return substituted;
}
