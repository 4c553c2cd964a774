import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createRenderContext,
  type ClusterRegistry,
} from '@tenant-platform/backstage-plugin-tenants-node';
import type { PhaseActionDeps } from '../phases/definePhaseAction';
import { exampleInput } from './exampleInput';
import { EXAMPLE_TENANT_ID, exampleValues } from './exampleValues';
import { tenantSecrets } from './tenantSpec';

/** What a phase action depends on, with the cluster and Tenant Service mocked. */
export function examplePhaseDeps() {
  return {
    clusters: {
      kubeConfig: jest.fn(async () => ({})),
    } as unknown as ClusterRegistry,
    tenantService: { reportPhase: jest.fn(async () => {}) },
    renderContext: createRenderContext(),
  };
}

/**
 * Runs an example of a phase action through the action, with the cluster
 * mocked (see mockClusterAccess), and answers what it reported to the
 * Tenant Service, e.g. `namespace started`.
 */
export async function runPhaseActionExample(
  createAction: (deps: PhaseActionDeps) => {
    handler: (ctx: any) => Promise<void>;
  },
  example: TemplateExample,
): Promise<string[]> {
  const deps = examplePhaseDeps();
  const action = createAction(deps);
  const ctx = createMockActionContext({
    input: exampleInput(example, exampleValues),
    secrets: tenantSecrets('example-password'),
  });
  await action.handler(ctx);
  return deps.tenantService.reportPhase.mock.calls.map(
    ([tenantId, phaseId, event]: unknown[]) =>
      `${phaseId} ${(event as { type: string }).type}${
        tenantId === EXAMPLE_TENANT_ID ? '' : ` of tenant ${tenantId}`
      }`,
  );
}
