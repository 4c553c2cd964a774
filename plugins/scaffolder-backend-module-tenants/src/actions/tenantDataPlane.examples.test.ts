import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantDataPlaneAction } from './tenantDataPlane';
import { examples } from './tenantDataPlane.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:data-plane examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantDataPlaneAction, example),
      ).resolves.toEqual([
        'data-plane started',
        'data-plane log',
        'data-plane completed',
      ]);
    },
  );
});
