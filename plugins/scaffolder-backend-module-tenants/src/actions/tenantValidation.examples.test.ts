import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { exampleInput } from '../__testUtils__/exampleInput';
import {
  EXAMPLE_TENANT_ID,
  exampleValues,
} from '../__testUtils__/exampleValues';
import { examplePhaseDeps } from '../__testUtils__/phaseActionExamples';
import { createValidationAction } from './tenantValidation';
import { examples } from './tenantValidation.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:validation examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const deps = examplePhaseDeps();
      const action = createValidationAction(deps);
      const ctx = createMockActionContext({
        input: exampleInput(example, exampleValues),
      });
      await action.handler(ctx);
      expect(deps.tenantService.reportPhase).toHaveBeenLastCalledWith(
        EXAMPLE_TENANT_ID,
        'validation',
        expect.objectContaining({ type: 'completed' }),
      );
    },
  );
});
