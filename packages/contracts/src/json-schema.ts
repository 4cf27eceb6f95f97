import { Ajv, type ErrorObject } from 'ajv';

/** One problem in a JSON Schema, at a path below the schema's own field. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

// allErrors: name every problem at once; strict off: providers accept
// keywords ajv's strict mode would call unknown (e.g. `title` in odd places).
// addUsedSchema off: ajv would otherwise keep every schema it compiled under
// its `$id`, and refuse ("already exists") the next request whose schema has
// the same `$id` but other content.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, addUsedSchema: false });

/** Compiled validators by schema text: every run and record with the same response schema compiles it once. */
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const MAX_COMPILED = 1000;

function validatorFor(schema: object): ReturnType<typeof ajv.compile> {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, validate);
  }
  return validate;
}

function pathOf(instancePath: string): string[] {
  return instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Checks that `schema` is a JSON Schema (against the draft 7 meta-schema),
 * and, when `strict`, that it keeps OpenAI's structured-output rules: every
 * object sets `additionalProperties: false` and lists all its properties as
 * required (what `strict: true` makes the provider enforce anyway, told here
 * before a run is queued instead of as a provider 400).
 */
export function schemaProblems(schema: unknown, strict: boolean): SchemaProblem[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ path: [], message: 'must be a JSON Schema object' }];
  }
  if (!ajv.validateSchema(schema)) {
    return (ajv.errors ?? []).map((e: ErrorObject) => ({ path: pathOf(e.instancePath), message: `not a valid JSON Schema: ${e.message ?? 'invalid'}` }));
  }
  if (!strict) return [];
  const problems: SchemaProblem[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...path, i]));
      return;
    }
    const obj = node as Record<string, unknown>;
    const isObjectSchema = obj.type === 'object' || (Array.isArray(obj.type) && obj.type.includes('object'));
    if (isObjectSchema) {
      if (obj.additionalProperties !== false) problems.push({ path: [...path, 'additionalProperties'], message: 'strict schemas need additionalProperties: false on every object' });
      const keys = Object.keys((obj.properties as Record<string, unknown> | undefined) ?? {});
      const required = new Set(Array.isArray(obj.required) ? (obj.required as string[]) : []);
      const missing = keys.filter((k) => !required.has(k));
      if (missing.length) problems.push({ path: [...path, 'required'], message: `strict schemas must list every property as required; missing: ${missing.join(', ')}` });
    }
    for (const [key, child] of Object.entries(obj)) if (key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'examples') walk(child, [...path, key]);
  };
  walk(schema, []);
  return problems;
}

/**
 * Whether `text` parses as JSON and, given a schema, matches it; the first
 * reason when not. A schema ajv cannot compile leaves only the parse
 * checked, and the error says so. Never throws.
 */
export function checkStructuredOutput(text: string | null, schema?: object): { valid: boolean; error: string | null } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return { valid: false, error: 'the answer is not JSON' };
  }
  if (!schema) return { valid: true, error: null };
  let validate;
  try {
    validate = validatorFor(schema);
  } catch (err) {
    // A logged request's schema is the app's, unchecked: the answer parsed, and that is all that can be said.
    return { valid: true, error: `the schema could not be checked: ${(err as Error).message}` };
  }
  if (validate(value)) return { valid: true, error: null };
  const first = validate.errors?.[0];
  return { valid: false, error: `the answer does not match the schema: ${first?.instancePath || '(root)'} ${first?.message ?? ''}`.trim() };
}
