import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));

/** The public schema's SDL: every `.graphql` file beside this one. */
export const typeDefs = readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .sort((a, b) => (a === 'run.graphql' ? -1 : b === 'run.graphql' ? 1 : a.localeCompare(b)))
  .map((f) => readFileSync(join(dir, f), 'utf8'));
