import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How many lines of a service's output are kept to explain its death. */
const KEPT_LINES = 40;

export type ServiceName = 'simulator' | 'history' | 'runner-api' | 'runner-worker' | 'gateway';

export const ALL_SERVICES: readonly ServiceName[] = ['simulator', 'history', 'runner-api', 'runner-worker', 'gateway'];

export interface ServiceStackOptions {
  /**
   * Which services to start. History and the gateway always run (the API key
   * comes from history, every benchmark talks to the gateway); a benchmark
   * that starts no runs leaves the simulator, runner API and worker out, so
   * they take no memory or CPU from the two it measures. @default every service
   */
  services?: readonly ServiceName[];
  /** Simulator defaults (prompt markers override them per request). @default { ttftMs: 20, tokenDelayMs: 0, tokens: 16 } */
  simulator?: { ttftMs: number; tokenDelayMs: number; tokens: number };
  /** Runs one worker process takes at once. @default 100 */
  workerConcurrency?: number;
  /** @default process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' */
  redisUrl?: string;
  /** @default process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017' */
  mongoUrl?: string;
  /** How long each service may take to answer its health check. @default 90_000 */
  readyTimeoutMs?: number;
  /** Aborting stops the wait for the services (they are still stopped by `close`). */
  signal?: AbortSignal;
  /** Where service warnings go, prefixed with the service name. @default stderr */
  log?: (line: string) => void;
  /** Open each service's inspector on a free loopback port, for CPU profiles. @default false */
  inspect?: boolean;
  /** More environment for the runner API and worker (e.g. BULK_WORKER_CONCURRENCY). */
  runnerEnv?: Record<string, string>;
  /** Processes of other projects to run beside the services, for comparison. @default none */
  peers?: readonly PeerProcess[];
}

/**
 * A Node process that is not ours (a peer gateway, say), started, watched,
 * counted in `cpuMs()` and stopped with the services.
 */
export interface PeerProcess {
  /** Its name in `pids`, `cpuMs()` and `peerUrls`. */
  name: string;
  /** The folder it runs in. */
  cwd: string;
  /** Node's arguments, script first, given the free loopback port it must listen on. */
  args(port: number): string[];
  /** A path it answers with 2xx once it serves. */
  readyPath: string;
  /** More environment, on top of this process's. */
  env?: Record<string, string>;
}

interface Service {
  name: string;
  child: ChildProcess;
  /** The last lines it wrote. */
  output: string[];
  exited: Promise<number | null>;
}

