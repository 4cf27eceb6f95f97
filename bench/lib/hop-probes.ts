import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { summarize, type Summary } from './stats.js';

export interface HopProbe {
  label: string;
  /** One round trip; resolves when the answer has been read. */
  once(signal: AbortSignal): Promise<void>;
}

export interface HopRow {
  label: string;
  summary: Summary;
}

/**
 * Round trips of single hops, each alone (concurrency 1), to split a
 * multi-hop interval measured from outside into its parts: a bare HTTP
 * server, the same framework with nothing behind it, then one more hop at a
 * time. Probes run in rounds, every probe once per round in the given order,
 * with a pause after each round so that runs a probe started are over
 * before the next round.
 */
export async function measureHops(probes: readonly HopProbe[], rounds: number, pauseMs: number, signal: AbortSignal): Promise<HopRow[]> {
  const times = probes.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, probe] of probes.entries()) {
      signal.throwIfAborted();
      const t0 = performance.now();
      await probe.once(signal);
      times[i]!.push(performance.now() - t0);
    }
    await sleep(pauseMs, undefined, { signal });
  }
  return probes.map((p, i) => ({ label: p.label, summary: summarize(times[i]!) }));
}

/** GET `url` and read the body. */
export function getProbe(label: string, url: string): HopProbe {
  return {
    label,
    async once(signal) {
      const res = await fetch(url, { signal });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${label}: ${res.status}`);
    },
  };
}

/** POST `body` as JSON to `url` (with `headers`, e.g. the API key) and read the answer. */
export function postProbe(
  label: string,
  url: string,
  body: () => unknown,
  headers: Record<string, string> = {},
): HopProbe {
  return {
    label,
    async once(signal) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body()), signal });
      const json: unknown = await res.json();
      if (!res.ok || (json as { errors?: unknown }).errors) throw new Error(`${label}: ${res.status} ${JSON.stringify(json)}`);
    },
  };
}

export function redisPingProbe(label: string, redis: Redis): HopProbe {
  return {
    label,
    async once() {
      await redis.ping();
    },
  };
}
