import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { uniqueSuffix } from './unique';

/*
 * The local cluster the backend provisions on: kubectl with the test
 * kubeconfig, and fault ConfigMap entries of this run only (server-side
 * apply with a field manager of its own, so that other users of the shared
 * cluster keep theirs). See tools/local-cluster/README.md.
 */

const kubeconfig =
  process.env.TENANTS_TEST_KUBECONFIG ??
  process.env.KUBECONFIG ??
  missingKubeconfig();

function missingKubeconfig(): never {
  throw new Error(
    'These tests need the local cluster: set TENANTS_TEST_KUBECONFIG (and KUBECONFIG for the backend) ' +
      "to the kubeconfig printed by 'tools/local-cluster/cluster.sh up', or run scripts/test.sh.",
  );
}
const repoRoot = path.resolve(__dirname, '../../..');

const FAULTS_NAMESPACE = 'tenant-platform-faults';
const FAULTS_CONFIG_MAP = 'injected-faults';
/** This run's own field manager: other users of the shared cluster keep their faults. */
const FIELD_MANAGER = `e2e-${uniqueSuffix}`;

function kubectlBinary(): string {
  try {
    const bin = execFileSync(
      path.join(repoRoot, 'tools/local-cluster/build.sh'),
      ['--check'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .trim()
      .split('\n')
      .pop();
    if (bin) return path.join(bin, 'kubectl');
  } catch {
    // not built here: use the one on PATH
  }
  return 'kubectl';
}

const KUBECTL = kubectlBinary();

export function kubectl(args: string[], input?: string): string {
  return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
  });
}

/** Sets this run's faults (`<slug>.<workload>: <fault>`); `{}` clears them. */
export function setFaults(
  faults: Record<string, 'container-fail' | 'never-ready'>,
) {
  const manifest = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: FAULTS_NAMESPACE },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: FAULTS_CONFIG_MAP, namespace: FAULTS_NAMESPACE },
        // Without `data` this run's manager lets go of (and so removes) its keys.
        ...(Object.keys(faults).length ? { data: faults } : {}),
      },
    ],
  };
  kubectl(
    [
      'apply',
      '--server-side',
      // Only this run's `<slug>.<workload>` keys are in the manifest.
      '--force-conflicts',
      `--field-manager=${FIELD_MANAGER}`,
      '-f',
      '-',
    ],
    JSON.stringify(manifest),
  );
}

export function namespaceExists(name: string): boolean {
  return (
    kubectl([
      'get',
      'namespace',
      name,
      '--ignore-not-found',
      '-o',
      'name',
    ]).trim().length > 0
  );
}

/** Removes the namespaces of this run's tenants, without waiting for them to go. */
export function deleteTenantNamespaces(slugs: string[]) {
  for (const slug of slugs) {
    kubectl([
      'delete',
      'namespace',
      `tenant-${slug}`,
      '--ignore-not-found',
      '--wait=false',
    ]);
  }
}
