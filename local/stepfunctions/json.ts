// JSON values as they cross the state machine boundary. Everything a state sees has been
// through JSON once, as on AWS, so handlers cannot share object references with the engine.

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** What a Lambda's return value becomes after the runtime serializes it: `undefined` is `null`. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces `search` inside every string of `value` (keys untouched); returns a new value. */
export function replaceInStrings(value: JsonValue, search: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.split(search).join(replacement);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, search, replacement)]),
    );
  }
  return value;
}
