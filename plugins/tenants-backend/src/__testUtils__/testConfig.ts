import { mockServices } from '@backstage/backend-test-utils';

/** The least config the tenants plugin starts with: one cluster. */
export const MINIMAL_CONFIG = {
  tenants: {
    clusters: [{ name: 'local', provider: 'azure', regions: ['westeurope'] }],
  },
};

/** Root config service of a test backend with {@link MINIMAL_CONFIG} and more `tenants` config. */
export const minimalRootConfig = (tenants?: Record<string, unknown>) =>
  mockServices.rootConfig.factory({
    data: { tenants: { ...MINIMAL_CONFIG.tenants, ...tenants } },
  });
