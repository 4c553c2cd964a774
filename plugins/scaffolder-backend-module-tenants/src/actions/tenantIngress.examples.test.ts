import { runPhaseActionExample } from '../__testUtils__/phaseActionExamples';
import { createTenantIngressAction } from './tenantIngress';
import { examples } from './tenantIngress.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:ingress examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      await expect(
        runPhaseActionExample(createTenantIngressAction, example),
      ).resolves.toEqual([
        'ingress started',
        'ingress log',
        'ingress completed',
      ]);
    },
  );
});
