import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Register the validated spec',
    example: `
steps:
  - id: register
    name: Register tenant
    action: tenant:register
    input:
      spec: \${{ steps.validate.output.spec }}
`,
  },
];
