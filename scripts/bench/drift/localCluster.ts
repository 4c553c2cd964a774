import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const CLUSTER_SH = resolve(
  __dirname,
  '../../../tools/local-cluster/cluster.sh',
);

function clusterScript(
  name: string,
  command: 'up' | 'down' | 'status',
): { status: number; stdout: string } {
  const result = spawnSync(CLUSTER_SH, [command], {
    env: { ...process.env, LOCAL_CLUSTER_NAME: name },
    stdio: ['ignore', 'pipe', command === 'status' ? 'ignore' : 'inherit'],
    encoding: 'utf8',
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '' };
}

/**
 * The local cluster `name` of tools/local-cluster, started unless it runs:
 * its kubeconfig, and whether this call started it.
 */
export function localClusterUp(name: string): {
  kubeconfigPath: string;
  started: boolean;
} {
  const started = clusterScript(name, 'status').status !== 0;
  const up = clusterScript(name, 'up');
  const kubeconfigPath = up.stdout.trim().split('\n').pop();
  if (up.status !== 0 || !kubeconfigPath) {
    throw new Error(`cluster.sh up failed (exit ${up.status})`);
  }
  return { kubeconfigPath, started };
}

export function localClusterDown(name: string) {
  clusterScript(name, 'down');
}

/** Where a local cluster keeps the pid files of its processes. */
export const pidsDirOf = (kubeconfigPath: string) =>
  join(dirname(kubeconfigPath), 'pids');

/**
 * CPU seconds (user + system) of this process (`backend`) and of the
 * processes whose pid files are in `pidsDir` (a local cluster's), by name.
 */
export function cpuSeconds(
  pidsDir: string | undefined,
): Record<string, number> {
  const own = process.cpuUsage();
  const result: Record<string, number> = {
    backend: (own.user + own.system) / 1e6,
  };
  if (!pidsDir) return result;
  let files: string[] = [];
  try {
    files = readdirSync(pidsDir).filter(f => f.endsWith('.pid'));
  } catch {
    return result;
  }
  for (const file of files) {
    try {
      const pid = readFileSync(join(pidsDir, file), 'utf8').trim();
      // utime and stime: fields 14 and 15 of proc(5), in clock ticks (100/s).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result[file.replace(/\.pid$/, '')] =
        (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not running
    }
  }
  return result;
}

/** The processes of `pidsDir` (a local cluster's) that are not running. */
export function stoppedProcesses(pidsDir: string | undefined): string[] {
  if (!pidsDir) return [];
  const names = Object.keys(cpuSeconds(pidsDir));
  try {
    return readdirSync(pidsDir)
      .filter(f => f.endsWith('.pid'))
      .map(f => f.replace(/\.pid$/, ''))
      .filter(name => !names.includes(name));
  } catch {
    return [];
  }
}

export const cpuDelta = (
  before: Record<string, number>,
  after: Record<string, number>,
) =>
  Object.fromEntries(
    Object.keys(after).map(k => [k, after[k] - (before[k] ?? 0)]),
  );
