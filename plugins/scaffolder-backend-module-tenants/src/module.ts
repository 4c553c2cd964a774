import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { Config } from '@backstage/config';
import {
  ClusterRegistry,
  createRenderContext,
  type RenderContext,
} from '@internal/backstage-plugin-tenants-node';
import { APPLY_PHASES, createPhaseAction } from './actions/phase';
import { createRegisterTenantAction } from './actions/register';
import { createValidateTenantAction } from './actions/validate';
import { createValidationAction } from './actions/validation';
import { TenantServiceClient } from './TenantServiceClient';

/**
 * Scaffolder actions for tenant provisioning.
 *
 * @public
 */
export const scaffolderModuleTenants = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tenants',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        const clusters = ClusterRegistry.fromConfig(config);
        const tenantService = new TenantServiceClient({ discovery, auth });
        const phaseDeps = {
          clusters,
          tenantService,
          renderContext: renderContextFromConfig(config),
          readinessTimeoutMs:
            (config.getOptionalNumber(
              'tenants.provisioning.readinessTimeoutSeconds',
            ) ?? 600) * 1000,
        };
        scaffolder.addActions(
          createValidateTenantAction(),
          createRegisterTenantAction({ clusters, tenantService }),
          ...APPLY_PHASES.map(phase => createPhaseAction(phase, phaseDeps)),
          createValidationAction(phaseDeps),
        );
      },
    });
  },
});

/**
 * The render context from `tenants.*` in app-config: baseDomain,
 * clusterIssuer, ingressTarget, ingressControllerNamespace, imageRegistry,
 * imageTag and images (full references by image name).
 */
export function renderContextFromConfig(config: Config): RenderContext {
  const images = config.getOptionalConfig('tenants.images');
  return createRenderContext({
    baseDomain: config.getOptionalString('tenants.baseDomain'),
    clusterIssuer: config.getOptionalString('tenants.clusterIssuer'),
    ingressTarget: config.getOptionalString('tenants.ingressTarget'),
    ingressControllerNamespace: config.getOptionalString(
      'tenants.ingressControllerNamespace',
    ),
    imageRegistry: config.getOptionalString('tenants.imageRegistry'),
    imageTag: config.getOptionalString('tenants.imageTag'),
    images: images
      ? Object.fromEntries(images.keys().map(k => [k, images.getString(k)]))
      : undefined,
  });
}
