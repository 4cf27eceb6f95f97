import { parseDocument } from 'yaml';

/** The variables of the shell that runs `docker compose`. */
export type HostEnv = Readonly<Record<string, string | undefined>>;

type EnvValue = string | number | boolean | null;

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, EnvValue> | string[];
}

export interface ComposeService {
  image?: string;
  build?: string | ComposeBuild;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  env_file?: unknown;
  ports?: Array<string | number | { target: number; published?: string | number }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export interface ParsedYaml {
  value: unknown;
  errors: string[];
  warnings: string[];
}

/** Parses YAML the way Compose reads it: merge keys (`<<`) allowed, duplicate keys refused. */
export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true });
  return {
    value: doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined,
    errors: doc.errors.map((e) => e.message),
    warnings: doc.warnings.map((w) => w.message),
  };
}

/**
 * Compose's variable interpolation of one string, as in the Compose
 * specification: `$$` is a literal `$`; `$VAR` and `${VAR}` are the host's
 * value or empty; `${VAR:-d}` / `${VAR-d}` fall back to `d` when VAR is unset
 * or empty / unset; `${VAR:?e}` / `${VAR?e}` fail; `${VAR:+a}` / `${VAR+a}`
 * give `a` when VAR is set (and non-empty). Defaults may nest interpolations.
 */
export function interpolate(text: string, host: HostEnv): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      out += expand(text.slice(i + 2, end), host);
      i = end + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (bare) {
      out += host[bare[0]] ?? '';
      i += 1 + bare[0].length;
      continue;
    }
    throw new Error(`invalid interpolation at ${JSON.stringify(text.slice(i))}: use $$ for a literal $`);
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j += 1) {
    if (text[j] === '{') depth += 1;
    else if (text[j] === '}' && (depth -= 1) === 0) return j;
  }
  throw new Error(`unclosed \${ in ${JSON.stringify(text)}`);
}

function expand(body: string, host: HostEnv): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) throw new Error(`invalid interpolation \${${body}}`);
  const name = match[1]!;
  const op = match[2];
  const rest = match[3] ?? '';
  const value = host[name];
  const isSet = value !== undefined;
  const isFilled = isSet && value !== '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return isFilled ? value : interpolate(rest, host);
    case '-':
      return isSet ? value : interpolate(rest, host);
    case ':?':
    case '?':
      if (op === ':?' ? isFilled : isSet) return value!;
      throw new Error(`required variable ${name} is missing: ${interpolate(rest, host)}`);
    case ':+':
      return isFilled ? interpolate(rest, host) : '';
    case '+':
      return isSet ? interpolate(rest, host) : '';
    default:
      throw new Error(`invalid interpolation \${${body}}`);
  }
}

/** Every string in a parsed Compose file interpolated, as Compose does before reading it. */
export function interpolateAll<T>(node: T, host: HostEnv): T {
  if (typeof node === 'string') return interpolate(node, host) as T;
  if (Array.isArray(node)) return node.map((item: unknown) => interpolateAll(item, host)) as T;
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, host)])) as T;
  }
  return node;
}

/** A Compose file's text, parsed and interpolated against `host`. */
export function loadCompose(text: string, host: HostEnv): ComposeFile {
  const parsed = parseYaml(text);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
  return interpolateAll(parsed.value as ComposeFile, host);
}

/** `environment` as [name, value] pairs; a key-only entry has the value null. */
export function environmentEntries(service: ComposeService): Array<[string, string | null]> {
  const { environment } = service;
  if (environment === undefined) return [];
  if (Array.isArray(environment)) {
    return environment.map((item) => {
      const eq = item.indexOf('=');
      return eq === -1 ? [item, null] : [item.slice(0, eq), item.slice(eq + 1)];
    });
  }
  return Object.entries(environment).map(([k, v]) => [k, v === null ? null : String(v)]);
}

/**
 * The environment a container of this (interpolated) service starts with: the
 * `environment` entries, where a key-only entry takes the host's value and is
 * left out when the host has none, as Compose does.
 */
export function containerEnvironment(service: ComposeService, host: HostEnv): Record<string, string> {
  if (service.env_file !== undefined) throw new Error('env_file is not modelled here: list variables under `environment`');
  const env: Record<string, string> = {};
  for (const [name, value] of environmentEntries(service)) {
    if (value !== null) env[name] = value;
    else if (host[name] !== undefined) env[name] = host[name];
  }
  return env;
}

/** The services a service waits for, with the condition it waits on. */
export function dependencies(service: ComposeService): Array<[string, string]> {
  const { depends_on: deps } = service;
  if (deps === undefined) return [];
  if (Array.isArray(deps)) return deps.map((name) => [name, 'service_started']);
  return Object.entries(deps).map(([name, spec]) => [name, spec?.condition ?? 'service_started']);
}

/** Container-side ports a service publishes to the host. */
export function publishedTargets(service: ComposeService): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return Number(port.target);
    const spec = String(port).replace(/\/(tcp|udp)$/, '');
    return Number(spec.split(':').at(-1));
  });
}

/** The build context and Dockerfile of a service, relative to the Compose file's folder. */
export function buildOf(service: ComposeService): { context: string; dockerfile: string; args: Record<string, string> } | undefined {
  const { build } = service;
  if (build === undefined) return undefined;
  if (typeof build === 'string') return { context: build, dockerfile: 'Dockerfile', args: {} };
  const args: Record<string, string> = {};
  if (Array.isArray(build.args)) {
    for (const item of build.args) {
      const eq = item.indexOf('=');
      if (eq !== -1) args[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else {
    for (const [k, v] of Object.entries(build.args ?? {})) if (v !== null) args[k] = String(v);
  }
  return { context: build.context ?? '.', dockerfile: build.dockerfile ?? 'Dockerfile', args };
}

/** A command as argv: exec form as is, shell form split on blanks (enough for `node dist/x.js`). */
export function argv(command: string | string[]): string[] {
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}
