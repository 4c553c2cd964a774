import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A local Kubernetes control plane of its own (tools/local-cluster), for
 * faults that would disturb other tests on the shared test cluster, such as
 * stopping its kube-apiserver.
 */

const TOOLS = path.resolve(__dirname, '../../../../../tools/local-cluster');

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: { ...process.env, ...env },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${path.basename(command)} ${args.join(' ')} failed (${
                error.signal
                  ? `killed by ${error.signal}`
                  : `exit ${error.code}`
              }):\n${stderr.split('\n').slice(-20).join('\n')}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

export interface FaultCluster {
  name: string;
  kubeconfigPath: string;
  /**
   * Stops only the kube-apiserver; resolves once it has exited and the API
   * refuses requests. A graceful stop takes up to 5 s while watches are open;
   * `crash` kills it at once, so open connections break without delay.
   */
  stopApiserver(options?: { crash?: boolean }): Promise<void>;
  /** Starts the kube-apiserver again; resolves once /readyz answers ok. */
  startApiserver(): Promise<void>;
  /**
   * Plays the supervisor the local control plane lacks (on a real one the
   * kubelet restarts control-plane components): until stopped, any component
   * process that exits is started again (`cluster.sh up`), but not while the
   * test holds the apiserver stopped (`stopApiserver` until `startApiserver`,
   * which starts what exited meanwhile). After an apiserver
   * outage the scheduler can exit on its own a few seconds later ("scheduler
   * cache is corrupted", when a pod it had cached changed during the outage),
   * and the controller manager and scheduler exit when they lost their leader
   * lease. Resolves `stop()` with the components it restarted.
   */
  superviseComponents(): { stop(): Promise<string[]> };
  /** Makes the cluster's DNS server refuse, or accept again, the updates external-dns sends. */
  dnsUpdates(allowed: boolean): Promise<void>;
  /** Stops every component and removes the cluster's state. */
  delete(): Promise<void>;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Components (by pid file) whose process has exited. */
function exitedComponents(pidsDir: string): string[] {
  return fs
    .readdirSync(pidsDir)
    .filter(file => file.endsWith('.pid'))
    .filter(
      file =>
        !isRunning(Number(fs.readFileSync(path.join(pidsDir, file), 'utf8'))),
    )
    .map(file => file.replace(/\.pid$/, ''));
}

/**
 * Creates (or reuses) the local cluster `name` and waits until it is usable.
 * Fails, instead of building for a quarter of an hour, when the cluster's
 * binaries have not been built (scripts/test.sh builds them).
 */
export async function startFaultCluster(
  name: string,
  options: {
    volumes: number;
    /** A DNS server of its own (tools/local-cluster: LOCAL_DNS_NAME, LOCAL_DNS_PORT); by default the one the environment names. */
    dns?: { name: string; port: number };
  },
): Promise<FaultCluster> {
  await run(path.join(TOOLS, 'build.sh'), ['--check'], {}, 30_000).catch(() => {
    throw new Error(
      'The local Kubernetes control plane is not built: run tools/local-cluster/build.sh ' +
        '(scripts/test.sh does) before the fault tests.',
    );
  });
  const env: Record<string, string> = {
    LOCAL_CLUSTER_NAME: name,
    LOCAL_CLUSTER_VOLUMES: String(options.volumes),
    ...(options.dns
      ? {
          LOCAL_DNS_NAME: options.dns.name,
          LOCAL_DNS_PORT: String(options.dns.port),
        }
      : {}),
  };
  const cluster = (args: string[], timeoutMs: number) =>
    run(path.join(TOOLS, 'cluster.sh'), args, env, timeoutMs);
  const kubeconfigPath = (await cluster(['up'], 150_000))
    .trim()
    .split('\n')
    .at(-1)!;
  // An outage the test made is not the supervisor's to end.
  let apiserverStoppedOnPurpose = false;
  return {
    name,
    kubeconfigPath,
    stopApiserver: async stopOptions => {
      apiserverStoppedOnPurpose = true;
      await cluster(
        ['apiserver-stop', ...(stopOptions?.crash ? ['--crash'] : [])],
        60_000,
      );
    },
    startApiserver: async () => {
      await cluster(['apiserver-start'], 150_000);
      apiserverStoppedOnPurpose = false;
    },
    superviseComponents: () => {
      const pidsDir = path.join(path.dirname(kubeconfigPath), 'pids');
      const restarted: string[] = [];
      let stopped = false;
      let failure: unknown;
      const loop = (async () => {
        while (!stopped) {
          const exited = apiserverStoppedOnPurpose
            ? []
            : exitedComponents(pidsDir);
          if (exited.length > 0) {
            restarted.push(...exited);
            await cluster(['up'], 150_000);
          }
          await new Promise(resolve => setTimeout(resolve, 500));
        }
      })().catch(error => {
        failure = error;
      });
      return {
        stop: async () => {
          stopped = true;
          await loop;
          if (failure) throw failure;
          return restarted;
        },
      };
    },
    dnsUpdates: async allowed => {
      await cluster(['dns-updates', allowed ? 'allow' : 'deny'], 30_000);
    },
    delete: async () => {
      await cluster(['down'], 60_000);
    },
  };
}
