import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantObservabilityAction } from './tenantObservability';
import { examples } from './tenantObservability.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:observability examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantObservabilityAction, example),
      ).resolves.toEqual([
        'observability started',
        'observability log',
        'observability completed',
      ]);
    },
  );
});
