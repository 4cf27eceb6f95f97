import Ajv, { type ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { JsonNode } from './json-locate';

/** A problem inside one schema: `pointer` is where it is, relative to the schema's root. */
export interface SchemaIssue {
  pointer: string;
  message: string;
}

type Draft = '2020-12' | 'draft-07';

const DRAFT_OF_META: Record<string, Draft> = {
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'https://json-schema.org/draft/2020-12/schema#': '2020-12',
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'http://json-schema.org/draft-07/schema#': 'draft-07',
  'https://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft-07/schema#': 'draft-07',
};

// Not strict: providers accept keywords ajv does not know ("examples", "x-…"), so only what
// the meta-schema forbids, and what cannot compile, is a problem. Formats are the provider's business.
const OPTIONS = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;

let instances: Record<Draft, Ajv> | undefined;

function ajvFor(draft: Draft): Ajv {
  instances ??= { '2020-12': new Ajv2020(OPTIONS), 'draft-07': new Ajv(OPTIONS) };
  return instances[draft];
}

const typeWords: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  null: 'null',
};

function valueAt(schema: unknown, pointer: string): unknown {
  let here = schema;
  for (const segment of pointer.split('/').slice(1)) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return here;
}

/** The keyword an error is about, in quotes: the last segment of its path. */
function keywordOf(pointer: string): string {
  const last = pointer.split('/').at(-1) ?? '';
  return pointer === '' ? 'The schema' : `"${last.replace(/~1/g, '/').replace(/~0/g, '~')}"`;
}

function describeError(error: ErrorObject, schema: unknown): string {
  const subject = keywordOf(error.instancePath);
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
    return `${subject} must be one of ${allowed}, not ${JSON.stringify(valueAt(schema, error.instancePath))}`;
  }
  if (error.keyword === 'type') {
    const types = String((error.params as { type: string }).type).split(',');
    return `${subject} must be ${types.map((t) => typeWords[t] ?? t).join(' or ')}`;
  }
  return `${subject} ${error.message ?? 'is not valid'}`;
}

/**
 * One message per path: the meta-schema reports a bad "type" three times (enum, array, anyOf),
 * and the first of them is the one a person can act on.
 */
function condense(errors: ErrorObject[], schema: unknown): SchemaIssue[] {
  const byPath = new Map<string, ErrorObject>();
  for (const error of errors) {
    const seen = byPath.get(error.instancePath);
    const combinator = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if';
    if (!seen || (combinator(seen) && !combinator(error))) byPath.set(error.instancePath, error);
  }
  return [...byPath.values()].map((error) => ({ pointer: error.instancePath, message: describeError(error, schema) }));
}

/** Pointers to every `"$ref": value` in the schema, in text order. */
function refPointers(node: JsonNode, ref: string, pointer = ''): string[] {
  const found: string[] = [];
  for (const member of node.members ?? []) {
    const here = `${pointer}/${member.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (member.key === '$ref' && member.node.value === ref) found.push(here);
    found.push(...refPointers(member.node, ref, here));
  }
  node.items?.forEach((item, index) => found.push(...refPointers(item, ref, `${pointer}/${index}`)));
  return found;
}

function compileIssue(error: unknown, node: JsonNode): SchemaIssue {
  const message = error instanceof Error ? error.message : String(error);
  const ref = /can't resolve reference (.+) from id/.exec(message)?.[1];
  if (ref !== undefined) {
    const where = refPointers(node, ref)[0] ?? '';
    const hint = ref.startsWith('#') ? 'no definition in this schema has that path' : 'only references inside this schema can be resolved';
    return { pointer: where, message: `Unknown "$ref" ${JSON.stringify(ref)}: ${hint}` };
  }
  return { pointer: '', message: `The schema does not compile: ${message}` };
}

function checkWith(draft: Draft, node: JsonNode): SchemaIssue[] {
  const ajv = ajvFor(draft);
  const schema = node.value as object;
  try {
    if (!ajv.validateSchema(schema)) return condense(ajv.errors ?? [], schema);
  } catch (error) {
    return [compileIssue(error, node)];
  }
  const id = (schema as { $id?: unknown }).$id;
  // Compiling registers the schema's $id; one already there (a meta-schema's) would be removed below.
  if (typeof id === 'string' && ajv.getSchema(id)) return [{ pointer: '/$id', message: `"$id" ${JSON.stringify(id)} is taken: choose another` }];
  try {
    ajv.compile(schema);
    return [];
  } catch (error) {
    return [compileIssue(error, node)];
  } finally {
    // Each keystroke is a new schema object: without this, ajv's cache would keep them all.
    ajv.removeSchema(schema);
  }
}

const cache = new Map<string, SchemaIssue[]>();
const CACHE_LIMIT = 200;

/**
 * The problems of one JSON Schema: what its meta-schema forbids, and references that resolve
 * to nothing. Draft 2020-12 and draft-07 are both accepted: `$schema` picks one, and without it
 * a schema valid under either passes (2020-12's wording is reported when neither accepts it).
 */
export function checkSchema(node: JsonNode): SchemaIssue[] {
  const schema = node.value;
  if (typeof schema === 'boolean') return [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [{ pointer: '', message: 'A JSON Schema must be an object' }];

  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;

  let issues: SchemaIssue[];
  const meta = (schema as { $schema?: unknown }).$schema;
  if (meta !== undefined) {
    const draft = typeof meta === 'string' ? DRAFT_OF_META[meta] : undefined;
    issues = draft
      ? checkWith(draft, node)
      : [{ pointer: '/$schema', message: '"$schema" must be "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft-07/schema#"' }];
  } else {
    issues = checkWith('2020-12', node);
    if (issues.length > 0 && checkWith('draft-07', node).length === 0) issues = [];
  }

  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, issues);
  return issues;
}
