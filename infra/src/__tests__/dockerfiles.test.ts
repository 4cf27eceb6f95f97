import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildOf, containerEnvironment, loadCompose, publishedTargets } from '../compose.js';
import { dockerignore, lastOf, parseArg, parseCommand, parseCopy, parseDockerfile, parseEnv, type Dockerfile } from '../dockerfile.js';
import { pinnedPnpmVersion, readRepoFile, REPO_ROOT } from '../repo.js';

// The images cannot be built here (no Docker engine), so this reads the
// Dockerfiles the compose file builds from and checks what a build would
// trip over first: files copied in that are missing or ignored, stages that do
// not exist, a pnpm or Node version out of step with the workspace, and a
// runtime stage running as root.

// Compose refuses to read the file without the one variable it requires; its value does not matter here.
const compose = loadCompose(readRepoFile('docker-compose.yml'), { PROVIDER_ENCRYPTION_KEY: 'not-read-here' });
const ignored = dockerignore(readRepoFile('.dockerignore'));

/** Each Dockerfile the compose file builds from, once, relative to the repository. */
const dockerfiles: Array<[path: string, dockerfile: Dockerfile]> = [
  ...new Set(
    Object.values(compose.services).flatMap((s) => {
      const build = buildOf(s);
      return build ? [relative(REPO_ROOT, resolve(REPO_ROOT, build.context, build.dockerfile))] : [];
    }),
  ),
].map((path) => [path, parseDockerfile(readRepoFile(path))]);

const argDefault = (dockerfile: Dockerfile, name: string): string | undefined => {
  if (name in dockerfile.globalArgs) return dockerfile.globalArgs[name];
  for (const stage of dockerfile.stages) {
    for (const i of stage.instructions) if (i.keyword === 'ARG' && name in parseArg(i.args)) return parseArg(i.args)[name];
  }
  return undefined;
};

/** pnpm's own commands whose flags the build uses (a bare `pnpm build` runs a script). */
const PNPM_COMMANDS = new Set(['fetch', 'install', 'deploy', 'add', 'exec', 'run']);

/** Each `pnpm <command> --flag…` in the RUN instructions, with the flags after the command. */
function pnpmInvocations(dockerfile: Dockerfile): Array<{ line: number; command: string; flags: string[] }> {
  const runs = dockerfile.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN');
  return runs.flatMap((run) =>
    run.args.split(/&&|\|\||;/).flatMap((segment) => {
      const words = segment.trim().split(/\s+/);
      const at = words.findIndex((w, i) => i > 0 && PNPM_COMMANDS.has(w));
      if (words[0] !== 'pnpm' || at === -1) return [];
      const flags = words.slice(at + 1).filter((w) => w.startsWith('-')).map((w) => w.split('=')[0]!);
      return [{ line: run.line, command: words[at]!, flags }];
    }),
  );
}

// pnpm's flags change between majors (pnpm 12's `fetch` takes no
// --frozen-lockfile), so the flags are checked against the pinned pnpm's own
// help, where that is the pnpm installed here.
const installedPnpm = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
const hasPinnedPnpm = installedPnpm.status === 0 && installedPnpm.stdout.trim() === pinnedPnpmVersion();
if (!hasPinnedPnpm) {
  console.log(`infra: pnpm ${pinnedPnpmVersion()} is not on PATH (found ${installedPnpm.stdout?.trim() || 'none'}); skipping the check of pnpm flags in the Dockerfiles.`);
}

describe('.dockerignore', () => {
  test.each(['node_modules', 'services/runner/node_modules/zod/index.js', 'services/runner/dist/main.js', 'web/dist/index.html', '.git/HEAD', '.local/env', '.env'])(
    'keeps %s out of the build context',
    (path) => expect(ignored(path)).toBe(true),
  );

  test.each(['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json', 'services/runner/src/main.ts', 'services/gateway/src/schema/run.graphql', 'web/index.html', 'infra/docker/nginx.conf'])(
    'lets %s into the build context',
    (path) => expect(ignored(path)).toBe(false),
  );
});

