import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/**
 * `vite` (the app's `dev` script) in a child process, its /graphql proxy aimed
 * at `gatewayUrl`. Not in-process: Vite's bundler binding rejects objects made
 * inside Jest's module sandbox ("Value is none of these types ...").
 */
export async function startDevServer(webRoot: string, gatewayUrl: string, timeoutMs = 30_000): Promise<DevServer> {
  const port = await freePort();
  // A dependency cache of its own: browser test files run side by side, and one server
  // re-optimising a shared cache reloads the pages of every other server mid-test.
  const cacheDir = await mkdtemp(join(tmpdir(), 'reprise-vite-'));
  const url = `http://127.0.0.1:${port}/`;
  const child: ChildProcess = spawn(process.execPath, [join(webRoot, 'node_modules/vite/bin/vite.js'), '--clearScreen', 'false'], {
    cwd: webRoot,
    env: { ...process.env, NODE_OPTIONS: '', WEB_PORT: String(port), GATEWAY_URL: gatewayUrl, VITE_CACHE_DIR: cacheDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(cacheDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Vite exited with code ${child.exitCode}:\n${output}`);
    const ready = await fetch(url).then((r) => r.ok, () => false);
    if (ready) return { url, close };
    await new Promise((r) => setTimeout(r, 100));
  }
  await close();
  throw new Error(`Vite did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
}
