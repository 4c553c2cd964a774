import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import type { ApplyPhaseId } from '@tenant-platform/backstage-plugin-tenants-node';

/** The examples of the `tenant:<phaseId>` action: one step of the provisioning template. */
export function phaseActionExamples(phaseId: ApplyPhaseId): TemplateExample[] {
  return [
    {
      description: `Run the ${phaseId} phase for the registered tenant`,
      example: `
steps:
  - id: ${phaseId}
    name: Provision ${phaseId}
    action: tenant:${phaseId}
    input:
      tenantId: \${{ steps.register.output.tenantId }}
      cluster: \${{ steps.register.output.cluster }}
      spec: \${{ steps.register.output.spec }}
`,
    },
  ];
}
