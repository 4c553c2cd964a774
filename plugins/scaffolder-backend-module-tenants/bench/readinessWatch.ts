import {
  computeResourceStatus,
  loadKubernetesClient,
  PHASE_LABEL,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';

/** When the benchmark's own watch saw a workload appear and become Current. */
export interface WorkloadTiming {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** The `tenants.dev/phase` label of the workload. */
  phase?: string;
  /** First watch event for the workload (benchmark clock, ms). */
  firstSeenAt: number;
  /**
   * Since when the workload has been Current by kstatus without interruption
   * (benchmark clock, ms); undefined while it is not Current.
   */
  currentSince?: number;
}

const KINDS = [
  { kind: 'Deployment', plural: 'deployments' },
  { kind: 'StatefulSet', plural: 'statefulsets' },
] as const;

interface WatchedObject {
  kind?: string;
  metadata?: {
    name?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
}

/**
 * An independent watch (its own KubeConfig, not counted with the provisioning
 * requests) on the Deployments and StatefulSets of one tenant namespace, which
 * timestamps in-process when each workload appears and becomes Current.
 *
 * It is started before the tenant's namespace exists (watching a namespace
 * that does not exist yet is allowed) and without a resourceVersion, so every
 * workload the provisioning creates arrives as an ADDED event. `start`
 * resolves once both watch connections are established (response headers
 * received), so nothing is missed between starting and provisioning.
 */
export class ReadinessWatch {
  readonly timings = new Map<string, WorkloadTiming>();
  readonly errors: string[] = [];
  private readonly controllers: AbortController[] = [];
  private stopped = false;

  private constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly labelSelector: string,
    private readonly clock: () => number,
  ) {}

  static async start(
    kubeConfig: KubeConfig,
    namespace: string,
    labelSelector: string,
    clock: () => number,
  ): Promise<ReadinessWatch> {
    const watch = new ReadinessWatch(
      kubeConfig,
      namespace,
      labelSelector,
      clock,
    );
    await Promise.all(KINDS.map(k => watch.watchKind(k.kind, k.plural)));
    return watch;
  }

  stop() {
    this.stopped = true;
    for (const c of this.controllers) c.abort();
  }

  private async watchKind(
    kind: WorkloadTiming['kind'],
    plural: string,
    resourceVersion?: string,
  ): Promise<void> {
    const { Watch } = await loadKubernetesClient();
    let lastResourceVersion = resourceVersion;
    let failed: Error | undefined;
    const controller = await new Watch(this.kubeConfig).watch(
      `/apis/apps/v1/namespaces/${this.namespace}/${plural}`,
      {
        labelSelector: this.labelSelector,
        allowWatchBookmarks: true,
        ...(resourceVersion ? { resourceVersion } : {}),
      },
      (type: string, obj: WatchedObject) => {
        const at = this.clock();
        if (obj?.metadata?.resourceVersion) {
          lastResourceVersion = obj.metadata.resourceVersion;
        }
        if (type === 'ADDED' || type === 'MODIFIED') {
          this.observe(kind, obj, at);
        } else if (type === 'DELETED') {
          this.timings.delete(`${kind}/${obj.metadata?.name}`);
        } else if (type === 'ERROR') {
          // e.g. 410 Gone: the watch ends; resume from scratch below.
          lastResourceVersion = undefined;
        }
      },
      (error: unknown) => {
        if (this.stopped) return;
        failed = error instanceof Error ? error : undefined;
        // The server ended the watch (timeout) or it failed: resume it.
        this.watchKind(kind, plural, lastResourceVersion).catch(e =>
          this.errors.push(`${kind} watch: ${e}`),
        );
        if (failed) this.errors.push(`${kind} watch ended: ${failed.message}`);
      },
    );
    this.controllers.push(controller);
    if (this.stopped) controller.abort();
  }

  private observe(
    kind: WorkloadTiming['kind'],
    obj: WatchedObject,
    at: number,
  ) {
    const name = obj.metadata?.name ?? '';
    const key = `${kind}/${name}`;
    const timing: WorkloadTiming = this.timings.get(key) ?? {
      kind,
      name,
      phase: obj.metadata?.labels?.[PHASE_LABEL],
      firstSeenAt: at,
    };
    const { status } = computeResourceStatus({ ...obj, kind });
    if (status === 'Current') {
      timing.currentSince ??= at;
    } else {
      timing.currentSince = undefined;
    }
    this.timings.set(key, timing);
  }
}
