import { readdir, readFile } from 'node:fs/promises';
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
  /** The database's processes by pid (their label and CPU so far), with `database`. */
  databasePids?: Map<number, { label: string; ms: number }>;
  at: number;
}

/**
 * CPU used so far by each service, by this process (the client), by the
 * Redis server when given, and with `database` by the FerretDB and
 * PostgreSQL processes; Redis and the database serve anything else on the
 * machine too, so their rows say "shared".
 */
export async function cpuSnapshot(stack: ServiceStack, redis?: Redis, options: { database?: boolean } = {}): Promise<CpuSnapshot> {
  const own = process.cpuUsage();
  const byProcess: Record<string, number> = { ...stack.cpuMs(), 'bench client': (own.user + own.system) / 1000 };
  if (redis) {
    const info = await redis.info('cpu');
    const seconds = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    byProcess['redis-server (shared)'] = (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  }
  const databasePids = options.database ? await databaseCpuMs() : undefined;
  return { byProcess, databasePids, at: performance.now() };
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

/**
 * CPU time of every process named `ferretdb` or `postgres` (the server and
 * each connection's backend) by pid, from /proc.
 */
async function databaseCpuMs(): Promise<Map<number, { label: string; ms: number }>> {
  const totals = new Map<number, { label: string; ms: number }>();
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const label = name === 'ferretdb' ? 'ferretdb (shared)' : name === 'postgres' ? 'postgres, all backends (shared)' : null;
      if (!label) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      totals.set(Number(pid), { label, ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS });
    } catch {
      // Gone meanwhile.
    }
  }
  return totals;
}

/**
 * What each process used between two snapshots, also per run. The database's
 * processes are summed per name over pids: a backend that started meanwhile
 * counts whole, one that ended meanwhile is lost (the figures are a floor).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, runs: number): CpuRow[] {
  const wall = after.at - before.at;
  const used: Array<[string, number]> = Object.entries(after.byProcess).map(([name, end]) => [name, end - (before.byProcess[name] ?? end)]);
  if (before.databasePids && after.databasePids) {
    const byLabel = new Map<string, number>();
    for (const [pid, { label, ms }] of after.databasePids) {
      byLabel.set(label, (byLabel.get(label) ?? 0) + ms - (before.databasePids.get(pid)?.ms ?? 0));
    }
    used.push(...byLabel);
  }
  return used.map(([name, ms]) => ({ process: name, totalMs: ms, perRunMs: ms / runs, busyPercent: (100 * ms) / wall }));
}
