import { mockServices } from '@backstage/backend-test-utils';
import {
  applyObjects,
  createRenderContext,
  removeStaleJobs,
  waitForWorkloads,
  type RenderContextOptions,
} from '@tenant-platform/backstage-plugin-tenants-node';
import { appliedAsCreated } from '../__testUtils__/appliedAsCreated';
import { testTenantSpec } from '../__testUtils__/tenantSpec';
import { provisionPhase } from './provisionPhase';

jest.mock('@tenant-platform/backstage-plugin-tenants-node', () => ({
  ...jest
    .requireActual('../__testUtils__/mockClusterAccess')
    .mockClusterAccess(),
  removeStaleJobs: jest.fn(async () => []),
}));

const spec = testTenantSpec('acme', { dataSources: [] });
const initialData: RenderContextOptions['initialData'] = {
  postgres: { databases: [{ name: 'analytics', schemas: ['raw', 'marts'] }] },
  redis: { users: [{ name: 'cache', permissions: ['~cache:*'] }] },
};

async function run(options: RenderContextOptions = {}) {
  const reported: string[] = [];
  const result = await provisionPhase({
    phaseId: 'data-infrastructure',
    spec,
    kubeConfig: {} as any,
    namespace: 'tenant-acme',
    renderContext: createRenderContext(options),
    timeoutMs: 60_000,
    logger: mockServices.logger.mock(),
    reportLog: async message => {
      reported.push(message);
    },
  });
  return { result, reported };
}

const kindsApplied = (call: number) =>
  jest
    .mocked(applyObjects)
    .mock.calls[call][1].map(o => `${o.kind}/${o.metadata?.name}`);

describe('provisionPhase', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    jest.mocked(applyObjects).mockImplementation(appliedAsCreated as any);
    jest.mocked(waitForWorkloads).mockImplementation(async (_kc, options) => {
      for (const workload of options.expected) {
        options.onWorkloadReady?.(workload);
      }
    });
  });

  it('runs no Job and reports as before without initial data', async () => {
    const { result, reported } = await run();
    expect(applyObjects).toHaveBeenCalledTimes(1);
    expect(waitForWorkloads).toHaveBeenCalledTimes(1);
    expect(removeStaleJobs).not.toHaveBeenCalled();
    expect(reported).toEqual(['Applied: 9 created']);
    expect(result).toEqual({
      message:
        'Phase data-infrastructure completed: 9 created; 3 workload(s) ready',
      objects: 9,
    });
  });

  it('runs the data-setup Jobs once the data stores are ready, reporting each', async () => {
    const { result, reported } = await run({ initialData });

    expect(kindsApplied(0)).not.toContainEqual(expect.stringMatching(/^Job/));
    expect(kindsApplied(1)).toEqual([
      expect.stringMatching(/^Job\/data-setup-postgres-[0-9a-f]{8}$/),
      expect.stringMatching(/^Job\/data-setup-redis-[0-9a-f]{8}$/),
    ]);
    const [stores, jobs] = jest.mocked(waitForWorkloads).mock.calls;
    expect(stores[1].expected.map(w => w.kind)).toEqual([
      'StatefulSet',
      'StatefulSet',
      'StatefulSet',
    ]);
    expect(jobs[1].expected.map(w => w.kind)).toEqual(['Job', 'Job']);
    expect(jobs[1].labelSelector).toBe(
      'app.kubernetes.io/managed-by=tenant-platform,tenants.dev/tenant=acme,tenants.dev/phase=data-infrastructure',
    );

    const [postgresJob, redisJob] = jobs[1].expected.map(w => w.name);
    expect(removeStaleJobs).toHaveBeenCalledWith(
      {},
      expect.objectContaining({
        namespace: 'tenant-acme',
        labelSelector:
          'app.kubernetes.io/managed-by=tenant-platform,tenants.dev/tenant=acme,tenants.dev/phase=data-infrastructure,app.kubernetes.io/component=data-setup',
        keep: [postgresJob, redisJob],
      }),
    );
    expect(reported).toEqual([
      'Applied: 9 created',
      'Initial data setup: 1 database(s), 2 schema(s), 1 Redis user(s)',
      `Initial data setup: job/${postgresJob} completed (1 database(s), 2 schema(s))`,
      `Initial data setup: job/${redisJob} completed (1 Redis user(s))`,
    ]);
    expect(result.message).toBe(
      'Phase data-infrastructure completed: 9 created; 3 workload(s) ready; initial data set up by 2 Job(s)',
    );
  });

  it('fails naming the Job and its reason when a Job fails', async () => {
    jest
      .mocked(waitForWorkloads)
      .mockResolvedValueOnce()
      .mockRejectedValueOnce(
        new Error(
          'Workload failed: job/data-setup-postgres-1a2b3c4d: job failed: Job has reached the specified backoff limit',
        ),
      );
    await expect(run({ initialData })).rejects.toThrow(
      'Initial data setup failed: Workload failed: job/data-setup-postgres-1a2b3c4d: job failed: Job has reached the specified backoff limit',
    );
  });
});
