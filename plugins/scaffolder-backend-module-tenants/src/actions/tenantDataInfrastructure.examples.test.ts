import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantDataInfrastructureAction } from './tenantDataInfrastructure';
import { examples } from './tenantDataInfrastructure.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:data-infrastructure examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantDataInfrastructureAction, example),
      ).resolves.toEqual([
        'data-infrastructure started',
        'data-infrastructure log',
        'data-infrastructure completed',
      ]);
    },
  );
});
