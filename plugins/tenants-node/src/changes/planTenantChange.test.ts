import { createRenderContext } from '../render/context';
import { buildSpec } from '../render/__testUtils__/fixtures';
import {
  objectRef,
  objectsToPrune,
  planTenantChange,
} from './planTenantChange';

const ctx = createRenderContext();

describe('planTenantChange', () => {
  it('applies the namespace phase first when the tier grows, with every sized phase', () => {
    const plan = planTenantChange(
      buildSpec({ infrastructure: { resourceTier: 'medium' } }),
      buildSpec({ infrastructure: { resourceTier: 'large' } }),
      ctx,
    );
    expect(plan.shrinking).toBe(false);
    expect(plan.phases.map(p => p.phase)).toEqual([
      'namespace',
      'data-infrastructure',
      'control-plane',
      'data-plane',
      'observability',
    ]);
    expect(plan.unchanged).toEqual(['secrets', 'ingress']);
    expect(plan.phases.flatMap(objectsToPrune)).toEqual([]);
  });

  it('applies the namespace phase last when the tier shrinks', () => {
    const plan = planTenantChange(
      buildSpec({ infrastructure: { resourceTier: 'large' } }),
      buildSpec({ infrastructure: { resourceTier: 'small' } }),
      ctx,
    );
    expect(plan.shrinking).toBe(true);
    expect(plan.phases.map(p => p.phase).at(-1)).toBe('namespace');
  });

  it('prunes the services of a disabled module and deploys those of an enabled one', () => {
    const plan = planTenantChange(
      buildSpec({ modules: { bi: true, ml: false } }),
      buildSpec({ modules: { bi: false, ml: true } }),
      ctx,
    );
    const dataPlane = plan.phases.find(p => p.phase === 'data-plane')!;
    expect(objectsToPrune(dataPlane).map(objectRef)).toEqual([
      'deployment/bi-platform',
      'service/bi-platform',
    ]);
    expect(dataPlane.objects.map(objectRef)).toEqual(
      expect.arrayContaining(['deployment/ml-platform', 'service/ml-platform']),
    );
    expect(plan.unchanged).not.toContain('data-plane');
    expect(plan.unchanged).toContain('data-infrastructure');
  });

  it('plans nothing when nothing changes', () => {
    const plan = planTenantChange(buildSpec(), buildSpec(), ctx);
    expect(plan.phases).toEqual([]);
  });
});
