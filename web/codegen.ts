import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The types of the web's operations, from the gateway's SDL and the
 * `graphql()` documents written beside the components that use them. Run
 * `pnpm codegen` after changing a document or the schema; src/gql/ is
 * committed (a clean clone starts and builds without this step), and
 * `pnpm codegen:check` fails when it is not what this would write.
 */
const config: CodegenConfig = {
  // Read as files: the web depends on no service package, only on the schema they publish.
  schema: '../services/gateway/src/schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**', '!src/__tests__/**'],
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        // Type-only imports: erased under verbatimModuleSyntax, so the bundle never
        // imports @graphql-typed-document-node/core (it has no runtime code).
        useTypeImports: true,
        // Every custom scalar must be typed here: a new one fails codegen instead of becoming `any`.
        strictScalars: true,
        // Int64 (a seed) travels as a string of digits; an Int is accepted as input too.
        scalars: { JSON: 'unknown', JSONObject: 'Record<string, unknown>', Int64: { input: 'string | number', output: 'string' } },
        // Enums as string unions: no runtime enum objects, and the gateway's values compare
        // as plain strings. (This preset takes `enumType`, not `enumsAsTypes`; the value is
        // its default, written out so that a change of default cannot turn them into enums.)
        enumType: 'string-literal',
      },
    },
  },
};

export default config;
