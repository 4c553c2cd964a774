import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantControlPlaneAction } from './tenantControlPlane';
import { examples } from './tenantControlPlane.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:control-plane examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantControlPlaneAction, example),
      ).resolves.toEqual([
        'control-plane started',
        'control-plane log',
        'control-plane completed',
      ]);
    },
  );
});
