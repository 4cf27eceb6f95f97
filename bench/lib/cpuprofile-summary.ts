import type { CpuProfile } from './inspector-profiler.js';
import { formatTable } from './table.js';

export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time that was not idle. */
  busyMs: number;
  /** Where the busy time is spent, by package (self time). */
  byPackage: ProfileLine[];
  /** The functions with the most self time. */
  bySelf: ProfileLine[];
  /** The functions with the most time including what they call. */
  byTotal: ProfileLine[];
}

/** Which package a frame belongs to: `pkg` under node_modules, `services/x` for ours, `node:…` internals, or V8's own. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const service = /\/services\/([^/]+)\//.exec(url);
  if (service) return `services/${service[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/services\//, 'services/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

const IDLE = new Set(['(idle)', '(program)']);

/**
 * Self and total time per function and per package from a sampled profile.
 * A sample's time is the gap to the next sample; (idle) and (program) are not busy time.
 */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  const pkgTotal = new Map<string, number>();
  let busyUs = 0;
  samples.forEach((id, i) => {
    const us = deltas[i + 1] ?? 0;
    const node = byId.get(id);
    if (!node || IDLE.has(node.callFrame.functionName)) return;
    busyUs += us;
    const leaf = frameName(node.callFrame);
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const leafPkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    pkgSelf.set(leafPkg, (pkgSelf.get(leafPkg) ?? 0) + us);
    const seen = new Set<string>();
    const seenPkg = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      if (frame.functionName === '(root)') break;
      const name = frameName(frame);
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + us);
      }
      const pkg = packageOf(frame.url, frame.functionName);
      if (!seenPkg.has(pkg)) {
        seenPkg.add(pkg);
        pkgTotal.set(pkg, (pkgTotal.get(pkg) ?? 0) + us);
      }
    }
  });
  const lines = (map: Map<string, number>, other: Map<string, number>, selfFirst: boolean): ProfileLine[] =>
    [...map.entries()]
      .map(([name, us]) => (selfFirst ? { name, selfMs: us / 1000, totalMs: (other.get(name) ?? 0) / 1000 } : { name, selfMs: (other.get(name) ?? 0) / 1000, totalMs: us / 1000 }))
      .sort((a, b) => (selfFirst ? b.selfMs - a.selfMs : b.totalMs - a.totalMs))
      .slice(0, top);
  return {
    busyMs: busyUs / 1000,
    byPackage: lines(pkgSelf, pkgTotal, true),
    bySelf: lines(self, total, true),
    byTotal: lines(total, self, false),
  };
}

/** The summary as tables, in ms per `unit` (`perUnits` of them were profiled: runs, calls, thousands of records). */
export function renderProfile(process: string, summary: ProfileSummary, perUnits: number, unit = 'run'): string {
  const columns = [{ header: '', align: 'left' as const }, { header: `self ms/${unit}` }, { header: `total ms/${unit}` }];
  const rows = (lines: ProfileLine[]) => lines.map((l) => [l.name, (l.selfMs / perUnits).toFixed(3), (l.totalMs / perUnits).toFixed(3)]);
  return [
    `${process}: ${(summary.busyMs / perUnits).toFixed(2)} ms busy per ${unit}`,
    formatTable([{ ...columns[0]!, header: 'by package' }, columns[1]!, columns[2]!], rows(summary.byPackage)),
    formatTable([{ ...columns[0]!, header: 'by function, self' }, columns[1]!, columns[2]!], rows(summary.bySelf)),
    formatTable([{ ...columns[0]!, header: 'by function, total' }, columns[1]!, columns[2]!], rows(summary.byTotal)),
  ].join('\n');
}
