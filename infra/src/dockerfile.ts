/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts, for messages. */
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** Splits a Dockerfile into stages of instructions (comments and parser directives dropped). */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment lines are dropped even in the middle of a continued instruction.
    if (trimmed.startsWith('#') || (trimmed === '' && pending === undefined)) return;
    const continued = /\\\s*$/.test(raw);
    const part = continued ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending ? { text: `${pending.text} ${part.trim()}`, line: pending.line } : { text: part.trim(), line: index + 1 };
    if (!continued) {
      const [keyword = '', ...rest] = pending.text.split(/\s+/);
      instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
      pending = undefined;
    }
  });

  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      stages.push({ base: words[0] ?? '', name: words[1]?.toUpperCase() === 'AS' ? words[2] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') Object.assign(globalArgs, parseArg(instruction.args));
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `ARG NAME` or `ARG NAME=default`. */
export function parseArg(args: string): Record<string, string | undefined> {
  const [name = '', value] = args.split('=', 2) as [string, string | undefined];
  return { [name.trim()]: value === undefined ? undefined : unquote(value.trim()) };
}

/** `ENV A=1 B=2` (or the old `ENV A 1`) as a map. */
export function parseEnv(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [name = '', ...value] = args.split(/\s+/);
    return { [name]: value.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    env[match[1]!] = unquote(match[2]!);
  }
  return env;
}

function unquote(value: string): string {
  return /^(".*"|'.*')$/.test(value) ? value.slice(1, -1) : value;
}

export interface CopySpec {
  from?: string;
  sources: string[];
  destination: string;
}

/** The sources and destination of a COPY or ADD, with its `--from` stage if any. */
export function parseCopy(args: string): CopySpec {
  const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/** CMD / ENTRYPOINT arguments: exec form (JSON array) as is, shell form wrapped in `sh -c`. */
export function parseCommand(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

/** The last instruction of a kind in a stage, e.g. the CMD that wins. */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

/** A .dockerignore as a predicate on context-relative paths. */
export function dockerignore(text: string): (path: string) => boolean {
  return pathMatcher(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')));
}

/**
 * Glob patterns (Go-style, with `**`; later patterns win; `!` re-includes) as
 * a predicate on relative paths, true when the path or a folder above it
 * matches: the rule of .dockerignore and of tsconfig `exclude`.
 */
export function pathMatcher(patterns: string[]): (path: string) => boolean {
  const rules = patterns.map((line) => {
    const negate = line.startsWith('!');
    const pattern = (negate ? line.slice(1) : line).replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    return { negate, regex: globToRegex(pattern) };
  });
  const matches = (path: string) => {
    let matched = false;
    for (const rule of rules) if (rule.regex.test(path)) matched = !rule.negate;
    return matched;
  };
  return (path: string) => {
    const parts = path.replace(/^\.\/+/, '').split('/');
    return parts.some((_, i) => matches(parts.slice(0, i + 1).join('/')));
  };
}

function globToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, including none.
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
