import type { KubeConfig } from '@kubernetes/client-node';
import { computeResourceStatus } from '../kubernetes/kstatus';
import { currentObjects } from '../kubernetes/sharedCollections';
import { waitForObjects, WaitTimeoutError } from '../kubernetes/waitForObjects';
import type { ExpectedWorkload } from '../render/expectedWorkloads';

/** One health check of the validation phase. @public */
export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The parts of an EndpointSlice that tell its Service's ready endpoints. @public */
export interface EndpointSliceLike {
  metadata?: { labels?: Record<string, string> };
  endpoints?: Array<{ conditions?: { ready?: boolean } }>;
}

/** Ready endpoints per Service name, from EndpointSlices. @public */
export function readyEndpointsByService(
  slices: EndpointSliceLike[],
): Map<string, number> {
  const result = new Map<string, number>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const ready = (slice.endpoints ?? []).filter(
      e => e.conditions?.ready !== false,
    ).length;
    result.set(service, (result.get(service) ?? 0) + ready);
  }
  return result;
}

/**
 * One check per expected workload and Service: Current by kstatus (Services:
 * present). Each kind is read once in the tenant's namespace, from the watches
 * the phases' readiness waits shared when they are still open (same
 * `labelSelector`), rather than reading every object.
 *
 * @public
 */
export async function workloadChecks(
  kubeConfig: KubeConfig,
  workloads: ExpectedWorkload[],
  labelSelector?: string,
): Promise<CheckResult[]> {
  const listed = new Map<string, Map<string, unknown> | Error>();
  for (const w of workloads) {
    const key = `${w.apiVersion}/${w.kind}/${w.namespace}`;
    if (listed.has(key)) continue;
    try {
      const items = await currentObjects(kubeConfig, {
        apiVersion: w.apiVersion,
        kind: w.kind,
        namespace: w.namespace,
        labelSelector,
      });
      listed.set(
        key,
        new Map(items.map(item => [item.metadata?.name ?? '', item])),
      );
    } catch (error) {
      listed.set(key, error as Error);
    }
  }
  return workloads.map(w => {
    const check = `${w.kind.toLowerCase()}/${w.name}`;
    const objects = listed.get(`${w.apiVersion}/${w.kind}/${w.namespace}`)!;
    if (objects instanceof Error) {
      return {
        check: w.kind === 'Service' ? `${check} exists` : check,
        ok: false,
        detail: String(objects),
      };
    }
    const obj = objects.get(w.name);
    if (w.kind === 'Service') {
      return {
        check: `${check} exists`,
        ok: obj !== undefined,
        detail: obj ? 'present' : 'not found',
      };
    }
    if (!obj) return { check, ok: false, detail: 'not found' };
    const { status, message } = computeResourceStatus(obj as any);
    return { check, ok: status === 'Current', detail: `${status}: ${message}` };
  });
}

/**
 * One check per Service: it has ready endpoints. Waits, by watching the
 * namespace's EndpointSlices, until every Service has one or `timeoutMs`
 * passes.
 *
 * @public
 */
export async function endpointChecks(
  kubeConfig: KubeConfig,
  namespace: string,
  services: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<CheckResult[]> {
  let latest = new Map<string, number>();
  const allReady = () => services.every(s => (latest.get(s) ?? 0) > 0);
  if (services.length > 0) {
    try {
      await waitForObjects<EndpointSliceLike & { kind?: string }>(
        kubeConfig,
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace },
        {
          until: () => allReady(),
          onChange: slices => {
            latest = readyEndpointsByService(slices);
          },
          timeoutMs,
          signal,
        },
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
  }
  return services.map(service => {
    const ready = latest.get(service) ?? 0;
    return {
      check: `service/${service} endpoints`,
      ok: ready > 0,
      detail: ready > 0 ? `${ready} ready endpoint(s)` : 'no ready endpoints',
    };
  });
}
