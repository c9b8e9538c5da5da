/**
 * An EventBridge event pattern, as JSON (the form `AWS::Events::Rule.EventPattern` and the
 * PutRule API take, with `detail-type` spelled as in the event). Each field holds either a
 * nested pattern or a list of matchers, any one of which may match (OR); all fields must match
 * (AND). Only the operators the local stand-in implements are typed here, so a pattern that
 * type-checks also runs locally (local/eventbridge/pattern-matcher.ts).
 */
export type PatternScalar = string | number | boolean | null;

type IgnoringCase = { readonly 'equals-ignore-case': string };

export type PatternOperator =
  | { readonly prefix: string | IgnoringCase }
  | { readonly suffix: string | IgnoringCase }
  | IgnoringCase
  | {
      readonly 'anything-but':
        | string
        | number
        | readonly string[]
        | readonly number[]
        | { readonly prefix: string }
        | { readonly suffix: string }
        | { readonly 'equals-ignore-case': string | readonly string[] };
    }
  | { readonly exists: boolean }
  | { readonly numeric: readonly (string | number)[] };

export type PatternMatcher = PatternScalar | PatternOperator;

export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern;
}
