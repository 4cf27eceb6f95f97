import { hash32, wordFor } from './deterministic.js';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

// Recursive $refs (a tree node holding children) would otherwise never end.
const MAX_DEPTH = 8;

/** Resolves a local `#/$defs/x` or `#/definitions/x` reference against the root schema. */
function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : undefined;
}

function firstType(schema: Schema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function sampleNumber(schema: Schema, key: string, integer: boolean): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 0;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : min + 99;
  const span = Math.max(0, Math.floor(max - min));
  const n = Math.ceil(min) + (span === 0 ? 0 : hash32(key) % (span + 1));
  // A fractional part shows the caller the value really is a number, not an integer.
  return integer || n + 0.5 > max ? n : n + 0.5;
}

function sampleString(schema: Schema, key: string): string {
  const formats: Record<string, string> = {
    date: '2024-01-15',
    'date-time': '2024-01-15T09:30:00Z',
    time: '09:30:00',
    email: 'sim@example.com',
    uri: 'https://example.com/sim',
    url: 'https://example.com/sim',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  const text = (typeof schema.format === 'string' ? formats[schema.format] : undefined) ?? wordFor(key);
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return text.padEnd(minLength, 'x').slice(0, maxLength);
}

function sample(schema: unknown, root: Schema, key: string, depth: number): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') return sample(resolveRef(schema.$ref, root), root, key, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const union of ['anyOf', 'oneOf'] as const) {
    const options = schema[union];
    if (Array.isArray(options) && options.length > 0) {
      const chosen = options.find((o) => !(isSchema(o) && o.type === 'null')) ?? options[0];
      return sample(chosen, root, key, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    // Merging the parts' samples covers the usual use, objects extended by allOf.
    return Object.assign({}, ...schema.allOf.map((part) => sample(part, root, key, depth + 1)).filter(isSchema));
  }
  switch (firstType(schema)) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      // Every property, not only the required ones: strict schemas require all of them anyway.
      return Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, sample(child, root, `${key}.${name}`, depth + 1)]),
      );
    }
    case 'array': {
      const length = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length }, (_, i) => sample(schema.items, root, `${key}[${i}]`, depth + 1));
    }
    case 'string':
      return sampleString(schema, key);
    case 'integer':
      return sampleNumber(schema, key, true);
    case 'number':
      return sampleNumber(schema, key, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return wordFor(key);
  }
}

/**
 * A value that satisfies the common parts of a JSON Schema, the same for the
 * same schema and key: used as a tool call's arguments.
 * @param key salts the choices (the function name), so two functions with the same schema differ
 */
export function sampleFromSchema(schema: unknown, key: string): unknown {
  if (!isSchema(schema)) return {};
  return sample(schema, schema, key, 0);
}
