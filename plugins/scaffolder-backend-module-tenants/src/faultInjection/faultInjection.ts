import type { Config } from '@backstage/config';
import {
  loadKubernetesClient,
  type InjectedFault,
  type KubeConfig,
} from '@tenant-platform/backstage-plugin-tenants-node';

/**
 * Fault injection for local development and end-to-end tests: when enabled,
 * every phase action reads the ConfigMap `<configMap>` in `<namespace>` of
 * the tenant's cluster right before it renders its objects, and injects the
 * faults it names into the tenant's workloads (the local cluster's kwok stages
 * act on the pod label `fault.tenants.dev/inject`). Because it is read at
 * every run, a test can inject a fault, watch a phase fail, clear the fault
 * and retry, all without restarting the backend.
 *
 * ConfigMap data, one entry per fault:
 *
 * - `<workload>: <fault>` applies to the workload of every tenant,
 * - `<slug>.<workload>: <fault>` only to that tenant's (and wins),
 *
 * where `<fault>` is `container-fail` or `never-ready`. Never enable this
 * outside of development and tests.
 *
 * @public
 */
export interface FaultInjectionOptions {
  namespace: string;
  configMap: string;
}

/** @public */
export const DEFAULT_FAULTS_NAMESPACE = 'tenant-platform-faults';
/** @public */
export const DEFAULT_FAULTS_CONFIG_MAP = 'injected-faults';

const FAULTS: readonly InjectedFault[] = ['container-fail', 'never-ready'];

/**
 * `tenants.provisioning.faultInjection` from app-config, or undefined unless
 * `enabled` is true.
 *
 * @public
 */
export function faultInjectionFromConfig(
  config: Config,
): FaultInjectionOptions | undefined {
  const section = config.getOptionalConfig(
    'tenants.provisioning.faultInjection',
  );
  if (!section?.getOptionalBoolean('enabled')) {
    return undefined;
  }
  return {
    namespace:
      section.getOptionalString('namespace') ?? DEFAULT_FAULTS_NAMESPACE,
    configMap:
      section.getOptionalString('configMap') ?? DEFAULT_FAULTS_CONFIG_MAP,
  };
}

/** The faults of one tenant, and entries that were not understood. */
export interface TenantFaults {
  faults: Record<string, InjectedFault>;
  ignored: string[];
}

/**
 * The faults the ConfigMap data injects into the tenant `slug`'s workloads:
 * entries for every tenant, overridden by entries for this tenant; entries of
 * other tenants are skipped, unknown fault values are reported as ignored.
 */
export function faultsForTenant(
  data: Readonly<Record<string, string>> | undefined,
  slug: string,
): TenantFaults {
  const shared: Record<string, InjectedFault> = {};
  const own: Record<string, InjectedFault> = {};
  const ignored: string[] = [];
  for (const [key, raw] of Object.entries(data ?? {})) {
    const value = raw.trim();
    const dot = key.indexOf('.');
    const forEveryTenant = dot < 0;
    if (!forEveryTenant && key.slice(0, dot) !== slug) continue;
    const target = forEveryTenant ? shared : own;
    const workload = forEveryTenant ? key : key.slice(dot + 1);
    if (!workload) {
      ignored.push(`${key}: no workload name`);
    } else if (!FAULTS.includes(value as InjectedFault)) {
      ignored.push(
        `${key}: unknown fault '${value}' (use ${FAULTS.join(' or ')})`,
      );
    } else {
      target[workload] = value as InjectedFault;
    }
  }
  return { faults: { ...shared, ...own }, ignored };
}

/**
 * Reads the faults for tenant `slug` from the cluster's fault ConfigMap; a
 * missing ConfigMap (or namespace) means no faults.
 */
export async function readInjectedFaults(
  kubeConfig: KubeConfig,
  options: FaultInjectionOptions,
  slug: string,
): Promise<TenantFaults> {
  const k8s = await loadKubernetesClient();
  const api = kubeConfig.makeApiClient(k8s.CoreV1Api);
  try {
    const configMap = await api.readNamespacedConfigMap({
      name: options.configMap,
      namespace: options.namespace,
    });
    return faultsForTenant(configMap.data, slug);
  } catch (error) {
    if ((error as { code?: number }).code === 404) {
      return { faults: {}, ignored: [] };
    }
    throw error;
  }
}
