import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Benchmark } from './lib/benchmark.js';
import { ingest } from './ingest.js';
import { search } from './search.js';
import { streams } from './streams.js';
import { cancel } from './cancel.js';
import { memory } from './memory.js';
import { ttft } from './ttft.js';
import { replay } from './replay.js';
import { bundle } from './bundle.js';
import { peer } from './peer.js';

/** Every benchmark, in the order `pnpm bench` runs them. */
const BENCHMARKS: readonly Benchmark[] = [ttft, ingest, search, streams, memory, cancel, replay, bundle, peer];

const USAGE = `usage: pnpm bench [name...] [--runs N] [--warmup N] [--records N] [--timeout SECONDS] [--profile]
  name       any of: ${BENCHMARKS.map((b) => b.name).join(', ')} (default: all)
  --runs     measured runs, instead of each benchmark's own: ttft pairs per phase,
             ingest single logRequest calls, search runs per query
  --warmup   warm-up runs, instead of each benchmark's own
  --records  ingest: records logged in batches; search: requests stored (default 100000)
  --timeout  stop everything after this many seconds (default: the sum of the
             benchmarks' own, ${BENCHMARKS.map((b) => `${b.name} ${b.defaultTimeoutSeconds}`).join(', ')})
  --profile  ttft, ingest, replay: also sample each service's CPU during the measured runs (through
             its inspector) and print where the time goes; slows the services a little`;

const positiveInt = (name: string, raw: string | undefined) => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
};

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        runs: { type: 'string' },
        warmup: { type: 'string' },
        records: { type: 'string' },
        timeout: { type: 'string' },
        profile: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const names = args.positionals;
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const runs = positiveInt('runs', args.values.runs);
  const warmup = positiveInt('warmup', args.values.warmup);
  const records = positiveInt('records', args.values.records);
  const defaultTimeout = selected.reduce((n, b) => n + b.defaultTimeoutSeconds, 0);
  const timeoutMs = (positiveInt('timeout', args.values.timeout) ?? defaultTimeout) * 1000;
  if (runs === 0) throw new Error('--runs must be at least 1');
  if (records === 0) throw new Error('--records must be at least 1');

  // One signal ends everything: Ctrl-C, a SIGTERM, or the global timeout.
  // Each benchmark stops its own services in `finally`; if that itself hangs,
  // the process exits anyway and service-stack's exit hook kills them.
  const controller = new AbortController();
  const stop = (reason: string) => {
    if (controller.signal.aborted) return;
    console.error(`bench: ${reason}; stopping`);
    controller.abort(new Error(reason));
    setTimeout(() => {
      console.error('bench: cleanup did not finish within 20 s; exiting');
      process.exit(1);
    }, 20_000).unref();
  };
  const deadline = Date.now() + timeoutMs;
  const timer = setTimeout(() => stop(`global timeout of ${timeoutMs / 1000} s reached`), timeoutMs);
  process.once('SIGINT', () => stop('interrupted'));
  process.once('SIGTERM', () => stop('terminated'));

  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  let failed = false;
  try {
    for (const benchmark of selected) {
      console.error(`bench: ${benchmark.name} — ${benchmark.description}`);
      const outcome = await benchmark.run({
        signal: controller.signal,
        deadline,
        resultsDir,
        overrides: { runs, warmup, records, profile: args.values.profile },
        log: (line) => console.error(line),
      });
      console.error(`bench: ${benchmark.name} ${outcome.passed ? 'met' : 'MISSED'} its targets; results in ${outcome.resultFile}`);
      failed ||= !outcome.passed;
    }
  } finally {
    clearTimeout(timer);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
