import { testTenantSpec } from './tenantSpec';

/** The tenant id tenant:register outputs in the examples' tests. */
export const EXAMPLE_TENANT_ID = '5b1d7c57-2f0e-4d4c-9f57-0c6a7d1b2a10';

/** The change request the tenant:apply-change example applies in its test. */
export const EXAMPLE_CHANGE_REQUEST_ID = '0e4a3c2b-7d1f-4b8e-9a65-3f2d1c0b9a87';

/**
 * Values of the expressions the actions' examples use, as the earlier steps
 * of the provisioning template would output them.
 */
export const exampleValues = {
  'steps.validate.output.spec': testTenantSpec('acme'),
  'steps.register.output.tenantId': EXAMPLE_TENANT_ID,
  'steps.register.output.cluster': 'local',
  'steps.register.output.spec': testTenantSpec('acme'),
  'parameters.changeRequestId': EXAMPLE_CHANGE_REQUEST_ID,
};
