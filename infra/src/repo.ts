import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the compose file's directory and the images' build context. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

export interface WorkspacePackage {
  name: string;
  /** Folder relative to the repository root, e.g. `services/runner`. */
  dir: string;
  scripts: Record<string, string>;
}

/** The workspace packages an image can be built from, found by their manifests. */
export function workspacePackages(): Map<string, WorkspacePackage> {
  const dirs = ['services', 'packages'].flatMap((top) => readdirSync(join(REPO_ROOT, top)).map((d) => `${top}/${d}`)).concat(['web']);
  const packages = new Map<string, WorkspacePackage>();
  for (const dir of dirs) {
    const manifest = join(REPO_ROOT, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; scripts?: Record<string, string> };
    packages.set(json.name, { name: json.name, dir, scripts: json.scripts ?? {} });
  }
  return packages;
}

/** The pnpm version the workspace pins in `packageManager`. */
export function pinnedPnpmVersion(): string {
  const manifest = JSON.parse(readRepoFile('package.json')) as { packageManager?: string };
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager ?? '');
  if (!match) throw new Error(`package.json: packageManager is not pnpm@x.y.z (${manifest.packageManager})`);
  return match[1]!;
}
