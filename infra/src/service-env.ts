import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './repo.js';

export interface EnvCheck {
  /** The child's exit code: 0 when the schema accepted the environment. */
  status: number | null;
  /** The parsed configuration, as the service would see it, when accepted. */
  config?: Record<string, unknown>;
  stdout: string;
  stderr: string;
}

const MARKER = '@@reprise-env@@';

/**
 * Loads a service's env module in a child process whose environment is
 * exactly `env`, and parses it with the module's own schema: `loadEnv(source)`
 * where exported (it prints "invalid configuration" and exits 1 on a bad
 * variable), else `parseEnv(source)`, else the module's `env`, which it parses
 * on import. Workspace packages resolve to their sources (the "source" export
 * condition, as in Jest) and tsx runs the TypeScript, so nothing needs a build.
 */
export function checkServiceEnv(envModule: string, env: Record<string, string>): Promise<EnvCheck> {
  const url = pathToFileURL(join(REPO_ROOT, envModule)).href;
  const script = `
    const mod = await import(${JSON.stringify(url)});
    const config = typeof mod.loadEnv === 'function' ? mod.loadEnv(process.env)
      : typeof mod.parseEnv === 'function' ? mod.parseEnv(process.env)
      : mod.env;
    if (config === undefined) {
      console.error('the env module exports none of loadEnv, parseEnv, env');
      process.exit(3);
    }
    process.stdout.write('\\n${MARKER}' + JSON.stringify(config) + '\\n');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '--eval', script], {
      // tsx is the root's devDependency: `--import tsx` resolves from here.
      cwd: REPO_ROOT,
      env,
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
      const config = line ? (JSON.parse(line.slice(MARKER.length)) as Record<string, unknown>) : undefined;
      resolve({ status, config, stdout, stderr });
    });
  });
}
