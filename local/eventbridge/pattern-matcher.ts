/**
 * EventBridge content filtering, for the local bus: compiles a rule's event pattern once, at
 * rule registration, and then tells which events it matches.
 *
 * Semantics, as the EventBridge user guide documents them:
 * - A field holds a list of matchers (any may match: OR) or a nested pattern; every field of a
 *   pattern must match (AND). A field the event lacks matches nothing but `{ "exists": false }`.
 * - If the event's value is an array, the matchers match if any element matches ("the
 *   intersection is non-empty"); a nested pattern over an array of objects matches if one
 *   element matches the whole nested pattern.
 * - Matchers apply to leaf values (strings, numbers, booleans, null). An object is not a leaf:
 *   `exists: true` does not match it and `exists: false` does, as the guide's example shows.
 *   An empty array holds no leaf, so it counts as absent.
 * - Exact values compare by type and value ("5" is not 5; null is not ""). `prefix`,
 *   `suffix` and `equals-ignore-case` match strings only; `numeric` matches numbers only;
 *   `anything-but` needs the field present and matches any value other than those listed
 *   (with a prefix/suffix/equals-ignore-case inside, any string that does not match them).
 *
 * Anything else is refused when the pattern is compiled, naming its place in the pattern:
 * an operator this stand-in does not implement (`cidr`, `wildcard`, `$or`, ...) must never
 * become a rule that silently matches nothing.
 */

