import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the change request the Tenant Service started this task for',
    example: `
steps:
  - id: apply
    name: Apply the change
    action: tenant:apply-change
    input:
      changeRequestId: \${{ parameters.changeRequestId }}
`,
  },
];
