import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  argv,
  buildOf,
  containerEnvironment,
  dependencies,
  environmentEntries,
  loadCompose,
  parseYaml,
  publishedTargets,
  type ComposeFile,
  type ComposeService,
  type HostEnv,
} from '../compose.js';
import { lastOf, parseCommand, parseDockerfile, pathMatcher } from '../dockerfile.js';
import { readRepoFile, REPO_ROOT, workspacePackages } from '../repo.js';
import { checkServiceEnv, type EnvCheck } from '../service-env.js';

// Everything here is checked without a Docker engine: what the file says, the
// files it points at, and — by running each service's own env schema on the
// environment compose would give its container — that every process would get
// past its configuration check at start.

const COMPOSE_TEXT = readRepoFile('docker-compose.yml');

/** What compose requires from the shell (or .env): the key sealing stored provider credentials. */
const REQUIRED: HostEnv = { PROVIDER_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };

/** The shells compose may be run from: only what is required set, and everything optional set too. */
const HOSTS: Array<[label: string, host: HostEnv]> = [
  ['a shell with only PROVIDER_ENCRYPTION_KEY', REQUIRED],
  [
    'a shell with OPENAI_API_KEY, OPENAI_BASE_URL and LOG_LEVEL',
    { ...REQUIRED, OPENAI_API_KEY: 'sk-test-not-a-real-key', OPENAI_BASE_URL: 'https://openai.example.test/v1', LOG_LEVEL: 'debug' },
  ],
];

/** The services built from this workspace, and the variables naming where each listens. */
const APP_SERVICES: Record<string, { hostVar?: string; portVar?: string; healthPath?: string }> = {
  simulator: { hostVar: 'SIMULATOR_HOST', portVar: 'SIMULATOR_PORT', healthPath: '/v1/models' },
  history: { hostVar: 'HISTORY_HOST', portVar: 'HISTORY_PORT', healthPath: '/healthz' },
  'runner-api': { hostVar: 'RUNNER_HOST', portVar: 'RUNNER_PORT', healthPath: '/healthz' },
  'runner-worker': {},
  gateway: { hostVar: 'GATEWAY_HOST', portVar: 'GATEWAY_PORT', healthPath: '/healthz' },
};
const INFRA_PORTS: Record<string, number> = { mongo: 27017, redis: 6379 };
const EXPECTED_SERVICES = ['mongo', 'redis', ...Object.keys(APP_SERVICES), 'web'];

const packages = workspacePackages();
const minimal = loadCompose(COMPOSE_TEXT, REQUIRED);
const services = (file: ComposeFile = minimal): Array<[string, ComposeService]> => Object.entries(file.services);

/** The workspace package a service's image is built from (`PACKAGE` build arg). */
function packageOf(service: ComposeService) {
  const name = buildOf(service)?.args.PACKAGE;
  const pkg = name === undefined ? undefined : packages.get(name);
  if (!pkg) throw new Error(`build arg PACKAGE=${name} is not a workspace package (${[...packages.keys()].join(', ')})`);
  return pkg;
}

function dockerfileOf(service: ComposeService) {
  const build = buildOf(service)!;
  return parseDockerfile(readFileSync(resolve(REPO_ROOT, build.context, build.dockerfile), 'utf8'));
}

