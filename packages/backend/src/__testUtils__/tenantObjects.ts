import type { TenantSpec } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  FAULT_INJECTION_LABEL,
  listLabelledObjects,
  loadKubernetesClient,
  renderAllPhases,
  teardownKinds,
  TENANT_LABEL,
  tenantNamespaceName,
  type LabelledKind,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { KubeConfig } from './localCluster';

/*
 * What a tenant has on the cluster, compared with what its phases render.
 * Objects are listed by the tenant label alone (`tenants.dev/tenant=<slug>`,
 * broader than teardown's selector, which also wants the managed-by label),
 * kind by kind;
 * what controllers make from them (pods, ReplicaSets, claims) is listed in the
 * tenant's namespace whatever their labels, so that nothing escapes by lacking
 * a label.
 */

/** Every object with the tenant label, whoever manages it. */
const tenantLabelSelector = (slug: string) => `${TENANT_LABEL}=${slug}`;

const keyOf = (kind: string, obj: any) =>
  `${kind}/${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${
    obj.metadata?.name
  }`;
const controllerOf = (obj: any) =>
  (obj?.metadata?.ownerReferences ?? []).find((r: any) => r.controller);
const isReady = (pod: any) =>
  (pod.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );

/**
 * The kinds a tenant's objects can have: every kind a phase renders, the
 * claims and the Namespace (teardownKinds), and what controllers derive from
 * them and label like them: Pods and ReplicaSets (pod template labels),
 * ControllerRevisions (StatefulSets') and EndpointSlices (Services' labels).
 */
export function everyTenantKind(
  spec: TenantSpec,
  renderContext: RenderContext,
): LabelledKind[] {
  return [
    ...teardownKinds(spec, renderContext),
    { apiVersion: 'v1', kind: 'Pod' },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  ];
}

/**
 * Every object of the tenant left on the cluster: `kind/name [in namespace]`
 * of each object of any of its kinds with its labels, plus its Namespace if it
 * still exists (labelled or not). Empty after a complete rollback.
 */
export async function remainingTenantObjects(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  renderContext: RenderContext,
): Promise<string[]> {
  const slug = spec.details.slug;
  const labelled = await listLabelledObjects(
    kubeConfig,
    tenantLabelSelector(slug),
    everyTenantKind(spec, renderContext),
  );
  const { CoreV1Api } = await loadKubernetesClient();
  const namespaces = await kubeConfig.makeApiClient(CoreV1Api).listNamespace({
    fieldSelector: `metadata.name=${tenantNamespaceName(slug)}`,
  });
  // The Namespace by name too: it must be gone, not merely unlabelled.
  const byName = namespaces.items
    .map(ns => `namespace/${ns.metadata?.name}`)
    .filter(ns => !labelled.includes(ns));
  return [...labelled, ...byName];
}

/** What a tenant has on the cluster against what its phases render. */
export interface TenantInventory {
  /** `Kind/[namespace/]name` of each object with the tenant's labels, of a rendered kind, sorted (repeats kept). */
  labelled: string[];
  /** `Kind/[namespace/]name` of each object the phases render, sorted. */
  rendered: string[];
  /** One sentence per way the cluster differs from a fully provisioned tenant; empty when none. */
  problems: string[];
}

/**
 * Lists the tenant's objects and compares them with the render of `spec`
 * (with the CRDs the cluster serves): each rendered object exactly once and
 * nothing else with the tenant's labels; each workload with exactly its
 * replicas' pods, all Ready and without an injected fault, each StatefulSet
 * replica with its Bound claim, one active ReplicaSet per Deployment, and
 * each Job complete with its pod Succeeded.
 */
