import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  cachedCrdNames,
  tenantNamespaceName,
  type KubeConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { Knex } from 'knex';
import type { TenantStore } from '../../../plugins/tenants-backend/src/database/TenantStore';
import { resourceNamesOf } from './apiserverMetrics';
import { changeByHand, DRIFTS, type DriftKind } from './handChanges';
import { sec, type Setup } from './report';
import { waitUntilSettled } from './settle';
import { applyTenants, objectsOf, registerReadyTenants } from './tenants';

export interface SetUpTenants {
  knex: Knex;
  store: TenantStore;
  /** Which tenant (slug) was changed by hand, and how. */
  changed: Map<string, DriftKind>;
  /** The resources (`plural[.group]`) a check lists. */
  kinds: Set<string>;
  setup: Setup;
}

/**
 * The set-up, timed apart from the measured rounds: `specs` registered as
 * ready on `cluster` in a database of their own, their objects applied,
 * `changes` of them changed by hand, and the controllers done with the new
 * objects. Answers the database, which tenant was changed how, the
 * resources a check lists, and what the set-up took.
 */
export async function setUp(
  kubeConfig: KubeConfig,
  specs: TenantSpec[],
  options: {
    cluster: string;
    renderContext: RenderContext;
    changes: number;
    applyConcurrency: number;
    settleTimeoutMs: number;
    signal: AbortSignal;
    clock: () => number;
    log: (message: string) => void;
  },
): Promise<SetUpTenants> {
  const { clock, log, signal } = options;
  let t = clock();
  const { knex, store } = await registerReadyTenants(specs, options.cluster);
  const dbSetupMs = clock() - t;
  log(`${specs.length} tenants registered as ready in ${sec(dbSetupMs)} s`);

  const context = {
    ...options.renderContext,
    availableCrds: await cachedCrdNames(kubeConfig),
  };
  t = clock();
  const objectsApplied = await applyTenants(kubeConfig, specs, context, {
    concurrency: options.applyConcurrency,
    signal,
    progress: (tenants, objects) => {
      if (tenants % 100 === 0 || tenants === specs.length) {
        log(
          `applied ${tenants}/${
            specs.length
          } tenants (${objects} objects, ${sec(clock() - t)} s)`,
        );
      }
    },
  });
  const applyMs = clock() - t;

  // Before the wait, so that the pods of a scaled Deployment are awaited
  // with the others.
  const changed = await changeByHand(
    kubeConfig,
    specs,
    options.changes,
    context,
  );
  log(`${changed.size} tenants changed by hand`);

  t = clock();
  const tenantObjects = objectsOf(specs[0], context).flatMap(p => p.objects);
  const ofKind = (kind: string) =>
    specs.length * tenantObjects.filter(o => o.kind === kind).length;
  const { pods, podsReady } = await waitUntilSettled(
    kubeConfig,
    new Set(specs.map(s => tenantNamespaceName(s.details.slug))),
    { Deployment: ofKind('Deployment'), StatefulSet: ofKind('StatefulSet') },
    { timeoutMs: options.settleTimeoutMs, signal, log },
  );
  const settleMs = clock() - t;
  log(
    `set-up: ${objectsApplied} objects applied in ${sec(
      applyMs,
    )} s; the controllers were done with them ${sec(
      settleMs,
    )} s later: ${pods} pods, ${podsReady} Ready, the others unschedulable`,
  );

  const kinds = await resourceNamesOf(kubeConfig, tenantObjects);
  const setup: Setup = {
    dbSetupMs,
    applyMs,
    settleMs,
    pods,
    podsReady,
    objectsApplied,
    objectsPerTenant: objectsApplied / specs.length,
    kinds: kinds.size,
    changedByHand: Object.fromEntries(
      DRIFTS.map(k => [k, [...changed.values()].filter(v => v === k).length]),
    ),
  };
  return { knex, store, changed, kinds, setup };
}