describe.each(dockerfiles)('%s', (_path, dockerfile) => {
  const runtime = dockerfile.stages.at(-1)!;

  test('copies in only files that exist and that .dockerignore lets through', () => {
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
        const copy = parseCopy(instruction.args);
        if (copy.from !== undefined) continue;
        for (const source of copy.sources) {
          if (source === '.' || source === './') continue;
          expect({ line: instruction.line, source, exists: existsSync(join(REPO_ROOT, source)), ignored: ignored(source) }).toEqual({
            line: instruction.line,
            source,
            exists: true,
            ignored: false,
          });
        }
      }
    }
  });

  test('copies from stages defined before', () => {
    const names: string[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY')) {
        const { from } = parseCopy(instruction.args);
        if (from !== undefined) expect({ line: instruction.line, from, defined: names.includes(from) }).toEqual({ line: instruction.line, from, defined: true });
      }
      if (stage.name) names.push(stage.name);
    }
  });

  test("installs the workspace's pinned pnpm from the lockfile, unchanged", () => {
    expect(argDefault(dockerfile, 'PNPM_VERSION')).toBe(pinnedPnpmVersion());
    const runs = dockerfile.stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /pnpm@\$\{?PNPM_VERSION\}?/.test(r))).toBe(true);
    expect(runs.some((r) => /pnpm install\b.*--frozen-lockfile/.test(r))).toBe(true);
  });

  test("builds on the Node major version the workspace's engines ask for", () => {
    const engines = (JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node;
    const wanted = Number(/(\d+)/.exec(engines)![1]);
    const nodeStages = dockerfile.stages.filter((s) => s.base.startsWith('node:'));
    expect(nodeStages.length).toBeGreaterThan(0);
    for (const stage of nodeStages) {
      const tag = stage.base.slice('node:'.length).replace(/\$\{?NODE_VERSION\}?/, argDefault(dockerfile, 'NODE_VERSION') ?? '');
      expect(Number(/^(\d+)/.exec(tag)?.[1])).toBe(wanted);
    }
  });

  if (runtime.base.startsWith('node:')) {
    test('runs the service as the unprivileged node user, in production mode, from the deployed output', () => {
      expect(lastOf(runtime, 'USER')?.args).toBe('node');
      const env = Object.assign({}, ...runtime.instructions.filter((i) => i.keyword === 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
      expect(env.NODE_ENV).toBe('production');
      const cmd = lastOf(runtime, 'CMD');
      expect(cmd && cmd.args.trim().startsWith('[')).toBe(true);
      expect(parseCommand(cmd!.args)[0]).toBe('node');
      // The runtime stage holds the output of `pnpm deploy --prod` and nothing else.
      const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => parseCopy(i.args));
      expect(copies).toHaveLength(1);
      const deployDir = copies[0]!.sources[0]!;
      const build = dockerfile.stages.find((s) => s.name === copies[0]!.from)!;
      const deploy = build.instructions.find((i) => i.keyword === 'RUN' && /pnpm\b.*\bdeploy\b/.test(i.args));
      expect(deploy?.args).toMatch(new RegExp(`deploy\\b.*--prod\\b.*\\s${deployDir.replace(/\/$/, '')}(\\s|$)`));
    });
  }

  (hasPinnedPnpm ? test : test.skip)('calls pnpm only with flags the pinned pnpm accepts', () => {
    const invocations = pnpmInvocations(dockerfile);
    expect(invocations.map((i) => i.command)).toEqual(expect.arrayContaining(['fetch', 'install']));
    for (const { line, command, flags } of invocations) {
      const help = spawnSync('pnpm', [command, '--help'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
      for (const flag of flags) {
        const known = new RegExp(`(^|[\\s,])${flag.replace(/[-]/g, '\\-')}([\\s,=<\\[]|$)`, 'm').test(help);
        expect({ line, command, flag, known }).toEqual({ line, command, flag, known: true });
      }
    }
  });

  test('bakes in no secret', () => {
    const secretName = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)/i;
    for (const instruction of dockerfile.stages.flatMap((s) => s.instructions)) {
      if (instruction.keyword === 'ENV') for (const name of Object.keys(parseEnv(instruction.args))) expect(name).not.toMatch(secretName);
      if (instruction.keyword === 'ARG') for (const name of Object.keys(parseArg(instruction.args))) expect(name).not.toMatch(secretName);
    }
  });
});

describe('the web image', () => {
  const web = compose.services.web!;
  const build = buildOf(web)!;
  const dockerfile = parseDockerfile(readRepoFile(join(build.context, build.dockerfile)));
  const runtime = dockerfile.stages.at(-1)!;
  const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => parseCopy(i.args));
  const confCopy = copies.find((c) => c.from === undefined && c.destination.startsWith('/etc/nginx/'));
  const conf = confCopy ? readRepoFile(confCopy.sources[0]!) : '';
  const graphql = /location\s+(?:=\s*)?\/graphql\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';

  test('serves the Vite build with nginx and its own config', () => {
    expect(runtime.base).toMatch(/^nginx:[\w.-]*alpine/);
    expect(confCopy?.destination).toMatch(/^\/etc\/nginx\/conf\.d\/[\w.-]+\.conf$/);
    const site = copies.find((c) => c.from !== undefined);
    expect(site?.sources).toEqual(['/repo/web/dist']);
    expect(existsSync(join(REPO_ROOT, 'web/index.html'))).toBe(true);
  });

  test('listens on the port compose publishes', () => {
    const listen = [...conf.matchAll(/^\s*listen\s+(?:\[::\]:)?(\d+)/gm)].map((m) => Number(m[1]));
    expect(listen.length).toBeGreaterThan(0);
    for (const port of publishedTargets(web)) expect(listen).toContain(port);
    const health = /https?:\/\/[^'"\s]+/.exec([web.healthcheck?.test ?? []].flat().join(' '))?.[0];
    if (health) expect(listen).toContain(Number(new URL(health).port));
  });

  test('proxies /graphql to the gateway, on the port the gateway listens on', () => {
    expect(graphql).not.toBe('');
    const target = /proxy_pass\s+([^;]+);/.exec(graphql)?.[1]?.trim() ?? '';
    // Either a literal URL or a variable set in the server block (looked up per request).
    const url = target.startsWith('$') ? new RegExp(`set\\s+\\${target}\\s+([^;]+);`).exec(conf)?.[1]?.trim() : target;
    const gatewayPort = containerEnvironment(compose.services.gateway!, {}).GATEWAY_PORT;
    expect(url).toBe(`http://gateway:${gatewayPort}`);
    if (target.startsWith('$')) expect(conf).toMatch(/resolver\s+127\.0\.0\.11\b/);
  });

  test('passes the WebSocket upgrade through for subscriptions', () => {
    expect(graphql).toMatch(/proxy_http_version\s+1\.1;/);
    expect(graphql).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    const connection = /proxy_set_header\s+Connection\s+([^;]+);/.exec(graphql)?.[1]?.trim();
    if (connection === '$connection_upgrade') expect(conf).toMatch(/map\s+\$http_upgrade\s+\$connection_upgrade\s*\{[^}]*default\s+upgrade;/);
    else expect(connection).toMatch(/^"?upgrade"?$/i);
    const readTimeout = /proxy_read_timeout\s+(\d+)([smh]?);/.exec(graphql);
    const seconds = readTimeout ? Number(readTimeout[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[readTimeout[2]!]! : 60;
    expect(seconds).toBeGreaterThanOrEqual(300);
  });

  test('falls back to index.html for client-side routes', () => {
    expect(conf).toMatch(/try_files\s+\$uri\s+(\$uri\/\s+)?\/index\.html;/);
  });
});
