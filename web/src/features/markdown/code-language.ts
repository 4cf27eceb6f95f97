/** The languages whose code blocks are coloured; other code is shown plain. */
export type CodeLanguage = 'javascript' | 'typescript' | 'jsx' | 'tsx' | 'python' | 'json';

const ALIASES: Record<string, CodeLanguage> = {
  js: 'javascript',
  javascript: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  typescript: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  jsx: 'jsx',
  tsx: 'tsx',
  py: 'python',
  python: 'python',
  python3: 'python',
  json: 'json',
  jsonc: 'json',
};

/** The language a fence's info string names ("```ts", "```Python title=x"), if it is one we colour. */
export function codeLanguage(info: string | undefined): CodeLanguage | null {
  const name = (info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return Object.hasOwn(ALIASES, name) ? ALIASES[name]! : null;
}
