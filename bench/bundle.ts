import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Benchmark, BenchmarkContext, BenchmarkOutcome } from './lib/benchmark.js';
import { formatTable } from './lib/table.js';

/**
 * The web app's production build, and what the playground route (`/`) makes
 * the browser download before it can run: index.html's entry script and the
 * chunks it preloads (its static imports). Every other chunk is fetched when
 * first needed (the other pages, the CodeMirror editor, the highlighter) and
 * is listed apart. Sizes are gzip level 9, as a server would send them.
 */

const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
const BUDGET_KB = 250;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function build(outDir: string, ctx: BenchmarkContext): Promise<void> {
  const child = spawn(process.execPath, [join(WEB_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: WEB_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: ctx.signal,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite build exited ${code}:\n${output}`);
}

/** The scripts index.html loads at once: its module entry and every modulepreload. */
function initialScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...srcs, ...preloads])].map((path) => path.replace(/^\//, ''));
}

async function run(ctx: BenchmarkContext): Promise<BenchmarkOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'reprise-web-build-'));
  try {
    ctx.log('bundle: vite build of web/ …');
    await build(outDir, ctx);
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const initial = new Set(initialScripts(html));
    const assets = (await readdir(join(outDir, 'assets'))).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    const sized = await Promise.all(
      assets.map(async (file) => {
        const bytes = await readFile(join(outDir, 'assets', file));
        return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, initial: initial.has(`assets/${file}`) };
      }),
    );
    sized.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);
    const initialJs = sized.filter((s) => s.initial && s.file.endsWith('.js'));
    const initialGzip = initialJs.reduce((sum, s) => sum + s.gzip, 0);
    const rows = sized.map((s) => [s.file, s.initial ? 'initial' : 'on demand', kb(s.raw), kb(s.gzip)]);
    const table = formatTable([{ header: 'file', align: 'left' }, { header: 'loaded', align: 'left' }, { header: 'KB' }, { header: 'KB gzip' }], rows);
    const pass = initialGzip <= BUDGET_KB * 1024;
    const targetTable = formatTable(
      [{ header: 'target', align: 'left' }, { header: 'measured' }, { header: 'result' }],
      [[`playground route's initial JavaScript ≤ ${BUDGET_KB} KB gzipped`, `${kb(initialGzip)} KB`, pass ? 'PASS' : 'FAIL']],
    );
    process.stdout.write(`\nbundle: the production build of web/ (vite build); "initial" = index.html's entry and modulepreloads\n\n${table}\n\n${targetTable}\n\n`);
    await mkdir(ctx.resultsDir, { recursive: true });
    const resultFile = join(ctx.resultsDir, `bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await writeFile(resultFile, `${JSON.stringify({ benchmark: 'bundle', at: new Date().toISOString(), budgetKb: BUDGET_KB, initialGzip, files: sized }, null, 2)}\n`);
    return { passed: pass, resultFile };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export const bundle: Benchmark = {
  name: 'bundle',
  description: "the web app's production build: the playground route's initial JavaScript, gzipped, against its budget",
  defaultTimeoutSeconds: 180,
  run,
};
