import { mockServices } from '@backstage/backend-test-utils';

/** The least config the tenants plugin starts with: one cluster. */
export const MINIMAL_CONFIG = {
  tenants: {
    clusters: [{ name: 'local', provider: 'azure', regions: ['westeurope'] }],
  },
};

/** Root config service of a test backend with {@link MINIMAL_CONFIG}. */
export const minimalRootConfig = () =>
  mockServices.rootConfig.factory({ data: MINIMAL_CONFIG });
