import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type { Config } from '@backstage/config';
import { resolveBillingPolicy } from '@tenant-platform/backstage-plugin-tenants-common';
import {
  APPLY_PHASES,
  ClusterRegistry,
  PlatformVersions,
  renderContextFromConfig,
  type RenderContext,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { createPhaseAction } from './actions/phaseActions';
import { createApplyChangeAction } from './actions/tenantApplyChange';
import { createRegisterTenantAction } from './actions/tenantRegister';
import { createRequestDataSourceChangeAction } from './actions/tenantRequestDataSourceChange';
import { createValidateTenantAction } from './actions/tenantValidate';
import { createValidationAction } from './actions/tenantValidation';
import { validationOptionsFromConfig } from './actions/validationOptions';
import { faultInjectionFromConfig } from './faultInjection/faultInjection';
import { TenantServiceClient } from './TenantServiceClient';

/**
 * A scaffolder module adding every tenant action (see
 * {@link createTenantActions}), reporting to the Tenant Service over HTTP.
 * `renderContext` replaces the one from config (tests use it to inject faults
 * between runs).
 *
 * @public
 */
export function createTenantActionsModule(options: {
  moduleId: string;
  renderContext?: RenderContext;
}) {
  return createBackendModule({
    pluginId: 'scaffolder',
    moduleId: options.moduleId,
    register(env) {
      env.registerInit({
        deps: {
          scaffolder: scaffolderActionsExtensionPoint,
          config: coreServices.rootConfig,
          discovery: coreServices.discovery,
          auth: coreServices.auth,
        },
        async init({ scaffolder, config, discovery, auth }) {
          scaffolder.addActions(
            ...createTenantActions({
              config,
              tenantService: new TenantServiceClient({ discovery, auth }),
              renderContext: options.renderContext,
            }),
          );
        },
      });
    },
  });
}

/**
 * Scaffolder actions for tenant provisioning.
 *
 * @public
 */
export const scaffolderModuleTenants = createTenantActionsModule({
  moduleId: 'tenants',
});

/**
 * Every tenant action, configured from app-config. `renderContext` replaces
 * the one from config (tests use it to inject faults).
 *
 * @public
 */
export function createTenantActions(options: {
  config: Config;
  tenantService: TenantServiceClient;
  renderContext?: RenderContext;
}) {
  const { config, tenantService } = options;
  const clusters = ClusterRegistry.fromConfig(config);
  const phaseDeps = {
    clusters,
    tenantService,
    renderContext: options.renderContext ?? renderContextFromConfig(config),
    platformVersions: PlatformVersions.fromConfig(config),
    readinessTimeoutMs:
      (config.getOptionalNumber(
        'tenants.provisioning.readinessTimeoutSeconds',
      ) ?? 600) * 1000,
    // Development and end-to-end tests only (tools/local-cluster/README.md).
    faultInjection: faultInjectionFromConfig(config),
  };
  return [
    createValidateTenantAction({
      billingPolicy: resolveBillingPolicy(
        config.getOptional('tenants.billingPolicy'),
      ),
    }),
    createRegisterTenantAction({ clusters, tenantService }),
    ...APPLY_PHASES.map(phase => createPhaseAction(phase, phaseDeps)),
    createValidationAction({
      ...phaseDeps,
      validation: validationOptionsFromConfig(config),
    }),
    createApplyChangeAction(phaseDeps),
    createRequestDataSourceChangeAction({ clusters, tenantService }),
  ];
}
