import { SIMULATED_MODELS } from '@reprise/simulator';

/**
 * The one chat request `ttft` and `peer` time, and their phases: the same on
 * both, so that their figures can be read side by side.
 */

/** The provider's own delay, the same on every side: only the differences matter. */
export const SIM = { ttftMs: 20, tokenDelayMs: 0, tokens: 16 } as const;
export const MODEL: string = SIMULATED_MODELS[0];
export const MESSAGES = [
  { role: 'user' as const, content: `[sim ttft=${SIM.ttftMs} delay=${SIM.tokenDelayMs} tokens=${SIM.tokens}] Say something about latency.` },
];

export interface Phase {
  concurrency: number;
  /** Measured runs per mode. */
  runs: number;
  /** Runs per mode before measuring: opens the connection pools this concurrency needs and warms the JIT. */
  warmup: number;
}

export const PHASES: readonly Phase[] = [
  { concurrency: 1, runs: 200, warmup: 20 },
  { concurrency: 50, runs: 200, warmup: 50 },
];
