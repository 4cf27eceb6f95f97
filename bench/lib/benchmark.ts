/** What `run.ts` hands every benchmark. */
export interface BenchmarkContext {
  /** Aborted on SIGINT/SIGTERM or when the global timeout passes; stop and clean up. */
  signal: AbortSignal;
  /**
   * When (Date.now() milliseconds) the global timeout aborts `signal`. A
   * benchmark whose length depends on the machine paces itself by it: it
   * stops measuring early enough to print what it has and clean up.
   */
  deadline: number;
  /** Where a benchmark writes its JSON results (git-ignored). */
  resultsDir: string;
  /** Overrides from the command line, e.g. `--runs 50`; a benchmark ignores what it does not know. */
  overrides: { runs?: number; warmup?: number; records?: number; profile?: boolean };
  /** Progress lines (stderr), kept apart from the result tables (stdout). */
  log(line: string): void;
}

export interface BenchmarkOutcome {
  /** Every target met. */
  passed: boolean;
  /** The JSON results written. */
  resultFile: string;
}

export interface Benchmark {
  name: string;
  description: string;
  /** How long it may take on this machine with its defaults; `--timeout` defaults to the sum over the benchmarks run. */
  defaultTimeoutSeconds: number;
  run(ctx: BenchmarkContext): Promise<BenchmarkOutcome>;
}
