import type {
  DriftDifference,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { APPLY_PHASES } from '../render/applyPhases';
import type { RenderContext } from '../render/context';
import { renderPhase } from '../render/renderPhase';
import type { TenantChangePhase } from './planTenantChange';

/**
 * The phases a repair applies again: each phase with a missing object or a
 * differing field among `differences` (see `detectDrift`), rendered for the
 * tenant's spec, in provisioning order. A phase's objects are also what it
 * keeps, so applying it prunes nothing of its own; unexpected objects are
 * removed apart.
 *
 * @public
 */
export function planTenantRepair(
  spec: TenantSpec,
  ctx: RenderContext,
  differences: DriftDifference[],
): TenantChangePhase[] {
  const drifted = new Set<string>(
    differences.flatMap(d => (d.type === 'unexpected' ? [] : [d.phase])),
  );
  return APPLY_PHASES.filter(phase => drifted.has(phase)).map(phase => {
    const objects = renderPhase(phase, spec, ctx);
    return { phase, objects, previous: objects };
  });
}
