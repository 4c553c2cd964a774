import {
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { createTenantActionsModule } from '@tenant-platform/backstage-plugin-scaffolder-backend-module-tenants';
import tenantsPlugin from '@tenant-platform/backstage-plugin-tenants-backend';
import {
  createRenderContext,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import request from 'supertest';
import { withFaultInjection } from './injectedFaults';
import {
  localClusterConfig,
  requireLocalCluster,
  tearDownTenants,
  type KubeConfig,
} from './localCluster';
import { createSignalsSink, type SignalsSink } from './signalsSink';
import { startProvisioning } from './tasks';
import { readTemplate, templateRefOf } from './templates';

/** Requests to the test backend: `api().get('/api/tenants/v1/tenants')`. */
export type Api = () => ReturnType<typeof request>;

export interface FullStackOptions {
  /** The name of the test's cluster in the backend's config. */
  cluster: string;
  readinessTimeoutSeconds: number;
  /** The templates (tenants-backend's `templates/<name>/template.yaml`) the stand-in catalog serves to the scaffolder. */
  templates: string[];
  /** Whether the actions read faults from the cluster's fault ConfigMap (injectedFaults.ts). */
  faultInjection?: boolean;
  /** The cluster's kubeconfig; the shared test cluster's (TENANTS_TEST_KUBECONFIG) by default. */
  kubeconfigPath?: string;
  /**
   * Whether `stop()` tears down the tenants started through
   * `startProvisioning`; true unless the test removes the whole cluster.
   */
  tearDownTenants?: boolean;
  /** More `tenants` config over the test's (e.g. platform versions). */
  tenants?: Record<string, unknown>;
  /** Config of other plugins (top-level keys other than `tenants`). */
  config?: Record<string, unknown>;
  /**
   * More entities the stand-in catalog serves by reference, read at each
   * request (e.g. the tenant entities a catalog capture collected).
   */
  catalogEntities?: () => Entity[];
  /** More features, or service factories that replace the test defaults. */
  features?: BackendFeature[];
  /** Implementations of extension points the added features use. */
  extensionPoints?: Parameters<typeof startTestBackend>[0]['extensionPoints'];
}

export interface FullStack {
  /** The test's cluster, for what a test reads or does behind the backend's back. */
  kubeConfig: KubeConfig;
  /** The render context of our actions; tests inject faults into it between runs. */
  renderContext: RenderContext;
  server: TestBackend['server'];
  api: Api;
  signals: SignalsSink;
  /**
   * Starts the tenant-provisioning template for `slug` (provisioningValues,
   * with `values` over them) as the user of `headers`; resolves the task's id.
   */
  startProvisioning(
    headers: Record<string, string>,
    task: {
      slug: string;
      secrets?: Record<string, string>;
      values?: Record<string, unknown>;
    },
  ): Promise<string>;
  /** Tears down the tenants started (whatever failed), then stops the backend. */
  stop(): Promise<void>;
}

/** The stand-in catalog: the templates, and `more` entities by reference. */
function standInCatalog(templates: Entity[], more?: () => Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const catalog = catalogServiceMock({ entities: templates });
      const byRef = catalog.getEntityByRef.bind(catalog);
      catalog.getEntityByRef = async (entityRef, requestOptions) => {
        const ref = stringifyEntityRef(
          typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef,
        );
        return (
          (await byRef(entityRef, requestOptions)) ??
          more?.().findLast(e => stringifyEntityRef(e) === ref)
        );
      };
      return catalog;
    },
  });
}

/**
 * The whole provisioning path in one backend: the real scaffolder runs the
 * templates' steps (our actions) against the test's cluster and reports to
 * the real Tenant Service over HTTP. Only the catalog (which serves the
 * templates) and the signals service (which the test watches) are stand-ins.
 * Fails at once, saying how to start it, when the cluster does not answer.
 */
export async function startFullStack(
  options: FullStackOptions,
): Promise<FullStack> {
  const clusterConfig = localClusterConfig(options);
  const faultConfig = options.faultInjection
    ? withFaultInjection(clusterConfig)
    : clusterConfig;
  const config = {
    ...options.config,
    ...faultConfig,
    tenants: { ...faultConfig.tenants, ...options.tenants },
  };
  const kubeConfig = await requireLocalCluster(config, options.cluster);
  const templates = new Map(
    options.templates.map(name => [name, readTemplate(name)]),
  );
  const renderContext = createRenderContext();
  const signals = createSignalsSink();
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      createTenantActionsModule({
        moduleId: 'tenants-under-test',
        renderContext,
      }),
      tenantsPlugin,
      signals.factory,
      standInCatalog([...templates.values()], options.catalogEntities),
      mockServices.rootConfig.factory({ data: config }),
      ...(options.features ?? []),
    ],
    extensionPoints: options.extensionPoints,
  });
  const api: Api = () => request(backend.server);
  const provisioningTemplate = templates.get('tenant-provisioning');
  const slugs: string[] = [];

  return {
    kubeConfig,
    renderContext,
    server: backend.server,
    api,
    signals,
    startProvisioning(headers, task) {
      if (!provisioningTemplate) {
        throw new Error(
          'The test did not load the tenant-provisioning template',
        );
      }
      slugs.push(task.slug);
      return startProvisioning(api, headers, {
        templateRef: templateRefOf(provisioningTemplate),
        ...task,
      });
    },
    async stop() {
      // The test backend may be shutting down already (Jest's afterAll):
      // the tenants are torn down on the cluster directly.
      try {
        if (options.tearDownTenants ?? true) {
          await tearDownTenants(kubeConfig, slugs);
        }
      } finally {
        await backend.stop();
      }
    },
  };
}