export class InvalidEventPatternError extends Error {
  // The name EventBridge's PutRule gives the same refusal.
  override readonly name = 'InvalidEventPatternException';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Event pattern is not valid at ${path || '(root)'}: ${reason}`);
  }
}

export interface CompiledEventPattern {
  matches(event: unknown): boolean;
}

/** Validates and compiles; throws InvalidEventPatternError naming the place of the first fault. */
export function compileEventPattern(pattern: unknown): CompiledEventPattern {
  if (!isPlainObject(pattern)) throw new InvalidEventPatternError('', 'must be a JSON object');
  const matchesObject = compileObject(pattern, '');
  return { matches: (event) => isPlainObject(event) && matchesObject(event) };
}

/** One-off check; for rules, compile once with compileEventPattern. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

type JsonObject = Record<string, unknown>;
type ObjectTest = (object: JsonObject) => boolean;

/** A matcher over one leaf value; `matchesAbsent` says whether a missing field satisfies it. */
interface LeafMatcher {
  test(value: LeafValue): boolean;
  matchesAbsent: boolean;
}
type LeafValue = string | number | boolean | null;

/** Operators EventBridge has that this stand-in does not implement: refused by name. */
const UNSUPPORTED_OPERATORS = new Set(['cidr', 'wildcard', 'contains']);

function compileObject(pattern: JsonObject, path: string): ObjectTest {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new InvalidEventPatternError(path, 'must not be an empty object');
  const fieldTests = keys.map((key): ObjectTest => {
    const fieldPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) {
      throw new InvalidEventPatternError(
        fieldPath,
        `"${key}" is not supported by the local EventBridge stand-in`,
      );
    }
    const value = pattern[key];
    if (Array.isArray(value)) {
      const matchers = compileMatcherList(value, fieldPath);
      return (object) => fieldMatches(matchers, Object.hasOwn(object, key) ? object[key] : undefined);
    }
    if (isPlainObject(value)) {
      const nested = compileObject(value, fieldPath);
      return (object) => Object.hasOwn(object, key) && nestedMatches(nested, object[key]);
    }
    throw new InvalidEventPatternError(fieldPath, 'must be a list of matchers or a nested pattern object');
  });
  return (object) => fieldTests.every((test) => test(object));
}

function nestedMatches(nested: ObjectTest, value: unknown): boolean {
  if (isPlainObject(value)) return nested(value);
  if (Array.isArray(value)) return value.some((element) => nestedMatches(nested, element));
  return false;
}

function fieldMatches(matchers: readonly LeafMatcher[], value: unknown): boolean {
  const leaves = leafValuesOf(value);
  if (leaves.length === 0) return matchers.some((matcher) => matcher.matchesAbsent);
  return matchers.some((matcher) => leaves.some((leaf) => matcher.test(leaf)));
}

/** The leaf values a field holds: none if absent or an object, all scalars of (nested) arrays. */
function leafValuesOf(value: unknown): LeafValue[] {
  if (value === undefined || isPlainObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap(leafValuesOf);
  return isLeafValue(value) ? [value] : [];
}

function compileMatcherList(list: unknown[], path: string): LeafMatcher[] {
  if (list.length === 0) throw new InvalidEventPatternError(path, 'must list at least one matcher');
  return list.map((matcher, i) => compileMatcher(matcher, `${path}[${i}]`));
}

function compileMatcher(matcher: unknown, path: string): LeafMatcher {
  if (isLeafValue(matcher)) return present((value) => value === matcher);
  if (!isPlainObject(matcher)) {
    throw new InvalidEventPatternError(path, 'must be a string, number, boolean, null or an operator object');
  }
  const keys = Object.keys(matcher);
  const [operator] = keys;
  if (operator === undefined || keys.length > 1) {
    throw new InvalidEventPatternError(path, `must hold exactly one operator, not ${keys.length}`);
  }
  const argument = matcher[operator];
  const operatorPath = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
      return present(stringTest(argument, operatorPath, (value, text) => value.startsWith(text)));
    case 'suffix':
      return present(stringTest(argument, operatorPath, (value, text) => value.endsWith(text)));
    case 'equals-ignore-case':
      return present(ignoringCase(requireString(argument, operatorPath), (value, text) => value === text));
    case 'anything-but':
      return present(anythingBut(argument, operatorPath));
    case 'numeric':
      return present(numericRange(argument, operatorPath));
    case 'exists':
      if (typeof argument !== 'boolean')
        throw new InvalidEventPatternError(operatorPath, 'must be true or false');
      return { test: () => argument, matchesAbsent: !argument };
    default:
      throw new InvalidEventPatternError(
        operatorPath,
        UNSUPPORTED_OPERATORS.has(operator)
          ? `"${operator}" is not supported by the local EventBridge stand-in`
          : `"${operator}" is not an event pattern operator`,
      );
  }
}

const present = (test: (value: LeafValue) => boolean): LeafMatcher => ({ test, matchesAbsent: false });

type StringComparison = (value: string, text: string) => boolean;

/** `"text"` compares as is; `{ "equals-ignore-case": "text" }` compares ignoring case. */
function stringTest(
  argument: unknown,
  path: string,
  compare: StringComparison,
): (value: LeafValue) => boolean {
  if (typeof argument === 'string') return (value) => typeof value === 'string' && compare(value, argument);
  if (isPlainObject(argument) && Object.keys(argument).length === 1 && 'equals-ignore-case' in argument) {
    return ignoringCase(requireString(argument['equals-ignore-case'], `${path}.equals-ignore-case`), compare);
  }
  throw new InvalidEventPatternError(path, 'must be a string or { "equals-ignore-case": string }');
}

function ignoringCase(text: string, compare: StringComparison): (value: LeafValue) => boolean {
  const folded = text.toLowerCase();
  return (value) => typeof value === 'string' && compare(value.toLowerCase(), folded);
}

function anythingBut(argument: unknown, path: string): (value: LeafValue) => boolean {
  if (typeof argument === 'string' || typeof argument === 'number') return (value) => value !== argument;
  if (Array.isArray(argument)) {
    const allStrings = argument.every((item) => typeof item === 'string');
    const allNumbers = argument.every((item) => typeof item === 'number');
    if (argument.length === 0 || !(allStrings || allNumbers)) {
      throw new InvalidEventPatternError(path, 'must list only strings or only numbers, at least one');
    }
    const excluded = new Set<unknown>(argument);
    return (value) => !excluded.has(value);
  }
  if (isPlainObject(argument) && Object.keys(argument).length === 1) {
    const [[operator, inner]] = Object.entries(argument) as [[string, unknown]];
    const innerPath = `${path}.${operator}`;
    if (operator === 'prefix' || operator === 'suffix') {
      const text = requireString(inner, innerPath);
      const has = operator === 'prefix' ? (v: string) => v.startsWith(text) : (v: string) => v.endsWith(text);
      return (value) => typeof value === 'string' && !has(value);
    }
    if (operator === 'equals-ignore-case') {
      const texts = typeof inner === 'string' ? [inner] : inner;
      if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) {
        throw new InvalidEventPatternError(innerPath, 'must be a string or a list of strings');
      }
      const folded = new Set(texts.map((text) => text.toLowerCase()));
      return (value) => typeof value === 'string' && !folded.has(value.toLowerCase());
    }
    throw new InvalidEventPatternError(innerPath, `"${operator}" is not supported inside anything-but`);
  }
  throw new InvalidEventPatternError(
    path,
    'must be a string, a number, a list of them, or { prefix | suffix | equals-ignore-case }',
  );
}

/** The documented range of numeric matching. */
const NUMERIC_LIMIT = 1e9;
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

/** `[ ">", 0, "<=", 5 ]`: one or two comparisons; `=` alone; at most one lower and one upper bound. */
function numericRange(argument: unknown, path: string): (value: LeafValue) => boolean {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    throw new InvalidEventPatternError(
      path,
      'must be [operator, number] or [operator, number, operator, number]',
    );
  }
  const comparisons: ((n: number) => boolean)[] = [];
  const operators: string[] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const operator: unknown = argument[i];
    const bound: unknown = argument[i + 1];
    if (typeof bound !== 'number' || !Number.isFinite(bound) || Math.abs(bound) > NUMERIC_LIMIT) {
      throw new InvalidEventPatternError(
        `${path}[${i + 1}]`,
        `must be a number from -${NUMERIC_LIMIT} to ${NUMERIC_LIMIT}`,
      );
    }
    if (typeof operator !== 'string') {
      throw new InvalidEventPatternError(`${path}[${i}]`, 'must be one of =, <, <=, >, >=');
    }
    comparisons.push(comparison(operator, bound, `${path}[${i}]`));
    operators.push(operator);
  }
  const [first, second] = operators;
  if (second !== undefined && (first === '=' || second === '=')) {
    throw new InvalidEventPatternError(path, '"=" cannot be combined with another comparison');
  }
  if (
    second !== undefined &&
    first !== undefined &&
    ((LOWER_BOUNDS.has(first) && LOWER_BOUNDS.has(second)) ||
      (UPPER_BOUNDS.has(first) && UPPER_BOUNDS.has(second)))
  ) {
    throw new InvalidEventPatternError(path, 'needs one lower and one upper bound, not two of a kind');
  }
  return (value) => typeof value === 'number' && comparisons.every((compare) => compare(value));
}

function comparison(operator: string, bound: number, path: string): (n: number) => boolean {
  switch (operator) {
    case '=':
      return (n) => n === bound;
    case '<':
      return (n) => n < bound;
    case '<=':
      return (n) => n <= bound;
    case '>':
      return (n) => n > bound;
    case '>=':
      return (n) => n >= bound;
    default:
      throw new InvalidEventPatternError(path, `"${operator}" is not one of =, <, <=, >, >=`);
  }
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new InvalidEventPatternError(path, 'must be a string');
  return value;
}

function isLeafValue(value: unknown): value is LeafValue {
  return (
    value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number'
  );
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
