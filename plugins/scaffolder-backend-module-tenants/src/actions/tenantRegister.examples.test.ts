import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ClusterRegistry } from '@tenant-platform/backstage-plugin-tenants-node';
import { exampleInput } from '../__testUtils__/exampleInput';
import { exampleValues } from '../__testUtils__/exampleValues';
import type { TenantServiceClient } from '../TenantServiceClient';
import { createRegisterTenantAction } from './tenantRegister';
import { examples } from './tenantRegister.examples';

describe('tenant:register examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const tenantService = {
        register: jest.fn(async () => ({
          tenant: { id: 'tenant-1', slug: 'acme' },
          run: { id: 'run-1', attempt: 1 },
        })),
      };
      const action = createRegisterTenantAction({
        clusters: ClusterRegistry.fromConfig(
          new ConfigReader({
            tenants: {
              clusters: [
                { name: 'local', provider: 'azure', regions: ['westeurope'] },
              ],
            },
          }),
        ),
        tenantService: tenantService as unknown as TenantServiceClient,
      });
      const ctx = createMockActionContext({
        input: exampleInput(example, exampleValues),
      });
      await action.handler(ctx);
      expect(tenantService.register).toHaveBeenCalled();
      expect(ctx.output).toHaveBeenCalledWith('tenantId', 'tenant-1');
      expect(ctx.output).toHaveBeenCalledWith('cluster', 'local');
    },
  );
});
