import {
  DATA_STORE_CLAIM_KIND,
  PHASE_OBJECT_KINDS,
  PLATFORM_MODULES,
  PROVISIONING_PHASES,
  type PhaseId,
} from '@tenant-platform/backstage-plugin-tenants-common';
import type { TenantDetails } from '../../api/TenantsApi';
import { phaseLabel } from './presentation';

/** One line of what a rollback deletes. */
export interface RollbackItem {
  phaseId?: PhaseId;
  title: string;
  detail: string;
}

const PLURALS: Record<string, string> = {
  NetworkPolicy: 'NetworkPolicies',
  Ingress: 'Ingresses',
};
const plural = (kind: string) => PLURALS[kind] ?? `${kind}s`;

function listing(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * What a rollback of the tenant deletes, in the order the Tenant Service
 * deletes it: the objects of every phase that started in the newest run,
 * newest phase first, by kind (tenants-common's PHASE_OBJECT_KINDS, which the
 * rendering is tested against), with details from the spec; the Namespace
 * last. A tenant whose run never started lists only the Namespace (the
 * rollback still looks for anything with the tenant's label).
 */
export function rollbackPlan(tenant: TenantDetails): RollbackItem[] {
  const { spec, slug } = tenant;
  const started = new Set(
    (tenant.latestRun?.phases ?? [])
      .filter(p => p.status !== 'pending')
      .map(p => p.phaseId),
  );
  const items: RollbackItem[] = [];
  for (const phase of [...PROVISIONING_PHASES].reverse()) {
    const kinds = PHASE_OBJECT_KINDS[phase.id].filter(k => k !== 'Namespace');
    if (!started.has(phase.id) || kinds.length === 0) continue;
    let detail = listing(kinds.map(plural));
    if (phase.id === 'secrets') {
      const sources = spec.dataSources.length;
      detail = `Secrets: the platform credentials (PostgreSQL, Redis, Kafka, API keys)${
        sources
          ? ` and the connection${
              sources > 1 ? 's' : ''
            } of ${sources} data source${sources > 1 ? 's' : ''}`
          : ''
      }`;
    } else if (phase.id === 'data-infrastructure') {
      detail = `${detail} of PostgreSQL, Redis and Kafka, and their ${plural(
        DATA_STORE_CLAIM_KIND,
      )} (the tenant's data is lost)`;
    } else if (phase.id === 'data-plane') {
      const enabled = PLATFORM_MODULES.filter(m => spec.modules[m.id]).map(
        m => m.title,
      );
      detail = `${detail} of the enabled modules${
        enabled.length ? ` (${listing(enabled)})` : ''
      }`;
    } else if (phase.id === 'ingress') {
      detail = `${detail} (where the cluster serves them) for ${slug}`;
    }
    items.push({ phaseId: phase.id, title: phaseLabel(phase.id), detail });
  }
  items.push({
    title: 'Namespace',
    detail: `tenant-${slug}${
      tenant.cluster ? ` on cluster ${tenant.cluster}` : ''
    }, deleted last`,
  });
  return items;
}
