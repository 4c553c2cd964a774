import {
  PLATFORM_MODULES,
  type TenantSpecInput,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { labelOf } from '../labels';

/** One line of a summary step: a label and its value. */
export type Fact = [label: string, value: string];

/** A data source of a spec, as the wizard builds it or the Tenant Service stores it. */
export type SpecDataSource = NonNullable<
  TenantSpecInput['dataSources']
>[number];

/** What is shown in place of a data source's password. */
export const MASK = '••••••••';

/**
 * Whether a data source has a password. The spec only names the scaffolder
 * secret that holds it. With the wizard's secrets at hand, a named secret the
 * secrets no longer hold (after a page reload) is missing; without them (a
 * registered tenant) a named secret counts as set.
 */
export type PasswordState = 'set' | 'missing' | 'none';

export function passwordState(
  source: Pick<SpecDataSource, 'passwordSecret'>,
  secrets?: Record<string, string>,
): PasswordState {
  if (!source.passwordSecret) {
    return 'none';
  }
  return secrets && !secrets[source.passwordSecret] ? 'missing' : 'set';
}

const text = (value: unknown) =>
  value === undefined || value === null || value === '' ? '—' : String(value);
const yesNo = (value: unknown) => (value === true ? 'Yes' : 'No');

function regionText(region: string | undefined, nearestCluster?: string) {
  if (region === undefined || region === 'nearest') {
    return `Nearest${nearestCluster ? ` (cluster ${nearestCluster})` : ''}`;
  }
  return text(region);
}

/** What a spec summary says about where the tenant runs. */
export interface PlacementFacts {
  /** The cluster Nearest resolves to, shown with the region. */
  nearestCluster?: string;
  /** Where a registered tenant runs: a Cluster row of its own. */
  placement?: { cluster?: string };
}

/** The facts of steps 1, 2, 4 and 5 of the wizard, as a summary shows them. */
export function specFacts(
  spec: TenantSpecInput,
  options: PlacementFacts = {},
): Record<'details' | 'infrastructure' | 'modules' | 'security', Fact[]> {
  const { details, infrastructure, modules, security } = spec;
  const cidrs = security.allowedCidrs ?? [];
  const cluster: Fact[] = options.placement
    ? [['Cluster', text(options.placement.cluster)]]
    : [];
  return {
    details: [
      ['Tenant name', text(details.name)],
      ['Slug', text(details.slug)],
      ['Description', text(details.description)],
      ['Billing tier', labelOf('billingTier', details.billingTier)],
      ['Admin email', text(details.adminEmail)],
    ],
    infrastructure: [
      [
        'Cloud provider',
        labelOf('cloudProvider', infrastructure.cloudProvider),
      ],
      ['Region', regionText(infrastructure.region, options.nearestCluster)],
      ...cluster,
      ['Resource tier', labelOf('resourceTier', infrastructure.resourceTier)],
      ['Dedicated compute', yesNo(infrastructure.dedicatedCompute)],
      ['GPU enabled', yesNo(infrastructure.gpuEnabled)],
    ],
    modules: PLATFORM_MODULES.map(module => [
      module.title,
      modules?.[module.id] ?? module.defaultEnabled ? 'Enabled' : 'Disabled',
    ]),
    security: [
      ['Authentication method', labelOf('authMethod', security.authMethod)],
      ['MFA policy', labelOf('mfaPolicy', security.mfaPolicy)],
      [
        'Allowed network ranges',
        cidrs.length === 0 ? 'Open (no restriction)' : cidrs.join(', '),
      ],
    ],
  };
}

const PASSWORD_IN_A_LINE: Record<PasswordState, string> = {
  set: MASK,
  missing: 'missing: enter it again on the Data Sources step',
  none: 'none',
};

/** The data sources as one line each, named by the data source. */
export function dataSourceFacts(
  sources: SpecDataSource[],
  secrets?: Record<string, string>,
): Fact[] {
  if (sources.length === 0) {
    return [['Data sources', 'None']];
  }
  return sources.map(d => [
    text(d.name),
    `${labelOf('dataSourceType', d.type)} · ${d.host}:${d.port}/${
      d.database
    } · user ${d.user} · TLS ${labelOf('tlsMode', d.tlsMode)} · password ${
      PASSWORD_IN_A_LINE[passwordState(d, secrets)]
    }`,
  ]);
}
