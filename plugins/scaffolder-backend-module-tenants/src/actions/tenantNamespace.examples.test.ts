import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantNamespaceAction } from './tenantNamespace';
import { examples } from './tenantNamespace.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:namespace examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantNamespaceAction, example),
      ).resolves.toEqual([
        'namespace started',
        'namespace log',
        'namespace completed',
      ]);
    },
  );
});
