import type { Redis } from 'ioredis';
import type { ServiceStack } from './service-stack.js';

export interface CpuRow {
  process: string;
  totalMs: number;
  perRunMs: number;
  /** CPU time over wall time: 100% is one core busy throughout. */
  busyPercent: number;
}

export interface CpuSnapshot {
  byProcess: Record<string, number>;
  at: number;
}

/**
 * CPU used so far by each service, by this process (the client) and by the
 * Redis server (which anything else on the machine may be using too).
 */
export async function cpuSnapshot(stack: ServiceStack, redis: Redis): Promise<CpuSnapshot> {
  const own = process.cpuUsage();
  const info = await redis.info('cpu');
  const seconds = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    byProcess: {
      ...stack.cpuMs(),
      'bench client': (own.user + own.system) / 1000,
      'redis-server (shared)': (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000,
    },
    at: performance.now(),
  };
}

/** What each process used between two snapshots, also per run. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, runs: number): CpuRow[] {
  const wall = after.at - before.at;
  return Object.entries(after.byProcess).map(([name, end]) => {
    const used = end - (before.byProcess[name] ?? end);
    return { process: name, totalMs: used, perRunMs: used / runs, busyPercent: (100 * used) / wall };
  });
}
