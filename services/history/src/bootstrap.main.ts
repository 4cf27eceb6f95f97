import mongoose from 'mongoose';
import { z } from 'zod';
import { parseEnv } from '@reprise/runtime';
import { ApiKeyRepository, apiKeyModel } from './models/api-key/index.js';
import { workspaceModel } from './models/workspace/index.js';

/**
 * Run by the start command before the services: makes sure the default
 * workspace exists and, the first time only (while it has no live key),
 * creates an API key for it and prints it. The secret is not kept anywhere.
 * `--new-key` prints another one, for whoever lost theirs and so cannot sign
 * in to create one.
 */
const wantsNewKey = process.argv.includes('--new-key');
const env = parseEnv(
  'history bootstrap',
  z.object({
    MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL'),
    HISTORY_DB: z.string().min(1).default('history'),
  }),
);

const DEFAULT_WORKSPACE = 'default';
const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: env.HISTORY_DB, serverSelectionTimeoutMS: 10_000 }).asPromise();
try {
  const keys = apiKeyModel(connection);
  const workspaces = workspaceModel(connection);
  await Promise.all([keys.createIndexes(), workspaces.createIndexes()]);
  const repo = new ApiKeyRepository(keys, workspaces);
  await repo.ensureWorkspace(DEFAULT_WORKSPACE, 'Default workspace');
  if (wantsNewKey || (await repo.countActive(DEFAULT_WORKSPACE)) === 0) {
    const { key } = await repo.create(DEFAULT_WORKSPACE, 'first key');
    process.stdout.write(
      [
        '',
        '  Your Reprise API key (shown this once; keep it somewhere safe):',
        '',
        `    ${key}`,
        '',
        '  Sign in on the web page with it, or send it as "Authorization: Bearer <key>".',
        '  Lost it? `pnpm --filter @reprise/history bootstrap --new-key` prints another.',
        '',
      ].join('\n') + '\n',
    );
  } else {
    process.stdout.write(
      '  The default workspace has an API key already: sign in with yours.\n' +
        '  Lost it? `pnpm --filter @reprise/history bootstrap --new-key` prints another.\n',
    );
  }
} finally {
  await connection.close();
}
