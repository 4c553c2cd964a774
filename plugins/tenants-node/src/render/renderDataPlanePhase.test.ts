import { createRenderContext } from './context';
import { renderDataPlanePhase } from './renderDataPlanePhase';
import {
  ALL_MODULES,
  buildSpec,
  byKind,
  findObject,
} from './__testUtils__/fixtures';

const ctx = createRenderContext();
const deploymentNames = (spec: ReturnType<typeof buildSpec>) =>
  byKind(renderDataPlanePhase(spec, ctx), 'Deployment').map(
    d => d.metadata.name,
  );

describe('renderDataPlanePhase', () => {
  it('runs the default modules and the query engine', () => {
    expect(deploymentNames(buildSpec())).toEqual([
      'ai-engine',
      'agents',
      'bi-platform',
      'context-graph',
      'query-engine',
    ]);
  });

  it('runs every module when all are enabled, each with a Service', () => {
    const objects = renderDataPlanePhase(
      buildSpec({ modules: ALL_MODULES }),
      ctx,
    );
    const names = byKind(objects, 'Deployment').map(d => d.metadata.name);
    expect(names).toEqual([
      'ai-engine',
      'agents',
      'bi-platform',
      'ml-platform',
      'data-platform',
      'context-graph',
      'query-engine',
    ]);
    expect(byKind(objects, 'Service').map(s => s.metadata.name)).toEqual(names);
  });

  it('runs only the query engine when all modules are off', () => {
    expect(
      deploymentNames(
        buildSpec({
          modules: {
            core: false,
            bi: false,
            ml: false,
            dataPlatform: false,
            contextGraph: false,
          },
        }),
      ),
    ).toEqual(['query-engine']);
  });

  it.each([
    ['core', ['ai-engine', 'agents']],
    ['bi', ['bi-platform']],
    ['contextGraph', ['context-graph']],
  ] as const)(
    'removes the %s services when the module is off',
    (module, removed) => {
      const names = deploymentNames(
        buildSpec({ modules: { [module]: false } }),
      );
      for (const name of removed) {
        expect(names).not.toContain(name);
      }
      expect(names).toContain('query-engine');
    },
  );

  it('puts the ML platform on the GPU pool with one GPU when GPUs are enabled', () => {
    const ml = findObject(
      renderDataPlanePhase(
        buildSpec({
          modules: { ml: true },
          infrastructure: { gpuEnabled: true },
        }),
        ctx,
      ),
      'Deployment',
      'ml-platform',
    ).spec.template.spec;
    expect(ml.nodeSelector).toEqual({ 'tenants.dev/pool': 'gpu' });
    expect(ml.tolerations).toEqual([
      {
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'true',
        effect: 'NoSchedule',
      },
    ]);
    expect(ml.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
  });

  it('gives no GPU to the ML platform without GPUs, nor to any other service', () => {
    const objects = renderDataPlanePhase(
      buildSpec({
        modules: ALL_MODULES,
        infrastructure: { gpuEnabled: false },
      }),
      ctx,
    );
    const withGpu = renderDataPlanePhase(
      buildSpec({ modules: ALL_MODULES, infrastructure: { gpuEnabled: true } }),
      ctx,
    );
    const gpuUsers = (list: any[]) =>
      byKind(list, 'Deployment')
        .filter(
          d =>
            d.spec.template.spec.containers[0].resources.limits[
              'nvidia.com/gpu'
            ],
        )
        .map(d => d.metadata.name);
    expect(gpuUsers(objects)).toEqual([]);
    expect(gpuUsers(withGpu)).toEqual(['ml-platform']);
  });

  it('pins services to the dedicated pool with dedicated compute, GPU work to the GPU pool', () => {
    const objects = renderDataPlanePhase(
      buildSpec({
        modules: ALL_MODULES,
        infrastructure: { dedicatedCompute: true, gpuEnabled: true },
      }),
      ctx,
    );
    for (const deployment of byKind(objects, 'Deployment')) {
      const pool =
        deployment.metadata.name === 'ml-platform' ? 'gpu' : 'dedicated';
      expect(deployment.spec.template.spec.nodeSelector).toEqual({
        'tenants.dev/pool': pool,
      });
    }
    const agents = findObject(objects, 'Deployment', 'agents').spec.template
      .spec;
    expect(agents.tolerations).toEqual([
      {
        key: 'tenants.dev/dedicated',
        operator: 'Equal',
        value: 'true',
        effect: 'NoSchedule',
      },
    ]);
  });

  it('leaves placement to the scheduler on shared compute', () => {
    const spec = findObject(
      renderDataPlanePhase(buildSpec(), ctx),
      'Deployment',
      'agents',
    ).spec.template.spec;
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.tolerations).toBeUndefined();
  });

  it('mounts the data source Secrets into the services that read data sources', () => {
    const objects = renderDataPlanePhase(
      buildSpec({ modules: ALL_MODULES }),
      ctx,
    );
    const volumes = (name: string) =>
      findObject(objects, 'Deployment', name).spec.template.spec.volumes;
    expect(volumes('query-engine')).toEqual([
      { name: 'ds-warehouse', secret: { secretName: 'datasource-warehouse' } },
    ]);
    expect(volumes('data-platform')).toHaveLength(1);
    expect(volumes('agents')).toBeUndefined();
  });

  it('scales services with the tier', () => {
    const replicas = (resourceTier: 'small' | 'medium' | 'large') =>
      findObject(
        renderDataPlanePhase(
          buildSpec({ infrastructure: { resourceTier } }),
          ctx,
        ),
        'Deployment',
        'query-engine',
      ).spec.replicas;
    expect([replicas('small'), replicas('medium'), replicas('large')]).toEqual([
      1, 2, 3,
    ]);
  });
});
