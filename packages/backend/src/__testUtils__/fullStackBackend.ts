import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { createTenantActionsModule } from '@internal/backstage-plugin-scaffolder-backend-module-tenants';
import tenantsPlugin from '@internal/backstage-plugin-tenants-backend';
import {
  createRenderContext,
  type RenderContext,
} from '@internal/backstage-plugin-tenants-node';
import request from 'supertest';
import type { localClusterConfig } from './localCluster';
import { createSignalsSink, type SignalsSink } from './signalsSink';

/** Requests to the test backend: `api().get('/api/tenants/v1/tenants')`. */
export type Api = () => ReturnType<typeof request>;

export interface FullStackBackendOptions {
  config: ReturnType<typeof localClusterConfig>;
  /** The templates the stand-in catalog serves to the scaffolder. */
  templates: Entity[];
  /** The render context of our actions; a fresh one by default. */
  renderContext?: RenderContext;
  /** More features, or service factories that replace the test defaults. */
  features?: BackendFeature[];
  /** Implementations of extension points the added features use. */
  extensionPoints?: Parameters<typeof startTestBackend>[0]['extensionPoints'];
}

export interface FullStackBackend {
  server: TestBackend['server'];
  api: Api;
  signals: SignalsSink;
  stop(): Promise<void>;
}

/**
 * The whole provisioning path in one backend: the real scaffolder runs the
 * templates' steps (our actions) against the cluster of `config` and reports
 * to the real Tenant Service over HTTP. Only the catalog (which serves the
 * templates) and the signals service (which the test watches) are stand-ins.
 */
export async function startFullStackBackend(
  options: FullStackBackendOptions,
): Promise<FullStackBackend> {
  const signals = createSignalsSink();
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      createTenantActionsModule({
        moduleId: 'tenants-under-test',
        renderContext: options.renderContext ?? createRenderContext(),
      }),
      tenantsPlugin,
      signals.factory,
      catalogServiceMock.factory({ entities: options.templates }),
      mockServices.rootConfig.factory({ data: options.config }),
      ...(options.features ?? []),
    ],
    extensionPoints: options.extensionPoints,
  });
  return {
    server: backend.server,
    api: () => request(backend.server),
    signals,
    stop: () => backend.stop(),
  };
}
