// Writes schema.generated.json: the gateway's schema as Graphcache reads it
// (graphql/cache.ts), so that the cache knows which fields may be null and
// which types implement RunEvent, and can answer from partial data.
//
//   node src/graphql/write-schema.mjs          writes it (run after the SDL changes, beside `pnpm codegen`)
//   node src/graphql/write-schema.mjs --check  fails when it is not what this would write
//
// Plain JavaScript, run by Node as is: the web's tsconfig is the browser's,
// and this reads files. Built with graphql's buildSchema and
// introspectionFromSchema, then cut to what Graphcache reads (object,
// interface and union types; field names, types and argument names), as
// @urql/introspection's minifyIntrospectionQuery does: the full introspection
// would add descriptions and input types to the first bundle for nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, introspectionFromSchema } from 'graphql';

const here = fileURLToPath(new URL('.', import.meta.url));
const SCHEMA_DIR = join(here, '../../../services/gateway/src/schema');
const OUT = join(here, 'schema.generated.json');

/** The SDL files in the gateway's order (run.graphql first: it declares the root types the others extend). */
export function readSdl(dir = SCHEMA_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'run.graphql' ? -1 : b === 'run.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/** A type reference with every leaf scalar named `Any`: Graphcache reads nullability and lists, not scalar names. */
function typeRef(ref) {
  if (ref.kind === 'NON_NULL' || ref.kind === 'LIST') return { kind: ref.kind, ofType: typeRef(ref.ofType) };
  if (ref.kind === 'SCALAR' || ref.kind === 'ENUM') return { kind: 'SCALAR', name: 'Any' };
  return { kind: ref.kind, name: ref.name };
}

/** The introspection Graphcache's `schema` option takes, cut to what it reads. */
export function minifiedIntrospection(sdl) {
  const { __schema } = introspectionFromSchema(buildSchema(sdl));
  const types = __schema.types
    .filter((t) => !t.name.startsWith('__') && (t.kind === 'OBJECT' || t.kind === 'INTERFACE' || t.kind === 'UNION'))
    .map((t) => {
      if (t.kind === 'UNION') return { kind: t.kind, name: t.name, possibleTypes: t.possibleTypes.map((p) => ({ kind: p.kind, name: p.name })) };
      return {
        kind: t.kind,
        name: t.name,
        fields: t.fields.map((f) => ({ name: f.name, type: typeRef(f.type), args: f.args.map((a) => ({ name: a.name, type: typeRef(a.type) })) })),
        interfaces: (t.interfaces ?? []).map((i) => ({ kind: i.kind, name: i.name })),
        ...(t.kind === 'INTERFACE' ? { possibleTypes: t.possibleTypes.map((p) => ({ kind: p.kind, name: p.name })) } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  types.push({ kind: 'SCALAR', name: 'Any' });
  return {
    __schema: {
      queryType: { name: __schema.queryType.name },
      mutationType: __schema.mutationType ? { name: __schema.mutationType.name } : null,
      subscriptionType: __schema.subscriptionType ? { name: __schema.subscriptionType.name } : null,
      types,
    },
  };
}

export const schemaJson = () => `${JSON.stringify(minifiedIntrospection(readSdl()))}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = schemaJson();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {
      // Missing: reported as out of date below.
    }
    if (current !== json) {
      console.error(`${OUT} is out of date: run node src/graphql/write-schema.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, json);
    console.log(`wrote ${OUT} (${json.length} bytes)`);
  }
}
