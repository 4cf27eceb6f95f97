import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import { CancelRunMutation, ModelsQuery, RunEventsSubscription, StartRunMutation } from '../../../features/playground/documents';

// The gateway's SDL as it is in the workspace (read as files: the web depends on no service's code):
// the documents are typed by hand, so this catches a field the gateway does not have.
const SCHEMA_DIR = join(import.meta.dirname, '../../../../../services/gateway/src/schema');
const schema = buildSchema(
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'run.graphql' ? -1 : b === 'run.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8'))
    .join('\n'),
);

describe("the playground's documents", () => {
  it.each<[string, DocumentNode]>([
    ['Models', ModelsQuery],
    ['StartRun', StartRunMutation],
    ['CancelRun', CancelRunMutation],
    ['RunEvents', RunEventsSubscription],
  ])('%s is valid against the gateway schema', (_name, document) => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });
});