export async function tenantInventory(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  renderContext: RenderContext,
): Promise<TenantInventory> {
  const k8s = await loadKubernetesClient();
  const crds = await kubeConfig
    .makeApiClient(k8s.ApiextensionsV1Api)
    .listCustomResourceDefinition();
  const availableCrds = crds.items.map(crd => crd.metadata?.name ?? '');
  const renderedObjects = renderAllPhases(spec, {
    ...renderContext,
    availableCrds,
  }).flatMap(phase => phase.objects);
  const rendered = renderedObjects.map(o => keyOf(o.kind!, o)).sort();
  const slug = spec.details.slug;
  const namespace = tenantNamespaceName(slug);
  const problems: string[] = [];

  const api = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const renderedKinds = new Map<string, LabelledKind>();
  for (const o of renderedObjects) {
    renderedKinds.set(`${o.apiVersion}/${o.kind}`, {
      apiVersion: o.apiVersion!,
      kind: o.kind!,
    });
  }
  const onCluster = new Map<string, any>();
  const labelled: string[] = [];
  for (const { apiVersion, kind } of renderedKinds.values()) {
    const list = await api.list(
      apiVersion,
      kind,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      tenantLabelSelector(slug),
    );
    for (const obj of list.items) {
      const key = keyOf(kind, obj);
      labelled.push(key);
      onCluster.set(key, obj);
      if (obj.metadata?.deletionTimestamp) {
        problems.push(`${key} is being deleted`);
      }
    }
  }
  labelled.sort();
  const seen = new Set<string>();
  for (const key of labelled) {
    if (seen.has(key)) problems.push(`${key} is listed more than once`);
    seen.add(key);
  }
  for (const key of rendered.filter(k => !seen.has(k))) {
    problems.push(`${key} is rendered but not on the cluster`);
  }
  for (const key of [...seen].filter(k => !rendered.includes(k))) {
    problems.push(`${key} has the tenant's labels but no phase renders it`);
  }

  // What the controllers made, in the tenant's namespace, labelled or not.
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
  const pods = (await core.listNamespacedPod({ namespace })).items;
  const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace }))
    .items;
  const replicaSets = (await apps.listNamespacedReplicaSet({ namespace }))
    .items;
  const podsOf = new Map<string, string[]>();
  const jobPods = new Set<string>();
  const claimsOf = new Set<string>();
  for (const workload of renderedObjects) {
    const name = workload.metadata!.name!;
    const live = onCluster.get(keyOf(workload.kind!, workload)) ?? workload;
    const replicas: number = live.spec?.replicas ?? 1;
    if (workload.kind === 'StatefulSet') {
      const owned = pods.filter(
        p =>
          controllerOf(p)?.kind === 'StatefulSet' &&
          controllerOf(p)?.name === name,
      );
      const wanted = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
      const names = owned.map(p => p.metadata!.name!).sort();
      if (names.join() !== wanted.join()) {
        problems.push(
          `statefulset/${name} has pods [${names}], expected [${wanted}]`,
        );
      }
      owned.forEach(p => podsOf.set(p.metadata!.name!, [name]));
      for (const template of live.spec?.volumeClaimTemplates ?? []) {
        for (const pod of wanted) {
          const claim = `${template.metadata?.name}-${pod}`;
          claimsOf.add(claim);
          if (!claims.some(c => c.metadata?.name === claim)) {
            problems.push(`statefulset/${name} has no claim ${claim}`);
          }
        }
      }
    } else if (workload.kind === 'Deployment') {
      const own = replicaSets.filter(
        rs =>
          controllerOf(rs)?.kind === 'Deployment' &&
          controllerOf(rs)?.name === name,
      );
      const active = own.filter(rs => (rs.spec?.replicas ?? 0) > 0);
      if (active.length !== 1) {
        problems.push(
          `deployment/${name} has ${active.length} ReplicaSets with replicas, expected 1`,
        );
      }
      const owned = pods.filter(p =>
        own.some(
          rs =>
            controllerOf(p)?.kind === 'ReplicaSet' &&
            controllerOf(p)?.name === rs.metadata?.name,
        ),
      );
      if (owned.length !== replicas) {
        problems.push(
          `deployment/${name} has ${owned.length} pods [${owned.map(
            p => p.metadata?.name,
          )}], expected ${replicas}`,
        );
      }
      owned.forEach(p => podsOf.set(p.metadata!.name!, [name]));
    } else if (workload.kind === 'Job') {
      // An initial data setup Job: complete, with the pod that ran it.
      const owned = pods.filter(
        p => controllerOf(p)?.kind === 'Job' && controllerOf(p)?.name === name,
      );
      if ((live.status?.succeeded ?? 0) < 1) {
        problems.push(`job/${name} has not completed`);
      }
      owned.forEach(p => {
        podsOf.set(p.metadata!.name!, [name]);
        jobPods.add(p.metadata!.name!);
      });
    }
  }
  for (const rs of replicaSets) {
    const owner = controllerOf(rs);
    if (
      owner?.kind !== 'Deployment' ||
      !renderedObjects.some(
        o => o.kind === 'Deployment' && o.metadata?.name === owner.name,
      )
    ) {
      problems.push(
        `replicaset/${rs.metadata?.name} belongs to no rendered Deployment`,
      );
    }
  }
  for (const pod of pods) {
    const name = pod.metadata!.name!;
    if (!podsOf.has(name)) {
      problems.push(`pod/${name} belongs to no rendered workload`);
    }
    if (pod.metadata?.deletionTimestamp) {
      problems.push(`pod/${name} is terminating`);
    } else if (jobPods.has(name)) {
      if (pod.status?.phase !== 'Succeeded') {
        problems.push(`pod/${name} of a Job is ${pod.status?.phase}`);
      }
    } else if (!isReady(pod)) {
      problems.push(`pod/${name} is not Ready (${pod.status?.phase})`);
    }
    const fault = pod.metadata?.labels?.[FAULT_INJECTION_LABEL];
    if (fault) {
      problems.push(`pod/${name} carries the injected fault ${fault}`);
    }
  }
  for (const claim of claims) {
    const name = claim.metadata!.name!;
    if (!claimsOf.has(name)) {
      problems.push(
        `persistentvolumeclaim/${name} belongs to no StatefulSet replica`,
      );
    }
    if (claim.status?.phase !== 'Bound') {
      problems.push(
        `persistentvolumeclaim/${name} is ${claim.status?.phase}, not Bound`,
      );
    }
  }
  return { labelled, rendered, problems };
}

/**
 * Reads the inventory until it has no problems (a rollout's old pods may
 * still be terminating right after the workloads became ready) or `timeoutMs`
 * passes; resolves with the last inventory either way.
 */
export async function settledInventory(
  kubeConfig: KubeConfig,
  spec: TenantSpec,
  renderContext: RenderContext,
  timeoutMs = 30_000,
): Promise<TenantInventory> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inventory = await tenantInventory(kubeConfig, spec, renderContext);
    if (inventory.problems.length === 0 || Date.now() > deadline) {
      return inventory;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/**
 * A reader of the objects in one namespace: `read(apiVersion, kind, name)`
 * answers the object, or undefined when it does not exist.
 */
export function namespaceReader(kubeConfig: KubeConfig, namespace: string) {
  return async (
    apiVersion: string,
    kind: string,
    name: string,
  ): Promise<any | undefined> => {
    const { KubernetesObjectApi } = await loadKubernetesClient();
    return KubernetesObjectApi.makeApiClient(kubeConfig)
      .read({ apiVersion, kind, metadata: { name, namespace } })
      .catch((error: any) => {
        if (error.code === 404) return undefined;
        throw error;
      });
  };
}
