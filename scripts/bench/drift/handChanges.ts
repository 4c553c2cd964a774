import type { KubernetesObject } from '@kubernetes/client-node';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  loadKubernetesClient,
  renderPhase,
  tenantLabels,
  tenantNamespaceName,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { CheckRecord } from './recordingChecker';

/** The changes made by hand, in turn. */
export const DRIFTS = [
  'deployment scaled',
  'networkpolicy deleted',
  'unexpected object',
  'configmap edited',
] as const;
export type DriftKind = (typeof DRIFTS)[number];

/** What the check must find for each kind of change made by hand. */
const EXPECTED: Record<DriftKind, { type: string; object: string }> = {
  'deployment scaled': { type: 'field', object: 'deployment/tenant-config' },
  'networkpolicy deleted': {
    type: 'missing',
    object: 'networkpolicy/allow-same-namespace',
  },
  'unexpected object': {
    type: 'unexpected',
    object: 'configmap/hand-made',
  },
  'configmap edited': { type: 'field', object: 'configmap/tenant-config' },
};

async function makeDrift(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  kind: DriftKind,
  context: RenderContext,
) {
  const k8s = await loadKubernetesClient();
  const namespace = tenantNamespaceName(spec.details.slug);
  switch (kind) {
    case 'deployment scaled':
      await kubeConfig.makeApiClient(k8s.AppsV1Api).patchNamespacedDeployment(
        {
          name: 'tenant-config',
          namespace,
          body: [{ op: 'replace', path: '/spec/replicas', value: 7 }],
        },
        undefined,
      );
      return;
    case 'networkpolicy deleted':
      await kubeConfig
        .makeApiClient(k8s.NetworkingV1Api)
        .deleteNamespacedNetworkPolicy({
          name: 'allow-same-namespace',
          namespace,
        });
      return;
    case 'unexpected object':
      await kubeConfig.makeApiClient(k8s.CoreV1Api).createNamespacedConfigMap({
        namespace,
        body: {
          metadata: {
            name: 'hand-made',
            namespace,
            labels: tenantLabels(spec.details.slug, 'control-plane'),
          },
          data: { note: 'made by hand' },
        },
      });
      return;
    case 'configmap edited': {
      const rendered = renderPhase('control-plane', spec, context).find(
        o => o.kind === 'ConfigMap' && o.metadata?.name === 'tenant-config',
      ) as (KubernetesObject & { data?: Record<string, string> }) | undefined;
      const key = Object.keys(rendered?.data ?? {})[0];
      if (!key) throw new Error('configmap/tenant-config renders no data');
      await kubeConfig.makeApiClient(k8s.CoreV1Api).patchNamespacedConfigMap(
        {
          name: 'tenant-config',
          namespace,
          body: [
            {
              op: 'replace',
              path: `/data/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
              value: 'edited by hand',
            },
          ],
        },
        undefined,
      );
      return;
    }
    default:
      throw new Error(`unknown drift ${kind}`);
  }
}

/**
 * Changes `count` tenants spread over `specs` by hand, the kinds of
 * {@link DRIFTS} in turn; answers which tenant got which change.
 */
export async function changeByHand(
  kubeConfig: KubeConfig,
  specs: TenantSpec[],
  count: number,
  context: RenderContext,
): Promise<Map<string, DriftKind>> {
  const changed = new Map<string, DriftKind>();
  const step = Math.max(1, Math.floor(specs.length / Math.max(1, count)));
  for (let i = 0; i < count; i++) {
    const spec = specs[(i * step + Math.floor(step / 2)) % specs.length];
    const kind = DRIFTS[i % DRIFTS.length];
    await makeDrift(kubeConfig, spec, kind, context);
    changed.set(spec.details.slug, kind);
  }
  return changed;
}

/**
 * The checks whose result is not exactly the change made by hand: a tenant
 * changed by hand must be drifted with that one difference, any other in
 * sync.
 */
export function unexpectedResults(
  records: CheckRecord[],
  slugs: string[],
  changed: Map<string, DriftKind>,
): string[] {
  const mismatches: string[] = [];
  const bySlug = new Map(records.map(d => [d.slug, d]));
  for (const slug of slugs) {
    const found = bySlug.get(slug);
    const kind = changed.get(slug);
    if (!found) {
      mismatches.push(`${slug}: not checked`);
      continue;
    }
    const differences = JSON.stringify(found.differences.slice(0, 3));
    if (!kind) {
      if (found.state !== 'in_sync') {
        mismatches.push(
          `${slug}: ${found.state} without a change: ${differences}`,
        );
      }
      continue;
    }
    const want = EXPECTED[kind];
    const hit = found.differences.some(
      d => d.type === want.type && d.object === want.object,
    );
    if (found.state !== 'drifted' || !hit || found.differences.length !== 1) {
      mismatches.push(`${slug} (${kind}): ${found.state} ${differences}`);
    }
  }
  return mismatches;
}
