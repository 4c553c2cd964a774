import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantSecretsAction } from './tenantSecrets';
import { examples } from './tenantSecrets.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:secrets examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantSecretsAction, example),
      ).resolves.toEqual([
        'secrets started',
        'secrets log',
        'secrets completed',
      ]);
    },
  );
});
