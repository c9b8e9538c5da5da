import type { z } from 'zod';

/**
 * Every leaf field of a zod schema, found by walking its definition: objects' keys, arrays'
 * elements, unions' options, records' values, and through optional, nullable, default, pipe,
 * lazy and the like. A leaf is a key whose value is not itself an object (a string, a number,
 * an enum, an array of those). Used to check that every field crossing an edge has a label.
 */
export interface SchemaField {
  /** Dotted path from the schema's root; array elements and record values are `[]` and `*`. */
  path: string;
  key: string;
  /** The key of the object (or array of objects) this field sits in; '' at the root. */
  parent: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a value of `schema` may be made of, wrappers taken off. */
function unwrapped(schema: z.ZodType, seen: Set<z.ZodType>): z.ZodType[] {
  if (seen.has(schema)) return [];
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined) => (s ? unwrapped(s, new Set([...seen, schema])) : []);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
      return inner(def.innerType);
    case 'pipe': {
      // A transform's output is not a schema: the input side says what crosses the edge.
      const out = def.out && defOf(def.out).type !== 'transform' ? inner(def.out) : [];
      return [...inner(def.in), ...out.filter((s) => defOf(s).type === 'object')];
    }
    case 'lazy':
      return inner(def.getter?.());
    case 'union':
      return (def.options ?? []).flatMap((o) => inner(o));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    default:
      return [schema];
  }
}

const isContainer = (schema: z.ZodType) =>
  ['object', 'array', 'record', 'tuple'].includes(defOf(schema).type);

export function schemaFields(schema: z.ZodType): SchemaField[] {
  const found = new Map<string, SchemaField>();
  const walk = (node: z.ZodType, path: string, key: string, parent: string, depth: number) => {
    if (depth > 12) return;
    for (const part of unwrapped(node, new Set())) {
      const def = defOf(part);
      if (def.type === 'object') {
        for (const [child, childSchema] of Object.entries(def.shape ?? {})) {
          walk(childSchema, path ? `${path}.${child}` : child, child, key, depth + 1);
        }
      } else if (def.type === 'array' && def.element) {
        walk(def.element, `${path}[]`, key, parent, depth + 1);
      } else if (def.type === 'tuple') {
        for (const item of def.items ?? []) walk(item, `${path}[]`, key, parent, depth + 1);
      } else if (def.type === 'record' && def.valueType) {
        const values = unwrapped(def.valueType, new Set());
        if (values.some(isContainer)) walk(def.valueType, `${path}.*`, key, parent, depth + 1);
        else if (path) found.set(path, { path, key, parent });
      } else if (path) {
        found.set(path, { path, key, parent });
      }
    }
  };
  walk(schema, '', '', '', 0);
  return [...found.values()];
}
