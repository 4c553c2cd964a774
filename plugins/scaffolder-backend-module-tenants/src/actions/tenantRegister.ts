import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ClusterRegistry } from '@tenant-platform/backstage-plugin-tenants-node';
import type { TenantServiceClient } from '../TenantServiceClient';
import { wizardSpecInput } from '../util/actionInputs';
import { parseTenantSpec } from '../util/parseTenantSpec';
import { examples } from './tenantRegister.examples';

/**
 * Reserves the tenant's slug and stores its spec in the Tenant Service, on
 * the cluster that serves the chosen provider and region. Its outputs identify
 * the run for every phase action after it.
 */
export function createRegisterTenantAction(deps: {
  clusters: ClusterRegistry;
  tenantService: TenantServiceClient;
}) {
  return createTemplateAction({
    id: 'tenant:register',
    description:
      'Registers a tenant in the Tenant Service (reserving its slug) and picks its cluster',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: wizardSpecInput,
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              'Cluster name; by default chosen from provider and region',
            ),
      },
      output: {
        tenantId: z => z.string().describe('Id of the registered tenant'),
        slug: z => z.string(),
        namespace: z => z.string().describe('Namespace of the tenant'),
        cluster: z =>
          z.string().describe('Cluster the tenant is provisioned on'),
        region: z => z.string().describe('Region the tenant is provisioned in'),
        spec: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The spec with its region resolved ("nearest" becomes the region picked): what the phase actions take',
            ),
      },
    },
    async handler(ctx) {
      const spec = parseTenantSpec(ctx.input.spec);
      const { cloudProvider, region: requested } = spec.infrastructure;
      // "nearest" resolves like the wizard's placement preview: the preferred
      // cluster, else the one with the lowest measured API round trip.
      const { cluster, region, nearest } = ctx.input.cluster
        ? deps.clusters.selectOn(ctx.input.cluster, cloudProvider, requested)
        : await deps.clusters.resolve(cloudProvider, requested);
      if (nearest) {
        ctx.logger.info(
          `Region "nearest" resolved to cluster ${cluster.name} (${region}): ${
            nearest.basis === 'preferred'
              ? 'the preferred cluster'
              : `lowest API round trip, ${Math.round(
                  nearest.roundTripMs ?? 0,
                )} ms`
          }`,
        );
      }
      const slug = spec.details.slug;
      const resolvedSpec = {
        ...spec,
        infrastructure: { ...spec.infrastructure, region },
      };
      const credentials = await ctx.getInitiatorCredentials();

      if (ctx.isDryRun) {
        const availability = await deps.tenantService.isSlugAvailable(
          credentials,
          slug,
        );
        if (!availability.available) {
          throw new InputError(
            availability.reason ?? `Slug '${slug}' is taken`,
          );
        }
        ctx.logger.info(
          `Dry run: tenant '${slug}' would be registered on cluster ${cluster.name} (${cloudProvider}/${region})`,
        );
        ctx.output('tenantId', 'dry-run');
      } else {
        const registered = await ctx.checkpoint({
          key: `tenant-register-${slug}`,
          fn: async () => {
            const result = await deps.tenantService.register(credentials, {
              spec: resolvedSpec,
              cluster: cluster.name,
              taskId: ctx.task.id,
            });
            return { tenantId: result.tenant.id, attempt: result.run.attempt };
          },
        });
        ctx.logger.info(
          `Registered tenant '${spec.details.name}' (${slug}, id ${registered.tenantId}) on cluster ${cluster.name} (${cloudProvider}/${region})`,
        );
        ctx.output('tenantId', registered.tenantId);
      }
      ctx.output('slug', slug);
      ctx.output('namespace', `tenant-${slug}`);
      ctx.output('cluster', cluster.name);
      ctx.output('region', region);
      ctx.output('spec', resolvedSpec);
    },
  });
}
