import type { KubernetesObject } from '@kubernetes/client-node';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APPLY_PHASES,
  applyObjects,
  FIELD_MANAGER,
  loadKubernetesClient,
  mergeSecretValues,
  renderPhase,
  renderSecrets,
  secretRequirements,
  waitForObjects,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import knexFactory, { type Knex } from 'knex';
import { TenantStore } from '../../../plugins/tenants-backend/src/database/TenantStore';
import {
  tenantSecrets,
  testTenantSpec,
} from '../../../plugins/scaffolder-backend-module-tenants/src/__testUtils__/tenantSpec';

/**
 * The provisioning benchmarks' tenant: professional, small, one data source,
 * the default modules (core, BI, context graph).
 */
export const specFor = (slug: string) => testTenantSpec(slug);

/** Every phase's objects as the phases apply them (Secrets with values). */
export function objectsOf(spec: TenantSpec, context: RenderContext) {
  return APPLY_PHASES.map(phase => ({
    phase,
    objects:
      phase === 'secrets'
        ? renderSecrets(
            spec,
            mergeSecretValues(
              secretRequirements(spec),
              {},
              tenantSecrets('bench-password'),
            ),
          )
        : renderPhase(phase, spec, context),
  }));
}

/** Runs `task` over `items`, `limit` at a time. */
export async function pool<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        await task(items[next++]);
      }
    }),
  );
}

/**
 * A SQLite database in memory (as app-config.yaml), migrated by the tenants
 * backend's own migrations, with `specs` registered as `ready` on `cluster`.
 */
export async function registerReadyTenants(
  specs: TenantSpec[],
  cluster: string,
): Promise<{ knex: Knex; store: TenantStore }> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  const database: DatabaseService = { getClient: async () => knex };
  const store = await TenantStore.create({ database });
  for (const spec of specs) {
    const tenant = await store.createTenant({
      spec,
      cluster,
      createdBy: 'user:default/platform-admin',
    });
    await store.setState(tenant.id, 'ready');
  }
  return { knex, store };
}

/**
 * Server-side applies every phase's objects of each tenant as the phases
 * apply them, `concurrency` tenants at a time; answers the objects applied.
 */
export async function applyTenants(
  kubeConfig: KubeConfig,
  specs: TenantSpec[],
  context: RenderContext,
  options: {
    concurrency: number;
    signal: AbortSignal;
    progress: (tenants: number, objects: number) => void;
  },
): Promise<number> {
  let tenants = 0;
  let objectsApplied = 0;
  await pool(specs, options.concurrency, async spec => {
    options.signal.throwIfAborted();
    for (const { objects } of objectsOf(spec, context)) {
      await applyObjects(kubeConfig, objects, {
        fieldManager: FIELD_MANAGER,
        signal: options.signal,
      });
      objectsApplied += objects.length;
    }
    options.progress(++tenants, objectsApplied);
  });
  return objectsApplied;
}

/** Deletes the namespaces and waits, by watching, until they are gone. */
export async function deleteNamespaces(
  kubeConfig: KubeConfig,
  namespaces: Set<string>,
  timeoutMs: number,
) {
  const k8s = await loadKubernetesClient();
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  await pool([...namespaces], 16, async name => {
    await core.deleteNamespace({ name }).catch(() => undefined);
  });
  const ours = (all: KubernetesObject[]) =>
    all.filter(ns => namespaces.has(ns.metadata?.name ?? ''));
  await waitForObjects<KubernetesObject>(
    kubeConfig,
    { apiVersion: 'v1', kind: 'Namespace' },
    {
      until: all => ours(all).length === 0,
      timeoutMs,
      describe: all =>
        `${ours(all).length} of this run's namespaces still there`,
    },
  );
}
