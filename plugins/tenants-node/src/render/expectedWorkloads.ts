import type {
  PhaseId,
  TenantSpec,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { RenderContext } from './context';
import { renderAllPhases } from './renderPhase';

/** Kinds the validation phase checks for readiness. @public */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Service'] as const;

/** @public */
export interface ExpectedWorkload {
  apiVersion: string;
  kind: (typeof WORKLOAD_KINDS)[number];
  name: string;
  namespace: string;
  /** The phase that creates it. */
  phase: PhaseId;
}

/**
 * Every Deployment, StatefulSet and Service the tenant should have, taken
 * from the rendered phases so it cannot drift from what is applied.
 *
 * @public
 */
export function expectedWorkloads(
  spec: TenantSpec,
  ctx: RenderContext,
): ExpectedWorkload[] {
  return renderAllPhases(spec, ctx).flatMap(({ phase, objects }) =>
    objects.flatMap(object =>
      (WORKLOAD_KINDS as readonly string[]).includes(object.kind ?? '')
        ? [
            {
              apiVersion: object.apiVersion!,
              kind: object.kind as ExpectedWorkload['kind'],
              name: object.metadata!.name!,
              namespace: object.metadata!.namespace!,
              phase,
            },
          ]
        : [],
    ),
  );
}
