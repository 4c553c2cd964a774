import { createRenderContext } from '../render/context';
import { buildSpec } from '../render/__testUtils__/fixtures';
import { renderPhase } from '../render/renderPhase';
import { planTenantRepair } from './planTenantRepair';

const ctx = createRenderContext();
const spec = buildSpec();

describe('planTenantRepair', () => {
  it('applies again each phase with a missing object or a differing field, in provisioning order', () => {
    const phases = planTenantRepair(spec, ctx, [
      {
        type: 'field',
        object: 'deployment/tenant-config',
        phase: 'control-plane',
        path: 'spec.replicas',
        live: 7,
        desired: 2,
      },
      {
        type: 'missing',
        object: 'networkpolicy/allow-same-namespace',
        phase: 'namespace',
      },
      { type: 'unexpected', object: 'configmap/stray-notes' },
      {
        type: 'field',
        object: 'secret/x',
        phase: 'control-plane',
        path: 'data.a',
      },
    ]);
    expect(phases.map(p => p.phase)).toEqual(['namespace', 'control-plane']);
    expect(phases[1].objects).toEqual(renderPhase('control-plane', spec, ctx));
    // What a phase keeps is what it renders: applying it prunes nothing.
    expect(phases[1].previous).toBe(phases[1].objects);
  });

  it('applies nothing for unexpected objects alone', () => {
    expect(
      planTenantRepair(spec, ctx, [
        { type: 'unexpected', object: 'configmap/stray-notes' },
      ]),
    ).toEqual([]);
  });
});
