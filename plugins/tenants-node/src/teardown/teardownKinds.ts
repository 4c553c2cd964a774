import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import type { TeardownKind } from '../kubernetes/deleteLabelledObjects';
import type { RenderContext } from '../render/context';
import { renderAllPhases } from '../render/renderPhase';
import { REQUIRED_CRDS_BY_PHASE } from '../render/requiredCrds';

const PERSISTENT_VOLUME_CLAIM: TeardownKind = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
};
const NAMESPACE: TeardownKind = { apiVersion: 'v1', kind: 'Namespace' };
const JOB: TeardownKind = { apiVersion: 'batch/v1', kind: 'Job' };

/**
 * The kinds of object a tenant's phases create, in teardown order: newest
 * phase first; then the claims the data stores' StatefulSets made (they are
 * not rendered, but carry the tenant's labels from the claim templates); the
 * Namespace last. Optional custom resources are included whether or not the
 * cluster serves them: teardown skips kinds a cluster does not serve. Jobs
 * (the initial data setup) are included whether or not `context` declares
 * initial data: the tenant may have been provisioned with a config that did.
 *
 * @public
 */
export function teardownKinds(
  spec: TenantSpec,
  context: RenderContext,
): TeardownKind[] {
  const everyCrd = Object.values(REQUIRED_CRDS_BY_PHASE).flatMap(crds => [
    ...crds.required,
    ...crds.optional,
  ]);
  const phases = renderAllPhases(spec, {
    ...context,
    availableCrds: everyCrd,
  }).reverse();
  const kinds = new Map<string, TeardownKind>();
  for (const { objects } of phases) {
    for (const { apiVersion, kind } of objects) {
      if (!apiVersion || !kind || kind === NAMESPACE.kind) continue;
      const key = `${apiVersion}/${kind}`;
      if (!kinds.has(key)) kinds.set(key, { apiVersion, kind });
    }
  }
  const job = `${JOB.apiVersion}/${JOB.kind}`;
  if (!kinds.has(job)) kinds.set(job, JOB);
  return [...kinds.values(), PERSISTENT_VOLUME_CLAIM, NAMESPACE];
}
