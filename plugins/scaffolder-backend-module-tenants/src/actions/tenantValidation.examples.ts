import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Validate the provisioned tenant',
    example: `
steps:
  - id: validation
    name: Validate tenant health
    action: tenant:validation
    input:
      tenantId: \${{ steps.register.output.tenantId }}
      cluster: \${{ steps.register.output.cluster }}
      spec: \${{ steps.register.output.spec }}
`,
  },
];
