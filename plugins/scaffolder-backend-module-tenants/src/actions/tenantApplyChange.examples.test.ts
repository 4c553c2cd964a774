import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { approvedChangeRequest } from '../__testUtils__/changeRequest';
import { exampleInput } from '../__testUtils__/exampleInput';
import {
  EXAMPLE_CHANGE_REQUEST_ID,
  exampleValues,
} from '../__testUtils__/exampleValues';
import { examplePhaseDeps } from '../__testUtils__/phaseActionExamples';
import { createApplyChangeAction } from './tenantApplyChange';
import { examples } from './tenantApplyChange.examples';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () =>
  jest.requireActual('../__testUtils__/mockClusterAccess').mockClusterAccess(),
);

describe('tenant:apply-change examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const request = approvedChangeRequest(EXAMPLE_CHANGE_REQUEST_ID);
      const tenantService = {
        getChangeRequest: jest.fn(async () => request as any),
        reportChange: jest.fn(async (_id: string, event: any) => ({
          ...(request as any),
          ...(event.type === 'applied'
            ? { status: 'applied', appliedSpecVersion: 2 }
            : {}),
        })),
      };
      const action = createApplyChangeAction({
        ...examplePhaseDeps(),
        tenantService,
      });
      const ctx = createMockActionContext({
        input: exampleInput(example, exampleValues),
      });
      await action.handler(ctx);
      expect(tenantService.getChangeRequest).toHaveBeenCalledWith(
        EXAMPLE_CHANGE_REQUEST_ID,
      );
      expect(ctx.output).toHaveBeenCalledWith('specVersion', 2);
    },
  );
});
