import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const services = fileURLToPath(new URL('../../../services/', import.meta.url));

/** Starts a service's real entry point with the given env and returns how it ended. */
async function start(entry: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', entry], {
      cwd: services,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Every service's real entry point, each in a process of its own.
describe('each process checks its configuration at start', () => {
  it.each([
    ['gateway', 'gateway/src/main.ts', { REDIS_URL: 'redis://127.0.0.1:6379' }, ['HISTORY_URL', 'RUNNER_URL']],
    ['history', 'history/src/main.ts', { REDIS_URL: 'redis://127.0.0.1:6379' }, ['MONGO_URL']],
    ['runner API', 'runner/src/main.ts', {}, ['REDIS_URL', 'MONGO_URL', 'PROVIDER_ENCRYPTION_KEY']],
    [
      'runner worker with a short encryption key',
      'runner/src/worker.main.ts',
      { REDIS_URL: 'redis://127.0.0.1:6379', MONGO_URL: 'mongodb://127.0.0.1:27017', PROVIDER_ENCRYPTION_KEY: 'c2hvcnQ=' },
      ['PROVIDER_ENCRYPTION_KEY'],
    ],
    ['runner worker', 'runner/src/worker.main.ts', { REDIS_URL: 'redis://127.0.0.1:6379', WORKER_CONCURRENCY: 'many' }, ['WORKER_CONCURRENCY']],
  ])('%s exits naming what is missing or malformed', async (_name, entry, env, named) => {
    const result = await start(entry, env as Record<string, string>);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid configuration');
    for (const variable of named) expect(result.stderr).toContain(variable);
  });
});
