import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  billingPolicyViolations,
  DEFAULT_BILLING_POLICY,
  type BillingPolicy,
} from '@tenant-platform/backstage-plugin-tenants-common';
import { wizardSpecInput } from '../util/actionInputs';
import { parseTenantSpec } from '../util/parseTenantSpec';
import { examples } from './tenantValidate.examples';

/**
 * Validates the wizard's tenant specification against the shared schema and
 * the billing-tier policy (config `tenants.billingPolicy`, the same the
 * Tenant Service enforces) and outputs it normalized (defaults filled in), so
 * later steps and the task log work from one checked spec. Fails naming every
 * invalid field.
 */
export function createValidateTenantAction(
  deps: { billingPolicy?: BillingPolicy } = {},
) {
  const billingPolicy = deps.billingPolicy ?? DEFAULT_BILLING_POLICY;
  return createTemplateAction({
    id: 'tenant:validate',
    description:
      'Validates a tenant specification from the provisioning wizard and outputs it normalized',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: wizardSpecInput,
      },
      output: {
        slug: z => z.string().describe('The tenant slug'),
        spec: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The normalized tenant specification'),
      },
    },
    async handler(ctx) {
      let spec;
      try {
        spec = parseTenantSpec(ctx.input.spec);
        const violations = billingPolicyViolations(spec, billingPolicy);
        if (violations.length > 0) {
          throw new InputError(
            `Invalid tenant specification: ${violations
              .map(v => `${v.path.join('.')}: ${v.message}`)
              .join('; ')}`,
          );
        }
      } catch (error) {
        ctx.logger.error((error as Error).message);
        throw error;
      }
      ctx.logger.info(
        `Tenant '${spec.details.name}' (${spec.details.slug}): ${spec.details.billingTier} tier, ` +
          `${spec.infrastructure.resourceTier} resources on ${spec.infrastructure.cloudProvider}/${spec.infrastructure.region}, ` +
          `${spec.dataSources.length} data source(s)`,
      );
      ctx.output('slug', spec.details.slug);
      ctx.output('spec', spec);
    },
  });
}