function healthUrl(service: ComposeService): URL | undefined {
  const test = service.healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  const match = /https?:\/\/[^'"\s)]+/.exec(text);
  return match ? new URL(match[0]) : undefined;
}

describe('docker-compose.yml', () => {
  test('is YAML without errors, warnings or duplicate keys', () => {
    const parsed = parseYaml(COMPOSE_TEXT);
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(typeof (parsed.value as ComposeFile).services).toBe('object');
  });

  test('defines every service of the stack', () => {
    expect(Object.keys(minimal.services)).toEqual(expect.arrayContaining(EXPECTED_SERVICES));
  });

  test.each(EXPECTED_SERVICES)('%s restarts unless stopped', (name) => {
    expect(minimal.services[name]?.restart).toBe('unless-stopped');
  });

  test('pulls MongoDB and Redis by a pinned major version, with healthchecks', () => {
    expect(minimal.services.mongo?.image).toMatch(/^mongo:[78](\b|$)/);
    expect(minimal.services.redis?.image).toMatch(/^redis:7(\b|-|$)/);
    for (const name of ['mongo', 'redis']) expect(minimal.services[name]?.healthcheck?.test).toBeDefined();
  });

  test("keeps MongoDB's data in a named volume", () => {
    const mounts = (minimal.services.mongo?.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const dataMount = mounts.find((m) => m.endsWith(':/data/db'));
    expect(dataMount).toBeDefined();
    const volume = dataMount!.split(':')[0]!;
    expect(Object.keys(minimal.volumes ?? {})).toContain(volume);
  });

  test('publishes the gateway on 4000 and the web page on 8080, and nothing else', () => {
    const published = Object.fromEntries(services().map(([name, s]) => [name, s.ports ?? []]));
    expect(Object.entries(published).filter(([, ports]) => ports.length > 0).map(([name]) => name).sort()).toEqual(['gateway', 'web']);
    expect(published.gateway).toEqual(['4000:4000']);
    expect(published.web).toEqual(['8080:8080']);
  });

  test('waits only for services that exist, and on a healthcheck only where there is one', () => {
    for (const [name, service] of services()) {
      for (const [target, condition] of dependencies(service)) {
        expect({ name, target, exists: target in minimal.services }).toEqual({ name, target, exists: true });
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') {
          expect({ name, target, healthcheck: minimal.services[target]?.healthcheck?.test !== undefined }).toEqual({ name, target, healthcheck: true });
        }
      }
    }
  });

  test('builds every image from a Dockerfile that exists, with the repository as context', () => {
    const built = services().filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name).sort()).toEqual([...Object.keys(APP_SERVICES), 'web'].sort());
    for (const [name, service] of built) {
      const build = buildOf(service)!;
      const dockerfile = resolve(REPO_ROOT, build.context, build.dockerfile);
      expect({ name, context: resolve(REPO_ROOT, build.context) }).toEqual({ name, context: REPO_ROOT });
      expect({ name, dockerfile: relative(REPO_ROOT, dockerfile), exists: existsSync(dockerfile) }).toEqual({
        name,
        dockerfile: relative(REPO_ROOT, dockerfile),
        exists: true,
      });
    }
  });

  test('services sharing an image tag are built the same way', () => {
    const byImage = new Map<string, string>();
    for (const [name, service] of services()) {
      if (!service.build || !service.image) continue;
      const recipe = JSON.stringify(buildOf(service));
      const seen = byImage.get(service.image);
      if (seen !== undefined) expect({ name, recipe }).toEqual({ name, recipe: seen });
      byImage.set(service.image, recipe);
    }
  });

  describe.each(Object.keys(APP_SERVICES))('%s', (name) => {
    const service = minimal.services[name]!;

    test('is built from a workspace package that has a build script', () => {
      const pkg = packageOf(service);
      expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.build\.json/);
      expect(existsSync(join(REPO_ROOT, pkg.dir, 'tsconfig.build.json'))).toBe(true);
    });

    test("starts a file that its package's build produces", () => {
      const pkg = packageOf(service);
      const runtime = dockerfileOf(service).stages.at(-1)!;
      const cmd = lastOf(runtime, 'CMD');
      const command = service.command !== undefined ? argv(service.command) : cmd && parseCommand(cmd.args);
      expect(command?.[0]).toBe('node');
      const script = /^(?:\.\/)?dist\/(.+)\.js$/.exec(command?.[1] ?? '');
      expect({ script: command?.[1], emitted: script !== null }).toEqual({ script: command?.[1], emitted: true });

      // tsc maps src/X.ts to dist/X.js when rootDir is src and outDir dist,
      // unless the build config excludes X.
      const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, pkg.dir, 'tsconfig.build.json'), 'utf8')) as {
        compilerOptions?: { rootDir?: string; outDir?: string };
        exclude?: string[];
      };
      expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
      const source = `src/${script![1]}.ts`;
      expect({ source: `${pkg.dir}/${source}`, exists: existsSync(join(REPO_ROOT, pkg.dir, source)) }).toEqual({
        source: `${pkg.dir}/${source}`,
        exists: true,
      });
      expect({ source, excluded: pathMatcher(tsconfig.exclude ?? [])(source) }).toEqual({ source, excluded: false });

      // A module that only exports a factory (runner's worker.ts) builds too:
      // the command must also be one of the package's own start scripts.
      const started = command!.join(' ');
      expect({ started, script: Object.values(pkg.scripts).some((s) => s.split(/\s*&&\s*/).includes(started)) }).toEqual({ started, script: true });
    });

    if (APP_SERVICES[name]!.healthPath) {
      test('checks its health on the path its server answers', () => {
        const url = healthUrl(service);
        expect(url?.hostname).toBe('127.0.0.1');
        expect(url?.pathname).toBe(APP_SERVICES[name]!.healthPath);
      });
    }
  });

  describe.each(HOSTS)('from %s', (_label, host) => {
    const file = loadCompose(COMPOSE_TEXT, host);
    const checks = new Map<string, EnvCheck>();

    beforeAll(async () => {
      const names = Object.keys(APP_SERVICES);
      const results = await Promise.all(
        names.map((name) => {
          const service = file.services[name]!;
          return checkServiceEnv(`${packageOf(service).dir}/src/env.ts`, containerEnvironment(service, host)).catch(
            (error: unknown): EnvCheck => ({ status: null, stdout: '', stderr: `could not run the env check: ${String(error)}` }),
          );
        }),
      );
      names.forEach((name, i) => checks.set(name, results[i]!));
    });

    test.each(Object.keys(APP_SERVICES))("%s: the service's own env schema accepts its environment", (name) => {
      const check = checks.get(name)!;
      expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/invalid|error/i) });
      expect(check.stdout).not.toMatch(/invalid/i);
      expect(check.config).toBeDefined();
    });

    test.each(Object.entries(APP_SERVICES).filter(([, s]) => s.portVar))(
      '%s listens on all interfaces, on the port its healthcheck and publication use',
      (name, { hostVar, portVar }) => {
        const config = checks.get(name)!.config!;
        const service = file.services[name]!;
        expect(config[hostVar!]).toBe('0.0.0.0');
        expect(Number(healthUrl(service)?.port)).toBe(config[portVar!]);
        for (const target of publishedTargets(service)) expect(target).toBe(config[portVar!]);
      },
    );

    test('every URL naming a service of the stack has its port, and its user waits for it', () => {
      const portOf = (target: string): unknown => {
        const listener = APP_SERVICES[target];
        return listener?.portVar ? checks.get(target)!.config![listener.portVar] : INFRA_PORTS[target];
      };
      let urls = 0;
      for (const [name, service] of services(file)) {
        for (const [variable, value] of Object.entries(containerEnvironment(service, host))) {
          if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
          const url = new URL(value);
          if (!(url.hostname in file.services)) continue;
          urls += 1;
          const port = url.port === '' ? undefined : Number(url.port);
          expect({ name, variable, port }).toEqual({ name, variable, port: portOf(url.hostname) });
          expect({ name, variable, waitsFor: dependencies(service).some(([t]) => t === url.hostname) }).toEqual({
            name,
            variable,
            waitsFor: true,
          });
        }
      }
      expect(urls).toBeGreaterThanOrEqual(8);
    });

    test("gives the runner API and workers the database and the shell's encryption key", () => {
      for (const name of ['runner-api', 'runner-worker']) {
        const config = checks.get(name)!.config!;
        expect({ name, mongo: config.MONGO_URL, key: config.PROVIDER_ENCRYPTION_KEY }).toEqual({
          name,
          mongo: 'mongodb://mongo:27017',
          key: host.PROVIDER_ENCRYPTION_KEY,
        });
      }
    });

    test('passes OpenAI settings through to the runner only when the shell has them', () => {
      for (const name of ['runner-api', 'runner-worker']) {
        const config = checks.get(name)!.config!;
        expect({ name, key: config.OPENAI_API_KEY, base: config.OPENAI_BASE_URL }).toEqual({
          name,
          key: host.OPENAI_API_KEY,
          base: host.OPENAI_BASE_URL,
        });
      }
    });
  });

  test('the env check refuses an environment that would stop a service (so its passes mean something)', async () => {
    const runner = minimal.services['runner-api']!;
    const envModule = `${packageOf(runner).dir}/src/env.ts`;
    const { REDIS_URL: _dropped, ...withoutRedis } = containerEnvironment(runner, REQUIRED);
    const missing = await checkServiceEnv(envModule, withoutRedis);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/REDIS_URL/);
    // Why OPENAI_API_KEY is a key-only entry and not `${OPENAI_API_KEY:-}`:
    // compose would pass an empty string, which the runner refuses.
    const empty = await checkServiceEnv(envModule, { ...containerEnvironment(runner, REQUIRED), OPENAI_API_KEY: '' });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/OPENAI_API_KEY/);
    // A key of the wrong length would seal nothing it could open again.
    const short = await checkServiceEnv(envModule, { ...containerEnvironment(runner, REQUIRED), PROVIDER_ENCRYPTION_KEY: 'c2hvcnQ=' });
    expect(short.status).not.toBe(0);
    expect(short.stderr).toMatch(/PROVIDER_ENCRYPTION_KEY/);
  });

  test('refuses to start without PROVIDER_ENCRYPTION_KEY, and says which variable is missing', () => {
    expect(() => loadCompose(COMPOSE_TEXT, {})).toThrow(/PROVIDER_ENCRYPTION_KEY/);
  });

  test('writes no secret into the file: credentials only come from the shell', () => {
    const raw = parseYaml(COMPOSE_TEXT).value as ComposeFile;
    const secretName = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)/i;
    let secrets = 0;
    for (const [name, service] of Object.entries(raw.services)) {
      for (const [variable, value] of environmentEntries(service)) {
        if (!secretName.test(variable)) continue;
        secrets += 1;
        // Key-only (taken from the shell), or an interpolation with no literal default.
        const fromShell = value === null || /^\$\{[A-Za-z_]\w*(?::?-|:?\?[^}]*)?\}$/.test(value);
        expect({ name, variable, value, fromShell }).toEqual({ name, variable, value, fromShell: true });
      }
    }
    expect(secrets).toBeGreaterThan(0);
    expect(COMPOSE_TEXT).not.toMatch(/\bsk-[A-Za-z0-9_-]{8,}/);
  });

  // The Compose CLI validates the file against the Compose specification
  // without an engine. Development and CI machines have no Compose plugin, so
  // there this one check is skipped (and says so); the checks above always run.
  const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const hasCompose = compose.status === 0;
  if (!hasCompose) {
    console.log(`infra: \`docker compose\` is not available here (${(compose.error?.message ?? compose.stderr).trim().split('\n')[0]}); skipping \`docker compose config\`.`);
  }
  (hasCompose ? test : test.skip)(`docker compose config accepts the file${hasCompose ? '' : ' (skipped: no docker compose)'}`, () => {
    const result = spawnSync('docker', ['compose', '-f', join(REPO_ROOT, 'docker-compose.yml'), 'config', '--quiet'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
