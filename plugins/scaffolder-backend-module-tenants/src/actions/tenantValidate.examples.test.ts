import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { exampleInput } from '../__testUtils__/exampleInput';
import { createValidateTenantAction } from './tenantValidate';
import { examples } from './tenantValidate.examples';

describe('tenant:validate examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const ctx = createMockActionContext({ input: exampleInput(example) });
      await createValidateTenantAction().handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('slug', 'acme');
    },
  );
});