export interface ServiceStack {
  /** The simulator's OpenAI base URL, `http://127.0.0.1:PORT/v1` (nothing listens there when the simulator was left out). */
  simulatorUrl: string;
  /** The runner API's base URL (internal; for probes of that hop alone). */
  runnerUrl: string;
  /** The history service's internal API (no auth, loopback only). */
  historyUrl: string;
  /** The gateway's GraphQL endpoint over HTTP. */
  gatewayUrl: string;
  /** The same endpoint for graphql-ws. */
  gatewayWsUrl: string;
  redisUrl: string;
  mongoUrl: string;
  /** This stack's history database, `bench_<id>` (dropped by `close`). */
  historyDb: string;
  /** The workspace created for this run; everything the benchmark stores is in it. */
  workspaceId: string;
  /** An API key of that workspace (revoked and deleted by `close`). */
  apiKey: string;
  /** `{ authorization: 'Bearer <key>' }`: the HTTP header, and graphql-ws `connectionParams`. */
  auth: { authorization: string };
  /** This stack's Redis prefix, `bench-<id>`: every key its services write sits under it. */
  redisPrefix: string;
  /** Each service's pid, for the report. */
  pids: Record<string, number | undefined>;
  /** Each service's inspector port, when started with `inspect`. */
  inspectorPorts: Record<string, number>;
  /** Each peer's base URL, `http://127.0.0.1:PORT`, by name. */
  peerUrls: Record<string, string>;
  /** Throws when a service has died (its last output in the message). */
  assertAlive(): void;
  /**
   * CPU time (user + system, ms, 10 ms resolution) each service process has
   * used so far, from /proc; empty where /proc is not there.
   */
  cpuMs(): Record<string, number>;
  /**
   * Revokes the API key, stops every service (SIGTERM, then SIGKILL after 5 s),
   * then deletes what the run left behind: every Redis key under the prefix
   * (queues, run streams and owners) and the history database (with the
   * workspace and its keys).
   */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Every stack started by this process, killed outright if the process exits without closing them. */
const live = new Set<Service>();
process.once('exit', () => {
  for (const service of live) service.child.kill('SIGKILL');
});

/**
 * Builds the services once per benchmark process, as the images do
 * (`pnpm --filter '{./services/*}...' build`: the services and the packages they import, then
 * `node dist/main.js`): a service run from its
 * TypeScript sources through tsx carries the loader's own thread, about 40 MB
 * of resident memory a deployed service does not have.
 */
let built: Promise<void> | null = null;
function buildServices(log: (line: string) => void): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    log('bench: building the services (tsc) to run them as deployed…');
    const output: string[] = [];
    const child = spawn('pnpm', ['--filter', '{./services/*}...', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the services failed (exit ${code}):\n${output.join('').slice(-4000)}`))));
  });
  return built;
}

/**
 * Starts one service as deployed: its own Node process running its build,
 * `node dist/<entry>.js` in the package's folder, as the image's CMD does.
 */
function startService(
  name: string,
  packageDir: string,
  entry: string,
  env: Record<string, string>,
  log: (line: string) => void,
  inspectorPort?: number,
): Service {
  const inspect = inspectorPort === undefined ? [] : [`--inspect=127.0.0.1:${inspectorPort}`];
  return spawnNode(name, `${REPO_ROOT}${packageDir}`, [...inspect, `dist/${entry}.js`], { ...process.env, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...env }, log);
}

/**
 * A service logs only warnings here (LOG_LEVEL=warn), so its every line is
 * passed to `log`; a peer has no such level, so its lines (banners) are only
 * kept, to explain its death.
 */
function startPeer(peer: PeerProcess, port: number): Service {
  return spawnNode(peer.name, peer.cwd, peer.args(port), { ...process.env, ...peer.env }, null);
}

function spawnNode(name: string, cwd: string, args: string[], env: NodeJS.ProcessEnv, log: ((line: string) => void) | null): Service {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      // The inspector's greeting, when profiling.
      if (/^(Debugger listening on|For help, see:|Debugger attached)/.test(line)) continue;
      output.push(line);
      if (output.length > KEPT_LINES) output.shift();
      log?.(`[${name}] ${line}`);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: Service = { name, child, output, exited };
  live.add(service);
  void exited.then(() => live.delete(service));
  return service;
}

async function waitUntilAnswering(service: Service, url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void service.exited.then(() => (dead = true));
  for (;;) {
    signal?.throwIfAborted();
    if (dead) throw new Error(`${service.name} exited before answering ${url}:\n${service.output.join('\n')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${service.name} did not answer ${url} within ${timeoutMs} ms:\n${service.output.join('\n')}`);
    await sleep(100);
  }
}

/** POST `body` as JSON to the history service's internal API; the answer as JSON. */
async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * A workspace of its own for this run and an API key for it, made through
 * history's internal API as the start command's bootstrap makes the first one.
 */
async function createWorkspaceKey(historyUrl: string, name: string): Promise<{ workspaceId: string; key: string; keyId: string }> {
  const { id: workspaceId } = await postJson<{ id: string }>(`${historyUrl}/workspaces`, { name });
  const { key, apiKey } = await postJson<{ key: string; apiKey: { id: string } }>(`${historyUrl}/api-keys`, { workspaceId, name: `${name} key` });
  return { workspaceId, key, keyId: apiKey.id };
}

async function stop(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const killed = await Promise.race([service.exited.then(() => false), sleep(5000).then(() => true)]);
  if (killed) {
    service.child.kill('SIGKILL');
    await service.exited;
  }
}

/**
 * Starts simulator, history, runner API, runner worker and gateway (or the
 * `services` asked for), and any `peers`, each as its own process on a free loopback port,
 * isolated by a fresh queue prefix and database, creates a workspace and an
 * API key in history as soon as it answers (the gateway refuses requests
 * without one), and resolves once each answers. The worker has no HTTP port:
 * the caller's first run is what shows it is consuming.
 */
export async function startServiceStack(options: ServiceStackOptions): Promise<ServiceStack> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const mongoUrl = options.mongoUrl ?? process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const wanted = new Set<ServiceName>([...(options.services ?? ALL_SERVICES), 'history', 'gateway']);
  const simOptions = options.simulator ?? { ttftMs: 20, tokenDelayMs: 0, tokens: 16 };
  const id = randomUUID().slice(0, 8);
  const redisPrefix = `bench-${id}`;
  const historyDb = `bench_${id}`;
  const [simPort, historyPort, runnerPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const simulatorUrl = `http://127.0.0.1:${simPort}/v1`;
  const historyUrl = `http://127.0.0.1:${historyPort}`;
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;
  const shared = { REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix };
  const runnerEnv = {
    ...shared,
    SIMULATOR_URL: simulatorUrl,
    // The runner's own database (providers) and the key sealing their credentials; both go with the benchmark.
    MONGO_URL: mongoUrl,
    RUNNER_DB: `${historyDb}_runner`,
    PROVIDER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Always the simulator, even when the shell has an OpenAI key.
    DEFAULT_PROVIDER: 'simulator',
    // Streams of finished runs need not outlive the benchmark; `close` deletes them anyway.
    RUN_STREAM_TTL_SECONDS: '600',
    // Bulk replays read their selection from history.
    HISTORY_URL: historyUrl,
    ...options.runnerEnv,
  };

  await buildServices(log);
  const inspectorPorts: Record<string, number> = {};
  if (options.inspect) for (const name of ALL_SERVICES) if (wanted.has(name)) inspectorPorts[name] = await freePort();

  const services: Service[] = [];
  const peerUrls: Record<string, string> = {};
  const closeServices = () => Promise.all(services.map(stop));
  let keyId: string | undefined;
  let workspace: { workspaceId: string; key: string } | undefined;
  try {
    const ready: Promise<void>[] = [];
    if (wanted.has('simulator')) {
      const simulator = startService('simulator', 'services/simulator', 'main', {
        SIMULATOR_PORT: String(simPort),
        SIM_TTFT_MS: String(simOptions.ttftMs),
        SIM_TOKEN_DELAY_MS: String(simOptions.tokenDelayMs),
        SIM_TOKENS: String(simOptions.tokens),
      }, log, inspectorPorts.simulator);
      services.push(simulator);
      ready.push(waitUntilAnswering(simulator, `${simulatorUrl}/models`, readyTimeoutMs, options.signal));
    }
    const history = startService('history', 'services/history', 'main', {
      ...shared,
      HISTORY_PORT: String(historyPort),
      MONGO_URL: mongoUrl,
      HISTORY_DB: historyDb,
    }, log, inspectorPorts.history);
    services.push(history);
    // The key is made as soon as history answers, while the others start.
    ready.push(
      waitUntilAnswering(history, `${historyUrl}/healthz`, readyTimeoutMs, options.signal).then(async () => {
        const created = await createWorkspaceKey(historyUrl, redisPrefix);
        keyId = created.keyId;
        workspace = created;
      }),
    );
    if (wanted.has('runner-api')) {
      const runnerApi = startService('runner-api', 'services/runner', 'main', { ...runnerEnv, RUNNER_PORT: String(runnerPort) }, log, inspectorPorts['runner-api']);
      services.push(runnerApi);
      ready.push(waitUntilAnswering(runnerApi, `${runnerUrl}/healthz`, readyTimeoutMs, options.signal));
    }
    let worker: Service | undefined;
    if (wanted.has('runner-worker')) {
      worker = startService('runner-worker', 'services/runner', 'worker.main', {
        ...runnerEnv,
        WORKER_CONCURRENCY: String(options.workerConcurrency ?? 100),
      }, log, inspectorPorts['runner-worker']);
      services.push(worker);
    }
    const gateway = startService('gateway', 'services/gateway', 'main', {
      GATEWAY_PORT: String(gatewayPort),
      HISTORY_URL: historyUrl,
      RUNNER_URL: runnerUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
    }, log, inspectorPorts.gateway);
    services.push(gateway);
    ready.push(waitUntilAnswering(gateway, `http://127.0.0.1:${gatewayPort}/healthz`, readyTimeoutMs, options.signal));

    for (const peer of options.peers ?? []) {
      const port = await freePort();
      const service = startPeer(peer, port);
      services.push(service);
      peerUrls[peer.name] = `http://127.0.0.1:${port}`;
      ready.push(waitUntilAnswering(service, `${peerUrls[peer.name]}${peer.readyPath}`, readyTimeoutMs, options.signal));
    }

    let workerDead = false;
    void worker?.exited.then(() => (workerDead = true));
    await Promise.all(ready);
    if (worker && workerDead) throw new Error(`runner-worker exited:\n${worker.output.join('\n')}`);
  } catch (error) {
    await closeServices();
    await cleanUp(redisUrl, mongoUrl, redisPrefix, historyDb);
    throw error;
  }

  const { workspaceId, key } = workspace!;
  return {
    simulatorUrl,
    runnerUrl,
    historyUrl,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    gatewayWsUrl: `ws://127.0.0.1:${gatewayPort}/graphql`,
    redisUrl,
    mongoUrl,
    historyDb,
    workspaceId,
    apiKey: key,
    auth: { authorization: `Bearer ${key}` },
    redisPrefix,
    pids: Object.fromEntries(services.map((s) => [s.name, s.child.pid])),
    inspectorPorts,
    peerUrls,
    assertAlive() {
      for (const s of services) {
        if (s.child.exitCode !== null || s.child.signalCode !== null) {
          throw new Error(`${s.name} died (${s.child.exitCode ?? s.child.signalCode}):\n${s.output.join('\n')}`);
        }
      }
    },
    cpuMs() {
      const used: Record<string, number> = {};
      for (const s of services) {
        const ms = s.child.pid === undefined ? null : processCpuMs(s.child.pid);
        if (ms !== null) used[s.name] = ms;
      }
      return used;
    },
    async close() {
      // Revoked first, while history still answers: the key is dead even if
      // dropping the database below fails.
      await postJson(`${historyUrl}/api-keys/${encodeURIComponent(keyId!)}/revoke`, { workspaceId }).catch((error: unknown) =>
        log(`bench: could not revoke the API key: ${String(error)}`),
      );
      await closeServices();
      await cleanUp(redisUrl, mongoUrl, redisPrefix, historyDb);
    },
  };
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

function processCpuMs(pid: number): number | null {
  try {
    // The command name (field 2) is in parentheses and may hold spaces; count from after it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Deletes the Redis keys and the databases of one stack; best effort, never throws. */
async function cleanUp(redisUrl: string, mongoUrl: string, redisPrefix: string, historyDb: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    process.stderr.write(`bench: could not delete the Redis keys of ${redisPrefix}: ${String(error)}\n`);
  } finally {
    redis.disconnect();
  }
  const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  try {
    await mongo.connect();
    await mongo.db(historyDb).dropDatabase();
    await mongo.db(`${historyDb}_runner`).dropDatabase();
  } catch (error) {
    process.stderr.write(`bench: could not drop the database ${historyDb}: ${String(error)}\n`);
  } finally {
    await mongo.close().catch(() => undefined);
  }
}
